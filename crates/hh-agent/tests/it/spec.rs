//! Conformance with hh.ru's OpenAPI spec: the validator's own tests (`schema`, `rules`,
//! `examples`), the requests our client builds (`requests`, `refusals`), and the sandbox's
//! answers and seeded records (`responses`).

mod examples;
mod refusals;
mod requests;
mod responses;
mod rules;
mod schema;

/// Every operation `hh::Client` and `oauth::Client` call, as the spec names them
/// (method, path template). The token endpoint is `/oauth/token` here; the client posts to
/// `/token`, which `Spec::operation` maps onto it.
const CLIENT_OPERATIONS: [(&str, &str); 18] = [
    ("GET", "/me"),
    ("GET", "/resumes/mine"),
    ("GET", "/resumes/{resume_id}"),
    ("POST", "/resumes/{resume_id}/publish"),
    ("GET", "/vacancies"),
    ("GET", "/resumes/{resume_id}/similar_vacancies"),
    ("GET", "/vacancies/{vacancy_id}"),
    ("POST", "/negotiations"),
    ("GET", "/negotiations"),
    ("GET", "/saved_searches/vacancies"),
    ("POST", "/saved_searches/vacancies"),
    ("GET", "/saved_searches/vacancies/{id}"),
    ("DELETE", "/saved_searches/vacancies/{id}"),
    ("GET", "/employers/{employer_id}"),
    ("GET", "/dictionaries"),
    ("GET", "/areas"),
    ("POST", "/oauth/token"),
    ("DELETE", "/oauth/token"),
];
