//! Raw HTTP against a running sandbox, as any hh.ru client would send it: one bearer (a
//! user token, an application token or none), `HH-User-Agent`, no redirects followed.
//! Answers come back as status, headers and JSON (`null` for an empty body).

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

use crate::support::browser;

const UA: (&str, &str) = ("HH-User-Agent", "tests/1.0 (t@example.org)");

/// One answer.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
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
            .request(method, format!("{}{path_and_query}", self.url))
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
            status,
            headers,
            body,
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
