//! hh-callback: finishes hh.ru's OAuth redirect and writes the token file.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser;
use hh_agent::callback::{self, Context, Limits};
use hh_agent::clock::Clock;
use hh_agent::config::{self, Config, Secrets};
use hh_agent::{systemd, telemetry};

/// Serves the OAuth callback behind nginx.
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
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            tracing::error!(%err, "cannot start the runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("hh-callback: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: Args) -> anyhow::Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    let config = Config::load(&args.config, &env)?;
    let credentials = std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from);
    let secrets = Secrets::load(credentials.as_deref(), &env)?;
    let ctx = Context::new(&config, &secrets, Clock::system(), Limits::default())?;
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
