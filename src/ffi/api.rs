//! The exported functions of `ota.h`, with the C agent's semantics. Each one checks
//! its pointers, converts to safe types, calls the agent, converts back, and never
//! lets a panic cross into C (see [`guard`]).

use core::ffi::c_void;
use core::ptr;
use core::sync::atomic::Ordering;

use super::types::*;
use super::*;
use crate::agent::{AppBuffers, Callback, Error, JobEvent, Outbox};
use crate::config;
use crate::port::{Event, ImageState, Os, Pal, PalImageState, Timer};

/// Runs `f`; if it panics (only possible through a bug, never through input),
/// returns `default` instead of unwinding into C. The agent lock, if this context
/// held it, is released by `with_agent`'s drop guard during the unwind.
pub(crate) fn guard<R>(default: R, f: impl FnOnce() -> R) -> R {
    #[cfg(ota_std)]
    {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(r) => r,
            Err(_) => default,
        }
    }
    #[cfg(not(ota_std))]
    {
        let _ = default;
        f()
    }
}

/// Value returned by functions that report `OtaErr_t` when a panic was caught.
const ERR_PANIC: OtaErr_t = OtaErr_t(Error::Panic as u8 as CEnumU);

fn err(r: Result<(), Error>) -> OtaErr_t {
    OtaErr_t(match r {
        Ok(()) => 0,
        Err(e) => e as u8 as CEnumU,
    })
}

fn c_state() -> OtaState_t {
    OtaState_t(STATE.load(Ordering::Acquire) as CEnumI)
}

/// Borrows an application buffer for the agent's lifetime (`None` if absent).
///
/// # Safety
/// `p` must be NULL or point to `len` writable bytes that outlive the agent.
unsafe fn lent(p: *mut u8, len: usize) -> Option<&'static mut [u8]> {
    if p.is_null() || len == 0 {
        None
    } else {
        // SAFETY: per the function contract (the C agent's `OTA_Init` contract).
        Some(unsafe { core::slice::from_raw_parts_mut(p, len) })
    }
}

/// Names of the entries `missing_entry` checks, in its order.
const REQUIRED_NAMES: &[u8] = b"os.event.init\0os.event.send\0os.event.recv\0\
        os.timer.start\0os.timer.stop\0os.timer.delete\0os.mem.malloc\0os.mem.free\0\
        mqtt.subscribe\0mqtt.unsubscribe\0mqtt.publish\0pal.abort\0pal.createFile\0\
        pal.closeFile\0pal.writeBlock\0pal.setPlatformImageState\0\
        pal.getPlatformImageState\0http.init\0http.request\0http.deinit\0";

/// Index of the first required entry missing from the interface tables.
fn missing_entry(i: &OtaInterfaces_t) -> Option<usize> {
    use core::mem::offset_of;
    // Offsets of the required entries, in the order of `REQUIRED_NAMES`: a table
    // of offsets is a fraction of the code that one check per field takes.
    const OFFSETS: [usize; 20] = [
        offset_of!(OtaInterfaces_t, os.event.init),
        offset_of!(OtaInterfaces_t, os.event.send),
        offset_of!(OtaInterfaces_t, os.event.recv),
        offset_of!(OtaInterfaces_t, os.timer.start),
        offset_of!(OtaInterfaces_t, os.timer.stop),
        offset_of!(OtaInterfaces_t, os.timer.delete),
        offset_of!(OtaInterfaces_t, os.mem.malloc),
        offset_of!(OtaInterfaces_t, os.mem.free),
        offset_of!(OtaInterfaces_t, mqtt.subscribe),
        offset_of!(OtaInterfaces_t, mqtt.unsubscribe),
        offset_of!(OtaInterfaces_t, mqtt.publish),
        offset_of!(OtaInterfaces_t, pal.abort),
        offset_of!(OtaInterfaces_t, pal.createFile),
        offset_of!(OtaInterfaces_t, pal.closeFile),
        offset_of!(OtaInterfaces_t, pal.writeBlock),
        offset_of!(OtaInterfaces_t, pal.setPlatformImageState),
        offset_of!(OtaInterfaces_t, pal.getPlatformImageState),
        // Required only when HTTP is enabled.
        offset_of!(OtaInterfaces_t, http.init),
        offset_of!(OtaInterfaces_t, http.request),
        offset_of!(OtaInterfaces_t, http.deinit),
    ];
    // One byte each: the whole table is well under 256 bytes on every target.
    const REQUIRED: [u8; 20] = {
        let mut out = [0u8; 20];
        let mut k = 0;
        while k < OFFSETS.len() {
            assert!(OFFSETS[k] < 256);
            out[k] = OFFSETS[k] as u8;
            k += 1;
        }
        out
    };
    let http = config::ENABLED_DATA_PROTOCOLS & config::DATA_OVER_HTTP != 0;
    let count = if http {
        REQUIRED.len()
    } else {
        REQUIRED.len() - 3
    };
    let base = (i as *const OtaInterfaces_t).cast::<u8>();
    REQUIRED.iter().take(count).position(|&off| {
        // SAFETY: `off` is the offset of an `Option<fn>` field of `*i`; `None` is
        // the null pointer.
        unsafe { base.add(usize::from(off)).cast::<usize>().read() == 0 }
    })
}

/// The name of the `n`th entry [`missing_entry`] checks (for the log line only).
fn required_name(n: usize) -> &'static [u8] {
    REQUIRED_NAMES.split(|&c| c == 0).nth(n).unwrap_or(&[])
}

/// Initialises the agent (`OTA_Init`). See `ota.h`.
///
/// # Safety
/// Pointers must be NULL or valid as `ota.h` describes: `pOtaInterfaces` and the
/// application buffers must outlive the agent; `pThingName` is a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_Init(
    pOtaBuffer: *const OtaAppBuffer_t,
    pOtaInterfaces: *const OtaInterfaces_t,
    pThingName: *const u8,
    OtaAppCallback: OtaAppCallback_t,
) -> OtaErr_t {
    // SAFETY: forwarded contract.
    guard(ERR_PANIC, || unsafe {
        init(pOtaBuffer, pOtaInterfaces, pThingName, OtaAppCallback)
    })
}

unsafe fn init(
    buffers: *const OtaAppBuffer_t,
    ifaces: *const OtaInterfaces_t,
    thing: *const u8,
    callback: OtaAppCallback_t,
) -> OtaErr_t {
    if !state_is(crate::agent::State::Stopped) {
        STATS.reset();
        return err(Ok(()));
    }
    if ifaces.is_null() {
        ota_log!(Error, c"OTA_Init: pOtaInterfaces is NULL.");
        return err(Err(Error::InvalidArg));
    }
    // SAFETY: non-NULL, valid per contract.
    let table = unsafe { &*ifaces };
    if let Some(n) = missing_entry(table) {
        ota_log_str!(
            Error,
            c"OTA_Init: interface entry %.*s is NULL.",
            required_name(n)
        );
        return err(Err(Error::InvalidArg));
    }
    IFACES.store(ifaces.cast_mut(), Ordering::Release);
    CALLBACK.store(callback.map_or(0, |f| f as usize), Ordering::Relaxed);
    STATS.reset();

    drain_or_init_events(table);

    if thing.is_null() {
        ota_log!(Error, c"OTA_Init: the thing name is NULL.");
        return err(Err(Error::Uninitialized));
    }
    // SAFETY: `thing` is a C string; read at most one byte past the limit.
    let name = unsafe { c_prefix(thing, config::MAX_THINGNAME_LEN as usize + 1) };
    let mut app = AppBuffers::default();
    if !buffers.is_null() {
        // SAFETY: non-NULL; the buffers outlive the agent per contract.
        unsafe {
            let b = &*buffers;
            app.file_path = lent(b.pUpdateFilePath, b.updateFilePathsize.into());
            app.cert_file_path = lent(b.pCertFilePath, b.certFilePathSize.into());
            app.stream_name = lent(b.pStreamName, b.streamNameSize.into());
            app.file_bitmap = lent(b.pFileBitmap, b.fileBitmapSize.into());
            app.url = lent(b.pUrl, b.urlSize.into());
            app.auth_scheme = lent(b.pAuthScheme, b.authSchemeSize.into());
        }
    }
    if GLOBAL
        .busy
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        return err(Err(Error::Uninitialized));
    }
    // SAFETY: holding `busy`. The agent is built straight into its static home
    // (no copy of it on the stack), and the C file context is all NULLs and
    // zeros, which `write_bytes` gives it in one call.
    let made = unsafe {
        let made = Agent::init_in(&mut *GLOBAL.agent.get(), name, app, &STATS).map(|_| ());
        if made.is_ok() {
            GLOBAL.present.store(true, Ordering::Relaxed);
            ptr::write_bytes(GLOBAL.file.get(), 0, 1);
        }
        made
    };
    GLOBAL.busy.store(false, Ordering::Release);
    if let Err(e) = made {
        ota_log!(
            Error,
            c"OTA_Init: the thing name must be 1 to %u characters.",
            config::MAX_THINGNAME_LEN
        );
        return err(Err(e));
    }
    IMAGE.store(0, Ordering::Relaxed);
    UNSUBSCRIBE_ON_SHUTDOWN.store(true, Ordering::Relaxed);
    set_state(crate::agent::State::Init);
    ota_log!(Info, c"OTA agent initialised.");
    err(Ok(()))
}

/// First init creates the queue; later ones drop what was queued after the last
/// shutdown, handing event buffers back to the application.
fn drain_or_init_events(table: &OtaInterfaces_t) {
    if !EVENTS_INITED.swap(true, Ordering::AcqRel) {
        if let Some(f) = table.os.event.init {
            // SAFETY: plain call into the OS port, with the C agent's NULL context.
            unsafe { f(ptr::null_mut()) };
        }
        return;
    }
    let Some(recv) = table.os.event.recv else {
        return;
    };
    for _ in 0..1024 {
        let mut msg = OtaEventMsg_t {
            pEventData: ptr::null_mut(),
            eventId: OtaEvent_t(0),
        };
        // SAFETY: the port writes one `OtaEventMsg_t` into `msg`.
        if unsafe { recv(ptr::null_mut(), (&raw mut msg).cast(), 0) }.0 as u32 != 0 {
            break;
        }
        ota_log!(Warn, c"Event %u dropped at init.", msg.eventId.code());
        let id = msg.eventId.code();
        if id == Event::ReceivedFileBlock as u32 {
            STATS.dropped();
        }
        if id == Event::ReceivedFileBlock as u32 || id == Event::ReceivedJobDocument as u32 {
            call_app(
                OtaJobEvent_t(JobEvent::Processed as u8 as CEnumU),
                msg.pEventData.cast(),
            );
        }
    }
}

/// Bytes of the C string at `p`, reading at most `max` bytes.
///
/// # Safety
/// `p` must be a C string or have `max` readable bytes.
unsafe fn c_prefix(p: *const u8, max: usize) -> &'static [u8] {
    let mut n = 0;
    // SAFETY: stops at the terminator or at `max`.
    while n < max && unsafe { *p.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: the `n` bytes were just read.
    unsafe { core::slice::from_raw_parts(p, n) }
}

/// `OTA_Init` with the caller's view of the configuration, so a library built
/// with another `ota_config.h` is refused instead of corrupting memory. `ota.h`
/// routes `OTA_Init` calls here unless `OTA_NO_INIT_CONFIG_CHECK` is defined.
///
/// # Safety
/// As [`OTA_Init`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn OTA_InitWithConfigCheck(
    pOtaBuffer: *const OtaAppBuffer_t,
    pOtaInterfaces: *const OtaInterfaces_t,
    pThingName: *const u8,
    OtaAppCallback: OtaAppCallback_t,
    log2FileBlockSize: u32,
    maxThingNameLen: u32,
    maxBlockBitmapSize: u32,
    sizeofEventData: u32,
    sizeofJobDocument: u32,
    sizeofFileContext: u32,
) -> OtaErr_t {
    // Names are read only by the log line, so they stay out of flash when the
    // Error level is compiled out.
    const NAMES: [&core::ffi::CStr; 6] = [
        c"otaconfigLOG2_FILE_BLOCK_SIZE",
        c"otaconfigMAX_THINGNAME_LEN",
        c"otaconfigMAX_BLOCK_BITMAP_SIZE",
        c"sizeof(OtaEventData_t)",
        c"sizeof(OtaJobDocument_t) (enum size: -fshort-enums?)",
        c"sizeof(OtaFileContext_t)",
    ];
    let app = [
        log2FileBlockSize,
        maxThingNameLen,
        maxBlockBitmapSize,
        sizeofEventData,
        sizeofJobDocument,
        sizeofFileContext,
    ];
    let lib = [
        config::LOG2_FILE_BLOCK_SIZE,
        config::MAX_THINGNAME_LEN,
        config::MAX_BLOCK_BITMAP_SIZE,
        core::mem::size_of::<OtaEventData_t>() as u32,
        core::mem::size_of::<OtaJobDocument_t>() as u32,
        core::mem::size_of::<OtaFileContext_t>() as u32,
    ];
    if let Some(k) = app.iter().zip(lib.iter()).position(|(a, l)| a != l) {
        ota_log_str!(
            Error,
            c"OTA_Init refused: %.*s differs between the application and libota.a (library value %u); rebuild libota.a with the application's ota_config.h (OTA_CONFIG_DIR).",
            NAMES.get(k).map_or(&[][..], |n| n.to_bytes()),
            lib.get(k).copied().unwrap_or(0)
        );
        ota_log!(
            Error,
            c"OTA_Init refused: the application's value is %u.",
            app.get(k).copied().unwrap_or(0)
        );
        return err(Err(Error::InvalidArg));
    }
    // SAFETY: forwarded contract.
    unsafe { OTA_Init(pOtaBuffer, pOtaInterfaces, pThingName, OtaAppCallback) }
}

// The two statics below are plain values that publish no other memory, so
// their loads and stores are `Relaxed` (no barrier instructions): the agent
// task reads the flag only after the Shutdown event, and the event queue
// already orders it after the store.

/// `unsubscribeFlag` of the last `OTA_Shutdown`.
static UNSUBSCRIBE_ON_SHUTDOWN: core::sync::atomic::AtomicBool =
    core::sync::atomic::AtomicBool::new(true);

/// Last image state set by the agent, mirrored for `OTA_GetImageState`.
static IMAGE: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);

/// What an API call asks of the agent, for [`run`].
#[derive(Clone, Copy)]
enum ApiOp {
    /// `OTA_SetImageState` with `Accepted`, `Rejected` or `Aborted`.
    SetImageState(ImageState),
    /// Leave `Init` for `Ready` (the agent task's first step).
    Ready,
    /// The application's answer to `OtaJobEventParseCustomJob`:
    /// `parseErr`, `status`, `reason`, `subReason`.
    CustomJobResult(i32, u32, i32, i32),
}

/// Runs `op` on the agent (see `with_agent_wait`) and mirrors its image state;
/// `Ok(None)` if there is no agent. One out-of-line copy of the lock serves
/// every API call (none is on the path of a block).
#[inline(never)]
fn run(op: ApiOp) -> Result<Option<Result<(), Error>>, Busy> {
    with_agent_wait(|a, p| {
        let r = match op {
            ApiOp::SetImageState(st) => a.set_image_state_api(p, st),
            ApiOp::Ready => {
                a.set_state(crate::agent::State::Ready);
                Ok(())
            }
            ApiOp::CustomJobResult(pe, st, r, sr) => {
                a.custom_job_result(p, pe, st, r, sr);
                Ok(())
            }
        };
        IMAGE.store(a.image_state() as u8, Ordering::Relaxed);
        r
    })
}

/// Signals the agent to stop and waits up to `ticksToWait` loop iterations for it
/// (`OTA_Shutdown`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_Shutdown(ticksToWait: u32, unsubscribeFlag: u8) -> OtaState_t {
    guard(c_state(), || {
        if state_is(crate::agent::State::Stopped) || state_is(crate::agent::State::ShuttingDown) {
            return c_state();
        }
        // Read by the agent task when it handles the Shutdown event: no lock needed.
        UNSUBSCRIBE_ON_SHUTDOWN.store(unsubscribeFlag != 0, Ordering::Relaxed);
        if !send_event(
            IFACES.load(Ordering::Acquire),
            Event::Shutdown as u32,
            ptr::null_mut(),
        ) {
            ota_log!(Error, c"Failed to signal the OTA agent to shut down.");
            return c_state();
        }
        let mut ticks = ticksToWait;
        while ticks > 0 && !state_is(crate::agent::State::Stopped) {
            ticks -= 1;
            core::hint::spin_loop();
        }
        c_state()
    })
}

/// Current agent state (`OTA_GetState`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_GetState() -> OtaState_t {
    c_state()
}

/// Calls the PAL's `activate` (`OTA_ActivateNewImage`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_ActivateNewImage() -> OtaErr_t {
    guard(ERR_PANIC, || {
        let Some(mut p) = platform() else {
            return err(Err(Error::ActivateFailed));
        };
        let status = p.activate();
        // The PAL's activate normally resets the device and never returns.
        if status.is_ok() {
            ota_log!(
                Warn,
                c"The PAL's activate returned: reset the device to run the new image."
            );
        } else {
            ota_log!(
                Error,
                c"Failed to activate the new image: activate returned 0x%08x; manual reset required.",
                status.0
            );
        }
        err(if status.is_ok() {
            Ok(())
        } else {
            Err(Error::ActivateFailed)
        })
    })
}

/// Accepts, rejects or aborts the image (`OTA_SetImageState`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_SetImageState(state: OtaImageState_t) -> OtaErr_t {
    guard(ERR_PANIC, || {
        let st = match state.code() {
            2 => ImageState::Accepted,
            3 => ImageState::Rejected,
            4 => {
                return err(if signal(Event::UserAbort) {
                    Ok(())
                } else {
                    Err(Error::SignalEventFailed)
                });
            }
            _ => return err(Err(Error::InvalidArg)),
        };
        match run(ApiOp::SetImageState(st)) {
            Ok(Some(r)) => err(r),
            Ok(None) => err(Err(Error::Uninitialized)),
            Err(Busy) => {
                ota_log!(
                    Error,
                    c"OTA_SetImageState: the agent stayed busy; try again."
                );
                err(Err(Error::SignalEventFailed))
            }
        }
    })
}

/// Image state last set by the agent (`OTA_GetImageState`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_GetImageState() -> OtaImageState_t {
    OtaImageState_t(IMAGE.load(Ordering::Relaxed) as CEnumU)
}

fn signal(event: Event) -> bool {
    !state_is(crate::agent::State::Stopped)
        && send_event(
            IFACES.load(Ordering::Acquire),
            event as u32,
            ptr::null_mut(),
        )
}

/// Asks the agent to request the job document again (`OTA_CheckForUpdate`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_CheckForUpdate() -> OtaErr_t {
    guard(ERR_PANIC, || {
        ota_log!(Info, c"Sending event to trigger checking for an update.");
        err(if signal(Event::RequestJobDocument) {
            Ok(())
        } else {
            Err(Error::SignalEventFailed)
        })
    })
}

/// Suspends the agent (`OTA_Suspend`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_Suspend() -> OtaErr_t {
    guard(ERR_PANIC, || {
        if state_is(crate::agent::State::Stopped) {
            return err(Err(Error::AgentStopped));
        }
        if let Some(mut p) = platform() {
            p.stop_timer(Timer::Request);
            p.stop_timer(Timer::SelfTest);
        }
        err(if signal(Event::Suspend) {
            Ok(())
        } else {
            Err(Error::SignalEventFailed)
        })
    })
}

/// Resumes a suspended agent (`OTA_Resume`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_Resume() -> OtaErr_t {
    guard(ERR_PANIC, || {
        if state_is(crate::agent::State::Stopped) {
            return err(Err(Error::AgentStopped));
        }
        if let Some(mut p) = platform() {
            // Only while the image still awaits its self-test (upstream issue #421:
            // restarting it always reset devices that had accepted their image).
            if p.get_image_state() == PalImageState::PendingCommit
                && IMAGE.load(Ordering::Relaxed) != ImageState::Accepted as u8
            {
                p.start_timer(Timer::SelfTest, config::SELF_TEST_RESPONSE_WAIT_MS);
            }
            p.start_timer(Timer::Request, config::FILE_REQUEST_WAIT_MS);
        }
        err(if signal(Event::Resume) {
            Ok(())
        } else {
            Err(Error::SignalEventFailed)
        })
    })
}

/// Runs the agent until it stops (`OTA_EventProcessingTask`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_EventProcessingTask(_pUnused: *const c_void) {
    guard((), || {
        if state_is(crate::agent::State::Stopped) {
            ota_log!(
                Warn,
                c"OTA_EventProcessingTask started while the agent is stopped."
            );
            return;
        }
        let _ = run(ApiOp::Ready);
        while !state_is(crate::agent::State::Stopped) {
            process_one();
        }
    })
}

/// Processes at most one event (`OTA_EventProcess`); returns the new state.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_EventProcess() -> OtaState_t {
    guard(c_state(), || {
        if state_is(crate::agent::State::Init) {
            let _ = run(ApiOp::Ready);
        }
        if !state_is(crate::agent::State::Stopped) {
            process_one();
        }
        c_state()
    })
}

/// Waits for one event (up to `configOTA_POLLING_EVENTS_TIMEOUT_MS`) and handles it.
fn process_one() {
    let ifaces = IFACES.load(Ordering::Acquire);
    if ifaces.is_null() {
        return;
    }
    // SAFETY: non-NULL; checked at init.
    let Some(recv) = (unsafe { (*ifaces).os.event.recv }) else {
        return;
    };
    let mut msg = OtaEventMsg_t {
        pEventData: ptr::null_mut(),
        eventId: OtaEvent_t(0),
    };
    // SAFETY: the port writes one `OtaEventMsg_t` into `msg`.
    let got = unsafe {
        recv(
            ptr::null_mut(),
            (&raw mut msg).cast(),
            config::POLLING_EVENTS_TIMEOUT_MS,
        )
    };
    if got.code() != 0 {
        return;
    }
    let Some(event) = Event::from_code(msg.eventId.code()) else {
        ota_log!(Warn, c"Unknown event %u dropped.", msg.eventId.code());
        return;
    };
    let mut out = Outbox::new();
    let data = msg.pEventData;
    let handled = with_agent(|a, p| {
        // SAFETY: the application's event buffer is ours until `Processed`.
        let slice = unsafe { event_data(event, data) };
        if event == Event::Shutdown {
            a.set_unsubscribe_on_shutdown(UNSUBSCRIBE_ON_SHUTDOWN.load(Ordering::Relaxed));
        }
        a.handle(p, event, slice, &mut out);
        IMAGE.store(a.image_state() as u8, Ordering::Relaxed);
    });
    if let Err(Busy) = handled {
        // Another context holds the agent for a moment: put the event back rather
        // than wait, so a higher-priority agent task cannot starve it.
        if !send_event(ifaces, msg.eventId.code(), data) {
            ota_log!(
                Error,
                c"Event %u lost: the agent was busy and the queue is full.",
                msg.eventId.code()
            );
        }
        return;
    }
    deliver(&mut out, data);
}

/// The payload of a job-document or block event.
///
/// # Safety
/// `data` must be NULL or the application's live `OtaEventData_t`.
unsafe fn event_data(event: Event, data: *mut OtaEventData_t) -> Option<&'static mut [u8]> {
    if data.is_null() || !matches!(event, Event::ReceivedJobDocument | Event::ReceivedFileBlock) {
        return None;
    }
    // SAFETY: per the function contract.
    let d = unsafe { &mut *data };
    let len = d.dataLength as usize;
    if len > d.data.len() {
        ota_log!(
            Error,
            c"Event data length %u exceeds the buffer (%u): ignored.",
            len,
            d.data.len()
        );
        return None;
    }
    d.data.get_mut(..len)
}

/// Runs the callbacks the agent queued, in order, with the agent released.
fn deliver(out: &mut Outbox, data: *mut OtaEventData_t) {
    while let Some(cb) = out.pop() {
        match cb {
            Callback::Processed => call_app(
                OtaJobEvent_t(JobEvent::Processed as u8 as CEnumU),
                data.cast(),
            ),
            Callback::Plain(ev) => call_app(OtaJobEvent_t(ev as u8 as CEnumU), ptr::null_mut()),
            Callback::Doc(ev, doc) => {
                let (json, json_len) = match (doc.json, data.is_null()) {
                    // SAFETY: the range lies in the event buffer, which is alive
                    // until the `Processed` callback that follows.
                    (Some((start, len)), false) => {
                        (unsafe { (*data).data.as_ptr().add(start) }, len)
                    }
                    _ => (ptr::null(), 0),
                };
                let mut jd = OtaJobDocument_t {
                    pJobDocJson: json,
                    jobDocLength: json_len,
                    pJobId: doc.job_id.as_ptr(),
                    jobIdLength: doc.job_id_length,
                    fileTypeId: doc.file_type,
                    parseErr: OtaJobParseErr_t(doc.parse_err as CEnumI),
                    status: OtaJobStatus_t(doc.status as CEnumU),
                    reason: doc.reason,
                    subReason: doc.sub_reason,
                };
                call_app(OtaJobEvent_t(ev as u8 as CEnumU), (&raw mut jd).cast());
                if ev == JobEvent::ParseCustomJob {
                    let (pe, st, r, sr) =
                        (jd.parseErr.get(), jd.status.code(), jd.reason, jd.subReason);
                    let _ = run(ApiOp::CustomJobResult(pe, st, r, sr));
                }
            }
        }
    }
}

/// Queues an event from the application or its MQTT/HTTP glue (`OTA_SignalEvent`).
///
/// # Safety
/// `pEventMsg` must be NULL or point to a valid `OtaEventMsg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_SignalEvent(pEventMsg: *const OtaEventMsg_t) -> bool {
    guard(false, || {
        if pEventMsg.is_null() || state_is(crate::agent::State::Stopped) {
            ota_log!(Error, c"Send event failed: the OTA agent is stopped.");
            return false;
        }
        // SAFETY: non-NULL, valid per contract.
        let msg = unsafe { *pEventMsg };
        let block = msg.eventId.code() == Event::ReceivedFileBlock as u32;
        if block {
            STATS.received();
        }
        let ok = send_event(
            IFACES.load(Ordering::Acquire),
            msg.eventId.code(),
            msg.pEventData,
        );
        if block {
            if ok {
                STATS.queued();
            } else {
                STATS.dropped();
            }
        }
        if !ok {
            ota_log!(
                Error,
                c"Failed to queue event %u: the event queue refused it.",
                msg.eventId.code()
            );
        }
        ok
    })
}

/// Copies the packet statistics (`OTA_GetStatistics`).
///
/// # Safety
/// `pStatistics` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_GetStatistics(pStatistics: *mut OtaAgentStatistics_t) -> OtaErr_t {
    if pStatistics.is_null() {
        return err(Err(Error::InvalidArg));
    }
    let [received, queued, processed, dropped] = STATS.snapshot();
    // SAFETY: non-NULL, writable per contract.
    unsafe {
        pStatistics.write(OtaAgentStatistics_t {
            otaPacketsReceived: received,
            otaPacketsQueued: queued,
            otaPacketsProcessed: processed,
            otaPacketsDropped: dropped,
        })
    };
    err(Ok(()))
}
