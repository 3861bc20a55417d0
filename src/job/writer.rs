//! Tiny bounded writer used to format topics and status payloads into
//! caller buffers without `core::fmt` (smaller and faster on targets).

use super::status::StatusError;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends to a byte slice; once something does not fit, every later write
/// is ignored and [`finish`](Writer::finish) reports the overflow, so call
/// sites need no error handling between writes.
pub(super) struct Writer<'b> {
    buf: &'b mut [u8],
    len: usize,
    overflow: bool,
}

impl<'b> Writer<'b> {
    pub(super) fn new(buf: &'b mut [u8]) -> Self {
        Self {
            buf,
            len: 0,
            overflow: false,
        }
    }

    // Out of line: inlined it is repeated at every call site.
    #[inline(never)]
    pub(super) fn bytes(&mut self, s: &[u8]) -> &mut Self {
        if !self.overflow {
            let start = self.len;
            let end = start.checked_add(s.len());
            match end.and_then(|e| Some((e, self.buf.get_mut(start..e)?))) {
                Some((e, dst)) => {
                    crate::bytes::copy(dst, s);
                    self.len = e;
                }
                None => self.overflow = true,
            }
        }
        self
    }

    /// Decimal, no leading zeros; 0 is written as `0`.
    pub(super) fn dec(&mut self, mut v: u32) -> &mut Self {
        let mut tmp = [0u8; 10];
        let mut n = 0;
        for slot in tmp.iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
            n += 1;
            if v == 0 {
                break;
            }
        }
        let digits = tmp.get(tmp.len() - n..).unwrap_or(&[]);
        self.bytes(digits)
    }

    /// Exactly eight lowercase hex digits, like C `%08x`.
    pub(super) fn hex8(&mut self, v: u32) -> &mut Self {
        let mut tmp = [0u8; 8];
        for (i, slot) in tmp.iter_mut().enumerate() {
            let shift = 28 - 4 * i as u32;
            *slot = HEX[((v >> shift) & 0xF) as usize];
        }
        self.bytes(&tmp)
    }

    pub(super) fn finish(&self) -> Result<usize, StatusError> {
        if self.overflow {
            Err(StatusError::BufferTooSmall)
        } else {
            Ok(self.len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(f: impl FnOnce(&mut Writer<'_>)) -> std::vec::Vec<u8> {
        let mut buf = [0u8; 64];
        let mut w = Writer::new(&mut buf);
        f(&mut w);
        let n = w.finish().unwrap();
        buf[..n].to_vec()
    }

    #[test]
    fn decimal() {
        for v in [0u32, 1, 9, 10, 99, 100, 12345, 1_000_000, u32::MAX] {
            assert_eq!(
                render(|w| {
                    w.dec(v);
                }),
                std::format!("{v}").as_bytes()
            );
        }
    }

    #[test]
    fn hex() {
        for v in [0u32, 1, 0xab, 0xdead_beef, 0x0100_0002, u32::MAX] {
            assert_eq!(
                render(|w| {
                    w.hex8(v);
                }),
                std::format!("{v:08x}").as_bytes()
            );
        }
    }

    #[test]
    fn overflow_is_sticky() {
        let mut buf = [0u8; 4];
        let mut w = Writer::new(&mut buf);
        w.bytes(b"abc").bytes(b"de").bytes(b"f");
        assert_eq!(w.finish(), Err(StatusError::BufferTooSmall));
        let mut w = Writer::new(&mut buf);
        w.bytes(b"ab").dec(12);
        assert_eq!(w.finish(), Ok(4));
        let mut empty = [0u8; 0];
        let mut w = Writer::new(&mut empty);
        w.bytes(b"");
        assert_eq!(w.finish(), Ok(0));
        w.dec(0);
        assert_eq!(w.finish(), Err(StatusError::BufferTooSmall));
    }
}
