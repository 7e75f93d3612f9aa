//! The applicant's `GET /me` profile, the employer card `GET /employers/{id}` and an
//! employer as lists show it.

use serde_json::{json, Value};

use super::pairs;
use crate::dataset::areas::area_ref;
use crate::dataset::records::{Employer, Person};

/// `GET /me` for an applicant (MeApplicantProfile); `counters.resumes_count` is the
/// person's resume count.
pub fn me(person: &Person, api_base: &str) -> Value {
    // FACTS: `job_search_status` requires `last_change_time`, and both spec examples write
    // it as UTC with fractions and `Z` (`2025-03-06T01:23:47.700736Z`), unlike every other
    // hh.ru date. (assumed: the status last changed when the main resume was created.)
    let status_changed = person
        .resumes
        .first()
        .map(|resume| resume.created_at)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    json!({
        "auth_type": "applicant",
        "id": person.id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "middle_name": person.middle_name,
        "email": person.email,
        "phone": person.phone,
        "is_applicant": true,
        "is_employer": false,
        "is_admin": false,
        "is_application": false,
        "is_employer_integration": false,
        "is_in_search": true,
        "counters": {
            "new_resume_views": 0,
            "resumes_count": person.resumes.len(),
            "unread_negotiations": 0,
        },
        "resumes_url": format!("{api_base}/resumes/mine"),
        "negotiations_url": format!("{api_base}/negotiations"),
        "profile_videos": {"items": []},
        "user_statuses": {
            "job_search_status": {
                "id": "active_search",
                "name": "Активно ищу работу",
                "last_change_time": status_changed,
            },
        },
    })
}

/// An employer in a list such as `GET /employers/blacklisted`
/// (EmployersEmployersBlacklistedItem).
pub fn employer_item(employer: &Employer, open_vacancies: u64, api_base: &str) -> Value {
    let id = &employer.id;
    json!({
        "id": id,
        "name": employer.name,
        "url": format!("{api_base}/employers/{id}"),
        "alternate_url": format!("https://hh.ru/employer/{id}"),
        "vacancies_url": format!("{api_base}/vacancies?employer_id={id}"),
        "logo_urls": null,
        "open_vacancies": open_vacancies,
    })
}

/// `GET /employers/{id}` (EmployersEmployerInfo).
pub fn employer_detail(employer: &Employer, open_vacancies: u64, api_base: &str) -> Value {
    let id = &employer.id;
    json!({
        "id": id,
        "name": employer.name,
        "type": "company",
        "description": employer.description,
        "branded_description": null,
        "branding": null,
        "site_url": employer.site_url,
        "alternate_url": format!("https://hh.ru/employer/{id}"),
        "vacancies_url": format!("{api_base}/vacancies?employer_id={id}"),
        "logo_urls": null,
        "relations": [],
        "area": area_ref(employer.area_id, api_base),
        "industries": pairs(&employer.industries),
        "insider_interviews": [],
        "open_vacancies": open_vacancies,
        "trusted": employer.trusted,
        "accredited_it_employer": employer.accredited_it_employer,
        "applicant_services": {"target_employer": {"count": 0}},
    })
}
