//! Publish/subscribe behaviour of the embedded broker.

use ota_broker::packet::{Connect, Packet};
use ota_broker::{Broker, BrokerOptions, Client, ClientOptions, Message, QoS};
use std::net::TcpStream;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(3);
const QUIET: Duration = Duration::from_millis(200);

fn connect(port: u16, id: &str) -> (Client, Receiver<Message>) {
    Client::connect(("127.0.0.1", port), ClientOptions::new(id)).expect("connect")
}

#[test]
fn wildcard_subscriptions_and_qos_downgrade() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let (sub, inbox) = connect(broker.port(), "sub");
    assert_eq!(
        sub.subscribe(&[
            ("sensors/+/temp", QoS::AtMostOnce),
            ("cmd/#", QoS::AtLeastOnce)
        ])
        .unwrap(),
        vec![0, 1]
    );
    assert_eq!(
        sub.subscribe(&[("bad/#/x", QoS::AtMostOnce)]).unwrap(),
        vec![0x80]
    );
    let (publ, _) = connect(broker.port(), "pub");
    publ.publish("sensors/kitchen/temp", b"21", QoS::AtLeastOnce)
        .unwrap();
    publ.publish("sensors/kitchen/humidity", b"40", QoS::AtLeastOnce)
        .unwrap();
    publ.publish("cmd/a/b", b"go", QoS::AtLeastOnce).unwrap();
    publ.publish("cmd", b"root", QoS::AtMostOnce).unwrap();
    let m = inbox.recv_timeout(WAIT).unwrap();
    assert_eq!(
        (m.topic.as_str(), &m.payload[..], m.qos),
        ("sensors/kitchen/temp", &b"21"[..], QoS::AtMostOnce)
    );
    let m = inbox.recv_timeout(WAIT).unwrap();
    assert_eq!((m.topic.as_str(), m.qos), ("cmd/a/b", QoS::AtLeastOnce));
    let m = inbox.recv_timeout(WAIT).unwrap();
    assert_eq!((m.topic.as_str(), m.qos), ("cmd", QoS::AtMostOnce));
    assert!(inbox.recv_timeout(QUIET).is_err());

    sub.unsubscribe(&["cmd/#"]).unwrap();
    publ.publish("cmd/x", b"gone", QoS::AtLeastOnce).unwrap();
    assert!(inbox.recv_timeout(QUIET).is_err());
}

#[test]
fn dollar_topics_need_explicit_filters() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let (all, all_inbox) = connect(broker.port(), "all");
    all.subscribe(&[("#", QoS::AtLeastOnce), ("+/things/#", QoS::AtLeastOnce)])
        .unwrap();
    let (aws, aws_inbox) = connect(broker.port(), "aws");
    aws.subscribe(&[("$aws/things/+/streams/+/data/cbor", QoS::AtMostOnce)])
        .unwrap();
    let (publ, _) = connect(broker.port(), "pub");
    publ.publish(
        "$aws/things/t1/streams/s1/data/cbor",
        &[0xA1, 1, 2],
        QoS::AtLeastOnce,
    )
    .unwrap();
    let m = aws_inbox.recv_timeout(WAIT).unwrap();
    assert_eq!(m.topic, "$aws/things/t1/streams/s1/data/cbor");
    assert_eq!(m.payload, vec![0xA1, 1, 2]);
    assert!(all_inbox.recv_timeout(QUIET).is_err());
}

#[test]
fn large_payloads_and_many_clients() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let clients: Vec<_> = (0..40)
        .map(|i| {
            let (c, inbox) = connect(broker.port(), &format!("c{i}"));
            c.subscribe(&[("big", QoS::AtLeastOnce)]).unwrap();
            (c, inbox)
        })
        .collect();
    let payload: Vec<u8> = (0..256 * 1024).map(|i| (i % 251) as u8).collect();
    let (publ, _) = connect(broker.port(), "pub");
    publ.publish("big", &payload, QoS::AtLeastOnce).unwrap();
    for (_, inbox) in &clients {
        assert_eq!(inbox.recv_timeout(WAIT).unwrap().payload, payload);
    }
    assert_eq!(broker.client_count(), 41);
}

#[test]
fn ping_and_keep_alive_timeout() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", broker.port())).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    Packet::Connect(Connect {
        protocol_level: 4,
        client_id: "silent".into(),
        keep_alive: 1,
        clean_session: true,
    })
    .write_to(&mut s)
    .unwrap();
    assert!(matches!(
        Packet::read_from(&mut s, 64).unwrap(),
        Packet::Connack { code: 0, .. }
    ));
    Packet::Pingreq.write_to(&mut s).unwrap();
    assert_eq!(Packet::read_from(&mut s, 64).unwrap(), Packet::Pingresp);
    // Now stay silent: the broker must drop us after 1.5 x keep-alive.
    let start = Instant::now();
    let r = Packet::read_from(&mut s, 64);
    assert!(
        r.is_err(),
        "expected the broker to close the connection, got {r:?}"
    );
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(1200) && waited < Duration::from_millis(2900),
        "{waited:?}"
    );
}

#[test]
fn same_client_id_takes_over() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let (first, first_inbox) = connect(broker.port(), "dev");
    let (_second, _) = connect(broker.port(), "dev");
    assert!(first_inbox.recv_timeout(WAIT).is_err());
    let deadline = Instant::now() + WAIT;
    while first.is_connected() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!first.is_connected());
}

#[test]
fn slow_consumer_loses_qos0_but_publisher_goes_on() {
    let options = BrokerOptions {
        max_queued_bytes: 64 * 1024,
        ..BrokerOptions::default()
    };
    let broker = Broker::start_with("127.0.0.1:0", options).unwrap();
    // A raw client that subscribes and then never reads.
    let mut s = TcpStream::connect(("127.0.0.1", broker.port())).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    Packet::Connect(Connect {
        protocol_level: 4,
        client_id: "sleepy".into(),
        keep_alive: 0,
        clean_session: true,
    })
    .write_to(&mut s)
    .unwrap();
    Packet::read_from(&mut s, 64).unwrap();
    Packet::Subscribe {
        packet_id: 1,
        filters: vec![("flood".into(), QoS::AtMostOnce)],
    }
    .write_to(&mut s)
    .unwrap();
    Packet::read_from(&mut s, 64).unwrap();
    let (publ, _) = connect(broker.port(), "pub");
    let chunk = vec![0u8; 64 * 1024];
    let start = Instant::now();
    for _ in 0..400 {
        publ.publish("flood", &chunk, QoS::AtLeastOnce).unwrap();
    }
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(
        broker
            .stats()
            .dropped
            .load(std::sync::atomic::Ordering::Relaxed)
            > 0
    );
}
