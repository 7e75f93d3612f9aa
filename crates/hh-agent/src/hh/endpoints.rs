//! One method per hh.ru endpoint the agent uses, plus paging and the capability probe.
//!
//! Each method builds exactly the request the spec describes; the engine in `client`
//! sends it. Ids are checked before they go into a path.

use reqwest::{Method, StatusCode};
use tokio::time::Instant;

use super::apply::{ApplyOutcome, MAX_LETTER_CHARS};
use super::client::{pace_until, Bearer, Body, Client};
use super::search::{self, Endpoint, Search};
use super::types::{
    AreaNode, Dictionaries, Employer, Me, Negotiation, Page, Resume, SavedSearch, Vacancy,
};
use super::Error;

/// What the tokens may do now, decided by [`Client::probe`] from `GET /me`, a cheap
/// applicant call and one search; nothing is assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capability {
    /// Applicant methods work: resumes, recommendations, applying.
    Applicant {
        /// The account's name.
        name: String,
        /// The token searches go with.
        search: Bearer,
    },
    /// Only application-level methods: search, vacancies, dictionaries.
    ApplicationOnly {
        /// Why no more than that.
        limit: Limit,
        /// The token searches go with.
        search: Bearer,
    },
    /// Nothing works with these tokens (or hh.ru failed): why.
    Nothing(Error),
}

/// Why only application-level methods work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// Nobody has logged in to hh.ru (no token file).
    NoLogin,
    /// hh.ru refused the user token itself (revoked, unknown); hh.ru's words.
    LoginRefused(String),
    /// The account is not an applicant (an employer's, or an application token's).
    NotApplicant(String),
    /// The login works but hh.ru refuses applicant methods to this app (as it does for
    /// ordinary apps since 2025-12); hh.ru's words.
    ApplicantMethodsRefused(String),
}

/// The result of a resume bump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishOutcome {
    /// 204: published or bumped.
    Published,
    /// 429 `touch_limit_exceeded`: too early; see the resume's `next_publish_at`.
    TooEarly,
}

/// Filters for `GET /negotiations`.
#[derive(Debug, Clone, Default)]
pub struct NegotiationFilter {
    /// `all`, `active`, `invitations`, `response`, `discard`, `archived`, …
    pub status: Option<String>,
    /// Only negotiations on this vacancy.
    pub vacancy_id: Option<String>,
    /// `updated_at` or `created_at`.
    pub order_by: Option<String>,
}

impl Client {
    /// `GET /me`.
    pub async fn me(&self) -> Result<Me, Error> {
        self.get_json("/me", &[]).await
    }

    /// `GET /resumes/mine`.
    pub async fn resumes_mine(&self) -> Result<Page<Resume>, Error> {
        self.get_json("/resumes/mine", &[]).await
    }

    /// `GET /resumes/{id}`.
    pub async fn resume(&self, resume_id: &str) -> Result<Resume, Error> {
        self.get_json(&format!("/resumes/{}", id(resume_id, "resume_id")?), &[])
            .await
    }

    /// `POST /resumes/{id}/publish`: publish or bump the resume.
    pub async fn publish_resume(&self, resume_id: &str) -> Result<PublishOutcome, Error> {
        let path = format!("/resumes/{}/publish", id(resume_id, "resume_id")?);
        let answer = self
            .send(Method::POST, &path, &[], Body::None, false)
            .await?;
        match answer.status {
            StatusCode::NO_CONTENT | StatusCode::OK => Ok(PublishOutcome::Published),
            StatusCode::TOO_MANY_REQUESTS => Ok(PublishOutcome::TooEarly),
            status => Err(Error::from_response(
                status.as_u16(),
                answer.retry_after,
                &answer.body,
            )),
        }
    }

    /// `GET /vacancies`: one page.
    pub async fn vacancies(
        &self,
        search: &Search,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Vacancy>, Error> {
        self.get_json(
            "/vacancies",
            &search.query(Endpoint::Vacancies, page, per_page)?,
        )
        .await
    }

    /// `GET /resumes/{id}/similar_vacancies`: one page.
    pub async fn similar_vacancies(
        &self,
        resume_id: &str,
        search: &Search,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Vacancy>, Error> {
        let path = format!("/resumes/{}/similar_vacancies", id(resume_id, "resume_id")?);
        self.get_json(
            &path,
            &search.query(Endpoint::SimilarToResume, page, per_page)?,
        )
        .await
    }

    /// Up to `limit` search items (never past hh.ru's 2000-item depth), page by page.
    /// With `resume_id`, uses similar-vacancies for that resume.
    pub async fn search_all(
        &self,
        resume_id: Option<&str>,
        search: &Search,
        limit: u32,
    ) -> Result<Vec<Vacancy>, Error> {
        let per_page = search::MAX_PER_PAGE;
        let mut items = Vec::new();
        for page in 0..search::pages_for(limit, per_page) {
            let result = match resume_id {
                Some(resume_id) => {
                    self.similar_vacancies(resume_id, search, page, per_page)
                        .await?
                }
                None => self.vacancies(search, page, per_page).await?,
            };
            let last = result.items.len() < per_page as usize || page + 1 >= result.pages;
            items.extend(result.items);
            if last || items.len() >= limit as usize {
                break;
            }
        }
        items.truncate(limit as usize);
        Ok(items)
    }

    /// `GET /vacancies/{id}`.
    pub async fn vacancy(&self, vacancy_id: &str) -> Result<Vacancy, Error> {
        self.get_json(
            &format!("/vacancies/{}", id(vacancy_id, "vacancy_id")?),
            &[],
        )
        .await
    }

    /// `POST /negotiations` as `multipart/form-data`. Never retried; paced by
    /// `apply_interval`. A lost answer is [`ApplyOutcome::Uncertain`].
    pub async fn apply(
        &self,
        vacancy_id: &str,
        resume_id: &str,
        message: Option<&str>,
    ) -> Result<ApplyOutcome, Error> {
        let mut fields = vec![
            ("vacancy_id", id(vacancy_id, "vacancy_id")?.to_owned()),
            ("resume_id", id(resume_id, "resume_id")?.to_owned()),
        ];
        if let Some(message) = message.filter(|message| !message.trim().is_empty()) {
            if message.chars().count() > MAX_LETTER_CHARS {
                return Ok(ApplyOutcome::LetterTooLong);
            }
            fields.push(("message", message.to_owned()));
        }
        {
            let mut last = self.last_apply.lock().await;
            if let Some(previous) = *last {
                pace_until(previous + self.options().apply_interval).await;
            }
            *last = Some(Instant::now());
        }
        match self
            .send(
                Method::POST,
                "/negotiations",
                &[],
                Body::Multipart(fields),
                false,
            )
            .await
        {
            Ok(answer) => Ok(ApplyOutcome::from_response(
                answer.status.as_u16(),
                answer.location.as_deref(),
                answer.retry_after,
                &answer.body,
            )),
            Err(Error::Uncertain(reason)) => Ok(ApplyOutcome::Uncertain { reason }),
            Err(err) => Err(err),
        }
    }

    /// `GET /negotiations`: one page.
    pub async fn negotiations(
        &self,
        filter: &NegotiationFilter,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Negotiation>, Error> {
        search::check_page(page, per_page)?;
        let mut query = vec![
            ("page".to_owned(), page.to_string()),
            ("per_page".to_owned(), per_page.to_string()),
        ];
        for (key, value) in [
            ("status", &filter.status),
            ("vacancy_id", &filter.vacancy_id),
            ("order_by", &filter.order_by),
        ] {
            if let Some(value) = value {
                query.push((key.to_owned(), value.clone()));
            }
        }
        self.get_json("/negotiations", &query).await
    }

    /// `GET /saved_searches/vacancies` (hh.ru allows at most 10 per page).
    pub async fn saved_searches(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<Page<SavedSearch>, Error> {
        let query = [
            ("page".to_owned(), page.to_string()),
            ("per_page".to_owned(), per_page.clamp(1, 10).to_string()),
        ];
        self.get_json("/saved_searches/vacancies", &query).await
    }

    /// `POST /saved_searches/vacancies` with the filters and `name` in the query; returns its id.
    pub async fn create_saved_search(&self, name: &str, search: &Search) -> Result<String, Error> {
        let mut query = search.query(Endpoint::SavedSearch, 0, 1)?;
        query.push(("name".to_owned(), name.to_owned()));
        let answer = self
            .send(
                Method::POST,
                "/saved_searches/vacancies",
                &query,
                Body::None,
                false,
            )
            .await?;
        if answer.status != StatusCode::CREATED {
            return Err(Error::from_response(
                answer.status.as_u16(),
                answer.retry_after,
                &answer.body,
            ));
        }
        answer
            .location
            .as_deref()
            .and_then(|location| location.trim_end_matches('/').rsplit('/').next())
            .map(str::to_owned)
            .ok_or_else(|| Error::Rejected {
                status: 201,
                summary: "no Location for the saved search".to_owned(),
            })
    }

    /// `GET /saved_searches/vacancies/{id}`.
    pub async fn saved_search(&self, search_id: &str) -> Result<SavedSearch, Error> {
        self.get_json(
            &format!("/saved_searches/vacancies/{}", id(search_id, "id")?),
            &[],
        )
        .await
    }

    /// `DELETE /saved_searches/vacancies/{id}`.
    pub async fn delete_saved_search(&self, search_id: &str) -> Result<(), Error> {
        let path = format!("/saved_searches/vacancies/{}", id(search_id, "id")?);
        let answer = self
            .send(Method::DELETE, &path, &[], Body::None, true)
            .await?;
        match answer.status {
            StatusCode::NO_CONTENT | StatusCode::OK => Ok(()),
            status => Err(Error::from_response(
                status.as_u16(),
                answer.retry_after,
                &answer.body,
            )),
        }
    }

    /// `GET /employers/{id}`.
    pub async fn employer(&self, employer_id: &str) -> Result<Employer, Error> {
        self.get_json(
            &format!("/employers/{}", id(employer_id, "employer_id")?),
            &[],
        )
        .await
    }

    /// `GET /dictionaries`, revalidated with its `ETag` once read.
    pub async fn dictionaries(&self) -> Result<Dictionaries, Error> {
        self.get_json_revalidated("/dictionaries").await
    }

    /// `GET /areas`, revalidated with its `ETag` once read.
    pub async fn areas(&self) -> Result<Vec<AreaNode>, Error> {
        self.get_json_revalidated("/areas").await
    }

    /// Decides what the tokens may do now, forgetting earlier refusals: with a user token,
    /// `GET /me` must say applicant and `GET /resumes/mine` must answer 200 for
    /// [`Capability::Applicant`]; otherwise one search (`GET /vacancies`, one item) tells
    /// whether the application-level methods work, and with which token.
    pub async fn probe(&self) -> Capability {
        self.forget_refusals();
        let me = match self.auth.user_tokens() {
            Some(user) if user.access_token().is_ok() => self.me().await,
            _ => return self.probe_search(Limit::NoLogin).await,
        };
        let me = match me {
            Ok(me) => me,
            Err(err @ Error::Auth(_)) if self.auth.app_tokens().is_some() => {
                return self
                    .probe_search(Limit::LoginRefused(err.to_string()))
                    .await
            }
            Err(err) => return Capability::Nothing(err),
        };
        if me.auth_type.as_deref() == Some("application") || me.is_application {
            return self
                .probe_search(Limit::NotApplicant("application".to_owned()))
                .await;
        }
        if me.auth_type.as_deref() != Some("applicant") || !me.is_applicant {
            return self
                .probe_search(Limit::NotApplicant(me.auth_type.unwrap_or_default()))
                .await;
        }
        match self.resumes_mine().await {
            Ok(_) => match self.search_works().await {
                Ok(search) => Capability::Applicant {
                    name: me.full_name(),
                    search,
                },
                Err(err) => Capability::Nothing(err),
            },
            Err(
                err @ (Error::Auth(_)
                | Error::Forbidden { .. }
                | Error::NotFound
                | Error::Rejected { .. }),
            ) => {
                self.probe_search(Limit::ApplicantMethodsRefused(err.to_string()))
                    .await
            }
            Err(err) => Capability::Nothing(err),
        }
    }

    /// Application-level access limited by `limit`, if one search goes through.
    async fn probe_search(&self, limit: Limit) -> Capability {
        match self.search_works().await {
            Ok(search) => Capability::ApplicationOnly { limit, search },
            Err(err) => Capability::Nothing(err),
        }
    }

    /// One search of one item; the token it went with (after any switch).
    async fn search_works(&self) -> Result<Bearer, Error> {
        self.vacancies(&Search::default(), 0, 1).await?;
        Ok(self.search_bearer().await)
    }
}

/// An id for a URL path: digits, letters, `-` and `_` only.
fn id<'a>(value: &'a str, name: &str) -> Result<&'a str, Error> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(value)
    } else {
        Err(Error::BadArgument {
            name: name.to_owned(),
            reason: Some("not an hh.ru id".to_owned()),
        })
    }
}
