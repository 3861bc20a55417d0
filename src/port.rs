//! What the agent needs from the platform, as safe Rust traits.
//!
//! The C interface tables (`OtaOSInterface_t`, `OtaMqttInterface_t`,
//! `OtaHttpInterface_t`, `OtaPalInterface_t`) are adapted to these once, in the FFI
//! layer; tests implement them with in-memory fakes.

/// Agent events, numbered as `OtaEvent_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Event {
    /// `OtaAgentEventStart`
    Start = 0,
    /// `OtaAgentEventStartSelfTest`
    StartSelfTest = 1,
    /// `OtaAgentEventRequestJobDocument`
    RequestJobDocument = 2,
    /// `OtaAgentEventReceivedJobDocument`
    ReceivedJobDocument = 3,
    /// `OtaAgentEventCreateFile`
    CreateFile = 4,
    /// `OtaAgentEventRequestFileBlock`
    RequestFileBlock = 5,
    /// `OtaAgentEventReceivedFileBlock`
    ReceivedFileBlock = 6,
    /// `OtaAgentEventRequestTimer`
    RequestTimer = 7,
    /// `OtaAgentEventCloseFile`
    CloseFile = 8,
    /// `OtaAgentEventSuspend`
    Suspend = 9,
    /// `OtaAgentEventResume`
    Resume = 10,
    /// `OtaAgentEventUserAbort`
    UserAbort = 11,
    /// `OtaAgentEventShutdown`
    Shutdown = 12,
}

impl Event {
    /// Maps an `OtaEvent_t` value; unknown values give `None`.
    pub fn from_code(code: u32) -> Option<Event> {
        use Event::*;
        Some(match code {
            0 => Start,
            1 => StartSelfTest,
            2 => RequestJobDocument,
            3 => ReceivedJobDocument,
            4 => CreateFile,
            5 => RequestFileBlock,
            6 => ReceivedFileBlock,
            7 => RequestTimer,
            8 => CloseFile,
            9 => Suspend,
            10 => Resume,
            11 => UserAbort,
            12 => Shutdown,
            _ => return None,
        })
    }
}

/// The agent's two one-shot timers (`OtaTimerId_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Timer {
    /// `OtaRequestTimer`: retries job and block requests.
    Request = 0,
    /// `OtaSelfTestTimer`: resets the device if the self-test never completes.
    SelfTest = 1,
}

/// Image states the agent asks the PAL to set (`OtaImageState_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ImageState {
    /// `OtaImageStateUnknown`
    Unknown = 0,
    /// `OtaImageStateTesting`
    Testing = 1,
    /// `OtaImageStateAccepted`
    Accepted = 2,
    /// `OtaImageStateRejected`
    Rejected = 3,
    /// `OtaImageStateAborted`
    Aborted = 4,
}

/// Image states the PAL reports (`OtaPalImageState_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PalImageState {
    /// `OtaPalImageStateUnknown`, or any value the PAL returns that is not defined.
    Unknown,
    /// `OtaPalImageStatePendingCommit`: the new image runs and awaits its self-test.
    PendingCommit,
    /// `OtaPalImageStateValid`
    Valid,
    /// `OtaPalImageStateInvalid`
    Invalid,
}

/// A PAL status word: main code in bits 31..24, platform sub-code in 23..0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PalStatus(pub u32);

impl PalStatus {
    /// `OtaPalSuccess`
    pub const SUCCESS: u8 = 0;
    /// `OtaPalUninitialized`
    pub const UNINITIALIZED: u8 = 0xe0;
    /// `OtaPalSignatureCheckFailed`
    pub const SIGNATURE_CHECK_FAILED: u8 = 0xe3;
    /// `OtaPalRxFileCreateFailed`
    pub const RX_FILE_CREATE_FAILED: u8 = 0xe4;
    /// `OtaPalNullFileContext`
    pub const NULL_FILE_CONTEXT: u8 = 0xe2;

    /// Combines a main code and a sub-code (`OTA_PAL_COMBINE_ERR`).
    pub const fn combine(main: u8, sub: u32) -> PalStatus {
        PalStatus(((main as u32) << 24) | (sub & 0x00ff_ffff))
    }
    /// The main code (`OTA_PAL_MAIN_ERR`); the agent judges success by this only.
    pub const fn main(self) -> u8 {
        (self.0 >> 24) as u8
    }
    /// The platform sub-code (`OTA_PAL_SUB_ERR`).
    pub const fn sub(self) -> u32 {
        self.0 & 0x00ff_ffff
    }
    /// True when the main code is `OtaPalSuccess`.
    pub const fn is_ok(self) -> bool {
        self.main() == Self::SUCCESS
    }
}

/// Bytes of a signature laid out as the C agent's `Sig_t`.
pub const SIGNATURE_IMAGE_LEN: usize = 2 + crate::config::MAX_SIGNATURE_SIZE;

/// What the agent tells the PAL about the file being received. Strings are the raw
/// job-document values; each is stored NUL-terminated in its buffer (the slice
/// here excludes the terminator).
#[derive(Clone, Copy, Debug)]
pub struct FileInfo<'a> {
    /// `filepath`
    pub path: &'a [u8],
    /// `certfile`
    pub cert: &'a [u8],
    /// `streamname`
    pub stream: &'a [u8],
    /// `update_data_url`
    pub url: &'a [u8],
    /// `auth_scheme`
    pub auth: &'a [u8],
    /// Raw `protocols` array text, NUL-padded.
    pub protocols: &'a [u8; crate::config::PROTOCOL_BUFFER_SIZE],
    /// Active job id.
    pub job_name: &'a [u8; crate::config::JOB_ID_MAX_SIZE],
    /// The decoded signature laid out as `Sig_t` (`uint16_t size` in native byte
    /// order, then the data), so the PAL can read it in place; empty outside a job.
    pub signature: &'a [u8],
    /// The receive bitmap.
    pub bitmap: &'a [u8],
    /// `filesize`
    pub file_size: u32,
    /// Blocks still to receive.
    pub blocks_remaining: u32,
    /// `attr`
    pub attributes: u32,
    /// `fileid`
    pub server_file_id: u32,
    /// `updatedBy`
    pub updater_version: u32,
    /// `fileType`
    pub file_type: u32,
    /// Job is in its self-test phase.
    pub in_self_test: bool,
}

/// Operating-system services: the event queue, timers and memory.
pub trait Os {
    /// Queues an event without data for the agent; false if the queue refused it.
    fn signal(&mut self, event: Event) -> bool;
    /// Starts (or restarts) a one-shot timer of `ms` milliseconds.
    fn start_timer(&mut self, timer: Timer, ms: u32) -> bool;
    /// Stops a timer (no-op if not running).
    fn stop_timer(&mut self, timer: Timer) -> bool;
    /// Deletes a timer.
    fn delete_timer(&mut self, timer: Timer) -> bool;
    /// Allocates `len` bytes through the OS interface; `None` if out of memory.
    fn alloc(&mut self, len: usize) -> Option<&'static mut [u8]>;
    /// Returns memory obtained from [`Os::alloc`].
    fn free(&mut self, buf: &'static mut [u8]);
}

/// MQTT client. Topics are passed with a trailing NUL byte (C glue expects a
/// C string); the length given to C excludes it.
pub trait Mqtt {
    /// Subscribes to `topic`.
    fn subscribe(&mut self, topic: &[u8], qos: u8) -> bool;
    /// Unsubscribes from `topic`.
    fn unsubscribe(&mut self, topic: &[u8], qos: u8) -> bool;
    /// Publishes `payload` on `topic`.
    fn publish(&mut self, topic: &[u8], payload: &[u8], qos: u8) -> bool;
}

/// HTTP client for the pre-signed URL data plane.
pub trait Http {
    /// Opens a connection for `url` (NUL-terminated).
    fn init(&mut self, url: &[u8]) -> bool;
    /// Requests the inclusive byte range `start..=end`.
    fn request(&mut self, start: u32, end: u32) -> bool;
    /// Closes the connection.
    fn deinit(&mut self) -> bool;
}

/// Platform abstraction: where the image is stored and how it is activated.
pub trait Pal {
    /// Tells the PAL about the file (called whenever the agent's file context changes).
    fn sync(&mut self, info: &FileInfo<'_>);
    /// Creates the receive file.
    fn create_file(&mut self) -> PalStatus;
    /// True when the PAL holds an open file handle.
    fn has_file(&self) -> bool;
    /// Writes `data` at `offset`; returns the PAL's count of bytes written.
    fn write_block(&mut self, offset: u32, data: &mut [u8]) -> i32;
    /// Closes the file; the PAL verifies the signature here.
    fn close_file(&mut self) -> PalStatus;
    /// Aborts and releases the file (must tolerate no open file).
    fn abort(&mut self) -> PalStatus;
    /// Activates the new image (usually resets).
    fn activate(&mut self) -> PalStatus;
    /// Resets the device.
    fn reset(&mut self) -> PalStatus;
    /// Sets the platform image state.
    fn set_image_state(&mut self, state: ImageState) -> PalStatus;
    /// Reads the platform image state.
    fn get_image_state(&mut self) -> PalImageState;
    /// Bytes of this file the PAL already holds from an interrupted download,
    /// reported by `create_file` (flash ports that resume after power loss).
    /// Whole blocks below it are not downloaded again.
    fn resume_offset(&mut self) -> u32 {
        0
    }
    /// True when the PAL can only write blocks in order (sequential flash ports);
    /// the agent then accepts only the first missing block and asks again for the
    /// rest, so no block has to be buffered.
    fn sequential_writes(&self) -> bool {
        false
    }
    /// Alignment (bytes, a power of two) the PAL needs for the data it is handed
    /// to write. Blocks whose payload already sits so aligned in the event buffer
    /// are written in place; others are first moved to the start of the buffer.
    fn block_alignment(&self) -> usize {
        DEFAULT_BLOCK_ALIGNMENT
    }
}

/// Alignment of the data handed to the PAL unless it declares another: enough
/// for word and double-word loads of a flash driver.
pub const DEFAULT_BLOCK_ALIGNMENT: usize = 8;

/// Application facts the agent reads.
pub trait App {
    /// The running firmware version (`appFirmwareVersion.u.unsignedVersion32`).
    fn firmware_version(&self) -> u32;
    /// The job-document key of the signature (`OTA_JsonFileSignatureKey`).
    fn signature_key(&self) -> &[u8];
}

/// Everything the agent uses, bundled.
pub trait Platform: Os + Mqtt + Http + Pal + App {}
impl<T: Os + Mqtt + Http + Pal + App> Platform for T {}
