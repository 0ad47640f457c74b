//! A small JSON scanner for the one shape every surface reads most: a flat object of strings,
//! numbers, booleans, nulls and small objects. It borrows everything from the text, allocates
//! nothing and hands each member to the caller as it is read. It is a fast path, not a second parser: it accepts a subset of JSON
//! (no escapes in strings, no arrays, objects at most two deep, an inner object of at most two
//! members) and gives up — `None` — on anything else, valid or not, so that the full reader
//! ([`super::parse_json`]) decides and words every error.

/// One value as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    /// A number's exact text (JSON grammar checked).
    Number(&'a str),
    /// A string without escapes.
    Text(&'a str),
}

/// A member's value: a scalar, or an object of scalars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member<'a> {
    Scalar(Scalar<'a>),
    Object(Inner<'a>),
}

/// An inner object: at most two scalar members (an amount's `value` and `unit`), kept in place
/// rather than in a list of its own (a project has three; a list each was an allocation each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inner<'a> {
    members: [(&'a str, Scalar<'a>); 2],
    len: usize,
}

impl<'a> Inner<'a> {
    /// The members, in order.
    pub fn members(&self) -> &[(&'a str, Scalar<'a>)] {
        self.members.get(..self.len).unwrap_or_default()
    }

    /// Add a member; `None` when there are two already.
    fn push(&mut self, key: &'a str, value: Scalar<'a>) -> Option<()> {
        *self.members.get_mut(self.len)? = (key, value);
        self.len += 1;
        Some(())
    }
}

/// Each member of the top-level object handed to `each`, in order; `None` when the text is
/// outside the subset or `each` says `None` (members before that were handed over already).
/// Stored decisions' heads are read this way (`replay`).
#[cfg(any(feature = "replay", test))]
pub fn flat_object<'a>(
    text: &'a str,
    each: impl FnMut(&'a str, Member<'a>) -> Option<()>,
) -> Option<()> {
    read_flat(text, Scanner::string, Scanner::string, each)
}

/// [`flat_object`] for an object whose keys are all among `keys` (its members handed over by
/// the key's index) and whose inner objects' keys are all among `inner`; any other key gives up.
/// A key is compared with the known ones where it stands, not read byte by byte first: reading
/// the keys was a third of reading a project.
pub fn flat_object_of<'a>(
    text: &'a str,
    keys: &[&str],
    inner: &[&'static str],
    each: impl FnMut(usize, Member<'a>) -> Option<()>,
) -> Option<()> {
    let top = |s: &mut Scanner<'a>| s.known(keys);
    let inner = |s: &mut Scanner<'a>| s.known(inner).and_then(|i| inner.get(i).copied());
    read_flat(text, top, inner, each)
}

/// The top-level object, its keys read by `key` and its inner objects' by `inner_key`.
fn read_flat<'a, K>(
    text: &'a str,
    key: impl Fn(&mut Scanner<'a>) -> Option<K>,
    inner_key: impl Fn(&mut Scanner<'a>) -> Option<&'a str>,
    mut each: impl FnMut(K, Member<'a>) -> Option<()>,
) -> Option<()> {
    let mut s = Scanner {
        text: text.strip_prefix('\u{feff}').unwrap_or(text),
        pos: 0,
    };
    s.object(&key, |s, key| {
        let member = match s.peek()? {
            b'{' => {
                let mut inner = Inner {
                    members: [("", Scalar::Null); 2],
                    len: 0,
                };
                s.object(&inner_key, |s, key| inner.push(key, s.scalar()?))?;
                Member::Object(inner)
            }
            _ => Member::Scalar(s.scalar()?),
        };
        each(key, member)
    })?;
    s.space();
    (s.pos == s.text.len()).then_some(())
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.text.as_bytes().get(self.pos).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.as_bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// An object: each member's key, read by `key`, handed to `member`, which reads its value.
    fn object<K>(
        &mut self,
        key: &impl Fn(&mut Self) -> Option<K>,
        mut member: impl FnMut(&mut Self, K) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = key(self)?;
            self.eat(b':')?;
            member(self, key)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Inlined: a `Scalar` returned through memory was read back before its parts had landed
    /// (a fifth of reading a project).
    #[inline(always)]
    fn scalar(&mut self) -> Option<Scalar<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Text),
            b'n' => self.word("null").map(|()| Scalar::Null),
            b't' => self.word("true").map(|()| Scalar::Bool(true)),
            b'f' => self.word("false").map(|()| Scalar::Bool(false)),
            _ => self.number().map(Scalar::Number),
        }
    }

    fn word(&mut self, word: &str) -> Option<()> {
        let rest = self.text.get(self.pos..)?;
        rest.starts_with(word).then(|| self.pos += word.len())
    }

    /// A string that is one of `keys`, as its index (anything else: give up).
    fn known(&mut self, keys: &[&str]) -> Option<usize> {
        self.eat(b'"')?;
        let rest = self.text.as_bytes().get(self.pos..)?;
        let at =
            |key: &&str| rest.get(key.len()) == Some(&b'"') && rest.starts_with(key.as_bytes());
        let i = keys.iter().position(at)?;
        self.pos += keys.get(i)?.len() + 1;
        Some(i)
    }

    /// A string with no escape and no control character (anything else: give up).
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.pos;
        let bytes = self.text.as_bytes();
        loop {
            match *bytes.get(self.pos)? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => self.pos += 1,
            }
        }
        let text = self.text.get(start..self.pos)?;
        self.pos += 1;
        Some(text)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, as its text.
    fn number(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos > from
        };
        let mut pos = self.pos;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        if bytes.get(pos) == Some(&b'0') {
            pos += 1;
        } else if !digits(&mut pos) {
            return None;
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if !digits(&mut pos) {
                return None;
            }
        }
        // An exponent is left to the full reader, whose number text spells it its own way
        // (`1e400` becomes `1e+400`), which errors echo.
        if let Some(b'e' | b'E') = bytes.get(pos) {
            return None;
        }
        self.pos = pos;
        self.text.get(start..pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_subset_and_gives_up_on_the_rest() {
        let members = |text| {
            let mut members = Vec::new();
            flat_object(text, |key, member| {
                members.push((key, member));
                Some(())
            })
            .map(|()| members)
        };
        let read = members(
            " \u{feff}{\"a\": {\"value\": -1.5e3, \"unit\": \"万元\"}, \"b\": null, \"c\": true}",
        );
        assert!(read.is_none(), "a BOM after whitespace is not JSON");
        let members = members(
            "\u{feff}{\"a\": {\"value\": -1.5, \"unit\": \"万元\"}, \"b\": null, \"c\": true} ",
        )
        .unwrap();
        let Member::Object(inner) = &members[0].1 else {
            panic!("{:?}", members[0].1)
        };
        assert_eq!(
            inner.members(),
            [
                ("value", Scalar::Number("-1.5")),
                ("unit", Scalar::Text("万元"))
            ]
        );
        assert_eq!(members[2].1, Member::Scalar(Scalar::Bool(true)));
        for text in [
            "{\"a\": \"x\\\"y\"}",
            "{\"a\": [1]}",
            "{\"a\": 01}",
            "{\"a\": 1.}",
            "{\"a\": 1} x",
            "{\"a\": {\"b\": {}}}",
            "{\"a\": {\"b\": 1, \"c\": 2, \"d\": 3}}",
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "[]",
            "{\"a\": nul}",
            "{\"a\": 1e3}",
        ] {
            assert!(flat_object(text, |_, _| Some(())).is_none(), "{text}");
        }
    }
}
