//! The third verdict in the log (issue 24): a project the admission conditions do not cover is
//! stored with `eligible` NULL, and a log made before — whose `eligible` column was NOT NULL —
//! is migrated when opened, its rows unchanged and still verifying.
#![cfg(test)]

mod common;

use common::{backends, fresh_database};
use shenfu_rules::audit::{ChainChecker, LogEntry};
use shenfu_rules::{Options, Project, Rulebook, Verdict};
use shenfu_server::log::{Appended, DecisionLog, Filter, NewDecision};

/// 24000 万元 and 3000 万元 on 60 亩: 400 and 50 万元/亩, above both conditions.
fn project(id: &str, introduced: bool) -> Project {
    Project::from_json_str(&format!(
        r#"{{"id": "{id}", "industry": "数字经济", "introduced": {introduced},
        "fixed_asset_investment": {{"value": "24000", "unit": "万元"}},
        "land_area": {{"value": "60", "unit": "亩"}},
        "annual_tax": {{"value": "3000", "unit": "万元"}}}}"#
    ))
    .unwrap()
}

/// A decision as the service logs it.
fn decision(project: &Project, n: u32) -> (NewDecision, Verdict) {
    let book = Rulebook::embedded();
    let mut report = String::new();
    let verdict = book
        .write_assessment(project, Options::default(), &mut report)
        .unwrap();
    let entry = LogEntry {
        decision_id: format!("019ae0c4-6a00-7c00-8a00-{n:012}"),
        received_at: "2026-12-05T08:00:00.000000Z".to_owned(),
        requester: "anonymous".to_owned(),
        ..LogEntry::decided(book, project, None, verdict, report)
    };
    (NewDecision::new(entry), verdict)
}

async fn append(log: &DecisionLog, decision: NewDecision) {
    assert!(matches!(
        log.append(decision).await.unwrap(),
        Appended::Logged { .. }
    ));
}

/// Make a fresh log look like one kept before the third verdict: `eligible` NOT NULL.
async fn as_before(url: &str, backend: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let statements: &[&str] = if backend == "sqlite" {
        &[
            // SQLite cannot add NOT NULL in place: the table is made again, as it was.
            "ALTER TABLE decisions RENAME TO decisions_new",
            "CREATE TABLE decisions (seq BIGINT PRIMARY KEY, decision_id TEXT NOT NULL UNIQUE,
                received_at TEXT NOT NULL, requester TEXT NOT NULL, idempotency_key TEXT,
                year BIGINT, subject_id TEXT, eligible BIGINT NOT NULL, input TEXT NOT NULL,
                input_sha256 TEXT NOT NULL, report TEXT NOT NULL, rulebook_id TEXT NOT NULL,
                rulebook_version TEXT NOT NULL, rulebook_sha256 TEXT NOT NULL,
                engine_version TEXT NOT NULL, prev_hash TEXT NOT NULL, row_hash TEXT NOT NULL)",
            "INSERT INTO decisions SELECT * FROM decisions_new",
            "DROP TABLE decisions_new",
        ]
    } else {
        &["ALTER TABLE decisions ALTER COLUMN eligible SET NOT NULL"]
    };
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(*statement))
            .execute(&pool)
            .await
            .unwrap();
    }
    // The old constraint holds: a NULL verdict cannot be written into this table as it is.
    let refused = sqlx::query("UPDATE decisions SET eligible = NULL")
        .execute(&pool)
        .await;
    assert!(refused.is_err(), "{backend}: the old table refuses NULL");
    pool.close().await;
}

async fn verdicts_in(backend: &str) {
    let url = fresh_database(backend).await;
    let (eligible, verdict) = decision(&project("E-1", true), 1);
    assert_eq!(verdict, Verdict::Eligible);
    {
        let log = DecisionLog::open(&url, None).await.unwrap();
        append(&log, eligible).await;
    }
    as_before(&url, backend).await;
    // Opened again: migrated, the old row kept, a not-subject decision stored with NULL.
    let log = DecisionLog::open(&url, None).await.unwrap();
    let (not_subject, verdict) = decision(&project("N-2", false), 2);
    assert_eq!(verdict, Verdict::NotSubject);
    append(&log, not_subject).await;
    let rows = log
        .list(&Filter {
            limit: 10,
            ..Filter::default()
        })
        .await
        .unwrap();
    let got: Vec<(Option<&str>, Option<bool>)> = rows
        .iter()
        .map(|r| (r.subject_id.as_deref(), r.eligible))
        .collect();
    assert_eq!(
        got,
        [(Some("E-1"), Some(true)), (Some("N-2"), None)],
        "{backend}"
    );
    assert!(
        rows[1]
            .report
            .contains(r#""eligible":null,"verdict":"not_subject""#)
    );
    // Filtering by verdict: eligible and not eligible find neither side for the project
    // nothing was tested on; not_subject finds it alone.
    for (wanted, subjects) in [
        (Verdict::Eligible, vec!["E-1"]),
        (Verdict::NotEligible, vec![]),
        (Verdict::NotSubject, vec!["N-2"]),
    ] {
        let page = log
            .list(&Filter {
                verdict: Some(wanted),
                limit: 10,
                ..Filter::default()
            })
            .await
            .unwrap();
        let ids: Vec<_> = page
            .iter()
            .filter_map(|r| r.subject_id.as_deref())
            .collect();
        assert_eq!(ids, subjects, "{backend}: verdict={wanted:?}");
    }
    // Every row still recomputes to its report, and the chain links.
    let mut checker = ChainChecker::new(Rulebook::embedded());
    for row in &rows {
        checker.check(row);
    }
    let (seq, hash) = log.head().await.unwrap();
    let verification = checker.finish(seq, &hash);
    assert!(
        verification.intact,
        "{backend}: {:?}",
        verification.problems
    );
    assert_eq!(verification.rows, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_from_before_takes_a_not_subject_decision_and_still_verifies() {
    for backend in backends() {
        verdicts_in(backend).await;
    }
}

/// `GET /v1/decisions?verdict=…` lists each verdict, not_subject included, every row names its
/// verdict, and a bad or contradicting filter is refused naming `verdict`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listing_filters_and_names_every_verdict() {
    let db = fresh_database(backends()[0]).await;
    let server = common::Server::start(|c| c.database = Some(db.clone())).await;
    for (id, introduced) in [("E-1", true), ("N-2", false)] {
        let body = project(id, introduced).to_canonical_json();
        assert_eq!(server.post_json("/v1/assess", body).await.status(), 200);
    }
    let listed = |query: &'static str| {
        let server = &server;
        async move {
            let response = server.get(&format!("/v1/decisions{query}")).await;
            let status = response.status().as_u16();
            let body: serde_json::Value =
                serde_json::from_str(&response.text().await.unwrap()).unwrap();
            (status, body)
        }
    };
    for (query, subjects) in [
        ("?verdict=not_subject", vec!["N-2"]),
        ("?verdict=eligible", vec!["E-1"]),
        ("?verdict=not_eligible", vec![]),
        ("?eligible=true", vec!["E-1"]),
        ("", vec!["E-1", "N-2"]),
    ] {
        let (status, page) = listed(query).await;
        assert_eq!(status, 200, "{query}: {page}");
        let rows = page["decisions"].as_array().unwrap();
        let got: Vec<&str> = rows
            .iter()
            .map(|r| r["subject_id"].as_str().unwrap())
            .collect();
        assert_eq!(got, subjects, "{query}");
        for row in rows {
            let expected = if row["subject_id"] == "N-2" {
                "not_subject"
            } else {
                "eligible"
            };
            assert_eq!(row["verdict"], expected, "{query}: {row}");
        }
    }
    for query in ["?verdict=maybe", "?eligible=true&verdict=not_subject"] {
        let (status, body) = listed(query).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["error"]["code"], "invalid_type", "{query}: {body}");
        assert_eq!(body["error"]["field"], "verdict", "{query}: {body}");
    }
    server.stop().await;
}
