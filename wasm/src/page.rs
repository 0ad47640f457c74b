//! What the self-assessment page asks of the core beyond `assess`: amounts read as people type
//! them (`readAmount`), the unified social credit code checked (`creditCode`), the result in
//! plain words (`pageSummary`) and the printed record's verification code with its QR code
//! (`verification`). Each is the core's; this file only carries values across.

use js_sys::{Object, Reflect};
use shenfu_rules::present::{Lang, page};
use shenfu_rules::typed_amount::{Kind, read};
use shenfu_rules::{Error, ErrorKind, credit_code};
use wasm_bindgen::prelude::*;

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// An amount typed into the form (「1.2万」, 「2.4亿」, 「24,000」, 「２４０００」) read exactly:
/// `{value, unit, reinterpreted}`; `kind` is `"money"` or `"area"`, `unit` the unit chosen
/// beside the field. Throws the engine's error (`invalid_number`, …) at `field`.
#[wasm_bindgen(js_name = readAmount, unchecked_return_type = "{ value: string; unit: string; reinterpreted: boolean }")]
pub fn read_amount(text: &str, unit: &str, kind: &str, field: &str) -> Result<JsValue, JsValue> {
    let kind = Kind::parse(kind).ok_or_else(|| {
        crate::to_js_error(
            &Error::from(ErrorKind::UnknownField {
                expected: "money, area",
            })
            .at("kind"),
        )
    })?;
    let typed =
        read(text, unit, kind).map_err(|e| crate::to_js_error(&Error::from(e).at(field)))?;
    Ok(object(&[
        ("value", JsValue::from_str(&typed.value)),
        ("unit", JsValue::from_str(typed.unit)),
        ("reinterpreted", JsValue::from_bool(typed.reinterpreted)),
    ]))
}

/// A unified social credit code checked (GB 32100-2015): `{valid, code}` or `{valid: false,
/// problem, count, position, expected}` (`problem` is the page's word key).
#[wasm_bindgen(js_name = creditCode, unchecked_return_type = "{ valid: true; code: string } | { valid: false; problem: \"credit_code_length\" | \"credit_code_character\" | \"credit_code_check\"; count?: number; position?: number; expected?: string }")]
pub fn credit_code(text: &str) -> JsValue {
    match credit_code::check(text) {
        Ok(code) => object(&[("valid", JsValue::TRUE), ("code", JsValue::from_str(&code))]),
        Err(problem) => {
            let detail = match problem {
                credit_code::Problem::Length(n) => ("count", JsValue::from(n as f64)),
                credit_code::Problem::Character(p) => ("position", JsValue::from(p as f64)),
                credit_code::Problem::CheckDigit(c) => {
                    ("expected", JsValue::from_str(&c.to_string()))
                }
            };
            object(&[
                ("valid", JsValue::FALSE),
                ("problem", JsValue::from_str(problem.key())),
                detail,
            ])
        }
    }
}

/// Add the self-assessment page's words ([`page::ASSESSMENT`]) to `labels(lang).form`.
pub(crate) fn add_words(labels: &JsValue, lang: Lang) {
    let Ok(form) = Reflect::get(labels, &JsValue::from_str("form")) else {
        return;
    };
    for (key, zh, en) in page::ASSESSMENT {
        let _ = Reflect::set(
            &form,
            &JsValue::from_str(key),
            &JsValue::from_str(lang.choose(zh, en)),
        );
    }
}

fn texts(items: &[String]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect::<js_sys::Array>()
        .into()
}

/// The result of a report (as `assess` returns it) in plain words, in `lang`: `{verdict,
/// headline, reasons, to_pass: {intro, options} | null, readings, disclaimer}`.
#[wasm_bindgen(js_name = pageSummary, unchecked_return_type = "{ verdict: string; headline: string; reasons: string[]; to_pass: { intro: string; options: string[] } | null; readings: string[]; disclaimer: string }")]
pub fn page_summary(
    #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
    lang: &str,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<page::Summary, Error> {
        let lang = Lang::parse(lang)?;
        let report = crate::to_json(&report, 0)?;
        Ok(page::summary(
            &report,
            shenfu_rules::Rulebook::embedded(),
            lang,
        ))
    };
    let s = run().map_err(|e| crate::to_js_error(&e))?;
    let to_pass = s.to_pass.map_or(JsValue::NULL, |(intro, options)| {
        object(&[
            ("intro", JsValue::from_str(intro)),
            ("options", texts(&options)),
        ])
    });
    Ok(object(&[
        ("verdict", JsValue::from_str(s.verdict)),
        ("headline", JsValue::from_str(&s.headline)),
        ("reasons", texts(&s.reasons)),
        ("to_pass", to_pass),
        ("readings", texts(&s.readings)),
        ("disclaimer", JsValue::from_str(s.disclaimer)),
    ]))
}

/// The printed record's verification: `{code, payload, svg}` — the short code, what the QR code
/// holds, and the QR code itself (byte mode, version 6, level M) as an SVG.
#[wasm_bindgen(unchecked_return_type = "{ code: string; payload: string; svg: string }")]
pub fn verification(input_sha256: &str) -> JsValue {
    let book = shenfu_rules::Rulebook::embedded();
    let payload = page::verification_payload(input_sha256, &book.id, &book.version);
    let svg = crate::qr::Qr::encode(payload.as_bytes())
        .map(|qr| svg(&qr))
        .unwrap_or_default();
    object(&[
        (
            "code",
            JsValue::from_str(&page::verification_code(input_sha256)),
        ),
        ("payload", JsValue::from_str(&payload)),
        ("svg", JsValue::from_str(&svg)),
    ])
}

/// A QR code as one SVG path (four modules of quiet zone).
fn svg(qr: &crate::qr::Qr) -> String {
    use std::fmt::Write;
    let size = crate::qr::SIZE;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get(x, y) {
                let _ = write!(path, "M{},{}h1v1h-1z", x + 4, y + 4);
            }
        }
    }
    let full = size + 8;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" shape-rendering=\"crispEdges\"><rect width=\"{full}\" height=\"{full}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}
