//! Mock servers for your own tests (feature `test-util`): every enabled client's mock,
//! the shared fault knobs, and [`MockServers`] to start them all at once.
//!
//! Each mock binds to 127.0.0.1, starts with its vendor's documented sample, can generate a
//! catalogue of any size with correct paging, enforces its vendor's authentication, and
//! takes faults (an error status, `Retry-After`, a truncated or replaced body, latency) on
//! its `faults()` queue:
//!
//! | mock | auth it enforces |
//! |---|---|
//! | `OcpMock` | HTTP Basic, or `OCP-ACCESS-KEY-HMACSHA1` signatures |
//! | `IotdaMock` | `X-Auth-Token` (fixed or from its IAM), or Huawei AK/SK signatures |
//! | `AppStoreMock` | `Authorization: Bearer` tokens from its token calls, and `X-Oracle-UserId` |
//! | `ObCloudMock` | HTTP Digest (MD5 and SHA-256) with its AccessKey pair |
//!
//! ```
//! use pkgsdk::testing::{Fault, MockServers};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgsdk::Error> {
//! let mocks = MockServers::start().await;
//! mocks.ocp.generate_catalog(250);
//! mocks.ocp.faults().push(Fault::status(503));
//! let page = mocks.ocp.client().list_software_packages().page_size(100).send().await?;
//! assert_eq!(page.total, Some(250));
//! # Ok(()) }
//! ```

use crate::Catalog;

pub use pkgruntime::testing::{
    Fault, FaultInjector, FaultQueue, Location, MockHandler, MockResponse,
};

/// The OCP mock and the credentials it accepts (`USERNAME`/`PASSWORD` for Basic,
/// `ACCESS_KEY_ID`/`ACCESS_KEY_SECRET` for AccessKey signatures).
#[cfg(feature = "ocp")]
pub use ocp_client::testing as ocp;

/// The IoTDA mock and the credentials it accepts (`PROJECT_ID`, `TOKEN`,
/// `ACCESS_KEY_ID`/`ACCESS_KEY_SECRET`, and `IAM_USER`/`IAM_PASSWORD`/`IAM_DOMAIN` for its IAM).
#[cfg(feature = "iotda")]
pub use iotda_client::testing as iotda;

/// The Oracle Marketplace mock and the credentials it accepts (`USER_ID`,
/// `CLIENT_ID`/`CLIENT_SECRET`, `TOKEN`).
#[cfg(feature = "appstore")]
pub use appstore_client::testing as appstore;

/// The OceanBase Cloud mock and the credentials it accepts (`ACCESS_KEY_ID`/
/// `ACCESS_KEY_SECRET`, `PROJECT_ID`, and its sample `INSTANCE_ID`).
#[cfg(feature = "obcloud")]
pub use obcloud_client::testing as obcloud;

#[cfg(feature = "appstore")]
pub use appstore_client::testing::AppStoreMock;
#[cfg(feature = "iotda")]
pub use iotda_client::testing::IotdaMock;
#[cfg(feature = "obcloud")]
pub use obcloud_client::testing::ObCloudMock;
#[cfg(feature = "ocp")]
pub use ocp_client::testing::OcpMock;

/// One running mock per enabled client.
#[non_exhaustive]
pub struct MockServers {
    /// The OCP mock.
    #[cfg(feature = "ocp")]
    pub ocp: OcpMock,
    /// The IoTDA mock.
    #[cfg(feature = "iotda")]
    pub iotda: IotdaMock,
    /// The Oracle Marketplace mock.
    #[cfg(feature = "appstore")]
    pub appstore: AppStoreMock,
    /// The OceanBase Cloud mock.
    #[cfg(feature = "obcloud")]
    pub obcloud: ObCloudMock,
}

impl MockServers {
    /// Starts every enabled client's mock, each with its vendor's documented sample.
    pub async fn start() -> Self {
        Self {
            #[cfg(feature = "ocp")]
            ocp: OcpMock::start().await,
            #[cfg(feature = "iotda")]
            iotda: IotdaMock::start().await,
            #[cfg(feature = "appstore")]
            appstore: AppStoreMock::start().await,
            #[cfg(feature = "obcloud")]
            obcloud: ObCloudMock::start().await,
        }
    }

    /// A catalogue listing every mock through its client, each with its vendor's
    /// authentication.
    pub fn catalog(&self) -> Catalog {
        #[allow(unused_mut, reason = "no source without client features")]
        let mut catalog = Catalog::new();
        #[cfg(feature = "ocp")]
        catalog.add(self.ocp.client());
        #[cfg(feature = "iotda")]
        catalog.add(self.iotda.access_key_client());
        #[cfg(feature = "appstore")]
        catalog.add(self.appstore.client());
        #[cfg(feature = "obcloud")]
        catalog.add(self.obcloud.client());
        catalog
    }
}

impl std::fmt::Debug for MockServers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("MockServers");
        #[cfg(feature = "ocp")]
        debug.field("ocp", &self.ocp.uri());
        #[cfg(feature = "iotda")]
        debug.field("iotda", &self.iotda.uri());
        #[cfg(feature = "appstore")]
        debug.field("appstore", &self.appstore.uri());
        #[cfg(feature = "obcloud")]
        debug.field("obcloud", &self.obcloud.uri());
        debug.finish()
    }
}
