//! The FreeRTOS OS port (`include/ota_os_freertos.h`, cargo feature `freertos`):
//! the agent's event queue, its two one-shot timers and its heap, on the kernel's
//! queue, software-timer and `pvPortMalloc` API.
//!
//! Only the kernel's C functions are used, so the port links against whatever
//! kernel the firmware builds, with its own `FreeRTOSConfig.h`. Two facts are not
//! visible through functions: the tick rate, and the widths of the kernel's
//! integer types. `ports/freertos/ota_os_freertos_config.c`, compiled by the
//! firmware with its kernel headers, exports the tick rate
//! (`otaFreeRTOSTickRateHz`) and stops the build when the types are not the
//! ones declared here (`BaseType_t` = `long`, `UBaseType_t` and `TickType_t` =
//! `unsigned long`, as on the 32-bit ports with 32-bit ticks, the 64-bit ports
//! and the POSIX simulator).
//!
//! Behaviour, function by function, as in the C agent's FreeRTOS port except
//! where noted:
//! - `OtaInitEvent_FreeRTOS` creates one queue of [`QUEUE_LENGTH`]
//!   `OtaEventMsg_t` items with `xQueueGenericCreate` (dynamic allocation, where
//!   the C port uses a static queue). Calling it again keeps the queue.
//! - `OtaSendEvent_FreeRTOS` / `OtaReceiveEvent_FreeRTOS` copy one message in or
//!   out and wait at most `timeout` milliseconds (the C port ignores both
//!   timeouts: it never waits to send and waits forever to receive). They are not
//!   for interrupt handlers.
//! - `OtaDeinitEvent_FreeRTOS` deletes the queue; nothing may be using it.
//! - `OtaStartTimer_FreeRTOS` creates the one-shot timer on first use and starts
//!   it; when the timer exists it is restarted with the given period
//!   (`xTimerChangePeriod`, so a new `timeout` always applies). The kernel keeps
//!   the timer's name pointer, so the port names its timers itself
//!   ("OtaRequestTimer", "OtaSelfTestTimer") instead of keeping the caller's.
//!   On expiry the timer service task calls `callback(timerId)`.
//! - `OtaStopTimer_FreeRTOS` stops a timer (success if it was never created).
//! - `OtaDeleteTimer_FreeRTOS` deletes it (`OtaOsTimerDeleteFailed` if it was
//!   never created, as in the C port).
//! - Timer commands wait for room in the timer command queue without limit, as in
//!   the C port, so they must not be issued from a timer callback.
//! - `Malloc_FreeRTOS` / `Free_FreeRTOS` are `pvPortMalloc` / `vPortFree`
//!   (`Free_FreeRTOS(NULL)` does nothing).
//!
//! Memory: the queue (`QUEUE_LENGTH` × `sizeof(OtaEventMsg_t)` plus the kernel's
//! queue header) and at most two timers, all from the FreeRTOS heap, created
//! once and kept.

use core::ffi::{CStr, c_char, c_long, c_uint, c_ulong, c_void};
use core::ptr;
use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use super::api::guard;
use super::types::*;

/// FreeRTOS `BaseType_t`.
type BaseType = c_long;
/// FreeRTOS `UBaseType_t`.
type UBaseType = c_ulong;
/// FreeRTOS `TickType_t`.
type TickType = c_ulong;
/// FreeRTOS `QueueHandle_t` / `TimerHandle_t` (opaque pointers).
type Handle = *mut c_void;
/// FreeRTOS `TimerCallbackFunction_t`.
type TimerCallbackFunction = unsafe extern "C" fn(Handle);

/// `pdPASS` / `pdTRUE`.
const PD_PASS: BaseType = 1;
/// `pdFALSE`: a one-shot timer.
const PD_FALSE: BaseType = 0;
/// `queueQUEUE_TYPE_BASE`.
const QUEUE_TYPE_BASE: u8 = 0;
/// `queueSEND_TO_BACK`.
const QUEUE_SEND_TO_BACK: BaseType = 0;
/// `tmrCOMMAND_START`.
const TIMER_COMMAND_START: BaseType = 1;
/// `tmrCOMMAND_STOP`.
const TIMER_COMMAND_STOP: BaseType = 3;
/// `tmrCOMMAND_CHANGE_PERIOD`.
const TIMER_COMMAND_CHANGE_PERIOD: BaseType = 4;
/// `tmrCOMMAND_DELETE`.
const TIMER_COMMAND_DELETE: BaseType = 5;
/// `portMAX_DELAY`: wait without limit (with `INCLUDE_vTaskSuspend`).
const MAX_DELAY: TickType = TickType::MAX;

/// Depth of the event queue, as in the C agent's port.
pub const QUEUE_LENGTH: usize = 20;

/// The kernel functions the port calls (several FreeRTOS "functions" are macros
/// over these: `xQueueCreate`, `xQueueSend`, `xTimerStart`, `xTimerStop`, ...).
///
/// cbindgen:ignore
mod kernel {
    use super::{BaseType, Handle, TickType, TimerCallbackFunction, UBaseType};
    use core::ffi::{c_char, c_void};

    unsafe extern "C" {
        pub fn xQueueGenericCreate(length: UBaseType, item_size: UBaseType, kind: u8) -> Handle;
        pub fn xQueueGenericSend(
            queue: Handle,
            item: *const c_void,
            wait: TickType,
            position: BaseType,
        ) -> BaseType;
        pub fn xQueueReceive(queue: Handle, buffer: *mut c_void, wait: TickType) -> BaseType;
        pub fn vQueueDelete(queue: Handle);
        pub fn xTimerCreate(
            name: *const c_char,
            period: TickType,
            auto_reload: BaseType,
            id: *mut c_void,
            callback: TimerCallbackFunction,
        ) -> Handle;
        pub fn xTimerGenericCommandFromTask(
            timer: Handle,
            command: BaseType,
            value: TickType,
            higher_priority_task_woken: *mut BaseType,
            wait: TickType,
        ) -> BaseType;
        pub fn pvTimerGetTimerID(timer: Handle) -> *mut c_void;
        pub fn xTaskGetTickCount() -> TickType;
        pub fn pvPortMalloc(size: usize) -> *mut c_void;
        pub fn vPortFree(p: *mut c_void);
        /// `configTICK_RATE_HZ`, from `ports/freertos/ota_os_freertos_config.c`.
        pub static otaFreeRTOSTickRateHz: u32;
    }
}
use kernel::*;

const SUCCESS: OtaOsStatus_t = OtaOsStatus_t(0);
const QUEUE_CREATE_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x80);
const QUEUE_SEND_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x81);
const QUEUE_RECEIVE_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x82);
const QUEUE_DELETE_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x83);
const TIMER_CREATE_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x84);
const TIMER_START_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x85);
const TIMER_RESTART_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x86);
const TIMER_STOP_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x87);
const TIMER_DELETE_FAILED: OtaOsStatus_t = OtaOsStatus_t(0x88);

/// Number of agent timers (`OtaNumOfTimers`).
const TIMERS: usize = 2;
/// Kernel names of the timers, by `OtaTimerId_t` (static: the kernel keeps them).
const TIMER_NAMES: [&CStr; TIMERS] = [c"OtaRequestTimer", c"OtaSelfTestTimer"];

/// The event queue (NULL until `OtaInitEvent_FreeRTOS`).
static QUEUE: AtomicPtr<c_void> = AtomicPtr::new(ptr::null_mut());
/// The timers, by `OtaTimerId_t` (NULL until first started, and after delete).
static TIMER: [AtomicPtr<c_void>; TIMERS] = [
    AtomicPtr::new(ptr::null_mut()),
    AtomicPtr::new(ptr::null_mut()),
];
/// The agent's expiry callback per timer, as an address (0 = none).
static CALLBACK: [AtomicUsize; TIMERS] = [AtomicUsize::new(0), AtomicUsize::new(0)];

/// `pdMS_TO_TICKS` with the kernel's tick rate, saturating, and below
/// `portMAX_DELAY` so that a finite wait never becomes an endless one.
fn ms_to_ticks(ms: u32) -> TickType {
    // SAFETY: a constant defined by the firmware's ota_os_freertos_config.c.
    let rate = unsafe { ptr::read(&raw const otaFreeRTOSTickRateHz) };
    ticks(ms, rate)
}

/// Milliseconds to ticks at `rate` Hz (see [`ms_to_ticks`]).
fn ticks(ms: u32, rate: u32) -> TickType {
    let t = u64::from(ms) * u64::from(rate) / 1000;
    TickType::try_from(t)
        .unwrap_or(MAX_DELAY)
        .min(MAX_DELAY - 1)
}

/// The slot of a timer id, if it names an agent timer.
fn slot(id: OtaTimerId_t) -> Option<usize> {
    let i = id.code() as usize;
    (i < TIMERS).then_some(i)
}

/// Sends a command to the timer service task, waiting for queue space.
fn timer_command(timer: Handle, command: BaseType, value: TickType) -> bool {
    // SAFETY: `timer` is a live handle created by `xTimerCreate` and not yet
    // deleted; no "higher priority task woken" output is wanted from a task.
    unsafe {
        xTimerGenericCommandFromTask(timer, command, value, ptr::null_mut(), MAX_DELAY) == PD_PASS
    }
}

/// Runs in the timer service task when a timer expires: calls the agent's
/// callback with the timer's id.
unsafe extern "C" fn on_expiry(timer: Handle) {
    guard((), || {
        // SAFETY: the kernel passes the handle of the timer that expired.
        let id = unsafe { pvTimerGetTimerID(timer) } as usize;
        let Some(cb) = CALLBACK.get(id).map(|c| c.load(Ordering::Acquire)) else {
            return;
        };
        if cb == 0 {
            return;
        }
        // SAFETY: the address was stored from a non-NULL `OtaTimerCallback_t`.
        let cb: unsafe extern "C" fn(OtaTimerId_t) = unsafe { core::mem::transmute(cb) };
        // SAFETY: calling the agent's timer callback with the id it started.
        unsafe { cb(OtaTimerId_t(id as CEnumU)) }
    })
}

/// `OtaInitEvent_t`: creates the event queue (keeps it if it exists).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OtaInitEvent_FreeRTOS(pEventCtx: *mut OtaEventContext_t) -> OtaOsStatus_t {
    // The agent passes NULL: the queue is the port's own.
    let _ = pEventCtx;
    guard(QUEUE_CREATE_FAILED, || {
        if !QUEUE.load(Ordering::Acquire).is_null() {
            return SUCCESS;
        }
        // SAFETY: plain kernel call; the item size is that of one message.
        let q = unsafe {
            xQueueGenericCreate(
                QUEUE_LENGTH as UBaseType,
                size_of::<OtaEventMsg_t>() as UBaseType,
                QUEUE_TYPE_BASE,
            )
        };
        if q.is_null() {
            ota_log!(
                Error,
                c"Failed to create the OTA event queue: out of FreeRTOS heap."
            );
            return QUEUE_CREATE_FAILED;
        }
        if QUEUE
            .compare_exchange(ptr::null_mut(), q, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            // Another task created it meanwhile; ours was never shared.
            // SAFETY: `q` is our own, unused queue.
            unsafe { vQueueDelete(q) };
        }
        SUCCESS
    })
}

/// `OtaSendEvent_t`: copies one `OtaEventMsg_t` to the back of the queue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OtaSendEvent_FreeRTOS(
    pEventCtx: *mut OtaEventContext_t,
    pEventMsg: *const c_void,
    timeout: c_uint,
) -> OtaOsStatus_t {
    // The agent passes NULL: the queue is the port's own.
    let _ = pEventCtx;
    guard(QUEUE_SEND_FAILED, || {
        let q = QUEUE.load(Ordering::Acquire);
        if q.is_null() || pEventMsg.is_null() {
            return QUEUE_SEND_FAILED;
        }
        // SAFETY: the queue copies `sizeof(OtaEventMsg_t)` bytes from the caller's
        // message, which the caller guarantees are readable.
        let sent =
            unsafe { xQueueGenericSend(q, pEventMsg, ms_to_ticks(timeout), QUEUE_SEND_TO_BACK) };
        if sent == PD_PASS {
            SUCCESS
        } else {
            ota_log!(
                Error,
                c"Failed to send an event: the OTA event queue is full."
            );
            QUEUE_SEND_FAILED
        }
    })
}

/// `OtaReceiveEvent_t`: takes the oldest message, waiting up to `timeout` ms.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OtaReceiveEvent_FreeRTOS(
    pEventCtx: *mut OtaEventContext_t,
    pEventMsg: *mut c_void,
    timeout: u32,
) -> OtaOsStatus_t {
    // The agent passes NULL: the queue is the port's own.
    let _ = pEventCtx;
    guard(QUEUE_RECEIVE_FAILED, || {
        let q = QUEUE.load(Ordering::Acquire);
        if q.is_null() || pEventMsg.is_null() {
            return QUEUE_RECEIVE_FAILED;
        }
        // SAFETY: the queue writes `sizeof(OtaEventMsg_t)` bytes into the caller's
        // message buffer.
        if unsafe { xQueueReceive(q, pEventMsg, ms_to_ticks(timeout)) } == PD_PASS {
            SUCCESS
        } else {
            // A timeout: normal when there is nothing to do.
            QUEUE_RECEIVE_FAILED
        }
    })
}

/// `OtaDeinitEvent_t`: deletes the event queue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OtaDeinitEvent_FreeRTOS(
    pEventCtx: *mut OtaEventContext_t,
) -> OtaOsStatus_t {
    // The agent passes NULL: the queue is the port's own.
    let _ = pEventCtx;
    guard(QUEUE_DELETE_FAILED, || {
        let q = QUEUE.swap(ptr::null_mut(), Ordering::AcqRel);
        if !q.is_null() {
            // SAFETY: the handle came from `xQueueGenericCreate`; the caller
            // guarantees no task still uses the queue.
            unsafe { vQueueDelete(q) };
        }
        SUCCESS
    })
}

/// `OtaStartTimer_t`: starts a one-shot timer, or restarts it if it exists.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OtaStartTimer_FreeRTOS(
    otaTimerId: OtaTimerId_t,
    pTimerName: *const c_char,
    timeout: u32,
    callback: OtaTimerCallback_t,
) -> OtaOsStatus_t {
    // The kernel keeps the name pointer: the port's static names are used.
    let _ = pTimerName;
    guard(TIMER_START_FAILED, || {
        let (Some(i), Some(cb)) = (slot(otaTimerId), callback) else {
            ota_log!(
                Error,
                c"Cannot start OTA timer %u: bad id or no callback.",
                otaTimerId.code()
            );
            return TIMER_START_FAILED;
        };
        CALLBACK[i].store(cb as usize, Ordering::Release);
        let period = ms_to_ticks(timeout).max(1);
        let existing = TIMER[i].load(Ordering::Acquire);
        if !existing.is_null() {
            // Restarts from now with the (possibly new) period.
            if timer_command(existing, TIMER_COMMAND_CHANGE_PERIOD, period) {
                return SUCCESS;
            }
            ota_log!(Error, c"Failed to restart OTA timer %u.", otaTimerId.code());
            return TIMER_RESTART_FAILED;
        }
        // SAFETY: the name is a static C string; the id is the slot number, read
        // back by `on_expiry`.
        let t = unsafe {
            xTimerCreate(
                TIMER_NAMES[i].as_ptr(),
                period,
                PD_FALSE,
                i as *mut c_void,
                on_expiry,
            )
        };
        if t.is_null() {
            ota_log!(
                Error,
                c"Failed to create OTA timer %u: out of FreeRTOS heap.",
                otaTimerId.code()
            );
            return TIMER_CREATE_FAILED;
        }
        let t = match TIMER[i].compare_exchange(
            ptr::null_mut(),
            t,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => t,
            Err(winner) => {
                // Another task created it meanwhile: drop ours, use theirs.
                timer_command(t, TIMER_COMMAND_DELETE, 0);
                winner
            }
        };
        // SAFETY: plain kernel call.
        let now = unsafe { xTaskGetTickCount() };
        if timer_command(t, TIMER_COMMAND_START, now) {
            SUCCESS
        } else {
            ota_log!(Error, c"Failed to start OTA timer %u.", otaTimerId.code());
            TIMER_START_FAILED
        }
    })
}

/// `OtaStopTimer_t`: stops a timer; a timer never started counts as stopped.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OtaStopTimer_FreeRTOS(otaTimerId: OtaTimerId_t) -> OtaOsStatus_t {
    guard(TIMER_STOP_FAILED, || {
        let Some(i) = slot(otaTimerId) else {
            return TIMER_STOP_FAILED;
        };
        let t = TIMER[i].load(Ordering::Acquire);
        if t.is_null() || timer_command(t, TIMER_COMMAND_STOP, 0) {
            SUCCESS
        } else {
            ota_log!(Error, c"Failed to stop OTA timer %u.", otaTimerId.code());
            TIMER_STOP_FAILED
        }
    })
}

/// `OtaDeleteTimer_t`: deletes a timer (fails if it does not exist).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OtaDeleteTimer_FreeRTOS(otaTimerId: OtaTimerId_t) -> OtaOsStatus_t {
    guard(TIMER_DELETE_FAILED, || {
        let Some(i) = slot(otaTimerId) else {
            return TIMER_DELETE_FAILED;
        };
        let t = TIMER[i].swap(ptr::null_mut(), Ordering::AcqRel);
        if t.is_null() {
            return TIMER_DELETE_FAILED;
        }
        if timer_command(t, TIMER_COMMAND_DELETE, 0) {
            SUCCESS
        } else {
            // Still alive: keep it reachable unless it was replaced meanwhile.
            let _ =
                TIMER[i].compare_exchange(ptr::null_mut(), t, Ordering::AcqRel, Ordering::Acquire);
            ota_log!(Error, c"Failed to delete OTA timer %u.", otaTimerId.code());
            TIMER_DELETE_FAILED
        }
    })
}

/// `OtaMalloc_t`: `pvPortMalloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Malloc_FreeRTOS(size: usize) -> *mut c_void {
    // SAFETY: plain kernel call; it returns NULL when the heap is exhausted.
    unsafe { pvPortMalloc(size) }
}

/// `OtaFree_t`: `vPortFree`; NULL is ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Free_FreeRTOS(ptr: *mut c_void) {
    if !ptr.is_null() {
        // SAFETY: the caller passes memory from `Malloc_FreeRTOS`.
        unsafe { vPortFree(ptr) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_follow_pd_ms_to_ticks() {
        assert_eq!(ticks(0, 1000), 0);
        assert_eq!(ticks(1500, 1000), 1500);
        assert_eq!(ticks(1500, 100), 150);
        assert_eq!(ticks(9, 100), 0);
        assert_eq!(
            ticks(u32::MAX, 1000),
            TickType::from(u32::MAX).min(MAX_DELAY - 1)
        );
    }

    #[test]
    fn timer_ids_are_checked() {
        assert_eq!(slot(OtaTimerId_t(0)), Some(0));
        assert_eq!(slot(OtaTimerId_t(1)), Some(1));
        assert_eq!(slot(OtaTimerId_t(2)), None);
    }
}
