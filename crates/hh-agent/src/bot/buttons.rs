//! What each button does. Every callback query is answered (Telegram shows a spinner
//! until it is), foreign or stale data included; the work follows the answer. The answer
//! is best-effort: Telegram refuses one that comes too late (a press that waited while the
//! bot was down), and the press is still acted on.
//!
//! Each action's flow lives with its command (`account`, `application`, `runs`,
//! `settings_view`); hh.ru work in `agent`.

use std::future::IntoFuture;
use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{MaybeInaccessibleMessage, MessageId};
use teloxide::RequestError;
use tracing::{info, warn};

use super::account::{self, logout};
use super::action::Action;
use super::agent::ACTIVE_RESUME;
use super::application;
use super::cv_view;
use super::runs;
use super::send::{problem, remove_buttons, say, HandlerResult};
use super::settings_view;
use super::{Awaiting, Context};

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
        answer(
            bot.answer_callback_query(query.id.clone())
                .text("Эта кнопка устарела."),
        )
        .await;
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
    let mut request = bot.answer_callback_query(query.id.clone());
    if let Some(notice) = notice {
        request = request.text(notice);
    }
    if quick {
        let done = perform(&bot, chat, message, &ctx, action).await;
        answer(request).await;
        return done;
    }
    answer(request).await;
    perform(&bot, chat, message, &ctx, action).await
}

/// Answers a callback query; a refusal is logged, never fatal to the press.
async fn answer<T>(request: impl IntoFuture<Output = Result<T, RequestError>>) {
    if let Err(err) = request.await {
        warn!(%err, "Telegram refused the answer to a button press; acting on it anyway");
    }
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
            application::offer_application(bot, chat, ctx, &id).await
        }
        Action::Send(id) | Action::SendBare(id) => {
            // A second tap on the same question would only meet the dedup: take it away.
            remove_buttons(bot, chat, message).await?;
            application::send_application(bot, chat, ctx, &id, with_letter).await
        }
        Action::EditLetter(id) => {
            ctx.chat(chat.0, |state| state.awaiting = Awaiting::Letter(id));
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
            runs::show_page(bot, chat, ctx, &active, &cards, list, page).await
        }
        Action::Resume(id) => {
            let stored = ctx.ledger.lock().await.set_setting(ACTIVE_RESUME, &id);
            if let Err(err) = stored {
                return problem(bot, chat, &err.into()).await;
            }
            account::show_resumes(bot, chat, ctx, message).await
        }
        Action::Auth => account::send_auth_link(bot, chat, ctx).await,
        Action::Logout => logout(bot, chat, ctx, message).await,
        Action::Cancel => {
            ctx.chat(chat.0, |state| {
                if matches!(
                    state.awaiting,
                    Awaiting::Letter(_) | Awaiting::Correction(_)
                ) {
                    state.awaiting = Awaiting::Nothing;
                }
            });
            remove_buttons(bot, chat, message).await
        }
        Action::Recommend => {
            runs::start_run(bot.clone(), chat, ctx.clone(), None);
            Ok(())
        }
        Action::Setting(toggle) => settings_view::toggle(bot, chat, ctx, message, toggle).await,
        Action::Correct(field) => cv_view::ask(bot, chat, ctx, field).await,
        Action::Uncorrect => {
            remove_buttons(bot, chat, message).await?;
            cv_view::clear(bot, chat, ctx).await
        }
        Action::ResumeText => cv_view::text(bot, chat, ctx).await,
    }
}
