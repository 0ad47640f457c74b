//! A small JSON scanner for the one shape every surface reads most: a flat object of strings,
//! numbers, booleans, nulls and small objects. It borrows everything from the text and allocates
//! nothing. It is a fast path, not a second parser: it accepts a subset of JSON (no escapes in
//! strings, no arrays, objects at most two deep) and gives up — `None` — on anything else,
//! valid or not, so that the full reader ([`super::parse_json`]) decides and words every error.

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
    Object(Vec<(&'a str, Scalar<'a>)>),
}

/// The members of the top-level object, in order; `None` when the text is outside the subset.
pub fn flat_object(text: &str) -> Option<Vec<(&str, Member<'_>)>> {
    let mut s = Scanner {
        text: text.strip_prefix('\u{feff}').unwrap_or(text),
        pos: 0,
    };
    let members = s.object(|s| match s.peek()? {
        b'{' => s.object(Scanner::scalar).map(Member::Object),
        _ => s.scalar().map(Member::Scalar),
    })?;
    s.space();
    (s.pos == s.text.len()).then_some(members)
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

    /// `{ "key": value, … }` with `value` read by `read`.
    fn object<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<(&'a str, T)>> {
        self.eat(b'{')?;
        let mut members = Vec::with_capacity(8);
        if self.eat(b'}').is_some() {
            return Some(members);
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            members.push((key, read(self)?));
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(members);
                }
                _ => return None,
            }
        }
    }

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
        let members = flat_object(
            " \u{feff}{\"a\": {\"value\": -1.5e3, \"unit\": \"万元\"}, \"b\": null, \"c\": true}",
        );
        assert!(members.is_none(), "a BOM after whitespace is not JSON");
        let members = flat_object(
            "\u{feff}{\"a\": {\"value\": -1.5, \"unit\": \"万元\"}, \"b\": null, \"c\": true} ",
        )
        .unwrap();
        assert_eq!(
            members[0].1,
            Member::Object(vec![
                ("value", Scalar::Number("-1.5")),
                ("unit", Scalar::Text("万元"))
            ])
        );
        assert_eq!(members[2].1, Member::Scalar(Scalar::Bool(true)));
        for text in [
            "{\"a\": \"x\\\"y\"}",
            "{\"a\": [1]}",
            "{\"a\": 01}",
            "{\"a\": 1.}",
            "{\"a\": 1} x",
            "{\"a\": {\"b\": {}}}",
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "[]",
            "{\"a\": nul}",
            "{\"a\": 1e3}",
        ] {
            assert!(flat_object(text).is_none(), "{text}");
        }
    }
}
