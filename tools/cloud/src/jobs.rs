//! The AWS IoT Jobs model: job specs, executions, status updates and the
//! rules that move an execution from state to state.

use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// Status of a job execution, as AWS IoT Jobs spells it on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExecutionStatus {
    /// Waiting for the device.
    Queued,
    /// The device is working on it.
    InProgress,
    /// Finished well (terminal).
    Succeeded,
    /// Finished badly (terminal).
    Failed,
    /// The device refused it (terminal).
    Rejected,
    /// Cancelled by the operator (terminal).
    Canceled,
    /// Timed out (terminal; never produced by this stand-in).
    TimedOut,
    /// Removed (terminal; never produced by this stand-in).
    Removed,
}

impl ExecutionStatus {
    /// The wire name, e.g. `IN_PROGRESS`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Queued => "QUEUED",
            ExecutionStatus::InProgress => "IN_PROGRESS",
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::Rejected => "REJECTED",
            ExecutionStatus::Canceled => "CANCELED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
            ExecutionStatus::Removed => "REMOVED",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<ExecutionStatus> {
        use ExecutionStatus::*;
        [
            Queued, InProgress, Succeeded, Failed, Rejected, Canceled, TimedOut, Removed,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// True for states an execution never leaves.
    pub fn is_terminal(self) -> bool {
        !matches!(self, ExecutionStatus::Queued | ExecutionStatus::InProgress)
    }
}

impl fmt::Display for ExecutionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file transfer protocol named in the job document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// MQTT-based file delivery (GetStream).
    Mqtt,
    /// HTTP range downloads from a pre-signed URL.
    Http,
}

impl Protocol {
    /// The name used in `afr_ota.protocols`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Mqtt => "MQTT",
            Protocol::Http => "HTTP",
        }
    }
}

/// What to create: one OTA job with one file.
#[derive(Clone, Debug)]
pub struct JobSpec {
    /// Job id (at most 64 characters of `[a-zA-Z0-9_-]` on AWS).
    pub job_id: String,
    /// The file served to the device.
    pub image: Arc<Vec<u8>>,
    /// Protocols listed in the document, in order (e.g. `["MQTT","HTTP"]`).
    pub protocols: Vec<Protocol>,
    /// Stream name for MQTT delivery (default `stream-<job_id>`).
    pub stream_name: String,
    /// `fileid` of the file in the stream.
    pub file_id: u32,
    /// `filepath`: where the device stores the file.
    pub file_path: String,
    /// `certfile`: path of the signer certificate on the device.
    pub cert_file: String,
    /// Base64 signature to put in the document; `None` signs with the cloud's key, if any.
    pub signature: Option<String>,
    /// Document key of the signature (the PAL's `OTA_JsonFileSignatureKey`).
    pub signature_key: String,
    /// `auth_scheme` for HTTP jobs.
    pub auth_scheme: Option<String>,
    /// Lifetime of the pre-signed URL, in seconds; a fresh URL is made for every document sent.
    pub url_expiry_secs: u64,
    /// Optional `fileType`.
    pub file_type: Option<u32>,
    /// Optional `attr`.
    pub file_attributes: Option<u32>,
    /// Replaces the whole generated `jobDocument` (for custom or malformed jobs).
    pub document: Option<Value>,
}

impl JobSpec {
    /// An MQTT job for `image` with default names: stream `stream-<job_id>`,
    /// file id 0, file path `firmware.bin`, cert `codesign.crt`.
    pub fn new(job_id: &str, image: Vec<u8>) -> JobSpec {
        JobSpec {
            job_id: job_id.to_string(),
            image: Arc::new(image),
            protocols: vec![Protocol::Mqtt],
            stream_name: format!("stream-{job_id}"),
            file_id: 0,
            file_path: "firmware.bin".into(),
            cert_file: "codesign.crt".into(),
            signature: None,
            signature_key: "sig-sha256-ecdsa".into(),
            auth_scheme: Some("aws.s3.presigned".into()),
            url_expiry_secs: 3600,
            file_type: None,
            file_attributes: None,
            document: None,
        }
    }

    /// True if the document lists `p`.
    pub fn uses(&self, p: Protocol) -> bool {
        self.protocols.contains(&p)
    }

    /// The generated `jobDocument` (`{"afr_ota":{...}}`), with `url` as `update_data_url`.
    pub fn document(&self, signature: Option<&str>, url: Option<&str>) -> Value {
        if let Some(doc) = &self.document {
            return doc.clone();
        }
        let mut file = Map::new();
        file.insert("filepath".into(), json!(self.file_path));
        file.insert("filesize".into(), json!(self.image.len()));
        file.insert("fileid".into(), json!(self.file_id));
        file.insert("certfile".into(), json!(self.cert_file));
        if let Some(u) = url {
            file.insert("update_data_url".into(), json!(u));
            if let Some(a) = &self.auth_scheme {
                file.insert("auth_scheme".into(), json!(a));
            }
        }
        if let Some(t) = self.file_type {
            file.insert("fileType".into(), json!(t));
        }
        if let Some(a) = self.file_attributes {
            file.insert("attr".into(), json!(a));
        }
        if let Some(s) = signature {
            file.insert(self.signature_key.clone(), json!(s));
        }
        let mut ota = Map::new();
        let protocols: Vec<&str> = self.protocols.iter().map(|p| p.as_str()).collect();
        ota.insert("protocols".into(), json!(protocols));
        if self.uses(Protocol::Mqtt) {
            ota.insert("streamname".into(), json!(self.stream_name));
        }
        ota.insert("files".into(), Value::Array(vec![Value::Object(file)]));
        json!({ "afr_ota": Value::Object(ota) })
    }
}

/// The state of one job on one thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execution {
    /// Job id.
    pub job_id: String,
    /// Current status.
    pub status: ExecutionStatus,
    /// Status details from the last accepted update that carried them.
    pub status_details: BTreeMap<String, String>,
    /// Unix seconds when queued.
    pub queued_at: u64,
    /// Unix seconds when it first went IN_PROGRESS.
    pub started_at: Option<u64>,
    /// Unix seconds of the last change.
    pub last_updated_at: u64,
    /// Incremented on every accepted change.
    pub version_number: u64,
    /// Always 1 here (one execution per job and thing).
    pub execution_number: u64,
}

impl Execution {
    pub(crate) fn new(job_id: &str, now: u64) -> Execution {
        Execution {
            job_id: job_id.to_string(),
            status: ExecutionStatus::Queued,
            status_details: BTreeMap::new(),
            queued_at: now,
            started_at: None,
            last_updated_at: now,
            version_number: 1,
            execution_number: 1,
        }
    }

    /// The `execution` object of Jobs API answers, with `document` as `jobDocument`.
    pub fn to_json(&self, document: Option<Value>) -> Value {
        let mut m = Map::new();
        m.insert("jobId".into(), json!(self.job_id));
        m.insert("status".into(), json!(self.status.as_str()));
        if !self.status_details.is_empty() {
            m.insert("statusDetails".into(), json!(self.status_details));
        }
        m.insert("queuedAt".into(), json!(self.queued_at));
        if let Some(s) = self.started_at {
            m.insert("startedAt".into(), json!(s));
        }
        m.insert("lastUpdatedAt".into(), json!(self.last_updated_at));
        m.insert("versionNumber".into(), json!(self.version_number));
        m.insert("executionNumber".into(), json!(self.execution_number));
        if let Some(d) = document {
            m.insert("jobDocument".into(), d);
        }
        Value::Object(m)
    }

    /// The short summary used in `get` (list) answers.
    pub fn summary_json(&self) -> Value {
        let mut v = self.to_json(None);
        if let Value::Object(m) = &mut v {
            m.remove("status");
            m.remove("statusDetails");
        }
        v
    }
}

/// One status update a device sent, as recorded by the stand-in.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusUpdate {
    /// The `status` field as sent (may be invalid).
    pub status: String,
    /// The `statusDetails` as sent (string values; others rendered as JSON).
    pub status_details: BTreeMap<String, String>,
    /// The raw payload text.
    pub payload: String,
    /// Whether it was accepted.
    pub accepted: bool,
    /// The rejection code (`InvalidJson`, `InvalidRequest`, `InvalidStateTransition`,
    /// `TerminalStateReached`, `VersionMismatch`, `ResourceNotFound`), if rejected.
    pub error: Option<String>,
    /// QoS it was published with.
    pub qos: u8,
    /// When it arrived.
    pub received_at: SystemTime,
}

impl StatusUpdate {
    /// A status detail by key.
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.status_details.get(key).map(String::as_str)
    }
}

/// Parsed content of an UpdateJobExecution request.
pub(crate) struct UpdateRequest {
    pub status: String,
    pub details: Option<BTreeMap<String, String>>,
    pub details_all_strings: bool,
    pub expected_version: Option<u64>,
    pub include_state: bool,
    pub include_document: bool,
}

/// Parses an update payload; `Err` is the rejection code for unparsable JSON.
pub(crate) fn parse_update(payload: &[u8]) -> Result<UpdateRequest, &'static str> {
    let v: Value = serde_json::from_slice(payload).map_err(|_| "InvalidJson")?;
    let o = v.as_object().ok_or("InvalidJson")?;
    let mut all_strings = true;
    let details = o.get("statusDetails").and_then(Value::as_object).map(|m| {
        m.iter()
            .map(|(k, v)| {
                let s = match v {
                    Value::String(s) => s.clone(),
                    other => {
                        all_strings = false;
                        other.to_string()
                    }
                };
                (k.clone(), s)
            })
            .collect()
    });
    Ok(UpdateRequest {
        status: o
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        details,
        details_all_strings: all_strings && o.get("statusDetails").is_none_or(Value::is_object),
        expected_version: o.get("expectedVersion").and_then(Value::as_u64),
        include_state: o.get("includeJobExecutionState").and_then(Value::as_bool) == Some(true),
        include_document: o.get("includeJobDocument").and_then(Value::as_bool) == Some(true),
    })
}

/// Applies an update to an execution: `Err((code, message))` if it must be rejected.
pub(crate) fn apply_update(
    exec: &mut Execution,
    req: &UpdateRequest,
    now: u64,
) -> Result<(), (&'static str, String)> {
    if exec.status.is_terminal() {
        return Err((
            "TerminalStateReached",
            format!("job execution {} is already {}", exec.job_id, exec.status),
        ));
    }
    let new = match ExecutionStatus::parse(&req.status) {
        Some(
            s @ (ExecutionStatus::InProgress
            | ExecutionStatus::Succeeded
            | ExecutionStatus::Failed
            | ExecutionStatus::Rejected),
        ) => s,
        Some(ExecutionStatus::Queued) if exec.status == ExecutionStatus::Queued => {
            ExecutionStatus::Queued
        }
        Some(s) => {
            return Err((
                "InvalidStateTransition",
                format!("cannot go from {} to {s}", exec.status),
            ));
        }
        None => return Err(("InvalidRequest", format!("invalid status {:?}", req.status))),
    };
    if !req.details_all_strings {
        return Err((
            "InvalidRequest",
            "statusDetails values must be strings".into(),
        ));
    }
    if let Some(v) = req.expected_version
        && v != exec.version_number
    {
        let current = exec.version_number;
        return Err((
            "VersionMismatch",
            format!("expected version {v}, current version {current}"),
        ));
    }
    if new == ExecutionStatus::InProgress && exec.started_at.is_none() {
        exec.started_at = Some(now);
    }
    exec.status = new;
    if let Some(d) = &req.details {
        exec.status_details = d.clone();
    }
    exec.version_number += 1;
    exec.last_updated_at = now;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(json: &str) -> UpdateRequest {
        parse_update(json.as_bytes()).unwrap_or_else(|_| panic!("parse {json}"))
    }

    #[test]
    fn transitions() {
        let mut e = Execution::new("j", 10);
        apply_update(
            &mut e,
            &req(r#"{"status":"IN_PROGRESS","statusDetails":{"receive":"1/4"}}"#),
            11,
        )
        .unwrap();
        assert_eq!(
            (e.status, e.started_at, e.version_number),
            (ExecutionStatus::InProgress, Some(11), 2)
        );
        assert_eq!(e.status_details["receive"], "1/4");
        apply_update(&mut e, &req(r#"{"status":"IN_PROGRESS"}"#), 12).unwrap();
        assert_eq!(
            e.status_details["receive"], "1/4",
            "details kept when absent"
        );
        let bad = apply_update(
            &mut e,
            &req(r#"{"status":"IN_PROGRESS","expectedVersion":1}"#),
            12,
        );
        assert_eq!(bad.unwrap_err().0, "VersionMismatch");
        let bad = apply_update(&mut e, &req(r#"{"status":"CANCELED"}"#), 12);
        assert_eq!(bad.unwrap_err().0, "InvalidStateTransition");
        let bad = apply_update(&mut e, &req(r#"{"status":"DONE"}"#), 12);
        assert_eq!(bad.unwrap_err().0, "InvalidRequest");
        let bad = apply_update(
            &mut e,
            &req(r#"{"status":"FAILED","statusDetails":{"n":1}}"#),
            12,
        );
        assert_eq!(bad.unwrap_err().0, "InvalidRequest");
        apply_update(
            &mut e,
            &req(r#"{"status":"SUCCEEDED","statusDetails":{"reason":"accepted  v1.0.1"}}"#),
            13,
        )
        .unwrap();
        let bad = apply_update(&mut e, &req(r#"{"status":"IN_PROGRESS"}"#), 14);
        assert_eq!(bad.unwrap_err().0, "TerminalStateReached");
        assert!(parse_update(b"{nope").is_err());
    }

    #[test]
    fn document_shape() {
        let mut spec = JobSpec::new("j1", vec![0; 10]);
        spec.protocols = vec![Protocol::Mqtt, Protocol::Http];
        let d = spec.document(Some("c2ln"), Some("http://h/ota/j1?x"));
        let f = &d["afr_ota"]["files"][0];
        assert_eq!(d["afr_ota"]["protocols"], json!(["MQTT", "HTTP"]));
        assert_eq!(d["afr_ota"]["streamname"], "stream-j1");
        assert_eq!(f["filesize"], 10);
        assert_eq!(f["sig-sha256-ecdsa"], "c2ln");
        assert_eq!(f["update_data_url"], "http://h/ota/j1?x");
        assert_eq!(f["auth_scheme"], "aws.s3.presigned");
    }
}
