//! Signing keys and signatures through the `ota-cloud` command line, checked
//! against p256 and, when installed, the `openssl` command line.

use ota_cloud::signing;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ota-cloud");

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ota-cloud-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().expect("command runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn keygen_sign_verify_round_trip() {
    let d = tmpdir("roundtrip");
    let (key, public, cert, img) = (
        d.join("key.pem"),
        d.join("key.pub.pem"),
        d.join("cert.pem"),
        d.join("image.bin"),
    );
    std::fs::write(&img, (0..100_000u32).map(|i| i as u8).collect::<Vec<_>>()).unwrap();
    let (ok, out) = run(Command::new(BIN).args(["keygen", "--out", p(&key), "--cert", p(&cert)]));
    assert!(ok, "{out}");
    let pub_pem = std::fs::read_to_string(&public).unwrap();
    assert!(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    let (ok, sig) = run(Command::new(BIN).args(["sign", "--key", p(&key), "--in", p(&img)]));
    assert!(ok, "{sig}");
    let sig = sig.trim().to_string();
    let der = ota_cloud::base64::decode(&sig).unwrap();
    assert_eq!(der[0], 0x30, "DER SEQUENCE");
    let vk = signing::load_public_key(&pub_pem).unwrap();
    let data = std::fs::read(&img).unwrap();
    assert!(signing::verify_der(&vk, &data, &der));
    let from_cert = signing::load_public_key(&std::fs::read_to_string(&cert).unwrap()).unwrap();
    assert_eq!(from_cert, vk);
    for key_file in [&public, &cert] {
        let (ok, out) = run(Command::new(BIN).args([
            "verify",
            "--pub",
            p(key_file),
            "--in",
            p(&img),
            "--sig",
            &sig,
        ]));
        assert!(ok, "{out}");
    }
    std::fs::write(d.join("other.bin"), b"something else").unwrap();
    let (ok, _) = run(Command::new(BIN).args([
        "verify",
        "--pub",
        p(&public),
        "--in",
        p(&d.join("other.bin")),
        "--sig",
        &sig,
    ]));
    assert!(!ok);
}

#[test]
fn compatible_with_openssl() {
    if !have_openssl() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "openssl is required in CI"
        );
        println!("SKIP: openssl is not installed");
        return;
    }
    let d = tmpdir("openssl");
    let (key, public, cert, img, sig) = (
        d.join("key.pem"),
        d.join("key.pub.pem"),
        d.join("cert.pem"),
        d.join("image.bin"),
        d.join("sig.der"),
    );
    std::fs::write(&img, b"firmware bytes for openssl".repeat(999)).unwrap();
    assert!(run(Command::new(BIN).args(["keygen", "--out", p(&key), "--cert", p(&cert)])).0);
    // Ours -> openssl verifies.
    assert!(
        run(Command::new(BIN).args(["sign", "--key", p(&key), "--in", p(&img), "--out", p(&sig)]))
            .0
    );
    let (ok, out) = run(Command::new("openssl").args([
        "dgst",
        "-sha256",
        "-verify",
        p(&public),
        "-signature",
        p(&sig),
        p(&img),
    ]));
    assert!(ok, "{out}");
    // The certificate parses, is self-signed and carries the same key.
    let (ok, out) = run(Command::new("openssl").args(["verify", "-CAfile", p(&cert), p(&cert)]));
    assert!(ok, "{out}");
    let (ok, cert_pub) =
        run(Command::new("openssl").args(["x509", "-in", p(&cert), "-noout", "-pubkey"]));
    assert!(ok);
    assert_eq!(
        cert_pub.trim(),
        std::fs::read_to_string(&public).unwrap().trim()
    );
    // openssl's key (SEC1 with parameters) and signature -> ours.
    let ossl_key = d.join("ossl.pem");
    let ossl_sig = d.join("ossl.sig");
    assert!(
        run(Command::new("openssl").args([
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-out",
            p(&ossl_key)
        ]))
        .0
    );
    assert!(
        run(Command::new("openssl").args([
            "dgst",
            "-sha256",
            "-sign",
            p(&ossl_key),
            "-out",
            p(&ossl_sig),
            p(&img)
        ]))
        .0
    );
    let ossl_pub = d.join("ossl.pub.pem");
    assert!(
        run(Command::new("openssl").args([
            "ec",
            "-in",
            p(&ossl_key),
            "-pubout",
            "-out",
            p(&ossl_pub)
        ]))
        .0
    );
    let (ok, out) = run(Command::new(BIN).args([
        "verify",
        "--pub",
        p(&ossl_pub),
        "--in",
        p(&img),
        "--sig-file",
        p(&ossl_sig),
    ]));
    assert!(ok, "{out}");
    // We can sign with openssl's key, and openssl verifies that too.
    let sig2 = d.join("sig2.der");
    assert!(
        run(Command::new(BIN).args([
            "sign",
            "--key",
            p(&ossl_key),
            "--in",
            p(&img),
            "--out",
            p(&sig2)
        ]))
        .0
    );
    let (ok, out) = run(Command::new("openssl").args([
        "dgst",
        "-sha256",
        "-verify",
        p(&ossl_pub),
        "-signature",
        p(&sig2),
        p(&img),
    ]));
    assert!(ok, "{out}");
}
