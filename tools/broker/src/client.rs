//! A small blocking MQTT 3.1.1 client (clean session, no reconnect).
//!
//! Incoming messages arrive on an [`mpsc::Receiver`]; subscribe, unsubscribe and
//! QoS 1 publish wait for their acknowledgement with a timeout.

use crate::packet::{Connect, Packet, Publish, QoS};
use std::collections::HashMap;
use std::io::{self, BufReader};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// Connection settings.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Client identifier; must be unique per broker.
    pub client_id: String,
    /// Keep-alive in seconds (a PINGREQ is sent every half interval); 0 disables it.
    pub keep_alive: u16,
    /// Time allowed for TCP connect, CONNACK and each acknowledgement.
    pub timeout: Duration,
    /// Largest accepted incoming packet body, in bytes.
    pub max_packet_size: usize,
}

impl ClientOptions {
    /// Options with the given client id, 30 s keep-alive and 5 s timeouts.
    pub fn new(client_id: &str) -> ClientOptions {
        ClientOptions {
            client_id: client_id.to_string(),
            keep_alive: 30,
            timeout: Duration::from_secs(5),
            max_packet_size: 1024 * 1024,
        }
    }
}

/// A message received from the broker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Topic name.
    pub topic: String,
    /// Payload bytes.
    pub payload: Vec<u8>,
    /// QoS the broker delivered it with.
    pub qos: QoS,
}

#[derive(Default)]
struct Acks {
    /// Packet id -> acknowledgement payload once received (SUBACK codes, or empty).
    waiting: Mutex<HashMap<u16, Option<Vec<u8>>>>,
    cond: Condvar,
    closed: AtomicBool,
}

impl Acks {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u16, Option<Vec<u8>>>> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn complete(&self, id: u16, value: Vec<u8>) {
        let mut g = self.lock();
        if let Some(slot) = g.get_mut(&id) {
            *slot = Some(value);
            self.cond.notify_all();
        }
    }
    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        let _g = self.lock();
        self.cond.notify_all();
    }
}

type SharedWriter = Arc<Mutex<TcpStream>>;

struct Inner {
    writer: SharedWriter,
    acks: Arc<Acks>,
    next_id: AtomicU16,
    timeout: Duration,
}

impl Drop for Inner {
    fn drop(&mut self) {
        let w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let _ = Packet::Disconnect.write_to(&mut &*w);
        let _ = w.shutdown(Shutdown::Both);
    }
}

/// A connected client. Clones share the connection; dropping the last clone disconnects.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

fn closed_err() -> io::Error {
    io::Error::new(io::ErrorKind::NotConnected, "MQTT connection closed")
}

impl Client {
    /// Connects and waits for CONNACK. Returns the client and the receiver of incoming messages
    /// (it reports disconnection once the connection ends).
    pub fn connect<A: ToSocketAddrs>(
        addr: A,
        options: ClientOptions,
    ) -> io::Result<(Client, mpsc::Receiver<Message>)> {
        let sock = addr
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address"))?;
        let stream = TcpStream::connect_timeout(&sock, options.timeout)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(options.timeout))?;
        Packet::Connect(Connect {
            protocol_level: 4,
            client_id: options.client_id.clone(),
            keep_alive: options.keep_alive,
            clean_session: true,
        })
        .write_to(&mut &stream)?;
        let mut reader = BufReader::with_capacity(64 * 1024, stream.try_clone()?);
        match Packet::read_from(&mut reader, 16)? {
            Packet::Connack { code: 0, .. } => {}
            Packet::Connack { code, .. } => {
                return Err(io::Error::new(
                    io::ErrorKind::ConnectionRefused,
                    format!("CONNACK refused with code {code}"),
                ));
            }
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "expected CONNACK",
                ));
            }
        }
        stream.set_read_timeout(None)?;
        let acks = Arc::new(Acks::default());
        let inner = Arc::new(Inner {
            writer: Arc::new(Mutex::new(stream.try_clone()?)),
            acks: acks.clone(),
            next_id: AtomicU16::new(0),
            timeout: options.timeout,
        });
        let (tx, rx) = mpsc::channel();
        let writer = inner.writer.clone();
        let max = options.max_packet_size;
        thread::Builder::new()
            .name("mqtt-client-reader".into())
            .spawn(move || {
                read_loop(&mut reader, &writer, &tx, &acks, max);
                acks.close();
                let _ = stream.shutdown(Shutdown::Both);
            })?;
        if options.keep_alive > 0 {
            let weak = Arc::downgrade(&inner);
            let period = Duration::from_millis(u64::from(options.keep_alive) * 500);
            thread::Builder::new()
                .name("mqtt-client-ping".into())
                .spawn(move || ping_loop(&weak, period))?;
        }
        Ok((Client { inner }, rx))
    }

    /// True until the connection has ended.
    pub fn is_connected(&self) -> bool {
        !self.inner.acks.closed.load(Ordering::SeqCst)
    }

    fn packet_id(&self) -> u16 {
        loop {
            let id = self
                .inner
                .next_id
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_add(1);
            if id != 0 {
                return id;
            }
        }
    }

    fn write(&self, p: &Packet) -> io::Result<()> {
        if !self.is_connected() {
            return Err(closed_err());
        }
        let bytes = p.encode()?;
        let w = self.inner.writer.lock().unwrap_or_else(|e| e.into_inner());
        io::Write::write_all(&mut &*w, &bytes)
    }

    /// Sends `p` (which carries packet id `id`) and waits for its acknowledgement.
    fn request(&self, id: u16, p: &Packet) -> io::Result<Vec<u8>> {
        let acks = &self.inner.acks;
        acks.lock().insert(id, None);
        let result = self.write(p).and_then(|()| {
            let deadline = Instant::now() + self.inner.timeout;
            let mut g = acks.lock();
            loop {
                if let Some(Some(v)) = g.get(&id) {
                    return Ok(v.clone());
                }
                if acks.closed.load(Ordering::SeqCst) {
                    return Err(closed_err());
                }
                let now = Instant::now();
                if now >= deadline {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "no acknowledgement",
                    ));
                }
                g = acks
                    .cond
                    .wait_timeout(g, deadline - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        });
        acks.lock().remove(&id);
        result
    }

    /// Subscribes and waits for SUBACK; returns the granted QoS codes (0x80 = refused).
    pub fn subscribe(&self, filters: &[(&str, QoS)]) -> io::Result<Vec<u8>> {
        let id = self.packet_id();
        let p = Packet::Subscribe {
            packet_id: id,
            filters: filters.iter().map(|(f, q)| (f.to_string(), *q)).collect(),
        };
        self.request(id, &p)
    }

    /// Unsubscribes and waits for UNSUBACK.
    pub fn unsubscribe(&self, filters: &[&str]) -> io::Result<()> {
        let id = self.packet_id();
        let p = Packet::Unsubscribe {
            packet_id: id,
            filters: filters.iter().map(|f| f.to_string()).collect(),
        };
        self.request(id, &p).map(|_| ())
    }

    /// Publishes; for QoS 1 waits for PUBACK (QoS 2 is sent as QoS 1).
    pub fn publish(&self, topic: &str, payload: &[u8], qos: QoS) -> io::Result<()> {
        if qos == QoS::AtMostOnce {
            return self.publish_nowait(topic, payload, qos);
        }
        let id = self.packet_id();
        let p = Packet::Publish(Publish {
            topic: topic.to_string(),
            payload: payload.to_vec(),
            qos: QoS::AtLeastOnce,
            retain: false,
            dup: false,
            packet_id: id,
        });
        self.request(id, &p).map(|_| ())
    }

    /// Publishes without waiting for any acknowledgement.
    pub fn publish_nowait(&self, topic: &str, payload: &[u8], qos: QoS) -> io::Result<()> {
        let qos = qos.min(QoS::AtLeastOnce);
        let packet_id = if qos == QoS::AtMostOnce {
            0
        } else {
            self.packet_id()
        };
        self.write(&Packet::Publish(Publish {
            topic: topic.to_string(),
            payload: payload.to_vec(),
            qos,
            retain: false,
            dup: false,
            packet_id,
        }))
    }

    /// Sends DISCONNECT and closes the connection (for every clone).
    pub fn disconnect(&self) {
        let _ = self.write(&Packet::Disconnect);
        let w = self.inner.writer.lock().unwrap_or_else(|e| e.into_inner());
        let _ = w.shutdown(Shutdown::Both);
    }
}

fn read_loop(
    reader: &mut BufReader<TcpStream>,
    writer: &SharedWriter,
    tx: &mpsc::Sender<Message>,
    acks: &Acks,
    max: usize,
) {
    while let Ok(packet) = Packet::read_from(reader, max) {
        let reply = match packet {
            Packet::Publish(p) => {
                let reply = match p.qos {
                    QoS::AtMostOnce => None,
                    QoS::AtLeastOnce => Some(Packet::Puback(p.packet_id)),
                    QoS::ExactlyOnce => Some(Packet::Pubrec(p.packet_id)),
                };
                // A dropped receiver just means nobody listens any more.
                let _ = tx.send(Message {
                    topic: p.topic,
                    payload: p.payload,
                    qos: p.qos,
                });
                reply
            }
            Packet::Pubrel(id) => Some(Packet::Pubcomp(id)),
            Packet::Puback(id) | Packet::Unsuback(id) | Packet::Pubcomp(id) => {
                acks.complete(id, Vec::new());
                None
            }
            Packet::Pubrec(id) => Some(Packet::Pubrel(id)),
            Packet::Suback { packet_id, codes } => {
                acks.complete(packet_id, codes);
                None
            }
            Packet::Pingresp => None,
            _ => return,
        };
        if let Some(r) = reply {
            let w = writer.lock().unwrap_or_else(|e| e.into_inner());
            if r.write_to(&mut &*w).is_err() {
                return;
            }
        }
    }
}

fn ping_loop(inner: &Weak<Inner>, period: Duration) {
    let mut last = Instant::now();
    loop {
        thread::sleep(Duration::from_millis(100).min(period));
        let Some(inner) = inner.upgrade() else { return };
        if inner.acks.closed.load(Ordering::SeqCst) {
            return;
        }
        if last.elapsed() >= period {
            last = Instant::now();
            let w = inner.writer.lock().unwrap_or_else(|e| e.into_inner());
            if Packet::Pingreq.write_to(&mut &*w).is_err() {
                return;
            }
        }
    }
}
