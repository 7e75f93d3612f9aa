//! The sandbox's deterministic, seeded dataset (vacancies, employers, applicants, areas,
//! dictionaries) and its JSON rendering in hh.ru's response shapes.
//!
//! It owns what the records are and how they look on the wire; it does not serve HTTP,
//! filter, rank or paginate — the endpoints built on top of it do.
//!
//! # Layout
//! - [`records`]: the plain records; `professions/`, `employers.rs`, `people/`: the tables.
//! - `generate.rs`, `terms.rs`, `describe.rs`: drawing vacancies, their terms and their
//!   text from one ChaCha8 RNG.
//! - [`areas`], [`dictionaries`]: `GET /areas`, `GET /dictionaries` and lookups in them.
//! - [`render`]: vacancies, resumes, `/me` and employers as `serde_json::Value`.

pub mod areas;
pub mod dictionaries;
pub mod records;
pub mod render;

mod describe;
mod employer_styles;
mod employers;
mod generate;
mod people;
mod professions;
mod terms;
mod text;
mod wording;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use areas::{area_ids_under, area_is_within, Area};
pub use dictionaries::currency_rate;
pub use records::{
    Education, EducationItem, Employer, IdName, Job, Person, Resume, Salary, Sector, Vacancy,
};
pub use text::plain_text;

/// The seed `hh sandbox` and the tests use unless told otherwise.
pub const DEFAULT_SEED: u64 = 20_251_230;

/// Everything the sandbox serves: the same seed and `now` always give the same dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The seed it was generated from.
    pub seed: u64,
    /// The moment publication dates are relative to.
    pub now: DateTime<Utc>,
    /// Vacancies, oldest first (ids rise with `published_at`).
    pub vacancies: Vec<Vacancy>,
    /// Employers.
    pub employers: Vec<Employer>,
    /// Applicants; the first is the default sandbox user.
    pub people: Vec<Person>,
    vacancy_index: HashMap<String, usize>,
    employer_index: HashMap<String, usize>,
    resume_index: HashMap<String, (usize, usize)>,
}

impl Dataset {
    /// Generates the dataset for `seed`; `now` anchors publication and resume dates.
    /// Pure and deterministic.
    pub fn generate(seed: u64, now: DateTime<Utc>) -> Dataset {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let employers = employers::generate(&mut rng);
        let vacancies = generate::vacancies(&mut rng, &employers, now);
        let people = people::people(now);
        let vacancy_index = vacancies
            .iter()
            .enumerate()
            .map(|(index, vacancy)| (vacancy.id.clone(), index))
            .collect();
        let employer_index = employers
            .iter()
            .enumerate()
            .map(|(index, employer)| (employer.id.clone(), index))
            .collect();
        let resume_index = people
            .iter()
            .enumerate()
            .flat_map(|(person, owner)| {
                owner
                    .resumes
                    .iter()
                    .enumerate()
                    .map(move |(resume, item)| (item.id.clone(), (person, resume)))
            })
            .collect();
        Dataset {
            seed,
            now,
            vacancies,
            employers,
            people,
            vacancy_index,
            employer_index,
            resume_index,
        }
    }

    /// The vacancy with this id.
    pub fn vacancy(&self, id: &str) -> Option<&Vacancy> {
        self.vacancy_index
            .get(id)
            .and_then(|&index| self.vacancies.get(index))
    }

    /// The employer with this id.
    pub fn employer(&self, id: &str) -> Option<&Employer> {
        self.employer_index
            .get(id)
            .and_then(|&index| self.employers.get(index))
    }

    /// The employer of a vacancy.
    pub fn employer_of(&self, vacancy: &Vacancy) -> Option<&Employer> {
        self.employer(&vacancy.employer_id)
    }

    /// The resume with this id, of any person.
    pub fn resume(&self, id: &str) -> Option<&Resume> {
        let &(person, resume) = self.resume_index.get(id)?;
        self.people.get(person)?.resumes.get(resume)
    }

    /// The person who owns the resume with this id.
    pub fn person_by_resume(&self, resume_id: &str) -> Option<&Person> {
        let &(person, _) = self.resume_index.get(resume_id)?;
        self.people.get(person)
    }

    /// The person with this user id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|person| person.id == id)
    }

    /// The default sandbox user (the backend developer).
    pub fn default_person(&self) -> Option<&Person> {
        self.people.first()
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&'static Area> {
        areas::area(id)
    }

    /// `id` and the ids of all areas below it (searching `113` includes Moscow).
    pub fn area_ids_under(&self, id: &str) -> Vec<&'static str> {
        areas::area_ids_under(id)
    }

    /// Whether `child` is `ancestor` or lies below it.
    pub fn area_is_within(&self, child: &str, ancestor: &str) -> bool {
        areas::area_is_within(child, ancestor)
    }

    /// Units of `code` per 1 RUR.
    pub fn currency_rate(&self, code: &str) -> Option<f64> {
        dictionaries::currency_rate(code)
    }

    /// How many non-archived vacancies the employer has.
    pub fn open_vacancies(&self, employer_id: &str) -> u64 {
        let count = self
            .vacancies
            .iter()
            .filter(|vacancy| vacancy.employer_id == employer_id && !vacancy.archived)
            .count();
        u64::try_from(count).unwrap_or(u64::MAX)
    }

    /// The profession keys in use, in a fixed order.
    pub fn professions(&self) -> Vec<&'static str> {
        professions::all()
            .map(|profession| profession.key)
            .collect()
    }
}
