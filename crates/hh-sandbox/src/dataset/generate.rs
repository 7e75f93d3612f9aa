//! Draws the vacancies: a fixed number per profession, then for each a seniority, an
//! employer, its terms (`terms.rs`) and its text (`describe.rs`), all from one seeded RNG.

use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::describe::{self, Brief};
use super::professions::{self, Profession, Track};
use super::records::{Employer, Sector, Vacancy};
use super::terms;
use super::text::{chance, pick, weighted};

/// How many vacancies the dataset holds.
pub(crate) const VACANCY_COUNT: usize = 2_700;

const LEVELS: [&str; 4] = ["junior", "middle", "senior", "lead"];

/// All vacancies, oldest first, with ids rising with `published_at`.
pub(crate) fn vacancies(
    rng: &mut ChaCha8Rng,
    employers: &[Employer],
    now: DateTime<Utc>,
) -> Vec<Vacancy> {
    let Some(fallback) = employers.first() else {
        return Vec::new();
    };
    let mut plan = plan();
    plan.shuffle(rng);
    let mut vacancies: Vec<Vacancy> = plan
        .into_iter()
        .map(|profession| {
            let level = weighted(rng, &level_weights(profession), 1);
            let employer = choose_employer(rng, profession, level, employers, fallback);
            vacancy(rng, profession, level, employer, now)
        })
        .collect();
    vacancies.sort_by_key(|vacancy| vacancy.published_at);
    let mut next_id: u64 = 120_000_000;
    for vacancy in &mut vacancies {
        next_id += rng.gen_range(1..=37);
        vacancy.id = next_id.to_string();
        if vacancy.kind == "direct" {
            let employer_slug = employers
                .iter()
                .find(|employer| employer.id == vacancy.employer_id)
                .map_or("company", |employer| employer.slug.as_str());
            vacancy.response_url = Some(format!(
                "https://career.{employer_slug}.example/vacancy/{next_id}"
            ));
        }
    }
    vacancies
}

/// One entry per vacancy to make: each profession gets its weight's share (largest
/// remainders first), independent of the seed.
fn plan() -> Vec<&'static Profession> {
    let all: Vec<&'static Profession> = professions::all().collect();
    let total: u64 = all
        .iter()
        .map(|profession| u64::from(profession.weight))
        .sum();
    let total = total.max(1);
    let count = VACANCY_COUNT as u64;
    let mut shares: Vec<(usize, u64, u64)> = all
        .iter()
        .enumerate()
        .map(|(index, profession)| {
            let exact = u64::from(profession.weight) * count;
            (index, exact / total, exact % total)
        })
        .collect();
    let assigned: u64 = shares.iter().map(|share| share.1).sum();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by_key(|&index| std::cmp::Reverse(shares[index].2));
    for &index in by_remainder
        .iter()
        .take(count.saturating_sub(assigned) as usize)
    {
        shares[index].1 += 1;
    }
    shares
        .into_iter()
        .flat_map(|(index, amount, _)| std::iter::repeat_n(all[index], amount as usize))
        .collect()
}

fn vacancy(
    rng: &mut ChaCha8Rng,
    profession: &'static Profession,
    level: usize,
    employer: &Employer,
    now: DateTime<Utc>,
) -> Vacancy {
    let english = employer.sector == Sector::International;
    let titles = if english {
        non_empty(profession.titles_en, level)
    } else {
        non_empty(profession.titles, level)
    };
    let name = pick(rng, titles, profession.key).to_owned();
    let experience = terms::experience(rng, profession.track, level);
    let (area_id, work_format) = terms::place(rng, profession, employer);
    let employment_form = terms::employment_form(rng, profession);
    let shift_work = chance(rng, f64::from(profession.habits.shift));
    let kind = terms::kind(rng);
    let response_letter_required = terms::letter_required(rng, profession.track);
    let key_skills = describe::key_skills(rng, profession);
    let salary = terms::salary(rng, profession, level, employer, area_id);
    let brief = Brief {
        profession,
        employer,
        title: &name,
        experience,
        skills: &key_skills,
        reveal_employer: kind != "anonymous",
        format_lines: terms::format_lines(rng, &work_format, shift_work, employment_form, english),
        remote: work_format.first() == Some(&"REMOTE"),
        shift: shift_work,
        letter_required: response_letter_required,
    };
    let text = if english {
        describe::english(rng, &brief)
    } else {
        describe::russian(rng, &brief)
    };
    let (published_at, initial_created_at) = terms::dates(rng, now);
    let it = profession.track.is_it();
    let languages = terms::languages(rng, english, it, level);
    let role = match (level, profession.lead_role) {
        (3, Some(lead_role)) => lead_role,
        _ => profession.role,
    };
    Vacancy {
        id: String::new(),
        name,
        profession: profession.key,
        level: LEVELS[level.min(3)],
        professional_role: role,
        employer_id: employer.id.clone(),
        area_id,
        salary,
        experience,
        employment_form,
        work_format,
        shift_work,
        key_skills,
        description: text.description,
        snippet_requirement: text.requirement,
        snippet_responsibility: text.responsibility,
        languages,
        archived: chance(rng, 4.0),
        has_test: chance(rng, if it { 8.5 } else { 3.5 }),
        response_letter_required,
        kind,
        response_url: None,
        internship: level == 0 && it && chance(rng, 30.0),
        night_shifts: shift_work && profession.track == Track::Field && chance(rng, 20.0),
        english,
        published_at,
        created_at: published_at,
        initial_created_at,
    }
}

fn level_weights(profession: &Profession) -> [(usize, u32); 4] {
    let [junior, middle, senior, lead] = profession.levels;
    [(0, junior), (1, middle), (2, senior), (3, lead)]
}

/// The titles of `level`, falling back to the middle level when that one is empty.
fn non_empty(titles: [&'static [&'static str]; 4], level: usize) -> &'static [&'static str] {
    match titles.get(level) {
        Some(list) if !list.is_empty() => list,
        _ => titles[1],
    }
}

/// An employer from one of the profession's sectors; international ones only for
/// professions with English titles.
fn choose_employer<'a>(
    rng: &mut ChaCha8Rng,
    profession: &Profession,
    level: usize,
    employers: &'a [Employer],
    fallback: &'a Employer,
) -> &'a Employer {
    let mut sector = pick(rng, profession.sectors, Sector::It);
    if sector == Sector::International && non_empty(profession.titles_en, level).is_empty() {
        sector = Sector::It;
    }
    let candidates: Vec<&Employer> = employers
        .iter()
        .filter(|employer| employer.sector == sector)
        .collect();
    candidates.choose(rng).copied().unwrap_or(fallback)
}
