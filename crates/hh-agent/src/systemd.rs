//! Talking to the service manager: readiness, watchdog pings, stopping on SIGTERM.
//!
//! All of it is a no-op outside systemd (no `NOTIFY_SOCKET`), so binaries call it
//! unconditionally. Unit files live in `systemd/`, not here.

use std::time::Duration;

/// Tells systemd the service is ready (`READY=1`).
pub fn notify_ready() {
    if let Err(err) = sd_notify::notify(false, &[sd_notify::NotifyState::Ready]) {
        tracing::warn!(%err, "cannot notify systemd");
    }
}

/// Tells systemd the service is stopping (`STOPPING=1`).
pub fn notify_stopping() {
    let _ = sd_notify::notify(false, &[sd_notify::NotifyState::Stopping]);
}

/// When `WATCHDOG_USEC` is set (and `WATCHDOG_PID`, if present, names this process), pings
/// systemd at half the interval for as long as the runtime lives.
pub fn spawn_watchdog() {
    let usec = std::env::var("WATCHDOG_USEC").ok();
    let pid = std::env::var("WATCHDOG_PID").ok();
    let Some(period) = watchdog_period(usec.as_deref(), pid.as_deref(), std::process::id()) else {
        return;
    };
    tracing::info!(
        period_ms = period.as_millis() as u64,
        "systemd watchdog enabled"
    );
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            let _ = sd_notify::notify(false, &[sd_notify::NotifyState::Watchdog]);
        }
    });
}

/// The ping period for `WATCHDOG_USEC` and `WATCHDOG_PID` as `sd_watchdog_enabled(3)`
/// reads them: the PID is optional, but when set it must be ours. (The sd-notify crate
/// insists on the PID, which systemd does not.)
fn watchdog_period(usec: Option<&str>, pid: Option<&str>, own_pid: u32) -> Option<Duration> {
    let usec: u64 = usec?.trim().parse().ok().filter(|&usec| usec > 0)?;
    if let Some(pid) = pid {
        if pid.trim().parse::<u32>().ok() != Some(own_pid) {
            return None;
        }
    }
    Some(Duration::from_micros(usec / 2))
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(term) => term,
        Err(err) => {
            tracing::warn!(%err, "cannot listen for SIGTERM");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = term.recv() => tracing::info!("SIGTERM received, shutting down"),
        _ = tokio::signal::ctrl_c() => tracing::info!("interrupt received, shutting down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watchdog_period_follows_sd_watchdog_enabled() {
        let half = Some(Duration::from_millis(100));
        assert_eq!(watchdog_period(Some("200000"), None, 7), half);
        assert_eq!(watchdog_period(Some("200000"), Some("7"), 7), half);
        assert_eq!(watchdog_period(Some("200000"), Some("8"), 7), None);
        assert_eq!(watchdog_period(Some("0"), None, 7), None);
        assert_eq!(watchdog_period(Some("soon"), None, 7), None);
        assert_eq!(watchdog_period(None, Some("7"), 7), None);
    }
}
