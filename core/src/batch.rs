//! One row per project for batches of assessments: the columns, in order, and every cell's
//! value — the one contract the CLI's CSV and Python's tables (Arrow, pandas, polars, records)
//! share, so that the same projects give the same columns and the same cells on both.
//!
//! ```text
//! row, id, name, eligible, verdict,
//! <rule>.status, <rule>.observed, <rule>.margin     (per project rule, in rulebook order; the
//!                                                    industry rule has no margin)
//! error_code, error_field, error_line, error_message_zh, error_message_en   (when bad rows
//!                                                    are reported in place)
//! ```
//!
//! `eligible` is `true`, `false` or empty (null) for a project no admission condition applies to,
//! whose `verdict` is `not_subject` ([`crate::Verdict`]); `eligible`/`not_eligible` otherwise.
//! `row` is the project's 0-based position in the batch. `observed` is the measured value in the
//! threshold's unit (万元/亩, %) — for the industry rule, the industry as the report names it —
//! and `margin` is observed − threshold, both decimals of the batch's one numeric type,
//! `decimal(38, 18)` (see [`batch_decimal`]): what a table column can hold, the same in the CLI's
//! CSV as in Arrow, pandas and polars. `error_line` is the line of the input text a bad row came
//! from, when the batch was read from text (the CLI); a table has no lines.

pub use crate::assess::whole::{WholeOutcome, WholeRow, WholeRules, WholeUnits};
use crate::assess::{Options, RowOutcome};
use crate::error::Error;
use crate::industry::Industry;
use crate::project::Project;
use crate::report::{Status, Verdict};
use crate::rulebook::{Check, Rule, Rulebook};
use rust_decimal::Decimal;
use std::ops::Range;

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
    /// Text as written (`id`, `name`, an error's field and messages).
    Text,
    /// A key from a small closed set — the verdict, a rule's status: text in CSV,
    /// dictionary-encoded in Arrow.
    Key,
    /// `true` or `false` (`eligible`).
    Boolean,
    /// A decimal of [`DECIMAL_PRECISION`] digits, [`DECIMAL_SCALE`] after the point (canonical
    /// text in CSV).
    Decimal,
}

/// A column of a batch's rows: its name, what it holds and its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The column's name, e.g. `eligible`, `admission.investment_per_mu.observed`.
    pub name: String,
    /// What its cells hold.
    pub kind: ColumnKind,
    /// The unit every cell of a decimal column is in (`万元/亩`, `%`), when the column has one;
    /// columnar surfaces put it in the schema.
    pub unit: Option<String>,
}

impl Column {
    /// A column without a unit.
    pub fn new(name: &str, kind: ColumnKind) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            unit: None,
        }
    }
}

/// Digits a batch's decimal cell may have in all: Arrow's `Decimal128` holds 38.
pub const DECIMAL_PRECISION: u8 = 38;
/// Digits after the point of a batch's decimal cell: 18, as Spark's system default
/// `decimal(38, 18)` — fine enough that every measured value of a realistic application is
/// exact (万元/亩 to a billionth of a billionth), while leaving 20 digits before the point. An
/// explained report keeps the engine's full 28 digits; a column needs one scale.
pub const DECIMAL_SCALE: u32 = 18;

/// Digits before the point a batch's decimal cell may have: `decimal(38, 18)` holds below 10²⁰.
const INTEGER_DIGITS: u32 = DECIMAL_PRECISION as u32 - DECIMAL_SCALE;

/// A measured value or margin as a batch cell: rounded half to even to [`DECIMAL_SCALE`] digits
/// (only a quotient that does not end within 18 digits — 1000 ÷ 3 — is changed, by less than
/// 5 × 10⁻¹⁹), and null beyond ±10²⁰, which no column of this type can hold. The status beside
/// it is the decision; the report names the value in full.
pub fn batch_decimal(value: Decimal) -> Cell<'static> {
    batch_value(value).map_or(Cell::Null, Cell::Decimal)
}

/// [`batch_decimal`]'s value: `None` for the null cell.
pub fn batch_value(value: Decimal) -> Option<Decimal> {
    let rounded = crate::number::round_dp(
        value,
        DECIMAL_SCALE,
        rust_decimal::RoundingStrategy::MidpointNearestEven,
    );
    crate::number::power_of_ten(INTEGER_DIGITS + rounded.scale())
        .is_none_or(|limit| rounded.mantissa().unsigned_abs() < limit)
        .then_some(rounded)
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// An empty cell: null in Arrow, empty in CSV.
    Null,
    /// The row's position, from 0.
    Index(u64),
    /// `true` or `false`.
    Boolean(bool),
    /// Text borrowed from the project or the rulebook.
    Text(&'a str),
    /// Text made for the row (an error message, the id of an application that could not be read).
    Owned(String),
    /// A decimal, already within `decimal(38, 18)` ([`batch_decimal`]).
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
/// a writer per row.
pub fn push_csv_row(out: &mut String, cells: &[Cell<'_>]) {
    let mut record = CsvRecord::new(out);
    for cell in cells {
        record.put(cell);
    }
    record.end();
}

/// A CSV record written cell by cell as [`push_csv_row`] writes it: a [`RowSink`], so a batch
/// row goes into the text without a list of cells first. [`CsvRecord::end`] ends the line.
pub struct CsvRecord<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> CsvRecord<'o> {
    /// A record appended to `out`.
    pub fn new(out: &'o mut String) -> Self {
        Self { out, first: true }
    }

    /// The next field. Numbers, booleans and empty cells never need quoting: written straight
    /// into the record.
    fn put(&mut self, cell: &Cell<'_>) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        let text = match cell {
            Cell::Text(t) => *t,
            Cell::Owned(t) => t.as_str(),
            other => return other.push_text(self.out),
        };
        if text.contains([',', '"', '\n', '\r']) {
            self.out.push('"');
            for part in text.split_inclusive('"') {
                self.out.push_str(part);
                if part.ends_with('"') {
                    self.out.push('"');
                }
            }
            self.out.push('"');
        } else {
            self.out.push_str(text);
        }
    }

    /// The line's end.
    pub fn end(self) {
        self.out.push('\n');
    }
}

impl<'a> RowSink<'a> for CsvRecord<'_> {
    fn cell(&mut self, cell: Cell<'a>) {
        self.put(&cell);
    }
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

/// A project's `id` and `name` cells.
fn subject(project: &Project) -> [Cell<'_>; 2] {
    [&project.id, &project.name].map(|t| t.as_deref().map_or(Cell::Null, Cell::Text))
}

/// Where a row's cells go, one at a time in column order ([`RowShape::columns`]): a list of
/// cells, or a columnar surface's builders, which take each cell as it comes instead of
/// through a list (a third of an Arrow row's time was the list, made and read again).
pub trait RowSink<'a> {
    /// The next column's cell.
    fn cell(&mut self, cell: Cell<'a>);

    /// The next column's cell, a word of the crate's vocabulary (a verdict or a status, the
    /// columns a surface may dictionary-encode). By default [`RowSink::cell`]; a columnar
    /// surface that knows the column takes it without matching a [`Cell`] — the most common
    /// cells of a row, each matched against every kind of column, were a tenth of its time.
    fn word(&mut self, word: &'static str) {
        self.cell(Cell::Text(word));
    }

    /// The next column's cell, a measured value or margin already within `decimal(38, 18)`
    /// ([`batch_decimal`]), or null. By default [`RowSink::cell`].
    fn decimal(&mut self, value: Option<Decimal>) {
        self.cell(value.map_or(Cell::Null, Cell::Decimal));
    }
}

impl<'a> RowSink<'a> for Vec<Cell<'a>> {
    fn cell(&mut self, cell: Cell<'a>) {
        self.push(cell);
    }
}

/// The columns of error rows, when bad rows are reported in place.
pub const ERROR_COLUMNS: [&str; 5] = [
    "error_code",
    "error_field",
    "error_line",
    "error_message_zh",
    "error_message_en",
];

/// What one column of a batch row holds ([`RowShape::slots`]). The rules are counted in
/// [`Rulebook::project_rules`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The row's index.
    Row,
    /// The project's `id`, as given.
    Id,
    /// The project's `name`, as given.
    Name,
    /// Whether it is eligible (`None` when no admission condition applies).
    Eligible,
    /// The verdict's key.
    Verdict,
    /// Rule `n`'s status key.
    Status(usize),
    /// Rule `n`'s measured value, a batch decimal.
    Observed(usize),
    /// Rule `n`'s `observed − threshold`.
    Margin(usize),
    /// The industry the project gave: a membership rule's measured value (rule `n`'s).
    Industry(usize),
    /// The `n`th of [`ERROR_COLUMNS`], empty in a judged row.
    Error(usize),
}

/// The shape of a batch's rows: which rulebook, how much detail, whether errors are reported.
#[derive(Debug, Clone, Copy)]
pub struct RowShape<'r> {
    /// The rulebook whose project rules give the rule columns.
    pub book: &'r Rulebook,
    /// Whether a row carries each rule's status only, or its measured value and margin too.
    pub detail: Detail,
    /// Whether rows carry the error columns, for bad rows reported in place.
    pub errors: bool,
}

impl<'r> RowShape<'r> {
    /// The shape of rows judged under `book`, with `detail` and, when `errors`, the error columns.
    pub fn new(book: &'r Rulebook, detail: Detail, errors: bool) -> Self {
        Self {
            book,
            detail,
            errors,
        }
    }

    /// What every column holds, in order: the one layout behind the columns' names
    /// ([`RowShape::columns`]) and a columnar surface's rows put column by column. A row's cells
    /// ([`RowShape::put_row`]) follow it (a test holds them to it).
    pub fn slots(&self) -> Vec<Slot> {
        let mut out = vec![
            Slot::Row,
            Slot::Id,
            Slot::Name,
            Slot::Eligible,
            Slot::Verdict,
        ];
        for (i, rule) in self.book.project_rules().enumerate() {
            out.push(Slot::Status(i));
            if self.detail == Detail::Full {
                // An industry has no margin: the column would always be empty.
                match rule.check.bound() {
                    Some(_) => out.extend([Slot::Observed(i), Slot::Margin(i)]),
                    None => out.push(Slot::Industry(i)),
                }
            }
        }
        if self.errors {
            out.extend((0..ERROR_COLUMNS.len()).map(Slot::Error));
        }
        out
    }

    /// Every column, in order.
    pub fn columns(&self) -> Vec<Column> {
        let rules: Vec<&Rule> = self.book.project_rules().collect();
        let rule = |i: usize| rules.get(i).copied();
        let named = |i: usize, part: &str, kind: ColumnKind| {
            let rule = rule(i)?;
            Some(Column {
                name: format!("{}.{part}", rule.id),
                kind,
                unit: rule.check.bound().map(|b| b.threshold.unit.name()),
            })
        };
        let column = |slot: Slot| -> Option<Column> {
            let column = Column::new;
            Some(match slot {
                Slot::Row => column("row", ColumnKind::Index),
                Slot::Id => column("id", ColumnKind::Text),
                Slot::Name => column("name", ColumnKind::Text),
                Slot::Eligible => column("eligible", ColumnKind::Boolean),
                Slot::Verdict => column("verdict", ColumnKind::Key),
                Slot::Status(i) => column(&format!("{}.status", rule(i)?.id), ColumnKind::Key),
                Slot::Observed(i) => named(i, "observed", ColumnKind::Decimal)?,
                Slot::Margin(i) => named(i, "margin", ColumnKind::Decimal)?,
                Slot::Industry(i) => named(i, "observed", ColumnKind::Text)?,
                Slot::Error(k) => {
                    let name = ERROR_COLUMNS.get(k)?;
                    let kind = if *name == "error_line" {
                        ColumnKind::Index
                    } else {
                        ColumnKind::Text
                    };
                    column(name, kind)
                }
            })
        };
        self.slots().into_iter().filter_map(column).collect()
    }

    /// The cells of a project's row, from [`Rulebook::evaluate`]'s outcomes, into `out`
    /// (cleared first).
    pub fn project_row<'a>(
        &self,
        row: u64,
        project: &'a Project,
        verdict: Verdict,
        outcomes: &[RowOutcome],
        out: &mut Vec<Cell<'a>>,
    ) {
        out.clear();
        self.put_row(
            row,
            subject(project),
            project.industry,
            verdict,
            outcomes,
            out,
        );
    }

    /// [`RowShape::project_row`]'s cells handed to `sink` one by one, with `subject` as the
    /// row's `id` and `name` (a columnar reader borrows them from its columns) and `industry`
    /// the project's (the industry rule's measured value).
    pub fn put_row<'a>(
        &self,
        row: u64,
        subject: [Cell<'a>; 2],
        industry: Industry,
        verdict: Verdict,
        outcomes: &[RowOutcome],
        sink: &mut impl RowSink<'a>,
    ) {
        sink.cell(Cell::Index(row));
        let [id, name] = subject;
        sink.cell(id);
        sink.cell(name);
        sink.cell(verdict.eligible().map_or(Cell::Null, Cell::Boolean));
        sink.word(verdict.key());
        for (rule, outcome) in self.book.project_rules().zip(outcomes) {
            sink.word(outcome.status.key());
            if self.detail == Detail::Full {
                if let Check::Membership { .. } = rule.check {
                    // The report names the industry the project gave; so does the row.
                    sink.cell(Cell::Text(industry.name_zh()));
                } else {
                    sink.decimal(outcome.observed.and_then(batch_value));
                    sink.decimal(outcome.margin.and_then(batch_value));
                }
            }
        }
        if self.errors {
            for _ in ERROR_COLUMNS {
                sink.cell(Cell::Null);
            }
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
        out.extend([Cell::Null, Cell::Null]);
        let rule_columns: usize = self
            .book
            .project_rules()
            .map(|rule| match (self.detail, rule.check.bound()) {
                (Detail::Status, _) => 1,
                (Detail::Full, Some(_)) => 3,
                (Detail::Full, None) => 2,
            })
            .sum();
        out.extend(std::iter::repeat_n(Cell::Null, rule_columns));
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

/// Below this many rows a batch is judged on one thread: starting threads costs more. The one
/// threshold every surface's batches use (the CLI's chunks, Python's tables and records).
pub const PARALLEL_FROM: usize = 256;

/// How many threads a batch is split across: the machine's cores, at most 8; one where threads
/// cannot be started (WebAssembly). Asked once: the standard library reads the cgroup's files
/// each time, and a batch asks for every block it reads.
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

/// `0..len` in up to [`threads`] contiguous ranges of about equal size, in order: one range
/// below [`PARALLEL_FROM`], none for no rows.
pub fn ranges(len: usize) -> Vec<Range<usize>> {
    let parts = if len < PARALLEL_FROM { 1 } else { threads() };
    let size = len.div_ceil(parts).max(1);
    (0..len)
        .step_by(size)
        .map(|start| start..(start + size).min(len))
        .collect()
}

/// Ordered parallel parts: `job(i, &parts[i])` for every part, each on its own thread (the
/// first on the calling thread), the results in the parts' order. A job that panics is not
/// turned into some input's error: the panic goes on, as if the parts had been run one by one.
pub fn in_order<T: Sync, R: Send>(parts: &[T], job: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    match parts {
        [] => Vec::new(),
        [only] => vec![job(0, only)],
        [first, rest @ ..] => std::thread::scope(|scope| {
            let job = &job;
            let handles: Vec<_> = rest
                .iter()
                .enumerate()
                .map(|(i, part)| scope.spawn(move || job(i + 1, part)))
                .collect();
            let mut out = Vec::with_capacity(parts.len());
            out.push(job(0, first));
            for handle in handles {
                match handle.join() {
                    Ok(result) => out.push(result),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            out
        }),
    }
}

/// One thread's reused buffers for judging rows ([`RowShape::judge`]).
#[derive(Debug, Default)]
pub struct Judge {
    outcomes: Vec<RowOutcome>,
    statuses: Vec<Status>,
}

impl Judge {
    /// The last judged project's outcomes (statuses only, without values, for
    /// [`Detail::Status`]).
    pub fn outcomes(&self) -> &[RowOutcome] {
        &self.outcomes
    }
}

impl RowShape<'_> {
    /// Judge `project` (every rule: [`Rulebook::evaluate`], or only the statuses for
    /// [`Detail::Status`]) and hand its row at `row` to `sink` (a list of cells, a CSV record);
    /// the verdict, or the engine's error (nothing is handed over then — the caller decides
    /// between [`RowShape::error_row`] and stopping). The one place a batch row is judged, for
    /// the CLI and Python alike.
    pub fn judge<'a>(
        &self,
        row: u64,
        project: &'a Project,
        options: Options,
        judge: &mut Judge,
        sink: &mut impl RowSink<'a>,
    ) -> crate::Result<Verdict> {
        let verdict = self.verdict(project, options, judge)?;
        self.put_row(
            row,
            subject(project),
            project.industry,
            verdict,
            &judge.outcomes,
            sink,
        );
        Ok(verdict)
    }

    /// Judge `project` into `judge`'s outcomes without building its row.
    pub fn verdict(
        &self,
        project: &Project,
        options: Options,
        judge: &mut Judge,
    ) -> crate::Result<Verdict> {
        match self.detail {
            Detail::Full => {
                self.book
                    .evaluate_cells(project, options, &mut judge.outcomes, DECIMAL_SCALE)
            }
            Detail::Status => {
                let verdict = self.book.statuses(project, options, &mut judge.statuses)?;
                judge.outcomes.clear();
                judge
                    .outcomes
                    .extend(judge.statuses.iter().map(|&status| RowOutcome {
                        status,
                        observed: None,
                        margin: None,
                    }));
                Ok(verdict)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    #[test]
    fn parts_keep_their_order() {
        assert!(ranges(0).is_empty());
        assert_eq!(ranges(PARALLEL_FROM - 1), vec![0..PARALLEL_FROM - 1]);
        for len in [PARALLEL_FROM, 1000, 1001] {
            let parts = ranges(len);
            assert!(parts.len() <= threads());
            let rows: Vec<usize> = parts.iter().flat_map(Clone::clone).collect();
            assert_eq!(rows, (0..len).collect::<Vec<_>>());
            let sums = in_order(&parts, |i, range| (i, range.clone().sum::<usize>()));
            assert_eq!(
                sums.iter().map(|s| s.0).collect::<Vec<_>>(),
                (0..parts.len()).collect::<Vec<_>>()
            );
            assert_eq!(sums.iter().map(|s| s.1).sum::<usize>(), len * (len - 1) / 2);
        }
    }

    #[test]
    fn a_panicking_part_panics_the_batch() {
        let parts = [0, 1, 2];
        let caught = std::panic::catch_unwind(|| {
            in_order(&parts, |i, _| assert!(i != 2, "part {i}"));
        });
        assert!(caught.is_err());
    }

    /// RFC 4180 as the `csv` crate writes it: only a field with a comma, a quote or a line
    /// break is quoted, its quotes doubled; numbers, booleans and nulls as they are.
    #[test]
    fn csv_records_quote_only_what_needs_it() {
        let mut out = String::new();
        push_csv_row(
            &mut out,
            &[
                Cell::Index(3),
                Cell::Text("a,b"),
                Cell::Owned("say \"hi\"".into()),
                Cell::Text("two\nlines"),
                Cell::Text("cr\r"),
                Cell::Text("智能制造"),
                Cell::Null,
                Cell::Boolean(false),
                Cell::Decimal(Decimal::new(-15, 1)),
                Cell::Text("\""),
            ],
        );
        assert_eq!(
            out,
            "3,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",智能制造,,false,-1.5,\"\"\"\"\n"
        );
    }

    #[test]
    fn batch_decimals_fit_decimal_38_18() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let text = |s: &str| batch_decimal(d(s)).text();
        // Exact values pass unchanged; a quotient that does not end is rounded at 18 digits.
        assert_eq!(text("300").as_deref(), Some("300"));
        assert_eq!(text("-0.0001").as_deref(), Some("-0.0001"));
        let third = d("1000") / d("3");
        assert_eq!(
            batch_decimal(third).text().as_deref(),
            Some("333.333333333333333333")
        );
        // Half to even at the 19th digit.
        assert_eq!(text("0.0000000000000000005").as_deref(), Some("0"));
        assert_eq!(
            text("0.0000000000000000015").as_deref(),
            Some("0.000000000000000002")
        );
        // Near the largest magnitude the type holds (rust_decimal has 28 digits), and the first
        // it does not.
        let top = "99999999999999999999.99999999";
        assert_eq!(text(top).as_deref(), Some(top));
        assert_eq!(
            text(&format!("-{top}")).as_deref(),
            Some(&*format!("-{top}"))
        );
        assert_eq!(text("100000000000000000000"), None);
        assert_eq!(text("-100000000000000000000.5"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Rounded as `Decimal` rounds, bit for bit (the sign of a zero included), and null
        /// exactly where that leaves 10²⁰ or more.
        #[test]
        fn batch_decimal_rounds_as_decimal_does(value in crate::exact::any_decimal()) {
            let limit = Decimal::from_i128_with_scale(10_i128.pow(20), 0);
            let rounded = value.round_dp_with_strategy(
                DECIMAL_SCALE,
                rust_decimal::RoundingStrategy::MidpointNearestEven,
            );
            let want = (rounded.abs() < limit).then(|| rounded.serialize());
            let got = match batch_decimal(value) {
                Cell::Decimal(d) => Some(d.serialize()),
                _ => None,
            };
            proptest::prop_assert_eq!(got, want);
        }
    }

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

    /// A row's cells are what [`RowShape::slots`] says each column holds — the layout a
    /// columnar surface fills column by column — under every reading, for a judged row and a
    /// bad one.
    #[test]
    fn rows_follow_the_slots() {
        let book = Rulebook::embedded();
        let project = Project::from_json_str(
            r#"{"id": "P", "industry": "智能制造",
                "fixed_asset_investment": {"value": "18001", "unit": "万元"},
                "land_area": {"value": "60", "unit": "亩"},
                "annual_tax": {"value": "3000", "unit": "万元"},
                "rd_expenditure": {"value": "70", "unit": "万元"},
                "revenue": {"value": "2000", "unit": "万元"}}"#,
        )
        .unwrap();
        let error = Project::from_json_str("{}").unwrap_err();
        let books = std::iter::once(book.clone()).chain(
            book.readings()
                .iter()
                .filter_map(|r| book.under(&[&r.id]).ok()),
        );
        for book in books {
            let mut outcomes = Vec::new();
            let options = Options::default();
            let verdict = book.evaluate(&project, options, &mut outcomes).unwrap();
            let decimal = |d: Option<Decimal>| {
                d.and_then(batch_value)
                    .and_then(|d| Cell::Decimal(d).text())
            };
            for detail in [Detail::Status, Detail::Full] {
                for errors in [false, true] {
                    let shape = RowShape::new(&book, detail, errors);
                    let slots = shape.slots();
                    assert_eq!(slots.len(), shape.columns().len());
                    let mut cells = Vec::new();
                    shape.project_row(7, &project, verdict, &outcomes, &mut cells);
                    assert_eq!(cells.len(), slots.len());
                    for (slot, cell) in slots.iter().zip(&cells) {
                        let outcome = |i: usize| &outcomes[i];
                        let want = match *slot {
                            Slot::Row => Some("7".to_owned()),
                            Slot::Id => Some("P".to_owned()),
                            Slot::Name | Slot::Error(_) => None,
                            Slot::Eligible => verdict.eligible().map(|e| e.to_string()),
                            Slot::Verdict => Some(verdict.key().to_owned()),
                            Slot::Status(i) => Some(outcome(i).status.key().to_owned()),
                            Slot::Observed(i) => decimal(outcome(i).observed),
                            Slot::Margin(i) => decimal(outcome(i).margin),
                            Slot::Industry(_) => Some(project.industry.name_zh().to_owned()),
                        };
                        assert_eq!(cell.text(), want, "{slot:?}");
                    }
                    let subject = [Cell::Text("P-9"), Cell::Null];
                    shape.error_row(8, subject, &error, Some(9), &mut cells);
                    for (slot, cell) in slots.iter().zip(&cells) {
                        // Every error column is given here (`{}` misses a named field).
                        let want = matches!(slot, Slot::Row | Slot::Id | Slot::Error(_));
                        assert_eq!(cell.text().is_some(), want, "{slot:?}");
                    }
                }
            }
        }
    }
}
