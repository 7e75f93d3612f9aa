//! The `[bot]` section, the bot token secret and hh-bot's refusal to start without them.

use std::process::Command;

use hh_agent::config::{Config, Secrets};

const GOOD: &str = r#"
[hh]
client_id = "ABC"
redirect_uri = "https://home.example.org/hh/callback"
user_agent = "hh-agent/0.1 (ivan@example.org)"
"#;

fn parse(extra: &str) -> anyhow::Result<Config> {
    Config::from_str(&format!("{GOOD}\n{extra}"), &|_| None)
}

#[test]
fn bot_section_has_defaults_and_named_errors() {
    let config = parse("").unwrap();
    assert_eq!(config.bot.telegram_api_url, "https://api.telegram.org");
    assert_eq!(
        config.bot.state_dir,
        std::path::Path::new("/var/lib/hh-bot")
    );
    let err = config.bot.validate_for_running().unwrap_err().to_string();
    assert!(
        err.starts_with("bot.allowed_chats: нужен хотя бы один"),
        "{err}"
    );

    let config = parse("[bot]\nallowed_chats = [42, -100123]\n").unwrap();
    assert_eq!(config.bot.allowed_chats, vec![42, -100123]);
    config.bot.validate_for_running().unwrap();

    for (extra, expected) in [
        (
            "[bot]\ntelegram_api_url = \"ftp://x\"\n",
            "bot.telegram_api_url",
        ),
        ("[bot]\nstate_dir = \"relative\"\n", "bot.state_dir"),
        (
            "[bot]\ntoken = \"123:abc\"\n",
            "bot.token: секретам не место в конфигурации",
        ),
        ("[bot]\nallowed_chat = [1]\n", "allowed_chat"),
    ] {
        let err = format!("{:#}", parse(extra).unwrap_err());
        assert!(err.contains(expected), "{extra}: {err}");
        assert!(!err.contains("123:abc"), "{err}");
    }
}

#[test]
fn bot_token_comes_from_credentials_first_then_env_and_never_prints() {
    let dir = tempfile::tempdir().unwrap();
    let env = |name: &str| (name == "BOT_TOKEN").then(|| "111:from-env".to_owned());
    let secrets = Secrets::load(Some(dir.path()), &env).unwrap();
    assert_eq!(secrets.bot_token().unwrap().expose(), "111:from-env");
    std::fs::write(
        dir.path().join("telegram-bot-token"),
        "222:from-credentials\n",
    )
    .unwrap();
    let secrets = Secrets::load(Some(dir.path()), &env).unwrap();
    assert_eq!(
        secrets.bot_token().unwrap().expose(),
        "222:from-credentials"
    );
    assert!(!format!("{secrets:?}").contains("from-"), "{secrets:?}");
    let none = Secrets::load(None, &|_| None).unwrap();
    let err = none.bot_token().unwrap_err().to_string();
    assert!(err.starts_with("нет токена бота Telegram"), "{err}");
}

fn run_bot(config: &str, token: Option<&str>) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, format!("{GOOD}\n{config}")).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_hh-bot"));
    command
        .arg("--config")
        .arg(&path)
        .env_remove("BOT_TOKEN")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("NOTIFY_SOCKET");
    if let Some(token) = token {
        command.env("BOT_TOKEN", token);
    }
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bot_binary_refuses_to_start_without_token_or_allowed_chats() {
    let state = tempfile::tempdir().unwrap();
    let section = format!(
        "[bot]\nallowed_chats = [42]\ntelegram_api_url = \"http://127.0.0.1:9\"\nstate_dir = {:?}\n",
        state.path().display().to_string()
    );
    let (code, stderr) = run_bot(&section, None);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("нет токена бота Telegram"), "{stderr}");

    let (code, stderr) = run_bot("", Some("333:secret-token"));
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("bot.allowed_chats"), "{stderr}");
    assert!(!stderr.contains("secret-token"), "{stderr}");
}

/// Starts hh-bot on `section` with `token`; the child is killed on drop.
fn spawn_bot(dir: &std::path::Path, section: &str, token: &str) -> tokio::process::Child {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("{GOOD}\n{section}")).unwrap();
    tokio::process::Command::new(env!("CARGO_BIN_EXE_hh-bot"))
        .arg("--config")
        .arg(&path)
        .env("BOT_TOKEN", token)
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("NOTIFY_SOCKET")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_binary_rides_out_telegram_outages_and_refuses_a_rejected_token() {
    let dir = tempfile::tempdir().unwrap();
    // Telegram unreachable: the bot keeps retrying instead of exiting, and stops on SIGTERM.
    let section = format!(
        "[bot]\nallowed_chats = [42]\ntelegram_api_url = \"http://127.0.0.1:9\"\nstate_dir = {:?}\n",
        dir.path().join("state").display().to_string()
    );
    let mut child = spawn_bot(dir.path(), &section, "123:secret-token");
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "hh-bot gave up on an outage"
    );
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let output = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("cannot reach Telegram"), "{stderr}");
    assert!(!stderr.contains("secret-token"), "{stderr}");

    // A token Telegram rejects: exit 3, not a restart loop of panics.
    let telegram = hh_sandbox::telegram::Server::start().await.unwrap();
    let section = format!(
        "[bot]\nallowed_chats = [42]\ntelegram_api_url = {:?}\nstate_dir = {:?}\n",
        telegram.url(),
        dir.path().join("state").display().to_string()
    );
    let child = spawn_bot(dir.path(), &section, "not-a-token");
    let output = tokio::time::timeout(std::time::Duration::from_secs(20), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("InvalidToken"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_binary_logs_a_stranger_once_by_id_and_never_their_words() {
    const STRANGER: i64 = 987_123;
    const WORDS: &str = "пароль от почты незнакомца";
    const NAME: &str = "Незнакомец Секретович";
    let dir = tempfile::tempdir().unwrap();
    let telegram = hh_sandbox::telegram::Server::start().await.unwrap();
    let section = format!(
        "[bot]\nallowed_chats = [42]\ntelegram_api_url = {:?}\nstate_dir = {:?}\n",
        telegram.url(),
        dir.path().join("state").display().to_string()
    );
    let mut child = spawn_bot(dir.path(), &section, "123:secret-token");
    let mut message = hh_sandbox::telegram::message(STRANGER, WORDS);
    message["from"]["first_name"] = NAME.into();
    message["chat"]["first_name"] = NAME.into();
    telegram.push_update(serde_json::json!({ "message": message.clone() }));
    telegram.push_update(serde_json::json!({ "edited_message": message.clone() }));
    telegram.push_text(STRANGER, &format!("/start {WORDS}"));
    telegram.push_update(serde_json::json!({ "callback_query": {
        "id": "7", "from": message["from"], "chat_instance": "7", "data": WORDS
    }}));
    telegram.push_text(42, "/help");
    telegram
        .wait_for(|records| records.sent.iter().any(|s| s.chat_id == 42))
        .await;
    // SIGTERM: updates in hand are finished before hh-bot exits.
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let stderr = child.stderr.take().unwrap();
    let output = tokio::time::timeout(std::time::Duration::from_secs(10), async move {
        let mut text = String::new();
        let mut stderr = stderr;
        tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut text)
            .await
            .unwrap();
        child.wait().await.unwrap();
        text
    })
    .await
    .unwrap();
    assert!(
        !output.contains(WORDS),
        "a stranger's words logged:\n{output}"
    );
    assert!(
        !output.contains(NAME),
        "a stranger's name logged:\n{output}"
    );
    assert!(!output.contains("Unhandled update"), "{output}");
    let lines: Vec<&str> = output
        .lines()
        .filter(|line| line.contains(&STRANGER.to_string()))
        .collect();
    assert_eq!(lines.len(), 1, "{output}");
    assert!(lines[0].contains("ignoring a chat"), "{output}");
    assert!(telegram.records().sent.iter().all(|s| s.chat_id == 42));
}
