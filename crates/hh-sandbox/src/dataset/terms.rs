//! The terms of one vacancy: experience, city and work format, employment form, type,
//! dates and salary. Each is one seeded draw; `generate.rs` puts them together.

use chrono::{DateTime, Duration, Timelike, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::areas::{country_of, CITY_WEIGHTS};
use super::professions::{Profession, Track};
use super::records::{Employer, Salary, Sector};
use super::text::{chance, pick, weighted};

/// The employment form: part time, project, fly-in-fly-out or full.
pub(crate) fn employment_form(rng: &mut ChaCha8Rng, profession: &Profession) -> &'static str {
    if chance(rng, f64::from(profession.habits.part)) {
        "PART"
    } else if matches!(profession.track, Track::Design | Track::Frontend) && chance(rng, 4.0) {
        "PROJECT"
    } else if profession.key == "warehouse" && chance(rng, 5.0) {
        "FLY_IN_FLY_OUT"
    } else {
        "FULL"
    }
}

/// The vacancy type: about 5 % `direct`, 2 % `closed`, 1.5 % `anonymous`.
pub(crate) fn kind(rng: &mut ChaCha8Rng) -> &'static str {
    let kinds = [
        ("open", 915),
        ("direct", 50),
        ("closed", 20),
        ("anonymous", 15),
    ];
    weighted(rng, &kinds, "open")
}

/// Whether a cover letter is required: rare on the floor, common in offices.
pub(crate) fn letter_required(rng: &mut ChaCha8Rng, track: Track) -> bool {
    let percent = match track {
        Track::Field => 4.0,
        Track::Design | Track::Office | Track::Management => 17.0,
        _ => 14.0,
    };
    chance(rng, percent)
}

/// Publication within the last 30 days, and the first creation (earlier when republished).
pub(crate) fn dates(rng: &mut ChaCha8Rng, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let published_at = now - Duration::seconds(rng.gen_range(60..30 * 24 * 3600));
    let published_at = published_at.with_nanosecond(0).unwrap_or(published_at);
    let initial_created_at = if chance(rng, 20.0) {
        published_at - Duration::days(rng.gen_range(5..60))
    } else {
        published_at
    };
    (published_at, initial_created_at)
}

/// Required languages: English B2 abroad, sometimes B1 for senior IT roles.
pub(crate) fn languages(
    rng: &mut ChaCha8Rng,
    english: bool,
    it: bool,
    level: usize,
) -> Vec<(&'static str, &'static str)> {
    if english {
        vec![("eng", "b2")]
    } else if it && level >= 2 && chance(rng, 25.0) {
        vec![("eng", "b1")]
    } else {
        Vec::new()
    }
}

/// The experience id, consistent with the level (juniors never ask for six years).
pub(crate) fn experience(rng: &mut ChaCha8Rng, track: Track, level: usize) -> &'static str {
    let it = track.is_it();
    let table: [(&'static str, u32); 4] = match level {
        0 if it => [
            ("noExperience", 55),
            ("between1And3", 45),
            ("between3And6", 0),
            ("moreThan6", 0),
        ],
        0 => [
            ("noExperience", 75),
            ("between1And3", 25),
            ("between3And6", 0),
            ("moreThan6", 0),
        ],
        1 if track == Track::Field => [
            ("noExperience", 30),
            ("between1And3", 50),
            ("between3And6", 20),
            ("moreThan6", 0),
        ],
        1 => [
            ("noExperience", 0),
            ("between1And3", 65),
            ("between3And6", 35),
            ("moreThan6", 0),
        ],
        2 => [
            ("noExperience", 0),
            ("between1And3", 0),
            ("between3And6", 70),
            ("moreThan6", 30),
        ],
        _ => [
            ("noExperience", 0),
            ("between1And3", 0),
            ("between3And6", 45),
            ("moreThan6", 55),
        ],
    };
    weighted(rng, &table, "between1And3")
}

/// The city and work formats. Remote vacancies stay in the employer's city; federal
/// employers hire in any city.
pub(crate) fn place(
    rng: &mut ChaCha8Rng,
    profession: &Profession,
    employer: &Employer,
) -> (&'static str, Vec<&'static str>) {
    let home = employer.area_id;
    let international = employer.sector == Sector::International;
    let habits = profession.habits;
    let (remote, hybrid) = if international {
        (75, 15)
    } else {
        (u32::from(habits.remote), u32::from(habits.hybrid))
    };
    let roll = rng.gen_range(0..100);
    let mut formats = if roll < remote {
        vec!["REMOTE"]
    } else if roll < remote + hybrid {
        vec!["HYBRID"]
    } else if chance(rng, f64::from(habits.field)) {
        vec!["FIELD_WORK"]
    } else {
        vec!["ON_SITE"]
    };
    let is_remote = formats.first() == Some(&"REMOTE");
    if is_remote && chance(rng, 15.0) {
        formats.push("HYBRID");
    }
    let area = if is_remote || international || !employer.federal {
        home
    } else {
        weighted(rng, CITY_WEIGHTS, home)
    };
    (area, formats)
}

/// Condition lines that state the format and schedule in the description.
pub(crate) fn format_lines(
    rng: &mut ChaCha8Rng,
    formats: &[&str],
    shift_work: bool,
    employment_form: &str,
    english: bool,
) -> Vec<String> {
    if english {
        return Vec::new();
    }
    let mut lines = Vec::new();
    match formats.first().copied() {
        Some("REMOTE") => lines.push(pick(
            rng,
            &[
                "Полностью удалённая работа",
                "Удалённая работа из любого города России",
                "Удалёнка, офис по желанию",
            ],
            "Удалённая работа",
        )),
        Some("HYBRID") => lines.push(pick(
            rng,
            &[
                "Гибридный формат: 2–3 дня в офисе",
                "Гибрид: офис и удалённая работа",
            ],
            "Гибридный формат",
        )),
        Some("FIELD_WORK") => lines.push("Разъездной характер работы"),
        _ => {}
    }
    if shift_work {
        lines.push(pick(
            rng,
            &[
                "Сменный график 2/2 по 12 часов",
                "График 5/2 или 2/2 на выбор",
                "Сменный график, смены по 8 или 12 часов",
            ],
            "Сменный график",
        ));
    }
    if employment_form == "PART" {
        lines.push("Частичная занятость, можно совмещать с учёбой");
    }
    lines.into_iter().map(str::to_owned).collect()
}

/// The salary: a quarter unpublished, some open-ended; USD or EUR abroad and now and then
/// for senior engineers, KZT and BYR in Kazakhstan and Belarus, converted at the
/// dictionary rates.
pub(crate) fn salary(
    rng: &mut ChaCha8Rng,
    profession: &Profession,
    level: usize,
    employer: &Employer,
    area_id: &str,
) -> Option<Salary> {
    if chance(rng, 25.0) {
        return None;
    }
    let (low, high) = profession
        .salary
        .get(level)
        .copied()
        .unwrap_or((50_000, 80_000));
    let base = rng.gen_range(low..=high.max(low)) as f64;
    let top = base * rng.gen_range(1.15..1.6);
    let international = employer.sector == Sector::International;
    let country = country_of(area_id).map_or("113", |country| country.id);
    let currency = if international {
        if chance(rng, 55.0) {
            "USD"
        } else {
            "EUR"
        }
    } else if country == "16" {
        if chance(rng, 50.0) {
            "USD"
        } else {
            "BYR"
        }
    } else if country == "40" {
        if chance(rng, 85.0) {
            "KZT"
        } else {
            "USD"
        }
    } else if relocates(profession.track) && level >= 2 {
        weighted(rng, &[("RUR", 86), ("USD", 11), ("EUR", 3)], "RUR")
    } else {
        "RUR"
    };
    let rate = super::dictionaries::currency_rate(currency).unwrap_or(1.0);
    let step = match currency {
        "RUR" if high >= 150_000 => 10_000.0,
        "RUR" => 5_000.0,
        "KZT" => 10_000.0,
        "BYR" => 50.0,
        _ => 100.0,
    };
    let round = |amount: f64| ((amount * rate / step).round() * step).max(step) as u64;
    let (from, to) = (round(base), round(top).max(round(base)));
    let shape = rng.gen_range(0..100);
    Some(Salary {
        from: (!(20..30).contains(&shape)).then_some(from),
        to: (shape >= 20).then_some(to),
        currency,
        gross: chance(rng, 30.0),
    })
}

/// Whether senior people of this track get offers in hard currency (relocation, foreign
/// clients) from Russian employers too.
fn relocates(track: Track) -> bool {
    matches!(
        track,
        Track::Backend | Track::Frontend | Track::Mobile | Track::Infra | Track::Data
    )
}
