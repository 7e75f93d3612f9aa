//! Running the bot until shutdown: start-up chores, the scheduler, and long polling that
//! rides out Telegram outages (teloxide's dispatcher gives up at start when `getMe` fails;
//! here it is retried with backoff). A token Telegram rejects is fatal.
//!
//! Signals, systemd and exit codes are the binary's.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::update_listeners::{polling_default, UpdateListener};
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;
use tracing::{error, info, warn};

use super::{jobs, lock, prepare, schema, Context};

/// The longest pause between two attempts to reach Telegram.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Why the bot stopped on its own.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Telegram says the bot token is wrong (revoked in @BotFather, mistyped).
    #[error("Telegram rejected the bot token (InvalidToken): check the telegram-bot-token credential or BOT_TOKEN")]
    InvalidToken,
}

/// A stop request and the running listener's token.
#[derive(Default)]
struct Stop {
    requested: bool,
    listener: Option<StopToken>,
}

/// Serves `ctx` on `bot` until `shutdown` resolves: [`prepare`], the scheduler, [`poll`].
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
    let result = poll(bot, ctx, shutdown).await;
    if let Some(mut scheduler) = scheduler {
        if let Err(err) = scheduler.shutdown().await {
            info!(%err, "scheduler did not stop cleanly");
        }
    }
    result
}

/// Long polling over [`schema`] until `shutdown` resolves, retrying while Telegram is
/// unreachable; updates in hand are finished before it returns.
pub async fn poll(
    bot: Bot,
    ctx: Arc<Context>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![ctx])
        .build();
    // Stopping goes through the listener's own stop token: teloxide's ShutdownToken loses
    // a shutdown that arrives while an update is being handed to a worker (its Notify
    // keeps no permit), and the dispatcher would then poll forever.
    let stop = Arc::new(Mutex::new(Stop::default()));
    let wake = Arc::new(Notify::new());
    {
        let (stop, wake) = (stop.clone(), wake.clone());
        tokio::spawn(async move {
            shutdown.await;
            let mut stop = lock(&stop);
            stop.requested = true;
            if let Some(token) = stop.listener.take() {
                token.stop();
            }
            wake.notify_one();
        });
    }
    let mut failures: u32 = 0;
    let result = loop {
        // Reach Telegram first: teloxide's start-up would log each failed attempt twice.
        let reached = match bot.get_me().await {
            Ok(_) => {
                let mut listener = polling_default(bot.clone()).await;
                {
                    let mut stop = lock(&stop);
                    if stop.requested {
                        break Ok(());
                    }
                    stop.listener = Some(listener.stop_token());
                }
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
                if lock(&stop).requested {
                    break Ok(());
                }
                failures = failures.saturating_add(1);
                let pause = Duration::from_secs(1u64 << failures.min(6)).min(MAX_BACKOFF);
                warn!(%err, retry_in_secs = pause.as_secs(), "cannot reach Telegram");
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = wake.notified() => break Ok(()),
                }
            }
        }
    };
    result
}
