//! The paginator engine: [`Pages`] and [`Items`], `Stream`s over any paging style.
//!
//! A vendor operation implements [`PageSource`]: "fetch the page at this cursor". The engine
//! does the rest, the same way for page-number, offset, marker and token APIs:
//!
//! - nothing is sent until the stream is first polled, and one page is in flight at a time
//!   unless [`PageOptions::concurrency`] asks for ordered prefetch;
//! - it follows each page's `next` cursor, and stops when there is none (or it is an empty
//!   marker or token), or when the reported total has been reached — the total wins over a
//!   stray `next`;
//! - an empty page where the reported total promises items is fetched once more before
//!   the listing moves on (a server's momentary inconsistency must not cost items); a page
//!   that stays empty, or an empty page that still signals more without a total, is skipped
//!   over, but a run of
//!   [`max_empty_pages`](PageOptions::max_empty_pages) of them, a cursor the server already
//!   returned (a repeated marker or page), or more than [`max_pages`](PageOptions::max_pages)
//!   pages end the stream with [`Error::PaginationLoop`](crate::Error::PaginationLoop) —
//!   never an endless stream;
//! - [`limit`](PageOptions::limit) stops fetching as soon as that many items have arrived;
//! - [`resume_from`](PageOptions::resume_from) starts at a saved [`Cursor`];
//! - each page is fetched in a `page` span (its index and paging style, never a token's
//!   value).
//!
//! After an error the stream ends; [`Pages::next_cursor`] tells where to resume.
//!
//! ```
//! use futures::TryStreamExt as _;
//! use pkgmodel::{Cursor, Page};
//! use pkgruntime::{BoxFuture, Error, PageOptions, PageSource, Pages, next_offset};
//!
//! /// A source serving 0..25 in pages of `limit`, reporting the total.
//! struct Numbers;
//! impl PageSource for Numbers {
//!     type Item = u64;
//!     fn first_cursor(&self) -> Option<Cursor> {
//!         Some(Cursor::Offset { offset: 0, limit: 10 })
//!     }
//!     fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<u64>, Error>> {
//!         let Some(Cursor::Offset { offset, limit }) = cursor.cloned() else { unreachable!() };
//!         Box::pin(async move {
//!             let items: Vec<u64> = (offset..25).take(limit as usize).collect();
//!             let next = next_offset(offset, limit, items.len(), Some(25));
//!             Ok(Page::new(items, next, Some(25)))
//!         })
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let all: Vec<u64> = Pages::new(Numbers, PageOptions::default()).items().try_collect().await?;
//! assert_eq!(all, (0..25).collect::<Vec<_>>());
//!
//! let first_twelve: Vec<u64> = Pages::new(Numbers, PageOptions::default().limit(12))
//!     .items()
//!     .try_collect()
//!     .await?;
//! assert_eq!(first_twelve.len(), 12);
//!
//! let resumed: Vec<u64> = Pages::new(Numbers, PageOptions::default().resume_from(Cursor::Offset { offset: 20, limit: 10 }))
//!     .items()
//!     .try_collect()
//!     .await?;
//! assert_eq!(resumed, (20..25).collect::<Vec<_>>());
//! # Ok::<(), Error>(()) }).unwrap();
//! ```

mod prefetch;
mod repeat_guard;
mod rules;
mod seen_cursors;

pub use repeat_guard::RepeatedPageGuard;
pub use rules::{PageReport, next_marker, next_offset, next_page_number, next_token};

use crate::{Error, PaginationLoop, PaginationLoopReason};
use futures::Stream;
use futures::future::BoxFuture;
use pkgmodel::{Cursor, Page};
use prefetch::Prefetch;
use seen_cursors::SeenCursors;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tracing::Instrument as _;

/// Fetches one page of a listing. Each vendor's list operation implements this; the engine
/// calls it with the cursor of the page it wants.
pub trait PageSource: Send + Sync + 'static {
    /// The items the listing yields.
    type Item: Send + 'static;

    /// The cursor of the first page, when the operation's parameters can express it
    /// (e.g. page 1 with the chosen size). `None` means "the first page as the parameters
    /// define it", fetched with `fetch(None)`.
    fn first_cursor(&self) -> Option<Cursor> {
        None
    }

    /// How many items of the listing precede its first page, when known: by default the
    /// [`first_cursor`](Self::first_cursor)'s position (0 without one). A source whose
    /// first cursor cannot tell (a marker) but which knows where it starts overrides this,
    /// so that the reported total can end its listings.
    fn first_position(&self) -> Option<u64> {
        self.first_cursor()
            .map_or(Some(0), |cursor| cursor.position())
    }

    /// Fetches the page at `cursor` (`None`: the first page), keeping every filter of the
    /// original request. The page's `next` is the vendor's paging rule applied to the
    /// response (see [`next_page_number`], [`next_offset`], [`next_marker`], [`next_token`]).
    fn fetch(&self, cursor: Option<&Cursor>)
    -> BoxFuture<'static, Result<Page<Self::Item>, Error>>;
}

/// How a listing is paged: where it starts, how much it takes, how far ahead it fetches,
/// and the guards against servers that never stop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageOptions {
    limit: Option<u64>,
    concurrency: usize,
    resume_from: Option<Cursor>,
    max_pages: Option<u64>,
    max_empty_pages: u64,
}

impl Default for PageOptions {
    fn default() -> Self {
        Self {
            limit: None,
            concurrency: 1,
            resume_from: None,
            max_pages: None,
            max_empty_pages: 16,
        }
    }
}

impl PageOptions {
    /// Stop after `items` items: [`Items`] yields exactly that many (or fewer, at the end),
    /// and no page is requested once they have arrived. [`Pages`] yields whole pages, the
    /// last one's `next` cursor pointing past it, so a limited listing can be resumed.
    pub fn limit(mut self, items: u64) -> Self {
        self.limit = Some(items);
        self
    }

    /// Fetch up to `pages` pages at once (ordered prefetch), for page-number and offset
    /// APIs once the first page has reported the total. Items still come in order; other
    /// paging styles stay sequential. `0` and `1` mean sequential (the default).
    ///
    /// `pages` bounds the requests in flight: one that completes makes room for the next
    /// at once, even while an earlier page is still awaited, and at most `2 × pages` pages
    /// are held ahead of the consumer.
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = pages.max(1);
        self
    }

    /// Start at a saved cursor instead of the first page.
    pub fn resume_from(mut self, cursor: Cursor) -> Self {
        self.resume_from = Some(cursor);
        self
    }

    /// Fail with [`PaginationLoopReason::MaxPages`] rather than fetch more than `pages` pages
    /// (default: no cap).
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Fail with [`PaginationLoopReason::EmptyPages`] after this many empty pages in a row
    /// that still signal more (default 16; at least 1).
    pub fn max_empty_pages(mut self, pages: u64) -> Self {
        self.max_empty_pages = pages.max(1);
        self
    }

    /// The cursor the listing starts at, when resuming.
    pub fn start(&self) -> Option<&Cursor> {
        self.resume_from.as_ref()
    }

    /// Where a listing over `source` starts: the [`resume_from`](Self::resume_from) cursor,
    /// or the source's first.
    fn start_cursor<S: PageSource + ?Sized>(&self, source: &S) -> Option<Cursor> {
        self.resume_from.clone().or_else(|| source.first_cursor())
    }

    /// Fetches the one page a listing over `source` starts at — the page at the
    /// [`resume_from`](Self::resume_from) cursor, or the first — as an operation's `send()`
    /// does. The other options apply to streams only.
    pub fn first_page<S: PageSource + ?Sized>(
        &self,
        source: &S,
    ) -> BoxFuture<'static, Result<Page<S::Item>, Error>> {
        source.fetch(self.start_cursor(source).as_ref())
    }

    /// The item limit, if any.
    pub fn item_limit(&self) -> Option<u64> {
        self.limit
    }
}

/// What the next sequential request is.
enum NextFetch {
    /// Nothing fetched yet.
    Start,
    /// The page at this cursor.
    At(Cursor),
    /// The page just received, once more (`None`: the source's first page).
    Again(Option<Cursor>),
    /// No more pages.
    End,
}

/// A page being fetched: the source's boxed future in the page's span (not boxed again).
type PageFuture<T> = tracing::instrument::Instrumented<BoxFuture<'static, Result<Page<T>, Error>>>;

/// A `Stream` of the pages of a listing. `Send` and `Unpin`; nothing is sent until it is
/// polled; dropping it cancels any request in flight.
pub struct Pages<T> {
    source: Option<Arc<dyn PageSource<Item = T>>>,
    options: PageOptions,
    next: NextFetch,
    in_flight: Option<PageFuture<T>>,
    /// The cursor `in_flight` was launched with.
    in_flight_cursor: Option<Cursor>,
    prefetch: Option<Prefetch<T>>,
    progress: Progress,
    pending_error: Option<Error>,
    finished: bool,
}

/// What the engine knows about the listing so far.
#[derive(Debug, Default)]
struct Progress {
    /// Cursors already requested (to detect a server sending one back).
    requested: SeenCursors,
    pages_fetched: u64,
    pages_launched: u64,
    items_received: u64,
    /// How many items precede the first page fetched, when the start cursor tells.
    base_position: Option<u64>,
    total: Option<u64>,
    empty_run: u64,
    /// The last cursor whose empty page was fetched once more.
    #[allow(
        clippy::option_option,
        reason = "`Some(None)` is the source's first page, fetched without a cursor"
    )]
    rechecked: Option<Option<Cursor>>,
    /// The cursor after the last page yielded: where to resume.
    resume: Option<Cursor>,
    style: &'static str,
    /// A prefetched page contradicted the plan: the rest of the listing is sequential.
    sequential_only: bool,
}

impl Progress {
    /// How many items of the listing precede the next one, counted from where it started
    /// (unknown when the start's position is).
    fn position_so_far(&self) -> Option<u64> {
        self.base_position
            .map(|base| base.saturating_add(self.items_received))
    }
}

// No field is ever pinned: the futures are boxed.
impl<T> Unpin for Pages<T> {}

impl<T: Send + 'static> Pages<T> {
    /// A stream over `source`'s pages.
    pub fn new(source: impl PageSource<Item = T>, options: PageOptions) -> Self {
        Self::from_arc(Arc::new(source), options)
    }

    /// A stream over a shared source's pages.
    pub fn from_arc(source: Arc<dyn PageSource<Item = T>>, options: PageOptions) -> Self {
        Self {
            source: Some(source),
            options,
            next: NextFetch::Start,
            in_flight: None,
            in_flight_cursor: None,
            prefetch: None,
            progress: Progress::default(),
            pending_error: None,
            finished: false,
        }
    }

    /// A stream that yields `error` and ends: what an operation returns when its parameters
    /// fail validation, so nothing is ever sent.
    pub fn failed(error: Error) -> Self {
        Self {
            source: None,
            options: PageOptions::default(),
            next: NextFetch::End,
            in_flight: None,
            in_flight_cursor: None,
            prefetch: None,
            progress: Progress::default(),
            pending_error: Some(error),
            finished: false,
        }
    }

    /// A stream of the items of these pages, in order.
    pub fn items(self) -> Items<T> {
        let remaining = self.options.limit;
        Items {
            pages: self,
            current: Vec::new().into_iter(),
            remaining,
        }
    }

    /// Where to resume this listing later: the cursor of the page after the last one
    /// yielded (before the first page: the start cursor, if any; at the end: `None`).
    pub fn next_cursor(&self) -> Option<&Cursor> {
        match &self.next {
            NextFetch::Start => self.options.resume_from.as_ref(),
            NextFetch::At(_) | NextFetch::Again(_) | NextFetch::End => {
                self.progress.resume.as_ref()
            }
        }
    }

    /// The total number of items, once a page has reported it.
    pub fn total(&self) -> Option<u64> {
        self.progress.total
    }

    /// How many pages have been received.
    pub fn pages_fetched(&self) -> u64 {
        self.progress.pages_fetched
    }

    /// Starts fetching the page at `cursor` (`None`: the source's default first page).
    fn launch(
        &mut self,
        source: &Arc<dyn PageSource<Item = T>>,
        cursor: Option<&Cursor>,
    ) -> Result<PageFuture<T>, Error> {
        let progress = &mut self.progress;
        if let Some(max) = self.options.max_pages
            && progress.pages_launched >= max
        {
            return Err(PaginationLoop::new(
                PaginationLoopReason::MaxPages(max),
                progress.style,
                progress.pages_fetched,
            )
            .into());
        }
        progress.pages_launched += 1;
        if let Some(cursor) = cursor {
            progress.style = cursor.style();
            progress.requested.insert(cursor);
        }
        let span = tracing::debug_span!(
            "page",
            index = progress.pages_launched,
            style = cursor.map_or("first", Cursor::style),
        );
        Ok(source.fetch(cursor).instrument(span))
    }

    /// Whether `page`, fetched at `cursor`, is empty where the reported total promises items
    /// and was not fetched again already: then it is fetched once more instead of accepted.
    fn should_recheck(&mut self, page: &Page<T>, cursor: Option<&Cursor>) -> bool {
        let progress = &mut self.progress;
        // Where this page starts: its cursor's position, or (markers) the items so far.
        let position = cursor
            .and_then(Cursor::position)
            .or_else(|| progress.position_so_far());
        let promised = match (page.total.or(progress.total), position) {
            (Some(total), Some(position)) => position < total,
            _ => false,
        };
        let fetched_again = progress
            .rechecked
            .as_ref()
            .is_some_and(|rechecked| rechecked.as_ref() == cursor);
        if !page.items.is_empty() || !promised || fetched_again {
            return false;
        }
        tracing::debug!("an empty page where the reported total promises items: fetching it again");
        progress.rechecked = Some(cursor.cloned());
        true
    }

    /// Updates progress with a received page and decides whether paging goes on: returns
    /// the cursor to fetch next (`None` at the end) and queues an error if paging looped.
    fn accept(&mut self, page: &mut Page<T>, check_repeats: bool) -> Option<Cursor> {
        let progress = &mut self.progress;
        progress.pages_fetched += 1;
        progress.items_received += page.items.len() as u64;
        if let Some(total) = page.total {
            if let Some(previous) = progress.total
                && previous != total
            {
                tracing::warn!(
                    previous,
                    total,
                    "the listing's reported total changed while it was read: the catalogue \
                     changed, and items may have moved between pages"
                );
            }
            progress.total = Some(total);
        }
        if let Some(style) = page.next.as_ref().map(Cursor::style) {
            progress.style = style;
        }
        let mut next = page.next.take().filter(|cursor| !cursor.is_empty_marker());
        // The reported total wins over a stray next cursor. Where the next page starts is
        // the rule's word (its cursor's position), else the items received so far.
        let position_after = next
            .as_ref()
            .and_then(Cursor::position)
            .or_else(|| progress.position_so_far());
        if let (Some(total), Some(position)) = (progress.total, position_after)
            && position >= total
        {
            next = None;
        }
        page.next.clone_from(&next);
        progress.resume.clone_from(&next);
        if self
            .options
            .limit
            .is_some_and(|limit| progress.items_received >= limit)
        {
            // Keep the page's cursor for resuming; fetch nothing more.
            return None;
        }
        let next = next?;
        if page.items.is_empty() {
            progress.empty_run += 1;
            if progress.empty_run >= self.options.max_empty_pages {
                self.pending_error = Some(
                    PaginationLoop::new(
                        PaginationLoopReason::EmptyPages(progress.empty_run),
                        next.style(),
                        progress.pages_fetched,
                    )
                    .into(),
                );
                return None;
            }
        } else {
            progress.empty_run = 0;
        }
        if check_repeats && progress.requested.contains(&next) {
            self.pending_error = Some(
                PaginationLoop::new(
                    PaginationLoopReason::RepeatedCursor,
                    next.style(),
                    progress.pages_fetched,
                )
                .into(),
            );
            return None;
        }
        Some(next)
    }

    /// Switches to ordered prefetch after the first page, when the options ask for it and
    /// the listing's remaining cursors can be computed from the reported total.
    fn maybe_start_prefetch(&mut self, next: &Cursor) -> bool {
        let progress = &self.progress;
        if self.options.concurrency < 2 || progress.sequential_only {
            return false;
        }
        let (Some(total), Some(position), Some(size)) =
            (progress.total, next.position(), next.page_size())
        else {
            return false;
        };
        let end = match self.options.limit {
            Some(limit) => {
                let wanted = limit.saturating_sub(progress.items_received);
                total.min(position.saturating_add(wanted))
            }
            None => total,
        };
        let pages = end
            .saturating_sub(position)
            .div_ceil(u64::from(size.max(1)));
        self.prefetch = Some(Prefetch::new(next.clone(), pages, self.options.concurrency));
        true
    }
}

impl<T: Send + 'static> Stream for Pages<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(error) = this.pending_error.take() {
            this.finished = true;
            this.in_flight = None;
            this.prefetch = None;
            return Poll::Ready(Some(Err(error)));
        }
        if this.finished {
            return Poll::Ready(None);
        }
        let Some(source) = this.source.clone() else {
            this.finished = true;
            return Poll::Ready(None);
        };

        if this.prefetch.is_some() {
            return this.poll_prefetch(&source, cx);
        }

        if this.in_flight.is_none() {
            let cursor = match std::mem::replace(&mut this.next, NextFetch::End) {
                NextFetch::Start if this.options.limit == Some(0) => {
                    // Nothing fetched: a resumed listing starts where this one would have.
                    this.progress.resume = this.options.start_cursor(source.as_ref());
                    this.finished = true;
                    return Poll::Ready(None);
                }
                NextFetch::Start => {
                    this.progress.base_position = match &this.options.resume_from {
                        Some(cursor) => cursor.position(),
                        None => source.first_position(),
                    };
                    this.options.start_cursor(source.as_ref())
                }
                NextFetch::At(cursor) => Some(cursor),
                NextFetch::Again(cursor) => cursor,
                NextFetch::End => {
                    this.finished = true;
                    return Poll::Ready(None);
                }
            };
            match this.launch(&source, cursor.as_ref()) {
                Ok(future) => {
                    this.in_flight = Some(future);
                    this.in_flight_cursor = cursor;
                }
                Err(error) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }

        let Some(future) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = ready!(Pin::new(future).poll(cx));
        this.in_flight = None;
        match result {
            Err(error) => {
                this.finished = true;
                Poll::Ready(Some(Err(error)))
            }
            Ok(mut page) => {
                let cursor = this.in_flight_cursor.take();
                if this.should_recheck(&page, cursor.as_ref()) {
                    this.next = NextFetch::Again(cursor);
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                match this.accept(&mut page, true) {
                    Some(next) => {
                        if !this.maybe_start_prefetch(&next) {
                            this.next = NextFetch::At(next);
                        }
                    }
                    None => this.next = NextFetch::End,
                }
                Poll::Ready(Some(Ok(page)))
            }
        }
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("options", &self.options)
            .field("pages_fetched", &self.progress.pages_fetched)
            .field("items_received", &self.progress.items_received)
            .field("total", &self.progress.total)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// A `Stream` of the items of a listing, in order, page after page. `Send` and `Unpin`.
pub struct Items<T> {
    pages: Pages<T>,
    current: std::vec::IntoIter<T>,
    remaining: Option<u64>,
}

impl<T> Unpin for Items<T> {}

impl<T: Send + 'static> Items<T> {
    /// The total number of items, once a page has reported it.
    pub fn total(&self) -> Option<u64> {
        self.pages.total()
    }

    /// The page stream underneath (for its progress and resume cursor).
    pub fn pages(&self) -> &Pages<T> {
        &self.pages
    }
}

impl<T: Send + 'static> Items<T> {
    /// The next item of the page in hand: the path of every item but a page's first, kept
    /// small so that it inlines into the caller's loop (items can be large structs, and
    /// each layer of calls they pass through by value copies them).
    #[inline]
    fn next_in_page(&mut self) -> Option<T> {
        if self.remaining == Some(0) {
            return None;
        }
        let item = self.current.next()?;
        if let Some(remaining) = &mut self.remaining {
            *remaining -= 1;
        }
        Some(item)
    }

    /// Fetches pages until one holds an item, the listing ends, or it fails.
    #[inline(never)]
    fn poll_next_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if self.remaining == Some(0) {
                self.current = Vec::new().into_iter();
                return Poll::Ready(None);
            }
            if let Some(item) = self.next_in_page() {
                return Poll::Ready(Some(Ok(item)));
            }
            // Free the exhausted page before the next one is fetched and decoded.
            self.current = Vec::new().into_iter();
            match ready!(Pin::new(&mut self.pages).poll_next(cx)) {
                Some(Ok(page)) => self.current = page.items.into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<T: Send + 'static> Stream for Items<T> {
    type Item = Result<T, Error>;

    #[inline]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.next_in_page() {
            Some(item) => Poll::Ready(Some(Ok(item))),
            None => this.poll_next_page(cx),
        }
    }
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}
