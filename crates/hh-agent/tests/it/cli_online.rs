//! The bot's powers on the command line, run as the real `hh` binary against the sandbox:
//! login and logout, search with hh.ru's filters, recommendations for a resume file or the
//! active resume, applying through the bot's ledger and cap, the applications list, the
//! resume bump and shell completions.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use hh_agent::bot::settings::{self, Settings};
use hh_agent::config::Config;
use hh_agent::ledger::{Ledger, Outcome};
use hh_sandbox::dataset::render;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::api::Api;
use crate::support::{self, write_config_file, World, STATE_KEY};

const HH: &str = env!("CARGO_BIN_EXE_hh");

/// A config file with the bot's state directory, and a credentials directory with the
/// sandbox app's secret and a state key, as `hh` finds them on a server.
pub struct Cli {
    pub config: PathBuf,
    pub state_dir: PathBuf,
    credentials: tempfile::TempDir,
}

impl Cli {
    pub fn new(config: &Config, dir: &Path) -> Cli {
        let path = write_config_file(dir, config);
        let state_dir = dir.join("hh-bot");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text += &format!(
            "\n[bot]\nstate_dir = {:?}\nrecommend_details = 60\n",
            state_dir.display().to_string()
        );
        std::fs::write(&path, text).unwrap();
        let credentials = tempfile::tempdir().unwrap();
        std::fs::write(
            credentials.path().join("hh-client-secret"),
            hh_sandbox::CLIENT_SECRET,
        )
        .unwrap();
        std::fs::write(credentials.path().join("hh-state-key"), STATE_KEY).unwrap();
        Cli {
            config: path,
            state_dir,
            credentials,
        }
    }

    pub fn command(&self, args: &[&str]) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(HH);
        command
            .args(args)
            .env("HH_AGENT_CONFIG", &self.config)
            .env("HH_AGENT_CREDENTIALS", self.credentials.path())
            .env_remove("CREDENTIALS_DIRECTORY")
            .env_remove("HH_CLIENT_SECRET")
            .env_remove("HH_STATE_KEY")
            .env_remove("RUST_LOG")
            .kill_on_drop(true);
        command
    }

    /// Runs `hh args` with `stdin`; success, stdout, stderr.
    pub async fn run_with(&self, args: &[&str], stdin: &str) -> (bool, String, String) {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).await.unwrap();
        drop(input);
        let output = child.wait_with_output().await.unwrap();
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }

    pub async fn run(&self, args: &[&str]) -> (bool, String, String) {
        self.run_with(args, "").await
    }

    pub fn ledger(&self) -> Ledger {
        Ledger::open(&self.state_dir.join("ledger.sqlite3")).unwrap()
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}: {text}"))
}

#[tokio::test]
async fn login_prints_the_link_waits_and_says_who_logged_in() {
    let world = World::start().await;
    let cli = Cli::new(&world.config, world.dir.path());
    let mut child = cli
        .command(&["login", "--timeout", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let link = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the link is printed");
        if line.contains("state=") {
            break line;
        }
    };
    let state = support::state_of(&link);
    let (cookie, authorize) = world.login(&state).await;
    let back = support::follow(&authorize).await;
    let (status, _) = support::get(&back, Some(&cookie)).await;
    assert_eq!(status, 200);
    let mut rest = String::new();
    while let Some(line) = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .unwrap()
        .unwrap()
    {
        rest += &line;
        rest.push('\n');
    }
    let output = child.wait_with_output().await.unwrap();
    assert!(output.status.success(), "{rest}");
    let name = &world.sandbox.catalog().dataset.people[0].first_name;
    assert!(
        rest.contains("Вход выполнен:") && rest.contains(name.as_str()),
        "{rest}"
    );
    assert!(world.store().read().is_ok());
}

#[tokio::test]
async fn login_gives_up_after_its_timeout_and_says_so_once() {
    let world = World::start().await;
    let cli = Cli::new(&world.config, world.dir.path());
    let (ok, out, err) = cli.run(&["login", "--timeout", "1"]).await;
    assert!(!ok);
    assert!(out.contains("state="), "{out}");
    assert_eq!(err.matches("вход не завершён").count(), 1, "{err}");
    assert!(err.starts_with("hh: "), "{err}");
}

#[tokio::test]
async fn logout_asks_first_then_revokes_and_removes_the_token() {
    let api = Api::start().await;
    api.sign_in(0);
    let cli = Cli::new(&api.config, api.dir.path());
    let (ok, out, err) = cli.run_with(&["logout"], "нет\n").await;
    assert!(!ok, "{out}");
    assert!(err.contains("Выйти из hh.ru?"), "{err}");
    assert!(out.contains("Отменено"), "{out}");
    assert!(api.store().read().is_ok());
    assert_eq!(api.sandbox.count("DELETE", "/oauth/token"), 0);

    let (ok, out, err) = cli.run_with(&["logout", "--json"], "да\n").await;
    assert!(ok, "{out}{err}");
    assert_eq!(json(&out)["revoked"], true, "{out}");
    assert!(api.store().read().is_err());
    assert_eq!(api.sandbox.count("DELETE", "/oauth/token"), 1);

    api.sign_in(0);
    let (ok, out, _) = cli.run(&["logout", "--yes"]).await;
    assert!(ok && out.contains("токен удалён"), "{out}");
    assert!(api.store().read().is_err());
}

#[tokio::test]
async fn search_sends_hh_rus_filters_with_no_login() {
    let api = Api::start().await;
    let cli = Cli::new(&api.config, api.dir.path());
    let args = [
        "search",
        "разработчик",
        "--area",
        "1",
        "--remote",
        "--salary",
        "100000",
        "--experience",
        "3-6",
        "--period",
        "30",
        "--limit",
        "5",
        "--json",
    ];
    let (ok, out, err) = cli.run(&args).await;
    assert!(ok, "{err}");
    assert!(err.is_empty(), "no progress bar off a terminal: {err}");
    let items = json(&out)["items"].as_array().unwrap().clone();
    assert!(!items.is_empty() && items.len() <= 5, "{out}");
    let request = api
        .sandbox
        .requests()
        .into_iter()
        .find(|r| r.method == "GET" && r.path == "/vacancies")
        .expect("a search reached hh.ru");
    for (key, value) in [
        ("text", "разработчик"),
        ("area", "1"),
        ("work_format", "REMOTE"),
        ("salary", "100000"),
        ("experience", "between3And6"),
        ("period", "30"),
    ] {
        assert!(
            request.query.iter().any(|(k, v)| k == key && v == value),
            "{key}={value}: {:?}",
            request.query
        );
    }

    let (ok, text, _) = cli.run(&["search", "курьер", "--limit", "3"]).await;
    assert!(ok);
    assert!(
        text.starts_with("Вакансии на hh.ru по запросу «курьер»: 3"),
        "{text}"
    );
    assert_eq!(
        text.matches("/vacancy/").count(),
        3,
        "each has its link: {text}"
    );

    let (ok, _, err) = cli.run(&["search", "x", "--period", "90"]).await;
    assert!(!ok);
    assert!(err.contains("--period"), "{err}");
}

#[tokio::test]
async fn recommend_ranks_for_a_resume_file_without_a_login_and_for_the_active_resume() {
    let api = Api::start().await;
    let cli = Cli::new(&api.config, api.dir.path());
    let catalog = api.sandbox.catalog();
    let person = &catalog.dataset.people[0];
    let resume = render::resume_detail(
        &catalog.dataset,
        person,
        &person.resumes[0],
        api.sandbox.now(),
        "http://x",
    );
    let file = api.dir.path().join("resume.json");
    std::fs::write(&file, resume.to_string()).unwrap();
    let (ok, out, err) = cli
        .run(&[
            "recommend",
            "--resume",
            file.to_str().unwrap(),
            "--limit",
            "3",
            "--json",
        ])
        .await;
    assert!(ok, "{err}");
    assert!(err.is_empty(), "{err}");
    let answer = json(&out);
    assert_eq!(answer["link_only"], true);
    let items = answer["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{out}");
    let scores: Vec<u64> = items.iter().map(|i| i["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(items.iter().all(|i| !i["why"].as_str().unwrap().is_empty()));
    assert_eq!(
        api.sandbox.count("GET", "/resumes/mine"),
        0,
        "no login needed"
    );

    api.sign_in(0);
    let (ok, text, err) = cli.run(&["recommend", "--limit", "2"]).await;
    assert!(ok, "{err}");
    assert!(text.starts_with("Подходящие вакансии: проверено"), "{text}");
    assert_eq!(text.matches("Оценка:").count(), 2, "{text}");
    assert_eq!(text.matches("Откликнуться: hh apply").count(), 2, "{text}");
}

#[tokio::test]
async fn apply_goes_through_the_bots_ledger_and_cap() {
    let api = Api::start().await;
    api.sign_in(0);
    let cli = Cli::new(&api.config, api.dir.path());
    let first = api.plain_vacancy(0);
    let posts = || api.sandbox.count("POST", "/negotiations");

    let (ok, out, err) = cli.run(&["apply", &first, "--dry-run"]).await;
    assert!(ok, "{err}");
    assert!(
        out.starts_with("Пробный запуск: отклик не отправлен."),
        "{out}"
    );
    assert!(out.contains("Письмо:") && out.contains("Оценка:"), "{out}");
    assert_eq!(posts(), 0);

    let link = format!("https://hh.ru/vacancy/{first}");
    let (ok, out, err) = cli.run(&["apply", &link, "--no-letter", "--json"]).await;
    assert!(ok, "{out}{err}");
    assert_eq!(json(&out)["outcome"], "applied", "{out}");
    assert_eq!(posts(), 1);
    let recorded = cli.ledger().application(&first).unwrap().unwrap();
    assert_eq!(recorded.outcome, Outcome::Applied);

    let (ok, out, _) = cli.run(&["apply", &first]).await;
    assert!(!ok);
    assert!(out.contains("уже откликались"), "{out}");
    assert_eq!(posts(), 1, "the ledger refuses a repeat before any POST");

    // The bot's cap, read from the same ledger: one a day is spent.
    let capped = Settings {
        daily_cap: 1,
        ..Settings::default()
    };
    cli.ledger().set_setting(settings::KEY, &capped).unwrap();
    let (ok, out, _) = cli.run(&["apply", &api.plain_vacancy(1)]).await;
    assert!(!ok);
    assert!(out.contains("Лимит откликов исчерпан"), "{out}");
    assert_eq!(posts(), 1);

    let (ok, _, err) = cli.run(&["apply", "https://example.org/vacancy/1"]).await;
    assert!(!ok);
    assert!(err.contains("не похоже на вакансию hh.ru"), "{err}");
}

#[tokio::test]
async fn without_applicant_access_apply_prints_the_page_and_the_letter_and_done_records_it() {
    let api = Api::start().await;
    api.sign_in(0);
    api.sandbox.set_applicant_access(false);
    let cli = Cli::new(&api.config, api.dir.path());
    cli.ledger()
        .set_setting(
            hh_agent::bot::PASTED_RESUME,
            &"Андрей Волков\nBackend-разработчик\nНавыки: Rust, Go, PostgreSQL, Kafka".to_owned(),
        )
        .unwrap();
    let id = api.plain_vacancy(0);
    let (ok, out, err) = cli.run(&["apply", &id]).await;
    assert!(!ok, "{out}{err}");
    assert!(out.contains("откликаться через API"), "{out}");
    assert!(out.contains(&format!("vacancyId={id}")), "{out}");
    assert!(out.contains("Письмо, чтобы вставить в форму"), "{out}");
    assert!(out.contains(&format!("hh apply {id} --done")), "{out}");
    assert_eq!(api.sandbox.count("POST", "/negotiations"), 0);

    let (ok, out, _) = cli.run(&["apply", &id, "--done"]).await;
    assert!(ok && out.contains("Записал"), "{out}");
    let recorded = cli.ledger().application(&id).unwrap().unwrap();
    assert_eq!(recorded.outcome, Outcome::Manual);

    let (ok, out, _) = cli.run(&["applications", "--json"]).await;
    assert!(ok);
    let answer = json(&out);
    assert_eq!(answer["items"][0]["outcome"], "manual", "{out}");
    assert!(
        answer["note"].as_str().unwrap().contains("журнала"),
        "{out}"
    );
}

#[tokio::test]
async fn applications_show_the_ledger_with_hh_rus_answers() {
    let api = Api::start().await;
    api.sign_in(0);
    let cli = Cli::new(&api.config, api.dir.path());
    let id = api.plain_vacancy(2);
    let (ok, out, _) = cli.run(&["apply", &id, "--no-letter", "--json"]).await;
    assert!(ok, "{out}");
    let negotiation = cli
        .ledger()
        .application(&id)
        .unwrap()
        .unwrap()
        .negotiation_id
        .expect("hh.ru gave a negotiation id");
    assert!(api
        .sandbox
        .set_negotiation_state(&negotiation, "invitation"));
    let (ok, out, err) = cli.run(&["applications", "--json"]).await;
    assert!(ok, "{err}");
    let answer = json(&out);
    let item = &answer["items"][0];
    assert_eq!(item["vacancy_id"], id.as_str());
    assert_eq!(item["outcome"], "applied");
    assert!(item["state"].is_string(), "{out}");
    assert!(item["title"].is_string(), "{out}");
    let (ok, text, _) = cli.run(&["applications"]).await;
    assert!(ok);
    assert!(text.contains("ответ hh.ru:"), "{text}");
    assert!(text.contains(&format!("/vacancy/{id}")), "{text}");
}

#[tokio::test]
async fn bump_raises_the_resume_or_says_when_and_where_by_hand() {
    let api = Api::start().await;
    api.sign_in(0);
    // Past any next_publish_at of the dataset.
    api.sandbox.advance(Duration::from_secs(2 * 24 * 3600));
    api.sign_in(0);
    let cli = Cli::new(&api.config, api.dir.path());
    let (ok, out, err) = cli.run(&["bump", "--json"]).await;
    assert!(ok, "{out}{err}");
    assert_eq!(json(&out)["bumped"], true);
    let (ok, out, _) = cli.run(&["bump"]).await;
    assert!(!ok);
    assert!(
        out.contains("пока нельзя") && out.contains("hh bump"),
        "{out}"
    );
    assert!(out.contains("http"), "where to do it by hand: {out}");
}

#[tokio::test]
async fn completions_for_bash_zsh_and_fish() {
    let api = Api::start().await;
    let cli = Cli::new(&api.config, api.dir.path());
    for shell in ["bash", "zsh", "fish"] {
        let (ok, out, err) = cli.run(&["completions", shell]).await;
        assert!(ok, "{err}");
        assert!(
            out.contains("recommend") && out.contains("applications"),
            "{shell}"
        );
    }
    let (ok, _, err) = cli.run(&["completions", "powershell"]).await;
    assert!(!ok);
    assert!(err.contains("недопустимое значение"), "{err}");
}
