//! The databases the log tests run on, shared by the service's tests (`server/tests`) and the
//! CLI's (`cli/tests/service.rs`, through `#[path]`): a fresh SQLite file under
//! `target/test-logs`, or a fresh database on the PostgreSQL that `scripts/test-all` starts
//! (`SHENFU_TEST_POSTGRES`, e.g. `postgres://postgres@127.0.0.1:54329`).
#![allow(dead_code)]

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// The databases every log test runs on: SQLite always; PostgreSQL when the test command
/// started one. `SHENFU_REQUIRE_POSTGRES=1` (set by `scripts/test-all`) makes its absence a
/// failure, so CI can never skip it silently.
pub fn backends() -> Vec<&'static str> {
    let mut all = vec!["sqlite"];
    if std::env::var("SHENFU_TEST_POSTGRES").is_ok() {
        all.push("postgres");
    } else {
        assert!(
            std::env::var("SHENFU_REQUIRE_POSTGRES").is_err(),
            "SHENFU_REQUIRE_POSTGRES is set but SHENFU_TEST_POSTGRES is not"
        );
        eprintln!("note: SHENFU_TEST_POSTGRES unset: PostgreSQL runs skipped");
    }
    all
}

/// A fresh, empty log of `backend`: its URL.
pub async fn fresh_database(backend: &str) -> String {
    match backend {
        "sqlite" => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-logs");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{}.db", unique("log")));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            format!("sqlite://{}", path.display())
        }
        _ => {
            let base = std::env::var("SHENFU_TEST_POSTGRES").unwrap();
            let name = unique("shenfu_test");
            let admin = sqlx_admin(&base).await;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin)
                .await
                .unwrap();
            format!("{base}/{name}")
        }
    }
}

async fn sqlx_admin(base: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&format!("{base}/postgres"))
        .await
        .unwrap()
}
