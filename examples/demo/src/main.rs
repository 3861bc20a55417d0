//! The zero-setup OTA demo: an embedded MQTT broker, the cloud stand-in and
//! the C demo firmware (built against `libota.a`) as a child process, through
//! two complete over-the-air updates: v1.0.1 -> v1.0.2 over MQTT streams,
//! then v1.0.2 -> v1.0.3 over HTTP (pre-signed URL).
//!
//! ```text
//! cargo run -p ota-demo --release [-- --size BYTES] [--c-demo PATH] [--keep]
//! ```

use ota_cloud::progress;
use ota_cloud::{Cloud, CloudOptions, ExecutionStatus, JobSpec, Protocol};
use ota_demo::{
    CloudWatch, Config, Device, DeviceFiles, DeviceOptions, Signer, TempDir, build_c_demo,
    demo_image, exit, job_timings, repo_root,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

const THING: &str = "demo-thing";
const JOB_TIMEOUT: Duration = Duration::from_secs(120);

struct Args {
    size: usize,
    c_demo: Option<PathBuf>,
    keep: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        size: 1 << 20,
        c_demo: None,
        keep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--size" => {
                let v = it.next().ok_or("--size needs a value")?;
                args.size = v.parse().map_err(|_| format!("bad --size {v}"))?;
            }
            "--c-demo" => args.c_demo = Some(it.next().ok_or("--c-demo needs a path")?.into()),
            "--keep" => args.keep = true,
            "-h" | "--help" => {
                return Err("usage: ota-demo [--size BYTES] [--c-demo PATH] [--keep]".into());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.size < 1024 || args.size > Config::Default.max_image() {
        return Err(format!(
            "--size must be between 1024 and {} bytes",
            Config::Default.max_image()
        ));
    }
    Ok(args)
}

struct Outcome {
    what: String,
    protocol: &'static str,
    size: usize,
    status: Option<ExecutionStatus>,
    device_exit: Option<i32>,
    stored_ok: bool,
    download_secs: f64,
    total_secs: f64,
}

fn step(text: &str) {
    println!();
    println!("== {text}");
}

#[allow(clippy::too_many_arguments)]
fn update(
    cloud: &Cloud,
    device: &DeviceOptions,
    signer: &Signer,
    job_id: &str,
    from: &str,
    to: &str,
    protocol: Protocol,
    size: usize,
    device_first: bool,
) -> Outcome {
    let image = demo_image(to, "", size, size as u64 ^ 0x5eed);
    let mut spec = JobSpec::new(job_id, image.clone());
    spec.protocols = vec![protocol];
    spec.file_path = device.files.image.display().to_string();
    spec.cert_file = signer.cert_file.display().to_string();
    let proto = match protocol {
        Protocol::Mqtt => "MQTT stream",
        Protocol::Http => "HTTP (pre-signed URL)",
    };
    step(&format!(
        "update v{from} -> v{to} over {proto}: job {job_id}, {} signed image",
        progress::bytes(size as u64)
    ));
    // The first update is waiting when the device starts (it finds it with
    // `$next/get`); for the second the device is up first and learns of the
    // job from `notify-next`.
    let mut early = None;
    if device_first {
        println!("device | (starting the C demo firmware)");
        let dev = Device::spawn(device);
        if !dev.wait_for_output("waiting for a job", Duration::from_secs(30)) {
            println!("demo   | the device did not come up");
        }
        early = Some(dev);
    }
    let started = Instant::now();
    let created = SystemTime::now();
    if let Err(e) = cloud.create_job(THING, spec) {
        println!("cloud  | cannot create the job: {e}");
        return Outcome {
            what: format!("v{from} -> v{to}"),
            protocol: protocol.as_str(),
            size,
            status: None,
            device_exit: None,
            stored_ok: false,
            download_secs: 0.0,
            total_secs: 0.0,
        };
    }
    println!(
        "cloud  | job {job_id} queued for {THING}: {} bytes, signed (ECDSA P-256 / SHA-256)",
        size
    );
    let mut dev = match early {
        Some(d) => d,
        None => {
            println!("device | (starting the C demo firmware)");
            Device::spawn(device)
        }
    };
    let mut watch = CloudWatch::new("cloud  | ");
    let deadline = Instant::now() + JOB_TIMEOUT;
    let status = loop {
        watch.poll(cloud, THING, job_id);
        let exec = cloud.execution(THING, job_id);
        let terminal = exec.as_ref().is_some_and(|e| e.status.is_terminal());
        let exited = dev.wait(Duration::from_millis(20)).is_some();
        if terminal && exited {
            break exec.map(|e| e.status);
        }
        if Instant::now() >= deadline {
            println!("demo   | timed out");
            dev.kill();
            break exec.map(|e| e.status);
        }
    };
    watch.poll(cloud, THING, job_id);
    let (ready, done) = job_timings(cloud, THING, job_id, created);
    let download_secs = ready.unwrap_or(0.0);
    let total_secs = done.unwrap_or_else(|| started.elapsed().as_secs_f64());
    let device_exit = dev.wait(Duration::from_secs(5)).and_then(|s| s.code());
    let stored = std::fs::read(device.files.boot_slot()).ok();
    let stored_ok = stored.as_deref() == Some(image.as_slice());
    if let Some(e) = cloud.execution(THING, job_id) {
        let details: Vec<String> = e
            .status_details
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect();
        println!(
            "cloud  | job {job_id} is {} {}",
            e.status,
            details.join(" ")
        );
    }
    println!(
        "demo   | installed image {} the signed v{to} image",
        if stored_ok {
            "matches"
        } else {
            "does NOT match"
        }
    );
    Outcome {
        what: format!("v{from} -> v{to}"),
        protocol: protocol.as_str(),
        size,
        status,
        device_exit,
        stored_ok,
        download_secs,
        total_secs,
    }
}

fn run(args: &Args) -> Result<bool, String> {
    let exe = match &args.c_demo {
        Some(p) => {
            step("the C demo firmware (examples/c-demo, linked with libota.a)");
            p.clone()
        }
        None => {
            step("building libota.a and the C demo firmware (examples/c-demo)");
            build_c_demo(Config::Default, &repo_root().join("target/c-demo"))?
        }
    };
    println!("demo   | {}", exe.display());

    let work = TempDir::new(&std::env::temp_dir(), "ota-demo");
    let dir = work.path().to_path_buf();

    step("starting the embedded MQTT broker and the cloud stand-in");
    let broker = ota_broker::Broker::start("127.0.0.1:0")
        .map_err(|e| format!("cannot start the broker: {e}"))?;
    println!(
        "broker | listening on {} (AWS IoT Jobs responses delivered to the requester)",
        broker.addr()
    );
    let signer = Signer::generate(&dir);
    println!(
        "cloud  | code-signing key generated; the device trusts its public key {}",
        signer.cert_file.display()
    );
    let cloud = Cloud::start(
        format!("127.0.0.1:{}", broker.port()),
        CloudOptions {
            client_id: "ota-demo-cloud".into(),
            signing_key: Some(signer.key.clone()),
            ..CloudOptions::default()
        },
    )
    .map_err(|e| format!("cannot start the cloud stand-in: {e}"))?;
    println!(
        "cloud  | Jobs + MQTT streams on the broker, HTTP downloads on 127.0.0.1:{}",
        cloud.http_port().unwrap_or(0)
    );

    let device = DeviceOptions {
        exe,
        broker_port: broker.port(),
        thing: THING.into(),
        files: DeviceFiles::in_dir(&dir.join("device")),
        version: "1.0.1".into(),
        extra_args: Vec::new(),
        timeout_secs: JOB_TIMEOUT.as_secs() as u32,
        echo: Some("device | ".into()),
    };
    std::fs::create_dir_all(dir.join("device")).map_err(|e| e.to_string())?;

    let mut outcomes = vec![update(
        &cloud,
        &device,
        &signer,
        "update-1-0-2",
        "1.0.1",
        "1.0.2",
        Protocol::Mqtt,
        args.size,
        false,
    )];
    if outcomes[0].status == Some(ExecutionStatus::Succeeded) {
        outcomes.push(update(
            &cloud,
            &device,
            &signer,
            "update-1-0-3",
            "1.0.2",
            "1.0.3",
            Protocol::Http,
            args.size,
            true,
        ));
    }

    step("summary");
    let mut ok = outcomes.len() == 2;
    for o in &outcomes {
        let good = o.status == Some(ExecutionStatus::Succeeded)
            && o.device_exit == Some(exit::UPDATED)
            && o.stored_ok;
        ok &= good;
        println!(
            "{} {:<16} over {:<4} {:>9}: job {:<9} device exit {:<4} image {}  download {:.2} s, total {:.2} s (incl. reboot and self-test)",
            if good { "OK  " } else { "FAIL" },
            o.what,
            o.protocol,
            progress::bytes(o.size as u64),
            o.status.map_or("UNKNOWN", ExecutionStatus::as_str),
            o.device_exit
                .map_or_else(|| "-".to_string(), |c| c.to_string()),
            if o.stored_ok { "verified" } else { "WRONG" },
            o.download_secs,
            o.total_secs,
        );
    }
    let stats = cloud.stats();
    println!(
        "cloud: {} stream requests, {} blocks served, {} HTTP range requests, {} status updates",
        stats.stream_requests, stats.blocks_served, stats.http_requests, stats.updates
    );
    if args.keep {
        println!("files kept in {}", dir.display());
        std::mem::forget(work);
    }
    cloud.shutdown();
    Ok(ok)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => {
            println!("demo: both updates installed, verified and reported SUCCEEDED");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("demo: FAILED (see above)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("demo: {e}");
            ExitCode::FAILURE
        }
    }
}
