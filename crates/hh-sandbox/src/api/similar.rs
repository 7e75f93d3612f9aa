//! hh.ru's recommendations: `GET /resumes/{id}/similar_vacancies` (only the resume's
//! author) and `GET /vacancies/{id}/similar_vacancies` (anyone who may read vacancies),
//! with a plausible, slightly noisy order like hh.ru's, then `search`'s filters and paging.
//!
//! Scoring is here; filtering, sorting and the list answer are `search`'s.

use std::collections::HashSet;

use hyper::Response;

use super::filters::Params;
use super::search::{page_answer, sort, Catalog};
use super::{applicant, not_found, reader, Caller};
use crate::dataset::Resume;
use crate::http::{Body, Call};
use crate::Sandbox;

/// What recommendations are computed from: a resume or a vacancy.
struct Seed<'a> {
    /// The resume's or vacancy's id (it seeds the noise; a vacancy never recommends itself).
    id: &'a str,
    /// Lowercase key skills.
    skills: HashSet<String>,
    profession: &'a str,
    area_id: &'a str,
}

impl<'a> Seed<'a> {
    fn of_resume(resume: &'a Resume) -> Seed<'a> {
        Seed {
            id: &resume.id,
            skills: resume.skill_set.iter().map(|s| s.to_lowercase()).collect(),
            profession: resume.profession,
            area_id: resume.area_id,
        }
    }
}

/// `GET /resumes/{id}/similar_vacancies`: only the resume's author.
pub(super) fn to_resume(sandbox: &Sandbox, call: &Call, resume_id: &str) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(resume) = catalog
        .dataset
        .people
        .get(person)
        .and_then(|owner| owner.resumes.iter().find(|resume| resume.id == resume_id))
    else {
        return not_found();
    };
    answer(
        sandbox,
        call,
        Caller::User(person),
        &catalog,
        &Seed::of_resume(resume),
    )
}

/// `GET /vacancies/{id}/similar_vacancies`: anyone who may read vacancies.
pub(super) fn to_vacancy(sandbox: &Sandbox, call: &Call, vacancy_id: &str) -> Response<Body> {
    let caller = match reader(sandbox, call) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(index) = catalog
        .dataset
        .vacancies
        .iter()
        .position(|vacancy| vacancy.id == vacancy_id)
    else {
        return not_found();
    };
    let vacancy = &catalog.dataset.vacancies[index];
    let seed = Seed {
        id: &vacancy.id,
        skills: catalog.texts[index].skills.iter().cloned().collect(),
        profession: vacancy.profession,
        area_id: vacancy.area_id,
    };
    answer(sandbox, call, caller, &catalog, &seed)
}

/// How many vacancies `similar_vacancies` finds for a resume (for `/resumes/mine`).
pub(super) fn count_for_resume(catalog: &Catalog, resume: &Resume) -> usize {
    scores(catalog, &Seed::of_resume(resume)).len()
}

/// The filtered, ordered page of `seed`'s recommendations.
fn answer(
    sandbox: &Sandbox,
    call: &Call,
    caller: Caller,
    catalog: &Catalog,
    seed: &Seed,
) -> Response<Body> {
    let params = match Params::parse(&call.query, sandbox.now()) {
        Ok(params) => params,
        Err(refusal) => return *refusal,
    };
    let mut hits: Vec<(u32, usize)> = scores(catalog, seed)
        .into_iter()
        .filter(|&(_, index)| params.score(catalog, index).is_some())
        .collect();
    match params.order_by.as_deref() {
        Some(order) if order != "relevance" => sort(&catalog.dataset, &mut hits, order),
        _ => sort(&catalog.dataset, &mut hits, "relevance"),
    }
    page_answer(sandbox, call, caller, catalog, &hits, &params)
}

/// hh.ru-style recommendations: shared key skills, the same or a neighbouring profession,
/// the same city; plus a little noise from unrelated professions, as users see on hh.ru.
fn scores(catalog: &Catalog, seed: &Seed) -> Vec<(u32, usize)> {
    let family = |profession: &str| {
        profession
            .split('_')
            .next()
            .unwrap_or(profession)
            .to_owned()
    };
    let seed_family = family(seed.profession);
    catalog
        .dataset
        .vacancies
        .iter()
        .enumerate()
        .filter(|(_, vacancy)| !vacancy.archived && vacancy.id != seed.id)
        .filter_map(|(index, vacancy)| {
            let shared = catalog.texts[index]
                .skills
                .iter()
                .filter(|skill| seed.skills.contains(*skill))
                .count() as u32;
            let mut score = shared * 3;
            if vacancy.profession == seed.profession {
                score += 4;
            } else if family(vacancy.profession) == seed_family {
                score += 2;
            }
            if vacancy.area_id == seed.area_id {
                score += 1;
            }
            let noise = fnv(seed.id, &vacancy.id) % 100;
            if score >= 4 {
                Some((score + (noise % 3) as u32, index))
            } else if noise < 4 {
                Some((4 + (noise % 5) as u32, index))
            } else {
                None
            }
        })
        .collect()
}

/// A stable hash for the deterministic noise.
fn fnv(a: &str, b: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in a.bytes().chain([0]).chain(b.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
