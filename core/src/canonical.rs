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

/// Whether `text` is the same inside a JSON string: no quote, backslash or control character.
/// Most text is: decided eight bytes at a time, each word checked for all three at once (a
/// report checks its project's id and industry key, 150 instructions a string byte by byte).
/// WebAssembly builds decide byte by byte (fewer bytes of code; their size is budgeted).
#[cfg(not(target_arch = "wasm32"))]
pub fn is_plain(text: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `word` is zero (exactly: its high bit is set in the result).
    let zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGH;
    // Whether a byte of `word` is below 0x20, `"` or `\\`, eight bytes at a time.
    let special = |word: u64| {
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
        (control | zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\'))))
            != 0
    };
    let mut words = text.as_bytes().chunks_exact(8);
    let plain_words = words
        .by_ref()
        .all(|w| !special(u64::from_le_bytes(w.try_into().unwrap_or([0; 8]))));
    // The last few bytes, padded with spaces.
    let mut last = [b' '; 8];
    let rest = words.remainder();
    if let Some(head) = last.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    plain_words && !special(u64::from_le_bytes(last))
}

/// [`is_plain`] byte by byte, without a branch.
#[cfg(target_arch = "wasm32")]
pub fn is_plain(text: &str) -> bool {
    text.bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'))
}

/// Append `text` as the inside of a JSON string, escaped exactly as serde_json escapes it (so
/// the bytes equal the report's serde serialisation): `"` and `\`, control characters as `\b`
/// `\f` `\n` `\r` `\t` or `\u00xx`; everything else, Chinese included, as it is.
pub fn push_escaped(out: &mut String, text: &str) {
    if is_plain(text) {
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
            out.extend([hex_digit(byte >> 4), hex_digit(byte)].map(char::from));
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

/// The lower-case hex digit of `nibble`'s low four bits.
fn hex_digit(nibble: u8) -> u8 {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    HEX.get(usize::from(nibble & 0x0f)).copied().unwrap_or(b'0')
}

/// The SHA-256 (hex) of `bytes`, appended to `out`: the 64 digits made in an array and
/// appended at once (every report carries one; pushed a character at a time, each was encoded
/// and its room checked).
pub fn push_sha256_hex(out: &mut String, bytes: &[u8]) {
    let digest = Sha256::digest(bytes);
    let mut hex = Ascii([0u8; 64]);
    for (pair, byte) in hex.0.chunks_exact_mut(2).zip(digest.iter()) {
        if let [high, low] = pair {
            *high = hex_digit(byte >> 4);
            *low = hex_digit(*byte);
        }
    }
    out.push_str(hex.as_str());
}

/// ASCII text made in an array (a number's digits, a digest's hex), aligned so that
/// [`str::from_utf8`] checks it 16 bytes at a time from its start; a run cut out of it first,
/// at any address, is checked byte by byte.
#[repr(align(16))]
pub(crate) struct Ascii<const N: usize>(pub(crate) [u8; N]);

impl<const N: usize> Ascii<N> {
    /// The whole array as text (empty if a byte is not ASCII, which the makers rule out).
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Canonical JSON in UTF-16 (feature `utf16`), for a host whose strings are UTF-16: the
/// Node.js build of the WASM package makes its strings from these units with `Buffer`'s
/// `ucs2Slice`, a third of what decoding UTF-8 costs Node.js 20. The text is the same as the
/// UTF-8 the other surfaces get; only its encoding differs.
#[cfg(any(feature = "utf16", test))]
#[derive(Debug, Clone, Default)]
pub struct Utf16Text {
    units: Vec<u16>,
    /// Where text made in UTF-8 is written before it is widened.
    made: String,
}

#[cfg(any(feature = "utf16", test))]
impl Utf16Text {
    /// The text so far.
    pub fn units(&self) -> &[u16] {
        &self.units
    }

    /// Empty, keeping up to 128 KB for the next text (a report is about 7 KB; one huge text
    /// does not hold its memory for ever).
    pub fn clear(&mut self) {
        self.units.clear();
        self.units.shrink_to(1 << 16);
        self.made.clear();
        self.made.shrink_to(1 << 16);
    }

    /// Append `text`.
    pub fn push_str(&mut self, text: &str) {
        widen(text, &mut self.units);
    }

    /// Append units already widened.
    pub fn push_units(&mut self, units: &[u16]) {
        self.units.extend_from_slice(units);
    }

    /// Append what `make` writes into a `String`.
    pub fn push_made(&mut self, make: impl FnOnce(&mut String)) {
        self.made.clear();
        make(&mut self.made);
        widen(&self.made, &mut self.units);
    }
}

/// UTF-8 to UTF-16, appended to `units`: a run of ASCII (keys, numbers, English) is found and
/// widened as a slice, the run after it decoded by lead byte (`text` is valid UTF-8, so nothing
/// is checked twice). About three times `str::encode_utf16`'s speed in WebAssembly.
#[cfg(any(feature = "utf16", test))]
pub(crate) fn widen(text: &str, units: &mut Vec<u16>) {
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
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        /// Eight bytes at a time decides what a byte at a time does, whatever the length and
        /// wherever a quote, backslash or control character falls (bytes next to them too:
        /// 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x7f, 0x80 and up).
        #[test]
        fn plain_text_is_what_a_byte_at_a_time_says(
            text in proptest::collection::vec(
                prop_oneof![
                    Just('"'), Just('\\'), Just('\u{0}'), Just('\u{1f}'), Just(' '), Just('!'),
                    Just('['), Just(']'), Just('\u{7f}'), Just('é'), Just('亩'), Just('a'),
                    any::<char>(),
                ],
                0..40,
            ).prop_map(|chars| chars.into_iter().collect::<String>())
        ) {
            let want = text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
            prop_assert_eq!(is_plain(&text), want, "{:?}", text);
        }
    }

    #[test]
    fn widens_as_the_standard_library_does() {
        for text in [
            "",
            "abc",
            "亩均投入超 300 万元",
            "𝄞 a 😀é",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ] {
            let mut out = Utf16Text::default();
            out.push_str("x");
            out.push_str(text);
            out.push_made(|s| s.push_str(text));
            let want: Vec<u16> = format!("x{text}{text}").encode_utf16().collect();
            assert_eq!(out.units(), want, "{text}");
            out.clear();
            assert!(out.units().is_empty());
        }
    }

    #[test]
    fn sha256_matches_the_published_test_vector() {
        // FIPS 180-2 example: SHA-256("abc").
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
