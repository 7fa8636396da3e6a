//! The transport against real local servers: TLS with certificates made in the test
//! (private CAs, host names, mutual TLS), proxies (a `CONNECT` tunnel, forwarded requests,
//! proxy credentials), and compressed responses (decoded, with the body limit applied to
//! the decoded size).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use flate2::Compression;
use flate2::write::GzEncoder;
use pkgmodel::Vendor;
use pkgruntime::testing::{ForwardProxy, TestCa, TlsProxy, capture_logs};
use pkgruntime::{ApiRequest, Error, RetryPolicy, Transport, TransportBuilder, TransportErrorKind};
use std::io::Write as _;

async fn mock() -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_string(r#"{"ok":true}"#))
        .mount(&server)
        .await;
    server
}

fn builder(endpoint: &str) -> TransportBuilder {
    Transport::builder(Vendor::Ocp)
        .endpoint(endpoint)
        .retry(RetryPolicy::disabled())
}

fn ping() -> ApiRequest {
    ApiRequest::get("ping").path(["ping"])
}

fn transport_error(error: &Error) -> (TransportErrorKind, String) {
    match error {
        Error::Transport(transport) => (transport.kind, error.to_string()),
        other => panic!("not a transport error: {other:?}"),
    }
}

#[tokio::test]
async fn a_private_ca_is_trusted_when_added_and_refused_with_a_fix_otherwise() {
    let server = mock().await;
    let ca = TestCa::new("pkgsdk private CA");
    let proxy = TlsProxy::start(&server.uri(), &ca.issue(&["localhost"]), None)
        .await
        .unwrap();

    // Trusted through the PEM, or through a PEM file.
    let trusted = builder(&proxy.uri())
        .add_root_certificate(ca.pem())
        .build()
        .unwrap();
    assert_eq!(
        &trusted.send(ping()).await.unwrap().body()[..],
        br#"{"ok":true}"#
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ca.pem");
    std::fs::write(&file, ca.pem()).unwrap();
    let from_file = builder(&proxy.uri())
        .root_certificates_pem_file(&file)
        .tls_built_in_roots(false)
        .build()
        .unwrap();
    from_file.send(ping()).await.unwrap();

    // Unknown CA: a transport error whose one line says what to do.
    let unknown = builder(&proxy.uri()).build().unwrap();
    let error = unknown.send(ping()).await.unwrap_err();
    let (kind, message) = transport_error(&error);
    assert_eq!(kind, TransportErrorKind::Connect);
    assert!(message.contains("certificate"), "{message}");
    assert!(message.contains("add_root_certificate"), "{message}");
    assert!(!message.contains('\n'));

    // Another CA's certificate does not help.
    let other = TestCa::new("another CA");
    let wrong = builder(&proxy.uri())
        .add_root_certificate(other.pem())
        .build()
        .unwrap();
    assert!(wrong.send(ping()).await.is_err());

    // Not PEM: refused when the client is built, naming the option.
    let error = builder(&proxy.uri())
        .add_root_certificate("not a certificate")
        .build()
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "add_root_certificate");
    let error = builder(&proxy.uri())
        .root_certificates_pem_file(dir.path().join("missing.pem"))
        .build()
        .unwrap_err();
    assert_eq!(
        error.invalid_field().unwrap().field,
        "root_certificates_pem_file"
    );
}

#[tokio::test]
async fn a_certificate_for_another_host_name_is_refused() {
    let server = mock().await;
    let ca = TestCa::new("pkgsdk private CA");
    let proxy = TlsProxy::start(&server.uri(), &ca.issue(&["ocp.example.com"]), None)
        .await
        .unwrap();
    let transport = builder(&proxy.uri())
        .add_root_certificate(ca.pem())
        .build()
        .unwrap();
    let error = transport.send(ping()).await.unwrap_err();
    let (kind, message) = transport_error(&error);
    assert_eq!(kind, TransportErrorKind::Connect);
    assert!(message.contains("host name"), "{message}");
}

#[tokio::test]
async fn mutual_tls_works_with_an_identity_and_is_refused_without() {
    let server = mock().await;
    let ca = TestCa::new("pkgsdk private CA");
    let proxy = TlsProxy::start(&server.uri(), &ca.issue(&["localhost"]), Some(&ca))
        .await
        .unwrap();
    let client = ca.issue(&["pkgsdk client"]);
    let with_identity = builder(&proxy.uri())
        .add_root_certificate(ca.pem())
        .identity_pem(&client.cert_pem, client.key_pem.clone())
        .build()
        .unwrap();
    with_identity.send(ping()).await.unwrap();
    assert!(!format!("{with_identity:?}").contains("PRIVATE KEY"));
    let without = builder(&proxy.uri())
        .add_root_certificate(ca.pem())
        .build()
        .unwrap();
    assert!(matches!(
        without.send(ping()).await,
        Err(Error::Transport(_))
    ));
    assert_eq!(
        proxy.handshakes(),
        1,
        "only the client with an identity got through"
    );
    let error = builder(&proxy.uri())
        .identity_pem("not pem", "not a key")
        .build()
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "identity_pem");
}

#[tokio::test]
async fn accepting_invalid_certificates_is_possible_and_loud() {
    let server = mock().await;
    let ca = TestCa::new("pkgsdk private CA");
    let proxy = TlsProxy::start(&server.uri(), &ca.issue(&["elsewhere.example"]), None)
        .await
        .unwrap();
    let (_guard, logs) = capture_logs();
    let transport = builder(&proxy.uri())
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    transport.send(ping()).await.unwrap();
    let _second_client = builder(&proxy.uri()).build().unwrap();
    let warnings = logs.text();
    assert_eq!(
        warnings.matches("verification is OFF").count(),
        1,
        "{warnings}"
    );
    assert!(warnings.contains("WARN"), "{warnings}");
}

#[tokio::test]
async fn tls_and_proxy_options_do_not_mix_with_your_own_client() {
    let error = builder("https://h")
        .http_client(reqwest::Client::new())
        .add_root_certificate("x")
        .build()
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "http_client");
}

#[tokio::test]
async fn an_explicit_proxy_forwards_http_and_tunnels_https_with_its_credentials() {
    let server = mock().await;
    let proxy = ForwardProxy::start().await.unwrap();
    proxy.require_basic("squid", "pr0xy-pass");

    // Plain http: the proxy forwards the absolute-form request.
    let without = builder(&server.uri()).proxy(proxy.uri()).build().unwrap();
    let error = without.send(ping()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(407), "{error}");
    let with = builder(&server.uri())
        .proxy(proxy.uri())
        .proxy_credentials("squid", "pr0xy-pass")
        .build()
        .unwrap();
    with.send(ping()).await.unwrap();
    // Credentials in the URL work the same, and never print.
    let in_url = proxy.uri().replace("http://", "http://squid:pr0xy-pass@");
    let from_url = builder(&server.uri()).proxy(in_url).build().unwrap();
    from_url.send(ping()).await.unwrap();
    assert!(!format!("{from_url:?}").contains("pr0xy-pass"));

    // https: a CONNECT tunnel to the TLS server, verified end to end.
    let ca = TestCa::new("pkgsdk private CA");
    let tls = TlsProxy::start(&server.uri(), &ca.issue(&["localhost"]), None)
        .await
        .unwrap();
    let tunnelled = builder(&tls.uri())
        .add_root_certificate(ca.pem())
        .proxy(proxy.uri())
        .proxy_credentials("squid", "pr0xy-pass")
        .build()
        .unwrap();
    tunnelled.send(ping()).await.unwrap();

    let requests = proxy.requests();
    let basic = Some("Basic c3F1aWQ6cHIweHktcGFzcw==".to_owned());
    assert_eq!(requests.len(), 4, "{requests:?}");
    assert_eq!(requests[0].proxy_authorization, None);
    assert_eq!(requests[1].target, format!("{}/ping", server.uri()));
    assert_eq!(requests[1].proxy_authorization, basic);
    assert_eq!(requests[2].proxy_authorization, basic);
    assert_eq!(requests[3].method, "CONNECT");
    assert_eq!(requests[3].target, format!("localhost:{}", tls.port()));
    assert_eq!(requests[3].proxy_authorization, basic);

    let error = builder(&server.uri())
        .proxy("not a url")
        .build()
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "proxy");
    let error = builder(&server.uri())
        .proxy("ftp://user:s3cret@proxy")
        .build()
        .unwrap_err();
    assert!(!error.to_string().contains("s3cret"), "{error}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A mock answering every request with `body`, gzipped.
async fn gzip_server(body: &[u8]) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(gzip(body)),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn gzip_is_asked_for_and_decoded() {
    let body = format!(
        "[{}]",
        vec![r#"{"name":"oceanbase","size":1}"#; 2_000].join(",")
    );
    let server = gzip_server(body.as_bytes()).await;
    let transport = builder(&server.uri()).build().unwrap();
    let response = transport.send(ping()).await.unwrap();
    assert_eq!(response.body(), body.as_bytes());
    let requests = server.received_requests().await.unwrap();
    let accepted = requests[0].headers["accept-encoding"].to_str().unwrap();
    assert!(accepted.contains("gzip"), "{accepted}");
}

#[tokio::test]
async fn a_decompression_bomb_is_an_error_at_the_decoded_limit() {
    // 64 MiB of zeros compress to about 64 KiB.
    let server = gzip_server(&vec![0_u8; 64 << 20]).await;
    let transport = builder(&server.uri())
        .max_body_bytes(1 << 20)
        .build()
        .unwrap();
    let error = transport.send(ping()).await.unwrap_err();
    let (kind, message) = transport_error(&error);
    assert_eq!(kind, TransportErrorKind::BodyTooLarge, "{message}");
}
