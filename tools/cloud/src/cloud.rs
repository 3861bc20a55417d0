//! The stand-in service: an MQTT client that plays AWS IoT Jobs and MQTT
//! file streams, plus the pre-signed-URL HTTP server.

use crate::faults::{FaultState, Faults};
use crate::http::HttpServer;
use crate::jobs::{self, Execution, ExecutionStatus, JobSpec, Protocol, StatusUpdate};
use crate::signing::{self, SigningKey};
use crate::stats::{self, CloudStats, Counters};
use crate::streams::{self, GetStreamRequest};
use crate::time::now_secs;
use ota_broker::{Client, ClientOptions, Message, QoS};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::io;
use std::net::ToSocketAddrs;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime};

/// How many incoming messages and stream requests are kept for inspection.
const LOG_LIMIT: usize = 10_000;

/// Settings of a [`Cloud`].
#[derive(Clone, Debug)]
pub struct CloudOptions {
    /// MQTT client id of the service.
    pub client_id: String,
    /// Address for the HTTP download server (e.g. `127.0.0.1:0`); `None` for no HTTP.
    pub http_addr: Option<String>,
    /// Key used to sign job files whose spec carries no signature.
    pub signing_key: Option<SigningKey>,
    /// Initial fault knobs.
    pub faults: Faults,
    /// MQTT keep-alive in seconds.
    pub keep_alive: u16,
    /// Log every message handled to stderr.
    pub verbose: bool,
}

impl Default for CloudOptions {
    fn default() -> Self {
        CloudOptions {
            client_id: format!("ota-cloud-{}", std::process::id()),
            http_addr: Some("127.0.0.1:0".into()),
            signing_key: None,
            faults: Faults::default(),
            keep_alive: 30,
            verbose: false,
        }
    }
}

/// Errors of the control API.
#[derive(Debug)]
pub enum CloudError {
    /// Network failure.
    Io(io::Error),
    /// No such job on that thing.
    UnknownJob {
        /// Thing name.
        thing: String,
        /// Job id.
        job: String,
    },
    /// A job with this id already exists on the thing.
    DuplicateJob(String),
    /// An HTTP job was created but the cloud runs no HTTP server.
    NoHttpServer,
    /// A bad argument.
    Invalid(String),
    /// The wait ended before the condition held; carries the last status seen.
    Timeout(Option<ExecutionStatus>),
}

impl fmt::Display for CloudError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloudError::Io(e) => write!(f, "network error: {e}"),
            CloudError::UnknownJob { thing, job } => write!(f, "no job {job} on thing {thing}"),
            CloudError::DuplicateJob(j) => write!(f, "job {j} already exists"),
            CloudError::NoHttpServer => {
                f.write_str("HTTP job but no HTTP server (CloudOptions::http_addr)")
            }
            CloudError::Invalid(m) => f.write_str(m),
            CloudError::Timeout(Some(s)) => write!(f, "timed out (status {s})"),
            CloudError::Timeout(None) => f.write_str("timed out"),
        }
    }
}

impl std::error::Error for CloudError {}

impl From<io::Error> for CloudError {
    fn from(e: io::Error) -> Self {
        CloudError::Io(e)
    }
}

/// A GetStream request as received, for inspection by tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamRequestRecord {
    /// Thing that asked.
    pub thing: String,
    /// Stream name from the topic.
    pub stream: String,
    /// The decoded request, or the decoding error.
    pub request: Result<GetStreamRequest, String>,
    /// Raw CBOR payload.
    pub payload: Vec<u8>,
}

struct Job {
    spec: JobSpec,
    signature: Option<String>,
    exec: Execution,
}

#[derive(Default)]
struct State {
    things: HashMap<String, Vec<Job>>,
    history: HashMap<(String, String), Vec<StatusUpdate>>,
    /// Stream name -> file id -> bytes.
    streams: HashMap<String, HashMap<u32, Arc<Vec<u8>>>>,
    /// (stream, file id, block) already served once.
    served: HashSet<(String, u32, u32)>,
    messages: VecDeque<Message>,
    stream_requests: VecDeque<StreamRequestRecord>,
}

struct Shared {
    state: Mutex<State>,
    /// Held while one incoming message is handled, so that stopping waits for its answers.
    busy: Mutex<()>,
    changed: Condvar,
    client: Client,
    faults: Arc<Mutex<FaultState>>,
    counters: Arc<Counters>,
    http: Option<HttpServer>,
    signing_key: Option<SigningKey>,
    verbose: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn push_bounded<T>(q: &mut VecDeque<T>, item: T) {
    if q.len() >= LOG_LIMIT {
        q.pop_front();
    }
    q.push_back(item);
}

/// The pending execution AWS calls "next": the oldest IN_PROGRESS one, else the oldest QUEUED one.
fn next_index(jobs: &[Job]) -> Option<usize> {
    jobs.iter()
        .position(|j| j.exec.status == ExecutionStatus::InProgress)
        .or_else(|| {
            jobs.iter()
                .position(|j| j.exec.status == ExecutionStatus::Queued)
        })
}

fn next_id(jobs: Option<&Vec<Job>>) -> Option<String> {
    let jobs = jobs?;
    next_index(jobs).map(|i| jobs[i].exec.job_id.clone())
}

fn url_name(job_id: &str) -> String {
    let safe: String = job_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.bin")
}

type Outgoing = Vec<(String, Vec<u8>)>;

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn log(&self, msg: std::fmt::Arguments<'_>) {
        if self.verbose {
            eprintln!("ota-cloud: {msg}");
        }
    }

    fn send(&self, out: Outgoing) {
        for (topic, payload) in out {
            self.log(format_args!(
                "-> {topic} {}",
                String::from_utf8_lossy(&payload)
            ));
            if let Err(e) = self.client.publish(&topic, &payload, QoS::AtLeastOnce) {
                eprintln!("ota-cloud: cannot publish on {topic}: {e}");
            }
        }
    }

    fn document(&self, job: &Job) -> Value {
        let url = match (&self.http, job.spec.uses(Protocol::Http)) {
            (Some(h), true) => Some(h.url(&url_name(&job.spec.job_id), job.spec.url_expiry_secs)),
            _ => None,
        };
        job.spec.document(job.signature.as_deref(), url.as_deref())
    }

    fn notify_next(&self, thing: &str, st: &State) -> (String, Vec<u8>) {
        let mut m = Map::new();
        m.insert("timestamp".into(), json!(now_secs()));
        if let Some(jobs) = st.things.get(thing)
            && let Some(i) = next_index(jobs)
        {
            let j = &jobs[i];
            m.insert("execution".into(), j.exec.to_json(Some(self.document(j))));
        }
        (
            format!("$aws/things/{thing}/jobs/notify-next"),
            Value::Object(m).to_string().into_bytes(),
        )
    }

    fn handle(&self, msg: &Message, streams_tx: &SyncSender<(String, String, Vec<u8>)>) {
        let parts: Vec<&str> = msg.topic.split('/').collect();
        let out = match parts.as_slice() {
            ["$aws", "things", t, "jobs", "$next", "get"] => {
                self.describe_next(t, &msg.payload, false)
            }
            ["$aws", "things", t, "jobs", "start-next"] => {
                self.describe_next(t, &msg.payload, true)
            }
            ["$aws", "things", t, "jobs", "get"] => self.list(t, &msg.payload),
            ["$aws", "things", t, "jobs", job, "get"] => self.describe(t, job, &msg.payload),
            ["$aws", "things", t, "jobs", job, "update"] => self.update(t, job, msg),
            ["$aws", "things", t, "streams", s, "get", "cbor"] => {
                let item = (t.to_string(), s.to_string(), msg.payload.clone());
                if let Err(TrySendError::Full(_)) = streams_tx.try_send(item) {
                    eprintln!("ota-cloud: stream requests pile up; dropped one from {t}");
                    stats::add(&self.counters.stream_requests_refused, 1);
                }
                Vec::new()
            }
            _ => Vec::new(),
        };
        self.send(out);
    }

    fn request_json(payload: &[u8]) -> Result<Map<String, Value>, ()> {
        if payload.iter().all(u8::is_ascii_whitespace) {
            return Ok(Map::new());
        }
        match serde_json::from_slice::<Value>(payload) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(()),
        }
    }

    fn reply_base(req: &Map<String, Value>) -> Map<String, Value> {
        let mut m = Map::new();
        if let Some(t) = req.get("clientToken") {
            m.insert("clientToken".into(), t.clone());
        }
        m.insert("timestamp".into(), json!(now_secs()));
        m
    }

    fn rejected(
        topic: String,
        req: &Map<String, Value>,
        code: &str,
        message: &str,
    ) -> (String, Vec<u8>) {
        let mut m = Map::new();
        m.insert("code".into(), json!(code));
        m.insert("message".into(), json!(message));
        m.extend(Shared::reply_base(req));
        (
            format!("{topic}/rejected"),
            Value::Object(m).to_string().into_bytes(),
        )
    }

    fn describe_next(&self, thing: &str, payload: &[u8], start: bool) -> Outgoing {
        stats::add(&self.counters.job_requests, 1);
        let api = if start { "start-next" } else { "$next/get" };
        let topic = format!("$aws/things/{thing}/jobs/{api}");
        let Ok(req) = Shared::request_json(payload) else {
            return vec![Shared::rejected(
                topic,
                &Map::new(),
                "InvalidJson",
                "payload is not a JSON object",
            )];
        };
        let mut st = self.state();
        let mut reply = Shared::reply_base(&req);
        let mut changed = false;
        if let Some(jobs) = st.things.get_mut(thing)
            && let Some(i) = next_index(jobs)
        {
            let job = &mut jobs[i];
            if start && job.exec.status == ExecutionStatus::Queued {
                let now = now_secs();
                job.exec.status = ExecutionStatus::InProgress;
                job.exec.started_at = Some(now);
                job.exec.last_updated_at = now;
                job.exec.version_number += 1;
                if let Some(d) = req.get("statusDetails").and_then(Value::as_object) {
                    job.exec.status_details = d
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            )
                        })
                        .collect();
                }
                changed = true;
            }
            let job = &jobs[i];
            reply.insert(
                "execution".into(),
                job.exec.to_json(Some(self.document(job))),
            );
        }
        drop(st);
        if changed {
            self.changed.notify_all();
        }
        vec![(
            format!("{topic}/accepted"),
            Value::Object(reply).to_string().into_bytes(),
        )]
    }

    fn describe(&self, thing: &str, job_id: &str, payload: &[u8]) -> Outgoing {
        stats::add(&self.counters.job_requests, 1);
        let topic = format!("$aws/things/{thing}/jobs/{job_id}/get");
        let Ok(req) = Shared::request_json(payload) else {
            return vec![Shared::rejected(
                topic,
                &Map::new(),
                "InvalidJson",
                "payload is not a JSON object",
            )];
        };
        let st = self.state();
        let job = st
            .things
            .get(thing)
            .and_then(|jobs| jobs.iter().find(|j| j.exec.job_id == job_id));
        let Some(job) = job else {
            return vec![Shared::rejected(
                topic,
                &req,
                "ResourceNotFound",
                "no such job execution",
            )];
        };
        let mut reply = Shared::reply_base(&req);
        let with_doc = req.get("includeJobDocument").and_then(Value::as_bool) != Some(false);
        let doc = with_doc.then(|| self.document(job));
        reply.insert("execution".into(), job.exec.to_json(doc));
        vec![(
            format!("{topic}/accepted"),
            Value::Object(reply).to_string().into_bytes(),
        )]
    }

    fn list(&self, thing: &str, payload: &[u8]) -> Outgoing {
        stats::add(&self.counters.job_requests, 1);
        let topic = format!("$aws/things/{thing}/jobs/get");
        let Ok(req) = Shared::request_json(payload) else {
            return vec![Shared::rejected(
                topic,
                &Map::new(),
                "InvalidJson",
                "payload is not a JSON object",
            )];
        };
        let st = self.state();
        let jobs = st.things.get(thing).map(Vec::as_slice).unwrap_or(&[]);
        let pick = |s: ExecutionStatus| -> Vec<Value> {
            jobs.iter()
                .filter(|j| j.exec.status == s)
                .map(|j| j.exec.summary_json())
                .collect()
        };
        let mut reply = Shared::reply_base(&req);
        reply.insert(
            "inProgressJobs".into(),
            Value::Array(pick(ExecutionStatus::InProgress)),
        );
        reply.insert(
            "queuedJobs".into(),
            Value::Array(pick(ExecutionStatus::Queued)),
        );
        vec![(
            format!("{topic}/accepted"),
            Value::Object(reply).to_string().into_bytes(),
        )]
    }

    fn update(&self, thing: &str, job_id: &str, msg: &Message) -> Outgoing {
        stats::add(&self.counters.updates, 1);
        let topic = format!("$aws/things/{thing}/jobs/{job_id}/update");
        let parsed = jobs::parse_update(&msg.payload);
        let raw_req = Shared::request_json(&msg.payload).unwrap_or_default();
        let mut record = StatusUpdate {
            status: String::new(),
            status_details: Default::default(),
            payload: String::from_utf8_lossy(&msg.payload).into_owned(),
            accepted: false,
            error: None,
            qos: msg.qos as u8,
            received_at: SystemTime::now(),
        };
        let mut st = self.state();
        let before = next_id(st.things.get(thing));
        let job = st
            .things
            .get_mut(thing)
            .and_then(|jobs| jobs.iter_mut().find(|j| j.exec.job_id == job_id));
        let result: Result<Value, (&str, String, Option<Value>)> = match (&parsed, job) {
            (Err(code), _) => Err((*code, "payload is not a JSON object".into(), None)),
            (Ok(req), job) => {
                record.status.clone_from(&req.status);
                record.status_details = req.details.clone().unwrap_or_default();
                match job {
                    None => Err((
                        "ResourceNotFound",
                        format!("no job execution {job_id}"),
                        None,
                    )),
                    Some(job) => {
                        let state = |e: &Execution| {
                            json!({"status": e.status.as_str(), "statusDetails": e.status_details,
                                   "versionNumber": e.version_number})
                        };
                        match jobs::apply_update(&mut job.exec, req, now_secs()) {
                            Ok(()) => {
                                let mut reply = Shared::reply_base(&raw_req);
                                if req.include_state {
                                    reply.insert("executionState".into(), state(&job.exec));
                                }
                                if req.include_document {
                                    reply.insert(
                                        "jobDocument".into(),
                                        job.spec.document(job.signature.as_deref(), None),
                                    );
                                }
                                Ok(Value::Object(reply))
                            }
                            Err((code, m)) => Err((code, m, Some(state(&job.exec)))),
                        }
                    }
                }
            }
        };
        let mut out = Vec::new();
        match result {
            Ok(reply) => {
                record.accepted = true;
                out.push((format!("{topic}/accepted"), reply.to_string().into_bytes()));
            }
            Err((code, message, exec_state)) => {
                stats::add(&self.counters.updates_rejected, 1);
                record.error = Some(code.to_string());
                let t = format!("{topic}/rejected");
                let mut m = Map::new();
                m.insert("code".into(), json!(code));
                m.insert("message".into(), json!(message));
                m.extend(Shared::reply_base(&raw_req));
                if let Some(s) = exec_state {
                    m.insert("executionState".into(), s);
                }
                out.push((t, Value::Object(m).to_string().into_bytes()));
            }
        }
        st.history
            .entry((thing.to_string(), job_id.to_string()))
            .or_default()
            .push(record);
        if next_id(st.things.get(thing)) != before {
            out.push(self.notify_next(thing, &st));
        }
        drop(st);
        self.changed.notify_all();
        out
    }

    fn serve_stream(&self, thing: &str, stream: &str, payload: Vec<u8>) {
        let c = &self.counters;
        stats::add(&c.stream_requests, 1);
        let parsed = streams::parse_request(&payload);
        let data_topic = format!("$aws/things/{thing}/streams/{stream}/data/cbor");
        let rejected_topic = format!("$aws/things/{thing}/streams/{stream}/rejected/cbor");
        let file = {
            let mut st = self.state();
            push_bounded(
                &mut st.stream_requests,
                StreamRequestRecord {
                    thing: thing.to_string(),
                    stream: stream.to_string(),
                    request: parsed.clone(),
                    payload,
                },
            );
            match &parsed {
                Ok(r) => st
                    .streams
                    .get(stream)
                    .and_then(|files| files.get(&r.file_id))
                    .cloned(),
                Err(_) => None,
            }
        };
        let reject = |token: Option<&str>, code: &str, message: &str| {
            stats::add(&c.stream_requests_refused, 1);
            self.log(format_args!("-> {rejected_topic} {code}: {message}"));
            let _ = self.client.publish_nowait(
                &rejected_topic,
                &streams::encode_rejected(token, code, message),
                QoS::AtMostOnce,
            );
        };
        let req = match parsed {
            Ok(r) => r,
            Err(e) => return reject(None, "InvalidRequest", &e),
        };
        let token = req.client_token.as_deref();
        if lock(&self.faults).ignore_request() {
            stats::add(&c.stream_requests_refused, 1);
            self.log(format_args!(
                "ignoring a GetStream request from {thing} (fault knob)"
            ));
            return;
        }
        let Some(file) = file else {
            return reject(token, "ResourceNotFound", "no such stream or file");
        };
        let indices = match streams::select_blocks(&req, file.len()) {
            Ok(i) => i,
            Err(e) => return reject(token, "InvalidRequest", &e),
        };
        let total = streams::block_count(file.len(), req.block_size);
        if let Some(held) = streams::blocks_held(&req, total) {
            stats::set(&c.device_blocks, u64::from(held));
            stats::set(&c.device_blocks_total, u64::from(total));
        }
        let bs = req.block_size as usize;
        let (plan, delay) = {
            let mut f = lock(&self.faults);
            let mut plan = Vec::with_capacity(indices.len());
            for i in indices {
                let drop_rate = f.faults.drop_rate;
                if f.rng.chance(drop_rate) {
                    stats::add(&c.blocks_dropped, 1);
                    continue;
                }
                let start = i as usize * bs;
                let mut bytes = file[start..(start + bs).min(file.len())].to_vec();
                if f.corrupt(i) && !bytes.is_empty() {
                    let at = f.rng.below(bytes.len());
                    bytes[at] ^= 0xFF;
                    stats::add(&c.blocks_corrupted, 1);
                }
                let dup_rate = f.faults.duplicate_rate;
                let twice = f.rng.chance(dup_rate);
                plan.push((i, bytes));
                if twice {
                    stats::add(&c.blocks_duplicated, 1);
                    let again = plan[plan.len() - 1].clone();
                    plan.push(again);
                }
            }
            if f.faults.reorder {
                f.rng.shuffle(&mut plan);
            }
            (plan, f.faults.block_delay)
        };
        {
            let mut st = self.state();
            for (i, _) in &plan {
                if !st.served.insert((stream.to_string(), req.file_id, *i)) {
                    stats::add(&c.blocks_resent, 1);
                }
            }
        }
        self.log(format_args!("-> {data_topic}: {} blocks", plan.len()));
        for (i, bytes) in plan {
            if !delay.is_zero() {
                thread::sleep(delay);
            }
            let msg = streams::encode_block(token, req.file_id, i, &bytes);
            if self
                .client
                .publish_nowait(&data_topic, &msg, QoS::AtMostOnce)
                .is_err()
            {
                return;
            }
            stats::add(&c.blocks_served, 1);
            stats::add(&c.stream_bytes, bytes.len() as u64);
        }
    }
}

/// A running stand-in for the AWS IoT cloud side. Dropping it disconnects it.
pub struct Cloud {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

/// Topic filters the service subscribes to.
pub const SERVICE_FILTERS: [&str; 5] = [
    "$aws/things/+/jobs/+/get",
    "$aws/things/+/jobs/get",
    "$aws/things/+/jobs/start-next",
    "$aws/things/+/jobs/+/update",
    "$aws/things/+/streams/+/get/cbor",
];

impl Cloud {
    /// Connects to the MQTT broker at `broker`, subscribes to the Jobs and Streams
    /// request topics and starts serving; also starts the HTTP server if configured.
    pub fn start<A: ToSocketAddrs>(broker: A, options: CloudOptions) -> Result<Cloud, CloudError> {
        let mut copts = ClientOptions::new(&options.client_id);
        copts.keep_alive = options.keep_alive;
        // A broker that was just started may accept TCP a moment before it serves
        // MQTT; retry briefly on a refused or reset connection.
        let addrs: Vec<std::net::SocketAddr> = broker
            .to_socket_addrs()
            .map_err(|e| CloudError::Invalid(format!("broker address: {e}")))?
            .collect();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        let (client, inbox) = loop {
            match Client::connect(&addrs[..], copts.clone()) {
                Ok(c) => break c,
                Err(_) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(e.into()),
            }
        };
        let filters: Vec<(&str, QoS)> = SERVICE_FILTERS
            .iter()
            .map(|f| (*f, QoS::AtLeastOnce))
            .collect();
        let granted = client.subscribe(&filters)?;
        if granted.contains(&0x80) {
            return Err(CloudError::Invalid(format!(
                "broker refused a subscription: {granted:?}"
            )));
        }
        let faults = Arc::new(Mutex::new(FaultState::new(options.faults.clone())));
        let counters = Arc::new(Counters::default());
        let http = match &options.http_addr {
            Some(a) => Some(HttpServer::start_shared(
                a.as_str(),
                faults.clone(),
                counters.clone(),
            )?),
            None => None,
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            busy: Mutex::new(()),
            changed: Condvar::new(),
            client,
            faults,
            counters,
            http,
            signing_key: options.signing_key.clone(),
            verbose: options.verbose,
        });
        let (tx, rx) = mpsc::sync_channel::<(String, String, Vec<u8>)>(256);
        let s = shared.clone();
        let handler = thread::Builder::new()
            .name("ota-cloud-jobs".into())
            .spawn(move || handler_loop(&s, &inbox, &tx))?;
        let s = shared.clone();
        let streamer = thread::Builder::new()
            .name("ota-cloud-streams".into())
            .spawn(move || {
                while let Ok((thing, stream, payload)) = rx.recv() {
                    s.serve_stream(&thing, &stream, payload);
                }
            })?;
        Ok(Cloud {
            shared,
            threads: vec![handler, streamer],
        })
    }

    /// Port of the HTTP download server, if one runs.
    pub fn http_port(&self) -> Option<u16> {
        self.shared.http.as_ref().map(HttpServer::port)
    }

    /// Queues a job for `thing`; announces it on `notify-next` if it becomes the next job.
    /// Returns the job id.
    pub fn create_job(&self, thing: &str, spec: JobSpec) -> Result<String, CloudError> {
        let bad = |c: char| c == '/' || c == '+' || c == '#' || c.is_whitespace();
        if thing.is_empty() || thing.contains(bad) {
            return Err(CloudError::Invalid(format!("bad thing name {thing:?}")));
        }
        if spec.job_id.is_empty() || spec.job_id.contains(bad) {
            return Err(CloudError::Invalid(format!("bad job id {:?}", spec.job_id)));
        }
        if spec.uses(Protocol::Mqtt)
            && (spec.stream_name.is_empty() || spec.stream_name.contains(bad))
        {
            return Err(CloudError::Invalid(format!(
                "bad stream name {:?}",
                spec.stream_name
            )));
        }
        if spec.uses(Protocol::Http) && self.shared.http.is_none() && spec.document.is_none() {
            return Err(CloudError::NoHttpServer);
        }
        let signature = spec.signature.clone().or_else(|| {
            self.shared
                .signing_key
                .as_ref()
                .map(|k| signing::sign_base64(k, &spec.image))
        });
        let job_id = spec.job_id.clone();
        let mut st = self.shared.state();
        let jobs = st.things.entry(thing.to_string()).or_default();
        if jobs.iter().any(|j| j.exec.job_id == job_id) {
            return Err(CloudError::DuplicateJob(job_id));
        }
        let before = next_id(Some(jobs));
        if spec.uses(Protocol::Mqtt) {
            let image = spec.image.clone();
            st.streams
                .entry(spec.stream_name.clone())
                .or_default()
                .insert(spec.file_id, image);
        }
        if let (Some(h), true) = (&self.shared.http, spec.uses(Protocol::Http)) {
            h.add_file(&url_name(&job_id), spec.image.clone());
        }
        let jobs = st.things.entry(thing.to_string()).or_default();
        jobs.push(Job {
            exec: Execution::new(&job_id, now_secs()),
            spec,
            signature,
        });
        let notify = (next_id(Some(jobs)) != before).then(|| self.shared.notify_next(thing, &st));
        drop(st);
        self.shared.changed.notify_all();
        self.shared.send(notify.into_iter().collect());
        Ok(job_id)
    }

    /// Cancels a pending job (whatever its state, like a forced cancel) and notifies the
    /// device on `notify-next` if its next job changed.
    pub fn cancel_job(&self, thing: &str, job_id: &str) -> Result<(), CloudError> {
        let mut st = self.shared.state();
        let before = next_id(st.things.get(thing));
        let job = st
            .things
            .get_mut(thing)
            .and_then(|jobs| jobs.iter_mut().find(|j| j.exec.job_id == job_id))
            .ok_or_else(|| CloudError::UnknownJob {
                thing: thing.into(),
                job: job_id.into(),
            })?;
        if job.exec.status.is_terminal() {
            return Err(CloudError::Invalid(format!(
                "job {job_id} is already {}",
                job.exec.status
            )));
        }
        job.exec.status = ExecutionStatus::Canceled;
        job.exec.version_number += 1;
        job.exec.last_updated_at = now_secs();
        let notify =
            (next_id(st.things.get(thing)) != before).then(|| self.shared.notify_next(thing, &st));
        drop(st);
        self.shared.changed.notify_all();
        self.shared.send(notify.into_iter().collect());
        Ok(())
    }

    /// Publishes `notify-next` for `thing` now (the current next job, or none).
    pub fn notify_next(&self, thing: &str) {
        let msg = self.shared.notify_next(thing, &self.shared.state());
        self.shared.send(vec![msg]);
    }

    /// The execution of `job_id` on `thing`.
    pub fn execution(&self, thing: &str, job_id: &str) -> Option<Execution> {
        let st = self.shared.state();
        let jobs = st.things.get(thing)?;
        jobs.iter()
            .find(|j| j.exec.job_id == job_id)
            .map(|j| j.exec.clone())
    }

    /// All executions of `thing`, in creation order.
    pub fn executions(&self, thing: &str) -> Vec<Execution> {
        let st = self.shared.state();
        st.things
            .get(thing)
            .map(|jobs| jobs.iter().map(|j| j.exec.clone()).collect())
            .unwrap_or_default()
    }

    /// The job document as the device gets it now (fresh pre-signed URL included).
    pub fn job_document(&self, thing: &str, job_id: &str) -> Option<Value> {
        let st = self.shared.state();
        let job = st
            .things
            .get(thing)?
            .iter()
            .find(|j| j.exec.job_id == job_id)?;
        Some(self.shared.document(job))
    }

    /// Every status update received for `job_id` from `thing`, in arrival order
    /// (rejected ones included, marked as such).
    pub fn status_history(&self, thing: &str, job_id: &str) -> Vec<StatusUpdate> {
        let st = self.shared.state();
        st.history
            .get(&(thing.to_string(), job_id.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until `cond(execution, history)` holds, up to `timeout`.
    pub fn wait_until<F>(
        &self,
        thing: &str,
        job_id: &str,
        timeout: Duration,
        mut cond: F,
    ) -> Result<Execution, CloudError>
    where
        F: FnMut(&Execution, &[StatusUpdate]) -> bool,
    {
        let deadline = Instant::now() + timeout;
        let key = (thing.to_string(), job_id.to_string());
        let mut st = self.shared.state();
        loop {
            let exec = st
                .things
                .get(thing)
                .and_then(|jobs| jobs.iter().find(|j| j.exec.job_id == job_id))
                .map(|j| j.exec.clone())
                .ok_or_else(|| CloudError::UnknownJob {
                    thing: thing.into(),
                    job: job_id.into(),
                })?;
            let history = st.history.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            if cond(&exec, history) {
                return Ok(exec);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(CloudError::Timeout(Some(exec.status)));
            }
            let wait = (deadline - now).min(Duration::from_millis(200));
            st = self
                .shared
                .changed
                .wait_timeout(st, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until the execution reaches a terminal state and returns it.
    pub fn wait_for_terminal(
        &self,
        thing: &str,
        job_id: &str,
        timeout: Duration,
    ) -> Result<ExecutionStatus, CloudError> {
        self.wait_until(thing, job_id, timeout, |e, _| e.status.is_terminal())
            .map(|e| e.status)
    }

    /// Replaces the fault knobs (and reseeds the fault generator).
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.shared.faults) = FaultState::new(faults);
    }

    /// The current fault knobs.
    pub fn faults(&self) -> Faults {
        lock(&self.shared.faults).faults.clone()
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> CloudStats {
        self.shared.counters.snapshot()
    }

    /// The last (up to 10,000) messages the service received, oldest first.
    pub fn received_messages(&self) -> Vec<Message> {
        self.shared.state().messages.iter().cloned().collect()
    }

    /// The last (up to 10,000) GetStream requests, oldest first.
    pub fn stream_requests(&self) -> Vec<StreamRequestRecord> {
        self.shared
            .state()
            .stream_requests
            .iter()
            .cloned()
            .collect()
    }

    /// Publishes an arbitrary message as the service (e.g. a hand-made job document).
    pub fn publish(&self, topic: &str, payload: &[u8], qos: QoS) -> Result<(), CloudError> {
        Ok(self.shared.client.publish(topic, payload, qos)?)
    }

    /// True while the MQTT connection is up.
    pub fn is_connected(&self) -> bool {
        self.shared.client.is_connected()
    }

    /// Disconnects and stops the HTTP server.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        {
            // Let the message being handled send its answers first.
            let _busy = lock(&self.shared.busy);
            self.shared.client.disconnect();
        }
        if let Some(h) = &self.shared.http {
            h.stop();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Cloud {
    fn drop(&mut self) {
        self.stop();
    }
}

fn handler_loop(
    shared: &Shared,
    inbox: &Receiver<Message>,
    streams_tx: &SyncSender<(String, String, Vec<u8>)>,
) {
    while let Ok(msg) = inbox.recv() {
        shared.log(format_args!(
            "<- {} {}",
            msg.topic,
            String::from_utf8_lossy(&msg.payload)
        ));
        let _busy = lock(&shared.busy);
        push_bounded(&mut shared.state().messages, msg.clone());
        shared.handle(&msg, streams_tx);
    }
}
