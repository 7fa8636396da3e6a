//! [`Catalog`]: several [`PackageSource`]s, listed as one merged stream.
//!
//! The sources are listed concurrently and their packages interleave as they arrive; each
//! [`Package`] names its vendor. A source that fails yields one [`SourceError`] (naming the
//! source) and ends, while the others go on — no package already listed is lost.
//!
//! ```
//! use futures::StreamExt as _;
//! use pkgsdk::Catalog;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mocks = pkgsdk::testing::MockServers::start().await;
//! let catalog = mocks.catalog();
//! let listing = catalog.collect().await;
//! assert!(listing.errors.is_empty());
//! assert!(listing.packages.iter().any(|p| p.vendor == pkgsdk::Vendor::Ocp));
//! # }
//! ```

use crate::{PackageSource, PackageStream};
use futures::stream::{BoxStream, SelectAll};
use futures::{Stream, StreamExt as _};
use pkgmodel::{Package, Vendor};
use pkgruntime::Error;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// Several package sources, possibly of different vendors.
#[derive(Clone, Default)]
pub struct Catalog {
    sources: Vec<(String, Arc<dyn PackageSource>)>,
}

impl Catalog {
    /// An empty catalogue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a source named after its vendor (`ocp`, `iotda`, …), for chains:
    /// `Catalog::new().with(a).with_named("b", b)`.
    pub fn with(mut self, source: impl PackageSource + 'static) -> Self {
        self.add(source);
        self
    }

    /// Adds a source under `name` (e.g. to tell two OCP servers apart in errors), for chains.
    pub fn with_named(
        mut self,
        name: impl Into<String>,
        source: impl PackageSource + 'static,
    ) -> Self {
        self.add_named(name, source);
        self
    }

    /// Adds a source named after its vendor, through a `&mut` (e.g. in a loop or behind a
    /// condition); returns the catalogue for chaining.
    pub fn add(&mut self, source: impl PackageSource + 'static) -> &mut Self {
        let name = source.vendor().to_string();
        self.add_named(name, source)
    }

    /// Adds a source under `name`, through a `&mut`; returns the catalogue for chaining.
    pub fn add_named(
        &mut self,
        name: impl Into<String>,
        source: impl PackageSource + 'static,
    ) -> &mut Self {
        self.sources.push((name.into(), Arc::new(source)));
        self
    }

    /// The sources' names, in the order they were added.
    pub fn source_names(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|(name, _)| name.as_str())
    }

    /// One merged stream of every source's packages, as they arrive; a failed source yields
    /// one [`SourceError`] and ends. Nothing is sent until the stream is polled.
    pub fn stream(&self) -> CatalogStream {
        let mut merged = SelectAll::new();
        for (name, source) in &self.sources {
            let name = name.clone();
            let vendor = source.vendor();
            let stream: PackageStream = source.packages();
            merged.push(
                stream
                    .map(move |item| {
                        item.map_err(|error| SourceError {
                            source_name: name.clone(),
                            vendor: vendor.clone(),
                            error,
                        })
                    })
                    .boxed(),
            );
        }
        CatalogStream { merged }
    }

    /// Lists every source to the end: all packages, and the error of each source that failed.
    pub async fn collect(&self) -> CatalogListing {
        let mut listing = CatalogListing::default();
        let mut stream = self.stream();
        while let Some(item) = stream.next().await {
            match item {
                Ok(package) => listing.packages.push(package),
                Err(error) => listing.errors.push(error),
            }
        }
        listing
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("sources", &self.source_names().collect::<Vec<_>>())
            .finish()
    }
}

/// The merged stream of a [`Catalog`]. `Send` and `Unpin`.
pub struct CatalogStream {
    merged: SelectAll<BoxStream<'static, Result<Package, SourceError>>>,
}

impl Stream for CatalogStream {
    type Item = Result<Package, SourceError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.merged.poll_next_unpin(cx)
    }
}

impl fmt::Debug for CatalogStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CatalogStream")
            .field("sources_running", &self.merged.len())
            .finish()
    }
}

/// One source of a [`Catalog`] failed; the others went on.
#[derive(Debug)]
#[non_exhaustive]
pub struct SourceError {
    /// The source's name.
    pub source_name: String,
    /// The source's vendor.
    pub vendor: Vendor,
    /// What went wrong.
    pub error: Error,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source_name, self.error)
    }
}

impl std::error::Error for SourceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Everything a [`Catalog`] listed.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct CatalogListing {
    /// The packages, in the order they arrived.
    pub packages: Vec<Package>,
    /// One error per failed source.
    pub errors: Vec<SourceError>,
}
