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
#[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
use crate::exact::{Scaled, scaled_up as up};
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
    #[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
    if let (Some(num), Some(den)) = (Scaled::exact_product(a, b), Scaled::exact_product(c, d))
        && let Some(bound) = whole_limit(comparator, num, den)
    {
        return Some(bound);
    }
    let ((num, num_exact), (den, den_exact)) = terms(a, b, c, d)?;
    if !(num_exact && den_exact) || den.is_zero() {
        return None;
    }
    stepped_limit(comparator, num, den)
}

/// [`limit`] by `Decimal` division: the quotient, proved exact, or rounded at [`PLACES`] and
/// stepped past the bound. Any quotient [`whole_limit`] leaves.
fn stepped_limit(
    comparator: Comparator,
    num: Decimal,
    den: Decimal,
) -> Option<(Comparator, Decimal)> {
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

/// [`stepped_limit`]'s very bound in whole numbers, for the quotients nearly every failing
/// outcome has: `num ÷ den` is `p ÷ q` in `u128`, and a quotient that ends within `Decimal`'s
/// places is that decimal, while one that never ends is rounded away from failing at [`PLACES`]
/// (the first multiple of 10⁻⁴ past it, which is where the steps stop). No `Decimal` division
/// and no steps: they were a tenth of a JSON Lines report. `None` leaves the bound to
/// [`stepped_limit`]: a negative term, anything beyond `u128` or `Decimal`, and quotients of
/// 10¹⁵ or more (where `Decimal`'s nearest has too few places for the argument above).
#[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
fn whole_limit(comparator: Comparator, num: Scaled, den: Scaled) -> Option<(Comparator, Decimal)> {
    if num.negative || den.negative {
        return None;
    }
    let common = num.scale.min(den.scale);
    let p = up(num.magnitude, den.scale - common)?;
    let q = up(den.magnitude, num.scale - common)?;
    if q == 0 || p / q >= BOUNDED {
        return None;
    }
    let decimal = |magnitude: u128, scale: u32| {
        Scaled {
            magnitude,
            negative: false,
            scale,
        }
        .to_decimal()
    };
    if p % q == 0 {
        return Some((comparator, decimal(p / q, 0)?));
    }
    // `p ÷ q` ends iff `q` without its factors 2 and 5 divides `p`.
    let mut rest = u64::try_from(q >> q.trailing_zeros()).ok()?;
    while rest % 5 == 0 {
        rest /= 5;
    }
    if p % u128::from(rest) == 0 {
        let places = (1..=28).find(|&k| up(p, k).is_some_and(|scaled| scaled % q == 0))?;
        let exact = decimal(up(p, places)? / q, places)?;
        return Some((comparator, exact.normalize()));
    }
    let below = up(p, PLACES)? / q;
    let (bound, inclusive) = match comparator {
        Comparator::Gt | Comparator::Ge => (below + 1, Comparator::Ge),
        Comparator::Lt | Comparator::Le => (below, Comparator::Le),
    };
    Some((inclusive, decimal(bound, PLACES)?.normalize()))
}

/// Quotients [`whole_limit`] takes are below this: `Decimal`'s nearest to them has at least 13
/// places, so rounding it at [`PLACES`] lands on the bound or one step before it.
#[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
const BOUNDED: u128 = 1_000_000_000_000_000;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn term() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0i64..1_000_000, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s)),
            (0i64..i64::MAX, 0u32..29).prop_map(|(m, s)| Decimal::new(m, s)),
            Just(Decimal::new(15, 4)),
            Just(Decimal::new(3_000_000, 0)),
            Just(Decimal::new(400_000, 0)),
        ]
    }

    fn comparator() -> impl Strategy<Value = Comparator> {
        prop_oneof![
            Just(Comparator::Gt),
            Just(Comparator::Ge),
            Just(Comparator::Lt),
            Just(Comparator::Le)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// Whatever bound the whole-number way gives is the one the stepping way gives.
        #[test]
        fn the_whole_number_bound_is_the_stepped_one(
            comparator in comparator(),
            (a, b, c, d) in (term(), term(), term(), term()),
        ) {
            let Some(((num, true), (den, true))) = terms(a, b, c, d) else { return Ok(()) };
            prop_assume!(!den.is_zero());
            if let Some(whole) = whole_limit(comparator, Scaled::of(num), Scaled::of(den)) {
                prop_assert_eq!(Some(whole), stepped_limit(comparator, num, den), "{} ÷ {}", num, den);
            }
        }
    }

    /// The bounds of realistic applications are taken the whole-number way: whole quotients,
    /// quotients that end (2.5) and ones that never do (⅓).
    #[test]
    fn realistic_bounds_are_whole_numbers() {
        for (num, den) in [
            (90_000_000, 10_000),
            (25, 10),
            (1, 3),
            (123_450_000, 3_000_000),
        ] {
            let (num, den) = (Decimal::from(num), Decimal::from(den));
            for comparator in [Comparator::Gt, Comparator::Le] {
                let whole = whole_limit(comparator, Scaled::of(num), Scaled::of(den));
                assert!(whole.is_some(), "{num} ÷ {den}");
                assert_eq!(whole, stepped_limit(comparator, num, den), "{num} ÷ {den}");
            }
        }
    }
}
