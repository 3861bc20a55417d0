//! File signature checks for PALs: SHA-256 and ECDSA P-256.
//!
//! The agent never verifies anything itself: the PAL's `closeFile` does, with the
//! signature from the job document (`sig-sha256-ecdsa`) and the signer key or
//! certificate named by the job's `certfile`. This module gives every PAL the
//! same checks without a crypto library of its own; `include/ota_signature.h`
//! exports them to C.
//!
//! - [`Sha256`]: incremental SHA-256 (blocks may be hashed in any chunking).
//! - [`parse_public_key`]: a P-256 public key from PEM `PUBLIC KEY`
//!   (SubjectPublicKeyInfo), PEM `CERTIFICATE` (X.509, its SubjectPublicKeyInfo),
//!   DER SubjectPublicKeyInfo, DER certificate, or a raw SEC1 point (65 bytes
//!   uncompressed, or 33 compressed).
//! - [`parse_signature`]: an ECDSA signature as DER `SEQUENCE { r, s }` (what
//!   `openssl dgst -sha256 -sign` and the AWS code signer produce) or raw 64-byte
//!   `r || s`.
//! - [`verify_p256`]: all of the above over a SHA-256 digest; [`pal_status`]
//!   turns the outcome into a PAL status word.
//! - `verify_file` (hosted builds): the same for a file and a key file, reading
//!   the file in fixed-size chunks.
//!
//! Every parser here is total: any input gives `Ok` or an [`VerifyError`], never
//! a panic, and memory use is bounded and independent of the input (PEM bodies are
//! decoded on the fly; only the public key itself is buffered). Certificates are
//! walked, not validated: the signer is trusted because the device holds its
//! certificate, so issuer, validity and extensions are not checked.

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sha2::Digest as _;

/// Length of a SHA-256 digest in bytes.
pub const DIGEST_LEN: usize = 32;

/// `OtaPalSuccess` (`ota_platform_interface.h`).
pub const PAL_SUCCESS: u32 = 0x00;
/// `OtaPalSignatureCheckFailed`.
pub const PAL_SIGNATURE_CHECK_FAILED: u32 = 0xe3;
/// `OtaPalBadSignerCert`.
pub const PAL_BAD_SIGNER_CERT: u32 = 0xe7;

/// Largest key or certificate file `verify_file` reads.
pub const MAX_KEY_FILE_LEN: usize = 64 * 1024;

/// Chunk size `verify_file` hashes the file with.
pub const FILE_CHUNK_LEN: usize = 4096;

/// Why a signature check failed. The discriminant is the PAL sub code (the low 24
/// bits of the status word); [`VerifyError::main_code`] gives the main code. The
/// values are published as `OTA_SIG_ERR_*` in `ota_signature.h`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum VerifyError {
    /// No key was given (NULL or empty).
    KeyMissing = 0x01,
    /// The key is neither PEM, DER nor a raw P-256 point.
    KeyFormat = 0x02,
    /// PEM text without a complete `PUBLIC KEY` or `CERTIFICATE` block.
    PemArmor = 0x03,
    /// The PEM body is not valid base64.
    PemBase64 = 0x04,
    /// The X.509 certificate is malformed DER.
    CertStructure = 0x05,
    /// The SubjectPublicKeyInfo is malformed DER.
    SpkiStructure = 0x06,
    /// The key is not an EC key on the P-256 curve (named curve).
    KeyAlgorithm = 0x07,
    /// The key's point is not a valid P-256 point.
    KeyPoint = 0x08,
    /// The key file could not be opened or read.
    KeyFileRead = 0x09,
    /// The key file is larger than [`MAX_KEY_FILE_LEN`].
    KeyFileTooLarge = 0x0a,
    /// No signature was given (NULL or empty).
    SignatureMissing = 0x10,
    /// The signature is neither DER nor 64 raw bytes, or r or s is out of range.
    SignatureEncoding = 0x11,
    /// The signature does not match the digest and key.
    SignatureMismatch = 0x12,
    /// No digest was given.
    DigestMissing = 0x13,
    /// The signed file could not be opened.
    FileOpen = 0x14,
    /// The signed file could not be read to its end.
    FileRead = 0x15,
}

impl VerifyError {
    /// Every variant, for tests and tables.
    pub const ALL: [VerifyError; 16] = [
        Self::KeyMissing,
        Self::KeyFormat,
        Self::PemArmor,
        Self::PemBase64,
        Self::CertStructure,
        Self::SpkiStructure,
        Self::KeyAlgorithm,
        Self::KeyPoint,
        Self::KeyFileRead,
        Self::KeyFileTooLarge,
        Self::SignatureMissing,
        Self::SignatureEncoding,
        Self::SignatureMismatch,
        Self::DigestMissing,
        Self::FileOpen,
        Self::FileRead,
    ];

    /// The PAL sub code.
    pub const fn sub_code(self) -> u32 {
        self as u32
    }

    /// The PAL main code: `OtaPalBadSignerCert` for key problems,
    /// `OtaPalSignatureCheckFailed` for everything else.
    pub const fn main_code(self) -> u32 {
        match self {
            Self::KeyMissing
            | Self::KeyFormat
            | Self::PemArmor
            | Self::PemBase64
            | Self::CertStructure
            | Self::SpkiStructure
            | Self::KeyAlgorithm
            | Self::KeyPoint
            | Self::KeyFileRead
            | Self::KeyFileTooLarge => PAL_BAD_SIGNER_CERT,
            _ => PAL_SIGNATURE_CHECK_FAILED,
        }
    }

    /// The full PAL status word, `OTA_PAL_COMBINE_ERR( main, sub )`.
    pub const fn pal_status(self) -> u32 {
        combine(self.main_code(), self.sub_code())
    }

    /// The `OTA_SIG_ERR_*` macro name of this sub code.
    pub const fn c_name(self) -> &'static str {
        match self {
            Self::KeyMissing => "OTA_SIG_ERR_KEY_MISSING",
            Self::KeyFormat => "OTA_SIG_ERR_KEY_FORMAT",
            Self::PemArmor => "OTA_SIG_ERR_PEM_ARMOR",
            Self::PemBase64 => "OTA_SIG_ERR_PEM_BASE64",
            Self::CertStructure => "OTA_SIG_ERR_CERT_STRUCTURE",
            Self::SpkiStructure => "OTA_SIG_ERR_SPKI_STRUCTURE",
            Self::KeyAlgorithm => "OTA_SIG_ERR_KEY_ALGORITHM",
            Self::KeyPoint => "OTA_SIG_ERR_KEY_POINT",
            Self::KeyFileRead => "OTA_SIG_ERR_KEY_FILE_READ",
            Self::KeyFileTooLarge => "OTA_SIG_ERR_KEY_FILE_TOO_LARGE",
            Self::SignatureMissing => "OTA_SIG_ERR_SIGNATURE_MISSING",
            Self::SignatureEncoding => "OTA_SIG_ERR_SIGNATURE_ENCODING",
            Self::SignatureMismatch => "OTA_SIG_ERR_SIGNATURE_MISMATCH",
            Self::DigestMissing => "OTA_SIG_ERR_DIGEST_MISSING",
            Self::FileOpen => "OTA_SIG_ERR_FILE_OPEN",
            Self::FileRead => "OTA_SIG_ERR_FILE_READ",
        }
    }
}

/// `OTA_PAL_COMBINE_ERR( main, sub )`.
pub const fn combine(main: u32, sub: u32) -> u32 {
    (main << 24) | (sub & 0x00ff_ffff)
}

/// The PAL status word for an outcome: `OtaPalSuccess` (0) or the error's word.
pub const fn pal_status(r: Result<(), VerifyError>) -> u32 {
    match r {
        Ok(()) => combine(PAL_SUCCESS, 0),
        Err(e) => e.pal_status(),
    }
}

// ---------------------------------------------------------------------------
// SHA-256

/// Incremental SHA-256. A plain value (no pointers), so it may be copied to hash
/// a common prefix once.
#[derive(Clone, Debug, Default)]
pub struct Sha256(sha2::Sha256);

impl Sha256 {
    /// A fresh hash.
    pub fn new() -> Self {
        Self(sha2::Sha256::new())
    }

    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The digest of everything added.
    pub fn finalize(self) -> [u8; DIGEST_LEN] {
        self.0.finalize().into()
    }
}

/// SHA-256 of `data` in one call.
pub fn sha256(data: &[u8]) -> [u8; DIGEST_LEN] {
    let mut h = Sha256::new();
    h.update(data);
    h.finalize()
}

// ---------------------------------------------------------------------------
// Verification

/// A parsed P-256 public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Checks `signature` over the SHA-256 `digest`.
    pub fn verify(
        &self,
        digest: &[u8; DIGEST_LEN],
        signature: &Signature,
    ) -> Result<(), VerifyError> {
        self.0
            .verify_prehash(digest, signature)
            .map_err(|_| VerifyError::SignatureMismatch)
    }

    /// The key as an uncompressed SEC1 point (`04 || x || y`).
    pub fn to_uncompressed(&self) -> [u8; 65] {
        let point = self.0.to_encoded_point(false);
        let mut out = [0u8; 65];
        let bytes = point.as_bytes();
        if bytes.len() == out.len() {
            out.copy_from_slice(bytes);
        }
        out
    }
}

/// Checks an ECDSA P-256 `signature` (DER or raw `r || s`) over a SHA-256
/// `digest` with `key` (any format [`parse_public_key`] reads). Key problems are
/// reported before signature problems.
pub fn verify_p256(
    key: &[u8],
    digest: &[u8; DIGEST_LEN],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let key = parse_public_key(key)?;
    let signature = parse_signature(signature)?;
    key.verify(digest, &signature)
}

/// Reads an ECDSA P-256 signature: DER `SEQUENCE { INTEGER r, INTEGER s }`, or
/// exactly 64 bytes `r || s` (big-endian). r and s must be in `1..n`.
pub fn parse_signature(sig: &[u8]) -> Result<Signature, VerifyError> {
    if sig.is_empty() {
        return Err(VerifyError::SignatureMissing);
    }
    if sig[0] == TAG_SEQUENCE
        && let Some((r, s)) = der_signature_scalars(sig)
    {
        return Signature::from_scalars(r, s).map_err(|_| VerifyError::SignatureEncoding);
    }
    if sig.len() == 64 {
        return Signature::from_slice(sig).map_err(|_| VerifyError::SignatureEncoding);
    }
    Err(VerifyError::SignatureEncoding)
}

/// r and s of a DER signature, left-padded to 32 bytes each.
fn der_signature_scalars(sig: &[u8]) -> Option<([u8; 32], [u8; 32])> {
    let mut der = Der::new(SliceReader::new(sig));
    let end = der.expect(TAG_SEQUENCE, sig.len()).ok()?;
    if end != sig.len() {
        return None;
    }
    let r = der_scalar(&mut der, end)?;
    let s = der_scalar(&mut der, end)?;
    if der.pos != end {
        return None;
    }
    Some((r, s))
}

/// One positive INTEGER of at most 32 significant bytes, minimally encoded.
fn der_scalar<R: ByteReader>(der: &mut Der<R>, limit: usize) -> Option<[u8; 32]> {
    let end = der.expect(TAG_INTEGER, limit).ok()?;
    let len = end - der.pos;
    let mut buf = [0u8; 33];
    let content = buf.get_mut(..len)?;
    der.read_into(content).ok()?;
    let (&first, rest) = content.split_first()?;
    if first & 0x80 != 0 {
        return None; // negative
    }
    let digits: &[u8] = if first == 0 {
        match rest.first() {
            Some(&b) if b & 0x80 != 0 => rest,
            Some(_) => return None, // non-minimal leading zero
            None => rest,           // the value 0 (rejected later as out of range)
        }
    } else {
        content
    };
    if digits.len() > 32 {
        return None;
    }
    let mut out = [0u8; 32];
    out[32 - digits.len()..].copy_from_slice(digits);
    Some(out)
}

// ---------------------------------------------------------------------------
// Public keys

/// Reads a P-256 public key from PEM (`PUBLIC KEY` or `CERTIFICATE`; the first
/// such block wins, other blocks are skipped), DER (SubjectPublicKeyInfo or
/// certificate) or a raw SEC1 point.
pub fn parse_public_key(input: &[u8]) -> Result<PublicKey, VerifyError> {
    let Some(&first) = input.first() else {
        return Err(VerifyError::KeyMissing);
    };
    if first == TAG_SEQUENCE {
        return parse_der_key(Der::new(SliceReader::new(input)), input.len());
    }
    if find(input, PEM_BEGIN).is_some() {
        return parse_pem_key(input);
    }
    let raw_point = matches!((input.len(), first), (65, 0x04) | (33, 0x02 | 0x03));
    if raw_point {
        return VerifyingKey::from_sec1_bytes(input)
            .map(PublicKey)
            .map_err(|_| VerifyError::KeyPoint);
    }
    Err(VerifyError::KeyFormat)
}

const PEM_BEGIN: &[u8] = b"-----BEGIN ";
const PEM_END: &[u8] = b"-----END ";
const PEM_DASHES: &[u8] = b"-----";
const PEM_LABELS: [&[u8]; 2] = [b"PUBLIC KEY", b"CERTIFICATE"];

fn parse_pem_key(text: &[u8]) -> Result<PublicKey, VerifyError> {
    let body = pem_body(text)?;
    let len = base64_decoded_len(body).ok_or(VerifyError::PemBase64)?;
    parse_der_key(Der::new(Base64Reader::new(body)), len)
}

/// The body (between the armour lines) of the first complete `PUBLIC KEY` or
/// `CERTIFICATE` block.
fn pem_body(text: &[u8]) -> Result<&[u8], VerifyError> {
    let mut rest = text;
    while let Some((_, after_begin)) = split_at_needle(rest, PEM_BEGIN) {
        let Some((label, body_and_more)) = split_at_needle(after_begin, PEM_DASHES) else {
            break;
        };
        if PEM_LABELS.contains(&label) {
            // The END line must carry the same label.
            let Some((body, tail)) = split_at_needle(body_and_more, PEM_END) else {
                break;
            };
            let closed = tail
                .strip_prefix(label)
                .is_some_and(|t| t.starts_with(PEM_DASHES));
            if !closed {
                break;
            }
            return Ok(body);
        }
        rest = body_and_more;
    }
    Err(VerifyError::PemArmor)
}

/// `hay` before and after the first occurrence of `needle`.
fn split_at_needle<'a>(hay: &'a [u8], needle: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    let at = find(hay, needle)?;
    Some((hay.get(..at)?, hay.get(at.checked_add(needle.len())?..)?))
}

/// Position of the first occurrence of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// Byte sources: a slice, or a base64 text decoded on the fly.

trait ByteReader {
    /// The next byte, or `None` at the end.
    fn next_byte(&mut self) -> Option<u8>;
    /// The next byte without consuming it.
    fn peek_byte(&mut self) -> Option<u8>;
    /// Consumes `n` bytes; false if fewer remain.
    fn skip(&mut self, n: usize) -> bool {
        for _ in 0..n {
            if self.next_byte().is_none() {
                return false;
            }
        }
        true
    }
}

struct SliceReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> SliceReader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }
}

impl ByteReader for SliceReader<'_> {
    fn next_byte(&mut self) -> Option<u8> {
        let b = self.data.get(self.pos).copied()?;
        self.pos += 1;
        Some(b)
    }

    fn peek_byte(&mut self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip(&mut self, n: usize) -> bool {
        match self.pos.checked_add(n) {
            Some(end) if end <= self.data.len() => {
                self.pos = end;
                true
            }
            _ => false,
        }
    }
}

/// Decodes a base64 text (already checked by [`base64_decoded_len`]) lazily,
/// skipping whitespace. Stops at the first symbol it cannot use.
struct Base64Reader<'a> {
    text: &'a [u8],
    pos: usize,
    out: [u8; 3],
    out_len: usize,
    out_pos: usize,
}

impl<'a> Base64Reader<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self {
            text,
            pos: 0,
            out: [0; 3],
            out_len: 0,
            out_pos: 0,
        }
    }

    /// The next non-whitespace symbol.
    fn symbol(&mut self) -> Option<u8> {
        while let Some(&c) = self.text.get(self.pos) {
            self.pos += 1;
            if !is_pem_space(c) {
                return Some(c);
            }
        }
        None
    }

    /// Decodes the next quantum into `out`; false at the end.
    fn refill(&mut self) -> bool {
        let mut acc: u32 = 0;
        let mut pads = 0usize;
        for _ in 0..4 {
            let Some(c) = self.symbol() else {
                return false;
            };
            let v = if c == b'=' {
                pads += 1;
                0
            } else if pads > 0 {
                return false;
            } else {
                match base64_value(c) {
                    Some(v) => v,
                    None => return false,
                }
            };
            acc = (acc << 6) | u32::from(v);
        }
        if pads > 2 {
            return false;
        }
        self.out = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        self.out_len = 3 - pads;
        self.out_pos = 0;
        self.out_len > 0
    }
}

impl ByteReader for Base64Reader<'_> {
    fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek_byte()?;
        self.out_pos += 1;
        Some(b)
    }

    fn peek_byte(&mut self) -> Option<u8> {
        if self.out_pos >= self.out_len && !self.refill() {
            return None;
        }
        self.out.get(self.out_pos).copied()
    }
}

fn is_pem_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

fn base64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Checks a PEM body (standard alphabet, whitespace anywhere, `=` padding only at
/// the end, whole quanta, zero pad bits) and returns its decoded length.
fn base64_decoded_len(body: &[u8]) -> Option<usize> {
    let mut symbols = 0usize;
    let mut pads = 0usize;
    let mut last = 0u8;
    for &c in body {
        if is_pem_space(c) {
            continue;
        }
        if c == b'=' {
            pads += 1;
        } else {
            if pads > 0 {
                return None;
            }
            last = base64_value(c)?;
        }
        symbols += 1;
    }
    if symbols == 0 || !symbols.is_multiple_of(4) || pads > 2 {
        return None;
    }
    // Bits of the last data symbol that fall into the padding must be zero.
    let spare_mask = match pads {
        1 => 0x03,
        2 => 0x0f,
        _ => 0,
    };
    if last & spare_mask != 0 {
        return None;
    }
    Some(symbols / 4 * 3 - pads)
}

// ---------------------------------------------------------------------------
// DER walker

const TAG_INTEGER: u8 = 0x02;
const TAG_BIT_STRING: u8 = 0x03;
const TAG_OID: u8 = 0x06;
const TAG_SEQUENCE: u8 = 0x30;
const TAG_CERT_VERSION: u8 = 0xa0;

/// id-ecPublicKey (1.2.840.10045.2.1), content bytes.
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// prime256v1 / secp256r1 (1.2.840.10045.3.1.7), content bytes.
const OID_PRIME256V1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// A structural DER error; the caller knows what was being read.
#[derive(Debug)]
struct Malformed;

/// Reads DER headers and contents from a [`ByteReader`], counting the bytes
/// consumed so every element can be checked against its parent's end.
struct Der<R> {
    r: R,
    pos: usize,
}

impl<R: ByteReader> Der<R> {
    fn new(r: R) -> Self {
        Self { r, pos: 0 }
    }

    fn byte(&mut self) -> Result<u8, Malformed> {
        let b = self.r.next_byte().ok_or(Malformed)?;
        self.pos += 1;
        Ok(b)
    }

    fn peek(&mut self) -> Option<u8> {
        self.r.peek_byte()
    }

    /// Reads a tag and a definite length (at most 4 length bytes; low tag numbers
    /// only), returning the tag and the position where the content ends.
    fn header(&mut self, limit: usize) -> Result<(u8, usize), Malformed> {
        let tag = self.byte()?;
        if tag & 0x1f == 0x1f {
            return Err(Malformed);
        }
        let first = self.byte()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 {
                return Err(Malformed);
            }
            let mut len: u32 = 0;
            for _ in 0..n {
                len = (len << 8) | u32::from(self.byte()?);
            }
            usize::try_from(len).map_err(|_| Malformed)?
        };
        let end = self.pos.checked_add(len).ok_or(Malformed)?;
        if end > limit {
            return Err(Malformed);
        }
        Ok((tag, end))
    }

    /// Reads a header that must carry `tag`; returns where its content ends.
    fn expect(&mut self, tag: u8, limit: usize) -> Result<usize, Malformed> {
        match self.header(limit)? {
            (t, end) if t == tag => Ok(end),
            _ => Err(Malformed),
        }
    }

    /// Skips forward to `end`.
    fn skip_to(&mut self, end: usize) -> Result<(), Malformed> {
        let n = end.checked_sub(self.pos).ok_or(Malformed)?;
        if !self.r.skip(n) {
            return Err(Malformed);
        }
        self.pos = end;
        Ok(())
    }

    /// Skips one element that must carry `tag`.
    fn skip_element(&mut self, tag: u8, limit: usize) -> Result<(), Malformed> {
        let end = self.expect(tag, limit)?;
        self.skip_to(end)
    }

    fn read_into(&mut self, buf: &mut [u8]) -> Result<(), Malformed> {
        for b in buf.iter_mut() {
            *b = self.byte()?;
        }
        Ok(())
    }
}

/// Reads a DER SubjectPublicKeyInfo or certificate of exactly `total` bytes.
fn parse_der_key<R: ByteReader>(mut der: Der<R>, total: usize) -> Result<PublicKey, VerifyError> {
    let outer_end = der
        .expect(TAG_SEQUENCE, total)
        .map_err(|_| VerifyError::KeyFormat)?;
    if outer_end != total {
        // Truncated, or bytes after the structure.
        return Err(VerifyError::KeyFormat);
    }
    let first_end = der
        .expect(TAG_SEQUENCE, outer_end)
        .map_err(|_| VerifyError::KeyFormat)?;
    // SubjectPublicKeyInfo starts with an AlgorithmIdentifier (an OID first);
    // a certificate with its tbsCertificate (a version tag or a serial number).
    if der.peek() == Some(TAG_OID) {
        let key = spki_after_algorithm_header(&mut der, first_end, outer_end)?;
        if der.pos != outer_end {
            return Err(VerifyError::SpkiStructure);
        }
        return Ok(key);
    }
    certificate_after_tbs_header(&mut der, first_end, outer_end)
}

/// The rest of a certificate whose tbsCertificate header was read (content ends
/// at `tbs_end`); the certificate ends at `cert_end`.
fn certificate_after_tbs_header<R: ByteReader>(
    der: &mut Der<R>,
    tbs_end: usize,
    cert_end: usize,
) -> Result<PublicKey, VerifyError> {
    const BAD: VerifyError = VerifyError::CertStructure;
    if der.peek() == Some(TAG_CERT_VERSION) {
        der.skip_element(TAG_CERT_VERSION, tbs_end)
            .map_err(|_| BAD)?;
    }
    der.skip_element(TAG_INTEGER, tbs_end).map_err(|_| BAD)?; // serialNumber
    for _ in 0..4 {
        // signature, issuer, validity, subject
        der.skip_element(TAG_SEQUENCE, tbs_end).map_err(|_| BAD)?;
    }
    let spki_end = der.expect(TAG_SEQUENCE, tbs_end).map_err(|_| BAD)?;
    let alg_end = der
        .expect(TAG_SEQUENCE, spki_end)
        .map_err(|_| VerifyError::SpkiStructure)?;
    let key = spki_after_algorithm_header(der, alg_end, spki_end)?;
    if der.pos != spki_end {
        return Err(VerifyError::SpkiStructure);
    }
    // Unique IDs and extensions, then the outer signature: walked, not used.
    der.skip_to(tbs_end).map_err(|_| BAD)?;
    der.skip_element(TAG_SEQUENCE, cert_end).map_err(|_| BAD)?; // signatureAlgorithm
    der.skip_element(TAG_BIT_STRING, cert_end)
        .map_err(|_| BAD)?; // signatureValue
    if der.pos != cert_end {
        return Err(BAD);
    }
    Ok(key)
}

/// The rest of a SubjectPublicKeyInfo whose AlgorithmIdentifier header was read
/// (content ends at `alg_end`); the SubjectPublicKeyInfo ends at `spki_end`.
fn spki_after_algorithm_header<R: ByteReader>(
    der: &mut Der<R>,
    alg_end: usize,
    spki_end: usize,
) -> Result<PublicKey, VerifyError> {
    const BAD: VerifyError = VerifyError::SpkiStructure;
    let mut oid = [0u8; 16];
    let algorithm = read_small(der, TAG_OID, alg_end, &mut oid).map_err(|_| BAD)?;
    if algorithm != OID_EC_PUBLIC_KEY {
        return Err(VerifyError::KeyAlgorithm);
    }
    // Named curve parameters are required (explicit curve parameters are not
    // used by any signer).
    if der.peek() != Some(TAG_OID) {
        return Err(VerifyError::KeyAlgorithm);
    }
    let mut curve_buf = [0u8; 16];
    let curve = read_small(der, TAG_OID, alg_end, &mut curve_buf).map_err(|_| BAD)?;
    if curve != OID_PRIME256V1 {
        return Err(VerifyError::KeyAlgorithm);
    }
    if der.pos != alg_end {
        return Err(BAD);
    }
    let mut bits = [0u8; 66];
    let bit_string =
        read_small(der, TAG_BIT_STRING, spki_end, &mut bits).map_err(|_| VerifyError::KeyPoint)?;
    match bit_string.split_first() {
        Some((0, point)) => VerifyingKey::from_sec1_bytes(point)
            .map(PublicKey)
            .map_err(|_| VerifyError::KeyPoint),
        _ => Err(VerifyError::KeyPoint),
    }
}

/// Reads an element with `tag` whose content fits `buf`; returns the content.
fn read_small<'b, R: ByteReader>(
    der: &mut Der<R>,
    tag: u8,
    limit: usize,
    buf: &'b mut [u8],
) -> Result<&'b [u8], Malformed> {
    let end = der.expect(tag, limit)?;
    let len = end - der.pos;
    let content = buf.get_mut(..len).ok_or(Malformed)?;
    der.read_into(content)?;
    Ok(content)
}

// ---------------------------------------------------------------------------
// Files (hosted builds)

/// Checks the signature of the file at `path` with the key or certificate in the
/// file at `key_path` (any format [`parse_public_key`] reads). The file is read in
/// [`FILE_CHUNK_LEN`]-byte chunks; the key file may be at most
/// [`MAX_KEY_FILE_LEN`] bytes. Key problems are reported first, then signature
/// encoding, then the file.
#[cfg(ota_std)]
pub fn verify_file(
    path: &std::path::Path,
    key_path: &std::path::Path,
    signature: &[u8],
) -> Result<(), VerifyError> {
    use std::io::Read as _;

    let key_bytes = read_key_file(key_path)?;
    let key = parse_public_key(&key_bytes)?;
    let signature = parse_signature(signature)?;

    let mut file = std::fs::File::open(path).map_err(|_| VerifyError::FileOpen)?;
    let mut hash = Sha256::new();
    let mut chunk = [0u8; FILE_CHUNK_LEN];
    loop {
        match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => hash.update(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(VerifyError::FileRead),
        }
    }
    key.verify(&hash.finalize(), &signature)
}

#[cfg(ota_std)]
fn read_key_file(path: &std::path::Path) -> Result<std::vec::Vec<u8>, VerifyError> {
    use std::io::Read as _;

    let file = std::fs::File::open(path).map_err(|_| VerifyError::KeyFileRead)?;
    let mut bytes = std::vec::Vec::new();
    // One byte more than allowed tells a too-large file from a full one.
    let limit = MAX_KEY_FILE_LEN as u64 + 1;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|_| VerifyError::KeyFileRead)?;
    if bytes.len() > MAX_KEY_FILE_LEN {
        return Err(VerifyError::KeyFileTooLarge);
    }
    if bytes.is_empty() {
        return Err(VerifyError::KeyMissing);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    use p256::pkcs8::{EncodePublicKey, LineEnding};
    use proptest::prelude::*;

    // --- helpers: a tiny DER / PEM encoder for building test inputs -------------

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = content.len();
        if n < 0x80 {
            out.push(n as u8);
        } else if n < 0x100 {
            out.extend([0x81, n as u8]);
        } else {
            out.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    fn seq(parts: &[&[u8]]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    fn oid(content: &[u8]) -> Vec<u8> {
        tlv(0x06, content)
    }

    const OID_ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
    const OID_BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];

    fn key(n: u8) -> SigningKey {
        let mut bytes = [0u8; 32];
        bytes[31] = n;
        bytes[0] = 0x42;
        SigningKey::from_slice(&bytes).expect("valid scalar")
    }

    fn point(sk: &SigningKey) -> Vec<u8> {
        sk.verifying_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec()
    }

    fn spki_der(point: &[u8]) -> Vec<u8> {
        let alg = seq(&[&oid(OID_EC_PUBLIC_KEY), &oid(OID_PRIME256V1)]);
        let mut bits = vec![0u8];
        bits.extend_from_slice(point);
        seq(&[&alg, &tlv(0x03, &bits)])
    }

    fn name(cn: &str) -> Vec<u8> {
        let atv = seq(&[&oid(OID_CN), &tlv(0x0c, cn.as_bytes())]);
        seq(&[&tlv(0x31, &atv)])
    }

    /// A realistic self-signed certificate (version 3, extensions, a long
    /// subject so lengths need the long form).
    fn cert_der(subject: &SigningKey, issuer: &SigningKey) -> Vec<u8> {
        let sig_alg = seq(&[&oid(OID_ECDSA_SHA256)]);
        let validity = seq(&[&tlv(0x17, b"250101000000Z"), &tlv(0x17, b"350101000000Z")]);
        let ext = seq(&[
            &oid(OID_BASIC_CONSTRAINTS),
            &tlv(0x01, &[0xff]),
            &tlv(0x04, &seq(&[])),
        ]);
        let extensions = tlv(0xa3, &seq(&[&ext]));
        let long_cn = "ota code signer ".repeat(12);
        let tbs = seq(&[
            &tlv(0xa0, &tlv(0x02, &[0x02])),
            &tlv(0x02, &[0x00, 0x9c, 0x11, 0x22, 0x33]),
            &sig_alg,
            &name("issuer"),
            &validity,
            &name(&long_cn),
            &spki_der(&point(subject)),
            &extensions,
        ]);
        let digest = sha256(&tbs);
        let sig: Signature = issuer.sign_prehash(&digest).expect("sign");
        let mut sig_bits = vec![0u8];
        sig_bits.extend_from_slice(sig.to_der().as_bytes());
        seq(&[&tbs, &sig_alg, &tlv(0x03, &sig_bits)])
    }

    fn base64(data: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for c in data.chunks(3) {
            let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
            let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= c.len() {
                    s.push(A[(v >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    s.push('=');
                }
            }
        }
        s
    }

    fn pem(label: &str, der: &[u8]) -> String {
        let b = base64(der);
        let mut s = format!("-----BEGIN {label}-----\n");
        for line in b.as_bytes().chunks(64) {
            s.push_str(core::str::from_utf8(line).unwrap());
            s.push('\n');
        }
        s.push_str(&format!("-----END {label}-----\n"));
        s
    }

    fn sign(sk: &SigningKey, digest: &[u8; 32]) -> Signature {
        sk.sign_prehash(digest).expect("sign")
    }

    // --- SHA-256 ---------------------------------------------------------------

    #[test]
    fn sha256_known_answers() {
        assert_eq!(
            sha256(b""),
            hex32("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(
            sha256(b"abc"),
            hex32("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 + 3) as u8).collect();
        let mut h = Sha256::new();
        for chunk in data.chunks(97) {
            h.update(chunk);
        }
        assert_eq!(h.finalize(), sha256(&data));
    }

    fn hex32(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    // --- keys in every format ---------------------------------------------------

    #[test]
    fn every_key_format_verifies() {
        let sk = key(1);
        let digest = sha256(b"firmware image");
        let sig = sign(&sk, &digest);
        let der_sig = sig.to_der();
        let raw_sig = sig.to_bytes();
        let pt = point(&sk);
        let compressed = sk
            .verifying_key()
            .to_encoded_point(true)
            .as_bytes()
            .to_vec();
        let spki = spki_der(&pt);
        let cert = cert_der(&sk, &key(9));
        let pem_spki = sk
            .verifying_key()
            .to_public_key_pem(LineEnding::CRLF)
            .unwrap();
        let keys: Vec<(&str, Vec<u8>)> = vec![
            ("raw point", pt.clone()),
            ("compressed point", compressed),
            ("DER SPKI", spki.clone()),
            ("DER cert", cert.clone()),
            ("PEM SPKI (ours)", pem("PUBLIC KEY", &spki).into_bytes()),
            ("PEM SPKI (pkcs8 crate, CRLF)", pem_spki.into_bytes()),
            ("PEM cert", pem("CERTIFICATE", &cert).into_bytes()),
            (
                "PEM cert after other blocks, NUL-terminated",
                format!(
                    "junk\n{}{}\0",
                    pem("EC PARAMETERS", &oid(OID_PRIME256V1)),
                    pem("CERTIFICATE", &cert)
                )
                .into_bytes(),
            ),
        ];
        for (what, k) in &keys {
            assert_eq!(
                parse_public_key(k),
                Ok(PublicKey(*sk.verifying_key())),
                "{what}"
            );
            assert_eq!(
                verify_p256(k, &digest, der_sig.as_bytes()),
                Ok(()),
                "{what} DER sig"
            );
            assert_eq!(verify_p256(k, &digest, &raw_sig), Ok(()), "{what} raw sig");
            let mut other = digest;
            other[5] ^= 1;
            assert_eq!(
                verify_p256(k, &other, der_sig.as_bytes()),
                Err(VerifyError::SignatureMismatch),
                "{what} tampered digest"
            );
            let wrong = point(&key(2));
            assert_eq!(
                verify_p256(&wrong, &digest, der_sig.as_bytes()),
                Err(VerifyError::SignatureMismatch)
            );
        }
        assert_eq!(
            PublicKey(*sk.verifying_key()).to_uncompressed().to_vec(),
            pt
        );
    }

    #[test]
    fn key_errors_have_their_sub_codes() {
        let sk = key(3);
        let pt = point(&sk);
        let d = sha256(b"x");
        let sig = sign(&sk, &d).to_der();
        assert_eq!(parse_public_key(b""), Err(VerifyError::KeyMissing));
        assert_eq!(parse_public_key(b"hello"), Err(VerifyError::KeyFormat));
        assert_eq!(parse_public_key(&pt[..64]), Err(VerifyError::KeyFormat));
        let mut bad_point = pt.clone();
        bad_point[10] ^= 0x55;
        assert_eq!(parse_public_key(&bad_point), Err(VerifyError::KeyPoint));
        assert_eq!(
            parse_public_key(b"-----BEGIN PUBLIC KEY-----\nAAAA\n"),
            Err(VerifyError::PemArmor)
        );
        assert_eq!(
            parse_public_key(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
            Err(VerifyError::PemArmor)
        );
        assert_eq!(
            parse_public_key(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END CERTIFICATE-----\n"),
            Err(VerifyError::PemArmor)
        );
        assert_eq!(
            parse_public_key(b"-----BEGIN PUBLIC KEY-----\nAA*A\n-----END PUBLIC KEY-----\n"),
            Err(VerifyError::PemBase64)
        );
        assert_eq!(
            parse_public_key(b"-----BEGIN PUBLIC KEY-----\nAB==\n-----END PUBLIC KEY-----\n"),
            Err(VerifyError::PemBase64),
            "non-zero pad bits"
        );
        // An RSA-style algorithm OID, a different curve, and explicit parameters.
        let rsa = seq(&[
            &seq(&[
                &oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]),
                &tlv(0x05, &[]),
            ]),
            &tlv(0x03, &[0, 1, 2, 3]),
        ]);
        assert_eq!(parse_public_key(&rsa), Err(VerifyError::KeyAlgorithm));
        let p384 = seq(&[
            &seq(&[
                &oid(OID_EC_PUBLIC_KEY),
                &oid(&[0x2b, 0x81, 0x04, 0x00, 0x22]),
            ]),
            &tlv(0x03, &[0, 4, 1, 2]),
        ]);
        assert_eq!(parse_public_key(&p384), Err(VerifyError::KeyAlgorithm));
        let explicit = seq(&[
            &seq(&[&oid(OID_EC_PUBLIC_KEY), &seq(&[&tlv(0x02, &[1])])]),
            &tlv(0x03, &[0, 4, 1, 2]),
        ]);
        assert_eq!(parse_public_key(&explicit), Err(VerifyError::KeyAlgorithm));
        // Unused bits in the BIT STRING.
        let mut spki = spki_der(&pt);
        let at = spki.len() - 66;
        spki[at] = 1;
        assert_eq!(parse_public_key(&spki), Err(VerifyError::KeyPoint));
        // Trailing bytes after the DER structure.
        let mut spki = spki_der(&pt);
        spki.push(0);
        assert_eq!(parse_public_key(&spki), Err(VerifyError::KeyFormat));
        // A certificate whose tbsCertificate lacks a field.
        let broken = seq(&[
            &seq(&[&tlv(0x02, &[1]), &seq(&[]), &seq(&[])]),
            &seq(&[]),
            &tlv(0x03, &[0]),
        ]);
        assert_eq!(parse_public_key(&broken), Err(VerifyError::CertStructure));
        // Error precedence: a bad key is reported before a bad signature.
        assert_eq!(verify_p256(b"", &d, b""), Err(VerifyError::KeyMissing));
        assert_eq!(
            verify_p256(&pt, &d, b""),
            Err(VerifyError::SignatureMissing)
        );
        assert_eq!(verify_p256(&pt, &d, sig.as_bytes()), Ok(()));
    }

    #[test]
    fn signature_encodings() {
        let sk = key(4);
        let d = sha256(b"sig");
        let sig = sign(&sk, &d);
        let der = sig.to_der();
        assert_eq!(parse_signature(der.as_bytes()), Ok(sig));
        assert_eq!(parse_signature(&sig.to_bytes()), Ok(sig));
        assert_eq!(parse_signature(b""), Err(VerifyError::SignatureMissing));
        assert_eq!(
            parse_signature(&[0u8; 63]),
            Err(VerifyError::SignatureEncoding)
        );
        assert_eq!(
            parse_signature(&[0u8; 64]),
            Err(VerifyError::SignatureEncoding),
            "r = s = 0"
        );
        assert_eq!(
            parse_signature(&[0xffu8; 64]),
            Err(VerifyError::SignatureEncoding),
            ">= n"
        );
        // DER with a negative r, with a non-minimal zero, with trailing bytes.
        let r = [0x80u8; 32];
        let s = [0x01u8; 32];
        let neg = seq(&[&tlv(0x02, &r), &tlv(0x02, &s)]);
        assert_eq!(parse_signature(&neg), Err(VerifyError::SignatureEncoding));
        let mut padded = vec![0u8];
        padded.extend_from_slice(&s);
        let non_minimal = seq(&[&tlv(0x02, &padded), &tlv(0x02, &s)]);
        assert_eq!(
            parse_signature(&non_minimal),
            Err(VerifyError::SignatureEncoding)
        );
        let mut trailing = der.as_bytes().to_vec();
        trailing.push(0);
        assert_eq!(
            parse_signature(&trailing),
            Err(VerifyError::SignatureEncoding)
        );
        // Every truncation of a DER signature fails cleanly, except that a
        // 64-byte prefix reads as raw r || s (a different signature).
        for n in 0..der.as_bytes().len() {
            let r = parse_signature(&der.as_bytes()[..n]);
            if n == 64 {
                assert_ne!(r, Ok(sig));
            } else {
                assert!(r.is_err(), "{n}");
            }
        }
        // High-s signatures (as OpenSSL may produce) are accepted.
        let high = Signature::from_scalars(sig.r().to_bytes(), (-*sig.s()).to_bytes()).unwrap();
        let (low, high) = if sig.normalize_s().is_none() {
            (sig, high)
        } else {
            (high, sig)
        };
        assert!(low.normalize_s().is_none());
        assert!(high.normalize_s().is_some());
        let pt = point(&sk);
        assert_eq!(verify_p256(&pt, &d, &high.to_bytes()), Ok(()));
        assert_eq!(verify_p256(&pt, &d, &low.to_bytes()), Ok(()));
    }

    #[test]
    fn every_truncation_of_a_pem_and_a_der_certificate_is_handled() {
        let sk = key(5);
        let cert = cert_der(&sk, &sk);
        assert!(cert.len() > 300, "long-form lengths are exercised");
        for n in 0..cert.len() {
            assert!(parse_public_key(&cert[..n]).is_err(), "DER cert cut at {n}");
        }
        let spki = spki_der(&point(&sk));
        for n in 0..spki.len() {
            assert!(parse_public_key(&spki[..n]).is_err(), "DER SPKI cut at {n}");
        }
        for text in [pem("CERTIFICATE", &cert), pem("PUBLIC KEY", &spki)] {
            let bytes = text.as_bytes();
            let end_line = bytes.len() - 1; // everything up to the final newline
            for n in 0..=bytes.len() {
                let r = parse_public_key(&bytes[..n]);
                if n >= end_line {
                    assert_eq!(r, Ok(PublicKey(*sk.verifying_key())), "cut at {n}");
                } else {
                    assert!(r.is_err(), "PEM cut at {n} of {}: {r:?}", bytes.len());
                }
            }
        }
    }

    #[test]
    fn every_single_byte_corruption_of_a_certificate_is_handled() {
        let sk = key(6);
        let cert = cert_der(&sk, &sk);
        for i in 0..cert.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut c = cert.clone();
                c[i] ^= flip;
                // Must not panic; whatever parses must be a usable key.
                if let Ok(k) = parse_public_key(&c) {
                    let _ = k.to_uncompressed();
                }
            }
        }
    }

    #[test]
    fn base64_length_rules() {
        assert_eq!(base64_decoded_len(b"QUJD"), Some(3));
        assert_eq!(base64_decoded_len(b"QUI="), Some(2));
        assert_eq!(base64_decoded_len(b"QQ=="), Some(1));
        assert_eq!(base64_decoded_len(b" Q U\r\nI = "), Some(2));
        assert_eq!(base64_decoded_len(b""), None);
        assert_eq!(base64_decoded_len(b"QUJ"), None);
        assert_eq!(base64_decoded_len(b"Q==="), None);
        assert_eq!(base64_decoded_len(b"QQ==QUJD"), None);
        assert_eq!(base64_decoded_len(b"QR=="), None);
        let mut r = Base64Reader::new(b"QUJD\nRA==");
        let mut out = Vec::new();
        while let Some(b) = r.next_byte() {
            out.push(b);
        }
        assert_eq!(out, b"ABCD");
    }

    #[test]
    fn status_words_and_header_agree() {
        assert_eq!(pal_status(Ok(())), 0);
        assert_eq!(
            VerifyError::SignatureMismatch.pal_status(),
            (0xe3 << 24) | 0x12
        );
        assert_eq!(VerifyError::KeyPoint.pal_status(), (0xe7 << 24) | 0x08);
        let header = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/include/ota_signature.h"
        ));
        for e in VerifyError::ALL {
            let line = header
                .lines()
                .find(|l| {
                    l.trim_start().starts_with("#define")
                        && l.split_whitespace().nth(1) == Some(e.c_name())
                })
                .unwrap_or_else(|| panic!("{} missing from ota_signature.h", e.c_name()));
            let value = line.split_whitespace().nth(2).unwrap();
            let value = value.trim_end_matches('U').trim_start_matches("0x");
            assert_eq!(
                u32::from_str_radix(value, 16).unwrap(),
                e.sub_code(),
                "{line}"
            );
        }
        let mut codes: Vec<u32> = VerifyError::ALL.iter().map(|e| e.sub_code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            codes.len(),
            VerifyError::ALL.len(),
            "sub codes are distinct"
        );
    }

    // --- files --------------------------------------------------------------------

    fn temp_dir(tag: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ota-verify-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn file_verification() {
        let dir = temp_dir("file");
        let sk = key(7);
        let data: Vec<u8> = (0..(3 * FILE_CHUNK_LEN + 123))
            .map(|i| (i % 251) as u8)
            .collect();
        let file = dir.join("image.bin");
        std::fs::write(&file, &data).unwrap();
        let cert = dir.join("signer.pem");
        std::fs::write(&cert, pem("CERTIFICATE", &cert_der(&sk, &sk))).unwrap();
        let sig = sign(&sk, &sha256(&data)).to_der();
        assert_eq!(verify_file(&file, &cert, sig.as_bytes()), Ok(()));

        let mut tampered = data.clone();
        tampered[FILE_CHUNK_LEN + 1] ^= 0x20;
        std::fs::write(&file, &tampered).unwrap();
        assert_eq!(
            verify_file(&file, &cert, sig.as_bytes()),
            Err(VerifyError::SignatureMismatch)
        );
        assert_eq!(
            verify_file(&dir.join("missing"), &cert, sig.as_bytes()),
            Err(VerifyError::FileOpen)
        );
        assert_eq!(
            verify_file(&file, &dir.join("missing.pem"), sig.as_bytes()),
            Err(VerifyError::KeyFileRead)
        );
        let big = dir.join("big.pem");
        std::fs::write(&big, vec![b'A'; MAX_KEY_FILE_LEN + 1]).unwrap();
        assert_eq!(
            verify_file(&file, &big, sig.as_bytes()),
            Err(VerifyError::KeyFileTooLarge)
        );
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(
            verify_file(&file, &empty, sig.as_bytes()),
            Err(VerifyError::KeyMissing)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    // --- OpenSSL cross-check (skipped when the CLI is missing) ------------------------

    fn openssl(dir: &std::path::Path, args: &[&str]) -> Option<std::process::Output> {
        let out = std::process::Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .ok()?;
        Some(out)
    }

    fn openssl_ok(dir: &std::path::Path, args: &[&str]) {
        let out = openssl(dir, args).expect("openssl ran before");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn cross_check_with_openssl() {
        let dir = temp_dir("openssl");
        if openssl(&dir, &["version"]).is_none_or(|o| !o.status.success()) {
            eprintln!("SKIP: the openssl command is not available");
            return;
        }
        let data: Vec<u8> = (0..20_000u32).map(|i| (i * 31 % 256) as u8).collect();
        std::fs::write(dir.join("data.bin"), &data).unwrap();
        openssl_ok(
            &dir,
            &[
                "ecparam",
                "-name",
                "prime256v1",
                "-genkey",
                "-noout",
                "-out",
                "key.pem",
            ],
        );
        openssl_ok(
            &dir,
            &["ec", "-in", "key.pem", "-pubout", "-out", "pub.pem"],
        );
        openssl_ok(
            &dir,
            &[
                "ec", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der",
            ],
        );
        openssl_ok(
            &dir,
            &[
                "req",
                "-new",
                "-x509",
                "-key",
                "key.pem",
                "-subj",
                "/CN=ota signer",
                "-days",
                "2",
                "-sha256",
                "-out",
                "cert.pem",
            ],
        );
        openssl_ok(
            &dir,
            &[
                "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der",
            ],
        );
        let digest = sha256(&data);
        for round in 0..8 {
            openssl_ok(
                &dir,
                &[
                    "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "data.bin",
                ],
            );
            let sig = std::fs::read(dir.join("sig.der")).unwrap();
            for k in ["pub.pem", "pub.der", "cert.pem", "cert.der"] {
                let key = std::fs::read(dir.join(k)).unwrap();
                assert_eq!(
                    verify_p256(&key, &digest, &sig),
                    Ok(()),
                    "{k} round {round}"
                );
                assert_eq!(
                    verify_file(&dir.join("data.bin"), &dir.join(k), &sig),
                    Ok(()),
                    "{k} file round {round}"
                );
                let mut other = digest;
                other[0] ^= 0x80;
                assert_eq!(
                    verify_p256(&key, &other, &sig),
                    Err(VerifyError::SignatureMismatch)
                );
            }
        }
        // And the other way round: OpenSSL verifies a p256-made signature against
        // the key we export.
        let sk = key(8);
        let sig = sign(&sk, &digest).to_der();
        std::fs::write(dir.join("ours.sig"), sig.as_bytes()).unwrap();
        std::fs::write(
            dir.join("ours.pem"),
            pem("PUBLIC KEY", &spki_der(&point(&sk))),
        )
        .unwrap();
        openssl_ok(
            &dir,
            &[
                "dgst",
                "-sha256",
                "-verify",
                "ours.pem",
                "-signature",
                "ours.sig",
                "data.bin",
            ],
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    // --- properties -------------------------------------------------------------------

    proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let d = sha256(&bytes);
            let _ = parse_public_key(&bytes);
            let _ = parse_signature(&bytes);
            let _ = verify_p256(&bytes, &d, &bytes);
            let _ = base64_decoded_len(&bytes);
            let mut r = Base64Reader::new(&bytes);
            for _ in 0..bytes.len() { let _ = r.next_byte(); }
        }

        #[test]
        fn der_prefixed_random_bytes_never_panic(
            tag in prop::sample::select(vec![0x30u8, 0x02, 0x03, 0x06, 0xa0]),
            len in prop::sample::select(vec![0x00u8, 0x05, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xff]),
            rest in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let mut v = vec![0x30, 0x82, 0x01, 0x00, tag, len];
            v.extend(rest);
            let _ = parse_public_key(&v);
            let _ = parse_signature(&v);
        }

        #[test]
        fn pem_with_random_body_never_panics(body in "[A-Za-z0-9+/= \r\n*-]{0,400}") {
            let text = format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n");
            let _ = parse_public_key(text.as_bytes());
            let text = format!("-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----");
            let _ = parse_public_key(text.as_bytes());
        }

        #[test]
        fn mutated_certificates_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            pem_form in any::<bool>(),
        ) {
            let sk = key(10);
            let mut cert = cert_der(&sk, &sk);
            for (i, b) in edits {
                let at = i.index(cert.len());
                cert[at] = b;
            }
            if pem_form {
                let _ = parse_public_key(pem("CERTIFICATE", &cert).as_bytes());
            } else {
                let _ = parse_public_key(&cert);
            }
        }

        #[test]
        fn chunking_does_not_change_the_hash(
            data in proptest::collection::vec(any::<u8>(), 0..2000),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let mut points: Vec<usize> = cuts.iter().map(|c| c.index(data.len() + 1)).collect();
            points.sort_unstable();
            let mut h = Sha256::new();
            let mut at = 0;
            for p in points { h.update(&data[at..p]); at = p; }
            h.update(&data[at..]);
            prop_assert_eq!(h.finalize(), sha256(&data));
        }
    }
}
