//! `ota-cloud`: a local stand-in for the AWS IoT side of over-the-air updates.
//!
//! It talks to any MQTT 3.1.1 broker as an ordinary client and plays:
//! - **AWS IoT Jobs** (device MQTT API): `$next/get`, `start-next`, `get`,
//!   `<jobId>/get`, `<jobId>/update`, and `notify-next` announcements;
//! - **MQTT file streams**: CBOR GetStream requests answered block by block;
//! - **pre-signed S3 URLs**: HTTP range downloads from a built-in server.
//!
//! Jobs responses go to `.../accepted` and `.../rejected` topics; the device
//! gets them without subscribing only if the broker delivers them implicitly,
//! as AWS IoT does (use `ota-broker`, or mosquitto with the `ota_jobs_plugin`).
//!
//! ```no_run
//! use ota_cloud::{Cloud, CloudOptions, JobSpec};
//! use std::time::Duration;
//! let cloud = Cloud::start("127.0.0.1:1883", CloudOptions::default()).unwrap();
//! cloud.create_job("my-thing", JobSpec::new("job-1", vec![0u8; 10_000])).unwrap();
//! let status = cloud.wait_for_terminal("my-thing", "job-1", Duration::from_secs(60)).unwrap();
//! println!("{status}");
//! ```

pub mod base64;
pub mod cbor;
mod cloud;
pub mod der;
pub mod faults;
pub mod http;
pub mod jobs;
pub mod presign;
pub mod progress;
pub mod rng;
pub mod signing;
pub mod stats;
pub mod streams;
pub mod time;

pub use cloud::{Cloud, CloudError, CloudOptions, SERVICE_FILTERS, StreamRequestRecord};
pub use faults::Faults;
pub use jobs::{Execution, ExecutionStatus, JobSpec, Protocol, StatusUpdate};
pub use ota_broker::{self, QoS};
pub use stats::CloudStats;
