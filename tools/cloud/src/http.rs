//! A minimal HTTP/1.1 file server for pre-signed-URL downloads: `GET`/`HEAD`,
//! single `Range: bytes=a-b` requests (206), keep-alive, 403 for a bad or
//! expired signature, and a fault knob that cuts responses mid-body.

use crate::faults::{FaultState, Faults};
use crate::presign::{self, UrlError};
use crate::stats::{self, Counters};
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

const MAX_HEADER_BYTES: u64 = 8 * 1024;
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);

struct File {
    data: Arc<Vec<u8>>,
    block_len: u64,
}

pub(crate) struct HttpContext {
    files: Mutex<HashMap<String, File>>,
    secret: Vec<u8>,
    faults: Arc<Mutex<FaultState>>,
    counters: Arc<Counters>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running download server. Dropping it stops it.
pub struct HttpServer {
    addr: SocketAddr,
    ctx: Arc<HttpContext>,
    stop: Arc<AtomicBool>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl HttpServer {
    /// Starts a standalone server on `addr` (port 0 picks a free port).
    pub fn start<A: ToSocketAddrs>(addr: A) -> io::Result<HttpServer> {
        let faults = Arc::new(Mutex::new(FaultState::new(Faults::default())));
        HttpServer::start_shared(addr, faults, Arc::new(Counters::default()))
    }

    pub(crate) fn start_shared<A: ToSocketAddrs>(
        addr: A,
        faults: Arc<Mutex<FaultState>>,
        counters: Arc<Counters>,
    ) -> io::Result<HttpServer> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let mut secret = vec![0u8; 32];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut secret);
        let ctx = Arc::new(HttpContext {
            files: Mutex::new(HashMap::new()),
            secret,
            faults,
            counters,
        });
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (ctx.clone(), stop.clone());
        let thread = thread::Builder::new()
            .name("ota-cloud-http".into())
            .spawn(move || accept_loop(&listener, &c, &s))?;
        Ok(HttpServer {
            addr,
            ctx,
            stop,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Publishes `data` under `/ota/<name>` (`name` must be URL-safe).
    pub fn add_file(&self, name: &str, data: Arc<Vec<u8>>) {
        lock(&self.ctx.files).insert(name.to_string(), File { data, block_len: 0 });
    }

    /// A pre-signed URL for `/ota/<name>`, valid for `expires` seconds from now.
    pub fn url(&self, name: &str, expires: u64) -> String {
        let path = format!("/ota/{name}");
        let q = presign::query(&self.ctx.secret, &path, crate::time::now_secs(), expires);
        format!("http://{}{path}?{q}", self.addr)
    }

    /// Stops accepting connections.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = lock(&self.thread).take() {
            let _ = t.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: &TcpListener, ctx: &Arc<HttpContext>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let c = ctx.clone();
                let _ = thread::Builder::new()
                    .name("ota-cloud-http-conn".into())
                    .spawn(move || serve_connection(stream, &c));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(5))
            }
            Err(_) => thread::sleep(Duration::from_millis(50)),
        }
    }
}

struct Request {
    method: String,
    target: String,
    range: Option<String>,
    keep_alive: bool,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut limited = reader.take(MAX_HEADER_BYTES);
    let mut line = String::new();
    if limited.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "bad request line",
        ));
    };
    let mut req = Request {
        method: method.to_string(),
        target: target.to_string(),
        range: None,
        keep_alive: version == "HTTP/1.1",
    };
    loop {
        let mut h = String::new();
        if limited.read_line(&mut h)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "headers too long or cut",
            ));
        }
        let h = h.trim_end();
        if h.is_empty() {
            return Ok(Some(req));
        }
        let Some((name, value)) = h.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "range" => req.range = Some(value.to_string()),
            "connection" if value.eq_ignore_ascii_case("close") => req.keep_alive = false,
            "connection" if value.eq_ignore_ascii_case("keep-alive") => req.keep_alive = true,
            _ => {}
        }
    }
}

/// Parses `bytes=a-b`, `bytes=a-` or `bytes=-n` against a body of `total` bytes.
/// `Ok(None)` means "not satisfiable".
fn parse_range(spec: &str, total: u64) -> Result<Option<(u64, u64)>, ()> {
    let r = spec.trim().strip_prefix("bytes=").ok_or(())?;
    if r.contains(',') {
        return Err(());
    }
    let (a, b) = r.split_once('-').ok_or(())?;
    let (a, b) = (a.trim(), b.trim());
    let num = |s: &str| s.parse::<u64>().map_err(|_| ());
    let (start, end) = match (a.is_empty(), b.is_empty()) {
        (false, false) => (num(a)?, num(b)?),
        (false, true) => (num(a)?, u64::MAX),
        (true, false) => {
            let n = num(b)?;
            if n == 0 {
                return Ok(None);
            }
            (total.saturating_sub(n), u64::MAX)
        }
        (true, true) => return Err(()),
    };
    if start > end {
        return Err(());
    }
    if start >= total {
        return Ok(None);
    }
    Ok(Some((start, end.min(total - 1))))
}

fn respond(
    out: &mut TcpStream,
    status: &str,
    headers: &[String],
    body: &[u8],
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\nServer: ota-cloud\r\n");
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    ));
    out.write_all(head.as_bytes())?;
    out.write_all(body)
}

fn error_body(code: &str, message: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>\n")
        .into_bytes()
}

fn serve_connection(stream: TcpStream, ctx: &HttpContext) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut out = stream;
    while let Ok(Some(req)) = read_request(&mut reader) {
        match serve_request(&mut out, ctx, &req) {
            Ok(true) if req.keep_alive => {}
            _ => break,
        }
    }
    let _ = out.shutdown(Shutdown::Both);
}

/// Serves one request; `Ok(false)` means the connection must be closed.
fn serve_request(out: &mut TcpStream, ctx: &HttpContext, req: &Request) -> io::Result<bool> {
    let c = &ctx.counters;
    stats::add(&c.http_requests, 1);
    let ka = req.keep_alive;
    let refuse = |out: &mut TcpStream, status: &str, code: &str, msg: &str| {
        stats::add(&c.http_refused, 1);
        let xml = ["Content-Type: application/xml".to_string()];
        respond(out, status, &xml, &error_body(code, msg), ka).map(|()| ka)
    };
    if req.method != "GET" && req.method != "HEAD" {
        return refuse(
            out,
            "405 Method Not Allowed",
            "MethodNotAllowed",
            "only GET and HEAD",
        );
    }
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let Some(name) = path.strip_prefix("/ota/") else {
        return refuse(out, "404 Not Found", "NoSuchKey", "no such file");
    };
    match presign::check(&ctx.secret, path, query, crate::time::now_secs()) {
        Ok(()) => {}
        Err(UrlError::Expired) => {
            return refuse(out, "403 Forbidden", "AccessDenied", "Request has expired");
        }
        Err(_) => {
            return refuse(
                out,
                "403 Forbidden",
                "SignatureDoesNotMatch",
                "bad or missing signature",
            );
        }
    }
    let Some(data) = lock(&ctx.files).get(name).map(|f| f.data.clone()) else {
        return refuse(out, "404 Not Found", "NoSuchKey", "no such file");
    };
    let total = data.len() as u64;
    let mut headers = vec![
        "Content-Type: application/octet-stream".to_string(),
        "Accept-Ranges: bytes".to_string(),
    ];
    let (status, start, end) = match &req.range {
        None if total == 0 => ("200 OK", 0, 0),
        None => ("200 OK", 0, total - 1),
        Some(spec) => match parse_range(spec, total) {
            Ok(Some((a, b))) => {
                headers.push(format!("Content-Range: bytes {a}-{b}/{total}"));
                ("206 Partial Content", a, b)
            }
            Ok(None) => {
                stats::add(&c.http_refused, 1);
                let h = [format!("Content-Range: bytes */{total}")];
                return respond(out, "416 Range Not Satisfiable", &h, b"", ka).map(|()| ka);
            }
            Err(()) => {
                return refuse(
                    out,
                    "400 Bad Request",
                    "InvalidArgument",
                    "unsupported Range header",
                );
            }
        },
    };
    let body: &[u8] = if total == 0 {
        &[]
    } else {
        &data[start as usize..=end as usize]
    };
    if req.range.is_some() {
        note_progress(ctx, name, end, body.len() as u64, total);
    }
    let cut = {
        let mut f = lock(&ctx.faults);
        let p = f.faults.http_cut_rate;
        f.rng.chance(p)
    };
    if req.method == "HEAD" {
        headers.push(format!("Content-Length: {}", body.len()));
        let mut head = format!("HTTP/1.1 {status}\r\nServer: ota-cloud\r\n");
        headers
            .iter()
            .for_each(|h| head.push_str(&format!("{h}\r\n")));
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        return Ok(true);
    }
    if cut && !body.is_empty() {
        stats::add(&c.http_cut, 1);
        let mut head = format!("HTTP/1.1 {status}\r\nServer: ota-cloud\r\n");
        headers
            .iter()
            .for_each(|h| head.push_str(&format!("{h}\r\n")));
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        out.write_all(head.as_bytes())?;
        out.write_all(&body[..body.len() / 2])?;
        stats::add(&c.http_bytes, (body.len() / 2) as u64);
        return Ok(false);
    }
    respond(out, status, &headers, body, ka)?;
    stats::add(&c.http_bytes, body.len() as u64);
    Ok(true)
}

/// Updates the device-progress gauges from a range request.
fn note_progress(ctx: &HttpContext, name: &str, end: u64, len: u64, total: u64) {
    let mut files = lock(&ctx.files);
    let Some(f) = files.get_mut(name) else { return };
    f.block_len = f.block_len.max(len);
    if f.block_len > 0 {
        stats::set(
            &ctx.counters.device_blocks_total,
            total.div_ceil(f.block_len),
        );
        stats::set(&ctx.counters.device_blocks, (end + 1).div_ceil(f.block_len));
    }
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-99", 1000), Ok(Some((0, 99))));
        assert_eq!(parse_range("bytes=900-2000", 1000), Ok(Some((900, 999))));
        assert_eq!(parse_range("bytes=10-", 1000), Ok(Some((10, 999))));
        assert_eq!(parse_range("bytes=-10", 1000), Ok(Some((990, 999))));
        assert_eq!(parse_range("bytes=1000-1001", 1000), Ok(None));
        assert_eq!(parse_range("bytes=5-1", 1000), Err(()));
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), Err(()));
        assert_eq!(parse_range("items=0-1", 1000), Err(()));
    }
}
