//! hh: the command-line tool — token status, login links, offline ranking and letters,
//! the sandbox and the demo.

#[cfg(feature = "sandbox")]
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(feature = "sandbox")]
use anyhow::Context as _;
use clap::{Parser, Subcommand};
use hh_agent::clock::Clock;
use hh_agent::config::{self, Config};
use hh_agent::report::Report;
use hh_agent::token_store::Store;
use hh_agent::{cli, telemetry};
#[cfg(feature = "sandbox")]
use hh_sandbox::{self as sandbox, telegram, Sandbox};

/// hh-agent: поиск работы на hh.ru без рутины.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The config file.
    #[arg(long, global = true, env = "HH_AGENT_CONFIG", default_value = config::DEFAULT_PATH)]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Показать состояние файла токена (без секретов).
    Status,
    /// Напечатать ссылку для входа на hh.ru (действует 10 минут, один раз).
    AuthLink {
        /// Telegram chat id to confirm the authorization in.
        #[arg(long)]
        chat_id: Option<i64>,
    },
    /// Запустить локальную песочницу hh.ru.
    #[cfg(feature = "sandbox")]
    Sandbox {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: SocketAddr,
        /// The redirect URI "registered" for the sandbox app.
        #[arg(long, default_value = sandbox::DEFAULT_REDIRECT_URI)]
        redirect_uri: String,
        /// The dataset's seed (the same seed gives the same vacancies, people and resumes).
        #[arg(long, default_value_t = sandbox::dataset::DEFAULT_SEED)]
        seed: u64,
        /// Also serve a Telegram Bot API emulator on this address (for hh-bot's tests and
        /// benchmarks; controls under /_telegram/).
        #[arg(long)]
        telegram_listen: Option<SocketAddr>,
    },
    /// Показать весь путь на встроенной песочнице: вход, обновление токена, подбор, письмо, отклик.
    #[cfg(feature = "sandbox")]
    Demo,
    /// Ранжировать вакансии (JSON hh.ru) под резюме, без сети.
    Rank {
        /// The resume: hh.ru's GET /resumes/{id} JSON, or plain text.
        #[arg(long)]
        resume: PathBuf,
        /// Vacancies in GET /vacancies/{id} shape: a JSON array, or one object per line.
        #[arg(long)]
        vacancies: PathBuf,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// hh.ru's GET /dictionaries answer, for today's exchange rates.
        #[arg(long)]
        dictionaries: Option<PathBuf>,
    },
    /// Написать сопроводительное письмо к вакансии (шаблон; с --llm — языковая модель).
    Letter {
        /// The resume: hh.ru's GET /resumes/{id} JSON, or plain text.
        #[arg(long)]
        resume: PathBuf,
        /// One vacancy in GET /vacancies/{id} shape.
        #[arg(long)]
        vacancy: PathBuf,
        /// Ask the language model of the config's [llm] section.
        #[arg(long)]
        llm: bool,
    },
}

/// The config for the offline commands: the file when it exists; none when the default
/// path has no file (the commands then use defaults); an error for a missing explicit one.
fn optional_config(
    path: &std::path::Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Option<Config>> {
    if path == std::path::Path::new(config::DEFAULT_PATH) && !path.exists() {
        return Ok(None);
    }
    Config::load(path, env).map(Some)
}

fn main() -> ExitCode {
    let args = Args::parse();
    #[cfg(feature = "sandbox")]
    let serving = matches!(args.command, Command::Sandbox { .. });
    #[cfg(not(feature = "sandbox"))]
    let serving = false;
    telemetry::init(if serving { "info" } else { "warn" });
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("hh: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(execute(args)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("hh: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let env = |name: &str| std::env::var(name).ok();
    match args.command {
        Command::Status => {
            let config = Config::load(&args.config, &env)?;
            let report = Report::new(&Store::new(&config.token.path), chrono::Utc::now());
            print!("{report}");
            Ok(if report.is_healthy() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::AuthLink { chat_id } => {
            let config = Config::load(&args.config, &env)?;
            let (secrets, source) = cli::credentials::load(&env)?;
            let signer = cli::credentials::signer(&secrets, &source)?;
            let state = signer.issue(chat_id, Clock::system().now());
            let link = hh_agent::state::login_url(config.redirect_url(), &state);
            println!("Откройте ссылку в браузере в течение 10 минут:\n{link}");
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "sandbox")]
        Command::Sandbox {
            listen,
            redirect_uri,
            seed,
            telegram_listen,
        } => {
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            let sandbox = Sandbox::new(sandbox::Options {
                redirect_uri: redirect_uri.clone(),
                seed,
                ..sandbox::Options::default()
            });
            let base = format!("http://{}", listener.local_addr()?);
            println!("Песочница hh.ru работает: {base}");
            println!("  client_id:     {}", sandbox::CLIENT_ID);
            println!(
                "  client_secret: {} (тестовый, общеизвестный)",
                sandbox::CLIENT_SECRET
            );
            println!("  redirect_uri:  {redirect_uri}");
            println!("В config.toml: oauth_base_url = \"{base}\", api_base_url = \"{base}\". Управление: {base}/_sandbox/");
            let catalog = sandbox.catalog();
            let data = &catalog.dataset;
            println!(
                "Данные (seed {seed}): вакансий — {}, работодателей — {}. Соискатели (POST {base}/_sandbox/authorize/next?person=N):",
                data.vacancies.len(),
                data.employers.len()
            );
            for (index, person) in data.people.iter().enumerate() {
                let titles: Vec<&str> = person.resumes.iter().map(|r| r.title.as_str()).collect();
                println!(
                    "  {index}: {} {} — {}",
                    person.first_name,
                    person.last_name,
                    titles.join("; ")
                );
            }
            let hh = sandbox.run(listener, hh_agent::systemd::shutdown_signal());
            match telegram_listen {
                Some(address) => {
                    let listener = tokio::net::TcpListener::bind(address)
                        .await
                        .with_context(|| format!("cannot listen on {address}"))?;
                    let telegram = telegram::Server::new(&listener)?;
                    let url = telegram.url();
                    println!("Эмулятор Telegram Bot API: {url} (в config.toml: [bot] telegram_api_url = \"{url}\"). Управление: {url}_telegram/");
                    let bot_api = telegram.run(listener, hh_agent::systemd::shutdown_signal());
                    tokio::try_join!(hh, bot_api)?;
                }
                None => hh.await?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rank {
            resume,
            vacancies,
            json,
            limit,
            dictionaries,
        } => {
            let config = optional_config(&args.config, &env)?;
            let options = cli::RankOptions {
                resume,
                vacancies,
                dictionaries,
                filters: config
                    .map(|config| hh_agent::rank::Filters::from(&config.filters))
                    .unwrap_or_default(),
                limit,
                json,
            };
            print!("{}", cli::rank(&options)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Letter {
            resume,
            vacancy,
            llm,
        } => {
            let options = cli::LetterOptions {
                resume,
                vacancy,
                llm,
                config: optional_config(&args.config, &env)?,
                secrets: cli::credentials::load(&env)?.0,
            };
            print!("{}", cli::letter(&options).await?);
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "sandbox")]
        Command::Demo => {
            let dir = tempfile::Builder::new().prefix("hh-demo-").tempdir()?;
            let mut out = std::io::stdout();
            hh_agent::demo::run(dir.path(), &mut out).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
