//! C ABI behaviour tests: C programs written against the public headers, the way
//! firmware written for the C agent uses them, linked with `libota.a`.
//!
//! Each `tests/c/abi/abi_<name>.c` is one scenario with its own `main()`; the other
//! `.c` files in that directory are the shared fakes. The library is built once with
//! the scenarios' `ota_config.h` (through `OTA_CONFIG_DIR`) into `target/c-abi`, a
//! separate target directory so the build does not wait on the outer cargo's lock.
//! Every scenario is compiled with `-Wall -Wextra -Werror` and, when the toolchain
//! supports it, AddressSanitizer and UndefinedBehaviorSanitizer, then run; it passes
//! when it exits with status 0. Its output is printed when it fails.

mod support;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn abi_dir() -> PathBuf {
    repo().join("tests").join("c").join("abi")
}

fn work_dir() -> PathBuf {
    repo().join("target").join("c-abi")
}

/// Libraries the Rust static library needs from the system, beyond libc.
const SYSTEM_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm"];
/// Tried as well when linking with `SYSTEM_LIBS` alone fails.
const EXTRA_SYSTEM_LIBS: &[&str] = &["-lrt", "-lutil", "-lgcc_s"];

const SANITIZERS: &[&str] = &["-fsanitize=address,undefined", "-fno-omit-frame-pointer"];

/// Builds `libota.a` with the test configuration, once per test process.
fn library() -> &'static Result<PathBuf, String> {
    static LIB: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    LIB.get_or_init(|| {
        let target = work_dir();
        let mut cmd = support::cargo_build(&repo(), &target, &abi_dir());
        cmd.args(["--lib", "--quiet"]);
        let out = cmd
            .output()
            .map_err(|e| format!("could not run cargo build: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cargo build of libota.a with OTA_CONFIG_DIR=tests/c/abi failed ({}):\n{}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let lib = target.join("debug").join("libota.a");
        if !lib.is_file() {
            return Err(format!(
                "cargo build succeeded but {} is missing",
                lib.display()
            ));
        }
        Ok(lib)
    })
}

fn c_compiler() -> String {
    std::env::var("CC")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "cc".into())
}

/// The shared sources: every `.c` in the directory that is not a scenario.
fn support_sources() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(abi_dir())
        .expect("tests/c/abi is missing")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension() == Some(OsStr::new("c")))
        .filter(|p| !file_name(p).starts_with("abi_"))
        .collect();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn compile(name: &str, lib: &Path, sanitize: bool, extra_libs: bool) -> Result<PathBuf, String> {
    let bin_dir = work_dir().join("bin");
    fs::create_dir_all(&bin_dir).map_err(|e| e.to_string())?;
    let exe = bin_dir.join(format!("{name}{}", if sanitize { "" } else { "-nosan" }));
    let mut cmd = Command::new(c_compiler());
    cmd.args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-g", "-O1"]);
    if sanitize {
        cmd.args(SANITIZERS);
    }
    cmd.arg("-I").arg(repo().join("include"));
    cmd.arg("-I").arg(abi_dir());
    cmd.arg("-o").arg(&exe);
    cmd.arg(abi_dir().join(format!("{name}.c")));
    cmd.args(support_sources());
    cmd.arg(lib);
    cmd.args(SYSTEM_LIBS);
    if extra_libs {
        cmd.args(EXTRA_SYSTEM_LIBS);
    }
    let out = cmd
        .output()
        .map_err(|e| format!("could not run {}: {e}", c_compiler()))?;
    if out.status.success() {
        Ok(exe)
    } else {
        Err(format!(
            "{cmd:?}\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Checks the scenario and the fakes compile cleanly against include/ (warnings are
/// errors), then links with sanitizers when the toolchain supports them, else without.
fn build_scenario(name: &str, lib: &Path) -> (PathBuf, bool) {
    let mut cmd = Command::new(c_compiler());
    cmd.args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"]);
    cmd.arg("-I").arg(repo().join("include"));
    cmd.arg("-I").arg(abi_dir());
    cmd.arg(abi_dir().join(format!("{name}.c")));
    cmd.args(support_sources());
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", c_compiler()));
    if !out.status.success() {
        panic!(
            "{name}.c does not compile against include/:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut errors = Vec::new();
    for (sanitize, extra) in [(true, false), (true, true), (false, false), (false, true)] {
        match compile(name, lib, sanitize, extra) {
            Ok(exe) => return (exe, sanitize),
            Err(e) => errors.push(e),
        }
    }
    panic!(
        "{name}: could not link against libota.a:\n{}",
        errors.join("\n----\n")
    );
}

fn run_once(exe: &Path, name: &str, detect_leaks: bool) -> (Option<i32>, String) {
    let log_dir = work_dir().join("out");
    fs::create_dir_all(&log_dir).expect("create target/c-abi/out");
    let log = log_dir.join(format!("{name}.log"));
    let file = fs::File::create(&log).expect("create scenario log");
    let err = file.try_clone().expect("clone log handle");
    let status = Command::new(exe)
        .current_dir(&log_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(err))
        .env(
            "ASAN_OPTIONS",
            format!(
                "detect_leaks={}:abort_on_error=0:halt_on_error=1",
                detect_leaks as u8
            ),
        )
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .status()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", exe.display()));
    let text = fs::read_to_string(&log).unwrap_or_default();
    (status.code(), text)
}

fn run_scenario(name: &str) {
    let lib = match library() {
        Ok(lib) => lib,
        Err(e) => panic!("{e}"),
    };
    let (exe, sanitized) = build_scenario(name, lib);
    let (mut code, mut text) = run_once(&exe, name, true);
    if code != Some(0) && text.contains("LeakSanitizer has encountered a fatal error") {
        // LeakSanitizer cannot run in some sandboxes (ptrace); rerun without it.
        (code, text) = run_once(&exe, name, false);
    }
    println!("{text}");
    if code != Some(0) {
        panic!(
            "scenario {name} failed (exit {code:?}{}); output above",
            if sanitized {
                ", with ASan/UBSan"
            } else {
                ", without sanitizers"
            }
        );
    }
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_scenario(stringify!($name));
            }
        )*

        /// Every scenario file has a test above, so none is silently skipped.
        #[test]
        fn every_scenario_file_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let mut missing = Vec::new();
            for entry in fs::read_dir(abi_dir()).expect("tests/c/abi") {
                let path = entry.expect("dir entry").path();
                let name = file_name(&path);
                if let Some(stem) = name.strip_suffix(".c") {
                    if stem.starts_with("abi_") && !listed.contains(&stem) {
                        missing.push(stem.to_string());
                    }
                }
            }
            assert!(missing.is_empty(), "scenarios without a test in tests/c_abi.rs: {missing:?}");
        }
    };
}

scenarios!(
    abi_api_misuse,
    abi_bad_blocks,
    abi_block_alignment,
    abi_bad_job,
    abi_http_bad_blocks,
    abi_http_update,
    abi_http_url_refresh,
    abi_interface_pointer,
    abi_job_cancel,
    abi_job_doc_variants,
    abi_lossy_stream,
    abi_momentum,
    abi_mqtt_update,
    abi_other_file,
    abi_pal_errors,
    abi_selftest_accept,
    abi_selftest_commit_fail,
    abi_selftest_reject,
    abi_selftest_rollback,
    abi_selftest_timeout,
    abi_selftest_version,
    abi_sig_fail,
    abi_stray_block,
    abi_suspend_resume,
    abi_thread,
    abi_user_abort,
);

/// The same library and scenarios with 1-byte enums (`-fshort-enums`, the default of
/// `arm-none-eabi-gcc`): the build probes the C compiler and lays out every enum
/// field and argument as a byte, and the C side must agree at run time too.
mod short_enums {
    use super::*;

    fn library() -> &'static Result<PathBuf, String> {
        static LIB: OnceLock<Result<PathBuf, String>> = OnceLock::new();
        LIB.get_or_init(|| {
            let target = repo().join("target").join("c-abi-short-enums");
            let out = Command::new(env!("CARGO"))
                .current_dir(repo())
                .args(["build", "--lib", "--quiet"])
                .env("CARGO_TARGET_DIR", &target)
                .env("OTA_CONFIG_DIR", abi_dir())
                .env("CFLAGS", "-fshort-enums")
                .env_remove("OTA_C_ENUM_SIZE")
                .output()
                .map_err(|e| format!("could not run cargo build: {e}"))?;
            if !out.status.success() {
                return Err(String::from_utf8_lossy(&out.stderr).into_owned());
            }
            Ok(target.join("debug").join("libota.a"))
        })
    }

    fn run(name: &str) {
        let lib = library().as_ref().unwrap_or_else(|e| panic!("{e}"));
        let bin = repo().join("target").join("c-abi-short-enums");
        let exe = bin.join(name);
        let out = Command::new(c_compiler())
            // Range checks on enum values in the fakes are always true with 1-byte
            // unsigned enums; that warning is expected here.
            .args([
                "-std=c99",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-Wno-type-limits",
                "-g",
            ])
            .arg("-fshort-enums")
            .arg("-I")
            .arg(repo().join("include"))
            .arg("-I")
            .arg(abi_dir())
            .arg("-o")
            .arg(&exe)
            .arg(abi_dir().join(format!("{name}.c")))
            .args(support_sources())
            .arg(lib)
            .args(SYSTEM_LIBS)
            .output()
            .expect("run the C compiler");
        assert!(
            out.status.success(),
            "{name} with -fshort-enums does not build:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let run = Command::new(&exe)
            .current_dir(&bin)
            .stdin(Stdio::null())
            .output()
            .expect("run the scenario");
        assert!(
            run.status.success(),
            "{name} with -fshort-enums failed:\n{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }

    #[test]
    fn mqtt_update_with_short_enums() {
        run("abi_mqtt_update");
    }

    #[test]
    fn selftest_accept_with_short_enums() {
        run("abi_selftest_accept");
    }

    #[test]
    fn http_update_with_short_enums() {
        run("abi_http_update");
    }

    #[test]
    fn suspend_resume_with_short_enums() {
        run("abi_suspend_resume");
    }
}
