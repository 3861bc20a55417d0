//! Compile-time configuration, read by `build.rs` from the application's
//! `ota_config.h` (or the defaults of `ota_config_defaults.h`).

include!(concat!(env!("OUT_DIR"), "/config.rs"));

/// Bytes per file block (`OTA_FILE_BLOCK_SIZE`).
pub const FILE_BLOCK_SIZE: u32 = 1u32 << LOG2_FILE_BLOCK_SIZE;

/// Size of the `data` array of `OtaEventData_t` (`OTA_DATA_BLOCK_SIZE`).
pub const DATA_BLOCK_SIZE: usize = (1usize << LOG2_FILE_BLOCK_SIZE) + 1500 + 30;

/// Largest file the C agent accepts (`OTA_MAX_FILE_SIZE`).
pub const MAX_FILE_SIZE: u32 = u32::MAX - FILE_BLOCK_SIZE + 1;

/// Bit of `configENABLED_DATA_PROTOCOLS` for MQTT (`OTA_DATA_OVER_MQTT`).
pub const DATA_OVER_MQTT: u32 = 0x1;

/// Bit of `configENABLED_DATA_PROTOCOLS` for HTTP (`OTA_DATA_OVER_HTTP`).
pub const DATA_OVER_HTTP: u32 = 0x2;

/// Capacity of the job name buffer, terminator included (`OTA_JOB_ID_MAX_SIZE`).
pub const JOB_ID_MAX_SIZE: usize = 73;

/// Capacity of the protocols buffer (`OTA_PROTOCOL_BUFFER_SIZE`).
pub const PROTOCOL_BUFFER_SIZE: usize = 20;

/// Largest decoded signature (`kOTA_MaxSignatureSize`).
pub const MAX_SIGNATURE_SIZE: usize = 384;

const _: () = assert!(
    LOG2_FILE_BLOCK_SIZE >= 8 && LOG2_FILE_BLOCK_SIZE <= 17,
    "otaconfigLOG2_FILE_BLOCK_SIZE must be between 8 (256 B) and 17 (128 KiB), the block sizes AWS streams serve"
);
const _: () = assert!(
    MAX_BLOCK_BITMAP_SIZE > 0,
    "otaconfigMAX_BLOCK_BITMAP_SIZE must be > 0"
);
const _: () = assert!(
    MAX_NUM_BLOCKS_REQUEST > 0,
    "otaconfigMAX_NUM_BLOCKS_REQUEST must be > 0"
);
const _: () = assert!(
    ENABLED_CONTROL_PROTOCOL == 1,
    "configENABLED_CONTROL_PROTOCOL: only OTA_CONTROL_OVER_MQTT is supported"
);
const _: () = assert!(
    ENABLED_DATA_PROTOCOLS & (DATA_OVER_MQTT | DATA_OVER_HTTP) != 0,
    "configENABLED_DATA_PROTOCOLS must enable OTA_DATA_OVER_MQTT and/or OTA_DATA_OVER_HTTP"
);
const _: () = assert!(
    ENABLED_DATA_PROTOCOLS & PRIMARY_DATA_PROTOCOL != 0
        && (PRIMARY_DATA_PROTOCOL == DATA_OVER_MQTT || PRIMARY_DATA_PROTOCOL == DATA_OVER_HTTP),
    "configOTA_PRIMARY_DATA_PROTOCOL must be one enabled data protocol"
);
