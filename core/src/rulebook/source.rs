//! The rulebook's TOML form, as serde reads it. Unknown keys are refused everywhere so that a
//! misspelt key (`treshold`) is an error with a line number, not a silently absent rule part.

use crate::error::Location;
use serde::Deserialize;

/// A rulebook file as TOML: every entry with its position, for errors with line numbers.
#[cfg(feature = "toml")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDef {
    pub rulebook: HeaderDef,
    #[serde(default)]
    pub rules: Vec<toml::Spanned<RuleDef>>,
    #[serde(default)]
    pub indicators: Vec<toml::Spanned<IndicatorDef>>,
    #[serde(default)]
    pub targets: Vec<toml::Spanned<TargetDef>>,
    #[serde(default)]
    pub readings: Vec<toml::Spanned<ReadingDef>>,
    #[serde(default)]
    pub cross_checks: Vec<toml::Spanned<CrossCheckDef>>,
}

/// A parsed rulebook, each entry paired with where it was written.
pub(crate) struct Parsed {
    pub header: HeaderDef,
    pub rules: Vec<(RuleDef, Option<Location>)>,
    pub indicators: Vec<(IndicatorDef, Option<Location>)>,
    pub targets: Vec<(TargetDef, Option<Location>)>,
    pub readings: Vec<(ReadingDef, Option<Location>)>,
    pub cross_checks: Vec<(CrossCheckDef, Option<Location>)>,
}

#[cfg(feature = "toml")]
impl FileDef {
    pub(super) fn placed(self, text: &str) -> Parsed {
        fn place<T>(text: &str, items: Vec<toml::Spanned<T>>) -> Vec<(T, Option<Location>)> {
            items
                .into_iter()
                .map(|s| {
                    let at = Location::of_offset(text, s.span().start);
                    (s.into_inner(), Some(at))
                })
                .collect()
        }
        Parsed {
            header: self.rulebook,
            rules: place(text, self.rules),
            indicators: place(text, self.indicators),
            targets: place(text, self.targets),
            readings: place(text, self.readings),
            cross_checks: place(text, self.cross_checks),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeaderDef {
    pub id: String,
    pub version: String,
    pub title: TextDef,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TextDef {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleDef {
    pub id: String,
    pub scope: ScopeDef,
    pub property: PropertyDef,
    pub label: TextDef,
    pub year: Option<u16>,
    pub in_force: Option<[u16; 2]>,
    pub evaluator: EvaluatorDef,
    pub comparator: Option<String>,
    pub wording: Option<String>,
    pub threshold: Option<ThresholdDef>,
    pub citation: Option<CitationDef>,
    pub note: Option<TextDef>,
    /// Readings the rule rests on besides those of its wording.
    #[serde(default)]
    pub readings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ScopeDef {
    Project,
    Zone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PropertyDef {
    Admission,
    Binding,
    Expected,
    Guidance,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum EvaluatorDef {
    PerArea { amount: String },
    Share { part: String, whole: String },
    Membership { field: String, set: Vec<String> },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThresholdDef {
    pub value: String,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CitationDef {
    pub section: String,
    pub quote: String,
}

/// One indicator: a row of the appendix table (with `number`, `baseline`, `table` and the row as
/// `citation`), or a quantity named only in the prose (then its targets carry the citations).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorDef {
    pub id: String,
    pub number: Option<u8>,
    pub category: String,
    pub name: TextDef,
    pub unit: String,
    pub measure: String,
    pub direction: Option<String>,
    /// The 2020 value as the table writes it (`75.00`); absent where the table has `—`.
    pub baseline: Option<String>,
    pub property: Option<PropertyDef>,
    pub comparator: Option<String>,
    pub wording: Option<String>,
    /// Target values by year, as the table writes them (without `≥`/`≤`).
    #[serde(default)]
    pub table: std::collections::BTreeMap<String, String>,
    pub citation: Option<CitationDef>,
    /// Readings every cell of the row rests on besides those of its wording.
    #[serde(default)]
    pub readings: Vec<String>,
}

/// A target stated in the prose or a 专栏 box.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetDef {
    pub id: String,
    pub indicator: String,
    pub property: PropertyDef,
    pub year: u16,
    pub goal: String,
    /// The base year of growth, multiple and reduction goals (default 2020).
    pub since: Option<u16>,
    pub comparator: String,
    pub wording: String,
    pub threshold: ThresholdDef,
    /// For `about` (左右): the half-width of the accepted band, in the threshold's unit.
    pub tolerance: Option<String>,
    pub citation: Option<CitationDef>,
    pub note: Option<TextDef>,
    /// Readings the target rests on besides those of its wording.
    #[serde(default)]
    pub readings: Vec<String>,
}

/// A reading of the plan's words (`rulebook::reading`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReadingDef {
    pub id: String,
    pub words: String,
    pub basis: String,
    pub chosen: TextDef,
    pub alternative: Option<TextDef>,
    /// How the alternative is evaluated: exactly one key.
    pub alteration: Option<AlterationDef>,
    /// Rules and targets so worded rest on the reading.
    #[serde(default)]
    pub wordings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AlterationDef {
    pub comparator: Option<String>,
    pub band: Option<bool>,
    pub since: Option<u16>,
    pub indicator: Option<String>,
    /// 左右's half-width under the alternative, in the threshold's unit.
    pub tolerance: Option<String>,
    /// The years a rule is in force under the alternative: `[first, last]`.
    pub in_force: Option<[u16; 2]>,
    /// `assessed = true`: projects are assessed against the rules only under the alternative.
    pub assessed: Option<bool>,
}

/// Targets of different indicators that must fit together: the parts' levels summed may not
/// exceed the whole's (`zone::conflict`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrossCheckDef {
    pub id: String,
    pub whole: String,
    pub parts: Vec<String>,
    /// Parts counted at a share of their level (`{ part, by }`: value added as output × rate).
    #[serde(default)]
    pub scaled: Vec<ScaledDef>,
    pub note: TextDef,
}

/// A part of a cross check counted at a share of its level: `part` × `by` %.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScaledDef {
    pub part: String,
    pub by: String,
}
