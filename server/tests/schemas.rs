//! The contract's JSON Schemas (`schemas/`): current with the service's OpenAPI components they are
//! made from (`SHENFU_BLESS=1` rewrites them), and every fixture — inputs, reports, errors,
//! observations, progress reports — valid against them. A field the engine writes that the
//! schema does not name fails here.
#![cfg(test)]

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_schemas_are_current() {
    let bless = std::env::var_os("SHENFU_BLESS").is_some();
    for (file, schema) in shenfu_server::json_schemas() {
        let path = root().join("schemas").join(file);
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == text,
            "schemas/{file} is stale: run SHENFU_BLESS=1 cargo test -p shenfu-rules-server --test schemas"
        );
    }
}

fn validator(file: &str) -> jsonschema::Validator {
    let schema = read_json(&root().join("schemas").join(file));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schemas/{file}: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

#[test]
fn every_project_fixture_validates() {
    let (project, report, error) = (
        validator("project.schema.json"),
        validator("report.schema.json"),
        validator("error.schema.json"),
    );
    let mut counts = (0, 0);
    for entry in std::fs::read_dir(root().join("fixtures/projects/cases")).unwrap() {
        let dir = entry.unwrap().path();
        let expected = read_json(&dir.join("report.json"));
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if expected.get("error").is_some() {
            assert_valid(&error, &expected, &name);
            counts.1 += 1;
        } else {
            // An input the engine accepts is one the schema accepts.
            assert_valid(&project, &read_json(&dir.join("input.json")), &name);
            assert_valid(&report, &expected, &name);
            counts.0 += 1;
        }
    }
    assert!(counts.0 >= 30 && counts.1 >= 10, "{counts:?}");
    // Example batches: each item a valid project.
    for item in read_json(&root().join("fixtures/projects/examples.json"))
        .as_array()
        .unwrap()
    {
        assert_valid(&project, item, "examples.json");
    }
}

#[test]
fn a_project_the_contract_refuses_by_shape_is_invalid() {
    let project = validator("project.schema.json");
    let good =
        read_json(&root().join("fixtures/projects/cases/001-eligible_digital_economy/input.json"));
    assert!(project.is_valid(&good));
    for (change, value) in [
        ("land_area", Value::Bool(true)),
        ("industry", Value::from("not an industry")),
        ("unknown_field", Value::from(1)),
    ] {
        let mut bad = good.clone();
        bad[change] = value;
        assert!(!project.is_valid(&bad), "{change}");
    }
    let mut missing = good;
    missing.as_object_mut().unwrap().remove("annual_tax");
    assert!(!project.is_valid(&missing));
}

#[test]
fn every_progress_fixture_and_the_revision_reports_validate() {
    let progress = validator("progress-report.schema.json");
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("fixtures/indicators/cases")).unwrap() {
        let dir = entry.unwrap().path();
        let report = dir.join("report.json");
        if report.exists() {
            assert_valid(&progress, &read_json(&report), &dir.display().to_string());
            seen += 1;
        }
        // The CSV observations as the JSON body the service and the bindings take (the files
        // hold no quoted cells).
        let csv = std::fs::read_to_string(dir.join("observations.csv")).unwrap();
        let mut rows = csv.lines();
        let header: Vec<&str> = rows.next().unwrap().split(',').collect();
        let body: Vec<Value> = rows
            .map(|row| {
                let cells = header.iter().zip(row.split(','));
                Value::Object(
                    cells
                        .filter(|(_, cell)| !cell.is_empty())
                        .map(|(key, cell)| {
                            let value = match *key {
                                "year" => Value::from(cell.parse::<u64>().unwrap()),
                                _ => Value::from(cell),
                            };
                            ((*key).to_owned(), value)
                        })
                        .collect(),
                )
            })
            .collect();
        assert_valid(
            &validator("observations.schema.json"),
            &Value::Array(body),
            &dir.display().to_string(),
        );
    }
    assert!(seen >= 3, "{seen}");
    // The stored decisions of the worked revision: input and report, as the log keeps them.
    let (project, report) = (
        validator("project.schema.json"),
        validator("report.schema.json"),
    );
    let decisions =
        std::fs::read_to_string(root().join("fixtures/revisions/decisions.jsonl")).unwrap();
    for line in decisions.lines() {
        let stored: Value = serde_json::from_str(line).unwrap();
        assert_valid(&project, &stored["input"], "decisions.jsonl input");
        assert_valid(&report, &stored["report"], "decisions.jsonl report");
    }
}

/// The Decimal's pattern is the engine's decimal grammar (`number::parse_decimal`): a string
/// matches it exactly when the engine reads it (or refuses it only for its size). The OpenAPI
/// document asks for this text; the files also take a JSON number, which the engine reads too.
#[test]
fn the_decimal_pattern_is_the_engines_grammar() {
    let defs = read_json(&root().join("schemas/project.schema.json"))["$defs"].clone();
    let text = defs["Decimal"]["anyOf"][0].clone();
    assert_eq!(text["type"], "string");
    let pattern = jsonschema::validator_for(&text).unwrap();
    let mut read = 0;
    for given in [
        "24000",
        "0.3",
        "-1.5e3",
        "+1E+2",
        " 7 ",
        "\t8\n",
        ".5",
        "5.",
        "0",
        "007",
        "1e-28",
        "1e400",
        "79228162514264337593543950336",
        "",
        " ",
        ".",
        "-",
        "e5",
        "1e",
        "1e+",
        "1,000",
        "1_000",
        "0x10",
        "NaN",
        "inf",
        "-Infinity",
        "1.2.3",
        "６０",
        "\u{a0}60",
        "60亩",
        "1 000",
        "--1",
        "+-1",
        ".e1",
        "1.e1",
    ] {
        let engine = match shenfu_rules::number::parse_decimal(given) {
            Ok(_) => true,
            Err(kind) => kind.code() == "out_of_range",
        };
        read += usize::from(engine);
        assert_eq!(
            pattern.is_valid(&Value::from(given)),
            engine,
            "{given:?}: the pattern and the engine disagree"
        );
    }
    assert!(read >= 14, "{read}");
    let project = validator("project.schema.json");
    let bare = serde_json::json!({"industry": "数字经济", "fixed_asset_investment": 240000000,
        "land_area": 60.5, "annual_tax": "30000000"});
    assert!(project.is_valid(&bare));
    assert!(shenfu_rules::Project::from_json_str(&bare.to_string()).is_ok());
}

/// Every unit of money the files list is one the engine reads; the document lists each spelling
/// once (no two that differ only in case, which generated clients cannot tell apart).
#[test]
fn every_listed_money_unit_is_read_and_the_document_spells_each_once() {
    let defs = read_json(&root().join("schemas/project.schema.json"))["$defs"].clone();
    let listed: Vec<String> = defs["MoneyUnit"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    for unit in &listed {
        let project = serde_json::json!({"industry": "数字经济",
            "fixed_asset_investment": {"value": "24000", "unit": unit},
            "land_area": "60", "annual_tax": {"value": "3000", "unit": unit}});
        assert!(
            shenfu_rules::Project::from_json_str(&project.to_string()).is_ok(),
            "{unit} is listed but not read"
        );
    }
    for alias in ["CNY", "cny", "USD"] {
        assert!(listed.iter().any(|u| u == alias), "{alias}");
    }
    let document: Value = serde_json::from_str(&shenfu_server::openapi_document()).unwrap();
    for (name, schema) in document["components"]["schemas"].as_object().unwrap() {
        let Some(values) = schema["enum"].as_array() else {
            continue;
        };
        let mut folded: Vec<String> = values
            .iter()
            .map(|v| v.as_str().unwrap().to_uppercase())
            .collect();
        folded.sort();
        let count = folded.len();
        folded.dedup();
        assert_eq!(
            folded.len(),
            count,
            "{name} spells a value twice: {values:?}"
        );
    }
}

/// A validator for `schema`, a part of the OpenAPI document, with the document's components as
/// its `$defs` and every property they and it name closed (no other member allowed), as the
/// files are.
fn described(document: &Value, schema: &Value) -> jsonschema::Validator {
    fn close(value: &mut Value) {
        match value {
            Value::Object(members) => {
                if members.contains_key("properties")
                    && !members.contains_key("additionalProperties")
                {
                    members.insert("additionalProperties".into(), Value::Bool(false));
                }
                members.values_mut().for_each(close);
            }
            Value::Array(items) => items.iter_mut().for_each(close),
            _ => {}
        }
    }
    let local = |value: &Value| {
        serde_json::from_str::<Value>(
            &value
                .to_string()
                .replace("#/components/schemas/", "#/$defs/"),
        )
        .unwrap()
    };
    let mut defs = local(&document["components"]["schemas"]);
    close(&mut defs);
    let mut schema = local(schema);
    close(&mut schema);
    let mut whole = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": defs,
    });
    whole["allOf"] = serde_json::json!([schema]);
    jsonschema::validator_for(&whole).unwrap()
}

fn document() -> Value {
    serde_json::from_str(&shenfu_server::openapi_document()).unwrap()
}

/// A validator for one component of the OpenAPI document, closed.
fn component(name: &str) -> jsonschema::Validator {
    described(
        &document(),
        &serde_json::json!({ "$ref": format!("#/components/schemas/{name}") }),
    )
}

/// Every receipt verification the fixtures expect (`shenfu receipt verify --format json`, every
/// binding's) is valid against `schemas/receipt-verification.schema.json`, and every refusal
/// against the error's.
#[test]
fn every_receipt_verification_fixture_validates() {
    let (verification, error) = (
        validator("receipt-verification.schema.json"),
        validator("error.schema.json"),
    );
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("fixtures/receipts/expected")).unwrap() {
        let path = entry.unwrap().path();
        let expected = read_json(&path);
        let name = path.display().to_string();
        if expected.get("error").is_some() {
            assert_valid(&error, &expected, &name);
        } else {
            assert_valid(&verification, &expected, &name);
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen}");
}

/// `GET /v1/rules`, `/v1/rules/{id}`, `/v1/conflicts` and `/v1/readings` are described field by
/// field: every rule, target, conflict and reading the rulebook lists is valid against its
/// component, closed.
#[test]
fn the_rulebook_listings_match_their_components() {
    let book = shenfu_rules::Rulebook::embedded();
    let (rule, conflict) = (component("RuleSummary"), component("Conflict"));
    let rules: Value = serde_json::from_str(&book.rules_json()).unwrap();
    let rules = rules.as_array().unwrap();
    for listed in rules {
        assert_valid(&rule, listed, listed["id"].as_str().unwrap());
        let id = listed["id"].as_str().unwrap();
        let one: Value = serde_json::from_str(&book.explain_json(id).unwrap()).unwrap();
        assert_valid(&rule, &one, id);
    }
    let scopes: Vec<&str> = rules.iter().map(|r| r["scope"].as_str().unwrap()).collect();
    assert!(scopes.contains(&"project") && scopes.contains(&"zone"));
    let conflicts: Value = serde_json::from_str(&book.conflicts_json()).unwrap();
    assert!(!conflicts.as_array().unwrap().is_empty());
    for listed in conflicts.as_array().unwrap() {
        assert_valid(&conflict, listed, listed["first"].as_str().unwrap());
    }
    let (reading, readings) = (
        component("Reading"),
        serde_json::from_str::<Value>(&book.readings_json()).unwrap(),
    );
    assert!(readings.as_array().unwrap().len() >= 10);
    for listed in readings.as_array().unwrap() {
        assert_valid(&reading, listed, listed["id"].as_str().unwrap());
    }
    // A member the component does not name fails: the description cannot fall behind.
    let mut extra = rules[0].clone();
    extra["unnamed"] = Value::from(1);
    assert!(!rule.is_valid(&extra));
}

/// Every JSON answer of a running service is valid against what the document says its operation
/// answers with that status, closed: the decision with its receipt, a batch with a refused item,
/// the listing, the stored decision, its verification and fresh receipt, the checkpoint and a
/// consistency proof, the rulebook's listings, progress, health, the document itself and the
/// canonical error of a refusal. The answers' components are derived from the core's own types
/// (feature `schema`); this holds them to the bytes the service writes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_matches_what_its_operation_describes() {
    for backend in common::backends() {
        answers_match_their_descriptions(backend, true).await;
    }
    // A service that signs no checkpoints answers decisions without `receipt` (the default).
    answers_match_their_descriptions("sqlite", false).await;
}

async fn answers_match_their_descriptions(backend: &str, signed: bool) {
    let db = common::fresh_database(backend).await;
    let server = common::Server::start(|c| {
        c.database = Some(db.clone());
        c.signing_key = signed.then(|| {
            shenfu_rules::transparency::note::SignerKey::from_seed("schemas.test/log", [9; 32])
                .unwrap()
        });
    })
    .await;
    let document = document();
    let project = std::fs::read_to_string(
        root().join("fixtures/projects/cases/001-eligible_digital_economy/input.json"),
    )
    .unwrap();
    let check = |method: &str, template: &str, status: u16, text: &str| {
        let content = &document["paths"][template][method]["responses"][status.to_string()]["content"]
            ["application/json"]["schema"];
        assert!(
            content.is_object(),
            "{method} {template} {status} is not described"
        );
        assert_valid(
            &described(&document, content),
            &common::json(text),
            &format!("{method} {template} {status}"),
        );
    };
    let answer = |response: reqwest::Response| async move {
        (response.status().as_u16(), response.text().await.unwrap())
    };

    let (status, decision) = answer(server.post_json("/v1/assess", project.clone()).await).await;
    check("post", "/v1/assess", status, &decision);
    let id = common::json(&decision)["decision_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(common::json(&decision)["receipt"].is_object(), signed);
    let batch = format!("[{project}, {{\"industry\": 1}}]");
    let (status, text) = answer(server.post_json("/v1/assess/batch", batch).await).await;
    check("post", "/v1/assess/batch", status, &text);
    let (status, text) = answer(server.post_json("/v1/assess", "{}").await).await;
    assert_eq!(status, 400);
    check("post", "/v1/assess", status, &text);
    let gets = [
        ("/v1/decisions", "/v1/decisions".to_owned()),
        ("/v1/decisions/{id}", format!("/v1/decisions/{id}")),
        (
            "/v1/decisions/{id}",
            "/v1/decisions/no-such-decision".to_owned(),
        ),
        (
            "/v1/decisions/{id}/receipt",
            format!("/v1/decisions/{id}/receipt"),
        ),
        ("/v1/checkpoint", "/v1/checkpoint".to_owned()),
        (
            "/v1/checkpoint/consistency",
            "/v1/checkpoint/consistency?from=1".to_owned(),
        ),
        ("/v1/rules", "/v1/rules".to_owned()),
        ("/v1/readings", "/v1/readings".to_owned()),
        (
            "/v1/rules/{id}",
            "/v1/rules/admission.investment_per_mu".to_owned(),
        ),
        ("/v1/conflicts", "/v1/conflicts".to_owned()),
        ("/health/live", "/health/live".to_owned()),
        ("/health/ready", "/health/ready".to_owned()),
        ("/openapi.json", "/openapi.json".to_owned()),
    ];
    for (template, path) in gets {
        let (status, text) = answer(server.get(&path).await).await;
        check("get", template, status, &text);
    }
    let verify = server
        .client
        .post(server.url(&format!("/v1/decisions/{id}/verify")))
        .send()
        .await
        .unwrap();
    let (status, text) = answer(verify).await;
    check("post", "/v1/decisions/{id}/verify", status, &text);
    let observations = r#"[{"indicator": "gdp", "year": 2023, "value": "1000", "unit": "亿元"}]"#;
    let (status, text) = answer(
        server
            .post_json("/v1/progress?year=2023", observations)
            .await,
    )
    .await;
    check("post", "/v1/progress", status, &text);
    server.stop().await;
}
