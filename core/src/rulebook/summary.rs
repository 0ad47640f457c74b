//! The public description of a rule, as `shenfu rules --format json`, Python's `Rulebook` and
//! the WASM `rules()` print it (id, scope, year, comparator, threshold, property,
//! citation — plus kind, label, wording, in_force and note).

use super::{Check, Rule, Rulebook};
use crate::vocab::Quantity;
use crate::vocab::{Citation, Property, Scope, Text};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleSummary<'r> {
    pub id: &'r str,
    pub kind: &'static str,
    pub scope: Scope,
    pub property: Property,
    pub label: &'r Text,
    pub year: Option<u16>,
    pub in_force: [u16; 2],
    pub comparator: Option<&'static str>,
    pub wording: Option<&'r str>,
    /// The threshold; for a membership rule, the set joined with 、 and no unit.
    pub threshold: Option<Quantity>,
    pub citation: &'r Citation,
    pub note: Option<&'r Text>,
    /// The readings of the plan's words it rests on (`shenfu rules --readings`).
    pub readings: &'r [String],
}

impl Rule {
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
