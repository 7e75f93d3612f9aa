//! The sandbox's HTTP layer: accepting connections, reading and recording requests,
//! applying faults, and dispatching to the emulated endpoints or the admin controls.
//!
//! What each endpoint answers lives in `oauth` (and later API modules) and `admin`.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::json;

use super::faults::{self, FaultKind};
use super::{admin, api, oauth, RecordedRequest, Sandbox};

/// A response body.
pub(super) type Body = Full<Bytes>;

/// The largest request body the sandbox reads.
const MAX_BODY: usize = 64 * 1024;

/// A request as the endpoints see it.
#[derive(Debug, Clone)]
pub(super) struct Call {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub bearer: Option<String>,
    pub has_user_agent: bool,
    pub has_hh_user_agent: bool,
    /// The `Host` header, for absolute `url` fields.
    pub host: Option<String>,
    /// The `If-None-Match` header, for the dictionaries' `304 Not Modified`.
    pub if_none_match: Option<String>,
}

impl Call {
    /// The first query value of `key`.
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first form value of `key`.
    pub fn form(&self, key: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Serves `sandbox` on `listener` until `shutdown` resolves.
pub(super) async fn serve(
    sandbox: Sandbox,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    accept(listener, shutdown, move |request| {
        handle(sandbox.clone(), request)
    })
    .await
}

/// The accept loop every emulator shares: one HTTP/1 connection per task, `handler` per
/// request; on `shutdown` it stops accepting and gives open connections 5 s to finish.
pub(super) async fn accept<H, F, E>(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()>,
    handler: H,
) -> std::io::Result<()>
where
    H: Fn(Request<Incoming>) -> F + Clone + Send + 'static,
    F: Future<Output = Result<Response<Body>, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    tracing::warn!(%err, "sandbox accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = service_fn(handler.clone());
        let connection =
            graceful.watch(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(%err, "sandbox connection ended");
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
    Ok(())
}

/// The connection was dropped on purpose (a fault).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

async fn handle(sandbox: Sandbox, request: Request<Incoming>) -> Result<Response<Body>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Ok(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "bad_argument",
                Some("body"),
            ))
        }
    };
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(CONTENT_TYPE);
    let call = Call {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect(),
        form: parse_form(content_type.as_deref(), &body),
        bearer: header(AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer ").map(str::to_owned)),
        has_user_agent: parts.headers.contains_key("hh-user-agent")
            || parts.headers.contains_key(USER_AGENT),
        has_hh_user_agent: parts.headers.contains_key("hh-user-agent"),
        host: header(hyper::header::HOST),
        if_none_match: header(hyper::header::IF_NONE_MATCH),
        content_type,
    };
    if call.path.starts_with("/_sandbox/") {
        return Ok(admin::handle(&sandbox, &call, &body));
    }
    let (recorded, fault) = {
        let mut state = sandbox.state();
        let token_serial = state.oauth.serial(call.bearer.as_deref());
        state.requests.push(RecordedRequest {
            method: call.method.to_string(),
            path: call.path.clone(),
            query: call.query.clone(),
            form: call.form.clone(),
            has_user_agent: call.has_user_agent,
            has_hh_user_agent: call.has_hh_user_agent,
            content_type: call.content_type.clone(),
            if_none_match: call.if_none_match.clone(),
            token_serial,
            status: None,
        });
        let recorded = state.requests.len() - 1;
        (
            recorded,
            faults::take(&mut state.faults, call.method.as_str(), &call.path),
        )
    };
    match fault {
        Some(FaultKind::Status {
            status,
            body,
            retry_after,
        }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = Response::new(Full::new(Bytes::from(body)));
            *response.status_mut() = status;
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            return Ok(response);
        }
        Some(FaultKind::Captcha) => {
            return Ok(json(
                StatusCode::FORBIDDEN,
                &json!({
                    "description": "Forbidden",
                    "errors": [{
                        "type": "captcha_required",
                        "value": "captcha_required",
                        "captcha_url": format!("https://hh.ru/account/captcha?state={}", request_id()),
                        "fallback_url": "https://hh.ru/account/connect/register",
                    }],
                    "request_id": request_id(),
                }),
            ))
        }
        Some(FaultKind::Delay { millis }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await
        }
        Some(FaultKind::DropBeforeProcessing) => return Err(Dropped),
        Some(FaultKind::DropAfterProcessing) => {
            let _ = route(&sandbox, &call);
            return Err(Dropped);
        }
        None => {}
    }
    let mut response = route(&sandbox, &call);
    if let Some(request) = sandbox.state().requests.get_mut(recorded) {
        // A log cleared meanwhile holds another request at that index: only mark ours.
        if request.status.is_none() && request.path == call.path {
            request.status = Some(response.status().as_u16());
        }
    }
    // hh.ru's `Date` on the sandbox's clock, so a moved clock looks like clock skew.
    let date = sandbox
        .now()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    if let Ok(date) = HeaderValue::from_str(&date) {
        response.headers_mut().insert(hyper::header::DATE, date);
    }
    Ok(response)
}

/// Dispatches an emulated hh.ru request.
fn route(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let is_authorize = call.method == Method::GET && call.path == "/oauth/authorize";
    if !is_authorize && !call.has_user_agent {
        return json(
            StatusCode::BAD_REQUEST,
            &json!({"errors": [{"type": "bad_user_agent", "value": "unset"}], "description": "User-Agent is not set", "request_id": request_id()}),
        );
    }
    match (&call.method, call.path.as_str()) {
        (&Method::GET, "/oauth/authorize") => oauth::authorize(sandbox, call),
        (&Method::POST, "/token" | "/oauth/token") => oauth::token(sandbox, call),
        (&Method::DELETE, "/oauth/token") => oauth::revoke(sandbox, call),
        (&Method::GET, "/me") => oauth::me(sandbox, call),
        _ => api::route(sandbox, call)
            .unwrap_or_else(|| error(StatusCode::NOT_FOUND, "not_found", None)),
    }
}

/// Form fields of an urlencoded or multipart body; anything else has none.
pub(super) fn parse_form(content_type: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    let Some(content_type) = content_type else {
        return Vec::new();
    };
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded::parse(body).into_owned().collect();
    }
    let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| {
            rest.split(';')
                .find_map(|p| p.trim().strip_prefix("boundary="))
        })
    else {
        return Vec::new();
    };
    let boundary = format!("--{}", boundary.trim_matches('"'));
    let text = String::from_utf8_lossy(body);
    text.split(boundary.as_str())
        .filter_map(|part| {
            let (head, value) = part.split_once("\r\n\r\n")?;
            let name = head
                .split(';')
                .find_map(|p| p.trim().strip_prefix("name=\""))?
                .split('"')
                .next()?;
            Some((
                name.to_owned(),
                value.strip_suffix("\r\n").unwrap_or(value).to_owned(),
            ))
        })
        .collect()
}

/// A JSON response.
pub(super) fn json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(value.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    response
}

/// hh.ru's `{"errors":[{"type","value"}]}` body.
pub(super) fn error(status: StatusCode, kind: &str, value: Option<&str>) -> Response<Body> {
    let mut item = json!({"type": kind});
    if let Some(value) = value {
        item["value"] = json!(value);
    }
    let description = status.canonical_reason().unwrap_or("Error");
    json(
        status,
        &json!({"errors": [item], "description": description, "request_id": request_id()}),
    )
}

/// An empty response with `status`.
pub(super) fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

/// A random request id like hh.ru's.
pub(super) fn request_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}
