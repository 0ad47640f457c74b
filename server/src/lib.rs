//! # shenfu-rules-server
//!
//! The decision service for approval systems (审批系统): the Shenfu plan's rules over HTTP, and
//! every decision kept in a durable, tamper-evident log (SQLite by default, PostgreSQL when
//! several instances share one log). `shenfu serve` runs it; this crate is the library behind it.
//!
//! * The responses carry the core's canonical report bytes unchanged, so a decision fetched
//!   later, the CLI's report and `shenfu verify` agree byte for byte. Every sentence, error
//!   messages included, comes from the core.
//! * A decision is acknowledged only once its row is committed ([`log::DecisionLog`]); rows are
//!   chained by SHA-256 ([`shenfu_rules::audit`]).
//! * Safe by default: loopback only unless tokens (or an explicit `insecure_no_auth`) are
//!   given; body, time and concurrency limits; graceful shutdown.
//!
//! ```no_run
//! # async fn run() -> Result<(), shenfu_server::ServeError> {
//! let book = shenfu_rules::Rulebook::embedded();
//! let config = shenfu_server::Config {
//!     database: Some("sqlite://shenfu-decisions.db".into()),
//!     ..shenfu_server::Config::new(std::sync::Arc::new(book.clone()))
//! };
//! shenfu_server::serve(config).await
//! # }
//! ```

pub mod auth;
mod edges;
mod error;
pub mod log;
mod metrics;
mod openapi;
mod presence;
mod query;
mod routes;
mod schemas;
mod tls;
pub mod tree;

pub use auth::Tokens;
pub use error::ApiError;
pub use routes::document as openapi_document;
pub use schemas::json_schemas;
pub use tls::Tls;

use axum::Router;
use log::DecisionLog;
use shenfu_rules::Rulebook;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The media type of every JSON answer.
pub const JSON: &str = "application/json";

/// The default address: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// How the service runs. [`Config::new`] gives `shenfu serve`'s defaults, minus the log (which
/// the CLI defaults to `sqlite://shenfu-decisions.db`).
#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite://PATH` or `postgres://…`; `None` keeps no log (decisions are answered, not
    /// stored: for benchmarks and stateless screening).
    pub database: Option<String>,
    pub rulebook: Arc<Rulebook>,
    /// The rulebook's exact TOML text, kept in the log so that its decisions can be recomputed
    /// after a revision; `None` for the embedded plan (whose text is compiled in).
    pub rulebook_text: Option<Arc<str>>,
    /// Signs a checkpoint of the log's Merkle tree after every committed group and gives every
    /// decision a receipt (`shenfu keys generate`); `None` signs nothing.
    pub signing_key: Option<shenfu_rules::transparency::note::SignerKey>,
    /// Sign over a log no checkpoint of the key covers yet (one kept before signing was turned
    /// on): once, after `shenfu decisions verify`. Otherwise such a log refuses to start.
    pub adopt_unsigned_log: bool,
    /// Bearer tokens; `None` lets anyone call (recorded as `anonymous`).
    pub tokens: Option<Tokens>,
    /// The file `tokens` came from: re-read on SIGHUP (a file that does not parse is logged
    /// and the tokens in use are kept).
    pub token_file: Option<std::path::PathBuf>,
    /// Serve `/metrics` on this address, open, and not on the main listener; otherwise it is on
    /// the main listener behind an `admin` token (open when no tokens are configured).
    pub metrics_listen: Option<SocketAddr>,
    /// Serve HTTPS with this certificate and key (`Tls::from_pem`); `None` serves plain HTTP.
    pub tls: Option<Tls>,
    /// Allow listening beyond loopback without tokens.
    pub insecure_no_auth: bool,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Most projects in one batch.
    pub batch_limit: usize,
    /// Requests handled at once; beyond this, 503 with `Retry-After` (never an unbounded queue).
    pub max_in_flight: usize,
    pub request_timeout: Duration,
    /// Time a client has to send its request headers.
    pub header_timeout: Duration,
    /// Time a client has to send its request body; the body is read before the request takes
    /// one of the `max_in_flight` places, so a slow sender never holds one.
    pub body_timeout: Duration,
    /// On SIGTERM/SIGINT, how long in-flight requests may take to finish.
    pub shutdown_grace: Duration,
}

impl Config {
    /// The defaults, serving `rulebook`.
    pub fn new(rulebook: Arc<Rulebook>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            database: None,
            rulebook,
            rulebook_text: None,
            signing_key: None,
            adopt_unsigned_log: false,
            tokens: None,
            token_file: None,
            metrics_listen: None,
            tls: None,
            insecure_no_auth: false,
            body_limit: 1 << 20,
            batch_limit: 1000,
            max_in_flight: 1024,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Why the service could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "refusing to listen on {0} without authentication: give --token-file, or --insecure-no-auth to accept anyone"
    )]
    Unprotected(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot open the decision log: {0}")]
    Log(log::LogError),
}

impl Config {
    /// Refuse what is unsafe: a non-loopback address without tokens, unless told otherwise.
    pub fn check(&self) -> Result<(), ServeError> {
        if !self.listen.ip().is_loopback() && self.tokens.is_none() && !self.insecure_no_auth {
            return Err(ServeError::Unprotected(self.listen));
        }
        Ok(())
    }
}

/// What every handler shares.
pub(crate) struct AppState {
    pub book: Arc<Rulebook>,
    pub log: Option<DecisionLog>,
    pub tokens: Option<std::sync::RwLock<Arc<Tokens>>>,
    /// `/metrics` answers without a token (no tokens configured, or its own listener).
    pub metrics_open: bool,
    /// `/metrics` is served on its own listener, not on the main one.
    pub metrics_elsewhere: bool,
    pub metrics: metrics::Metrics,
    pub body_limit: usize,
    pub batch_limit: usize,
    pub request_timeout: Duration,
    pub body_timeout: Duration,
    pub in_flight: Arc<tokio::sync::Semaphore>,
    pub openapi: String,
    /// Rulebooks the log keeps, compiled when a stored decision made under one is verified.
    pub rulebooks: std::sync::Mutex<std::collections::HashMap<String, Arc<Rulebook>>>,
}

impl AppState {
    /// The tokens in use (they change on SIGHUP).
    pub fn tokens(&self) -> Option<Arc<Tokens>> {
        self.tokens.as_ref().map(|t| {
            t.read()
                .map_or_else(|e| e.into_inner().clone(), |t| t.clone())
        })
    }

    /// Re-read the token file; a file that does not parse leaves the tokens in use.
    pub fn reload_tokens(&self, path: &std::path::Path) {
        let Some(cell) = &self.tokens else { return };
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Tokens::parse(&text).map_err(|e| e.to_string()));
        match (parsed, cell.write()) {
            (Ok(tokens), Ok(mut slot)) => {
                *slot = Arc::new(tokens);
                tracing::info!(file = %path.display(), "token file reloaded");
            }
            (Err(problem), _) => {
                tracing::error!(file = %path.display(), %problem, "token file not reloaded: the tokens in use are kept");
            }
            (Ok(_), Err(_)) => {
                tracing::error!("token file not reloaded: the token store is poisoned")
            }
        }
    }
}

/// On SIGHUP, re-read the token file.
fn reload_on_hangup(state: &Arc<AppState>, path: std::path::PathBuf) {
    #[cfg(unix)]
    {
        let Ok(mut hangups) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            tracing::warn!("SIGHUP cannot be watched: the token file is read once");
            return;
        };
        let state = Arc::downgrade(state);
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                let Some(state) = state.upgrade() else { return };
                state.reload_tokens(&path);
            }
        });
    }
    #[cfg(not(unix))]
    let _ = (state, path);
}

/// The application: routes, limits and the log, ready to serve (tests call it directly).
pub async fn app(config: &Config) -> Result<Router, ServeError> {
    Ok(routes::router(state(config).await?))
}

async fn state(config: &Config) -> Result<Arc<AppState>, ServeError> {
    config.check()?;
    let metrics = metrics::Metrics::default();
    let log = match &config.database {
        Some(url) => {
            let log = DecisionLog::open_signed(
                url,
                Some(metrics.on_commit()),
                config.signing_key.clone(),
                config.adopt_unsigned_log,
            )
            .await
            .map_err(ServeError::Log)?;
            let text = config
                .rulebook_text
                .as_deref()
                .unwrap_or(shenfu_rules::rulebook::SHENFU_TOML);
            if shenfu_rules::canonical::sha256_hex(text.as_bytes()) == config.rulebook.sha256() {
                log.keep_rulebook(&config.rulebook, text)
                    .await
                    .map_err(ServeError::Log)?;
            } else {
                tracing::warn!(
                    "the rulebook's text is not at hand: its decisions can be recomputed only where it is given with --rulebook"
                );
            }
            if config.signing_key.is_none() {
                tracing::warn!(
                    "no --signing-key: decisions are logged and chained, but no checkpoint is signed and no receipt given"
                );
            }
            Some(log)
        }
        None => None,
    };
    let state = AppState {
        book: config.rulebook.clone(),
        log,
        tokens: config
            .tokens
            .clone()
            .map(|t| std::sync::RwLock::new(Arc::new(t))),
        metrics_open: config.tokens.is_none(),
        metrics_elsewhere: config.metrics_listen.is_some(),
        metrics,
        body_limit: config.body_limit,
        batch_limit: config.batch_limit,
        request_timeout: config.request_timeout,
        body_timeout: config.body_timeout,
        in_flight: Arc::new(tokio::sync::Semaphore::new(config.max_in_flight)),
        openapi: routes::document(),
        rulebooks: std::sync::Mutex::default(),
    };
    let state = Arc::new(state);
    if let Some(path) = &config.token_file {
        reload_on_hangup(&state, path.clone());
    }
    Ok(state)
}

/// Serve on `config.listen` until SIGTERM or SIGINT, then let in-flight requests finish.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    config.check()?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
    run(&config, listener, shutdown_signal()).await
}

/// Serve on a bound listener until `shutdown` completes (tests pass their own).
pub async fn run(
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let state = state(config).await?;
    if let Some(addr) = config.metrics_listen {
        let metrics = TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        let router = routes::metrics_router(state.clone());
        tracing::info!(%addr, "shenfu serve: /metrics listening");
        tokio::spawn(async move {
            let _ = axum::serve(metrics, router).await;
        });
    }
    let app = routes::router(state);
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, log = config.database.as_deref().unwrap_or("off"), "shenfu serve: listening");
    }
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(config.header_timeout);
                let watcher = graceful.watcher();
                match &config.tls {
                    None => {
                        let connection = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                        let connection = watcher.watch(connection);
                        tokio::spawn(async move {
                            let _ = connection.await;
                        });
                    }
                    Some(tls) => {
                        let (acceptor, patience) = (tls.acceptor.clone(), config.header_timeout);
                        tokio::spawn(async move {
                            let Ok(Ok(stream)) = tokio::time::timeout(patience, acceptor.accept(stream)).await else {
                                return;
                            };
                            let connection = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                            let _ = watcher.watch(connection).await;
                        });
                    }
                }
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tracing::info!("shenfu serve: shutting down, finishing in-flight requests");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(config.shutdown_grace) => {
            tracing::warn!("shenfu serve: grace period over, closing remaining connections");
        }
    }
    Ok(())
}

/// SIGTERM or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
