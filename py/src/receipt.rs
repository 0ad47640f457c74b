//! Offline receipt verification for Python (`shenfu_rules.verify_receipt`): text in, the core's
//! [`ReceiptVerification`] held in Rust — its fields read by getters, its canonical JSON and its
//! text view made by the core when asked for.

use crate::{PyRulebook, to_py_err};
use pyo3::prelude::*;
use shenfu_rules::Rulebook;
use shenfu_rules::present::Lang;
use shenfu_rules::transparency::receipt::{ReceiptVerification, verify_with_key_text};
use std::sync::Arc;

/// What `transparency::receipt::verify` found, held by the engine.
#[pyclass(
    frozen,
    module = "shenfu_rules._shenfu_rules",
    name = "ReceiptVerificationHandle"
)]
pub struct PyReceiptVerification {
    verification: ReceiptVerification,
}

/// One check: (code, ok, message zh, message en).
type Check = (&'static str, bool, String, String);

#[pymethods]
impl PyReceiptVerification {
    #[getter]
    fn verified(&self) -> bool {
        self.verification.verified
    }

    #[getter]
    fn decision_id(&self) -> &str {
        &self.verification.decision_id
    }

    #[getter]
    fn eligible(&self) -> Option<bool> {
        self.verification.eligible
    }

    #[getter]
    fn leaf_index(&self) -> u64 {
        self.verification.leaf_index
    }

    #[getter]
    fn origin(&self) -> Option<&str> {
        self.verification.origin.as_deref()
    }

    #[getter]
    fn tree_size(&self) -> Option<u64> {
        self.verification.tree_size
    }

    /// Every check made, in order.
    fn checks(&self) -> Vec<Check> {
        self.verification
            .checks
            .iter()
            .map(|c| (c.code, c.ok, c.message.zh.clone(), c.message.en.clone()))
            .collect()
    }

    /// The canonical JSON, byte for byte what `shenfu receipt verify --json` prints.
    fn to_json(&self) -> String {
        self.verification.to_canonical_json()
    }

    /// The core's text view (what `shenfu receipt verify` prints), in `lang`.
    fn to_text(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        let lang = Lang::parse(lang).map_err(|e| to_py_err(py, &e, None))?;
        Ok(shenfu_rules::present::text::receipt_verification(
            &self.verification,
            lang,
        ))
    }
}

/// Verify a receipt (or a whole answer of `POST /v1/assess`) offline with the log's public key
/// (its text); with `input` (an application's JSON), recompute the decision under whichever of
/// `rulebooks` — and the embedded plan — the receipt names.
#[pyfunction]
#[pyo3(signature = (document, public_key, input=None, rulebooks=Vec::new()))]
pub fn verify_receipt(
    py: Python<'_>,
    document: &str,
    public_key: &str,
    input: Option<&str>,
    rulebooks: Vec<PyRef<'_, PyRulebook>>,
) -> PyResult<PyReceiptVerification> {
    let books: Vec<Arc<Rulebook>> = rulebooks.iter().map(|b| Arc::clone(&b.book)).collect();
    py.detach(|| {
        let mut refs: Vec<&Rulebook> = books.iter().map(AsRef::as_ref).collect();
        refs.push(Rulebook::embedded());
        verify_with_key_text(document, public_key, input, &refs)
    })
    .map(|verification| PyReceiptVerification { verification })
    .map_err(|e| to_py_err(py, &e, None))
}
