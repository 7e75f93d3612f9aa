//! Typed hh.ru API bodies with the real field names; data only, no logic beyond accessors.
//!
//! Unknown fields are ignored and nearly every field is optional, so one odd item never
//! fails a whole page. Dates are kept as hh.ru's strings (`…+0300`); [`parse_date`] reads them.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Parses hh.ru's `YYYY-MM-DDThh:mm:ss±hhmm` (no colon in the offset); RFC 3339 also accepted.
pub fn parse_date(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%z")
        .or_else(|_| DateTime::parse_from_rfc3339(text))
        .ok()
}

/// `{id, name}` as dictionaries use it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdName {
    /// The dictionary id.
    #[serde(default)]
    pub id: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
}

/// A page of a list answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items on this page.
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    /// How many items match in all.
    #[serde(default)]
    pub found: u64,
    /// How many pages there are.
    #[serde(default)]
    pub pages: u32,
    /// This page's number, from 0.
    #[serde(default)]
    pub page: u32,
    /// Items per page.
    #[serde(default)]
    pub per_page: u32,
}

/// `GET /me`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Me {
    /// `applicant`, `application`, `employer` or `employer_integration`.
    #[serde(default)]
    pub auth_type: Option<String>,
    /// The user id (absent for application tokens).
    #[serde(default)]
    pub id: Option<String>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Whether the account is an applicant.
    #[serde(default)]
    pub is_applicant: bool,
    /// Whether the token is an application token.
    #[serde(default)]
    pub is_application: bool,
}

impl Me {
    /// "First Last", as far as hh.ru said.
    pub fn full_name(&self) -> String {
        [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A salary range (`salary_range`; also the deprecated `salary`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SalaryRange {
    /// Lower bound.
    #[serde(default)]
    pub from: Option<f64>,
    /// Upper bound.
    #[serde(default)]
    pub to: Option<f64>,
    /// Currency code (`RUR`, `USD`, `EUR`, …).
    #[serde(default)]
    pub currency: Option<String>,
    /// Whether the numbers are before tax.
    #[serde(default)]
    pub gross: Option<bool>,
    /// `MONTH`, `HOUR`, … (only in `salary_range`).
    #[serde(default)]
    pub mode: Option<IdName>,
}

/// An area reference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// Area id (`1` Moscow, `2` Saint Petersburg, `113` Russia).
    #[serde(default)]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
}

/// An employer reference on a vacancy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerRef {
    /// Absent for anonymous vacancies.
    #[serde(default)]
    pub id: Option<String>,
    /// The name shown.
    #[serde(default)]
    pub name: String,
    /// The employer's page on hh.ru.
    #[serde(default)]
    pub alternate_url: Option<String>,
}

/// A key skill of a vacancy (`key_skills: [{name}]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySkill {
    /// The skill.
    pub name: String,
}

/// The search snippet (with `<highlighttext>` tags).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// Requirements excerpt.
    #[serde(default)]
    pub requirement: Option<String>,
    /// Responsibilities excerpt.
    #[serde(default)]
    pub responsibility: Option<String>,
}

/// A vacancy: a search item or the full `GET /vacancies/{id}` body (the detail-only fields
/// are empty in search items).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Vacancy {
    /// Numeric string id.
    pub id: String,
    /// The title.
    #[serde(default)]
    pub name: String,
    /// Where.
    #[serde(default)]
    pub area: Option<Area>,
    /// The current salary field.
    #[serde(default)]
    pub salary_range: Option<SalaryRange>,
    /// The deprecated salary field, a fallback for `salary_range`.
    #[serde(default)]
    pub salary: Option<SalaryRange>,
    /// `noExperience`, `between1And3`, `between3And6`, `moreThan6`.
    #[serde(default)]
    pub experience: Option<IdName>,
    /// `FULL`, `PART`, `PROJECT`, …
    #[serde(default)]
    pub employment_form: Option<IdName>,
    /// `REMOTE`, `ON_SITE`, `HYBRID`, `FIELD_WORK`.
    #[serde(default)]
    pub work_format: Vec<IdName>,
    /// Deprecated schedule, a fallback for `work_format`.
    #[serde(default)]
    pub schedule: Option<IdName>,
    /// The employer.
    #[serde(default)]
    pub employer: Option<EmployerRef>,
    /// Search items only.
    #[serde(default)]
    pub snippet: Option<Snippet>,
    /// Detail only: HTML.
    #[serde(default)]
    pub description: Option<String>,
    /// Detail only.
    #[serde(default)]
    pub key_skills: Vec<KeySkill>,
    /// Whether applying needs a test (not possible through the API).
    #[serde(default)]
    pub has_test: bool,
    /// Whether a cover letter is mandatory.
    #[serde(default)]
    pub response_letter_required: bool,
    /// Archived vacancies take no applications.
    #[serde(default)]
    pub archived: bool,
    /// `open`, `closed`, `anonymous`, `direct`.
    #[serde(rename = "type", default)]
    pub kind: Option<IdName>,
    /// The employer's own apply page for `direct` vacancies.
    #[serde(default)]
    pub response_url: Option<String>,
    /// `got_response`, `got_invitation`, … for the token's user.
    #[serde(default)]
    pub relations: Vec<String>,
    /// Professional roles.
    #[serde(default)]
    pub professional_roles: Vec<IdName>,
    /// The vacancy on hh.ru.
    #[serde(default)]
    pub alternate_url: Option<String>,
    /// hh.ru's apply page for the vacancy.
    #[serde(default)]
    pub apply_alternate_url: Option<String>,
    /// `YYYY-MM-DDThh:mm:ss+0300`.
    #[serde(default)]
    pub published_at: Option<String>,
}

impl Vacancy {
    /// `salary_range`, or the deprecated `salary` when hh.ru sent only that.
    pub fn salary(&self) -> Option<&SalaryRange> {
        self.salary_range.as_ref().or(self.salary.as_ref())
    }

    /// Whether the vacancy is `direct` (applying goes to the employer's site).
    pub fn is_direct(&self) -> bool {
        self.kind.as_ref().is_some_and(|kind| kind.id == "direct")
    }
}

/// A resume's salary wish.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResumeSalary {
    /// The amount.
    #[serde(default)]
    pub amount: Option<f64>,
    /// The currency code.
    #[serde(default)]
    pub currency: Option<String>,
}

/// One job in a resume.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Experience {
    /// The company.
    #[serde(default)]
    pub company: Option<String>,
    /// The position held.
    #[serde(default)]
    pub position: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub start: Option<String>,
    /// `YYYY-MM-DD`, or none for the current job.
    #[serde(default)]
    pub end: Option<String>,
    /// What they did.
    #[serde(default)]
    pub description: Option<String>,
}

/// `{months}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Months {
    /// Months of experience.
    #[serde(default)]
    pub months: u32,
}

/// A resume: a `/resumes/mine` item or the full `GET /resumes/{id}` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resume {
    /// Hex string id.
    pub id: String,
    /// The desired position.
    #[serde(default)]
    pub title: Option<String>,
    /// The candidate's first name (detail only).
    #[serde(default)]
    pub first_name: Option<String>,
    /// The candidate's last name (detail only).
    #[serde(default)]
    pub last_name: Option<String>,
    /// Key skills: unique strings (resumes have no `key_skills`).
    #[serde(default)]
    pub skill_set: Vec<String>,
    /// Free-text skills.
    #[serde(default)]
    pub skills: Option<String>,
    /// Where the candidate lives.
    #[serde(default)]
    pub area: Option<Area>,
    /// Expected salary.
    #[serde(default)]
    pub salary: Option<ResumeSalary>,
    /// Total experience.
    #[serde(default)]
    pub total_experience: Option<Months>,
    /// Jobs, newest first.
    #[serde(default)]
    pub experience: Vec<Experience>,
    /// Acceptable work formats.
    #[serde(default)]
    pub work_format: Vec<IdName>,
    /// Acceptable employment forms.
    #[serde(default)]
    pub employment_form: Vec<IdName>,
    /// Professional roles.
    #[serde(default)]
    pub professional_roles: Vec<IdName>,
    /// `published`, `not_published`, `blocked`, `on_moderation`.
    #[serde(default)]
    pub status: Option<IdName>,
    /// When the resume may be bumped next.
    #[serde(default)]
    pub next_publish_at: Option<String>,
    /// Whether it may be published or bumped now.
    #[serde(default)]
    pub can_publish_or_update: Option<bool>,
    /// The resume on hh.ru.
    #[serde(default)]
    pub alternate_url: Option<String>,
    /// Relocation wishes, as hh.ru sends them.
    #[serde(default)]
    pub relocation: Option<serde_json::Value>,
}

/// One negotiation (application) of the applicant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Negotiation {
    /// Its id.
    pub id: String,
    /// `response`, `invitation`, `discard`, …
    #[serde(default)]
    pub state: Option<IdName>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The vacancy (short form).
    #[serde(default)]
    pub vacancy: Option<Vacancy>,
}

/// A saved vacancy search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedSearch {
    /// Its id.
    pub id: String,
    /// The name the user gave it.
    #[serde(default)]
    pub name: String,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Whether new results are e-mailed.
    #[serde(default)]
    pub subscription: Option<bool>,
    /// `{count, url}` of all results.
    #[serde(default)]
    pub items: Option<serde_json::Value>,
    /// `{count, url}` of new results.
    #[serde(default)]
    pub new_items: Option<serde_json::Value>,
}

/// `GET /employers/{id}` (the fields we use).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Employer {
    /// Its id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its site.
    #[serde(default)]
    pub site_url: Option<String>,
    /// Its page on hh.ru.
    #[serde(default)]
    pub alternate_url: Option<String>,
    /// Open vacancies.
    #[serde(default)]
    pub open_vacancies: Option<u64>,
}

/// A currency from `/dictionaries` (`rate`: units per 1 RUR).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Currency {
    /// `RUR`, `USD`, …
    pub code: String,
    /// Units of this currency per 1 RUR.
    #[serde(default)]
    pub rate: f64,
    /// The short name.
    #[serde(default)]
    pub abbr: Option<String>,
}

/// `GET /dictionaries` (the parts we use; the rest is kept raw).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Dictionaries {
    /// Currencies and their rates.
    #[serde(default)]
    pub currency: Vec<Currency>,
    /// Experience levels.
    #[serde(default)]
    pub experience: Vec<IdName>,
    /// Everything else, as sent.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A node of the `GET /areas` tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaNode {
    /// Its id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// The parent's id.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Children.
    #[serde(default)]
    pub areas: Vec<AreaNode>,
}
