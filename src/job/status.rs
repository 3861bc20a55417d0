//! Job status update payloads, byte-for-byte as the C library publishes
//! them to `$aws/things/<thing>/jobs/<jobId>/update`.
//!
//! Shapes (no spaces except the two before each `v`; `%08x` is eight
//! lowercase hex digits):
//!
//! | status, reason | payload |
//! |---|---|
//! | InProgress, Receiving | `{"status":"IN_PROGRESS","statusDetails":{"receive":"<rcvd>/<total>"}}` |
//! | InProgress, any other | `{"status":"IN_PROGRESS","statusDetails":{"self_test":"<reason>","updatedBy":"0x%08x"}}` (running app version) |
//! | FailedWithVal | `{"status":"FAILED","statusDetails":{"reason":"0x%08x: 0x%08x"}}` (reason, sub-reason) |
//! | Succeeded | `{"status":"SUCCEEDED","statusDetails":{"reason":"<reason>  v<M>.<m>.<b>","updatedBy":"  v<M>.<m>.<b>"}}` (sub-reason as version, then the job's `updatedBy`) |
//! | Failed, Rejected | `{"status":"FAILED"\|"REJECTED","statusDetails":{"reason":"<reason>: 0x%08x"}}` (sub-reason) |
//!
//! `<reason>` is the [`JobReason`] string: `""`, `ready`, `active`,
//! `accepted`, `rejected`, `aborted`. Decimal numbers are written normally,
//! 0 included: the C library v3.4.0 wrote 0 as an empty string (`v1..3`);
//! that bug is deliberately not reproduced.
//!
//! Nothing is NUL-terminated; every function returns the payload length.

use super::writer::Writer;

/// Size of the C library's status message buffer. Every payload built
/// here fits, whatever the numbers.
pub const STATUS_MSG_MAX_SIZE: usize = 128;

/// Errors from the payload and topic builders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusError {
    /// The output buffer is too small.
    BufferTooSmall,
    /// A reason code outside `0..=5` where a reason string is needed.
    InvalidReason,
    /// A name put into a topic or payload is empty or contains a byte that
    /// would change its meaning (see [`super::topic`]).
    InvalidName,
}

impl StatusError {
    /// Short human-readable description, for logs.
    pub const fn description(self) -> &'static str {
        match self {
            Self::BufferTooSmall => "output buffer too small",
            Self::InvalidReason => "job reason code out of range",
            Self::InvalidName => "name unusable in an MQTT topic or JSON string",
        }
    }
}

impl core::fmt::Display for StatusError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.description())
    }
}

/// Job execution status, numbered as the C library's `OtaJobStatus_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    /// Download or self-test under way (`0`).
    InProgress,
    /// Failed, with a reason string (`1`).
    Failed,
    /// Accepted (`2`).
    Succeeded,
    /// Rejected (`3`).
    Rejected,
    /// Failed, with numeric reason and sub-reason (`4`).
    FailedWithVal,
}

impl JobStatus {
    /// From the upstream numeric value; `None` outside `0..=4`.
    pub const fn from_code(code: i32) -> Option<Self> {
        Some(match code {
            0 => Self::InProgress,
            1 => Self::Failed,
            2 => Self::Succeeded,
            3 => Self::Rejected,
            4 => Self::FailedWithVal,
            _ => return None,
        })
    }

    /// Upstream numeric value.
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// Status string understood by the Jobs service.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "IN_PROGRESS",
            Self::Failed | Self::FailedWithVal => "FAILED",
            Self::Succeeded => "SUCCEEDED",
            Self::Rejected => "REJECTED",
        }
    }
}

/// Reason attached to a status, numbered as the C library's `OtaJobReason_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobReason {
    /// Blocks are being received (`0`).
    Receiving,
    /// Signature verified, about to activate (`1`).
    SigCheckPassed,
    /// New image running its self-test (`2`).
    SelfTestActive,
    /// New image accepted (`3`).
    Accepted,
    /// Image rejected (`4`).
    Rejected,
    /// Job aborted (`5`).
    Aborted,
}

impl JobReason {
    /// From the upstream numeric value; `None` outside `0..=5`.
    pub const fn from_code(code: i32) -> Option<Self> {
        Some(match code {
            0 => Self::Receiving,
            1 => Self::SigCheckPassed,
            2 => Self::SelfTestActive,
            3 => Self::Accepted,
            4 => Self::Rejected,
            5 => Self::Aborted,
            _ => return None,
        })
    }

    /// Upstream numeric value.
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// Reason string used in payloads (empty for `Receiving`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Receiving => "",
            Self::SigCheckPassed => "ready",
            Self::SelfTestActive => "active",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Aborted => "aborted",
        }
    }
}

/// Firmware version packed as upstream's `AppVersion32_t`: major in bits
/// 31..24, minor in 23..16, build in 15..0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct AppVersion32 {
    /// Major version.
    pub major: u8,
    /// Minor version.
    pub minor: u8,
    /// Build number.
    pub build: u16,
}

impl AppVersion32 {
    /// Unpacks a 32-bit version word.
    pub const fn from_u32(v: u32) -> Self {
        Self {
            major: (v >> 24) as u8,
            minor: (v >> 16) as u8,
            build: v as u16,
        }
    }

    /// Packs into a 32-bit version word (ordering matches the fields').
    pub const fn to_u32(self) -> u32 {
        ((self.major as u32) << 24) | ((self.minor as u32) << 16) | self.build as u32
    }
}

/// Values some payloads need besides status and reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusContext {
    /// Blocks received so far (progress payload).
    pub blocks_received: u32,
    /// Blocks in the file (progress payload).
    pub blocks_total: u32,
    /// Running firmware version word (self-test payload).
    pub app_version: u32,
    /// `updatedBy` from the job document (success payload).
    pub updater_version: u32,
}

/// Whether a progress update is due after `received` blocks: at the first
/// block and every `frequency` blocks, as upstream. A `frequency` of 0
/// (which would divide by zero upstream) means only the first block.
pub const fn progress_due(received: u32, frequency: u32) -> bool {
    received == 1 || (frequency != 0 && received.is_multiple_of(frequency))
}

/// MQTT QoS upstream uses for a status update: 0 for download progress
/// (to keep streaming light), 1 for everything else.
pub const fn status_qos(status: JobStatus, reason: i32) -> u8 {
    if matches!(status, JobStatus::InProgress) && reason == JobReason::Receiving.code() {
        0
    } else {
        1
    }
}

// Every payload is `{"status":"<status>","statusDetails":{` and then one of the
// templates below, in which bytes under 0x20 (never part of the text) stand for
// a value: one interpreter and five byte strings take far less flash than five
// chains of writer calls.
/// The payload's reason string.
const T_REASON: u8 = 1;
/// The next number, in decimal.
const T_DEC: u8 = 2;
/// The next number, as eight lowercase hex digits.
const T_HEX8: u8 = 3;

const PROGRESS: &[u8] = b"\"receive\":\"\x02/\x02\"}}";
const SELF_TEST: &[u8] = b"\"self_test\":\"\x01\",\"updatedBy\":\"0x\x03\"}}";
const FAILED_WITH_VAL: &[u8] = b"\"reason\":\"0x\x03: 0x\x03\"}}";
const SUCCEEDED: &[u8] =
    b"\"reason\":\"\x01  v\x02.\x02.\x02\",\"updatedBy\":\"  v\x02.\x02.\x02\"}}";
const REASON: &[u8] = b"\"reason\":\"\x01: 0x\x03\"}}";

/// Writes the payload of `status` shaped by `template`, taking the numbers it
/// asks for from `args` in order (a missing one writes as 0).
fn render(
    buf: &mut [u8],
    status: JobStatus,
    reason: JobReason,
    template: &[u8],
    args: &[u32],
) -> Result<usize, StatusError> {
    let mut w = Writer::new(buf);
    w.bytes(b"{\"status\":\"")
        .bytes(status.as_str().as_bytes())
        .bytes(b"\",\"statusDetails\":{");
    let mut args = args.iter().copied();
    let mut rest = template;
    while !rest.is_empty() {
        // Text up to the next placeholder goes out in one piece.
        let text = rest.iter().take_while(|&&b| b >= 0x20).count();
        let (run, tail) = rest.split_at_checked(text).unwrap_or((rest, &[]));
        w.bytes(run);
        let Some((&code, tail)) = tail.split_first() else {
            break;
        };
        rest = tail;
        match code {
            T_REASON => w.bytes(reason.as_str().as_bytes()),
            T_DEC => w.dec(args.next().unwrap_or(0)),
            T_HEX8 => w.hex8(args.next().unwrap_or(0)),
            // The templates use no other code.
            _ => &mut w,
        };
    }
    w.finish()
}

/// Download progress: `{"status":"IN_PROGRESS","statusDetails":{"receive":"<received>/<total>"}}`.
///
/// Always formats; use [`progress_due`] to decide whether to publish.
pub fn format_progress(buf: &mut [u8], received: u32, total: u32) -> Result<usize, StatusError> {
    render(
        buf,
        JobStatus::InProgress,
        JobReason::Receiving,
        PROGRESS,
        &[received, total],
    )
}

/// Self-test phase: `{"status":"IN_PROGRESS","statusDetails":{"self_test":"<reason>","updatedBy":"0x%08x"}}`
/// with the running firmware version. Upstream sends `ready` after the
/// signature check and `active` once the new image runs.
pub fn format_self_test(
    buf: &mut [u8],
    reason: JobReason,
    app_version: u32,
) -> Result<usize, StatusError> {
    render(
        buf,
        JobStatus::InProgress,
        reason,
        SELF_TEST,
        &[app_version],
    )
}

/// Numeric failure: `{"status":"FAILED","statusDetails":{"reason":"0x%08x: 0x%08x"}}`.
pub fn format_failed_with_val(
    buf: &mut [u8],
    reason: u32,
    sub_reason: u32,
) -> Result<usize, StatusError> {
    render(
        buf,
        JobStatus::FailedWithVal,
        JobReason::Receiving,
        FAILED_WITH_VAL,
        &[reason, sub_reason],
    )
}

/// Success: `{"status":"SUCCEEDED","statusDetails":{"reason":"<reason>  vM.m.b","updatedBy":"  vM.m.b"}}`,
/// first the accepted version (for non-firmware files upstream passes the
/// file type here, giving `v0.0.<type>`), then the updater's version.
pub fn format_succeeded(
    buf: &mut [u8],
    reason: JobReason,
    new_version: u32,
    updater_version: u32,
) -> Result<usize, StatusError> {
    let parts = |v: u32| {
        let v = AppVersion32::from_u32(v);
        [u32::from(v.major), u32::from(v.minor), u32::from(v.build)]
    };
    let ([a1, a2, a3], [b1, b2, b3]) = (parts(new_version), parts(updater_version));
    render(
        buf,
        JobStatus::Succeeded,
        reason,
        SUCCEEDED,
        &[a1, a2, a3, b1, b2, b3],
    )
}

/// Failure or rejection with a reason string:
/// `{"status":"<status>","statusDetails":{"reason":"<reason>: 0x%08x"}}`.
///
/// Upstream only routes `Failed` and `Rejected` here; other statuses are
/// formatted the same way for completeness.
pub fn format_reason(
    buf: &mut [u8],
    status: JobStatus,
    reason: JobReason,
    sub_reason: u32,
) -> Result<usize, StatusError> {
    render(buf, status, reason, REASON, &[sub_reason])
}

/// Builds the payload upstream's `updateJobStatus` would publish, choosing
/// the shape from `status` and `reason` exactly as it does (see the module
/// table). Reason and sub-reason are the raw 32-bit values; negative values
/// are shown as their two's-complement hex.
///
/// Errors with [`StatusError::InvalidReason`] when the shape needs a reason
/// string and `reason` is outside `0..=5` (upstream would read past its
/// string table).
pub fn format_job_status(
    buf: &mut [u8],
    status: JobStatus,
    reason: i32,
    sub_reason: i32,
    ctx: &StatusContext,
) -> Result<usize, StatusError> {
    let named = || JobReason::from_code(reason).ok_or(StatusError::InvalidReason);
    match status {
        JobStatus::InProgress => match named()? {
            JobReason::Receiving => format_progress(buf, ctx.blocks_received, ctx.blocks_total),
            r => format_self_test(buf, r, ctx.app_version),
        },
        JobStatus::FailedWithVal => format_failed_with_val(buf, reason as u32, sub_reason as u32),
        JobStatus::Succeeded => {
            format_succeeded(buf, named()?, sub_reason as u32, ctx.updater_version)
        }
        JobStatus::Failed | JobStatus::Rejected => {
            format_reason(buf, status, named()?, sub_reason as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn job(
        status: JobStatus,
        reason: i32,
        sub: i32,
        ctx: &StatusContext,
    ) -> Result<Vec<u8>, StatusError> {
        let mut buf = [0u8; STATUS_MSG_MAX_SIZE];
        format_job_status(&mut buf, status, reason, sub, ctx).map(|n| buf[..n].to_vec())
    }

    const CTX: StatusContext = StatusContext {
        blocks_received: 1,
        blocks_total: 3,
        app_version: 0x0100_0002,
        updater_version: 0x0100_0001,
    };

    #[test]
    fn every_shape() {
        use JobStatus::*;
        let table: &[(JobStatus, i32, i32, &str)] = &[
            (
                InProgress,
                0,
                0,
                r#"{"status":"IN_PROGRESS","statusDetails":{"receive":"1/3"}}"#,
            ),
            (
                InProgress,
                1,
                0,
                r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"ready","updatedBy":"0x01000002"}}"#,
            ),
            (
                InProgress,
                2,
                0,
                r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"active","updatedBy":"0x01000002"}}"#,
            ),
            (
                InProgress,
                3,
                9,
                r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"accepted","updatedBy":"0x01000002"}}"#,
            ),
            (
                InProgress,
                4,
                9,
                r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"rejected","updatedBy":"0x01000002"}}"#,
            ),
            (
                InProgress,
                5,
                9,
                r#"{"status":"IN_PROGRESS","statusDetails":{"self_test":"aborted","updatedBy":"0x01000002"}}"#,
            ),
            (
                FailedWithVal,
                0xe3,
                0x12,
                r#"{"status":"FAILED","statusDetails":{"reason":"0x000000e3: 0x00000012"}}"#,
            ),
            (
                FailedWithVal,
                12,
                3,
                r#"{"status":"FAILED","statusDetails":{"reason":"0x0000000c: 0x00000003"}}"#,
            ),
            (
                FailedWithVal,
                -1,
                i32::MIN,
                r#"{"status":"FAILED","statusDetails":{"reason":"0xffffffff: 0x80000000"}}"#,
            ),
            (
                FailedWithVal,
                99,
                0,
                r#"{"status":"FAILED","statusDetails":{"reason":"0x00000063: 0x00000000"}}"#,
            ),
            (
                Succeeded,
                3,
                0x0100_0002,
                r#"{"status":"SUCCEEDED","statusDetails":{"reason":"accepted  v1.0.2","updatedBy":"  v1.0.1"}}"#,
            ),
            (
                Succeeded,
                3,
                7,
                r#"{"status":"SUCCEEDED","statusDetails":{"reason":"accepted  v0.0.7","updatedBy":"  v1.0.1"}}"#,
            ),
            (
                Succeeded,
                0,
                0x0203_0004,
                r#"{"status":"SUCCEEDED","statusDetails":{"reason":"  v2.3.4","updatedBy":"  v1.0.1"}}"#,
            ),
            (
                Succeeded,
                5,
                -1,
                r#"{"status":"SUCCEEDED","statusDetails":{"reason":"aborted  v255.255.65535","updatedBy":"  v1.0.1"}}"#,
            ),
            (
                Failed,
                4,
                0x11,
                r#"{"status":"FAILED","statusDetails":{"reason":"rejected: 0x00000011"}}"#,
            ),
            (
                Failed,
                5,
                0,
                r#"{"status":"FAILED","statusDetails":{"reason":"aborted: 0x00000000"}}"#,
            ),
            (
                Failed,
                0,
                2,
                r#"{"status":"FAILED","statusDetails":{"reason":": 0x00000002"}}"#,
            ),
            (
                Failed,
                1,
                2,
                r#"{"status":"FAILED","statusDetails":{"reason":"ready: 0x00000002"}}"#,
            ),
            (
                Rejected,
                4,
                17,
                r#"{"status":"REJECTED","statusDetails":{"reason":"rejected: 0x00000011"}}"#,
            ),
            (
                Rejected,
                2,
                -2,
                r#"{"status":"REJECTED","statusDetails":{"reason":"active: 0xfffffffe"}}"#,
            ),
            (
                Rejected,
                3,
                0,
                r#"{"status":"REJECTED","statusDetails":{"reason":"accepted: 0x00000000"}}"#,
            ),
        ];
        for &(status, reason, sub, want) in table {
            assert_eq!(
                job(status, reason, sub, &CTX).unwrap(),
                want.as_bytes(),
                "{status:?} {reason} {sub}"
            );
        }
    }

    #[test]
    fn zero_versions_are_rendered() {
        let ctx = StatusContext {
            updater_version: 0,
            ..CTX
        };
        assert_eq!(
            job(JobStatus::Succeeded, 3, 0x0100_0003, &ctx).unwrap(),
            br#"{"status":"SUCCEEDED","statusDetails":{"reason":"accepted  v1.0.3","updatedBy":"  v0.0.0"}}"#
        );
        let ctx = StatusContext {
            blocks_received: 0,
            blocks_total: 0,
            ..CTX
        };
        assert_eq!(
            job(JobStatus::InProgress, 0, 0, &ctx).unwrap(),
            br#"{"status":"IN_PROGRESS","statusDetails":{"receive":"0/0"}}"#
        );
    }

    #[test]
    fn invalid_reasons() {
        for s in [
            JobStatus::InProgress,
            JobStatus::Succeeded,
            JobStatus::Failed,
            JobStatus::Rejected,
        ] {
            for r in [-1, 6, i32::MAX, i32::MIN] {
                assert_eq!(job(s, r, 0, &CTX), Err(StatusError::InvalidReason));
            }
        }
        // FailedWithVal takes any numeric reason.
        assert!(job(JobStatus::FailedWithVal, 6, 0, &CTX).is_ok());
    }

    #[test]
    fn worst_case_fits_upstream_buffer() {
        let max = StatusContext {
            blocks_received: u32::MAX,
            blocks_total: u32::MAX,
            app_version: u32::MAX,
            updater_version: u32::MAX,
        };
        for s in 0..5 {
            for r in 0..6 {
                let status = JobStatus::from_code(s).unwrap();
                let n = job(status, r, -1, &max).unwrap().len();
                assert!(n <= STATUS_MSG_MAX_SIZE, "{status:?} {r}: {n}");
            }
        }
    }

    #[test]
    fn small_buffers_fail_cleanly() {
        let want = job(JobStatus::Succeeded, 3, 0x0100_0002, &CTX).unwrap();
        let mut buf = [0u8; STATUS_MSG_MAX_SIZE];
        for n in 0..want.len() {
            assert_eq!(
                format_job_status(&mut buf[..n], JobStatus::Succeeded, 3, 0x0100_0002, &CTX),
                Err(StatusError::BufferTooSmall)
            );
        }
        assert_eq!(
            format_job_status(
                &mut buf[..want.len()],
                JobStatus::Succeeded,
                3,
                0x0100_0002,
                &CTX
            ),
            Ok(want.len())
        );
        assert_eq!(
            format_progress(&mut [], 1, 1),
            Err(StatusError::BufferTooSmall)
        );
        assert_eq!(
            format_self_test(&mut [0; 10], JobReason::SigCheckPassed, 1),
            Err(StatusError::BufferTooSmall)
        );
        assert_eq!(
            format_failed_with_val(&mut [0; 40], 1, 1),
            Err(StatusError::BufferTooSmall)
        );
        assert_eq!(
            format_reason(&mut [0; 50], JobStatus::Failed, JobReason::Aborted, 1),
            Err(StatusError::BufferTooSmall)
        );
    }

    #[test]
    fn direct_builders() {
        let mut buf = [0u8; 128];
        let n = format_reason(&mut buf, JobStatus::InProgress, JobReason::Aborted, 1).unwrap();
        assert_eq!(
            &buf[..n],
            br#"{"status":"IN_PROGRESS","statusDetails":{"reason":"aborted: 0x00000001"}}"#
        );
        let n = format_progress(&mut buf, 64, 1024).unwrap();
        assert_eq!(
            &buf[..n],
            br#"{"status":"IN_PROGRESS","statusDetails":{"receive":"64/1024"}}"#
        );
    }

    #[test]
    fn progress_schedule() {
        assert!(progress_due(1, 64));
        assert!(!progress_due(2, 64));
        assert!(!progress_due(63, 64));
        assert!(progress_due(64, 64));
        assert!(progress_due(128, 64));
        assert!(progress_due(1, 0));
        assert!(!progress_due(64, 0));
        assert!(progress_due(5, 1));
        assert!(progress_due(u32::MAX, 1));
    }

    #[test]
    fn qos() {
        assert_eq!(status_qos(JobStatus::InProgress, 0), 0);
        assert_eq!(status_qos(JobStatus::InProgress, 1), 1);
        assert_eq!(status_qos(JobStatus::Failed, 0), 1);
        assert_eq!(status_qos(JobStatus::Succeeded, 3), 1);
    }

    #[test]
    fn codes() {
        for c in 0..5 {
            let s = JobStatus::from_code(c).unwrap();
            assert_eq!(s.code(), c);
        }
        assert_eq!(JobStatus::from_code(5), None);
        assert_eq!(JobStatus::from_code(-1), None);
        assert_eq!(JobStatus::FailedWithVal.as_str(), "FAILED");
        let strs: Vec<&str> = (0..6)
            .map(|c| JobReason::from_code(c).unwrap().as_str())
            .collect();
        assert_eq!(
            strs,
            ["", "ready", "active", "accepted", "rejected", "aborted"]
        );
        for c in 0..6 {
            assert_eq!(JobReason::from_code(c).unwrap().code(), c);
        }
        assert_eq!(JobReason::from_code(6), None);
        for e in [
            StatusError::BufferTooSmall,
            StatusError::InvalidReason,
            StatusError::InvalidName,
        ] {
            assert_eq!(std::format!("{e}"), e.description());
        }
    }

    #[test]
    fn app_version() {
        let v = AppVersion32::from_u32(0x0102_0304);
        assert_eq!(
            v,
            AppVersion32 {
                major: 1,
                minor: 2,
                build: 0x0304
            }
        );
        assert_eq!(v.to_u32(), 0x0102_0304);
        assert!(AppVersion32::from_u32(0x0200_0000) > AppVersion32::from_u32(0x01ff_ffff));
        assert_eq!(AppVersion32::default().to_u32(), 0);
    }

    #[test]
    fn never_panics_any_buffer() {
        let mut rng = super::super::test_rng::Rng::new(8);
        for _ in 0..50_000 {
            let ctx = StatusContext {
                blocks_received: rng.next_u32(),
                blocks_total: rng.next_u32(),
                app_version: rng.next_u32(),
                updater_version: rng.next_u32(),
            };
            let st = JobStatus::from_code(rng.below(5) as i32).unwrap();
            // Mostly valid reasons, sometimes anything.
            let reason = if rng.below(4) == 0 {
                rng.next_u32() as i32
            } else {
                rng.below(6) as i32
            };
            let sub = rng.next_u32() as i32;
            let size = rng.below(140);
            let mut buf = std::vec![0u8; size];
            if let Ok(n) = format_job_status(&mut buf, st, reason, sub, &ctx) {
                assert!(n <= size && n <= STATUS_MSG_MAX_SIZE);
                assert!(super::super::json::validate(&buf[..n]).is_ok());
            }
        }
    }
}
