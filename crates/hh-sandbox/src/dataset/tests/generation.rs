//! The generated records: determinism, volume, proportions, text and lookups.

use std::collections::{HashMap, HashSet};

use chrono::Duration;

use super::{dataset, now};
use crate::dataset::{professions, render, Dataset, Resume, Salary, Vacancy, DEFAULT_SEED};
use hh_agent::hh::types;

fn share(count: usize, total: usize) -> f64 {
    count as f64 * 100.0 / total.max(1) as f64
}

#[track_caller]
fn check_band(label: &str, percent: f64, low: f64, high: f64) {
    assert!(
        (low..=high).contains(&percent),
        "{label}: {percent:.1} % is outside {low}..{high} %"
    );
}

#[test]
fn same_seed_same_dataset_other_seed_differs() {
    let started = std::time::Instant::now();
    let first = Dataset::generate(DEFAULT_SEED, now());
    eprintln!(
        "generated {} vacancies in {:?}",
        first.vacancies.len(),
        started.elapsed()
    );
    let second = Dataset::generate(DEFAULT_SEED, now());
    assert_eq!(first.vacancies, second.vacancies);
    assert_eq!(first.employers, second.employers);
    assert_eq!(first.people, second.people);
    let other = Dataset::generate(DEFAULT_SEED + 1, now());
    assert_ne!(first.vacancies, other.vacancies);
    assert_eq!(first.people[0].resumes[0].id, other.people[0].resumes[0].id);
}

#[test]
fn volume_and_professions() {
    let data = dataset();
    assert!(data.vacancies.len() >= 2_500, "{}", data.vacancies.len());
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for vacancy in &data.vacancies {
        *counts.entry(vacancy.profession).or_default() += 1;
    }
    assert!(counts.len() >= 25, "{} professions", counts.len());
    assert_eq!(counts.len(), data.professions().len());
    for (profession, count) in &counts {
        assert!(*count >= 20, "{profession}: {count}");
    }
    let mut listed: Vec<_> = counts.into_iter().collect();
    listed.sort_by_key(|(key, _)| *key);
    eprintln!("professions: {listed:?}");
}

#[test]
fn flags_formats_areas_and_salaries_have_realistic_shares() {
    check_shares(dataset());
    for seed in [1, 77] {
        check_shares(&Dataset::generate(seed, now()));
    }
}

fn check_shares(data: &Dataset) {
    eprintln!("seed {}:", data.seed);
    let all = &data.vacancies;
    let total = all.len();
    let count =
        |test: &dyn Fn(&Vacancy) -> bool| all.iter().filter(|vacancy| test(vacancy)).count();
    let salaried: Vec<&Salary> = all
        .iter()
        .filter_map(|vacancy| vacancy.salary.as_ref())
        .collect();
    let in_currency = |code: &str| {
        salaried
            .iter()
            .filter(|salary| salary.currency == code)
            .count()
    };
    let it = count(&|vacancy| {
        professions::all().any(|p| p.key == vacancy.profession && p.track.is_it())
    });
    let shares = [
        ("archived", share(count(&|v| v.archived), total), 2.0, 7.0),
        ("has_test", share(count(&|v| v.has_test), total), 3.0, 10.0),
        (
            "direct",
            share(count(&|v| v.kind == "direct"), total),
            3.0,
            8.0,
        ),
        (
            "anonymous",
            share(count(&|v| v.kind == "anonymous"), total),
            0.5,
            3.0,
        ),
        (
            "letter",
            share(count(&|v| v.response_letter_required), total),
            8.0,
            17.0,
        ),
        (
            "no salary",
            share(count(&|v| v.salary.is_none()), total),
            18.0,
            32.0,
        ),
        (
            "only from",
            share(
                count(&|v| v.salary.as_ref().is_some_and(|s| s.to.is_none())),
                total,
            ),
            8.0,
            22.0,
        ),
        (
            "only to",
            share(
                count(&|v| v.salary.as_ref().is_some_and(|s| s.from.is_none())),
                total,
            ),
            3.0,
            12.0,
        ),
        (
            "USD of salaried",
            share(in_currency("USD"), salaried.len()),
            2.0,
            9.0,
        ),
        (
            "EUR of salaried",
            share(in_currency("EUR"), salaried.len()),
            0.5,
            4.0,
        ),
        (
            "Moscow",
            share(count(&|v| v.area_id == "1"), total),
            30.0,
            50.0,
        ),
        (
            "Saint Petersburg",
            share(count(&|v| v.area_id == "2"), total),
            10.0,
            20.0,
        ),
        (
            "REMOTE",
            share(count(&|v| v.is_remote()), total),
            15.0,
            27.0,
        ),
        (
            "HYBRID",
            share(count(&|v| v.work_format.contains(&"HYBRID")), total),
            10.0,
            22.0,
        ),
        ("English", share(count(&|v| v.english), total), 1.5, 6.0),
        ("IT", share(it, total), 38.0, 52.0),
    ];
    for (label, percent, low, high) in shares {
        eprintln!("{label}: {percent:.1} %");
        check_band(label, percent, low, high);
    }
}

#[test]
fn every_vacancy_has_skills_text_and_consistent_fields() {
    let data = dataset();
    for vacancy in &data.vacancies {
        let id = &vacancy.id;
        assert!(
            vacancy.key_skills.len() >= 3,
            "{id}: {:?}",
            vacancy.key_skills
        );
        let unique: HashSet<&String> = vacancy.key_skills.iter().collect();
        assert_eq!(
            unique.len(),
            vacancy.key_skills.len(),
            "{id}: duplicate skills"
        );
        assert!(
            vacancy.description.chars().count() >= 200,
            "{id}: short description"
        );
        for marker in ["{", "}", "TODO", "  "] {
            assert!(
                !vacancy.description.contains(marker),
                "{id}: {marker:?} in description"
            );
            assert!(!vacancy.name.contains(marker), "{id}: {marker:?} in name");
        }
        assert!(vacancy.description.starts_with("<p>") && vacancy.description.contains("<ul><li>"));
        assert!(
            !vacancy.snippet_requirement.is_empty() && !vacancy.snippet_responsibility.is_empty()
        );
        assert!(
            !vacancy.snippet_requirement.contains('<'),
            "{id}: HTML in snippet"
        );
        if let Some(salary) = &vacancy.salary {
            assert!(
                salary.from.is_some() || salary.to.is_some(),
                "{id}: empty salary"
            );
            if let (Some(from), Some(to)) = (salary.from, salary.to) {
                assert!(from <= to, "{id}: {from} > {to}");
            }
        }
        assert_eq!(
            vacancy.kind == "direct",
            vacancy.response_url.is_some(),
            "{id}"
        );
        if let Some(url) = &vacancy.response_url {
            assert!(
                url.starts_with("https://career.") && url.contains(".example/vacancy/"),
                "{url}"
            );
        }
        assert!(
            vacancy.published_at <= data.now
                && vacancy.published_at > data.now - Duration::days(30)
        );
        assert!(vacancy.initial_created_at <= vacancy.created_at);
        let allowed: &[&str] = match vacancy.level {
            "junior" => &["noExperience", "between1And3"],
            "senior" | "lead" => &["between3And6", "moreThan6"],
            _ => &["noExperience", "between1And3", "between3And6"],
        };
        assert!(
            allowed.contains(&vacancy.experience),
            "{id}: {} {}",
            vacancy.level,
            vacancy.experience
        );
        let employer = data.employer_of(vacancy);
        assert!(employer.is_some(), "{id}: no employer");
        if vacancy.is_remote() && !vacancy.english {
            assert_eq!(
                Some(vacancy.area_id),
                employer.map(|employer| employer.area_id),
                "{id}"
            );
        }
        assert!(data.area(vacancy.area_id).is_some(), "{id}: unknown area");
    }
}

#[test]
fn vacancies_of_one_profession_are_not_copies() {
    let data = dataset();
    let descriptions: HashSet<&str> = data
        .vacancies
        .iter()
        .map(|v| v.description.as_str())
        .collect();
    assert_eq!(descriptions.len(), data.vacancies.len());
    let rust_titles: HashSet<&str> = data
        .vacancies
        .iter()
        .filter(|vacancy| vacancy.profession == "backend_rust")
        .map(|vacancy| vacancy.name.as_str())
        .collect();
    assert!(rust_titles.len() >= 8, "{rust_titles:?}");
    let postgres_spellings: HashSet<&str> = data
        .vacancies
        .iter()
        .flat_map(|vacancy| vacancy.key_skills.iter())
        .filter(|skill| skill.to_lowercase().starts_with("postgres"))
        .map(String::as_str)
        .collect();
    assert!(postgres_spellings.len() >= 2, "{postgres_spellings:?}");
}

#[test]
fn ids_are_unique_and_well_formed() {
    let data = dataset();
    let vacancy_ids: HashSet<&str> = data.vacancies.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(vacancy_ids.len(), data.vacancies.len());
    assert!(data.vacancies.iter().all(|v| v.id.parse::<u64>().is_ok()));
    assert!(data
        .vacancies
        .windows(2)
        .all(|pair| pair[0].published_at <= pair[1].published_at));
    let employer_ids: HashSet<&str> = data.employers.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(employer_ids.len(), data.employers.len());
    let slugs: HashSet<&str> = data.employers.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs.len(), data.employers.len());
    let names: HashSet<&str> = data.employers.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names.len(), data.employers.len());
    for employer in &data.employers {
        assert!(
            employer.site_url.ends_with(".example") && !employer.slug.is_empty(),
            "{}",
            employer.site_url
        );
    }
    let mut resume_ids = HashSet::new();
    for resume in data.people.iter().flat_map(|person| person.resumes.iter()) {
        assert_eq!(resume.id.len(), 38, "{}", resume.id);
        assert!(resume
            .id
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert!(resume_ids.insert(resume.id.clone()));
    }
}

#[test]
fn lookups_find_records() {
    let data = dataset();
    let vacancy = &data.vacancies[100];
    assert_eq!(data.vacancy(&vacancy.id).map(|v| &v.id), Some(&vacancy.id));
    assert!(data.vacancy("1").is_none());
    let employer = &data.employers[5];
    assert_eq!(
        data.employer(&employer.id).map(|e| &e.name),
        Some(&employer.name)
    );
    let resume = &data.people[2].resumes[0];
    assert_eq!(
        data.resume(&resume.id).map(|r| &r.title),
        Some(&resume.title)
    );
    assert_eq!(
        data.person_by_resume(&resume.id).map(|p| p.id.as_str()),
        Some("31000003")
    );
    assert!(data.resume("nope").is_none() && data.person_by_resume("nope").is_none());
    assert_eq!(data.currency_rate("RUR"), Some(1.0));
    assert!(data
        .currency_rate("USD")
        .is_some_and(|rate| rate > 0.01 && rate < 0.02));
    assert_eq!(data.currency_rate("XXX"), None);
    let total: u64 = data
        .employers
        .iter()
        .map(|e| data.open_vacancies(&e.id))
        .sum();
    let open = data.vacancies.iter().filter(|v| !v.archived).count();
    assert_eq!(total, open as u64);
}

#[test]
fn area_tree_nests_cities_in_countries() {
    let data = dataset();
    assert!(data.area_is_within("1", "113") && data.area_is_within("88", "113"));
    assert!(data.area_is_within("88", "88") && !data.area_is_within("1002", "113"));
    let russia = data.area_ids_under("113");
    assert!(["113", "1", "2", "3", "4", "88", "66", "53", "78"]
        .iter()
        .all(|id| russia.contains(id)));
    assert!(!russia.contains(&"1002") && !russia.contains(&"160"));
    assert_eq!(data.area_ids_under("16"), vec!["16", "1002"]);
    assert!(data.area_ids_under("999").is_empty());
    let tree: Vec<types::AreaNode> = serde_json::from_value(render::areas()).unwrap_or_default();
    let ids: Vec<&str> = tree.iter().map(|node| node.id.as_str()).collect();
    assert_eq!(ids, vec!["113", "16", "40"]);
    assert!(tree[0]
        .areas
        .iter()
        .any(|node| node.id == "1" && node.parent_id.as_deref() == Some("113")));
    assert!(render::area_tree("1261").is_some_and(|node| node["areas"][0]["id"] == "3"));
}

#[test]
fn people_have_the_promised_profiles() {
    let data = dataset();
    assert!(data.people.len() >= 5);
    let backend = &data.people[0];
    let main = &backend.resumes[0];
    assert_eq!(
        (main.profession, main.area_id, main.salary),
        ("backend_rust", "1", Some((350_000, "RUR")))
    );
    assert_eq!(main.total_experience_months, 72);
    assert!(main.work_format.contains(&"REMOTE"));
    assert_eq!(backend.resumes[1].status, "not_published");
    let professions: Vec<&str> = data
        .people
        .iter()
        .map(|p| p.resumes[0].profession)
        .collect();
    for expected in [
        "qa_automation",
        "accountant",
        "frontend_react",
        "data_analyst",
        "driver",
    ] {
        assert!(professions.contains(&expected), "{expected}");
    }
    let resumes: Vec<&Resume> = data.people.iter().flat_map(|p| p.resumes.iter()).collect();
    assert!(resumes.iter().any(|r| r.can_publish_or_update(data.now)));
    assert!(resumes.iter().any(|r| !r.can_publish_or_update(data.now)));
    for resume in resumes {
        assert!(
            data.professions().contains(&resume.profession),
            "{}",
            resume.profession
        );
        assert!(resume
            .experience
            .windows(2)
            .all(|pair| pair[0].start >= pair[1].start));
        assert!(
            resume.updated_at <= resume.next_publish_at && resume.created_at <= resume.updated_at
        );
    }
}
