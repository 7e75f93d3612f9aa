//! Running the bot until shutdown: start-up chores, the scheduler, and long polling that
//! rides out Telegram outages (teloxide's dispatcher gives up at start when `getMe` fails;
//! here it is retried with backoff). A token Telegram rejects is fatal.
//!
//! Signals, systemd and exit codes are the binary's.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::update_listeners::polling_default;
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;
use tracing::{error, info, warn};

use super::{jobs, prepare, schema, Context};

/// The longest pause between two attempts to reach Telegram.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Why the bot stopped on its own.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Telegram says the bot token is wrong (revoked in @BotFather, mistyped).
    #[error("Telegram rejected the bot token (InvalidToken): check the telegram-bot-token credential or BOT_TOKEN")]
    InvalidToken,
}

/// Serves `ctx` on `bot` until `shutdown` resolves.
pub async fn serve(
    bot: Bot,
    ctx: Arc<Context>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    prepare(&ctx).await;
    let scheduler = match jobs::start(bot.clone(), ctx.clone()).await {
        Ok(scheduler) => Some(scheduler),
        Err(err) => {
            error!(error = %format!("{err:#}"), "cannot start the scheduler; digests and alerts are off");
            None
        }
    };
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![ctx])
        .build();
    let stopping = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(Notify::new());
    let done = Arc::new(AtomicBool::new(false));
    {
        let (stopping, wake, done) = (stopping.clone(), wake.clone(), done.clone());
        let token = dispatcher.shutdown_token();
        tokio::spawn(async move {
            shutdown.await;
            stopping.store(true, Ordering::SeqCst);
            wake.notify_waiters();
            // The token refuses while the dispatcher is between attempts; keep asking
            // until it stops or the serve loop has noticed the flag.
            while !done.load(Ordering::SeqCst) {
                if let Ok(stopped) = token.shutdown() {
                    stopped.await;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
    }
    let mut failures: u32 = 0;
    let result = loop {
        if stopping.load(Ordering::SeqCst) {
            break Ok(());
        }
        // Reach Telegram first: teloxide's start-up would log each failed attempt twice.
        let reached = match bot.get_me().await {
            Ok(_) => {
                let listener = polling_default(bot.clone()).await;
                let handler =
                    LoggingErrorHandler::with_custom_text("An error from the update listener");
                dispatcher
                    .try_dispatch_with_listener(listener, handler)
                    .await
            }
            Err(err) => Err(err),
        };
        match reached {
            Ok(()) => break Ok(()),
            Err(RequestError::Api(ApiError::InvalidToken)) => break Err(Error::InvalidToken),
            Err(err) => {
                failures = failures.saturating_add(1);
                let pause = Duration::from_secs(1u64 << failures.min(6)).min(MAX_BACKOFF);
                warn!(%err, retry_in_secs = pause.as_secs(), "cannot reach Telegram");
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = wake.notified() => {}
                }
            }
        }
    };
    done.store(true, Ordering::SeqCst);
    if let Some(mut scheduler) = scheduler {
        if let Err(err) = scheduler.shutdown().await {
            info!(%err, "scheduler did not stop cleanly");
        }
    }
    result
}
