//! The public description of targets and conflicts, as `shenfu rules --format json`,
//! `shenfu rules --conflicts --format json`, Python and WASM print them. A target's summary has
//! the same leading fields as a rule's (id, kind, scope, property, label, year, in_force,
//! comparator, wording, threshold, citation, note), then its own.

use super::conflict::{Conflict, ConflictKind};
use super::target::{Relation, Requirement, Source, Target};
use crate::number::{canonical, rounded};
use crate::rulebook::{RuleSummary, Rulebook};
use crate::vocab::Quantity;
use crate::vocab::{LAST_YEAR, Scope, Text};
use serde::Serialize;

/// A target as `shenfu rules` lists it: the same keys as a rule's listing (for a target, `kind`
/// is the goal — level, annual_growth, multiple, annual_reduction — `label` the indicator's name
/// and `in_force` the years progress can be evaluated in), then what only targets have.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TargetSummary<'r> {
    #[serde(flatten)]
    pub listing: RuleSummary<'r>,
    pub indicator: &'r str,
    pub source: Source,
    pub since: u16,
    pub tolerance: Option<String>,
    /// Stated as something to strive for (力争, 争取, 努力).
    pub aspiration: bool,
}

impl Rulebook {
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

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequirementText {
    pub comparator: &'static str,
    /// In the indicator's unit, rounded to four places.
    pub value: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConflictSummary<'r> {
    pub kind: ConflictKind,
    pub indicator: &'r str,
    pub unit: &'r str,
    pub year: u16,
    pub first: &'r str,
    pub second: &'r str,
    pub first_requires: Option<RequirementText>,
    pub second_requires: Option<RequirementText>,
    pub stricter: Option<&'r str>,
    /// The readings whose alternative alone would make the two agree.
    pub dissolved_by: &'r [String],
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
    pub id: &'r str,
    pub number: Option<u8>,
    pub category: super::indicator::Category,
    pub name: &'r Text,
    pub unit: &'r str,
    pub measure: super::indicator::Measure,
    pub direction: super::indicator::Direction,
    pub baseline: Option<String>,
    pub property: Option<crate::vocab::Property>,
    pub citation: Option<&'r crate::vocab::Citation>,
}

impl super::indicator::Indicator {
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
