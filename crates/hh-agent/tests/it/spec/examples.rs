//! hh.ru's own example bodies against hh.ru's own schemas: the files in
//! `tests/fixtures/hh-api/examples/`, the spec's response examples for every operation the client
//! calls, and mutations of them that must be rejected with a useful path.

use serde_json::Value;

use crate::support::openapi::{Spec, EXAMPLES_DIR};

/// Every example file, the request it answers, and its status. A file that does not
/// fit its schema would be listed with its exact errors as a named discrepancy; none does.
const EXAMPLE_FILES: [(&str, &str, &str, u16); 16] = [
    ("areas.GET_areas.json", "GET", "/areas", 200),
    (
        "dictionaries.GET_dictionaries.json",
        "GET",
        "/dictionaries",
        200,
    ),
    (
        "negotiation.GET_negotiations_id.applicant.json",
        "GET",
        "/negotiations/1",
        200,
    ),
    (
        "negotiations-list.GET_negotiations.applicant.json",
        "GET",
        "/negotiations",
        200,
    ),
    (
        "oauth-token-error.account_is_locked.json",
        "POST",
        "/token",
        400,
    ),
    (
        "oauth-token-error.account_not_found.json",
        "POST",
        "/token",
        400,
    ),
    (
        "oauth-token.POST_oauth_token.app.json",
        "POST",
        "/token",
        200,
    ),
    (
        "oauth-token.POST_oauth_token.user.json",
        "POST",
        "/oauth/token",
        200,
    ),
    (
        "resume.GET_resumes_id.applicant.json",
        "GET",
        "/resumes/r1",
        200,
    ),
    (
        "resumes-by-status.GET_vacancies_id_resumes_by_status.json",
        "GET",
        "/vacancies/1/resumes_by_status",
        200,
    ),
    (
        "resumes-mine.GET_resumes_mine.json",
        "GET",
        "/resumes/mine",
        200,
    ),
    (
        "saved-search.GET_saved_searches_vacancies_id.json",
        "GET",
        "/saved_searches/vacancies/1",
        200,
    ),
    (
        "saved-searches.GET_saved_searches_vacancies.json",
        "GET",
        "/saved_searches/vacancies",
        200,
    ),
    (
        "suitable-resumes.GET_vacancies_id_suitable_resumes.json",
        "GET",
        "/vacancies/1/suitable_resumes",
        200,
    ),
    (
        "vacancies-search.GET_vacancies.json",
        "GET",
        "/vacancies",
        200,
    ),
    (
        "vacancy.GET_vacancies_id.applicant.json",
        "GET",
        "/vacancies/1",
        200,
    ),
];

/// Spec examples that do not fit their own schema, with the exact errors.
const SPEC_EXAMPLE_DISCREPANCIES: [(&str, &[&str]); 1] = [(
    // The example's `branding.type` is lower-case `makeup`; the schema's enum says `MAKEUP`.
    "GET /employers/{employer_id} 200 #/components/examples/EmployersEmployerInfoExample",
    &["$.branding: matches no oneOf branch: [0] $.branding: {\"makeup\":{\"url\":\"/employer/makeup/webview/12\"},\"template_code\":\"makeup:123\",\"te… is not string; [1] $.branding: matches no anyOf branch: [0] $.branding.type: \"makeup\" not in enum [\"CONSTRUCTOR\", \"MAKEUP\"]"],
)];

fn example(file: &str) -> Value {
    let text = std::fs::read_to_string(format!("{EXAMPLES_DIR}/{file}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[track_caller]
fn check_body(request: (&str, &str, u16), body: &Value, expected: &[&str]) {
    let (method, path, status) = request;
    let errors = Spec::get()
        .check_response(
            method,
            path,
            status,
            Some("application/json"),
            body.to_string().as_bytes(),
        )
        .err()
        .unwrap_or_default();
    assert_eq!(errors, expected, "{method} {path} {status}");
}

#[test]
fn every_example_file_fits_its_operation() {
    let mut on_disk: Vec<String> = std::fs::read_dir(EXAMPLES_DIR)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXAMPLE_FILES.iter().map(|(file, ..)| *file).collect();
    assert_eq!(
        on_disk, listed,
        "a new example file needs a row in EXAMPLE_FILES"
    );
    for (file, method, path, status) in EXAMPLE_FILES {
        check_body((method, path, status), &example(file), &[]);
    }
}

#[test]
fn the_spec_examples_of_every_client_operation_fit() {
    let spec = Spec::get();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (method, template) in super::CLIENT_OPERATIONS {
        let operation = spec
            .operations()
            .iter()
            .find(|op| op.method == method && op.template == template)
            .unwrap();
        for example in spec.response_examples(operation) {
            let status: u16 = example.status.parse().unwrap();
            let body = example.value.to_string();
            let result = spec.check_response(
                method,
                template,
                status,
                Some(&example.media),
                body.as_bytes(),
            );
            if let Err(errors) = result {
                failures.push((
                    format!("{method} {template} {status} {}", example.name),
                    errors,
                ));
            }
            checked += 1;
        }
    }
    eprintln!(
        "spec examples: {checked} response examples of {} client operations checked, {} named discrepancies",
        super::CLIENT_OPERATIONS.len(),
        failures.len()
    );
    assert_eq!(
        checked, 18,
        "the spec's examples for our operations changed"
    );
    let expected: Vec<(String, Vec<String>)> = SPEC_EXAMPLE_DISCREPANCIES
        .iter()
        .map(|(name, errors)| {
            (
                name.to_string(),
                errors.iter().map(|e| e.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(failures, expected);
}

#[track_caller]
fn check_mutation(
    file: &str,
    request: (&str, &str, u16),
    mutate: impl Fn(&mut Value),
    expected: &[&str],
) {
    let mut body = example(file);
    mutate(&mut body);
    check_body(request, &body, expected);
}

#[test]
fn mutated_examples_are_rejected_with_their_path() {
    let search = "vacancies-search.GET_vacancies.json";
    let get_vacancies = ("GET", "/vacancies", 200);
    check_mutation(
        search,
        get_vacancies,
        |v| drop(v.as_object_mut().unwrap().remove("found")),
        &["$.found: required but missing"],
    );
    check_mutation(
        search,
        get_vacancies,
        |v| drop(v["items"][0].as_object_mut().unwrap().remove("id")),
        &["$.items[0].id: required but missing"],
    );
    check_mutation(
        search,
        get_vacancies,
        |v| v["items"][0]["name"] = 5.into(),
        &["$.items[0].name: 5 is not string"],
    );
    check_mutation(
        search,
        get_vacancies,
        |v| v["items"][0]["archived"] = "no".into(),
        &["$.items[0].archived: \"no\" is not boolean"],
    );
    check_mutation(
        search,
        get_vacancies,
        |v| v["items"][0]["employer"] = Value::Null,
        &["$.items[0].employer: null is not object (not nullable)"],
    );
    check_mutation(
        search,
        get_vacancies,
        |v| v["items"][0]["relations"] = serde_json::json!(["favorited", "bogus"]),
        &["$.items[0].relations[1]: \"bogus\" not in enum [\"favorited\", \"got_response\", \"got_invitation\", \"got_rejection\", \"blacklisted\", null]"],
    );
    let token = ("POST", "/token", 200);
    check_mutation(
        "oauth-token.POST_oauth_token.app.json",
        token,
        |v| v["token_type"] = "mac".into(),
        &["$: matches no oneOf branch: [0] $.expires_in: required but missing, $.refresh_token: required but missing; [1] $.token_type: \"mac\" not in enum [\"bearer\"]"],
    );
    check_mutation(
        "resumes-mine.GET_resumes_mine.json",
        ("GET", "/resumes/mine", 200),
        |v| v["items"][0]["status"]["id"] = 1.into(),
        &["$.items[0].status.id: 1 is not string"],
    );
}
