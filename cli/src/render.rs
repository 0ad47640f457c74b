//! Human-readable and CSV renderings of reports and rules. The JSON renderings are the core's
//! canonical JSON, untouched.

use crate::input::Origin;
use crate::table::Table;
use shenfu_rules::batch::{Cell, Detail, RowShape};
use shenfu_rules::number::{parse_decimal, rounded};
use shenfu_rules::report::Quantity;
use shenfu_rules::zone::{Category, ConflictKind, Target};
use shenfu_rules::{Outcome, Report, Rule, Rulebook, Status};

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

    /// The core's language pick, for every label and sentence the core words.
    pub fn core(self) -> shenfu_rules::present::Lang {
        match self {
            Lang::Zh => shenfu_rules::present::Lang::Zh,
            Lang::En => shenfu_rules::present::Lang::En,
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
    let verdict = shenfu_rules::present::verdict(report.eligible, lang.core());
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
            o.property.label(lang.core()).to_owned(),
            o.status.label(lang.core()).to_owned(),
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

/// The machine formats of `shenfu assess`, written one project at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkKind {
    /// One JSON array of canonical reports.
    Json,
    /// One canonical report per line.
    Jsonl,
    /// One row per project, the core's batch row (`shenfu_rules::batch`): the same columns and
    /// cells as Python's `assess_many`.
    Csv,
}

/// Writes reports (or, in report-errors mode, errors) as they come, so a batch of any size runs
/// in constant memory.
pub struct Sink<'r> {
    kind: SinkKind,
    shape: RowShape<'r>,
    started: bool,
    /// The next row's position in the batch (0-based, across every input file).
    row: u64,
    outcomes: Vec<shenfu_rules::RowOutcome>,
}

impl<'r> Sink<'r> {
    pub fn new(book: &'r Rulebook, kind: SinkKind, with_errors: bool) -> Self {
        Self {
            kind,
            shape: RowShape::new(book, Detail::Full, with_errors),
            started: false,
            row: 0,
            outcomes: Vec::new(),
        }
    }

    fn start(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.started {
            if self.kind == SinkKind::Json {
                out.write_all(b",")?;
            }
            return Ok(());
        }
        self.started = true;
        match self.kind {
            SinkKind::Json => out.write_all(b"["),
            SinkKind::Jsonl => Ok(()),
            SinkKind::Csv => {
                let header: Vec<String> =
                    self.shape.columns().into_iter().map(|c| c.name).collect();
                write_csv_row(out, &header)
            }
        }
    }

    /// Assess one project and write it; the eligibility, or the engine's error (nothing
    /// written then).
    pub fn project(
        &mut self,
        out: &mut impl std::io::Write,
        book: &Rulebook,
        project: &shenfu_rules::Project,
        options: shenfu_rules::Options,
    ) -> Result<std::io::Result<bool>, shenfu_rules::Error> {
        // A project the engine refuses is counted by `error`, which writes its row.
        let row = self.row;
        match self.kind {
            SinkKind::Json | SinkKind::Jsonl => {
                let report = book.assess(project, options)?;
                self.row += 1;
                let text = report.to_canonical_json();
                Ok(self.start(out).and_then(|()| {
                    out.write_all(text.as_bytes())?;
                    if self.kind == SinkKind::Jsonl {
                        out.write_all(b"\n")?;
                    }
                    Ok(report.eligible)
                }))
            }
            SinkKind::Csv => {
                let mut outcomes = std::mem::take(&mut self.outcomes);
                let evaluated = book.evaluate(project, options, &mut outcomes);
                let eligible = match evaluated {
                    Ok(eligible) => eligible,
                    Err(e) => {
                        self.outcomes = outcomes;
                        return Err(e);
                    }
                };
                self.row += 1;
                let mut cells = Vec::new();
                self.shape
                    .project_row(row, project, eligible, &outcomes, &mut cells);
                self.outcomes = outcomes;
                let texts = cell_texts(&cells);
                Ok(self
                    .start(out)
                    .and_then(|()| write_csv_row(out, &texts))
                    .map(|()| eligible))
            }
        }
    }

    /// Write a bad row's canonical error in its place.
    pub fn error(
        &mut self,
        out: &mut impl std::io::Write,
        error: &shenfu_rules::Error,
    ) -> std::io::Result<()> {
        let row = self.row;
        self.row += 1;
        self.start(out)?;
        match self.kind {
            SinkKind::Json => out.write_all(error.to_canonical_json().as_bytes()),
            SinkKind::Jsonl => {
                out.write_all(error.to_canonical_json().as_bytes())?;
                out.write_all(b"\n")
            }
            SinkKind::Csv => {
                let line = error.location.map(|l| l.line as u64);
                let mut cells = Vec::new();
                self.shape.error_row(row, error, line, &mut cells);
                write_csv_row(out, &cell_texts(&cells))
            }
        }
    }

    pub fn finish(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match (self.kind, self.started) {
            (SinkKind::Json, true) => out.write_all(b"]\n"),
            (SinkKind::Json, false) => out.write_all(b"[]\n"),
            (SinkKind::Csv, false) => self.start(out),
            _ => Ok(()),
        }
    }
}

/// A row's cells as CSV text; a null is an empty cell.
fn cell_texts(cells: &[Cell<'_>]) -> Vec<String> {
    cells.iter().map(|c| c.text().unwrap_or_default()).collect()
}

fn write_csv_row(out: &mut impl std::io::Write, row: &[String]) -> std::io::Result<()> {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::with_capacity(256));
    writer.write_record(row).map_err(std::io::Error::other)?;
    let bytes = writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
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
            rule.property.label(lang.core()).to_owned(),
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
                target.property.label(lang.core()).to_owned(),
                target.year.to_string(),
                target.condition(lang.core()),
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
        format!("{}  ← “{}”", target.condition(lang.core()), target.wording),
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
