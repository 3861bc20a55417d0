//! MQTT topics of the Jobs and Streams APIs and the `$next/get` request
//! payload, written into caller buffers.
//!
//! Names are inserted verbatim, as upstream, but are first checked: a name
//! must be non-empty and contain no control bytes (below 0x20, so no NUL)
//! and none of `/ + # " \`. The job id comes from the untrusted job
//! document, and wildcards, extra levels or quotes would turn a publish
//! into a protocol error, a different topic or broken JSON. AWS thing
//! names, job ids and stream ids never contain those bytes. Upstream would
//! build `.../streams//data/cbor` with an empty stream name during
//! shutdown; here that is an error and the caller skips the call.

use super::status::StatusError;
use super::writer::Writer;

/// Longest client token the Jobs service accepts.
pub const CLIENT_TOKEN_MAX_LEN: usize = 64;

/// Thing-name bytes kept in the client token: 64 minus up to 10 counter
/// digits minus the `:`, as in the C library's current code.
pub const CLIENT_TOKEN_THING_MAX_LEN: usize = CLIENT_TOKEN_MAX_LEN - 10 - 1;

const THINGS: &[u8] = b"$aws/things/";

fn check(name: &[u8]) -> Result<(), StatusError> {
    let bad = |b: &u8| *b < 0x20 || matches!(b, b'/' | b'+' | b'#' | b'"' | b'\\');
    if name.is_empty() || name.iter().any(bad) {
        Err(StatusError::InvalidName)
    } else {
        Ok(())
    }
}

/// The topics of the Jobs and Streams services for a thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic<'a> {
    /// `$aws/things/<thing>/jobs/notify-next` (subscribe, QoS 1).
    NotifyNext,
    /// `$aws/things/<thing>/jobs/$next/get` (publish the request, QoS 1).
    NextGet,
    /// `$aws/things/<thing>/jobs/<job_id>/update` (status updates).
    JobUpdate(&'a [u8]),
    /// `$aws/things/<thing>/streams/<stream>/data/cbor` (subscribe, QoS 0).
    StreamData(&'a [u8]),
    /// `$aws/things/<thing>/streams/<stream>/get/cbor` (publish block
    /// requests, QoS 0).
    StreamGet(&'a [u8]),
}

/// Writes `topic` for `thing` into `buf` and returns its length. Every topic is
/// `$aws/things/<thing><head><name><tail>`; the name (a job id or stream name)
/// is checked like the thing name.
pub fn write_topic(buf: &mut [u8], thing: &[u8], topic: Topic<'_>) -> Result<usize, StatusError> {
    let (head, name, tail): (&[u8], Option<&[u8]>, &[u8]) = match topic {
        Topic::NotifyNext => (b"/jobs/notify-next", None, b""),
        Topic::NextGet => (b"/jobs/$next/get", None, b""),
        Topic::JobUpdate(job) => (b"/jobs/", Some(job), b"/update"),
        Topic::StreamData(s) => (b"/streams/", Some(s), b"/data/cbor"),
        Topic::StreamGet(s) => (b"/streams/", Some(s), b"/get/cbor"),
    };
    check(thing)?;
    if let Some(n) = name {
        check(n)?;
    }
    let mut w = Writer::new(buf);
    w.bytes(THINGS)
        .bytes(thing)
        .bytes(head)
        .bytes(name.unwrap_or(&[]))
        .bytes(tail);
    w.finish()
}

/// `$aws/things/<thing>/jobs/notify-next` (subscribe, QoS 1).
pub fn notify_next_topic(buf: &mut [u8], thing: &[u8]) -> Result<usize, StatusError> {
    write_topic(buf, thing, Topic::NotifyNext)
}

/// `$aws/things/<thing>/jobs/$next/get` (publish the request, QoS 1).
pub fn next_get_topic(buf: &mut [u8], thing: &[u8]) -> Result<usize, StatusError> {
    write_topic(buf, thing, Topic::NextGet)
}

/// `$aws/things/<thing>/jobs/<job_id>/update` (status updates).
pub fn job_update_topic(buf: &mut [u8], thing: &[u8], job_id: &[u8]) -> Result<usize, StatusError> {
    write_topic(buf, thing, Topic::JobUpdate(job_id))
}

/// `$aws/things/<thing>/streams/<stream>/data/cbor` (subscribe, QoS 0).
pub fn stream_data_topic(
    buf: &mut [u8],
    thing: &[u8],
    stream: &[u8],
) -> Result<usize, StatusError> {
    write_topic(buf, thing, Topic::StreamData(stream))
}

/// `$aws/things/<thing>/streams/<stream>/get/cbor` (publish block requests,
/// QoS 0).
pub fn stream_get_topic(buf: &mut [u8], thing: &[u8], stream: &[u8]) -> Result<usize, StatusError> {
    write_topic(buf, thing, Topic::StreamGet(stream))
}

/// `$next/get` request payload: `{"clientToken":"<counter>:<thing>"}`.
///
/// The thing name is cut to [`CLIENT_TOKEN_THING_MAX_LEN`] bytes (backing
/// off to a UTF-8 character boundary) so that the token never exceeds the
/// service's 64 characters, whatever the counter. Two deliberate fixes
/// compared with the C library: the counter is always written in full
/// decimal (v3.4.x wrote 0 as an empty string; the current upstream code
/// overwrites the counter's last digit with the `:`, so 0..9 give
/// `":thing"` and 12 gives `"1:thing"`), and the thing name is checked like
/// a topic name because it is pasted into a JSON string.
pub fn next_get_payload(buf: &mut [u8], counter: u32, thing: &[u8]) -> Result<usize, StatusError> {
    check(thing)?;
    let mut cut = thing.len().min(CLIENT_TOKEN_THING_MAX_LEN);
    while cut > 0 && thing.get(cut).is_some_and(|b| (0x80..0xC0).contains(b)) {
        cut -= 1;
    }
    let kept = thing.get(..cut).unwrap_or(&[]);
    let mut w = Writer::new(buf);
    w.bytes(b"{\"clientToken\":\"")
        .dec(counter)
        .bytes(b":")
        .bytes(kept)
        .bytes(b"\"}");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    fn run(
        f: impl FnOnce(&mut [u8]) -> Result<usize, StatusError>,
    ) -> Result<Vec<u8>, StatusError> {
        let mut buf = [0u8; 512];
        f(&mut buf).map(|n| buf[..n].to_vec())
    }

    #[test]
    fn topics() {
        assert_eq!(
            run(|b| notify_next_topic(b, b"dev1")).unwrap(),
            b"$aws/things/dev1/jobs/notify-next"
        );
        assert_eq!(
            run(|b| next_get_topic(b, b"dev1")).unwrap(),
            b"$aws/things/dev1/jobs/$next/get"
        );
        assert_eq!(
            run(|b| job_update_topic(b, b"dev1", b"AFR_OTA-job1")).unwrap(),
            b"$aws/things/dev1/jobs/AFR_OTA-job1/update"
        );
        assert_eq!(
            run(|b| stream_data_topic(b, b"dev1", b"AFR_OTA-s")).unwrap(),
            b"$aws/things/dev1/streams/AFR_OTA-s/data/cbor"
        );
        assert_eq!(
            run(|b| stream_get_topic(b, b"dev1", b"AFR_OTA-s")).unwrap(),
            b"$aws/things/dev1/streams/AFR_OTA-s/get/cbor"
        );
        assert_eq!(
            run(|b| notify_next_topic(b, "th\u{e9}:x_y-1".as_bytes())).unwrap(),
            "$aws/things/th\u{e9}:x_y-1/jobs/notify-next".as_bytes()
        );
    }

    #[test]
    fn bad_names() {
        for bad in [
            &b""[..],
            b"a/b",
            b"a+",
            b"#",
            b"a\0b",
            b"a\"",
            b"a\\",
            b"\n",
        ] {
            assert_eq!(
                run(|b| notify_next_topic(b, bad)),
                Err(StatusError::InvalidName)
            );
            assert_eq!(
                run(|b| job_update_topic(b, b"t", bad)),
                Err(StatusError::InvalidName)
            );
            assert_eq!(
                run(|b| stream_data_topic(b, b"t", bad)),
                Err(StatusError::InvalidName)
            );
            assert_eq!(
                run(|b| stream_get_topic(b, b"t", bad)),
                Err(StatusError::InvalidName)
            );
            assert_eq!(
                run(|b| next_get_payload(b, 1, bad)),
                Err(StatusError::InvalidName)
            );
        }
    }

    #[test]
    fn small_buffers() {
        let want = b"$aws/things/dev1/jobs/j/update";
        let mut buf = [0u8; 40];
        for n in 0..want.len() {
            assert_eq!(
                job_update_topic(&mut buf[..n], b"dev1", b"j"),
                Err(StatusError::BufferTooSmall)
            );
        }
        assert_eq!(
            job_update_topic(&mut buf[..want.len()], b"dev1", b"j"),
            Ok(want.len())
        );
        assert_eq!(
            next_get_payload(&mut buf[..10], 1, b"t"),
            Err(StatusError::BufferTooSmall)
        );
    }

    #[test]
    fn client_token() {
        assert_eq!(
            run(|b| next_get_payload(b, 0, b"thing")).unwrap(),
            br#"{"clientToken":"0:thing"}"#
        );
        assert_eq!(
            run(|b| next_get_payload(b, 7, b"thing")).unwrap(),
            br#"{"clientToken":"7:thing"}"#
        );
        assert_eq!(
            run(|b| next_get_payload(b, 12, b"thing")).unwrap(),
            br#"{"clientToken":"12:thing"}"#
        );
        assert_eq!(
            run(|b| next_get_payload(b, u32::MAX, b"thing")).unwrap(),
            br#"{"clientToken":"4294967295:thing"}"#
        );
    }

    #[test]
    fn client_token_length_limit() {
        let long: String = "T".repeat(128);
        for counter in [0u32, 9, 10, 12345, u32::MAX] {
            let p = run(|b| next_get_payload(b, counter, long.as_bytes())).unwrap();
            let token = &p[br#"{"clientToken":""#.len()..p.len() - 2];
            assert!(token.len() <= CLIENT_TOKEN_MAX_LEN);
            let thing_part = token.split(|&c| c == b':').nth(1).unwrap();
            assert_eq!(thing_part.len(), CLIENT_TOKEN_THING_MAX_LEN);
        }
        let exact = "E".repeat(CLIENT_TOKEN_THING_MAX_LEN);
        let p = run(|b| next_get_payload(b, 1, exact.as_bytes())).unwrap();
        assert!(p.ends_with(std::format!("1:{exact}\"}}").as_bytes()));
        // A multi-byte character straddling the cut is dropped whole.
        let mut t = "a".repeat(CLIENT_TOKEN_THING_MAX_LEN - 1);
        t.push('\u{e9}');
        let p = run(|b| next_get_payload(b, 1, t.as_bytes())).unwrap();
        let s = core::str::from_utf8(&p).unwrap();
        assert!(s.ends_with(&std::format!(
            "1:{}\"}}",
            "a".repeat(CLIENT_TOKEN_THING_MAX_LEN - 1)
        )));
        assert!(super::super::json::validate(&p).is_ok());
    }
}
