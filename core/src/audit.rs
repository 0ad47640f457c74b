//! The decision log's seal: how a stored decision is hashed into a chain, and how a whole log is
//! checked — rows recomputed, links followed, deletions and edits named.
//!
//! Every logged decision is a [`LogEntry`]. Its `row_hash` is the SHA-256 of the canonical JSON of
//! its [`Seal`] — everything the row keeps (the input and the report through their SHA-256),
//! including `prev_hash`, the previous row's `row_hash` ([`GENESIS_HASH`] for the first row).
//! Editing any stored field changes the row's hash; deleting a row leaves a gap in `seq` and a
//! `prev_hash` that points at nothing; cutting rows off the end disagrees with the log's head
//! (the last `seq` and hash, kept apart). Rewriting the whole chain after an edit is what an
//! external copy of the head (`shenfu decisions verify` prints it) detects.
//!
//! The logic lives in the core, not in the service, so the CLI, the service and any binding
//! check a log the same way and say the same sentences.

use crate::canonical::{sha256_hex, to_json};
use crate::project::Project;
use crate::rulebook::Rulebook;
use crate::transparency::checkpoint::Checkpoint;
use crate::transparency::merkle::{Tree, empty_root};
use crate::vocab::Text;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One decision as the log keeps it: the one row type. Its fields, in this order, are the log's
/// columns (the service's SQL table is checked against them), the export's line
/// ([`LogEntry::to_export_json`]), and what its [`Seal`] covers (a test checks the seal's fields
/// against these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: u64,
    /// UUIDv7, as returned to the caller.
    pub decision_id: String,
    /// RFC 3339 UTC with microseconds, e.g. `2026-11-29T08:00:00.123456Z`.
    pub received_at: String,
    /// The bearer token's name, or `anonymous`.
    pub requester: String,
    /// The caller's `Idempotency-Key`, when it sent one: a retry with the same key gets this row's
    /// answer, not a second decision.
    pub idempotency_key: Option<String>,
    /// The evaluation year the caller gave.
    pub year: Option<u16>,
    /// The application's own id (the report's `subject.id`), when it gave one.
    pub subject_id: Option<String>,
    /// The report's `eligible`: `null` when no admission condition applied.
    pub eligible: Option<bool>,
    /// The canonical input (JSON text).
    pub input: String,
    /// The SHA-256 (hex) of `input`: the report's `input_sha256`.
    pub input_sha256: String,
    /// The canonical report (JSON text), exactly as returned.
    pub report: String,
    /// The id of the rulebook that decided, e.g. `shenfu-14th-fyp`.
    pub rulebook_id: String,
    /// That rulebook's version, e.g. `2026.12.1`.
    pub rulebook_version: String,
    /// The SHA-256 (hex) of that rulebook's TOML text.
    pub rulebook_sha256: String,
    /// The engine's version that decided, e.g. `0.1.0`.
    pub engine_version: String,
    /// The previous row's `row_hash`; [`GENESIS_HASH`] for the first row.
    pub prev_hash: String,
    /// The SHA-256 (hex) of this row's [`Seal`]'s canonical JSON.
    pub row_hash: String,
}

/// What a row's hash covers, in this order (its canonical JSON is hashed). A receipt carries it
/// whole, so whoever holds one recomputes the row's hash, and from it the Merkle leaf, without
/// the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Seal<'a> {
    /// The row's `seq`.
    pub seq: u64,
    /// The row's `decision_id` (a UUIDv7).
    // Spelled as text: utoipa's `Uuid` format would need its `uuid` feature and crate.
    #[cfg_attr(feature = "schema", schema(format = "uuid"))]
    pub decision_id: Cow<'a, str>,
    /// The row's `received_at` (RFC 3339, UTC, microseconds).
    #[cfg_attr(feature = "schema", schema(format = DateTime))]
    pub received_at: Cow<'a, str>,
    /// The row's `requester`.
    pub requester: Cow<'a, str>,
    /// The row's `idempotency_key`.
    pub idempotency_key: Option<Cow<'a, str>>,
    /// The row's `year`.
    pub year: Option<u16>,
    /// The row's `subject_id`.
    pub subject_id: Option<Cow<'a, str>>,
    /// The row's `eligible`: `null` when no admission condition applied (`verdict`
    /// not_subject).
    pub eligible: Option<bool>,
    /// The row's `input_sha256`: the input is covered through its hash.
    pub input_sha256: Cow<'a, str>,
    /// The SHA-256 (hex) of the row's `report`: the report is covered through its hash.
    pub report_sha256: Cow<'a, str>,
    /// The row's `rulebook_id`.
    pub rulebook_id: Cow<'a, str>,
    /// The row's `rulebook_version`.
    pub rulebook_version: Cow<'a, str>,
    /// The row's `rulebook_sha256`.
    pub rulebook_sha256: Cow<'a, str>,
    /// The row's `engine_version`.
    pub engine_version: Cow<'a, str>,
    /// The row's `prev_hash`: what links it into the chain.
    pub prev_hash: Cow<'a, str>,
}

impl Seal<'_> {
    /// The same seal, owning its text (to outlive the row, e.g. in a receipt).
    pub fn into_owned(self) -> Seal<'static> {
        let o = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        Seal {
            seq: self.seq,
            decision_id: o(self.decision_id),
            received_at: o(self.received_at),
            requester: o(self.requester),
            idempotency_key: self.idempotency_key.map(o),
            year: self.year,
            subject_id: self.subject_id.map(o),
            eligible: self.eligible,
            input_sha256: o(self.input_sha256),
            report_sha256: o(self.report_sha256),
            rulebook_id: o(self.rulebook_id),
            rulebook_version: o(self.rulebook_version),
            rulebook_sha256: o(self.rulebook_sha256),
            engine_version: o(self.engine_version),
            prev_hash: o(self.prev_hash),
        }
    }

    /// The row hash: SHA-256 of the seal's canonical JSON, in hex.
    pub fn row_hash(&self) -> String {
        sha256_hex(to_json(self).as_bytes())
    }
}

/// The Merkle leaf of a row ([`crate::transparency::merkle::leaf_hash`] of its row hash's 32
/// bytes; a row hash that is not 64 hex digits is hashed as its text, and will not match).
pub fn row_leaf(row_hash: &str) -> crate::transparency::merkle::Hash {
    use crate::transparency::merkle::leaf_hash;
    match crate::transparency::hash_from_hex(row_hash) {
        Some(bytes) => leaf_hash(&bytes),
        None => leaf_hash(row_hash.as_bytes()),
    }
}

impl LogEntry {
    /// The row of a decision: `project` judged under `book` in `year` (as the caller gave it),
    /// giving `verdict` and the canonical `report`. Who asked and when are the caller's to set
    /// (`decision_id`, `received_at`, `requester`, `idempotency_key`; empty here), and the row's
    /// place in the chain the log's (`seq` 0, `prev_hash` and `row_hash` empty until sealed):
    ///
    /// ```
    /// # use shenfu_rules::{Options, Project, Rulebook, audit::LogEntry};
    /// let book = Rulebook::embedded();
    /// let project = Project::from_json_str(r#"{"industry": "数字经济",
    ///     "fixed_asset_investment": {"value": "24000", "unit": "万元"},
    ///     "land_area": {"value": "60", "unit": "亩"}, "annual_tax": {"value": "3000", "unit": "万元"}}"#)
    ///     .unwrap();
    /// let mut report = String::new();
    /// let verdict = book.write_assessment(&project, Options::default(), &mut report).unwrap();
    /// let row = LogEntry {
    ///     decision_id: "019ae0c4-6a00-7c00-8a00-000000000001".into(),
    ///     requester: "approvals".into(),
    ///     ..LogEntry::decided(book, &project, None, verdict, report)
    /// };
    /// assert_eq!(row.rulebook_sha256, book.sha256());
    /// ```
    pub fn decided(
        book: &Rulebook,
        project: &Project,
        year: Option<u16>,
        verdict: crate::report::Verdict,
        report: String,
    ) -> Self {
        let input = project.to_canonical_json();
        Self {
            seq: 0,
            decision_id: String::new(),
            received_at: String::new(),
            requester: String::new(),
            idempotency_key: None,
            year,
            subject_id: project.id.clone(),
            eligible: verdict.eligible(),
            input_sha256: sha256_hex(input.as_bytes()),
            input,
            report,
            rulebook_id: book.id.clone(),
            rulebook_version: book.version.clone(),
            rulebook_sha256: book.sha256().to_owned(),
            engine_version: crate::report::ENGINE_VERSION.to_owned(),
            prev_hash: String::new(),
            row_hash: String::new(),
        }
    }

    /// The hash this row should carry, from what it holds now.
    pub fn compute_row_hash(&self) -> String {
        self.row_hash_with(&sha256_hex(self.report.as_bytes()))
    }

    /// What the row's hash covers, with the report's SHA-256 given.
    pub fn seal_with<'a>(&'a self, report_sha256: &'a str) -> Seal<'a> {
        let b = |s: &'a str| Cow::Borrowed(s);
        Seal {
            seq: self.seq,
            decision_id: b(&self.decision_id),
            received_at: b(&self.received_at),
            requester: b(&self.requester),
            idempotency_key: self.idempotency_key.as_deref().map(b),
            year: self.year,
            subject_id: self.subject_id.as_deref().map(b),
            eligible: self.eligible,
            input_sha256: b(&self.input_sha256),
            report_sha256: b(report_sha256),
            rulebook_id: b(&self.rulebook_id),
            rulebook_version: b(&self.rulebook_version),
            rulebook_sha256: b(&self.rulebook_sha256),
            engine_version: b(&self.engine_version),
            prev_hash: b(&self.prev_hash),
        }
    }

    /// [`LogEntry::compute_row_hash`] with the report's SHA-256 already known (a writer that
    /// hashed the report where it was made, off its own serial path).
    pub fn row_hash_with(&self, report_sha256: &str) -> String {
        self.seal_with(report_sha256).row_hash()
    }

    /// Seal the row: set `row_hash` from its contents and `prev_hash`.
    pub fn seal(&mut self) {
        self.row_hash = self.compute_row_hash();
    }

    /// The row as one JSON Lines record for export: the row's fields in order, but the input and
    /// the report, which follow it embedded as JSON (their bytes unchanged).
    pub fn to_export_json(&self) -> String {
        let head = match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(fields)) => to_json(
                &fields
                    .into_iter()
                    .filter(|(name, _)| name != "input" && name != "report")
                    .collect::<serde_json::Map<_, _>>(),
            ),
            _ => "{}".to_owned(),
        };
        let mut out = String::with_capacity(head.len() + self.input.len() + self.report.len() + 24);
        out.push_str(head.strip_suffix('}').unwrap_or(&head));
        out.push_str(",\"input\":");
        out.push_str(&self.input);
        out.push_str(",\"report\":");
        out.push_str(&self.report);
        out.push('}');
        out
    }
}

/// Where the chain or a decision in it is not what it should be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainProblem {
    /// `missing_rows`, `broken_link`, `edited_row`, `input_hash`, `report_differs`,
    /// `not_recomputable`, `other_rulebook`, `truncated`, `head_mismatch`, `checkpoint_ahead`,
    /// `checkpoint_mismatch`, `checkpoint_signature`, `unsigned_rows`.
    pub code: &'static str,
    /// The `seq` of the row concerned; `null` for a problem of the whole log (`truncated`,
    /// `head_mismatch` …).
    pub seq: Option<u64>,
    /// The `decision_id` of the row concerned, when there is one.
    pub decision_id: Option<String>,
    /// What is wrong, in a sentence, in both languages.
    pub message: Text,
}

/// The result of walking a whole log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainVerification {
    /// No problem found: every row links to the one before, holds what it was sealed with, and
    /// recomputes to its stored report.
    pub intact: bool,
    /// How many rows were read.
    pub rows: u64,
    /// The last row's `seq` and `row_hash`: copy them elsewhere to detect a rewritten chain.
    pub head_seq: u64,
    /// The last row's `row_hash`; with `head_seq`, the head to keep elsewhere.
    pub head_hash: String,
    /// Every problem found; empty when `intact`.
    pub problems: Vec<ChainProblem>,
    /// The Merkle tree over the rows as they are (RFC 9162): its size and root (base64, as in
    /// checkpoints), to compare with a signed checkpoint held elsewhere.
    pub tree_size: u64,
    /// The tree's root hash, in base64 as checkpoints write it.
    pub tree_root: String,
    /// How many checkpoints held outside the log the rows were checked against.
    pub checkpoints_checked: u64,
}

impl ChainVerification {
    /// The verification's canonical JSON text, as `shenfu decisions verify` prints it in JSON.
    pub fn to_canonical_json(&self) -> String {
        to_json(self)
    }

    /// One sentence: intact or not, how many rows, and the head to keep elsewhere.
    pub fn summary(&self) -> Text {
        let (rows, seq, hash, problems) = (
            self.rows,
            self.head_seq,
            &self.head_hash,
            self.problems.len(),
        );
        let (root, checked) = (&self.tree_root, self.checkpoints_checked);
        if self.intact {
            text(
                format!(
                    "✓ 决定记录完整：{rows} 条记录逐条重新计算一致，链条未断；记录头为第 {seq} 条，哈希 {hash}；默克尔树根 {root}，已对照 {checked} 个已签名检查点（请将检查点另行保存以便日后核对）"
                ),
                format!(
                    "✓ the decision log is intact: {rows} rows recomputed and matching, the chain unbroken; head: row {seq}, hash {hash}; Merkle root {root}, checked against {checked} signed checkpoint(s) (keep checkpoints elsewhere to check against later)"
                ),
            )
        } else {
            text(
                format!("✗ 决定记录有 {problems} 处问题（共检查 {rows} 条记录）"),
                format!("✗ the decision log has {problems} problem(s) ({rows} rows checked)"),
            )
        }
    }
}

/// Walks a log in `seq` order: feed every row to [`ChainChecker::check`], then
/// [`ChainChecker::finish`] with the head the log recorded.
pub struct ChainChecker<'b> {
    books: Vec<&'b Rulebook>,
    tree: Tree,
    checkpoints_checked: u64,
    rows: u64,
    last_seq: u64,
    last_hash: String,
    problems: Vec<ChainProblem>,
}

fn text(zh: String, en: String) -> Text {
    Text { zh, en }
}

impl<'b> ChainChecker<'b> {
    /// A checker that recomputes decisions with `book` (rows made under another rulebook are
    /// named, not recomputed).
    pub fn new(book: &'b Rulebook) -> Self {
        Self::with_rulebooks(vec![book])
    }

    /// A checker that recomputes each decision under the one of `books` it was made under (by
    /// SHA-256): a log spanning plan revisions verifies when every revision is at hand.
    pub fn with_rulebooks(books: Vec<&'b Rulebook>) -> Self {
        Self {
            books,
            tree: Tree::new(),
            checkpoints_checked: 0,
            rows: 0,
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, code: &'static str, entry: Option<&LogEntry>, message: Text) {
        self.problems.push(ChainProblem {
            code,
            seq: entry.map(|e| e.seq),
            decision_id: entry.map(|e| e.decision_id.clone()),
            message,
        });
    }

    /// Check one row, the next in `seq` order.
    pub fn check(&mut self, entry: &LogEntry) {
        self.rows += 1;
        let expected = self.last_seq + 1;
        if entry.seq != expected {
            self.problem(
                "missing_rows",
                Some(entry),
                text(
                    format!(
                        "第 {expected} 至 {} 条记录缺失（已被删除？）",
                        entry.seq.saturating_sub(1)
                    ),
                    format!(
                        "rows {expected} to {} are missing (deleted?)",
                        entry.seq.saturating_sub(1)
                    ),
                ),
            );
        }
        if entry.prev_hash != self.last_hash {
            self.problem(
                "broken_link",
                Some(entry),
                text(
                    format!(
                        "第 {} 条记录的前序哈希与前一条记录不符：链条在此断开",
                        entry.seq
                    ),
                    format!(
                        "row {}'s prev_hash does not match the row before it: the chain is broken here",
                        entry.seq
                    ),
                ),
            );
        }
        if entry.compute_row_hash() != entry.row_hash {
            self.problem(
                "edited_row",
                Some(entry),
                text(
                    format!(
                        "第 {} 条记录的内容与其封存哈希不符：记录已被修改",
                        entry.seq
                    ),
                    format!(
                        "row {}'s contents do not match its sealed hash: the row was edited",
                        entry.seq
                    ),
                ),
            );
        }
        if sha256_hex(entry.input.as_bytes()) != entry.input_sha256 {
            self.problem(
                "input_hash",
                Some(entry),
                text(
                    format!("第 {} 条记录的输入与其 SHA-256 不符", entry.seq),
                    format!("row {}'s input does not match its SHA-256", entry.seq),
                ),
            );
        }
        self.recompute(entry);
        self.tree.push(row_leaf(&entry.row_hash));
        self.last_seq = entry.seq;
        self.last_hash = entry.row_hash.clone();
    }

    fn recompute(&mut self, entry: &LogEntry) {
        let Some(book) = self
            .books
            .iter()
            .find(|b| b.sha256() == entry.rulebook_sha256)
            .copied()
        else {
            let message = text(
                format!(
                    "第 {} 条记录所依据的规则库（{} {}，SHA-256 {}）既不在日志中也未提供，未重新计算；请用 --rulebook 指定该规则库",
                    entry.seq, entry.rulebook_id, entry.rulebook_version, entry.rulebook_sha256
                ),
                format!(
                    "row {} was decided under rulebook {} {} (SHA-256 {}), which is neither kept in the log nor given, so it was not recomputed; pass it with --rulebook",
                    entry.seq, entry.rulebook_id, entry.rulebook_version, entry.rulebook_sha256
                ),
            );
            self.problem("other_rulebook", Some(entry), message);
            return;
        };
        let verified = Project::from_json_str(&entry.input)
            .and_then(|project| book.verify(&entry.report, Some(&project)));
        match verified {
            Ok(v) if v.verified => {}
            Ok(v) => {
                let detail = v
                    .findings
                    .iter()
                    .find(|f| !f.ok)
                    .map(|f| f.detail.clone())
                    .unwrap_or_default();
                let message = text(
                    format!(
                        "第 {} 条记录重新计算后与存储的报告不一致：{}",
                        entry.seq, detail.zh
                    ),
                    format!(
                        "row {} recomputed differs from its stored report: {}",
                        entry.seq, detail.en
                    ),
                );
                self.problem("report_differs", Some(entry), message);
            }
            Err(e) => {
                let message = text(
                    format!(
                        "第 {} 条记录无法重新计算：{}",
                        entry.seq,
                        e.kind.message_zh()
                    ),
                    format!("row {} cannot be recomputed: {e}", entry.seq),
                );
                self.problem("not_recomputable", Some(entry), message);
            }
        }
    }

    /// After every row: do the rows still hash to `checkpoint`, a tree size and root kept
    /// outside the log (`held_by` names where, for the message)? A checkpoint larger than the
    /// log means rows were deleted; another root at its size, that history was rewritten.
    pub fn against(&mut self, checkpoint: &Checkpoint, held_by: &str) {
        self.checkpoints_checked += 1;
        let (size, rows) = (checkpoint.size, self.tree.len());
        match self.tree.root(size) {
            None => self.problem(
                "checkpoint_ahead",
                None,
                text(
                    format!(
                        "{held_by}中的检查点记录了 {size} 条决定，日志只剩 {rows} 条：记录被删除"
                    ),
                    format!(
                        "the checkpoint in {held_by} covers {size} rows but the log holds only {rows}: rows were deleted"
                    ),
                ),
            ),
            Some(root) if root != checkpoint.root => self.problem(
                "checkpoint_mismatch",
                None,
                text(
                    format!(
                        "日志的前 {size} 条记录与{held_by}中检查点的根哈希不符：历史记录被改写"
                    ),
                    format!(
                        "the log's first {size} rows do not hash to the root of the checkpoint in {held_by}: history was rewritten"
                    ),
                ),
            ),
            Some(_) => {}
        }
    }

    /// [`ChainChecker::against`] a signed checkpoint (a C2SP signed note), once `key`'s
    /// signature on it verifies and it names the key's log as its origin; otherwise a
    /// `checkpoint_signature` problem. The checkpoint's size, when it could be read.
    #[cfg(feature = "receipt")]
    pub fn against_signed(
        &mut self,
        note: &str,
        key: &crate::transparency::note::VerifierKey,
        held_by: &str,
    ) -> Option<u64> {
        let opened = crate::transparency::note::open(note, key)
            .map_err(|e| e.problem)
            .and_then(Checkpoint::parse)
            .and_then(|c| {
                if c.origin == key.name() {
                    Ok(c)
                } else {
                    Err("the checkpoint is another log's (its origin is not the key's name)")
                }
            });
        match opened {
            Ok(checkpoint) => {
                self.against(&checkpoint, held_by);
                Some(checkpoint.size)
            }
            Err(problem) => {
                self.problem(
                    "checkpoint_signature",
                    None,
                    text(
                        format!(
                            "{held_by}中的检查点未通过密钥 {} 的验证：{problem}",
                            key.name()
                        ),
                        format!(
                            "the checkpoint in {held_by} does not verify with key {}: {problem}",
                            key.name()
                        ),
                    ),
                );
                None
            }
        }
    }

    /// The log's own latest checkpoint (`None`: it keeps none) must verify and cover every
    /// row: rows after it were not written by a service holding `key` (`unsigned_rows`).
    #[cfg(feature = "receipt")]
    pub fn against_latest(
        &mut self,
        note: Option<&str>,
        key: &crate::transparency::note::VerifierKey,
    ) {
        let signed = match note {
            Some(note) => self.against_signed(note, key, "the log's own checkpoint"),
            None => Some(0),
        };
        let rows = self.tree.len();
        if let Some(size) = signed.filter(|size| *size < rows) {
            self.problem(
                "unsigned_rows",
                None,
                text(
                    format!(
                        "第 {} 至 {rows} 条记录不在任何由密钥 {} 签名的检查点中：它们不是持有该密钥的服务写入的",
                        size + 1,
                        key.name()
                    ),
                    format!(
                        "rows {} to {rows} are covered by no checkpoint signed with key {}: they were not written by the service holding it",
                        size + 1,
                        key.name()
                    ),
                ),
            );
        }
    }

    /// The Merkle tree over the rows walked so far.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// Compare the end of the walk with the head the log recorded, and conclude.
    pub fn finish(mut self, head_seq: u64, head_hash: &str) -> ChainVerification {
        if head_seq > self.last_seq {
            self.problem(
                "truncated",
                None,
                text(
                    format!(
                        "记录头指向第 {head_seq} 条，但最后一条是第 {} 条：末尾的记录被删除",
                        self.last_seq
                    ),
                    format!(
                        "the log's head points at row {head_seq} but the last row is {}: rows were cut off the end",
                        self.last_seq
                    ),
                ),
            );
        } else if head_seq != self.last_seq || head_hash != self.last_hash {
            self.problem(
                "head_mismatch",
                None,
                text(
                    format!(
                        "记录头（第 {head_seq} 条，{head_hash}）与最后一条记录（第 {} 条，{}）不符",
                        self.last_seq, self.last_hash
                    ),
                    format!(
                        "the log's head (row {head_seq}, {head_hash}) does not match the last row (row {}, {})",
                        self.last_seq, self.last_hash
                    ),
                ),
            );
        }
        let size = self.tree.len();
        let root = self.tree.root(size).unwrap_or_else(empty_root);
        ChainVerification {
            intact: self.problems.is_empty(),
            rows: self.rows,
            head_seq: self.last_seq,
            head_hash: self.last_hash,
            problems: self.problems,
            tree_size: size,
            tree_root: crate::transparency::hash_to_base64(&root),
            checkpoints_checked: self.checkpoints_checked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn chain(n: u64) -> (Vec<LogEntry>, &'static Rulebook) {
        let book = Rulebook::embedded();
        let mut prev = GENESIS_HASH.to_owned();
        let mut rows = Vec::new();
        for seq in 1..=n {
            let project = Project::from_json_str(&format!(
                r#"{{"id": "P-{seq}", "industry": "数字经济",
                    "fixed_asset_investment": {{"value": "{}", "unit": "万元"}},
                    "land_area": {{"value": "60", "unit": "亩"}},
                    "annual_tax": {{"value": "3000", "unit": "万元"}}}}"#,
                17000 + seq * 100
            ))
            .unwrap();
            let report = book.assess(&project, Options::default()).unwrap();
            let mut report_text = String::new();
            let verdict = book
                .write_assessment(&project, Options::default(), &mut report_text)
                .unwrap();
            assert_eq!(report_text, report.to_canonical_json());
            let mut entry = LogEntry {
                seq,
                decision_id: format!("d-{seq}"),
                received_at: "2026-11-29T08:00:00.000000Z".into(),
                requester: "anonymous".into(),
                prev_hash: prev.clone(),
                ..LogEntry::decided(book, &project, None, verdict, report_text)
            };
            assert_eq!(entry.input_sha256, project.input_sha256());
            entry.seal();
            prev = entry.row_hash.clone();
            rows.push(entry);
        }
        (rows, book)
    }

    fn keys<T: Serialize>(value: &T) -> Vec<String> {
        match serde_json::to_value(value).unwrap() {
            serde_json::Value::Object(fields) => fields.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_seal_covers_the_row_but_its_input_and_its_own_hash_and_the_report_by_its_hash() {
        let (rows, _) = chain(1);
        let row = &rows[0];
        let covered: Vec<String> = keys(row)
            .into_iter()
            .filter(|k| k != "input" && k != "row_hash")
            .map(|k| {
                if k == "report" {
                    "report_sha256".into()
                } else {
                    k
                }
            })
            .collect();
        assert_eq!(keys(&row.seal_with("")), covered);
        let report_sha256 = sha256_hex(row.report.as_bytes());
        assert_eq!(row.seal_with(&report_sha256).row_hash(), row.row_hash);
    }

    #[test]
    fn the_export_line_is_the_row_with_its_json_embedded_last() {
        let (rows, _) = chain(2);
        for row in &rows {
            let line: serde_json::Value = serde_json::from_str(&row.to_export_json()).unwrap();
            let mut expected = keys(row);
            expected.retain(|k| k != "input" && k != "report");
            expected.extend(["input".to_owned(), "report".to_owned()]);
            assert_eq!(keys(&line), expected);
            assert!(row.to_export_json().ends_with(&format!(
                ",\"input\":{},\"report\":{}}}",
                row.input, row.report
            )));
            let back: LogEntry = serde_json::from_str(&to_json(row)).unwrap();
            assert_eq!(&back, row);
        }
    }

    fn walk(rows: &[LogEntry], book: &Rulebook, head: (u64, &str)) -> ChainVerification {
        let mut checker = ChainChecker::new(book);
        for row in rows {
            checker.check(row);
        }
        checker.finish(head.0, head.1)
    }

    fn codes(v: &ChainVerification) -> Vec<(&'static str, Option<u64>)> {
        v.problems.iter().map(|p| (p.code, p.seq)).collect()
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        let (rows, book) = chain(4);
        let head = rows[3].row_hash.clone();
        let v = walk(&rows, book, (4, &head));
        assert!(v.intact, "{:?}", v.problems);
        assert_eq!((v.rows, v.head_seq), (4, 4));
    }

    #[test]
    fn an_edited_report_a_deleted_row_and_a_cut_tail_are_named() {
        let (mut rows, book) = chain(5);
        let head = rows[4].row_hash.clone();
        rows[1].report = rows[1]
            .report
            .replace("\"eligible\":false", "\"eligible\":true");
        rows[1].eligible = Some(true);
        rows.remove(3);
        rows.pop();
        let v = walk(&rows, book, (5, &head));
        assert!(!v.intact);
        assert_eq!(
            codes(&v),
            vec![
                ("edited_row", Some(2)),
                ("report_differs", Some(2)),
                ("truncated", None)
            ]
        );
        let (mut rows, book) = chain(3);
        rows.remove(1);
        let head = rows[1].row_hash.clone();
        let v = walk(&rows, book, (3, &head));
        assert_eq!(
            codes(&v),
            vec![("missing_rows", Some(3)), ("broken_link", Some(3))]
        );
    }

    #[test]
    fn a_resealed_edit_breaks_the_next_link() {
        let (mut rows, book) = chain(3);
        let head = rows[2].row_hash.clone();
        rows[0].requester = "someone else".into();
        rows[0].seal();
        let v = walk(&rows, book, (3, &head));
        assert_eq!(codes(&v), vec![("broken_link", Some(2))]);
    }

    /// Rewrite row `at` as a database writer would: another input, its report recomputed, every
    /// hash from there on resealed — a chain that checks out on its own.
    fn rewrite(rows: &mut [LogEntry], at: usize, book: &Rulebook) {
        let project = Project::from_json_str(
            r#"{"id": "P-forged", "industry": "数字经济",
                "fixed_asset_investment": {"value": "90000", "unit": "万元"},
                "land_area": {"value": "60", "unit": "亩"},
                "annual_tax": {"value": "9000", "unit": "万元"}}"#,
        )
        .unwrap();
        let report = book.assess(&project, Options::default()).unwrap();
        rows[at].input = project.to_canonical_json();
        rows[at].input_sha256 = project.input_sha256();
        rows[at].report = report.to_canonical_json();
        rows[at].eligible = report.eligible;
        for i in at..rows.len() {
            if i > 0 {
                rows[i].prev_hash = rows[i - 1].row_hash.clone();
            }
            rows[i].seal();
        }
    }

    fn checkpoint_of(rows: &[LogEntry]) -> Checkpoint {
        let mut tree = Tree::new();
        for row in rows {
            tree.push(row_leaf(&row.row_hash));
        }
        Checkpoint {
            origin: "test".into(),
            size: tree.len(),
            root: tree.root(tree.len()).unwrap(),
            extensions: vec![],
        }
    }

    fn walk_against(rows: &[LogEntry], book: &Rulebook, held: &Checkpoint) -> ChainVerification {
        let mut checker = ChainChecker::new(book);
        for row in rows {
            checker.check(row);
        }
        checker.against(held, "the witness file");
        let (seq, hash) = rows.last().map_or((0, GENESIS_HASH.to_owned()), |r| {
            (r.seq, r.row_hash.clone())
        });
        checker.finish(seq, &hash)
    }

    #[test]
    fn every_consistent_rewrite_is_caught_by_a_checkpoint_held_outside() {
        let (rows, book) = chain(6);
        let held = checkpoint_of(&rows);
        let clean = walk_against(&rows, book, &held);
        assert!(clean.intact, "{:?}", clean.problems);
        assert_eq!(clean.tree_size, 6);
        // A forged verdict, consistently resealed: the chain alone finds nothing.
        let mut forged = rows.clone();
        assert_eq!(forged[2].eligible, Some(false));
        rewrite(&mut forged, 2, book);
        assert_eq!(forged[2].eligible, Some(true));
        let head = forged[5].row_hash.clone();
        assert!(walk(&forged, book, (6, &head)).intact);
        let v = walk_against(&forged, book, &held);
        assert_eq!(codes(&v), vec![("checkpoint_mismatch", None)]);
        // The tail cut and the head moved back; everything deleted.
        let v = walk_against(&rows[..4], book, &held);
        assert_eq!(codes(&v), vec![("checkpoint_ahead", None)]);
        let v = walk_against(&[], book, &held);
        assert_eq!(codes(&v), vec![("checkpoint_ahead", None)]);
        // Rows appended after the checkpoint are fine.
        let (longer, _) = chain(9);
        assert!(walk_against(&longer, book, &held).intact);
    }

    #[test]
    fn a_log_spanning_a_revision_recomputes_each_row_under_its_own_rulebook() {
        let (mut rows, book) = chain(3);
        let text = crate::rulebook::SHENFU_TOML.replace("version = \"", "version = \"revised-");
        let revised = Rulebook::from_toml_str(&text).unwrap();
        assert_ne!(revised.sha256(), book.sha256());
        let project = Project::from_json_str(&rows[2].input).unwrap();
        rows[2].report = revised
            .assess(&project, Options::default())
            .unwrap()
            .to_canonical_json();
        rows[2].rulebook_sha256 = revised.sha256().to_owned();
        rows[2].rulebook_version = revised.version.clone();
        rows[2].seal();
        let head = rows[2].row_hash.clone();
        let v = walk(&rows, book, (3, &head));
        assert_eq!(codes(&v), vec![("other_rulebook", Some(3))]);
        let mut checker = ChainChecker::with_rulebooks(vec![book, &revised]);
        for row in &rows {
            checker.check(row);
        }
        let v = checker.finish(3, &head);
        assert!(v.intact, "{:?}", v.problems);
    }

    #[test]
    fn export_embeds_input_and_report_unchanged() {
        let (rows, _) = chain(1);
        let line = rows[0].to_export_json();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(to_json(&v["report"]), rows[0].report);
        assert_eq!(to_json(&v["input"]), rows[0].input);
        assert_eq!(v["row_hash"], rows[0].row_hash.as_str());
    }
}
