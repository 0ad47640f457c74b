//! The report: what an approval system stores and defends. Its canonical JSON (see
//! [`crate::canonical`]) is the contract every surface reproduces byte for byte; field order is
//! the declaration order below.

use crate::canonical;
use crate::vocab::{Citation, Property, Text};
pub use crate::vocab::{ENGINE_NAME, ENGINE_VERSION, Engine, Quantity, RulebookRef};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Subject {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// The result of one rule for one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// The rule does not apply: outside its years, or its measure is undefined (zero revenue).
    NotApplicable,
    /// An optional input the rule needs was not given.
    MissingInput,
}

impl Status {
    /// The status named by its key (`pass`, `fail`, `not_applicable`, `missing_input`).
    pub fn from_key(key: &str) -> Option<Self> {
        [
            Self::Pass,
            Self::Fail,
            Self::NotApplicable,
            Self::MissingInput,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotApplicable => "not_applicable",
            Self::MissingInput => "missing_input",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Pass => "通过",
            Self::Fail => "未通过",
            Self::NotApplicable => "不适用",
            Self::MissingInput => "缺少输入",
        }
    }
}

/// One rule's verdict, explained.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Outcome<'r> {
    pub rule_id: &'r str,
    pub status: Status,
    pub property: Property,
    pub observed: Option<Quantity>,
    pub threshold: Option<Quantity>,
    pub comparator: Option<&'static str>,
    pub wording: Option<&'r str>,
    /// observed − threshold, in the threshold's unit.
    pub margin: Option<Quantity>,
    pub derivation: Option<String>,
    pub citation: &'r Citation,
    pub message: Text,
    /// The readings of the plan's words the outcome rests on ([`crate::rulebook::Reading`]).
    pub readings: &'r [String],
    /// The status under the alternatives of those readings; `null` when it would be the same
    /// (or no alternative can be evaluated).
    pub alternative_status: Option<Status>,
    /// When `alternative_status` is set: the plan's words of the readings whose other side
    /// gives it (超, 突破 …), for people's views. Not in the canonical JSON.
    #[serde(skip)]
    pub alternative_words: Vec<&'r str>,
    /// For a failing per-area outcome: each change that alone would make it pass, in the
    /// application's units; `null` otherwise.
    pub to_pass: Option<Vec<Condition>>,
}

/// One change to the application that alone would make the outcome pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The input field to change (`fixed_asset_investment`, `annual_tax`, `land_area`).
    pub field: &'static str,
    pub comparator: &'static str,
    /// In the unit the application used for the field.
    pub value: Quantity,
}

/// The assessment of one project.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report<'r> {
    pub engine: Engine,
    pub rulebook: RulebookRef<'r>,
    pub input_sha256: String,
    pub subject: Subject,
    /// The evaluation year given by the caller, if any.
    pub year: Option<u16>,
    /// Every admission condition in force passes.
    pub eligible: bool,
    pub outcomes: Vec<Outcome<'r>>,
    /// What the assessment took for given because the application did not say it.
    pub assumptions: Vec<Assumption>,
    /// The readings evaluated under their alternative (`--reading ID=alternative`); empty
    /// under the rulebook's chosen readings.
    pub alternative_readings: &'r [String],
}

/// Something taken for given because the application did not say it, and what it changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Assumption {
    /// The input field that was not given.
    pub field: &'static str,
    /// The value assumed for it.
    pub value: bool,
    pub message: Text,
}

impl Report<'_> {
    /// The canonical JSON text of this report.
    pub fn to_canonical_json(&self) -> String {
        canonical::to_json(self)
    }

    pub fn outcome(&self, rule_id: &str) -> Option<&Outcome<'_>> {
        self.outcomes.iter().find(|o| o.rule_id == rule_id)
    }
}
