//! The rulebook: the embedded plan is valid and quotes the plan verbatim; broken rulebooks in
//! `fixtures/rulebooks/` fail with the expected code, field and line.
#![cfg(test)]

use serde_json::Value;
use shenfu_rules::comparator::{Comparator, TABLE_VALUE};
use shenfu_rules::number::canonical;
use shenfu_rules::{Check, Rulebook};
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures"))
}

fn plan_text() -> String {
    std::fs::read_to_string(fixtures().join("plan/shenfu-14th-five-year-plan.txt")).unwrap()
}

#[test]
fn every_quote_occurs_verbatim_in_the_plan() {
    let plan = plan_text();
    let book = Rulebook::embedded();
    for rule in book.rules() {
        assert!(
            plan.contains(&rule.citation.quote),
            "{}: quote not found verbatim in the plan: {:?}",
            rule.id,
            rule.citation.quote
        );
    }
}

#[test]
fn every_threshold_number_occurs_in_its_quote_and_every_comparator_agrees_with_its_wording() {
    let book = Rulebook::embedded();
    for rule in book.rules() {
        if let Some(bound) = rule.check.bound() {
            let number = canonical(bound.threshold.value);
            assert!(
                rule.citation.quote.contains(&number),
                "{}: {number} not in quote",
                rule.id
            );
            assert_eq!(
                Comparator::of_wording(&bound.wording),
                Some(bound.comparator),
                "{}: wording {}",
                rule.id,
                bound.wording
            );
            assert!(
                bound.wording == TABLE_VALUE || rule.citation.quote.contains(&bound.wording),
                "{}: wording not in quote",
                rule.id
            );
        }
    }
}

#[test]
fn the_admission_conditions_are_the_plans() {
    let book = Rulebook::embedded();
    for (id, value) in [
        ("admission.investment_per_mu", "300"),
        ("admission.tax_per_mu", "40"),
    ] {
        let rule = book.rule(id).unwrap();
        let Check::PerArea { bound, .. } = &rule.check else {
            panic!("{id} is not per_area")
        };
        assert_eq!(
            bound.comparator,
            Comparator::Gt,
            "{id}: 超 excludes the stated number"
        );
        assert_eq!(canonical(bound.threshold.value), value);
        assert_eq!(bound.threshold.unit.name(), "万元/亩");
        assert_eq!(rule.property, shenfu_rules::Property::Admission);
    }
    let Check::Membership { set } = &book.rule("admission.leading_industry").unwrap().check else {
        panic!()
    };
    assert_eq!(set.as_slice(), shenfu_rules::Industry::LEADING.as_slice());
}

#[test]
fn broken_rulebooks_fail_with_code_field_and_line() {
    let dir = fixtures().join("rulebooks");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    for (file, want) in expected.as_object().unwrap() {
        let result = Rulebook::from_path(dir.join(file));
        match (result, want) {
            (Ok(_), Value::Null) => {}
            (Ok(_), _) => panic!("{file}: loaded, expected {want}"),
            (Err(e), Value::Null) => panic!("{file}: expected to load, got {e}"),
            (Err(e), want) => {
                assert_eq!(e.code(), want["code"], "{file}: {e}");
                assert_eq!(e.field.as_deref(), want["field"].as_str(), "{file}: {e}");
                assert_eq!(
                    e.location.map(|l| l.line as u64),
                    want["line"].as_u64(),
                    "{file}: {e}"
                );
            }
        }
    }
}

#[test]
fn the_rulebook_hash_is_of_its_text() {
    let text = std::fs::read_to_string(fixtures().join("rulebooks/valid_minimal.toml")).unwrap();
    let book = Rulebook::from_toml_str(&text).unwrap();
    assert_eq!(
        book.sha256(),
        shenfu_rules::canonical::sha256_hex(text.as_bytes())
    );
    let changed =
        Rulebook::from_toml_str(&text.replace("version = \"1\"", "version = \"2\"")).unwrap();
    assert_ne!(book.sha256(), changed.sha256());
}
