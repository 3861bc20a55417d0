//! The public headers are hand-written; these tests keep them honest against the
//! Rust code: cbindgen renders every exported function as Rust declares it into
//! `include/ota_exports.h` (committed, checked fresh here), and a C file that
//! includes the public headers and that file must compile, so the C compiler
//! rejects any prototype that disagrees.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generate() -> String {
    let root = root();
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(&root)
        .with_config(config)
        .generate()
        .expect("cbindgen could not read the crate");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn exports_header_is_fresh() {
    let path = root().join("include/ota_exports.h");
    let fresh = generate();
    if std::env::var_os("OTA_UPDATE_HEADERS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "include/ota_exports.h is stale: run `OTA_UPDATE_HEADERS=1 cargo test --test headers` \
         and commit it.\n--- generated ---\n{fresh}"
    );
}

fn compile(cc: &str, extra: &[&str]) -> Option<std::process::Output> {
    let root = root();
    let mut cmd = Command::new(cc);
    cmd.args(["-fsyntax-only", "-std=c99", "-Wall", "-Wextra", "-Werror"])
        .args(extra)
        .arg("-I")
        .arg(root.join("include"))
        .arg("-DOTA_DO_NOT_USE_CUSTOM_CONFIG")
        .arg(root.join("tests/c/exports_agree.c"));
    cmd.output().ok()
}

fn check(cc: &str, extra: &[&str]) {
    match compile(cc, extra) {
        Some(out) => assert!(
            out.status.success(),
            "{cc} {extra:?}: exported functions disagree with the public headers:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        None if std::env::var_os("CI").is_some() => panic!("{cc} is not installed"),
        None => eprintln!("SKIP: {cc} not installed"),
    }
}

#[test]
fn exports_agree_with_the_public_headers() {
    check("cc", &[]);
    check(
        "arm-none-eabi-gcc",
        &[
            "-mcpu=cortex-m4",
            "-mthumb",
            "-mfloat-abi=hard",
            "-mfpu=fpv4-sp-d16",
        ],
    );
    check(
        "arm-none-eabi-gcc",
        &[
            "-mcpu=cortex-m4",
            "-mthumb",
            "-mfloat-abi=hard",
            "-mfpu=fpv4-sp-d16",
            "-fno-short-enums",
        ],
    );
}
