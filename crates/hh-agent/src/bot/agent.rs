//! The bot's work with hh.ru: what the token may do, the active resume as a candidate,
//! finding matches, preparing one application (score and letter) and sending it through
//! [`crate::applying`].
//!
//! No Telegram here: handlers turn results and [`Problem`]s into messages. Reconciling
//! with `GET /negotiations` is `reconcile`'s.

use std::collections::HashSet;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use tracing::{info, warn};

pub use super::problem::{hh_message, Earlier, Problem};
use super::settings::{self, Settings};
use super::Context;
use crate::applying;
use crate::finder::{self, Outcome as Findings};
use crate::hh::types::{Resume, Vacancy};
use crate::hh::ApplyOutcome;
use crate::hh::{self, Capability};
use crate::ledger::Outcome;
use crate::letter::{self, Letter};
use crate::matching::Candidate;
use crate::rank::{self, FeaturesBuilder, Ranked, Rates};

/// The ledger setting with the active hh.ru resume id.
pub const ACTIVE_RESUME: &str = "active_resume";
/// How long a capability probe is trusted.
const CAPABILITY_TTL: StdDuration = StdDuration::from_secs(300);

/// The candidate a run works for.
#[derive(Debug, Clone)]
pub struct Active {
    /// Who is looking.
    pub candidate: Candidate,
    /// The hh.ru resume to apply with; `None` means link-only (pasted resume or no
    /// applicant access).
    pub resume_id: Option<String>,
}

impl Active {
    /// Whether applying goes through hh.ru's web page instead of the API.
    pub fn link_only(&self) -> bool {
        self.resume_id.is_none()
    }
}

/// One vacancy ready to apply to: the detail, its ranking and a letter.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The detail.
    pub vacancy: Vacancy,
    /// Its score against the active resume.
    pub ranked: Ranked,
    /// The drafted (or edited) letter.
    pub letter: Letter,
    /// Set when the LLM failed and the template wrote the letter.
    pub fallback: Option<String>,
    /// Whether applying is by link only.
    pub link_only: bool,
}

impl Context {
    /// The user's settings (defaults when none stored or unreadable).
    pub async fn settings(&self) -> Settings {
        match self.ledger.lock().await.setting::<Settings>(settings::KEY) {
            Ok(settings) => settings.unwrap_or_default(),
            Err(err) => {
                warn!(%err, "cannot read the bot settings, using defaults");
                Settings::default()
            }
        }
    }

    /// Stores the user's settings.
    pub async fn save_settings(&self, settings: &Settings) -> Result<(), Problem> {
        Ok(self
            .ledger
            .lock()
            .await
            .set_setting(settings::KEY, settings)?)
    }

    /// What the token may do, probed at most every five minutes (`fresh` probes now).
    pub async fn capability(&self, fresh: bool) -> Capability {
        if !fresh {
            if let Some((at, capability)) = &*self.capability.lock().await {
                if at.elapsed() < CAPABILITY_TTL {
                    return capability.clone();
                }
            }
        }
        let capability = self.client.probe().await;
        // A failed probe is not remembered: the next call tries again.
        if !matches!(capability, Capability::Nothing(_)) {
            *self.capability.lock().await = Some((Instant::now(), capability.clone()));
        }
        capability
    }

    /// Forgets the probe (after a new token, a logout, a refusal).
    pub async fn forget_capability(&self) {
        *self.capability.lock().await = None;
    }

    /// Currency rates from `/dictionaries`, fetched once; the built-in ones if hh.ru fails.
    pub async fn rates(&self) -> Rates {
        if let Some(rates) = &*self.rates.lock().await {
            return rates.clone();
        }
        match self.client.dictionaries().await {
            Ok(dictionaries) => {
                let rates = Rates::new(&dictionaries.currency);
                *self.rates.lock().await = Some(rates.clone());
                rates
            }
            Err(err) => {
                warn!(%err, "cannot read /dictionaries, using built-in currency rates");
                Rates::default()
            }
        }
    }

    /// The pasted resume, if any.
    pub async fn pasted_resume(&self) -> Result<Option<String>, Problem> {
        Ok(self
            .ledger
            .lock()
            .await
            .setting::<String>(super::PASTED_RESUME)?)
    }

    /// The user's hh.ru resumes (`GET /resumes/mine`).
    pub async fn resumes(&self) -> Result<Vec<Resume>, Problem> {
        Ok(self.client.resumes_mine().await?.items)
    }

    /// The resume the user chose with /hh_resumes, if any (unreadable counts as none).
    pub async fn chosen_resume(&self) -> Option<String> {
        match self.ledger.lock().await.setting(ACTIVE_RESUME) {
            Ok(chosen) => chosen,
            Err(err) => {
                warn!(%err, "cannot read the active resume");
                None
            }
        }
    }

    /// The active resume id: the chosen one, or the only one.
    async fn active_resume_id(&self) -> Result<Option<String>, Problem> {
        let chosen: Option<String> = self.ledger.lock().await.setting(ACTIVE_RESUME)?;
        if chosen.is_some() {
            return Ok(chosen);
        }
        let resumes = self.resumes().await?;
        let published: Vec<&Resume> = resumes
            .iter()
            .filter(|resume| resume.status.as_ref().is_some_and(|s| s.id == "published"))
            .collect();
        // The only resume, or the only published one, needs no choice.
        let only = match (resumes.as_slice(), published.as_slice()) {
            ([only], _) => Some(only),
            (_, [only]) => Some(*only),
            _ => None,
        };
        match (resumes.is_empty(), only) {
            (true, _) => Ok(None),
            (false, Some(only)) => {
                self.ledger
                    .lock()
                    .await
                    .set_setting(ACTIVE_RESUME, &only.id)?;
                Ok(Some(only.id.clone()))
            }
            (false, None) => Err(Problem::ChooseResume),
        }
    }

    /// The candidate for a run: the active hh.ru resume when applicant methods work,
    /// else the pasted text (link-only).
    pub async fn active(&self) -> Result<Active, Problem> {
        let rates = self.rates().await;
        let capability = self.capability(false).await;
        if let Capability::Nothing(err) = capability {
            // Say why (no token, an outage, a revoked token) rather than "no resume".
            return Err(err.into());
        }
        if let Capability::Applicant { name, .. } = &capability {
            match self.applicant_resume(name, &rates).await {
                Ok(Some(active)) => return Ok(active),
                Ok(None) => {}
                Err(Problem::ChooseResume) if self.pasted_resume().await?.is_some() => {}
                Err(Problem::Hh(hh::Error::Forbidden { .. })) => {
                    // hh.ru withdrew applicant access since the probe: link-only from now.
                    self.forget_capability().await;
                }
                Err(err) => return Err(err),
            }
        }
        match self.pasted_resume().await? {
            Some(text) => Ok(Active {
                candidate: self.kept_candidate(&text, &rates).await?,
                resume_id: None,
            }),
            None => Err(Problem::NoResume),
        }
    }

    /// The active hh.ru resume as a candidate; `None` without any resume.
    async fn applicant_resume(&self, name: &str, rates: &Rates) -> Result<Option<Active>, Problem> {
        let Some(resume_id) = self.active_resume_id().await? else {
            return Ok(None);
        };
        match self.client.resume(&resume_id).await {
            Ok(resume) => Ok(Some(Active {
                candidate: Candidate::from_resume(resume, Some(name.to_owned()), rates),
                resume_id: Some(resume_id),
            })),
            Err(hh::Error::NotFound) => {
                // Deleted on hh.ru: forget it, so the next run asks again.
                self.ledger.lock().await.remove_setting(ACTIVE_RESUME)?;
                Err(Problem::ChooseResume)
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Vacancies never to suggest again: hidden, applied (or decided) and, for digests,
    /// already shown.
    pub async fn passed_over(&self, include_shown: bool) -> Result<HashSet<String>, Problem> {
        Ok(self.ledger.lock().await.passed_over(include_shown)?)
    }

    /// Finds the best matches for `active` (the user's `words`, or the plan), skipping
    /// what [`Context::passed_over`] names, keeping the descriptions `describe` asks for;
    /// `progress(done, total)` follows details.
    pub async fn find(
        &self,
        active: &Active,
        words: Option<&str>,
        include_shown: bool,
        describe: Option<finder::Describe>,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Findings, Problem> {
        let settings = self.settings().await;
        let filters = settings.filters(&(&self.config.filters).into());
        let rates = self.rates().await;
        let skip = self.passed_over(include_shown).await?;
        let request = finder::Request {
            candidate: &active.candidate,
            resume_id: active.resume_id.as_deref(),
            words,
            filters: &filters,
            rates: &rates,
            // Enough items to choose the details from, within hh.ru's depth.
            per_query: u32::try_from(self.config.bot.recommend_details)
                .unwrap_or(u32::MAX)
                .clamp(finder::DEFAULT_PER_QUERY, hh::search::MAX_DEPTH),
            details: self.config.bot.recommend_details,
            describe,
        };
        let skip = |id: &str| skip.contains(id);
        let outcome = finder::find(&self.client, &request, &skip, progress).await;
        if let Err(hh::Error::Forbidden { .. }) = &outcome {
            self.forget_capability().await;
        }
        Ok(outcome?)
    }

    /// Fetches `vacancy_id`, scores it for the active resume and drafts a letter.
    /// An earlier application that forbids a new one is refused first, before any letter
    /// is drafted: from the ledger, then from the vacancy's `relations`.
    pub async fn prepare(&self, vacancy_id: &str) -> Result<Prepared, Problem> {
        self.refuse_earlier(vacancy_id).await?;
        let active = self.active().await?;
        let vacancy = self.client.vacancy(vacancy_id).await?;
        if applying::applied_on_hh(&vacancy) {
            return Err(Problem::Applied(Earlier::Sent));
        }
        self.draft(&active, &vacancy).await
    }

    /// `Err` with what the ledger knows of an earlier application to `vacancy_id` that
    /// forbids a new one.
    async fn refuse_earlier(&self, vacancy_id: &str) -> Result<(), Problem> {
        let earlier = self.ledger.lock().await.application(vacancy_id)?;
        let Some(outcome) = earlier
            .map(|application| application.outcome)
            .filter(|outcome| outcome.blocks_new_attempt())
        else {
            return Ok(());
        };
        Err(Problem::Applied(match outcome {
            Outcome::Sending | Outcome::Uncertain => Earlier::Unsure,
            Outcome::External => Earlier::EmployerSite,
            _ => Earlier::Sent,
        }))
    }

    /// Scores a fetched `vacancy` for `active` and drafts its letter.
    pub async fn draft(&self, active: &Active, vacancy: &Vacancy) -> Result<Prepared, Problem> {
        let (ranked, input) = self.letter_input(active, vacancy).await;
        let draft = self
            .drafter
            .draft_with_fallback(&input)
            .await
            .map_err(Problem::Letter)?;
        Ok(Prepared {
            link_only: active.link_only(),
            vacancy: vacancy.clone(),
            ranked,
            letter: draft.letter,
            fallback: draft.fallback_reason.map(|reason| reason.to_string()),
        })
    }

    /// The user's own letter for `vacancy_id`, checked like a draft.
    pub async fn edited_letter(&self, vacancy_id: &str, text: &str) -> Result<Letter, Problem> {
        let active = self.active().await?;
        let vacancy = self.client.vacancy(vacancy_id).await?;
        let (_, input) = self.letter_input(&active, &vacancy).await;
        self.drafter.edit(text, &input).map_err(Problem::Letter)
    }

    /// The score of `vacancy` for `active`, and what a letter for it needs.
    async fn letter_input(&self, active: &Active, vacancy: &Vacancy) -> (Ranked, letter::Input) {
        let ranked = self.score(active, vacancy).await;
        let input = active.candidate.letter_input(vacancy, &ranked);
        (ranked, input)
    }

    /// The score of `vacancy` for `active` under the user's filters.
    async fn score(&self, active: &Active, vacancy: &Vacancy) -> Ranked {
        let filters = self
            .settings()
            .await
            .filters(&(&self.config.filters).into());
        let features = FeaturesBuilder::new(&self.rates().await).build(vacancy);
        rank::score(&active.candidate.profile, &features, &filters)
    }

    /// Applies to `vacancy_id` with `letter` through the one apply path.
    pub async fn apply(
        &self,
        vacancy_id: &str,
        letter: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(Vacancy, ApplyOutcome), Problem> {
        self.refuse_earlier(vacancy_id).await?;
        let active = self.active().await?;
        let vacancy = self.client.vacancy(vacancy_id).await?;
        let attempt = self.apply_to(&active, &vacancy, letter, now).await?;
        Ok((vacancy, attempt))
    }

    /// Applies to `vacancy`, fetched in this run (its `relations` current), for `active`.
    pub async fn apply_to(
        &self,
        active: &Active,
        vacancy: &Vacancy,
        letter: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<ApplyOutcome, Problem> {
        let Some(resume_id) = active.resume_id.as_deref() else {
            return Err(Problem::Hh(hh::Error::Forbidden {
                summary: "no applicant access".to_owned(),
            }));
        };
        let ranked = self.score(active, vacancy).await;
        let settings = self.settings().await;
        let request = applying::Request {
            vacancy,
            resume_id,
            letter,
            score: Some(ranked.score),
            current_employer: active.candidate.profile.current_employer.as_deref(),
            daily_cap: settings.daily_cap,
        };
        // One application at a time, account-wide: the ledger lock spans the POST.
        let mut ledger = self.ledger.lock().await;
        let attempt = applying::apply(&self.client, &mut ledger, &request, now).await?;
        drop(ledger);
        info!(vacancy = %vacancy.id, outcome = %crate::ledger::Outcome::from(&attempt), "application attempt");
        if let ApplyOutcome::AuthFailed(_) = attempt {
            self.forget_capability().await;
        }
        Ok(attempt)
    }

    /// Records an application the user made on hh.ru's page (link-only mode).
    pub async fn record_manual(
        &self,
        vacancy_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, Problem> {
        Ok(self.ledger.lock().await.record_manual(vacancy_id, now)?)
    }

    /// Hides `vacancy_id` from suggestions.
    pub async fn hide(&self, vacancy_id: &str, now: DateTime<Utc>) -> Result<(), Problem> {
        Ok(self.ledger.lock().await.hide(vacancy_id, now)?)
    }
}
