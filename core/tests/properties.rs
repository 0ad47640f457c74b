//! Properties that must hold for every input, not only the fixtures.
#![cfg(test)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use shenfu_rules::batch::{DECIMAL_SCALE, batch_decimal};
use shenfu_rules::exact::cmp_products;
use shenfu_rules::{Options, Project, Rulebook, Status, Verdict};
use std::cmp::Ordering;

fn book() -> &'static Rulebook {
    Rulebook::embedded()
}

/// The embedded rulebook under the reading that adds the R&D share rules.
fn share_book() -> &'static Rulebook {
    static BOOK: std::sync::OnceLock<Rulebook> = std::sync::OnceLock::new();
    BOOK.get_or_init(|| book().under(&["benchmark.enterprise_share"]).unwrap())
}

fn project(
    inv: &str,
    inv_unit: &str,
    area: &str,
    area_unit: &str,
    tax: &str,
    tax_unit: &str,
) -> Project {
    let json = format!(
        r#"{{"industry":"智能制造","fixed_asset_investment":{{"value":"{inv}","unit":"{inv_unit}"}},"land_area":{{"value":"{area}","unit":"{area_unit}"}},"annual_tax":{{"value":"{tax}","unit":"{tax_unit}"}},"rd_expenditure":{{"value":"{tax}","unit":"{tax_unit}"}},"revenue":{{"value":"{inv}","unit":"{inv_unit}"}}}}"#
    );
    Project::from_json_str(&json).unwrap()
}

fn statuses(p: &Project, year: Option<u16>) -> (Verdict, Vec<Status>) {
    let mut out = Vec::new();
    let eligible = book().statuses(p, Options { year }, &mut out).unwrap();
    (eligible, out)
}

/// A positive decimal with up to 6 fractional digits, below 10^12.
fn amount() -> impl Strategy<Value = Decimal> {
    (1i64..1_000_000_000_000_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s))
}

fn passes(s: Status) -> bool {
    s == Status::Pass
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// More investment or more tax never turns a pass into a fail, for any rule.
    #[test]
    fn more_investment_or_tax_never_hurts(inv in amount(), tax in amount(), area in amount(), d_inv in amount(), d_tax in amount()) {
        let (inv2, tax2) = (inv + d_inv, tax + d_tax);
        let before = project(&inv.to_string(), "元", &area.to_string(), "亩", &tax.to_string(), "元");
        let after = project(&inv2.to_string(), "元", &area.to_string(), "亩", &tax2.to_string(), "元");
        let (e1, s1) = statuses(&before, None);
        let (e2, s2) = statuses(&after, None);
        prop_assert!(e1 != Verdict::Eligible || e2 == Verdict::Eligible, "eligibility lost with more money");
        // The admission rules are the first two; more of both can only help them.
        for i in 0..2 {
            prop_assert!(!passes(s1[i]) || passes(s2[i]), "rule {i} turned from pass to fail");
        }
    }

    /// The verdict does not depend on the units the same amounts are written in.
    #[test]
    fn verdict_is_unit_invariant(yuan in 1i64..10_000_000_000_000, tax_yuan in 1i64..1_000_000_000_000, m2 in 1i64..100_000_000) {
        let y = Decimal::from(yuan);
        let t = Decimal::from(tax_yuan);
        let m = Decimal::from(m2);
        let forms = [
            project(&y.to_string(), "元", &m.to_string(), "平方米", &t.to_string(), "元"),
            project(&(y / Decimal::from(10_000)).to_string(), "万元", &(m * Decimal::new(15, 4)).to_string(), "亩", &(t / Decimal::from(10_000)).to_string(), "万元"),
            project(&(y / Decimal::from(100_000_000)).to_string(), "亿元", &(m / Decimal::from(10_000)).to_string(), "公顷", &(t / Decimal::from(100_000_000)).to_string(), "亿元"),
        ];
        let first = statuses(&forms[0], None);
        for f in &forms[1..] {
            prop_assert_eq!(&statuses(f, None), &first);
        }
    }

    /// Same input, same report, byte for byte; and `decide` agrees with `assess`.
    #[test]
    fn evaluation_is_deterministic_and_the_fast_path_agrees(inv in amount(), tax in amount(), area in amount(), year in proptest::option::of(2020u16..=2035)) {
        let p = project(&inv.to_string(), "万元", &area.to_string(), "亩", &tax.to_string(), "万元");
        let a = book().assess(&p, Options { year }).unwrap().to_canonical_json();
        let b = book().assess(&p, Options { year }).unwrap().to_canonical_json();
        prop_assert_eq!(&a, &b);
        let mut written = String::new();
        book().write_assessment(&p, Options { year }, &mut written).unwrap();
        prop_assert_eq!(&written, &a);
        let report = book().assess(&p, Options { year }).unwrap();
        prop_assert_eq!(book().decide(&p, Options { year }).unwrap(), report.verdict);
        prop_assert_eq!(report.verdict.eligible(), report.eligible);
        // The batch path gives the report's numbers: status, observed value, margin.
        let mut row = Vec::new();
        prop_assert_eq!(book().evaluate(&p, Options { year }, &mut row).unwrap(), report.verdict);
        prop_assert_eq!(row.len(), report.outcomes.len());
        for (r, o) in row.iter().zip(&report.outcomes) {
            prop_assert_eq!(r.status, o.status);
            if o.comparator.is_none() || o.comparator == Some("in") {
                continue; // membership: the observed value is the industry, a column of its own
            }
            let text = |v: Option<Decimal>| v.map(shenfu_rules::number::canonical);
            prop_assert_eq!(text(r.observed), o.observed.as_ref().map(|q| q.value.clone()));
            prop_assert_eq!(text(r.margin), o.margin.as_ref().map(|q| q.value.clone()));
        }
        // A batch row's cells, divided once where that is proven the same, are those values
        // rounded as every batch cell is.
        let mut cells = Vec::new();
        book().evaluate_cells(&p, Options { year }, &mut cells, DECIMAL_SCALE).unwrap();
        for (c, r) in cells.iter().zip(&row) {
            prop_assert_eq!(c.status, r.status);
            prop_assert_eq!(c.observed.map(batch_decimal), r.observed.map(batch_decimal));
            prop_assert_eq!(c.margin.map(batch_decimal), r.margin.map(batch_decimal));
        }
    }

    /// The JSON writer and the report agree byte for byte on any project: every unit, industry,
    /// year, currency mix, and names with quotes, backslashes and control characters; and
    /// `Rulebook::check` refuses exactly the projects the report refuses, with its error.
    #[test]
    fn the_writer_writes_the_reports_bytes(
        inv in amount(), tax in amount(), area in amount(), rd in proptest::option::of(amount()),
        revenue in proptest::option::of(0u64..1_000_000),
        units in (0usize..4, 0usize..3, 0usize..3, 0usize..4),
        industry in 0usize..7, year in proptest::option::of(2020u16..=2035),
        name in proptest::option::of("[a-z\"\\\u{0}-\u{1f}中文 ]{0,12}"),
    ) {
        let money = ["元", "万元", "亿元", "美元"];
        let area_units = ["亩", "平方米", "公顷"];
        let industries = ["数字经济", "信息技术应用及装备", "智能制造", "生命健康", "新材料和氢能", "现代服务业", "其他"];
        let mut value = serde_json::json!({
            "industry": industries[industry],
            "fixed_asset_investment": {"value": inv.to_string(), "unit": money[units.0]},
            "land_area": {"value": area.to_string(), "unit": area_units[units.1]},
            "annual_tax": {"value": tax.to_string(), "unit": money[units.2]},
        });
        if let Some(name) = name {
            value["name"] = serde_json::json!(name);
        }
        if let Some(rd) = rd {
            let unit = ["元", "万元", "美元", "万美元"][units.3];
            value["rd_expenditure"] = serde_json::json!({"value": rd.to_string(), "unit": unit});
        }
        if let Some(revenue) = revenue {
            value["revenue"] = serde_json::json!({"value": revenue.to_string(), "unit": "万元"});
        }
        let p = Project::from_json_value(&value).unwrap();
        let options = Options { year };
        // Whether the engine refuses it is known without judging it, under the reading that
        // brings in the R&D share rules (in force in some years only) too.
        for read in [book(), share_book()] {
            prop_assert_eq!(read.check(&p, options).err(), read.assess(&p, options).err());
        }
        match book().assess(&p, options) {
            Ok(report) => {
                let mut written = String::from("kept");
                prop_assert_eq!(book().write_assessment(&p, options, &mut written).unwrap(), report.verdict);
                prop_assert_eq!(written, format!("kept{}", report.to_canonical_json()));
            }
            Err(e) => {
                let mut written = String::new();
                prop_assert_eq!(book().write_assessment(&p, options, &mut written).unwrap_err(), e);
                prop_assert_eq!(written, "");
            }
        }
    }

    /// The escaping is serde_json's, for any text.
    #[test]
    fn the_writers_escaping_is_serde_jsons(text in "\\PC*|[\u{0}-\u{7f}]{0,40}") {
        let mut out = String::from("\"");
        shenfu_rules::canonical::push_escaped(&mut out, &text);
        out.push('"');
        prop_assert_eq!(out, serde_json::to_string(&text).unwrap());
    }

    /// The exact comparison agrees with whole-number cross-multiplication.
    #[test]
    fn exact_comparison_matches_integer_arithmetic(a in 0i64..1_000_000_000_000, b in 0i64..1_000_000, c in 0i64..1_000_000_000_000, d in 0i64..1_000_000, sa in 0u32..8, sc in 0u32..8) {
        // (a/10^sa)·b vs (c/10^sc)·d  ⇔  a·b·10^sc vs c·d·10^sa
        let left = i128::from(a) * i128::from(b) * 10i128.pow(sc);
        let right = i128::from(c) * i128::from(d) * 10i128.pow(sa);
        let got = cmp_products(Decimal::new(a, sa), Decimal::from(b), Decimal::new(c, sc), Decimal::from(d));
        prop_assert_eq!(got, left.cmp(&right));
    }

    /// 超 300 万元/亩 on the boundary, one last digit above and one below, for any area from
    /// tiny to huge in every area unit and the investment in every money unit: the amounts
    /// are built as whole numbers (so the expected status is known without the engine), and
    /// span the comparison's integer fast path and its wide path (products beyond 64 bits).
    #[test]
    fn the_boundary_is_exact_in_every_unit_at_any_size(
        area in 1i128..1_000_000_000_000, area_scale in 0u32..=12, units in (0usize..3, 0usize..3),
    ) {
        // (unit, 10^k it divides by, factor it multiplies by) of 亩 = area × factor ÷ 10^k.
        let (area_unit, area_exp, area_factor) = [("亩", 0, 1), ("平方米", 4, 15), ("公顷", 0, 15)][units.0];
        let (money_unit, money_exp) = [("元", 0), ("万元", 4), ("亿元", 8)][units.1];
        // 3,000,000 元 per 亩 × area[亩], in the money unit: a whole number and its scale.
        let mantissa = 3_000_000 * area * area_factor;
        let scale = area_scale + area_exp + money_exp;
        prop_assume!(scale <= 28 && mantissa < (1 << 95));
        let area = Decimal::from_i128_with_scale(area, area_scale).to_string();
        for (delta, want) in [(0, Status::Fail), (1, Status::Pass), (-1, Status::Fail)] {
            let inv = Decimal::from_i128_with_scale(mantissa + delta, scale).to_string();
            let p = project(&inv, money_unit, &area, area_unit, "1", "亿元");
            let (_, s) = statuses(&p, None);
            prop_assert_eq!(s[0], want, "{} {} on {} {}", inv, money_unit, area, area_unit);
        }
    }

    /// No text makes a parser panic.
    #[test]
    fn parsers_never_panic(text in ".{0,200}") {
        let _ = shenfu_rules::number::parse_decimal(&text);
        let _ = Project::from_json_str(&text);
        let _ = Rulebook::from_toml_str(&text);
        let _ = Project::from_fields([("industry", text.as_str()), ("land_area", text.as_str()), ("annual_tax", "1"), ("fixed_asset_investment", text.as_str())]);
    }

    /// Numbers of every shape, as JSON numbers and strings, never panic and never round.
    #[test]
    fn numeric_text_is_exact_or_refused(mantissa in "[+-]?[0-9]{0,35}(\\.[0-9]{0,35})?([eE][+-]?[0-9]{1,4})?") {
        if let Ok(d) = shenfu_rules::number::parse_decimal(&mantissa) {
            // Whatever was accepted reads back as the same value.
            let again = shenfu_rules::number::parse_decimal(&shenfu_rules::number::canonical(d)).unwrap();
            prop_assert_eq!(again, d);
        }
        for json in [format!("{{\"industry\":\"其他\",\"fixed_asset_investment\":{mantissa},\"land_area\":1,\"annual_tax\":1}}"),
                     format!("{{\"industry\":\"其他\",\"fixed_asset_investment\":\"{mantissa}\",\"land_area\":1,\"annual_tax\":1}}")] {
            if let Ok(p) = Project::from_json_str(&json) {
                let _ = book().assess(&p, Options::default()).unwrap();
            }
        }
    }
}

#[test]
fn an_exact_boundary_is_never_over_in_any_unit() {
    // 300 万元/亩 exactly, in every unit combination: never a pass under 超.
    let cases = [
        ("18000", "万元", "60", "亩"),
        ("180000000", "元", "40000", "平方米"),
        ("1.8", "亿元", "4", "公顷"),
    ];
    for (inv, iu, area, au) in cases {
        let p = project(inv, iu, area, au, "1", "亿元");
        let (_, s) = statuses(&p, None);
        assert_eq!(s[0], Status::Fail, "{inv} {iu} on {area} {au}");
        assert_eq!(
            cmp_products(
                p.fixed_asset_investment.base(),
                Decimal::ONE,
                Decimal::from(3_000_000),
                p.land_area.mu()
            ),
            Ordering::Equal
        );
    }
}
