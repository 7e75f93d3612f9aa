//! Raw HTTP against a running sandbox, as any hh.ru client would send it: one bearer (a
//! user token, an application token or none), `HH-User-Agent`, no redirects followed.
//! Answers come back as status, headers and JSON (`null` for an empty body), and can be
//! checked against hh.ru's spec.

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

use crate::support::browser;
use crate::support::openapi::Spec;

const UA: (&str, &str) = ("HH-User-Agent", "tests/1.0 (t@example.org)");

/// One answer.
pub struct Answer {
    pub method: Method,
    pub path: String,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    bytes: bytes::Bytes,
}

impl Answer {
    /// The spec's complaints about this answer to its request, as `METHOD path → status: …`.
    pub fn spec_errors(&self) -> Vec<String> {
        let content_type = self
            .headers
            .get("content-type")
            .map(|value| value.to_str().unwrap());
        let path = self.path.split('?').next().unwrap();
        let checked = Spec::get().check_response(
            self.method.as_str(),
            path,
            self.status,
            content_type,
            &self.bytes,
        );
        let label = format!("{} {path} → {}", self.method, self.status);
        checked
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|error| format!("{label}: {error}"))
            .collect()
    }

    /// `errors[0].type` and `errors[0].value` of an hh.ru error body ("" when missing).
    pub fn error(&self) -> (String, String) {
        let first = &self.body["errors"][0];
        let text = |key: &str| first[key].as_str().unwrap_or("").to_owned();
        (text("type"), text("value"))
    }
}

/// A caller of one sandbox with one bearer.
#[derive(Clone)]
pub struct Raw {
    pub url: String,
    pub bearer: Option<String>,
    http: reqwest::Client,
}

impl Raw {
    pub fn new(url: &str, bearer: Option<&str>) -> Raw {
        Raw {
            url: url.to_owned(),
            bearer: bearer.map(str::to_owned),
            http: browser(),
        }
    }

    /// Sends `method path_and_query` with `headers` and an urlencoded `form` (if any).
    pub async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        headers: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> Answer {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path_and_query}", self.url))
            .header(UA.0, UA.1);
        if let Some(bearer) = &self.bearer {
            request = request.bearer_auth(bearer);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if !form.is_empty() {
            request = request.form(form);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            method,
            path: path_and_query.to_owned(),
            status,
            headers,
            body,
            bytes,
        }
    }

    pub async fn get(&self, path_and_query: &str) -> Answer {
        self.send(Method::GET, path_and_query, &[], &[]).await
    }

    pub async fn post(&self, path_and_query: &str, form: &[(&str, &str)]) -> Answer {
        self.send(Method::POST, path_and_query, &[], form).await
    }

    pub async fn put(&self, path_and_query: &str) -> Answer {
        self.send(Method::PUT, path_and_query, &[], &[]).await
    }

    pub async fn delete(&self, path_and_query: &str) -> Answer {
        self.send(Method::DELETE, path_and_query, &[], &[]).await
    }
}

/// A fresh application token (`client_credentials`) of the sandbox at `url`.
pub async fn app_token(url: &str) -> String {
    let answer = Raw::new(url, None)
        .post(
            "/token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", hh_sandbox::CLIENT_ID),
                ("client_secret", hh_sandbox::CLIENT_SECRET),
            ],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["access_token"].as_str().unwrap().to_owned()
}
