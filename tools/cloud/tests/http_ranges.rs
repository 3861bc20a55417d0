//! HTTP range downloads from pre-signed URLs.

mod common;

use common::{
    FakeDevice, WAIT, download_http, http_connect, http_get, image, signature_ok, split_url,
};
use ota_cloud::ota_broker::Broker;
use ota_cloud::signing;
use ota_cloud::{Cloud, CloudOptions, ExecutionStatus, Faults, JobSpec, Protocol, QoS};
use std::time::Duration;

fn http_job(cloud: &Cloud, thing: &str, job: &str, img: &[u8], expiry: u64) {
    let mut spec = JobSpec::new(job, img.to_vec());
    spec.protocols = vec![Protocol::Http];
    spec.url_expiry_secs = expiry;
    cloud.create_job(thing, spec).unwrap();
}

#[test]
fn http_job_end_to_end() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let key = signing::generate_key();
    let options = CloudOptions {
        signing_key: Some(key.clone()),
        ..CloudOptions::default()
    };
    let cloud = Cloud::start(("127.0.0.1", broker.port()), options).unwrap();
    let img = image(20_000);
    http_job(&cloud, "thing-h", "job-h", &img, 3600);
    let mut dev = FakeDevice::connect(broker.port(), "thing-h");
    let answer = dev.next_get();
    let file = &answer["execution"]["jobDocument"]["afr_ota"]["files"][0];
    assert_eq!(
        answer["execution"]["jobDocument"]["afr_ota"]["protocols"],
        serde_json::json!(["HTTP"])
    );
    assert_eq!(file["auth_scheme"], "aws.s3.presigned");
    let url = file["update_data_url"].as_str().unwrap();
    assert!(url.starts_with(&format!(
        "http://127.0.0.1:{}/ota/job-h.bin?",
        cloud.http_port().unwrap()
    )));
    assert!(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=3600"));
    let data = download_http(url, 20_000, 4096);
    assert_eq!(data, img);
    assert!(signature_ok(
        &answer["execution"],
        key.verifying_key(),
        &data
    ));
    dev.update(
        "job-h",
        "SUCCEEDED",
        &[("reason", "accepted  v1.0.1")],
        QoS::AtLeastOnce,
    );
    assert_eq!(
        cloud.wait_for_terminal("thing-h", "job-h", WAIT).unwrap(),
        ExecutionStatus::Succeeded
    );
    let stats = cloud.stats();
    assert_eq!(stats.http_requests, 5);
    assert_eq!(stats.http_bytes, 20_000);
    assert_eq!((stats.device_blocks, stats.device_blocks_total), (5, 5));
}

#[test]
fn ranges_errors_and_signatures() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let cloud = Cloud::start(("127.0.0.1", broker.port()), CloudOptions::default()).unwrap();
    let img = image(1000);
    http_job(&cloud, "t", "j", &img, 3600);
    let doc = cloud.job_document("t", "j").unwrap();
    let url = doc["afr_ota"]["files"][0]["update_data_url"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, target) = split_url(&url);
    let mut conn = http_connect(&url);
    // Several requests on one keep-alive connection.
    let r = http_get(&mut conn, &target, Some((0, 99))).unwrap();
    assert_eq!((r.status, r.body.len()), (206, 100));
    assert_eq!(r.header("Content-Range"), Some("bytes 0-99/1000"));
    let r = http_get(&mut conn, &target, Some((900, 5000))).unwrap();
    assert_eq!((r.status, &r.body[..]), (206, &img[900..]));
    let r = http_get(&mut conn, &target, None).unwrap();
    assert_eq!((r.status, r.body), (200, img.clone()));
    let r = http_get(&mut conn, &target, Some((1000, 1001))).unwrap();
    assert_eq!(r.status, 416);
    assert_eq!(r.header("Content-Range"), Some("bytes */1000"));
    // A wrong signature is refused, the connection stays usable.
    let forged = target.replace("X-Amz-Signature=", "X-Amz-Signature=0");
    let r = http_get(&mut conn, &forged, Some((0, 9))).unwrap();
    assert_eq!(r.status, 403);
    assert!(String::from_utf8_lossy(&r.body).contains("SignatureDoesNotMatch"));
    let unsigned = target.split('?').next().unwrap().to_string();
    assert_eq!(http_get(&mut conn, &unsigned, None).unwrap().status, 403);
    let other = target.replace("/ota/j.bin", "/ota/k.bin");
    assert_eq!(http_get(&mut conn, &other, None).unwrap().status, 403);
    assert_eq!(http_get(&mut conn, "/elsewhere", None).unwrap().status, 404);
    assert_eq!(
        http_get(&mut conn, &target, Some((5, 9))).unwrap().body,
        img[5..10]
    );
}

#[test]
fn expired_url_is_refused_and_a_fresh_one_works() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let cloud = Cloud::start(("127.0.0.1", broker.port()), CloudOptions::default()).unwrap();
    let img = image(500);
    http_job(&cloud, "t", "j", &img, 0);
    let doc = cloud.job_document("t", "j").unwrap();
    let url = doc["afr_ota"]["files"][0]["update_data_url"]
        .as_str()
        .unwrap()
        .to_string();
    std::thread::sleep(Duration::from_millis(1100));
    let (_, target) = split_url(&url);
    let r = http_get(&mut http_connect(&url), &target, Some((0, 9))).unwrap();
    assert_eq!(r.status, 403);
    assert!(String::from_utf8_lossy(&r.body).contains("expired"));
    // The job document is re-signed each time it is sent.
    let doc = cloud.job_document("t", "j").unwrap();
    let fresh = doc["afr_ota"]["files"][0]["update_data_url"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, target) = split_url(&fresh);
    assert_eq!(
        http_get(&mut http_connect(&fresh), &target, Some((0, 9)))
            .unwrap()
            .status,
        206
    );
}

#[test]
fn cut_responses_close_the_connection() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let options = CloudOptions {
        faults: Faults {
            http_cut_rate: 1.0,
            ..Faults::default()
        },
        ..CloudOptions::default()
    };
    let cloud = Cloud::start(("127.0.0.1", broker.port()), options).unwrap();
    http_job(&cloud, "t", "j", &image(4096), 3600);
    let doc = cloud.job_document("t", "j").unwrap();
    let url = doc["afr_ota"]["files"][0]["update_data_url"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, target) = split_url(&url);
    assert!(http_get(&mut http_connect(&url), &target, Some((0, 4095))).is_err());
    assert_eq!(cloud.stats().http_cut, 1);
    cloud.set_faults(Faults::default());
    assert_eq!(
        http_get(&mut http_connect(&url), &target, Some((0, 4095)))
            .unwrap()
            .body
            .len(),
        4096
    );
}

#[test]
fn http_jobs_need_the_server() {
    let broker = Broker::start("127.0.0.1:0").unwrap();
    let options = CloudOptions {
        http_addr: None,
        ..CloudOptions::default()
    };
    let cloud = Cloud::start(("127.0.0.1", broker.port()), options).unwrap();
    let mut spec = JobSpec::new("j", vec![1]);
    spec.protocols = vec![Protocol::Mqtt, Protocol::Http];
    assert!(matches!(
        cloud.create_job("t", spec),
        Err(ota_cloud::CloudError::NoHttpServer)
    ));
}
