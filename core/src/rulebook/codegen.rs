//! The embedded rulebook as Rust source: `embedded.rs` is generated from the TOML by
//! [`Rulebook::to_rust_source`] and committed; a test regenerates it and fails when it is stale
//! (`SHENFU_BLESS=1` rewrites it), and another checks that it equals the TOML compiled afresh.
//!
//! Why: loading the plan then needs neither a parser nor the validation code at run time, which
//! keeps the browser build small (the TOML parser, serde's rulebook readers and the validators
//! are most of the engine's code) and makes start-up instant. Validation still runs — on the
//! TOML, in the tests that guard this file.

use super::{Check, Rule, Rulebook};
use crate::quantity::MeasureUnit;
use crate::vocab::{Citation, Text};
use crate::zone::{Indicator, Relation, Target};
use rust_decimal::Decimal;
use std::fmt::Write;

fn text(s: &str) -> String {
    format!("s({s:?})")
}

fn opt<T>(value: Option<T>, f: impl Fn(T) -> String) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("Some({})", f(v)))
}

fn dec(d: Decimal) -> String {
    format!("d({:?})", d.to_string())
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
    let bound = |b: &super::Bound| {
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
            dec(b.threshold.value)
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
            dec(*threshold_base)
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
        "Rule {{ id: {}, scope: Scope::{:?}, property: Property::{:?}, label: {}, year: {:?}, in_force: {:?}, check: {}, citation: {}, note: {} }}",
        text(&r.id),
        r.scope,
        r.property,
        bilingual(&r.label),
        r.year,
        r.in_force,
        check(&r.check),
        citation(&r.citation),
        opt(r.note.as_ref(), bilingual)
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
        "T {{ id: {:?}, indicator: {}, property: Property::{:?}, year: {}, goal: Goal::{:?}, since: {}, relation: {relation}, wording: {:?}, threshold: {}, threshold_unit: {:?}, source: Source::{:?}, citation: ({:?}, {:?}), note: {} }}",
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
        pair(t.note.as_ref())
    )
}

/// The generated file's fixed part: helpers, and the static shapes of indicators and targets
/// (constant data, so loading the plan is copying, not running code per field).
const PRELUDE: &str = r#"// @generated from core/rulebooks/shenfu-14th-fyp.toml by `Rulebook::to_rust_source`.
// Do not edit: change the TOML and run `SHENFU_BLESS=1 cargo test -p shenfu-rules --test embedded`.

use super::*;
use crate::comparator::Comparator;
use crate::industry::Industry;
use crate::project::AmountField;
use crate::quantity::{AreaUnit, MeasureUnit, MoneyUnit};
use crate::zone::{Category, Direction, Goal, Indicator, IndicatorUnit, Measure, Relation, Source, Target};

type Pair = (&'static str, &'static str);

fn s(text: &str) -> String {
    text.to_owned()
}

fn t(zh: &str, en: &str) -> Text {
    Text { zh: s(zh), en: s(en) }
}

fn c(section: &str, quote: &str) -> Citation {
    Citation { section: s(section), quote: s(quote) }
}

/// Decimal text written by the generator from a `Decimal`, so it always parses.
fn d(text: &str) -> Decimal {
    crate::number::parse_decimal(text).unwrap_or_default()
}

struct I {
    id: &'static str,
    number: Option<u8>,
    category: Category,
    name: Pair,
    unit: &'static str,
    measure: Measure,
    direction: Direction,
    baseline: Option<Decimal>,
    property: Option<Property>,
    citation: Option<Pair>,
}

impl I {
    fn build(&self) -> Indicator {
        Indicator {
            id: s(self.id),
            number: self.number,
            category: self.category,
            name: t(self.name.0, self.name.1),
            unit: IndicatorUnit::parse(self.unit),
            measure: self.measure,
            direction: self.direction,
            baseline: self.baseline,
            property: self.property,
            citation: self.citation.map(|(section, quote)| c(section, quote)),
        }
    }
}

struct T {
    id: &'static str,
    indicator: usize,
    property: Property,
    year: u16,
    goal: Goal,
    since: u16,
    relation: Relation,
    wording: &'static str,
    threshold: Decimal,
    threshold_unit: &'static str,
    source: Source,
    citation: Pair,
    note: Option<Pair>,
}

impl T {
    fn build(&self) -> Target {
        Target {
            id: s(self.id),
            indicator: self.indicator,
            property: self.property,
            year: self.year,
            goal: self.goal,
            since: self.since,
            relation: self.relation,
            wording: s(self.wording),
            threshold: self.threshold,
            threshold_unit: s(self.threshold_unit),
            source: self.source,
            citation: c(self.citation.0, self.citation.1),
            note: self.note.map(|(zh, en)| t(zh, en)),
        }
    }
}
"#;

impl Rulebook {
    /// This rulebook as the Rust source of `core/src/rulebook/embedded.rs`.
    #[doc(hidden)]
    pub fn to_rust_source(&self) -> String {
        let mut out = String::from(PRELUDE);
        let _ = writeln!(
            out,
            "\nstatic INDICATORS: [I; {}] = [",
            self.indicators.len()
        );
        for i in &self.indicators {
            let _ = writeln!(out, "    {},", indicator(i));
        }
        let _ = writeln!(out, "];\n\nstatic TARGETS: [T; {}] = [", self.targets.len());
        for t in &self.targets {
            let _ = writeln!(out, "    {},", target(t));
        }
        let _ = writeln!(
            out,
            "];\n\npub(super) fn rulebook() -> Rulebook {{\n    Rulebook {{"
        );
        let _ = writeln!(out, "        id: {},", text(&self.id));
        let _ = writeln!(out, "        version: {},", text(&self.version));
        let _ = writeln!(out, "        title: {},", bilingual(&self.title));
        let _ = writeln!(out, "        source: {},", text(&self.source));
        let _ = writeln!(out, "        sha256: {},", text(&self.sha256));
        let _ = writeln!(out, "        rules: vec![");
        for r in &self.rules {
            let _ = writeln!(out, "            {},", rule(r));
        }
        let _ = writeln!(
            out,
            "        ],\n        indicators: INDICATORS.iter().map(I::build).collect(),\n        targets: TARGETS.iter().map(T::build).collect(),\n    }}\n}}"
        );
        out
    }
}
