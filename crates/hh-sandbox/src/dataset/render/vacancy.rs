//! Vacancies on the wire: the `GET /vacancies/{id}` body, the `/vacancies` search item and
//! the short form negotiations embed.

use serde_json::{json, Map, Value};

use super::{format_date, id_name, id_names, language, pairs, salary_range_value, salary_value};
use crate::dataset::areas::area_ref;
use crate::dataset::records::{Employer, Sector, Vacancy};
use crate::dataset::Dataset;

/// `GET /vacancies/{id}` (VacanciesVacancyForApplicant). `relations` are the token user's
/// (`got_response`, `favorited`, …).
pub fn vacancy_detail(
    dataset: &Dataset,
    vacancy: &Vacancy,
    relations: &[&str],
    api_base: &str,
) -> Value {
    let mut body = common(dataset, vacancy, relations, api_base);
    let id = &vacancy.id;
    let key_skills: Vec<Value> = vacancy
        .key_skills
        .iter()
        .map(|skill| json!({"name": skill}))
        .collect();
    let languages: Vec<Value> = vacancy
        .languages
        .iter()
        .map(|(language_id, level)| language(language_id, level))
        .collect();
    let driver_licenses: Vec<Value> = match vacancy.profession {
        "driver" => vec![json!({"id": "B"}), json!({"id": "C"})],
        _ => Vec::new(),
    };
    let test = if vacancy.has_test {
        json!({"required": true})
    } else {
        Value::Null
    };
    let extra = json!({
        "description": vacancy.description,
        "branded_description": null,
        "key_skills": key_skills,
        "accept_handicapped": false,
        "accept_kids": false,
        "allow_messages": true,
        "approved": true,
        "billing_type": {"id": "standard", "name": "Стандарт"},
        "code": null,
        "contacts": null,
        "driver_license_types": driver_licenses,
        "hidden": false,
        "initial_created_at": format_date(vacancy.initial_created_at),
        "languages": languages,
        "negotiations_url": format!("{api_base}/negotiations?vacancy_id={id}"),
        "suitable_resumes_url": format!("{api_base}/vacancies/{id}/suitable_resumes"),
        "test": test,
        "age_restriction": null,
        "closed_for_applicants": false,
        "vacancy_constructor_template": null,
        "video_vacancy": null,
    });
    merge(&mut body, extra);
    Value::Object(body)
}

/// One item of `GET /vacancies` (VacanciesVacanciesItem): no description, no key skills;
/// a plain-text `snippet` (the endpoint may add `<highlighttext>`).
pub fn vacancy_item(
    dataset: &Dataset,
    vacancy: &Vacancy,
    relations: &[&str],
    api_base: &str,
) -> Value {
    let mut body = common(dataset, vacancy, relations, api_base);
    let extra = json!({
        "snippet": {
            "requirement": vacancy.snippet_requirement,
            "responsibility": vacancy.snippet_responsibility,
        },
        "show_logo_in_search": null,
        "sort_point_distance": null,
        "is_adv_vacancy": false,
        "adv_response_url": null,
    });
    merge(&mut body, extra);
    Value::Object(body)
}

/// The short vacancy negotiations carry (VacanciesNegotiationsVacancyShort).
pub fn vacancy_short(dataset: &Dataset, vacancy: &Vacancy, api_base: &str) -> Value {
    let id = &vacancy.id;
    json!({
        "id": id,
        "name": vacancy.name,
        "area": area_ref(vacancy.area_id, api_base),
        "salary": salary_value(vacancy.salary.as_ref()),
        "salary_range": salary_range_value(vacancy.salary.as_ref()),
        "employer": employer_ref(dataset.employer_of(vacancy), vacancy, api_base),
        "address": null,
        "department": null,
        "insider_interview": null,
        "archived": vacancy.archived,
        "has_test": vacancy.has_test,
        "premium": false,
        "response_letter_required": vacancy.response_letter_required,
        "response_url": vacancy.response_url,
        "show_contacts": false,
        "show_logo_in_search": null,
        "sort_point_distance": null,
        "type": id_name("vacancy_type", vacancy.kind),
        "professional_roles": pairs(&[vacancy.professional_role]),
        "published_at": format_date(vacancy.published_at),
        "created_at": format_date(vacancy.created_at),
        "url": vacancy_url(api_base, id),
        "alternate_url": format!("https://hh.ru/vacancy/{id}"),
        "apply_alternate_url": format!("https://hh.ru/applicant/vacancy_response?vacancyId={id}"),
    })
}

/// The fields the detail and the search item share.
fn common(
    dataset: &Dataset,
    vacancy: &Vacancy,
    relations: &[&str],
    api_base: &str,
) -> Map<String, Value> {
    let id = &vacancy.id;
    let schedule = vacancy.schedule();
    let by_days = if vacancy.shift_work {
        "TWO_ON_TWO_OFF"
    } else if vacancy.employment_form == "PART" {
        "FLEXIBLE"
    } else {
        "FIVE_ON_TWO_OFF"
    };
    let hours = match (vacancy.shift_work, vacancy.employment_form) {
        (_, "PART") => "HOURS_4",
        (true, _) => "HOURS_12",
        _ => "HOURS_8",
    };
    let body = json!({
        "id": id,
        "name": vacancy.name,
        "premium": false,
        "department": null,
        "has_test": vacancy.has_test,
        "response_letter_required": vacancy.response_letter_required,
        "area": area_ref(vacancy.area_id, api_base),
        "salary": salary_value(vacancy.salary.as_ref()),
        "salary_range": salary_range_value(vacancy.salary.as_ref()),
        "type": id_name("vacancy_type", vacancy.kind),
        "address": null,
        "response_url": vacancy.response_url,
        "published_at": format_date(vacancy.published_at),
        "created_at": format_date(vacancy.created_at),
        "archived": vacancy.archived,
        "apply_alternate_url": format!("https://hh.ru/applicant/vacancy_response?vacancyId={id}"),
        "insider_interview": null,
        "url": vacancy_url(api_base, id),
        "alternate_url": format!("https://hh.ru/vacancy/{id}"),
        "relations": relations,
        "employer": employer_ref(dataset.employer_of(vacancy), vacancy, api_base),
        "contacts": null,
        "schedule": id_name("schedule", schedule),
        "working_days": [],
        "working_time_intervals": [],
        "working_time_modes": [],
        "accept_temporary": vacancy.employment_form == "PART",
        "fly_in_fly_out_duration": [],
        "work_format": id_names("work_format", &vacancy.work_format),
        "working_hours": id_names("working_hours", &[hours]),
        "work_schedule_by_days": id_names("work_schedule_by_days", &[by_days]),
        "night_shifts": vacancy.night_shifts,
        "professional_roles": pairs(&[vacancy.professional_role]),
        "accept_incomplete_resumes": vacancy.experience == "noExperience",
        "experience": id_name("experience", vacancy.experience),
        "employment": id_name("employment", vacancy.employment()),
        "employment_form": id_name("employment_form", vacancy.employment_form),
        "internship": vacancy.internship,
        "show_contacts": false,
    });
    match body {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn merge(body: &mut Map<String, Value>, extra: Value) {
    if let Value::Object(extra) = extra {
        body.extend(extra);
    }
}

fn vacancy_url(api_base: &str, id: &str) -> String {
    format!("{api_base}/vacancies/{id}?host=hh.ru")
}

/// The vacancy's `employer`: without id, links or name for anonymous vacancies.
fn employer_ref(employer: Option<&Employer>, vacancy: &Vacancy, api_base: &str) -> Value {
    let Some(employer) = employer else {
        return json!({"name": "Работодатель", "trusted": false, "accredited_it_employer": false});
    };
    if vacancy.kind == "anonymous" {
        return json!({
            "name": anonymous_name(employer.sector),
            "trusted": false,
            "accredited_it_employer": false,
            "blacklisted": false,
        });
    }
    let id = &employer.id;
    json!({
        "id": id,
        "name": employer.name,
        "url": format!("{api_base}/employers/{id}"),
        "alternate_url": format!("https://hh.ru/employer/{id}"),
        "logo_urls": null,
        "vacancies_url": format!("{api_base}/vacancies?employer_id={id}"),
        "accredited_it_employer": employer.accredited_it_employer,
        "trusted": employer.trusted,
        "blacklisted": false,
    })
}

/// How hh.ru-style anonymous vacancies describe the employer.
fn anonymous_name(sector: Sector) -> &'static str {
    match sector {
        Sector::It | Sector::International => "Крупная IT-компания",
        Sector::Bank => "Крупный банк",
        Sector::Retail => "Федеральная торговая сеть",
        Sector::Manufacturing => "Производственная компания",
        Sector::Medical => "Частная клиника",
        _ => "Компания не указывает название",
    }
}
