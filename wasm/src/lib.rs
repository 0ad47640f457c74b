//! The Shenfu plan's rules for JavaScript (browser and Node.js), through wasm-bindgen.
//!
//! Thin on purpose: JS values in, the core's canonical JSON out, errors mapped. The core decides;
//! nothing here does. Results are plain JS objects parsed from the canonical JSON, so
//! `JSON.stringify(assess(p))` is byte for byte what the CLI and Python print; `assessJson` and
//! `progressJson` hand over the canonical text itself.
//!
//! Numbers: a JS `number` is read through its shortest text (`String(x)`), so `0.1` means 0.1; a
//! string is read as written (exact); a `BigInt` through its digits. `NaN` and `±Infinity` are
//! passed on as text so the core names them (`non_finite`) instead of JSON turning them into
//! `null`. Errors are thrown as JS `Error`s with `code`, `field`, `line`, `column`, `messageZh`
//! and `messageEn` — the same codes as every other surface — and `json`, the canonical error JSON.

use js_sys::{Array, Object, Reflect};
use serde_json::{Map, Value};
use shenfu_rules::error::{Expected, Found};
use shenfu_rules::project::json_type;
use shenfu_rules::{Error, ErrorKind, Options, Rulebook};
use wasm_bindgen::prelude::*;

// The zone's progress, its picture and the plan's conflicts: in the Node and npm builds, not in
// the self-assessment page's (which assesses projects; see wasm/build.sh).
#[cfg(feature = "zone")]
mod zone;
// Offline receipt verification (Ed25519): in the Node and npm builds, not in the pages'.
#[cfg(feature = "receipt")]
mod receipt;
// Verdicts alone (`decide`, `decideJson`, `decideMany`, `decideColumns`): the Node build (and the
// npm package's web flavour while its budget allows), not the pages'.
#[cfg(feature = "decide")]
mod decide;
// The self-assessment page's helpers (typed amounts, the credit code, the summary, the QR code):
// only in the page's own build (feature `page`).
#[cfg(feature = "page")]
mod page;
// The record's QR code (byte mode, version 6, level M): the page's build, and its test.
#[cfg(any(feature = "page", test))]
mod qr;
// Reports handed to Node.js as UTF-16 (`assess`, `assessJson` …): the Node build only, since
// browsers decode UTF-8 quickly and have no `Buffer`.
#[cfg(feature = "node")]
mod text;

// The contract's types (Project, Report, Outcome, ProgressReport, CanonicalError, Receipt …),
// generated from schemas/ by server/tests/contract_types.rs so they cannot drift from the
// service's and Python's.
#[wasm_bindgen(typescript_custom_section)]
const TS_CONTRACT: &'static str = include_str!("contract.d.ts");

// The binding's own types: its options, its error, and what the schemas do not cover yet.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One observed indicator value (the contract's `Observation`). */
export type ObservationInput = Observation;
/** `alternatives`: reading ids (see `readings()`) to evaluate under their alternative. */
export interface AssessOptions { year?: number; alternatives?: string[] }
/** The error thrown by every function: a JS Error with the engine's code and field. */
export interface ShenfuError extends Error { code: string; field: string | null; line: number | null; column: number | null; messageZh: string; messageEn: string; /** The canonical error JSON, byte for byte what every surface writes. */ json: string }
"#;

/// Nested input deeper than this is refused rather than walked.
const MAX_DEPTH: usize = 64;

fn book() -> &'static Rulebook {
    Rulebook::embedded()
}

/// A JS `Error` carrying the engine's error.
pub(crate) fn to_js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("ShenfuError");
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(error.code()));
    set(
        "field",
        error
            .field
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str),
    );
    set(
        "line",
        error
            .location
            .map_or(JsValue::NULL, |l| JsValue::from(l.line as f64)),
    );
    set(
        "column",
        error
            .location
            .map_or(JsValue::NULL, |l| JsValue::from(l.column as f64)),
    );
    set("messageZh", JsValue::from_str(&error.kind.message_zh()));
    set("messageEn", JsValue::from_str(&error.kind.to_string()));
    // The canonical bytes, so callers (and the tests) never rebuild them.
    set("json", JsValue::from_str(&error.to_canonical_json()));
    js.into()
}

fn invalid_type(expected: Expected, found: Found) -> Error {
    Error::from(ErrorKind::InvalidType { expected, found })
}

fn found(value: &JsValue) -> Found {
    if value.is_null() || value.is_undefined() {
        Found::Null
    } else if value.as_bool().is_some() {
        Found::Boolean
    } else if value.as_f64().is_some() || value.is_bigint() {
        Found::Number
    } else if value.is_string() {
        Found::Text
    } else if Array::is_array(value) {
        Found::Array
    } else {
        Found::Object
    }
}

/// A JS value as JSON, numbers by their shortest text (never through a lossy conversion).
pub(crate) fn to_json(value: &JsValue, depth: usize) -> Result<Value, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::from(ErrorKind::InvalidJson {
            detail: format!("nested deeper than {MAX_DEPTH} levels"),
        }));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if let Some(x) = value.as_f64() {
        if !x.is_finite() {
            // Text, so the core says `non_finite` rather than seeing a JSON null.
            let text = if x.is_nan() {
                "NaN"
            } else if x > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            };
            return Ok(Value::String(text.to_owned()));
        }
        return number_value(&String::from(
            js_sys::Number::from(x)
                .to_string_with_radix(10)
                .unwrap_or_default(),
        ));
    }
    if value.is_bigint() {
        let text: String = js_sys::BigInt::from(value.clone())
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        return number_value(&text);
    }
    if Array::is_array(value) {
        let array = Array::from(value);
        let mut items = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            items.push(to_json(&item, depth + 1).map_err(|e| e.at(&format!("[{i}]")))?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_function() || value.is_symbol() {
        return Err(invalid_type(Expected::Text, Found::Object));
    }
    if value.is_object() {
        let mut map = Map::new();
        for entry in Object::entries(&Object::from(value.clone())).iter() {
            let pair = Array::from(&entry);
            let key = pair.get(0).as_string().unwrap_or_default();
            let item = to_json(&pair.get(1), depth + 1).map_err(|e| e.at(&key))?;
            map.insert(key, item);
        }
        return Ok(Value::Object(map));
    }
    Err(invalid_type(Expected::Text, found(value)))
}

fn number_value(text: &str) -> Result<Value, Error> {
    serde_json::from_str::<Value>(text).map_err(|_| {
        Error::from(ErrorKind::InvalidNumber {
            text: text.to_owned(),
        })
    })
}

/// The evaluation year from a JS value: absent, or a whole number.
fn year_of(value: &JsValue, field: &str) -> Result<Option<u16>, Error> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    let bad = || invalid_type(Expected::Year, found(value)).at(field);
    let x = value.as_f64().ok_or_else(bad)?;
    if x.fract() != 0.0 || !(0.0..=65535.0).contains(&x) {
        return Err(bad());
    }
    Ok(Some(x as u16))
}

/// The options of a call: the evaluation year, and the rulebook under the alternatives asked for.
fn options_of(options: &JsValue) -> Result<(Options, &'static Rulebook), Error> {
    if options.is_null() || options.is_undefined() {
        return Ok((Options::default(), book()));
    }
    let Value::Object(map) = to_json(options, 0).map_err(|e| e.at("options"))? else {
        return Err(invalid_type(Expected::Project, found(options)).at("options"));
    };
    if let Some(key) = map.keys().find(|k| *k != "year" && *k != "alternatives") {
        return Err(Error::from(ErrorKind::UnknownField {
            expected: "year, alternatives",
        })
        .at(key)
        .at("options"));
    }
    let year = Reflect::get(options, &JsValue::from_str("year")).unwrap_or(JsValue::UNDEFINED);
    let options_year = year_of(&year, "options.year")?;
    let book = alternatives_of(map.get("alternatives"))?;
    Ok((Options { year: options_year }, book))
}

/// The rulebook `options.alternatives` asks for (a list of reading ids; absent or null: the
/// embedded one).
fn alternatives_of(ids: Option<&Value>) -> Result<&'static Rulebook, Error> {
    match ids {
        None | Some(Value::Null) => Ok(book()),
        Some(ids) => under(texts("alternatives", ids)?),
    }
}

/// `options.<field>`, a list of texts (reading ids, indicator ids); a wrong type is named at
/// the list or at its item, with the type found.
fn texts(field: &str, value: &Value) -> Result<Vec<String>, Error> {
    let Value::Array(items) = value else {
        return Err(invalid_type(Expected::Text, json_type(value))
            .at(field)
            .at("options"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_str().map(str::to_owned).ok_or_else(|| {
                invalid_type(Expected::Text, json_type(item))
                    .at(&format!("{field}[{i}]"))
                    .at("options")
            })
        })
        .collect()
}

/// The embedded rulebook under the alternatives of `ids`, made once per set of ids and kept for
/// the page's life (a page asks for a handful of sets; each keeps its rendered report parts).
fn under(ids: Vec<String>) -> Result<&'static Rulebook, Error> {
    use std::cell::RefCell;
    thread_local! {
        static MADE: RefCell<Vec<(Vec<String>, &'static Rulebook)>> = const { RefCell::new(Vec::new()) };
    }
    if ids.is_empty() {
        return Ok(book());
    }
    // The same set asked for again, in any order, is the rulebook made then.
    let same = |kept: &[String]| {
        ids.iter().all(|i| kept.contains(i)) && kept.iter().all(|k| ids.contains(k))
    };
    if let Some(kept) = MADE.with(|m| m.borrow().iter().find(|(k, _)| same(k)).map(|(_, b)| *b)) {
        return Ok(kept);
    }
    let made = book().under(&ids).map_err(|mut e| {
        // The core names its `reading`; here the caller gave `options.alternatives`.
        e.field = Some("options.alternatives".to_owned());
        e
    })?;
    let made: &'static Rulebook = Box::leak(Box::new(made));
    MADE.with(|m| m.borrow_mut().push((made.alternatives().to_vec(), made)));
    Ok(made)
}

/// A canonical JSON text as a JS value.
#[cfg(not(feature = "node"))]
fn parse(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text)
}
#[cfg(feature = "node")]
use text::parse;

/// Assess one project application; returns the canonical report as a plain object. (Not in the
/// progress page's build — the zone alone, `--no-default-features --features zone` — which
/// assesses no project.)
#[cfg(any(feature = "api", feature = "page", not(feature = "zone")))]
#[wasm_bindgen(js_name = assess, unchecked_return_type = "Report")]
pub fn assess(
    #[wasm_bindgen(unchecked_param_type = "Project")] project: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<Result<JsValue, JsValue>, Error> {
        let (options, book) = options_of(&options)?;
        let project = shenfu_rules::Project::from_json_value(&to_json(&project, 0)?)?;
        report_object(book, &project, options)
    };
    run().map_err(|e| to_js_error(&e))?
}

/// The report as a JS object: written in UTF-8 and parsed (browsers) …
#[cfg(all(
    any(feature = "api", feature = "page", not(feature = "zone")),
    not(feature = "node")
))]
fn report_object(
    book: &Rulebook,
    project: &shenfu_rules::Project,
    options: Options,
) -> Result<Result<JsValue, JsValue>, Error> {
    let mut out = String::with_capacity(9 * 1024);
    book.write_assessment(project, options, &mut out)?;
    Ok(parse(&out))
}

/// … or written in UTF-16 and parsed (Node.js, `text.rs`).
#[cfg(feature = "node")]
fn report_object(
    book: &Rulebook,
    project: &shenfu_rules::Project,
    options: Options,
) -> Result<Result<JsValue, JsValue>, Error> {
    text::parse_written(|out| {
        book.write_assessment_utf16(project, options, out)
            .map(|_| ())
    })
}

/// Assess one project given as JSON text; returns the canonical report text, byte for byte the
/// CLI's.
#[cfg(feature = "api")]
#[wasm_bindgen(js_name = assessJson)]
pub fn assess_json(
    project_json: &str,
    #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
) -> Result<Text, JsValue> {
    let run = || -> Result<Text, Error> {
        let (options, book) = options_of(&options)?;
        report_text(book, project_json, options)
    };
    run().map_err(|e| to_js_error(&e))
}

/// A canonical JSON text as a JS string (`assessJson`'s answer): UTF-8 that wasm-bindgen
/// decodes (browsers) …
#[cfg(all(feature = "api", not(feature = "node")))]
type Text = String;
#[cfg(all(feature = "api", not(feature = "node")))]
fn report_text(book: &Rulebook, project_json: &str, options: Options) -> Result<Text, Error> {
    shenfu_rules::assess_json(book, project_json, options)
}

/// … or UTF-16 that `Buffer` makes a string of (Node.js, `text.rs`).
#[cfg(all(feature = "api", feature = "node"))]
type Text = js_sys::JsString;
#[cfg(all(feature = "api", feature = "node"))]
fn report_text(book: &Rulebook, project_json: &str, options: Options) -> Result<Text, Error> {
    text::written(|out| shenfu_rules::assess_json_utf16(book, project_json, options, out))
}

/// Every rule and zone target with its citation (in the self-assessment page's build, which has
/// no zone part, the project rules alone).
#[wasm_bindgen(unchecked_return_type = "RuleSummary[]")]
pub fn rules() -> Result<JsValue, JsValue> {
    parse(&book().rules_json())
}

/// One rule or target by id.
#[cfg(feature = "api")]
#[wasm_bindgen(unchecked_return_type = "RuleSummary")]
pub fn explain(id: &str) -> Result<JsValue, JsValue> {
    let text = book().explain_json(id).map_err(|e| to_js_error(&e))?;
    parse(&text)
}

/// The readings of the plan's words: what each chose, the alternative, the basis.
#[cfg(feature = "api")]
#[wasm_bindgen(unchecked_return_type = "Reading[]")]
pub fn readings() -> Result<JsValue, JsValue> {
    parse(&book().readings_json())
}

/// The labels the engine gives statuses, properties, progress statuses, industries and the
/// verdict, and the self-assessment page's own words (`form`), in `"zh"` or `"en"` — for pages
/// that lay out their own view and must say what every surface says.
#[wasm_bindgen(js_name = labels, unchecked_return_type = "{ verdict: { eligible: string; ineligible: string; not_subject: string }; status: Record<string, string>; property: Record<string, string>; progress_status: Record<string, string>; industry: Record<string, string>; form: Record<string, string> }")]
pub fn labels(lang: &str) -> Result<JsValue, JsValue> {
    let lang = shenfu_rules::present::Lang::parse(lang).map_err(|e| to_js_error(&e))?;
    let labels = parse(&shenfu_rules::present::labels_json(lang))?;
    #[cfg(feature = "page")]
    page::add_words(&labels, lang);
    Ok(labels)
}

/// The engine and rulebook this package carries.
#[wasm_bindgen(js_name = version, unchecked_return_type = "{ engine: string; rulebook: string; rulebookVersion: string; rulebookSha256: string }")]
pub fn version() -> Result<JsValue, JsValue> {
    let book = book();
    let object = Object::new();
    let set = |k: &str, v: &str| {
        let _ = Reflect::set(&object, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("engine", shenfu_rules::report::ENGINE_VERSION);
    set("rulebook", &book.id);
    set("rulebookVersion", &book.version);
    set("rulebookSha256", book.sha256());
    Ok(object.into())
}
