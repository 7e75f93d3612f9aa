//! `hh apply VACANCY [--letter FILE | --no-letter] [--dry-run] [--done]`: one application
//! through the bot's path (`applying::apply` under the ledger lock: the same cap, dedup
//! and ledger), each outcome in words. Without applicant access it prints the vacancy's
//! apply page and the letter; `--done` records an application made there by hand.
//!
//! Deciding is `applying`'s, drafting the bot context's; this chooses and tells.

use std::path::PathBuf;

use anyhow::anyhow;
use chrono::Duration;
use serde_json::json;

use super::output::Answer;
use super::recommend::active;
use super::session::Session;
use super::words;
use crate::applying;
use crate::bot::commands::vacancy_id;
use crate::hh::types::Vacancy;
use crate::ledger::Outcome;

/// Which letter goes with the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterChoice {
    /// Drafted from the template (or the configured model).
    Drafted,
    /// The user's own, from a file (checked like a draft).
    File(PathBuf),
    /// None.
    Without,
}

/// What `hh apply` was asked.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// A vacancy id or an hh.ru link.
    pub vacancy: String,
    /// The letter.
    pub letter: LetterChoice,
    /// Show what would be sent, send nothing.
    pub dry_run: bool,
    /// Record an application made by hand on hh.ru's page.
    pub done: bool,
}

/// Runs `hh apply`.
pub async fn apply(session: &Session, options: &ApplyOptions) -> anyhow::Result<Answer> {
    let ctx = &session.ctx;
    let id = vacancy_id(&options.vacancy).ok_or_else(|| {
        anyhow!(
            "«{}» не похоже на вакансию hh.ru: укажите её номер или ссылку вида https://hh.ru/vacancy/123",
            options.vacancy
        )
    })?;
    let now = ctx.clock.now();
    if options.done {
        let recorded = ctx
            .record_manual(&id, now)
            .await
            .map_err(|problem| anyhow!("{}", words::problem(&problem)))?;
        let text = if recorded {
            format!("Записал: вы откликнулись на вакансию {id} сами. Повторно её не предложу.\n")
        } else {
            format!("Вакансия {id} уже есть в журнале откликов.\n")
        };
        return Ok(Answer::ok(
            text,
            json!({ "vacancy_id": id, "recorded": recorded }),
        ));
    }
    let active = active(session, None).await?;
    let fail = |problem: crate::bot::problem::Problem| anyhow!("{}", words::problem(&problem));
    let vacancy = ctx
        .client
        .vacancy(&id)
        .await
        .map_err(|err| anyhow!("{}", words::hh_error(&err)))?;
    let (letter, score) = match &options.letter {
        LetterChoice::Drafted => {
            let prepared = ctx.draft(&active, &vacancy).await.map_err(fail)?;
            (Some(prepared.letter.text), Some(prepared.ranked.score))
        }
        LetterChoice::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|err| {
                anyhow!(
                    "письмо {}: {}",
                    path.display(),
                    crate::report::io_problem(&err)
                )
            })?;
            let letter = ctx.edited_letter(&id, &text).await.map_err(fail)?;
            (Some(letter.text), None)
        }
        LetterChoice::Without => (None, None),
    };
    if active.link_only() {
        return Ok(by_hand(&vacancy, letter.as_deref()));
    }
    if options.dry_run {
        return dry_run(session, &vacancy, letter.as_deref(), score).await;
    }
    let attempt = ctx
        .apply_to(&active, &vacancy, letter.as_deref(), now)
        .await
        .map_err(fail)?;
    let (text, sent) = words::outcome(&vacancy, &attempt);
    Ok(Answer {
        text: format!("{text}\n"),
        json: json!({
            "vacancy_id": vacancy.id,
            "title": vacancy.name,
            "outcome": Outcome::from(&attempt).as_str(),
            "sent": sent,
            "text": text,
        }),
        ok: sent,
    })
}

/// Link-only: the apply page and the letter to paste there.
fn by_hand(vacancy: &Vacancy, letter: Option<&str>) -> Answer {
    let page = vacancy
        .apply_alternate_url
        .as_deref()
        .or(vacancy.alternate_url.as_deref())
        .unwrap_or("");
    let mut text = format!(
        "hh.ru не разрешает вашему приложению откликаться через API. Откликнитесь на «{}» на странице hh.ru:\n{page}\n",
        vacancy.name
    );
    if let Some(letter) = letter {
        text += &format!("\nПисьмо, чтобы вставить в форму:\n\n{letter}\n");
    }
    text += &format!(
        "\nКогда откликнетесь, отметьте это: hh apply {} --done\n",
        vacancy.id
    );
    Answer {
        text,
        json: json!({
            "vacancy_id": vacancy.id,
            "sent": false,
            "link_only": true,
            "apply_url": page,
            "letter": letter,
        }),
        ok: false,
    }
}

/// What would be sent, and what the ledger and the cap say now; nothing is sent.
async fn dry_run(
    session: &Session,
    vacancy: &Vacancy,
    letter: Option<&str>,
    score: Option<u8>,
) -> anyhow::Result<Answer> {
    let ctx = &session.ctx;
    let now = ctx.clock.now();
    let cap = ctx.settings().await.daily_cap;
    let (count, previous) = {
        let ledger = ctx.ledger.lock().await;
        let count = ledger.count_since(now - Duration::hours(applying::WINDOW_HOURS));
        let previous = ledger.application(&vacancy.id);
        (count, previous)
    };
    let ledger_error =
        |err: crate::ledger::Error| anyhow!("журнал откликов: {}", words::ledger(&err));
    let count = count.map_err(ledger_error)?;
    let previous = previous.map_err(ledger_error)?;
    let employer = vacancy
        .employer
        .as_ref()
        .map(|e| e.name.as_str())
        .unwrap_or("");
    let mut text = format!(
        "Пробный запуск: отклик не отправлен.\nВакансия: {} — {employer}\n",
        vacancy.name
    );
    if let Some(score) = score {
        text += &format!("Оценка: {score}/100\n");
    }
    text += &format!("Откликов за последние 24 ч.: {count} из {cap}\n");
    if let Some(previous) = previous.filter(|p| p.outcome.blocks_new_attempt()) {
        text += "В журнале уже есть отклик на эту вакансию: повторно не отправлю.\n";
        tracing::debug!(outcome = %previous.outcome, "dry run: already recorded");
    }
    match letter {
        Some(letter) => text += &format!("Письмо:\n\n{letter}\n"),
        None => text += "Без письма.\n",
    }
    Ok(Answer::ok(
        text,
        json!({
            "vacancy_id": vacancy.id,
            "title": vacancy.name,
            "dry_run": true,
            "score": score,
            "letter": letter,
            "applications_24h": count,
            "daily_cap": cap,
        }),
    ))
}
