//! The Python extension `shenfu_rules._shenfu_rules`: thin on purpose. Text and Arrow tables in,
//! the core's canonical JSON or Arrow columns out, errors mapped to the Python exception classes
//! of `shenfu_rules.errors`. The Python package (`python/shenfu_rules/`) wraps these in a typed,
//! documented API; the core decides.

mod batch;
mod mapping;
mod receipt;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use shenfu_rules::present::Lang;
use shenfu_rules::zone::{Observations, ProgressReport};
use shenfu_rules::{Error, ErrorKind, Options, Project, Rulebook, Verdict};
use std::sync::Arc;

/// A loaded rulebook (the embedded Shenfu plan, or one read from TOML).
#[pyclass(frozen, module = "shenfu_rules._shenfu_rules", name = "RulebookHandle")]
pub struct PyRulebook {
    pub(crate) book: Arc<Rulebook>,
}

#[pymethods]
impl PyRulebook {
    /// The embedded rulebook (the Shenfu plan).
    #[staticmethod]
    fn embedded() -> Self {
        Self {
            book: Arc::new(Rulebook::embedded().clone()),
        }
    }

    /// Parse and validate a rulebook from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        let text = text.to_owned();
        let book = py
            .detach(|| Rulebook::from_toml_str(&text))
            .map_err(|e| to_py_err(py, &e, None))?;
        Ok(Self {
            book: Arc::new(book),
        })
    }

    /// Read, parse and validate a rulebook file (TOML).
    #[staticmethod]
    fn from_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let book = py
            .detach(|| Rulebook::from_path(&path))
            .map_err(|e| to_py_err(py, &e, None))?;
        Ok(Self {
            book: Arc::new(book),
        })
    }

    #[getter]
    fn id(&self) -> &str {
        &self.book.id
    }

    #[getter]
    fn version(&self) -> &str {
        &self.book.version
    }

    #[getter]
    fn sha256(&self) -> &str {
        self.book.sha256()
    }

    #[getter]
    fn title(&self) -> (String, String) {
        (self.book.title.zh.clone(), self.book.title.en.clone())
    }

    /// This rulebook under the alternatives of the readings `ids` (`--reading ID=alternative`).
    fn under(&self, py: Python<'_>, ids: Vec<String>) -> PyResult<Self> {
        let book = self.book.under(&ids).map_err(|mut e| {
            // The core names its `reading`; a Python caller gave `alternatives`.
            e.field = Some("alternatives".to_owned());
            to_py_err(py, &e, None)
        })?;
        Ok(Self {
            book: Arc::new(book),
        })
    }

    /// The readings evaluated under their alternative.
    #[getter]
    fn alternatives(&self) -> Vec<String> {
        self.book.alternatives().to_vec()
    }
}

/// The engine's error as an instance of the matching `shenfu_rules.errors` class.
pub(crate) fn to_py_err(py: Python<'_>, error: &Error, row: Option<usize>) -> PyErr {
    let built = (|| -> PyResult<PyErr> {
        let errors = py.import("shenfu_rules.errors")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", error.code())?;
        kwargs.set_item("family", error.kind.family().key())?;
        kwargs.set_item("field", error.field.as_deref())?;
        kwargs.set_item("line", error.location.map(|l| l.line))?;
        kwargs.set_item("column", error.location.map(|l| l.column))?;
        kwargs.set_item("message_zh", error.kind.message_zh())?;
        kwargs.set_item("message_en", error.kind.to_string())?;
        kwargs.set_item("row", row)?;
        kwargs.set_item("canonical_json", error.to_canonical_json())?;
        let exception = errors.getattr("_from_engine")?.call((), Some(&kwargs))?;
        Ok(PyErr::from_value(exception))
    })();
    built.unwrap_or_else(|e| e)
}

/// The evaluation year from Python: absent, or within the plan's years (checked by the core).
pub(crate) fn options(year: Option<i64>) -> Result<Options, Error> {
    let year = match year {
        None => None,
        Some(y) => Some(u16::try_from(y).map_err(|_| {
            Error::from(ErrorKind::OutOfBounds {
                what: shenfu_rules::error::Bounded::EvaluationYear,
                min: i64::from(shenfu_rules::vocab::FIRST_YEAR),
                max: i64::from(shenfu_rules::vocab::LAST_YEAR),
                got: y.to_string(),
            })
            .at("year")
        })?),
    };
    Ok(Options { year })
}

/// One assessed project: its verdict, and what the core needs to word it (the project and the
/// options; assessing is deterministic, so a view made later is the view of this decision).
/// The canonical JSON is written when first asked for: a notebook screening projects one by one
/// reads `eligible` and rarely the 8.5 KB report, which costs more to write than to decide.
#[pyclass(frozen, module = "shenfu_rules._shenfu_rules", name = "ReportHandle")]
pub struct PyReport {
    book: Arc<Rulebook>,
    project: Project,
    options: Options,
    json: std::sync::OnceLock<String>,
    verdict: Verdict,
}

#[pymethods]
impl PyReport {
    /// `True`, `False`, or `None` when no admission condition applies (`verdict` not_subject).
    #[getter]
    fn eligible(&self) -> Option<bool> {
        self.verdict.eligible()
    }

    /// `eligible`, `not_eligible` or `not_subject`.
    #[getter]
    fn verdict(&self) -> &'static str {
        self.verdict.key()
    }

    /// The canonical JSON, byte for byte what every surface writes.
    fn to_json(&self, py: Python<'_>) -> PyResult<&str> {
        if let Some(json) = self.json.get() {
            return Ok(json);
        }
        let mut json = String::with_capacity(9 * 1024);
        self.book
            .write_assessment(&self.project, self.options, &mut json)
            .map_err(|e| to_py_err(py, &e, None))?;
        Ok(self.json.get_or_init(|| json))
    }

    /// The report as the core's plain-text view (what `shenfu assess --format table` prints for
    /// one project), in `lang`.
    fn to_text(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        Lang::parse(lang)
            .and_then(|lang| {
                let report = self.book.assess(&self.project, self.options)?;
                Ok(shenfu_rules::present::text::report(
                    None, "project", &report, &self.book, lang,
                ))
            })
            .map_err(|e| to_py_err(py, &e, None))
    }

    /// The report as the core's HTML fragment, in `lang` (`"zh"` or `"en"`).
    fn to_html(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        Lang::parse(lang)
            .and_then(|lang| Ok(self.book.assess(&self.project, self.options)?.to_html(lang)))
            .map_err(|e| to_py_err(py, &e, None))
    }
}

/// One project (JSON text) → its report, kept in Rust.
#[pyfunction]
#[pyo3(signature = (rulebook, project_json, year=None))]
fn assess(
    py: Python<'_>,
    rulebook: &PyRulebook,
    project_json: &str,
    year: Option<i64>,
) -> PyResult<PyReport> {
    let book = Arc::clone(&rulebook.book);
    py.detach(|| {
        let options = options(year)?;
        let project = Project::from_json_str(project_json)?;
        // Every rule judged (any may refuse the project), the verdict the report will carry.
        let verdict = book.statuses(&project, options, &mut Vec::new())?;
        Ok(PyReport {
            book: Arc::clone(&book),
            project,
            options,
            json: std::sync::OnceLock::new(),
            verdict,
        })
    })
    .map_err(|e: Error| to_py_err(py, &e, None))
}

/// Every rule and target (JSON array).
#[pyfunction]
fn rules_json(rulebook: &PyRulebook) -> String {
    rulebook.book.rules_json()
}

/// The readings of the plan's words (JSON array).
#[pyfunction]
fn readings_json(rulebook: &PyRulebook) -> String {
    rulebook.book.readings_json()
}

/// Where the plan disagrees with itself (JSON array).
#[pyfunction]
fn conflicts_json(rulebook: &PyRulebook) -> String {
    rulebook.book.conflicts_json()
}

/// One rule or target (JSON object).
#[pyfunction]
fn explain_json(py: Python<'_>, rulebook: &PyRulebook, id: &str) -> PyResult<String> {
    rulebook
        .book
        .explain_json(id)
        .map_err(|e| to_py_err(py, &e, None))
}

/// The progress report both `progress_json` and `progress_svg` render.
fn progress_of<'b>(
    book: &'b Rulebook,
    observations_json: &str,
    year: i64,
) -> Result<ProgressReport<'b>, Error> {
    let year = options(Some(year))?.year.unwrap_or_default();
    let observations = Observations::from_json_str(book, observations_json)?;
    book.progress(&observations, year)
}

/// Zone progress from observations (JSON) in an evaluation year → canonical report (JSON).
#[pyfunction]
fn progress_json(
    py: Python<'_>,
    rulebook: &PyRulebook,
    observations_json: &str,
    year: i64,
) -> PyResult<String> {
    let book = Arc::clone(&rulebook.book);
    let text = observations_json.to_owned();
    py.detach(move || progress_of(&book, &text, year).map(|r| r.to_canonical_json()))
        .map_err(|e| to_py_err(py, &e, None))
}

/// One row per target (JSON array of objects, the core's progress row) and the names of its
/// decimal columns.
#[pyfunction]
fn progress_rows(
    py: Python<'_>,
    rulebook: &PyRulebook,
    observations_json: &str,
    year: i64,
) -> PyResult<(String, Vec<String>)> {
    let report = progress_of(&rulebook.book, observations_json, year)
        .map_err(|e| to_py_err(py, &e, None))?;
    let columns = shenfu_rules::present::progress_rows::columns();
    let rows: Vec<_> = report
        .rows()
        .iter()
        .map(|cells| batch::row_object(&columns, cells))
        .collect();
    Ok((
        shenfu_rules::canonical::to_json(&rows),
        batch::decimal_names(&columns),
    ))
}

/// A view of the progress report in `lang`: `"svg"` (the bullet charts), `"html"` (the
/// summary sentence over the charts), `"text"` (the table `shenfu progress` prints) or
/// `"notes"` (what the report set aside, one sentence a line: Python warns with them).
/// The chart shows every indicator with a target, or with `only_observed` only those observed,
/// or only the `indicators` named.
#[pyfunction]
#[pyo3(signature = (rulebook, observations_json, year, view, lang="zh", only_observed=false, indicators=None))]
#[allow(clippy::too_many_arguments)]
fn progress_view(
    py: Python<'_>,
    rulebook: &PyRulebook,
    observations_json: &str,
    year: i64,
    view: &str,
    lang: &str,
    only_observed: bool,
    indicators: Option<Vec<String>>,
) -> PyResult<String> {
    let render = || {
        let lang = Lang::parse(lang)?;
        let report = progress_of(&rulebook.book, observations_json, year)?;
        Ok(match view {
            "html" => report.to_html_selected(lang, only_observed, indicators.as_deref())?,
            "notes" => shenfu_rules::present::text::baseline_notes(&report, lang).join("\n"),
            "text" => shenfu_rules::present::text::progress(&report, lang),
            _ => report.to_svg_selected(lang, only_observed, indicators.as_deref())?,
        })
    };
    render().map_err(|e: Error| to_py_err(py, &e, None))
}

/// The core's `invalid_type` error for a Python value of the wrong type, as the exception to
/// raise: `expected` names what the field takes (`project`, `year`, `text`, `batch`), `found`
/// what it held (`null`, `boolean`, `number`, `text`, `array`, `object`, `other`).
#[pyfunction]
#[pyo3(signature = (expected, found, field=None))]
fn invalid_type(py: Python<'_>, expected: &str, found: &str, field: Option<&str>) -> PyErr {
    use shenfu_rules::error::{Expected, Found};
    let Some(expected) = Expected::from_key(expected) else {
        return pyo3::exceptions::PyValueError::new_err(format!(
            "invalid_type: no kind of value is named `{expected}` (one of: {})",
            Expected::ALL.map(Expected::key).join(", ")
        ));
    };
    let found = match found {
        "null" => Found::Null,
        "boolean" => Found::Boolean,
        "number" => Found::Number,
        "text" => Found::Text,
        "array" => Found::Array,
        "object" => Found::Object,
        _ => Found::Other,
    };
    let mut error = Error::from(ErrorKind::InvalidType { expected, found });
    if let Some(field) = field {
        error = error.at(field);
    }
    to_py_err(py, &error, None)
}

/// The core's `unknown_rule` error for `id`, as the exception to raise.
#[pyfunction]
fn unknown_rule(py: Python<'_>, id: &str) -> PyErr {
    let error = Error::from(ErrorKind::UnknownRule { id: id.to_owned() }).at("rule_id");
    to_py_err(py, &error, None)
}

/// The engine version.
#[pyfunction]
fn engine_version() -> &'static str {
    shenfu_rules::report::ENGINE_VERSION
}

/// The embedded rulebook's TOML text.
#[pyfunction]
fn embedded_toml() -> &'static str {
    shenfu_rules::rulebook::SHENFU_TOML
}

/// What changed from `old` to `new`: the core's diff as canonical JSON, and its text view.
#[pyfunction]
#[pyo3(signature = (old, new, lang="zh"))]
fn diff(
    py: Python<'_>,
    old: &PyRulebook,
    new: &PyRulebook,
    lang: &str,
) -> PyResult<(String, String)> {
    let lang = Lang::parse(lang).map_err(|e| to_py_err(py, &e, None))?;
    let diff = old.book.diff(&new.book);
    Ok((
        diff.to_canonical_json(),
        shenfu_rules::present::revision::rulebook_diff(&diff, lang),
    ))
}

/// Column names, flip rows (JSON), decimal column names, flips (JSON each), summary (JSON),
/// errors (position, JSON), and each flip row's item (its position in `items`).
type ReplayOut = (
    Vec<String>,
    String,
    Vec<String>,
    Vec<String>,
    String,
    Vec<(usize, String, &'static str)>,
    Vec<usize>,
);

/// Stored decisions replayed under `rulebook`: each is an export line (JSON text), or — for
/// what-if work — a project that `decided_by` decides first, for `year`: a record (JSON text,
/// its `<field>_unit` members and `units` read as a table's) or a row of `table` (an Arrow
/// table of projects, read by the core's table reader as `assess_table` reads it). Returns
/// the flip rows (JSON array, the CSV's columns), the decimal column names, each flip's
/// canonical JSON, the summary (JSON), the errors as (position, canonical error JSON, family) and
/// each flip row's position.
#[pyfunction]
#[pyo3(signature = (rulebook, items, decided_by=None, year=None, units=None, table=None))]
#[allow(clippy::too_many_arguments)] // Python's keyword arguments, one by one
fn replay(
    py: Python<'_>,
    rulebook: &PyRulebook,
    items: Vec<String>,
    decided_by: Option<&PyRulebook>,
    year: Option<i64>,
    units: Option<std::collections::HashMap<String, String>>,
    table: Option<pyo3_arrow::PyTable>,
) -> PyResult<ReplayOut> {
    use shenfu_rules::present::revision::FLIP_COLUMNS;
    use shenfu_rules::replay::{ReplaySummary, Replayer, StoredDecision};
    let options = options(year).map_err(|e| to_py_err(py, &e, None))?;
    let units = batch::unit_pairs(units);
    // A table's rows, or the records, as projects (or each one's error).
    let projects: Option<Vec<Result<Project, Error>>> = match table {
        Some(table) => Some(batch::table_rows(table, &units).map_err(|e| to_py_err(py, &e, None))?),
        None if decided_by.is_some() => Some(
            items
                .iter()
                .map(|item| batch::project_of_record(item, &units))
                .collect(),
        ),
        None => None,
    };
    let old = decided_by.map_or_else(
        || Arc::new(Rulebook::embedded().clone()),
        |b| b.book.clone(),
    );
    let new = rulebook.book.clone();
    let columns: Vec<shenfu_rules::batch::Column> = FLIP_COLUMNS
        .iter()
        .map(|(name, kind)| shenfu_rules::batch::Column::new(name, *kind))
        .collect();
    Ok(py.detach(|| {
        let mut replayer = Replayer::new(&new);
        let (mut rows, mut flips, mut errors) = (Vec::new(), Vec::new(), Vec::new());
        let mut items_of_rows = Vec::new();
        let mut summary = ReplaySummary::default();
        let count = projects.as_ref().map_or(items.len(), Vec::len);
        for i in 0..count {
            let replayed = match &projects {
                // A project: decided first by the old rulebook, as the log would keep it.
                Some(projects) => match projects.get(i) {
                    Some(Ok(project)) => (|| {
                        let mut report = String::new();
                        old.write_assessment(project, options, &mut report)?;
                        replayer.replay(&StoredDecision {
                            decision_id: None,
                            subject_id: project.id.as_deref().map(Into::into),
                            year: options.year,
                            input: project.to_canonical_json().into(),
                            report: report.into(),
                        })
                    })(),
                    Some(Err(e)) => Err(e.clone()),
                    None => continue,
                },
                None => match items.get(i) {
                    Some(item) => {
                        StoredDecision::from_json_line(item).and_then(|s| replayer.replay(&s))
                    }
                    None => continue,
                },
            };
            summary.add(&replayed);
            match replayed {
                Ok(Some(flip)) => {
                    rows.extend(flip.rows().map(|cells| batch::row_object(&columns, &cells)));
                    items_of_rows.resize(rows.len(), i);
                    flips.push(flip.to_canonical_json());
                }
                Ok(None) => {}
                Err(e) => errors.push((i, e.to_canonical_json(), e.kind.family().key())),
            }
        }
        (
            columns.iter().map(|c| c.name.clone()).collect(),
            shenfu_rules::canonical::to_json(&rows),
            batch::decimal_names(&columns),
            flips,
            summary.to_canonical_json(),
            errors,
            items_of_rows,
        )
    }))
}

#[pymodule]
fn _shenfu_rules(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRulebook>()?;
    m.add_class::<PyReport>()?;
    m.add_class::<receipt::PyReceiptVerification>()?;
    m.add_function(wrap_pyfunction!(assess, m)?)?;
    m.add_function(wrap_pyfunction!(invalid_type, m)?)?;
    m.add_function(wrap_pyfunction!(unknown_rule, m)?)?;
    m.add_function(wrap_pyfunction!(batch::table_observations, m)?)?;
    m.add_function(wrap_pyfunction!(progress_rows, m)?)?;
    m.add_function(wrap_pyfunction!(rules_json, m)?)?;
    m.add_function(wrap_pyfunction!(conflicts_json, m)?)?;
    m.add_function(wrap_pyfunction!(readings_json, m)?)?;
    m.add_function(wrap_pyfunction!(explain_json, m)?)?;
    m.add_function(wrap_pyfunction!(progress_json, m)?)?;
    m.add_function(wrap_pyfunction!(progress_view, m)?)?;
    m.add_function(wrap_pyfunction!(engine_version, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(embedded_toml, m)?)?;
    m.add_function(wrap_pyfunction!(replay, m)?)?;
    m.add_function(wrap_pyfunction!(receipt::verify_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(mapping::json_of, m)?)?;
    m.add_function(wrap_pyfunction!(batch::assess_table, m)?)?;
    m.add_function(wrap_pyfunction!(batch::assess_records, m)?)?;
    m.add_function(wrap_pyfunction!(batch::batch_decimal_columns, m)?)?;
    m.add_function(wrap_pyfunction!(batch::batch_units, m)?)?;
    Ok(())
}
