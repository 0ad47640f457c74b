//! The bad-input matrix (`fixtures/bad-inputs/matrix.json`), shared by every surface: each entry
//! gives its code, field and line here exactly as through the CLI, Python and WASM; the entries
//! with `"code": null` are accepted (and normalised) everywhere.
#![cfg(test)]

use serde_json::Value;
use shenfu_rules::error::Location;
use shenfu_rules::table::{ObservationTable, ProjectTable};
use shenfu_rules::zone::Observations;
use shenfu_rules::{Cell, Options, Rulebook};

fn matrix() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/bad-inputs/matrix.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The entry's input, with a generated repetition expanded (the 100 MB line).
fn input(case: &Value) -> String {
    let text = case["input"].as_str().unwrap();
    match case.get("repeat") {
        Some(r) => text.replace(
            "REPEAT",
            &r["text"]
                .as_str()
                .unwrap()
                .repeat(usize::try_from(r["times"].as_u64().unwrap()).unwrap()),
        ),
        None => text.to_owned(),
    }
}

fn cells(line: &str) -> impl Iterator<Item = Option<Cell<'_>>> {
    line.split(',').map(|c| Some(Cell::Text(c)))
}

/// A CSV entry (no quoting in them) through the core's table readers, with its `units`; an
/// error carries the line its row is on (the header's is 1).
fn read_table(book: &Rulebook, case: &Value, text: &str) -> Result<(), shenfu_rules::Error> {
    let at = |line: usize| move |e: shenfu_rules::Error| e.located(Location { line, column: 1 });
    let mut lines = text.strip_prefix('\u{feff}').unwrap_or(text).lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let rows = lines
        .enumerate()
        .map(|(i, line)| (i + 2, line.trim_end_matches('\r')));
    if case["kind"] == "observations_csv" {
        let table = ObservationTable::new(&header).map_err(at(1))?;
        let mut set = Observations::default();
        for (line, row) in rows {
            table.add(book, &mut set, cells(row)).map_err(at(line))?;
        }
        return Ok(());
    }
    let units: Vec<(String, String)> = case
        .get("units")
        .and_then(Value::as_object)
        .map(|u| {
            u.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let header: Vec<&str> = header.iter().map(|h| h.trim_end_matches('\r')).collect();
    let table = ProjectTable::new(&header, &units).map_err(at(1))?;
    for (line, row) in rows {
        table.project(cells(row)).map_err(at(line))?;
    }
    Ok(())
}

#[test]
fn every_bad_input_gives_its_code_field_and_line() {
    let cases = matrix();
    assert!(cases.len() >= 50, "{}", cases.len());
    let book = Rulebook::embedded();
    let mut checked = 0;
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let surfaces = case.get("surfaces").and_then(Value::as_array);
        if surfaces.is_some_and(|s| !s.iter().any(|x| x == "rust")) {
            continue;
        }
        let text = input(case);
        let year = case
            .get("year")
            .and_then(Value::as_u64)
            .map(|y| u16::try_from(y).unwrap());
        let result: Result<(), shenfu_rules::Error> = match case["kind"].as_str().unwrap() {
            "project" => shenfu_rules::assess_json(book, &text, Options { year }).map(|_| ()),
            "rulebook" => Rulebook::from_toml_str(&text).map(|_| ()),
            "observations" => Observations::from_json_str(book, &text).map(|_| ()),
            // A table's cells through the core's one table reader (the CLI splits with the
            // csv crate; what only the csv crate refuses is the CLI's to check).
            "project_csv" | "observations_csv" if case["code"] != "invalid_csv" => {
                read_table(book, case, &text)
            }
            _ => continue,
        };
        checked += 1;
        match (result, case["code"].as_str()) {
            (Ok(()), None) => {}
            (Ok(()), Some(code)) => panic!("{name}: accepted, expected {code}"),
            (Err(e), None) => panic!("{name}: expected to be accepted, got {e}"),
            (Err(e), Some(code)) => {
                assert_eq!(e.code(), code, "{name}: {e}");
                assert_eq!(e.field.as_deref(), case["field"].as_str(), "{name}: {e}");
                assert_eq!(
                    e.location.map(|l| l.line as u64),
                    case["line"].as_u64(),
                    "{name}: {e}"
                );
            }
        }
    }
    assert!(checked >= 55, "{checked}");
}
