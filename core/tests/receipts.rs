//! The receipt fixtures in `fixtures/receipts/`: the contract every surface that verifies a
//! receipt offline (the CLI, Python's `verify_receipt`, JS's `verifyReceipt` in Node and in
//! browsers) must meet byte for byte.
//!
//! This test makes them the way the decision service does — a small log in memory (seven
//! decisions by the embedded plan and one by the revised plan of `fixtures/revisions/`, sealed
//! into a chain and a RFC 9162 Merkle tree), a C2SP checkpoint signed with a fixed test key
//! (Ed25519 is deterministic, so the bytes are stable), receipts and an answer of
//! `POST /v1/assess` — and then the cases: each a document, a public key, maybe an application
//! and rulebooks, with the verification's canonical JSON (or the canonical error) expected. The
//! list is `cases.json`, which the Python and JS tests iterate. Each case's outcome is also
//! written by hand below (which checks fail, or which error), so a bless can never bless a wrong
//! verdict.
//!
//! `SHENFU_BLESS=1 cargo test -p shenfu-rules --test receipts` rewrites the files (after a
//! deliberate change of wording, rulebook, engine version or receipt format); otherwise they
//! must be current.
#![cfg(all(feature = "receipt", feature = "toml"))]
#![cfg(test)]

use serde_json::{Value, json};
use shenfu_rules::audit::{GENESIS_HASH, LogEntry, row_leaf};
use shenfu_rules::canonical::sha256_hex;
use shenfu_rules::transparency::checkpoint::Checkpoint;
use shenfu_rules::transparency::merkle::Tree;
use shenfu_rules::transparency::note::SignerKey;
use shenfu_rules::transparency::receipt::{self, Receipt};
use shenfu_rules::{Options, Project, Rulebook};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The test log's key name (and so its checkpoints' origin) and seed: never a real key.
const KEY_NAME: &str = "shenfu-test.example/decisions";
const SEED: [u8; 32] = [7; 32];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/receipts")
}

/// A path as `cases.json` writes it (relative to `fixtures/receipts/`, `..` allowed), resolved
/// without the folder having to exist yet.
fn path_of(name: &str) -> PathBuf {
    let mut path = dir();
    for part in Path::new(name).components() {
        match part {
            std::path::Component::ParentDir => {
                path.pop();
            }
            other => path.push(other),
        }
    }
    path
}

fn revised_toml() -> String {
    std::fs::read_to_string(path_of(REVISED)).unwrap()
}

/// The application the receipt is for (the applicant keeps it beside the receipt).
const INPUT: &str = r#"{
  "id": "SF-2026-0417",
  "name": "沈抚数据中心二期",
  "industry": "数字经济",
  "fixed_asset_investment": {"value": "24000", "unit": "万元"},
  "land_area": {"value": "60", "unit": "亩"},
  "annual_tax": {"value": "3000", "unit": "万元"},
  "introduced": true
}
"#;

/// Another application: what a receipt must not be taken to prove.
const OTHER_INPUT: &str = r#"{
  "id": "SF-2026-0417",
  "name": "沈抚数据中心二期",
  "industry": "数字经济",
  "fixed_asset_investment": {"value": "24000", "unit": "万元"},
  "land_area": {"value": "60", "unit": "亩"},
  "annual_tax": {"value": "3600", "unit": "万元"},
  "introduced": true
}
"#;

/// Not an application (no amounts): an error, not a verification.
const NOT_A_PROJECT: &str = "{\"industry\": \"数字经济\"}\n";

/// The application decided in 2027 under the revised plan (亩均投入 超 350 万元 from 2027).
const REVISED_INPUT: &str = r#"{
  "id": "SF-2027-0031",
  "name": "浑河新材料中试基地",
  "industry": "新材料和氢能",
  "fixed_asset_investment": {"value": "19800", "unit": "万元"},
  "land_area": {"value": "60", "unit": "亩"},
  "annual_tax": {"value": "3000", "unit": "万元"},
  "introduced": true
}
"#;

/// The other rows of the log: (investment 万元, area 亩, tax 万元).
const OTHERS: [(u32, u32, u32); 6] = [
    (17_000, 60, 3_000),
    (30_000, 75, 3_500),
    (9_000, 40, 2_000),
    (26_000, 80, 3_400),
    (42_000, 100, 6_000),
    (12_500, 50, 1_000),
];

/// The row of the log each receipt is for.
const SEQ: u64 = 5;
const REVISED_SEQ: u64 = 7;
const LOG_SIZE: u64 = 8;

struct Log {
    rows: Vec<(LogEntry, String)>,
    tree: Tree,
    note: String,
}

fn entry(seq: u64, book: &Rulebook, project: &Project, year: Option<u16>) -> (LogEntry, String) {
    let mut report = String::new();
    let verdict = book
        .write_assessment(project, Options { year }, &mut report)
        .unwrap();
    let entry = LogEntry {
        seq,
        decision_id: format!("019ae0c4-6a00-7c00-8a00-{seq:012}"),
        received_at: format!("2026-12-05T08:{:02}:00.000000Z", seq * 3),
        requester: "approvals".into(),
        idempotency_key: (seq == SEQ).then(|| "apply-SF-2026-0417".to_owned()),
        ..LogEntry::decided(book, project, year, verdict, report.clone())
    };
    (entry, report)
}

/// The log as the service keeps it: the chain, the tree, and the checkpoint signed over it.
fn log(revised: &Rulebook) -> Log {
    let book = Rulebook::embedded();
    let mut others = OTHERS.iter().enumerate();
    let mut rows = Vec::new();
    for seq in 1..=LOG_SIZE {
        let (book, project, year) = match seq {
            SEQ => (book, Project::from_json_str(INPUT).unwrap(), None),
            REVISED_SEQ => (
                revised,
                Project::from_json_str(REVISED_INPUT).unwrap(),
                Some(2027),
            ),
            _ => {
                let (i, (investment, area, tax)) = others.next().unwrap();
                let project = Project::from_json_str(&format!(
                    r#"{{"id": "SF-2026-{:04}", "industry": "智能制造",
                        "fixed_asset_investment": {{"value": "{investment}", "unit": "万元"}},
                        "land_area": {{"value": "{area}", "unit": "亩"}},
                        "annual_tax": {{"value": "{tax}", "unit": "万元"}}}}"#,
                    i + 1
                ))
                .unwrap();
                (book, project, None)
            }
        };
        rows.push(entry(seq, book, &project, year));
    }
    let mut tree = Tree::new();
    let mut prev = GENESIS_HASH.to_owned();
    for (entry, _) in &mut rows {
        entry.prev_hash = prev;
        entry.seal();
        prev = entry.row_hash.clone();
        tree.push(row_leaf(&entry.row_hash));
    }
    let signer = SignerKey::from_seed(KEY_NAME, SEED).unwrap();
    let checkpoint = Checkpoint {
        origin: signer.name().to_owned(),
        size: LOG_SIZE,
        root: tree.root(LOG_SIZE).unwrap(),
        extensions: Vec::new(),
    };
    let note = signer.sign(&checkpoint.to_text()).unwrap();
    Log { rows, tree, note }
}

impl Log {
    /// The receipt of row `seq`, as the service writes it.
    fn receipt(&self, seq: u64) -> Receipt {
        let (entry, report) = &self.rows[usize::try_from(seq - 1).unwrap()];
        let seal = entry.seal_with(&sha256_hex(report.as_bytes())).into_owned();
        assert_eq!(seal.row_hash(), entry.row_hash);
        let proof = self.tree.inclusion_proof(seq - 1, LOG_SIZE).unwrap();
        Receipt::new(seq - 1, seal, &proof, self.note.clone())
    }

    /// The answer of `POST /v1/assess` for row `seq`: `{"decision_id","received_at","report",
    /// "receipt"}`, the report's bytes as written (server/src/routes.rs, `envelope`).
    fn answer(&self, seq: u64) -> String {
        let (entry, report) = &self.rows[usize::try_from(seq - 1).unwrap()];
        format!(
            "{{\"decision_id\":\"{}\",\"received_at\":\"{}\",\"report\":{report},\"receipt\":{}}}",
            entry.decision_id,
            entry.received_at,
            self.receipt(seq).to_canonical_json()
        )
    }
}

/// What a case must give, worked out by hand.
enum Expect {
    /// Every check passes, and these are the checks made.
    Verified(&'static [&'static str]),
    /// Exactly these checks fail.
    Fails(&'static [&'static str]),
    /// An error with this code and field.
    Error(&'static str, &'static str),
}

struct Case {
    name: &'static str,
    what: &'static str,
    document: &'static str,
    public_key: &'static str,
    input: Option<&'static str>,
    rulebooks: &'static [&'static str],
    expect: Expect,
}

const KEY: &str = "public.key";
const RECEIPT: &str = "receipt.json";
const ANSWER: &str = "answer.json";
const SIGNED: &[&str] = &[
    "format",
    "signature",
    "checkpoint",
    "leaf_index",
    "inclusion",
];
const REVISED: &str = "../revisions/revised.toml";

fn cases() -> Vec<Case> {
    let case = |name, what, document, input, expect| Case {
        name,
        what,
        document,
        public_key: KEY,
        input,
        rulebooks: &[],
        expect,
    };
    vec![
        case(
            "receipt",
            "a receipt alone, with the log's public key: signed, in the tree",
            RECEIPT,
            None,
            Expect::Verified(SIGNED),
        ),
        case(
            "receipt-with-input",
            "a receipt and the application: the decision recomputed to the sealed report",
            RECEIPT,
            Some("input.json"),
            Expect::Verified(&[
                "format",
                "signature",
                "checkpoint",
                "leaf_index",
                "inclusion",
                "input",
                "rulebook",
                "recomputed",
            ]),
        ),
        case(
            "answer",
            "the service's whole answer: its report is the one the row sealed",
            ANSWER,
            None,
            Expect::Verified(&[
                "format",
                "signature",
                "checkpoint",
                "leaf_index",
                "inclusion",
                "answer",
                "report",
            ]),
        ),
        case(
            "answer-with-input",
            "the whole answer and the application: every check",
            ANSWER,
            Some("input.json"),
            Expect::Verified(&[
                "format",
                "signature",
                "checkpoint",
                "leaf_index",
                "inclusion",
                "answer",
                "report",
                "input",
                "rulebook",
                "recomputed",
            ]),
        ),
        case(
            "answer-indented-with-input",
            "the answer re-indented by whoever kept it (jq .): its canonical bytes still check",
            "answer-indented.json",
            Some("input.json"),
            Expect::Verified(&[
                "format",
                "signature",
                "checkpoint",
                "leaf_index",
                "inclusion",
                "answer",
                "report",
                "input",
                "rulebook",
                "recomputed",
            ]),
        ),
        Case {
            rulebooks: &[REVISED],
            ..case(
                "revised-rulebook-given",
                "a decision made under the revised plan, recomputed under that plan (given)",
                "revised-answer.json",
                Some("revised-input.json"),
                Expect::Verified(&[
                    "format",
                    "signature",
                    "checkpoint",
                    "leaf_index",
                    "inclusion",
                    "answer",
                    "report",
                    "input",
                    "rulebook",
                    "recomputed",
                ]),
            )
        },
        case(
            "revised-rulebook-missing",
            "the same without the revised plan: the rulebook it names is not at hand",
            "revised-answer.json",
            Some("revised-input.json"),
            Expect::Fails(&["rulebook"]),
        ),
        case(
            "eligible-flipped",
            "the receipt's entry says eligible: false — the row's hash, and so its leaf, change",
            "edited/eligible-flipped.json",
            None,
            Expect::Fails(&["inclusion"]),
        ),
        case(
            "proof-hash-altered",
            "one character of one inclusion-proof hash altered",
            "edited/proof-hash-altered.json",
            None,
            Expect::Fails(&["inclusion"]),
        ),
        case(
            "checkpoint-size-changed",
            "the signed checkpoint's tree size changed (8 → 9): the signature no longer verifies",
            "edited/checkpoint-size-changed.json",
            None,
            Expect::Fails(&["signature"]),
        ),
        case(
            "leaf-index-changed",
            "the leaf index changed (4 → 3): not the row's place, and the proof fails there",
            "edited/leaf-index-changed.json",
            None,
            Expect::Fails(&["leaf_index", "inclusion"]),
        ),
        case(
            "format-changed",
            "a receipt format this engine does not read",
            "edited/format-changed.json",
            None,
            Expect::Fails(&["format"]),
        ),
        case(
            "answer-edited",
            "the answer's decision id edited (one digit): not the decision the row sealed",
            "edited/answer-edited.json",
            None,
            Expect::Fails(&["answer"]),
        ),
        case(
            "report-edited",
            "the answer's report edited (its verdict flipped): not the report the row sealed",
            "edited/report-edited.json",
            None,
            Expect::Fails(&["report"]),
        ),
        Case {
            public_key: "other.key",
            ..case(
                "wrong-key",
                "another log's key (same name, another Ed25519 key): no signature by it",
                RECEIPT,
                None,
                Expect::Fails(&["signature"]),
            )
        },
        Case {
            public_key: "malformed.key",
            ..case(
                "malformed-key",
                "a public key whose key id does not match its name and key: named in the signature check",
                RECEIPT,
                None,
                Expect::Fails(&["signature"]),
            )
        },
        case(
            "other-input",
            "another application (another tax figure): not the input the row sealed",
            RECEIPT,
            Some("other-input.json"),
            Expect::Fails(&["input"]),
        ),
        case(
            "not-a-receipt",
            "a receipt cut short: not JSON, an error (invalid_json at receipt)",
            "not-a-receipt.json",
            None,
            Expect::Error("invalid_json", "receipt"),
        ),
        case(
            "input-not-a-project",
            "an application without its amounts: an error (missing_field)",
            RECEIPT,
            Some("not-a-project.json"),
            Expect::Error("missing_field", "fixed_asset_investment"),
        ),
    ]
}

/// Every file of the fixture folder but the expected outputs, by path.
fn documents() -> BTreeMap<&'static str, String> {
    let revised = Rulebook::from_toml_str(&revised_toml()).unwrap();
    let log = log(&revised);
    let signer = SignerKey::from_seed(KEY_NAME, SEED).unwrap();
    let other = SignerKey::from_seed(KEY_NAME, [8; 32]).unwrap();
    let public = signer.verifier().to_string();
    let key_b64 = public.splitn(3, '+').nth(2).unwrap();
    let receipt = log.receipt(SEQ);
    let answer = log.answer(SEQ);
    let indented =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(&answer).unwrap()).unwrap();
    let edit = |change: &dyn Fn(&mut Receipt)| {
        let mut r = receipt.clone();
        change(&mut r);
        r.to_canonical_json() + "\n"
    };
    let report_edited = {
        let report = &log.rows[usize::try_from(SEQ - 1).unwrap()].1;
        let at = answer.find(report.as_str()).unwrap();
        let flip = at + report.find("\"eligible\":true").unwrap();
        format!(
            "{}\"eligible\":false{}",
            &answer[..flip],
            &answer[flip + "\"eligible\":true".len()..]
        )
    };
    let mut files = BTreeMap::new();
    files.insert("public.key", format!("{public}\n"));
    files.insert("other.key", format!("{}\n", other.verifier()));
    files.insert("malformed.key", format!("{KEY_NAME}+00000000+{key_b64}\n"));
    files.insert("input.json", INPUT.to_owned());
    files.insert("other-input.json", OTHER_INPUT.to_owned());
    files.insert("not-a-project.json", NOT_A_PROJECT.to_owned());
    files.insert("revised-input.json", REVISED_INPUT.to_owned());
    files.insert("receipt.json", receipt.to_canonical_json() + "\n");
    files.insert("answer.json", format!("{answer}\n"));
    files.insert("answer-indented.json", format!("{indented}\n"));
    files.insert(
        "revised-answer.json",
        format!("{}\n", log.answer(REVISED_SEQ)),
    );
    let whole = receipt.to_canonical_json();
    files.insert(
        "not-a-receipt.json",
        format!("{}\n", &whole[..whole.find("\"inclusion_proof\"").unwrap()]),
    );
    files.insert(
        "edited/eligible-flipped.json",
        edit(&|r| r.entry.eligible = r.entry.eligible.map(|e| !e)),
    );
    files.insert(
        "edited/proof-hash-altered.json",
        edit(&|r| {
            let hash = &mut r.inclusion_proof[1];
            let first = if hash.starts_with('A') { "B" } else { "A" };
            hash.replace_range(..1, first);
        }),
    );
    files.insert(
        "edited/checkpoint-size-changed.json",
        edit(&|r| {
            r.checkpoint = r.checkpoint.replacen(
                &format!("\n{LOG_SIZE}\n"),
                &format!("\n{}\n", LOG_SIZE + 1),
                1,
            );
        }),
    );
    files.insert(
        "edited/leaf-index-changed.json",
        edit(&|r| r.leaf_index -= 1),
    );
    files.insert(
        "edited/format-changed.json",
        edit(&|r| r.format = "shenfu-receipt/2".to_owned()),
    );
    files.insert("edited/report-edited.json", format!("{report_edited}\n"));
    let sealed_id = &log.rows[usize::try_from(SEQ - 1).unwrap()].0.decision_id;
    files.insert(
        "edited/answer-edited.json",
        format!(
            "{}\n",
            answer.replacen(
                &format!("{{\"decision_id\":\"{sealed_id}\""),
                &format!(
                    "{{\"decision_id\":\"{}6\"",
                    &sealed_id[..sealed_id.len() - 1]
                ),
                1
            )
        ),
    );
    files
}

fn cases_json(cases: &[Case]) -> String {
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            let mut item = json!({
                "name": c.name,
                "what": c.what,
                "document": c.document,
                "public_key": c.public_key,
                "input": c.input,
                "rulebooks": c.rulebooks,
                "expected": format!("expected/{}.json", c.name),
            });
            let (verified, failed, error) = match &c.expect {
                Expect::Verified(_) => (json!(true), json!([]), Value::Null),
                Expect::Fails(codes) => (json!(false), json!(codes), Value::Null),
                Expect::Error(code, field) => (
                    Value::Null,
                    Value::Null,
                    json!({"code": code, "field": field}),
                ),
            };
            item["verified"] = verified;
            item["failed"] = failed;
            item["error"] = error;
            item
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap() + "\n"
}

/// A case run the way every surface runs it: the files' text in, the canonical bytes out.
fn run(case: &Case, files: &BTreeMap<&'static str, String>) -> String {
    let read = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| std::fs::read_to_string(path_of(name)).unwrap())
    };
    let books: Vec<Rulebook> = case
        .rulebooks
        .iter()
        .map(|path| Rulebook::from_toml_str(&read(path)).unwrap())
        .collect();
    let mut refs: Vec<&Rulebook> = books.iter().collect();
    refs.push(Rulebook::embedded());
    let input = case.input.map(read);
    let verified = receipt::verify_with_key_text(
        &read(case.document),
        &read(case.public_key),
        input.as_deref(),
        &refs,
    );
    match verified {
        Ok(v) => v.to_canonical_json(),
        Err(e) => e.to_canonical_json(),
    }
}

fn check_expectation(case: &Case, output: &str) {
    let got: Value = serde_json::from_str(output).unwrap();
    let name = case.name;
    let codes = |ok: bool| -> Vec<String> {
        got["checks"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no checks in {output}"))
            .iter()
            .filter(|c| c["ok"] == ok)
            .map(|c| c["code"].as_str().unwrap().to_owned())
            .collect()
    };
    match &case.expect {
        Expect::Verified(made) => {
            assert_eq!(got["verified"], true, "{name}: {output}");
            assert_eq!(codes(true), *made, "{name}: the checks made");
            assert!(codes(false).is_empty(), "{name}: {output}");
        }
        Expect::Fails(failing) => {
            assert_eq!(got["verified"], false, "{name}: {output}");
            assert_eq!(codes(false), *failing, "{name}: the checks that fail");
        }
        Expect::Error(code, field) => {
            assert_eq!(got["error"]["code"], *code, "{name}: {output}");
            assert_eq!(got["error"]["field"], *field, "{name}: {output}");
        }
    }
    if got.get("error").is_none() {
        // The row the receipts are for, as the log numbers it.
        let seq = if case.document.starts_with("revised") {
            REVISED_SEQ
        } else {
            SEQ
        };
        assert_eq!(
            got["decision_id"],
            format!("019ae0c4-6a00-7c00-8a00-{seq:012}"),
            "{name}"
        );
    }
}

#[test]
fn the_receipt_fixtures_are_current_and_every_case_gives_its_hand_written_outcome() {
    let bless = std::env::var_os("SHENFU_BLESS").is_some();
    let cases = cases();
    let mut files = documents();
    files.insert("cases.json", cases_json(&cases));
    let mut outputs = BTreeMap::new();
    for case in &cases {
        let output = run(case, &files);
        check_expectation(case, &output);
        outputs.insert(
            format!("expected/{}.json", case.name),
            format!("{output}\n"),
        );
    }
    let all = files
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .chain(outputs);
    let mut stale = Vec::new();
    for (name, text) in all {
        let path = path_of(&name);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != text {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "fixtures/receipts is stale (SHENFU_BLESS=1 cargo test -p shenfu-rules --test receipts rewrites it): {stale:?}"
    );
}

/// What the fixtures rest on: the test log is the service's — its receipts verify with the key
/// parsed as the CLI parses it, the same as with its text — and the revised plan's decision
/// really differs from the embedded plan's (so the `rulebook` check is not vacuous).
#[test]
fn the_fixture_log_is_what_the_service_would_keep() {
    let revised = Rulebook::from_toml_str(&revised_toml()).unwrap();
    let log = log(&revised);
    let key = SignerKey::from_seed(KEY_NAME, SEED).unwrap().verifier();
    for seq in [SEQ, REVISED_SEQ] {
        let answer = log.answer(seq);
        let by_key = receipt::verify(&answer, &key, None, &[]).unwrap();
        let by_text = receipt::verify_with_key_text(&answer, &key.to_string(), None, &[]).unwrap();
        assert!(by_key.verified, "{by_key:?}");
        assert_eq!(by_key, by_text);
        assert_eq!(by_key.tree_size, Some(LOG_SIZE));
        assert_eq!(by_key.origin.as_deref(), Some(KEY_NAME));
    }
    let (entry, _) = &log.rows[usize::try_from(REVISED_SEQ - 1).unwrap()];
    assert_eq!(entry.rulebook_sha256, revised.sha256());
    let project = Project::from_json_str(REVISED_INPUT).unwrap();
    let embedded = Rulebook::embedded()
        .decide(&project, Options { year: Some(2027) })
        .unwrap();
    assert!(
        embedded == shenfu_rules::Verdict::Eligible && entry.eligible == Some(false),
        "the revision moves this decision"
    );
    // The chain links row to row from the genesis hash.
    let mut prev = GENESIS_HASH;
    for (entry, _) in &log.rows {
        assert_eq!(entry.prev_hash, prev);
        assert_eq!(entry.compute_row_hash(), entry.row_hash);
        prev = &entry.row_hash;
    }
}
