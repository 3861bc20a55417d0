//! mosquitto 2.0 with `ota_jobs_plugin`: implicit delivery of Jobs responses,
//! then the whole cloud flow against it.
//!
//! Skipped (with a SKIP line) when mosquitto or its plugin headers are missing,
//! except under `CI=true`, where they are required.

mod common;

use common::{FakeDevice, WAIT, image, signature_ok};
use ota_cloud::ota_broker::{Client, ClientOptions, QoS};
use ota_cloud::signing;
use ota_cloud::{Cloud, CloudOptions, ExecutionStatus, JobSpec};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const QUIET: Duration = Duration::from_millis(300);

fn mosquitto_binary() -> Option<PathBuf> {
    [
        "/usr/sbin/mosquitto",
        "/usr/local/sbin/mosquitto",
        "/usr/bin/mosquitto",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// A mosquitto process with the plugin on a free loopback port; killed on drop.
struct Mosquitto {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn required() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

fn skip_or_fail(why: &str) -> Option<Mosquitto> {
    assert!(
        !required(),
        "{why} (required when CI=true: apt-get install mosquitto mosquitto-dev)"
    );
    println!("SKIP: {why}");
    None
}

fn start(name: &str) -> Option<Mosquitto> {
    let Some(bin) = mosquitto_binary() else {
        return skip_or_fail("mosquitto is not installed");
    };
    if !Path::new("/usr/include/mosquitto_plugin.h").exists() {
        return skip_or_fail("mosquitto-dev (plugin headers) is not installed");
    }
    let dir = std::env::temp_dir().join(format!("ota-mosquitto-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mosquitto-plugin");
    let out = Command::new("make")
        .arg("-s")
        .arg("-C")
        .arg(&src)
        .arg(format!("OUT={}", dir.display()))
        .output()
        .expect("make runs");
    assert!(
        out.status.success(),
        "plugin build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = dir.join("mosquitto.conf");
    std::fs::write(
        &conf,
        format!(
            "listener {port} 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\npersistence false\nuser root\n\
             log_dest stderr\nplugin {}\n",
            dir.join("ota_jobs_plugin.so").display()
        ),
    )
    .unwrap();
    let log = std::fs::File::create(dir.join("mosquitto.log")).unwrap();
    let child = Command::new(bin)
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("mosquitto starts");
    let m = Mosquitto { child, port, dir };
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "mosquitto did not listen: {}",
            m.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(m)
}

impl Mosquitto {
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("mosquitto.log")).unwrap_or_default()
    }
    fn client(
        &self,
        id: &str,
    ) -> (
        Client,
        std::sync::mpsc::Receiver<ota_cloud::ota_broker::Message>,
    ) {
        // mosquitto may accept TCP a moment before it serves MQTT (plugin
        // start-up); retry briefly rather than fail on a reset connection.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match Client::connect(("127.0.0.1", self.port), ClientOptions::new(id)) {
                Ok(c) => return c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => panic!("connect to mosquitto: {e:?}\n{}", self.log()),
            }
        }
    }
}

#[test]
fn plugin_delivers_jobs_answers_to_the_requester_once() {
    let Some(m) = start("implicit") else { return };
    let (svc, svc_inbox) = m.client("service");
    svc.subscribe(&[("$aws/things/+/jobs/$next/get", QoS::AtLeastOnce)])
        .unwrap();
    let (dev, dev_inbox) = m.client("dev1");
    let (sub_dev, sub_dev_inbox) = m.client("dev2");
    sub_dev
        .subscribe(&[("$aws/things/thing2/jobs/#", QoS::AtLeastOnce)])
        .unwrap();
    let (watch, watch_inbox) = m.client("watcher");
    watch.subscribe(&[("#", QoS::AtLeastOnce)]).unwrap();

    for (client, thing) in [(&dev, "thing1"), (&sub_dev, "thing2")] {
        let get = format!("$aws/things/{thing}/jobs/$next/get");
        client
            .publish(&get, b"{\"clientToken\":\"1\"}", QoS::AtLeastOnce)
            .unwrap();
        let req = svc_inbox
            .recv_timeout(WAIT)
            .expect("service sees the request");
        assert_eq!(req.topic, get);
        svc.publish(
            &format!("{get}/accepted"),
            thing.as_bytes(),
            QoS::AtLeastOnce,
        )
        .unwrap();
    }
    // dev1 never subscribed, yet gets its answer, exactly once.
    let a = dev_inbox
        .recv_timeout(WAIT)
        .expect("implicit delivery through mosquitto");
    assert_eq!(a.topic, "$aws/things/thing1/jobs/$next/get/accepted");
    assert_eq!(a.payload, b"thing1");
    assert!(
        dev_inbox.recv_timeout(QUIET).is_err(),
        "only one copy, only its own thing"
    );
    // dev2 subscribed: its own request echo, then one copy of the answer.
    let topics: Vec<String> = std::iter::from_fn(|| sub_dev_inbox.recv_timeout(QUIET).ok())
        .map(|m| m.topic)
        .collect();
    assert_eq!(
        topics,
        [
            "$aws/things/thing2/jobs/$next/get",
            "$aws/things/thing2/jobs/$next/get/accepted"
        ],
        "{}",
        m.log()
    );
    // `#` does not match $ topics.
    assert!(watch_inbox.recv_timeout(QUIET).is_err());
    // Normal topics are untouched.
    watch
        .publish("plain/topic", b"x", QoS::AtLeastOnce)
        .unwrap();
    assert_eq!(watch_inbox.recv_timeout(WAIT).unwrap().topic, "plain/topic");
}

#[test]
fn cloud_end_to_end_through_mosquitto() {
    let Some(m) = start("cloud") else { return };
    let key = signing::generate_key();
    let options = CloudOptions {
        client_id: "cloud".into(),
        signing_key: Some(key.clone()),
        ..CloudOptions::default()
    };
    let cloud = Cloud::start(("127.0.0.1", m.port), options).unwrap();
    let img = image(40_000);
    cloud
        .create_job("mthing", JobSpec::new("mjob", img.clone()))
        .unwrap();
    let mut dev = FakeDevice::connect(m.port, "mthing");
    let answer = dev.next_get();
    assert_eq!(answer["execution"]["jobId"], "mjob", "{}", m.log());
    let dl = dev.download_mqtt(&answer["execution"], 4096, 4, 4);
    assert_eq!(dl.data, img);
    assert!(signature_ok(
        &answer["execution"],
        key.verifying_key(),
        &dl.data
    ));
    let (ok, _) = dev.update(
        "mjob",
        "SUCCEEDED",
        &[("reason", "accepted  v1.0.1")],
        QoS::AtLeastOnce,
    );
    assert!(ok);
    assert_eq!(
        cloud.wait_for_terminal("mthing", "mjob", WAIT).unwrap(),
        ExecutionStatus::Succeeded
    );
    let receives: Vec<String> = cloud
        .status_history("mthing", "mjob")
        .iter()
        .filter_map(|u| u.detail("receive").map(str::to_string))
        .collect();
    assert_eq!(receives, ["1/10", "4/10", "8/10"]);
}
