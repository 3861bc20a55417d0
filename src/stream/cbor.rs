//! CBOR wire format of AWS IoT MQTT streams.
//!
//! Two messages matter to a device:
//!
//! * the GetStream request it publishes, a definite-length map
//!   `{"c": text, "f": uint, "l": uint, "o": uint, "b": bytes, "n": uint}`
//!   with keys in exactly that order and integers in their shortest form, and
//! * the data block the service sends back, a map holding at least
//!   `"f"`, `"i"`, `"l"` (unsigned integers) and `"p"` (a byte string), in any
//!   order and possibly with other keys (the service echoes `"c"`).
//!
//! Both directions work on caller buffers only. The decoder reads the map in
//! one pass and returns the payload as a slice of the message.

use core::fmt;

// Major types, the top three bits of an item's initial byte (RFC 8949 §3.1).
const MAJOR_UINT: u8 = 0;
const MAJOR_NINT: u8 = 1;
const MAJOR_BYTES: u8 = 2;
const MAJOR_TEXT: u8 = 3;
const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;
const MAJOR_TAG: u8 = 6;
const MAJOR_SIMPLE: u8 = 7;

/// Additional-information value that marks an indefinite length.
const AI_INDEFINITE: u8 = 31;
/// The "break" stop code that closes an indefinite-length item.
const BREAK: u8 = 0xff;
/// Initial byte of a text string of length one: every key the service uses.
const TEXT_LEN_1: u8 = (MAJOR_TEXT << 5) | 1;

/// Deepest nesting of non-empty arrays and maps accepted inside a value
/// that the decoder skips.
///
/// The service never nests anything; the bound only keeps skipping of
/// hostile input in fixed, small stack space.
pub const MAX_SKIP_DEPTH: usize = 16;

// ---------------------------------------------------------------------------
// Encoder
// ---------------------------------------------------------------------------

/// Why a GetStream request could not be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodeError {
    /// The output buffer is shorter than the encoded request; nothing was
    /// written.
    BufferTooSmall {
        /// Bytes the request needs, as [`get_stream_request_len`] reports.
        needed: usize,
    },
}

impl EncodeError {
    /// Short, fixed description for logs.
    pub const fn description(&self) -> &'static str {
        match self {
            Self::BufferTooSmall { .. } => "output buffer too small for GetStream request",
        }
    }
}

impl fmt::Display for EncodeError {
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

impl core::error::Error for EncodeError {}

/// Exact size of the request [`encode_get_stream_request`] writes for these
/// arguments, or `None` if the token or the bitmap is 4 GiB or longer.
///
/// Useful to size a buffer: for a token of `t` bytes and a bitmap of `b`
/// bytes it never exceeds `t + b + 39` while both are under 64 KiB (and
/// `t + b + 43` in general).
pub fn get_stream_request_len(
    client_token_len: usize,
    file_id: u32,
    block_size: u32,
    block_offset: u32,
    bitmap_len: usize,
    num_blocks: u32,
) -> Option<usize> {
    // A dry run of the encoder: the same code decides the length and the bytes,
    // so the two cannot disagree. The string bodies are only counted.
    let mut w = Writer {
        out: &mut [],
        len: 0,
    };
    w.request(
        Body::Len(client_token_len),
        file_id,
        block_size,
        block_offset,
        Body::Len(bitmap_len),
        num_blocks,
    )?;
    Some(w.len)
}

/// Where the bitmap bytes lie in a request of `request_len` bytes that
/// [`encode_get_stream_request`] wrote with a bitmap of `bitmap_len` bytes and
/// `num_blocks`: the bitmap is followed only by the `"n"` pair. Lets a caller
/// encode the request once per job and refresh just the bitmap in place.
pub const fn get_stream_bitmap_start(
    request_len: usize,
    bitmap_len: usize,
    num_blocks: u32,
) -> usize {
    // The "n" pair: one-byte key head, key, then the integer's head.
    let n_pair = 2 + if num_blocks < 24 {
        1
    } else if num_blocks <= 0xff {
        2
    } else if num_blocks <= 0xffff {
        3
    } else {
        5
    };
    request_len.saturating_sub(bitmap_len + n_pair)
}

/// A string value of the request: its bytes, or only its length for a dry run.
#[derive(Clone, Copy)]
enum Body<'a> {
    Bytes(&'a [u8]),
    Len(usize),
}

impl Body<'_> {
    const fn len(&self) -> usize {
        match self {
            Self::Bytes(b) => b.len(),
            Self::Len(n) => *n,
        }
    }
}

/// Sequential writer over a caller buffer. It counts every byte and stores
/// those that fit: with an empty buffer it only measures. Every write is
/// bounds-checked, so a wrong length computation degrades to an error, never
/// a panic.
struct Writer<'a> {
    out: &'a mut [u8],
    len: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: Body<'_>) -> Option<()> {
        let end = self.len.checked_add(bytes.len())?;
        if let (Some(dst), Body::Bytes(src)) = (self.out.get_mut(self.len..end), bytes) {
            crate::bytes::copy(dst, src);
        }
        self.len = end;
        Some(())
    }

    /// Writes an item head in the shortest form, as tinycbor does. Every
    /// value of a request fits in 32 bits.
    fn head(&mut self, major: u8, value: u32) -> Option<()> {
        let ib = major << 5;
        let be = value.to_be_bytes();
        let (ai, width) = if value < 24 {
            (value as u8, 0)
        } else if value <= 0xff {
            (24, 1)
        } else if value <= 0xffff {
            (25, 2)
        } else {
            (26, 4)
        };
        self.put(Body::Bytes(&[ib | ai]))?;
        self.put(Body::Bytes(be.get(4 - width..)?))
    }

    fn key(&mut self, name: u8) -> Option<()> {
        self.put(Body::Bytes(&[TEXT_LEN_1, name]))
    }

    fn uint(&mut self, name: u8, value: u32) -> Option<()> {
        self.key(name)?;
        self.head(MAJOR_UINT, value)
    }

    fn string(&mut self, name: u8, major: u8, body: Body<'_>) -> Option<()> {
        self.key(name)?;
        // A string of 4 GiB or more is refused.
        self.head(major, u32::try_from(body.len()).ok()?)?;
        self.put(body)
    }

    /// The whole request, keys in the order the service documents.
    fn request(
        &mut self,
        client_token: Body<'_>,
        file_id: u32,
        block_size: u32,
        block_offset: u32,
        bitmap: Body<'_>,
        num_blocks: u32,
    ) -> Option<()> {
        self.head(MAJOR_MAP, 6)?;
        self.string(b'c', MAJOR_TEXT, client_token)?;
        self.uint(b'f', file_id)?;
        self.uint(b'l', block_size)?;
        self.uint(b'o', block_offset)?;
        self.string(b'b', MAJOR_BYTES, bitmap)?;
        self.uint(b'n', num_blocks)
    }
}

/// Encodes a GetStream request into `out` and returns its length.
///
/// `client_token` is sent as the text value of `"c"` (the C agent always
/// sends `rdy`; it must be valid UTF-8 for the service to accept it, which
/// is not checked here). `bitmap` is the byte string `"b"`, read by the
/// service relative to `block_offset` (`"o"`, in blocks, a multiple of 8
/// when a partial bitmap is sent). `num_blocks` (`"n"`) caps how many blocks
/// the service sends in reply.
///
/// # Errors
///
/// [`EncodeError::BufferTooSmall`] if `out` cannot hold the whole request;
/// `out` is then left untouched.
pub fn encode_get_stream_request(
    out: &mut [u8],
    client_token: &[u8],
    file_id: u32,
    block_size: u32,
    block_offset: u32,
    bitmap: &[u8],
    num_blocks: u32,
) -> Result<usize, EncodeError> {
    let needed = get_stream_request_len(
        client_token.len(),
        file_id,
        block_size,
        block_offset,
        bitmap.len(),
        num_blocks,
    )
    .unwrap_or(usize::MAX);
    let too_small = EncodeError::BufferTooSmall { needed };
    // Checking up front keeps `out` clean on failure.
    let dst = out.get_mut(..needed).ok_or(too_small)?;
    let mut w = Writer { out: dst, len: 0 };
    let written = w.request(
        Body::Bytes(client_token),
        file_id,
        block_size,
        block_offset,
        Body::Bytes(bitmap),
        num_blocks,
    );
    // The dry run measured this very sequence; anything else would be a
    // length bug and is reported rather than sent.
    match written {
        Some(()) if w.len == needed => Ok(needed),
        _ => Err(too_small),
    }
}

// ---------------------------------------------------------------------------
// Decoder
// ---------------------------------------------------------------------------

/// One block of a stream, borrowed from the message it was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataBlock<'a> {
    /// Stream file id (`"f"`); the C agent does not compare it with the job.
    pub file_id: u32,
    /// Block index within the file (`"i"`).
    pub block_id: u32,
    /// Block length the service claims (`"l"`); not checked against
    /// `payload.len()` here, the ingest layer decides.
    pub block_size: u32,
    /// Block data (`"p"`), pointing into the decoded message.
    pub payload: &'a [u8],
}

/// A required key of a data block message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `"f"`, the file id.
    FileId,
    /// `"i"`, the block id.
    BlockId,
    /// `"l"`, the block size.
    BlockSize,
    /// `"p"`, the payload.
    Payload,
}

impl Field {
    /// The map key naming this field on the wire.
    pub const fn key(self) -> &'static str {
        match self {
            Self::FileId => "f",
            Self::BlockId => "i",
            Self::BlockSize => "l",
            Self::Payload => "p",
        }
    }
}

/// Why a data block message was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The message ends inside an item.
    Truncated,
    /// The message is not a CBOR map.
    NotAMap,
    /// The message is not well-formed CBOR (reserved encodings, misplaced
    /// break, bad string chunks).
    Malformed,
    /// A skipped value nests deeper than [`MAX_SKIP_DEPTH`].
    TooDeep,
    /// Bytes follow the map.
    TrailingBytes,
    /// A required key is absent.
    Missing(Field),
    /// A required key appears more than once.
    Duplicate(Field),
    /// A required key holds a value of the wrong CBOR type.
    WrongType(Field),
    /// An integer field is negative.
    Negative(Field),
    /// An integer field exceeds `u32::MAX`.
    TooLarge(Field),
    /// The payload is an indefinite-length byte string, which cannot be
    /// returned as one slice.
    IndefinitePayload,
}

impl DecodeError {
    /// Short, fixed description for logs.
    pub const fn description(&self) -> &'static str {
        match self {
            Self::Truncated => "CBOR message truncated",
            Self::NotAMap => "CBOR message is not a map",
            Self::Malformed => "CBOR message is not well-formed",
            Self::TooDeep => "CBOR value nested too deeply",
            Self::TrailingBytes => "bytes after the CBOR map",
            Self::Missing(_) => "required key missing",
            Self::Duplicate(_) => "duplicate key",
            Self::WrongType(_) => "value of the wrong type",
            Self::Negative(_) => "negative integer",
            Self::TooLarge(_) => "integer larger than u32",
            Self::IndefinitePayload => "payload is an indefinite-length byte string",
        }
    }

    /// The field concerned, if the error is about one.
    pub const fn field(&self) -> Option<Field> {
        match self {
            Self::Missing(f)
            | Self::Duplicate(f)
            | Self::WrongType(f)
            | Self::Negative(f)
            | Self::TooLarge(f) => Some(*f),
            Self::IndefinitePayload => Some(Field::Payload),
            _ => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field() {
            // Plain pieces rather than `write!` (see `EncodeError`'s Display).
            Some(field) => {
                f.write_str(self.description())?;
                f.write_str(" (\"")?;
                f.write_str(field.key())?;
                f.write_str("\")")
            }
            None => f.write_str(self.description()),
        }
    }
}

impl core::error::Error for DecodeError {}

// Open containers while skipping a value: a definite array or map is the count
// of its items (keys and values) still to come, at least 1; indefinite ones are
// marked by values no definite count can reach, since each item takes a byte.
const INDEF_ARRAY: usize = usize::MAX;
/// An indefinite map between a value and the next key, where a break may come.
const INDEF_MAP_EVEN: usize = usize::MAX - 1;
/// An indefinite map between a key and its value, where a break is malformed.
const INDEF_MAP_ODD: usize = usize::MAX - 2;

/// Cursor over the undecoded rest of a message.
///
/// `Copy` so that out-of-line slow paths can take and return it by value,
/// which lets the hot loop keep it in registers.
#[derive(Clone, Copy)]
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    #[inline(always)]
    fn byte(&mut self) -> Result<u8, DecodeError> {
        let (&b, rest) = self.rest.split_first().ok_or(DecodeError::Truncated)?;
        self.rest = rest;
        Ok(b)
    }

    #[inline(always)]
    fn fixed<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let (head, rest) = self
            .rest
            .split_first_chunk::<N>()
            .ok_or(DecodeError::Truncated)?;
        self.rest = rest;
        Ok(*head)
    }

    #[inline(always)]
    fn take(&mut self, len: u64) -> Result<&'a [u8], DecodeError> {
        // A length beyond usize can never be satisfied by the message.
        let len = usize::try_from(len).map_err(|_| DecodeError::Truncated)?;
        let (body, rest) = self
            .rest
            .split_at_checked(len)
            .ok_or(DecodeError::Truncated)?;
        self.rest = rest;
        Ok(body)
    }

    /// Reads the argument announced by additional information `ai`.
    /// Indefinite length is not an argument; callers handle it first.
    ///
    /// Only the general path and the skipper use this, so it is a byte loop:
    /// small rather than fast.
    #[inline(never)]
    fn arg(&mut self, ai: u8) -> Result<u64, DecodeError> {
        let width = match ai {
            0..=23 => return Ok(u64::from(ai)),
            // A `u32` shift: a `u64` one would call a runtime helper here.
            24..=27 => u64::from(1u32 << (ai - 24)),
            _ => return Err(DecodeError::Malformed),
        };
        let bytes = self.take(width)?;
        Ok(bytes.iter().fold(0, |v, &b| (v << 8) | u64::from(b)))
    }

    /// Consumes the one-character text key `name`, if it comes next.
    #[inline(always)]
    fn expect_key(&mut self, name: u8) -> Option<()> {
        match self.rest {
            [TEXT_LEN_1, n, rest @ ..] if *n == name => {
                self.rest = rest;
                Some(())
            }
            _ => None,
        }
    }

    /// Fast path: the head of an item of major type `major` (already shifted
    /// into the top three bits) with an argument of at most four bytes, or
    /// `None` for anything else (the general path then reports what is wrong).
    ///
    /// Matching the whole initial byte classifies type and width in one
    /// branch; this runs for every field of every block.
    #[inline(always)]
    fn arg_fast(&mut self, major: u8) -> Option<u32> {
        // Another major type leaves a value from 0x20 up, which no arm takes.
        let ib = self.byte().ok()? ^ major;
        match ib {
            0x00..=0x17 => Some(u32::from(ib)),
            0x18 => self.byte().ok().map(u32::from),
            0x19 => self.fixed().ok().map(|b| u32::from(u16::from_be_bytes(b))),
            0x1a => self.fixed().ok().map(u32::from_be_bytes),
            _ => None,
        }
    }

    /// The integer reader of the general path: out of line and built on
    /// [`Reader::arg`], one copy of the code instead of one per key.
    #[inline(never)]
    fn uint_outlined(&mut self, field: Field) -> Result<u32, DecodeError> {
        let ib = self.byte()?;
        match (ib >> 5, ib & 0x1f) {
            // Reserved widths and indefinite length are not integers.
            (MAJOR_UINT | MAJOR_NINT, 28..) => Err(DecodeError::Malformed),
            (MAJOR_NINT, _) => Err(DecodeError::Negative(field)),
            (MAJOR_UINT, ai) => {
                u32::try_from(self.arg(ai)?).map_err(|_| DecodeError::TooLarge(field))
            }
            _ => Err(DecodeError::WrongType(field)),
        }
    }

    /// The payload reader of the general path, out of line and built on
    /// [`Reader::arg`].
    #[inline(never)]
    fn bytes_outlined(&mut self) -> Result<&'a [u8], DecodeError> {
        let ib = self.byte()?;
        match (ib >> 5, ib & 0x1f) {
            (MAJOR_BYTES, AI_INDEFINITE) => Err(DecodeError::IndefinitePayload),
            (MAJOR_BYTES, ai) => {
                let len = self.arg(ai)?;
                self.take(len)
            }
            _ => Err(DecodeError::WrongType(Field::Payload)),
        }
    }

    /// Skips one complete item of any type and returns the character it spells
    /// if it is a one-character text string (a key a required field can have,
    /// whether written with a long-form length head or in chunks).
    ///
    /// Checks well-formedness on the way, without recursion: open containers
    /// live on a fixed stack of [`MAX_SKIP_DEPTH`] entries.
    #[inline(never)]
    fn skip_item(mut self) -> Result<(Option<u8>, Self), DecodeError> {
        let mut stack = [0usize; MAX_SKIP_DEPTH];
        let mut depth = 0usize;
        let mut name = None;
        // Set after a tag: the tagged item must follow, not a break.
        let mut after_tag = false;
        loop {
            let ib = self.byte()?;
            let major = ib >> 5;
            let ai = ib & 0x1f;
            let tagged = core::mem::replace(&mut after_tag, false);
            let mut opened = None;
            if ib == BREAK {
                // A break closes the innermost indefinite container, which then
                // counts as one item.
                let top = depth.checked_sub(1).ok_or(DecodeError::Malformed)?;
                match stack.get(top) {
                    Some(&(INDEF_ARRAY | INDEF_MAP_EVEN)) if !tagged => depth = top,
                    _ => return Err(DecodeError::Malformed),
                }
            } else if ai == AI_INDEFINITE {
                match major {
                    MAJOR_BYTES | MAJOR_TEXT => {
                        // Chunks must be definite strings of the same major type;
                        // only their concatenation counts.
                        let (mut total, mut first) = (0usize, 0u8);
                        loop {
                            let ib = self.byte()?;
                            if ib == BREAK {
                                break;
                            }
                            if ib >> 5 != major || ib & 0x1f == AI_INDEFINITE {
                                return Err(DecodeError::Malformed);
                            }
                            let len = self.arg(ib & 0x1f)?;
                            let chunk = self.take(len)?;
                            if let (0, Some(&c)) = (total, chunk.first()) {
                                first = c;
                            }
                            total = total.saturating_add(chunk.len());
                        }
                        name = (total == 1 && major == MAJOR_TEXT).then_some(first);
                    }
                    MAJOR_ARRAY => opened = Some(INDEF_ARRAY),
                    MAJOR_MAP => opened = Some(INDEF_MAP_EVEN),
                    // Integers and tags have no indefinite form.
                    _ => return Err(DecodeError::Malformed),
                }
            } else {
                let arg = self.arg(ai)?;
                match major {
                    MAJOR_BYTES | MAJOR_TEXT => {
                        name = match self.take(arg)? {
                            [c] if major == MAJOR_TEXT => Some(*c),
                            _ => None,
                        };
                    }
                    MAJOR_ARRAY | MAJOR_MAP => {
                        let items = if major == MAJOR_MAP {
                            arg.checked_mul(2).ok_or(DecodeError::Truncated)?
                        } else {
                            arg
                        };
                        // Each item takes at least one byte: reject impossible
                        // counts at once (this also keeps them below the marks).
                        let items = usize::try_from(items)
                            .ok()
                            .filter(|&n| n <= self.rest.len())
                            .ok_or(DecodeError::Truncated)?;
                        opened = (items != 0).then_some(items);
                    }
                    MAJOR_TAG => {
                        after_tag = true;
                        continue;
                    }
                    // Simple values below 32 must use the short form.
                    MAJOR_SIMPLE if ai == 24 && arg < 32 => return Err(DecodeError::Malformed),
                    _ => {}
                }
            }
            // Only an untagged string outside any container is a key's name.
            if depth > 0 || tagged {
                name = None;
            }
            if let Some(entry) = opened {
                let slot = stack.get_mut(depth).ok_or(DecodeError::TooDeep)?;
                *slot = entry;
                depth += 1;
                continue;
            }
            // Count the finished item against its container, closing every
            // definite container that this completes.
            loop {
                let Some(top) = depth.checked_sub(1) else {
                    return Ok((name, self));
                };
                let Some(entry) = stack.get_mut(top) else {
                    return Err(DecodeError::Malformed);
                };
                *entry = match *entry {
                    INDEF_ARRAY => INDEF_ARRAY,
                    INDEF_MAP_EVEN => INDEF_MAP_ODD,
                    INDEF_MAP_ODD => INDEF_MAP_EVEN,
                    1 => {
                        depth = top;
                        continue;
                    }
                    n => n - 1,
                };
                break;
            }
        }
    }
}

/// The required fields in the order of their keys in [`FIELD_KEYS`].
const FIELDS: [Field; 4] = [
    Field::FileId,
    Field::BlockId,
    Field::BlockSize,
    Field::Payload,
];
/// The one-character keys of [`FIELDS`].
const FIELD_KEYS: &[u8; 4] = b"filp";

/// Decodes one data block message from a stream's `…/data/cbor` topic.
///
/// The map (definite or indefinite length) must hold `"f"`, `"i"` and
/// `"l"` as unsigned integers that fit in `u32`, and `"p"` as a
/// definite-length byte string. Keys may come in any order; other keys,
/// such as the `"c"` token the service echoes, are skipped whatever their
/// type. Duplicates of the required keys are rejected; duplicates among
/// other keys are not looked for, since they are ignored anyway.
///
/// The work is one pass over the map heads; the payload is not read.
///
/// # Errors
///
/// A [`DecodeError`] for anything but exactly one well-formed map holding
/// the four fields.
#[inline]
pub fn decode_data_block(msg: &[u8]) -> Result<DataBlock<'_>, DecodeError> {
    match decode_service_layout(msg) {
        Some(block) => Ok(block),
        None => decode_any_layout(msg),
    }
}

/// Straight-line decode of the layout the service sends: a definite map
/// with keys `"c"` (a text string), `"f"`, `"i"`, `"l"`, `"p"` in that
/// order, or the same without `"c"`, every head at most four bytes wide.
///
/// Skipping the per-key dispatch and bookkeeping of the general path
/// roughly halves the cost of a block. `None` means "not this layout" and
/// hands the message to [`decode_any_layout`], which then also reports any
/// error; whatever this accepts the general path accepts identically.
#[inline(always)]
fn decode_service_layout(msg: &[u8]) -> Option<DataBlock<'_>> {
    let (&head, rest) = msg.split_first()?;
    let mut r = Reader { rest };
    // Where in the layout the map starts: with the token or without it.
    let first = match head {
        0xa5 => 0,
        0xa4 => 1,
        _ => return None,
    };
    // One copy of the head reader, run for every field in turn; `args` is
    // indexed like the layout, and the last string read is the payload.
    let mut args = [0u32; SERVICE_LAYOUT.len()];
    let mut payload: &[u8] = &[];
    for i in first..SERVICE_LAYOUT.len() {
        let (key, major) = *SERVICE_LAYOUT.get(i)?;
        r.expect_key(key)?;
        let arg = r.arg_fast(major)?;
        *args.get_mut(i)? = arg;
        if major != MAJOR_UINT << 5 {
            payload = r.take(u64::from(arg)).ok()?;
        }
    }
    let [_, file_id, block_id, block_size, _] = args;
    r.rest.is_empty().then_some(DataBlock {
        file_id,
        block_id,
        block_size,
        payload,
    })
}

/// The service's layout: `"c"` (a text string, skipped), then `"f"`, `"i"`,
/// `"l"` (unsigned integers) and `"p"` (a byte string), each with the major
/// type of its value in the top three bits.
const SERVICE_LAYOUT: [(u8, u8); 5] = [
    (b'c', MAJOR_TEXT << 5),
    (b'f', MAJOR_UINT << 5),
    (b'i', MAJOR_UINT << 5),
    (b'l', MAJOR_UINT << 5),
    (b'p', MAJOR_BYTES << 5),
];

// The fast path reads the required fields in the order of `FIELD_KEYS`.
const _: () = {
    let mut i = 0;
    while i < FIELD_KEYS.len() {
        assert!(SERVICE_LAYOUT[i + 1].0 == FIELD_KEYS[i]);
        i += 1;
    }
};

/// Decodes a data block map of any layout.
#[inline(never)]
fn decode_any_layout(msg: &[u8]) -> Result<DataBlock<'_>, DecodeError> {
    let mut r = Reader { rest: msg };
    let ib = r.byte()?;
    if ib >> 5 != MAJOR_MAP {
        return Err(DecodeError::NotAMap);
    }
    let ai = ib & 0x1f;
    // Pairs still to read, or `None` for a map closed by a break.
    let mut pairs = if ai == AI_INDEFINITE {
        None
    } else {
        Some(r.arg(ai)?)
    };
    let mut seen = 0u8;
    let mut ints = [0u32; 3];
    let mut payload: &[u8] = &[];
    loop {
        match &mut pairs {
            Some(0) => break,
            Some(n) => *n -= 1,
            None => {
                if let [BREAK, rest @ ..] = r.rest {
                    r.rest = rest;
                    break;
                }
            }
        }
        let name = match r.rest {
            // Every key the service sends is a one-byte text string.
            [TEXT_LEN_1, name, rest @ ..] => {
                r.rest = rest;
                Some(*name)
            }
            _ => {
                let (name, next) = r.skip_item()?;
                r = next;
                name
            }
        };
        let Some(i) = name.and_then(|n| FIELD_KEYS.iter().position(|&k| k == n)) else {
            r = r.skip_item()?.1;
            continue;
        };
        let field = FIELDS.get(i).copied().unwrap_or(Field::Payload);
        if seen & (1 << i) != 0 {
            return Err(DecodeError::Duplicate(field));
        }
        seen |= 1 << i;
        match ints.get_mut(i) {
            Some(int) => *int = r.uint_outlined(field)?,
            // The payload, the one field that is not an integer.
            None => payload = r.bytes_outlined()?,
        }
    }
    if !r.rest.is_empty() {
        return Err(DecodeError::TrailingBytes);
    }
    if let Some(i) = (0..FIELDS.len()).find(|i| seen & (1 << i) == 0) {
        return Err(DecodeError::Missing(
            FIELDS.get(i).copied().unwrap_or(Field::Payload),
        ));
    }
    let [file_id, block_id, block_size] = ints;
    Ok(DataBlock {
        file_id,
        block_id,
        block_size,
        payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ciborium::Value;
    use proptest::prelude::*;
    use std::vec::Vec;

    fn cbor(value: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(value, &mut out).unwrap();
        out
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn uint(v: u64) -> Value {
        Value::Integer(v.into())
    }

    /// A data block the way the service sends it: c, f, i, l, p.
    fn service_message(file_id: u32, block_id: u32, payload: &[u8]) -> Vec<u8> {
        cbor(&Value::Map(std::vec![
            (text("c"), text("rdy")),
            (text("f"), uint(file_id.into())),
            (text("i"), uint(block_id.into())),
            (text("l"), uint(payload.len() as u64)),
            (text("p"), Value::Bytes(payload.to_vec())),
        ]))
    }

    /// An item head as the encoder writes it.
    fn head(major: u8, value: u32) -> Vec<u8> {
        let mut buf = [0u8; 5];
        let used = {
            let mut w = Writer {
                out: &mut buf,
                len: 0,
            };
            w.head(major, value).unwrap();
            w.len
        };
        buf[..used].to_vec()
    }

    /// Prefixes a map head for `pairs` pairs to already encoded pairs.
    fn definite_map(pairs: usize, body: &[u8]) -> Vec<u8> {
        let mut out = head(MAJOR_MAP, pairs as u32);
        out.extend_from_slice(body);
        out
    }

    const F0: &[u8] = &[0x61, b'f', 0x00];
    const I1: &[u8] = &[0x61, b'i', 0x01];
    const L2: &[u8] = &[0x61, b'l', 0x02];
    const P: &[u8] = &[0x61, b'p', 0x42, 0xab, 0xcd];

    fn pairs(parts: &[&[u8]]) -> Vec<u8> {
        definite_map(parts.len(), &parts.concat())
    }

    fn expected() -> DataBlock<'static> {
        DataBlock {
            file_id: 0,
            block_id: 1,
            block_size: 2,
            payload: &[0xab, 0xcd],
        }
    }

    // ----- encoder -----

    #[test]
    fn encodes_reference_example() {
        // 10240-byte file, 4 KiB blocks: three blocks, bitmap 0x07, n = 1.
        let mut out = [0u8; 384];
        let n = encode_get_stream_request(&mut out, b"rdy", 0, 4096, 0, &[0x07], 1).unwrap();
        assert_eq!(
            &out[..n],
            &[
                0xA6, 0x61, 0x63, 0x63, 0x72, 0x64, 0x79, 0x61, 0x66, 0x00, 0x61, 0x6C, 0x19, 0x10,
                0x00, 0x61, 0x6F, 0x00, 0x61, 0x62, 0x41, 0x07, 0x61, 0x6E, 0x01
            ]
        );
        assert_eq!(get_stream_request_len(3, 0, 4096, 0, 1, 1), Some(n));
    }

    #[test]
    fn encoder_never_writes_into_short_buffer() {
        let bitmap = [0xffu8; 40];
        let full = get_stream_request_len(3, 7, 4096, 64, 40, 8).unwrap();
        for len in 0..full {
            let mut out = std::vec![0x5au8; len];
            assert_eq!(
                encode_get_stream_request(&mut out, b"rdy", 7, 4096, 64, &bitmap, 8),
                Err(EncodeError::BufferTooSmall { needed: full })
            );
            assert!(out.iter().all(|&b| b == 0x5a));
        }
        let mut out = std::vec![0u8; full + 5];
        assert_eq!(
            encode_get_stream_request(&mut out, b"rdy", 7, 4096, 64, &bitmap, 8),
            Ok(full)
        );
    }

    #[test]
    fn encoder_worst_case_length() {
        assert_eq!(
            get_stream_request_len(10, u32::MAX, u32::MAX, u32::MAX, 300, u32::MAX),
            Some(10 + 300 + 37)
        );
        assert_eq!(
            get_stream_request_len(300, u32::MAX, u32::MAX, u32::MAX, 65535, u32::MAX),
            Some(300 + 65535 + 39)
        );
        assert_eq!(get_stream_request_len(usize::MAX, 0, 0, 0, 1, 0), None);
        let e = EncodeError::BufferTooSmall { needed: 9 };
        assert_eq!(
            std::format!("{e}"),
            std::format!("{} (9 bytes needed)", e.description())
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// ciborium writes maps in given order with shortest heads, which is
        /// exactly the request format.
        #[test]
        fn encoder_matches_ciborium(
            token in "\\PC{0,40}",
            file_id: u32,
            block_size: u32,
            offset: u32,
            bitmap in proptest::collection::vec(any::<u8>(), 0..300),
            n: u32,
        ) {
            let expected = cbor(&Value::Map(std::vec![
                (text("c"), text(&token)),
                (text("f"), uint(file_id.into())),
                (text("l"), uint(block_size.into())),
                (text("o"), uint(offset.into())),
                (text("b"), Value::Bytes(bitmap.clone())),
                (text("n"), uint(n.into())),
            ]));
            let mut out = std::vec![0u8; 512];
            let len = encode_get_stream_request(
                &mut out, token.as_bytes(), file_id, block_size, offset, &bitmap, n,
            ).unwrap();
            prop_assert_eq!(&out[..len], &expected[..]);
            prop_assert_eq!(
                get_stream_request_len(token.len(), file_id, block_size, offset, bitmap.len(), n),
                Some(len)
            );
        }
    }

    // ----- decoder: fixed cases -----

    #[test]
    fn decodes_service_message() {
        let payload: Vec<u8> = (0..4096u32).map(|i| i as u8).collect();
        let msg = service_message(0x1234, 7, &payload);
        let block = decode_data_block(&msg).unwrap();
        assert_eq!(block.file_id, 0x1234);
        assert_eq!(block.block_id, 7);
        assert_eq!(block.block_size, 4096);
        assert_eq!(block.payload, &payload[..]);
        // Zero-copy: the payload is the tail of the message itself.
        let range = msg.as_ptr_range();
        assert!(range.contains(&block.payload.as_ptr()));
        assert_eq!(block.payload.as_ptr_range().end, range.end);
    }

    #[test]
    fn service_layout_takes_the_fast_path() {
        let with_token = service_message(1, 2, &[9; 100]);
        let mut without_token = std::vec![0xa4];
        without_token.extend_from_slice(&[F0, I1, L2, P].concat());
        for msg in [with_token, without_token] {
            let fast = decode_service_layout(&msg).expect("fast path");
            assert_eq!(Ok(fast), decode_any_layout(&msg));
        }
        // A long token takes the fast path too.
        let mut long_token = std::vec![0xa5, 0x61, b'c', 0x79, 0x01, 0x00];
        long_token.extend_from_slice(&[0x20; 256]);
        long_token.extend_from_slice(&[F0, I1, L2, P].concat());
        let fast = decode_service_layout(&long_token).expect("fast path");
        assert_eq!(Ok(fast), decode_any_layout(&long_token));
        // Other orders and eight-byte heads fall back, same result.
        let mut wide = std::vec![0xa4, 0x61, b'f', 0x1b, 0, 0, 0, 0, 0, 0, 0, 0];
        wide.extend_from_slice(&[I1, L2, P].concat());
        for msg in [pairs(&[I1, F0, L2, P]), wide] {
            assert!(decode_service_layout(&msg).is_none());
            assert_eq!(decode_data_block(&msg), Ok(expected()));
        }
    }

    #[test]
    fn decodes_short_last_block_without_checking_l() {
        // "l" is reported as sent, even if it disagrees with the payload.
        let msg = pairs(&[F0, I1, &[0x61, b'l', 0x19, 0x10, 0x00], P]);
        let block = decode_data_block(&msg).unwrap();
        assert_eq!(block.block_size, 4096);
        assert_eq!(block.payload.len(), 2);
    }

    #[test]
    fn any_key_order() {
        let parts = [F0, I1, L2, P];
        let orders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]];
        for order in orders {
            let msg = pairs(&order.map(|i| parts[i]));
            assert_eq!(decode_data_block(&msg), Ok(expected()));
        }
    }

    #[test]
    fn every_truncation_fails() {
        let payload = [1u8, 2, 3, 4, 5];
        let mut messages = std::vec![service_message(3, 70000, &payload), pairs(&[F0, I1, L2, P]),];
        // Indefinite map with a nested extra value.
        let mut indef = std::vec![0xbf];
        indef.extend_from_slice(&[0x61, b'x', 0x9f, 0xa1, 0x01, 0xc2, 0x41, 0x00, 0xff]);
        indef.extend_from_slice(&[F0, I1, L2, P].concat());
        indef.push(0xff);
        messages.push(indef);
        for msg in messages {
            assert!(decode_data_block(&msg).is_ok());
            for len in 0..msg.len() {
                assert!(
                    decode_data_block(&msg[..len]).is_err(),
                    "prefix {len} of {msg:02x?}"
                );
            }
        }
        assert_eq!(decode_data_block(&[]), Err(DecodeError::Truncated));
    }

    #[test]
    fn missing_fields() {
        assert_eq!(
            decode_data_block(&pairs(&[I1, L2, P])),
            Err(DecodeError::Missing(Field::FileId))
        );
        assert_eq!(
            decode_data_block(&pairs(&[F0, L2, P])),
            Err(DecodeError::Missing(Field::BlockId))
        );
        assert_eq!(
            decode_data_block(&pairs(&[F0, I1, P])),
            Err(DecodeError::Missing(Field::BlockSize))
        );
        assert_eq!(
            decode_data_block(&pairs(&[F0, I1, L2])),
            Err(DecodeError::Missing(Field::Payload))
        );
        assert_eq!(
            decode_data_block(&[0xa0]),
            Err(DecodeError::Missing(Field::FileId))
        );
    }

    #[test]
    fn duplicates_rejected() {
        assert_eq!(
            decode_data_block(&pairs(&[F0, I1, L2, P, I1])),
            Err(DecodeError::Duplicate(Field::BlockId))
        );
        assert_eq!(
            decode_data_block(&pairs(&[P, F0, I1, L2, P])),
            Err(DecodeError::Duplicate(Field::Payload))
        );
        // Same key spelled with a longer length head is still a duplicate.
        assert_eq!(
            decode_data_block(&pairs(&[F0, I1, L2, P, &[0x78, 0x01, b'f', 0x00]])),
            Err(DecodeError::Duplicate(Field::FileId))
        );
    }

    #[test]
    fn wrong_types_and_ranges() {
        let cases: [(&[u8], DecodeError); 9] = [
            (&[0x61, b'f', 0x20], DecodeError::Negative(Field::FileId)),
            (
                &[0x61, b'f', 0x61, b'x'],
                DecodeError::WrongType(Field::FileId),
            ),
            (
                &[0x61, b'f', 0x1a, 0xff, 0xff, 0xff, 0xff],
                DecodeError::Missing(Field::BlockId),
            ),
            (
                &[0x61, b'f', 0x1b, 0, 0, 0, 1, 0, 0, 0, 0],
                DecodeError::TooLarge(Field::FileId),
            ),
            (
                &[0x61, b'f', 0xf9, 0x3c, 0x00],
                DecodeError::WrongType(Field::FileId),
            ),
            (
                &[0x61, b'f', 0xc2, 0x41, 0x01],
                DecodeError::WrongType(Field::FileId),
            ),
            (&[0x61, b'f', 0x1f], DecodeError::Malformed),
            (
                &[0x61, b'p', 0x62, b'a', b'b'],
                DecodeError::WrongType(Field::Payload),
            ),
            (
                &[0x61, b'p', 0x5f, 0x41, 0x00, 0xff],
                DecodeError::IndefinitePayload,
            ),
        ];
        for (pair, err) in cases {
            assert_eq!(decode_data_block(&pairs(&[pair])), Err(err), "{pair:02x?}");
        }
        // u32::MAX itself is fine.
        let msg = pairs(&[&[0x61, b'f', 0x1a, 0xff, 0xff, 0xff, 0xff], I1, L2, P]);
        assert_eq!(decode_data_block(&msg).unwrap().file_id, u32::MAX);
    }

    #[test]
    fn framing_errors() {
        let good = pairs(&[F0, I1, L2, P]);
        let mut trailing = good.clone();
        trailing.push(0x00);
        assert_eq!(
            decode_data_block(&trailing),
            Err(DecodeError::TrailingBytes)
        );
        assert_eq!(decode_data_block(&[0x80]), Err(DecodeError::NotAMap));
        assert_eq!(decode_data_block(&[0x40]), Err(DecodeError::NotAMap));
        // Map claims more pairs than it holds.
        let mut short = good.clone();
        short[0] += 1;
        assert_eq!(decode_data_block(&short), Err(DecodeError::Truncated));
        // Huge pair count.
        let mut huge = std::vec![0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        huge.extend_from_slice(&[F0, I1, L2, P].concat());
        assert_eq!(decode_data_block(&huge), Err(DecodeError::Truncated));
        // Reserved additional information.
        assert_eq!(decode_data_block(&[0xbc]), Err(DecodeError::Malformed));
        // Break as a key in a definite map.
        assert_eq!(
            decode_data_block(&[0xa1, 0xff, 0x00]),
            Err(DecodeError::Malformed)
        );
        // Break in value position of an indefinite map.
        assert_eq!(
            decode_data_block(&[0xbf, 0x61, b'x', 0xff]),
            Err(DecodeError::Malformed)
        );
        // Indefinite map without its break.
        let mut open = std::vec![0xbf];
        open.extend_from_slice(&[F0, I1, L2, P].concat());
        assert_eq!(decode_data_block(&open), Err(DecodeError::Truncated));
        let e = DecodeError::Missing(Field::Payload);
        assert_eq!(std::format!("{e}"), "required key missing (\"p\")");
        assert_eq!(DecodeError::Truncated.field(), None);
    }

    #[test]
    fn indefinite_map_accepted() {
        let mut msg = std::vec![0xbf];
        msg.extend_from_slice(&[P, L2, F0, I1].concat());
        msg.push(0xff);
        assert_eq!(decode_data_block(&msg), Ok(expected()));
    }

    #[test]
    fn key_spellings() {
        // Long-form length head and chunked text both spell "f".
        let long_f: &[u8] = &[0x78, 0x01, b'f', 0x00];
        let chunked_f: &[u8] = &[0x7f, 0x60, 0x61, b'f', 0x60, 0xff, 0x00];
        for f in [long_f, chunked_f] {
            assert_eq!(decode_data_block(&pairs(&[f, I1, L2, P])), Ok(expected()));
        }
        // "ff", chunked "f"+"f", byte string "f" and integer keys are other keys.
        let others: [&[u8]; 4] = [
            &[0x62, b'f', b'f', 0x00],
            &[0x7f, 0x61, b'f', 0x61, b'f', 0xff, 0x00],
            &[0x41, b'f', 0x00],
            &[0x18, 0x66, 0x00],
        ];
        for other in others {
            assert_eq!(
                decode_data_block(&pairs(&[other, F0, I1, L2, P])),
                Ok(expected()),
                "{other:02x?}"
            );
        }
        // A chunk of the wrong major type is malformed.
        assert_eq!(
            decode_data_block(&pairs(&[&[0x7f, 0x41, b'f', 0xff, 0x00], F0, I1, L2, P])),
            Err(DecodeError::Malformed)
        );
    }

    /// Decodes the standard fields with an extra key `"x"` holding the
    /// encoded `extra_value`; `Ok` means the fields came out right.
    fn with_extra(extra_value: &[u8]) -> Result<(), DecodeError> {
        let mut pair = std::vec![0x61, b'x'];
        pair.extend_from_slice(extra_value);
        let msg = pairs(&[F0, &pair, I1, L2, P]);
        decode_data_block(&msg).map(|block| assert_eq!(block, expected()))
    }

    #[test]
    fn skips_extra_values_of_every_type() {
        let values: [&[u8]; 16] = [
            &[0x00],
            &[0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            &[0x5f, 0x41, 0x01, 0x40, 0xff],
            &[0x7f, 0x61, b'a', 0xff],
            &[0x83, 0x01, 0x82, 0x02, 0x03, 0xa1, 0x04, 0x05],
            &[0x9f, 0x01, 0x9f, 0xff, 0xbf, 0xff, 0xff],
            &[0xbf, 0x01, 0x9f, 0x02, 0xff, 0xff],
            &[0xa2, 0x01, 0x02, 0x03, 0xa0],
            &[0xc1, 0x1a, 0x00, 0x00, 0x00, 0x01],
            &[0xd8, 0x18, 0xc6, 0x80],
            &[0xf4],
            &[0xf8, 0x20],
            &[0xf9, 0x3c, 0x00],
            &[0xfa, 0, 0, 0, 0],
            &[0xfb, 0, 0, 0, 0, 0, 0, 0, 0],
            &[0x80],
        ];
        for v in values {
            assert_eq!(with_extra(v), Ok(()), "{v:02x?}");
        }
    }

    #[test]
    fn rejects_malformed_extra_values() {
        let values: [&[u8]; 8] = [
            &[0xff],
            &[0x9f, 0xc0, 0xff],
            &[0xbf, 0x01, 0xff],
            &[0x5f, 0x5f, 0xff, 0xff],
            &[0x5f, 0x61, 0x00, 0xff],
            &[0xf8, 0x1f],
            &[0xfc],
            &[0x82, 0xff],
        ];
        for v in values {
            assert_eq!(with_extra(v), Err(DecodeError::Malformed), "{v:02x?}");
        }
        // An array claiming more items than there are bytes.
        assert_eq!(
            with_extra(&[0x9b, 0, 0, 0, 0, 0xff, 0, 0, 0]),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            with_extra(&[0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Err(DecodeError::Truncated)
        );
    }

    #[test]
    fn nesting_depth_is_bounded() {
        // `depth` non-empty arrays, one inside the other.
        let nested = |depth: usize| {
            let mut v = std::vec![0x81; depth];
            v.push(0x00);
            v
        };
        assert_eq!(with_extra(&nested(MAX_SKIP_DEPTH)), Ok(()));
        assert_eq!(
            with_extra(&nested(MAX_SKIP_DEPTH + 1)),
            Err(DecodeError::TooDeep)
        );
        let mut deep_indef = std::vec![0x9f; MAX_SKIP_DEPTH + 1];
        deep_indef.extend(std::iter::repeat_n(0xff, MAX_SKIP_DEPTH + 1));
        assert_eq!(with_extra(&deep_indef), Err(DecodeError::TooDeep));
        // Tags do not nest containers, so long tag chains are fine.
        let mut tags = std::vec![0xc6; 100];
        tags.push(0x00);
        assert_eq!(with_extra(&tags), Ok(()));
    }

    // ----- decoder: properties -----

    /// Any CBOR value ciborium can write, nested at most a few levels.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            any::<i64>().prop_map(|v| Value::Integer(v.into())),
            any::<u64>().prop_map(|v| Value::Integer(v.into())),
            proptest::collection::vec(any::<u8>(), 0..20).prop_map(Value::Bytes),
            "\\PC{0,8}".prop_map(Value::Text),
            any::<f64>().prop_map(Value::Float),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::Null),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((inner.clone(), inner.clone()), 0..4)
                    .prop_map(Value::Map),
                (any::<u64>(), inner).prop_map(|(t, v)| Value::Tag(t, std::boxed::Box::new(v))),
            ]
        })
    }

    fn is_required_key(key: &Value) -> bool {
        matches!(key, Value::Text(t) if ["f", "i", "l", "p"].contains(&t.as_str()))
    }

    fn extra_pairs() -> impl Strategy<Value = Vec<(Value, Value)>> {
        let key = prop_oneof![
            3 => "[a-z]{1,3}".prop_map(Value::Text),
            1 => any_value(),
        ];
        proptest::collection::vec((key, any_value()), 0..5)
            .prop_map(|v| v.into_iter().filter(|(k, _)| !is_required_key(k)).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn random_bytes_never_panic(msg in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(decode_data_block(&msg), decode_any_layout(&msg));
            if let Ok(block) = decode_data_block(&msg) {
                let range = msg.as_ptr_range();
                prop_assert!(block.payload.is_empty() || range.contains(&block.payload.as_ptr()));
            }
        }

        /// Random bytes after a plausible map head reach deeper code paths.
        #[test]
        fn random_map_bodies_never_panic(
            head in prop_oneof![Just(0xa4u8), Just(0xa5), Just(0xbf)],
            body in proptest::collection::vec(
                prop_oneof![
                    Just(0x61u8), Just(b'f'), Just(b'i'), Just(b'l'), Just(b'p'),
                    Just(0xff), Just(0x9f), Just(0xbf), Just(0xc6), any::<u8>()
                ],
                0..48,
            ),
        ) {
            let mut msg = std::vec![head];
            msg.extend_from_slice(&body);
            let _ = decode_data_block(&msg);
        }

        /// The fast path only ever answers what the general path would.
        #[test]
        fn fast_path_agrees_with_general(
            widths in proptest::collection::vec(0usize..4, 3),
            values in proptest::collection::vec(any::<u64>(), 3),
            token in proptest::collection::vec(any::<u8>(), 0..300),
            with_token: bool,
            payload_len in 0usize..70000,
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3),
            cut in 0usize..4,
        ) {
            // Service-shaped message with integers in any head width.
            let mut msg = std::vec![if with_token { 0xa5 } else { 0xa4 }];
            if with_token {
                msg.extend_from_slice(&[0x61, b'c']);
                msg.extend(head(MAJOR_TEXT, token.len() as u32));
                msg.extend_from_slice(&token);
            }
            for ((name, width), value) in [b'f', b'i', b'l'].into_iter().zip(widths).zip(values) {
                msg.extend_from_slice(&[0x61, name]);
                match width {
                    0 => msg.push((value % 24) as u8),
                    1 => msg.extend_from_slice(&[0x19, value as u8, (value >> 8) as u8]),
                    2 => {
                        msg.push(0x1a);
                        msg.extend_from_slice(&(value as u32).to_be_bytes());
                    }
                    _ => {
                        msg.push(0x1b);
                        msg.extend_from_slice(&(value >> (value % 64)).to_be_bytes());
                    }
                }
            }
            msg.extend_from_slice(&[0x61, b'p', 0x5a]);
            msg.extend_from_slice(&(payload_len as u32).to_be_bytes());
            msg.resize(msg.len() + payload_len, 0xee);
            for (at, byte) in edits {
                let at = at % msg.len();
                msg[at] = byte;
            }
            msg.truncate(msg.len().saturating_sub(cut));
            let general = decode_any_layout(&msg);
            if let Some(fast) = decode_service_layout(&msg) {
                prop_assert_eq!(Ok(fast), general);
            }
            prop_assert_eq!(decode_data_block(&msg), general);
        }

        #[test]
        fn mutated_messages_never_panic(
            payload in proptest::collection::vec(any::<u8>(), 0..40),
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
            cut: usize,
        ) {
            let mut msg = service_message(5, 9, &payload);
            for (at, byte) in edits {
                let at = at % msg.len();
                msg[at] = byte;
            }
            msg.truncate(msg.len() - cut % 3);
            let _ = decode_data_block(&msg);
        }

        #[test]
        fn matches_ciborium_with_extras_in_any_order(
            file_id: u32,
            block_id: u32,
            block_size: u32,
            payload in proptest::collection::vec(any::<u8>(), 0..300),
            extras in extra_pairs(),
            seed: u64,
            indefinite: bool,
        ) {
            let mut entries = std::vec![
                (text("f"), uint(file_id.into())),
                (text("i"), uint(block_id.into())),
                (text("l"), uint(block_size.into())),
                (text("p"), Value::Bytes(payload.clone())),
            ];
            entries.extend(extras);
            // Deterministic shuffle from the seed.
            let mut state = seed | 1;
            for i in (1..entries.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                entries.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let msg = if indefinite {
                let mut msg = std::vec![0xbf];
                for (k, v) in &entries {
                    msg.extend(cbor(k));
                    msg.extend(cbor(v));
                }
                msg.push(0xff);
                msg
            } else {
                cbor(&Value::Map(entries))
            };
            let block = decode_data_block(&msg).unwrap();
            prop_assert_eq!(block.file_id, file_id);
            prop_assert_eq!(block.block_id, block_id);
            prop_assert_eq!(block.block_size, block_size);
            prop_assert_eq!(block.payload, &payload[..]);
        }

        #[test]
        fn integer_range_follows_ciborium(value in prop_oneof![
            -(1i128 << 64)..(1i128 << 64),
            -3i128..=(u32::MAX as i128 + 3),
            (u32::MAX as i128 - 3)..=(u32::MAX as i128 + 3),
        ]) {
            let msg = cbor(&Value::Map(std::vec![
                (text("c"), text("rdy")),
                (text("f"), uint(1)),
                (text("i"), Value::Integer(value.try_into().unwrap())),
                (text("l"), uint(2)),
                (text("p"), Value::Bytes(std::vec![0])),
            ]));
            let got = decode_data_block(&msg).map(|b| b.block_id);
            let want = if value < 0 {
                Err(DecodeError::Negative(Field::BlockId))
            } else {
                u32::try_from(value).map_err(|_| DecodeError::TooLarge(Field::BlockId))
            };
            prop_assert_eq!(got, want);
        }

        /// The encoder's requests are maps the decoder's skipper accepts.
        #[test]
        fn requests_skip_cleanly(bitmap in proptest::collection::vec(any::<u8>(), 0..200), n: u32) {
            let mut out = [0u8; 300];
            let len = encode_get_stream_request(&mut out, b"rdy", 1, 4096, 0, &bitmap, n).unwrap();
            let r = Reader { rest: &out[..len] };
            let (_, rest) = r.skip_item().unwrap();
            prop_assert!(rest.rest.is_empty());
        }
    }
}
