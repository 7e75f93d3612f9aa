//! Keeping the ledger true to hh.ru: the start-up chores ([`prepare`]: applications
//! interrupted mid-send become uncertain), and reconciliation with
//! `GET /negotiations` (uncertain ones confirmed or expired, applications made on the
//! website added).
//!
//! Applying is `agent`'s and `applying`'s; when reconciliation runs is `jobs`'.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tracing::info;

use super::problem::Problem;
use super::Context;
use crate::hh::{self, NegotiationFilter};
use crate::ledger::{Reconciled, Seen};

/// Uncertain applications younger than this are left for the next reconciliation.
const UNCERTAIN_GRACE_MINUTES: i64 = 30;

/// What hh-bot does once before polling: applications left "sending" by a crash become
/// uncertain, and the ledger is reconciled with hh.ru (in the background, so an hh.ru
/// outage does not delay the bot).
pub async fn prepare(ctx: &Arc<Context>) {
    let now = ctx.clock.now();
    match ctx.ledger.lock().await.settle_stale(now, now) {
        Ok(0) => {}
        Ok(count) => info!(
            count,
            "applications interrupted while sending are now uncertain"
        ),
        Err(err) => tracing::warn!(%err, "cannot settle interrupted applications"),
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        if ctx.store.read().is_err() {
            return;
        }
        match ctx.reconcile(ctx.clock.now()).await {
            Ok(done) => info!(
                confirmed = done.confirmed,
                added = done.added,
                "reconciled with hh.ru at start"
            ),
            Err(err) => {
                info!(problem = %err.message(), "reconciliation at start failed; the daily job retries")
            }
        }
    });
}

impl Context {
    /// Reads hh.ru's list of applications and settles the ledger with it: uncertain ones
    /// are confirmed (or, when hh.ru does not list them, marked refused), and applications
    /// made on the website are added.
    pub async fn reconcile(&self, now: DateTime<Utc>) -> Result<Reconciled, Problem> {
        let seen = listed_negotiations(&self.client, now).await?;
        let listed: Vec<String> = seen.iter().map(|seen| seen.vacancy_id.clone()).collect();
        let ledger = self.ledger.lock().await;
        let reconciled = ledger.reconcile(&seen, now)?;
        ledger.expire_unconfirmed(
            &listed,
            now - chrono::Duration::minutes(UNCERTAIN_GRACE_MINUTES),
            now,
        )?;
        Ok(reconciled)
    }
}

/// Every negotiation hh.ru lists for the user (within its 2000-item depth), as [`Seen`].
pub async fn listed_negotiations(
    client: &hh::Client,
    now: DateTime<Utc>,
) -> Result<Vec<Seen>, hh::Error> {
    let per_page = hh::search::MAX_PER_PAGE;
    let mut seen = Vec::new();
    for page in 0..hh::search::MAX_DEPTH / per_page {
        let listed = client
            .negotiations(&NegotiationFilter::default(), page, per_page)
            .await?;
        seen.extend(
            listed
                .items
                .iter()
                .filter_map(|n| Seen::from_negotiation(n, now)),
        );
        if page + 1 >= listed.pages || listed.items.len() < per_page as usize {
            break;
        }
    }
    Ok(seen)
}
