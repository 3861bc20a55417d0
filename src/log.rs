//! Logging through the application's `LogError`/`LogWarn`/`LogInfo`/`LogDebug`
//! macros (see `cbits/ota_log_bridge.c`). Format strings are C `printf` formats and
//! come only from this crate; arguments are `u32` values, or one `%.*s` string.
//!
//! `build.rs` preprocesses each of the application's log macros; a level whose
//! macro expands to nothing (the C agent's default) is compiled out here, format
//! strings included, so silent firmware does not carry them.

/// Log levels, numbered as the C bridge expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
#[allow(dead_code, reason = "unused when every log level is compiled out")]
pub(crate) enum Level {
    Error = 0,
    Warn = 1,
    Info = 2,
    Debug = 3,
}

/// Logs a C format string with up to three `u32` arguments, if the application's
/// macro for that level expands to something.
macro_rules! ota_log {
    (Error, $($rest:tt)*) => {{
        #[cfg(ota_log_error)]
        ota_log_emit!(Error, $($rest)*);
        #[cfg(not(ota_log_error))]
        ota_log_discard!($($rest)*);
    }};
    (Warn, $($rest:tt)*) => {{
        #[cfg(ota_log_warn)]
        ota_log_emit!(Warn, $($rest)*);
        #[cfg(not(ota_log_warn))]
        ota_log_discard!($($rest)*);
    }};
    (Info, $($rest:tt)*) => {{
        #[cfg(ota_log_info)]
        ota_log_emit!(Info, $($rest)*);
        #[cfg(not(ota_log_info))]
        ota_log_discard!($($rest)*);
    }};
    (Debug, $($rest:tt)*) => {{
        #[cfg(ota_log_debug)]
        ota_log_emit!(Debug, $($rest)*);
        #[cfg(not(ota_log_debug))]
        ota_log_discard!($($rest)*);
    }};
}

/// A disabled log line: its arguments are type-checked but never evaluated (as
/// a C log macro that expands to nothing), so a string or table read only for
/// the log does not stay in flash. Log arguments must have no side effects.
macro_rules! ota_log_discard {
    ($fmt:literal $(, $a:expr)* $(,)?) => {{
        if false {
            $( let _ = &$a; )*
        }
    }};
}

/// The call to the C bridge for an enabled level.
#[allow(unused_macros, reason = "unused when every log level is compiled out")]
macro_rules! ota_log_emit {
    ($lvl:ident, $fmt:literal) => {
        $crate::ffi::log_u32($crate::log::Level::$lvl, $fmt, 0, 0, 0)
    };
    ($lvl:ident, $fmt:literal, $a:expr) => {
        $crate::ffi::log_u32($crate::log::Level::$lvl, $fmt, ($a) as u32, 0, 0)
    };
    ($lvl:ident, $fmt:literal, $a:expr, $b:expr) => {
        $crate::ffi::log_u32($crate::log::Level::$lvl, $fmt, ($a) as u32, ($b) as u32, 0)
    };
    ($lvl:ident, $fmt:literal, $a:expr, $b:expr, $c:expr) => {
        $crate::ffi::log_u32(
            $crate::log::Level::$lvl,
            $fmt,
            ($a) as u32,
            ($b) as u32,
            ($c) as u32,
        )
    };
}

/// Logs a C format string whose first conversion is `%.*s` (given as a byte
/// slice), optionally followed by one `u32`, if that level is enabled.
macro_rules! ota_log_str {
    (Error, $($rest:tt)*) => {{
        #[cfg(ota_log_error)]
        ota_log_str_emit!(Error, $($rest)*);
        #[cfg(not(ota_log_error))]
        ota_log_discard!($($rest)*);
    }};
    (Warn, $($rest:tt)*) => {{
        #[cfg(ota_log_warn)]
        ota_log_str_emit!(Warn, $($rest)*);
        #[cfg(not(ota_log_warn))]
        ota_log_discard!($($rest)*);
    }};
    (Info, $($rest:tt)*) => {{
        #[cfg(ota_log_info)]
        ota_log_str_emit!(Info, $($rest)*);
        #[cfg(not(ota_log_info))]
        ota_log_discard!($($rest)*);
    }};
    (Debug, $($rest:tt)*) => {{
        #[cfg(ota_log_debug)]
        ota_log_str_emit!(Debug, $($rest)*);
        #[cfg(not(ota_log_debug))]
        ota_log_discard!($($rest)*);
    }};
}

/// The call to the C bridge for an enabled level.
#[allow(unused_macros, reason = "unused when every log level is compiled out")]
macro_rules! ota_log_str_emit {
    ($lvl:ident, $fmt:literal, $s:expr) => {
        $crate::ffi::log_str($crate::log::Level::$lvl, $fmt, $s, 0)
    };
    ($lvl:ident, $fmt:literal, $s:expr, $a:expr) => {
        $crate::ffi::log_str($crate::log::Level::$lvl, $fmt, $s, ($a) as u32)
    };
}
