//! Strict base64 decoder for the job document's code-signing signature.
//!
//! Same acceptance rules as the C library's decoder, so signatures that
//! worked before keep working and malformed ones keep failing:
//! - standard alphabet `A–Z a–z 0–9 + /` only (no URL-safe variant);
//! - `=` padding is optional, at most two, and only after all data;
//! - CR and LF are ignored anywhere;
//! - spaces (0x20) are allowed only after the data (and after padding);
//!   tabs and any other byte are invalid;
//! - unused low bits of the last group must be zero, so each byte string
//!   has exactly one accepted encoding;
//! - a final group of a single symbol is rejected (no byte string encodes
//!   to it).
//!
//! One deliberate difference: input with no data symbols at all (for
//! example `"\r\n"` or `"=="`) is rejected with
//! [`Base64Error::InvalidInputSize`]; upstream only rejects inputs shorter
//! than two bytes and would return an empty signature for those.

/// Decoder errors, numbered as the C library's `Base64Status_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base64Error {
    /// A byte outside the alphabet and the allowed formatting bytes (`1`).
    InvalidSymbol,
    /// Data after a space or padding, or padding after a space (`2`).
    InvalidSymbolOrdering,
    /// No data, or a final group of a single symbol (`3`).
    InvalidInputSize,
    /// Upstream NULL argument (`4`); cannot happen with slices.
    NullPointerInput,
    /// The decoded bytes do not fit in the destination (`5`).
    InvalidBufferSize,
    /// Unused bits of the last symbol are not zero (`6`).
    NonZeroPadding,
    /// More than two `=` (`7`).
    InvalidPaddingSymbol,
}

impl Base64Error {
    /// Numeric value of the matching upstream `Base64Status_t` enumerator.
    pub const fn code(self) -> i32 {
        match self {
            Self::InvalidSymbol => 1,
            Self::InvalidSymbolOrdering => 2,
            Self::InvalidInputSize => 3,
            Self::NullPointerInput => 4,
            Self::InvalidBufferSize => 5,
            Self::NonZeroPadding => 6,
            Self::InvalidPaddingSymbol => 7,
        }
    }

    /// Short human-readable description, for logs.
    pub const fn description(self) -> &'static str {
        match self {
            Self::InvalidSymbol => "invalid base64 symbol",
            Self::InvalidSymbolOrdering => "base64 data after padding or whitespace",
            Self::InvalidInputSize => "base64 input has an impossible length",
            Self::NullPointerInput => "null base64 argument",
            Self::InvalidBufferSize => "base64 output buffer too small",
            Self::NonZeroPadding => "base64 padding bits are not zero",
            Self::InvalidPaddingSymbol => "too many base64 padding symbols",
        }
    }
}

impl core::fmt::Display for Base64Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.description())
    }
}

// Table values beyond the 64 data values.
const NEWLINE: u8 = 64;
const SPACE: u8 = 65;
const PAD: u8 = 66;
const INVALID: u8 = 67;

/// The class of input byte `c`: its 6-bit value, or one of the markers above.
/// Computed rather than looked up: a 256-byte table costs more flash than this.
const fn decode(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        b'\n' | b'\r' => NEWLINE,
        b' ' => SPACE,
        b'=' => PAD,
        _ => INVALID,
    }
}

/// Largest number of bytes `encoded_len` input bytes can decode to; a
/// destination of this size never fails with `InvalidBufferSize`.
pub const fn max_decoded_len(encoded_len: usize) -> usize {
    (encoded_len / 4) * 3 + (encoded_len % 4) * 3 / 4
}

/// Decodes `encoded` into `dest` and returns the number of bytes written.
///
/// Each byte is written as soon as its eight bits have arrived, so a short
/// destination fails at the first byte that does not fit, before any check
/// of the end of the input (upstream checks room first too).
///
/// On error, `dest` may hold partially decoded data.
pub fn base64_decode(dest: &mut [u8], encoded: &[u8]) -> Result<usize, Base64Error> {
    if encoded.len() < 2 {
        return Err(Base64Error::InvalidInputSize);
    }
    // The low `bits` bits of `acc` are decoded but not yet written: after the
    // 1st, 2nd, 3rd and 4th symbol of a group, 6, 4, 2 and 0 of them.
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut out = 0usize;
    let mut pads = 0u32;
    let mut spaced = false;
    for &c in encoded {
        match decode(c) {
            v @ 0..=63 => {
                if spaced || pads != 0 {
                    return Err(Base64Error::InvalidSymbolOrdering);
                }
                acc = (acc << 6) | u32::from(v);
                bits += 6;
                if bits >= 8 {
                    bits -= 8;
                    let slot = dest.get_mut(out).ok_or(Base64Error::InvalidBufferSize)?;
                    *slot = (acc >> bits) as u8;
                    out += 1;
                }
            }
            NEWLINE => {}
            SPACE => spaced = true,
            PAD => {
                if spaced {
                    return Err(Base64Error::InvalidSymbolOrdering);
                }
                pads += 1;
                if pads > 2 {
                    return Err(Base64Error::InvalidPaddingSymbol);
                }
            }
            _ => return Err(Base64Error::InvalidSymbol),
        }
    }
    // Six bits left over: a final group of one symbol, which no byte string
    // encodes to. Nothing written and nothing left: no data at all.
    if bits == 6 || (bits == 0 && out == 0) {
        return Err(Base64Error::InvalidInputSize);
    }
    // The spare bits of a final group of two or three symbols must be zero.
    if acc & ((1 << bits) - 1) != 0 {
        return Err(Base64Error::NonZeroPadding);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec;
    use std::vec::Vec;

    fn dec(s: &[u8]) -> Result<Vec<u8>, Base64Error> {
        let mut buf = [0u8; 64];
        base64_decode(&mut buf, s).map(|n| buf[..n].to_vec())
    }

    /// Plain reference encoder (standard alphabet, with padding).
    fn encode(data: &[u8]) -> Vec<u8> {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = Vec::new();
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            let syms = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
            for (i, s) in syms.iter().enumerate() {
                if i <= chunk.len() {
                    out.push(A[*s as usize]);
                } else {
                    out.push(b'=');
                }
            }
        }
        out
    }

    #[test]
    fn upstream_vectors() {
        assert_eq!(dec(b"Rk9PQg==").unwrap(), b"FOOB");
        assert_eq!(dec(b"Rk9PQkE=").unwrap(), b"FOOBA");
        assert_eq!(dec(b"Rk9PQkFS").unwrap(), b"FOOBAR");
        assert_eq!(dec(b"Rk9PQg").unwrap(), b"FOOB");
        assert_eq!(dec(b"Rk9PQkE").unwrap(), b"FOOBA");
        assert_eq!(dec(b"\nZm\n9v\n").unwrap(), b"foo");
        assert_eq!(dec(b"\r\nRk9P\r\nQkE=\r\n").unwrap(), b"FOOBA");
        assert_eq!(dec(b"Rk9PQkFS ").unwrap(), b"FOOBAR");
        assert_eq!(dec(b"Rk9PQkE= ").unwrap(), b"FOOBA");
        assert_eq!(dec(b"Rk9PQkFSQkFa").unwrap(), b"FOOBARBAZ");
        assert_eq!(
            dec(b"Zg===").unwrap_err(),
            Base64Error::InvalidPaddingSymbol
        );
        assert_eq!(
            dec(b"Rk9PQkE===").unwrap_err(),
            Base64Error::InvalidPaddingSymbol
        );
        assert_eq!(
            dec(b"Rk9PQkFS===").unwrap_err(),
            Base64Error::InvalidPaddingSymbol
        );
        assert_eq!(dec(b"TWG=").unwrap_err(), Base64Error::NonZeroPadding);
        assert_eq!(dec(b"Tf==").unwrap_err(), Base64Error::NonZeroPadding);
        assert_eq!(
            dec(b" Rk9PQkFS").unwrap_err(),
            Base64Error::InvalidSymbolOrdering
        );
        assert_eq!(
            dec(b"Rk9P QkFS").unwrap_err(),
            Base64Error::InvalidSymbolOrdering
        );
        assert_eq!(
            dec(b"Rk9PQkE =").unwrap_err(),
            Base64Error::InvalidSymbolOrdering
        );
        assert_eq!(dec(b"R").unwrap_err(), Base64Error::InvalidInputSize);
        assert_eq!(dec(b"Rk9PC==").unwrap_err(), Base64Error::InvalidInputSize);
        assert_eq!(
            dec(b"=Rk9PQkFS").unwrap_err(),
            Base64Error::InvalidSymbolOrdering
        );
        assert_eq!(
            dec(b"Rk9P=QkFS").unwrap_err(),
            Base64Error::InvalidSymbolOrdering
        );
    }

    #[test]
    fn edge_cases() {
        assert_eq!(dec(b"").unwrap_err(), Base64Error::InvalidInputSize);
        assert_eq!(dec(b"\r\n").unwrap_err(), Base64Error::InvalidInputSize);
        assert_eq!(dec(b"==").unwrap_err(), Base64Error::InvalidInputSize);
        assert_eq!(dec(b"  ").unwrap_err(), Base64Error::InvalidInputSize);
        assert_eq!(dec(b"Q\n").unwrap_err(), Base64Error::InvalidInputSize);
        assert_eq!(dec(b"QQ").unwrap(), b"A");
        assert_eq!(dec(b"QQ=\n=\r\n  \n").unwrap(), b"A");
        assert_eq!(dec(b"QQ\t").unwrap_err(), Base64Error::InvalidSymbol);
        assert_eq!(dec(b"QQ-_").unwrap_err(), Base64Error::InvalidSymbol);
        assert_eq!(dec(b"Q\xc3\xa9A").unwrap_err(), Base64Error::InvalidSymbol);
        assert_eq!(dec(b"QQ\0").unwrap_err(), Base64Error::InvalidSymbol);
        assert_eq!(
            dec(b"QQ= =").unwrap_err(),
            Base64Error::InvalidSymbolOrdering
        );
        assert_eq!(
            dec(b"QQ==QQ==").unwrap_err(),
            Base64Error::InvalidSymbolOrdering
        );
        assert_eq!(dec(b"QR==").unwrap_err(), Base64Error::NonZeroPadding);
        assert_eq!(dec(b"QUI=").unwrap(), b"AB");
        assert_eq!(dec(b"QUJ=").unwrap_err(), Base64Error::NonZeroPadding);
        // As upstream, the number of `=` is not checked against the length.
        assert_eq!(dec(b"QUJD==").unwrap(), b"ABC");
        assert_eq!(dec(b"QQ=").unwrap(), b"A");
    }

    #[test]
    fn output_buffer_bounds() {
        let mut buf = [0u8; 3];
        assert_eq!(base64_decode(&mut buf, b"QUJD"), Ok(3));
        assert_eq!(
            base64_decode(&mut buf[..2], b"QUJD"),
            Err(Base64Error::InvalidBufferSize)
        );
        assert_eq!(
            base64_decode(&mut buf[..0], b"QQ=="),
            Err(Base64Error::InvalidBufferSize)
        );
        assert_eq!(
            base64_decode(&mut buf[..1], b"QUI="),
            Err(Base64Error::InvalidBufferSize)
        );
        assert_eq!(base64_decode(&mut buf[..1], b"QQ=="), Ok(1));
        // Room is checked before the pad bits.
        assert_eq!(
            base64_decode(&mut buf[..0], b"QR=="),
            Err(Base64Error::InvalidBufferSize)
        );
        let mut big = [0u8; 6];
        assert_eq!(
            base64_decode(&mut big[..5], b"QUJDREVG"),
            Err(Base64Error::InvalidBufferSize)
        );
        assert_eq!(base64_decode(&mut big, b"QUJDREVG"), Ok(6));
        assert_eq!(&big, b"ABCDEF");
    }

    #[test]
    fn der_signature_size() {
        // A 72-byte DER ECDSA signature is 96 base64 symbols.
        let sig: Vec<u8> = (0u8..72).collect();
        let enc = encode(&sig);
        assert_eq!(enc.len(), 96);
        let mut out = [0u8; 384];
        let n = base64_decode(&mut out, &enc).unwrap();
        assert_eq!(&out[..n], &sig[..]);
    }

    #[test]
    fn codes() {
        let all = [
            Base64Error::InvalidSymbol,
            Base64Error::InvalidSymbolOrdering,
            Base64Error::InvalidInputSize,
            Base64Error::NullPointerInput,
            Base64Error::InvalidBufferSize,
            Base64Error::NonZeroPadding,
            Base64Error::InvalidPaddingSymbol,
        ];
        for (i, e) in all.iter().enumerate() {
            assert_eq!(e.code(), i as i32 + 1);
            assert!(!e.description().is_empty());
            assert_eq!(std::format!("{e}"), e.description());
        }
    }

    #[test]
    fn max_len_is_enough() {
        for n in 0..40 {
            let data = vec![0xA5u8; n];
            let enc = encode(&data);
            assert!(max_decoded_len(enc.len()) >= n);
            let unpadded: Vec<u8> = enc.iter().copied().filter(|&c| c != b'=').collect();
            assert_eq!(max_decoded_len(unpadded.len()), n);
        }
    }

    #[test]
    fn round_trip() {
        let mut rng = super::super::test_rng::Rng::new(6);
        for _ in 0..5_000 {
            let len = 1 + rng.below(300);
            let data = rng.bytes(len, b"");
            let enc = encode(&data);
            let mut out = vec![0u8; data.len()];
            assert_eq!(base64_decode(&mut out, &enc), Ok(data.len()));
            assert_eq!(out, data);
            // Without padding, and with line breaks every 64 symbols.
            let unpadded: Vec<u8> = enc.iter().copied().filter(|&c| c != b'=').collect();
            assert_eq!(base64_decode(&mut out, &unpadded), Ok(data.len()));
            let mut wrapped = Vec::new();
            for line in enc.chunks(64) {
                wrapped.extend_from_slice(line);
                wrapped.extend_from_slice(b"\r\n");
            }
            assert_eq!(base64_decode(&mut out, &wrapped), Ok(data.len()));
            assert_eq!(out, data);
            // One byte short of room always fails cleanly.
            let mut short = vec![0u8; data.len() - 1];
            assert_eq!(
                base64_decode(&mut short, &enc),
                Err(Base64Error::InvalidBufferSize)
            );
        }
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let mut rng = super::super::test_rng::Rng::new(7);
        for i in 0..50_000 {
            let len = rng.below(200);
            // Half the cases stay close to the alphabet to get past the
            // first symbol.
            let data = if i % 2 == 0 {
                rng.bytes(len, b"")
            } else {
                rng.bytes(len, b"QUJDabc+/= \r\n\t")
            };
            let room = rng.below(200);
            let mut out = vec![0u8; room];
            if let Ok(n) = base64_decode(&mut out, &data) {
                assert!(n <= room);
                assert!(n <= max_decoded_len(data.len()));
            }
        }
    }
}
