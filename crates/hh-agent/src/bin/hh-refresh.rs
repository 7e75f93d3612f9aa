//! hh-refresh: a oneshot for a systemd timer that refreshes the token pair when due.
//!
//! Exit codes: 0 refreshed or nothing due, 1 transient failure or a lost answer (the next
//! run retries), 2 re-authorization needed (hh.ru refused the stored refresh token, or there
//! is no usable token file), 3 configuration error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use hh_agent::clock::Clock;
use hh_agent::config::{self, Config};
use hh_agent::refresh::{self, Outcome, Policy};
use hh_agent::token_store::Store;
use hh_agent::{oauth, telemetry};

/// Refreshes the hh.ru token pair if it has expired.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The config file.
    #[arg(long, env = "HH_AGENT_CONFIG", default_value = config::DEFAULT_PATH)]
    config: PathBuf,
}

fn main() -> ExitCode {
    telemetry::init("info");
    let args = Args::parse();
    let env = |name: &str| std::env::var(name).ok();
    let config = match Config::load(&args.config, &env) {
        Ok(config) => config,
        Err(err) => return fail(3, &err),
    };
    let client = match oauth::Client::new(&config.hh) {
        Ok(client) => client,
        Err(err) => return fail(3, &err),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return fail(1, &err.into()),
    };
    let store = Store::new(&config.token.path);
    let result = runtime.block_on(refresh::refresh_if_due(
        &store,
        &client,
        &Clock::system(),
        &Policy::default(),
    ));
    match result {
        Ok(Outcome::Refreshed { expires_at }) => {
            tracing::info!(%expires_at, "token pair refreshed");
            ExitCode::SUCCESS
        }
        Ok(Outcome::NotDue { due_at }) => {
            tracing::info!(%due_at, "not due yet: hh.ru refreshes only after the access token expires");
            ExitCode::SUCCESS
        }
        Err(err @ (refresh::Error::Transient(_) | refresh::Error::Uncertain(_))) => {
            fail(1, &err.into())
        }
        Err(err @ refresh::Error::Reauthorize(_)) => fail(2, &err.into()),
        Err(err @ refresh::Error::Misconfigured(_)) => fail(3, &err.into()),
    }
}

fn fail(code: u8, err: &anyhow::Error) -> ExitCode {
    tracing::error!(exit_code = code, "{err:#}");
    ExitCode::from(code)
}
