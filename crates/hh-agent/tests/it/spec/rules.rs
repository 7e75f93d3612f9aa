//! The validator's operation lookup, request rules and response rules on hh.ru's spec,
//! each shown accepting good input and rejecting bad input with an exact message.

use crate::support::openapi::Spec;

use super::schema::tiny;

#[test]
fn the_spec_parses_quickly_and_every_operation_is_indexed() {
    let spec = Spec::get();
    eprintln!(
        "spec: {} operations, parsed in {:?}",
        spec.operations().len(),
        spec.parse_time()
    );
    assert_eq!(spec.operations().len(), 168);
    assert!(
        spec.parse_time().as_secs_f64() < 3.0,
        "{:?}",
        spec.parse_time()
    );
    for (method, template) in super::CLIENT_OPERATIONS {
        let found = spec
            .operations()
            .iter()
            .any(|op| op.method == method && op.template == template);
        assert!(found, "{method} {template} is not in the spec");
    }
}

#[track_caller]
fn check_lookup(spec: &Spec, method: &str, path: &str, expected: Option<&str>) {
    let found = spec.operation(method, path).map(|op| op.template.as_str());
    assert_eq!(found, expected, "{method} {path}");
}

#[test]
fn operations_are_found_by_method_and_path_literals_first() {
    let spec = Spec::get();
    check_lookup(spec, "GET", "/resumes/mine", Some("/resumes/mine"));
    check_lookup(spec, "GET", "/resumes/abc123", Some("/resumes/{resume_id}"));
    check_lookup(
        spec,
        "POST",
        "/resumes/r1/publish",
        Some("/resumes/{resume_id}/publish"),
    );
    check_lookup(
        spec,
        "GET",
        "/resumes/r1/whitelist",
        Some("/resumes/{resume_id}/{list_type}"),
    );
    check_lookup(
        spec,
        "GET",
        "/vacancies/favorited",
        Some("/vacancies/favorited"),
    );
    check_lookup(
        spec,
        "GET",
        "/vacancies/123",
        Some("/vacancies/{vacancy_id}"),
    );
    check_lookup(spec, "get", "/vacancies", Some("/vacancies"));
    check_lookup(spec, "POST", "/token", Some("/oauth/token"));
    check_lookup(spec, "POST", "/oauth/token", Some("/oauth/token"));
    check_lookup(spec, "DELETE", "/oauth/token", Some("/oauth/token"));
    check_lookup(spec, "GET", "/token", None);
    check_lookup(spec, "PATCH", "/vacancies", None);
    check_lookup(spec, "GET", "/vacancies/", None);
    check_lookup(spec, "GET", "/nowhere", None);
    check_lookup(tiny(), "GET", "/things/mine", Some("/things/mine"));
    check_lookup(tiny(), "GET", "/things/7", Some("/things/{id}"));
}
/// `METHOD /path?query`, content type, form fields, whether HH-User-Agent was sent, and
/// the operation id or the exact errors.
#[track_caller]
fn check_request(
    request: &str,
    content_type: Option<&str>,
    form: &[(&str, &str)],
    hh_user_agent: bool,
    expected: Result<&str, &[&str]>,
) {
    check_request_in(
        Spec::get(),
        request,
        content_type,
        form,
        hh_user_agent,
        expected,
    );
}

#[track_caller]
fn check_request_in(
    spec: &Spec,
    request: &str,
    content_type: Option<&str>,
    form: &[(&str, &str)],
    hh_user_agent: bool,
    expected: Result<&str, &[&str]>,
) {
    let (method, target) = request.split_once(' ').unwrap();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let form: Vec<(String, String)> = form
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let got = spec
        .check_request(method, path, &query, content_type, &form, hh_user_agent)
        .map(|op| op.id.as_str());
    let expected =
        expected.map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
    assert_eq!(got, expected, "{request}");
}

#[test]
fn request_parameters() {
    let ok = |id| Ok(id);
    check_request(
        "GET /vacancies?text=rust&area=1&area=2&per_page=100&only_with_salary=true&salary=1.5e5",
        None,
        &[],
        true,
        ok("get-vacancies"),
    );
    check_request(
        "GET /nowhere",
        None,
        &[],
        true,
        Err(&["GET /nowhere: no such operation in the spec"]),
    );
    check_request(
        "GET /vacancies?colour=red",
        None,
        &[],
        true,
        Err(&["query.colour: not declared for this operation"]),
    );
    check_request(
        "GET /resumes/r1/similar_vacancies?excluded_text=php&work_format=REMOTE",
        None,
        &[],
        true,
        Err(&[
            "query.excluded_text: not declared for this operation",
            "query.work_format: not declared for this operation",
        ]),
    );
    check_request(
        "GET /vacancies?per_page=ten",
        None,
        &[],
        true,
        Err(&["query.per_page: \"ten\" is not number"]),
    );
    check_request(
        "GET /vacancies?per_page=101",
        None,
        &[],
        true,
        Err(&["query.per_page: 101 > maximum 100"]),
    );
    check_request(
        "GET /vacancies?only_with_salary=yes",
        None,
        &[],
        true,
        Err(&["query.only_with_salary: \"yes\" is not boolean (true or false)"]),
    );
    check_request(
        "GET /vacancies?host=example.org",
        None,
        &[],
        true,
        Err(&["query.host: \"example.org\" not in enum [\"hh.ru\", \"rabota.by\", \"hh1.az\", \"hh.uz\", \"hh.kz\", \"headhunter.ge\", \"headhunter.kg\"]"]),
    );
    check_request(
        "GET /vacancies?text=a&text=b",
        None,
        &[],
        true,
        Err(&["query.text: sent 2 times, but the spec declares one value (type \"string\", no explode, no \"Можно указать несколько значений\")"]),
    );
    check_request("GET /vacancies?salary=1&salary=2", None, &[], true, Err(&["query.salary: sent 2 times, but the spec declares one value (type \"number\", no explode, no \"Можно указать несколько значений\")"]));
    check_request(
        "GET /suggests/areas",
        None,
        &[],
        true,
        Err(&["query.text: required but missing"]),
    );
    check_request(
        "GET /suggests/areas?text=Мос",
        None,
        &[],
        true,
        ok("get-areas-suggests"),
    );
    check_request(
        "GET /me",
        None,
        &[],
        false,
        Err(&["header.HH-User-Agent: required but not sent"]),
    );
}

#[test]
fn request_bodies() {
    let ok = |id| Ok(id);
    let multipart = Some("multipart/form-data; boundary=abc");
    let apply = [
        ("vacancy_id", "1"),
        ("resume_id", "r1"),
        ("message", "Здравствуйте"),
    ];
    check_request(
        "POST /negotiations",
        multipart,
        &apply,
        true,
        ok("apply-to-vacancy"),
    );
    check_request(
        "POST /negotiations",
        None,
        &[],
        true,
        Err(&["body: required ([\"multipart/form-data\"]) but none was sent"]),
    );
    check_request(
        "POST /negotiations",
        Some("application/x-www-form-urlencoded"),
        &apply,
        true,
        Err(&["body: content type \"application/x-www-form-urlencoded\" is not declared (declared: [\"multipart/form-data\"])"]),
    );
    check_request(
        "POST /negotiations",
        multipart,
        &[("vacancy_id", "1")],
        true,
        Err(&["form.resume_id: required but missing"]),
    );
    check_request(
        "POST /negotiations",
        multipart,
        &[("vacancy_id", "1"), ("resume_id", "r1"), ("cover_letter", "x")],
        true,
        Err(&["form.cover_letter: not a property of the body schema (properties: [\"message\", \"resume_id\", \"vacancy_id\"])"]),
    );
    check_request(
        "GET /me",
        Some("application/x-www-form-urlencoded"),
        &[("a", "b")],
        true,
        Err(&["body: content type \"application/x-www-form-urlencoded\" is not declared (declared: [])"]),
    );
    let urlencoded = Some("application/x-www-form-urlencoded");
    let refresh = [("grant_type", "refresh_token"), ("refresh_token", "R")];
    check_request("POST /token", urlencoded, &refresh, false, ok("authorize"));
    check_request(
        "POST /token",
        urlencoded,
        &[("grant_type", "refresh_token"), ("refresh_token", "R"), ("client_id", "C")],
        true,
        Err(&["form: matches no oneOf branch: [0] form.client_secret: required but missing, form.redirect_uri: required but missing; [1] form.client_id: not allowed (additionalProperties: false); [2] form.client_secret: required but missing, form.grant_type: \"refresh_token\" not in enum [\"client_credentials\"]"]),
    );
}

#[track_caller]
fn check_response(
    request: &str,
    status: u16,
    content_type: Option<&str>,
    body: &str,
    expected: &[&str],
) {
    let (method, path) = request.split_once(' ').unwrap();
    let errors = Spec::get()
        .check_response(method, path, status, content_type, body.as_bytes())
        .err()
        .unwrap_or_default();
    assert_eq!(errors, expected, "{request} {status}");
}

#[test]
fn responses() {
    let json = Some("application/json; charset=UTF-8");
    check_response("POST /negotiations", 201, None, "", &[]);
    check_response("DELETE /saved_searches/vacancies/1", 204, None, "", &[]);
    check_response(
        "GET /vacancies",
        418,
        json,
        "{}",
        &["status 418 is not declared (declared: [\"200\", \"400\", \"403\", \"404\"])"],
    );
    check_response("GET /vacancies", 200, Some("text/html"), "<p>", &["content type \"text/html\" is not declared for status 200 (declared: [\"application/json\"])"]);
    check_response(
        "GET /vacancies",
        200,
        json,
        "<p>",
        &["$: not JSON: expected value at line 1 column 1"],
    );
    check_response(
        "GET /vacancies",
        200,
        None,
        "{}",
        &["a body without Content-Type"],
    );
    check_response(
        "DELETE /saved_searches/vacancies/1",
        204,
        None,
        "x",
        &["status 204 declares no body, but 1 bytes came"],
    );
    check_response(
        "GET /vacancies",
        200,
        json,
        "{}",
        &[
            "$.items: required but missing",
            "$.found: required but missing",
            "$.page: required but missing",
            "$.pages: required but missing",
            "$.per_page: required but missing",
        ],
    );
    check_response(
        "GET /nowhere",
        200,
        json,
        "{}",
        &["GET /nowhere: no such operation in the spec"],
    );
    let tiny_default =
        tiny().check_response("GET", "/things/1", 500, Some("application/json"), b"\"\"");
    assert_eq!(
        tiny_default,
        Err(vec!["$: 0 characters, fewer than minLength 1".to_owned()])
    );
}

/// Query, path and form values are text, parsed into their schema's type; path-level
/// parameters apply and an operation-level one of the same name overrides them.
#[test]
fn text_values_are_parsed_into_their_schema_type() {
    let check = |request, form: &[(&str, &str)], expected| {
        let content_type = (!form.is_empty()).then_some("application/x-www-form-urlencoded");
        check_request_in(tiny(), request, content_type, form, false, expected)
    };
    let get = Ok("GET /things/{id}");
    check(
        "GET /things/7?n=5&tags=a&tags=b&flag=true&e=1&e=2",
        &[],
        get,
    );
    check(
        "GET /things/mine?n=1",
        &[],
        Err(&["query.n: not declared for this operation"]),
    );
    check(
        "GET /things/x?n=1.5",
        &[],
        Err(&[
            "path.id: \"x\" is not integer",
            "query.n: \"1.5\" is not integer",
        ]),
    );
    check("GET /things/7?n=6", &[], Err(&["query.n: 6 > maximum 5"]));
    check("GET /things/7?n=0", &[], get);
    check(
        "GET /things/7?tags=c",
        &[],
        Err(&["query.tags[0]: \"c\" not in enum [\"a\", \"b\"]"]),
    );
    check(
        "GET /things/7?flag=1",
        &[],
        Err(&["query.flag: \"1\" is not boolean (true or false)"]),
    );
    let post = Ok("POST /things");
    check("POST /things", &[("name", "x"), ("ids", "1")], post);
    check(
        "POST /things",
        &[("name", "x"), ("ids", "1"), ("ids", "2")],
        post,
    );
    check(
        "POST /things",
        &[("ids", "1"), ("ids", "x")],
        Err(&[
            "form.name: required but missing",
            "form.ids[1]: \"x\" is not integer",
        ]),
    );
}
