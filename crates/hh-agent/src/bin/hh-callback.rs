//! hh-callback: finishes hh.ru's OAuth redirect and writes the token file.
//!
//! Exit codes: 0 stopped on a signal, 1 anything that kept it from serving.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use hh_agent::app::{self, Failure, OrExit, ServiceArgs};
use hh_agent::callback::{self, Context, Limits};
use hh_agent::clock::Clock;
use hh_agent::{systemd, telemetry};

fn main() -> ExitCode {
    telemetry::init("info");
    app::exit(env!("CARGO_BIN_NAME"), run())
}

fn run() -> Result<ExitCode, Failure> {
    let about = "Serves the OAuth callback behind nginx.";
    let Some(args) = ServiceArgs::from_env(env!("CARGO_BIN_NAME"), about).or_exit(1)? else {
        return Ok(ExitCode::SUCCESS);
    };
    app::runtime()
        .or_exit(1)?
        .block_on(serve(args))
        .or_exit(1)?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(args: ServiceArgs) -> anyhow::Result<()> {
    let config = app::config(&args.config)?;
    let ctx = Context::new(
        &config,
        &app::secrets()?,
        Clock::system(),
        Limits::default(),
    )?;
    let listener = tokio::net::TcpListener::bind(config.callback.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.callback.listen))?;
    tracing::info!(
        addr = %listener.local_addr()?,
        callback = ctx.callback_path(),
        login = ?ctx.login_paths(),
        "hh-callback listening"
    );
    systemd::notify_ready();
    systemd::spawn_watchdog();
    callback::run(listener, Arc::new(ctx), async {
        systemd::shutdown_signal().await;
        systemd::notify_stopping();
    })
    .await?;
    tracing::info!("hh-callback stopped");
    Ok(())
}
