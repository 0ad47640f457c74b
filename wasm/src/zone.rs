//! The zone's side of the plan for JavaScript: progress from observed indicators (report and
//! picture) and where the plan disagrees with itself. Behind the `zone` feature, on by default:
//! the self-assessment page's build leaves it out, so the page downloads only what assesses a
//! project (wasm/build.sh measures both).

use super::{
    alternatives_of, book, found, invalid_type, options_of, parse, texts, to_js_error, to_json,
    year_of,
};
use serde_json::Value;
use shenfu_rules::error::Expected;
use shenfu_rules::present::Lang;
use shenfu_rules::project::json_type;
use shenfu_rules::zone::{Observations, ProgressReport};
use shenfu_rules::{Error, ErrorKind, Rulebook};
use wasm_bindgen::prelude::*;

/// Where the plan disagrees with itself.
#[wasm_bindgen(unchecked_return_type = "Conflict[]")]
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
    progress_under(book, observed, year)
}

/// The progress report by `book`.
fn progress_under(
    book: &'static Rulebook,
    observed: &JsValue,
    year: &JsValue,
) -> Result<ProgressReport<'static>, Error> {
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

/// What `progressSvg`'s third argument asks for: the language, and which indicators to draw.
struct Picture {
    lang: Lang,
    only_observed: bool,
    indicators: Option<Vec<String>>,
    book: &'static Rulebook,
}

/// `"zh"`/`"en"`, or `{lang, onlyObserved, indicators, alternatives}` (every key optional).
fn picture_of(options: &JsValue) -> Result<Picture, Error> {
    let mut picture = Picture {
        lang: Lang::Zh,
        only_observed: false,
        indicators: None,
        book: book(),
    };
    if let Some(lang) = options.as_string() {
        picture.lang = Lang::parse(&lang)?;
        return Ok(picture);
    }
    if options.is_null() || options.is_undefined() {
        return Ok(picture);
    }
    let Value::Object(map) = to_json(options, 0).map_err(|e| e.at("options"))? else {
        return Err(invalid_type(Expected::Text, found(options)).at("options"));
    };
    for (key, value) in &map {
        let at = |e: Error| e.at(key).at("options");
        match (key.as_str(), value) {
            (_, Value::Null) => {}
            ("lang", Value::String(lang)) => {
                picture.lang = Lang::parse(lang).map_err(|e| e.at("options"))?;
            }
            ("onlyObserved", Value::Bool(b)) => picture.only_observed = *b,
            ("indicators", _) => picture.indicators = Some(texts("indicators", value)?),
            ("alternatives", _) => picture.book = alternatives_of(Some(value))?,
            ("lang", _) => return Err(at(invalid_type(Expected::Text, json_type(value)))),
            ("onlyObserved", _) => {
                return Err(at(invalid_type(Expected::Boolean, json_type(value))));
            }
            _ => {
                return Err(at(Error::from(ErrorKind::UnknownField {
                    expected: "lang, onlyObserved, indicators, alternatives",
                })));
            }
        }
    }
    Ok(picture)
}

/// The progress picture (SVG text): one bullet chart per indicator with a target. The third
/// argument is the language (`"zh"`, the default, or `"en"`) or
/// `{lang, onlyObserved, indicators, alternatives}`: `onlyObserved` draws only the indicators
/// with an observation, `indicators` only those named — a chart for a report, as the CLI's
/// `--only-observed` and `--indicators`.
#[wasm_bindgen(js_name = progressSvg)]
pub fn progress_svg(
    #[wasm_bindgen(
        unchecked_param_type = "ObservationInput[] | { observations: ObservationInput[] }"
    )]
    observations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "\"zh\" | \"en\" | { lang?: \"zh\" | \"en\"; onlyObserved?: boolean; indicators?: string[]; alternatives?: string[] } | undefined"
    )]
    options: JsValue,
) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        let picture = picture_of(&options)?;
        progress_under(picture.book, &observations, &year)?
            .to_svg_selected(
                picture.lang,
                picture.only_observed,
                picture.indicators.as_deref(),
            )
            .map_err(|e| e.at("options"))
    };
    run().map_err(|e| to_js_error(&e))
}
