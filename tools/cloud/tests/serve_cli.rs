//! `ota-cloud serve` driven by the fake device: exit codes and the printed report.

mod common;

use common::{FakeDevice, WAIT, image, signature_ok};
use ota_cloud::{QoS, signing};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ota-cloud");

struct Serve {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(port: u16, dir: &std::path::Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--embedded-broker",
                "--broker",
                &format!("127.0.0.1:{port}"),
            ])
            .args([
                "--thing",
                "cli-thing",
                "--job-id",
                "cli-job",
                "--timeout",
                "20",
            ])
            .arg("--image")
            .arg(dir.join("image.bin"))
            .arg("--key")
            .arg(dir.join("key.pem"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut s = Serve {
            child,
            lines,
            seen: Vec::new(),
        };
        s.wait_line("waiting for the device");
        s
    }

    fn wait_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(needle) {
                        return l;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no line with {needle:?}; got {:#?}", self.seen);
    }

    fn exit_code(&mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("ota-cloud serve did not exit");
    }
}

fn prepare(name: &str) -> (std::path::PathBuf, Vec<u8>, signing::VerifyingKey) {
    let dir = std::env::temp_dir().join(format!("ota-serve-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let img = image(30_000);
    std::fs::write(dir.join("image.bin"), &img).unwrap();
    let key = signing::generate_key();
    std::fs::write(dir.join("key.pem"), signing::private_key_pem(&key).unwrap()).unwrap();
    (dir, img, *key.verifying_key())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn serve_reports_success_with_exit_code_0() {
    let (dir, img, vk) = prepare("ok");
    let port = free_port();
    let mut serve = Serve::start(port, &dir, &["--drop", "0.1", "--seed", "7"]);
    let mut dev = FakeDevice::connect(port, "cli-thing");
    let answer = dev.next_get();
    assert_eq!(answer["execution"]["jobId"], "cli-job");
    let dl = dev.download_mqtt(&answer["execution"], 1024, 8, 8);
    assert_eq!(dl.data, img);
    assert!(signature_ok(&answer["execution"], &vk, &dl.data));
    dev.update(
        "cli-job",
        "SUCCEEDED",
        &[("reason", "accepted  v1.0.1")],
        QoS::AtLeastOnce,
    );
    let line = serve.wait_line("SUCCEEDED");
    assert!(line.contains("device -> SUCCEEDED"), "{line}");
    let summary = serve.wait_line("summary:");
    assert!(summary.contains("job SUCCEEDED"), "{summary}");
    assert!(summary.contains("file 29.3 KiB"), "{summary}");
    assert_eq!(serve.exit_code(), Some(0));
    assert!(
        serve.seen.iter().any(|l| l.contains("receive=\"8/30\"")),
        "{:#?}",
        serve.seen
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_exits_1_when_the_device_fails() {
    let (dir, _, _) = prepare("fail");
    let port = free_port();
    let mut serve = Serve::start(port, &dir, &["--protocol", "both"]);
    let mut dev = FakeDevice::connect(port, "cli-thing");
    let answer = dev.next_get();
    let file = &answer["execution"]["jobDocument"]["afr_ota"]["files"][0];
    assert!(
        file["update_data_url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    dev.update(
        "cli-job",
        "FAILED",
        &[("reason", "0x0000000b: 0x00000000")],
        QoS::AtLeastOnce,
    );
    assert!(serve.wait_line("summary:").contains("job FAILED"));
    assert_eq!(serve.exit_code(), Some(1));
    let _ = std::fs::remove_dir_all(dir);
}
