//! hh: the command-line tool — token status, login and logout, search, recommendations,
//! applications and the resume bump (the bot's powers, same ledger and cap), offline
//! ranking and letters, shell completions, the sandbox and the demo. The logic is
//! `hh_agent::cli`; this parses, dispatches and prints.
#![forbid(unsafe_code)]

#[cfg(feature = "sandbox")]
use std::fmt::Write as _;
#[cfg(feature = "sandbox")]
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(feature = "sandbox")]
use anyhow::Context as _;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};
use hh_agent::cli::session::Session;
use hh_agent::clock::Clock;
use hh_agent::config::{self, Config};
use hh_agent::{app, cli, telemetry};
#[cfg(feature = "sandbox")]
use hh_sandbox::{self as sandbox, telegram, Sandbox};

/// hh-agent: поиск работы на hh.ru без рутины — вход, поиск, подбор вакансий, письма и отклики.
#[derive(Parser)]
#[command(name = "hh", version)]
struct Args {
    /// Файл конфигурации; по умолчанию /etc/hh-agent/config.toml или $HH_AGENT_CONFIG.
    #[arg(long, global = true, env = "HH_AGENT_CONFIG", default_value = config::DEFAULT_PATH, value_name = "ФАЙЛ", hide_default_value = true, hide_env = true)]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Показать состояние файла токена (без секретов) и что приложению доступно на hh.ru.
    Status {
        /// Не обращаться к hh.ru: только файлы на этой машине.
        #[arg(long)]
        offline: bool,
    },
    /// Напечатать ссылку для входа на hh.ru (действует 10 минут, один раз).
    AuthLink {
        /// Чат Telegram, в котором бот подтвердит вход.
        #[arg(long, value_name = "ЧИСЛО")]
        chat_id: Option<i64>,
    },
    /// Войти на hh.ru: напечатать ссылку и дождаться, пока вход завершится.
    Login {
        /// Сколько секунд ждать входа (не больше 600 — столько действует ссылка).
        #[arg(
            long,
            value_name = "СЕКУНДЫ",
            default_value_t = 600,
            hide_default_value = true
        )]
        timeout: u64,
        /// Ссылку и итог — в JSON, по строке на каждое.
        #[arg(long)]
        json: bool,
    },
    /// Выйти из hh.ru: отозвать токен и удалить его с сервера.
    Logout {
        /// Не спрашивать подтверждения.
        #[arg(long)]
        yes: bool,
        /// Итог — в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Искать вакансии на hh.ru по словам и фильтрам, в порядке hh.ru.
    Search {
        /// Что искать, на языке запросов hh.ru.
        #[arg(value_name = "СЛОВА", required = true)]
        words: Vec<String>,
        /// Регион: номер области hh.ru (1 — Москва, 2 — Санкт-Петербург); можно несколько раз.
        #[arg(long, value_name = "НОМЕР")]
        area: Vec<String>,
        /// Зарплата в рублях, к которой подобрать вакансии.
        #[arg(long, value_name = "РУБЛИ")]
        salary: Option<u64>,
        /// Только вакансии с указанной зарплатой.
        #[arg(long)]
        only_with_salary: bool,
        /// Опыт: 0 (без опыта), 1-3, 3-6 или 6+ лет.
        #[arg(long, value_name = "ЛЕТ", hide_possible_values = true)]
        experience: Option<cli::search::Experience>,
        /// Только удалённая работа (то же, что --format remote).
        #[arg(long)]
        remote: bool,
        /// Формат работы: office, remote, hybrid или field (разъездная); можно несколько раз.
        #[arg(long = "format", value_name = "ФОРМАТ", hide_possible_values = true)]
        formats: Vec<cli::search::WorkFormat>,
        /// Занятость: full, part, project или fly-in-fly-out (вахта); можно несколько раз.
        #[arg(long, value_name = "ВИД", hide_possible_values = true)]
        employment: Vec<cli::search::Employment>,
        /// Опубликованные за столько последних дней (1–30).
        #[arg(long, value_name = "ДНИ")]
        period: Option<u32>,
        /// Порядок: date (сначала новые), salary (по зарплате) или relevance (по соответствию).
        #[arg(long, value_name = "ПОРЯДОК", hide_possible_values = true)]
        order: Option<cli::search::Order>,
        /// Сколько вакансий показать (по умолчанию 20, не больше 2000).
        #[arg(
            long,
            value_name = "N",
            default_value_t = 20,
            hide_default_value = true
        )]
        limit: u32,
        /// Вывод в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Подобрать вакансии под резюме с оценкой и причинами, как /recommend в боте.
    Recommend {
        /// Файл резюме (JSON hh.ru или текст) вместо активного резюме hh.ru; вход не нужен.
        #[arg(long, value_name = "ФАЙЛ")]
        resume: Option<PathBuf>,
        /// Сколько вакансий показать (по умолчанию 10).
        #[arg(
            long,
            value_name = "N",
            default_value_t = 10,
            hide_default_value = true
        )]
        limit: usize,
        /// Вывод в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Откликнуться на вакансию: тот же лимит, журнал и проверки, что у бота.
    Apply {
        /// Номер вакансии или ссылка на неё.
        #[arg(value_name = "ВАКАНСИЯ")]
        vacancy: String,
        /// Своё сопроводительное письмо из файла (иначе письмо составит шаблон).
        #[arg(long, value_name = "ФАЙЛ", conflicts_with = "no_letter")]
        letter: Option<PathBuf>,
        /// Откликнуться без письма.
        #[arg(long)]
        no_letter: bool,
        /// Показать, что будет отправлено, и ничего не отправлять.
        #[arg(long)]
        dry_run: bool,
        /// Отметить отклик, сделанный вручную на сайте hh.ru.
        #[arg(long, conflicts_with_all = ["dry_run", "letter", "no_letter"])]
        done: bool,
        /// Вывод в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Показать отклики из журнала, сверив их со списком откликов на hh.ru.
    Applications {
        /// Сколько последних откликов показать (по умолчанию 50).
        #[arg(
            long,
            value_name = "N",
            default_value_t = 50,
            hide_default_value = true
        )]
        limit: usize,
        /// Вывод в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Поднять активное резюме в поиске hh.ru.
    Bump {
        /// Вывод в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Проверить установку: конфигурацию, секреты, токен, службы, nginx, связь с hh.ru и Telegram.
    Doctor {
        /// Вывод в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Напечатать автодополнение для оболочки: bash, zsh или fish.
    Completions {
        /// Оболочка: bash, zsh или fish.
        #[arg(value_name = "ОБОЛОЧКА", hide_possible_values = true)]
        shell: Shell,
    },
    /// Запустить локальную песочницу hh.ru.
    #[cfg(feature = "sandbox")]
    Sandbox {
        /// Адрес, на котором слушать (по умолчанию 127.0.0.1:8090).
        #[arg(
            long,
            value_name = "АДРЕС",
            default_value = "127.0.0.1:8090",
            hide_default_value = true
        )]
        listen: SocketAddr,
        /// Адрес возврата, «зарегистрированный» для приложения песочницы.
        #[arg(long, value_name = "URL", default_value = sandbox::DEFAULT_REDIRECT_URI, hide_default_value = true)]
        redirect_uri: String,
        /// Зерно данных: одно и то же зерно даёт те же вакансии, людей и резюме.
        #[arg(long, value_name = "ЧИСЛО", default_value_t = sandbox::dataset::DEFAULT_SEED, hide_default_value = true)]
        seed: u64,
        /// Ещё и эмулятор Telegram Bot API на этом адресе (управление — /_telegram/).
        #[arg(long, value_name = "АДРЕС")]
        telegram_listen: Option<SocketAddr>,
        /// Что hh.ru разрешает приложению: full (как в спецификации декабря 2025) или closed (как в 2026: без анонимного поиска и методов соискателя); переключается на ходу: POST /_sandbox/access?profile=….
        #[arg(long, default_value_t = sandbox::Access::Full, value_name = "ПРОФИЛЬ", hide_default_value = true)]
        access: sandbox::Access,
    },
    /// Показать весь путь на встроенной песочнице: вход, обновление токена, подбор, письмо, отклик.
    #[cfg(feature = "sandbox")]
    Demo {
        /// Что hh.ru разрешает приложению: full (по умолчанию: вход и отклики через API) или closed (как у большинства приложений с 2026 года: ключ приложения, резюме из PDF, отклик по ссылке).
        #[arg(
            long,
            default_value = "full",
            hide_default_value = true,
            value_name = "full|closed"
        )]
        access: sandbox::Access,
    },
    /// Ранжировать вакансии (JSON hh.ru) под резюме, без сети.
    Rank {
        /// Резюме: JSON hh.ru (GET /resumes/{id}), файл резюме с hh.ru (PDF, DOCX, RTF, TXT) или текст.
        #[arg(long, value_name = "ФАЙЛ")]
        resume: PathBuf,
        /// Вакансии в виде GET /vacancies/{id}: массив JSON или по объекту в строке.
        #[arg(long, value_name = "ФАЙЛ")]
        vacancies: PathBuf,
        /// Вывод в JSON.
        #[arg(long)]
        json: bool,
        /// Сколько вакансий показать (по умолчанию 20).
        #[arg(
            long,
            value_name = "N",
            default_value_t = 20,
            hide_default_value = true
        )]
        limit: usize,
        /// Ответ hh.ru на GET /dictionaries — для сегодняшних курсов валют.
        #[arg(long, value_name = "ФАЙЛ")]
        dictionaries: Option<PathBuf>,
    },
    /// Написать сопроводительное письмо к вакансии (шаблон; с --llm — языковая модель).
    Letter {
        /// Резюме: JSON hh.ru (GET /resumes/{id}), файл резюме с hh.ru (PDF, DOCX, RTF, TXT) или текст.
        #[arg(long, value_name = "ФАЙЛ")]
        resume: PathBuf,
        /// Одна вакансия в виде GET /vacancies/{id}.
        #[arg(long, value_name = "ФАЙЛ")]
        vacancy: PathBuf,
        /// Попросить языковую модель из раздела [llm] конфигурации.
        #[arg(long)]
        llm: bool,
    },
}

/// The shells `hh completions` writes for.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
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

/// Prints `answer` as text or JSON; its exit status.
fn print(answer: &cli::output::Answer, json: bool) -> std::io::Result<ExitCode> {
    app::stdout(&answer.render(json))?;
    Ok(if answer.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn main() -> ExitCode {
    let args = match cli::help::parse::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    #[cfg(feature = "sandbox")]
    let serving = matches!(args.command, Command::Sandbox { .. });
    #[cfg(not(feature = "sandbox"))]
    let serving = false;
    // What a person reads from the commands is their output; logs only on request (RUST_LOG).
    telemetry::init(if serving { "info" } else { "off" });
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
        // The reader of our output went away (`hh search … | head`): nothing failed.
        Err(err) if app::closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("hh: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let env = |name: &str| std::env::var(name).ok();
    match args.command {
        Command::Status { offline } => {
            let config = Config::load(&args.config, &env)?;
            let report = cli::status(&config, offline, &env).await;
            app::stdout(&report.to_string())?;
            Ok(if report.is_healthy() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Login { timeout, json } => {
            let session = Session::open(Config::load(&args.config, &env)?, &env)?;
            let options = cli::account::LoginOptions {
                timeout: Duration::from_secs(timeout),
                poll: Duration::from_millis(500),
                json,
            };
            let answer = cli::account::login(&session, &options, &mut std::io::stdout()).await?;
            Ok(print(&answer, json)?)
        }
        Command::Logout { yes, json } => {
            let session = Session::open(Config::load(&args.config, &env)?, &env)?;
            let mut input = std::io::stdin().lock();
            let answer =
                cli::account::logout(&session, yes, &mut input, &mut std::io::stderr()).await?;
            Ok(print(&answer, json)?)
        }
        Command::Search {
            words,
            area,
            salary,
            only_with_salary,
            experience,
            remote,
            mut formats,
            employment,
            period,
            order,
            limit,
            json,
        } => {
            if remote && !formats.contains(&cli::search::WorkFormat::Remote) {
                formats.push(cli::search::WorkFormat::Remote);
            }
            let options = cli::search::SearchOptions {
                words,
                areas: area,
                salary,
                only_with_salary,
                experience,
                formats,
                employment,
                period,
                order,
                limit,
            };
            let session = Session::open(Config::load(&args.config, &env)?, &env)?;
            let answer = cli::search::search(&session.ctx.client, &options).await?;
            Ok(print(&answer, json)?)
        }
        Command::Recommend {
            resume,
            limit,
            json,
        } => {
            let session = Session::open(Config::load(&args.config, &env)?, &env)?;
            let options = cli::recommend::RecommendOptions { resume, limit };
            Ok(print(
                &cli::recommend::recommend(&session, &options).await?,
                json,
            )?)
        }
        Command::Apply {
            vacancy,
            letter,
            no_letter,
            dry_run,
            done,
            json,
        } => {
            let letter = match (letter, no_letter) {
                (Some(path), _) => cli::apply::LetterChoice::File(path),
                (None, true) => cli::apply::LetterChoice::Without,
                (None, false) => cli::apply::LetterChoice::Drafted,
            };
            let options = cli::apply::ApplyOptions {
                vacancy,
                letter,
                dry_run,
                done,
            };
            let session = Session::open(Config::load(&args.config, &env)?, &env)?;
            Ok(print(&cli::apply::apply(&session, &options).await?, json)?)
        }
        Command::Applications { limit, json } => {
            let session = Session::open(Config::load(&args.config, &env)?, &env)?;
            Ok(print(
                &cli::applications::applications(&session, limit).await?,
                json,
            )?)
        }
        Command::Bump { json } => {
            let session = Session::open(Config::load(&args.config, &env)?, &env)?;
            Ok(print(&cli::bump::bump(&session).await?, json)?)
        }
        Command::Doctor { json } => {
            let options = cli::doctor::Options::system(args.config);
            let checks = cli::doctor::run(&options, &env).await;
            Ok(print(&cli::doctor::answer(&checks), json)?)
        }
        Command::Completions { shell } => {
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            let mut command = cli::help::localize(Args::command());
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "hh", &mut script);
            app::stdout(&String::from_utf8_lossy(&script))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::AuthLink { chat_id } => {
            let config = Config::load(&args.config, &env)?;
            let (secrets, source) = cli::credentials::load(&env)?;
            let signer = cli::credentials::signer(&secrets, &source)?;
            let state = signer.issue(chat_id, Clock::system().now());
            let link = hh_agent::state::login_url(config.redirect_url(), &state);
            app::stdout(&format!(
                "Откройте ссылку в браузере в течение 10 минут:\n{link}\n"
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "sandbox")]
        Command::Sandbox {
            listen,
            redirect_uri,
            seed,
            telegram_listen,
            access,
        } => {
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            let sandbox = Sandbox::new(sandbox::Options {
                redirect_uri: redirect_uri.clone(),
                seed,
                access,
                ..sandbox::Options::default()
            });
            let base = format!("http://{}", listener.local_addr()?);
            let mut banner = String::new();
            writeln!(banner, "Песочница hh.ru работает: {base}")?;
            writeln!(banner, "  client_id:     {}", sandbox::CLIENT_ID)?;
            writeln!(
                banner,
                "  client_secret: {} (тестовый, общеизвестный)",
                sandbox::CLIENT_SECRET
            )?;
            writeln!(banner, "  redirect_uri:  {redirect_uri}")?;
            writeln!(
                banner,
                "  доступ:        {access} (POST {base}/_sandbox/access?profile=full|closed)"
            )?;
            writeln!(banner, "В config.toml: oauth_base_url = \"{base}\", api_base_url = \"{base}\". Управление: {base}/_sandbox/")?;
            let catalog = sandbox.catalog();
            let data = &catalog.dataset;
            writeln!(
                banner,
                "Данные (seed {seed}): вакансий — {}, работодателей — {}. Соискатели (POST {base}/_sandbox/authorize/next?person=N):",
                data.vacancies.len(),
                data.employers.len()
            )?;
            for (index, person) in data.people.iter().enumerate() {
                let titles: Vec<&str> = person.resumes.iter().map(|r| r.title.as_str()).collect();
                writeln!(
                    banner,
                    "  {index}: {} {} — {}",
                    person.first_name,
                    person.last_name,
                    titles.join("; ")
                )?;
            }
            // The banner is for a person; a server whose stdout went away keeps serving.
            app::quiet_on_closed_pipe(app::stdout(&banner))?;
            let hh = sandbox.run(listener, hh_agent::systemd::shutdown_signal());
            match telegram_listen {
                Some(address) => {
                    let listener = tokio::net::TcpListener::bind(address)
                        .await
                        .with_context(|| format!("cannot listen on {address}"))?;
                    let telegram = telegram::Server::new(&listener)?;
                    let url = telegram.url();
                    app::quiet_on_closed_pipe(app::stdout(&format!("Эмулятор Telegram Bot API: {url} (в config.toml: [bot] telegram_api_url = \"{url}\"). Управление: {url}_telegram/\n")))?;
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
            app::stdout(&cli::rank(&options)?)?;
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
            app::stdout(&cli::letter(&options).await?)?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "sandbox")]
        Command::Demo { access } => {
            let dir = tempfile::Builder::new().prefix("hh-demo-").tempdir()?;
            let mut out = std::io::stdout();
            hh_agent::demo::run(dir.path(), access, &mut out).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
