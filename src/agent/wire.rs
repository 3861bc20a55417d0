//! Topics and payloads the agent publishes, built into caller buffers.

use crate::job::topic;
pub use crate::job::topic::Topic;
use crate::port::Mqtt;

/// Room for the longest topic: thing name (≤ `otaconfigMAX_THINGNAME_LEN`), job id
/// (≤ 72) or stream name, the fixed parts and a terminator.
pub const TOPIC_MAX: usize = crate::config::MAX_THINGNAME_LEN as usize + 160;

/// Writes `which` NUL-terminated into `buf`; returns it with the terminator, or
/// `None` if it does not fit.
pub fn topic<'b>(buf: &'b mut [u8], thing: &[u8], which: Topic<'_>) -> Option<&'b [u8]> {
    let n = topic::write_topic(buf, thing, which).ok()?;
    terminate(buf, n)
}

/// Appends a NUL after the first `n` bytes and returns them with it.
fn terminate(buf: &mut [u8], n: usize) -> Option<&[u8]> {
    *buf.get_mut(n)? = 0;
    buf.get(..=n)
}

/// An MQTT operation on one of the topics.
#[derive(Clone, Copy)]
pub enum Op<'a> {
    /// Subscribe at this QoS.
    Subscribe(u8),
    /// Unsubscribe (the QoS is passed through to the glue).
    Unsubscribe(u8),
    /// Publish this payload at this QoS.
    Publish(&'a [u8], u8),
}

/// Builds `which` for `thing` and performs `op` on it: false if the topic does
/// not fit or the MQTT glue reports a failure. One place for the topic buffer
/// and the calls, rather than one copy per caller.
pub fn mqtt<P: Mqtt + ?Sized>(p: &mut P, thing: &[u8], which: Topic<'_>, op: Op<'_>) -> bool {
    let mut buf = [0u8; TOPIC_MAX];
    let Some(t) = topic(&mut buf, thing, which) else {
        return false;
    };
    match op {
        Op::Subscribe(qos) => p.subscribe(t, qos),
        Op::Unsubscribe(qos) => p.unsubscribe(t, qos),
        Op::Publish(payload, qos) => p.publish(t, payload, qos),
    }
}
