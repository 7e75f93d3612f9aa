//! The profile read from the kept resume, shown for correction: /show_cv and the answer to
//! a new resume list the fields (`resume::review`), mark the corrected ones and put a
//! button under each; a pressed field takes the next message as its value, and
//! «Поле: значение» works at any time. Every fix is answered with the corrected profile.
//!
//! Where the resume and corrections are kept, and how they make the candidate, is `cv`'s.

use teloxide::prelude::*;
use teloxide::types::InlineKeyboardMarkup;

use super::action::Action;
use super::agent::Problem;
use super::cards::{button, keyboard};
use super::cv::{candidate, corrected};
use super::send::{problem, say, say_with, HandlerResult};
use super::{Awaiting, Context};
use crate::resume::{review, Corrections, Field};

/// What to say when there is no resume to show or correct.
pub const NO_RESUME: &str =
    "Резюме ещё нет: пришлите файл (PDF, DOCX, RTF или TXT — на hh.ru «Скачать» на странице резюме) или его текст командой /reset.";

const HOW_TO_FIX: &str = "Чтобы исправить поле, нажмите его кнопку или напишите «Поле: значение», например «Навыки: Rust, Go» или «Опыт: 6 лет»; «сбросить» вернёт значение из резюме.";

/// Shows the profile of the kept resume under `heading`, with a button per field.
pub async fn show(bot: &Bot, chat: ChatId, ctx: &Context, heading: &str) -> HandlerResult {
    let (text, corrections) = match kept(ctx).await {
        Ok(Some(kept)) => kept,
        Ok(None) => return say(bot, chat, NO_RESUME).await,
        Err(err) => return problem(bot, chat, &err).await,
    };
    let rates = ctx.rates().await;
    let profile = candidate(&text, &corrections, &rates).profile;
    let lines: Vec<String> = review(&profile)
        .to_text()
        .lines()
        .map(|line| {
            let field = Field::ALL.iter().find(|field| {
                line.strip_prefix(field.label())
                    .is_some_and(|rest| rest.starts_with(':'))
            });
            match field {
                Some(field) if corrected(&corrections, *field) => {
                    format!("{line} (исправлено)")
                }
                _ => line.to_owned(),
            }
        })
        .collect();
    let message = format!("{heading}\n\n{}\n\n{HOW_TO_FIX}", lines.join("\n"));
    say_with(bot, chat, &message, Some(fields_keyboard(&corrections))).await
}

/// A field's button was pressed: the next message is its value.
pub async fn ask(bot: &Bot, chat: ChatId, ctx: &Context, field: Field) -> HandlerResult {
    match kept(ctx).await {
        Ok(Some(_)) => {}
        Ok(None) => return say(bot, chat, NO_RESUME).await,
        Err(err) => return problem(bot, chat, &err).await,
    }
    ctx.chat(chat.0, |state| state.awaiting = Awaiting::Correction(field));
    let text = format!(
        "Напишите новое значение поля «{}» следующим сообщением (или «сбросить», чтобы вернуть то, что в резюме).",
        field.label()
    );
    say(bot, chat, &text).await
}

/// The value for `field` (after its button), or a whole «Поле: значение» line when
/// `field` is `None`. A value not understood is explained and, after a button, asked
/// for again.
pub async fn fix(
    bot: &Bot,
    chat: ChatId,
    ctx: &Context,
    field: Option<Field>,
    value: &str,
) -> HandlerResult {
    let mut corrections = match ctx.corrections().await {
        Ok(corrections) => corrections,
        Err(err) => return problem(bot, chat, &err).await,
    };
    let fixed = match field {
        Some(field) => corrections.set(field, value).map(|()| field),
        None => corrections.set_line(value),
    };
    let field = match fixed {
        Ok(field) => field,
        Err(err) => {
            if let Some(field) = field {
                ctx.chat(chat.0, |state| state.awaiting = Awaiting::Correction(field));
            }
            return say(bot, chat, err.user_message()).await;
        }
    };
    if let Err(err) = ctx.save_corrections(&corrections).await {
        return problem(bot, chat, &err).await;
    }
    let heading = format!("Исправил поле «{}». Теперь так:", field.label());
    show(bot, chat, ctx, &heading).await
}

/// «Сбросить исправления»: back to what the resume says.
pub async fn clear(bot: &Bot, chat: ChatId, ctx: &Context) -> HandlerResult {
    if let Err(err) = ctx.save_corrections(&Corrections::default()).await {
        return problem(bot, chat, &err).await;
    }
    show(bot, chat, ctx, "Исправления сброшены, всё как в резюме:").await
}

/// «Текст резюме»: the kept text as it is.
pub async fn text(bot: &Bot, chat: ChatId, ctx: &Context) -> HandlerResult {
    match ctx.pasted_resume().await {
        Ok(Some(text)) => say(bot, chat, &text).await,
        Ok(None) => say(bot, chat, NO_RESUME).await,
        Err(err) => problem(bot, chat, &err).await,
    }
}

/// Whether `text` is a «Поле: значение» correction («Навыки: Rust, Go»): one line, so a
/// resume pasted without /reset is never taken for one.
pub fn is_correction(text: &str) -> bool {
    !text.contains('\n')
        && text
            .split_once(':')
            .is_some_and(|(label, _)| label.len() <= 40 && Field::from_label(label).is_some())
}

/// The kept resume and its corrections.
async fn kept(ctx: &Context) -> Result<Option<(String, Corrections)>, Problem> {
    let Some(text) = ctx.pasted_resume().await? else {
        return Ok(None);
    };
    Ok(Some((text, ctx.corrections().await?)))
}

/// A button per field, two to a row, then «Текст резюме» and, when something is
/// corrected, «Сбросить исправления».
fn fields_keyboard(corrections: &Corrections) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<_>> = Field::ALL
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|field| button(field.label(), Action::Correct(*field)))
                .collect()
        })
        .collect();
    let mut last = vec![button("Текст резюме", Action::ResumeText)];
    if !corrections.is_empty() {
        last.push(button("Сбросить исправления", Action::Uncorrect));
    }
    rows.push(last);
    keyboard(rows)
}
