//! `Decimal::checked_div`'s very quotient — mantissa and scale, not just its value — in
//! whole numbers, and whether it is exact.
//!
//! Every measured value of a report is such a quotient (亩均税收 = 年税收 ÷ 用地面积), and a
//! report shows it, its margin (the quotient minus the threshold, which `Decimal` rounds by the
//! quotient's scale) and whether it is exact. `Decimal` divides through 32-bit limbs, and
//! proving the quotient exact took a 192-bit product comparison: together 830 instructions a
//! measured value, a twentieth of a JSON Lines report. Here a divisor below 2³² (every realistic
//! area times a unit's factor) divides a mantissa below 2⁹⁶ in `u128`, following `Decimal`'s
//! own steps — its integer quotient, then as many digits at a time as the quotient has room
//! for (at most nine, up to scale 28), rounded half to even on the last remainder, trailing
//! zeros dropped as `Decimal` drops them — so the mantissa and scale are the ones it gives; the
//! last remainder says whether the quotient is exact. Every step where `Decimal` would overflow
//! or carry out of 96 bits gives `None`, and the caller divides with `Decimal`. A property test
//! holds the result to `checked_div` bit for bit, boundaries included.

use crate::exact::Scaled;
use rust_decimal::Decimal;

/// 2⁹⁶: a `Decimal` mantissa is below it.
const LIMIT: u128 = 1 << 96;

/// The most places a `Decimal` has.
const MAX_SCALE: i32 = 28;

/// `num ÷ den` as `Decimal::checked_div` gives it for the decimals `num` and `den` are (their
/// mantissas and scales as they are stored), and whether it is exact; `None` where this path
/// does not follow `Decimal` (a divisor of 2³² or more, an overflow, a zero divisor, a
/// quotient that rounds to zero).
pub(crate) fn quotient(num: Scaled, den: Scaled) -> Option<(Decimal, bool)> {
    let divisor = u64::try_from(den.magnitude)
        .ok()
        .filter(|&d| d != 0 && d >> 32 == 0)?;
    if num.magnitude >= LIMIT {
        return None;
    }
    if num.magnitude == 0 {
        return Some((Decimal::ZERO, true));
    }
    let mut scale = i32::try_from(num.scale).ok()? - i32::try_from(den.scale).ok()?;
    let (mut q, mut r) = divide(num.magnitude, divisor);
    let mut trim = false;
    while r != 0 || scale < 0 {
        let power = if r == 0 {
            (-scale).min(9)
        } else {
            trim = true;
            let room = if scale == MAX_SCALE {
                0
            } else {
                room(q, scale)?
            };
            if room == 0 {
                // No room for another digit: round half to even on what is left.
                let twice = 2 * r;
                if twice > divisor || (twice == divisor && q & 1 == 1) {
                    q += 1;
                    if q >= LIMIT {
                        return None;
                    }
                }
                break;
            }
            room
        };
        // At most 10⁹, and the remainder below 2³²: the digits in 64 bits.
        let ten = u64::try_from(crate::number::power_of_ten(power.unsigned_abs())?).ok()?;
        q = q.checked_mul(u128::from(ten)).filter(|&q| q < LIMIT)?;
        let scaled = r * ten;
        q += u128::from(scaled / divisor);
        r = scaled % divisor;
        scale += power;
        if q >= LIMIT {
            return None;
        }
    }
    if q == 0 {
        // A quotient below 10⁻²⁸ rounded to zero: whatever sign `Decimal` gives it.
        return None;
    }
    if trim {
        scale = trimmed(&mut q, scale);
    }
    let mut value =
        Decimal::try_from_i128_with_scale(i128::try_from(q).ok()?, u32::try_from(scale).ok()?)
            .ok()?;
    value.set_sign_negative(num.negative != den.negative);
    Some((value, r == 0))
}

/// `n ÷ d` and its remainder for `n` below 2⁹⁶ and `d` below 2³², in two 64-bit divisions
/// (a `u128` division is a library call; by a constant, these are multiplications).
#[inline]
fn divide(n: u128, d: u64) -> (u128, u64) {
    let high = (n >> 32) as u64;
    let low = ((high % d) << 32) | (n as u64 & 0xFFFF_FFFF);
    ((u128::from(high / d) << 32) | u128::from(low / d), low % d)
}

/// The largest multiple of 10^−k below 2⁹⁶ (as whole numbers: (2⁹⁶ − 1) ÷ 10^k), k = 0‥9.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of range fails the build
const ROOM: [u128; 10] = {
    let mut room = [LIMIT - 1; 10];
    let mut k = 1;
    while k < room.len() {
        room[k] = room[k - 1] / 10;
        k += 1;
    }
    room
};

/// The most powers of ten `q` can be multiplied by at `scale` without reaching 2⁹⁶: at most
/// nine, and at most up to scale 28. `None` where `Decimal` gives up (no room at a negative
/// scale). `Decimal` finds it from the top 32 bits first and then checks the rest, which comes
/// to this.
fn room(q: u128, scale: i32) -> Option<i32> {
    let most = if scale > MAX_SCALE - 9 {
        MAX_SCALE - scale
    } else {
        9
    };
    let fits = (1..=most)
        .rev()
        .find(|&k| {
            ROOM.get(k.unsigned_abs() as usize)
                .is_some_and(|&room| q <= room)
        })
        .unwrap_or(0);
    (fits + scale >= 0).then_some(fits)
}

/// Trailing zeros dropped as `Decimal` drops them after a division that left a remainder
/// along the way: eight at a time while the low 32 bits are zero, then four, two and one at
/// most once each — not always all of them. The new scale.
fn trimmed(q: &mut u128, mut scale: i32) -> i32 {
    let drop = |q: &mut u128, by: u64| {
        let (quotient, rest) = divide(*q, by);
        (rest == 0).then(|| *q = quotient).is_some()
    };
    while *q as u32 == 0 && scale >= 8 && drop(q, 100_000_000) {
        scale -= 8;
    }
    for (power, by, mask) in [(4, 10_000, 0xF), (2, 100, 0x3), (1, 10, 0x1)] {
        if *q & mask == 0 && scale >= power && drop(q, by) {
            scale -= power;
        }
    }
    scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `Decimal`'s quotient and whether it is exact, as reports found them before.
    fn by_decimal(num: Decimal, den: Decimal) -> Option<(Decimal, bool)> {
        let q = num.checked_div(den)?;
        Some((q, crate::exact::products_equal(q, den, num, Decimal::ONE)))
    }

    fn check(num: Decimal, den: Decimal) -> Result<(), TestCaseError> {
        if let Some((q, exact)) = quotient(Scaled::of(num), Scaled::of(den)) {
            let (want, want_exact) = by_decimal(num, den)
                .ok_or_else(|| TestCaseError::fail(format!("{num} ÷ {den}: Decimal gives none")))?;
            prop_assert_eq!(
                (q.mantissa(), q.scale(), q.is_sign_negative(), exact),
                (
                    want.mantissa(),
                    want.scale(),
                    want.is_sign_negative(),
                    want_exact
                ),
                "{} ÷ {}",
                num,
                den
            );
        }
        Ok(())
    }

    /// Mantissas of every width, and ones at the edges of the room the quotient has: just
    /// below and above 2⁹⁶ ÷ 10^k.
    fn mantissa() -> impl Strategy<Value = u128> {
        prop_oneof![
            0u128..1_000_000,
            0u128..(1 << 32),
            0u128..(1 << 64),
            0u128..LIMIT,
            (1u32..=9, -3i128..=3)
                .prop_map(|(k, d)| { ((LIMIT - 1) / 10u128.pow(k)).saturating_add_signed(d) }),
        ]
    }

    fn decimal(m: impl Strategy<Value = u128>) -> impl Strategy<Value = Decimal> {
        (m, 0u32..=28, any::<bool>()).prop_filter_map("within Decimal", |(m, s, neg)| {
            let m = i128::try_from(m).ok()?;
            let mut d = Decimal::try_from_i128_with_scale(m, s).ok()?;
            d.set_sign_negative(neg);
            Some(d)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(50_000))]
        /// Whatever this path gives is `Decimal`'s quotient, bit for bit, and its exactness.
        #[test]
        fn the_quotient_is_decimals(
            num in decimal(mantissa()),
            den in decimal(prop_oneof![1u128..1000, 1u128..(1 << 32), 1u128..(1 << 33)]),
        ) {
            check(num, den)?;
        }

        /// Quotients whose digits reach the end of the room: products of a realistic amount
        /// and a power of ten over areas.
        #[test]
        fn long_quotients_are_decimals(
            amount in 1u128..100_000_000_000,
            places in 0u32..=12,
            den in 1u128..(1 << 32),
            scales in (0u32..=10, 0u32..=10),
        ) {
            let m = i128::try_from(amount * 10u128.pow(places)).unwrap();
            let num = Decimal::try_from_i128_with_scale(m, scales.0).unwrap();
            let den = Decimal::try_from_i128_with_scale(i128::try_from(den).unwrap(), scales.1).unwrap();
            check(num, den)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// Integer quotients at the very edge of the room for k more digits, and just either
        /// side of it, with a remainder so that digits are wanted.
        #[test]
        fn quotients_at_the_edge_of_the_room_are_decimals(
            k in 1u32..=9,
            den in 2u128..100_000,
            rest in any::<u128>(),
            step in -2i128..=2,
            scale in 0u32..=28,
        ) {
            // Below 10^k, so that the dividend stays below 2⁹⁶.
            let den = 2 + den % (10u128.pow(k) - 2).max(1);
            let edge = ((LIMIT - 1) / 10u128.pow(k)).saturating_add_signed(step);
            let m = edge * den + 1 + rest % (den - 1);
            if m >= LIMIT {
                return Ok(());
            }
            let num = Decimal::try_from_i128_with_scale(i128::try_from(m).unwrap(), scale).unwrap();
            check(num, Decimal::from(i128::try_from(den).unwrap()))?;
        }
    }

    /// The realistic cases take this path: a report's 亩均 values, exact and not.
    #[test]
    fn realistic_quotients_are_whole_number_ones() {
        for (num, den) in [
            (210_270_000, 240_000),
            (29_530_000, 240_000),
            (1, 3),
            (2, 3),
        ] {
            let (num, den) = (Decimal::from(num), Decimal::from(den));
            let whole = quotient(Scaled::of(num), Scaled::of(den));
            assert!(whole.is_some(), "{num} ÷ {den}");
            assert_eq!(whole, by_decimal(num, den), "{num} ÷ {den}");
        }
    }
}
