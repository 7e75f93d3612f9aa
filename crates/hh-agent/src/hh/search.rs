//! Vacancy search filters as hh.ru takes them, and the paging rules (`per_page` ≤ 100,
//! `(page + 1) × per_page` ≤ 2000).
//!
//! It turns a [`Search`] into query pairs for one endpoint, sending only parameters that
//! endpoint declares (similar-vacancies lacks the newer filters, so the deprecated
//! `schedule`/`employment` stand in there). It does not send requests.

use super::Error;

/// The most items hh.ru lists for one query.
pub const MAX_DEPTH: u32 = 2000;
/// The largest page.
pub const MAX_PER_PAGE: u32 = 100;

/// Which search endpoint the query is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /vacancies`.
    Vacancies,
    /// `GET /resumes/{id}/similar_vacancies`.
    SimilarToResume,
    /// `POST /saved_searches/vacancies` (the filters plus `name`).
    SavedSearch,
}

/// Filters for `GET /vacancies` and friends; empty fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// hh.ru's query language.
    pub text: Option<String>,
    /// `name`, `company_name`, `description`.
    pub search_field: Vec<String>,
    /// Area ids.
    pub area: Vec<String>,
    /// `noExperience`, `between1And3`, `between3And6`, `moreThan6`.
    pub experience: Vec<String>,
    /// `FULL`, `PART`, `PROJECT`, `FLY_IN_FLY_OUT`, …
    pub employment_form: Vec<String>,
    /// `ON_SITE`, `REMOTE`, `HYBRID`, `FIELD_WORK`.
    pub work_format: Vec<String>,
    /// Professional role ids.
    pub professional_role: Vec<String>,
    /// Labels such as `with_address`, `accept_handicapped`.
    pub label: Vec<String>,
    /// Employers to leave out (similar-vacancies only).
    pub excluded_employer_id: Vec<String>,
    /// Words to exclude, comma-separated by hh.ru's rule.
    pub excluded_text: Option<String>,
    /// A salary to match ranges close to.
    pub salary: Option<u64>,
    /// The salary's currency (default `RUR`).
    pub currency: Option<String>,
    /// Only vacancies that state a salary.
    pub only_with_salary: bool,
    /// Published within this many days (not with `date_from`).
    pub period: Option<u32>,
    /// Published since (ISO 8601).
    pub date_from: Option<String>,
    /// Published until (ISO 8601).
    pub date_to: Option<String>,
    /// `publication_time`, `salary_desc`, `salary_asc`, `relevance`.
    pub order_by: Option<String>,
}

impl Search {
    /// Query pairs for `endpoint` and one page; refuses what hh.ru would refuse.
    pub fn query(
        &self,
        endpoint: Endpoint,
        page: u32,
        per_page: u32,
    ) -> Result<Vec<(String, String)>, Error> {
        check_page(page, per_page)?;
        if self.period.is_some() && (self.date_from.is_some() || self.date_to.is_some()) {
            return Err(Error::BadArgument {
                name: "period".to_owned(),
                reason: Some("period and date_from/date_to cannot be combined".to_owned()),
            });
        }
        let mut query = Vec::new();
        let mut push = |key: &str, value: &str| query.push((key.to_owned(), value.to_owned()));
        if let Some(text) = self.text.as_deref().filter(|text| !text.trim().is_empty()) {
            push("text", text);
        }
        self.search_field
            .iter()
            .for_each(|value| push("search_field", value));
        self.area.iter().for_each(|value| push("area", value));
        self.experience
            .iter()
            .for_each(|value| push("experience", value));
        if endpoint != Endpoint::Vacancies {
            // These endpoints predate employment_form and work_format: use the deprecated
            // filters with the same meaning.
            self.employment_form
                .iter()
                .filter_map(|form| employment_fallback(form))
                .for_each(|value| push("employment", value));
            self.work_format
                .iter()
                .filter_map(|format| schedule_fallback(format))
                .for_each(|value| push("schedule", value));
            if endpoint == Endpoint::SimilarToResume {
                self.excluded_employer_id
                    .iter()
                    .for_each(|value| push("excluded_employer_id", value));
            }
        } else {
            self.employment_form
                .iter()
                .for_each(|value| push("employment_form", value));
            self.work_format
                .iter()
                .for_each(|value| push("work_format", value));
            if let Some(excluded) = self
                .excluded_text
                .as_deref()
                .filter(|text| !text.is_empty())
            {
                push("excluded_text", excluded);
            }
        }
        self.professional_role
            .iter()
            .for_each(|value| push("professional_role", value));
        self.label.iter().for_each(|value| push("label", value));
        if let Some(salary) = self.salary {
            push("salary", &salary.to_string());
            push("currency", self.currency.as_deref().unwrap_or("RUR"));
        }
        if self.only_with_salary {
            push("only_with_salary", "true");
        }
        if let Some(period) = self.period {
            push("period", &period.to_string());
        }
        if let Some(date_from) = &self.date_from {
            push("date_from", date_from);
        }
        if let Some(date_to) = &self.date_to {
            push("date_to", date_to);
        }
        if let Some(order_by) = &self.order_by {
            push("order_by", order_by);
        }
        if endpoint != Endpoint::SavedSearch {
            push("page", &page.to_string());
            push("per_page", &per_page.to_string());
        }
        Ok(query)
    }
}

/// Refuses a page hh.ru would answer with 400.
pub fn check_page(page: u32, per_page: u32) -> Result<(), Error> {
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(Error::BadArgument {
            name: "per_page".to_owned(),
            reason: Some(format!("must be 1..={MAX_PER_PAGE}")),
        });
    }
    if u64::from(page + 1) * u64::from(per_page) > u64::from(MAX_DEPTH) {
        return Err(Error::BadArgument {
            name: "page, per_page".to_owned(),
            reason: Some(format!(
                "you can't look up more than {MAX_DEPTH} items in the list"
            )),
        });
    }
    Ok(())
}

/// How many pages of `per_page` to fetch for up to `limit` items within the depth limit.
pub fn pages_for(limit: u32, per_page: u32) -> u32 {
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    limit
        .min(MAX_DEPTH)
        .div_ceil(per_page)
        .min(MAX_DEPTH / per_page)
}

fn schedule_fallback(work_format: &str) -> Option<&'static str> {
    match work_format {
        "REMOTE" => Some("remote"),
        "ON_SITE" => Some("fullDay"),
        _ => None,
    }
}

fn employment_fallback(employment_form: &str) -> Option<&'static str> {
    match employment_form {
        "FULL" => Some("full"),
        "PART" => Some("part"),
        "PROJECT" => Some("project"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_and_page_size_limits() {
        assert!(check_page(199, 10).is_ok());
        assert!(check_page(200, 10).is_err());
        assert!(check_page(19, 100).is_ok());
        assert!(check_page(20, 100).is_err());
        assert!(check_page(0, 101).is_err());
        assert!(check_page(0, 0).is_err());
        assert_eq!(pages_for(2000, 100), 20);
        assert_eq!(pages_for(5000, 100), 20);
        assert_eq!(pages_for(150, 100), 2);
        assert_eq!(pages_for(2000, 30), 66);
    }

    #[test]
    fn similar_vacancies_get_the_deprecated_fallbacks() {
        let search = Search {
            text: Some("rust".into()),
            work_format: vec!["REMOTE".into()],
            employment_form: vec!["FULL".into()],
            excluded_text: Some("php".into()),
            ..Search::default()
        };
        let similar = search.query(Endpoint::SimilarToResume, 0, 20).unwrap();
        let keys: Vec<&str> = similar.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["text", "employment", "schedule", "page", "per_page"]);
        let plain = search.query(Endpoint::Vacancies, 0, 20).unwrap();
        let keys: Vec<&str> = plain.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "text",
                "employment_form",
                "work_format",
                "excluded_text",
                "page",
                "per_page"
            ]
        );
    }
}
