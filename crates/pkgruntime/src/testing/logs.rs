//! [`capture_logs`]: everything `tracing` emits, as text, to check what reaches the logs.

use std::sync::{Arc, Mutex, PoisonError};

/// Captures everything `tracing` emits at TRACE (all targets, span events included) on the
/// calling thread while the returned guard lives; read it with [`LogBuffer::text`]. Used to
/// check that no secret ever reaches a log.
///
/// ```
/// let (guard, logs) = pkgruntime::testing::capture_logs();
/// tracing::debug!(user = "admin", "listing");
/// drop(guard);
/// assert!(logs.text().contains("listing user=\"admin\""));
/// ```
pub fn capture_logs() -> (tracing::subscriber::DefaultGuard, LogBuffer) {
    // With a single registered dispatcher, tracing-core caches a callsite's interest from
    // whichever thread reaches it first — in parallel tests, often one with no subscriber,
    // so "never". A second dispatcher kept alive makes every callsite ask each dispatcher.
    static SECOND: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    SECOND.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    (tracing::subscriber::set_default(subscriber), buffer)
}

/// The text [`capture_logs`] collected. Cheap to clone (shared).
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl std::fmt::Debug for LogBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogBuffer").finish_non_exhaustive()
    }
}

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
