//! A decision's receipt, and its verification by whoever holds it — without the service or its
//! database.
//!
//! The receipt is canonical JSON (documented field by field in `schemas/` and the README):
//!
//! ```text
//! {"format":"shenfu-receipt/1",
//!  "leaf_index":8,                       the row's place in the Merkle tree (seq − 1)
//!  "entry":{…},                           everything the row's hash covers (audit::Seal)
//!  "inclusion_proof":["base64",…],       RFC 9162 audit path, leaf side first
//!  "checkpoint":"origin\n9\nroot\n\n— origin sig\n"}   the C2SP signed checkpoint
//! ```
//!
//! [`verify`] checks the signature with the log's public key, the checkpoint's form, that the
//! leaf index is the row's, the inclusion proof against the signed root; and, when given, that
//! the report is the one the row sealed, and that the application recomputes — under the
//! rulebook the row names, for the year it names — to exactly that report.

use super::checkpoint::Checkpoint;
use super::merkle::{self, Hash};
use super::note::{self, VerifierKey};
use crate::audit::{Seal, row_leaf};
use crate::canonical::{sha256_hex, to_json};
use crate::rulebook::Rulebook;
use crate::vocab::Text;
use crate::{Error, ErrorKind, Options, Project, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The receipt format this engine writes and reads.
pub const FORMAT: &str = "shenfu-receipt/1";

/// Proof that a decision is in the log, as of a signed checkpoint: the row's seal, its leaf in
/// the log's RFC 9162 Merkle tree (leaf = SHA-256(0x00 ‖ the row hash's 32 bytes), row hash =
/// SHA-256 of the seal's canonical JSON), the inclusion proof and the signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Always `shenfu-receipt/1`, this engine's format: a reader refuses any other.
    #[cfg_attr(feature = "schema", schema(example = "shenfu-receipt/1"))]
    pub format: String,
    /// The row's place in the Merkle tree, from 0 (the log's `seq` − 1).
    pub leaf_index: u64,
    /// Everything the row's leaf hash covers.
    pub entry: Seal<'static>,
    /// The RFC 9162 audit path from the leaf to the signed root, leaf side first, each hash in
    /// base64.
    pub inclusion_proof: Vec<String>,
    /// The C2SP signed checkpoint the proof leads to, as the signed note's text: origin, tree
    /// size, base64 root, a blank line, then `— NAME BASE64(KEY_ID ‖ Ed25519 SIGNATURE)`.
    pub checkpoint: String,
}

impl Receipt {
    /// A receipt for `entry` at `leaf_index`, proved by `proof` against the signed `checkpoint`.
    pub fn new(leaf_index: u64, entry: Seal<'static>, proof: &[Hash], checkpoint: String) -> Self {
        Self {
            format: FORMAT.to_owned(),
            leaf_index,
            entry,
            inclusion_proof: proof.iter().map(super::hash_to_base64).collect(),
            checkpoint,
        }
    }

    /// The receipt's canonical JSON text, as the service hands it out.
    pub fn to_canonical_json(&self) -> String {
        to_json(self)
    }
}

/// One thing a verification checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ReceiptCheck {
    /// `format`, `signature`, `checkpoint`, `leaf_index`, `inclusion`, `answer`, `report`,
    /// `input`, `rulebook`, `recomputed`.
    pub code: &'static str,
    /// Whether the check passed.
    pub ok: bool,
    /// What was checked and found, in both languages.
    pub message: Text,
}

/// What a receipt's offline verification found (`shenfu receipt verify --format json`,
/// `verify_receipt` in Python, `verifyReceipt` in JS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ReceiptVerification {
    /// Every check passed.
    pub verified: bool,
    /// The sealed decision's id, as the row holds it.
    pub decision_id: String,
    /// The sealed `eligible`: `null` when no admission condition applied.
    pub eligible: Option<bool>,
    /// The sealed row's place in the tree, as the receipt gives it.
    pub leaf_index: u64,
    /// The signed checkpoint's origin and size, when it could be read.
    pub origin: Option<String>,
    /// The signed checkpoint's tree size (how many rows it covers), when it could be read.
    pub tree_size: Option<u64>,
    /// Each check made, in order; a check an earlier failure makes impossible is left out.
    pub checks: Vec<ReceiptCheck>,
}

impl ReceiptVerification {
    /// The verification's canonical JSON text, as `shenfu receipt verify` prints it in JSON.
    pub fn to_canonical_json(&self) -> String {
        to_json(self)
    }

    /// The first check that failed.
    pub fn first_failure(&self) -> Option<&ReceiptCheck> {
        self.checks.iter().find(|c| !c.ok)
    }
}

/// What is being verified: a receipt alone, or a whole answer of `POST /v1/assess` (its
/// `report` is then checked against the receipt too).
struct Held {
    receipt: Receipt,
    report: Option<String>,
    /// The answer's own `decision_id` and `received_at`, to hold against the sealed ones.
    answered: Option<(String, String)>,
}

fn bad_receipt(detail: impl std::fmt::Display) -> Error {
    Error::from(ErrorKind::InvalidJson {
        detail: detail.to_string(),
    })
    .at("receipt")
}

fn read(document: &str) -> Result<Held, Error> {
    /// An answer of `POST /v1/assess`: its report's bytes as they are (never re-serialised).
    #[derive(Deserialize)]
    struct Answer<'a> {
        decision_id: Option<String>,
        received_at: Option<String>,
        #[serde(borrow)]
        receipt: Option<&'a RawValue>,
        #[serde(borrow)]
        report: Option<&'a RawValue>,
    }
    let answer: Answer<'_> = serde_json::from_str(document).map_err(bad_receipt)?;
    let Some(receipt) = answer.receipt else {
        let receipt: Receipt = serde_json::from_str(document).map_err(bad_receipt)?;
        return Ok(Held {
            receipt,
            report: None,
            answered: None,
        });
    };
    let receipt: Receipt = serde_json::from_str(receipt.get()).map_err(bad_receipt)?;
    Ok(Held {
        receipt,
        report: answer.report.map(|r| r.get().to_owned()),
        answered: Some((
            answer.decision_id.unwrap_or_default(),
            answer.received_at.unwrap_or_default(),
        )),
    })
}

struct Checks(Vec<ReceiptCheck>);

impl Checks {
    fn push(&mut self, code: &'static str, ok: bool, zh: String, en: String) -> bool {
        self.0.push(ReceiptCheck {
            code,
            ok,
            message: Text { zh, en },
        });
        ok
    }
}

/// Verify a receipt (or an answer carrying one) with the log's public key; with `input` (the
/// application's JSON), recompute the decision under whichever of `rulebooks` the receipt names.
/// `Err` only when `document` is not a receipt or `input` is not an application; everything the
/// receipt's holder should learn about the receipt itself is a check in the result.
pub fn verify(
    document: &str,
    key: &VerifierKey,
    input: Option<&str>,
    rulebooks: &[&Rulebook],
) -> Result<ReceiptVerification, Error> {
    verify_with(document, Ok(key), input, rulebooks)
}

/// [`verify`] with the log's public key as its text (`NAME+KEYID+BASE64`, a `.pub` file as it
/// is): what Python's `verify_receipt` and JS's `verifyReceipt` call, where the key is whatever
/// the holder pasted. A key that does not read is not an error but a failing `signature` check
/// naming what is wrong with it (the checkpoint cannot be opened, so no `checkpoint` or
/// `inclusion` check follows); everything else is checked as [`verify`] does.
pub fn verify_with_key_text(
    document: &str,
    public_key: &str,
    input: Option<&str>,
    rulebooks: &[&Rulebook],
) -> Result<ReceiptVerification, Error> {
    let key = VerifierKey::parse(public_key);
    verify_with(
        document,
        key.as_ref().map_err(|e| e.problem),
        input,
        rulebooks,
    )
}

fn verify_with(
    document: &str,
    key: Result<&VerifierKey, &'static str>,
    input: Option<&str>,
    rulebooks: &[&Rulebook],
) -> Result<ReceiptVerification, Error> {
    let Held {
        receipt,
        report,
        answered,
    } = read(document)?;
    let project = input.map(Project::from_json_str).transpose()?;
    let entry = &receipt.entry;
    let mut checks = Checks(Vec::new());
    checks.push(
        "format",
        receipt.format == FORMAT,
        format!("回执格式：{}（本引擎读取 {FORMAT}）", receipt.format),
        format!(
            "receipt format: {} (this engine reads {FORMAT})",
            receipt.format
        ),
    );
    let checkpoint = signed_checkpoint(&receipt, key, &mut checks);
    let (origin, tree_size) = match &checkpoint {
        Some(c) => (Some(c.origin.clone()), Some(c.size)),
        None => (None, None),
    };
    let index_ok = entry.seq.checked_sub(1) == Some(receipt.leaf_index);
    checks.push(
        "leaf_index",
        index_ok,
        format!(
            "叶子序号 {} {} 第 {} 条记录",
            receipt.leaf_index,
            if index_ok { "对应" } else { "不对应" },
            entry.seq
        ),
        format!(
            "leaf index {} {} row {}",
            receipt.leaf_index,
            if index_ok { "is" } else { "is not" },
            entry.seq
        ),
    );
    if let Some(checkpoint) = &checkpoint {
        let proof: Option<Vec<Hash>> = receipt
            .inclusion_proof
            .iter()
            .map(|h| super::hash_from_base64(h))
            .collect();
        let leaf = row_leaf(&entry.row_hash());
        let included = proof.is_some_and(|p| {
            merkle::verify_inclusion(
                receipt.leaf_index,
                checkpoint.size,
                &leaf,
                &p,
                &checkpoint.root,
            )
        });
        checks.push(
            "inclusion",
            included,
            if included {
                format!("该决定是已签名检查点（共 {} 条）中的第 {} 条", checkpoint.size, entry.seq)
            } else {
                "包含证明与已签名的根哈希不符：回执内容被改动，或该决定不在日志中".to_owned()
            },
            if included {
                format!("the decision is row {} of the signed checkpoint's {} rows", entry.seq, checkpoint.size)
            } else {
                "the inclusion proof does not lead to the signed root: the receipt was altered, or the decision is not in the log".to_owned()
            },
        );
    }
    if let Some((decision_id, received_at)) = &answered {
        let ok = *decision_id == entry.decision_id && *received_at == entry.received_at;
        checks.push(
            "answer",
            ok,
            if ok {
                "答复的决定编号与接收时间正是记录封存的".to_owned()
            } else {
                format!("答复的决定编号或接收时间（{decision_id}，{received_at}）与记录封存的不同：答复被改动")
            },
            if ok {
                "the answer's decision id and time received are the ones the row sealed".to_owned()
            } else {
                format!(
                    "the answer's decision id or time received ({decision_id}, {received_at}) is not what the row sealed: the answer was altered"
                )
            },
        );
    }
    if let Some(report) = &report {
        check_report(report, entry, &mut checks);
    }
    if let Some(project) = &project {
        recompute(project, entry, rulebooks, &mut checks);
    }
    Ok(ReceiptVerification {
        verified: checks.0.iter().all(|c| c.ok),
        decision_id: entry.decision_id.to_string(),
        eligible: entry.eligible,
        leaf_index: receipt.leaf_index,
        origin,
        tree_size,
        checks: checks.0,
    })
}

/// The checkpoint, if the key signed it and it reads as one (each a check).
fn signed_checkpoint(
    receipt: &Receipt,
    key: Result<&VerifierKey, &'static str>,
    checks: &mut Checks,
) -> Option<Checkpoint> {
    let key = match key {
        Ok(key) => key,
        Err(problem) => {
            checks.push(
                "signature",
                false,
                format!("公钥无法读取，检查点的签名未能验证：{problem}"),
                format!(
                    "the public key does not read, so the checkpoint's signature was not checked: {problem}"
                ),
            );
            return None;
        }
    };
    let text = match note::open(&receipt.checkpoint, key) {
        Ok(text) => {
            checks.push(
                "signature",
                true,
                format!("检查点由密钥 {}（{}）签名", key.name(), key.id()),
                format!(
                    "the checkpoint is signed by key {} ({})",
                    key.name(),
                    key.id()
                ),
            );
            text
        }
        Err(e) => {
            checks.push(
                "signature",
                false,
                format!(
                    "检查点的签名未通过密钥 {} 的验证：{}",
                    key.name(),
                    e.problem
                ),
                format!(
                    "the checkpoint's signature does not verify with key {}: {}",
                    key.name(),
                    e.problem
                ),
            );
            return None;
        }
    };
    match Checkpoint::parse(text) {
        Ok(c) if c.origin != key.name() => {
            checks.push(
                "checkpoint",
                false,
                format!(
                    "检查点属于另一日志（{}），不是密钥 {} 的日志",
                    c.origin,
                    key.name()
                ),
                format!(
                    "the checkpoint is another log's ({}), not key {}'s",
                    c.origin,
                    key.name()
                ),
            );
            None
        }
        Ok(c) if receipt.leaf_index < c.size => {
            checks.push(
                "checkpoint",
                true,
                format!("检查点：{}，共 {} 条", c.origin, c.size),
                format!("checkpoint: {}, {} rows", c.origin, c.size),
            );
            Some(c)
        }
        Ok(c) => {
            checks.push(
                "checkpoint",
                false,
                format!(
                    "检查点只有 {} 条，不含第 {} 条",
                    c.size,
                    receipt.leaf_index + 1
                ),
                format!(
                    "the checkpoint holds {} rows, not row {}",
                    c.size,
                    receipt.leaf_index + 1
                ),
            );
            None
        }
        Err(problem) => {
            checks.push(
                "checkpoint",
                false,
                format!("检查点格式错误：{problem}"),
                format!("the checkpoint is malformed: {problem}"),
            );
            None
        }
    }
}

/// The report as answered, or as re-indented by whoever kept it (`jq .`): its canonical bytes
/// are what the row sealed.
fn check_report(report: &str, entry: &Seal<'_>, checks: &mut Checks) {
    // Read as every surface reads JSON: a repeated key is refused, never "the last one wins".
    let canonical = || {
        crate::json::parse_json(report)
            .map(|v| sha256_hex(to_json(&v).as_bytes()))
            .unwrap_or_default()
    };
    let ok =
        sha256_hex(report.as_bytes()) == entry.report_sha256 || canonical() == entry.report_sha256;
    checks.push(
        "report",
        ok,
        if ok {
            "答复中的报告正是记录封存的报告".to_owned()
        } else {
            "答复中的报告与记录封存的 SHA-256 不符：报告被改动".to_owned()
        },
        if ok {
            "the answer's report is the one the row sealed".to_owned()
        } else {
            "the answer's report does not match the SHA-256 the row sealed: the report was altered"
                .to_owned()
        },
    );
}

fn recompute(project: &Project, entry: &Seal<'_>, rulebooks: &[&Rulebook], checks: &mut Checks) {
    let input_ok = project.input_sha256() == entry.input_sha256;
    let proceed = checks.push(
        "input",
        input_ok,
        if input_ok {
            "申请内容正是记录封存的输入".to_owned()
        } else {
            "申请内容与记录封存的输入 SHA-256 不符：不是这份申请".to_owned()
        },
        if input_ok {
            "the application is the input the row sealed".to_owned()
        } else {
            "the application does not match the input SHA-256 the row sealed: not this application"
                .to_owned()
        },
    );
    let book = rulebooks
        .iter()
        .find(|b| b.sha256() == entry.rulebook_sha256);
    let Some(book) = book else {
        checks.push(
            "rulebook",
            false,
            format!(
                "没有 SHA-256 为 {} 的规则库（{} {}）：请用 --rulebook 提供",
                entry.rulebook_sha256, entry.rulebook_id, entry.rulebook_version
            ),
            format!(
                "no rulebook with SHA-256 {} ({} {}) is at hand: pass it with --rulebook",
                entry.rulebook_sha256, entry.rulebook_id, entry.rulebook_version
            ),
        );
        return;
    };
    checks.push(
        "rulebook",
        true,
        format!(
            "规则库 {} {}（SHA-256 {}）",
            book.id,
            book.version,
            book.sha256()
        ),
        format!(
            "rulebook {} {} (SHA-256 {})",
            book.id,
            book.version,
            book.sha256()
        ),
    );
    if !proceed {
        return;
    }
    let mut report = String::with_capacity(9 * 1024);
    let recomputed = book.write_assessment(project, Options { year: entry.year }, &mut report);
    let ok = recomputed.is_ok_and(|verdict| verdict.eligible() == entry.eligible)
        && sha256_hex(report.as_bytes()) == entry.report_sha256;
    let verdict = |zh: bool| match (Verdict::of_eligible(entry.eligible), zh) {
        (Verdict::Eligible, true) => "符合准入条件",
        (Verdict::NotEligible, true) => "不符合准入条件",
        (Verdict::NotSubject, true) => "准入条件不适用",
        (Verdict::Eligible, false) => "eligible",
        (Verdict::NotEligible, false) => "not eligible",
        (Verdict::NotSubject, false) => "not subject to the admission conditions",
    };
    checks.push(
        "recomputed",
        ok,
        if ok {
            format!("按该规则库重新计算，得到完全相同的报告：{}", verdict(true))
        } else {
            "按该规则库重新计算的报告与记录封存的不同".to_owned()
        },
        if ok {
            format!(
                "recomputed under that rulebook to the very same report: {}",
                verdict(false)
            )
        } else {
            "recomputed under that rulebook, the report differs from the one the row sealed"
                .to_owned()
        },
    );
}
