//! The rulebook: the plan as data. A TOML file is parsed with serde, then validated and compiled
//! into typed rules: unique ids, a citation on every rule, units that fit the evaluator kind,
//! a threshold number that occurs in its quote, and a comparator that agrees with its Chinese
//! wording (Civil Code art. 1259). The Shenfu plan is embedded; any other rulebook can be loaded.

pub(crate) mod source;
mod summary;

pub use summary::RuleSummary;

#[cfg(feature = "toml")]
use crate::canonical::sha256_hex;
use crate::comparator::{Comparator, TABLE_VALUE};
#[cfg(feature = "toml")]
use crate::error::Location;
use crate::error::{Error, ErrorKind, Result};
use crate::industry::Industry;
use crate::number::{canonical, parse_decimal};
use crate::project::AmountField;
use crate::quantity::MeasureUnit;
use crate::zone::{Indicator, Target};
use rust_decimal::Decimal;
use serde::Serialize;
#[cfg(feature = "toml")]
use source::FileDef;
use source::{
    CitationDef, EvaluatorDef, Parsed, PlainFileDef, PropertyDef, RuleDef, ScopeDef, TextDef,
    ThresholdDef,
};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The embedded rulebook: the Shenfu zone's 14th Five-Year Plan, as written (TOML).
#[cfg(feature = "toml")]
pub const SHENFU_TOML: &str = include_str!("../../rulebooks/shenfu-14th-fyp.toml");

/// The same rulebook precompiled by build.rs into JSON, and the SHA-256 of its TOML text.
const SHENFU_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/shenfu-14th-fyp.json"));
const SHENFU_SHA256: &str = include_str!(concat!(env!("OUT_DIR"), "/shenfu-14th-fyp.sha256"));

/// The first and last year any threshold may apply to: the plan's baseline and its horizon.
pub const FIRST_YEAR: u16 = 2020;
pub const LAST_YEAR: u16 = 2035;

/// Text in both languages of the reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl From<TextDef> for Text {
    fn from(t: TextDef) -> Self {
        Self { zh: t.zh, en: t.en }
    }
}

/// Where a rule comes from: the plan's section and the verbatim quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub section: String,
    pub quote: String,
}

/// Who a rule speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// An investment project application.
    Project,
    /// The zone as a whole (its indicators).
    Zone,
}

/// What failing a rule means (DESIGN.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// 基本约束性条件: failing makes the project ineligible.
    Admission,
    /// 约束性: a miss is a violation.
    Binding,
    /// 预期性: a miss is being behind target.
    Expected,
    /// 指导性: information only.
    Guidance,
}

impl Property {
    pub fn key(self) -> &'static str {
        match self {
            Self::Admission => "admission",
            Self::Binding => "binding",
            Self::Expected => "expected",
            Self::Guidance => "guidance",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Admission => "基本约束性条件",
            Self::Binding => "约束性",
            Self::Expected => "预期性",
            Self::Guidance => "指导性",
        }
    }
}

/// A threshold with its unit, e.g. 300 万元/亩.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    pub value: Decimal,
    pub unit: MeasureUnit,
}

/// A comparison as the plan words it: `超 300 万元/亩` is `> 300 万元/亩`, wording `超`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub comparator: Comparator,
    pub wording: String,
    pub threshold: Threshold,
}

/// The typed evaluator kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// An amount per unit of land area (亩均投入, 亩均税收).
    PerArea {
        amount: AmountField,
        bound: Bound,
        /// The threshold in base money (元 or 美元) per area unit, computed once at load, so
        /// that deciding is two multiplications and a comparison.
        threshold_base: Decimal,
    },
    /// One amount as a percentage of another (R&D intensity).
    Share {
        part: AmountField,
        whole: AmountField,
        bound: Bound,
    },
    /// The project's industry belongs to a set (the six leading industries).
    Membership { set: Vec<Industry> },
}

impl Check {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PerArea { .. } => "per_area",
            Self::Share { .. } => "share",
            Self::Membership { .. } => "membership",
        }
    }

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
    pub id: String,
    pub scope: Scope,
    pub property: Property,
    pub label: Text,
    /// The anchor year of a target (2022, 2025, 2035), if it has one.
    pub year: Option<u16>,
    /// The evaluation years in which the rule applies (inclusive); other years are
    /// `not_applicable`. Without an evaluation year every rule is evaluated.
    pub in_force: (u16, u16),
    pub check: Check,
    pub citation: Citation,
    /// A caveat shown with every outcome, e.g. that a zone target is only informative for one
    /// enterprise.
    pub note: Option<Text>,
}

/// A validated rulebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rulebook {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub source: String,
    sha256: String,
    rules: Vec<Rule>,
    indicators: Vec<Indicator>,
    targets: Vec<Target>,
}

impl Rulebook {
    /// The embedded Shenfu rulebook, parsed once.
    ///
    /// ```
    /// let book = shenfu_rules::Rulebook::embedded().unwrap();
    /// assert!(book.rule("admission.investment_per_mu").is_some());
    /// ```
    pub fn embedded() -> Result<&'static Rulebook> {
        static BOOK: OnceLock<Result<Rulebook>> = OnceLock::new();
        BOOK.get_or_init(|| {
            let file: PlainFileDef = serde_json::from_str(SHENFU_JSON).map_err(|e| {
                Error::from(ErrorKind::RulebookSyntax {
                    detail: e.to_string(),
                })
            })?;
            Rulebook::build(file.into(), SHENFU_SHA256.to_owned())
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Load a rulebook from a file.
    #[cfg(feature = "toml")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Rulebook> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::from(ErrorKind::Io {
                path: path.display().to_string(),
                detail: e.to_string(),
            })
        })?;
        Self::from_toml_str(&text)
    }

    /// Parse and validate a rulebook from TOML text. Errors carry the line and column.
    #[cfg(feature = "toml")]
    pub fn from_toml_str(text: &str) -> Result<Rulebook> {
        let file: FileDef = toml::from_str(text).map_err(|e| {
            let error = Error::from(ErrorKind::RulebookSyntax {
                detail: e.message().trim().to_owned(),
            });
            match e.span() {
                Some(span) => error.located(Location::of_offset(text, span.start)),
                None => error,
            }
        })?;
        Self::build(file.placed(text), sha256_hex(text.as_bytes()))
    }

    /// Validate and compile parsed definitions.
    fn build(parsed: Parsed, sha256: String) -> Result<Rulebook> {
        let mut seen = BTreeSet::new();
        let mut rules = Vec::with_capacity(parsed.rules.len());
        for (i, (def, location)) in parsed.rules.into_iter().enumerate() {
            let field = format!("rules[{i}]");
            if !seen.insert(def.id.clone()) {
                return Err(Error::from(ErrorKind::RulebookDuplicateId { id: def.id })
                    .at(&format!("{field}.id"))
                    .located_at(location));
            }
            rules.push(compile(def).map_err(|e| e.at(&field).located_at(location))?);
        }
        let (indicators, targets) =
            crate::zone::compile(&mut seen, parsed.indicators, parsed.targets)?;
        let header = parsed.header;
        Ok(Rulebook {
            id: header.id,
            version: header.version,
            title: header.title.into(),
            source: header.source,
            sha256,
            rules,
            indicators,
            targets,
        })
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

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The zone's targets: the table's cells (`indicator.<id>.<year>`), then the prose's.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// The indicator a target is about.
    pub fn indicator_of(&self, target: &Target) -> Option<&Indicator> {
        self.indicators.get(target.indicator)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Like [`Rulebook::rule`], with an `unknown_rule` error naming the id.
    pub fn require_rule(&self, id: &str) -> Result<&Rule> {
        self.rule(id)
            .ok_or_else(|| Error::from(ErrorKind::UnknownRule { id: id.to_owned() }).at("rule_id"))
    }
}

pub(crate) fn invalid(field: &str, detail: impl Into<String>) -> Error {
    Error::from(ErrorKind::RulebookInvalid {
        detail: detail.into(),
    })
    .at(field)
}

fn compile(def: RuleDef) -> Result<Rule> {
    if def.id.trim().is_empty() || def.id.chars().any(char::is_whitespace) {
        return Err(invalid(
            "id",
            format!(
                "rule id `{}` must be non-empty and contain no spaces",
                def.id
            ),
        ));
    }
    let citation = citation(&def.id, def.citation)?;
    let (first, last) = match def.in_force {
        Some([a, b]) => (a, b),
        None => (FIRST_YEAR, def.year.unwrap_or(LAST_YEAR)),
    };
    for (year, field) in [
        (def.year, "year"),
        (Some(first), "in_force"),
        (Some(last), "in_force"),
    ] {
        if let Some(y) = year.filter(|y| !(FIRST_YEAR..=LAST_YEAR).contains(y)) {
            return Err(invalid(
                field,
                format!("year {y} is outside {FIRST_YEAR}–{LAST_YEAR}"),
            ));
        }
    }
    if first > last {
        return Err(invalid(
            "in_force",
            format!("in_force starts at {first} after it ends at {last}"),
        ));
    }
    let bound = || {
        bound(
            &def.id,
            def.comparator.as_deref(),
            def.wording.as_deref(),
            def.threshold.as_ref(),
            &citation,
        )
    };
    let check = match &def.evaluator {
        EvaluatorDef::PerArea { amount } => {
            let amount = amount_field(amount, "evaluator.amount")?;
            let bound = bound()?;
            let MeasureUnit::MoneyPerArea(money_unit, _) = bound.threshold.unit else {
                return Err(invalid(
                    "threshold.unit",
                    "a per_area rule needs a money/area unit such as 万元/亩",
                ));
            };
            let threshold_base =
                crate::exact::exact_mul(bound.threshold.value, money_unit.factor()).ok_or_else(
                    || {
                        Error::from(ErrorKind::OutOfRange {
                            text: canonical(bound.threshold.value),
                        })
                        .at("threshold.value")
                    },
                )?;
            Check::PerArea {
                amount,
                bound,
                threshold_base,
            }
        }
        EvaluatorDef::Share { part, whole } => {
            let part = amount_field(part, "evaluator.part")?;
            let whole = amount_field(whole, "evaluator.whole")?;
            let bound = bound()?;
            if bound.threshold.unit != MeasureUnit::Percent {
                return Err(invalid("threshold.unit", "a share rule needs the unit %"));
            }
            Check::Share { part, whole, bound }
        }
        EvaluatorDef::Membership { field, set } => {
            if field != "industry" {
                return Err(invalid(
                    "evaluator.field",
                    format!("membership applies to `industry`, not `{field}`"),
                ));
            }
            if def.comparator.is_some() || def.wording.is_some() || def.threshold.is_some() {
                return Err(invalid(
                    "evaluator",
                    "a membership rule takes a set, not a comparator, wording or threshold",
                ));
            }
            let set = set
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    Industry::parse(s)
                        .map_err(|k| Error::from(k).at(&format!("evaluator.set[{i}]")))
                })
                .collect::<Result<Vec<_>>>()?;
            if set.is_empty() {
                return Err(invalid("evaluator.set", "the set is empty"));
            }
            Check::Membership { set }
        }
    };
    Ok(Rule {
        id: def.id,
        scope: match def.scope {
            ScopeDef::Project => Scope::Project,
            ScopeDef::Zone => Scope::Zone,
        },
        property: property(def.property),
        label: def.label.into(),
        year: def.year,
        in_force: (first, last),
        check,
        citation,
        note: def.note.map(Into::into),
    })
}

pub(crate) fn citation(id: &str, def: Option<CitationDef>) -> Result<Citation> {
    let missing = |detail: &str| {
        Error::from(ErrorKind::RulebookCitation {
            id: id.to_owned(),
            detail: detail.to_owned(),
        })
        .at("citation")
    };
    let def = def.ok_or_else(|| missing("no citation"))?;
    if def.section.trim().is_empty() {
        return Err(missing("the section is empty"));
    }
    if def.quote.trim().is_empty() {
        return Err(missing("the quote is empty"));
    }
    Ok(Citation {
        section: def.section,
        quote: def.quote,
    })
}

pub(crate) fn property(def: PropertyDef) -> Property {
    match def {
        PropertyDef::Admission => Property::Admission,
        PropertyDef::Binding => Property::Binding,
        PropertyDef::Expected => Property::Expected,
        PropertyDef::Guidance => Property::Guidance,
    }
}

fn amount_field(text: &str, field: &str) -> Result<AmountField> {
    AmountField::parse(text).ok_or_else(|| {
        invalid(field, format!("`{text}` is not an amount field (fixed_asset_investment, annual_tax, rd_expenditure, revenue)"))
    })
}

/// Comparator, wording and threshold, checked against each other and against the quote.
fn bound(
    id: &str,
    comparator: Option<&str>,
    wording: Option<&str>,
    threshold: Option<&ThresholdDef>,
    citation: &Citation,
) -> Result<Bound> {
    let comparator_text =
        comparator.ok_or_else(|| Error::from(ErrorKind::MissingField).at("comparator"))?;
    let wording = wording.ok_or_else(|| Error::from(ErrorKind::MissingField).at("wording"))?;
    let threshold =
        threshold.ok_or_else(|| Error::from(ErrorKind::MissingField).at("threshold"))?;
    let comparator = Comparator::parse(comparator_text).ok_or_else(|| {
        invalid(
            "comparator",
            format!("unknown comparator `{comparator_text}`; expected >, >=, <= or <"),
        )
    })?;
    let meant = Comparator::of_wording(wording).ok_or_else(|| {
        let known: Vec<&str> = Comparator::known_wordings().map(|(w, _)| w).collect();
        invalid(
            "wording",
            format!("unknown wording `{wording}`; known: {}", known.join("、")),
        )
    })?;
    if meant != comparator {
        return Err(Error::from(ErrorKind::RulebookComparatorWording {
            comparator: comparator.symbol().to_owned(),
            wording: wording.to_owned(),
            expected: meant.symbol().to_owned(),
        })
        .at("comparator"));
    }
    if wording != TABLE_VALUE && !citation.quote.contains(wording) {
        return Err(Error::from(ErrorKind::RulebookCitation {
            id: id.to_owned(),
            detail: format!("the wording `{wording}` does not occur in the quote"),
        })
        .at("wording"));
    }
    let value =
        parse_decimal(&threshold.value).map_err(|k| Error::from(k).at("threshold.value"))?;
    let unit =
        MeasureUnit::parse(&threshold.unit).map_err(|k| Error::from(k).at("threshold.unit"))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::from(ErrorKind::NegativeValue {
            value: canonical(value),
        })
        .at("threshold.value"));
    }
    if !citation.quote.contains(&canonical(value)) {
        return Err(Error::from(ErrorKind::RulebookCitation {
            id: id.to_owned(),
            detail: format!(
                "the threshold {} does not occur in the quote",
                canonical(value)
            ),
        })
        .at("threshold.value"));
    }
    Ok(Bound {
        comparator,
        wording: wording.to_owned(),
        threshold: Threshold { value, unit },
    })
}
