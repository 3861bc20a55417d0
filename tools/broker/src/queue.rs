//! Bounded per-client outgoing queue.
//!
//! The queue is bounded in bytes. QoS 0 messages that do not fit are dropped
//! at once; other packets wait a short while for room, after which the client
//! is considered stuck and the queue is closed.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Result of offering a packet to the queue.
#[derive(Debug, PartialEq, Eq)]
pub enum Offer {
    /// Queued.
    Queued,
    /// No room; the packet was dropped (only for droppable packets).
    Dropped,
    /// The queue is closed (client gone or stuck).
    Closed,
}

struct Inner {
    items: VecDeque<Vec<u8>>,
    bytes: usize,
    closed: bool,
}

/// A byte-bounded FIFO of encoded packets, shared by a session's router side
/// and its writer thread.
pub struct OutQueue {
    inner: Mutex<Inner>,
    cond: Condvar,
    max_bytes: usize,
}

impl OutQueue {
    /// Creates a queue holding at most `max_bytes` of encoded packets (always at least one packet).
    pub fn new(max_bytes: usize) -> OutQueue {
        OutQueue {
            inner: Mutex::new(Inner {
                items: VecDeque::new(),
                bytes: 0,
                closed: false,
            }),
            cond: Condvar::new(),
            max_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Offers an encoded packet. Droppable packets are refused when full;
    /// others wait up to `wait` for room and close the queue if none appears.
    pub fn offer(&self, packet: Vec<u8>, droppable: bool, wait: Duration) -> Offer {
        let deadline = Instant::now() + wait;
        let mut g = self.lock();
        loop {
            if g.closed {
                return Offer::Closed;
            }
            if g.items.is_empty() || g.bytes + packet.len() <= self.max_bytes {
                g.bytes += packet.len();
                g.items.push_back(packet);
                self.cond.notify_all();
                return Offer::Queued;
            }
            if droppable {
                return Offer::Dropped;
            }
            let now = Instant::now();
            if now >= deadline {
                g.closed = true;
                self.cond.notify_all();
                return Offer::Closed;
            }
            g = self
                .cond
                .wait_timeout(g, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Takes the next packet, blocking; `None` once the queue is closed and drained.
    pub fn take(&self) -> Option<Vec<u8>> {
        let mut g = self.lock();
        loop {
            if let Some(p) = g.items.pop_front() {
                g.bytes -= p.len();
                self.cond.notify_all();
                return Some(p);
            }
            if g.closed {
                return None;
            }
            g = self.cond.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Takes the next packet if one is queued, without blocking.
    pub fn try_take(&self) -> Option<Vec<u8>> {
        let mut g = self.lock();
        let p = g.items.pop_front()?;
        g.bytes -= p.len();
        self.cond.notify_all();
        Some(p)
    }

    /// Closes the queue; pending packets are still handed out by [`OutQueue::take`].
    pub fn close(&self) {
        self.lock().closed = true;
        self.cond.notify_all();
    }

    /// True once closed.
    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_when_full_and_closes_when_stuck() {
        let q = OutQueue::new(10);
        let z = Duration::ZERO;
        assert_eq!(q.offer(vec![0; 8], true, z), Offer::Queued);
        assert_eq!(q.offer(vec![0; 8], true, z), Offer::Dropped);
        assert_eq!(q.offer(vec![0; 2], true, z), Offer::Queued);
        assert_eq!(q.take().map(|p| p.len()), Some(8));
        assert_eq!(q.offer(vec![0; 4], false, z), Offer::Queued);
        assert_eq!(
            q.offer(vec![0; 8], false, Duration::from_millis(10)),
            Offer::Closed
        );
        assert!(q.is_closed());
        assert_eq!(q.take().map(|p| p.len()), Some(2));
        assert_eq!(q.take().map(|p| p.len()), Some(4));
        assert_eq!(q.take(), None);
    }
}
