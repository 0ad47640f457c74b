//! Where the plan disagrees with itself: two targets for the same indicator and year that
//! require different things (the prose's 超 2.5% against the table's 2.8 for R&D in 2022), or the
//! same number with a different inclusion (突破 200 家 against a table value of 200). Both stay in
//! the rulebook with their own citations; this module makes the disagreement visible.

use super::indicator::{Direction, Indicator};
use super::target::{Relation, Requirement, Target, goodness};
use crate::comparator::Comparator;
use crate::number::rounded;
use crate::rulebook::Rulebook;
use crate::vocab::Text;
use serde::Serialize;
use std::cmp::Ordering;

/// How two targets disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// They require different values.
    Threshold,
    /// They require the same value, but one includes it and the other does not (> against >=).
    Strictness,
    /// They cannot be compared from the plan alone: one is relative to a 2020 value the plan
    /// does not give. Observed data decides; `shenfu progress` evaluates both.
    Undetermined,
}

/// One disagreement between two targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict<'r> {
    pub kind: ConflictKind,
    pub indicator: &'r Indicator,
    pub year: u16,
    pub first: &'r Target,
    pub second: &'r Target,
    /// What each requires in the anchor year, in the indicator's unit, where the plan allows
    /// computing it.
    pub first_requires: Option<Requirement>,
    pub second_requires: Option<Requirement>,
    /// The stricter of the two, where there is one.
    pub stricter: Option<&'r Target>,
    pub explanation: Text,
}

impl Rulebook {
    /// Every pair of targets for the same indicator and year that do not require the same
    /// thing, in rulebook order.
    ///
    /// ```
    /// let book = shenfu_rules::Rulebook::embedded();
    /// let rd = book.conflicts().into_iter()
    ///     .find(|c| c.indicator.id == "rd_intensity" && c.year == 2022).unwrap();
    /// assert_eq!(rd.stricter.unwrap().id, "indicator.rd_intensity.2022"); // 2.8 beats 超 2.5
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn conflicts(&self) -> Vec<Conflict<'_>> {
        let mut found = Vec::new();
        let targets = self.targets();
        for (i, first) in targets.iter().enumerate() {
            for second in targets.iter().skip(i + 1) {
                if first.indicator != second.indicator || first.year != second.year {
                    continue;
                }
                let Some(indicator) = self.indicator_of(first) else {
                    continue;
                };
                if let Some(conflict) = compare(indicator, first, second) {
                    found.push(conflict);
                }
            }
        }
        found
    }
}

fn compare<'r>(
    indicator: &'r Indicator,
    first: &'r Target,
    second: &'r Target,
) -> Option<Conflict<'r>> {
    let base = indicator.plan_baseline();
    let a = first.requirement(indicator, base);
    let b = second.requirement(indicator, base);
    let (kind, stricter) = match (a, b) {
        (Some(ra), Some(rb)) => {
            if agree(first, &ra, &rb, indicator.direction)
                || agree(second, &rb, &ra, indicator.direction)
            {
                return None;
            }
            match goodness(indicator.direction, ra.value, rb.value) {
                Ordering::Greater => (ConflictKind::Threshold, Some(first)),
                Ordering::Less => (ConflictKind::Threshold, Some(second)),
                Ordering::Equal if ra.comparator == rb.comparator => return None,
                Ordering::Equal => {
                    let strict = |c: Comparator| matches!(c, Comparator::Gt | Comparator::Lt);
                    let pick = if strict(ra.comparator) { first } else { second };
                    (ConflictKind::Strictness, Some(pick))
                }
            }
        }
        _ => (ConflictKind::Undetermined, None),
    };
    let explanation = explain(indicator, first, second, a, b, kind, stricter);
    Some(Conflict {
        kind,
        indicator,
        year: first.year,
        first,
        second,
        first_requires: a,
        second_requires: b,
        stricter,
        explanation,
    })
}

/// A 左右 target agrees with another whose required value lies inside its band.
fn agree(target: &Target, own: &Requirement, other: &Requirement, direction: Direction) -> bool {
    let Relation::About { .. } = target.relation else {
        return false;
    };
    let Some(far) = own.band_far_edge else {
        return false;
    };
    let (low, high) = match direction {
        Direction::Higher => (own.value, far),
        Direction::Lower => (far, own.value),
    };
    (low..=high).contains(&other.value)
}

fn show(r: Option<Requirement>, unit: &str) -> String {
    match r {
        Some(r) => {
            let (text, approx) = rounded(r.value, 4);
            format!(
                "{} {}{text} {unit}",
                r.comparator.symbol(),
                if approx { "≈" } else { "" }
            )
        }
        None => "?".to_owned(),
    }
}

fn explain(
    indicator: &Indicator,
    first: &Target,
    second: &Target,
    a: Option<Requirement>,
    b: Option<Requirement>,
    kind: ConflictKind,
    stricter: Option<&Target>,
) -> Text {
    let unit = indicator.unit.name();
    let (sa, sb) = (show(a, unit), show(b, unit));
    let year = first.year;
    let name = &indicator.name;
    match kind {
        ConflictKind::Undetermined => Text {
            zh: format!(
                "{year} 年{}：「{}」与「{}」无法仅凭规划比较——规划未给出 2020 年基数，需以实际数据判断。",
                name.zh, first.citation.quote, second.citation.quote
            ),
            en: format!(
                "{year}, {}: \"{}\" and \"{}\" cannot be compared from the plan alone — it gives no 2020 value; observed data decides.",
                name.en, first.citation.quote, second.citation.quote
            ),
        },
        _ => {
            let (strict_id, strict_zh, strict_en) = match stricter {
                Some(t) => (t.id.as_str(), "较严者", "stricter"),
                None => ("", "", ""),
            };
            let what_zh = if kind == ConflictKind::Strictness {
                "数值相同但是否包含本数不同（《民法典》第一千二百五十九条）"
            } else {
                "要求的数值不同"
            };
            let what_en = if kind == ConflictKind::Strictness {
                "the same number, but one includes it and the other does not (Civil Code art. 1259)"
            } else {
                "they require different values"
            };
            Text {
                zh: format!(
                    "{year} 年{}：{} 要求 {sa}，{} 要求 {sb}；{what_zh}，{strict_zh}为 {strict_id}。",
                    name.zh, first.id, second.id
                ),
                en: format!(
                    "{year}, {}: {} requires {sa}, {} requires {sb}; {what_en}; the {strict_en} is {strict_id}.",
                    name.en, first.id, second.id
                ),
            }
        }
    }
}
