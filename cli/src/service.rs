//! `shenfu serve` and `shenfu decisions verify|export`: the decision service and its log, from
//! the command line. The service itself is the `shenfu-rules-server` library.

use crate::Failure;
use crate::render::Lang;
use shenfu_rules::Rulebook;
use shenfu_rules::audit::ChainChecker;
use shenfu_server::log::{DecisionLog, Filter};
use shenfu_server::{Config, Tokens};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// The log `shenfu serve` and `shenfu decisions` use when none is named.
pub const DEFAULT_DATABASE: &str = "sqlite://shenfu-decisions.db";

/// What `shenfu serve` was told.
pub struct ServeArgs<'a> {
    pub listen: &'a str,
    pub database: &'a str,
    pub no_log: bool,
    pub token_file: Option<&'a str>,
    pub metrics_listen: Option<&'a str>,
    /// `--tls-cert` and `--tls-key`.
    pub tls: Option<(&'a str, &'a str)>,
    pub insecure_no_auth: bool,
    pub body_limit: usize,
    pub max_in_flight: usize,
    pub request_timeout: u64,
    pub body_timeout: u64,
    pub signing_key: Option<&'a str>,
    pub adopt_unsigned_log: bool,
    /// The `--rulebook` file served, if not the embedded plan: its text is kept in the log.
    pub rulebook_path: Option<&'a str>,
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Message(format!("cannot start the async runtime: {e}")))
}

pub fn serve(book: &Rulebook, args: &ServeArgs<'_>) -> Result<ExitCode, Failure> {
    let listen: SocketAddr = args.listen.parse().map_err(|_| {
        Failure::Message(format!(
            "--listen {}: expected an address such as 127.0.0.1:8787",
            args.listen
        ))
    })?;
    let tokens = match args.token_file {
        Some(path) => {
            let text = crate::transparency::read_secret(path, "the token file")?;
            Some(Tokens::parse(&text).map_err(|e| Failure::Message(format!("{path}: {e}")))?)
        }
        None => None,
    };
    let metrics_listen = args
        .metrics_listen
        .map(|addr| {
            addr.parse::<SocketAddr>().map_err(|_| {
                Failure::Message(format!(
                    "--metrics-listen {addr}: expected an address such as 127.0.0.1:9187"
                ))
            })
        })
        .transpose()?;
    let config = Config {
        listen,
        database: (!args.no_log).then(|| args.database.to_owned()),
        tokens,
        token_file: args.token_file.map(std::path::PathBuf::from),
        tls: args
            .tls
            .map(|(cert, key)| {
                let chain = std::fs::read(cert)
                    .map_err(|e| Failure::Message(format!("cannot read {cert}: {e}")))?;
                let key = crate::transparency::read_secret(key, "the TLS key")?;
                shenfu_server::Tls::from_pem(&chain, key.as_bytes())
                    .map_err(|e| Failure::Message(format!("--tls-cert {cert} --tls-key: {e}")))
            })
            .transpose()?,
        metrics_listen,
        insecure_no_auth: args.insecure_no_auth,
        body_limit: args.body_limit,
        max_in_flight: args.max_in_flight,
        request_timeout: Duration::from_secs(args.request_timeout),
        body_timeout: Duration::from_secs(args.body_timeout),
        adopt_unsigned_log: args.adopt_unsigned_log,
        signing_key: args
            .signing_key
            .map(crate::transparency::signing_key)
            .transpose()?,
        rulebook_text: args
            .rulebook_path
            .map(|path| {
                std::fs::read_to_string(path)
                    .map(Arc::from)
                    .map_err(|e| Failure::Message(format!("cannot read {path}: {e}")))
            })
            .transpose()?,
        ..Config::new(Arc::new(book.clone()))
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    runtime()?
        .block_on(shenfu_server::serve(config))
        .map_err(|e| Failure::Message(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

/// Every row of the log in `seq` order, a page at a time (constant memory).
async fn each_row(
    log: &DecisionLog,
    mut visit: impl FnMut(&shenfu_rules::audit::LogEntry) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut after = 0;
    loop {
        let page = log
            .list(&Filter {
                after: Some(after),
                limit: 1000,
                ..Filter::default()
            })
            .await
            .map_err(|e| Failure::Message(format!("cannot read the decision log: {e}")))?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.seq;
        for entry in &page {
            visit(entry)?;
        }
    }
}

async fn open(database: &str) -> Result<DecisionLog, Failure> {
    DecisionLog::open_for_reading(database)
        .await
        .map_err(|e| Failure::Message(format!("cannot open the decision log {database}: {e}")))
}

/// Walk the whole log: recompute every decision under the rulebook it names (those the log
/// keeps, `book` and the embedded plan), follow the chain, compare with the head, and check
/// the rows' Merkle tree against the log's signed checkpoint and every checkpoint held outside.
/// With a witness directory, the log's checkpoint is kept there once everything holds.
pub fn verify(
    book: &Rulebook,
    database: &str,
    outside: &crate::transparency::Outside<'_>,
    json: bool,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let key = outside
        .public_key
        .map(crate::transparency::public_key)
        .transpose()?;
    if key.is_none() && (!outside.expect.is_empty() || outside.witness_dir.is_some()) {
        return Err(Failure::Message(
            "--expect-checkpoint and --witness-dir need --public-key (the log's verifier key)"
                .to_owned(),
        ));
    }
    let unreadable = |e: shenfu_server::log::LogError| {
        Failure::Message(format!("cannot read the decision log: {e}"))
    };
    let (result, latest) = runtime()?.block_on(async {
        let log = open(database).await?;
        let kept: Vec<Rulebook> = log
            .rulebooks()
            .await
            .map_err(unreadable)?
            .iter()
            .filter_map(|(_, text)| Rulebook::from_toml_str(text).ok())
            .collect();
        let mut books: Vec<&Rulebook> = vec![book, Rulebook::embedded()];
        books.extend(kept.iter());
        let mut checker = ChainChecker::with_rulebooks(books);
        each_row(&log, |entry| {
            checker.check(entry);
            Ok(())
        })
        .await?;
        let latest = log.checkpoint().await.map_err(unreadable)?;
        if let Some(key) = &key {
            checker.against_latest(latest.as_ref().map(|l| l.note.as_str()), key);
            for path in outside.expect {
                let note = std::fs::read_to_string(path)
                    .map_err(|e| Failure::Message(format!("cannot read {path}: {e}")))?;
                checker.against_signed(&note, key, path);
            }
            if let Some(dir) = outside.witness_dir {
                for (path, note) in crate::transparency::witnessed(dir)? {
                    checker.against_signed(&note, key, &path);
                }
            }
        }
        let (seq, hash) = log.head().await.map_err(unreadable)?;
        Ok::<_, Failure>((checker.finish(seq, &hash), latest))
    })?;
    if let (Some(dir), Some(latest), true) = (outside.witness_dir, &latest, result.intact) {
        crate::transparency::witness(dir, latest.size, &latest.note)?;
    }
    let out = if json {
        result.to_canonical_json() + "\n"
    } else {
        shenfu_rules::present::text::chain_verification(&result, lang.core())
    };
    crate::write_stdout(&out)?;
    Ok(if result.intact {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Visit every row of the log in `seq` order, a page at a time (constant memory).
pub fn each_logged(
    database: &str,
    visit: impl FnMut(&shenfu_rules::audit::LogEntry) -> Result<(), Failure>,
) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let log = open(database).await?;
        each_row(&log, visit).await
    })
}

/// Stream the log out as JSON Lines, one decision per line, input and report embedded.
pub fn export(database: &str) -> Result<ExitCode, Failure> {
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    each_logged(database, |entry| {
        out.write_all(entry.to_export_json().as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(crate::output_failure)
    })?;
    out.flush().map_err(crate::output_failure)?;
    Ok(ExitCode::SUCCESS)
}
