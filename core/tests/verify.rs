//! `Rulebook::verify` without the input, attacked as someone who can rewrite a stored report
//! consistently would: every forged verdict below keeps its numbers, margins and verdict in
//! agreement with each other, and must still be refused.
#![cfg(test)]

use serde_json::{Value, json};
use shenfu_rules::verify::Verification;
use shenfu_rules::{Options, Project, Rulebook};

const INVESTMENT: &str = "admission.investment_per_mu";
const TAX: &str = "admission.tax_per_mu";

/// 17400 万元 ÷ 60 亩 = 290 万元/亩 (fails 超 300); 3000 ÷ 60 = 50 万元/亩 (passes 超 40).
fn failing_project(introduced: Option<bool>) -> Project {
    let introduced = introduced.map_or(String::new(), |b| format!(r#", "introduced": {b}"#));
    Project::from_json_str(&format!(
        r#"{{"industry": "数字经济",
            "fixed_asset_investment": {{"value": "17400", "unit": "万元"}},
            "land_area": {{"value": "60", "unit": "亩"}},
            "annual_tax": {{"value": "3000", "unit": "万元"}}{introduced}}}"#
    ))
    .unwrap()
}

fn stored(book: &Rulebook, project: &Project, year: Option<u16>) -> Value {
    let text = book
        .assess(project, Options { year })
        .unwrap()
        .to_canonical_json();
    serde_json::from_str(&text).unwrap()
}

fn outcome<'a>(report: &'a mut Value, rule: &str) -> &'a mut Value {
    report["outcomes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|o| o["rule_id"] == rule)
        .unwrap()
}

fn verify(book: &Rulebook, report: &Value) -> Verification {
    book.verify(&report.to_string(), None).unwrap()
}

fn failed_checks(v: &Verification) -> Vec<&'static str> {
    v.findings
        .iter()
        .filter(|f| !f.ok)
        .map(|f| f.check)
        .collect()
}

#[test]
fn an_untouched_report_verifies_and_a_not_introduced_one_names_what_only_the_input_shows() {
    let book = Rulebook::embedded();
    let report = stored(book, &failing_project(None), Some(2023));
    let v = verify(book, &report);
    assert!(v.verified, "{v:?}");
    assert!(!v.findings.iter().any(|f| f.check == "introduced"));

    let report = stored(book, &failing_project(Some(false)), Some(2023));
    assert_eq!(report["verdict"], "not_subject");
    let v = verify(book, &report);
    assert!(v.verified, "{v:?}");
    let introduced = v.findings.iter().find(|f| f.check == "introduced").unwrap();
    assert!(introduced.detail.en.contains("introduced = false"));
    assert!(introduced.detail.en.contains("--input"));
}

#[test]
fn one_condition_forged_as_not_applicable_to_make_a_failing_project_eligible_is_refused() {
    let book = Rulebook::embedded();
    let mut report = stored(book, &failing_project(None), Some(2023));
    assert_eq!(report["verdict"], "not_eligible");
    // The failing condition "does not apply", with the engine's own not-introduced words:
    // the remaining one passes, so eligible = true agrees with the outcomes.
    let not_introduced = stored(book, &failing_project(Some(false)), Some(2023));
    let words = not_introduced["outcomes"][0]["message"].clone();
    let forged = outcome(&mut report, INVESTMENT);
    forged["status"] = json!("not_applicable");
    forged["margin"] = Value::Null;
    forged["to_pass"] = Value::Null;
    forged["message"] = words;
    report["eligible"] = json!(true);
    report["verdict"] = json!("eligible");
    let v = verify(book, &report);
    assert!(!v.verified);
    assert_eq!(failed_checks(&v), ["introduced"], "{v:?}");
}

#[test]
fn a_not_subject_verdict_without_the_declarations_words_is_refused() {
    let book = Rulebook::embedded();
    let mut report = stored(book, &failing_project(None), Some(2023));
    for rule in [INVESTMENT, TAX] {
        let forged = outcome(&mut report, rule);
        forged["status"] = json!("not_applicable");
        forged["margin"] = Value::Null;
        forged["to_pass"] = Value::Null;
    }
    report["eligible"] = Value::Null;
    report["verdict"] = json!("not_subject");
    let v = verify(book, &report);
    assert!(!v.verified);
    let bad: Vec<_> = v.findings.iter().filter(|f| !f.ok).collect();
    assert_eq!(bad.len(), 2, "{v:?}");
    assert!(bad.iter().all(|f| f.detail.en.contains("message")));
}

#[test]
fn a_condition_judged_in_a_year_the_recorded_readings_keep_it_out_of_force_is_refused() {
    // Under the alternative reading of admission.in_force the conditions hold in 2021–2025
    // only: in 2030 both are not_applicable, and the report says why (the measured values kept).
    let book = Rulebook::embedded().under(&["admission.in_force"]).unwrap();
    let project = failing_project(None);
    let report = stored(&book, &project, Some(2030));
    assert_eq!(report["verdict"], "not_subject");
    let kept = &report["outcomes"][0];
    assert_eq!(kept["status"], "not_applicable");
    assert_eq!(kept["observed"]["value"], "290");
    assert_eq!(kept["margin"], Value::Null);
    // The chosen reading (in force 2020–2035) would judge it: it fails.
    assert_eq!(kept["alternative_status"], "fail");
    assert!(verify(Rulebook::embedded(), &report).verified);

    // Forged: the passing condition "judged" in 2030 makes the project eligible.
    let mut forged = report.clone();
    let tax = outcome(&mut forged, TAX);
    tax["status"] = json!("pass");
    tax["margin"] = json!({"value": "10", "unit": "万元/亩"});
    forged["eligible"] = json!(true);
    forged["verdict"] = json!("eligible");
    let v = verify(Rulebook::embedded(), &forged);
    assert!(!v.verified);
    let bad = v.findings.iter().find(|f| !f.ok).unwrap();
    assert!(bad.detail.en.contains("in force 2021–2025"), "{bad:?}");
}

#[test]
fn a_report_without_its_verdict_or_with_a_contradicting_one_is_refused() {
    let book = Rulebook::embedded();
    let report = stored(book, &failing_project(None), None);
    let mut without = report.clone();
    without.as_object_mut().unwrap().remove("verdict");
    let v = verify(book, &without);
    assert_eq!(failed_checks(&v), ["verdict"]);
    let line = &v
        .findings
        .iter()
        .find(|f| f.check == "verdict")
        .unwrap()
        .detail;
    assert_eq!(
        line.en,
        r#"the report records eligible = false, verdict = (absent); its outcomes give verdict = "not_eligible""#
    );

    let mut contradicting = report;
    contradicting["verdict"] = json!("not_subject");
    assert_eq!(failed_checks(&verify(book, &contradicting)), ["verdict"]);
}
