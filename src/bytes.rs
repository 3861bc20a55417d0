//! Byte-slice helpers whose bounds are checked without a panic path, so the
//! optimiser can drop the panic machinery from firmware builds.

/// Copies as many bytes as both slices hold; returns how many.
pub fn copy(dst: &mut [u8], src: &[u8]) -> usize {
    let n = dst.len().min(src.len());
    if let (Some(d), Some(s)) = (dst.get_mut(..n), src.get(..n)) {
        d.copy_from_slice(s);
    }
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
    buf.copy_within(offset..end, 0);
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
