//! The arithmetic of paths: compounding (exact: integer powers of decimals) and interpolation
//! between anchors. A geometric path needs a fractional power, `q^(k/n) = (ⁿ√q)^k`; the root is
//! found by Newton's method in decimal arithmetic alone (no floating point, so every platform —
//! native, WASM — gets the same digits), to about 27 significant digits. The anchors themselves
//! are returned exactly.

use rust_decimal::Decimal;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// `x^n` by repeated squaring; exact while the result fits Decimal's 28 digits.
pub fn power(x: Decimal, n: u32) -> Option<Decimal> {
    let (mut result, mut base, mut n) = (Decimal::ONE, x, n);
    while n > 0 {
        if n & 1 == 1 {
            result = result.checked_mul(base)?;
        }
        n >>= 1;
        if n > 0 {
            base = base.checked_mul(base)?;
        }
    }
    Some(result)
}

/// The positive `n`-th root of `q > 0`, by Newton's method from a start above the root
/// (`10^⌈digits/n⌉`, or 1 below 1), where the iteration falls monotonically; it stops when it
/// no longer falls.
pub fn root(q: Decimal, n: u32) -> Option<Decimal> {
    if q <= Decimal::ZERO || n == 0 {
        return None;
    }
    if n == 1 || q == Decimal::ONE {
        return Some(q);
    }
    let mut digits = 0u32;
    let mut whole = q.trunc();
    while whole >= Decimal::ONE {
        whole = (whole / Decimal::TEN).trunc();
        digits += 1;
    }
    let mut x = power(Decimal::TEN, digits.div_ceil(n))?;
    let n_dec = Decimal::from(n);
    let n_less = Decimal::from(n - 1);
    for _ in 0..400 {
        // x' = ((n − 1)·x + q / x^(n−1)) / n
        let next = n_less
            .checked_mul(x)?
            .checked_add(q.checked_div(power(x, n - 1)?)?)?
            .checked_div(n_dec)?;
        if next >= x {
            break;
        }
        x = next;
    }
    Some(x)
}

/// `base × (1 + rate/100)^years`, exactly (within Decimal's 28 digits).
pub fn grown(base: Decimal, rate_percent: Decimal, years: u16) -> Option<Decimal> {
    let factor = Decimal::ONE.checked_add(rate_percent.checked_div(HUNDRED)?)?;
    base.checked_mul(power(factor, u32::from(years))?)
}

/// The cumulative reduction in percent after `years` of `rate_percent` a year:
/// `100 × (1 − (1 − r/100)^years)`.
pub fn reduced(rate_percent: Decimal, years: u16) -> Option<Decimal> {
    let keep = Decimal::ONE.checked_sub(rate_percent.checked_div(HUNDRED)?)?;
    let kept = power(keep, u32::from(years))?;
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
    let span = u32::from(to.checked_sub(from)?);
    let done = u32::from(year.checked_sub(from)?);
    let ratio = end.checked_div(start)?;
    start.checked_mul(power(root(ratio, span)?, done)?)
}

/// The average annual growth in percent that takes `from_value` to `to_value` in `years`:
/// `100 × ((to/from)^(1/years) − 1)`. `None` unless both are positive and `years > 0`.
pub fn annual_growth_needed(from_value: Decimal, to_value: Decimal, years: u16) -> Option<Decimal> {
    if years == 0 || from_value <= Decimal::ZERO || to_value <= Decimal::ZERO {
        return None;
    }
    let ratio = to_value.checked_div(from_value)?;
    root(ratio, u32::from(years))?
        .checked_sub(Decimal::ONE)?
        .checked_mul(HUNDRED)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn roots_by_newton() {
        assert_eq!(root(d("400"), 2), Some(d("20")));
        assert_eq!(root(d("1024"), 10), Some(d("2")));
        // ³√2 = 1.259921049894873164767210607… (to 27 digits).
        let r = root(d("2"), 3).unwrap();
        assert!(
            (r - d("1.259921049894873164767210607")).abs() < d("1e-25"),
            "{r}"
        );
        let small = root(d("0.001"), 3).unwrap();
        assert!((small - d("0.1")).abs() < d("1e-26"), "{small}");
        assert_eq!(root(d("0"), 2), None);
        assert_eq!(power(d("1.3"), 2), Some(d("1.69")));
    }
}
