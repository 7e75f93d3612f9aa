//! The small Russian HTML pages hh-callback answers with, and the headers every answer carries.
//!
//! Pages are static texts chosen by the caller: nothing from the request is ever echoed,
//! so no escaping of user input is needed and no token can leak into a page.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE, LOCATION};
use hyper::{Response, StatusCode};

/// The body type of every answer.
pub type Body = Full<Bytes>;

/// An HTML page with `status`, a title and one paragraph.
pub fn html(status: StatusCode, title: &str, message: &str) -> Response<Body> {
    let body = format!(
        "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>body{{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}</style>\
         </head><body><h1>{title}</h1><p>{message}</p></body></html>\n"
    );
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    harden(response)
}

/// A plain-text answer (health checks, method errors).
pub fn text(status: StatusCode, body: &'static str) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    harden(response)
}

/// A 302 to `location` (always hh.ru's authorize URL built from config).
pub fn redirect(location: &str) -> Response<Body> {
    let mut response = text(StatusCode::FOUND, "");
    match HeaderValue::from_str(location) {
        Ok(value) => {
            response.headers_mut().insert(LOCATION, value);
            response
        }
        Err(_) => internal_error(),
    }
}

/// The page for a failure on our side.
pub fn internal_error() -> Response<Body> {
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Внутренняя ошибка",
        "Не удалось завершить авторизацию. Подробности в журнале сервиса hh-callback.",
    )
}

/// The headers every answer carries: no caching, no referrer, no sniffing, no framing.
/// `harden` adds them to our pages; `stamp` adds the missing ones to any response head
/// that leaves a connection, hyper's own error answers included.
pub const HARDENING: [(&str, &str); 5] = [
    ("cache-control", "no-store"),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    ),
];

/// Adds the [`HARDENING`] headers to `response`.
pub fn harden(mut response: Response<Body>) -> Response<Body> {
    let headers = response.headers_mut();
    for (name, value) in HARDENING {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}
