//! # shenfu-rules
//!
//! The Shenfu Reform and Innovation Demonstration Zone's 14th Five-Year Plan
//! (沈抚改革创新示范区「十四五」规划纲要) as exact, typed, auditable rules.
//!
//! * amounts are [`rust_decimal::Decimal`]s read from their text — never `f64`;
//! * comparators follow the plan's wording by Civil Code art. 1259 (超 300 is `> 300`);
//! * units are types ([`Money`], [`Area`]); 元 and 美元 never mix;
//! * every verdict carries its citation, derivation and messages in zh-CN and en, and every
//!   report the rulebook's SHA-256 and the engine version.
//!
//! ```
//! use shenfu_rules::{Options, Project, Rulebook};
//!
//! let book = Rulebook::embedded();
//! let project = Project::from_json_str(r#"{
//!     "id": "P-001", "industry": "数字经济",
//!     "fixed_asset_investment": {"value": "24000", "unit": "万元"},
//!     "land_area": {"value": "60", "unit": "亩"},
//!     "annual_tax": {"value": "3000", "unit": "万元"}
//! }"#)?;
//! let report = book.assess(&project, Options::default())?;
//! assert_eq!(report.eligible, Some(true));
//! let per_mu = report.outcome("admission.investment_per_mu").unwrap();
//! assert_eq!(per_mu.derivation.as_deref(),
//!     Some("亩均投入 = 固定资产投资 ÷ 用地面积 = 24000 万元 ÷ 60 亩 = 400 万元/亩"));
//! # Ok::<(), shenfu_rules::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod assess;
pub mod audit;
pub mod batch;
pub mod canonical;
pub mod comparator;
pub mod credit_code;
pub mod error;
pub mod exact;
#[doc(hidden)]
pub mod fuzzing;
pub mod industry;
pub mod json;
pub mod number;
pub mod present;
pub mod project;
pub mod quantity;
#[cfg(feature = "replay")]
pub mod replay;
pub mod report;
pub mod rulebook;
pub mod table;
pub mod transparency;
pub mod typed_amount;
pub mod verify;
pub mod vocab;
pub mod zone;

pub use assess::{Options, RowOutcome};
pub use comparator::Comparator;
pub use error::{Error, ErrorKind, Location, Result};
pub use industry::Industry;
pub use project::{AmountField, Cell, Project};
pub use quantity::{Area, AreaUnit, Currency, MeasureUnit, Money, MoneyUnit};
pub use report::{Condition, Outcome, Quantity, Report, Status, Verdict};
pub use rulebook::{Check, Citation, Property, Rule, Rulebook, Scope};

/// One project's canonical JSON report from JSON text — the single path the CLI, Python and
/// WASM share, so that their bytes agree. Errors come back as values; render them with
/// [`Error::to_canonical_json`].
pub fn assess_json(rulebook: &Rulebook, project_json: &str, options: Options) -> Result<String> {
    let project = Project::from_json_str(project_json)?;
    let mut out = String::with_capacity(9 * 1024);
    rulebook.write_assessment(&project, options, &mut out)?;
    Ok(out)
}

/// [`assess_json`] in UTF-16, appended to `out` (feature `utf16`): the same text, for a host
/// whose strings are UTF-16 (the Node.js build of the WASM package).
#[cfg(feature = "utf16")]
pub fn assess_json_utf16(
    rulebook: &Rulebook,
    project_json: &str,
    options: Options,
    out: &mut canonical::Utf16Text,
) -> Result<()> {
    let project = Project::from_json_str(project_json)?;
    rulebook.write_assessment_utf16(&project, options, out)?;
    Ok(())
}

/// The README's Rust examples are compiled and run as doctests, so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}
