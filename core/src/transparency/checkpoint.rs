//! C2SP checkpoints (`c2sp.org/tlog-checkpoint`): a log's origin, its size and its root hash,
//! as the text a signed note carries:
//!
//! ```text
//! shenfu.example/decisions
//! 1024
//! 2Tt0fyfqWF1cSKWjhWq0V8gVqh7O7lVGqE/7/ufnBZ8=
//! ```
//!
//! Extension lines after the root are allowed by the format; this log writes none and a
//! checkpoint's reader keeps them.

use super::merkle::Hash;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A log's state as it was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's origin, its name, e.g. `shenfu.example/decisions`.
    pub origin: String,
    /// How many leaves (decision rows) the tree holds.
    pub size: u64,
    /// The Merkle tree's root hash over those leaves (RFC 9162).
    pub root: Hash,
    /// Extension lines, each without its newline.
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// The checkpoint's text (what is signed), each line ending in a newline.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        );
        for line in &self.extensions {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// Read a checkpoint's text (a signed note's text, after [`super::note::open`]).
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let body = text
            .strip_suffix('\n')
            .ok_or("a checkpoint ends with a newline")?;
        let mut lines = body.split('\n');
        let origin = lines
            .next()
            .filter(|o| !o.is_empty())
            .ok_or("a checkpoint starts with its origin")?;
        let size = lines
            .next()
            .ok_or("a checkpoint's second line is its tree size")?;
        if size.is_empty()
            || !size.bytes().all(|b| b.is_ascii_digit())
            || (size.len() > 1 && size.starts_with('0'))
        {
            return Err("a checkpoint's tree size is a decimal number without leading zeros");
        }
        let size: u64 = size
            .parse()
            .map_err(|_| "a checkpoint's tree size is too large")?;
        let root = lines
            .next()
            .ok_or("a checkpoint's third line is its root hash")?;
        let root: Hash = STANDARD
            .decode(root)
            .ok()
            .and_then(|r| r.try_into().ok())
            .ok_or("a checkpoint's root hash is 32 bytes in base64")?;
        let extensions: Vec<String> = lines.map(str::to_owned).collect();
        if extensions.iter().any(String::is_empty) {
            return Err("a checkpoint has no blank line");
        }
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_bad_text_is_named() {
        let c = Checkpoint {
            origin: "o".into(),
            size: 12,
            root: [9; 32],
            extensions: vec![],
        };
        let text = c.to_text();
        assert_eq!(text, format!("o\n12\n{}\n", STANDARD.encode([9u8; 32])));
        assert_eq!(Checkpoint::parse(&text).unwrap(), c);
        assert!(Checkpoint::parse("o\n012\nAAAA\n").is_err());
        assert!(
            Checkpoint::parse("o\n12\nAAAA\n")
                .unwrap_err()
                .contains("32 bytes")
        );
        assert!(Checkpoint::parse("o\n12\n").is_err());
        assert!(Checkpoint::parse("").is_err());
    }
}
