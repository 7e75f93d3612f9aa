//! The profession tables the generator draws vacancies from: titles per seniority, skills
//! with spelling variants, duties, requirements, salary bands and work-format habits.
//!
//! Data only, split by domain; the generator in `generate.rs` does the drawing.

mod backend;
mod data_infra;
mod field;
mod frontend_mobile;
mod it_roles;
mod office;

use super::records::{IdName, Sector};

/// What kind of work a profession is; it picks condition lists and English phrasing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Track {
    /// Server-side and embedded development.
    Backend,
    /// Web front ends.
    Frontend,
    /// Mobile apps.
    Mobile,
    /// DevOps, administration and support.
    Infra,
    /// Data engineering, analytics and ML.
    Data,
    /// Testing.
    Qa,
    /// System and business analysis.
    Analysis,
    /// Product and project management.
    Management,
    /// Interface design.
    Design,
    /// Office work outside IT.
    Office,
    /// Work on the floor, on the road or with patients and pupils.
    Field,
}

impl Track {
    /// Whether the track is an IT one.
    pub(crate) fn is_it(self) -> bool {
        !matches!(self, Track::Office | Track::Field)
    }
}

/// Shares (in percent) of remote, hybrid and field work, shift schedules and part time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Habits {
    /// Vacancies with `REMOTE`.
    pub remote: u8,
    /// Vacancies with `HYBRID`.
    pub hybrid: u8,
    /// Vacancies with `FIELD_WORK`.
    pub field: u8,
    /// Vacancies on shifts.
    pub shift: u8,
    /// Part-time vacancies.
    pub part: u8,
}

/// One profession.
#[derive(Debug)]
pub(crate) struct Profession {
    /// The stable key (`backend_rust`, `courier`, …).
    pub key: &'static str,
    /// hh.ru's professional role.
    pub role: IdName,
    /// The role of lead-level vacancies, when it differs (team leads, chiefs).
    pub lead_role: Option<IdName>,
    /// Relative share of all vacancies.
    pub weight: u32,
    /// What kind of work it is.
    pub track: Track,
    /// Who hires it, most likely first.
    pub sectors: &'static [Sector],
    /// Titles for junior, middle, senior and lead; an empty level falls back to middle.
    pub titles: [&'static [&'static str]; 4],
    /// English titles per level, for international employers (IT only).
    pub titles_en: [&'static [&'static str]; 4],
    /// Relative frequency of the four levels.
    pub levels: [u32; 4],
    /// Monthly RUR bands of the lower bound per level.
    pub salary: [(u64, u64); 4],
    /// "Опыт {experience_of} от 3 лет".
    pub experience_of: &'static str,
    /// Opening sentences about the team or the role.
    pub intro: &'static [&'static str],
    /// Core skills; each entry lists spelling variants of one skill, the usual one first.
    pub core_skills: &'static [&'static [&'static str]],
    /// Optional skills, same shape.
    pub extra_skills: &'static [&'static [&'static str]],
    /// Duties.
    pub duties: &'static [&'static str],
    /// Requirements (besides experience).
    pub requirements: &'static [&'static str],
    /// "Будет плюсом".
    pub pluses: &'static [&'static str],
    /// Work-format and schedule habits.
    pub habits: Habits,
}

/// Every profession, in a fixed order.
pub(crate) fn all() -> impl Iterator<Item = &'static Profession> {
    backend::PROFESSIONS
        .iter()
        .chain(frontend_mobile::PROFESSIONS)
        .chain(data_infra::PROFESSIONS)
        .chain(it_roles::PROFESSIONS)
        .chain(office::PROFESSIONS)
        .chain(field::PROFESSIONS)
}

/// Shorthand for habits in the tables.
pub(crate) const fn habits(remote: u8, hybrid: u8, field: u8, shift: u8, part: u8) -> Habits {
    Habits {
        remote,
        hybrid,
        field,
        shift,
        part,
    }
}

/// Sectors that hire developers.
pub(crate) const DEV_SECTORS: &[Sector] = &[
    Sector::It,
    Sector::It,
    Sector::It,
    Sector::It,
    Sector::It,
    Sector::Bank,
    Sector::Bank,
    Sector::Retail,
    Sector::Retail,
    Sector::Telecom,
    Sector::International,
];

/// Programmer role (96).
pub(crate) const PROGRAMMER: IdName = ("96", "Программист, разработчик");
/// Development team lead role (104).
pub(crate) const DEV_LEAD: IdName = ("104", "Руководитель группы разработки");
