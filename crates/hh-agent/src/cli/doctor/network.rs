//! The doctor's checks over the network, each against the config's URL: hh-callback's
//! `/healthz` on `[callback] listen` and the redirect URI's host resolving; hh.ru
//! reachable, `HH-User-Agent` accepted, the clock against hh.ru's `Date`, and what the
//! tokens may do (the probe); Telegram reachable, the bot token valid (`getMe`),
//! `allowed_chats` set. No error text carries a URL or a token.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;

use super::Check;
use crate::cli::{session, words};
use crate::config::{Config, Secrets};
use crate::hh::Capability;
use crate::{access, http};

/// How far our clock may be from hh.ru's before it matters.
pub const MAX_SKEW: Duration = Duration::from_secs(60);
/// How long one network check waits.
const TIMEOUT: Duration = Duration::from_secs(5);

fn client(user_agent: Option<&str>) -> Option<reqwest::Client> {
    let agent = user_agent.and_then(|agent| http::hh_user_agent(agent).ok());
    http::client(TIMEOUT, TIMEOUT, agent.as_ref()).ok()
}

/// hh-callback answers `/healthz` locally; the redirect URI's host resolves.
pub async fn callback(config: &Config, checks: &mut Vec<Check>) {
    let name = "hh-callback";
    let listen = config.callback.listen;
    let url = format!("http://{listen}/healthz");
    let answered = match client(None) {
        Some(client) => client.get(&url).send().await.map(|r| r.status()),
        None => return,
    };
    checks.push(match answered {
        Ok(status) if status.is_success() => Check::pass(name, format!("отвечает на {listen}")),
        Ok(status) => Check::fail(name, format!("на {listen} отвечает не hh-callback, код {}: проверьте [callback] listen", status.as_u16())),
        Err(_) => Check::fail(name, format!("не отвечает на {listen}: systemctl start hh-callback, подробности — journalctl -u hh-callback")),
    });
    let redirect = config.redirect_url();
    let host = redirect.host_str().unwrap_or("").to_owned();
    let port = redirect.port_or_known_default().unwrap_or(443);
    let name = "Адрес возврата";
    let resolved = tokio::time::timeout(TIMEOUT, tokio::net::lookup_host((host.as_str(), port)))
        .await
        .ok()
        .and_then(Result::ok)
        .is_some_and(|mut addresses| addresses.next().is_some());
    checks.push(if resolved {
        Check::pass(name, format!("{host} находится в DNS"))
    } else {
        Check::fail(name, format!("имя {host} не находится в DNS: проверьте имя KeenDNS в hh.redirect_uri и в настройках роутера"))
    });
}

/// hh.ru reachable, our `HH-User-Agent` accepted, the clock, then the probe.
pub async fn hh(config: &Config, secrets: &Secrets, checks: &mut Vec<Check>) {
    let Some(client) = client(Some(&config.hh.user_agent)) else {
        return;
    };
    let base = url::Url::parse(&config.hh.api_base_url).ok();
    let url = base.map(|base| http::join(&base, "/dictionaries"));
    let answer = match url {
        Some(url) => client.get(url).send().await,
        None => return,
    };
    let response = match answer {
        Ok(response) => response,
        Err(_) => {
            checks.push(Check::fail(
                "hh.ru",
                format!(
                    "{} не отвечает: проверьте сеть и DNS этой машины",
                    config.hh.api_base_url
                ),
            ));
            checks.push(Check::skip("Часы", "не с чем сравнить: hh.ru не ответил"));
            return;
        }
    };
    let date = response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| DateTime::parse_from_rfc2822(value).ok())
        .map(|date| date.with_timezone(&Utc));
    let status = response.status();
    let body = response.bytes().await.unwrap_or_default();
    checks.push(Check::pass(
        "hh.ru",
        format!("{} отвечает", config.hh.api_base_url),
    ));
    let refused_agent = status == StatusCode::BAD_REQUEST
        && String::from_utf8_lossy(&body).contains("bad_user_agent");
    checks.push(if refused_agent {
        Check::fail("HH-User-Agent", format!("hh.ru не принимает «{}»: укажите в hh.user_agent имя приложения, версию и свой e-mail, например hh-agent/0.1 (ivan@yandex.ru)", config.hh.user_agent))
    } else {
        Check::pass("HH-User-Agent", "hh.ru принимает")
    });
    checks.push(clock(date, Utc::now()));
    checks.push(probe(config, secrets).await);
}

/// Our clock against hh.ru's `Date`.
pub fn clock(theirs: Option<DateTime<Utc>>, ours: DateTime<Utc>) -> Check {
    let name = "Часы";
    let Some(theirs) = theirs else {
        return Check::skip(name, "hh.ru не прислал время");
    };
    let skew = (ours - theirs).abs();
    let human = crate::report::human(skew);
    if skew.to_std().unwrap_or_default() > MAX_SKEW {
        Check::fail(name, format!("расходятся с hh.ru на {human}: включите синхронизацию времени — timedatectl set-ntp true; иначе истечение токена считается неверно"))
    } else {
        Check::pass(name, "совпадают с hh.ru")
    }
}

async fn probe(config: &Config, secrets: &Secrets) -> Check {
    let name = "Доступ к hh.ru";
    // An application token obtained now must be the services' own file, not root's.
    if let Err(err) = session::become_owner(config) {
        return Check::fail(name, format!("{err:#}"));
    }
    match session::probe(config, secrets).await {
        Err(_) => Check::fail(
            name,
            "клиент hh.ru не создаётся: проверьте [hh] в конфигурации",
        ),
        Ok(Capability::Nothing(err)) => Check::fail(name, words::hh_error(&err)),
        Ok(capability) => Check::pass(name, access::what(&capability)),
    }
}

/// Telegram reachable, the bot token valid, `allowed_chats` set.
pub async fn telegram(config: &Config, secrets: &Secrets, checks: &mut Vec<Check>) {
    let name = "Telegram";
    match &secrets.bot_token {
        None => checks.push(Check::skip(name, "нет токена бота: проверка пропущена")),
        Some(token) => {
            let base = config.bot.telegram_api_url.trim_end_matches('/');
            let url = format!("{base}/bot{}/getMe", token.expose());
            let answer = match client(None) {
                Some(client) => client.get(url).send().await,
                None => return,
            };
            checks.push(match answer {
                Err(_) => Check::fail(name, format!("{base} не отвечает: проверьте сеть этой машины")),
                Ok(response) if response.status() == StatusCode::UNAUTHORIZED || response.status() == StatusCode::NOT_FOUND => {
                    Check::fail(name, "Telegram не принимает токен бота: возьмите новый у @BotFather и положите в telegram-bot-token")
                }
                Ok(response) => match response.json::<serde_json::Value>().await {
                    Ok(body) if body["ok"] == true => Check::pass(name, format!("бот @{} на связи", body["result"]["username"].as_str().unwrap_or(""))),
                    _ => Check::fail(name, "Telegram ответил ошибкой: повторите позже"),
                },
            });
        }
    }
    let name = "Разрешённые чаты";
    checks.push(if config.bot.allowed_chats.is_empty() {
        Check::fail(name, "bot.allowed_chats пуст — бот никому не ответит: впишите свой chat id в [bot] allowed_chats")
    } else {
        Check::pass(name, format!("{}", config.bot.allowed_chats.len()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::doctor::Mark;

    #[test]
    fn a_clock_more_than_a_minute_off_fails() {
        let now = Utc::now();
        assert_eq!(
            clock(Some(now - chrono::Duration::seconds(59)), now).mark,
            Mark::Pass
        );
        let off = clock(Some(now + chrono::Duration::minutes(10)), now);
        assert_eq!(off.mark, Mark::Fail);
        assert!(off.detail.contains("10 мин."), "{}", off.detail);
        assert_eq!(clock(None, now).mark, Mark::Skip);
    }
}
