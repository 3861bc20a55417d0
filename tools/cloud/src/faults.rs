//! Fault injection knobs for the data planes.

use crate::rng::Rng;
use std::collections::HashSet;
use std::time::Duration;

/// What to do wrong, on purpose. All rates are fractions in `[0, 1]`; the
/// random choices come from a generator seeded with `seed`, so a run can be repeated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Seed of the fault generator.
    pub seed: u64,
    /// Fraction of stream blocks silently not sent.
    pub drop_rate: f64,
    /// Fraction of stream blocks sent twice.
    pub duplicate_rate: f64,
    /// Shuffle the blocks of each GetStream answer.
    pub reorder: bool,
    /// Fraction of stream blocks whose payload gets one byte flipped (length kept).
    pub corrupt_rate: f64,
    /// Block indices whose payload is corrupted the first time each is served.
    pub corrupt_blocks: Vec<u32>,
    /// Pause before each stream block is published.
    pub block_delay: Duration,
    /// Ignore this many of the next GetStream requests (no answer at all).
    pub ignore_requests: u32,
    /// Fraction of HTTP responses whose connection is closed halfway through the body.
    pub http_cut_rate: f64,
}

/// Faults plus the generator and memory they need.
#[derive(Debug)]
pub(crate) struct FaultState {
    pub faults: Faults,
    pub rng: Rng,
    pub corrupted: HashSet<u32>,
    pub ignored: u32,
}

impl FaultState {
    pub fn new(faults: Faults) -> FaultState {
        FaultState {
            rng: Rng::new(faults.seed),
            faults,
            corrupted: HashSet::new(),
            ignored: 0,
        }
    }

    /// Decides whether to corrupt block `index` now.
    pub fn corrupt(&mut self, index: u32) -> bool {
        if self.faults.corrupt_blocks.contains(&index) && self.corrupted.insert(index) {
            return true;
        }
        let p = self.faults.corrupt_rate;
        self.rng.chance(p)
    }

    /// Decides whether to ignore the current GetStream request.
    pub fn ignore_request(&mut self) -> bool {
        if self.ignored < self.faults.ignore_requests {
            self.ignored += 1;
            return true;
        }
        false
    }
}
