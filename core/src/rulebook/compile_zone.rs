//! Indicators and targets from their TOML form, validated against each other and against the
//! plan's wording: every table value occurs in its row as a cell, every prose number in its
//! quote (as digits or as the plan's Chinese reading, 千亿 = 1000 亿元), every comparator agrees
//! with its wording (Civil Code art. 1259), every unit fits its goal.

use super::source::{CrossCheckDef, IndicatorDef, TargetDef};
use super::validate::{agreeing_comparator, citation, invalid, property};
use crate::comparator::{Comparator, TABLE_VALUE};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::number::{canonical, parse_decimal};
use crate::vocab::{FIRST_YEAR, LAST_YEAR, Property};
use crate::zone::indicator::{Category, Direction, Indicator, IndicatorUnit, Measure};
use crate::zone::target::{BASE_YEAR, CrossCheck, Goal, Relation, Source, Target};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// 左右 (approximately): the only wording that is not a comparator.
pub const ABOUT: &str = "左右";

/// Numbers the plan writes in words, and their value in the target's unit.
const READINGS: &[(&str, &str)] = &[("千亿", "1000"), ("五百亿", "500"), ("翻两番", "4")];

/// Compile `[[indicators]]` then `[[targets]]`; table rows become targets `indicator.<id>.<year>`
/// in table order, followed by the prose targets in file order.
pub(crate) fn compile(
    taken: &mut BTreeSet<String>,
    indicator_defs: Vec<(IndicatorDef, Option<Location>)>,
    target_defs: Vec<(TargetDef, Option<Location>)>,
) -> Result<(Vec<Indicator>, Vec<Target>)> {
    let mut indicators = Vec::with_capacity(indicator_defs.len());
    let mut targets = Vec::new();
    let mut ids = BTreeMap::new();
    let mut numbers = BTreeSet::new();
    for (i, (def, location)) in indicator_defs.into_iter().enumerate() {
        let field = format!("indicators[{i}]");
        let locate = |e: Error| e.at(&field).located_at(location);
        if ids.insert(def.id.clone(), i).is_some() {
            return Err(locate(
                Error::from(ErrorKind::RulebookDuplicateId { id: def.id }).at("id"),
            ));
        }
        if let Some(n) = def.number.filter(|n| !numbers.insert(*n)) {
            return Err(locate(invalid(
                "number",
                format!("table row {n} appears twice"),
            )));
        }
        let (indicator, rows) = indicator(def, i).map_err(locate)?;
        if let Some(row) = rows.iter().find(|t| !taken.insert(t.id.clone())) {
            return Err(locate(
                Error::from(ErrorKind::RulebookDuplicateId { id: row.id.clone() }).at("table"),
            ));
        }
        indicators.push(indicator);
        targets.extend(rows);
    }
    for (i, (def, location)) in target_defs.into_iter().enumerate() {
        let field = format!("targets[{i}]");
        if !taken.insert(def.id.clone()) {
            return Err(Error::from(ErrorKind::RulebookDuplicateId { id: def.id })
                .at("id")
                .at(&field)
                .located_at(location));
        }
        let target = prose_target(def, &ids, &indicators)
            .and_then(|t| binding_only_as_restated(t, &targets))
            .map_err(|e| e.at(&field).located_at(location))?;
        targets.push(target);
    }
    Ok((indicators, targets))
}

fn id_ok(id: &str) -> Result<()> {
    if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
        return Err(invalid(
            "id",
            format!("id `{id}` must be non-empty and contain no spaces"),
        ));
    }
    Ok(())
}

fn indicator(def: IndicatorDef, index: usize) -> Result<(Indicator, Vec<Target>)> {
    id_ok(&def.id)?;
    let category = Category::parse(&def.category).ok_or_else(|| {
        let known: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
        invalid(
            "category",
            format!(
                "unknown category `{}`; expected {}",
                def.category,
                known.join(", ")
            ),
        )
    })?;
    let measure = Measure::parse(&def.measure).ok_or_else(|| {
        invalid(
            "measure",
            format!(
                "unknown measure `{}`; expected amount, count, per_capita, share, rate or cumulative",
                def.measure
            ),
        )
    })?;
    let direction = match def.direction.as_deref() {
        None | Some("higher") => Direction::Higher,
        Some("lower") => Direction::Lower,
        Some(other) => {
            return Err(invalid(
                "direction",
                format!("unknown direction `{other}`; expected higher or lower"),
            ));
        }
    };
    if def.unit.trim().is_empty() {
        return Err(Error::from(ErrorKind::MissingField).at("unit"));
    }
    let unit = IndicatorUnit::parse(&def.unit);
    let mut indicator = Indicator {
        id: def.id,
        number: def.number,
        category,
        name: def.name.into(),
        unit,
        measure,
        direction,
        baseline: None,
        property: None,
        citation: None,
    };
    let Some(number) = def.number else {
        let stray = [
            (def.baseline.is_some(), "baseline"),
            (def.property.is_some(), "property"),
            (def.comparator.is_some(), "comparator"),
            (def.wording.is_some(), "wording"),
            (!def.table.is_empty(), "table"),
            (def.citation.is_some(), "citation"),
            (!def.readings.is_empty(), "readings"),
        ];
        if let Some((_, key)) = stray.iter().find(|(given, _)| *given) {
            return Err(invalid(
                key,
                "only a table indicator (with `number`) has a baseline, property, comparator, wording, table, citation or readings; prose targets go in [[targets]]",
            ));
        }
        return Ok((indicator, Vec::new()));
    };
    let citation = citation(&indicator.id, def.citation)?;
    let row_property = def
        .property
        .ok_or_else(|| Error::from(ErrorKind::MissingField).at("property"))?;
    let row_property = property(row_property);
    if !matches!(row_property, Property::Expected | Property::Binding)
        || !citation.quote.ends_with(row_property.name_zh())
    {
        return Err(invalid(
            "property",
            format!(
                "a table row is 预期性 (expected) or 约束性 (binding) and ends with it; `{}` does not match the row",
                row_property.key()
            ),
        ));
    }
    if !citation.quote.starts_with(&format!("{number}.")) {
        return Err(invalid(
            "number",
            format!("the row quote does not start with `{number}.`"),
        ));
    }
    let wording = def
        .wording
        .ok_or_else(|| Error::from(ErrorKind::MissingField).at("wording"))?;
    let comparator_text = def
        .comparator
        .ok_or_else(|| Error::from(ErrorKind::MissingField).at("comparator"))?;
    let comparator = agreeing_comparator(&comparator_text, &wording)?;
    check_direction(comparator, direction)?;
    // Table cells are tab-separated; a value must be a whole cell, with its ≥/≤ sign.
    let sign = if wording == TABLE_VALUE {
        ""
    } else {
        wording.as_str()
    };
    let cell = |written: &str| format!("\t{written}\t");
    if let Some(written) = &def.baseline {
        let value = parse_decimal(written).map_err(|k| Error::from(k).at("baseline"))?;
        if !citation.quote.contains(&cell(written)) {
            return Err(citation_error(
                &indicator.id,
                "baseline",
                format!("the baseline `{written}` is not the row's 2020 cell"),
            ));
        }
        indicator.baseline = Some(value);
    }
    let readings = def.readings;
    let mut rows = Vec::with_capacity(def.table.len());
    for (year_text, written) in &def.table {
        let field = format!("table.{year_text}");
        let year = table_year(year_text).ok_or_else(|| {
            invalid(
                &field,
                format!(
                    "`{year_text}` is not a target year after {FIRST_YEAR} and up to {LAST_YEAR}"
                ),
            )
        })?;
        let value = parse_decimal(written).map_err(|k| Error::from(k).at(&field))?;
        if !citation.quote.contains(&cell(&format!("{sign}{written}"))) {
            return Err(citation_error(
                &indicator.id,
                &field,
                format!("`{sign}{written}` is not a cell of the row"),
            ));
        }
        rows.push(Target {
            id: format!("indicator.{}.{year}", indicator.id),
            indicator: index,
            property: row_property,
            year,
            goal: Goal::Level,
            since: BASE_YEAR,
            relation: Relation::Compare(comparator),
            wording: wording.clone(),
            threshold: value,
            threshold_unit: indicator.unit.name().to_owned(),
            source: Source::Table,
            citation: citation.clone(),
            note: None,
            readings: readings.clone(),
            aspiration: false,
        });
    }
    rows.sort_by_key(|t| t.year);
    indicator.property = Some(row_property);
    indicator.citation = Some(citation);
    Ok((indicator, rows))
}

fn table_year(text: &str) -> Option<u16> {
    text.parse::<u16>()
        .ok()
        .filter(|y| *y > FIRST_YEAR && *y <= LAST_YEAR)
}

fn prose_target(
    def: TargetDef,
    ids: &BTreeMap<String, usize>,
    indicators: &[Indicator],
) -> Result<Target> {
    id_ok(&def.id)?;
    let citation = citation(&def.id, def.citation)?;
    let (index, indicator) = ids
        .get(&def.indicator)
        .and_then(|&i| indicators.get(i).map(|ind| (i, ind)))
        .ok_or_else(|| invalid("indicator", format!("no indicator `{}`", def.indicator)))?;
    let goal = Goal::parse(&def.goal).ok_or_else(|| {
        invalid(
            "goal",
            format!(
                "unknown goal `{}`; expected level, annual_growth, multiple or annual_reduction",
                def.goal
            ),
        )
    })?;
    for (year, field) in [
        (def.year, "year"),
        (def.since.unwrap_or(BASE_YEAR), "since"),
    ] {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(invalid(
                field,
                format!("year {year} is outside {FIRST_YEAR}–{LAST_YEAR}"),
            ));
        }
    }
    let since = def.since.unwrap_or(BASE_YEAR);
    if since >= def.year {
        return Err(invalid(
            "since",
            format!(
                "the base year {since} must come before the target year {}",
                def.year
            ),
        ));
    }
    let relation = if def.comparator == "about" || def.wording == ABOUT {
        if def.comparator != "about" || def.wording != ABOUT {
            return Err(Error::from(ErrorKind::RulebookComparatorWording {
                comparator: def.comparator.clone(),
                wording: def.wording.clone(),
                expected: if def.wording == ABOUT {
                    "about"
                } else {
                    "not about"
                }
                .to_owned(),
            })
            .at("comparator"));
        }
        let text = def
            .tolerance
            .as_deref()
            .ok_or_else(|| Error::from(ErrorKind::MissingField).at("tolerance"))?;
        let tolerance = parse_decimal(text).map_err(|k| Error::from(k).at("tolerance"))?;
        if tolerance <= Decimal::ZERO {
            return Err(invalid(
                "tolerance",
                "the tolerance of 左右 must be positive",
            ));
        }
        Relation::About { tolerance }
    } else {
        if def.tolerance.is_some() {
            return Err(invalid(
                "tolerance",
                "only a 左右 (about) target has a tolerance",
            ));
        }
        let comparator = agreeing_comparator(&def.comparator, &def.wording)?;
        if goal == Goal::Level {
            check_direction(comparator, indicator.direction)?;
        }
        Relation::Compare(comparator)
    };
    if !citation.quote.contains(&def.wording) {
        return Err(citation_error(
            &def.id,
            "wording",
            format!("the wording `{}` does not occur in the quote", def.wording),
        ));
    }
    let threshold =
        parse_decimal(&def.threshold.value).map_err(|k| Error::from(k).at("threshold.value"))?;
    if threshold.is_sign_negative() && !threshold.is_zero() {
        return Err(Error::from(ErrorKind::NegativeValue {
            value: canonical(threshold),
        })
        .at("threshold.value"));
    }
    let expected_unit = match goal {
        Goal::Level => indicator.unit.name(),
        Goal::AnnualGrowth | Goal::AnnualReduction => "%",
        Goal::Multiple => "倍",
    };
    if def.threshold.unit != expected_unit {
        return Err(invalid(
            "threshold.unit",
            format!(
                "goal `{}` on `{}` is stated in {expected_unit}, not {}",
                goal.key(),
                indicator.id,
                def.threshold.unit
            ),
        ));
    }
    if !number_occurs(&def.threshold.value, threshold, &citation.quote) {
        return Err(citation_error(
            &def.id,
            "threshold.value",
            format!(
                "the threshold {} does not occur in the quote",
                canonical(threshold)
            ),
        ));
    }
    Ok(Target {
        id: def.id,
        indicator: index,
        property: property(def.property),
        year: def.year,
        goal,
        since,
        relation,
        wording: def.wording,
        threshold,
        threshold_unit: expected_unit.to_owned(),
        source: Source::Prose,
        aspiration: crate::zone::target::is_aspiration(&citation.quote),
        citation,
        note: def.note.map(Into::into),
        readings: def.readings,
    })
}

/// A prose target is 约束性 only where it restates the table's 约束性 requirement for its year:
/// the same goal, relation and number. The plan gives prose targets no property of their own, so
/// one that asks for something else (公众安全感「95%以上」 in 2025 where the binding table row says
/// 90) cannot borrow the row's — it is 预期性, and a zone at 92 % breaks no binding target.
fn binding_only_as_restated(target: Target, table: &[Target]) -> Result<Target> {
    if target.property != Property::Binding {
        return Ok(target);
    }
    let restated = table.iter().any(|t| {
        t.source == Source::Table
            && t.property == Property::Binding
            && t.indicator == target.indicator
            && t.year == target.year
            && t.goal == target.goal
            && t.relation == target.relation
            && t.threshold == target.threshold
    });
    if restated {
        return Ok(target);
    }
    let row = table
        .iter()
        .filter(|t| t.source == Source::Table && t.indicator == target.indicator)
        .find(|t| t.year == target.year);
    Err(invalid(
        "property",
        format!(
            "a prose target is binding only where it restates the table's binding requirement for its year ({}); `{}` does not: make it expected",
            row.map_or_else(
                || format!("the table has no binding value for {}", target.year),
                |t| format!(
                    "the table asks {} {}",
                    t.relation.symbol(),
                    canonical(t.threshold)
                )
            ),
            target.id
        ),
    ))
}

/// A level to reach (`>`, `>=`) belongs to an indicator where more is better, a ceiling
/// (`<`, `<=`) to one where less is better.
fn check_direction(comparator: Comparator, direction: Direction) -> Result<()> {
    let ceiling = matches!(comparator, Comparator::Le | Comparator::Lt);
    if ceiling != (direction == Direction::Lower) {
        return Err(invalid(
            "comparator",
            format!(
                "comparator {} contradicts the indicator's direction (set direction = \"lower\" for a ceiling)",
                comparator.symbol()
            ),
        ));
    }
    Ok(())
}

/// Whether a threshold is written in its quote: as the rulebook writes it, in canonical form,
/// or as one of the plan's Chinese readings.
fn number_occurs(written: &str, value: Decimal, quote: &str) -> bool {
    quote.contains(written)
        || quote.contains(&canonical(value))
        || READINGS.iter().any(|(reading, number)| {
            quote.contains(reading) && parse_decimal(number).is_ok_and(|n| n == value)
        })
}

fn citation_error(id: &str, field: &str, detail: String) -> Error {
    Error::from(ErrorKind::RulebookCitation {
        id: id.to_owned(),
        detail,
    })
    .at(field)
}

/// `[[cross_checks]]`: every id a target's, all of them level goals of the same year and unit
/// (a sum of 亿元 against 亿元), at least two parts, none of them the whole.
pub(crate) fn cross_checks(
    defs: Vec<(CrossCheckDef, Option<Location>)>,
    targets: &[Target],
) -> Result<Vec<CrossCheck>> {
    let mut seen = BTreeSet::new();
    let mut checks = Vec::with_capacity(defs.len());
    for (i, (def, location)) in defs.into_iter().enumerate() {
        let field = format!("cross_checks[{i}]");
        let locate = |e: Error| e.at(&field).located_at(location);
        id_ok(&def.id).map_err(locate)?;
        if !seen.insert(def.id.clone()) {
            return Err(locate(
                Error::from(ErrorKind::RulebookDuplicateId { id: def.id }).at("id"),
            ));
        }
        let find = |id: &str, at: &str| {
            targets
                .iter()
                .find(|t| t.id == id)
                .ok_or_else(|| invalid(at, format!("no target `{id}`")))
        };
        let whole = find(&def.whole, "whole").map_err(locate)?;
        if def.parts.len() + def.scaled.len() < 2 {
            return Err(locate(invalid("parts", "a sum needs at least two parts")));
        }
        let summed = def
            .parts
            .iter()
            .enumerate()
            .map(|(j, id)| (format!("parts[{j}]"), id));
        let scaled = def.scaled.iter().enumerate();
        let scaled_parts = scaled
            .clone()
            .map(|(j, s)| (format!("scaled[{j}].part"), &s.part));
        for (at, id) in summed.chain(scaled_parts) {
            let part = find(id, &at).map_err(locate)?;
            let fits = part.goal == Goal::Level
                && whole.goal == Goal::Level
                && part.year == whole.year
                && part.threshold_unit == whole.threshold_unit
                && part.id != whole.id;
            if !fits {
                return Err(locate(invalid(
                    &at,
                    format!(
                        "`{id}` and the whole `{}` must be different level targets of the same year and unit",
                        whole.id
                    ),
                )));
            }
        }
        for (j, s) in scaled {
            let at = format!("scaled[{j}].by");
            let share = find(&s.by, &at).map_err(locate)?;
            if share.goal != Goal::Level || share.year != whole.year || share.threshold_unit != "%"
            {
                return Err(locate(invalid(
                    &at,
                    format!(
                        "`{}` must be a level target in % of the whole's year {}",
                        s.by, whole.year
                    ),
                )));
            }
        }
        checks.push(CrossCheck {
            id: def.id,
            whole: def.whole,
            parts: def.parts,
            scaled: def.scaled.into_iter().map(|s| (s.part, s.by)).collect(),
            note: def.note.into(),
        });
    }
    Ok(checks)
}
