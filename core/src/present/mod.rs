//! What people read, in one place: the language pick, and the labels and sentences every
//! surface shows beside the core's own messages — the label of each status, property and
//! progress status, the verdict, the batch summary. A surface picks a language and calls these;
//! it words none of them itself. The views built from them live beside: [`text`] (what the CLI
//! prints), [`html`] (a report for notebooks and print), [`table`] (aligning CJK and Latin text).

pub mod chart;
pub mod html;
pub mod page;
pub mod progress_rows;
pub mod revision;
pub mod summary;
pub mod table;
pub mod text;

use crate::number::canonical;
use crate::report::{Status, Verdict};
use crate::vocab::{Property, Text};
use crate::zone::{Goal, ProgressStatus, Relation, Target, TargetProgress};
use crate::{Error, ErrorKind};

/// The language of what people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(rename_all = "lowercase"))]
pub enum Lang {
    /// Chinese (zh-CN): the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `"zh"` or `"en"`, as the bindings take it; anything else is an `unknown_field` at `lang`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "zh" => Ok(Self::Zh),
            "en" => Ok(Self::En),
            _ => Err(Error::from(ErrorKind::UnknownField { expected: "zh, en" }).at("lang")),
        }
    }

    /// This language's half of a text.
    pub fn pick(self, text: &Text) -> &str {
        self.choose(&text.zh, &text.en)
    }

    /// This language's one of two: a label, a heading row, a sentence.
    pub fn choose<'a, T: ?Sized>(self, zh: &'a T, en: &'a T) -> &'a T {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

/// The columns of a report's table, every view's (text, HTML): rule, property, result,
/// observed, threshold, margin, then the message (which the terminal prints under the table).
pub(crate) fn report_headings(lang: Lang) -> &'static [&'static str; 7] {
    lang.choose(
        &["规则", "性质", "结果", "实际值", "门槛", "差额", "说明"],
        &[
            "rule",
            "property",
            "result",
            "observed",
            "threshold",
            "margin",
            "message",
        ],
    )
}

impl Status {
    /// The status as a table shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        let en = match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotApplicable => "not applicable",
            Self::MissingInput => "missing input",
        };
        lang.choose(self.name_zh(), en)
    }
}

impl Property {
    /// The property as the plan names it.
    pub fn label(self, lang: Lang) -> &'static str {
        let en = match self {
            Self::Admission => "admission condition",
            Self::Binding => "binding",
            Self::Expected => "expected",
            Self::Guidance => "guidance",
        };
        lang.choose(self.name_zh(), en)
    }
}

impl crate::zone::Category {
    /// The appendix's category heading.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.choose(self.name_zh(), self.name_en())
    }
}

impl ProgressStatus {
    /// The progress status as progress tables show it.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.choose(self.name_zh(), self.name_en())
    }
}

impl Target {
    /// The target's condition in a rulebook listing: `>= 300 亿元`, `2020 年起年均增速 约 30% ±1`.
    pub fn condition(&self, lang: Lang) -> String {
        let number = canonical(self.threshold);
        let relation = match self.relation {
            Relation::Compare(c) => c.symbol(),
            Relation::About { .. } => lang.choose("约", "about"),
        };
        let band = match self.relation {
            Relation::About { tolerance } => format!(" ±{}", canonical(tolerance)),
            Relation::Compare(_) => String::new(),
        };
        let since = self.since;
        match (self.goal, lang) {
            (Goal::Level, _) => format!("{relation} {number} {}{band}", self.threshold_unit),
            (Goal::AnnualGrowth, Lang::Zh) => {
                format!("{since} 年起年均增速 {relation} {number}%{band}")
            }
            (Goal::AnnualGrowth, Lang::En) => {
                format!("growth {relation} {number}%/yr since {since}{band}")
            }
            (Goal::Multiple, Lang::Zh) => format!("{relation} {since} 年的 {number} 倍"),
            (Goal::Multiple, Lang::En) => format!("{relation} {number} × the {since} value"),
            (Goal::AnnualReduction, Lang::Zh) => {
                format!("{since} 年起年均降低 {relation} {number}%{band}")
            }
            (Goal::AnnualReduction, Lang::En) => {
                format!("reduction {relation} {number}%/yr since {since}{band}")
            }
        }
    }
}

impl TargetProgress {
    /// The target as the plan states it: `超 2.5%`, `年均增速 30%以上`, `growth >= 30%/yr`.
    pub fn stated(&self, lang: Lang) -> String {
        let value = &self.threshold.value;
        let unit = &self.threshold.unit;
        let band = self
            .tolerance
            .as_deref()
            .map(|tol| format!("(±{tol})"))
            .unwrap_or_default();
        let since = self.since;
        match lang {
            Lang::Zh => {
                // 以上/以下/左右 follow the number; every other wording precedes it.
                let stated = match self.wording.as_str() {
                    "以上" | "以下" | "左右" => {
                        format!("{value}{unit}{}{band}", self.wording)
                    }
                    "表列目标值" => format!("表列 {value}{unit}"),
                    "≥" | "≤" => format!("{}{value}{unit}", self.wording),
                    w => format!("{w} {value}{unit}"),
                };
                match self.goal {
                    Goal::Level => stated,
                    Goal::AnnualGrowth => format!("{since} 年起年均增速 {stated}"),
                    Goal::Multiple => format!("{since} 年的 {value} 倍（{}）", self.wording),
                    Goal::AnnualReduction => format!("{since} 年起年均降低 {stated}"),
                }
            }
            Lang::En => {
                let stated = format!("{} {value}{unit}{band}", self.comparator);
                match self.goal {
                    Goal::Level => stated,
                    Goal::AnnualGrowth => format!("growth {stated}/yr since {since}"),
                    Goal::Multiple => format!("{value} × the {since} value"),
                    Goal::AnnualReduction => format!("cut {stated}/yr since {since}"),
                }
            }
        }
    }

    /// What the target requires in its year, with the comparator it was judged by (for 左右,
    /// `<=` where less is better): `>= 135`; `?` when it could not be computed.
    pub fn requirement_text(&self) -> String {
        match (&self.required, self.required_comparator) {
            (Some(r), Some(c)) => format!("{} {r}", c.symbol()),
            _ => "?".to_owned(),
        }
    }
}

/// The verdict on one project, in words: a project the conditions do not cover is worded
/// neutrally, neither ✓ nor ✗.
pub fn verdict(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Eligible => lang.choose("符合准入条件 ✓", "Eligible ✓"),
        Verdict::NotEligible => lang.choose("不符合准入条件 ✗", "Not eligible ✗"),
        Verdict::NotSubject => lang.choose(
            "准入条件不适用，未作判定",
            "Admission conditions do not apply: not judged",
        ),
    }
}

/// Every label of this module as one JSON object, for surfaces that lay out their own view (the
/// page, notebooks): `{"verdict":{"eligible","ineligible","not_subject"},"status":{…},"property":{…},
/// "progress_status":{…},"industry":{…},"form":{…}}`, keyed by the canonical JSON's keys (the
/// industries by their input keys, the page's words as [`page::FORM`] names them).
pub fn labels_json(lang: Lang) -> String {
    use serde_json::{Map, Value};
    let map = |pairs: &mut dyn Iterator<Item = (&'static str, &'static str)>| {
        Value::Object(
            pairs
                .map(|(k, v)| (k.to_owned(), Value::from(v)))
                .collect::<Map<String, Value>>(),
        )
    };
    let statuses = [
        Status::Pass,
        Status::Fail,
        Status::NotApplicable,
        Status::MissingInput,
    ];
    let properties = [
        Property::Admission,
        Property::Binding,
        Property::Expected,
        Property::Guidance,
    ];
    let progress = ProgressStatus::ALL;
    let mut all = Map::new();
    all.insert(
        "verdict".into(),
        map(&mut [
            ("eligible", verdict(Verdict::Eligible, lang)),
            ("ineligible", verdict(Verdict::NotEligible, lang)),
            ("not_subject", verdict(Verdict::NotSubject, lang)),
        ]
        .into_iter()),
    );
    all.insert(
        "status".into(),
        map(&mut statuses.iter().map(|s| (s.key(), s.label(lang)))),
    );
    all.insert(
        "property".into(),
        map(&mut properties.iter().map(|p| (p.key(), p.label(lang)))),
    );
    all.insert(
        "progress_status".into(),
        map(&mut progress.iter().map(|p| (p.key(), p.label(lang)))),
    );
    let industries = crate::Industry::LEADING
        .into_iter()
        .chain([crate::Industry::Other]);
    all.insert(
        "industry".into(),
        map(&mut industries.map(|i| (i.key(), lang.choose(i.name_zh(), i.name_en())))),
    );
    all.insert(
        "form".into(),
        map(&mut page::FORM
            .iter()
            .map(|(key, zh, en)| (*key, lang.choose(*zh, *en)))),
    );
    crate::canonical::to_json(&Value::Object(all))
}

/// The last line under a batch of verdicts: `eligible` and `not_subject` of `total` (the rest
/// are not eligible); the projects the conditions do not cover are named only when there are.
pub fn batch_summary(total: usize, eligible: usize, not_subject: usize, lang: Lang) -> String {
    let not = total.saturating_sub(eligible + not_subject);
    match (lang, not_subject) {
        (Lang::Zh, 0) => {
            format!("共 {total} 个项目：{eligible} 个符合准入条件，{not} 个不符合。\n")
        }
        (Lang::Zh, n) => format!(
            "共 {total} 个项目：{eligible} 个符合准入条件，{not} 个不符合，{n} 个不适用准入条件（未作判定）。\n"
        ),
        (Lang::En, 0) => format!("{total} projects: {eligible} eligible, {not} not eligible.\n"),
        (Lang::En, n) => format!(
            "{total} projects: {eligible} eligible, {not} not eligible, {n} not subject to the admission conditions (not judged).\n"
        ),
    }
}

/// One of the page's words ([`page::FORM`]) in `lang`; empty for a key it does not have.
pub fn form_word(key: &str, lang: Lang) -> &'static str {
    page::FORM
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, zh, en)| lang.choose(*zh, *en))
}

/// What would make an outcome pass, as one sentence: 「满足其一即可通过：固定资产投资总额超过 18000
/// 万元；或用地面积小于 60 亩」. Worded from the page's words, so the page (which fills the
/// same templates from `labels()`) and every text view say the same.
pub fn to_pass_sentence(conditions: &[crate::report::Condition], lang: Lang) -> String {
    let parts: Vec<String> = conditions
        .iter()
        .map(|c| {
            let template = form_word(
                match c.comparator {
                    ">" => "to_pass_gt",
                    ">=" => "to_pass_ge",
                    "<" => "to_pass_lt",
                    _ => "to_pass_le",
                },
                lang,
            );
            let value = format!(
                "{} {}",
                c.value.value,
                c.value.unit.as_deref().unwrap_or_default()
            );
            template
                .replace("{field}", form_word(c.field, lang))
                .replace("{value}", value.trim_end())
        })
        .collect();
    form_word("to_pass", lang).replace("{conditions}", &parts.join(form_word("to_pass_or", lang)))
}

/// An outcome's status under the other side of its readings, as one sentence naming their words
/// ([`crate::Outcome::alternative_words`]); `None` when the status would be the same.
pub fn alternative_sentence(outcome: &crate::Outcome<'_>, lang: Lang) -> Option<String> {
    let status = outcome.alternative_status?;
    let sep = form_word("list_separator", lang);
    Some(
        form_word("alternative", lang)
            .replace("{readings}", &outcome.alternative_words.join(sep))
            .replace("{status}", status.label(lang)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_exists_in_both_languages() {
        for s in [
            Status::Pass,
            Status::Fail,
            Status::NotApplicable,
            Status::MissingInput,
        ] {
            assert_ne!(s.label(Lang::Zh), s.label(Lang::En));
        }
        assert_eq!(Status::Pass.label(Lang::Zh), Status::Pass.name_zh());
        assert_eq!(verdict(Verdict::NotEligible, Lang::En), "Not eligible ✗");
        let labels: serde_json::Value = serde_json::from_str(&labels_json(Lang::Zh)).unwrap();
        assert_eq!(labels["status"]["fail"], "未通过");
        assert_eq!(labels["progress_status"]["off_track"], "明显滞后");
        assert_eq!(
            batch_summary(5, 3, 0, Lang::Zh),
            "共 5 个项目：3 个符合准入条件，2 个不符合。\n"
        );
        assert_eq!(
            batch_summary(6, 3, 1, Lang::En),
            "6 projects: 3 eligible, 2 not eligible, 1 not subject to the admission conditions (not judged).\n"
        );
        assert_eq!(
            verdict(Verdict::NotSubject, Lang::Zh),
            "准入条件不适用，未作判定"
        );
        assert_eq!(labels["verdict"]["not_subject"], "准入条件不适用，未作判定");
        assert!(Lang::parse("fr").is_err());
    }
}
