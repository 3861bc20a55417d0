//! Build script: reads the user's `ota_config.h` into Rust constants, detects the C
//! compiler's enum width, and compiles the C glue in `cbits/`.
//!
//! Environment (all optional):
//! - `OTA_CONFIG_DIR`: directory holding the application's `ota_config.h`. Without it
//!   (or with `OTA_DO_NOT_USE_CUSTOM_CONFIG` set) the defaults of
//!   `include/ota_config_defaults.h` apply, as with the C agent.
//! - `OTA_CONFIG_INCLUDE_DIRS`: extra include directories needed by `ota_config.h`
//!   (a path list, `:`-separated on Unix).
//! - `OTA_CONFIG_DEFINES`: extra preprocessor definitions, space-separated
//!   (`NAME` or `NAME=VALUE`), applied to both the config read and `cbits/`.
//! - `OTA_CONFIG_CLANG_ARGS`: extra arguments for the config read only.
//! - `OTA_C_ENUM_SIZE`: `1` or `4`, the size of a C enum in the firmware's compiler.
//!   Without it the configured C compiler for the target (`CC`/`CFLAGS`, as the `cc`
//!   crate finds them) is probed.
//!
//! It never writes into the source tree.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Configuration values read from the headers, in the order they are emitted.
/// (Rust constant name, C expression, Rust type).
const VALUES: &[(&str, &str, &str)] = &[
    (
        "LOG2_FILE_BLOCK_SIZE",
        "otaconfigLOG2_FILE_BLOCK_SIZE",
        "u32",
    ),
    (
        "MAX_BLOCK_BITMAP_SIZE",
        "otaconfigMAX_BLOCK_BITMAP_SIZE",
        "u32",
    ),
    (
        "SELF_TEST_RESPONSE_WAIT_MS",
        "otaconfigSELF_TEST_RESPONSE_WAIT_MS",
        "u32",
    ),
    (
        "FILE_REQUEST_WAIT_MS",
        "otaconfigFILE_REQUEST_WAIT_MS",
        "u32",
    ),
    ("MAX_THINGNAME_LEN", "otaconfigMAX_THINGNAME_LEN", "u32"),
    (
        "MAX_NUM_BLOCKS_REQUEST",
        "otaconfigMAX_NUM_BLOCKS_REQUEST",
        "u32",
    ),
    (
        "MAX_NUM_REQUEST_MOMENTUM",
        "otaconfigMAX_NUM_REQUEST_MOMENTUM",
        "u32",
    ),
    (
        "OTA_UPDATE_STATUS_FREQUENCY",
        "otaconfigOTA_UPDATE_STATUS_FREQUENCY",
        "u32",
    ),
    ("ALLOW_DOWNGRADE", "otaconfigAllowDowngrade", "u32"),
    (
        "FIRMWARE_UPDATE_FILE_TYPE_ID",
        "configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID",
        "u32",
    ),
    (
        "ENABLED_CONTROL_PROTOCOL",
        "configENABLED_CONTROL_PROTOCOL",
        "u32",
    ),
    (
        "ENABLED_DATA_PROTOCOLS",
        "configENABLED_DATA_PROTOCOLS",
        "u32",
    ),
    (
        "PRIMARY_DATA_PROTOCOL",
        "configOTA_PRIMARY_DATA_PROTOCOL",
        "u32",
    ),
    (
        "POLLING_EVENTS_TIMEOUT_MS",
        "configOTA_POLLING_EVENTS_TIMEOUT_MS",
        "u32",
    ),
];

fn main() {
    // The repository root: this package's directory, or its parent for the
    // `rlib/` package, which builds the same sources as a Rust library.
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = [manifest.clone(), manifest.join("..")]
        .into_iter()
        .find(|dir| dir.join("include").join("ota.h").is_file())
        .expect("include/ota.h not found next to the package");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let include = root.join("include");
    let target_os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();

    for var in [
        "OTA_CONFIG_DIR",
        "OTA_CONFIG_INCLUDE_DIRS",
        "OTA_CONFIG_DEFINES",
        "OTA_CONFIG_CLANG_ARGS",
        "OTA_C_ENUM_SIZE",
        "OTA_DO_NOT_USE_CUSTOM_CONFIG",
        "CC",
        "CFLAGS",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    for path in ["include", "cbits", "build.rs"] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }

    // Hosted targets get std (catch_unwind at the C boundary); bare metal stays no_std.
    if target_os != "none" {
        println!("cargo:rustc-cfg=ota_std");
    }

    let mut includes: Vec<PathBuf> = vec![include.clone()];
    let custom = env::var_os("OTA_CONFIG_DIR")
        .filter(|_| env::var_os("OTA_DO_NOT_USE_CUSTOM_CONFIG").is_none())
        .map(PathBuf::from);
    if let Some(dir) = &custom {
        let file = dir.join("ota_config.h");
        if !file.is_file() {
            panic!(
                "OTA_CONFIG_DIR={} does not contain ota_config.h",
                dir.display()
            );
        }
        println!("cargo:rerun-if-changed={}", file.display());
        includes.insert(0, dir.clone());
    }
    if let Some(extra) = env::var_os("OTA_CONFIG_INCLUDE_DIRS") {
        includes.extend(env::split_paths(&extra));
    }
    let mut defines: Vec<(String, Option<String>)> = env::var("OTA_CONFIG_DEFINES")
        .unwrap_or_default()
        .split_whitespace()
        .map(|d| match d.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (d.to_string(), None),
        })
        .collect();
    if custom.is_none() {
        defines.push(("OTA_DO_NOT_USE_CUSTOM_CONFIG".into(), None));
    }

    let values = read_config(&out, &includes, &defines);
    let enum_size = enum_size(&out);
    if enum_size == 1 {
        println!("cargo:rustc-cfg=ota_short_enums");
    }

    let mut rs = String::new();
    writeln!(
        rs,
        "// Generated by build.rs from the application's ota_config.h."
    )
    .unwrap();
    for ((name, expr, ty), value) in VALUES.iter().zip(&values) {
        writeln!(rs, "/// `{expr}` as the C build sees it.").unwrap();
        writeln!(rs, "pub const {name}: {ty} = {value};").unwrap();
    }
    writeln!(
        rs,
        "/// Size in bytes of a C enum in the firmware's compiler."
    )
    .unwrap();
    writeln!(rs, "pub const C_ENUM_SIZE: usize = {enum_size};").unwrap();
    writeln!(
        rs,
        "/// True when the application supplied its own ota_config.h."
    )
    .unwrap();
    writeln!(rs, "pub const CUSTOM_CONFIG: bool = {};", custom.is_some()).unwrap();
    fs::write(out.join("config.rs"), rs).unwrap();

    for level in enabled_log_levels(&out, &includes, &defines) {
        println!("cargo:rustc-cfg=ota_log_{level}");
    }
    build_cbits(&root, &includes, &defines);
    println!("cargo:include={}", include.display());
}

/// Evaluates every configuration expression with libclang (through bindgen), so any
/// constant expression the user wrote (`( 1U << 12 )`, `OTA_DATA_OVER_MQTT | ...`) is
/// read exactly as the C compiler reads it.
fn read_config(out: &Path, includes: &[PathBuf], defines: &[(String, Option<String>)]) -> Vec<u64> {
    let mut wrapper = String::from(
        "/* Generated by build.rs: evaluates the OTA configuration. */\n\
         #include <stdint.h>\n#include <stddef.h>\n#include <stdbool.h>\n\
         #include \"ota_private.h\"\n\
         #include \"ota_interface_private.h\"\n\
         enum ota_build_config_values {\n",
    );
    for (name, expr, _) in VALUES {
        writeln!(wrapper, "    OTA_BUILD_CFG_{name} = ( {expr} ),").unwrap();
    }
    wrapper.push_str("};\n");
    let path = out.join("ota_config_probe.h");
    fs::write(&path, wrapper).unwrap();

    // Only integer macro values are read, which do not depend on the target; the
    // host target lets clang find the C library headers ota_config.h may include.
    let host = env::var("HOST").unwrap_or_default();
    let mut builder = bindgen::Builder::default()
        .clang_arg(format!("--target={host}"))
        .header(path.to_string_lossy())
        .allowlist_type("ota_build_config_values")
        .constified_enum("ota_build_config_values")
        .prepend_enum_name(false)
        .layout_tests(false)
        .use_core();
    for dir in includes {
        builder = builder.clang_arg(format!("-I{}", dir.display()));
    }
    for (k, v) in defines {
        builder = builder.clang_arg(match v {
            Some(v) => format!("-D{k}={v}"),
            None => format!("-D{k}"),
        });
    }
    if let Ok(extra) = env::var("OTA_CONFIG_CLANG_ARGS") {
        builder = builder.clang_args(extra.split_whitespace());
    }
    let bindings = builder
        .generate()
        .unwrap_or_else(|e| panic!("reading ota_config.h failed: {e}"))
        .to_string();

    VALUES
        .iter()
        .map(|(name, expr, _)| {
            let key = format!("OTA_BUILD_CFG_{name}:");
            let line = bindings
                .lines()
                .find(|l| l.contains(&key))
                .unwrap_or_else(|| panic!("{expr} could not be evaluated from ota_config.h"));
            let value = line
                .rsplit('=')
                .next()
                .and_then(|v| v.trim().trim_end_matches(';').trim().parse::<i64>().ok())
                .unwrap_or_else(|| panic!("{expr}: unexpected value in `{line}`"));
            u64::try_from(value)
                .unwrap_or_else(|_| panic!("{expr} is negative ({value}); it must be >= 0"))
        })
        .collect()
}

/// Size of a C enum as the firmware's C compiler lays it out: explicit, or probed by
/// compiling a static assertion with the configured compiler for the target.
fn enum_size(out: &Path) -> usize {
    if let Ok(v) = env::var("OTA_C_ENUM_SIZE") {
        return match v.trim() {
            "1" => 1,
            "4" => 4,
            other => panic!("OTA_C_ENUM_SIZE must be 1 or 4, not {other}"),
        };
    }
    let probe = out.join("ota_enum_probe.c");
    fs::write(
        &probe,
        "typedef enum { OtaProbeA = 0, OtaProbeB = 1 } OtaProbe_t;\n\
         typedef char ota_probe_short_enum[ ( sizeof( OtaProbe_t ) == 1 ) ? 1 : -1 ];\n",
    )
    .unwrap();
    let short = cc::Build::new()
        .file(&probe)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .warnings(false)
        .try_compile("ota_enum_probe")
        .is_ok();
    if short { 1 } else { 4 }
}

/// The log levels whose macro (`LogError`, ...) expands to something with the
/// application's configuration. Levels that expand to nothing, the C agent's
/// default, are compiled out of the library, format strings included.
fn enabled_log_levels(
    out: &Path,
    includes: &[PathBuf],
    defines: &[(String, Option<String>)],
) -> Vec<&'static str> {
    const LEVELS: [(&str, &str); 4] = [
        ("error", "LogError"),
        ("warn", "LogWarn"),
        ("info", "LogInfo"),
        ("debug", "LogDebug"),
    ];
    let mut probe = String::from("#include <stdint.h>\n#include \"ota_private.h\"\n");
    for (level, mac) in LEVELS {
        writeln!(
            probe,
            "ota_probe_begin_{level} {mac}( ( \"x\" ) ) ota_probe_end_{level}"
        )
        .unwrap();
    }
    let path = out.join("ota_log_probe.c");
    fs::write(&path, probe).unwrap();
    let mut build = cc::Build::new();
    build
        .file(&path)
        .cargo_metadata(false)
        .cargo_warnings(false);
    for dir in includes {
        build.include(dir);
    }
    for (k, v) in defines {
        build.define(k, v.as_deref());
    }
    let text = match build.try_expand() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        // If the config cannot be preprocessed here, keep every level (cbits will
        // report the real error when it compiles).
        Err(_) => return LEVELS.iter().map(|(l, _)| *l).collect(),
    };
    LEVELS
        .iter()
        .filter(|(level, _)| {
            let begin = format!("ota_probe_begin_{level}");
            let end = format!("ota_probe_end_{level}");
            match (text.find(&begin), text.find(&end)) {
                (Some(b), Some(e)) if e > b => !text[b + begin.len()..e].trim().is_empty(),
                _ => true,
            }
        })
        .map(|(l, _)| *l)
        .collect()
}

fn build_cbits(root: &Path, includes: &[PathBuf], defines: &[(String, Option<String>)]) {
    let mut build = cc::Build::new();
    for f in [
        "ota_log_bridge.c",
        "ota_port_hooks.c",
        // Compatibility with v1 (Amazon FreeRTOS) PALs and applications, and with
        // AliOS-Things flash ports. Each is its own archive member, linked only
        // when used.
        "legacy_pal_adapter.c",
        "legacy_agent_adapter.c",
        "alios_adapter.c",
        "alios_hal_ota.c",
    ] {
        build.file(root.join("cbits").join(f));
    }
    for dir in includes {
        build.include(dir);
    }
    for (k, v) in defines {
        build.define(k, v.as_deref());
    }
    // The AliOS adapter verifies signatures with the `verify` feature's helpers.
    if env::var_os("CARGO_FEATURE_VERIFY").is_some() {
        build.define("OTA_FEATURE_VERIFY", None);
    }
    build.warnings(true).extra_warnings(true);
    build.compile("ota_cbits");
}
