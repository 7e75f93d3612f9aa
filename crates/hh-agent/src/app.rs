//! What the four binaries share around their own work: the services' command line,
//! loading the config and the secrets, the one-thread runtime, and ending with an exit
//! code and one line about the failure. What each binary does, and what its exit codes
//! mean, stays in the binary; `hh`'s subcommands are its own (clap).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::{self, Config, Secrets};
use crate::telemetry;

/// The variable that names the config file when `--config` is not given.
pub const CONFIG_ENV: &str = "HH_AGENT_CONFIG";

/// The command line of a service (hh-callback, hh-refresh, hh-bot): `--config PATH`,
/// `--help`, `--version`. Written by hand rather than with clap, which made each service
/// binary about 0.2 MiB larger and its start-up slower for one option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceArgs {
    /// The config file: `--config`, else `$HH_AGENT_CONFIG`, else [`config::DEFAULT_PATH`].
    pub config: PathBuf,
}

/// What a service's command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// Run with these arguments.
    Run(ServiceArgs),
    /// Print this text to stdout and exit successfully (`--help`, `--version`).
    Print(String),
}

impl ServiceArgs {
    /// The process's own command line; help and version are printed here, and `None`
    /// then means "exit successfully".
    pub fn from_env(binary: &str, about: &str) -> anyhow::Result<Option<ServiceArgs>> {
        let args = std::env::args_os().skip(1);
        match ServiceArgs::parse(binary, about, args, std::env::var_os(CONFIG_ENV))? {
            Invocation::Run(args) => Ok(Some(args)),
            Invocation::Print(text) => {
                quiet_on_closed_pipe(stdout(&text))?;
                Ok(None)
            }
        }
    }

    /// Parses `args` (without the program name); `config_env` is `$HH_AGENT_CONFIG`.
    pub fn parse(
        binary: &str,
        about: &str,
        args: impl IntoIterator<Item = OsString>,
        config_env: Option<OsString>,
    ) -> anyhow::Result<Invocation> {
        let mut config = None;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if let Some(path) = text.strip_prefix("--config=") {
                config = Some(PathBuf::from(path));
            } else if text == "--config" {
                let path = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--config needs a path; see {binary} --help"))?;
                config = Some(PathBuf::from(path));
            } else if text == "--help" || text == "-h" {
                return Ok(Invocation::Print(format!(
                    "{about}\n\nUsage: {binary} [--config PATH]\n\nOptions:\n  --config PATH  the config file [env: {CONFIG_ENV}] [default: {}]\n  -h, --help     print this help\n  -V, --version  print the version\n",
                    config::DEFAULT_PATH
                )));
            } else if text == "--version" || text == "-V" {
                return Ok(Invocation::Print(format!(
                    "{binary} {}\n",
                    env!("CARGO_PKG_VERSION")
                )));
            } else {
                anyhow::bail!("unexpected argument {text:?}; see {binary} --help");
            }
        }
        let config = config
            .or_else(|| {
                config_env
                    .filter(|path| !path.is_empty())
                    .map(PathBuf::from)
            })
            .unwrap_or_else(|| PathBuf::from(config::DEFAULT_PATH));
        Ok(Invocation::Run(ServiceArgs { config }))
    }
}

/// An environment variable, as config and secrets loading read them.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The config file at `path`, with the environment's overrides.
pub fn config(path: &Path) -> anyhow::Result<Config> {
    Config::load(path, &env)
}

/// The secrets: systemd credentials (`$CREDENTIALS_DIRECTORY`) first, then the environment.
pub fn secrets() -> anyhow::Result<Secrets> {
    let credentials = std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from);
    Secrets::load(credentials.as_deref(), &env)
}

/// The runtime the services use: one thread, with IO and timers.
///
/// A [`tokio::runtime::LocalRuntime`] rather than `Builder::build`: `build` can also make
/// the multi-thread scheduler (teloxide enables it for the whole package), and that one
/// reaches `f64::powf`, so every service linked libm (about 0.3 MiB resident) for code it
/// never runs. `build_local` makes only the one-thread scheduler.
pub fn runtime() -> std::io::Result<tokio::runtime::LocalRuntime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build_local(tokio::runtime::LocalOptions::default())
}

/// Writes `text` to stdout and flushes it. Unlike `print!`, a reader that went away
/// (`hh --help | head -1`) is an error to return, not a panic.
pub fn stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Whether `error` comes from writing to a pipe whose reader has gone: the output was
/// not wanted any more, which is no failure (as `grep -q` and `head` expect).
pub fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `result`, with a closed pipe taken as success (see [`closed_pipe`]).
pub fn quiet_on_closed_pipe(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A failure with the exit code its binary documents for it.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl Failure {
    /// `error`, to end the process with `code`.
    pub fn new(code: u8, error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            code,
            error: error.into(),
        }
    }
}

/// Tags an error with its exit code: `app::config(path).or_exit(3)?`.
pub trait OrExit<T> {
    /// The error as a [`Failure`] with `code`.
    fn or_exit(self, code: u8) -> Result<T, Failure>;
}

impl<T, E: Into<anyhow::Error>> OrExit<T> for Result<T, E> {
    fn or_exit(self, code: u8) -> Result<T, Failure> {
        self.map_err(|error| Failure::new(code, error))
    }
}

/// Ends `binary`: a success as it is; a failure said once — to the journal at error level
/// when logging goes there, else on stderr as `binary: reason` — and turned into its code.
pub fn exit(binary: &str, result: Result<ExitCode, Failure>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(Failure { error, .. }) if closed_pipe(&error) => ExitCode::SUCCESS,
        Err(Failure { code, error }) => {
            if telemetry::to_journal() {
                tracing::error!(exit_code = code, "{error:#}");
            } else {
                eprintln!("{binary}: {error:#}");
            }
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: Option<&str>) -> anyhow::Result<Invocation> {
        ServiceArgs::parse(
            "hh-test",
            "Tests.",
            args.iter().map(OsString::from),
            env.map(OsString::from),
        )
    }

    fn run(config: &str) -> Invocation {
        Invocation::Run(ServiceArgs {
            config: PathBuf::from(config),
        })
    }

    #[test]
    fn the_config_path_comes_from_the_option_then_the_environment_then_the_default() {
        assert_eq!(
            parse(&["--config", "/a.toml"], Some("/env.toml")).unwrap(),
            run("/a.toml")
        );
        assert_eq!(parse(&["--config=/b.toml"], None).unwrap(), run("/b.toml"));
        assert_eq!(parse(&[], Some("/env.toml")).unwrap(), run("/env.toml"));
        assert_eq!(parse(&[], Some("")).unwrap(), run(config::DEFAULT_PATH));
        assert_eq!(parse(&[], None).unwrap(), run(config::DEFAULT_PATH));
    }

    /// The services' runtime (one thread, `build_local`) still serves what they spawn:
    /// tasks from `tokio::spawn`, timers and sockets.
    #[test]
    fn the_runtime_runs_spawned_tasks_timers_and_sockets() {
        let answer = runtime().unwrap().block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let accepted = tokio::spawn(async move { listener.accept().await.is_ok() });
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            tokio::net::TcpStream::connect(addr).await.unwrap();
            accepted.await.unwrap()
        });
        assert!(answer);
    }

    #[test]
    fn help_and_version_print_and_bad_arguments_are_refused() {
        let Invocation::Print(help) = parse(&["--config", "/a", "--help"], None).unwrap() else {
            panic!("--help did not print");
        };
        assert!(
            help.starts_with("Tests.\n\nUsage: hh-test [--config PATH]"),
            "{help}"
        );
        assert!(help.contains(CONFIG_ENV) && help.contains(config::DEFAULT_PATH));
        assert_eq!(
            parse(&["-V"], None).unwrap(),
            Invocation::Print(format!("hh-test {}\n", env!("CARGO_PKG_VERSION")))
        );
        let missing = parse(&["--config"], None).unwrap_err().to_string();
        assert!(missing.contains("--config needs a path"), "{missing}");
        let unknown = parse(&["--confg", "x"], None).unwrap_err().to_string();
        assert!(
            unknown.contains("unexpected argument \"--confg\""),
            "{unknown}"
        );
    }
}
