//! hh-callback end to end against the sandbox: the good path, every bad callback, open
//! redirects and headers; limits and what hyper refuses in `limits`.

use hh_agent::callback::Limits;
use hh_agent::secret::Secret;
use hh_agent::state::Signer;

use crate::support::{self, browser, follow, get, urlencode, World};

#[tokio::test]
async fn authorize_writes_a_private_token_file_with_the_issued_pair() {
    let world = World::start().await;
    let (status, page) = world.authorize(Some(4242)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Готово, вернитесь в Telegram"));

    let store = world.store();
    let pair = store.read().unwrap();
    assert_eq!(support::mode(store.path()), 0o600);
    assert_eq!(support::mode(store.dir()), 0o700);
    assert!(
        !page.contains(pair.access_token.expose()) && !page.contains(pair.refresh_token.expose())
    );
    // The stored access token is the one the sandbox issued: /me accepts it.
    let me = browser()
        .get(format!("{}/me", world.sandbox_url))
        .header("HH-User-Agent", "hh-agent-tests/1.0 (tests@example.org)")
        .bearer_auth(pair.access_token.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(
        pair.expires_at - pair.obtained_at,
        chrono::Duration::seconds(pair.expires_in)
    );
    let status = store.read_status().unwrap();
    assert_eq!(status.last_authorization.unwrap().chat_id, Some(4242));
    assert_eq!(world.token_calls(), 1);
    let exchange = world
        .sandbox
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    let fields: Vec<&str> = exchange.form.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        fields,
        [
            "grant_type",
            "client_id",
            "client_secret",
            "redirect_uri",
            "code"
        ]
    );
    assert!(exchange.form.contains(&(
        "redirect_uri".to_owned(),
        world.config.hh.redirect_uri.clone()
    )));
}

/// Each bad callback: the expected status and page text, no token call, file unchanged.
#[tokio::test]
async fn bad_callbacks_are_refused_without_calling_hh() {
    let world = World::start().await;
    let store = world.store();
    support::write_pair(
        &store,
        &support::pair("OLDACCESS", "OLDREFRESH", 3600, world.clock.now()),
    );
    let before = std::fs::read(store.path()).unwrap();
    let now = world.clock.now();
    let callback = format!("{}/hh/callback", world.callback_url);

    // A fully valid flow first, to get a real code, a real state and its cookie.
    let state = world.signer().issue(None, now);
    let (cookie, authorize) = world.login(state.expose()).await;
    let back = follow(&authorize).await;
    let code = url::Url::parse(&back)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let other_state = world.signer().issue(None, now);
    let (foreign_cookie, _) = world.login(other_state.expose()).await;
    let forged =
        Signer::new(Secret::new("another-key-that-is-long-enough-0123456789")).issue(None, now);
    let expired = world
        .signer()
        .issue(None, now - chrono::Duration::minutes(11));

    let q = |state: &str| {
        format!(
            "{callback}?code={}&state={}",
            urlencode(&code),
            urlencode(state)
        )
    };
    let cases: Vec<(&str, String, Option<&str>, u16, &str)> = vec![
        (
            "missing state",
            format!("{callback}?code={code}"),
            Some(&cookie),
            400,
            "недействительна",
        ),
        (
            "forged state",
            q(forged.expose()),
            Some(&cookie),
            400,
            "недействительна",
        ),
        (
            "expired state",
            q(expired.expose()),
            Some(&cookie),
            400,
            "недействительна",
        ),
        (
            "garbage state",
            q("v1.AAAA.BBBB"),
            Some(&cookie),
            400,
            "недействительна",
        ),
        (
            "missing cookie",
            q(state.expose()),
            None,
            400,
            "не в том браузере",
        ),
        (
            "foreign cookie",
            q(state.expose()),
            Some(&foreign_cookie),
            400,
            "не в том браузере",
        ),
        (
            "missing code",
            format!("{callback}?state={}", urlencode(state.expose())),
            Some(&cookie),
            400,
            "не передал код",
        ),
        (
            "empty code",
            format!("{callback}?code=&state={}", urlencode(state.expose())),
            Some(&cookie),
            400,
            "не передал код",
        ),
        (
            "duplicate state",
            format!("{}&state=x", q(state.expose())),
            Some(&cookie),
            400,
            "недействительна",
        ),
        (
            "access denied",
            format!(
                "{callback}?error=access_denied&state={}",
                urlencode(state.expose())
            ),
            Some(&cookie),
            200,
            "Доступ не предоставлен",
        ),
        (
            "other error",
            format!("{callback}?error=server_error"),
            None,
            400,
            "не выдал доступ",
        ),
    ];
    for (name, url, cookie, status, text) in cases {
        let (got, page) = get(&url, cookie).await;
        assert_eq!(got, status, "{name}: {page}");
        assert!(page.contains(text), "{name}: {page}");
        assert!(!page.contains(&code), "{name}: the page echoes the code");
        assert_eq!(world.token_calls(), 0, "{name}: hh.ru was called");
        assert_eq!(
            std::fs::read(store.path()).unwrap(),
            before,
            "{name}: token file changed"
        );
    }

    // Replayed: the state works once; the same callback again is refused before hh.ru.
    let (status, page) = get(&q(state.expose()), Some(&cookie)).await;
    assert_eq!(status, 200, "{page}");
    let after_first = std::fs::read(store.path()).unwrap();
    assert_ne!(after_first, before);
    let (status, page) = get(&q(state.expose()), Some(&cookie)).await;
    assert_eq!(status, 400, "{page}");
    assert_eq!(world.token_calls(), 1);
    assert_eq!(std::fs::read(store.path()).unwrap(), after_first);
}

#[tokio::test]
async fn login_without_a_valid_state_does_not_redirect() {
    let world = World::start().await;
    let now = world.clock.now();
    let expired = world
        .signer()
        .issue(None, now - chrono::Duration::minutes(11));
    for query in [
        "",
        "?state=",
        "?state=abc",
        &format!("?state={}", urlencode(expired.expose())),
    ] {
        let response = browser()
            .get(format!("{}/hh/login{query}", world.callback_url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{query}");
        assert!(response.headers().get("location").is_none());
        assert!(response.headers().get("set-cookie").is_none());
    }
}

/// Every payload of oauth2-proxy's open-redirect list, as the value of every parameter of
/// `/login` and of the callback: no redirect but to the configured authorize URL, no 5xx.
#[tokio::test]
async fn open_redirect_payloads_never_redirect_elsewhere() {
    let world = World::start().await;
    let payloads = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/security/openredirects.txt"
    ))
    .expect("tests/fixtures/security/openredirects.txt");
    let payloads: Vec<&str> = payloads.lines().filter(|line| !line.is_empty()).collect();
    assert!(payloads.len() >= 500, "only {} payloads", payloads.len());
    let authorize_prefix = format!("{}/oauth/authorize?", world.sandbox_url);
    let valid = world.signer().issue(None, world.clock.now());
    let valid = urlencode(valid.expose());
    let client = browser();
    let mut checked = 0;
    for payload in &payloads {
        let value = urlencode(payload);
        let urls = [
            format!("/hh/login?state={value}"),
            format!("/login?state={value}"),
            format!("/hh/login?state={valid}&redirect_uri={value}&next={value}&url={value}&return_to={value}"),
            format!("/hh/callback?state={value}&code=x"),
            format!("/hh/callback?code={value}&state=x"),
            format!("/hh/callback?error={value}&state={value}"),
            format!("/hh/callback?code=x&state={value}&redirect_uri={value}&next={value}"),
            format!("/{value}"),
        ];
        for path in urls {
            let response = client
                .get(format!("{}{path}", world.callback_url))
                .send()
                .await
                .unwrap();
            let status = response.status();
            assert!(!status.is_server_error(), "{path}: {status}");
            if let Some(location) = response.headers().get("location") {
                let location = location.to_str().unwrap();
                assert!(
                    location.starts_with(&authorize_prefix),
                    "{path} redirected to {location}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(world.token_calls(), 0);
    assert_eq!(checked, payloads.len() * 8);
}

#[tokio::test]
async fn every_answer_is_uncacheable_and_unknown_paths_are_404() {
    let world = World::start().await;
    for (path, status) in [
        ("/healthz", 200),
        ("/", 404),
        ("/hh/other", 404),
        ("/hh/callback", 400),
        ("/hh/login", 400),
    ] {
        let response = browser()
            .get(format!("{}{path}", world.callback_url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert_eq!(
            response.headers()["referrer-policy"],
            "no-referrer",
            "{path}"
        );
    }
    let response = browser()
        .post(format!("{}/hh/callback", world.callback_url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
}

#[tokio::test]
async fn login_cookie_is_host_prefixed_and_secure_for_https_redirects() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = support::config_for(
        "https://hh.example",
        "https://home.example.org/hh/callback",
        &dir.path().join("t/token.json"),
    );
    let ctx = hh_agent::callback::Context::new(
        &config,
        &support::secrets(),
        hh_agent::clock::Clock::system(),
        Limits::default(),
    )
    .unwrap();
    tokio::spawn(hh_agent::callback::run(
        listener,
        std::sync::Arc::new(ctx),
        std::future::pending(),
    ));
    let state = Signer::new(Secret::new(support::STATE_KEY)).issue(None, chrono::Utc::now());
    let response = browser()
        .get(format!(
            "http://{addr}/hh/login?state={}",
            urlencode(state.expose())
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-hh_login="), "{cookie}");
    for attribute in [
        "Path=/",
        "Secure",
        "HttpOnly",
        "SameSite=Lax",
        "Max-Age=600",
    ] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Domain"));
    let location = response.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("https://hh.example/oauth/authorize?response_type=code&client_id="),
        "{location}"
    );
    assert!(location.contains("redirect_uri=https%3A%2F%2Fhome.example.org%2Fhh%2Fcallback"));
}

mod limits;
