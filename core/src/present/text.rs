//! The plain-text views people read in a terminal: a report, the rulebook, the conflicts, one
//! rule or target explained, a verification, the zone's progress. The CLI prints these as they
//! are; every heading and sentence is here, in both languages.

use super::Lang;
use super::table::Table;
use crate::number::{parse_decimal, rounded};
use crate::report::{Outcome, Quantity, Report, Status};
use crate::rulebook::{Rule, Rulebook};
use crate::verify::Verification;
use crate::vocab::Property;
use crate::zone::progress::Summary;
use crate::zone::{Category, ConflictKind, ProgressReport, Target};

/// A canonical decimal text rounded to four places for people, `≈` when that rounds.
fn short(value: &str) -> String {
    match parse_decimal(value) {
        Ok(d) => {
            let (text, approx) = rounded(d, 4);
            if approx { format!("≈{text}") } else { text }
        }
        Err(_) => value.to_owned(),
    }
}

/// A quantity for people: `400 万元/亩`; a set or an industry as it is.
pub fn with_unit(q: &Quantity) -> String {
    match &q.unit {
        Some(u) => format!("{} {u}", short(&q.value)),
        None => q.value.clone(),
    }
}

/// A margin with its sign: `+100 万元/亩`, `-20 万元/亩`, `0 万元/亩`.
pub fn signed(q: &Quantity) -> String {
    let text = with_unit(q);
    let (approx, rest) = match text.strip_prefix('≈') {
        Some(rest) => ("≈", rest),
        None => ("", text.as_str()),
    };
    if rest.starts_with('-') || q.value == "0" {
        text.clone()
    } else {
        format!("{approx}+{rest}")
    }
}

/// A rule's condition in a few characters: `> 300 万元/亩`, `∈ 六大主导产业`.
fn condition(threshold: Option<&Quantity>, comparator: Option<&str>, lang: Lang) -> String {
    match (threshold, comparator) {
        (Some(t), Some(c)) if t.unit.is_some() => format!("{c} {}", with_unit(t)),
        // A set: the message and the rule's explanation list its members.
        (Some(_), _) => lang
            .choose("∈ 六大主导产业", "∈ six leading industries")
            .to_owned(),
        _ => String::new(),
    }
}

/// A rule's years: its target year, or the years it is in force.
fn years(rule: &Rule) -> String {
    rule.year
        .map(|y| y.to_string())
        .unwrap_or_else(|| format!("{}–{}", rule.in_force.0, rule.in_force.1))
}

/// One report as a block of text: `[index] subject — verdict` (no `[index]` for a report on its
/// own), the outcomes as a table, then each applicable outcome's message and derivation, and
/// what was assumed. `origin` names the project when it has neither id nor name (e.g.
/// `projects.csv: line 3`).
pub fn report(
    index: Option<usize>,
    origin: &str,
    report: &Report<'_>,
    book: &Rulebook,
    lang: Lang,
) -> String {
    let subject = [report.subject.id.as_deref(), report.subject.name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let subject = if subject.is_empty() { origin } else { &subject };
    let verdict = super::verdict(report.verdict, lang);
    let mut out = match index {
        Some(i) => format!("[{i}] {subject} — {verdict}\n"),
        None => format!("{subject} — {verdict}\n"),
    };
    // The message goes under the table, as a sentence per outcome.
    let [headings @ .., _message] = super::report_headings(lang);
    let mut table = Table::new(headings);
    for o in &report.outcomes {
        let rule = book.rule(o.rule_id);
        let label = rule.map_or(o.rule_id, |r| lang.pick(&r.label));
        let label = match rule.and_then(|r| r.year) {
            Some(y) => format!("{label} ({y})"),
            None => label.to_owned(),
        };
        table.row(vec![
            label,
            o.property.label(lang).to_owned(),
            o.status.label(lang).to_owned(),
            o.observed.as_ref().map(with_unit).unwrap_or_default(),
            condition(o.threshold.as_ref(), o.comparator, lang),
            o.margin.as_ref().map(signed).unwrap_or_default(),
        ]);
    }
    out.push_str(&table.render("  "));
    for o in applicable(report) {
        out.push_str(&format!("  · {}\n", lang.pick(&o.message)));
        if let Some(derivation) = &o.derivation {
            out.push_str(&format!("    {derivation}\n"));
        }
        if let Some(conditions) = o.to_pass.as_deref().filter(|c| !c.is_empty()) {
            out.push_str(&format!(
                "    → {}\n",
                super::to_pass_sentence(conditions, lang)
            ));
        }
        if let Some(sentence) = super::alternative_sentence(o, lang) {
            out.push_str(&format!("    ↳ {sentence}\n"));
        }
    }
    for a in &report.assumptions {
        out.push_str(&format!("  ! {}\n", lang.pick(&a.message)));
    }
    if !report.alternative_readings.is_empty() {
        out.push_str(&format!(
            "  ! {}{}\n",
            lang.choose(
                "按另一种解读评估：",
                "Evaluated under the other reading of: "
            ),
            report.alternative_readings.join(", ")
        ));
    }
    out
}

/// The outcomes worth a sentence: every one that applies, and every admission condition that
/// does not — its sentence is why the project is not judged (not introduced, or not in force
/// that year).
fn applicable<'a>(report: &'a Report<'_>) -> impl Iterator<Item = &'a Outcome<'a>> {
    report
        .outcomes
        .iter()
        .filter(|o| o.status != Status::NotApplicable || o.property == Property::Admission)
}

/// The rulebook as text: its rules, then its targets grouped by the appendix's categories.
pub fn rules(book: &Rulebook, lang: Lang) -> String {
    let mut out = format!(
        "{} — {} {}\n",
        lang.pick(&book.title),
        book.id,
        book.version
    );
    let mut table = Table::new(lang.choose(
        &["编号", "名称", "性质", "年份", "条件", "措辞"],
        &["id", "label", "property", "year", "condition", "wording"],
    ));
    for rule in book.rules() {
        let s = rule.summary();
        table.row(vec![
            rule.id.clone(),
            lang.pick(&rule.label).to_owned(),
            rule.property.label(lang).to_owned(),
            years(rule),
            condition(s.threshold.as_ref(), s.comparator, lang),
            s.wording.unwrap_or("").to_owned(),
        ]);
    }
    out.push_str(&table.render(""));
    out.push_str(&targets(book, lang));
    out
}

/// The readings of the plan's words: what each chose, the alternative, its basis and how many
/// rules and targets rest on it.
pub fn readings(book: &Rulebook, lang: Lang) -> String {
    let mut table = Table::new(lang.choose(
        &[
            "编号",
            "原文措辞",
            "依据",
            "采用的解读",
            "另一种解读",
            "可计算",
            "涉及",
        ],
        &[
            "id",
            "words",
            "basis",
            "chosen",
            "alternative",
            "computable",
            "used by",
        ],
    ));
    for r in book.reading_summaries() {
        let basis = lang.choose(r.basis.name_zh(), r.basis.name_en());
        let mut id = r.id.to_owned();
        if r.applied {
            id.push_str(lang.choose("（按另一种解读）", " (alternative applied)"));
        }
        table.row(vec![
            id,
            r.words.to_owned(),
            basis.to_owned(),
            lang.pick(r.chosen).to_owned(),
            r.alternative
                .map(|a| lang.pick(a).to_owned())
                .unwrap_or_else(|| "—".to_owned()),
            lang.choose(
                if r.computable { "是" } else { "否" },
                if r.computable { "yes" } else { "no" },
            )
            .to_owned(),
            r.used_by.len().to_string(),
        ]);
    }
    table.render("")
}

/// The zone targets, grouped by category, after the rules.
fn targets(book: &Rulebook, lang: Lang) -> String {
    let header = lang.choose(
        &["编号", "指标", "性质", "年份", "条件", "措辞"],
        &[
            "id",
            "indicator",
            "property",
            "year",
            "condition",
            "wording",
        ],
    );
    let mut out = String::new();
    for category in Category::ALL {
        let mut table = Table::new(header);
        let mut any = false;
        for target in book.targets() {
            let Some(indicator) = book.indicator_of(target) else {
                continue;
            };
            if indicator.category != category {
                continue;
            }
            any = true;
            table.row(vec![
                target.id.clone(),
                lang.pick(&indicator.name).to_owned(),
                target.property.label(lang).to_owned(),
                target.year.to_string(),
                target.condition(lang),
                target.wording.clone(),
            ]);
        }
        if any {
            out.push_str(&format!("\n{}\n", category.label(lang)));
            out.push_str(&table.render("  "));
        }
    }
    out
}

impl ConflictKind {
    /// The conflict's kind as `shenfu conflicts` shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Substantive => lang.choose("实质分歧", "substantive"),
            Self::Boundary => lang.choose("是否含本数不同", "boundary differs"),
            Self::FloorMet => lang.choose("下限已满足，非矛盾", "floor already met"),
            Self::Undetermined => lang.choose("无法仅凭规划比较", "undetermined"),
            Self::CrossIndicator => lang.choose("跨指标不一致", "across indicators"),
        }
    }
}

/// Where two of the plan's targets for the same indicator and year ask different things, as
/// text: counted by kind (only substantive and boundary ones are disagreements), then each with
/// its explanation, both citations and the readings whose alternative would dissolve it.
pub fn conflicts(book: &Rulebook, lang: Lang) -> String {
    use crate::zone::ConflictKind;
    let conflicts = book.conflicts();
    let count = |k: ConflictKind| conflicts.iter().filter(|c| c.kind == k).count();
    let (x, s, b, f, u) = (
        count(ConflictKind::CrossIndicator),
        count(ConflictKind::Substantive),
        count(ConflictKind::Boundary),
        count(ConflictKind::FloorMet),
        count(ConflictKind::Undetermined),
    );
    let n = conflicts.len() - x;
    let mut out = match lang {
        Lang::Zh => format!(
            "同一指标、同一年份要求不同之处：{n} 处——实质分歧 {s} 处，数值相同而是否含本数不同 {b} 处，正文下限已被附件数值满足（非矛盾）{f} 处，无法仅凭规划判断 {u} 处；跨指标不一致 {x} 处\n\n"
        ),
        Lang::En => format!(
            "Where targets for the same indicator and year ask different things: {n} — {s} substantive, {b} at a different boundary, {f} prose floors the table already meets (no disagreement), {u} undetermined from the plan alone; {x} across indicators\n\n"
        ),
    };
    for c in &conflicts {
        out.push_str(&format!(
            "· [{}] {}\n    {}「{}」\n    {}「{}」\n",
            c.kind.label(lang),
            lang.pick(&c.explanation),
            c.first.citation.section,
            c.first.citation.quote.replace('\t', " "),
            c.second.citation.section,
            c.second.citation.quote.replace('\t', " "),
        ));
        if !c.dissolved_by.is_empty() {
            out.push_str(&format!(
                "    {}{}\n",
                lang.choose(
                    "按另一种解读即消失：",
                    "dissolved by the other reading of: "
                ),
                c.dissolved_by.join(", ")
            ));
        }
    }
    out
}

/// The lines of an explanation: a heading row, then one `label  value` row per fact.
struct Facts {
    table: Table,
    lang: Lang,
}

impl Facts {
    fn new(id: &str, name: &str, lang: Lang) -> Self {
        Self {
            table: Table::new(&[id, name]),
            lang,
        }
    }

    fn line(&mut self, zh: &str, en: &str, value: String) {
        self.table
            .row(vec![self.lang.choose(zh, en).to_owned(), value]);
    }

    fn property(&mut self, property: Property) {
        let value = format!("{} ({})", property.label(self.lang), property.key());
        self.line("性质", "property", value);
    }

    /// The citation and the note, which every rule and target ends with.
    fn end(
        mut self,
        citation: &crate::vocab::Citation,
        note: Option<&crate::vocab::Text>,
    ) -> String {
        self.line("出处", "section", citation.section.clone());
        let quote = format!("「{}」", citation.quote.replace('\t', "  "));
        self.line("原文", "quote", quote);
        if let Some(note) = note {
            let note = self.lang.pick(note).to_owned();
            self.line("说明", "note", note);
        }
        self.table.render("")
    }
}

/// One zone target explained.
pub fn explain_target(book: &Rulebook, target: &Target, lang: Lang) -> String {
    let name = book.indicator_of(target).map_or("", |i| lang.pick(&i.name));
    let mut facts = Facts::new(&target.id, name, lang);
    facts.line("类型", "goal", target.goal.key().to_owned());
    facts.property(target.property);
    let condition = format!("{}  ← “{}”", target.condition(lang), target.wording);
    facts.line("条件", "condition", condition);
    facts.line("目标年份", "target year", target.year.to_string());
    if target.aspiration {
        facts.line(
            "表述",
            "stated as",
            lang.choose("力争（努力方向）", "an aspiration (strive to)")
                .to_owned(),
        );
    }
    if !target.readings.is_empty() {
        facts.line("解读", "readings", target.readings.join(", "));
    }
    facts.end(&target.citation, target.note.as_ref())
}

/// One rule explained.
pub fn explain_rule(rule: &Rule, lang: Lang) -> String {
    let s = rule.summary();
    let mut facts = Facts::new(&rule.id, lang.pick(&rule.label), lang);
    facts.line("类型", "kind", s.kind.to_owned());
    facts.property(rule.property);
    match (&s.threshold, s.comparator) {
        (Some(t), Some(_)) if t.unit.is_some() => {
            let wording = s.wording.map(|w| format!("  ← “{w}”")).unwrap_or_default();
            let value = condition(Some(t), s.comparator, lang) + &wording;
            facts.line("条件", "condition", value);
        }
        (Some(t), _) => facts.line("集合", "set", t.value.clone()),
        _ => {}
    }
    if let Some(y) = rule.year {
        facts.line("目标年份", "target year", y.to_string());
    }
    let in_force = format!("{}–{}", rule.in_force.0, rule.in_force.1);
    facts.line("适用年份", "in force", in_force);
    if !rule.readings.is_empty() {
        facts.line("解读", "readings", rule.readings.join(", "));
    }
    facts.end(&rule.citation, rule.note.as_ref())
}

/// A stored report's verification: one line per check, then the verdict.
pub fn verification(v: &Verification, lang: Lang) -> String {
    let mut out = String::new();
    for f in &v.findings {
        let mark = if f.ok { "✓" } else { "✗" };
        out.push_str(&format!("{mark} {:<9} {}\n", f.check, lang.pick(&f.detail)));
    }
    out.push_str(match (v.verified, v.recomputed) {
        (true, true) => lang.choose(
            "核验通过：由原始输入重新计算，结论一致。\n",
            "verified: recomputed from the input, the same decision.\n",
        ),
        (true, false) => lang.choose(
            "核验通过（一致性检查；提供 --input 可重新计算）。\n",
            "verified (consistency checks; give --input to recompute).\n",
        ),
        (false, _) => lang.choose("核验未通过。\n", "NOT verified.\n"),
    });
    out
}

/// The count of targets by status, as one sentence.
pub fn progress_summary(s: &Summary, lang: Lang) -> String {
    let counts = [
        (s.met, "已达成", "met"),
        (s.met_so_far, "目前符合要求", "within so far"),
        (s.on_track, "进度正常", "on track"),
        (s.behind, "略有滞后", "behind"),
        (s.off_track, "明显滞后", "off track"),
        (s.missed, "未达成", "missed"),
        (s.no_data, "缺少数据", "no data"),
    ];
    let listed: Vec<String> = counts
        .iter()
        .map(|(n, zh, en)| format!("{} {n}", lang.choose(*zh, *en)))
        .collect();
    match lang {
        Lang::Zh => format!(
            "共 {} 项目标：{}；约束性目标未达成 {} 项。",
            s.targets,
            listed.join("，"),
            s.violations
        ),
        Lang::En => format!(
            "{} targets: {}; binding targets missed: {}.",
            s.targets,
            listed.join(", "),
            s.violations
        ),
    }
}

/// The title of a progress view (table and chart).
pub fn progress_title(year: u16, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("沈抚示范区「十四五」指标进度 · 评估年份 {year}"),
        Lang::En => format!("Shenfu zone 14th Five-Year Plan indicators · progress in {year}"),
    }
}

/// A gap with its sign.
fn signed_text(text: &str) -> String {
    if text.starts_with('-') || text == "0" {
        text.to_owned()
    } else {
        format!("+{text}")
    }
}

/// The zone's progress as text: one table per category, then the summary sentence.
pub fn progress(report: &ProgressReport<'_>, lang: Lang) -> String {
    let (id, version) = (&report.rulebook.id, &report.rulebook.version);
    let title = progress_title(report.year, lang);
    let mut out = match lang {
        Lang::Zh => format!("{title} · 规则库 {id} {version}\n"),
        Lang::En => format!("{title} · rulebook {id} {version}\n"),
    };
    let header = lang.choose(
        &[
            "指标",
            "目标",
            "年份",
            "规定",
            "要求值",
            "观测",
            "进度值",
            "差距",
            "状态",
        ],
        &[
            "indicator",
            "target",
            "year",
            "stated",
            "required",
            "observed",
            "on track",
            "gap",
            "status",
        ],
    );
    let none = || "—".to_owned();
    for category in Category::ALL {
        let mut indicators = report
            .indicators
            .iter()
            .filter(|i| i.category == category && !i.targets.is_empty())
            .peekable();
        if indicators.peek().is_none() {
            continue;
        }
        out.push_str(&format!("\n{}\n", category.label(lang)));
        let mut table = Table::new(header);
        for indicator in indicators {
            let name = lang.pick(&indicator.name);
            let label = match indicator.number {
                Some(n) => format!("{n}. {name}（{}）", indicator.unit),
                None => format!("· {name}（{}）", indicator.unit),
            };
            for (i, t) in indicator.targets.iter().enumerate() {
                let mut status = t.status.label(lang).to_owned();
                if t.violation {
                    status.push_str(lang.choose(" ⚠约束性", " ⚠binding"));
                } else if t.property == Property::Binding {
                    status.push_str(lang.choose(" (约束性)", " (binding)"));
                }
                if t.aspiration {
                    status.push_str(lang.choose(" ·力争", " ·aspiration"));
                }
                if let Some(other) = t.alternative_status {
                    status.push_str(&format!(
                        " ({}{})",
                        lang.choose("另一解读：", "other reading: "),
                        other.label(lang)
                    ));
                }
                table.row(vec![
                    if i == 0 { label.clone() } else { String::new() },
                    t.target_id.clone(),
                    t.year.to_string(),
                    t.stated(lang),
                    t.requirement_text(),
                    t.observed
                        .as_ref()
                        .map_or_else(none, |o| format!("{} ({})", o.value, o.year)),
                    t.on_track.clone().unwrap_or_else(none),
                    t.gap.as_deref().map_or_else(none, signed_text),
                    status,
                ]);
            }
        }
        out.push_str(&table.render("  "));
    }
    out.push('\n');
    out.push_str(&progress_summary(&report.summary, lang));
    out.push('\n');
    for note in baseline_notes(report, lang) {
        out.push_str(&format!("⚠ {note}\n"));
    }
    out
}

/// One sentence per indicator whose observed 2020 value was set aside for the plan's (every
/// path and growth target measures from the plan's): the table, the chart and Python's warning
/// say it in these words.
pub fn baseline_notes(report: &ProgressReport<'_>, lang: Lang) -> Vec<String> {
    baseline_notes_in(report, lang, |unit| unit)
}

/// [`baseline_notes`] with each unit named by `unit` (the English chart names 亿元 "100m yuan").
pub fn baseline_notes_in(
    report: &ProgressReport<'_>,
    lang: Lang,
    unit: impl for<'u> Fn(&'u str) -> &'u str,
) -> Vec<String> {
    report
        .indicators
        .iter()
        .filter_map(|i| {
            let base = i.baseline.as_ref()?;
            let seen = base.observed_set_aside.as_deref()?;
            let (unit, plan) = (unit(&i.unit), &base.value);
            Some(match lang {
                Lang::Zh => format!(
                    "{}：观测的 2020 年值 {seen} {unit}未采用，进度路径和增速目标以规划表列的 2020 年值 {plan} {unit}为基数。",
                    i.name.zh
                ),
                Lang::En => format!(
                    "{}: the observed 2020 value {seen} {unit} was set aside; paths and growth targets measure from the plan's 2020 value {plan} {unit}.",
                    i.name.en
                ),
            })
        })
        .collect()
}

/// The decision log's check: one line per problem, then the summary.
pub fn chain_verification(v: &crate::audit::ChainVerification, lang: Lang) -> String {
    let mut out = String::new();
    for problem in &v.problems {
        out.push_str(&format!(
            "✗ [{}] {}\n",
            problem.code,
            lang.pick(&problem.message)
        ));
    }
    out.push_str(lang.pick(&v.summary()));
    out.push('\n');
    out
}

/// A receipt's verification: each check with ✓ or ✗, then the verdict in one line.
#[cfg(feature = "receipt")]
pub fn receipt_verification(
    v: &crate::transparency::receipt::ReceiptVerification,
    lang: Lang,
) -> String {
    let mut out = String::new();
    for check in &v.checks {
        let mark = if check.ok { '✓' } else { '✗' };
        out.push_str(&format!(
            "{mark} [{}] {}\n",
            check.code,
            lang.pick(&check.message)
        ));
    }
    let (zh, en) = if v.verified {
        (
            format!("✓ 回执有效：决定 {} 在已签名的日志中", v.decision_id),
            format!(
                "✓ the receipt holds: decision {} is in the signed log",
                v.decision_id
            ),
        )
    } else {
        (
            format!("✗ 回执未通过验证：决定 {}", v.decision_id),
            format!("✗ the receipt does not hold: decision {}", v.decision_id),
        )
    };
    out.push_str(lang.pick(&crate::vocab::Text { zh, en }));
    out.push('\n');
    out
}

/// A JSON value as one short cell: a string as itself, `—` for absent or null, anything else as
/// compact JSON (`[2021,2025]`).
pub fn json_value(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
