//! [`PackageSource`]: anything that can list [`Package`]s, whatever the vendor.
//!
//! Every client's list operation is a source — configured with its filters, it streams its
//! items converted to the vendor-neutral [`Package`] — and so is each client itself (its
//! whole catalogue with default settings). Sources are object safe, so a [`Catalog`]
//! can hold several of them, of different vendors.
//!
//! [`Catalog`]: crate::Catalog
//!
//! ```
//! use futures::TryStreamExt as _;
//! use pkgsdk::PackageSource;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgsdk::Error> {
//! let mock = pkgsdk::testing::OcpMock::start().await;
//! let source: Box<dyn PackageSource> = Box::new(mock.client().list_software_packages().page_size(100));
//! let packages: Vec<_> = source.packages().try_collect().await?;
//! assert_eq!(packages.len(), 2);
//! assert_eq!(packages[0].vendor, pkgsdk::Vendor::Ocp);
//! # Ok(()) }
//! ```

use futures::stream::BoxStream;
#[cfg(any(
    feature = "ocp",
    feature = "iotda",
    feature = "appstore",
    feature = "obcloud"
))]
use futures::{StreamExt as _, TryStreamExt as _};
use pkgmodel::{Package, Vendor};
use pkgruntime::Error;

/// A stream of vendor-neutral packages.
pub type PackageStream = BoxStream<'static, Result<Package, Error>>;

/// Lists packages as [`Package`]s. Object safe.
pub trait PackageSource: Send + Sync {
    /// The catalogue this source lists.
    fn vendor(&self) -> Vendor;

    /// Streams every package of the source (its own filters, paging and limits apply).
    fn packages(&self) -> PackageStream;
}

#[cfg(feature = "ocp")]
impl PackageSource for ocp_client::ListSoftwarePackages {
    fn vendor(&self) -> Vendor {
        Vendor::Ocp
    }

    fn packages(&self) -> PackageStream {
        self.clone()
            .items()
            .map_ok(|meta| meta.to_package())
            .boxed()
    }
}

#[cfg(feature = "ocp")]
impl PackageSource for ocp_client::OcpClient {
    fn vendor(&self) -> Vendor {
        Vendor::Ocp
    }

    /// Every software package, in pages of 2000.
    fn packages(&self) -> PackageStream {
        self.list_software_packages()
            .page_size(ocp_client::MAX_PAGE_SIZE)
            .packages()
    }
}

#[cfg(feature = "iotda")]
impl PackageSource for iotda_client::ListOtaPackages {
    fn vendor(&self) -> Vendor {
        Vendor::Iotda
    }

    fn packages(&self) -> PackageStream {
        self.clone()
            .items()
            .map_ok(|info| info.to_package())
            .boxed()
    }
}

#[cfg(feature = "iotda")]
impl PackageSource for iotda_client::IotdaClient {
    fn vendor(&self) -> Vendor {
        Vendor::Iotda
    }

    /// Every software package, then every firmware package, newest first.
    fn packages(&self) -> PackageStream {
        let software = self.list_ota_packages(iotda_client::PackageType::SoftwarePackage);
        let firmware = self.list_ota_packages(iotda_client::PackageType::FirmwarePackage);
        software.packages().chain(firmware.packages()).boxed()
    }
}

#[cfg(feature = "appstore")]
impl PackageSource for appstore_client::ListPackages {
    fn vendor(&self) -> Vendor {
        Vendor::AppStore
    }

    /// The packages of one application version (a single, unpaged call).
    fn packages(&self) -> PackageStream {
        self.clone()
            .items()
            .map_ok(|package| package.to_package())
            .boxed()
    }
}

#[cfg(feature = "appstore")]
impl PackageSource for appstore_client::AppStoreClient {
    fn vendor(&self) -> Vendor {
        Vendor::AppStore
    }

    /// The packages of every application, one application after another.
    fn packages(&self) -> PackageStream {
        let client = self.clone();
        self.list_applications()
            .items()
            .try_filter_map(|application| std::future::ready(Ok(application.listing_version_id)))
            .map_ok(move |listing_version_id| client.list_packages(listing_version_id).packages())
            .try_flatten()
            .boxed()
    }
}

#[cfg(feature = "obcloud")]
impl PackageSource for obcloud_client::ListBackupSets {
    fn vendor(&self) -> Vendor {
        Vendor::ObCloud
    }

    /// One package per backup set of the instance, as the API lists them (each tenant's own
    /// set is in [`BackupSet::to_packages`](obcloud_client::BackupSet::to_packages)).
    fn packages(&self) -> PackageStream {
        self.clone().items().map_ok(|set| set.to_package()).boxed()
    }
}

#[cfg(feature = "obcloud")]
impl PackageSource for obcloud_client::ObCloudClient {
    fn vendor(&self) -> Vendor {
        Vendor::ObCloud
    }

    /// The backup sets of every instance the AccessKey can see, one instance after another.
    fn packages(&self) -> PackageStream {
        let client = self.clone();
        self.list_instances()
            .items()
            .try_filter_map(|instance| std::future::ready(Ok(instance.instance_id)))
            .map_ok(move |instance_id| client.list_backup_sets(instance_id).packages())
            .try_flatten()
            .boxed()
    }
}
