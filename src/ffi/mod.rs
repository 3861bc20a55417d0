//! The C boundary: the only module with `unsafe` and with the upstream C names.
//!
//! - [`types`]: `#[repr(C)]` mirrors of the public structs, with layout asserts.
//! - [`platform`]: the C interface tables adapted to the agent's port traits.
//! - [`api`]: the exported `OTA_*` functions of `ota.h`.
//!
//! Concurrency: the agent lives in one static cell with a non-blocking lock. The
//! task running `OTA_EventProcessingTask` / `OTA_EventProcess` takes it per event;
//! other callers take it only briefly; callbacks into the application always run
//! with the lock released, so the application may call the API from them. The
//! public state is mirrored in an atomic so `OTA_GetState` and `OTA_SignalEvent`
//! never wait.
#![allow(unsafe_code)]
#![allow(non_camel_case_types, non_snake_case, missing_docs)]

pub mod api;
pub mod bytes;
pub mod extensions;
#[cfg(feature = "freertos")]
pub mod freertos;
pub mod platform;
pub mod strerror;
pub mod types;
#[cfg(feature = "verify")]
pub mod verify;

use core::cell::UnsafeCell;
use core::ffi::{CStr, c_char};
use core::mem::MaybeUninit;
use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicUsize, Ordering};

use crate::agent::{Agent, State, Stats};
use crate::log::Level;
use platform::{CFileState, CPlatform};
use types::*;

unsafe extern "C" {
    /// Defined by the application (`ota_appversion32.h`); read on every use since it
    /// may change at run time (`OTA_USE_NONCONST_APPVERSION`).
    static appFirmwareVersion: u32;
    /// Defined by the PAL (`ota.h`): the job-document key of the signature.
    static OTA_JsonFileSignatureKey: [c_char; 32];

    fn ota_log_bridge_u32(level: u32, fmt: *const c_char, a: u32, b: u32, c: u32);
    fn ota_log_bridge_str(level: u32, fmt: *const c_char, len: i32, s: *const c_char, a: u32);
}

/// Logs through the application's log macros (see `cbits/ota_log_bridge.c`).
#[allow(dead_code, reason = "unused when every log level is compiled out")]
pub(crate) fn log_u32(level: Level, fmt: &CStr, a: u32, b: u32, c: u32) {
    // SAFETY: the format is a C string literal of this crate with at most three
    // `u32` conversions.
    unsafe { ota_log_bridge_u32(level as u32, fmt.as_ptr(), a, b, c) }
}

/// Logs a format whose first conversion is `%.*s`.
#[allow(dead_code, reason = "unused when every log level is compiled out")]
pub(crate) fn log_str(level: Level, fmt: &CStr, s: &[u8], a: u32) {
    let len = i32::try_from(s.len()).unwrap_or(i32::MAX);
    // SAFETY: `%.*s` reads at most `len` bytes of `s`.
    unsafe { ota_log_bridge_str(level as u32, fmt.as_ptr(), len, s.as_ptr().cast(), a) }
}

pub(crate) fn app_version() -> u32 {
    // SAFETY: the application defines this 4-byte object; volatile because it may
    // be updated at run time.
    unsafe { ptr::read_volatile(&raw const appFirmwareVersion) }
}

pub(crate) fn signature_key() -> &'static [u8] {
    // SAFETY: the PAL defines this 32-byte array; it is constant; c_char and u8
    // have the same size and alignment.
    let bytes: &'static [u8; 32] =
        unsafe { &*(&raw const OTA_JsonFileSignatureKey).cast::<[u8; 32]>() };
    let n = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    crate::bytes::prefix(bytes, n)
}

/// The agent and what the C side must see at fixed addresses.
struct Global {
    busy: AtomicBool,
    /// Initialised once `present` is set (uninitialised storage keeps the whole
    /// static in `.bss`, so it costs no flash).
    agent: UnsafeCell<MaybeUninit<Agent>>,
    /// Written and read only while holding `busy`, whose Acquire/Release
    /// orders it: `Relaxed` accesses suffice.
    present: AtomicBool,
    file: UnsafeCell<CFileState>,
}

// SAFETY: `agent` and `file` are only touched by the holder of `busy` (see
// `with_agent`), except the timer path that hands `file.ctx` to `pal.reset`, as
// the C agent does.
unsafe impl Sync for Global {}

static GLOBAL: Global = Global {
    busy: AtomicBool::new(false),
    agent: UnsafeCell::new(MaybeUninit::uninit()),
    present: AtomicBool::new(false),
    file: UnsafeCell::new(CFileState::new()),
};

/// Public state (`OtaState_t` value), readable without the lock.
static STATE: AtomicI32 = AtomicI32::new(State::Stopped as i8 as i32);
/// The interfaces given to `OTA_Init` (stored, not copied).
static IFACES: AtomicPtr<OtaInterfaces_t> = AtomicPtr::new(ptr::null_mut());
/// The application callback, as an address (0 = none). A code address
/// publishes no data, so it is stored and loaded `Relaxed`.
static CALLBACK: AtomicUsize = AtomicUsize::new(0);
/// `os.event.init` was called once.
static EVENTS_INITED: AtomicBool = AtomicBool::new(false);
/// Packet statistics.
static STATS: Stats = Stats::new();

/// Whether the published state is `s`: a compare of the stored value, with no
/// decoding of it.
fn state_is(s: State) -> bool {
    STATE.load(Ordering::Acquire) == s as i8 as i32
}

fn set_state(s: State) {
    STATE.store(s as i8 as i32, Ordering::Release);
}

fn platform() -> Option<CPlatform> {
    let ifaces = IFACES.load(Ordering::Acquire);
    if ifaces.is_null() {
        return None;
    }
    Some(CPlatform {
        ifaces,
        file: GLOBAL.file.get(),
    })
}

/// The agent is busy in another context.
#[derive(Debug)]
struct Busy;

/// Runs `f` with exclusive access to the agent, without waiting: `Err(Busy)` if
/// another context holds it, `Ok(None)` if there is no agent.
fn with_agent<R>(f: impl FnOnce(&mut Agent, &mut CPlatform) -> R) -> Result<Option<R>, Busy> {
    if GLOBAL
        .busy
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        return Err(Busy);
    }
    struct Release;
    impl Drop for Release {
        fn drop(&mut self) {
            GLOBAL.busy.store(false, Ordering::Release);
        }
    }
    let _release = Release;
    // SAFETY: `busy` gives this context exclusive access to the cell.
    let agent = if GLOBAL.present.load(Ordering::Relaxed) {
        // SAFETY: `present` is set only after the agent was written.
        Some(unsafe { (*GLOBAL.agent.get()).assume_init_mut() })
    } else {
        None
    };
    let r = match (agent, platform()) {
        (Some(a), Some(mut p)) => {
            let r = f(a, &mut p);
            set_state(a.state());
            Some(r)
        }
        _ => None,
    };
    Ok(r)
}

/// Like [`with_agent`], retrying briefly while another context holds the agent.
/// The agent task never holds it across a callback, so from a callback (the usual
/// place for `OTA_SetImageState`) it is free. From another task it may be held
/// across a PAL or MQTT call; the OS interface has no way to yield, so rather
/// than spin at a higher priority than the agent task, give up after a short
/// bounded wait and let the caller retry.
fn with_agent_wait<R>(
    mut f: impl FnMut(&mut Agent, &mut CPlatform) -> R,
) -> Result<Option<R>, Busy> {
    for _ in 0..10_000u32 {
        match with_agent(&mut f) {
            Err(Busy) => core::hint::spin_loop(),
            done => return done,
        }
    }
    Err(Busy)
}

/// Queues an event (`OTA_SignalEvent` without the statistics).
fn send_event(ifaces: *const OtaInterfaces_t, event: u32, data: *mut OtaEventData_t) -> bool {
    if ifaces.is_null() {
        return false;
    }
    // SAFETY: checked non-NULL; the table outlives the agent.
    let Some(send) = (unsafe { (*ifaces).os.event.send }) else {
        return false;
    };
    let msg = OtaEventMsg_t {
        pEventData: data,
        eventId: OtaEvent_t(event as CEnumU),
    };
    // SAFETY: the port copies `sizeof(OtaEventMsg_t)` bytes from `msg`.
    unsafe { send(ptr::null_mut(), (&raw const msg).cast(), 0).code() == 0 }
}

/// The callback of both agent timers (runs in the OS timer context).
unsafe extern "C" fn timer_callback(id: OtaTimerId_t) {
    api::guard((), || match id.code() {
        0 => {
            ota_log!(Debug, c"Request timer expired.");
            send_event(
                IFACES.load(Ordering::Acquire),
                crate::port::Event::RequestTimer as u32,
                ptr::null_mut(),
            );
        }
        1 => {
            ota_log!(
                Warn,
                c"Self-test timer expired: the self-test did not complete; resetting."
            );
            if let Some(mut p) = platform() {
                crate::port::Pal::reset(&mut p);
            }
        }
        _ => {}
    })
}

/// Delivers `cb` to the application's callback.
fn call_app(event: OtaJobEvent_t, data: *mut core::ffi::c_void) {
    let f = CALLBACK.load(Ordering::Relaxed);
    if f == 0 {
        ota_log!(
            Warn,
            c"No application callback registered: event %u dropped.",
            event.code()
        );
        return;
    }
    // SAFETY: the address was stored from a non-NULL `OtaAppCallback_t`.
    let f: unsafe extern "C" fn(OtaJobEvent_t, *mut core::ffi::c_void) =
        unsafe { core::mem::transmute(f) };
    // SAFETY: calling the application's callback with the data it expects.
    unsafe { f(event, data) }
}

#[cfg(not(any(test, ota_std)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "C" {
        fn ota_port_panic(msg: *const c_char, len: u32);
    }
    const MSG: &[u8] = b"ota: internal error";
    // SAFETY: a weak default exists in cbits; firmware may override it.
    unsafe { ota_port_panic(MSG.as_ptr().cast(), MSG.len() as u32) };
    loop {}
}

#[cfg(test)]
mod test_symbols {
    //! The symbols an application and PAL define, for the unit-test binary.
    #[unsafe(no_mangle)]
    static appFirmwareVersion: u32 = 0x0100_0001;
    #[unsafe(no_mangle)]
    static OTA_JsonFileSignatureKey: [u8; 32] =
        *b"sig-sha256-ecdsa\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
}
