//! Human-readable and CSV renderings of reports and rules. The JSON renderings are the core's
//! canonical JSON, untouched.

use crate::input::Origin;
use crate::table::Table;
use shenfu_rules::number::{parse_decimal, rounded};
use shenfu_rules::report::Quantity;
use shenfu_rules::zone::{Category, ConflictKind, Goal, Relation, Target};
use shenfu_rules::{Outcome, Property, Report, Rule, Rulebook, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

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

fn with_unit(q: &Quantity) -> String {
    match &q.unit {
        Some(u) => format!("{} {u}", short(&q.value)),
        None => q.value.clone(),
    }
}

fn signed(q: &Quantity) -> String {
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

fn property_name(p: Property, lang: Lang) -> &'static str {
    lang.pick(p.name_zh(), p.key())
}

fn status_name(s: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.name_zh(),
        Lang::En => match s {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::NotApplicable => "n/a",
            Status::MissingInput => "missing input",
        },
    }
}

fn threshold_cell(o: &Outcome<'_>, lang: Lang) -> String {
    match (&o.threshold, o.comparator) {
        (Some(t), Some(c)) if t.unit.is_some() => format!("{c} {}", with_unit(t)),
        // A set: the message and `shenfu explain` list its members.
        (Some(_), _) => lang
            .pick("∈ 六大主导产业", "∈ six leading industries")
            .to_owned(),
        _ => String::new(),
    }
}

/// One report as a block of text.
pub fn report_table(
    index: usize,
    origin: &Origin,
    report: &Report<'_>,
    book: &Rulebook,
    lang: Lang,
) -> String {
    let subject = [report.subject.id.as_deref(), report.subject.name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let subject = if subject.is_empty() {
        origin.to_string()
    } else {
        subject
    };
    let verdict = if report.eligible {
        lang.pick("符合准入条件 ✓", "eligible ✓")
    } else {
        lang.pick("不符合准入条件 ✗", "NOT eligible ✗")
    };
    let mut out = format!("[{index}] {subject} — {verdict}\n");
    let header = match lang {
        Lang::Zh => ["规则", "性质", "结果", "实际值", "门槛", "差额"],
        Lang::En => [
            "rule",
            "property",
            "result",
            "observed",
            "threshold",
            "margin",
        ],
    };
    let mut table = Table::new(&header);
    for o in &report.outcomes {
        let label = book
            .rule(o.rule_id)
            .map_or(o.rule_id, |r: &Rule| lang.pick(&r.label.zh, &r.label.en));
        let label = match book.rule(o.rule_id).and_then(|r| r.year) {
            Some(y) => format!("{label} ({y})"),
            None => label.to_owned(),
        };
        table.row(vec![
            label,
            property_name(o.property, lang).to_owned(),
            status_name(o.status, lang).to_owned(),
            o.observed.as_ref().map(with_unit).unwrap_or_default(),
            threshold_cell(o, lang),
            o.margin.as_ref().map(signed).unwrap_or_default(),
        ]);
    }
    out.push_str(&table.render("  "));
    for o in report
        .outcomes
        .iter()
        .filter(|o| o.status != Status::NotApplicable)
    {
        out.push_str(&format!(
            "  · {}\n",
            lang.pick(&o.message.zh, &o.message.en)
        ));
        if let Some(derivation) = &o.derivation {
            out.push_str(&format!("    {derivation}\n"));
        }
    }
    out
}

pub fn summary_line(total: usize, eligible: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "共 {total} 个项目：{eligible} 个符合准入条件，{} 个不符合。\n",
            total - eligible
        ),
        Lang::En => format!(
            "{total} projects: {eligible} eligible, {} not eligible.\n",
            total - eligible
        ),
    }
}

/// The CSV header for reports under `book`: id, name, eligible, then status/observed/margin per rule.
pub fn csv_header(book: &Rulebook) -> Vec<String> {
    let mut header = vec!["id".to_owned(), "name".to_owned(), "eligible".to_owned()];
    for rule in book.project_rules() {
        for part in ["status", "observed", "margin"] {
            header.push(format!("{}.{part}", rule.id));
        }
    }
    header
}

pub fn csv_row(report: &Report<'_>) -> Vec<String> {
    let mut row = vec![
        report.subject.id.clone().unwrap_or_default(),
        report.subject.name.clone().unwrap_or_default(),
        report.eligible.to_string(),
    ];
    for o in &report.outcomes {
        row.push(o.status.key().to_owned());
        row.push(
            o.observed
                .as_ref()
                .map(|q| q.value.clone())
                .unwrap_or_default(),
        );
        row.push(
            o.margin
                .as_ref()
                .map(|q| q.value.clone())
                .unwrap_or_default(),
        );
    }
    row
}

/// `shenfu rules` as a table.
pub fn rules_table(book: &Rulebook, lang: Lang) -> String {
    let mut out = format!(
        "{} — {} {}\n",
        lang.pick(&book.title.zh, &book.title.en),
        book.id,
        book.version
    );
    let header = match lang {
        Lang::Zh => ["编号", "名称", "性质", "年份", "条件", "措辞"],
        Lang::En => ["id", "label", "property", "year", "condition", "wording"],
    };
    let mut table = Table::new(&header);
    for rule in book.rules() {
        let s = rule.summary();
        let condition = match (&s.threshold, s.comparator) {
            (Some(t), Some(c)) if t.unit.is_some() => format!("{c} {}", with_unit(t)),
            (Some(_), _) => lang
                .pick("∈ 六大主导产业", "∈ six leading industries")
                .to_owned(),
            _ => String::new(),
        };
        table.row(vec![
            rule.id.clone(),
            lang.pick(&rule.label.zh, &rule.label.en).to_owned(),
            property_name(rule.property, lang).to_owned(),
            rule.year
                .map(|y| y.to_string())
                .unwrap_or_else(|| format!("{}–{}", rule.in_force.0, rule.in_force.1)),
            condition,
            s.wording.unwrap_or("").to_owned(),
        ]);
    }
    out.push_str(&table.render(""));
    out.push_str(&targets_table(book, lang));
    out
}

/// The zone targets, grouped by category, after the rules in `shenfu rules`.
fn targets_table(book: &Rulebook, lang: Lang) -> String {
    let header = match lang {
        Lang::Zh => ["编号", "指标", "性质", "年份", "条件", "措辞"],
        Lang::En => [
            "id",
            "indicator",
            "property",
            "year",
            "condition",
            "wording",
        ],
    };
    let mut out = String::new();
    for category in Category::ALL {
        let mut table = Table::new(&header);
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
                lang.pick(&indicator.name.zh, &indicator.name.en).to_owned(),
                property_name(target.property, lang).to_owned(),
                target.year.to_string(),
                target_condition(target, lang),
                target.wording.clone(),
            ]);
        }
        if any {
            out.push_str(&format!(
                "\n{}\n",
                lang.pick(category.name_zh(), category.name_en())
            ));
            out.push_str(&table.render("  "));
        }
    }
    out
}

/// What a target says, in a few characters: `>= 135 亿元`, `growth >= 30 %/yr`, `about 20 万人 ±1`.
fn target_condition(target: &Target, lang: Lang) -> String {
    let number = shenfu_rules::number::canonical(target.threshold);
    let relation = match target.relation {
        Relation::Compare(c) => c.symbol().to_owned(),
        Relation::About { .. } => lang.pick("约", "about").to_owned(),
    };
    let band = match target.relation {
        Relation::About { tolerance } => {
            format!(" ±{}", shenfu_rules::number::canonical(tolerance))
        }
        Relation::Compare(_) => String::new(),
    };
    let since = target.since;
    match target.goal {
        Goal::Level => format!("{relation} {number} {}{band}", target.threshold_unit),
        Goal::AnnualGrowth => match lang {
            Lang::Zh => format!("{since} 年起年均增速 {relation} {number}%{band}"),
            Lang::En => format!("growth {relation} {number}%/yr since {since}{band}"),
        },
        Goal::Multiple => match lang {
            Lang::Zh => format!("{relation} {since} 年的 {number} 倍"),
            Lang::En => format!("{relation} {number} × the {since} value"),
        },
        Goal::AnnualReduction => match lang {
            Lang::Zh => format!("{since} 年起年均降低 {relation} {number}%{band}"),
            Lang::En => format!("reduction {relation} {number}%/yr since {since}{band}"),
        },
    }
}

/// `shenfu rules --conflicts` as text.
pub fn conflicts_text(book: &Rulebook, lang: Lang) -> String {
    let conflicts = book.conflicts();
    let mut out = match lang {
        Lang::Zh => format!(
            "规划内部不一致之处：{} 处（同一指标、同一年份的要求不同）\n\n",
            conflicts.len()
        ),
        Lang::En => format!(
            "Where the plan disagrees with itself: {} (same indicator and year, different requirements)\n\n",
            conflicts.len()
        ),
    };
    for c in &conflicts {
        let kind = match (c.kind, lang) {
            (ConflictKind::Threshold, Lang::Zh) => "数值不同",
            (ConflictKind::Strictness, Lang::Zh) => "是否含本数不同",
            (ConflictKind::Undetermined, Lang::Zh) => "无法仅凭规划比较",
            (ConflictKind::Threshold, Lang::En) => "different values",
            (ConflictKind::Strictness, Lang::En) => "inclusion differs",
            (ConflictKind::Undetermined, Lang::En) => "undetermined",
        };
        out.push_str(&format!(
            "· [{kind}] {}\n    {}「{}」\n    {}「{}」\n",
            lang.pick(&c.explanation.zh, &c.explanation.en),
            c.first.citation.section,
            c.first.citation.quote.replace('\t', " "),
            c.second.citation.section,
            c.second.citation.quote.replace('\t', " "),
        ));
    }
    out
}

/// `shenfu explain TARGET_ID` as text.
pub fn explain_target(book: &Rulebook, target: &Target, lang: Lang) -> String {
    let name = book
        .indicator_of(target)
        .map_or("", |i| lang.pick(&i.name.zh, &i.name.en));
    let mut table = Table::new(&[&target.id, name]);
    let mut line =
        |zh: &str, en: &str, value: String| table.row(vec![lang.pick(zh, en).to_owned(), value]);
    line("类型", "goal", target.goal.key().to_owned());
    line(
        "性质",
        "property",
        format!("{} ({})", target.property.name_zh(), target.property.key()),
    );
    line(
        "条件",
        "condition",
        format!("{}  ← “{}”", target_condition(target, lang), target.wording),
    );
    line("目标年份", "target year", target.year.to_string());
    line("出处", "section", target.citation.section.clone());
    line(
        "原文",
        "quote",
        format!("「{}」", target.citation.quote.replace('\t', "  ")),
    );
    if let Some(note) = &target.note {
        line("说明", "note", lang.pick(&note.zh, &note.en).to_owned());
    }
    table.render("")
}

/// `shenfu explain RULE_ID` as text.
pub fn explain_text(rule: &Rule, lang: Lang) -> String {
    let s = rule.summary();
    let mut table = Table::new(&[&rule.id, lang.pick(&rule.label.zh, &rule.label.en)]);
    let mut line =
        |zh: &str, en: &str, value: String| table.row(vec![lang.pick(zh, en).to_owned(), value]);
    line("类型", "kind", s.kind.to_owned());
    line(
        "性质",
        "property",
        format!("{} ({})", rule.property.name_zh(), rule.property.key()),
    );
    match (&s.threshold, s.comparator) {
        (Some(t), Some(c)) if t.unit.is_some() => {
            let wording = s.wording.map(|w| format!("  ← “{w}”")).unwrap_or_default();
            line(
                "条件",
                "condition",
                format!("{c} {}{wording}", with_unit(t)),
            );
        }
        (Some(t), _) => line("集合", "set", t.value.clone()),
        _ => {}
    }
    if let Some(y) = rule.year {
        line("目标年份", "target year", y.to_string());
    }
    line(
        "适用年份",
        "in force",
        format!("{}–{}", rule.in_force.0, rule.in_force.1),
    );
    line("出处", "section", rule.citation.section.clone());
    line(
        "原文",
        "quote",
        format!("「{}」", rule.citation.quote.replace('\t', "  ")),
    );
    if let Some(note) = &rule.note {
        line("说明", "note", lang.pick(&note.zh, &note.en).to_owned());
    }
    table.render("")
}

/// `shenfu verify` as text: one line per check, then the verdict.
pub fn verification_text(v: &shenfu_rules::verify::Verification, lang: Lang) -> String {
    let mut out = String::new();
    for f in &v.findings {
        let mark = if f.ok { "✓" } else { "✗" };
        out.push_str(&format!(
            "{mark} {:<9} {}\n",
            f.check,
            lang.pick(&f.detail.zh, &f.detail.en)
        ));
    }
    out.push_str(match (v.verified, v.recomputed, lang) {
        (true, true, Lang::Zh) => "核验通过：由原始输入重新计算，结论一致。\n",
        (true, false, Lang::Zh) => "核验通过（一致性检查；提供 --input 可重新计算）。\n",
        (false, _, Lang::Zh) => "核验未通过。\n",
        (true, true, Lang::En) => "verified: recomputed from the input, the same decision.\n",
        (true, false, Lang::En) => "verified (consistency checks; give --input to recompute).\n",
        (false, _, Lang::En) => "NOT verified.\n",
    });
    out
}
