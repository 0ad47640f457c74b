//! `shenfu diff` and `shenfu replay` on the worked revision in `fixtures/revisions/`: the bytes
//! every surface must print, the hand-worked expectations, exit codes, and stored decisions that
//! cannot be replayed named by line and field.
#![cfg(test)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shenfu(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_shenfu"))
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("fixtures/revisions").join(name)).unwrap()
}

/// Compare with a fixture's bytes, or rewrite it with `SHENFU_BLESS=1`.
fn same_as_fixture(name: &str, actual: &str) {
    if std::env::var_os("SHENFU_BLESS").is_some() {
        std::fs::write(root().join("fixtures/revisions").join(name), actual).unwrap();
    }
    assert_eq!(actual, fixture(name), "fixtures/revisions/{name}");
}

const OLD: &str = "fixtures/revisions/original.toml";
const NEW: &str = "fixtures/revisions/revised.toml";
const DECISIONS: &str = "fixtures/revisions/decisions.jsonl";

#[test]
fn diff_of_the_worked_revision_is_what_was_worked_by_hand() {
    let out = shenfu(&["diff", OLD, NEW, "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json = text(&out.stdout);
    same_as_fixture("expected-diff.json", &json);

    let diff: Value = serde_json::from_str(&json).unwrap();
    let expected: Value = serde_json::from_str(&fixture("expected.json")).unwrap();
    let changes = diff["changes"].as_array().unwrap();
    let wanted = expected["diff"].as_array().unwrap();
    assert_eq!(changes.len(), wanted.len());
    for (change, want) in changes.iter().zip(wanted) {
        for key in ["part", "id", "change"] {
            assert_eq!(change[key], want[key], "{key} of {}", want["id"]);
        }
        if let Some(fields) = want["fields"].as_array() {
            let got: Vec<&Value> = change["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| &f["field"])
                .collect();
            assert_eq!(
                got,
                fields.iter().collect::<Vec<_>>(),
                "fields of {}",
                want["id"]
            );
        }
    }
    // Both citations side by side for the changed R&D goal.
    let rd = changes
        .iter()
        .find(|c| c["id"] == "benchmark.rd_intensity.prose_2025")
        .unwrap();
    assert_eq!(rd["old_citation"]["quote"], "R&D 经费投入强度力争突破 4.5%");
    assert_eq!(rd["new_citation"]["quote"], "R&D 经费投入强度力争突破 5%");
}

#[test]
fn diff_exit_codes_and_table() {
    // The original is the embedded plan as it stood: equal, exit 0, whatever the file's text.
    let same = shenfu(&["diff", OLD, OLD], None);
    assert_eq!(same.status.code(), Some(0));
    assert!(
        text(&same.stdout).contains("相同"),
        "{}",
        text(&same.stdout)
    );

    let table = shenfu(&["--lang", "en", "diff", OLD, NEW], None);
    assert_eq!(table.status.code(), Some(1));
    let shown = text(&table.stdout);
    for expected in [
        "~ rule admission.investment_per_mu (changed)",
        "in_force: [2020,2035] → [2020,2026]",
        "+ rule admission.investment_per_mu.from_2027 (added)",
        "threshold.value: 350",
        "citation (old): ",
        "4 changes: 3 changed, 1 added, 0 removed.",
    ] {
        assert!(shown.contains(expected), "missing {expected:?} in\n{shown}");
    }

    let broken = shenfu(&["diff", OLD, "fixtures/rulebooks/duplicate_id.toml"], None);
    assert_eq!(broken.status.code(), Some(2));
    assert!(broken.stdout.is_empty());
    assert!(text(&broken.stderr).contains("duplicate_id.toml"));
    let missing = shenfu(&["diff", "--format", "json", OLD, "no/such.toml"], None);
    assert_eq!(missing.status.code(), Some(2));
    let error: Value = serde_json::from_str(text(&missing.stderr).trim()).unwrap();
    assert_eq!(error["error"]["code"], "io");
}

#[test]
fn replay_of_the_worked_revision_is_what_was_worked_by_hand() {
    let out = shenfu(
        &["--rulebook", NEW, "replay", DECISIONS, "--format", "jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let jsonl = text(&out.stdout);
    same_as_fixture("expected-replay.jsonl", &jsonl);

    let expected: Value = serde_json::from_str(&fixture("expected.json")).unwrap();
    let flips = expected["replay"]["flips"].as_object().unwrap();
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), flips.len());
    for flip in &lines {
        let subject = flip["subject_id"].as_str().unwrap();
        let want = &flips[subject];
        for key in ["year", "old_eligible", "new_eligible"] {
            assert_eq!(flip[key], want[key], "{key} of {subject}");
        }
        let outcomes = flip["outcomes"].as_array().unwrap();
        let wanted = want["outcomes"].as_object().unwrap();
        assert_eq!(outcomes.len(), wanted.len(), "{subject}");
        for outcome in outcomes {
            let w = &wanted[outcome["rule_id"].as_str().unwrap()];
            assert_eq!(outcome["old_status"], w[0], "{subject}");
            assert_eq!(outcome["new_status"], w[1], "{subject}");
            assert_eq!(
                outcome["observed"]["value"].as_str(),
                w[2].as_str(),
                "{subject}"
            );
            assert_eq!(outcome["causes"][0]["field"], w[3], "{subject}");
        }
    }
    // The summary: on stderr beside machine output.
    assert!(
        text(&out.stderr).contains(
            "已核对 7 条存储的决定：6 条结果有变（2 条由符合变为不符合，0 条由不符合变为符合）"
        ),
        "{}",
        text(&out.stderr)
    );

    let csv = shenfu(
        &["--rulebook", NEW, "replay", DECISIONS, "--format", "csv"],
        None,
    );
    assert_eq!(csv.status.code(), Some(1));
    same_as_fixture("expected-replay.csv", &text(&csv.stdout));
    let table = shenfu(
        &["--lang", "en", "--rulebook", NEW, "replay", "-"],
        Some(&fixture("decisions.jsonl")),
    );
    assert_eq!(table.status.code(), Some(1));
    assert!(text(&table.stdout).ends_with(
        "Checked 7 stored decisions: 6 change (2 from eligible to not, 0 from not eligible to eligible); 0 could not be replayed.\n"
    ));
}

#[test]
fn replay_under_the_rulebook_that_decided_changes_nothing() {
    for rulebook in [OLD, "fixtures/revisions/original.toml"] {
        let out = shenfu(&["--rulebook", rulebook, "replay", DECISIONS], None);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("已核对 7 条存储的决定：0 条结果有变"));
    }
    // The embedded rulebook since 2026.12.2 assesses the R&D reference points only under
    // `benchmark.enterprise_share`'s alternative: every stored decision loses those outcomes,
    // and no verdict moves.
    let embedded = shenfu(&["replay", DECISIONS, "--format", "csv"], None);
    assert_eq!(embedded.status.code(), Some(1));
    let csv = text(&embedded.stdout);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells[3], cells[4], "the verdict stays: {row}");
        assert!(cells[5].starts_with("benchmark.rd_intensity."), "{row}");
        assert_eq!(cells[7], "", "not assessed: {row}");
        assert_eq!(cells[10], "assessed: true → false", "{row}");
    }
}

#[test]
fn stored_decisions_that_cannot_be_replayed_are_named_and_the_rest_still_run() {
    let decisions = fixture("decisions.jsonl");
    let first: Value = serde_json::from_str(decisions.lines().next().unwrap()).unwrap();
    let bare_report = first["report"].to_string();
    let mut tampered = first.clone();
    tampered["input"]["land_area"]["value"] = "61".into();
    let lines = [
        decisions.lines().next().unwrap().to_owned(),
        bare_report,
        "{\"input\": {}}".to_owned(),
        tampered.to_string(),
        "not json".to_owned(),
        decisions.lines().nth(1).unwrap().to_owned(),
    ]
    .join("\n");
    let out = shenfu(
        &["--rulebook", NEW, "replay", "-", "--format", "jsonl"],
        Some(&lines),
    );
    assert_eq!(out.status.code(), Some(2), "a stored decision failed");
    assert_eq!(
        text(&out.stdout).lines().count(),
        2,
        "both good lines still replayed"
    );
    let errors: Vec<Value> = text(&out.stderr)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(&str, &str, u64)> = errors
        .iter()
        .map(|e| {
            let e = &e["error"];
            (
                e["code"].as_str().unwrap(),
                e["field"].as_str().unwrap_or(""),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("not_replayable", "input", 2),
            ("missing_field", "report", 3),
            ("input_mismatch", "input", 4),
            ("invalid_json", "", 5),
        ]
    );
    assert!(text(&out.stderr).contains("4 条无法重放"));
}

/// More than one read block (8 MiB), blank lines, a bad line past the first block and no final
/// line end: every line is replayed once, in order, and the bad one is named by its line.
#[test]
fn a_long_file_is_read_in_blocks_and_lines_keep_their_numbers() {
    let decisions: Vec<String> = fixture("decisions.jsonl")
        .lines()
        .map(str::to_owned)
        .collect();
    // How many CSV rows each stored decision gives (by decision id).
    let expected_csv = fixture("expected-replay.csv");
    let rows_of = |line: &str| -> Vec<String> {
        let id = serde_json::from_str::<Value>(line).unwrap()["decision_id"]
            .as_str()
            .unwrap()
            .to_owned();
        expected_csv
            .lines()
            .filter(|r| r.starts_with(&id))
            .map(str::to_owned)
            .collect()
    };
    let mut lines = Vec::new();
    while lines.len() < 1400 {
        lines.extend(decisions.iter().cloned());
        lines.push(String::new());
    }
    let bad = 1300;
    lines[bad - 1] = "{\"input\": {}}".to_owned();
    let text_in = lines.join("\n");
    assert!(text_in.len() > 9 << 20, "{} bytes", text_in.len());
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("replay-blocks-{}.jsonl", std::process::id()));
    std::fs::write(&path, &text_in).unwrap();
    let out = shenfu(
        &[
            "--rulebook",
            NEW,
            "replay",
            path.to_str().unwrap(),
            "--format",
            "csv",
        ],
        None,
    );
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2));
    let good: Vec<&String> = lines
        .iter()
        .filter(|l| !l.is_empty() && l.contains("\"report\""))
        .collect();
    // Every flip once, in file order.
    let expected_rows: Vec<String> = good.iter().flat_map(|l| rows_of(l)).collect();
    let got: Vec<String> = text(&out.stdout)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    assert_eq!(got, expected_rows);
    let errors: Vec<Value> = text(&out.stderr)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["error"]["line"], bad as u64);
    let decided = good.len() + 1;
    assert!(
        text(&out.stderr).contains(&format!("已核对 {decided} 条存储的决定")),
        "{}",
        text(&out.stderr)
    );
}

/// A line that is not UTF-8 is named by its line; the lines around it still replay.
#[test]
fn a_line_that_is_not_utf8_is_named() {
    let decisions = fixture("decisions.jsonl");
    let mut bytes = decisions.lines().next().unwrap().as_bytes().to_vec();
    bytes.extend_from_slice(b"\n{\"input\":\xff}\n");
    bytes.extend_from_slice(decisions.lines().nth(1).unwrap().as_bytes());
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("replay-utf8-{}.jsonl", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = shenfu(
        &[
            "--rulebook",
            NEW,
            "replay",
            path.to_str().unwrap(),
            "--format",
            "jsonl",
        ],
        None,
    );
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout).lines().count(), 2);
    let error: Value = serde_json::from_str(text(&out.stderr).lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            error["error"]["code"].as_str(),
            error["error"]["line"].as_u64()
        ),
        (Some("invalid_json"), Some(2))
    );
}
