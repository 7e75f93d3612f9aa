//! Scheduled work inside hh-bot: the token watch (authorization confirmed, re-authorization
//! alert, expiry warning), and the minute tick (digest without repeats, the auto-mode run,
//! resume bump, daily reconciliation). The auto run itself is `auto`'s.
//!
//! Every job takes `now`, so tests drive them with an injected clock; tokio-cron-scheduler
//! only decides when they run ([`start`]). What a job has done is kept in the ledger
//! ([`Marks`]), so a restart neither repeats nor forgets.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use teloxide::prelude::*;
use tokio_cron_scheduler::{Job, JobScheduler};
use tracing::{info, warn};

use super::action::Action;
use super::agent::Problem;
use super::cards::{self, button, keyboard, login_keyboard, Card};
use super::reconcile::{Settled, UNCERTAIN_GRACE_MINUTES};
use super::runs;
use super::send::{problem, say, say_with, HandlerResult};
use super::settings::Mode;
use super::Context;
use crate::hh::{self, PublishOutcome};
use crate::token_store::RefreshResult;

/// The ledger setting with [`Marks`].
const MARKS: &str = "job_marks";
/// Cards in one digest.
const DIGEST_CARDS: usize = 5;
/// A digest time missed by more than this (the bot was down) is skipped.
const DIGEST_GRACE_HOURS: i64 = 3;
/// How often the active resume is checked for a bump.
const BUMP_EVERY_MINUTES: i64 = 60;
/// hh.ru lets a resume be bumped once every 4 hours; a reminder comes no more often.
const BUMP_REMINDER_HOURS: i64 = 4;
/// Where the user bumps a resume by hand.
const MY_RESUMES_URL: &str = "https://hh.ru/applicant/resumes";
/// How often hh.ru's list of applications is read.
const RECONCILE_EVERY_HOURS: i64 = 24;
/// The expiry warning comes this long before the access token expires.
const EXPIRY_WARNING_DAYS: i64 = 2;
/// Refresh counts as "not happening" without a record for this long (the timer runs
/// every 15 minutes).
const REFRESH_SILENCE_HOURS: i64 = 6;

/// What the jobs have done, kept across restarts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Marks {
    /// The last digest (or auto run) time.
    pub digest: Option<DateTime<Utc>>,
    /// The last reconciliation.
    pub reconcile: Option<DateTime<Utc>>,
    /// The last bump check.
    pub bump: Option<DateTime<Utc>>,
    /// The authorization already confirmed (its time in the status file).
    pub authorization: Option<DateTime<Utc>>,
    /// The refresh record already alerted about.
    pub reauth_alert: Option<DateTime<Utc>>,
    /// The expiry already warned about.
    pub expiry_warning: Option<DateTime<Utc>>,
    /// The last reminder to bump the resume by hand (when the API may not).
    pub bump_reminder: Option<DateTime<Utc>>,
}

impl Context {
    /// The jobs' marks.
    pub async fn marks(&self) -> Marks {
        match self.ledger.lock().await.setting::<Marks>(MARKS) {
            Ok(marks) => marks.unwrap_or_default(),
            Err(err) => {
                warn!(%err, "cannot read the job marks");
                Marks::default()
            }
        }
    }

    async fn save_marks(&self, marks: &Marks) {
        if let Err(err) = self.ledger.lock().await.set_setting(MARKS, marks) {
            warn!(%err, "cannot store the job marks");
        }
    }

    /// The chat scheduled messages go to: the one that authorized, if allowed, else the
    /// first allowed chat.
    pub fn owner_chat(&self) -> ChatId {
        let allowed = &self.config.bot.allowed_chats;
        let authorized = self
            .store
            .read_status()
            .ok()
            .and_then(|status| status.last_authorization)
            .and_then(|record| record.chat_id)
            .filter(|chat| allowed.contains(chat));
        ChatId(
            authorized
                .or_else(|| allowed.first().copied())
                .unwrap_or_default(),
        )
    }
}

/// Starts the scheduler: the token watch every 15 seconds, the tick every minute.
pub async fn start(bot: Bot, ctx: Arc<Context>) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    let (watch_bot, watch_ctx) = (bot.clone(), ctx.clone());
    scheduler
        .add(Job::new_async("*/15 * * * * *", move |_, _| {
            let (bot, ctx) = (watch_bot.clone(), watch_ctx.clone());
            Box::pin(async move {
                let now = ctx.clock.now();
                if let Err(err) = watch_token(&bot, &ctx, now).await {
                    warn!(error = %format!("{err:#}"), "token watch failed");
                }
            })
        })?)
        .await?;
    scheduler
        .add(Job::new_async("0 * * * * *", move |_, _| {
            let (bot, ctx) = (bot.clone(), ctx.clone());
            Box::pin(async move {
                let now = ctx.clock.now();
                if let Err(err) = tick(&bot, &ctx, now).await {
                    warn!(error = %format!("{err:#}"), "scheduled tick failed");
                }
            })
        })?)
        .await?;
    scheduler.start().await?;
    Ok(scheduler)
}

/// Confirms a new authorization (with the account name), alerts when the refresh status
/// says re-authorization is needed, and warns before expiry when refresh is not running.
pub async fn watch_token(bot: &Bot, ctx: &Context, now: DateTime<Utc>) -> HandlerResult {
    let status = match ctx.store.read_status() {
        Ok(status) => status,
        Err(err) => {
            warn!(error = %format!("{err:#}"), "cannot read the token status file");
            return Ok(());
        }
    };
    let mut marks = ctx.marks().await;
    let before = marks.clone();
    if let Some(record) = &status.last_authorization {
        if marks.authorization.is_none_or(|seen| record.at > seen) {
            let chat = record
                .chat_id
                .filter(|chat| ctx.config.bot.allowed_chats.contains(chat))
                .map(ChatId)
                .unwrap_or_else(|| ctx.owner_chat());
            ctx.forget_capability().await;
            let name = match ctx.client.me().await {
                Ok(me) => Some(me.full_name()).filter(|name| !name.is_empty()),
                Err(err) => {
                    info!(%err, "GET /me after authorization failed");
                    None
                }
            };
            let text = match name {
                Some(name) => format!("Авторизация на hh.ru прошла успешно: {name}."),
                None => "Авторизация на hh.ru прошла успешно.".to_owned(),
            };
            say_with(
                bot,
                chat,
                &format!("{text} Теперь можно искать вакансии: /recommend."),
                Some(keyboard(vec![vec![button(
                    "Подобрать вакансии",
                    Action::Recommend,
                )]])),
            )
            .await?;
            marks.authorization = Some(record.at);
            if let Err(err) = ctx.reconcile(now).await {
                info!(problem = %err.message(), "reconciliation after authorization failed");
            }
        }
    }
    if let Some(refresh) = &status.last_refresh {
        let after_authorization = status
            .last_authorization
            .as_ref()
            .is_none_or(|auth| refresh.at > auth.at);
        if refresh.result == RefreshResult::ReauthorizationNeeded
            && after_authorization
            && marks
                .reauth_alert
                .is_none_or(|alerted| refresh.at > alerted)
        {
            marks.reauth_alert = Some(refresh.at);
            say_with(
                bot,
                ctx.owner_chat(),
                "hh.ru больше не принимает токен: нужно войти заново, иначе поиск и отклики остановятся.",
                Some(login_keyboard()),
            )
            .await?;
        }
    }
    if let Ok(pair) = ctx.store.read() {
        let soon =
            pair.expires_at - now <= Duration::days(EXPIRY_WARNING_DAYS) && pair.expires_at > now;
        // The last run: its recorded outcome, or a later check that found nothing due.
        let last_run =
            (status.last_refresh.as_ref().map(|refresh| refresh.at)).max(ctx.store.last_check());
        let refresh_silent =
            last_run.is_none_or(|at| now - at > Duration::hours(REFRESH_SILENCE_HOURS));
        if soon && refresh_silent && marks.expiry_warning != Some(pair.expires_at) {
            marks.expiry_warning = Some(pair.expires_at);
            let last = last_run
                .map(|at| cards::local_time(at, ctx.offset))
                .unwrap_or_else(|| "ни разу".to_owned());
            say(
                bot,
                ctx.owner_chat(),
                &format!(
                    "Токен hh.ru истекает {}, а обновление давно не запускалось (последний раз: {last}). Проверьте на сервере: systemctl status hh-refresh.timer. Если не поможет — /hh_auth.",
                    cards::local_time(pair.expires_at, ctx.offset)
                ),
            )
            .await?;
        }
    }
    if marks != before {
        ctx.save_marks(&marks).await;
    }
    Ok(())
}

/// The minute tick: uncertain applications past their grace checked with hh.ru, the digest
/// (or the auto run) at digest times, the bump check, the daily reconciliation. Nothing
/// runs without a token.
pub async fn tick(bot: &Bot, ctx: &Context, now: DateTime<Utc>) -> HandlerResult {
    if ctx.store.read().is_err() {
        return Ok(());
    }
    // Within a minute of its grace, an uncertain application is checked with hh.ru.
    let grace = now - Duration::minutes(UNCERTAIN_GRACE_MINUTES);
    match ctx.settle_uncertain(grace, now).await {
        Ok(settled) if settled != Settled::default() => info!(
            confirmed = settled.confirmed,
            refused = settled.refused,
            unknown = settled.unknown,
            "uncertain applications settled"
        ),
        Ok(_) => {}
        Err(err) => {
            info!(problem = %err.message(), "cannot settle uncertain applications; retried next minute")
        }
    }
    let mut marks = ctx.marks().await;
    if marks
        .reconcile
        .is_none_or(|last| now - last >= Duration::hours(RECONCILE_EVERY_HOURS))
    {
        marks.reconcile = Some(now);
        ctx.save_marks(&marks).await;
        match ctx.reconcile(now).await {
            Ok(done) => info!(
                confirmed = done.confirmed,
                added = done.added,
                "reconciled with hh.ru"
            ),
            Err(err) => info!(problem = %err.message(), "reconciliation failed; retried tomorrow"),
        }
    }
    let settings = ctx.settings().await;
    if settings.bump
        && marks
            .bump
            .is_none_or(|last| now - last >= Duration::minutes(BUMP_EVERY_MINUTES))
    {
        marks.bump = Some(now);
        ctx.save_marks(&marks).await;
        bump(bot, ctx, now).await?;
    }
    if digest_due(&settings.digest_times, marks.digest, now, ctx.offset) {
        marks.digest = Some(now);
        ctx.save_marks(&marks).await;
        match settings.mode {
            Mode::Auto => super::auto::auto_run(bot, ctx, now).await?,
            Mode::Manual => digest(bot, ctx, now).await?,
        }
    }
    Ok(())
}

/// Whether a digest time has come since `last` (and not more than a few hours ago).
pub fn digest_due(
    times: &[NaiveTime],
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    offset: chrono::FixedOffset,
) -> bool {
    let local = now.with_timezone(&offset);
    times.iter().any(|time| {
        // The latest occurrence of `time` at or before now.
        let today = local.date_naive().and_time(*time);
        let Some(today) = offset.from_local_datetime(&today).single() else {
            return false;
        };
        let occurrence = if today <= local {
            today
        } else {
            today - Duration::days(1)
        };
        let occurrence = occurrence.with_timezone(&Utc);
        now - occurrence <= Duration::hours(DIGEST_GRACE_HOURS)
            && last.is_none_or(|last| last < occurrence)
    })
}

/// New matches never shown before, as cards; nothing is sent when there are none.
pub async fn digest(bot: &Bot, ctx: &Context, now: DateTime<Utc>) -> HandlerResult {
    let chat = ctx.owner_chat();
    let active = match ctx.active().await {
        Ok(active) => active,
        Err(err) => return report_problem(bot, chat, &err).await,
    };
    let outcome = match ctx.find(&active, None, true, None, &mut |_, _| {}).await {
        Ok(outcome) => outcome,
        Err(err) => return report_problem(bot, chat, &err).await,
    };
    let cards: Vec<Card> = outcome
        .found
        .iter()
        .take(DIGEST_CARDS)
        .map(Card::from_found)
        .collect();
    if cards.is_empty() {
        info!(checked = outcome.checked, "digest: nothing new");
        return Ok(());
    }
    say(
        bot,
        chat,
        &format!(
            "Подборка: {} новых подходящих вакансий (из {} проверенных).",
            outcome.found.len(),
            outcome.checked
        ),
    )
    .await?;
    runs::send_cards(bot, chat, ctx, &cards, active.link_only(), now).await
}

/// Bumps the active resume when hh.ru allows; tells the user only about failures.
pub async fn bump(bot: &Bot, ctx: &Context, now: DateTime<Utc>) -> HandlerResult {
    let active = match ctx.active().await {
        Ok(active) => active,
        Err(err) => {
            info!(problem = %err.message(), "no resume to bump");
            return Ok(());
        }
    };
    let (Some(resume_id), Some(resume)) = (
        active.resume_id.as_deref(),
        active.candidate.resume.as_ref(),
    ) else {
        // The resume came from the user, not from hh.ru: only a person can bump it.
        return remind_bump(bot, ctx, now).await;
    };
    let due = resume.can_publish_or_update == Some(true)
        || resume
            .next_publish_at
            .as_deref()
            .and_then(hh::types::parse_date)
            .is_some_and(|at| at.with_timezone(&Utc) <= now);
    if !due {
        return Ok(());
    }
    match ctx.client.publish_resume(resume_id).await {
        Ok(PublishOutcome::Published) => {
            info!("resume bumped");
            Ok(())
        }
        Ok(PublishOutcome::TooEarly) => {
            info!("resume bump too early");
            Ok(())
        }
        Err(hh::Error::Forbidden { .. } | hh::Error::Auth(hh::AuthError::UserAuthExpected)) => {
            info!("hh.ru does not let this app bump the resume; reminding instead");
            remind_bump(bot, ctx, now).await
        }
        Err(err) => {
            say(
                bot,
                ctx.owner_chat(),
                &format!(
                    "Не удалось поднять резюме «{}»: {}",
                    resume.title.as_deref().unwrap_or(""),
                    super::agent::hh_message(&err)
                ),
            )
            .await
        }
    }
}

/// When the API may not bump the resume: a reminder with the link, at most once per
/// [`BUMP_REMINDER_HOURS`] (as often as hh.ru allows a bump).
async fn remind_bump(bot: &Bot, ctx: &Context, now: DateTime<Utc>) -> HandlerResult {
    let mut marks = ctx.marks().await;
    if marks
        .bump_reminder
        .is_some_and(|last| now - last < Duration::hours(BUMP_REMINDER_HOURS))
    {
        return Ok(());
    }
    marks.bump_reminder = Some(now);
    ctx.save_marks(&marks).await;
    say_with(
        bot,
        ctx.owner_chat(),
        "Пора поднять резюме на hh.ru: поднятое резюме работодатели видят выше, а поднимать его можно раз в 4 часа. Откройте свои резюме и нажмите «Поднять в поиске» (отключить напоминания — /settings).",
        Some(keyboard(vec![vec![cards::url_button(
            "Мои резюме на hh.ru",
            Some(MY_RESUMES_URL),
        )]])),
    )
    .await
}

/// A scheduled job's problem: auth problems go to the chat (with the button), others to
/// the log only, so an outage does not flood the chat.
pub(super) async fn report_problem(bot: &Bot, chat: ChatId, err: &Problem) -> HandlerResult {
    if err.needs_auth() || matches!(err, Problem::NoResume | Problem::ChooseResume) {
        return problem(bot, chat, err).await;
    }
    info!(problem = %err.message(), "scheduled job skipped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn digest_is_due_once_per_time_in_the_users_zone() {
        let moscow = chrono::FixedOffset::east_opt(3 * 3600).unwrap();
        let nine = [NaiveTime::from_hms_opt(9, 0, 0).unwrap()];
        // 09:00 Moscow is 06:00 UTC.
        assert!(!digest_due(&nine, None, at("2026-11-25T05:59:00Z"), moscow));
        assert!(digest_due(&nine, None, at("2026-11-25T06:00:00Z"), moscow));
        let sent = Some(at("2026-11-25T06:00:30Z"));
        assert!(!digest_due(&nine, sent, at("2026-11-25T06:01:00Z"), moscow));
        assert!(!digest_due(&nine, sent, at("2026-11-26T05:59:00Z"), moscow));
        assert!(digest_due(&nine, sent, at("2026-11-26T06:00:00Z"), moscow));
        // Down for longer than the grace: skipped, not sent late.
        assert!(!digest_due(&nine, sent, at("2026-11-26T10:00:00Z"), moscow));
        assert!(!digest_due(&[], None, at("2026-11-26T06:00:00Z"), moscow));
    }
}
