//! Helpers shared by the integration tests that build `libota.a` (or a crate
//! that links it) themselves.

use std::path::Path;
use std::process::Command;

/// `cargo build` from the repository root into `target_dir`, with the
/// configuration of `config_dir` (`OTA_CONFIG_DIR`). Settings meant for the
/// outer build are removed so that they cannot leak into this one; the caller
/// adds its arguments (`--lib`, `-p …`) and runs it.
pub fn cargo_build(repo: &Path, target_dir: &Path, config_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(repo)
        .arg("build")
        .env("CARGO_TARGET_DIR", target_dir)
        .env("OTA_CONFIG_DIR", config_dir)
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("OTA_DO_NOT_USE_CUSTOM_CONFIG")
        .env_remove("OTA_CONFIG_DEFINES")
        .env_remove("OTA_CONFIG_INCLUDE_DIRS")
        .env_remove("OTA_CONFIG_CLANG_ARGS")
        .env_remove("OTA_C_ENUM_SIZE");
    cmd
}
