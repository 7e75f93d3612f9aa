//! How the online commands answer: text for people or JSON for scripts (`--json`), an
//! exit status, and a progress bar on stderr for runs longer than a second when stderr is a
//! terminal (nothing at all otherwise).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

/// A command's answer: the same result as text and as JSON, and whether it succeeded.
#[derive(Debug, Clone)]
pub struct Answer {
    /// For people; ends with a newline.
    pub text: String,
    /// For scripts.
    pub json: Value,
    /// Whether the command did what was asked (exit status 0).
    pub ok: bool,
}

impl Answer {
    /// A successful answer.
    pub fn ok(text: String, json: Value) -> Answer {
        Answer {
            text,
            json,
            ok: true,
        }
    }

    /// What to print: the text, or the JSON document.
    pub fn render(&self, json: bool) -> String {
        if json {
            format!(
                "{}\n",
                serde_json::to_string_pretty(&self.json).unwrap_or_default()
            )
        } else {
            self.text.clone()
        }
    }
}

/// How long a run goes before a progress bar appears.
pub const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Whether a progress bar is shown: only on a terminal, and only once the run is long.
pub fn progress_wanted(terminal: bool, elapsed: Duration) -> bool {
    terminal && elapsed >= PROGRESS_AFTER
}

/// A progress bar that appears on stderr after [`PROGRESS_AFTER`] when stderr is a
/// terminal; otherwise it draws nothing.
pub struct Progress {
    started: Instant,
    terminal: bool,
    message: &'static str,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar labelled `message`, not drawn yet.
    pub fn new(message: &'static str) -> Progress {
        Progress {
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            message,
            bar: None,
        }
    }

    /// `done` of `total` steps are finished.
    pub fn update(&mut self, done: usize, total: usize) {
        if self.bar.is_none() && progress_wanted(self.terminal, self.started.elapsed()) {
            let bar = ProgressBar::new(0);
            if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos} из {len}") {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(self.message);
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// Removes the bar, if one was drawn.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_on_a_terminal_and_only_after_a_second() {
        assert!(!progress_wanted(false, Duration::from_secs(30)));
        assert!(!progress_wanted(true, Duration::from_millis(999)));
        assert!(progress_wanted(true, PROGRESS_AFTER));
    }
}
