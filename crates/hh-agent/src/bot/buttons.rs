//! What each button does. Every callback query is answered (Telegram shows a spinner
//! until it is), foreign or stale data included; the work follows the answer.
//!
//! The flows shared with commands live in `handlers`; hh.ru work in `agent`.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MaybeInaccessibleMessage, MessageId};
use tracing::{info, warn};

use super::action::{Action, Toggle};
use super::agent::ACTIVE_RESUME;
use super::handlers::{self, problem, say, say_with, HandlerResult};
use super::settings::Mode;
use super::Context;
use crate::applying::HH_DAILY_CAP;

/// The callback-query endpoint.
pub async fn on_button(bot: Bot, query: CallbackQuery, ctx: Arc<Context>) -> HandlerResult {
    let action = query.data.as_deref().and_then(Action::decode);
    let chat = query
        .message
        .as_ref()
        .map(MaybeInaccessibleMessage::chat)
        .map(|chat| chat.id)
        .or_else(|| i64::try_from(query.from.id.0).ok().map(ChatId));
    let message = query.message.as_ref().map(MaybeInaccessibleMessage::id);
    let (Some(action), Some(chat)) = (action, chat) else {
        info!("unknown or stale button");
        bot.answer_callback_query(query.id.clone())
            .text("Эта кнопка устарела.")
            .await?;
        return Ok(());
    };
    // Quick ledger work is done before the answer, so the notice tells what happened;
    // slow work (hh.ru, letters) follows the answer, so the spinner stops at once.
    let quick = matches!(
        action,
        Action::Hide(_) | Action::Applied(_) | Action::Cancel | Action::Setting(_)
    );
    let notice = match &action {
        Action::Hide(_) => Some("Скрыто: больше не покажу."),
        Action::Applied(_) => Some("Записал отклик."),
        Action::Cancel => Some("Отменено."),
        Action::Send(_) | Action::SendBare(_) => Some("Отправляю…"),
        Action::Apply(_) | Action::Letter(_) => Some("Готовлю письмо…"),
        _ => None,
    };
    let mut answer = bot.answer_callback_query(query.id.clone());
    if let Some(notice) = notice {
        answer = answer.text(notice);
    }
    if quick {
        let done = perform(&bot, chat, message, &ctx, action).await;
        answer.await?;
        return done;
    }
    answer.await?;
    perform(&bot, chat, message, &ctx, action).await
}

async fn perform(
    bot: &Bot,
    chat: ChatId,
    message: Option<MessageId>,
    ctx: &Arc<Context>,
    action: Action,
) -> HandlerResult {
    let now = ctx.clock.now();
    let with_letter = matches!(action, Action::Send(_));
    match action {
        Action::Apply(id) | Action::Letter(id) => {
            handlers::offer_application(bot, chat, ctx, &id).await
        }
        Action::Send(id) | Action::SendBare(id) => {
            // A second tap on the same question would only meet the dedup: take it away.
            remove_buttons(bot, chat, message).await?;
            handlers::send_application(bot, chat, ctx, &id, with_letter).await
        }
        Action::EditLetter(id) => {
            ctx.chat(chat.0, |state| state.awaiting_letter = Some(id));
            say(bot, chat, "Пришлите текст письма следующим сообщением.").await
        }
        Action::Hide(id) => {
            if let Err(err) = ctx.hide(&id, now).await {
                return problem(bot, chat, &err).await;
            }
            remove_buttons(bot, chat, message).await
        }
        Action::Applied(id) => match ctx.record_manual(&id, now).await {
            Ok(true) => remove_buttons(bot, chat, message).await,
            Ok(false) => say(bot, chat, "Отклик на эту вакансию уже записан.").await,
            Err(err) => problem(bot, chat, &err).await,
        },
        Action::Page { list, page } => {
            let cards = ctx.chat(chat.0, |state| state.lists.get(&list).cloned());
            let Some(cards) = cards else {
                return say(
                    bot,
                    chat,
                    "Этот список устарел — запросите новый: /recommend.",
                )
                .await;
            };
            let active = match ctx.active().await {
                Ok(active) => active,
                Err(err) => return problem(bot, chat, &err).await,
            };
            remove_buttons(bot, chat, message).await?;
            let page = usize::try_from(page).unwrap_or(usize::MAX);
            handlers::show_page(bot, chat, ctx, &active, &cards, list, page).await
        }
        Action::Resume(id) => {
            let stored = ctx.ledger.lock().await.set_setting(ACTIVE_RESUME, &id);
            if let Err(err) = stored {
                return problem(bot, chat, &err.into()).await;
            }
            handlers::show_resumes(bot, chat, ctx, message).await
        }
        Action::Auth => handlers::send_auth_link(bot, chat, ctx).await,
        Action::Logout => logout(bot, chat, ctx, message).await,
        Action::Cancel => {
            ctx.chat(chat.0, |state| state.awaiting_letter = None);
            remove_buttons(bot, chat, message).await
        }
        Action::Recommend => {
            handlers::start_run(bot.clone(), chat, ctx.clone(), None);
            Ok(())
        }
        Action::Setting(toggle) => setting(bot, chat, ctx, message, toggle).await,
    }
}

async fn setting(
    bot: &Bot,
    chat: ChatId,
    ctx: &Arc<Context>,
    message: Option<MessageId>,
    toggle: Toggle,
) -> HandlerResult {
    let mut settings = ctx.settings().await;
    match toggle {
        Toggle::AutoTry => {
            super::jobs::start_dry_run(bot.clone(), chat, ctx.clone());
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
    let (text, buttons) = handlers::settings_view(ctx).await;
    match message {
        Some(id) if toggle != Toggle::AutoOn => {
            if let Err(err) = bot
                .edit_message_text(chat, id, &text)
                .reply_markup(buttons.clone())
                .await
            {
                // "message is not modified" and the like: send it anew.
                info!(%err, "cannot edit the settings message");
                return say_with(bot, chat, &text, Some(buttons)).await;
            }
            Ok(())
        }
        _ => say_with(bot, chat, &text, Some(buttons)).await,
    }
}

async fn logout(
    bot: &Bot,
    chat: ChatId,
    ctx: &Context,
    message: Option<MessageId>,
) -> HandlerResult {
    remove_buttons(bot, chat, message).await?;
    let pair = match ctx.store.read() {
        Ok(pair) => pair,
        Err(_) => return say(bot, chat, "Вы и так не авторизованы на hh.ru.").await,
    };
    let revoked = ctx.oauth.revoke(&pair.access_token).await;
    if let Err(err) = &revoked {
        warn!(%err, "token revocation failed; removing the file anyway");
    }
    let removed = async {
        let guard = ctx.store.lock_async().await?;
        guard.remove_token()?;
        anyhow::Ok(())
    }
    .await;
    ctx.forget_capability().await;
    match (revoked, removed) {
        (_, Err(err)) => {
            warn!(error = %format!("{err:#}"), "cannot remove the token file");
            say(bot, chat, "Не удалось удалить файл токена на сервере; подробности — в журнале hh-bot.").await
        }
        (Ok(()), Ok(())) => say(bot, chat, "Готово: доступ к hh.ru отозван, токен удалён с сервера. Войти снова — /hh_auth.").await,
        (Err(_), Ok(())) => say(bot, chat, "Токен удалён с сервера, но hh.ru не ответил на отзыв — он истечёт сам. Проверить доступы можно на hh.ru в настройках аккаунта. Войти снова — /hh_auth.").await,
    }
}

/// Takes the buttons off a message (a hidden card, a cancelled question).
async fn remove_buttons(bot: &Bot, chat: ChatId, message: Option<MessageId>) -> HandlerResult {
    if let Some(id) = message {
        if let Err(err) = bot
            .edit_message_reply_markup(chat, id)
            .reply_markup(InlineKeyboardMarkup::default())
            .await
        {
            info!(%err, "cannot remove the buttons");
        }
    }
    Ok(())
}
