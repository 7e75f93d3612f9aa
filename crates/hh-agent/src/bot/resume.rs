//! The pasted resume and free text: /reset (the text after it, or the next message),
//! /show_cv, and what a plain message means — the resume after a bare /reset, a letter
//! after «Изменить письмо», a vacancy link, else a hint.
//!
//! The hh.ru resumes are `account`'s (/hh_resumes); sending an application is
//! `application`'s.

use std::sync::Arc;

use teloxide::prelude::*;

use super::agent::Problem;
use super::application::{offer_application, offer_edited};
use super::send::{problem, say, HandlerResult};
use super::{Awaiting, Context, PASTED_RESUME};
use crate::matching::Candidate;
use crate::rank::Rates;

/// /reset <text>: stores the pasted resume and shows what was understood; a bare /reset
/// makes the next message the resume.
pub async fn reset(bot: Bot, msg: Message, ctx: Arc<Context>, text: String) -> HandlerResult {
    let text = text.trim();
    if text.is_empty() {
        ctx.chat(msg.chat.id.0, |state| state.awaiting = Awaiting::Resume);
        return say(
            &bot,
            msg.chat.id,
            "Пришлите текст резюме следующим сообщением.",
        )
        .await;
    }
    store_resume(&bot, &msg, &ctx, text).await
}

/// /show_cv: the stored pasted resume.
pub async fn show_cv(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    match ctx.pasted_resume().await {
        Ok(Some(resume)) => say(&bot, msg.chat.id, &resume).await,
        Ok(None) => {
            say(
                &bot,
                msg.chat.id,
                "Резюме ещё нет: пришлите его текст командой /reset.",
            )
            .await
        }
        Err(err) => problem(&bot, msg.chat.id, &err).await,
    }
}

/// Any other message: the resume after a bare /reset, a letter after «Изменить письмо»,
/// a vacancy link, else a hint.
pub async fn other_message(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(text) = msg.text().map(str::trim).filter(|text| !text.is_empty()) else {
        return say(&bot, chat, "Я понимаю только текст. Список команд — /help.").await;
    };
    if text.starts_with('/') {
        return say(&bot, chat, "Не знаю такой команды. Список команд — /help.").await;
    }
    match ctx.chat(chat.0, |state| std::mem::take(&mut state.awaiting)) {
        Awaiting::Resume => store_resume(&bot, &msg, &ctx, text).await,
        Awaiting::Letter(vacancy_id) => match ctx.edited_letter(&vacancy_id, text).await {
            Ok(letter) => {
                ctx.chat(chat.0, |state| {
                    state.letters.insert(vacancy_id.clone(), letter.text)
                });
                offer_edited(&bot, chat, &vacancy_id).await
            }
            Err(err) => {
                // The user may try again with the next message.
                ctx.chat(chat.0, |state| {
                    state.awaiting = Awaiting::Letter(vacancy_id)
                });
                problem(&bot, chat, &err).await
            }
        },
        Awaiting::Nothing => match super::commands::vacancy_id(text) {
            Some(vacancy_id) => offer_application(&bot, chat, &ctx, &vacancy_id).await,
            None => say(&bot, chat, "Не понял. Список команд — /help.").await,
        },
    }
}

async fn store_resume(bot: &Bot, msg: &Message, ctx: &Context, text: &str) -> HandlerResult {
    ctx.chat(msg.chat.id.0, |state| {
        if state.awaiting == Awaiting::Resume {
            state.awaiting = Awaiting::Nothing;
        }
    });
    let stored = ctx
        .ledger
        .lock()
        .await
        .set_setting(PASTED_RESUME, &text.to_owned());
    if let Err(err) = stored {
        return problem(bot, msg.chat.id, &Problem::Ledger(err)).await;
    }
    say(bot, msg.chat.id, &understood(text)).await
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
