//! AWS IoT Jobs document parser for `afr_ota` firmware-update jobs.
//!
//! [`parse_job_document`] validates the whole message as strict JSON (see
//! [`super::json`]) and extracts the OTA fields in the same single pass: the
//! members of interest are walked, everything else is validated and skipped.
//! Nothing is copied or decoded; the result borrows from the input.
//!
//! Choices worth knowing about, compared with the C library:
//! - String values are the raw bytes between the quotes, escapes not
//!   decoded, as upstream. Member names are compared raw too, so an escaped
//!   name (`"job\u0049d"`) does not match `jobId`.
//! - Strings must be valid UTF-8 and free of raw control characters, and
//!   `\u` escapes must be well-formed (see [`super::json`]); anything else
//!   is [`DocParseError::InvalidJsonBuffer`].
//! - Lengths are not capped here; the caller checks them (for example the
//!   72-byte job-name limit) against its own buffers.
//! - Any member this parser reads that occurs twice in the same object is
//!   rejected with [`DocParseError::DuplicatesNotAllowed`]. Upstream takes the
//!   first occurrence silently; a hostile document could otherwise show one
//!   value to this parser and another to the cloud or a log reader.
//! - JSON syntax errors win over every other error, wherever they are in the
//!   document; after that the first field error in document order is
//!   reported; missing required fields come last.
//! - As upstream, the nine per-file keys (`filepath`, `filesize`, `fileid`,
//!   `certfile`, `update_data_url`, `auth_scheme`, the signature key, `attr`,
//!   `fileType`) are also looked for among the top-level members; a value
//!   found there takes precedence over the one in `files[0]`. This costs
//!   nothing extra because the top-level member names are compared anyway.
//! - "No pending job" ([`DocParseError::EmptyJobDoc`]) is reported only for
//!   an object whose members are all `clientToken`/`timestamp`. Upstream
//!   ignores unknown members there; being exact keeps a damaged job message
//!   (say, a corrupted `execution` name) from passing as "no job".
//! - Numbers (`filesize`, `fileid`, `updatedBy`, `attr`, `fileType`) may be
//!   JSON numbers or strings holding a number, read like C `strtoul(s, 0)`:
//!   decimal, `0x`/`0X` hexadecimal, or octal with a leading `0`. Unlike
//!   `strtoul`, leading whitespace, a sign, an empty string and values above
//!   `u32::MAX` are rejected instead of being skipped, wrapped or truncated.

use super::base64::base64_decode;
use super::json::{JsonError, Scanner, Value, ValueKind, Visitor};

/// Job-document parse errors, numbered as the C library's `DocParseErr_t`.
///
/// Only some variants are produced by this parser; the others exist so that
/// every upstream code has a Rust counterpart (see [`DocParseError::from_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i8)]
pub enum DocParseError {
    /// Error not otherwise classified (`-1`).
    Unknown = -1,
    /// Allocation failed (`1`); unused, nothing is allocated.
    OutOfMemory = 1,
    /// A caller buffer is too small for a field (`2`).
    UserBufferInsufficient = 2,
    /// A field has the wrong JSON type (`3`).
    FieldTypeMismatch = 3,
    /// The signature is not valid base64 (`4`).
    Base64Decode = 4,
    /// A numeric field is not a valid unsigned 32-bit number (`5`).
    InvalidNumChar = 5,
    /// A field read by the parser occurs twice in the same object (`6`).
    DuplicatesNotAllowed = 6,
    /// A required field is missing, or the document is not an object (`7`).
    MalformedDoc = 7,
    /// The message is not valid JSON (`8`).
    InvalidJsonBuffer = 8,
    /// Upstream model pointer was NULL (`9`); unused.
    NullModelPointer = 9,
    /// Upstream model body pointer was NULL (`10`); unused.
    NullBodyPointer = 10,
    /// Upstream document pointer was NULL (`11`); unused.
    NullDocPointer = 11,
    /// Upstream model had too many parameters (`12`); unused.
    TooManyParams = 12,
    /// Upstream key not in model (`13`); unused.
    ParamKeyNotInModel = 13,
    /// Upstream invalid model parameter type (`14`); unused.
    InvalidModelParamType = 14,
    /// Upstream invalid token (`15`); unused.
    InvalidToken = 15,
    /// The document only carries `clientToken`/`timestamp`: the Jobs
    /// service's answer when no job is pending (`16`). Not a failure.
    EmptyJobDoc = 16,
}

impl DocParseError {
    /// Numeric value of the matching upstream `DocParseErr_t` enumerator.
    pub const fn code(self) -> i32 {
        // The discriminants are the upstream values.
        self as i32
    }

    /// Inverse of [`code`](Self::code); `None` for 0 (no error) and unknown
    /// values.
    pub const fn from_code(code: i32) -> Option<Self> {
        Some(match code {
            -1 => Self::Unknown,
            1 => Self::OutOfMemory,
            2 => Self::UserBufferInsufficient,
            3 => Self::FieldTypeMismatch,
            4 => Self::Base64Decode,
            5 => Self::InvalidNumChar,
            6 => Self::DuplicatesNotAllowed,
            7 => Self::MalformedDoc,
            8 => Self::InvalidJsonBuffer,
            9 => Self::NullModelPointer,
            10 => Self::NullBodyPointer,
            11 => Self::NullDocPointer,
            12 => Self::TooManyParams,
            13 => Self::ParamKeyNotInModel,
            14 => Self::InvalidModelParamType,
            15 => Self::InvalidToken,
            16 => Self::EmptyJobDoc,
            _ => return None,
        })
    }

    /// Short human-readable description, for logs.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Unknown => "unknown job document error",
            Self::OutOfMemory => "out of memory",
            Self::UserBufferInsufficient => "buffer too small for a job document field",
            Self::FieldTypeMismatch => "job document field has the wrong JSON type",
            Self::Base64Decode => "signature is not valid base64",
            Self::InvalidNumChar => "numeric field is not an unsigned 32-bit number",
            Self::DuplicatesNotAllowed => "job document field occurs more than once",
            Self::MalformedDoc => "job document lacks a required field",
            Self::InvalidJsonBuffer => "job document is not valid JSON",
            Self::NullModelPointer => "null document model",
            Self::NullBodyPointer => "null document model body",
            Self::NullDocPointer => "null job document",
            Self::TooManyParams => "too many document model parameters",
            Self::ParamKeyNotInModel => "key not in document model",
            Self::InvalidModelParamType => "invalid document model parameter type",
            Self::InvalidToken => "invalid JSON token",
            Self::EmptyJobDoc => "no pending job (empty job document)",
        }
    }

    /// True for [`EmptyJobDoc`](Self::EmptyJobDoc), which callers should
    /// treat as "nothing to do" rather than log as a failure.
    pub const fn is_empty_job(self) -> bool {
        matches!(self, Self::EmptyJobDoc)
    }
}

impl core::fmt::Display for DocParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.description())
    }
}

impl From<JsonError> for DocParseError {
    fn from(_: JsonError) -> Self {
        Self::InvalidJsonBuffer
    }
}

/// Fields of an `afr_ota` job, borrowed from the message.
///
/// Strings are raw JSON string contents (escapes not decoded). The first
/// entry of `files` supplies the per-file fields (only one file per job is
/// supported, as upstream).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobDocument<'a> {
    /// Top-level `clientToken`, any JSON type (string contents if a string).
    pub client_token: Option<Value<'a>>,
    /// Top-level `timestamp`, any JSON type.
    pub timestamp: Option<Value<'a>>,
    /// `execution.jobId` (required).
    pub job_id: &'a [u8],
    /// Raw text of `execution.statusDetails`, braces included, if present.
    pub status_details_raw: Option<&'a [u8]>,
    /// `execution.statusDetails.self_test` is present (any value): the job
    /// is in its self-test phase.
    pub self_test: bool,
    /// `execution.statusDetails.updatedBy`: version of the firmware that ran
    /// the download.
    pub updated_by: Option<u32>,
    /// Raw text of `execution.jobDocument`, braces included (required).
    pub job_document_raw: &'a [u8],
    /// `afr_ota.streamname`.
    pub stream_name: Option<&'a [u8]>,
    /// Raw text of `afr_ota.protocols`, brackets included, e.g.
    /// `["MQTT","HTTP"]` (required).
    pub protocols: &'a [u8],
    /// `filepath`.
    pub file_path: Option<&'a [u8]>,
    /// `filesize` (required).
    pub file_size: u32,
    /// `fileid` (required): the stream's file id.
    pub file_id: u32,
    /// `certfile`: signer certificate path for the platform layer.
    pub cert_file: Option<&'a [u8]>,
    /// `update_data_url`: pre-signed URL for HTTP downloads.
    pub update_data_url: Option<&'a [u8]>,
    /// `auth_scheme`.
    pub auth_scheme: Option<&'a [u8]>,
    /// Raw base64 text under the platform's signature key; see
    /// [`decode_signature`](Self::decode_signature).
    pub signature: Option<&'a [u8]>,
    /// `attr`: file attributes.
    pub file_attributes: Option<u32>,
    /// `fileType`.
    pub file_type: Option<u32>,
}

impl JobDocument<'_> {
    /// True if `protocols` lists `name`, matched as a quoted string in the
    /// raw array text (`"MQTT"`), which is how upstream selects the data
    /// protocol.
    pub fn has_protocol(&self, name: &[u8]) -> bool {
        let Some(n) = name.len().checked_add(2) else {
            return false;
        };
        self.protocols
            .windows(n)
            .any(|w| matches!(w, [b'"', mid @ .., b'"'] if mid == name))
    }

    /// Decodes the signature into `dest` and returns its length; `Ok(None)`
    /// if the job carries no signature. Any base64 problem (including `dest`
    /// being too small) is [`DocParseError::Base64Decode`], as upstream.
    pub fn decode_signature(&self, dest: &mut [u8]) -> Result<Option<usize>, DocParseError> {
        match self.signature {
            None => Ok(None),
            Some(sig) => base64_decode(dest, sig)
                .map(Some)
                .map_err(|_| DocParseError::Base64Decode),
        }
    }
}

/// The two values a non-OTA ("custom") job handler needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomJob<'a> {
    /// Raw contents of the `execution.jobId` string.
    pub job_id: &'a [u8],
    /// Raw text of the `execution.jobDocument` object, braces included.
    pub job_document: &'a [u8],
}

/// The member names the walker reads, found by one table search per member
/// (far less code than a string `match` per object). Only read at compile time,
/// to build [`PACKED_KEYS`].
const KEYS: [&[u8]; 20] = [
    b"clientToken",
    b"timestamp",
    b"execution",
    b"jobId",
    b"statusDetails",
    b"jobDocument",
    b"self_test",
    b"updatedBy",
    b"afr_ota",
    b"streamname",
    b"protocols",
    b"files",
    // The per-file keys, in the order of their slots (see `FILE_FIELDS`).
    b"filepath",
    b"filesize",
    b"fileid",
    b"certfile",
    b"update_data_url",
    b"auth_scheme",
    b"attr",
    b"fileType",
];
const K_CLIENT_TOKEN: usize = 0;
const K_TIMESTAMP: usize = 1;
const K_EXECUTION: usize = 2;
const K_JOB_ID: usize = 3;
const K_STATUS_DETAILS: usize = 4;
const K_JOB_DOCUMENT: usize = 5;
const K_SELF_TEST: usize = 6;
const K_UPDATED_BY: usize = 7;
const K_AFR_OTA: usize = 8;
const K_STREAM_NAME: usize = 9;
const K_PROTOCOLS: usize = 10;
const K_FILES: usize = 11;
const K_FILE_FIRST: usize = 12;
/// The platform's signature key (matched only where no fixed name applies). It
/// follows the per-file keys, as its slot follows theirs (`F_SIG`).
const K_SIG: usize = KEYS.len();
/// Any member name not in [`KEYS`].
const K_OTHER: usize = KEYS.len() + 1;

/// [`KEYS`] as one byte string of length-prefixed names: no table of pointers
/// in flash.
const PACKED_KEYS: [u8; packed_len(&KEYS)] = {
    let mut out = [0u8; packed_len(&KEYS)];
    let (mut i, mut at) = (0, 0);
    while i < KEYS.len() {
        out[at] = KEYS[i].len() as u8;
        let mut j = 0;
        while j < KEYS[i].len() {
            out[at + 1 + j] = KEYS[i][j];
            j += 1;
        }
        at += 1 + KEYS[i].len();
        i += 1;
    }
    out
};

const fn packed_len(keys: &[&[u8]]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < keys.len() {
        n += 1 + keys[i].len();
        i += 1;
    }
    n
}

/// Index of `key` in [`KEYS`], or [`K_OTHER`].
fn key_id(key: &[u8]) -> usize {
    let mut rest = &PACKED_KEYS[..];
    let mut id = 0;
    while let Some((&n, tail)) = rest.split_first() {
        let Some((name, next)) = tail.split_at_checked(usize::from(n)) else {
            break;
        };
        if crate::bytes::eq(name, key) {
            return id;
        }
        rest = next;
        id += 1;
    }
    K_OTHER
}

// Where the walker stores what it finds: one value slot per field.
const S_CLIENT_TOKEN: usize = 0;
const S_TIMESTAMP: usize = 1;
const S_JOB_ID: usize = 2;
const S_STATUS_DETAILS: usize = 3;
const S_UPDATED_BY: usize = 4;
const S_JOB_DOCUMENT: usize = 5;
const S_STREAM_NAME: usize = 6;
const S_PROTOCOLS: usize = 7;
/// The per-file fields found among the top-level members (they take
/// precedence, as upstream), then those of `files[0]`; each is `FILE_FIELDS`
/// slots in `KEYS` order with the signature last.
const S_TOP_FILE: usize = 8;
const S_FILE0: usize = S_TOP_FILE + FILE_FIELDS;
const FILE_FIELDS: usize = 9;
const SLOTS: usize = S_FILE0 + FILE_FIELDS;
/// Per-file fields that are numbers (by offset in a file's slots): `filesize`,
/// `fileid`, `attr`, `fileType`.
const FILE_NUMBERS: u16 = 0b1100_0110;
const F_PATH: usize = 0;
const F_SIZE: usize = 1;
const F_ID: usize = 2;
const F_CERT: usize = 3;
const F_URL: usize = 4;
const F_AUTH: usize = 5;
const F_ATTR: usize = 6;
const F_TYPE: usize = 7;
const F_SIG: usize = 8;
const _: () = assert!(K_SIG - K_FILE_FIRST == F_SIG && F_SIG + 1 == FILE_FIELDS);

// Flags the walker sets.
const FLAG_EXECUTION: u8 = 1;
const FLAG_AFR_OTA: u8 = 2;
const FLAG_FILES: u8 = 4;
const FLAG_SELF_TEST: u8 = 8;
/// A top-level member other than `clientToken`/`timestamp`/`execution`.
const FLAG_OTHER_TOP: u8 = 16;
/// `execution`, `execution.jobId` or `execution.jobDocument` occurs twice.
const FLAG_DUP_JOB: u8 = 32;

/// The objects of the document the walker looks into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Execution,
    StatusDetails,
    JobDocument,
    AfrOta,
    /// The `files` array.
    Files,
    File,
}

/// What the walker does with a member's value.
#[derive(Clone, Copy)]
enum Act {
    /// Validate and skip.
    Skip,
    /// Store it whatever its type.
    Any(usize),
    /// Store it if it is a string.
    Str(usize),
    /// Store it if it is a number, or a string holding one.
    Num(usize),
    /// Store its raw text if it is an array.
    Array(usize),
    /// Set the flag; the value only has to be valid.
    Present(u8),
    /// If it is an object: set the flag, walk it as the level, and store its raw
    /// text in the slot, if any.
    Object(Level, u8, Option<u8>),
    /// `files`: an array whose first element is walked as a file.
    Files,
    /// The top-level value: walked as the top object if it is one.
    Root,
}

/// The meaning of member `id` in an object of `level`.
fn act(level: Level, id: usize) -> Act {
    match (level, id) {
        (Level::Top, K_CLIENT_TOKEN) => Act::Any(S_CLIENT_TOKEN),
        (Level::Top, K_TIMESTAMP) => Act::Any(S_TIMESTAMP),
        (Level::Top, K_EXECUTION) => Act::Object(Level::Execution, FLAG_EXECUTION, None),
        (Level::Execution, K_JOB_ID) => Act::Str(S_JOB_ID),
        (Level::Execution, K_STATUS_DETAILS) => {
            Act::Object(Level::StatusDetails, 0, Some(S_STATUS_DETAILS as u8))
        }
        (Level::Execution, K_JOB_DOCUMENT) => {
            Act::Object(Level::JobDocument, 0, Some(S_JOB_DOCUMENT as u8))
        }
        (Level::StatusDetails, K_SELF_TEST) => Act::Present(FLAG_SELF_TEST),
        (Level::StatusDetails, K_UPDATED_BY) => Act::Num(S_UPDATED_BY),
        (Level::JobDocument, K_AFR_OTA) => Act::Object(Level::AfrOta, FLAG_AFR_OTA, None),
        (Level::AfrOta, K_STREAM_NAME) => Act::Str(S_STREAM_NAME),
        (Level::AfrOta, K_PROTOCOLS) => Act::Array(S_PROTOCOLS),
        (Level::AfrOta, K_FILES) => Act::Files,
        (Level::Top | Level::File, K_FILE_FIRST..=K_SIG) => {
            let base = if level == Level::Top {
                S_TOP_FILE
            } else {
                S_FILE0
            };
            let field = id - K_FILE_FIRST;
            if FILE_NUMBERS & (1 << field) != 0 {
                Act::Num(base + field)
            } else {
                Act::Str(base + field)
            }
        }
        _ => Act::Skip,
    }
}

/// Everything collected by the walk. Slots hold the value text only (the
/// walker checks types as it stores); the two members kept whatever their type
/// also keep their kind.
struct Collected<'a> {
    slots: [Option<&'a [u8]>; SLOTS],
    /// Kinds of the slots `S_CLIENT_TOKEN` and `S_TIMESTAMP`.
    kinds: [ValueKind; 2],
    flags: u8,
}

// `kinds` is indexed by slot number.
const _: () = assert!(S_CLIENT_TOKEN == 0 && S_TIMESTAMP == 1);

/// Nothing collected yet. A constant of zero bytes (the kinds are only read for
/// a filled slot), which the compiler sets up by clearing rather than by copying.
const EMPTY: Collected<'static> = Collected {
    slots: [None; SLOTS],
    kinds: [ValueKind::Object; 2],
    flags: 0,
};

impl<'a> Collected<'a> {
    fn new() -> Self {
        EMPTY
    }
    fn text(&self, slot: usize) -> Option<&'a [u8]> {
        self.slots.get(slot).copied().flatten()
    }
    /// `clientToken` or `timestamp`, with its kind.
    fn any(&self, slot: usize) -> Option<Value<'a>> {
        let kind = *self.kinds.get(slot)?;
        Some(Value {
            kind,
            text: self.text(slot)?,
        })
    }
    /// A per-file field, once [`Collected::merge_top_file`] has run.
    fn file_text(&self, field: usize) -> Option<&'a [u8]> {
        self.text(S_FILE0 + field)
    }
    fn file_number(&self, field: usize) -> Option<u32> {
        self.text(S_FILE0 + field).and_then(parse_u32)
    }
    /// Per-file fields found among the top-level members take precedence over
    /// `files[0]`'s, as upstream: copied over them once, so that each field is
    /// then read from one place.
    fn merge_top_file(&mut self) {
        let (top, file0) = self.slots.split_at_mut(S_FILE0);
        for (t, f) in top.iter().skip(S_TOP_FILE).zip(file0.iter_mut()) {
            if t.is_some() {
                *f = *t;
            }
        }
    }
}

/// The deepest chain of containers the walker looks into: the top level,
/// `execution`, `jobDocument`, `afr_ota`, `files`, `files[0]`.
const FRAMES: usize = 6;

/// A container the walker looks into.
#[derive(Clone, Copy)]
struct Frame {
    level: Level,
    /// Members read so far, one bit per key id (duplicates are refused); for
    /// `files`, nonzero once its first element has been seen.
    seen: u32,
    /// Offset of the opening bracket, for the raw text.
    start: usize,
    /// Where the raw text goes, if it is kept.
    raw: Option<u8>,
}

/// Single-pass walker, driven by [`Scanner::walk`]: syntax errors abort the
/// scan; field errors are remembered in `err` and the walk continues, so that
/// a later syntax error still takes precedence.
///
/// The containers it looks into are `frames[..depth]`; whatever is nested in
/// any other container is only validated by the scanner.
struct Walker<'a, 'k, 'c> {
    doc: &'a [u8],
    /// The platform's signature key; `None` when no signature is looked for.
    sig_key: Option<&'k [u8]>,
    err: Option<DocParseError>,
    c: &'c mut Collected<'a>,
    frames: [Frame; FRAMES],
    /// Containers in `frames`: the members read are those at level `depth`.
    depth: usize,
    /// What to do with the value of the member name just read.
    next: Act,
    /// A container value kept whole, stored when it closes: slot, kind, start.
    pending: Option<(usize, ValueKind, usize)>,
}

impl<'a> Walker<'a, '_, '_> {
    fn note(&mut self, e: DocParseError) {
        if self.err.is_none() {
            self.err = Some(e);
        }
    }

    fn store(&mut self, slot: usize, kind: ValueKind, text: &'a [u8]) {
        if let Some(s) = self.c.slots.get_mut(slot) {
            *s = Some(text);
        }
        if let Some(k) = self.c.kinds.get_mut(slot) {
            *k = kind;
        }
    }

    /// What the value now starting at `level` is for: the top-level value and
    /// `files[0]` are walked as objects, a member's value gets its name's act.
    fn act_for(&mut self, level: usize) -> Act {
        if level != self.depth {
            return Act::Skip;
        }
        let Some(parent) = self
            .depth
            .checked_sub(1)
            .and_then(|i| self.frames.get_mut(i))
        else {
            return Act::Root;
        };
        if parent.level == Level::Files {
            // One file per job, as upstream: the others are only validated.
            let first = parent.seen == 0;
            parent.seen = 1;
            return if first {
                Act::Object(Level::File, 0, None)
            } else {
                Act::Skip
            };
        }
        core::mem::replace(&mut self.next, Act::Skip)
    }

    /// A value that does not fit its act: the top level must be an object,
    /// fields have their types.
    fn mismatch(&mut self, what: Act) {
        self.note(if matches!(what, Act::Root) {
            // Valid JSON but not an object: there is no job in it.
            DocParseError::MalformedDoc
        } else {
            DocParseError::FieldTypeMismatch
        });
    }
}

impl<'a> Visitor<'a> for Walker<'a, '_, '_> {
    fn key(&mut self, level: usize, key: &'a [u8]) {
        if level != self.depth {
            return;
        }
        let Some(frame) = level.checked_sub(1).and_then(|i| self.frames.get(i)) else {
            return;
        };
        let (at, seen) = (frame.level, frame.seen);
        let mut id = key_id(key);
        let mut what = act(at, id);
        if matches!(what, Act::Skip)
            && matches!(at, Level::Top | Level::File)
            && self.sig_key.is_some_and(|k| crate::bytes::eq(k, key))
        {
            id = K_SIG;
            what = act(at, id);
        }
        if at == Level::Top && id > K_EXECUTION {
            self.c.flags |= FLAG_OTHER_TOP;
        }
        self.next = Act::Skip;
        if matches!(what, Act::Skip) {
            return;
        }
        // Any member this walker reads may occur once per object.
        let bit = 1u32 << id;
        if seen & bit != 0 {
            if matches!(
                (at, id),
                (Level::Top, K_EXECUTION) | (Level::Execution, K_JOB_ID | K_JOB_DOCUMENT)
            ) {
                self.c.flags |= FLAG_DUP_JOB;
            }
            self.note(DocParseError::DuplicatesNotAllowed);
            return;
        }
        if let Some(f) = self.frames.get_mut(level - 1) {
            f.seen = seen | bit;
        }
        self.next = what;
    }

    fn value(&mut self, level: usize, kind: ValueKind, at: usize, text: &'a [u8]) {
        let what = self.act_for(level);
        let (inner, flag, raw) = match what {
            Act::Skip => return,
            // Presence is what counts; the value is ignored.
            Act::Present(flag) => {
                self.c.flags |= flag;
                return;
            }
            // A container kept whole (`clientToken` or `timestamp` of any type,
            // `protocols`) is stored when it closes.
            Act::Any(slot) | Act::Array(slot)
                if matches!(
                    (what, kind),
                    (Act::Any(_), ValueKind::Object | ValueKind::Array)
                        | (Act::Array(_), ValueKind::Array)
                ) =>
            {
                self.pending = Some((slot, kind, at));
                return;
            }
            Act::Any(slot) => return self.store(slot, kind, text),
            Act::Str(slot) if kind == ValueKind::String => return self.store(slot, kind, text),
            Act::Num(slot) if matches!(kind, ValueKind::Number | ValueKind::String) => {
                return if parse_u32(text).is_some() {
                    self.store(slot, kind, text);
                } else {
                    self.note(DocParseError::InvalidNumChar);
                };
            }
            Act::Object(inner, flag, raw) if kind == ValueKind::Object => (inner, flag, raw),
            Act::Root if kind == ValueKind::Object => (Level::Top, 0, None),
            Act::Files if kind == ValueKind::Array => (Level::Files, FLAG_FILES, None),
            _ => return self.mismatch(what),
        };
        self.c.flags |= flag;
        if let Some(f) = self.frames.get_mut(self.depth) {
            *f = Frame {
                level: inner,
                seen: 0,
                start: at,
                raw,
            };
            self.depth += 1;
        }
    }

    fn close(&mut self, level: usize, kind: ValueKind, end: usize) {
        let (slot, kind, start) = if level + 1 == self.depth {
            self.depth = level;
            let Some(&Frame {
                start,
                raw: Some(slot),
                ..
            }) = self.frames.get(level)
            else {
                return;
            };
            (usize::from(slot), kind, start)
        } else if level == self.depth
            && let Some(p) = self.pending.take()
        {
            p
        } else {
            return;
        };
        let text = self.doc.get(start..end).unwrap_or(&[]);
        self.store(slot, kind, text);
    }
}

/// Walks the whole message into `c`: syntax errors are `Err`; otherwise the
/// first field error, if any.
fn walk<'a>(
    doc: &'a [u8],
    sig_key: Option<&[u8]>,
    c: &mut Collected<'a>,
) -> Result<Option<DocParseError>, JsonError> {
    // Zero bytes, like `EMPTY`, and one constant, not an array built at run time.
    const NO_FRAMES: [Frame; FRAMES] = [Frame {
        level: Level::Top,
        seen: 0,
        start: 0,
        raw: None,
    }; FRAMES];
    let mut w = Walker {
        doc,
        sig_key,
        err: None,
        c,
        frames: NO_FRAMES,
        depth: 0,
        next: Act::Skip,
        pending: None,
    };
    let mut sc = Scanner::new(doc);
    sc.walk(0, &mut w)?;
    sc.finish()?;
    Ok(w.err)
}

/// Parses an AWS IoT Jobs message (a `$next/get/accepted` answer or a
/// `notify-next` message) carrying an `afr_ota` job.
///
/// `doc` is the raw MQTT payload (not NUL-terminated, untrusted); `sig_key`
/// is the platform's signature member name, e.g. `b"sig-sha256-ecdsa"`.
///
/// Errors: [`DocParseError::InvalidJsonBuffer`] for anything that is not
/// strict JSON; [`DocParseError::EmptyJobDoc`] when the message is an object
/// whose only members are `clientToken` and/or `timestamp` (the service's
/// answer when no job is pending; an object with any other member but no
/// `execution` is `MalformedDoc`, so that a damaged job is not mistaken for
/// "no job");
/// [`DocParseError::FieldTypeMismatch`], [`DocParseError::InvalidNumChar`]
/// and [`DocParseError::DuplicatesNotAllowed`] for bad fields; and
/// [`DocParseError::MalformedDoc`] when a required field is missing (a
/// non-OTA job then still yields a [`find_custom_job`] result).
pub fn parse_job_document<'a>(
    doc: &'a [u8],
    sig_key: &[u8],
) -> Result<JobDocument<'a>, DocParseError> {
    let mut c = Collected::new();
    let err = walk(doc, Some(sig_key), &mut c)?;
    if let Some(e) = err {
        return Err(e);
    }
    c.merge_top_file();
    if c.flags & FLAG_EXECUTION == 0 {
        let has_meta = c.text(S_CLIENT_TOKEN).is_some() || c.text(S_TIMESTAMP).is_some();
        return Err(if has_meta && c.flags & FLAG_OTHER_TOP == 0 {
            DocParseError::EmptyJobDoc
        } else {
            DocParseError::MalformedDoc
        });
    }
    let required = FLAG_AFR_OTA | FLAG_FILES;
    match (
        c.text(S_JOB_ID),
        c.text(S_JOB_DOCUMENT),
        c.text(S_PROTOCOLS),
        c.file_number(F_SIZE),
        c.file_number(F_ID),
    ) {
        (Some(job_id), Some(job_document_raw), Some(protocols), Some(file_size), Some(file_id))
            if c.flags & required == required =>
        {
            Ok(JobDocument {
                client_token: c.any(S_CLIENT_TOKEN),
                timestamp: c.any(S_TIMESTAMP),
                job_id,
                status_details_raw: c.text(S_STATUS_DETAILS),
                self_test: c.flags & FLAG_SELF_TEST != 0,
                updated_by: c.text(S_UPDATED_BY).and_then(parse_u32),
                job_document_raw,
                stream_name: c.text(S_STREAM_NAME),
                protocols,
                file_path: c.file_text(F_PATH),
                file_size,
                file_id,
                cert_file: c.file_text(F_CERT),
                update_data_url: c.file_text(F_URL),
                auth_scheme: c.file_text(F_AUTH),
                signature: c.file_text(F_SIG),
                file_attributes: c.file_number(F_ATTR),
                file_type: c.file_number(F_TYPE),
            })
        }
        _ => Err(DocParseError::MalformedDoc),
    }
}

/// Finds `execution.jobId` (a string) and `execution.jobDocument` (an
/// object) in a job message, for jobs that are not `afr_ota` jobs.
///
/// Used after [`parse_job_document`] failed. The message must be valid JSON
/// with an object at the top; `None` if it is not, if either member is
/// missing or of another type, or if `execution`, `jobId` or `jobDocument`
/// occurs twice. The job id length is not checked (upstream requires
/// 1..=72 bytes; the caller applies its own limit).
pub fn find_custom_job(doc: &[u8]) -> Option<CustomJob<'_>> {
    // The same walk as for an OTA job; only these two members matter here, so
    // other fields' errors are ignored.
    let mut c = Collected::new();
    walk(doc, None, &mut c).ok()?;
    if c.flags & FLAG_DUP_JOB != 0 {
        return None;
    }
    Some(CustomJob {
        job_id: c.text(S_JOB_ID)?,
        job_document: c.text(S_JOB_DOCUMENT)?,
    })
}

/// Reads an unsigned 32-bit number the way C `strtoul(text, &end, 0)` does
/// when it consumes the whole text: decimal, `0x`/`0X` hex, or octal with a
/// leading zero. Returns `None` for empty text, signs, whitespace, any stray
/// character (including `.` and exponents) and values above `u32::MAX`.
pub fn parse_u32(text: &[u8]) -> Option<u32> {
    let (digits, radix) = match text {
        [b'0', b'x' | b'X', rest @ ..] => (rest, 16),
        [b'0', rest @ ..] if !rest.is_empty() => (rest, 8),
        _ => (text, 10),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: u32 = 0;
    for &c in digits {
        // Letters count from 10 whatever their case; anything else is too
        // large a digit for every radix used here.
        let lower = u32::from(c | 0x20);
        let d = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            _ if lower >= u32::from(b'a') => lower - u32::from(b'a') + 10,
            _ => return None,
        };
        if d >= radix {
            return None;
        }
        v = v.checked_mul(radix)?.checked_add(d)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    const SIG: &[u8] = b"sig-sha256-ecdsa";

    const SAMPLE: &str = r#"{"clientToken":"0:thing","timestamp":1700000000,"execution":{"jobId":"AFR_OTA-job1","status":"QUEUED","queuedAt":1,"lastUpdatedAt":1,"versionNumber":1,"executionNumber":1,"jobDocument":{"afr_ota":{"protocols":["MQTT"],"streamname":"AFR_OTA-stream","files":[{"filepath":"/device/fw.bin","filesize":10240,"fileid":0,"certfile":"/certs/signer.pem","sig-sha256-ecdsa":"MEUCIQ...base64..."}]}}}}"#;

    /// Builds a job message from pieces so each test can change one thing.
    struct Doc {
        top_extra: String,
        exec_extra: String,
        job_id: String,
        status_details: Option<String>,
        afr_ota: Option<String>,
        protocols: String,
        stream: String,
        files: String,
        file: String,
    }

    impl Doc {
        fn new() -> Self {
            Self {
                top_extra: String::new(),
                exec_extra: String::new(),
                job_id: r#""jobId":"AFR_OTA-job1","#.into(),
                status_details: None,
                afr_ota: None,
                protocols: r#""protocols":["MQTT"],"#.into(),
                stream: r#""streamname":"AFR_OTA-stream","#.into(),
                files: String::new(),
                file: r#""filepath":"/device/fw.bin","filesize":10240,"fileid":0,"certfile":"/certs/signer.pem","sig-sha256-ecdsa":"MEUCIQ==""#.into(),
            }
        }

        fn file(mut self, f: &str) -> Self {
            self.file = f.into();
            self
        }

        fn render(&self) -> String {
            let files = if self.files.is_empty() {
                format!(r#""files":[{{{}}}]"#, self.file)
            } else {
                self.files.clone()
            };
            let afr = match &self.afr_ota {
                Some(a) => a.clone(),
                None => format!(
                    r#""afr_ota":{{{}{}{}}}"#,
                    self.protocols, self.stream, files
                ),
            };
            let details = match &self.status_details {
                Some(d) => format!("{d},"),
                None => String::new(),
            };
            format!(
                r#"{{"clientToken":"0:thing","timestamp":1,{}"execution":{{{}{}"status":"QUEUED",{}"jobDocument":{{{}}}}}}}"#,
                self.top_extra, self.job_id, self.exec_extra, details, afr
            )
        }

        fn parse(&self) -> Result<JobDocument<'static>, DocParseError> {
            let s: &'static str = std::boxed::Box::leak(self.render().into_boxed_str());
            parse_job_document(s.as_bytes(), SIG)
        }
    }

    fn parse(s: &str) -> Result<JobDocument<'_>, DocParseError> {
        parse_job_document(s.as_bytes(), SIG)
    }

    #[test]
    fn sample_document() {
        let d = parse(SAMPLE).unwrap();
        assert_eq!(d.job_id, b"AFR_OTA-job1");
        assert_eq!(d.client_token.unwrap().text, b"0:thing");
        assert_eq!(d.timestamp.unwrap().text, b"1700000000");
        assert_eq!(d.protocols, br#"["MQTT"]"#);
        assert_eq!(d.stream_name, Some(&b"AFR_OTA-stream"[..]));
        assert_eq!(d.file_path, Some(&b"/device/fw.bin"[..]));
        assert_eq!(d.file_size, 10240);
        assert_eq!(d.file_id, 0);
        assert_eq!(d.cert_file, Some(&b"/certs/signer.pem"[..]));
        assert_eq!(d.signature, Some(&b"MEUCIQ...base64..."[..]));
        assert_eq!(d.update_data_url, None);
        assert_eq!(d.auth_scheme, None);
        assert_eq!(d.file_attributes, None);
        assert_eq!(d.file_type, None);
        assert!(!d.self_test);
        assert_eq!(d.updated_by, None);
        assert_eq!(d.status_details_raw, None);
        let jd = d.job_document_raw;
        assert!(jd.starts_with(br#"{"afr_ota":{"protocols""#));
        assert!(jd.ends_with(b"}]}}"));
        assert!(SAMPLE.as_bytes().windows(jd.len()).any(|w| w == jd));
        assert!(d.has_protocol(b"MQTT"));
        assert!(!d.has_protocol(b"HTTP"));
        assert!(!d.has_protocol(b"MQT"));
    }

    #[test]
    fn builder_matches_defaults() {
        let d = Doc::new().parse().unwrap();
        assert_eq!(d.job_id, b"AFR_OTA-job1");
        assert_eq!(d.signature, Some(&b"MEUCIQ=="[..]));
        let mut sig = [0u8; 8];
        assert_eq!(d.decode_signature(&mut sig), Ok(Some(4)));
        assert_eq!(&sig[..4], &[0x30, 0x45, 0x02, 0x21]);
        let mut tiny = [0u8; 2];
        assert_eq!(
            d.decode_signature(&mut tiny),
            Err(DocParseError::Base64Decode)
        );
    }

    #[test]
    fn all_fields() {
        let mut b = Doc::new().file(
            r#""filepath":"p","filesize":"0x10","fileid":"7","certfile":"c","update_data_url":"https://x/y?a=b\u0026c","auth_scheme":"aws.s3.presigned","sig-sha256-ecdsa":"QQ==","attr":"010","fileType":2"#,
        );
        b.status_details =
            Some(r#""statusDetails":{"self_test":"ready","updatedBy":"0x01000002"}"#.into());
        b.protocols = r#""protocols":["MQTT","HTTP"],"#.into();
        let d = b.parse().unwrap();
        assert_eq!(d.file_size, 16);
        assert_eq!(d.file_id, 7);
        assert_eq!(d.file_attributes, Some(8));
        assert_eq!(d.file_type, Some(2));
        assert_eq!(d.update_data_url, Some(&br"https://x/y?a=b\u0026c"[..]));
        assert_eq!(d.auth_scheme, Some(&b"aws.s3.presigned"[..]));
        assert!(d.self_test);
        assert_eq!(d.updated_by, Some(0x0100_0002));
        assert_eq!(
            d.status_details_raw,
            Some(&br#"{"self_test":"ready","updatedBy":"0x01000002"}"#[..])
        );
        assert!(d.has_protocol(b"HTTP") && d.has_protocol(b"MQTT"));
        assert_eq!(d.protocols, br#"["MQTT","HTTP"]"#);
    }

    #[test]
    fn self_test_any_type() {
        for v in ["null", "true", "1", "{}", "[]", r#""x""#] {
            let mut b = Doc::new();
            b.status_details = Some(format!(r#""statusDetails":{{"self_test":{v}}}"#));
            assert!(b.parse().unwrap().self_test, "{v}");
        }
    }

    #[test]
    fn other_signature_key() {
        let s = Doc::new()
            .file(r#""filesize":1,"fileid":0,"sig-sha256-rsa":"QUJD","sig-sha256-ecdsa":"QQ==""#)
            .render();
        let d = parse_job_document(s.as_bytes(), b"sig-sha256-rsa").unwrap();
        assert_eq!(d.signature, Some(&b"QUJD"[..]));
        let d = parse_job_document(s.as_bytes(), b"sig-none").unwrap();
        assert_eq!(d.signature, None);
    }

    #[test]
    fn missing_required_fields() {
        let mut b = Doc::new();
        b.job_id = String::new();
        assert_eq!(b.parse(), Err(DocParseError::MalformedDoc));

        let mut b = Doc::new();
        b.protocols = String::new();
        assert_eq!(b.parse(), Err(DocParseError::MalformedDoc));

        let mut b = Doc::new();
        b.files = r#""nofiles":[]"#.into();
        assert_eq!(b.parse(), Err(DocParseError::MalformedDoc));

        let mut b = Doc::new();
        b.files = r#""files":[]"#.into();
        assert_eq!(b.parse(), Err(DocParseError::MalformedDoc));

        let mut b = Doc::new();
        b.afr_ota = Some(r#""custom":{"a":1}"#.into());
        assert_eq!(b.parse(), Err(DocParseError::MalformedDoc));

        let b = Doc::new().file(r#""fileid":0"#);
        assert_eq!(b.parse(), Err(DocParseError::MalformedDoc));
        let b = Doc::new().file(r#""filesize":1"#);
        assert_eq!(b.parse(), Err(DocParseError::MalformedDoc));

        assert_eq!(
            parse(r#"{"execution":{"jobId":"x"}}"#),
            Err(DocParseError::MalformedDoc)
        );
        assert_eq!(
            parse(r#"{"execution":{}}"#),
            Err(DocParseError::MalformedDoc)
        );
        assert_eq!(parse(r#"{"foo":1}"#), Err(DocParseError::MalformedDoc));
        assert_eq!(parse("{}"), Err(DocParseError::MalformedDoc));
        assert_eq!(parse("[]"), Err(DocParseError::MalformedDoc));
        assert_eq!(parse("\"x\""), Err(DocParseError::MalformedDoc));
        assert_eq!(parse("3"), Err(DocParseError::MalformedDoc));
    }

    #[test]
    fn optional_fields_may_be_missing() {
        let mut b = Doc::new().file(r#""filesize":1,"fileid":2"#);
        b.stream = String::new();
        let d = b.parse().unwrap();
        assert_eq!((d.file_size, d.file_id), (1, 2));
        assert_eq!(d.stream_name, None);
        assert_eq!(d.file_path, None);
        assert_eq!(d.cert_file, None);
        assert_eq!(d.signature, None);
        let mut sig = [0u8; 4];
        assert_eq!(d.decode_signature(&mut sig), Ok(None));
        // Top-level clientToken/timestamp are optional too.
        let s = r#"{"execution":{"jobId":"j","jobDocument":{"afr_ota":{"protocols":[],"files":[{"filesize":1,"fileid":0}]}}}}"#;
        let d = parse(s).unwrap();
        assert_eq!(d.client_token, None);
        assert_eq!(d.timestamp, None);
        assert_eq!(d.protocols, b"[]");
    }

    #[test]
    fn wrong_types() {
        let mut b = Doc::new();
        b.job_id = r#""jobId":5,"#.into();
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.job_id = r#""jobId":{"a":"b"},"#.into();
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.status_details = Some(r#""statusDetails":"x""#.into());
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.status_details = Some(r#""statusDetails":{"updatedBy":true}"#.into());
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.afr_ota = Some(r#""afr_ota":["x"]"#.into());
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.protocols = r#""protocols":"MQTT","#.into();
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.stream = r#""streamname":null,"#.into();
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.files = r#""files":{"filesize":1}"#.into();
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        let mut b = Doc::new();
        b.files = r#""files":[1,{"filesize":1,"fileid":0}]"#.into();
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));

        for f in [
            r#""filesize":1,"fileid":0,"filepath":1"#,
            r#""filesize":1,"fileid":0,"certfile":[]"#,
            r#""filesize":1,"fileid":0,"update_data_url":false"#,
            r#""filesize":1,"fileid":0,"auth_scheme":{}"#,
            r#""filesize":1,"fileid":0,"sig-sha256-ecdsa":12"#,
            r#""filesize":[1],"fileid":0"#,
            r#""filesize":1,"fileid":null"#,
            r#""filesize":1,"fileid":0,"attr":{}"#,
            r#""filesize":1,"fileid":0,"fileType":true"#,
        ] {
            assert_eq!(
                Doc::new().file(f).parse(),
                Err(DocParseError::FieldTypeMismatch),
                "{f}"
            );
        }

        assert_eq!(
            parse(r#"{"execution":"x"}"#),
            Err(DocParseError::FieldTypeMismatch)
        );
        assert_eq!(
            parse(r#"{"execution":{"jobId":"j","jobDocument":[]}}"#),
            Err(DocParseError::FieldTypeMismatch)
        );
    }

    #[test]
    fn number_digits_agree_with_to_digit() {
        // Every byte after each prefix: a digit of the prefix's radix, or rejected.
        for (prefix, radix) in [(&b""[..], 10u32), (b"0", 8), (b"0x", 16), (b"0X", 16)] {
            for c in 0..=255u8 {
                let mut text = prefix.to_vec();
                text.push(c);
                let want = char::from(c).to_digit(radix);
                assert_eq!(parse_u32(&text), want, "{text:?}");
            }
        }
    }

    #[test]
    fn numbers() {
        let num = |v: &str| {
            Doc::new()
                .file(&format!(r#""filesize":{v},"fileid":0"#))
                .parse()
                .map(|d| d.file_size)
        };
        assert_eq!(num("10240"), Ok(10240));
        assert_eq!(num("0"), Ok(0));
        assert_eq!(num("4294967295"), Ok(u32::MAX));
        assert_eq!(num(r#""4294967295""#), Ok(u32::MAX));
        assert_eq!(num(r#""0x10""#), Ok(16));
        assert_eq!(num(r#""0X1f""#), Ok(31));
        assert_eq!(num(r#""0xFFFFFFFF""#), Ok(u32::MAX));
        assert_eq!(num(r#""010""#), Ok(8));
        assert_eq!(num(r#""0""#), Ok(0));
        assert_eq!(num(r#""00""#), Ok(0));
        assert_eq!(num(r#""037777777777""#), Ok(u32::MAX));
        for bad in [
            "99999999999",
            "4294967296",
            "-1",
            "-0",
            "1.5",
            "1.0",
            "1e3",
            "1E0",
            r#""99999999999""#,
            r#""4294967296""#,
            r#""0x100000000""#,
            r#""040000000000""#,
            r#""-1""#,
            r#""+1""#,
            r#"" 1""#,
            r#""1 ""#,
            r#""""#,
            r#""0x""#,
            r#""08""#,
            r#""0x1g""#,
            r#""12abc""#,
            r#""1.5""#,
            r#""\u0031""#,
        ] {
            assert_eq!(num(bad), Err(DocParseError::InvalidNumChar), "{bad}");
        }
    }

    #[test]
    fn every_key_is_found_by_its_index() {
        for (i, k) in KEYS.iter().enumerate() {
            assert_eq!(key_id(k), i, "{}", core::str::from_utf8(k).unwrap());
        }
        for other in [&b""[..], b"file", b"filepaths", b"jobid", b"clientToken "] {
            assert_eq!(key_id(other), K_OTHER);
        }
    }

    #[test]
    fn parse_u32_direct() {
        assert_eq!(parse_u32(b"123"), Some(123));
        assert_eq!(parse_u32(b"0x0"), Some(0));
        assert_eq!(parse_u32(b"0777"), Some(511));
        assert_eq!(parse_u32(b"09"), None);
        assert_eq!(parse_u32(b""), None);
        assert_eq!(parse_u32(b"x"), None);
        assert_eq!(parse_u32(b"0x"), None);
        assert_eq!(parse_u32(b"\xff"), None);
    }

    #[test]
    fn duplicates() {
        let dup = |b: Doc| assert_eq!(b.parse(), Err(DocParseError::DuplicatesNotAllowed));
        let mut b = Doc::new();
        b.job_id = r#""jobId":"a","jobId":"b","#.into();
        dup(b);
        let mut b = Doc::new();
        b.top_extra = r#""clientToken":"again","#.into();
        dup(b);
        let mut b = Doc::new();
        b.top_extra = r#""timestamp":2,"#.into();
        dup(b);
        let mut b = Doc::new();
        b.exec_extra = r#""jobDocument":{},"#.into();
        dup(b);
        let mut b = Doc::new();
        b.status_details = Some(r#""statusDetails":{"self_test":1},"statusDetails":{}"#.into());
        dup(b);
        let mut b = Doc::new();
        b.status_details = Some(r#""statusDetails":{"self_test":1,"self_test":2}"#.into());
        dup(b);
        let mut b = Doc::new();
        b.status_details = Some(r#""statusDetails":{"updatedBy":1,"updatedBy":1}"#.into());
        dup(b);
        let mut b = Doc::new();
        b.afr_ota = Some(
            r#""afr_ota":{"protocols":["MQTT"],"files":[{"filesize":1,"fileid":0}]},"afr_ota":{}"#
                .into(),
        );
        dup(b);
        let mut b = Doc::new();
        b.protocols = r#""protocols":["MQTT"],"protocols":["HTTP"],"#.into();
        dup(b);
        let mut b = Doc::new();
        b.stream = r#""streamname":"a","streamname":"b","#.into();
        dup(b);
        let mut b = Doc::new();
        b.files = r#""files":[{"filesize":1,"fileid":0}],"files":[]"#.into();
        dup(b);
        for f in [
            "filepath",
            "filesize",
            "fileid",
            "certfile",
            "update_data_url",
            "auth_scheme",
            "sig-sha256-ecdsa",
            "attr",
            "fileType",
        ] {
            let body = format!(r#""filesize":1,"fileid":0,"{f}":"1","{f}":"1""#);
            dup(Doc::new().file(&body));
        }
        let s = Doc::new().render();
        let s = s.replacen(r#""execution""#, r#""execution":{},"execution""#, 1);
        assert_eq!(parse(&s), Err(DocParseError::DuplicatesNotAllowed));
        let s2 = Doc::new().render();
        let s2 = s2.replacen(r#""execution""#, r#""execution":5,"execution""#, 1);
        assert!(parse(&s2).is_err());
        // Duplicates of members this parser does not read are accepted.
        let mut b = Doc::new();
        b.exec_extra = r#""status":"IN_PROGRESS","versionNumber":1,"versionNumber":2,"#.into();
        assert!(b.parse().is_ok());
        // The same name in different objects is not a duplicate.
        let mut b = Doc::new();
        b.top_extra = r#""other":{"jobId":1,"jobId":2},"#.into();
        assert!(b.parse().is_ok());
        // Later file entries are not looked at for duplicates.
        let mut b = Doc::new();
        b.files = r#""files":[{"filesize":1,"fileid":0},{"filesize":2,"filesize":3}]"#.into();
        assert_eq!(b.parse().unwrap().file_size, 1);
    }

    #[test]
    fn top_level_file_keys_take_precedence() {
        let mut b = Doc::new();
        b.top_extra = r#""filesize":77,"sig-sha256-ecdsa":"QUJD","#.into();
        let d = b.parse().unwrap();
        assert_eq!(d.file_size, 77);
        assert_eq!(d.signature, Some(&b"QUJD"[..]));
        assert_eq!(d.file_path, Some(&b"/device/fw.bin"[..]));
        // Required file fields may come from the top level alone.
        let mut b = Doc::new();
        b.top_extra = r#""filesize":5,"fileid":3,"#.into();
        b.files = r#""files":[]"#.into();
        let d = b.parse().unwrap();
        assert_eq!((d.file_size, d.file_id), (5, 3));
        // Top-level values are checked like any other.
        let mut b = Doc::new();
        b.top_extra = r#""filesize":-5,"#.into();
        assert_eq!(b.parse(), Err(DocParseError::InvalidNumChar));
        let mut b = Doc::new();
        b.top_extra = r#""filesize":1,"filesize":1,"#.into();
        assert_eq!(b.parse(), Err(DocParseError::DuplicatesNotAllowed));
    }

    #[test]
    fn more_than_one_file() {
        let mut b = Doc::new();
        b.files =
            r#""files":[{"filesize":1,"fileid":0},{"filesize":2,"fileid":1,"x":[1,2,{}]}]"#.into();
        let d = b.parse().unwrap();
        assert_eq!((d.file_size, d.file_id), (1, 0));
        let mut b = Doc::new();
        b.files = r#""files":[{"filesize":1,"fileid":0},{"filesize":2,]"#.into();
        assert_eq!(b.parse(), Err(DocParseError::InvalidJsonBuffer));
    }

    #[test]
    fn empty_job_document() {
        for s in [
            r#"{"clientToken":"0:thing","timestamp":1700000000}"#,
            r#"{"timestamp":1700000000}"#,
            r#" { "clientToken" : "0:thing" } "#,
        ] {
            let e = parse(s).unwrap_err();
            assert_eq!(e, DocParseError::EmptyJobDoc, "{s}");
            assert!(e.is_empty_job());
            assert_eq!(e.code(), 16);
        }
        for s in [
            r#"{"clientToken":"x","filesize":1}"#,
            r#"{"clientToken":"x","timestamp":1,"unknown":{"a":[1]}}"#,
            r#"{"clientToken":"x","timestamp":1,"executio":{"jobId":"j"}}"#,
        ] {
            assert_eq!(parse(s), Err(DocParseError::MalformedDoc), "{s}");
        }
        assert_eq!(
            parse(r#"{"clientToken":"x","timestamp":1,"clientToken":"y"}"#),
            Err(DocParseError::DuplicatesNotAllowed)
        );
        assert_eq!(
            parse(r#"{"clientToken":"x","timestamp":1"#),
            Err(DocParseError::InvalidJsonBuffer)
        );
    }

    #[test]
    fn long_values_are_exposed_not_capped() {
        let id: String = "J".repeat(10 * 1024);
        let mut b = Doc::new();
        b.job_id = format!(r#""jobId":"{id}","#);
        let d = b.parse().unwrap();
        assert_eq!(d.job_id.len(), 10 * 1024);
        let url = format!("https://example.com/{}", "a".repeat(20_000));
        let d = Doc::new()
            .file(&format!(
                r#""filesize":1,"fileid":0,"update_data_url":"{url}""#
            ))
            .parse()
            .unwrap();
        assert_eq!(d.update_data_url.unwrap().len(), url.len());
    }

    #[test]
    fn utf8_and_control_characters() {
        let mut b = Doc::new();
        b.job_id = "\"jobId\":\"job-\u{e9}\u{4e2d}\u{1F600}\",".into();
        assert_eq!(
            b.parse().unwrap().job_id,
            "job-\u{e9}\u{4e2d}\u{1F600}".as_bytes()
        );

        let base = Doc::new().render();
        let at = base.find("AFR_OTA-job1").unwrap() + 3;
        for bad in [
            &b"\xff"[..],
            b"\xc3",
            b"\xc0\x80",
            b"\xed\xa0\x80",
            b"\x01",
            b"\t",
            b"\n",
            b"\x7f\x00",
        ] {
            let mut v = base.as_bytes().to_vec();
            v.splice(at..at, bad.iter().copied());
            assert_eq!(
                parse_job_document(&v, SIG),
                Err(DocParseError::InvalidJsonBuffer),
                "{bad:?}"
            );
        }
        // DEL (0x7f) alone is a legal string byte.
        let mut v = base.as_bytes().to_vec();
        v.insert(at, 0x7f);
        assert!(parse_job_document(&v, SIG).is_ok());
    }

    #[test]
    fn escapes() {
        let id = |raw: &str| {
            let mut b = Doc::new();
            b.job_id = format!(r#""jobId":"{raw}","#);
            b.parse().map(|d| d.job_id.len())
        };
        assert_eq!(id(r#"a\"b\\c\/d\n\u00e9\uD83D\uDE00"#), Ok(30));
        for bad in [
            r"\u00zz", r"\u0000", r"\x41", r"\uD800", r"\uDC00x", r"\u12", r"\",
        ] {
            assert_eq!(id(bad), Err(DocParseError::InvalidJsonBuffer), "{bad}");
        }
    }

    #[test]
    fn syntax_errors_win() {
        // A field error early and a syntax error late: the syntax error is
        // reported, whatever the order.
        let mut b = Doc::new();
        b.job_id = r#""jobId":5,"#.into();
        let s = b.render() + "x";
        assert_eq!(parse(&s), Err(DocParseError::InvalidJsonBuffer));
        let mut b = Doc::new();
        b.top_extra = r#""z":[1,,2],"#.into();
        b.job_id = String::new();
        assert_eq!(b.parse(), Err(DocParseError::InvalidJsonBuffer));
        // Among field errors the first in document order is reported.
        let mut b = Doc::new();
        b.job_id = r#""jobId":5,"#.into();
        b.stream = r#""streamname":"a","streamname":"b","#.into();
        assert_eq!(b.parse(), Err(DocParseError::FieldTypeMismatch));
    }

    #[test]
    fn invalid_json() {
        for s in [
            "",
            " ",
            "{",
            "nul",
            "{\"execution\":{}} {}",
            "{\"execution\":{},}",
            "{\"a\":01}",
            "\u{feff}{}",
        ] {
            assert_eq!(parse(s), Err(DocParseError::InvalidJsonBuffer), "{s:?}");
        }
        // Trailing whitespace is fine.
        let s = format!("  {SAMPLE} \r\n\t");
        assert!(parse(&s).is_ok());
    }

    #[test]
    fn deep_nesting() {
        let s = "[".repeat(10_000);
        assert_eq!(parse(&s), Err(DocParseError::InvalidJsonBuffer));
        let s = format!("{{\"a\":{}", "[".repeat(10_000));
        assert_eq!(parse(&s), Err(DocParseError::InvalidJsonBuffer));
        // Inside the job document: within the limit is fine, beyond is not.
        let nest = |n: usize| {
            let mut b = Doc::new();
            b.afr_ota = Some(format!(
                r#""afr_ota":{{"protocols":["MQTT"],"files":[{{"filesize":1,"fileid":0}}]}},"custom":{}1{}"#,
                "[".repeat(n),
                "]".repeat(n)
            ));
            b.parse()
        };
        // jobDocument is the 3rd container; 29 more reach MAX_DEPTH (32).
        assert!(nest(29).is_ok());
        assert_eq!(nest(30), Err(DocParseError::InvalidJsonBuffer));
        let mut b = Doc::new();
        b.file = format!(
            r#""filesize":1,"fileid":0,"x":{}{}"#,
            "[".repeat(26),
            "]".repeat(26)
        );
        assert!(b.parse().is_ok());
        b.file = format!(
            r#""filesize":1,"fileid":0,"x":{}{}"#,
            "[".repeat(27),
            "]".repeat(27)
        );
        assert_eq!(b.parse(), Err(DocParseError::InvalidJsonBuffer));
    }

    #[test]
    fn every_truncation_fails() {
        let full = Doc::new().render();
        for doc in [SAMPLE, full.as_str()] {
            let bytes = doc.as_bytes();
            assert!(parse_job_document(bytes, SIG).is_ok());
            for n in 0..bytes.len() {
                assert_eq!(
                    parse_job_document(&bytes[..n], SIG),
                    Err(DocParseError::InvalidJsonBuffer),
                    "prefix {n}"
                );
                let _ = find_custom_job(&bytes[..n]);
            }
        }
    }

    #[test]
    fn every_single_byte_mutation_is_handled() {
        // Exhaustive: each position, every byte value. Must never panic; a
        // result that is Ok must still describe a well-formed document.
        let base = SAMPLE.as_bytes();
        let mut buf = base.to_vec();
        let mut oks = 0usize;
        for i in 0..base.len() {
            for b in 0..=255u8 {
                buf[i] = b;
                if let Ok(d) = parse_job_document(&buf, SIG) {
                    oks += 1;
                    assert!(super::super::json::validate(&buf).is_ok());
                    assert!(d.job_id.len() < buf.len());
                }
                let _ = find_custom_job(&buf);
            }
            buf[i] = base[i];
        }
        assert!(oks > base.len());
    }

    #[test]
    fn error_codes_round_trip() {
        let all = [
            DocParseError::Unknown,
            DocParseError::OutOfMemory,
            DocParseError::UserBufferInsufficient,
            DocParseError::FieldTypeMismatch,
            DocParseError::Base64Decode,
            DocParseError::InvalidNumChar,
            DocParseError::DuplicatesNotAllowed,
            DocParseError::MalformedDoc,
            DocParseError::InvalidJsonBuffer,
            DocParseError::NullModelPointer,
            DocParseError::NullBodyPointer,
            DocParseError::NullDocPointer,
            DocParseError::TooManyParams,
            DocParseError::ParamKeyNotInModel,
            DocParseError::InvalidModelParamType,
            DocParseError::InvalidToken,
            DocParseError::EmptyJobDoc,
        ];
        let codes: Vec<i32> = all.iter().map(|e| e.code()).collect();
        assert_eq!(
            codes,
            [-1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
        );
        for e in all {
            assert_eq!(DocParseError::from_code(e.code()), Some(e));
            assert!(!e.description().is_empty());
            assert_eq!(format!("{e}"), e.description());
        }
        assert_eq!(DocParseError::from_code(0), None);
        assert_eq!(DocParseError::from_code(17), None);
        assert_eq!(DocParseError::from_code(i32::MIN), None);
    }

    #[test]
    fn custom_job() {
        let s = r#"{"clientToken":"c","execution":{"jobId":"my-job","status":"QUEUED","jobDocument":{"operation":"reboot","n":[1,2]}}}"#;
        assert_eq!(parse(s), Err(DocParseError::MalformedDoc));
        let c = find_custom_job(s.as_bytes()).unwrap();
        assert_eq!(c.job_id, b"my-job");
        assert_eq!(c.job_document, br#"{"operation":"reboot","n":[1,2]}"#);
        // An afr_ota job is also found (the caller decides the order).
        let c = find_custom_job(SAMPLE.as_bytes()).unwrap();
        assert_eq!(c.job_id, b"AFR_OTA-job1");
        assert!(c.job_document.starts_with(br#"{"afr_ota""#));

        for bad in [
            r#"{"clientToken":"c","timestamp":1}"#,
            r#"{"execution":{"jobId":"j"}}"#,
            r#"{"execution":{"jobDocument":{}}}"#,
            r#"{"execution":{"jobId":1,"jobDocument":{}}}"#,
            r#"{"execution":{"jobId":"j","jobDocument":"x"}}"#,
            r#"{"execution":{"jobId":"j","jobDocument":{}}} x"#,
            r#"{"execution":{"jobId":"j","jobDocument":{},"jobId":"k"}}"#,
            r#"{"execution":{"jobId":"j","jobDocument":{},"jobDocument":{}}}"#,
            r#"{"execution":{"jobId":"j","jobDocument":{}},"execution":{}}"#,
            r#"{"execution":{"jobId":"j","jobDocument":{}},"execution":1}"#,
            r#"{"execution":1,"execution":{"jobId":"j","jobDocument":{}}}"#,
            r#"{"execution":{"jobId":"j","jobDocument":{"a":}}}"#,
            r#"[{"execution":{"jobId":"j","jobDocument":{}}}]"#,
            r#"{"jobId":"j","jobDocument":{}}"#,
            "",
        ] {
            assert_eq!(find_custom_job(bad.as_bytes()), None, "{bad}");
        }
        let c = find_custom_job(br#"{"execution":{"jobId":"","jobDocument":{}}}"#).unwrap();
        assert_eq!(c.job_id, b"");
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = super::super::test_rng::Rng::new(3);
        for _ in 0..20_000 {
            let len = rng.below(512);
            let data = rng.bytes(len, b"");
            let _ = parse_job_document(&data, SIG);
            let _ = find_custom_job(&data);
        }
    }

    #[test]
    fn random_json_like_never_panics() {
        let mut rng = super::super::test_rng::Rng::new(4);
        let alphabet = b"{}[]\":,0123456789-.eE+ \\ux\x80\xc3\xa9tfnrulsa";
        for _ in 0..50_000 {
            let len = rng.below(256);
            let data = rng.bytes(len, alphabet);
            if parse_job_document(&data, SIG).is_ok() {
                assert!(super::super::json::validate(&data).is_ok());
            }
            let _ = find_custom_job(&data);
        }
    }

    #[test]
    fn random_mutations_never_panic() {
        // Several random edits (replace, insert, delete) plus a random cut.
        let mut rng = super::super::test_rng::Rng::new(5);
        for _ in 0..50_000 {
            let mut v = SAMPLE.as_bytes().to_vec();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(v.len() + 1);
                let byte = rng.next_u64() as u8;
                match rng.below(3) {
                    0 if at < v.len() => v[at] = byte,
                    1 => v.insert(at, byte),
                    _ if at < v.len() => {
                        v.remove(at);
                    }
                    _ => {}
                }
            }
            let cut = rng.below(v.len() + 50);
            v.truncate(cut);
            if parse_job_document(&v, SIG).is_ok() {
                assert!(super::super::json::validate(&v).is_ok());
            }
            let _ = find_custom_job(&v);
        }
    }
}
