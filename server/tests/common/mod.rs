//! A real server on an ephemeral loopback port, a real HTTP client, and a real database: a fresh
//! SQLite file, or a fresh database on the PostgreSQL that `scripts/test-all` starts
//! (`SHENFU_TEST_POSTGRES`, e.g. `postgres://postgres@127.0.0.1:54329`).
#![allow(dead_code)]

mod databases;

pub use databases::{backends, fresh_database};
use shenfu_server::Config;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::oneshot;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A running server and how to reach and stop it.
pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    pub async fn start(configure: impl FnOnce(&mut Config)) -> Self {
        let book = shenfu_rules::Rulebook::embedded();
        let mut config = Config::new(Arc::new(book.clone()));
        configure(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(async move {
            shenfu_server::run(&config, listener, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        let server = Self {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            stop: Some(stop),
            done: Some(done),
        };
        for _ in 0..100 {
            if server.get("/health/live").await.status() == 200 {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("the server did not come up");
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            done.await.unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: impl Into<String>) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.into())
            .send()
            .await
            .unwrap()
    }
}

/// Every project fixture made under the chosen readings: (name, input text, year, expected
/// canonical bytes).
pub fn project_fixtures() -> Vec<(String, String, Option<u16>, String)> {
    let dir = root().join("fixtures/projects/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let case_dir = dir.join(&name);
            let case: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(case_dir.join("case.json")).unwrap())
                    .unwrap();
            let year = case["options"]["year"]
                .as_u64()
                .map(|y| u16::try_from(y).unwrap());
            let input = std::fs::read_to_string(case_dir.join("input.json")).unwrap();
            let report = std::fs::read_to_string(case_dir.join("report.json")).unwrap();
            // The service decides under the rulebook it serves: cases made under a reading's
            // alternative are the library's and the CLI's (`--reading`).
            let chosen = case["options"]["alternatives"].is_null();
            chosen.then(|| (name, input, year, report.trim_end().to_owned()))
        })
        .collect()
}

/// The `report` member of an envelope, as the exact bytes the server wrote.
pub fn report_bytes(envelope: &str) -> &str {
    let start = envelope.find(",\"report\":").unwrap() + ",\"report\":".len();
    let end = envelope.find(",\"log\":").unwrap_or(envelope.len() - 1);
    &envelope[start..end]
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}
