//! Ordered prefetch: up to `concurrency` pages in flight, yielded in order.
//!
//! Page-number and offset listings know every remaining cursor once a page has reported the
//! total, so the engine requests several pages at once and yields them strictly in order
//! (a `FuturesOrdered`). It stops exactly where a sequential listing would: the first page
//! whose paging rule says "end" ends the stream, and the pages still in flight are dropped,
//! which cancels their requests.

use super::{NextFetch, PageFuture, PageSource, Pages};
use crate::Error;
use futures::StreamExt as _;
use futures::stream::FuturesOrdered;
use pkgmodel::{Cursor, Page};
use std::collections::VecDeque;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The state of an ordered prefetch.
pub(super) struct Prefetch<T> {
    /// The next cursor to launch.
    cursor: Cursor,
    /// How many pages remain to be launched.
    to_launch: u64,
    concurrency: usize,
    in_flight: FuturesOrdered<PageFuture<T>>,
    /// The cursors of the pages in flight, in order.
    cursors: VecDeque<Cursor>,
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
            in_flight: FuturesOrdered::new(),
            cursors: VecDeque::new(),
            deferred_error: None,
        }
    }
}

impl<T: Send + 'static> Pages<T> {
    /// `poll_next` while prefetching.
    pub(super) fn poll_prefetch(
        &mut self,
        source: &Arc<dyn PageSource<Item = T>>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Page<T>, Error>>> {
        let Some(mut prefetch) = self.prefetch.take() else {
            return Poll::Ready(None);
        };
        while prefetch.in_flight.len() < prefetch.concurrency && prefetch.to_launch > 0 {
            let cursor = prefetch.cursor.clone();
            match self.launch(source, Some(&cursor)) {
                Ok(future) => {
                    prefetch.in_flight.push_back(future);
                    prefetch.cursors.push_back(cursor.clone());
                    prefetch.to_launch -= 1;
                    match cursor.advanced_by(1) {
                        Some(next) => prefetch.cursor = next,
                        None => prefetch.to_launch = 0,
                    }
                }
                Err(error) => {
                    prefetch.to_launch = 0;
                    prefetch.deferred_error = Some(error);
                }
            }
        }
        match prefetch.in_flight.poll_next_unpin(cx) {
            Poll::Pending => {
                self.prefetch = Some(prefetch);
                Poll::Pending
            }
            Poll::Ready(None) => {
                self.finished = true;
                Poll::Ready(prefetch.deferred_error.take().map(Err))
            }
            Poll::Ready(Some(Err(error))) => {
                // Dropping `prefetch` cancels the pages still in flight.
                self.finished = true;
                Poll::Ready(Some(Err(error)))
            }
            Poll::Ready(Some(Ok(mut page))) => {
                let cursor = prefetch.cursors.pop_front();
                if self.should_recheck(&page, cursor.as_ref()) {
                    // Back to one page at a time from this page on; dropping `prefetch`
                    // cancels the pages in flight after it, which were never answered.
                    for cancelled in &prefetch.cursors {
                        self.progress.requested.remove(cancelled);
                    }
                    self.next = NextFetch::Again(cursor);
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                // Cursors come from the precomputed sequence, so repeats cannot happen here.
                if self.accept(&mut page, false).is_some() {
                    self.prefetch = Some(prefetch);
                } else {
                    self.finished = true;
                }
                Poll::Ready(Some(Ok(page)))
            }
        }
    }
}
