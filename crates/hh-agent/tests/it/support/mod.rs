//! Shared fixtures: a sandbox on 127.0.0.1:0, a config in a temp dir, hh-callback in
//! process, a cookie-carrying "browser", token-file helpers, and the OpenAPI validator.

#![allow(dead_code)]

pub mod api;
pub mod openapi;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hh_agent::callback::{self, Limits};
use hh_agent::clock::Clock;
use hh_agent::config::{Callback, Config, Hh, Secrets, Token};
use hh_agent::secret::Secret;
use hh_agent::state::Signer;
use hh_agent::token_store::{Store, TokenPair};
use hh_sandbox::{self as sandbox, Sandbox};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const STATE_KEY: &str = "test-state-key-0123456789abcdefghijklmnopqrstuvwxyz";

/// A running sandbox and hh-callback sharing a temp token directory.
pub struct World {
    pub sandbox: Sandbox,
    pub sandbox_url: String,
    pub callback_url: String,
    pub config: Config,
    pub secrets: Secrets,
    pub clock: Clock,
    pub dir: tempfile::TempDir,
    stops: Vec<oneshot::Sender<()>>,
}

impl World {
    /// Starts both servers with default limits.
    pub async fn start() -> World {
        World::start_with(Limits::default()).await
    }

    /// Starts both servers with `limits` for hh-callback.
    pub async fn start_with(limits: Limits) -> World {
        let callback_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let callback_url = format!("http://{}", callback_listener.local_addr().unwrap());
        let (sandbox, sandbox_url, stop_sandbox) =
            start_sandbox(&format!("{callback_url}/hh/callback")).await;
        let dir = tempfile::tempdir().unwrap();
        let config = config_for(
            &sandbox_url,
            &format!("{callback_url}/hh/callback"),
            &dir.path().join("hh-token/token.json"),
        );
        let secrets = secrets();
        let clock = {
            let sandbox = sandbox.clone();
            Clock::from_fn(move || sandbox.now())
        };
        let ctx =
            Arc::new(callback::Context::new(&config, &secrets, clock.clone(), limits).unwrap());
        let (stop_callback, stopped) = oneshot::channel::<()>();
        tokio::spawn(callback::run(callback_listener, ctx, async {
            let _ = stopped.await;
        }));
        World {
            sandbox,
            sandbox_url,
            callback_url,
            config,
            secrets,
            clock,
            dir,
            stops: vec![stop_sandbox, stop_callback],
        }
    }

    pub fn store(&self) -> Store {
        Store::new(&self.config.token.path)
    }

    pub fn signer(&self) -> Signer {
        Signer::new(Secret::new(STATE_KEY))
    }

    /// Token-endpoint calls the sandbox has seen.
    pub fn token_calls(&self) -> usize {
        self.sandbox.count("POST", "/token") + self.sandbox.count("POST", "/oauth/token")
    }

    /// Writes the config file for the binaries and returns its path.
    pub fn config_file(&self) -> PathBuf {
        write_config_file(self.dir.path(), &self.config)
    }

    /// Runs the browser's whole path for a new state; returns the callback's status and page.
    pub async fn authorize(&self, chat_id: Option<i64>) -> (u16, String) {
        let state = self.signer().issue(chat_id, self.clock.now());
        let (cookie, authorize) = self.login(state.expose()).await;
        let back = follow(&authorize).await;
        get(&back, Some(&cookie)).await
    }

    /// Expires the stored pair on both clocks: the sandbox's (moved past the pair's
    /// expiry) and the real one the binaries use (the file's times moved into the past).
    pub fn expire(&self) {
        let store = self.store();
        let mut pair = store.read().unwrap();
        let until = (pair.expires_at - self.clock.now())
            .to_std()
            .unwrap_or_default();
        self.sandbox.advance(until + Duration::from_secs(1));
        let now = Utc::now();
        pair.expires_at = now - chrono::Duration::seconds(1);
        pair.obtained_at = pair.expires_at - chrono::Duration::seconds(pair.expires_in);
        write_pair(&store, &pair);
    }

    /// Runs the real `hh-refresh` binary on this world's config (without blocking the
    /// runtime that serves the sandbox).
    pub async fn run_refresh(&self) -> std::process::Output {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_hh-refresh"))
            .arg("--config")
            .arg(self.config_file())
            .env("RUST_LOG", "debug")
            .env_remove("CREDENTIALS_DIRECTORY")
            .output()
            .await
            .unwrap()
    }

    /// Opens `/hh/login?state=…`; returns the cookie pair and the authorize URL.
    pub async fn login(&self, state: &str) -> (String, String) {
        let url = format!("{}/hh/login?state={}", self.callback_url, urlencode(state));
        let response = browser().get(url).send().await.unwrap();
        assert_eq!(response.status(), 302);
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        (cookie, location)
    }
}

impl Drop for World {
    fn drop(&mut self) {
        for stop in self.stops.drain(..) {
            let _ = stop.send(());
        }
    }
}

pub async fn start_sandbox(redirect_uri: &str) -> (Sandbox, String, oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let sandbox = Sandbox::new(sandbox::Options {
        redirect_uri: redirect_uri.to_owned(),
        ..sandbox::Options::default()
    });
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(sandbox.clone().run(listener, async {
        let _ = stopped.await;
    }));
    (sandbox, url, stop)
}

pub fn config_for(sandbox_url: &str, redirect_uri: &str, token_path: &Path) -> Config {
    Config {
        hh: Hh {
            client_id: sandbox::CLIENT_ID.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            user_agent: "hh-agent-tests/1.0 (tests@example.org)".to_owned(),
            oauth_base_url: sandbox_url.to_owned(),
            api_base_url: sandbox_url.to_owned(),
            request_interval_ms: 0,
            apply_interval_ms: 0,
        },
        token: Token {
            path: token_path.to_owned(),
        },
        callback: Callback {
            listen: "127.0.0.1:0".parse().unwrap(),
        },
        letter: Default::default(),
        llm: Default::default(),
        filters: Default::default(),
        bot: Default::default(),
    }
}

pub fn secrets() -> Secrets {
    Secrets {
        client_secret: Some(Secret::new(sandbox::CLIENT_SECRET)),
        state_key: Some(Secret::new(STATE_KEY)),
        llm_api_key: None,
        bot_token: None,
    }
}

pub fn write_config_file(dir: &Path, config: &Config) -> PathBuf {
    let path = dir.join("config.toml");
    let text = format!(
        "[hh]\nclient_id = {:?}\nredirect_uri = {:?}\nuser_agent = {:?}\noauth_base_url = {:?}\napi_base_url = {:?}\n\n[token]\npath = {:?}\n\n[callback]\nlisten = \"{}\"\n",
        config.hh.client_id,
        config.hh.redirect_uri,
        config.hh.user_agent,
        config.hh.oauth_base_url,
        config.hh.api_base_url,
        config.token.path.display().to_string(),
        config.callback.listen,
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// A client that never follows redirects, like a careful test browser.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Follows one redirect: GET `url`, expect 302, return Location.
pub async fn follow(url: &str) -> String {
    let response = browser().get(url).send().await.unwrap();
    assert_eq!(response.status(), 302, "{url}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// GET with an optional Cookie header; returns status and body.
pub async fn get(url: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = browser().get(url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The `state` parameter of a login link.
pub fn state_of(link: &str) -> String {
    url::Url::parse(link)
        .unwrap()
        .query_pairs()
        .find(|(key, _)| key == "state")
        .expect("the link has a state")
        .1
        .into_owned()
}

pub fn urlencode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A pair that expired an hour ago on the sandbox clock `now`.
pub fn pair(access: &str, refresh: &str, expires_in: i64, now: chrono::DateTime<Utc>) -> TokenPair {
    TokenPair::new(
        Secret::new(access),
        Secret::new(refresh),
        "bearer".to_owned(),
        expires_in,
        now,
    )
}

/// Writes `pair` through the store (the way every writer does).
pub fn write_pair(store: &Store, pair: &TokenPair) {
    store.lock().unwrap().write_token(None, pair).unwrap();
}

pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
