//! Observed indicator values by year: the input of progress evaluation. JSON (an array of
//! `{"indicator", "year", "value", "unit"}` or `{"observations": [...]}`; without a `unit` member
//! a value is in the indicator's own unit, a `null` or empty unit is `missing_field`) or a table read by
//! [`crate::table::ObservationTable`] (CSV, DataFrames: the `unit` column and every unit cell
//! required). Values are exact decimals in the indicator's unit; money converts exactly within
//! one currency (万元 → 亿元), nothing else converts.

use super::indicator::{IndicatorUnit, Measure};
use super::target::BASE_YEAR;
use crate::canonical::{self, sha256_hex};
use crate::error::{Bounded, Error, ErrorKind, Expected, Result};
use crate::number::{canonical, parse_decimal};
use crate::project::{json_type, parse_json, scalar_text};
use crate::quantity::MoneyUnit;
use crate::rulebook::Rulebook;
use crate::vocab::LAST_YEAR;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) const FIELDS: &str = "indicator, year, value, unit";

/// One observed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    /// Index into [`Rulebook::indicators`].
    pub indicator: usize,
    /// The year observed, e.g. 2022.
    pub year: u16,
    /// In the indicator's unit.
    pub value: Decimal,
}

/// A validated set of observations: at most one per indicator and year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observations {
    by_key: BTreeMap<(usize, u16), Decimal>,
}

/// An observation as written, before validation.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    pub(crate) indicator: Option<String>,
    pub(crate) year: Option<String>,
    pub(crate) value: Option<String>,
    pub(crate) unit: RawUnit,
}

/// An observation's unit as written.
#[derive(Debug, Default)]
pub(crate) enum RawUnit {
    /// JSON without a `unit` member: the contract's shorthand for the indicator's own unit.
    #[default]
    Own,
    /// A `null` unit, or an empty cell of a table's `unit` column: not a unit, and never guessed
    /// to be the indicator's (`missing_field` at `unit`).
    Missing,
    Given(String),
}

impl Observations {
    /// Parse observations from JSON text.
    ///
    /// ```
    /// use shenfu_rules::{Rulebook, zone::Observations};
    /// let book = Rulebook::embedded();
    /// let obs = Observations::from_json_str(book, r#"[
    ///     {"indicator": "gdp", "year": 2022, "value": "1400000", "unit": "万元"}
    /// ]"#)?;
    /// let gdp = book.indicators().iter().position(|i| i.id == "gdp").unwrap();
    /// assert_eq!(obs.get(gdp, 2022).unwrap().to_string(), "140"); // in 亿元, exactly
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn from_json_str(book: &Rulebook, text: &str) -> Result<Self> {
        let value = parse_json(text)?;
        Self::from_json_value(book, &value)
    }

    /// Observations from parsed JSON: an array of `{"indicator", "year", "value", "unit"}`, or an
    /// object holding it as `observations`.
    pub fn from_json_value(book: &Rulebook, value: &Value) -> Result<Self> {
        let (items, prefix) = match value {
            Value::Array(items) => (items, ""),
            Value::Object(map) => match map.get("observations") {
                Some(Value::Array(items)) if map.len() == 1 => (items, "observations"),
                _ => {
                    let key = map.keys().find(|k| *k != "observations");
                    return Err(match key {
                        Some(k) => Error::from(ErrorKind::UnknownField {
                            expected: "observations",
                        })
                        .at(k),
                        None => Error::from(ErrorKind::InvalidType {
                            expected: Expected::Observations,
                            found: map
                                .get("observations")
                                .map_or(crate::error::Found::Null, json_type),
                        })
                        .at("observations"),
                    });
                }
            },
            other => {
                return Err(ErrorKind::InvalidType {
                    expected: Expected::Observations,
                    found: json_type(other),
                }
                .into());
            }
        };
        let mut set = Self::default();
        for (i, item) in items.iter().enumerate() {
            let at = |e: Error| {
                let e = e.at(&format!("[{i}]"));
                if prefix.is_empty() { e } else { e.at(prefix) }
            };
            let raw = raw_from_json(item).map_err(at)?;
            set.insert(book, raw).map_err(at)?;
        }
        Ok(set)
    }

    /// Add one observation, validated.
    pub fn add(
        &mut self,
        book: &Rulebook,
        indicator: &str,
        year: u16,
        value: &str,
        unit: Option<&str>,
    ) -> Result<()> {
        self.insert(
            book,
            Raw {
                indicator: Some(indicator.to_owned()),
                year: Some(year.to_string()),
                value: Some(value.to_owned()),
                unit: unit.map_or(RawUnit::Own, |u| RawUnit::Given(u.to_owned())),
            },
        )
    }

    pub(crate) fn insert(&mut self, book: &Rulebook, raw: Raw) -> Result<()> {
        let observation = validate(book, raw)?;
        let key = (observation.indicator, observation.year);
        if self.by_key.insert(key, observation.value).is_some() {
            let id = book
                .indicators()
                .get(observation.indicator)
                .map_or_else(String::new, |i| i.id.clone());
            return Err(Error::from(ErrorKind::DuplicateObservation {
                indicator: id,
                year: observation.year,
            })
            .at("year"));
        }
        Ok(())
    }

    /// The value of an indicator (by index) in a year.
    pub fn get(&self, indicator: usize, year: u16) -> Option<Decimal> {
        self.by_key.get(&(indicator, year)).copied()
    }

    /// The latest observation of an indicator in `from..=to`.
    pub fn latest(&self, indicator: usize, from: u16, to: u16) -> Option<(u16, Decimal)> {
        if from > to {
            return None;
        }
        self.by_key
            .range((indicator, from)..=(indicator, to))
            .next_back()
            .map(|(&(_, year), &value)| (year, value))
    }

    /// All observations of one indicator, by year.
    pub fn of(&self, indicator: usize) -> impl Iterator<Item = (u16, Decimal)> + '_ {
        self.by_key
            .range((indicator, 0)..=(indicator, u16::MAX))
            .map(|(&(_, year), &value)| (year, value))
    }

    /// How many observations (indicator and year pairs).
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Every observation, in rulebook order of indicators, then by year.
    pub fn iter(&self) -> impl Iterator<Item = Observation> + '_ {
        self.by_key
            .iter()
            .map(|(&(indicator, year), &value)| Observation {
                indicator,
                year,
                value,
            })
    }

    /// The canonical input: `[{"indicator", "year", "value", "unit"}]` in rulebook order, then
    /// by year, values in canonical decimal text in the indicator's unit. Its SHA-256 is the
    /// progress report's `input_sha256`.
    pub fn to_canonical_json(&self, book: &Rulebook) -> String {
        #[derive(Serialize)]
        struct Item<'a> {
            indicator: &'a str,
            year: u16,
            value: String,
            unit: &'a str,
        }
        let items: Vec<Item<'_>> = self
            .iter()
            .filter_map(|o| {
                let indicator = book.indicators().get(o.indicator)?;
                Some(Item {
                    indicator: &indicator.id,
                    year: o.year,
                    value: canonical(o.value),
                    unit: indicator.unit.name(),
                })
            })
            .collect();
        canonical::to_json(&items)
    }

    /// The SHA-256 (hex) of [`Self::to_canonical_json`]: the progress report's `input_sha256`.
    pub fn input_sha256(&self, book: &Rulebook) -> String {
        sha256_hex(self.to_canonical_json(book).as_bytes())
    }
}

fn raw_from_json(item: &Value) -> Result<Raw> {
    let Value::Object(map) = item else {
        return Err(ErrorKind::InvalidType {
            expected: Expected::Observation,
            found: json_type(item),
        }
        .into());
    };
    let mut raw = Raw::default();
    for (key, v) in map {
        let text = |v: &Value, expected: Expected| match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            other => Err(Error::from(ErrorKind::InvalidType {
                expected,
                found: json_type(other),
            })
            .at(key)),
        };
        match key.as_str() {
            "indicator" => raw.indicator = text(v, Expected::Text)?,
            "unit" => {
                raw.unit = text(v, Expected::UnitName)?
                    .filter(|u| !u.trim().is_empty())
                    .map_or(RawUnit::Missing, RawUnit::Given);
            }
            "year" => {
                raw.year = match v {
                    Value::Number(n) => Some(n.to_string()),
                    other => text(other, Expected::Year)?,
                }
            }
            "value" => {
                raw.value = match v {
                    Value::Null => None,
                    other => scalar_text(other).map_err(|e| e.at("value"))?,
                }
            }
            _ => {
                return Err(Error::from(ErrorKind::UnknownField { expected: FIELDS }).at(key));
            }
        }
    }
    Ok(raw)
}

fn validate(book: &Rulebook, raw: Raw) -> Result<Observation> {
    let id = raw
        .indicator
        .ok_or_else(|| Error::from(ErrorKind::MissingField).at("indicator"))?;
    let index = book
        .indicators()
        .iter()
        .position(|i| i.id == id.trim())
        .ok_or_else(|| {
            Error::from(ErrorKind::UnknownIndicator { id: id.clone() }).at("indicator")
        })?;
    let indicator = book
        .indicators()
        .get(index)
        .ok_or_else(|| Error::from(ErrorKind::UnknownIndicator { id }).at("indicator"))?;
    let year_text = raw
        .year
        .ok_or_else(|| Error::from(ErrorKind::MissingField).at("year"))?;
    let year = parse_year(&year_text).map_err(|e| e.at("year"))?;
    let value_text = raw
        .value
        .ok_or_else(|| Error::from(ErrorKind::MissingField).at("value"))?;
    let mut value = parse_decimal(&value_text).map_err(|k| Error::from(k).at("value"))?;
    match raw.unit {
        RawUnit::Own => {}
        RawUnit::Missing => return Err(Error::from(ErrorKind::MissingField).at("unit")),
        RawUnit::Given(unit) => {
            value = convert(value, unit.trim(), &indicator.unit).map_err(|e| e.at("unit"))?;
        }
    }
    if value.is_sign_negative() && !value.is_zero() && !indicator.measure.allows_negative() {
        return Err(Error::from(ErrorKind::NegativeValue {
            value: canonical(value),
        })
        .at("value"));
    }
    if indicator.measure == Measure::Count && !value.fract().is_zero() {
        return Err(Error::from(ErrorKind::NotInteger {
            value: canonical(value),
        })
        .at("value"));
    }
    if indicator.measure == Measure::Share && value > Decimal::ONE_HUNDRED {
        return Err(Error::from(ErrorKind::OutOfBounds {
            what: Bounded::SharePercent,
            min: 0,
            max: 100,
            got: canonical(value),
        })
        .at("value"));
    }
    Ok(Observation {
        indicator: index,
        year,
        value: value.normalize(),
    })
}

fn parse_year(text: &str) -> Result<u16> {
    let trimmed = text.trim();
    let year: i64 = trimmed.parse().map_err(|_| {
        Error::from(ErrorKind::InvalidType {
            expected: Expected::Year,
            found: crate::error::Found::Text,
        })
    })?;
    u16::try_from(year)
        .ok()
        .filter(|y| (BASE_YEAR..=LAST_YEAR).contains(y))
        .ok_or_else(|| {
            ErrorKind::OutOfBounds {
                what: Bounded::ObservationYear,
                min: i64::from(BASE_YEAR),
                max: i64::from(LAST_YEAR),
                got: trimmed.to_owned(),
            }
            .into()
        })
}

/// Bring a value given in `unit` into the indicator's unit: exact within one currency.
fn convert(value: Decimal, unit: &str, to: &IndicatorUnit) -> Result<Decimal> {
    let mismatch = || {
        Error::from(ErrorKind::UnitMismatch {
            unit: unit.to_owned(),
            expected: to.name().to_owned(),
        })
    };
    match to {
        IndicatorUnit::Other(name) if name == unit => Ok(value),
        IndicatorUnit::Other(_) => Err(mismatch()),
        IndicatorUnit::Money(target) => {
            let given = MoneyUnit::parse(unit).map_err(|_| mismatch())?;
            if given.currency() != target.currency() {
                return Err(ErrorKind::CurrencyMismatch {
                    found: given.currency().code(),
                    expected: target.currency().code(),
                }
                .into());
            }
            // Unit factors are powers of ten, so this division is exact.
            value
                .checked_mul(given.factor())
                .and_then(|v| v.checked_div(target.factor()))
                .ok_or_else(|| {
                    ErrorKind::OutOfRange {
                        text: canonical(value),
                    }
                    .into()
                })
        }
    }
}
