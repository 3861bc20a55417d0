//! Minimal DER writing and reading, enough for a self-signed certificate and
//! for finding the public key inside one.

/// Encodes one TLV with a short (single-byte) tag.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// SEQUENCE of already-encoded parts.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// SET of already-encoded parts.
pub fn set(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}

/// Non-negative INTEGER from big-endian magnitude bytes.
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: &[u8] = {
        let skip = magnitude.iter().take_while(|&&b| b == 0).count();
        &magnitude[skip.min(magnitude.len().saturating_sub(1))..]
    };
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(0x02, &content)
}

/// OBJECT IDENTIFIER from its arcs.
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut content = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7F) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7F) as u8);
            v >>= 7;
        }
        content.extend(tmp.iter().rev());
    };
    push(arcs[0] * 40 + arcs[1]);
    arcs[2..].iter().for_each(|&a| push(a));
    tlv(0x06, &content)
}

/// BIT STRING with no unused bits.
pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut content = vec![0];
    content.extend_from_slice(bytes);
    tlv(0x03, &content)
}

/// Context-specific constructed (EXPLICIT) tag `[n]`.
pub fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xA0 | n, inner)
}

/// Reads one TLV at the start of `input`: (tag, content, rest).
pub fn read(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7F) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// Finds the SubjectPublicKeyInfo (full TLV) inside a DER X.509 certificate.
pub fn certificate_spki(cert: &[u8]) -> Option<Vec<u8>> {
    let (_, cert_body, _) = read(cert)?;
    let (_, mut tbs, _) = read(cert_body)?;
    // Skip the optional [0] version, then serial, signature, issuer, validity, subject.
    if tbs.first() == Some(&0xA0) {
        tbs = read(tbs)?.2;
    }
    for _ in 0..5 {
        tbs = read(tbs)?.2;
    }
    let (tag, content, _) = read(tbs)?;
    (tag == 0x30).then(|| tlv(0x30, content))
}
