//! Token roles, as a matrix: each token × each endpoint → the status its roles allow, computed
//! from the role table (not written out by hand), with decisions made by one token and read by
//! another; listings filtered to a `read-own` token's own; `/metrics` for admins only; the token
//! file re-read on SIGHUP.
#![cfg(test)]

mod common;

use common::{Server, backends, fresh_database, json};
use shenfu_rules::transparency::note::SignerKey;
use shenfu_server::Tokens;

const FILE: &str = "\
gw-a 0123456789abcdef-a
gw-b 0123456789abcdef-b decide,read-own
reader 0123456789abcdef-r read-own
clerk 0123456789abcdef-c audit
root 0123456789abcdef-x admin
";

fn token(name: &str) -> String {
    let suffix = match name {
        "gw-a" => "a",
        "gw-b" => "b",
        "reader" => "r",
        "clerk" => "c",
        _ => "x",
    };
    format!("0123456789abcdef-{suffix}")
}

/// What each token's roles allow (the module doc's table).
fn may(name: &str, what: &str, owner: &str) -> bool {
    let roles: &[&str] = match name {
        "gw-a" | "gw-b" => &["decide", "read-own"],
        "reader" => &["read-own"],
        "clerk" => &["audit"],
        _ => &["admin"],
    };
    let has = |r: &str| roles.contains(&r) || roles.contains(&"admin");
    match what {
        "decide" => has("decide"),
        "read" => has("audit") || (has("read-own") && name == owner),
        "list" => has("audit") || has("read-own"),
        "metrics" => has("admin"),
        _ => true,
    }
}

fn project(id: &str) -> String {
    format!(
        r#"{{"id": "{id}", "industry": "数字经济",
        "fixed_asset_investment": {{"value": "24000", "unit": "万元"}},
        "land_area": {{"value": "60", "unit": "亩"}},
        "annual_tax": {{"value": "3000", "unit": "万元"}}}}"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_gets_exactly_what_it_may() {
    for backend in backends() {
        let db = fresh_database(backend).await;
        let server = Server::start(|c| {
            c.database = Some(db.clone());
            c.tokens = Some(Tokens::parse(FILE).unwrap());
            c.signing_key = Some(SignerKey::from_seed("roles.test/decisions", [5; 32]).unwrap());
        })
        .await;
        let call = |name: &str, method: &str, path: &str| {
            let request = match method {
                "POST" => server
                    .client
                    .post(server.url(path))
                    .header("content-type", "application/json")
                    .body(project(&format!("P-{name}"))),
                _ => server.client.get(server.url(path)),
            };
            request.bearer_auth(token(name)).send()
        };
        // A decision by gw-a, one by gw-b.
        let mut ids = std::collections::HashMap::new();
        for owner in ["gw-a", "gw-b"] {
            let r = call(owner, "POST", "/v1/assess").await.unwrap();
            assert_eq!(r.status(), 200);
            ids.insert(
                owner,
                json(&r.text().await.unwrap())["decision_id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        let names = ["gw-a", "gw-b", "reader", "clerk", "root"];
        for name in names {
            let r = call(name, "POST", "/v1/assess").await.unwrap();
            let expected = if may(name, "decide", "") { 200 } else { 403 };
            assert_eq!(r.status(), expected, "{backend}: {name} decides");
            if expected == 403 {
                assert_eq!(json(&r.text().await.unwrap())["error"]["code"], "forbidden");
            }
            for owner in ["gw-a", "gw-b"] {
                let id = &ids[owner];
                for (method, path) in [
                    ("GET", format!("/v1/decisions/{id}")),
                    ("POST", format!("/v1/decisions/{id}/verify")),
                    ("GET", format!("/v1/decisions/{id}/receipt")),
                ] {
                    let r = call(name, method, &path).await.unwrap();
                    let expected = if may(name, "read", owner) {
                        200
                    } else if may(name, "list", owner) {
                        404 // another's decision: as if unknown
                    } else {
                        403
                    };
                    assert_eq!(
                        r.status(),
                        expected,
                        "{backend}: {name} {method} {path} (owner {owner})"
                    );
                }
            }
            let r = call(name, "GET", "/v1/decisions?limit=100").await.unwrap();
            if may(name, "list", "") {
                let page = json(&r.text().await.unwrap());
                let requesters: Vec<&str> = page["decisions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["requester"].as_str().unwrap())
                    .collect();
                assert!(
                    !requesters.is_empty() || !may(name, "decide", ""),
                    "{name}: {requesters:?}"
                );
                for requester in requesters {
                    assert!(
                        may(name, "read", requester),
                        "{backend}: {name} listed {requester}'s"
                    );
                }
            } else {
                assert_eq!(r.status(), 403, "{backend}: {name} lists");
            }
            let r = call(name, "GET", "/metrics").await.unwrap();
            assert_eq!(
                r.status(),
                if may(name, "metrics", "") { 200 } else { 403 },
                "{backend}: {name} /metrics"
            );
            for path in [
                "/v1/rules",
                "/v1/checkpoint",
                "/v1/conflicts",
                "/v1/readings",
            ] {
                assert_eq!(
                    call(name, "GET", path).await.unwrap().status(),
                    200,
                    "{backend}: {name} {path}"
                );
            }
        }
        // No token, or an unknown one: 401 everywhere, /metrics included.
        for path in ["/v1/rules", "/metrics", "/v1/decisions"] {
            assert_eq!(server.get(path).await.status(), 401, "{path}");
        }
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_file_is_reread_on_sighup_and_a_bad_one_keeps_the_old() {
    let dir = common::root().join("target/test-logs");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("tokens-{}.txt", std::process::id()));
    std::fs::write(&file, "old 0123456789abcdef-o\n").unwrap();
    let server = Server::start(|c| {
        c.tokens = Some(Tokens::parse("old 0123456789abcdef-o\n").unwrap());
        c.token_file = Some(file.clone());
    })
    .await;
    let status = |t: &'static str| {
        let request = server.client.get(server.url("/v1/rules")).bearer_auth(t);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let hangup = || {
        let pid = std::process::id().to_string();
        assert!(
            std::process::Command::new("kill")
                .args(["-HUP", &pid])
                .status()
                .unwrap()
                .success()
        );
    };
    let wait_for = |t: &'static str, want: u16| {
        let status = &status;
        async move {
            for _ in 0..100 {
                if status(t).await == want {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            panic!("{t} never got {want}");
        }
    };
    assert_eq!(status("0123456789abcdef-o").await, 200);
    std::fs::write(&file, "new 0123456789abcdef-n\n").unwrap();
    hangup();
    wait_for("0123456789abcdef-n", 200).await;
    assert_eq!(status("0123456789abcdef-o").await, 401);
    // A file that does not parse: the tokens in use stay.
    std::fs::write(&file, "broken short\n").unwrap();
    hangup();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(status("0123456789abcdef-n").await, 200);
    server.stop().await;
}
