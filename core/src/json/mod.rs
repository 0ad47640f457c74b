//! Reading JSON text: the one entry point every surface's JSON goes through, so that what one
//! surface accepts, all do.
//!
//! Two things serde_json alone would let through are refused here: a syntax error loses nothing
//! of its place (line and column are kept apart from the message), and an object that names the
//! same key twice is an error (`duplicate_field`), not "the last one wins" — a gateway that
//! checked the first `fixed_asset_investment` and an engine that decided on the second would
//! disagree about the same request.

// Browser builds keep only the full reader: the fast path is speed they can do without, and
// their size budgets cannot (the Node.js build has it: feature `fast-json`).
#[cfg(any(not(target_arch = "wasm32"), feature = "fast-json"))]
pub(crate) mod scan;

use crate::error::{Error, ErrorKind, Location, Result};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;

/// Parse JSON text into a value, with the line and column of a syntax error. A leading UTF-8
/// byte-order mark (as some Windows editors write) is accepted and ignored. An object with a
/// repeated key is refused with `duplicate_field`, naming the key's path (`land_area.unit`,
/// `[3].annual_tax`).
pub fn parse_json(text: &str) -> Result<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(syntax_error)?;
    refuse_duplicate_keys(text)?;
    Ok(value)
}

fn syntax_error(e: serde_json::Error) -> Error {
    let location = Location {
        line: e.line(),
        column: e.column().max(1),
    };
    Error::from(ErrorKind::InvalidJson {
        detail: strip_position(&e.to_string()),
    })
    .located(location)
}

/// serde_json appends " at line L column C"; the location is carried separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// A second pass over text already known to be valid JSON, looking only at object keys. It
/// allocates nothing but the keys of the object being read (and a path only on failure).
fn refuse_duplicate_keys(text: &str) -> Result<()> {
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Keys {
        path: None,
        found: &found,
    };
    match seed.deserialize(&mut de) {
        Ok(()) => Ok(()),
        Err(e) => match found.into_inner() {
            Some((path, key)) => Err(Error::from(ErrorKind::DuplicateField { key })
                .at(&path)
                .located(Location {
                    line: e.line(),
                    column: e.column().max(1),
                })),
            // Unreachable for text serde_json just parsed; kept as the syntax error it would be.
            None => Err(syntax_error(e)),
        },
    }
}

/// Where a value sits: its parent and its key or index. Rendered only when a duplicate is found.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

impl Path<'_> {
    fn render(&self) -> String {
        let mut steps = vec![self.step];
        let mut at = self.parent;
        while let Some(p) = at {
            steps.push(p.step);
            at = p.parent;
        }
        let mut out = String::new();
        for step in steps.iter().rev() {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

/// The duplicate found: the path of the object's repeated member and the key itself.
type Found = RefCell<Option<(String, String)>>;

struct Keys<'p, 'f> {
    path: Option<&'p Path<'p>>,
    found: &'f Found,
}

impl<'de> DeserializeSeed<'de> for Keys<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Keys<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let here = Path {
                parent: self.path,
                step: Step::Index(index),
            };
            let item = Keys {
                path: Some(&here),
                found: self.found,
            };
            if seq.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                let path = Path {
                    parent: self.path,
                    step: Step::Key(&key),
                };
                *self.found.borrow_mut() = Some((path.render(), key.clone()));
                return Err(A::Error::custom("duplicate key"));
            }
            let here = Path {
                parent: self.path,
                step: Step::Key(&key),
            };
            map.next_value_seed(Keys {
                path: Some(&here),
                found: self.found,
            })?;
            seen.push(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_named_with_its_path() {
        let e = parse_json(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert_eq!(e.code(), "duplicate_field", "{e}");
        assert_eq!(e.field.as_deref(), Some("a"));
        let e = parse_json(r#"{"land_area": {"value": "1", "unit": "亩", "unit": "公顷"}}"#)
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("land_area.unit"), "{e}");
        let e = parse_json("[{\"x\": 1}, {\"y\": {\"z\": 1},\n \"y\": 2}]").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("[1].y"), "{e}");
        assert_eq!(e.location.map(|l| l.line), Some(2), "{e}");
    }

    #[test]
    fn the_same_key_in_different_objects_is_fine() {
        let v = parse_json(r#"[{"a": {"a": 1}}, {"a": 2e400, "b": [{"a": 1}, {"a": 1}]}]"#);
        assert!(v.is_ok(), "{v:?}");
    }
}
