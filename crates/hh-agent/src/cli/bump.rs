//! `hh bump`: the active resume raised in hh.ru's search, or, when hh.ru refuses, when
//! and where to do it by hand.
//!
//! Publishing is the client's; which resume is active is the bot context's.

use chrono::Utc;
use serde_json::json;

use super::output::Answer;
use super::recommend::active;
use super::session::Session;
use super::words;
use crate::hh::types::parse_date;
use crate::hh::PublishOutcome;

/// Runs `hh bump`.
pub async fn bump(session: &Session) -> anyhow::Result<Answer> {
    let ctx = &session.ctx;
    let site = ctx.config.hh.oauth_base_url.trim_end_matches('/');
    let by_hand = format!("{site}/applicant/resumes");
    let active = active(session, None).await?;
    let (Some(resume_id), Some(resume)) = (active.resume_id.as_deref(), &active.candidate.resume)
    else {
        return Ok(Answer {
            text: format!("hh.ru не разрешает приложению поднимать резюме: поднимите его вручную на странице «Мои резюме»: {by_hand}\n"),
            json: json!({ "bumped": false, "by_hand": by_hand }),
            ok: false,
        });
    };
    let title = resume.title.as_deref().unwrap_or("без названия");
    let page = resume.alternate_url.clone().unwrap_or(by_hand);
    let next = resume
        .next_publish_at
        .as_deref()
        .and_then(parse_date)
        .map(|at| at.with_timezone(&Utc));
    match ctx.client.publish_resume(resume_id).await {
        Ok(PublishOutcome::Published) => Ok(Answer::ok(
            format!("Резюме «{title}» поднято в поиске.\n"),
            json!({ "bumped": true, "resume_id": resume_id }),
        )),
        Ok(PublishOutcome::TooEarly) => {
            let when = match next {
                Some(at) => format!("не раньше {} UTC", at.format("%Y-%m-%d %H:%M")),
                None => "позже: hh.ru разрешает поднимать резюме раз в четыре часа".to_owned(),
            };
            Ok(Answer {
                text: format!("Поднять резюме «{title}» пока нельзя: hh.ru разрешит {when}. Тогда повторите hh bump или нажмите «Поднять в поиске» на странице резюме: {page}\n"),
                json: json!({ "bumped": false, "resume_id": resume_id, "next_publish_at": next, "by_hand": page }),
                ok: false,
            })
        }
        Err(err) => Ok(Answer {
            text: format!(
                "Не удалось поднять резюме «{title}»: {}. Вручную — на странице резюме: {page}\n",
                words::hh_error(&err)
            ),
            json: json!({ "bumped": false, "resume_id": resume_id, "by_hand": page }),
            ok: false,
        }),
    }
}
