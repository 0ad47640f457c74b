//! The public description of the rulebook, as `shenfu rules --format json` (rules and targets),
//! `shenfu rules --conflicts --format json`, Python's `Rulebook` and the WASM `rules()` print
//! it: a rule's summary (id, scope, year, comparator, threshold, property, citation — plus kind,
//! label, wording, in_force and note); a target's with the same leading fields, then its own;
//! a conflict's and an indicator's.

use crate::number::{canonical, rounded};
use crate::rulebook::{Check, Rule, Rulebook};
use crate::vocab::Quantity;
use crate::vocab::{Citation, LAST_YEAR, Property, Scope, Text};
use crate::zone::conflict::{Conflict, ConflictKind};
use crate::zone::target::{Relation, Requirement, Source, Target};
use serde::Serialize;

/// A target as `shenfu rules` lists it: the same keys as a rule's listing (for a target, `kind`
/// is the goal — level, annual_growth, multiple, annual_reduction — `label` the indicator's name
/// and `in_force` the years progress can be evaluated in), then what only targets have.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TargetSummary<'r> {
    /// The keys a rule's listing has, first and flattened into this object.
    #[serde(flatten)]
    pub listing: RuleSummary<'r>,
    /// The indicator's id, e.g. `gdp`.
    pub indicator: &'r str,
    /// `table` (a cell of the appendix table) or `prose` (a sentence of the text).
    pub source: Source,
    /// The base year its growth, multiple or reduction counts from (2020 unless the plan names
    /// another).
    pub since: u16,
    /// For 左右: the band's half-width as canonical decimal text, in the threshold's unit; `null`
    /// otherwise.
    pub tolerance: Option<String>,
    /// Stated as something to strive for (力争, 争取, 努力).
    pub aspiration: bool,
}

impl Rulebook {
    /// The target's listing; `None` when its indicator is not in this rulebook.
    pub fn target_summary<'r>(&'r self, target: &'r Target) -> Option<TargetSummary<'r>> {
        let indicator = self.indicator_of(target)?;
        Some(TargetSummary {
            listing: RuleSummary {
                id: &target.id,
                kind: target.goal.key(),
                scope: Scope::Zone,
                property: target.property,
                label: &indicator.name,
                year: Some(target.year),
                in_force: [target.since, LAST_YEAR],
                comparator: Some(target.relation.symbol()),
                wording: Some(&target.wording),
                threshold: Some(Quantity {
                    value: canonical(target.threshold),
                    unit: Some(target.threshold_unit.clone()),
                }),
                citation: &target.citation,
                note: target.note.as_ref(),
                readings: &target.readings,
            },
            indicator: &indicator.id,
            source: target.source,
            since: target.since,
            tolerance: match target.relation {
                Relation::About { tolerance } => Some(canonical(tolerance)),
                Relation::Compare(_) => None,
            },
            aspiration: target.aspiration,
        })
    }

    /// Every target's summary as one canonical JSON array.
    pub fn targets_json(&self) -> String {
        let all: Vec<TargetSummary<'_>> = self
            .targets()
            .iter()
            .filter_map(|t| self.target_summary(t))
            .collect();
        crate::canonical::to_json(&all)
    }

    /// Every conflict as one canonical JSON array.
    pub fn conflicts_json(&self) -> String {
        let conflicts = self.conflicts();
        let all: Vec<ConflictSummary<'_>> = conflicts.iter().map(Conflict::summary).collect();
        crate::canonical::to_json(&all)
    }
}

/// What a target requires in the anchor year, as a conflict's listing shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = Requirement))]
pub struct RequirementText {
    /// How the indicator's value must stand to `value` (`>`, `>=`, `<=`, `<`).
    pub comparator: &'static str,
    /// In the indicator's unit, rounded to four places.
    pub value: String,
}

/// A conflict as `shenfu rules --conflicts` lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = Conflict))]
pub struct ConflictSummary<'r> {
    /// How the two differ: `substantive`, `boundary`, `floor_met`, `undetermined` or
    /// `cross_indicator`.
    pub kind: ConflictKind,
    /// The indicator's id, e.g. `rd_intensity`.
    pub indicator: &'r str,
    /// The indicator's unit, e.g. `%`: what `first_requires` and `second_requires` are in.
    pub unit: &'r str,
    /// The anchor year both targets are for.
    pub year: u16,
    /// One target's id (for `cross_indicator`: the whole's).
    pub first: &'r str,
    /// The other target's id (for `cross_indicator`: the first part's).
    pub second: &'r str,
    /// What `first` requires, where the plan allows computing it; `null` otherwise.
    pub first_requires: Option<RequirementText>,
    /// What `second` requires, where the plan allows computing it; `null` otherwise.
    pub second_requires: Option<RequirementText>,
    /// The id of the stricter target, where there is one and it is not an aspiration (力争 …).
    pub stricter: Option<&'r str>,
    /// The readings whose alternative alone would make the two agree.
    pub dissolved_by: &'r [String],
    /// Why the two differ, and what would reconcile them, in both languages.
    pub explanation: &'r Text,
    /// For `cross_indicator`: every target summed (`second_requires` is their sum); `[]` for a
    /// pair.
    pub parts: Vec<&'r str>,
}

fn requirement_text(r: Option<Requirement>) -> Option<RequirementText> {
    r.map(|r| RequirementText {
        comparator: r.comparator.symbol(),
        value: rounded(r.value, 4).0,
    })
}

impl<'r> Conflict<'r> {
    /// The conflict as `shenfu rules --conflicts` lists it.
    pub fn summary(&self) -> ConflictSummary<'_> {
        ConflictSummary {
            kind: self.kind,
            indicator: &self.indicator.id,
            unit: self.indicator.unit.name(),
            year: self.year,
            first: &self.first.id,
            second: &self.second.id,
            first_requires: requirement_text(self.first_requires),
            second_requires: requirement_text(self.second_requires),
            stricter: self.stricter.map(|t| t.id.as_str()),
            dissolved_by: &self.dissolved_by,
            explanation: &self.explanation,
            parts: self.parts.iter().map(|t| t.id.as_str()).collect(),
        }
    }
}

/// An indicator as the rulebook defines it, for [`crate::rulebook::RulebookDiff`]: every field
/// that changes what its targets and observations mean.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IndicatorSummary<'r> {
    /// The indicator's id, e.g. `gdp`.
    pub id: &'r str,
    /// Its row in the appendix table (1–34); `null` for a prose-only indicator.
    pub number: Option<u8>,
    /// Its category in the appendix, e.g. `overall_strength`.
    pub category: crate::zone::indicator::Category,
    /// Its name in both languages.
    pub name: &'r Text,
    /// Its unit as the plan writes it, e.g. 亿元.
    pub unit: &'r str,
    /// What kind of quantity it is (`amount`, `count`, `per_capita`, `share`, `rate`,
    /// `cumulative`).
    pub measure: crate::zone::indicator::Measure,
    /// Which way is better (`higher`, `lower`).
    pub direction: crate::zone::indicator::Direction,
    /// The 2020 value the plan gives, as canonical decimal text; `null` when it gives none.
    pub baseline: Option<String>,
    /// `expected` (预期性) or `binding` (约束性), from the table row; `null` for a prose-only
    /// indicator.
    pub property: Option<crate::vocab::Property>,
    /// The table row it comes from; `null` for a prose-only indicator.
    pub citation: Option<&'r crate::vocab::Citation>,
}

impl crate::zone::indicator::Indicator {
    /// The indicator as the rulebook defines it.
    pub fn summary(&self) -> IndicatorSummary<'_> {
        IndicatorSummary {
            id: &self.id,
            number: self.number,
            category: self.category,
            name: &self.name,
            unit: self.unit.name(),
            measure: self.measure,
            direction: self.direction,
            baseline: self.baseline.map(canonical),
            property: self.property,
            citation: self.citation.as_ref(),
        }
    }
}

/// A rule as `shenfu rules` lists it (and a target's leading keys, see [`TargetSummary`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleSummary<'r> {
    /// The rule's or target's id, e.g. `admission.investment_per_mu`.
    pub id: &'r str,
    /// The evaluator (`per_area`, `share`, `membership`); for a target, its goal.
    pub kind: &'static str,
    /// `project` or `zone`.
    pub scope: Scope,
    /// What failing it means (`admission`, `binding`, `expected`, `guidance`).
    pub property: Property,
    /// What people call it (for a target: its indicator's name), in both languages.
    pub label: &'r Text,
    /// The anchor year (2022, 2025, 2035); `null` for a rule without one.
    pub year: Option<u16>,
    /// The first and last evaluation years it applies in, inclusive.
    pub in_force: [u16; 2],
    /// `>`, `>=`, `<=`, `<`; `in` for a membership rule, `about` for a 左右 target.
    pub comparator: Option<&'static str>,
    /// The plan's word the comparator is read from (超, 达到 …); `null` for a membership rule.
    pub wording: Option<&'r str>,
    /// The threshold; for a membership rule, the set joined with 、 and no unit.
    pub threshold: Option<Quantity>,
    /// Where in the plan it stands: the section and the verbatim quote.
    pub citation: &'r Citation,
    /// What the rulebook adds about how it is read, in both languages; `null` when nothing.
    pub note: Option<&'r Text>,
    /// The readings of the plan's words it rests on (`shenfu rules --readings`).
    pub readings: &'r [String],
}

impl Rule {
    /// The rule as `shenfu rules` lists it.
    pub fn summary(&self) -> RuleSummary<'_> {
        let bound = self.check.bound();
        let threshold = match &self.check {
            Check::Membership { set } => Some(Quantity {
                value: set
                    .iter()
                    .map(|i| i.name_zh())
                    .collect::<Vec<_>>()
                    .join("、"),
                unit: None,
            }),
            _ => bound.map(|b| Quantity {
                value: crate::number::canonical(b.threshold.value),
                unit: Some(b.threshold.unit.name()),
            }),
        };
        RuleSummary {
            id: &self.id,
            kind: self.check.kind(),
            scope: self.scope,
            property: self.property,
            label: &self.label,
            year: self.year,
            in_force: [self.in_force.0, self.in_force.1],
            comparator: match &self.check {
                Check::Membership { .. } => Some("in"),
                _ => bound.map(|b| b.comparator.symbol()),
            },
            wording: bound.map(|b| b.wording.as_str()),
            threshold,
            citation: &self.citation,
            note: self.note.as_ref(),
            readings: &self.readings,
        }
    }
}

impl Rulebook {
    /// Every rule's summary, then every zone target's, as one canonical JSON array.
    pub fn rules_json(&self) -> String {
        let rules = self
            .rules()
            .iter()
            .map(|r| crate::canonical::to_json(&r.summary()));
        let targets = self
            .targets()
            .iter()
            .filter_map(|t| self.target_summary(t))
            .map(|s| crate::canonical::to_json(&s));
        format!("[{}]", rules.chain(targets).collect::<Vec<_>>().join(","))
    }

    /// One rule's or, failing that, one zone target's summary as canonical JSON — the one
    /// "explain by id" every surface calls. An id that is neither is `unknown_rule` at `rule_id`.
    pub fn explain_json(&self, id: &str) -> crate::Result<String> {
        if let Some(rule) = self.rule(id) {
            return Ok(crate::canonical::to_json(&rule.summary()));
        }
        match self.target(id).and_then(|t| self.target_summary(t)) {
            Some(summary) => Ok(crate::canonical::to_json(&summary)),
            None => Err(
                crate::Error::from(crate::ErrorKind::UnknownRule { id: id.to_owned() })
                    .at("rule_id"),
            ),
        }
    }
}
