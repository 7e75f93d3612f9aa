//! hh-bot: the Telegram bot, long polling the Bot API; answers only `[bot] allowed_chats`.
//!
//! Exit codes: 0 stopped on a signal, 3 configuration error (no token, no allowed chats,
//! an unreadable config or ledger, a bot token Telegram rejects).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use hh_agent::bot::{serve, Context};
use hh_agent::clock::Clock;
use hh_agent::config::{self, Config, Secrets};
use hh_agent::ledger::Ledger;
use hh_agent::{systemd, telemetry};
use teloxide::prelude::*;

/// Runs the hh-agent Telegram bot.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The config file.
    #[arg(long, env = "HH_AGENT_CONFIG", default_value = config::DEFAULT_PATH)]
    config: PathBuf,
}

fn main() -> ExitCode {
    // The scheduler announces every job at info.
    telemetry::init("info,tokio_cron_scheduler=warn");
    let args = Args::parse();
    let env = |name: &str| std::env::var(name).ok();
    let credentials = std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from);
    let setup = (|| {
        let config = Config::load(&args.config, &env)?;
        config.bot.validate_for_running()?;
        let secrets = Secrets::load(credentials.as_deref(), &env)?;
        let token = secrets.bot_token()?.expose().to_owned();
        let api_url = config.bot.api_url()?;
        std::fs::create_dir_all(&config.bot.state_dir)?;
        let ledger = Ledger::open(&config.bot.state_dir.join("ledger.sqlite3"))?;
        let context = Context::new(config, &secrets, ledger, Clock::system())?;
        anyhow::Ok((Bot::new(token).set_api_url(api_url), context))
    })();
    let (bot, context) = match setup {
        Ok(setup) => setup,
        Err(err) => {
            eprintln!("hh-bot: {err:#}");
            return ExitCode::from(3);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("hh-bot: cannot start the runtime: {err}");
            return ExitCode::from(3);
        }
    };
    let served = runtime.block_on(async move {
        systemd::notify_ready();
        systemd::spawn_watchdog();
        tracing::info!("hh-bot started");
        let served = serve(bot, Arc::new(context), systemd::shutdown_signal()).await;
        systemd::notify_stopping();
        served
    });
    if let Err(err) = served {
        tracing::error!(%err, "hh-bot stopped");
        eprintln!("hh-bot: {err}");
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}
