//! `[[readings]]` from TOML, and which rules and targets rest on each: those whose wording a
//! reading lists, then those that name it. Checked: unique ids, a known basis, an alteration
//! with exactly one kind and an alternative to describe it, an alteration that fits everything
//! resting on the reading (a comparator for comparisons, the band for 左右, base years and
//! indicators for zone targets), every named reading defined, and no reading that nothing rests
//! on (a misspelt wording would otherwise leave a reading silently unused).

use super::reading::{Alteration, Basis, Reading};
use super::source::{AlterationDef, ReadingDef};
use super::validate::invalid;
use super::{Check, Rule};
use crate::comparator::Comparator;
use crate::error::{Error, ErrorKind, Location, Result};
use crate::vocab::{FIRST_YEAR, LAST_YEAR};
use crate::zone::{Indicator, Relation, Target};
use std::collections::BTreeSet;

pub(crate) fn compile(
    defs: Vec<(ReadingDef, Option<Location>)>,
    rules: &mut [Rule],
    targets: &mut [Target],
    indicators: &[Indicator],
) -> Result<Vec<Reading>> {
    let mut readings = Vec::with_capacity(defs.len());
    let mut ids = BTreeSet::new();
    let mut places = Vec::with_capacity(defs.len());
    for (i, (def, location)) in defs.into_iter().enumerate() {
        let field = format!("readings[{i}]");
        let locate = |e: Error| e.at(&field).located_at(location);
        if !ids.insert(def.id.clone()) {
            return Err(locate(
                Error::from(ErrorKind::RulebookDuplicateId { id: def.id }).at("id"),
            ));
        }
        readings.push(reading(def, indicators).map_err(locate)?);
        places.push((field, location));
    }
    let attach = |wording: Option<&str>, named: &mut Vec<String>, field: &str| -> Result<()> {
        for (j, id) in named.iter().enumerate() {
            if !ids.contains(id) {
                return Err(Error::from(ErrorKind::UnknownReading { id: id.clone() })
                    .at(&format!("{field}.readings[{j}]")));
            }
        }
        let mut all: Vec<String> = readings
            .iter()
            .filter(|r| wording.is_some_and(|w| r.wordings.iter().any(|x| x == w)))
            .map(|r| r.id.clone())
            .collect();
        for id in named.drain(..) {
            if !all.contains(&id) {
                all.push(id);
            }
        }
        *named = all;
        Ok(())
    };
    for (i, rule) in rules.iter_mut().enumerate() {
        let wording = rule.check.bound().map(|b| b.wording.clone());
        attach(
            wording.as_deref(),
            &mut rule.readings,
            &format!("rules[{i}]"),
        )?;
    }
    for target in targets.iter_mut() {
        let wording = target.wording.clone();
        attach(Some(&wording), &mut target.readings, &target.id)?;
    }
    for (reading, (field, location)) in readings.iter().zip(places) {
        fits(reading, rules, targets).map_err(|e| e.at(&field).located_at(location))?;
    }
    Ok(readings)
}

fn reading(def: ReadingDef, indicators: &[Indicator]) -> Result<Reading> {
    if def.id.trim().is_empty() || def.id.chars().any(char::is_whitespace) {
        return Err(invalid(
            "id",
            format!(
                "reading id `{}` must be non-empty and contain no spaces",
                def.id
            ),
        ));
    }
    if def.words.trim().is_empty() {
        return Err(invalid("words", "the plan's words are empty"));
    }
    let basis = Basis::parse(&def.basis).ok_or_else(|| {
        invalid(
            "basis",
            format!(
                "unknown basis `{}`; expected civil_code_art_1259, analogy or drafting_assumption",
                def.basis
            ),
        )
    })?;
    let alteration = def
        .alteration
        .map(|a| alteration(a, indicators))
        .transpose()?;
    if alteration.is_some() && def.alternative.is_none() {
        return Err(invalid(
            "alternative",
            "an alteration evaluates an alternative: describe it in `alternative`",
        ));
    }
    if basis == Basis::CivilCodeArt1259 && def.alternative.is_some() {
        return Err(invalid(
            "alternative",
            "where art. 1259's own words decide, there is no alternative reading",
        ));
    }
    Ok(Reading {
        id: def.id,
        words: def.words,
        chosen: def.chosen.into(),
        alternative: def.alternative.map(Into::into),
        basis,
        alteration,
        wordings: def.wordings,
    })
}

fn alteration(def: AlterationDef, indicators: &[Indicator]) -> Result<Alteration> {
    let given = [
        def.comparator.is_some(),
        def.band.is_some(),
        def.since.is_some(),
        def.indicator.is_some(),
        def.tolerance.is_some(),
        def.in_force.is_some(),
        def.assessed.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(invalid(
            "alteration",
            "give exactly one of comparator, band, since, indicator, tolerance, in_force, assessed",
        ));
    }
    Ok(if let Some(text) = def.comparator {
        Alteration::Comparator(Comparator::parse(&text).ok_or_else(|| {
            invalid(
                "alteration.comparator",
                format!("unknown comparator `{text}`; expected >, >=, <=, <"),
            )
        })?)
    } else if let Some(assessed) = def.assessed {
        if !assessed {
            return Err(invalid(
                "alteration.assessed",
                "`assessed = true` or no assessed",
            ));
        }
        Alteration::Assessed
    } else if let Some(band) = def.band {
        if !band {
            return Err(invalid("alteration.band", "`band = true` or no band"));
        }
        Alteration::Band
    } else if let Some(year) = def.since {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(invalid(
                "alteration.since",
                format!("year {year} is outside {FIRST_YEAR}–{LAST_YEAR}"),
            ));
        }
        Alteration::Since(year)
    } else if let Some(text) = def.tolerance {
        let half_width = crate::number::parse_decimal(&text)
            .map_err(|k| Error::from(k).at("alteration.tolerance"))?;
        if half_width <= rust_decimal::Decimal::ZERO {
            return Err(invalid(
                "alteration.tolerance",
                "the tolerance of 左右 must be positive",
            ));
        }
        Alteration::Tolerance(half_width)
    } else if let Some([first, last]) = def.in_force {
        if first > last || first < FIRST_YEAR || last > LAST_YEAR {
            return Err(invalid(
                "alteration.in_force",
                format!("[{first}, {last}] is not a span of years within {FIRST_YEAR}–{LAST_YEAR}"),
            ));
        }
        Alteration::InForce(first, last)
    } else {
        let id = def.indicator.unwrap_or_default();
        if !indicators.iter().any(|i| i.id == id) {
            return Err(Error::from(ErrorKind::UnknownIndicator { id }).at("alteration.indicator"));
        }
        Alteration::Indicator(id)
    })
}

/// Everything resting on `reading` can take its alteration, and something rests on it.
fn fits(reading: &Reading, rules: &[Rule], targets: &[Target]) -> Result<()> {
    let rests = |ids: &[String]| ids.contains(&reading.id);
    let resting_rules: Vec<&Rule> = rules.iter().filter(|r| rests(&r.readings)).collect();
    let resting_targets: Vec<&Target> = targets.iter().filter(|t| rests(&t.readings)).collect();
    if resting_rules.is_empty() && resting_targets.is_empty() {
        return Err(invalid(
            "id",
            format!(
                "no rule or target rests on the reading `{}` (check its wordings and the rules' readings)",
                reading.id
            ),
        ));
    }
    let refuse = |id: &str, what: &str| {
        Err(invalid(
            "alteration",
            format!("`{id}` rests on `{}` but {what}", reading.id),
        ))
    };
    match &reading.alteration {
        None => {}
        Some(Alteration::Comparator(_)) => {
            if let Some(r) = resting_rules
                .iter()
                .find(|r| matches!(r.check, Check::Membership { .. }))
            {
                return refuse(&r.id, "a membership rule has no comparator");
            }
            if let Some(t) = resting_targets
                .iter()
                .find(|t| !matches!(t.relation, Relation::Compare(_)))
            {
                return refuse(&t.id, "左右 is no comparator");
            }
        }
        Some(Alteration::Band | Alteration::Tolerance(_)) => {
            if let Some(r) = resting_rules.first() {
                return refuse(&r.id, "only a 左右 target has a band");
            }
            if let Some(t) = resting_targets
                .iter()
                .find(|t| !matches!(t.relation, Relation::About { .. }))
            {
                return refuse(&t.id, "only a 左右 target has a band");
            }
        }
        Some(Alteration::Since(year)) => {
            if let Some(r) = resting_rules.first() {
                return refuse(&r.id, "only a zone target has a base year");
            }
            if let Some(t) = resting_targets.iter().find(|t| *year >= t.year) {
                return refuse(&t.id, "the base year must come before the target's year");
            }
        }
        Some(Alteration::Indicator(_)) => {
            if let Some(r) = resting_rules.first() {
                return refuse(&r.id, "only a zone target is measured on an indicator");
            }
        }
        Some(Alteration::InForce(..)) => {
            if let Some(t) = resting_targets.first() {
                return refuse(&t.id, "a zone target has its year, not years in force");
            }
        }
        Some(Alteration::Assessed) => {
            if let Some(t) = resting_targets.first() {
                return refuse(&t.id, "only a project rule is assessed for a project");
            }
            if let Some(r) = resting_rules
                .iter()
                .find(|r| r.property == crate::vocab::Property::Admission)
            {
                return refuse(&r.id, "an admission condition is always assessed");
            }
        }
    }
    Ok(())
}
