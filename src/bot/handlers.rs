//! What each command does: small async handlers with injected arguments.
//!
//! Handlers never fail the dispatcher over our own errors: a failed ledger or token read
//! is logged with `warn!` and the user gets plain Russian words. Only a failed send to
//! Telegram is returned (the dispatcher logs it).

use std::sync::Arc;

use chrono::{Duration, Utc};
use teloxide::prelude::*;
use teloxide::utils::command::BotCommands;
use tracing::warn;

use super::{lock, Command, Context, PASTED_RESUME};
use crate::applying::DEFAULT_DAILY_CAP;
use crate::matching::Candidate;
use crate::rank::Rates;
use crate::report::{self, Report};

/// The result every handler returns.
pub type HandlerResult = anyhow::Result<()>;

/// Telegram's limit for one message, in UTF-16 code units.
pub const TELEGRAM_MAX_LEN: usize = 4096;

const SOMETHING_WENT_WRONG: &str = "Что-то пошло не так, попробуйте ещё раз позже.";

/// /start: a greeting, the current state and the commands.
pub async fn start(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let resume = match pasted_resume(&ctx) {
        Ok(Some(_)) => "Резюме: сохранено (/show_cv).",
        Ok(None) => "Резюме: нет — пришлите его текст командой /reset.",
        Err(()) => "Резюме: не удалось прочитать.",
    };
    let text = format!(
        "Здравствуйте! Я помогаю искать работу на hh.ru.\n\n{}\n{resume}\n\n{}",
        token_line(&ctx),
        Command::descriptions()
    );
    send(&bot, &msg, text).await
}

/// /help: the list generated from [`Command`].
pub async fn help(bot: Bot, msg: Message) -> HandlerResult {
    send(&bot, &msg, Command::descriptions().to_string()).await
}

/// /hh_status: the token file's state and the applications of the last 24 hours.
pub async fn hh_status(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let now = Utc::now();
    let report = Report::new(&ctx.store, now).to_string();
    let count = lock(&ctx.ledger).count_since(now - Duration::hours(24));
    let applications = match count {
        Ok(count) => format!("Откликов за последние 24 ч.: {count} из {DEFAULT_DAILY_CAP}."),
        Err(err) => {
            warn!(%err, "cannot count recent applications");
            "Откликов за последние 24 ч.: не удалось посчитать.".to_owned()
        }
    };
    send(&bot, &msg, format!("{report}\n{applications}")).await
}

/// /reset <text>: stores the pasted resume and shows what was understood; a bare /reset
/// makes the next message the resume.
pub async fn reset(bot: Bot, msg: Message, ctx: Arc<Context>, text: String) -> HandlerResult {
    let text = text.trim();
    if text.is_empty() {
        ctx.set_awaiting_resume(msg.chat.id.0, true);
        let ask = "Пришлите текст резюме следующим сообщением.";
        return send(&bot, &msg, ask.to_owned()).await;
    }
    store_resume(&bot, &msg, &ctx, text).await
}

/// /show_cv: the stored pasted resume, cut to Telegram's limit.
pub async fn show_cv(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let text = match pasted_resume(&ctx) {
        Ok(Some(resume)) => truncate(&resume, TELEGRAM_MAX_LEN),
        Ok(None) => "Резюме ещё нет: пришлите его текст командой /reset.".to_owned(),
        Err(()) => SOMETHING_WENT_WRONG.to_owned(),
    };
    send(&bot, &msg, text).await
}

/// Any other message: the resume after a bare /reset, else a hint.
pub async fn other_message(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let chat = msg.chat.id.0;
    match msg.text().map(str::trim).filter(|text| !text.is_empty()) {
        Some(text) if ctx.is_awaiting_resume(chat) && !text.starts_with('/') => {
            store_resume(&bot, &msg, &ctx, text).await
        }
        _ => {
            let hint = "Не понял. Список команд — /help.";
            send(&bot, &msg, hint.to_owned()).await
        }
    }
}

async fn store_resume(bot: &Bot, msg: &Message, ctx: &Context, text: &str) -> HandlerResult {
    ctx.set_awaiting_resume(msg.chat.id.0, false);
    let stored = lock(&ctx.ledger).set_setting(PASTED_RESUME, &text.to_owned());
    if let Err(err) = stored {
        warn!(%err, "cannot store the pasted resume");
        return send(bot, msg, SOMETHING_WENT_WRONG.to_owned()).await;
    }
    send(bot, msg, understood(text)).await
}

/// What ranking understood from a pasted resume, for the user to check.
pub fn understood(text: &str) -> String {
    let profile = Candidate::from_text(text, &Rates::default()).profile;
    let or_unknown = |value: Option<String>| value.unwrap_or_else(|| "не понял".to_owned());
    let title = Some(profile.title.trim().to_owned()).filter(|title| !title.is_empty());
    let skills: Vec<&str> = profile
        .skills
        .iter()
        .take(10)
        .map(|skill| skill.skill.name.as_ref())
        .collect();
    let skills = Some(skills.join(", ")).filter(|skills| !skills.is_empty());
    let years = profile
        .experience_months
        .map(|months| format!("{:.1} г.", f64::from(months) / 12.0));
    format!(
        "Резюме сохранено. Вот что я понял:\nДолжность: {}\nНавыки: {}\nОпыт: {}\nГород: {}\n\nЕсли что-то не так, пришлите исправленный текст через /reset.",
        or_unknown(title),
        or_unknown(skills),
        or_unknown(years),
        or_unknown(profile.area_name),
    )
}

fn token_line(ctx: &Context) -> String {
    match ctx.store.read() {
        Ok(pair) => {
            let left = pair.expires_at - Utc::now();
            if left.num_days() >= 1 {
                format!(
                    "hh.ru: авторизован, токен действует ещё {} дн.",
                    left.num_days()
                )
            } else if left > Duration::zero() {
                format!(
                    "hh.ru: авторизован, токен действует ещё {}",
                    report::human(left)
                )
            } else {
                "hh.ru: авторизован, токен истёк и будет обновлён.".to_owned()
            }
        }
        Err(_) => "hh.ru: не авторизован — /hh_auth (скоро)".to_owned(),
    }
}

fn pasted_resume(ctx: &Context) -> Result<Option<String>, ()> {
    lock(&ctx.ledger)
        .setting::<String>(PASTED_RESUME)
        .map_err(|err| warn!(%err, "cannot read the pasted resume"))
}

/// Cuts `text` to at most `limit` UTF-16 code units (Telegram's measure), marking the cut.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.encode_utf16().count() <= limit {
        return text.to_owned();
    }
    let marker = "…";
    let mut used = marker.encode_utf16().count();
    let mut out = String::new();
    for c in text.chars() {
        used += c.len_utf16();
        if used > limit {
            break;
        }
        out.push(c);
    }
    out.push_str(marker);
    out
}

async fn send(bot: &Bot, msg: &Message, text: String) -> HandlerResult {
    bot.send_message(msg.chat.id, truncate(&text, TELEGRAM_MAX_LEN))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_respects_telegram_limit() {
        let long = "я".repeat(5000);
        let cut = truncate(&long, TELEGRAM_MAX_LEN);
        assert_eq!(cut.encode_utf16().count(), TELEGRAM_MAX_LEN);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("коротко", TELEGRAM_MAX_LEN), "коротко");
    }

    #[test]
    fn help_lists_every_command() {
        let help = Command::descriptions().to_string();
        for command in ["/start", "/help", "/hh_status", "/reset", "/show_cv"] {
            assert!(help.contains(command), "{command} missing in {help}");
        }
    }
}
