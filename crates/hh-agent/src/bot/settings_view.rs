//! The /settings flow: the message with its toggles, changes by text
//! (`/settings min_score 70`) or by button, and the auto mode's confirmation.
//!
//! What the settings are and mean is `settings`; the dry run is `auto`'s.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};

use super::action::{Action, Toggle};
use super::cards::{button, keyboard};
use super::send::{edit_or_send, problem, say, say_with, HandlerResult};
use super::settings::{self, Mode};
use super::Context;
use crate::applying::HH_DAILY_CAP;

/// /settings [change]: the settings with toggles, or a change by text.
pub async fn settings(
    bot: Bot,
    msg: Message,
    ctx: Arc<Context>,
    argument: String,
) -> HandlerResult {
    let chat = msg.chat.id;
    if !argument.trim().is_empty() {
        let change = match settings::parse(&argument) {
            Ok(change) => change,
            Err(text) => return say(&bot, chat, &text).await,
        };
        let mut current = ctx.settings().await;
        current.apply(change);
        if let Err(err) = ctx.save_settings(&current).await {
            return problem(&bot, chat, &err).await;
        }
    }
    let (text, buttons) = settings_view(&ctx).await;
    say_with(&bot, chat, &text, Some(buttons)).await
}

/// The settings message and its toggles.
pub async fn settings_view(ctx: &Context) -> (String, InlineKeyboardMarkup) {
    let current = ctx.settings().await;
    let text = format!(
        "Настройки:\n{}\n\nФильтры из файла настроек: {}.\n\n{}",
        current.describe(),
        describe_config_filters(ctx),
        settings::USAGE
    );
    let mode = match current.mode {
        Mode::Manual => button("Включить авто-режим…", Action::Setting(Toggle::AutoTry)),
        Mode::Auto => button("Ручной режим", Action::Setting(Toggle::Manual)),
    };
    let rows = vec![
        vec![mode],
        vec![
            button("Оценка −5", Action::Setting(Toggle::ScoreDown)),
            button("Оценка +5", Action::Setting(Toggle::ScoreUp)),
        ],
        vec![
            button("Лимит −10", Action::Setting(Toggle::CapDown)),
            button("Лимит +10", Action::Setting(Toggle::CapUp)),
        ],
        vec![
            button(
                if current.bump {
                    "Не поднимать резюме"
                } else {
                    "Поднимать резюме"
                },
                Action::Setting(Toggle::Bump),
            ),
            button(
                if current.remote_only {
                    "Любой формат"
                } else {
                    "Только удалёнка"
                },
                Action::Setting(Toggle::Remote),
            ),
        ],
    ];
    (text, keyboard(rows))
}

fn describe_config_filters(ctx: &Context) -> String {
    let filters = &ctx.config.filters;
    let mut parts = Vec::new();
    if !filters.exclude_words.is_empty() {
        parts.push(format!(
            "исключить слова {}",
            filters.exclude_words.join(", ")
        ));
    }
    if !filters.include_words.is_empty() {
        parts.push(format!(
            "обязательно одно из {}",
            filters.include_words.join(", ")
        ));
    }
    if !filters.excluded_employers.is_empty() {
        parts.push(format!(
            "без работодателей {}",
            filters.excluded_employers.join(", ")
        ));
    }
    if let Some(min) = filters.min_salary {
        parts.push(format!("зарплата от {min} ₽"));
    }
    if !filters.areas.is_empty() {
        parts.push(format!("регионы {}", filters.areas.join(", ")));
    }
    if parts.is_empty() {
        "нет".to_owned()
    } else {
        parts.join("; ")
    }
}

/// A settings button: the auto mode's dry run, or a change shown by editing the message.
pub async fn toggle(
    bot: &Bot,
    chat: ChatId,
    ctx: &Arc<Context>,
    message: Option<MessageId>,
    toggle: Toggle,
) -> HandlerResult {
    let mut settings = ctx.settings().await;
    match toggle {
        Toggle::AutoTry => {
            super::auto::start_dry_run(bot.clone(), chat, ctx.clone());
            return Ok(());
        }
        Toggle::AutoOn => settings.mode = Mode::Auto,
        Toggle::Manual => settings.mode = Mode::Manual,
        Toggle::Bump => settings.bump = !settings.bump,
        Toggle::Remote => settings.remote_only = !settings.remote_only,
        Toggle::ScoreUp => settings.min_score = settings.min_score.saturating_add(5).min(100),
        Toggle::ScoreDown => settings.min_score = settings.min_score.saturating_sub(5),
        Toggle::CapUp => settings.daily_cap = (settings.daily_cap + 10).min(HH_DAILY_CAP),
        Toggle::CapDown => settings.daily_cap = settings.daily_cap.saturating_sub(10).max(1),
    }
    if let Err(err) = ctx.save_settings(&settings).await {
        return problem(bot, chat, &err).await;
    }
    if toggle == Toggle::AutoOn {
        say(bot, chat, "Авто-режим включён: в часы подборки я сам откликаюсь на новые вакансии с оценкой не ниже минимальной, в пределах лимита, и присылаю отчёт. Выключить — /settings.").await?;
    }
    let (text, buttons) = settings_view(ctx).await;
    match message {
        Some(id) if toggle != Toggle::AutoOn => {
            edit_or_send(bot, chat, id, &text, Some(buttons)).await
        }
        _ => say_with(bot, chat, &text, Some(buttons)).await,
    }
}
