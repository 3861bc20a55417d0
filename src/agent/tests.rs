//! State-machine tests with an in-memory platform.

use std::collections::VecDeque;
use std::string::String;
use std::vec::Vec;

use super::*;
use crate::job::status::JobStatus;
use crate::port::{self, PalImageState, PalStatus};

/// A delivered callback, kept after its outbox is gone.
#[derive(Clone, Copy, Debug)]
enum Cb {
    Processed,
    Plain(JobEvent),
    Doc(JobEvent, CallbackDoc),
}

const THING: &[u8] = b"dev1";
const BLOCK: usize = config::FILE_BLOCK_SIZE as usize;

#[derive(Default)]
struct Fake {
    queue: VecDeque<Event>,
    log: Vec<String>,
    published: Vec<(String, Vec<u8>, u8)>,
    image: Vec<u8>,
    file_open: bool,
    close_result: u32,
    platform_state: Option<PalImageState>,
    pal_states: Vec<ImageState>,
    allocs: usize,
    frees: usize,
    version: u32,
    info_path: Vec<u8>,
    resume: u32,
    sequential: bool,
    writes: Vec<u32>,
}

impl port::Os for Fake {
    fn signal(&mut self, event: Event) -> bool {
        self.queue.push_back(event);
        true
    }
    fn start_timer(&mut self, t: Timer, _ms: u32) -> bool {
        self.log.push(format!("start {t:?}"));
        true
    }
    fn stop_timer(&mut self, t: Timer) -> bool {
        self.log.push(format!("stop {t:?}"));
        true
    }
    fn delete_timer(&mut self, _t: Timer) -> bool {
        true
    }
    fn alloc(&mut self, len: usize) -> Option<&'static mut [u8]> {
        self.allocs += 1;
        Some(Vec::leak(std::vec![0u8; len]))
    }
    fn free(&mut self, _buf: &'static mut [u8]) {
        self.frees += 1;
    }
}

impl port::Mqtt for Fake {
    fn subscribe(&mut self, topic: &[u8], _qos: u8) -> bool {
        self.log.push(format!("sub {}", text(topic)));
        true
    }
    fn unsubscribe(&mut self, topic: &[u8], _qos: u8) -> bool {
        self.log.push(format!("unsub {}", text(topic)));
        true
    }
    fn publish(&mut self, topic: &[u8], payload: &[u8], qos: u8) -> bool {
        self.published.push((text(topic), payload.to_vec(), qos));
        true
    }
}

impl port::Http for Fake {
    fn init(&mut self, url: &[u8]) -> bool {
        self.log.push(format!("http init {}", text(url)));
        true
    }
    fn request(&mut self, start: u32, end: u32) -> bool {
        self.log.push(format!("http {start}-{end}"));
        true
    }
    fn deinit(&mut self) -> bool {
        self.log.push("http deinit".into());
        true
    }
}

impl port::Pal for Fake {
    fn sync(&mut self, info: &FileInfo<'_>) {
        self.info_path = info.path.to_vec();
    }
    fn create_file(&mut self) -> PalStatus {
        self.file_open = true;
        self.log.push(format!("create {}", text(&self.info_path)));
        PalStatus(0)
    }
    fn has_file(&self) -> bool {
        self.file_open
    }
    fn write_block(&mut self, offset: u32, data: &mut [u8]) -> i32 {
        let end = offset as usize + data.len();
        if self.image.len() < end {
            self.image.resize(end, 0);
        }
        self.image[offset as usize..end].copy_from_slice(data);
        self.writes.push(offset);
        data.len() as i32
    }
    fn close_file(&mut self) -> PalStatus {
        self.file_open = false;
        self.log.push("close".into());
        PalStatus(self.close_result)
    }
    fn abort(&mut self) -> PalStatus {
        self.file_open = false;
        self.log.push("abort".into());
        PalStatus(0)
    }
    fn activate(&mut self) -> PalStatus {
        self.log.push("activate".into());
        PalStatus(0)
    }
    fn reset(&mut self) -> PalStatus {
        self.log.push("reset".into());
        PalStatus(0)
    }
    fn set_image_state(&mut self, state: ImageState) -> PalStatus {
        self.pal_states.push(state);
        PalStatus(0)
    }
    fn get_image_state(&mut self) -> PalImageState {
        self.platform_state.unwrap_or(PalImageState::Valid)
    }
    fn resume_offset(&mut self) -> u32 {
        core::mem::take(&mut self.resume)
    }
    fn sequential_writes(&self) -> bool {
        self.sequential
    }
}

impl port::App for Fake {
    fn firmware_version(&self) -> u32 {
        self.version
    }
    fn signature_key(&self) -> &[u8] {
        b"sig-sha256-ecdsa"
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b.strip_suffix(&[0]).unwrap_or(b)).into_owned()
}

fn stats() -> &'static Stats {
    Box::leak(Box::new(Stats::new()))
}

fn job_doc(id: &str, size: usize, extra: &str) -> Vec<u8> {
    format!(
        r#"{{"clientToken":"0:dev1","timestamp":1,"execution":{{"jobId":"{id}","status":"QUEUED","jobDocument":{{"afr_ota":{{"protocols":["MQTT"],"streamname":"s1","files":[{{"filepath":"/fw.bin","filesize":{size},"fileid":0,"certfile":"c.pem","sig-sha256-ecdsa":"AAAA"{extra}}}]}}}}}}}}"#
    )
    .into_bytes()
}

fn block_msg(index: u32, payload: &[u8]) -> Vec<u8> {
    use ciborium::Value;
    let map = Value::Map(std::vec![
        (Value::Text("f".into()), Value::Integer(0.into())),
        (Value::Text("i".into()), Value::Integer(index.into())),
        (
            Value::Text("l".into()),
            Value::Integer((payload.len() as u32).into())
        ),
        (Value::Text("p".into()), Value::Bytes(payload.to_vec())),
    ]);
    let mut out = Vec::new();
    ciborium::into_writer(&map, &mut out).unwrap();
    out
}

struct Rig {
    agent: Agent,
    p: Fake,
    callbacks: Vec<Cb>,
}

impl Rig {
    fn new() -> Rig {
        let mut agent = Agent::new(THING, AppBuffers::default(), stats()).unwrap();
        agent.set_state(State::Ready);
        Rig {
            agent,
            p: Fake {
                version: 0x0100_0001,
                ..Fake::default()
            },
            callbacks: Vec::new(),
        }
    }

    fn event(&mut self, e: Event, data: Option<&mut [u8]>) {
        let mut out = Outbox::new();
        self.agent.handle(&mut self.p, e, data, &mut out);
        while let Some(cb) = out.pop() {
            self.callbacks.push(match cb {
                Callback::Processed => Cb::Processed,
                Callback::Plain(ev) => Cb::Plain(ev),
                Callback::Doc(ev, doc) => Cb::Doc(ev, *doc),
            });
        }
    }

    fn drain(&mut self) {
        while let Some(e) = self.p.queue.pop_front() {
            self.event(e, None);
        }
    }

    fn statuses(&self) -> Vec<String> {
        self.p
            .published
            .iter()
            .filter(|(t, _, _)| t.ends_with("/update"))
            .map(|(_, b, _)| String::from_utf8_lossy(b).into_owned())
            .collect()
    }
}

fn image(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[test]
fn transition_table_matches_the_c_agent() {
    use Event as E;
    use State as S;
    let rows: &[(S, E, S)] = &[
        (S::Ready, E::Start, S::RequestingJob),
        (S::RequestingJob, E::RequestJobDocument, S::WaitingForJob),
        (S::RequestingJob, E::RequestTimer, S::WaitingForJob),
        (S::WaitingForJob, E::ReceivedJobDocument, S::CreatingFile),
        (S::CreatingFile, E::StartSelfTest, S::WaitingForJob),
        (S::CreatingFile, E::CreateFile, S::RequestingFileBlock),
        (S::CreatingFile, E::RequestTimer, S::RequestingFileBlock),
        (
            S::RequestingFileBlock,
            E::RequestFileBlock,
            S::WaitingForFileBlock,
        ),
        (
            S::RequestingFileBlock,
            E::RequestTimer,
            S::WaitingForFileBlock,
        ),
        (
            S::WaitingForFileBlock,
            E::ReceivedFileBlock,
            S::WaitingForFileBlock,
        ),
        (
            S::WaitingForFileBlock,
            E::RequestTimer,
            S::WaitingForFileBlock,
        ),
        (
            S::WaitingForFileBlock,
            E::RequestFileBlock,
            S::WaitingForFileBlock,
        ),
        (
            S::WaitingForFileBlock,
            E::RequestJobDocument,
            S::WaitingForJob,
        ),
        (
            S::WaitingForFileBlock,
            E::ReceivedJobDocument,
            S::RequestingJob,
        ),
        (S::WaitingForFileBlock, E::CloseFile, S::WaitingForJob),
        (S::Suspended, E::Resume, S::RequestingJob),
    ];
    let states = [
        S::Init,
        S::Ready,
        S::RequestingJob,
        S::WaitingForJob,
        S::CreatingFile,
        S::RequestingFileBlock,
        S::WaitingForFileBlock,
        S::Suspended,
        S::ShuttingDown,
        S::Stopped,
    ];
    for s in states {
        for code in 0..13 {
            let e = Event::from_code(code).unwrap();
            let want = match e {
                E::Suspend => Some(S::Suspended),
                E::UserAbort => Some(S::WaitingForJob),
                E::Shutdown => Some(S::Stopped),
                _ => rows
                    .iter()
                    .find(|(rs, re, _)| *rs == s && *re == e)
                    .map(|r| r.2),
            };
            assert_eq!(transition(s, e), want, "state {s:?} event {e:?}");
        }
    }
}

#[test]
fn complete_mqtt_update() {
    let mut r = Rig::new();
    let img = image(3 * BLOCK + 100);
    r.event(Event::Start, None);
    r.drain();
    assert_eq!(r.agent.state(), State::WaitingForJob);
    assert_eq!(r.p.log[0], "sub $aws/things/dev1/jobs/notify-next");
    assert_eq!(r.p.published[0].0, "$aws/things/dev1/jobs/$next/get");
    assert_eq!(r.p.published[0].1, br#"{"clientToken":"0:dev1"}"#);

    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    assert_eq!(r.agent.state(), State::WaitingForFileBlock);
    assert!(r.p.log.iter().any(|l| l == "create /fw.bin"));
    assert!(
        r.p.log
            .iter()
            .any(|l| l == "sub $aws/things/dev1/streams/s1/data/cbor")
    );
    let req = r.p.published.last().unwrap();
    assert_eq!(req.0, "$aws/things/dev1/streams/s1/get/cbor");

    // Blocks out of order, one duplicate.
    for i in [2u32, 0, 0, 3, 1] {
        let start = i as usize * BLOCK;
        let end = (start + BLOCK).min(img.len());
        let mut msg = block_msg(i, &img[start..end]);
        r.event(Event::ReceivedFileBlock, Some(&mut msg));
    }
    r.drain();
    assert_eq!(r.p.image, img);
    assert_eq!(r.agent.state(), State::WaitingForJob);
    let st = r.statuses();
    assert_eq!(
        st.last().unwrap(),
        r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"ready","updatedBy":"0x01000001"}}"#
    );
    assert!(st.contains(&r#"{"status":"IN_PROGRESS","statusDetails":{"receive":"1/4"}}"#.into()));
    assert!(
        r.callbacks
            .iter()
            .any(|c| matches!(c, Cb::Doc(JobEvent::Activate, _)))
    );
    assert!(r.p.log.iter().any(|l| l == "close"));
    assert_eq!(r.agent.stats.snapshot()[2], 4, "four blocks processed");
    assert_eq!(r.p.allocs, r.p.frees, "every allocation released");
}

/// The request timer restarts once per block: blocks inside a request's
/// window restart it when they arrive; the block that ends the window leaves
/// it to the request that follows (at the default window of one block, every
/// block is such a block).
#[test]
fn one_request_timer_start_per_block() {
    let window = config::MAX_NUM_BLOCKS_REQUEST as usize;
    let blocks = 2 * window + 1;
    let mut r = Rig::new();
    let img = image(blocks * BLOCK);
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    let starts = |r: &Rig| r.p.log.iter().filter(|l| *l == "start Request").count();
    let requests = |r: &Rig| {
        r.p.published
            .iter()
            .filter(|(t, _, _)| t.ends_with("/get/cbor"))
            .count()
    };
    // The first request is out, with its timer.
    assert_eq!((starts(&r), requests(&r)), (1, 1));
    let (mut want_starts, mut want_requests) = (1, 1);
    for i in 0..blocks - 1 {
        let start = i * BLOCK;
        let mut msg = block_msg(i as u32, &img[start..start + BLOCK]);
        r.event(Event::ReceivedFileBlock, Some(&mut msg));
        let ends_window = i % window == window - 1;
        if !ends_window {
            want_starts += 1;
        }
        assert_eq!(starts(&r), want_starts, "block {i} arrived");
        r.drain();
        if ends_window {
            want_starts += 1;
            want_requests += 1;
        }
        assert_eq!(
            (starts(&r), requests(&r)),
            (want_starts, want_requests),
            "block {i}"
        );
    }
    // The last block arrives like the others, then completes the file: the
    // timer is stopped and no request follows.
    let last = blocks - 1;
    let mut msg = block_msg(last as u32, &img[last * BLOCK..]);
    r.event(Event::ReceivedFileBlock, Some(&mut msg));
    r.drain();
    if last % window != window - 1 {
        want_starts += 1;
    }
    assert_eq!((starts(&r), requests(&r)), (want_starts, want_requests));
    let last_timer_op = r.p.log.iter().rev().find(|l| l.ends_with(" Request"));
    assert_eq!(last_timer_op.map(String::as_str), Some("stop Request"));
    assert_eq!(r.p.image, img);
}

#[test]
fn bad_blocks_are_dropped_not_fatal() {
    let mut r = Rig::new();
    let img = image(2 * BLOCK);
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    let bad: Vec<Vec<u8>> = std::vec![
        std::vec![0xa1, 0x61],       // truncated map
        block_msg(7, &img[..BLOCK]), // out of range
        block_msg(0, &img[..10]),    // wrong size
        b"not cbor at all".to_vec(),
    ];
    for mut m in bad {
        r.event(Event::ReceivedFileBlock, Some(&mut m));
    }
    assert!(r.p.image.is_empty(), "nothing written for bad blocks");
    assert_eq!(r.agent.state(), State::WaitingForFileBlock);
    assert_eq!(r.agent.stats.snapshot()[3], 4);
    for i in 0..2u32 {
        let s = i as usize * BLOCK;
        let mut m = block_msg(i, &img[s..s + BLOCK]);
        r.event(Event::ReceivedFileBlock, Some(&mut m));
    }
    r.drain();
    assert_eq!(r.p.image, img);
}

#[test]
fn signature_failure_rejects_and_reports() {
    let mut r = Rig::new();
    r.p.close_result = PalStatus::combine(PalStatus::SIGNATURE_CHECK_FAILED, 0).0;
    let img = image(BLOCK);
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    let mut m = block_msg(0, &img);
    r.event(Event::ReceivedFileBlock, Some(&mut m));
    r.drain();
    assert_eq!(
        r.statuses().last().unwrap(),
        r#"{"status":"FAILED","statusDetails":{"reason":"0x000000e3: 0x00000000"}}"#
    );
    assert_eq!(r.p.pal_states, std::vec![ImageState::Rejected]);
    assert!(
        r.callbacks
            .iter()
            .any(|c| matches!(c, Cb::Doc(JobEvent::Fail, _)))
    );
    assert!(
        !r.callbacks
            .iter()
            .any(|c| matches!(c, Cb::Doc(JobEvent::Activate, _)))
    );
}

#[test]
fn hostile_path_fails_the_job_without_creating_a_file() {
    for path in ["../../etc/passwd", "/fw/../../x", "a\\\\b"] {
        let mut r = Rig::new();
        r.event(Event::Start, None);
        r.drain();
        let mut doc = job_doc("job9", 100, "").replace_path(path);
        r.event(Event::ReceivedJobDocument, Some(&mut doc));
        r.drain();
        assert!(!r.p.log.iter().any(|l| l.starts_with("create")), "{path}");
        assert_eq!(
            r.statuses().last().unwrap(),
            r#"{"status":"FAILED","statusDetails":{"reason":"0x0000000c: 0x00000004"}}"#
        );
        assert_eq!(r.agent.state(), State::WaitingForJob);
    }
}

trait ReplacePath {
    fn replace_path(self, path: &str) -> Vec<u8>;
}
impl ReplacePath for Vec<u8> {
    fn replace_path(self, path: &str) -> Vec<u8> {
        String::from_utf8(self)
            .unwrap()
            .replace("/fw.bin", path)
            .into_bytes()
    }
}

#[test]
fn oversized_and_zero_files_are_reported() {
    for (size, sub) in [
        (0usize, 3),
        (config::MAX_BLOCK_BITMAP_SIZE as usize * 8 * BLOCK + 1, 5),
    ] {
        let mut r = Rig::new();
        r.event(Event::Start, None);
        r.drain();
        let mut doc = job_doc("j", size, "");
        r.event(Event::ReceivedJobDocument, Some(&mut doc));
        assert_eq!(
            r.statuses().last().unwrap(),
            &format!(
                r#"{{"status":"FAILED","statusDetails":{{"reason":"0x0000000c: 0x{sub:08x}"}}}}"#
            )
        );
    }
}

#[test]
fn empty_job_document_means_no_job() {
    let mut r = Rig::new();
    r.event(Event::Start, None);
    r.drain();
    let mut doc = br#"{"clientToken":"0:dev1","timestamp":1}"#.to_vec();
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    assert_eq!(r.agent.state(), State::WaitingForJob);
    assert!(matches!(r.callbacks[0], Cb::Plain(JobEvent::NoActiveJob)));
    assert!(matches!(r.callbacks[1], Cb::Processed));
    assert!(r.statuses().is_empty());
}

#[test]
fn self_test_accept_flow() {
    let mut r = Rig::new();
    r.p.platform_state = Some(PalImageState::PendingCommit);
    r.p.version = 0x0100_0002;
    r.event(Event::Start, None);
    assert!(r.p.log.contains(&"start SelfTest".into()));
    r.drain();
    let doc = String::from_utf8(job_doc("job1", 100, "")).unwrap().replace(
        r#""status":"QUEUED","#,
        r#""status":"IN_PROGRESS","statusDetails":{"self_test":"ready","updatedBy":"0x01000001"},"#,
    );
    let mut doc = doc.into_bytes();
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    assert_eq!(
        r.statuses()[0],
        r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"active","updatedBy":"0x01000002"}}"#
    );
    assert!(
        r.callbacks
            .iter()
            .any(|c| matches!(c, Cb::Plain(JobEvent::StartTest)))
    );
    assert_eq!(r.agent.state(), State::WaitingForJob);
    r.agent
        .set_image_state_api(&mut r.p, ImageState::Accepted)
        .unwrap();
    assert_eq!(
        r.statuses()[1],
        r#"{"status":"SUCCEEDED","statusDetails":{"reason":"accepted  v1.0.2","updatedBy":"  v1.0.1"}}"#
    );
    assert_eq!(r.p.pal_states.last(), Some(&ImageState::Accepted));
}

#[test]
fn self_test_with_same_version_is_rejected() {
    let mut r = Rig::new();
    r.p.platform_state = Some(PalImageState::PendingCommit);
    r.event(Event::Start, None);
    r.drain();
    let doc = String::from_utf8(job_doc("job1", 100, ""))
        .unwrap()
        .replace(
            r#""status":"QUEUED","#,
            r#""statusDetails":{"self_test":"ready","updatedBy":"0x01000001"},"#,
        );
    let mut doc = doc.into_bytes();
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    assert_eq!(
        r.statuses()[0],
        r#"{"status":"FAILED","statusDetails":{"reason":"rejected: 0x00000010"}}"#
    );
    assert!(r.p.log.contains(&"reset".into()));
    assert!(
        r.callbacks
            .iter()
            .any(|c| matches!(c, Cb::Plain(JobEvent::SelfTestFailed)))
    );
}

#[test]
fn new_job_while_downloading_aborts_and_asks_again() {
    let mut r = Rig::new();
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", 2 * BLOCK, "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    let before = r.p.published.len();
    let mut doc2 = job_doc("job2", 2 * BLOCK, "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc2));
    assert!(r.p.log.contains(&"abort".into()));
    assert_eq!(r.p.pal_states.last(), Some(&ImageState::Aborted));
    assert!(matches!(r.callbacks.last(), Some(Cb::Processed)));
    r.drain();
    assert_eq!(r.p.published[before].0, "$aws/things/dev1/jobs/$next/get");
    assert_eq!(r.agent.state(), State::WaitingForJob);
}

#[test]
fn momentum_exhaustion_shuts_down() {
    let mut r = Rig::new();
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", 2 * BLOCK, "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    for _ in 0..=config::MAX_NUM_REQUEST_MOMENTUM {
        r.event(Event::RequestTimer, None);
    }
    r.drain();
    assert_eq!(r.agent.state(), State::Stopped);
    assert!(
        r.statuses()
            .last()
            .unwrap()
            .starts_with(r#"{"status":"FAILED","statusDetails":{"reason":"aborted: "#)
    );
}

#[test]
fn http_download_is_sequential_ranges() {
    let mut r = Rig::new();
    let img = image(2 * BLOCK + 5);
    r.event(Event::Start, None);
    r.drain();
    let doc = String::from_utf8(job_doc("job1", img.len(), ""))
        .unwrap()
        .replace(r#"["MQTT"]"#, r#"["HTTP"]"#)
        .replace(
            r#""certfile""#,
            r#""update_data_url":"https://h/x?sig=1","certfile""#,
        );
    let mut doc = doc.into_bytes();
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    if config::ENABLED_DATA_PROTOCOLS & config::DATA_OVER_HTTP == 0 {
        // HTTP is not enabled in this build: the job is aborted, nothing is fetched.
        assert_eq!(
            r.statuses().last().unwrap(),
            r#"{"status":"FAILED","statusDetails":{"reason":"aborted: 0x0000000d"}}"#
        );
        assert!(!r.p.log.iter().any(|l| l.starts_with("http")));
        assert_eq!(r.agent.state(), State::WaitingForJob);
        return;
    }
    assert!(r.p.log.contains(&"http init https://h/x?sig=1".into()));
    for i in 0..3 {
        let s = i * BLOCK;
        let mut d = img[s..(s + BLOCK).min(img.len())].to_vec();
        r.event(Event::ReceivedFileBlock, Some(&mut d));
        r.drain();
    }
    assert_eq!(r.p.image, img);
    let ranges: Vec<&String> = r
        .p
        .log
        .iter()
        .filter(|l| l.starts_with("http 0") || l.starts_with("http 1") || l.starts_with("http 2"))
        .collect();
    assert!(!ranges.is_empty());
    assert!(r.p.log.contains(&"http deinit".into()));
}

#[test]
fn same_job_again_keeps_progress_and_takes_the_new_url() {
    let mut r = Rig::new();
    let img = image(3 * BLOCK);
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    let mut m = block_msg(0, &img[..BLOCK]);
    r.event(Event::ReceivedFileBlock, Some(&mut m));
    r.drain();
    // OTA_CheckForUpdate while downloading: the job is asked for again.
    r.event(Event::RequestJobDocument, None);
    assert_eq!(r.agent.state(), State::WaitingForJob);
    let mut again = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut again));
    r.drain();
    assert_eq!(r.agent.state(), State::WaitingForFileBlock);
    assert_eq!(
        r.p.log.iter().filter(|l| l.starts_with("create")).count(),
        1,
        "the file is not created again"
    );
    for i in 1..3u32 {
        let s = i as usize * BLOCK;
        let mut m = block_msg(i, &img[s..s + BLOCK]);
        r.event(Event::ReceivedFileBlock, Some(&mut m));
    }
    r.drain();
    assert_eq!(r.p.image, img);
    assert!(
        r.callbacks
            .iter()
            .any(|c| matches!(c, Cb::Doc(JobEvent::Activate, _)))
    );
}

#[test]
fn custom_job_goes_to_the_application() {
    let mut r = Rig::new();
    r.event(Event::Start, None);
    r.drain();
    let mut doc = br#"{"execution":{"jobId":"reboot-1","jobDocument":{"op":"reboot"}}}"#.to_vec();
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    let Some(Cb::Doc(JobEvent::ParseCustomJob, cb)) = r.callbacks.first().copied() else {
        panic!("expected a custom-job callback, got {:?}", r.callbacks);
    };
    assert_eq!(&cb.job_id[..cb.job_id_length], b"reboot-1");
    let (start, len) = cb.json.unwrap();
    assert_eq!(&doc[start..start + len], br#"{"op":"reboot"}"#);
    // The application handled it and reports success.
    r.agent
        .custom_job_result(&mut r.p, 0, JobStatus::Succeeded as u32, 3, 7);
    assert_eq!(
        r.statuses().last().unwrap(),
        r#"{"status":"SUCCEEDED","statusDetails":{"reason":"accepted  v0.0.7","updatedBy":"  v0.0.0"}}"#
    );
    assert!(r.agent.active_job().is_empty());
}

#[test]
fn suspend_and_resume_keep_the_download() {
    let mut r = Rig::new();
    let img = image(2 * BLOCK);
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    let mut m = block_msg(0, &img[..BLOCK]);
    r.event(Event::ReceivedFileBlock, Some(&mut m));
    r.drain();
    r.event(Event::Suspend, None);
    assert_eq!(r.agent.state(), State::Suspended);
    // Blocks arriving while suspended are dropped, not written.
    let mut late = block_msg(1, &img[BLOCK..]);
    r.event(Event::ReceivedFileBlock, Some(&mut late));
    assert_eq!(r.p.image.len(), BLOCK);
    r.event(Event::Resume, None);
    r.drain();
    let mut again = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut again));
    r.drain();
    let mut m = block_msg(1, &img[BLOCK..]);
    r.event(Event::ReceivedFileBlock, Some(&mut m));
    r.drain();
    assert_eq!(r.p.image, img);
    assert_eq!(
        r.p.log.iter().filter(|l| l.starts_with("create")).count(),
        1
    );
}

mod random_sequences {
    //! Random event sequences with random or hostile data: the agent never
    //! panics, never writes outside the file, and only activates an image whose
    //! every byte came from the genuine blocks.
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Step {
        Event(u32),
        Job,
        OtherJob,
        Block(u32),
        WrongSizeBlock(u32),
        Junk(Vec<u8>),
        JunkJob(Vec<u8>),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u32..13).prop_map(Step::Event),
            Just(Step::Job),
            Just(Step::OtherJob),
            (0u32..6).prop_map(Step::Block),
            (0u32..6).prop_map(Step::WrongSizeBlock),
            proptest::collection::vec(any::<u8>(), 0..64).prop_map(Step::Junk),
            proptest::collection::vec(any::<u8>(), 0..64).prop_map(Step::JunkJob),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn never_panics_or_activates_a_bad_image(steps in proptest::collection::vec(step(), 1..60)) {
            let img = image(4 * BLOCK + 17);
            let mut r = Rig::new();
            r.event(Event::Start, None);
            r.drain();
            for s in steps {
                match s {
                    Step::Event(code) => {
                        let e = Event::from_code(code).unwrap();
                        if !matches!(e, Event::ReceivedJobDocument | Event::ReceivedFileBlock) {
                            r.event(e, None);
                        }
                    }
                    Step::Job => {
                        let mut d = job_doc("job1", img.len(), "");
                        r.event(Event::ReceivedJobDocument, Some(&mut d));
                    }
                    Step::OtherJob => {
                        let mut d = job_doc("job2", img.len(), "");
                        r.event(Event::ReceivedJobDocument, Some(&mut d));
                    }
                    Step::Block(i) => {
                        let s = i as usize * BLOCK;
                        let e = (s + BLOCK).min(img.len());
                        let mut m = block_msg(i, img.get(s..e).unwrap_or(&[]));
                        r.event(Event::ReceivedFileBlock, Some(&mut m));
                    }
                    Step::WrongSizeBlock(i) => {
                        let mut m = block_msg(i, &[0xee; 3]);
                        r.event(Event::ReceivedFileBlock, Some(&mut m));
                    }
                    Step::Junk(mut b) => r.event(Event::ReceivedFileBlock, Some(&mut b)),
                    Step::JunkJob(mut b) => r.event(Event::ReceivedJobDocument, Some(&mut b)),
                }
                // Drain a bounded number of follow-up events.
                for _ in 0..8 {
                    match r.p.queue.pop_front() {
                        Some(e) => r.event(e, None),
                        None => break,
                    }
                }
                prop_assert!(r.p.image.len() <= img.len(), "write past the end of the file");
            }
            let activated = r
                .callbacks
                .iter()
                .any(|c| matches!(c, Cb::Doc(JobEvent::Activate, _)));
            if activated {
                prop_assert_eq!(&r.p.image, &img);
            }
        }
    }
}

#[test]
fn resumes_after_the_blocks_the_pal_already_holds() {
    let mut r = Rig::new();
    let img = image(4 * BLOCK + 9);
    r.p.image = img[..2 * BLOCK + 100].to_vec();
    r.p.resume = 2 * BLOCK as u32 + 100;
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    // The first request asks only for blocks 2, 3 and 4.
    let req = r.p.published.last().unwrap().1.clone();
    assert!(
        req.windows(2).any(|w| w == [0x41, 0x1c]),
        "bitmap 0x1c in {req:02x?}"
    );
    for i in 2..5u32 {
        let s = i as usize * BLOCK;
        let mut m = block_msg(i, &img[s..(s + BLOCK).min(img.len())]);
        r.event(Event::ReceivedFileBlock, Some(&mut m));
    }
    r.drain();
    assert_eq!(r.p.image, img);
    assert_eq!(
        r.p.writes,
        std::vec![2 * BLOCK as u32, 3 * BLOCK as u32, 4 * BLOCK as u32]
    );
    assert!(
        r.callbacks
            .iter()
            .any(|c| matches!(c, Cb::Doc(JobEvent::Activate, _)))
    );
}

#[test]
fn sequential_pal_gets_blocks_in_order_only() {
    let mut r = Rig::new();
    r.p.sequential = true;
    let img = image(3 * BLOCK);
    r.event(Event::Start, None);
    r.drain();
    let mut doc = job_doc("job1", img.len(), "");
    r.event(Event::ReceivedJobDocument, Some(&mut doc));
    r.drain();
    for i in [2u32, 1, 0, 2, 1, 2] {
        let s = i as usize * BLOCK;
        let mut m = block_msg(i, &img[s..s + BLOCK]);
        r.event(Event::ReceivedFileBlock, Some(&mut m));
        r.drain();
    }
    assert_eq!(r.p.image, img);
    assert_eq!(r.p.writes, std::vec![0, BLOCK as u32, 2 * BLOCK as u32]);
}
