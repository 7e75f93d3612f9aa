//! The sandbox's resumes as the files hh.ru lets people download from its website — TXT,
//! PDF and DOCX — for the mode without applicant access, where the user hands the agent
//! that file: `hh demo --access closed`, the bot's upload tests, the resume-file
//! evaluation and benchmark.
//!
//! `layout` lays a resume's `GET /resumes/{id}` JSON out as hh.ru's download does and
//! writes the TXT; `pdf` and `docx` render the same layout. Reading such files is the
//! product's (`hh_agent::resume`), never this module's.

pub mod docx;
pub mod layout;
pub mod pdf;

pub use layout::{hh_layout, to_txt, Block};
