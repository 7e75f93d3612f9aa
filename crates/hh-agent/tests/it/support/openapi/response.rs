//! The response half of [`Spec`]: status, content type and JSON body of one answer, and
//! the response examples the spec itself gives.

use serde_json::Value;

use super::schema::resolve;
use super::{media_type, Operation, ResponseExample, Spec};

impl Spec {
    /// Whether the spec allows this response: a declared status (or `default`), a declared
    /// content type, and a JSON body that fits its schema.
    pub fn check_response(
        &self,
        method: &str,
        path: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), Vec<String>> {
        let operation = self
            .operation(method, path)
            .ok_or_else(|| vec![format!("{method} {path}: no such operation in the spec")])?;
        let responses = &self.node(operation)["responses"];
        let declared = [
            status.to_string(),
            format!("{}XX", status / 100),
            "default".into(),
        ]
        .into_iter()
        .find_map(|key| responses.get(key));
        let Some(declared) = declared else {
            let known: Vec<&String> = responses
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
                .collect();
            return Err(vec![format!(
                "status {status} is not declared (declared: {known:?})"
            )]);
        };
        let response = resolve(&self.document, declared).map_err(|err| vec![err])?;
        let content = response
            .get("content")
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty());
        let no_body = || {
            vec![format!(
                "status {status} declares no body, but {} bytes came",
                body.len()
            )]
        };
        let Some(content_type) = content_type else {
            return match (content, body.is_empty()) {
                (_, true) => Ok(()),
                (None, false) => Err(no_body()),
                (Some(_), false) => Err(vec!["a body without Content-Type".to_owned()]),
            };
        };
        let Some(content) = content else {
            return if body.is_empty() {
                Ok(())
            } else {
                Err(no_body())
            };
        };
        let media = media_type(content_type);
        let Some(declared_media) = content.get(&media) else {
            let known: Vec<&String> = content.keys().collect();
            return Err(vec![format!(
                "content type {media:?} is not declared for status {status} (declared: {known:?})"
            )]);
        };
        let Some(schema) = declared_media.get("schema") else {
            return Ok(());
        };
        if !(media == "application/json" || media.ends_with("+json")) {
            return Ok(());
        }
        let value: Value =
            serde_json::from_slice(body).map_err(|err| vec![format!("$: not JSON: {err}")])?;
        self.validate(schema, &value)
    }

    /// The response examples the spec gives for `operation` (inline or from
    /// `components.examples`), as `(status, media type, name, value)`.
    pub fn response_examples(&self, operation: &Operation) -> Vec<ResponseExample<'_>> {
        let mut found = Vec::new();
        let responses = self.node(operation)["responses"].as_object();
        for (status, response) in responses.into_iter().flatten() {
            let Ok(response) = resolve(&self.document, response) else {
                continue;
            };
            let content = response.get("content").and_then(Value::as_object);
            for (media, declared) in content.into_iter().flatten() {
                if let Some(value) = declared.get("example") {
                    found.push(ResponseExample {
                        status: status.clone(),
                        media: media.clone(),
                        name: "example".to_owned(),
                        value,
                    });
                }
                for (name, example) in declared
                    .get("examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let name = example
                        .get("$ref")
                        .and_then(Value::as_str)
                        .unwrap_or(name)
                        .to_owned();
                    if let Some(value) = resolve(&self.document, example)
                        .ok()
                        .and_then(|e| e.get("value"))
                    {
                        found.push(ResponseExample {
                            status: status.clone(),
                            media: media.clone(),
                            name,
                            value,
                        });
                    }
                }
            }
        }
        found
    }
}
