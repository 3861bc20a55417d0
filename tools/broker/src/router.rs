//! Subscription table, message routing and the AWS IoT Jobs delivery rule.

use crate::packet::{Packet, Publish, QoS};
use crate::queue::{Offer, OutQueue};
use crate::topic::{self, JobsTopic};
use std::collections::HashMap;
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long a non-droppable packet waits for room in a full client queue
/// before that client is disconnected as stuck.
const STUCK_WAIT: Duration = Duration::from_secs(2);

/// Counters kept by a running broker.
#[derive(Debug, Default)]
pub struct Stats {
    /// Connections accepted (CONNACK 0 sent).
    pub connections: AtomicU64,
    /// PUBLISH packets received from clients.
    pub received: AtomicU64,
    /// PUBLISH packets queued to clients.
    pub delivered: AtomicU64,
    /// Jobs responses delivered to a requester that had not subscribed.
    pub implicit: AtomicU64,
    /// QoS 0 messages dropped because a client's queue was full.
    pub dropped: AtomicU64,
}

pub(crate) struct Session {
    pub client_id: String,
    pub subs: Vec<(String, QoS)>,
    pub queue: Arc<OutQueue>,
    pub stream: TcpStream,
    next_packet_id: u16,
}

impl Session {
    pub fn new(client_id: String, queue: Arc<OutQueue>, stream: TcpStream) -> Session {
        Session {
            client_id,
            subs: Vec::new(),
            queue,
            stream,
            next_packet_id: 0,
        }
    }

    fn packet_id(&mut self) -> u16 {
        self.next_packet_id = self.next_packet_id.checked_add(1).unwrap_or(1);
        self.next_packet_id
    }

    fn granted_qos(&self, topic: &str) -> Option<QoS> {
        self.subs
            .iter()
            .filter(|(f, _)| topic::matches(f, topic))
            .map(|(_, q)| *q)
            .max()
    }
}

/// One pending delivery, prepared under the router lock and offered after it.
pub(crate) struct Delivery {
    queue: Arc<OutQueue>,
    stream: TcpStream,
    bytes: Vec<u8>,
    droppable: bool,
    implicit: bool,
    client_id: String,
}

/// Shared routing state of a broker.
pub(crate) struct Router {
    pub sessions: HashMap<u64, Session>,
    by_client_id: HashMap<String, u64>,
    /// Thing name -> client id of the last client that sent it a Jobs request.
    requesters: HashMap<String, String>,
    pub jobs_hook: bool,
}

impl Router {
    pub fn new(jobs_hook: bool) -> Router {
        Router {
            sessions: HashMap::new(),
            by_client_id: HashMap::new(),
            requesters: HashMap::new(),
            jobs_hook,
        }
    }

    /// Registers a session; returns the session it replaces (same client id), if any.
    pub fn add(&mut self, key: u64, session: Session) -> Option<Session> {
        let old = self
            .by_client_id
            .insert(session.client_id.clone(), key)
            .and_then(|k| self.sessions.remove(&k));
        self.sessions.insert(key, session);
        old
    }

    /// Removes a session (on disconnect).
    pub fn remove(&mut self, key: u64) -> Option<Session> {
        let s = self.sessions.remove(&key)?;
        if self.by_client_id.get(&s.client_id) == Some(&key) {
            self.by_client_id.remove(&s.client_id);
        }
        Some(s)
    }

    /// Prepares the deliveries of `publish` sent by session `from`.
    pub fn route(&mut self, from: u64, publish: &Publish) -> Vec<Delivery> {
        let mut implicit_target: Option<u64> = None;
        if self.jobs_hook {
            match topic::classify_jobs_topic(&publish.topic) {
                Some(JobsTopic::Request(thing)) => {
                    if let Some(s) = self.sessions.get(&from) {
                        self.requesters
                            .insert(thing.to_string(), s.client_id.clone());
                    }
                }
                Some(JobsTopic::Response(thing)) => {
                    implicit_target = self
                        .requesters
                        .get(thing)
                        .and_then(|id| self.by_client_id.get(id))
                        .copied();
                }
                None => {}
            }
        }
        let out_cap = publish.qos.min(QoS::AtLeastOnce);
        let mut deliveries = Vec::new();
        for (key, s) in self.sessions.iter_mut() {
            let (qos, implicit) = match s.granted_qos(&publish.topic) {
                Some(q) => (q.min(out_cap), false),
                None if implicit_target == Some(*key) => (out_cap, true),
                None => continue,
            };
            let packet_id = if qos == QoS::AtMostOnce {
                0
            } else {
                s.packet_id()
            };
            let p = Packet::Publish(Publish {
                topic: publish.topic.clone(),
                payload: publish.payload.clone(),
                qos,
                retain: false,
                dup: false,
                packet_id,
            });
            let Ok(bytes) = p.encode() else { continue };
            let Ok(stream) = s.stream.try_clone() else {
                continue;
            };
            deliveries.push(Delivery {
                queue: s.queue.clone(),
                stream,
                bytes,
                droppable: qos == QoS::AtMostOnce,
                implicit,
                client_id: s.client_id.clone(),
            });
        }
        deliveries
    }
}

/// Offers prepared deliveries to their queues (outside the router lock).
pub(crate) fn deliver(deliveries: Vec<Delivery>, stats: &Stats, topic: &str) {
    for d in deliveries {
        match d.queue.offer(d.bytes, d.droppable, STUCK_WAIT) {
            Offer::Queued => {
                stats.delivered.fetch_add(1, Ordering::Relaxed);
                if d.implicit {
                    stats.implicit.fetch_add(1, Ordering::Relaxed);
                }
            }
            Offer::Dropped => {
                let n = stats.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                if n == 1 || n.is_multiple_of(1000) {
                    eprintln!(
                        "ota-broker: client {} is slow: dropped a QoS 0 message on {topic} ({n} dropped so far)",
                        d.client_id
                    );
                }
            }
            Offer::Closed => {
                let _ = d.stream.shutdown(Shutdown::Both);
            }
        }
    }
}
