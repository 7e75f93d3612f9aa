//! Logging for the binaries: journald when its socket exists, else stderr; `RUST_LOG` filters.
//!
//! Only binaries call [`init`]. Nothing here decides what is logged; the rule that no
//! secret reaches a log line is kept by [`crate::secret::Secret`] and by callers.

use std::path::Path;
use std::sync::OnceLock;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

const JOURNALD_SOCKET: &str = "/run/systemd/journal/socket";

/// Whether [`init`] sent logging to the journal.
static TO_JOURNAL: OnceLock<bool> = OnceLock::new();

/// Installs the global subscriber; `default_filter` applies when `RUST_LOG` is unset.
pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let registry = tracing_subscriber::registry().with(filter);
    if Path::new(JOURNALD_SOCKET).exists() && std::env::var_os("JOURNAL_STREAM").is_some() {
        if let Ok(journald) = tracing_journald::layer() {
            registry.with(journald).init();
            let _ = TO_JOURNAL.set(true);
            return;
        }
    }
    registry
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false),
        )
        .init();
}

/// Whether logging goes to the journal (else to stderr, or nowhere before [`init`]).
pub fn to_journal() -> bool {
    TO_JOURNAL.get().copied().unwrap_or(false)
}
