//! Batches: an Arrow table (from pyarrow, pandas or polars) or a list of records, scored in Rust
//! with the GIL released. One row per project: eligibility, and per project rule its status,
//! measured value and margin (Arrow `Decimal128(38, 18)`, the core's batch decimal, its unit in
//! the field's metadata) — the numbers of the explained report, from the same core function
//! (`Rulebook::evaluate`).

use crate::{PyRulebook, options, to_py_err};
use arrow_array::builder::{BooleanBuilder, Decimal128Builder, Int64Builder, StringBuilder};
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
use shenfu_rules::batch::{
    Cell as RowCell, Column, ColumnKind, DECIMAL_PRECISION, DECIMAL_SCALE, Detail, RowShape,
};
use shenfu_rules::error::{Expected, Found};
use shenfu_rules::table::{ObservationTable, ProjectTable};
use shenfu_rules::zone::Observations;
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
}

/// `None` for a null.
fn cell(array: &dyn Array, row: usize) -> Result<Option<Read<'_>>, Error> {
    // A column of nulls only (pandas' all-`None` column) is Arrow's null type, which keeps no
    // validity bits: every cell is absent.
    if array.is_null(row) || *array.data_type() == DataType::Null {
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

/// Units given for the whole call (`units={"land_area": "亩"}`), in a fixed order.
pub(crate) fn unit_pairs(units: Option<HashMap<String, String>>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = units.unwrap_or_default().into_iter().collect();
    pairs.sort();
    pairs
}

/// An Arrow table's columns, read as text where they are dictionary-encoded.
fn readable_columns(batch: &RecordBatch) -> Result<Vec<ArrayRef>, Error> {
    batch.columns().iter().map(readable).collect()
}

/// Row `r` of `columns` as the core's table reader takes it: one cell per column, `None` for
/// null. The one boolean field reads as the text CSV writes.
fn row_cells<'a>(
    names: &[String],
    columns: &'a [ArrayRef],
    r: usize,
) -> Result<Vec<Option<Read<'a>>>, Error> {
    names
        .iter()
        .zip(columns)
        .map(|(name, column)| match column.as_boolean_opt() {
            Some(flags) if name == "introduced" => Ok((!flags.is_null(r))
                .then(|| Read::Text(if flags.value(r) { "true" } else { "false" }))),
            _ => cell(column.as_ref(), r).map_err(|e| e.at(name)),
        })
        .collect()
}

/// One output column's builder, typed by the core's column kind.
enum ColumnBuilder {
    Index(Int64Builder),
    Boolean(BooleanBuilder),
    Text(StringBuilder),
    Decimal(Decimal128Builder),
}

/// Output columns — the core's batch row (`shenfu_rules::batch`), filled row by row.
struct Output {
    columns: Vec<Column>,
    builders: Vec<ColumnBuilder>,
    /// Reused for a decimal's text, when decimals are written as text.
    text: String,
}

/// What the output holds: the core's row shape, and decimals as Arrow decimals or as their
/// canonical text (pandas: Python makes a `Decimal` of text about three times faster than of an
/// Arrow decimal, and without 18 trailing zeros).
#[derive(Clone, Copy)]
struct Want {
    detail: Detail,
    report_errors: bool,
    decimal_text: bool,
}

impl Want {
    fn shape(self, book: &Rulebook) -> RowShape<'_> {
        RowShape::new(book, self.detail, self.report_errors)
    }
}

/// A batch decimal (at most [`DECIMAL_SCALE`] digits after the point, below 10²⁰: the core
/// rounds it so) as the integer `Decimal128(38, 18)` stores.
fn decimal128(value: Decimal) -> Option<i128> {
    let shift = DECIMAL_SCALE.checked_sub(value.scale())?;
    value.mantissa().checked_mul(10_i128.checked_pow(shift)?)
}

impl Output {
    fn new(shape: &RowShape<'_>, capacity: usize, decimal_text: bool) -> Self {
        let columns = shape.columns();
        let builders = columns
            .iter()
            .map(|c| match c.kind {
                ColumnKind::Index => ColumnBuilder::Index(Int64Builder::with_capacity(capacity)),
                ColumnKind::Boolean => {
                    ColumnBuilder::Boolean(BooleanBuilder::with_capacity(capacity))
                }
                ColumnKind::Text => ColumnBuilder::Text(StringBuilder::new()),
                ColumnKind::Decimal if decimal_text => ColumnBuilder::Text(StringBuilder::new()),
                ColumnKind::Decimal => ColumnBuilder::Decimal(
                    Decimal128Builder::with_capacity(capacity).with_data_type(decimal_type()),
                ),
            })
            .collect();
        Self {
            columns,
            builders,
            text: String::new(),
        }
    }

    fn push(&mut self, cells: &[RowCell<'_>]) {
        for (builder, cell) in self.builders.iter_mut().zip(cells) {
            match (builder, cell) {
                (ColumnBuilder::Index(b), RowCell::Index(i)) => {
                    b.append_value(i64::try_from(*i).unwrap_or(i64::MAX));
                }
                (ColumnBuilder::Boolean(b), RowCell::Boolean(v)) => b.append_value(*v),
                (ColumnBuilder::Text(b), RowCell::Text(t)) => b.append_value(t),
                (ColumnBuilder::Text(b), RowCell::Owned(t)) => b.append_value(t),
                (ColumnBuilder::Decimal(b), RowCell::Decimal(d)) => {
                    b.append_option(decimal128(*d));
                }
                (ColumnBuilder::Text(b), RowCell::Decimal(d)) => {
                    self.text.clear();
                    shenfu_rules::number::push_canonical(&mut self.text, *d);
                    b.append_value(&self.text);
                }
                (ColumnBuilder::Index(b), _) => b.append_null(),
                (ColumnBuilder::Boolean(b), _) => b.append_null(),
                (ColumnBuilder::Text(b), _) => b.append_null(),
                (ColumnBuilder::Decimal(b), _) => b.append_null(),
            }
        }
    }

    fn finish(self) -> Result<RecordBatch, String> {
        let mut fields = Vec::with_capacity(self.columns.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for (column, builder) in self.columns.into_iter().zip(self.builders) {
            let (data_type, array): (DataType, ArrayRef) = match builder {
                ColumnBuilder::Index(mut b) => (DataType::Int64, Arc::new(b.finish())),
                ColumnBuilder::Boolean(mut b) => (DataType::Boolean, Arc::new(b.finish())),
                ColumnBuilder::Text(mut b) => (DataType::Utf8, Arc::new(b.finish())),
                ColumnBuilder::Decimal(mut b) => (decimal_type(), Arc::new(b.finish())),
            };
            let field = Field::new(column.name, data_type, true);
            fields.push(match column.unit {
                Some(unit) => field.with_metadata(HashMap::from([("unit".to_owned(), unit)])),
                None => field,
            });
            arrays.push(array);
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| e.to_string())
    }
}

fn decimal_type() -> DataType {
    DataType::Decimal128(DECIMAL_PRECISION, DECIMAL_SCALE as i8)
}

/// Score every row of `batches`; on the first bad row return it (index and error) unless
/// `report_errors`, which records it in the row instead.
fn score(
    book: &Rulebook,
    batches: &[RecordBatch],
    schema: &Schema,
    options: Options,
    units: &[(String, String)],
    want: Want,
) -> Result<Vec<RecordBatch>, RowError> {
    let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
    let table = ProjectTable::new(&names, units).map_err(|e| Box::new((None, e)))?;
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let mut out = Vec::new();
    let mut first_row = 0usize;
    for batch in batches {
        let columns = readable_columns(batch).map_err(|e| Box::new((None, e)))?;
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
            table: &table,
            columns: &columns,
            options,
            shape: want.shape(book),
            decimal_text: want.decimal_text,
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
    table: &'a ProjectTable,
    columns: &'a [ArrayRef],
    options: Options,
    shape: RowShape<'a>,
    decimal_text: bool,
    first_row: usize,
}

impl Job<'_> {
    /// Row `r`'s `id` and `name` as given, whatever else is wrong with the row.
    fn subject(&self, r: usize) -> [RowCell<'_>; 2] {
        ["id", "name"].map(|key| {
            let read = self
                .table
                .names()
                .iter()
                .position(|n| n == key)
                .and_then(|i| self.columns.get(i))
                .and_then(|column| cell(column.as_ref(), r).ok().flatten());
            match read {
                Some(Read::Text(t)) => RowCell::Text(t),
                Some(Read::Owned(t)) => RowCell::Owned(t),
                Some(Read::Number(d)) => RowCell::Owned(d.to_string()),
                None => RowCell::Null,
            }
        })
    }

    fn run(&self, range: std::ops::Range<usize>) -> Result<RecordBatch, RowError> {
        let mut output = Output::new(&self.shape, range.len(), self.decimal_text);
        let mut outcomes = Vec::new();
        let mut statuses = Vec::new();
        let width = self.shape.columns().len();
        for r in range {
            let row = self.first_row + r;
            let project = project_of_row(self.table, self.columns, r);
            let judged = project.and_then(|project| {
                let eligible = if self.shape.detail == Detail::Full {
                    self.book.evaluate(&project, self.options, &mut outcomes)?
                } else {
                    // Statuses only: the cheaper path, no measured values.
                    let eligible = self.book.statuses(&project, self.options, &mut statuses)?;
                    outcomes.clear();
                    outcomes.extend(statuses.iter().map(|&status| RowOutcome {
                        status,
                        observed: None,
                        margin: None,
                    }));
                    eligible
                };
                Ok((project, eligible))
            });
            let index = u64::try_from(row).unwrap_or(u64::MAX);
            // The cells borrow this row's project, so they live for this row only.
            let mut row_cells = Vec::with_capacity(width);
            match &judged {
                Ok((project, eligible)) => {
                    self.shape
                        .project_row(index, project, *eligible, &outcomes, &mut row_cells);
                }
                Err(e) if self.shape.errors => {
                    self.shape
                        .error_row(index, self.subject(r), e, None, &mut row_cells);
                }
                Err(e) => return Err(Box::new((Some(row), e.clone()))),
            }
            output.push(&row_cells);
        }
        output
            .finish()
            .map_err(|detail| Box::new((None, Error::from(ErrorKind::InvalidCsv { detail }))))
    }
}

/// Row `r` of a table of projects, read by the core's table reader.
fn project_of_row(table: &ProjectTable, columns: &[ArrayRef], r: usize) -> Result<Project, Error> {
    let cells = row_cells(table.names(), columns, r)?;
    table.project(cells.iter().map(|c| c.as_ref().map(Read::cell)))
}

/// Every row of an Arrow table of projects, read by the core's table reader (as
/// [`assess_table`] reads them): each row's project or its error; a header the table reader
/// refuses is the whole table's error.
pub(crate) fn table_rows(
    table: PyTable,
    units: &[(String, String)],
) -> Result<Vec<Result<Project, Error>>, Error> {
    let (batches, schema) = table.into_inner();
    let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
    let table = ProjectTable::new(&names, units)?;
    let mut out = Vec::new();
    for batch in &batches {
        let columns = readable_columns(batch)?;
        out.extend((0..batch.num_rows()).map(|r| project_of_row(&table, &columns, r)));
    }
    Ok(out)
}

/// Observations in an Arrow table (columns `indicator`, `year`, `value`, `unit`), read by the
/// core's table reader, as their canonical JSON; or the first bad row (its index and error).
#[pyfunction]
pub fn table_observations(
    py: Python<'_>,
    rulebook: &PyRulebook,
    table: PyTable,
) -> PyResult<String> {
    let book = Arc::clone(&rulebook.book);
    let (batches, schema) = table.into_inner();
    let read = py.detach(move || -> Result<String, RowError> {
        let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
        let table = ObservationTable::new(&names).map_err(|e| Box::new((None, e)))?;
        let mut set = Observations::default();
        let mut row = 0;
        for batch in &batches {
            let columns = readable_columns(batch).map_err(|e| Box::new((None, e)))?;
            for r in 0..batch.num_rows() {
                let cells =
                    row_cells(table.names(), &columns, r).map_err(|e| Box::new((Some(row), e)))?;
                table
                    .add(
                        &book,
                        &mut set,
                        cells.iter().map(|c| c.as_ref().map(Read::cell)),
                    )
                    .map_err(|e| Box::new((Some(row), e)))?;
                row += 1;
            }
        }
        Ok(set.to_canonical_json(&book))
    });
    read.map_err(|bad| to_py_err(py, &bad.1, bad.0))
}

fn detail_of(detail: bool) -> Detail {
    if detail { Detail::Full } else { Detail::Status }
}

/// Score an Arrow table; returns a pyarrow table with one row per project.
#[pyfunction]
#[pyo3(signature = (rulebook, table, year=None, units=None, report_errors=false, detail=true, decimal_text=false))]
#[allow(clippy::too_many_arguments)] // Python's keyword arguments, one by one
pub fn assess_table<'py>(
    py: Python<'py>,
    rulebook: &PyRulebook,
    table: PyTable,
    year: Option<i64>,
    units: Option<HashMap<String, String>>,
    report_errors: bool,
    detail: bool,
    decimal_text: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let want = Want {
        detail: detail_of(detail),
        report_errors,
        decimal_text,
    };
    let options = options(year).map_err(|e| to_py_err(py, &e, None))?;
    let book = Arc::clone(&rulebook.book);
    let units = unit_pairs(units);
    let (batches, schema) = table.into_inner();
    let result = py.detach(move || score(&book, &batches, &schema, options, &units, want));
    match result {
        Ok(batches) => {
            let schema = match batches.first() {
                Some(b) => b.schema(),
                None => Output::new(&want.shape(&rulebook.book), 0, decimal_text)
                    .finish()
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
#[pyo3(signature = (rulebook, records, year=None, report_errors=false, units=None))]
pub fn assess_records(
    py: Python<'_>,
    rulebook: &PyRulebook,
    records: Vec<String>,
    year: Option<i64>,
    report_errors: bool,
    units: Option<HashMap<String, String>>,
) -> PyResult<String> {
    let options = options(year).map_err(|e| to_py_err(py, &e, None))?;
    let book = Arc::clone(&rulebook.book);
    let units = unit_pairs(units);
    let result = py.detach(move || -> Result<String, RowError> {
        let shape = RowShape::new(&book, Detail::Full, report_errors);
        let columns = shape.columns();
        let mut rows = Vec::with_capacity(records.len());
        let mut outcomes = Vec::new();
        for (i, text) in records.iter().enumerate() {
            let judged = project_of_record(text, &units).and_then(|p| {
                let eligible = book.evaluate(&p, options, &mut outcomes)?;
                Ok((p, eligible))
            });
            let index = u64::try_from(i).unwrap_or(u64::MAX);
            let mut cells = Vec::with_capacity(columns.len());
            match &judged {
                Ok((project, eligible)) => {
                    shape.project_row(index, project, *eligible, &outcomes, &mut cells);
                }
                Err(e) if report_errors => {
                    let subject = shenfu_rules::batch::subject_of_json(text);
                    shape.error_row(index, subject, e, None, &mut cells);
                }
                Err(e) => return Err(Box::new((Some(i), e.clone()))),
            }
            let row = row_object(&columns, &cells);
            rows.push(row);
        }
        Ok(shenfu_rules::canonical::to_json(&rows))
    });
    result.map_err(|bad| to_py_err(py, &bad.1, bad.0))
}

/// One record (a JSON object's text) as the core's table reader reads it: its flat
/// `<field>_unit` members and `units` are unit cells. A record with neither is JSON as it is,
/// read by the one-pass reader.
pub(crate) fn project_of_record(text: &str, units: &[(String, String)]) -> Result<Project, Error> {
    if units.is_empty() && !text.contains("_unit\"") {
        return Project::from_json_str(text);
    }
    ProjectTable::record(&shenfu_rules::project::parse_json(text)?, units)
}

/// One row as a JSON object keyed by column name: whole numbers and booleans as JSON, decimals
/// as their exact text (Python makes them `Decimal`), null as null.
pub(crate) fn row_object(columns: &[Column], cells: &[RowCell<'_>]) -> Value {
    let row: Map<String, Value> = columns
        .iter()
        .zip(cells)
        .map(|(column, cell)| {
            let value = match cell {
                RowCell::Null => Value::Null,
                RowCell::Index(n) => Value::from(*n),
                RowCell::Boolean(b) => Value::Bool(*b),
                other => other.text().map_or(Value::Null, Value::String),
            };
            (column.name.clone(), value)
        })
        .collect();
    Value::Object(row)
}

/// The names of the decimal columns among `columns`.
pub(crate) fn decimal_names(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Decimal)
        .map(|c| c.name.clone())
        .collect()
}

/// Each measured column's unit, as the Arrow output's field metadata holds it: for outputs that
/// keep no column metadata (polars).
#[pyfunction]
pub fn batch_units(rulebook: &PyRulebook) -> HashMap<String, String> {
    RowShape::new(&rulebook.book, Detail::Full, false)
        .columns()
        .into_iter()
        .filter_map(|c| Some((c.name, c.unit?)))
        .collect()
}

/// The names of the batch row's decimal columns (measured values and margins), so Python turns
/// exactly those into `Decimal` — the industry rule's `observed` is text.
#[pyfunction]
pub fn batch_decimal_columns(rulebook: &PyRulebook) -> Vec<String> {
    decimal_names(&RowShape::new(&rulebook.book, Detail::Full, false).columns())
}
