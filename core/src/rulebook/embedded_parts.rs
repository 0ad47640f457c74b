//! The hand-written half of the embedded rulebook: the helpers and the static shapes of
//! indicators and targets that the generated `embedded.rs` fills with the plan's data (constant
//! data, so loading the plan is copying, not running code per field). The generator lives with
//! the test that keeps `embedded.rs` current (`core/tests/codegen/`), outside the library.

use super::{Citation, Text};
use crate::zone::{CrossCheck, Indicator, Target};
#[cfg(feature = "embedded-zone")]
use {
    super::Property,
    crate::zone::{Category, Direction, Goal, IndicatorUnit, Measure, Relation, Source},
    rust_decimal::Decimal,
};

/// The zone's part of the plan: its indicators, targets and cross-checks. A build without
/// feature `embedded-zone` (the self-assessment page, which assesses projects and never reads
/// them: 14 KB of its download) embeds the plan without them.
pub(super) type Zone = (Vec<Indicator>, Vec<Target>, Vec<CrossCheck>);

#[cfg(feature = "embedded-zone")]
pub(super) type Pair = (&'static str, &'static str);

pub(super) fn s(text: &str) -> String {
    text.to_owned()
}

pub(super) fn t(zh: &str, en: &str) -> Text {
    Text {
        zh: s(zh),
        en: s(en),
    }
}

pub(super) fn c(section: &str, quote: &str) -> Citation {
    Citation {
        section: s(section),
        quote: s(quote),
    }
}

#[cfg(feature = "embedded-zone")]
pub(super) struct I {
    pub(super) id: &'static str,
    pub(super) number: Option<u8>,
    pub(super) category: Category,
    pub(super) name: Pair,
    pub(super) unit: &'static str,
    pub(super) measure: Measure,
    pub(super) direction: Direction,
    pub(super) baseline: Option<Decimal>,
    pub(super) property: Option<Property>,
    pub(super) citation: Option<Pair>,
}

#[cfg(feature = "embedded-zone")]
impl I {
    pub(super) fn build(&self) -> Indicator {
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

#[cfg(feature = "embedded-zone")]
pub(super) struct T {
    pub(super) id: &'static str,
    pub(super) indicator: usize,
    pub(super) property: Property,
    pub(super) year: u16,
    pub(super) goal: Goal,
    pub(super) since: u16,
    pub(super) relation: Relation,
    pub(super) wording: &'static str,
    pub(super) threshold: Decimal,
    pub(super) threshold_unit: &'static str,
    pub(super) source: Source,
    pub(super) citation: Pair,
    pub(super) note: Option<Pair>,
    pub(super) readings: &'static [&'static str],
    pub(super) aspiration: bool,
}

#[cfg(feature = "embedded-zone")]
impl T {
    pub(super) fn build(&self) -> Target {
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
            readings: self.readings.iter().map(|r| s(r)).collect(),
            aspiration: self.aspiration,
        }
    }
}
