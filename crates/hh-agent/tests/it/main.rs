//! The one integration-test binary: every test talks to in-process fakes or the sandbox
//! on 127.0.0.1:0 and never to the internet.

mod support;

mod app_token;
mod applying;
mod bot;
mod callback;
mod cli;
mod cli_doctor;
mod cli_language;
mod cli_online;
mod cli_resume_file;
mod cli_status;
mod client;
mod client_faults;
mod config;
mod crash;
mod demo;
mod eval;
mod eval_files;
#[cfg(target_os = "linux")]
mod footprint;
mod letter;
mod refresh;
mod resume_file;
mod sandbox;
mod sandbox_api;
mod secrets_in_logs;
mod service;
mod spec;
mod telegram;
mod token_store;
mod token_swap;
