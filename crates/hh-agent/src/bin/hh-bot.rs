//! hh-bot: the Telegram bot, long polling the Bot API; answers only `[bot] allowed_chats`.
//!
//! Exit codes: 0 stopped on a signal, 3 configuration error (no token, no allowed chats,
//! an unreadable config or ledger, a bot token Telegram rejects).
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::Arc;

use hh_agent::app::{self, Failure, OrExit, ServiceArgs};
use hh_agent::bot::{serve, Context};
use hh_agent::clock::Clock;
use hh_agent::ledger::Ledger;
use hh_agent::{systemd, telemetry};
use teloxide::prelude::*;

fn main() -> ExitCode {
    // The scheduler announces every job at info.
    telemetry::init("info,tokio_cron_scheduler=warn");
    app::exit(env!("CARGO_BIN_NAME"), run())
}

fn run() -> Result<ExitCode, Failure> {
    let about = "Runs the hh-agent Telegram bot.";
    let Some(args) = ServiceArgs::from_env(env!("CARGO_BIN_NAME"), about).or_exit(3)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let (bot, context) = set_up(&args).or_exit(3)?;
    app::runtime()
        .or_exit(3)?
        .block_on(async move {
            systemd::notify_ready();
            systemd::spawn_watchdog();
            tracing::info!("hh-bot started");
            let served = serve(bot, Arc::new(context), systemd::shutdown_signal()).await;
            systemd::notify_stopping();
            served
        })
        .or_exit(3)?;
    Ok(ExitCode::SUCCESS)
}

fn set_up(args: &ServiceArgs) -> anyhow::Result<(Bot, Context)> {
    let config = app::config(&args.config)?;
    config.bot.validate_for_running()?;
    let secrets = app::secrets()?;
    let token = secrets.bot_token()?.expose().to_owned();
    let api_url = config.bot.api_url()?;
    std::fs::create_dir_all(&config.bot.state_dir)?;
    let ledger = Ledger::open(&config.bot.state_dir.join(hh_agent::ledger::FILE_NAME))?;
    let context = Context::new(config, &secrets, ledger, Clock::system())?;
    Ok((Bot::new(token).set_api_url(api_url), context))
}
