//! The cloud stand-in against a scripted fake device, over the embedded broker.

mod common;

use common::{FakeDevice, WAIT, image, signature_ok};
use ota_cloud::ota_broker::{Broker, BrokerHandle};
use ota_cloud::signing::{self, SigningKey};
use ota_cloud::{Cloud, CloudOptions, ExecutionStatus, Faults, JobSpec, QoS};
use std::time::Duration;

fn setup(faults: Faults) -> (BrokerHandle, Cloud, SigningKey) {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let key = signing::generate_key();
    let options = CloudOptions {
        client_id: "cloud".into(),
        signing_key: Some(key.clone()),
        faults,
        ..CloudOptions::default()
    };
    let cloud = Cloud::start(("127.0.0.1", broker.port()), options).unwrap();
    (broker, cloud, key)
}

#[test]
fn mqtt_download_end_to_end() {
    let (broker, cloud, key) = setup(Faults::default());
    let img = image(50_000);
    cloud
        .create_job("thing-1", JobSpec::new("job-1", img.clone()))
        .unwrap();
    let mut dev = FakeDevice::connect(broker.port(), "thing-1");

    let answer = dev.next_get();
    let exec = &answer["execution"];
    assert_eq!(exec["jobId"], "job-1");
    assert_eq!(exec["status"], "QUEUED");
    assert_eq!(exec["versionNumber"], 1);
    assert_eq!(exec["executionNumber"], 1);
    assert!(exec["queuedAt"].is_u64() && exec["lastUpdatedAt"].is_u64());
    let ota = &exec["jobDocument"]["afr_ota"];
    assert_eq!(ota["protocols"], serde_json::json!(["MQTT"]));
    assert_eq!(ota["streamname"], "stream-job-1");
    assert_eq!(ota["files"][0]["filesize"], 50_000);
    assert_eq!(ota["files"][0]["fileid"], 0);
    assert!(ota["files"][0].get("update_data_url").is_none());

    let dl = dev.download_mqtt(exec, 1024, 8, 8);
    assert_eq!(dl.data, img);
    assert_eq!(dl.duplicates, 0);
    assert!(signature_ok(exec, key.verifying_key(), &dl.data));
    let (ok, _) = dev.update(
        "job-1",
        "IN_PROGRESS",
        &[("self_test", "ready"), ("updatedBy", "0x1000000")],
        QoS::AtLeastOnce,
    );
    assert!(ok);
    let (ok, _) = dev.update(
        "job-1",
        "SUCCEEDED",
        &[("reason", "accepted  v1.0.1"), ("updatedBy", "  v1.0.0")],
        QoS::AtLeastOnce,
    );
    assert!(ok);
    assert_eq!(
        cloud.wait_for_terminal("thing-1", "job-1", WAIT).unwrap(),
        ExecutionStatus::Succeeded
    );

    let history = cloud.status_history("thing-1", "job-1");
    let receives: Vec<&str> = history.iter().filter_map(|u| u.detail("receive")).collect();
    assert_eq!(
        receives,
        ["1/49", "8/49", "16/49", "24/49", "32/49", "40/49", "48/49"]
    );
    assert!(
        history[..7]
            .iter()
            .all(|u| u.status == "IN_PROGRESS" && u.accepted && u.qos == 0)
    );
    assert_eq!(history[7].detail("self_test"), Some("ready"));
    assert_eq!(history[8].status, "SUCCEEDED");
    assert_eq!(history[8].detail("reason"), Some("accepted  v1.0.1"));
    assert_eq!(history.len(), 9);

    let exec = cloud.execution("thing-1", "job-1").unwrap();
    assert_eq!(exec.version_number, 10);
    assert!(exec.started_at.is_some());
    let stats = cloud.stats();
    assert_eq!(stats.blocks_served, 49);
    assert_eq!(stats.stream_requests, dl.requests as u64);
    assert_eq!(stats.stream_bytes, 50_000);
    assert_eq!((stats.device_blocks, stats.device_blocks_total), (48, 49));
    let req = &cloud.stream_requests()[0];
    assert_eq!(
        req.request.as_ref().unwrap().bitmap.as_ref().unwrap().len(),
        7
    );

    // Nothing pending any more: the answer has no execution.
    let answer = dev.next_get();
    assert!(answer.get("execution").is_none(), "{answer}");
}

#[test]
fn faults_are_survivable_and_counted() {
    let faults = Faults {
        seed: 42,
        drop_rate: 0.2,
        duplicate_rate: 0.1,
        reorder: true,
        ignore_requests: 2,
        ..Faults::default()
    };
    let (broker, cloud, key) = setup(faults);
    let img = image(64 * 1024 + 100);
    cloud
        .create_job("thing-f", JobSpec::new("job-f", img.clone()))
        .unwrap();
    let mut dev = FakeDevice::connect(broker.port(), "thing-f");
    let answer = dev.next_get();
    let dl = dev.download_mqtt(&answer["execution"], 1024, 16, 16);
    assert_eq!(dl.data, img);
    assert!(signature_ok(
        &answer["execution"],
        key.verifying_key(),
        &dl.data
    ));
    let stats = cloud.stats();
    assert!(stats.blocks_dropped > 0, "{stats:?}");
    assert!(stats.blocks_duplicated > 0, "{stats:?}");
    assert!(stats.blocks_resent > 0, "{stats:?}");
    assert_eq!(stats.stream_requests_refused, 2);
    assert!(dl.duplicates > 0);
}

#[test]
fn corrupted_block_fails_the_signature_and_the_job() {
    let faults = Faults {
        corrupt_blocks: vec![1],
        ..Faults::default()
    };
    let (broker, cloud, key) = setup(faults);
    let img = image(10_000);
    cloud
        .create_job("thing-c", JobSpec::new("job-c", img.clone()))
        .unwrap();
    let mut dev = FakeDevice::connect(broker.port(), "thing-c");
    let answer = dev.next_get();
    let dl = dev.download_mqtt(&answer["execution"], 4096, 1, 1);
    assert_ne!(dl.data, img);
    assert_eq!(dl.data[..4096], img[..4096]);
    assert!(!signature_ok(
        &answer["execution"],
        key.verifying_key(),
        &dl.data
    ));
    dev.update(
        "job-c",
        "FAILED",
        &[("reason", "0x00000009: 0x00000000")],
        QoS::AtLeastOnce,
    );
    assert_eq!(
        cloud.wait_for_terminal("thing-c", "job-c", WAIT).unwrap(),
        ExecutionStatus::Failed
    );
    assert_eq!(cloud.stats().blocks_corrupted, 1);
}

#[test]
fn self_test_details_survive_a_reboot() {
    let (broker, cloud, _) = setup(Faults::default());
    cloud
        .create_job("thing-s", JobSpec::new("job-s", image(1000)))
        .unwrap();
    {
        let mut dev = FakeDevice::connect(broker.port(), "thing-s");
        dev.next_get();
        dev.update(
            "job-s",
            "IN_PROGRESS",
            &[("self_test", "ready"), ("updatedBy", "0x10000")],
            QoS::AtLeastOnce,
        );
        dev.client.disconnect();
    }
    // After the "reboot" the device asks again and finds its job in self-test.
    let mut dev = FakeDevice::connect(broker.port(), "thing-s");
    let answer = dev.next_get();
    let exec = &answer["execution"];
    assert_eq!(exec["status"], "IN_PROGRESS");
    assert_eq!(exec["statusDetails"]["self_test"], "ready");
    assert_eq!(exec["statusDetails"]["updatedBy"], "0x10000");
    assert!(exec["startedAt"].is_u64());
    dev.update(
        "job-s",
        "IN_PROGRESS",
        &[("self_test", "active"), ("updatedBy", "0x10000")],
        QoS::AtLeastOnce,
    );
    dev.update(
        "job-s",
        "SUCCEEDED",
        &[("reason", "accepted  v1.0.1")],
        QoS::AtLeastOnce,
    );
    assert_eq!(
        cloud.wait_for_terminal("thing-s", "job-s", WAIT).unwrap(),
        ExecutionStatus::Succeeded
    );
}

#[test]
fn notify_next_announces_created_queued_and_cancelled_jobs() {
    let (broker, cloud, _) = setup(Faults::default());
    let mut dev = FakeDevice::connect(broker.port(), "thing-n");
    let notify = "$aws/things/thing-n/jobs/notify-next";
    cloud
        .create_job("thing-n", JobSpec::new("job-a", image(300)))
        .unwrap();
    let n = dev.wait_json(notify);
    assert_eq!(n["execution"]["jobId"], "job-a");
    assert!(n["execution"]["jobDocument"]["afr_ota"].is_object());
    // A second job does not change "next": no announcement.
    cloud
        .create_job("thing-n", JobSpec::new("job-b", image(300)))
        .unwrap();
    assert!(dev.wait_topic(notify, Duration::from_millis(300)).is_none());
    // Finishing the first announces the second.
    dev.update("job-a", "SUCCEEDED", &[], QoS::AtLeastOnce);
    assert_eq!(dev.wait_json(notify)["execution"]["jobId"], "job-b");
    // Cancelling the second announces that nothing is left.
    cloud.cancel_job("thing-n", "job-b").unwrap();
    let n = dev.wait_json(notify);
    assert!(
        n.get("execution").is_none() && n["timestamp"].is_u64(),
        "{n}"
    );
    let (ok, answer) = dev.update("job-b", "IN_PROGRESS", &[], QoS::AtLeastOnce);
    assert!(!ok);
    assert_eq!(answer["code"], "TerminalStateReached");
    assert_eq!(answer["executionState"]["status"], "CANCELED");
    assert_eq!(
        cloud.wait_for_terminal("thing-n", "job-b", WAIT).unwrap(),
        ExecutionStatus::Canceled
    );
}

#[test]
fn bad_updates_are_rejected_and_recorded() {
    let (broker, cloud, _) = setup(Faults::default());
    cloud
        .create_job("thing-r", JobSpec::new("job-r", image(300)))
        .unwrap();
    let mut dev = FakeDevice::connect(broker.port(), "thing-r");
    let (ok, a) = dev.update("nope", "IN_PROGRESS", &[], QoS::AtLeastOnce);
    assert!(!ok);
    assert_eq!(a["code"], "ResourceNotFound");
    let (ok, a) = dev.update("job-r", "FINISHED", &[], QoS::AtLeastOnce);
    assert_eq!((ok, a["code"].as_str()), (false, Some("InvalidRequest")));
    let (ok, a) = dev.update_json(
        "job-r",
        serde_json::json!({"status":"IN_PROGRESS","expectedVersion":7}),
        QoS::AtLeastOnce,
    );
    assert_eq!((ok, a["code"].as_str()), (false, Some("VersionMismatch")));
    let (ok, a) = dev.update_json(
        "job-r",
        serde_json::json!({"status":"IN_PROGRESS","includeJobExecutionState":true,"includeJobDocument":true}),
        QoS::AtLeastOnce,
    );
    assert!(ok);
    assert_eq!(a["executionState"]["status"], "IN_PROGRESS");
    assert_eq!(a["executionState"]["versionNumber"], 2);
    assert_eq!(a["jobDocument"]["afr_ota"]["files"][0]["filesize"], 300);
    assert_eq!(
        cloud.status_history("thing-r", "nope")[0].error.as_deref(),
        Some("ResourceNotFound")
    );
    let h = cloud.status_history("thing-r", "job-r");
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].error.as_deref(), Some("InvalidRequest"));
    assert!(h[2].accepted);
    assert_eq!(cloud.stats().updates_rejected, 3);
    assert!(matches!(
        cloud.wait_for_terminal("thing-r", "job-r", Duration::from_millis(100)),
        Err(ota_cloud::CloudError::Timeout(Some(
            ExecutionStatus::InProgress
        )))
    ));
}

#[test]
fn custom_documents_and_raw_publish() {
    let (broker, cloud, _) = setup(Faults::default());
    let mut spec = JobSpec::new("custom-1", Vec::new());
    spec.document = Some(serde_json::json!({"operation": "reboot"}));
    cloud.create_job("thing-x", spec).unwrap();
    let mut dev = FakeDevice::connect(broker.port(), "thing-x");
    let a = dev.next_get();
    assert_eq!(
        a["execution"]["jobDocument"],
        serde_json::json!({"operation": "reboot"})
    );
    cloud
        .publish(
            "$aws/things/thing-x/jobs/notify-next",
            b"{\"timestamp\":1}",
            QoS::AtLeastOnce,
        )
        .unwrap();
    assert_eq!(
        dev.wait_json("$aws/things/thing-x/jobs/notify-next")["timestamp"],
        1
    );
    assert!(
        cloud
            .received_messages()
            .iter()
            .any(|m| m.topic.ends_with("$next/get"))
    );
}
