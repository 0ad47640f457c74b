//! Deciding and explaining. [`Rulebook::decide`] is the decision alone (no division, no text):
//! it compares `amount × unit  ⋚  threshold × area` exactly with multiplications.
//! [`Rulebook::assess`] adds, per rule, the observed value, margin, derivation and messages.

use crate::error::{Bounded, Error, ErrorKind, Result};
use crate::exact::{cmp_products, exact_mul};
use crate::project::{AmountField, Project};
use crate::quantity::{MeasureUnit, Money};
use crate::report::{Engine, Outcome, Quantity, Report, Status, Subject};
use crate::rulebook::{Bound, Check, Rule, Rulebook};
use crate::vocab::{FIRST_YEAR, LAST_YEAR, Property, Scope, Text};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// How to assess: the evaluation year is an input, never read from the clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Rules whose `in_force` years exclude this year are `not_applicable`. `None` evaluates
    /// every rule.
    pub year: Option<u16>,
}

impl Options {
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
    pub status: Status,
    /// The measured value in the threshold's unit (万元/亩, %), when a comparison was made.
    pub observed: Option<Decimal>,
    /// `observed − threshold`.
    pub margin: Option<Decimal>,
}

/// What a rule found, before any text is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judgement {
    /// A comparison was made: `observed.cmp(threshold)` and whether the comparator holds.
    Compared {
        ordering: Ordering,
        met: bool,
    },
    Member(bool),
    OutsideYears,
    /// The measure is undefined (a share of zero).
    Undefined,
    Missing(AmountField),
}

impl Judgement {
    fn status(self) -> Status {
        match self {
            Self::Compared { met: true, .. } | Self::Member(true) => Status::Pass,
            Self::Compared { met: false, .. } | Self::Member(false) => Status::Fail,
            Self::OutsideYears | Self::Undefined => Status::NotApplicable,
            Self::Missing(_) => Status::MissingInput,
        }
    }
}

impl Rulebook {
    /// The project-scope rules, in rulebook order.
    pub fn project_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules().iter().filter(|r| r.scope == Scope::Project)
    }

    /// Eligibility alone: every admission condition in force passes. No allocation, no text.
    ///
    /// ```
    /// use shenfu_rules::{Options, Project, Rulebook};
    /// let book = Rulebook::embedded().unwrap();
    /// let p = Project::from_json_str(r#"{"industry": "智能制造",
    ///   "fixed_asset_investment": {"value": "18000", "unit": "万元"},
    ///   "land_area": {"value": "60", "unit": "亩"},
    ///   "annual_tax": {"value": "3000", "unit": "万元"}}"#).unwrap();
    /// // 18000 万元 ÷ 60 亩 = 300 万元/亩 exactly, which is not 超 300.
    /// assert!(!book.decide(&p, Options::default()).unwrap());
    /// ```
    pub fn decide(&self, project: &Project, options: Options) -> Result<bool> {
        options.validate()?;
        for rule in self
            .project_rules()
            .filter(|r| r.property == Property::Admission)
        {
            if !matches!(
                judge(rule, project, options.year)?.status(),
                Status::Pass | Status::NotApplicable
            ) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Every project rule's status, into `out` (cleared first), and the eligibility.
    pub fn statuses(
        &self,
        project: &Project,
        options: Options,
        out: &mut Vec<Status>,
    ) -> Result<bool> {
        out.clear();
        self.judge_all(project, options, |_, judgement| {
            out.push(judgement.status())
        })
    }

    /// Judge every project rule in order, hand each judgement to `each`, and return the
    /// eligibility (every admission condition in force passes).
    fn judge_all(
        &self,
        project: &Project,
        options: Options,
        mut each: impl FnMut(&Rule, Judgement),
    ) -> Result<bool> {
        options.validate()?;
        let mut eligible = true;
        for rule in self.project_rules() {
            let judgement = judge(rule, project, options.year)?;
            eligible &= rule.property != Property::Admission
                || matches!(judgement.status(), Status::Pass | Status::NotApplicable);
            each(rule, judgement);
        }
        Ok(eligible)
    }

    /// Every project rule's status, measured value and margin (observed − threshold) into `out`
    /// (cleared first), and the eligibility: the numbers of [`Rulebook::assess`] without its
    /// text, for columnar batches.
    pub fn evaluate(
        &self,
        project: &Project,
        options: Options,
        out: &mut Vec<RowOutcome>,
    ) -> Result<bool> {
        out.clear();
        self.judge_all(project, options, |rule, judgement| {
            let status = judgement.status();
            let observed = match judgement {
                Judgement::Compared { .. } => measured_value(rule, project),
                _ => None,
            };
            let margin = observed
                .zip(rule.check.bound())
                .and_then(|(v, b)| v.checked_sub(b.threshold.value));
            out.push(RowOutcome {
                status,
                observed,
                margin,
            });
        })
    }

    /// The full, explained report for one project.
    pub fn assess(&self, project: &Project, options: Options) -> Result<Report<'_>> {
        options.validate()?;
        let mut eligible = true;
        let mut outcomes = Vec::new();
        for rule in self.project_rules() {
            let judgement = judge(rule, project, options.year)?;
            let status = judgement.status();
            eligible &= rule.property != Property::Admission
                || matches!(status, Status::Pass | Status::NotApplicable);
            outcomes.push(explain(rule, project, judgement, options.year));
        }
        Ok(Report {
            engine: Engine::CURRENT,
            rulebook: self.reference(),
            input_sha256: project.input_sha256(),
            subject: Subject {
                id: project.id.clone(),
                name: project.name.clone(),
            },
            year: options.year,
            eligible,
            outcomes,
        })
    }
}

fn judge(rule: &Rule, project: &Project, year: Option<u16>) -> Result<Judgement> {
    if year.is_some_and(|y| y < rule.in_force.0 || y > rule.in_force.1) {
        return Ok(Judgement::OutsideYears);
    }
    Ok(match &rule.check {
        Check::PerArea {
            amount,
            bound,
            threshold_base,
        } => {
            let MeasureUnit::MoneyPerArea(money_unit, area_unit) = bound.threshold.unit else {
                return Ok(Judgement::Undefined);
            };
            let Some(money) = project.amount(*amount) else {
                return Ok(Judgement::Missing(*amount));
            };
            same_currency(money, money_unit.currency(), *amount)?;
            // amount[元] × (亩 per area unit)  ⋚  threshold × (元 per money unit) × area[亩]
            let ordering = cmp_products(
                money.base(),
                area_unit.in_mu(),
                *threshold_base,
                project.land_area.mu(),
            );
            compared(bound, ordering)
        }
        Check::Share { part, whole, bound } => {
            let (Some(p), Some(w)) = (project.amount(*part), project.amount(*whole)) else {
                let missing = if project.amount(*part).is_none() {
                    *part
                } else {
                    *whole
                };
                return Ok(Judgement::Missing(missing));
            };
            same_currency(p, w.currency(), *part)?;
            if w.base().is_zero() {
                return Ok(Judgement::Undefined);
            }
            // part × 100  ⋚  threshold[%] × whole
            let ordering = cmp_products(
                p.base(),
                Decimal::ONE_HUNDRED,
                bound.threshold.value,
                w.base(),
            );
            compared(bound, ordering)
        }
        Check::Membership { set } => Judgement::Member(set.contains(&project.industry)),
    })
}

fn compared(bound: &Bound, ordering: Ordering) -> Judgement {
    Judgement::Compared {
        ordering,
        met: bound.comparator.holds(ordering),
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
fn show(value: Decimal) -> String {
    let (text, rounded) = crate::number::rounded(value, 4);
    if rounded { format!("≈{text}") } else { text }
}

fn quantity(value: Decimal, unit: Option<String>) -> Quantity {
    Quantity {
        value: crate::number::canonical(value),
        unit,
    }
}

/// A rule's measured value for a project — 亩均投入 in the threshold's unit, R&D intensity in % —
/// and whether the division was exact. `None` when an input it needs is absent, the measure is
/// undefined (a share of zero) or the quotient leaves Decimal's range. For reports and batches;
/// the decision itself never divides.
fn measured(rule: &Rule, project: &Project) -> Option<(Decimal, bool)> {
    measure(rule, project, ratio)
}

/// [`measured`]'s value alone, for batches.
fn measured_value(rule: &Rule, project: &Project) -> Option<Decimal> {
    measure(rule, project, quotient)
}

/// A rule's measure as `(a × b) ÷ (c × d)`, computed by `divide`.
fn measure<T>(
    rule: &Rule,
    project: &Project,
    divide: fn(Decimal, Decimal, Decimal, Decimal) -> Option<T>,
) -> Option<T> {
    match &rule.check {
        Check::PerArea { amount, bound, .. } => {
            let MeasureUnit::MoneyPerArea(money_unit, area_unit) = bound.threshold.unit else {
                return None;
            };
            let money = project.amount(*amount)?;
            divide(
                money.base(),
                area_unit.in_mu(),
                money_unit.factor(),
                project.land_area.mu(),
            )
        }
        Check::Share { part, whole, .. } => {
            let (p, w) = (project.amount(*part)?, project.amount(*whole)?);
            divide(p.base(), Decimal::ONE_HUNDRED, w.base(), Decimal::ONE)
        }
        Check::Membership { .. } => None,
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
fn ratio(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Option<(Decimal, bool)> {
    let ((num, num_exact), (den, den_exact)) = terms(a, b, c, d)?;
    let q = num.checked_div(den)?;
    let exact =
        num_exact && den_exact && cmp_products(q, den, num, Decimal::ONE) == Ordering::Equal;
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

fn explain<'r>(
    rule: &'r Rule,
    project: &Project,
    judgement: Judgement,
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
    };
    let label = &rule.label;
    let message = match judgement {
        Judgement::OutsideYears => {
            let (a, b) = rule.in_force;
            let y = year.unwrap_or_default();
            Text {
                zh: format!(
                    "{}：该规则适用于 {a}–{b} 年，评估年份 {y} 不在其内，不适用。",
                    label.zh
                ),
                en: format!(
                    "{}: this rule applies to {a}–{b}; the evaluation year {y} is outside, so it does not apply.",
                    label.en
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
        Judgement::Undefined => Text {
            zh: format!("{}：分母为零，比重无定义，不适用。", label.zh),
            en: format!(
                "{}: the denominator is zero, so the share is undefined and the rule does not apply.",
                label.en
            ),
        },
        Judgement::Member(member) => {
            let set = match &rule.check {
                Check::Membership { set } => set
                    .iter()
                    .map(|i| i.name_zh())
                    .collect::<Vec<_>>()
                    .join("、"),
                _ => String::new(),
            };
            outcome.observed = Some(Quantity {
                value: project.industry.name_zh().to_owned(),
                unit: None,
            });
            outcome.threshold = Some(Quantity {
                value: set.clone(),
                unit: None,
            });
            outcome.comparator = Some(if member { "in" } else { "not_in" });
            outcome.derivation = Some(format!(
                "所属产业 = {} {} {{{set}}}",
                project.industry.name_zh(),
                if member { "∈" } else { "∉" }
            ));
            let (zh_verb, en_verb) = if member {
                ("属于", "is one of")
            } else {
                ("不属于", "is not one of")
            };
            Text {
                zh: format!(
                    "所属产业“{}”{zh_verb}六大主导产业。",
                    project.industry.name_zh()
                ),
                en: format!(
                    "The industry ({}) {en_verb} the six leading industries.",
                    project.industry.name_en()
                ),
            }
        }
        Judgement::Compared { ordering, met } => match (&rule.check, bound) {
            (Check::PerArea { amount, .. }, Some(bound)) => {
                explain_per_area(&mut outcome, rule, project, *amount, bound, ordering, met)
            }
            (Check::Share { part, whole, .. }, Some(bound)) => explain_share(
                &mut outcome,
                rule,
                project,
                (*part, *whole),
                bound,
                ordering,
                met,
            ),
            _ => Text::default(),
        },
    };
    outcome.message = with_note(message, rule.note.as_ref());
    outcome
}

/// Fill observed and margin from `(value, exact)`, and make the comparison sentence.
fn compare_text(
    outcome: &mut Outcome<'_>,
    rule: &Rule,
    bound: &Bound,
    observed: Option<(Decimal, bool)>,
    ordering: Ordering,
    met: bool,
) -> Text {
    let unit = bound.threshold.unit;
    let (unit_zh, unit_en) = (unit.name(), unit.name_en());
    let thr = crate::number::canonical(bound.threshold.value);
    let obs_text = observed.map_or_else(|| "超出可表示范围的值".to_owned(), |(v, _)| show(v));
    let obs_text_en = observed.map_or_else(
        || "a value beyond the representable range".to_owned(),
        |(v, _)| show(v),
    );
    if let Some((v, _)) = observed {
        outcome.observed = Some(quantity(v, Some(unit_zh.clone())));
        outcome.margin = v
            .checked_sub(bound.threshold.value)
            .map(|m| quantity(m, Some(unit_zh.clone())));
    }
    let (cons_zh, cons_en) = consequence(rule.property, met);
    let boundary = ordering == Ordering::Equal && !met;
    let (phrase_zh, phrase_en) = if boundary {
        (
            format!(
                "恰好等于 {thr} {unit_zh}，而“{}”不包括本数（《民法典》第一千二百五十九条），故未满足门槛",
                bound.wording
            ),
            format!(
                "equals {thr} {unit_en} exactly, and “{}” excludes the stated number (Civil Code art. 1259), so it does not satisfy",
                bound.wording
            ),
        )
    } else {
        (
            format!("{} {thr} {unit_zh}", bound.comparator.phrase_zh(met)),
            format!("{} {thr} {unit_en}", bound.comparator.phrase_en(met)),
        )
    };
    Text {
        zh: format!(
            "{} {obs_text} {unit_zh}，{phrase_zh}（规划：{} {thr} {unit_zh}）：{cons_zh}。",
            rule.label.zh, bound.wording
        ),
        en: format!(
            "{} is {obs_text_en} {unit_en}, which {phrase_en} (plan: {} {thr}): {cons_en}.",
            capitalise(&rule.label.en),
            bound.comparator.symbol()
        ),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn explain_per_area(
    outcome: &mut Outcome<'_>,
    rule: &Rule,
    project: &Project,
    amount: AmountField,
    bound: &Bound,
    ordering: Ordering,
    met: bool,
) -> Text {
    let MeasureUnit::MoneyPerArea(money_unit, area_unit) = bound.threshold.unit else {
        return Text::default();
    };
    let Some(money) = project.amount(amount) else {
        return Text::default();
    };
    let area = &project.land_area;
    let observed = measured(rule, project);
    let mut derivation = format!(
        "{} = {} ÷ 用地面积 = {money} ÷ {area}",
        rule.label.zh,
        amount.label_zh()
    );
    if money.unit != money_unit || area.unit != area_unit {
        let m = money
            .base()
            .checked_div(money_unit.factor())
            .map_or_else(|| "?".to_owned(), show);
        let a = area
            .mu()
            .checked_div(area_unit.in_mu())
            .map_or_else(|| "?".to_owned(), show);
        derivation.push_str(&format!(
            " = {m} {} ÷ {a} {}",
            money_unit.name(),
            area_unit.name()
        ));
    }
    match observed {
        Some((v, exact)) => derivation.push_str(&format!(
            " {} {} {}",
            if exact { "=" } else { "≈" },
            show(v).trim_start_matches('≈'),
            bound.threshold.unit.name()
        )),
        None => derivation.push_str(" = 超出可表示范围"),
    }
    outcome.derivation = Some(derivation);
    compare_text(outcome, rule, bound, observed, ordering, met)
}

fn explain_share(
    outcome: &mut Outcome<'_>,
    rule: &Rule,
    project: &Project,
    (part, whole): (AmountField, AmountField),
    bound: &Bound,
    ordering: Ordering,
    met: bool,
) -> Text {
    let (Some(p), Some(w)) = (project.amount(part), project.amount(whole)) else {
        return Text::default();
    };
    let observed = measured(rule, project);
    let mut derivation = format!(
        "{} = {} ÷ {} × 100% = {p} ÷ {w} × 100%",
        rule.label.zh,
        part.label_zh(),
        whole.label_zh()
    );
    if p.unit != w.unit {
        let base = if p.currency() == crate::quantity::Currency::Cny {
            "元"
        } else {
            "美元"
        };
        derivation.push_str(&format!(
            " = {} {base} ÷ {} {base} × 100%",
            show(p.base()),
            show(w.base())
        ));
    }
    match observed {
        Some((v, exact)) => derivation.push_str(&format!(
            " {} {}%",
            if exact { "=" } else { "≈" },
            show(v).trim_start_matches('≈')
        )),
        None => derivation.push_str(" = 超出可表示范围"),
    }
    outcome.derivation = Some(derivation);
    compare_text(outcome, rule, bound, observed, ordering, met)
}
