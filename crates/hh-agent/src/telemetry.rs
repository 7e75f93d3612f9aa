//! Logging for the binaries: journald when its socket exists, else stderr — coloured only
//! on a terminal and without `NO_COLOR`; `RUST_LOG` filters.
//!
//! Only binaries call [`init`]. Nothing here decides what is logged; the rule that no
//! secret reaches a log line is kept by [`crate::secret::Secret`] and by callers.

use std::io::IsTerminal as _;
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
                .with_ansi(colours(
                    std::io::stderr().is_terminal(),
                    std::env::var_os("NO_COLOR"),
                ))
                .with_target(false),
        )
        .init();
}

/// Whether log lines on stderr may carry ANSI colours: only on a terminal (a pipe, a file
/// or systemd's stream to the journal gets plain text), and not when `NO_COLOR` is set to
/// anything non-empty (https://no-color.org).
fn colours(terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    terminal && no_color.is_none_or(|value| value.is_empty())
}

/// Whether logging goes to the journal (else to stderr, or nowhere before [`init`]).
pub fn to_journal() -> bool {
    TO_JOURNAL.get().copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_only_on_a_terminal_without_no_color() {
        assert!(colours(true, None));
        assert!(colours(true, Some("".into())));
        assert!(!colours(true, Some("1".into())));
        assert!(!colours(false, None));
    }
}
