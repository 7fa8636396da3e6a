//! Tokens and headers: `X-Oracle-UserId` and `Authorization: Bearer` on every request, one
//! token for many concurrent requests, a refresh on expiry and one after a 401, both
//! documented token calls, and secrets kept out of `Debug`, errors and logs.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use appstore_client::testing::{
    AppStoreMock, CLIENT_ID, CLIENT_SECRET, SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID,
    TOKEN, USER_ID,
};
use appstore_client::{AppStoreClient, ClientCredentials, Token, TokenCall, TokenProvider};
use futures::TryStreamExt as _;
use pkgruntime::testing::Fault;
use pkgruntime::testing::capture_logs;
use pkgruntime::{Error, SecretString};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use support::header;

mod support;

#[tokio::test]
async fn both_headers_are_sent_on_every_request() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(45);
    let client = mock.client();
    let apps: Vec<_> = client
        .list_applications()
        .page_size(10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(apps.len(), 45);
    client.list_packages(10_001).send().await.unwrap();
    client.package(10_001, 1_000_001).send().await.unwrap();
    client.delete_package(10_001, 1_000_001).await.unwrap();

    let requests = mock.api_requests().await;
    // Without a reported total the short fifth page is confirmed by an empty sixth (it could
    // have been a server capping the page size).
    assert_eq!(requests.len(), 6 + 3, "six pages, then three calls");
    for request in &requests {
        assert_eq!(header(request, "x-oracle-userid"), USER_ID);
        assert_eq!(
            header(request, "authorization"),
            "Bearer mock-access-token-1"
        );
        assert_eq!(header(request, "accept"), "application/json");
    }
    // The token call carries the client credentials, not the user id.
    let [token_call] = mock.token_requests().await.try_into().unwrap();
    assert_eq!(token_call.method.as_str(), "GET");
    assert_eq!(token_call.url.path(), "/appstore/publisher/v1/authenticate");
    // base64("mock-client-id:mock-client-secret")
    assert_eq!(
        header(&token_call, "authorization"),
        "Basic bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0"
    );
    assert_eq!(header(&token_call, "x-oracle-userid"), "");
}

#[tokio::test]
async fn a_static_token_is_sent_as_is() {
    let mock = AppStoreMock::start().await;
    mock.client_builder()
        .token(TOKEN)
        .build()
        .unwrap()
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    let requests = mock.received_requests().await;
    assert_eq!(requests.len(), 1, "no token call");
    assert_eq!(
        header(&requests[0], "authorization"),
        format!("Bearer {TOKEN}")
    );
    assert_eq!(header(&requests[0], "x-oracle-userid"), USER_ID);
}

#[tokio::test]
async fn one_token_call_for_many_concurrent_requests() {
    let mock = AppStoreMock::start().await;
    // The token call is slow, so every request finds it in progress.
    mock.token_faults()
        .push(Fault::Latency(Duration::from_millis(200)));
    let client = mock.client();
    let calls = (0..40).map(|_| {
        client
            .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
            .send()
    });
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(mock.tokens_issued(), 1);
    assert_eq!(mock.token_requests().await.len(), 1);
    assert_eq!(mock.api_requests().await.len(), 40);
}

/// Issues `t-1`, `t-2`, … (which the mock does not know), counting calls.
#[derive(Debug)]
struct Counting {
    calls: Arc<AtomicU32>,
    token: Option<&'static str>,
}

#[async_trait::async_trait]
impl TokenProvider for Counting {
    async fn fetch_token(&self) -> Result<Token, Error> {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let secret = self.token.map_or_else(|| format!("t-{n}"), str::to_owned);
        Ok(Token::new(SecretString::from(secret)).expires_in(Duration::from_secs(3600)))
    }
}

#[tokio::test]
async fn a_custom_provider_is_called_once_for_concurrent_requests() {
    let mock = AppStoreMock::start().await;
    let calls = Arc::new(AtomicU32::new(0));
    let client = mock
        .client_builder()
        .token_provider(Counting {
            calls: Arc::clone(&calls),
            token: Some(TOKEN),
        })
        .build()
        .unwrap();
    let clone = client.clone();
    let calls_made = (0..25).map(|i| {
        let client = if i % 2 == 0 { &client } else { &clone };
        client.list_packages(SAMPLE_LISTING_VERSION_ID).send()
    });
    for result in futures::future::join_all(calls_made).await {
        result.unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1, "clones share the token");
}

#[tokio::test]
async fn an_expired_token_is_replaced_before_the_next_request() {
    let mock = AppStoreMock::start().await;
    // expires_in 0: every token is already due for renewal when the next request goes out.
    mock.set_token_lifetime(Some(0));
    let client = mock.client();
    for _ in 0..3 {
        client
            .list_packages(SAMPLE_LISTING_VERSION_ID)
            .send()
            .await
            .unwrap();
    }
    assert_eq!(mock.tokens_issued(), 3);
    let sent: Vec<String> = mock
        .api_requests()
        .await
        .iter()
        .map(|request| header(request, "authorization"))
        .collect();
    assert_eq!(
        sent,
        [
            "Bearer mock-access-token-1",
            "Bearer mock-access-token-2",
            "Bearer mock-access-token-3"
        ]
    );

    // A one-second token is due for renewal after 0.9 s: after a one-second pause the next
    // request fetches a new one.
    let mock = AppStoreMock::start().await;
    mock.set_token_lifetime(Some(1));
    let client = mock.client();
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(mock.tokens_issued(), 2, "refreshed on expiry");

    // Without expires_in the token is kept until the server refuses it.
    let mock = AppStoreMock::start().await;
    mock.set_token_lifetime(None);
    let client = mock.client();
    for _ in 0..3 {
        client
            .list_packages(SAMPLE_LISTING_VERSION_ID)
            .send()
            .await
            .unwrap();
    }
    assert_eq!(mock.tokens_issued(), 1);
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_resends() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    mock.revoke_tokens();
    let packages = client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(packages.len(), 1);
    assert_eq!(mock.tokens_issued(), 2);
    let sent: Vec<String> = mock
        .api_requests()
        .await
        .iter()
        .map(|request| header(request, "authorization"))
        .collect();
    assert_eq!(
        sent,
        [
            "Bearer mock-access-token-1",
            "Bearer mock-access-token-1",
            "Bearer mock-access-token-2"
        ]
    );

    // A burst of 401s for the same token causes one refresh.
    mock.revoke_tokens();
    let results = futures::future::join_all(
        (0..10).map(|_| client.list_packages(SAMPLE_LISTING_VERSION_ID).send()),
    )
    .await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(mock.tokens_issued(), 3);
}

#[tokio::test]
async fn a_second_401_is_an_auth_error_not_a_loop() {
    let mock = AppStoreMock::start().await;
    let calls = Arc::new(AtomicU32::new(0));
    let client = mock
        .client_builder()
        .token_provider(Counting {
            calls: Arc::clone(&calls),
            token: None,
        })
        .build()
        .unwrap();
    let error = client
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.message(), Some("Not Authorized"));
    assert_eq!(calls.load(Ordering::SeqCst), 2, "one refresh");
    assert_eq!(mock.api_requests().await.len(), 2, "sent once more, once");

    // A fixed token is not worth a refresh: one request, then the error.
    let mock = AppStoreMock::start().await;
    let client = mock
        .client_builder()
        .token("not-a-valid-token")
        .build()
        .unwrap();
    let error = client.list_packages(1).send().await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(mock.received_requests().await.len(), 1);
}

#[tokio::test]
async fn a_wrong_user_id_is_refused() {
    let mock = AppStoreMock::start().await;
    let client = mock
        .client_builder()
        .user_id("someone.else@example.com")
        .build()
        .unwrap();
    let error = client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth());
    assert_eq!(
        error.message(),
        Some("Not Authorized: unknown partner user")
    );
}

#[tokio::test]
async fn the_oauth2_token_call() {
    let mock = AppStoreMock::start().await;
    let credentials = mock.oauth2_credentials();
    assert_eq!(
        credentials.token_call(),
        &TokenCall::OAuth2 {
            identity_domain: "usoracle30650".into()
        }
    );
    let client = mock
        .client_builder()
        .token_provider(credentials)
        .build()
        .unwrap();
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    let [call] = mock.token_requests().await.try_into().unwrap();
    assert_eq!(call.method.as_str(), "POST");
    assert_eq!(call.url.path(), "/oam/oauth2/tokens");
    assert_eq!(call.url.query(), Some("grant_type=client_credentials"));
    assert_eq!(
        header(&call, "content-type"),
        "application/x-www-form-urlencoded; charset=UTF-8"
    );
    assert_eq!(
        header(&call, "x-user-identity-domain-name"),
        "usoracle30650"
    );
    assert!(header(&call, "authorization").starts_with("Basic "));
    assert!(call.body.is_empty());
    assert_eq!(mock.tokens_issued(), 1);

    // Another identity domain is refused by the mock, as the server would.
    let wrong = ClientCredentials::builder(CLIENT_ID, CLIENT_SECRET)
        .oauth2(format!("{}/oam/oauth2/tokens", mock.uri()))
        .identity_domain("other-domain")
        .build()
        .unwrap();
    let error = wrong.fetch_token().await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.message(), Some("Unknown identity domain"));
}

#[tokio::test]
async fn wrong_client_credentials_fail_before_any_api_request() {
    let mock = AppStoreMock::start().await;
    let client = mock
        .client_builder()
        .client_credentials(CLIENT_ID, "wrong-secret")
        .build()
        .unwrap();
    let error = client
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(
        error.to_string().contains("token endpoint refused"),
        "{error}"
    );
    assert!(mock.api_requests().await.is_empty());
    for text in [
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!text.contains("wrong-secret"), "{text}");
        // base64("mock-client-id:wrong-secret")
        assert!(
            !text.contains("bW9jay1jbGllbnQtaWQ6d3Jvbmctc2VjcmV0"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_failing_token_call_is_retried_then_reported() {
    let mock = AppStoreMock::start().await;
    mock.token_faults()
        .push(Fault::status(503).retry_after("0"));
    let client = mock.client();
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(mock.token_requests().await.len(), 2);

    let mock = AppStoreMock::start().await;
    mock.token_faults().push_times(&Fault::status(500), 3);
    let error = mock
        .client()
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(mock.token_requests().await.len(), 3, "three attempts");
    assert!(mock.api_requests().await.is_empty());

    // A token response without a token is an auth error that does not echo the body.
    let mock = AppStoreMock::start().await;
    mock.token_faults().push(Fault::ReplaceBody(
        br#"{"access_tok":"eyJsecret","expires_in":60}"#.to_vec(),
    ));
    let error = mock
        .client()
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth());
    assert!(!format!("{error:?}").contains("eyJsecret"));
}

#[tokio::test]
async fn tokens_never_show_in_debug_errors_or_logs() {
    let mock = AppStoreMock::start().await;
    let (guard, buffer) = capture_logs();
    let client: AppStoreClient = mock.client();
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    mock.revoke_tokens();
    mock.faults().push(Fault::status(503));
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    let error = client.list_packages(99).send().await.unwrap_err();
    tracing::debug!(?client, ?error, "done");
    drop(guard);
    let logs = buffer.text();
    assert!(logs.contains("pkgsdk.request"), "{logs}");
    for text in [format!("{client:?}"), format!("{error:?}"), logs] {
        for secret in [
            "mock-access-token",
            CLIENT_SECRET,
            "bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
