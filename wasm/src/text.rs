//! Reports handed to Node.js as UTF-16, the form its strings are kept in (feature `node`).
//!
//! wasm-bindgen hands a Rust `String` over as UTF-8 through `TextDecoder`, and Node.js 20
//! decodes UTF-8 that is not all ASCII at about 2.4 ns a byte: 9.4 µs for one report, half of
//! `assessJson` (benches/README.md, issue 27's fourth round). Widened to UTF-16 here (about
//! 2.7 µs) and made a string by `Buffer`'s `ucs2Slice` (0.5 µs), it costs a third of that.
//! Browsers decode UTF-8 quickly and have no `Buffer`, so their builds keep wasm-bindgen's way.
//! The text is the same either way; only the road differs.

// Native test builds without `node` compile this module for `widen`'s test alone.
#![cfg_attr(not(feature = "node"), allow(dead_code))]

use js_sys::JsString;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Node.js's `Buffer`: `ucs2Slice` makes a string of UTF-16 units at memcpy speed
    /// (`TextDecoder("utf-16le")` goes through ICU and takes eight times as long).
    type Buffer;
    /// A view of `length` bytes of `memory` from `offset`, no copy.
    #[wasm_bindgen(static_method_of = Buffer, js_name = from)]
    fn view(memory: &JsValue, offset: u32, length: u32) -> Buffer;
    #[wasm_bindgen(method, js_name = ucs2Slice)]
    fn ucs2_slice(this: &Buffer) -> JsString;
    /// `JSON.parse` of a string already in JS (js-sys's takes a Rust `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_string(text: &JsString) -> Result<JsValue, JsValue>;
}

/// `JSON.parse(text)`, the text handed over as [`to_js`] does.
pub(crate) fn parse(text: &str) -> Result<JsValue, JsValue> {
    parse_string(&to_js(text))
}

thread_local! {
    static UNITS: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
}

/// `text` as a JS string.
pub(crate) fn to_js(text: &str) -> JsString {
    UNITS.with(|units| {
        let mut units = units.borrow_mut();
        widen(text, &mut units);
        // The memory's buffer is read after widening, which may have grown it.
        let memory = wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer();
        let bytes = u32::try_from(units.len() * 2).unwrap_or(u32::MAX);
        Buffer::view(&memory, units.as_ptr() as u32, bytes).ucs2_slice()
    })
}

/// UTF-8 to UTF-16 into `units`, cleared first: a run of ASCII (most of a report: keys, numbers,
/// English) is found and widened as a slice, the run after it decoded by lead byte (`text` is
/// valid UTF-8, so nothing is checked twice). About three times `str::encode_utf16`'s speed.
fn widen(text: &str, units: &mut Vec<u16>) {
    units.clear();
    units.reserve(text.len());
    let mut bytes = text.as_bytes();
    while !bytes.is_empty() {
        let ascii = bytes.iter().position(|&b| b >= 0x80).unwrap_or(bytes.len());
        let (run, rest) = bytes.split_at(ascii);
        units.extend(run.iter().map(|&b| u16::from(b)));
        bytes = rest;
        while let [lead @ 0x80..=0xff, tail @ ..] = bytes {
            let next = |i: usize| u32::from(tail.get(i).copied().unwrap_or(0) & 0x3f);
            let (code, width) = match lead {
                0x80..0xe0 => ((u32::from(lead & 0x1f) << 6) | next(0), 2),
                0xe0..0xf0 => ((u32::from(lead & 0x0f) << 12) | (next(0) << 6) | next(1), 3),
                _ => {
                    let high = u32::from(lead & 0x07) << 18;
                    (high | (next(0) << 12) | (next(1) << 6) | next(2), 4)
                }
            };
            match u16::try_from(code) {
                Ok(unit) => units.push(unit),
                Err(_) => {
                    let code = code - 0x1_0000;
                    units.push(0xd800 | (code >> 10) as u16);
                    units.push(0xdc00 | (code & 0x3ff) as u16);
                }
            }
            bytes = bytes.get(width..).unwrap_or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::widen;

    #[test]
    fn widens_as_the_standard_library_does() {
        for text in [
            "",
            "abc",
            "亩均投入超 300 万元",
            "𝄞 a 😀é",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ] {
            let mut units = vec![7; 3];
            widen(text, &mut units);
            assert_eq!(units, text.encode_utf16().collect::<Vec<_>>(), "{text}");
        }
    }
}
