//! The entry points the fuzz targets (`fuzz/`) drive, shared with the test that replays their
//! corpus and regressions in CI (`core/tests/fuzz_corpus.rs`), so both run the same code. Each
//! takes arbitrary bytes and must return — an error is fine, a panic is a bug.

use crate::zone::Observations;
use crate::{Options, Project, Rulebook};

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The rulebook TOML parser and validator.
#[cfg(feature = "toml")]
pub fn rulebook_toml(data: &[u8]) {
    if let Some(text) = text(data)
        && let Ok(book) = Rulebook::from_toml_str(text)
    {
        let _ = book.rules_json();
        let _ = book.conflicts();
    }
}

/// One project as JSON, assessed in full (report and canonical JSON) and by the fast paths.
pub fn project_json(data: &[u8]) {
    let (Some(text), book) = (text(data), Rulebook::embedded()) else {
        return;
    };
    if let Ok(project) = Project::from_json_str(text) {
        let year = data.first().map(|b| 2015 + u16::from(b % 25));
        for options in [Options::default(), Options { year }] {
            let _ = book
                .assess(&project, options)
                .map(|r| r.to_canonical_json());
            let _ = book.decide(&project, options);
            let _ = book.evaluate(&project, options, &mut Vec::new());
        }
    }
}

/// One CSV-like row: the bytes split into cells on `,` under a fixed header of the contract's
/// columns and unit columns.
pub fn project_fields(data: &[u8]) {
    const HEADER: [&str; 12] = [
        "id",
        "name",
        "industry",
        "fixed_asset_investment",
        "fixed_asset_investment_unit",
        "land_area",
        "land_area_unit",
        "annual_tax",
        "annual_tax_unit",
        "rd_expenditure",
        "revenue",
        "revenue_unit",
    ];
    let (Some(text), book) = (text(data), Rulebook::embedded()) else {
        return;
    };
    let fields = HEADER.iter().copied().zip(text.split(','));
    if let Ok(project) = Project::from_fields(fields) {
        let _ = book.evaluate(&project, Options::default(), &mut Vec::new());
        let _ = project.to_canonical_json();
    }
}

/// Observations as JSON, evaluated and drawn.
pub fn observations_json(data: &[u8]) {
    let (Some(text), book) = (text(data), Rulebook::embedded()) else {
        return;
    };
    if let Ok(observations) = Observations::from_json_str(book, text) {
        let year = data.last().map_or(2023, |b| 2020 + u16::from(b % 16));
        if let Ok(report) = book.progress(&observations, year) {
            let _ = report.to_canonical_json();
            let _ = report.to_svg(crate::present::Lang::En);
        }
    }
}

/// A stored report to verify (without its input).
pub fn verify_report(data: &[u8]) {
    if let (Some(text), book) = (text(data), Rulebook::embedded()) {
        let _ = book.verify(text, None);
    }
}
