//! Defensible decisions, end to end on every backend: a log signed by `shenfu serve
//! --signing-key`, receipts checked offline by `shenfu receipt verify`, and each tampering a
//! database writer can do — a consistently rewritten chain with a forged verdict, a cut tail,
//! a deleted log — passing the chain alone but caught against a checkpoint held outside.
#![cfg(test)]

mod common;

use common::{
    assess_many, backends, fresh_database, get, runtime, scratch, serve, shenfu, stop, try_serve,
};
use serde_json::Value;
use shenfu_rules::audit::LogEntry;
use shenfu_rules::transparency::checkpoint::Checkpoint;
use shenfu_rules::transparency::hash_from_base64;
use shenfu_rules::transparency::merkle::verify_consistency;
use shenfu_rules::transparency::note::{VerifierKey, open};
use shenfu_rules::{Options, Project, Rulebook};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static LOGS: AtomicU32 = AtomicU32::new(0);

/// A log signed with a fresh key, `n` decisions in it, and its checkpoint kept outside.
struct SignedLog {
    dir: PathBuf,
    database: String,
    key: String,
    public: String,
    answers: Vec<String>,
    outside: String,
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

fn keys(dir: &Path) -> (String, String) {
    let key = path(&dir.join("log.key"));
    let out = shenfu(&[
        "keys",
        "generate",
        "--name",
        "shenfu-test.example/decisions",
        "--out",
        &key,
    ]);
    assert!(out.status.success(), "{out:?}");
    (key.clone(), format!("{key}.pub"))
}

fn signed_log(backend: &str, n: usize) -> SignedLog {
    let dir = scratch(&format!(
        "signed-{backend}-{}",
        LOGS.fetch_add(1, Ordering::SeqCst)
    ));
    let (key, public) = keys(&dir);
    let database = fresh_database(backend);
    let (server, base) = serve(&database, &["--signing-key", &key]);
    // One client: application i is row i + 1.
    let answers = assess_many(&base, 0, n, 1);
    let (status, body) = get(&base, "/v1/checkpoint");
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["tree_size"], n as u64);
    let outside = path(&dir.join("outside.checkpoint"));
    std::fs::write(&outside, body["checkpoint"].as_str().unwrap()).unwrap();
    stop(server);
    SignedLog {
        dir,
        database,
        key,
        public,
        answers,
        outside,
    }
}

fn verify_log(log: &SignedLog, outside: bool) -> (Option<i32>, Value) {
    let mut args = vec![
        "decisions",
        "verify",
        "--database",
        &log.database,
        "--format",
        "json",
    ];
    if outside {
        args.extend([
            "--public-key",
            &log.public,
            "--expect-checkpoint",
            &log.outside,
        ]);
    }
    let out = shenfu(&args);
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

fn codes(result: &Value) -> Vec<String> {
    result["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn pool(database: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(database).await.unwrap()
}

fn sql(database: &str, statements: &[&str]) {
    runtime().block_on(async {
        let pool = pool(database).await;
        for statement in statements {
            sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
                .execute(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    });
}

fn receipt_verify(
    answer: &str,
    public: &str,
    input: Option<&str>,
    extra: &[&str],
) -> (Option<i32>, Value) {
    let mut args = vec![
        "receipt",
        "verify",
        answer,
        "--public-key",
        public,
        "--format",
        "json",
    ];
    if let Some(input) = input {
        args.extend(["--input", input]);
    }
    args.extend_from_slice(extra);
    let out = shenfu(&args);
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

fn failed(result: &Value) -> Vec<String> {
    result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn receipts_verify_offline_and_an_edited_byte_is_refused() {
    for backend in backends() {
        let log = signed_log(backend, 6);
        for i in [2, 3] {
            let answer = path(&log.dir.join(format!("answer-{i}.json")));
            let input = path(&log.dir.join(format!("input-{i}.json")));
            std::fs::write(&answer, &log.answers[i]).unwrap();
            std::fs::write(&input, common::project(i)).unwrap();
            let (code, result) = receipt_verify(&answer, &log.public, Some(&input), &[]);
            assert_eq!(code, Some(0), "{backend}: {result}");
            assert_eq!(result["eligible"], i % 2 == 0);
            let checked: Vec<&str> = result["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["code"].as_str().unwrap())
                .collect();
            assert_eq!(
                checked,
                [
                    "format",
                    "signature",
                    "checkpoint",
                    "leaf_index",
                    "inclusion",
                    "answer",
                    "report",
                    "input",
                    "rulebook",
                    "recomputed"
                ]
            );
            // Another application than the one decided.
            let other = path(&log.dir.join("other.json"));
            std::fs::write(&other, common::project(i + 2)).unwrap();
            let (code, result) = receipt_verify(&answer, &log.public, Some(&other), &[]);
            assert_eq!(
                (code, failed(&result)),
                (Some(1), vec!["input".to_owned()]),
                "{result}"
            );
        }
        // One byte edited anywhere that matters: refused, naming what failed.
        let answer = &log.answers[3];
        let edits: [(&str, &str, &str); 6] = [
            (
                "\"eligible\":false,\"input_sha256\"",
                "\"eligible\":true,\"input_sha256\"",
                "inclusion",
            ),
            ("\"leaf_index\":3", "\"leaf_index\":2", "leaf_index"),
            ("\"value\":\"283.", "\"value\":\"293.", "report"),
            // Another decision's id at the top of the answer.
            ("{\"decision_id\":\"", "{\"decision_id\":\"0", "answer"),
            // A first `eligible` that a reader taking the first key would see.
            (
                "\"eligible\":false,\"verdict\"",
                "\"eligible\":true,\"eligible\":false,\"verdict\"",
                "report",
            ),
            (
                "\"checkpoint\":\"shenfu-test.example/decisions\\n",
                "\"checkpoint\":\"shenfu-test.example/decisionz\\n",
                "signature",
            ),
        ];
        for (from, to, what) in edits {
            assert!(answer.contains(from), "{from} not in {answer}");
            let edited = path(&log.dir.join("edited.json"));
            std::fs::write(&edited, answer.replacen(from, to, 1)).unwrap();
            let (code, result) = receipt_verify(&edited, &log.public, None, &[]);
            assert_eq!(code, Some(1), "{backend}: {what}: {result}");
            assert!(
                failed(&result).contains(&what.to_owned()),
                "{backend}: {what}: {result}"
            );
        }
        // Another key.
        let other_dir = scratch(&format!("other-key-{backend}"));
        let (_, other_public) = keys(&other_dir);
        let answer_file = path(&log.dir.join("answer-3.json"));
        let (code, result) = receipt_verify(&answer_file, &other_public, None, &[]);
        assert_eq!(
            (code, failed(&result)),
            (Some(1), vec!["signature".to_owned()]),
            "{result}"
        );
        // Not a receipt: exit 2, the canonical error on stderr.
        let out = shenfu(&[
            "receipt",
            "verify",
            &log.public,
            "--public-key",
            &log.public,
            "--format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(2));
        // A fresh receipt from the service, against a later checkpoint, verifies too.
        let (server, base) = serve(&log.database, &["--signing-key", &log.key]);
        assess_many(&base, 100, 5, 2);
        let id = serde_json::from_str::<Value>(&log.answers[3]).unwrap()["decision_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, fresh) = get(&base, &format!("/v1/decisions/{id}/receipt"));
        assert_eq!(status, 200, "{fresh}");
        stop(server);
        let fresh_file = path(&log.dir.join("fresh.json"));
        std::fs::write(&fresh_file, &fresh).unwrap();
        let (code, result) = receipt_verify(
            &fresh_file,
            &log.public,
            Some(&path(&log.dir.join("input-3.json"))),
            &[],
        );
        assert_eq!(code, Some(0), "{result}");
        assert_eq!(result["tree_size"], 11);
    }
}

/// Row `seq`'s input replaced by `project` and its report recomputed, every hash from there on
/// resealed and the head moved: what a database writer who read the code would do.
fn rewrite_consistently(database: &str, seq: u64, project: &str) {
    let rows: Vec<LogEntry> = runtime().block_on(async {
        let log = shenfu_server::log::DecisionLog::open_for_reading(database)
            .await
            .unwrap();
        log.list(&shenfu_server::log::Filter {
            limit: 10_000,
            ..Default::default()
        })
        .await
        .unwrap()
    });
    let book = Rulebook::embedded();
    let project = Project::from_json_str(project).unwrap();
    let mut rows = rows;
    let at = usize::try_from(seq - 1).unwrap();
    let mut report = String::new();
    rows[at].eligible = book
        .write_assessment(&project, Options::default(), &mut report)
        .unwrap()
        .eligible();
    rows[at].report = report;
    rows[at].input = project.to_canonical_json();
    rows[at].input_sha256 = project.input_sha256();
    for i in at..rows.len() {
        if i > 0 {
            rows[i].prev_hash = rows[i - 1].row_hash.clone();
        }
        rows[i].seal();
    }
    runtime().block_on(async {
        let pool = pool(database).await;
        for row in &rows[at..] {
            sqlx::query("UPDATE decisions SET input = $1, input_sha256 = $2, report = $3, eligible = $4, prev_hash = $5, row_hash = $6 WHERE seq = $7")
                .bind(row.input.clone())
                .bind(row.input_sha256.clone())
                .bind(row.report.clone())
                .bind(row.eligible.map(i64::from))
                .bind(row.prev_hash.clone())
                .bind(row.row_hash.clone())
                .bind(i64::try_from(row.seq).unwrap())
                .execute(&pool)
                .await
                .unwrap();
        }
        let last = rows.last().unwrap();
        sqlx::query("UPDATE log_head SET hash = $1 WHERE id = 1").bind(last.row_hash.clone()).execute(&pool).await.unwrap();
        pool.close().await;
    });
}

#[test]
fn every_tampering_passes_the_chain_alone_and_is_caught_against_an_outside_checkpoint() {
    for backend in backends() {
        // A forged verdict: row 9 (not eligible) becomes another, eligible application.
        let log = signed_log(backend, 24);
        assert_eq!(
            serde_json::from_str::<Value>(&log.answers[8]).unwrap()["report"]["eligible"],
            true
        );
        let row_10_before: Value = serde_json::from_str(&log.answers[9]).unwrap();
        assert_eq!(row_10_before["report"]["eligible"], false);
        rewrite_consistently(&log.database, 10, &common::project(40));
        sql(&log.database, &["DELETE FROM log_checkpoint"]);
        let (code, result) = verify_log(&log, false);
        assert_eq!(
            code,
            Some(0),
            "{backend}: the chain alone should not see it: {result}"
        );
        let (code, result) = verify_log(&log, true);
        assert_eq!(
            (code, codes(&result)),
            (
                Some(1),
                vec!["unsigned_rows".to_owned(), "checkpoint_mismatch".to_owned()]
            ),
            "{backend}: {result}"
        );
        // The service refuses such a log while it still holds its own signed checkpoint.
        let log = signed_log(backend, 24);
        rewrite_consistently(&log.database, 10, &common::project(40));
        assert!(
            try_serve(&log.database, &["--signing-key", &log.key]).is_none(),
            "{backend}: started on a rewritten log"
        );
        let (code, result) = verify_log(&log, true);
        assert_eq!(code, Some(1));
        assert_eq!(
            codes(&result),
            ["checkpoint_mismatch", "checkpoint_mismatch"],
            "{backend}: {result}"
        );
        // The tail cut and the head moved back to row 20.
        let log = signed_log(backend, 24);
        let hash_20: String = runtime().block_on(async {
            let pool = pool(&log.database).await;
            let row = sqlx::query("SELECT row_hash FROM decisions WHERE seq = 20")
                .fetch_one(&pool)
                .await
                .unwrap();
            sqlx::Row::try_get(&row, "row_hash").unwrap()
        });
        sql(
            &log.database,
            &[
                "DELETE FROM decisions WHERE seq > 20",
                &format!("UPDATE log_head SET seq = 20, hash = '{hash_20}' WHERE id = 1"),
                "DELETE FROM log_checkpoint",
            ],
        );
        assert_eq!(verify_log(&log, false).0, Some(0));
        let (code, result) = verify_log(&log, true);
        assert_eq!(
            (code, codes(&result)),
            (
                Some(1),
                vec!["unsigned_rows".to_owned(), "checkpoint_ahead".to_owned()]
            ),
            "{backend}: {result}"
        );
        // Everything deleted.
        sql(
            &log.database,
            &[
                "DELETE FROM decisions",
                &format!(
                    "UPDATE log_head SET seq = 0, hash = '{}' WHERE id = 1",
                    shenfu_rules::audit::GENESIS_HASH
                ),
            ],
        );
        assert_eq!(verify_log(&log, false).0, Some(0));
        let (code, result) = verify_log(&log, true);
        assert_eq!(
            (code, codes(&result)),
            (Some(1), vec!["checkpoint_ahead".to_owned()]),
            "{backend}: {result}"
        );
    }
}

fn checkpoint(base: &str, key: &VerifierKey) -> Checkpoint {
    let (status, body) = get(base, "/v1/checkpoint");
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    Checkpoint::parse(open(body["checkpoint"].as_str().unwrap(), key).unwrap()).unwrap()
}

fn decode(hashes: &Value) -> Vec<[u8; 32]> {
    hashes
        .as_array()
        .unwrap()
        .iter()
        .map(|h| hash_from_base64(h.as_str().unwrap()).unwrap())
        .collect()
}

#[test]
fn ten_thousand_appends_and_a_restart_stay_consistent_and_witnessed() {
    for backend in backends() {
        let dir = scratch(&format!("consistency-{backend}"));
        let (key, public) = keys(&dir);
        let verifier = VerifierKey::parse(&std::fs::read_to_string(&public).unwrap()).unwrap();
        let database = fresh_database(backend);
        let witness = path(&dir.join("witness"));
        std::fs::create_dir(&witness).unwrap();
        let witness_run = || {
            let out = shenfu(&[
                "decisions",
                "verify",
                "--database",
                &database,
                "--public-key",
                &public,
                "--witness-dir",
                &witness,
                "--format",
                "json",
            ]);
            assert_eq!(out.status.code(), Some(0), "{out:?}");
        };
        let (server, base) = serve(&database, &["--signing-key", &key]);
        assess_many(&base, 0, 5_000, 32);
        let first = checkpoint(&base, &verifier);
        assert_eq!(first.size, 5_000);
        stop(server);
        witness_run();
        let (server, base) = serve(&database, &["--signing-key", &key]);
        assess_many(&base, 5_000, 5_000, 32);
        let (status, body) = get(
            &base,
            &format!("/v1/checkpoint/consistency?from={}", first.size),
        );
        assert_eq!(status, 200, "{body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        let latest = Checkpoint::parse(
            open(
                body["checkpoint"]["checkpoint"].as_str().unwrap(),
                &verifier,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!((body["from"].as_u64(), latest.size), (Some(5_000), 10_000));
        let proof = decode(&body["proof"]);
        assert!(verify_consistency(
            first.size,
            latest.size,
            &first.root,
            &latest.root,
            &proof
        ));
        // Any other old root is not consistent with it.
        let mut forged = first.root;
        forged[0] ^= 1;
        assert!(!verify_consistency(
            first.size,
            latest.size,
            &forged,
            &latest.root,
            &proof
        ));
        let (status, _) = get(&base, "/v1/checkpoint/consistency?from=10001");
        assert_eq!(status, 404);
        stop(server);
        witness_run();
        let kept = std::fs::read_dir(&witness).unwrap().count();
        assert_eq!(kept, 2, "{backend}: the witness keeps both checkpoints");
    }
}

#[test]
fn a_log_spanning_two_rulebooks_verifies_row_by_row() {
    for backend in backends() {
        let dir = scratch(&format!("revision-{backend}"));
        let (key, public) = keys(&dir);
        let database = fresh_database(backend);
        let (server, base) = serve(&database, &["--signing-key", &key]);
        let before = assess_many(&base, 0, 4, 2);
        stop(server);
        let revised = path(&dir.join("revised.toml"));
        let text =
            shenfu_rules::rulebook::SHENFU_TOML.replacen("version = \"", "version = \"revised-", 1);
        std::fs::write(&revised, &text).unwrap();
        let (server, base) = serve(&database, &["--signing-key", &key, "--rulebook", &revised]);
        let after = assess_many(&base, 4, 4, 2);
        // The service recomputes an old decision under its own rulebook.
        let old_id = serde_json::from_str::<Value>(&before[0]).unwrap()["decision_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let verified: Value = runtime().block_on(async {
            let r = reqwest::Client::new()
                .post(format!("{base}/v1/decisions/{old_id}/verify"))
                .send()
                .await
                .unwrap();
            serde_json::from_str(&r.text().await.unwrap()).unwrap()
        });
        assert_eq!(verified["verified"], true, "{backend}: {verified}");
        assert_eq!(verified["in_signed_tree"], true, "{backend}: {verified}");
        assert_eq!(verified["receipt"]["entry"]["decision_id"], old_id.as_str());
        stop(server);
        // Both rulebooks are kept in the log: it verifies without being given either.
        let out = shenfu(&[
            "decisions",
            "verify",
            "--database",
            &database,
            "--public-key",
            &public,
            "--format",
            "json",
        ]);
        let result: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{backend}: {result}");
        assert_eq!(result["rows"], 8);
        // A receipt names its rulebook: recomputed when it is at hand, named when it is not.
        let answer = path(&dir.join("after.json"));
        let input = path(&dir.join("input.json"));
        std::fs::write(&answer, &after[0]).unwrap();
        std::fs::write(&input, common::project(4)).unwrap();
        let (code, result) = receipt_verify(&answer, &public, Some(&input), &[]);
        assert_eq!(
            (code, failed(&result)),
            (Some(1), vec!["rulebook".to_owned()]),
            "{result}"
        );
        let out = shenfu(&[
            "--rulebook",
            &revised,
            "receipt",
            "verify",
            &answer,
            "--public-key",
            &public,
            "--input",
            &input,
        ]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
}

/// A database writer who also deletes the stored checkpoint cannot get the service to sign a
/// forged history on its next start; an operator who adopts it anyway gets it signed — and the
/// witness, asking for a consistency proof from the checkpoint it kept, refuses it.
#[test]
fn a_witness_outside_catches_a_resigned_forgery() {
    for backend in backends() {
        let log = signed_log(backend, 24);
        let dir = path(&log.dir.join("witness"));
        std::fs::create_dir(&dir).unwrap();
        let witness = |base: &str| {
            let out = shenfu(&[
                "witness",
                "--server",
                base,
                "--public-key",
                &log.public,
                "--witness-dir",
                &dir,
                "--format",
                "json",
            ]);
            let result: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
            (out.status.code(), result)
        };
        let (server, base) = serve(&log.database, &["--signing-key", &log.key]);
        let (code, result) = witness(&base);
        assert_eq!(
            (code, result["code"].as_str()),
            (Some(0), Some("first")),
            "{result}"
        );
        assess_many(&base, 100, 3, 1);
        let (code, result) = witness(&base);
        assert_eq!(
            (code, result["code"].as_str()),
            (Some(0), Some("extended")),
            "{result}"
        );
        assert_eq!(
            (result["old_size"].as_u64(), result["new_size"].as_u64()),
            (Some(24), Some(27))
        );
        stop(server);
        rewrite_consistently(&log.database, 10, &common::project(40));
        sql(&log.database, &["DELETE FROM log_checkpoint"]);
        // The service will not sign over rows no checkpoint of its key covers…
        assert!(try_serve(&log.database, &["--signing-key", &log.key]).is_none());
        // …unless its operator adopts the log without verifying it first.
        let (server, base) = serve(
            &log.database,
            &["--signing-key", &log.key, "--adopt-unsigned-log"],
        );
        assess_many(&base, 200, 1, 1);
        let (code, result) = witness(&base);
        assert_eq!(
            (code, result["code"].as_str()),
            (Some(1), Some("forked")),
            "{backend}: {result}"
        );
        stop(server);
        // The forged checkpoint is kept as evidence, beside the good ones.
        let kept: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            kept.iter().any(|f| f.ends_with("28.inconsistent")),
            "{kept:?}"
        );
        assert_eq!(
            kept.iter().filter(|f| f.ends_with(".checkpoint")).count(),
            2
        );
    }
}

/// A row appended behind the running service's back (forged, correctly chained, the head moved):
/// the service refuses to sign over it — the next decision is not logged, the signed checkpoint
/// stays where it was — and `decisions verify` names the rows no signed checkpoint covers.
#[test]
fn a_row_appended_outside_the_service_is_never_signed() {
    for backend in backends() {
        let log = signed_log(backend, 6);
        let (server, base) = serve(&log.database, &["--signing-key", &log.key]);
        let rows: Vec<LogEntry> = runtime().block_on(async {
            let log = shenfu_server::log::DecisionLog::open_for_reading(&log.database)
                .await
                .unwrap();
            log.list(&shenfu_server::log::Filter {
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap()
        });
        let mut forged = rows[5].clone();
        forged.seq = 7;
        forged.decision_id = "01a24500-0000-7000-8000-000000000007".into();
        forged.requester = "approval-bureau".into();
        forged.prev_hash = rows[5].row_hash.clone();
        forged.seal();
        runtime().block_on(async {
            let pool = pool(&log.database).await;
            sqlx::query("INSERT INTO decisions (seq, decision_id, received_at, requester, idempotency_key, year, subject_id, eligible, input, input_sha256, report, rulebook_id, rulebook_version, rulebook_sha256, engine_version, prev_hash, row_hash) VALUES ($1, $2, $3, $4, NULL, NULL, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                .bind(7i64)
                .bind(forged.decision_id.clone())
                .bind(forged.received_at.clone())
                .bind(forged.requester.clone())
                .bind(forged.subject_id.clone())
                .bind(forged.eligible.map(i64::from))
                .bind(forged.input.clone())
                .bind(forged.input_sha256.clone())
                .bind(forged.report.clone())
                .bind(forged.rulebook_id.clone())
                .bind(forged.rulebook_version.clone())
                .bind(forged.rulebook_sha256.clone())
                .bind(forged.engine_version.clone())
                .bind(forged.prev_hash.clone())
                .bind(forged.row_hash.clone())
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query("UPDATE log_head SET seq = 7, hash = $1 WHERE id = 1")
                .bind(forged.row_hash.clone())
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        });
        let refused = runtime().block_on(async {
            reqwest::Client::new()
                .post(format!("{base}/v1/assess"))
                .header("content-type", "application/json")
                .body(common::project(50))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
        assert_eq!(refused, 503, "{backend}");
        let (_, body) = get(&base, "/v1/checkpoint");
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["tree_size"], 6, "{backend}: {body}");
        let (status, _) = get(
            &base,
            &format!("/v1/decisions/{}/receipt", forged.decision_id),
        );
        assert_eq!(status, 404, "{backend}");
        stop(server);
        assert!(try_serve(&log.database, &["--signing-key", &log.key]).is_none());
        let out = shenfu(&[
            "decisions",
            "verify",
            "--database",
            &log.database,
            "--public-key",
            &log.public,
            "--format",
            "json",
        ]);
        let result: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{backend}: {result}");
        assert_eq!(codes(&result), ["unsigned_rows"], "{backend}: {result}");
    }
}

/// Receipts asked for by many clients at once never starve the writer: they take the tree
/// before a database connection, as the writer does, so no pool deadlock holds decisions up.
#[test]
fn receipt_readers_never_stall_the_writer() {
    let log = signed_log("sqlite", 2);
    let (server, base) = serve(&log.database, &["--signing-key", &log.key]);
    let id = serde_json::from_str::<Value>(&log.answers[0]).unwrap()["decision_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = std::time::Instant::now();
    let statuses = runtime().block_on(async {
        let client = reqwest::Client::new();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let readers: Vec<_> = (0..16)
            .map(|_| {
                let (client, base, id, stop) =
                    (client.clone(), base.clone(), id.clone(), stop.clone());
                tokio::spawn(async move {
                    while !stop.load(Ordering::SeqCst) {
                        let r = client
                            .get(format!("{base}/v1/decisions/{id}/receipt"))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(r.status(), 200);
                    }
                })
            })
            .collect();
        let writes = tokio::task::spawn_blocking({
            let base = base.clone();
            move || assess_many(&base, 1000, 100, 2)
        });
        let written = writes.await.unwrap();
        stop.store(true, Ordering::SeqCst);
        for reader in readers {
            reader.await.unwrap();
        }
        written.len()
    });
    stop(server);
    assert_eq!(statuses, 100);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(9),
        "{:?}",
        started.elapsed()
    );
}

/// The shared receipt fixtures (`fixtures/receipts/cases.json`, made by the core and passed byte
/// for byte by Python, Node and Chromium) through `shenfu receipt verify --format json`: the
/// same verification bytes on stdout (exit 0 when verified, 1 otherwise), or the canonical
/// error on stderr (exit 2). A malformed key is a failing signature check here too.
#[test]
fn every_receipt_fixture_gives_the_cores_bytes_through_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/receipts");
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 19);
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let mut args = vec![
            "receipt".to_owned(),
            "verify".to_owned(),
            at(case["document"].as_str().unwrap()),
            "--public-key".to_owned(),
            at(case["public_key"].as_str().unwrap()),
            "--format".to_owned(),
            "json".to_owned(),
        ];
        if let Some(input) = case["input"].as_str() {
            args.extend(["--input".to_owned(), at(input)]);
        }
        for rulebook in case["rulebooks"].as_array().unwrap() {
            args.extend(["--rulebook".to_owned(), at(rulebook.as_str().unwrap())]);
        }
        let out = shenfu(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let expected = std::fs::read_to_string(at(case["expected"].as_str().unwrap())).unwrap();
        if case["error"].is_null() {
            let verified = case["verified"].as_bool().unwrap();
            assert_eq!(
                out.status.code(),
                Some(if verified { 0 } else { 1 }),
                "{name}"
            );
            assert_eq!(
                String::from_utf8(out.stdout).unwrap().trim_end(),
                expected.trim_end(),
                "{name}"
            );
        } else {
            assert_eq!(out.status.code(), Some(2), "{name}");
            assert!(out.stdout.is_empty(), "{name}");
            assert_eq!(
                String::from_utf8(out.stderr).unwrap().trim_end(),
                expected.trim_end(),
                "{name}"
            );
        }
    }
}
