//! The JSON-schema subset of OpenAPI 3.0 that hh.ru's spec uses, with `$ref` resolution
//! and readable error paths (`$.items[3].salary_range.currency: "RUB" not in enum [...]`).
//!
//! Supported: `$ref` (local, cycle-safe), `type`, `nullable` and `required` (also beside
//! a `$ref`),
//! `enum`, `properties`, `required`, `additionalProperties`, `items`, `allOf`, `anyOf`,
//! `oneOf` (exactly one: no example of hh.ru's needed the looser "at least one"),
//! `minimum`, `maximum`, `exclusiveMinimum`/`exclusiveMaximum` (3.0 booleans),
//! `minLength`, `maxLength`, `minItems`, `maxItems`, `uniqueItems`. Deliberately ignored:
//! `format` (hh.ru's offsets have no colon, so `date-time` would be wrong anyway),
//! `pattern` (no `regex` crate in Cargo.lock; of the spec's 14 patterns none is on a
//! parameter or field the client sends), `discriminator` without a `mapping` entry for the
//! value (`oneOf` then decides alone),
//! `readOnly`/`writeOnly`, `default`, `example`. Finding operations is `super`'s job.

use serde_json::{Number, Value};

/// How a value is read before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// JSON bodies: a value must already have the schema's JSON type.
    Json,
    /// Query, path and form values: strings, parsed into the schema's `integer`,
    /// `number` or `boolean` type before the check.
    Text,
}

/// How many `$ref`s may chain without reaching a schema (`A: $ref B`, `B: $ref A`).
const MAX_REF_HOPS: usize = 32;
/// Errors kept per failed `oneOf`/`anyOf` branch in the summary.
const BRANCH_ERRORS: usize = 2;

/// Follows `node`'s `$ref` chain inside `root` to a node that is not a reference.
pub fn resolve<'a>(root: &'a Value, node: &'a Value) -> Result<&'a Value, String> {
    let mut current = node;
    let mut seen: Vec<&str> = Vec::new();
    while let Some(reference) = current.get("$ref").and_then(Value::as_str) {
        if seen.contains(&reference) || seen.len() >= MAX_REF_HOPS {
            seen.push(reference);
            return Err(format!("$ref cycle: {}", seen.join(" -> ")));
        }
        seen.push(reference);
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("$ref {reference:?}: only local references are supported"))?;
        current = root
            .pointer(pointer)
            .ok_or_else(|| format!("$ref {reference:?} points at nothing"))?;
    }
    Ok(current)
}

/// `path.key`, or `path["key"]` for a key that is not an identifier.
pub fn field(path: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::from(key))
    }
}

/// A value shown in an error, cut to a readable length.
pub fn show(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Checks values against schemas of one spec document.
pub struct Validator<'a> {
    root: &'a Value,
    mode: Mode,
    /// `$ref`s being expanded, with the instance path each was entered at: entering the
    /// same one again at the same path is a schema cycle that consumes no data.
    active: Vec<(&'a str, String)>,
}

impl<'a> Validator<'a> {
    /// A validator for schemas inside `root` (the whole spec document).
    pub fn new(root: &'a Value, mode: Mode) -> Validator<'a> {
        Validator {
            root,
            mode,
            active: Vec::new(),
        }
    }

    /// Every way `value` at `path` breaks `schema`; empty when it fits.
    pub fn validate(&mut self, schema: &'a Value, value: &Value, path: &str) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, path, &mut errors);
        errors
    }

    fn check(&mut self, schema: &'a Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            // Siblings of `$ref` are ignored in OpenAPI 3.0, except `nullable` and
            // `required`, which hh.ru puts there twice each with the obvious intent
            // (`UserStatusesApplicant.job_search_status` requires `last_change_time`).
            if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
                return;
            }
            if let Value::Object(object) = value {
                check_required(schema.get("required"), object, path, errors);
            }
            let key = (reference, path.to_owned());
            if self.active.contains(&key) {
                errors.push(format!("{path}: $ref cycle through {reference}"));
                return;
            }
            match resolve(self.root, schema) {
                Ok(target) => {
                    self.active.push(key);
                    self.check(target, value, path, errors);
                    self.active.pop();
                }
                Err(err) => errors.push(format!("{path}: {err}")),
            }
            return;
        }
        let Some(keywords) = schema.as_object() else {
            if schema == &Value::Bool(false) {
                errors.push(format!("{path}: no value is allowed here"));
            }
            return;
        };
        let kind = keywords.get("type").and_then(Value::as_str);
        let coerced;
        let value = match (self.mode, value, kind) {
            (Mode::Text, Value::String(text), Some(kind)) => match coerce(text, kind) {
                Ok(Some(parsed)) => {
                    coerced = parsed;
                    &coerced
                }
                Ok(None) => value,
                Err(message) => {
                    errors.push(format!("{path}: {message}"));
                    return;
                }
            },
            _ => value,
        };
        if value.is_null() && keywords.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        if let Some(kind) = kind {
            if !has_type(value, kind) {
                let nullable = if value.is_null() {
                    " (not nullable)"
                } else {
                    ""
                };
                errors.push(format!("{path}: {} is not {kind}{nullable}", show(value)));
                return;
            }
        }
        check_enum(keywords, value, path, errors);
        check_bounds(keywords, value, path, errors);
        match value {
            Value::Array(items) => self.check_array(keywords, items, path, errors),
            Value::Object(object) => self.check_object(keywords, object, path, errors),
            _ => {}
        }
        self.check_combinators(keywords, value, path, errors);
    }

    fn check_array(
        &mut self,
        keywords: &'a serde_json::Map<String, Value>,
        items: &[Value],
        path: &str,
        errors: &mut Vec<String>,
    ) {
        if let Some(schema) = keywords.get("items") {
            for (index, item) in items.iter().enumerate() {
                self.check(schema, item, &format!("{path}[{index}]"), errors);
            }
        }
        if keywords.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (index, item) in items.iter().enumerate() {
                if items[..index].contains(item) {
                    errors.push(format!("{path}[{index}]: {} repeats", show(item)));
                }
            }
        }
    }

    fn check_object(
        &mut self,
        keywords: &'a serde_json::Map<String, Value>,
        object: &serde_json::Map<String, Value>,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        check_required(keywords.get("required"), object, path, errors);
        let properties = keywords.get("properties").and_then(Value::as_object);
        for (name, value) in object {
            let at = field(path, name);
            match (
                properties.and_then(|p| p.get(name)),
                keywords.get("additionalProperties"),
            ) {
                (Some(schema), _) => self.check(schema, value, &at, errors),
                (None, Some(Value::Bool(false))) => {
                    errors.push(format!("{at}: not allowed (additionalProperties: false)"))
                }
                (None, Some(schema @ Value::Object(_))) => self.check(schema, value, &at, errors),
                (None, _) => {}
            }
        }
    }

    fn check_combinators(
        &mut self,
        keywords: &'a serde_json::Map<String, Value>,
        value: &Value,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        for schema in keywords
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(schema, value, path, errors);
        }
        if let Some(branches) = keywords.get("anyOf").and_then(Value::as_array) {
            let failures = self.branches(branches, value, path);
            if failures.iter().all(|failure| !failure.is_empty()) {
                errors.push(format!(
                    "{path}: matches no anyOf branch: {}",
                    summary(&failures)
                ));
            }
        }
        if let Some(mapped) = discriminated(keywords, value) {
            // OpenAPI's discriminator picks the branch by a property's value (`/me` by
            // `auth_type`): its branches overlap, so "exactly one" would be wrong there.
            self.check(mapped, value, path, errors);
        } else if let Some(branches) = keywords.get("oneOf").and_then(Value::as_array) {
            let failures = self.branches(branches, value, path);
            let matched: Vec<usize> = (0..failures.len())
                .filter(|&index| failures[index].is_empty())
                .collect();
            match matched.len() {
                0 => errors.push(format!(
                    "{path}: matches no oneOf branch: {}",
                    summary(&failures)
                )),
                1 => {}
                _ => errors.push(format!(
                    "{path}: matches {} oneOf branches {matched:?}, exactly one must",
                    matched.len()
                )),
            }
        }
    }

    fn branches(&mut self, branches: &'a [Value], value: &Value, path: &str) -> Vec<Vec<String>> {
        branches
            .iter()
            .map(|branch| self.validate(branch, value, path))
            .collect()
    }
}

/// Every name of `required` that `object` lacks.
fn check_required(
    required: Option<&Value>,
    object: &serde_json::Map<String, Value>,
    path: &str,
    errors: &mut Vec<String>,
) {
    let names = required.and_then(Value::as_array).into_iter().flatten();
    for name in names.filter_map(Value::as_str) {
        if !object.contains_key(name) {
            errors.push(format!("{}: required but missing", field(path, name)));
        }
    }
}

/// The `discriminator.mapping` target for `value`, as a `$ref` schema, when the schema
/// has a discriminator and the value names a mapped branch.
fn discriminated<'a>(
    keywords: &'a serde_json::Map<String, Value>,
    value: &Value,
) -> Option<&'a Value> {
    let discriminator = keywords.get("discriminator")?;
    let property = discriminator.get("propertyName")?.as_str()?;
    let name = value.get(property)?.as_str()?;
    let target = discriminator.get("mapping")?.get(name)?;
    keywords
        .get("oneOf")?
        .as_array()?
        .iter()
        .find(|branch| branch.get("$ref") == Some(target))
}

/// The failed branches' first errors: `[0] $.a: …; [1] $.b: …`.
fn summary(failures: &[Vec<String>]) -> String {
    failures
        .iter()
        .enumerate()
        .map(|(index, errors)| {
            let shown: Vec<&str> = errors
                .iter()
                .take(BRANCH_ERRORS)
                .map(String::as_str)
                .collect();
            format!("[{index}] {}", shown.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A text value as the JSON value of `kind`; `None` keeps the text (strings, arrays,
/// objects and unknown types are checked as they are).
fn coerce(text: &str, kind: &str) -> Result<Option<Value>, String> {
    let shown = Value::from(text);
    match kind {
        "integer" => text
            .parse::<i64>()
            .map(|number| Some(Value::from(number)))
            .map_err(|_| format!("{shown} is not integer")),
        "number" => text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(|number| Some(integral(number)))
            .ok_or_else(|| format!("{shown} is not number")),
        "boolean" => match text {
            "true" => Ok(Some(Value::Bool(true))),
            "false" => Ok(Some(Value::Bool(false))),
            _ => Err(format!("{shown} is not boolean (true or false)")),
        },
        _ => Ok(None),
    }
}

/// `100.0` as `100`, so errors show what was sent.
fn integral(number: Number) -> Value {
    match number.as_f64() {
        Some(float) if float.fract() == 0.0 && float.abs() < 9e15 => Value::from(float as i64),
        _ => Value::Number(number),
    }
}

fn has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn check_enum(
    keywords: &serde_json::Map<String, Value>,
    value: &Value,
    path: &str,
    errors: &mut Vec<String>,
) {
    let Some(allowed) = keywords.get("enum").and_then(Value::as_array) else {
        return;
    };
    let same = |candidate: &Value| match (candidate.as_f64(), value.as_f64()) {
        (Some(a), Some(b)) => a == b,
        _ => candidate == value,
    };
    if !allowed.iter().any(same) {
        let list: Vec<String> = allowed.iter().take(12).map(|v| v.to_string()).collect();
        let more = if allowed.len() > 12 { ", …" } else { "" };
        errors.push(format!(
            "{path}: {} not in enum [{}{more}]",
            show(value),
            list.join(", ")
        ));
    }
}

fn check_bounds(
    keywords: &serde_json::Map<String, Value>,
    value: &Value,
    path: &str,
    errors: &mut Vec<String>,
) {
    let number = |name: &str| keywords.get(name).and_then(Value::as_f64);
    let flag = |name: &str| keywords.get(name) == Some(&Value::Bool(true));
    if let Some(actual) = value.as_f64() {
        if let Some(minimum) = number("minimum") {
            if actual < minimum || (flag("exclusiveMinimum") && actual == minimum) {
                let op = if flag("exclusiveMinimum") { "<=" } else { "<" };
                errors.push(format!("{path}: {value} {op} minimum {minimum}"));
            }
        }
        if let Some(maximum) = number("maximum") {
            if actual > maximum || (flag("exclusiveMaximum") && actual == maximum) {
                let op = if flag("exclusiveMaximum") { ">=" } else { ">" };
                errors.push(format!("{path}: {value} {op} maximum {maximum}"));
            }
        }
    }
    let size = match value {
        Value::String(text) => Some((text.chars().count() as f64, "Length", "characters")),
        Value::Array(items) => Some((items.len() as f64, "Items", "items")),
        _ => None,
    };
    if let Some((actual, suffix, unit)) = size {
        if let Some(least) = number(&format!("min{suffix}")).filter(|&least| actual < least) {
            errors.push(format!(
                "{path}: {actual} {unit}, fewer than min{suffix} {least}"
            ));
        }
        if let Some(most) = number(&format!("max{suffix}")).filter(|&most| actual > most) {
            errors.push(format!(
                "{path}: {actual} {unit}, more than max{suffix} {most}"
            ));
        }
    }
}
