//! The report: what an approval system stores and defends. Its canonical JSON (see
//! [`crate::canonical`]) is the contract every surface reproduces byte for byte; field order is
//! the declaration order below.

use crate::canonical;
use crate::vocab::{Citation, Property, Text};
pub use crate::vocab::{ENGINE_NAME, ENGINE_VERSION, Engine, Quantity, RulebookRef};
use serde::Serialize;

/// Who a report is about: the application's own `id` and `name`, as given.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Subject {
    /// The application's `id`; `null` when it gave none.
    pub id: Option<String>,
    /// The application's `name`; `null` when it gave none.
    pub name: Option<String>,
}

/// The result of one rule for one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The condition holds.
    Pass,
    /// The condition does not hold.
    Fail,
    /// The rule does not apply: outside its years, or its measure is undefined (zero revenue).
    NotApplicable,
    /// An optional input the rule needs was not given.
    MissingInput,
}

impl Status {
    /// `pass` when the rule's condition holds, `fail` when it does not: a judged rule's status.
    pub fn judged(holds: bool) -> Self {
        if holds { Self::Pass } else { Self::Fail }
    }

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

    /// The status's key in reports (`pass`, `fail`, `not_applicable`, `missing_input`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotApplicable => "not_applicable",
            Self::MissingInput => "missing_input",
        }
    }

    /// The status in Chinese (通过, 未通过, 不适用, 缺少输入).
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Pass => "通过",
            Self::Fail => "未通过",
            Self::NotApplicable => "不适用",
            Self::MissingInput => "缺少输入",
        }
    }
}

/// What the admission conditions say about one project: three values, because a project they
/// do not cover (declared not introduced, or judged in a year none is in force) was not tested
/// and is neither eligible nor ineligible — counting it as eligible would count projects never
/// assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every admission condition in force was tested and passed.
    Eligible,
    /// An admission condition in force failed (or could not be tested for a missing input).
    NotEligible,
    /// No admission condition applies to the project; nothing was tested.
    NotSubject,
}

impl Verdict {
    /// Every verdict, in the order summaries count them.
    pub const ALL: [Self; 3] = [Self::Eligible, Self::NotEligible, Self::NotSubject];

    /// The verdict named by its key (`eligible`, `not_eligible`, `not_subject`).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.key() == key)
    }

    /// The verdict's key in reports (`eligible`, `not_eligible`, `not_subject`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Eligible => "eligible",
            Self::NotEligible => "not_eligible",
            Self::NotSubject => "not_subject",
        }
    }

    /// The report's `eligible`: `true`, `false`, or `null` when the conditions do not apply.
    pub fn eligible(self) -> Option<bool> {
        match self {
            Self::Eligible => Some(true),
            Self::NotEligible => Some(false),
            Self::NotSubject => None,
        }
    }

    /// The verdict a report's `eligible` stands for.
    pub fn of_eligible(eligible: Option<bool>) -> Self {
        match eligible {
            Some(true) => Self::Eligible,
            Some(false) => Self::NotEligible,
            None => Self::NotSubject,
        }
    }

    /// Whether nothing stands against the project: eligible, or not subject to the conditions.
    /// What an approval pipeline's exit code asks.
    pub fn admits(self) -> bool {
        self != Self::NotEligible
    }
}

/// Builds a [`Verdict`] from each admission condition's status, in any order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct VerdictTally {
    tested: bool,
    failed: bool,
}

impl VerdictTally {
    /// Count an admission condition's status: `pass` tests it, `fail` and `missing_input` fail
    /// it, `not_applicable` leaves it out.
    pub(crate) fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.tested = true,
            Status::Fail | Status::MissingInput => self.failed = true,
            Status::NotApplicable => {}
        }
    }

    pub(crate) fn failed(self) -> bool {
        self.failed
    }

    pub(crate) fn verdict(self) -> Verdict {
        if self.failed {
            Verdict::NotEligible
        } else if self.tested {
            Verdict::Eligible
        } else {
            Verdict::NotSubject
        }
    }
}

/// One rule's verdict, explained.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Outcome<'r> {
    /// The rule's id, e.g. `admission.investment_per_mu`.
    pub rule_id: &'r str,
    /// What the rule found.
    pub status: Status,
    /// What failing the rule means (`admission`, `binding` …), as the rulebook says.
    pub property: Property,
    /// The measured value, e.g. 亩均投入 `400 万元/亩`; `null` when it could not be measured (a
    /// missing input, a zero denominator).
    pub observed: Option<Quantity>,
    /// The rule's threshold in force in the evaluation year, in its own unit; for a membership
    /// rule, the set of industries.
    pub threshold: Option<Quantity>,
    /// The comparator the decision used (`>`, `>=`, `<=`, `<`), read from the plan's wording;
    /// `in` / `not_in` for a membership rule.
    pub comparator: Option<&'static str>,
    /// The plan's word the comparator is read from (超, 以上, 不低于 …); `null` for a membership
    /// rule.
    pub wording: Option<&'r str>,
    /// observed − threshold, in the threshold's unit.
    pub margin: Option<Quantity>,
    /// How `observed` was computed from the application, in its own units, e.g.
    /// `亩均投入 = 固定资产投资 ÷ 用地面积 = 24000 万元 ÷ 60 亩 = 400 万元/亩`; `null` when
    /// nothing was computed.
    pub derivation: Option<String>,
    /// Where the rule comes from in the plan.
    pub citation: &'r Citation,
    /// The outcome in a sentence, in both languages.
    pub message: Text,
    /// The ids of the readings of the plan's words the outcome rests on (`shenfu rules
    /// --readings` and `GET /v1/rules` list them).
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
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Condition {
    /// The input field to change (`fixed_asset_investment`, `annual_tax`, `land_area`).
    pub field: &'static str,
    /// The comparator the changed field must satisfy (`>`, `>=`, `<=`, `<`).
    pub comparator: &'static str,
    /// In the unit the application used for the field.
    pub value: Quantity,
}

/// The assessment of one project; its canonical JSON is byte for byte what every surface
/// writes and `shenfu verify` checks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Report<'r> {
    /// The engine that decided.
    pub engine: Engine,
    /// The rulebook that decided: id, version and SHA-256.
    pub rulebook: RulebookRef<'r>,
    /// The SHA-256 (hex) of the application's canonical JSON (the contract's field order, the
    /// English industry key, each amount as `{"value": canonical decimal text, "unit": 元/亩 …}`,
    /// absent fields left out), so a stored report names exactly what it judged.
    pub input_sha256: String,
    /// Who the report is about.
    pub subject: Subject,
    /// The evaluation year given by the caller, if any.
    pub year: Option<u16>,
    /// Every admission condition in force passes (`true`), one fails (`false`), or none
    /// applies (`null`, `verdict` not_subject).
    pub eligible: Option<bool>,
    /// The three-valued verdict: `eligible`, `not_eligible` or `not_subject`.
    pub verdict: Verdict,
    /// Each rule of scope `project`, in the rulebook's order.
    pub outcomes: Vec<Outcome<'r>>,
    /// What the assessment took for given because the application did not say it.
    pub assumptions: Vec<Assumption>,
    /// The readings evaluated under their alternative (`--reading ID=alternative`); empty
    /// under the rulebook's chosen readings.
    pub alternative_readings: &'r [String],
}

/// Something taken for given because the application did not say it, and what it changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Assumption {
    /// The input field that was not given.
    pub field: &'static str,
    /// The value assumed for it.
    pub value: bool,
    /// The assumption in a sentence, in both languages.
    pub message: Text,
}

impl Report<'_> {
    /// The canonical JSON text of this report.
    pub fn to_canonical_json(&self) -> String {
        canonical::to_json(self)
    }

    /// The outcome of the rule with this id, if the report has one.
    pub fn outcome(&self, rule_id: &str) -> Option<&Outcome<'_>> {
        self.outcomes.iter().find(|o| o.rule_id == rule_id)
    }
}
