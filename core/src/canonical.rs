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
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
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
