//! Finding the best vacancies for a candidate on hh.ru: which lists to ask for (hh.ru's
//! recommendations for the resume, the search plan, or the user's own words), which
//! vacancies deserve a detail request, and the final ranking of those details.
//!
//! Shared by the bot and `hh demo`. It reads only; what was already shown, hidden or
//! applied to is the caller's `skip`, and applying is [`crate::applying`]'s.

use std::collections::HashMap;

use crate::hh::types::Vacancy;
use crate::hh::{self, Search};
use crate::matching::Candidate;
use crate::rank::{self, merge_unique, FeaturesBuilder, Filters, Ranked, Rates, SearchPlan};

/// How many search items one query may list (hh.ru's depth is 2000).
pub const DEFAULT_PER_QUERY: u32 = 500;
/// After this many details in a row that hh.ru failed to give, the rest are not asked for.
pub const MAX_FAILURES_IN_A_ROW: usize = 5;

/// What to look for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Who is looking.
    pub candidate: &'a Candidate,
    /// The hh.ru resume whose recommendations (`similar_vacancies`) join the lists; `None`
    /// with a pasted resume or without applicant access.
    pub resume_id: Option<&'a str>,
    /// The user's own words (`/search`); `None` runs the search plan.
    pub words: Option<&'a str>,
    /// The user's hard filters.
    pub filters: &'a Filters,
    /// Currency rates for salaries.
    pub rates: &'a Rates,
    /// Search items per query.
    pub per_query: u32,
    /// The most vacancy details fetched and ranked.
    pub details: usize,
    /// Which matches keep their description (to write letters without fetching them
    /// again); `None` drops every description once its features are built.
    pub describe: Option<Describe>,
}

/// The best `best` matches that `eligible` accepts keep their description; the others
/// lose it as soon as their features are built, so at most `best` are held at a time.
#[derive(Debug, Clone, Copy)]
pub struct Describe {
    /// How many.
    pub best: usize,
    /// Which matches may be among them.
    pub eligible: fn(&Vacancy) -> bool,
}

/// One match: the vacancy as `GET /vacancies/{id}` returned it, and its ranking.
#[derive(Debug, Clone)]
pub struct Found {
    /// The detail (with `relations` and key skills); its description only when
    /// [`Request::describe`] kept it.
    pub vacancy: Vacancy,
    /// The score and the reasons.
    pub ranked: Ranked,
}

/// What a run found, best first; excluded vacancies are left out.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The matches, best first.
    pub found: Vec<Found>,
    /// Distinct vacancies the lists named (before `skip`).
    pub listed: usize,
    /// Details fetched and ranked.
    pub checked: usize,
    /// Details that were gone by the time they were asked for.
    pub vanished: usize,
    /// Details hh.ru failed to give (a 5xx that outlived the retries, a dropped
    /// connection, unreadable JSON), or not asked for after too many such failures in a
    /// row: skipped, not ranked.
    pub unchecked: usize,
}

/// The searches a request sends: the user's words, or the plan for the profile.
pub fn searches(request: &Request<'_>) -> Vec<Search> {
    let profile = &request.candidate.profile;
    match request.words {
        Some(words) => vec![SearchPlan::for_words(profile, request.filters, words)],
        None => SearchPlan::from_profile(profile, request.filters),
    }
}

/// Lists, pre-ranks by the search items, fetches the details of the most promising ones
/// not `skip`ped, and ranks them. `progress(done, total)` follows the detail requests. A
/// detail hh.ru fails to give is skipped and counted ([`Outcome::unchecked`]).
pub async fn find(
    client: &hh::Client,
    request: &Request<'_>,
    skip: &(dyn Fn(&str) -> bool + Sync),
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Outcome, hh::Error> {
    let mut lists = Vec::new();
    if let (Some(resume_id), None) = (request.resume_id, request.words) {
        lists.push(
            client
                .search_all(Some(resume_id), &Search::default(), request.per_query)
                .await?,
        );
    }
    for search in searches(request) {
        lists.push(client.search_all(None, &search, request.per_query).await?);
    }
    let listed = merge_unique(lists);
    let total_listed = listed.len();
    let fresh: Vec<Vacancy> = listed
        .into_iter()
        .filter(|vacancy| !skip(&vacancy.id))
        .collect();
    // Search items carry a title, a salary and two snippet lines: enough to choose which
    // details are worth a request.
    let preliminary = rank::rank_vacancies(
        &request.candidate.profile,
        &fresh,
        request.rates,
        &without_score_floor(request.filters),
        request.details,
        rank::ExcludedItems::Drop,
    );
    let total = preliminary.len();
    // Features are built as details arrive and descriptions dropped at once: a run over
    // 2,000 details holds their features, not their HTML.
    let mut builder = FeaturesBuilder::new(request.rates);
    let mut features = Vec::with_capacity(total);
    let mut details = Vec::with_capacity(total);
    let mut kept = Kept::new(request.describe);
    let (mut vanished, mut unchecked, mut failures_in_a_row) = (0, 0, 0);
    progress(0, total);
    for (done, item) in preliminary.iter().enumerate() {
        match client.vacancy(&item.id).await {
            Ok(mut vacancy) => {
                failures_in_a_row = 0;
                let built = builder.build(&vacancy);
                kept.offer(&mut vacancy, &built, request);
                features.push(built);
                details.push(vacancy);
            }
            Err(hh::Error::NotFound) => vanished += 1,
            // One vacancy hh.ru cannot give does not end the run; many in a row mean
            // hh.ru is down, and the run stops with what it has (or the error, if nothing).
            Err(err) if fails_one_vacancy(&err) => {
                unchecked += 1;
                failures_in_a_row += 1;
                if failures_in_a_row >= MAX_FAILURES_IN_A_ROW {
                    if details.is_empty() {
                        return Err(err);
                    }
                    unchecked += total - done - 1;
                    break;
                }
            }
            Err(err) => return Err(err),
        }
        progress(done + 1, total);
    }
    let checked = details.len();
    let ranked = rank::rank_all(
        &request.candidate.profile,
        &features,
        request.filters,
        checked,
        rank::ExcludedItems::Drop,
    );
    drop(features);
    let mut by_id: HashMap<String, Vacancy> = details
        .into_iter()
        .map(|vacancy| (vacancy.id.clone(), vacancy))
        .collect();
    let found = ranked
        .into_iter()
        .filter_map(|ranked| {
            let mut vacancy = by_id.remove(&ranked.id)?;
            vacancy.description = kept.take(&ranked.id);
            Some(Found { vacancy, ranked })
        })
        .collect();
    Ok(Outcome {
        found,
        listed: total_listed,
        checked,
        vanished,
        unchecked,
    })
}

/// Whether `err` concerns the one vacancy asked for, so the others may still be asked:
/// not a refusal of the token, the app or the pace, which would meet every request.
fn fails_one_vacancy(err: &hh::Error) -> bool {
    matches!(
        err,
        hh::Error::Server { .. }
            | hh::Error::Network(_)
            | hh::Error::Uncertain(_)
            | hh::Error::InvalidJson { .. }
            | hh::Error::Rejected { .. }
            | hh::Error::BadArgument { .. }
    )
}

/// The filters for the pre-ranking: the score floor waits for the details.
fn without_score_floor(filters: &Filters) -> Filters {
    Filters {
        min_score: 0,
        ..filters.clone()
    }
}

/// The descriptions [`Request::describe`] asks to keep: the best so far, in the ranking's
/// own order (score, then ascending id), at most `best` at a time.
struct Kept {
    describe: Option<Describe>,
    /// `(order, id, description)`, best first.
    best: Vec<(Order, String, String)>,
}

/// Where a match ranks: a higher score first, then numeric ids in ascending order, then
/// other ids, as [`rank::rank_all`] orders them.
type Order = (std::cmp::Reverse<u8>, bool, u64, String);

impl Kept {
    fn new(describe: Option<Describe>) -> Kept {
        Kept {
            describe,
            best: Vec::new(),
        }
    }

    /// Takes `vacancy`'s description; keeps it if the vacancy is among the best eligible
    /// matches so far, dropping the one it pushes out.
    fn offer(&mut self, vacancy: &mut Vacancy, features: &rank::Features, request: &Request<'_>) {
        let description = vacancy.description.take();
        let (Some(describe), Some(description)) = (self.describe, description) else {
            return;
        };
        if describe.best == 0 || !(describe.eligible)(vacancy) {
            return;
        }
        let ranked = rank::score(&request.candidate.profile, features, request.filters);
        if ranked.excluded.is_some() {
            return;
        }
        let numeric = vacancy.id.parse::<u64>().ok();
        let order = (
            std::cmp::Reverse(ranked.score),
            numeric.is_none(),
            numeric.unwrap_or(0),
            vacancy.id.clone(),
        );
        let at = self.best.partition_point(|(kept, _, _)| *kept < order);
        if at < describe.best {
            self.best
                .insert(at, (order, vacancy.id.clone(), description));
            self.best.truncate(describe.best);
        }
    }

    /// The description kept for `id`, if any.
    fn take(&mut self, id: &str) -> Option<String> {
        let at = self.best.iter().position(|(_, kept, _)| kept == id)?;
        Some(self.best.remove(at).2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vacancy(id: &str, name: &str) -> Vacancy {
        Vacancy {
            id: id.into(),
            name: name.into(),
            description: Some(format!("<p>{name}: Rust, PostgreSQL, Kafka.</p>")),
            ..Vacancy::default()
        }
    }

    #[test]
    fn the_best_eligible_matches_keep_their_descriptions_in_ranking_order() {
        let rates = Rates::default();
        let candidate = Candidate::from_text(
            "Backend-разработчик Rust\nОпыт работы 6 лет.\nНавыки: Rust, PostgreSQL, Kafka.",
            &rates,
        );
        let filters = Filters::default();
        let request = Request {
            candidate: &candidate,
            resume_id: None,
            words: None,
            filters: &filters,
            rates: &rates,
            per_query: 100,
            details: 10,
            describe: Some(Describe {
                best: 2,
                eligible: |vacancy| vacancy.id != "5",
            }),
        };
        let mut builder = FeaturesBuilder::new(&rates);
        let mut kept = Kept::new(request.describe);
        // Equal scores: the lowest ids win; "5" is not eligible; "x" is not numeric.
        for id in ["9", "x", "5", "7", "12", "3"] {
            let mut offered = vacancy(id, "Rust-разработчик");
            let features = builder.build(&offered);
            kept.offer(&mut offered, &features, &request);
            assert!(offered.description.is_none(), "{id} kept its description");
        }
        assert!(kept.take("5").is_none());
        assert!(kept.take("9").is_none());
        assert!(kept.take("x").is_none());
        assert!(kept.take("3").is_some());
        assert!(kept.take("7").is_some());
        // A better match pushes out a worse one, whatever its id.
        let mut kept = Kept::new(request.describe);
        for (id, name) in [
            ("1", "Бухгалтер"),
            ("2", "Кладовщик"),
            ("50", "Rust-разработчик"),
        ] {
            let mut offered = vacancy(id, name);
            let features = builder.build(&offered);
            kept.offer(&mut offered, &features, &request);
        }
        assert!(kept.take("50").is_some());
        // Nothing kept without `describe`.
        let mut none = Kept::new(None);
        let mut offered = vacancy("1", "Rust-разработчик");
        let features = builder.build(&offered);
        none.offer(&mut offered, &features, &request);
        assert!(none.take("1").is_none());
    }
}
