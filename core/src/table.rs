//! The one reader of tabular input: every table of projects or observations — the CLI's CSV,
//! Python's pandas, polars and pyarrow tables and lists of records, `replay` of a table of
//! projects, `progress` of a table of observations — is read here, so a table means the same on
//! every surface.
//!
//! What a table is held to (README, "Input"): a bare number is never taken to be in a unit.
//!
//! * A cell that is absent — null, NaN (the caller passes `None`), an empty or blank text — is
//!   "not given". An amount given without its unit is `missing_field` at `<field>_unit`; an
//!   observation without its unit is `missing_field` at `unit`.
//! * Projects: every amount column needs its `<field>_unit` column or a unit for the whole call
//!   (`units=` in Python); giving both is `duplicate_unit`, naming both (neither silently wins).
//! * Observations: the columns `indicator`, `year`, `value` and `unit`, each required.
//!
//! The JSON contract keeps its documented shorthands (a bare number in a JSON project is 元 or
//! 亩; an observation without a `unit` member is in the indicator's unit); a record —
//! Python's list of mappings — is JSON, except that its flat `<field>_unit` members and `units=`
//! are read as a table's ([`ProjectTable::record`]).

use crate::error::{Error, ErrorKind, Expected, Result};
use crate::project::{AMOUNT_COLUMNS, COLUMN_LIST, Cell, Project, check_columns, json_type};
use crate::rulebook::Rulebook;
use crate::zone::Observations;
use crate::zone::observation::{FIELDS, Raw, RawUnit};
use serde_json::{Map, Value};

/// The header of a table of projects, checked once: the contract's columns, and the units given
/// for the whole call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectTable {
    names: Vec<String>,
    /// `(<field>_unit, unit)` for each amount whose unit is given for the whole call.
    fixed: Vec<(String, String)>,
}

impl ProjectTable {
    /// Check a table's column names with the units given for the whole call (`units` maps an
    /// amount field to its unit, `{"land_area": "亩"}` standing for a `land_area_unit` column):
    /// the column contract of [`check_columns`], and `duplicate_unit` at `<field>_unit` for an
    /// amount whose unit is given both ways.
    pub fn new<S: AsRef<str>>(names: &[S], units: &[(String, String)]) -> Result<Self> {
        let names: Vec<String> = names.iter().map(|n| n.as_ref().to_owned()).collect();
        let mut fixed = Vec::with_capacity(units.len());
        for (field, unit) in units {
            let column = format!("{field}_unit");
            if names.contains(&column) {
                return Err(Error::from(ErrorKind::DuplicateUnit {
                    field: field.clone(),
                })
                .at(&column));
            }
            fixed.push((column, unit.clone()));
        }
        let with_units: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .chain(fixed.iter().map(|(column, _)| column.as_str()))
            .collect();
        check_columns(&with_units)?;
        Ok(Self { names, fixed })
    }

    /// The columns, in table order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// One row: its cells in column order, `None` for an absent one (null, NaN).
    pub fn project<'a>(
        &'a self,
        cells: impl IntoIterator<Item = Option<Cell<'a>>>,
    ) -> Result<Project> {
        let given = self
            .names
            .iter()
            .zip(cells)
            .filter_map(|(name, cell)| cell.map(|cell| (name.as_str(), cell)));
        let fixed = self
            .fixed
            .iter()
            .map(|(column, unit)| (column.as_str(), Cell::Text(unit)));
        Project::from_cells(given.chain(fixed))
    }

    /// One record (a JSON object, as Python's list of mappings gives it): a project as JSON
    /// reads it, except that a flat `<field>_unit` member is the unit cell of a bare amount
    /// beside it — `null` or empty is `missing_field` there, as in any table — and `units`
    /// gives the unit of a bare amount for the whole call (both for one amount:
    /// `duplicate_unit`). A bare amount with neither keeps the JSON shorthand (元, 亩).
    pub fn record(record: &Value, units: &[(String, String)]) -> Result<Project> {
        // A unit for the whole call names an amount, as a unit column would.
        if let Some((field, _)) = units
            .iter()
            .find(|(f, _)| !AMOUNT_COLUMNS.contains(&f.as_str()))
        {
            return Err(Error::from(ErrorKind::UnknownField {
                expected: COLUMN_LIST,
            })
            .at(&format!("{field}_unit")));
        }
        let Value::Object(map) = record else {
            return Project::from_json_value(record);
        };
        let mut out: Map<String, Value> = map.clone();
        for field in AMOUNT_COLUMNS {
            let column = format!("{field}_unit");
            let cell = out.remove(&column);
            let fixed = units.iter().find(|(f, _)| f == field).map(|(_, u)| u);
            if cell.is_some() && fixed.is_some() {
                return Err(Error::from(ErrorKind::DuplicateUnit {
                    field: field.to_owned(),
                })
                .at(&column));
            }
            let bare = matches!(out.get(field), Some(Value::Number(_) | Value::String(_)));
            let unit = match (cell, fixed) {
                (Some(cell), _) if !bare => {
                    // Beside an absent value a unit says nothing; beside an amount that carries
                    // its own unit it is a column the contract does not have.
                    if out.get(field).is_some_and(|v| !v.is_null()) {
                        out.insert(column, cell);
                    }
                    continue;
                }
                (Some(Value::String(unit)), _) if !unit.trim().is_empty() => unit,
                (Some(Value::String(_) | Value::Null), _) => {
                    return Err(Error::from(ErrorKind::MissingField).at(&column));
                }
                (Some(other), _) => {
                    return Err(Error::from(ErrorKind::InvalidType {
                        expected: Expected::UnitName,
                        found: json_type(&other),
                    })
                    .at(&column));
                }
                (None, Some(unit)) if bare => unit.clone(),
                (None, _) => continue,
            };
            if let Some(value) = out.remove(field) {
                let mut amount = Map::new();
                amount.insert("value".to_owned(), value);
                amount.insert("unit".to_owned(), Value::String(unit));
                out.insert(field.to_owned(), Value::Object(amount));
            }
        }
        Project::from_json_value(&Value::Object(out))
    }
}

/// The header of a table of observations, checked once: `indicator`, `year`, `value` and
/// `unit`, each required (`missing_field` naming it), nothing else (`unknown_field`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservationTable {
    names: Vec<String>,
}

impl ObservationTable {
    /// Checks the header once: each of `indicator`, `year`, `value` and `unit` present
    /// (`missing_field` naming the first absent), no other column (`unknown_field`).
    pub fn new<S: AsRef<str>>(names: &[S]) -> Result<Self> {
        let names: Vec<String> = names.iter().map(|n| n.as_ref().trim().to_owned()).collect();
        for column in ["indicator", "year", "value", "unit"] {
            if !names.iter().any(|n| n == column) {
                return Err(Error::from(ErrorKind::MissingField).at(column));
            }
        }
        if let Some(other) = names
            .iter()
            .find(|n| !matches!(n.as_str(), "indicator" | "year" | "value" | "unit"))
        {
            return Err(Error::from(ErrorKind::UnknownField { expected: FIELDS }).at(other));
        }
        Ok(Self { names })
    }

    /// The columns, in table order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Add one row to `set`: its cells in column order, `None` for an absent one (null, NaN).
    pub fn add<'a>(
        &self,
        book: &Rulebook,
        set: &mut Observations,
        cells: impl IntoIterator<Item = Option<Cell<'a>>>,
    ) -> Result<()> {
        let mut raw = Raw {
            unit: RawUnit::Missing,
            ..Raw::default()
        };
        for (name, cell) in self.names.iter().zip(cells) {
            let text = match cell {
                Some(Cell::Text(t)) if !t.trim().is_empty() => t.to_owned(),
                Some(Cell::Number(d)) => crate::number::canonical(d),
                _ => continue,
            };
            match name.as_str() {
                "indicator" => raw.indicator = Some(text),
                "year" => raw.year = Some(text),
                "value" => raw.value = Some(text),
                _ => raw.unit = RawUnit::Given(text),
            }
        }
        set.insert(book, raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(f, u)| ((*f).to_owned(), (*u).to_owned()))
            .collect()
    }

    const COLUMNS: [&str; 6] = [
        "industry",
        "fixed_asset_investment",
        "land_area",
        "land_area_unit",
        "annual_tax",
        "annual_tax_unit",
    ];

    #[test]
    fn a_unit_given_by_column_and_for_the_call_is_refused_naming_both() {
        let mut names = COLUMNS.to_vec();
        names.push("fixed_asset_investment_unit");
        let e = ProjectTable::new(&names, &units(&[("fixed_asset_investment", "元")])).unwrap_err();
        assert_eq!(e.code(), "duplicate_unit");
        assert_eq!(e.field.as_deref(), Some("fixed_asset_investment_unit"));
        let en = e.kind.to_string();
        assert!(
            en.contains("column `fixed_asset_investment_unit`") && en.contains("units="),
            "{en}"
        );
        assert!(e.kind.message_zh().contains("units="));
    }

    #[test]
    fn an_absent_unit_cell_is_missing_never_the_yuan() {
        let table = ProjectTable::new(
            &[COLUMNS.as_slice(), &["fixed_asset_investment_unit"]].concat(),
            &[],
        )
        .unwrap();
        let row = |unit: Option<Cell<'static>>| {
            vec![
                Some(Cell::Text("数字经济")),
                Some(Cell::Text("24000")),
                Some(Cell::Text("60")),
                Some(Cell::Text("亩")),
                Some(Cell::Text("3000")),
                Some(Cell::Text("万元")),
                unit,
            ]
        };
        for unit in [None, Some(Cell::Text("")), Some(Cell::Text("  "))] {
            let e = table.project(row(unit)).unwrap_err();
            assert_eq!(
                (e.code(), e.field.as_deref()),
                ("missing_field", Some("fixed_asset_investment_unit"))
            );
        }
        // 24000 万元 over 60 亩: 400 万元/亩.
        let p = table.project(row(Some(Cell::Text("万元")))).unwrap();
        assert_eq!(p.fixed_asset_investment.value.to_string(), "24000");
        assert_eq!(p.fixed_asset_investment.unit.name(), "万元");
    }

    #[test]
    fn a_record_reads_its_unit_members_as_a_table_does() {
        let record = |json: &str, u: &[(&str, &str)]| {
            ProjectTable::record(&serde_json::from_str(json).unwrap(), &units(u))
        };
        let base = r#""industry": "数字经济", "land_area": 60, "annual_tax": 3000"#;
        let e = record(
            &format!(r#"{{{base}, "fixed_asset_investment": 24000, "fixed_asset_investment_unit": null}}"#),
            &[],
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.field.as_deref()),
            ("missing_field", Some("fixed_asset_investment_unit"))
        );
        let e = record(
            &format!(r#"{{{base}, "fixed_asset_investment": 24000, "fixed_asset_investment_unit": "万元"}}"#),
            &[("fixed_asset_investment", "元")],
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.field.as_deref()),
            ("duplicate_unit", Some("fixed_asset_investment_unit"))
        );
        let p = record(
            &format!(r#"{{{base}, "fixed_asset_investment": 24000}}"#),
            &[("fixed_asset_investment", "万元")],
        )
        .unwrap();
        assert_eq!(p.fixed_asset_investment.unit.name(), "万元");
        // The JSON shorthand, where nothing says otherwise: 60 亩, 3000 元.
        assert_eq!(p.annual_tax.unit.name(), "元");
        // A unit for the whole call names an amount, as a table's column must.
        let e = record(
            &format!(r#"{{{base}, "fixed_asset_investment": 1}}"#),
            &[("industry", "万元")],
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.field.as_deref()),
            ("unknown_field", Some("industry_unit"))
        );
        let table = ProjectTable::new(&COLUMNS, &units(&[("industry", "万元")])).unwrap_err();
        assert_eq!(
            (table.code(), table.field.as_deref()),
            ("unknown_field", Some("industry_unit"))
        );
    }

    #[test]
    fn an_observation_without_its_unit_is_missing() {
        let book = Rulebook::embedded();
        let e = ObservationTable::new(&["indicator", "year", "value"]).unwrap_err();
        assert_eq!(
            (e.code(), e.field.as_deref()),
            ("missing_field", Some("unit"))
        );
        let table = ObservationTable::new(&["indicator", "year", "value", "unit"]).unwrap();
        let mut set = Observations::default();
        let row = |unit| {
            [
                Some(Cell::Text("gdp")),
                Some(Cell::Number(2023.into())),
                Some(Cell::Number(1_523_000.into())),
                unit,
            ]
        };
        for unit in [None, Some(Cell::Text(""))] {
            let e = table.add(book, &mut set, row(unit)).unwrap_err();
            assert_eq!(
                (e.code(), e.field.as_deref()),
                ("missing_field", Some("unit"))
            );
        }
        // 1,523,000 万元 is 152.3 亿元, the indicator's unit.
        table
            .add(book, &mut set, row(Some(Cell::Text("万元"))))
            .unwrap();
        let gdp = book
            .indicators()
            .iter()
            .position(|i| i.id == "gdp")
            .unwrap();
        assert_eq!(set.get(gdp, 2023).unwrap().to_string(), "152.3");
    }
}
