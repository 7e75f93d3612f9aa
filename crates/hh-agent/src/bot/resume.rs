//! The pasted resume and free text: /reset (the text after it, or the next message),
//! /show_cv, and what a plain message means — the resume after a bare /reset, a letter
//! after «Изменить письмо», a field's new value after its button, a vacancy link,
//! «Поле: значение», else a hint. A file is `upload`'s; the profile view is `cv_view`'s.
//!
//! The hh.ru resumes are `account`'s (/hh_resumes); sending an application is
//! `application`'s.

use std::sync::Arc;

use teloxide::prelude::*;

use super::application::{offer_application, offer_edited};
use super::cv::corrected;
use super::cv_view;
use super::send::{problem, say, HandlerResult};
use super::{Awaiting, Context};
use crate::resume::Field;

/// /reset <text>: stores the pasted resume and shows what was understood; a bare /reset
/// makes the next message the resume.
pub async fn reset(bot: Bot, msg: Message, ctx: Arc<Context>, text: String) -> HandlerResult {
    let text = text.trim();
    if text.is_empty() {
        ctx.chat(msg.chat.id.0, |state| state.awaiting = Awaiting::Resume);
        return say(
            &bot,
            msg.chat.id,
            "Пришлите текст резюме следующим сообщением или файлом (PDF, DOCX, RTF, TXT).",
        )
        .await;
    }
    store_resume(&bot, msg.chat.id, &ctx, text).await
}

/// /show_cv: the profile read from the kept resume, with a button per field to fix it.
pub async fn show_cv(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    cv_view::show(&bot, msg.chat.id, &ctx, "Вот что я понял из резюме:").await
}

/// Any other message: the resume after a bare /reset, a letter after «Изменить письмо»,
/// a vacancy link, else a hint.
pub async fn other_message(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(text) = msg.text().map(str::trim).filter(|text| !text.is_empty()) else {
        return say(
            &bot,
            chat,
            "Я понимаю только текст и файлы резюме (PDF, DOCX, RTF, TXT). Список команд — /help.",
        )
        .await;
    };
    if text.starts_with('/') {
        return say(&bot, chat, "Не знаю такой команды. Список команд — /help.").await;
    }
    match ctx.chat(chat.0, |state| std::mem::take(&mut state.awaiting)) {
        Awaiting::Resume => store_resume(&bot, msg.chat.id, &ctx, text).await,
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
        Awaiting::Correction(field) => cv_view::fix(&bot, chat, &ctx, Some(field), text).await,
        Awaiting::Nothing => {
            if let Some(vacancy_id) = super::commands::vacancy_id(text) {
                return offer_application(&bot, chat, &ctx, &vacancy_id).await;
            }
            let has_resume = matches!(ctx.pasted_resume().await, Ok(Some(_)));
            if has_resume && cv_view::is_correction(text) {
                return cv_view::fix(&bot, chat, &ctx, None, text).await;
            }
            if text.lines().count() > 2 {
                return say(&bot, chat, "Не понял. Если это резюме, пришлите его командой /reset с текстом после неё или файлом (PDF, DOCX, RTF, TXT). Список команд — /help.").await;
            }
            say(&bot, chat, "Не понял. Список команд — /help.").await
        }
    }
}

/// Keeps `text` as the resume (pasted, or read from a file: `upload`) and shows what was
/// understood, saying which earlier corrections still hold.
pub async fn store_resume(bot: &Bot, chat: ChatId, ctx: &Context, text: &str) -> HandlerResult {
    ctx.chat(chat.0, |state| {
        if state.awaiting == Awaiting::Resume {
            state.awaiting = Awaiting::Nothing;
        }
    });
    let kept = match ctx.keep_resume(text).await {
        Ok(kept) => kept,
        Err(err) => return problem(bot, chat, &err).await,
    };
    let mut heading = "Резюме сохранено. Вот что я понял:".to_owned();
    let kept: Vec<&str> = Field::ALL
        .iter()
        .filter(|field| corrected(&kept, **field))
        .map(|field| field.label())
        .collect();
    if !kept.is_empty() {
        heading = format!(
            "Резюме сохранено. Ваши исправления полей {} остались в силе (их можно сбросить кнопкой). Вот что я понял:",
            kept.join(", ")
        );
    }
    cv_view::show(bot, chat, ctx, &heading).await
}
