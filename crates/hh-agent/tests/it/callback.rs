//! hh-callback end to end against the sandbox: the good path, every bad callback, open
//! redirects, limits and headers.

use std::time::Duration;

use hh_agent::callback::Limits;
use hh_agent::secret::Secret;
use hh_agent::state::Signer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

#[tokio::test]
async fn oversized_and_slow_requests_are_cut_off() {
    let limits = Limits {
        header_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let world = World::start_with(limits).await;
    let long_query = "a".repeat(5000);
    let (status, _) = get(
        &format!("{}/hh/callback?state={long_query}", world.callback_url),
        None,
    )
    .await;
    assert_eq!(status, 414);
    let response = browser()
        .get(format!("{}/healthz", world.callback_url))
        .header("x-filler", "b".repeat(20_000))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 431);

    // A client sending its request head a byte at a time is disconnected.
    let addr = world.callback_url.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let started = std::time::Instant::now();
    let mut closed = false;
    for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
        .iter()
        .cycle()
        .take(200)
    {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(50), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(_)) => {
                // hyper answers 408 before closing; the connection is over either way.
                closed = true;
                break;
            }
            Err(_) => {}
        }
    }
    assert!(closed, "a byte-a-tick client was never cut off");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Sends `request` on a raw connection and returns what comes back until the server
/// closes (a server that stops reading a long request may reset the connection after
/// answering).
async fn raw(addr: &str, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(request).await;
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    for _ in 0..100 {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(read)) => answer.extend_from_slice(&buf[..read]),
            Err(_) => panic!("no end of answer within 5 s"),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// Requests hyper refuses before our code sees them still get our headers.
#[tokio::test]
async fn hypers_own_error_answers_carry_the_hardening_headers() {
    let world = World::start().await;
    let addr = world.callback_url.trim_start_matches("http://").to_owned();
    let long_uri = format!(
        "GET /hh/callback?state={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "u".repeat(5000)
    );
    let huge_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "u".repeat(10_000));
    let big_head = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: {}\r\n\r\n",
        "b".repeat(20_000)
    );
    let cases: [(&str, &[u8], u16); 7] = [
        ("bad request line", b"HELLO THERE\r\n\r\n", 400),
        (
            "bad version",
            b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "bad header name",
            b"GET /healthz HTTP/1.1\r\nBad Header: x\r\n\r\n",
            400,
        ),
        (
            "bad content-length",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n",
            400,
        ),
        ("oversize head", big_head.as_bytes(), 431),
        ("URI over hyper's buffer", huge_uri.as_bytes(), 431),
        ("URI over our limit", long_uri.as_bytes(), 414),
    ];
    for (name, request, status) in cases {
        let answer = raw(&addr, request).await;
        let (head, _) = answer
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("{name}: no head in {answer:?}"));
        let head = head.to_ascii_lowercase();
        assert!(
            head.starts_with(&format!("http/1.1 {status} ")),
            "{name}: {head}"
        );
        for header in [
            "cache-control: no-store",
            "referrer-policy: no-referrer",
            "x-content-type-options: nosniff",
            "x-frame-options: deny",
            "content-security-policy: default-src 'none'",
        ] {
            assert_eq!(
                head.matches(header).count(),
                1,
                "{name}: {header} in {head}"
            );
        }
    }
    // The good path is unchanged by the stamping: headers once, the body intact.
    let answer = raw(&addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert_eq!(
        answer.matches("cache-control: no-store").count(),
        1,
        "{answer}"
    );
    assert!(answer.ends_with("\r\n\r\nok\n"), "{answer}");
}

/// A hundred clients trickling their request heads cannot keep `/healthz` out: when every
/// slot is taken, the one waiting longest for its head makes room.
#[tokio::test]
async fn slow_clients_cannot_starve_healthz() {
    let world = World::start().await;
    let addr = world.callback_url.trim_start_matches("http://").to_owned();
    assert_eq!(Limits::default().max_connections, 64);
    let mut slow = Vec::new();
    for _ in 0..100 {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(stream);
    }
    // They keep trickling, a byte every 100 ms, for at most 2 s.
    let trickle = tokio::spawn(async move {
        for _ in 0..20 {
            for stream in &mut slow {
                let _ = stream.write_all(b"X").await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        slow
    });
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let (status, body) = tokio::time::timeout(
            Duration::from_secs(1),
            get(&format!("{}/healthz", world.callback_url), None),
        )
        .await
        .expect("/healthz not answered within 1 s");
        assert_eq!((status, body.as_str()), (200, "ok\n"));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
    let mut slow = trickle.await.unwrap();
    // The oldest slow client gave its slot up and was closed.
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(1), slow[0].read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "the longest-waiting client is still connected: {read:?}"
    );
}
