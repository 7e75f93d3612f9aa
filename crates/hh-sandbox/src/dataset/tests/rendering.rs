//! The rendered JSON as `hh_agent::hh::types` reads it.

use chrono::{TimeZone, Utc};

use super::{dataset, API};
use crate::dataset::{dictionaries, render};
use hh_agent::hh::types;

#[test]
fn dates_render_in_moscow_time_without_a_colon() {
    let time = Utc
        .with_ymd_and_hms(2025, 12, 30, 21, 5, 9)
        .single()
        .unwrap_or_default();
    assert_eq!(render::format_date(time), "2025-12-31T00:05:09+0300");
    let data = dataset();
    let detail = render::vacancy_detail(data, &data.vacancies[0], &[], API);
    let published = detail["published_at"].as_str().unwrap_or_default();
    assert!(
        published.ends_with("+0300") && !published.ends_with("+03:00"),
        "{published}"
    );
    assert!(types::parse_date(published).is_some());
}

#[test]
fn vacancy_detail_reads_as_our_client_expects() {
    let data = dataset();
    let vacancy = data
        .vacancies
        .iter()
        .find(|v| v.kind == "direct" && v.has_test && v.salary.is_some())
        .or_else(|| data.vacancies.iter().find(|v| v.kind == "direct"));
    let Some(vacancy) = vacancy else {
        panic!("no direct vacancy");
    };
    let body = render::vacancy_detail(data, vacancy, &["got_response"], API);
    let parsed: types::Vacancy = serde_json::from_value(body.clone()).unwrap_or_default();
    assert_eq!(parsed.id, vacancy.id);
    let skills: Vec<&str> = parsed
        .key_skills
        .iter()
        .map(|skill| skill.name.as_str())
        .collect();
    assert_eq!(
        skills,
        vacancy
            .key_skills
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert!(parsed.is_direct() && parsed.response_url == vacancy.response_url);
    assert_eq!(parsed.relations, vec!["got_response".to_owned()]);
    assert_eq!(
        parsed.description.as_deref(),
        Some(vacancy.description.as_str())
    );
    assert_eq!(
        parsed.alternate_url,
        Some(format!("https://hh.ru/vacancy/{}", vacancy.id))
    );
    assert_eq!(
        body["url"],
        format!("{API}/vacancies/{}?host=hh.ru", vacancy.id)
    );
    if let Some(salary) = &vacancy.salary {
        let range = parsed.salary_range.clone().unwrap_or_default();
        assert_eq!(range.from, salary.from.map(|from| from as f64));
        assert_eq!(range.currency.as_deref(), Some(salary.currency));
        assert_eq!(range.mode.map(|mode| mode.id), Some("MONTH".to_owned()));
    }
    assert_eq!(body["test"]["required"], vacancy.has_test);
    assert_eq!(body["experience"]["id"], vacancy.experience);
    assert_eq!(body["schedule"]["id"], vacancy.schedule());
    assert!(!body["employment_form"]["name"]
        .as_str()
        .unwrap_or_default()
        .is_empty());
}

#[test]
fn search_item_and_short_form_leave_out_the_detail() {
    let data = dataset();
    for vacancy in data.vacancies.iter().take(50) {
        let item = render::vacancy_item(data, vacancy, &[], API);
        assert!(item.get("description").is_none() && item.get("key_skills").is_none());
        assert_eq!(item["snippet"]["requirement"], vacancy.snippet_requirement);
        let parsed: types::Vacancy = serde_json::from_value(item).unwrap_or_default();
        assert_eq!(parsed.name, vacancy.name);
        let short = render::vacancy_short(data, vacancy, API);
        assert!(short.get("snippet").is_none() && short["show_contacts"] == false);
    }
    let anonymous = data.vacancies.iter().find(|v| v.kind == "anonymous");
    let Some(anonymous) = anonymous else {
        panic!("no anonymous vacancy");
    };
    let item = render::vacancy_item(data, anonymous, &[], API);
    let parsed: types::Vacancy = serde_json::from_value(item).unwrap_or_default();
    let employer = parsed.employer.unwrap_or_default();
    assert!(employer.id.is_none() && !employer.name.is_empty());
    let real = data
        .employer_of(anonymous)
        .map(|e| e.name.clone())
        .unwrap_or_default();
    assert!(
        !anonymous.description.contains(&real),
        "anonymous vacancy names its employer"
    );
}

#[test]
fn resumes_and_me_read_as_our_client_expects() {
    let data = dataset();
    for person in &data.people {
        let me: types::Me = serde_json::from_value(render::me(person, API)).unwrap_or_default();
        assert!(me.is_applicant && me.id.as_deref() == Some(person.id.as_str()));
        assert_eq!(
            render::me(person, API)["counters"]["resumes_count"],
            person.resumes.len()
        );
        for resume in &person.resumes {
            let detail = render::resume_detail(data, person, resume, data.now, API);
            let parsed: types::Resume = serde_json::from_value(detail.clone()).unwrap_or_default();
            assert_eq!(parsed.id, resume.id);
            assert_eq!(parsed.skill_set, resume.skill_set);
            assert_eq!(parsed.experience.len(), resume.experience.len());
            assert_eq!(
                parsed.total_experience.map(|t| t.months),
                Some(resume.total_experience_months)
            );
            assert_eq!(
                parsed.can_publish_or_update,
                Some(resume.can_publish_or_update(data.now))
            );
            assert_eq!(
                parsed.status.map(|status| status.id),
                Some(resume.status.to_owned())
            );
            assert!(detail["next_publish_at"]
                .as_str()
                .is_some_and(|date| date.ends_with("+0300")));
            let item = render::resume_mine_item(person, resume, data.now, 17, API);
            assert!(item.get("skill_set").is_none() && item.get("skills").is_none());
            assert_eq!(item["similar_vacancies"]["counters"]["total"], 17);
            let url = format!("{API}/resumes/{}/similar_vacancies", resume.id);
            assert_eq!(item["similar_vacancies"]["url"], url);
            let parsed: types::Resume = serde_json::from_value(item).unwrap_or_default();
            assert_eq!(parsed.title.as_deref(), Some(resume.title.as_str()));
        }
    }
}

#[test]
fn employer_card_counts_open_vacancies() {
    let data = dataset();
    let employer = &data.employers[0];
    let body = render::employer_detail(employer, data.open_vacancies(&employer.id), API);
    let parsed: types::Employer = serde_json::from_value(body).unwrap_or_default();
    assert_eq!(parsed.id, employer.id);
    assert_eq!(
        parsed.open_vacancies,
        Some(data.open_vacancies(&employer.id))
    );
    assert_eq!(parsed.site_url.as_deref(), Some(employer.site_url.as_str()));
}

#[test]
fn dictionaries_name_every_id_the_records_use() {
    let body = render::dictionaries();
    let parsed: types::Dictionaries = serde_json::from_value(body.clone()).unwrap_or_default();
    let rur = parsed
        .currency
        .iter()
        .find(|currency| currency.code == "RUR");
    assert_eq!(rur.map(|currency| currency.rate), Some(1.0));
    assert_eq!(parsed.experience.len(), 4);
    for key in [
        "vacancy_search_order",
        "vacancy_label",
        "vacancy_relation",
        "applicant_negotiation_status",
        "resume_status",
    ] {
        assert!(
            body[key].as_array().is_some_and(|list| !list.is_empty()),
            "{key}"
        );
    }
    let data = dataset();
    for vacancy in &data.vacancies {
        let used = [
            ("experience", vacancy.experience),
            ("employment_form", vacancy.employment_form),
            ("schedule", vacancy.schedule()),
            ("employment", vacancy.employment()),
            ("vacancy_type", vacancy.kind),
        ];
        for (dictionary, id) in used {
            assert!(
                !dictionaries::dictionary_name(dictionary, id).is_empty(),
                "{dictionary}/{id}"
            );
        }
        for format in &vacancy.work_format {
            assert!(
                !dictionaries::dictionary_name("work_format", format).is_empty(),
                "{format}"
            );
        }
        if let Some(salary) = &vacancy.salary {
            assert!(
                data.currency_rate(salary.currency).is_some(),
                "{}",
                salary.currency
            );
        }
    }
    for resume in data.people.iter().flat_map(|person| person.resumes.iter()) {
        for (dictionary, id) in [
            ("resume_status", resume.status),
            ("relocation_type", resume.relocation),
            ("education_level", resume.education.level),
        ] {
            assert!(
                !dictionaries::dictionary_name(dictionary, id).is_empty(),
                "{dictionary}/{id}"
            );
        }
    }
}
