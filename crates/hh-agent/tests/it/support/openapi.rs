//! hh.ru's official OpenAPI 3.0 spec as a test oracle: finds the operation for a method and
//! path, and checks a request (parameters, `HH-User-Agent`, form body) or a response
//! (status, content type, JSON body) against it.
//!
//! This file parses and indexes; `request` and `response` hold the two checks, `schema`
//! the keywords it understands. It never fetches anything:
//! the spec is the copy in `tests/fixtures/hh-api/openapi/`. It does not start servers or
//! clients; the tests in `spec` do.
//!
//! One mapping is deliberate: the spec models the token endpoint as `/oauth/token` on
//! server `https://hh.ru` (operationId `authorize`), while the client posts to `/token` on
//! api.hh.ru, which HH's text names as the current URL (FACTS.md §4). `/token` is therefore
//! looked up as `/oauth/token`.

mod request;
mod response;
pub mod schema;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

pub use schema::{Mode, Validator};

/// The spec this project follows (OpenAPI 3.0.3, 2025-12-30).
pub const SPEC_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/hh-api/openapi/openapi-2025-12-30.s3rgeym.yml"
);
/// Example bodies copied from the spec, named `<what>.<METHOD>_<path>[.<variant>].json`.
pub const EXAMPLES_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/hh-api/examples"
);

/// The path our client uses for the token endpoint, and the spec's path for it.
pub const TOKEN_ALIAS: (&str, &str) = ("/token", "/oauth/token");

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A parsed spec document with its operations indexed.
pub struct Spec {
    document: Value,
    operations: Vec<Operation>,
    parse_time: Duration,
}

/// One operation: a method on a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path template, e.g. `/vacancies/{vacancy_id}`.
    pub template: String,
    /// The `operationId`, or `METHOD template` when the spec gives none.
    pub id: String,
    segments: Vec<Segment>,
    /// JSON pointers to the path item and the operation object.
    path_item: String,
    pointer: String,
}

/// One example body from a response declaration.
#[derive(Debug, Clone)]
pub struct ResponseExample<'a> {
    /// `200`, `403`, `default`, …
    pub status: String,
    /// `application/json`, …
    pub media: String,
    /// The `$ref` (`#/components/examples/…`) or the key it has in `examples`.
    pub name: String,
    /// The example value.
    pub value: &'a Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Parameter(String),
}

impl Spec {
    /// The project's spec, parsed once per test binary.
    pub fn get() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| {
            let text = std::fs::read_to_string(SPEC_PATH)
                .unwrap_or_else(|err| panic!("reading {SPEC_PATH}: {err}"));
            Spec::from_yaml(&text).unwrap_or_else(|err| panic!("parsing {SPEC_PATH}: {err}"))
        })
    }

    /// A spec from YAML (or JSON) text.
    pub fn from_yaml(text: &str) -> Result<Spec, String> {
        let started = Instant::now();
        let document: Value = serde_yaml_ng::from_str(text).map_err(|err| err.to_string())?;
        let mut operations = Vec::new();
        let paths = document.get("paths").and_then(Value::as_object);
        for (template, item) in paths.into_iter().flatten() {
            let path_item = format!("/paths/{}", escape(template));
            for method in METHODS.iter().filter(|method| item.get(**method).is_some()) {
                let node = &item[*method];
                operations.push(Operation {
                    method: method.to_ascii_uppercase(),
                    template: template.clone(),
                    id: node.get("operationId").and_then(Value::as_str).map_or_else(
                        || format!("{} {template}", method.to_ascii_uppercase()),
                        str::to_owned,
                    ),
                    segments: segments(template),
                    pointer: format!("{path_item}/{method}"),
                    path_item: path_item.clone(),
                });
            }
        }
        Ok(Spec {
            document,
            operations,
            parse_time: started.elapsed(),
        })
    }

    /// How long parsing and indexing took.
    pub fn parse_time(&self) -> Duration {
        self.parse_time
    }

    /// The whole document.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// Every operation, in spec order.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The operation object (`paths./x.get`).
    pub fn node(&self, operation: &Operation) -> &Value {
        at(&self.document, &operation.pointer)
    }

    /// The operation for a concrete `path`; a literal segment beats a template at the
    /// same place (`/resumes/mine` over `/resumes/{resume_id}`).
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let path = if path == TOKEN_ALIAS.0 {
            TOKEN_ALIAS.1
        } else {
            path
        };
        let parts: Vec<&str> = path.split('/').collect();
        self.operations
            .iter()
            .filter(|operation| operation.method.eq_ignore_ascii_case(method))
            .filter(|operation| operation.matches(&parts))
            .max_by_key(|operation| {
                operation
                    .segments
                    .iter()
                    .map(|segment| matches!(segment, Segment::Literal(_)))
                    .collect::<Vec<bool>>()
            })
    }

    /// Checks `value` against `schema` (which may be a `{"$ref": …}`), as a JSON body.
    pub fn validate(&self, schema: &Value, value: &Value) -> Result<(), Vec<String>> {
        let errors = Validator::new(&self.document, Mode::Json).validate(schema, value, "$");
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Operation {
    fn matches(&self, parts: &[&str]) -> bool {
        parts.len() == self.segments.len()
            && parts
                .iter()
                .zip(&self.segments)
                .all(|(part, segment)| match segment {
                    Segment::Literal(literal) => literal == part,
                    Segment::Parameter(_) => !part.is_empty(),
                })
    }
}

/// `multipart/form-data; boundary=x` → `multipart/form-data`.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .map(
            |part| match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => Segment::Parameter(name.to_owned()),
                None => Segment::Literal(part.to_owned()),
            },
        )
        .collect()
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The node at a JSON pointer, or `null`.
fn at<'a>(document: &'a Value, pointer: &str) -> &'a Value {
    static NULL: Value = Value::Null;
    document.pointer(pointer).unwrap_or(&NULL)
}
