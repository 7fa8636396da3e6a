//! Bad input never reaches a server: for each client and each kind of bad input, the error
//! names the field and the rule, and the mock receives zero requests. Plain `http://` to a
//! host that is not loopback is refused for every client unless explicitly allowed.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pkgsdk::Error;
use pkgsdk::testing::{AppStoreMock, IotdaMock, ObCloudMock, OcpMock};

/// One bad input: the field its error must name, and what the call returned.
type Case = (&'static str, Result<(), Error>);

/// Runs every case and checks its error names `field` as invalid input.
fn refused(vendor: &str, cases: Vec<Case>) {
    assert!(!cases.is_empty());
    for (field, result) in cases {
        let error = result.expect_err(field);
        let input = error
            .invalid_field()
            .unwrap_or_else(|| panic!("{vendor} {field}: not an input error: {error}"));
        assert_eq!(input.field, field, "{vendor}: {error}");
        assert!(!input.rule.is_empty(), "{vendor} {field}: a rule is named");
        assert!(error.to_string().contains(field), "{error}");
    }
}

fn ok<T>(result: Result<T, Error>) -> Result<(), Error> {
    result.map(|_| ())
}

#[tokio::test]
async fn ocp_refuses_bad_input_before_sending() {
    use pkgsdk::ocp::{OcpClient, SoftwarePackageMeta, Sort};
    let mock = OcpMock::start().await;
    let client = mock.client();
    let mut no_link = SoftwarePackageMeta::new(1);
    no_link.download_url = None;
    let mut bad_sha1 = SoftwarePackageMeta::new(1);
    bad_sha1.download_url = Some(format!("{}/api/v2/files/sys-package/a.rpm", mock.uri()));
    bad_sha1.sha1 = Some("not-hex".into());
    let cases: Vec<Case> = vec![
        (
            "page_size",
            ok(client.list_software_packages().page_size(0).send().await),
        ),
        (
            "page_size",
            ok(client
                .list_software_packages()
                .page_size(2_001)
                .send()
                .await),
        ),
        (
            "versions",
            ok(client
                .list_software_packages()
                .versions(["1.0,2.0"])
                .send()
                .await),
        ),
        ("sort", ok("name,sideways".parse::<Sort>())),
        ("download_url", ok(client.download(&no_link))),
        ("sha1", ok(client.download(&bad_sha1))),
        (
            "endpoint",
            ok(OcpClient::builder()
                .endpoint("http://ocp.example.com:8080")
                .basic_auth("admin", "password")
                .build()),
        ),
    ];
    refused("OCP", cases);
    assert!(mock.received_requests().await.is_empty(), "zero requests");
}

#[tokio::test]
async fn iotda_refuses_bad_input_before_sending() {
    use pkgsdk::iotda::{CreateOtaPackageParams, IotdaClient, ObsLocation, PackageType};
    let mock = IotdaMock::start().await;
    let client = mock.access_key_client();
    let list = || client.list_ota_packages(PackageType::FirmwarePackage);
    let create = |version: &str| {
        CreateOtaPackageParams::new(
            "61f7e74d036aca5be29e1ed4",
            PackageType::FirmwarePackage,
            "5ba24f5ebbe8f56f5a14f605",
            version,
            ObsLocation::new("cn-north-4", "bucket", "firmware.bin"),
        )
    };
    let cases: Vec<Case> = vec![
        ("page_size", ok(list().page_size(51).send().await)),
        ("offset", ok(list().offset(501).send().await)),
        ("marker", ok(list().marker("not-a-marker").send().await)),
        ("app_id", ok(list().app_id("a b").send().await)),
        ("product_id", ok(list().product_id("a/b").send().await)),
        ("version", ok(list().version("v\n1").send().await)),
        ("package_id", ok(client.show_ota_package("../x").await)),
        ("package_id", ok(client.delete_ota_package("").await)),
        (
            "version",
            ok(client
                .create_ota_package(create(&"9".repeat(257)))
                .send()
                .await),
        ),
        (
            "description",
            ok(client
                .create_ota_package(create("V2.0"))
                .description("x".repeat(1_025))
                .send()
                .await),
        ),
        (
            "endpoint",
            ok(IotdaClient::builder()
                .endpoint("http://iotda.example.com")
                .project_id("p")
                .token("t")
                .build()),
        ),
    ];
    refused("IoTDA", cases);
    assert!(mock.received_requests().await.is_empty(), "zero requests");
}

#[tokio::test]
async fn oracle_refuses_bad_input_before_sending() {
    use pkgsdk::appstore::AppStoreClient;
    let mock = AppStoreMock::start().await;
    let client = mock.static_token_client();
    let cases: Vec<Case> = vec![
        (
            "page_size",
            ok(client.list_applications().page_size(0).send().await),
        ),
        (
            "page_size",
            ok(client.list_applications().page_size(101).send().await),
        ),
        ("listing_version_id", ok(client.package("", 1).send().await)),
        (
            "package_version_id",
            ok(client.package(1, "1/2").send().await),
        ),
        (
            "listing_version_id",
            ok(client.list_packages("x y").send().await),
        ),
        ("package_version_id", ok(client.delete_package(1, "").await)),
        (
            "endpoint",
            ok(AppStoreClient::builder()
                .endpoint("http://marketplace.example.com")
                .user_id("someone@example.com")
                .token("t")
                .build()),
        ),
    ];
    refused("Oracle", cases);
    assert!(mock.received_requests().await.is_empty(), "zero requests");
}

#[tokio::test]
async fn oceanbase_cloud_refuses_bad_input_before_sending() {
    use pkgsdk::model::time::OffsetDateTime;
    use pkgsdk::obcloud::ObCloudClient;
    use pkgsdk::obcloud::testing::INSTANCE_ID;
    let mock = ObCloudMock::start().await;
    let client = mock.client();
    let (early, late) = (
        OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap(),
    );
    let cases: Vec<Case> = vec![
        (
            "instance_id",
            ok(client.list_backup_sets("a/b").send().await),
        ),
        (
            "page_size",
            ok(client
                .list_backup_sets(INSTANCE_ID)
                .page_size(0)
                .send()
                .await),
        ),
        (
            "time_range",
            ok(client
                .list_backup_sets(INSTANCE_ID)
                .time_range(late, early)
                .send()
                .await),
        ),
        (
            "request_id",
            ok(client
                .list_backup_sets(INSTANCE_ID)
                .request_id("a b")
                .send()
                .await),
        ),
        (
            "backup_set_id",
            ok(client.get_backup_set(INSTANCE_ID, "..").send().await),
        ),
        (
            "instance_name",
            ok(client.list_instances().instance_name("a\u{7}").send().await),
        ),
        (
            "access_key_id",
            ok(ObCloudClient::builder()
                .endpoint(mock.uri())
                .access_key("a\"b", "secret")
                .build()),
        ),
        (
            "project_id",
            ok(ObCloudClient::builder()
                .endpoint(mock.uri())
                .access_key("ak", "secret")
                .project_id("p/q")
                .build()),
        ),
        (
            "endpoint",
            ok(ObCloudClient::builder()
                .endpoint("http://api-cloud.example.com")
                .access_key("ak", "secret")
                .build()),
        ),
    ];
    refused("OceanBase Cloud", cases);
    assert!(mock.received_requests().await.is_empty(), "zero requests");
}
