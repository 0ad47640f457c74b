//! The rulebook's TOML form, as serde reads it. Unknown keys are refused everywhere so that a
//! misspelt key (`treshold`) is an error with a line number, not a silently absent rule part.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDef {
    pub rulebook: HeaderDef,
    #[serde(default)]
    pub rules: Vec<Spanned<RuleDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HeaderDef {
    pub id: String,
    pub version: String,
    pub title: TextDef,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TextDef {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleDef {
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
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum ScopeDef {
    Project,
    Zone,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum PropertyDef {
    Admission,
    Binding,
    Expected,
    Guidance,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum EvaluatorDef {
    PerArea { amount: String },
    Share { part: String, whole: String },
    Membership { field: String, set: Vec<String> },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ThresholdDef {
    pub value: String,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CitationDef {
    pub section: String,
    pub quote: String,
}
