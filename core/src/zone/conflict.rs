//! Where the plan's targets for the same indicator and year ask different things, classified
//! honestly: a substantive disagreement (the table's 25.4 亿元 for 2022 misses the prose's own 30 %
//! a year from 15.73); the same number at a different boundary (突破 200 家 against the table's
//! 200); a prose floor the table value already meets (超 2.5 % against 2.8 — no disagreement, one
//! target is simply the stronger); or one that cannot be decided from the plan alone. Each also
//! says which readings' alternative would dissolve it, and a target stated as an aspiration (力争,
//! 争取, 努力) is never the stricter side. Both targets stay in the rulebook with their citations.

use super::indicator::{Direction, Indicator};
use super::target::{Goal, Relation, Requirement, Source, Target, goodness};
use crate::comparator::Comparator;
use crate::number::rounded;
use crate::rulebook::Rulebook;
use crate::vocab::Text;
use serde::Serialize;
use std::cmp::Ordering;

/// How two targets differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// They require different values and the plan's own numbers do not reconcile them: the
    /// table's value misses the prose's requirement.
    Substantive,
    /// They require the same value, but one includes it and the other does not (> against >=).
    Boundary,
    /// A prose floor the table's value already meets: meeting the table meets both, so this is
    /// no disagreement — listed so that nobody counts it as one.
    FloorMet,
    /// They cannot be compared from the plan alone: one is relative to a 2020 value the plan
    /// does not give (the explanation says which 2020 values reconcile them). Observed data
    /// decides; `shenfu progress` evaluates both.
    Undetermined,
    /// Targets of different indicators that should fit together do not: the parts' levels add
    /// up to more than the whole's (a `[[cross_checks]]` entry).
    CrossIndicator,
}

impl ConflictKind {
    /// Whether the plan really asks two different things here.
    pub fn is_disagreement(self) -> bool {
        matches!(
            self,
            Self::Substantive | Self::Boundary | Self::CrossIndicator
        )
    }
}

/// One disagreement between two targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict<'r> {
    /// How the two differ.
    pub kind: ConflictKind,
    /// The indicator both targets are for (for a check across indicators: the whole's).
    pub indicator: &'r Indicator,
    /// The anchor year both targets are for.
    pub year: u16,
    /// One target, the earlier in rulebook order (for a check across indicators: the whole).
    pub first: &'r Target,
    /// The other target (for a check across indicators: the first part).
    pub second: &'r Target,
    /// What each requires in the anchor year, in the indicator's unit, where the plan allows
    /// computing it.
    pub first_requires: Option<Requirement>,
    /// What `second` requires (for a check across indicators: the parts' sum).
    pub second_requires: Option<Requirement>,
    /// The stricter of the two, where there is one and it is not an aspiration (力争 …).
    pub stricter: Option<&'r Target>,
    /// The readings whose alternative, taken alone, would make the two agree (a conflict that
    /// exists only under the rulebook's reading of the plan's words).
    pub dissolved_by: Vec<String>,
    /// For a check across indicators: every target summed (`second` is the first of them,
    /// `second_requires` their sum); empty for a pair.
    pub parts: Vec<&'r Target>,
    /// Why the two differ, and what would reconcile them, in both languages.
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
        // Each reading's other side, made once when a conflict first rests on it.
        let mut turned: Vec<(&str, Option<Rulebook>)> = Vec::new();
        let targets = self.targets();
        for (i, first) in targets.iter().enumerate() {
            for (j, second) in targets.iter().enumerate().skip(i + 1) {
                if first.indicator != second.indicator || first.year != second.year {
                    continue;
                }
                let Some(indicator) = self.indicator_of(first) else {
                    continue;
                };
                if let Some(mut conflict) = compare(self, indicator, first, second) {
                    conflict.dissolved_by = self.dissolving((first, second), (i, j), &mut turned);
                    found.push(conflict);
                }
            }
        }
        found.extend(self.cross_checks().iter().filter_map(|c| self.cross(c)));
        found
    }

    /// This rulebook with the one reading `id` turned to its other side.
    fn turned(&self, id: &str) -> Option<Rulebook> {
        let mut ids: Vec<&str> = self.alternatives().iter().map(String::as_str).collect();
        match ids.iter().position(|a| *a == id) {
            Some(k) => {
                ids.remove(k);
            }
            None => ids.push(id),
        }
        self.under(&ids).ok()
    }

    /// A check across indicators the plan's numbers fail: the parts' required levels summed
    /// (a scaled part at its share: output × value-added rate) exceed the whole's.
    fn cross(&self, check: &'_ super::CrossCheck) -> Option<Conflict<'_>> {
        let whole = self.target(&check.whole)?;
        let indicator = self.indicator_of(whole)?;
        let required = |t: &Target| {
            let on = self.indicator_of(t)?;
            t.requirement(on, on.plan_baseline()).map(|r| r.value)
        };
        let whole_requires = whole.requirement(indicator, indicator.plan_baseline())?;
        // Each term: the targets it reads and the amount it adds.
        let mut terms: Vec<(Vec<&Target>, rust_decimal::Decimal)> = Vec::new();
        for id in &check.parts {
            let part = self.target(id)?;
            terms.push((vec![part], required(part)?));
        }
        for (id, by) in &check.scaled {
            let (part, share) = (self.target(id)?, self.target(by)?);
            let amount = required(part)?
                .checked_mul(required(share)?)?
                .checked_div(rust_decimal::Decimal::ONE_HUNDRED)?;
            terms.push((vec![part, share], amount));
        }
        let sum = terms
            .iter()
            .try_fold(rust_decimal::Decimal::ZERO, |acc, (_, v)| {
                acc.checked_add(*v)
            })?;
        if sum <= whole_requires.value {
            return None;
        }
        let parts: Vec<&Target> = terms.iter().flat_map(|(t, _)| t.iter().copied()).collect();
        let named: Vec<String> = terms
            .iter()
            .map(|(t, _)| {
                t.iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" × ")
            })
            .collect();
        let unit = indicator.unit.name();
        let (sum_text, _) = rounded(sum, 4);
        let (whole_text, _) = rounded(whole_requires.value, 4);
        let n = terms.len();
        // Both sides are levels to reach, so both can hold; what does not fit is what the plan
        // expects in two places — worded as that, not as two incompatible floors.
        let explanation = Text {
            zh: format!(
                "{} 年：{n} 项（{}）合计预期至少 {sum_text} {unit}，而 {} 的预期值为 {} {whole_text} {unit}：规划两处的预期值不相匹配。{}",
                whole.year,
                named.join("、"),
                whole.id,
                whole_requires.comparator.symbol(),
                check.note.zh
            ),
            en: format!(
                "{}: {n} parts ({}) together expect at least {sum_text} {unit}, while {} expects {} {whole_text} {unit}: the plan's expected values do not match. {}",
                whole.year,
                named.join(", "),
                whole.id,
                whole_requires.comparator.symbol(),
                check.note.en
            ),
        };
        Some(Conflict {
            kind: ConflictKind::CrossIndicator,
            indicator,
            year: whole.year,
            first: whole,
            second: parts.first()?,
            first_requires: Some(whole_requires),
            second_requires: Some(Requirement {
                value: sum,
                comparator: Comparator::Ge,
                band_far_edge: None,
            }),
            stricter: None,
            dissolved_by: Vec::new(),
            parts,
            explanation,
        })
    }

    /// The computable readings of `first` or `second` (at `at` in the targets) whose other side
    /// alone makes the pair agree; `turned` keeps the rulebooks already made for one call.
    fn dissolving<'b>(
        &'b self,
        (first, second): (&Target, &Target),
        at: (usize, usize),
        turned: &mut Vec<(&'b str, Option<Rulebook>)>,
    ) -> Vec<String> {
        let mut dissolved = Vec::new();
        for r in self.readings().iter().filter(|r| {
            r.computable() && (first.readings.contains(&r.id) || second.readings.contains(&r.id))
        }) {
            let k = match turned.iter().position(|(id, _)| *id == r.id) {
                Some(k) => k,
                None => {
                    turned.push((&r.id, self.turned(&r.id)));
                    turned.len() - 1
                }
            };
            let Some((_, Some(other))) = turned.get(k) else {
                continue;
            };
            let (Some(a), Some(b)) = (other.targets().get(at.0), other.targets().get(at.1)) else {
                continue;
            };
            let agree = a.indicator != b.indicator
                || other
                    .indicator_of(a)
                    .is_none_or(|indicator| compare(other, indicator, a, b).is_none());
            if agree {
                dissolved.push(r.id.clone());
            }
        }
        dissolved
    }
}

fn compare<'r>(
    book: &'r Rulebook,
    indicator: &'r Indicator,
    first: &'r Target,
    second: &'r Target,
) -> Option<Conflict<'r>> {
    let base = indicator.plan_baseline();
    let a = first.requirement(indicator, base);
    let b = second.requirement(indicator, base);
    let mut bound = None;
    let (kind, stricter) = match (a, b) {
        (Some(ra), Some(rb)) => {
            // Two prose targets that agree are no pair worth listing; a table value inside a
            // prose band is, as a floor it meets (budget revenue 2025: 55.7 in 30%左右's band).
            let table = first.source == Source::Table || second.source == Source::Table;
            if !table
                && (agree(first, &ra, &rb, indicator.direction)
                    || agree(second, &rb, &ra, indicator.direction))
            {
                return None;
            }
            let (stricter, looser) = match goodness(indicator.direction, ra.value, rb.value) {
                Ordering::Greater => (first, second),
                Ordering::Less => (second, first),
                Ordering::Equal if ra.comparator == rb.comparator => return None,
                Ordering::Equal => {
                    let strict = |c: Comparator| matches!(c, Comparator::Gt | Comparator::Lt);
                    let pick = if strict(ra.comparator) { first } else { second };
                    (pick, if pick.id == first.id { second } else { first })
                }
            };
            let kind = if ra.value == rb.value {
                ConflictKind::Boundary
            } else if stricter.source == Source::Table && looser.source == Source::Prose {
                // The prose asks for at least (or, for 左右, at least the band's worse edge)
                // what the table's value already reaches.
                ConflictKind::FloorMet
            } else if within_printed_precision((first, second), ra.value, rb.value) {
                return None;
            } else {
                ConflictKind::Substantive
            };
            (kind, Some(stricter))
        }
        _ => {
            bound = base_bound(book, first, second);
            (ConflictKind::Undetermined, None)
        }
    };
    // An aspiration (力争, 争取, 努力) is softer than a plain target: never the stricter side.
    let stricter = stricter.filter(|t| !t.aspiration);
    let explanation = explain(indicator, (first, second), (a, b), kind, stricter, bound);
    Some(Conflict {
        kind,
        indicator,
        year: first.year,
        first,
        second,
        first_requires: a,
        second_requires: b,
        stricter,
        dissolved_by: Vec::new(),
        parts: Vec::new(),
        explanation,
    })
}

/// Where the plan gives no 2020 value, what a prose growth target and the table's value for
/// its year say about that base: they agree exactly when the base lies below (or above, for a
/// ceiling) `value ÷ (1 + r)^years` — `(table value, bound)`. The table's values for later
/// years alone decide nothing: an average over 2020–2025 says nothing about 2022–2025 alone
/// (城乡居民人均可支配收入: 4.0 万元 in 2025 and 「年均增幅超过30%」 agree if the 2020 value was
/// below 4.0 ÷ 1.3⁵ ≈ 1.0773 万元).
fn base_bound(
    book: &Rulebook,
    first: &Target,
    second: &Target,
) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal)> {
    let growth = [first, second]
        .into_iter()
        .find(|t| t.goal == Goal::AnnualGrowth && t.source == Source::Prose)?;
    let value = book
        .targets()
        .iter()
        .find(|t| {
            t.source == Source::Table && t.indicator == growth.indicator && t.year == growth.year
        })?
        .threshold;
    let factor = super::path::grown(
        rust_decimal::Decimal::ONE,
        growth.threshold,
        growth.year.checked_sub(growth.since)?,
    )?;
    Some((value, value.checked_div(factor)?))
}

/// Two different values that a table cell cannot tell apart: the table prints its values to a
/// precision (10 亿元, 55.7 亿元), and a value within half its last printed digit is what the cell
/// says. 外贸 2025: 「实现20%增幅」 from 4.11 asks 4.11 × 1.2⁵ = 10.227, and the table's 10 is
/// 10.227 printed to whole 亿元 — agreement, not a shortfall of 0.227. Equal values are left to
/// the comparators (a boundary pair).
fn within_printed_precision(
    (first, second): (&Target, &Target),
    a: rust_decimal::Decimal,
    b: rust_decimal::Decimal,
) -> bool {
    [first, second]
        .into_iter()
        .filter(|t| t.source == Source::Table)
        .any(|cell| prints(cell, a, b))
}

/// Whether table `cell`, printed to its own precision, cannot tell `a` from `b` (and they differ).
fn prints(cell: &Target, a: rust_decimal::Decimal, b: rust_decimal::Decimal) -> bool {
    let half_digit = rust_decimal::Decimal::new(5, cell.threshold.scale() + 1);
    a != b && (a - b).abs() <= half_digit
}

/// The table cell that prints `required` — what prose `target` requires of `indicator` in its
/// year, when that is more than the cell — to the cell's precision, so that progress judges
/// the two alike, as the conflicts call them alike ([`within_printed_precision`]). A
/// requirement the cell already exceeds (a floor it meets) keeps its own value.
pub(crate) fn printed_by<'b>(
    book: &'b Rulebook,
    indicator: &Indicator,
    target: &Target,
    required: rust_decimal::Decimal,
) -> Option<&'b Target> {
    if target.source != Source::Prose {
        return None;
    }
    book.targets().iter().find(|cell| {
        cell.source == Source::Table
            && cell.indicator == target.indicator
            && cell.year == target.year
            && cell.goal == Goal::Level
            && goodness(indicator.direction, required, cell.threshold) == Ordering::Greater
            && prints(cell, cell.threshold, required)
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
    (first, second): (&Target, &Target),
    (a, b): (Option<Requirement>, Option<Requirement>),
    kind: ConflictKind,
    stricter: Option<&Target>,
    bound: Option<(rust_decimal::Decimal, rust_decimal::Decimal)>,
) -> Text {
    let unit = indicator.unit.name();
    let (sa, sb) = (show(a, unit), show(b, unit));
    let year = first.year;
    let name = &indicator.name;
    let (what_zh, what_en) = match kind {
        ConflictKind::Undetermined if let Some((value, base)) = bound => {
            let growth = [first, second]
                .into_iter()
                .find(|t| t.goal == Goal::AnnualGrowth)
                .unwrap_or(second);
            let (base, _) = rounded(base, 4);
            let value = crate::number::canonical(value);
            let since = growth.since;
            let (side_zh, side_en) = if indicator.direction == Direction::Lower {
                ("高于", "above")
            } else {
                ("低于", "below")
            };
            return Text {
                zh: format!(
                    "{year} 年{}：规划未给出 {since} 年基数。附件表 {year} 年为 {value} {unit}，「{}」要求 {since}–{year} 年的年均增幅：只有 {since} 年的值{side_zh}约 {base} {unit} 时二者才能同时成立——表中其后年份的数值不能说明 {since} 年以来的平均增速，需以实际数据判断。",
                    name.zh, growth.citation.quote
                ),
                en: format!(
                    "{year}, {}: the plan gives no {since} value. The table says {value} {unit} for {year}, and \"{}\" asks for an average over {since}–{year}: both hold only if the {since} value was {side_en} about {base} {unit} — the table's later values say nothing about the average since {since}; observed data decides.",
                    name.en, growth.citation.quote
                ),
            };
        }
        ConflictKind::Undetermined => {
            return Text {
                zh: format!(
                    "{year} 年{}：「{}」与「{}」无法仅凭规划比较——规划未给出 2020 年基数，需以实际数据判断。",
                    name.zh, first.citation.quote, second.citation.quote
                ),
                en: format!(
                    "{year}, {}: \"{}\" and \"{}\" cannot be compared from the plan alone — it gives no 2020 value; observed data decides.",
                    name.en, first.citation.quote, second.citation.quote
                ),
            };
        }
        ConflictKind::Substantive => (
            "要求的数值不同，规划自身的数值不能同时满足二者",
            "they require different values, which the plan's own numbers do not reconcile",
        ),
        ConflictKind::Boundary => (
            "数值相同但是否包含本数不同（《民法典》第一千二百五十九条）",
            "the same number, but one includes it and the other does not (Civil Code art. 1259)",
        ),
        // Worded by `Rulebook::cross`; not a pair.
        ConflictKind::CrossIndicator => ("", ""),
        ConflictKind::FloorMet => (
            "正文的下限已被附件表的数值满足，并非矛盾：达到附件表即同时达到二者",
            "the prose's floor is already met by the table's value — no disagreement: reaching the table reaches both",
        ),
    };
    let (strict_zh, strict_en) = match stricter {
        Some(t) => (
            format!("，较严者为 {}", t.id),
            format!("; the stricter is {}", t.id),
        ),
        None if [first, second].iter().any(|t| t.aspiration) => (
            "；较高的要求是“力争”性质的努力方向，不作为较严者".to_owned(),
            "; the higher requirement is an aspiration (力争), not the stricter side".to_owned(),
        ),
        None => (String::new(), String::new()),
    };
    Text {
        zh: format!(
            "{year} 年{}：{} 要求 {sa}，{} 要求 {sb}；{what_zh}{strict_zh}。",
            name.zh, first.id, second.id
        ),
        en: format!(
            "{year}, {}: {} requires {sa}, {} requires {sb}; {what_en}{strict_en}.",
            name.en, first.id, second.id
        ),
    }
}
