//! The `shenfu` binary end to end: exit codes, formats, the conformance fixtures byte for byte,
//! and bad input named by file, line and field with nothing half-written to stdout.
#![cfg(test)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shenfu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shenfu"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// `shenfu assess FILE --format FORMAT --on-error report`: bad rows written in their place.
fn assess_reporting(file: &Path, format: &str) -> Output {
    shenfu(&[
        "assess",
        file.to_str().unwrap(),
        "--format",
        format,
        "--on-error",
        "report",
    ])
}

/// A file written for one test under cargo's scratch directory for tests (`target/tmp`), removed
/// when the test is done with it, even when it fails: some are 100 MB, and a run must not leave
/// them behind (they once filled a CI machine's disk).
struct TempFile(PathBuf);

impl std::ops::Deref for TempFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempFile {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp_file(name: &str, contents: &str) -> TempFile {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    TempFile(path)
}

#[test]
fn every_fixture_case_gives_the_same_bytes_through_the_cli() {
    let cases = root().join("fixtures/projects/cases");
    let mut count = 0;
    for entry in std::fs::read_dir(&cases).unwrap() {
        let dir = entry.unwrap().path();
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
        let expected = std::fs::read_to_string(dir.join("report.json")).unwrap();
        let input = dir.join("input.json");
        let mut args = vec![
            "assess".to_owned(),
            input.to_string_lossy().into_owned(),
            "--format".into(),
            "jsonl".into(),
        ];
        if let Some(y) = case["options"]["year"].as_u64() {
            args.extend(["--year".to_owned(), y.to_string()]);
        }
        // Readings evaluated under their alternative: the global `--reading ID=alternative`.
        for id in case["options"]["alternatives"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let reading = format!("{}=alternative", id.as_str().unwrap());
            args.splice(0..0, ["--reading".to_owned(), reading]);
        }
        let out = shenfu(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if case["expect"].get("error").is_some() {
            assert_eq!(out.status.code(), Some(2), "{name}");
            assert_eq!(stderr(&out), expected, "{name}: canonical error on stderr");
            assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        } else {
            // Exit 1 only for a project that is not eligible; one the conditions do not
            // cover (eligible null) passes the pipeline.
            let not_eligible = case["expect"]["eligible"] == false;
            assert_eq!(
                out.status.code(),
                Some(if not_eligible { 1 } else { 0 }),
                "{name}"
            );
            assert_eq!(stdout(&out), expected, "{name}");
        }
        count += 1;
    }
    assert!(count >= 30);
}

#[test]
fn examples_in_json_jsonl_and_csv_agree() {
    let json = shenfu(&[
        "assess",
        "fixtures/projects/examples.json",
        "--format",
        "jsonl",
    ]);
    let jsonl = shenfu(&[
        "assess",
        "fixtures/projects/examples.jsonl",
        "--format",
        "jsonl",
    ]);
    let csv = shenfu(&[
        "assess",
        "fixtures/projects/examples.csv",
        "--format",
        "jsonl",
    ]);
    assert_eq!(json.status.code(), Some(1), "two examples are not eligible");
    assert_eq!(stdout(&json), stdout(&jsonl));
    assert_eq!(
        stdout(&json),
        stdout(&csv),
        "CSV with unit columns reads the same projects"
    );
    assert_eq!(stdout(&json).lines().count(), 5);
    let array = shenfu(&[
        "assess",
        "fixtures/projects/examples.json",
        "--format",
        "json",
    ]);
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&array)).unwrap();
    assert_eq!(parsed.as_array().unwrap().len(), 5);
}

#[test]
fn the_table_speaks_chinese_by_default_and_english_on_request() {
    let zh = stdout(&shenfu(&["assess", "fixtures/projects/examples.json"]));
    assert!(
        zh.contains("SF-2026-003") && zh.contains("不符合准入条件"),
        "{zh}"
    );
    assert!(
        zh.contains("恰好等于 300 万元/亩"),
        "the boundary is explained: {zh}"
    );
    assert!(zh.contains("共 5 个项目：3 个符合准入条件，2 个不符合。"));
    let en = stdout(&shenfu(&[
        "--lang",
        "en",
        "assess",
        "fixtures/projects/examples.json",
    ]));
    assert!(
        en.contains("Not eligible ✗") && en.contains("5 projects: 3 eligible, 2 not eligible."),
        "{en}"
    );
}

#[test]
fn csv_output_has_one_row_per_project_and_its_rules_columns() {
    let out = shenfu(&[
        "assess",
        "fixtures/projects/examples.csv",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[4], "verdict");
    assert_eq!(&headers[5], "admission.investment_per_mu.status");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        (
            &rows[2][0],
            &rows[2][1],
            &rows[2][3],
            &rows[2][4],
            &rows[2][5],
            &rows[2][6]
        ),
        ("2", "SF-2026-003", "false", "not_eligible", "fail", "300")
    );
}

#[test]
fn bad_rows_are_named_by_file_line_and_field_and_nothing_is_written() {
    let csv = temp_file(
        "bad.csv",
        "industry,fixed_asset_investment,fixed_asset_investment_unit,land_area,land_area_unit,annual_tax,annual_tax_unit\n数字经济,240000000,元,60,亩,30000000,元\n数字经济,240000000,元,0,亩,30000000,元\n",
    );
    let out = shenfu(&["assess", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("bad.csv: line 3")
            && err.contains("land_area.value")
            && err.contains("zero_area"),
        "{err}"
    );

    let machine = shenfu(&["assess", csv.to_str().unwrap(), "--format", "json"]);
    let error: serde_json::Value = serde_json::from_str(stderr(&machine).trim()).unwrap();
    assert_eq!(
        (
            error["error"]["code"].as_str(),
            error["error"]["field"].as_str(),
            error["error"]["line"].as_u64()
        ),
        (Some("zero_area"), Some("land_area.value"), Some(3))
    );

    let missing = temp_file(
        "missing.csv",
        "industry,fixed_asset_investment,annual_tax\n数字经济,1,1\n",
    );
    let err = stderr(&shenfu(&["assess", missing.to_str().unwrap()]));
    assert!(
        err.contains("line 1") && err.contains("`land_area`") && err.contains("missing_field"),
        "{err}"
    );

    let array = temp_file(
        "bad.json",
        r#"[{"industry":"其他","fixed_asset_investment":1,"land_area":1,"annual_tax":1},{"industry":"其他","fixed_asset_investment":1,"land_area":"NaN","annual_tax":1}]"#,
    );
    let err = stderr(&shenfu(&["assess", array.to_str().unwrap()]));
    assert!(
        err.contains("item 1") && err.contains("[1].land_area.value") && err.contains("non_finite"),
        "{err}"
    );

    let lines = temp_file(
        "bad.jsonl",
        "{\"industry\":\"其他\",\"fixed_asset_investment\":1,\"land_area\":1,\"annual_tax\":1}\n\n{\"industry\":\"钢铁\",\"fixed_asset_investment\":1,\"land_area\":1,\"annual_tax\":1}\n",
    );
    let err = stderr(&shenfu(&["assess", lines.to_str().unwrap()]));
    assert!(
        err.contains("line 3") && err.contains("unknown_industry"),
        "{err}"
    );

    let syntax = temp_file("syntax.json", "{\"industry\": \n  \"其他\",,}");
    let err = stderr(&shenfu(&["assess", syntax.to_str().unwrap()]));
    assert!(
        err.contains("line 2") && err.contains("invalid_json"),
        "{err}"
    );

    let err = stderr(&shenfu(&["assess", "no/such/file.json"]));
    assert!(
        err.contains("no/such/file.json") && err.contains("[io]"),
        "{err}"
    );
}

#[test]
fn the_year_is_an_input_and_is_checked() {
    let out = shenfu(&[
        "assess",
        "fixtures/projects/examples.json",
        "--year",
        "2019",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("field `year`") && stderr(&out).contains("out_of_range"));
}

#[test]
fn rules_and_explain_describe_the_rulebook() {
    let out = shenfu(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = &rules[0];
    assert_eq!(first["id"], "admission.investment_per_mu");
    assert_eq!(first["comparator"], ">");
    assert_eq!(first["threshold"]["value"], "300");
    assert_eq!(first["threshold"]["unit"], "万元/亩");
    assert_eq!(first["property"], "admission");
    assert!(
        first["citation"]["quote"]
            .as_str()
            .unwrap()
            .contains("亩均投入超 300 万元")
    );
    let table = stdout(&shenfu(&["rules"]));
    assert!(table.contains("admission.tax_per_mu") && table.contains("> 40 万元/亩"));
    let explain = stdout(&shenfu(&["explain", "admission.tax_per_mu"]));
    assert!(
        explain.contains("亩均税收产出超 40 万元") && explain.contains("一、发展基础"),
        "{explain}"
    );
    let unknown = shenfu(&["explain", "admission.nothing"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown_rule"));
}

#[test]
fn another_rulebook_can_be_used_and_a_broken_one_is_refused_with_its_line() {
    let ok = shenfu(&[
        "--rulebook",
        "fixtures/rulebooks/valid_minimal.toml",
        "rules",
        "--format",
        "json",
    ]);
    let rules: serde_json::Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), 1);
    let bad = shenfu(&[
        "--rulebook",
        "fixtures/rulebooks/duplicate_id.toml",
        "assess",
        "fixtures/projects/examples.json",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(
        err.contains("duplicate_id.toml")
            && err.contains("line 18")
            && err.contains("rulebook_duplicate_id"),
        "{err}"
    );
}

#[test]
fn progress_cases_give_the_core_snapshots_byte_for_byte() {
    let cases = root().join("fixtures/indicators/cases");
    for entry in std::fs::read_dir(&cases).unwrap() {
        let dir = entry.unwrap().path();
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
        let year = case["year"].as_u64().unwrap().to_string();
        let input = dir.join("observations.csv");
        let out = shenfu(&[
            "progress",
            input.to_str().unwrap(),
            "--year",
            &year,
            "--format",
            "json",
        ]);
        let expected = std::fs::read_to_string(dir.join("report.json")).unwrap();
        assert_eq!(stdout(&out), expected, "{}", dir.display());
        let violations = case["expect"]["summary"]["violations"].as_u64().unwrap();
        assert_eq!(
            out.status.code(),
            Some(i32::from(violations > 0)),
            "{}",
            dir.display()
        );
    }
}

#[test]
fn progress_prints_a_grouped_table_and_writes_the_chart() {
    let svg =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("progress-{}.svg", std::process::id()));
    let out = shenfu(&[
        "progress",
        "fixtures/indicators/cases/2023-mixed/observations.csv",
        "--year",
        "2023",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "a binding target was missed");
    let text = stdout(&out);
    for heading in [
        "综合实力提升",
        "科技创新引领",
        "开放合作先行",
        "构建现代化产业体系",
        "四宜示范区建设",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("未达成 ⚠约束性"));
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(picture.starts_with("<svg") && picture.trim_end().ends_with("</svg>"));
    std::fs::remove_file(&svg).unwrap();
    let en = shenfu(&[
        "--lang",
        "en",
        "progress",
        "fixtures/indicators/cases/2023-mixed/observations.csv",
        "--year",
        "2023",
        "--format",
        "csv",
    ]);
    let csv = stdout(&en);
    assert!(csv.starts_with("category,indicator,number,target_id"));
    assert!(csv.contains("livable_zone,unemployment_rate,25,indicator.unemployment_rate.2022,2022,level,binding,<=,3,%,3,%,missed,true,2022,3.2,,0.2,"));
}

#[test]
fn bad_observations_exit_2_with_the_canonical_error() {
    let dir = root().join("fixtures/indicators/bad");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    for (file, want) in expected.as_object().unwrap() {
        let path = dir.join(file);
        let out = shenfu(&[
            "progress",
            path.to_str().unwrap(),
            "--year",
            "2023",
            "--format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(out.stdout.is_empty(), "{file}: nothing on stdout");
        let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
        assert_eq!(error["error"]["code"], want["code"], "{file}");
        assert_eq!(error["error"]["field"], want["field"], "{file}");
        assert_eq!(error["error"]["line"], want["line"], "{file}");
    }
    let out = shenfu(&[
        "progress",
        "fixtures/indicators/cases/2023-mixed/observations.csv",
        "--year",
        "2036",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2036"));
}

#[test]
fn rules_list_every_target_and_the_conflicts() {
    let out = shenfu(&["rules", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"admission.investment_per_mu"));
    assert!(ids.contains(&"indicator.gdp.2035"));
    assert!(ids.contains(&"target.gdp.2025.multiple"));
    assert!(ids.contains(&"target.energy_intensity_reduction.2025.annual"));
    // 8 project rules, 101 table cells (34 rows × 3 years, row 34 has no 2022 value), 58 prose
    // targets (the 50th: 「完成…51 处文物保护单位保护规划」; then the bus network's five figures,
    // 户厕改造's two and the 4 个 500 亿级产业园区, issue 24).
    assert_eq!(ids.len(), 8 + 101 + 58);
    assert!(ids.contains(&"target.heritage_protection_plans.2025"));
    let conflicts = shenfu(&["rules", "--conflicts", "--format", "json"]);
    let conflicts: serde_json::Value = serde_json::from_str(&stdout(&conflicts)).unwrap();
    assert_eq!(conflicts.as_array().unwrap().len(), 20);
    let explain = shenfu(&["explain", "target.gdp.2025.multiple"]);
    assert!(stdout(&explain).contains("翻两番"));
}

#[test]
fn the_readme_picture_is_current() {
    let svg =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("readme-{}.svg", std::process::id()));
    shenfu(&[
        "progress",
        "fixtures/indicators/cases/2023-mixed/observations.csv",
        "--year",
        "2023",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    let fresh = std::fs::read_to_string(&svg).unwrap();
    std::fs::remove_file(&svg).unwrap();
    let stored = std::fs::read_to_string(root().join("docs/progress-2023.svg")).unwrap();
    assert!(
        fresh == stored,
        "docs/progress-2023.svg is stale: regenerate it with the command in the README"
    );
}

#[test]
fn verify_accepts_an_untouched_report_and_rejects_a_changed_number() {
    let input = "fixtures/projects/cases/001-eligible_digital_economy/input.json";
    let stored = root().join("fixtures/projects/cases/001-eligible_digital_economy/report.json");
    let stored_text = std::fs::read_to_string(&stored).unwrap();
    let ok = shenfu(&["verify", stored.to_str().unwrap(), "--input", input]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let ok = shenfu(&["verify", stored.to_str().unwrap(), "--format", "json"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    // The observed 400 万元/亩 edited to 290: the status no longer follows, and recomputing differs.
    let edited = temp_file(
        "edited.json",
        &stored_text.replace(r#""value":"400""#, r#""value":"290""#),
    );
    assert_ne!(std::fs::read_to_string(&edited).unwrap(), stored_text);
    let bad = shenfu(&["--lang", "en", "verify", edited.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("admission.investment_per_mu: inconsistent"));
    let bad = shenfu(&[
        "verify",
        edited.to_str().unwrap(),
        "--input",
        input,
        "--format",
        "json",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_str(&stdout(&bad)).unwrap();
    assert_eq!(findings["verified"], false);
    // A different rulebook is named as such.
    let other = shenfu(&[
        "--rulebook",
        "fixtures/rulebooks/valid_minimal.toml",
        "verify",
        stored.to_str().unwrap(),
    ]);
    assert_eq!(other.status.code(), Some(1));
    let garbage = temp_file("garbage.json", "{\"engine\": 3}");
    assert_eq!(
        shenfu(&["verify", garbage.to_str().unwrap()]).status.code(),
        Some(2)
    );
}

#[test]
fn on_error_report_keeps_the_good_rows_and_names_the_bad_ones() {
    let csv = temp_file(
        "mixed.csv",
        "id,industry,fixed_asset_investment,fixed_asset_investment_unit,land_area,land_area_unit,annual_tax,annual_tax_unit\nA,数字经济,240000000,元,60,亩,30000000,元\nB,数字经济,240000000,元,0,亩,30000000,元\nC,数字经济,1,元,60,亩,1,元\n",
    );
    let out = assess_reporting(&csv, "csv");
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[headers.len() - 5], "error_code");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!((&rows[0][1], &rows[0][3]), ("A", "true"));
    assert_eq!((&rows[2][1], &rows[2][3]), ("C", "false"));
    let n = rows[1].len();
    assert_eq!(
        (
            &rows[1][0],
            &rows[1][n - 5],
            &rows[1][n - 4],
            &rows[1][n - 3]
        ),
        ("1", "zero_area", "land_area.value", "3")
    );
    assert_eq!(&rows[1][n - 2], "用地面积必须大于零");
    assert!(stderr(&out).contains("mixed.csv: line 3"));

    let jsonl = temp_file(
        "mixed.jsonl",
        "{\"industry\":\"数字经济\",\"fixed_asset_investment\":240000000,\"land_area\":60,\"annual_tax\":30000000}\n{\"industry\":\"数字经济\",\"fixed_asset_investment\":\"NaN\",\"land_area\":60,\"annual_tax\":1}\n\n{\"industry\":\"数字经济\",\"fixed_asset_investment\":1,\"land_area\":60,\"annual_tax\":1}\r\n",
    );
    let out = assess_reporting(&jsonl, "jsonl");
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["eligible"], true);
    assert_eq!(lines[1]["error"]["code"], "non_finite");
    assert_eq!(lines[1]["error"]["line"], 2);
    assert_eq!(lines[2]["eligible"], false);
    // The default stops at the first bad row and writes nothing.
    let out = shenfu(&["assess", jsonl.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_project_the_engine_refuses_late_in_a_file_leaves_stdout_empty() {
    // Row 3 reads as a project but the engine refuses it: tax in 美元 against 40 万元/亩.
    let good = r#"{"industry":"数字经济","fixed_asset_investment":"240000000","land_area":"60","annual_tax":"30000000"}"#;
    let refused = r#"{"industry":"数字经济","fixed_asset_investment":"240000000","land_area":"60","annual_tax":{"value":"3000","unit":"美元"}}"#;
    let jsonl = temp_file("refused.jsonl", &format!("{good}\n{good}\n{refused}\n"));
    for format in ["jsonl", "csv", "json"] {
        let out = shenfu(&["assess", jsonl.to_str().unwrap(), "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty(), "{format}: nothing on stdout");
        assert!(
            stderr(&out).contains("currency_mismatch") || stderr(&out).contains("line 3"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn the_bad_input_matrix_through_the_cli() {
    let path = root().join("fixtures/bad-inputs/matrix.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"].as_str().unwrap();
        if case
            .get("surfaces")
            .and_then(|s| s.as_array())
            .is_some_and(|s| !s.iter().any(|x| x == "cli"))
        {
            continue;
        }
        let mut text = case["input"].as_str().unwrap().to_owned();
        if let Some(r) = case.get("repeat") {
            let times = usize::try_from(r["times"].as_u64().unwrap()).unwrap();
            text = text.replace("REPEAT", &r["text"].as_str().unwrap().repeat(times));
        }
        let year = case
            .get("year")
            .and_then(|y| y.as_u64())
            .map(|y| y.to_string());
        let out = match case["kind"].as_str().unwrap() {
            "project" | "project_csv" => {
                let ext = if case["kind"] == "project" {
                    "json"
                } else {
                    "csv"
                };
                let file = temp_file(&format!("matrix-{i}.{ext}"), &text);
                let mut args = vec![
                    "assess".to_owned(),
                    file.to_string_lossy().into_owned(),
                    "--format".into(),
                    "jsonl".into(),
                ];
                if let Some(y) = &year {
                    args.extend(["--year".to_owned(), y.clone()]);
                }
                shenfu(&args.iter().map(String::as_str).collect::<Vec<_>>())
            }
            "rulebook" => {
                let file = temp_file(&format!("matrix-{i}.toml"), &text);
                shenfu(&[
                    "--rulebook",
                    file.to_str().unwrap(),
                    "rules",
                    "--format",
                    "json",
                ])
            }
            "observations" | "observations_csv" => {
                let ext = if case["kind"] == "observations" {
                    "json"
                } else {
                    "csv"
                };
                let file = temp_file(&format!("matrix-{i}.{ext}"), &text);
                shenfu(&[
                    "progress",
                    file.to_str().unwrap(),
                    "--year",
                    "2023",
                    "--format",
                    "json",
                ])
            }
            other => panic!("unknown kind {other}"),
        };
        checked += 1;
        match case["code"].as_str() {
            None => assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{name}: {}",
                stderr(&out)
            ),
            Some(code) => {
                assert_eq!(out.status.code(), Some(2), "{name}");
                assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
                let err = stderr(&out);
                let error: serde_json::Value =
                    serde_json::from_str(err.trim()).unwrap_or_else(|_| panic!("{name}: {err}"));
                assert_eq!(error["error"]["code"], code, "{name}: {err}");
                // A file may hold many projects: a JSON array is a list of them to the CLI.
                let field = case.get("cli_field").unwrap_or(&case["field"]);
                assert_eq!(&error["error"]["field"], field, "{name}: {err}");
                if !case["line"].is_null() {
                    assert_eq!(error["error"]["line"], case["line"], "{name}: {err}");
                }
            }
        }
    }
    assert!(checked >= 65, "{checked}");
}

/// A 左右 target where less is better is required from above: the table prints the comparator the
/// core judged it by (`<=`), as the report's message says, never `>=`.
#[test]
fn a_lower_is_better_about_target_is_shown_with_le() {
    let rulebook = root().join("fixtures/rulebooks/valid/zone_about_lower.toml");
    let observations = temp_file(
        "crowding.csv",
        "indicator,year,value,unit\ncrowding,2024,20.5,万人\n",
    );
    let args = |format: &'static str| {
        vec![
            "--rulebook".to_owned(),
            rulebook.display().to_string(),
            "progress".to_owned(),
            observations.display().to_string(),
            "--year".to_owned(),
            "2024".to_owned(),
            "--format".to_owned(),
            format.to_owned(),
        ]
    };
    let run = |format| {
        let a = args(format);
        shenfu(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let table = run("table");
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    assert!(text.contains("<= 21"), "{text}");
    assert!(!text.contains(">= 21") && !text.contains("≥ 21"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&run("json"))).unwrap();
    let target = &json["indicators"][0]["targets"][0];
    assert_eq!(target["required"], "21");
    assert!(
        target["message"]["en"]
            .as_str()
            .unwrap()
            .contains("required <= 21")
    );
}

/// `--svg` for a report: `--only-observed` draws the observed indicators only, `--indicators`
/// the named ones; an unknown id is named.
#[test]
fn the_progress_picture_can_show_only_what_a_report_needs() {
    let observations = root().join("fixtures/indicators/cases/2023-mixed/observations.csv");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("svg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let picture = |extra: &[&str], name: &str| {
        let path = dir.join(name);
        let mut args = vec![
            "progress",
            observations.to_str().unwrap(),
            "--year",
            "2023",
            "--svg",
            path.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = shenfu(&args);
        (out, std::fs::read_to_string(&path).unwrap_or_default())
    };
    let (_, whole) = picture(&[], "all.svg");
    let (out, observed) = picture(&["--only-observed"], "observed.svg");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a binding target was missed in this fixture"
    );
    assert!(observed.len() * 2 < whole.len());
    assert!(observed.contains("地区生产总值"));
    let (_, gdp) = picture(&["--indicators", "gdp"], "gdp.svg");
    assert!(gdp.contains("地区生产总值") && gdp.len() < observed.len());
    let (out, none) = picture(&["--indicators", "gdp,nope"], "nope.svg");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        none.is_empty() && out.stdout.is_empty(),
        "nothing half-written"
    );
    assert!(stderr(&out).contains("unknown indicator `nope`"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn readings_are_listed_and_an_alternative_can_be_evaluated() {
    // The listing: the issue's keys, every reading once, art. 1259 only for its own words.
    let out = shenfu(&["rules", "--readings", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let readings: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let chao = readings
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "wording.chao")
        .unwrap();
    for key in ["id", "words", "chosen", "alternative", "basis"] {
        assert!(chao.get(key).is_some(), "{key} in {chao}");
    }
    assert_eq!(chao["words"], "超");
    assert_eq!(chao["basis"], "analogy");
    assert!(
        chao["used_by"]
            .as_array()
            .unwrap()
            .contains(&"admission.investment_per_mu".into())
    );
    let table = stdout(&shenfu(&["--lang", "en", "rules", "--readings"]));
    assert!(
        table.contains("wording.tupo") && table.contains("by analogy"),
        "{table}"
    );

    // 18000 万元 on 60 亩 is exactly 300 万元/亩: not 超 300 — but it is under the other reading.
    let project = temp_file(
        "boundary.json",
        r#"{"industry":"智能制造","fixed_asset_investment":{"value":"18000","unit":"万元"},"land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#,
    );
    let chosen = shenfu(&["assess", project.to_str().unwrap(), "--format", "json"]);
    assert_eq!(chosen.status.code(), Some(1));
    // `--format json` writes an array of reports, here one.
    let reports: serde_json::Value = serde_json::from_str(&stdout(&chosen)).unwrap();
    let invest = &reports[0]["outcomes"][0];
    assert_eq!(
        (&invest["status"], &invest["alternative_status"]),
        (&"fail".into(), &"pass".into())
    );
    assert_eq!(invest["to_pass"][0]["value"]["value"], "18000");
    let table = stdout(&shenfu(&["assess", project.to_str().unwrap()]));
    assert!(
        table.contains("满足其一即可通过：固定资产投资总额超过 18000 万元；或用地面积小于 60 亩"),
        "{table}"
    );
    assert!(table.contains("按另一种解读（超）结果为：通过"), "{table}");

    let other = shenfu(&[
        "assess",
        project.to_str().unwrap(),
        "--format",
        "json",
        "--reading",
        "wording.chao=alternative",
    ]);
    assert_eq!(other.status.code(), Some(0), "{}", stderr(&other));
    let reports: serde_json::Value = serde_json::from_str(&stdout(&other)).unwrap();
    let report = &reports[0];
    assert_eq!(report["eligible"], true);
    assert_eq!(
        report["alternative_readings"],
        serde_json::json!(["wording.chao"])
    );
    assert_eq!(report["outcomes"][0]["comparator"], ">=");

    // Bad readings: the canonical error, naming the reading, and nothing on stdout.
    for (given, code) in [
        ("wording.nope=alternative", Some("unknown_reading")),
        ("admission.tax=alternative", Some("no_alternative")),
        ("wording.chao", None),
    ] {
        let out = shenfu(&[
            "assess",
            project.to_str().unwrap(),
            "--format",
            "json",
            "--reading",
            given,
        ]);
        assert_eq!(out.status.code(), Some(2), "{given}");
        assert!(stdout(&out).is_empty());
        if let Some(code) = code {
            let error: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
            assert_eq!(error["error"]["code"], code);
            assert_eq!(error["error"]["field"], "reading");
        } else {
            assert!(stderr(&out).contains("ID=alternative"), "{}", stderr(&out));
        }
    }
}

#[test]
fn a_bad_row_in_csv_output_keeps_the_applications_id_and_name() {
    let csv = temp_file(
        "bad-named.csv",
        "id,name,industry,fixed_asset_investment,fixed_asset_investment_unit,land_area,land_area_unit,annual_tax,annual_tax_unit\n\
         P-1,甲,智能制造,24000,万元,60,亩,3000,万元\n\
         P-2,乙,智能制造,12万,万元,60,亩,3000,万元\n",
    );
    let jsonl = temp_file(
        "bad-named.jsonl",
        "{\"id\":7,\"name\":\"丙\",\"industry\":\"智能制造\",\"fixed_asset_investment\":\"x\",\"land_area\":\"1\",\"annual_tax\":\"1\"}\n\
         {\"id\":\"J-2\",\"industry\":\"智能制造\",\"fixed_asset_investment\":\"1\",\"land_area\":\"1\",\"annual_tax\":\"1\"}\n",
    );
    for (file, want) in [(&csv, ["1", "P-2", "乙"]), (&jsonl, ["0", "7", "丙"])] {
        let out = assess_reporting(file, "csv");
        assert_eq!(out.status.code(), Some(2));
        let text = stdout(&out);
        let bad = text
            .lines()
            .find(|l| l.contains("invalid_number"))
            .unwrap_or_else(|| panic!("{text}"));
        let cells: Vec<&str> = bad.split(',').take(4).collect();
        assert_eq!(cells, [want[0], want[1], want[2], ""], "{bad}");
    }
}

/// A batch large enough to be written on every core (chunks of 512 records per thread) comes out
/// in input order, each report the core's bytes for its project and each bad row in its place —
/// bad rows placed on and around the boundaries of the threads' parts and of the chunks.
#[test]
fn a_large_batch_is_written_in_order_on_every_core() {
    let rulebook = shenfu_rules::Rulebook::embedded();
    let bad = [0usize, 511, 512, 1023, 1024, 2047, 2999];
    let lines: Vec<String> = (0..3000usize)
        .map(|i| {
            let area = if bad.contains(&i) { -5 } else { 10 + (i as i64 * 7) % 190 };
            format!(
                r#"{{"id":"P-{i}","industry":"智能制造","fixed_asset_investment":{{"value":"{}","unit":"万元"}},"land_area":{{"value":"{area}","unit":"亩"}},"annual_tax":{{"value":"{}","unit":"万元"}}}}"#,
                5000 + (i * 37) % 35000,
                200 + (i * 13) % 5800
            )
        })
        .collect();
    let file = temp_file("large.jsonl", &(lines.join("\n") + "\n"));
    let path = file.to_str().unwrap();
    let out = assess_reporting(&file, "jsonl");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let written: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(written.len(), lines.len());
    for (i, (line, input)) in written.iter().zip(&lines).enumerate() {
        if bad.contains(&i) {
            assert!(
                line.contains(r#""code":"negative_value""#),
                "row {i}: {line}"
            );
            assert!(
                line.contains(&format!(r#""line":{}"#, i + 1)),
                "row {i}: {line}"
            );
        } else {
            let project = shenfu_rules::Project::from_json_str(input).unwrap();
            let mut expected = String::new();
            rulebook
                .write_assessment(&project, shenfu_rules::Options::default(), &mut expected)
                .unwrap();
            assert_eq!(*line, expected, "row {i}");
        }
    }
    // stderr names the bad rows in input order.
    let named: Vec<usize> = stderr(&out)
        .lines()
        .filter_map(|l| l.split(": line ").nth(1)?.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(named, bad.iter().map(|i| i + 1).collect::<Vec<_>>());

    // CSV: `row` counts 0, 1, 2 … with the bad rows' error codes in place.
    let out = assess_reporting(&file, "csv");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let code = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "error_code")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), lines.len());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], i.to_string());
        assert_eq!(row[1], format!("P-{i}"));
        assert_eq!(
            &row[code],
            if bad.contains(&i) {
                "negative_value"
            } else {
                ""
            }
        );
    }

    // A JSON array: one item per project, in order.
    let out = assess_reporting(&file, "json");
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), lines.len());
    assert_eq!(items[1]["subject"]["id"], "P-1");
    assert_eq!(items[2998]["subject"]["id"], "P-2998");
    assert_eq!(items[2999]["error"]["code"], "negative_value");

    // Fail mode: nothing on stdout, the first bad row's canonical error on stderr.
    let out = shenfu(&["assess", path, "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains(r#""code":"negative_value","field":"land_area.value","line":1,"#)
    );
    // Read and judged on every core, the first bad record in file order is the one named.
    let later: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !bad.contains(i) || *i >= 1024)
        .map(|(_, l)| l.as_str())
        .collect();
    let file = temp_file("later.jsonl", &(later.join("\n") + "\n"));
    let out = shenfu(&["assess", file.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // Input row 1024, after the four bad rows left out before it: line 1021.
    assert!(stderr(&out).contains(r#""line":1021,"#), "{}", stderr(&out));
}

/// A file of several 8 MB blocks (each read while the one before it is parsed and written on
/// every core, CSV rows by the thread that parsed them): rows count on across blocks and
/// threads, blank lines take no row, every bad row names its own line, fail mode names the
/// first bad row in file order and writes nothing, and a CSV input's malformed record is named
/// with the record number and line the `csv` crate gives reading the file in one go.
#[test]
fn a_file_of_several_blocks_keeps_its_rows_and_lines() {
    let n = 100_000; // ≈ 20 MB of JSON Lines: three blocks
    let bad = [1usize, 44_999, 45_000, 61_234, 99_999];
    let project = |i: usize| {
        let area = if bad.contains(&i) {
            -5
        } else {
            10 + (i as i64 * 7) % 190
        };
        format!(
            r#"{{"id":"P-{i}","industry":"智能制造","fixed_asset_investment":{{"value":"{}","unit":"万元"}},"land_area":{{"value":"{area}","unit":"亩"}},"annual_tax":{{"value":"{}","unit":"万元"}}}}"#,
            5000 + (i * 37) % 35000,
            200 + (i * 13) % 5800
        )
    };
    let (mut text, mut line_of, mut line) = (String::new(), Vec::new(), 0);
    for i in 0..n {
        if i % 7_919 == 3 {
            text.push('\n'); // a blank line: no row
            line += 1;
        }
        line += 1;
        line_of.push(line);
        text.push_str(&project(i));
        text.push('\n');
    }
    assert!(text.len() > 16 << 20, "at least three blocks");
    let file = temp_file("blocks.jsonl", &text);
    let out = assess_reporting(&file, "csv");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (code, error_line) = (column("error_code"), column("error_line"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            (&row[0], &row[1]),
            (i.to_string().as_str(), format!("P-{i}").as_str())
        );
        let (want_code, want_line) = if bad.contains(&i) {
            ("negative_value", line_of[i].to_string())
        } else {
            ("", String::new())
        };
        assert_eq!(
            (&row[code], &row[error_line]),
            (want_code, want_line.as_str()),
            "row {i}"
        );
    }
    let named: Vec<usize> = stderr(&out)
        .lines()
        .filter_map(|l| l.split(": line ").nth(1)?.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(named, bad.map(|i| line_of[i]));

    // Fail mode: the first bad row in file order, here in the third block, and no output.
    let later: String = text
        .lines()
        .filter(|l| {
            !l.contains("\"P-1\"") && !l.contains("\"P-44999\"") && !l.contains("\"P-45000\"")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let later_file = temp_file("blocks-later.jsonl", &later);
    let out = shenfu(&["assess", later_file.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let first_bad = later
        .lines()
        .position(|l| l.contains("\"P-61234\""))
        .unwrap()
        + 1;
    assert!(
        stderr(&out).contains(&format!(r#""line":{first_bad},"#)),
        "{}",
        stderr(&out)
    );
    // Reports are judged before any is written: the same error, judged on the parsing threads.
    let out = shenfu(&["assess", later_file.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains(&format!(r#""line":{first_bad},"#)));

    // CSV input: the same projects, one record near the end with a field too many.
    let mut csv_text = String::from(
        "id,industry,fixed_asset_investment,fixed_asset_investment_unit,land_area,land_area_unit,annual_tax,annual_tax_unit\n",
    );
    for i in 0..n {
        let extra = if i == 98_765 { ",surplus" } else { "" };
        let area = 10 + (i * 7) % 190;
        csv_text.push_str(&format!(
            "P-{i},智能制造,{},万元,{area},亩,{},万元{extra}\n",
            5000 + (i * 37) % 35000,
            200 + (i * 13) % 5800
        ));
    }
    let csv_file = temp_file("blocks.csv", &csv_text);
    let out = shenfu(&["assess", csv_file.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let expected = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .find_map(Result::err)
        .unwrap()
        .to_string();
    assert!(
        stderr(&out).contains(&expected),
        "{expected}\n{}",
        stderr(&out)
    );
    // Reporting in place, every other record is written, in order.
    let out = assess_reporting(&csv_file, "csv");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), n);
    assert_eq!(&rows[98_765][column("error_code")], "invalid_csv");
    assert_eq!(&rows[98_766][1], "P-98766");
}

/// JSON Lines reports streamed over several 8 MB blocks (`--on-error report`: nothing held),
/// each block parsed into the lists of records the block before it handed back: every report
/// comes once, in file order, with its own project's subject, and a bad row in the second
/// block is reported in its place, never a record left over from an earlier block.
#[test]
fn reports_streamed_over_several_blocks_come_once_each_in_order() {
    // Lines padded with spaces (JSON allows them between tokens) so that a few thousand
    // projects — few reports to check — fill three blocks.
    let (n, bad) = (12_000usize, 6_001usize);
    let pad = " ".repeat(1_800);
    let mut text = String::new();
    for i in 0..n {
        let area = if i == bad {
            -5
        } else {
            10 + (i as i64 * 7) % 190
        };
        text.push_str(&format!(
            r#"{{"id":"P-{i}",{pad}"industry":"智能制造","fixed_asset_investment":{{"value":"{}","unit":"万元"}},"land_area":{{"value":"{area}","unit":"亩"}},"annual_tax":{{"value":"{}","unit":"万元"}}}}"#,
            5000 + (i * 37) % 35000,
            200 + (i * 13) % 5800
        ));
        text.push('\n');
    }
    assert!(text.len() > 16 << 20, "at least three blocks");
    let file = temp_file("streamed.jsonl", &text);
    let out = assess_reporting(&file, "jsonl");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), n);
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if i == bad {
            assert_eq!(v["error"]["code"], "negative_value", "row {i}");
            assert_eq!(v["error"]["line"], i + 1, "row {i}");
        } else {
            assert_eq!(v["subject"]["id"], format!("P-{i}"), "row {i}");
        }
    }
}

/// Standard input is streamed: a block's rows go out as soon as it is read, while the producer
/// is still writing (nothing is read ahead of a stream); and a file refused whole — its CSV
/// header — leaves stdout empty even when bad rows are reported in place.
#[test]
fn standard_input_is_streamed_and_a_refused_header_writes_nothing() {
    use std::io::{Read, Write};
    let mut child = Command::new(env!("CARGO_BIN_EXE_shenfu"))
        .args(["assess", "-", "--format", "csv", "--on-error", "report"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Rows are read as they come (a full pipe would stop the CLI reading its input).
    let mut rows = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut first = [0u8; 4];
        rows.read_exact(&mut first).unwrap();
        sender.send(first).unwrap();
        let mut rest = Vec::new();
        rows.read_to_end(&mut rest).unwrap();
        [first.to_vec(), rest].concat()
    });
    let mut stdin = child.stdin.take().unwrap();
    let mut text = String::from(
        "id,industry,fixed_asset_investment,fixed_asset_investment_unit,land_area,land_area_unit,annual_tax,annual_tax_unit\n",
    );
    let mut i = 0;
    while text.len() < 10 << 20 {
        text.push_str(&format!(
            "P-{i},智能制造,18000,万元,{},亩,3000,万元\n",
            10 + i % 90
        ));
        i += 1;
    }
    stdin.write_all(text.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // The first 8 MB block's rows arrive while standard input is still open.
    let first = receiver.recv_timeout(std::time::Duration::from_secs(60));
    assert_eq!(
        first,
        Ok(*b"row,"),
        "no output while standard input stayed open"
    );
    drop(stdin);
    assert!(matches!(child.wait().unwrap().code(), Some(0 | 1)));
    let written = reader.join().unwrap();
    assert_eq!(written.iter().filter(|&&b| b == b'\n').count(), i + 1);

    for input in ["foo,bar\n1,2\n", ""] {
        let file = temp_file("refused-header.csv", input);
        for on_error in ["report", "fail"] {
            let out = shenfu(&[
                "assess",
                file.to_str().unwrap(),
                "--format",
                "csv",
                "--on-error",
                on_error,
            ]);
            assert_eq!(out.status.code(), Some(2), "{input:?} {on_error}");
            assert!(
                out.stdout.is_empty(),
                "{input:?} {on_error}: {}",
                stdout(&out)
            );
        }
    }
}

/// The README's counts are the engine's (issue 24): the conflicts by kind, the readings and the
/// prose targets, read from the README and compared with `shenfu rules` output.
#[test]
fn the_readme_counts_are_the_listings() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let number_after = |marker: &str| -> usize {
        let at = readme
            .find(marker)
            .unwrap_or_else(|| panic!("README: no `{marker}`"));
        readme[at + marker.len()..]
            .trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&stdout(&shenfu(args))).unwrap()
    };
    let conflicts = json(&["rules", "--conflicts", "--format", "json"]);
    let conflicts = conflicts.as_array().unwrap();
    assert_eq!(
        number_after("(`Rulebook::conflicts()` in Rust) lists the"),
        conflicts.len(),
        "conflict pairs"
    );
    for kind in [
        "substantive",
        "boundary",
        "floor_met",
        "undetermined",
        "cross_indicator",
    ] {
        let listed = conflicts.iter().filter(|c| c["kind"] == kind).count();
        assert_eq!(number_after(&format!("| `{kind}` |")), listed, "{kind}");
    }
    let readings = json(&["rules", "--readings", "--format", "json"]);
    assert_eq!(
        number_after("`shenfu rules --readings` lists"),
        readings.as_array().unwrap().len(),
        "readings"
    );
    let rules = json(&["rules", "--format", "json"]);
    let prose = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"].as_str().unwrap().starts_with("target."))
        .count();
    assert_eq!(
        number_after("**the prose and the 专栏 boxes**:"),
        prose,
        "prose targets"
    );
    let targets = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            let id = r["id"].as_str().unwrap();
            id.starts_with("target.") || id.starts_with("indicator.")
        })
        .count();
    assert_eq!(
        number_after("for every one of the plan's"),
        targets,
        "targets"
    );
    let pairs = conflicts.iter().filter(|c| c["kind"] != "cross_indicator");
    assert_eq!(
        number_after("CSV or a bullet-chart picture — and the"),
        pairs.count(),
        "pairs in the introduction"
    );
}

/// A bad `--rulebook` is the engine's error like any input: the canonical error JSON for the
/// machine formats, a sentence with the file and line for tables (issue 26).
#[test]
fn a_bad_rulebook_is_a_canonical_error_for_machine_formats() {
    let bad = temp_file("bad-rulebook.toml", "id = \"x\"\nversion = 1\n");
    let bad = bad.to_str().unwrap();
    for args in [
        vec![
            "--rulebook",
            bad,
            "assess",
            "fixtures/projects/examples.json",
            "--format",
            "json",
        ],
        vec!["--rulebook", bad, "rules", "--format", "json"],
    ] {
        let out = shenfu(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
        assert_eq!(error["error"]["code"], "rulebook_syntax", "{args:?}");
        assert_eq!(error["error"]["line"], 1);
    }
    let table = shenfu(&["--rulebook", bad, "rules"]);
    assert_eq!(table.status.code(), Some(2));
    assert!(
        stderr(&table).contains("bad-rulebook.toml: line 1"),
        "{}",
        stderr(&table)
    );
}
