//! The few FreeRTOS kernel functions the test application calls, declared for the
//! POSIX simulator port (`BaseType_t` = `long`; `UBaseType_t`, `TickType_t` and
//! `StackType_t` = `unsigned long`). The simulator runs at 1000 Hz, so one tick
//! is one millisecond.

use core::ffi::{c_char, c_long, c_ulong, c_void};

/// `BaseType_t`.
pub type BaseType = c_long;
/// `TickType_t`.
pub type TickType = c_ulong;
/// A task, queue or timer handle.
pub type Handle = *mut c_void;
/// `TaskFunction_t`.
pub type TaskFunction = unsafe extern "C" fn(*mut c_void);

/// `pdPASS`.
pub const PASS: BaseType = 1;

unsafe extern "C" {
    pub fn xTaskCreate(
        code: TaskFunction,
        name: *const c_char,
        stack_depth: c_ulong,
        parameters: *mut c_void,
        priority: c_ulong,
        created: *mut Handle,
    ) -> BaseType;
    /// Returns on this port once a task calls `vTaskEndScheduler`.
    pub fn vTaskStartScheduler();
    pub fn vTaskDelay(ticks: TickType);
    pub fn xTaskGetTickCount() -> TickType;
    pub fn pcTaskGetName(task: Handle) -> *mut c_char;
    pub fn xQueueGenericCreate(length: c_ulong, item_size: c_ulong, kind: u8) -> Handle;
    pub fn xQueueGenericSend(
        queue: Handle,
        item: *const c_void,
        wait: TickType,
        position: BaseType,
    ) -> BaseType;
    pub fn xQueueReceive(queue: Handle, buffer: *mut c_void, wait: TickType) -> BaseType;
    pub fn xPortGetFreeHeapSize() -> usize;
}

/// Sleeps the calling task.
pub fn delay_ms(ms: u32) {
    // SAFETY: plain kernel call from a task.
    unsafe { vTaskDelay(TickType::from(ms)) }
}

/// Milliseconds since the scheduler started.
pub fn now_ms() -> u64 {
    // SAFETY: plain kernel call.
    unsafe { xTaskGetTickCount() as u64 }
}

/// Parks a task whose work is done: tasks of this port must never return.
pub fn park() -> ! {
    loop {
        delay_ms(1000);
    }
}
