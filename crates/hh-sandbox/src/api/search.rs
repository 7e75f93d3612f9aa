//! `GET /vacancies` and `GET /resumes/{id}/similar_vacancies`: the filters of FACTS.md §8,
//! ordering, paging with hh.ru's depth and `per_page` errors, and a plausible (slightly
//! noisy, like hh.ru's) similar-vacancies order for a resume.
//!
//! [`Catalog`] holds the dataset with lowercase search texts built once; rendering the
//! items is the dataset's job.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

use super::blacklists::Hidden;
use super::text::Query;
use super::{api_base, applicant, bad_argument, caller, not_found, Caller, Refusal};
use crate::dataset::{plain_text, render, Dataset, Vacancy};
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
    texts: Vec<Texts>,
}

/// Lowercase texts of one vacancy.
struct Texts {
    name: String,
    company: String,
    description: String,
    skills: Vec<String>,
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

const EXPERIENCE: [&str; 4] = ["noExperience", "between1And3", "between3And6", "moreThan6"];
const ORDERS: [&str; 5] = [
    "publication_time",
    "salary_desc",
    "salary_asc",
    "relevance",
    "distance",
];

/// The parsed filters of one search request.
struct Params {
    query: Query,
    fields: Vec<String>,
    areas: Vec<String>,
    experience: Vec<String>,
    employment_form: Vec<String>,
    work_format: Vec<String>,
    schedule: Vec<String>,
    employment: Vec<String>,
    professional_role: Vec<String>,
    employer_id: Vec<String>,
    excluded_employer_id: Vec<String>,
    excluded_words: Vec<String>,
    salary: Option<f64>,
    currency: String,
    only_with_salary: bool,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    order_by: Option<String>,
    page: u32,
    per_page: u32,
}

/// `GET /vacancies`: a bad token is refused; an applicant's hidden vacancies and
/// employers are left out.
pub(super) fn vacancies(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let caller = match caller(sandbox, call) {
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

/// `GET /resumes/{id}/similar_vacancies`: only the resume's author.
pub(super) fn similar(sandbox: &Sandbox, call: &Call, resume_id: &str) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(resume) = catalog
        .dataset
        .people
        .get(person)
        .and_then(|owner| owner.resumes.iter().find(|resume| resume.id == resume_id))
    else {
        return not_found();
    };
    let params = match Params::parse(&call.query, sandbox.now()) {
        Ok(params) => params,
        Err(refusal) => return *refusal,
    };
    let mut hits: Vec<(u32, usize)> = similar_scores(&catalog, resume)
        .into_iter()
        .filter(|&(_, index)| params.score(&catalog, index).is_some())
        .collect();
    match params.order_by.as_deref() {
        Some(order) if order != "relevance" => sort(&catalog.dataset, &mut hits, order),
        _ => sort(&catalog.dataset, &mut hits, "relevance"),
    }
    page_answer(
        sandbox,
        call,
        Caller::User(person),
        &catalog,
        &hits,
        &params,
    )
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

/// How many vacancies `similar_vacancies` finds for a resume (for `/resumes/mine`).
pub(super) fn similar_count(catalog: &Catalog, resume: &crate::dataset::Resume) -> usize {
    similar_scores(catalog, resume).len()
}

/// hh.ru-style recommendations: shared key skills, the same or a neighbouring profession,
/// the same city; plus a little noise from unrelated professions, as users see on hh.ru.
fn similar_scores(catalog: &Catalog, resume: &crate::dataset::Resume) -> Vec<(u32, usize)> {
    let skills: HashSet<String> = resume.skill_set.iter().map(|s| s.to_lowercase()).collect();
    let family = |profession: &str| {
        profession
            .split('_')
            .next()
            .unwrap_or(profession)
            .to_owned()
    };
    let resume_family = family(resume.profession);
    catalog
        .dataset
        .vacancies
        .iter()
        .enumerate()
        .filter(|(_, vacancy)| !vacancy.archived)
        .filter_map(|(index, vacancy)| {
            let shared = catalog.texts[index]
                .skills
                .iter()
                .filter(|skill| skills.contains(*skill))
                .count() as u32;
            let mut score = shared * 3;
            if vacancy.profession == resume.profession {
                score += 4;
            } else if family(vacancy.profession) == resume_family {
                score += 2;
            }
            if vacancy.area_id == resume.area_id {
                score += 1;
            }
            let noise = fnv(&resume.id, &vacancy.id) % 100;
            if score >= 4 {
                Some((score + (noise % 3) as u32, index))
            } else if noise < 4 {
                Some((4 + (noise % 5) as u32, index))
            } else {
                None
            }
        })
        .collect()
}

/// A stable hash for the deterministic noise.
fn fnv(a: &str, b: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in a.bytes().chain([0]).chain(b.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl Params {
    fn parse(query: &[(String, String)], now: DateTime<Utc>) -> Result<Params, Refusal> {
        // FACTS: unknown parameters are ignored (§8). (assumed: an empty value is no value,
        // for every filter alike: `order_by=` orders as if it were absent.)
        let first = |key: &str| {
            query
                .iter()
                .find(|(k, v)| k == key && !v.is_empty())
                .map(|(_, v)| v.as_str())
        };
        let all = |key: &str| -> Vec<String> {
            query
                .iter()
                .filter(|(k, _)| k == key)
                .flat_map(|(_, v)| v.split(','))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect()
        };
        let number = |key: &str, default: u32| -> Result<u32, Refusal> {
            match first(key) {
                None => Ok(default),
                Some(value) => value.parse().map_err(|_| Box::new(bad_argument(key))),
            }
        };
        let page = number("page", 0)?;
        let per_page = number("per_page", 10)?;
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(Box::new(bad_argument("per_page")));
        }
        if u64::from(page + 1) * u64::from(per_page) > u64::from(MAX_DEPTH) {
            return Err(Box::new(depth_error()));
        }
        let experience = all("experience");
        if experience.iter().any(|e| !EXPERIENCE.contains(&e.as_str())) {
            return Err(Box::new(bad_argument("experience")));
        }
        let order_by = first("order_by").map(str::to_owned);
        if let Some(order) = &order_by {
            if !ORDERS.contains(&order.as_str()) {
                return Err(Box::new(bad_argument("order_by")));
            }
            if order == "distance"
                && (first("sort_point_lat").is_none() || first("sort_point_lng").is_none())
            {
                return Err(Box::new(bad_argument("sort_point_lat")));
            }
        }
        let salary = match first("salary") {
            None => None,
            Some(value) => Some(
                value
                    .parse::<f64>()
                    .map_err(|_| Box::new(bad_argument("salary")))?,
            ),
        };
        let period = match first("period") {
            None => None,
            Some(value) => Some(
                value
                    .parse::<i64>()
                    .map_err(|_| Box::new(bad_argument("period")))?,
            ),
        };
        let date = |key: &str| -> Result<Option<DateTime<Utc>>, Refusal> {
            match first(key) {
                None => Ok(None),
                Some(value) => parse_date(value)
                    .map(Some)
                    .ok_or_else(|| Box::new(bad_argument(key))),
            }
        };
        let (date_from, date_to) = (date("date_from")?, date("date_to")?);
        if period.is_some() && (date_from.is_some() || date_to.is_some()) {
            return Err(Box::new(bad_argument("period")));
        }
        // FACTS: `currency` takes a code of the `currency` dictionary (§8, §16); an unknown
        // one is hh.ru's `400 bad_argument currency` (§7), never a silent empty match.
        // (assumed: it is checked even without `salary`.)
        let currency = first("currency").unwrap_or("RUR");
        if crate::dataset::currency_rate(currency).is_none() {
            return Err(Box::new(bad_argument("currency")));
        }
        let since = period.map(|days| now - Duration::days(days)).or(date_from);
        Ok(Params {
            query: Query::parse(first("text").unwrap_or("")),
            fields: all("search_field"),
            areas: all("area"),
            experience,
            employment_form: all("employment_form"),
            work_format: all("work_format"),
            schedule: all("schedule"),
            employment: all("employment"),
            professional_role: all("professional_role"),
            employer_id: all("employer_id"),
            excluded_employer_id: all("excluded_employer_id"),
            excluded_words: all("excluded_text")
                .into_iter()
                .map(|word| word.to_lowercase())
                .collect(),
            salary,
            currency: currency.to_owned(),
            only_with_salary: first("only_with_salary") == Some("true"),
            since,
            until: date_to,
            order_by,
            page,
            per_page,
        })
    }

    /// The relevance of vacancy `index`, or `None` when a filter leaves it out.
    fn score(&self, catalog: &Catalog, index: usize) -> Option<u32> {
        let dataset = &catalog.dataset;
        let vacancy = &dataset.vacancies[index];
        let texts = &catalog.texts[index];
        let any =
            |wanted: &[String], value: &str| wanted.is_empty() || wanted.iter().any(|w| w == value);
        let keep = !vacancy.archived
            && (self.areas.is_empty()
                || self
                    .areas
                    .iter()
                    .any(|area| dataset.area_is_within(vacancy.area_id, area)))
            && any(&self.experience, vacancy.experience)
            && any(&self.employment_form, vacancy.employment_form)
            && (self.work_format.is_empty()
                || vacancy
                    .work_format
                    .iter()
                    .any(|format| any(&self.work_format, format)))
            && any(&self.schedule, vacancy.schedule())
            && (self.employment.is_empty() || any(&self.employment, vacancy.employment()))
            && any(&self.professional_role, vacancy.professional_role.0)
            && any(&self.employer_id, &vacancy.employer_id)
            && !self.excluded_employer_id.contains(&vacancy.employer_id)
            && self.since.is_none_or(|since| vacancy.published_at >= since)
            && self.until.is_none_or(|until| vacancy.published_at <= until)
            && self.salary_fits(dataset, vacancy)
            && !self.excluded_words.iter().any(|word| {
                texts.name.contains(word.as_str()) || texts.description.contains(word.as_str())
            });
        if !keep {
            return None;
        }
        if self.query.is_empty() {
            return Some(0);
        }
        let skills = texts.skills.join(" ");
        let field = |name: &str| self.fields.is_empty() || self.fields.iter().any(|f| f == name);
        let mut fields: Vec<(&str, u32)> = Vec::new();
        if field("name") {
            fields.push((&texts.name, 3));
        }
        if field("company_name") {
            fields.push((&texts.company, 2));
        }
        if field("description") {
            fields.push((&skills, 2));
            fields.push((&texts.description, 1));
        }
        self.query.score(&fields)
    }

    /// hh.ru's `salary` finds ranges around the amount (converted at the dictionary rates);
    /// vacancies without a salary stay unless `only_with_salary`.
    fn salary_fits(&self, dataset: &Dataset, vacancy: &Vacancy) -> bool {
        let Some(salary) = &vacancy.salary else {
            return !self.only_with_salary;
        };
        let Some(wanted) = self.salary else {
            return true;
        };
        let to_rur = |amount: u64, currency: &str| {
            dataset
                .currency_rate(currency)
                .filter(|rate| *rate > 0.0)
                .map(|rate| amount as f64 / rate)
        };
        let Some(wanted) = to_rur(wanted as u64, &self.currency) else {
            return false;
        };
        let from = salary.from.and_then(|from| to_rur(from, salary.currency));
        let to = salary.to.and_then(|to| to_rur(to, salary.currency));
        from.is_none_or(|from| from <= wanted * 1.1) && to.is_none_or(|to| to >= wanted * 0.9)
    }
}

/// Sorts hits (score, index) by `order`.
fn sort(dataset: &Dataset, hits: &mut [(u32, usize)], order: &str) {
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
fn page_answer(
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

/// hh.ru's 400 for a page past the 2000th item.
fn depth_error() -> Response<Body> {
    let text = "you can't look up more than 2000 items in the list";
    http::json(
        StatusCode::BAD_REQUEST,
        &json!({
            "errors": [{"type": "bad_argument", "value": "page"}, {"type": "bad_argument", "value": "per_page"}],
            "bad_arguments": [{"name": "page, per_page", "description": text}],
            "description": text,
            "bad_argument": "page, per_page",
            "request_id": http::request_id(),
        }),
    )
}

/// hh.ru's dates (`…+0300`) or RFC 3339, or a plain `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let zoned = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%z")
        .or_else(|_| DateTime::parse_from_rfc3339(text));
    if let Ok(date) = zoned {
        return Some(date.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|naive| naive.and_utc())
}
