//! # ota: a drop-in replacement for the AWS IoT OTA C agent (v3.x)
//!
//! The crate builds `libota.a`, which C firmware links instead of the C agent's
//! sources, keeping its own `ota_config.h`, PAL, OS port and MQTT/HTTP glue.
//!
//! Map of the crate:
//! - [`agent`]: the OTA state machine. It owns no threads, clocks or sockets; it is
//!   driven one event at a time and talks to the platform only through the traits of
//!   [`port`].
//! - [`job`]: total parser for the MQTT job document, base64, and the job status
//!   payloads and topics the device publishes.
//! - [`stream`]: CBOR GetStream requests and data blocks (MQTT data plane), HTTP ranges.
//! - [`bitmap`]: which blocks are still needed.
//! - [`config`]: values from the application's `ota_config.h`, read at build time.
//! - `ffi` (private): the only module with `unsafe`: the exported `OTA_*` functions and
//!   the adapters that turn the C interface tables into [`port`] traits.
#![cfg_attr(not(any(test, ota_std)), no_std)]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[macro_use]
mod log;

pub mod agent;
pub mod bitmap;
/// Bounds-checked byte copies without panic paths (implemented in the FFI layer,
/// the only place `unsafe` is allowed).
pub mod bytes {
    pub use crate::ffi::bytes::{aligned_payload, copy, eq, move_to_front, prefix, zero};
}
pub mod config;
pub mod job;
pub mod port;
pub mod stream;
#[cfg(feature = "verify")]
pub mod verify;

mod ffi;
