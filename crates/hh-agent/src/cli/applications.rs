//! `hh applications`: the applications in the ledger, newest first, after the bot's
//! reconciliation with hh.ru's `GET /negotiations` when the login allows it (so the ones
//! made on the website appear, and lost answers are settled), with the employer's answer
//! where hh.ru lists it.
//!
//! Recording is the ledger's, reconciling the bot context's.

use std::collections::HashMap;

use anyhow::anyhow;
use serde_json::{json, Value};

use super::output::Answer;
use super::session::Session;
use super::words;
use crate::hh::types::Negotiation;
use crate::hh::{self, Capability, NegotiationFilter};
use crate::ledger::{Application, Outcome};

/// Runs `hh applications`, listing at most `limit`.
pub async fn applications(session: &Session, limit: usize) -> anyhow::Result<Answer> {
    let ctx = &session.ctx;
    let now = ctx.clock.now();
    let mut note = None;
    let mut listed: HashMap<String, Negotiation> = HashMap::new();
    match ctx.capability(true).await {
        Capability::Applicant { .. } => {
            if let Err(problem) = ctx.reconcile(now).await {
                note = Some(format!(
                    "Сверить с hh.ru не удалось: {}.",
                    words::problem(&problem)
                ));
            }
            let per_page = hh::search::MAX_PER_PAGE;
            if let Ok(page) = ctx
                .client
                .negotiations(&NegotiationFilter::default(), 0, per_page)
                .await
            {
                for negotiation in page.items {
                    if let Some(vacancy) = &negotiation.vacancy {
                        listed.insert(vacancy.id.clone(), negotiation.clone());
                    }
                }
            }
        }
        Capability::ApplicationOnly { .. } => {
            note = Some(
                "hh.ru не даёт приложению список откликов: показаны записи журнала.".to_owned(),
            );
        }
        Capability::Nothing(err) => {
            note = Some(format!(
                "Сверить с hh.ru не удалось: {}.",
                words::hh_error(&err)
            ));
        }
    }
    let history = ctx
        .ledger
        .lock()
        .await
        .history(limit)
        .map_err(|err| anyhow!("журнал откликов: {}", words::ledger(&err)))?;
    let site = ctx.config.hh.oauth_base_url.trim_end_matches('/');
    let mut text = format!("Отклики в журнале: {}\n", history.len());
    if let Some(note) = &note {
        text += &format!("{note}\n");
    }
    let mut items: Vec<Value> = Vec::new();
    for application in &history {
        let negotiation = listed.get(&application.vacancy_id);
        let title = negotiation
            .and_then(|n| n.vacancy.as_ref())
            .map(|vacancy| vacancy.name.clone());
        let state = negotiation
            .and_then(|n| n.state.as_ref())
            .map(|s| s.name.clone());
        text += &format!(
            "\n{}  {}{}\n   {}{}\n   {site}/vacancy/{}\n",
            application.created_at.format("%Y-%m-%d %H:%M"),
            outcome_text(application.outcome),
            application
                .score
                .map(|s| format!(", оценка {s}"))
                .unwrap_or_default(),
            title.as_deref().unwrap_or("вакансия"),
            state
                .as_deref()
                .map(|s| format!(" — ответ hh.ru: {s}"))
                .unwrap_or_default(),
            application.vacancy_id
        );
        items.push(to_json(application, title.as_deref(), state.as_deref()));
    }
    Ok(Answer::ok(
        text,
        json!({ "note": note, "items": items, "reconciled": listed.len() }),
    ))
}

fn to_json(application: &Application, title: Option<&str>, state: Option<&str>) -> Value {
    json!({
        "vacancy_id": application.vacancy_id,
        "title": title,
        "outcome": application.outcome.as_str(),
        "state": state,
        "score": application.score,
        "negotiation_id": application.negotiation_id,
        "created_at": application.created_at,
    })
}

/// A recorded outcome in words.
pub fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Sending => "отправляется",
        Outcome::Applied => "отправлен",
        Outcome::External => "на сайте работодателя",
        Outcome::AlreadyApplied => "уже был",
        Outcome::SkippedTest => "пропущен: тестовое задание",
        Outcome::Gone => "вакансия в архиве",
        Outcome::ResumeUnavailable => "резюме недоступно",
        Outcome::LetterRequired => "нужно письмо",
        Outcome::LetterRejected => "письмо отклонено",
        Outcome::Captcha => "капча",
        Outcome::DailyLimit => "лимит откликов",
        Outcome::AuthFailed => "нужен вход",
        Outcome::Refused => "отклонён hh.ru",
        Outcome::Uncertain => "не подтверждён",
        Outcome::Manual => "сделан вручную",
    }
}
