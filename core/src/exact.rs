//! Exact products and comparisons of decimals.
//!
//! `rust_decimal` rounds silently when a product needs more than 28 digits. A decision must not
//! depend on such rounding, so the engine decides `a × b  ⋚  c × d` here with whole-number
//! arithmetic on the mantissas (up to ~380 bits), and multiplies only when the product is exact.
//! The fast path — both products fit — costs two `checked_mul`s and one comparison.

use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Compare `a × b` with `c × d` exactly, for any signs.
pub fn cmp_products(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Ordering {
    if let (Some(left), Some(right)) = (exact_mul(a, b), exact_mul(c, d)) {
        return left.cmp(&right);
    }
    let sign = |x: Decimal, y: Decimal| -> i8 {
        if x.is_zero() || y.is_zero() {
            0
        } else if x.is_sign_negative() == y.is_sign_negative() {
            1
        } else {
            -1
        }
    };
    let (ls, rs) = (sign(a, b), sign(c, d));
    if ls != rs || ls == 0 {
        return ls.cmp(&rs);
    }
    let magnitude = magnitude_cmp(a, b, c, d);
    if ls > 0 {
        magnitude
    } else {
        magnitude.reverse()
    }
}

/// `a × b` if it is representable without rounding, else `None`.
pub fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let product = a.checked_mul(b)?;
    // The product is exact when its scale could hold every digit: the mantissas multiplied
    // without overflow and no scale had to be dropped.
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let exact_scale = a.scale() + b.scale();
    let fits = ma.checked_mul(mb).is_some_and(|m| m < (1u128 << 96)) && exact_scale <= 28;
    if fits || magnitude_cmp(a, b, product, Decimal::ONE) == Ordering::Equal {
        Some(product)
    } else {
        None
    }
}

/// Compare |a × b| with |c × d| on whole numbers: each side is mantissa × mantissa ÷ 10^scale;
/// the side with the smaller scale is multiplied up to the other's scale.
fn magnitude_cmp(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Ordering {
    let left = Big::from(a.mantissa().unsigned_abs()).mul(&Big::from(b.mantissa().unsigned_abs()));
    let right = Big::from(c.mantissa().unsigned_abs()).mul(&Big::from(d.mantissa().unsigned_abs()));
    let (ls, rs) = (a.scale() + b.scale(), c.scale() + d.scale());
    let (left, right) = match ls.cmp(&rs) {
        Ordering::Less => (left.mul_pow10(rs - ls), right),
        Ordering::Greater => (left, right.mul_pow10(ls - rs)),
        Ordering::Equal => (left, right),
    };
    left.cmp(&right)
}

/// A small unsigned big integer: little-endian 32-bit limbs, no leading zero limbs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl From<u128> for Big {
    fn from(mut v: u128) -> Self {
        let mut limbs = Vec::with_capacity(4);
        while v > 0 {
            limbs.push((v & 0xffff_ffff) as u32);
            v >>= 32;
        }
        Big(limbs)
    }
}

impl Big {
    fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &x) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &y) in other.0.iter().enumerate() {
                if let Some(slot) = out.get_mut(i + j) {
                    let t = u64::from(*slot) + u64::from(x) * u64::from(y) + carry;
                    *slot = (t & 0xffff_ffff) as u32;
                    carry = t >> 32;
                }
            }
            let mut k = i + other.0.len();
            while carry > 0 {
                if let Some(slot) = out.get_mut(k) {
                    let t = u64::from(*slot) + carry;
                    *slot = (t & 0xffff_ffff) as u32;
                    carry = t >> 32;
                    k += 1;
                } else {
                    out.push(carry as u32);
                    carry = 0;
                }
            }
        }
        while out.last() == Some(&0) {
            out.pop();
        }
        Big(out)
    }

    fn mul_pow10(self, n: u32) -> Big {
        (0..n).fold(self, |acc, _| acc.mul(&Big::from(10u128)))
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
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
    fn compares_small_products_directly() {
        assert_eq!(
            cmp_products(d("24000"), d("1"), d("300"), d("60")),
            Ordering::Greater
        );
        assert_eq!(
            cmp_products(d("18000"), d("1"), d("300"), d("60")),
            Ordering::Equal
        );
        assert_eq!(
            cmp_products(d("-1"), d("2"), d("1"), d("1")),
            Ordering::Less
        );
    }

    #[test]
    fn compares_products_beyond_decimal_range_exactly() {
        let max = Decimal::MAX;
        // MAX × 15 vs MAX × 14: both overflow, the first is larger.
        assert_eq!(cmp_products(max, d("15"), max, d("14")), Ordering::Greater);
        // MAX × 2 vs (MAX - 1) × 2 differ by 2 in a 97-bit number.
        assert_eq!(
            cmp_products(max, d("2"), max - Decimal::ONE, d("2")),
            Ordering::Greater
        );
        // Products that round in rust_decimal: 1e-20 × 1.5e-10 vs 1.5e-30 (not representable).
        assert_eq!(
            cmp_products(
                d("0.00000000000000000001"),
                d("0.00000000015"),
                Decimal::ZERO,
                Decimal::ONE
            ),
            Ordering::Greater
        );
    }

    #[test]
    fn exact_mul_refuses_rounded_products() {
        assert_eq!(exact_mul(d("40000"), d("0.0015")), Some(d("60")));
        assert_eq!(
            exact_mul(d("0.00000000000000000000000001"), d("0.0015")),
            None
        );
        assert_eq!(exact_mul(max_digits(), d("0.0015")), None);
        assert_eq!(exact_mul(Decimal::MAX, d("2")), None);
    }

    fn max_digits() -> Decimal {
        d("79228162514264337593543950335")
    }
}
