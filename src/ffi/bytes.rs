//! Byte-slice copies whose bounds are checked without a panic path. The safe
//! `copy_from_slice` / `copy_within` keep a length-mismatch panic the optimiser
//! cannot always prove dead at `opt-level = "z"`, and that one call site pulls the
//! whole panic and `core::fmt` machinery (about 6 KB) into firmware. These check
//! the bounds once, explicitly, then copy. The rest of the crate uses them as
//! `crate::bytes`.

/// Copies as many bytes as both slices hold; returns how many.
pub fn copy(dst: &mut [u8], src: &[u8]) -> usize {
    let n = dst.len().min(src.len());
    // SAFETY: `n` is within both slices, and a `&mut` cannot overlap a `&`.
    unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), dst.as_mut_ptr(), n) };
    n
}

/// The first `n` bytes of `b` (all of it if shorter).
pub fn prefix(b: &[u8], n: usize) -> &[u8] {
    b.get(..n).unwrap_or(b)
}

/// Moves `len` bytes starting at `offset` to the start of `buf` and returns
/// them; `None` if they do not lie inside `buf`.
pub fn move_to_front(buf: &mut [u8], offset: usize, len: usize) -> Option<&mut [u8]> {
    let end = offset.checked_add(len)?;
    if end > buf.len() {
        return None;
    }
    // SAFETY: `offset..end` lies inside `buf` (checked above); `ptr::copy` allows
    // the overlap.
    unsafe { core::ptr::copy(buf.as_ptr().add(offset), buf.as_mut_ptr(), len) };
    buf.get_mut(..len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_moves_within_bounds() {
        let mut d = [0u8; 3];
        assert_eq!(copy(&mut d, b"abcdef"), 3);
        assert_eq!(&d, b"abc");
        assert_eq!(copy(&mut d, b"z"), 1);
        assert_eq!(&d, b"zbc");
        assert_eq!(prefix(b"abc", 2), b"ab");
        assert_eq!(prefix(b"abc", 9), b"abc");
        let mut b = *b"xxhello";
        assert_eq!(
            move_to_front(&mut b, 2, 5).map(|s| s.to_vec()),
            Some(b"hello".to_vec())
        );
        assert!(move_to_front(&mut b, 3, 5).is_none());
        assert!(move_to_front(&mut b, usize::MAX, 2).is_none());
    }
}
