//! Exact decimal numbers from text.
//!
//! Amounts are read from their written form only — a JSON number's own text, a CSV cell, a
//! Python `repr`, a JS `String(x)` — and never pass through `f64`. The grammar is deliberately
//! narrow: `[+-]? digits [. digits] [(e|E) [+-]? digits]`. Thousands separators, underscores,
//! hex, `NaN` and `Infinity` are refused with a code that says which, because a typo in an
//! approval must not be read as some other number.

use crate::error::ErrorKind;
use rust_decimal::{Decimal, RoundingStrategy};

/// The most decimal digits a `Decimal` mantissa holds (2^96 - 1 has 29 digits).
const MAX_DIGITS: usize = 29;
/// The most fractional digits a `Decimal` holds.
const MAX_SCALE: i64 = 28;

/// Parse `text` exactly. Leading and trailing ASCII whitespace is ignored.
///
/// ```
/// use shenfu_rules::number::parse_decimal;
/// assert_eq!(parse_decimal("0.1").unwrap().to_string(), "0.1");
/// assert_eq!(parse_decimal("3e2").unwrap().to_string(), "300");
/// assert_eq!(parse_decimal("NaN").unwrap_err().code(), "non_finite");
/// assert_eq!(parse_decimal("1e400").unwrap_err().code(), "out_of_range");
/// assert_eq!(parse_decimal("1,000").unwrap_err().code(), "invalid_number");
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, ErrorKind> {
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let invalid = || ErrorKind::InvalidNumber {
        text: text.to_owned(),
    };
    let out_of_range = || ErrorKind::OutOfRange {
        text: text.to_owned(),
    };

    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, trimmed.get(1..).unwrap_or("")),
        Some(b'+') => (false, trimmed.get(1..).unwrap_or("")),
        _ => (false, trimmed),
    };
    if is_non_finite_word(unsigned) {
        return Err(ErrorKind::NonFinite {
            text: text.to_owned(),
        });
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (
            unsigned.get(..i).unwrap_or(""),
            Some(unsigned.get(i + 1..).unwrap_or("")),
        ),
        None => (unsigned, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
    {
        return Err(invalid());
    }
    let exponent = match exponent {
        None => 0i64,
        Some(e) => parse_exponent(e).ok_or_else(invalid)?,
    };

    // digits = int_part ++ frac_part, value = digits × 10^(exponent - frac_len).
    let mut digits: String = int_part.chars().chain(frac_part.chars()).collect();
    let frac_len = i64::try_from(frac_part.len()).map_err(|_| out_of_range())?;
    let mut scale = frac_len.checked_sub(exponent).ok_or_else(out_of_range)?;
    let leading_zeros = digits.bytes().take_while(|&b| b == b'0').count();
    digits.drain(..leading_zeros);
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    // Drop trailing zeros that only carry scale; they change no value.
    while scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if scale < 0 {
        let zeros = usize::try_from(-scale).map_err(|_| out_of_range())?;
        if digits.len().saturating_add(zeros) > MAX_DIGITS {
            return Err(out_of_range());
        }
        digits.extend(std::iter::repeat_n('0', zeros));
        scale = 0;
    }
    if scale > MAX_SCALE || digits.len() > MAX_DIGITS {
        return Err(out_of_range());
    }
    let magnitude: i128 = digits.parse().map_err(|_| out_of_range())?;
    let signed = if negative { -magnitude } else { magnitude };
    let scale = u32::try_from(scale).map_err(|_| out_of_range())?;
    Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| out_of_range())
}

fn is_non_finite_word(s: &str) -> bool {
    ["nan", "inf", "infinity"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

/// An exponent's digits; absurd exponents saturate (they fail the range check afterwards).
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(i64::from(b - b'0'))
            .min(1_000_000)
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// 10⁰ to 10³⁸, every power of ten a `u128` holds: looked up, not computed, where every
/// batch cell and exact comparison needs one.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of range fails the build
const POWERS_OF_TEN: [u128; 39] = {
    let mut powers = [1u128; 39];
    let mut i = 1;
    while i < powers.len() {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// 10^`exponent` as a `u128`, `None` beyond 10³⁸ (`10u128.checked_pow`, from a table).
pub fn power_of_ten(exponent: u32) -> Option<u128> {
    POWERS_OF_TEN.get(usize::try_from(exponent).ok()?).copied()
}

/// The canonical text of a decimal: no exponent, no trailing fractional zeros, `0` for zero.
///
/// ```
/// use rust_decimal::Decimal;
/// use shenfu_rules::number::canonical;
/// assert_eq!(canonical(Decimal::new(-12_3400, 4)), "-12.34");
/// assert_eq!(canonical(Decimal::new(-0, 3)), "0");
/// ```
pub fn canonical(value: Decimal) -> String {
    let mut out = String::with_capacity(32);
    push_canonical(&mut out, value);
    out
}

/// [`canonical`] appended to `out`. Written for batches and reports, which print a dozen
/// 28-digit values each: the mantissa is cut into 9-digit groups by 64-bit divisions by 10⁹ (a
/// constant divisor, so a multiplication natively; no 128-bit division, which WebAssembly does
/// in software), two a group while it is wider than 64 bits, and each group printed two digits
/// at a time from a table — the top group only as many as it has, so no leading zeros are
/// written and skipped (most values are a few digits long: 27 % less time). 3.2× the speed of
/// `normalize()` and `Decimal`'s `Display` on a report's values
/// (`benches/benches/decimal_text.rs`); a test checks it against `normalize().to_string()`.
pub fn push_canonical(out: &mut String, value: Decimal) {
    let magnitude = value.mantissa().unsigned_abs();
    if magnitude == 0 {
        out.push('0');
        return;
    }
    // (Browser builds keep to the general path: their size is budgeted.)
    #[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
    if value.scale() == 0
        && !value.is_sign_negative()
        && let Ok(whole) = u64::try_from(magnitude)
        && whole < WHOLE
    {
        return push_whole(out, whole);
    }
    // The digits right-aligned in `digits` (|mantissa| < 2⁹⁶ < 10²⁹: at most 29 digits).
    let mut text = crate::canonical::Ascii([b'0'; 36]);
    let digits = &mut text.0;
    let mut end = digits.len();
    // |mantissa| = high·2³² + low. While it has more than 64 bits, each 9-digit group takes two
    // 64-bit divisions by 10⁹ (the remainder of `high` carried into `low`); then it is one word.
    let (mut high, mut low) = ((magnitude >> 32) as u64, magnitude as u32);
    while high >> 32 != 0 {
        let current = ((high % GROUP) << 32) | u64::from(low);
        put_group(digits, end, (current % GROUP) as u32);
        end -= 9;
        high /= GROUP;
        low = (current / GROUP) as u32;
    }
    let mut rest = (high << 32) | u64::from(low);
    while rest >= GROUP {
        put_group(digits, end, (rest % GROUP) as u32);
        rest /= GROUP;
        end -= 9;
    }
    // The top group's own digits only (so no leading zeros to skip): most values printed are
    // a few digits long.
    let end = put_top(digits, end, rest);
    let len = digits.len();
    let scale = usize::try_from(value.scale()).unwrap_or(0).min(len - 1);
    // The integer part has at least one digit (the `0` of `0.5`): the array's zeros before the
    // top digit stand for it and for those of a small fraction.
    let point = len - scale;
    let first = end.min(point - 1);
    // Trailing fractional zeros go.
    let mut last = len;
    while last > point && digits.get(last - 1) == Some(&b'0') {
        last -= 1;
    }
    // The point goes where the integer part ends, the integer part (and the sign) moving one
    // place left — there is room: at most 29 digits of 36 — so that the number is one run of
    // ASCII, checked and copied once.
    let mut start = first;
    if last > point {
        start = first.saturating_sub(1);
        digits.copy_within(first..point, start);
        if let Some(dot) = digits.get_mut(point - 1) {
            *dot = b'.';
        }
    }
    if value.is_sign_negative() {
        start = start.saturating_sub(1);
        if let Some(sign) = digits.get_mut(start) {
            *sign = b'-';
        }
    }
    let end = if last > point { last } else { point };
    match text.0.get(start..end) {
        // A short number a character at a time, which costs less than checking it as UTF-8
        // and copying it; a long one (a 28-digit quotient) is checked from the aligned array.
        Some(short) if short.len() <= SHORT => push_short(out, short),
        _ => out.push_str(text.as_str().get(start..end).unwrap_or("0")),
    }
}

/// Whole numbers below this (12 digits, [`SHORT`]) are printed by [`push_whole`].
#[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
const WHOLE: u64 = 1_000_000_000_000;
#[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
const _: () = assert!(
    WHOLE.ilog10() as usize == SHORT,
    "push_whole's digits fit its array"
);

/// A non-negative whole number below [`WHOLE`] — an input amount, a bound, a `to_pass` amount:
/// half the numbers a report prints — without the general path's room for 29 digits, its
/// fraction and its sign (writing 20,000 reports: −6.4 M instructions, `benches/README.md`).
#[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
fn push_whole(out: &mut String, whole: u64) {
    let mut digits = [0u8; SHORT];
    let start = put_top(&mut digits, SHORT, whole);
    push_short(out, digits.get(start..).unwrap_or_default());
}

/// At most [`SHORT`] ASCII characters (digits, a point, a sign) pushed one at a time.
#[inline(always)]
fn push_short(out: &mut String, ascii: &[u8]) {
    out.reserve(SHORT);
    ascii.iter().for_each(|&b| out.push(char::from(b)));
}

/// The digits of `top` (its own only, no leading zeros), two at a time from a table, ending
/// before `end` in `digits`; where they start.
#[inline(always)]
fn put_top(digits: &mut [u8], mut end: usize, mut top: u64) -> usize {
    while top >= 100 {
        end -= 2;
        if let Some(slot) = digits.get_mut(end..end + 2) {
            slot.copy_from_slice(&pair((top % 100) as u32));
        }
        top /= 100;
    }
    if top >= 10 {
        end -= 2;
        if let Some(slot) = digits.get_mut(end..end + 2) {
            slot.copy_from_slice(&pair(top as u32));
        }
    } else if let Some(digit) = digits.get_mut(end - 1) {
        *digit = b'0' + top as u8;
        end -= 1;
    }
    end
}

/// Numbers up to this long are pushed a character at a time: the input amounts, bounds and
/// rounded values a report prints most (1.4 % fewer instructions a JSON Lines report than
/// checking every number; pushing a 28-digit one so costs more than checking it).
const SHORT: usize = 12;

/// Nine decimal digits.
const GROUP: u64 = 1_000_000_000;

/// The two digits of `n % 100`.
fn pair(n: u32) -> [u8; 2] {
    /// "00" to "99".
    const PAIRS: &[u8] = concat!(
        "0001020304050607080910111213141516171819",
        "2021222324252627282930313233343536373839",
        "4041424344454647484950515253545556575859",
        "6061626364656667686970717273747576777879",
        "8081828384858687888990919293949596979899",
    )
    .as_bytes();
    let at = (n % 100) as usize * 2;
    match PAIRS.get(at..at + 2) {
        Some(&[high, low]) => [high, low],
        _ => *b"00",
    }
}

/// `group` (< 10⁹) as the nine digits ending before `end`, two at a time.
fn put_group(digits: &mut [u8; 36], end: usize, group: u32) {
    let [a, b] = pair(group);
    let [c, d] = pair(group / 100);
    let [e, f] = pair(group / 10_000);
    let [g, h] = pair(group / 1_000_000);
    let top = b'0' + (group / 100_000_000 % 10) as u8;
    if let Some(slot) = digits.get_mut(end.saturating_sub(9)..end) {
        slot.copy_from_slice(&[top, g, h, e, f, c, d, a, b]);
    }
}

/// Text for people: at most `places` fractional digits, rounded half away from zero, with a
/// flag saying whether rounding changed the value (the report then writes `≈`).
pub fn rounded(value: Decimal, places: u32) -> (String, bool) {
    let (r, changed) = rounded_value(value, places);
    (canonical(r), changed)
}

/// [`rounded`] before it is text: the rounded value, and whether rounding changed it.
pub fn rounded_value(value: Decimal, places: u32) -> (Decimal, bool) {
    rounding(value, places, RoundingStrategy::MidpointAwayFromZero)
}

/// `value.round_dp_with_strategy(places, strategy)`, bit for bit (a test checks it), with the
/// two midpoint strategies and the two directed ones done in whole numbers on the mantissa:
/// every measured value of a report is rounded for people, every batch quotient to its
/// column's scale and every `to_pass` bound away from failing, and `Decimal` rounds nine digits
/// at a time through arrays (a tenth of an Arrow batch's time). The other strategies are
/// `Decimal`'s own.
pub fn round_dp(value: Decimal, places: u32, strategy: RoundingStrategy) -> Decimal {
    rounding(value, places, strategy).0
}

/// [`round_dp`], and whether it changed the value: whether a digit it dropped was not zero
/// (each of a report's values is rounded for people and the text says `≈` when it changed,
/// which comparing the two decimals took a fifth of the rounding to say).
fn rounding(value: Decimal, places: u32, strategy: RoundingStrategy) -> (Decimal, bool) {
    let Some(extra @ 1..) = value.scale().checked_sub(places) else {
        return (value, false);
    };
    // `Decimal`'s own rounding, for what is not done here.
    let by_decimal = || {
        let rounded = value.round_dp_with_strategy(places, strategy);
        (rounded, rounded != value)
    };
    let negative = value.is_sign_negative();
    let magnitude = value.mantissa().unsigned_abs();
    let Some(unit) = power_of_ten(extra) else {
        return by_decimal();
    };
    // One division (a library call for `u128`); the remainder by a multiplication.
    let kept = magnitude / unit;
    let dropped = magnitude - kept * unit;
    let half = unit / 2;
    let up = match strategy {
        RoundingStrategy::MidpointNearestEven => {
            dropped > half || (dropped == half && kept % 2 == 1)
        }
        RoundingStrategy::MidpointAwayFromZero => dropped >= half,
        // Away from zero on the side the direction points to.
        RoundingStrategy::ToPositiveInfinity => dropped > 0 && !negative,
        RoundingStrategy::ToNegativeInfinity => dropped > 0 && negative,
        _ => return by_decimal(),
    };
    let kept = kept + u128::from(up);
    let Some(mut out) = i128::try_from(kept)
        .ok()
        .and_then(|m| Decimal::try_from_i128_with_scale(m, places).ok())
    else {
        return by_decimal();
    };
    // A value rounded to zero loses its sign; a negative zero keeps it (as `Decimal` does).
    out.set_sign_negative(value.is_sign_negative() && (kept != 0 || value.is_zero()));
    (out, dropped != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Rounding in whole numbers is `Decimal`'s, value, scale and sign of zero alike.
        #[test]
        fn round_dp_rounds_as_decimal_does(
            value in crate::exact::any_decimal(), places in 0u32..=28, which in 0usize..4,
        ) {
            let strategy = [
                RoundingStrategy::MidpointNearestEven,
                RoundingStrategy::MidpointAwayFromZero,
                RoundingStrategy::ToPositiveInfinity,
                RoundingStrategy::ToNegativeInfinity,
            ][which];
            let (rounded, changed) = rounding(value, places, strategy);
            let want = value.round_dp_with_strategy(places, strategy);
            prop_assert_eq!(rounded.serialize(), want.serialize());
            prop_assert_eq!(changed, want != value);
        }
    }

    #[test]
    fn powers_of_ten_are_checked_pow() {
        for exponent in 0..=40 {
            assert_eq!(
                power_of_ten(exponent),
                10u128.checked_pow(exponent),
                "{exponent}"
            );
        }
    }

    fn ok(s: &str) -> String {
        canonical(parse_decimal(s).unwrap())
    }
    fn code(s: &str) -> &'static str {
        parse_decimal(s).unwrap_err().code()
    }

    #[test]
    fn reads_plain_and_scientific_text_exactly() {
        assert_eq!(ok("300"), "300");
        assert_eq!(ok("300.0001"), "300.0001");
        assert_eq!(ok(" 0.1 "), "0.1");
        assert_eq!(ok("-0"), "0");
        assert_eq!(ok("+12.50"), "12.5");
        assert_eq!(ok(".5"), "0.5");
        assert_eq!(ok("5."), "5");
        assert_eq!(ok("1.5e3"), "1500");
        assert_eq!(ok("15E-4"), "0.0015");
        assert_eq!(ok("0e400"), "0");
        assert_eq!(
            ok("79228162514264337593543950335"),
            "79228162514264337593543950335"
        );
        assert_eq!(
            ok("0.0000000000000000000000000001"),
            "0.0000000000000000000000000001"
        );
        assert_eq!(
            ok("1000000000000000000000000000000e-2"),
            "10000000000000000000000000000"
        );
    }

    #[test]
    fn refuses_what_is_not_an_exact_finite_decimal() {
        for s in [
            "", " ", "abc", "1,000", "1_000", "12万", "0x10", "1e", "e5", ".", "-", "1.2.3", "１２",
        ] {
            assert_eq!(code(s), "invalid_number", "{s:?}");
        }
        for s in ["NaN", "nan", "-inf", "Infinity", "+INF"] {
            assert_eq!(code(s), "non_finite", "{s:?}");
        }
        for s in [
            "1e400",
            "1e-400",
            "79228162514264337593543950336",
            "0.00000000000000000000000000001",
            "1e99999999999999999999",
        ] {
            assert_eq!(code(s), "out_of_range", "{s:?}");
        }
    }

    #[test]
    fn canonical_text_is_normalize_to_string() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let wide = (u128::from(next()) << 32 | u128::from(next() >> 32)) % (1u128 << 96);
            let digits = next() % 30;
            let mantissa =
                i128::try_from(wide % 10u128.pow(u32::try_from(digits).unwrap())).unwrap();
            let mantissa = if next() % 2 == 0 { mantissa } else { -mantissa };
            let scale = u32::try_from(next() % 29).unwrap();
            let d = Decimal::from_i128_with_scale(mantissa, scale);
            assert_eq!(
                canonical(d),
                d.normalize().to_string(),
                "{mantissa} e-{scale}"
            );
            // Whole numbers, the common case, on either side of `push_whole`'s reach.
            let whole = (next() % 2_000_000_000_000) >> (next() % 40);
            assert_eq!(canonical(Decimal::from(whole)), whole.to_string());
        }
        for text in [
            "0",
            "-0.000",
            "100",
            "0.0015",
            "79228162514264337593543950335",
            "-0.0000000000000000000000000001",
            // Zero groups and trailing zeros on either side of 2⁶⁴ and of each 9-digit group.
            "10000000000000000000000000000",
            "1.0000000000000000000000000000",
            "18446744073709551615",
            "18446744073709551616",
            "-1844674407.3709551616",
            "1000000000",
            "999999999.000000001",
            "1000000000000000000.000000000",
            "-0.5",
            // Whole numbers on either side of `push_whole`'s reach and of its digit pairs.
            "1",
            "9",
            "10",
            "99",
            "101",
            "21027",
            "999999999999",
            "1000000000000",
            "-42",
            "0.000000000100000000",
        ] {
            let d = parse_decimal(text).unwrap();
            assert_eq!(canonical(d), d.normalize().to_string(), "{text}");
        }
    }

    #[test]
    fn rounds_for_display_only_and_says_so() {
        let third = Decimal::ONE / Decimal::from(3);
        assert_eq!(rounded(third, 4), ("0.3333".to_owned(), true));
        assert_eq!(rounded(Decimal::from(400), 4), ("400".to_owned(), false));
    }
}
