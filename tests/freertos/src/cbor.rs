//! The service's side of the MQTT stream CBOR messages, small and allocation
//! free: reading the agent's GetStream request, writing data blocks. Written
//! independently of the agent's own codec so the test checks its wire format.

/// A decoded GetStream request.
pub struct Request<'a> {
    /// `"c"` was the text `"rdy"`.
    pub client_ready: bool,
    /// `"f"`: file id.
    pub file: u64,
    /// `"l"`: block size.
    pub block_size: u64,
    /// `"o"`: block offset.
    pub offset: u64,
    /// `"b"`: bitmap of the blocks still wanted (LSB first).
    pub bitmap: &'a [u8],
    /// `"n"`: blocks wanted at most.
    pub count: u64,
}

const UINT: u8 = 0;
const BYTES: u8 = 2;
const TEXT: u8 = 3;
const MAP: u8 = 5;

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Major type and argument of the next item (definite lengths only).
    fn head(&mut self) -> Option<(u8, u64)> {
        let first = *self.b.get(self.pos)?;
        self.pos += 1;
        let (major, info) = (first >> 5, first & 0x1f);
        let n = match info {
            0..=23 => return Some((major, u64::from(info))),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => return None,
        };
        let bytes = self.take(n)?;
        Some((major, bytes.iter().fold(0, |v, &b| (v << 8) | u64::from(b))))
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn string(&mut self, major: u8) -> Option<&'a [u8]> {
        match self.head()? {
            (m, len) if m == major => self.take(usize::try_from(len).ok()?),
            _ => None,
        }
    }

    fn uint(&mut self) -> Option<u64> {
        match self.head()? {
            (UINT, v) => Some(v),
            _ => None,
        }
    }
}

/// Reads a GetStream request. It must be exactly the six-pair map the service
/// documents, keys in the agent's order `c f l o b n`, with nothing after it.
pub fn decode_request(msg: &[u8]) -> Option<Request<'_>> {
    let mut r = Reader { b: msg, pos: 0 };
    if r.head()? != (MAP, 6) {
        return None;
    }
    let mut req = Request {
        client_ready: false,
        file: 0,
        block_size: 0,
        offset: 0,
        bitmap: &[],
        count: 0,
    };
    for expected in [b"c", b"f", b"l", b"o", b"b", b"n"] {
        if r.string(TEXT)? != expected {
            return None;
        }
        match expected {
            b"c" => req.client_ready = r.string(TEXT)? == b"rdy",
            b"f" => req.file = r.uint()?,
            b"l" => req.block_size = r.uint()?,
            b"o" => req.offset = r.uint()?,
            b"b" => req.bitmap = r.string(BYTES)?,
            _ => req.count = r.uint()?,
        }
    }
    (r.pos == msg.len()).then_some(req)
}

struct Writer<'a> {
    out: &'a mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(bytes.len())?;
        self.out.get_mut(self.pos..end)?.copy_from_slice(bytes);
        self.pos = end;
        Some(())
    }

    /// An item head in its shortest form.
    fn head(&mut self, major: u8, v: u64) -> Option<()> {
        let m = major << 5;
        match v {
            0..=23 => self.put(&[m | v as u8]),
            24..=0xff => self.put(&[m | 24, v as u8]),
            0x100..=0xffff => {
                self.put(&[m | 25])?;
                self.put(&(v as u16).to_be_bytes())
            }
            0x1_0000..=0xffff_ffff => {
                self.put(&[m | 26])?;
                self.put(&(v as u32).to_be_bytes())
            }
            _ => {
                self.put(&[m | 27])?;
                self.put(&v.to_be_bytes())
            }
        }
    }

    fn key(&mut self, k: &[u8]) -> Option<()> {
        self.head(TEXT, k.len() as u64)?;
        self.put(k)
    }
}

/// Writes the data block message `{"f", "i", "l", "p"}` into `out`; returns its
/// length, or `None` if `out` is too short.
pub fn encode_block(out: &mut [u8], file: u32, block: u32, payload: &[u8]) -> Option<usize> {
    let mut w = Writer { out, pos: 0 };
    w.head(MAP, 4)?;
    w.key(b"f")?;
    w.head(UINT, u64::from(file))?;
    w.key(b"i")?;
    w.head(UINT, u64::from(block))?;
    w.key(b"l")?;
    w.head(UINT, payload.len() as u64)?;
    w.key(b"p")?;
    w.head(BYTES, payload.len() as u64)?;
    w.put(payload)?;
    Some(w.pos)
}
