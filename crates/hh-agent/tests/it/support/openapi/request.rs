//! The request half of [`Spec`]: path, query and header parameters and the form body of
//! one request, as the sandbox records it. Finding the operation is `super`'s job.

use std::collections::BTreeMap;

use hh_sandbox::RecordedRequest;
use serde_json::Value;

use super::schema::{resolve, Mode, Validator};
use super::{at, media_type, Operation, Segment, Spec};

/// The prose hh.ru's spec uses for a query parameter that may repeat (`area=1&area=2`);
/// it declares such parameters `type: string`, never `array` or `explode`.
const REPEATABLE_PROSE: &str = "Можно указать несколько значений";

impl Spec {
    /// [`Spec::check_request`] for what the sandbox recorded.
    pub fn check_recorded(&self, request: &RecordedRequest) -> Result<&Operation, Vec<String>> {
        self.check_request(
            &request.method,
            &request.path,
            &request.query,
            request.content_type.as_deref(),
            &request.form,
            request.has_hh_user_agent,
        )
    }

    /// Whether the spec allows this request: a known operation, declared query parameters
    /// whose values fit their schemas (repeated only where allowed), every required one,
    /// `HH-User-Agent` where required, and a body of a declared content type whose fields
    /// are properties of its schema and fit them.
    pub fn check_request(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        content_type: Option<&str>,
        form: &[(String, String)],
        has_hh_user_agent: bool,
    ) -> Result<&Operation, Vec<String>> {
        let operation = self
            .operation(method, path)
            .ok_or_else(|| vec![format!("{method} {path}: no such operation in the spec")])?;
        let parameters = self.parameters(operation);
        let mut errors = Vec::new();
        self.check_path(operation, path, &parameters, &mut errors);
        self.check_query(&parameters, query, &mut errors);
        for parameter in parameters.iter().filter(|p| p["in"] == "header") {
            let name = parameter["name"].as_str().unwrap_or_default();
            let required = parameter["required"] == true;
            if required && !(name.eq_ignore_ascii_case("HH-User-Agent") && has_hh_user_agent) {
                errors.push(format!("header.{name}: required but not sent"));
            }
        }
        self.check_body(operation, content_type, form, &mut errors);
        if errors.is_empty() {
            Ok(operation)
        } else {
            Err(errors)
        }
    }

    /// Path-level and operation-level parameters, resolved; the operation's win.
    fn parameters(&self, operation: &Operation) -> Vec<&Value> {
        let item = at(&self.document, &operation.path_item);
        let mut found: Vec<&Value> = Vec::new();
        for list in [&item["parameters"], &self.node(operation)["parameters"]] {
            for parameter in list.as_array().into_iter().flatten() {
                let Ok(parameter) = resolve(&self.document, parameter) else {
                    continue;
                };
                found.retain(|known| {
                    (&known["name"], &known["in"]) != (&parameter["name"], &parameter["in"])
                });
                found.push(parameter);
            }
        }
        found
    }

    fn check_path(
        &self,
        operation: &Operation,
        path: &str,
        parameters: &[&Value],
        errors: &mut Vec<String>,
    ) {
        let values = path.split('/').zip(&operation.segments);
        for (value, segment) in values {
            let Segment::Parameter(name) = segment else {
                continue;
            };
            let declared = parameters
                .iter()
                .find(|p| p["in"] == "path" && p["name"] == name.as_str());
            match declared {
                Some(parameter) => {
                    self.check_text(&parameter["schema"], value, &format!("path.{name}"), errors)
                }
                None => errors.push(format!("path.{name}: not declared for {}", operation.id)),
            }
        }
    }

    fn check_query(
        &self,
        parameters: &[&Value],
        query: &[(String, String)],
        errors: &mut Vec<String>,
    ) {
        let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, value) in query {
            groups.entry(name).or_default().push(value);
        }
        for (name, values) in &groups {
            let declared = parameters
                .iter()
                .find(|p| p["in"] == "query" && p["name"] == *name);
            let Some(parameter) = declared else {
                errors.push(format!("query.{name}: not declared for this operation"));
                continue;
            };
            let schema = resolve(&self.document, &parameter["schema"]).unwrap_or(&Value::Null);
            if schema["type"] == "array" {
                let array = Value::from(values.clone());
                errors.extend(Validator::new(&self.document, Mode::Text).validate(
                    schema,
                    &array,
                    &format!("query.{name}"),
                ));
            } else if values.len() == 1 {
                self.check_text(schema, values[0], &format!("query.{name}"), errors);
            } else if repeatable(parameter) {
                for (index, value) in values.iter().enumerate() {
                    self.check_text(schema, value, &format!("query.{name}[{index}]"), errors);
                }
            } else {
                errors.push(format!(
                    "query.{name}: sent {} times, but the spec declares one value (type {}, no explode, no \"{REPEATABLE_PROSE}\")",
                    values.len(),
                    schema["type"]
                ));
            }
        }
        for parameter in parameters
            .iter()
            .filter(|p| p["in"] == "query" && p["required"] == true)
        {
            let name = parameter["name"].as_str().unwrap_or_default();
            if !groups.contains_key(name) {
                errors.push(format!("query.{name}: required but missing"));
            }
        }
    }

    fn check_body(
        &self,
        operation: &Operation,
        content_type: Option<&str>,
        form: &[(String, String)],
        errors: &mut Vec<String>,
    ) {
        let body = self
            .node(operation)
            .get("requestBody")
            .map(|body| resolve(&self.document, body));
        let body = match body {
            Some(Ok(body)) => Some(body),
            Some(Err(err)) => return errors.push(format!("body: {err}")),
            None => None,
        };
        let content = body
            .and_then(|body| body.get("content"))
            .and_then(Value::as_object);
        let declared: Vec<&String> = content
            .into_iter()
            .flatten()
            .map(|(media, _)| media)
            .collect();
        let Some(content_type) = content_type else {
            if body.is_some_and(|body| body["required"] == true) {
                errors.push(format!("body: required ({declared:?}) but none was sent"));
            } else if !form.is_empty() {
                errors.push("body: fields without a Content-Type".to_owned());
            }
            return;
        };
        let media = media_type(content_type);
        let Some(schema) = content
            .and_then(|content| content.get(&media))
            .map(|media| &media["schema"])
        else {
            return errors.push(format!(
                "body: content type {media:?} is not declared (declared: {declared:?})"
            ));
        };
        let properties = self.body_properties(schema);
        let mut object = serde_json::Map::new();
        for (name, value) in form {
            let Some(property) = properties.get(name.as_str()) else {
                let known: Vec<&&str> = properties.keys().collect();
                errors.push(format!(
                    "form.{name}: not a property of the body schema (properties: {known:?})"
                ));
                continue;
            };
            let is_array = resolve(&self.document, property).is_ok_and(|p| p["type"] == "array");
            let value = Value::from(value.as_str());
            match object.get_mut(name) {
                Some(Value::Array(values)) => values.push(value),
                Some(single) => *single = Value::from(vec![single.clone(), value]),
                None if is_array => {
                    object.insert(name.clone(), Value::from(vec![value]));
                }
                None => {
                    object.insert(name.clone(), value);
                }
            }
        }
        errors.extend(Validator::new(&self.document, Mode::Text).validate(
            schema,
            &Value::Object(object),
            "form",
        ));
    }

    /// Every property name a body schema knows, through `$ref`, `allOf`, `oneOf`, `anyOf`.
    fn body_properties<'a>(&'a self, schema: &'a Value) -> BTreeMap<&'a str, &'a Value> {
        let mut found = BTreeMap::new();
        let mut pending = vec![schema];
        let mut visited = 0;
        while let Some(node) = pending.pop() {
            visited += 1;
            let Ok(node) = resolve(&self.document, node) else {
                continue;
            };
            if visited > 256 {
                break;
            }
            for (name, property) in node
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                found.entry(name.as_str()).or_insert(property);
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                pending.extend(
                    node.get(key)
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                );
            }
        }
        found
    }

    fn check_text(&self, schema: &Value, value: &str, path: &str, errors: &mut Vec<String>) {
        let mut validator = Validator::new(&self.document, Mode::Text);
        errors.extend(validator.validate(schema, &Value::from(value), path));
    }
}

/// Whether a query parameter may repeat: an `array` schema, `explode: true`, or hh.ru's
/// prose saying so.
fn repeatable(parameter: &Value) -> bool {
    parameter["explode"] == true
        || parameter["description"]
            .as_str()
            .is_some_and(|text| text.contains(REPEATABLE_PROSE))
}
