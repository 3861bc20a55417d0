//! The broker: listener, per-client sessions (one reader and one writer thread each).

use crate::packet::{Packet, QoS};
use crate::queue::{Offer, OutQueue};
use crate::router::{self, Router, Session, Stats};
use crate::topic;
use std::io::{self, BufReader, BufWriter, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Tunables of a broker.
#[derive(Clone, Debug)]
pub struct BrokerOptions {
    /// Deliver AWS IoT Jobs responses to the requesting client without a subscription.
    pub aws_jobs_implicit_delivery: bool,
    /// Largest accepted packet body, in bytes.
    pub max_packet_size: usize,
    /// Bound of each client's outgoing queue, in bytes.
    pub max_queued_bytes: usize,
    /// Time a new connection has to send CONNECT.
    pub connect_timeout: Duration,
    /// Log connections, subscriptions and disconnections to stderr.
    pub verbose: bool,
}

impl Default for BrokerOptions {
    fn default() -> Self {
        BrokerOptions {
            aws_jobs_implicit_delivery: true,
            max_packet_size: 1024 * 1024,
            max_queued_bytes: 8 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            verbose: false,
        }
    }
}

struct Shared {
    router: Mutex<Router>,
    stats: Stats,
    options: BrokerOptions,
    stop: AtomicBool,
    next_key: AtomicU64,
}

impl Shared {
    fn router(&self) -> MutexGuard<'_, Router> {
        self.router.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn log(&self, msg: std::fmt::Arguments<'_>) {
        if self.options.verbose {
            eprintln!("ota-broker: {msg}");
        }
    }
}

/// Entry point: starts brokers.
pub struct Broker;

impl Broker {
    /// Starts a broker with default options on `addr` (use port 0 for any free port).
    pub fn start<A: ToSocketAddrs>(addr: A) -> io::Result<BrokerHandle> {
        Broker::start_with(addr, BrokerOptions::default())
    }

    /// Starts a broker with the given options.
    pub fn start_with<A: ToSocketAddrs>(
        addr: A,
        options: BrokerOptions,
    ) -> io::Result<BrokerHandle> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let local = listener.local_addr()?;
        let shared = Arc::new(Shared {
            router: Mutex::new(Router::new(options.aws_jobs_implicit_delivery)),
            stats: Stats::default(),
            options,
            stop: AtomicBool::new(false),
            next_key: AtomicU64::new(1),
        });
        let s = shared.clone();
        let acceptor = thread::Builder::new()
            .name("ota-broker-accept".into())
            .spawn(move || accept_loop(listener, s))?;
        Ok(BrokerHandle {
            addr: local,
            shared,
            acceptor: Some(acceptor),
        })
    }
}

/// A running broker. Dropping it stops it.
pub struct BrokerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl BrokerHandle {
    /// The TCP port the broker listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The address the broker listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The broker's counters.
    pub fn stats(&self) -> &Stats {
        &self.shared.stats
    }

    /// Number of connected clients.
    pub fn client_count(&self) -> usize {
        self.shared.router().sessions.len()
    }

    /// Stops accepting and disconnects every client.
    pub fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
        let mut r = self.shared.router();
        for s in r.sessions.values() {
            s.queue.close();
            let _ = s.stream.shutdown(Shutdown::Both);
        }
        r.sessions.clear();
    }
}

impl Drop for BrokerHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, peer)) => {
                let s = shared.clone();
                let spawned = thread::Builder::new()
                    .name("ota-broker-session".into())
                    .spawn(move || {
                        if let Err(e) = run_session(stream, &s) {
                            s.log(format_args!("{peer}: {e}"));
                        }
                    });
                if spawned.is_err() {
                    eprintln!("ota-broker: cannot start a session thread");
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => {
                eprintln!("ota-broker: accept failed: {e}");
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn send(queue: &OutQueue, p: &Packet) -> io::Result<()> {
    match queue.offer(p.encode()?, false, Duration::from_secs(2)) {
        Offer::Queued => Ok(()),
        _ => Err(io::Error::new(
            io::ErrorKind::BrokenPipe,
            "client queue closed",
        )),
    }
}

fn run_session(stream: TcpStream, shared: &Arc<Shared>) -> io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(shared.options.connect_timeout))?;
    let mut reader = BufReader::with_capacity(64 * 1024, stream.try_clone()?);
    let max = shared.options.max_packet_size;
    let connect = match Packet::read_from(&mut reader, max)? {
        Packet::Connect(c) => c,
        _ => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "first packet is not CONNECT",
            ));
        }
    };
    let refuse = |code: u8| {
        let _ = Packet::Connack {
            session_present: false,
            code,
        }
        .write_to(&mut &stream);
    };
    if connect.protocol_level != 4 && connect.protocol_level != 3 {
        refuse(1);
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "unsupported protocol level",
        ));
    }
    let key = shared.next_key.fetch_add(1, Ordering::Relaxed);
    let client_id = if connect.client_id.is_empty() {
        if !connect.clean_session {
            refuse(2);
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "empty client id",
            ));
        }
        format!("ota-broker-auto-{key}")
    } else {
        connect.client_id.clone()
    };
    let queue = Arc::new(OutQueue::new(shared.options.max_queued_bytes));
    let writer = {
        let q = queue.clone();
        let out = stream.try_clone()?;
        thread::Builder::new()
            .name("ota-broker-writer".into())
            .spawn(move || write_loop(&q, out))?
    };
    send(
        &queue,
        &Packet::Connack {
            session_present: false,
            code: 0,
        },
    )?;
    let old = shared.router().add(
        key,
        Session::new(client_id.clone(), queue.clone(), stream.try_clone()?),
    );
    if let Some(old) = old {
        shared.log(format_args!("{client_id}: took over an existing session"));
        old.queue.close();
        let _ = old.stream.shutdown(Shutdown::Both);
    }
    shared.stats.connections.fetch_add(1, Ordering::Relaxed);
    shared.log(format_args!(
        "{client_id}: connected (keep-alive {}s)",
        connect.keep_alive
    ));
    let timeout = match connect.keep_alive {
        0 => None,
        k => Some(Duration::from_millis(u64::from(k) * 1500)),
    };
    stream.set_read_timeout(timeout)?;
    let result = read_loop(&mut reader, key, &queue, shared);
    shared.router().remove(key);
    queue.close();
    let _ = writer.join();
    let _ = stream.shutdown(Shutdown::Both);
    match &result {
        Ok(()) => shared.log(format_args!("{client_id}: disconnected")),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            eprintln!("ota-broker: {client_id}: keep-alive timeout, disconnecting");
        }
        Err(e) => shared.log(format_args!("{client_id}: connection lost: {e}")),
    }
    Ok(())
}

fn write_loop(queue: &OutQueue, stream: TcpStream) {
    let mut w = BufWriter::with_capacity(64 * 1024, &stream);
    while let Some(bytes) = queue.take() {
        if w.write_all(&bytes).is_err() {
            break;
        }
        // Coalesce whatever is already queued before flushing.
        while let Some(next) = queue.try_take() {
            if w.write_all(&next).is_err() {
                queue.close();
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
        }
        if w.flush().is_err() {
            break;
        }
    }
    queue.close();
    let _ = stream.shutdown(Shutdown::Both);
}

fn read_loop(
    reader: &mut BufReader<TcpStream>,
    key: u64,
    queue: &OutQueue,
    shared: &Arc<Shared>,
) -> io::Result<()> {
    let invalid = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
    loop {
        if queue.is_closed() {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "session closed"));
        }
        let packet = match Packet::read_from(reader, shared.options.max_packet_size) {
            Ok(p) => p,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        };
        match packet {
            Packet::Publish(p) => {
                if !topic::valid_topic_name(&p.topic) {
                    return Err(invalid("PUBLISH to an invalid topic name"));
                }
                shared.stats.received.fetch_add(1, Ordering::Relaxed);
                let deliveries = shared.router().route(key, &p);
                router::deliver(deliveries, &shared.stats, &p.topic);
                match p.qos {
                    QoS::AtMostOnce => {}
                    QoS::AtLeastOnce => send(queue, &Packet::Puback(p.packet_id))?,
                    QoS::ExactlyOnce => send(queue, &Packet::Pubrec(p.packet_id))?,
                }
            }
            Packet::Pubrel(id) => send(queue, &Packet::Pubcomp(id))?,
            Packet::Puback(_) | Packet::Pubrec(_) | Packet::Pubcomp(_) => {}
            Packet::Subscribe { packet_id, filters } => {
                let mut codes = Vec::with_capacity(filters.len());
                {
                    let mut r = shared.router();
                    let s = r
                        .sessions
                        .get_mut(&key)
                        .ok_or_else(|| invalid("session gone"))?;
                    for (f, q) in filters {
                        if !topic::valid_filter(&f) {
                            codes.push(0x80);
                            continue;
                        }
                        let granted = q.min(QoS::AtLeastOnce);
                        shared.log(format_args!(
                            "{}: subscribed to {f} (QoS {})",
                            s.client_id, granted as u8
                        ));
                        s.subs.retain(|(existing, _)| *existing != f);
                        s.subs.push((f, granted));
                        codes.push(granted as u8);
                    }
                }
                send(queue, &Packet::Suback { packet_id, codes })?;
            }
            Packet::Unsubscribe { packet_id, filters } => {
                if let Some(s) = shared.router().sessions.get_mut(&key) {
                    s.subs.retain(|(f, _)| !filters.contains(f));
                }
                send(queue, &Packet::Unsuback(packet_id))?;
            }
            Packet::Pingreq => send(queue, &Packet::Pingresp)?,
            Packet::Disconnect => return Ok(()),
            Packet::Connect(_) => return Err(invalid("second CONNECT")),
            Packet::Connack { .. }
            | Packet::Suback { .. }
            | Packet::Unsuback(_)
            | Packet::Pingresp => {
                return Err(invalid("server-only packet from a client"));
            }
        }
    }
}
