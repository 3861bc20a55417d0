//! End-to-end tests: the C demo firmware (`examples/c-demo`, linked with
//! `libota.a`) updated by the cloud stand-in through a real MQTT broker — the
//! embedded `ota-broker`, or mosquitto 2.0 with the Jobs plugin — over MQTT
//! streams and over HTTP, with faults, failures and rollbacks.
//!
//! Each test checks the job's final status as the cloud recorded it and the
//! bytes the device stored. `libota.a` and the demo are built once per
//! configuration into `target/e2e/<config>` (a separate cargo target directory).
//! Tests that need mosquitto print `SKIP` when it is missing, unless `CI=true`.
//! Set `OTA_E2E_VERBOSE=1` to see the device's output live, and
//! `OTA_E2E_SANITIZE=1` to run the C code under AddressSanitizer and
//! UndefinedBehaviorSanitizer.

use ota_cloud::signing;
use ota_cloud::{Cloud, CloudOptions, ExecutionStatus, Faults, JobSpec, Protocol};
use ota_demo::ota_broker::{Broker, BrokerHandle};
use ota_demo::{
    Config, Device, DeviceFiles, DeviceOptions, Mosquitto, Signer, TempDir, build_c_demo_with,
    build_mosquitto_plugin, ci, demo_image, exit, have_libmosquitto_dev, job_timings,
    mosquitto_missing, repo_root,
};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

const MIB: usize = 1 << 20;
/// The device gives up by itself after this long (its `--timeout`).
const DEVICE_TIMEOUT_SECS: u32 = 50;
/// Longest wait for the device to exit.
const WAIT: Duration = Duration::from_secs(55);

fn out_root() -> PathBuf {
    repo_root().join("target/e2e")
}

fn skip(why: &str) {
    assert!(!ci(), "{why} (required when CI=true)");
    println!("SKIP: {why}");
}

/// The demo executable for `config`, built once per test run; `None` = skip.
fn demo_exe(config: Config) -> Option<PathBuf> {
    static BUILT: OnceLock<Mutex<HashMap<Config, Result<PathBuf, String>>>> = OnceLock::new();
    if !have_libmosquitto_dev() {
        skip("libmosquitto-dev is not installed (apt-get install libmosquitto-dev)");
        return None;
    }
    let map = BUILT.get_or_init(|| Mutex::new(HashMap::new()));
    // Holding the lock while building keeps two tests from building at once.
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    let r = map
        .entry(config)
        .or_insert_with(|| build_c_demo_with(config, &out_root(), sanitize()));
    match r {
        Ok(p) => Some(p.clone()),
        Err(e) => panic!("{e}"),
    }
}

fn sanitize() -> bool {
    std::env::var_os("OTA_E2E_SANITIZE").is_some_and(|v| v != "0")
}

fn plugin() -> Option<PathBuf> {
    static PLUGIN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    if let Some(why) = mosquitto_missing() {
        skip(&why);
        return None;
    }
    match PLUGIN.get_or_init(|| build_mosquitto_plugin(&out_root().join("mosquitto-plugin"))) {
        Ok(p) => Some(p.clone()),
        Err(e) => panic!("{e}"),
    }
}

fn record_timing(line: &str) {
    println!("TIMING {line}");
    let _ = std::fs::create_dir_all(out_root());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out_root().join("timings.txt"))
    {
        let _ = writeln!(f, "{line}");
    }
}

// ---------------------------------------------------------------------------

enum TestBroker {
    Embedded {
        port: u16,
        handle: Option<BrokerHandle>,
    },
    Mosquitto(Mosquitto),
}

impl TestBroker {
    fn embedded() -> TestBroker {
        let handle = Broker::start("127.0.0.1:0").expect("the embedded broker starts");
        TestBroker::Embedded {
            port: handle.port(),
            handle: Some(handle),
        }
    }

    /// `None`: mosquitto is not available (the caller skips).
    fn mosquitto(dir: &Path) -> Option<TestBroker> {
        let plugin = plugin()?;
        Some(TestBroker::Mosquitto(
            Mosquitto::start(&plugin, dir, 0).expect("mosquitto starts"),
        ))
    }

    fn port(&self) -> u16 {
        match self {
            TestBroker::Embedded { port, .. } => *port,
            TestBroker::Mosquitto(m) => m.port(),
        }
    }

    /// Kills the broker: every client loses its connection at once.
    fn kill(&mut self) {
        match self {
            TestBroker::Embedded { handle, .. } => {
                if let Some(mut h) = handle.take() {
                    h.stop();
                }
            }
            TestBroker::Mosquitto(m) => m.kill(),
        }
    }

    /// Starts it again on the same port.
    fn start_again(&mut self) {
        match self {
            TestBroker::Embedded { port, handle } => {
                let deadline = Instant::now() + Duration::from_secs(5);
                loop {
                    match Broker::start(("127.0.0.1", *port)) {
                        Ok(h) => {
                            *handle = Some(h);
                            break;
                        }
                        Err(e) if Instant::now() < deadline => {
                            let _ = e;
                            thread::sleep(Duration::from_millis(50));
                        }
                        Err(e) => panic!("cannot restart the broker on port {port}: {e}"),
                    }
                }
            }
            TestBroker::Mosquitto(m) => m.restart().expect("mosquitto restarts"),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            TestBroker::Embedded { .. } => "embedded",
            TestBroker::Mosquitto(_) => "mosquitto",
        }
    }
}

/// One device, its files and its signing key.
struct Scenario {
    name: String,
    dir: TempDir,
    signer: Signer,
    files: DeviceFiles,
    thing: String,
}

impl Scenario {
    fn new(name: &str) -> Scenario {
        let dir = TempDir::new(&out_root().join("run"), name);
        let signer = Signer::generate(dir.path());
        let files = DeviceFiles::in_dir(dir.path());
        Scenario {
            name: name.to_string(),
            thing: format!("thing-{}", name.replace('_', "-")),
            dir,
            signer,
            files,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn cloud(&self, port: u16) -> Cloud {
        Cloud::start(
            format!("127.0.0.1:{port}"),
            CloudOptions {
                client_id: format!("cloud-{}", self.name),
                signing_key: Some(self.signer.key.clone()),
                ..CloudOptions::default()
            },
        )
        .expect("the cloud stand-in connects")
    }

    fn spec(&self, job: &str, image: &[u8], protocol: Protocol) -> JobSpec {
        let mut spec = JobSpec::new(job, image.to_vec());
        spec.protocols = vec![protocol];
        spec.file_path = self.files.image.display().to_string();
        spec.cert_file = self.signer.cert_file.display().to_string();
        spec
    }

    fn device(&self, exe: &Path, port: u16, extra: &[&str]) -> Device {
        Device::spawn(&DeviceOptions {
            exe: exe.to_path_buf(),
            broker_port: port,
            thing: self.thing.clone(),
            files: self.files.clone(),
            version: "1.0.1".into(),
            extra_args: extra.iter().map(|s| s.to_string()).collect(),
            timeout_secs: DEVICE_TIMEOUT_SECS,
            echo: std::env::var_os("OTA_E2E_VERBOSE").map(|_| format!("[{}] ", self.name)),
        })
    }
}

/// What went on, for failure messages.
fn report(dev: &Device, cloud: &Cloud, thing: &str, job: &str) -> String {
    let history: Vec<String> = cloud
        .status_history(thing, job)
        .iter()
        .map(|u| u.payload.clone())
        .collect();
    format!(
        "\n--- job {job}: {:?}\n--- status updates:\n{}\n--- cloud: {:?}\n--- device output:\n{}",
        cloud.execution(thing, job).map(|e| e.status),
        history.join("\n"),
        cloud.stats(),
        dev.output()
    )
}

fn wait_exit(dev: &mut Device, cloud: &Cloud, thing: &str, job: &str) -> i32 {
    match dev.wait(WAIT) {
        Some(s) => match s.code() {
            Some(c) => c,
            None => panic!("the device died ({s}){}", report(dev, cloud, thing, job)),
        },
        None => {
            dev.kill();
            panic!(
                "the device still ran after {} s{}",
                WAIT.as_secs(),
                report(dev, cloud, thing, job)
            );
        }
    }
}

fn terminal(cloud: &Cloud, dev: &Device, thing: &str, job: &str) -> ExecutionStatus {
    cloud
        .wait_for_terminal(thing, job, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("job not finished: {e}{}", report(dev, cloud, thing, job)))
}

/// Polls until the device holds at least `blocks` blocks (per the cloud's gauges).
fn wait_for_blocks(cloud: &Cloud, dev: &Device, thing: &str, job: &str, blocks: u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while cloud.stats().device_blocks < blocks {
        assert!(
            Instant::now() < deadline,
            "the download did not reach {blocks} blocks{}",
            report(dev, cloud, thing, job)
        );
        thread::sleep(Duration::from_millis(5));
    }
}

/// Asserts a complete, successful update of `image` and returns (download, total) seconds.
fn assert_installed(
    sc: &Scenario,
    dev: &mut Device,
    cloud: &Cloud,
    job: &str,
    image: &[u8],
    created: SystemTime,
) -> (f64, f64) {
    let code = wait_exit(dev, cloud, &sc.thing, job);
    let status = terminal(cloud, dev, &sc.thing, job);
    let ctx = report(dev, cloud, &sc.thing, job);
    assert_eq!(code, exit::UPDATED, "device exit code{ctx}");
    assert_eq!(status, ExecutionStatus::Succeeded, "job status{ctx}");
    let stored = std::fs::read(&sc.files.image).unwrap_or_default();
    assert!(
        stored == image,
        "received image differs from the signed one{ctx}"
    );
    let installed = std::fs::read(sc.files.boot_slot()).unwrap_or_default();
    assert!(installed == image, "installed image differs{ctx}");
    assert_eq!(sc.files.image_state().as_deref(), Some("Valid"), "{ctx}");
    let out = dev.output();
    assert!(
        out.contains("[ota_demo v1.0.2] update complete: now running v1.0.2"),
        "{ctx}"
    );
    let last = cloud.status_history(&sc.thing, job);
    let last = last.last().expect("status updates");
    assert_eq!(
        last.detail("reason"),
        Some("accepted  v1.0.2"),
        "final status details{ctx}"
    );
    let (ready, done) = job_timings(cloud, &sc.thing, job, created);
    (ready.unwrap_or(f64::NAN), done.unwrap_or(f64::NAN))
}

/// A complete update v1.0.1 -> v1.0.2 of a `size`-byte image.
fn full_update(broker: TestBroker, sc: &Scenario, config: Config, protocol: Protocol, size: usize) {
    let Some(exe) = demo_exe(config) else { return };
    let cloud = sc.cloud(broker.port());
    let image = demo_image("1.0.2", "", size, size as u64);
    let created = SystemTime::now();
    cloud
        .create_job(&sc.thing, sc.spec("job-1", &image, protocol))
        .unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    let (download, total) = assert_installed(sc, &mut dev, &cloud, "job-1", &image, created);
    let stats = cloud.stats();
    match protocol {
        Protocol::Mqtt => assert!(stats.blocks_served >= (size / 4096) as u64),
        Protocol::Http => assert!(stats.http_requests >= (size / 4096) as u64),
    }
    record_timing(&format!(
        "{:<9} {} {:>2} MiB: download+verify {download:.2} s, until SUCCEEDED {total:.2} s \
         (incl. reboot and self-test); {} stream requests, {} blocks, {} HTTP requests",
        broker.name(),
        protocol.as_str(),
        size / MIB,
        stats.stream_requests,
        stats.blocks_served,
        stats.http_requests
    ));
}

// --------------------------- the matrix -----------------------------------

#[test]
fn embedded_broker_mqtt_1mib() {
    let sc = Scenario::new("emb_mqtt_1m");
    full_update(
        TestBroker::embedded(),
        &sc,
        Config::Default,
        Protocol::Mqtt,
        MIB,
    );
}

#[test]
fn embedded_broker_http_1mib() {
    let sc = Scenario::new("emb_http_1m");
    full_update(
        TestBroker::embedded(),
        &sc,
        Config::Default,
        Protocol::Http,
        MIB,
    );
}

#[test]
fn embedded_broker_mqtt_8mib() {
    let sc = Scenario::new("emb_mqtt_8m");
    full_update(
        TestBroker::embedded(),
        &sc,
        Config::EightMib,
        Protocol::Mqtt,
        8 * MIB,
    );
}

#[test]
fn embedded_broker_http_8mib() {
    let sc = Scenario::new("emb_http_8m");
    full_update(
        TestBroker::embedded(),
        &sc,
        Config::EightMib,
        Protocol::Http,
        8 * MIB,
    );
}

#[test]
fn mosquitto_mqtt_1mib() {
    let sc = Scenario::new("mosq_mqtt_1m");
    let Some(b) = TestBroker::mosquitto(sc.path()) else {
        return;
    };
    full_update(b, &sc, Config::Default, Protocol::Mqtt, MIB);
}

#[test]
fn mosquitto_http_1mib() {
    let sc = Scenario::new("mosq_http_1m");
    let Some(b) = TestBroker::mosquitto(sc.path()) else {
        return;
    };
    full_update(b, &sc, Config::Default, Protocol::Http, MIB);
}

#[test]
fn mosquitto_mqtt_8mib() {
    let sc = Scenario::new("mosq_mqtt_8m");
    let Some(b) = TestBroker::mosquitto(sc.path()) else {
        return;
    };
    full_update(b, &sc, Config::EightMib, Protocol::Mqtt, 8 * MIB);
}

#[test]
fn mosquitto_http_8mib() {
    let sc = Scenario::new("mosq_http_8m");
    let Some(b) = TestBroker::mosquitto(sc.path()) else {
        return;
    };
    full_update(b, &sc, Config::EightMib, Protocol::Http, 8 * MIB);
}

// --------------------------- broker restart -------------------------------

/// The broker is killed mid-download and started again on the same port. The
/// device reconnects, subscribes again, asks for its job and resumes: the
/// service only has to send the blocks it lacks.
///
/// The cloud stand-in has no reconnect of its own, so it is started again too,
/// with the same job (its state is in memory, as a restarted service with a
/// database would have it).
fn broker_restart(mut broker: TestBroker, sc: &Scenario) {
    let Some(exe) = demo_exe(Config::Default) else {
        return;
    };
    let size = 2 * MIB;
    let total_blocks = (size / 4096) as u64;
    let image = demo_image("1.0.2", "", size, 42);
    let spec = sc.spec("job-restart", &image, Protocol::Mqtt);
    let cloud = sc.cloud(broker.port());
    cloud.set_faults(Faults {
        block_delay: Duration::from_millis(3),
        ..Faults::default()
    });
    cloud.create_job(&sc.thing, spec.clone()).unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    wait_for_blocks(&cloud, &dev, &sc.thing, "job-restart", total_blocks / 4);
    let held = cloud.stats().device_blocks;

    broker.kill();
    drop(cloud);
    thread::sleep(Duration::from_millis(300));
    broker.start_again();
    // The job is back before the device (its reconnect backoff starts at 1 s).
    let cloud = sc.cloud(broker.port());
    let created = SystemTime::now();
    cloud.create_job(&sc.thing, spec).unwrap();

    let (_, total) = assert_installed(sc, &mut dev, &cloud, "job-restart", &image, created);
    let ctx = report(&dev, &cloud, &sc.thing, "job-restart");
    let out = dev.output();
    assert!(out.contains("MQTT: connection lost"), "{ctx}");
    assert!(out.contains("MQTT: reconnected"), "{ctx}");
    assert!(
        out.contains("Job document for the current job: updating the URL and resuming"),
        "{ctx}"
    );
    // Resumed, not restarted: the first request after the restart already
    // marks the blocks held before it as received.
    let first = cloud
        .stream_requests()
        .into_iter()
        .find_map(|r| r.request.ok())
        .expect("a stream request after the restart");
    let bitmap = first.bitmap.expect("the request carries a bitmap");
    let still_needed: u64 = bitmap.iter().map(|b| u64::from(b.count_ones())).sum();
    assert!(
        still_needed <= total_blocks - held,
        "after the restart the device asked for {still_needed} of {total_blocks} blocks, \
         though it held {held}{ctx}"
    );
    let served = cloud.stats().blocks_served;
    assert!(
        served < total_blocks - held / 2,
        "the service sent {served} blocks after the restart{ctx}"
    );
    record_timing(&format!(
        "{:<9} broker restart at {held}/{total_blocks} blocks: {served} blocks sent after it, \
         {total:.2} s from the restart to SUCCEEDED",
        broker.name()
    ));
}

#[test]
fn embedded_broker_restart_mid_download_resumes() {
    let sc = Scenario::new("emb_restart");
    broker_restart(TestBroker::embedded(), &sc);
}

#[test]
fn mosquitto_restart_mid_download_resumes() {
    let sc = Scenario::new("mosq_restart");
    let Some(b) = TestBroker::mosquitto(sc.path()) else {
        return;
    };
    broker_restart(b, &sc);
}

// --------------------------- faults ---------------------------------------

fn faulty_update(name: &str, protocol: Protocol, faults: Faults) -> Option<(Cloud, f64)> {
    let exe = demo_exe(Config::Default)?;
    let sc = Scenario::new(name);
    let broker = TestBroker::embedded();
    let cloud = sc.cloud(broker.port());
    cloud.set_faults(faults);
    let image = demo_image("1.0.2", "", MIB, 7);
    let created = SystemTime::now();
    cloud
        .create_job(&sc.thing, sc.spec("job-1", &image, protocol))
        .unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    let (_, total) = assert_installed(&sc, &mut dev, &cloud, "job-1", &image, created);
    record_timing(&format!(
        "faults    {name}: until SUCCEEDED {total:.2} s; {:?}",
        cloud.stats()
    ));
    Some((cloud, total))
}

#[test]
fn stream_dropping_10_percent_of_blocks() {
    let Some((cloud, _)) = faulty_update(
        "drop10",
        Protocol::Mqtt,
        Faults {
            drop_rate: 0.1,
            seed: 11,
            ..Faults::default()
        },
    ) else {
        return;
    };
    let s = cloud.stats();
    assert!(s.blocks_dropped >= 10, "{s:?}");
}

#[test]
fn stream_duplicating_and_reordering_blocks() {
    let Some((cloud, _)) = faulty_update(
        "dup_reorder",
        Protocol::Mqtt,
        Faults {
            duplicate_rate: 0.25,
            reorder: true,
            seed: 5,
            ..Faults::default()
        },
    ) else {
        return;
    };
    let s = cloud.stats();
    assert!(s.blocks_duplicated >= 20, "{s:?}");
}

#[test]
fn http_responses_cut_short() {
    let Some((cloud, _)) = faulty_update(
        "http_cut",
        Protocol::Http,
        Faults {
            http_cut_rate: 0.05,
            seed: 3,
            ..Faults::default()
        },
    ) else {
        return;
    };
    let s = cloud.stats();
    assert!(s.http_cut >= 3, "{s:?}");
}

/// The pre-signed URL expires during an HTTP download (the device is frozen
/// for longer than the URL lives): the device gets 403, asks for its job
/// again, receives a fresh URL and finishes the download where it was.
#[test]
fn http_url_expiring_mid_download_is_refreshed() {
    let Some(exe) = demo_exe(Config::EightMib) else {
        return;
    };
    let sc = Scenario::new("url_expiry");
    let broker = TestBroker::embedded();
    let cloud = sc.cloud(broker.port());
    let size = 8 * MIB;
    let image = demo_image("1.0.2", "", size, 31);
    let mut spec = sc.spec("job-1", &image, Protocol::Http);
    spec.url_expiry_secs = 1;
    let created = SystemTime::now();
    cloud.create_job(&sc.thing, spec).unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    wait_for_blocks(&cloud, &dev, &sc.thing, "job-1", 32);
    assert!(dev.signal("STOP"), "cannot stop the device");
    thread::sleep(Duration::from_millis(2500));
    assert!(dev.signal("CONT"), "cannot continue the device");
    let (_, total) = assert_installed(&sc, &mut dev, &cloud, "job-1", &image, created);
    let s = cloud.stats();
    let ctx = report(&dev, &cloud, &sc.thing, "job-1");
    assert!(
        s.http_refused >= 1,
        "the old URL must have been refused{ctx}"
    );
    assert!(
        dev.output()
            .contains("asking for the job again for a fresh one"),
        "{ctx}"
    );
    assert!(
        s.http_requests - s.http_refused < (size / 4096) as u64 + 16,
        "the download went on where it was{ctx}"
    );
    record_timing(&format!(
        "http url expiry: until SUCCEEDED {total:.2} s; {s:?}"
    ));
}

// --------------------------- failures -------------------------------------

/// The update did not happen: the job failed (or was cancelled), the device
/// says it still runs v1.0.1, nothing was installed and the received file is
/// neither kept nor pending.
fn assert_not_installed(sc: &Scenario, dev: &Device, ctx: &str) {
    let out = dev.output();
    assert!(out.contains("still running v1.0.1"), "{ctx}");
    assert!(
        !out.contains("[ota_demo v1.0.2]"),
        "v1.0.2 must never boot{ctx}"
    );
    assert!(
        !sc.files.image.exists(),
        "the received file must be deleted{ctx}"
    );
    assert!(
        !sc.files.boot_slot().exists(),
        "nothing may be installed{ctx}"
    );
    assert_ne!(
        sc.files.image_state().as_deref(),
        Some("PendingCommit"),
        "{ctx}"
    );
}

fn failed_update(
    name: &str,
    tamper: impl FnOnce(&mut JobSpec, &[u8], &signing::SigningKey),
    faults: Faults,
) {
    let Some(exe) = demo_exe(Config::Default) else {
        return;
    };
    let sc = Scenario::new(name);
    let broker = TestBroker::embedded();
    let cloud = sc.cloud(broker.port());
    cloud.set_faults(faults);
    let image = demo_image("1.0.2", "", MIB, 9);
    let mut spec = sc.spec("job-1", &image, Protocol::Mqtt);
    tamper(&mut spec, &image, &sc.signer.key);
    cloud.create_job(&sc.thing, spec).unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    let code = wait_exit(&mut dev, &cloud, &sc.thing, "job-1");
    let status = terminal(&cloud, &dev, &sc.thing, "job-1");
    let ctx = report(&dev, &cloud, &sc.thing, "job-1");
    assert_eq!(code, exit::UPDATE_FAILED, "device exit code{ctx}");
    assert_eq!(status, ExecutionStatus::Failed, "{ctx}");
    assert!(
        dev.output()
            .contains("[ota_demo v1.0.1] update FAILED: signature check failed"),
        "the device reports the failed signature check{ctx}"
    );
    assert_not_installed(&sc, &dev, &ctx);
}

#[test]
fn tampered_image_fails_signature_and_old_version_runs() {
    failed_update(
        "tampered",
        |spec, image, key| {
            // Signed as released, then changed: one byte in the middle.
            let mut bad = image.to_vec();
            let mid = bad.len() / 2;
            bad[mid] ^= 0x01;
            spec.signature = Some(signing::sign_base64(key, image));
            spec.image = std::sync::Arc::new(bad);
        },
        Faults::default(),
    );
}

#[test]
fn block_corrupted_in_transit_fails_signature() {
    failed_update(
        "corrupt_block",
        |_, _, _| {},
        Faults {
            corrupt_blocks: vec![17],
            ..Faults::default()
        },
    );
}

#[test]
fn job_cancelled_mid_download_keeps_old_version() {
    let Some(exe) = demo_exe(Config::Default) else {
        return;
    };
    let sc = Scenario::new("cancel");
    let broker = TestBroker::embedded();
    let cloud = sc.cloud(broker.port());
    cloud.set_faults(Faults {
        block_delay: Duration::from_millis(3),
        ..Faults::default()
    });
    let image = demo_image("1.0.2", "", MIB, 13);
    cloud
        .create_job(&sc.thing, sc.spec("job-1", &image, Protocol::Mqtt))
        .unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    wait_for_blocks(&cloud, &dev, &sc.thing, "job-1", 48);
    cloud.cancel_job(&sc.thing, "job-1").unwrap();
    let code = wait_exit(&mut dev, &cloud, &sc.thing, "job-1");
    let ctx = report(&dev, &cloud, &sc.thing, "job-1");
    assert_eq!(code, exit::JOB_CANCELED, "device exit code{ctx}");
    assert_eq!(
        cloud.execution(&sc.thing, "job-1").map(|e| e.status),
        Some(ExecutionStatus::Canceled),
        "{ctx}"
    );
    assert_not_installed(&sc, &dev, &ctx);
}

#[test]
fn self_test_reject_rolls_back_to_old_version() {
    let Some(exe) = demo_exe(Config::Default) else {
        return;
    };
    let sc = Scenario::new("reject");
    let broker = TestBroker::embedded();
    let cloud = sc.cloud(broker.port());
    // A correctly signed image whose self-test fails on the device.
    let image = demo_image("1.0.2", "selftest=fail", MIB, 17);
    cloud
        .create_job(&sc.thing, sc.spec("job-1", &image, Protocol::Mqtt))
        .unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    let code = wait_exit(&mut dev, &cloud, &sc.thing, "job-1");
    let status = terminal(&cloud, &dev, &sc.thing, "job-1");
    let ctx = report(&dev, &cloud, &sc.thing, "job-1");
    assert_eq!(code, exit::ROLLED_BACK, "device exit code{ctx}");
    assert_eq!(status, ExecutionStatus::Failed, "{ctx}");
    let history = cloud.status_history(&sc.thing, "job-1");
    let last = history.last().expect("status updates");
    assert!(
        last.detail("reason")
            .is_some_and(|r| r.starts_with("rejected")),
        "the device reports the rejection{ctx}"
    );
    let out = dev.output();
    // The new version booted and failed its self-test...
    assert!(out.contains("[ota_demo v1.0.2] self-test FAILED"), "{ctx}");
    // ...and after the reset the old one runs again.
    assert!(
        out.contains("[ota_demo v1.0.1] rolled back after a reset"),
        "{ctx}"
    );
    assert!(
        out.contains("[ota_demo v1.0.1] no job pending; running v1.0.1 after the rollback"),
        "{ctx}"
    );
    assert_eq!(sc.files.image_state().as_deref(), Some("Invalid"), "{ctx}");
    assert!(
        !sc.files.boot_slot().exists(),
        "nothing may be installed{ctx}"
    );
    // The file was received intact and verified, but never committed.
    assert!(
        std::fs::read(&sc.files.image).unwrap_or_default() == image,
        "{ctx}"
    );
}

/// The job disappears while the new image waits for it after the reboot (it
/// is cancelled as soon as the device reports the image ready). The new image
/// gets no self-test job, so nobody commits it: when the self-test window
/// (`otaconfigSELF_TEST_RESPONSE_WAIT_MS`, 10 s in the demo) ends, the agent's
/// self-test timer resets the device, and the old version comes back.
#[test]
fn self_test_timer_rolls_back_an_image_nobody_commits() {
    let Some(exe) = demo_exe(Config::Default) else {
        return;
    };
    let sc = Scenario::new("selftest_timer");
    let broker = TestBroker::embedded();
    let cloud = sc.cloud(broker.port());
    let image = demo_image("1.0.2", "", 256 * 1024, 19);
    cloud
        .create_job(&sc.thing, sc.spec("job-1", &image, Protocol::Mqtt))
        .unwrap();
    let mut dev = sc.device(&exe, broker.port(), &[]);
    cloud
        .wait_until(&sc.thing, "job-1", WAIT, |_, h| {
            h.iter().any(|u| u.detail("self_test") == Some("ready"))
        })
        .unwrap_or_else(|e| panic!("{e}{}", report(&dev, &cloud, &sc.thing, "job-1")));
    cloud.cancel_job(&sc.thing, "job-1").unwrap();
    let started = Instant::now();
    let code = wait_exit(&mut dev, &cloud, &sc.thing, "job-1");
    let ctx = report(&dev, &cloud, &sc.thing, "job-1");
    assert_eq!(code, exit::ROLLED_BACK, "device exit code{ctx}");
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "the reset came before the self-test window ended{ctx}"
    );
    let out = dev.output();
    assert!(
        out.contains("[ota_demo v1.0.2] no job for the new image"),
        "{ctx}"
    );
    assert!(out.contains("[ota_demo v1.0.2] rebooting (reset)"), "{ctx}");
    assert!(
        out.contains("[ota_demo v1.0.1] rolled back after a reset"),
        "{ctx}"
    );
    assert_eq!(sc.files.image_state().as_deref(), Some("Invalid"), "{ctx}");
    assert!(
        !sc.files.boot_slot().exists(),
        "nothing may be installed{ctx}"
    );
    assert_eq!(
        cloud.execution(&sc.thing, "job-1").map(|e| e.status),
        Some(ExecutionStatus::Canceled),
        "{ctx}"
    );
}

// --------------------------- two updates ----------------------------------

/// The device waits for work; a job created later reaches it through
/// `notify-next`. After v1.0.2 is installed, the next power-on runs it and
/// takes v1.0.3 over HTTP.
#[test]
fn two_updates_in_a_row_through_notify_next() {
    let Some(exe) = demo_exe(Config::Default) else {
        return;
    };
    let sc = Scenario::new("two_updates");
    let broker = TestBroker::embedded();
    let cloud = sc.cloud(broker.port());

    let image2 = demo_image("1.0.2", "", 256 * 1024, 21);
    let mut dev = sc.device(&exe, broker.port(), &[]);
    assert!(
        dev.wait_for_output("no update pending; waiting for a job", WAIT),
        "{}",
        dev.output()
    );
    let created = SystemTime::now();
    cloud
        .create_job(&sc.thing, sc.spec("to-1-0-2", &image2, Protocol::Mqtt))
        .unwrap();
    assert_installed(&sc, &mut dev, &cloud, "to-1-0-2", &image2, created);

    let image3 = demo_image("1.0.3", "", 300 * 1024 + 5, 22);
    let mut dev = sc.device(&exe, broker.port(), &[]);
    assert!(
        dev.wait_for_output(
            "[ota_demo v1.0.2] no update pending; waiting for a job",
            WAIT
        ),
        "{}",
        dev.output()
    );
    cloud
        .create_job(&sc.thing, sc.spec("to-1-0-3", &image3, Protocol::Http))
        .unwrap();
    let code = wait_exit(&mut dev, &cloud, &sc.thing, "to-1-0-3");
    let status = terminal(&cloud, &dev, &sc.thing, "to-1-0-3");
    let ctx = report(&dev, &cloud, &sc.thing, "to-1-0-3");
    assert_eq!(code, exit::UPDATED, "{ctx}");
    assert_eq!(status, ExecutionStatus::Succeeded, "{ctx}");
    let last = cloud.status_history(&sc.thing, "to-1-0-3");
    let last = last.last().expect("updates");
    assert_eq!(last.detail("reason"), Some("accepted  v1.0.3"), "{ctx}");
    assert_eq!(last.detail("updatedBy"), Some("  v1.0.2"), "{ctx}");
    assert!(
        std::fs::read(sc.files.boot_slot()).unwrap_or_default() == image3,
        "{ctx}"
    );
    assert!(
        dev.output()
            .contains("[ota_demo v1.0.2] running the installed image"),
        "{ctx}"
    );
}
