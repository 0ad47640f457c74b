//! The decision log: every decision the service makes, durable and chained, in SQLite (one file,
//! the embedded default) or PostgreSQL (several instances sharing one log) — one code path
//! through sqlx's `Any` driver.
//!
//! Appends go through one writer task per instance that commits them in groups (a decision is
//! acknowledged only after the transaction holding its row has committed). Across instances the
//! chain is serialised *in the database*: each group's transaction first updates the one row of
//! `log_head`, which takes SQLite's write lock or PostgreSQL's row lock, then reads the head,
//! appends its rows after it and moves the head. Two writers therefore never read the same head.
//! How rows are hashed and checked is the core's ([`shenfu_rules::audit`]).

use crate::tree::{self, LogTree, Proved, Signed};
use shenfu_rules::Rulebook;
use shenfu_rules::audit::{GENESIS_HASH, LogEntry, Seal, row_leaf};
use shenfu_rules::transparency::merkle::{Hash, Tree};
use shenfu_rules::transparency::note::SignerKey;
use sqlx::AnyConnection;
use sqlx::any::{AnyPoolOptions, AnyRow};
// Dynamic SQL here only ever splices constants (the column list) and numbered placeholders;
// every value is a bound parameter.
use sqlx::{AnyPool, AssertSqlSafe, Row};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// The most rows one transaction commits.
const MAX_GROUP: usize = 512;

/// Appends waiting for the writer; beyond this, callers wait (backpressure, not memory growth).
const QUEUE: usize = 4096;

/// How the log stores a field of its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A whole number (`BIGINT`).
    Integer,
    Text,
    /// A yes or no, as 1 or 0 (`BIGINT`: one type on SQLite and PostgreSQL).
    Flag,
}

/// The `decisions` table: every field of the row type ([`LogEntry`]), by its name and in its
/// order, with its SQL declaration. The table, its column list, and how a row is bound and read
/// are made from this (a test checks it against the row type and against the table a database
/// made).
const ROW: [(&str, Kind, &str); 17] = [
    ("seq", Kind::Integer, "BIGINT PRIMARY KEY"),
    ("decision_id", Kind::Text, "TEXT NOT NULL UNIQUE"),
    ("received_at", Kind::Text, "TEXT NOT NULL"),
    ("requester", Kind::Text, "TEXT NOT NULL"),
    ("idempotency_key", Kind::Text, "TEXT"),
    ("year", Kind::Integer, "BIGINT"),
    ("subject_id", Kind::Text, "TEXT"),
    ("eligible", Kind::Flag, "BIGINT"),
    ("input", Kind::Text, "TEXT NOT NULL"),
    ("input_sha256", Kind::Text, "TEXT NOT NULL"),
    ("report", Kind::Text, "TEXT NOT NULL"),
    ("rulebook_id", Kind::Text, "TEXT NOT NULL"),
    ("rulebook_version", Kind::Text, "TEXT NOT NULL"),
    ("rulebook_sha256", Kind::Text, "TEXT NOT NULL"),
    ("engine_version", Kind::Text, "TEXT NOT NULL"),
    ("prev_hash", Kind::Text, "TEXT NOT NULL"),
    ("row_hash", Kind::Text, "TEXT NOT NULL"),
];

/// The row's columns, in order: `seq, decision_id, …, row_hash`.
static COLUMNS: LazyLock<String> = LazyLock::new(|| {
    ROW.iter()
        .map(|(name, _, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
});

/// `CREATE TABLE IF NOT EXISTS <table> (…)` for the rows.
fn create_rows(table: &str) -> String {
    let columns: Vec<String> = ROW
        .iter()
        .map(|(name, _, declared)| format!("{name} {declared}"))
        .collect();
    format!(
        "CREATE TABLE IF NOT EXISTS {table} ({})",
        columns.join(", ")
    )
}

/// The schema; the same statements on SQLite and PostgreSQL (the rows' table first).
static SCHEMA: LazyLock<[String; 8]> = LazyLock::new(|| {
    [
        create_rows("decisions"),
        "CREATE UNIQUE INDEX IF NOT EXISTS decisions_idempotency
            ON decisions (requester, idempotency_key)"
            .to_owned(),
        "CREATE INDEX IF NOT EXISTS decisions_subject ON decisions (subject_id, seq)".to_owned(),
        "CREATE INDEX IF NOT EXISTS decisions_received ON decisions (received_at, seq)".to_owned(),
        // The latest signed checkpoint of the Merkle tree over the rows (`tree`).
        "CREATE TABLE IF NOT EXISTS log_checkpoint (
            id BIGINT PRIMARY KEY, tree_size BIGINT NOT NULL, note TEXT NOT NULL)"
            .to_owned(),
        // Every rulebook the log has decided under, by SHA-256, with its exact TOML text: a log
        // spanning plan revisions is recomputed row by row under each row's own rulebook.
        "CREATE TABLE IF NOT EXISTS rulebooks (
            sha256 TEXT PRIMARY KEY, id TEXT NOT NULL, version TEXT NOT NULL, source TEXT NOT NULL)"
            .to_owned(),
        "CREATE TABLE IF NOT EXISTS log_head (
            id BIGINT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)"
            .to_owned(),
        "INSERT INTO log_head (id, seq, hash)
            SELECT 1, 0, $1 WHERE NOT EXISTS (SELECT 1 FROM log_head WHERE id = 1)"
            .to_owned(),
    ]
});

/// The time as the log stores it: RFC 3339, UTC, microseconds (sorts as text).
pub fn stored_time(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.format(&format).unwrap_or_default()
}

/// Which database holds the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// A database failure, as text for the `unavailable` error (the engine words the sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogError(pub String);

impl From<sqlx::Error> for LogError {
    fn from(e: sqlx::Error) -> Self {
        Self(e.to_string())
    }
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A decision to log: the row as it will be stored, but for its place in the chain (`seq`,
/// `prev_hash`, `row_hash`), which the writer gives it.
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub entry: LogEntry,
    /// SHA-256 of `entry.report`, computed by the caller (in parallel), not by the serial writer.
    pub report_sha256: String,
}

impl NewDecision {
    /// The row to log (made by [`LogEntry::decided`]), its report hashed here, off the writer.
    pub fn new(entry: LogEntry) -> Self {
        Self {
            report_sha256: shenfu_rules::canonical::sha256_hex(entry.report.as_bytes()),
            entry,
        }
    }
}

/// What became of an append.
#[derive(Debug, Clone)]
pub enum Appended {
    /// Committed as a new row, at this place in the chain; with what its receipt says when
    /// the log signs checkpoints.
    Logged {
        seq: u64,
        row_hash: String,
        receipt: Option<Box<Proved>>,
    },
    /// The idempotency key was used before for the same input and year: the stored decision.
    Replayed(Box<LogEntry>),
    /// The idempotency key was used before for a different request.
    Conflict,
}

/// A page of the log: the filters `GET /v1/decisions` takes.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub subject_id: Option<String>,
    /// Only decisions with this verdict (`eligible` true, false or NULL).
    pub verdict: Option<shenfu_rules::Verdict>,
    /// `received_at >= from` (the stored text form).
    pub from: Option<String>,
    /// `received_at < to`.
    pub to: Option<String>,
    /// Rows after this `seq`.
    pub after: Option<u64>,
    /// Only the decisions this token name made.
    pub requester: Option<String>,
    pub limit: u32,
}

struct Pending {
    decision: NewDecision,
    reply: oneshot::Sender<Result<Appended, LogError>>,
}

/// Called with the duration of every committed group (for the write-latency histogram).
pub type OnCommit = Arc<dyn Fn(Duration, usize) + Send + Sync>;

/// A handle on the log; cheap to clone.
#[derive(Clone)]
pub struct DecisionLog {
    pool: AnyPool,
    backend: Backend,
    writer: mpsc::Sender<Pending>,
    tree: Arc<LogTree>,
}

impl DecisionLog {
    /// Open (and create if needed) the log at `url`: `sqlite://PATH` or `postgres://…`; its
    /// Merkle tree is kept but no checkpoint signed.
    pub async fn open(url: &str, on_commit: Option<OnCommit>) -> Result<Self, LogError> {
        Self::open_signed(url, on_commit, None, false).await
    }

    /// [`DecisionLog::open`], signing a checkpoint with `signer` after every committed group
    /// and answering each logged decision with its receipt. Refuses a log whose rows are not
    /// exactly those the checkpoint it last signed with this key covers — unless
    /// `adopt_unsigned`, for a log kept before signing was turned on.
    pub async fn open_signed(
        url: &str,
        on_commit: Option<OnCommit>,
        signer: Option<SignerKey>,
        adopt_unsigned: bool,
    ) -> Result<Self, LogError> {
        let tree = LogTree::new(signer, adopt_unsigned);
        Self::connect(url, Some((on_commit, tree))).await
    }

    /// Open the log to read and check it, whatever state it is in: no tree is built and nothing
    /// can be appended (`shenfu decisions verify`, `export`, `replay`).
    pub async fn open_for_reading(url: &str) -> Result<Self, LogError> {
        Self::connect(url, None).await
    }

    /// Connect and create the schema; with a writer (its commit hook and signing key), build the
    /// tree from the rows and start the writer task.
    async fn connect(
        url: &str,
        writer: Option<(Option<OnCommit>, LogTree)>,
    ) -> Result<Self, LogError> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if let Some(path) = url.strip_prefix("sqlite://") {
            let mode = if path.contains("mode=") {
                ""
            } else {
                "?mode=rwc"
            };
            (Backend::Sqlite, format!("sqlite://{path}{mode}"))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            return Err(LogError(format!(
                "`{url}` is not a database URL (sqlite://PATH or postgres://…)"
            )));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never wait for the writer; FULL: a committed decision
                        // survives a power loss, not only a crash (measured: no slower here
                        // than NORMAL, the service is CPU-bound); wait for another writer.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = FULL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 10000")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        migrate(&pool, backend).await?;
        let Some((on_commit, tree)) = writer else {
            // A closed queue: an append answers "the log writer has stopped".
            let (writer, _) = mpsc::channel(1);
            return Ok(Self {
                pool,
                backend,
                writer,
                tree: Arc::new(LogTree::new(None, false)),
            });
        };
        let tree = Arc::new(tree);
        {
            let mut leaves = tree.lock().await;
            let mut conn = pool.acquire().await?;
            let (head, _) = read_head(&mut conn).await?;
            tree.adopt(&mut conn, &mut leaves, head, None, true).await?;
        }
        let (writer, queue) = mpsc::channel(QUEUE);
        tokio::spawn(write_groups(pool.clone(), queue, on_commit, tree.clone()));
        Ok(Self {
            pool,
            backend,
            writer,
            tree,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Append one decision; returns once its row is committed.
    pub async fn append(&self, decision: NewDecision) -> Result<Appended, LogError> {
        let (reply, answer) = oneshot::channel();
        self.writer
            .send(Pending { decision, reply })
            .await
            .map_err(|_| LogError("the log writer has stopped".to_owned()))?;
        answer
            .await
            .map_err(|_| LogError("the log writer has stopped".to_owned()))?
    }

    /// Is the database reachable?
    pub async fn ping(&self) -> Result<(), LogError> {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await?;
        Ok(())
    }

    pub async fn get(&self, decision_id: &str) -> Result<Option<LogEntry>, LogError> {
        let sql = format!("SELECT {} FROM decisions WHERE decision_id = $1", *COLUMNS);
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(decision_id.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(entry).transpose()
    }

    pub async fn by_seq(&self, seq: u64) -> Result<Option<LogEntry>, LogError> {
        let sql = format!("SELECT {} FROM decisions WHERE seq = $1", *COLUMNS);
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(seq_param(seq))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(entry).transpose()
    }

    /// The last `seq` and `row_hash` the log recorded (0 and the genesis hash when empty).
    pub async fn head(&self) -> Result<(u64, String), LogError> {
        read_head(&mut *self.pool.acquire().await?).await
    }

    /// The public half of the key that signs this log's checkpoints.
    pub fn verifier(&self) -> Option<shenfu_rules::transparency::note::VerifierKey> {
        self.tree.signer().map(SignerKey::verifier)
    }

    /// The checkpoint the log signed last (`None` before the first, or without a key).
    pub async fn checkpoint(&self) -> Result<Option<Signed>, LogError> {
        tree::stored_checkpoint(&mut *self.pool.acquire().await?).await
    }

    /// The latest checkpoint and the tree, caught up with it (rows another instance added).
    async fn latest(
        &self,
    ) -> Result<Option<(Signed, tokio::sync::MutexGuard<'_, Tree>)>, LogError> {
        // Never wait for the tree holding a connection: the writer holds the tree while it waits
        // for one (tree, then connection, everywhere).
        let stored = tree::stored_checkpoint(&mut *self.pool.acquire().await?).await?;
        let Some(signed) = stored else {
            return Ok(None);
        };
        let mut leaves = self.tree.lock().await;
        if leaves.len() < signed.size {
            let mut conn = self.pool.acquire().await?;
            self.tree
                .adopt(&mut conn, &mut leaves, signed.size, Some(&signed), false)
                .await?;
        }
        Ok(Some((signed, leaves)))
    }

    /// A fresh receipt for a stored decision, against the latest checkpoint (`None` when the
    /// log signs none yet, or the row is newer than it).
    pub async fn receipt(&self, entry: &LogEntry) -> Result<Option<String>, LogError> {
        let Some((signed, leaves)) = self.latest().await? else {
            return Ok(None);
        };
        let report_sha256 = shenfu_rules::canonical::sha256_hex(entry.report.as_bytes());
        let seal = entry.seal_with(&report_sha256).into_owned();
        Ok(LogTree::prove(&leaves, seal, &Arc::new(signed)).map(Proved::into_receipt_json))
    }

    /// The consistency proof from the tree of `from` rows to the latest checkpoint, with it;
    /// `None` when there is no checkpoint or `from` is beyond it.
    pub async fn consistency(&self, from: u64) -> Result<Option<(Signed, Vec<Hash>)>, LogError> {
        let Some((signed, leaves)) = self.latest().await? else {
            return Ok(None);
        };
        Ok(leaves
            .consistency_proof(from, signed.size)
            .map(|proof| (signed.clone(), proof)))
    }

    /// Keep the text of a rulebook the service decides under (once per SHA-256).
    pub async fn keep_rulebook(&self, book: &Rulebook, text: &str) -> Result<(), LogError> {
        if shenfu_rules::canonical::sha256_hex(text.as_bytes()) != book.sha256() {
            return Err(LogError(
                "the rulebook's text does not hash to its SHA-256".to_owned(),
            ));
        }
        let sql = match self.backend {
            Backend::Sqlite => {
                "INSERT OR IGNORE INTO rulebooks (sha256, id, version, source) VALUES ($1, $2, $3, $4)"
            }
            Backend::Postgres => {
                "INSERT INTO rulebooks (sha256, id, version, source) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING"
            }
        };
        sqlx::query(sql)
            .bind(book.sha256().to_owned())
            .bind(book.id.clone())
            .bind(book.version.clone())
            .bind(text.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The text of the rulebook the log keeps under `sha256`.
    pub async fn rulebook_text(&self, sha256: &str) -> Result<Option<String>, LogError> {
        let row = sqlx::query("SELECT source FROM rulebooks WHERE sha256 = $1")
            .bind(sha256.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("source")).transpose()?)
    }

    /// Every rulebook text the log keeps, with the SHA-256 it was stored under.
    pub async fn rulebooks(&self) -> Result<Vec<(String, String)>, LogError> {
        let rows = sqlx::query("SELECT sha256, source FROM rulebooks ORDER BY sha256")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("sha256")?, r.try_get("source")?)))
            .collect()
    }

    /// One page of decisions in `seq` order.
    pub async fn list(&self, filter: &Filter) -> Result<Vec<LogEntry>, LogError> {
        let mut clauses = Vec::new();
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if filter.subject_id.is_some() {
            clauses.push(format!("subject_id = {}", next()));
        }
        if filter.requester.is_some() {
            clauses.push(format!("requester = {}", next()));
        }
        match filter.verdict.map(|v| v.eligible()) {
            Some(Some(_)) => clauses.push(format!("eligible = {}", next())),
            Some(None) => clauses.push("eligible IS NULL".to_owned()),
            None => {}
        }
        if filter.from.is_some() {
            clauses.push(format!("received_at >= {}", next()));
        }
        if filter.to.is_some() {
            clauses.push(format!("received_at < {}", next()));
        }
        clauses.push(format!("seq > {}", next()));
        let sql = format!(
            "SELECT {} FROM decisions WHERE {} ORDER BY seq LIMIT {}",
            *COLUMNS,
            clauses.join(" AND "),
            next()
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        if let Some(s) = &filter.subject_id {
            query = query.bind(s.clone());
        }
        if let Some(r) = &filter.requester {
            query = query.bind(r.clone());
        }
        if let Some(e) = filter.verdict.and_then(|v| v.eligible()) {
            query = query.bind(i64::from(e));
        }
        if let Some(f) = &filter.from {
            query = query.bind(f.clone());
        }
        if let Some(t) = &filter.to {
            query = query.bind(t.clone());
        }
        query = query
            .bind(seq_param(filter.after.unwrap_or(0)))
            .bind(i64::from(filter.limit));
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(entry).collect()
    }
}

async fn read_head(conn: &mut AnyConnection) -> Result<(u64, String), LogError> {
    let row = sqlx::query("SELECT seq, hash FROM log_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = row.try_get("seq")?;
    Ok((u64::try_from(seq).unwrap_or(0), row.try_get("hash")?))
}

fn seq_param(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), LogError> {
    let mut tx = pool.begin().await?;
    if backend == Backend::Postgres {
        // Two instances starting together must not race to create the same tables.
        sqlx::query("SELECT pg_advisory_xact_lock(7406141)")
            .execute(&mut *tx)
            .await?;
    }
    for (i, statement) in SCHEMA.iter().enumerate() {
        let mut query = sqlx::query(AssertSqlSafe(statement.as_str()));
        if i == SCHEMA.len() - 1 {
            query = query.bind(GENESIS_HASH.to_owned());
        }
        query.execute(&mut *tx).await?;
    }
    eligible_nullable(&mut tx, backend).await?;
    tx.commit().await?;
    Ok(())
}

/// Logs made before the third verdict declared `eligible` NOT NULL; a project no admission
/// condition applies to is stored with `eligible` NULL (`verdict: not_subject`). PostgreSQL
/// drops the constraint in place; SQLite cannot, so the table is rebuilt once, rows copied as
/// they are (their hashes do not change: a seal's `eligible` is `true`/`false` either way).
async fn eligible_nullable(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    backend: Backend,
) -> Result<(), LogError> {
    if backend == Backend::Postgres {
        sqlx::query("ALTER TABLE decisions ALTER COLUMN eligible DROP NOT NULL")
            .execute(&mut **tx)
            .await?;
        return Ok(());
    }
    let not_null: i64 = sqlx::query_scalar(
        "SELECT \"notnull\" FROM pragma_table_info('decisions') WHERE name = 'eligible'",
    )
    .fetch_one(&mut **tx)
    .await?;
    if not_null == 0 {
        return Ok(());
    }
    let rebuilt = create_rows("decisions_rebuilt");
    let copy = format!(
        "INSERT INTO decisions_rebuilt ({columns}) SELECT {columns} FROM decisions",
        columns = *COLUMNS
    );
    for statement in [
        rebuilt.as_str(),
        copy.as_str(),
        "DROP TABLE decisions",
        "ALTER TABLE decisions_rebuilt RENAME TO decisions",
    ]
    .into_iter()
    .chain(SCHEMA.iter().skip(1).take(3).map(String::as_str))
    {
        sqlx::query(AssertSqlSafe(statement.to_owned()))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A row read back: each column by its kind, into the row type.
fn entry(row: &AnyRow) -> Result<LogEntry, LogError> {
    let mut fields = serde_json::Map::with_capacity(ROW.len());
    for (name, kind, _) in ROW {
        let value = match kind {
            Kind::Integer => row.try_get::<Option<i64>, _>(name)?.into(),
            Kind::Text => row.try_get::<Option<String>, _>(name)?.into(),
            Kind::Flag => row
                .try_get::<Option<i64>, _>(name)?
                .map(|flag| flag != 0)
                .into(),
        };
        fields.insert(name.to_owned(), value);
    }
    serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|e| LogError(format!("a stored row does not read as one: {e}")))
}

/// The writer task: take what is waiting (up to [`MAX_GROUP`]), commit it in one transaction,
/// answer every waiter. When that transaction fails, nothing of it is stored and its rows are
/// committed one by one ([`commit_or_split`]): only a row that fails alone is refused.
async fn write_groups(
    pool: AnyPool,
    mut queue: mpsc::Receiver<Pending>,
    on_commit: Option<OnCommit>,
    tree: Arc<LogTree>,
) {
    let mut group: Vec<Pending> = Vec::with_capacity(MAX_GROUP);
    while let Some(first) = queue.recv().await {
        group.push(first);
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let (decisions, replies): (Vec<NewDecision>, Vec<_>) =
            group.drain(..).map(|p| (p.decision, p.reply)).unzip();
        let outcomes = commit_or_split(&pool, decisions, &tree, on_commit.as_ref()).await;
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            let _ = reply.send(outcome);
        }
    }
}

/// How long a failed group's rows may take to be committed one by one: a row the database refuses
/// costs milliseconds, so only a database that waits on every row (a lock held elsewhere) runs
/// into it — the rows left then fail with the group's error rather than stall the writer.
const SPLIT_BUDGET: Duration = Duration::from_secs(10);

/// Commit a group in one transaction; if that fails, commit each of its rows alone, in order,
/// each in its own transaction (chained as any group is: from the head read under the lock), so
/// that one row the database refuses — a value it cannot store, a broken constraint — is the only
/// one refused, and every other is committed and acknowledged. A database that does not answer,
/// or not within [`SPLIT_BUDGET`], fails the rest at once instead of being waited on row by row.
/// One outcome per row, in order.
async fn commit_or_split(
    pool: &AnyPool,
    group: Vec<NewDecision>,
    tree: &LogTree,
    on_commit: Option<&OnCommit>,
) -> Vec<Result<Appended, LogError>> {
    let rows = group.len();
    // A row alone has nothing to be told apart from: it is not kept for a second attempt.
    let retry = (rows > 1).then(|| group.clone());
    let started = Instant::now();
    let failed = match write_group(pool, group, tree).await {
        Ok(outcomes) => {
            if let Some(hook) = on_commit {
                hook(started.elapsed(), rows);
            }
            return outcomes.into_iter().map(Ok).collect();
        }
        Err(e) => e,
    };
    tracing::error!(error = %failed, rows, "decision log write failed");
    let Some(retry) = retry else {
        return vec![Err(failed)];
    };
    tracing::warn!(rows, "committing the failed group's rows one by one");
    let deadline = Instant::now() + SPLIT_BUDGET;
    let mut answering = reachable(pool).await;
    let mut outcomes = Vec::with_capacity(rows);
    for decision in retry {
        if !answering || Instant::now() > deadline {
            outcomes.push(Err(failed.clone()));
            continue;
        }
        let started = Instant::now();
        let alone = write_group(pool, vec![decision], tree)
            .await
            .and_then(|mut one| {
                one.pop()
                    .ok_or_else(|| LogError("a row committed without an outcome".to_owned()))
            });
        match &alone {
            Ok(_) => {
                if let Some(hook) = on_commit {
                    hook(started.elapsed(), 1);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "a decision's row failed alone: refused");
                answering = reachable(pool).await;
            }
        }
        outcomes.push(alone);
    }
    outcomes
}

/// Does the database answer at all?
async fn reachable(pool: &AnyPool) -> bool {
    sqlx::query("SELECT 1").fetch_one(pool).await.is_ok()
}

/// Rows per INSERT statement: fewer statements, and each size's statement is prepared once.
const ROWS_PER_INSERT: usize = 32;

/// `INSERT … VALUES (…), (…)` for `rows` rows, with numbered placeholders.
fn insert_sql(rows: usize) -> String {
    let columns = ROW.len();
    let mut sql = format!("INSERT INTO decisions ({}) VALUES ", *COLUMNS);
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", row * columns + column + 1));
        }
        sql.push(')');
    }
    sql
}

async fn insert_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    rows: Vec<LogEntry>,
) -> Result<(), LogError> {
    let sql = insert_sql(rows.len());
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for row in rows {
        let Ok(serde_json::Value::Object(mut fields)) = serde_json::to_value(&row) else {
            return Err(LogError("a row does not serialise as one".to_owned()));
        };
        for (name, kind, _) in ROW {
            let value = fields.remove(name).unwrap_or_default();
            query = match kind {
                Kind::Integer => query.bind(value.as_u64().map(seq_param)),
                Kind::Flag => query.bind(value.as_bool().map(i64::from)),
                Kind::Text => query.bind(match value {
                    serde_json::Value::String(text) => Some(text),
                    _ => None,
                }),
            };
        }
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Commit one group; the tree keeps its leaves only if the transaction committed.
async fn write_group(
    pool: &AnyPool,
    group: Vec<NewDecision>,
    tree: &LogTree,
) -> Result<Vec<Appended>, LogError> {
    let mut leaves = tree.lock().await;
    let before = leaves.len();
    let written = append_group(pool, group, tree, &mut leaves).await;
    if written.is_err() {
        leaves.truncate(before);
    }
    written
}

async fn append_group(
    pool: &AnyPool,
    group: Vec<NewDecision>,
    tree: &LogTree,
    leaves: &mut Tree,
) -> Result<Vec<Appended>, LogError> {
    let mut tx = pool.begin().await?;
    // Take the chain's lock first (a write), so no other writer reads this head.
    sqlx::query("UPDATE log_head SET seq = seq WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    let head = sqlx::query("SELECT seq, hash FROM log_head WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    let mut seq = u64::try_from(head.try_get::<i64, _>("seq")?).unwrap_or(0);
    let mut prev: String = head.try_get("hash")?;
    // Rows other instances appended since this one last wrote.
    tree.adopt(&mut tx, leaves, seq, None, false).await?;
    // What each new row's receipt proves: its place among the outcomes and its seal.
    let mut sealed: Vec<(usize, Seal<'static>)> = Vec::new();
    let lookup = format!(
        "SELECT {} FROM decisions WHERE requester = $1 AND idempotency_key = $2",
        *COLUMNS
    );
    // Keyed rows of this group, for a retry that arrives in the same group.
    let mut keyed: HashMap<(String, String), LogEntry> = HashMap::new();
    let mut outcomes = Vec::with_capacity(group.len());
    let mut pending_rows: Vec<LogEntry> = Vec::with_capacity(ROWS_PER_INSERT);
    for d in group {
        let new = &d.entry;
        if let Some(key) = &new.idempotency_key {
            let slot = (new.requester.clone(), key.clone());
            let earlier = match keyed.get(&slot) {
                Some(e) => Some(e.clone()),
                None => sqlx::query(AssertSqlSafe(lookup.as_str()))
                    .bind(new.requester.clone())
                    .bind(key.clone())
                    .fetch_optional(&mut *tx)
                    .await?
                    .as_ref()
                    .map(entry)
                    .transpose()?,
            };
            if let Some(earlier) = earlier {
                let same = earlier.input_sha256 == new.input_sha256 && earlier.year == new.year;
                outcomes.push(if same {
                    Appended::Replayed(Box::new(earlier))
                } else {
                    Appended::Conflict
                });
                continue;
            }
        }
        seq += 1;
        let mut row = d.entry;
        row.seq = seq;
        row.prev_hash = prev;
        row.row_hash = row.row_hash_with(&d.report_sha256);
        prev = row.row_hash.clone();
        leaves.push(row_leaf(&row.row_hash));
        if tree.signer().is_some() {
            sealed.push((outcomes.len(), row.seal_with(&d.report_sha256).into_owned()));
        }
        outcomes.push(Appended::Logged {
            seq,
            row_hash: row.row_hash.clone(),
            receipt: None,
        });
        if let Some(key) = &row.idempotency_key {
            keyed.insert((row.requester.clone(), key.clone()), row.clone());
        }
        pending_rows.push(row);
        if pending_rows.len() == ROWS_PER_INSERT {
            insert_rows(&mut tx, std::mem::take(&mut pending_rows)).await?;
        }
    }
    if let Some(signed) = finish_group(tx, pending_rows, seq, prev, tree, leaves).await? {
        let signed = Arc::new(signed);
        for (at, seal) in sealed {
            if let Some(Appended::Logged { receipt, .. }) = outcomes.get_mut(at) {
                *receipt = LogTree::prove(leaves, seal, &signed).map(Box::new);
            }
        }
    }
    Ok(outcomes)
}

/// The rest of a group's transaction: its last rows, the head moved, the tree signed, committed.
async fn finish_group(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    pending_rows: Vec<LogEntry>,
    seq: u64,
    prev: String,
    tree: &LogTree,
    leaves: &Tree,
) -> Result<Option<Signed>, LogError> {
    if !pending_rows.is_empty() {
        insert_rows(&mut tx, pending_rows).await?;
    }
    sqlx::query("UPDATE log_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq_param(seq))
        .bind(prev)
        .execute(&mut *tx)
        .await?;
    let signed = tree.sign(leaves, seq)?;
    if let Some(signed) = &signed {
        tree::store_checkpoint(&mut tx, signed).await?;
    }
    tx.commit().await?;
    Ok(signed)
}

#[cfg(test)]
mod tests {
    use super::{DecisionLog, Kind, ROW};
    use shenfu_rules::audit::LogEntry;
    use shenfu_rules::{Options, Project, Rulebook};
    use sqlx::Row;

    /// A row with every optional field given (`full`) or none.
    fn row(full: bool) -> LogEntry {
        let book = Rulebook::embedded();
        let amounts = r#""land_area": {"value": "60", "unit": "亩"},
            "fixed_asset_investment": {"value": "24000", "unit": "万元"},
            "annual_tax": {"value": "3000", "unit": "万元"}"#;
        let project = Project::from_json_str(&if full {
            format!(r#"{{"id": "P-1", "industry": "数字经济", {amounts}}}"#)
        } else {
            format!(r#"{{"industry": "数字经济", "introduced": false, {amounts}}}"#)
        })
        .unwrap();
        let mut report = String::new();
        let verdict = book
            .write_assessment(&project, Options::default(), &mut report)
            .unwrap();
        let year = full.then_some(2024);
        LogEntry {
            idempotency_key: full.then(|| "key".to_owned()),
            ..LogEntry::decided(book, &project, year, verdict, report)
        }
    }

    #[test]
    fn the_table_holds_the_row_type_field_for_field() {
        for full in [true, false] {
            let serde_json::Value::Object(fields) = serde_json::to_value(row(full)).unwrap() else {
                panic!("a row serialises as an object");
            };
            let names: Vec<&str> = fields.keys().map(String::as_str).collect();
            let columns: Vec<&str> = ROW.iter().map(|(name, _, _)| *name).collect();
            assert_eq!(names, columns);
            for ((name, kind, declared), value) in ROW.iter().zip(fields.values()) {
                let fits = match (kind, value) {
                    (_, serde_json::Value::Null) => !declared.contains("NOT NULL"),
                    (Kind::Integer, v) => v.is_u64(),
                    (Kind::Text, v) => v.is_string(),
                    (Kind::Flag, v) => v.is_boolean(),
                };
                assert!(fits, "{name} ({declared}) holds {value}");
            }
        }
    }

    #[tokio::test]
    async fn the_database_made_the_table_the_row_type_describes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-logs");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("schema_{}.db", std::process::id()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let log = DecisionLog::open(&format!("sqlite://{}", path.display()), None)
            .await
            .unwrap();
        let made: Vec<(String, String, bool, bool)> = sqlx::query(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('decisions') ORDER BY cid",
        )
        .fetch_all(&log.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get("name").unwrap(),
                r.try_get("type").unwrap(),
                r.try_get::<i64, _>("notnull").unwrap() != 0,
                r.try_get::<i64, _>("pk").unwrap() != 0,
            )
        })
        .collect();
        let described: Vec<(String, String, bool, bool)> = ROW
            .iter()
            .map(|(name, _, declared)| {
                (
                    (*name).to_owned(),
                    declared.split(' ').next().unwrap_or_default().to_owned(),
                    declared.contains("NOT NULL"),
                    declared.contains("PRIMARY KEY"),
                )
            })
            .collect();
        assert_eq!(made, described);
        // And a row goes in and comes back as it was.
        let decision = super::NewDecision::new(LogEntry {
            decision_id: "019ae0c4-6a00-7c00-8a00-000000000001".into(),
            received_at: "2026-12-05T08:00:00.000000Z".into(),
            requester: "anonymous".into(),
            ..row(true)
        });
        let super::Appended::Logged { seq, row_hash, .. } =
            log.append(decision.clone()).await.unwrap()
        else {
            panic!("a new row is logged");
        };
        let back = log.by_seq(seq).await.unwrap().unwrap();
        assert_eq!(back.row_hash, row_hash);
        assert_eq!(
            back,
            LogEntry {
                seq,
                prev_hash: shenfu_rules::audit::GENESIS_HASH.into(),
                row_hash,
                ..decision.entry
            }
        );
    }
}
