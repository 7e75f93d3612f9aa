//! The sandbox's applicants and their resumes: hand-written people whose jobs and
//! publish times are placed relative to `now`, with fixed ids that do not depend on the seed.
//!
//! Person 0 (the default sandbox user) is a Rust/Go backend developer in Moscow.

mod it;
mod other;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::records::{Education, EducationItem, IdName, Job, Person, Resume};

/// All applicants; the first is the default sandbox user.
pub(crate) fn people(now: DateTime<Utc>) -> Vec<Person> {
    vec![
        it::backend(now),
        it::qa(now),
        other::accountant(now),
        it::junior_frontend(now),
        it::data_analyst(now),
        other::driver(now),
    ]
}

/// A resume id: 38 lowercase hex characters derived from a fixed label, so ids stay the
/// same for every seed.
pub(crate) fn resume_id(label: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5EED_0000_0000_0000 ^ label);
    let mut bytes = [0u8; 19];
    rng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The first day of the month `months` before `now`'s month.
pub(crate) fn months_ago(now: DateTime<Utc>, months: u32) -> NaiveDate {
    let today = now.date_naive();
    let first = today.with_day(1).unwrap_or(today);
    first
        .checked_sub_months(Months::new(months))
        .unwrap_or(first)
}

/// A job from `start` months ago until `end` months ago (none: still there).
pub(crate) struct JobSpec {
    pub company: &'static str,
    pub position: &'static str,
    pub start: u32,
    pub end: Option<u32>,
    pub description: &'static str,
    pub industries: &'static [IdName],
    pub area_id: &'static str,
}

/// The jobs as records, and their total length in months.
pub(crate) fn jobs(now: DateTime<Utc>, specs: &[JobSpec]) -> (Vec<Job>, u32) {
    let total = specs
        .iter()
        .map(|spec| spec.start.saturating_sub(spec.end.unwrap_or(0)))
        .sum();
    let jobs = specs
        .iter()
        .map(|spec| Job {
            company: spec.company.to_owned(),
            position: spec.position.to_owned(),
            start: months_ago(now, spec.start),
            end: spec.end.map(|end| last_day_before(months_ago(now, end))),
            description: spec.description.to_owned(),
            industries: spec.industries.to_vec(),
            area_id: spec.area_id,
        })
        .collect();
    (jobs, total)
}

fn last_day_before(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(date)
}

/// An education entry.
pub(crate) fn school(name: &str, organization: &str, result: &str, year: u32) -> EducationItem {
    EducationItem {
        name: name.to_owned(),
        organization: organization.to_owned(),
        result: result.to_owned(),
        year,
    }
}

/// Education with a level and entries.
pub(crate) fn education(
    level: &'static str,
    primary: Vec<EducationItem>,
    additional: Vec<EducationItem>,
) -> Education {
    Education {
        level,
        primary,
        additional,
    }
}

/// Strings from a table.
pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// `updated_at` = four hours before `next_publish_at`, as hh.ru's examples show.
pub(crate) fn timing(
    now: DateTime<Utc>,
    next_publish_in_minutes: i64,
    created_months_ago: u32,
) -> (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>) {
    let next_publish_at = round_seconds(now + Duration::minutes(next_publish_in_minutes));
    let updated_at = next_publish_at - Duration::hours(4);
    let created_day = months_ago(now, created_months_ago);
    let created_at = created_day
        .and_hms_opt(10, 15, 0)
        .map_or(updated_at, |naive| naive.and_utc());
    (next_publish_at, updated_at, created_at.min(updated_at))
}

fn round_seconds(time: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    time.with_nanosecond(0).unwrap_or(time)
}

/// Fills the derived fields a resume needs from the job list.
pub(crate) fn with_jobs(mut resume: Resume, now: DateTime<Utc>, specs: &[JobSpec]) -> Resume {
    let (experience, total) = jobs(now, specs);
    resume.experience = experience;
    resume.total_experience_months = total;
    resume
}

/// The year `years` before `now`.
pub(crate) fn years_ago(now: DateTime<Utc>, years: u32) -> u32 {
    u32::try_from(now.year())
        .unwrap_or(2025)
        .saturating_sub(years)
}
