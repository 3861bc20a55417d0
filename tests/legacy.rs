// SPDX-License-Identifier: MIT

//! Compatibility with legacy flash ports: C programs under `tests/c/legacy` that use
//! an unchanged Amazon FreeRTOS v1 PAL, the v1 agent API, or an AliOS-Things
//! `hal_ota_module_t` port through the library's adapters, linked with `libota.a`.
//!
//! The scenarios reuse the scripted cloud and OS fakes of `tests/c/abi` (compiled
//! in, unchanged). The sample ports (`v1_pal_file.c`, `v1_app.c`,
//! `alios_port_file.c`) are compiled as legacy code is, with `-Wall -Werror` only,
//! against `include/` and a stand-in vendor environment (`tests/c/legacy/env`).
//! Everything else is compiled with `-Wall -Wextra -Werror`.
//!
//! This file also writes the test data: an image, a second image, their ECDSA
//! P-256 signatures (a fixed test key, SHA-256, DER, base64) and the code signer
//! header the v1 PAL compiles in. A scenario runs as one or more processes
//! (phases) in one working directory, so a phase can stop mid-download, on purpose
//! or by `_exit`, and the next one resumes from what is in the files.
//!
//! Also here: layout checks of every legacy type (`layout_legacy.c`) for the host
//! and for Cortex-M4 with and without short enums, standalone compiles of the
//! AliOS headers (which live in `include/hal/`), Cortex-M4 compiles of the sample
//! ports, and link checks on what `libota.a` defines.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{EncodePublicKey, LineEnding};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn legacy_dir() -> PathBuf {
    repo().join("tests").join("c").join("legacy")
}

fn abi_dir() -> PathBuf {
    repo().join("tests").join("c").join("abi")
}

fn work_dir() -> PathBuf {
    repo().join("target").join("legacy")
}

const SYSTEM_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm"];
const SANITIZERS: &[&str] = &["-fsanitize=address,undefined", "-fno-omit-frame-pointer"];
const ARM: &[&str] = &[
    "-mcpu=cortex-m4",
    "-mthumb",
    "-mfloat-abi=hard",
    "-mfpu=fpv4-sp-d16",
];

fn c_compiler() -> String {
    std::env::var("CC")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "cc".into())
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

// ---------------------------------------------------------------------------
// The library.

/// `libota.a` built with the scenarios' configuration (`tests/c/abi/ota_config.h`),
/// with 4-byte enums, or with `-fshort-enums` on the C side too.
fn library(short_enums: bool) -> &'static Path {
    static PLAIN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    static SHORT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let cell = if short_enums { &SHORT } else { &PLAIN };
    let built = cell.get_or_init(|| {
        let target = work_dir().join(if short_enums {
            "lib-short-enums"
        } else {
            "lib"
        });
        let mut cmd = support::cargo_build(&repo(), &target, &abi_dir());
        cmd.args(["--lib", "--quiet"]);
        if short_enums {
            cmd.env("CFLAGS", "-fshort-enums");
        } else {
            cmd.env_remove("CFLAGS");
        }
        let out = cmd
            .output()
            .map_err(|e| format!("could not run cargo build: {e}"))?;
        if !out.status.success() {
            return Err(format!("cargo build of libota.a failed:\n{}", text(&out)));
        }
        Ok(target.join("debug").join("libota.a"))
    });
    match built {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

// ---------------------------------------------------------------------------
// Test data.

/// The test code signer (a fixed key: the data are the same on every run).
fn signing_key() -> SigningKey {
    let mut scalar = [0u8; 32];
    for (i, b) in scalar.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37).wrapping_add(11);
    }
    SigningKey::from_bytes(&scalar.into()).expect("valid test scalar")
}

fn image(size: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        s.push(A[(v >> 18) as usize & 63] as char);
        s.push(A[(v >> 12) as usize & 63] as char);
        s.push(if chunk.len() > 1 {
            A[(v >> 6) as usize & 63] as char
        } else {
            '='
        });
        s.push(if chunk.len() > 2 {
            A[v as usize & 63] as char
        } else {
            '='
        });
    }
    s
}

/// Sizes of the two test images: 21 and 16 blocks of 1 KiB, short last blocks.
const IMAGE_SIZE: usize = 20 * 1024 + 517;
const OTHER_SIZE: usize = 15 * 1024 + 100;

fn write_data(dir: &Path) {
    let key = signing_key();
    for (name, size, seed) in [("image", IMAGE_SIZE, 7), ("other", OTHER_SIZE, 8)] {
        let data = image(size, seed);
        let sig: Signature = key.sign(&data);
        fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
        fs::write(
            dir.join(format!("{name}.sig.b64")),
            base64(sig.to_der().as_bytes()),
        )
        .unwrap();
    }
}

/// Generated headers: the code signer certificate header of the v1 PAL.
fn gen_dir() -> &'static Path {
    static GEN: OnceLock<PathBuf> = OnceLock::new();
    GEN.get_or_init(|| {
        let dir = work_dir().join("gen");
        fs::create_dir_all(&dir).unwrap();
        let pem = signing_key()
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("PEM of the test key");
        let mut h = String::from(
            "/* Generated by tests/legacy.rs: the test code signer's public key, as\n \
             * aws_ota_codesigner_certificate.h provides it to v1 PALs. */\n\
             #ifndef AWS_OTA_CODESIGNER_CERTIFICATE_H\n#define AWS_OTA_CODESIGNER_CERTIFICATE_H\n\
             static const char signingcredentialSIGNING_CERTIFICATE_PEM[] =\n",
        );
        for line in pem.lines() {
            h.push_str(&format!("    \"{line}\\n\"\n"));
        }
        h.push_str(";\n#endif\n");
        let path = dir.join("aws_ota_codesigner_certificate.h");
        if fs::read_to_string(&path).ok().as_deref() != Some(h.as_str()) {
            fs::write(&path, h).unwrap();
        }
        dir
    })
}

// ---------------------------------------------------------------------------
// Building and running scenarios.

/// Sample ports, compiled as legacy code (`-Wall -Werror`).
const V1_PAL: &str = "v1_pal_file.c";
const V1_APP: &str = "v1_app.c";
const ALIOS_PORT: &str = "alios_port_file.c";

fn include_args() -> Vec<String> {
    vec![
        format!("-I{}", repo().join("include").display()),
        format!("-I{}", abi_dir().display()),
        format!("-I{}", legacy_dir().display()),
        format!("-I{}", legacy_dir().join("env").display()),
        format!("-I{}", gen_dir().display()),
    ]
}

struct Build<'a> {
    scenario: &'a str,
    /// Sample ports (legacy code) compiled in.
    samples: &'a [&'a str],
    /// Further test helpers compiled in (modern code).
    support: &'a [&'a str],
    defines: &'a [&'a str],
    short_enums: bool,
}

fn try_build(b: &Build<'_>, label: &str, sanitize: bool) -> Result<PathBuf, String> {
    let obj_dir = work_dir()
        .join("obj")
        .join(format!("{label}{}", if sanitize { "" } else { "-nosan" }));
    fs::create_dir_all(&obj_dir).map_err(|e| e.to_string())?;
    let mut modern: Vec<PathBuf> = vec![
        legacy_dir().join(format!("{}.c", b.scenario)),
        legacy_dir().join("legacy_common.c"),
        legacy_dir().join("env").join("vendor_env.c"),
        abi_dir().join("fakes.c"),
    ];
    modern.extend(b.support.iter().map(|s| legacy_dir().join(s)));
    let mut objects = Vec::new();
    let sources = modern
        .iter()
        .map(|p| (p.clone(), false))
        .chain(b.samples.iter().map(|s| (legacy_dir().join(s), true)));
    for (src, legacy) in sources {
        let obj = obj_dir.join(format!("{}.o", src.file_stem().unwrap().to_string_lossy()));
        let mut cmd = Command::new(c_compiler());
        cmd.arg("-std=c99")
            .arg("-g")
            .arg("-O1")
            .arg("-Wall")
            .arg("-Werror");
        if !legacy {
            cmd.arg("-Wextra");
        }
        if b.short_enums {
            // Range checks on enum values are always true with 1-byte enums.
            cmd.args(["-fshort-enums", "-Wno-type-limits"]);
        }
        if sanitize {
            cmd.args(SANITIZERS);
        }
        cmd.args(include_args());
        for d in b.defines {
            cmd.arg(format!("-D{d}"));
        }
        cmd.arg("-c").arg(&src).arg("-o").arg(&obj);
        let out = cmd.output().map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("compiling {}:\n{}", src.display(), text(&out)));
        }
        objects.push(obj);
    }
    let exe = obj_dir.join(b.scenario);
    let mut cmd = Command::new(c_compiler());
    if sanitize {
        cmd.args(SANITIZERS);
    }
    cmd.args(&objects)
        .arg(library(b.short_enums))
        .args(SYSTEM_LIBS)
        .arg("-o")
        .arg(&exe);
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("linking {}:\n{}", b.scenario, text(&out)));
    }
    Ok(exe)
}

/// Builds with sanitizers if the toolchain has them, else without. A compile error
/// in either case is a test failure.
fn build(b: &Build<'_>, label: &str) -> PathBuf {
    match try_build(b, label, true) {
        Ok(exe) => exe,
        Err(first) => match try_build(b, label, false) {
            Ok(exe) => exe,
            Err(second) => panic!("{label}: build failed\n{first}\n----\n{second}"),
        },
    }
}

/// Runs the phases in a fresh directory holding the test data; each phase must end
/// with its exit code.
fn run_phases(exe: &Path, label: &str, phases: &[(&str, i32)]) {
    let dir = work_dir().join("run").join(label);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    write_data(&dir);
    for (phase, code) in phases {
        let out = Command::new(exe)
            .arg(phase)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .env(
                "ASAN_OPTIONS",
                "detect_leaks=0:abort_on_error=0:halt_on_error=1",
            )
            .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
            .output()
            .unwrap_or_else(|e| panic!("could not run {}: {e}", exe.display()));
        let got = out.status.code();
        assert!(
            got == Some(*code),
            "{label}: phase {phase} exited with {got:?}, expected {code}\n{}",
            text(&out)
        );
    }
}

fn scenario(b: Build<'_>, label: &str, phases: &[(&str, i32)]) {
    let exe = build(&b, label);
    run_phases(&exe, label, phases);
}

/// A v1 scenario with the v1 sample ports `samples`, built with `defines` and
/// the enum width, run through `phases`.
fn v1(
    scenario_name: &str,
    samples: &[&str],
    defines: &[&str],
    short_enums: bool,
    label: &str,
    phases: &[(&str, i32)],
) {
    scenario(
        Build {
            scenario: scenario_name,
            samples,
            support: &[],
            defines,
            short_enums,
        },
        label,
        phases,
    );
}

// ---------------------------------------------------------------------------
// v1 PAL under a v3 application.

#[test]
fn v1_pal_update_selftest_and_bad_signature() {
    v1(
        "legacy_v1_pal",
        &[V1_PAL],
        &[],
        false,
        "v1_pal",
        &[("update", 0), ("selftest", 0), ("badsig", 0)],
    );
}

#[test]
fn v1_pal_v1_0_layout() {
    v1(
        "legacy_v1_pal",
        &[V1_PAL],
        &["OTA_V1_FILE_CONTEXT_LAYOUT=100"],
        false,
        "v1_pal_v100",
        &[("update", 0), ("selftest", 0)],
    );
}

#[test]
fn v1_pal_short_enums() {
    v1(
        "legacy_v1_pal",
        &[V1_PAL],
        &[],
        true,
        "v1_pal_short",
        &[("update", 0), ("selftest", 0), ("badsig", 0)],
    );
}

// ---------------------------------------------------------------------------
// The v1 agent API.

#[test]
fn v1_api_download_selftest_custom_jobs_and_task() {
    v1(
        "legacy_v1_api",
        &[V1_PAL, V1_APP],
        &[],
        false,
        "v1_api",
        &[("api", 0), ("selftest", 0), ("custom", 0), ("task", 0)],
    );
}

#[test]
fn v1_api_v1_0_layout() {
    v1(
        "legacy_v1_api",
        &[V1_PAL, V1_APP],
        &["OTA_V1_FILE_CONTEXT_LAYOUT=100"],
        false,
        "v1_api_v100",
        &[("api", 0), ("selftest", 0), ("custom", 0)],
    );
}

#[test]
fn v1_api_short_enums() {
    v1(
        "legacy_v1_api",
        &[V1_PAL, V1_APP],
        &[],
        true,
        "v1_api_short",
        &[("api", 0), ("selftest", 0), ("custom", 0), ("task", 0)],
    );
}

// ---------------------------------------------------------------------------
// What the v1 adapter translates (a scripted v1 PAL).

#[test]
fn v1_quirks_error_codes_and_context() {
    scenario(
        Build {
            scenario: "legacy_v1_quirks",
            samples: &[],
            support: &[],
            defines: &[],
            short_enums: false,
        },
        "v1_quirks",
        &[("all", 0)],
    );
}

#[test]
fn v1_quirks_v1_0_layout() {
    scenario(
        Build {
            scenario: "legacy_v1_quirks",
            samples: &[],
            support: &[],
            defines: &["OTA_V1_FILE_CONTEXT_LAYOUT=100"],
            short_enums: false,
        },
        "v1_quirks_v100",
        &[("all", 0)],
    );
}

#[test]
fn v1_quirks_short_enums() {
    scenario(
        Build {
            scenario: "legacy_v1_quirks",
            samples: &[],
            support: &[],
            defines: &[],
            short_enums: true,
        },
        "v1_quirks_short",
        &[("all", 0)],
    );
}

// ---------------------------------------------------------------------------
// AliOS-Things flash ports.

const ALIOS_SUPPORT: &[&str] = &["alios_common.c"];

fn alios(scenario_name: &str, short_enums: bool, label: &str, phases: &[(&str, i32)]) {
    scenario(
        Build {
            scenario: scenario_name,
            samples: &[ALIOS_PORT],
            support: ALIOS_SUPPORT,
            defines: &[],
            short_enums,
        },
        label,
        phases,
    );
}

#[test]
fn alios_update_selftest_bad_signature_reordered() {
    alios(
        "alios_update",
        false,
        "alios_update",
        &[
            ("update", 0),
            ("selftest", 0),
            ("badsig", 0),
            ("reversed", 0),
        ],
    );
}

#[test]
fn alios_update_short_enums() {
    alios(
        "alios_update",
        true,
        "alios_update_short",
        &[
            ("update", 0),
            ("selftest", 0),
            ("badsig", 0),
            ("reversed", 0),
        ],
    );
}

/// Killed mid-download (the process exits at once, as on a power cut), then
/// restarted: the download resumes from the breakpoint.
#[test]
fn alios_resume_after_power_cut() {
    alios(
        "alios_resume",
        false,
        "alios_resume_kill",
        &[("kill", 42), ("resume", 0)],
    );
}

/// The transfer is abandoned (network lost, agent shut down), then restarted.
#[test]
fn alios_resume_after_shutdown() {
    alios(
        "alios_resume",
        false,
        "alios_resume_graceful",
        &[("graceful", 0), ("resume", 0)],
    );
}

/// The stored part changed in flash: the download starts over.
#[test]
fn alios_resume_refused_when_flash_changed() {
    alios(
        "alios_resume",
        false,
        "alios_resume_corrupt",
        &[("kill", 42), ("corrupt", 0)],
    );
}

/// Another job comes after the power cut: its file starts from zero.
#[test]
fn alios_resume_refused_for_another_file() {
    alios(
        "alios_resume",
        false,
        "alios_resume_other",
        &[("kill", 42), ("otherjob", 0)],
    );
}

#[test]
fn alios_resume_short_enums() {
    alios(
        "alios_resume",
        true,
        "alios_resume_short",
        &[("kill", 42), ("resume", 0)],
    );
}

// ---------------------------------------------------------------------------
// Compile-only checks: layouts, the AliOS headers alone, the sample ports for
// Cortex-M4.

/// A toolchain that must be present in CI and may be missing on a workstation.
fn require(tool: &str) -> bool {
    if have(tool) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is required when CI is set"
    );
    eprintln!("SKIP: {tool} not installed");
    false
}

/// Whether `cc -m32` can build against the host's 32-bit C library.
fn have_m32() -> bool {
    static M32: OnceLock<bool> = OnceLock::new();
    *M32.get_or_init(|| {
        let dir = work_dir().join("probe");
        fs::create_dir_all(&dir).unwrap();
        let src = dir.join("m32.c");
        fs::write(&src, "#include <stdint.h>\nint main(void){return 0;}\n").unwrap();
        Command::new(c_compiler())
            .arg("-m32")
            .arg(&src)
            .arg("-o")
            .arg(dir.join("m32"))
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Compiles `src` and panics with the compiler's output if it does not compile.
fn compile_only(cc: &str, flags: &[&str], extra: &[String], src: &Path, what: &str) {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let obj = work_dir()
        .join("probe")
        .join(format!("out{}.o", COUNT.fetch_add(1, Ordering::Relaxed)));
    let out = Command::new(cc)
        .args(flags)
        .args(extra)
        .arg("-c")
        .arg(src)
        .arg("-o")
        .arg(&obj)
        .output()
        .unwrap_or_else(|e| panic!("could not run {cc}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {cc} {flags:?} {extra:?} failed:\n{}",
        text(&out)
    );
}

/// The toolchains of the layout and header checks: (compiler, C++ compiler or "",
/// target flags).
fn toolchains() -> Vec<(String, &'static str, Vec<&'static str>)> {
    let mut v = vec![(c_compiler(), "c++", vec![])];
    if have("clang") {
        v.push(("clang".into(), "clang++", vec![]));
    }
    if have_m32() {
        v.push((c_compiler(), "", vec!["-m32"]));
    }
    if require("arm-none-eabi-gcc") {
        let cxx = if have("arm-none-eabi-g++") {
            "arm-none-eabi-g++"
        } else {
            ""
        };
        v.push(("arm-none-eabi-gcc".into(), cxx, ARM.to_vec()));
        let mut no_short = ARM.to_vec();
        no_short.push("-fno-short-enums");
        v.push(("arm-none-eabi-gcc".into(), cxx, no_short));
    }
    v
}

#[test]
fn layouts_of_the_legacy_types() {
    fs::create_dir_all(work_dir().join("probe")).unwrap();
    let src = legacy_dir().join("layout_legacy.c");
    for (cc, _, target) in toolchains() {
        for layout in ["100", "110"] {
            let mut flags = vec!["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror"];
            flags.extend(&target);
            let extra = vec![
                format!("-DOTA_V1_FILE_CONTEXT_LAYOUT={layout}"),
                format!("-I{}", repo().join("include").display()),
                format!("-I{}", repo().join("tests/c/config").display()),
            ];
            compile_only(&cc, &flags, &extra, &src, "layout_legacy.c");
        }
    }
}

/// check_headers.sh compiles the headers at the top of include/; the AliOS ones
/// keep their upstream place in include/hal/ and are compiled alone here.
#[test]
fn alios_headers_compile_alone_twice() {
    let dir = work_dir().join("probe");
    fs::create_dir_all(&dir).unwrap();
    for h in ["hal/ota.h", "hal/base.h"] {
        let stem = h.replace('/', "_").replace(".h", "");
        let c = dir.join(format!("alone_{stem}.c"));
        let cpp = dir.join(format!("alone_{stem}.cpp"));
        let body = format!("#include \"{h}\"\n#include \"{h}\"\ntypedef int nonempty_unit;\n");
        fs::write(&c, &body).unwrap();
        fs::write(&cpp, &body).unwrap();
        let inc = vec![format!("-I{}", repo().join("include").display())];
        for (cc, cxx, target) in toolchains() {
            let mut flags = vec!["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror"];
            flags.extend(&target);
            compile_only(&cc, &flags, &inc, &c, h);
            if !cxx.is_empty() && have(cxx) {
                let mut flags = vec!["-std=c++11", "-Wall", "-Wextra", "-Wpedantic", "-Werror"];
                flags.extend(&target);
                compile_only(cxx, &flags, &inc, &cpp, h);
            }
        }
    }
}

/// The sample ports build for Cortex-M4 too (newlib), with and without short enums,
/// in both v1 layouts, as legacy code (`-Wall -Werror`).
#[test]
fn sample_ports_compile_for_cortex_m4() {
    if !require("arm-none-eabi-gcc") {
        return;
    }
    fs::create_dir_all(work_dir().join("probe")).unwrap();
    for short in [true, false] {
        let mut flags = vec!["-std=c99", "-Wall", "-Werror"];
        flags.extend(ARM);
        if !short {
            flags.push("-fno-short-enums");
        }
        for layout in ["100", "110"] {
            for port in [V1_PAL, V1_APP] {
                let mut extra = include_args();
                extra.push(format!("-DOTA_V1_FILE_CONTEXT_LAYOUT={layout}"));
                compile_only(
                    "arm-none-eabi-gcc",
                    &flags,
                    &extra,
                    &legacy_dir().join(port),
                    port,
                );
            }
        }
        compile_only(
            "arm-none-eabi-gcc",
            &flags,
            &include_args(),
            &legacy_dir().join(ALIOS_PORT),
            ALIOS_PORT,
        );
    }
}

// ---------------------------------------------------------------------------
// What libota.a defines.

fn defined_symbols(lib: &Path) -> Option<Vec<String>> {
    let out = Command::new("nm")
        .args(["-g", "--defined-only"])
        .arg(lib)
        .output()
        .ok()?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().nth(2).map(str::to_string))
            .collect(),
    )
}

/// Symbols a PAL or application defines must not come from the library: ESP32 v1
/// PALs define prvPAL_CheckFileSignature and prvPAL_ReadAndAssumeCertificate as
/// globals, and any definition of the v3 key or version in an archive member would
/// be linked in ahead of the application's own when that comes later on the
/// command line.
#[test]
fn library_leaves_pal_and_application_symbols_alone() {
    let Some(syms) = defined_symbols(library(false)) else {
        eprintln!("SKIP: nm not available");
        return;
    };
    for s in [
        "prvPAL_CheckFileSignature",
        "prvPAL_ReadAndAssumeCertificate",
        "prvPAL_Abort",
        "prvPAL_CreateFileForRx",
        "cOTA_JSON_FileSignatureKey",
        "OTA_JsonFileSignatureKey",
        "xAppFirmwareVersion",
        "appFirmwareVersion",
    ] {
        assert!(
            !syms.iter().any(|d| d == s),
            "libota.a defines {s}, which belongs to the PAL or the application"
        );
    }
    for s in [
        "OTA_V1_GetPalInterfaceForLayout",
        "OTA_AliOS_GetPalInterfaceChecked",
    ] {
        assert!(syms.iter().any(|d| d == s), "libota.a does not define {s}");
    }
}

/// A v3 program whose PAL (with the signature key) and version live in a library
/// linked after libota.a still links: no member of libota.a offers those symbols.
#[test]
fn v3_program_with_pal_in_a_later_library_links() {
    let dir = work_dir().join("linkorder");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("main.c"),
        "#include \"ota.h\"\nint main(void){ return OTA_GetState() == OtaAgentStateStopped ? 0 : 1; }\n",
    )
    .unwrap();
    fs::write(
        dir.join("pal.c"),
        "#include \"ota.h\"\n#include \"ota_appversion32.h\"\n\
         const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = \"sig-sha256-ecdsa\";\n\
         const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 0 } };\n",
    )
    .unwrap();
    let inc = [
        format!("-I{}", repo().join("include").display()),
        format!("-I{}", abi_dir().display()),
    ];
    for f in ["main", "pal"] {
        let out = Command::new(c_compiler())
            .args(["-std=c99", "-c"])
            .args(&inc)
            .arg(dir.join(format!("{f}.c")))
            .arg("-o")
            .arg(dir.join(format!("{f}.o")))
            .output()
            .unwrap();
        assert!(out.status.success(), "{f}.c:\n{}", text(&out));
    }
    let _ = fs::remove_file(dir.join("libpal.a"));
    let out = Command::new("ar")
        .arg("rcs")
        .arg(dir.join("libpal.a"))
        .arg(dir.join("pal.o"))
        .output()
        .unwrap();
    assert!(out.status.success(), "ar:\n{}", text(&out));
    let out = Command::new(c_compiler())
        .arg(dir.join("main.o"))
        .arg("-Wl,--undefined=OTA_JsonFileSignatureKey")
        .arg("-Wl,--undefined=appFirmwareVersion")
        .arg(library(false))
        .arg(dir.join("libpal.a"))
        .args(SYSTEM_LIBS)
        .arg("-o")
        .arg(dir.join("app"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "linking main.o libota.a libpal.a:\n{}",
        text(&out)
    );
    let run = Command::new(dir.join("app")).status().unwrap();
    assert!(run.success());
}
