//! Reports handed to Node.js as UTF-16, the form its strings are kept in (feature `node`).
//!
//! wasm-bindgen hands a Rust `String` over as UTF-8 through `TextDecoder`, and Node.js 20
//! decodes UTF-8 that is not all ASCII at about 2.4 ns a byte: 9.4 µs for one report, half of
//! `assessJson` (benches/README.md, issue 27's fourth round). The core writes reports straight
//! into UTF-16 instead (`Rulebook::write_assessment_utf16`: the rendered parts, most of a report,
//! widened once per rulebook), and `Buffer`'s `ucs2Slice` makes the string (0.5 µs). Other texts
//! are widened here (`Utf16Text::push_str`). Browsers decode UTF-8 quickly and have no `Buffer`,
//! so their builds keep wasm-bindgen's way. The text is the same either way; only the road
//! differs.

use js_sys::JsString;
use shenfu_rules::canonical::Utf16Text;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Node.js's `Buffer`: `ucs2Slice` makes a string of UTF-16 units at memcpy speed
    /// (`TextDecoder("utf-16le")` goes through ICU and takes eight times as long).
    type Buffer;
    /// A view of `memory`, no copy.
    #[wasm_bindgen(static_method_of = Buffer, js_name = from)]
    fn view(memory: &JsValue) -> Buffer;
    /// Bytes in view: 0 once the memory has grown (its old `ArrayBuffer` is then detached).
    #[wasm_bindgen(method, getter)]
    fn length(this: &Buffer) -> f64;
    /// The UTF-16 units from byte `start` to byte `end` as a string (offsets as JS numbers, so
    /// a text ending at 4 GiB loses nothing).
    #[wasm_bindgen(method, js_name = ucs2Slice)]
    fn ucs2_slice(this: &Buffer, start: f64, end: f64) -> JsString;
    /// `JSON.parse` of a string already in JS (js-sys's takes a Rust `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_string(text: &JsString) -> Result<JsValue, JsValue>;
}

/// `JSON.parse(text)`, the text handed over as [`to_js`] does.
pub(crate) fn parse(text: &str) -> Result<JsValue, JsValue> {
    parse_string(&to_js(text))
}

/// `JSON.parse` of what `write` writes.
pub(crate) fn parse_written<E>(
    write: impl FnOnce(&mut Utf16Text) -> Result<(), E>,
) -> Result<Result<JsValue, JsValue>, E> {
    Ok(parse_string(&written(write)?))
}

thread_local! {
    static TEXT: RefCell<Utf16Text> = RefCell::new(Utf16Text::default());
    /// A view of the whole memory, made again when the memory has grown: one `Buffer` for
    /// every string, not one each.
    static VIEW: RefCell<Option<Buffer>> = const { RefCell::new(None) };
}

/// `text` as a JS string.
pub(crate) fn to_js(text: &str) -> JsString {
    // Valid UTF-8 widens without failing.
    written(|out| {
        out.push_str(text);
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {})
}

/// What `write` writes, as a JS string.
///
/// No `RefCell` is borrowed while JS runs: a JS exception unwinds through WebAssembly without
/// running destructors, and a borrow left behind would fail every later call.
pub(crate) fn written<E>(
    write: impl FnOnce(&mut Utf16Text) -> Result<(), E>,
) -> Result<JsString, E> {
    let (start, end) = TEXT.with(|text| {
        let mut text = text.borrow_mut();
        text.clear();
        write(&mut text)?;
        let units = text.units();
        let start = units.as_ptr() as usize as f64;
        Ok((start, start + (units.len() * 2) as f64))
    })?;
    // The units stay where they are until the next call writes.
    let view = VIEW
        .with(|view| view.borrow_mut().take())
        .filter(|view| view.length() >= end)
        .unwrap_or_else(|| view_to(end));
    let text = view.ucs2_slice(start, end);
    VIEW.with(|kept| *kept.borrow_mut() = Some(view));
    Ok(text)
}

/// A view of the memory that reaches `end`. Making it may itself grow the memory (keeping a JS
/// value can grow wasm-bindgen's table of them), detaching the buffer just read: then it is read
/// again.
fn view_to(end: f64) -> Buffer {
    let fresh = || {
        let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
        Buffer::view(&memory.buffer())
    };
    let mut view = fresh();
    for _ in 0..2 {
        if view.length() >= end {
            break;
        }
        view = fresh();
    }
    view
}
