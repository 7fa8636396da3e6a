//! No secret in any output, per client: the `Debug` of every public type that holds
//! credentials, every error's `Display` and `Debug`, and everything `tracing` emits at TRACE
//! through a full listing with a retry and a refused call.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use futures::TryStreamExt as _;
use pkgsdk::runtime::testing::{LogBuffer, capture_logs};
use pkgsdk::runtime::{ExposeSecret as _, SecretString};
use pkgsdk::testing::{AppStoreMock, Fault, IotdaMock, ObCloudMock, OcpMock};

/// Everything one client's run printed or logged.
#[derive(Default)]
struct Output {
    texts: Vec<String>,
}

impl Output {
    fn debug(&mut self, value: &impl std::fmt::Debug) {
        self.texts.push(format!("{value:?}"));
    }

    fn error(&mut self, error: &pkgsdk::Error) {
        self.texts.push(error.to_string());
        self.texts.push(format!("{error:?}"));
    }

    /// Asserts that no secret, nor a derived form of one, appears anywhere; and that the
    /// logs really recorded the run.
    fn assert_clean(&self, logs: &LogBuffer, secrets: &[String]) {
        let logs = logs.text();
        assert!(
            logs.contains("pkgsdk.request"),
            "the TRACE logs were captured"
        );
        assert!(logs.contains("attempt"), "the retry was logged");
        for secret in secrets {
            assert!(secret.len() >= 8, "a secret worth looking for: {secret:?}");
            assert!(
                !logs.contains(secret.as_str()),
                "{secret} leaked into the logs"
            );
            for text in &self.texts {
                assert!(
                    !text.contains(secret.as_str()),
                    "{secret} leaked into: {text}"
                );
            }
        }
    }
}

#[tokio::test]
async fn ocp_credentials_never_appear() {
    use pkgsdk::ocp::testing::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, PASSWORD, USERNAME};
    use pkgsdk::ocp::{AccessKeySigner, Credentials, OcpClient};
    let mock = OcpMock::start().await;
    mock.generate_catalog(30);
    let (guard, logs) = capture_logs();
    let mut out = Output::default();

    out.debug(&Credentials::basic(USERNAME, PASSWORD));
    out.debug(&Credentials::access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET));
    out.debug(&AccessKeySigner::new(
        ACCESS_KEY_ID,
        SecretString::from(ACCESS_KEY_SECRET),
    ));
    let builder = mock.client_builder();
    out.debug(&builder);
    for client in [builder.build().unwrap(), mock.access_key_client()] {
        out.debug(&client);
        mock.faults().push(Fault::status(503));
        let all: Vec<_> = client
            .list_software_packages()
            .page_size(7)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all.len(), 30);
    }
    let wrong = OcpClient::builder()
        .endpoint(mock.uri())
        .basic_auth(USERNAME, "wrong-password-1")
        .build()
        .unwrap();
    out.error(&wrong.list_software_packages().send().await.unwrap_err());
    drop(guard);

    let basic = |password: &str| STANDARD.encode(format!("{USERNAME}:{password}"));
    out.assert_clean(
        &logs,
        &[
            PASSWORD.into(),
            ACCESS_KEY_SECRET.into(),
            "wrong-password-1".into(),
            basic(PASSWORD),
            basic("wrong-password-1"),
        ],
    );
}

#[tokio::test]
async fn iotda_credentials_never_appear() {
    use pkgsdk::iotda::testing::{
        ACCESS_KEY_ID, ACCESS_KEY_SECRET, IAM_DOMAIN, IAM_PASSWORD, IAM_USER, TOKEN,
    };
    use pkgsdk::iotda::{AkSkSigner, Credentials, IamPasswordToken, PackageType, SigningAlgorithm};
    let mock = IotdaMock::start().await;
    mock.generate_catalog(40);
    let (guard, logs) = capture_logs();
    let mut out = Output::default();

    out.debug(&AkSkSigner::new(
        ACCESS_KEY_ID,
        SecretString::from(ACCESS_KEY_SECRET),
        SigningAlgorithm::SdkHmacSha256,
    ));
    out.debug(
        &IamPasswordToken::builder()
            .endpoint(mock.uri())
            .project_name("cn-north-4")
            .user_name(IAM_USER)
            .password(IAM_PASSWORD)
            .domain_name(IAM_DOMAIN)
            .build()
            .unwrap(),
    );
    out.debug(&Credentials::Token(SecretString::from(TOKEN)));
    let builder = mock
        .client_builder()
        .access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    out.debug(&builder);
    for client in [builder.build().unwrap(), mock.client(), mock.iam_client()] {
        out.debug(&client);
        mock.faults().push(Fault::status(503));
        let all: Vec<_> = client
            .list_ota_packages(PackageType::FirmwarePackage)
            .page_size(6)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all.len(), 20);
    }
    let wrong = mock
        .client_builder()
        .access_key(ACCESS_KEY_ID, "wrong-secret-key-1")
        .build()
        .unwrap();
    out.error(
        &wrong
            .list_ota_packages(PackageType::FirmwarePackage)
            .send()
            .await
            .unwrap_err(),
    );
    drop(guard);

    out.assert_clean(
        &logs,
        &[
            ACCESS_KEY_SECRET.into(),
            TOKEN.into(),
            IAM_PASSWORD.into(),
            "wrong-secret-key-1".into(),
        ],
    );
}

#[tokio::test]
async fn oracle_credentials_and_tokens_never_appear() {
    use pkgsdk::appstore::testing::{CLIENT_SECRET, TOKEN};
    use pkgsdk::appstore::{StaticToken, TokenCache};
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(12);
    let (guard, logs) = capture_logs();
    let mut out = Output::default();

    out.debug(&mock.oauth2_credentials());
    out.debug(&StaticToken::new(SecretString::from(TOKEN)));
    out.debug(&TokenCache::new(StaticToken::new(SecretString::from(
        TOKEN,
    ))));
    let builder = mock.client_builder();
    out.debug(&builder);
    let client = builder.build().unwrap();
    let issued = client.token_cache().token().await.unwrap();
    out.debug(&client);
    for client in [client, mock.static_token_client()] {
        mock.faults().push(Fault::status(503));
        let all: Vec<_> = client
            .list_applications()
            .page_size(5)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert!(all.len() >= 12);
    }
    let wrong = mock
        .client_builder()
        .token("wrong-token-value-1")
        .build()
        .unwrap();
    out.error(&wrong.list_applications().send().await.unwrap_err());
    drop(guard);

    out.assert_clean(
        &logs,
        &[
            CLIENT_SECRET.into(),
            TOKEN.into(),
            issued.expose_secret().to_owned(),
            "wrong-token-value-1".into(),
        ],
    );
}

#[tokio::test]
async fn oceanbase_cloud_secrets_never_appear() {
    use pkgsdk::obcloud::ObCloudClient;
    use pkgsdk::obcloud::testing::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, INSTANCE_ID};
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(25);
    let (guard, logs) = capture_logs();
    let mut out = Output::default();

    let builder = mock.client_builder();
    out.debug(&builder);
    let client = builder.build().unwrap();
    out.debug(&client);
    out.debug(client.digest_auth());
    // One call answers the challenge; then a 503 hits the listing.
    client.list_instances().send().await.unwrap();
    mock.faults().push(Fault::status(503));
    let all: Vec<_> = client
        .list_backup_sets(INSTANCE_ID)
        .page_size(4)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
    let wrong = ObCloudClient::builder()
        .endpoint(mock.uri())
        .access_key(ACCESS_KEY_ID, "wrong-secret-value-1")
        .build()
        .unwrap();
    out.error(&wrong.list_instances().send().await.unwrap_err());
    drop(guard);

    out.assert_clean(
        &logs,
        &[ACCESS_KEY_SECRET.into(), "wrong-secret-value-1".into()],
    );
}
