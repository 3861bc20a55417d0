//! The OTA agent as a FreeRTOS application, on the kernel's POSIX simulator port.
//!
//! Written the way firmware uses the C agent: the OS interface table is the
//! FreeRTOS port of `libota` (`OtaInitEvent_FreeRTOS` & co.), and the C types come
//! from the public headers (bindgen, with `tests/freertos/ota_config.h`).
//!
//! Tasks, highest priority first:
//! - the kernel's timer service task (6), which runs the agent's timer callbacks;
//! - `cloud` (4): the MQTT glue and a scripted AWS IoT. The agent's publishes
//!   reach it through a FreeRTOS queue. It answers `$next/get` with a job
//!   document and each GetStream request with data blocks, delivered with
//!   `OTA_SignalEvent` in buffers of a small application pool that the agent
//!   hands back through `OtaJobEventProcessed`. It drops one block once, so only
//!   the request timer can bring the download to an end;
//! - `ota-agent` (3): `OTA_Init`, the Start event, `OTA_EventProcessingTask`;
//! - `supervisor` (1): waits for the outcome (with a deadline), shuts the agent
//!   down, checks everything, prints a report and ends the process with the exit
//!   status: 0 when every check passed.
//!
//! The PAL keeps the image in memory. Results travel through atomics; only the
//! supervisor prints, after the other tasks are idle (see the simulator notes in
//! `ports/freertos/README.md`). Tasks never return.

// The C API's names (constants matched in patterns, symbols the agent links to).
#![allow(non_upper_case_globals)]

mod cbor;
mod rtos;

// The agent and its FreeRTOS port, reached through their C symbols only.
use ota as _;

#[allow(
    non_upper_case_globals,
    non_camel_case_types,
    non_snake_case,
    dead_code,
    unsafe_op_in_unsafe_fn,
    clippy::all
)]
mod sys {
    include!(concat!(env!("OUT_DIR"), "/ota_bindings.rs"));
}

use core::cell::UnsafeCell;
use core::ffi::{CStr, c_char, c_void};
use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicUsize, Ordering};

use sys::*;

// ---------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------

const THING: &CStr = c"freertos-sim-thing";
macro_rules! topic {
    ($rest:literal) => {
        concat!("$aws/things/freertos-sim-thing/", $rest)
    };
}
const TOPIC_NOTIFY_NEXT: &str = topic!("jobs/notify-next");
const TOPIC_NEXT_GET: &str = topic!("jobs/$next/get");
const TOPIC_STREAM_DATA: &str = topic!("streams/sim-stream/data/cbor");
const TOPIC_STREAM_GET: &str = topic!("streams/sim-stream/get/cbor");
const TOPIC_JOB_UPDATE: &str = topic!("jobs/AFR_OTA-sim-job-1/update");
const JOB_ID: &str = "AFR_OTA-sim-job-1";

const BLOCK: usize = 1 << otaconfigLOG2_FILE_BLOCK_SIZE;
/// Ten full blocks and a short last one.
const FILE_SIZE: usize = 10 * BLOCK + 300;
const BLOCKS: usize = FILE_SIZE.div_ceil(BLOCK);
const FILE_ID: u32 = 0;
/// The block the cloud drops the first time it is asked for it.
const DROPPED_BLOCK: usize = 3;
/// What the job's `sig-sha256-ecdsa` field holds, base64-decoded.
const SIGNATURE: &[u8] = b"signature-bytes";
/// `appFirmwareVersion`: 1.0.2.
const APP_VERSION: u32 = 0x0100_0002;

const JOB_DOCUMENT: &str = concat!(
    r#"{"clientToken":":freertos-sim-thing","timestamp":1700000000,"execution":{"#,
    r#""jobId":"AFR_OTA-sim-job-1","status":"QUEUED","queuedAt":1700000000,"#,
    r#""lastUpdatedAt":1700000000,"versionNumber":1,"executionNumber":1,"#,
    r#""jobDocument":{"afr_ota":{"protocols":["MQTT"],"streamname":"sim-stream","#,
    r#""files":[{"filepath":"/sim/firmware.bin","filesize":10540,"fileid":0,"#,
    r#""certfile":"/sim/signer.pem","sig-sha256-ecdsa":"c2lnbmF0dXJlLWJ5dGVz"}]}}}}"#
);
const _: () = assert!(FILE_SIZE == 10540);

const EXPECTED_FINAL_STATUS: &str =
    r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"ready","updatedBy":"0x01000002"}}"#;
const EXPECTED_FIRST_PROGRESS: &str =
    r#"{"status":"IN_PROGRESS","statusDetails":{"receive":"1/11"}}"#;

/// Byte `i` of the update image.
fn image_byte(i: usize) -> u8 {
    (i.wrapping_mul(131) ^ (i >> 9) ^ 0x5a) as u8
}

/// How long the update may take, in kernel milliseconds (it needs well under 2 s).
const DEADLINE_MS: u64 = 20_000;

// ---------------------------------------------------------------------------
// Shared state: atomics, and buffers with one writer at a time
// ---------------------------------------------------------------------------

/// A static buffer whose access is ordered by the atomics next to it.
struct Shared<T>(UnsafeCell<T>);
// SAFETY: every user documents which task writes and when readers may read.
unsafe impl<T> Sync for Shared<T> {}

macro_rules! counters {
    ($($name:ident),* $(,)?) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy)]
        enum C { $($name),* }
        const COUNTER_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}
counters!(
    JobRequests,
    JobDocumentsSent,
    StreamRequests,
    BadStreamRequests,
    BlocksSent,
    BlocksDropped,
    StatusUpdates,
    ProgressUpdates,
    OtherPublishes,
    PublishFailures,
    SubscribeNotifyNext,
    SubscribeStream,
    SubscribeOther,
    UnsubscribeNotifyNext,
    UnsubscribeStream,
    UnsubscribeOther,
    PoolTaken,
    PoolReleased,
    PoolBadRelease,
    PoolExhausted,
    SignalFailures,
    ActivateCallbacks,
    ActivateJobDocOk,
    ActivateNewImageOk,
    FailCallbacks,
    ReceivedJobCallbacks,
    OtherCallbacks,
    PalCreate,
    PalWrite,
    PalWriteErrors,
    PalClose,
    PalSignatureOk,
    PalAbort,
    PalActivate,
    PalReset,
    PalSetState,
    RequestTimerStarts,
    SelfTestTimerStarts,
    RequestTimerFired,
    SelfTestTimerFired,
    TimerFiredInServiceTask,
    RequestTimerBadTimeout,
);
static COUNTERS: [AtomicU32; COUNTER_NAMES.len()] =
    [const { AtomicU32::new(0) }; COUNTER_NAMES.len()];

fn bump(c: C) {
    COUNTERS[c as usize].fetch_add(1, Ordering::AcqRel);
}

fn count(c: C) -> u32 {
    COUNTERS[c as usize].load(Ordering::Acquire)
}

/// A status payload the cloud received, kept for the report.
struct Payload {
    len: AtomicUsize,
    bytes: Shared<[u8; 256]>,
}

impl Payload {
    const fn new() -> Payload {
        Payload {
            len: AtomicUsize::new(usize::MAX),
            bytes: Shared(UnsafeCell::new([0; 256])),
        }
    }

    /// Stores `p` once (cloud task only).
    fn set_once(&self, p: &[u8]) {
        if self.len.load(Ordering::Acquire) != usize::MAX {
            return;
        }
        let n = p.len().min(256);
        // SAFETY: only the cloud task writes, and only before publishing `len`.
        unsafe { (&mut *self.bytes.0.get())[..n].copy_from_slice(&p[..n]) };
        self.len.store(n, Ordering::Release);
    }

    fn get(&self) -> Option<String> {
        let n = self.len.load(Ordering::Acquire);
        if n == usize::MAX {
            return None;
        }
        // SAFETY: written once before `len` was published; never written again.
        let b = unsafe { &(&*self.bytes.0.get())[..n] };
        Some(String::from_utf8_lossy(b).into_owned())
    }
}

static FINAL_STATUS: Payload = Payload::new();
static FIRST_PROGRESS: Payload = Payload::new();
/// The agent task came back from `OTA_EventProcessingTask`.
static AGENT_RETURNED: AtomicBool = AtomicBool::new(false);
/// What `OTA_Init` returned (`u32::MAX` until called).
static INIT_RESULT: AtomicU32 = AtomicU32::new(u32::MAX);
/// Free FreeRTOS heap right before and right after `OTA_Init` (which creates
/// the event queue).
static HEAP_BEFORE_INIT: AtomicUsize = AtomicUsize::new(0);
static HEAP_AFTER_INIT: AtomicUsize = AtomicUsize::new(0);

// ---------------------------------------------------------------------------
// Event data pool (cloud task takes, agent task releases)
// ---------------------------------------------------------------------------

const POOL_SIZE: usize = otaconfigMAX_NUM_OTA_DATA_BUFFERS as usize;
// SAFETY (zeroed): a plain C struct of bytes, an integer and a bool.
static POOL: Shared<[OtaEventData_t; POOL_SIZE]> =
    Shared(UnsafeCell::new(unsafe { core::mem::zeroed() }));
static IN_USE: [AtomicBool; POOL_SIZE] = [const { AtomicBool::new(false) }; POOL_SIZE];

fn slot_ptr(i: usize) -> *mut OtaEventData_t {
    // SAFETY: `i < POOL_SIZE`; only a pointer is formed here.
    unsafe { POOL.0.get().cast::<OtaEventData_t>().add(i) }
}

/// Takes a free buffer, waiting up to a second for the agent to return one.
fn take_buffer() -> Option<usize> {
    for _ in 0..1000 {
        for (i, used) in IN_USE.iter().enumerate() {
            if used
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                bump(C::PoolTaken);
                return Some(i);
            }
        }
        rtos::delay_ms(1);
    }
    bump(C::PoolExhausted);
    None
}

fn release_buffer(p: *mut OtaEventData_t) {
    let Some(i) = (0..POOL_SIZE).find(|&i| slot_ptr(i) == p) else {
        bump(C::PoolBadRelease);
        return;
    };
    // SAFETY: the agent is done with the buffer; the flag is plain data.
    unsafe { (*p).bufferUsed = false };
    if IN_USE[i].swap(false, Ordering::AcqRel) {
        bump(C::PoolReleased);
    } else {
        bump(C::PoolBadRelease);
    }
}

fn buffers_in_use() -> usize {
    IN_USE.iter().filter(|u| u.load(Ordering::Acquire)).count()
}

/// Hands `bytes` to the agent as `event` in a pool buffer.
fn signal_with_data(event: OtaEvent_t, bytes: &[u8]) {
    let Some(i) = take_buffer() else { return };
    let p = slot_ptr(i);
    // SAFETY: the buffer is ours (IN_USE) until the agent releases it.
    unsafe {
        let d = &mut *p;
        d.data[..bytes.len()].copy_from_slice(bytes);
        d.dataLength = bytes.len() as u32;
        d.bufferUsed = true;
    }
    let msg = OtaEventMsg_t {
        pEventData: p,
        eventId: event,
    };
    // SAFETY: a valid message; the agent copies it.
    if !unsafe { OTA_SignalEvent(&msg) } {
        bump(C::SignalFailures);
        release_buffer(p);
    }
}

// ---------------------------------------------------------------------------
// MQTT glue: the agent's publishes go to the cloud task through a queue
// ---------------------------------------------------------------------------

#[repr(C)]
#[derive(Clone, Copy)]
struct Outgoing {
    topic_len: usize,
    payload_len: usize,
    topic: [u8; 128],
    payload: [u8; 512],
}

static OUTBOX: AtomicPtr<c_void> = AtomicPtr::new(ptr::null_mut());
const OUTBOX_DEPTH: u64 = 8;

/// # Safety
/// The agent passes `len` readable bytes.
unsafe fn bytes<'a>(p: *const c_char, len: usize) -> &'a [u8] {
    if p.is_null() {
        return &[];
    }
    // SAFETY: per the function contract.
    unsafe { core::slice::from_raw_parts(p.cast(), len) }
}

unsafe extern "C" fn mqtt_subscribe(topic: *const c_char, len: u16, _qos: u8) -> OtaMqttStatus_t {
    // SAFETY: the agent passes the topic and its length.
    match unsafe { bytes(topic, len.into()) } {
        t if t == TOPIC_NOTIFY_NEXT.as_bytes() => bump(C::SubscribeNotifyNext),
        t if t == TOPIC_STREAM_DATA.as_bytes() => bump(C::SubscribeStream),
        _ => bump(C::SubscribeOther),
    }
    OtaMqttSuccess
}

unsafe extern "C" fn mqtt_unsubscribe(topic: *const c_char, len: u16, _qos: u8) -> OtaMqttStatus_t {
    // SAFETY: the agent passes the topic and its length.
    match unsafe { bytes(topic, len.into()) } {
        t if t == TOPIC_NOTIFY_NEXT.as_bytes() => bump(C::UnsubscribeNotifyNext),
        t if t == TOPIC_STREAM_DATA.as_bytes() => bump(C::UnsubscribeStream),
        _ => bump(C::UnsubscribeOther),
    }
    OtaMqttSuccess
}

unsafe extern "C" fn mqtt_publish(
    topic: *const c_char,
    topic_len: u16,
    msg: *const c_char,
    msg_len: u32,
    _qos: u8,
) -> OtaMqttStatus_t {
    let mut out = Outgoing {
        topic_len: topic_len.into(),
        payload_len: msg_len as usize,
        topic: [0; 128],
        payload: [0; 512],
    };
    if out.topic_len > out.topic.len() || out.payload_len > out.payload.len() {
        bump(C::PublishFailures);
        return OtaMqttPublishFailed;
    }
    // SAFETY: the agent passes both buffers with their lengths.
    unsafe {
        out.topic[..out.topic_len].copy_from_slice(bytes(topic, out.topic_len));
        out.payload[..out.payload_len].copy_from_slice(bytes(msg, out.payload_len));
    }
    // SAFETY: the queue copies one `Outgoing`.
    let sent = unsafe {
        rtos::xQueueGenericSend(
            OUTBOX.load(Ordering::Acquire),
            (&raw const out).cast(),
            1000,
            0,
        )
    };
    if sent == rtos::PASS {
        OtaMqttSuccess
    } else {
        bump(C::PublishFailures);
        OtaMqttPublishFailed
    }
}

// ---------------------------------------------------------------------------
// The cloud
// ---------------------------------------------------------------------------

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn cloud_handle(m: &Outgoing) {
    let topic = &m.topic[..m.topic_len];
    let payload = &m.payload[..m.payload_len];
    if topic == TOPIC_NEXT_GET.as_bytes() {
        bump(C::JobRequests);
        if count(C::JobDocumentsSent) == 0 {
            bump(C::JobDocumentsSent);
            signal_with_data(OtaAgentEventReceivedJobDocument, JOB_DOCUMENT.as_bytes());
        }
    } else if topic == TOPIC_STREAM_GET.as_bytes() {
        bump(C::StreamRequests);
        serve_stream_request(payload);
    } else if topic == TOPIC_JOB_UPDATE.as_bytes() {
        bump(C::StatusUpdates);
        if find(payload, br#""receive""#) {
            bump(C::ProgressUpdates);
            FIRST_PROGRESS.set_once(payload);
        }
        if find(payload, br#""self_test":"ready""#) {
            FINAL_STATUS.set_once(payload);
        }
    } else {
        bump(C::OtherPublishes);
    }
}

fn serve_stream_request(payload: &[u8]) {
    let Some(req) = cbor::decode_request(payload) else {
        bump(C::BadStreamRequests);
        return;
    };
    if !req.client_ready
        || req.file != u64::from(FILE_ID)
        || req.block_size != BLOCK as u64
        || req.offset != 0
        || req.count != u64::from(otaconfigMAX_NUM_BLOCKS_REQUEST)
        || req.bitmap.len() != BLOCKS.div_ceil(8)
    {
        bump(C::BadStreamRequests);
        return;
    }
    // The service sends the first `n` blocks whose bit is set.
    let wanted = (0..BLOCKS)
        .filter(|&i| req.bitmap[i / 8] & (1 << (i % 8)) != 0)
        .take(req.count as usize);
    let mut image = [0u8; BLOCK];
    let mut msg = [0u8; BLOCK + 32];
    for i in wanted {
        if i == DROPPED_BLOCK && count(C::BlocksDropped) == 0 {
            bump(C::BlocksDropped);
            continue;
        }
        let len = BLOCK.min(FILE_SIZE - i * BLOCK);
        for (k, b) in image[..len].iter_mut().enumerate() {
            *b = image_byte(i * BLOCK + k);
        }
        let Some(n) = cbor::encode_block(&mut msg, FILE_ID, i as u32, &image[..len]) else {
            bump(C::BadStreamRequests);
            return;
        };
        bump(C::BlocksSent);
        signal_with_data(OtaAgentEventReceivedFileBlock, &msg[..n]);
    }
}

unsafe extern "C" fn cloud_task(_: *mut c_void) {
    let outbox = OUTBOX.load(Ordering::Acquire);
    loop {
        let mut m = Outgoing {
            topic_len: 0,
            payload_len: 0,
            topic: [0; 128],
            payload: [0; 512],
        };
        // SAFETY: the queue writes one `Outgoing` into `m`.
        if unsafe { rtos::xQueueReceive(outbox, (&raw mut m).cast(), 50) } == rtos::PASS {
            cloud_handle(&m);
        }
    }
}

// ---------------------------------------------------------------------------
// The PAL: the image in memory
// ---------------------------------------------------------------------------

const IMAGE_CAPACITY: usize = 16 * 1024;
/// Written by the agent task (writeBlock); read by the supervisor after the
/// agent returned.
static IMAGE: Shared<[u8; IMAGE_CAPACITY]> = Shared(UnsafeCell::new([0; IMAGE_CAPACITY]));
static IMAGE_END: AtomicUsize = AtomicUsize::new(0);

const PAL_OK: OtaPalStatus_t = OtaPalSuccess;

unsafe extern "C" fn pal_abort(_ctx: *mut OtaFileContext_t) -> OtaPalStatus_t {
    bump(C::PalAbort);
    PAL_OK
}

unsafe extern "C" fn pal_create_file(ctx: *mut OtaFileContext_t) -> OtaPalStatus_t {
    bump(C::PalCreate);
    // SAFETY: the agent passes its live file context.
    let ctx = unsafe { &mut *ctx };
    if ctx.fileSize as usize > IMAGE_CAPACITY {
        return OtaPalRxFileTooLarge << OTA_PAL_SUB_BITS;
    }
    // Any non-NULL handle will do: the PAL knows where its image lives.
    ctx.pFile = IMAGE.0.get().cast();
    PAL_OK
}

unsafe extern "C" fn pal_write_block(
    _ctx: *mut OtaFileContext_t,
    offset: u32,
    data: *mut u8,
    size: u32,
) -> i16 {
    bump(C::PalWrite);
    let (offset, size) = (offset as usize, size as usize);
    if data.is_null() || offset + size > IMAGE_CAPACITY {
        bump(C::PalWriteErrors);
        return -1;
    }
    // SAFETY: the agent passes `size` readable bytes; only this task writes IMAGE.
    unsafe {
        let src = core::slice::from_raw_parts(data, size);
        (&mut *IMAGE.0.get())[offset..offset + size].copy_from_slice(src);
    }
    IMAGE_END.fetch_max(offset + size, Ordering::AcqRel);
    size as i16
}

unsafe extern "C" fn pal_close_file(ctx: *mut OtaFileContext_t) -> OtaPalStatus_t {
    bump(C::PalClose);
    // SAFETY: the agent passes its live file context and signature.
    let ctx = unsafe { &mut *ctx };
    if let Some(sig) = unsafe { ctx.pSignature.as_ref() }
        && sig.data.get(..sig.size as usize) == Some(SIGNATURE)
    {
        bump(C::PalSignatureOk);
    }
    ctx.pFile = ptr::null_mut();
    PAL_OK
}

unsafe extern "C" fn pal_activate(_ctx: *mut OtaFileContext_t) -> OtaPalStatus_t {
    // A device would reset into the new image here.
    bump(C::PalActivate);
    PAL_OK
}

unsafe extern "C" fn pal_reset(_ctx: *mut OtaFileContext_t) -> OtaPalStatus_t {
    bump(C::PalReset);
    PAL_OK
}

unsafe extern "C" fn pal_set_state(
    _ctx: *mut OtaFileContext_t,
    _state: OtaImageState_t,
) -> OtaPalStatus_t {
    bump(C::PalSetState);
    PAL_OK
}

unsafe extern "C" fn pal_get_state(_ctx: *mut OtaFileContext_t) -> OtaPalImageState_t {
    OtaPalImageStateValid
}

// ---------------------------------------------------------------------------
// OS interface: the FreeRTOS port, with the timer start observed
// ---------------------------------------------------------------------------

/// The agent's timer callbacks, by timer id.
static AGENT_TIMER_CALLBACK: [AtomicUsize; 2] = [const { AtomicUsize::new(0) }; 2];

/// `OtaStartTimer_FreeRTOS`, recording the call and interposing
/// [`timer_expired`] so the test sees where and how often the timers fire.
unsafe extern "C" fn start_timer(
    id: OtaTimerId_t,
    name: *const c_char,
    timeout: u32,
    callback: OtaTimerCallback_t,
) -> OtaOsStatus_t {
    match id {
        OtaRequestTimer => {
            bump(C::RequestTimerStarts);
            if timeout != otaconfigFILE_REQUEST_WAIT_MS {
                bump(C::RequestTimerBadTimeout);
            }
        }
        OtaSelfTestTimer => bump(C::SelfTestTimerStarts),
        _ => {}
    }
    if let (Some(slot), Some(cb)) = (AGENT_TIMER_CALLBACK.get(id as usize), callback) {
        slot.store(cb as usize, Ordering::Release);
    }
    // SAFETY: forwarding the agent's arguments to the port.
    unsafe { OtaStartTimer_FreeRTOS(id, name, timeout, Some(timer_expired)) }
}

/// Called by the port when a timer expires; forwards to the agent.
unsafe extern "C" fn timer_expired(id: OtaTimerId_t) {
    match id {
        OtaRequestTimer => bump(C::RequestTimerFired),
        OtaSelfTestTimer => bump(C::SelfTestTimerFired),
        _ => {}
    }
    // SAFETY: the kernel returns the running task's NUL-terminated name.
    let name = unsafe { CStr::from_ptr(rtos::pcTaskGetName(ptr::null_mut())) };
    if name == c"Tmr Svc" {
        bump(C::TimerFiredInServiceTask);
    }
    let cb = AGENT_TIMER_CALLBACK
        .get(id as usize)
        .map_or(0, |c| c.load(Ordering::Acquire));
    if cb != 0 {
        // SAFETY: stored from the agent's non-NULL `OtaTimerCallback_t`.
        let cb: unsafe extern "C" fn(OtaTimerId_t) = unsafe { core::mem::transmute(cb) };
        // SAFETY: the agent's callback, with the id it started.
        unsafe { cb(id) }
    }
}

/// The interface table: the agent keeps a pointer to it.
struct Interfaces(OtaInterfaces_t);
// SAFETY: immutable after construction; the only pointer in it is NULL.
unsafe impl Sync for Interfaces {}

static INTERFACES: Interfaces = Interfaces(OtaInterfaces_t {
    os: OtaOSInterface_t {
        event: OtaEventInterface_t {
            init: Some(OtaInitEvent_FreeRTOS),
            send: Some(OtaSendEvent_FreeRTOS),
            recv: Some(OtaReceiveEvent_FreeRTOS),
            deinit: Some(OtaDeinitEvent_FreeRTOS),
            pEventContext: ptr::null_mut(),
        },
        timer: OtaTimerInterface_t {
            start: Some(start_timer),
            stop: Some(OtaStopTimer_FreeRTOS),
            delete: Some(OtaDeleteTimer_FreeRTOS),
        },
        mem: OtaMallocInterface_t {
            malloc: Some(Malloc_FreeRTOS),
            free: Some(Free_FreeRTOS),
        },
    },
    mqtt: OtaMqttInterface_t {
        subscribe: Some(mqtt_subscribe),
        unsubscribe: Some(mqtt_unsubscribe),
        publish: Some(mqtt_publish),
    },
    http: OtaHttpInterface_t {
        init: None,
        request: None,
        deinit: None,
    },
    pal: OtaPalInterface_t {
        abort: Some(pal_abort),
        createFile: Some(pal_create_file),
        closeFile: Some(pal_close_file),
        writeBlock: Some(pal_write_block),
        activate: Some(pal_activate),
        reset: Some(pal_reset),
        setPlatformImageState: Some(pal_set_state),
        getPlatformImageState: Some(pal_get_state),
    },
});

/// Symbols the application and the PAL define for the agent.
#[unsafe(no_mangle)]
static appFirmwareVersion: u32 = APP_VERSION;
#[unsafe(no_mangle)]
static OTA_JsonFileSignatureKey: [u8; 32] = *b"sig-sha256-ecdsa\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

// ---------------------------------------------------------------------------
// The agent task and the application callback
// ---------------------------------------------------------------------------

unsafe extern "C" fn app_callback(event: OtaJobEvent_t, data: *mut c_void) {
    match event {
        OtaJobEventProcessed => release_buffer(data.cast()),
        OtaJobEventActivate => {
            bump(C::ActivateCallbacks);
            // SAFETY: for Activate the agent passes its OtaJobDocument_t.
            if let Some(doc) = unsafe { data.cast::<OtaJobDocument_t>().as_ref() } {
                // SAFETY: pJobId holds jobIdLength bytes (the name and its NUL).
                let id = unsafe { bytes(doc.pJobId.cast(), doc.jobIdLength) };
                if id.strip_suffix(b"\0") == Some(JOB_ID.as_bytes())
                    && doc.status == JobStatusInProgress
                    && doc.reason == JobReasonSigCheckPassed as i32
                {
                    bump(C::ActivateJobDocOk);
                }
            }
            // As an application does: reboot into the new image (the PAL only
            // records it here).
            // SAFETY: plain API call from the agent's callback.
            if unsafe { OTA_ActivateNewImage() } == OtaErrNone {
                bump(C::ActivateNewImageOk);
            }
        }
        OtaJobEventFail => bump(C::FailCallbacks),
        OtaJobEventReceivedJob => bump(C::ReceivedJobCallbacks),
        _ => bump(C::OtherCallbacks),
    }
}

unsafe extern "C" fn agent_task(_: *mut c_void) {
    // SAFETY: plain kernel call.
    HEAP_BEFORE_INIT.store(unsafe { rtos::xPortGetFreeHeapSize() }, Ordering::Release);
    // SAFETY: static interface table and buffers; sizes from the same headers.
    let err = unsafe {
        OTA_InitWithConfigCheck(
            &OtaAppBuffer_t {
                pUpdateFilePath: ptr::null_mut(),
                updateFilePathsize: 0,
                pCertFilePath: ptr::null_mut(),
                certFilePathSize: 0,
                pStreamName: ptr::null_mut(),
                streamNameSize: 0,
                pDecodeMemory: ptr::null_mut(),
                decodeMemorySize: 0,
                pFileBitmap: ptr::null_mut(),
                fileBitmapSize: 0,
                pUrl: ptr::null_mut(),
                urlSize: 0,
                pAuthScheme: ptr::null_mut(),
                authSchemeSize: 0,
            },
            &INTERFACES.0,
            THING.as_ptr().cast(),
            Some(app_callback),
            otaconfigLOG2_FILE_BLOCK_SIZE,
            otaconfigMAX_THINGNAME_LEN,
            OTA_MAX_BLOCK_BITMAP_SIZE,
            size_of::<OtaEventData_t>() as u32,
            size_of::<OtaJobDocument_t>() as u32,
            size_of::<OtaFileContext_t>() as u32,
        )
    };
    INIT_RESULT.store(err, Ordering::Release);
    // SAFETY: plain kernel call.
    HEAP_AFTER_INIT.store(unsafe { rtos::xPortGetFreeHeapSize() }, Ordering::Release);
    if err == OtaErrNone {
        let start = OtaEventMsg_t {
            pEventData: ptr::null_mut(),
            eventId: OtaAgentEventStart,
        };
        // SAFETY: a valid message; the agent copies it.
        if unsafe { OTA_SignalEvent(&start) } {
            // SAFETY: the agent's event loop; returns once the agent stopped.
            unsafe { OTA_EventProcessingTask(ptr::null()) };
        }
    }
    AGENT_RETURNED.store(true, Ordering::Release);
    rtos::park()
}

// ---------------------------------------------------------------------------
// The supervisor: outcome, shutdown, checks, report, exit status
// ---------------------------------------------------------------------------

/// Waits until `done()` or until the kernel clock passes `until_ms`.
fn wait_for(until_ms: u64, done: impl Fn() -> bool) -> bool {
    while !done() {
        if rtos::now_ms() >= until_ms {
            return done();
        }
        rtos::delay_ms(10);
    }
    true
}

struct Checks {
    failed: Vec<String>,
    passed: usize,
}

impl Checks {
    fn check(&mut self, ok: bool, what: impl Into<String>) {
        if ok {
            self.passed += 1;
        } else {
            self.failed.push(what.into());
        }
    }
}

unsafe extern "C" fn supervisor_task(_: *mut c_void) {
    let start = rtos::now_ms();
    let finished = wait_for(start + DEADLINE_MS, || {
        (FINAL_STATUS.get().is_some() && count(C::ActivateCallbacks) > 0)
            || count(C::FailCallbacks) > 0
            || AGENT_RETURNED.load(Ordering::Acquire)
    });
    let update_ms = rtos::now_ms() - start;
    let mut stats = OtaAgentStatistics_t {
        otaPacketsReceived: 0,
        otaPacketsQueued: 0,
        otaPacketsProcessed: 0,
        otaPacketsDropped: 0,
    };
    // SAFETY: a writable statistics struct.
    let stats_err = unsafe { OTA_GetStatistics(&mut stats) };

    // SAFETY: plain API calls.
    unsafe { OTA_Shutdown(0, 1) };
    let stopped = wait_for(rtos::now_ms() + 5000, || {
        AGENT_RETURNED.load(Ordering::Acquire) && unsafe { OTA_GetState() } == OtaAgentStateStopped
    });
    // Timer deletions are carried out by the timer service task.
    rtos::delay_ms(50);
    // SAFETY: plain kernel call.
    let heap_after = unsafe { rtos::xPortGetFreeHeapSize() };
    let heap_after_init = HEAP_AFTER_INIT.load(Ordering::Acquire);

    let mut c = Checks {
        failed: Vec::new(),
        passed: 0,
    };
    c.check(
        INIT_RESULT.load(Ordering::Acquire) == OtaErrNone,
        format!("OTA_Init returned {}", INIT_RESULT.load(Ordering::Acquire)),
    );
    c.check(finished, format!("no outcome within {DEADLINE_MS} ms"));
    let final_status = FINAL_STATUS.get();
    c.check(
        final_status.as_deref() == Some(EXPECTED_FINAL_STATUS),
        format!("final job status: expected {EXPECTED_FINAL_STATUS}, got {final_status:?}"),
    );
    let first_progress = FIRST_PROGRESS.get();
    c.check(
        first_progress.as_deref() == Some(EXPECTED_FIRST_PROGRESS),
        format!("first progress: expected {EXPECTED_FIRST_PROGRESS}, got {first_progress:?}"),
    );
    c.check(
        count(C::ActivateCallbacks) == 1
            && count(C::ActivateJobDocOk) == 1
            && count(C::ActivateNewImageOk) == 1
            && count(C::PalActivate) == 1,
        "one Activate callback with the job's document, then OTA_ActivateNewImage",
    );
    c.check(count(C::FailCallbacks) == 0, "no Fail callback");
    c.check(count(C::PalReset) == 0, "no PAL reset");

    // The agent is stopped: nothing writes the image any more.
    let end = IMAGE_END.load(Ordering::Acquire);
    // SAFETY: the agent task, the only writer, has returned.
    let image = unsafe { &(&*IMAGE.0.get())[..end.min(IMAGE_CAPACITY)] };
    let mismatch = image
        .iter()
        .enumerate()
        .position(|(i, &b)| b != image_byte(i));
    c.check(
        end == FILE_SIZE && mismatch.is_none(),
        format!("stored image: {end} bytes of {FILE_SIZE}, first wrong byte at {mismatch:?}"),
    );
    c.check(
        count(C::PalCreate) == 1 && count(C::PalClose) == 1 && count(C::PalWriteErrors) == 0,
        "PAL: one file created and closed, no write error",
    );
    c.check(
        count(C::PalSignatureOk) == 1,
        "PAL closeFile saw the job's signature",
    );

    c.check(count(C::BlocksDropped) == 1, "the cloud dropped one block");
    c.check(
        count(C::RequestTimerFired) >= 1,
        "the request timer fired (the dropped block was requested again)",
    );
    c.check(
        count(C::TimerFiredInServiceTask)
            == count(C::RequestTimerFired) + count(C::SelfTestTimerFired),
        "every timer callback ran in the timer service task",
    );
    c.check(
        count(C::RequestTimerBadTimeout) == 0,
        "the request timer was started with otaconfigFILE_REQUEST_WAIT_MS",
    );
    c.check(
        count(C::BadStreamRequests) == 0,
        "every GetStream request was well formed",
    );
    c.check(
        count(C::SubscribeNotifyNext) >= 1 && count(C::SubscribeStream) == 1,
        "subscribed to notify-next and to the stream",
    );
    c.check(
        stats_err == OtaErrNone
            && stats.otaPacketsProcessed == BLOCKS as u32
            && stats.otaPacketsDropped == 0,
        format!(
            "statistics: processed {} (expected {BLOCKS}), dropped {}",
            stats.otaPacketsProcessed, stats.otaPacketsDropped
        ),
    );

    c.check(
        stopped,
        "the agent stopped and OTA_EventProcessingTask returned",
    );
    c.check(
        buffers_in_use() == 0
            && count(C::PoolTaken) == count(C::PoolReleased)
            && count(C::PoolBadRelease) == 0
            && count(C::PoolExhausted) == 0,
        format!(
            "event buffers: {} taken, {} released, {} still in use, {} bad releases",
            count(C::PoolTaken),
            count(C::PoolReleased),
            buffers_in_use(),
            count(C::PoolBadRelease)
        ),
    );
    c.check(
        count(C::SignalFailures) == 0 && count(C::PublishFailures) == 0,
        "no failed OTA_SignalEvent or publish",
    );
    c.check(
        heap_after == heap_after_init,
        format!(
            "FreeRTOS heap after shutdown: {heap_after} bytes free, {heap_after_init} after OTA_Init"
        ),
    );

    // The agent never deletes its queue; an application may, once it stopped.
    // SAFETY: nothing uses the queue any more; the message is a valid one.
    let (deinit, send_after) = unsafe {
        let deinit = OtaDeinitEvent_FreeRTOS(ptr::null_mut());
        let msg = OtaEventMsg_t {
            pEventData: ptr::null_mut(),
            eventId: OtaAgentEventStart,
        };
        let sent = OtaSendEvent_FreeRTOS(ptr::null_mut(), (&raw const msg).cast(), 0);
        (deinit, sent)
    };
    // SAFETY: plain kernel call.
    let heap_final = unsafe { rtos::xPortGetFreeHeapSize() };
    let heap_before_init = HEAP_BEFORE_INIT.load(Ordering::Acquire);
    c.check(
        deinit == OtaOsSuccess && send_after == OtaOsEventQueueSendFailed,
        format!("queue deinit: {deinit:#x}, send afterwards: {send_after:#x}"),
    );
    c.check(
        heap_final == heap_before_init,
        format!(
            "FreeRTOS heap after deinit: {heap_final} bytes free, {heap_before_init} before OTA_Init"
        ),
    );

    println!("freertos_sim: update took {update_ms} kernel ms");
    for (name, v) in COUNTER_NAMES.iter().zip(&COUNTERS) {
        println!("freertos_sim:   {name} = {}", v.load(Ordering::Acquire));
    }
    for f in &c.failed {
        println!("freertos_sim: FAILED: {f}");
    }
    println!(
        "freertos_sim: {} passed, {} failed",
        c.passed,
        c.failed.len()
    );
    std::process::exit(if c.failed.is_empty() { 0 } else { 1 })
}

// ---------------------------------------------------------------------------

fn spawn(entry: rtos::TaskFunction, name: &CStr, priority: u64) {
    // SAFETY: a static entry point and name; no parameter.
    let ok = unsafe {
        rtos::xTaskCreate(
            entry,
            name.as_ptr(),
            otaconfigSTACK_SIZE.into(),
            ptr::null_mut(),
            priority,
            ptr::null_mut(),
        )
    };
    assert_eq!(ok, rtos::PASS, "creating task {name:?}");
}

fn main() {
    // SAFETY: plain kernel call before the scheduler starts.
    let outbox =
        unsafe { rtos::xQueueGenericCreate(OUTBOX_DEPTH, size_of::<Outgoing>() as u64, 0) };
    assert!(!outbox.is_null(), "creating the outbox queue");
    OUTBOX.store(outbox, Ordering::Release);

    spawn(cloud_task, c"cloud", 4);
    spawn(agent_task, c"ota-agent", otaconfigAGENT_PRIORITY.into());
    spawn(supervisor_task, c"supervisor", 1);
    // SAFETY: tasks end the process; the scheduler only returns on failure.
    unsafe { rtos::vTaskStartScheduler() };
    eprintln!("freertos_sim: the scheduler returned");
    std::process::exit(2);
}
