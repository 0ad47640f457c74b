//! The conformance cases in `fixtures/projects/cases/`: every surface must turn `input.json`
//! (with the options in `case.json`: `year`, and `alternatives`, the readings evaluated under
//! their alternative) into exactly the bytes of `report.json`. This test also
//! checks each case's hand-written expectations (`case.json` → `expect`), which were worked out
//! independently of the engine, so a snapshot can never bless a wrong verdict.
//!
//! `SHENFU_BLESS=1 cargo test -p shenfu-rules --test fixtures` rewrites the `report.json` files
//! (after a deliberate change of wording, rulebook or engine version); the hand-written
//! expectations still have to hold.
#![cfg(test)]

use serde_json::Value;
use shenfu_rules::{Options, Rulebook, assess_json};
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/projects/cases")
}

/// The canonical output for a case, report or error — the function every surface mirrors.
fn run_case(dir: &Path) -> (String, Value) {
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
    let input = std::fs::read_to_string(dir.join("input.json")).unwrap();
    let year = case["options"]["year"]
        .as_u64()
        .map(|y| u16::try_from(y).unwrap());
    // A case may be assessed under readings' alternatives (the R&D reference points are
    // assessed only under `benchmark.enterprise_share`'s).
    let alternatives: Vec<&str> = case["options"]["alternatives"]
        .as_array()
        .map(|ids| ids.iter().map(|id| id.as_str().unwrap()).collect())
        .unwrap_or_default();
    let under = Rulebook::embedded().under(&alternatives).unwrap();
    let book = &under;
    let output = match assess_json(book, &input, Options { year }) {
        Ok(json) => {
            // The writer's bytes are the report's: rendered parts, same words.
            let project = shenfu_rules::Project::from_json_str(&input).unwrap();
            let report = book.assess(&project, Options { year }).unwrap();
            assert_eq!(json, report.to_canonical_json(), "{}", dir.display());
            json
        }
        Err(e) => e.to_canonical_json(),
    };
    (output, case)
}

fn check_expectations(name: &str, output: &str, expect: &Value) {
    let got: Value = serde_json::from_str(output).unwrap();
    if let Some(error) = expect.get("error") {
        assert_eq!(
            got["error"]["code"], error["code"],
            "{name}: error code in {output}"
        );
        assert_eq!(
            got["error"]["field"], error["field"],
            "{name}: error field in {output}"
        );
        return;
    }
    assert!(
        got.get("error").is_none(),
        "{name}: unexpected error {output}"
    );
    assert_eq!(got["eligible"], expect["eligible"], "{name}: eligible");
    // The verdict: as the case says, or what its `eligible` stands for.
    let verdict = expect.get("verdict").cloned().unwrap_or_else(|| {
        Value::from(match expect["eligible"].as_bool() {
            Some(true) => "eligible",
            Some(false) => "not_eligible",
            None => "not_subject",
        })
    });
    assert_eq!(got["verdict"], verdict, "{name}: verdict");
    // Every report says what it assumed: `introduced`, exactly when the application did not say.
    let assumed: Vec<&str> = got["assumptions"]
        .as_array()
        .unwrap_or_else(|| panic!("{name}: no assumptions list"))
        .iter()
        .map(|a| a["field"].as_str().unwrap())
        .collect();
    let said = expect
        .get("introduced_given")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    assert_eq!(
        assumed,
        if said { vec![] } else { vec!["introduced"] },
        "{name}: assumptions"
    );
    let outcome = |id: &str| -> Value {
        got["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule_id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{name}: no outcome {id}"))
    };
    for (key, path) in [
        ("status", "status"),
        ("observed", "observed"),
        ("margin", "margin"),
    ] {
        if let Some(map) = expect.get(key).and_then(Value::as_object) {
            for (id, want) in map {
                let o = outcome(id);
                let have = if path == "status" {
                    o["status"].clone()
                } else {
                    o[path]["value"].clone()
                };
                assert_eq!(&have, want, "{name}: {key} of {id}");
            }
        }
    }
    // The rules assessed, in order, where the case lists them.
    if let Some(rules) = expect.get("rules") {
        let ids: Vec<&Value> = got["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| &o["rule_id"])
            .collect();
        assert_eq!(
            &Value::from(ids.into_iter().cloned().collect::<Vec<_>>()),
            rules,
            "{name}: rules"
        );
    }
    // Readings: the ids an outcome rests on, and its status under their other side.
    for key in ["alternative_status", "readings"] {
        if let Some(map) = expect.get(key).and_then(Value::as_object) {
            for (id, want) in map {
                assert_eq!(&outcome(id)[key], want, "{name}: {key} of {id}");
            }
        }
    }
    // What would pass, written by hand as [field, comparator, value, unit].
    if let Some(map) = expect.get("to_pass").and_then(Value::as_object) {
        for (id, want) in map {
            let have = &outcome(id)["to_pass"];
            let have = have.as_array().map(|conditions| {
                conditions
                    .iter()
                    .map(|c| {
                        serde_json::json!([
                            c["field"],
                            c["comparator"],
                            c["value"]["value"],
                            c["value"]["unit"]
                        ])
                    })
                    .collect::<Vec<_>>()
            });
            let have = have.map_or(Value::Null, Value::from);
            assert_eq!(&have, want, "{name}: to_pass of {id}");
        }
    }
}

#[test]
fn every_case_matches_its_report_and_its_hand_written_expectations() {
    let bless = std::env::var_os("SHENFU_BLESS").is_some();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 30,
        "the contract asks for at least 30 cases, found {}",
        dirs.len()
    );
    let mut mismatched = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (output, case) = run_case(dir);
        check_expectations(&name, &output, &case["expect"]);
        let report_path = dir.join("report.json");
        let expected = std::fs::read_to_string(&report_path).unwrap_or_default();
        if bless {
            std::fs::write(&report_path, format!("{output}\n")).unwrap();
        } else if expected != format!("{output}\n") {
            mismatched.push(name);
        }
    }
    assert!(
        mismatched.is_empty(),
        "canonical reports differ from report.json (re-bless if intended): {mismatched:?}"
    );
}

#[test]
fn reports_are_deterministic_and_carry_their_provenance() {
    let dir = cases_dir().join("001-eligible_digital_economy");
    let (first, _) = run_case(&dir);
    let (second, _) = run_case(&dir);
    assert_eq!(first, second);
    let report: Value = serde_json::from_str(&first).unwrap();
    let book = Rulebook::embedded();
    let toml_sha =
        shenfu_rules::canonical::sha256_hex(shenfu_rules::rulebook::SHENFU_TOML.as_bytes());
    assert_eq!(report["rulebook"]["sha256"], Value::String(toml_sha));
    assert_eq!(report["rulebook"]["id"], Value::String(book.id.clone()));
    assert_eq!(report["engine"]["version"], env!("CARGO_PKG_VERSION"));
    let input = std::fs::read_to_string(dir.join("input.json")).unwrap();
    let project = shenfu_rules::Project::from_json_str(&input).unwrap();
    assert_eq!(
        report["input_sha256"],
        Value::String(shenfu_rules::canonical::sha256_hex(
            project.to_canonical_json().as_bytes()
        ))
    );
}
