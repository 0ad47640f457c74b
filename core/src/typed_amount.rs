//! Amounts as people type them into a form — 「1.2万」, 「2.4亿」, 「24,000」, 「２４０００」,
//! 「3000万元」, 「1.5万平方米」 — read exactly into the decimal text and the unit the engine
//! takes (never through a binary float).
//!
//! The contract's own grammar ([`crate::number::parse_decimal`]) stays narrow: this is the
//! self-assessment page's lenient reading in front of it, written once here so every surface that
//! takes typed text reads it the same way. What it accepts:
//!
//! * full-width digits, point, comma, signs and spaces (０–９ ． ， ＋ － and U+3000) as their ASCII
//!   forms;
//! * thousands separators (`,` or `，`) only between groups of three digits (`24,000`; `2,40,00`
//!   and `1,5` are refused: a decimal comma must never be read as a separator);
//! * a unit typed after the number, which wins over the unit chosen beside the field: for money
//!   元, 万元, 亿元, or 万 / 亿 alone (「2.4亿」 is 2.4 亿元); for land 亩, 平方米 (㎡, m2, m²),
//!   公顷, each optionally after 万 (「1.5万平方米」 is 15000 平方米, exactly).
//!
//! Anything else is refused as the contract refuses it (`invalid_number`, the text as typed).

use crate::error::ErrorKind;
use crate::number::{canonical, parse_decimal};
use rust_decimal::Decimal;

/// Which kind of amount a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 元, 万元, 亿元.
    Money,
    /// 亩, 平方米, 公顷.
    Area,
}

impl Kind {
    /// `"money"` or `"area"`.
    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "money" => Some(Self::Money),
            "area" => Some(Self::Area),
            _ => None,
        }
    }
}

/// An amount read from typed text: its canonical decimal text and its unit's Chinese name (the
/// contract's unit names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typed {
    /// Canonical decimal text (no exponent, no trailing fractional zeros).
    pub value: String,
    /// 元, 万元, 亿元, 亩, 平方米 or 公顷.
    pub unit: &'static str,
    /// Whether the text said more than a plain number in the chosen unit (a separator, a suffix,
    /// full-width digits, an exponent): the page then says how it read it.
    pub reinterpreted: bool,
}

/// Money units typed after a number: (suffix, unit, multiplier is in the unit).
const MONEY_SUFFIXES: [(&str, &str); 5] = [
    ("亿元", "亿元"),
    ("万元", "万元"),
    ("亿", "亿元"),
    ("万", "万元"),
    ("元", "元"),
];

/// Land units typed after a number.
const AREA_SUFFIXES: [(&str, &str); 7] = [
    ("平方米", "平方米"),
    ("平米", "平方米"),
    ("㎡", "平方米"),
    ("m²", "平方米"),
    ("m2", "平方米"),
    ("公顷", "公顷"),
    ("亩", "亩"),
];

/// The unit names a field of `kind` takes, in the contract's words.
fn known_unit(kind: Kind, unit: &str) -> Option<&'static str> {
    let units: &[&'static str] = match kind {
        Kind::Money => &["元", "万元", "亿元"],
        Kind::Area => &["亩", "平方米", "公顷"],
    };
    units.iter().copied().find(|u| *u == unit)
}

/// Full-width forms as ASCII; every kind of space dropped.
fn half_width(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '，' => ',',
            '＋' => '+',
            '－' | '−' => '-',
            'Ｅ' | 'ｅ' => 'e',
            _ => c,
        })
        .collect()
}

/// `24,000.5` → `24000.5`, when every separator stands between groups of three digits.
fn without_separators(number: &str) -> Option<String> {
    if !number.contains(',') {
        return Some(number.to_owned());
    }
    let unsigned = number.trim_start_matches(['+', '-']);
    let sign = number.get(..number.len() - unsigned.len()).unwrap_or("");
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut groups = int_part.split(',');
    let first = groups.next()?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if first.is_empty() || first.len() > 3 || !digits(first) {
        return None;
    }
    let mut out = format!("{sign}{first}");
    for group in groups {
        if group.len() != 3 || !digits(group) {
            return None;
        }
        out.push_str(group);
    }
    if let Some(f) = frac_part {
        if f.contains(',') {
            return None;
        }
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Read `text` typed into a field of `kind` whose unit selector says `unit`.
///
/// ```
/// use shenfu_rules::typed_amount::{read, Kind};
/// let t = read("2.4亿", "万元", Kind::Money).unwrap();
/// assert_eq!((t.value.as_str(), t.unit), ("2.4", "亿元"));
/// let t = read("２４，０００", "万元", Kind::Money).unwrap();
/// assert_eq!((t.value.as_str(), t.unit), ("24000", "万元"));
/// let t = read("1.5万平方米", "亩", Kind::Area).unwrap();
/// assert_eq!((t.value.as_str(), t.unit), ("15000", "平方米"));
/// assert_eq!(read("2,40,00", "元", Kind::Money).unwrap_err().code(), "invalid_number");
/// ```
pub fn read(text: &str, unit: &str, kind: Kind) -> Result<Typed, ErrorKind> {
    let invalid = || ErrorKind::InvalidNumber {
        text: text.to_owned(),
    };
    let chosen = known_unit(kind, unit).ok_or_else(|| ErrorKind::InvalidNumber {
        text: unit.to_owned(),
    })?;
    let normal = half_width(text);
    let (mut number, mut out_unit, mut wan) = (normal.as_str(), chosen, false);
    match kind {
        Kind::Money => {
            if let Some((suffix, u)) = MONEY_SUFFIXES.iter().find(|(s, _)| normal.ends_with(s)) {
                number = normal.get(..normal.len() - suffix.len()).unwrap_or("");
                out_unit = u;
            }
        }
        Kind::Area => {
            if let Some((suffix, u)) = AREA_SUFFIXES.iter().find(|(s, _)| normal.ends_with(s)) {
                number = normal.get(..normal.len() - suffix.len()).unwrap_or("");
                out_unit = u;
            }
            if let Some(rest) = number.strip_suffix('万') {
                number = rest;
                wan = true;
            }
        }
    }
    let plain = without_separators(number).ok_or_else(invalid)?;
    let mut value: Decimal = parse_decimal(&plain).map_err(|e| match e {
        ErrorKind::InvalidNumber { .. } => invalid(),
        other => other,
    })?;
    if wan {
        value = value
            .checked_mul(Decimal::from(10_000))
            .ok_or_else(|| ErrorKind::OutOfRange {
                text: text.to_owned(),
            })?;
    }
    let value = canonical(value);
    let reinterpreted = out_unit != chosen || value != text.trim();
    Ok(Typed {
        value,
        unit: out_unit,
        reinterpreted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str, unit: &str, kind: Kind) -> (String, &'static str, bool) {
        let t = read(text, unit, kind).unwrap();
        (t.value, t.unit, t.reinterpreted)
    }

    #[test]
    fn money_as_typed() {
        assert_eq!(
            ok("24000", "万元", Kind::Money),
            ("24000".into(), "万元", false)
        );
        assert_eq!(ok("1.2万", "元", Kind::Money), ("1.2".into(), "万元", true));
        assert_eq!(
            ok("2.4亿", "万元", Kind::Money),
            ("2.4".into(), "亿元", true)
        );
        assert_eq!(
            ok("2.4 亿元", "万元", Kind::Money),
            ("2.4".into(), "亿元", true)
        );
        assert_eq!(
            ok("24,000", "万元", Kind::Money),
            ("24000".into(), "万元", true)
        );
        assert_eq!(
            ok("１２，３４５．６７", "元", Kind::Money),
            ("12345.67".into(), "元", true)
        );
        assert_eq!(
            ok("２４０００", "万元", Kind::Money),
            ("24000".into(), "万元", true)
        );
        assert_eq!(
            ok("3000元", "万元", Kind::Money),
            ("3000".into(), "元", true)
        );
        assert_eq!(
            ok("1,234,567.891", "元", Kind::Money),
            ("1234567.891".into(), "元", true)
        );
        // Exact beyond a double's 15–17 digits.
        assert_eq!(
            ok("12,345,678,901,234,567.89", "元", Kind::Money),
            ("12345678901234567.89".into(), "元", true)
        );
        assert_eq!(
            ok("0.10", "万元", Kind::Money),
            ("0.1".into(), "万元", true)
        );
        // A negative amount is read; the engine refuses it in its own words.
        assert_eq!(ok("-5", "万元", Kind::Money), ("-5".into(), "万元", false));
    }

    #[test]
    fn land_as_typed() {
        assert_eq!(ok("80", "亩", Kind::Area), ("80".into(), "亩", false));
        assert_eq!(
            ok("1.5万平方米", "亩", Kind::Area),
            ("15000".into(), "平方米", true)
        );
        assert_eq!(
            ok("1.2345万", "平方米", Kind::Area),
            ("12345".into(), "平方米", true)
        );
        assert_eq!(ok("4公顷", "亩", Kind::Area), ("4".into(), "公顷", true));
        assert_eq!(
            ok("26,667㎡", "亩", Kind::Area),
            ("26667".into(), "平方米", true)
        );
        assert_eq!(ok("0.5万亩", "亩", Kind::Area), ("5000".into(), "亩", true));
    }

    #[test]
    fn refused() {
        for (text, kind) in [
            ("2,40,00", Kind::Money),
            ("1,5", Kind::Money),
            (",000", Kind::Money),
            ("1,000,00", Kind::Money),
            ("abc", Kind::Money),
            ("12万万元", Kind::Money),
            ("万", Kind::Money),
            ("1.2万元", Kind::Area),
            ("12亿亩", Kind::Area),
            ("", Kind::Area),
        ] {
            let e = read(text, if kind == Kind::Money { "元" } else { "亩" }, kind).unwrap_err();
            assert_eq!(e.code(), "invalid_number", "{text}");
        }
        assert_eq!(
            read("NaN", "元", Kind::Money).unwrap_err().code(),
            "non_finite"
        );
        assert_eq!(
            read("1", "美元", Kind::Money).unwrap_err().code(),
            "invalid_number"
        );
    }

    /// `1234567` → `1,234,567`.
    fn grouped(int: u64) -> String {
        let digits = int.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    proptest::proptest! {
        /// However a number is typed — separators, full-width forms, 万 or 亿 — its value is the
        /// plain digits' value, exactly, in the unit the text said.
        #[test]
        fn typing_never_changes_the_value(
            int in 0u64..1_000_000_000_000_000,
            frac in "[0-9]{0,8}",
            separated: bool,
            full_width: bool,
            suffix in 0usize..3,
        ) {
            let plain = if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") };
            let mut typed = if separated { grouped(int) } else { int.to_string() };
            if !frac.is_empty() {
                typed = format!("{typed}.{frac}");
            }
            if full_width {
                typed = typed
                    .chars()
                    .map(|c| match c {
                        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                        '.' => '．',
                        ',' => '，',
                        _ => c,
                    })
                    .collect();
            }
            let (text, unit) = match suffix {
                0 => (typed, "元"),
                1 => (format!("{typed}万"), "万元"),
                _ => (format!("{typed}亿"), "亿元"),
            };
            let t = read(&text, "元", Kind::Money).unwrap();
            proptest::prop_assert_eq!(t.value, canonical(parse_decimal(&plain).unwrap()));
            proptest::prop_assert_eq!(t.unit, unit);
        }
    }
}
