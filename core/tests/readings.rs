//! Readings and what would pass, as properties over generated projects:
//! * an outcome's `alternative_status` is null whenever its measured value is away from the
//!   boundary its readings touch (the embedded readings of project rules only move a comparator
//!   between `>` and `>=`, which differ at the threshold alone);
//! * every stated `to_pass` condition is exact: the application changed to the stated value
//!   passes the rule under an inclusive bound and fails it under a strict one, and one unit of
//!   the value's last place past the bound (in the passing direction) passes.
//!
//! Plus the rulebook's readings themselves: every wording is covered, the basis is art. 1259
//! exactly where the article's own words are the plan's, and `under` is what the alternative says.
#![cfg(test)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use shenfu_rules::rulebook::{Alteration, Basis};
use shenfu_rules::zone::{ConflictKind, Relation};
use shenfu_rules::{Options, Project, Rulebook, Status, Verdict};

fn book() -> &'static Rulebook {
    Rulebook::embedded()
}

const MONEY: [&str; 3] = ["元", "万元", "亿元"];
const AREA: [&str; 3] = ["亩", "平方米", "公顷"];

/// An application as JSON, with RMB units only for the admission amounts.
fn application(
    inv: Decimal,
    inv_unit: &str,
    area: Decimal,
    area_unit: &str,
    tax: Decimal,
    tax_unit: &str,
) -> Value {
    json!({
        "industry": "智能制造",
        "fixed_asset_investment": {"value": inv.to_string(), "unit": inv_unit},
        "land_area": {"value": area.to_string(), "unit": area_unit},
        "annual_tax": {"value": tax.to_string(), "unit": tax_unit},
        "introduced": true,
    })
}

fn report(input: &Value) -> Value {
    let project = Project::from_json_str(&input.to_string()).unwrap();
    let json = book()
        .assess(&project, Options::default())
        .unwrap()
        .to_canonical_json();
    serde_json::from_str(&json).unwrap()
}

fn outcome<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule_id"] == id)
        .unwrap()
}

fn decimal(value: &Value) -> Decimal {
    value.as_str().unwrap().parse().unwrap()
}

/// A positive decimal with up to 4 fractional digits.
fn amount() -> impl Strategy<Value = Decimal> {
    (1i64..10_000_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
}

/// A project near the admission thresholds: investment chosen as 300 万元/亩 × area × k and tax
/// as 40 万元/亩 × area × k′, with k, k′ around 1 (often exactly 1, the boundary).
fn near_boundary() -> impl Strategy<Value = Value> {
    (
        (1i64..100_000, 0u32..=2),
        prop_oneof![
            Just(Decimal::ONE),
            (80i64..=120).prop_map(|k| Decimal::new(k, 2))
        ],
        prop_oneof![
            Just(Decimal::ONE),
            (80i64..=120).prop_map(|k| Decimal::new(k, 2))
        ],
        0usize..3,
    )
        .prop_map(|((a, s), k_inv, k_tax, area_unit)| {
            let mu = Decimal::new(a, s);
            let area = match area_unit {
                0 => mu,
                1 => mu / Decimal::new(15, 4),
                _ => mu / Decimal::from(15),
            };
            // Recompute the area in 亩 from what is written, so the amounts are exactly on it.
            let mu = match area_unit {
                0 => area,
                1 => area * Decimal::new(15, 4),
                _ => area * Decimal::from(15),
            };
            let inv = (mu * Decimal::from(300) * k_inv).round_dp(4);
            let tax = (mu * Decimal::from(40) * k_tax).round_dp(4);
            application(inv, "万元", area.round_dp(10), AREA[area_unit], tax, "万元")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A reading's alternative changes an outcome only on its boundary: the observed value equal
    /// to the threshold.
    #[test]
    fn the_other_reading_matters_only_on_the_boundary(input in near_boundary()) {
        let got = report(&input);
        for o in got["outcomes"].as_array().unwrap() {
            if o["alternative_status"].is_null() {
                continue;
            }
            prop_assert_eq!(&o["observed"]["value"], &o["threshold"]["value"], "{}", o);
            prop_assert_eq!(&o["margin"]["value"], &json!("0"), "{}", o);
        }
        // …and on the boundary of a strict comparator it always matters.
        for o in got["outcomes"].as_array().unwrap() {
            if o["comparator"] == ">" && o["margin"]["value"] == "0" && !o["readings"].as_array().unwrap().is_empty() {
                let computable = o["readings"].as_array().unwrap().iter().any(|id| {
                    book().reading(id.as_str().unwrap()).is_some_and(|r| r.computable())
                });
                if computable {
                    prop_assert_eq!(&o["alternative_status"], &json!("pass"), "{}", o);
                }
            }
        }
    }

    /// Every `to_pass` condition is the exact bound: applied alone, it passes the rule (inclusive
    /// bounds) or sits on it and fails (strict ones), and one step past it passes.
    #[test]
    fn to_pass_is_exact(inv in amount(), tax in amount(), area in amount(), units in (0usize..3, 0usize..3, 0usize..3)) {
        let (m_inv, a, m_tax) = (MONEY[units.0], AREA[units.1], MONEY[units.2]);
        let input = application(inv, m_inv, area, a, tax, m_tax);
        let got = report(&input);
        for id in ["admission.investment_per_mu", "admission.tax_per_mu"] {
            let o = outcome(&got, id);
            let status = o["status"].as_str().unwrap();
            if status != "fail" {
                prop_assert!(o["to_pass"].is_null(), "{}", o);
                continue;
            }
            for c in o["to_pass"].as_array().unwrap() {
                let field = c["field"].as_str().unwrap();
                let comparator = c["comparator"].as_str().unwrap();
                let value = decimal(&c["value"]["value"]);
                prop_assert_eq!(&c["value"]["unit"], &input[field]["unit"], "the applicant's unit: {}", c);
                let step = Decimal::new(1, value.scale().max(4));
                let past = if comparator.starts_with('>') { value + step } else { value - step };
                let with = |v: Decimal| {
                    let mut changed = input.clone();
                    changed[field]["value"] = json!(v.to_string());
                    outcome(&report(&changed), id)["status"].as_str().unwrap().to_owned()
                };
                let at = with(value);
                match comparator {
                    ">" | "<" => prop_assert_eq!(at.as_str(), "fail", "at the strict bound {}", c),
                    _ => prop_assert_eq!(at.as_str(), "pass", "at the inclusive bound {}", c),
                }
                if past > Decimal::ZERO {
                    prop_assert_eq!(with(past), "pass", "one step past {} ({})", c, past);
                }
                if comparator.len() == 2 {
                    // Inclusive bounds are rounded: one step short fails.
                    let short = if comparator.starts_with('>') { value - step } else { value + step };
                    if short > Decimal::ZERO {
                        prop_assert_eq!(with(short), "fail", "one step short of {}", c);
                    }
                }
            }
        }
    }
}

#[test]
fn every_wording_rests_on_a_reading_and_the_basis_is_honest() {
    let book = book();
    let wordings = book
        .rules()
        .iter()
        .filter_map(|r| {
            r.check
                .bound()
                .map(|b| (r.id.as_str(), b.wording.as_str(), &r.readings))
        })
        .chain(
            book.targets()
                .iter()
                .map(|t| (t.id.as_str(), t.wording.as_str(), &t.readings)),
        );
    for (id, wording, readings) in wordings {
        // ≥ and ≤ are the table's own signs: nothing to read.
        if wording == "≥" || wording == "≤" {
            continue;
        }
        assert!(
            readings.iter().any(|r| book
                .reading(r)
                .unwrap()
                .wordings
                .iter()
                .any(|w| w == wording)),
            "{id}: the wording {wording} rests on no reading"
        );
    }
    // Art. 1259's own words: 以上、以下、以内、届满 include; 不满、超过、以外 exclude.
    let article = ["以上", "以下", "以内", "届满", "不满", "超过", "以外"];
    for r in book.readings() {
        let covered =
            !r.wordings.is_empty() && r.wordings.iter().all(|w| article.contains(&w.as_str()));
        assert_eq!(
            r.basis == Basis::CivilCodeArt1259,
            covered,
            "{}: basis {:?}",
            r.id,
            r.basis
        );
        if r.basis == Basis::CivilCodeArt1259 {
            assert!(
                r.alternative.is_none(),
                "{}: the article leaves no alternative",
                r.id
            );
        }
    }
}

#[test]
fn under_an_alternative_the_rule_is_what_the_alternative_says_and_reports_say_so() {
    let book = book();
    let inclusive = book.under(&["wording.chao"]).unwrap();
    let p = Project::from_json_str(
        r#"{"industry":"智能制造","fixed_asset_investment":{"value":"18000","unit":"万元"},"land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#,
    )
    .unwrap();
    let chosen = book.assess(&p, Options::default()).unwrap();
    let other = inclusive.assess(&p, Options::default()).unwrap();
    assert_eq!(chosen.eligible, Some(false));
    assert!(
        other.eligible == Some(true),
        "at exactly 300 万元/亩, 超 read inclusively admits"
    );
    let o = other.outcome("admission.investment_per_mu").unwrap();
    assert_eq!(
        (o.status, o.alternative_status),
        (Status::Pass, Some(Status::Fail))
    );
    assert_eq!(o.comparator, Some(">="));
    assert_eq!(other.alternative_readings, ["wording.chao"]);
    assert!(chosen.alternative_readings.is_empty());
    // The writer and the report agree under alternatives too.
    let mut out = String::new();
    inclusive
        .write_assessment(&p, Options::default(), &mut out)
        .unwrap();
    assert_eq!(out, other.to_canonical_json());
    // Back again: the chosen reading of a rulebook under an alternative is the original.
    let back = inclusive.under::<&str>(&[]).unwrap();
    assert_eq!(
        back.assess(&p, Options::default())
            .unwrap()
            .to_canonical_json(),
        chosen.to_canonical_json()
    );
    // Unknown and non-computable readings are refused, naming the reading.
    let e = book.under(&["wording.nope"]).unwrap_err();
    assert_eq!(
        (e.code(), e.field.as_deref()),
        ("unknown_reading", Some("reading"))
    );
    let e = book.under(&["admission.tax"]).unwrap_err();
    assert_eq!(e.code(), "no_alternative");
}

#[test]
fn the_listing_writes_each_basis_by_its_key() {
    let listed: Value = serde_json::from_str(&book().readings_json()).unwrap();
    for (entry, reading) in listed.as_array().unwrap().iter().zip(book().readings()) {
        assert_eq!(entry["basis"], reading.basis.key(), "{}", reading.id);
        assert_eq!(Basis::parse(reading.basis.key()), Some(reading.basis));
    }
}

#[test]
fn a_report_made_under_an_alternative_verifies_under_it() {
    let p = Project::from_json_str(
        r#"{"industry":"智能制造","fixed_asset_investment":{"value":"18000","unit":"万元"},"land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#,
    )
    .unwrap();
    let other = book().under(&["wording.chao"]).unwrap();
    let stored = other
        .assess(&p, Options::default())
        .unwrap()
        .to_canonical_json();
    // The embedded rulebook checks it under the alternative the report names.
    assert!(book().verify(&stored, Some(&p)).unwrap().verified);
    assert!(book().verify(&stored, None).unwrap().verified);
    // Claiming the chosen reading for the alternative's verdict does not verify.
    let claimed = stored.replace(
        r#""alternative_readings":["wording.chao"]"#,
        r#""alternative_readings":[]"#,
    );
    assert_ne!(claimed, stored);
    assert!(!book().verify(&claimed, Some(&p)).unwrap().verified);
    // An unknown reading is named.
    let unknown = stored.replace("\"wording.chao\"]", "\"wording.nope\"]");
    let e = book().verify(&unknown, Some(&p)).unwrap_err();
    assert_eq!(e.code(), "unknown_reading");
}

/// The loader refuses readings and cross checks that do not fit the rulebook, naming where.
#[test]
fn bad_readings_and_cross_checks_are_refused_with_their_place() {
    let toml = shenfu_rules::rulebook::SHENFU_TOML;
    let refused = |edited: String| shenfu_rules::Rulebook::from_toml_str(&edited).unwrap_err();
    // A rule naming a reading that does not exist.
    let e = refused(toml.replacen(
        r#"readings = ["admission.investment", "admission.in_force"]"#,
        r#"readings = ["admission.nope"]"#,
        1,
    ));
    assert_eq!(e.code(), "unknown_reading", "{e}");
    assert_eq!(e.field.as_deref(), Some("rules[0].readings[0]"));
    // A reading nothing rests on (a misspelt wording).
    let e = refused(toml.replacen(r#"wordings = ["突破"]"#, r#"wordings = ["突 破"]"#, 1));
    assert_eq!(e.code(), "rulebook_invalid", "{e}");
    assert!(e.to_string().contains("no rule or target rests on"), "{e}");
    // An alteration that does not fit what rests on it: 左右's band for comparisons.
    let e = refused(toml.replacen(
        "alteration = { comparator = \">=\" }\n\n[[readings]]\nid = \"wording.tupo\"",
        "alteration = { band = true }\n\n[[readings]]\nid = \"wording.tupo\"",
        1,
    ));
    assert_eq!(e.code(), "rulebook_invalid", "{e}");
    assert!(
        e.to_string().contains("only a 左右 target has a band"),
        "{e}"
    );
    // An alteration without an alternative to describe it.
    let e = refused(toml.replacen(
        "alternative = { zh = \"包括本数（≥）：达到该数即满足。\", en = \"Includes the number (≥): reaching it is enough.\" }\n",
        "",
        1,
    ));
    assert_eq!(e.field.as_deref(), Some("readings[2].alternative"), "{e}");
    // A cross check whose parts are not in the whole's unit.
    let e = refused(toml.replacen(
        r#"whole = "indicator.industrial_output.2025""#,
        r#"whole = "indicator.rd_intensity.2025""#,
        1,
    ));
    assert_eq!(e.code(), "rulebook_invalid", "{e}");
    assert!(
        e.field
            .as_deref()
            .unwrap()
            .starts_with("cross_checks[3].parts[0]"),
        "{e}"
    );
    assert!(e.location.is_some(), "with its line: {e}");
    // A scaled part's share that is not a share (GDP in 亿元 as a rate).
    let e = refused(toml.replacen(
        r#"by = "indicator.manufacturing_value_added_rate.2022""#,
        r#"by = "indicator.gdp.2022""#,
        1,
    ));
    assert_eq!(
        e.field.as_deref(),
        Some("cross_checks[0].scaled[0].by"),
        "{e}"
    );
    assert!(e.to_string().contains("level target in %"), "{e}");
    // Only the alternative assesses: never for an admission condition.
    let e = refused(toml.replacen(
        "alteration = { in_force = [2021, 2025] }",
        "alteration = { assessed = true }",
        1,
    ));
    assert_eq!(e.code(), "rulebook_invalid", "{e}");
    assert!(
        e.to_string()
            .contains("an admission condition is always assessed"),
        "{e}"
    );
}

/// The admission conditions' years are a declared reading (issue 24): the plan states them in a
/// look-back sentence with no period. Chosen: every year of the plan; the alternative, only
/// 2021–2025 — then a project judged for 2030 is not subject to them.
#[test]
fn the_admission_conditions_years_are_a_reading_with_its_alternative() {
    let p = Project::from_json_str(
        r#"{"industry":"智能制造","fixed_asset_investment":{"value":"24000","unit":"万元"},"land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#,
    )
    .unwrap();
    let reading = book().reading("admission.in_force").unwrap();
    assert_eq!(reading.alteration, Some(Alteration::InForce(2021, 2025)));
    for id in ["admission.investment_per_mu", "admission.tax_per_mu"] {
        assert!(
            book().rule(id).unwrap().readings.contains(&reading.id),
            "{id}"
        );
        assert_eq!(book().rule(id).unwrap().in_force, (2020, 2035), "{id}");
    }
    let other = book().under(&["admission.in_force"]).unwrap();
    // 400 and 50 万元/亩: eligible in any year under the chosen reading.
    for year in [2020, 2023, 2030] {
        let chosen = book().assess(&p, Options::year(year)).unwrap();
        assert_eq!(chosen.verdict, Verdict::Eligible, "{year}");
    }
    // Under the alternative: judged in 2023, not in 2020 or 2030.
    let verdicts: Vec<Verdict> = [2020, 2023, 2030]
        .into_iter()
        .map(|year| other.assess(&p, Options::year(year)).unwrap().verdict)
        .collect();
    assert_eq!(
        verdicts,
        [Verdict::NotSubject, Verdict::Eligible, Verdict::NotSubject]
    );
    let report = other.assess(&p, Options::year(2030)).unwrap();
    assert_eq!(report.alternative_readings, ["admission.in_force"]);
    assert_eq!(report.eligible, None);
}

/// 左右 on a rate is a declared reading (issue 24): chosen ±5 % of the number, as on levels
/// (30 % 左右 → 28.5–31.5 %), so the table's own 15.73 → 55.7 亿元 (28.8 % a year) is 30%左右
/// and no conflict; the alternative ±1 point (29–31 %) makes it one again.
#[test]
fn the_band_of_a_rate_is_a_reading_and_decides_the_budget_conflict() {
    let reading = book().reading("wording.zuoyou_rate_band").unwrap();
    assert_eq!(
        reading.alteration,
        Some(Alteration::Tolerance(Decimal::ONE))
    );
    let target = book().target("target.budget_revenue.2025.growth").unwrap();
    assert_eq!(
        target.relation,
        Relation::About {
            tolerance: Decimal::new(15, 1)
        }
    );
    let budget = |b: &Rulebook| {
        b.conflicts()
            .into_iter()
            .find(|c| c.second.id == "target.budget_revenue.2025.growth")
            .map(|c| c.kind)
    };
    // Listed, as a floor the table meets: 15.73 × 1.285⁵ ≈ 55.1118 ≤ 55.7.
    assert_eq!(budget(book()), Some(ConflictKind::FloorMet));
    let other = book().under(&["wording.zuoyou_rate_band"]).unwrap();
    assert_eq!(
        other
            .target("target.budget_revenue.2025.growth")
            .unwrap()
            .relation,
        Relation::About {
            tolerance: Decimal::ONE
        }
    );
    assert_eq!(
        budget(&other),
        Some(ConflictKind::Substantive),
        "below 29 %: 15.73 × 1.29⁵ = 56.19 > 55.7"
    );
    // The energy target's 10 % 左右: ±0.5 chosen, ±1 under the alternative.
    let energy = "target.energy_intensity_reduction.2025.annual";
    assert_eq!(
        book().target(energy).unwrap().relation,
        Relation::About {
            tolerance: Decimal::new(5, 1)
        }
    );
    assert_eq!(
        other.target(energy).unwrap().relation,
        Relation::About {
            tolerance: Decimal::ONE
        }
    );
}

/// The new alterations fit only what they can change.
#[test]
fn a_tolerance_or_years_in_force_on_the_wrong_kind_is_refused() {
    let toml = shenfu_rules::rulebook::SHENFU_TOML;
    // Years in force for targets: the band reading's alteration swapped.
    let edited = toml.replacen(
        r#"alteration = { tolerance = "1" }"#,
        r#"alteration = { in_force = [2021, 2025] }"#,
        1,
    );
    assert_ne!(edited, toml);
    let e = shenfu_rules::Rulebook::from_toml_str(&edited).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("readings[9].alteration"), "{e}");
    assert!(
        e.to_string()
            .contains("a zone target has its year, not years in force")
    );
    let edited = toml.replacen(
        r#"alteration = { in_force = [2021, 2025] }"#,
        r#"alteration = { tolerance = "1" }"#,
        1,
    );
    let e = shenfu_rules::Rulebook::from_toml_str(&edited).unwrap_err();
    assert!(
        e.to_string().contains("only a 左右 target has a band"),
        "{e}"
    );
    let edited = toml.replacen(
        r#"alteration = { in_force = [2021, 2025] }"#,
        r#"alteration = { in_force = [2025, 2021] }"#,
        1,
    );
    let e = shenfu_rules::Rulebook::from_toml_str(&edited).unwrap_err();
    assert!(e.to_string().contains("[2025, 2021]"), "{e}");
}

/// 「实现20%增幅」 is a declared reading (issue 24): chosen, 20 % a year since 2020 (by 2025,
/// 4.11 × 1.2⁵ = 10.227 亿元 of trade — the table's 10 agrees within its printed precision);
/// the alternative, 20 % in 2025 alone (since 2024).
#[test]
fn the_twenty_percent_increase_is_a_reading() {
    let id = "growth.twenty_percent_increase";
    assert_eq!(
        book().reading(id).unwrap().alteration,
        Some(Alteration::Since(2024))
    );
    let other = book().under(&[id]).unwrap();
    for target in [
        "target.foreign_trade.2025.growth",
        "target.foreign_investment_inflow.2025.growth",
    ] {
        assert_eq!(book().target(target).unwrap().since, 2020, "{target}");
        assert_eq!(other.target(target).unwrap().since, 2024, "{target}");
    }
    assert!(
        !book()
            .conflicts()
            .iter()
            .any(|c| c.second.id == "target.foreign_trade.2025.growth"),
        "10 is 10.227 printed to whole 亿元"
    );
}

/// Under the chosen reading the conditions apply in 2030; the report says what the other side
/// of `admission.in_force` would make of them there — not applicable — and names its words.
#[test]
fn an_outcome_outside_the_alternative_years_says_so() {
    let p = Project::from_json_str(
        r#"{"industry":"智能制造","fixed_asset_investment":{"value":"24000","unit":"万元"},"land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#,
    )
    .unwrap();
    for (year, expected) in [
        (Some(2030), Some(Status::NotApplicable)),
        (Some(2020), Some(Status::NotApplicable)),
        (Some(2023), None),
        (None, None),
    ] {
        let report = book().assess(&p, Options { year }).unwrap();
        let o = report.outcome("admission.investment_per_mu").unwrap();
        assert_eq!(
            (o.status, o.alternative_status),
            (Status::Pass, expected),
            "{year:?}"
        );
        let words = if expected.is_some() {
            vec!["为项目建设的基本约束性条件"]
        } else {
            vec![]
        };
        assert_eq!(o.alternative_words, words, "{year:?}");
    }
    // Under the alternative the rule says what the chosen side, which keeps it in force,
    // would decide (24000 ÷ 60 = 400 > 300: pass), measures it, and names the words.
    let other = book().under(&["admission.in_force"]).unwrap();
    let report = other.assess(&p, Options::year(2030)).unwrap();
    let o = report.outcome("admission.investment_per_mu").unwrap();
    assert_eq!(
        (o.status, o.alternative_status),
        (Status::NotApplicable, Some(Status::Pass))
    );
    assert_eq!(o.observed.as_ref().map(|q| q.value.as_str()), Some("400"));
    assert_eq!(o.margin, None);
    assert_eq!(o.alternative_words, ["为项目建设的基本约束性条件"]);
}

/// The R&D reference points compare a firm's R&D ÷ revenue with the zone's R&D ÷ GDP target:
/// assessed only under `benchmark.enterprise_share`'s alternative (issue 24), which a report
/// made under it records, so that verifying it recomputes under it.
#[test]
fn the_rd_reference_points_are_assessed_only_when_asked_for() {
    let p = Project::from_json_str(
        r#"{"industry":"智能制造","fixed_asset_investment":{"value":"24000","unit":"万元"},"land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"},"rd_expenditure":{"value":"1","unit":"万元"},"revenue":{"value":"1000","unit":"万元"}}"#,
    )
    .unwrap();
    let ids = |b: &Rulebook| -> Vec<String> {
        b.assess(&p, Options::default())
            .unwrap()
            .outcomes
            .iter()
            .map(|o| o.rule_id.to_owned())
            .collect()
    };
    assert_eq!(
        ids(book()),
        [
            "admission.investment_per_mu",
            "admission.tax_per_mu",
            "admission.leading_industry"
        ]
    );
    let reading = book().reading("benchmark.enterprise_share").unwrap();
    assert_eq!(reading.alteration, Some(Alteration::Assessed));
    assert!(
        reading
            .alternative
            .as_ref()
            .unwrap()
            .en
            .contains("share of its revenue")
    );
    let asked = book().under(&["benchmark.enterprise_share"]).unwrap();
    let with = ids(&asked);
    assert_eq!(with.len(), 8);
    assert!(
        with[3..]
            .iter()
            .all(|id| id.starts_with("benchmark.rd_intensity."))
    );
    // 1 ÷ 1000 = 0.1 %: every reference point in force fails, and the verdict stays eligible.
    let report = asked.assess(&p, Options::year(2024)).unwrap();
    assert_eq!(report.verdict, Verdict::Eligible);
    assert_eq!(
        report
            .outcome("benchmark.rd_intensity.table_2025")
            .unwrap()
            .status,
        Status::Fail
    );
    let stored = report.to_canonical_json();
    assert!(stored.contains(r#""alternative_readings":["benchmark.enterprise_share"]"#));
    assert!(book().verify(&stored, Some(&p)).unwrap().verified);
    // Every rule is still listed and explained, whether assessed or not.
    assert!(book().rule("benchmark.rd_intensity.table_2025").is_some());
}
