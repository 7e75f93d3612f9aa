//! The second half of `hh demo`: with the token hh-callback wrote, what the agent does
//! every day — check what the token may do, read the resume, search as the plan says and
//! as hh.ru recommends, rank with reasons, draft a letter and apply to the best match.
//!
//! It talks to the sandbox only through `hh::Client`, as the bot will talk to hh.ru, and
//! applies through `applying`, the one path every application takes, with a ledger in the
//! demo's own directory.

use std::io::Write;

use anyhow::{bail, Context as _};

use crate::applying;
use crate::clock::Clock;
use crate::config::Config;
use crate::finder;
use crate::hh::{self, ApplyOutcome, Auth, Capability, NegotiationFilter, UserTokens};
use crate::ledger::Ledger;
use crate::letter::{russian_plural, Drafter, Letter, Templates, DEFAULT_MAX_CHARS};
use crate::matching::Candidate;
use crate::oauth;
use crate::rank::{Filters, Ranked, Rates};
use crate::refresh::Policy;
use crate::token_store::Store;

/// How many of the listed vacancies get a detail request and a score.
pub(super) const DETAILS: usize = 120;
/// How many ranked vacancies are shown.
const SHOWN: usize = 5;

/// Plays the job search, numbering steps from `first_step`.
pub(super) async fn play(
    config: &Config,
    clock: &Clock,
    first_step: u32,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut steps = Steps(first_step - 1);
    let tokens = UserTokens::new(
        Store::new(&config.token.path),
        oauth::Client::new(&config.hh)?,
        clock.clone(),
        Policy::default(),
    );
    let client = hh::Client::new(Auth::user(tokens), hh::Options::from_config(&config.hh))?;

    let name = match client.probe().await {
        Capability::Applicant { name, .. } => name,
        other => bail!("the demo token cannot use applicant methods: {other:?}"),
    };
    steps.say(out, format!("Проверка токена (GET /me, /resumes/mine): можно искать и откликаться от имени соискателя «{name}»"))?;

    let resumes = client.resumes_mine().await?;
    let first = resumes
        .items
        .iter()
        .find(|resume| resume.status.as_ref().is_some_and(|s| s.id == "published"))
        .context("the sandbox user has no published resume")?;
    let resume = client.resume(&first.id).await?;
    let rates = Rates::new(&client.dictionaries().await?.currency);
    let candidate = Candidate::from_resume(resume.clone(), None, &rates);
    steps.say(
        out,
        format!(
            "Резюме «{}»: {} ключевых навыков, опыт {} мес., {}",
            resume.title.as_deref().unwrap_or(""),
            resume.skill_set.len(),
            candidate.profile.experience_months.unwrap_or(0),
            candidate
                .profile
                .area_name
                .as_deref()
                .unwrap_or("город не указан"),
        ),
    )?;

    let filters = Filters::default();
    let request = finder::Request {
        candidate: &candidate,
        resume_id: Some(&resume.id),
        words: None,
        filters: &filters,
        rates: &rates,
        per_query: 100,
        details: DETAILS,
        describe: None,
    };
    let (plan, queries, outcome) = find(&client, &request).await?;
    steps.say(
        out,
        format!(
            "Поиск: рекомендации hh.ru для резюме и {} {} по плану ({}) — {} разных вакансий",
            plan.len(),
            russian_plural(plan.len() as u32, ["запрос", "запроса", "запросов"]),
            queries.join(", "),
            outcome.listed
        ),
    )?;
    steps.say(
        out,
        format!(
            "Оценено {} самых подходящих по списку вакансий (описание и ключевые навыки каждой); лучшие {SHOWN}:",
            outcome.checked
        ),
    )?;
    show(&outcome, out)?;

    let (vacancy, best, letter) = draft(&client, config, &candidate, &outcome).await?;
    let (vacancy, best) = (&vacancy, &best);
    steps.say(
        out,
        format!("Черновик письма к «{}» (шаблон, без сети):", vacancy.name),
    )?;
    quote(&letter.text, out)?;

    let mut ledger = Ledger::open(&config.bot.state_dir.join(crate::ledger::FILE_NAME))?;
    let request = applying::Request {
        vacancy,
        resume_id: &resume.id,
        letter: Some(&letter.text),
        score: Some(best.score),
        current_employer: candidate.profile.current_employer.as_deref(),
        daily_cap: applying::DEFAULT_DAILY_CAP,
    };
    match applying::apply(&client, &mut ledger, &request, clock.now()).await? {
        ApplyOutcome::Applied { negotiation_id } => steps.say(
            out,
            format!(
                "Отклик отправлен (POST /negotiations, ответ 201, отклик №{}) и записан в журнал откликов",
                negotiation_id.unwrap_or_default()
            ),
        )?,
        other => bail!("the demo apply did not go through: {other:?}"),
    }
    let window = chrono::Duration::hours(applying::WINDOW_HOURS);
    let used = ledger.count_since(clock.now() - window)?;
    match applying::apply(&client, &mut ledger, &request, clock.now()).await? {
        ApplyOutcome::AlreadyApplied => steps.say(
            out,
            format!(
                "Повторный отклик агент не отправляет: он уже в журнале (в 24 часа — {} из {}), а hh.ru ответил бы «already_applied»",
                used,
                applying::DEFAULT_DAILY_CAP
            ),
        )?,
        other => bail!("a repeated apply was not refused: {other:?}"),
    }
    let negotiations = client
        .negotiations(&NegotiationFilter::default(), 0, 20)
        .await?;
    steps.say(
        out,
        format!(
            "В списке откликов (GET /negotiations): {}; у вакансии теперь отметка «got_response»",
            negotiations.found
        ),
    )?;
    Ok(())
}

/// The search plan for `request`, its quoted queries, and what it finds.
pub(super) async fn find(
    client: &hh::Client,
    request: &finder::Request<'_>,
) -> anyhow::Result<(Vec<hh::Search>, Vec<String>, finder::Outcome)> {
    let plan = finder::searches(request);
    let outcome = finder::find(client, request, &|_| false, &mut |_, _| {}).await?;
    let queries = plan
        .iter()
        .filter_map(|search| search.text.clone())
        .map(|text| format!("«{text}»"))
        .collect();
    Ok((plan, queries, outcome))
}

/// Numbered narration: each `say` is the next step.
pub(super) struct Steps(pub(super) u32);

impl Steps {
    /// Writes `text` as the next step.
    pub(super) fn say(&mut self, out: &mut dyn Write, text: impl AsRef<str>) -> anyhow::Result<()> {
        self.0 += 1;
        writeln!(out, "{}. {}", self.0, text.as_ref())?;
        Ok(())
    }
}

/// The best `SHOWN` of `outcome`, each with its score and reasons.
pub(super) fn show(outcome: &finder::Outcome, out: &mut dyn Write) -> anyhow::Result<()> {
    for found in outcome.found.iter().take(SHOWN) {
        let vacancy = &found.vacancy;
        let employer = vacancy
            .employer
            .as_ref()
            .map(|e| e.name.as_str())
            .unwrap_or("");
        writeln!(
            out,
            "   {:>3}/100  {} — {employer}",
            found.ranked.score, vacancy.name
        )?;
        writeln!(out, "           {}", found.ranked.explanation.to_text())?;
    }
    Ok(())
}

/// The best match one can apply to (not on the employer's site, no test), read in full,
/// and a letter drafted for it from the template.
pub(super) async fn draft(
    client: &hh::Client,
    config: &Config,
    candidate: &Candidate,
    outcome: &finder::Outcome,
) -> anyhow::Result<(hh::types::Vacancy, Ranked, Letter)> {
    let best = outcome
        .found
        .iter()
        .find(|found| !found.vacancy.is_direct() && !found.vacancy.has_test)
        .context("nothing to apply to")?;
    // The letter quotes the description, which the ranking run does not keep.
    let vacancy = client.vacancy(&best.vacancy.id).await?;
    let drafter = Drafter::new(Templates::load(&config.letter)?, DEFAULT_MAX_CHARS, None);
    let letter = drafter.from_template(&candidate.letter_input(&vacancy, &best.ranked))?;
    Ok((vacancy, best.ranked.clone(), letter))
}

/// `text` indented as a quote.
pub(super) fn quote(text: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    for line in text.lines() {
        writeln!(out, "   | {line}")?;
    }
    Ok(())
}
