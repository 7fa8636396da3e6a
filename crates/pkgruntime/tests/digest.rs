//! `DigestAuth` through the transport against a wiremock server guarded by the runtime's
//! `DigestVerifier`: one challenge per session, nonce reuse with increasing `nc` (also under
//! prefetch and concurrency), stale nonces, refusals, algorithm choice, `uri` with queries,
//! and secrets kept out of `Debug`, errors and logs.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use futures::TryStreamExt as _;
use pkgmodel::{Cursor, Page, Vendor};
use pkgruntime::testing::capture_logs;
use pkgruntime::testing::{
    ChallengeLayout, DigestCredentials, DigestVerifier, FaultInjector, FaultQueue, MockResponse,
    NcCheck, query_param,
};
use pkgruntime::{
    ApiRequest, BoxFuture, DigestAlgorithm, DigestAuth, Error, PageOptions, PageReport, PageSource,
    Pages, RetryPolicy, SecretString, Transport, next_page_number,
};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeSet;
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers};

const USER: &str = "AK-4f1c0e";
const PASSWORD: &str = "SK-hunter2-Very-Secret";
const REALM: &str = "api";
/// Items in the mock catalogue, and per page: 10 pages.
const ITEMS: usize = 50;
const PAGE_SIZE: u32 = 5;

fn verifier() -> DigestVerifier {
    DigestVerifier::new(USER, SecretString::from(PASSWORD))
}

fn auth() -> DigestAuth {
    DigestAuth::new(USER, SecretString::from(PASSWORD))
}

/// A server behind `verifier`: `/api/v2/packages/page-<n>.json?pageSize=<s>` serves page
/// `n` of the catalogue; any other path answers `{"ok": true}`.
async fn server(verifier: &DigestVerifier) -> MockServer {
    let server = MockServer::start().await;
    let handler = |request: &Request| {
        let Some(page) = request
            .url
            .path()
            .strip_prefix("/api/v2/packages/page-")
            .and_then(|rest| rest.strip_suffix(".json"))
            .and_then(|number| number.parse::<usize>().ok())
        else {
            return MockResponse::json(200, &json!({"ok": true}));
        };
        let size = query_param(request, "pageSize")
            .and_then(|size| size.parse::<usize>().ok())
            .unwrap_or(10);
        let items: Vec<String> = (0..ITEMS)
            .skip((page - 1) * size)
            .take(size)
            .map(|i| format!("pkg-{i:03}"))
            .collect();
        MockResponse::json(
            200,
            &json!({"items": items, "number": page, "totalPages": ITEMS.div_ceil(size), "total": ITEMS}),
        )
    };
    Mock::given(matchers::any())
        .respond_with(FaultInjector::new(
            verifier.protect(handler),
            FaultQueue::new(),
        ))
        .mount(&server)
        .await;
    server
}

fn transport(server: &MockServer, auth: &DigestAuth) -> Transport {
    Transport::builder(Vendor::ObCloud)
        .endpoint(server.uri())
        .auth(auth.clone())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn thing() -> ApiRequest {
    ApiRequest::get("get_thing").path(["api", "v2", "thing"])
}

/// The Digest answer of each request the server received (`None`: no credentials).
async fn answers(server: &MockServer) -> Vec<Option<DigestCredentials>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(DigestCredentials::from_request)
        .collect()
}

#[derive(Deserialize)]
struct PageBody {
    items: Vec<String>,
    number: u64,
    #[serde(rename = "totalPages")]
    total_pages: u64,
    total: u64,
}

/// A page-number listing of the catalogue, the way a vendor client builds one.
struct ListPackages {
    transport: Transport,
}

impl PageSource for ListPackages {
    type Item = String;

    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::PageNumber {
            page: 1,
            size: PAGE_SIZE,
        })
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<String>, Error>> {
        let transport = self.transport.clone();
        let (page, size) = match cursor {
            Some(Cursor::PageNumber { page, size }) => (*page, *size),
            _ => (1, PAGE_SIZE),
        };
        Box::pin(async move {
            let request = ApiRequest::get("list_packages")
                .path(["api", "v2", "packages"])
                .path([format!("page-{page}.json")])
                .query("pageNumber", page)
                .query("pageSize", size);
            let body: PageBody = transport.send_json(request).await?;
            let report = PageReport {
                number: Some(body.number),
                size: None,
                total_pages: Some(body.total_pages),
                total_items: Some(body.total),
            };
            let next = next_page_number(page, size, body.items.len(), &report)?;
            Ok(Page::new(body.items, next, Some(body.total)))
        })
    }
}

async fn list_all(transport: &Transport, concurrency: usize) -> Vec<String> {
    let source = ListPackages {
        transport: transport.clone(),
    };
    Pages::new(source, PageOptions::default().concurrency(concurrency))
        .items()
        .try_collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_first_request_is_challenged_then_answered() {
    let verifier = verifier();
    let server = server(&verifier).await;
    let auth = auth();
    let response = transport(&server, &auth).send(thing()).await.unwrap();
    assert_eq!(
        response.json::<serde_json::Value>().unwrap(),
        json!({"ok": true})
    );

    let answers = answers(&server).await;
    assert_eq!(answers.len(), 2);
    assert!(
        answers[0].is_none(),
        "the first request carries no credentials"
    );
    let answer = answers[1].as_ref().unwrap();
    assert_eq!(answer.username, USER);
    assert_eq!(answer.realm, REALM);
    assert_eq!(answer.uri, "/api/v2/thing");
    assert_eq!(answer.algorithm.as_deref(), Some("MD5"));
    assert_eq!(answer.qop.as_deref(), Some("auth"));
    assert_eq!(answer.nc, Some(1));
    assert!(answer.opaque.is_some());
    assert_eq!(verifier.challenges_sent(), 1);
    assert_eq!(verifier.accepted(), 1);
    assert_eq!(verifier.rejections(), ["no Digest credentials"]);
    assert_eq!(auth.challenges_answered(), 1);
    assert_eq!(auth.algorithm(), Some(DigestAlgorithm::Md5));
}

#[tokio::test]
async fn sequential_requests_reuse_the_nonce_with_increasing_counts() {
    let verifier = verifier().nc_check(NcCheck::Increasing);
    let server = server(&verifier).await;
    let auth = auth();
    let transport = transport(&server, &auth);
    for _ in 0..10 {
        transport.send(thing()).await.unwrap();
    }
    let answers: Vec<DigestCredentials> = answers(&server).await.into_iter().flatten().collect();
    assert_eq!(answers.len(), 10);
    let counts: Vec<Option<u32>> = answers.iter().map(|answer| answer.nc).collect();
    assert_eq!(counts, (1..=10).map(Some).collect::<Vec<_>>());
    assert!(
        answers
            .iter()
            .all(|answer| answer.nonce == answers[0].nonce)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 11);
    assert_eq!(verifier.challenges_sent(), 1);
    assert_eq!(auth.challenges_answered(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prefetching_listing_costs_one_challenge_in_total() {
    let verifier = verifier();
    let server = server(&verifier).await;
    let auth = auth();
    let items = list_all(&transport(&server, &auth), 4).await;
    assert_eq!(items.len(), ITEMS);
    assert_eq!(items[49], "pkg-049");

    // 10 pages, 11 requests: the first page was challenged once, then every page (four at
    // a time) was answered up front with the one nonce and counts 1..=10, none reused.
    let answers: Vec<DigestCredentials> = answers(&server).await.into_iter().flatten().collect();
    assert_eq!(server.received_requests().await.unwrap().len(), 11);
    assert_eq!(answers.len(), 10);
    let nonces: BTreeSet<&str> = answers.iter().map(|a| a.nonce.as_str()).collect();
    assert_eq!(nonces.len(), 1);
    let counts: BTreeSet<u32> = answers.iter().map(|a| a.nc.unwrap()).collect();
    assert_eq!(counts, (1..=10).collect());
    assert_eq!(verifier.challenges_sent(), 1);
    assert_eq!(auth.challenges_answered(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_share_the_nonce_with_distinct_counts() {
    let verifier = verifier();
    let server = server(&verifier).await;
    let auth = auth();
    let transport = transport(&server, &auth);
    transport.send(thing()).await.unwrap();
    let calls = (0..32).map(|i| {
        let transport = transport.clone();
        tokio::spawn(async move { transport.send(thing().query("i", i)).await })
    });
    for call in futures::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    let answers: Vec<DigestCredentials> = answers(&server).await.into_iter().flatten().collect();
    assert_eq!(server.received_requests().await.unwrap().len(), 34);
    let counts: BTreeSet<u32> = answers.iter().map(|a| a.nc.unwrap()).collect();
    assert_eq!(
        counts,
        (1..=33).collect(),
        "33 answers, each with its own count"
    );
    assert_eq!(verifier.challenges_sent(), 1);
    assert_eq!(auth.challenges_answered(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_cold_requests_are_each_answered_without_reusing_a_count() {
    let verifier = verifier();
    let server = server(&verifier).await;
    let auth = auth();
    let transport = transport(&server, &auth);
    let calls = (0..8).map(|_| {
        let transport = transport.clone();
        tokio::spawn(async move { transport.send(thing()).await })
    });
    for call in futures::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    let answers: Vec<DigestCredentials> = answers(&server).await.into_iter().flatten().collect();
    assert_eq!(answers.len(), 8);
    let pairs: BTreeSet<(&str, u32)> = answers
        .iter()
        .map(|a| (a.nonce.as_str(), a.nc.unwrap()))
        .collect();
    assert_eq!(pairs.len(), 8, "no (nonce, nc) pair sent twice");
    // Each request sent before the first challenge was answered is challenged once.
    assert!((1..=8).contains(&verifier.challenges_sent()));
    assert_eq!(auth.challenges_answered(), verifier.challenges_sent());
    assert_eq!(verifier.accepted(), 8);
}

#[tokio::test]
async fn a_stale_nonce_is_renewed_silently_with_one_extra_request() {
    let verifier = verifier();
    let server = server(&verifier).await;
    let auth = auth();
    let transport = transport(&server, &auth);
    for _ in 0..3 {
        transport.send(thing()).await.unwrap();
    }
    verifier.make_stale();
    for _ in 0..3 {
        transport.send(thing()).await.unwrap();
    }
    // 6 calls: the first challenge, then one stale round trip.
    assert_eq!(server.received_requests().await.unwrap().len(), 8);
    assert_eq!(verifier.challenges_sent(), 2);
    assert_eq!(verifier.stale_challenges_sent(), 1);
    assert_eq!(
        verifier.rejections(),
        ["no Digest credentials", "stale nonce"]
    );
    assert_eq!(auth.challenges_answered(), 2);

    let answers: Vec<DigestCredentials> = answers(&server).await.into_iter().flatten().collect();
    let counts: Vec<u32> = answers.iter().map(|a| a.nc.unwrap()).collect();
    // The stale answer (nc 4) was refused; the new nonce counts from 1 again.
    assert_eq!(counts, [1, 2, 3, 4, 1, 2, 3]);
    assert_eq!(answers[3].nonce, answers[0].nonce);
    assert_ne!(answers[4].nonce, answers[0].nonce);
}

#[tokio::test]
async fn a_listing_renews_each_nonce_that_goes_stale() {
    // Each nonce is good for 3 answers: a 10-page listing needs the first challenge and a
    // stale renewal before pages 4, 7 and 10.
    let verifier = verifier().max_nonce_uses(3).nc_check(NcCheck::Increasing);
    let server = server(&verifier).await;
    let auth = auth();
    let items = list_all(&transport(&server, &auth), 1).await;
    assert_eq!(items.len(), ITEMS);
    assert_eq!(verifier.challenges_sent(), 4);
    assert_eq!(verifier.stale_challenges_sent(), 3);
    assert_eq!(auth.challenges_answered(), 4);
    assert_eq!(server.received_requests().await.unwrap().len(), 10 + 4);
}

#[tokio::test]
async fn a_wrong_password_fails_after_exactly_two_requests_and_never_loops() {
    let verifier = verifier();
    let server = server(&verifier).await;
    let auth = DigestAuth::new(USER, SecretString::from("not-the-password"));
    let transport = transport(&server, &auth);

    let error = transport.send(thing()).await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert_eq!(
        verifier.rejections(),
        ["no Digest credentials", "wrong response"]
    );

    // The next call answers with the nonce it has, is refused, and gives up at once.
    let error = transport.send(thing()).await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    // The refused nonce was dropped: the call after that starts with a fresh challenge.
    assert!(transport.send(thing()).await.unwrap_err().is_auth());
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
    assert_eq!(verifier.accepted(), 0);
}

#[tokio::test]
async fn a_refusal_of_an_answered_nonce_gives_up_and_the_next_call_recovers() {
    let verifier = verifier();
    let server = server(&verifier).await;
    let auth = auth();
    let transport = transport(&server, &auth);
    transport.send(thing()).await.unwrap();

    // A restarted server no longer knows the nonce: a plain 401, not stale.
    verifier.forget_nonces();
    let error = transport.send(thing()).await.unwrap_err();
    assert!(error.is_auth(), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    transport.send(thing()).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
    assert_eq!(
        verifier.rejections(),
        [
            "no Digest credentials",
            "unknown nonce",
            "no Digest credentials"
        ]
    );
}

#[tokio::test]
async fn the_strongest_offered_algorithm_is_answered() {
    use DigestAlgorithm::{Md5, Md5Sess, Sha256, Sha256Sess};
    for (offered, layout, expected) in [
        (vec![Md5, Sha256], ChallengeLayout::SeparateHeaders, Sha256),
        (vec![Sha256, Md5], ChallengeLayout::SeparateHeaders, Sha256),
        (vec![Md5, Sha256], ChallengeLayout::OneHeader, Sha256),
        (vec![Sha256, Md5], ChallengeLayout::OneHeader, Sha256),
        (vec![Md5Sess, Md5], ChallengeLayout::OneHeader, Md5Sess),
        (
            vec![Md5, Sha256Sess],
            ChallengeLayout::SeparateHeaders,
            Sha256Sess,
        ),
        (vec![Md5], ChallengeLayout::SeparateHeaders, Md5),
    ] {
        let verifier = verifier().algorithms(offered.clone()).layout(layout);
        let server = server(&verifier).await;
        let auth = auth();
        let transport = transport(&server, &auth);
        transport.send(thing()).await.unwrap();
        transport.send(thing()).await.unwrap();

        let case = format!("{offered:?} in {layout:?}");
        let received = server.received_requests().await.unwrap();
        let challenges = received.len() - 2;
        assert_eq!(challenges, 1, "{case}");
        let answers: Vec<DigestCredentials> =
            answers(&server).await.into_iter().flatten().collect();
        assert!(
            answers
                .iter()
                .all(|a| a.algorithm.as_deref() == Some(expected.as_str())),
            "{case}: {answers:?}"
        );
        assert_eq!(auth.algorithm(), Some(expected), "{case}");
    }
}

#[tokio::test]
async fn every_algorithm_and_its_sess_form_is_verified() {
    for algorithm in DigestAlgorithm::ALL {
        let verifier = verifier()
            .algorithm(algorithm)
            .nc_check(NcCheck::Increasing);
        let server = server(&verifier).await;
        let auth = auth();
        let transport = transport(&server, &auth);
        for _ in 0..3 {
            transport.send(thing()).await.unwrap();
        }
        assert_eq!(verifier.accepted(), 3, "{algorithm}");
        assert_eq!(verifier.challenges_sent(), 1, "{algorithm}");
        let answers: Vec<DigestCredentials> =
            answers(&server).await.into_iter().flatten().collect();
        assert!(
            answers
                .iter()
                .all(|a| a.algorithm.as_deref() == Some(algorithm.as_str()))
        );
    }
}

#[tokio::test]
async fn the_uri_is_the_request_target_with_its_query_string() {
    let verifier = verifier().algorithm(DigestAlgorithm::Sha256);
    let server = server(&verifier).await;
    let auth = auth();
    let transport = transport(&server, &auth);
    let requests = [
        ApiRequest::get("plain").path(["api", "v2", "instances"]),
        ApiRequest::get("query")
            .path(["api", "v2", "instances"])
            .query("requestId", "7d0c9a8e-1f0e-4c6b-9d55-3c2f0c1a2b3c")
            .query("instanceName", "ob prod/1 ü")
            .query("tagList", "k=v,k2=v2"),
        ApiRequest::get("segments")
            .path(["api", "v2", "instances", "ob 1/2?#", "backup"])
            .query("pageNumber", 2),
    ];
    for request in requests {
        transport.send(request).await.unwrap();
    }
    // The verifier refuses (400) an answer whose uri is not the received request-target;
    // check the values too.
    let received = server.received_requests().await.unwrap();
    let answered: Vec<(String, String)> = received
        .iter()
        .filter_map(|request| {
            let answer = DigestCredentials::from_request(request)?;
            let target = match request.url.query() {
                Some(query) => format!("{}?{query}", request.url.path()),
                None => request.url.path().to_owned(),
            };
            Some((answer.uri, target))
        })
        .collect();
    assert_eq!(answered.len(), 3);
    for (uri, target) in &answered {
        assert_eq!(uri, target);
    }
    assert_eq!(
        answered[1].0,
        "/api/v2/instances?requestId=7d0c9a8e-1f0e-4c6b-9d55-3c2f0c1a2b3c\
         &instanceName=ob%20prod%2F1%20%C3%BC&tagList=k%3Dv%2Ck2%3Dv2"
    );
    assert_eq!(
        answered[2].0,
        "/api/v2/instances/ob%201%2F2%3F%23/backup?pageNumber=2"
    );
    assert_eq!(verifier.accepted(), 3);
}

#[tokio::test]
async fn unusable_challenges_fail_with_an_auth_error_naming_why() {
    for (challenges, why) in [
        (
            vec![r#"Digest realm="api", nonce="n", algorithm=SHA3-256, qop="auth""#],
            r#"no supported algorithm (unknown algorithm "SHA3-256")"#,
        ),
        (
            vec![r#"Digest realm="api", nonce="n", algorithm=MD5, qop="auth-int""#],
            "no supported algorithm (MD5 with qop",
        ),
        (
            vec![r#"Basic realm="api""#, r#"Bearer realm="api""#],
            "no Digest challenge (schemes offered: Basic, Bearer)",
        ),
        (vec![r#"Digest realm="api" nonce"#], "could not be parsed"),
        (vec![], "carries no WWW-Authenticate challenge"),
    ] {
        let server = MockServer::start().await;
        let mut template = ResponseTemplate::new(401).set_body_string("denied");
        for challenge in &challenges {
            template = template.append_header("www-authenticate", *challenge);
        }
        Mock::given(matchers::any())
            .respond_with(template)
            .mount(&server)
            .await;
        let auth = auth();
        let error = transport(&server, &auth).send(thing()).await.unwrap_err();
        let Error::Auth(auth_error) = &error else {
            panic!("{challenges:?}: not an auth error: {error:?}");
        };
        assert!(auth_error.message.contains(why), "{challenges:?}: {error}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
        assert!(error.to_string().starts_with("authentication failed: "));
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        assert_eq!(auth.challenges_answered(), 0);
    }
}

/// Every form in which the secret could leak: the password, `H(A1)` for each hash, and
/// each response hash the server received.
fn secret_forms(responses: &[String]) -> Vec<String> {
    use sha2::Digest as _;
    let a1 = format!("{USER}:{REALM}:{PASSWORD}");
    let mut forms = vec![
        PASSWORD.to_owned(),
        format!("{:x}", md5::Md5::digest(&a1)),
        format!("{:x}", sha2::Sha256::digest(&a1)),
    ];
    forms.extend(responses.iter().cloned());
    forms
}

#[tokio::test]
async fn secrets_never_reach_debug_errors_or_trace_logs() {
    let (_guard, logs) = capture_logs();
    let verifier = verifier().algorithms([DigestAlgorithm::Md5, DigestAlgorithm::Sha256]);
    let server = server(&verifier).await;
    let auth = auth();
    let transport = transport(&server, &auth);
    let mut texts = vec![
        format!("{auth:?}"),
        format!("{transport:?}"),
        format!("{verifier:?}"),
    ];

    // A listing, a stale renewal, and two refused calls with a wrong password, at TRACE.
    assert_eq!(list_all(&transport, 2).await.len(), ITEMS);
    verifier.make_stale();
    transport.send(thing()).await.unwrap();
    let wrong = DigestAuth::new(USER, SecretString::from(format!("{PASSWORD}-old")));
    let wrong = Transport::builder(Vendor::ObCloud)
        .endpoint(server.uri())
        .auth(wrong)
        .build()
        .unwrap();
    assert!(wrong.send(thing()).await.unwrap_err().is_auth());
    let error = wrong.send(thing()).await.unwrap_err();
    assert!(error.is_auth());
    texts.extend([
        error.to_string(),
        format!("{error:?}"),
        format!("{auth:?}"),
        format!("{verifier:?}"),
    ]);

    let answers: Vec<DigestCredentials> = answers(&server).await.into_iter().flatten().collect();
    assert!(answers.len() > 10);
    texts.extend(answers.iter().map(|answer| format!("{answer:?}")));
    let responses: Vec<String> = answers.iter().map(|a| a.response.clone()).collect();
    let logs = logs.text();
    assert!(logs.contains("pkgsdk.request"), "logs were captured");
    for event in [
        "answering a new Digest challenge",
        "the Digest nonce is stale",
        "the server refused the Digest credentials",
    ] {
        assert!(
            logs.contains(event),
            "the hook's events were captured: {event}"
        );
    }
    texts.push(logs);
    for text in &texts {
        for secret in secret_forms(&responses) {
            assert!(!text.contains(&secret), "leaks {secret}:\n{text}");
        }
    }
    assert!(texts[0].contains("password: [redacted]"), "{}", texts[0]);
}
