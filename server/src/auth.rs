//! Bearer tokens: each has a name, recorded in the log as who asked. Only the SHA-256 of each
//! token is kept in memory.

use shenfu_rules::canonical::sha256_hex;

/// The tokens a `--token-file` lists.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// (name, SHA-256 of the token)
    entries: Vec<(String, String)>,
}

/// A token file that cannot be used, with the line it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenFileError {
    pub line: usize,
    pub problem: &'static str,
}

impl std::fmt::Display for TokenFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

impl Tokens {
    /// Parse a token file: one `NAME TOKEN` per line (a space or a colon between them); blank
    /// lines and lines starting with `#` are skipped. Tokens must be at least 16 characters and
    /// names and tokens unique.
    pub fn parse(text: &str) -> Result<Self, TokenFileError> {
        let mut tokens = Self::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |problem| TokenFileError {
                line: i + 1,
                problem,
            };
            let (name, token) = line
                .split_once([' ', '\t', ':'])
                .ok_or_else(|| bad("expected `NAME TOKEN`"))?;
            let (name, token) = (name.trim(), token.trim());
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                return Err(bad("a name is letters, digits, `-`, `_` or `.`"));
            }
            if token.chars().count() < 16 || token.contains(char::is_whitespace) {
                return Err(bad("a token is at least 16 characters without spaces"));
            }
            let hash = sha256_hex(token.as_bytes());
            if tokens.entries.iter().any(|(n, h)| n == name || *h == hash) {
                return Err(bad("a name or token appears twice"));
            }
            tokens.entries.push((name.to_owned(), hash));
        }
        if tokens.entries.is_empty() {
            return Err(TokenFileError {
                line: 0,
                problem: "the file lists no token",
            });
        }
        Ok(tokens)
    }

    /// The name of the token in an `Authorization` header value, if it is one of ours.
    pub fn name_of(&self, authorization: &str) -> Option<&str> {
        let token = authorization
            .strip_prefix("Bearer ")
            .or_else(|| authorization.strip_prefix("bearer "))?
            .trim();
        let hash = sha256_hex(token.as_bytes());
        self.entries
            .iter()
            .find(|(_, h)| *h == hash)
            .map(|(n, _)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_come_from_the_file_and_bad_lines_are_named() {
        let t = Tokens::parse(
            "# approval systems\nbeijing-gw 0123456789abcdef01\nops:fedcba9876543210fe\n",
        )
        .unwrap();
        assert_eq!(t.name_of("Bearer 0123456789abcdef01"), Some("beijing-gw"));
        assert_eq!(t.name_of("Bearer fedcba9876543210fe"), Some("ops"));
        assert_eq!(t.name_of("Bearer 0123456789abcdef0"), None);
        assert_eq!(t.name_of("Basic 0123456789abcdef01"), None);
        assert_eq!(Tokens::parse("a short").unwrap_err().line, 1);
        assert_eq!(
            Tokens::parse("a 0123456789abcdef01\na 0123456789abcdef02")
                .unwrap_err()
                .line,
            2
        );
        assert!(Tokens::parse("\n# none\n").is_err());
    }
}
