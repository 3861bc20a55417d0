//! AWS IoT MQTT-based file delivery (GetStream, CBOR): request decoding,
//! block selection from the bitmap, and the data and rejection messages.

use crate::cbor::{self, Value};

/// Smallest block size AWS IoT streams accept.
pub const MIN_BLOCK_SIZE: u32 = 256;
/// Largest block size AWS IoT streams accept.
pub const MAX_BLOCK_SIZE: u32 = 128 * 1024;

/// A decoded GetStream request (`{"c","s","f","l","o","b","n"}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetStreamRequest {
    /// `c`: client token, echoed in every answer.
    pub client_token: Option<String>,
    /// `s`: stream version, if given.
    pub stream_version: Option<i128>,
    /// `f`: file id within the stream.
    pub file_id: u32,
    /// `l`: block size in bytes.
    pub block_size: u32,
    /// `o`: index of the first block the bitmap (or the range) refers to.
    pub offset: u32,
    /// `b`: bitmap of wanted blocks, bit `j` (LSB first per byte) = block `o + j`.
    pub bitmap: Option<Vec<u8>>,
    /// `n`: most blocks to send.
    pub num_blocks: Option<u32>,
}

fn small_int(v: Option<&Value>, key: &str) -> Result<Option<u32>, String> {
    match v {
        None => Ok(None),
        Some(Value::Int(i)) => u32::try_from(*i)
            .map(Some)
            .map_err(|_| format!("\"{key}\" out of range")),
        Some(_) => Err(format!("\"{key}\" is not an integer")),
    }
}

/// Decodes a GetStream request payload.
pub fn parse_request(bytes: &[u8]) -> Result<GetStreamRequest, String> {
    let v = cbor::decode(bytes)?;
    if !matches!(v, Value::Map(_)) {
        return Err("request is not a CBOR map".into());
    }
    let client_token = match v.get("c") {
        None => None,
        Some(Value::Text(t)) => Some(t.clone()),
        Some(_) => return Err("\"c\" is not a text string".into()),
    };
    let bitmap = match v.get("b") {
        None => None,
        Some(Value::Bytes(b)) => Some(b.clone()),
        Some(_) => return Err("\"b\" is not a byte string".into()),
    };
    Ok(GetStreamRequest {
        client_token,
        stream_version: v.get("s").and_then(Value::as_int),
        file_id: small_int(v.get("f"), "f")?.ok_or("missing \"f\"")?,
        block_size: small_int(v.get("l"), "l")?.ok_or("missing \"l\"")?,
        offset: small_int(v.get("o"), "o")?.unwrap_or(0),
        bitmap,
        num_blocks: small_int(v.get("n"), "n")?,
    })
}

/// Number of blocks of a `file_len`-byte file at `block_size`.
pub fn block_count(file_len: usize, block_size: u32) -> u32 {
    u32::try_from(file_len.div_ceil(block_size.max(1) as usize)).unwrap_or(u32::MAX)
}

/// The block indices to send for `req` on a file of `file_len` bytes, in ascending order.
pub fn select_blocks(req: &GetStreamRequest, file_len: usize) -> Result<Vec<u32>, String> {
    if !(MIN_BLOCK_SIZE..=MAX_BLOCK_SIZE).contains(&req.block_size) {
        return Err(format!(
            "block size {} outside {MIN_BLOCK_SIZE}..={MAX_BLOCK_SIZE}",
            req.block_size
        ));
    }
    let total = block_count(file_len, req.block_size);
    if req.offset >= total && total > 0 {
        return Err(format!(
            "offset {} beyond the last block {}",
            req.offset,
            total - 1
        ));
    }
    let mut out = Vec::new();
    match &req.bitmap {
        Some(bitmap) => {
            let limit = req.num_blocks.unwrap_or(u32::MAX) as usize;
            'bytes: for (byte_index, byte) in bitmap.iter().enumerate() {
                for bit in 0..8u64 {
                    let idx = u64::from(req.offset) + byte_index as u64 * 8 + bit;
                    if idx >= u64::from(total) || out.len() >= limit {
                        break 'bytes;
                    }
                    if byte & (1 << bit) != 0 {
                        out.push(idx as u32);
                    }
                }
            }
        }
        None => {
            let n = req.num_blocks.unwrap_or(1);
            out.extend((req.offset..total).take(n as usize));
        }
    }
    Ok(out)
}

/// Blocks the device already holds according to the request's bitmap (cleared bits
/// among the blocks the bitmap covers plus those before `o`), or `None` without a bitmap.
pub fn blocks_held(req: &GetStreamRequest, total: u32) -> Option<u32> {
    let bitmap = req.bitmap.as_ref()?;
    let wanted = (0..bitmap.len() as u64 * 8)
        .filter(|j| u64::from(req.offset) + j < u64::from(total))
        .filter(|&j| bitmap[(j / 8) as usize] & (1 << (j % 8)) != 0)
        .count() as u32;
    Some(total.saturating_sub(wanted))
}

/// The payload of block `index`: `{"c","f","i","l","p"}`, with `l` the real length.
pub fn encode_block(token: Option<&str>, file_id: u32, index: u32, payload: &[u8]) -> Vec<u8> {
    let mut pairs = Vec::with_capacity(5);
    if let Some(t) = token {
        pairs.push(("c", Value::Text(t.to_string())));
    }
    pairs.push(("f", Value::Int(i128::from(file_id))));
    pairs.push(("i", Value::Int(i128::from(index))));
    pairs.push(("l", Value::Int(payload.len() as i128)));
    pairs.push(("p", Value::Bytes(payload.to_vec())));
    cbor::encode(&cbor::map(pairs))
}

/// The payload of a `.../rejected/cbor` answer: `{"o": code, "m": message, "c": token}`.
pub fn encode_rejected(token: Option<&str>, code: &str, message: &str) -> Vec<u8> {
    let mut pairs = vec![
        ("o", Value::Text(code.to_string())),
        ("m", Value::Text(message.to_string())),
    ];
    if let Some(t) = token {
        pairs.push(("c", Value::Text(t.to_string())));
    }
    cbor::encode(&cbor::map(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(bitmap: Option<Vec<u8>>, offset: u32, n: Option<u32>) -> GetStreamRequest {
        GetStreamRequest {
            client_token: Some("rdy".into()),
            stream_version: None,
            file_id: 0,
            block_size: 256,
            offset,
            bitmap,
            num_blocks: n,
        }
    }

    #[test]
    fn bitmap_selection_is_lsb_first_and_limited() {
        // 10 blocks (2560 bytes); want blocks 0, 2, 8, 9.
        let r = req(Some(vec![0b0000_0101, 0b0000_0011]), 0, Some(8));
        assert_eq!(select_blocks(&r, 2560).unwrap(), vec![0, 2, 8, 9]);
        let r = req(Some(vec![0xFF, 0xFF]), 0, Some(3));
        assert_eq!(select_blocks(&r, 2500).unwrap(), vec![0, 1, 2]);
        // Bits past the last block are ignored.
        let r = req(Some(vec![0xFF, 0xFF]), 0, None);
        assert_eq!(
            select_blocks(&r, 2500).unwrap(),
            (0..10).collect::<Vec<_>>()
        );
        assert_eq!(blocks_held(&r, 10), Some(0));
        // Offset shifts the indices.
        let r = req(Some(vec![0b10]), 4, Some(1));
        assert_eq!(select_blocks(&r, 2560).unwrap(), vec![5]);
        // No bitmap: n blocks from o.
        assert_eq!(
            select_blocks(&req(None, 8, Some(5)), 2560).unwrap(),
            vec![8, 9]
        );
        let mut bad = req(None, 0, None);
        bad.block_size = 16;
        assert!(select_blocks(&bad, 2560).is_err());
        assert!(select_blocks(&req(None, 10, None), 2560).is_err());
    }

    #[test]
    fn request_and_block_encoding() {
        let bytes = cbor::encode(&cbor::map(vec![
            ("c", Value::Text("rdy".into())),
            ("f", Value::Int(0)),
            ("l", Value::Int(4096)),
            ("o", Value::Int(0)),
            ("b", Value::Bytes(vec![0x07])),
            ("n", Value::Int(1)),
        ]));
        let r = parse_request(&bytes).unwrap();
        assert_eq!(
            (r.block_size, r.bitmap.as_deref(), r.num_blocks),
            (4096, Some(&[7u8][..]), Some(1))
        );
        assert_eq!(blocks_held(&r, 3), Some(0));
        let block = cbor::decode(&encode_block(Some("rdy"), 0, 2, b"abc")).unwrap();
        assert_eq!(block.get("i").and_then(Value::as_int), Some(2));
        assert_eq!(block.get("l").and_then(Value::as_int), Some(3));
        assert_eq!(block.get("p").and_then(Value::as_bytes), Some(&b"abc"[..]));
        assert!(parse_request(&[0xA0]).is_err());
        assert!(parse_request(b"{}").is_err());
    }
}
