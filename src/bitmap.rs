//! Receive bitmap: which blocks of a file are still needed.
//!
//! The layout is the one the AWS IoT stream service reads in a GetStream
//! request and the one the C agent keeps: a set bit means the block is
//! still needed (so erased flash, `0xff`, means "everything needed"); block
//! `i` lives in byte `i / 8` at bit `i % 8`, least significant bit first.
//! Bits past the last block are always kept clear so the service never
//! sends blocks that do not exist.
//!
//! The bitmap works on a caller-owned buffer so it can live in an
//! application-supplied buffer or in storage that survives a reset.

use core::fmt;

/// Why a bitmap could not be set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BitmapError {
    /// The buffer is shorter than the `ceil(num_blocks / 8)` bytes needed.
    BufferTooSmall {
        /// Bytes needed for the requested number of blocks.
        needed: usize,
    },
}

impl BitmapError {
    /// Short, fixed description for logs.
    pub const fn description(&self) -> &'static str {
        match self {
            Self::BufferTooSmall { .. } => "bitmap buffer too small for the number of blocks",
        }
    }
}

impl fmt::Display for BitmapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall { needed } => {
                // Plain pieces rather than `write!`: no format template is kept
                // in the firmware's merged string section for a Display the
                // firmware never calls.
                f.write_str(self.description())?;
                f.write_str(" (")?;
                fmt::Display::fmt(needed, f)?;
                f.write_str(" bytes needed)")
            }
        }
    }
}

impl core::error::Error for BitmapError {}

/// Outcome of [`Bitmap::mark_received`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Mark {
    /// The block was needed and is now recorded as received.
    Accepted,
    /// The block had already been received; nothing changed.
    Duplicate,
    /// The block index is not below the number of blocks; nothing changed.
    OutOfRange,
}

/// Bytes needed for `num_blocks` bits.
///
/// At most 2^29, which fits `usize` on every target with 32-bit or wider
/// pointers; saturating keeps smaller targets from wrapping.
pub fn bytes_for(num_blocks: u32) -> usize {
    usize::try_from(num_blocks.div_ceil(8)).unwrap_or(usize::MAX)
}

/// Mask of the bits of the last byte that stand for real blocks.
const fn last_byte_mask(num_blocks: u32) -> u8 {
    match num_blocks % 8 {
        0 => 0xff,
        r => !u8::MAX.wrapping_shl(r),
    }
}

/// Block bitmap over a caller-owned buffer.
///
/// Keeps the number of remaining blocks and the first byte with a needed
/// block as counters, so [`remaining`](Self::remaining) is O(1) and
/// [`first_needed`](Self::first_needed) is O(1) amortised over a download.
#[derive(Debug)]
pub struct Bitmap<'a> {
    /// The whole caller buffer, kept so [`into_inner`](Self::into_inner)
    /// can hand it back; only the first `used` bytes belong to the bitmap.
    buf: &'a mut [u8],
    /// `ceil(num_blocks / 8)`, at most `buf.len()`.
    used: usize,
    num_blocks: u32,
    remaining: u32,
    /// Every byte before this one is zero; the one here (if any) is not.
    first_byte: usize,
}

impl<'a> Bitmap<'a> {
    /// Starts a fresh bitmap in which all `num_blocks` blocks are needed.
    ///
    /// Uses the first `ceil(num_blocks / 8)` bytes of `buf` and sets the
    /// bits past the last block to 0. Any further bytes of `buf` are set to
    /// 0 as well, so a caller that sends the whole buffer never asks for
    /// blocks that do not exist.
    ///
    /// # Errors
    ///
    /// [`BitmapError::BufferTooSmall`] if `buf` is too short; `buf` is then
    /// left untouched.
    pub fn init(buf: &'a mut [u8], num_blocks: u32) -> Result<Self, BitmapError> {
        let used = Self::check_len(buf, num_blocks)?;
        let (bits, spare) = buf
            .split_at_mut_checked(used)
            .ok_or(BitmapError::BufferTooSmall { needed: used })?;
        for b in bits.iter_mut() {
            *b = 0xff;
            // Keeps this loop from becoming the only non-zero `memset` call,
            // whose builtin would add 0.2 KB of flash (once per job, at most
            // `otaconfigMAX_BLOCK_BITMAP_SIZE` bytes: the loop costs nothing).
            core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::Release);
        }
        crate::bytes::zero(spare);
        if let Some(last) = bits.last_mut() {
            *last &= last_byte_mask(num_blocks);
        }
        Ok(Self {
            buf,
            used,
            num_blocks,
            remaining: num_blocks,
            first_byte: 0,
        })
    }

    /// Adopts a bitmap restored from storage, e.g. to resume a download
    /// after a reset, and counts the blocks it still marks as needed.
    ///
    /// Bits past the last block are cleared (restored storage may hold
    /// `0xff` there); bytes of `buf` past the used length are left as they
    /// are.
    ///
    /// # Errors
    ///
    /// [`BitmapError::BufferTooSmall`] if `buf` is too short; `buf` is then
    /// left untouched.
    pub fn from_existing(buf: &'a mut [u8], num_blocks: u32) -> Result<Self, BitmapError> {
        let used = Self::check_len(buf, num_blocks)?;
        let mut bitmap = Self {
            buf,
            used,
            num_blocks,
            remaining: 0,
            first_byte: 0,
        };
        if let Some(last) = used.checked_sub(1).and_then(|i| bitmap.buf.get_mut(i)) {
            *last &= last_byte_mask(num_blocks);
        }
        // Cannot exceed num_blocks once the padding is masked; saturating
        // only guards the arithmetic.
        bitmap.remaining = bitmap
            .bits()
            .iter()
            .fold(0u32, |n, b| n.saturating_add(b.count_ones()));
        bitmap.advance_first_byte();
        Ok(bitmap)
    }

    /// Gives the whole buffer back, e.g. to return it to its owner once the
    /// download is over.
    pub fn into_inner(self) -> &'a mut [u8] {
        self.buf
    }

    /// Checks that `buf` can hold `num_blocks` bits; returns the length
    /// used.
    fn check_len(buf: &[u8], num_blocks: u32) -> Result<usize, BitmapError> {
        let needed = bytes_for(num_blocks);
        if buf.len() < needed {
            return Err(BitmapError::BufferTooSmall { needed });
        }
        Ok(needed)
    }

    /// The bytes in use.
    #[inline]
    fn bits(&self) -> &[u8] {
        self.buf.get(..self.used).unwrap_or(&[])
    }

    /// Moves `first_byte` past zero bytes; bits are only ever cleared, so it
    /// never has to move back.
    fn advance_first_byte(&mut self) {
        let skipped = self
            .bits()
            .get(self.first_byte..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&b| b == 0)
            .count();
        self.first_byte = self.first_byte.saturating_add(skipped);
    }

    /// Byte index and bit mask of block `block`, if it exists.
    #[inline]
    fn locate(&self, block: u32) -> Option<(usize, u8)> {
        if block >= self.num_blocks {
            return None;
        }
        let byte = usize::try_from(block >> 3).ok()?;
        Some((byte, 1u8 << (block & 7)))
    }

    /// Number of blocks in the file.
    pub fn num_blocks(&self) -> u32 {
        self.num_blocks
    }

    /// Number of blocks still needed.
    pub fn remaining(&self) -> u32 {
        self.remaining
    }

    /// Whether every block has been received.
    pub fn is_complete(&self) -> bool {
        self.remaining == 0
    }

    /// Whether block `block` is still needed; `false` for a block past the
    /// end.
    #[inline]
    pub fn is_needed(&self, block: u32) -> bool {
        self.locate(block)
            .and_then(|(byte, mask)| self.buf.get(byte).map(|b| b & mask != 0))
            .unwrap_or(false)
    }

    /// Records block `block` as received.
    #[inline]
    pub fn mark_received(&mut self, block: u32) -> Mark {
        let Some((index, mask)) = self.locate(block) else {
            return Mark::OutOfRange;
        };
        // `locate` keeps `index` below `used`.
        let Some(byte) = self.buf.get_mut(index) else {
            return Mark::OutOfRange;
        };
        if *byte & mask == 0 {
            return Mark::Duplicate;
        }
        *byte &= !mask;
        let emptied = *byte == 0;
        self.remaining = self.remaining.saturating_sub(1);
        if emptied && index == self.first_byte {
            self.advance_first_byte();
        }
        Mark::Accepted
    }

    /// The used bytes, `ceil(num_blocks / 8)` of them: the `"b"` value of a
    /// GetStream request that covers the whole file.
    pub fn bytes(&self) -> &[u8] {
        self.bits()
    }

    /// Lowest block still needed, for sequential download or writing.
    pub fn first_needed(&self) -> Option<u32> {
        let byte = *self.bits().get(self.first_byte)?;
        let base = u32::try_from(self.first_byte).ok()?.checked_mul(8)?;
        base.checked_add(byte.trailing_zeros())
    }

    /// Part of the bitmap for a request that sends a block offset (`"o"`)
    /// and a partial bitmap read relative to it.
    ///
    /// Returns `(offset, bits)`: `offset` is the first needed block rounded
    /// down to a multiple of 8, and `bits` are the bytes from there on, at
    /// most `max_bytes` of them, without trailing zero bytes (they would
    /// ask for nothing). Returns `(0, &[])` when no block is needed or
    /// `max_bytes` is 0.
    pub fn request_window(&self, max_bytes: usize) -> (u32, &[u8]) {
        let tail = self.bits().get(self.first_byte..).unwrap_or(&[]);
        let window = tail.get(..max_bytes).unwrap_or(tail);
        let used = window
            .iter()
            .rposition(|&b| b != 0)
            .map_or(0, |p| p.saturating_add(1));
        let window = window.get(..used).unwrap_or(&[]);
        let offset = u32::try_from(self.first_byte)
            .ok()
            .and_then(|b| b.checked_mul(8));
        match offset {
            Some(offset) if !window.is_empty() => (offset, window),
            _ => (0, &[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn count_bits(bytes: &[u8]) -> u32 {
        bytes.iter().map(|b| b.count_ones()).sum()
    }

    #[test]
    fn init_sets_needed_bits_and_clears_padding() {
        let mut buf = [0xaa; 4];
        let bm = Bitmap::init(&mut buf, 3).unwrap();
        assert_eq!(bm.bytes(), &[0x07]);
        assert_eq!(bm.remaining(), 3);
        assert_eq!(bm.num_blocks(), 3);
        assert_eq!(buf, [0x07, 0, 0, 0]);

        let mut buf = [0u8; 2];
        let bm = Bitmap::init(&mut buf, 16).unwrap();
        assert_eq!(bm.bytes(), &[0xff, 0xff]);

        let mut buf = [0u8; 2];
        let bm = Bitmap::init(&mut buf, 9).unwrap();
        assert_eq!(bm.bytes(), &[0xff, 0x01]);
    }

    #[test]
    fn init_rejects_short_buffer_untouched() {
        let mut buf = [0x55u8; 2];
        assert_eq!(
            Bitmap::init(&mut buf, 17).unwrap_err(),
            BitmapError::BufferTooSmall { needed: 3 }
        );
        assert_eq!(buf, [0x55, 0x55]);
        assert!(Bitmap::from_existing(&mut buf, 17).is_err());
    }

    #[test]
    fn into_inner_returns_the_whole_buffer() {
        let mut buf = [0x11u8; 5];
        let mut bm = Bitmap::init(&mut buf, 10).unwrap();
        assert_eq!(bm.mark_received(0), Mark::Accepted);
        let whole = bm.into_inner();
        assert_eq!(whole, &[0xfe, 0x03, 0, 0, 0]);
        // Re-adopting the returned buffer resumes where it stopped.
        let bm = Bitmap::from_existing(whole, 10).unwrap();
        assert_eq!((bm.remaining(), bm.first_needed()), (9, Some(1)));
    }

    #[test]
    fn zero_blocks() {
        let mut buf = [0xffu8; 1];
        let mut bm = Bitmap::init(&mut buf, 0).unwrap();
        assert!(bm.is_complete());
        assert_eq!(bm.bytes(), &[] as &[u8]);
        assert_eq!(bm.first_needed(), None);
        assert_eq!(bm.mark_received(0), Mark::OutOfRange);
        assert_eq!(bm.request_window(16), (0, &[][..]));
        let mut empty: [u8; 0] = [];
        assert!(Bitmap::init(&mut empty, 0).is_ok());
    }

    #[test]
    fn mark_and_query() {
        let mut buf = [0u8; 2];
        let mut bm = Bitmap::init(&mut buf, 10).unwrap();
        assert!(bm.is_needed(9));
        assert!(!bm.is_needed(10));
        assert!(!bm.is_needed(u32::MAX));
        assert_eq!(bm.mark_received(9), Mark::Accepted);
        assert_eq!(bm.mark_received(9), Mark::Duplicate);
        assert_eq!(bm.mark_received(10), Mark::OutOfRange);
        assert_eq!(bm.mark_received(u32::MAX), Mark::OutOfRange);
        assert_eq!(bm.remaining(), 9);
        assert!(!bm.is_needed(9));
        assert_eq!(bm.bytes(), &[0xff, 0x01]);
    }

    #[test]
    fn first_needed_follows_marks() {
        let mut buf = [0u8; 3];
        let mut bm = Bitmap::init(&mut buf, 20).unwrap();
        for i in 0..20 {
            assert_eq!(bm.first_needed(), Some(i));
            assert_eq!(bm.mark_received(i), Mark::Accepted);
        }
        assert_eq!(bm.first_needed(), None);
        assert!(bm.is_complete());
    }

    #[test]
    fn from_existing_counts_and_masks() {
        // Restored from erased flash: every bit set, including padding.
        let mut buf = [0xffu8, 0xff, 0xff];
        let bm = Bitmap::from_existing(&mut buf, 12).unwrap();
        assert_eq!(bm.remaining(), 12);
        assert_eq!(bm.bytes(), &[0xff, 0x0f]);
        assert_eq!(buf, [0xff, 0x0f, 0xff]);

        let mut buf = [0x00u8, 0x00, 0x30];
        let bm = Bitmap::from_existing(&mut buf, 24).unwrap();
        assert_eq!(bm.remaining(), 2);
        assert_eq!(bm.first_needed(), Some(20));
        assert_eq!(bm.request_window(8), (16, &[0x30][..]));
    }

    #[test]
    fn request_window_trims_and_caps() {
        let mut buf = [0u8; 4];
        let mut bm = Bitmap::init(&mut buf, 32).unwrap();
        assert_eq!(bm.request_window(2), (0, &[0xff, 0xff][..]));
        assert_eq!(bm.request_window(0), (0, &[][..]));
        for i in 0..8 {
            let _ = bm.mark_received(i);
        }
        // Block 9 received too: byte 1 is no longer all ones.
        let _ = bm.mark_received(9);
        assert_eq!(bm.request_window(100), (8, &[0xfd, 0xff, 0xff][..]));
        for i in 16..32 {
            let _ = bm.mark_received(i);
        }
        assert_eq!(bm.request_window(100), (8, &[0xfd][..]));
    }

    #[test]
    fn request_window_skips_trailing_zero_bytes() {
        let mut buf = [0b0000_0001u8, 0, 0, 0b1000_0000];
        let bm = Bitmap::from_existing(&mut buf, 32).unwrap();
        assert_eq!(bm.request_window(2), (0, &[0x01][..]));
        assert_eq!(bm.request_window(4), (0, &[0x01, 0, 0, 0x80][..]));
    }

    #[test]
    fn largest_block_count_does_not_overflow() {
        // u32::MAX blocks: the offset of the last byte is 2^32 - 8.
        let blocks = u32::MAX;
        let mut buf = std::vec![0u8; bytes_for(blocks)];
        let mut bm = Bitmap::init(&mut buf, blocks).unwrap();
        assert_eq!(bm.bytes().last(), Some(&0x7f));
        assert_eq!(bm.mark_received(u32::MAX - 1), Mark::Accepted);
        assert_eq!(bm.mark_received(u32::MAX), Mark::OutOfRange);
        assert_eq!(bm.remaining(), u32::MAX - 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn marks_keep_counter_and_hint_right(
            num_blocks in 0u32..300,
            marks in proptest::collection::vec(any::<u32>(), 0..600),
            spare in 0usize..4,
        ) {
            let mut buf = std::vec![0x5au8; bytes_for(num_blocks) + spare];
            let mut bm = Bitmap::init(&mut buf, num_blocks).unwrap();
            let mut model = std::vec![true; num_blocks as usize];
            for m in marks {
                // Bias indices into range so most marks hit real blocks.
                let i = if num_blocks > 0 && m % 4 != 0 { m % (num_blocks + 3) } else { m };
                let expected = match model.get_mut(i as usize) {
                    None => Mark::OutOfRange,
                    Some(false) => Mark::Duplicate,
                    Some(needed) => { *needed = false; Mark::Accepted }
                };
                prop_assert_eq!(bm.mark_received(i), expected);
                prop_assert_eq!(bm.remaining(), count_bits(bm.bytes()));
                prop_assert_eq!(
                    bm.first_needed(),
                    model.iter().position(|&n| n).map(|p| p as u32)
                );
                prop_assert!(!bm.is_needed(i) || i >= num_blocks);
            }
            for (i, &needed) in model.iter().enumerate() {
                prop_assert_eq!(bm.is_needed(i as u32), needed);
            }
            let (offset, window) = bm.request_window(8);
            match bm.first_needed() {
                None => prop_assert!(window.is_empty() && offset == 0),
                Some(first) => {
                    prop_assert_eq!(offset, first & !7);
                    prop_assert!(window.len() <= 8);
                    prop_assert!(window.first().is_some_and(|&b| b != 0));
                    prop_assert!(window.last().is_some_and(|&b| b != 0));
                    let start = (offset / 8) as usize;
                    prop_assert_eq!(window, &bm.bytes()[start..start + window.len()]);
                }
            }
            let used = bytes_for(num_blocks);
            prop_assert!(buf[used..].iter().all(|&b| b == 0));
        }

        #[test]
        fn from_existing_matches_bit_count(
            mut bytes in proptest::collection::vec(any::<u8>(), 0..64),
            num_blocks in 0u32..600,
            probe: u32,
        ) {
            let needed = bytes_for(num_blocks);
            let Ok(mut bm) = Bitmap::from_existing(&mut bytes, num_blocks) else {
                prop_assert!(needed > bytes.len());
                return Ok(());
            };
            prop_assert_eq!(bm.remaining(), count_bits(bm.bytes()));
            prop_assert!(bm.remaining() <= num_blocks);
            prop_assert_eq!(bm.bytes().len(), needed);
            let first = (0..num_blocks).find(|&i| bm.is_needed(i));
            prop_assert_eq!(bm.first_needed(), first);
            let _ = bm.mark_received(probe);
            let _ = bm.request_window(probe as usize);
            prop_assert_eq!(bm.remaining(), count_bits(bm.bytes()));
        }
    }
}
