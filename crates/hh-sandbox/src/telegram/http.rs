//! The emulator's HTTP side: `/bot<TOKEN>/<method>` requests (JSON, form or query
//! parameters, Telegram's `{"ok":…}` envelope), `getUpdates` long polling, file downloads
//! at `/file/bot<TOKEN>/<file_path>`, and the control API under `/_telegram/` for scripts.
//!
//! What each method answers is `methods`'. Nothing here logs a path: it holds the token.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::CONTENT_TYPE;
use hyper::{Method as HttpMethod, Request, Response, StatusCode};
use serde_json::{json, Map, Value};

use super::methods::{self, Params, Refusal};
use super::{Server, Violation};
use crate::http::{self as sandbox_http, Body};

/// The largest request body read (a 4,096-character text with a keyboard fits easily).
const MAX_BODY: usize = 1024 * 1024;

/// The longest a `getUpdates` waits, whatever its `timeout`, so shutdown stays quick.
pub const MAX_POLL_WAIT: Duration = Duration::from_secs(1);

/// Answers one request.
pub(super) async fn handle(
    server: Server,
    request: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Ok(envelope(Err(methods::bad("request body is too large")))),
    };
    let path = parts.uri.path();
    if let Some(control) = path.strip_prefix("/_telegram/") {
        return Ok(control_api(&server, &parts.method, control, &body));
    }
    if let Some(rest) = path.strip_prefix("/file/bot") {
        return Ok(download(&server, &parts.method, rest));
    }
    let Some((token, method)) = path
        .strip_prefix("/bot")
        .and_then(|rest| rest.split_once('/'))
    else {
        return Ok(envelope(Err(Refusal {
            code: 404,
            description: "Not Found".to_owned(),
            retry_after: None,
        })));
    };
    let Some(bot) = bot_id(token) else {
        return Ok(envelope(Err(Refusal {
            code: 401,
            description: "Unauthorized".to_owned(),
            retry_after: None,
        })));
    };
    let method = method.to_ascii_lowercase();
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let params = match params(parts.uri.query(), content_type, &body) {
        Ok(params) => params,
        Err(refusal) => return Ok(envelope(Err(refusal))),
    };
    server.change(|state| state.records.methods.push(method.clone()));
    let answer = if method == "getupdates" {
        Ok(get_updates(&server, &params).await)
    } else {
        server.change(|state| {
            let answer = methods::call(state, bot, &method, &params);
            if let Err(refusal) = &answer {
                state.records.errors.push(Violation {
                    method: method.clone(),
                    description: refusal.description.clone(),
                });
            }
            answer
        })
    };
    Ok(envelope(answer))
}

/// A bot's id is its token's prefix, as in Telegram; `None` for a malformed token.
fn bot_id(token: &str) -> Option<i64> {
    token
        .split_once(':')
        .and_then(|(id, secret)| id.parse::<i64>().ok().filter(|_| !secret.is_empty()))
}

/// `GET /file/bot<TOKEN>/<file_path>`: the bytes of a file `getFile` gave out, else
/// Telegram's 404 envelope.
fn download(server: &Server, method: &HttpMethod, rest: &str) -> Response<Body> {
    let not_found = || {
        envelope(Err(Refusal {
            code: 404,
            description: "Not Found".to_owned(),
            retry_after: None,
        }))
    };
    // teloxide sends the path as one segment (`documents%2Ffile_1.pdf`); Telegram takes
    // both forms.
    let rest = percent_decode(rest);
    let Some((token, file_path)) = rest.split_once('/') else {
        return not_found();
    };
    if method != HttpMethod::GET || bot_id(token).is_none() {
        return not_found();
    }
    match server.download(file_path) {
        Some(bytes) => {
            let mut response = Response::new(Body::new(Bytes::from(bytes.as_ref().clone())));
            response.headers_mut().insert(
                CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("application/octet-stream"),
            );
            response
        }
        None => not_found(),
    }
}

/// `%XX` escapes decoded; anything malformed is kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Query fields, then a JSON object body or form fields over them.
fn params(query: Option<&str>, content_type: Option<&str>, body: &[u8]) -> Result<Params, Refusal> {
    let mut fields = Map::new();
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        fields.insert(key.into_owned(), Value::String(value.into_owned()));
    }
    if content_type.is_some_and(|kind| kind.starts_with("application/json")) {
        if !body.is_empty() {
            let Value::Object(object) = serde_json::from_slice(body)
                .map_err(|_| methods::bad("can't parse JSON request body"))?
            else {
                return Err(methods::bad("the request body must be a JSON object"));
            };
            fields.extend(object);
        }
    } else {
        for (key, value) in sandbox_http::parse_form(content_type, body) {
            fields.insert(key, Value::String(value));
        }
    }
    Ok(Params(fields))
}

/// Long polling: answers at once when updates are queued, else waits for one up to the
/// request's `timeout` (at most [`MAX_POLL_WAIT`]) and answers what is there then.
async fn get_updates(server: &Server, params: &Params) -> Value {
    let timeout = params
        .i64("timeout")
        .and_then(|seconds| u64::try_from(seconds).ok())
        .map_or(Duration::ZERO, Duration::from_secs)
        .min(MAX_POLL_WAIT);
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let queued = server.inner.queued.notified();
        tokio::pin!(queued);
        queued.as_mut().enable();
        let updates = methods::take_updates(&mut server.state(), params);
        if !updates.is_empty() || tokio::time::timeout_at(deadline, queued).await.is_err() {
            return Value::Array(updates);
        }
    }
}

/// Telegram's envelope: `{"ok":true,"result":…}` or `{"ok":false,"error_code","description"}`
/// with the error code as the HTTP status.
fn envelope(answer: Result<Value, Refusal>) -> Response<Body> {
    match answer {
        Ok(result) => sandbox_http::json(StatusCode::OK, &json!({ "ok": true, "result": result })),
        Err(refusal) => sandbox_http::json(
            StatusCode::from_u16(refusal.code).unwrap_or(StatusCode::BAD_REQUEST),
            &match refusal.retry_after {
                None => json!({
                    "ok": false, "error_code": refusal.code, "description": refusal.description
                }),
                Some(seconds) => json!({
                    "ok": false, "error_code": refusal.code, "description": refusal.description,
                    "parameters": { "retry_after": seconds }
                }),
            },
        ),
    }
}

/// `/_telegram/…`: queue updates, messages and button presses; refuse some calls to come;
/// read what the bot did.
fn control_api(server: &Server, method: &HttpMethod, path: &str, body: &Bytes) -> Response<Body> {
    let input: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let chat = input["chat_id"].as_i64();
    let reply = |value: Value| sandbox_http::json(StatusCode::OK, &value);
    let created = |value: Value| sandbox_http::json(StatusCode::CREATED, &value);
    let refuse =
        |status: StatusCode, what: &str| sandbox_http::json(status, &json!({ "error": what }));
    match (method, path) {
        (&HttpMethod::POST, "updates") => match input {
            Value::Object(_) => created(json!({ "update_id": server.push_update(input) })),
            _ => refuse(StatusCode::BAD_REQUEST, "expected a JSON update object"),
        },
        (&HttpMethod::POST, "messages") => match (chat, input["text"].as_str()) {
            (Some(chat), Some(text)) => {
                created(json!({ "message_id": server.push_text(chat, text) }))
            }
            _ => refuse(
                StatusCode::BAD_REQUEST,
                "expected {\"chat_id\": N, \"text\": \"…\"}",
            ),
        },
        (&HttpMethod::POST, "callbacks") => {
            let (message, data) = (input["message_id"].as_i64(), input["data"].as_str());
            let (Some(chat), Some(message), Some(data)) = (chat, message, data) else {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "expected {\"chat_id\": N, \"message_id\": N, \"data\": \"…\"}",
                );
            };
            match server.change(|state| state.queue_callback(chat, message, data)) {
                Some(id) => created(json!({ "callback_query_id": id })),
                None => refuse(StatusCode::NOT_FOUND, "no such message in that chat"),
            }
        }
        (&HttpMethod::POST, "refusals") => {
            let count = input["count"].as_u64().and_then(|n| u32::try_from(n).ok());
            match (
                input["method"].as_str(),
                count,
                input["description"].as_str(),
            ) {
                (Some(method), Some(count), Some(description)) => {
                    server.refuse(method, count, description);
                    created(json!({ "method": method.to_ascii_lowercase(), "count": count }))
                }
                _ => refuse(
                    StatusCode::BAD_REQUEST,
                    "expected {\"method\": \"…\", \"count\": N, \"description\": \"…\"}",
                ),
            }
        }
        (&HttpMethod::GET, "records") => reply(json!(server.records())),
        (&HttpMethod::GET, "sent") => reply(json!(server.sent())),
        (&HttpMethod::GET, "unanswered") => reply(json!(server.unanswered_callbacks())),
        _ => refuse(StatusCode::NOT_FOUND, "not found"),
    }
}
