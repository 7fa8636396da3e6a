//! Macros giving every client builder the same transport options and every list operation
//! the same paging options and streams, so the four clients offer one vocabulary without
//! copying methods.
//!
//! - [`transport_options!`](crate::transport_options): `http_client`, `retry`, `timeouts`,
//!   `user_agent`, `allow_insecure_http`, `dry_run`, `max_body_bytes` on a client builder;
//! - [`list_operation!`](crate::list_operation): on a list operation's builder, the paging
//!   options ([`page_options!`](crate::page_options)) and `send` (one page), `pages`,
//!   `items`, `pages_as` and `items_as`. The builder supplies one private method,
//!   `into_source::<T>()`, that checks its parameters and returns its
//!   [`PageSource`](crate::PageSource) and [`PageOptions`](crate::PageOptions).
//!
//! ```
//! use pkgmodel::{Cursor, Page};
//! use pkgruntime::{BoxFuture, Error, PageOptions, PageSource, TransportBuilder};
//! use serde::de::DeserializeOwned;
//!
//! /// A client builder.
//! pub struct MyClientBuilder {
//!     transport: TransportBuilder,
//! }
//!
//! impl MyClientBuilder {
//!     pkgruntime::transport_options!(transport);
//! }
//!
//! /// A list operation's builder.
//! pub struct ListThings {
//!     page_size: u32,
//!     paging: PageOptions,
//! }
//!
//! impl ListThings {
//!     /// Items per page, 1 to 10.
//!     pub fn page_size(mut self, size: u32) -> Self {
//!         self.page_size = size;
//!         self
//!     }
//!
//!     pkgruntime::list_operation!(paging, String);
//!
//!     fn into_source<T: DeserializeOwned + Send + 'static>(
//!         self,
//!     ) -> Result<(Things<T>, PageOptions), Error> {
//!         if !(1..=10).contains(&self.page_size) {
//!             return Err(Error::invalid_input("page_size", "must be between 1 and 10"));
//!         }
//!         Ok((Things(std::marker::PhantomData), self.paging))
//!     }
//! }
//!
//! /// Fetches pages (here: one empty page).
//! pub struct Things<T>(std::marker::PhantomData<fn() -> T>);
//!
//! impl<T: DeserializeOwned + Send + 'static> PageSource for Things<T> {
//!     type Item = T;
//!     fn fetch(&self, _: Option<&Cursor>) -> BoxFuture<'static, Result<Page<T>, Error>> {
//!         Box::pin(async { Ok(Page::new(Vec::new(), None, Some(0))) })
//!     }
//! }
//!
//! let builder = MyClientBuilder { transport: TransportBuilder::new(pkgmodel::Vendor::Ocp) }
//!     .retry(pkgruntime::RetryPolicy::disabled())
//!     .user_agent("my-app/1.0");
//! # let _ = builder;
//! let list = ListThings { page_size: 5, paging: PageOptions::default() }
//!     .limit(10)
//!     .concurrency(4);
//! assert_eq!(list.paging.item_limit(), Some(10));
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let error = ListThings { page_size: 50, paging: PageOptions::default() }.send().await.unwrap_err();
//! assert_eq!(error.invalid_field().unwrap().field, "page_size");
//! # });
//! ```

/// Adds `http_client`, `retry`, `timeouts`, `user_agent`, `allow_insecure_http`, `dry_run`,
/// the TLS options, the proxy options, `rate_limit` and `max_body_bytes` to a builder whose field `$field` is a
/// [`TransportBuilder`](crate::TransportBuilder).
#[macro_export]
macro_rules! transport_options {
    ($field:ident) => {
        /// Uses your own `reqwest::Client` (its TLS, proxy and connect time-out settings)
        /// instead of the one pkgsdk builds (rustls with the ring provider). Build it with
        /// `reqwest::redirect::Policy::none()`: pkgsdk follows redirects itself so that
        /// credentials never leave the endpoint's origin, and refuses a response your client
        /// reached through a redirect of its own.
        pub fn http_client(mut self, client: $crate::reqwest::Client) -> Self {
            self.$field = self.$field.http_client(client);
            self
        }

        /// The retry policy (default: 3 attempts on idempotent requests, exponential back-off
        /// with full jitter, `Retry-After` honoured); see
        /// [`RetryPolicy`](pkgruntime::RetryPolicy).
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$field = self.$field.retry(policy);
            self
        }

        /// The time-outs (default: connect 10 s, attempt 30 s, operation 120 s); see
        /// [`Timeouts`](pkgruntime::Timeouts).
        pub fn timeouts(mut self, timeouts: $crate::Timeouts) -> Self {
            self.$field = self.$field.timeouts(timeouts);
            self
        }

        /// Replaces the `User-Agent` (default `pkgsdk/<version>`); must be visible ASCII.
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.$field = self.$field.user_agent(user_agent);
            self
        }

        /// Allows sending credentials over plain `http://` to a host other than loopback
        /// (default: refused, because anyone on the path could read them).
        pub fn allow_insecure_http(mut self, allow: bool) -> Self {
            self.$field = self.$field.allow_insecure_http(allow);
            self
        }

        /// Sends nothing: every call prepares its request and fails with
        /// [`Error::DryRun`](pkgruntime::Error::DryRun) describing it — method, URL,
        /// headers (secrets redacted) and credentials — for previews such as a CLI's
        /// `--dry-run` (default: off).
        pub fn dry_run(mut self, dry_run: bool) -> Self {
            self.$field = self.$field.dry_run(dry_run);
            self
        }

        /// Also trusts the CA certificate(s) of this PEM bundle, e.g. a self-hosted
        /// server's internal CA; see
        /// [`TransportBuilder::add_root_certificate`](pkgruntime::TransportBuilder::add_root_certificate).
        pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
            self.$field = self.$field.add_root_certificate(pem);
            self
        }

        /// Also trusts the CA certificates in the PEM file at `path`.
        pub fn root_certificates_pem_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
            self.$field = self.$field.root_certificates_pem_file(path);
            self
        }

        /// Whether the platform's trusted roots are trusted too (default `true`).
        pub fn tls_built_in_roots(mut self, trusted: bool) -> Self {
            self.$field = self.$field.tls_built_in_roots(trusted);
            self
        }

        /// A client certificate and key (PEM) for servers that require mutual TLS.
        pub fn identity_pem(
            mut self,
            cert_pem: impl AsRef<[u8]>,
            key_pem: impl Into<$crate::SecretString>,
        ) -> Self {
            self.$field = self.$field.identity_pem(cert_pem, key_pem);
            self
        }

        /// **Dangerous**: accepts any server certificate (logged at WARN); for a lab only.
        pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
            self.$field = self.$field.danger_accept_invalid_certs(accept);
            self
        }

        /// Sends every request through this proxy (`http://host:port`; credentials in the
        /// URL are taken out and kept as a secret) instead of the ones `HTTPS_PROXY`,
        /// `HTTP_PROXY` and `ALL_PROXY` name; see
        /// [`TransportBuilder::proxy`](pkgruntime::TransportBuilder::proxy).
        pub fn proxy(mut self, url: impl Into<String>) -> Self {
            self.$field = self.$field.proxy(url);
            self
        }

        /// The user and password the [`proxy`](Self::proxy) asks for (`Proxy-Authorization`,
        /// sent to the proxy only).
        pub fn proxy_credentials(
            mut self,
            user: impl Into<String>,
            password: impl Into<$crate::SecretString>,
        ) -> Self {
            self.$field = self.$field.proxy_credentials(user, password);
            self
        }

        /// Limits the request rate, shared with every clone of `limit` (give one to several
        /// clients of one account); adaptive to throttling. Default: none. See
        /// [`RateLimit`](pkgruntime::RateLimit).
        pub fn rate_limit(mut self, limit: $crate::RateLimit) -> Self {
            self.$field = self.$field.rate_limit(limit);
            self
        }

        /// The largest response body read into memory (default 64 MiB).
        pub fn max_body_bytes(mut self, limit: usize) -> Self {
            self.$field = self.$field.max_body_bytes(limit);
            self
        }
    };
}

/// Adds `page_options`, `limit`, `concurrency`, `resume_from`, `max_pages` and
/// `max_empty_pages` to a list builder whose field `$field` is a
/// [`PageOptions`](crate::PageOptions).
#[macro_export]
macro_rules! page_options {
    ($field:ident) => {
        /// Replaces every paging option at once with `options` — e.g. settings your
        /// application keeps in one place and applies to every listing. The single-option
        /// methods below change one of them.
        pub fn page_options(mut self, options: $crate::PageOptions) -> Self {
            self.$field = options;
            self
        }

        /// Stops after `items` items: `items()` yields exactly that many and no page is
        /// requested once they have arrived; `pages()` yields whole pages. See
        /// [`PageOptions::limit`](pkgruntime::PageOptions::limit).
        pub fn limit(mut self, items: u64) -> Self {
            self.$field = self.$field.limit(items);
            self
        }

        /// Fetches up to `pages` pages at once (ordered prefetch) once the total is known, for
        /// page-number and offset listings; items still come in order. Marker and token
        /// listings stay sequential. See
        /// [`PageOptions::concurrency`](pkgruntime::PageOptions::concurrency).
        pub fn concurrency(mut self, pages: usize) -> Self {
            self.$field = self.$field.concurrency(pages);
            self
        }

        /// Starts at a saved cursor (from `Page::next` or `Pages::next_cursor`) instead of
        /// the first page.
        pub fn resume_from(mut self, cursor: $crate::pkgmodel::Cursor) -> Self {
            self.$field = self.$field.resume_from(cursor);
            self
        }

        /// Fails with a pagination error rather than fetch more than `pages` pages.
        pub fn max_pages(mut self, pages: u64) -> Self {
            self.$field = self.$field.max_pages(pages);
            self
        }

        /// Fails after this many empty pages in a row that still signal more (default 16).
        pub fn max_empty_pages(mut self, pages: u64) -> Self {
            self.$field = self.$field.max_empty_pages(pages);
            self
        }
    };
}

/// Makes a builder a list operation: the paging options of
/// [`page_options!`](crate::page_options) on its field `$paging`, and its streams over items
/// of type `$item` — `send` (one page), `pages`, `items`, `pages_as::<T>` and
/// `items_as::<T>`.
///
/// The builder defines
/// `fn into_source<T: DeserializeOwned + Send + 'static>(self) -> Result<(S, PageOptions), Error>`
/// for a [`PageSource`](crate::PageSource) `S` yielding `T`: it checks every parameter, so a
/// bad one fails `send` and the first poll of a stream before anything is sent.
#[macro_export]
macro_rules! list_operation {
    ($paging:ident, $item:ty) => {
        $crate::page_options!($paging);

        /// Fetches one page: the first, or the one at [`resume_from`](Self::resume_from).
        /// Its `next` cursor continues the listing.
        pub async fn send(
            self,
        ) -> ::std::result::Result<$crate::pkgmodel::Page<$item>, $crate::Error> {
            let (source, paging) = self.into_source::<$item>()?;
            paging.first_page(&source).await
        }

        /// A `Stream` of the listing's pages, each with the cursor of the next.
        pub fn pages(self) -> $crate::Pages<$item> {
            self.pages_as()
        }

        /// A `Stream` of the listing's items, page after page.
        pub fn items(self) -> $crate::Items<$item> {
            self.pages().items()
        }

        /// A `Stream` of pages whose items decode into `T` instead — e.g.
        /// `serde_json::Value` or `Box<serde_json::value::RawValue>` to keep the server's
        /// JSON exactly, or your own type with extra fields.
        pub fn pages_as<T>(self) -> $crate::Pages<T>
        where
            T: $crate::__private::DeserializeOwned + ::std::marker::Send + 'static,
        {
            match self.into_source::<T>() {
                ::std::result::Result::Ok((source, paging)) => $crate::Pages::new(source, paging),
                ::std::result::Result::Err(error) => $crate::Pages::failed(error),
            }
        }

        /// A `Stream` of items decoded into `T` (see [`pages_as`](Self::pages_as)).
        pub fn items_as<T>(self) -> $crate::Items<T>
        where
            T: $crate::__private::DeserializeOwned + ::std::marker::Send + 'static,
        {
            self.pages_as().items()
        }
    };
}
