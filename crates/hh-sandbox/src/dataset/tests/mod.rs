//! Unit tests of the dataset: determinism, volume, proportions, text quality and lookups
//! (`generation`), and the rendered shapes as our own client reads them (`rendering`).

mod generation;
mod rendering;

use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};

use super::{Dataset, DEFAULT_SEED};

/// The sandbox base URL the rendering tests use.
const API: &str = "http://127.0.0.1:8080";

/// A fixed `now` for every test.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 30, 9, 30, 0)
        .single()
        .unwrap_or_default()
}

/// The default dataset, generated once.
fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| Dataset::generate(DEFAULT_SEED, now()))
}
