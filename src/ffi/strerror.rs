//! `*_strerror`: the enumerator name of a code, `"InvalidErrorCode"` otherwise.

use core::ffi::{CStr, c_char};

use super::types::*;
use crate::agent::Error;

const INVALID: &CStr = c"InvalidErrorCode";

fn name(table: &[&'static CStr], index: i64) -> *const c_char {
    usize::try_from(index)
        .ok()
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or(INVALID)
        .as_ptr()
}

/// Name of an `OtaErr_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_Err_strerror(err: OtaErr_t) -> *const c_char {
    let code = err.code();
    if code == 0 {
        return c"OtaErrNone".as_ptr();
    }
    (1..=24u8)
        .find(|&c| u32::from(c) == code)
        .and_then(error_from)
        .map_or(INVALID, Error::name)
        .as_ptr()
}

fn error_from(code: u8) -> Option<Error> {
    use Error::*;
    const ALL: [Error; 24] = [
        Uninitialized,
        Panic,
        InvalidArg,
        AgentStopped,
        SignalEventFailed,
        RequestJobFailed,
        InitFileTransferFailed,
        RequestFileBlockFailed,
        CleanupControlFailed,
        CleanupDataFailed,
        UpdateJobStatusFailed,
        JobParserError,
        InvalidDataProtocol,
        MomentumAbort,
        DowngradeNotAllowed,
        SameFirmwareVersion,
        ImageStateMismatch,
        NoActiveJob,
        UserAbort,
        FailedToEncodeCbor,
        FailedToDecodeCbor,
        ActivateFailed,
        FileSizeOverflow,
        EmptyJobDocument,
    ];
    ALL.get(usize::from(code).checked_sub(1)?).copied()
}

/// Name of an `OtaJobParseErr_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_JobParse_strerror(err: OtaJobParseErr_t) -> *const c_char {
    const T: [&CStr; 9] = [
        c"OtaJobParseErrUnknown",
        c"OtaJobParseErrNone",
        c"OtaJobParseErrNullJob",
        c"OtaJobParseErrUpdateCurrentJob",
        c"OtaJobParseErrZeroFileSize",
        c"OtaJobParseErrNonConformingJobDoc",
        c"OtaJobParseErrBadModelInitParams",
        c"OtaJobParseErrNoContextAvailable",
        c"OtaJobParseErrNoActiveJobs",
    ];
    name(&T, i64::from(err.get()) + 1)
}

/// Name of a PAL main status (`OTA_PAL_MAIN_ERR` of an `OtaPalStatus_t`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_PalStatus_strerror(status: OtaPalMainStatus_t) -> *const c_char {
    const T: [&CStr; 16] = [
        c"OtaPalUninitialized",
        c"OtaPalOutOfMemory",
        c"OtaPalNullFileContext",
        c"OtaPalSignatureCheckFailed",
        c"OtaPalRxFileCreateFailed",
        c"OtaPalRxFileTooLarge",
        c"OtaPalBootInfoCreateFailed",
        c"OtaPalBadSignerCert",
        c"OtaPalBadImageState",
        c"OtaPalAbortFailed",
        c"OtaPalRejectFailed",
        c"OtaPalCommitFailed",
        c"OtaPalActivateFailed",
        c"OtaPalFileAbort",
        c"OtaPalFileClose",
        INVALID,
    ];
    if status == 0 {
        return c"OtaPalSuccess".as_ptr();
    }
    name(&T[..15], i64::from(status) - 0xe0)
}

/// Name of an `OtaOsStatus_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_OsStatus_strerror(status: OtaOsStatus_t) -> *const c_char {
    const T: [&CStr; 9] = [
        c"OtaOsEventQueueCreateFailed",
        c"OtaOsEventQueueSendFailed",
        c"OtaOsEventQueueReceiveFailed",
        c"OtaOsEventQueueDeleteFailed",
        c"OtaOsTimerCreateFailed",
        c"OtaOsTimerStartFailed",
        c"OtaOsTimerRestartFailed",
        c"OtaOsTimerStopFailed",
        c"OtaOsTimerDeleteFailed",
    ];
    if status.code() == 0 {
        return c"OtaOsSuccess".as_ptr();
    }
    name(&T, i64::from(status.code()) - 0x80)
}

/// Name of an `OtaMqttStatus_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_MQTT_strerror(status: OtaMqttStatus_t) -> *const c_char {
    const T: [&CStr; 3] = [
        c"OtaMqttPublishFailed",
        c"OtaMqttSubscribeFailed",
        c"OtaMqttUnsubscribeFailed",
    ];
    if status.code() == 0 {
        return c"OtaMqttSuccess".as_ptr();
    }
    name(&T, i64::from(status.code()) - 0xa0)
}

/// Name of an `OtaHttpStatus_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_HTTP_strerror(status: OtaHttpStatus_t) -> *const c_char {
    const T: [&CStr; 3] = [
        c"OtaHttpInitFailed",
        c"OtaHttpDeinitFailed",
        c"OtaHttpRequestFailed",
    ];
    if status.code() == 0 {
        return c"OtaHttpSuccess".as_ptr();
    }
    name(&T, i64::from(status.code()) - 0xc0)
}
