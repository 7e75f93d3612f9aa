//! `hh demo`: the whole flow played on the embedded sandbox, narrated in Russian.
//!
//! It starts the sandbox and hh-callback in-process on free loopback ports, walks the
//! browser's path through `/login`, hh.ru's authorize page and the callback, shows the
//! token file (never a token), moves the sandbox clock past expiry, refreshes, and shows
//! that the old refresh token is refused; then `search` does a day's job search with that
//! token. `closed` is the other story: no login, the app's own token, the resume from a
//! PDF, applying by link. It needs no credentials and no network.

mod closed;
mod search;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, ensure, Context as _};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::callback::{self, Limits};
use crate::clock::Clock;
use crate::config::{Callback, Config, Hh, Secrets, Token};
use crate::refresh::{self, Outcome, Policy};
use crate::report::human;
use crate::secret::Secret;
use crate::state::Signer;
use crate::token_store::Store;
use crate::{oauth, report};
use hh_sandbox::{self as sandbox, Sandbox};

/// Runs the story of `access` in `dir` (which must exist), writing the narration to
/// `out`: the full one below, or the one without applicant access (`closed`).
pub async fn run(
    dir: &std::path::Path,
    access: sandbox::Access,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match access {
        sandbox::Access::Full => full(dir, out).await,
        sandbox::Access::Closed => closed::run(dir, out).await,
    }
}

/// The demo's config: the sandbox at `sandbox_url` for OAuth and the API, unpaced, the
/// token and the bot's state under `dir`.
fn config(sandbox_url: &str, redirect_uri: &str, dir: &std::path::Path) -> Config {
    Config {
        hh: Hh {
            client_id: sandbox::CLIENT_ID.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            user_agent: format!("hh-agent/{} (demo@example.org)", env!("CARGO_PKG_VERSION")),
            oauth_base_url: sandbox_url.to_owned(),
            api_base_url: sandbox_url.to_owned(),
            // The sandbox is local: no pacing needed to be polite.
            request_interval_ms: 0,
            apply_interval_ms: 0,
        },
        token: Token {
            path: dir.join("hh-token").join("token.json"),
        },
        callback: Callback {
            listen: "127.0.0.1:8000".parse().expect("a literal address"),
        },
        letter: Default::default(),
        llm: Default::default(),
        filters: Default::default(),
        bot: crate::config::Bot {
            state_dir: dir.join("hh-bot"),
            ..Default::default()
        },
    }
}

/// The full-access story: login, the token's life, then the day's search and applying.
async fn full(dir: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let callback_listener = TcpListener::bind("127.0.0.1:0").await?;
    let sandbox_listener = TcpListener::bind("127.0.0.1:0").await?;
    let callback_addr = callback_listener.local_addr()?;
    let sandbox_url = format!("http://{}", sandbox_listener.local_addr()?);
    let redirect_uri = format!("http://{callback_addr}/callback");

    let sandbox = Sandbox::new(sandbox::Options {
        redirect_uri: redirect_uri.clone(),
        ..sandbox::Options::default()
    });
    let (stop_sandbox, sandbox_stopped) = oneshot::channel::<()>();
    let sandbox_task = tokio::spawn(sandbox.clone().run(sandbox_listener, async {
        let _ = sandbox_stopped.await;
    }));
    writeln!(
        out,
        "1. Запущена песочница hh.ru: {sandbox_url} (приложение {}…)",
        &sandbox::CLIENT_ID[..12]
    )?;

    let mut config = config(&sandbox_url, &redirect_uri, dir);
    config.callback.listen = callback_addr;
    config.validate()?;
    let secrets = Secrets {
        client_secret: Some(Secret::new(sandbox::CLIENT_SECRET)),
        state_key: Some(Secret::new(format!(
            "{:032x}{:032x}",
            rand::random::<u128>(),
            rand::random::<u128>()
        ))),
        llm_api_key: None,
        bot_token: None,
    };
    let clock = {
        let sandbox = sandbox.clone();
        Clock::from_fn(move || sandbox.now())
    };
    let ctx = Arc::new(callback::Context::new(
        &config,
        &secrets,
        clock.clone(),
        Limits::default(),
    )?);
    let (stop_callback, callback_stopped) = oneshot::channel::<()>();
    let callback_task = tokio::spawn(callback::run(callback_listener, ctx, async {
        let _ = callback_stopped.await;
    }));
    writeln!(out, "2. Запущен hh-callback: {redirect_uri}")?;

    let result = play(&config, &secrets, &sandbox, &clock, out).await;
    let _ = stop_callback.send(());
    let _ = stop_sandbox.send(());
    let _ = callback_task.await;
    let _ = sandbox_task.await;
    result
}

async fn play(
    config: &Config,
    secrets: &Secrets,
    sandbox: &Sandbox,
    clock: &Clock,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()?;
    let signer = Signer::new(secrets.state_key()?.clone());
    let state = signer.issue(Some(1), clock.now());
    let mut login = config.redirect_url();
    login.set_path("/login");
    login.query_pairs_mut().append_pair("state", state.expose());

    let answer = browser.get(login).send().await.context("opening /login")?;
    ensure!(
        answer.status() == 302,
        "/login answered {}",
        answer.status()
    );
    let cookie = answer
        .headers()
        .get(SET_COOKIE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .context("/login set no cookie")?
        .to_owned();
    let authorize = location(&answer)?;
    writeln!(
        out,
        "3. Браузер открыл ссылку входа и перенаправлен на страницу авторизации hh.ru"
    )?;

    let answer = browser
        .get(&authorize)
        .send()
        .await
        .context("opening the authorize page")?;
    ensure!(
        answer.status() == 302,
        "the authorize page answered {}",
        answer.status()
    );
    let back = location(&answer)?;
    writeln!(
        out,
        "4. Пользователь разрешил доступ; hh.ru вернул браузер на hh-callback с кодом"
    )?;

    let answer = browser
        .get(&back)
        .header(COOKIE, cookie)
        .send()
        .await
        .context("opening the callback")?;
    let status = answer.status();
    let page = answer.text().await?;
    ensure!(
        status == 200 && page.contains("Готово"),
        "the callback answered {status}"
    );
    writeln!(
        out,
        "5. hh-callback обменял код на токены и ответил: «Готово, вернитесь в Telegram»"
    )?;

    let store = Store::new(&config.token.path);
    let pair = store.read()?;
    let file_mode = std::fs::metadata(store.path())?.permissions().mode() & 0o777;
    let dir_mode = std::fs::metadata(store.dir())?.permissions().mode() & 0o777;
    writeln!(
        out,
        "6. Файл токена записан: {} (права {file_mode:04o}, каталог {dir_mode:04o}); истекает через {} — сами токены не показываем",
        store.path().display(),
        human(pair.expires_at - clock.now()),
    )?;

    let client = oauth::Client::new(&config.hh)?;
    let policy = Policy::default();
    match refresh::refresh_if_due(&store, &client, clock, &policy).await? {
        Outcome::NotDue { due_at } => writeln!(
            out,
            "7. hh-refresh сейчас ничего не делает: hh.ru разрешает обновление только после истечения ({})",
            due_at.format("%Y-%m-%d %H:%M UTC")
        )?,
        other => bail!("a fresh token was refreshed early: {other:?}"),
    }

    let until_expiry = (pair.expires_at - clock.now()).to_std().unwrap_or_default();
    sandbox.advance(until_expiry + Duration::from_secs(60));
    writeln!(
        out,
        "8. Часы песочницы переведены на {} вперёд: токен истёк",
        human(chrono::Duration::from_std(until_expiry)?)
    )?;

    let expires_at = match refresh::refresh_if_due(&store, &client, clock, &policy).await? {
        Outcome::Refreshed { expires_at } => expires_at,
        other => bail!("the expired token was not refreshed: {other:?}"),
    };
    let new_pair = store.read()?;
    ensure!(
        new_pair.refresh_token != pair.refresh_token,
        "the refresh token did not change"
    );
    writeln!(
        out,
        "9. hh-refresh обновил пару токенов атомарно; новая истекает {}",
        expires_at.format("%Y-%m-%d %H:%M UTC")
    )?;

    match client.refresh(&pair.refresh_token).await {
        Err(oauth::Error::Reauthorize { reason }) => writeln!(
            out,
            "10. Старый refresh-токен больше не принимается: hh.ru ответил «{}»",
            reason.rsplit(": ").next().unwrap_or(&reason)
        )?,
        other => bail!(
            "the old refresh token was not refused: {:?}",
            other.map(|_| "a new pair")
        ),
    }
    writeln!(
        out,
        "\nСостояние (как покажет `hh status`):\n{}",
        report::Report::new(&store, clock.now())
    )?;
    writeln!(out, "Поиск работы с этим токеном:")?;
    search::play(config, clock, 11, out).await?;
    writeln!(
        out,
        "\nДемонстрация завершена: запросов к песочнице — {}, к hh.ru — 0.",
        sandbox.requests().len()
    )?;
    writeln!(
        out,
        "Так работает приложение с доступом к методам соискателя. У большинства своих приложений с 2026 года его нет — как агент работает без него: hh demo --access closed"
    )?;
    Ok(())
}

fn location(answer: &reqwest::Response) -> anyhow::Result<String> {
    Ok(answer
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .context("a redirect without Location")?
        .to_owned())
}
