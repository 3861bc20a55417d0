//! Text for people watching an update: progress bar, status lines, summary.

use crate::jobs::StatusUpdate;
use crate::stats::CloudStats;
use std::time::Duration;

/// Parses a `receive` status detail such as `"12/256"`.
pub fn parse_receive(text: &str) -> Option<(u64, u64)> {
    let (a, b) = text.split_once('/')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// A `width`-character bar for `done` out of `total`.
pub fn bar(done: u64, total: u64, width: usize) -> String {
    let filled = if total == 0 {
        0
    } else {
        ((done.min(total) as u128 * width as u128) / total as u128) as usize
    };
    format!("[{}{}]", "#".repeat(filled), ".".repeat(width - filled))
}

/// Human-readable byte count.
pub fn bytes(n: u64) -> String {
    match n {
        0..=1023 => format!("{n} B"),
        1024..=1_048_575 => format!("{:.1} KiB", n as f64 / 1024.0),
        _ => format!("{:.2} MiB", n as f64 / (1024.0 * 1024.0)),
    }
}

/// One line for a status update the device sent, `at` after the start.
pub fn update_line(u: &StatusUpdate, at: Duration) -> String {
    let details: Vec<String> = u
        .status_details
        .iter()
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect();
    let verdict = match &u.error {
        None => "accepted".to_string(),
        Some(code) => format!("REJECTED: {code}"),
    };
    format!(
        "{:>7.2}s  device -> {:<11} {}  (QoS {}, {verdict})",
        at.as_secs_f64(),
        if u.status.is_empty() { "?" } else { &u.status },
        details.join(" "),
        u.qos
    )
}

/// Blocks the device holds and the file's block count, from its last `receive`
/// update and the cloud's gauges, whichever is further along.
pub fn device_progress(history: &[StatusUpdate], stats: &CloudStats) -> (u64, u64) {
    let reported = history
        .iter()
        .rev()
        .filter_map(|u| u.detail("receive").and_then(parse_receive))
        .next();
    let (mut done, mut total) = reported.unwrap_or((0, 0));
    if stats.device_blocks_total > 0 && (total == 0 || stats.device_blocks_total == total) {
        total = stats.device_blocks_total;
        done = done.max(stats.device_blocks);
    }
    (done.min(total), total)
}

/// The live progress line.
pub fn progress_line(done: u64, total: u64, rate: f64, stats: &CloudStats) -> String {
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let served = stats.blocks_served + stats.http_requests.saturating_sub(stats.http_refused);
    format!(
        "{} {pct:>3}% {done}/{total} blocks  {rate:>6.1} blk/s  served {served} (resent {}, dropped {})  requests {}",
        bar(done, total, 30),
        stats.blocks_resent,
        stats.blocks_dropped,
        stats.stream_requests + stats.http_requests,
    )
}

/// The closing summary.
pub fn summary(status: &str, file_len: u64, stats: &CloudStats, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().max(0.001);
    let served = stats.blocks_served + stats.http_requests.saturating_sub(stats.http_refused);
    format!(
        "summary: job {status} | file {} | blocks served {served} (resent {}, duplicated {}, dropped {}, corrupted {}) | \
         requests {} stream + {} HTTP | status updates {} ({} rejected) | {secs:.2} s | {}/s",
        bytes(file_len),
        stats.blocks_resent,
        stats.blocks_duplicated,
        stats.blocks_dropped,
        stats.blocks_corrupted,
        stats.stream_requests,
        stats.http_requests,
        stats.updates,
        stats.updates_rejected,
        bytes((file_len as f64 / secs) as u64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces() {
        assert_eq!(parse_receive("3/10"), Some((3, 10)));
        assert_eq!(parse_receive("x/10"), None);
        assert_eq!(bar(5, 10, 10), "[#####.....]");
        assert_eq!(bar(0, 0, 4), "[....]");
        assert_eq!(bytes(1_048_576), "1.00 MiB");
        let s = CloudStats {
            device_blocks: 7,
            device_blocks_total: 10,
            ..CloudStats::default()
        };
        assert_eq!(device_progress(&[], &s), (7, 10));
        assert!(progress_line(7, 10, 2.0, &s).contains(" 70% 7/10 blocks"));
    }
}
