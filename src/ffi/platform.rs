//! Adapter from the application's C interface tables to the agent's port traits.
//!
//! The tables are read through the pointer given to `OTA_Init` on every call, as
//! the C agent does (applications may change entries after init); `OTA_Init`
//! checked that the required entries are present, and each call checks again so a
//! later NULL gives an error, not a crash.

use core::ffi::{c_char, c_void};
use core::ptr;

use super::types::*;
use crate::port::{self, Event, FileInfo, ImageState, PalImageState, PalStatus, Timer};

/// The `OtaFileContext_t` the C PAL sees. It must live at a fixed address for as
/// long as the agent does. Its job name, protocols and signature pointers point
/// into the agent's own storage (also static), so nothing is held twice.
pub struct CFileState {
    pub ctx: OtaFileContext_t,
}

impl CFileState {
    pub const fn new() -> CFileState {
        CFileState {
            ctx: OtaFileContext_t {
                pFilePath: ptr::null_mut(),
                filePathMaxSize: 0,
                pFile: ptr::null_mut(),
                fileSize: 0,
                blocksRemaining: 0,
                fileAttributes: 0,
                serverFileID: 0,
                pJobName: ptr::null_mut(),
                jobNameMaxSize: 0,
                pStreamName: ptr::null_mut(),
                streamNameMaxSize: 0,
                pRxBlockBitmap: ptr::null_mut(),
                blockBitmapMaxSize: 0,
                pCertFilepath: ptr::null_mut(),
                certFilePathMaxSize: 0,
                pUpdateUrlPath: ptr::null_mut(),
                updateUrlMaxSize: 0,
                pAuthScheme: ptr::null_mut(),
                authSchemeMaxSize: 0,
                updaterVersion: 0,
                isInSelfTest: false,
                pProtocols: ptr::null_mut(),
                protocolMaxSize: 0,
                pDecodeMem: ptr::null_mut(),
                decodeMemMaxSize: 0,
                fileType: 0,
                pSignature: ptr::null_mut(),
            },
        }
    }
}

// The agent's signature image is handed to C as `Sig_t`.
const _: () = {
    assert!(core::mem::size_of::<Sig_t>() == crate::port::SIGNATURE_IMAGE_LEN);
    assert!(core::mem::offset_of!(Sig_t, data) == 2);
};

/// The platform as the agent sees it: the C tables plus the C file context.
pub struct CPlatform {
    pub ifaces: *const OtaInterfaces_t,
    pub file: *mut CFileState,
}

const OS_SUCCESS: u32 = 0;

fn timer_id(t: Timer) -> OtaTimerId_t {
    OtaTimerId_t(t as u8 as CEnumU)
}

/// Points a context field at a stored value (NULL when there is none).
#[inline(never)]
fn field(v: &[u8]) -> (*mut u8, u16) {
    if v.is_empty() {
        (ptr::null_mut(), 0)
    } else {
        // The PAL reads these C strings; each slot keeps a NUL after the value.
        (
            v.as_ptr().cast_mut(),
            u16::try_from(v.len() + 1).unwrap_or(u16::MAX),
        )
    }
}

impl CPlatform {
    fn i(&self) -> &OtaInterfaces_t {
        // SAFETY: `OTA_Init` checked the pointer; the application keeps the table
        // alive while the agent runs (the C agent's contract).
        unsafe { &*self.ifaces }
    }

    fn ctx(&self) -> *mut OtaFileContext_t {
        // SAFETY: `file` points at the static C file state.
        unsafe { &raw mut (*self.file).ctx }
    }

    // Out of line: most PAL entries go through here.
    #[inline(never)]
    fn pal_call(&self, f: OtaPalFileFn) -> PalStatus {
        match f {
            // SAFETY: calling the application's PAL with its own file context.
            Some(f) => PalStatus(unsafe { f(self.ctx()) }),
            None => PalStatus::combine(PalStatus::UNINITIALIZED, 0),
        }
    }
}

impl port::Os for CPlatform {
    fn signal(&mut self, event: Event) -> bool {
        super::send_event(self.ifaces, event as u8 as u32, ptr::null_mut())
    }

    fn start_timer(&mut self, timer: Timer, ms: u32) -> bool {
        let name: &core::ffi::CStr = match timer {
            Timer::Request => c"OtaRequestTimer",
            Timer::SelfTest => c"OtaSelfTestTimer",
        };
        match self.i().os.timer.start {
            // SAFETY: the name is a static C string; the callback is ours.
            Some(f) => unsafe {
                f(
                    timer_id(timer),
                    name.as_ptr(),
                    ms,
                    Some(super::timer_callback),
                )
                .code()
                    == OS_SUCCESS
            },
            None => false,
        }
    }

    // Out of line: inlined into every caller it costs more flash.
    #[inline(never)]
    fn stop_timer(&mut self, timer: Timer) -> bool {
        match self.i().os.timer.stop {
            // SAFETY: plain call into the OS port.
            Some(f) => unsafe { f(timer_id(timer)).code() == OS_SUCCESS },
            None => false,
        }
    }

    fn delete_timer(&mut self, timer: Timer) -> bool {
        match self.i().os.timer.delete {
            // SAFETY: plain call into the OS port.
            Some(f) => unsafe { f(timer_id(timer)).code() == OS_SUCCESS },
            None => false,
        }
    }

    fn alloc(&mut self, len: usize) -> Option<&'static mut [u8]> {
        let f = self.i().os.mem.malloc?;
        // SAFETY: the OS port's malloc returns `len` writable bytes or NULL; the
        // agent owns them until it passes them back to `free`.
        unsafe {
            let p = f(len).cast::<u8>();
            if p.is_null() {
                None
            } else {
                Some(core::slice::from_raw_parts_mut(p, len))
            }
        }
    }

    fn free(&mut self, buf: &'static mut [u8]) {
        if let Some(f) = self.i().os.mem.free {
            // SAFETY: `buf` came from `alloc` and is not used after this call.
            unsafe { f(buf.as_mut_ptr().cast::<c_void>()) }
        }
    }
}

impl port::Mqtt for CPlatform {
    fn subscribe(&mut self, topic: &[u8], qos: u8) -> bool {
        mqtt_sub(self.i().mqtt.subscribe, topic, qos)
    }

    fn unsubscribe(&mut self, topic: &[u8], qos: u8) -> bool {
        mqtt_sub(self.i().mqtt.unsubscribe, topic, qos)
    }

    fn publish(&mut self, topic: &[u8], payload: &[u8], qos: u8) -> bool {
        let (Some(f), Some(len)) = (self.i().mqtt.publish, c_len(topic)) else {
            return false;
        };
        let Ok(plen) = u32::try_from(payload.len()) else {
            return false;
        };
        // SAFETY: topic is NUL-terminated; both buffers live during the call.
        unsafe {
            f(
                topic.as_ptr().cast::<c_char>(),
                len,
                payload.as_ptr().cast::<c_char>(),
                plen,
                qos,
            )
            .code()
                == OS_SUCCESS
        }
    }
}

/// Length of a NUL-terminated topic without its terminator, as `uint16_t`.
fn c_len(topic: &[u8]) -> Option<u16> {
    match topic.split_last() {
        Some((0, rest)) => u16::try_from(rest.len()).ok(),
        _ => None,
    }
}

fn mqtt_sub(f: OtaMqttSubscribe_t, topic: &[u8], qos: u8) -> bool {
    let (Some(f), Some(len)) = (f, c_len(topic)) else {
        return false;
    };
    // SAFETY: topic is NUL-terminated and lives during the call.
    unsafe { f(topic.as_ptr().cast::<c_char>(), len, qos).code() == OS_SUCCESS }
}

impl port::Http for CPlatform {
    fn init(&mut self, url: &[u8]) -> bool {
        let Some(f) = self.i().http.init else {
            return false;
        };
        if url.last() != Some(&0) {
            return false;
        }
        // SAFETY: NUL-terminated URL; the C signature is non-const but the glue
        // only reads it.
        unsafe { f(url.as_ptr().cast_mut().cast::<c_char>()).code() == OS_SUCCESS }
    }

    fn request(&mut self, start: u32, end: u32) -> bool {
        match self.i().http.request {
            // SAFETY: plain call into the HTTP glue.
            Some(f) => unsafe { f(start, end).code() == OS_SUCCESS },
            None => false,
        }
    }

    fn deinit(&mut self) -> bool {
        match self.i().http.deinit {
            // SAFETY: plain call into the HTTP glue.
            Some(f) => unsafe { f().code() == OS_SUCCESS },
            None => false,
        }
    }
}

impl port::Pal for CPlatform {
    fn sync(&mut self, info: &FileInfo<'_>) {
        // SAFETY: the C file state is only written by the agent, under its lock.
        let s = unsafe { &mut *self.file };
        let c = &mut s.ctx;
        (c.pFilePath, c.filePathMaxSize) = field(info.path);
        (c.pCertFilepath, c.certFilePathMaxSize) = field(info.cert);
        (c.pStreamName, c.streamNameMaxSize) = field(info.stream);
        (c.pUpdateUrlPath, c.updateUrlMaxSize) = field(info.url);
        (c.pAuthScheme, c.authSchemeMaxSize) = field(info.auth);
        c.pRxBlockBitmap = if info.bitmap.is_empty() {
            ptr::null_mut()
        } else {
            info.bitmap.as_ptr().cast_mut()
        };
        c.blockBitmapMaxSize = u16::try_from(info.bitmap.len()).unwrap_or(u16::MAX);
        // The PAL only reads these; they live in the agent's static storage.
        c.pJobName = info.job_name.as_ptr().cast_mut();
        c.jobNameMaxSize = info.job_name.len() as u16;
        c.pProtocols = info.protocols.as_ptr().cast_mut();
        c.protocolMaxSize = info.protocols.len() as u16;
        // Only a whole, suitably aligned image is handed over (arena memory from
        // the OS interface's malloc always is).
        let sig = info.signature.as_ptr();
        c.pSignature = if info.signature.len() == core::mem::size_of::<Sig_t>()
            && sig.align_offset(core::mem::align_of::<Sig_t>()) == 0
        {
            sig.cast::<Sig_t>().cast_mut()
        } else {
            ptr::null_mut()
        };
        c.fileSize = info.file_size;
        c.blocksRemaining = info.blocks_remaining;
        c.fileAttributes = info.attributes;
        c.serverFileID = info.server_file_id;
        c.updaterVersion = info.updater_version;
        c.fileType = info.file_type;
        c.isInSelfTest = info.in_self_test;
        c.pDecodeMem = ptr::null_mut();
        c.decodeMemMaxSize = 0;
    }

    fn create_file(&mut self) -> PalStatus {
        super::extensions::RESUME_OFFSET.store(0, core::sync::atomic::Ordering::Relaxed);
        self.pal_call(self.i().pal.createFile)
    }

    fn resume_offset(&mut self) -> u32 {
        super::extensions::RESUME_OFFSET.swap(0, core::sync::atomic::Ordering::Relaxed)
    }

    fn sequential_writes(&self) -> bool {
        super::extensions::SEQUENTIAL_WRITES.load(core::sync::atomic::Ordering::Relaxed)
    }

    fn block_alignment(&self) -> usize {
        super::extensions::BLOCK_ALIGNMENT.load(core::sync::atomic::Ordering::Relaxed) as usize
    }

    fn has_file(&self) -> bool {
        // SAFETY: reading a field of the static C context.
        unsafe { !(*self.ctx()).pFile.is_null() }
    }

    fn write_block(&mut self, offset: u32, data: &mut [u8]) -> i32 {
        let Some(f) = self.i().pal.writeBlock else {
            return -1;
        };
        let Ok(len) = u32::try_from(data.len()) else {
            return -1;
        };
        // SAFETY: `data` is a live, writable buffer of `len` bytes.
        let written = unsafe { f(self.ctx(), offset, data.as_mut_ptr(), len) };
        // `writeBlock` returns int16_t; blocks above 32 KiB would not fit
        // (upstream issue #414): compare modulo 2^16 so a PAL that wrote all bytes
        // of such a block is still understood.
        if written >= 0 || len > i16::MAX as u32 {
            i32::from(written as u16).min(len as i32)
        } else {
            i32::from(written)
        }
    }

    fn close_file(&mut self) -> PalStatus {
        let r = self.pal_call(self.i().pal.closeFile);
        // SAFETY: the file is closed; forget the handle as the C agent does.
        unsafe { (*self.ctx()).pFile = ptr::null_mut() };
        r
    }

    fn abort(&mut self) -> PalStatus {
        self.pal_call(self.i().pal.abort)
    }

    fn activate(&mut self) -> PalStatus {
        self.pal_call(self.i().pal.activate)
    }

    fn reset(&mut self) -> PalStatus {
        self.pal_call(self.i().pal.reset)
    }

    fn set_image_state(&mut self, state: ImageState) -> PalStatus {
        match self.i().pal.setPlatformImageState {
            // SAFETY: plain call into the PAL with its file context.
            Some(f) => PalStatus(unsafe { f(self.ctx(), OtaImageState_t(state as u8 as CEnumU)) }),
            None => PalStatus::combine(PalStatus::UNINITIALIZED, 0),
        }
    }

    fn get_image_state(&mut self) -> PalImageState {
        let Some(f) = self.i().pal.getPlatformImageState else {
            return PalImageState::Unknown;
        };
        // SAFETY: plain call into the PAL with its file context.
        match unsafe { f(self.ctx()) }.code() {
            1 => PalImageState::PendingCommit,
            2 => PalImageState::Valid,
            3 => PalImageState::Invalid,
            _ => PalImageState::Unknown,
        }
    }
}

impl port::App for CPlatform {
    fn firmware_version(&self) -> u32 {
        super::app_version()
    }

    fn signature_key(&self) -> &[u8] {
        super::signature_key()
    }
}
