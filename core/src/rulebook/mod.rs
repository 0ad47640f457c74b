//! The rulebook: the plan as data — typed rules, indicators and targets. A TOML file is parsed
//! and validated in `compile` (feature `toml`); the Shenfu plan is embedded, compiled in as Rust
//! generated from its TOML (`embedded.rs`, kept current by a test); any other rulebook can be
//! loaded from TOML.

#[cfg(feature = "toml")]
pub(crate) mod compile;
#[cfg(feature = "toml")]
mod compile_readings;
#[cfg(feature = "toml")]
mod compile_zone;
#[rustfmt::skip]
mod embedded;
pub mod diff;
mod embedded_parts;
pub mod reading;
#[cfg(feature = "toml")]
pub(crate) mod source;
#[cfg(feature = "toml")]
mod validate;

pub use crate::vocab::{Citation, FIRST_YEAR, LAST_YEAR, Property, Scope, Text};
pub use diff::RulebookDiff;
pub use reading::{Alteration, Basis, Reading, ReadingSummary};

use crate::comparator::Comparator;
use crate::error::{Error, ErrorKind, Result};
use crate::industry::Industry;
use crate::project::AmountField;
use crate::quantity::MeasureUnit;
use crate::vocab::RulebookRef;
use crate::zone::{Indicator, Target};
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// The embedded rulebook: the Shenfu zone's 14th Five-Year Plan, as written (TOML).
#[cfg(feature = "toml")]
pub const SHENFU_TOML: &str = include_str!("../../rulebooks/shenfu-14th-fyp.toml");

/// A threshold with its unit, e.g. 300 万元/亩.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    /// The number as the plan states it, e.g. 300.
    pub value: Decimal,
    /// Its unit, e.g. 万元/亩.
    pub unit: MeasureUnit,
}

/// A comparison as the plan words it: `超 300 万元/亩` is `> 300 万元/亩`, wording `超`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The comparator the wording means by Civil Code art. 1259 (the loader refuses a pair that
    /// disagrees).
    pub comparator: Comparator,
    /// The plan's word, e.g. 超, as it stands in the quote (`表列目标值` for a bare table value).
    pub wording: String,
    /// The number and its unit.
    pub threshold: Threshold,
}

/// The typed evaluator kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// An amount per unit of land area (亩均投入, 亩均税收).
    PerArea {
        /// The money field divided by the land area, e.g. `fixed_asset_investment`.
        amount: AmountField,
        /// How the amount per area must stand to the threshold.
        bound: Bound,
        /// The threshold in base money (元 or 美元) per area unit, computed once at load, so
        /// that deciding is two multiplications and a comparison.
        threshold_base: Decimal,
    },
    /// One amount as a percentage of another (R&D intensity).
    Share {
        /// The field that is the share, e.g. `rd_expenditure`.
        part: AmountField,
        /// The field it is a share of, e.g. `revenue`.
        whole: AmountField,
        /// How the percentage must stand to the threshold.
        bound: Bound,
    },
    /// The project's industry belongs to a set (the six leading industries).
    Membership {
        /// The industries that pass.
        set: Vec<Industry>,
    },
}

impl Check {
    /// The evaluator's key in rulebooks and listings (`per_area`, `share`, `membership`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PerArea { .. } => "per_area",
            Self::Share { .. } => "share",
            Self::Membership { .. } => "membership",
        }
    }

    /// The comparison, for the evaluators that have one (`per_area`, `share`).
    pub fn bound(&self) -> Option<&Bound> {
        match self {
            Self::PerArea { bound, .. } | Self::Share { bound, .. } => Some(bound),
            Self::Membership { .. } => None,
        }
    }
}

/// One rule of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The rule's id, e.g. `admission.investment_per_mu`: what reports and `--rule` name it by.
    pub id: String,
    /// Who the rule speaks about: a project or the zone.
    pub scope: Scope,
    /// What failing it means (`admission` for 基本约束性条件, `binding`, `expected`, `guidance`).
    pub property: Property,
    /// What people call it, in both languages, e.g. 亩均投入 / `fixed-asset investment per mu`.
    pub label: Text,
    /// The anchor year of a target (2022, 2025, 2035), if it has one.
    pub year: Option<u16>,
    /// The evaluation years in which the rule applies (inclusive); other years are
    /// `not_applicable`. Without an evaluation year every rule is evaluated.
    pub in_force: (u16, u16),
    /// How it is evaluated, with its comparison.
    pub check: Check,
    /// Where in the plan it stands: the section and the verbatim quote.
    pub citation: Citation,
    /// A caveat shown with every outcome, e.g. that a zone target is only informative for one
    /// enterprise.
    pub note: Option<Text>,
    /// The ids of the readings the rule rests on ([`Reading`]).
    pub readings: Vec<String>,
    /// The comparator under the other side of those readings, when it differs (set by the
    /// loader and [`Rulebook::under`]): what an outcome's `alternative_status` is judged by.
    pub alternative: Option<Comparator>,
    /// The years in force under the other side of those readings, when they differ
    /// (`admission.in_force`): an outcome judged outside them is `not_applicable` there.
    pub alternative_in_force: Option<(u16, u16)>,
    /// Whether projects are assessed against it (a project rule): false for a rule resting on
    /// a reading whose alternative alone brings it in ([`Alteration::Assessed`]: the R&D
    /// benchmarks, `benchmark.enterprise_share`) while that alternative is not taken. Set by
    /// the loader and [`Rulebook::under`].
    pub assessed: bool,
}

impl Rule {
    /// Whether the rule is in force in `year`: within its `in_force` years, both ends included.
    /// The one test of a rule's years — judging, the JSON writer, verification and replay.
    pub fn in_force_in(&self, year: u16) -> bool {
        (self.in_force.0..=self.in_force.1).contains(&year)
    }
}

/// A validated rulebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rulebook {
    /// The rulebook's id, e.g. `shenfu-14th-fyp`.
    pub id: String,
    /// The rulebook's own version, e.g. `2026.12.1`: a revision of the plan's rules is a new
    /// version.
    pub version: String,
    /// Its title, in both languages.
    pub title: Text,
    /// The document it encodes, by its full Chinese title.
    pub source: String,
    sha256: String,
    rules: Vec<Rule>,
    indicators: Vec<Indicator>,
    targets: Vec<Target>,
    readings: Vec<Reading>,
    /// Checks across indicators (`[[cross_checks]]`).
    cross_checks: Vec<crate::zone::CrossCheck>,
    /// The readings evaluated under their alternative ([`Rulebook::under`]), sorted.
    alternatives: Vec<String>,
    /// The rulebook as loaded, when this one is it under alternatives.
    origin: Option<Box<Rulebook>>,
    /// The report parts rendered once for the JSON writer (`assess::write`).
    pub(crate) rendered: crate::vocab::Memo,
}

impl Rulebook {
    /// The embedded Shenfu rulebook, parsed once.
    ///
    /// ```
    /// let book = shenfu_rules::Rulebook::embedded();
    /// assert!(book.rule("admission.investment_per_mu").is_some());
    /// ```
    pub fn embedded() -> &'static Rulebook {
        static BOOK: OnceLock<Rulebook> = OnceLock::new();
        BOOK.get_or_init(embedded::rulebook)
    }

    /// SHA-256 (hex) of the rulebook's TOML text, as loaded.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The rules in rulebook order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The zone's indicators: the appendix table's rows in order, then the prose-only ones.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The indicator with this id, e.g. `gdp`.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The zone's targets: the table's cells (`indicator.<id>.<year>`), then the prose's.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The target with this id, e.g. `indicator.gdp.2025`.
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// The checks across indicators, in rulebook order.
    pub fn cross_checks(&self) -> &[crate::zone::CrossCheck] {
        &self.cross_checks
    }

    /// The indicator a target is about.
    pub fn indicator_of(&self, target: &Target) -> Option<&Indicator> {
        self.indicators.get(target.indicator)
    }

    /// The rule with this id, e.g. `admission.investment_per_mu`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Like [`Rulebook::rule`], with an `unknown_rule` error naming the id.
    pub fn require_rule(&self, id: &str) -> Result<&Rule> {
        self.rule(id)
            .ok_or_else(|| Error::from(ErrorKind::UnknownRule { id: id.to_owned() }).at("rule_id"))
    }
}

impl Rulebook {
    /// Which rulebook decided, as reports name it.
    pub fn reference(&self) -> RulebookRef<'_> {
        RulebookRef {
            id: &self.id,
            version: &self.version,
            sha256: self.sha256(),
        }
    }
}
