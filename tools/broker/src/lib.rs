//! `ota-broker`: a small MQTT 3.1.1 broker (and client) for OTA tests and demos.
//!
//! The broker keeps clean sessions only, supports QoS 0 and 1 (QoS 2 is
//! accepted and served as QoS 1), `+`/`#` wildcards with the `$`-topic rule,
//! keep-alive and bounded per-client queues. It reproduces one AWS IoT
//! behaviour: a Jobs API response (`$aws/things/<thing>/jobs/.../accepted` or
//! `.../rejected`) is delivered to the client that last sent a Jobs request
//! for that thing, even without a subscription, and never twice.
//!
//! ```no_run
//! use ota_broker::{Broker, Client, ClientOptions, QoS};
//! let mut broker = Broker::start("127.0.0.1:0").unwrap();
//! let (client, inbox) = Client::connect(("127.0.0.1", broker.port()), ClientOptions::new("dev")).unwrap();
//! client.subscribe(&[("a/#", QoS::AtLeastOnce)]).unwrap();
//! client.publish("a/b", b"hi", QoS::AtLeastOnce).unwrap();
//! assert_eq!(inbox.recv().unwrap().payload, b"hi");
//! broker.stop();
//! ```

mod broker;
pub mod client;
pub mod packet;
pub mod queue;
mod router;
pub mod topic;

pub use broker::{Broker, BrokerHandle, BrokerOptions};
pub use client::{Client, ClientOptions, Message};
pub use packet::QoS;
pub use router::Stats;
