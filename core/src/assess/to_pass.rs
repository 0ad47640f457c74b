//! What would make a failing per-area outcome pass, exactly, in the units the applicant used:
//! the amount more than X, or the land area less than Z (either one alone, the other held).
//!
//! From the decision `amount[元] × (亩 per area unit)  ⋚  threshold[元 per area unit] × area[亩]`:
//! X = threshold × area ÷ (亩 per area unit) in the amount's unit, Z = amount × (亩 per area unit)
//! ÷ threshold in the area's unit. When the quotient is exact the bound keeps the rule's
//! comparator (`>` 18000 万元: 18000 itself still fails); when it does not terminate the bound
//! is rounded away from failing at [`PLACES`] decimals and made inclusive (`>=` 0.3334, `<=`
//! 66.6666), so that the stated value passes and one unit of its last place short fails.

use super::{Comparison, terms};
use crate::comparator::Comparator;
use crate::exact::{cmp_products, products_equal};
use crate::report::Condition;
use rust_decimal::{Decimal, RoundingStrategy};
use std::cmp::Ordering;

/// Decimal places of a bound that does not terminate.
pub const PLACES: u32 = 4;

/// One condition that would make a failing outcome pass: `field comparator value unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Requirement {
    pub field: &'static str,
    pub comparator: Comparator,
    pub value: Decimal,
    pub unit: &'static str,
}

impl Requirement {
    fn condition(self) -> Condition {
        Condition {
            field: self.field,
            comparator: self.comparator.symbol(),
            value: super::quantity(self.value, Some(self.unit.to_owned())),
        }
    }
}

/// The conditions for a per-area comparison that failed; `None` for anything else.
pub(crate) fn to_pass(comparison: &Comparison<'_>) -> Option<Vec<Condition>> {
    let needed = requirements(comparison)?;
    Some(
        needed
            .into_iter()
            .flatten()
            .map(Requirement::condition)
            .collect(),
    )
}

/// [`to_pass`]'s conditions as they are computed, without the strings a report keeps: what the
/// amount needs, then what the area needs (either may be absent).
pub(crate) fn requirements(comparison: &Comparison<'_>) -> Option<[Option<Requirement>; 2]> {
    let Comparison::PerArea {
        amount,
        money,
        area,
        unit: (_, area_unit),
        bound,
        threshold_base,
        ..
    } = *comparison
    else {
        return None;
    };
    if comparison.met() {
        return None;
    }
    let comparator = bound.comparator;
    let amount_bound = limit(
        comparator,
        (threshold_base, area.mu()),
        (money.unit.factor(), area_unit.in_mu()),
    )
    .map(|(comparator, value)| Requirement {
        field: amount.key(),
        comparator,
        value,
        unit: money.unit.name(),
    });
    let area_bound = (!threshold_base.is_zero())
        .then(|| {
            limit(
                flipped(comparator),
                (money.base(), area_unit.in_mu()),
                (threshold_base, area.unit.in_mu()),
            )
        })
        .flatten()
        .filter(|(_, v)| *v > Decimal::ZERO)
        .map(|(comparator, value)| Requirement {
            field: "land_area",
            comparator,
            value,
            unit: area.unit.name(),
        });
    Some([amount_bound, area_bound])
}

/// `>` ↔ `<`, `>=` ↔ `<=`: the area moves the other way from the amount.
fn flipped(c: Comparator) -> Comparator {
    match c {
        Comparator::Gt => Comparator::Lt,
        Comparator::Ge => Comparator::Le,
        Comparator::Le => Comparator::Ge,
        Comparator::Lt => Comparator::Gt,
    }
}

/// The bound `(a × b) ÷ (c × d)` a value must satisfy by `comparator`: exact with the same
/// comparator, or rounded away from failing and inclusive. `None` beyond Decimal.
fn limit(
    comparator: Comparator,
    (a, b): (Decimal, Decimal),
    (c, d): (Decimal, Decimal),
) -> Option<(Comparator, Decimal)> {
    let ((num, num_exact), (den, den_exact)) = terms(a, b, c, d)?;
    if !(num_exact && den_exact) || den.is_zero() {
        return None;
    }
    let q = num.checked_div(den)?;
    // value × den ⋚ num, exactly.
    let side = |v: Decimal| cmp_products(v, den, num, Decimal::ONE);
    if products_equal(q, den, num, Decimal::ONE) {
        return Some((comparator, q.normalize()));
    }
    let lower = matches!(comparator, Comparator::Gt | Comparator::Ge);
    let (strategy, step, wanted, inclusive) = if lower {
        (
            RoundingStrategy::ToPositiveInfinity,
            Decimal::new(1, PLACES),
            Ordering::Greater,
            Comparator::Ge,
        )
    } else {
        (
            RoundingStrategy::ToNegativeInfinity,
            Decimal::new(-1, PLACES),
            Ordering::Less,
            Comparator::Le,
        )
    };
    let mut v = crate::number::round_dp(q, PLACES, strategy);
    // The quotient is Decimal's nearest, not the true value: step until it is past the bound.
    while side(v) != wanted {
        v = v.checked_add(step)?;
    }
    Some((inclusive, v.normalize()))
}
