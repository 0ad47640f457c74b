//! The decision service end to end: a real server on a loopback port, a real HTTP client, the
//! log on SQLite and (when the test command started one) PostgreSQL.
#![cfg(test)]

mod common;

use common::{Server, backends, fresh_database, json, project_fixtures, report_bytes, root};
use serde_json::Value;
use shenfu_server::Tokens;

/// Every project fixture through `/v1/assess`: the report (or error) byte for byte, then fetched
/// from the log byte for byte, and verified.
async fn fixtures_byte_for_byte(backend: &str) {
    let db = fresh_database(backend).await;
    let server = Server::start(|c| c.database = Some(db.clone())).await;
    let mut decided = 0;
    for (name, input, year, expected) in project_fixtures() {
        let query = year.map_or(String::new(), |y| format!("?year={y}"));
        let response = server.post_json(&format!("/v1/assess{query}"), input).await;
        let status = response.status().as_u16();
        let header = response
            .headers()
            .get("x-decision-id")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        if expected.starts_with("{\"error\"") {
            assert_eq!(status, 400, "{name}: {body}");
            assert_eq!(body, expected, "{name}");
            continue;
        }
        assert_eq!(status, 200, "{name}: {body}");
        assert_eq!(report_bytes(&body), expected, "{name}");
        let id = json(&body)["decision_id"].as_str().unwrap().to_owned();
        assert_eq!(header.as_deref(), Some(id.as_str()), "{name}");
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "7", "{name}: a UUIDv7");
        let fetched = server
            .get(&format!("/v1/decisions/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(report_bytes(&fetched), expected, "{name}: fetched");
        assert!(
            fetched.starts_with(body.strip_suffix('}').unwrap()),
            "{name}: the stored envelope begins with the one answered"
        );
        let log = &json(&fetched)["log"];
        assert_eq!(log["requester"], "anonymous");
        assert_eq!(log["rulebook"]["id"], "shenfu-14th-fyp");
        let verified = json(
            &server
                .client
                .post(server.url(&format!("/v1/decisions/{id}/verify")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        assert_eq!(verified["verified"], true, "{name}: {verified}");
        assert_eq!(verified["recomputation"]["recomputed"], true, "{name}");
        decided += 1;
    }
    assert!(decided >= 25, "{decided}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fixture_through_http_byte_for_byte() {
    for backend in backends() {
        fixtures_byte_for_byte(backend).await;
    }
}

const GOOD: &str = r#"{"id": "B-1", "industry": "数字经济",
    "fixed_asset_investment": {"value": "24000", "unit": "万元"},
    "land_area": {"value": "60", "unit": "亩"},
    "annual_tax": {"value": "3000", "unit": "万元"}}"#;

fn project(id: &str, investment_wan: u32) -> String {
    format!(
        r#"{{"id": "{id}", "industry": "数字经济",
        "fixed_asset_investment": {{"value": "{investment_wan}", "unit": "万元"}},
        "land_area": {{"value": "60", "unit": "亩"}},
        "annual_tax": {{"value": "3000", "unit": "万元"}}}}"#
    )
}

async fn batch_listing_and_idempotency(backend: &str) {
    let db = fresh_database(backend).await;
    let server = Server::start(|c| c.database = Some(db.clone())).await;

    // A batch: good, bad, good — one result per item, in order; the bad one does not fail the rest.
    let bad = GOOD.replace("\"60\"", "\"0\"");
    let body = format!(
        "[{}, {bad}, {}]",
        project("B-2", 17000),
        project("B-3", 30000)
    );
    let response = server.post_json("/v1/assess/batch?year=2024", body).await;
    assert_eq!(response.status(), 200);
    let results = json(&response.text().await.unwrap())["results"].clone();
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["report"]["subject"]["id"], "B-2");
    assert_eq!(results[0]["report"]["eligible"], false);
    assert_eq!(results[0]["report"]["year"], 2024);
    assert_eq!(results[1]["error"]["code"], "zero_area");
    assert_eq!(results[1]["error"]["field"], "land_area.value");
    assert_eq!(results[2]["report"]["eligible"], true);

    // Over the limit, not an array.
    let many = format!("[{}]", vec![GOOD; 1001].join(","));
    let response = server.post_json("/v1/assess/batch", many).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        json(&response.text().await.unwrap())["error"]["code"],
        "batch_too_large"
    );
    let response = server.post_json("/v1/assess/batch", GOOD).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        json(&response.text().await.unwrap())["error"]["code"],
        "invalid_type"
    );

    // Five more, then page through everything two at a time.
    for i in 0..5 {
        let r = server
            .post_json("/v1/assess", project(&format!("P-{i}"), 17000 + i * 1000))
            .await;
        assert_eq!(r.status(), 200);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/decisions?limit=2&cursor={c}"),
            None => "/v1/decisions?limit=2".to_owned(),
        };
        let page = json(&server.get(&path).await.text().await.unwrap());
        for d in page["decisions"].as_array().unwrap() {
            seen.push(d["seq"].as_u64().unwrap());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, (1..=7).collect::<Vec<u64>>());
    let page = json(
        &server
            .get("/v1/decisions?subject_id=P-3")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(page["decisions"].as_array().unwrap().len(), 1);
    assert_eq!(page["decisions"][0]["subject_id"], "P-3");
    // 17000…21000 万元 on 60 亩: 18000 is exactly 300 万元/亩, which does not exceed 300.
    let page = json(
        &server
            .get("/v1/decisions?eligible=true")
            .await
            .text()
            .await
            .unwrap(),
    );
    let eligible: Vec<_> = page["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["subject_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(eligible, vec!["B-3", "P-2", "P-3", "P-4"]);
    let page = json(
        &server
            .get("/v1/decisions?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00%2B08:00")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(page["decisions"].as_array().unwrap().len(), 0);
    for (query, code, field) in [
        ("eligible=yes", "invalid_type", "eligible"),
        ("limit=0", "out_of_range", "limit"),
        ("limit=1001", "out_of_range", "limit"),
        ("cursor=abc", "invalid_type", "cursor"),
        ("from=yesterday", "invalid_type", "from"),
        ("colour=red", "unknown_field", "colour"),
        ("limit=1&limit=2", "duplicate_field", "limit"),
    ] {
        let r = server.get(&format!("/v1/decisions?{query}")).await;
        assert_eq!(r.status(), 400, "{query}");
        let e = json(&r.text().await.unwrap());
        assert_eq!(e["error"]["code"], code, "{query}");
        assert_eq!(e["error"]["field"], field, "{query}");
    }

    // Idempotency: the same key and input → the stored decision, no second row; another
    // input under the same key → 409.
    let send = |body: String, key: &'static str| {
        server
            .client
            .post(server.url("/v1/assess"))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(body)
            .send()
    };
    let first = send(project("I-1", 20000), "order-1").await.unwrap();
    assert_eq!(first.status(), 200);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first = first.text().await.unwrap();
    let again = send(project("I-1", 20000), "order-1").await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap(), first);
    let other = send(project("I-1", 20001), "order-1").await.unwrap();
    assert_eq!(other.status(), 409);
    assert_eq!(
        json(&other.text().await.unwrap())["error"]["code"],
        "idempotency_conflict"
    );
    // Concurrent retries of one key still make one row.
    let racing: Vec<_> = (0..8)
        .map(|_| send(project("I-2", 20000), "order-2"))
        .collect();
    let ids: std::collections::BTreeSet<String> = futures_util::future::join_all(racing)
        .await
        .into_iter()
        .map(|r| {
            r.unwrap().headers()["x-decision-id"]
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let page = json(
        &server
            .get("/v1/decisions?limit=1000")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(page["decisions"].as_array().unwrap().len(), 9);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_listing_paging_and_idempotency() {
    for backend in backends() {
        batch_listing_and_idempotency(backend).await;
    }
}

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, json(&text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_status_code_carries_the_canonical_error() {
    let db = fresh_database("sqlite").await;
    let server = Server::start(|c| {
        c.database = Some(db.clone());
        c.body_limit = 64 * 1024;
    })
    .await;
    let (s, e) = error_of(server.get("/v2/assess").await).await;
    assert_eq!((s, e["error"]["code"].as_str()), (404, Some("not_found")));
    let (s, e) = error_of(server.get("/v1/decisions/0000").await).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (404, Some("unknown_decision"))
    );
    let (s, e) = error_of(server.get("/v1/rules/no.such.rule").await).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (404, Some("unknown_rule"))
    );
    let r = server.get("/v1/assess").await;
    assert_eq!(r.headers()["allow"], "POST");
    let (s, e) = error_of(r).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(100 * 1024));
    let (s, e) = error_of(server.post_json("/v1/assess", big).await).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    let r = server
        .client
        .post(server.url("/v1/assess"))
        .header("content-type", "text/plain")
        .body(GOOD)
        .send()
        .await
        .unwrap();
    let (s, e) = error_of(r).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );
    let (s, e) = error_of(server.post_json("/v1/assess?year=2019", GOOD).await).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (400, Some("out_of_range"))
    );
    assert_eq!(e["error"]["field"], "year");
    let dup = GOOD.replace("\"id\": \"B-1\",", "\"id\": \"B-1\", \"id\": \"B-2\",");
    let (s, e) = error_of(server.post_json("/v1/assess", dup).await).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (400, Some("duplicate_field"))
    );
    assert_eq!(e["error"]["field"], "id");
    // Both languages, from the engine.
    assert!(
        e["error"]["message"]["zh"]
            .as_str()
            .unwrap()
            .contains("重复")
    );
    server.stop().await;

    // Saturated: no permit left → 503 with Retry-After, at once.
    let server = Server::start(|c| c.max_in_flight = 0).await;
    let r = server.post_json("/v1/assess", GOOD).await;
    assert_eq!(r.headers()["retry-after"], "1");
    let (s, e) = error_of(r).await;
    assert_eq!((s, e["error"]["code"].as_str()), (503, Some("overloaded")));
    // Health stays outside the limit.
    assert_eq!(server.get("/health/ready").await.status(), 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_name_who_asked() {
    let db = fresh_database("sqlite").await;
    let tokens = Tokens::parse("gateway-a 0123456789abcdef0123\n").unwrap();
    let server = Server::start(|c| {
        c.database = Some(db.clone());
        c.tokens = Some(tokens);
    })
    .await;
    let r = server.post_json("/v1/assess", GOOD).await;
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"shenfu\"");
    let (s, e) = error_of(r).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let r = server
        .client
        .post(server.url("/v1/assess"))
        .header("content-type", "application/json")
        .bearer_auth("0123456789abcdef0123")
        .body(GOOD)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let id = r.headers()["x-decision-id"].to_str().unwrap().to_owned();
    let stored = server
        .client
        .get(server.url(&format!("/v1/decisions/{id}")))
        .bearer_auth("0123456789abcdef0123")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(json(&stored)["log"]["requester"], "gateway-a");
    // Health and the API description stay open.
    assert_eq!(server.get("/health/live").await.status(), 200);
    assert_eq!(server.get("/openapi.json").await.status(), 200);
    server.stop().await;

    // Beyond loopback without tokens: refused unless told.
    let book = shenfu_rules::Rulebook::embedded();
    let mut config = shenfu_server::Config::new(std::sync::Arc::new(book.clone()));
    config.listen = "0.0.0.0:8787".parse().unwrap();
    assert!(config.check().is_err());
    config.insecure_no_auth = true;
    assert!(config.check().is_ok());
}

/// The shared bad-input matrix as the fifth surface: the same code, field and line over HTTP.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bad_input_matrix_over_http() {
    let server = Server::start(|c| c.database = None).await;
    let matrix: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/bad-inputs/matrix.json")).unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for case in &matrix {
        let name = case["name"].as_str().unwrap();
        let mut input = case["input"].as_str().unwrap().to_owned();
        if let Some(r) = case.get("repeat") {
            let times = usize::try_from(r["times"].as_u64().unwrap()).unwrap();
            input = input.replace("REPEAT", &r["text"].as_str().unwrap().repeat(times));
        }
        let (path, body) = match case["kind"].as_str().unwrap() {
            "project" => {
                let year = case["year"]
                    .as_u64()
                    .map_or(String::new(), |y| format!("?year={y}"));
                (format!("/v1/assess{year}"), input)
            }
            "observations" => ("/v1/progress?year=2023".to_owned(), input),
            _ => continue,
        };
        checked += 1;
        if case.get("repeat").is_some() {
            // The generated 100 MB number never reaches the engine here: the body limit stops it
            // with 413 as soon as the length is known — a client still uploading may see the
            // connection closed instead, as HTTP/1.1 allows.
            let sent = server
                .client
                .post(server.url(&path))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await;
            if let Ok(response) = sent {
                let status = response.status().as_u16();
                let got = json(&response.text().await.unwrap());
                assert_eq!(
                    (status, got["error"]["code"].as_str()),
                    (413, Some("payload_too_large")),
                    "{name}"
                );
            }
            continue;
        }
        let response = server.post_json(&path, body).await;
        let status = response.status().as_u16();
        let got = json(&response.text().await.unwrap());
        match case["code"].as_str() {
            None => assert_eq!(status, 200, "{name}: {got}"),
            Some(code) => {
                assert_eq!(status, 400, "{name}: {got}");
                assert_eq!(got["error"]["code"], code, "{name}");
                assert_eq!(got["error"]["field"], case["field"], "{name}");
                assert_eq!(got["error"]["line"], case["line"], "{name}");
            }
        }
    }
    assert!(checked >= 60, "{checked}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_progress_health_metrics_and_openapi() {
    let db = fresh_database("sqlite").await;
    let server = Server::start(|c| c.database = Some(db.clone())).await;
    let book = shenfu_rules::Rulebook::embedded();
    assert_eq!(
        server.get("/v1/rules").await.text().await.unwrap(),
        book.rules_json()
    );
    assert_eq!(
        server.get("/v1/conflicts").await.text().await.unwrap(),
        book.conflicts_json()
    );
    assert_eq!(
        server.get("/v1/readings").await.text().await.unwrap(),
        book.readings_json()
    );
    assert_eq!(
        server
            .get("/v1/rules/admission.tax_per_mu")
            .await
            .text()
            .await
            .unwrap(),
        book.explain_json("admission.tax_per_mu").unwrap()
    );
    // Progress: the 2023 fixture, byte for byte, and its chart.
    let case = root().join("fixtures/indicators/cases/2023-mixed");
    let csv = std::fs::read_to_string(case.join("observations.csv")).unwrap();
    let rows: Vec<String> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let unit = cells.get(3).filter(|u| !u.is_empty());
            format!(
                r#"{{"indicator":"{}","year":{},"value":"{}","unit":{}}}"#,
                cells[0],
                cells[1],
                cells[2],
                unit.map_or("null".to_owned(), |u| format!("\"{u}\""))
            )
        })
        .collect();
    let observations = format!("[{}]", rows.join(","));
    let expected = std::fs::read_to_string(case.join("report.json")).unwrap();
    let got = server
        .post_json("/v1/progress?year=2023", observations.clone())
        .await;
    assert_eq!(got.text().await.unwrap(), expected.trim_end());
    let svg = server
        .client
        .post(server.url("/v1/progress?year=2023&lang=en"))
        .header("content-type", "application/json")
        .header("accept", "image/svg+xml")
        .body(observations.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().starts_with("<svg"));
    // The chart for a report: the core's picture of the same selection, byte for byte (as the
    // CLI's --only-observed and --indicators, and JS progressSvg's options).
    let report = book
        .progress(
            &shenfu_rules::zone::Observations::from_json_str(book, &observations).unwrap(),
            2023,
        )
        .unwrap();
    for (query, only_observed, indicators) in [
        ("only_observed=true", true, None),
        (
            "indicators=gdp,rd_intensity",
            false,
            Some(vec!["gdp".to_owned(), "rd_intensity".to_owned()]),
        ),
    ] {
        let svg = server
            .client
            .post(server.url(&format!("/v1/progress?year=2023&{query}")))
            .header("content-type", "application/json")
            .header("accept", "image/svg+xml")
            .body(observations.clone())
            .send()
            .await
            .unwrap();
        let expected = report
            .to_svg_selected(
                shenfu_rules::present::Lang::Zh,
                only_observed,
                indicators.as_deref(),
            )
            .unwrap();
        assert_eq!(svg.text().await.unwrap(), expected, "{query}");
    }
    for (query, code, field) in [
        ("only_observed=yes", "invalid_type", "only_observed"),
        (
            "indicators=no_such_indicator",
            "unknown_indicator",
            "indicators",
        ),
    ] {
        let bad = server
            .client
            .post(server.url(&format!("/v1/progress?year=2023&{query}")))
            .header("content-type", "application/json")
            .header("accept", "image/svg+xml")
            .body(observations.clone())
            .send()
            .await
            .unwrap();
        let (s, e) = error_of(bad).await;
        assert_eq!(
            (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
            (400, Some(code), Some(field)),
            "{query}"
        );
    }
    let (s, e) = error_of(server.post_json("/v1/progress", observations).await).await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (400, Some("missing_field"), Some("year"))
    );

    let ready = json(&server.get("/health/ready").await.text().await.unwrap());
    assert_eq!(ready["log"], "sqlite");
    assert_eq!(ready["rulebook"]["sha256"], book.sha256());

    server.post_json("/v1/assess", GOOD).await;
    let metrics = server.get("/metrics").await.text().await.unwrap();
    for line in [
        "shenfu_decisions_total{verdict=\"eligible\"} 1",
        "shenfu_http_requests_total{route=\"/v1/assess\",method=\"POST\",status=\"200\"} 1",
        "shenfu_decision_seconds_count 1",
        "shenfu_log_write_seconds_count 1",
    ] {
        assert!(metrics.contains(line), "{line} not in\n{metrics}");
    }

    let doc = json(&server.get("/openapi.json").await.text().await.unwrap());
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
    for path in [
        "/v1/assess",
        "/v1/assess/batch",
        "/v1/decisions",
        "/v1/decisions/{id}",
        "/v1/decisions/{id}/verify",
        "/v1/rules",
        "/v1/rules/{id}",
        "/v1/conflicts",
        "/v1/readings",
        "/v1/progress",
        "/health/live",
        "/health/ready",
        "/metrics",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} undocumented");
    }
    // The documented year bounds are the core's (the attribute macros take only literals).
    let years = (
        serde_json::json!(shenfu_rules::vocab::FIRST_YEAR),
        serde_json::json!(shenfu_rules::vocab::LAST_YEAR),
    );
    let mut year_params = 0;
    for (_, item) in doc["paths"].as_object().unwrap() {
        for (_, operation) in item.as_object().unwrap() {
            for param in operation["parameters"].as_array().into_iter().flatten() {
                if param["name"] == "year" {
                    let schema = &param["schema"];
                    assert_eq!(
                        (schema["minimum"].clone(), schema["maximum"].clone()),
                        years
                    );
                    year_params += 1;
                }
            }
        }
    }
    assert_eq!(year_params, 3);
    // Every reference resolves.
    let text = doc.to_string();
    for piece in text.split("\"#/components/schemas/").skip(1) {
        let name = &piece[..piece.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{name} is referenced but not defined"
        );
    }
    // What generated clients need (issue 26): bearer tokens declared on every /v1 operation
    // (optional: a service without a token file runs open), ids and times with their formats,
    // the rulebook's listings and a batch's items typed, the shared refusals on every operation.
    let schemes = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(
        (&schemes["type"], &schemes["scheme"]),
        (&"http".into(), &"bearer".into())
    );
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let security = operation["security"].as_array();
            let guarded = path.starts_with("/v1/") || path == "/metrics";
            assert_eq!(security.is_some(), guarded, "{method} {path}");
            if path.starts_with("/v1/") {
                assert_eq!(security.unwrap().len(), 2, "{method} {path}");
                for status in ["401", "503"] {
                    assert_eq!(
                        operation["responses"][status]["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/CanonicalError",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Decision"]["properties"]["decision_id"]["format"],
        "uuid"
    );
    assert_eq!(
        schemas["Decision"]["properties"]["received_at"]["format"],
        "date-time"
    );
    assert_eq!(
        schemas["BatchRequest"]["items"]["$ref"],
        "#/components/schemas/Project"
    );
    assert_eq!(schemas["Decimal"]["type"], "string");
    assert!(schemas["Decimal"]["pattern"].is_string());
    let answer = |path: &str| {
        doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            .clone()
    };
    assert_eq!(
        answer("/v1/rules")["items"]["$ref"],
        "#/components/schemas/RuleSummary"
    );
    assert_eq!(
        answer("/v1/rules/{id}")["$ref"],
        "#/components/schemas/RuleSummary"
    );
    assert_eq!(
        answer("/v1/conflicts")["items"]["$ref"],
        "#/components/schemas/Conflict"
    );
    // No object left untyped: each names its members.
    for (name, schema) in schemas.as_object().unwrap() {
        if schema["type"] == "object" {
            assert!(schema["properties"].is_object(), "{name} names no members");
        }
    }
    server.stop().await;
}
