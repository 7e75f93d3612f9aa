//! What hh-callback answers to each request: `/login`, the callback path and `/healthz`.
//!
//! The callback redeems a code only after the signed state, its expiry, the browser
//! cookie and single use all check out; any failure answers 400 without calling hh.ru.
//! Sockets, limits and shutdown live in the parent module.

use hyper::header::{HeaderValue, COOKIE, SET_COOKIE};
use hyper::{Method, Request, Response, StatusCode};

use super::page::{self, Body};
use super::Context;
use crate::oauth;
use crate::secret::Secret;
use crate::state;
use crate::token_store::AuthorizationRecord;

/// Answers one request; never fails and never echoes request data.
pub async fn route<B>(request: Request<B>, ctx: &Context) -> Response<Body> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return page::text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
    }
    let uri_len = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri_len > ctx.limits.max_uri_bytes {
        return page::text(StatusCode::URI_TOO_LONG, "uri too long\n");
    }
    let path = request.uri().path();
    let query = Query::parse(request.uri().query().unwrap_or(""));
    if path == "/healthz" {
        page::text(StatusCode::OK, "ok\n")
    } else if ctx.login_paths.iter().any(|login| login == path) {
        login(&query, ctx)
    } else if path == ctx.callback_path {
        let cookie = find_cookie(&request, ctx.cookie_name());
        callback(&query, cookie.as_deref(), ctx).await
    } else {
        page::text(StatusCode::NOT_FOUND, "not found\n")
    }
}

fn login(query: &Query, ctx: &Context) -> Response<Body> {
    let Some(state_value) = query.single("state") else {
        return bad_link();
    };
    let verified = match ctx.signer.verify(state_value, ctx.clock.now()) {
        Ok(verified) => verified,
        Err(err) => {
            tracing::info!(reason = %err, "login refused");
            return bad_link();
        }
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        ctx.cookie_name(),
        ctx.signer.browser_binding(&verified).expose(),
        state::LIFETIME.num_seconds(),
        if ctx.secure_cookie { "; Secure" } else { "" }
    );
    let location = ctx.oauth.authorize_url(&Secret::new(state_value));
    let mut response = page::redirect(location.as_str());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    tracing::info!("login redirected to hh.ru");
    response
}

async fn callback(query: &Query, cookie: Option<&str>, ctx: &Context) -> Response<Body> {
    if let Some(error) = query.single("error") {
        tracing::info!(error = %printable(error), "hh.ru returned an authorization error");
        return if error == "access_denied" {
            page::html(
                StatusCode::OK,
                "Доступ не предоставлен",
                "Вы отказались давать доступ к аккаунту hh.ru, и это нормально: ничего не сохранено. \
                 Если передумаете, запросите новую ссылку командой /hh_auth в Telegram.",
            )
        } else {
            refused("hh.ru не выдал доступ. Запросите новую ссылку командой /hh_auth в Telegram.")
        };
    }
    let Some(state_value) = query.single("state") else {
        tracing::info!("callback refused: no state");
        return bad_link();
    };
    let now = ctx.clock.now();
    let verified = match ctx.signer.verify(state_value, now) {
        Ok(verified) => verified,
        Err(err) => {
            tracing::info!(reason = %err, "callback refused");
            return bad_link();
        }
    };
    if !cookie.is_some_and(|cookie| ctx.signer.is_bound(&verified, cookie)) {
        tracing::info!(
            reason = "browser cookie missing or foreign",
            "callback refused"
        );
        return refused(
            "Эта ссылка открыта не в том браузере, где начиналась авторизация. \
             Откройте ссылку входа и завершите вход в одном и том же браузере.",
        );
    }
    let Some(code) = query.single("code").filter(|code| !code.is_empty()) else {
        tracing::info!(reason = "no code", "callback refused");
        return refused("hh.ru не передал код авторизации. Начните вход заново.");
    };
    if let Err(err) = ctx.replay.consume(&verified, now) {
        tracing::info!(reason = %err, "callback refused");
        return bad_link();
    }
    let response = match ctx
        .oauth
        .exchange_code(&Secret::new(code), &ctx.client_secret)
        .await
    {
        Ok(response) => response,
        Err(err) => return exchange_failed(err),
    };
    let pair = match response.into_pair(ctx.clock.now()) {
        Ok(pair) => pair,
        Err(err) => return exchange_failed(err),
    };
    if let Err(err) = save(ctx, &pair, verified.chat_id).await {
        tracing::error!(error = %format!("{err:#}"), "cannot save the token pair");
        return page::internal_error();
    }
    tracing::info!(expires_at = %pair.expires_at, chat = verified.chat_id.is_some(), "authorization complete, token file written");
    let mut page = page::html(
        StatusCode::OK,
        "Готово",
        "Готово, вернитесь в Telegram. Доступ к hh.ru получен, токен сохранён на вашем сервере.",
    );
    let clear = format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        ctx.cookie_name(),
        if ctx.secure_cookie { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&clear) {
        page.headers_mut().insert(SET_COOKIE, value);
    }
    page
}

async fn save(
    ctx: &Context,
    pair: &crate::token_store::TokenPair,
    chat_id: Option<i64>,
) -> anyhow::Result<()> {
    let guard = ctx.store.lock_async().await?;
    guard.write_token(None, pair)?;
    guard.update_status(|status| {
        status.last_authorization = Some(AuthorizationRecord {
            at: pair.obtained_at,
            chat_id,
        });
    })
}

fn exchange_failed(err: oauth::Error) -> Response<Body> {
    tracing::warn!(error = %err, "code exchange failed");
    match err {
        oauth::Error::Transient { .. } => page::html(
            StatusCode::SERVICE_UNAVAILABLE,
            "hh.ru не отвечает",
            "Не удалось связаться с hh.ru. Подождите минуту и начните вход заново.",
        ),
        oauth::Error::Misconfigured { .. } => page::html(
            StatusCode::BAD_GATEWAY,
            "Ошибка настройки",
            "hh.ru отклонил запрос приложения: проверьте client_id, секрет и redirect_uri. \
             Точная причина записана в журнал hh-callback.",
        ),
        _ => refused(
            "Код авторизации не подошёл (устарел или уже использован). Начните вход заново.",
        ),
    }
}

fn bad_link() -> Response<Body> {
    refused(
        "Ссылка для входа недействительна, устарела или уже использована. \
         Запросите новую командой /hh_auth в Telegram (или hh auth-link).",
    )
}

fn refused(message: &str) -> Response<Body> {
    page::html(StatusCode::BAD_REQUEST, "Вход не выполнен", message)
}

/// The error code as hh.ru sent it, cut to a short printable token for the log.
fn printable(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(40)
        .collect()
}

fn find_cookie<B>(request: &Request<B>, name: &str) -> Option<String> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Query parameters; a key given twice counts as absent.
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(query: &str) -> Query {
        Query(
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    fn single(&self, key: &str) -> Option<&str> {
        let mut values = self.0.iter().filter(|(name, _)| name == key);
        match (values.next(), values.next()) {
            (Some((_, value)), None) => Some(value),
            _ => None,
        }
    }
}
