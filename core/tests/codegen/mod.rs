//! The generator of `core/src/rulebook/embedded.rs`: the embedded rulebook as Rust source,
//! written from the TOML compiled by the library. Test-only: the `embedded` test regenerates the
//! file and fails when it is stale (`SHENFU_BLESS=1` rewrites it).
//!
//! Why: loading the plan then needs neither a parser nor the validation code at run time, which
//! keeps the browser build small (the TOML parser, serde's rulebook readers and the validators
//! are most of the engine's code) and makes start-up instant. Validation still runs — on the
//! TOML, in the tests that guard this file.

use rust_decimal::Decimal;
use shenfu_rules::quantity::MeasureUnit;
use shenfu_rules::rulebook::{Alteration, Bound, Check, Citation, Reading, Rule, Rulebook, Text};
use shenfu_rules::zone::{CrossCheck, Indicator, Relation, Target};
use std::fmt::Write;

fn text(s: &str) -> String {
    format!("s({s:?})")
}

fn opt<T>(value: Option<T>, f: impl Fn(T) -> String) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("Some({})", f(v)))
}

/// A decimal as a constant expression (for the static tables).
fn const_dec(d: Decimal) -> String {
    let m = d.mantissa().unsigned_abs();
    format!(
        "Decimal::from_parts({}, {}, {}, {}, {})",
        m & 0xffff_ffff,
        (m >> 32) & 0xffff_ffff,
        (m >> 64) & 0xffff_ffff,
        d.is_sign_negative(),
        d.scale()
    )
}

fn pair(t: Option<&Text>) -> String {
    opt(t, |t| format!("({:?}, {:?})", t.zh, t.en))
}

fn bilingual(t: &Text) -> String {
    format!("t({:?}, {:?})", t.zh, t.en)
}

fn citation(c: &Citation) -> String {
    format!("c({:?}, {:?})", c.section, c.quote)
}

fn check(c: &Check) -> String {
    let bound = |b: &Bound| {
        let unit = match b.threshold.unit {
            MeasureUnit::MoneyPerArea(m, a) => {
                format!("MeasureUnit::MoneyPerArea(MoneyUnit::{m:?}, AreaUnit::{a:?})")
            }
            MeasureUnit::Percent => "MeasureUnit::Percent".to_owned(),
        };
        format!(
            "Bound {{ comparator: Comparator::{:?}, wording: {}, threshold: Threshold {{ value: {}, unit: {unit} }} }}",
            b.comparator,
            text(&b.wording),
            const_dec(b.threshold.value)
        )
    };
    match c {
        Check::PerArea {
            amount,
            bound: b,
            threshold_base,
        } => format!(
            "Check::PerArea {{ amount: AmountField::{amount:?}, bound: {}, threshold_base: {} }}",
            bound(b),
            const_dec(*threshold_base)
        ),
        Check::Share {
            part,
            whole,
            bound: b,
        } => format!(
            "Check::Share {{ part: AmountField::{part:?}, whole: AmountField::{whole:?}, bound: {} }}",
            bound(b)
        ),
        Check::Membership { set } => {
            let members: Vec<String> = set.iter().map(|i| format!("Industry::{i:?}")).collect();
            format!("Check::Membership {{ set: vec![{}] }}", members.join(", "))
        }
    }
}

fn rule(r: &Rule) -> String {
    format!(
        "Rule {{ id: {}, scope: Scope::{:?}, property: Property::{:?}, label: {}, year: {:?}, in_force: {:?}, check: {}, citation: {}, note: {}, readings: vec![{}], alternative: {}, alternative_in_force: {:?}, assessed: {} }}",
        text(&r.id),
        r.scope,
        r.property,
        bilingual(&r.label),
        r.year,
        r.in_force,
        check(&r.check),
        citation(&r.citation),
        opt(r.note.as_ref(), bilingual),
        strings(&r.readings, text),
        opt(r.alternative, |c| format!("Comparator::{c:?}")),
        r.alternative_in_force,
        r.assessed
    )
}

fn strings(items: &[String], f: impl Fn(&str) -> String) -> String {
    items.iter().map(|i| f(i)).collect::<Vec<_>>().join(", ")
}

fn reading(r: &Reading) -> String {
    let alteration = opt(r.alteration.as_ref(), |a| match a {
        Alteration::Comparator(c) => format!("Alteration::Comparator(Comparator::{c:?})"),
        Alteration::Band => "Alteration::Band".to_owned(),
        Alteration::Since(y) => format!("Alteration::Since({y})"),
        Alteration::Indicator(i) => format!("Alteration::Indicator({})", text(i)),
        Alteration::Tolerance(d) => format!("Alteration::Tolerance({})", const_dec(*d)),
        Alteration::InForce(first, last) => format!("Alteration::InForce({first}, {last})"),
        Alteration::Assessed => "Alteration::Assessed".to_owned(),
    });
    format!(
        "Reading {{ id: {}, words: {}, chosen: {}, alternative: {}, basis: Basis::{:?}, alteration: {alteration}, wordings: vec![{}] }}",
        text(&r.id),
        text(&r.words),
        bilingual(&r.chosen),
        opt(r.alternative.as_ref(), bilingual),
        r.basis,
        strings(&r.wordings, text)
    )
}

fn indicator(i: &Indicator) -> String {
    format!(
        "I {{ id: {:?}, number: {:?}, category: Category::{:?}, name: ({:?}, {:?}), unit: {:?}, measure: Measure::{:?}, direction: Direction::{:?}, baseline: {}, property: {}, citation: {} }}",
        i.id,
        i.number,
        i.category,
        i.name.zh,
        i.name.en,
        i.unit.name(),
        i.measure,
        i.direction,
        opt(i.baseline, const_dec),
        opt(i.property, |p| format!("Property::{p:?}")),
        opt(i.citation.as_ref(), |c| format!(
            "({:?}, {:?})",
            c.section, c.quote
        ))
    )
}

fn target(t: &Target) -> String {
    let relation = match t.relation {
        Relation::Compare(c) => format!("Relation::Compare(Comparator::{c:?})"),
        Relation::About { tolerance } => {
            format!("Relation::About {{ tolerance: {} }}", const_dec(tolerance))
        }
    };
    format!(
        "T {{ id: {:?}, indicator: {}, property: Property::{:?}, year: {}, goal: Goal::{:?}, since: {}, relation: {relation}, wording: {:?}, threshold: {}, threshold_unit: {:?}, source: Source::{:?}, citation: ({:?}, {:?}), note: {}, readings: &[{}], aspiration: {} }}",
        t.id,
        t.indicator,
        t.property,
        t.year,
        t.goal,
        t.since,
        t.wording,
        const_dec(t.threshold),
        t.threshold_unit,
        t.source,
        t.citation.section,
        t.citation.quote,
        pair(t.note.as_ref()),
        strings(&t.readings, |r| format!("{r:?}")),
        t.aspiration
    )
}

fn cross_check(c: &CrossCheck) -> String {
    format!(
        "CrossCheck {{ id: {}, whole: {}, parts: vec![{}], scaled: vec![{}], note: {} }}",
        text(&c.id),
        text(&c.whole),
        strings(&c.parts, text),
        c.scaled
            .iter()
            .map(|(part, by)| format!("({}, {})", text(part), text(by)))
            .collect::<Vec<_>>()
            .join(", "),
        bilingual(&c.note)
    )
}

/// The generated file's head: what it is and what it uses.
const HEAD: &str = "// @generated from core/rulebooks/shenfu-14th-fyp.toml by core/tests/codegen.
// Do not edit: change the TOML and run `SHENFU_BLESS=1 cargo test -p shenfu-rules --test embedded`.

use super::embedded_parts::{c, s, t, Zone};
use super::*;
use crate::comparator::Comparator;
use crate::industry::Industry;
use crate::project::AmountField;
use crate::quantity::{AreaUnit, MeasureUnit, MoneyUnit};
#[cfg(feature = \"embedded-zone\")]
use {
    super::embedded_parts::{I, T},
    crate::zone::{Category, CrossCheck, Direction, Goal, Measure, Relation, Source},
};
";

/// `book` as the Rust source of `core/src/rulebook/embedded.rs`.
pub fn rust_source(this: &Rulebook) -> String {
    {
        let mut out = String::from(HEAD);
        let _ = writeln!(
            out,
            "\n#[cfg(feature = \"embedded-zone\")]\nstatic INDICATORS: [I; {}] = [",
            this.indicators().len()
        );
        for i in this.indicators() {
            let _ = writeln!(out, "    {},", indicator(i));
        }
        let _ = writeln!(
            out,
            "];\n\n#[cfg(feature = \"embedded-zone\")]\nstatic TARGETS: [T; {}] = [",
            this.targets().len()
        );
        for t in this.targets() {
            let _ = writeln!(out, "    {},", target(t));
        }
        let _ = writeln!(
            out,
            "];\n\n/// The zone's part: indicators, targets, cross-checks (feature `embedded-zone`).\n#[cfg(feature = \"embedded-zone\")]\nfn zone() -> Zone {{\n    (\n        INDICATORS.iter().map(I::build).collect(),\n        TARGETS.iter().map(T::build).collect(),\n        vec!["
        );
        for c in this.cross_checks() {
            let _ = writeln!(out, "            {},", cross_check(c));
        }
        let _ = writeln!(
            out,
            "        ],\n    )\n}}\n\n/// Without feature `embedded-zone`: the plan's project rules and readings alone.\n#[cfg(not(feature = \"embedded-zone\"))]\nfn zone() -> Zone {{\n    Zone::default()\n}}\n\npub(super) fn rulebook() -> Rulebook {{\n    let (indicators, targets, cross_checks) = zone();\n    Rulebook {{"
        );
        let _ = writeln!(out, "        id: {},", text(&this.id));
        let _ = writeln!(out, "        version: {},", text(&this.version));
        let _ = writeln!(out, "        title: {},", bilingual(&this.title));
        let _ = writeln!(out, "        source: {},", text(&this.source));
        let _ = writeln!(out, "        sha256: {},", text(this.sha256()));
        let _ = writeln!(out, "        rules: vec![");
        for r in this.rules() {
            let _ = writeln!(out, "            {},", rule(r));
        }
        let _ = writeln!(
            out,
            "        ],\n        indicators,\n        targets,\n        readings: vec!["
        );
        for r in this.readings() {
            let _ = writeln!(out, "            {},", reading(r));
        }
        let _ = writeln!(
            out,
            "        ],\n        cross_checks,\n        alternatives: Vec::new(),\n        origin: None,\n        rendered: Default::default(),\n    }}\n}}"
        );
        out
    }
}
