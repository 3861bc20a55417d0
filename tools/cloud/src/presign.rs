//! Pre-signed-looking download URLs: `/ota/<file>?X-Amz-...&X-Amz-Signature=<hex>`.
//!
//! The signature is SHA-256 over a per-server secret, the path, the date and
//! the expiry; it only has to be unguessable and checkable by this server.

use crate::time;
use sha2::{Digest, Sha256};

/// Why a URL was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum UrlError {
    /// Missing or malformed query parameters.
    Malformed,
    /// The signature does not match.
    BadSignature,
    /// `X-Amz-Date + X-Amz-Expires` is in the past.
    Expired,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn signature(secret: &[u8], path: &str, date: &str, expires: u64) -> String {
    let mut h = Sha256::new();
    h.update(secret);
    h.update(format!("\n{path}\n{date}\n{expires}").as_bytes());
    hex(&h.finalize())
}

/// The query string for `path`, signed at `now` and valid for `expires` seconds.
pub fn query(secret: &[u8], path: &str, now: u64, expires: u64) -> String {
    let date = time::amz_date(now);
    let sig = signature(secret, path, &date, expires);
    format!(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={date}&X-Amz-Expires={expires}\
         &X-Amz-SignedHeaders=host&X-Amz-Signature={sig}"
    )
}

/// Checks the query string of a request for `path` at time `now`.
pub fn check(secret: &[u8], path: &str, query: &str, now: u64) -> Result<(), UrlError> {
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    };
    let date = param("X-Amz-Date").ok_or(UrlError::Malformed)?;
    let expires: u64 = param("X-Amz-Expires")
        .and_then(|e| e.parse().ok())
        .ok_or(UrlError::Malformed)?;
    let sig = param("X-Amz-Signature").ok_or(UrlError::Malformed)?;
    let signed_at = time::parse_amz_date(date).ok_or(UrlError::Malformed)?;
    if sig != signature(secret, path, date, expires) {
        return Err(UrlError::BadSignature);
    }
    if now > signed_at.saturating_add(expires) {
        return Err(UrlError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_check() {
        let q = query(b"k", "/ota/a.bin", 1_700_000_000, 60);
        assert_eq!(check(b"k", "/ota/a.bin", &q, 1_700_000_030), Ok(()));
        assert_eq!(
            check(b"k", "/ota/a.bin", &q, 1_700_000_061),
            Err(UrlError::Expired)
        );
        assert_eq!(
            check(b"k", "/ota/b.bin", &q, 1_700_000_030),
            Err(UrlError::BadSignature)
        );
        assert_eq!(
            check(b"x", "/ota/a.bin", &q, 1_700_000_030),
            Err(UrlError::BadSignature)
        );
        let tampered = q.replace("X-Amz-Expires=60", "X-Amz-Expires=6000");
        assert_eq!(
            check(b"k", "/ota/a.bin", &tampered, 1_700_000_061),
            Err(UrlError::BadSignature)
        );
        assert_eq!(check(b"k", "/ota/a.bin", "", 0), Err(UrlError::Malformed));
    }
}
