//! Exact products and comparisons of decimals.
//!
//! `rust_decimal` rounds silently when a product needs more than 28 digits. A decision must not
//! depend on such rounding, so the engine decides `a × b  ⋚  c × d` here with whole-number
//! arithmetic on the mantissas (up to ~380 bits), and multiplies only when the product is exact.
//! The fast path — mantissas of at most 64 bits, as every realistic amount, area and threshold
//! has — is whole numbers in `u128`: two widening multiplications, one power of ten to align the
//! scales and one comparison, no `Decimal` arithmetic (every row of a batch makes several).

use rust_decimal::Decimal;
use std::cmp::Ordering;

#[cfg(any(not(target_arch = "wasm32"), feature = "whole-bounds"))]
pub(crate) mod quotient;

/// `a × b`, `None` on overflow: `u128::checked_mul`, but one machine multiplication when both
/// fit in 64 bits (as nearly every amount, factor and power of ten here does) — the general
/// check was a quarter of a batch cell's division (`assess::cells`) in a profile.
#[inline]
pub(crate) fn checked_mul(a: u128, b: u128) -> Option<u128> {
    if (a | b) >> 64 == 0 {
        Some(a * b)
    } else {
        a.checked_mul(b)
    }
}

/// `m × 10^by`, `None` beyond `u128`: a whole number brought to a finer scale.
#[inline]
pub(crate) fn scaled_up(m: u128, by: u32) -> Option<u128> {
    crate::number::power_of_ten(by).and_then(|p| checked_mul(m, p))
}

/// How two whole numbers, of 10^−`left` and of 10^−`right`, are brought to one scale: the one
/// with fewer places times a power of ten. Found once where the scales are fixed (a batch's
/// rules for its units), applied to every pair.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Align {
    Same,
    /// The left times this power of ten.
    Left(u128),
    /// The right times this power of ten.
    Right(u128),
}

impl Align {
    /// `None` when the power of ten is beyond `u128`.
    pub(crate) fn of(left: u32, right: u32) -> Option<Self> {
        let power = crate::number::power_of_ten;
        Some(match left.cmp(&right) {
            Ordering::Equal => Self::Same,
            Ordering::Less => Self::Left(power(right - left)?),
            Ordering::Greater => Self::Right(power(left - right)?),
        })
    }

    /// The pair at one scale; `None` beyond `u128`.
    #[inline]
    pub(crate) fn apply(self, left: u128, right: u128) -> Option<(u128, u128)> {
        Some(match self {
            Self::Same => (left, right),
            Self::Left(power) => (checked_mul(left, power)?, right),
            Self::Right(power) => (left, checked_mul(right, power)?),
        })
    }
}

/// Compare `a × b` with `c × d` exactly, for any signs.
pub fn cmp_products(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Ordering {
    Scaled::product(a, b)
        .zip(Scaled::product(c, d))
        .and_then(|(left, right)| left.compare(right))
        .unwrap_or_else(|| cmp_wide(a, b, c, d))
}

/// Whether `a × b` equals `c × d` exactly: [`cmp_products`]` == Equal`, most often decided
/// without it. Equal products are equal whole numbers once both are put at one scale, so they are
/// equal modulo 2⁶⁴ too; wrapping 64-bit multiplications decide that, and only products that
/// agree there are compared in full. Reports ask this of every 28-digit quotient (is it exact?),
/// where the full comparison needs 192-bit arithmetic.
pub fn products_equal(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> bool {
    let low = |x: Decimal| x.mantissa().unsigned_abs() as u64;
    let ten = |power: u32| 10u64.wrapping_pow(power);
    let left = low(a)
        .wrapping_mul(low(b))
        .wrapping_mul(ten(c.scale() + d.scale()));
    let right = low(c)
        .wrapping_mul(low(d))
        .wrapping_mul(ten(a.scale() + b.scale()));
    left == right && cmp_products(a, b, c, d) == Ordering::Equal
}

/// A product of two decimals as a whole number of 10⁻`scale`: the integers behind
/// [`cmp_products`]'s fast path, and the numerator and denominator a batch cell divides
/// (`assess::cells`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scaled {
    pub(crate) magnitude: u128,
    pub(crate) negative: bool,
    pub(crate) scale: u32,
}

impl Scaled {
    /// `a × b` when both mantissas have at most 64 bits (so the product cannot overflow).
    fn product(a: Decimal, b: Decimal) -> Option<Self> {
        let (a, b) = (Self::of(a), Self::of(b));
        let narrow = |x: Self| x.magnitude >> 64 == 0;
        (narrow(a) && narrow(b)).then(|| a.mul(b)).flatten()
    }

    /// `self × other` exactly; `None` beyond `u128`.
    #[inline]
    fn mul(self, other: Self) -> Option<Self> {
        Some(Self {
            magnitude: checked_mul(self.magnitude, other.magnitude)?,
            negative: self.negative != other.negative,
            scale: self.scale + other.scale,
        })
    }

    /// `a × b` when `Decimal` holds it exactly (below 2⁹⁶, at most 28 places), whatever the
    /// mantissas' widths: the product [`exact_mul`] gives then, without building the `Decimal`.
    pub(crate) fn exact_product(a: Decimal, b: Decimal) -> Option<Self> {
        Self::of(a).times(Self::of(b))
    }

    /// A decimal as it is stored: its mantissa's magnitude, sign and scale.
    pub(crate) fn of(value: Decimal) -> Self {
        Self {
            magnitude: value.mantissa().unsigned_abs(),
            negative: value.is_sign_negative(),
            scale: value.scale(),
        }
    }

    /// `self × factor` when `Decimal` would hold it exactly (below 2⁹⁶, at most 28 places).
    #[inline]
    pub(crate) fn times(self, factor: Self) -> Option<Self> {
        let product = self.mul(factor)?;
        (product.magnitude < 1 << 96 && product.scale <= 28).then_some(product)
    }

    /// The product as a `Decimal` when it fits one without rounding (96 bits, scale ≤ 28):
    /// the very value and scale `Decimal::checked_mul` gives then, zero as `Decimal::ZERO`.
    pub(crate) fn to_decimal(self) -> Option<Decimal> {
        if self.magnitude == 0 {
            return Some(Decimal::ZERO);
        }
        let signed = i128::try_from(self.magnitude).ok()?;
        let mut product = Decimal::try_from_i128_with_scale(signed, self.scale).ok()?;
        product.set_sign_negative(self.negative);
        Some(product)
    }

    /// −1, 0 or 1 (a zero is neither sign, whatever its sign bit says).
    fn signum(self) -> i8 {
        match (self.magnitude, self.negative) {
            (0, _) => 0,
            (_, true) => -1,
            (_, false) => 1,
        }
    }

    /// The two numbers compared; `None` when bringing one to the other's scale overflows
    /// `u128` (then [`cmp_wide`] decides).
    pub(crate) fn compare(self, other: Self) -> Option<Ordering> {
        let (ls, rs) = (self.signum(), other.signum());
        if ls != rs || ls == 0 {
            return Some(ls.cmp(&rs));
        }
        // Not through `Align`: the browser's build is the smaller for it (about 100 bytes
        // gzipped, at the edge of its budget).
        let (left, right) = match self.scale.cmp(&other.scale) {
            Ordering::Less => (
                scaled_up(self.magnitude, other.scale - self.scale)?,
                other.magnitude,
            ),
            Ordering::Greater => (
                self.magnitude,
                scaled_up(other.magnitude, self.scale - other.scale)?,
            ),
            Ordering::Equal => (self.magnitude, other.magnitude),
        };
        let magnitude = left.cmp(&right);
        Some(if ls > 0 {
            magnitude
        } else {
            magnitude.reverse()
        })
    }
}

/// [`cmp_products`] for any mantissas: `Decimal` products when both are exact, else whole
/// numbers of up to ~380 bits.
fn cmp_wide(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> Ordering {
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
    if let Some(product) = Scaled::product(a, b).and_then(Scaled::to_decimal) {
        return Some(product);
    }
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

/// Limbs enough for any comparison here: two 96-bit mantissas multiplied (192 bits) times at
/// most 10⁵⁶ (the largest scale difference, 186 bits) is 378 bits — twelve limbs; sixteen keep
/// a margin. On the stack: proving a quotient exact runs for every measured value of every
/// report, and a heap allocation per step was most of its cost (and contended between threads).
const LIMBS: usize = 16;

/// A small unsigned big integer: little-endian 32-bit limbs, `len` of them in use (no leading
/// zero limb).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Big {
    limbs: [u32; LIMBS],
    len: usize,
}

impl From<u128> for Big {
    fn from(mut v: u128) -> Self {
        let mut big = Big {
            limbs: [0; LIMBS],
            len: 0,
        };
        for slot in &mut big.limbs {
            if v == 0 {
                break;
            }
            *slot = (v & 0xffff_ffff) as u32;
            v >>= 32;
            big.len += 1;
        }
        big
    }
}

impl Big {
    fn used(&self) -> &[u32] {
        self.limbs.get(..self.len).unwrap_or(&self.limbs)
    }

    fn trim(mut self) -> Big {
        while self.len > 0 && self.limbs.get(self.len - 1) == Some(&0) {
            self.len -= 1;
        }
        self
    }

    fn mul(&self, other: &Big) -> Big {
        let mut out = Big {
            limbs: [0; LIMBS],
            len: (self.len + other.len).min(LIMBS),
        };
        for (i, &x) in self.used().iter().enumerate() {
            let mut carry = 0u64;
            for (j, &y) in other.used().iter().enumerate() {
                if let Some(slot) = out.limbs.get_mut(i + j) {
                    let t = u64::from(*slot) + u64::from(x) * u64::from(y) + carry;
                    *slot = (t & 0xffff_ffff) as u32;
                    carry = t >> 32;
                }
            }
            if let Some(slot) = out.limbs.get_mut(i + other.len) {
                *slot = carry as u32;
            }
        }
        out.trim()
    }

    /// `self × m` for a small factor, in place.
    fn mul_small(mut self, m: u32) -> Big {
        let mut carry = 0u64;
        for slot in self.limbs.iter_mut().take(self.len) {
            let t = u64::from(*slot) * u64::from(m) + carry;
            *slot = (t & 0xffff_ffff) as u32;
            carry = t >> 32;
        }
        if carry > 0
            && let Some(slot) = self.limbs.get_mut(self.len)
        {
            *slot = carry as u32;
            self.len += 1;
        }
        self
    }

    /// `self × 10ⁿ`, nine digits at a time.
    fn mul_pow10(self, mut n: u32) -> Big {
        let mut out = self;
        while n > 0 {
            let step = n.min(9);
            out = out.mul_small(10u32.pow(step));
            n -= step;
        }
        out
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Self) -> Ordering {
        self.len
            .cmp(&other.len)
            .then_with(|| self.used().iter().rev().cmp(other.used().iter().rev()))
    }
}

/// A decimal of any sign and scale whose mantissa is small, on the 64-bit edge, or up to the
/// full 96 bits (beyond the integer paths), zeros included: for the properties that compare
/// the integer paths with `Decimal`'s own arithmetic.
#[cfg(test)]
pub(crate) fn any_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
    use proptest::prelude::*;
    let mantissa = prop_oneof![
        0u128..1_000,
        0u128..(1 << 64),
        ((1u128 << 64) - 2..(1 << 64) + 2),
        0u128..(1 << 96),
    ];
    (mantissa, 0u32..=28, any::<bool>()).prop_map(|(m, scale, negative)| {
        let mut d = Decimal::from_i128_with_scale(m as i128, scale);
        d.set_sign_negative(negative);
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The integer path decides exactly as the wide path, whenever it decides.
        #[test]
        fn the_integer_path_agrees_with_the_wide_path(
            a in any_decimal(), b in any_decimal(), c in any_decimal(), d in any_decimal(),
        ) {
            let fast = Scaled::product(a, b).zip(Scaled::product(c, d)).and_then(|(l, r)| l.compare(r));
            if let Some(fast) = fast {
                prop_assert_eq!(fast, cmp_wide(a, b, c, d));
            }
            prop_assert_eq!(cmp_products(a, b, c, d), cmp_wide(a, b, c, d));
        }

        /// The modular test never says "not equal" of equal products.
        #[test]
        fn products_equal_is_the_full_comparison(
            a in any_decimal(), b in any_decimal(), c in any_decimal(), d in any_decimal(),
            m in 1u128..(1 << 64), scale in 0u32..=20, shift in 0u32..=8,
        ) {
            prop_assert_eq!(products_equal(a, b, c, d), cmp_products(a, b, c, d) == Ordering::Equal);
            // Equal products at other scales, and a unit of the last digit away.
            let x = Decimal::from_i128_with_scale(m as i128, scale);
            let y = Decimal::from_i128_with_scale((m * 10u128.pow(shift)) as i128, scale + shift);
            prop_assert!(products_equal(x, b, y, b));
            prop_assert!(products_equal(x, d, d, y));
            let off = Decimal::from_i128_with_scale((m * 10u128.pow(shift)) as i128 + 1, scale + shift);
            prop_assert_eq!(products_equal(x, b, off, b), b.is_zero());
        }

        /// A product made in integers is the one `Decimal` makes, value and scale alike,
        /// and `None` exactly where that one rounds or overflows.
        #[test]
        fn the_integer_product_is_decimals(a in any_decimal(), b in any_decimal()) {
            if let Some(fast) = Scaled::product(a, b).and_then(Scaled::to_decimal) {
                prop_assert_eq!(Some(fast.serialize()), a.checked_mul(b).map(|p| p.serialize()));
            }
            let wide = a.checked_mul(b).filter(|p| magnitude_cmp(a, b, *p, Decimal::ONE) == Ordering::Equal);
            prop_assert_eq!(exact_mul(a, b).map(|p| p.serialize()), wide.map(|p| p.serialize()));
        }

        /// The same product written at another scale (`c` is `a` with `shift` more zeros), and
        /// one unit of the last digit either side of it: equal, greater, less, on both paths.
        #[test]
        fn a_product_on_the_boundary_is_equal_at_any_scale(
            m in 1u128..(1 << 64), scale in 0u32..=20, shift in 0u32..=8, b in any_decimal(),
        ) {
            let a = Decimal::from_i128_with_scale(m as i128, scale);
            let c = Decimal::from_i128_with_scale((m * 10u128.pow(shift)) as i128, scale + shift);
            let sign = |o: Ordering| if b.is_sign_negative() { o.reverse() } else { o };
            let wider = |delta: i128| Decimal::from_i128_with_scale(
                (m * 10u128.pow(shift)) as i128 + delta, scale + shift);
            for (c, want) in [(c, Ordering::Equal), (wider(1), Ordering::Less), (wider(-1), Ordering::Greater)] {
                let want = if b.is_zero() { Ordering::Equal } else { sign(want) };
                prop_assert_eq!(cmp_products(a, b, c, b), want);
                prop_assert_eq!(cmp_wide(a, b, c, b), want);
            }
        }
    }

    fn max_digits() -> Decimal {
        d("79228162514264337593543950335")
    }

    /// The widest numbers a comparison can make fit the fixed limbs: the largest mantissas with
    /// the largest scale difference, checked against u128 arithmetic where it reaches.
    #[test]
    fn big_holds_the_widest_products() {
        let m = (1u128 << 96) - 1;
        let widest = Big::from(m).mul(&Big::from(m)).mul_pow10(56);
        assert!(widest.len <= 12, "{} limbs", widest.len);
        // 10^38 = 10^19 × 10^19 both ways; and a product checked against u128.
        assert_eq!(Big::from(1).mul_pow10(38), Big::from(10u128.pow(38)));
        assert_eq!(
            Big::from(10u128.pow(19)).mul(&Big::from(10u128.pow(19))),
            Big::from(10u128.pow(38))
        );
        let (a, b) = (0xffff_ffff_ffff_u128, 0x1234_5678_9abc_u128);
        assert_eq!(Big::from(a).mul(&Big::from(b)), Big::from(a * b));
        assert!(Big::from(m).mul_pow10(1) > Big::from(m));
        assert_eq!(Big::from(0).mul(&Big::from(m)), Big::from(0));
        // The largest products still compare as they should: MAX² × 10^56 against one less.
        let smaller = Big::from(m - 1).mul(&Big::from(m)).mul_pow10(56);
        assert_eq!(widest.cmp(&smaller), Ordering::Greater);
    }
}
