//! The account commands: /start, /help, /hh_auth (the login link, also the «Войти на hh.ru»
//! button), /hh_status, /hh_resumes (choosing the active resume) and /hh_logout with its
//! confirmation.
//!
//! Not the pasted resume (`resume`), applications (`application`) or runs (`runs`).

use std::sync::Arc;

use chrono::Duration;
use teloxide::prelude::*;
use teloxide::types::MessageId;
use teloxide::utils::command::BotCommands;
use tracing::{info, warn};

use super::action::Action;
use super::agent::Problem;
use super::cards::{self, button, keyboard, login_keyboard, url_button};
use super::send::{edit_with, problem, remove_buttons, say, say_with, HandlerResult};
use super::settings::Mode;
use super::{Command, Context};
use crate::applying;
use crate::hh::Capability;
use crate::report::{self, Report};

/// /start: a greeting, the current state and the main buttons.
pub async fn start(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let resume = match ctx.pasted_resume().await {
        Ok(Some(_)) => "Резюме файлом или текстом: сохранено (/show_cv).",
        Ok(None) => "Резюме файлом или текстом: нет — пришлите файл (PDF, DOCX, RTF, TXT) или текст (/reset).",
        Err(_) => "Резюме файлом или текстом: не удалось прочитать.",
    };
    let settings = ctx.settings().await;
    let mode = match settings.mode {
        Mode::Manual => "ручной",
        Mode::Auto => "авто",
    };
    let capability = ctx.capability(false).await;
    let access = crate::access::describe(&capability);
    // The hh.ru resume matters only where hh.ru lets the app read it.
    let hh_resume = match (&capability, ctx.chosen_resume().await) {
        (Capability::Applicant { .. }, Some(_)) => "Резюме hh.ru: выбрано (/hh_resumes)\n",
        (Capability::Applicant { .. }, None) => "Резюме hh.ru: не выбрано (/hh_resumes)\n",
        _ => "",
    };
    let text = format!(
        "Здравствуйте! Я ищу подходящие вакансии на hh.ru, объясняю, почему они подходят, пишу сопроводительные письма и откликаюсь в пределах лимитов hh.ru.\n\n{}\n{access}\n{hh_resume}{resume}\nРежим: {mode}\n\n{}",
        token_line(&ctx),
        Command::descriptions()
    );
    let buttons = if ctx.store.read().is_ok() {
        keyboard(vec![vec![button("Подобрать вакансии", Action::Recommend)]])
    } else {
        login_keyboard()
    };
    say_with(&bot, msg.chat.id, &text, Some(buttons)).await
}

/// /help: the list generated from [`Command`].
pub async fn help(bot: Bot, msg: Message) -> HandlerResult {
    say(&bot, msg.chat.id, &Command::descriptions().to_string()).await
}

/// /hh_auth: a one-time login link bound to this chat.
pub async fn hh_auth(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    send_auth_link(&bot, msg.chat.id, &ctx).await
}

/// The login link message (also the «Войти на hh.ru» button's answer).
pub async fn send_auth_link(bot: &Bot, chat: ChatId, ctx: &Context) -> HandlerResult {
    let Some(signer) = ctx.signer() else {
        return say(
            bot,
            chat,
            "Вход не настроен: на сервере нет ключа подписи hh-state-key (см. infra/keendns.md). Либо выполните на сервере `hh auth-link`.",
        )
        .await;
    };
    let state = signer.issue(Some(chat.0), ctx.clock.now());
    let link = crate::state::login_url(ctx.config.redirect_url(), &state);
    let text = "Нажмите кнопку, войдите на hh.ru и разрешите доступ приложению. Ссылка действует 10 минут и только один раз; откройте её в том браузере, где завершите вход. Когда всё получится, я напишу здесь.";
    let buttons = keyboard(vec![vec![url_button(
        "Войти через hh.ru",
        Some(link.as_str()),
    )]]);
    say_with(bot, chat, text, Some(buttons)).await
}

/// /hh_status: the token, what it may do, the resume, the applications of 24 hours.
pub async fn hh_status(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let now = ctx.clock.now();
    let report = Report::new(&ctx.store, now).to_string();
    let capability = ctx.capability(true).await;
    if let Capability::Nothing(err) = &capability {
        info!(%err, "capability probe failed");
    }
    let capability = crate::access::describe(&capability);
    let settings = ctx.settings().await;
    let applications = {
        let ledger = ctx.ledger.lock().await;
        let count = ledger.count_since(now - Duration::hours(applying::WINDOW_HOURS));
        let blocked = applying::blocked_until(&ledger, settings.daily_cap, now);
        match (count, blocked) {
            (Ok(count), Ok(blocked)) => {
                let mut line = format!(
                    "Откликов за последние 24 ч.: {count} из {} (лимит hh.ru — {}).",
                    settings.daily_cap,
                    applying::HH_DAILY_CAP
                );
                if let Some(until) = blocked {
                    line += &format!(
                        "\nОтклики приостановлены до {}.",
                        cards::local_time(until, ctx.offset)
                    );
                }
                line
            }
            (Err(err), _) | (_, Err(err)) => {
                warn!(%err, "cannot count recent applications");
                "Откликов за последние 24 ч.: не удалось посчитать.".to_owned()
            }
        }
    };
    say(
        &bot,
        msg.chat.id,
        &format!("{report}\n{capability}\n{applications}"),
    )
    .await
}

/// /hh_resumes: the user's resumes, the active one marked; a button makes one active.
pub async fn hh_resumes(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    show_resumes(&bot, msg.chat.id, &ctx, None).await
}

/// The resume list, sent anew or edited into `message`.
pub async fn show_resumes(
    bot: &Bot,
    chat: ChatId,
    ctx: &Context,
    message: Option<MessageId>,
) -> HandlerResult {
    if ctx.store.read().is_err() {
        return problem(bot, chat, &Problem::NotAuthorized).await;
    }
    if let Capability::ApplicationOnly { .. } = ctx.capability(false).await {
        return say(bot, chat, "hh.ru не разрешает вашему приложению читать резюме. Пришлите резюме файлом (PDF, DOCX, RTF или TXT — на hh.ru «Скачать» на странице резюме) или текстом командой /reset — по нему я буду искать и писать письма, а откликаться можно будет по ссылке.").await;
    }
    let resumes = match ctx.resumes().await {
        Ok(resumes) => resumes,
        Err(err) => return problem(bot, chat, &err).await,
    };
    if resumes.is_empty() {
        return say(
            bot,
            chat,
            "На hh.ru у вас нет резюме. Создайте его на сайте или пришлите текст командой /reset.",
        )
        .await;
    }
    let active = ctx.chosen_resume().await;
    let rows = resumes
        .iter()
        .map(|resume| {
            let title = resume.title.as_deref().unwrap_or("Без названия");
            let status = resume
                .status
                .as_ref()
                .filter(|status| status.id != "published")
                .map(|status| format!(" ({})", status.name))
                .unwrap_or_default();
            let mark = if active.as_deref() == Some(resume.id.as_str()) {
                "✅ "
            } else {
                ""
            };
            vec![button(
                &format!("{mark}{title}{status}"),
                Action::Resume(resume.id.clone()),
            )]
        })
        .collect();
    let text =
        "Ваши резюме на hh.ru. С активным я ищу вакансии и откликаюсь — нажмите, чтобы выбрать:";
    match message {
        Some(id) => edit_with(bot, chat, id, text, Some(keyboard(rows))).await,
        None => say_with(bot, chat, text, Some(keyboard(rows))).await,
    }
}

/// /hh_logout: asks first.
pub async fn hh_logout(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    if ctx.store.read().is_err() {
        return say(&bot, msg.chat.id, "Вы и так не авторизованы на hh.ru.").await;
    }
    let buttons = keyboard(vec![vec![
        button("Да, выйти", Action::Logout),
        button("Отмена", Action::Cancel),
    ]]);
    say_with(
        &bot,
        msg.chat.id,
        "Выйти из hh.ru? Токен будет отозван на hh.ru и удалён с сервера; поиск и отклики остановятся до новой авторизации.",
        Some(buttons),
    )
    .await
}

fn token_line(ctx: &Context) -> String {
    match ctx.store.read() {
        Ok(pair) => {
            let left = pair.expires_at - ctx.clock.now();
            if left.num_days() >= 1 {
                format!(
                    "hh.ru: авторизован, токен действует ещё {} дн.",
                    left.num_days()
                )
            } else if left > Duration::zero() {
                format!(
                    "hh.ru: авторизован, токен действует ещё {}",
                    report::human(left)
                )
            } else {
                "hh.ru: авторизован, токен истёк и будет обновлён.".to_owned()
            }
        }
        Err(_) => "hh.ru: не авторизован — /hh_auth".to_owned(),
    }
}

/// «Да, выйти»: revokes the token on hh.ru and removes the token file.
pub async fn logout(
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
        guard.remove_token(ctx.clock.now())?;
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
