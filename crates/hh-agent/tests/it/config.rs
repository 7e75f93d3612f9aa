//! Config parsing, validation messages, env overrides and secrets loading.

use hh_agent::config::{Config, Secrets};
use hh_agent::letter::{Drafter, Input, Language};

const GOOD: &str = r#"
[hh]
client_id = "ABC"
redirect_uri = "https://home.example.org/hh/callback"
user_agent = "hh-agent/0.1 (ivan@example.org)"
"#;

#[track_caller]
fn check(text: &str, expected_error: &str) {
    match Config::from_str(text, &|_| None) {
        Ok(config) => assert_eq!(expected_error, "", "parsed: {config:?}"),
        Err(err) => {
            let message = format!("{err:#}");
            assert!(
                !expected_error.is_empty() && message.contains(expected_error),
                "{message}"
            );
        }
    }
}

#[test]
fn errors_name_the_key_and_what_is_expected() {
    check(GOOD, "");
    check(&format!("{GOOD}\n[token]\npath = \"/var/lib/hh-token/token.json\"\n[callback]\nlisten = \"127.0.0.1:9000\"\n"), "");
    check(
        &format!("{GOOD}unknown = 1\n"),
        "неизвестный ключ «unknown»",
    );
    check(
        &format!("{GOOD}\n[callback]\nlisten = \"nowhere\"\n"),
        "нужны IP-адрес и порт, например \"127.0.0.1:8000\"",
    );
    check(
        &format!("{GOOD}\n[callback]\nlisten = \"localhost:8000\"\n"),
        "(имя хоста не подходит), а указано \"localhost:8000\"",
    );
    check(
        &format!("{GOOD}client_secret = \"s3cr3t-value\"\n"),
        "hh.client_secret: секретам не место в конфигурации — положите секрет приложения в $CREDENTIALS_DIRECTORY/hh-client-secret",
    );
    check(
        &format!("{GOOD}access_token = \"x\"\n"),
        "hh.access_token: секретам не место в конфигурации",
    );
    check(
        &format!("{GOOD}\n[token]\npath = \"relative.json\"\n"),
        "token.path: нужен абсолютный путь к файлу",
    );
    check(&format!("{GOOD}\n[extra]\n"), "неизвестный ключ «extra»");
    check(
        &GOOD.replace("client_id = \"ABC\"", "client_id = \"\""),
        "hh.client_id: нужен Client ID",
    );
    check(
        &GOOD.replace("https://home.example.org/hh/callback", "home/callback"),
        "hh.redirect_uri: нужен полный адрес http(s)://",
    );
    check(
        &GOOD.replace("https://home.example.org/hh/callback", "ftp://x.org/cb"),
        "hh.redirect_uri",
    );
    check(
        &GOOD.replace("user_agent = \"hh-agent/0.1 (ivan@example.org)\"", ""),
        "нет обязательного ключа «user_agent»",
    );
    for bad in [
        "hh-agent",
        "hh-agent/0.1",
        "hh-agent/0.1 ivan@example.org",
        "hh agent/0.1 (ivan@example.org)",
        "hh-agent/0.1 (me)",
        "hh-agent/0.1 (me@localhost)",
        "MyApp/1.0 (my-app-feedback@example.com)",
    ] {
        check(
            &GOOD.replace("hh-agent/0.1 (ivan@example.org)", bad),
            "hh.user_agent: нужен вид",
        );
    }
    check(
        &format!("{GOOD}client_secret = \"s\"\n"),
        "hh.client_secret: секретам не место в конфигурации",
    );
}

#[test]
fn env_overrides_client_id_and_redirect_uri() {
    let env = |name: &str| match name {
        "HH_CLIENT_ID" => Some("FROMENV".to_owned()),
        "HH_REDIRECT_URI" => Some("https://other.example.org/callback".to_owned()),
        _ => None,
    };
    let config = Config::from_str(&GOOD.replace("client_id = \"ABC\"\n", ""), &env).unwrap();
    assert_eq!(config.hh.client_id, "FROMENV");
    assert_eq!(config.hh.redirect_uri, "https://other.example.org/callback");
    assert_eq!(config.hh.api_base_url, "https://api.hh.ru");
    assert_eq!(config.hh.oauth_base_url, "https://hh.ru");
    assert_eq!(
        config.token.path.to_str(),
        Some("/var/lib/hh-token/token.json")
    );
    assert_eq!(config.callback.listen.to_string(), "127.0.0.1:8000");
}

#[test]
fn the_shipped_example_config_is_valid() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config.example.toml"
    ))
    .unwrap();
    // As shipped it names what to replace, all at once.
    let err = format!("{:#}", Config::from_str(&text, &|_| None).unwrap_err());
    for expected in [
        "hh.client_id: замените YOUR_CLIENT_ID из примера на Client ID своего приложения",
        "hh.redirect_uri: замените myname.keenetic.pro из примера на своё имя KeenDNS",
        "hh.user_agent: замените me@example.org из примера на свой e-mail",
    ] {
        assert!(err.contains(expected), "{err}");
    }
    let text = text
        .replace("YOUR_CLIENT_ID", "ABC")
        .replace("myname.keenetic.pro", "ivan.keenetic.pro")
        .replace("me@example.org", "ivan@example.org");
    Config::from_str(&text, &|_| None).unwrap();
    // HH_CLIENT_ID replaces the placeholder as it replaces any value.
    let env = |name: &str| (name == "HH_CLIENT_ID").then(|| "FROM-ENV".to_owned());
    let with_env = Config::from_str(&text.replace("\"ABC\"", "\"YOUR_CLIENT_ID\""), &env).unwrap();
    assert_eq!(with_env.hh.client_id, "FROM-ENV");
    // The commented-out [letter] and [llm] sections are valid once uncommented
    // (template paths aside: those files do not exist here).
    let start = text.find("# [letter]").unwrap();
    let uncommented: String = text[start..]
        .lines()
        .filter(|line| !line.contains("template_"))
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if rest.starts_with('[') || rest.contains(" = ") => rest,
            _ => line,
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let config = Config::from_str(&format!("{}{uncommented}", &text[..start]), &|_| None).unwrap();
    assert_eq!(config.letter.max_chars, 1500);
    assert_eq!(config.llm.model, "gpt-4o-mini");
    assert_eq!(config.filters.min_score, 60);
    assert_eq!(config.filters.areas, ["1", "2"]);
    assert_eq!(config.filters.min_salary, Some(250_000));
}

#[test]
fn filters_have_defaults_and_named_errors() {
    let config = Config::from_str(GOOD, &|_| None).unwrap();
    assert_eq!(config.filters, hh_agent::config::Filters::default());
    let error = |extra: &str| {
        format!(
            "{:#}",
            Config::from_str(&format!("{GOOD}\n[filters]\n{extra}\n"), &|_| None).unwrap_err()
        )
    };
    let text = error("min_score = 101");
    assert!(text.contains("filters.min_score"), "{text}");
    let text = error("remote = true");
    assert!(text.contains("remote"), "{text}");
    let text = error("exclude_words = \"php\"");
    assert!(text.contains("exclude_words"), "{text}");
}

#[test]
fn letter_and_llm_sections_have_defaults_and_named_errors() {
    let config = Config::from_str(GOOD, &|_| None).unwrap();
    assert_eq!(config.letter.max_chars, 1500);
    assert_eq!(config.letter.template_ru, None);
    assert_eq!(config.llm.base_url, "https://api.openai.com/v1");
    assert_eq!(config.llm.model, "gpt-4o-mini");
    assert_eq!(config.llm.temperature, 0.7);
    assert_eq!(config.llm.timeout_secs, 60);
    assert!(!config.llm.enabled);
    let section = |text: &str| format!("{GOOD}\n{text}\n");
    check(&section("[letter]\nmax_chars = 200\n[llm]\nenabled = true\nbase_url = \"http://127.0.0.1:11434/v1\"\nmodel = \"qwen2.5:7b\"\ntemperature = 0.0\ntimeout_secs = 600"), "");
    check(&section("[letter]\nmax_chars = 10000"), "");
    check(
        &section("[letter]\nmax_chars = 199"),
        "letter.max_chars: нужно число от 200 до 10000",
    );
    check(
        &section("[letter]\nmax_chars = 10001"),
        "letter.max_chars: нужно число от 200 до 10000",
    );
    check(&section("[letter]\nmax_chars = -1"), "max_chars");
    check(
        &section("[letter]\ntemplate_ru = \"letter.txt\""),
        "letter.template_ru: нужен абсолютный путь",
    );
    check(
        &section("[letter]\ntemplate_en = \"./en.txt\""),
        "letter.template_en: нужен абсолютный путь",
    );
    check(
        &section("[letter]\ntemplate = \"/x\""),
        "неизвестный ключ «template»",
    );
    check(
        &section("[llm]\nbase_url = \"localhost:11434\""),
        "llm.base_url: нужен полный адрес http(s)://",
    );
    check(
        &section("[llm]\nbase_url = \"ftp://example.org/v1\""),
        "llm.base_url: нужен полный адрес http(s)://",
    );
    check(
        &section("[llm]\nmodel = \" \""),
        "llm.model: нужно имя модели",
    );
    check(
        &section("[llm]\ntemperature = 2.5"),
        "llm.temperature: нужно число от 0.0 до 2.0, а указано 2.5",
    );
    check(
        &section("[llm]\ntemperature = nan"),
        "llm.temperature: нужно число от 0.0 до 2.0",
    );
    check(
        &section("[llm]\ntimeout_secs = 0"),
        "llm.timeout_secs: нужно число секунд от 1 до 600",
    );
    check(&section("[llm]\nenabled = \"yes\""), "enabled");
    check(&section("[llm]\nkey = \"x\""), "неизвестный ключ «key»");
    // A key put in the file is refused with where it belongs, and never echoed.
    let err =
        Config::from_str(&section("[llm]\napi_key = \"sk-do-not-echo\""), &|_| None).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.starts_with("llm.api_key: секретам не место в конфигурации — положите ключ в $CREDENTIALS_DIRECTORY/llm-api-key"), "{message}");
    assert!(
        message.contains("OPENAI_API_KEY") && !message.contains("sk-do-not-echo"),
        "{message}"
    );
}

#[tokio::test]
async fn template_files_are_checked_when_a_drafter_is_built_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("ru.txt");
    std::fs::write(
        &good,
        "Добрый день! Мой отклик на «{position}»[[ в «{company}»]].\n[[{name}]]",
    )
    .unwrap();
    let bad = dir.path().join("en.txt");
    std::fs::write(&bad, "Hello,\nre: {postion}").unwrap();
    let load = |ru: &std::path::Path, en: &std::path::Path| {
        let path = dir.path().join("config.toml");
        let text = format!(
            "{GOOD}\n[letter]\ntemplate_ru = {:?}\ntemplate_en = {:?}\n",
            ru.display().to_string(),
            en.display().to_string()
        );
        std::fs::write(&path, text).unwrap();
        // A broken template never stops the token services: the config itself loads.
        let config = Config::load(&path, &|_| None).unwrap();
        Drafter::from_config(&config, &Secrets::default(), false)
            .map(|_| config)
            .map_err(|err| format!("{err:#}"))
    };
    let err = load(&good, &bad).unwrap_err();
    assert!(err.contains(&format!("letter.template_en: ошибка в шаблоне {}: строка 2, столбец 5: неизвестная подстановка {{postion}}", bad.display())), "{err}");
    let missing = dir.path().join("missing.txt");
    let err = load(&missing, &good).unwrap_err();
    assert!(
        err.contains("letter.template_ru: не удалось прочитать шаблон"),
        "{err}"
    );

    let config = load(&good, &good).unwrap();
    let drafter = Drafter::from_config(&config, &Secrets::default(), false).unwrap();
    assert!(!drafter.uses_llm());
    let input = Input {
        position: "Аналитик".to_owned(),
        language: Language::Russian,
        ..Input::default()
    };
    let letter = drafter.draft(&input).await.unwrap();
    assert_eq!(letter.text, "Добрый день! Мой отклик на «Аналитик».");
}

#[test]
fn secrets_come_from_credentials_first_then_env() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hh-client-secret"), "from-credentials\n").unwrap();
    let env = |name: &str| match name {
        "HH_CLIENT_SECRET" => Some("from-env".to_owned()),
        "HH_STATE_KEY" => Some("k".repeat(40)),
        _ => None,
    };
    let secrets = Secrets::load(Some(dir.path()), &env).unwrap();
    assert_eq!(
        secrets.client_secret().unwrap().expose(),
        "from-credentials"
    );
    assert_eq!(secrets.state_key().unwrap().expose(), "k".repeat(40));
    assert!(!format!("{secrets:?}").contains("from-credentials"));
    assert_eq!(secrets.llm_api_key, None);

    std::fs::write(dir.path().join("llm-api-key"), " sk-from-credentials \n").unwrap();
    let env = |name: &str| (name == "OPENAI_API_KEY").then(|| "sk-from-env".to_owned());
    let secrets = Secrets::load(Some(dir.path()), &env).unwrap();
    assert_eq!(
        secrets.llm_api_key.as_ref().map(|key| key.expose()),
        Some("sk-from-credentials")
    );
    assert!(!format!("{secrets:?}").contains("sk-from"));
    let secrets = Secrets::load(None, &env).unwrap();
    assert_eq!(
        secrets.llm_api_key.as_ref().map(|key| key.expose()),
        Some("sk-from-env")
    );
    let blank = Secrets::load(None, &|name| {
        (name == "OPENAI_API_KEY").then(|| "  ".to_owned())
    })
    .unwrap();
    assert_eq!(blank.llm_api_key, None);

    let none = Secrets::load(None, &|_| None).unwrap();
    let err = none.client_secret().unwrap_err().to_string();
    assert!(err.starts_with("нет секрета приложения hh.ru"), "{err}");
    assert!(none
        .state_key()
        .unwrap_err()
        .to_string()
        .starts_with("нет ключа подписи ссылок"));
    let short = Secrets::load(None, &|name| {
        (name == "HH_STATE_KEY").then(|| "short".to_owned())
    })
    .unwrap();
    assert!(short
        .state_key()
        .unwrap_err()
        .to_string()
        .contains("слишком короткий"));
}
