//! The arithmetic of paths: compounding (exact: integer powers of decimals) and interpolation
//! between anchors (geometric needs a fractional power, computed with `ln`/`exp` to about 20
//! significant digits; the anchors themselves are returned exactly).

use rust_decimal::{Decimal, MathematicalOps};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// `base × (1 + rate/100)^years`, exactly (within Decimal's 28 digits).
pub fn grown(base: Decimal, rate_percent: Decimal, years: u16) -> Option<Decimal> {
    let factor = Decimal::ONE.checked_add(rate_percent.checked_div(HUNDRED)?)?;
    base.checked_mul(factor.checked_powu(u64::from(years))?)
}

/// The cumulative reduction in percent after `years` of `rate_percent` a year:
/// `100 × (1 − (1 − r/100)^years)`.
pub fn reduced(rate_percent: Decimal, years: u16) -> Option<Decimal> {
    let keep = Decimal::ONE.checked_sub(rate_percent.checked_div(HUNDRED)?)?;
    let kept = keep.checked_powu(u64::from(years))?;
    HUNDRED.checked_mul(Decimal::ONE.checked_sub(kept)?)
}

/// The value in `year` on the straight line from `(from, start)` to `(to, end)`.
pub fn linear(from: u16, start: Decimal, to: u16, end: Decimal, year: u16) -> Option<Decimal> {
    if year == from {
        return Some(start);
    }
    if year == to {
        return Some(end);
    }
    let span = Decimal::from(to.checked_sub(from)?);
    let done = Decimal::from(i32::from(year) - i32::from(from));
    start.checked_add(
        end.checked_sub(start)?
            .checked_mul(done)?
            .checked_div(span)?,
    )
}

/// The value in `year` on the constant-growth curve from `(from, start)` to `(to, end)`:
/// `start × (end/start)^((year − from)/(to − from))`. Needs both ends positive; otherwise the
/// straight line is drawn (a growth rate from zero is undefined).
pub fn geometric(from: u16, start: Decimal, to: u16, end: Decimal, year: u16) -> Option<Decimal> {
    if year == from {
        return Some(start);
    }
    if year == to {
        return Some(end);
    }
    if start <= Decimal::ZERO || end <= Decimal::ZERO {
        return linear(from, start, to, end, year);
    }
    let span = Decimal::from(to.checked_sub(from)?);
    let done = Decimal::from(i32::from(year) - i32::from(from));
    let ratio = end.checked_div(start)?;
    let power = ratio
        .checked_ln()?
        .checked_mul(done.checked_div(span)?)?
        .checked_exp()?;
    start.checked_mul(power)
}

/// The average annual growth in percent that takes `from_value` to `to_value` in `years`:
/// `100 × ((to/from)^(1/years) − 1)`. `None` unless both are positive and `years > 0`.
pub fn annual_growth_needed(from_value: Decimal, to_value: Decimal, years: u16) -> Option<Decimal> {
    if years == 0 || from_value <= Decimal::ZERO || to_value <= Decimal::ZERO {
        return None;
    }
    let ratio = to_value.checked_div(from_value)?;
    let factor = if years == 1 {
        ratio
    } else {
        ratio
            .checked_ln()?
            .checked_div(Decimal::from(years))?
            .checked_exp()?
    };
    factor.checked_sub(Decimal::ONE)?.checked_mul(HUNDRED)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn compounding_is_exact() {
        // 75 × 1.3² = 126.75, by hand.
        assert_eq!(grown(d("75"), d("30"), 2), Some(d("126.75")));
        // 1 − 0.9⁵ = 1 − 0.59049 = 0.40951 → 40.951 %.
        assert_eq!(reduced(d("10"), 5), Some(d("40.951")));
    }

    #[test]
    fn interpolation_between_anchors() {
        // 100 → 400 over 2 years: the middle is 200 on the geometric curve, 250 on the line.
        let mid = geometric(2020, d("100"), 2022, d("400"), 2021).unwrap();
        assert!((mid - d("200")).abs() < d("0.000000001"), "{mid}");
        assert_eq!(linear(2020, d("100"), 2022, d("400"), 2021), Some(d("250")));
        let g = annual_growth_needed(d("100"), d("400"), 2).unwrap();
        assert!((g - d("100")).abs() < d("0.000000001"), "{g}");
    }
}
