//! Units as types. Money is canonical in 元 (or 美元 — a different currency that never mixes
//! with 元); area is canonical in 亩, because every conversion *into* 亩 is exact
//! (1 平方米 = 0.0015 亩, 1 公顷 = 15 亩). A value keeps the unit it was written in, for the
//! report's derivation, and its canonical amount, for the decision.

use crate::error::{Error, ErrorKind};
use crate::number::canonical;
use rust_decimal::Decimal;
use std::fmt;

/// A currency. There is no exchange rate anywhere in the engine: comparing CNY with USD is an
/// error, not a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// Renminbi: 元, 万元, 亿元.
    Cny,
    /// US dollars: 美元, 万美元, 亿美元.
    Usd,
}

impl Currency {
    /// The ISO 4217 code (`CNY`, `USD`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Cny => "CNY",
            Self::Usd => "USD",
        }
    }
}

/// The money units the plan and applications use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyUnit {
    /// 元.
    Yuan,
    /// 万元: 10,000 元.
    WanYuan,
    /// 亿元: 100,000,000 元.
    YiYuan,
    /// 美元.
    Usd,
    /// 万美元: 10,000 美元.
    WanUsd,
    /// 亿美元: 100,000,000 美元.
    YiUsd,
}

/// What `MoneyUnit::parse` lists when it refuses a unit: each unit's name and key, as
/// [`MoneyUnit::SPELLINGS`] gives them (a test checks the two agree).
const MONEY_UNITS: &str =
    "元/yuan, 万元/wan_yuan, 亿元/yi_yuan, 美元/usd, 万美元/wan_usd, 亿美元/yi_usd";
const AREA_UNITS: &str = "亩/mu, 平方米/m2, 公顷/ha";

impl MoneyUnit {
    /// Every money unit, in [`Self::SPELLINGS`]' order.
    pub const ALL: [Self; 6] = [
        Self::Yuan,
        Self::WanYuan,
        Self::YiYuan,
        Self::Usd,
        Self::WanUsd,
        Self::YiUsd,
    ];

    /// Every spelling the engine reads, per unit: the Chinese name (what reports write), the
    /// English key, then other spellings (ISO 4217 codes) — the one list the parser, the error
    /// message and the service's schemas are made from.
    pub const SPELLINGS: [(Self, &'static str, &'static str, &'static [&'static str]); 6] = [
        (Self::Yuan, "元", "yuan", &["CNY", "cny"]),
        (Self::WanYuan, "万元", "wan_yuan", &[]),
        (Self::YiYuan, "亿元", "yi_yuan", &[]),
        (Self::Usd, "美元", "usd", &["USD"]),
        (Self::WanUsd, "万美元", "wan_usd", &[]),
        (Self::YiUsd, "亿美元", "yi_usd", &[]),
    ];

    /// The spellings beyond each unit's name and key (`CNY`, `cny`, `USD`).
    pub fn other_spellings() -> impl Iterator<Item = &'static str> {
        Self::SPELLINGS
            .iter()
            .flat_map(|(_, _, _, others)| others.iter().copied())
    }

    /// Accepts the Chinese name, the English key or another spelling ([`Self::SPELLINGS`]).
    pub fn parse(text: &str) -> Result<Self, ErrorKind> {
        Self::SPELLINGS
            .iter()
            .find(|(_, name, key, others)| *name == text || *key == text || others.contains(&text))
            .map(|(unit, ..)| *unit)
            .ok_or_else(|| ErrorKind::UnknownUnit {
                unit: text.to_owned(),
                expected: MONEY_UNITS,
            })
    }

    /// The currency the unit counts in.
    pub fn currency(self) -> Currency {
        match self {
            Self::Yuan | Self::WanYuan | Self::YiYuan => Currency::Cny,
            Self::Usd | Self::WanUsd | Self::YiUsd => Currency::Usd,
        }
    }

    /// How many base units (元 or 美元) one of this unit is.
    pub fn factor(self) -> Decimal {
        match self {
            Self::Yuan | Self::Usd => Decimal::ONE,
            Self::WanYuan | Self::WanUsd => Decimal::from(10_000),
            Self::YiYuan | Self::YiUsd => Decimal::from(100_000_000),
        }
    }

    /// The English name, used in English messages.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Yuan => "yuan",
            Self::WanYuan => "10k yuan",
            Self::YiYuan => "100m yuan",
            Self::Usd => "USD",
            Self::WanUsd => "10k USD",
            Self::YiUsd => "100m USD",
        }
    }

    /// The Chinese name, used in reports.
    pub fn name(self) -> &'static str {
        Self::SPELLINGS
            .iter()
            .find(|(unit, ..)| *unit == self)
            .map_or("", |(_, name, ..)| name)
    }
}

/// The area units of land applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaUnit {
    /// 亩, the base unit every area converts into.
    Mu,
    /// 平方米: 0.0015 亩.
    SquareMetre,
    /// 公顷: 15 亩.
    Hectare,
}

impl AreaUnit {
    /// Every area unit.
    pub const ALL: [Self; 3] = [Self::Mu, Self::SquareMetre, Self::Hectare];

    /// Every spelling the engine reads, per unit: the Chinese name (what reports write), then
    /// the English keys — the list the service's schemas are made from. `parse` stays a `match`
    /// (it runs once per record); a test holds the two together.
    pub const SPELLINGS: [(Self, &'static str, &'static [&'static str]); 3] = [
        (Self::Mu, "亩", &["mu"]),
        (Self::SquareMetre, "平方米", &["m2", "m²"]),
        (Self::Hectare, "公顷", &["ha"]),
    ];

    /// Accepts the Chinese name or the English key (`亩`/`mu`, `平方米`/`m2`/`m²`, `公顷`/`ha`).
    pub fn parse(text: &str) -> Result<Self, ErrorKind> {
        Ok(match text {
            "亩" | "mu" => Self::Mu,
            "平方米" | "m2" | "m²" => Self::SquareMetre,
            "公顷" | "ha" => Self::Hectare,
            _ => {
                return Err(ErrorKind::UnknownUnit {
                    unit: text.to_owned(),
                    expected: AREA_UNITS,
                });
            }
        })
    }

    /// How many 亩 one of this unit is — exact in every case.
    pub fn in_mu(self) -> Decimal {
        match self {
            Self::Mu => Decimal::ONE,
            Self::SquareMetre => Decimal::new(15, 4),
            Self::Hectare => Decimal::from(15),
        }
    }

    /// The English name (`mu`, `m²`, `ha`), used in English messages.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Mu => "mu",
            Self::SquareMetre => "m²",
            Self::Hectare => "ha",
        }
    }

    /// The Chinese name (`亩`, `平方米`, `公顷`), used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Mu => "亩",
            Self::SquareMetre => "平方米",
            Self::Hectare => "公顷",
        }
    }
}

/// An amount of money as written, with its exact amount in the base unit of its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// The amount as written, normalised (`24000` for `24000.00`).
    pub value: Decimal,
    /// The unit it was written in.
    pub unit: MoneyUnit,
    base: Decimal,
}

/// `value × factor` exactly: negatives are refused, and so is a product that would round.
fn convert(value: Decimal, factor: Decimal, unit_name: &str) -> Result<Decimal, Error> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::from(ErrorKind::NegativeValue {
            value: canonical(value),
        })
        .at("value"));
    }
    crate::exact::exact_mul(value, factor)
        .map(|d| d.normalize())
        .ok_or_else(|| {
            Error::from(ErrorKind::OutOfRange {
                text: format!("{} {unit_name}", canonical(value)),
            })
            .at("value")
        })
}

/// `value × factor` in integers, for a whole value and a whole factor: what [`convert`] gives
/// them (`None`: a negative value or a fractional factor, which `convert` decides).
#[inline]
fn whole_product(value: i64, factor: Decimal) -> Option<Decimal> {
    let value = u64::try_from(value).ok()?;
    if factor.scale() != 0 {
        return None;
    }
    let factor = u64::try_from(factor.mantissa()).ok()?;
    // Below 2⁶³ · 10⁸ < 2⁹⁶: always a `Decimal`.
    let product = i128::try_from(u128::from(value) * u128::from(factor)).ok()?;
    Decimal::try_from_i128_with_scale(product, 0).ok()
}

impl Money {
    /// `value` in `unit`; non-negative and small enough to convert to 元 exactly.
    pub fn new(value: Decimal, unit: MoneyUnit) -> Result<Self, Error> {
        let base = convert(value, unit.factor(), unit.name())?;
        Ok(Self {
            value: value.normalize(),
            unit,
            base,
        })
    }

    /// [`Money::new`] for a whole number of `unit`s (an integer column), converted in
    /// integers; `None` wherever `new` refuses (a negative amount), without wording why.
    /// Inlined into a batch's reader: returned through memory, a `Money` was read back before
    /// its parts had landed (a twentieth of an Arrow row).
    #[inline]
    pub fn whole(value: i64, unit: MoneyUnit) -> Option<Self> {
        match whole_product(value, unit.factor()) {
            Some(base) => Some(Self {
                value: Decimal::from(value),
                unit,
                base,
            }),
            None => Self::new(Decimal::from(value), unit).ok(),
        }
    }

    /// The amount in 元 (or 美元 for USD).
    pub fn base(&self) -> Decimal {
        self.base
    }

    /// The currency the amount counts in; amounts of two currencies are never compared.
    pub fn currency(&self) -> Currency {
        self.unit.currency()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", canonical(self.value), self.unit.name())
    }
}

/// A land area as written, with its exact size in 亩. Always greater than zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// The area as written, normalised.
    pub value: Decimal,
    /// The unit it was written in.
    pub unit: AreaUnit,
    mu: Decimal,
}

impl Area {
    /// `value` in `unit`; greater than zero and exactly convertible to 亩.
    pub fn new(value: Decimal, unit: AreaUnit) -> Result<Self, Error> {
        let mu = convert(value, unit.in_mu(), unit.name())?;
        if mu.is_zero() {
            return Err(Error::from(ErrorKind::ZeroArea).at("value"));
        }
        Ok(Self {
            value: value.normalize(),
            unit,
            mu,
        })
    }

    /// [`Area::new`] for a whole number of `unit`s (an integer column), converted in integers
    /// where the unit is a whole number of 亩; `None` wherever `new` refuses (a zero or
    /// negative area), without wording why. Inlined, as [`Money::whole`] is.
    #[inline]
    pub fn whole(value: i64, unit: AreaUnit) -> Option<Self> {
        match whole_product(value, unit.in_mu()) {
            Some(mu) if mu.is_zero() => None,
            Some(mu) => Some(Self {
                value: Decimal::from(value),
                unit,
                mu,
            }),
            None => Self::new(Decimal::from(value), unit).ok(),
        }
    }

    /// The area in 亩, exactly.
    pub fn mu(&self) -> Decimal {
        self.mu
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", canonical(self.value), self.unit.name())
    }
}

/// The unit of a rule's threshold. Per-area money (`万元/亩`) and percent for now; the
/// whole-plan rulebook adds levels, counts and per-capita values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasureUnit {
    /// Money per area, e.g. 万元/亩 (亩均投入, 亩均税收).
    MoneyPerArea(MoneyUnit, AreaUnit),
    /// A percentage, e.g. R&D spend as a share of revenue.
    Percent,
}

impl MeasureUnit {
    /// Accepts `%` or `percent`, or a money unit and an area unit joined by `/` (`万元/亩`,
    /// `wan_yuan/mu`).
    pub fn parse(text: &str) -> Result<Self, ErrorKind> {
        if text == "%" || text == "percent" {
            return Ok(Self::Percent);
        }
        if let Some((money, area)) = text.split_once('/')
            && let (Ok(m), Ok(a)) = (MoneyUnit::parse(money), AreaUnit::parse(area))
        {
            return Ok(Self::MoneyPerArea(m, a));
        }
        Err(ErrorKind::UnknownUnit {
            unit: text.to_owned(),
            expected: "%, or money/area such as 万元/亩",
        })
    }

    /// The Chinese name, as reports write it (`万元/亩`, `%`).
    pub fn name(self) -> String {
        let mut name = String::with_capacity(16);
        self.push_name(&mut name);
        name
    }

    /// [`MeasureUnit::name`] appended to `out`, for reports written without a string of its own.
    pub fn push_name(self, out: &mut String) {
        match self {
            Self::MoneyPerArea(m, a) => {
                out.push_str(m.name());
                out.push('/');
                out.push_str(a.name());
            }
            Self::Percent => out.push('%'),
        }
    }

    /// The English name, for English messages (`10k yuan/mu`, `%`).
    pub fn name_en(self) -> String {
        match self {
            Self::MoneyPerArea(m, a) => format!("{}/{}", m.name_en(), a.name_en()),
            Self::Percent => "%".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Whole amounts converted in integers are `new`'s, value, base and scale alike, and
        /// refused exactly where `new` refuses them.
        #[test]
        fn whole_amounts_are_new_s(
            value in proptest::prop_oneof![
                proptest::prelude::Just(0i64), proptest::prelude::Just(-1i64),
                proptest::prelude::Just(i64::MAX), proptest::prelude::Just(i64::MIN),
                -1_000i64..1_000_000_000, proptest::prelude::any::<i64>(),
            ],
            money in 0usize..6, area in 0usize..3,
        ) {
            let bytes = |d: Decimal| d.serialize();
            let unit = MoneyUnit::ALL[money];
            let want = Money::new(Decimal::from(value), unit).ok();
            let got = Money::whole(value, unit);
            proptest::prop_assert_eq!(got.map(|m| (bytes(m.value), m.unit, bytes(m.base()))),
                want.map(|m| (bytes(m.value), m.unit, bytes(m.base()))));
            let unit = AreaUnit::ALL[area];
            let want = Area::new(Decimal::from(value), unit).ok();
            let got = Area::whole(value, unit);
            proptest::prop_assert_eq!(got.map(|a| (bytes(a.value), a.unit, bytes(a.mu()))),
                want.map(|a| (bytes(a.value), a.unit, bytes(a.mu()))));
        }
    }

    use super::*;

    /// Every unit is spelled once in the table, every spelling reads back as its unit, and the
    /// error message lists the table's names and keys.
    #[test]
    fn the_spellings_table_is_the_one_list() {
        for unit in MoneyUnit::ALL {
            let rows: Vec<_> = MoneyUnit::SPELLINGS
                .iter()
                .filter(|(u, ..)| *u == unit)
                .collect();
            assert_eq!(rows.len(), 1, "{unit:?}");
            let (_, name, key, others) = rows.first().unwrap();
            assert_eq!(unit.name(), *name);
            for spelling in [*name, *key].iter().chain(others.iter()) {
                assert_eq!(MoneyUnit::parse(spelling), Ok(unit), "{spelling}");
            }
        }
        let listed: Vec<String> = MoneyUnit::SPELLINGS
            .iter()
            .map(|(_, name, key, _)| format!("{name}/{key}"))
            .collect();
        assert_eq!(MONEY_UNITS, listed.join(", "));
        assert_eq!(
            MoneyUnit::other_spellings().collect::<Vec<_>>(),
            ["CNY", "cny", "USD"]
        );
        // Area units: `parse` is a `match` for speed; the table agrees with it row by row.
        assert_eq!(AreaUnit::SPELLINGS.map(|(u, ..)| u), AreaUnit::ALL);
        for (unit, name, keys) in AreaUnit::SPELLINGS {
            assert_eq!(unit.name(), name);
            for spelling in [name].iter().chain(keys) {
                assert_eq!(AreaUnit::parse(spelling), Ok(unit), "{spelling}");
            }
        }
        let listed: Vec<String> = AreaUnit::SPELLINGS
            .iter()
            .map(|(_, name, keys)| format!("{name}/{}", keys[0]))
            .collect();
        assert_eq!(AREA_UNITS, listed.join(", "));
    }

    #[test]
    fn conversions_into_canonical_units_are_exact() {
        let wan = Money::new(Decimal::from(24_000), MoneyUnit::WanYuan).unwrap();
        assert_eq!(wan.base(), Decimal::from(240_000_000));
        let yi = Money::new(Decimal::new(24, 1), MoneyUnit::YiYuan).unwrap();
        assert_eq!(yi.base(), wan.base());
        let m2 = Area::new(Decimal::from(40_000), AreaUnit::SquareMetre).unwrap();
        assert_eq!(m2.mu(), Decimal::from(60));
        let ha = Area::new(Decimal::from(4), AreaUnit::Hectare).unwrap();
        assert_eq!(ha.mu(), Decimal::from(60));
    }

    #[test]
    fn refuses_negative_zero_and_overflowing_values() {
        let e = Area::new(Decimal::ZERO, AreaUnit::Mu).unwrap_err();
        assert_eq!((e.code(), e.field.as_deref()), ("zero_area", Some("value")));
        assert_eq!(
            Area::new(Decimal::NEGATIVE_ONE, AreaUnit::Mu)
                .unwrap_err()
                .code(),
            "negative_value"
        );
        assert_eq!(
            Money::new(Decimal::NEGATIVE_ONE, MoneyUnit::Yuan)
                .unwrap_err()
                .code(),
            "negative_value"
        );
        assert_eq!(
            Money::new(Decimal::MAX, MoneyUnit::YiYuan)
                .unwrap_err()
                .code(),
            "out_of_range"
        );
        // 1e-28 m² is a positive area too small to express in 亩 exactly.
        assert_eq!(
            Area::new(Decimal::new(1, 28), AreaUnit::SquareMetre)
                .unwrap_err()
                .code(),
            "out_of_range"
        );
    }

    #[test]
    fn units_parse_in_chinese_and_english_and_refuse_strangers() {
        for unit in MoneyUnit::ALL {
            assert_eq!(MoneyUnit::parse(unit.name()).unwrap(), unit);
        }
        for unit in AreaUnit::ALL {
            assert_eq!(AreaUnit::parse(unit.name()).unwrap(), unit);
        }
        assert_eq!(MoneyUnit::parse("wan_yuan").unwrap(), MoneyUnit::WanYuan);
        assert_eq!(AreaUnit::parse("ha").unwrap(), AreaUnit::Hectare);
        assert_eq!(MoneyUnit::parse("千元").unwrap_err().code(), "unknown_unit");
        assert_eq!(
            MeasureUnit::parse("万元/亩").unwrap(),
            MeasureUnit::MoneyPerArea(MoneyUnit::WanYuan, AreaUnit::Mu)
        );
        assert_eq!(
            MeasureUnit::parse("万元").unwrap_err().code(),
            "unknown_unit"
        );
    }
}
