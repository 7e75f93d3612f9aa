//! One application, from a vacancy id to hh.ru: /hh_apply (or a vacancy link, or
//! «Откликнуться»/«Письмо») prepares the card, its score and a letter with the confirmation
//! buttons; «Отправить» sends it through the one apply path and tells the outcome
//! ([`super::outcomes`]); a replaced letter is offered again. An earlier application is
//! refused before anything is drafted or sent (`agent`'s `prepare` and `apply`).
//!
//! Not lists of vacancies (`runs`) nor the auto mode (`auto`).

use std::sync::Arc;

use teloxide::prelude::*;

use super::action::Action;
use super::agent::Prepared;
use super::cards::{button, keyboard, url_button, Card};
use super::outcomes::describe_attempt;
use super::send::{problem, say, say_with, HandlerResult};
use super::Context;
use crate::hh::ApplyOutcome;

/// /hh_apply <id or link>: the vacancy, its score and a letter, then a confirmation.
pub async fn hh_apply(
    bot: Bot,
    msg: Message,
    ctx: Arc<Context>,
    argument: String,
) -> HandlerResult {
    let Some(id) = super::commands::vacancy_id(&argument) else {
        return say(
            &bot,
            msg.chat.id,
            "Укажите номер вакансии или ссылку на неё: /hh_apply 123456789 или /hh_apply https://hh.ru/vacancy/123456789",
        )
        .await;
    };
    offer_application(&bot, msg.chat.id, &ctx, &id).await
}

/// Prepares `vacancy_id` and shows the card, the letter and the confirmation buttons.
pub async fn offer_application(
    bot: &Bot,
    chat: ChatId,
    ctx: &Context,
    vacancy_id: &str,
) -> HandlerResult {
    let prepared = match ctx.prepare(vacancy_id).await {
        Ok(prepared) => prepared,
        Err(err) => return problem(bot, chat, &err).await,
    };
    ctx.chat(chat.0, |state| {
        state
            .letters
            .insert(prepared.vacancy.id.clone(), prepared.letter.text.clone())
    });
    show_prepared(bot, chat, &prepared).await
}

/// The prepared application with its buttons. Through the API: one message, the card and
/// the letter. By link: the card with the apply link and «Я откликнулся», then the letter
/// alone in its own message, easy to copy into hh.ru's form.
pub async fn show_prepared(bot: &Bot, chat: ChatId, prepared: &Prepared) -> HandlerResult {
    let card = Card::new(&prepared.vacancy, &prepared.ranked);
    let id = prepared.vacancy.id.clone();
    let fallback = prepared
        .fallback
        .as_ref()
        .map(|_| "\n\n(Языковая модель не ответила как нужно — письмо по шаблону.)")
        .unwrap_or_default();
    if prepared.link_only {
        let text = format!(
            "{}\n\nОткликнуться через API hh.ru не даёт: откройте вакансию по кнопке, вставьте письмо из следующего сообщения и нажмите «Я откликнулся».{fallback}",
            card.text()
        );
        let rows = vec![
            vec![url_button(
                "Откликнуться на hh.ru",
                card.apply_url.as_deref(),
            )],
            vec![
                button("Я откликнулся", Action::Applied(id.clone())),
                button("Изменить письмо", Action::EditLetter(id.clone())),
            ],
        ];
        say_with(bot, chat, &text, Some(keyboard(rows))).await?;
        return say(bot, chat, &prepared.letter.text).await;
    }
    let text = format!(
        "{}\n\nПисьмо:\n{}{fallback}",
        card.text(),
        prepared.letter.text
    );
    let mut first: Vec<_> = vec![button("Отправить", Action::Send(id.clone()))];
    if !prepared.vacancy.response_letter_required {
        first.push(button("Без письма", Action::SendBare(id.clone())));
    }
    let rows = vec![
        first,
        vec![
            button("Изменить письмо", Action::EditLetter(id.clone())),
            button("Отмена", Action::Cancel),
        ],
    ];
    say_with(bot, chat, &text, Some(keyboard(rows))).await
}

/// Applies to `vacancy_id` with the chat's letter (or none) and tells the outcome.
pub async fn send_application(
    bot: &Bot,
    chat: ChatId,
    ctx: &Context,
    vacancy_id: &str,
    with_letter: bool,
) -> HandlerResult {
    let mut letter = if with_letter {
        ctx.chat(chat.0, |state| state.letters.get(vacancy_id).cloned())
    } else {
        None
    };
    if with_letter && letter.is_none() {
        match ctx.prepare(vacancy_id).await {
            Ok(prepared) => letter = Some(prepared.letter.text),
            Err(err) => return problem(bot, chat, &err).await,
        }
    }
    let now = ctx.clock.now();
    let (vacancy, attempt) = match ctx.apply(vacancy_id, letter.as_deref(), now).await {
        Ok(result) => result,
        Err(err) => return problem(bot, chat, &err).await,
    };
    let (text, buttons) = describe_attempt(&vacancy, &attempt, ctx.offset, now);
    if matches!(attempt, ApplyOutcome::Applied { .. }) {
        ctx.chat(chat.0, |state| state.letters.remove(vacancy_id));
    }
    say_with(bot, chat, &text, buttons).await
}

/// Offers to send with the letter the user just wrote.
pub async fn offer_edited(bot: &Bot, chat: ChatId, vacancy_id: &str) -> HandlerResult {
    let buttons = keyboard(vec![vec![
        button("Отправить", Action::Send(vacancy_id.to_owned())),
        button("Изменить ещё", Action::EditLetter(vacancy_id.to_owned())),
        button("Отмена", Action::Cancel),
    ]]);
    say_with(
        bot,
        chat,
        "Письмо заменено. Отправить отклик с ним?",
        Some(buttons),
    )
    .await
}
