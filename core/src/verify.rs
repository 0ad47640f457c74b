//! Verifying a stored report: is this the verdict this engine and this rulebook give? With the
//! original input the decision is recomputed and compared byte for byte; without it, every
//! outcome is checked for consistency with the rulebook (threshold, comparator, citation), with
//! its own numbers (status and margin follow from observed and threshold) and the verdict with
//! the outcomes — so an approval office can defend a stored decision, and an edited number shows.

use crate::Options;
use crate::assess::tally;
use crate::canonical::to_json;
use crate::error::{Error, ErrorKind, Expected, Result};
use crate::number::parse_decimal;
use crate::project::{Project, json_type, parse_json};
use crate::report::{ENGINE_NAME, ENGINE_VERSION, Status};
use crate::report::{Verdict, VerdictTally};
use crate::rulebook::Rulebook;
use crate::vocab::{Property, Text};
use serde::Serialize;
use serde_json::Value;

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Finding {
    /// What was checked: `engine`, `rulebook`, `input`, `decision`, `outcome`, `verdict` or
    /// `introduced`.
    pub check: &'static str,
    /// Whether it holds.
    pub ok: bool,
    /// What was found, in both languages.
    pub detail: Text,
}

/// The outcome of verifying one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = Recomputation))]
pub struct Verification {
    /// Every check passed.
    pub verified: bool,
    /// Whether the decision was recomputed from the input (otherwise: consistency only).
    pub recomputed: bool,
    /// Each check made, in order.
    pub findings: Vec<Finding>,
}

impl Verification {
    /// The verification's canonical JSON text, as `shenfu verify` prints it in JSON.
    pub fn to_canonical_json(&self) -> String {
        to_json(self)
    }
}

fn finding(check: &'static str, ok: bool, zh: String, en: String) -> Finding {
    Finding {
        check,
        ok,
        detail: Text { zh, en },
    }
}

fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_str)
}

fn shape_error(field: &str, value: Option<&Value>) -> Error {
    Error::from(ErrorKind::InvalidType {
        expected: Expected::Text,
        found: value.map_or(crate::error::Found::Null, json_type),
    })
    .at(field)
}

impl Rulebook {
    /// Verify a stored report (its canonical JSON text), optionally against the input it was
    /// made from.
    ///
    /// ```
    /// use shenfu_rules::{Options, Project, Rulebook};
    /// let book = Rulebook::embedded();
    /// let input = Project::from_json_str(r#"{"industry": "数字经济",
    ///     "fixed_asset_investment": {"value": "24000", "unit": "万元"},
    ///     "land_area": {"value": "60", "unit": "亩"},
    ///     "annual_tax": {"value": "3000", "unit": "万元"}}"#)?;
    /// let stored = book.assess(&input, Options::default())?.to_canonical_json();
    /// assert!(book.verify(&stored, Some(&input))?.verified);
    /// let edited = stored.replace(r#""value":"400""#, r#""value":"290""#);
    /// assert!(!book.verify(&edited, None)?.verified);
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn verify(&self, report_json: &str, input: Option<&Project>) -> Result<Verification> {
        let mut report = parse_json(report_json.trim())?;
        let mut report_json = report_json.trim().to_owned();
        // `shenfu assess --format json` prints an array: one stored report in it is accepted.
        if let Value::Array(items) = &mut report
            && items.len() == 1
        {
            let only = items.remove(0);
            report_json = to_json(&only);
            report = only;
        }
        let report_json = report_json.as_str();
        // A report made under readings' alternatives (`--reading`) is checked under them.
        let mut wanted: Vec<String> = match report.get("alternative_readings") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(ids)) => ids
                .iter()
                .map(|id| id.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .ok_or_else(|| {
                    shape_error("alternative_readings", report.get("alternative_readings"))
                })?,
            other => return Err(shape_error("alternative_readings", other)),
        };
        wanted.sort();
        wanted.dedup();
        if wanted != self.alternatives() {
            return self
                .under(&wanted)
                .map_err(|e| e.at("alternative_readings"))?
                .verify(report_json, input);
        }
        let mut findings = Vec::new();
        let field = |path: &[&str]| {
            text(&report, path).ok_or_else(|| {
                shape_error(
                    &path.join("."),
                    path.iter().try_fold(&report, |v, k| v.get(k)),
                )
            })
        };
        let (engine_name, engine_version) =
            (field(&["engine", "name"])?, field(&["engine", "version"])?);
        let ok = engine_name == ENGINE_NAME && engine_version == ENGINE_VERSION;
        findings.push(finding(
            "engine",
            ok,
            format!("报告由 {engine_name} {engine_version} 生成；本引擎为 {ENGINE_NAME} {ENGINE_VERSION}"),
            format!("made by {engine_name} {engine_version}; this engine is {ENGINE_NAME} {ENGINE_VERSION}"),
        ));
        let (id, version, sha) = (
            field(&["rulebook", "id"])?,
            field(&["rulebook", "version"])?,
            field(&["rulebook", "sha256"])?,
        );
        let ok = id == self.id && version == self.version && sha == self.sha256();
        findings.push(finding(
            "rulebook",
            ok,
            format!("报告的规则库 {id} {version}（SHA-256 {sha}）；当前规则库 {} {}（SHA-256 {}）", self.id, self.version, self.sha256()),
            format!("report's rulebook {id} {version} (SHA-256 {sha}); loaded rulebook {} {} (SHA-256 {})", self.id, self.version, self.sha256()),
        ));
        let year = match report.get("year") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .and_then(|y| u16::try_from(y).ok())
                    .ok_or_else(|| shape_error("year", Some(v)))?,
            ),
        };
        let recomputed = match input {
            Some(project) => {
                let claimed = field(&["input_sha256"])?;
                let actual = project.input_sha256();
                findings.push(finding(
                    "input",
                    claimed == actual,
                    format!("输入的 SHA-256 为 {actual}，报告记载 {claimed}"),
                    format!("the input's SHA-256 is {actual}; the report records {claimed}"),
                ));
                let mut fresh = String::with_capacity(report_json.len());
                self.write_assessment(project, Options { year }, &mut fresh)?;
                let same = fresh == report_json.trim();
                let (zh, en) = if same {
                    (
                        "重新计算的报告与所存报告逐字节一致".to_owned(),
                        "the recomputed report equals the stored one byte for byte".to_owned(),
                    )
                } else {
                    let at = first_difference(&fresh, report_json.trim());
                    (
                        format!("重新计算的报告与所存报告不同，自第 {at} 个字节起"),
                        format!("the recomputed report differs from the stored one from byte {at}"),
                    )
                };
                findings.push(finding("decision", same, zh, en));
                true
            }
            None => {
                self.check_consistency(&report, year, &mut findings)?;
                false
            }
        };
        Ok(Verification {
            verified: findings.iter().all(|f| f.ok),
            recomputed,
            findings,
        })
    }

    /// Without the input: every outcome agrees with its rule, its years in force and its own
    /// numbers, and the verdict with the outcomes. An admission condition in force that does
    /// not apply can only come from a project declared not introduced: every such condition
    /// must then say so, and the finding names the declaration as what only `--input` checks.
    fn check_consistency(
        &self,
        report: &Value,
        year: Option<u16>,
        findings: &mut Vec<Finding>,
    ) -> Result<()> {
        let outcomes = report
            .get("outcomes")
            .and_then(Value::as_array)
            .ok_or_else(|| shape_error("outcomes", report.get("outcomes")))?;
        let mut verdict = VerdictTally::default();
        // Admission conditions in force: those that say they do not apply (declared not
        // introduced), and those judged.
        let (mut not_introduced, mut judged) = (Vec::new(), Vec::new());
        for (i, outcome) in outcomes.iter().enumerate() {
            let at = |f: &str| format!("outcomes[{i}].{f}");
            let get = |f: &str| outcome.get(f).and_then(Value::as_str);
            let rule_id = get("rule_id")
                .ok_or_else(|| shape_error(&at("rule_id"), outcome.get("rule_id")))?;
            let Some(rule) = self.rule(rule_id) else {
                findings.push(finding(
                    "outcome",
                    false,
                    format!("规则库中没有规则“{rule_id}”"),
                    format!("no rule `{rule_id}` in the rulebook"),
                ));
                continue;
            };
            let status = get("status").unwrap_or_default();
            // An unknown status keeps nothing eligible: it is not a pass.
            tally(
                &mut verdict,
                rule.property,
                Status::from_key(status).unwrap_or(Status::Fail),
            );
            let mut problems: Vec<String> = Vec::new();
            let (first, last) = rule.in_force;
            let in_force = year.is_none_or(|y| rule.in_force_in(y));
            let not_applicable = status == Status::NotApplicable.key();
            if !in_force && !not_applicable {
                problems.push(format!(
                    "status ({status}, but the rule is in force {first}–{last}, so in {} it is not_applicable)",
                    year.unwrap_or_default()
                ));
            }
            if in_force && rule.property == Property::Admission {
                if not_applicable {
                    let expected = not_introduced_message(rule);
                    let said = |lang: &str| outcome.pointer(&format!("/message/{lang}"));
                    if said("zh").and_then(Value::as_str) != Some(expected.zh.as_str())
                        || said("en").and_then(Value::as_str) != Some(expected.en.as_str())
                    {
                        problems.push(
                            "message (an admission condition in force does not apply only to a project declared not introduced, and says so)".into(),
                        );
                    }
                    not_introduced.push(rule_id);
                } else {
                    judged.push(rule_id);
                }
            }
            if outcome.get("citation") != serde_json::to_value(&rule.citation).ok().as_ref() {
                problems.push("citation".into());
            }
            if let Some(bound) = rule.check.bound() {
                if get("comparator") != Some(bound.comparator.symbol()) {
                    problems.push("comparator".into());
                }
                let threshold = outcome
                    .pointer("/threshold/value")
                    .and_then(Value::as_str)
                    .map(parse_decimal);
                if threshold.and_then(|t| t.ok()) != Some(bound.threshold.value) {
                    problems.push("threshold".into());
                }
                let observed = outcome
                    .pointer("/observed/value")
                    .and_then(Value::as_str)
                    .map(parse_decimal);
                if let Some(Ok(observed)) = observed {
                    let met = bound.comparator.holds(observed.cmp(&bound.threshold.value));
                    let expected = Status::judged(met);
                    if status != expected.key() && status != Status::NotApplicable.key() {
                        problems.push(format!(
                            "status ({status}, but {observed} {} {} means {})",
                            bound.comparator.symbol(),
                            bound.threshold.value,
                            expected.key()
                        ));
                    }
                    let margin = outcome
                        .pointer("/margin/value")
                        .and_then(Value::as_str)
                        .map(parse_decimal);
                    // A condition that does not apply is measured but not judged: no margin.
                    let expected_margin = if status == Status::NotApplicable.key() {
                        None
                    } else {
                        observed.checked_sub(bound.threshold.value)
                    };
                    if margin.and_then(|m| m.ok()) != expected_margin {
                        problems.push("margin".into());
                    }
                } else if observed.is_some() {
                    problems.push("observed".into());
                }
            }
            let ok = problems.is_empty();
            findings.push(finding(
                "outcome",
                ok,
                if ok {
                    format!("{rule_id}：与规则库及自身数值一致")
                } else {
                    format!("{rule_id}：不一致——{}", problems.join("、"))
                },
                if ok {
                    format!("{rule_id}: consistent with the rulebook and its own numbers")
                } else {
                    format!("{rule_id}: inconsistent — {}", problems.join(", "))
                },
            ));
        }
        if !not_introduced.is_empty() {
            findings.push(introduced_finding(&not_introduced, &judged));
        }
        let verdict = verdict.verdict();
        // Both must be there and agree with the outcomes: `eligible` (true, false or null) and
        // `verdict` (every report of this rulebook carries it).
        let eligible = report.get("eligible");
        let claimed = match eligible {
            Some(Value::Bool(b)) => Some(Verdict::of_eligible(Some(*b))),
            Some(Value::Null) => Some(Verdict::NotSubject),
            _ => None,
        };
        let named = report.get("verdict");
        let agrees = claimed == Some(verdict)
            && named.and_then(Value::as_str).and_then(Verdict::from_key) == Some(verdict);
        let show = |v: Option<&Value>| v.map_or_else(|| "(absent)".to_owned(), to_json);
        let (eligible, named, expected) = (show(eligible), show(named), verdict.key());
        findings.push(finding(
            "verdict",
            agrees,
            format!("报告记载 eligible = {eligible}、verdict = {named}；由各项结果推得 verdict = \"{expected}\""),
            format!("the report records eligible = {eligible}, verdict = {named}; its outcomes give verdict = \"{expected}\""),
        ));
        findings.push(finding(
            "input",
            true,
            "未提供原始输入：实际值本身无法核对（使用 --input 重新计算）".to_owned(),
            "no input given: the observed values themselves are not checked (use --input to recompute)".to_owned(),
        ));
        Ok(())
    }
}

/// The message an admission condition carries for a project declared not introduced.
fn not_introduced_message(rule: &crate::rulebook::Rule) -> Text {
    crate::assess::explain(rule, crate::assess::Judgement::NotIntroduced(None), None).message
}

/// Admission conditions in force that do not apply: consistent only if all of them do (the
/// declaration is the project's, not a condition's), and even then resting on the declaration
/// `introduced = false`, which only the input shows.
fn introduced_finding(not_introduced: &[&str], judged: &[&str]) -> Finding {
    let list = |ids: &[&str]| ids.join(", ");
    if judged.is_empty() {
        finding(
            "introduced",
            true,
            format!(
                "准入条件（{}）在评估年份有效而报告称其不适用：依据是项目申报为非引进项目（introduced = false），此申报未经核对（使用 --input 重新计算）",
                list(not_introduced)
            ),
            format!(
                "the admission conditions ({}) are in force in the evaluation year and the report says they do not apply: that rests on the project's declaration introduced = false, which is not checked (use --input to recompute)",
                list(not_introduced)
            ),
        )
    } else {
        finding(
            "introduced",
            false,
            format!(
                "准入条件（{}）称不适用（非引进项目），而（{}）已作判定：是否为引进项目是项目的申报，对所有准入条件相同",
                list(not_introduced),
                list(judged)
            ),
            format!(
                "the admission conditions ({}) say they do not apply (not introduced) while ({}) were judged: being introduced is the project's declaration, the same for every admission condition",
                list(not_introduced),
                list(judged)
            ),
        )
    }
}

/// The byte offset where two texts first differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}
