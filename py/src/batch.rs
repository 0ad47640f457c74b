//! Batches: an Arrow table (from pyarrow, pandas or polars) or a list of records, scored in Rust
//! with the GIL released. One row per project: eligibility, and per project rule its status,
//! measured value and margin (exact decimal text) — the numbers of the explained report, from
//! the same core function (`Rulebook::evaluate`).

use crate::{PyRulebook, options, to_py_err};
use arrow_array::builder::{BooleanBuilder, Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use shenfu_rules::error::{Expected, Found};
use shenfu_rules::project::check_columns;
use shenfu_rules::{Cell, Error, ErrorKind, Options, Project, RowOutcome, Rulebook};
use std::collections::HashMap;
use std::sync::Arc;

/// A bad row (its index, when the error belongs to one) and the error.
type RowError = Box<(Option<usize>, Error)>;

/// A cell as the core reads it: strings borrowed as written, integers and decimals as exact
/// numbers (no text round trip), floats through their shortest round-trip text.
enum Read<'a> {
    Text(&'a str),
    Owned(String),
    Number(Decimal),
}

impl Read<'_> {
    fn cell(&self) -> Cell<'_> {
        match self {
            Self::Text(t) => Cell::Text(t),
            Self::Owned(t) => Cell::Text(t),
            Self::Number(d) => Cell::Number(*d),
        }
    }

    fn text(&self) -> String {
        match self {
            Self::Text(t) => (*t).to_owned(),
            Self::Owned(t) => t.clone(),
            Self::Number(d) => shenfu_rules::number::canonical(*d),
        }
    }
}

/// `None` for a null.
fn cell(array: &dyn Array, row: usize) -> Result<Option<Read<'_>>, Error> {
    if array.is_null(row) {
        return Ok(None);
    }
    let read = match array.data_type() {
        DataType::Utf8 => Read::Text(array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Read::Text(array.as_string::<i64>().value(row)),
        DataType::Utf8View => Read::Text(array.as_string_view().value(row)),
        DataType::Int8 => Read::Number(array.as_primitive::<Int8Type>().value(row).into()),
        DataType::Int16 => Read::Number(array.as_primitive::<Int16Type>().value(row).into()),
        DataType::Int32 => Read::Number(array.as_primitive::<Int32Type>().value(row).into()),
        DataType::Int64 => Read::Number(array.as_primitive::<Int64Type>().value(row).into()),
        DataType::UInt8 => Read::Number(array.as_primitive::<UInt8Type>().value(row).into()),
        DataType::UInt16 => Read::Number(array.as_primitive::<UInt16Type>().value(row).into()),
        DataType::UInt32 => Read::Number(array.as_primitive::<UInt32Type>().value(row).into()),
        DataType::UInt64 => Read::Number(array.as_primitive::<UInt64Type>().value(row).into()),
        DataType::Float32 => {
            Read::Owned(array.as_primitive::<Float32Type>().value(row).to_string())
        }
        DataType::Float64 => {
            Read::Owned(array.as_primitive::<Float64Type>().value(row).to_string())
        }
        DataType::Decimal128(_, scale) => {
            let value = array
                .as_primitive::<arrow_array::types::Decimal128Type>()
                .value(row);
            let scale = u32::try_from(*scale).unwrap_or(u32::MAX);
            Read::Number(
                Decimal::try_from_i128_with_scale(value, scale).map_err(|_| {
                    Error::from(ErrorKind::OutOfRange {
                        text: format!("{value}e-{scale}"),
                    })
                })?,
            )
        }
        DataType::Boolean => {
            return Err(Error::from(ErrorKind::InvalidType {
                expected: Expected::Number,
                found: Found::Boolean,
            }));
        }
        _ => {
            return Err(Error::from(ErrorKind::InvalidType {
                expected: Expected::Number,
                found: Found::Other,
            }));
        }
    };
    Ok(Some(read))
}

/// Columns read as text: dictionary-encoded ones (pandas categoricals) are decoded first.
fn readable(array: &ArrayRef) -> Result<ArrayRef, Error> {
    match array.data_type() {
        DataType::Dictionary(_, _) => arrow_cast::cast(array, &DataType::Utf8).map_err(|e| {
            Error::from(ErrorKind::InvalidType {
                expected: Expected::Text,
                found: Found::Other,
            })
            .at(&e.to_string())
        }),
        _ => Ok(Arc::clone(array)),
    }
}

/// The columns of one table, checked against the contract once.
struct Layout {
    names: Vec<String>,
    has_id: bool,
}

fn layout(schema: &Schema) -> Result<Layout, Error> {
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    check_columns(&names)?;
    let has_id = names.iter().any(|n| n == "id");
    Ok(Layout { names, has_id })
}

/// A decimal as canonical text into a string column, without an intermediate `String`.
fn append_decimal(builder: &mut StringBuilder, value: Option<Decimal>) {
    match value {
        Some(v) => {
            let mut text = String::with_capacity(32);
            shenfu_rules::number::push_canonical(&mut text, v);
            builder.append_value(&text);
        }
        None => builder.append_null(),
    }
}

/// Output columns, filled row by row.
struct Output {
    row: Int64Builder,
    id: StringBuilder,
    eligible: BooleanBuilder,
    error_code: StringBuilder,
    error_field: StringBuilder,
    error_message: StringBuilder,
    per_rule: Vec<[StringBuilder; 3]>,
    rule_ids: Vec<String>,
    /// Measured values and margins too, or statuses only.
    detail: bool,
}

impl Output {
    fn new(book: &Rulebook, capacity: usize, detail: bool) -> Self {
        let rule_ids: Vec<String> = book.project_rules().map(|r| r.id.clone()).collect();
        Self {
            row: Int64Builder::with_capacity(capacity),
            id: StringBuilder::new(),
            eligible: BooleanBuilder::with_capacity(capacity),
            error_code: StringBuilder::new(),
            error_field: StringBuilder::new(),
            error_message: StringBuilder::new(),
            per_rule: rule_ids
                .iter()
                .map(|_| {
                    [
                        StringBuilder::new(),
                        StringBuilder::new(),
                        StringBuilder::new(),
                    ]
                })
                .collect(),
            rule_ids,
            detail,
        }
    }

    fn push(
        &mut self,
        row: usize,
        id: Option<&str>,
        result: &Result<(bool, &[RowOutcome]), Error>,
    ) {
        self.row
            .append_value(i64::try_from(row).unwrap_or(i64::MAX));
        self.id.append_option(id);
        match result {
            Ok((eligible, outcomes)) => {
                self.eligible.append_value(*eligible);
                self.error_code.append_null();
                self.error_field.append_null();
                self.error_message.append_null();
                for (builders, outcome) in self.per_rule.iter_mut().zip(outcomes.iter()) {
                    let [status, observed, margin] = builders;
                    status.append_value(outcome.status.key());
                    if self.detail {
                        append_decimal(observed, outcome.observed);
                        append_decimal(margin, outcome.margin);
                    }
                }
            }
            Err(error) => {
                self.eligible.append_null();
                self.error_code.append_value(error.code());
                self.error_field.append_option(error.field.as_deref());
                self.error_message.append_value(error.kind.to_string());
                for [status, observed, margin] in &mut self.per_rule {
                    status.append_null();
                    if self.detail {
                        observed.append_null();
                        margin.append_null();
                    }
                }
            }
        }
    }

    fn finish(mut self, with_errors: bool) -> Result<RecordBatch, String> {
        let mut fields = vec![
            Field::new("row", DataType::Int64, false),
            Field::new("id", DataType::Utf8, true),
            Field::new("eligible", DataType::Boolean, true),
        ];
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.row.finish()),
            Arc::new(self.id.finish()),
            Arc::new(self.eligible.finish()),
        ];
        if with_errors {
            for (name, builder) in [
                ("error_code", &mut self.error_code),
                ("error_field", &mut self.error_field),
                ("error_message", &mut self.error_message),
            ] {
                fields.push(Field::new(name, DataType::Utf8, true));
                columns.push(Arc::new(builder.finish()));
            }
        }
        for (id, builders) in self.rule_ids.iter().zip(self.per_rule.iter_mut()) {
            let parts = if self.detail { 3 } else { 1 };
            for (part, builder) in ["status", "observed", "margin"]
                .iter()
                .zip(builders.iter_mut())
                .take(parts)
            {
                fields.push(Field::new(format!("{id}.{part}"), DataType::Utf8, true));
                columns.push(Arc::new(builder.finish()));
            }
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| e.to_string())
    }
}

/// Score every row of `batches`; on the first bad row return it (index and error) unless
/// `report_errors`, which records it in the row instead.
fn score(
    book: &Rulebook,
    batches: &[RecordBatch],
    schema: &Schema,
    options: Options,
    units: &HashMap<String, String>,
    report_errors: bool,
    detail: bool,
) -> Result<Vec<RecordBatch>, RowError> {
    let layout = layout(schema).map_err(|e| Box::new((None, e)))?;
    let fixed_units: Vec<(String, &str)> = units
        .iter()
        .filter(|(field, _)| !layout.names.iter().any(|n| *n == format!("{field}_unit")))
        .map(|(field, unit)| (format!("{field}_unit"), unit.as_str()))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let mut out = Vec::new();
    let mut first_row = 0usize;
    for batch in batches {
        let columns: Vec<ArrayRef> = batch
            .columns()
            .iter()
            .map(readable)
            .collect::<Result<_, _>>()
            .map_err(|e| Box::new((None, e)))?;
        let rows = batch.num_rows();
        // Large batches are split across the cores; each part keeps its rows' order.
        let parts = if rows >= 20_000 { threads } else { 1 };
        let size = rows.div_ceil(parts).max(1);
        let ranges: Vec<std::ops::Range<usize>> = (0..rows)
            .step_by(size)
            .map(|start| start..(start + size).min(rows))
            .collect();
        let job = Job {
            book,
            layout: &layout,
            columns: &columns,
            fixed_units: &fixed_units,
            options,
            report_errors,
            detail,
            first_row,
        };
        let results: Vec<Result<RecordBatch, RowError>> = if ranges.len() > 1 {
            std::thread::scope(|scope| {
                let handles: Vec<_> = ranges
                    .iter()
                    .map(|range| {
                        let range = range.clone();
                        let job = &job;
                        scope.spawn(move || job.run(range))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(Box::new((
                                None,
                                Error::from(ErrorKind::InvalidCsv {
                                    detail: "a scoring thread stopped".to_owned(),
                                }),
                            )))
                        })
                    })
                    .collect()
            })
        } else {
            ranges.into_iter().map(|range| job.run(range)).collect()
        };
        // The first bad row in row order wins, as if scored one by one.
        for result in results {
            out.push(result?);
        }
        first_row += rows;
    }
    Ok(out)
}

/// Scoring one range of rows of one batch.
struct Job<'a> {
    book: &'a Rulebook,
    layout: &'a Layout,
    columns: &'a [ArrayRef],
    fixed_units: &'a [(String, &'a str)],
    options: Options,
    report_errors: bool,
    detail: bool,
    first_row: usize,
}

impl Job<'_> {
    fn run(&self, range: std::ops::Range<usize>) -> Result<RecordBatch, RowError> {
        let mut output = Output::new(self.book, range.len(), self.detail);
        let mut outcomes = Vec::new();
        let mut statuses = Vec::new();
        for r in range {
            let row = self.first_row + r;
            let mut cells: Vec<(&str, Read<'_>)> =
                Vec::with_capacity(self.columns.len() + self.fixed_units.len());
            let mut id = None;
            let mut bad = None;
            for (name, column) in self.layout.names.iter().zip(self.columns) {
                match cell(column.as_ref(), r) {
                    Ok(Some(read)) => {
                        if self.layout.has_id && name == "id" {
                            id = Some(read.text());
                        }
                        cells.push((name.as_str(), read));
                    }
                    Ok(None) => {}
                    Err(e) => {
                        bad = Some(e.at(name));
                        break;
                    }
                }
            }
            for (column, unit) in self.fixed_units {
                cells.push((column.as_str(), Read::Text(unit)));
            }
            let result = match bad {
                Some(e) => Err(e),
                None => Project::from_cells(cells.iter().map(|(k, v)| (*k, v.cell()))).and_then(
                    |project| {
                        if self.detail {
                            return self.book.evaluate(&project, self.options, &mut outcomes);
                        }
                        // Statuses only: the cheaper path, no measured values.
                        let eligible = self.book.statuses(&project, self.options, &mut statuses)?;
                        outcomes.clear();
                        outcomes.extend(statuses.iter().map(|&status| RowOutcome {
                            status,
                            observed: None,
                            margin: None,
                        }));
                        Ok(eligible)
                    },
                ),
            };
            let result = result.map(|eligible| (eligible, outcomes.as_slice()));
            if let (Err(e), false) = (&result, self.report_errors) {
                return Err(Box::new((Some(row), e.clone())));
            }
            output.push(row, id.as_deref(), &result);
        }
        output
            .finish(self.report_errors)
            .map_err(|detail| Box::new((None, Error::from(ErrorKind::InvalidCsv { detail }))))
    }
}

/// Score an Arrow table; returns a pyarrow table with one row per project.
#[pyfunction]
#[pyo3(signature = (rulebook, table, year=None, units=None, report_errors=false, detail=true))]
pub fn assess_table<'py>(
    py: Python<'py>,
    rulebook: &PyRulebook,
    table: PyTable,
    year: Option<i64>,
    units: Option<HashMap<String, String>>,
    report_errors: bool,
    detail: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let options = options(year).map_err(|e| to_py_err(py, &e, None))?;
    let book = Arc::clone(&rulebook.book);
    let units = units.unwrap_or_default();
    let (batches, schema) = table.into_inner();
    let result = py.detach(move || {
        score(
            &book,
            &batches,
            &schema,
            options,
            &units,
            report_errors,
            detail,
        )
    });
    match result {
        Ok(batches) => {
            let schema = match batches.first() {
                Some(b) => b.schema(),
                None => Output::new(&rulebook.book, 0, detail)
                    .finish(report_errors)
                    .map_err(pyo3::exceptions::PyValueError::new_err)?
                    .schema(),
            };
            PyTable::try_new(batches, schema)?.into_pyarrow(py)
        }
        Err(bad) => Err(to_py_err(py, &bad.1, bad.0)),
    }
}

/// Score records given as JSON texts; returns a JSON array of flat row objects with the same
/// columns as [`assess_table`].
#[pyfunction]
#[pyo3(signature = (rulebook, records, year=None, report_errors=false))]
pub fn assess_records(
    py: Python<'_>,
    rulebook: &PyRulebook,
    records: Vec<String>,
    year: Option<i64>,
    report_errors: bool,
) -> PyResult<String> {
    let options = options(year).map_err(|e| to_py_err(py, &e, None))?;
    let book = Arc::clone(&rulebook.book);
    let result = py.detach(move || -> Result<String, RowError> {
        let mut rows = Vec::with_capacity(records.len());
        let mut outcomes = Vec::new();
        for (i, text) in records.iter().enumerate() {
            let project = Project::from_json_str(text);
            let id = project.as_ref().ok().and_then(|p| p.id.clone());
            let result = project.and_then(|p| book.evaluate(&p, options, &mut outcomes));
            if let (Err(e), false) = (&result, report_errors) {
                return Err(Box::new((Some(i), e.clone())));
            }
            let mut row = Map::new();
            row.insert("row".into(), Value::from(i));
            row.insert("id".into(), id.map_or(Value::Null, Value::String));
            let text = |v: Option<Decimal>| {
                v.map_or(Value::Null, |d| Value::String(d.normalize().to_string()))
            };
            match &result {
                Ok(eligible) => {
                    row.insert("eligible".into(), Value::Bool(*eligible));
                    if report_errors {
                        for key in ["error_code", "error_field", "error_message"] {
                            row.insert(key.into(), Value::Null);
                        }
                    }
                    for (rule, outcome) in book.project_rules().zip(&outcomes) {
                        row.insert(
                            format!("{}.status", rule.id),
                            Value::from(outcome.status.key()),
                        );
                        row.insert(format!("{}.observed", rule.id), text(outcome.observed));
                        row.insert(format!("{}.margin", rule.id), text(outcome.margin));
                    }
                }
                Err(e) => {
                    row.insert("eligible".into(), Value::Null);
                    row.insert("error_code".into(), Value::from(e.code()));
                    row.insert(
                        "error_field".into(),
                        e.field.clone().map_or(Value::Null, Value::String),
                    );
                    row.insert("error_message".into(), Value::from(e.kind.to_string()));
                    for rule in book.project_rules() {
                        for part in ["status", "observed", "margin"] {
                            row.insert(format!("{}.{part}", rule.id), Value::Null);
                        }
                    }
                }
            }
            rows.push(Value::Object(row));
        }
        Ok(shenfu_rules::canonical::to_json(&rows))
    });
    result.map_err(|bad| to_py_err(py, &bad.1, bad.0))
}
