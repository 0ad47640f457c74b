//! The views of a plan revision: what changed between two rulebooks (`shenfu diff`) and which
//! stored decisions it changes (`shenfu replay`), in both languages.

use super::Lang;
use super::text::json_value;
use crate::rulebook::diff::{Change, ChangeKind, Part, RulebookDiff};
use crate::vocab::Citation;

impl Part {
    /// The part's name as `shenfu diff` shows it (规则库/rulebook, 规则/rule, 指标/indicator,
    /// 目标/target).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Rulebook => lang.choose("规则库", "rulebook"),
            Self::Rule => lang.choose("规则", "rule"),
            Self::Indicator => lang.choose("指标", "indicator"),
            Self::Target => lang.choose("目标", "target"),
        }
    }
}

impl ChangeKind {
    /// The change as `shenfu diff` shows it (新增/added, 删除/removed, 修改/changed).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Added => lang.choose("新增", "added"),
            Self::Removed => lang.choose("删除", "removed"),
            Self::Changed => lang.choose("修改", "changed"),
        }
    }

    fn sign(self) -> char {
        match self {
            Self::Added => '+',
            Self::Removed => '-',
            Self::Changed => '~',
        }
    }
}

/// `shenfu diff` as a table: a heading, one block per change with its fields and both
/// citations, then a count.
pub fn rulebook_diff(diff: &RulebookDiff<'_>, lang: Lang) -> String {
    let mut out = format!(
        "{}{} {} ({}) → {} {} ({})\n",
        lang.choose("规则库差异：", "Rulebook diff: "),
        diff.old.id,
        diff.old.version,
        short_hash(diff.old.sha256),
        diff.new.id,
        diff.new.version,
        short_hash(diff.new.sha256),
    );
    for change in &diff.changes {
        push_change(&mut out, change, lang);
    }
    if diff.equal {
        out.push_str(lang.choose(
            "\n两个规则库的规则、指标、目标和标识相同（格式与顺序不计）。\n",
            "\nThe two rulebooks have the same rules, indicators, targets and header (formatting and order aside).\n",
        ));
    } else {
        let count = |kind| diff.changes.iter().filter(|c| c.change == kind).count();
        let (all, changed, added, removed) = (
            diff.changes.len(),
            count(ChangeKind::Changed),
            count(ChangeKind::Added),
            count(ChangeKind::Removed),
        );
        out.push_str(&match lang {
            Lang::Zh => {
                format!("\n共 {all} 处变更：修改 {changed}，新增 {added}，删除 {removed}。\n")
            }
            Lang::En => {
                format!("\n{all} changes: {changed} changed, {added} added, {removed} removed.\n")
            }
        });
    }
    out
}

fn short_hash(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

fn push_change(out: &mut String, change: &Change<'_>, lang: Lang) {
    let (open, close) = lang.choose(&("（", "）"), &(" (", ")"));
    out.push_str(&format!(
        "\n{} {} {}{open}{}{close}\n",
        change.change.sign(),
        change.part.label(lang),
        change.id,
        change.change.label(lang)
    ));
    // A changed entry field by field, before and after; an added or removed one by what it
    // asks (its words and citation are shown once, below).
    for field in &change.fields {
        let line = match change.change {
            ChangeKind::Changed => format!(
                "{} → {}",
                json_value(field.old.as_ref()),
                json_value(field.new.as_ref())
            ),
            _ if ["id", "label.", "citation.", "note"]
                .iter()
                .any(|p| field.field.starts_with(p)) =>
            {
                continue;
            }
            _ => match field.new.as_ref().or(field.old.as_ref()) {
                None | Some(serde_json::Value::Null) => continue,
                value => json_value(value),
            },
        };
        out.push_str(&format!("    {}: {line}\n", field.field));
    }
    let citations = match (change.old_citation, change.new_citation) {
        (Some(old), Some(new)) if old != new => vec![
            (lang.choose("旧", "old"), old),
            (lang.choose("新", "new"), new),
        ],
        (_, Some(one)) | (Some(one), None) => vec![("", one)],
        (None, None) => vec![],
    };
    for (side, citation) in citations {
        let label = lang.choose("引文", "citation");
        let label = if side.is_empty() {
            label.to_owned()
        } else {
            format!("{label}{open}{side}{close}")
        };
        push_citation(out, &label, citation);
    }
}

fn push_citation(out: &mut String, label: &str, citation: &Citation) {
    out.push_str(&format!(
        "    {label}: {} ·「{}」\n",
        citation.section, citation.quote
    ));
}

#[cfg(feature = "replay")]
mod replay {
    use super::*;
    use crate::batch::{Cell, ColumnKind};
    use crate::replay::{Flip, ReplaySummary};
    use crate::report::Status;
    use crate::rulebook::diff::FieldChange;

    impl Flip {
        /// One CSV/DataFrame row per flipped outcome, in [`FLIP_COLUMNS`] order.
        pub fn rows(&self) -> impl Iterator<Item = [Cell<'_>; 11]> {
            fn text(t: Option<&str>) -> Cell<'_> {
                t.map_or(Cell::Null, Cell::Text)
            }
            let status = |s: Option<Status>| s.map_or(Cell::Null, |s| Cell::Text(s.key()));
            self.outcomes.iter().map(move |o| {
                [
                    text(self.decision_id.as_deref()),
                    text(self.subject_id.as_deref()),
                    self.year.map_or(Cell::Null, |y| Cell::Index(u64::from(y))),
                    self.old_eligible.map_or(Cell::Null, Cell::Boolean),
                    self.new_eligible.map_or(Cell::Null, Cell::Boolean),
                    Cell::Text(&o.rule_id),
                    status(o.old_status),
                    status(o.new_status),
                    o.observed
                        .as_ref()
                        .map_or(Cell::Null, |q| Cell::Text(&q.value)),
                    text(o.observed.as_ref().and_then(|q| q.unit.as_deref())),
                    if o.causes.is_empty() {
                        Cell::Null
                    } else {
                        Cell::Owned(causes_text(&o.causes))
                    },
                ]
            })
        }
    }

    /// The columns of [`Flip::rows`]: what `shenfu replay --format csv` writes and Python's
    /// `replay` returns.
    pub const FLIP_COLUMNS: [(&str, ColumnKind); 11] = [
        ("decision_id", ColumnKind::Text),
        ("subject_id", ColumnKind::Text),
        ("year", ColumnKind::Index),
        ("old_eligible", ColumnKind::Boolean),
        ("new_eligible", ColumnKind::Boolean),
        ("rule_id", ColumnKind::Text),
        ("old_status", ColumnKind::Text),
        ("new_status", ColumnKind::Text),
        ("observed", ColumnKind::Decimal),
        ("observed_unit", ColumnKind::Text),
        ("causes", ColumnKind::Text),
    ];

    /// `threshold.value: 300 → 350; in_force: — → [2027,2035]`: the causes in one cell.
    pub fn causes_text(causes: &[FieldChange]) -> String {
        causes
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.field,
                    json_value(c.old.as_ref()),
                    json_value(c.new.as_ref())
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// One stored decision the new rulebook decides differently: who, the verdict before and
    /// after, then each outcome that moved with its cause.
    pub fn flip(flip: &Flip, lang: Lang) -> String {
        let none = "—";
        let mut out = format!(
            "{} {}  {} {}  {}: {} → {}\n",
            lang.choose("决定", "decision"),
            flip.decision_id.as_deref().unwrap_or(none),
            lang.choose("项目", "subject"),
            flip.subject_id.as_deref().unwrap_or(none),
            flip.year.map_or_else(
                || lang.choose("未指定年份", "no year").to_owned(),
                |y| y.to_string()
            ),
            super::super::verdict(crate::Verdict::of_eligible(flip.old_eligible), lang),
            super::super::verdict(crate::Verdict::of_eligible(flip.new_eligible), lang),
        );
        for o in &flip.outcomes {
            let status = |s: Option<crate::report::Status>| s.map_or(none, |s| s.label(lang));
            let observed = o
                .observed
                .as_ref()
                .map(|q| {
                    format!(
                        "  ({} {})",
                        lang.choose("实测", "observed"),
                        super::super::text::with_unit(q)
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "    {}: {} → {}{observed}\n",
                o.rule_id,
                status(o.old_status),
                status(o.new_status)
            ));
            if !o.causes.is_empty() {
                out.push_str(&format!(
                    "        {}: {}\n",
                    lang.choose("原因", "because"),
                    causes_text(&o.causes)
                ));
            }
        }
        out
    }

    /// The count after a replay. Moves into and out of "not subject" are named when there
    /// are any (they come with revisions of the years in force).
    pub fn replay_summary(s: &ReplaySummary, lang: Lang) -> String {
        let subject = |zh: bool| match (s.became_not_subject, s.became_subject, zh) {
            (0, 0, _) => String::new(),
            (out, back, true) => {
                format!("，{out} 条由已判定变为不适用准入条件，{back} 条由不适用变为已判定")
            }
            (out, back, false) => format!(
                ", {out} from judged to not subject to the admission conditions, {back} from not subject to judged"
            ),
        };
        match lang {
            Lang::Zh => format!(
                "已核对 {} 条存储的决定：{} 条结果有变（{} 条由符合变为不符合，{} 条由不符合变为符合{}），{} 条无法重放。\n",
                s.checked,
                s.changed,
                s.became_ineligible,
                s.became_eligible,
                subject(true),
                s.errors
            ),
            Lang::En => format!(
                "Checked {} stored decisions: {} change ({} from eligible to not, {} from not eligible to eligible{}); {} could not be replayed.\n",
                s.checked,
                s.changed,
                s.became_ineligible,
                s.became_eligible,
                subject(false),
                s.errors
            ),
        }
    }
}

#[cfg(feature = "replay")]
pub use replay::{FLIP_COLUMNS, causes_text, flip, replay_summary};
