//! The `hh` commands' logic; the binary only parses arguments and prints.
//!
//! Offline, on files: `rank` (vacancies ranked against a resume) and `letter` (a cover
//! letter), reading inputs with `input`. Online, the bot's powers over the same token file
//! and ledger (`session`): `account` (`hh login`, `hh logout`), `search`, `recommend`,
//! `apply`, `applications`, `bump`; `status` (the token report and the probe); and `doctor`, the installation's checks. Where the
//! secrets come from is `credentials`; how answers, JSON and progress look is `output`;
//! words for problems and outcomes are `words`.

pub mod account;
pub mod applications;
pub mod apply;
pub mod bump;
pub mod credentials;
pub mod doctor;
pub mod help;
pub mod input;
mod letter;
pub mod output;
mod rank;
pub mod recommend;
pub mod search;
pub mod session;
mod status;
pub mod words;

pub use letter::{letter, LetterOptions};
pub use rank::{rank, RankOptions};
pub use status::status;
