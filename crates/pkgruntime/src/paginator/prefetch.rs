//! Ordered prefetch: up to `concurrency` requests in flight, pages yielded in order.
//!
//! Page-number and offset listings can plan every remaining cursor once a page has reported
//! the total, so the engine requests several pages at once and yields them strictly in order.
//!
//! The plan is a guess; the server's word decides. A page is yielded only if the cursor its
//! paging rule computed from what the server *reported* is the one the plan launched next
//! (or the end where the plan ends), and its total is the plan's. So every page yielded was
//! requested exactly as a sequential listing would have requested it. A page that
//! contradicts the plan — fewer or more items than a full page, another page size, a
//! changed total — is yielded as a sequential listing would yield it, the planned pages
//! after it are dropped unread, and the listing goes on one page at a time from that page's
//! own next cursor: nothing is skipped or repeated.
//!
//! A request that completes frees its place at once, even while an earlier page is still
//! awaited: a slow page does not hold back the requests behind it. Completed pages wait for
//! the earlier ones, at most `2 × concurrency` pages ahead of the consumer. The listing stops
//! exactly where a sequential one would: the first page whose paging rule says "end" ends
//! the stream, and the pages still in flight are dropped, which cancels their requests.

use super::{NextFetch, PageFuture, PageSource, Pages};
use crate::Error;
use futures::StreamExt as _;
use futures::stream::FuturesUnordered;
use pkgmodel::{Cursor, Page};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A launched page: its cursor, and its result once the request has completed.
struct Slot<T> {
    cursor: Cursor,
    result: Option<Result<Page<T>, Error>>,
}

/// A page request tagged with its place in the listing.
struct Numbered<T> {
    number: u64,
    future: PageFuture<T>,
}

impl<T> Future for Numbered<T> {
    type Output = (u64, Result<Page<T>, Error>);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let number = self.number;
        Pin::new(&mut self.future)
            .poll(cx)
            .map(|result| (number, result))
    }
}

/// The state of an ordered prefetch.
pub(super) struct Prefetch<T> {
    /// The next cursor to launch.
    cursor: Cursor,
    /// How many pages remain to be launched.
    to_launch: u64,
    concurrency: usize,
    /// The requests in flight.
    running: FuturesUnordered<Numbered<T>>,
    /// The launched pages not yet yielded, in order; the first is number `first`.
    ahead: VecDeque<Slot<T>>,
    first: u64,
    /// An error met while launching (the page cap), reported after the pages before it.
    deferred_error: Option<Error>,
}

impl<T> Prefetch<T> {
    /// Prefetches `pages` pages starting at `cursor`, `concurrency` at a time.
    pub(super) fn new(cursor: Cursor, pages: u64, concurrency: usize) -> Self {
        Self {
            cursor,
            to_launch: pages,
            concurrency,
            running: FuturesUnordered::new(),
            ahead: VecDeque::new(),
            first: 0,
            deferred_error: None,
        }
    }

    /// The cursor the plan launches after the page just taken from the front: the next
    /// slot's, or the next to launch, or `None` where the plan ends.
    fn planned_next(&self) -> Option<&Cursor> {
        match self.ahead.front() {
            Some(slot) => Some(&slot.cursor),
            None => (self.to_launch > 0).then_some(&self.cursor),
        }
    }

    /// Files a completed request's result in its slot.
    fn complete(&mut self, number: u64, result: Result<Page<T>, Error>) {
        let slot = number
            .checked_sub(self.first)
            .and_then(|index| usize::try_from(index).ok())
            .and_then(|index| self.ahead.get_mut(index));
        if let Some(slot) = slot {
            slot.result = Some(result);
        }
    }
}

impl<T: Send + 'static> Pages<T> {
    /// Launches pages while fewer than `concurrency` requests are in flight. Each request is
    /// polled once here, so that it is sent now rather than after the pages already answered
    /// have been read and decoded.
    fn fill(
        &mut self,
        prefetch: &mut Prefetch<T>,
        source: &Arc<dyn PageSource<Item = T>>,
        cx: &mut Context<'_>,
    ) {
        while prefetch.running.len() < prefetch.concurrency
            && prefetch.ahead.len() < prefetch.concurrency.saturating_mul(2)
            && prefetch.to_launch > 0
        {
            let cursor = prefetch.cursor.clone();
            match self.launch(source, Some(&cursor)) {
                Ok(mut future) => {
                    let number = prefetch.first + prefetch.ahead.len() as u64;
                    let result = match Pin::new(&mut future).poll(cx) {
                        Poll::Ready(result) => Some(result),
                        Poll::Pending => {
                            prefetch.running.push(Numbered { number, future });
                            None
                        }
                    };
                    prefetch.to_launch -= 1;
                    match cursor.advanced_by(1) {
                        Some(next) => prefetch.cursor = next,
                        None => prefetch.to_launch = 0,
                    }
                    prefetch.ahead.push_back(Slot { cursor, result });
                }
                Err(error) => {
                    prefetch.to_launch = 0;
                    prefetch.deferred_error = Some(error);
                }
            }
        }
    }

    /// Stops prefetching: dropping `prefetch` cancels the pages still in flight, and the
    /// planned pages not yet yielded are forgotten as requested, their answers unused.
    fn abandon(&mut self, prefetch: Prefetch<T>) {
        for cancelled in &prefetch.ahead {
            self.progress.requested.remove(&cancelled.cursor);
        }
        drop(prefetch);
    }

    /// `poll_next` while prefetching.
    pub(super) fn poll_prefetch(
        &mut self,
        source: &Arc<dyn PageSource<Item = T>>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Page<T>, Error>>> {
        let Some(mut prefetch) = self.prefetch.take() else {
            return Poll::Ready(None);
        };
        // Collect every completed request, refilling its place at once.
        loop {
            self.fill(&mut prefetch, source, cx);
            match prefetch.running.poll_next_unpin(cx) {
                Poll::Ready(Some((number, result))) => prefetch.complete(number, result),
                Poll::Ready(None) | Poll::Pending => break,
            }
        }
        let slot = match prefetch.ahead.front_mut() {
            None => {
                self.finished = true;
                return Poll::Ready(prefetch.deferred_error.take().map(Err));
            }
            Some(slot) => match slot.result.take() {
                None => {
                    self.prefetch = Some(prefetch);
                    return Poll::Pending;
                }
                Some(result) => result,
            },
        };
        let cursor = prefetch.ahead.pop_front().map(|slot| slot.cursor);
        prefetch.first += 1;
        match slot {
            Err(error) => {
                // Dropping `prefetch` cancels the pages still in flight.
                self.finished = true;
                Poll::Ready(Some(Err(error)))
            }
            Ok(mut page) => {
                if self.should_recheck(&page, cursor.as_ref()) {
                    // Back to one page at a time from this page on.
                    self.abandon(prefetch);
                    self.next = NextFetch::Again(cursor);
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                let planned_total = self.progress.total;
                // Cursors come from the plan, checked below, so repeats cannot happen here.
                let Some(next) = self.accept(&mut page, false) else {
                    self.finished = true;
                    return Poll::Ready(Some(Ok(page)));
                };
                let total_kept = page.total.is_none_or(|total| Some(total) == planned_total);
                if total_kept && prefetch.planned_next() == Some(&next) {
                    self.prefetch = Some(prefetch);
                } else {
                    tracing::warn!(
                        page = self.progress.pages_fetched,
                        "a page contradicts the prefetch plan (another size, number of items \
                         or total than planned): following the server one page at a time"
                    );
                    self.abandon(prefetch);
                    self.progress.sequential_only = true;
                    self.next = NextFetch::At(next);
                }
                Poll::Ready(Some(Ok(page)))
            }
        }
    }
}
