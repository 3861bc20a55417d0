//! Counters of what the stand-in served, for progress displays and test checks.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of the cloud's counters (over all things and jobs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CloudStats {
    /// GetStream requests received.
    pub stream_requests: u64,
    /// GetStream requests refused (on `.../rejected/cbor`) or ignored by a fault knob.
    pub stream_requests_refused: u64,
    /// Stream blocks published (including injected duplicates).
    pub blocks_served: u64,
    /// Payload bytes published on streams.
    pub stream_bytes: u64,
    /// Blocks served again because the device asked for them again.
    pub blocks_resent: u64,
    /// Blocks dropped by the fault knobs.
    pub blocks_dropped: u64,
    /// Extra copies sent by the fault knobs.
    pub blocks_duplicated: u64,
    /// Blocks corrupted by the fault knobs.
    pub blocks_corrupted: u64,
    /// Blocks the device holds according to its last GetStream bitmap.
    pub device_blocks: u64,
    /// Blocks of the file being streamed, at the device's block size.
    pub device_blocks_total: u64,
    /// HTTP requests received.
    pub http_requests: u64,
    /// HTTP requests refused (403, 404, 416, ...).
    pub http_refused: u64,
    /// HTTP body bytes sent.
    pub http_bytes: u64,
    /// HTTP responses cut off by the fault knobs.
    pub http_cut: u64,
    /// Jobs API requests received (`$next/get`, `get`, `start-next`, `<jobId>/get`).
    pub job_requests: u64,
    /// Status updates received.
    pub updates: u64,
    /// Status updates rejected.
    pub updates_rejected: u64,
}

macro_rules! counters {
    ($($f:ident),*) => {
        /// Live counters behind [`CloudStats`].
        #[derive(Debug, Default)]
        pub(crate) struct Counters { $(pub $f: AtomicU64,)* }
        impl Counters {
            pub fn snapshot(&self) -> CloudStats {
                CloudStats { $($f: self.$f.load(Ordering::Relaxed),)* }
            }
        }
    };
}

counters!(
    stream_requests,
    stream_requests_refused,
    blocks_served,
    stream_bytes,
    blocks_resent,
    blocks_dropped,
    blocks_duplicated,
    blocks_corrupted,
    device_blocks,
    device_blocks_total,
    http_requests,
    http_refused,
    http_bytes,
    http_cut,
    job_requests,
    updates,
    updates_rejected
);

/// Adds `n` to a counter.
pub(crate) fn add(c: &AtomicU64, n: u64) {
    c.fetch_add(n, Ordering::Relaxed);
}

/// Sets a gauge.
pub(crate) fn set(c: &AtomicU64, n: u64) {
    c.store(n, Ordering::Relaxed);
}
