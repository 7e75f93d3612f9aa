//! Seniority traps: a vacancy two or more levels away from the candidate scores below the
//! auto mode's default minimum and says why; one level away costs less.

use serde_json::json;

use super::fixtures::{features, profile};
use crate::bot::settings::Settings;
use crate::rank::{score, Filters, Ranked};

/// How far the vacancy's level is from the candidate's, as the test expects it.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The same level: no penalty, no note.
    Same,
    /// One level apart: a milder penalty; the note's tail.
    Step(&'static str),
    /// Two or more levels apart: below the default minimum; the note's tail.
    Gap(&'static str),
}

/// The intern's title word.
const STAJER: &str = "Стажёр";

/// The fixture pair (a Rust developer, 6 years, and a matching remote Rust vacancy) with
/// a level word in front of both titles (`""`: none).
fn scored(candidate: &str, vacancy: &str) -> Ranked {
    let title = format!("{candidate} Rust разработчик");
    score(
        &profile(json!({ "title": title.trim() })),
        &features(json!({ "name": format!("{vacancy} Rust-разработчик").trim() })),
        &Filters::default(),
    )
}

fn level_notes(ranked: &Ranked) -> Vec<&str> {
    ranked
        .explanation
        .notes
        .iter()
        .map(String::as_str)
        .filter(|note| note.starts_with("Уровень вакансии"))
        .collect()
}

#[track_caller]
fn check(candidate: &str, vacancy: &str, expect: Expect) {
    let minimum = Settings::default().min_score;
    let same = scored(candidate, candidate);
    let ranked = scored(candidate, vacancy);
    let pair = format!("{candidate} → {vacancy}");
    let notes = level_notes(&ranked);
    match expect {
        Expect::Same => {
            assert!(notes.is_empty(), "{pair}: {notes:?}");
            assert_eq!(ranked.score, same.score, "{pair}");
            assert!(ranked.score >= minimum, "{pair}: {}", ranked.score);
        }
        Expect::Step(tail) | Expect::Gap(tail) => {
            assert_eq!(notes.len(), 1, "{pair}: {:?}", ranked.explanation);
            assert!(
                notes[0].ends_with(tail),
                "{pair}: {:?} vs {tail:?}",
                notes[0]
            );
            assert!(ranked.explanation.to_text().contains(notes[0]), "{pair}");
            assert!(ranked.score < same.score, "{pair}: {}", ranked.score);
        }
    }
    match expect {
        Expect::Same => {}
        // Milder than a gap: a step alone keeps a good match above the minimum.
        Expect::Step(_) => assert!(ranked.score >= minimum, "{pair}: {}", ranked.score),
        Expect::Gap(_) => assert!(ranked.score < minimum, "{pair}: {}", ranked.score),
    }
}

#[test]
fn every_level_pair_is_penalised_by_its_distance() {
    use Expect::{Gap, Same, Step};
    let rows: [(&str, &str, Expect); 25] = [
        (STAJER, STAJER, Same),
        (STAJER, "Junior", Step("на ступень выше.")),
        (STAJER, "Middle", Gap("на 2 ступени выше.")),
        (STAJER, "Senior", Gap("на 3 ступени выше.")),
        (STAJER, "Lead", Gap("на 4 ступени выше.")),
        ("Junior", STAJER, Step("на ступень ниже.")),
        ("Junior", "Junior", Same),
        ("Junior", "Middle", Step("на ступень выше.")),
        ("Junior", "Senior", Gap("на 2 ступени выше.")),
        ("Junior", "Lead", Gap("на 3 ступени выше.")),
        ("Middle", STAJER, Gap("на 2 ступени ниже.")),
        ("Middle", "Junior", Step("на ступень ниже.")),
        ("Middle", "Middle", Same),
        ("Middle", "Senior", Step("на ступень выше.")),
        ("Middle", "Lead", Gap("на 2 ступени выше.")),
        ("Senior", STAJER, Gap("на 3 ступени ниже.")),
        ("Senior", "Junior", Gap("на 2 ступени ниже.")),
        ("Senior", "Middle", Step("на ступень ниже.")),
        ("Senior", "Senior", Same),
        ("Senior", "Lead", Step("на ступень выше.")),
        ("Lead", STAJER, Gap("на 4 ступени ниже.")),
        ("Lead", "Junior", Gap("на 3 ступени ниже.")),
        ("Lead", "Middle", Gap("на 2 ступени ниже.")),
        ("Lead", "Senior", Step("на ступень ниже.")),
        ("Lead", "Lead", Same),
    ];
    for (candidate, vacancy, expect) in rows {
        check(candidate, vacancy, expect);
    }
}

#[test]
fn six_years_senior_backend_is_not_trapped_by_intern_and_junior_vacancies() {
    let minimum = Settings::default().min_score;
    // No level word in the desired title: 72 months make the candidate a Senior.
    for (vacancy, note) in [
        (
            "Стажёр",
            "Уровень вакансии — стажёр, ваш — Senior: на 3 ступени ниже.",
        ),
        (
            "Junior",
            "Уровень вакансии — Junior, ваш — Senior: на 2 ступени ниже.",
        ),
        (
            "Младший",
            "Уровень вакансии — Junior, ваш — Senior: на 2 ступени ниже.",
        ),
    ] {
        let ranked = scored("", vacancy);
        assert!(ranked.score < minimum, "{vacancy}: {}", ranked.score);
        assert_eq!(level_notes(&ranked), [note], "{vacancy}");
    }
    let unlevelled = scored("", "");
    assert!(level_notes(&unlevelled).is_empty());
    assert!(unlevelled.score >= minimum, "{}", unlevelled.score);
}

#[test]
fn the_level_reason_survives_a_long_explanation() {
    // Skills, salary and the exclusion leave room for one more sentence: the level's.
    let names: Vec<String> = (0..30)
        .map(|n| format!("Очень длинное название навыка номер {n} для проверки"))
        .collect();
    let ranked = score(
        &profile(json!({"title": "Senior Rust разработчик", "skill_set": names[..15].to_vec()})),
        &features(json!({"name": "Стажёр Rust-разработчик",
            "key_skills": names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>(),
            "area": {"id": "88", "name": "Казань"}, "work_format": [{"id": "ON_SITE"}],
            "has_test": true})),
        &Filters::default(),
    );
    let text = ranked.explanation.to_text();
    assert!(text.chars().count() <= 600, "{text}");
    assert!(
        text.contains("Уровень вакансии — стажёр, ваш — Senior: на 3 ступени ниже."),
        "{text}"
    );
}
