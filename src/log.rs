//! Logging through the application's `LogError`/`LogWarn`/`LogInfo`/`LogDebug`
//! macros (see `cbits/ota_log_bridge.c`). Format strings are C `printf` formats and
//! come only from this crate; arguments are `u32` values, or one `%.*s` string.

/// Log levels, numbered as the C bridge expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Level {
    Error = 0,
    Warn = 1,
    Info = 2,
    Debug = 3,
}

/// Logs a C format string with up to three `u32` arguments.
macro_rules! ota_log {
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
/// slice), optionally followed by one `u32`.
macro_rules! ota_log_str {
    ($lvl:ident, $fmt:literal, $s:expr) => {
        $crate::ffi::log_str($crate::log::Level::$lvl, $fmt, $s, 0)
    };
    ($lvl:ident, $fmt:literal, $s:expr, $a:expr) => {
        $crate::ffi::log_str($crate::log::Level::$lvl, $fmt, $s, ($a) as u32)
    };
}
