//! Text handling for ranking: HTML to plain text, case folding (`ё` → `е`), tokenisation
//! that keeps tech tokens whole, and light Russian and English stemming.
//!
//! Everything here is pure and total: any input, however odd, gives some output. Meaning
//! (skills, sections, titles) is left to the modules that use these terms.

mod entities;
mod html;
mod stem;
mod token;
mod tokens;

pub use html::{fold, html_to_text};
pub use tokens::{stem, tokens};

pub(crate) use html::fold_char;
pub(crate) use stem::is_alphanumeric;
pub(crate) use tokens::{for_each_term, scan, Mode, Term};
