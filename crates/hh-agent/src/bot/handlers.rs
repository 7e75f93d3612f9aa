//! What each command does, and the flows commands and buttons share: showing a prepared
//! application, running a search with progress and result pages, telling an attempt's
//! outcome.
//!
//! Handlers never fail the dispatcher over our own errors: a failed ledger or hh.ru call
//! becomes plain Russian words ([`Problem::message`]). Only a failed send to Telegram is
//! returned (the dispatcher logs it).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};
use teloxide::utils::command::BotCommands;
use teloxide::RequestError;
use tracing::{info, warn};

use super::action::{Action, Toggle};
use super::agent::{Active, Prepared, Problem};
use super::cards::{self, button, keyboard, login_keyboard, url_button, Card};
use super::settings::{self, Mode};
use super::{Command, Context, PASTED_RESUME};
use crate::applying;
use crate::hh::types::Vacancy;
use crate::hh::{ApplyOutcome, Capability};
use crate::matching::Candidate;
use crate::rank::Rates;
use crate::report::{self, Report};

/// The result every handler returns.
pub type HandlerResult = anyhow::Result<()>;

/// How many times one message waits out Telegram's flood control.
const FLOOD_RETRIES: u32 = 3;
/// The longest flood-control wait taken.
const MAX_FLOOD_WAIT: StdDuration = StdDuration::from_secs(60);

/// How often a progress message is edited at most.
const PROGRESS_EVERY: StdDuration = StdDuration::from_millis(1500);

/// /start: a greeting, the current state and the main buttons.
pub async fn start(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let resume = match ctx.pasted_resume().await {
        Ok(Some(_)) => "Резюме текстом: сохранено (/show_cv).",
        Ok(None) => "Резюме текстом: нет (/reset — прислать).",
        Err(_) => "Резюме текстом: не удалось прочитать.",
    };
    let settings = ctx.settings().await;
    let mode = match settings.mode {
        Mode::Manual => "ручной",
        Mode::Auto => "авто",
    };
    let active = ctx.chosen_resume().await;
    let text = format!(
        "Здравствуйте! Я ищу подходящие вакансии на hh.ru, объясняю, почему они подходят, пишу сопроводительные письма и откликаюсь в пределах лимитов hh.ru.\n\n{}\nРезюме hh.ru: {}\n{resume}\nРежим: {mode}\n\n{}",
        token_line(&ctx),
        if active.is_some() { "выбрано (/hh_resumes)" } else { "не выбрано (/hh_resumes)" },
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
    let capability = if ctx.store.read().is_ok() {
        match ctx.capability(true).await {
            Capability::Applicant { name } => format!(
                "Доступ: поиск, резюме и отклики от имени «{name}»."
            ),
            Capability::ApplicationOnly { .. } => "Доступ: только поиск и вакансии — hh.ru не разрешает приложению методы соискателя. Откликаться — по ссылке на hh.ru, письма я подготовлю.".to_owned(),
            Capability::Nothing(err) => {
                info!(%err, "capability probe failed");
                "Доступ: hh.ru не принимает токен сейчас — /hh_auth, если не пройдёт.".to_owned()
            }
        }
    } else {
        "Доступ: нет (не авторизованы) — /hh_auth.".to_owned()
    };
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
        return say(bot, chat, "hh.ru не разрешает вашему приложению читать резюме. Пришлите текст резюме командой /reset — по нему я буду искать и писать письма, а откликаться можно будет по ссылке.").await;
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
        Some(id) => {
            bot.edit_message_text(chat, id, text)
                .reply_markup(keyboard(rows))
                .await?;
            Ok(())
        }
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

/// The prepared application as one message with its buttons.
pub async fn show_prepared(bot: &Bot, chat: ChatId, prepared: &Prepared) -> HandlerResult {
    let card = Card::new(&prepared.vacancy, &prepared.ranked);
    let id = prepared.vacancy.id.clone();
    let mut text = format!("{}\n\nПисьмо:\n{}", card.text(), prepared.letter.text);
    if prepared.fallback.is_some() {
        text += "\n\n(Языковая модель не ответила как нужно — письмо по шаблону.)";
    }
    let rows = if prepared.link_only {
        text += "\n\nОткликнуться через API нельзя: откройте вакансию на hh.ru, вставьте письмо и нажмите «Я откликнулся».";
        vec![
            vec![url_button(
                "Откликнуться на hh.ru",
                card.apply_url.as_deref(),
            )],
            vec![
                button("Я откликнулся", Action::Applied(id.clone())),
                button("Изменить письмо", Action::EditLetter(id.clone())),
            ],
        ]
    } else {
        let mut first: Vec<_> = vec![button("Отправить", Action::Send(id.clone()))];
        if !prepared.vacancy.response_letter_required {
            first.push(button("Без письма", Action::SendBare(id.clone())));
        }
        vec![
            first,
            vec![
                button("Изменить письмо", Action::EditLetter(id.clone())),
                button("Отмена", Action::Cancel),
            ],
        ]
    };
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

/// Each outcome in its own words, with the buttons it needs.
pub fn describe_attempt(
    vacancy: &Vacancy,
    attempt: &ApplyOutcome,
    offset: FixedOffset,
    now: DateTime<Utc>,
) -> (String, Option<InlineKeyboardMarkup>) {
    let (title, vacancy_id) = (vacancy.name.as_str(), vacancy.id.as_str());
    let vacancy_url = vacancy.alternate_url.as_deref();
    let open = |text: &str, url: Option<&str>| Some(keyboard(vec![vec![url_button(text, url)]]));
    match attempt {
        ApplyOutcome::Applied { .. } => (format!("✅ Отклик на «{title}» отправлен."), None),
        ApplyOutcome::External { url } => (
            format!("«{title}»: работодатель принимает отклики на своём сайте — откройте форму по кнопке."),
            open("Форма работодателя", Some(url)),
        ),
        ApplyOutcome::AlreadyApplied => (format!("На «{title}» вы уже откликались — повторно не отправляю."), None),
        ApplyOutcome::CurrentEmployer => (format!("«{title}» — вакансия вашего текущего работодателя, отклик не отправлен."), None),
        ApplyOutcome::TestRequired => (
            format!("У «{title}» тестовое задание: через API откликнуться нельзя, только на сайте."),
            open("Открыть на hh.ru", vacancy_url),
        ),
        ApplyOutcome::Gone => (format!("«{title}» в архиве или скрыта — отклик невозможен."), None),
        ApplyOutcome::LetterRequired => (
            format!("«{title}»: работодатель требует сопроводительное письмо — отправьте с письмом."),
            Some(keyboard(vec![vec![
                button("Отправить с письмом", Action::Send(vacancy_id.to_owned())),
                button("Изменить письмо", Action::EditLetter(vacancy_id.to_owned())),
            ]])),
        ),
        ApplyOutcome::LetterTooLong => (
            format!("Письмо к «{title}» длиннее 10 000 знаков — hh.ru такое не примет. Сократите его."),
            Some(keyboard(vec![vec![button("Изменить письмо", Action::EditLetter(vacancy_id.to_owned()))]])),
        ),
        ApplyOutcome::LetterRejected { reason } => (
            format!("hh.ru не принял письмо к «{title}» ({reason}). Сократите или измените его."),
            Some(keyboard(vec![vec![button("Изменить письмо", Action::EditLetter(vacancy_id.to_owned()))]])),
        ),
        ApplyOutcome::ResumeUnavailable { reason } => (
            format!("Резюме нельзя использовать для «{title}» ({reason}): проверьте, опубликовано ли оно, или выберите другое — /hh_resumes."),
            None,
        ),
        ApplyOutcome::Captcha(captcha) => {
            let back = vacancy_url.unwrap_or("https://hh.ru/");
            let link = captcha.url_for_user(back);
            let rows = vec![
                vec![url_button("Пройти проверку на hh.ru", link.as_deref())],
                vec![button("Готово — отправить снова", Action::Send(vacancy_id.to_owned()))],
            ];
            (
                "hh.ru просит подтвердить, что вы не робот: пройдите проверку по кнопке, затем нажмите «Готово».".to_owned(),
                Some(keyboard(rows)),
            )
        }
        ApplyOutcome::DailyLimit { retry_after } => {
            let wait = retry_after.unwrap_or(StdDuration::from_secs(24 * 3600));
            let until = now + Duration::from_std(wait).unwrap_or(Duration::hours(24));
            (
                format!(
                    "Лимит откликов исчерпан: до {} новые отклики не отправляю (считаю за скользящие 24 часа).",
                    cards::local_time(until, offset)
                ),
                None,
            )
        }
        ApplyOutcome::AuthFailed(_) => (
            "hh.ru не принял токен: нужно войти заново.".to_owned(),
            Some(login_keyboard()),
        ),
        ApplyOutcome::Refused { reason, .. } => (format!("hh.ru отказал в отклике на «{title}»: {reason}."), None),
        ApplyOutcome::Uncertain { .. } => (
            format!("Связь с hh.ru оборвалась во время отклика на «{title}»: он мог дойти. Проверю по списку откликов hh.ru и не отправлю повторно."),
            None,
        ),
    }
}

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
    let progress = bot.send_message(chat, "Ищу вакансии на hh.ru…").await?;
    let (tx, mut rx) = tokio::sync::watch::channel((0usize, 0usize));
    let finished = Arc::new(tokio::sync::Notify::new());
    let editor = {
        let bot = bot.clone();
        let message = progress.id;
        let finished = finished.clone();
        // An edit in flight is never cancelled (it could land after the summary); the
        // pause between edits is, so the summary follows the run at once.
        tokio::spawn(async move {
            let mut shown = (0, 0);
            while rx.changed().await.is_ok() {
                let (done, total) = *rx.borrow_and_update();
                if total > 0 && (done, total) != shown {
                    shown = (done, total);
                    let text = format!("Проверяю вакансии: {done} из {total}");
                    if let Err(err) = bot.edit_message_text(chat, message, text).await {
                        info!(%err, "cannot update the progress message");
                    }
                }
                tokio::select! {
                    () = tokio::time::sleep(PROGRESS_EVERY) => {}
                    () = finished.notified() => break,
                }
            }
        })
    };
    let mut report = |done: usize, total: usize| {
        tx.send_replace((done, total));
    };
    let outcome = ctx.find(&active, words, false, &mut report).await;
    drop(tx);
    finished.notify_one();
    let _ = editor.await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(err) => {
            bot.edit_message_text(chat, progress.id, "Поиск прервался.")
                .await?;
            return problem(bot, chat, &err).await;
        }
    };
    let cards: Vec<Card> = outcome
        .found
        .iter()
        .take(cards::MAX_LIST)
        .map(Card::from_found)
        .collect();
    let summary = format!(
        "Проверено {} из {} найденных вакансий: подходящих {}.",
        outcome.checked,
        outcome.listed,
        outcome.found.len()
    );
    bot.edit_message_text(chat, progress.id, summary).await?;
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

/// /reset <text>: stores the pasted resume and shows what was understood; a bare /reset
/// makes the next message the resume.
pub async fn reset(bot: Bot, msg: Message, ctx: Arc<Context>, text: String) -> HandlerResult {
    let text = text.trim();
    if text.is_empty() {
        ctx.chat(msg.chat.id.0, |state| state.awaiting_resume = true);
        return say(
            &bot,
            msg.chat.id,
            "Пришлите текст резюме следующим сообщением.",
        )
        .await;
    }
    store_resume(&bot, &msg, &ctx, text).await
}

/// /show_cv: the stored pasted resume.
pub async fn show_cv(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    match ctx.pasted_resume().await {
        Ok(Some(resume)) => say(&bot, msg.chat.id, &resume).await,
        Ok(None) => {
            say(
                &bot,
                msg.chat.id,
                "Резюме ещё нет: пришлите его текст командой /reset.",
            )
            .await
        }
        Err(err) => problem(&bot, msg.chat.id, &err).await,
    }
}

/// Any other message: the resume after a bare /reset, a letter after «Изменить письмо»,
/// a vacancy link, else a hint.
pub async fn other_message(bot: Bot, msg: Message, ctx: Arc<Context>) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(text) = msg.text().map(str::trim).filter(|text| !text.is_empty()) else {
        return say(&bot, chat, "Я понимаю только текст. Список команд — /help.").await;
    };
    if text.starts_with('/') {
        return say(&bot, chat, "Не знаю такой команды. Список команд — /help.").await;
    }
    if ctx.chat(chat.0, |state| state.awaiting_resume) {
        return store_resume(&bot, &msg, &ctx, text).await;
    }
    if let Some(vacancy_id) = ctx.chat(chat.0, |state| state.awaiting_letter.take()) {
        return match ctx.edited_letter(&vacancy_id, text).await {
            Ok(letter) => {
                ctx.chat(chat.0, |state| {
                    state.letters.insert(vacancy_id.clone(), letter.text)
                });
                offer_edited(&bot, chat, &vacancy_id).await
            }
            Err(err) => {
                ctx.chat(chat.0, |state| state.awaiting_letter = Some(vacancy_id));
                problem(&bot, chat, &err).await
            }
        };
    }
    if let Some(vacancy_id) = super::commands::vacancy_id(text) {
        return offer_application(&bot, chat, &ctx, &vacancy_id).await;
    }
    say(&bot, chat, "Не понял. Список команд — /help.").await
}

async fn offer_edited(bot: &Bot, chat: ChatId, vacancy_id: &str) -> HandlerResult {
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

async fn store_resume(bot: &Bot, msg: &Message, ctx: &Context, text: &str) -> HandlerResult {
    ctx.chat(msg.chat.id.0, |state| state.awaiting_resume = false);
    let stored = ctx
        .ledger
        .lock()
        .await
        .set_setting(PASTED_RESUME, &text.to_owned());
    if let Err(err) = stored {
        return problem(bot, msg.chat.id, &Problem::Ledger(err)).await;
    }
    say(bot, msg.chat.id, &understood(text)).await
}

/// What ranking understood from a pasted resume, for the user to check.
pub fn understood(text: &str) -> String {
    let profile = Candidate::from_text(text, &Rates::default()).profile;
    let or_unknown = |value: Option<String>| value.unwrap_or_else(|| "не понял".to_owned());
    let title = Some(profile.title.trim().to_owned()).filter(|title| !title.is_empty());
    let skills: Vec<&str> = profile
        .skills
        .iter()
        .take(10)
        .map(|skill| skill.skill.name.as_ref())
        .collect();
    let skills = Some(skills.join(", ")).filter(|skills| !skills.is_empty());
    let years = profile
        .experience_months
        .map(|months| format!("{:.1} г.", f64::from(months) / 12.0));
    format!(
        "Резюме сохранено. Вот что я понял:\nДолжность: {}\nНавыки: {}\nОпыт: {}\nГород: {}\n\nЕсли что-то не так, пришлите исправленный текст через /reset.",
        or_unknown(title),
        or_unknown(skills),
        or_unknown(years),
        or_unknown(profile.area_name),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hh::{AuthError, Captcha};

    #[test]
    fn every_attempt_has_its_own_words_and_buttons() {
        let vacancy = Vacancy {
            id: "77".into(),
            name: "Rust-разработчик".into(),
            alternate_url: Some("https://hh.ru/vacancy/77".into()),
            ..Vacancy::default()
        };
        let moscow = FixedOffset::east_opt(3 * 3600).unwrap();
        let until = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .unwrap()
            .to_utc();
        let attempts = [
            ApplyOutcome::Applied {
                negotiation_id: Some("1".into()),
            },
            ApplyOutcome::External {
                url: "https://employer.example/jobs/1".into(),
            },
            ApplyOutcome::AlreadyApplied,
            ApplyOutcome::CurrentEmployer,
            ApplyOutcome::TestRequired,
            ApplyOutcome::Gone,
            ApplyOutcome::LetterRequired,
            ApplyOutcome::LetterRejected {
                reason: "too_long_message".into(),
            },
            ApplyOutcome::ResumeUnavailable {
                reason: "not published".into(),
            },
            ApplyOutcome::Captcha(Captcha {
                captcha_url: Some("https://hh.ru/account/captcha?state=x".into()),
                fallback_url: None,
            }),
            ApplyOutcome::DailyLimit {
                retry_after: Some(StdDuration::from_secs(3 * 3600)),
            },
            ApplyOutcome::AuthFailed(AuthError::TokenRevoked),
            ApplyOutcome::Refused {
                status: 403,
                reason: "negotiations_forbidden".into(),
            },
            ApplyOutcome::Uncertain {
                reason: "connection closed".into(),
            },
            ApplyOutcome::LetterTooLong,
        ];
        let now = until - Duration::hours(3);
        let texts: Vec<(String, Option<InlineKeyboardMarkup>)> = attempts
            .iter()
            .map(|attempt| describe_attempt(&vacancy, attempt, moscow, now))
            .collect();
        let mut unique: Vec<&String> = texts.iter().map(|(text, _)| text).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), attempts.len(), "{texts:#?}");
        let buttons = |index: usize| -> Vec<String> {
            texts[index]
                .1
                .iter()
                .flat_map(|markup| markup.inline_keyboard.iter().flatten())
                .map(|button| button.text.clone())
                .collect()
        };
        assert_eq!(buttons(1), ["Форма работодателя"]);
        assert_eq!(buttons(4), ["Открыть на hh.ru"]);
        assert_eq!(buttons(6), ["Отправить с письмом", "Изменить письмо"]);
        assert_eq!(
            buttons(9),
            ["Пройти проверку на hh.ru", "Готово — отправить снова"]
        );
        assert_eq!(buttons(11), ["Войти на hh.ru"]);
        // The captcha link sends the user back to the vacancy.
        let captcha = format!("{:?}", texts[9].1);
        assert!(
            captcha.contains("backurl=https%3A%2F%2Fhh.ru%2Fvacancy%2F77"),
            "{captcha}"
        );
        // The limit in Moscow time.
        assert!(texts[10].0.contains("25.11 13:00"), "{}", texts[10].0);
    }

    #[test]
    fn help_lists_every_command() {
        let help = Command::descriptions().to_string();
        for command in [
            "/start",
            "/help",
            "/hh_auth",
            "/hh_status",
            "/hh_resumes",
            "/hh_logout",
            "/hh_apply",
            "/search",
            "/recommend",
            "/settings",
            "/reset",
            "/show_cv",
        ] {
            assert!(help.contains(command), "{command} missing in {help}");
        }
    }
}
