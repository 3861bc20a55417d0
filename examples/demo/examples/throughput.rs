//! End-to-end throughput: the C demo firmware (`libota.a`) updated by the
//! cloud stand-in through a real broker on 127.0.0.1 — the embedded
//! `ota-broker` and mosquitto with the Jobs plugin — over MQTT streams at
//! several blocks-per-request settings and over HTTP, each case run several
//! times. Used by `bench/throughput/run.sh`, which builds the demos.
//!
//! ```text
//! cargo run -p ota-demo --release --example throughput -- \
//!     --out FILE.json --mqtt BPR=DEMO [--mqtt BPR=DEMO ...] [--http DEMO]
//!     [--sizes 1,8] [--runs 3] [--brokers embedded,mosquitto] [--work DIR]
//! ```
//!
//! Each `DEMO` is a C demo executable built with its own `ota_config.h`;
//! `BPR` is that configuration's `otaconfigMAX_NUM_BLOCKS_REQUEST`. Every
//! run starts a fresh device (factory v1.0.1, its own thing name and state),
//! waits until it idles ("waiting for a job"), then queues a signed v1.0.2
//! image. Times count from the job's creation to the device's status
//! updates as the cloud received them: `self_test: ready` (download complete
//! and signature verified) and the final `SUCCEEDED` (after the reboot and
//! the self-test). Every run is checked: exit code, job status, installed
//! image. Failures are recorded and the runs go on; the program exits 0
//! unless its arguments are wrong. `OTA_TP_VERBOSE=1` shows the devices'
//! output.

use ota_cloud::signing;
use ota_cloud::{Cloud, CloudOptions, ExecutionStatus, JobSpec, Protocol};
use ota_demo::ota_broker::{Broker, BrokerHandle};
use ota_demo::{
    Device, DeviceFiles, DeviceOptions, Mosquitto, Signer, TempDir, build_mosquitto_plugin,
    demo_image, exit, job_timings, mosquitto_missing, repo_root,
};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

const MIB: usize = 1 << 20;
/// The device gives up by itself after this long (its `--timeout`).
const DEVICE_TIMEOUT_SECS: u32 = 60;
/// Longest wait for the device to exit.
const WAIT: Duration = Duration::from_secs(65);

struct Args {
    out: PathBuf,
    mqtt: Vec<(u32, PathBuf)>,
    http: Option<PathBuf>,
    sizes: Vec<usize>,
    runs: usize,
    brokers: Vec<String>,
    work: PathBuf,
}

fn usage() -> String {
    "usage: throughput --out FILE.json --mqtt BPR=DEMO [--mqtt BPR=DEMO ...] [--http DEMO] \
     [--sizes 1,8] [--runs 3] [--brokers embedded,mosquitto] [--work DIR]"
        .into()
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        out: PathBuf::new(),
        mqtt: Vec::new(),
        http: None,
        sizes: vec![MIB, 8 * MIB],
        runs: 3,
        brokers: vec!["embedded".into(), "mosquitto".into()],
        work: repo_root().join("target/bench-throughput/run"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--out" => a.out = value()?.into(),
            "--mqtt" => {
                let v = value()?;
                let (bpr, exe) = v.split_once('=').ok_or(format!("bad --mqtt {v}"))?;
                let bpr = bpr.parse().map_err(|_| format!("bad --mqtt {v}"))?;
                a.mqtt.push((bpr, exe.into()));
            }
            "--http" => a.http = Some(value()?.into()),
            "--sizes" => {
                a.sizes = value()?
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().map(|m| m * MIB))
                    .collect::<Result<_, _>>()
                    .map_err(|_| "bad --sizes (MiB, comma-separated)".to_string())?
            }
            "--runs" => {
                a.runs = value()?.parse().map_err(|_| "bad --runs".to_string())?;
            }
            "--brokers" => a.brokers = value()?.split(',').map(str::to_string).collect(),
            "--work" => a.work = value()?.into(),
            "-h" | "--help" => return Err(usage()),
            other => return Err(format!("unknown argument {other}\n{}", usage())),
        }
    }
    if a.out.as_os_str().is_empty() || (a.mqtt.is_empty() && a.http.is_none()) {
        return Err(usage());
    }
    if a.runs == 0 || a.sizes.is_empty() {
        return Err("--runs and --sizes must not be empty".into());
    }
    Ok(a)
}

// ---------------------------------------------------------------------------

enum BenchBroker {
    Embedded(BrokerHandle),
    Mosquitto(Mosquitto),
}

impl BenchBroker {
    fn start(name: &str, dir: &Path) -> Result<BenchBroker, String> {
        match name {
            "embedded" => Broker::start("127.0.0.1:0")
                .map(BenchBroker::Embedded)
                .map_err(|e| format!("the embedded broker does not start: {e}")),
            "mosquitto" => {
                if let Some(why) = mosquitto_missing() {
                    return Err(why);
                }
                let plugin = build_mosquitto_plugin(&dir.join("mosquitto-plugin"))?;
                let run = dir.join("mosquitto");
                std::fs::create_dir_all(&run).map_err(|e| e.to_string())?;
                Mosquitto::start(&plugin, &run, 0).map(BenchBroker::Mosquitto)
            }
            other => Err(format!("unknown broker {other}")),
        }
    }

    fn port(&self) -> u16 {
        match self {
            BenchBroker::Embedded(h) => h.port(),
            BenchBroker::Mosquitto(m) => m.port(),
        }
    }
}

/// One case of the grid.
#[derive(Clone)]
struct Case {
    protocol: Protocol,
    /// Blocks per stream request of the build (MQTT), `None` for HTTP.
    bpr: Option<u32>,
    exe: PathBuf,
    size: usize,
}

impl Case {
    fn label(&self) -> String {
        match self.bpr {
            Some(n) => format!("MQTT {n:>2} blk/req {:>2} MiB", self.size / MIB),
            None => format!("HTTP            {:>2} MiB", self.size / MIB),
        }
    }
}

#[derive(Default)]
struct RunResult {
    ok: bool,
    error: String,
    download: Option<f64>,
    total: Option<f64>,
    stream_requests: u64,
    blocks_served: u64,
    http_requests: u64,
    /// Device log lines about messages it could not queue.
    device_drops: usize,
}

struct Images {
    by_size: Vec<(usize, Vec<u8>, String)>,
}

impl Images {
    fn get(&self, size: usize) -> (&[u8], &str) {
        let (_, img, sig) = self.by_size.iter().find(|(s, _, _)| *s == size).unwrap();
        (img, sig)
    }
}

fn run_once(
    cloud: &Cloud,
    port: u16,
    signer: &Signer,
    images: &Images,
    work: &Path,
    case: &Case,
    thing: &str,
) -> RunResult {
    let mut r = RunResult::default();
    // Device::spawn panics on a missing program, and panics abort (release profile).
    if !case.exe.is_file() {
        r.error = format!("no demo executable {}", case.exe.display());
        return r;
    }
    let dir = TempDir::new(work, thing);
    let files = DeviceFiles::in_dir(dir.path());
    let (image, signature) = images.get(case.size);
    let mut dev = Device::spawn(&DeviceOptions {
        exe: case.exe.clone(),
        broker_port: port,
        thing: thing.to_string(),
        files: files.clone(),
        version: "1.0.1".into(),
        extra_args: Vec::new(),
        timeout_secs: DEVICE_TIMEOUT_SECS,
        echo: std::env::var_os("OTA_TP_VERBOSE").map(|_| format!("[{thing}] ")),
    });
    let fail = |r: &mut RunResult, dev: &Device, why: String| {
        let out = dev.output();
        let tail: Vec<&str> = out.lines().rev().take(12).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        r.error = if tail.is_empty() {
            format!("{why} (the device printed nothing)")
        } else {
            format!(
                "{why}\n    device output (last lines):\n      {}",
                tail.join("\n      ")
            )
        };
    };
    let up = Instant::now();
    while !dev.wait_for_output("waiting for a job", Duration::from_millis(100)) {
        if let Some(s) = dev.wait(Duration::ZERO) {
            fail(
                &mut r,
                &dev,
                format!("the device exited ({s}) before it waited for a job"),
            );
            return r;
        }
        if up.elapsed() > Duration::from_secs(20) {
            fail(&mut r, &dev, "the device did not come up in 20 s".into());
            return r;
        }
    }
    let mut spec = JobSpec::new("job-1", image.to_vec());
    spec.protocols = vec![case.protocol];
    spec.file_path = files.image.display().to_string();
    spec.cert_file = signer.cert_file.display().to_string();
    spec.signature = Some(signature.to_string());
    let before = cloud.stats();
    let created = SystemTime::now();
    if let Err(e) = cloud.create_job(thing, spec) {
        fail(&mut r, &dev, format!("cannot create the job: {e}"));
        return r;
    }
    let code = match dev.wait(WAIT) {
        Some(s) => s.code(),
        None => {
            dev.kill();
            fail(
                &mut r,
                &dev,
                format!("the device still ran after {} s", WAIT.as_secs()),
            );
            return r;
        }
    };
    let status = cloud
        .wait_for_terminal(thing, "job-1", Duration::from_secs(10))
        .ok();
    let after = cloud.stats();
    r.stream_requests = after.stream_requests.saturating_sub(before.stream_requests);
    r.blocks_served = after.blocks_served.saturating_sub(before.blocks_served);
    r.http_requests = after.http_requests.saturating_sub(before.http_requests);
    let out = dev.output();
    // Messages the device could not take: event pool empty or the agent's queue full.
    r.device_drops = out
        .lines()
        .filter(|l| l.contains("dropped a") || l.contains("event dropped"))
        .count();
    let (ready, done) = job_timings(cloud, thing, "job-1", created);
    r.download = ready;
    r.total = done;
    let installed = std::fs::read(files.boot_slot()).unwrap_or_default();
    let mut problems = Vec::new();
    if code != Some(exit::UPDATED) {
        problems.push(format!("device exit {code:?}"));
    }
    if status != Some(ExecutionStatus::Succeeded) {
        problems.push(format!(
            "job {}",
            status.map_or("not finished", ExecutionStatus::as_str)
        ));
    }
    if installed != image {
        problems.push("installed image differs from the signed one".into());
    }
    if ready.is_none() || done.is_none() {
        problems.push("no self_test: ready / final status update recorded".into());
    }
    if problems.is_empty() {
        r.ok = true;
    } else {
        fail(&mut r, &dev, problems.join(", "));
    }
    r
}

// ---------------------------------------------------------------------------

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn json_f(v: Option<f64>) -> String {
    v.map_or("null".into(), |x| format!("{x:.6}"))
}

/// Records that broker `bname` was not measured: `detail` on stderr, `why`
/// (one line) in the failures and in the report's broker notes.
fn skip_broker(
    failures: &mut Vec<String>,
    notes: &mut Vec<String>,
    bname: &str,
    why: &str,
    detail: &str,
) {
    eprintln!("throughput: {bname}: not measured: {detail}");
    failures.push(format!("{bname}: not measured: {why}"));
    notes.push(format!(
        "{{\"broker\": {}, \"skipped\": {}}}",
        json_str(bname),
        json_str(why)
    ));
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let _ = std::fs::create_dir_all(&args.work);
    let keys = TempDir::new(&args.work, "keys");
    let signer = Signer::generate(keys.path());

    // Images and signatures made before any timing starts.
    let images = Images {
        by_size: args
            .sizes
            .iter()
            .map(|&s| {
                let img = demo_image("1.0.2", "", s, s as u64);
                let sig = signing::sign_base64(&signer.key, &img);
                (s, img, sig)
            })
            .collect(),
    };

    let mut cases = Vec::new();
    for &size in &args.sizes {
        for (bpr, exe) in &args.mqtt {
            cases.push(Case {
                protocol: Protocol::Mqtt,
                bpr: Some(*bpr),
                exe: exe.clone(),
                size,
            });
        }
        if let Some(exe) = &args.http {
            cases.push(Case {
                protocol: Protocol::Http,
                bpr: None,
                exe: exe.clone(),
                size,
            });
        }
    }

    let started = Instant::now();
    let mut records = Vec::new();
    let mut failures = Vec::new();
    let mut broker_notes = Vec::new();
    for bname in &args.brokers {
        let broker = match BenchBroker::start(bname, &args.work) {
            Ok(b) => b,
            Err(e) => {
                let why = e.lines().next().unwrap_or("");
                skip_broker(&mut failures, &mut broker_notes, bname, why, &e);
                continue;
            }
        };
        let cloud = match Cloud::start(
            format!("127.0.0.1:{}", broker.port()),
            CloudOptions {
                client_id: format!("bench-cloud-{bname}"),
                signing_key: Some(signer.key.clone()),
                ..CloudOptions::default()
            },
        ) {
            Ok(c) => c,
            Err(e) => {
                let why = format!("the cloud stand-in does not connect: {e}");
                skip_broker(&mut failures, &mut broker_notes, bname, &why, &why);
                continue;
            }
        };
        broker_notes.push(format!(
            "{{\"broker\": {}, \"skipped\": null}}",
            json_str(bname)
        ));
        // One warm-up update (not recorded): page cache, first connections.
        if let Some(c) = cases.first() {
            let mut w = c.clone();
            w.size = args.sizes[0];
            let _ = run_once(
                &cloud,
                broker.port(),
                &signer,
                &images,
                &args.work,
                &w,
                &format!("warmup-{bname}"),
            );
        }
        // Run-major order: each case once, then again, so drift spreads evenly.
        for run in 0..args.runs {
            for (ci, case) in cases.iter().enumerate() {
                let thing = format!("tp-{bname}-{ci}-{run}");
                let r = run_once(
                    &cloud,
                    broker.port(),
                    &signer,
                    &images,
                    &args.work,
                    case,
                    &thing,
                );
                let line = format!("{bname:<9} {} run {}/{}", case.label(), run + 1, args.runs);
                if r.ok {
                    eprintln!(
                        "throughput: {line}: download+verify {:.3} s, SUCCEEDED {:.3} s \
                         ({} stream requests, {} blocks, {} HTTP requests{})",
                        r.download.unwrap_or(f64::NAN),
                        r.total.unwrap_or(f64::NAN),
                        r.stream_requests,
                        r.blocks_served,
                        r.http_requests,
                        if r.device_drops > 0 {
                            format!(", {} messages dropped by the device", r.device_drops)
                        } else {
                            String::new()
                        }
                    );
                } else {
                    eprintln!("throughput: {line}: FAILED: {}", r.error);
                    failures.push(format!("{line}: {}", r.error.lines().next().unwrap_or("")));
                }
                records.push(format!(
                    "{{\"broker\": {}, \"protocol\": {}, \"bpr\": {}, \"size\": {}, \"run\": {}, \
                     \"ok\": {}, \"error\": {}, \"download_s\": {}, \"total_s\": {}, \
                     \"stream_requests\": {}, \"blocks_served\": {}, \"http_requests\": {}, \
                     \"device_drops\": {}}}",
                    json_str(bname),
                    json_str(case.protocol.as_str()),
                    case.bpr.map_or("null".into(), |n| n.to_string()),
                    case.size,
                    run,
                    r.ok,
                    json_str(&r.error),
                    json_f(r.download),
                    json_f(r.total),
                    r.stream_requests,
                    r.blocks_served,
                    r.http_requests,
                    r.device_drops
                ));
            }
        }
        cloud.shutdown();
        drop(broker);
    }

    let mosquitto_version = std::process::Command::new("mosquitto")
        .arg("-h")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_default();
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let json = format!(
        "{{\n\"runs_per_case\": {},\n\"cpus\": {cpus},\n\"elapsed_s\": {:.1},\n\
         \"mosquitto\": {},\n\"brokers\": [{}],\n\"failures\": [{}],\n\"runs\": [\n{}\n]\n}}\n",
        args.runs,
        started.elapsed().as_secs_f64(),
        json_str(&mosquitto_version),
        broker_notes.join(", "),
        failures
            .iter()
            .map(|f| json_str(f))
            .collect::<Vec<_>>()
            .join(", "),
        records.join(",\n")
    );
    if let Some(parent) = args.out.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = std::fs::write(&args.out, json) {
        eprintln!("throughput: cannot write {}: {e}", args.out.display());
    }
    eprintln!(
        "throughput: {} runs in {:.0} s, {} failed",
        records.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    for f in &failures {
        eprintln!("throughput: FAILED {f}");
    }
    ExitCode::SUCCESS
}
