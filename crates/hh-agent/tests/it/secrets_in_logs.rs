//! Every log line of a full run — good and bad callbacks, refreshes in process and in the
//! real binary at trace level, revocation — is captured and searched for every secret used.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hh_agent::oauth;
use hh_agent::refresh::{self, Policy};
use hh_sandbox::{self as sandbox, Fault, FaultKind};

use crate::support::{self, World};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_a_log_line() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let world = World::start().await;
    let mut states = Vec::new();
    // Good flow, then a replay and a flow without the cookie.
    let state = world.signer().issue(Some(1), world.clock.now());
    states.push(state.expose().to_owned());
    let (cookie, authorize) = world.login(state.expose()).await;
    let back = support::follow(&authorize).await;
    assert_eq!(support::get(&back, Some(&cookie)).await.0, 200);
    assert_eq!(support::get(&back, Some(&cookie)).await.0, 400);
    let state2 = world.signer().issue(None, world.clock.now());
    states.push(state2.expose().to_owned());
    let (_, authorize) = world.login(state2.expose()).await;
    let back = support::follow(&authorize).await;
    assert_eq!(support::get(&back, None).await.0, 400);

    // Refresh: in process (due, with a transient fault first), then the binary at trace level.
    let store = world.store();
    let first = store.read().unwrap();
    world
        .sandbox
        .advance((first.expires_at - world.clock.now()).to_std().unwrap() + Duration::from_secs(1));
    world.sandbox.inject(Fault {
        method: None,
        path: "/token".to_owned(),
        kind: FaultKind::Status {
            status: 502,
            body: "bad gateway".to_owned(),
            retry_after: Some(0),
        },
        times: 1,
        skip: 0,
    });
    let client = oauth::Client::new(&world.config.hh).unwrap();
    let fast = Policy {
        attempts: 2,
        backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(5),
    };
    refresh::refresh_if_due(&store, &client, &world.clock, &fast)
        .await
        .unwrap();
    let second = store.read().unwrap();
    // The old refresh token refused, and the error logged the way callers log it.
    let err = client.refresh(&first.refresh_token).await.unwrap_err();
    tracing::warn!(error = %err, ?err, "expected refusal");
    world.expire();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_hh-refresh"))
        .arg("--config")
        .arg(world.config_file())
        .env("RUST_LOG", "trace")
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.contains("token pair refreshed"),
        "{stderr}"
    );
    let third = store.read().unwrap();
    assert_ne!(third.refresh_token, second.refresh_token);
    client.revoke(&third.access_token).await.unwrap();
    tracing::debug!(pair = ?third, "debug print of a pair");

    let mut logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    logs.push_str(&String::from_utf8_lossy(&output.stderr));
    logs.push_str(&String::from_utf8_lossy(&output.stdout));
    assert!(
        logs.contains("authorization complete"),
        "the capture caught nothing:\n{logs}"
    );

    let mut secrets = vec![
        sandbox::CLIENT_SECRET.to_owned(),
        support::STATE_KEY.to_owned(),
    ];
    secrets.extend(states);
    for pair in [&first, &second, &third] {
        secrets.push(pair.access_token.expose().to_owned());
        secrets.push(pair.refresh_token.expose().to_owned());
    }
    for request in world.sandbox.requests() {
        for (key, value) in request.form.iter().chain(request.query.iter()) {
            if ["code", "refresh_token", "client_secret", "state"].contains(&key.as_str()) {
                secrets.push(value.clone());
            }
        }
    }
    assert!(
        secrets.len() > 12,
        "too few secrets collected: {}",
        secrets.len()
    );
    for secret in &secrets {
        assert!(secret.len() >= 8, "a secret too short to search for");
        assert!(
            !logs.contains(secret.as_str()),
            "a secret ({} chars) is in the logs:\n{logs}",
            secret.len()
        );
    }
}

/// The real hh-bot at trace level through a whole session: authorization link, status,
/// a recommendation run, an application, logout. No secret reaches its output.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hh_bot_at_trace_level_prints_no_secret() {
    const BOT_TOKEN: &str = "987654:bot-token-SECRET-value";
    let world = World::start().await;
    world.sandbox.sign_in_as(0);
    let telegram = sandbox::telegram::Server::start().await.unwrap();
    let (access, refresh) = world.sandbox.issue_user_tokens(0);
    support::write_pair(
        &world.store(),
        &support::pair(&access, &refresh, 1_209_600, world.clock.now()),
    );
    let config = support::write_config_file(world.dir.path(), &world.config);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text += &format!(
        "\n[bot]\nallowed_chats = [4242]\ntelegram_api_url = {:?}\nstate_dir = {:?}\nrecommend_details = 30\n",
        telegram.url(),
        world.dir.path().join("bot").display().to_string()
    );
    text = text.replace(
        "[token]",
        "request_interval_ms = 0\napply_interval_ms = 0\n\n[token]",
    );
    std::fs::write(&config, text).unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hh-bot"))
        .arg("--config")
        .arg(&config)
        .env("RUST_LOG", "trace")
        .env("BOT_TOKEN", BOT_TOKEN)
        .env("HH_CLIENT_SECRET", sandbox::CLIENT_SECRET)
        .env("HH_STATE_KEY", support::STATE_KEY)
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("NOTIFY_SOCKET")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = reader(child.stdout.take().unwrap());
    let mut stderr = reader(child.stderr.take().unwrap());

    telegram.push_text(4242, "/hh_auth");
    let records = telegram
        .wait_for(|r| r.sent.iter().any(|s| s.text.contains("Ссылка действует")))
        .await;
    let link = records
        .sent
        .iter()
        .find_map(|s| s.button("Войти через hh.ru"))
        .unwrap()
        .to_owned();
    let state = crate::support::state_of(&link);
    telegram.push_text(4242, "/hh_status");
    telegram.push_text(4242, "/recommend");
    let records = telegram
        .wait_for(|r| r.sent.iter().any(|s| s.text.starts_with("Показаны 1–")))
        .await;
    let card = records
        .sent
        .iter()
        .find(|s| s.button("Откликнуться").is_some())
        .unwrap()
        .clone();
    telegram.push_callback(4242, card.message_id, card.button("Откликнуться").unwrap());
    let records = telegram
        .wait_for(|r| r.sent.iter().any(|s| s.button("Отправить").is_some()))
        .await;
    let prepared = records
        .sent
        .iter()
        .find(|s| s.button("Отправить").is_some())
        .unwrap()
        .clone();
    telegram.push_callback(
        4242,
        prepared.message_id,
        prepared.button("Отправить").unwrap(),
    );
    telegram
        .wait_for(|r| r.sent.iter().any(|s| s.text.starts_with("✅")))
        .await;
    telegram.push_text(4242, "/hh_logout");
    let records = telegram
        .wait_for(|r| r.sent.iter().any(|s| s.button("Да, выйти").is_some()))
        .await;
    let question = records
        .sent
        .iter()
        .find(|s| s.button("Да, выйти").is_some())
        .unwrap()
        .clone();
    telegram.push_callback(4242, question.message_id, "logout");
    telegram
        .wait_for(|r| r.sent.iter().any(|s| s.text.contains("отозван")))
        .await;

    let pid = i32::try_from(child.id().unwrap()).unwrap();
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("hh-bot did not stop on SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?}");
    let everything = format!("{}{}", drain(&mut stdout).await, drain(&mut stderr).await);
    assert!(
        everything.contains("TRACE") || everything.contains("DEBUG"),
        "not at trace level"
    );
    for (name, secret) in [
        ("bot token", BOT_TOKEN),
        ("bot token secret part", "bot-token-SECRET-value"),
        ("access token", access.as_str()),
        ("refresh token", refresh.as_str()),
        ("client secret", sandbox::CLIENT_SECRET),
        ("state key", support::STATE_KEY),
        ("state", state.as_str()),
    ] {
        assert!(
            !everything.contains(secret),
            "the {name} leaked into hh-bot's output"
        );
    }
}

/// Reads a child's pipe to its end in the background (a full pipe would stall the child).
fn reader(
    mut pipe: impl tokio::io::AsyncRead + Unpin + Send + 'static,
) -> tokio::task::JoinHandle<Vec<u8>> {
    tokio::spawn(async move {
        let mut bytes = Vec::new();
        let _ = tokio::io::AsyncReadExt::read_to_end(&mut pipe, &mut bytes).await;
        bytes
    })
}

/// What `reader` read, once the pipe has ended.
async fn drain(task: &mut tokio::task::JoinHandle<Vec<u8>>) -> String {
    match tokio::time::timeout(Duration::from_secs(10), &mut *task).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes.unwrap()).into_owned(),
        Err(_) => panic!("a pipe stayed open after hh-bot exited"),
    }
}
