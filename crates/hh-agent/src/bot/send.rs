//! How the bot speaks: every text is split at Telegram's length rule ([`cards::split`]),
//! sent with flood control waited out, and a [`Problem`] is told in its Russian words.
//!
//! What to say is the callers'; this module only delivers.

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
    let parts = cards::split(text);
    let last = parts.len().saturating_sub(1);
    for (index, part) in parts.into_iter().enumerate() {
        let markup = buttons
            .as_ref()
            .filter(|buttons| index == last && !buttons.inline_keyboard.is_empty());
        send_part(bot, chat, &part, markup).await?;
    }
    Ok(())
}

/// One message, waiting out Telegram's flood control (429 with `retry_after`) a few times.
async fn send_part(
    bot: &Bot,
    chat: ChatId,
    text: &str,
    markup: Option<&InlineKeyboardMarkup>,
) -> HandlerResult {
    let mut waits = 0;
    loop {
        let mut request = bot.send_message(chat, text);
        if let Some(markup) = markup {
            request = request.reply_markup(markup.clone());
        }
        match request.await {
            Ok(_) => return Ok(()),
            Err(RequestError::RetryAfter(wait)) if waits < FLOOD_RETRIES => {
                waits += 1;
                info!(seconds = wait.seconds(), "Telegram flood control, waiting");
                tokio::time::sleep(wait.duration().min(MAX_FLOOD_WAIT)).await;
            }
            Err(err) => return Err(err.into()),
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
