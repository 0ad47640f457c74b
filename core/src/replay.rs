//! Replay: which stored decisions a revised rulebook would decide differently. Each stored
//! decision is its canonical input and the report it was given; the input is assessed again
//! under the new rulebook, for the same evaluation year, and every outcome whose status moved is
//! named with what in its rule moved (threshold, comparator, wording, citation, years in
//! force) — read from the stored report itself, so no copy of the old rulebook is needed.
//!
//! A rule the old rulebook did not have (or the new one dropped) counts as `not_applicable` on
//! that side: it bore on no decision there. So adding a rule flips exactly the decisions it
//! applies to and that it does not pass.
//!
//! Reading is built for millions of log lines: an export line (`shenfu decisions export`) is
//! cut at its members without parsing the report; only the statuses are read from it, by a
//! scanner that knows the canonical report's shape and hands anything else to `serde_json`.

use crate::json::scan::{Member, Scalar, flat_object};
use crate::rulebook::diff::FieldChange;
use crate::{
    Error, ErrorKind, Options, Project, Result, RowOutcome, Rule, Rulebook, Status, Verdict,
};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// One stored decision: what replay needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDecision<'a> {
    /// The log's decision id, when the decision came from the log.
    pub decision_id: Option<Cow<'a, str>>,
    /// The application's own id (its `subject.id`), when it gave one.
    pub subject_id: Option<Cow<'a, str>>,
    /// The evaluation year it was decided for.
    pub year: Option<u16>,
    /// The canonical input (a JSON object).
    pub input: Cow<'a, str>,
    /// The canonical report it was given (a JSON object).
    pub report: Cow<'a, str>,
}

impl<'a> StoredDecision<'a> {
    /// One line of `shenfu decisions export` (or any JSON object with `input` and `report`
    /// members; `decision_id`, `subject_id` and `year` are taken from the line, else from the
    /// report). A bare report is refused with `not_replayable`: it holds its input's hash only.
    pub fn from_json_line(line: &'a str) -> Result<Self> {
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some(stored) = Self::from_export_line(line) {
            return Ok(stored);
        }
        Self::from_value(crate::json::parse_json(line)?)
    }

    /// The fast path for the export's own shape: a flat head of scalars, then `"input":{…}`,
    /// then `"report":{…}`, the report last. `None` sends the line to the full reader.
    fn from_export_line(line: &'a str) -> Option<Self> {
        let at_input = line.find(",\"input\":{")?;
        // Searched forward from the (small) input, not back through the (large) report.
        let at_report = at_input + line.get(at_input..)?.find(",\"report\":{\"engine\":")?;
        let head = line.get(..at_input)?;
        let input = line.get(at_input + 9..at_report)?;
        let report = line.get(at_report + 10..line.len().checked_sub(1)?)?;
        if !(line.ends_with("}}") && input.ends_with('}')) {
            return None;
        }
        let mut head_text = String::with_capacity(head.len() + 1);
        head_text.push_str(head);
        head_text.push('}');
        let mut stored = Self {
            decision_id: None,
            subject_id: None,
            year: None,
            input: Cow::Borrowed(input),
            report: Cow::Borrowed(report),
        };
        flat_object(&head_text, |key, member| {
            match (key, member) {
                ("decision_id", Member::Scalar(Scalar::Text(id))) => {
                    stored.decision_id = Some(Cow::Owned(id.to_owned()));
                }
                ("subject_id", Member::Scalar(Scalar::Text(id))) => {
                    stored.subject_id = Some(Cow::Owned(id.to_owned()));
                }
                ("year", Member::Scalar(Scalar::Number(year))) => {
                    stored.year = Some(year.parse().ok()?);
                }
                ("input" | "report", _) => return None,
                (_, Member::Scalar(_)) => {}
                (_, Member::Object(_)) => return None,
            }
            Some(())
        })?;
        Some(stored)
    }

    /// The full reader: any JSON object holding `input` and `report`.
    fn from_value(value: Value) -> Result<Self> {
        let Value::Object(mut line) = value else {
            return Err(ErrorKind::InvalidJson {
                detail: "a stored decision is a JSON object with `input` and `report`".into(),
            }
            .into());
        };
        let report = match line.remove("report") {
            Some(report @ Value::Object(_)) => report,
            Some(_) => return Err(not_an_object("report")),
            // A report on its own: the line is the report.
            None if line.contains_key("outcomes") => return Err(not_replayable()),
            None => return Err(Error::from(ErrorKind::MissingField).at("report")),
        };
        let input = match line.remove("input") {
            Some(input @ Value::Object(_)) => input,
            Some(_) => return Err(not_an_object("input")),
            None => return Err(not_replayable()),
        };
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(|s| Cow::Owned(s.to_owned()));
        Ok(Self {
            decision_id: text(line.get("decision_id")),
            subject_id: text(line.get("subject_id"))
                .or_else(|| text(report.get("subject").and_then(|s| s.get("id")))),
            year: match line.get("year") {
                Some(y) => stored_year(y).map_err(|e| e.at("year"))?,
                None => stored_year(report.get("year").unwrap_or(&Value::Null))
                    .map_err(|e| e.at("report.year"))?,
            },
            input: Cow::Owned(crate::canonical::to_json(&input)),
            report: Cow::Owned(crate::canonical::to_json(&report)),
        })
    }
}

/// The year a decision was taken for: null, or a whole number within the plan's years.
fn stored_year(value: &Value) -> Result<Option<u16>> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_u64()
            .and_then(|y| u16::try_from(y).ok())
            .filter(|y| (crate::vocab::FIRST_YEAR..=crate::vocab::LAST_YEAR).contains(y))
            .map(Some)
            .ok_or_else(|| {
                ErrorKind::OutOfBounds {
                    what: crate::error::Bounded::EvaluationYear,
                    min: i64::from(crate::vocab::FIRST_YEAR),
                    max: i64::from(crate::vocab::LAST_YEAR),
                    got: n.to_string(),
                }
                .into()
            }),
        other => Err(ErrorKind::InvalidType {
            expected: crate::error::Expected::Year,
            found: crate::project::json_type(other),
        }
        .into()),
    }
}

fn not_replayable() -> Error {
    Error::from(ErrorKind::NotReplayable).at("input")
}

fn not_an_object(field: &str) -> Error {
    Error::from(ErrorKind::InvalidJson {
        detail: format!("`{field}` must be a JSON object"),
    })
    .at(field)
}

/// What a stored report decided: its verdict, its input's hash and each rule's status.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decided<'a> {
    verdict: Verdict,
    input_sha256: Cow<'a, str>,
    statuses: Vec<(Cow<'a, str>, Status)>,
}

impl<'a> Decided<'a> {
    fn read(report: &'a str) -> Result<Self> {
        match Self::scan(report) {
            Some(decided) => Ok(decided),
            None => Self::parse(report),
        }
    }

    /// The canonical report's shape: `"input_sha256":"…"`, `"eligible":…`, then outcomes that
    /// each open with `{"rule_id":"…","status":"…"`. A quote inside a JSON string is always
    /// escaped, so these markers cannot occur inside a name or a message.
    fn scan(report: &'a str) -> Option<Self> {
        let after = |text: &'a str, marker: &str| -> Option<&'a str> {
            text.find(marker).and_then(|i| text.get(i + marker.len()..))
        };
        let plain = |text: &'a str| -> Option<(&'a str, &'a str)> {
            let end = text.find('"')?;
            let (value, rest) = (text.get(..end)?, text.get(end + 1..)?);
            (!value.contains('\\')).then_some((value, rest))
        };
        let (input_sha256, rest) = plain(after(report, "\"input_sha256\":\"")?)?;
        let rest = after(rest, ",\"eligible\":")?;
        let verdict = [
            ("true", Verdict::Eligible),
            ("false", Verdict::NotEligible),
            ("null", Verdict::NotSubject),
        ]
        .into_iter()
        .find_map(|(text, verdict)| rest.starts_with(text).then_some(verdict))?;
        let mut rest = after(rest, ",\"outcomes\":[")?;
        let mut statuses = Vec::with_capacity(16);
        while let Some(outcome) = rest.strip_prefix("{\"rule_id\":\"") {
            let (rule_id, tail) = plain(outcome)?;
            let (status, tail) = plain(tail.strip_prefix(",\"status\":\"")?)?;
            statuses.push((Cow::Borrowed(rule_id), Status::from_key(status)?));
            // Outcomes hold no `{"rule_id":` below them, and nothing after them has one.
            rest = next_outcome(tail);
        }
        Some(Self {
            verdict,
            input_sha256: Cow::Borrowed(input_sha256),
            statuses,
        })
    }

    /// Any JSON report: the same three things through `serde_json`.
    fn parse(report: &str) -> Result<Self> {
        #[derive(serde::Deserialize)]
        struct Stored {
            input_sha256: String,
            eligible: Option<bool>,
            outcomes: Vec<StoredOutcome>,
        }
        #[derive(serde::Deserialize)]
        struct StoredOutcome {
            rule_id: String,
            status: String,
        }
        let stored: Stored = serde_json::from_str(report).map_err(|e| {
            Error::from(ErrorKind::InvalidJson {
                detail: e.to_string(),
            })
            .at("report")
        })?;
        let statuses = stored
            .outcomes
            .into_iter()
            .enumerate()
            .map(|(i, o)| match Status::from_key(&o.status) {
                Some(status) => Ok((Cow::Owned(o.rule_id), status)),
                None => Err(Error::from(ErrorKind::InvalidJson {
                    detail: format!("unknown status `{}`", o.status),
                })
                .at(&format!("report.outcomes[{i}].status"))),
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            verdict: Verdict::of_eligible(stored.eligible),
            input_sha256: Cow::Owned(stored.input_sha256),
            statuses,
        })
    }

    fn status(&self, rule_id: &str) -> Option<Status> {
        self.statuses
            .iter()
            .find(|(id, _)| id == rule_id)
            .map(|(_, s)| *s)
    }
}

/// `text` from the next `{"rule_id":"`, or empty (a SIMD substring search: the messages between
/// outcomes are long).
fn next_outcome(text: &str) -> &str {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("{\"rule_id\":\""));
    FINDER
        .find(text.as_bytes())
        .and_then(|i| text.get(i..))
        .unwrap_or("")
}

/// One outcome whose status moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlippedOutcome {
    /// The rule's id, e.g. `admission.investment_per_mu`.
    pub rule_id: String,
    /// `None`: the old rulebook had no such rule.
    pub old_status: Option<Status>,
    /// `None`: the new rulebook has no such rule.
    pub new_status: Option<Status>,
    /// The measured value under the new rule (亩均投入, R&D intensity), when it has one.
    pub observed: Option<crate::vocab::Quantity>,
    /// What in the rule moved, the stored outcome against the new rule: `threshold.value`,
    /// `comparator`, `wording`, `citation.quote`, … ; `in_force` when the rule now applies (or
    /// no longer applies) in the decision's year; `rule` when it was added or removed;
    /// `assessed` when it is still in the rulebook but no longer assessed for projects.
    pub causes: Vec<FieldChange>,
}

/// A stored decision the new rulebook decides differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    /// The log's decision id, when the decision came from the log.
    pub decision_id: Option<String>,
    /// The application's own id, when it gave one.
    pub subject_id: Option<String>,
    /// The evaluation year it was decided for; `null` when none was given.
    pub year: Option<u16>,
    /// `true`, `false`, or `null` for a project no admission condition applied to
    /// ([`Verdict::eligible`]).
    pub old_eligible: Option<bool>,
    /// The same under the new rulebook.
    pub new_eligible: Option<bool>,
    /// Every outcome whose status moved.
    pub outcomes: Vec<FlippedOutcome>,
}

impl Flip {
    /// The flip's canonical JSON text: one line of `shenfu replay --format jsonl`.
    pub fn to_canonical_json(&self) -> String {
        crate::canonical::to_json(self)
    }
}

/// How many stored decisions were checked and how many the new rulebook decides differently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReplaySummary {
    /// Every stored decision read, replayed or not.
    pub checked: u64,
    /// Decisions with any outcome that moved (eligibility or not).
    pub changed: u64,
    /// Eligible before, not eligible now.
    pub became_ineligible: u64,
    /// Not eligible before, eligible now.
    pub became_eligible: u64,
    /// Judged before (eligible or not), now not subject to the admission conditions.
    pub became_not_subject: u64,
    /// Not subject before, judged now (eligible or not).
    pub became_subject: u64,
    /// Stored decisions that could not be replayed (each reported as an error).
    pub errors: u64,
}

impl ReplaySummary {
    /// Count one replayed decision.
    pub fn add(&mut self, replayed: &Result<Option<Flip>>) {
        match replayed {
            Ok(None) => self.unchanged(),
            Ok(Some(flip)) => self.changed(
                Verdict::of_eligible(flip.old_eligible),
                Verdict::of_eligible(flip.new_eligible),
            ),
            Err(_) => self.failed(),
        }
    }

    /// Count a decision the new rulebook decides alike.
    pub fn unchanged(&mut self) {
        self.checked += 1;
    }

    /// Count a decision that moved, with its verdict before and after.
    pub fn changed(&mut self, old: Verdict, new: Verdict) {
        self.checked += 1;
        self.changed += 1;
        match (old, new) {
            (Verdict::Eligible, Verdict::NotEligible) => self.became_ineligible += 1,
            (Verdict::NotEligible, Verdict::Eligible) => self.became_eligible += 1,
            (Verdict::Eligible | Verdict::NotEligible, Verdict::NotSubject) => {
                self.became_not_subject += 1;
            }
            (Verdict::NotSubject, Verdict::Eligible | Verdict::NotEligible) => {
                self.became_subject += 1;
            }
            _ => {}
        }
    }

    /// Count a stored decision that could not be replayed.
    pub fn failed(&mut self) {
        self.checked += 1;
        self.errors += 1;
    }

    /// The summary's canonical JSON text.
    pub fn to_canonical_json(&self) -> String {
        crate::canonical::to_json(self)
    }
}

/// Replays stored decisions under one rulebook, reusing its buffers from one decision to the
/// next.
pub struct Replayer<'b> {
    book: &'b Rulebook,
    /// The project rules in order (what `statuses` judges), found once, not per decision.
    rules: Vec<&'b Rule>,
    /// Each project rule's listing as JSON, what causes are read against.
    listings: Vec<Value>,
    statuses: Vec<Status>,
    rows: Vec<RowOutcome>,
}

impl<'b> Replayer<'b> {
    /// A replayer for `book`, the revised rulebook.
    pub fn new(book: &'b Rulebook) -> Self {
        Self {
            book,
            rules: book.project_rules().collect(),
            listings: book
                .project_rules()
                .map(|r| serde_json::to_value(r.summary()).unwrap_or(Value::Null))
                .collect(),
            statuses: Vec::with_capacity(16),
            rows: Vec::with_capacity(16),
        }
    }

    /// The stored decision assessed again: `None` when every outcome keeps its status.
    ///
    /// ```
    /// use shenfu_rules::replay::{Replayer, StoredDecision};
    /// use shenfu_rules::{Options, Project, Rulebook};
    /// let old = Rulebook::embedded();
    /// let input = r#"{"id":"P-9","industry":"智能制造","fixed_asset_investment":{"value":"19800","unit":"万元"},"land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#;
    /// let report = old.assess(&Project::from_json_str(input)?, Options::default())?;
    /// let stored = StoredDecision {
    ///     decision_id: None, subject_id: None, year: None,
    ///     input: input.into(), report: report.to_canonical_json().into(),
    /// };
    /// // 330 万元/亩 passes 超 300 but not a revised 超 350.
    /// let revised = shenfu_rules::rulebook::SHENFU_TOML
    ///     .replace("value = \"300\", unit = \"万元/亩\"", "value = \"350\", unit = \"万元/亩\"")
    ///     .replace("亩均投入超 300 万元", "亩均投入超 350 万元");
    /// let new = Rulebook::from_toml_str(&revised)?;
    /// let flip = Replayer::new(&new).replay(&stored)?.expect("the verdict flips");
    /// assert_eq!((flip.old_eligible, flip.new_eligible), (Some(true), Some(false)));
    /// assert_eq!(flip.outcomes[0].rule_id, "admission.investment_per_mu");
    /// assert_eq!(shenfu_rules::present::revision::causes_text(&flip.outcomes[0].causes),
    ///     "threshold.value: 300 → 350; citation.quote: 以引进项目亩均投入超 300 万元、亩均税收产出超 40 万元为项目建设的基本约束性条件 → 以引进项目亩均投入超 350 万元、亩均税收产出超 40 万元为项目建设的基本约束性条件");
    /// assert!(Replayer::new(old).replay(&stored)?.is_none());
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn replay(&mut self, stored: &StoredDecision<'_>) -> Result<Option<Flip>> {
        let old = Decided::read(&stored.report)?;
        let project = Project::from_json_str(&stored.input).map_err(|e| e.at("input"))?;
        if project.input_sha256() != old.input_sha256 {
            return Err(Error::from(ErrorKind::InputMismatch {
                stored: old.input_sha256.into_owned(),
            })
            .at("input"));
        }
        let options = Options { year: stored.year };
        let new_verdict = self.book.statuses(&project, options, &mut self.statuses)?;
        let moved = |old: Option<Status>, new: Option<Status>| {
            old.unwrap_or(Status::NotApplicable) != new.unwrap_or(Status::NotApplicable)
        };
        let rules = &self.rules;
        let changed_here = rules
            .iter()
            .zip(&self.statuses)
            .any(|(rule, new)| moved(old.status(&rule.id), Some(*new)));
        let dropped = |id: &str| !rules.iter().any(|r| r.id == id);
        let changed_gone = old
            .statuses
            .iter()
            .any(|(id, status)| dropped(id) && moved(Some(*status), None));
        if !changed_here && !changed_gone && old.verdict == new_verdict {
            return Ok(None);
        }
        // A decision that moved: now the details, which need the numbers and the stored
        // outcomes in full.
        self.book.evaluate(&project, options, &mut self.rows)?;
        let mut outcomes = Vec::new();
        let each = rules.iter().zip(&self.listings);
        for (((rule, listing), new), row) in each.zip(&self.statuses).zip(&self.rows) {
            let was = old.status(&rule.id);
            if moved(was, Some(*new)) {
                outcomes.push(FlippedOutcome {
                    rule_id: rule.id.clone(),
                    old_status: was,
                    new_status: Some(*new),
                    observed: row.observed.map(|v| observed(rule, v)),
                    causes: causes(
                        &rule.id,
                        match was {
                            Some(_) => stored_outcome(&stored.report, &rule.id)?,
                            None => None,
                        }
                        .as_ref(),
                        Some((rule, listing)),
                        stored.year,
                        *new,
                    ),
                });
            }
        }
        for (id, status) in &old.statuses {
            if dropped(id) && moved(Some(*status), None) {
                // Still in the rulebook, no longer assessed (a reading's alternative brings it
                // in: the R&D reference points); otherwise removed.
                let causes = if self.book.rule(id).is_some() {
                    vec![FieldChange {
                        field: "assessed".to_owned(),
                        old: Some(Value::Bool(true)),
                        new: Some(Value::Bool(false)),
                    }]
                } else {
                    causes(
                        id,
                        stored_outcome(&stored.report, id)?.as_ref(),
                        None,
                        stored.year,
                        *status,
                    )
                };
                outcomes.push(FlippedOutcome {
                    rule_id: id.to_string(),
                    old_status: Some(*status),
                    new_status: None,
                    observed: None,
                    causes,
                });
            }
        }
        Ok(Some(Flip {
            decision_id: stored.decision_id.as_deref().map(str::to_owned),
            subject_id: stored.subject_id.as_deref().map(str::to_owned),
            year: stored.year,
            old_eligible: old.verdict.eligible(),
            new_eligible: new_verdict.eligible(),
            outcomes,
        }))
    }
}

/// The measured value under the new rule, in its threshold's unit — as its report would say it.
fn observed(rule: &Rule, value: rust_decimal::Decimal) -> crate::vocab::Quantity {
    let unit = rule.check.bound().map(|b| b.threshold.unit.name());
    crate::assess::quantity(value, unit)
}

/// The fields of an outcome that name what its rule asked, read back for causes.
const RULE_FIELDS: [&str; 6] = [
    "comparator",
    "wording",
    "threshold.value",
    "threshold.unit",
    "citation.section",
    "citation.quote",
];

/// One stored outcome in full (for the decisions that moved only): cut from the canonical
/// report and parsed alone, or — any other layout — found in the report parsed whole.
fn stored_outcome(report: &str, rule_id: &str) -> Result<Option<Value>> {
    let mut needle = String::with_capacity(rule_id.len() + 16);
    needle.push_str("{\"rule_id\":");
    crate::canonical::push_string(&mut needle, rule_id);
    needle.push(',');
    // The outcome is the first JSON value from its `{`: read it and stop there.
    let cut = memchr::memmem::find(report.as_bytes(), needle.as_bytes())
        .and_then(|start| report.get(start..))
        .and_then(|text| {
            serde_json::Deserializer::from_str(text)
                .into_iter::<Value>()
                .next()
        });
    if let Some(Ok(outcome)) = cut {
        return Ok(Some(outcome));
    }
    let whole = crate::json::parse_json(report).map_err(|e| e.at("report"))?;
    Ok(whole
        .get("outcomes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|o| o.get("rule_id").and_then(Value::as_str) == Some(rule_id))
        .cloned())
}

/// What moved between the stored outcome and the new rule.
fn causes(
    rule_id: &str,
    stored: Option<&Value>,
    rule: Option<(&Rule, &Value)>,
    year: Option<u16>,
    new_status: Status,
) -> Vec<FieldChange> {
    let (Some(stored), Some((rule, now))) = (stored, rule) else {
        // Added or removed: the rule itself is the cause.
        let id = |present: bool| present.then(|| Value::from(rule_id));
        return vec![FieldChange {
            field: "rule".to_owned(),
            old: id(stored.is_some()),
            new: id(rule.is_some()),
        }];
    };
    let pick = |v: &Value, path: &str| {
        path.split('.')
            .try_fold(v, |v, key| v.get(key))
            .filter(|v| !v.is_null())
            .cloned()
    };
    let mut out: Vec<FieldChange> = RULE_FIELDS
        .iter()
        .filter_map(|field| {
            let (old, new) = (pick(stored, field), pick(now, field));
            (old != new).then(|| FieldChange {
                field: (*field).to_owned(),
                old,
                new,
            })
        })
        .collect();
    // A move into or out of `not_applicable` that the decision's year explains: the rule's
    // years in force changed (the stored report does not say what they were).
    let not_applicable = Status::NotApplicable;
    let was_not_applicable =
        stored.get("status").and_then(Value::as_str) == Some(not_applicable.key());
    let in_force_now = year.map(|y| rule.in_force_in(y));
    let left = in_force_now == Some(false) && new_status == not_applicable && !was_not_applicable;
    let entered = in_force_now == Some(true) && new_status != not_applicable && was_not_applicable;
    if left || entered {
        out.push(FieldChange {
            field: "in_force".to_owned(),
            old: None,
            new: Some(Value::from(vec![rule.in_force.0, rule.in_force.1])),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture report, and each with its members spaced out: the scanner reads what
    /// `serde_json` reads, or gives up.
    #[test]
    fn the_status_scanner_agrees_with_serde_json() {
        let cases =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/projects/cases");
        let mut seen = 0;
        for entry in std::fs::read_dir(cases).unwrap() {
            let report =
                std::fs::read_to_string(entry.unwrap().path().join("report.json")).unwrap();
            let report = report.trim_end();
            if report.starts_with("{\"error\"") {
                continue;
            }
            let scanned = Decided::scan(report).unwrap();
            assert_eq!(scanned, Decided::parse(report).unwrap());
            let spaced = report.replace("\":", "\": ").replace(",\"", ", \"");
            assert!(Decided::scan(&spaced).is_none());
            assert_eq!(Decided::read(&spaced).unwrap(), scanned);
            seen += 1;
        }
        assert!(seen >= 30, "{seen}");
    }
}
