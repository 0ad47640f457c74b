//! C2SP signed notes (`c2sp.org/signed-note`) with Ed25519 keys: what a checkpoint is signed in,
//! so that any implementation of the format (Go's `sumdb/note` package, Sigstore's,
//! Cloudflare's) can check this log's checkpoints, and ours theirs.
//!
//! * A note is UTF-8 text ending in a newline; its signatures follow a blank line, one per line:
//!   `— NAME BASE64(KEY_ID ‖ SIGNATURE)` (an em dash). The signature covers the text exactly.
//! * A key's id is the first four bytes of `SHA-256(NAME ‖ "\n" ‖ 0x01 ‖ PUBLIC_KEY)`
//!   (0x01: Ed25519).
//! * A verifier key is written `NAME+KEYID+BASE64(0x01 ‖ PUBLIC_KEY)` (KEYID in 8 hex digits), a
//!   signer key `PRIVATE+KEY+NAME+KEYID+BASE64(0x01 ‖ SEED)`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// The signature type byte of Ed25519 in key ids and encoded keys.
const ED25519: u8 = 0x01;

/// The most signature lines a note may carry (C2SP allows a verifier to set a bound).
const MAX_SIGNATURES: usize = 100;

/// Why a key or a note is not usable, in a word a program can match and a sentence a person
/// can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct NoteError {
    /// What is wrong, in a sentence, e.g. `the key id does not match the name and the key`.
    pub problem: &'static str,
}

fn bad(problem: &'static str) -> NoteError {
    NoteError { problem }
}

/// A key name: non-empty, no spaces and no `+` (C2SP signed-note).
fn check_name(name: &str) -> Result<(), NoteError> {
    if name.is_empty()
        || name.contains('+')
        || name.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad(
            "a key name is not empty and holds no space, control character or `+`",
        ));
    }
    Ok(())
}

fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(public);
    let digest = h.finalize();
    let mut id = [0u8; 4];
    id.copy_from_slice(digest.get(..4).unwrap_or(&[0; 4]));
    id
}

fn hex8(id: &[u8; 4]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// `BASE64(0x01 ‖ 32 bytes)` → the 32 bytes.
fn typed_key(text: &str) -> Result<[u8; 32], NoteError> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| bad("the key is not base64"))?;
    match bytes.split_first() {
        Some((&ED25519, rest)) => rest
            .try_into()
            .map_err(|_| bad("an Ed25519 key is 32 bytes")),
        Some(_) => Err(bad("the key is not an Ed25519 key (type 0x01)")),
        None => Err(bad("the key is empty")),
    }
}

/// A public key that checks signatures: `NAME+KEYID+BASE64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl VerifierKey {
    /// Read a verifier key (surrounding whitespace ignored, so a `.pub` file reads as it is).
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let mut parts = text.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad(
                "a public key is written NAME+KEYID+BASE64 (three parts joined by `+`)",
            ));
        };
        check_name(name)?;
        let public = typed_key(key)?;
        let key =
            VerifyingKey::from_bytes(&public).map_err(|_| bad("not a valid Ed25519 public key"))?;
        let expected = key_id(name, &public);
        if id != hex8(&expected) {
            return Err(bad("the key id does not match the name and the key"));
        }
        Ok(Self {
            name: name.to_owned(),
            id: expected,
            key,
        })
    }

    /// The key's name, as the note's signature lines carry it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key id, 8 hex digits.
    pub fn id(&self) -> String {
        hex8(&self.id)
    }
}

impl std::fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut typed = vec![ED25519];
        typed.extend_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex8(&self.id),
            STANDARD.encode(typed)
        )
    }
}

/// A private key that signs notes: `PRIVATE+KEY+NAME+KEYID+BASE64`. Its `Debug` shows the
/// public half only.
#[derive(Clone)]
pub struct SignerKey {
    name: String,
    key: SigningKey,
}

impl std::fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SignerKey({})", self.verifier())
    }
}

impl SignerKey {
    /// A key named `name` from 32 random bytes (the caller's randomness: the core reads no
    /// clock and no entropy).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        Ok(Self {
            name: name.to_owned(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// Read a signer key (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(|| bad("a signing key starts with PRIVATE+KEY+"))?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(id), Some(seed), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad(
                "a signing key is written PRIVATE+KEY+NAME+KEYID+BASE64",
            ));
        };
        let signer = Self::from_seed(name, typed_key(seed)?)?;
        if id != signer.verifier().id() {
            return Err(bad("the key id does not match the name and the key"));
        }
        Ok(signer)
    }

    /// The key's name, as the note's signature lines carry it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public half.
    pub fn verifier(&self) -> VerifierKey {
        let key = self.key.verifying_key();
        VerifierKey {
            id: key_id(&self.name, key.as_bytes()),
            name: self.name.clone(),
            key,
        }
    }

    /// The key as written in a key file.
    pub fn to_private_text(&self) -> String {
        let mut typed = vec![ED25519];
        typed.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            self.verifier().id(),
            STANDARD.encode(typed)
        )
    }

    /// `text` (which must end in a newline and hold no blank line) with this key's signature.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        check_text(text)?;
        let signature = self.key.sign(text.as_bytes());
        let mut blob = key_id(&self.name, self.key.verifying_key().as_bytes()).to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        Ok(format!(
            "{text}\n— {} {}\n",
            self.name,
            STANDARD.encode(blob)
        ))
    }
}

/// A note's text: non-empty UTF-8 lines, each ending in a newline, no control character but the
/// newline, no blank line (a blank line ends the text).
fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(bad("a note's text ends with a newline"));
    }
    if text.starts_with('\n') || text.contains("\n\n") {
        return Err(bad("a note's text has no blank line"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(bad("a note's text holds no control character but newlines"));
    }
    Ok(())
}

/// The text of `note` if `key` signed it (other keys' signatures are ignored, as the format
/// says); an error naming what is wrong otherwise.
pub fn open<'n>(note: &'n str, key: &VerifierKey) -> Result<&'n str, NoteError> {
    let split = note
        .rfind("\n\n")
        .ok_or_else(|| bad("a signed note has a blank line before its signatures"))?;
    let (text, signatures) = (
        note.get(..=split).unwrap_or(""),
        note.get(split + 2..).unwrap_or(""),
    );
    check_text(text)?;
    if !signatures.ends_with('\n') {
        return Err(bad("a note's signature lines end with a newline"));
    }
    let lines: Vec<&str> = signatures.lines().collect();
    if lines.len() > MAX_SIGNATURES {
        return Err(bad("the note carries too many signatures"));
    }
    let mut named = false;
    for line in lines {
        let (name, blob) = line
            .strip_prefix("— ")
            .and_then(|l| l.split_once(' '))
            .ok_or_else(|| bad("a signature line is `— NAME BASE64`"))?;
        let blob = STANDARD
            .decode(blob)
            .map_err(|_| bad("a signature is not base64"))?;
        if name != key.name || blob.get(..4) != Some(&key.id[..]) {
            continue;
        }
        named = true;
        let signature = blob
            .get(4..)
            .and_then(|s| Signature::from_slice(s).ok())
            .ok_or_else(|| bad("an Ed25519 signature is 64 bytes"))?;
        if key.key.verify_strict(text.as_bytes(), &signature).is_ok() {
            return Ok(text);
        }
    }
    Err(bad(if named {
        "the signature by this key does not verify: the note was altered or signed by another key"
    } else {
        "the note carries no signature by this key"
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> SignerKey {
        SignerKey::from_seed("shenfu.example/decisions", [7; 32]).unwrap()
    }

    #[test]
    fn keys_round_trip_through_their_text() {
        let s = signer();
        let again = SignerKey::parse(&s.to_private_text()).unwrap();
        assert_eq!(again.verifier(), s.verifier());
        let v = VerifierKey::parse(&format!("{}\n", s.verifier())).unwrap();
        assert_eq!(v, s.verifier());
        assert!(format!("{s:?}").starts_with("SignerKey(shenfu.example/decisions+"));
        assert!(!format!("{s:?}").contains("PRIVATE"));
    }

    #[test]
    fn a_signed_note_opens_only_unaltered_and_with_its_key() {
        let s = signer();
        let note = s.sign("origin\n3\nAAAA\n").unwrap();
        assert!(note.starts_with("origin\n3\nAAAA\n\n— shenfu.example/decisions "));
        assert_eq!(open(&note, &s.verifier()).unwrap(), "origin\n3\nAAAA\n");
        let altered = note.replacen("3\n", "4\n", 1);
        assert!(
            open(&altered, &s.verifier())
                .unwrap_err()
                .problem
                .contains("does not verify")
        );
        let other = SignerKey::from_seed("shenfu.example/decisions", [8; 32]).unwrap();
        assert!(
            open(&note, &other.verifier())
                .unwrap_err()
                .problem
                .contains("no signature by this key")
        );
        assert!(s.sign("no newline").is_err());
        assert!(s.sign("a\n\nb\n").is_err());
    }

    /// Base64 holds `+`: only the first two `+` separate the parts (as Go's `note` reads them).
    #[test]
    fn keys_whose_base64_holds_a_plus_read_back() {
        let mut seen = 0;
        for seed in 0u8..64 {
            let s = SignerKey::from_seed("n", [seed; 32]).unwrap();
            let (private, public) = (s.to_private_text(), s.verifier().to_string());
            if public.matches('+').count() > 2 || private.matches('+').count() > 4 {
                seen += 1;
            }
            assert_eq!(SignerKey::parse(&private).unwrap().verifier(), s.verifier());
            assert_eq!(VerifierKey::parse(&public).unwrap(), s.verifier());
        }
        assert!(seen > 0, "no seed gave a key with `+` in its base64");
    }

    #[test]
    fn bad_keys_are_named() {
        let v = signer().verifier().to_string();
        let wrong_id = format!(
            "{}+00000000+{}",
            "shenfu.example/decisions",
            v.rsplit('+').next().unwrap()
        );
        assert!(
            VerifierKey::parse(&wrong_id)
                .unwrap_err()
                .problem
                .contains("key id")
        );
        assert!(VerifierKey::parse("a+b").is_err());
        assert!(SignerKey::parse("a+b+c").is_err());
        assert!(SignerKey::from_seed("has space", [1; 32]).is_err());
    }
}
