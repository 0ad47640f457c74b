//! Deciding and explaining. [`Rulebook::decide`] is the decision alone (no division, no text):
//! it compares `amount × unit  ⋚  threshold × area` exactly with multiplications.
//! [`Rulebook::assess`] adds, per rule, the observed value, margin, derivation and messages.

use crate::error::{Bounded, Error, ErrorKind, Result};
use crate::exact::{cmp_products, exact_mul, products_equal};
use crate::industry::Industry;
use crate::project::{AmountField, Project};
use crate::quantity::{Area, AreaUnit, MeasureUnit, Money, MoneyUnit};
use crate::report::{
    Assumption, Engine, Outcome, Quantity, Report, Status, Subject, Verdict, VerdictTally,
};
use crate::rulebook::{Bound, Check, Rule, Rulebook};
use crate::vocab::{FIRST_YEAR, LAST_YEAR, Property, Scope, Text};
use rust_decimal::Decimal;
use std::cmp::Ordering;

mod cells;
mod to_pass;
pub(crate) mod whole;
pub(crate) mod write;

/// How to assess: the evaluation year is an input, never read from the clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Rules whose `in_force` years exclude this year are `not_applicable`. `None` evaluates
    /// every rule.
    pub year: Option<u16>,
}

impl Options {
    /// Assess as of `year`: the evaluation year that decides which rules are in force.
    pub fn year(year: u16) -> Self {
        Self { year: Some(year) }
    }

    /// Refuse an evaluation year outside the plan's years (`out_of_range` at `year`).
    pub fn validate(&self) -> Result<()> {
        match self.year {
            Some(y) if !(FIRST_YEAR..=LAST_YEAR).contains(&y) => {
                Err(Error::from(ErrorKind::OutOfBounds {
                    what: Bounded::EvaluationYear,
                    min: i64::from(FIRST_YEAR),
                    max: i64::from(LAST_YEAR),
                    got: y.to_string(),
                })
                .at("year"))
            }
            _ => Ok(()),
        }
    }
}

/// One rule's result in a batch row: what [`Rulebook::evaluate`] fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowOutcome {
    /// What the rule found.
    pub status: Status,
    /// The measured value in the threshold's unit (万元/亩, %), when a comparison was made.
    pub observed: Option<Decimal>,
    /// `observed − threshold`.
    pub margin: Option<Decimal>,
}

/// A comparison a rule made, with its operands, so that the explanation and the measured value
/// are made from exactly what was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison<'a> {
    /// `amount ÷ area  ⋚  threshold` (亩均投入, 亩均税收).
    PerArea {
        amount: AmountField,
        money: &'a Money,
        area: &'a Area,
        unit: (MoneyUnit, AreaUnit),
        bound: &'a Bound,
        /// The threshold in base money per area unit, as the rule keeps it from loading.
        threshold_base: Decimal,
        ordering: Ordering,
    },
    /// `part ÷ whole × 100  ⋚  threshold %` (R&D intensity).
    Share {
        fields: (AmountField, AmountField),
        part: &'a Money,
        whole: &'a Money,
        bound: &'a Bound,
        ordering: Ordering,
    },
}

impl Comparison<'_> {
    pub(crate) fn bound(&self) -> &Bound {
        match self {
            Self::PerArea { bound, .. } | Self::Share { bound, .. } => bound,
        }
    }

    pub(crate) fn ordering(&self) -> Ordering {
        match self {
            Self::PerArea { ordering, .. } | Self::Share { ordering, .. } => *ordering,
        }
    }

    pub(crate) fn met(&self) -> bool {
        self.bound().comparator.holds(self.ordering())
    }

    /// The measured value and margin rounded to `places` in one division ([`cells`]), when
    /// both products are exact and that division proves it gives the rounded 28-digit values.
    fn cells(&self, places: u32) -> Option<(Decimal, Decimal)> {
        let (num, den) = self.measured(cells::products)?;
        cells::cells(num, den, self.bound().threshold.value, places)
    }

    /// The measured value in the threshold's unit, by `divide` (exactness proved for reports,
    /// not for batches); `None` for a quotient beyond Decimal.
    pub(crate) fn measured<T>(
        &self,
        divide: fn(Decimal, Decimal, Decimal, Decimal) -> Option<T>,
    ) -> Option<T> {
        match self {
            Self::PerArea {
                money, area, unit, ..
            } => divide(money.base(), unit.1.in_mu(), unit.0.factor(), area.mu()),
            Self::Share { part, whole, .. } => divide(
                part.base(),
                Decimal::ONE_HUNDRED,
                whole.base(),
                Decimal::ONE,
            ),
        }
    }
}

/// What a rule found, before any text is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Judgement<'a> {
    Compared(Comparison<'a>),
    Member {
        industry: Industry,
        set: &'a [Industry],
    },
    /// The rule is not in force in the evaluation year. An admission condition is still
    /// measured when the inputs are there (as for [`Judgement::NotIntroduced`]), so a project
    /// the conditions do not cover that year still sees its values.
    OutsideYears(Option<Comparison<'a>>),
    /// The measure is undefined (a share of zero).
    Undefined,
    /// An admission condition, for a project declared not introduced (`introduced: false`):
    /// not judged, but measured when the inputs are there, so people still see the values.
    NotIntroduced(Option<Comparison<'a>>),
    Missing(AmountField),
}

impl Judgement<'_> {
    fn status(&self) -> Status {
        let passed = match self {
            Self::Compared(c) => c.met(),
            Self::Member { industry, set } => set.contains(industry),
            Self::OutsideYears(_) | Self::Undefined | Self::NotIntroduced(_) => {
                return Status::NotApplicable;
            }
            Self::Missing(_) => return Status::MissingInput,
        };
        Status::judged(passed)
    }
}

/// Counts `status` towards the verdict when the rule is an admission condition; nothing else
/// counts. With [`VerdictTally`], the one place the verdict is decided.
pub(crate) fn tally(verdict: &mut VerdictTally, property: Property, status: Status) {
    if property == Property::Admission {
        verdict.add(status);
    }
}

impl Rulebook {
    /// The project-scope rules projects are assessed against, in rulebook order: every one
    /// but those a reading brings in only under its alternative ([`Rule::assessed`]: the R&D
    /// benchmarks, which `benchmark.enterprise_share`'s alternative adds).
    pub fn project_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules()
            .iter()
            .filter(|r| r.scope == Scope::Project && r.assessed)
    }

    /// The verdict alone: eligible when every admission condition in force was tested and
    /// passes, not subject when none applies. No allocation, no text.
    ///
    /// ```
    /// use shenfu_rules::{Options, Project, Rulebook, Verdict};
    /// let book = Rulebook::embedded();
    /// let p = Project::from_json_str(r#"{"industry": "智能制造",
    ///   "fixed_asset_investment": {"value": "18000", "unit": "万元"},
    ///   "land_area": {"value": "60", "unit": "亩"},
    ///   "annual_tax": {"value": "3000", "unit": "万元"}}"#).unwrap();
    /// // 18000 万元 ÷ 60 亩 = 300 万元/亩 exactly, which is not 超 300.
    /// assert_eq!(book.decide(&p, Options::default()).unwrap(), Verdict::NotEligible);
    /// ```
    pub fn decide(&self, project: &Project, options: Options) -> Result<Verdict> {
        options.validate()?;
        let mut verdict = VerdictTally::default();
        for rule in self
            .project_rules()
            .filter(|r| r.property == Property::Admission)
        {
            tally(
                &mut verdict,
                rule.property,
                judge(rule, project, options.year)?.status(),
            );
            if verdict.failed() {
                break;
            }
        }
        Ok(verdict.verdict())
    }

    /// Every project rule's status, into `out` (cleared first), and the verdict.
    pub fn statuses(
        &self,
        project: &Project,
        options: Options,
        out: &mut Vec<Status>,
    ) -> Result<Verdict> {
        out.clear();
        self.judge_all(project, options, |_, judgement| {
            out.push(judgement.status())
        })
    }

    /// Whether the engine refuses `project` (an amount in another currency than its rule's, a
    /// year out of range), without judging it: [`Rulebook::statuses`]'s error, at a fraction of
    /// its cost, for a batch that checks every project before it writes any (`shenfu assess`).
    pub fn check(&self, project: &Project, options: Options) -> Result<()> {
        options.validate()?;
        self.project_rules()
            .filter(|rule| checked_in(rule, options.year))
            .try_for_each(|rule| refusal(rule, project))
    }

    /// Judge every project rule in order, hand each judgement to `each`, and return the
    /// verdict.
    pub(crate) fn judge_all<'r: 'p, 'p>(
        &'r self,
        project: &'p Project,
        options: Options,
        mut each: impl FnMut(&'r Rule, Judgement<'p>),
    ) -> Result<Verdict> {
        options.validate()?;
        let mut verdict = VerdictTally::default();
        for rule in self.project_rules() {
            let judgement = judge(rule, project, options.year)?;
            tally(&mut verdict, rule.property, judgement.status());
            each(rule, judgement);
        }
        Ok(verdict.verdict())
    }

    /// Every project rule's status, measured value and margin (observed − threshold) into `out`
    /// (cleared first), and the verdict: the numbers of [`Rulebook::assess`] without its
    /// text, for columnar batches. A condition that does not apply to a project declared not
    /// introduced still has its measured value, but no margin (nothing was judged).
    pub fn evaluate(
        &self,
        project: &Project,
        options: Options,
        out: &mut Vec<RowOutcome>,
    ) -> Result<Verdict> {
        self.evaluate_into(project, options, out, None)
    }

    /// [`Rulebook::evaluate`] for a batch row whose cells round half to even to `places`: a
    /// judged comparison's observed value and margin come already rounded, divided once
    /// straight to `places` where that is proven to give what rounding the 28-digit values
    /// gives (see `cells.rs`); any other value is as `evaluate` gives it.
    pub fn evaluate_cells(
        &self,
        project: &Project,
        options: Options,
        out: &mut Vec<RowOutcome>,
        places: u32,
    ) -> Result<Verdict> {
        self.evaluate_into(project, options, out, Some(places))
    }

    fn evaluate_into(
        &self,
        project: &Project,
        options: Options,
        out: &mut Vec<RowOutcome>,
        cells: Option<u32>,
    ) -> Result<Verdict> {
        out.clear();
        self.judge_all(project, options, |_, judgement| {
            let (measured, judged) = match &judgement {
                Judgement::Compared(c) => (Some(c), true),
                Judgement::NotIntroduced(c) | Judgement::OutsideYears(c) => (c.as_ref(), false),
                _ => (None, false),
            };
            let once = measured
                .zip(cells)
                .filter(|_| judged)
                .and_then(|(c, places)| c.cells(places));
            let (observed, margin) = once.map_or_else(
                || {
                    let observed = measured.and_then(|c| c.measured(quotient));
                    let margin = observed
                        .zip(measured)
                        .filter(|_| judged)
                        .and_then(|(v, c)| v.checked_sub(c.bound().threshold.value));
                    (observed, margin)
                },
                |(observed, margin)| (Some(observed), Some(margin)),
            );
            out.push(RowOutcome {
                status: judgement.status(),
                observed,
                margin,
            });
        })
    }

    /// The full, explained report for one project.
    pub fn assess(&self, project: &Project, options: Options) -> Result<Report<'_>> {
        let mut outcomes = Vec::new();
        let verdict = self.judge_all(project, options, |rule, judgement| {
            let alternative = alternative_status(rule, &judgement, options.year);
            let mut outcome = explain(rule, judgement, options.year);
            if let Some(alt) = alternative {
                outcome.alternative_status = Some(alt.status);
                outcome.alternative_words =
                    self.alternative_words(&rule.readings, alt.years, alt.comparator);
            }
            outcomes.push(outcome);
        })?;
        Ok(Report {
            engine: Engine::CURRENT,
            rulebook: self.reference(),
            input_sha256: project.input_sha256(),
            subject: Subject {
                id: project.id.clone(),
                name: project.name.clone(),
            },
            year: options.year,
            eligible: verdict.eligible(),
            verdict,
            outcomes,
            assumptions: self.assumptions(project.introduced).collect(),
            alternative_readings: self.alternatives(),
        })
    }

    /// What an assessment of `project` takes for given: that a project which does not say
    /// whether it is introduced is, when the rulebook has admission conditions (which the plan
    /// sets for introduced projects).
    pub(crate) fn assumptions(&self, introduced: Option<bool>) -> impl Iterator<Item = Assumption> {
        let has_admission = self
            .project_rules()
            .any(|r| r.property == Property::Admission);
        (introduced.is_none() && has_admission).then(|| Assumption {
            field: "introduced",
            value: true,
            message: Text {
                zh: "申请未说明是否为引进项目（introduced）：按引进项目评估，规划的基本约束性条件是为引进项目设定的。".to_owned(),
                en: "The application does not say whether the project is introduced (introduced): it was assessed as one, the projects the plan sets its admission conditions for.".to_owned(),
            },
        }).into_iter()
    }
}

/// Whether `year` lies outside the years `rule` is in force under the other side of its
/// readings ([`Rule::alternative_in_force`]).
/// What the other side of a rule's readings changes for one outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Alternative {
    pub status: Status,
    /// The years in force differ: the outcome's year lies outside the alternative's years, or
    /// inside them but outside the rule's own.
    pub years: bool,
    /// The comparator differs (超 read as ≥ …).
    pub comparator: bool,
}

/// `rule`'s status under the other side of the readings it rests on, when it differs: not
/// applicable in a year outside its alternative years ([`Rule::alternative_in_force`]); judged
/// in a year the alternative keeps in force and the rule does not (a measured admission
/// condition); otherwise judged by the comparator they would give it ([`Rule::alternative`]).
pub(crate) fn alternative_status(
    rule: &Rule,
    judgement: &Judgement<'_>,
    year: Option<u16>,
) -> Option<Alternative> {
    let differs = |status: Status, years: bool, comparator: bool| {
        (status != judgement.status()).then_some(Alternative {
            status,
            years,
            comparator,
        })
    };
    let outside = |(a, b): (u16, u16)| year.is_some_and(|y| y < a || y > b);
    if rule.alternative_in_force.is_some_and(outside) {
        return differs(Status::NotApplicable, true, false);
    }
    let (comparison, years) = match judgement {
        Judgement::Compared(c) => (c, false),
        Judgement::OutsideYears(Some(c)) if rule.alternative_in_force.is_some() => (c, true),
        _ => return None,
    };
    let ordering = comparison.ordering();
    let own = comparison.bound().comparator.holds(ordering);
    let met = rule.alternative.map_or(own, |other| other.holds(ordering));
    let status = Status::judged(met);
    // The comparator's words are named only when they change the decision.
    differs(status, years, met != own)
}

fn judge<'a>(rule: &'a Rule, project: &'a Project, year: Option<u16>) -> Result<Judgement<'a>> {
    let outside = year.is_some_and(|y| !rule.in_force_in(y));
    let admission = rule.property == Property::Admission;
    if !checked_in(rule, year) {
        return Ok(Judgement::OutsideYears(None));
    }
    refusal(rule, project)?;
    let judgement = judge_check(rule, project);
    let measured = || match judgement {
        Judgement::Compared(c) => Some(c),
        _ => None,
    };
    if outside {
        return Ok(Judgement::OutsideYears(measured()));
    }
    // The plan's admission conditions are set 「以引进项目」 — for introduced projects (一、2):
    // measured, not judged.
    if admission && project.introduced == Some(false) {
        return Ok(Judgement::NotIntroduced(measured()));
    }
    Ok(judgement)
}

/// Whether `rule` looks at a project at all in `year`: a rule out of force is not, unless it
/// is an admission condition (measured still, for people to see).
fn checked_in(rule: &Rule, year: Option<u16>) -> bool {
    rule.property == Property::Admission || year.is_none_or(|y| rule.in_force_in(y))
}

/// Why the engine refuses `project` under `rule`, if it does: an amount in another currency
/// than the rule compares it in. The only refusal a rule makes ([`Rulebook::check`] asks it of
/// every rule without judging).
fn refusal(rule: &Rule, project: &Project) -> Result<()> {
    match &rule.check {
        Check::PerArea { amount, bound, .. } => {
            if let (MeasureUnit::MoneyPerArea(money_unit, _), Some(money)) =
                (bound.threshold.unit, project.amount(*amount))
            {
                same_currency(money, money_unit.currency(), *amount)?;
            }
        }
        Check::Share { part, whole, .. } => {
            if let (Some(p), Some(w)) = (project.amount(*part), project.amount(*whole)) {
                same_currency(p, w.currency(), *part)?;
            }
        }
        Check::Membership { .. } => {}
    }
    Ok(())
}

/// What `rule`'s check finds for `project`, whoever the project is, once [`refusal`] has none.
fn judge_check<'a>(rule: &'a Rule, project: &'a Project) -> Judgement<'a> {
    match &rule.check {
        Check::PerArea {
            amount,
            bound,
            threshold_base,
        } => {
            let MeasureUnit::MoneyPerArea(money_unit, area_unit) = bound.threshold.unit else {
                return Judgement::Undefined;
            };
            let Some(money) = project.amount(*amount) else {
                return Judgement::Missing(*amount);
            };
            // amount[元] × (亩 per area unit)  ⋚  threshold × (元 per money unit) × area[亩]
            let ordering = cmp_products(
                money.base(),
                area_unit.in_mu(),
                *threshold_base,
                project.land_area.mu(),
            );
            Judgement::Compared(Comparison::PerArea {
                amount: *amount,
                money,
                area: &project.land_area,
                unit: (money_unit, area_unit),
                bound,
                threshold_base: *threshold_base,
                ordering,
            })
        }
        Check::Share { part, whole, bound } => {
            let (Some(p), Some(w)) = (project.amount(*part), project.amount(*whole)) else {
                let missing = if project.amount(*part).is_none() {
                    *part
                } else {
                    *whole
                };
                return Judgement::Missing(missing);
            };
            if w.base().is_zero() {
                return Judgement::Undefined;
            }
            // part × 100  ⋚  threshold[%] × whole
            let ordering = cmp_products(
                p.base(),
                Decimal::ONE_HUNDRED,
                bound.threshold.value,
                w.base(),
            );
            Judgement::Compared(Comparison::Share {
                fields: (*part, *whole),
                part: p,
                whole: w,
                bound,
                ordering,
            })
        }
        Check::Membership { set } => Judgement::Member {
            industry: project.industry,
            set,
        },
    }
}

fn same_currency(
    money: &Money,
    expected: crate::quantity::Currency,
    field: AmountField,
) -> Result<()> {
    if money.currency() == expected {
        Ok(())
    } else {
        Err(Error::from(ErrorKind::CurrencyMismatch {
            found: money.currency().code(),
            expected: expected.code(),
        })
        .at(&format!("{}.unit", field.key())))
    }
}

// ── Explanation ─────────────────────────────────────────────────────────────────────────────

/// A decimal for people: at most four fractional digits, `≈` when that rounds.
pub(crate) fn show(value: Decimal) -> String {
    let mut text = String::with_capacity(24);
    push_shown(&mut text, value, "≈");
    text
}

/// `value` at most four places, after `approximately` when that rounded it: [`show`] appended
/// to `out`.
pub(crate) fn push_shown(out: &mut String, value: Decimal, approximately: &str) {
    let (rounded, changed) = crate::number::rounded_value(value, 4);
    if changed {
        out.push_str(approximately);
    }
    crate::number::push_canonical(out, rounded);
}

pub(crate) fn quantity(value: Decimal, unit: Option<String>) -> Quantity {
    Quantity {
        value: crate::number::canonical(value),
        unit,
    }
}

/// The numerator and denominator of `(a × b) ÷ (c × d)`, each exact when Decimal can hold it.
fn terms(
    a: Decimal,
    b: Decimal,
    c: Decimal,
    d: Decimal,
) -> Option<((Decimal, bool), (Decimal, bool))> {
    let num = exact_mul(a, b)
        .map(|n| (n, true))
        .or_else(|| a.checked_mul(b).map(|n| (n, false)))?;
    let den = exact_mul(c, d)
        .map(|n| (n, true))
        .or_else(|| c.checked_mul(d).map(|n| (n, false)))?;
    Some((num, den))
}

/// `(a × b) ÷ (c × d)`, and whether it is exact. For display; the decision never divides.
pub(crate) fn ratio(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Option<(Decimal, bool)> {
    #[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
    if let (Some(num), Some(den)) = (
        crate::exact::Scaled::exact_product(a, b),
        crate::exact::Scaled::exact_product(c, d),
    ) && let Some(whole) = crate::exact::quotient::quotient(num, den)
    {
        return Some(whole);
    }
    let ((num, num_exact), (den, den_exact)) = terms(a, b, c, d)?;
    let q = num.checked_div(den)?;
    let exact = num_exact && den_exact && products_equal(q, den, num, Decimal::ONE);
    Some((q, exact))
}

/// `(a × b) ÷ (c × d)` alone — the same quotient as [`ratio`] without proving its exactness,
/// which batches do not report.
fn quotient(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Option<Decimal> {
    let ((num, _), (den, _)) = terms(a, b, c, d)?;
    num.checked_div(den)
}

fn consequence(property: Property, met: bool) -> (&'static str, &'static str) {
    match (property, met) {
        (Property::Admission, true) => ("满足基本约束性条件", "admission condition met"),
        (Property::Admission, false) => (
            "不满足基本约束性条件，项目不符合准入要求",
            "admission condition not met — the project is not eligible",
        ),
        (Property::Binding, true) => ("达到约束性指标", "binding target met"),
        (Property::Binding, false) => (
            "未达到约束性指标，属于违反约束性要求",
            "binding target missed — a violation",
        ),
        (Property::Expected, true) => ("达到预期性目标", "expected target met"),
        (Property::Expected, false) => (
            "未达到预期性目标（落后于目标）",
            "expected target missed — behind target",
        ),
        (Property::Guidance, true) => ("达到指导性目标", "guidance target met"),
        (Property::Guidance, false) => (
            "未达到指导性目标（仅供参考）",
            "guidance target missed — for information only",
        ),
    }
}

fn with_note(mut message: Text, note: Option<&Text>) -> Text {
    if let Some(note) = note {
        message.zh.push_str(&note.zh);
        message.en.push(' ');
        message.en.push_str(&note.en);
    }
    message
}

pub(crate) fn explain<'r>(
    rule: &'r Rule,
    judgement: Judgement<'_>,
    year: Option<u16>,
) -> Outcome<'r> {
    let bound = rule.check.bound();
    let unit_zh = bound.map(|b| b.threshold.unit.name());
    let mut outcome = Outcome {
        rule_id: &rule.id,
        status: judgement.status(),
        property: rule.property,
        observed: None,
        threshold: bound.map(|b| quantity(b.threshold.value, unit_zh.clone())),
        comparator: bound.map(|b| b.comparator.symbol()),
        wording: bound.map(|b| b.wording.as_str()),
        margin: None,
        derivation: None,
        citation: &rule.citation,
        message: Text::default(),
        readings: &rule.readings,
        alternative_status: None,
        alternative_words: Vec::new(),
        to_pass: None,
    };
    let label = &rule.label;
    let message = match judgement {
        Judgement::OutsideYears(measured) => {
            let (a, b) = rule.in_force;
            let y = year.unwrap_or_default();
            let shown = show_measured(&mut outcome, rule, measured);
            Text {
                zh: format!(
                    "{}：该规则适用于 {a}–{b} 年，评估年份 {y} 不在其内，不适用{}。",
                    label.zh,
                    if shown {
                        "；所示数值仅供参考"
                    } else {
                        ""
                    }
                ),
                en: format!(
                    "{}: this rule applies to {a}–{b}; the evaluation year {y} is outside, so it does not apply{}.",
                    label.en,
                    if shown {
                        "; the value shown is for information"
                    } else {
                        ""
                    }
                ),
            }
        }
        Judgement::Missing(field) => Text {
            zh: format!(
                "未提供{}（{}），无法评估{}。",
                field.label_zh(),
                field.key(),
                label.zh
            ),
            en: format!(
                "{} not assessed: {} ({}) was not given.",
                label.en,
                field.label_en(),
                field.key()
            ),
        },
        Judgement::NotIntroduced(measured) => {
            show_measured(&mut outcome, rule, measured);
            Text {
                zh: format!(
                    "{}：该基本约束性条件是为引进项目设定的，本项目申报为非引进项目（introduced = false），不适用；所示数值仅供参考。",
                    label.zh
                ),
                en: format!(
                    "{}: this admission condition is set for introduced projects; the project is declared not introduced (introduced = false), so it does not apply; the value shown is for information.",
                    label.en
                ),
            }
        }
        Judgement::Undefined => Text {
            zh: format!("{}：分母为零，比重无定义，不适用。", label.zh),
            en: format!(
                "{}: the denominator is zero, so the share is undefined and the rule does not apply.",
                label.en
            ),
        },
        Judgement::Member { industry, set } => {
            let member = set.contains(&industry);
            let set = set
                .iter()
                .map(|i| i.name_zh())
                .collect::<Vec<_>>()
                .join("、");
            outcome.observed = Some(Quantity {
                value: industry.name_zh().to_owned(),
                unit: None,
            });
            outcome.threshold = Some(Quantity {
                value: set.clone(),
                unit: None,
            });
            outcome.comparator = Some(if member { "in" } else { "not_in" });
            outcome.derivation = Some(format!(
                "所属产业 = {} {} {{{set}}}",
                industry.name_zh(),
                if member { "∈" } else { "∉" }
            ));
            let (zh_verb, en_verb) = if member {
                ("属于", "is one of")
            } else {
                ("不属于", "is not one of")
            };
            Text {
                zh: format!("所属产业“{}”{zh_verb}六大主导产业。", industry.name_zh()),
                en: format!(
                    "The industry ({}) {en_verb} the six leading industries.",
                    industry.name_en()
                ),
            }
        }
        Judgement::Compared(comparison) => {
            let observed = comparison.measured(ratio);
            let mut derivation = String::new();
            push_derivation(&mut derivation, rule, &comparison, observed, None);
            outcome.derivation = Some(derivation);
            let bound = comparison.bound();
            let unit = Some(bound.threshold.unit.name());
            let shown = observed.map(|(v, _)| {
                outcome.observed = Some(quantity(v, unit.clone()));
                outcome.margin = v
                    .checked_sub(bound.threshold.value)
                    .map(|m| quantity(m, unit.clone()));
                show(v)
            });
            let (zh, en) = shown.as_deref().map_or(BEYOND, |s| (s, s));
            let landing = Landing::of(comparison.ordering(), comparison.met());
            outcome.message = comparison_message(rule, bound, zh, en, landing);
            outcome.to_pass = to_pass::to_pass(&comparison);
            return outcome;
        }
    };
    outcome.message = with_note(message, rule.note.as_ref());
    outcome
}

/// A condition measured but not judged: its observed value and derivation, for information —
/// no margin, as nothing was judged. Whether there was a value to show.
fn show_measured(outcome: &mut Outcome<'_>, rule: &Rule, measured: Option<Comparison<'_>>) -> bool {
    let Some(comparison) = measured else {
        return false;
    };
    let observed = comparison.measured(ratio);
    let mut derivation = String::new();
    push_derivation(&mut derivation, rule, &comparison, observed, None);
    outcome.derivation = Some(derivation);
    outcome.observed =
        observed.map(|(v, _)| quantity(v, Some(comparison.bound().threshold.unit.name())));
    true
}

/// Where a comparison landed, which decides the sentence's wording around the observed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Landing {
    Met,
    Missed,
    /// Exactly on the number, which the wording excludes (超过, 低于 …): missed, and said why.
    Boundary,
}

impl Landing {
    pub(crate) const ALL: [Landing; 3] = [Landing::Met, Landing::Missed, Landing::Boundary];

    pub(crate) fn of(ordering: Ordering, met: bool) -> Self {
        match (met, ordering) {
            (true, _) => Self::Met,
            (false, Ordering::Equal) => Self::Boundary,
            (false, _) => Self::Missed,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The comparison sentence with the observed value as given (`obs_zh`, `obs_en`): the one
/// wording of a comparison, which reports use whole and the JSON writer as a template.
pub(crate) fn comparison_message(
    rule: &Rule,
    bound: &Bound,
    obs_zh: &str,
    obs_en: &str,
    landing: Landing,
) -> Text {
    let unit = bound.threshold.unit;
    let (unit_zh, unit_en) = (unit.name(), unit.name_en());
    let thr = crate::number::canonical(bound.threshold.value);
    let met = landing == Landing::Met;
    let (cons_zh, cons_en) = consequence(rule.property, met);
    let (phrase_zh, phrase_en) = if landing == Landing::Boundary {
        (
            format!(
                "恰好等于 {thr} {unit_zh}，而“{}”按不包括本数理解（参照《民法典》第一千二百五十九条），故未满足门槛",
                bound.wording
            ),
            format!(
                "equals {thr} {unit_en} exactly, and “{}” is read as excluding the stated number (see Civil Code art. 1259), so it does not satisfy",
                bound.wording
            ),
        )
    } else {
        (
            format!("{} {thr} {unit_zh}", bound.comparator.phrase_zh(met)),
            format!("{} {thr} {unit_en}", bound.comparator.phrase_en(met)),
        )
    };
    let message = Text {
        zh: format!(
            "{} {obs_zh} {unit_zh}，{phrase_zh}（规划：{} {thr} {unit_zh}）：{cons_zh}。",
            rule.label.zh, bound.wording
        ),
        en: format!(
            "{} is {obs_en} {unit_en}, which {phrase_en} (plan: {} {thr}): {cons_en}.",
            capitalise(&rule.label.en),
            bound.comparator.symbol()
        ),
    };
    with_note(message, rule.note.as_ref())
}

/// What people read for a value beyond what Decimal can hold.
const BEYOND: (&str, &str) = (
    "超出可表示范围的值",
    "a value beyond the representable range",
);

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The derivation of a comparison, from the operands that were judged and the measured value
/// (`observed`, with whether it is exact), appended to `out`; `shown` is the measured value as
/// [`push_shown`] shows it without a sign of approximation, when the caller has it already
/// (the JSON writer shows it in the messages too). Its opening and, with a measured value, its
/// unit depend on the rule alone ([`push_derivation_head`], [`push_derivation_unit`]): the JSON
/// writer renders them once per rule and writes the rest ([`push_derivation_values`]).
pub(crate) fn push_derivation(
    out: &mut String,
    rule: &Rule,
    comparison: &Comparison<'_>,
    observed: Option<(Decimal, bool)>,
    shown: Option<&str>,
) {
    push_derivation_head(out, rule);
    push_derivation_values(out, comparison, observed, shown);
    if observed.is_some() {
        push_derivation_unit(out, rule);
    }
}

/// What a derivation opens with: `亩均投入 = 固定资产投资 ÷ 用地面积 = `.
pub(crate) fn push_derivation_head(out: &mut String, rule: &Rule) {
    out.push_str(&rule.label.zh);
    out.push_str(" = ");
    match &rule.check {
        Check::PerArea { amount, .. } => {
            out.push_str(amount.label_zh());
            out.push_str(" ÷ 用地面积 = ");
        }
        Check::Share { part, whole, .. } => {
            out.push_str(part.label_zh());
            out.push_str(" ÷ ");
            out.push_str(whole.label_zh());
            out.push_str(" × 100% = ");
        }
        Check::Membership { .. } => {}
    }
}

/// The unit a derivation's measured value ends with: ` 万元/亩`, or `%`.
pub(crate) fn push_derivation_unit(out: &mut String, rule: &Rule) {
    match &rule.check {
        Check::PerArea { bound, .. } => {
            out.push(' ');
            bound.threshold.unit.push_name(out);
        }
        _ => out.push('%'),
    }
}

/// A derivation between its head and its unit: the operands as given (and converted, when the
/// rule compares in other units), then the measured value.
pub(crate) fn push_derivation_values(
    out: &mut String,
    comparison: &Comparison<'_>,
    observed: Option<(Decimal, bool)>,
    shown: Option<&str>,
) {
    use crate::number::push_canonical;
    let push_shown_or_unknown = |out: &mut String, value: Option<Decimal>| match value {
        Some(v) => push_shown(out, v, "≈"),
        None => out.push('?'),
    };
    match *comparison {
        Comparison::PerArea {
            money,
            area,
            unit: (money_unit, area_unit),
            ..
        } => {
            push_canonical(out, money.value);
            out.push(' ');
            out.push_str(money.unit.name());
            out.push_str(" ÷ ");
            push_canonical(out, area.value);
            out.push(' ');
            out.push_str(area.unit.name());
            if money.unit != money_unit || area.unit != area_unit {
                out.push_str(" = ");
                push_shown_or_unknown(out, money.base().checked_div(money_unit.factor()));
                out.push(' ');
                out.push_str(money_unit.name());
                out.push_str(" ÷ ");
                push_shown_or_unknown(out, area.mu().checked_div(area_unit.in_mu()));
                out.push(' ');
                out.push_str(area_unit.name());
            }
        }
        Comparison::Share {
            part: p, whole: w, ..
        } => {
            push_canonical(out, p.value);
            out.push(' ');
            out.push_str(p.unit.name());
            out.push_str(" ÷ ");
            push_canonical(out, w.value);
            out.push(' ');
            out.push_str(w.unit.name());
            out.push_str(" × 100%");
            if p.unit != w.unit {
                let base = if p.currency() == crate::quantity::Currency::Cny {
                    "元"
                } else {
                    "美元"
                };
                out.push_str(" = ");
                push_shown_or_unknown(out, Some(p.base()));
                out.push(' ');
                out.push_str(base);
                out.push_str(" ÷ ");
                push_shown_or_unknown(out, Some(w.base()));
                out.push(' ');
                out.push_str(base);
                out.push_str(" × 100%");
            }
        }
    }
    match observed {
        Some((v, exact)) => {
            out.push_str(if exact { " = " } else { " ≈ " });
            match shown {
                Some(shown) => out.push_str(shown),
                None => push_shown(out, v, ""),
            }
        }
        None => out.push_str(" = 超出可表示范围"),
    }
}

/// A repeatable stream of draws below `k` (a linear congruential generator), for tests that
/// make many realistic rows at once.
#[cfg(test)]
pub(crate) fn draws(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |k| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % k
    }
}
