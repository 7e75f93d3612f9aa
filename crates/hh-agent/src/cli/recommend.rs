//! `hh recommend [--resume FILE] [--limit N]`: the bot's /recommend on the command line —
//! the best vacancies for the active hh.ru resume (or for a resume file, which needs no
//! login: the application token searches), ranked with reasons.
//!
//! Finding is the bot context's and `finder`'s; a vacancy's text is the bot's card.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::input::{read_resume, ResumeInput};
use super::output::{Answer, Progress};
use super::session::Session;
use super::words;
use crate::bot::agent::Active;
use crate::bot::cards::Card;
use crate::matching::Candidate;

/// What `hh recommend` was asked.
#[derive(Debug, Clone)]
pub struct RecommendOptions {
    /// A resume file instead of the active hh.ru resume.
    pub resume: Option<PathBuf>,
    /// At most this many results.
    pub limit: usize,
}

/// The candidate a command works for: the resume file, else the bot's active resume.
pub async fn active(session: &Session, resume: Option<&PathBuf>) -> anyhow::Result<Active> {
    let ctx = &session.ctx;
    match resume {
        Some(path) => {
            let rates = ctx.rates().await;
            let candidate = match read_resume(path)? {
                ResumeInput::Json(resume) => Candidate::from_resume(*resume, None, &rates),
                ResumeInput::Text(text) => Candidate::from_text(&text, &rates),
            };
            Ok(Active {
                candidate,
                resume_id: None,
            })
        }
        None => ctx
            .active()
            .await
            .map_err(|problem| anyhow::anyhow!("{}", words::problem(&problem))),
    }
}

/// Runs `hh recommend`.
pub async fn recommend(session: &Session, options: &RecommendOptions) -> anyhow::Result<Answer> {
    let ctx = &session.ctx;
    let active = active(session, options.resume.as_ref()).await?;
    let mut progress = Progress::new("Проверяю вакансии");
    let found = ctx
        .find(&active, None, false, None, &mut |done, total| {
            progress.update(done, total)
        })
        .await;
    progress.finish();
    let found = found.map_err(|problem| anyhow::anyhow!("{}", words::problem(&problem)))?;
    let shown: Vec<Card> = found
        .found
        .iter()
        .take(options.limit)
        .map(Card::from_found)
        .collect();
    let ids: Vec<String> = shown.iter().map(|card| card.id.clone()).collect();
    if let Err(err) = ctx.ledger.lock().await.mark_shown(&ids, ctx.clock.now()) {
        tracing::warn!(%err, "cannot mark vacancies as shown");
    }
    let mut text = format!(
        "Подходящие вакансии: проверено {} из {}, показаны лучшие {}.\n",
        found.checked,
        found.listed,
        shown.len()
    );
    if shown.is_empty() {
        text += "Подходящих вакансий не нашлось: попробуйте hh search со своими словами.\n";
    }
    for (index, card) in shown.iter().enumerate() {
        text += &format!(
            "\n{}. {}\n{}\n",
            index + 1,
            card.text(),
            card.url.as_deref().unwrap_or("")
        );
        if active.link_only() {
            text += &format!(
                "Откликнуться: {}\n",
                card.apply_url.as_deref().unwrap_or("")
            );
        } else {
            text += &format!("Откликнуться: hh apply {}\n", card.id);
        }
    }
    let items: Vec<Value> = shown.iter().map(to_json).collect();
    Ok(Answer::ok(
        text,
        json!({
            "checked": found.checked,
            "listed": found.listed,
            "link_only": active.link_only(),
            "items": items,
        }),
    ))
}

fn to_json(card: &Card) -> Value {
    json!({
        "id": card.id,
        "title": card.title,
        "employer": card.employer,
        "place": card.place,
        "score": card.score,
        "why": card.why,
        "url": card.url,
        "apply_url": card.apply_url,
        "letter_required": card.letter_required,
    })
}
