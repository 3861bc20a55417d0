//! Extensions for flash ports that the C agent did not offer (`ota_pal_extensions.h`).

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Bytes the PAL reported as already stored during the current `createFile`.
pub(crate) static RESUME_OFFSET: AtomicU32 = AtomicU32::new(0);
/// The PAL writes blocks in order only.
pub(crate) static SEQUENTIAL_WRITES: AtomicBool = AtomicBool::new(false);

/// Called by a PAL from its `createFile` when it already holds the first
/// `bytesStored` bytes of this same file from an interrupted download (it must
/// check that it is the same file, e.g. by job id, size and signature). Whole
/// blocks below that offset are not downloaded again; the last block always is, so
/// the file is closed and verified as usual. Has no effect outside `createFile`.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_PalSetResumeOffset(bytesStored: u32) {
    RESUME_OFFSET.store(bytesStored, Ordering::Release);
}

/// Declares that the PAL can only write blocks in order (sequential flash
/// writers). The agent then writes only the first missing block and asks again
/// for blocks that arrive early, so nothing has to be buffered. Call before
/// `OTA_Init`.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_SetSequentialWrites(sequential: bool) {
    SEQUENTIAL_WRITES.store(sequential, Ordering::Release);
}
