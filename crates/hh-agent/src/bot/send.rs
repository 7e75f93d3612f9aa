//! How the bot speaks: every text, sent or edited in, is split at Telegram's length rule
//! ([`cards::split`]) and delivered with flood control waited out; a [`Problem`] is told
//! in its Russian words.
//!
//! What to say is the callers'; this module only delivers.

use std::future::IntoFuture;
use std::time::Duration as StdDuration;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};
use teloxide::RequestError;
use tracing::info;

use super::agent::Problem;
use super::cards::{self, login_keyboard};

/// The result every handler returns.
pub type HandlerResult = anyhow::Result<()>;

/// How many times one message waits out Telegram's flood control.
const FLOOD_RETRIES: u32 = 3;
/// The longest flood-control wait taken.
const MAX_FLOOD_WAIT: StdDuration = StdDuration::from_secs(60);

/// Tells a [`Problem`], with the login button when it would help.
pub async fn problem(bot: &Bot, chat: ChatId, problem: &Problem) -> HandlerResult {
    let buttons = problem.needs_auth().then(login_keyboard);
    say_with(bot, chat, &problem.message(), buttons).await
}

/// Sends `text`, split at Telegram's limit.
pub async fn say(bot: &Bot, chat: ChatId, text: &str) -> HandlerResult {
    say_with(bot, chat, text, None).await
}

/// Sends `text`, split at Telegram's limit, with `buttons` under the last part.
pub async fn say_with(
    bot: &Bot,
    chat: ChatId,
    text: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    send_parts(bot, chat, cards::split(text), buttons.as_ref()).await
}

/// Sends `text` like [`say`] and answers the id of its last message, to edit later (a
/// progress line).
pub async fn say_editable(bot: &Bot, chat: ChatId, text: &str) -> anyhow::Result<MessageId> {
    send_parts_returning(bot, chat, cards::split(text), None)
        .await?
        .ok_or_else(|| anyhow::anyhow!("nothing to send"))
}

/// Replaces `message`'s text under the same length rule as [`say_with`]: the first part
/// goes into the edit, the rest follow as new messages, `buttons` under the last part
/// (an edit without them drops the message's keyboard, as Telegram does).
pub async fn edit_with(
    bot: &Bot,
    chat: ChatId,
    message: MessageId,
    text: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    edit_parts(
        bot,
        chat,
        message,
        cards::split(text),
        buttons.as_ref(),
        false,
    )
    .await
}

/// Like [`edit_with`], but when the message cannot be edited (deleted meanwhile, a
/// transient error, nothing to change) the whole text is sent as new messages instead.
pub async fn edit_or_send(
    bot: &Bot,
    chat: ChatId,
    message: MessageId,
    text: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    edit_parts(
        bot,
        chat,
        message,
        cards::split(text),
        buttons.as_ref(),
        true,
    )
    .await
}

async fn edit_parts(
    bot: &Bot,
    chat: ChatId,
    message: MessageId,
    mut parts: Vec<String>,
    buttons: Option<&InlineKeyboardMarkup>,
    or_send: bool,
) -> HandlerResult {
    let rest = parts.split_off(1.min(parts.len()));
    let first = parts.pop().unwrap_or_default();
    let markup = buttons.filter(|buttons| rest.is_empty() && !buttons.inline_keyboard.is_empty());
    let edited = patiently(|| {
        let mut request = bot.edit_message_text(chat, message, first.as_str());
        if let Some(markup) = markup {
            request = request.reply_markup(markup.clone());
        }
        request
    })
    .await;
    match edited {
        Ok(_) => send_parts(bot, chat, rest, buttons).await,
        Err(err) if or_send => {
            info!(%err, "cannot edit the message; sending its text anew");
            let all = std::iter::once(first).chain(rest).collect();
            send_parts(bot, chat, all, buttons).await
        }
        Err(err) => Err(err.into()),
    }
}

/// [`edit_with`] without buttons.
pub async fn edit(bot: &Bot, chat: ChatId, message: MessageId, text: &str) -> HandlerResult {
    edit_with(bot, chat, message, text, None).await
}

/// Sends `parts` in order, `buttons` under the last one.
async fn send_parts(
    bot: &Bot,
    chat: ChatId,
    parts: Vec<String>,
    buttons: Option<&InlineKeyboardMarkup>,
) -> HandlerResult {
    send_parts_returning(bot, chat, parts, buttons).await?;
    Ok(())
}

/// [`send_parts`], answering the last message sent (`None` when there was nothing to send).
async fn send_parts_returning(
    bot: &Bot,
    chat: ChatId,
    parts: Vec<String>,
    buttons: Option<&InlineKeyboardMarkup>,
) -> anyhow::Result<Option<MessageId>> {
    let last = parts.len().saturating_sub(1);
    let mut sent = None;
    for (index, part) in parts.iter().enumerate() {
        let markup = buttons.filter(|buttons| index == last && !buttons.inline_keyboard.is_empty());
        let message = patiently(|| {
            let mut request = bot.send_message(chat, part.as_str());
            if let Some(markup) = markup {
                request = request.reply_markup(markup.clone());
            }
            request
        })
        .await?;
        sent = Some(message.id);
    }
    Ok(sent)
}

/// Makes the request `build` makes, waiting out Telegram's flood control (429 with
/// `retry_after`) a few times.
async fn patiently<R, T>(build: impl Fn() -> R) -> Result<T, RequestError>
where
    R: IntoFuture<Output = Result<T, RequestError>>,
{
    let mut waits = 0;
    loop {
        match build().await {
            Err(RequestError::RetryAfter(wait)) if waits < FLOOD_RETRIES => {
                waits += 1;
                info!(seconds = wait.seconds(), "Telegram flood control, waiting");
                tokio::time::sleep(wait.duration().min(MAX_FLOOD_WAIT)).await;
            }
            answer => return answer,
        }
    }
}

/// Takes the buttons off a message (a hidden card, a cancelled question).
pub async fn remove_buttons(bot: &Bot, chat: ChatId, message: Option<MessageId>) -> HandlerResult {
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
