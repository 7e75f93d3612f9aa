//! The evidence a score is weighed from, and that the explanation words only it.

use serde_json::json;

use super::fixtures::{features, profile};
use crate::rank::evidence::{Experience, Level};
use crate::rank::{
    score, ExperienceLevel, Filters, Importance, Place, SalaryComparison, Seniority, SkillMatch,
    SkillSource,
};

#[test]
fn the_example_evidence() {
    let ranked = score(
        &profile(json!({})),
        &features(json!({})),
        &Filters::default(),
    );
    let evidence = &ranked.evidence;
    let skills: Vec<(&str, SkillSource, &SkillMatch)> = evidence
        .skills
        .iter()
        .map(|skill| (skill.name.as_ref(), skill.source, &skill.found))
        .collect();
    let key = SkillSource::Vacancy(Importance::KeySkill);
    assert_eq!(
        skills,
        [
            ("Rust", key, &SkillMatch::Exact(1.0)),
            ("PostgreSQL", key, &SkillMatch::Exact(1.0)),
            ("Docker", key, &SkillMatch::Exact(1.0)),
            (
                "Kubernetes",
                key,
                &SkillMatch::Related {
                    credit: 0.5,
                    own: "Docker".into()
                }
            ),
        ]
    );
    assert_eq!(evidence.place, Place::Remote);
    assert_eq!(evidence.salary, SalaryComparison::Above { wish: 250_000.0 });
    assert_eq!(
        evidence.experience,
        Experience {
            wanted: Some(ExperienceLevel::From3To6),
            months: Some(72)
        }
    );
    assert_eq!(
        evidence.level,
        Level {
            candidate: Some(Seniority::Senior),
            vacancy: None
        }
    );
    assert!((evidence.title - 1.0).abs() < 1e-6, "{}", evidence.title);
}

#[test]
fn related_credit_names_the_strongest_own_skill() {
    let related_own = |resume: serde_json::Value| {
        let ranked = score(
            &profile(resume),
            &features(json!({"key_skills": [{"name": "PostgreSQL"}], "description": ""})),
            &Filters::default(),
        );
        match &ranked.evidence.skills[0].found {
            SkillMatch::Related { own, .. } => own.to_string(),
            other => panic!("not related: {other:?}"),
        }
    };
    let stronger = json!({"skill_set": ["MySQL"], "skills": null,
        "experience": [{"position": "Разработчик", "description": "Oracle"}]});
    assert_eq!(related_own(stronger), "MySQL");
    let equal = json!({"skill_set": ["MySQL", "Oracle"], "skills": null, "experience": []});
    assert_eq!(related_own(equal), "Oracle");
}

#[test]
fn custom_skills_found_in_the_text_are_evidence_too() {
    let ranked = score(
        &profile(json!({"skill_set": ["Разведение кактусов"], "skills": null, "experience": []})),
        &features(json!({"key_skills": [],
            "description": "<p>Будем рады опыту в разведении кактусов</p>"})),
        &Filters::default(),
    );
    let custom: Vec<_> = ranked
        .evidence
        .skills
        .iter()
        .filter(|skill| skill.source == SkillSource::CandidateText)
        .collect();
    assert_eq!(custom.len(), 1, "{:?}", ranked.evidence.skills);
    assert_eq!(custom[0].name, "Разведение кактусов");
    assert_eq!(custom[0].found, SkillMatch::Exact(1.0));
    assert_eq!(ranked.explanation.matched, ["Разведение кактусов"]);
    assert_eq!(ranked.explanation.skills_total, 0);
}

#[test]
fn a_hybrid_job_at_home_is_its_own_place() {
    let ranked = score(
        &profile(json!({})),
        &features(json!({"work_format": [{"id": "HYBRID"}]})),
        &Filters::default(),
    );
    assert_eq!(ranked.evidence.place, Place::Hybrid);
    assert_eq!(ranked.components.location, 1.0);
    assert!(ranked.explanation.notes.contains(&"Гибрид.".to_owned()));
}
