//! AWS IoT Jobs control plane for the firmware-update agent: parsing the
//! job document the device receives and formatting what it publishes back.
//!
//! Everything here is `no_std`, allocation-free and zero-copy: parsers
//! borrow from the received message and formatters write into caller
//! buffers. Input from the network is untrusted; no function panics or
//! recurses on it, and nesting depth is bounded.
//!
//! - [`json`]: strict RFC 8259 scanner used by the parsers.
//! - [`doc`]: `afr_ota` job document parser ([`parse_job_document`]) and
//!   the custom-job fallback ([`find_custom_job`]).
//! - [`base64`]: the signature decoder ([`base64_decode`]).
//! - [`status`]: job status update payloads ([`format_job_status`]).
//! - [`topic`]: Jobs/Streams topic names and the `$next/get` request.
//!
//! Error enums carry `code()` methods giving the C library's numeric
//! values, for logs and for a C-compatible interface.

pub mod base64;
pub mod doc;
pub mod json;
pub mod status;
pub mod topic;
mod writer;

#[cfg(test)]
mod test_rng;

pub use base64::{Base64Error, base64_decode, max_decoded_len};
pub use doc::{
    CustomJob, DocParseError, JobDocument, find_custom_job, parse_job_document, parse_u32,
};
pub use json::{JsonError, JsonErrorKind, MAX_DEPTH, Scanner, Value, ValueKind};
pub use status::{
    AppVersion32, JobReason, JobStatus, STATUS_MSG_MAX_SIZE, StatusContext, StatusError,
    format_failed_with_val, format_job_status, format_progress, format_reason, format_self_test,
    format_succeeded, progress_due, status_qos,
};
pub use topic::{
    CLIENT_TOKEN_MAX_LEN, CLIENT_TOKEN_THING_MAX_LEN, job_update_topic, next_get_payload,
    next_get_topic, notify_next_topic, stream_data_topic, stream_get_topic,
};
