//! The small subset of CBOR (RFC 8949) used by AWS IoT MQTT file streams:
//! definite-length maps, text and byte strings, integers and simple values.

/// A decoded CBOR data item.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Unsigned or negative integer.
    Int(i128),
    /// Byte string.
    Bytes(Vec<u8>),
    /// Text string.
    Text(String),
    /// Array.
    Array(Vec<Value>),
    /// Map, in wire order.
    Map(Vec<(Value, Value)>),
    /// `true` / `false`.
    Bool(bool),
    /// `null` or `undefined`.
    Null,
    /// Floating-point number.
    Float(f64),
}

impl Value {
    /// Looks up a text key in a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| matches!(k, Value::Text(t) if t == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
    /// The integer value, if this is an integer.
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }
    /// The text, if this is a text string.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xFF => out.extend_from_slice(&[m | 24, n as u8]),
        0x100..=0xFFFF => {
            out.push(m | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        0x1_0000..=0xFFFF_FFFF => {
            out.push(m | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
}

/// Encodes `v` (integers outside the 64-bit CBOR range are clamped).
pub fn encode(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(&mut out, v);
    out
}

fn encode_into(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Int(i) if *i >= 0 => head(out, 0, u64::try_from(*i).unwrap_or(u64::MAX)),
        Value::Int(i) => head(out, 1, u64::try_from(-1 - *i).unwrap_or(u64::MAX)),
        Value::Bytes(b) => {
            head(out, 2, b.len() as u64);
            out.extend_from_slice(b);
        }
        Value::Text(t) => {
            head(out, 3, t.len() as u64);
            out.extend_from_slice(t.as_bytes());
        }
        Value::Array(items) => {
            head(out, 4, items.len() as u64);
            items.iter().for_each(|i| encode_into(out, i));
        }
        Value::Map(pairs) => {
            head(out, 5, pairs.len() as u64);
            for (k, v) in pairs {
                encode_into(out, k);
                encode_into(out, v);
            }
        }
        Value::Bool(b) => out.push(if *b { 0xF5 } else { 0xF4 }),
        Value::Null => out.push(0xF6),
        Value::Float(f) => {
            out.push(0xFB);
            out.extend_from_slice(&f.to_be_bytes());
        }
    }
}

/// Shorthand for a map with text keys.
pub fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(
        pairs
            .into_iter()
            .map(|(k, v)| (Value::Text(k.to_string()), v))
            .collect(),
    )
}

/// Decodes exactly one data item filling all of `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut d = Decoder { buf: bytes, pos: 0 };
    let v = d.item(0)?;
    if d.pos != bytes.len() {
        return Err(format!(
            "{} trailing bytes after the CBOR item",
            bytes.len() - d.pos
        ));
    }
    Ok(v)
}

struct Decoder<'a> {
    buf: &'a [u8],
    pos: usize,
}

const MAX_DEPTH: usize = 16;

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or("truncated CBOR")?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn arg(&mut self, info: u8) -> Result<u64, String> {
        Ok(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes(
                self.take(2)?.try_into().map_err(|_| "cbor")?,
            )),
            26 => u64::from(u32::from_be_bytes(
                self.take(4)?.try_into().map_err(|_| "cbor")?,
            )),
            27 => u64::from_be_bytes(self.take(8)?.try_into().map_err(|_| "cbor")?),
            _ => return Err("indefinite lengths and reserved values are not supported".into()),
        })
    }

    fn len(&mut self, info: u8) -> Result<usize, String> {
        let n = self.arg(info)?;
        let n = usize::try_from(n).map_err(|_| "length too large")?;
        if n > self.buf.len() - self.pos {
            return Err("length exceeds the message".into());
        }
        Ok(n)
    }

    fn item(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("CBOR nested too deeply".into());
        }
        let b = self.take(1)?[0];
        let (major, info) = (b >> 5, b & 0x1F);
        Ok(match major {
            0 => Value::Int(i128::from(self.arg(info)?)),
            1 => Value::Int(-1 - i128::from(self.arg(info)?)),
            2 => {
                let n = self.len(info)?;
                Value::Bytes(self.take(n)?.to_vec())
            }
            3 => {
                let n = self.len(info)?;
                let t = std::str::from_utf8(self.take(n)?).map_err(|_| "text is not UTF-8")?;
                Value::Text(t.to_string())
            }
            4 => {
                let n = self.len(info)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.item(depth + 1)?);
                }
                Value::Array(items)
            }
            5 => {
                let n = self.len(info)?;
                let mut pairs = Vec::with_capacity(n);
                for _ in 0..n {
                    let k = self.item(depth + 1)?;
                    let v = self.item(depth + 1)?;
                    pairs.push((k, v));
                }
                Value::Map(pairs)
            }
            6 => {
                self.arg(info)?; // tag number: ignored, the tagged item is returned
                self.item(depth + 1)?
            }
            _ => match info {
                20 => Value::Bool(false),
                21 => Value::Bool(true),
                22 | 23 => Value::Null,
                25 => {
                    let h = u16::from_be_bytes(self.take(2)?.try_into().map_err(|_| "cbor")?);
                    Value::Float(half_to_f64(h))
                }
                26 => Value::Float(f64::from(f32::from_be_bytes(
                    self.take(4)?.try_into().map_err(|_| "cbor")?,
                ))),
                27 => Value::Float(f64::from_be_bytes(
                    self.take(8)?.try_into().map_err(|_| "cbor")?,
                )),
                _ => return Err(format!("unsupported CBOR simple value {info}")),
            },
        })
    }
}

fn half_to_f64(h: u16) -> f64 {
    let exp = (h >> 10) & 0x1F;
    let mant = f64::from(h & 0x3FF);
    let v = match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (mant + 1024.0) * 2f64.powi(i32::from(e) - 25),
    };
    if h & 0x8000 != 0 { -v } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_agent_request_example() {
        // 10240-byte file, 4 KiB blocks, n = 1 (from the protocol description).
        let bytes = [
            0xA6, 0x61, 0x63, 0x63, 0x72, 0x64, 0x79, 0x61, 0x66, 0x00, 0x61, 0x6C, 0x19, 0x10,
            0x00, 0x61, 0x6F, 0x00, 0x61, 0x62, 0x41, 0x07, 0x61, 0x6E, 0x01,
        ];
        let v = decode(&bytes).unwrap();
        assert_eq!(v.get("c").and_then(Value::as_text), Some("rdy"));
        assert_eq!(v.get("l").and_then(Value::as_int), Some(4096));
        assert_eq!(v.get("b").and_then(Value::as_bytes), Some(&[7u8][..]));
        assert_eq!(v.get("n").and_then(Value::as_int), Some(1));
        assert_eq!(encode(&v), bytes);
    }

    #[test]
    fn round_trips_and_rejects_garbage() {
        let v = map(vec![
            ("i", Value::Int(70_000)),
            ("neg", Value::Int(-500)),
            ("p", Value::Bytes(vec![1; 300])),
            (
                "a",
                Value::Array(vec![Value::Bool(true), Value::Null, Value::Float(1.5)]),
            ),
        ]);
        assert_eq!(decode(&encode(&v)).unwrap(), v);
        assert!(decode(&[0xA1, 0x61]).is_err());
        assert!(decode(&[0x5A, 0xFF, 0xFF, 0xFF, 0xFF]).is_err());
        assert!(decode(&[0x9F]).is_err());
        assert!(decode(&[0x00, 0x00]).is_err());
        assert!(decode(&[0x81; 64]).is_err());
    }
}
