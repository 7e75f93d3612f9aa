//! Runs: /recommend, /search and the «Подобрать вакансии» button find matches in the
//! background (one run per chat), show progress by editing one message, then the summary
//! and the cards page by page with «Ещё».
//!
//! Finding is `agent`'s and `finder`'s; a card's text and buttons are `cards`'.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use teloxide::prelude::*;
use teloxide::types::MessageId;
use tracing::{info, warn};

use super::agent::Active;
use super::cards::{self, Card};
use super::send::{edit, edit_or_send, problem, say, say_editable, say_with, HandlerResult};
use super::Context;

/// How often a progress message is edited at most.
const PROGRESS_EVERY: StdDuration = StdDuration::from_millis(1500);

/// /search <words>.
pub async fn search(bot: Bot, msg: Message, ctx: Arc<Context>, words: String) -> HandlerResult {
    let words = words.trim().to_owned();
    if words.is_empty() {
        return say(
            &bot,
            msg.chat.id,
            "Что искать? Например: /search rust разработчик",
        )
        .await;
    }
    start_run(bot, msg.chat.id, ctx, Some(words));
    Ok(())
}

/// /recommend.
pub async fn recommend(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    start_run(bot, msg.chat.id, ctx, None);
    Ok(())
}

/// Starts a search or recommendation in the background (one per chat at a time), so the
/// chat's buttons keep working meanwhile.
pub fn start_run(bot: Bot, chat: ChatId, ctx: Arc<Context>, words: Option<String>) {
    let already = ctx.chat(chat.0, |state| std::mem::replace(&mut state.busy, true));
    tokio::spawn(async move {
        let result = if already {
            say(&bot, chat, "Уже ищу — дождитесь результата.").await
        } else {
            let result = run_list(&bot, chat, &ctx, words.as_deref()).await;
            ctx.chat(chat.0, |state| state.busy = false);
            result
        };
        if let Err(err) = result {
            warn!(error = %format!("{err:#}"), "search run failed to report");
        }
    });
}

async fn run_list(bot: &Bot, chat: ChatId, ctx: &Context, words: Option<&str>) -> HandlerResult {
    let active = match ctx.active().await {
        Ok(active) => active,
        Err(err) => return problem(bot, chat, &err).await,
    };
    let progress = say_editable(bot, chat, "Ищу вакансии на hh.ru…").await?;
    let (tx, rx) = tokio::sync::watch::channel((0usize, 0usize));
    let finished = Arc::new(tokio::sync::Notify::new());
    let editor = tokio::spawn(show_progress(
        bot.clone(),
        chat,
        progress,
        rx,
        finished.clone(),
    ));
    let mut report = |done: usize, total: usize| {
        tx.send_replace((done, total));
    };
    let outcome = ctx.find(&active, words, false, None, &mut report).await;
    drop(tx);
    finished.notify_one();
    let _ = editor.await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(err) => {
            edit_or_send(bot, chat, progress, "Поиск прервался.", None).await?;
            return problem(bot, chat, &err).await;
        }
    };
    let cards: Vec<Card> = outcome
        .found
        .iter()
        .take(cards::MAX_LIST)
        .map(Card::from_found)
        .collect();
    let mut summary = format!(
        "Проверено {} из {} найденных вакансий: подходящих {}.",
        outcome.checked,
        outcome.listed,
        outcome.found.len()
    );
    if outcome.unchecked > 0 {
        summary += &format!(
            " Не удалось проверить: {} — hh.ru не ответил; попробуйте позже.",
            outcome.unchecked
        );
    }
    // A progress message deleted meanwhile must not hide the cards.
    edit_or_send(bot, chat, progress, &summary, None).await?;
    if cards.is_empty() {
        let hint = if words.is_some() {
            "Ничего подходящего. Попробуйте другие слова или ослабьте фильтры в /settings."
        } else {
            "Новых подходящих вакансий нет. Загляну снова по расписанию подборки."
        };
        return say(bot, chat, hint).await;
    }
    let list = ctx.chat(chat.0, |state| {
        state.last_list = state.last_list.wrapping_add(1);
        let id = state.last_list;
        state.lists.insert(id, cards.clone());
        // Keep the last few lists only.
        state.lists.retain(|key, _| id.wrapping_sub(*key) < 5);
        id
    });
    show_page(bot, chat, ctx, &active, &cards, list, 0).await
}

/// Edits `message` into «Проверяю вакансии: done из total» as `progress` changes, at most
/// every [`PROGRESS_EVERY`], from the first vacancy checked (never «0 из …»), until the
/// sender is dropped or `finished` is notified.
async fn show_progress(
    bot: Bot,
    chat: ChatId,
    message: MessageId,
    mut progress: tokio::sync::watch::Receiver<(usize, usize)>,
    finished: Arc<tokio::sync::Notify>,
) {
    let mut shown = (0, 0);
    while progress.changed().await.is_ok() {
        let (done, total) = *progress.borrow_and_update();
        if done == 0 || (done, total) == shown {
            continue;
        }
        shown = (done, total);
        let text = format!("Проверяю вакансии: {done} из {total}");
        if let Err(err) = edit(&bot, chat, message, &text).await {
            info!(%err, "cannot update the progress message");
        }
        // An edit in flight is never cancelled (it could land after the summary); the
        // pause between edits is, so the summary follows the run at once.
        tokio::select! {
            () = tokio::time::sleep(PROGRESS_EVERY) => {}
            () = finished.notified() => break,
        }
    }
}

/// Sends page `page` of a list: its cards, then the footer with «Ещё».
pub async fn show_page(
    bot: &Bot,
    chat: ChatId,
    ctx: &Context,
    active: &Active,
    cards: &[Card],
    list: u32,
    page: usize,
) -> HandlerResult {
    let shown = cards::page(cards, page);
    if shown.is_empty() {
        return say(bot, chat, "Это все результаты.").await;
    }
    send_cards(bot, chat, ctx, shown, active.link_only(), ctx.clock.now()).await?;
    let (text, more) = cards::page_footer(list, page, cards.len());
    say_with(bot, chat, &text, Some(more)).await
}

/// Sends `cards`, each with its buttons, and records them as shown at `now`.
pub async fn send_cards(
    bot: &Bot,
    chat: ChatId,
    ctx: &Context,
    cards: &[Card],
    link_only: bool,
    now: DateTime<Utc>,
) -> HandlerResult {
    for card in cards {
        say_with(bot, chat, &card.text(), Some(card.keyboard(link_only))).await?;
    }
    let ids: Vec<String> = cards.iter().map(|card| card.id.clone()).collect();
    if let Err(err) = ctx.ledger.lock().await.mark_shown(&ids, now) {
        warn!(%err, "cannot mark vacancies as shown");
    }
    Ok(())
}
