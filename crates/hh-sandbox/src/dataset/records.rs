//! The dataset's plain records: vacancies, employers, applicants and their resumes.
//!
//! Data only, with a few derived ids (deprecated `schedule`, `employment`); how the records
//! are made lives in the generator and how they look on the wire lives in `render`.

use chrono::{DateTime, NaiveDate, Utc};

/// A `(id, name)` pair from an hh.ru dictionary, such as a professional role or an industry.
pub type IdName = (&'static str, &'static str);

/// A salary offer per month, as a vacancy's `salary_range` carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salary {
    /// Lower bound, if given.
    pub from: Option<u64>,
    /// Upper bound, if given.
    pub to: Option<u64>,
    /// `RUR`, `USD`, `EUR`, `KZT` or `BYR`.
    pub currency: &'static str,
    /// Whether the amounts are before income tax.
    pub gross: bool,
}

/// One vacancy. Every vacancy has an employer record, even `anonymous` ones (the renderer
/// hides its id and name).
#[derive(Debug, Clone, PartialEq)]
pub struct Vacancy {
    /// Numeric string id, rising with `published_at`.
    pub id: String,
    /// The title.
    pub name: String,
    /// A stable profession key such as `backend_rust`, `qa_manual` or `courier`.
    pub profession: &'static str,
    /// The seniority it was written for: `junior`, `middle`, `senior` or `lead`.
    pub level: &'static str,
    /// hh.ru's professional role (`96` "Программист, разработчик", `58` "Курьер", …).
    pub professional_role: IdName,
    /// The employer's id (also for anonymous vacancies).
    pub employer_id: String,
    /// The city, an id from the area tree; remote vacancies keep the employer's city.
    pub area_id: &'static str,
    /// The salary offer, if published.
    pub salary: Option<Salary>,
    /// `noExperience`, `between1And3`, `between3And6` or `moreThan6`.
    pub experience: &'static str,
    /// `FULL`, `PART`, `PROJECT` or `FLY_IN_FLY_OUT`.
    pub employment_form: &'static str,
    /// `ON_SITE`, `REMOTE`, `HYBRID` and/or `FIELD_WORK`.
    pub work_format: Vec<&'static str>,
    /// Shift work (2/2 and the like) rather than a five-day week.
    pub shift_work: bool,
    /// Key skills with hh.ru's natural spelling variety ("PostgreSQL", "Postgres", …).
    pub key_skills: Vec<String>,
    /// HTML: intro, duties, requirements, conditions.
    pub description: String,
    /// Plain-text requirements excerpt for search snippets.
    pub snippet_requirement: String,
    /// Plain-text responsibilities excerpt for search snippets.
    pub snippet_responsibility: String,
    /// Spoken languages required: `(language id, level id)`, e.g. `("eng", "b2")`.
    pub languages: Vec<(&'static str, &'static str)>,
    /// Archived vacancies take no applications.
    pub archived: bool,
    /// Applying needs a test (impossible through the API).
    pub has_test: bool,
    /// A cover letter is mandatory.
    pub response_letter_required: bool,
    /// `open`, `closed`, `anonymous` or `direct`.
    pub kind: &'static str,
    /// The employer's own apply page, set for `direct` vacancies only.
    pub response_url: Option<String>,
    /// An internship (`internship: true` on hh.ru).
    pub internship: bool,
    /// Night shifts are part of the job.
    pub night_shifts: bool,
    /// Written in English (international employers).
    pub english: bool,
    /// When it was (last) published.
    pub published_at: DateTime<Utc>,
    /// When this publication was created (equal to `published_at`).
    pub created_at: DateTime<Utc>,
    /// When the vacancy was first created (earlier for republished vacancies).
    pub initial_created_at: DateTime<Utc>,
}

impl Vacancy {
    /// The deprecated `schedule` id derived from the work format and shifts:
    /// `remote`, `shift`, `flexible` or `fullDay`.
    pub fn schedule(&self) -> &'static str {
        if self.work_format.first() == Some(&"REMOTE") {
            "remote"
        } else if self.shift_work {
            "shift"
        } else if self.employment_form == "PART" || self.work_format.contains(&"HYBRID") {
            "flexible"
        } else {
            "fullDay"
        }
    }

    /// The deprecated `employment` id: `full`, `part`, `project` or `probation`.
    pub fn employment(&self) -> &'static str {
        if self.internship {
            return "probation";
        }
        match self.employment_form {
            "PART" => "part",
            "PROJECT" => "project",
            _ => "full",
        }
    }

    /// Whether the work format lists `REMOTE`.
    pub fn is_remote(&self) -> bool {
        self.work_format.contains(&"REMOTE")
    }
}

/// The kind of business an employer is in; it decides which professions it hires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sector {
    /// Software and internet companies.
    It,
    /// Banks and fintech.
    Bank,
    /// Retail chains and online shops.
    Retail,
    /// Transport, delivery and warehousing.
    Logistics,
    /// Plants and factories.
    Manufacturing,
    /// Builders and developers.
    Construction,
    /// Clinics and hospitals.
    Medical,
    /// Schools and online courses.
    Education,
    /// Restaurants, cafés and bakeries.
    Restaurant,
    /// Telecom operators.
    Telecom,
    /// Advertising and digital agencies.
    Agency,
    /// Law, audit and accounting firms.
    Consulting,
    /// Foreign IT companies hiring in English.
    International,
}

/// An employer.
#[derive(Debug, Clone, PartialEq)]
pub struct Employer {
    /// Numeric string id.
    pub id: String,
    /// The company name (invented, Russian for Russian companies).
    pub name: String,
    /// A latin slug used for `.example` domains.
    pub slug: String,
    /// `https://<slug>.example`.
    pub site_url: String,
    /// HTML description.
    pub description: String,
    /// What the company does, one lowercase clause ("разрабатываем облачные сервисы…").
    pub tagline: String,
    /// The head office city.
    pub area_id: &'static str,
    /// hh.ru industries: `("7.540", "Разработка программного обеспечения")`, ….
    pub industries: Vec<IdName>,
    /// The business it is in.
    pub sector: Sector,
    /// Whether hh.ru verified the employer.
    pub trusted: bool,
    /// Whether it is an accredited IT company.
    pub accredited_it_employer: bool,
    /// Hires in many cities rather than only at its head office.
    pub federal: bool,
}

/// An applicant account (`GET /me`) with its resumes.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Numeric string user id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Middle name (patronymic), if given.
    pub middle_name: Option<String>,
    /// E-mail at `example.org`.
    pub email: String,
    /// Phone, if given (sandbox numbers only).
    pub phone: Option<String>,
    /// `male` or `female`.
    pub gender: &'static str,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Resumes, the main one first.
    pub resumes: Vec<Resume>,
}

/// One job in a resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Company name.
    pub company: String,
    /// Position held.
    pub position: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day; none for the current job.
    pub end: Option<NaiveDate>,
    /// What the person did there.
    pub description: String,
    /// The company's industries.
    pub industries: Vec<IdName>,
    /// Where the job was.
    pub area_id: &'static str,
}

/// One entry of a resume's education.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EducationItem {
    /// The institution.
    pub name: String,
    /// Faculty or department.
    pub organization: String,
    /// Speciality.
    pub result: String,
    /// Year of graduation.
    pub year: u32,
}

/// A resume's education.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Education {
    /// `secondary`, `special_secondary`, `unfinished_higher`, `higher`, `bachelor`, `master`, ….
    pub level: &'static str,
    /// Higher and secondary institutions.
    pub primary: Vec<EducationItem>,
    /// Courses.
    pub additional: Vec<EducationItem>,
}

/// A resume of a [`Person`].
#[derive(Debug, Clone, PartialEq)]
pub struct Resume {
    /// 38 lowercase hex characters, like hh.ru's.
    pub id: String,
    /// The desired position.
    pub title: String,
    /// A stable profession key, as on vacancies (for similar-vacancy matching).
    pub profession: &'static str,
    /// Key skills: unique strings.
    pub skill_set: Vec<String>,
    /// Free-text "about me" skills.
    pub skills: String,
    /// Where the person lives.
    pub area_id: &'static str,
    /// Expected salary: amount and currency.
    pub salary: Option<(u64, &'static str)>,
    /// Total experience in months (the sum of the jobs up to `now`).
    pub total_experience_months: u32,
    /// Jobs, newest first.
    pub experience: Vec<Job>,
    /// Professional roles.
    pub professional_roles: Vec<IdName>,
    /// Acceptable work formats.
    pub work_format: Vec<&'static str>,
    /// Acceptable employment forms (`FULL`, `PART_TIME`, `INTERNSHIP`, …).
    pub employment_form: Vec<&'static str>,
    /// `no_relocation`, `relocation_possible` or `relocation_desirable`.
    pub relocation: &'static str,
    /// Cities the person would move to.
    pub relocation_areas: Vec<&'static str>,
    /// `ready`, `sometimes` or `never`.
    pub business_trip_readiness: &'static str,
    /// Driving licence categories.
    pub driver_license_types: Vec<&'static str>,
    /// Education.
    pub education: Education,
    /// Languages: `(id, level id)`, e.g. `("rus", "l1")`, `("eng", "b2")`.
    pub languages: Vec<(&'static str, &'static str)>,
    /// `published` or `not_published`.
    pub status: &'static str,
    /// When the resume may be bumped next.
    pub next_publish_at: DateTime<Utc>,
    /// Last update.
    pub updated_at: DateTime<Utc>,
    /// Creation.
    pub created_at: DateTime<Utc>,
}

impl Resume {
    /// Whether the resume may be published or bumped at `now`.
    pub fn can_publish_or_update(&self, now: DateTime<Utc>) -> bool {
        now >= self.next_publish_at
    }
}
