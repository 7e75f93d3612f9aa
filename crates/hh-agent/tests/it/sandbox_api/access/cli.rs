//! `hh sandbox --access full|closed`: the binary starts in the profile it is given and
//! refuses a profile it does not know.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::sandbox_api::raw::Raw;
use crate::support::browser;

/// Kills the child when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn hh_sandbox_takes_the_profile_from_its_access_flag() {
    let hh = |access: &str| {
        Command::new(env!("CARGO_BIN_EXE_hh"))
            .args(["sandbox", "--listen", "127.0.0.1:0", "--access", access])
            .env("HH_AGENT_CONFIG", "/nonexistent/config.toml")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let refused = hh("open").wait_with_output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("недопустимое значение «open»"));

    let mut child = Child(hh("closed"));
    // Read the banner, and keep draining stdout so the child never writes to a closed pipe.
    let stdout = child.0.stdout.take().unwrap();
    let (banner, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = banner.send(line);
        }
    });
    let lines: Vec<String> = tokio::task::spawn_blocking(move || {
        lines
            .iter()
            .take_while(|line| !line.starts_with("Данные"))
            .collect()
    })
    .await
    .unwrap();
    let base = lines[0]
        .strip_prefix("Песочница hh.ru работает: ")
        .expect("the first line names the base URL")
        .to_owned();
    assert!(
        lines
            .iter()
            .any(|line| line.contains("доступ:        closed")),
        "{lines:#?}"
    );
    let anonymous = Raw::new(&base, None).get("/vacancies").await;
    assert_eq!(
        (anonymous.status, anonymous.error().0.as_str()),
        (403, "forbidden")
    );
    let read: Value = browser()
        .get(format!("{base}/_sandbox/access"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["access"], "closed");
}
