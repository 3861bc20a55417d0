//! Byte-slice copies whose bounds are checked without a panic path. The safe
//! `copy_from_slice` / `copy_within` keep a length-mismatch panic the optimiser
//! cannot always prove dead at `opt-level = "z"`, and that one call site pulls the
//! whole panic and `core::fmt` machinery (about 6 KB) into firmware. These check
//! the bounds once, explicitly, then copy. The rest of the crate uses them as
//! `crate::bytes`, with [`zero`] and [`eq`].
//!
//! They are also plain loops, not calls to `memcpy`, `memmove`, `memset` or
//! `memcmp`: the agent needs none of the toolchain's bare-metal copies of those
//! (about 1.2 KB together) except the word-aligned clear the compiler emits for
//! zero-initialised arrays.

/// Copies as many bytes as both slices hold; returns how many.
///
/// A machine word per step (four bytes on a Cortex-M), in a loop a compiler
/// fence keeps from becoming a `memcpy` call.
pub fn copy(dst: &mut [u8], src: &[u8]) -> usize {
    const W: usize = core::mem::size_of::<usize>();
    let n = dst.len().min(src.len());
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    let mut i = 0;
    while i + W <= n {
        // SAFETY: `i + W <= n`, which both slices hold; a `&mut` cannot overlap a `&`.
        unsafe {
            let w = core::ptr::read_unaligned(s.add(i).cast::<usize>());
            core::ptr::write_unaligned(d.add(i).cast::<usize>(), w);
        }
        fence();
        i += W;
    }
    while i < n {
        // SAFETY: `i < n`, as above.
        unsafe { *d.add(i) = *s.add(i) };
        fence();
        i += 1;
    }
    n
}

/// Zeroes `buf`, a machine word per step, in a loop kept one as in [`copy`]
/// (`fill(0)` would call the builtin `memset`).
pub fn zero(buf: &mut [u8]) {
    const W: usize = core::mem::size_of::<usize>();
    let n = buf.len();
    let d = buf.as_mut_ptr();
    let mut i = 0;
    while i + W <= n {
        // SAFETY: `i + W <= n`, inside `buf`.
        unsafe { core::ptr::write_unaligned(d.add(i).cast::<usize>(), 0) };
        fence();
        i += W;
    }
    while i < n {
        // SAFETY: `i < n`, inside `buf`.
        unsafe { *d.add(i) = 0 };
        fence();
        i += 1;
    }
}

/// Keeps the optimiser from turning a copy loop back into a call to a builtin
/// memory function.
#[inline(always)]
fn fence() {
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::Release);
}

/// Whether `a` and `b` hold the same bytes. A plain loop: slice `==` calls the
/// builtin `memcmp`, which on bare metal costs more flash than every comparison
/// of the crate (a few short names each) together.
pub fn eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
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
    #[cfg(ota_std)]
    // SAFETY: `offset..end` lies inside `buf` (checked above); `ptr::copy` allows
    // the overlap.
    unsafe {
        core::ptr::copy(buf.as_ptr().add(offset), buf.as_mut_ptr(), len)
    };
    #[cfg(not(ota_std))]
    move_down(buf, offset, len);
    buf.get_mut(..len)
}

/// Copies `buf[offset..offset + len]` to `buf[..len]` front to back, which is
/// safe for this overlap because the destination lies below the source. On bare
/// metal this replaces `ptr::copy`, whose builtin `memmove` would add about 1.5 KB
/// of flash for this one caller; hosted builds use the C library's.
#[cfg(any(test, not(ota_std)))]
fn move_down(buf: &mut [u8], offset: usize, len: usize) {
    if offset.checked_add(len).is_none_or(|end| end > buf.len()) {
        return;
    }
    let p = buf.as_mut_ptr();
    let mut i = 0;
    while i + 4 <= len {
        // SAFETY: `offset + i + 4 <= offset + len <= buf.len()`. The word written ends
        // before any byte still to be read, which all lie at `offset + i + 4` or
        // beyond.
        unsafe {
            let w = core::ptr::read_unaligned(p.add(offset + i).cast::<u32>());
            core::ptr::write_unaligned(p.add(i).cast::<u32>(), w);
        }
        fence();
        i += 4;
    }
    while i < len {
        if let Some(&b) = buf.get(offset + i)
            && let Some(d) = buf.get_mut(i)
        {
            *d = b;
        }
        i += 1;
    }
}

/// The `len` payload bytes at `offset` in `buf`, at an address that is a
/// multiple of `align` (a power of two) or, failing that, as aligned as `buf`
/// itself: in place when they already are, else moved to the front of `buf`.
/// `None` if they do not lie inside `buf`.
pub fn aligned_payload(
    buf: &mut [u8],
    offset: usize,
    len: usize,
    align: usize,
) -> Option<&mut [u8]> {
    let end = offset.checked_add(len)?;
    let mask = align.max(1) - 1;
    let addr = (buf.as_ptr() as usize).wrapping_add(offset);
    if addr & mask == 0 || offset & mask == 0 {
        return buf.get_mut(offset..end);
    }
    move_to_front(buf, offset, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_takes_the_shorter_length() {
        let src: [u8; 40] = core::array::from_fn(|i| i as u8 + 1);
        for start in 0..9 {
            for len in 0..24 {
                for dst_len in [0, len / 2, len, len + 3] {
                    let mut dst = [0u8; 64];
                    let n = copy(&mut dst[start..start + dst_len], &src[..len]);
                    assert_eq!(n, len.min(dst_len));
                    assert_eq!(&dst[start..start + n], &src[..n]);
                    assert!(
                        dst[..start]
                            .iter()
                            .chain(&dst[start + n..])
                            .all(|&b| b == 0)
                    );
                }
            }
        }
    }

    #[test]
    fn zero_clears_exactly_the_slice() {
        for start in 0..5 {
            for len in 0..20 {
                let mut a = [0xAAu8; 32];
                zero(&mut a[start..start + len]);
                for (i, &b) in a.iter().enumerate() {
                    let inside = (start..start + len).contains(&i);
                    assert_eq!(
                        b,
                        if inside { 0 } else { 0xAA },
                        "start {start}, len {len}, byte {i}"
                    );
                }
            }
        }
    }

    #[test]
    fn eq_is_slice_equality() {
        let samples: [&[u8]; 6] = [b"", b"a", b"ab", b"abc", b"abd", b"ba"];
        for a in samples {
            for b in samples {
                assert_eq!(eq(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn forward_move_matches_memmove() {
        for offset in 1..12 {
            for len in 0..40 {
                let mut a: [u8; 64] = core::array::from_fn(|i| i as u8);
                let mut b = a;
                a.copy_within(offset..offset + len, 0);
                move_down(&mut b, offset, len);
                assert_eq!(a, b, "offset {offset}, len {len}");
            }
        }
        let mut c = [1u8, 2, 3];
        move_down(&mut c, 2, 5); // out of bounds: untouched
        assert_eq!(c, [1, 2, 3]);
    }

    #[test]
    fn aligned_payloads_stay_in_place() {
        #[repr(align(8))]
        struct Buf([u8; 32]);
        let mut b = Buf([0; 32]);
        for (i, x) in b.0.iter_mut().enumerate() {
            *x = i as u8;
        }
        let base = b.0.as_ptr() as usize;
        // Offset 8 of an 8-aligned buffer is already aligned: not moved.
        let p = aligned_payload(&mut b.0, 8, 4, 8).unwrap();
        assert_eq!(
            (p.as_ptr() as usize - base, &p[..]),
            (8, &[8, 9, 10, 11][..])
        );
        // Offset 3 is not: moved to the front.
        let p = aligned_payload(&mut b.0, 3, 4, 8).unwrap();
        assert_eq!((p.as_ptr() as usize - base, &p[..]), (0, &[3, 4, 5, 6][..]));
        // Alignment 1: always in place.
        let p = aligned_payload(&mut b.0, 5, 2, 1).unwrap();
        assert_eq!(p.as_ptr() as usize - base, 5);
        assert!(aligned_payload(&mut b.0, 30, 4, 8).is_none());
        assert!(aligned_payload(&mut b.0, usize::MAX, 2, 1).is_none());
    }

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
