//! Extensions for flash ports that the C agent did not offer (`ota_pal_extensions.h`).

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

// Plain values that publish no other memory: `Relaxed` is enough (no barrier
// instructions), and the PAL sets them from the agent task or before it runs.

/// Bytes the PAL reported as already stored during the current `createFile`.
pub(crate) static RESUME_OFFSET: AtomicU32 = AtomicU32::new(0);
/// The PAL writes blocks in order only.
pub(crate) static SEQUENTIAL_WRITES: AtomicBool = AtomicBool::new(false);
/// Alignment the PAL needs for the data handed to `writeBlock`.
pub(crate) static BLOCK_ALIGNMENT: AtomicU32 =
    AtomicU32::new(crate::port::DEFAULT_BLOCK_ALIGNMENT as u32);

/// Called by a PAL from its `createFile` when it already holds the first
/// `bytesStored` bytes of this same file from an interrupted download (it must
/// check that it is the same file, e.g. by job id, size and signature). Whole
/// blocks below that offset are not downloaded again; the last block always is, so
/// the file is closed and verified as usual. Has no effect outside `createFile`.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_PalSetResumeOffset(bytesStored: u32) {
    RESUME_OFFSET.store(bytesStored, Ordering::Relaxed);
}

/// Declares that the PAL can only write blocks in order (sequential flash
/// writers). The agent then writes only the first missing block and asks again
/// for blocks that arrive early, so nothing has to be buffered. Call before
/// `OTA_Init`.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_SetSequentialWrites(sequential: bool) {
    SEQUENTIAL_WRITES.store(sequential, Ordering::Relaxed);
}

/// Declares the alignment (in bytes: 1, 2, 4 or 8; 8 unless set) that the PAL's
/// `writeBlock` needs for `pData`. A block whose payload already sits at such an
/// address in the event buffer is handed over in place; any other is first moved
/// to the start of the buffer, which costs a copy of the block. A PAL that takes
/// data at any address declares 1 and never pays that copy. Returns false, and
/// changes nothing, for any other value. Call before `OTA_Init`.
#[unsafe(no_mangle)]
pub extern "C" fn OTA_SetBlockAlignment(alignment: u32) -> bool {
    if !matches!(alignment, 1 | 2 | 4 | 8) {
        ota_log!(
            Error,
            c"Block alignment %u refused: use 1, 2, 4 or 8.",
            alignment
        );
        return false;
    }
    BLOCK_ALIGNMENT.store(alignment, Ordering::Relaxed);
    true
}
