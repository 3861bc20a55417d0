//! Pieces shared by the zero-setup demo (`cargo run -p ota-demo`) and the
//! end-to-end tests: building the C demo firmware against `libota.a`,
//! running it as a child process with its output captured, demo images,
//! signing keys, temporary directories and a mosquitto broker with the
//! Jobs plugin.

use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

pub use ota_broker;
pub use ota_cloud;

use ota_cloud::signing::{self, SigningKey};

/// Exit codes of the C demo (see `examples/c-demo/src/main.c`).
pub mod exit {
    /// The update was installed (job SUCCEEDED).
    pub const UPDATED: i32 = 0;
    /// The download or the signature check failed; the old firmware runs.
    pub const UPDATE_FAILED: i32 = 1;
    /// The new image failed its self-test and was rolled back.
    pub const ROLLED_BACK: i32 = 2;
    /// The job was cancelled (or removed) during the download.
    pub const JOB_CANCELED: i32 = 3;
    /// Set-up error (bad options, the MQTT client or the agent cannot start).
    pub const SETUP_ERROR: i32 = 4;
    /// `--timeout` expired.
    pub const TIMEOUT: i32 = 5;
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

/// True when `CI=true`: what may be skipped locally is then required.
pub fn ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// A free TCP port on 127.0.0.1 (free when asked; bind it soon).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Waits until something accepts TCP connections on `port`.
pub fn wait_for_listener(port: u16, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    false
}

// ---------------------------------------------------------------------------
// Building the C demo

/// A configuration of `libota.a` and the C demo (`examples/c-demo/<dir>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Config {
    /// `config/`: 4 KiB blocks, 128-byte bitmap: images up to 4 MiB.
    Default,
    /// `config-8mib/`: 4 KiB blocks, 256-byte bitmap: images up to 8 MiB.
    EightMib,
}

impl Config {
    /// Directory name under `examples/c-demo`.
    pub fn dir_name(self) -> &'static str {
        match self {
            Config::Default => "config",
            Config::EightMib => "config-8mib",
        }
    }

    /// Largest image this configuration takes.
    pub fn max_image(self) -> usize {
        match self {
            Config::Default => 4 << 20,
            Config::EightMib => 8 << 20,
        }
    }
}

/// Builds `libota.a` for `config` (with `cargo`, into `<out_root>/<config>/cargo`)
/// and the C demo against it (with the demo's Makefile, into `<out_root>/<config>`),
/// and returns the demo executable.
///
/// `libota.a` goes to its own cargo target directory so that the build does not wait
/// on the lock of a cargo that runs this code (tests, `cargo run`).
pub fn build_c_demo(config: Config, out_root: &Path) -> Result<PathBuf, String> {
    build_c_demo_with(config, out_root, false)
}

/// As [`build_c_demo`]; with `sanitize`, the C code (demo, ports) is built with
/// AddressSanitizer and UndefinedBehaviorSanitizer into `<out_root>/<config>-asan`.
pub fn build_c_demo_with(
    config: Config,
    out_root: &Path,
    sanitize: bool,
) -> Result<PathBuf, String> {
    let c_demo = repo_root().join("examples/c-demo");
    let lib_dir = out_root.join(config.dir_name()).join("cargo");
    let build = if sanitize {
        out_root.join(format!("{}-asan", config.dir_name()))
    } else {
        out_root.join(config.dir_name())
    };
    let mut cmd = Command::new("make");
    cmd.arg("-s")
        .arg("-C")
        .arg(&c_demo)
        .arg(format!("CONFIG={}", config.dir_name()))
        .arg(format!("BUILD={}", build.display()))
        .arg(format!("OTA_TARGET_DIR={}", lib_dir.display()))
        .arg(format!("CARGO={}", env!("CARGO")));
    if sanitize {
        let flags = "-fsanitize=address,undefined -fno-omit-frame-pointer";
        cmd.arg(format!("CFLAGS=-O1 -g {flags}"))
            .arg(format!("LDFLAGS={flags}"));
    }
    cmd.env_remove("OTA_CONFIG_DIR")
        .env_remove("OTA_DO_NOT_USE_CUSTOM_CONFIG")
        .env_remove("OTA_CONFIG_DEFINES")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS");
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run make (is it installed?): {e}"))?;
    if !out.status.success() {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let hint = if text.contains("mosquitto.h") {
            "\n(the C demo needs libmosquitto-dev: apt-get install libmosquitto-dev)"
        } else {
            ""
        };
        return Err(format!("building the C demo failed:\n{text}{hint}"));
    }
    let exe = build.join("ota_demo");
    if exe.is_file() {
        Ok(exe)
    } else {
        Err(format!("{} is missing after the build", exe.display()))
    }
}

/// True if the C demo can be built here (`mosquitto.h` found by the C compiler).
pub fn have_libmosquitto_dev() -> bool {
    ["/usr/include/mosquitto.h", "/usr/local/include/mosquitto.h"]
        .iter()
        .any(|p| Path::new(p).exists())
}

// ---------------------------------------------------------------------------
// Images and keys

/// A demo firmware image of exactly `size` bytes: the header line
/// `OTA-DEMO-IMAGE v<version>[ <flags>]\n`, then pseudo-random bytes from `seed`.
pub fn demo_image(version: &str, flags: &str, size: usize, seed: u64) -> Vec<u8> {
    let mut header = format!("OTA-DEMO-IMAGE v{version}");
    if !flags.is_empty() {
        header.push(' ');
        header.push_str(flags);
    }
    header.push('\n');
    let mut image = header.into_bytes();
    assert!(image.len() <= size, "image smaller than its header");
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    while image.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let n = (size - image.len()).min(8);
        image.extend_from_slice(&x.to_le_bytes()[..n]);
    }
    image
}

/// A code-signing key and the public key file the device checks against.
pub struct Signer {
    /// The private key (the cloud signs with it).
    pub key: SigningKey,
    /// The public key (SubjectPublicKeyInfo PEM) on the device: the job's `certfile`.
    pub cert_file: PathBuf,
}

impl Signer {
    /// Generates a key and writes its public key to `dir/codesign.pub.pem`.
    pub fn generate(dir: &Path) -> Signer {
        let key = signing::generate_key();
        let pem = signing::public_key_pem(key.verifying_key()).expect("public key PEM");
        let cert_file = dir.join("codesign.pub.pem");
        fs::write(&cert_file, pem).expect("write the public key");
        Signer { key, cert_file }
    }
}

// ---------------------------------------------------------------------------
// Temporary directories

/// A directory removed on drop (kept if `OTA_DEMO_KEEP` is set).
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Makes a fresh `<root>/<name>-<pid>-<n>`.
    pub fn new(root: &Path, name: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let path = root.join(format!(
            "{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir { path }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("OTA_DEMO_KEEP").is_none() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

// ---------------------------------------------------------------------------
// The device process

/// Where the device keeps its files.
#[derive(Clone, Debug)]
pub struct DeviceFiles {
    /// The job's `filepath`: where new images are received (`--image`).
    pub image: PathBuf,
    /// `--state-dir`: image state and boot slot.
    pub state_dir: PathBuf,
}

impl DeviceFiles {
    /// `dir/firmware.bin` and `dir/state`.
    pub fn in_dir(dir: &Path) -> DeviceFiles {
        DeviceFiles {
            image: dir.join("firmware.bin"),
            state_dir: dir.join("state"),
        }
    }

    /// The installed image (boot slot).
    pub fn boot_slot(&self) -> PathBuf {
        self.state_dir.join("boot.img")
    }

    /// The PAL's image state word (`PendingCommit`, `Valid`, `Invalid`), if written.
    pub fn image_state(&self) -> Option<String> {
        fs::read_to_string(self.state_dir.join("image.state"))
            .ok()
            .map(|s| s.trim().to_string())
    }
}

/// How to start the C demo.
#[derive(Clone, Debug)]
pub struct DeviceOptions {
    /// The demo executable.
    pub exe: PathBuf,
    /// Broker port on 127.0.0.1.
    pub broker_port: u16,
    /// Thing name.
    pub thing: String,
    /// Files.
    pub files: DeviceFiles,
    /// Factory firmware version (`--version`).
    pub version: String,
    /// Extra arguments (e.g. `--fail-self-test`).
    pub extra_args: Vec<String>,
    /// `--timeout` in seconds (0: none).
    pub timeout_secs: u32,
    /// Echo each output line to stdout with this prefix (`None`: quiet).
    pub echo: Option<String>,
}

struct Output {
    lines: Mutex<Vec<String>>,
    changed: Condvar,
}

/// A running C demo. Killed on drop.
pub struct Device {
    child: Child,
    output: Arc<Output>,
    readers: Vec<thread::JoinHandle<()>>,
    status: Option<ExitStatus>,
}

impl Device {
    /// Starts the demo.
    pub fn spawn(o: &DeviceOptions) -> Device {
        let mut cmd = Command::new(&o.exe);
        cmd.arg("--broker")
            .arg(format!("127.0.0.1:{}", o.broker_port))
            .arg("--thing")
            .arg(&o.thing)
            .arg("--image")
            .arg(&o.files.image)
            .arg("--state-dir")
            .arg(&o.files.state_dir)
            .arg("--version")
            .arg(&o.version)
            .arg("--timeout")
            .arg(o.timeout_secs.to_string())
            .args(&o.extra_args)
            .env_remove("OTA_DEMO_BOOT")
            .env_remove("OTA_DEMO_PENDING_IMAGE")
            .env_remove("OTA_DEMO_BOOT_COUNT")
            .stdin(Stdio::null());
        // One pipe for stdout and stderr keeps the demo's lines and the agent's
        // log lines in the order they were written.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        cmd.stdout(writer.try_clone().expect("a pipe"));
        cmd.stderr(writer);
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", o.exe.display()));
        // The parent's copies of the write end are gone with `cmd`.
        drop(cmd);
        let output = Arc::new(Output {
            lines: Mutex::new(Vec::new()),
            changed: Condvar::new(),
        });
        let out = output.clone();
        let echo = o.echo.clone();
        let stream: Box<dyn Read + Send> = Box::new(reader);
        let readers = vec![thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if let Some(prefix) = &echo {
                    println!("{prefix}{line}");
                }
                out.lines.lock().unwrap().push(line);
                out.changed.notify_all();
            }
        })];
        Device {
            child,
            output,
            readers,
            status: None,
        }
    }

    /// The process id (kept across the demo's re-executions).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal (e.g. `"STOP"`, `"CONT"`) to the process with `kill(1)`.
    pub fn signal(&self, name: &str) -> bool {
        Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Everything the device printed so far (stdout and stderr, by line).
    pub fn output(&self) -> String {
        self.output.lines.lock().unwrap().join("\n")
    }

    /// Waits until a line contains `text`; false after `timeout`.
    pub fn wait_for_output(&self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut lines = self.output.lines.lock().unwrap();
        loop {
            if lines.iter().any(|l| l.contains(text)) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            lines = self
                .output
                .changed
                .wait_timeout(lines, (deadline - now).min(Duration::from_millis(100)))
                .unwrap()
                .0;
        }
    }

    /// Waits for the process to end; `None` if it still runs after `timeout`.
    pub fn wait(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(s) = self.status {
                return Some(s);
            }
            match self.child.try_wait() {
                Ok(Some(s)) => {
                    self.status = Some(s);
                    for r in self.readers.drain(..) {
                        let _ = r.join();
                    }
                    return Some(s);
                }
                Ok(None) => {}
                Err(_) => return None,
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the exit code; panics (after killing it) if the process runs past
    /// `timeout` or dies from a signal.
    pub fn exit_code(&mut self, timeout: Duration) -> i32 {
        match self.wait(timeout) {
            Some(s) => s.code().unwrap_or_else(|| {
                panic!("the device died from a signal ({s}):\n{}", self.output())
            }),
            None => {
                self.kill();
                panic!(
                    "the device still ran after {} s:\n{}",
                    timeout.as_secs(),
                    self.output()
                );
            }
        }
    }

    /// Kills the process (and waits for it).
    pub fn kill(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            if let Ok(s) = self.child.wait() {
                self.status = Some(s);
            }
            for r in self.readers.drain(..) {
                let _ = r.join();
            }
        }
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        self.kill();
    }
}

// ---------------------------------------------------------------------------
// mosquitto

/// Why mosquitto cannot be used here, if it cannot.
pub fn mosquitto_missing() -> Option<String> {
    if mosquitto_binary().is_none() {
        return Some("mosquitto is not installed".into());
    }
    if !Path::new("/usr/include/mosquitto_plugin.h").exists()
        && !Path::new("/usr/local/include/mosquitto_plugin.h").exists()
    {
        return Some("mosquitto-dev (plugin headers) is not installed".into());
    }
    None
}

fn mosquitto_binary() -> Option<PathBuf> {
    [
        "/usr/sbin/mosquitto",
        "/usr/local/sbin/mosquitto",
        "/usr/bin/mosquitto",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Builds `tools/mosquitto-plugin` into `out_dir` with its Makefile; returns the `.so`.
pub fn build_mosquitto_plugin(out_dir: &Path) -> Result<PathBuf, String> {
    let src = repo_root().join("tools/mosquitto-plugin");
    let out = Command::new("make")
        .arg("-s")
        .arg("-C")
        .arg(&src)
        .arg(format!("OUT={}", out_dir.display()))
        .env_remove("MAKEFLAGS")
        .output()
        .map_err(|e| format!("cannot run make: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "building the mosquitto plugin failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out_dir.join("ota_jobs_plugin.so"))
}

/// mosquitto 2.0 with the Jobs plugin on 127.0.0.1; killed on drop.
pub struct Mosquitto {
    child: Option<Child>,
    port: u16,
    conf: PathBuf,
    log: PathBuf,
}

impl Mosquitto {
    /// Starts mosquitto on `port` (0: a free one) with `plugin`, its files in `dir`.
    pub fn start(plugin: &Path, dir: &Path, port: u16) -> Result<Mosquitto, String> {
        let port = if port == 0 { free_port() } else { port };
        let conf = dir.join("mosquitto.conf");
        fs::write(
            &conf,
            format!(
                "listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n\
                 set_tcp_nodelay true\nuser root\nlog_dest stderr\nplugin {}\n",
                plugin.display()
            ),
        )
        .map_err(|e| e.to_string())?;
        let mut m = Mosquitto {
            child: None,
            port,
            conf,
            log: dir.join("mosquitto.log"),
        };
        m.restart()?;
        Ok(m)
    }

    /// The listening port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the broker (SIGKILL: no goodbye to the clients).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the broker again on the same port (kills it first if it runs).
    pub fn restart(&mut self) -> Result<(), String> {
        self.kill();
        let bin = mosquitto_binary().ok_or("mosquitto is not installed")?;
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .map_err(|e| e.to_string())?;
        let child = Command::new(bin)
            .arg("-c")
            .arg(&self.conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start mosquitto: {e}"))?;
        self.child = Some(child);
        if wait_for_listener(self.port, Duration::from_secs(5)) {
            Ok(())
        } else {
            let log = self.log_text();
            self.kill();
            Err(format!("mosquitto did not listen on {}:\n{log}", self.port))
        }
    }

    /// What mosquitto logged.
    pub fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        self.kill();
    }
}

// ---------------------------------------------------------------------------
// Watching the cloud

/// Seconds from `created` to the device's `self_test: ready` update (download and
/// signature check done) and to its final status update, from the cloud's records.
pub fn job_timings(
    cloud: &ota_cloud::Cloud,
    thing: &str,
    job: &str,
    created: SystemTime,
) -> (Option<f64>, Option<f64>) {
    let history = cloud.status_history(thing, job);
    let secs = |t: SystemTime| t.duration_since(created).unwrap_or_default().as_secs_f64();
    let ready = history
        .iter()
        .find(|u| u.detail("self_test") == Some("ready"))
        .map(|u| secs(u.received_at));
    let done = history
        .iter()
        .find(|u| u.accepted && u.status != "IN_PROGRESS")
        .map(|u| secs(u.received_at));
    (ready, done)
}

/// Follows a job in the cloud stand-in and prints its status updates and a
/// progress line (at most once a second) with `prefix`.
pub struct CloudWatch {
    prefix: String,
    shown: usize,
    last_progress: Instant,
    last_line: String,
    rate_mark: (Instant, u64),
    rate: f64,
    started: Instant,
    /// Lines printed, for summaries.
    pub printed: VecDeque<String>,
}

impl CloudWatch {
    /// A watcher whose times count from now.
    pub fn new(prefix: &str) -> CloudWatch {
        CloudWatch {
            prefix: prefix.to_string(),
            shown: 0,
            last_progress: Instant::now(),
            last_line: String::new(),
            rate_mark: (Instant::now(), 0),
            rate: 0.0,
            started: Instant::now(),
            printed: VecDeque::new(),
        }
    }

    fn print(&mut self, line: String) {
        println!("{}{line}", self.prefix);
        self.printed.push_back(line);
        if self.printed.len() > 200 {
            self.printed.pop_front();
        }
    }

    /// Prints what is new for `job` on `thing`.
    pub fn poll(&mut self, cloud: &ota_cloud::Cloud, thing: &str, job: &str) {
        use ota_cloud::progress;
        let history = cloud.status_history(thing, job);
        for u in history.iter().skip(self.shown) {
            let at = u
                .received_at
                .elapsed()
                .map(|ago| self.started.elapsed().saturating_sub(ago))
                .unwrap_or_default();
            let line = progress::update_line(u, at);
            self.print(line);
        }
        self.shown = self.shown.max(history.len());
        let stats = cloud.stats();
        let served = stats.blocks_served + stats.http_requests;
        if self.rate_mark.0.elapsed() >= Duration::from_secs(1) {
            self.rate = served.saturating_sub(self.rate_mark.1) as f64
                / self.rate_mark.0.elapsed().as_secs_f64();
            self.rate_mark = (Instant::now(), served);
        }
        let (done, total) = progress::device_progress(&history, &stats);
        if total > 0 && self.last_progress.elapsed() >= Duration::from_secs(1) {
            let line = progress::progress_line(done, total, self.rate, &stats);
            if line != self.last_line {
                self.last_line = line.clone();
                self.last_progress = Instant::now();
                self.print(line);
            }
        }
    }
}
