//! Verdicts alone (feature `decide`): what a rules engine that answers a boolean answers — every
//! admission condition judged exactly, no report written, nothing but a verdict across the JS
//! boundary. The explained report of any project is one call away (`assessJson`, `assess`).
//!
//! Verdicts are `"eligible"`, `"not_eligible"` and `"not_subject"`; `decideMany` and
//! `decideColumns` return one byte per project (0 not eligible, 1 eligible, 2 not subject), so
//! a batch costs one `Uint8Array` across the boundary.

use super::{options_of, to_js_error, to_json};
use shenfu_rules::{Error, Project};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_DECIDE: &'static str = r#"
/** A verdict: every admission condition judged, nothing explained. */
export type VerdictKey = "eligible" | "not_eligible" | "not_subject";
/** A verdict's code in `decideMany` and `decideColumns`: 0 not_eligible, 1 eligible, 2 not_subject. */
export type VerdictCode = 0 | 1 | 2;
"#;

/// The verdict of one project (a JS object, read as `assess` reads it), without its report.
#[wasm_bindgen(js_name = decide, unchecked_return_type = "VerdictKey")]
pub fn decide(
    #[wasm_bindgen(unchecked_param_type = "Project")] project: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
) -> Result<String, JsValue> {
    let run = || -> Result<&'static str, Error> {
        let (options, book) = options_of(&options)?;
        let project = Project::from_json_value(&to_json(&project, 0)?)?;
        Ok(book.decide(&project, options)?.key())
    };
    run().map(str::to_owned).map_err(|e| to_js_error(&e))
}

/// The verdict of one project given as JSON text, without its report.
#[wasm_bindgen(js_name = decideJson, unchecked_return_type = "VerdictKey")]
pub fn decide_json(
    project_json: &str,
    #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
) -> Result<String, JsValue> {
    let run = || -> Result<&'static str, Error> {
        let (options, book) = options_of(&options)?;
        Ok(book
            .decide(&Project::from_json_str(project_json)?, options)?
            .key())
    };
    run().map(str::to_owned).map_err(|e| to_js_error(&e))
}

/// Many projects at once (feature `decide-batch`: the Node build; 8 KB gzipped more than the
/// browsers' whole engine has room for).
#[cfg(feature = "decide-batch")]
mod many {
    use super::{options_of, to_js_error, to_json};
    use serde_json::value::RawValue;
    use shenfu_rules::Verdict;
    use shenfu_rules::error::{Expected, Found};
    use shenfu_rules::project::{json_type, parse_json};
    use shenfu_rules::table::ProjectTable;
    use shenfu_rules::{Cell, Error, ErrorKind, Options, Project, Rulebook};
    use wasm_bindgen::prelude::*;

    /// A verdict's code in a batch (`VerdictCode`).
    fn code(verdict: Verdict) -> u8 {
        match verdict {
            Verdict::NotEligible => 0,
            Verdict::Eligible => 1,
            Verdict::NotSubject => 2,
        }
    }

    /// The verdicts of a JSON array of projects (one code per project: 0 not eligible, 1 eligible, 2 not subject); a bad
    /// project is thrown with its index in the field (`[3].land_area`), as the CLI names an item.
    #[wasm_bindgen(js_name = decideMany)]
    pub fn decide_many(
        projects_json: &str,
        #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let run = || -> Result<Vec<u8>, Error> {
            let (options, book) = options_of(&options)?;
            let items: Vec<&RawValue> = match serde_json::from_str(projects_json) {
                Ok(items) => items,
                // Not an array of JSON values: the engine's reader names what it is.
                Err(_) => {
                    let value = parse_json(projects_json)?;
                    return Err(Error::from(ErrorKind::InvalidType {
                        expected: Expected::Projects,
                        found: json_type(&value),
                    }));
                }
            };
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let decided = Project::from_json_str(item.get())
                        .and_then(|project| book.decide(&project, options));
                    decided.map(code).map_err(|e| e.at(&format!("[{i}]")))
                })
                .collect()
        };
        run().map_err(|e| to_js_error(&e))
    }

    /// The verdicts of projects given as columns, read as every table is read (the core's table
    /// reader: a unit per amount, `units`, for the whole call): `industry` an array of texts, the
    /// amounts arrays or typed arrays of numbers (each read through its shortest text, as
    /// everywhere in this package). One code per row; a bad row is thrown with
    /// its index in the field (`[3].land_area`).
    #[wasm_bindgen(js_name = decideColumns)]
    pub fn decide_columns(
        #[wasm_bindgen(unchecked_param_type = "string[]")] industry: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")]
        fixed_asset_investment: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] land_area: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] annual_tax: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ fixed_asset_investment: string; land_area: string; annual_tax: string }"
        )]
        units: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let run = || -> Result<Vec<u8>, Error> {
            let (options, book) = options_of(&options)?;
            let industry = texts_of(&industry, "industry")?;
            let amounts = [
                numbers_of(&fixed_asset_investment, "fixed_asset_investment")?,
                numbers_of(&land_area, "land_area")?,
                numbers_of(&annual_tax, "annual_tax")?,
            ];
            let units = units_of(&units)?;
            let table = ProjectTable::new(
                &[
                    "industry",
                    "fixed_asset_investment",
                    "land_area",
                    "annual_tax",
                ],
                &units,
            )?;
            decide_rows(book, options, &table, &industry, &amounts)
        };
        run().map_err(|e| to_js_error(&e))
    }

    fn decide_rows(
        book: &Rulebook,
        options: Options,
        table: &ProjectTable,
        industry: &[Option<String>],
        amounts: &[Vec<f64>; 3],
    ) -> Result<Vec<u8>, Error> {
        let rows = industry.len();
        if let Some(short) = amounts.iter().find(|a| a.len() != rows) {
            return Err(Error::from(ErrorKind::InvalidType {
                expected: Expected::Number,
                found: if short.len() < rows {
                    Found::Null
                } else {
                    Found::Other
                },
            })
            .at(&format!("[{}]", short.len().min(rows))));
        }
        let mut text = [String::new(), String::new(), String::new()];
        (0..rows)
            .map(|r| {
                for (cell, column) in text.iter_mut().zip(amounts) {
                    cell.clear();
                    if let Some(v) = column.get(r) {
                        use std::fmt::Write;
                        let _ = write!(cell, "{v}");
                    }
                }
                let [investment, area, tax] = &text;
                let cells = [
                    industry.get(r).and_then(|t| t.as_deref()).map(Cell::Text),
                    Some(Cell::Text(investment)),
                    Some(Cell::Text(area)),
                    Some(Cell::Text(tax)),
                ];
                table
                    .project(cells)
                    .and_then(|project| book.decide(&project, options))
                    .map(code)
                    .map_err(|e| e.at(&format!("[{r}]")))
            })
            .collect()
    }

    /// A JS array of texts (`null`/`undefined` items absent).
    fn texts_of(value: &JsValue, field: &str) -> Result<Vec<Option<String>>, Error> {
        let array: &js_sys::Array = value.dyn_ref().ok_or_else(|| {
            Error::from(ErrorKind::InvalidType {
                expected: Expected::Text,
                found: Found::Other,
            })
            .at(field)
        })?;
        Ok(array.iter().map(|v| v.as_string()).collect())
    }

    /// A typed array or array of numbers, as `f64`s.
    fn numbers_of(value: &JsValue, field: &str) -> Result<Vec<f64>, Error> {
        if let Some(typed) = value.dyn_ref::<js_sys::Float64Array>() {
            return Ok(typed.to_vec());
        }
        let wrong = |found| {
            Error::from(ErrorKind::InvalidType {
                expected: Expected::Number,
                found,
            })
        };
        let array: &js_sys::Array = value
            .dyn_ref()
            .ok_or_else(|| wrong(Found::Other).at(field))?;
        array
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_f64()
                    .ok_or_else(|| wrong(Found::Other).at(&format!("[{i}]")).at(field))
            })
            .collect()
    }

    /// `units`: the unit of each amount, for the whole call.
    fn units_of(value: &JsValue) -> Result<Vec<(String, String)>, Error> {
        let serde_json::Value::Object(map) = to_json(value, 0)? else {
            return Err(Error::from(ErrorKind::InvalidType {
                expected: Expected::UnitName,
                found: Found::Other,
            })
            .at("units"));
        };
        map.into_iter()
            .map(|(field, unit)| match unit {
                serde_json::Value::String(unit) => Ok((field, unit)),
                other => Err(Error::from(ErrorKind::InvalidType {
                    expected: Expected::UnitName,
                    found: json_type(&other),
                })
                .at(&format!("units.{field}"))),
            })
            .collect()
    }
}
