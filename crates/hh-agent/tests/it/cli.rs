//! `hh rank` and `hh letter` as people and scripts run them: the real binary on files
//! taken from the sandbox, as text and JSON, and clear errors for bad input.

use std::path::Path;

use hh_sandbox::dataset::render;
use serde_json::Value;

use crate::support::api::Api;

const HH: &str = env!("CARGO_BIN_EXE_hh");

/// `hh letter` for `resume` and the sandbox's vacancy `id` (written into `dir`): the
/// vacancy's name, success, stdout, stderr.
pub(crate) fn letter(
    api: &Api,
    dir: &Path,
    resume: &Path,
    id: &str,
) -> (String, bool, String, String) {
    let catalog = api.sandbox.catalog();
    let vacancy = catalog.dataset.vacancy(id).unwrap();
    let one = dir.join("vacancy.json");
    std::fs::write(
        &one,
        render::vacancy_detail(&catalog.dataset, vacancy, &[], "http://x").to_string(),
    )
    .unwrap();
    let (ok, text, err) = run(&[
        "letter",
        "--resume",
        resume.to_str().unwrap(),
        "--vacancy",
        one.to_str().unwrap(),
    ]);
    (vacancy.name.clone(), ok, text, err)
}

/// Writes the backend developer's resume and a mix of vacancies (developers, couriers,
/// accountants) from the sandbox dataset into `dir`.
pub(crate) fn fixtures(
    api: &Api,
    dir: &Path,
) -> (std::path::PathBuf, std::path::PathBuf, Vec<String>) {
    let catalog = api.sandbox.catalog();
    let data = &catalog.dataset;
    let person = &data.people[0];
    let resume = render::resume_detail(
        data,
        person,
        &person.resumes[0],
        api.sandbox.now(),
        "http://x",
    );
    let resume_path = dir.join("resume.json");
    std::fs::write(&resume_path, resume.to_string()).unwrap();
    let mut lines = String::new();
    let mut ids = Vec::new();
    for profession in [
        "backend_rust",
        "backend_go",
        "courier",
        "accountant",
        "teacher",
    ] {
        for vacancy in data
            .vacancies
            .iter()
            .filter(|v| v.profession == profession && !v.archived)
            .take(4)
        {
            lines.push_str(&render::vacancy_detail(data, vacancy, &[], "http://x").to_string());
            lines.push('\n');
            ids.push(vacancy.id.clone());
        }
    }
    let vacancies_path = dir.join("vacancies.jsonl");
    std::fs::write(&vacancies_path, lines).unwrap();
    (resume_path, vacancies_path, ids)
}

/// A config of our own, so a config installed on this machine cannot change the results.
fn config_path() -> &'static Path {
    static CONFIG: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    let (_, path) = CONFIG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let config = crate::support::config_for(
            "http://127.0.0.1:9",
            "http://127.0.0.1:8000/callback",
            &dir.path().join("hh-token/token.json"),
        );
        let path = crate::support::write_config_file(dir.path(), &config);
        (dir, path)
    });
    path
}

pub(crate) fn run(args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(HH)
        .args(args)
        .env("HH_AGENT_CONFIG", config_path())
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test]
async fn rank_prints_the_best_matches_with_reasons() {
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (resume, vacancies, ids) = fixtures(&api, dir.path());
    let (resume, vacancies) = (resume.to_str().unwrap(), vacancies.to_str().unwrap());

    let (ok, text, err) = run(&[
        "rank",
        "--resume",
        resume,
        "--vacancies",
        vacancies,
        "--limit",
        "5",
    ]);
    assert!(ok, "{err}");
    assert!(text.starts_with("Вакансии под резюме"), "a header: {text}");
    let first = text.lines().nth(2).unwrap();
    assert!(
        first.contains("Rust") || first.contains("Go"),
        "the best match is a Rust or Go job: {text}"
    );
    assert!(text.contains("Совпадают навыки"), "{text}");

    let (ok, json, err) = run(&[
        "rank",
        "--resume",
        resume,
        "--vacancies",
        vacancies,
        "--json",
        "--limit",
        "100",
    ]);
    assert!(ok, "{err}");
    let items: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(items.len(), ids.len());
    let scores: Vec<u64> = items.iter().map(|i| i["score"].as_u64().unwrap()).collect();
    let included: Vec<&Value> = items.iter().filter(|i| i["excluded"].is_null()).collect();
    assert!(included
        .windows(2)
        .all(|w| w[0]["score"].as_u64() >= w[1]["score"].as_u64()));
    // Every developer job outranks every courier, accountant and teacher job.
    let developer_ids = &ids[..8];
    let lowest_developer = items
        .iter()
        .filter(|i| developer_ids.contains(&i["id"].as_str().unwrap().to_owned()))
        .map(|i| i["score"].as_u64().unwrap())
        .min()
        .unwrap();
    let best_other = items
        .iter()
        .filter(|i| !developer_ids.contains(&i["id"].as_str().unwrap().to_owned()))
        .map(|i| i["score"].as_u64().unwrap())
        .max()
        .unwrap();
    assert!(lowest_developer > best_other, "{scores:?}\n{json}");
    for item in &items {
        assert!(
            item["explanation"]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count()
                <= 600
        );
    }
}

#[tokio::test]
async fn rank_reads_plain_text_resumes_too() {
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (_, vacancies, _) = fixtures(&api, dir.path());
    let resume = dir.path().join("resume.txt");
    std::fs::write(
        &resume,
        "Курьер\nГород: Москва\nОпыт работы 3 года\nНавыки: доставка, знание города, права категории B\n",
    )
    .unwrap();
    let (ok, json, err) = run(&[
        "rank",
        "--resume",
        resume.to_str().unwrap(),
        "--vacancies",
        vacancies.to_str().unwrap(),
        "--json",
        "--limit",
        "3",
    ]);
    assert!(ok, "{err}");
    let items: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert!(
        items[0]["title"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("курьер"),
        "{json}"
    );
}

#[tokio::test]
async fn letter_names_the_position_and_cites_skills() {
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (resume, vacancies, ids) = fixtures(&api, dir.path());
    let catalog = api.sandbox.catalog();
    let (name, ok, text, err) = letter(&api, dir.path(), &resume, &ids[0]);
    assert!(ok, "{err}");
    assert!(text.contains(&name), "{text}");
    assert!(text.contains("Rust"), "{text}");
    assert!(
        text.contains(&catalog.dataset.people[0].first_name),
        "signed: {text}"
    );
    for marker in ["{", "}", "[[", "]]"] {
        assert!(!text.contains(marker), "{marker} left in {text}");
    }

    // Several vacancies are refused: a letter is for one.
    let (ok, _, err) = run(&[
        "letter",
        "--resume",
        resume.to_str().unwrap(),
        "--vacancy",
        vacancies.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("дайте файл с одной вакансией"), "{err}");
}

#[test]
fn bad_input_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let resume = dir.path().join("resume.txt");
    std::fs::write(&resume, "Бухгалтер\nНавыки: 1С").unwrap();
    let broken = dir.path().join("broken.jsonl");
    std::fs::write(&broken, "{\"id\": \"1\", \"name\": \"A\"}\n{oops\n").unwrap();
    let (ok, _, err) = run(&[
        "rank",
        "--resume",
        resume.to_str().unwrap(),
        "--vacancies",
        broken.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("строка 2"), "{err}");
    let (ok, _, err) = run(&[
        "rank",
        "--resume",
        dir.path().join("missing.json").to_str().unwrap(),
        "--vacancies",
        broken.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("не удалось прочитать резюме"), "{err}");
}

#[tokio::test]
async fn letter_with_llm_asks_the_configured_model() {
    use crate::letter::fake::{Fake, Reply};
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (resume, _, ids) = fixtures(&api, dir.path());
    let catalog = api.sandbox.catalog();
    let vacancy = catalog.dataset.vacancy(&ids[0]).unwrap();
    let one = dir.path().join("vacancy.json");
    std::fs::write(
        &one,
        render::vacancy_detail(&catalog.dataset, vacancy, &[], "http://x").to_string(),
    )
    .unwrap();
    let answer = format!(
        "Здравствуйте!\n\nОткликаюсь на вакансию «{}». Шесть лет пишу на Rust и Go, \
         вёл платёжный шлюз на Rust с PostgreSQL и Kafka.\n\nС уважением,\nАндрей Волков",
        vacancy.name
    );
    let fake = Fake::start(vec![Reply::letter(&answer)]).await;
    let config = crate::support::write_config_file(dir.path(), &api.config);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "\n[llm]\nbase_url = \"{}\"\nmodel = \"fake-model\"\ntimeout_secs = 5\n",
        fake.base_url
    ));
    std::fs::write(&config, text).unwrap();
    // Async, so this runtime keeps serving the fake while the binary waits for it.
    let output = tokio::process::Command::new(HH)
        .args(["letter", "--llm", "--config"])
        .arg(&config)
        .arg("--resume")
        .arg(&resume)
        .arg("--vacancy")
        .arg(&one)
        .env("OPENAI_API_KEY", "sk-cli-test-key")
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("платёжный шлюз"), "{stdout}");
    assert!(stdout.contains("модель fake-model"), "{stdout}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].authorization.as_deref(),
        Some("Bearer sk-cli-test-key")
    );
    assert!(fake.user_prompt(0).contains(&vacancy.name));
    assert!(!stdout.contains("sk-cli-test-key") && !stderr.contains("sk-cli-test-key"));
}

/// `hh letter --llm` with no `[llm]` section and no key says what is missing instead of
/// trying OpenAI without a key (a network error at best).
#[test]
fn letter_with_llm_but_no_model_set_up_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let resume = dir.path().join("resume.txt");
    std::fs::write(&resume, "Бухгалтер\nНавыки: 1С").unwrap();
    let vacancy = dir.path().join("vacancy.json");
    std::fs::write(&vacancy, r#"{"id": "1", "name": "Бухгалтер"}"#).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[hh]\nclient_id = \"ABC\"\nredirect_uri = \"https://ivan.example.org/hh/callback\"\nuser_agent = \"hh-agent/0.1 (ivan@example.org)\"\n",
    )
    .unwrap();
    let credentials = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(HH)
        .args(["letter", "--llm", "--config"])
        .arg(&config)
        .arg("--resume")
        .arg(&resume)
        .arg("--vacancy")
        .arg(&vacancy)
        .env("CREDENTIALS_DIRECTORY", credentials.path())
        .env_remove("OPENAI_API_KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    for expected in [
        "языковая модель не настроена",
        "OPENAI_API_KEY",
        "llm-api-key",
        "base_url",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
}

/// `hh rank` and `hh letter` without `--dictionaries` convert salaries as the sandbox's
/// `/dictionaries` would: the product's offline table and the fake's agree.
#[test]
fn offline_rates_are_the_sandboxs_dictionary_rates() {
    let dictionaries: hh_agent::hh::types::Dictionaries =
        serde_json::from_value(hh_sandbox::dataset::dictionaries::dictionaries()).unwrap();
    assert!(dictionaries.currency.len() > 5);
    assert_eq!(
        hh_agent::rank::Rates::offline(),
        hh_agent::rank::Rates::new(&dictionaries.currency)
    );
}

/// The README's two commands on the examples shipped in `examples/`: `hh rank` prints a
/// header, every vacancy's link and an excluded vacancy's reason once; `hh letter` writes
/// a letter that names the position.
#[test]
fn the_readmes_example_commands_work_on_the_shipped_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let rank = "hh rank --resume examples/resume.txt --vacancies examples/vacancies.jsonl";
    let letter = "hh letter --resume examples/resume.txt --vacancy examples/vacancy.json";
    for command in [rank, letter] {
        assert!(readme.contains(command), "README shows {command}");
    }
    let run_in_root = |command: &str| {
        let args: Vec<&str> = command.split(' ').skip(1).collect();
        let output = std::process::Command::new(HH)
            .args(&args)
            .current_dir(&root)
            .env("HH_AGENT_CONFIG", config_path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{command}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let text = run_in_root(rank);
    assert!(
        text.starts_with("Вакансии под резюме examples/resume.txt: показаны 5 из 5"),
        "{text}"
    );
    for id in 9000001..=9000005 {
        assert_eq!(
            text.matches(&format!("https://hh.ru/vacancy/{id}\n"))
                .count(),
            1,
            "{text}"
        );
    }
    assert_eq!(
        text.matches("тестовое задание — откликнуться через API нельзя")
            .count(),
        1,
        "{text}"
    );
    let first = text.lines().nth(2).unwrap();
    assert!(first.contains("Rust") || first.contains("Go"), "{text}");
    let letter = run_in_root(letter);
    assert!(
        letter.contains("«Rust-разработчик (платёжная платформа)»"),
        "{letter}"
    );
    assert!(letter.contains("Финтех Лаб"), "{letter}");
}

/// `hh --help | grep -q rank`: a reader that leaves before the output ends is no failure —
/// no panic, nothing on stderr, exit 0 (as ripgrep does). The pipe's reader is closed
/// before `hh` starts, so every write fails.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    for args in [&["--help"][..], &["--version"], &["completions", "bash"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(HH)
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "hh {args:?}: {:?} {stderr}",
            out.status
        );
        assert!(stderr.is_empty(), "hh {args:?} said: {stderr}");
    }
}
