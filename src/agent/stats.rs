//! Packet statistics (`OtaAgentStatistics_t`), shared between the agent task and
//! the MQTT/HTTP receive contexts that call `OTA_SignalEvent`, hence atomics.

use core::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// The four counters of `OtaAgentStatistics_t`.
#[derive(Default)]
pub struct Stats {
    received: AtomicU32,
    queued: AtomicU32,
    processed: AtomicU32,
    dropped: AtomicU32,
}

fn bump(c: &AtomicU32) {
    // Saturate rather than wrap, as the C agent guards `otaPacketsProcessed`.
    let _ = c.fetch_update(Relaxed, Relaxed, |v| v.checked_add(1));
}

impl Stats {
    /// All counters zero.
    pub const fn new() -> Stats {
        Stats {
            received: AtomicU32::new(0),
            queued: AtomicU32::new(0),
            processed: AtomicU32::new(0),
            dropped: AtomicU32::new(0),
        }
    }
    /// Zeroes every counter (four plain stores: a loop over them costs more).
    pub fn reset(&self) {
        self.received.store(0, Relaxed);
        self.queued.store(0, Relaxed);
        self.processed.store(0, Relaxed);
        self.dropped.store(0, Relaxed);
    }
    /// A block event reached `OTA_SignalEvent`.
    pub fn received(&self) {
        bump(&self.received);
    }
    /// A block event was queued.
    pub fn queued(&self) {
        bump(&self.queued);
    }
    /// A block was written (or completed the file).
    pub fn processed(&self) {
        bump(&self.processed);
    }
    /// A block event was dropped (queue full or unexpected).
    pub fn dropped(&self) {
        bump(&self.dropped);
    }
    /// (received, queued, processed, dropped).
    pub fn snapshot(&self) -> [u32; 4] {
        [
            self.received.load(Relaxed),
            self.queued.load(Relaxed),
            self.processed.load(Relaxed),
            self.dropped.load(Relaxed),
        ]
    }
}
