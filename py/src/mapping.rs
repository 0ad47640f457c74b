//! A Python project (a dict of str, int, float, `Decimal`, bool, None, lists and dicts) as the
//! JSON text the engine reads, written in Rust: the Python-side conversion (`_jsonable` +
//! `json.dumps`) cost five times the assessment itself. Numbers are written as their exact text
//! in a JSON string, as the Python side does (`str(Decimal)`, `str(int)`, `repr(float)`), so
//! both give the same project. Anything else — a `Mapping` that is not a dict, numpy scalars,
//! subclasses, a wrong type to report with its path — is left to the Python side (`None`),
//! which keeps the one place that words those errors.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use std::fmt::Write;

/// Deeper than this, the Python side takes over (and the engine's reader refuses it).
const MAX_DEPTH: usize = 64;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `value` as JSON text, or `None` when it holds something only the Python side converts.
#[pyfunction]
pub fn json_of(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let decimal = DECIMAL.import(value.py(), "decimal", "Decimal")?;
    let mut out = String::with_capacity(256);
    Ok(write(value, decimal, 0, &mut out)?.then_some(out))
}

/// Append `value` to `out`; `false` when it is not one of the types written here.
fn write(
    value: &Bound<'_, PyAny>,
    decimal: &Bound<'_, PyType>,
    depth: usize,
    out: &mut String,
) -> PyResult<bool> {
    if depth > MAX_DEPTH {
        return Ok(false);
    }
    if value.is_none() {
        out.push_str("null");
    } else if let Ok(b) = value.cast_exact::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
    } else if let Ok(s) = value.cast_exact::<PyString>() {
        return Ok(string(s, out));
    } else if value.is_exact_instance_of::<PyInt>() || value.is_exact_instance(decimal) {
        return Ok(string(&value.str()?, out));
    } else if value.is_exact_instance_of::<PyFloat>() {
        return Ok(string(&value.repr()?, out));
    } else if let Ok(dict) = value.cast_exact::<PyDict>() {
        out.push('{');
        for (i, (key, item)) in dict.iter().enumerate() {
            let Ok(key) = key.cast_exact::<PyString>() else {
                return Ok(false);
            };
            if i > 0 {
                out.push(',');
            }
            if !string(key, out) {
                return Ok(false);
            }
            out.push(':');
            if !write(&item, decimal, depth + 1, out)? {
                return Ok(false);
            }
        }
        out.push('}');
    } else if value.is_exact_instance_of::<PyList>() || value.is_exact_instance_of::<PyTuple>() {
        out.push('[');
        for (i, item) in value.try_iter()?.enumerate() {
            if i > 0 {
                out.push(',');
            }
            if !write(&item?, decimal, depth + 1, out)? {
                return Ok(false);
            }
        }
        out.push(']');
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// A JSON string literal; `false` for text that is not valid Unicode (a lone surrogate), which
/// the Python side handles.
fn string(text: &Bound<'_, PyString>, out: &mut String) -> bool {
    let Ok(text) = text.to_str() else {
        return false;
    };
    out.push('"');
    if text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if u32::from(c) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
    } else {
        out.push_str(text);
    }
    out.push('"');
    true
}
