//! Code-signing keys: ECDSA P-256 with SHA-256, PEM files, DER signatures and an
//! optional self-signed X.509 certificate for the signer.
//!
//! Signatures are DER `ECDSA-Sig-Value`s over SHA-256 of the file, the same
//! bytes `openssl dgst -sha256 -sign key.pem` writes.

use crate::der;
use p256::ecdsa::Signature;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use sha2::{Digest, Sha256};

pub use p256::ecdsa::{SigningKey, VerifyingKey};

/// Makes a new random P-256 key.
pub fn generate_key() -> SigningKey {
    SigningKey::random(&mut rand_core::OsRng)
}

/// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
pub fn private_key_pem(key: &SigningKey) -> Result<String, String> {
    key.to_pkcs8_pem(LineEnding::LF)
        .map(|p| p.to_string())
        .map_err(|e| format!("cannot encode the private key: {e}"))
}

/// The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
pub fn public_key_pem(key: &VerifyingKey) -> Result<String, String> {
    key.to_public_key_pem(LineEnding::LF)
        .map_err(|e| format!("cannot encode the public key: {e}"))
}

/// The base64 body of the PEM block labelled `label`, decoded.
fn pem_block(pem: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin)? + begin.len();
    let stop = start + pem[start..].find(&end)?;
    crate::base64::decode(&pem[start..stop])
}

/// Reads a P-256 private key from PKCS#8 (`PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) PEM,
/// as written by this tool or by `openssl ecparam -genkey` / `openssl genpkey`.
pub fn load_private_key(pem: &str) -> Result<SigningKey, String> {
    if let Some(der) = pem_block(pem, "PRIVATE KEY") {
        return SigningKey::from_pkcs8_der(&der).map_err(|e| format!("bad PKCS#8 P-256 key: {e}"));
    }
    if let Some(der) = pem_block(pem, "EC PRIVATE KEY") {
        let secret =
            p256::SecretKey::from_sec1_der(&der).map_err(|e| format!("bad SEC1 P-256 key: {e}"))?;
        return Ok(SigningKey::from(secret));
    }
    Err("no PRIVATE KEY or EC PRIVATE KEY block found".into())
}

/// Reads a P-256 public key from SubjectPublicKeyInfo PEM or from a certificate PEM.
pub fn load_public_key(pem: &str) -> Result<VerifyingKey, String> {
    let spki = if let Some(der) = pem_block(pem, "PUBLIC KEY") {
        der
    } else if let Some(cert) = pem_block(pem, "CERTIFICATE") {
        der::certificate_spki(&cert).ok_or("cannot find the public key in the certificate")?
    } else {
        return Err("no PUBLIC KEY or CERTIFICATE block found".into());
    };
    VerifyingKey::from_public_key_der(&spki).map_err(|e| format!("bad P-256 public key: {e}"))
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// DER-encoded ECDSA-P256-SHA256 signature of `data`.
pub fn sign_der(key: &SigningKey, data: &[u8]) -> Vec<u8> {
    let sig: Signature = key.sign(data);
    sig.to_der().as_bytes().to_vec()
}

/// Base64 of [`sign_der`]: the value for `sig-sha256-ecdsa` in a job document.
pub fn sign_base64(key: &SigningKey, data: &[u8]) -> String {
    crate::base64::encode(&sign_der(key, data))
}

/// Checks a DER signature over `data`.
pub fn verify_der(key: &VerifyingKey, data: &[u8], signature_der: &[u8]) -> bool {
    Signature::from_der(signature_der).is_ok_and(|sig| key.verify(data, &sig).is_ok())
}

fn utc_time(secs: u64) -> Vec<u8> {
    let (y, mo, d, h, mi, s) = crate::time::civil(secs);
    let text = if (1950..2050).contains(&y) {
        format!("{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z", y % 100)
    } else {
        format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z")
    };
    der::tlv(if text.len() == 13 { 0x17 } else { 0x18 }, text.as_bytes())
}

/// A self-signed X.509 v3 certificate (PEM) for `key`, valid for ten years,
/// with subject and issuer `CN=<common_name>`.
pub fn self_signed_certificate_pem(key: &SigningKey, common_name: &str) -> Result<String, String> {
    let spki = key
        .verifying_key()
        .to_public_key_der()
        .map_err(|e| format!("cannot encode the public key: {e}"))?;
    let ecdsa_sha256 = der::seq(&[&der::oid(&[1, 2, 840, 10045, 4, 3, 2])]);
    let cn = der::tlv(0x0C, common_name.as_bytes());
    let name = der::seq(&[&der::set(&[&der::seq(&[&der::oid(&[2, 5, 4, 3]), &cn])])]);
    let now = crate::time::now_secs();
    let validity = der::seq(&[&utc_time(now - 86_400), &utc_time(now + 10 * 365 * 86_400)]);
    let mut serial = [0u8; 8];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut serial);
    serial[0] &= 0x7F;
    let yes = der::tlv(0x01, &[0xFF]);
    let basic = der::seq(&[
        &der::oid(&[2, 5, 29, 19]),
        &yes,
        &der::tlv(0x04, &der::seq(&[&yes])),
    ]);
    // digitalSignature (bit 0) and keyCertSign (bit 5).
    let usage = der::seq(&[
        &der::oid(&[2, 5, 29, 15]),
        &yes,
        &der::tlv(0x04, &der::tlv(0x03, &[0x02, 0x84])),
    ]);
    let tbs = der::seq(&[
        &der::explicit(0, &der::uint(&[2])),
        &der::uint(&serial),
        &ecdsa_sha256,
        &name,
        &validity,
        &name,
        spki.as_bytes(),
        &der::explicit(3, &der::seq(&[&basic, &usage])),
    ]);
    let signature = sign_der(key, &tbs);
    let cert = der::seq(&[&tbs, &ecdsa_sha256, &der::bit_string(&signature)]);
    let b64 = crate::base64::encode(&cert);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    Ok(pem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_and_pem_round_trip() {
        let key = generate_key();
        let data = b"firmware image";
        let sig = sign_der(&key, data);
        let pk = load_public_key(&public_key_pem(key.verifying_key()).unwrap()).unwrap();
        assert!(verify_der(&pk, data, &sig));
        assert!(!verify_der(&pk, b"firmware imagf", &sig));
        let again = load_private_key(&private_key_pem(&key).unwrap()).unwrap();
        assert_eq!(again.verifying_key(), key.verifying_key());
        let cert = self_signed_certificate_pem(&key, "ota signer").unwrap();
        assert_eq!(&load_public_key(&cert).unwrap(), key.verifying_key());
    }
}
