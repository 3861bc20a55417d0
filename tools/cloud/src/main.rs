//! `ota-cloud`: command line of the local AWS IoT OTA stand-in.

use ota_cloud::progress;
use ota_cloud::{Cloud, CloudOptions, ExecutionStatus, Faults, JobSpec, Protocol, signing};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage:
  ota-cloud keygen --out key.pem [--pub key.pub.pem] [--cert cert.pem] [--cn NAME]
      Makes a P-256 signing key (PKCS#8 PEM), its public key (SubjectPublicKeyInfo PEM,
      default <out>.pub.pem) and, with --cert, a self-signed X.509 certificate.
  ota-cloud sign --key key.pem --in image.bin [--out sig.der]
      Prints the base64 DER ECDSA-P256-SHA256 signature of the file
      (the bytes `openssl dgst -sha256 -sign key.pem` writes).
  ota-cloud verify --pub key.pub.pem|cert.pem --in image.bin (--sig BASE64 | --sig-file sig.der)
  ota-cloud serve --broker HOST:PORT --thing NAME --image FILE [options]
      Creates one job and serves it until it ends. Exit code 0 on SUCCEEDED, 1 otherwise.
      --key key.pem           sign the image (the signature goes in the job document)
      --protocol mqtt|http|both   (default mqtt; both lists [\"MQTT\",\"HTTP\"])
      --http-port N           HTTP download port (default 0: any free port)
      --stream-name S         (default stream-<job id>)
      --job-id J              (default ota-<unix time>)
      --file-id N  --filepath PATH  --certfile PATH  --signature-key KEY
      --url-expiry SECS       lifetime of each pre-signed URL (default 3600)
      --embedded-broker       run an ota-broker on --broker first
      --timeout SECS          give up after SECS (default 0: wait for ever)
      --verbose               log every MQTT message
      faults: --drop F --dup F --reorder --corrupt F --corrupt-block N (repeatable)
              --delay-ms N --ignore-requests N --http-cut F --seed N";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "keygen" => parse(rest).and_then(|a| keygen(&a)),
        "sign" => parse(rest).and_then(|a| sign(&a)),
        "verify" => parse(rest).and_then(|a| verify(&a)),
        "serve" => parse(rest).and_then(|a| serve(&a)),
        "-h" | "--help" | "help" => {
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(Failure::Usage(format!("unknown command {other}"))),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(m)) => {
            eprintln!("ota-cloud: {m}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Fatal(m)) => {
            eprintln!("ota-cloud: {m}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Usage(String),
    Fatal(String),
}

type Res<T> = Result<T, Failure>;

/// Flags that take no value.
const SWITCHES: [&str; 3] = ["--reorder", "--embedded-broker", "--verbose"];

struct Args(HashMap<String, Vec<String>>);

fn parse(args: &[String]) -> Res<Args> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !a.starts_with("--") {
            return Err(Failure::Usage(format!("unexpected argument {a}")));
        }
        let value = if SWITCHES.contains(&a.as_str()) {
            String::new()
        } else {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{a} needs a value")))?
        };
        map.entry(a.clone()).or_default().push(value);
    }
    Ok(Args(map))
}

impl Args {
    fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).and_then(|v| v.last()).map(String::as_str)
    }
    fn has(&self, k: &str) -> bool {
        self.0.contains_key(k)
    }
    fn need(&self, k: &str) -> Res<&str> {
        self.get(k)
            .ok_or_else(|| Failure::Usage(format!("{k} is required")))
    }
    fn num<T: std::str::FromStr>(&self, k: &str, default: T) -> Res<T> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| Failure::Usage(format!("{k}: bad number {v}"))),
        }
    }
    fn all<T: std::str::FromStr>(&self, k: &str) -> Res<Vec<T>> {
        self.0
            .get(k)
            .map(|vs| {
                vs.iter()
                    .map(|v| {
                        v.parse()
                            .map_err(|_| Failure::Usage(format!("{k}: bad number {v}")))
                    })
                    .collect()
            })
            .unwrap_or(Ok(Vec::new()))
    }
}

fn read(path: &str) -> Res<Vec<u8>> {
    std::fs::read(path).map_err(|e| Failure::Fatal(format!("cannot read {path}: {e}")))
}

fn read_text(path: &str) -> Res<String> {
    std::fs::read_to_string(path).map_err(|e| Failure::Fatal(format!("cannot read {path}: {e}")))
}

fn write(path: &str, data: &[u8]) -> Res<()> {
    std::fs::write(path, data).map_err(|e| Failure::Fatal(format!("cannot write {path}: {e}")))
}

fn load_key(path: &str) -> Res<signing::SigningKey> {
    signing::load_private_key(&read_text(path)?).map_err(|e| Failure::Fatal(format!("{path}: {e}")))
}

fn keygen(a: &Args) -> Res<ExitCode> {
    let out = a.need("--out")?;
    let public = a
        .get("--pub")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}.pub.pem", out.strip_suffix(".pem").unwrap_or(out)));
    let key = signing::generate_key();
    write(
        out,
        signing::private_key_pem(&key)
            .map_err(Failure::Fatal)?
            .as_bytes(),
    )?;
    write(
        &public,
        signing::public_key_pem(key.verifying_key())
            .map_err(Failure::Fatal)?
            .as_bytes(),
    )?;
    println!("private key: {out}\npublic key:  {public}");
    if let Some(cert) = a.get("--cert") {
        let cn = a.get("--cn").unwrap_or("ota-cloud code signer");
        let pem = signing::self_signed_certificate_pem(&key, cn).map_err(Failure::Fatal)?;
        write(cert, pem.as_bytes())?;
        println!("certificate: {cert}");
    }
    Ok(ExitCode::SUCCESS)
}

fn sign(a: &Args) -> Res<ExitCode> {
    let key = load_key(a.need("--key")?)?;
    let data = read(a.need("--in")?)?;
    let der = signing::sign_der(&key, &data);
    if let Some(out) = a.get("--out") {
        write(out, &der)?;
    }
    println!("{}", ota_cloud::base64::encode(&der));
    Ok(ExitCode::SUCCESS)
}

fn verify(a: &Args) -> Res<ExitCode> {
    let path = a.need("--pub")?;
    let key = signing::load_public_key(&read_text(path)?)
        .map_err(|e| Failure::Fatal(format!("{path}: {e}")))?;
    let data = read(a.need("--in")?)?;
    let sig = match (a.get("--sig"), a.get("--sig-file")) {
        (Some(b64), _) => ota_cloud::base64::decode(b64)
            .ok_or_else(|| Failure::Fatal("--sig is not base64".into()))?,
        (None, Some(f)) => read(f)?,
        (None, None) => return Err(Failure::Usage("--sig or --sig-file is required".into())),
    };
    if signing::verify_der(&key, &data, &sig) {
        println!("signature OK");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("signature BAD");
        Ok(ExitCode::FAILURE)
    }
}

fn faults(a: &Args) -> Res<Faults> {
    Ok(Faults {
        seed: a.num("--seed", 1)?,
        drop_rate: a.num("--drop", 0.0)?,
        duplicate_rate: a.num("--dup", 0.0)?,
        reorder: a.has("--reorder"),
        corrupt_rate: a.num("--corrupt", 0.0)?,
        corrupt_blocks: a.all("--corrupt-block")?,
        block_delay: Duration::from_millis(a.num("--delay-ms", 0)?),
        ignore_requests: a.num("--ignore-requests", 0)?,
        http_cut_rate: a.num("--http-cut", 0.0)?,
    })
}

fn serve(a: &Args) -> Res<ExitCode> {
    let broker_addr = a.need("--broker")?.to_string();
    let thing = a.need("--thing")?.to_string();
    let image_path = a.need("--image")?;
    let image = read(image_path)?;
    let protocols = match a.get("--protocol").unwrap_or("mqtt") {
        "mqtt" => vec![Protocol::Mqtt],
        "http" => vec![Protocol::Http],
        "both" => vec![Protocol::Mqtt, Protocol::Http],
        other => return Err(Failure::Usage(format!("--protocol: unknown {other}"))),
    };
    let job_id = a
        .get("--job-id")
        .map(str::to_string)
        .unwrap_or_else(|| format!("ota-{}", ota_cloud::time::now_secs()));
    let mut spec = JobSpec::new(&job_id, image);
    spec.protocols = protocols.clone();
    if let Some(s) = a.get("--stream-name") {
        spec.stream_name = s.to_string();
    }
    spec.file_id = a.num("--file-id", 0)?;
    if let Some(p) = a.get("--filepath") {
        spec.file_path = p.to_string();
    }
    if let Some(p) = a.get("--certfile") {
        spec.cert_file = p.to_string();
    }
    if let Some(k) = a.get("--signature-key") {
        spec.signature_key = k.to_string();
    }
    spec.url_expiry_secs = a.num("--url-expiry", 3600)?;
    let signing_key = a.get("--key").map(load_key).transpose()?;
    let uses_http = protocols.contains(&Protocol::Http);
    let http_port: u16 = a.num("--http-port", 0)?;
    let options = CloudOptions {
        http_addr: uses_http.then(|| format!("127.0.0.1:{http_port}")),
        signing_key,
        faults: faults(a)?,
        verbose: a.has("--verbose"),
        ..CloudOptions::default()
    };
    let _broker = if a.has("--embedded-broker") {
        let b = ota_cloud::ota_broker::Broker::start(broker_addr.as_str())
            .map_err(|e| Failure::Fatal(format!("cannot start a broker on {broker_addr}: {e}")))?;
        println!("ota-cloud: embedded broker listening on {}", b.addr());
        Some(b)
    } else {
        None
    };
    let timeout = Duration::from_secs(a.num("--timeout", 0)?);
    let signed = options.signing_key.is_some();
    let cloud = Cloud::start(broker_addr.as_str(), options).map_err(|e| {
        Failure::Fatal(format!(
            "cannot start the service on broker {broker_addr}: {e}"
        ))
    })?;
    let file_len = spec.image.len() as u64;
    let stream = spec.stream_name.clone();
    cloud
        .create_job(&thing, spec)
        .map_err(|e| Failure::Fatal(format!("cannot create the job: {e}")))?;
    let names: Vec<&str> = protocols.iter().map(|p| p.as_str()).collect();
    println!(
        "ota-cloud: job {job_id} for thing {thing}: {image_path} ({}), {}{}{}",
        progress::bytes(file_len),
        names.join("+"),
        if protocols.contains(&Protocol::Mqtt) {
            format!(" stream {stream}")
        } else {
            String::new()
        },
        if signed { ", signed" } else { ", unsigned" },
    );
    if let Some(p) = cloud.http_port() {
        println!("ota-cloud: HTTP downloads on 127.0.0.1:{p}");
    }
    println!("ota-cloud: waiting for the device (broker {broker_addr})...");
    Ok(watch(&cloud, &thing, &job_id, file_len, timeout))
}

/// Shows progress until the job ends; returns the exit code.
fn watch(cloud: &Cloud, thing: &str, job_id: &str, file_len: u64, timeout: Duration) -> ExitCode {
    let start = Instant::now();
    let tty = std::io::stdout().is_terminal();
    let mut shown_updates = 0;
    let mut rate_mark = (Instant::now(), 0u64);
    let mut rate = 0.0;
    let mut last_line = String::new();
    let mut last_print = Instant::now();
    let mut out = std::io::stdout();
    let final_status = loop {
        let exec = cloud.wait_until(thing, job_id, Duration::from_millis(250), |e, h| {
            e.status.is_terminal() || h.len() > shown_updates
        });
        let history = cloud.status_history(thing, job_id);
        let stats = cloud.stats();
        let (done, total) = progress::device_progress(&history, &stats);
        let served = stats.blocks_served + stats.http_requests;
        if rate_mark.0.elapsed() >= Duration::from_secs(1) {
            rate = (served - rate_mark.1) as f64 / rate_mark.0.elapsed().as_secs_f64();
            rate_mark = (Instant::now(), served);
        }
        if tty {
            let _ = write!(out, "\r\x1b[2K");
        }
        for u in &history[shown_updates.min(history.len())..] {
            let at = u
                .received_at
                .elapsed()
                .map(|ago| start.elapsed().saturating_sub(ago))
                .unwrap_or_default();
            let _ = writeln!(out, "{}", progress::update_line(u, at));
        }
        shown_updates = history.len();
        let line = progress::progress_line(done, total, rate, &stats);
        if tty {
            let _ = write!(out, "{line}");
        } else if line != last_line && last_print.elapsed() >= Duration::from_secs(1) {
            let _ = writeln!(out, "{line}");
            last_print = Instant::now();
            last_line = line;
        }
        let _ = out.flush();
        match exec {
            Ok(e) if e.status.is_terminal() => break Some(e),
            Err(ota_cloud::CloudError::Timeout(_)) | Ok(_) => {}
            Err(e) => {
                eprintln!("\nota-cloud: {e}");
                break None;
            }
        }
        if !timeout.is_zero() && start.elapsed() >= timeout {
            let _ = writeln!(out, "\nota-cloud: timed out after {} s", timeout.as_secs());
            break cloud.execution(thing, job_id);
        }
        if !cloud.is_connected() {
            let _ = writeln!(out, "\nota-cloud: lost the broker connection");
            break cloud.execution(thing, job_id);
        }
    };
    let stats = cloud.stats();
    let history = cloud.status_history(thing, job_id);
    let status = final_status.as_ref().map(|e| e.status);
    let (mut done, total) = progress::device_progress(&history, &stats);
    if status == Some(ExecutionStatus::Succeeded) {
        done = total;
    }
    if tty {
        let _ = write!(out, "\r\x1b[2K");
    }
    let secs = start.elapsed().as_secs_f64().max(0.001);
    let average = (stats.blocks_served + stats.http_requests) as f64 / secs;
    let line = progress::progress_line(done, total, average, &stats);
    let _ = writeln!(out, "{line}");
    let status_text = status.map_or("UNKNOWN", ExecutionStatus::as_str);
    if let Some(e) = &final_status {
        let details: Vec<String> = e
            .status_details
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect();
        let _ = writeln!(
            out,
            "ota-cloud: job {job_id} is {status_text} {}",
            details.join(" ")
        );
    }
    let _ = writeln!(
        out,
        "{}",
        progress::summary(status_text, file_len, &stats, start.elapsed())
    );
    if status == Some(ExecutionStatus::Succeeded) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
