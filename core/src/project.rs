//! A project application, with the contract's field names (README, "Input"), read exactly from JSON
//! or from a CSV record.

use crate::error::{Error, ErrorKind, Expected, Found, Result};
use crate::industry::Industry;
use crate::number::parse_decimal;
use crate::quantity::{Area, AreaUnit, Money, MoneyUnit};
use rust_decimal::Decimal;
use serde_json::Value;
use std::borrow::Cow;

pub use crate::json::parse_json;

/// What a project field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text (`id`, `name`).
    Text,
    /// One of the six leading industries or 其他.
    Industry,
    /// An amount of money, with its unit.
    Money(AmountField),
    /// The land area, with its unit.
    Area,
    /// `true`/`false` (`introduced`).
    Flag,
}

/// One field of the project contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The field's name in JSON and the column's name in a table, e.g. `fixed_asset_investment`.
    pub name: &'static str,
    /// What the field holds.
    pub kind: FieldKind,
    /// A project without it is refused (`missing_field`).
    pub required: bool,
    /// What people call it, in Chinese and English (messages, derivations).
    pub label: (&'static str, &'static str),
}

impl FieldKind {
    /// An amount: a number with a unit (`{"value", "unit"}` in JSON, a `<field>_unit` column in
    /// a table).
    pub const fn is_amount(self) -> bool {
        matches!(self, Self::Money(_) | Self::Area)
    }
}

const fn field(
    name: &'static str,
    kind: FieldKind,
    required: bool,
    label: (&'static str, &'static str),
) -> Field {
    Field {
        name,
        kind,
        required,
        label,
    }
}

/// The project contract's fields, in contract order: the one table every list of fields, every
/// column check and every amount's key and label is made from.
pub const FIELD_TABLE: [Field; 9] = [
    field("id", FieldKind::Text, false, ("编号", "id")),
    field("name", FieldKind::Text, false, ("名称", "name")),
    field(
        "industry",
        FieldKind::Industry,
        true,
        ("所属产业", "industry"),
    ),
    field(
        "fixed_asset_investment",
        FieldKind::Money(AmountField::FixedAssetInvestment),
        true,
        ("固定资产投资", "fixed-asset investment"),
    ),
    field(
        "land_area",
        FieldKind::Area,
        true,
        ("用地面积", "land area"),
    ),
    field(
        "annual_tax",
        FieldKind::Money(AmountField::AnnualTax),
        true,
        ("年税收", "annual tax"),
    ),
    field(
        "rd_expenditure",
        FieldKind::Money(AmountField::RdExpenditure),
        false,
        ("研发经费", "R&D expenditure"),
    ),
    field(
        "revenue",
        FieldKind::Money(AmountField::Revenue),
        false,
        ("营业收入", "revenue"),
    ),
    field(
        "introduced",
        FieldKind::Flag,
        false,
        ("引进项目", "introduced"),
    ),
];

// Every amount field is in the table: a missing one fails the build here, not a call at run time.
const _: [Field; 4] = [
    AmountField::FixedAssetInvestment.field(),
    AmountField::AnnualTax.field(),
    AmountField::RdExpenditure.field(),
    AmountField::Revenue.field(),
];

/// Which fields a list names.
#[derive(Clone, Copy)]
enum Which {
    All,
    Amounts,
    Required,
}

/// The names of the fields of `FIELD_TABLE` that `which` keeps, in order (`N` of them: a wrong
/// count fails to compile).
#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of range fails the build
const fn names<const N: usize>(which: Which) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < FIELD_TABLE.len() {
        let f = &FIELD_TABLE[i];
        let keep = match which {
            Which::All => true,
            Which::Amounts => f.kind.is_amount(),
            Which::Required => f.required,
        };
        if keep {
            out[n] = FIELD_TABLE[i].name;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "the field count does not match the table");
    out
}

/// The input fields, in contract order.
pub const FIELDS: [&str; 9] = names(Which::All);

/// The columns of a table that hold amounts, each needing its `<amount>_unit` column.
pub(crate) const AMOUNT_COLUMNS: [&str; 5] = names(Which::Amounts);

/// The columns a table of projects must have.
pub const REQUIRED_COLUMNS: [&str; 4] = names(Which::Required);

/// `parts`, each followed by `suffix`, joined by ", ", as bytes: the lists in error messages,
/// made at compile time from the table.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of range fails the build
const fn joined<const N: usize>(groups: &[(&[&str], &str)]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = 0;
    let mut g = 0;
    while g < groups.len() {
        let (parts, suffix) = groups[g];
        let mut p = 0;
        while p < parts.len() {
            if at > 0 {
                out[at] = b',';
                out[at + 1] = b' ';
                at += 2;
            }
            at = copy(&mut out, at, parts[p].as_bytes());
            at = copy(&mut out, at, suffix.as_bytes());
            p += 1;
        }
        g += 1;
    }
    assert!(at == N, "the list's length does not match");
    out
}

#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of range fails the build
const fn copy<const N: usize>(out: &mut [u8; N], mut at: usize, bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        out[at] = bytes[i];
        at += 1;
        i += 1;
    }
    at
}

/// The length of [`joined`]'s output.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of range fails the build
const fn joined_len(groups: &[(&[&str], &str)]) -> usize {
    let (mut len, mut count, mut g) = (0, 0, 0);
    while g < groups.len() {
        let (parts, suffix) = groups[g];
        let mut p = 0;
        while p < parts.len() {
            len += parts[p].len() + suffix.len();
            count += 1;
            p += 1;
        }
        g += 1;
    }
    len + 2 * (count - 1)
}

#[allow(clippy::panic)] // evaluated at compile time: a bad name fails the build
const fn text(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => panic!("a field name is not UTF-8"),
    }
}

const FIELD_GROUPS: [(&[&str], &str); 1] = [(&FIELDS, "")];
const FIELD_BYTES: [u8; joined_len(&FIELD_GROUPS)] = joined(&FIELD_GROUPS);
const FIELD_LIST: &str = text(&FIELD_BYTES);

const COLUMN_GROUPS: [(&[&str], &str); 2] = [(&FIELDS, ""), (&AMOUNT_COLUMNS, "_unit")];
const COLUMN_BYTES: [u8; joined_len(&COLUMN_GROUPS)] = joined(&COLUMN_GROUPS);
/// The columns of a table of projects (CSV, Arrow): the contract's fields and a `<amount>_unit`
/// column beside each amount.
pub const COLUMN_LIST: &str = text(&COLUMN_BYTES);

/// Check a table's column names before reading any row — the one column contract of the CLI's
/// CSV and Python's Arrow batches: every required column present (`missing_field` naming it),
/// every amount column with its `<amount>_unit` column (`missing_field` naming that: a bare
/// number in a table is never taken to be 元 or 亩 — a spreadsheet's amounts are as often in
/// 万元), no column outside [`COLUMN_LIST`] (`unknown_field` naming it).
pub fn check_columns<S: AsRef<str>>(names: &[S]) -> Result<()> {
    let has = |column: &str| names.iter().any(|n| n.as_ref() == column);
    for column in REQUIRED_COLUMNS {
        if !has(column) {
            return Err(Error::from(ErrorKind::MissingField).at(column));
        }
    }
    for name in names {
        let name = name.as_ref();
        let base = name.strip_suffix("_unit").unwrap_or(name);
        let known = if base == name {
            FIELDS.contains(&name)
        } else {
            AMOUNT_COLUMNS.contains(&base)
        };
        if !known {
            return Err(Error::from(ErrorKind::UnknownField {
                expected: COLUMN_LIST,
            })
            .at(name));
        }
    }
    for amount in AMOUNT_COLUMNS {
        let unit = format!("{amount}_unit");
        if has(amount) && !has(&unit) {
            return Err(Error::from(ErrorKind::MissingField).at(&unit));
        }
    }
    Ok(())
}

const AMOUNT_KEYS: &str = "value, unit";

/// One investment project application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The application's own id, e.g. `P-001`; it becomes the report's `subject.id`.
    pub id: Option<String>,
    /// The project's name; it becomes the report's `subject.name`.
    pub name: Option<String>,
    /// Its industry: one of the six leading industries or 其他.
    pub industry: Industry,
    /// 固定资产投资 (total).
    pub fixed_asset_investment: Money,
    /// 用地面积.
    pub land_area: Area,
    /// 年税收 (expected annual tax yield).
    pub annual_tax: Money,
    /// R&D spend of the same year as `revenue` (optional).
    pub rd_expenditure: Option<Money>,
    /// Operating revenue (optional).
    pub revenue: Option<Money>,
    /// Whether this is an introduced project (引进项目), the projects the plan's admission
    /// conditions are set for. `None`: not said — assessed as introduced, and the report records
    /// that assumption.
    pub introduced: Option<bool>,
}

/// The money fields a rule may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AmountField {
    /// 固定资产投资, `fixed_asset_investment`.
    FixedAssetInvestment,
    /// 年税收, `annual_tax`.
    AnnualTax,
    /// R&D spend, `rd_expenditure`.
    RdExpenditure,
    /// Operating revenue, `revenue`.
    Revenue,
}

impl AmountField {
    /// Its field in [`FIELD_TABLE`] (every variant has one: checked when the crate compiles).
    #[allow(clippy::indexing_slicing, clippy::panic)] // the loop stays in bounds
    const fn field(self) -> Field {
        let mut i = 0;
        while i < FIELD_TABLE.len() {
            if let FieldKind::Money(amount) = FIELD_TABLE[i].kind
                && amount as u8 == self as u8
            {
                return FIELD_TABLE[i];
            }
            i += 1;
        }
        panic!("an amount field is missing from FIELD_TABLE")
    }

    /// The amount field its contract name names (`fixed_asset_investment`, `annual_tax`,
    /// `rd_expenditure`, `revenue`).
    pub fn parse(text: &str) -> Option<Self> {
        FIELD_TABLE.iter().find_map(|f| match f.kind {
            FieldKind::Money(amount) if f.name == text => Some(amount),
            _ => None,
        })
    }

    /// The field's contract name, e.g. `fixed_asset_investment`.
    pub fn key(self) -> &'static str {
        self.field().name
    }

    /// What people call it in Chinese, e.g. 固定资产投资.
    pub fn label_zh(self) -> &'static str {
        self.field().label.0
    }

    /// What people call it in English, e.g. `fixed-asset investment`.
    pub fn label_en(self) -> &'static str {
        self.field().label.1
    }
}

impl Project {
    /// The amount behind `field`, if given.
    pub fn amount(&self, field: AmountField) -> Option<&Money> {
        match field {
            AmountField::FixedAssetInvestment => Some(&self.fixed_asset_investment),
            AmountField::AnnualTax => Some(&self.annual_tax),
            AmountField::RdExpenditure => self.rd_expenditure.as_ref(),
            AmountField::Revenue => self.revenue.as_ref(),
        }
    }

    /// Parse one project from JSON text. Numbers are read from their text, never through `f64`.
    ///
    /// ```
    /// use shenfu_rules::Project;
    /// let p = Project::from_json_str(r#"{"industry": "数字经济",
    ///     "fixed_asset_investment": {"value": "24000", "unit": "万元"},
    ///     "land_area": {"value": 60, "unit": "亩"},
    ///     "annual_tax": {"value": "3000", "unit": "万元"}}"#).unwrap();
    /// assert_eq!(p.land_area.mu().to_string(), "60");
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self> {
        #[cfg(any(not(target_arch = "wasm32"), feature = "fast-json"))]
        if let Some(project) = Self::from_flat_json(text) {
            return project;
        }
        let value: Value = parse_json(text)?;
        Self::from_json_value(&value)
    }

    /// The fast path of [`Project::from_json_str`] for the common shape (a flat object, amounts
    /// as strings, numbers or `{value, unit}`, no escapes): the same project — or, once the
    /// members are read, the same error from the same [`Builder`] — without building a JSON
    /// value. `None` for anything else (an unknown or repeated key, a wrong type, a syntax
    /// error, an escape): the full reader then decides and words it.
    #[cfg(any(not(target_arch = "wasm32"), feature = "fast-json"))]
    fn from_flat_json(text: &str) -> Option<Result<Self>> {
        use crate::json::scan::{Member, Scalar, flat_object_of};
        let mut b = Builder::default();
        let mut seen = 0u16;
        flat_object_of(text, &FIELDS, &["value", "unit"], |index, member| {
            let Field {
                name: key, kind, ..
            } = *FIELD_TABLE.get(index)?;
            let bit = 1u16 << index;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            let text = |t| Some(Cow::Borrowed(t));
            match (key, member) {
                (_, Member::Scalar(Scalar::Null)) => {}
                ("id", Member::Scalar(Scalar::Text(t))) => b.id = text(t),
                ("id", Member::Scalar(Scalar::Number(n)))
                    if n.parse::<u64>().is_ok() || n.parse::<i64>().is_ok() =>
                {
                    b.id = text(n);
                }
                ("name", Member::Scalar(Scalar::Text(t))) => b.name = text(t),
                ("industry", Member::Scalar(Scalar::Text(t))) => b.industry = text(t),
                ("introduced", Member::Scalar(Scalar::Bool(v))) => b.introduced = Some(v),
                ("land_area", member) => b.land_area = Some(flat_amount(member)?),
                (_, member) => {
                    let FieldKind::Money(amount) = kind else {
                        return None;
                    };
                    b.set_amount(amount, Some(flat_amount(member)?));
                }
            }
            Some(())
        })?;
        Some(b.build())
    }

    /// Parse one project from a JSON value (an object with the contract's field names).
    pub fn from_json_value(value: &Value) -> Result<Self> {
        let Value::Object(map) = value else {
            return Err(ErrorKind::InvalidType {
                expected: Expected::Project,
                found: json_type(value),
            }
            .into());
        };
        let mut b = Builder::default();
        for (key, v) in map {
            let in_field = |e: Error| e.at(key);
            match key.as_str() {
                "id" => b.id = text_or_integer(v).map_err(in_field)?.map(Cow::Owned),
                "name" => b.name = optional_text(v).map_err(in_field)?.map(Cow::Borrowed),
                "industry" => b.industry = optional_text(v).map_err(in_field)?.map(Cow::Borrowed),
                "introduced" => b.introduced = json_flag(v).map_err(in_field)?,
                other => match AmountField::parse(other) {
                    Some(field) => b.set_amount(field, json_amount(v).map_err(in_field)?),
                    None if other == "land_area" => {
                        b.land_area = json_amount(v).map_err(in_field)?
                    }
                    None => {
                        return Err(Error::from(ErrorKind::UnknownField {
                            expected: FIELD_LIST,
                        })
                        .at(key));
                    }
                },
            }
        }
        b.build()
    }

    /// Build a project from named text fields, as a CSV row gives them: the contract's names,
    /// plus `<field>_unit` columns. An empty cell means "not given"; an unknown column is an
    /// error; an amount without its unit is `missing_field` at `<field>_unit` (a table's bare
    /// number is never guessed to be 元 or 亩).
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        Self::from_cells(fields.into_iter().map(|(k, v)| (k, Cell::Text(v))))
    }

    /// [`Project::from_fields`] for cells that may already be numbers (columnar batches): a
    /// [`Cell::Number`] is taken as it is, without printing and parsing it again. A number in a
    /// text field (`id`, `name`, `industry`, a unit) is read as its canonical text.
    pub fn from_cells<'a>(fields: impl IntoIterator<Item = (&'a str, Cell<'a>)>) -> Result<Self> {
        let mut b = Builder::default();
        let mut units: Vec<(&str, Cow<'a, str>)> = Vec::new();
        for (key, cell) in fields {
            let given: Option<RawValue> = match cell {
                Cell::Text(text) if text.trim().is_empty() => None,
                Cell::Text(text) => Some(RawValue::Text(Cow::Borrowed(text))),
                Cell::Number(d) => Some(RawValue::Number(d)),
            };
            let as_text = |v: Option<RawValue<'a>>| -> Option<Cow<'a, str>> {
                v.map(|v| match v {
                    RawValue::Text(t) => t,
                    RawValue::Number(d) => Cow::Owned(crate::number::canonical(d)),
                })
            };
            if let Some(base) = key.strip_suffix("_unit")
                && (base == "land_area" || AmountField::parse(base).is_some())
            {
                if let Some(u) = as_text(given) {
                    units.push((base, u));
                }
                continue;
            }
            match key {
                "id" => b.id = as_text(given),
                "name" => b.name = as_text(given),
                "industry" => b.industry = as_text(given),
                "introduced" => {
                    // A number column (0/1) is no flag: say it was a number, not text.
                    let flag = match given {
                        Some(RawValue::Number(_)) => Err(Error::from(ErrorKind::InvalidType {
                            expected: Expected::Boolean,
                            found: Found::Number,
                        })),
                        other => text_flag(as_text(other)),
                    };
                    b.introduced = flag.map_err(|e| e.at(key))?;
                }
                other => {
                    let raw = given.map(|value| RawAmount { value, unit: None });
                    match AmountField::parse(other) {
                        Some(field) => b.set_amount(field, raw),
                        None if other == "land_area" => b.land_area = raw,
                        None => {
                            return Err(Error::from(ErrorKind::UnknownField {
                                expected: FIELD_LIST,
                            })
                            .at(key));
                        }
                    }
                }
            }
        }
        for (base, unit) in units {
            let slot = match AmountField::parse(base) {
                Some(field) => b.amount_slot(field),
                None => &mut b.land_area,
            };
            // A unit cell beside an empty value cell says nothing; the value decides.
            if let Some(raw) = slot {
                raw.unit = Some(unit);
            }
        }
        for (field, slot) in b.amount_slots() {
            if slot.as_ref().is_some_and(|raw| raw.unit.is_none()) {
                return Err(Error::from(ErrorKind::MissingField).at(&format!("{field}_unit")));
            }
        }
        b.build()
    }

    /// The canonical input: contract field order, English industry key, each amount as
    /// `{"value": canonical decimal text, "unit": Chinese unit name}`; absent fields omitted.
    /// Its SHA-256 is the report's `input_sha256`.
    pub fn to_canonical_json(&self) -> String {
        let mut out = String::with_capacity(256);
        self.push_canonical_json(&mut out);
        out
    }

    /// [`Project::to_canonical_json`] appended to `out`.
    pub fn push_canonical_json(&self, out: &mut String) {
        fn string(out: &mut String, key: &str, text: &str) {
            out.push_str(key);
            crate::canonical::push_string(out, text);
        }
        fn amount(out: &mut String, key: &str, value: Decimal, unit: &str) {
            out.push_str(key);
            out.push_str("{\"value\":\"");
            crate::number::push_canonical(out, value);
            out.push_str("\",\"unit\":\"");
            out.push_str(unit);
            out.push_str("\"}");
        }
        out.push('{');
        let mut comma = "";
        for (key, text) in [("\"id\":", &self.id), ("\"name\":", &self.name)] {
            if let Some(text) = text {
                out.push_str(comma);
                string(out, key, text);
                comma = ",";
            }
        }
        out.push_str(comma);
        string(out, "\"industry\":", self.industry.key());
        let money = [
            (
                ",\"fixed_asset_investment\":",
                Some(&self.fixed_asset_investment),
            ),
            (",\"annual_tax\":", Some(&self.annual_tax)),
            (",\"rd_expenditure\":", self.rd_expenditure.as_ref()),
            (",\"revenue\":", self.revenue.as_ref()),
        ];
        for (i, (key, value)) in money.into_iter().enumerate() {
            if let Some(m) = value {
                amount(out, key, m.value, m.unit.name());
            }
            if i == 0 {
                let area = &self.land_area;
                amount(out, ",\"land_area\":", area.value, area.unit.name());
            }
        }
        match self.introduced {
            Some(true) => out.push_str(",\"introduced\":true"),
            Some(false) => out.push_str(",\"introduced\":false"),
            None => {}
        }
        out.push('}');
    }

    /// SHA-256 (hex) of [`Project::to_canonical_json`].
    pub fn input_sha256(&self) -> String {
        let mut out = String::with_capacity(64);
        self.push_input_sha256(&mut out, &mut String::with_capacity(256));
        out
    }

    /// [`Project::input_sha256`] appended to `out`; the canonical input is written into
    /// `scratch` (cleared first) and hashed in one piece.
    pub(crate) fn push_input_sha256(&self, out: &mut String, scratch: &mut String) {
        scratch.clear();
        self.push_canonical_json(scratch);
        crate::canonical::push_sha256_hex(out, scratch.as_bytes());
    }
}

/// The kind of a JSON value, for `invalid_type` errors.
pub fn json_type(v: &Value) -> Found {
    match v {
        Value::Null => Found::Null,
        Value::Bool(_) => Found::Boolean,
        Value::Number(_) => Found::Number,
        Value::String(_) => Found::Text,
        Value::Array(_) => Found::Array,
        Value::Object(_) => Found::Object,
    }
}

/// A cell of a row: text as written, or a number a columnar source already holds exactly (an
/// Arrow integer or decimal column), which needs no parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text as written in the cell: parsed and checked by the reader.
    Text(&'a str),
    /// A number the column already holds exactly.
    Number(Decimal),
}

/// A value as written, before validation.
#[derive(Debug, Clone)]
enum RawValue<'a> {
    Text(Cow<'a, str>),
    Number(Decimal),
}

impl RawValue<'_> {
    /// The value as a whole number, when its text is at most 18 ASCII digits: what
    /// [`parse_decimal`] reads as that integer (a test holds the two together), converted in
    /// integers by `Money::whole` and `Area::whole`.
    fn whole(&self) -> Option<i64> {
        match self {
            Self::Text(t)
                if (1..=18).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) =>
            {
                t.parse().ok()
            }
            _ => None,
        }
    }

    fn decimal(&self) -> Result<Decimal> {
        match self {
            Self::Text(text) => parse_decimal(text).map_err(|k| Error::from(k).at("value")),
            Self::Number(d) => Ok(*d),
        }
    }
}

/// An amount as written, before validation.
#[derive(Debug, Clone)]
struct RawAmount<'a> {
    value: RawValue<'a>,
    unit: Option<Cow<'a, str>>,
}

#[derive(Default)]
struct Builder<'a> {
    id: Option<Cow<'a, str>>,
    name: Option<Cow<'a, str>>,
    industry: Option<Cow<'a, str>>,
    fixed_asset_investment: Option<RawAmount<'a>>,
    land_area: Option<RawAmount<'a>>,
    annual_tax: Option<RawAmount<'a>>,
    rd_expenditure: Option<RawAmount<'a>>,
    revenue: Option<RawAmount<'a>>,
    introduced: Option<bool>,
}

impl<'a> Builder<'a> {
    fn amount_slot(&mut self, field: AmountField) -> &mut Option<RawAmount<'a>> {
        match field {
            AmountField::FixedAssetInvestment => &mut self.fixed_asset_investment,
            AmountField::AnnualTax => &mut self.annual_tax,
            AmountField::RdExpenditure => &mut self.rd_expenditure,
            AmountField::Revenue => &mut self.revenue,
        }
    }

    /// Every amount as given, in contract order, with its field name.
    fn amount_slots(&self) -> [(&'static str, &Option<RawAmount<'a>>); 5] {
        [
            ("fixed_asset_investment", &self.fixed_asset_investment),
            ("land_area", &self.land_area),
            ("annual_tax", &self.annual_tax),
            ("rd_expenditure", &self.rd_expenditure),
            ("revenue", &self.revenue),
        ]
    }

    fn set_amount(&mut self, field: AmountField, raw: Option<RawAmount<'a>>) {
        *self.amount_slot(field) = raw;
    }

    /// Validate in contract order, so the first error reported is the first field in it.
    fn build(self) -> Result<Project> {
        let industry = match self.industry {
            Some(text) => Industry::parse(&text).map_err(|k| Error::from(k).at("industry"))?,
            None => return Err(Error::from(ErrorKind::MissingField).at("industry")),
        };
        let required = |raw: Option<RawAmount<'a>>, field: &str| {
            raw.ok_or_else(|| Error::from(ErrorKind::MissingField).at(field))
        };
        let fixed_asset_investment = money(required(
            self.fixed_asset_investment,
            "fixed_asset_investment",
        )?)
        .map_err(|e| e.at("fixed_asset_investment"))?;
        let land_area =
            area(required(self.land_area, "land_area")?).map_err(|e| e.at("land_area"))?;
        let annual_tax =
            money(required(self.annual_tax, "annual_tax")?).map_err(|e| e.at("annual_tax"))?;
        let rd_expenditure = self
            .rd_expenditure
            .map(money)
            .transpose()
            .map_err(|e| e.at("rd_expenditure"))?;
        let revenue = self
            .revenue
            .map(money)
            .transpose()
            .map_err(|e| e.at("revenue"))?;
        Ok(Project {
            id: self.id.map(Cow::into_owned),
            name: self.name.map(Cow::into_owned),
            industry,
            fixed_asset_investment,
            land_area,
            annual_tax,
            rd_expenditure,
            revenue,
            introduced: self.introduced,
        })
    }
}

/// An amount the fast path read: a number, a string, or `{value, unit}` with both and nothing
/// else; `None` for anything else.
#[cfg(any(not(target_arch = "wasm32"), feature = "fast-json"))]
fn flat_amount<'a>(member: crate::json::scan::Member<'a>) -> Option<RawAmount<'a>> {
    use crate::json::scan::{Member, Scalar};
    let raw = |value: &'a str, unit: Option<&'a str>| RawAmount {
        value: RawValue::Text(Cow::Borrowed(value)),
        unit: unit.map(Cow::Borrowed),
    };
    match member {
        Member::Scalar(Scalar::Number(v) | Scalar::Text(v)) => Some(raw(v, None)),
        Member::Object(inner) => match inner.members() {
            [
                ("value", Scalar::Number(v) | Scalar::Text(v)),
                ("unit", Scalar::Text(u)),
            ]
            | [
                ("unit", Scalar::Text(u)),
                ("value", Scalar::Number(v) | Scalar::Text(v)),
            ] => Some(raw(v, Some(u))),
            _ => None,
        },
        Member::Scalar(_) => None,
    }
}

/// `introduced` in JSON: `true`, `false`, or `null` (not said).
fn json_flag(v: &Value) -> Result<Option<bool>> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        other => Err(ErrorKind::InvalidType {
            expected: Expected::Boolean,
            found: json_type(other),
        }
        .into()),
    }
}

/// `introduced` in a CSV cell: `true` or `false` (an empty cell: not said).
fn text_flag(text: Option<Cow<'_, str>>) -> Result<Option<bool>> {
    match text.as_deref().map(str::trim) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(ErrorKind::InvalidType {
            expected: Expected::Boolean,
            found: Found::Text,
        }
        .into()),
    }
}

fn money(raw: RawAmount<'_>) -> Result<Money> {
    let unit = match raw.unit.as_deref() {
        Some(u) => MoneyUnit::parse(u).map_err(|k| Error::from(k).at("unit"))?,
        None => MoneyUnit::Yuan,
    };
    if let Some(money) = raw.value.whole().and_then(|v| Money::whole(v, unit)) {
        return Ok(money);
    }
    Money::new(raw.value.decimal()?, unit)
}

fn area(raw: RawAmount<'_>) -> Result<Area> {
    let unit = match raw.unit.as_deref() {
        Some(u) => AreaUnit::parse(u).map_err(|k| Error::from(k).at("unit"))?,
        None => AreaUnit::Mu,
    };
    if let Some(area) = raw.value.whole().and_then(|v| Area::whole(v, unit)) {
        return Ok(area);
    }
    Area::new(raw.value.decimal()?, unit)
}

/// A JSON amount: `{"value": …, "unit": …}`, a bare number, or a numeric string; `null` means
/// not given.
fn json_amount(v: &Value) -> Result<Option<RawAmount<'_>>> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(Some(RawAmount {
            value: RawValue::Text(Cow::Owned(n.to_string())),
            unit: None,
        })),
        Value::String(s) => Ok(Some(RawAmount {
            value: RawValue::Text(Cow::Borrowed(s)),
            unit: None,
        })),
        Value::Object(map) => {
            let mut value = None;
            let mut unit = None;
            for (key, item) in map {
                match key.as_str() {
                    "value" => value = scalar_text(item).map_err(|e| e.at("value"))?,
                    "unit" => match item {
                        Value::String(u) => unit = Some(Cow::Borrowed(u.as_str())),
                        other => {
                            return Err(Error::from(ErrorKind::InvalidType {
                                expected: Expected::UnitName,
                                found: json_type(other),
                            })
                            .at("unit"));
                        }
                    },
                    _ => {
                        return Err(Error::from(ErrorKind::UnknownField {
                            expected: AMOUNT_KEYS,
                        })
                        .at(key));
                    }
                }
            }
            let value = value.ok_or_else(|| Error::from(ErrorKind::MissingField).at("value"))?;
            let unit = unit.ok_or_else(|| Error::from(ErrorKind::MissingField).at("unit"))?;
            Ok(Some(RawAmount {
                value: RawValue::Text(Cow::Owned(value)),
                unit: Some(unit),
            }))
        }
        other => Err(ErrorKind::InvalidType {
            expected: Expected::Amount,
            found: json_type(other),
        }
        .into()),
    }
}

pub(crate) fn scalar_text(v: &Value) -> Result<Option<String>> {
    match v {
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(ErrorKind::InvalidType {
            expected: Expected::Number,
            found: json_type(other),
        }
        .into()),
    }
}

fn optional_text(v: &Value) -> Result<Option<&str>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(ErrorKind::InvalidType {
            expected: Expected::Text,
            found: json_type(other),
        }
        .into()),
    }
}

/// Approval systems often number their applications; an integer id is kept as its text.
fn text_or_integer(v: &Value) -> Result<Option<String>> {
    match v {
        Value::Number(n) if n.is_u64() || n.is_i64() => Ok(Some(n.to_string())),
        other => Ok(optional_text(other)?.map(str::to_owned)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A project text of the common shape, with what the one-pass reader must notice: members
    /// in any order, inner members in either order, numbers or strings, optional fields, and
    /// now and then a null, an unknown or repeated key, an escape, a bad unit or value.
    fn project_text() -> impl Strategy<Value = String> {
        let value = prop_oneof![
            24 => (0u64..100_000).prop_map(|n| format!("\"{n}\"")),
            8 => (0u64..100_000, 1u32..4).prop_map(|(n, s)| format!("{n}.{}", "5".repeat(s as usize))),
            1 => Just("\"-3\"".to_owned()),
            1 => Just("null".to_owned()),
            1 => Just("\"1\\u0030\"".to_owned()),
        ];
        let unit = |units: Vec<&'static str>| prop_oneof![40 => proptest::sample::select(units), 1 => Just("斤")];
        let amount = |key: &'static str, units: Vec<&'static str>| {
            (value.clone(), unit(units), any::<bool>(), 0..40u8).prop_map(
                move |(value, unit, swap, odd)| {
                    let inner_key = if odd == 0 { "valu" } else { "value" };
                    let (a, b) = (
                        format!("\"{inner_key}\": {value}"),
                        format!("\"unit\":\"{unit}\""),
                    );
                    let inner = if swap {
                        format!("{{{b},{a}}}")
                    } else {
                        format!("{{{a}, {b}}}")
                    };
                    format!("\"{key}\":{inner}")
                },
            )
        };
        let money = vec!["元", "万元", "亿元"];
        let members = (
            amount("fixed_asset_investment", money.clone()),
            amount("land_area", vec!["亩", "平方米", "公顷"]),
            amount("annual_tax", money.clone()),
            proptest::option::of(amount("rd_expenditure", vec!["万元", "美元"])),
            proptest::option::of(amount("revenue", money)),
            prop_oneof![
                Just("\"industry\":\"智能制造\"".to_owned()),
                Just("\"industry\":\"其他\"".to_owned()),
                Just("\"industry\":\"智能制造\"".to_owned()),
                Just("\"industry\":null".to_owned()),
            ],
            proptest::option::of(prop_oneof![
                Just("\"id\":\"P-1\"".to_owned()),
                Just("\"id\":12".to_owned()),
                Just("\"id\":\"x\\\"y\"".to_owned()),
            ]),
            proptest::option::weighted(
                0.3,
                prop_oneof![
                    Just("\"introduced\":true".to_owned()),
                    Just("\"introduced\":\"yes\"".to_owned()),
                ],
            ),
            proptest::option::weighted(
                0.2,
                prop_oneof![
                    Just("\"idx\":1".to_owned()),
                    Just("\"i\\u0064\":\"P-2\"".to_owned()),
                    Just("\"name\":\"名\"".to_owned()),
                    Just("\"industry\":\"其他\"".to_owned()),
                ],
            ),
        );
        (members, any::<u64>()).prop_map(|((a, b, c, d, e, f, g, h, i), order)| {
            let mut all: Vec<String> = [Some(a), Some(b), Some(c), d, e, Some(f), g, h, i]
                .into_iter()
                .flatten()
                .collect();
            // A shuffle from the seed (proptest shrinks the seed, not the order).
            let mut seed = order;
            for k in (1..all.len()).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                all.swap(k, (seed >> 33) as usize % (k + 1));
            }
            format!("{{{}}}", all.join(", "))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        /// Whatever the one-pass reader makes of a text — a project or an error — is what the
        /// full reader makes of it; what it gives up on, the full reader decides (a test below
        /// counts how many it reads).
        #[test]
        fn the_one_pass_reader_reads_as_the_full_reader(text in project_text()) {
            if let Some(flat) = Project::from_flat_json(&text) {
                let full = parse_json(&text).and_then(|v| Project::from_json_value(&v));
                prop_assert_eq!(flat, full, "{}", text);
            }
        }
    }

    /// About half the texts above reach the one-pass reader's end, most of those as projects.
    #[test]
    fn the_one_pass_reader_takes_most_generated_texts() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut read, mut projects) = (0, 0);
        for _ in 0..1_000 {
            let text = project_text().new_tree(&mut runner).unwrap().current();
            if let Some(flat) = Project::from_flat_json(&text) {
                read += 1;
                projects += usize::from(flat.is_ok());
            }
        }
        assert!(
            read > 400 && projects > 200,
            "{read} read, {projects} projects"
        );
    }

    proptest! {
        /// A text of at most 18 digits (leading zeros too) is read as the whole number
        /// `parse_decimal` reads, to the byte.
        #[test]
        fn whole_texts_are_parse_decimal_s(text in "[0-9]{1,18}") {
            let raw = RawValue::Text(Cow::Borrowed(&text));
            let whole = raw.whole().map(|v| Decimal::from(v).serialize());
            prop_assert_eq!(whole, Some(parse_decimal(&text).unwrap().serialize()));
        }
    }

    /// The lists made from the field table at compile time, read back: every money field's
    /// key parses to its own variant, and the lists in error messages are the contract's.
    #[test]
    fn the_field_table_makes_every_list() {
        for f in FIELD_TABLE {
            if let FieldKind::Money(amount) = f.kind {
                assert_eq!(AmountField::parse(f.name), Some(amount));
                assert_eq!(amount.key(), f.name);
                assert_eq!((amount.label_zh(), amount.label_en()), f.label);
            }
        }
        assert_eq!(
            FIELD_LIST,
            "id, name, industry, fixed_asset_investment, land_area, annual_tax, rd_expenditure, revenue, introduced"
        );
        assert_eq!(
            COLUMN_LIST,
            format!(
                "{FIELD_LIST}, fixed_asset_investment_unit, land_area_unit, annual_tax_unit, rd_expenditure_unit, revenue_unit"
            )
        );
        assert_eq!(
            REQUIRED_COLUMNS,
            [
                "industry",
                "fixed_asset_investment",
                "land_area",
                "annual_tax"
            ]
        );
        assert!(
            check_columns(&[
                "industry",
                "fixed_asset_investment",
                "fixed_asset_investment_unit",
                "land_area",
                "land_area_unit",
                "annual_tax",
                "annual_tax_unit"
            ])
            .is_ok()
        );
        let err = check_columns(&[
            "industry",
            "industry_unit",
            "fixed_asset_investment",
            "land_area",
            "annual_tax",
        ])
        .unwrap_err();
        assert!(err.to_string().contains("industry_unit"), "{err}");
    }

    /// A 0/1 number column is no `introduced` flag, and the error says a number was found.
    #[test]
    fn a_number_as_introduced_is_named_a_number() {
        let cells = |flag: Cell<'static>| {
            vec![
                ("industry", Cell::Text("数字经济")),
                ("fixed_asset_investment", Cell::Number(Decimal::from(24000))),
                ("fixed_asset_investment_unit", Cell::Text("万元")),
                ("land_area", Cell::Number(Decimal::from(60))),
                ("land_area_unit", Cell::Text("亩")),
                ("annual_tax", Cell::Number(Decimal::from(3000))),
                ("annual_tax_unit", Cell::Text("万元")),
                ("introduced", flag),
            ]
        };
        let err = Project::from_cells(cells(Cell::Number(Decimal::ZERO))).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("introduced"));
        assert!(err.to_string().contains("found a number"), "{err}");
        let err = Project::from_cells(cells(Cell::Text("0"))).unwrap_err();
        assert!(err.to_string().contains("found a string"), "{err}");
        let ok = Project::from_cells(cells(Cell::Text("false"))).unwrap();
        assert_eq!(ok.introduced, Some(false));
    }

    /// The full reader's answer.
    fn full(text: &str) -> Result<Project> {
        Project::from_json_value(&parse_json(text)?)
    }

    /// The fast path either gives up or says exactly what the full reader says.
    fn agrees(text: &str) -> bool {
        Project::from_flat_json(text).is_none_or(|fast| fast == full(text))
    }

    fn every_input() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let mut texts = Vec::new();
        for case in std::fs::read_dir(root.join("projects/cases")).unwrap() {
            let path = case.unwrap().path().join("input.json");
            texts.push(std::fs::read_to_string(path).unwrap());
        }
        let matrix: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("bad-inputs/matrix.json")).unwrap(),
        )
        .unwrap();
        for entry in matrix.as_array().unwrap() {
            if let Some(input) = entry["input"].as_str() {
                texts.push(input.to_owned());
            }
        }
        texts
    }

    #[test]
    fn the_fast_path_agrees_with_the_full_reader_on_every_fixture_and_bad_input() {
        let mut fast = 0;
        for text in every_input() {
            assert!(agrees(&text), "{text}");
            fast += usize::from(Project::from_flat_json(&text).is_some());
        }
        assert!(fast >= 40, "the fast path took only {fast} inputs");
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\"industry\": \"智能制造\"".to_owned()),
            Just("\"industry\": null".to_owned()),
            Just("\"industry\": 3".to_owned()),
            Just("\"id\": 12".to_owned()),
            Just("\"id\": -3".to_owned()),
            Just("\"id\": 1.5".to_owned()),
            Just("\"id\": 18446744073709551616".to_owned()),
            Just("\"id\": \"P\\\"1\"".to_owned()),
            Just("\"name\": \"x\"".to_owned()),
            Just("\"introduced\": false".to_owned()),
            Just("\"introduced\": \"no\"".to_owned()),
            Just("\"land_area\": 60".to_owned()),
            Just("\"land_area\": {\"unit\": \"公顷\", \"value\": \"4\"}".to_owned()),
            Just("\"land_area\": {\"value\": 0, \"unit\": \"亩\"}".to_owned()),
            Just("\"fixed_asset_investment\": {\"value\": \"1e3\", \"unit\": \"万元\"}".to_owned()),
            Just(
                "\"fixed_asset_investment\": {\"value\": 1, \"unit\": \"万元\", \"x\": 1}"
                    .to_owned()
            ),
            Just("\"fixed_asset_investment\": {\"value\": 1}".to_owned()),
            Just("\"annual_tax\": \"3000\"".to_owned()),
            Just("\"annual_tax\": -1".to_owned()),
            Just("\"annual_tax\": true".to_owned()),
            Just("\"rd_expenditure\": {\"value\": \"5\", \"unit\": \"美元\"}".to_owned()),
            Just("\"revenue\": {\"value\": \"5\", \"unit\": \"万元\"}".to_owned()),
            Just("\"revenue\": null".to_owned()),
            Just("\"unknown\": 1".to_owned()),
        ]
    }

    proptest! {
        /// Objects made of the pieces above, in any order, repeated or not, sometimes broken.
        #[test]
        fn the_fast_path_agrees_on_generated_objects(pieces in proptest::collection::vec(piece(), 0..9), cut in 0usize..400, broken in any::<bool>()) {
            let text = format!("{{{}}}", pieces.join(", "));
            prop_assert!(agrees(&text), "{}", text);
            if broken {
                let cut = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count().max(1)).unwrap_or(0);
                let piece = text.get(..cut).unwrap_or_default();
                prop_assert!(agrees(piece), "{}", piece);
            }
        }
    }
}
