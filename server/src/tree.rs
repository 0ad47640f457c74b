//! The decision log's Merkle tree (RFC 9162, [`shenfu_rules::transparency`]) as the service keeps
//! it: one leaf per row (`seq = leaf + 1`), rebuilt from the rows' hashes when the service starts,
//! extended inside every group's transaction, and signed — a C2SP checkpoint per committed group,
//! kept in the database's one-row `log_checkpoint` table (a witness keeps the history). Each
//! logged decision gets a receipt against that checkpoint.
//!
//! Only the writer task and the readers that make proofs touch the tree, through one async
//! mutex: a reader catching up with rows another instance appended never races the writer.

use crate::log::LogError;
use shenfu_rules::audit::{Seal, row_leaf};
use shenfu_rules::transparency::checkpoint::Checkpoint;
use shenfu_rules::transparency::merkle::{Hash, Tree};
use shenfu_rules::transparency::note::{self, SignerKey};
use shenfu_rules::transparency::receipt::Receipt;
use sqlx::{AnyConnection, Row};
use std::sync::Arc;
use tokio::sync::Mutex;

/// Rows read per query when the tree catches up.
const PAGE: i64 = 10_000;

/// The tree and the key that signs it.
pub struct LogTree {
    tree: Mutex<Tree>,
    signer: Option<SignerKey>,
    adopt_unsigned: bool,
}

/// A signed checkpoint: its size and its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub size: u64,
    pub note: String,
}

impl LogTree {
    /// A tree signed by `signer` (if any); `adopt_unsigned` lets it sign, once, over rows no
    /// checkpoint of this key covers when the service starts.
    pub fn new(signer: Option<SignerKey>, adopt_unsigned: bool) -> Self {
        Self {
            tree: Mutex::new(Tree::new()),
            signer,
            adopt_unsigned,
        }
    }

    pub fn signer(&self) -> Option<&SignerKey> {
        self.signer.as_ref()
    }

    /// Lock the tree (the writer holds it for a whole group).
    pub async fn lock(&self) -> tokio::sync::MutexGuard<'_, Tree> {
        self.tree.lock().await
    }

    /// Sign the tree's first `size` leaves.
    pub fn sign(&self, tree: &Tree, size: u64) -> Result<Option<Signed>, LogError> {
        let Some(signer) = &self.signer else {
            return Ok(None);
        };
        let root = tree
            .root(size)
            .ok_or_else(|| LogError(format!("the tree has no {size} leaves to sign")))?;
        let checkpoint = Checkpoint {
            origin: signer.name().to_owned(),
            size,
            root,
            extensions: Vec::new(),
        };
        let note = signer
            .sign(&checkpoint.to_text())
            .map_err(|e| LogError(format!("cannot sign the checkpoint: {e}")))?;
        Ok(Some(Signed { size, note }))
    }

    /// What the receipt for the row `seal` describes needs from the tree, against `signed`.
    pub fn prove(tree: &Tree, seal: Seal<'static>, signed: &Arc<Signed>) -> Option<Proved> {
        let proof = tree.inclusion_proof(seal.seq.checked_sub(1)?, signed.size)?;
        Some(Proved {
            seal,
            proof,
            signed: signed.clone(),
        })
    }
}

/// A row's place in a signed tree: everything its receipt says. The writer proves; the
/// request's own task writes the JSON, off the writer's serial path.
#[derive(Debug, Clone)]
pub struct Proved {
    seal: Seal<'static>,
    proof: Vec<Hash>,
    signed: Arc<Signed>,
}

impl Proved {
    /// The receipt's canonical JSON.
    pub fn into_receipt_json(self) -> String {
        let index = self.seal.seq.saturating_sub(1);
        Receipt::new(index, self.seal, &self.proof, self.signed.note.clone()).to_canonical_json()
    }
}

/// Add the rows after the tree's last leaf, up to `seq` (those another instance appended, or
/// every row at start), to the tree. A log whose rows stop short of the tree, or skip a `seq`,
/// was cut or edited outside the service: refused, so no checkpoint ever signs over it.
pub async fn catch_up(conn: &mut AnyConnection, tree: &mut Tree, seq: u64) -> Result<(), LogError> {
    if seq < tree.len() {
        return Err(LogError(format!(
            "the log's head is row {seq} but this instance's tree already holds {} rows: rows were removed outside the service (run `shenfu decisions verify`)",
            tree.len()
        )));
    }
    while tree.len() < seq {
        let after = i64::try_from(tree.len()).unwrap_or(i64::MAX);
        let rows =
            sqlx::query("SELECT seq, row_hash FROM decisions WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(after)
                .bind(PAGE)
                .fetch_all(&mut *conn)
                .await?;
        if rows.is_empty() {
            return Err(LogError(format!(
                "the log's head is row {seq} but its rows end at {}: rows were removed outside the service (run `shenfu decisions verify`)",
                tree.len()
            )));
        }
        for row in rows {
            let at: i64 = row.try_get("seq")?;
            if u64::try_from(at).ok() != Some(tree.len() + 1) {
                return Err(LogError(format!(
                    "row {} is missing from the log (the next is {at}): it was removed outside the service (run `shenfu decisions verify`)",
                    tree.len() + 1
                )));
            }
            let hash: String = row.try_get("row_hash")?;
            tree.push(row_leaf(&hash));
        }
    }
    Ok(())
}

/// The checkpoint the log last signed, if any. Its size is read from the note itself, never
/// from the unsigned `tree_size` column beside it.
pub async fn stored_checkpoint(conn: &mut AnyConnection) -> Result<Option<Signed>, LogError> {
    let row = sqlx::query("SELECT note FROM log_checkpoint WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let note: String = row.try_get("note")?;
    let size = note
        .split_once("\n\n")
        .and_then(|(text, _)| Checkpoint::parse(&format!("{text}\n")).ok())
        .map(|c| c.size)
        .ok_or_else(|| LogError("the log's stored checkpoint is unreadable".to_owned()))?;
    Ok(Some(Signed { size, note }))
}

/// Keep `signed` as the log's latest checkpoint.
pub async fn store_checkpoint(conn: &mut AnyConnection, signed: &Signed) -> Result<(), LogError> {
    let size = i64::try_from(signed.size).unwrap_or(i64::MAX);
    let updated = sqlx::query("UPDATE log_checkpoint SET tree_size = $1, note = $2 WHERE id = 1")
        .bind(size)
        .bind(signed.note.clone())
        .execute(&mut *conn)
        .await?;
    if updated.rows_affected() == 0 {
        sqlx::query("INSERT INTO log_checkpoint (id, tree_size, note) VALUES (1, $1, $2)")
            .bind(size)
            .bind(signed.note.clone())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Is `signed` a checkpoint `signer` signed, over exactly the tree's first rows, and only them?
fn covers(tree: &Tree, signed: &Signed, signer: &SignerKey) -> Result<(), String> {
    let text = note::open(&signed.note, &signer.verifier())
        .map_err(|e| format!("the log's stored checkpoint does not verify with this key: {e}"))?;
    let checkpoint =
        Checkpoint::parse(text).map_err(|e| format!("the log's stored checkpoint: {e}"))?;
    if checkpoint.origin != signer.name() {
        return Err(format!(
            "the log's stored checkpoint is another log's ({})",
            checkpoint.origin
        ));
    }
    if tree.len() != checkpoint.size {
        return Err(format!(
            "the log holds {} rows but the checkpoint this key signed covers {}",
            tree.len(),
            checkpoint.size
        ));
    }
    match tree.root(checkpoint.size) {
        Some(root) if root == checkpoint.root => Ok(()),
        _ => Err(format!(
            "the log's rows no longer hash to the checkpoint this key signed at {} rows",
            checkpoint.size
        )),
    }
}

impl LogTree {
    /// Add the rows up to `head` to the tree — at start, every row; later, those another
    /// instance appended — and, when this log is signed, accept them only if a checkpoint signed
    /// with this key covers exactly them: a row a database writer appended, edited or removed is
    /// never signed over. At start, `adopt_unsigned` lets a log that was never signed (one
    /// kept before signing was turned on) be signed from now on.
    /// `against` is the checkpoint to hold them to when the caller read it already (a reader,
    /// not under the head's lock); otherwise the one stored now.
    pub async fn adopt(
        &self,
        conn: &mut AnyConnection,
        tree: &mut Tree,
        head: u64,
        against: Option<&Signed>,
        starting: bool,
    ) -> Result<(), LogError> {
        let before = tree.len();
        catch_up(conn, tree, head).await?;
        let Some(signer) = &self.signer else {
            return Ok(());
        };
        if tree.len() == before {
            return Ok(());
        }
        let stored = match against {
            Some(signed) => Some(signed.clone()),
            None => stored_checkpoint(conn).await?,
        };
        let verdict = match stored {
            Some(signed) => covers(tree, &signed, signer),
            None => Err(format!(
                "{head} rows are covered by no checkpoint signed with this key"
            )),
        };
        match verdict {
            Ok(()) => Ok(()),
            Err(problem) if starting && self.adopt_unsigned => {
                tracing::warn!(%problem, rows = head, "--adopt-unsigned-log: signing over the log as it is");
                Ok(())
            }
            Err(problem) => {
                tree.truncate(before);
                let hint = if starting {
                    "; a log kept before signing was turned on is adopted once with --adopt-unsigned-log, after `shenfu decisions verify`"
                } else {
                    ""
                };
                Err(LogError(format!(
                    "{problem}: rows were written or changed outside the service, so no checkpoint will be signed over them (run `shenfu decisions verify`{hint})"
                )))
            }
        }
    }
}
