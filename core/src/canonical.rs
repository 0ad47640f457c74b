//! Canonical JSON and hashes.
//!
//! Canonical JSON, as every surface emits it: UTF-8, no insignificant whitespace, object keys in
//! the order the Rust types declare them (the order documented in the README), decimals as JSON
//! *strings* in canonical form (no exponent, no trailing fractional zeros), absent optional
//! values as `null` unless documented as omitted. Bindings never re-serialise a report: they
//! hand over this text, so the bytes are the same everywhere.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Serialise `value` as canonical JSON.
pub fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising the engine's own plain structs (string keys, no maps with non-string keys)
    // cannot fail; the fallback keeps that promise visible instead of panicking.
    serde_json::to_string(value).unwrap_or_else(|e| {
        format!(
            "{{\"error\":{{\"code\":\"internal\",\"detail\":{:?}}}}}",
            e.to_string()
        )
    })
}

/// Lower-case hex SHA-256 of `bytes`.
/// Append `text` as the inside of a JSON string, escaped exactly as serde_json escapes it (so
/// the bytes equal the report's serde serialisation): `"` and `\`, control characters as `\b`
/// `\f` `\n` `\r` `\t` or `\u00xx`; everything else, Chinese included, as it is.
pub fn push_escaped(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Most text needs nothing: one branch-free pass over the bytes (it vectorises) decides.
    let clean = text
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if clean {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(text.get(start..i).unwrap_or_default());
        if short.is_empty() {
            out.push_str("\\u00");
            for nibble in [byte >> 4, byte & 0xf] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

/// `"text"`, escaped as [`push_escaped`] escapes it.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    push_escaped(out, text);
    out.push('"');
}

/// The SHA-256 (hex, lower case) of `bytes`: the digests a report and a log row carry.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(64);
    push_sha256_hex(&mut out, bytes);
    out
}

fn push_hex(out: &mut String, digest: &[u8]) {
    for b in digest {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
}

/// The SHA-256 (hex) of `bytes`, appended to `out`.
pub fn push_sha256_hex(out: &mut String, bytes: &[u8]) {
    push_hex(out, &Sha256::digest(bytes));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_published_test_vector() {
        // FIPS 180-2 example: SHA-256("abc").
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
