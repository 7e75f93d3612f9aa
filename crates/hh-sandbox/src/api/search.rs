//! `GET /vacancies`: the filters of FACTS.md §8, ordering, paging with hh.ru's depth and
//! `per_page` errors, an applicant's hidden vacancies left out; the same filters, order and
//! list answer serve `similar`'s recommendations and saved searches' counts.
//!
//! [`Catalog`] holds the dataset with lowercase search texts built once; rendering the
//! items is the dataset's job.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

use super::blacklists::Hidden;
use super::filters::Params;
use super::{api_base, reader, Caller};
use crate::dataset::{plain_text, render, Dataset};
use crate::http::{self, Body, Call};
use crate::Sandbox;

/// The most items hh.ru lists for one query (FACTS.md §8: `per_page * (page + 1) <= 2000`).
pub const MAX_DEPTH: u32 = 2000;
/// hh.ru's largest page.
pub const MAX_PER_PAGE: u32 = 100;

/// The dataset plus what searching it needs.
pub struct Catalog {
    /// The seeded data.
    pub dataset: Dataset,
    pub(super) texts: Vec<Texts>,
}

/// Lowercase texts of one vacancy.
pub(super) struct Texts {
    pub(super) name: String,
    pub(super) company: String,
    pub(super) description: String,
    pub(super) skills: Vec<String>,
}

impl Catalog {
    /// Indexes `dataset` for search.
    pub fn new(dataset: Dataset) -> Catalog {
        let texts = dataset
            .vacancies
            .iter()
            .map(|vacancy| Texts {
                name: vacancy.name.to_lowercase(),
                company: dataset
                    .employer(&vacancy.employer_id)
                    .map(|employer| employer.name.to_lowercase())
                    .unwrap_or_default(),
                description: plain_text(&vacancy.description).to_lowercase(),
                skills: vacancy
                    .key_skills
                    .iter()
                    .map(|skill| skill.to_lowercase())
                    .collect(),
            })
            .collect();
        Catalog { dataset, texts }
    }
}

/// `GET /vacancies`: a bad token is refused; an applicant's hidden vacancies and
/// employers are left out.
pub(super) fn vacancies(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let caller = match reader(sandbox, call) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let params = match Params::parse(&call.query, sandbox.now()) {
        Ok(params) => params,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let hidden = Hidden::of(sandbox, caller);
    let mut hits: Vec<(u32, usize)> = (0..catalog.dataset.vacancies.len())
        .filter(|&index| !hidden.hides(&catalog.dataset.vacancies[index]))
        .filter_map(|index| params.score(&catalog, index).map(|score| (score, index)))
        .collect();
    let order = params.order_by.clone().unwrap_or_else(|| {
        if params.query.is_empty() {
            "publication_time".to_owned()
        } else {
            "relevance".to_owned()
        }
    });
    sort(&catalog.dataset, &mut hits, &order);
    page_answer(sandbox, call, caller, &catalog, &hits, &params)
}

/// How many open vacancies `filters` find (published since `since`, when given); for
/// saved searches.
pub(super) fn count(
    sandbox: &Sandbox,
    filters: &[(String, String)],
    since: Option<DateTime<Utc>>,
) -> usize {
    let Ok(mut params) = Params::parse(filters, sandbox.now()) else {
        return 0;
    };
    if let Some(since) = since {
        params.since = Some(params.since.map_or(since, |own| own.max(since)));
    }
    let catalog = sandbox.catalog();
    (0..catalog.dataset.vacancies.len())
        .filter(|&index| params.score(&catalog, index).is_some())
        .count()
}

/// Sorts hits (score, index) by `order`.
pub(super) fn sort(dataset: &Dataset, hits: &mut [(u32, usize)], order: &str) {
    let vacancy = |index: usize| &dataset.vacancies[index];
    let rur = |index: usize, high: bool| -> Option<f64> {
        let salary = vacancy(index).salary.as_ref()?;
        let amount = if high {
            salary.to.or(salary.from)
        } else {
            salary.from.or(salary.to)
        }?;
        let rate = dataset
            .currency_rate(salary.currency)
            .filter(|r| *r > 0.0)?;
        Some(amount as f64 / rate)
    };
    match order {
        "salary_desc" => hits.sort_by(|a, b| {
            let (x, y) = (rur(a.1, true), rur(b.1, true));
            y.unwrap_or(-1.0).total_cmp(&x.unwrap_or(-1.0))
        }),
        "salary_asc" => hits.sort_by(|a, b| {
            let (x, y) = (rur(a.1, false), rur(b.1, false));
            x.unwrap_or(f64::MAX).total_cmp(&y.unwrap_or(f64::MAX))
        }),
        "relevance" => hits.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(vacancy(b.1).published_at.cmp(&vacancy(a.1).published_at))
        }),
        _ => hits.sort_by(|a, b| {
            vacancy(b.1)
                .published_at
                .cmp(&vacancy(a.1).published_at)
                .then(vacancy(a.1).id.cmp(&vacancy(b.1).id))
        }),
    }
}

/// One page of hits as hh.ru's list answer.
pub(super) fn page_answer(
    sandbox: &Sandbox,
    call: &Call,
    caller: Caller,
    catalog: &Catalog,
    hits: &[(u32, usize)],
    params: &Params,
) -> Response<Body> {
    let relations = relations_of(sandbox, caller);
    let base = api_base(call);
    let start = (params.page * params.per_page) as usize;
    let items: Vec<Value> = hits
        .iter()
        .skip(start)
        .take(params.per_page as usize)
        .map(|&(_, index)| {
            let vacancy = &catalog.dataset.vacancies[index];
            render::vacancy_item(&catalog.dataset, vacancy, &relations.of(&vacancy.id), &base)
        })
        .collect();
    let found = hits.len() as u32;
    let reachable = found.min(MAX_DEPTH);
    let pages = reachable.div_ceil(params.per_page);
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            call.query
                .iter()
                .filter(|(k, _)| k != "page" && k != "per_page"),
        )
        .finish();
    http::json(
        StatusCode::OK,
        &json!({
            "items": items,
            "found": found,
            "pages": pages,
            "page": params.page,
            "per_page": params.per_page,
            "clusters": null,
            "arguments": null,
            "fixes": null,
            "suggests": null,
            "alternate_url": format!("https://hh.ru/search/vacancy?{query}"),
        }),
    )
}

/// A caller's ties to vacancies: those it applied to and those it hid.
pub(super) struct Relations {
    applied: HashSet<String>,
    hidden: HashSet<String>,
}

impl Relations {
    /// `relations` of one vacancy (`got_response`, `blacklisted`).
    pub(super) fn of(&self, vacancy_id: &str) -> Vec<&'static str> {
        let mut relations = Vec::new();
        if self.applied.contains(vacancy_id) {
            relations.push("got_response");
        }
        if self.hidden.contains(vacancy_id) {
            relations.push("blacklisted");
        }
        relations
    }
}

/// This caller's [`Relations`]; none unless it is an applicant.
pub(super) fn relations_of(sandbox: &Sandbox, caller: Caller) -> Relations {
    let hidden = Hidden::of(sandbox, caller).vacancies;
    let Caller::User(person) = caller else {
        return Relations {
            applied: HashSet::new(),
            hidden,
        };
    };
    let applied = sandbox
        .state()
        .api
        .negotiations
        .iter()
        .filter(|negotiation| negotiation.person == person)
        .map(|negotiation| negotiation.vacancy_id.clone())
        .collect();
    Relations { applied, hidden }
}
