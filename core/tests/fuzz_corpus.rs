//! CI replays what fuzzing found: every input of `fuzz/corpus/<target>/` and every crash turned
//! regression in `fuzz/regressions/<target>/` runs through the same entry point as the fuzz target
//! (`shenfu_rules::fuzzing`), and must return without panicking. (`cargo fuzz` itself stays out
//! of CI time; see fuzz/README.md.)
#![cfg(test)]

use shenfu_rules::fuzzing;
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz"));
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                run(&std::fs::read(&path).unwrap());
                count += 1;
            }
        }
    }
    count
}

#[test]
fn every_corpus_input_and_regression_runs_to_completion() {
    let counts = [
        (
            "rulebook_toml",
            replay("rulebook_toml", fuzzing::rulebook_toml),
        ),
        (
            "project_json",
            replay("project_json", fuzzing::project_json),
        ),
        (
            "project_fields",
            replay("project_fields", fuzzing::project_fields),
        ),
        (
            "observations_json",
            replay("observations_json", fuzzing::observations_json),
        ),
        (
            "verify_report",
            replay("verify_report", fuzzing::verify_report),
        ),
    ];
    for (target, count) in counts {
        assert!(count > 0, "{target}: no corpus");
    }
}
