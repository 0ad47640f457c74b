//! The zone's side of the plan for JavaScript: progress from observed indicators (report and
//! picture) and where the plan disagrees with itself. Behind the `zone` feature, on by default:
//! the self-assessment page's build leaves it out, so the page downloads only what assesses a
//! project (wasm/build.sh measures both).

use super::{book, options_of, parse, to_js_error, to_json, year_of};
use shenfu_rules::zone::chart::Lang;
use shenfu_rules::zone::{Observations, ProgressReport};
use shenfu_rules::{Error, ErrorKind, Rulebook};
use wasm_bindgen::prelude::*;

/// Where the plan disagrees with itself.
#[wasm_bindgen(unchecked_return_type = "Array<Record<string, unknown>>")]
pub fn conflicts() -> Result<JsValue, JsValue> {
    parse(&book().conflicts_json())
}

fn observations(book: &Rulebook, value: &JsValue) -> Result<Observations, Error> {
    let json = to_json(value, 0)?;
    Observations::from_json_value(book, &json)
}

/// The progress report `progress`, `progressJson` and `progressSvg` render.
fn progress_of(
    observed: &JsValue,
    year: &JsValue,
    options: &JsValue,
) -> Result<ProgressReport<'static>, Error> {
    let (_, book) = options_of(options)?;
    let year =
        year_of(year, "year")?.ok_or_else(|| Error::from(ErrorKind::MissingField).at("year"))?;
    let observations = observations(book, observed)?;
    book.progress(&observations, year)
}

fn progress_report(observed: &JsValue, year: &JsValue, options: &JsValue) -> Result<String, Error> {
    Ok(progress_of(observed, year, options)?.to_canonical_json())
}

/// Zone progress from observations (`[{indicator, year, value, unit}]`) in an evaluation year.
#[wasm_bindgen(unchecked_return_type = "ProgressReport")]
pub fn progress(
    #[wasm_bindgen(
        unchecked_param_type = "ObservationInput[] | { observations: ObservationInput[] }"
    )]
    observations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ alternatives?: string[] } | undefined")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    parse(&progress_report(&observations, &year, &options).map_err(|e| to_js_error(&e))?)
}

/// The progress report as canonical JSON text.
#[wasm_bindgen(js_name = progressJson)]
pub fn progress_json(
    #[wasm_bindgen(
        unchecked_param_type = "ObservationInput[] | { observations: ObservationInput[] }"
    )]
    observations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ alternatives?: string[] } | undefined")]
    options: JsValue,
) -> Result<String, JsValue> {
    progress_report(&observations, &year, &options).map_err(|e| to_js_error(&e))
}

/// The progress picture (SVG text): one bullet chart per indicator. `lang` is "zh" (default)
/// or "en".
#[wasm_bindgen(js_name = progressSvg)]
pub fn progress_svg(
    #[wasm_bindgen(
        unchecked_param_type = "ObservationInput[] | { observations: ObservationInput[] }"
    )]
    observations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    lang: Option<String>,
) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        let lang = Lang::parse(lang.as_deref().unwrap_or("zh"))?;
        Ok(progress_of(&observations, &year, &JsValue::UNDEFINED)?.to_svg(lang))
    };
    run().map_err(|e| to_js_error(&e))
}
