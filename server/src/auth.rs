//! Bearer tokens and their roles: each token has a name, recorded in the log as who asked, and
//! roles that say what it may do. Only the SHA-256 of each token is kept in memory.
//!
//! | role | may |
//! | --- | --- |
//! | `decide` | `POST /v1/assess`, `/v1/assess/batch` |
//! | `read-own` | read, verify and get receipts for the decisions it made; its own in listings |
//! | `audit` | read, verify and get receipts for every decision (and decide nothing) |
//! | `admin` | everything, `/metrics` included |
//!
//! Every valid token reads the rulebook, the zone's progress and the log's checkpoints. A line
//! without roles gets `decide,read-own`.

use shenfu_rules::canonical::sha256_hex;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Decide,
    ReadOwn,
    Audit,
    Admin,
}

impl Role {
    const ALL: [Role; 4] = [Role::Decide, Role::ReadOwn, Role::Audit, Role::Admin];

    pub fn name(self) -> &'static str {
        match self {
            Role::Decide => "decide",
            Role::ReadOwn => "read-own",
            Role::Audit => "audit",
            Role::Admin => "admin",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Who is calling: the token's name and its roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub name: String,
    roles: u8,
}

impl Caller {
    /// No token file: everyone is `anonymous`, with every role (loopback only, see `Config`).
    pub fn anonymous() -> Self {
        Self {
            name: "anonymous".to_owned(),
            roles: Role::ALL.iter().fold(0, |r, role| r | role.bit()),
        }
    }

    /// Holds `role` (admin holds them all).
    pub fn has(&self, role: Role) -> bool {
        self.roles & (role.bit() | Role::Admin.bit()) != 0
    }

    /// May read every decision, not only its own.
    pub fn reads_all(&self) -> bool {
        self.has(Role::Audit)
    }

    /// May read the decision `requester` made.
    pub fn may_read(&self, requester: &str) -> bool {
        self.reads_all() || (self.has(Role::ReadOwn) && requester == self.name)
    }
}

/// The tokens a `--token-file` lists.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// (SHA-256 of the token, who it is)
    entries: Vec<(String, Caller)>,
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
    /// Parse a token file: one `NAME TOKEN [ROLES]` per line (a space or a colon between name
    /// and token; ROLES comma-separated from `decide`, `read-own`, `audit`, `admin`, default
    /// `decide,read-own`); blank lines and lines starting with `#` are skipped. Tokens must be at
    /// least 16 characters and names and tokens unique.
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
            let (name, rest) = line
                .split_once([' ', '\t', ':'])
                .ok_or_else(|| bad("expected `NAME TOKEN [ROLES]`"))?;
            let rest = rest.trim();
            let (token, roles) = rest
                .split_once(char::is_whitespace)
                .map_or((rest, None), |(t, r)| (t, Some(r.trim())));
            let name = name.trim();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                return Err(bad("a name is letters, digits, `-`, `_` or `.`"));
            }
            if token.chars().count() < 16 {
                return Err(bad("a token is at least 16 characters without spaces"));
            }
            let roles = match roles {
                None => Role::Decide.bit() | Role::ReadOwn.bit(),
                Some(list) => list.split(',').try_fold(0u8, |acc, word| {
                    Role::ALL
                        .iter()
                        .find(|r| r.name() == word.trim())
                        .map(|r| acc | r.bit())
                        .ok_or_else(|| {
                            bad("roles are decide, read-own, audit or admin, comma-separated")
                        })
                })?,
            };
            let hash = sha256_hex(token.as_bytes());
            if tokens
                .entries
                .iter()
                .any(|(h, c)| c.name == name || *h == hash)
            {
                return Err(bad("a name or token appears twice"));
            }
            tokens.entries.push((
                hash,
                Caller {
                    name: name.to_owned(),
                    roles,
                },
            ));
        }
        if tokens.entries.is_empty() {
            return Err(TokenFileError {
                line: 0,
                problem: "the file lists no token",
            });
        }
        Ok(tokens)
    }

    /// Who holds the token in an `Authorization` header value, if it is one of ours.
    pub fn caller(&self, authorization: &str) -> Option<&Caller> {
        let token = authorization
            .strip_prefix("Bearer ")
            .or_else(|| authorization.strip_prefix("bearer "))?
            .trim();
        let hash = sha256_hex(token.as_bytes());
        self.entries
            .iter()
            .find(|(h, _)| *h == hash)
            .map(|(_, c)| c)
    }

    /// The name of the token in an `Authorization` header value, if it is one of ours.
    pub fn name_of(&self, authorization: &str) -> Option<&str> {
        self.caller(authorization).map(|c| c.name.as_str())
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn roles_default_to_decide_and_read_own_and_unknown_ones_are_refused() {
        let t = Tokens::parse(
            "gw 0123456789abcdef01\nclerk 0123456789abcdef02 audit\nroot 0123456789abcdef03 admin\nboth 0123456789abcdef04 decide, audit\n",
        )
        .unwrap();
        let gw = t.caller("Bearer 0123456789abcdef01").unwrap();
        assert!(gw.has(Role::Decide) && gw.has(Role::ReadOwn) && !gw.reads_all());
        assert!(gw.may_read("gw") && !gw.may_read("clerk"));
        let clerk = t.caller("Bearer 0123456789abcdef02").unwrap();
        assert!(!clerk.has(Role::Decide) && clerk.may_read("gw"));
        let root = t.caller("Bearer 0123456789abcdef03").unwrap();
        assert!(root.has(Role::Decide) && root.has(Role::Admin) && root.reads_all());
        let both = t.caller("Bearer 0123456789abcdef04").unwrap();
        assert!(both.has(Role::Decide) && both.reads_all() && !both.has(Role::Admin));
        let e = Tokens::parse("a 0123456789abcdef01 superuser").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.problem.contains("roles"));
        assert!(Caller::anonymous().has(Role::Admin));
    }
}
