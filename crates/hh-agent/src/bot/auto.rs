//! The auto mode: on schedule, apply to new matches at or above the minimum score, within
//! the cap and at most [`AUTO_RUN_MAX`] a run, with a drafted letter each, then report;
//! and the dry run that shows what it would send before the user switches it on.
//!
//! When it runs is `jobs`'; every application goes through `agent` and `applying`.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use teloxide::prelude::*;
use tracing::{info, warn};

use super::action::{Action, Toggle};
use super::agent::{Active, Problem};
use super::cards::{button, keyboard, Card};
use super::jobs::{digest, report_problem};
use super::outcomes::describe_attempt;
use super::send::{problem, say, say_with, HandlerResult};
use super::Context;
use crate::applying;
use crate::finder::{Describe, Found};
use crate::hh::types::Vacancy;
use crate::hh::ApplyOutcome;

/// The most applications one auto run sends.
pub const AUTO_RUN_MAX: usize = 20;

/// Auto mode: applies to new matches at or above the minimum score, up to the cap, with a
/// drafted letter each, and reports. Link-only accounts get the digest instead.
pub async fn auto_run(bot: &Bot, ctx: &Context, now: DateTime<Utc>) -> HandlerResult {
    let chat = ctx.owner_chat();
    let active = match ctx.active().await {
        Ok(active) => active,
        Err(err) => return report_problem(bot, chat, &err).await,
    };
    if active.link_only() {
        return digest(bot, ctx, now).await;
    }
    let plan = match plan_auto(ctx, &active, now).await {
        Ok(plan) => plan,
        Err(err) => return report_problem(bot, chat, &err).await,
    };
    if plan.is_empty() {
        info!("auto run: nothing new to apply to");
        return Ok(());
    }
    let mut lines = Vec::new();
    let mut captcha = false;
    for Found { vacancy, ranked } in &plan {
        // The detail fetched for ranking, description kept: the letter and the
        // application share it, with no second request.
        let letter = match ctx.draft(&active, vacancy).await {
            Ok(prepared) => Some(prepared.letter.text),
            Err(err) => {
                info!(problem = %err.message(), vacancy = %vacancy.id, "no letter for the auto run");
                None
            }
        };
        let now = ctx.clock.now();
        match ctx.apply_to(&active, vacancy, letter.as_deref(), now).await {
            Ok(attempt) => {
                let (text, _) = describe_attempt(vacancy, &attempt, ctx.offset, now);
                lines.push(format!("• {} ({}/100): {text}", vacancy.name, ranked.score));
                captcha = matches!(attempt, ApplyOutcome::Captcha(_));
                if captcha
                    || matches!(
                        attempt,
                        ApplyOutcome::DailyLimit { .. } | ApplyOutcome::AuthFailed(_)
                    )
                {
                    break;
                }
            }
            Err(err) => {
                lines.push(format!("• {}: {}", vacancy.name, err.message()));
                if err.needs_auth() {
                    break;
                }
            }
        }
    }
    let mut text = format!(
        "Авто-режим: обработано вакансий — {}.\n{}",
        lines.len(),
        lines.join("\n")
    );
    if captcha {
        text += "\n\nhh.ru попросил капчу — авто-отклики остановлены до следующего запуска.";
    }
    say(bot, chat, &text).await?;
    let ids: Vec<String> = plan.iter().map(|found| found.vacancy.id.clone()).collect();
    if let Err(err) = ctx.ledger.lock().await.mark_shown(&ids, now) {
        warn!(%err, "cannot mark the auto run as shown");
    }
    Ok(())
}

/// What an auto run would apply to now: new matches at or above the minimum score, not
/// direct, without a test, within what the cap leaves; each with its description, for the
/// letter.
async fn plan_auto(
    ctx: &Context,
    active: &Active,
    now: DateTime<Utc>,
) -> Result<Vec<Found>, Problem> {
    let settings = ctx.settings().await;
    let room = {
        let ledger = ctx.ledger.lock().await;
        if applying::blocked_until(&ledger, settings.daily_cap, now)?.is_some() {
            0
        } else {
            let used = ledger.count_since(now - Duration::hours(applying::WINDOW_HOURS))?;
            settings.daily_cap.saturating_sub(used) as usize
        }
    };
    let best = room.min(AUTO_RUN_MAX);
    if best == 0 {
        return Ok(Vec::new());
    }
    let describe = Describe {
        best,
        eligible: auto_eligible,
    };
    let outcome = ctx
        .find(active, None, false, Some(describe), &mut |_, _| {})
        .await?;
    Ok(outcome
        .found
        .into_iter()
        .filter(|found| found.ranked.score >= settings.min_score && auto_eligible(&found.vacancy))
        .take(best)
        .collect())
}

/// Whether the auto mode may apply to `vacancy` at all: not on the employer's site, no test.
fn auto_eligible(vacancy: &Vacancy) -> bool {
    !vacancy.is_direct() && !vacancy.has_test
}

/// The auto mode's dry run: what it would send now, and the buttons to switch it on.
pub fn start_dry_run(bot: Bot, chat: ChatId, ctx: Arc<Context>) {
    tokio::spawn(async move {
        if let Err(err) = dry_run(&bot, chat, &ctx).await {
            warn!(error = %format!("{err:#}"), "dry run failed to report");
        }
    });
}

async fn dry_run(bot: &Bot, chat: ChatId, ctx: &Context) -> HandlerResult {
    let now = ctx.clock.now();
    let active = match ctx.active().await {
        Ok(active) => active,
        Err(err) => return problem(bot, chat, &err).await,
    };
    if active.link_only() {
        return say(bot, chat, "Авто-режим невозможен: hh.ru не разрешает вашему приложению откликаться через API (или не выбрано резюме hh.ru — /hh_resumes). Подборка по расписанию работает и так.").await;
    }
    say(
        bot,
        chat,
        "Пробный прогон авто-режима: ищу, на что откликнулся бы сейчас (ничего не отправляю)…",
    )
    .await?;
    let plan = match plan_auto(ctx, &active, now).await {
        Ok(plan) => plan,
        Err(err) => return problem(bot, chat, &err).await,
    };
    let settings = ctx.settings().await;
    let mut text = if plan.is_empty() {
        format!(
            "Пробный прогон: сейчас не на что откликаться (оценка не ниже {}, лимит {} в сутки).",
            settings.min_score, settings.daily_cap
        )
    } else {
        let list: Vec<String> = plan
            .iter()
            .map(Card::from_found)
            .map(|card| {
                format!(
                    "• {} — {} ({}/100)",
                    card.title,
                    card.employer.as_deref().unwrap_or(""),
                    card.score
                )
            })
            .collect();
        format!(
            "Пробный прогон: сейчас откликнулся бы на {} вакансий с письмом к каждой (оценка не ниже {}, лимит {} в сутки, не больше {AUTO_RUN_MAX} за раз):\n{}",
            plan.len(),
            settings.min_score,
            settings.daily_cap,
            list.join("\n")
        )
    };
    text += "\n\nВключить авто-режим? Отклики пойдут в часы подборки.";
    let buttons = keyboard(vec![vec![
        button("Включить авто-режим", Action::Setting(Toggle::AutoOn)),
        button("Оставить ручной", Action::Cancel),
    ]]);
    say_with(bot, chat, &text, Some(buttons)).await
}
