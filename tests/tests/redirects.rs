//! Redirects, for every client and auth scheme, against real local servers: a redirect to
//! the endpoint's own origin is followed with the credentials applied afresh (the mocks
//! verify them: Basic, AccessKey and AK/SK signatures recomputed for the new request, IoTDA
//! and Oracle tokens, Digest answers); a redirect to another host (127.0.0.2) or another
//! port of the same host receives no credential and no vendor header; a redirect to
//! another scheme is refused with a message that names it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::too_many_lines
)]

use futures::future::BoxFuture;
use pkgsdk::Error;
use pkgsdk::appstore::testing as appstore_mock;
use pkgsdk::iotda::testing as iotda_mock;
use pkgsdk::iotda::{PackageType, SigningAlgorithm};
use pkgsdk::obcloud::testing as obcloud_mock;
use pkgsdk::ocp::OcpClient;
use pkgsdk::ocp::testing as ocp_mock;
use pkgsdk::runtime::testing::wiremock::{Mock, MockServer, ResponseTemplate, matchers};
use pkgsdk::runtime::{PORTABLE_HEADERS, TransportErrorKind};
use pkgsdk::runtime::{RetryPolicy, SecretString};
use pkgsdk::testing::{AppStoreMock, Fault, FaultQueue, IotdaMock, Location, ObCloudMock, OcpMock};
use std::net::TcpListener;

/// One client with one auth scheme: a call that fetches one page, and its mock's faults.
struct Subject {
    name: &'static str,
    faults: FaultQueue,
    call: Box<dyn Fn() -> BoxFuture<'static, Result<(), Error>> + Send + Sync>,
}

macro_rules! subject {
    ($name:expr, $faults:expr, $client:expr, |$c:ident| $call:expr) => {{
        let client = $client;
        Subject {
            name: $name,
            faults: $faults.clone(),
            call: Box::new(move || {
                let $c = client.clone();
                Box::pin(async move { $call.await.map(|_| ()) })
            }),
        }
    }};
}

/// Every client with every auth scheme its mock serves, without retries (a retry would
/// hide a redirect that went wrong), and the mocks (kept running).
async fn subjects() -> (
    Vec<Subject>,
    (OcpMock, IotdaMock, AppStoreMock, ObCloudMock),
) {
    let ocp = OcpMock::start().await;
    let iotda = IotdaMock::start().await;
    let appstore = AppStoreMock::start().await;
    let obcloud = ObCloudMock::start().await;
    let once = RetryPolicy::disabled;
    let software = || PackageType::SoftwarePackage;
    let subjects = vec![
        subject!(
            "OCP Basic",
            ocp.faults(),
            ocp.client_builder().retry(once()).build().unwrap(),
            |c| c.list_software_packages().send()
        ),
        subject!(
            "OCP AccessKey",
            ocp.faults(),
            OcpClient::builder()
                .endpoint(ocp.uri())
                .access_key(
                    ocp_mock::ACCESS_KEY_ID,
                    SecretString::from(ocp_mock::ACCESS_KEY_SECRET)
                )
                .retry(once())
                .build()
                .unwrap(),
            |c| c.list_software_packages().send()
        ),
        subject!(
            "IoTDA token",
            iotda.faults(),
            iotda
                .client_builder()
                .retry(once())
                .token(iotda_mock::TOKEN)
                .build()
                .unwrap(),
            |c| c.list_ota_packages(software()).send()
        ),
        subject!(
            "IoTDA IAM password",
            iotda.faults(),
            iotda
                .client_builder()
                .retry(once())
                .iam_endpoint(iotda.uri())
                .iam_password(
                    iotda_mock::IAM_USER,
                    iotda_mock::IAM_PASSWORD,
                    iotda_mock::IAM_DOMAIN,
                )
                .build()
                .unwrap(),
            |c| c.list_ota_packages(software()).send()
        ),
        subject!(
            "IoTDA SDK-HMAC-SHA256",
            iotda.faults(),
            iotda
                .client_builder()
                .retry(once())
                .access_key(iotda_mock::ACCESS_KEY_ID, iotda_mock::ACCESS_KEY_SECRET)
                .signing_algorithm(SigningAlgorithm::SdkHmacSha256)
                .build()
                .unwrap(),
            |c| c.list_ota_packages(software()).send()
        ),
        subject!(
            "IoTDA V11-HMAC-SHA256",
            iotda.faults(),
            iotda
                .client_builder()
                .retry(once())
                // `V11-HMAC-SHA256`, derived for a host that is not a regional endpoint.
                .access_key(iotda_mock::ACCESS_KEY_ID, iotda_mock::ACCESS_KEY_SECRET)
                .build()
                .unwrap(),
            |c| c.list_ota_packages(software()).send()
        ),
        subject!(
            "Oracle OAuth2",
            appstore.faults(),
            appstore.client_builder().retry(once()).build().unwrap(),
            |c| c.list_applications().send()
        ),
        subject!(
            "Oracle static token",
            appstore.faults(),
            appstore
                .client_builder()
                .retry(once())
                .token(appstore_mock::TOKEN)
                .build()
                .unwrap(),
            |c| c.list_applications().send()
        ),
        subject!(
            "OceanBase Cloud Digest",
            obcloud.faults(),
            obcloud.client_builder().retry(once()).build().unwrap(),
            |c| c.list_backup_sets(obcloud_mock::INSTANCE_ID).send()
        ),
    ];
    (subjects, (ocp, iotda, appstore, obcloud))
}

/// A server on `address` that answers every request with 404 and records them.
async fn trap(address: &str) -> MockServer {
    let server = MockServer::builder()
        .listener(TcpListener::bind(address).unwrap())
        .start()
        .await;
    Mock::given(matchers::any())
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_fresh_credentials() {
    let (subjects, _mocks) = subjects().await;
    for subject in &subjects {
        // A first call, so that every scheme holds its credentials (a token, a challenge).
        (subject.call)().await.unwrap();
        for status in [301, 302, 307, 308] {
            subject.faults.push(Fault::redirect(status, Location::Same));
            (subject.call)()
                .await
                .unwrap_or_else(|error| panic!("{} after a {status}: {error}", subject.name));
        }
        assert!(subject.faults.is_empty(), "{}", subject.name);
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_carries_no_credential_and_no_vendor_header() {
    let (subjects, _mocks) = subjects().await;
    // Another host, and the same host on another port.
    let elsewhere = [trap("127.0.0.2:0").await, trap("127.0.0.1:0").await];
    for subject in &subjects {
        (subject.call)().await.unwrap();
        for server in &elsewhere {
            subject
                .faults
                .push(Fault::redirect(302, Location::Origin(server.uri())));
            let error = (subject.call)().await.unwrap_err();
            assert_eq!(
                error.status().map(|s| s.as_u16()),
                Some(404),
                "{}: {error}",
                subject.name
            );
            let requests = server.received_requests().await.unwrap();
            let request = requests.last().unwrap();
            for name in request.headers.keys() {
                assert!(
                    PORTABLE_HEADERS.contains(name) || name == "host",
                    "{} sent `{name}` to {}",
                    subject.name,
                    server.uri()
                );
            }
            server.reset().await;
            Mock::given(matchers::any())
                .respond_with(ResponseTemplate::new(404))
                .mount(server)
                .await;
        }
    }
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_refused_naming_it() {
    let (subjects, _mocks) = subjects().await;
    for subject in &subjects {
        for (location, scheme) in [
            ("ftp://127.0.0.1/pub/package.rpm", "ftp:"),
            ("file:///etc/passwd", "file:"),
        ] {
            subject
                .faults
                .push(Fault::redirect(302, Location::Exactly(location.into())));
            let error = (subject.call)().await.unwrap_err();
            let Error::Transport(transport) = &error else {
                panic!("{}: {error:?}", subject.name)
            };
            assert_eq!(
                transport.kind,
                TransportErrorKind::Redirect,
                "{}",
                subject.name
            );
            let message = error.to_string();
            assert!(message.contains(scheme), "{}: {message}", subject.name);
        }
    }
}

#[tokio::test]
async fn a_redirect_loop_ends_with_an_error() {
    let (subjects, _mocks) = subjects().await;
    let subject = &subjects[0];
    subject
        .faults
        .push_times(&Fault::redirect(302, Location::Same), 20);
    let error = (subject.call)().await.unwrap_err();
    assert!(
        error.to_string().contains("more than 10 redirects"),
        "{error}"
    );
}

#[tokio::test]
async fn a_download_redirected_to_another_host_gets_no_credential_and_lands_verified() {
    let ocp = OcpMock::start().await;
    ocp.generate_catalog(3);
    let client = ocp
        .client_builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let package = client.find_software_package(2).await.unwrap().unwrap();
    // Object storage on another host, serving the file at the same path.
    let files = MockServer::builder()
        .listener(TcpListener::bind("127.0.0.2:0").unwrap())
        .start()
        .await;
    Mock::given(matchers::method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(ocp.file(2).unwrap()))
        .mount(&files)
        .await;
    ocp.faults()
        .push(Fault::redirect(302, Location::Origin(files.uri())));
    let mut bytes = Vec::new();
    let report = client
        .download(&package)
        .unwrap()
        .to_writer(&mut bytes)
        .await
        .unwrap();
    assert_eq!(Some(report.bytes), package.size);
    assert_eq!(bytes, ocp.file(2).unwrap());
    let requests = files.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    for name in requests[0].headers.keys() {
        assert!(
            PORTABLE_HEADERS.contains(name) || name == "host",
            "sent `{name}`"
        );
    }
}
