//! Batches: an Arrow table (from pyarrow, pandas or polars) or a list of records, scored in Rust
//! with the GIL released. One row per project: eligibility, and per project rule its status,
//! measured value and margin (Arrow `Decimal128(38, 18)`, the core's batch decimal, its unit in
//! the field's metadata) — the numbers of the explained report, from the same core function
//! (`Rulebook::evaluate`).

use crate::{PyRulebook, options, to_py_err};
use arrow_array::builder::{BooleanBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, DictionaryArray, PrimitiveArray, RecordBatch, StringArray};
use arrow_buffer::{NullBufferBuilder, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use shenfu_rules::batch::{
    Cell as RowCell, Column, ColumnKind, DECIMAL_PRECISION, DECIMAL_SCALE, Detail, Judge, RowShape,
    RowSink, Slot, WholeOutcome, WholeRow, WholeRules, WholeUnits, in_order, ranges,
};
use shenfu_rules::error::{Expected, Found};
use shenfu_rules::table::{ObservationTable, ProjectTable};
use shenfu_rules::zone::Observations;
use shenfu_rules::{
    Area, AreaUnit, Cell, Error, ErrorKind, Industry, Money, MoneyUnit, Options, Project, Rulebook,
    Verdict,
};
use std::collections::HashMap;
use std::sync::Arc;

/// Why a batch was not scored: a bad input (the row, when the error belongs to one, and the
/// engine's error), or an Arrow failure that is no input's fault (a Python `RuntimeError`, not
/// some input error with Arrow's text in it).
enum RowError {
    Input(Option<usize>, Error),
    Arrow(String),
}

impl RowError {
    fn input(row: Option<usize>, error: Error) -> Box<Self> {
        Box::new(Self::Input(row, error))
    }

    fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Self::Input(row, error) => to_py_err(py, &error, row),
            Self::Arrow(detail) => pyo3::exceptions::PyRuntimeError::new_err(detail),
        }
    }
}

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

/// Columns read as text: dictionary-encoded ones (pandas categoricals) are decoded first; a
/// dictionary that is not of text is `invalid_type` at the column's name.
fn readable(name: &str, array: &ArrayRef) -> Result<ArrayRef, Error> {
    match array.data_type() {
        DataType::Dictionary(_, _) => arrow_cast::cast(array, &DataType::Utf8).map_err(|_| {
            Error::from(ErrorKind::InvalidType {
                expected: Expected::Text,
                found: Found::Other,
            })
            .at(name)
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
    let schema = batch.schema();
    schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(field, array)| readable(field.name(), array))
        .collect()
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
    Index(Cells<Int64Type>),
    Boolean(BooleanBuilder),
    Text(StringBuilder),
    /// Boxed: its cache of texts would make every column as large.
    Key(Box<Keys>),
    Decimal(Cells<Decimal128Type>),
}

/// A key column, dictionary-encoded: each row's index into `values`, the values in the order
/// first seen (a handful: the verdicts, the statuses).
struct Keys {
    keys: Cells<Int8Type>,
    values: Vec<String>,
    /// The keys of the words of the column's vocabulary already keyed, by the word's number
    /// ([`Keys::put_words`]).
    numbered: [Option<i8>; 8],
    /// The texts already keyed, by where they are (the keys are the core's static texts),
    /// direct-mapped: a text's slot is found from its address, so nearly every row finds its
    /// key with one compare that always holds. Searching a list of them was a branch per
    /// entry that a column of random passes and fails mispredicted.
    recent: [((usize, usize), i8); 8],
}

impl Keys {
    fn new(capacity: usize) -> Self {
        Self {
            keys: Cells::with_capacity(capacity),
            values: Vec::new(),
            numbered: [None; 8],
            recent: [((0, 0), 0); 8],
        }
    }

    /// Many words' keys, each word given with its number in its vocabulary (a status's or a
    /// verdict's place in its enum), by which its key is found once known.
    fn put_words(&mut self, words: impl Iterator<Item = (usize, &'static str)>) {
        let mut numbered = self.numbered;
        let keys = words.map(
            |(number, word)| match numbered.get(number).copied().flatten() {
                Some(key) => Some(key),
                None => {
                    let key = self.key(word);
                    if let Some(slot) = numbered.get_mut(number) {
                        *slot = key;
                    }
                    key
                }
            },
        );
        let keys: Vec<Option<i8>> = keys.collect();
        self.numbered = numbered;
        self.keys.extend(keys.into_iter());
    }

    /// `text`'s key, its value added when first seen (`None` past 128 values).
    fn key(&mut self, text: &str) -> Option<i8> {
        let at = match self.values.iter().position(|v| v == text) {
            Some(at) => at,
            None => {
                self.values.push(text.to_owned());
                self.values.len() - 1
            }
        };
        i8::try_from(at).ok()
    }

    /// `text`'s key, its value added when first seen.
    #[inline]
    fn put(&mut self, text: &str) {
        let address = (text.as_ptr() as usize, text.len());
        let slot = (address.0 ^ (address.0 >> 4) ^ address.1) % self.recent.len();
        if let Some((seen, key)) = self.recent.get(slot)
            && *seen == address
        {
            self.keys.push(Some(*key));
            return;
        }
        let key = self.key(text);
        if let (Some(key), Some(recent)) = (key, self.recent.get_mut(slot)) {
            *recent = (address, key);
        }
        self.keys.push(key);
    }
}

/// Output columns — the core's batch row (`shenfu_rules::batch`), filled row by row, or column
/// by column for rows judged the whole way ([`Output::put_whole`]).
struct Output {
    columns: Vec<Column>,
    /// What each column holds (the core's layout), for rows put column by column.
    slots: Vec<Slot>,
    builders: Vec<ColumnBuilder>,
    /// Reused for a decimal's text, when decimals are written as text.
    text: String,
    /// The column the next cell goes to ([`RowSink`]); 0 at a row's start.
    next: usize,
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
    let factor = shenfu_rules::number::power_of_ten(shift)?;
    value.mantissa().checked_mul(i128::try_from(factor).ok()?)
}

impl<'a> RowSink<'a> for Output {
    #[inline(always)]
    fn cell(&mut self, cell: RowCell<'a>) {
        self.put(&cell);
    }

    fn word(&mut self, word: &'static str) {
        match self.builders.get_mut(self.next) {
            Some(ColumnBuilder::Key(keys)) => {
                self.next += 1;
                keys.put(word);
            }
            _ => self.put(&RowCell::Text(word)),
        }
    }

    fn decimal(&mut self, value: Option<Decimal>) {
        match self.builders.get_mut(self.next) {
            Some(ColumnBuilder::Decimal(b)) => {
                self.next += 1;
                b.push(value.and_then(decimal128));
            }
            _ => self.put(&value.map_or(RowCell::Null, RowCell::Decimal)),
        }
    }
}

/// A column of primitive cells being filled: its values and their validity, made an array
/// without a copy. Pushing is inlined where a column is put (an Arrow builder's append was a
/// call per cell, and copying a column's cells into it in one go a second pass).
struct Cells<T: ArrowPrimitiveType> {
    values: Vec<T::Native>,
    nulls: NullBufferBuilder,
}

impl<T: ArrowPrimitiveType> Cells<T> {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            values: Vec::with_capacity(capacity),
            nulls: NullBufferBuilder::new(capacity),
        }
    }

    #[inline(always)]
    fn push(&mut self, cell: Option<T::Native>) {
        match cell {
            Some(value) => {
                self.values.push(value);
                self.nulls.append_non_null();
            }
            None => {
                self.values.push(T::Native::default());
                self.nulls.append_null();
            }
        }
    }

    fn extend(&mut self, cells: impl Iterator<Item = Option<T::Native>>) {
        cells.for_each(|cell| self.push(cell));
    }

    fn finish(mut self) -> PrimitiveArray<T> {
        PrimitiveArray::new(ScalarBuffer::from(self.values), self.nulls.finish())
    }
}

/// `cell` into `builder`; `text` is reused for a decimal written as text.
#[inline(always)]
fn put_cell(builder: &mut ColumnBuilder, cell: &RowCell<'_>, text: &mut String) {
    match (builder, cell) {
        (ColumnBuilder::Index(b), RowCell::Index(i)) => {
            b.push(Some(i64::try_from(*i).unwrap_or(i64::MAX)));
        }
        (ColumnBuilder::Boolean(b), RowCell::Boolean(v)) => b.append_value(*v),
        (ColumnBuilder::Key(keys), RowCell::Text(t)) => keys.put(t),
        (ColumnBuilder::Text(b), RowCell::Text(t)) => b.append_value(t),
        (ColumnBuilder::Text(b), RowCell::Owned(t)) => b.append_value(t),
        (ColumnBuilder::Decimal(b), RowCell::Decimal(d)) => b.push(decimal128(*d)),
        (ColumnBuilder::Text(b), RowCell::Decimal(d)) => {
            text.clear();
            shenfu_rules::number::push_canonical(text, *d);
            b.append_value(&*text);
        }
        (ColumnBuilder::Index(b), _) => b.push(None),
        (ColumnBuilder::Boolean(b), _) => b.append_null(),
        (ColumnBuilder::Text(b), _) => b.append_null(),
        (ColumnBuilder::Key(keys), _) => keys.keys.push(None),
        (ColumnBuilder::Decimal(b), _) => b.push(None),
    }
}

/// Rows judged the whole way ([`WholeRules`]) and not yet put: consecutive rows, put together
/// column by column ([`Output::put_whole`]) — a column's cells in one loop into a builder
/// matched once, not every cell of a row matched against its column's kind.
#[derive(Default)]
struct WholeRows<'a> {
    /// The first row's index.
    first: u64,
    /// How many outcomes each row has (the project rules).
    rules: usize,
    subjects: Vec<[RowCell<'a>; 2]>,
    verdicts: Vec<Verdict>,
    industries: Vec<Industry>,
    /// Each row's outcomes, row after row.
    outcomes: Vec<WholeOutcome>,
}

impl<'a> WholeRows<'a> {
    /// Put once this many are pending: their outcomes stay in the cache.
    const AT_MOST: usize = 1024;

    fn len(&self) -> usize {
        self.verdicts.len()
    }

    /// A row whose outcomes were just judged into `outcomes` ([`WholeRules::judge`] appends
    /// them there: no copy).
    fn push(
        &mut self,
        index: u64,
        subject: [RowCell<'a>; 2],
        verdict: Verdict,
        industry: Industry,
    ) {
        if self.verdicts.is_empty() {
            self.first = index;
            self.rules = self.outcomes.len().max(1);
        }
        self.subjects.push(subject);
        self.verdicts.push(verdict);
        self.industries.push(industry);
    }

    /// Row `at`'s cell in a column holding `slot`, as [`RowShape::put_row`] gives it.
    fn cell(&self, slot: Slot, at: usize) -> RowCell<'a> {
        let outcome = |rule: usize| self.outcomes.get(at * self.rules + rule);
        let stored = |rule: usize, part: usize| {
            let cell = outcome(rule).and_then(|o| o.cells?.get(part).copied());
            let decimal =
                cell.and_then(|c| Decimal::try_from_i128_with_scale(c, DECIMAL_SCALE).ok());
            decimal.map_or(RowCell::Null, RowCell::Decimal)
        };
        match slot {
            Slot::Row => RowCell::Index(self.first.saturating_add(at as u64)),
            Slot::Id | Slot::Name => {
                let part = usize::from(slot == Slot::Name);
                let subject = self.subjects.get(at).and_then(|s| s.get(part));
                subject.cloned().unwrap_or(RowCell::Null)
            }
            Slot::Eligible => self
                .verdicts
                .get(at)
                .and_then(|v| v.eligible())
                .map_or(RowCell::Null, RowCell::Boolean),
            Slot::Verdict => self
                .verdicts
                .get(at)
                .map_or(RowCell::Null, |v| RowCell::Text(v.key())),
            Slot::Status(rule) => {
                outcome(rule).map_or(RowCell::Null, |o| RowCell::Text(o.status.key()))
            }
            Slot::Observed(rule) => stored(rule, 0),
            Slot::Margin(rule) => stored(rule, 1),
            Slot::Industry(_) => self
                .industries
                .get(at)
                .map_or(RowCell::Null, |i| RowCell::Text(i.name_zh())),
            Slot::Error(_) => RowCell::Null,
        }
    }

    fn clear(&mut self) {
        self.subjects.clear();
        self.verdicts.clear();
        self.industries.clear();
        self.outcomes.clear();
    }
}

impl Output {
    /// Builders for `capacity` rows, sized up front.
    fn new(shape: &RowShape<'_>, capacity: usize, decimal_text: bool) -> Self {
        let columns = shape.columns();
        let text = || StringBuilder::with_capacity(capacity, capacity * 8);
        let builders = columns
            .iter()
            .map(|c| match c.kind {
                ColumnKind::Index => ColumnBuilder::Index(Cells::with_capacity(capacity)),
                ColumnKind::Boolean => {
                    ColumnBuilder::Boolean(BooleanBuilder::with_capacity(capacity))
                }
                ColumnKind::Key => ColumnBuilder::Key(Box::new(Keys::new(capacity))),
                ColumnKind::Text => ColumnBuilder::Text(text()),
                ColumnKind::Decimal if decimal_text => {
                    ColumnBuilder::Text(StringBuilder::with_capacity(capacity, capacity * 12))
                }
                ColumnKind::Decimal => ColumnBuilder::Decimal(Cells::with_capacity(capacity)),
            })
            .collect();
        Self {
            columns,
            slots: shape.slots(),
            builders,
            text: String::new(),
            next: 0,
        }
    }

    /// The sink for a new row, its cells from the first column.
    fn row(&mut self) -> &mut Self {
        self.next = 0;
        self
    }

    /// A whole row of cells.
    fn push(&mut self, cells: &[RowCell<'_>]) {
        let row = self.row();
        for cell in cells {
            row.put(cell);
        }
    }

    /// The next column's cell. Inlined where the row is put: the cell's kind is then known
    /// there, and only the column's is matched.
    #[inline(always)]
    fn put(&mut self, cell: &RowCell<'_>) {
        let Some(builder) = self.builders.get_mut(self.next) else {
            return;
        };
        self.next += 1;
        put_cell(builder, cell, &mut self.text);
    }

    /// Rows judged the whole way, put column by column: each column's cells in one loop, into
    /// a builder matched once. `rows` is emptied.
    fn put_whole(&mut self, rows: &mut WholeRows<'_>) {
        if rows.len() == 0 {
            return;
        }
        for (slot, builder) in self.slots.iter().zip(&mut self.builders) {
            let outcomes = |rule: usize| rows.outcomes.iter().skip(rule).step_by(rows.rules);
            let stored = |rule: usize, at: usize| {
                outcomes(rule).map(move |o| o.cells.and_then(|cells| cells.get(at).copied()))
            };
            match (*slot, builder) {
                (Slot::Row, ColumnBuilder::Index(b)) => {
                    let index = |at: usize| rows.first.saturating_add(at as u64);
                    let cell = |at: usize| Some(i64::try_from(index(at)).unwrap_or(i64::MAX));
                    b.extend((0..rows.len()).map(cell));
                }
                (Slot::Id | Slot::Name, ColumnBuilder::Text(b))
                    if rows
                        .subjects
                        .iter()
                        .flatten()
                        .all(|c| matches!(c, RowCell::Null)) =>
                {
                    b.append_nulls(rows.len());
                }
                (Slot::Eligible, ColumnBuilder::Boolean(b)) => {
                    (rows.verdicts.iter()).for_each(|v| b.append_option(v.eligible()));
                }
                (Slot::Verdict, ColumnBuilder::Key(keys)) => {
                    keys.put_words(rows.verdicts.iter().map(|v| (*v as usize, v.key())));
                }
                (Slot::Status(rule), ColumnBuilder::Key(keys)) => {
                    let status = |o: &WholeOutcome| (o.status as usize, o.status.key());
                    keys.put_words(outcomes(rule).map(status));
                }
                (Slot::Observed(rule), ColumnBuilder::Decimal(b)) => b.extend(stored(rule, 0)),
                (Slot::Margin(rule), ColumnBuilder::Decimal(b)) => b.extend(stored(rule, 1)),
                (Slot::Industry(_), ColumnBuilder::Text(b)) => {
                    (rows.industries.iter()).for_each(|i| b.append_value(i.name_zh()));
                }
                // Any other pair (a subject, decimals written as text, an error column), cell
                // by cell as a row puts it.
                (slot, builder) => {
                    for at in 0..rows.len() {
                        put_cell(builder, &rows.cell(slot, at), &mut self.text);
                    }
                }
            }
        }
        rows.clear();
    }

    fn finish(self) -> Result<RecordBatch, Box<RowError>> {
        let arrow = |e: arrow_schema::ArrowError| Box::new(RowError::Arrow(e.to_string()));
        let mut fields = Vec::with_capacity(self.columns.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for (column, builder) in self.columns.into_iter().zip(self.builders) {
            let (data_type, array): (DataType, ArrayRef) = match builder {
                ColumnBuilder::Index(b) => (DataType::Int64, Arc::new(b.finish())),
                ColumnBuilder::Boolean(mut b) => (DataType::Boolean, Arc::new(b.finish())),
                ColumnBuilder::Text(mut b) => (DataType::Utf8, Arc::new(b.finish())),
                ColumnBuilder::Key(keys) => {
                    let Keys { keys, values, .. } = *keys;
                    let values: ArrayRef = Arc::new(StringArray::from(values));
                    let array = DictionaryArray::<Int8Type>::try_new(keys.finish(), values)
                        .map_err(arrow)?;
                    (key_type(), Arc::new(array))
                }
                ColumnBuilder::Decimal(b) => {
                    let scale = DECIMAL_SCALE as i8;
                    let array = b
                        .finish()
                        .with_precision_and_scale(DECIMAL_PRECISION, scale);
                    (decimal_type(), Arc::new(array.map_err(arrow)?))
                }
            };
            let field = Field::new(column.name, data_type, true);
            fields.push(match column.unit {
                Some(unit) => field.with_metadata(HashMap::from([("unit".to_owned(), unit)])),
                None => field,
            });
            arrays.push(array);
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(arrow)
    }
}

fn decimal_type() -> DataType {
    DataType::Decimal128(DECIMAL_PRECISION, DECIMAL_SCALE as i8)
}

/// A key column's type: `dictionary<int8, utf8>`.
fn key_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8))
}

/// Score every row of `batches`; on the first bad row return it (index and error) unless
/// `report_errors`, which records it in the row instead. Each batch is split by the core's
/// batch driver (`shenfu_rules::batch::{ranges, in_order}`): the same threshold and order as
/// the CLI's.
fn score(
    book: &Rulebook,
    batches: &[RecordBatch],
    schema: &Schema,
    options: Options,
    units: &[(String, String)],
    want: Want,
) -> Result<Vec<RecordBatch>, Box<RowError>> {
    let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
    let table = ProjectTable::new(&names, units).map_err(|e| RowError::input(None, e))?;
    let mut out = Vec::new();
    let mut first_row = 0usize;
    for batch in batches {
        let columns = readable_columns(batch).map_err(|e| RowError::input(None, e))?;
        let job = Job {
            table: &table,
            columns: &columns,
            fast: Plan::new(table.names(), &columns, units),
            places: (want.detail == Detail::Full).then_some(DECIMAL_SCALE),
            options,
            shape: want.shape(book),
            decimal_text: want.decimal_text,
            first_row,
        };
        // The first bad row in row order wins, as if scored one by one.
        for result in in_order(&ranges(batch.num_rows()), |_, range| job.run(range.clone())) {
            out.push(result?);
        }
        first_row += batch.num_rows();
    }
    Ok(out)
}

/// The rules for rows of whole numbers made so far in a range, by the units they were made for
/// (a handful with unit columns; as many as the columns' units combine, at most), and the units
/// asked for last.
#[derive(Default)]
struct Made<'a> {
    rules: Vec<Option<WholeRules<'a>>>,
    /// Where the rules for each set of units are in `rules`.
    at: HashMap<WholeUnits, usize>,
    last: Option<(WholeUnits, usize)>,
}

/// Scoring one range of rows of one batch.
struct Job<'a> {
    table: &'a ProjectTable,
    columns: &'a [ArrayRef],
    /// How a row is read straight from the columns, when they allow it.
    fast: Option<Plan<'a>>,
    /// The places of the cells rows of whole numbers are judged to ([`WholeRules`]), without a
    /// project; `None` for statuses alone.
    places: Option<u32>,
    options: Options,
    shape: RowShape<'a>,
    decimal_text: bool,
    first_row: usize,
}

impl<'a> Job<'a> {
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

    fn run(&self, range: std::ops::Range<usize>) -> Result<RecordBatch, Box<RowError>> {
        let mut output = Output::new(&self.shape, range.len(), self.decimal_text);
        let mut judge = Judge::default();
        // The rules for rows of whole numbers, made for each set of units met (one, when the
        // units are given for the whole call; a handful from unit columns).
        let mut made = Made::default();
        // Those of a batch whose units are fixed, made once for the range.
        let fixed = (self.fast.as_ref())
            .and_then(|plan| plan.whole.as_ref())
            .and_then(|columns| self.whole_rules(&mut made, columns.units).cloned());
        let mut reader = self.fast.as_ref().map(Reader::new);
        let mut pending = WholeRows::default();
        for r in range {
            let row = self.first_row + r;
            let index = u64::try_from(row).unwrap_or(u64::MAX);
            // Straight from the columns into the builders, no text, no allocation and no list of
            // cells: a row the plan reads, which the engine judges without error — in whole
            // numbers when they are (`WholeRules`), else as a project. Anything else — a missing
            // cell, a bad unit, a text number, an error — is read again by the table reader,
            // which names it.
            if let Some(reader) = reader.as_mut() {
                let judged = match &fixed {
                    Some(rules) => reader.whole(r).map(|project| (rules, project)),
                    None => reader
                        .cells(r)
                        .and_then(RowCells::whole)
                        .and_then(|(units, p)| Some((self.whole_rules(&mut made, units)?, p))),
                };
                if let Some((rules, project)) = judged
                    && let Some(verdict) = rules.judge(&project, &mut pending.outcomes)
                {
                    let subject = reader.plan.subject(r);
                    pending.push(index, subject, verdict, project.industry);
                    if pending.len() == WholeRows::AT_MOST {
                        output.put_whole(&mut pending);
                    }
                    continue;
                }
                // Any other row goes after those pending.
                output.put_whole(&mut pending);
                if let Some(project) = reader.cells(r).and_then(RowCells::project)
                    && let Ok(verdict) = self.shape.verdict(&project, self.options, &mut judge)
                {
                    let subject = reader.plan.subject(r);
                    let outcomes = judge.outcomes();
                    let sink = output.row();
                    self.shape
                        .put_row(index, subject, project.industry, verdict, outcomes, sink);
                    continue;
                }
            }
            // Judged straight into the builders too: an error puts nothing.
            output.put_whole(&mut pending);
            let project = project_of_row(self.table, self.columns, r);
            let judged = match &project {
                Ok(project) => {
                    self.shape
                        .judge(index, project, self.options, &mut judge, output.row())
                }
                Err(e) => Err(e.clone()),
            };
            match judged {
                Ok(_) => {}
                Err(e) if self.shape.errors => {
                    let mut cells = Vec::new();
                    self.shape
                        .error_row(index, self.subject(r), &e, None, &mut cells);
                    output.push(&cells);
                }
                Err(e) => return Err(RowError::input(Some(row), e)),
            }
        }
        output.put_whole(&mut pending);
        output.finish()
    }

    /// The rules for rows of whole numbers in `units`, from those already `made`.
    fn whole_rules<'m>(
        &self,
        made: &'m mut Made<'a>,
        units: WholeUnits,
    ) -> Option<&'m WholeRules<'a>> {
        let Made { rules, at, last } = made;
        let index = match *last {
            Some((seen, index)) if seen == units => index,
            _ => {
                let index = *at.entry(units).or_insert_with(|| {
                    rules.push(WholeRules::new(
                        self.shape.book,
                        self.options,
                        units,
                        self.places,
                    ));
                    rules.len() - 1
                });
                *last = Some((units, index));
                index
            }
        };
        rules.get(index)?.as_ref()
    }
}

/// A project's fields read straight from a batch's Arrow columns, planned once per batch: which
/// column holds each field and, for each amount, its unit column or the unit given for the
/// whole call. Only columns of the types the plan reads (text for words and units, integers
/// and decimals for amounts, booleans for `introduced`) make a plan; any other table is read
/// by the table reader row by row.
struct Plan<'a> {
    industry: Texts<'a>,
    amounts: Vec<AmountPlan<'a>>,
    /// The amounts as whole numbers in units fixed for the batch, when they are.
    whole: Option<WholeColumns<'a>>,
    introduced: Option<&'a arrow_array::BooleanArray>,
    id: Option<Texts<'a>>,
    name: Option<Texts<'a>>,
}

/// A batch whose amount columns are all `int64` or `int32`, each with its unit given for the whole
/// call: its rows read straight into [`WholeRow`]s, one set of units for all of them (no unit
/// per cell, no [`RowCells`]).
struct WholeColumns<'a> {
    units: WholeUnits,
    land_area: Numbers<'a>,
    /// The money fields' columns in `AmountField` order, each required or not; `None`: the
    /// table has no such column.
    money: [Option<(Numbers<'a>, bool)>; 4],
}

impl<'a> WholeColumns<'a> {
    /// `None` unless every amount column is of integers with a unit given for the call, and
    /// the required ones are there.
    fn of(amounts: &[AmountPlan<'a>]) -> Option<Self> {
        let mut land_area = None;
        let mut money = [None; 4];
        let mut units = [None; 4];
        for amount in amounts {
            let Some(value) = amount.value else {
                if amount.required {
                    return None;
                }
                continue;
            };
            let integers = matches!(value, Numbers::I64(_) | Numbers::I32(_)).then_some(value)?;
            match (amount.slot?, &amount.unit) {
                (Place::Area, UnitSource::Fixed(Some(Unit::Area(unit)))) => {
                    land_area = Some((integers, *unit));
                }
                (Place::Money(place), UnitSource::Fixed(Some(Unit::Money(unit)))) => {
                    *money.get_mut(place)? = Some((integers, amount.required));
                    *units.get_mut(place)? = Some(*unit);
                }
                _ => return None,
            }
        }
        let (land_area, area_unit) = land_area?;
        Some(Self {
            units: WholeUnits {
                land_area: area_unit,
                money: units,
            },
            land_area,
            money,
        })
    }
}

/// One amount field's columns.
struct AmountPlan<'a> {
    field: &'static str,
    /// Where the field goes in a project, found once (not by comparing names every row).
    slot: Option<Place>,
    required: bool,
    value: Option<Numbers<'a>>,
    unit: UnitSource<'a>,
}

/// An amount field's place in a project: the land area, or one of the four money fields.
#[derive(Clone, Copy)]
enum Place {
    Area,
    Money(usize),
}

impl Place {
    fn of(field: &str) -> Option<Self> {
        Some(match field {
            "land_area" => Self::Area,
            "fixed_asset_investment" => Self::Money(0),
            "annual_tax" => Self::Money(1),
            "rd_expenditure" => Self::Money(2),
            "revenue" => Self::Money(3),
            _ => return None,
        })
    }
}

enum UnitSource<'a> {
    Column(Texts<'a>),
    /// Given for the whole call: read once, for every row (`None`: a unit the table reader
    /// refuses, which it then names).
    Fixed(Option<Unit>),
    Absent,
}

#[derive(Clone, Copy)]
enum Unit {
    Money(MoneyUnit),
    Area(AreaUnit),
}

/// A text column, its type resolved once.
#[derive(Clone, Copy)]
enum Texts<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Texts<'a> {
    /// `None` for a column not of text.
    fn of(array: &'a dyn Array) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Utf8 => Self::Utf8(array.as_string()),
            DataType::LargeUtf8 => Self::Large(array.as_string()),
            DataType::Utf8View => Self::View(array.as_string_view()),
            _ => return None,
        })
    }

    /// Row `r`'s text, as [`cell`] reads it; `None` for a null.
    fn get(self, r: usize) -> Option<&'a str> {
        match self {
            Self::Utf8(a) => (!a.is_null(r)).then(|| a.value(r)),
            Self::Large(a) => (!a.is_null(r)).then(|| a.value(r)),
            Self::View(a) => (!a.is_null(r)).then(|| a.value(r)),
        }
    }
}

/// An amount column of exact numbers, its type resolved once.
#[derive(Clone, Copy)]
enum Numbers<'a> {
    I64(&'a arrow_array::Int64Array),
    I32(&'a arrow_array::Int32Array),
    Decimal(&'a arrow_array::Decimal128Array, u32),
    /// Any other integer type, read cell by cell.
    Other(&'a dyn Array),
}

impl<'a> Numbers<'a> {
    fn of(array: &'a dyn Array) -> Self {
        match array.data_type() {
            DataType::Int64 => Self::I64(array.as_primitive()),
            DataType::Int32 => Self::I32(array.as_primitive()),
            DataType::Decimal128(_, scale) if *scale >= 0 => {
                Self::Decimal(array.as_primitive(), u32::try_from(*scale).unwrap_or(0))
            }
            _ => Self::Other(array),
        }
    }

    /// Row `r` as a whole number: `Some(None)` for a null, `None` for a cell that is not a
    /// whole number, or is negative (the engine refuses it).
    #[inline]
    fn whole(self, r: usize) -> Option<Option<u64>> {
        match self.get(r)? {
            None => Some(None),
            Some(amount) => amount.whole().map(Some),
        }
    }

    /// Row `r`: `Some(None)` for a null, `None` for a cell the plan does not read.
    fn get(self, r: usize) -> Option<Option<Amount>> {
        Some(match self {
            Self::I64(a) => (!a.is_null(r)).then(|| Amount::Whole(a.value(r))),
            Self::I32(a) => (!a.is_null(r)).then(|| Amount::Whole(a.value(r).into())),
            Self::Decimal(a, scale) => match a.is_null(r) {
                true => None,
                false => Some(Amount::Exact(
                    Decimal::try_from_i128_with_scale(a.value(r), scale).ok()?,
                )),
            },
            Self::Other(a) => match cell(a, r) {
                Ok(None) => None,
                Ok(Some(Read::Number(d))) => Some(Amount::Exact(d)),
                _ => return None,
            },
        })
    }
}

/// An amount cell as read: a whole number (integer columns, converted in integers by
/// `Money::whole` and `Area::whole`) or an exact decimal.
#[derive(Clone, Copy)]
enum Amount {
    Whole(i64),
    Exact(Decimal),
}

impl Amount {
    /// The amount as a whole number that is not negative.
    fn whole(self) -> Option<u64> {
        match self {
            Self::Whole(v) => u64::try_from(v).ok(),
            Self::Exact(_) => None,
        }
    }

    fn money(self, unit: MoneyUnit) -> Option<Money> {
        match self {
            Self::Whole(v) => Money::whole(v, unit),
            Self::Exact(d) => Money::new(d, unit).ok(),
        }
    }

    fn area(self, unit: AreaUnit) -> Option<Area> {
        match self {
            Self::Whole(v) => Area::whole(v, unit),
            Self::Exact(d) => Area::new(d, unit).ok(),
        }
    }
}

impl Unit {
    fn of(field: &str, text: &str) -> Option<Self> {
        Some(if field == "land_area" {
            Self::Area(AreaUnit::parse(text).ok()?)
        } else {
            Self::Money(MoneyUnit::parse(text).ok()?)
        })
    }
}

const AMOUNTS: [(&str, bool); 5] = [
    ("fixed_asset_investment", true),
    ("land_area", true),
    ("annual_tax", true),
    ("rd_expenditure", false),
    ("revenue", false),
];

fn is_text(array: &dyn Array) -> bool {
    matches!(
        array.data_type(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

fn is_exact_number(array: &dyn Array) -> bool {
    array.data_type().is_integer() || matches!(array.data_type(), DataType::Decimal128(_, _))
}

impl<'a> Plan<'a> {
    fn new(
        names: &[String],
        columns: &'a [ArrayRef],
        units: &'a [(String, String)],
    ) -> Option<Self> {
        let column = |key: &str| -> Option<&'a dyn Array> {
            let at = names.iter().position(|n| n == key)?;
            columns.get(at).map(AsRef::as_ref)
        };
        // Every column must be one the plan reads.
        for (name, array) in names.iter().zip(columns) {
            let array = array.as_ref();
            let fits = match name.as_str() {
                "introduced" => *array.data_type() == DataType::Boolean,
                n if n.ends_with("_unit") || ["id", "name", "industry"].contains(&n) => {
                    is_text(array)
                }
                _ => is_exact_number(array),
            };
            if !fits {
                return None;
            }
        }
        let amounts = AMOUNTS
            .iter()
            .map(|&(field, required)| {
                let unit = match (
                    column(&format!("{field}_unit")),
                    units.iter().find(|(f, _)| f == field),
                ) {
                    (Some(array), _) => UnitSource::Column(Texts::of(array)?),
                    (None, Some((_, unit))) => UnitSource::Fixed(Unit::of(field, unit)),
                    (None, None) => UnitSource::Absent,
                };
                Some(AmountPlan {
                    field,
                    slot: Place::of(field),
                    required,
                    value: column(field).map(Numbers::of),
                    unit,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            industry: Texts::of(column("industry")?)?,
            whole: WholeColumns::of(&amounts),
            amounts,
            introduced: column("introduced").and_then(|a| a.as_boolean_opt()),
            id: column("id").and_then(Texts::of),
            name: column("name").and_then(Texts::of),
        })
    }

    /// Row `r`'s `id` and `name` cells, borrowed from the columns (a blank text is not given,
    /// as the table reader reads it).
    fn subject(&self, r: usize) -> [RowCell<'a>; 2] {
        [self.id, self.name].map(|column| match column.and_then(|c| c.get(r)) {
            Some(t) if !t.trim().is_empty() => RowCell::Text(t),
            _ => RowCell::Null,
        })
    }
}

/// One thread's reading of a plan: the unit and industry texts read, and what they were read
/// as (a column repeats a handful of values).
struct Reader<'p, 'a> {
    plan: &'p Plan<'a>,
    /// Units read, for `land_area` and for the money fields apart.
    units: [Vec<(String, Option<Unit>)>; 2],
    industries: Vec<(String, Industry)>,
}

/// `text` read by `parse`, through `seen` (a handful of distinct values per column).
fn remembered<T: Copy>(
    seen: &mut Vec<(String, T)>,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    if let Some((_, value)) = seen.iter().find(|(t, _)| t == text) {
        return Some(*value);
    }
    let value = parse(text)?;
    if seen.len() < 16 {
        seen.push((text.to_owned(), value));
    }
    Some(value)
}

impl<'p, 'a> Reader<'p, 'a> {
    fn new(plan: &'p Plan<'a>) -> Self {
        Self {
            plan,
            units: [Vec::new(), Vec::new()],
            industries: Vec::new(),
        }
    }

    /// Row `r`'s industry, when the table reader reads it the same way.
    fn industry(&mut self, r: usize) -> Option<Industry> {
        // A blank text is not checked for here: it is never remembered (no industry reads from
        // blanks), so its parse fails and the table reader names it.
        let text = self.plan.industry.get(r)?;
        remembered(&mut self.industries, text, |t| Industry::parse(t).ok())
    }

    /// Row `r` as whole numbers in the batch's units ([`WholeColumns`]), when the table
    /// reader would read every cell the same way without error; `None` otherwise.
    fn whole(&mut self, r: usize) -> Option<WholeRow> {
        let columns = self.plan.whole.as_ref()?;
        let mut money = [None; 4];
        for (place, column) in money.iter_mut().zip(&columns.money) {
            if let Some((integers, required)) = column {
                *place = integers.whole(r)?;
                if place.is_none() && *required {
                    return None;
                }
            }
        }
        Some(WholeRow {
            industry: self.industry(r)?,
            land_area: columns.land_area.whole(r)??,
            money,
            introduced: self.introduced(r),
        })
    }

    /// Row `r`'s `introduced`, when the table has the column and says.
    fn introduced(&self, r: usize) -> Option<bool> {
        let flags = self.plan.introduced?;
        (!flags.is_null(r)).then(|| flags.value(r))
    }

    /// Row `r`'s deciding cells (not `id` and `name`, which decide nothing), when every cell
    /// is one the table reader would read the same way without error; `None` otherwise.
    fn cells(&mut self, r: usize) -> Option<RowCells> {
        let plan = self.plan;
        // As for the industry, a blank unit is never remembered.
        let text = |column: Texts<'a>| column.get(r);
        let industry = self.industry(r)?;
        let mut money = [None; 4];
        let mut land_area = None;
        for amount in &plan.amounts {
            let value = match amount.value.map(|v| v.get(r)) {
                Some(Some(Some(d))) => d,
                None | Some(Some(None)) if !amount.required => continue,
                _ => return None,
            };
            let unit = match amount.unit {
                UnitSource::Column(array) => {
                    let text = text(array)?;
                    let field = amount.field;
                    let [money, area] = &mut self.units;
                    let seen = match amount.slot {
                        Some(Place::Area) => area,
                        _ => money,
                    };
                    remembered(seen, text, |t| Some(Unit::of(field, t)))??
                }
                UnitSource::Fixed(unit) => unit?,
                UnitSource::Absent => return None,
            };
            match (amount.slot?, unit) {
                (Place::Area, Unit::Area(unit)) => land_area = Some((value, unit)),
                (Place::Money(place), Unit::Money(unit)) => {
                    *money.get_mut(place)? = Some((value, unit))
                }
                _ => return None,
            }
        }
        Some(RowCells {
            industry,
            land_area: land_area?,
            money,
            introduced: self.introduced(r),
        })
    }
}

/// A row's deciding cells as read from the columns, each amount with its unit.
#[derive(Clone, Copy)]
struct RowCells {
    industry: Industry,
    land_area: (Amount, AreaUnit),
    /// The money fields in `AmountField` order (investment, tax, R&D, revenue).
    money: [Option<(Amount, MoneyUnit)>; 4],
    introduced: Option<bool>,
}

impl RowCells {
    /// The project the cells make, when the engine takes every amount.
    fn project(self) -> Option<Project> {
        // Outer `None`: an amount given that the engine refuses; inner: not given.
        let money = |slot: Option<(Amount, MoneyUnit)>| match slot {
            Some((value, unit)) => value.money(unit).map(Some),
            None => Some(None),
        };
        let [investment, tax, rd_expenditure, revenue] = self.money.map(money);
        let (area, unit) = self.land_area;
        Some(Project {
            id: None,
            name: None,
            industry: self.industry,
            fixed_asset_investment: investment??,
            land_area: area.area(unit)?,
            annual_tax: tax??,
            rd_expenditure: rd_expenditure?,
            revenue: revenue?,
            introduced: self.introduced,
        })
    }

    /// The cells as whole numbers, when every amount is one (an integer column's cell, not
    /// negative), and their units.
    fn whole(self) -> Option<(WholeUnits, WholeRow)> {
        let mut money = [None; 4];
        for (place, slot) in money.iter_mut().zip(self.money) {
            *place = match slot {
                Some((value, unit)) => Some((value.whole()?, unit)),
                None => None,
            };
        }
        let (area, unit) = self.land_area;
        let land_area = (area.whole()?, unit);
        Some(WholeRow::with_units(
            self.industry,
            land_area,
            money,
            self.introduced,
        ))
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
    let read = py.detach(move || -> Result<String, Box<RowError>> {
        let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
        let table = ObservationTable::new(&names).map_err(|e| RowError::input(None, e))?;
        let mut set = Observations::default();
        let mut row = 0;
        for batch in &batches {
            let columns = readable_columns(batch).map_err(|e| RowError::input(None, e))?;
            for r in 0..batch.num_rows() {
                let cells = row_cells(table.names(), &columns, r)
                    .map_err(|e| RowError::input(Some(row), e))?;
                table
                    .add(
                        &book,
                        &mut set,
                        cells.iter().map(|c| c.as_ref().map(Read::cell)),
                    )
                    .map_err(|e| RowError::input(Some(row), e))?;
                row += 1;
            }
        }
        Ok(set.to_canonical_json(&book))
    });
    read.map_err(|bad| bad.into_py(py))
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
                    .map_err(|bad| bad.into_py(py))?
                    .schema(),
            };
            PyTable::try_new(batches, schema)?.into_pyarrow(py)
        }
        Err(bad) => Err(bad.into_py(py)),
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
    let result = py.detach(move || -> Result<String, Box<RowError>> {
        let shape = RowShape::new(&book, Detail::Full, report_errors);
        let columns = shape.columns();
        // The core's batch driver, as for tables and the CLI: ordered parts on every core.
        let parts = in_order(&ranges(records.len()), |_, range| {
            let mut judge = Judge::default();
            let mut rows = Vec::with_capacity(range.len());
            for i in range.clone() {
                let text = records.get(i).map_or("", String::as_str);
                let project = project_of_record(text, &units);
                let index = u64::try_from(i).unwrap_or(u64::MAX);
                let mut cells = Vec::with_capacity(columns.len());
                let judged = match &project {
                    Ok(project) => shape.judge(index, project, options, &mut judge, &mut cells),
                    Err(e) => Err(e.clone()),
                };
                match judged {
                    Ok(_) => rows.push(row_object(&columns, &cells)),
                    Err(e) if report_errors => {
                        let subject = shenfu_rules::batch::subject_of_json(text);
                        let mut cells = Vec::with_capacity(columns.len());
                        shape.error_row(index, subject, &e, None, &mut cells);
                        rows.push(row_object(&columns, &cells));
                    }
                    Err(e) => return Err(RowError::input(Some(i), e)),
                }
            }
            Ok(rows)
        });
        let mut rows = Vec::with_capacity(records.len());
        for part in parts {
            rows.extend(part?);
        }
        Ok(shenfu_rules::canonical::to_json(&rows))
    });
    result.map_err(|bad| bad.into_py(py))
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
