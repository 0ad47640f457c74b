//! Loading a rulebook from TOML: parse with serde, then validate and compile into typed rules —
//! unique ids, a citation on every rule, units that fit the evaluator kind, a threshold number
//! that occurs in its quote, a comparator that agrees with its Chinese wording (Civil Code
//! art. 1259). Behind the `toml` feature: the embedded plan is compiled in as Rust
//! (see `codegen.rs`), so builds that only use it (the browser) leave all of this out.

use super::source::{EvaluatorDef, FileDef, Parsed, RuleDef, ScopeDef, TextDef, ThresholdDef};
use super::validate::{agreeing_comparator, citation, invalid, property};
use super::*;
use crate::canonical::sha256_hex;
use crate::comparator::TABLE_VALUE;
use crate::error::Location;
use crate::industry::Industry;
use crate::number::{canonical, parse_decimal};
use crate::project::AmountField;
use std::collections::BTreeSet;

impl From<TextDef> for Text {
    fn from(t: TextDef) -> Self {
        Self { zh: t.zh, en: t.en }
    }
}

impl Rulebook {
    /// Load a rulebook from a file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Rulebook> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::from(ErrorKind::Io {
                path: path.display().to_string(),
                detail: e.to_string(),
            })
        })?;
        Self::from_toml_str(&text)
    }

    /// Parse and validate a rulebook from TOML text. Errors carry the line and column.
    pub fn from_toml_str(text: &str) -> Result<Rulebook> {
        let file: FileDef = toml::from_str(text).map_err(|e| {
            let error = Error::from(ErrorKind::RulebookSyntax {
                detail: e.message().trim().to_owned(),
            });
            match e.span() {
                Some(span) => error.located(Location::of_offset(text, span.start)),
                None => error,
            }
        })?;
        Self::build(file.placed(text), sha256_hex(text.as_bytes()))
    }

    /// Validate and compile parsed definitions.
    fn build(parsed: Parsed, sha256: String) -> Result<Rulebook> {
        let mut seen = BTreeSet::new();
        let mut rules = Vec::with_capacity(parsed.rules.len());
        for (i, (def, location)) in parsed.rules.into_iter().enumerate() {
            let field = format!("rules[{i}]");
            if !seen.insert(def.id.clone()) {
                return Err(Error::from(ErrorKind::RulebookDuplicateId { id: def.id })
                    .at(&format!("{field}.id"))
                    .located_at(location));
            }
            rules.push(compile(def).map_err(|e| e.at(&field).located_at(location))?);
        }
        let (indicators, targets) =
            super::compile_zone::compile(&mut seen, parsed.indicators, parsed.targets)?;
        let header = parsed.header;
        Ok(Rulebook {
            id: header.id,
            version: header.version,
            title: header.title.into(),
            source: header.source,
            sha256,
            rules,
            indicators,
            targets,
            rendered: Default::default(),
        })
    }
}

fn compile(def: RuleDef) -> Result<Rule> {
    if def.id.trim().is_empty() || def.id.chars().any(char::is_whitespace) {
        return Err(invalid(
            "id",
            format!(
                "rule id `{}` must be non-empty and contain no spaces",
                def.id
            ),
        ));
    }
    let citation = citation(&def.id, def.citation)?;
    let (first, last) = match def.in_force {
        Some([a, b]) => (a, b),
        None => (FIRST_YEAR, def.year.unwrap_or(LAST_YEAR)),
    };
    for (year, field) in [
        (def.year, "year"),
        (Some(first), "in_force"),
        (Some(last), "in_force"),
    ] {
        if let Some(y) = year.filter(|y| !(FIRST_YEAR..=LAST_YEAR).contains(y)) {
            return Err(invalid(
                field,
                format!("year {y} is outside {FIRST_YEAR}–{LAST_YEAR}"),
            ));
        }
    }
    if first > last {
        return Err(invalid(
            "in_force",
            format!("in_force starts at {first} after it ends at {last}"),
        ));
    }
    let bound = || {
        bound(
            &def.id,
            def.comparator.as_deref(),
            def.wording.as_deref(),
            def.threshold.as_ref(),
            &citation,
        )
    };
    let check = match &def.evaluator {
        EvaluatorDef::PerArea { amount } => {
            let amount = amount_field(amount, "evaluator.amount")?;
            let bound = bound()?;
            let MeasureUnit::MoneyPerArea(money_unit, _) = bound.threshold.unit else {
                return Err(invalid(
                    "threshold.unit",
                    "a per_area rule needs a money/area unit such as 万元/亩",
                ));
            };
            let threshold_base =
                crate::exact::exact_mul(bound.threshold.value, money_unit.factor()).ok_or_else(
                    || {
                        Error::from(ErrorKind::OutOfRange {
                            text: canonical(bound.threshold.value),
                        })
                        .at("threshold.value")
                    },
                )?;
            Check::PerArea {
                amount,
                bound,
                threshold_base,
            }
        }
        EvaluatorDef::Share { part, whole } => {
            let part = amount_field(part, "evaluator.part")?;
            let whole = amount_field(whole, "evaluator.whole")?;
            let bound = bound()?;
            if bound.threshold.unit != MeasureUnit::Percent {
                return Err(invalid("threshold.unit", "a share rule needs the unit %"));
            }
            Check::Share { part, whole, bound }
        }
        EvaluatorDef::Membership { field, set } => {
            if field != "industry" {
                return Err(invalid(
                    "evaluator.field",
                    format!("membership applies to `industry`, not `{field}`"),
                ));
            }
            if def.comparator.is_some() || def.wording.is_some() || def.threshold.is_some() {
                return Err(invalid(
                    "evaluator",
                    "a membership rule takes a set, not a comparator, wording or threshold",
                ));
            }
            let set = set
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    Industry::parse(s)
                        .map_err(|k| Error::from(k).at(&format!("evaluator.set[{i}]")))
                })
                .collect::<Result<Vec<_>>>()?;
            if set.is_empty() {
                return Err(invalid("evaluator.set", "the set is empty"));
            }
            Check::Membership { set }
        }
    };
    Ok(Rule {
        id: def.id,
        scope: match def.scope {
            ScopeDef::Project => Scope::Project,
            ScopeDef::Zone => Scope::Zone,
        },
        property: property(def.property),
        label: def.label.into(),
        year: def.year,
        in_force: (first, last),
        check,
        citation,
        note: def.note.map(Into::into),
    })
}

fn amount_field(text: &str, field: &str) -> Result<AmountField> {
    AmountField::parse(text).ok_or_else(|| {
        invalid(field, format!("`{text}` is not an amount field (fixed_asset_investment, annual_tax, rd_expenditure, revenue)"))
    })
}

/// Comparator, wording and threshold, checked against each other and against the quote.
fn bound(
    id: &str,
    comparator: Option<&str>,
    wording: Option<&str>,
    threshold: Option<&ThresholdDef>,
    citation: &Citation,
) -> Result<Bound> {
    let comparator_text =
        comparator.ok_or_else(|| Error::from(ErrorKind::MissingField).at("comparator"))?;
    let wording = wording.ok_or_else(|| Error::from(ErrorKind::MissingField).at("wording"))?;
    let threshold =
        threshold.ok_or_else(|| Error::from(ErrorKind::MissingField).at("threshold"))?;
    let comparator = agreeing_comparator(comparator_text, wording)?;
    if wording != TABLE_VALUE && !citation.quote.contains(wording) {
        return Err(Error::from(ErrorKind::RulebookCitation {
            id: id.to_owned(),
            detail: format!("the wording `{wording}` does not occur in the quote"),
        })
        .at("wording"));
    }
    let value =
        parse_decimal(&threshold.value).map_err(|k| Error::from(k).at("threshold.value"))?;
    let unit =
        MeasureUnit::parse(&threshold.unit).map_err(|k| Error::from(k).at("threshold.unit"))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::from(ErrorKind::NegativeValue {
            value: canonical(value),
        })
        .at("threshold.value"));
    }
    if !citation.quote.contains(&canonical(value)) {
        return Err(Error::from(ErrorKind::RulebookCitation {
            id: id.to_owned(),
            detail: format!(
                "the threshold {} does not occur in the quote",
                canonical(value)
            ),
        })
        .at("threshold.value"));
    }
    Ok(Bound {
        comparator,
        wording: wording.to_owned(),
        threshold: Threshold { value, unit },
    })
}
