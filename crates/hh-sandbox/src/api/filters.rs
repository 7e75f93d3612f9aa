//! The filters of one search request (FACTS.md §8): parsing the query string with
//! hh.ru's refusals (`400 bad_argument`, the depth error) and deciding whether a vacancy
//! passes them, with its text relevance.
//!
//! Ordering, paging and the list answer are `search`'s.

use chrono::{DateTime, Duration, Utc};
use hyper::{Response, StatusCode};
use serde_json::json;

use super::search::{Catalog, MAX_DEPTH, MAX_PER_PAGE};
use super::text::Query;
use super::{bad_argument, Refusal};
use crate::dataset::{Dataset, Vacancy};
use crate::http::{self, Body};

const EXPERIENCE: [&str; 4] = ["noExperience", "between1And3", "between3And6", "moreThan6"];
const ORDERS: [&str; 5] = [
    "publication_time",
    "salary_desc",
    "salary_asc",
    "relevance",
    "distance",
];

/// The parsed filters of one search request.
pub(super) struct Params {
    pub(super) query: Query,
    pub(super) fields: Vec<String>,
    pub(super) areas: Vec<String>,
    pub(super) experience: Vec<String>,
    pub(super) employment_form: Vec<String>,
    pub(super) work_format: Vec<String>,
    pub(super) schedule: Vec<String>,
    pub(super) employment: Vec<String>,
    pub(super) professional_role: Vec<String>,
    pub(super) employer_id: Vec<String>,
    pub(super) excluded_employer_id: Vec<String>,
    pub(super) excluded_words: Vec<String>,
    pub(super) salary: Option<f64>,
    pub(super) currency: String,
    pub(super) only_with_salary: bool,
    pub(super) since: Option<DateTime<Utc>>,
    pub(super) until: Option<DateTime<Utc>>,
    pub(super) order_by: Option<String>,
    pub(super) page: u32,
    pub(super) per_page: u32,
}

impl Params {
    pub(super) fn parse(query: &[(String, String)], now: DateTime<Utc>) -> Result<Params, Refusal> {
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
    pub(super) fn score(&self, catalog: &Catalog, index: usize) -> Option<u32> {
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
