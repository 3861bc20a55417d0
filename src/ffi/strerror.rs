//! `*_strerror`: the enumerator name of a code, `"InvalidErrorCode"` otherwise.

use core::ffi::{CStr, c_char};

use super::types::*;

const INVALID: &CStr = c"InvalidErrorCode";

/// Bytes of `names` laid end to end, each with its terminator.
const fn packed_len(names: &[&CStr]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < names.len() {
        n += names[i].to_bytes_with_nul().len();
        i += 1;
    }
    n
}

/// `names` laid end to end, each with its terminator: the `*_strerror` tables
/// keep no pointer (or length) per name in flash, only the text.
const fn pack<const N: usize>(names: &[&CStr]) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut i, mut at) = (0, 0);
    while i < names.len() {
        let b = names[i].to_bytes_with_nul();
        let mut j = 0;
        while j < b.len() {
            out[at + j] = b[j];
            j += 1;
        }
        at += b.len();
        i += 1;
    }
    out
}

/// Declares a packed name table `$packed` from the list of names.
macro_rules! names {
    ($packed:ident = [$($name:literal),* $(,)?]) => {
        const $packed: [u8; packed_len(&[$($name),*])] = pack(&[$($name),*]);
    };
}

/// The `index`th name of a packed table, or `"InvalidErrorCode"`.
fn name(packed: &'static [u8], index: i64) -> *const c_char {
    let Ok(mut left) = usize::try_from(index) else {
        return INVALID.as_ptr();
    };
    let mut start = 0;
    for (i, &b) in packed.iter().enumerate() {
        if b == 0 {
            if left == 0 {
                // `start..=i` is one name and its terminator.
                return packed
                    .get(start..)
                    .map_or(INVALID.as_ptr(), |s| s.as_ptr().cast());
            }
            left -= 1;
            start = i + 1;
        }
    }
    INVALID.as_ptr()
}

names!(
    ERR_NAMES = [
        c"OtaErrNone",
        c"OtaErrUninitialized",
        c"OtaErrPanic",
        c"OtaErrInvalidArg",
        c"OtaErrAgentStopped",
        c"OtaErrSignalEventFailed",
        c"OtaErrRequestJobFailed",
        c"OtaErrInitFileTransferFailed",
        c"OtaErrRequestFileBlockFailed",
        c"OtaErrCleanupControlFailed",
        c"OtaErrCleanupDataFailed",
        c"OtaErrUpdateJobStatusFailed",
        c"OtaErrJobParserError",
        c"OtaErrInvalidDataProtocol",
        c"OtaErrMomentumAbort",
        c"OtaErrDowngradeNotAllowed",
        c"OtaErrSameFirmwareVersion",
        c"OtaErrImageStateMismatch",
        c"OtaErrNoActiveJob",
        c"OtaErrUserAbort",
        c"OtaErrFailedToEncodeCbor",
        c"OtaErrFailedToDecodeCbor",
        c"OtaErrActivateFailed",
        c"OtaErrFileSizeOverflow",
        c"OtaErrEmptyJobDocument",
    ]
);

/// Name of an `OtaErr_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_Err_strerror(err: OtaErr_t) -> *const c_char {
    name(&ERR_NAMES, i64::from(err.code()))
}

/// Name of an `OtaJobParseErr_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_JobParse_strerror(err: OtaJobParseErr_t) -> *const c_char {
    names!(
        T = [
            c"OtaJobParseErrUnknown",
            c"OtaJobParseErrNone",
            c"OtaJobParseErrNullJob",
            c"OtaJobParseErrUpdateCurrentJob",
            c"OtaJobParseErrZeroFileSize",
            c"OtaJobParseErrNonConformingJobDoc",
            c"OtaJobParseErrBadModelInitParams",
            c"OtaJobParseErrNoContextAvailable",
            c"OtaJobParseErrNoActiveJobs",
        ]
    );
    name(&T, i64::from(err.get()) + 1)
}

/// Name of a PAL main status (`OTA_PAL_MAIN_ERR` of an `OtaPalStatus_t`).
#[unsafe(no_mangle)]
pub extern "C" fn OTA_PalStatus_strerror(status: OtaPalMainStatus_t) -> *const c_char {
    names!(
        T = [
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
        ]
    );
    if status == 0 {
        return c"OtaPalSuccess".as_ptr();
    }
    name(&T, i64::from(status) - 0xe0)
}

/// Name of an `OtaOsStatus_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_OsStatus_strerror(status: OtaOsStatus_t) -> *const c_char {
    names!(
        T = [
            c"OtaOsEventQueueCreateFailed",
            c"OtaOsEventQueueSendFailed",
            c"OtaOsEventQueueReceiveFailed",
            c"OtaOsEventQueueDeleteFailed",
            c"OtaOsTimerCreateFailed",
            c"OtaOsTimerStartFailed",
            c"OtaOsTimerRestartFailed",
            c"OtaOsTimerStopFailed",
            c"OtaOsTimerDeleteFailed",
        ]
    );
    if status.code() == 0 {
        return c"OtaOsSuccess".as_ptr();
    }
    name(&T, i64::from(status.code()) - 0x80)
}

/// Name of an `OtaMqttStatus_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_MQTT_strerror(status: OtaMqttStatus_t) -> *const c_char {
    names!(
        T = [
            c"OtaMqttPublishFailed",
            c"OtaMqttSubscribeFailed",
            c"OtaMqttUnsubscribeFailed",
        ]
    );
    if status.code() == 0 {
        return c"OtaMqttSuccess".as_ptr();
    }
    name(&T, i64::from(status.code()) - 0xa0)
}

/// Name of an `OtaHttpStatus_t` value.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_HTTP_strerror(status: OtaHttpStatus_t) -> *const c_char {
    names!(
        T = [
            c"OtaHttpInitFailed",
            c"OtaHttpDeinitFailed",
            c"OtaHttpRequestFailed",
        ]
    );
    if status.code() == 0 {
        return c"OtaHttpSuccess".as_ptr();
    }
    name(&T, i64::from(status.code()) - 0xc0)
}
