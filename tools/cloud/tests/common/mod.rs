//! A scripted fake device that behaves like the OTA agent on the wire: it
//! subscribes only to `notify-next` and its stream's data topic, asks for its
//! job on `$next/get` (the answer arrives without a subscription), downloads
//! with bitmapped GetStream requests or HTTP ranges, and reports status.

#![allow(dead_code)]

use ota_cloud::cbor::{self, Value as Cbor};
use ota_cloud::ota_broker::{Client, ClientOptions, Message, QoS};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(5);

pub struct FakeDevice {
    pub thing: String,
    pub client: Client,
    pub inbox: Receiver<Message>,
    token: u32,
}

pub struct Download {
    pub data: Vec<u8>,
    pub requests: u32,
    pub duplicates: u32,
}

impl FakeDevice {
    pub fn connect(port: u16, thing: &str) -> FakeDevice {
        let (client, inbox) = Client::connect(
            ("127.0.0.1", port),
            ClientOptions::new(&format!("{thing}-device")),
        )
        .expect("device connects");
        client
            .subscribe(&[(
                &format!("$aws/things/{thing}/jobs/notify-next"),
                QoS::AtLeastOnce,
            )])
            .expect("subscribe notify-next");
        FakeDevice {
            thing: thing.to_string(),
            client,
            inbox,
            token: 0,
        }
    }

    /// Waits for a message on `topic`, discarding others; `None` after `timeout`.
    pub fn wait_topic(&self, topic: &str, timeout: Duration) -> Option<Message> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.inbox.recv_timeout(left) {
                Ok(m) if m.topic == topic => return Some(m),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }

    pub fn wait_json(&self, topic: &str) -> Value {
        let m = self
            .wait_topic(topic, WAIT)
            .unwrap_or_else(|| panic!("no message on {topic}"));
        serde_json::from_slice(&m.payload).expect("JSON payload")
    }

    /// Sends `$next/get` and returns the whole accepted answer.
    pub fn next_get(&mut self) -> Value {
        self.token += 1;
        let token = format!("{}:{}", self.token, self.thing);
        let base = format!("$aws/things/{}/jobs/$next/get", self.thing);
        let req = serde_json::json!({ "clientToken": token }).to_string();
        self.client
            .publish(&base, req.as_bytes(), QoS::AtLeastOnce)
            .unwrap();
        let answer = self.wait_json(&format!("{base}/accepted"));
        assert_eq!(answer["clientToken"], token.as_str());
        assert!(answer["timestamp"].is_u64());
        answer
    }

    /// Publishes a status update and returns (accepted?, answer).
    pub fn update(
        &mut self,
        job: &str,
        status: &str,
        details: &[(&str, &str)],
        qos: QoS,
    ) -> (bool, Value) {
        let d: serde_json::Map<String, Value> = details
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        let body = serde_json::json!({ "status": status, "statusDetails": d });
        self.update_json(job, body, qos)
    }

    /// Publishes `body` (a JSON object, a clientToken is added) and waits for its answer.
    pub fn update_json(&mut self, job: &str, mut body: Value, qos: QoS) -> (bool, Value) {
        self.token += 1;
        let token = format!("u{}", self.token);
        body["clientToken"] = Value::String(token.clone());
        let topic = format!("$aws/things/{}/jobs/{job}/update", self.thing);
        self.client
            .publish(&topic, body.to_string().as_bytes(), qos)
            .unwrap();
        let (acc, rej) = (format!("{topic}/accepted"), format!("{topic}/rejected"));
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.inbox.recv_timeout(left) {
                Ok(m) if m.topic == acc || m.topic == rej => {
                    let v: Value = serde_json::from_slice(&m.payload).unwrap();
                    if v["clientToken"] == token.as_str() {
                        return (m.topic == acc, v);
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("no answer to the update of {job}");
    }

    /// Downloads the job's file over MQTT streams like the agent does: the whole
    /// bitmap in every request, `n` blocks per request, re-request on silence.
    /// Sends `receive` progress updates (QoS 0) at block 1 and every `freq` blocks.
    pub fn download_mqtt(&self, exec: &Value, block_size: u32, n: u32, freq: u32) -> Download {
        let ota = &exec["jobDocument"]["afr_ota"];
        let stream = ota["streamname"].as_str().expect("streamname");
        let file = &ota["files"][0];
        let size = file["filesize"].as_u64().unwrap() as usize;
        let file_id = file["fileid"].as_u64().unwrap();
        let job = exec["jobId"].as_str().unwrap();
        let blocks = size.div_ceil(block_size as usize);
        let data_topic = format!("$aws/things/{}/streams/{stream}/data/cbor", self.thing);
        let get_topic = format!("$aws/things/{}/streams/{stream}/get/cbor", self.thing);
        self.client
            .subscribe(&[(&data_topic, QoS::AtMostOnce)])
            .unwrap();
        let mut bitmap = vec![0u8; blocks.div_ceil(8)];
        (0..blocks).for_each(|i| bitmap[i / 8] |= 1 << (i % 8));
        let mut data = vec![0u8; size];
        let (mut remaining, mut requests, mut duplicates) = (blocks, 0u32, 0u32);
        let max_requests = blocks as u32 * 4 + 50;
        while remaining > 0 {
            assert!(requests < max_requests, "download does not converge");
            requests += 1;
            let req = cbor::encode(&cbor::map(vec![
                ("c", Cbor::Text("rdy".into())),
                ("f", Cbor::Int(file_id.into())),
                ("l", Cbor::Int(block_size.into())),
                ("o", Cbor::Int(0)),
                ("b", Cbor::Bytes(bitmap.clone())),
                ("n", Cbor::Int(n.into())),
            ]));
            self.client
                .publish_nowait(&get_topic, &req, QoS::AtMostOnce)
                .unwrap();
            let mut got = 0;
            while got < n && remaining > 0 {
                let Ok(m) = self.inbox.recv_timeout(Duration::from_millis(300)) else {
                    break;
                };
                if m.topic != data_topic {
                    continue;
                }
                got += 1;
                let v = cbor::decode(&m.payload).expect("block is CBOR");
                let i = v.get("i").and_then(Cbor::as_int).unwrap() as usize;
                let l = v.get("l").and_then(Cbor::as_int).unwrap() as usize;
                let p = v.get("p").and_then(Cbor::as_bytes).unwrap();
                assert_eq!(v.get("f").and_then(Cbor::as_int), Some(file_id.into()));
                assert_eq!(v.get("c").and_then(Cbor::as_text), Some("rdy"));
                assert_eq!(l, p.len());
                let expect = if i == blocks - 1 {
                    size - i * block_size as usize
                } else {
                    block_size as usize
                };
                assert_eq!(l, expect, "block {i} length");
                if bitmap[i / 8] & (1 << (i % 8)) == 0 {
                    duplicates += 1;
                    continue;
                }
                bitmap[i / 8] &= !(1 << (i % 8));
                data[i * block_size as usize..][..l].copy_from_slice(p);
                remaining -= 1;
                let rcvd = blocks - remaining;
                if rcvd == 1 || rcvd.is_multiple_of(freq as usize) {
                    let progress = format!("{rcvd}/{blocks}");
                    self.update_nowait(job, "IN_PROGRESS", &[("receive", &progress)]);
                }
            }
        }
        Download {
            data,
            requests,
            duplicates,
        }
    }

    /// A progress update without waiting for the answer (like the agent's QoS 0 updates).
    pub fn update_nowait(&self, job: &str, status: &str, details: &[(&str, &str)]) {
        let d: serde_json::Map<String, Value> = details
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        let body = serde_json::json!({ "status": status, "statusDetails": d }).to_string();
        let topic = format!("$aws/things/{}/jobs/{job}/update", self.thing);
        self.client
            .publish_nowait(&topic, body.as_bytes(), QoS::AtMostOnce)
            .unwrap();
    }
}

/// A parsed HTTP response.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits `http://host:port/path?query` into (host:port, /path?query).
pub fn split_url(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let slash = rest.find('/').unwrap();
    (rest[..slash].to_string(), rest[slash..].to_string())
}

/// One GET on an open connection; `Err` if the server closed it early.
pub fn http_get(
    conn: &mut BufReader<TcpStream>,
    target: &str,
    range: Option<(u64, u64)>,
) -> std::io::Result<Response> {
    let mut req = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if let Some((a, b)) = range {
        req.push_str(&format!("Range: bytes={a}-{b}\r\n"));
    }
    req.push_str("\r\n");
    conn.get_mut().write_all(req.as_bytes())?;
    let mut line = String::new();
    conn.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no status line"))?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        conn.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    conn.read_exact(&mut body)?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

pub fn http_connect(url: &str) -> BufReader<TcpStream> {
    let (host, _) = split_url(url);
    let s = TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    BufReader::new(s)
}

/// Downloads with one range request per block over one keep-alive connection, like the agent.
pub fn download_http(url: &str, size: u64, block: u64) -> Vec<u8> {
    let (_, target) = split_url(url);
    let mut conn = http_connect(url);
    let mut data = Vec::with_capacity(size as usize);
    let mut start = 0;
    while start < size {
        let end = (start + block).min(size) - 1;
        let r = http_get(&mut conn, &target, Some((start, end))).expect("range request");
        assert_eq!(r.status, 206);
        assert_eq!(
            r.header("Content-Range"),
            Some(format!("bytes {start}-{end}/{size}").as_str())
        );
        data.extend_from_slice(&r.body);
        start = end + 1;
    }
    data
}

/// Checks the job document's signature with the public key.
pub fn signature_ok(exec: &Value, key: &ota_cloud::signing::VerifyingKey, data: &[u8]) -> bool {
    let sig = exec["jobDocument"]["afr_ota"]["files"][0]["sig-sha256-ecdsa"]
        .as_str()
        .expect("signature in the job document");
    let der = ota_cloud::base64::decode(sig).expect("base64 signature");
    ota_cloud::signing::verify_der(key, data, &der)
}

/// A deterministic test image.
pub fn image(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}
