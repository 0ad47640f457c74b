//! What makes a logged decision defensible against whoever can write the database: an
//! append-only Merkle tree over the log's rows (RFC 9162), checkpoints of it signed with the
//! service's Ed25519 key in the C2SP formats, and a receipt per decision that anyone holding it
//! checks offline — the signature, the decision's place in the tree and, given the application,
//! the verdict itself recomputed under the rulebook it names.
//!
//! A row's leaf is the row hash's 32 bytes ([`crate::audit::row_leaf`]); leaf `i` is row
//! `seq = i + 1`. A checkpoint kept outside the database (a witness, a court's file, WORM
//! storage) pins every row before its size: a rewritten row, a cut tail or a deleted log no
//! longer hashes to the signed root, and a later checkpoint that does not extend it has no
//! consistency proof.

pub mod checkpoint;
pub mod merkle;
#[cfg(feature = "receipt")]
pub mod note;
#[cfg(feature = "receipt")]
pub mod receipt;
pub mod witness;

/// 64 hex digits (either case) → 32 bytes.
pub fn hash_from_hex(text: &str) -> Option<merkle::Hash> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let digit = |b: u8| char::from(b).to_digit(16);
        let &[hi, lo] = pair else {
            return None;
        };
        *slot = u8::try_from(digit(hi)? * 16 + digit(lo)?).ok()?;
    }
    Some(out)
}

/// 32 bytes → 64 lower-case hex digits.
pub fn hash_to_hex(hash: &merkle::Hash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// A hash as checkpoints and proofs write it: standard base64.
pub fn hash_to_base64(hash: &merkle::Hash) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(hash)
}

/// Standard base64 of 32 bytes → the hash.
pub fn hash_from_base64(text: &str) -> Option<merkle::Hash> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?
        .try_into()
        .ok()
}
