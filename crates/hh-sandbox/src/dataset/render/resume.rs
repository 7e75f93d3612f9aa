//! Resumes on the wire: the owner's `GET /resumes/{id}` body and the `/resumes/mine` item
//! (which carries no `skill_set` or `skills`, FACTS §10).

use chrono::{DateTime, Datelike, Utc};
use serde_json::{json, Map, Value};

use super::{format_date, id_name, id_names, language, pairs};
use crate::dataset::areas::area_ref;
use crate::dataset::records::{Job, Person, Resume};
use crate::dataset::Dataset;

/// `GET /resumes/{id}` as its owner sees it (ResumeResumeForApplicant).
pub fn resume_detail(
    _dataset: &Dataset,
    person: &Person,
    resume: &Resume,
    now: DateTime<Utc>,
    api_base: &str,
) -> Value {
    let mut body = common(person, resume, now, api_base);
    let id = &resume.id;
    let experience: Vec<Value> = resume
        .experience
        .iter()
        .map(|job| job_value(job, true, api_base))
        .collect();
    let schedules = schedules(&resume.work_format);
    let employments = employments(&resume.employment_form);
    let relocation_areas: Vec<Value> = resume
        .relocation_areas
        .iter()
        .map(|area| area_ref(area, api_base))
        .collect();
    let languages: Vec<Value> = resume
        .languages
        .iter()
        .map(|(language_id, level)| language(language_id, level))
        .collect();
    let licenses: Vec<Value> = resume
        .driver_license_types
        .iter()
        .map(|category| json!({"id": category}))
        .collect();
    let extra = json!({
        "experience": experience,
        "skill_set": resume.skill_set,
        "skills": resume.skills,
        "birth_date": person.birth_date.format("%Y-%m-%d").to_string(),
        "business_trip_readiness": id_name("business_trip_readiness", resume.business_trip_readiness),
        "citizenship": [area_ref("113", api_base)],
        "work_ticket": [area_ref("113", api_base)],
        "driver_license_types": licenses,
        "has_vehicle": !resume.driver_license_types.is_empty(),
        "employments": id_names("employment", &employments),
        "employment": id_name("employment", employments.first().copied().unwrap_or("full")),
        "schedules": id_names("schedule", &schedules),
        "schedule": id_name("schedule", schedules.first().copied().unwrap_or("fullDay")),
        "language": languages,
        "metro": null,
        "recommendation": [],
        "relocation": {
            "type": id_name("relocation_type", resume.relocation),
            "area": relocation_areas,
            "district": [],
        },
        "resume_locale": {"id": "RU", "name": "Русский"},
        "site": [],
        "travel_time": id_name("travel_time", "any"),
        "moderation_note": [],
        "progress": {
            "percentage": 90,
            "mandatory": [],
            "recommended": [{"id": "photo", "name": "Фото"}],
        },
        "publish_url": format!("{api_base}/resumes/{id}/publish"),
        "portfolio": [],
        "creds": null,
    });
    if let Value::Object(extra) = extra {
        body.extend(extra);
    }
    Value::Object(body)
}

/// One item of `GET /resumes/mine` (ResumesMineItem). `similar_total` is the number of
/// vacancies `GET /resumes/{id}/similar_vacancies` would find.
pub fn resume_mine_item(
    person: &Person,
    resume: &Resume,
    now: DateTime<Utc>,
    similar_total: u64,
    api_base: &str,
) -> Value {
    let mut body = common(person, resume, now, api_base);
    let id = &resume.id;
    let experience: Vec<Value> = resume
        .experience
        .iter()
        .map(|job| job_value(job, false, api_base))
        .collect();
    let extra = json!({
        "experience": experience,
        "url": format!("{api_base}/resumes/{id}"),
        "created": format_date(resume.created_at),
        "updated": format_date(resume.updated_at),
        "visible": resume.status == "published",
        "auto_hide_time": null,
        "similar_vacancies": {
            "url": format!("{api_base}/resumes/{id}/similar_vacancies"),
            "counters": {"total": similar_total},
        },
    });
    if let Value::Object(extra) = extra {
        body.extend(extra);
    }
    Value::Object(body)
}

/// What the detail and the list item share.
fn common(
    person: &Person,
    resume: &Resume,
    now: DateTime<Utc>,
    api_base: &str,
) -> Map<String, Value> {
    let id = &resume.id;
    let download = json!({
        "pdf": {"url": format!("{api_base}/resumes/{id}/download/resume.pdf?type=pdf")},
        "rtf": {"url": format!("{api_base}/resumes/{id}/download/resume.rtf?type=rtf")},
    });
    let body = json!({
        "id": id,
        "title": resume.title,
        "alternate_url": format!("https://hh.ru/resume/{id}"),
        "status": id_name("resume_status", resume.status),
        "blocked": false,
        "finished": true,
        "can_publish_or_update": resume.can_publish_or_update(now),
        "next_publish_at": format_date(resume.next_publish_at),
        "created_at": format_date(resume.created_at),
        "updated_at": format_date(resume.updated_at),
        "area": area_ref(resume.area_id, api_base),
        "salary": resume.salary.map(|(amount, currency)| json!({"amount": amount, "currency": currency})),
        "total_experience": {"months": resume.total_experience_months},
        "professional_roles": pairs(&resume.professional_roles),
        "work_format": id_names("resume_work_format", &resume.work_format),
        "employment_form": id_names("resume_employment_form", &resume.employment_form),
        "education": education(resume),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "middle_name": person.middle_name,
        "age": age(person, now),
        "gender": id_name("gender", person.gender),
        "photo": null,
        "platform": {"id": "headhunter"},
        "real_id": real_id(&person.id, resume),
        "marked": false,
        "hidden_fields": [],
        "certificate": [],
        "tags": [],
        "contact": contacts(person),
        "access": {"type": id_name("resume_access_type", "clients")},
        "actions": {"download": download.clone()},
        "download": download,
        "new_views": 0,
        "total_views": total_views(resume),
        "views_url": format!("{api_base}/resumes/{id}/views"),
        "paid_services": [],
    });
    match body {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn job_value(job: &Job, with_description: bool, api_base: &str) -> Value {
    let mut value = json!({
        "company": job.company,
        "company_id": null,
        "company_url": null,
        "employer": null,
        "position": job.position,
        "start": job.start.format("%Y-%m-%d").to_string(),
        "end": job.end.map(|end| end.format("%Y-%m-%d").to_string()),
        "area": area_ref(job.area_id, api_base),
        "industries": pairs(&job.industries),
        "industry": job.industries.first().map(|(id, name)| json!({"id": id, "name": name})),
    });
    if with_description {
        if let Value::Object(map) = &mut value {
            map.insert("description".to_owned(), json!(job.description));
        }
    }
    value
}

fn education(resume: &Resume) -> Value {
    let entry = |item: &crate::dataset::records::EducationItem, primary: bool| {
        let mut value = json!({
            "id": null,
            "name": item.name,
            "organization": item.organization,
            "result": item.result,
            "year": item.year,
        });
        if primary {
            if let Value::Object(map) = &mut value {
                for key in [
                    "name_id",
                    "organization_id",
                    "result_id",
                    "university_acronym",
                ] {
                    map.insert(key.to_owned(), Value::Null);
                }
            }
        }
        value
    };
    json!({
        "level": id_name("education_level", resume.education.level),
        "primary": resume.education.primary.iter().map(|item| entry(item, true)).collect::<Vec<_>>(),
        "additional": resume.education.additional.iter().map(|item| entry(item, false)).collect::<Vec<_>>(),
        "attestation": [],
        "elementary": [],
    })
}

fn contacts(person: &Person) -> Value {
    let mut list = vec![json!({
        "kind": "email",
        "type": {"id": "email", "name": "Эл. почта"},
        "contact_value": person.email,
        "preferred": person.phone.is_none(),
        "comment": null,
    })];
    if let Some(phone) = &person.phone {
        list.push(json!({
            "kind": "phone",
            "type": {"id": "cell", "name": "Мобильный телефон"},
            "contact_value": pretty_phone(phone),
            "preferred": true,
            "need_verification": false,
            "verified": true,
            "comment": null,
        }));
    }
    Value::Array(list)
}

/// `79990000001` → `+7 (999) 000-00-01`.
fn pretty_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 11 {
        return phone.to_owned();
    }
    let part = |from: usize, to: usize| digits[from..to].iter().collect::<String>();
    format!(
        "+{} ({}) {}-{}-{}",
        part(0, 1),
        part(1, 4),
        part(4, 7),
        part(7, 9),
        part(9, 11)
    )
}

fn age(person: &Person, now: DateTime<Utc>) -> i32 {
    let today = now.date_naive();
    let birth = person.birth_date;
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// A stable numeric id for hh.ru's `real_id`.
fn real_id(person_id: &str, resume: &Resume) -> String {
    let tail: u64 = resume
        .id
        .bytes()
        .fold(7, |hash, byte| (hash * 31 + u64::from(byte)) % 100_000);
    format!("{person_id}{tail:05}")
}

fn total_views(resume: &Resume) -> u64 {
    u64::from(resume.total_experience_months % 37) + 3
}

/// Deprecated schedules implied by the work formats.
fn schedules(formats: &[&str]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for format in formats {
        let schedule = match *format {
            "REMOTE" => "remote",
            "HYBRID" => "flexible",
            _ => "fullDay",
        };
        if !out.contains(&schedule) {
            out.push(schedule);
        }
    }
    out
}

/// Deprecated employments implied by the employment forms.
fn employments(forms: &[&str]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for form in forms {
        let employment = match *form {
            "PART_TIME" => "part",
            "INTERNSHIP" => "probation",
            "VOLUNTEER" => "volunteer",
            _ => "full",
        };
        if !out.contains(&employment) {
            out.push(employment);
        }
    }
    out
}
