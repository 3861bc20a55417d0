//! Byte-slice copies whose bounds are checked without a panic path. The safe
//! `copy_from_slice` / `copy_within` keep a length-mismatch panic the optimiser
//! cannot always prove dead at `opt-level = "z"`, and that one call site pulls the
//! whole panic and `core::fmt` machinery (about 6 KB) into firmware. These check
//! the bounds once, explicitly, then copy. The rest of the crate uses them as
//! `crate::bytes`, with [`eq`] for comparisons.

/// Copies as many bytes as both slices hold; returns how many.
pub fn copy(dst: &mut [u8], src: &[u8]) -> usize {
    let n = dst.len().min(src.len());
    // SAFETY: `n` is within both slices, and a `&mut` cannot overlap a `&`.
    unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), dst.as_mut_ptr(), n) };
    n
}

/// Whether `a` and `b` hold the same bytes. A plain loop: slice `==` calls the
/// builtin `memcmp`, which on bare metal costs more flash than every comparison
/// of the crate (a few short names each) together.
pub fn eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Zeroes `buf`, four bytes per step. A plain loop, kept one by a compiler fence
/// (as in `move_down`): `fill(0)` calls the builtin `memset`, about 200 B of flash
/// on bare metal for the few buffers of a job the agent clears.
pub fn zero(buf: &mut [u8]) {
    use core::sync::atomic::{Ordering, compiler_fence};
    let mut words = buf.chunks_exact_mut(4);
    for w in &mut words {
        if let [a, b, c, d] = w {
            (*a, *b, *c, *d) = (0, 0, 0, 0);
        }
        compiler_fence(Ordering::Release);
    }
    for b in words.into_remainder() {
        *b = 0;
        compiler_fence(Ordering::Release);
    }
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
        // Keeps the optimiser from turning the loop back into a `memmove` call.
        core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::Release);
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
