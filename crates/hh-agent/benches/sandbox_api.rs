//! `cargo bench --bench sandbox_api`: sandbox throughput for search pages and vacancy
//! details, and what `hh::Client` adds per request over a bare HTTP client.
//!
//! Everything runs on loopback against an in-process sandbox; request loops are bounded.
//! Plain `Instant` timing (no criterion) keeps the dependency tree small; each figure is
//! the median of several rounds.

use std::time::{Duration, Instant};

use hh_agent::hh::{self, Auth, Search};
use hh_sandbox::{self as sandbox, Sandbox};

const ROUNDS: usize = 5;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let sandbox = Sandbox::new(sandbox::Options::default());
    let started = Instant::now();
    let vacancies = sandbox.catalog().dataset.vacancies.len();
    println!(
        "dataset: {vacancies} vacancies, generated and indexed in {:?}",
        started.elapsed()
    );
    tokio::spawn(sandbox.clone().run(listener, std::future::pending()));

    let raw = reqwest::Client::builder()
        .user_agent("hh-agent-bench/1.0 (bench@example.org)")
        .build()
        .expect("client");
    let ids: Vec<String> = sandbox
        .catalog()
        .dataset
        .vacancies
        .iter()
        .take(400)
        .map(|v| v.id.clone())
        .collect();
    let queries = [
        "python",
        "бухгалтер",
        "rust OR go",
        "водитель",
        "менеджер по продажам",
        "react",
    ];

    // Sandbox throughput with 8 concurrent connections.
    let search_urls: Vec<String> = (0..240)
        .map(|i| {
            format!(
                "{base}/vacancies?text={}&per_page=100&page={}",
                queries[i % queries.len()],
                i % 3
            )
        })
        .collect();
    report(
        "search page (per_page=100), 8 concurrent",
        median(|| throughput(&raw, &search_urls, 8)).await,
        search_urls.len(),
    );
    let detail_urls: Vec<String> = ids
        .iter()
        .map(|id| format!("{base}/vacancies/{id}"))
        .collect();
    report(
        "vacancy detail, 8 concurrent",
        median(|| throughput(&raw, &detail_urls, 8)).await,
        detail_urls.len(),
    );

    // Client overhead: the same sequential requests through hh::Client and bare reqwest.
    let options = hh::Options {
        base_url: base.clone(),
        user_agent: "hh-agent-bench/1.0 (bench@example.org)".to_owned(),
        min_interval: Duration::ZERO,
        apply_interval: Duration::ZERO,
        attempts: 1,
        backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
        timeout: Duration::from_secs(10),
    };
    let client = hh::Client::new(Auth::anonymous(), options).expect("client");
    let details = &ids[..200];
    let bare = median(|| async {
        let start = Instant::now();
        for id in details {
            let body = raw
                .get(format!("{base}/vacancies/{id}"))
                .send()
                .await
                .expect("send")
                .bytes()
                .await
                .expect("body");
            let _: serde_json::Value = serde_json::from_slice(&body).expect("json");
        }
        start.elapsed()
    })
    .await;
    let typed = median(|| async {
        let start = Instant::now();
        for id in details {
            client.vacancy(id).await.expect("vacancy");
        }
        start.elapsed()
    })
    .await;
    let per = |d: Duration| d / details.len() as u32;
    println!(
        "vacancy detail, sequential: bare reqwest + serde_json::Value {:?}/req, hh::Client (typed) {:?}/req, overhead {:?}/req",
        per(bare),
        per(typed),
        per(typed).saturating_sub(per(bare))
    );
    let search = Search {
        text: Some("python".into()),
        ..Search::default()
    };
    let pages = median(|| async {
        let start = Instant::now();
        for page in 0..20 {
            client
                .vacancies(&search, page % 2, 100)
                .await
                .expect("page");
        }
        start.elapsed()
    })
    .await;
    println!(
        "search page of 100 through hh::Client, sequential: {:?}/req",
        pages / 20
    );
}

async fn throughput(raw: &reqwest::Client, urls: &[String], concurrency: usize) -> Duration {
    let start = Instant::now();
    let chunks: Vec<Vec<String>> = (0..concurrency)
        .map(|lane| {
            urls.iter()
                .skip(lane)
                .step_by(concurrency)
                .cloned()
                .collect()
        })
        .collect();
    let tasks: Vec<_> = chunks
        .into_iter()
        .map(|lane| {
            let raw = raw.clone();
            tokio::spawn(async move {
                for url in lane {
                    let response = raw.get(&url).send().await.expect("send");
                    assert!(
                        response.status().is_success(),
                        "{url}: {}",
                        response.status()
                    );
                    response.bytes().await.expect("body");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
    start.elapsed()
}

async fn median<F, Fut>(mut round: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Duration>,
{
    round().await; // warm-up
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        times.push(round().await);
    }
    times.sort();
    times[ROUNDS / 2]
}

fn report(what: &str, elapsed: Duration, requests: usize) {
    println!(
        "{what}: {:.0} req/s ({requests} requests in {elapsed:?})",
        requests as f64 / elapsed.as_secs_f64()
    );
}
