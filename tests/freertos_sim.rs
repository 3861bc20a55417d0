//! The FreeRTOS OS port end to end: the agent runs as a FreeRTOS application on
//! the kernel's POSIX simulator port, with the port's queue, software timers and
//! heap, against a scripted cloud, and completes an update (see
//! `tests/freertos/src/main.rs` for the scenario and its checks).
//!
//! The application is its own package (`tests/freertos`, a workspace member),
//! built here with a nested `cargo build` into `target/freertos-sim`, with
//! `OTA_CONFIG_DIR=tests/freertos` so the library gets the test's `ota_config.h`
//! (short request timer) without disturbing the main build's configuration. It is
//! run as a child process, one kernel per process, under a wall-clock limit; it
//! reports through its exit status and output.
//!
//! Run with `cargo test --features freertos --test freertos_sim`.
#![cfg(target_os = "linux")]

mod support;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest the simulated update may run, in wall time (it needs under a second).
const RUN_LIMIT: Duration = Duration::from_secs(120);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build() -> PathBuf {
    let target = repo().join("target").join("freertos-sim");
    let out = support::cargo_build(&repo(), &target, &repo().join("tests").join("freertos"))
        .args(["--quiet", "-p", "ota-freertos-sim"])
        .output()
        .expect("could not run cargo build");
    assert!(
        out.status.success(),
        "building tests/freertos failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let exe = target.join("debug").join("ota-freertos-sim");
    assert!(
        exe.is_file(),
        "{} is missing after the build",
        exe.display()
    );
    exe
}

#[test]
fn agent_completes_an_update_on_the_freertos_simulator() {
    let exe = build();
    let mut child = Command::new(&exe)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", exe.display()));
    // Drain both pipes on threads so a chatty child cannot block on a full pipe.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the simulator") {
            break Some(status);
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    let report = format!("--- report ---\n{out}--- agent log ---\n{err}");
    match status {
        None => panic!("the simulator did not finish within {RUN_LIMIT:?} (hang?)\n{report}"),
        Some(s) if !s.success() => panic!("the simulator failed ({s})\n{report}"),
        Some(_) => {
            assert!(out.contains(" 0 failed"), "unexpected report\n{report}");
            println!("{report}");
        }
    }
}
