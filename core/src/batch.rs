//! One row per project for batches of assessments: the columns, in order, and every cell's
//! value — the one contract the CLI's CSV and Python's tables (Arrow, pandas, polars, records)
//! share, so that the same projects give the same columns and the same cells on both.
//!
//! ```text
//! row, id, name, eligible,
//! <rule>.status, <rule>.observed, <rule>.margin     (per project rule, in rulebook order)
//! error_code, error_field, error_line, error_message_zh, error_message_en   (when bad rows
//!                                                    are reported in place)
//! ```
//!
//! `row` is the project's 0-based position in the batch. `observed` is the measured value in the
//! threshold's unit (万元/亩, %) — for the industry rule, the industry as the report names it —
//! and `margin` is observed − threshold, both exact decimal text. `error_line` is the line of the
//! input text a bad row came from, when the batch was read from text (the CLI); a table has no
//! lines.

use crate::assess::RowOutcome;
use crate::error::Error;
use crate::project::Project;
use crate::rulebook::{Check, Rulebook};
use rust_decimal::Decimal;

/// How much of each rule a row carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Eligibility and each rule's status (the faster screening path).
    Status,
    /// Also each rule's measured value and margin.
    Full,
}

/// What a column holds, so a columnar surface can type it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The row's position (a whole number).
    Index,
    Text,
    Boolean,
    /// An exact decimal, as canonical text.
    Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    Null,
    Index(u64),
    Boolean(bool),
    Text(&'a str),
    Owned(String),
    Decimal(Decimal),
}

impl Cell<'_> {
    /// The cell as text (CSV): canonical decimals, `true`/`false`; `None` for null.
    pub fn text(&self) -> Option<String> {
        if *self == Self::Null {
            return None;
        }
        let mut out = String::new();
        self.push_text(&mut out);
        Some(out)
    }

    /// The cell as text (as [`Cell::text`]) appended to `out`, without allocating; a null
    /// appends nothing.
    pub fn push_text(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            Self::Null => {}
            Self::Index(i) => {
                let _ = write!(out, "{i}");
            }
            Self::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Text(t) => out.push_str(t),
            Self::Owned(t) => out.push_str(t),
            Self::Decimal(d) => crate::number::push_canonical(out, *d),
        }
    }
}

/// One CSV record (RFC 4180, `\n` line end) appended to `out`: a field is quoted only when it
/// holds a comma, a quote or a line break, quotes doubled — what the `csv` crate writes, without
/// a writer per row. `scratch` holds each cell's text on the way.
pub fn push_csv_row(out: &mut String, cells: &[Cell<'_>], scratch: &mut String) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        scratch.clear();
        cell.push_text(scratch);
        if scratch.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&scratch.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(scratch);
        }
    }
    out.push('\n');
}

/// The `id` and `name` a JSON application gives, read as far as they can be whatever else is
/// wrong with it (an integer id as its digits), for an error row.
pub fn subject_of_json(text: &str) -> [Cell<'static>; 2] {
    subject_texts_of_json(text).map(|t| t.map_or(Cell::Null, Cell::Owned))
}

/// [`subject_of_json`] as text.
pub fn subject_texts_of_json(text: &str) -> [Option<String>; 2] {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let text_of = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    [text_of(value.get("id")), text_of(value.get("name"))]
}

/// The columns of error rows, when bad rows are reported in place.
pub const ERROR_COLUMNS: [&str; 5] = [
    "error_code",
    "error_field",
    "error_line",
    "error_message_zh",
    "error_message_en",
];

/// The shape of a batch's rows: which rulebook, how much detail, whether errors are reported.
#[derive(Debug, Clone, Copy)]
pub struct RowShape<'r> {
    pub book: &'r Rulebook,
    pub detail: Detail,
    pub errors: bool,
}

impl<'r> RowShape<'r> {
    pub fn new(book: &'r Rulebook, detail: Detail, errors: bool) -> Self {
        Self {
            book,
            detail,
            errors,
        }
    }

    /// Every column, in order.
    pub fn columns(&self) -> Vec<Column> {
        let column = |name: &str, kind| Column {
            name: name.to_owned(),
            kind,
        };
        let mut out = vec![
            column("row", ColumnKind::Index),
            column("id", ColumnKind::Text),
            column("name", ColumnKind::Text),
            column("eligible", ColumnKind::Boolean),
        ];
        for rule in self.book.project_rules() {
            out.push(column(&format!("{}.status", rule.id), ColumnKind::Text));
            if self.detail == Detail::Full {
                let observed = match rule.check {
                    Check::Membership { .. } => ColumnKind::Text,
                    _ => ColumnKind::Decimal,
                };
                out.push(column(&format!("{}.observed", rule.id), observed));
                out.push(column(&format!("{}.margin", rule.id), ColumnKind::Decimal));
            }
        }
        if self.errors {
            for name in ERROR_COLUMNS {
                let kind = if name == "error_line" {
                    ColumnKind::Index
                } else {
                    ColumnKind::Text
                };
                out.push(column(name, kind));
            }
        }
        out
    }

    /// The cells of a project's row, from [`Rulebook::evaluate`]'s outcomes, into `out`
    /// (cleared first).
    pub fn project_row<'a>(
        &self,
        row: u64,
        project: &'a Project,
        eligible: bool,
        outcomes: &[RowOutcome],
        out: &mut Vec<Cell<'a>>,
    ) {
        out.clear();
        out.push(Cell::Index(row));
        out.push(project.id.as_deref().map_or(Cell::Null, Cell::Text));
        out.push(project.name.as_deref().map_or(Cell::Null, Cell::Text));
        out.push(Cell::Boolean(eligible));
        for (rule, outcome) in self.book.project_rules().zip(outcomes) {
            out.push(Cell::Text(outcome.status.key()));
            if self.detail == Detail::Full {
                let observed = match (&rule.check, outcome.observed) {
                    // The report names the industry the project gave; so does the row.
                    (Check::Membership { .. }, _) => Cell::Text(project.industry.name_zh()),
                    (_, Some(v)) => Cell::Decimal(v),
                    (_, None) => Cell::Null,
                };
                out.push(observed);
                out.push(outcome.margin.map_or(Cell::Null, Cell::Decimal));
            }
        }
        if self.errors {
            out.extend(ERROR_COLUMNS.iter().map(|_| Cell::Null));
        }
    }

    /// The cells of a bad row, into `out` (cleared first): nothing decided, the engine's error.
    /// `subject` is the row's `id` and `name` as given, when they could be read (an analyst
    /// finds the bad application by them); `line` is where the row was read from, when it was
    /// read from text.
    pub fn error_row<'a>(
        &self,
        row: u64,
        subject: [Cell<'a>; 2],
        error: &'a Error,
        line: Option<u64>,
        out: &mut Vec<Cell<'a>>,
    ) {
        out.clear();
        out.push(Cell::Index(row));
        out.extend(subject);
        out.push(Cell::Null);
        let per_rule = if self.detail == Detail::Full { 3 } else { 1 };
        for _ in 0..self.book.project_rules().count() * per_rule {
            out.push(Cell::Null);
        }
        if self.errors {
            let message = error.message();
            out.push(Cell::Text(error.code()));
            out.push(error.field.as_deref().map_or(Cell::Null, Cell::Text));
            out.push(line.map_or(Cell::Null, Cell::Index));
            out.push(Cell::Owned(message.zh));
            out.push(Cell::Owned(message.en));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::Options;

    #[test]
    fn every_row_has_a_cell_per_column() {
        let book = Rulebook::embedded();
        let project = Project::from_json_str(
            r#"{"id": "P", "industry": "数字经济",
                "fixed_asset_investment": {"value": "18000", "unit": "万元"},
                "land_area": {"value": "60", "unit": "亩"},
                "annual_tax": {"value": "3000", "unit": "万元"}}"#,
        )
        .unwrap();
        let mut outcomes = Vec::new();
        let eligible = book
            .evaluate(&project, Options::default(), &mut outcomes)
            .unwrap();
        let error = Project::from_json_str("{}").unwrap_err();
        for detail in [Detail::Status, Detail::Full] {
            for errors in [false, true] {
                let shape = RowShape::new(book, detail, errors);
                let columns = shape.columns();
                let mut cells = Vec::new();
                shape.project_row(7, &project, eligible, &outcomes, &mut cells);
                assert_eq!(cells.len(), columns.len());
                shape.error_row(
                    8,
                    [Cell::Text("P-9"), Cell::Null],
                    &error,
                    Some(9),
                    &mut cells,
                );
                assert_eq!(cells.len(), columns.len());
            }
        }
        let shape = RowShape::new(book, Detail::Full, true);
        let mut cells = Vec::new();
        shape.project_row(0, &project, eligible, &outcomes, &mut cells);
        let names: Vec<String> = shape.columns().into_iter().map(|c| c.name).collect();
        let cell = |name: &str| {
            let i = names.iter().position(|n| n == name).unwrap();
            cells[i].text()
        };
        assert_eq!(cell("eligible").as_deref(), Some("false"));
        assert_eq!(
            cell("admission.investment_per_mu.observed").as_deref(),
            Some("300")
        );
        assert_eq!(
            cell("admission.investment_per_mu.margin").as_deref(),
            Some("0")
        );
        assert_eq!(
            cell("admission.leading_industry.observed").as_deref(),
            Some("数字经济")
        );
        assert_eq!(cell("error_code"), None);
    }
}
