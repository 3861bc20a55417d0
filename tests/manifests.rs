//! The root package (the C library `libota.a`) and `rlib/` (the same sources as
//! a Rust library) must build the same thing: same features, same
//! dependencies, same build-time dependencies.

use std::path::Path;

/// The lines of `[name]` in a Cargo manifest, comments and blank lines left out.
fn section(manifest: &str, name: &str) -> Vec<String> {
    let header = format!("[{name}]");
    manifest
        .lines()
        .skip_while(|l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn rlib_package_matches_the_root_package() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let rlib = std::fs::read_to_string(repo.join("rlib/Cargo.toml")).unwrap();
    for name in ["features", "dependencies", "build-dependencies"] {
        let (a, b) = (section(&root, name), section(&rlib, name));
        assert!(!a.is_empty(), "[{name}] missing from Cargo.toml");
        assert_eq!(
            a, b,
            "[{name}] differs between Cargo.toml and rlib/Cargo.toml"
        );
    }
    // Both build the same sources with the same build script.
    assert!(rlib.contains("path = \"../src/lib.rs\""));
    assert!(rlib.contains("build = \"../build.rs\""));
    assert!(rlib.contains("name = \"ota\""));
    assert!(root.contains("crate-type = [\"staticlib\"]"));
}
