//! Receipt verification per second, native: a receipt from a log of 1,000,000 decisions (a
//! 20-hash inclusion proof), verified as a court's clerk would — signature and inclusion, then
//! also the application recomputed — beside the floor of the same work, the checkpoint's bare
//! Ed25519 signature check (`note::open`), in the same run.
//!
//! Run: `cargo bench -p shenfu-rules-benches --bench receipts`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shenfu_rules::audit::{LogEntry, row_leaf};
use shenfu_rules::canonical::sha256_hex;
use shenfu_rules::transparency::checkpoint::Checkpoint;
use shenfu_rules::transparency::merkle::{Tree, leaf_hash};
use shenfu_rules::transparency::note::{SignerKey, open};
use shenfu_rules::transparency::receipt::{Receipt, verify};
use shenfu_rules::{Options, Project, Rulebook};
use std::hint::black_box;

const LOG_SIZE: u64 = 1_000_000;

const INPUT: &str = r#"{"id": "P-001", "industry": "数字经济",
    "fixed_asset_investment": {"value": "24000", "unit": "万元"},
    "land_area": {"value": "60", "unit": "亩"},
    "annual_tax": {"value": "3000", "unit": "万元"}}"#;

/// A receipt for a decision at row 777,777 of a log of a million rows, and the log's key.
fn receipt() -> (String, shenfu_rules::transparency::note::VerifierKey) {
    let book = Rulebook::embedded();
    let project = Project::from_json_str(INPUT).unwrap_or_else(|e| panic!("{e}"));
    let mut report = String::new();
    let verdict = book
        .write_assessment(&project, Options::default(), &mut report)
        .unwrap_or_else(|e| panic!("{e}"));
    let seq = 777_777;
    let entry = LogEntry {
        seq,
        decision_id: "01a244db-00f4-771e-8626-58659f1eaf23".into(),
        received_at: "2026-12-05T08:00:00.000000Z".into(),
        requester: "approvals".into(),
        prev_hash: "00".repeat(32),
        ..LogEntry::decided(book, &project, None, verdict, report.clone())
    };
    let report_sha256 = sha256_hex(report.as_bytes());
    let seal = entry.seal_with(&report_sha256).into_owned();
    let mut tree = Tree::new();
    for i in 0..LOG_SIZE {
        tree.push(if i + 1 == seq {
            row_leaf(&seal.row_hash())
        } else {
            leaf_hash(&i.to_be_bytes())
        });
    }
    let signer =
        SignerKey::from_seed("bench.example/decisions", [3; 32]).unwrap_or_else(|e| panic!("{e}"));
    let checkpoint = Checkpoint {
        origin: signer.name().to_owned(),
        size: LOG_SIZE,
        root: tree.root(LOG_SIZE).unwrap_or_else(|| panic!("no root")),
        extensions: Vec::new(),
    };
    let note = signer
        .sign(&checkpoint.to_text())
        .unwrap_or_else(|e| panic!("{e}"));
    let proof = tree
        .inclusion_proof(seq - 1, LOG_SIZE)
        .unwrap_or_else(|| panic!("no proof"));
    // The answer as the service writes it: its id and time are the sealed ones (checked).
    let answer = format!(
        "{{\"decision_id\":\"{}\",\"received_at\":\"{}\",\"report\":{report},\"receipt\":{}}}",
        entry.decision_id,
        entry.received_at,
        Receipt::new(seq - 1, seal, &proof, note).to_canonical_json()
    );
    (answer, signer.verifier())
}

fn bench(c: &mut Criterion) {
    let (answer, key) = receipt();
    let book = Rulebook::embedded();
    let receipt_only: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
    let receipt_only = receipt_only["receipt"].to_string();
    let note = receipt_only
        .split("\"checkpoint\":")
        .nth(1)
        .and_then(|s| serde_json::from_str::<String>(s.trim_end_matches('}')).ok())
        .unwrap_or_default();
    assert!(verify(&answer, &key, Some(INPUT), &[book]).is_ok_and(|v| v.verified));
    assert!(open(&note, &key).is_ok());
    let mut group = c.benchmark_group("receipt verification");
    group.throughput(Throughput::Elements(1));
    group.bench_function(
        "floor: the checkpoint's Ed25519 signature (note::open)",
        |b| b.iter(|| open(black_box(&note), &key).is_ok()),
    );
    group.bench_function("receipt: signature + inclusion (1M-row log)", |b| {
        b.iter(|| verify(black_box(&receipt_only), &key, None, &[book]).map(|v| v.verified))
    });
    group.bench_function("answer: + the report's hash", |b| {
        b.iter(|| verify(black_box(&answer), &key, None, &[book]).map(|v| v.verified))
    });
    group.bench_function("answer + input: + the decision recomputed", |b| {
        b.iter(|| verify(black_box(&answer), &key, Some(INPUT), &[book]).map(|v| v.verified))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
