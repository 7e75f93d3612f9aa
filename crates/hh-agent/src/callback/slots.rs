//! Connection slots: at most `max_connections` connections at once, and slow clients
//! cannot keep them all.
//!
//! A connection that has not yet sent its whole request head is *waiting*. When every slot
//! is taken, the connection that has waited longest is told to go, and its slot goes to
//! the new one; only when no connection is waiting (all are being answered) is the new
//! one turned away. Timeouts and serving belong to the parent module.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// How long a new connection waits for an evicted one to let its slot go.
const HANDOVER: Duration = Duration::from_secs(1);

/// The slots of one server.
#[derive(Debug)]
pub struct Slots {
    permits: Arc<Semaphore>,
    /// Connections still waiting for their head, oldest first, by slot number.
    waiting: Mutex<BTreeMap<u64, oneshot::Sender<()>>>,
    next: AtomicU64,
}

/// One connection's slot; dropping it frees the slot.
#[derive(Debug)]
pub struct Slot {
    id: u64,
    slots: Arc<Slots>,
    _permit: OwnedSemaphorePermit,
}

/// Resolves when the connection must give its slot up.
#[derive(Debug)]
pub struct Evicted(oneshot::Receiver<()>);

impl Slots {
    /// `max` slots.
    pub fn new(max: usize) -> Arc<Slots> {
        Arc::new(Slots {
            permits: Arc::new(Semaphore::new(max.max(1))),
            waiting: Mutex::new(BTreeMap::new()),
            next: AtomicU64::new(0),
        })
    }

    /// A slot for a new connection, evicting the longest-waiting one if all are taken;
    /// `None` when every slot is busy answering.
    pub async fn claim(self: &Arc<Slots>) -> Option<(Slot, Evicted)> {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let oldest = self.waiting().pop_first()?;
                tracing::info!(
                    "all connections taken, closing the one waiting longest for its request"
                );
                let _ = oldest.1.send(());
                let handover = self.permits.clone().acquire_owned();
                tokio::time::timeout(HANDOVER, handover).await.ok()?.ok()?
            }
        };
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (evict, evicted) = oneshot::channel();
        self.waiting().insert(id, evict);
        let slot = Slot {
            id,
            slots: self.clone(),
            _permit: permit,
        };
        Some((slot, Evicted(evicted)))
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, oneshot::Sender<()>>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Slot {
    /// The request head has arrived: from now on the connection keeps its slot.
    pub fn headed(&self) {
        self.slots.waiting().remove(&self.id);
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.headed();
    }
}

impl Evicted {
    /// Resolves once this connection is evicted; never after its head has arrived.
    pub async fn wait(self) {
        if self.0.await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_server_evicts_the_longest_waiting_and_keeps_answering_ones() {
        let slots = Slots::new(2);
        let (first, first_evicted) = slots.claim().await.unwrap();
        let (second, _second_evicted) = slots.claim().await.unwrap();
        first.headed();
        // Only `second` is waiting: it goes, `first` (being answered) stays.
        let freed = tokio::spawn(async move {
            _second_evicted.wait().await;
            drop(second);
        });
        let (third, _third_evicted) = slots.claim().await.unwrap();
        freed.await.unwrap();
        third.headed();
        // Both slots are being answered: a new connection is turned away, nobody evicted.
        assert!(slots.claim().await.is_none());
        let evicted = tokio::time::timeout(Duration::from_millis(20), first_evicted.wait()).await;
        assert!(evicted.is_err(), "a connection being answered was evicted");
        drop(first);
        assert!(slots.claim().await.is_some());
    }
}
