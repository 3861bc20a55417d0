//! Strict, zero-copy JSON scanner (RFC 8259).
//!
//! The scanner never allocates and never recurses: nested containers are
//! skipped with a small state machine and a bit stack, so stack use is
//! constant whatever the input. A caller that cares about a few members
//! either walks objects with [`Scanner::begin_object`] / [`Scanner::next_key`]
//! and hands everything else to [`Scanner::value`], which validates and skips
//! it, or has [`Scanner::walk`] report every member name, scalar and container
//! to a [`Visitor`] (the job parser does: one loop, less code). Either way a
//! document is validated and searched in a single pass.
//!
//! Accepted grammar: RFC 8259, plus the restrictions coreJSON (the upstream
//! validator) adds to strings:
//! - whitespace is space, tab, CR and LF only;
//! - strings must be well-formed UTF-8 (no overlong forms, no encoded
//!   surrogates, nothing above U+10FFFF), must not contain raw control
//!   characters (< 0x20), and may only use the escapes `\" \\ \/ \b \f \n
//!   \r \t \uXXXX`; `\u0000` and unpaired UTF-16 surrogates are rejected;
//! - numbers follow the RFC grammar exactly (no leading zeros, no `+`, no
//!   bare `.`, no `NaN`/`Infinity`);
//! - containers nest at most [`MAX_DEPTH`] levels (coreJSON's default);
//! - nothing but whitespace may follow the top-level value.
//!
//! Strings are never decoded: [`Value::text`] is the raw bytes between the
//! quotes, escapes included. Duplicate member names are not checked here.

/// Deepest container nesting accepted; deeper input is rejected with
/// [`JsonErrorKind::TooDeep`]. Same limit as coreJSON's default.
pub const MAX_DEPTH: usize = 32;

// The bit stack that tracks object/array per level is a u32: one bit per level,
// one register on every target.
const _: () = assert!(MAX_DEPTH <= 32);

/// What went wrong while scanning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The input ended inside a value (or was empty).
    UnexpectedEnd,
    /// A byte that cannot appear at this point of the grammar.
    UnexpectedByte,
    /// Unknown escape, bad `\u` hex digits, `\u0000` or an unpaired surrogate.
    InvalidEscape,
    /// Raw control character (below 0x20) inside a string.
    ControlCharacter,
    /// String bytes that are not well-formed UTF-8.
    InvalidUtf8,
    /// A number that does not follow the JSON grammar.
    InvalidNumber,
    /// Containers nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Something other than whitespace after the top-level value.
    TrailingData,
}

/// A scanning error and the byte offset where it was detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// Error class.
    pub kind: JsonErrorKind,
    /// Offset into the input at which the problem was noticed.
    pub offset: usize,
}

/// JSON value type, as seen from the first byte of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `{ ... }`
    Object,
    /// `[ ... ]`
    Array,
    /// `"..."`
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

/// One scanned value, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value<'a> {
    /// Value type.
    pub kind: ValueKind,
    /// For strings: the raw bytes between the quotes (escapes not decoded).
    /// For everything else: the exact value text, brackets included.
    pub text: &'a [u8],
}

/// True for the bytes a string cannot simply contain: controls, `"`, `\\` and
/// every non-ASCII byte (checked as UTF-8 separately). A few compares cost less
/// flash than a 256-byte table.
const fn is_special(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\' || b >= 0x80
}

/// Length of the leading run of ordinary string bytes in `s`.
///
/// Strings are most of a job document, so this checks a machine word per step
/// (SWAR: eight bytes on 64-bit targets, four on a Cortex-M, where wider
/// arithmetic would cost code and time) before finishing byte by byte: a word
/// is skipped only if it has no byte below 0x20, no byte from 0x80, and no
/// quote or backslash.
#[inline]
fn plain_run(s: &[u8]) -> usize {
    const W: usize = core::mem::size_of::<usize>();
    const ONES: usize = usize::MAX / 0xff;
    const HIGH: usize = ONES << 7;
    // Nonzero iff some byte of `v` is zero (exact as a yes/no answer).
    const fn has_zero(v: usize) -> bool {
        v.wrapping_sub(ONES) & !v & HIGH != 0
    }
    let mut n = 0;
    for chunk in s.chunks_exact(W) {
        let v = usize::from_le_bytes(<[u8; W]>::try_from(chunk).unwrap_or([0; W]));
        let special = v & HIGH != 0
            || v.wrapping_sub(ONES * 0x20) & !v & HIGH != 0
            || has_zero(v ^ (ONES * usize::from(b'"')))
            || has_zero(v ^ (ONES * usize::from(b'\\')));
        if special {
            break;
        }
        n += W;
    }
    let tail = s.get(n..).unwrap_or(&[]);
    n + tail.iter().take_while(|&&b| !is_special(b)).count()
}

/// Cursor over a JSON text.
///
/// All methods first skip whitespace where the grammar allows it. On error
/// the cursor is left at the offending byte; the scanner should then be
/// dropped, as its position no longer means anything.
#[derive(Debug, Clone)]
pub struct Scanner<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// Starts scanning `buf` at offset 0.
    pub const fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// Current offset into the input.
    pub const fn offset(&self) -> usize {
        self.pos
    }

    /// Input bytes from `start` up to the current offset (empty if `start`
    /// is past it). Used to recover the raw text of a value walked member by
    /// member.
    pub fn since(&self, start: usize) -> &'a [u8] {
        self.buf.get(start..self.pos).unwrap_or(&[])
    }

    // Always inlined: at opt-level "z" the call costs more flash than the body.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    // Always inlined: at opt-level "z" the call costs more flash than the body.
    #[inline(always)]
    fn rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    #[inline]
    fn err(&self, kind: JsonErrorKind) -> JsonError {
        JsonError {
            kind,
            offset: self.pos,
        }
    }

    /// `UnexpectedEnd` at end of input, `kind` otherwise: keeps truncation
    /// distinguishable from corruption.
    #[inline]
    fn err_at(&self, kind: JsonErrorKind) -> JsonError {
        if self.pos >= self.buf.len() {
            self.err(JsonErrorKind::UnexpectedEnd)
        } else {
            self.err(kind)
        }
    }

    // Advances over bytes already known to exist, so `pos + n` never passes
    // the end, let alone overflows. Were it ever wrong, every read goes through
    // `get` and would only see the end of the input.
    #[inline]
    fn bump(&mut self, n: usize) {
        self.pos = self.pos.wrapping_add(n);
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump(1);
        }
    }

    #[inline]
    fn expect(&mut self, b: u8) -> Result<(), JsonError> {
        if self.peek() == Some(b) {
            self.bump(1);
            Ok(())
        } else {
            Err(self.err_at(JsonErrorKind::UnexpectedByte))
        }
    }

    /// Type of the next value, without consuming it.
    pub fn peek_kind(&mut self) -> Result<ValueKind, JsonError> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => Ok(ValueKind::Object),
            Some(b'[') => Ok(ValueKind::Array),
            Some(b'"') => Ok(ValueKind::String),
            Some(b'-' | b'0'..=b'9') => Ok(ValueKind::Number),
            Some(b't' | b'f') => Ok(ValueKind::Bool),
            Some(b'n') => Ok(ValueKind::Null),
            _ => Err(self.err_at(JsonErrorKind::UnexpectedByte)),
        }
    }

    /// Consumes the `{` opening an object.
    pub fn begin_object(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        self.expect(b'{')
    }

    /// Consumes the `[` opening an array.
    pub fn begin_array(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        self.expect(b'[')
    }

    /// Moves to the next member of the object opened by
    /// [`begin_object`](Self::begin_object).
    ///
    /// Returns the raw member name (between the quotes) with the cursor
    /// placed on its value, which the caller must consume before calling
    /// again; or `None` once the closing `}` has been consumed. `first` must
    /// start as `true` for each object and is managed by this method.
    pub fn next_key(&mut self, first: &mut bool) -> Result<Option<&'a [u8]>, JsonError> {
        self.skip_ws();
        if *first {
            *first = false;
            if self.peek() == Some(b'}') {
                self.bump(1);
                return Ok(None);
            }
        } else {
            match self.peek() {
                Some(b'}') => {
                    self.bump(1);
                    return Ok(None);
                }
                Some(b',') => {
                    self.bump(1);
                    self.skip_ws();
                }
                _ => return Err(self.err_at(JsonErrorKind::UnexpectedByte)),
            }
        }
        let key = self.key_colon()?;
        Ok(Some(key))
    }

    /// Moves to the next element of the array opened by
    /// [`begin_array`](Self::begin_array).
    ///
    /// Returns `true` with the cursor on the element, which the caller must
    /// consume before calling again, or `false` once the closing `]` has
    /// been consumed. `first` works as in [`next_key`](Self::next_key).
    pub fn next_element(&mut self, first: &mut bool) -> Result<bool, JsonError> {
        self.skip_ws();
        if *first {
            *first = false;
            if self.peek() == Some(b']') {
                self.bump(1);
                return Ok(false);
            }
            return Ok(true);
        }
        match self.peek() {
            Some(b']') => {
                self.bump(1);
                Ok(false)
            }
            Some(b',') => {
                self.bump(1);
                Ok(true)
            }
            _ => Err(self.err_at(JsonErrorKind::UnexpectedByte)),
        }
    }

    /// Scans (validates and consumes) one complete value of any type.
    ///
    /// `depth` is the number of containers already open around the value;
    /// containers inside it may add up to `MAX_DEPTH - depth` more levels.
    pub fn value(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        let kind = self.peek_kind()?;
        let start = self.pos;
        if kind == ValueKind::String {
            let text = self.string()?;
            return Ok(Value { kind, text });
        }
        // The validating walk, with nothing to report to.
        self.walk(depth, &mut ())?;
        Ok(Value {
            kind,
            text: self.since(start),
        })
    }

    /// Checks that only whitespace remains.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        if self.pos < self.buf.len() {
            Err(self.err(JsonErrorKind::TrailingData))
        } else {
            Ok(())
        }
    }

    /// Member name plus the `:` after it; the cursor is on the name's quote.
    fn key_colon(&mut self) -> Result<&'a [u8], JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.err_at(JsonErrorKind::UnexpectedByte));
        }
        let key = self.string()?;
        self.skip_ws();
        self.expect(b':')?;
        Ok(key)
    }

    fn literal(&mut self, lit: &[u8]) -> Result<(), JsonError> {
        // Byte by byte, not `starts_with`: no `memcmp` on bare metal.
        let rest = self.rest();
        for (i, &want) in lit.iter().enumerate() {
            match rest.get(i) {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(&b) if b != want => return Err(self.err(JsonErrorKind::UnexpectedByte)),
                Some(_) => {}
            }
        }
        self.bump(lit.len());
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let n = self
            .rest()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        self.bump(n);
        n
    }

    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.bump(1);
        }
        match self.peek() {
            Some(b'0') => self.bump(1),
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err_at(JsonErrorKind::InvalidNumber)),
        }
        if self.peek() == Some(b'.') {
            self.bump(1);
            if self.digits() == 0 {
                return Err(self.err_at(JsonErrorKind::InvalidNumber));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump(1);
            if let Some(b'+' | b'-') = self.peek() {
                self.bump(1);
            }
            if self.digits() == 0 {
                return Err(self.err_at(JsonErrorKind::InvalidNumber));
            }
        }
        Ok(())
    }

    /// Scans a string whose opening quote is at the cursor and returns its
    /// raw contents.
    fn string(&mut self) -> Result<&'a [u8], JsonError> {
        self.bump(1);
        let start = self.pos;
        loop {
            let plain = plain_run(self.rest());
            self.bump(plain);
            match self.peek() {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    let text = self.since(start);
                    self.bump(1);
                    return Ok(text);
                }
                Some(b'\\') => self.escape()?,
                Some(0x80..=0xff) => self.utf8()?,
                Some(_) => return Err(self.err(JsonErrorKind::ControlCharacter)),
            }
        }
    }

    /// Escape sequence at the cursor (which is on the backslash).
    fn escape(&mut self) -> Result<(), JsonError> {
        let rest = self.rest();
        let n = match rest.get(1) {
            None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 2,
            Some(b'u') => {
                let hi = self.unit(rest, 0)?;
                if matches!(hi, 0xD800..=0xDBFF) {
                    // A high surrogate must be followed by an escaped low one.
                    let lo = self.unit(rest, 6)?;
                    if !matches!(lo, 0xDC00..=0xDFFF) {
                        return Err(self.err(JsonErrorKind::InvalidEscape));
                    }
                    12
                } else if matches!(hi, 0 | 0xDC00..=0xDFFF) {
                    // NUL could truncate C copies of the raw text; a lone low
                    // surrogate is not a character.
                    return Err(self.err(JsonErrorKind::InvalidEscape));
                } else {
                    6
                }
            }
            Some(_) => return Err(self.err(JsonErrorKind::InvalidEscape)),
        };
        self.bump(n);
        Ok(())
    }

    /// Value of the `\uXXXX` escape at `rest[at..]`. Input that ends with
    /// every byte so far plausible is `UnexpectedEnd` (truncation), anything
    /// else wrong is `InvalidEscape`.
    fn unit(&self, rest: &[u8], at: usize) -> Result<u16, JsonError> {
        let mut v: u16 = 0;
        for i in 0..6 {
            let Some(&c) = rest.get(at.wrapping_add(i)) else {
                return Err(self.err(JsonErrorKind::UnexpectedEnd));
            };
            let lower = c | 0x20;
            let d = match (i, c) {
                (0, b'\\') | (1, b'u') => 0,
                (2.., b'0'..=b'9') => c - b'0',
                (2.., _) if matches!(lower, b'a'..=b'f') => lower - b'a' + 10,
                _ => return Err(self.err(JsonErrorKind::InvalidEscape)),
            };
            v = (v << 4) | u16::from(d);
        }
        Ok(v)
    }

    /// Multi-byte UTF-8 sequence at the cursor (RFC 3629 table 3-7: no
    /// overlongs, no surrogates, nothing above U+10FFFF).
    fn utf8(&mut self) -> Result<(), JsonError> {
        let rest = self.rest();
        let lead = rest.first().copied().unwrap_or(0);
        if !matches!(lead, 0xC2..=0xF4) {
            return Err(self.err(JsonErrorKind::InvalidUtf8));
        }
        let len = 2 + usize::from(lead >= 0xE0) + usize::from(lead >= 0xF0);
        // The second byte's range depends on the lead (this excludes overlongs,
        // surrogates and code points above U+10FFFF); the others are plain
        // continuation bytes.
        let lo = match lead {
            0xE0 => 0xA0,
            0xF0 => 0x90,
            _ => 0x80,
        };
        let hi = match lead {
            0xED => 0x9F,
            0xF4 => 0x8F,
            _ => 0xBF,
        };
        for i in 1..len {
            let (min, max) = if i == 1 { (lo, hi) } else { (0x80, 0xBF) };
            match rest.get(i) {
                // Running out with every byte so far plausible is truncation.
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(&b) if b < min || b > max => {
                    return Err(self.err(JsonErrorKind::InvalidUtf8));
                }
                Some(_) => {}
            }
        }
        self.bump(len);
        Ok(())
    }

    /// Scans the value at the cursor, containers and all, and reports its
    /// member names, scalars and containers to `v` in document order.
    ///
    /// Levels count the containers open around what is reported: 0 for the
    /// value at the cursor, 1 for its members or elements, and so on; `depth`
    /// containers are taken to be open around it already (see [`Self::value`]).
    ///
    /// Iterative on purpose: hostile input such as 10 000 `[` must not be
    /// able to exhaust the stack. Bit `i` of `stack` tells whether the
    /// container at level `i + 1` (counted from the innermost) is an object.
    /// Scalars inside containers and at the top go through the same loop, so
    /// there is one copy of the dispatch on a value's first byte, and one of
    /// the handling of a closing bracket.
    pub fn walk<V: Visitor<'a>>(&mut self, depth: usize, v: &mut V) -> Result<(), JsonError> {
        // Where the cursor is: where a value must start; just inside an opening
        // bracket (a value or the close); or just after a value inside a
        // container (a `,` or the close).
        #[derive(PartialEq)]
        enum At {
            Value,
            Open,
            After,
        }
        let room = MAX_DEPTH.saturating_sub(depth);
        let mut stack: u32 = 0;
        let mut level: usize = 0;
        let mut at = At::Value;
        loop {
            self.skip_ws();
            let c = self.peek();
            if at != At::Value {
                let in_obj = stack & 1 == 1;
                let close = if in_obj { b'}' } else { b']' };
                if c == Some(close) {
                    self.bump(1);
                    level = level.saturating_sub(1);
                    stack >>= 1;
                    let kind = if in_obj {
                        ValueKind::Object
                    } else {
                        ValueKind::Array
                    };
                    v.close(level, kind, self.pos);
                    if level == 0 {
                        return Ok(());
                    }
                    at = At::After;
                    continue;
                }
                if at == At::After {
                    if c != Some(b',') {
                        return Err(self.err_at(JsonErrorKind::UnexpectedByte));
                    }
                    self.bump(1);
                    self.skip_ws();
                }
                if in_obj {
                    let key = self.key_colon()?;
                    v.key(level, key);
                }
                at = At::Value;
                continue;
            }
            let start = self.pos;
            let (kind, text) = match c {
                Some(open @ (b'{' | b'[')) => {
                    if level >= room {
                        return Err(self.err(JsonErrorKind::TooDeep));
                    }
                    let is_obj = open == b'{';
                    let kind = if is_obj {
                        ValueKind::Object
                    } else {
                        ValueKind::Array
                    };
                    v.value(level, kind, start, &[]);
                    level += 1;
                    stack = (stack << 1) | u32::from(is_obj);
                    self.bump(1);
                    at = At::Open;
                    continue;
                }
                Some(b'"') => (ValueKind::String, self.string()?),
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                    (ValueKind::Number, self.since(start))
                }
                Some(c @ (b't' | b'f' | b'n')) => {
                    let (lit, kind): (&[u8], _) = match c {
                        b't' => (b"true", ValueKind::Bool),
                        b'f' => (b"false", ValueKind::Bool),
                        _ => (b"null", ValueKind::Null),
                    };
                    self.literal(lit)?;
                    (kind, self.since(start))
                }
                _ => return Err(self.err_at(JsonErrorKind::UnexpectedByte)),
            };
            v.value(level, kind, start, text);
            if level == 0 {
                return Ok(());
            }
            at = At::After;
        }
    }
}

/// What [`Scanner::walk`] reports, in document order. Every method does nothing
/// by default; `()` is the visitor that only validates.
pub trait Visitor<'a> {
    /// A member name (raw, between the quotes) of the object at `level`; its
    /// value comes next.
    fn key(&mut self, level: usize, key: &'a [u8]) {
        let _ = (level, key);
    }
    /// A value at `level` whose first byte is at offset `at`: a complete
    /// scalar, whose `text` is for a string the raw bytes between the quotes
    /// and for the others the exact text; or an object or array that opens
    /// here (`text` empty), whose members follow and then [`Self::close`].
    fn value(&mut self, level: usize, kind: ValueKind, at: usize, text: &'a [u8]) {
        let _ = (level, kind, at, text);
    }
    /// The object or array at `level` has closed; `end` is the offset just
    /// past its bracket.
    fn close(&mut self, level: usize, kind: ValueKind, end: usize) {
        let _ = (level, kind, end);
    }
}

impl Visitor<'_> for () {}

/// Validates that `buf` holds exactly one JSON value (any type), optionally
/// surrounded by whitespace.
pub fn validate(buf: &[u8]) -> Result<(), JsonError> {
    let mut sc = Scanner::new(buf);
    sc.value(0)?;
    sc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &[u8]) -> bool {
        validate(s).is_ok()
    }

    fn kind(s: &[u8]) -> JsonErrorKind {
        validate(s).unwrap_err().kind
    }

    #[test]
    fn accepts_scalars_and_containers() {
        for s in [
            &b"0"[..],
            b"-0",
            b"12",
            b"-12.5e+3",
            b"1E9",
            b"0.25",
            b"true",
            b"false",
            b"null",
            b"\"\"",
            b"\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
            b"\"\\u00e9\\uD83D\\uDE00\"",
            b"{}",
            b"[]",
            b" \t\r\n{ \"a\" : [ 1 , 2 , { } , [ ] ] , \"b\" : null } \n",
            "\"h\u{e9}llo \u{1F600} \u{800} \u{FFFF}\"".as_bytes(),
        ] {
            assert!(ok(s), "{:?}", core::str::from_utf8(s));
        }
    }

    #[test]
    fn rejects_bad_grammar() {
        for s in [
            &b""[..],
            b" ",
            b"{",
            b"}",
            b"{,}",
            b"{\"a\"}",
            b"{\"a\":}",
            b"{\"a\":1,}",
            b"[1,]",
            b"[,1]",
            b"[1 2]",
            b"{\"a\" 1}",
            b"{1:2}",
            b"{'a':1}",
            b"[1}",
            b"{\"a\":1]",
            b"01",
            b"-",
            b"+1",
            b"1.",
            b".5",
            b"1e",
            b"1e+",
            b"NaN",
            b"Infinity",
            b"tru",
            b"truex",
            b"nul",
            b"True",
            b"{} {}",
            b"[] x",
            b"\"abc",
            b"\"\\x\"",
            b"\"\\u12\"",
            b"\"\\u00zz\"",
            b"\"\\u0000\"",
            b"\"\\uDC00\"",
            b"\"\\uD800\"",
            b"\"\\uD800\\u0041\"",
            b"\"\\uD800x\"",
            b"\"a\tb\"",
            b"\"a\nb\"",
            b"\"\x00\"",
            b"\"\x1f\"",
            b"\"\x80\"",
            b"\"\xc0\xaf\"",
            b"\"\xc3\"",
            b"\"\xed\xa0\x80\"",
            b"\"\xf4\x90\x80\x80\"",
            b"\"\xff\"",
            b"\xef\xbb\xbf{}",
        ] {
            assert!(validate(s).is_err(), "{:?}", s);
        }
    }

    #[test]
    fn error_kinds() {
        assert_eq!(kind(b""), JsonErrorKind::UnexpectedEnd);
        assert_eq!(kind(b"{\"a\":1"), JsonErrorKind::UnexpectedEnd);
        assert_eq!(kind(b"\"ab"), JsonErrorKind::UnexpectedEnd);
        assert_eq!(kind(b"\"\\u00"), JsonErrorKind::UnexpectedEnd);
        assert_eq!(kind(b"\"\\uD800\\"), JsonErrorKind::UnexpectedEnd);
        assert_eq!(kind(b"\"\xe2\x82"), JsonErrorKind::UnexpectedEnd);
        assert_eq!(kind(b"\"\xe2\x28\xa1\""), JsonErrorKind::InvalidUtf8);
        assert_eq!(kind(b"\"\\q\""), JsonErrorKind::InvalidEscape);
        assert_eq!(kind(b"\"\x01\""), JsonErrorKind::ControlCharacter);
        assert_eq!(kind(b"-x"), JsonErrorKind::InvalidNumber);
        assert_eq!(kind(b"1 2"), JsonErrorKind::TrailingData);
        assert_eq!(kind(b"[1 2]"), JsonErrorKind::UnexpectedByte);
        let e = validate(b"[1, x]").unwrap_err();
        assert_eq!(e.offset, 4);
    }

    #[test]
    fn depth_limit() {
        let mut deep = [0u8; 2 * MAX_DEPTH];
        deep[..MAX_DEPTH].fill(b'[');
        deep[MAX_DEPTH..].fill(b']');
        assert!(ok(&deep));
        let mut deeper = [0u8; 2 * MAX_DEPTH + 2];
        deeper[..=MAX_DEPTH].fill(b'[');
        deeper[MAX_DEPTH + 1..].fill(b']');
        assert_eq!(kind(&deeper), JsonErrorKind::TooDeep);
        let many = [b'['; 10_000];
        assert_eq!(kind(&many), JsonErrorKind::TooDeep);
        let mut objs = std::vec::Vec::new();
        for _ in 0..10_000 {
            objs.extend_from_slice(b"{\"a\":");
        }
        assert_eq!(kind(&objs), JsonErrorKind::TooDeep);
    }

    #[test]
    fn depth_counts_enclosing_levels() {
        let mut sc = Scanner::new(b"[[1]]");
        assert_eq!(
            sc.value(MAX_DEPTH - 1).unwrap_err().kind,
            JsonErrorKind::TooDeep
        );
        let mut sc = Scanner::new(b"[[1]]");
        assert!(sc.value(MAX_DEPTH - 2).is_ok());
        // Scalars never count.
        let mut sc = Scanner::new(b"1");
        assert!(sc.value(MAX_DEPTH + 5).is_ok());
    }

    #[test]
    fn value_text_is_raw() {
        let doc = br#"{"s":"a\nb","n":-1.5e3,"o":{"x":[1,2]},"a":[ ],"t":true,"z":null}"#;
        let mut sc = Scanner::new(doc);
        sc.begin_object().unwrap();
        let mut first = true;
        let mut got = std::vec::Vec::new();
        while let Some(k) = sc.next_key(&mut first).unwrap() {
            let v = sc.value(1).unwrap();
            got.push((k, v.kind, v.text));
        }
        sc.finish().unwrap();
        assert_eq!(
            got,
            [
                (&b"s"[..], ValueKind::String, &br"a\nb"[..]),
                (b"n", ValueKind::Number, b"-1.5e3"),
                (b"o", ValueKind::Object, br#"{"x":[1,2]}"#),
                (b"a", ValueKind::Array, b"[ ]"),
                (b"t", ValueKind::Bool, b"true"),
                (b"z", ValueKind::Null, b"null"),
            ]
        );
    }

    #[test]
    fn array_walk() {
        let mut sc = Scanner::new(b"[ 1 , \"x\" ]");
        sc.begin_array().unwrap();
        let mut first = true;
        let mut n = 0;
        while sc.next_element(&mut first).unwrap() {
            sc.value(1).unwrap();
            n += 1;
        }
        assert_eq!(n, 2);
        sc.finish().unwrap();

        let mut sc = Scanner::new(b"[]");
        sc.begin_array().unwrap();
        let mut first = true;
        assert!(!sc.next_element(&mut first).unwrap());

        let mut sc = Scanner::new(b"[1,]");
        sc.begin_array().unwrap();
        let mut first = true;
        assert!(sc.next_element(&mut first).unwrap());
        sc.value(1).unwrap();
        assert!(sc.next_element(&mut first).unwrap());
        assert!(sc.value(1).is_err());
    }

    #[test]
    fn since_out_of_range_is_empty() {
        let sc = Scanner::new(b"abc");
        assert_eq!(sc.since(10), b"");
        assert_eq!(sc.offset(), 0);
    }

    #[test]
    fn plain_run_matches_bytewise() {
        let mut rng = super::super::test_rng::Rng::new(1);
        let alphabet = b"aZ09 ~\x7f\x1f\x20\"\\\x80\xff!#[]{}";
        for _ in 0..20_000 {
            let len = rng.below(64);
            let s = rng.bytes(len, alphabet);
            let slow = s.iter().take_while(|&&b| !is_special(b)).count();
            assert_eq!(plain_run(&s), slow, "{s:02x?}");
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = super::super::test_rng::Rng::new(2);
        for _ in 0..20_000 {
            let len = rng.below(256);
            let data = rng.bytes(len, b"");
            let _ = validate(&data);
        }
    }

    #[test]
    fn plain_run_every_position() {
        for special in [0u8, 0x1f, b'"', b'\\', 0x80, 0xff] {
            for at in 0..24 {
                let mut s = [b'a'; 24];
                s[at] = special;
                assert_eq!(plain_run(&s), at);
            }
        }
        assert_eq!(plain_run(&[b' '; 19]), 19);
        assert_eq!(plain_run(b""), 0);
    }

    #[test]
    fn utf8_agrees_with_core() {
        // Every 1..=3 byte sequence after a lead byte: the scanner must agree
        // with core::str::from_utf8 on well-formedness.
        for a in 0x80u16..=0xff {
            for b in 0u16..=0xff {
                for c in [0x00u8, 0x80, 0xbf, 0xc0] {
                    let bytes = [b'"', a as u8, b as u8, c, b'"'];
                    let inner = &bytes[1..4];
                    let expect = core::str::from_utf8(inner)
                        .map(|s| {
                            !s.chars()
                                .any(|ch| (ch as u32) < 0x20 || ch == '"' || ch == '\\')
                        })
                        .unwrap_or(false);
                    assert_eq!(ok(&bytes), expect, "{:02x?}", inner);
                }
            }
        }
    }
}
