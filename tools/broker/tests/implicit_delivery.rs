//! The AWS IoT Jobs rule: responses reach the requester without a subscription.

use ota_broker::{Broker, BrokerOptions, Client, ClientOptions, Message, QoS};
use std::sync::mpsc::Receiver;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(3);
const QUIET: Duration = Duration::from_millis(200);
const GET: &str = "$aws/things/dev1/jobs/$next/get";
const ACCEPTED: &str = "$aws/things/dev1/jobs/$next/get/accepted";

fn connect(port: u16, id: &str) -> (Client, Receiver<Message>) {
    Client::connect(("127.0.0.1", port), ClientOptions::new(id)).expect("connect")
}

/// A stand-in service that answers every `$next/get` on `accepted`.
fn service(port: u16) -> (Client, Receiver<Message>) {
    let (svc, inbox) = connect(port, "service");
    svc.subscribe(&[("$aws/things/+/jobs/$next/get", QoS::AtLeastOnce)])
        .unwrap();
    (svc, inbox)
}

fn answer(svc: &Client, inbox: &Receiver<Message>) {
    let req = inbox
        .recv_timeout(WAIT)
        .expect("request reaches the service");
    assert_eq!(req.topic, GET);
    svc.publish(
        &format!("{}/accepted", req.topic),
        b"{\"clientToken\":\"1\"}",
        QoS::AtLeastOnce,
    )
    .unwrap();
}

#[test]
fn requester_gets_the_answer_without_subscribing() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let (svc, svc_inbox) = service(broker.port());
    let (dev, dev_inbox) = connect(broker.port(), "dev1-client");
    let (other, other_inbox) = connect(broker.port(), "bystander");
    other.subscribe(&[("#", QoS::AtLeastOnce)]).unwrap();
    dev.publish(GET, b"{\"clientToken\":\"1\"}", QoS::AtLeastOnce)
        .unwrap();
    answer(&svc, &svc_inbox);
    let m = dev_inbox.recv_timeout(WAIT).expect("implicit delivery");
    assert_eq!(m.topic, ACCEPTED);
    assert_eq!(m.qos, QoS::AtLeastOnce);
    assert!(dev_inbox.recv_timeout(QUIET).is_err(), "delivered once");
    assert!(
        other_inbox.recv_timeout(QUIET).is_err(),
        "`#` does not match $ topics"
    );
    assert!(
        broker
            .stats()
            .implicit
            .load(std::sync::atomic::Ordering::Relaxed)
            >= 1
    );
}

#[test]
fn subscribed_requester_gets_one_copy_and_subscribers_still_get_theirs() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let (svc, svc_inbox) = service(broker.port());
    let (dev, dev_inbox) = connect(broker.port(), "dev1-client");
    dev.subscribe(&[("$aws/things/dev1/jobs/#", QoS::AtMostOnce)])
        .unwrap();
    let (watcher, watcher_inbox) = connect(broker.port(), "watcher");
    watcher
        .subscribe(&[("$aws/things/+/jobs/+/get/accepted", QoS::AtLeastOnce)])
        .unwrap();
    dev.publish(GET, b"{}", QoS::AtLeastOnce).unwrap();
    // The device's own `#` subscription also matches its request.
    assert_eq!(dev_inbox.recv_timeout(WAIT).unwrap().topic, GET);
    answer(&svc, &svc_inbox);
    let m = dev_inbox.recv_timeout(WAIT).unwrap();
    assert_eq!((m.topic.as_str(), m.qos), (ACCEPTED, QoS::AtMostOnce));
    assert!(dev_inbox.recv_timeout(QUIET).is_err(), "never twice");
    assert_eq!(watcher_inbox.recv_timeout(WAIT).unwrap().topic, ACCEPTED);
}

#[test]
fn other_things_and_non_requesters_get_nothing() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let (svc, svc_inbox) = service(broker.port());
    let (dev, dev_inbox) = connect(broker.port(), "dev1-client");
    let (dev2, dev2_inbox) = connect(broker.port(), "dev2-client");
    dev2.publish("$aws/things/dev2/jobs/$next/get", b"{}", QoS::AtLeastOnce)
        .unwrap();
    svc_inbox.recv_timeout(WAIT).unwrap();
    dev.publish(GET, b"{}", QoS::AtLeastOnce).unwrap();
    answer(&svc, &svc_inbox);
    assert_eq!(dev_inbox.recv_timeout(WAIT).unwrap().topic, ACCEPTED);
    assert!(dev2_inbox.recv_timeout(QUIET).is_err());
    // notify-next is not a response: it needs a subscription.
    svc.publish("$aws/things/dev1/jobs/notify-next", b"{}", QoS::AtLeastOnce)
        .unwrap();
    assert!(dev_inbox.recv_timeout(QUIET).is_err());
}

#[test]
fn update_rejected_goes_to_the_last_requester() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let (svc, _) = connect(broker.port(), "service");
    let (dev, dev_inbox) = connect(broker.port(), "dev1-client");
    dev.publish(
        "$aws/things/dev1/jobs/job-7/update",
        b"{\"status\":\"IN_PROGRESS\"}",
        QoS::AtMostOnce,
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    svc.publish(
        "$aws/things/dev1/jobs/job-7/update/rejected",
        b"{}",
        QoS::AtLeastOnce,
    )
    .unwrap();
    assert_eq!(
        dev_inbox.recv_timeout(WAIT).unwrap().topic,
        "$aws/things/dev1/jobs/job-7/update/rejected"
    );
}

#[test]
fn hook_can_be_turned_off() {
    let options = BrokerOptions {
        aws_jobs_implicit_delivery: false,
        ..BrokerOptions::default()
    };
    let broker = Broker::start_with("127.0.0.1:0", options).unwrap();
    let (svc, svc_inbox) = service(broker.port());
    let (dev, dev_inbox) = connect(broker.port(), "dev1-client");
    dev.publish(GET, b"{}", QoS::AtLeastOnce).unwrap();
    answer(&svc, &svc_inbox);
    assert!(dev_inbox.recv_timeout(QUIET).is_err());
}
