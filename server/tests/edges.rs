//! One bad request never harms another, and the edges found by hand (issue 23, items 6 and 8):
//! text the log cannot keep is refused at the edge, a group whose transaction fails is committed
//! row by row, database messages stay in the service's log, and bodies are read (or refused)
//! before a request takes an in-flight place.
#![cfg(test)]

mod common;

use common::{Server, backends, fresh_database, json};
use serde_json::Value;
use shenfu_rules::audit::{ChainChecker, ChainVerification, LogEntry};
use shenfu_rules::transparency::note::SignerKey;
use shenfu_rules::{Options, Project, Rulebook};
use shenfu_server::log::{Appended, DecisionLog, Filter, NewDecision};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn project(id: &str) -> String {
    format!(
        r#"{{"id": {}, "industry": "数字经济",
        "fixed_asset_investment": {{"value": "24000", "unit": "万元"}},
        "land_area": {{"value": "60", "unit": "亩"}},
        "annual_tax": {{"value": "3000", "unit": "万元"}}}}"#,
        serde_json::to_string(id).unwrap()
    )
}

/// Pseudo-random letters and digits: text an index cannot compress away.
fn noise(bytes: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..bytes)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(ALPHABET[usize::try_from(x % 62).unwrap()])
        })
        .collect()
}

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, json(&response.text().await.unwrap()))
}

// ---------------------------------------------------------------------------------------------
// Text the log cannot keep, refused at the edge; lookups that cannot match, answered unread.

/// The same answers on both backends: NUL and over-long ids are 400 `invalid_text` naming `id`
/// (alone and in a batch, where the other items are still decided); every other odd id is kept
/// exactly; a lookup that cannot match is 404 or 400 before the database is asked.
async fn odd_texts(backend: &str) {
    let db = fresh_database(backend).await;
    let server = Server::start(|c| c.database = Some(db.clone())).await;

    for (name, id) in [
        ("NUL", "a\u{0}b".to_owned()),
        ("NUL alone", "\u{0}".to_owned()),
        ("1025 bytes", noise(1025)),
        ("3000 bytes", noise(3000)),
        ("342 CJK characters (1026 bytes)", "中".repeat(342)),
    ] {
        let (s, e) = error_of(server.post_json("/v1/assess", project(&id)).await).await;
        assert_eq!(s, 400, "{backend} {name}: {e}");
        assert_eq!(e["error"]["code"], "invalid_text", "{backend} {name}");
        assert_eq!(e["error"]["field"], "id", "{backend} {name}");
        assert!(
            e["error"]["message"]["en"]
                .as_str()
                .unwrap()
                .contains("1024 bytes"),
            "{e}"
        );
        assert!(
            e["error"]["message"]["zh"]
                .as_str()
                .unwrap()
                .contains("1024"),
            "{e}"
        );
    }

    // Every other odd text is kept, and read back, exactly as given.
    let mut odd: Vec<String> = (1u32..0x20)
        .chain([
            0x7f, 0x80, 0x9f, 0x2028, 0xe000, 0xfeff, 0xfffe, 0xffff, 0x10_ffff,
        ])
        .map(|c| format!("a{}b", char::from_u32(c).unwrap()))
        .collect();
    odd.extend([noise(1024), "中".repeat(341), String::new(), " ".to_owned()]);
    for id in &odd {
        let r = server.post_json("/v1/assess", project(id)).await;
        assert_eq!(r.status(), 200, "{backend} {id:?}");
        let decision = json(&r.text().await.unwrap());
        let stored = json(
            &server
                .get(&format!(
                    "/v1/decisions/{}",
                    decision["decision_id"].as_str().unwrap()
                ))
                .await
                .text()
                .await
                .unwrap(),
        );
        assert_eq!(stored["log"]["subject_id"].as_str(), Some(id.as_str()));
        assert_eq!(
            stored["report"]["subject"]["id"].as_str(),
            Some(id.as_str())
        );
    }
    let page = json(
        &server
            .get("/v1/decisions?subject_id=a%01b")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(page["decisions"].as_array().unwrap().len(), 1);
    assert_eq!(page["decisions"][0]["subject_id"], "a\u{1}b");

    // A batch: each bad item gets its own error in place, the others are decided and logged.
    let body = format!(
        "[{}, {}, {}, {}]",
        project("G-1"),
        project("a\u{0}b"),
        project("G-2"),
        project(&noise(2000))
    );
    let r = server.post_json("/v1/assess/batch", body).await;
    assert_eq!(r.status(), 200);
    let results = json(&r.text().await.unwrap())["results"].clone();
    assert_eq!(results[0]["report"]["subject"]["id"], "G-1");
    assert_eq!(results[2]["report"]["subject"]["id"], "G-2");
    for bad in [1, 3] {
        assert_eq!(results[bad]["error"]["code"], "invalid_text", "{results}");
        assert_eq!(results[bad]["error"]["field"], "id");
    }

    // Lookups: an id that cannot be a decision's is unknown, at once; a subject id the log
    // cannot hold is a bad parameter.
    for path in [
        "/v1/decisions/%00",
        "/v1/decisions/a%00b",
        "/v1/decisions/0190e5a5-5c3b-4c2d-8a0b-0123456789ab", // a UUIDv4
        "/v1/decisions/0190E5A5-5C3B-7C2D-8A0B-0123456789AB", // not as the service writes it
    ] {
        let (s, e) = error_of(server.get(path).await).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (404, Some("unknown_decision")),
            "{backend} {path}"
        );
    }
    for path in ["/v1/decisions/%00/receipt", "/v1/decisions/%00/verify"] {
        let request = if path.ends_with("verify") {
            server.client.post(server.url(path))
        } else {
            server.client.get(server.url(path))
        };
        let (s, e) = error_of(request.send().await.unwrap()).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (404, Some("unknown_decision")),
            "{backend} {path}"
        );
    }
    let long = noise(1025);
    for query in ["subject_id=a%00b", &format!("subject_id={long}")] {
        let (s, e) = error_of(server.get(&format!("/v1/decisions?{query}")).await).await;
        assert_eq!(s, 400, "{backend}: {e}");
        assert_eq!(e["error"]["code"], "invalid_text");
        assert_eq!(e["error"]["field"], "subject_id");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_the_log_cannot_keep_is_refused_at_the_edge() {
    for backend in backends() {
        odd_texts(backend).await;
    }
}

/// One client sending NUL ids among 32 never costs the others anything: every good request is
/// decided and logged (before the fix, 61 % of them got 503 on PostgreSQL).
async fn one_bad_client_among_many(backend: &str) {
    let db = fresh_database(backend).await;
    let server = Server::start(|c| c.database = Some(db.clone())).await;
    let server = &server;
    let clients = (0..32).map(|client| async move {
        let mut statuses = Vec::new();
        for i in 0..20 {
            let id = if client == 0 {
                format!("bad\u{0}{i}")
            } else {
                format!("C-{client}-{i}")
            };
            let r = server.post_json("/v1/assess", project(&id)).await;
            let status = r.status().as_u16();
            let body = r.text().await.unwrap();
            statuses.push((status, body));
        }
        (client, statuses)
    });
    let mut good = 0;
    for (client, statuses) in futures_util::future::join_all(clients).await {
        for (status, body) in statuses {
            if client == 0 {
                assert_eq!(status, 400, "{backend}: {body}");
                assert_eq!(json(&body)["error"]["code"], "invalid_text");
            } else {
                assert_eq!(status, 200, "{backend}: {body}");
                good += 1;
            }
        }
    }
    assert_eq!(good, 31 * 20);
    let page = json(
        &server
            .get("/v1/decisions?limit=1000")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(page["decisions"].as_array().unwrap().len(), 31 * 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_client_among_32_leaves_every_good_request_decided() {
    for backend in backends() {
        one_bad_client_among_many(backend).await;
    }
}

// ---------------------------------------------------------------------------------------------
// The writer: a failed group is committed row by row.

/// A decision as the service would log it, under `decision_id`, for the project `id`.
fn decision(id: &str, decision_id: &str) -> NewDecision {
    let book = Rulebook::embedded();
    let project = Project::from_json_str(&project(id)).unwrap();
    let mut report = String::new();
    let verdict = book
        .write_assessment(&project, Options { year: None }, &mut report)
        .unwrap();
    NewDecision::new(LogEntry {
        decision_id: decision_id.to_owned(),
        received_at: "2026-01-01T00:00:00.000000Z".to_owned(),
        requester: "anonymous".to_owned(),
        ..LogEntry::decided(book, &project, None, verdict, report)
    })
}

/// Every row recomputed and linked, the head matched, the tree checked against the log's last
/// signed checkpoint.
async fn walk(log: &DecisionLog, key: &SignerKey) -> ChainVerification {
    let mut checker = ChainChecker::new(Rulebook::embedded());
    let mut after = 0;
    loop {
        let page = log
            .list(&Filter {
                after: Some(after),
                limit: 1000,
                ..Filter::default()
            })
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        for entry in &page {
            checker.check(entry);
        }
    }
    let signed = log.checkpoint().await.unwrap().unwrap();
    checker.against_signed(&signed.note, &key.verifier(), "the log's checkpoint");
    let (seq, hash) = log.head().await.unwrap();
    checker.finish(seq, &hash)
}

/// Appends sent together reach the writer as one group: on a current-thread runtime the writer
/// runs only once every append has been queued.
async fn split(backend: &str) {
    let db = fresh_database(backend).await;
    let key = SignerKey::from_seed("edges.test/log", [7; 32]).unwrap();
    let log = DecisionLog::open_signed(&db, None, Some(key.clone()), false)
        .await
        .unwrap();
    let taken = "01900000-0000-7000-8000-000000000000";
    assert!(matches!(
        log.append(decision("first", taken)).await.unwrap(),
        Appended::Logged { seq: 1, .. }
    ));
    // One row of the group reuses a decision id (UNIQUE), and on PostgreSQL one more holds a
    // NUL (TEXT refuses it) — both crafted past the edge, straight through the log's API. Two
    // more reuse an idempotency key of the group: committed alone, they are still a replay and
    // a conflict.
    #[derive(Debug, PartialEq)]
    enum Expect {
        Logged,
        Replayed,
        Conflict,
        Refused,
    }
    let keyed = |mut d: NewDecision| {
        d.entry.idempotency_key = Some("order-1".to_owned());
        d
    };
    let mut group: Vec<(NewDecision, Expect)> = (0..12)
        .map(|i| {
            let id = format!("01900000-0000-7000-8000-{:012}", i + 1);
            (decision(&format!("S-{i}"), &id), Expect::Logged)
        })
        .collect();
    group[1].0 = keyed(group[1].0.clone());
    group[2] = (
        keyed(decision("S-1", "01900000-0000-7000-8000-888888888888")),
        Expect::Replayed,
    );
    group[4] = (decision("reused", taken), Expect::Refused);
    group[6] = (
        keyed(decision("other", "01900000-0000-7000-8000-777777777777")),
        Expect::Conflict,
    );
    if backend == "postgres" {
        group[9] = (
            decision("a\u{0}b", "01900000-0000-7000-8000-999999999999"),
            Expect::Refused,
        );
    }
    let appends = group.iter().map(|(d, _)| log.append(d.clone()));
    let outcomes = futures_util::future::join_all(appends).await;
    let mut seqs = Vec::new();
    for ((d, expect), outcome) in group.iter().zip(outcomes) {
        let got = match outcome {
            Ok(Appended::Logged { seq, receipt, .. }) => {
                assert!(receipt.is_some(), "a row committed alone is signed too");
                seqs.push(seq);
                Expect::Logged
            }
            Ok(Appended::Replayed(entry)) => {
                assert_eq!(entry.subject_id.as_deref(), Some("S-1"));
                Expect::Replayed
            }
            Ok(Appended::Conflict) => Expect::Conflict,
            Err(_) => Expect::Refused,
        };
        assert_eq!(&got, expect, "{backend}: {:?}", d.entry.subject_id);
    }
    let expected = group
        .iter()
        .filter(|(_, expect)| *expect == Expect::Logged)
        .count();
    assert_eq!(
        seqs,
        (2..).take(expected).collect::<Vec<u64>>(),
        "{backend}: in order, without gaps"
    );
    // The chain and the tree are intact, and the writer goes on as before.
    let checked = walk(&log, &key).await;
    assert!(checked.intact, "{backend}: {:?}", checked.problems);
    assert_eq!(checked.rows, 1 + expected as u64);
    let next = format!("01900000-0000-7000-8000-{:012}", 500);
    assert!(matches!(
        log.append(decision("after", &next)).await.unwrap(),
        Appended::Logged { .. }
    ));
    assert!(walk(&log, &key).await.intact);
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_group_is_committed_row_by_row() {
    for backend in backends() {
        split(backend).await;
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP edges, over a raw connection.

fn address(server: &Server) -> String {
    server.base.strip_prefix("http://").unwrap().to_owned()
}

/// Everything the server writes until it closes the connection (or `wait` runs out).
async fn read_all(stream: &mut TcpStream, wait: Duration) -> String {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn body_of(response: &str) -> Value {
    json(&response[response.find("\r\n\r\n").unwrap() + 4..])
}

/// A project followed by spaces, `length` bytes in all.
fn padded(length: usize) -> String {
    let mut body = project("L-1");
    body.push_str(&" ".repeat(length - body.len()));
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_length_over_the_limit_is_refused_before_the_body() {
    let server = Server::start(|c| {
        c.database = None;
        c.body_limit = 64 * 1024;
    })
    .await;
    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    stream
        .write_all(
            b"POST /v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 100000000\r\n\r\n",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let response = read_all(&mut stream, Duration::from_secs(1)).await;
    assert!(started.elapsed() < Duration::from_secs(1), "{response}");
    assert_eq!(status_of(&response), 413, "{response}");
    assert_eq!(body_of(&response)["error"]["code"], "payload_too_large");
    // Just over the limit, by one byte, is refused too; at the limit it is read.
    let over = server
        .client
        .post(server.url("/v1/assess"))
        .header("content-type", "application/json")
        .body(padded(64 * 1024 + 1))
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), 413);
    let at = server.post_json("/v1/assess", padded(64 * 1024)).await;
    assert_eq!(at.status(), 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_segments_that_are_not_utf8_get_the_canonical_error() {
    let server = Server::start(|c| c.database = None).await;
    for (method, path) in [
        ("GET", "/v1/decisions/%FF"),
        ("GET", "/v1/decisions/%FF/receipt"),
        ("POST", "/v1/decisions/%FF/verify"),
        ("GET", "/v1/rules/%C3%28"),
    ] {
        let request = match method {
            "GET" => server.client.get(server.url(path)),
            _ => server.client.post(server.url(path)),
        };
        let response = request.send().await.unwrap();
        assert_eq!(
            response.headers()["content-type"],
            shenfu_server::JSON,
            "{path}"
        );
        let (s, e) = error_of(response).await;
        assert_eq!(s, 400, "{path}: {e}");
        assert_eq!(e["error"]["code"], "invalid_type", "{path}");
        assert_eq!(e["error"]["field"], "id", "{path}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_503_closes_the_connection() {
    let server = Server::start(|c| {
        c.database = None;
        c.max_in_flight = 0;
    })
    .await;
    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    // HTTP/1.1 keeps a connection open unless told otherwise: the server tells.
    stream
        .write_all(b"GET /v1/rules HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let response = read_all(&mut stream, Duration::from_secs(2)).await;
    assert!(started.elapsed() < Duration::from_secs(2), "left open");
    assert_eq!(status_of(&response), 503, "{response}");
    let head = response.to_ascii_lowercase();
    assert!(head.contains("\r\nconnection: close\r\n"), "{response}");
    assert!(head.contains("\r\nretry-after: 1\r\n"), "{response}");
    assert_eq!(body_of(&response)["error"]["code"], "overloaded");
    server.stop().await;
}

/// Sends the headers and the first half of a project now; the rest when told.
async fn slow_sender(server: &Server) -> (TcpStream, &'static [u8]) {
    let body: &'static [u8] = Box::leak(project("SLOW").into_bytes().into_boxed_slice());
    let mut stream = TcpStream::connect(address(server)).await.unwrap();
    let head = format!(
        "POST /v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..body.len() / 2]).await.unwrap();
    (stream, &body[body.len() / 2..])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_holds_no_in_flight_place() {
    let db = fresh_database("sqlite").await;
    let server = Server::start(|c| {
        c.database = Some(db.clone());
        c.max_in_flight = 1;
    })
    .await;
    let (mut slow, rest) = slow_sender(&server).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The only place is free while the slow client is still sending.
    for i in 0..3 {
        let r = server
            .post_json("/v1/assess", project(&format!("FAST-{i}")))
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    slow.write_all(rest).await.unwrap();
    let response = read_all(&mut slow, Duration::from_secs(5)).await;
    assert_eq!(status_of(&response), 200, "{response}");
    assert_eq!(body_of(&response)["report"]["subject"]["id"], "SLOW");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_not_sent_in_time_is_a_timeout() {
    let server = Server::start(|c| {
        c.database = None;
        c.body_timeout = Duration::from_secs(1);
    })
    .await;
    let (mut slow, _) = slow_sender(&server).await;
    let started = Instant::now();
    let response = read_all(&mut slow, Duration::from_secs(5)).await;
    assert!(started.elapsed() < Duration::from_secs(3), "{response}");
    assert_eq!(status_of(&response), 503, "{response}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("\r\nconnection: close\r\n")
    );
    assert_eq!(body_of(&response)["error"]["code"], "timeout");
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// A database's message never reaches a client.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_messages_stay_in_the_service_log() {
    if !backends().contains(&"postgres") {
        return;
    }
    let db = fresh_database("postgres").await;
    let server = Server::start(|c| c.database = Some(db.clone())).await;
    let r = server.post_json("/v1/assess", project("before")).await;
    assert_eq!(r.status(), 200);
    let id = json(&r.text().await.unwrap())["decision_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The database goes away under the running service.
    let (base, name) = db.rsplit_once('/').unwrap();
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&format!("{base}/postgres"))
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&admin)
    .await
    .unwrap();
    for response in [
        server.get(&format!("/v1/decisions/{id}")).await,
        server.post_json("/v1/assess", project("after")).await,
        server.get("/health/ready").await,
    ] {
        assert_eq!(response.headers()["connection"], "close");
        let (s, e) = error_of(response).await;
        assert_eq!((s, e["error"]["code"].as_str()), (503, Some("unavailable")));
        let text = e.to_string();
        assert_eq!(
            e["error"]["message"]["en"],
            "the decision log is unavailable: database error (the details are in the service's log)"
        );
        for leak in [name, "does not exist", "returned from database", "sqlx"] {
            assert!(!text.contains(leak), "{leak} in {text}");
        }
    }
    // An id that cannot be a decision's never reaches the (gone) database.
    let (s, e) = error_of(server.get("/v1/decisions/%00").await).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (404, Some("unknown_decision"))
    );
    server.stop().await;
}
