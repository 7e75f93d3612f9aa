//! No panics and sane results on empty, odd and hostile input.

use serde_json::json;

use super::fixtures::rates;
use crate::hh::types::{Resume, Vacancy};
use crate::rank::text::{html_to_text, tokens};
use crate::rank::{rank_vacancies, score, ExcludedItems, Features, Filters, Profile, Skill};

const ODD_TEXTS: &[&str] = &[
    "",
    " ",
    "<",
    "<<<>>>&&&;;;",
    "<p",
    "&#",
    "&#x110000;",
    "<script>",
    "<!--",
    "\u{0}\u{FEFF}\u{200B}\u{00AD}",
    "İİİ ǅ ß ﬁ",
    "🦀🦀🦀 C++++ ## .. ./. -- //",
    "1С1С1С 1c1c ++c #c",
    "Опыт 99999999999999999999 лет, зарплата 1e308 руб, $-5",
    "Требования:\n:\n::\nБудет плюсом",
    "ёЁёЁ ЁЛКА",
];

#[test]
fn odd_text_never_panics() {
    for text in ODD_TEXTS {
        let _ = html_to_text(text);
        let _ = tokens(text);
        let _ = Skill::parse_all(text);
        let profile = Profile::from_text(text, &rates());
        let vacancy: Vacancy =
            serde_json::from_value(json!({"id": "1", "name": text, "description": text}))
                .expect("vacancy");
        let features = Features::from_vacancy(&vacancy, &rates());
        let ranked = score(&profile, &features, &Filters::default());
        assert!(ranked.score <= 100);
        assert!(ranked.explanation.to_text().chars().count() <= 600);
    }
    let long_word = "ж".repeat(10_000);
    assert_eq!(tokens(&long_word).len(), 1);
    let deep = "<div>".repeat(10_000) + "текст";
    assert_eq!(html_to_text(&deep), "текст");
}

#[test]
fn empty_and_extreme_dtos_are_handled() {
    let resume: Resume = serde_json::from_value(json!({"id": "r"})).expect("resume");
    let empty_profile = Profile::from_resume(&resume, &rates());
    let vacancy: Vacancy = serde_json::from_value(json!({"id": "v"})).expect("vacancy");
    let bare = Features::from_vacancy(&vacancy, &rates());
    let ranked = score(&empty_profile, &bare, &Filters::default());
    assert_eq!(ranked.excluded, None);
    assert!(ranked.score > 0 && ranked.score <= 100);

    let huge: Vacancy = serde_json::from_value(json!({
        "id": "99999999999999999999999",
        "salary_range": {"from": 1e300, "to": -5, "currency": "USD", "gross": true},
        "experience": {"id": "whatever"},
        "work_format": [{"id": "SPACE"}],
        "key_skills": [{"name": ""}, {"name": "   "}, {"name": "x".repeat(500)}]
    }))
    .expect("vacancy");
    let resume: Resume = serde_json::from_value(json!({
        "id": "r",
        "salary": {"amount": 1e308, "currency": "RUR"},
        "total_experience": {"months": u32::MAX},
        "skill_set": ["", "x".repeat(300)],
        "relocation": "yes",
        "experience": [{"end": null}, {"position": "", "company": ""}]
    }))
    .expect("resume");
    let profile = Profile::from_resume(&resume, &rates());
    let features = Features::from_vacancy(&huge, &rates());
    let ranked = score(
        &profile,
        &features,
        &Filters {
            min_salary: Some(u64::MAX),
            ..Filters::default()
        },
    );
    assert!(ranked.score <= 100);
    assert!(ranked.explanation.to_text().chars().count() <= 600);
    let list = rank_vacancies(
        &profile,
        &[huge.clone(), vacancy, huge],
        &rates(),
        &Filters::default(),
        usize::MAX,
        ExcludedItems::Last,
    );
    assert_eq!(list.len(), 3);
}
