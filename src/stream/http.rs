//! HTTP data plane: one `Range` request per block.

/// Inclusive byte range `(start, end)` of block `block` of a file of
/// `file_size` bytes cut into blocks of `block_size` bytes, as sent in
/// `Range: bytes=start-end`.
///
/// The last block ends at `file_size - 1` and may be short. Returns `None`
/// if `block_size` is zero or the block starts at or beyond the end of the
/// file (which covers every block of an empty file).
pub fn range_for_block(block: u32, block_size: u32, file_size: u32) -> Option<(u32, u32)> {
    let start = block.checked_mul(block_size)?;
    // `start < file_size` makes `file_size - 1 - start` safe below.
    if block_size == 0 || start >= file_size {
        return None;
    }
    let span = (block_size - 1).min(file_size - 1 - start);
    Some((start, start + span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn full_and_short_blocks() {
        // 10240-byte file in 4 KiB blocks: two full blocks and a 2 KiB tail.
        assert_eq!(range_for_block(0, 4096, 10240), Some((0, 4095)));
        assert_eq!(range_for_block(1, 4096, 10240), Some((4096, 8191)));
        assert_eq!(range_for_block(2, 4096, 10240), Some((8192, 10239)));
        assert_eq!(range_for_block(3, 4096, 10240), None);
    }

    #[test]
    fn exact_multiple_has_no_empty_tail() {
        assert_eq!(range_for_block(1, 4096, 8192), Some((4096, 8191)));
        assert_eq!(range_for_block(2, 4096, 8192), None);
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(range_for_block(0, 4096, 0), None);
        assert_eq!(range_for_block(0, 0, 100), None);
        assert_eq!(range_for_block(0, 1, 1), Some((0, 0)));
        assert_eq!(range_for_block(u32::MAX, u32::MAX, u32::MAX), None);
        assert_eq!(
            range_for_block(0, u32::MAX, u32::MAX),
            Some((0, u32::MAX - 1))
        );
        assert_eq!(
            range_for_block(1, 1 << 31, u32::MAX),
            Some((1 << 31, u32::MAX - 1))
        );
    }

    proptest! {
        #[test]
        fn ranges_tile_the_file(block_size in 1u32..=9000, file_size in 0u32..=100_000) {
            // Consecutive ranges must cover every byte once, in order.
            let mut next = 0u32;
            let mut block = 0u32;
            while let Some((start, end)) = range_for_block(block, block_size, file_size) {
                prop_assert_eq!(start, next);
                prop_assert!(end >= start && end - start < block_size);
                next = end + 1;
                block += 1;
            }
            prop_assert_eq!(next, file_size);
            prop_assert_eq!(block, file_size.div_ceil(block_size));
        }

        #[test]
        fn never_panics(block: u32, block_size: u32, file_size: u32) {
            if let Some((start, end)) = range_for_block(block, block_size, file_size) {
                prop_assert!(start <= end && end < file_size);
            }
        }
    }
}
