//! The checks every part of a rulebook shares — rules and zone targets alike: an invalid field,
//! a citation that is present and not empty, the property, and a comparator that agrees with its
//! Chinese wording (Civil Code art. 1259). Written once, used by `compile` (rules) and
//! `compile_zone` (indicators and targets).

use super::source::{CitationDef, PropertyDef};
use crate::comparator::Comparator;
use crate::error::{Error, ErrorKind, Result};
use crate::vocab::{Citation, Property};

pub(crate) fn invalid(field: &str, detail: impl Into<String>) -> Error {
    Error::from(ErrorKind::RulebookInvalid {
        detail: detail.into(),
    })
    .at(field)
}

pub(crate) fn citation(id: &str, def: Option<CitationDef>) -> Result<Citation> {
    let missing = |detail: &str| {
        Error::from(ErrorKind::RulebookCitation {
            id: id.to_owned(),
            detail: detail.to_owned(),
        })
        .at("citation")
    };
    let def = def.ok_or_else(|| missing("no citation"))?;
    if def.section.trim().is_empty() {
        return Err(missing("the section is empty"));
    }
    if def.quote.trim().is_empty() {
        return Err(missing("the quote is empty"));
    }
    Ok(Citation {
        section: def.section,
        quote: def.quote,
    })
}

pub(crate) fn property(def: PropertyDef) -> Property {
    match def {
        PropertyDef::Admission => Property::Admission,
        PropertyDef::Binding => Property::Binding,
        PropertyDef::Expected => Property::Expected,
        PropertyDef::Guidance => Property::Guidance,
    }
}

/// The comparator written in a rulebook, checked against the meaning of its Chinese wording
/// (Civil Code art. 1259): `>` with 以上 is refused.
pub(crate) fn agreeing_comparator(text: &str, wording: &str) -> Result<Comparator> {
    let comparator = Comparator::parse(text).ok_or_else(|| {
        invalid(
            "comparator",
            format!("unknown comparator `{text}`; expected >, >=, <=, < (or about, for 左右 in a zone target)"),
        )
    })?;
    let meant = Comparator::of_wording(wording).ok_or_else(|| {
        let known: Vec<&str> = Comparator::known_wordings().map(|(w, _)| w).collect();
        invalid(
            "wording",
            format!(
                "unknown wording `{wording}`; known: {}、左右",
                known.join("、")
            ),
        )
    })?;
    if meant != comparator {
        return Err(Error::from(ErrorKind::RulebookComparatorWording {
            comparator: comparator.symbol().to_owned(),
            wording: wording.to_owned(),
            expected: meant.symbol().to_owned(),
        })
        .at("comparator"));
    }
    Ok(comparator)
}
