//! The offline commands of `hh` that people and scripts use on their own files:
//! `hh rank` (vacancies ranked against a resume, as text or JSON) and `hh letter` (a cover
//! letter for one vacancy). Each returns its output as a string; the binary prints it.
//!
//! Parsing inputs is `input`; scoring and writing are `rank`, `letter` and `matching`.

pub mod credentials;
pub mod input;
mod letter;
mod rank;

pub use letter::{letter, LetterOptions};
pub use rank::{rank, RankOptions};
