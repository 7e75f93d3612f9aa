//! `hh login` (a login link, then waiting until hh-callback has saved the token, and who
//! logged in) and `hh logout` (revoked at hh.ru and removed, after a confirmation).
//!
//! The link is `state::login_url`, the token is written by hh-callback; this only waits
//! and tells.

use std::io::{BufRead, Write};
use std::time::Duration;

use anyhow::{anyhow, bail};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::credentials;
use super::output::Answer;
use super::session::Session;
use super::words;
use crate::hh::Capability;

/// How long a login link is valid: waiting longer is pointless.
pub const LINK_LIFETIME: Duration = Duration::from_secs(600);

/// What `hh login` waits for.
#[derive(Debug, Clone)]
pub struct LoginOptions {
    /// Give up after this long (at most [`LINK_LIFETIME`]).
    pub timeout: Duration,
    /// How often the status file is read.
    pub poll: Duration,
    /// The link as one JSON line instead of text.
    pub json: bool,
}

/// Prints the link to `out` at once, then waits for the authorization.
pub async fn login(
    session: &Session,
    options: &LoginOptions,
    out: &mut dyn Write,
) -> anyhow::Result<Answer> {
    let ctx = &session.ctx;
    let signer = credentials::signer(&session.secrets, &session.source)?;
    let before = last_authorization(session);
    let started = ctx.clock.now();
    let state = signer.issue(None, started);
    let link = crate::state::login_url(ctx.config.redirect_url(), &state);
    if options.json {
        writeln!(out, "{}", json!({ "link": link.as_str() }))?;
    } else {
        writeln!(out, "Откройте ссылку в браузере, войдите на hh.ru и разрешите доступ приложению (ссылка действует 10 минут, один раз):\n{link}\nЖду входа… Ctrl-C — прервать.")?;
    }
    out.flush()?;
    let timeout = options.timeout.min(LINK_LIFETIME);
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => bail!("вход прерван; ссылка действительна ещё несколько минут, а новую даст hh login"),
            () = tokio::time::sleep_until(deadline) => bail!(
                "за {} вход не завершён: ссылка больше не действует, запустите hh login снова; если браузер показал ошибку, проверьте hh doctor",
                crate::report::human(chrono::Duration::from_std(timeout).unwrap_or_default())
            ),
            () = tokio::time::sleep(options.poll) => {
                if last_authorization(session) != before && ctx.store.read().is_ok() {
                    break;
                }
            }
        }
    }
    Ok(who_logged_in(session).await)
}

fn last_authorization(session: &Session) -> Option<DateTime<Utc>> {
    let status = session.ctx.store.read_status().ok()?;
    status.last_authorization.map(|record| record.at)
}

async fn who_logged_in(session: &Session) -> Answer {
    match session.ctx.capability(true).await {
        Capability::Applicant { name, .. } => Answer::ok(
            format!("Вход выполнен: {name}. Поиск, резюме и отклики доступны.\n"),
            json!({ "logged_in": true, "name": name, "applicant": true }),
        ),
        Capability::ApplicationOnly { .. } => Answer::ok(
            "Вход выполнен, но hh.ru не разрешает приложению методы соискателя: поиск работает, откликаться — по ссылке на hh.ru (hh apply покажет её и письмо).\n".to_owned(),
            json!({ "logged_in": true, "applicant": false }),
        ),
        Capability::Nothing(err) => Answer {
            text: format!(
                "Токен сохранён, но проверить его не удалось: {}.\n",
                words::hh_error(&err)
            ),
            json: json!({ "logged_in": true, "checked": false }),
            ok: false,
        },
    }
}

/// Revokes the token at hh.ru and removes the file; asks first unless `yes`.
pub async fn logout(
    session: &Session,
    yes: bool,
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> anyhow::Result<Answer> {
    let ctx = &session.ctx;
    let Ok(pair) = ctx.store.read() else {
        return Ok(Answer::ok(
            "Вы и так не вошли на hh.ru.\n".to_owned(),
            json!({ "logged_out": true, "was_logged_in": false }),
        ));
    };
    if !yes && !confirmed(input, prompt)? {
        return Ok(Answer {
            text: "Отменено: вход сохранён.\n".to_owned(),
            json: json!({ "logged_out": false }),
            ok: false,
        });
    }
    let revoked = ctx.oauth.revoke(&pair.access_token).await;
    if let Err(err) = &revoked {
        tracing::warn!(%err, "token revocation failed; removing the file anyway");
    }
    let guard = ctx.store.lock_async().await.map_err(|_| {
        anyhow!(
            "не удалось открыть каталог токена {} для записи: запустите hh от имени его владельца или через sudo",
            ctx.store.dir().display()
        )
    })?;
    guard.remove_token(ctx.clock.now()).map_err(|err| {
        anyhow!(
            "не удалось удалить файл токена {}: {}",
            ctx.store.path().display(),
            crate::report::io_problem(&err)
        )
    })?;
    let text = match revoked {
        Ok(()) => "Готово: доступ к hh.ru отозван, токен удалён с сервера. Войти снова — hh login.\n",
        Err(_) => "Токен удалён с сервера, но hh.ru не ответил на отзыв — токен истечёт сам; доступы видны на hh.ru в настройках аккаунта. Войти снова — hh login.\n",
    };
    Ok(Answer::ok(
        text.to_owned(),
        json!({ "logged_out": true, "was_logged_in": true, "revoked": text.starts_with("Готово") }),
    ))
}

/// Asks on `prompt` and reads one answer; only «да» (or «д», «y», «yes») agrees.
fn confirmed(input: &mut dyn BufRead, prompt: &mut dyn Write) -> anyhow::Result<bool> {
    write!(
        prompt,
        "Выйти из hh.ru? Токен будет отозван на hh.ru и удалён с сервера; поиск и отклики остановятся до нового входа. Введите «да», чтобы выйти: "
    )?;
    prompt.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    let answer = answer.trim().to_lowercase();
    Ok(matches!(answer.as_str(), "да" | "д" | "y" | "yes"))
}
