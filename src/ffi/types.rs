//! `#[repr(C)]` mirrors of the public C types, with their sizes asserted against
//! the C agent's measured layouts. Enums are integer newtypes whose width follows
//! the firmware's C compiler (1 byte with `-fshort-enums`, else 4), never Rust
//! enums: a C caller may pass any value.

use core::ffi::{c_char, c_uint, c_void};

use crate::config;

/// Width of a C enum with negative enumerators.
#[cfg(ota_short_enums)]
pub type CEnumI = i8;
/// Width of a C enum with only non-negative enumerators.
#[cfg(ota_short_enums)]
pub type CEnumU = u8;
/// Width of a C enum with negative enumerators.
#[cfg(not(ota_short_enums))]
pub type CEnumI = i32;
/// Width of a C enum with only non-negative enumerators.
#[cfg(not(ota_short_enums))]
pub type CEnumU = u32;

macro_rules! c_enum {
    ($(#[$m:meta])* $name:ident($repr:ty)) => {
        $(#[$m])*
        #[repr(transparent)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(pub $repr);
        impl $name {
            /// The value as a signed 32-bit integer.
            #[allow(dead_code, clippy::unnecessary_cast)]
            pub fn get(self) -> i32 {
                self.0 as i32
            }
            /// The value as an unsigned 32-bit integer (bit pattern of the C value).
            #[allow(dead_code, clippy::unnecessary_cast)]
            pub fn code(self) -> u32 {
                self.0 as u32
            }
        }
    };
}

c_enum!(/// `OtaErr_t`
    OtaErr_t(CEnumU));
c_enum!(/// `OtaState_t`
    OtaState_t(CEnumI));
c_enum!(/// `OtaJobParseErr_t`
    OtaJobParseErr_t(CEnumI));
c_enum!(/// `OtaJobEvent_t`
    OtaJobEvent_t(CEnumU));
c_enum!(/// `OtaJobStatus_t`
    OtaJobStatus_t(CEnumU));
c_enum!(/// `OtaImageState_t`
    OtaImageState_t(CEnumU));
c_enum!(/// `OtaPalImageState_t`
    OtaPalImageState_t(CEnumU));
c_enum!(/// `OtaEvent_t`
    OtaEvent_t(CEnumU));
c_enum!(/// `OtaTimerId_t`
    OtaTimerId_t(CEnumU));
c_enum!(/// `OtaOsStatus_t`
    OtaOsStatus_t(CEnumU));
c_enum!(/// `OtaMqttStatus_t`
    OtaMqttStatus_t(CEnumU));
c_enum!(/// `OtaHttpStatus_t`
    OtaHttpStatus_t(CEnumU));

/// `OtaPalStatus_t` (a plain `uint32_t` in C).
pub type OtaPalStatus_t = u32;
/// `OtaPalMainStatus_t`
pub type OtaPalMainStatus_t = u32;

/// Opaque `struct OtaEventContext`.
#[repr(C)]
pub struct OtaEventContext_t {
    _private: [u8; 0],
}

/// `OtaInitEvent_t`
pub type OtaInitEvent_t = Option<unsafe extern "C" fn(*mut OtaEventContext_t) -> OtaOsStatus_t>;
/// `OtaSendEvent_t`
pub type OtaSendEvent_t =
    Option<unsafe extern "C" fn(*mut OtaEventContext_t, *const c_void, c_uint) -> OtaOsStatus_t>;
/// `OtaReceiveEvent_t`
pub type OtaReceiveEvent_t =
    Option<unsafe extern "C" fn(*mut OtaEventContext_t, *mut c_void, u32) -> OtaOsStatus_t>;
/// `OtaDeinitEvent_t`
pub type OtaDeinitEvent_t = Option<unsafe extern "C" fn(*mut OtaEventContext_t) -> OtaOsStatus_t>;
/// `OtaTimerCallback_t`
pub type OtaTimerCallback_t = Option<unsafe extern "C" fn(OtaTimerId_t)>;
/// `OtaStartTimer_t`
pub type OtaStartTimer_t = Option<
    unsafe extern "C" fn(OtaTimerId_t, *const c_char, u32, OtaTimerCallback_t) -> OtaOsStatus_t,
>;
/// `OtaStopTimer_t`
pub type OtaStopTimer_t = Option<unsafe extern "C" fn(OtaTimerId_t) -> OtaOsStatus_t>;
/// `OtaDeleteTimer_t`
pub type OtaDeleteTimer_t = Option<unsafe extern "C" fn(OtaTimerId_t) -> OtaOsStatus_t>;
/// `OtaMalloc_t`
pub type OtaMalloc_t = Option<unsafe extern "C" fn(usize) -> *mut c_void>;
/// `OtaFree_t`
pub type OtaFree_t = Option<unsafe extern "C" fn(*mut c_void)>;

/// `OtaEventInterface_t`
#[repr(C)]
pub struct OtaEventInterface_t {
    pub init: OtaInitEvent_t,
    pub send: OtaSendEvent_t,
    pub recv: OtaReceiveEvent_t,
    pub deinit: OtaDeinitEvent_t,
    pub pEventContext: *mut OtaEventContext_t,
}

/// `OtaTimerInterface_t`
#[repr(C)]
pub struct OtaTimerInterface_t {
    pub start: OtaStartTimer_t,
    pub stop: OtaStopTimer_t,
    pub delete: OtaDeleteTimer_t,
}

/// `OtaMallocInterface_t`
#[repr(C)]
pub struct OtaMallocInterface_t {
    pub malloc: OtaMalloc_t,
    pub free: OtaFree_t,
}

/// `OtaOSInterface_t`
#[repr(C)]
pub struct OtaOSInterface_t {
    pub event: OtaEventInterface_t,
    pub timer: OtaTimerInterface_t,
    pub mem: OtaMallocInterface_t,
}

/// `OtaMqttSubscribe_t` / `OtaMqttUnsubscribe_t`
pub type OtaMqttSubscribe_t =
    Option<unsafe extern "C" fn(*const c_char, u16, u8) -> OtaMqttStatus_t>;
/// `OtaMqttPublish_t`
pub type OtaMqttPublish_t =
    Option<unsafe extern "C" fn(*const c_char, u16, *const c_char, u32, u8) -> OtaMqttStatus_t>;

/// `OtaMqttInterface_t` (order: subscribe, unsubscribe, publish)
#[repr(C)]
pub struct OtaMqttInterface_t {
    pub subscribe: OtaMqttSubscribe_t,
    pub unsubscribe: OtaMqttSubscribe_t,
    pub publish: OtaMqttPublish_t,
}

/// `OtaHttpInterface_t`
#[repr(C)]
pub struct OtaHttpInterface_t {
    pub init: Option<unsafe extern "C" fn(*mut c_char) -> OtaHttpStatus_t>,
    pub request: Option<unsafe extern "C" fn(u32, u32) -> OtaHttpStatus_t>,
    pub deinit: Option<unsafe extern "C" fn() -> OtaHttpStatus_t>,
}

/// PAL entry taking only the file context.
pub type OtaPalFileFn = Option<unsafe extern "C" fn(*mut OtaFileContext_t) -> OtaPalStatus_t>;

/// `OtaPalInterface_t`
#[repr(C)]
pub struct OtaPalInterface_t {
    pub abort: OtaPalFileFn,
    pub createFile: OtaPalFileFn,
    pub closeFile: OtaPalFileFn,
    pub writeBlock: Option<unsafe extern "C" fn(*mut OtaFileContext_t, u32, *mut u8, u32) -> i16>,
    pub activate: OtaPalFileFn,
    pub reset: OtaPalFileFn,
    pub setPlatformImageState:
        Option<unsafe extern "C" fn(*mut OtaFileContext_t, OtaImageState_t) -> OtaPalStatus_t>,
    pub getPlatformImageState:
        Option<unsafe extern "C" fn(*mut OtaFileContext_t) -> OtaPalImageState_t>,
}

/// `OtaInterfaces_t`
#[repr(C)]
pub struct OtaInterfaces_t {
    pub os: OtaOSInterface_t,
    pub mqtt: OtaMqttInterface_t,
    pub http: OtaHttpInterface_t,
    pub pal: OtaPalInterface_t,
}

/// `OtaAppBuffer_t`
#[repr(C)]
pub struct OtaAppBuffer_t {
    pub pUpdateFilePath: *mut u8,
    pub updateFilePathsize: u16,
    pub pCertFilePath: *mut u8,
    pub certFilePathSize: u16,
    pub pStreamName: *mut u8,
    pub streamNameSize: u16,
    pub pDecodeMemory: *mut u8,
    pub decodeMemorySize: u32,
    pub pFileBitmap: *mut u8,
    pub fileBitmapSize: u16,
    pub pUrl: *mut u8,
    pub urlSize: u16,
    pub pAuthScheme: *mut u8,
    pub authSchemeSize: u16,
}

/// `Sig_t`
#[repr(C)]
pub struct Sig_t {
    pub size: u16,
    pub data: [u8; config::MAX_SIGNATURE_SIZE],
}

/// `OtaFileContext_t`
#[repr(C)]
pub struct OtaFileContext_t {
    pub pFilePath: *mut u8,
    pub filePathMaxSize: u16,
    pub pFile: *mut c_void,
    pub fileSize: u32,
    pub blocksRemaining: u32,
    pub fileAttributes: u32,
    pub serverFileID: u32,
    pub pJobName: *mut u8,
    pub jobNameMaxSize: u16,
    pub pStreamName: *mut u8,
    pub streamNameMaxSize: u16,
    pub pRxBlockBitmap: *mut u8,
    pub blockBitmapMaxSize: u16,
    pub pCertFilepath: *mut u8,
    pub certFilePathMaxSize: u16,
    pub pUpdateUrlPath: *mut u8,
    pub updateUrlMaxSize: u16,
    pub pAuthScheme: *mut u8,
    pub authSchemeMaxSize: u16,
    pub updaterVersion: u32,
    pub isInSelfTest: bool,
    pub pProtocols: *mut u8,
    pub protocolMaxSize: u16,
    pub pDecodeMem: *mut u8,
    pub decodeMemMaxSize: u32,
    pub fileType: u32,
    pub pSignature: *mut Sig_t,
}

/// `OtaEventData_t`
#[repr(C)]
pub struct OtaEventData_t {
    pub data: [u8; config::DATA_BLOCK_SIZE],
    pub dataLength: u32,
    pub bufferUsed: bool,
}

/// `OtaEventMsg_t`
#[repr(C)]
#[derive(Clone, Copy)]
pub struct OtaEventMsg_t {
    pub pEventData: *mut OtaEventData_t,
    pub eventId: OtaEvent_t,
}

/// `OtaAgentStatistics_t`
#[repr(C)]
pub struct OtaAgentStatistics_t {
    pub otaPacketsReceived: u32,
    pub otaPacketsQueued: u32,
    pub otaPacketsProcessed: u32,
    pub otaPacketsDropped: u32,
}

/// `OtaJobDocument_t`
#[repr(C)]
pub struct OtaJobDocument_t {
    pub pJobDocJson: *const u8,
    pub jobDocLength: usize,
    pub pJobId: *const u8,
    pub jobIdLength: usize,
    pub fileTypeId: u32,
    pub parseErr: OtaJobParseErr_t,
    pub status: OtaJobStatus_t,
    pub reason: i32,
    pub subReason: i32,
}

/// `OtaAppCallback_t`
pub type OtaAppCallback_t = Option<unsafe extern "C" fn(OtaJobEvent_t, *mut c_void)>;

// Layouts measured from the C agent's headers (aws-ota-v3 reference, section 1.6).
use core::mem::{offset_of, size_of};
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(size_of::<OtaOSInterface_t>() == 80);
    assert!(size_of::<OtaMqttInterface_t>() == 24);
    assert!(size_of::<OtaHttpInterface_t>() == 24);
    assert!(size_of::<OtaPalInterface_t>() == 64);
    assert!(size_of::<OtaInterfaces_t>() == 192);
    assert!(offset_of!(OtaInterfaces_t, pal) == 128);
    assert!(size_of::<OtaAppBuffer_t>() == 112);
    assert!(size_of::<OtaFileContext_t>() == 184);
    assert!(offset_of!(OtaFileContext_t, isInSelfTest) == 136);
    assert!(offset_of!(OtaFileContext_t, pSignature) == 176);
    assert!(size_of::<OtaEventMsg_t>() == 16);
};
#[cfg(target_pointer_width = "32")]
const _: () = {
    assert!(size_of::<OtaOSInterface_t>() == 40);
    assert!(size_of::<OtaInterfaces_t>() == 96);
    assert!(size_of::<OtaAppBuffer_t>() == 56);
    assert!(size_of::<OtaFileContext_t>() == 108);
    assert!(offset_of!(OtaFileContext_t, pSignature) == 104);
    assert!(size_of::<OtaEventMsg_t>() == 8);
};
const _: () = {
    assert!(size_of::<Sig_t>() == 386);
    assert!(size_of::<OtaAgentStatistics_t>() == 16);
    assert!(size_of::<OtaEventData_t>() == config::DATA_BLOCK_SIZE.div_ceil(4) * 4 + 8);
    assert!(size_of::<OtaState_t>() == config::C_ENUM_SIZE);
};
#[cfg(all(target_pointer_width = "32", ota_short_enums))]
const _: () = {
    assert!(size_of::<OtaJobDocument_t>() == 32);
    assert!(offset_of!(OtaJobDocument_t, status) == 21);
};
#[cfg(all(target_pointer_width = "64", not(ota_short_enums)))]
const _: () = assert!(size_of::<OtaJobDocument_t>() == 56);
