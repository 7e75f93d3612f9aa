//! Keeping the ledger true to hh.ru: the start-up chores ([`prepare`]: applications
//! interrupted mid-send become uncertain, and every uncertain one is settled at once, since
//! the process that sent it is gone), settling uncertain applications one by one with
//! `GET /negotiations?vacancy_id=`, and reconciliation with the whole listing (uncertain
//! ones confirmed or expired, applications made on the website added).
//!
//! Applying is `agent`'s and `applying`'s; when reconciliation runs is `jobs`'.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tracing::info;

use super::problem::Problem;
use super::Context;
use crate::hh::{self, NegotiationFilter};
use crate::ledger::{Reconciled, Seen};

/// Uncertain applications younger than this are left for the next reconciliation: hh.ru
/// may still be processing one this process sent.
pub const UNCERTAIN_GRACE_MINUTES: i64 = 30;

/// What settling uncertain applications did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    /// hh.ru lists them: now applied.
    pub confirmed: usize,
    /// hh.ru does not list them: they never arrived, and may be sent again.
    pub refused: usize,
    /// hh.ru could not be asked: still uncertain.
    pub unknown: usize,
}

/// What hh-bot does once before polling: applications left "sending" by a crash become
/// uncertain; then, in the background (so an hh.ru outage does not delay the bot), every
/// uncertain application is settled at once — the process that sent it is gone — and the
/// ledger is reconciled with hh.ru.
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
        match ctx.settle_uncertain(now, ctx.clock.now()).await {
            Ok(settled) => info!(
                confirmed = settled.confirmed,
                refused = settled.refused,
                unknown = settled.unknown,
                "uncertain applications settled at start"
            ),
            Err(err) => {
                info!(problem = %err.message(), "cannot settle uncertain applications at start")
            }
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
    /// Asks hh.ru about each uncertain application recorded before `older_than`
    /// (`GET /negotiations?vacancy_id=`): one hh.ru lists becomes applied, one it does not
    /// list is marked refused (it never arrived, so it may be sent again), one hh.ru could
    /// not be asked about stays uncertain.
    pub async fn settle_uncertain(
        &self,
        older_than: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Settled, Problem> {
        let due: Vec<String> = self
            .ledger
            .lock()
            .await
            .uncertain()?
            .into_iter()
            .filter(|application| application.created_at < older_than)
            .map(|application| application.vacancy_id)
            .collect();
        let mut seen = Vec::new();
        let mut unasked = Vec::new();
        for vacancy_id in due {
            match negotiations_on(&self.client, &vacancy_id, now).await {
                Ok(listed) => seen.extend(listed),
                Err(err @ (hh::Error::Auth(_) | hh::Error::NoToken(_))) => return Err(err.into()),
                Err(err) => {
                    info!(%err, vacancy = %vacancy_id, "cannot check an uncertain application");
                    unasked.push(vacancy_id);
                }
            }
        }
        // Those listed are confirmed first; the rest of the due ones that hh.ru could be
        // asked about are expired (only `keep` is spared).
        let keep: Vec<String> = seen
            .iter()
            .map(|seen| seen.vacancy_id.clone())
            .chain(unasked.iter().cloned())
            .collect();
        let ledger = self.ledger.lock().await;
        let confirmed = ledger.reconcile(&seen, now)?.confirmed;
        let refused = ledger.expire_unconfirmed(&keep, older_than, now)?;
        Ok(Settled {
            confirmed,
            refused,
            unknown: unasked.len(),
        })
    }

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

/// hh.ru's negotiations on one vacancy (`GET /negotiations?vacancy_id=`), as [`Seen`].
async fn negotiations_on(
    client: &hh::Client,
    vacancy_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Seen>, hh::Error> {
    let filter = NegotiationFilter {
        vacancy_id: Some(vacancy_id.to_owned()),
        ..NegotiationFilter::default()
    };
    let listed = client
        .negotiations(&filter, 0, hh::search::MAX_PER_PAGE)
        .await?;
    Ok(listed
        .items
        .iter()
        .filter_map(|negotiation| Seen::from_negotiation(negotiation, now))
        .filter(|seen| seen.vacancy_id == vacancy_id)
        .collect())
}
