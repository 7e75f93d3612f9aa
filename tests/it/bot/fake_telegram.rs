//! A fake Telegram Bot API on 127.0.0.1:0: queued updates for `getUpdates` (honouring
//! `offset`), recorded `sendMessage` calls, `{"ok":true,"result":true}` for the rest.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

/// One `sendMessage` the bot made.
#[derive(Debug, Clone)]
pub struct Sent {
    pub chat_id: i64,
    pub text: String,
}

#[derive(Default)]
struct State {
    updates: Vec<Value>,
    sent: Vec<Sent>,
    methods: Vec<String>,
}

/// The running fake; dropped with the test's runtime.
#[derive(Clone)]
pub struct FakeTelegram {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(handle(req, state).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        FakeTelegram { url, state }
    }

    /// Queues a raw update; its `update_id` is assigned in order from 1.
    pub fn push_update(&self, mut update: Value) {
        let mut state = self.state.lock().unwrap();
        let id = state.updates.len() as i64 + 1;
        update["update_id"] = json!(id);
        state.updates.push(update);
    }

    /// Queues a text message from `chat`.
    pub fn push_text(&self, chat: i64, text: &str) {
        self.push_update(json!({ "message": message(chat, text) }));
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.state.lock().unwrap().sent.clone()
    }

    pub fn methods(&self) -> Vec<String> {
        self.state.lock().unwrap().methods.clone()
    }

    /// Waits (at most 10 s) until `count` messages were sent; returns them all.
    pub async fn wait_sent(&self, count: usize) -> Vec<Sent> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let sent = self.sent();
            if sent.len() >= count {
                return sent;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "expected {count} sendMessage calls within 10 s, got {sent:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

pub fn message(chat: i64, text: &str) -> Value {
    json!({
        "message_id": 1,
        "date": 1_700_000_000,
        "chat": { "id": chat, "type": "private", "first_name": "Тест" },
        "from": { "id": chat, "is_bot": false, "first_name": "Тест" },
        "text": text,
    })
}

async fn handle(
    req: Request<hyper::body::Incoming>,
    state: Arc<Mutex<State>>,
) -> Response<Full<Bytes>> {
    // Telegram method names are case-insensitive; teloxide sends `GetMe`, `SendMessage`.
    let method = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let params: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    state.lock().unwrap().methods.push(method.clone());
    let result = match method.as_str() {
        "getme" => json!({
            "id": 1, "is_bot": true, "first_name": "hh", "username": "hh_test_bot",
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        }),
        "getupdates" => {
            let offset = params["offset"].as_i64().unwrap_or(0);
            let pending: Vec<Value> = state
                .lock()
                .unwrap()
                .updates
                .iter()
                .filter(|update| update["update_id"].as_i64().unwrap_or(0) >= offset)
                .cloned()
                .collect();
            if pending.is_empty() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Value::Array(pending)
        }
        "sendmessage" => {
            let chat_id = params["chat_id"].as_i64().unwrap_or_default();
            let text = params["text"].as_str().unwrap_or_default().to_owned();
            state.lock().unwrap().sent.push(Sent {
                chat_id,
                text: text.clone(),
            });
            let mut reply = message(chat_id, &text);
            reply["from"] = json!({ "id": 1, "is_bot": true, "first_name": "hh" });
            reply
        }
        _ => json!(true),
    };
    let body = json!({ "ok": true, "result": result }).to_string();
    Response::builder()
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap()
}
