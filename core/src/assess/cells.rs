//! A batch row's measured value and margin in one whole-number division.
//!
//! A batch cell is the quotient `Decimal` divides to (28 significant digits at most) and its
//! margin (that quotient minus the threshold), each then rounded half to even to 18 places
//! ([`crate::batch::batch_decimal`]). That is a 96-bit division and two more roundings per
//! cell, a fifth of an Arrow row. Dividing the exact numerator once, straight to 18 places,
//! gives the same cells — except where the exact quotient lies so near a midpoint between two
//! 18-place values that the first rounding (of the division, or of the subtraction) could carry
//! it across. That is read exactly off the division's remainder, and such a row keeps the
//! 28-digit path; so does anything this path does not cover (a product that was not exact, a
//! quotient of 10⁸ or more, a threshold of more than 18 places).

use crate::exact::{Align, Scaled, checked_mul};
use crate::number::power_of_ten;
use rust_decimal::Decimal;

/// The numerator `a × b` and denominator `c × d` of a measured value, when `Decimal` holds
/// both exactly, as whole numbers: no `Decimal` is built for them (building one and reading it
/// back was half of a cell's cost). Otherwise the caller divides as before: the same cells,
/// the slow way.
pub(super) fn products(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Option<(Scaled, Scaled)> {
    Some((Scaled::exact_product(a, b)?, Scaled::exact_product(c, d)?))
}

/// `(num ÷ den, num ÷ den − threshold)` as the batch cells of the 28-digit quotient — each
/// rounded half to even to `places` — when this path proves it gives them; `None` otherwise
/// (the caller divides as before).
pub(super) fn cells(
    num: Scaled,
    den: Scaled,
    threshold: Decimal,
    places: u32,
) -> Option<(Decimal, Decimal)> {
    // num ÷ den = (n ÷ d) · 10^(den.scale − num.scale): in units of 10^−places, top ÷ bottom.
    let align = Align::of(num.scale, den.scale.checked_add(places)?)?;
    let (top, bottom) = align.apply(num.magnitude, den.magnitude)?;
    let negative = num.negative != den.negative;
    let threshold = threshold_cell(threshold, places)?;
    let [observed, margin] = rounded_cells(top, bottom, negative, threshold, places)?;
    Some((
        Decimal::try_from_i128_with_scale(observed, places).ok()?,
        Decimal::try_from_i128_with_scale(margin, places).ok()?,
    ))
}

/// A threshold in whole numbers of 10^−`places` (`None` when it has more places).
pub(super) fn threshold_cell(threshold: Decimal, places: u32) -> Option<i128> {
    let short = places.checked_sub(threshold.scale())?;
    let power = i128::try_from(crate::number::power_of_ten(short)?).ok()?;
    threshold.mantissa().checked_mul(power)
}

/// [`cells`] as whole numbers of 10^−`places` — what a `decimal(38, 18)` column stores — of the
/// quotient `top ÷ bottom` in those units (the scales aligned: [`Align`]), negative when
/// `negative`, with the threshold as a cell too ([`threshold_cell`]): `[observed, margin]`.
/// The rows whose amounts are whole numbers (`whole.rs`) need no `Decimal` for it. Both cells
/// are below 2⁹⁶ in magnitude, as a `Decimal`'s mantissa is.
pub(super) fn rounded_cells(
    top: u128,
    bottom: u128,
    negative: bool,
    threshold: i128,
    places: u32,
) -> Option<[i128; 2]> {
    // Room for twice and four times the divisor below.
    if bottom == 0 || bottom >= 1 << 120 {
        return None;
    }
    // One library division; the remainder by a multiplication.
    let kept = top / bottom;
    let remainder = top - kept * bottom;
    // Every rounding `Decimal` makes here — the quotient's, and the subtraction's should the
    // difference need fewer places — keeps at least `28 − k` places, `k` counting the whole
    // digits of the larger of the quotient and the threshold, plus one for their difference.
    // Counted from above by its bit length (log₁₀ 2 < 1234 ÷ 4096): never fewer digits than it
    // has and at most one more, so the room below is never more than the roundings leave. For
    // about a third of magnitudes it is one place less than the exact count would give, which
    // sends ten times as many rows (still about one in a hundred thousand) the 28-digit way.
    // (Dividing by 10^places is another library call, and the decimal logarithm was a fifth
    // of this function.)
    let largest = kept.max(threshold.unsigned_abs());
    let all_digits = (128 - largest.leading_zeros()) * 1234 / 4096 + 1;
    let whole_digits = all_digits.saturating_sub(places).max(1);
    let digits = whole_digits + 1;
    let room = 28u32.checked_sub(digits)?.checked_sub(places)?;
    if room == 0 {
        return None;
    }
    // Each of those (at most two) roundings moves the value by at most half of 10^−(28 − k):
    // a midpoint between two values of `places` places within 10^−(28 − k) of the exact
    // quotient (in units of 10^−places: |remainder ÷ bottom − ½| ≤ 10^−room) could be crossed.
    let far = checked_mul((2 * remainder).abs_diff(bottom), power_of_ten(room)?)
        .is_none_or(|distance| distance > 2 * bottom);
    if !far {
        return None;
    }
    let rounded = kept + u128::from(2 * remainder > bottom);
    let observed = i128::try_from(rounded).ok()?;
    let observed = if negative { -observed } else { observed };
    let margin = observed.checked_sub(threshold)?;
    let held = |cell: i128| cell.unsigned_abs() < 1 << 96;
    (held(observed) && held(margin)).then_some([observed, margin])
}

#[cfg(test)]
mod tests {
    use crate::batch::DECIMAL_SCALE;
    use crate::batch::{Cell, batch_decimal};
    use crate::exact::Scaled;
    use crate::exact::any_decimal;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// The 28-digit path's cells: `Decimal`'s quotient and margin, rounded as batches round.
    fn two_roundings(
        num: Decimal,
        den: Decimal,
        threshold: Decimal,
    ) -> Option<(Cell<'static>, Cell<'static>)> {
        let q = num.checked_div(den)?;
        Some((batch_decimal(q), batch_decimal(q.checked_sub(threshold)?)))
    }

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// [`super::cells`] of two decimals.
    fn cells(
        num: Decimal,
        den: Decimal,
        threshold: Decimal,
        places: u32,
    ) -> Option<(Decimal, Decimal)> {
        let term = |x: Decimal| Scaled::exact_product(x, Decimal::ONE).unwrap();
        super::cells(term(num), term(den), threshold, places)
    }

    /// Amounts as batches meet them: whole or with a few places, 元 to 亿元, 亩 to 平方米.
    fn amount() -> impl Strategy<Value = Decimal> {
        (1u64..10_000_000_000_000, 0u32..=6)
            .prop_map(|(m, scale)| Decimal::from_i128_with_scale(m.into(), scale))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        /// Whatever it returns is the 28-digit path's cells, value for value.
        #[test]
        fn gives_the_cells_of_two_roundings(
            num in any_decimal(), den in any_decimal(), threshold in any_decimal(),
        ) {
            if let Some((observed, margin)) = cells(num, den, threshold, DECIMAL_SCALE) {
                let want = two_roundings(num, den, threshold);
                prop_assert_eq!(Some((Cell::Decimal(observed), Cell::Decimal(margin))), want);
            }
        }

        /// And on realistic amounts, thresholds of the plan and quotients near every midpoint.
        #[test]
        fn gives_the_cells_of_realistic_rows(
            num in amount(), den in amount(), threshold in prop_oneof![Just(d("300")), Just(d("40")), Just(d("2.5")), Just(d("0"))],
        ) {
            if let Some((observed, margin)) = cells(num, den, threshold, DECIMAL_SCALE) {
                let want = two_roundings(num, den, threshold);
                prop_assert_eq!(Some((Cell::Decimal(observed), Cell::Decimal(margin))), want);
            }
        }

        /// Quotients an ulp of the 28-digit path either side of a midpoint at 18 places, where
        /// rounding twice and rounding once part ways: never given, or given as two roundings.
        #[test]
        fn near_a_midpoint_keeps_the_28_digit_path(
            whole in 0u64..1_000, tail in 0u64..1_000_000_000_000_000_000, sign in -2i64..=2,
        ) {
            // whole.tail5 (a midpoint at 18 places) ± a few units of 10⁻²⁴, alone and over
            // denominators that keep the quotient from ending.
            let midpoint = (i128::from(whole) * 10i128.pow(18) + i128::from(tail)) * 10 + 5;
            let num = Decimal::from_i128_with_scale(midpoint * 10i128.pow(5) + i128::from(sign), 24);
            for den in [Decimal::ONE, d("1.000000000000000000000000001"), d("3")] {
                if let Some((observed, margin)) = cells(num, den, d("300"), DECIMAL_SCALE) {
                    let want = two_roundings(num, den, d("300"));
                    prop_assert_eq!(Some((Cell::Decimal(observed), Cell::Decimal(margin))), want);
                }
            }
        }
    }

    proptest! {
        /// A quotient a hair below a midpoint at 18 places, which `Decimal`'s 28 places round
        /// onto it and half to even then rounds up when the 18th digit is odd: rounding once
        /// would round down. `num` = `m · den − 10⁻¹⁹` for a midpoint `m` near 1.1, `den` above
        /// 2 · 10⁹, so the quotient is within half of 10⁻²⁸ of `m`.
        #[test]
        fn a_quotient_rounded_onto_a_midpoint_keeps_the_28_digit_path(
            digits in 1_050_000_000_000_000_000u64..1_150_000_000_000_000_000, den in 2_000_000_001u64..2_200_000_000,
        ) {
            let midpoint = i128::from(digits) * 10 + 5;
            let num = Decimal::from_i128_with_scale(midpoint * i128::from(den) - 1, 19);
            let den = Decimal::from(den);
            if let Some((observed, margin)) = cells(num, den, d("300"), DECIMAL_SCALE) {
                let want = two_roundings(num, den, d("300"));
                prop_assert_eq!(Some((Cell::Decimal(observed), Cell::Decimal(margin))), want);
            }
        }
    }

    /// One such quotient, its cells worked out apart (Python's `fractions`): rounding once gives
    /// …677, `Decimal` and the batch cell give …678.
    #[test]
    fn double_rounding_is_the_cell() {
        let (num, den) = (
            Decimal::from_i128_with_scale(23592592580493827117623456774, 19),
            d("2100000001"),
        );
        assert_eq!(
            two_roundings(num, den, d("0")).map(|c| c.0),
            Some(Cell::Decimal(d("1.123456789012345678")))
        );
        assert_eq!(cells(num, den, d("0"), DECIMAL_SCALE), None);
    }

    /// Nearly every row of a batch takes this path, and gets the 28-digit path's cells.
    #[test]
    fn nearly_every_row_is_divided_once() {
        let mut next = crate::assess::draws(42);
        let (mut once, rows) = (0, 20_000);
        for _ in 0..rows {
            // 元 over 万元 × 亩 (or 平方米 ÷ 666.67), as an Arrow batch divides them.
            let num = Decimal::from(5_000 + next(35_000)) * Decimal::from(10_000);
            let den = Decimal::from(10_000)
                * Decimal::from_i128_with_scale((10 + next(190_000)).into(), next(3) as u32);
            if let Some((observed, margin)) = cells(num, den, d("300"), DECIMAL_SCALE) {
                once += 1;
                assert_eq!(
                    Some((Cell::Decimal(observed), Cell::Decimal(margin))),
                    two_roundings(num, den, d("300"))
                );
            }
        }
        assert!(once * 100 >= rows * 99, "{once} of {rows}");
    }

    /// The common rows take this path: a quotient that ends (on the threshold, too) and one
    /// that does not.
    #[test]
    fn typical_rows_are_divided_once() {
        for (num, den) in [
            ("240000000", "600000"),
            ("180000000", "600000"),
            ("1000", "3"),
            ("52000000", "1170000"),
        ] {
            let (num, den) = (d(num), d(den));
            let (observed, margin) = cells(num, den, d("300"), DECIMAL_SCALE).unwrap();
            assert_eq!(
                Some((Cell::Decimal(observed), Cell::Decimal(margin))),
                two_roundings(num, den, d("300"))
            );
        }
        // 1 ÷ 3 at 18 places is …333; an exact midpoint (…5 at the 19th place) is left alone.
        assert_eq!(
            cells(d("1"), d("3"), d("0"), DECIMAL_SCALE).unwrap().0,
            d("0.333333333333333333")
        );
        assert_eq!(
            cells(d("0.0000000000000000005"), d("1"), d("0"), DECIMAL_SCALE),
            None
        );
    }
}
