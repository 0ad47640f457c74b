//! Query strings, read strictly: an unknown parameter or a bad value is the engine's error naming
//! the parameter, never a silent default.

use crate::ApiError;
use shenfu_rules::error::{Bounded, Expected, Found};
use shenfu_rules::{Error, ErrorKind};

/// The parameters of one request, checked against the names an endpoint takes.
pub struct Query {
    pairs: Vec<(String, String)>,
}

fn invalid(name: &str, expected: Expected, found: Found) -> ApiError {
    Error::from(ErrorKind::InvalidType { expected, found })
        .at(name)
        .into()
}

impl Query {
    /// Parse `raw` and refuse any parameter not in `allowed` (`expected` lists them for the error)
    /// and any given twice.
    pub fn parse(
        raw: Option<&str>,
        allowed: &[&str],
        expected: &'static str,
    ) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = match raw {
            None | Some("") => Vec::new(),
            Some(text) => serde_urlencoded::from_str(text)
                .map_err(|_| invalid("query", Expected::Text, Found::Other))?,
        };
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                return Err(Error::from(ErrorKind::UnknownField { expected })
                    .at(name)
                    .into());
            }
            if pairs.iter().take(i).any(|(n, _)| n == name) {
                return Err(Error::from(ErrorKind::DuplicateField { key: name.clone() })
                    .at(name)
                    .into());
            }
        }
        Ok(Self { pairs })
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The evaluation year, checked by the engine's own bounds (through `Options`).
    pub fn year(&self, name: &str) -> Result<Option<u16>, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        let year: u16 = text
            .parse()
            .map_err(|_| invalid(name, Expected::Year, Found::Text))?;
        shenfu_rules::Options::year(year).validate()?;
        Ok(Some(year))
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.text(name) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(invalid(name, Expected::Boolean, Found::Text)),
        }
    }

    /// A verdict's key (`eligible`, `not_eligible`, `not_subject`).
    pub fn verdict(&self, name: &str) -> Result<Option<shenfu_rules::Verdict>, ApiError> {
        self.text(name)
            .map(|text| {
                shenfu_rules::Verdict::from_key(text)
                    .ok_or_else(|| invalid(name, Expected::Verdict, Found::Text))
            })
            .transpose()
    }

    /// A whole number within `min..=max`, or `default` when absent.
    pub fn bounded(&self, name: &str, min: i64, max: i64, default: i64) -> Result<i64, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(default);
        };
        let n: i64 = text
            .parse()
            .map_err(|_| invalid(name, Expected::Integer, Found::Text))?;
        if n < min || n > max {
            return Err(Error::from(ErrorKind::OutOfBounds {
                what: Bounded::PageSize,
                min,
                max,
                got: text.to_owned(),
            })
            .at(name)
            .into());
        }
        Ok(n)
    }

    /// A page cursor: the `seq` a previous page ended at.
    pub fn cursor(&self, name: &str) -> Result<Option<u64>, ApiError> {
        self.text(name)
            .map(|t| {
                t.parse::<u64>()
                    .map_err(|_| invalid(name, Expected::Cursor, Found::Text))
            })
            .transpose()
    }

    /// An RFC 3339 time, as the log stores it (UTC, microseconds).
    pub fn time(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.text(name)
            .map(|t| {
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                    .map(crate::log::stored_time)
                    .map_err(|_| invalid(name, Expected::Timestamp, Found::Text))
            })
            .transpose()
    }
}
