//! What the CLI's process tests share: `shenfu` run as a process, `shenfu serve` on a free port,
//! a fresh log on each backend.
#![allow(dead_code)]

#[path = "../../../server/tests/common/databases.rs"]
mod databases;

pub use databases::backends;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A fresh, empty log of `backend` (SQLite, or PostgreSQL when the test command started one).
pub fn fresh_database(backend: &str) -> String {
    runtime().block_on(databases::fresh_database(backend))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `shenfu serve` (with `extra` arguments) on a free loopback port, once it answers
/// `/health/ready`; `None` when the process exits first (it refused to start).
pub fn try_serve(database: &str, extra: &[&str]) -> Option<(Child, String)> {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut args = vec!["serve", "--listen", &listen, "--database", database];
    args.extend_from_slice(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_shenfu"))
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://{listen}");
    let ready = runtime().block_on(async {
        let client = reqwest::Client::new();
        for _ in 0..400 {
            if let Ok(r) = client.get(format!("{base}/health/ready")).send().await
                && r.status() == 200
            {
                return true;
            }
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        false
    });
    if ready {
        Some((child, base))
    } else {
        let _ = child.kill();
        let _ = child.wait();
        None
    }
}

/// `shenfu serve` that must start.
pub fn serve(database: &str, extra: &[&str]) -> (Child, String) {
    try_serve(database, extra)
        .unwrap_or_else(|| panic!("shenfu serve did not become ready on {database}"))
}

pub fn stop(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

pub fn shenfu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shenfu"))
        .args(args)
        .output()
        .unwrap()
}

/// Application `i`: even ones eligible (24000 万元 on 60 亩 is 400 万元/亩), odd ones not (283).
pub fn project(i: usize) -> String {
    let investment = if i.is_multiple_of(2) { 24000 } else { 17000 };
    format!(
        r#"{{"id": "C-{i}", "industry": "智能制造",
        "fixed_asset_investment": {{"value": "{investment}", "unit": "万元"}},
        "land_area": {{"value": "60", "unit": "亩"}},
        "annual_tax": {{"value": "3000", "unit": "万元"}}}}"#
    )
}

/// A scratch directory under `target/test-logs`, empty.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/test-logs")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Send applications `from..from + count` to `base` from `workers` concurrent clients; every
/// answer must be 200. The answers' bodies, in application order.
pub fn assess_many(base: &str, from: usize, count: usize, workers: usize) -> Vec<String> {
    runtime().block_on(async {
        let client = reqwest::Client::new();
        let tasks: Vec<_> = (0..workers)
            .map(|w| {
                let (client, base) = (client.clone(), base.to_owned());
                tokio::spawn(async move {
                    let mut out = Vec::new();
                    for i in (from + w..from + count).step_by(workers) {
                        let response = client
                            .post(format!("{base}/v1/assess"))
                            .header("content-type", "application/json")
                            .body(project(i))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(response.status(), 200);
                        out.push((i, response.text().await.unwrap()));
                    }
                    out
                })
            })
            .collect();
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap());
        }
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, body)| body).collect()
    })
}

/// `GET base + path`: the status and the body.
pub fn get(base: &str, path: &str) -> (u16, String) {
    runtime().block_on(async {
        let r = reqwest::get(format!("{base}{path}")).await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    })
}
