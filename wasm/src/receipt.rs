//! Offline receipt verification for JavaScript (`verifyReceipt`, `verifyReceiptJson`): an
//! applicant's browser or a court's clerk checks a decision's receipt with nothing but the log's
//! public key — the core's `transparency::receipt`, the same function behind
//! `shenfu receipt verify` and Python's `verify_receipt`. Behind the `receipt` feature (Ed25519
//! and base64): in the Node and npm builds, not in the self-assessment page's (see
//! wasm/build.sh for what it weighs).

use super::{book, found, invalid_type, parse, to_js_error, to_json};
use shenfu_rules::Error;
use shenfu_rules::error::Expected;
use shenfu_rules::transparency::receipt::verify_with_key_text;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_RECEIPT_TYPES: &'static str = r#"
/** An answer of `POST /v1/assess`, carrying the decision's receipt (the contract's `Receipt`). */
export interface DecisionAnswer { decision_id: string; received_at: string; report: Report; receipt: Receipt; [key: string]: unknown }
"#;

#[wasm_bindgen]
extern "C" {
    /// The application a receipt's decision was made for: an object, as `assess` takes, or its
    /// JSON text (an optional argument: absent, `undefined` or `null` when not at hand).
    #[wasm_bindgen(typescript_type = "Project | string")]
    pub type Application;
}

/// The receipt or answer as text: a string as it is, a parsed value written back by
/// `JSON.stringify` (compact, keys in their order, so an answer's report keeps its bytes).
fn document_of(receipt: &JsValue) -> Result<String, Error> {
    if let Some(text) = receipt.as_string() {
        return Ok(text);
    }
    let wrong = || invalid_type(Expected::Text, found(receipt)).at("receipt");
    if !receipt.is_object() || receipt.is_function() {
        return Err(wrong());
    }
    js_sys::JSON::stringify(receipt)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(wrong)
}

/// The application as JSON text: absent, a string as it is, or an object read as `assess` reads
/// one (numbers by their shortest text).
fn input_of(input: &JsValue) -> Result<Option<String>, Error> {
    if input.is_null() || input.is_undefined() {
        return Ok(None);
    }
    if let Some(text) = input.as_string() {
        return Ok(Some(text));
    }
    if !input.is_object() || js_sys::Array::is_array(input) {
        return Err(invalid_type(Expected::Project, found(input)).at("input"));
    }
    Ok(Some(to_json(input, 0)?.to_string()))
}

fn verified(receipt: &JsValue, public_key: &JsValue, input: &JsValue) -> Result<String, Error> {
    let document = document_of(receipt)?;
    let key = public_key
        .as_string()
        .ok_or_else(|| invalid_type(Expected::Text, found(public_key)).at("publicKey"))?;
    let input = input_of(input)?;
    Ok(verify_with_key_text(&document, &key, input.as_deref(), &[book()])?.to_canonical_json())
}

/// Verify a decision's receipt offline with the log's public key (`NAME+KEYID+BASE64`, the
/// `.pub` file's text): the checkpoint's Ed25519 signature, the leaf index, the inclusion proof
/// against the signed root; for a whole answer of `POST /v1/assess` (`DecisionAnswer`), that its
/// id, time and report are the ones the row sealed; with the application (`input`, an object or
/// JSON text), that it recomputes under the embedded plan to exactly that report. Returns the
/// verification as a plain object; throws (a `ShenfuError` with `json`) only when `receipt` is
/// not a receipt or `input` is not an application.
#[wasm_bindgen(js_name = verifyReceipt, unchecked_return_type = "ReceiptVerification")]
pub fn verify_receipt(
    #[wasm_bindgen(unchecked_param_type = "string | Receipt | DecisionAnswer")] receipt: JsValue,
    #[wasm_bindgen(js_name = publicKey, unchecked_param_type = "string")] public_key: JsValue,
    input: Option<Application>,
) -> Result<JsValue, JsValue> {
    let input = input.map_or(JsValue::UNDEFINED, JsValue::from);
    parse(&verified(&receipt, &public_key, &input).map_err(|e| to_js_error(&e))?)
}

/// `verifyReceipt` with text in and the canonical JSON text out, byte for byte what
/// `shenfu receipt verify --json` prints.
#[wasm_bindgen(js_name = verifyReceiptJson)]
pub fn verify_receipt_json(
    receipt: &str,
    #[wasm_bindgen(js_name = publicKey)] public_key: &str,
    input: Option<String>,
) -> Result<String, JsValue> {
    verify_with_key_text(receipt, public_key, input.as_deref(), &[book()])
        .map(|v| v.to_canonical_json())
        .map_err(|e| to_js_error(&e))
}
