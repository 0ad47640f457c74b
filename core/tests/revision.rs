//! Properties of plan revisions: a rulebook diffs equal to itself; replay under the rulebook that
//! decided flips nothing; changing only a threshold flips exactly the decisions whose measured
//! value lies between the old and the new threshold (the measure computed here, independently,
//! from the amounts as written).
#![cfg(test)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use shenfu_rules::replay::{Replayer, StoredDecision};
use shenfu_rules::rulebook::SHENFU_TOML;
use shenfu_rules::{Options, Project, Rulebook};
use std::sync::OnceLock;

/// A project in 万元 and 亩, so that 亩均投入 is `investment / area` in 万元/亩.
fn project(
    investment: Decimal,
    area: Decimal,
    tax: Decimal,
    rd: Decimal,
    revenue: Decimal,
) -> Project {
    Project::from_json_str(&format!(
        r#"{{"id":"P","industry":"智能制造","fixed_asset_investment":{{"value":"{investment}","unit":"万元"}},"land_area":{{"value":"{area}","unit":"亩"}},"annual_tax":{{"value":"{tax}","unit":"万元"}},"rd_expenditure":{{"value":"{rd}","unit":"万元"}},"revenue":{{"value":"{revenue}","unit":"万元"}}}}"#
    ))
    .unwrap()
}

/// `project` decided by `book` and stored as the log keeps it: canonical input and report.
fn stored(book: &Rulebook, project: &Project, year: Option<u16>) -> StoredDecision<'static> {
    let report = book.assess(project, Options { year }).unwrap();
    StoredDecision {
        decision_id: None,
        subject_id: None,
        year,
        input: project.to_canonical_json().into(),
        report: report.to_canonical_json().into(),
    }
}

/// The embedded plan with 亩均投入 超 `threshold` 万元/亩 instead of 超 300 (quote too).
fn with_investment_threshold(threshold: u32) -> Rulebook {
    let text = SHENFU_TOML
        .replacen(
            "threshold = { value = \"300\", unit = \"万元/亩\" }",
            &format!("threshold = {{ value = \"{threshold}\", unit = \"万元/亩\" }}"),
            1,
        )
        .replace(
            "亩均投入超 300 万元",
            &format!("亩均投入超 {threshold} 万元"),
        );
    Rulebook::from_toml_str(&text).unwrap()
}

fn thresholds() -> &'static Vec<(u32, Rulebook)> {
    static BOOKS: OnceLock<Vec<(u32, Rulebook)>> = OnceLock::new();
    BOOKS.get_or_init(|| {
        [200, 299, 301, 350, 500]
            .into_iter()
            .map(|t| (t, with_investment_threshold(t)))
            .collect()
    })
}

fn amount(max: i64) -> impl Strategy<Value = Decimal> {
    (1..max * 100).prop_map(|cents| Decimal::new(cents, 2))
}

fn year() -> impl Strategy<Value = Option<u16>> {
    prop_oneof![Just(None), (2020u16..=2035).prop_map(Some)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn replay_under_the_deciding_rulebook_flips_nothing(
        investment in amount(40_000), area in amount(200), tax in amount(5_000),
        rd in amount(1_000), revenue in amount(20_000), year in year(),
    ) {
        let book = Rulebook::embedded();
        let p = project(investment, area, tax, rd, revenue);
        let flip = Replayer::new(book).replay(&stored(book, &p, year)).unwrap();
        prop_assert!(flip.is_none(), "{flip:?}");
    }

    #[test]
    fn a_threshold_change_flips_exactly_the_values_between_the_thresholds(
        investment in amount(40_000), area in amount(200), year in year(),
        which in 0usize..5,
    ) {
        let old = Rulebook::embedded();
        let (threshold, new) = &thresholds()[which];
        // Taxes far above 40 万元/亩 so that only 亩均投入 can move.
        let p = project(investment, area, area * Decimal::from(100), Decimal::ONE, Decimal::TEN);
        let flip = Replayer::new(new).replay(&stored(old, &p, year)).unwrap();
        let per_mu = investment / area;
        let (low, high) = if *threshold < 300 {
            (Decimal::from(*threshold), Decimal::from(300))
        } else {
            (Decimal::from(300), Decimal::from(*threshold))
        };
        // `超 t` is `> t`: the verdicts differ exactly for low < x <= high.
        let between = low < per_mu && per_mu <= high;
        prop_assert_eq!(flip.is_some(), between, "{} 万元/亩 against 300 → {}", per_mu, threshold);
        if let Some(flip) = flip {
            prop_assert_eq!(flip.outcomes.len(), 1);
            let outcome = &flip.outcomes[0];
            prop_assert_eq!(outcome.rule_id.as_str(), "admission.investment_per_mu");
            prop_assert_eq!(flip.old_eligible, flip.new_eligible.map(|e| !e));
            prop_assert_eq!(outcome.causes[0].field.as_str(), "threshold.value");
        }
    }
}

#[test]
fn a_rulebook_diffs_equal_to_itself_and_a_threshold_change_is_one_field() {
    for (threshold, book) in thresholds() {
        assert!(book.diff(book).equal);
        let diff = Rulebook::embedded().diff(book);
        let fields: Vec<(&str, &str)> = diff
            .changes
            .iter()
            .flat_map(|c| {
                c.fields
                    .iter()
                    .map(move |f| (c.id.as_str(), f.field.as_str()))
            })
            .collect();
        assert_eq!(
            fields,
            [
                ("admission.investment_per_mu", "threshold.value"),
                ("admission.investment_per_mu", "citation.quote"),
                // The tax rule cites the same sentence.
                ("admission.tax_per_mu", "citation.quote"),
            ],
            "threshold {threshold}"
        );
    }
}

#[test]
fn an_export_line_reads_the_same_through_the_fast_path_and_the_full_reader() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/revisions");
    let lines = std::fs::read_to_string(root.join("decisions.jsonl")).unwrap();
    for line in lines.lines() {
        let fast = StoredDecision::from_json_line(line).unwrap();
        // The same line with its members reordered and spaced out takes the full reader.
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let full = StoredDecision::from_json_line(&pretty).unwrap();
        assert_eq!(fast.decision_id, full.decision_id);
        assert_eq!(fast.subject_id, full.subject_id);
        assert_eq!(fast.year, full.year);
        assert_eq!(fast.input, full.input);
        assert_eq!(fast.report, full.report);
        // And both replay alike.
        let book = Rulebook::embedded();
        assert_eq!(
            Replayer::new(book).replay(&fast).unwrap(),
            Replayer::new(book).replay(&full).unwrap()
        );
    }
}

/// The worked revision through the library: the same diff bytes the CLI and Python print, and
/// the same flips.
#[test]
fn the_worked_revision_through_the_library() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/revisions");
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    let old = Rulebook::from_path(root.join("original.toml")).unwrap();
    let new = Rulebook::from_path(root.join("revised.toml")).unwrap();
    assert_eq!(
        old.diff(&new).to_canonical_json() + "\n",
        read("expected-diff.json")
    );
    let mut replayer = Replayer::new(&new);
    let flips: String = read("decisions.jsonl")
        .lines()
        .filter_map(|line| {
            replayer
                .replay(&StoredDecision::from_json_line(line).unwrap())
                .unwrap()
        })
        .map(|flip| flip.to_canonical_json() + "\n")
        .collect();
    assert_eq!(flips, read("expected-replay.jsonl"));
}

/// A decision judged in 2030 under the chosen years (2020–2035), replayed under the
/// alternative reading of `admission.in_force` (2021–2025): the project is no longer subject
/// to the conditions — counted as such, with its measured value kept — and back again.
#[test]
fn replay_counts_moves_into_and_out_of_not_subject() {
    use shenfu_rules::replay::ReplaySummary;
    let chosen = Rulebook::embedded();
    let alternative = chosen.under(&["admission.in_force"]).unwrap();
    let d = Decimal::from;
    // 18000 万元 ÷ 60 亩 = 300 万元/亩, not 超 300: not eligible when judged.
    let p = project(d(18_000), d(60), d(3_000), d(1), d(10));
    let mut summary = ReplaySummary::default();
    let flip = Replayer::new(&alternative)
        .replay(&stored(chosen, &p, Some(2030)))
        .unwrap()
        .unwrap();
    assert_eq!((flip.old_eligible, flip.new_eligible), (Some(false), None));
    let moved = &flip.outcomes[0];
    assert_eq!(moved.rule_id, "admission.investment_per_mu");
    assert_eq!(moved.observed.as_ref().unwrap().value, "300");
    summary.add(&Ok(Some(flip)));
    let back = Replayer::new(chosen).replay(&stored(&alternative, &p, Some(2030)));
    summary.add(&back);
    // 2023 lies in both readings' years: nothing moves.
    summary.add(&Replayer::new(&alternative).replay(&stored(chosen, &p, Some(2023))));
    assert_eq!(
        (
            summary.checked,
            summary.changed,
            summary.became_not_subject,
            summary.became_subject
        ),
        (3, 2, 1, 1)
    );
    assert_eq!((summary.became_eligible, summary.became_ineligible), (0, 0));
}

/// The summary sentence names moves into and out of "not subject" only when there are any.
#[test]
fn the_replay_summary_names_not_subject_moves_when_there_are_any() {
    use shenfu_rules::Verdict;
    use shenfu_rules::present::{Lang, revision::replay_summary};
    use shenfu_rules::replay::ReplaySummary;
    let mut s = ReplaySummary::default();
    s.changed(Verdict::Eligible, Verdict::NotEligible);
    assert_eq!(
        replay_summary(&s, Lang::En),
        "Checked 1 stored decisions: 1 change (1 from eligible to not, 0 from not eligible to eligible); 0 could not be replayed.\n"
    );
    s.changed(Verdict::NotEligible, Verdict::NotSubject);
    s.changed(Verdict::NotSubject, Verdict::Eligible);
    assert_eq!(
        replay_summary(&s, Lang::Zh),
        "已核对 3 条存储的决定：3 条结果有变（1 条由符合变为不符合，0 条由不符合变为符合，1 条由已判定变为不适用准入条件，1 条由不适用变为已判定），0 条无法重放。\n"
    );
}
