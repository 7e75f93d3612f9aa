//! The applicant's hidden vacancies and hidden employers (`/vacancies/blacklisted`,
//! `/employers/blacklisted`): list, add and remove, as `hhru/api : docs/blacklisted.md`
//! and the spec describe them, and [`Hidden`], which `search` uses to leave them out.
//!
//! Lists are per person, in the order things were added; nothing here renders a vacancy
//! or an employer (that is the dataset's).

use std::collections::{HashMap, HashSet};

use hyper::{Response, StatusCode};
use serde_json::{json, Value};

use super::search::relations_of;
use super::{api_base, applicant, page_params, Caller};
use crate::dataset::{render, Dataset, Vacancy};
use crate::http::{self, Body, Call};
use crate::Sandbox;

/// FACTS: each list has a maximum, past which adding is `400 …_blacklist/limit_exceeded`
/// and the list says `limit_reached: true` (docs/blacklisted.md, errors.md).
/// (assumed: 1000 items per list; hh.ru publishes no number.)
pub const DEFAULT_LIMIT: usize = 1000;

/// Which list a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Vacancies,
    Employers,
}

impl Kind {
    /// The `type` of this list's errors.
    fn error_type(self) -> &'static str {
        match self {
            Kind::Vacancies => "vacancies_blacklist",
            Kind::Employers => "employers_blacklist",
        }
    }

    /// Whether `id` names a vacancy or an employer of the dataset.
    fn exists(self, dataset: &Dataset, id: &str) -> bool {
        match self {
            Kind::Vacancies => dataset.vacancy(id).is_some(),
            Kind::Employers => dataset.employer(id).is_some(),
        }
    }
}

/// Every person's two lists.
#[derive(Debug)]
pub(crate) struct Lists {
    vacancies: HashMap<usize, Vec<String>>,
    employers: HashMap<usize, Vec<String>>,
    /// The most items one list may hold.
    pub limit: usize,
}

impl Default for Lists {
    fn default() -> Lists {
        Lists {
            vacancies: HashMap::new(),
            employers: HashMap::new(),
            limit: DEFAULT_LIMIT,
        }
    }
}

impl Lists {
    fn list(&self, kind: Kind, person: usize) -> &[String] {
        let lists = match kind {
            Kind::Vacancies => &self.vacancies,
            Kind::Employers => &self.employers,
        };
        lists.get(&person).map_or(&[], Vec::as_slice)
    }

    fn list_mut(&mut self, kind: Kind, person: usize) -> &mut Vec<String> {
        let lists = match kind {
            Kind::Vacancies => &mut self.vacancies,
            Kind::Employers => &mut self.employers,
        };
        lists.entry(person).or_default()
    }
}

/// What a caller has hidden: nothing unless the caller is an applicant.
#[derive(Debug, Default)]
pub(super) struct Hidden {
    pub vacancies: HashSet<String>,
    pub employers: HashSet<String>,
}

impl Hidden {
    /// The caller's lists, as they stand now.
    pub(super) fn of(sandbox: &Sandbox, caller: Caller) -> Hidden {
        let Caller::User(person) = caller else {
            return Hidden::default();
        };
        let state = sandbox.state();
        let lists = &state.api.blacklists;
        let set = |kind| lists.list(kind, person).iter().cloned().collect();
        Hidden {
            vacancies: set(Kind::Vacancies),
            employers: set(Kind::Employers),
        }
    }

    /// FACTS: "для соискателей вакансии фильтруются по списку скрытых вакансий и списку
    /// скрытых компаний" (spec get-vacancies; docs/blacklisted.md).
    pub(super) fn hides(&self, vacancy: &Vacancy) -> bool {
        self.vacancies.contains(&vacancy.id) || self.employers.contains(&vacancy.employer_id)
    }
}

/// `GET /vacancies/blacklisted` and `GET /employers/blacklisted`: one page of the list
/// (`page`, `per_page` default 20) with `limit_reached`.
pub(super) fn list(sandbox: &Sandbox, call: &Call, kind: Kind) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let (page, per_page) = match page_params(call, 20, 100) {
        Ok(paging) => paging,
        Err(refusal) => return *refusal,
    };
    let (ids, limit_reached) = {
        let state = sandbox.state();
        let lists = &state.api.blacklists;
        let ids = lists.list(kind, person).to_vec();
        let reached = ids.len() >= lists.limit;
        (ids, reached)
    };
    let catalog = sandbox.catalog();
    let dataset = &catalog.dataset;
    let base = api_base(call);
    let relations = relations_of(sandbox, Caller::User(person));
    let shown = ids
        .iter()
        .skip((page * per_page) as usize)
        .take(per_page as usize);
    let items: Vec<Value> = match kind {
        Kind::Vacancies => shown
            .filter_map(|id| dataset.vacancy(id))
            .map(|vacancy| {
                let mut item =
                    render::vacancy_item(dataset, vacancy, &relations.of(&vacancy.id), &base);
                // The list's items require a string here (VacanciesVacanciesBlacklistedItem).
                item["adv_response_url"] = json!(format!(
                    "{base}/vacancies/{}/adv_response?host=hh.ru",
                    vacancy.id
                ));
                item
            })
            .collect(),
        Kind::Employers => shown
            .filter_map(|id| dataset.employer(id))
            .map(|employer| {
                let open = dataset.open_vacancies(&employer.id);
                render::employer_item(employer, open, &base)
            })
            .collect(),
    };
    let found = ids.len() as u32;
    http::json(
        StatusCode::OK,
        &json!({
            "items": items, "found": found, "pages": found.div_ceil(per_page),
            "page": page, "per_page": per_page, "limit_reached": limit_reached,
        }),
    )
}

/// `PUT /…/blacklisted/{id}`: 204 whether or not it was listed already (idempotent);
/// 404 for an unknown id; 400 `limit_exceeded` on a full list.
pub(super) fn add(sandbox: &Sandbox, call: &Call, kind: Kind, id: &str) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    if !kind.exists(&sandbox.catalog().dataset, id) {
        return http::error(StatusCode::NOT_FOUND, kind.error_type(), Some("not_found"));
    }
    let mut state = sandbox.state();
    let limit = state.api.blacklists.limit;
    let list = state.api.blacklists.list_mut(kind, person);
    if list.iter().any(|listed| listed == id) {
        return http::empty(StatusCode::NO_CONTENT);
    }
    if list.len() >= limit {
        return http::error(
            StatusCode::BAD_REQUEST,
            kind.error_type(),
            Some("limit_exceeded"),
        );
    }
    list.push(id.to_owned());
    http::empty(StatusCode::NO_CONTENT)
}

/// `DELETE /…/blacklisted/{id}`: 204 whether or not it was listed (idempotent); 404 for
/// an unknown id.
pub(super) fn remove(sandbox: &Sandbox, call: &Call, kind: Kind, id: &str) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    if !kind.exists(&sandbox.catalog().dataset, id) {
        return http::error(StatusCode::NOT_FOUND, kind.error_type(), Some("not_found"));
    }
    let mut state = sandbox.state();
    state
        .api
        .blacklists
        .list_mut(kind, person)
        .retain(|listed| listed != id);
    http::empty(StatusCode::NO_CONTENT)
}
