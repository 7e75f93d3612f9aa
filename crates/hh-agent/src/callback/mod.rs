//! hh-callback: the hyper server hh.ru redirects the browser to after OAuth.
//!
//! [`run`] serves an already-bound listener until the shutdown future resolves, with
//! limits on connections, header size, URI size and time. What each path answers is in
//! `routes`; the pages and their headers in `page`; who gets a connection slot in `slots`;
//! the headers on hyper's own answers in `stamp`. Binding, systemd notification and signals
//! belong to the binary.

mod page;
mod routes;
mod slots;
mod stamp;

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tracing::Instrument;

pub use routes::route;

use crate::clock::Clock;
use crate::config::{Config, Secrets};
use crate::oauth;
use crate::secret::Secret;
use crate::state::{ReplayGuard, Signer};
use crate::token_store::Store;

/// Limits that keep a slow or hostile client from holding the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections served at once. When all are taken, the one that has waited longest
    /// for its request head is closed for the new one; if none is waiting, the new one is.
    pub max_connections: usize,
    /// Request head (request line and headers) size; hyper's floor is 8 KiB.
    pub max_header_bytes: usize,
    /// Path plus query length.
    pub max_uri_bytes: usize,
    /// Time to receive the request head.
    pub header_timeout: Duration,
    /// Time for a whole connection, code exchange included.
    pub connection_timeout: Duration,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 64,
            max_header_bytes: 8 * 1024,
            max_uri_bytes: 4 * 1024,
            // nginx forwards a whole head at once; only a client talking to us directly
            // is ever slower than this.
            header_timeout: Duration::from_secs(5),
            connection_timeout: Duration::from_secs(45),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Everything a request handler needs, shared by all connections.
#[derive(Debug)]
pub struct Context {
    oauth: oauth::Client,
    signer: Signer,
    client_secret: Secret,
    store: Store,
    replay: ReplayGuard,
    clock: Clock,
    limits: Limits,
    callback_path: String,
    login_paths: Vec<String>,
    secure_cookie: bool,
}

impl Context {
    /// Builds the context; fails with the user-facing message if a secret is missing.
    pub fn new(
        config: &Config,
        secrets: &Secrets,
        clock: Clock,
        limits: Limits,
    ) -> anyhow::Result<Context> {
        let redirect = config.redirect_url();
        let callback_path = redirect.path().to_owned();
        let sibling = crate::state::login_path(&redirect);
        let mut login_paths = vec!["/login".to_owned()];
        if sibling != "/login" {
            login_paths.push(sibling);
        }
        if login_paths.contains(&callback_path) || callback_path == "/healthz" {
            anyhow::bail!(
                "hh.redirect_uri: its path must not be /login or /healthz, got {callback_path:?}"
            );
        }
        Ok(Context {
            oauth: oauth::Client::new(&config.hh)?,
            signer: Signer::new(secrets.state_key()?.clone()),
            client_secret: secrets.client_secret()?.clone(),
            store: Store::new(&config.token.path),
            replay: ReplayGuard::default(),
            clock,
            limits,
            secure_cookie: redirect.scheme() == "https",
            callback_path,
            login_paths,
        })
    }

    /// The paths that start a login (`/login` and the callback's sibling `login`).
    pub fn login_paths(&self) -> &[String] {
        &self.login_paths
    }

    /// The path hh.ru redirects back to.
    pub fn callback_path(&self) -> &str {
        &self.callback_path
    }

    fn cookie_name(&self) -> &'static str {
        // Browsers accept the __Host- prefix only on Secure cookies.
        if self.secure_cookie {
            "__Host-hh_login"
        } else {
            "hh_login"
        }
    }
}

/// Serves `listener` until `shutdown` resolves, then lets requests in flight finish
/// (up to [`Limits::shutdown_grace`]).
pub async fn run(
    listener: TcpListener,
    ctx: Arc<Context>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = slots::Slots::new(ctx.limits.max_connections);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some((slot, evicted)) = slots.claim().await else {
            tracing::warn!(%peer, "too many connections being answered, closing one");
            continue;
        };
        let slot = Arc::new(slot);
        let service_ctx = ctx.clone();
        let service_slot = slot.clone();
        let service = service_fn(move |request| {
            service_slot.headed();
            let ctx = service_ctx.clone();
            async move {
                let path = request.uri().path().to_owned();
                let response = route(request, &ctx).await;
                tracing::info!(%path, status = response.status().as_u16(), "request");
                Ok::<_, Infallible>(response)
            }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(ctx.limits.header_timeout)
            .max_buf_size(ctx.limits.max_header_bytes.max(8192))
            .keep_alive(false)
            .serve_connection(TokioIo::new(stamp::Stamped::new(stream)), service);
        let connection = graceful.watch(connection);
        let limit = ctx.limits.connection_timeout;
        tokio::spawn(
            async move {
                tokio::select! {
                    served = tokio::time::timeout(limit, connection) => match served {
                        Ok(Ok(())) => {}
                        Ok(Err(err)) => tracing::debug!(%err, "connection ended with an error"),
                        Err(_) => tracing::info!("connection timed out"),
                    },
                    () = evicted.wait() => tracing::debug!("closed for a newer connection"),
                }
                drop(slot);
            }
            .instrument(tracing::info_span!("connection", %peer)),
        );
    }
    drop(listener);
    if tokio::time::timeout(ctx.limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("shutdown grace period over, dropping connections");
    }
    Ok(())
}
