//! HTTP Digest through the client, asserted on the requests the mock received: the
//! challenge and its answer, one nonce reused with increasing `nc` across pages (also when
//! prefetching), the strongest algorithm, a stale nonce renewed silently, a wrong secret
//! failing without a loop, and secrets kept out of `Debug`, errors and TRACE logs.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt as _;
use obcloud_client::BackupSet;
use obcloud_client::testing::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, INSTANCE_ID, ObCloudMock};
use pkgruntime::testing::{
    ChallengeLayout, DigestCredentials, DigestVerifier, Fault, NcCheck, capture_logs,
};
use pkgruntime::{DigestAlgorithm, Error, SecretString};
use std::collections::BTreeSet;

fn verifier() -> DigestVerifier {
    DigestVerifier::new(ACCESS_KEY_ID, SecretString::from(ACCESS_KEY_SECRET))
}

/// The Digest answer of each request the mock received (`None`: no credentials).
async fn digest_answers(mock: &ObCloudMock) -> Vec<Option<DigestCredentials>> {
    mock.received_requests()
        .await
        .iter()
        .map(DigestCredentials::from_request)
        .collect()
}

#[tokio::test]
async fn a_listing_costs_one_challenge_and_reuses_the_nonce_with_increasing_nc() {
    let mock = ObCloudMock::start_with(
        verifier()
            .nc_check(NcCheck::Increasing)
            .algorithms([DigestAlgorithm::Md5, DigestAlgorithm::Sha256]),
    )
    .await;
    mock.generate_catalog(50);
    let client = mock.client();
    let sets: Vec<BackupSet> = client
        .list_backup_sets(INSTANCE_ID)
        .page_size(10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sets.len(), 50);

    let answers = digest_answers(&mock).await;
    assert_eq!(
        answers.len(),
        1 + 5,
        "the challenged first request, then 5 pages"
    );
    assert!(
        answers[0].is_none(),
        "the first request goes without credentials"
    );
    let answered: Vec<&DigestCredentials> =
        answers[1..].iter().map(|a| a.as_ref().unwrap()).collect();
    let nonces: BTreeSet<&str> = answered.iter().map(|a| a.nonce.as_str()).collect();
    assert_eq!(nonces.len(), 1, "one nonce for the whole listing");
    assert_eq!(
        answered.iter().map(|a| a.nc).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(3), Some(4), Some(5)]
    );
    for answer in &answered {
        assert_eq!(answer.username, ACCESS_KEY_ID);
        assert_eq!(
            answer.algorithm.as_deref(),
            Some("SHA-256"),
            "the strongest offered"
        );
        assert_eq!(answer.qop.as_deref(), Some("auth"));
    }
    // The answer's uri is the request-target: path and query, requestId included.
    let received = mock.received_requests().await;
    for (request, answer) in received[1..].iter().zip(&answered) {
        let target = format!("{}?{}", request.url.path(), request.url.query().unwrap());
        assert_eq!(answer.uri, target);
        assert!(answer.uri.contains("requestId="), "{}", answer.uri);
    }
    // The first page's resend repeats the challenged request exactly.
    assert_eq!(received[0].url, received[1].url);
    assert_eq!(mock.verifier().challenges_sent(), 1);
    assert_eq!(mock.verifier().accepted(), 5);
    assert_eq!(client.digest_auth().challenges_answered(), 1);
    assert_eq!(
        client.digest_auth().algorithm(),
        Some(DigestAlgorithm::Sha256)
    );

    // Later calls on the same client need no challenge at all.
    client
        .get_backup_set(INSTANCE_ID, "bak-mock000007")
        .send()
        .await
        .unwrap();
    client.list_instances().send().await.unwrap();
    assert_eq!(mock.verifier().challenges_sent(), 1);
    let last = digest_answers(&mock).await.pop().flatten().unwrap();
    assert_eq!(last.nc, Some(7));
}

#[tokio::test]
async fn a_prefetching_listing_still_costs_exactly_one_challenge() {
    let mock = ObCloudMock::start().await; // nonce counts checked for uniqueness: any order
    mock.generate_catalog(200);
    let client = mock.client();
    let sets: Vec<BackupSet> = client
        .list_backup_sets(INSTANCE_ID)
        .page_size(10)
        .concurrency(6)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sets.len(), 200);
    assert_eq!(mock.verifier().challenges_sent(), 1);
    assert_eq!(client.digest_auth().challenges_answered(), 1);
    let answers = digest_answers(&mock).await;
    assert_eq!(answers.len(), 21);
    assert_eq!(answers.iter().filter(|a| a.is_none()).count(), 1);
    let counts: BTreeSet<u32> = answers.iter().flatten().filter_map(|a| a.nc).collect();
    assert_eq!(
        counts,
        (1..=20).collect(),
        "20 distinct nonce counts, none reused"
    );
}

#[tokio::test]
async fn each_algorithm_and_layout_is_answered() {
    for (offered, layout, expected) in [
        (
            vec![DigestAlgorithm::Md5],
            ChallengeLayout::SeparateHeaders,
            "MD5",
        ),
        (
            vec![DigestAlgorithm::Sha256],
            ChallengeLayout::SeparateHeaders,
            "SHA-256",
        ),
        (
            vec![DigestAlgorithm::Sha256, DigestAlgorithm::Md5],
            ChallengeLayout::OneHeader,
            "SHA-256",
        ),
        (
            vec![DigestAlgorithm::Md5Sess],
            ChallengeLayout::SeparateHeaders,
            "MD5-sess",
        ),
        (
            vec![DigestAlgorithm::Md5, DigestAlgorithm::Sha256Sess],
            ChallengeLayout::OneHeader,
            "SHA-256-sess",
        ),
    ] {
        let mock =
            ObCloudMock::start_with(verifier().algorithms(offered.clone()).layout(layout)).await;
        mock.generate_catalog(15);
        let sets: Vec<BackupSet> = mock
            .client()
            .list_backup_sets(INSTANCE_ID)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(sets.len(), 15, "{offered:?}");
        let answers = digest_answers(&mock).await;
        assert_eq!(answers.len(), 3, "{offered:?}");
        for answer in answers.iter().flatten() {
            assert_eq!(answer.algorithm.as_deref(), Some(expected), "{offered:?}");
        }
    }
}

#[tokio::test]
async fn a_stale_nonce_is_renewed_silently_mid_listing() {
    let mock = ObCloudMock::start_with(verifier().nc_check(NcCheck::Increasing)).await;
    mock.generate_catalog(60);
    let client = mock.client();
    let mut pages = client.list_backup_sets(INSTANCE_ID).page_size(10).pages();
    let mut count = 0;
    while let Some(page) = pages.try_next().await.unwrap() {
        count += page.items.len();
        if count == 20 {
            // The server expires the nonce: the next answer gets 401 with stale=true.
            mock.verifier().make_stale();
        }
    }
    assert_eq!(count, 60);
    assert_eq!(mock.verifier().challenges_sent(), 2);
    assert_eq!(mock.verifier().stale_challenges_sent(), 1);
    assert_eq!(client.digest_auth().challenges_answered(), 2);
    assert_eq!(
        mock.verifier().rejections(),
        ["no Digest credentials", "stale nonce"]
    );

    let answers = digest_answers(&mock).await;
    assert_eq!(
        answers.len(),
        1 + 6 + 1,
        "one extra round trip for the stale nonce"
    );
    let answered: Vec<&DigestCredentials> = answers.iter().flatten().collect();
    let first_nonce = &answered[0].nonce;
    // Pages 1 and 2 and the refused attempt at page 3 use the first nonce (nc 1–3); the
    // resend of page 3 and the rest use the new one, counting from 1 again.
    assert_eq!(
        answered
            .iter()
            .map(|a| (&a.nonce == first_nonce, a.nc))
            .collect::<Vec<_>>(),
        [
            (true, Some(1)),
            (true, Some(2)),
            (true, Some(3)),
            (false, Some(1)),
            (false, Some(2)),
            (false, Some(3)),
            (false, Some(4)),
        ]
    );
}

#[tokio::test]
async fn nonces_used_up_by_the_server_cost_one_round_trip_each() {
    let mock = ObCloudMock::start_with(verifier().max_nonce_uses(4)).await;
    mock.generate_catalog(100);
    let client = mock.client();
    let sets: Vec<BackupSet> = client
        .list_backup_sets(INSTANCE_ID)
        .page_size(10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sets.len(), 100);
    // 10 pages, 4 per nonce: nonces for pages 1–4, 5–8, 9–10; two of them renewed as stale.
    assert_eq!(mock.verifier().stale_challenges_sent(), 2);
    assert_eq!(mock.verifier().challenges_sent(), 3);
    assert_eq!(client.digest_auth().challenges_answered(), 3);
    assert_eq!(mock.received_requests().await.len(), 10 + 3);
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_error_never_a_loop() {
    let mock = ObCloudMock::start().await;
    let client = mock
        .client_builder()
        .access_key(ACCESS_KEY_ID, "wrong-secret")
        .build()
        .unwrap();
    let error = client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(!error.to_string().contains("wrong-secret"));
    assert!(!error.to_string().contains(ACCESS_KEY_SECRET));
    assert_eq!(
        mock.received_requests().await.len(),
        2,
        "the challenge, then the refused answer: no third try"
    );
    // The next call answers with the nonce it has, is refused, and gives up at once.
    let error = client
        .get_backup_set(INSTANCE_ID, "bak-7aqvtc4ugvuo")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth(), "{error}");
    assert_eq!(mock.received_requests().await.len(), 3);
    assert_eq!(
        mock.verifier().rejections(),
        ["no Digest credentials", "wrong response", "wrong response"]
    );
    // A listing stream ends at the error.
    let mut items = client.list_backup_sets(INSTANCE_ID).items();
    assert!(items.try_next().await.unwrap_err().is_auth());
    assert!(items.try_next().await.unwrap().is_none());

    // An unknown AccessKey id fails the same way.
    let stranger = mock
        .client_builder()
        .access_key("someone-else", ACCESS_KEY_SECRET)
        .build()
        .unwrap();
    assert!(
        stranger
            .list_instances()
            .send()
            .await
            .unwrap_err()
            .is_auth()
    );
}

#[tokio::test]
async fn secrets_never_reach_debug_errors_or_trace_logs() {
    let (_guard, logs) = capture_logs();
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(30);
    let client = mock.client();
    // A listing with a retried 503, a stale renewal, and two refused calls, at TRACE.
    mock.faults().push(Fault::status(503).retry_after("0"));
    let mut pages = client.list_backup_sets(INSTANCE_ID).pages();
    pages.try_next().await.unwrap();
    mock.verifier().make_stale();
    while pages.try_next().await.unwrap().is_some() {}
    let wrong = mock
        .client_builder()
        .access_key(ACCESS_KEY_ID, "wrong-secret-value")
        .build()
        .unwrap();
    assert!(wrong.list_instances().send().await.unwrap_err().is_auth());
    let error = wrong.list_instances().send().await.unwrap_err();
    assert_eq!(mock.verifier().stale_challenges_sent(), 1);

    let answers: Vec<DigestCredentials> =
        digest_answers(&mock).await.into_iter().flatten().collect();
    let logs = logs.text();
    assert!(logs.contains("pkgsdk.request"), "logs were captured");
    assert!(logs.contains("vendor=obcloud"), "{logs}");
    assert!(logs.contains("the Digest nonce is stale"));
    let texts = [
        logs,
        error.to_string(),
        format!("{error:?}"),
        format!("{client:?}"),
        format!("{:?}", client.digest_auth()),
        format!("{wrong:?}"),
        format!("{:?}", mock.client_builder()),
        format!("{mock:?}"),
    ];
    for text in &texts {
        for secret in [ACCESS_KEY_SECRET, "wrong-secret-value"] {
            assert!(!text.contains(secret), "leaks {secret}:\n{text}");
        }
        for answer in &answers {
            assert!(
                !text.contains(&answer.response),
                "leaks a response hash:\n{text}"
            );
        }
    }
}
