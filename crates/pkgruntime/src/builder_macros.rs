//! Macros giving every client builder the same transport options and every list builder the
//! same paging options, so the four clients offer one vocabulary without copying methods.
//!
//! ```
//! use pkgruntime::{PageOptions, TransportBuilder};
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
//!     paging: PageOptions,
//! }
//!
//! impl ListThings {
//!     pkgruntime::page_options!(paging);
//! }
//!
//! let builder = MyClientBuilder { transport: TransportBuilder::new(pkgmodel::Vendor::Ocp) }
//!     .retry(pkgruntime::RetryPolicy::disabled())
//!     .user_agent("my-app/1.0");
//! let list = ListThings { paging: PageOptions::default() }.limit(10).concurrency(4);
//! assert_eq!(list.paging.item_limit(), Some(10));
//! # let _ = builder;
//! ```

/// Adds `http_client`, `retry`, `timeouts`, `user_agent`, `allow_insecure_http` and
/// `max_body_bytes` to a builder whose field `$field` is a
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
        pub fn user_agent(mut self, user_agent: &str) -> Self {
            self.$field = self.$field.user_agent(user_agent);
            self
        }

        /// Allows sending credentials over plain `http://` to a host other than loopback
        /// (default: refused, because anyone on the path could read them).
        pub fn allow_insecure_http(mut self, allow: bool) -> Self {
            self.$field = self.$field.allow_insecure_http(allow);
            self
        }

        /// The largest response body read into memory (default 64 MiB).
        pub fn max_body_bytes(mut self, limit: usize) -> Self {
            self.$field = self.$field.max_body_bytes(limit);
            self
        }
    };
}

/// Adds `limit`, `concurrency`, `resume_from`, `max_pages` and `max_empty_pages` to a list
/// builder whose field `$field` is a [`PageOptions`](crate::PageOptions).
#[macro_export]
macro_rules! page_options {
    ($field:ident) => {
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
        pub fn max_empty_pages(mut self, pages: u32) -> Self {
            self.$field = self.$field.max_empty_pages(pages);
            self
        }
    };
}
