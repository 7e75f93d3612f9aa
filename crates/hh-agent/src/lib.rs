//! hh-agent: a self-hosted job-search agent for hh.ru.
//!
//! The library holds all logic; the binaries in `src/bin/` only wire it together: the
//! set-up they share (command line, config, secrets, runtime, exit codes) is [`app`].
//!
//! # Layout
//! - [`config`]: the TOML config and the secrets loaded beside it (credentials, env).
//! - [`secret`]: a string that never prints; [`clock`]: an injectable "now".
//! - [`token_store`]: the shared token file (atomic writes, one lock, status file).
//! - [`state`]: signed, single-use OAuth `state` values bound to a browser.
//! - [`oauth`]: authorize URL, code exchange, refresh, revocation against hh.ru.
//! - [`hh`]: the typed hh.ru API client (search, vacancies, resumes, applying).
//! - [`http`]: the no-redirect HTTP client, URL joining and error text every upstream uses.
//! - [`letter`]: cover letters from a template or an OpenAI-compatible LLM, one set of checks.
//! - [`refresh`]: the one refresh path every process uses; [`report`]: `hh status`.
//! - [`callback`]: the hyper server behind nginx that finishes the OAuth redirect.
//! - [`demo`] (feature `sandbox`): the whole flow played on the `hh-sandbox` crate's local
//!   hh.ru; the product modules never depend on the sandbox.
//! - [`rank`]: pure resume-to-vacancy scoring with Russian explanations, and search plans.
//! - [`access`]: what the app may do now, in one line for the user.
//! - [`applying`]: the one path every application takes (caps, dedup, one POST, ledger).
//! - [`finder`]: which vacancies to list, detail and rank for a candidate (bot and demo).
//! - [`matching`]: a candidate ranked against vacancies, and the letter input of a match.
//! - [`resume`]: resume files (TXT, PDF, DOCX, RTF) to text, hh.ru's resume layout read
//!   back, the profile shown for correction and the corrections.
//! - [`ledger`]: the SQLite record of applications, hh.ru's cap window and bot settings.
//! - [`bot`]: the Telegram bot: the allowed-chats filter, commands and handlers.
//! - [`cli`]: the offline `hh rank` and `hh letter` commands.
//! - [`app`], [`telemetry`], [`systemd`]: the binaries' shared set-up, logging and
//!   service-manager glue.

#![forbid(unsafe_code)]

pub mod access;
pub mod app;
pub mod applying;
pub mod bot;
pub mod callback;
pub mod cli;
pub mod clock;
pub mod config;
#[cfg(feature = "sandbox")]
pub mod demo;
pub mod finder;
pub mod hh;
pub mod http;
pub mod ledger;
pub mod letter;
pub mod matching;
pub mod oauth;
pub mod rank;
pub mod refresh;
pub mod report;
pub mod resume;
pub mod secret;
pub mod state;
pub mod systemd;
pub mod telemetry;
pub mod token_store;
