//! hh-callback's limits over raw connections: oversized and slow requests are cut off,
//! hyper's own refusals carry our headers, slow clients cannot starve `/healthz`.

use std::time::Duration;

use hh_agent::callback::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{browser, get, World};

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
