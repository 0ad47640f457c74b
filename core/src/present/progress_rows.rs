//! One row per target for progress tables: the columns, in order, and every cell — the contract
//! the CLI's `progress --format csv` and Python's `Progress.targets()` / `to_frame()` share.

use crate::batch::{Cell, Column, ColumnKind};
use crate::zone::progress::ProgressReport;

/// The columns of a progress row, with what each holds.
const COLUMNS: [(&str, ColumnKind); 29] = [
    ("category", ColumnKind::Text),
    ("indicator", ColumnKind::Text),
    ("number", ColumnKind::Index),
    ("target_id", ColumnKind::Text),
    ("year", ColumnKind::Index),
    ("goal", ColumnKind::Text),
    ("property", ColumnKind::Text),
    ("comparator", ColumnKind::Text),
    ("threshold", ColumnKind::Decimal),
    ("threshold_unit", ColumnKind::Text),
    ("required", ColumnKind::Decimal),
    ("unit", ColumnKind::Text),
    ("status", ColumnKind::Text),
    ("violation", ColumnKind::Boolean),
    ("observed_year", ColumnKind::Index),
    ("observed", ColumnKind::Decimal),
    ("on_track", ColumnKind::Decimal),
    ("gap", ColumnKind::Decimal),
    ("required_annual_growth", ColumnKind::Decimal),
    ("required_annual_change", ColumnKind::Decimal),
    ("message_zh", ColumnKind::Text),
    ("message_en", ColumnKind::Text),
    // Added after the first release: at the end, so existing readers keep their columns.
    ("indicator_name_zh", ColumnKind::Text),
    ("indicator_name_en", ColumnKind::Text),
    ("direction", ColumnKind::Text),
    // `gap` signed so that positive means ahead whichever way is better (issue 16): `gap` for
    // an indicator where more is better, −`gap` where less is.
    ("ahead_by", ColumnKind::Decimal),
    ("aspiration", ColumnKind::Boolean),
    ("alternative_status", ColumnKind::Text),
    // The indicator's observed 2020 value when the plan's 2020 column replaced it, for a target
    // measured from 2020 (issue 24): the table says what the chart's note and the JSON's
    // `baseline.observed_set_aside` say.
    ("baseline_set_aside", ColumnKind::Decimal),
];

/// The columns of a progress row.
pub fn columns() -> Vec<Column> {
    COLUMNS
        .iter()
        .map(|(name, kind)| Column::new(name, *kind))
        .collect()
}

/// The gap signed so that positive means ahead: as it is where more is better, negated where
/// less is (an unemployment rate 0.2 below its path is 0.2 ahead).
fn ahead_by(gap: Option<&str>, direction: crate::zone::Direction) -> Cell<'_> {
    let Some(gap) = gap else {
        return Cell::Null;
    };
    match direction {
        crate::zone::Direction::Higher => Cell::Text(gap),
        crate::zone::Direction::Lower => crate::number::parse_decimal(gap)
            .map_or(Cell::Null, |d| Cell::Owned(crate::number::canonical(-d))),
    }
}

/// An optional text cell.
fn text(value: &Option<String>) -> Cell<'_> {
    value.as_deref().map_or(Cell::Null, Cell::Text)
}

impl ProgressReport<'_> {
    /// One row per target, in report order; cells as [`columns`] lists them. Decimal cells are
    /// the report's exact text.
    pub fn rows(&self) -> Vec<Vec<Cell<'_>>> {
        let mut rows = Vec::new();
        for i in &self.indicators {
            for t in &i.targets {
                rows.push(vec![
                    Cell::Text(i.category.key()),
                    Cell::Text(&i.id),
                    i.number.map_or(Cell::Null, |n| Cell::Index(u64::from(n))),
                    Cell::Text(&t.target_id),
                    Cell::Index(u64::from(t.year)),
                    Cell::Text(t.goal.key()),
                    Cell::Text(t.property.key()),
                    Cell::Text(t.comparator),
                    Cell::Text(&t.threshold.value),
                    Cell::Text(&t.threshold.unit),
                    text(&t.required),
                    Cell::Text(&i.unit),
                    Cell::Text(t.status.key()),
                    Cell::Boolean(t.violation),
                    t.observed
                        .as_ref()
                        .map_or(Cell::Null, |o| Cell::Index(u64::from(o.year))),
                    t.observed
                        .as_ref()
                        .map_or(Cell::Null, |o| Cell::Text(&o.value)),
                    text(&t.on_track),
                    text(&t.gap),
                    text(&t.required_annual_growth),
                    text(&t.required_annual_change),
                    Cell::Text(&t.message.zh),
                    Cell::Text(&t.message.en),
                    Cell::Text(&i.name.zh),
                    Cell::Text(&i.name.en),
                    Cell::Text(i.direction.key()),
                    ahead_by(t.gap.as_deref(), i.direction),
                    Cell::Boolean(t.aspiration),
                    t.alternative_status
                        .map_or(Cell::Null, |s| Cell::Text(s.key())),
                    i.baseline
                        .as_ref()
                        .and_then(|b| b.observed_set_aside.as_deref())
                        .filter(|_| t.since == crate::zone::target::BASE_YEAR)
                        .map_or(Cell::Null, Cell::Text),
                ]);
            }
        }
        rows
    }
}
