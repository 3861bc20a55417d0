//! Tests of the POSIX ports (`ports/posix`) and of the signature helpers of
//! `ota_signature.h`, through C programs in `tests/c/posix`.
//!
//! `libota.a` is built once with the programs' `ota_config.h` into
//! `target/posix-tests` (a separate target directory, so the build does not wait
//! on the outer cargo's lock). Each program is compiled with the system C compiler
//! as C99 + POSIX.1-2008 with `-Wall -Wextra -Werror`, with AddressSanitizer and
//! UndefinedBehaviorSanitizer when the toolchain has them, against `include/`,
//! `ports/posix` and the library. Keys, certificates and signatures are made here
//! with the `p256` crate (and, where the `openssl` command exists, also with it)
//! and handed to the programs as files. PAL image states are checked across
//! processes: each step of an update is a new run of `pal_test`.
#![cfg(feature = "verify")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{EncodePublicKey, LineEnding};
use sha2::{Digest, Sha256};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn c_dir() -> PathBuf {
    repo().join("tests").join("c").join("posix")
}

fn ports_dir() -> PathBuf {
    repo().join("ports").join("posix")
}

fn work_dir() -> PathBuf {
    repo().join("target").join("posix-tests")
}

const SYSTEM_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm"];
const EXTRA_SYSTEM_LIBS: &[&str] = &["-lrt", "-lutil", "-lgcc_s"];
const SANITIZERS: &[&str] = &["-fsanitize=address,undefined", "-fno-omit-frame-pointer"];
const C_FLAGS: &[&str] = &[
    "-std=c99",
    "-D_POSIX_C_SOURCE=200809L",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-g",
    "-O1",
];
const PROGRAMS: &[&str] = &["os_port_test", "pal_test", "sig_test", "agent_smoke_test"];

fn c_compiler() -> String {
    std::env::var("CC")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "cc".into())
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Builds `libota.a` with `tests/c/posix/ota_config.h`, once per test process.
fn library() -> &'static Path {
    static LIB: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let lib = LIB.get_or_init(|| {
        let out = Command::new(env!("CARGO"))
            .current_dir(repo())
            .args(["build", "--lib", "--quiet"])
            .env("CARGO_TARGET_DIR", work_dir())
            .env("OTA_CONFIG_DIR", c_dir())
            .env_remove("CARGO_BUILD_TARGET")
            .env_remove("OTA_DO_NOT_USE_CUSTOM_CONFIG")
            .output()
            .map_err(|e| format!("could not run cargo build: {e}"))?;
        if !out.status.success() {
            return Err(format!("cargo build of libota.a failed:\n{}", text(&out)));
        }
        let lib = work_dir().join("debug").join("libota.a");
        if lib.is_file() {
            Ok(lib)
        } else {
            Err(format!("{} is missing after the build", lib.display()))
        }
    });
    match lib {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

/// The test programs, compiled once: name -> executable.
fn programs() -> &'static [(String, PathBuf)] {
    static BINS: OnceLock<Result<Vec<(String, PathBuf)>, String>> = OnceLock::new();
    let bins = BINS.get_or_init(|| {
        let lib = library();
        let bin_dir = work_dir().join("bin");
        fs::create_dir_all(&bin_dir).map_err(|e| e.to_string())?;
        let mut built = Vec::new();
        for name in PROGRAMS {
            let mut errors = Vec::new();
            let mut done = None;
            for (sanitize, extra) in [(true, false), (true, true), (false, false), (false, true)] {
                let exe = bin_dir.join(format!("{name}{}", if sanitize { "" } else { "-nosan" }));
                let mut cmd = Command::new(c_compiler());
                cmd.args(C_FLAGS);
                if sanitize {
                    cmd.args(SANITIZERS);
                }
                cmd.arg("-I").arg(repo().join("include"));
                cmd.arg("-I").arg(ports_dir());
                cmd.arg("-I").arg(c_dir());
                cmd.arg("-o").arg(&exe);
                cmd.arg(c_dir().join(format!("{name}.c")));
                cmd.arg(c_dir().join("test_support.c"));
                cmd.arg(ports_dir().join("ota_os_posix.c"));
                cmd.arg(ports_dir().join("ota_pal_posix.c"));
                cmd.arg(lib);
                cmd.args(SYSTEM_LIBS);
                if extra {
                    cmd.args(EXTRA_SYSTEM_LIBS);
                }
                let out = cmd
                    .output()
                    .map_err(|e| format!("could not run {}: {e}", c_compiler()))?;
                if out.status.success() {
                    done = Some(exe);
                    break;
                }
                errors.push(format!("{cmd:?}\n{}", text(&out)));
            }
            match done {
                Some(exe) => built.push((name.to_string(), exe)),
                None => {
                    return Err(format!(
                        "{name}: build failed:\n{}",
                        errors.join("\n----\n")
                    ));
                }
            }
        }
        Ok(built)
    });
    match bins {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    }
}

fn program(name: &str) -> PathBuf {
    programs()
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, p)| p.clone())
        .unwrap_or_else(|| panic!("no program {name}"))
}

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = work_dir().join("run").join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create test directory");
    dir
}

fn run_with(exe: &Path, dir: &Path, args: &[&str], detect_leaks: bool) -> Output {
    Command::new(exe)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .env("OTA_PAL_STATE_FILE", dir.join("image.state"))
        .env(
            "ASAN_OPTIONS",
            format!("detect_leaks={}:halt_on_error=1", detect_leaks as u8),
        )
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", exe.display()))
}

/// Runs a program in `dir` (state file `dir/image.state`), expecting exit 0.
fn run(name: &str, dir: &Path, args: &[&str]) -> String {
    let exe = program(name);
    let mut out = run_with(&exe, dir, args, true);
    if !out.status.success() && text(&out).contains("LeakSanitizer has encountered a fatal error") {
        // LeakSanitizer cannot run under some sandboxes (ptrace); run without it.
        out = run_with(&exe, dir, args, false);
    }
    let t = text(&out);
    println!("$ {name} {}\n{t}", args.join(" "));
    assert!(
        out.status.success(),
        "{name} {args:?} failed ({}):\n{t}",
        out.status
    );
    t
}

// ---------------------------------------------------------------------------
// Keys, certificates and signatures

fn signing_key(n: u8) -> SigningKey {
    let mut bytes = [0x5au8; 32];
    bytes[31] = n;
    SigningKey::from_slice(&bytes).expect("valid scalar")
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A minimal self-signed X.509 v3 certificate for the key.
fn certificate_der(key: &SigningKey) -> Vec<u8> {
    let ecdsa_sha256 = seq(&[&tlv(
        0x06,
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02],
    )]);
    let name = seq(&[&tlv(
        0x31,
        &seq(&[
            &tlv(0x06, &[0x55, 0x04, 0x03]),
            &tlv(0x0c, b"ota test signer"),
        ]),
    )]);
    let validity = seq(&[&tlv(0x17, b"250101000000Z"), &tlv(0x17, b"350101000000Z")]);
    let spki = key
        .verifying_key()
        .to_public_key_der()
        .expect("SPKI")
        .into_vec();
    let tbs = seq(&[
        &tlv(0xa0, &tlv(0x02, &[2])),
        &tlv(0x02, &[0x01, 0x23]),
        &ecdsa_sha256,
        &name,
        &validity,
        &name,
        &spki,
    ]);
    let sig: Signature = key
        .sign_prehash(&Sha256::digest(&tbs))
        .expect("sign certificate");
    let mut bits = vec![0u8];
    bits.extend_from_slice(sig.to_der().as_bytes());
    seq(&[&tbs, &ecdsa_sha256, &tlv(0x03, &bits)])
}

fn pem(label: &str, der: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::new();
    for c in der.chunks(3) {
        let v = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            b64.push(if i <= c.len() {
                A[((v >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    let mut s = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(line).unwrap());
        s.push('\n');
    }
    s + &format!("-----END {label}-----\n")
}

/// Files describing one signer in `dir`: key and certificate in every format.
struct Signer {
    pem_cert: PathBuf,
    der_cert: PathBuf,
    pem_spki: PathBuf,
    der_spki: PathBuf,
    raw_point: PathBuf,
    key: SigningKey,
}

fn signer(dir: &Path, tag: &str, n: u8) -> Signer {
    let key = signing_key(n);
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(format!("{tag}-{name}"));
        fs::write(&p, bytes).expect("write key file");
        p
    };
    let cert = certificate_der(&key);
    let vk = key.verifying_key();
    Signer {
        pem_cert: write("cert.pem", pem("CERTIFICATE", &cert).as_bytes()),
        der_cert: write("cert.der", &cert),
        pem_spki: write(
            "pub.pem",
            vk.to_public_key_pem(LineEnding::LF)
                .expect("PEM")
                .as_bytes(),
        ),
        der_spki: write("pub.der", vk.to_public_key_der().expect("DER").as_bytes()),
        raw_point: write("pub.raw", vk.to_encoded_point(false).as_bytes()),
        key,
    }
}

impl Signer {
    fn sign(&self, data: &[u8]) -> Signature {
        self.key
            .sign_prehash(&Sha256::digest(data))
            .expect("sign data")
    }
}

/// A test image that is not a whole number of 1 KiB blocks.
fn image_data() -> Vec<u8> {
    (0..(10 * 1024 + 517u32))
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    fs::write(&p, bytes).expect("write test file");
    p.to_string_lossy().into_owned()
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------
// OS port

#[test]
fn os_port_queue_and_timers() {
    let dir = scratch("os_port");
    let out = run("os_port_test", &dir, &[]);
    assert!(out.contains("os_port_test: PASS"));
}

/// The agent on the POSIX ports: a pending image that is not accepted within the
/// (sub-second) self-test window is reset and rolled back from the timer thread.
#[test]
fn agent_on_posix_ports_self_test_timeout_rolls_back() {
    let dir = scratch("agent_pending");
    fs::write(dir.join("image.state"), "PendingCommit\n").unwrap();
    let out = run("agent_smoke_test", &dir, &["pending"]);
    assert!(out.contains("agent_smoke_test pending: PASS"), "{out}");
    assert_eq!(
        fs::read_to_string(dir.join("image.state")).unwrap(),
        "Invalid\n"
    );
}

#[test]
fn agent_on_posix_ports_idle() {
    let dir = scratch("agent_idle");
    let out = run("agent_smoke_test", &dir, &["idle"]);
    assert!(out.contains("agent_smoke_test idle: PASS"), "{out}");
}

// ---------------------------------------------------------------------------
// Signature helpers from C

#[test]
fn signature_helper_known_answers() {
    let dir = scratch("sig_kat");
    assert!(run("sig_test", &dir, &["kat"]).contains("sig_test kat: PASS"));
}

#[test]
fn signature_helper_verifies_every_format() {
    let dir = scratch("sig_formats");
    let signer = signer(&dir, "a", 1);
    let other = signer_other(&dir);
    let data = image_data();
    let data_path = write(&dir, "data.bin", &data);
    let sig = signer.sign(&data);
    let der_sig = write(&dir, "sig.der", sig.to_der().as_bytes());
    let raw_sig = write(&dir, "sig.raw", &sig.to_bytes());
    let mut tampered = data.clone();
    tampered[4000] ^= 0x40;
    let tampered_path = write(&dir, "tampered.bin", &tampered);
    let junk_key = write(
        &dir,
        "junk.pem",
        b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    );

    for key in [
        &signer.pem_cert,
        &signer.der_cert,
        &signer.pem_spki,
        &signer.der_spki,
        &signer.raw_point,
    ] {
        for sig in [&der_sig, &raw_sig] {
            run(
                "sig_test",
                &dir,
                &["verify", "ok", &data_path, &s(key), sig],
            );
            run(
                "sig_test",
                &dir,
                &["verify", "sigfail", &tampered_path, &s(key), sig],
            );
        }
        run(
            "sig_test",
            &dir,
            &["verify", "sigfail", &data_path, &s(&other), &der_sig],
        );
    }
    run(
        "sig_test",
        &dir,
        &["verify", "badcert", &data_path, &junk_key, &der_sig],
    );
}

fn signer_other(dir: &Path) -> PathBuf {
    signer(dir, "other", 2).pem_cert
}

/// OpenSSL-made key, certificate and signature, checked from C. Skipped when the
/// `openssl` command is missing.
#[test]
fn signature_helper_accepts_openssl_output() {
    let dir = scratch("sig_openssl");
    let openssl = |args: &[&str]| {
        Command::new("openssl")
            .current_dir(&dir)
            .args(args)
            .output()
    };
    match openssl(&["version"]) {
        Ok(o) if o.status.success() => {}
        _ => {
            eprintln!("SKIP: the openssl command is not available");
            return;
        }
    }
    let data = image_data();
    write(&dir, "data.bin", &data);
    for args in [
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "key.pem",
        ][..],
        &[
            "req",
            "-new",
            "-x509",
            "-key",
            "key.pem",
            "-subj",
            "/CN=ota signer",
            "-days",
            "2",
            "-sha256",
            "-out",
            "cert.pem",
        ],
        &[
            "dgst", "-sha256", "-sign", "key.pem", "-out", "data.sig", "data.bin",
        ],
    ] {
        let out = openssl(args).expect("openssl ran before");
        assert!(out.status.success(), "openssl {args:?}: {}", text(&out));
    }
    run(
        "sig_test",
        &dir,
        &["verify", "ok", "data.bin", "cert.pem", "data.sig"],
    );
    // The PAL accepts the same files.
    run(
        "pal_test",
        &dir,
        &[
            "download",
            "ok",
            "image.bin",
            "data.bin",
            "cert.pem",
            "data.sig",
        ],
    );
}

// ---------------------------------------------------------------------------
// PAL

#[test]
fn pal_download_out_of_order_with_valid_signature() {
    let dir = scratch("pal_ok");
    let signer = signer(&dir, "a", 3);
    let data = image_data();
    let data_path = write(&dir, "data.bin", &data);
    let sig = signer.sign(&data);
    let der_sig = write(&dir, "sig.der", sig.to_der().as_bytes());
    let raw_sig = write(&dir, "sig.raw", &sig.to_bytes());
    for (key, sig) in [
        (&signer.pem_cert, &der_sig),
        (&signer.der_spki, &raw_sig),
        (&signer.raw_point, &der_sig),
    ] {
        let out = run(
            "pal_test",
            &dir,
            &["download", "ok", "image.bin", &data_path, &s(key), sig],
        );
        assert!(out.contains("close status 0x00000000"), "{out}");
        assert_eq!(fs::read(dir.join("image.bin")).unwrap(), data);
    }
    // Closing a file does not change the platform image state.
    run("pal_test", &dir, &["state", "Valid"]);
}

#[test]
fn pal_tampered_byte_fails_and_removes_the_file() {
    let dir = scratch("pal_tampered");
    let signer = signer(&dir, "a", 4);
    let data = image_data();
    let data_path = write(&dir, "data.bin", &data);
    let sig = write(&dir, "sig.der", signer.sign(&data).to_der().as_bytes());
    for flip in ["0", "5000", &(data.len() - 1).to_string()] {
        let out = run(
            "pal_test",
            &dir,
            &[
                "download",
                "sigfail",
                "image.bin",
                &data_path,
                &s(&signer.pem_cert),
                &sig,
                flip,
            ],
        );
        assert!(out.contains("close status 0xe3000012"), "{out}");
        assert!(!dir.join("image.bin").exists());
    }
}

#[test]
fn pal_wrong_or_unusable_key_fails() {
    let dir = scratch("pal_wrong_key");
    let signer = signer(&dir, "a", 5);
    let other = signer_other(&dir);
    let data = image_data();
    let data_path = write(&dir, "data.bin", &data);
    let sig = write(&dir, "sig.der", signer.sign(&data).to_der().as_bytes());
    let out = run(
        "pal_test",
        &dir,
        &[
            "download",
            "sigfail",
            "image.bin",
            &data_path,
            &s(&other),
            &sig,
        ],
    );
    assert!(out.contains("close status 0xe3000012"), "{out}");
    let junk = write(&dir, "junk.pem", b"this is not a certificate\n");
    let out = run(
        "pal_test",
        &dir,
        &["download", "badcert", "image.bin", &data_path, &junk, &sig],
    );
    assert!(out.contains("close status 0xe7000002"), "{out}");
    let missing = s(&dir.join("missing.pem"));
    let out = run(
        "pal_test",
        &dir,
        &[
            "download",
            "badcert",
            "image.bin",
            &data_path,
            &missing,
            &sig,
        ],
    );
    assert!(out.contains("close status 0xe7000009"), "{out}");
    let garbage_sig = write(&dir, "garbage.sig", &[0x30, 0x03, 0x02, 0x01, 0x00]);
    let out = run(
        "pal_test",
        &dir,
        &[
            "download",
            "sigfail",
            "image.bin",
            &data_path,
            &s(&signer.pem_cert),
            &garbage_sig,
        ],
    );
    assert!(out.contains("close status 0xe3000011"), "{out}");
}

/// Download and activation in one process; the self-test, accept and later
/// checks each in a new process, as after a reboot.
#[test]
fn pal_state_survives_restarts_accept() {
    let dir = scratch("pal_accept");
    let signer = signer(&dir, "a", 6);
    let data = image_data();
    let data_path = write(&dir, "data.bin", &data);
    let sig = write(&dir, "sig.der", signer.sign(&data).to_der().as_bytes());
    // Factory image: no state file yet.
    run("pal_test", &dir, &["state", "Valid"]);
    run("pal_test", &dir, &["set", "Accepted", "eb"]);
    run(
        "pal_test",
        &dir,
        &[
            "install",
            "image.bin",
            &data_path,
            &s(&signer.pem_cert),
            &sig,
        ],
    );
    // "Reboot".
    run("pal_test", &dir, &["state", "PendingCommit"]);
    run("pal_test", &dir, &["set", "Testing", "ok"]);
    run("pal_test", &dir, &["state", "PendingCommit"]);
    run("pal_test", &dir, &["set", "Accepted", "ok"]);
    run("pal_test", &dir, &["state", "Valid"]);
    // Nothing pending any more: a second accept is refused.
    run("pal_test", &dir, &["set", "Accepted", "eb"]);
    run("pal_test", &dir, &["state", "Valid"]);
    assert_eq!(
        fs::read_to_string(dir.join("image.state")).unwrap(),
        "Valid\n"
    );
}

#[test]
fn pal_state_survives_restarts_reject_abort_reset() {
    let dir = scratch("pal_reject");
    let signer = signer(&dir, "a", 7);
    let data = image_data();
    let data_path = write(&dir, "data.bin", &data);
    let sig = write(&dir, "sig.der", signer.sign(&data).to_der().as_bytes());
    let install = || {
        run(
            "pal_test",
            &dir,
            &[
                "install",
                "image.bin",
                &data_path,
                &s(&signer.pem_cert),
                &sig,
            ],
        );
        run("pal_test", &dir, &["state", "PendingCommit"]);
    };

    install();
    run("pal_test", &dir, &["set", "Rejected", "ok"]);
    run("pal_test", &dir, &["state", "Invalid"]);
    run("pal_test", &dir, &["set", "Accepted", "eb"]);

    install();
    run("pal_test", &dir, &["set", "Aborted", "ok"]);
    run("pal_test", &dir, &["state", "Invalid"]);

    // A reset before the new image is accepted rolls it back.
    install();
    run("pal_test", &dir, &["reset"]);
    run("pal_test", &dir, &["state", "Invalid"]);
    // A reset of a committed image changes nothing.
    fs::write(dir.join("image.state"), "Valid\n").unwrap();
    run("pal_test", &dir, &["reset"]);
    run("pal_test", &dir, &["state", "Valid"]);

    run("pal_test", &dir, &["set", "Unknown", "e8"]);
}

#[test]
fn pal_state_file_location_and_contents() {
    let dir = scratch("pal_state_file");
    // The setter wins over the environment variable.
    let custom = s(&dir.join("custom.state"));
    fs::write(&custom, "PendingCommit\n").unwrap();
    run(
        "pal_test",
        &dir,
        &["--state-file", &custom, "state", "PendingCommit"],
    );
    run(
        "pal_test",
        &dir,
        &["--state-file", &custom, "set", "Accepted", "ok"],
    );
    assert_eq!(fs::read_to_string(&custom).unwrap(), "Valid\n");
    assert!(!dir.join("image.state").exists());
    // An unreadable or garbled state means no valid new image.
    fs::write(dir.join("image.state"), "garbage").unwrap();
    run("pal_test", &dir, &["state", "Invalid"]);
    fs::write(dir.join("image.state"), "").unwrap();
    run("pal_test", &dir, &["state", "Invalid"]);
    fs::remove_file(dir.join("image.state")).unwrap();
    run("pal_test", &dir, &["state", "Valid"]);
    // No temporary file is left behind.
    run("pal_test", &dir, &["set", "Rejected", "ok"]);
    assert!(!dir.join("image.state.tmp").exists());
}

#[test]
fn pal_argument_and_error_paths() {
    let dir = scratch("pal_misc");
    assert!(run("pal_test", &dir, &["misc"]).contains("pal_test misc: PASS"));
}

// ---------------------------------------------------------------------------
// Compile checks

fn compiles(compiler: &str, args: &[&str], file: &Path) -> Result<(), String> {
    let mut cmd = Command::new(compiler);
    cmd.args(args)
        .arg("-fsyntax-only")
        .arg("-I")
        .arg(repo().join("include"))
        .arg("-I")
        .arg(ports_dir())
        .arg(file);
    let out = cmd
        .output()
        .map_err(|e| format!("could not run {compiler}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?}\n{}", text(&out)))
    }
}

fn have(compiler: &str) -> bool {
    Command::new(compiler)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The ports build warning-free as C99 with pedantic warnings, with logging on,
/// off (no `ota_config.h` at all) and at debug level, with each compiler present.
#[test]
fn ports_compile_cleanly_in_every_configuration() {
    let config = format!("-I{}", c_dir().display());
    let configs: [&[&str]; 3] = [
        &[&config],
        &["-DOTA_DO_NOT_USE_CUSTOM_CONFIG"],
        &[&config, "-DOTA_TEST_LOG_DEBUG"],
    ];
    let mut compilers = vec![c_compiler()];
    if have("clang") && c_compiler() != "clang" {
        compilers.push("clang".into());
    }
    let mut errors = Vec::new();
    for cc in &compilers {
        for cfg in configs {
            for file in ["ota_os_posix.c", "ota_pal_posix.c"] {
                let mut args = vec![
                    "-std=c99",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-Wpedantic",
                    "-Wshadow",
                    "-Wstrict-prototypes",
                    "-Wmissing-prototypes",
                ];
                args.extend_from_slice(cfg);
                if let Err(e) = compiles(cc, &args, &ports_dir().join(file)) {
                    errors.push(e);
                }
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n----\n"));
}

/// `ota_signature.h` and `ota_pal_posix.h` compile on their own (twice) as C99
/// and, when a C++ compiler exists, as C++.
#[test]
fn new_headers_compile_on_their_own() {
    let dir = scratch("headers");
    let mut errors = Vec::new();
    for header in ["ota_signature.h", "ota_pal_posix.h"] {
        let c = dir.join(format!("{header}.c"));
        fs::write(
            &c,
            format!("#include \"{header}\"\n#include \"{header}\"\nint ota_header_check;\n"),
        )
        .unwrap();
        let args = [
            "-std=c99",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-Wpedantic",
            "-DOTA_DO_NOT_USE_CUSTOM_CONFIG",
        ];
        if let Err(e) = compiles(&c_compiler(), &args, &c) {
            errors.push(e);
        }
        for cxx in ["c++", "clang++"] {
            if have(cxx) {
                let cpp = dir.join(format!("{header}.cpp"));
                fs::write(&cpp, fs::read(&c).unwrap()).unwrap();
                let args = [
                    "-std=c++11",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-DOTA_DO_NOT_USE_CUSTOM_CONFIG",
                ];
                if let Err(e) = compiles(cxx, &args, &cpp) {
                    errors.push(e);
                }
                break;
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n----\n"));
}
