//! hh-refresh: a oneshot for a systemd timer that refreshes the token pair when due.
//!
//! Exit codes: 0 refreshed or nothing due, 1 transient failure or a lost answer (the next
//! run retries), 2 re-authorization needed (hh.ru refused the stored refresh token, or there
//! is no usable token file), 3 configuration error.
//!
//! When nothing is due it takes the lock, reads the file, notes the check and exits: no
//! runtime, no HTTP client, no TLS.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use hh_agent::app::{self, Failure, OrExit, ServiceArgs};
use hh_agent::clock::Clock;
use hh_agent::refresh::{self, Check, Outcome, Policy};
use hh_agent::token_store::Store;
use hh_agent::{oauth, telemetry};

fn main() -> ExitCode {
    telemetry::init("info");
    app::exit(env!("CARGO_BIN_NAME"), run())
}

fn run() -> Result<ExitCode, Failure> {
    let about = "Refreshes the hh.ru token pair if it has expired.";
    let Some(args) = ServiceArgs::from_env(env!("CARGO_BIN_NAME"), about).or_exit(3)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let config = app::config(&args.config).or_exit(3)?;
    let clock = Clock::system();
    let due = match refresh::check(&Store::new(&config.token.path), &clock) {
        Ok(Check::Done(outcome)) => return Ok(done(outcome)),
        Ok(Check::Due(due)) => due,
        Err(err) => return Err(failure(err)),
    };
    let client = oauth::Client::new(&config.hh).or_exit(3)?;
    let refreshed =
        app::runtime()
            .or_exit(1)?
            .block_on(due.refresh(&client, &clock, &Policy::default()));
    refreshed.map(done).map_err(failure)
}

fn done(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Refreshed { expires_at } => tracing::info!(%expires_at, "token pair refreshed"),
        // A timer run that finds nothing to do is no news every 15 minutes (`hh status`
        // shows the last check); logged only on request, it also keeps the no-op lean.
        Outcome::NotDue { due_at } => tracing::debug!(
            %due_at,
            "not due yet: hh.ru refreshes only after the access token expires"
        ),
        Outcome::NoLogin => {
            tracing::debug!("no hh.ru login: no user token to refresh (the app's token needs none)")
        }
    }
    ExitCode::SUCCESS
}

fn failure(err: refresh::Error) -> Failure {
    let code = match err {
        refresh::Error::Transient(_) | refresh::Error::Uncertain(_) => 1,
        refresh::Error::Reauthorize(_) => 2,
        refresh::Error::Misconfigured(_) => 3,
    };
    Failure::new(code, err)
}
