//! `GET /api/v2/instances`: [`ListInstances`].
//!
//! The instances (clusters) of the project, filtered by `instanceName`, `instanceId`,
//! `tagList` and `organizationId`, paged like every OceanBase Cloud listing (see the crate's
//! [paging](crate#paging) notes). The format of `tagList` is not documented: it is sent as
//! given.

use crate::paging::{DEFAULT_PAGE_SIZE, ListParams, ListSource};
use crate::{Instance, ObCloudClient, limits};
use pkgruntime::{ApiRequest, Error, PageOptions};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The parameters of an instance listing; serialisable, to store and replay a listing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ListInstancesParams {
    /// Only instances with this name (`instanceName`).
    pub instance_name: Option<String>,
    /// Only the instance with this id (`instanceId`).
    pub instance_id: Option<String>,
    /// Only instances with these tags (`tagList`, sent verbatim; format undocumented).
    pub tag_list: Option<String>,
    /// Only instances of this organisation (`organizationId`).
    pub organization_id: Option<String>,
    /// Items per page, at least 1 (default [`DEFAULT_PAGE_SIZE`]; the maximum is unconfirmed).
    pub page_size: Option<u32>,
    /// The `requestId` to send on every request, instead of a fresh UUID v4 each time.
    pub request_id: Option<String>,
}

impl ListInstancesParams {
    /// Checks every rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(name) = &self.instance_name {
            limits::text("instance_name", name)?;
        }
        if let Some(id) = &self.instance_id {
            limits::identifier("instance_id", id)?;
        }
        if let Some(tags) = &self.tag_list {
            limits::text("tag_list", tags)?;
        }
        if let Some(id) = &self.organization_id {
            limits::identifier("organization_id", id)?;
        }
        limits::page_size(self.page_size())?;
        if let Some(request_id) = &self.request_id {
            limits::request_id(request_id)?;
        }
        Ok(())
    }

    /// The page size that will be sent.
    pub fn page_size(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }
}

impl ListParams for ListInstancesParams {
    fn page_size(&self) -> u32 {
        ListInstancesParams::page_size(self)
    }

    fn request(&self, page: u64, size: u32) -> ApiRequest {
        crate::client::instances_request("list_instances", &[])
            .query("requestId", super::request_id(self.request_id.as_deref()))
            .query_opt("instanceName", self.instance_name.as_deref())
            .query_opt("instanceId", self.instance_id.as_deref())
            .query_opt("tagList", self.tag_list.as_deref())
            .query_opt("organizationId", self.organization_id.as_deref())
            .query("pageNumber", page)
            .query("pageSize", size)
    }
}

/// Lists instances: set filters, then [`send`](Self::send) for one page, or
/// [`pages`](Self::pages) / [`items`](Self::items) for a `Stream` over all of them.
///
/// ```
/// use futures::TryStreamExt as _;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// let mock = obcloud_client::testing::ObCloudMock::start().await;
/// mock.generate_instances(24);
/// let instances: Vec<_> = mock.client().list_instances().page_size(10).items().try_collect().await?;
/// assert_eq!(instances.len(), 25); // the sample's instance and 24 more
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct ListInstances {
    client: ObCloudClient,
    params: ListInstancesParams,
    paging: PageOptions,
}

impl ObCloudClient {
    /// Lists the project's instances (`GET /api/v2/instances`).
    pub fn list_instances(&self) -> ListInstances {
        self.list_instances_with(ListInstancesParams::default())
    }

    /// Lists instances with stored parameters.
    pub fn list_instances_with(&self, params: ListInstancesParams) -> ListInstances {
        ListInstances {
            client: self.clone(),
            params,
            paging: PageOptions::default(),
        }
    }
}

impl ListInstances {
    /// Only instances with this name.
    pub fn instance_name(mut self, name: impl Into<String>) -> Self {
        self.params.instance_name = Some(name.into());
        self
    }

    /// Only the instance with this id.
    pub fn instance_id(mut self, id: impl Into<String>) -> Self {
        self.params.instance_id = Some(id.into());
        self
    }

    /// Only instances with these tags (`tagList`, sent verbatim).
    pub fn tag_list(mut self, tags: impl Into<String>) -> Self {
        self.params.tag_list = Some(tags.into());
        self
    }

    /// Only instances of this organisation.
    pub fn organization_id(mut self, id: impl Into<String>) -> Self {
        self.params.organization_id = Some(id.into());
        self
    }

    /// Items per page, at least 1 (default [`DEFAULT_PAGE_SIZE`]).
    pub fn page_size(mut self, size: u32) -> Self {
        self.params.page_size = Some(size);
        self
    }

    /// Sends this `requestId` on every request instead of a fresh UUID v4 per request.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.params.request_id = Some(request_id.into());
        self
    }

    pkgruntime::list_operation!(paging, Instance);

    /// The parameters so far.
    pub fn params(&self) -> &ListInstancesParams {
        &self.params
    }

    /// Checks the parameters; the source of the listing's pages, items decoded as `T`.
    fn into_source<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<(ListSource<ListInstancesParams, T>, PageOptions), Error> {
        self.params.validate()?;
        Ok((
            ListSource::new(self.client.transport().clone(), self.params),
            self.paging,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_checked_and_sent() {
        let params = ListInstancesParams {
            instance_name: Some("prod db".into()),
            organization_id: Some("org-1".into()),
            ..ListInstancesParams::default()
        };
        let request = params.request(2, 5);
        assert_eq!(request.path_segments(), ["api", "v2", "instances"]);
        let keys: Vec<&str> = request.query_pairs().map(|(key, _)| key).collect();
        assert_eq!(
            keys,
            [
                "requestId",
                "instanceName",
                "organizationId",
                "pageNumber",
                "pageSize"
            ]
        );
        for (params, field) in [
            (
                ListInstancesParams {
                    instance_id: Some(String::new()),
                    ..ListInstancesParams::default()
                },
                "instance_id",
            ),
            (
                ListInstancesParams {
                    tag_list: Some("a\nb".into()),
                    ..ListInstancesParams::default()
                },
                "tag_list",
            ),
            (
                ListInstancesParams {
                    page_size: Some(0),
                    ..ListInstancesParams::default()
                },
                "page_size",
            ),
        ] {
            assert_eq!(
                params
                    .validate()
                    .unwrap_err()
                    .invalid_field()
                    .unwrap()
                    .field,
                field
            );
        }
    }
}
