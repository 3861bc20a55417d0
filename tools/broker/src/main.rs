//! `ota-broker --port N [--bind ADDR] [--verbose] [--no-jobs-hook]`: runs the broker until killed.

use ota_broker::{Broker, BrokerOptions};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: ota-broker [--port N] [--bind ADDR] [--verbose] [--no-jobs-hook]
  --port N         TCP port (default 1883; 0 picks a free one)
  --bind ADDR      address to listen on (default 127.0.0.1)
  --verbose        log connections and subscriptions
  --no-jobs-hook   plain MQTT: no implicit delivery of AWS IoT Jobs responses";

fn main() -> ExitCode {
    let mut port: u16 = 1883;
    let mut bind = String::from("127.0.0.1");
    let mut options = BrokerOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => match args.next().and_then(|v| v.parse().ok()) {
                Some(p) => port = p,
                None => return usage("--port needs a number"),
            },
            "--bind" => match args.next() {
                Some(b) => bind = b,
                None => return usage("--bind needs an address"),
            },
            "--verbose" => options.verbose = true,
            "--no-jobs-hook" => options.aws_jobs_implicit_delivery = false,
            "-h" | "--help" => {
                let _ = writeln!(std::io::stdout(), "{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let broker = match Broker::start_with((bind.as_str(), port), options) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ota-broker: cannot listen on {bind}:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _ = writeln!(
        std::io::stdout(),
        "ota-broker: listening on {}",
        broker.addr()
    );
    loop {
        std::thread::park();
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("ota-broker: {msg}\n{USAGE}");
    ExitCode::from(2)
}
