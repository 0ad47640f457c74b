//! The contract's JSON Schemas (`schemas/`): current with the service's OpenAPI components they are
//! made from (`SHENFU_BLESS=1` rewrites them), and every fixture — inputs, reports, errors,
//! observations, progress reports — valid against them. A field the engine writes that the
//! schema does not name fails here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

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
