//! Render once, write many: the canonical JSON of an assessment written straight into one
//! buffer, without building the [`Report`](crate::Report) first.
//!
//! When a rulebook is first used this way, everything in a report that does not depend on the
//! project is rendered once per rule and kept, already JSON-escaped: the keys, the threshold,
//! comparator and wording, the citation, and each comparison sentence split around the place
//! where its observed value goes. Outcomes that do not depend on numbers at all (a missing input,
//! a rule outside its years, an industry in or out of the set) are rendered whole. Every piece is
//! made by the same functions that build a [`Report`](crate::Report) — [`explain`],
//! [`comparison_message`], [`push_derivation`] — so the wording has one source; a report then
//! costs the judging, a few decimals printed and copies. Tests check that the bytes equal
//! `assess(…).to_canonical_json()` for every fixture and for generated projects.

use super::{
    Judgement, Landing, Options, alternative_status, comparison_message, explain, judge,
    push_derivation, push_derivation_head, push_derivation_unit, push_derivation_values,
    push_shown, ratio,
};
#[cfg(any(feature = "utf16", test))]
use crate::canonical::Utf16Text;
use crate::canonical::{self, push_escaped, push_string};
use crate::error::Result;
use crate::industry::Industry;
use crate::number::push_canonical;
use crate::project::{AmountField, Project};
use crate::report::{Engine, Status, Verdict};
use crate::rulebook::{Check, Rule, Rulebook};
use crate::vocab::{FIRST_YEAR, LAST_YEAR};

fn push_optional(out: &mut impl Out, text: Option<&str>) {
    match text {
        Some(t) => out.made(|s| push_string(s, t)),
        None => out.push_str("null"),
    }
}

/// What a report is written into: UTF-8 text, or (feature `utf16`) UTF-16 units for a host whose
/// strings are UTF-16, so that the rendered parts are widened once per rulebook, not once per
/// report (`Rulebook::write_assessment_utf16`).
trait Out {
    /// A part rendered once.
    fn piece(&mut self, piece: &Piece);
    /// Text made while writing.
    fn push_str(&mut self, text: &str);
    /// Text `make` writes into a `String`.
    fn made(&mut self, make: impl FnOnce(&mut String));
}

impl Out for String {
    fn piece(&mut self, piece: &Piece) {
        self.push_str(&piece.text);
    }
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }
    fn made(&mut self, make: impl FnOnce(&mut String)) {
        make(self);
    }
}

#[cfg(any(feature = "utf16", test))]
impl Out for Utf16Text {
    fn piece(&mut self, piece: &Piece) {
        self.push_units(&piece.units);
    }
    fn push_str(&mut self, text: &str) {
        Utf16Text::push_str(self, text);
    }
    fn made(&mut self, make: impl FnOnce(&mut String)) {
        self.push_made(make);
    }
}

/// A part of a report rendered once, already JSON-escaped, and with feature `utf16` widened too
/// (a build with it may write either: the Node build writes UTF-16, and checks a receipt's report
/// in UTF-8).
#[derive(Debug, Clone, Default)]
struct Piece {
    text: String,
    #[cfg(any(feature = "utf16", test))]
    units: Vec<u16>,
}

impl From<String> for Piece {
    fn from(text: String) -> Self {
        Self {
            #[cfg(any(feature = "utf16", test))]
            units: {
                let mut units = Vec::new();
                canonical::widen(&text, &mut units);
                units
            },
            text,
        }
    }
}

/// Where the observed value goes in a rendered sentence: a private-use character no rulebook
/// text contains (the loader's texts are the plan's and the rulebook author's words).
const SLOT: char = '\u{e000}';

/// A comparison sentence in one language, escaped, split around the observed value.
struct Template {
    before: String,
    after: String,
}

impl Template {
    fn of(sentence: &str) -> Self {
        let mut escaped = String::with_capacity(sentence.len() + 8);
        push_escaped(&mut escaped, sentence);
        let (before, after) = escaped.split_once(SLOT).unwrap_or((&escaped, ""));
        Self {
            before: before.to_owned(),
            after: after.to_owned(),
        }
    }
}

/// An outcome's text from the end of its derivation to its alternative status, for one
/// [`Landing`]: what is rendered once runs together into one piece between each two values
/// written per report (a report is mostly copies, and fewer, longer copies are cheaper).
#[derive(Debug, Clone, Default)]
struct Sentence {
    /// A plain derivation's unit (` 万元/亩`), `","citation":{…},"message":{"zh":"` and the
    /// Chinese sentence up to its value.
    to_zh: Piece,
    /// The rest of the Chinese sentence, `","en":"` and the English one up to its value.
    zh_to_en: Piece,
    /// The rest of the English sentence, `"},"readings":[…],"alternative_status":`.
    close: Piece,
}

/// What an outcome does not depend on numbers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fixed {
    Missing(AmountField),
    Undefined,
    NotIntroduced,
    Member(Industry),
    Outside(u16),
}

/// One project rule, rendered once.
#[derive(Debug, Clone, Default)]
struct RuleJson {
    /// For a pass and a fail: `{"rule_id":"…","status":"…","property":"…","observed":{"value":"`.
    opening: [Piece; 2],
    /// `","unit":"万元/亩"},"threshold":{…},"comparator":"…","wording":"…","margin":{"value":"`
    to_margin: Piece,
    /// The same with a `null` margin, then `,"derivation":"` (and a plain derivation's opening).
    to_null_margin: Piece,
    /// `","unit":"万元/亩"},"derivation":"`, and a plain derivation's opening:
    /// `亩均投入 = 固定资产投资 ÷ 用地面积 = `.
    to_derivation: Piece,
    /// The text around the comparison sentences for each [`Landing`].
    sentences: Vec<Sentence>,
    /// Whether the derivation is written as it is made: its only words from the rulebook are
    /// the rule's label, the rest being numbers and the crate's own field and unit names, none
    /// of which a JSON string escapes (a test checks them).
    plain_derivation: bool,
    /// Whole outcomes that depend on no number.
    fixed: Vec<(Fixed, Piece)>,
}

/// The rendered parts of a rulebook: its report head and its project rules, in order.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    /// `{"engine":{…},"rulebook":{…},"input_sha256":"`
    head: Piece,
    rules: Vec<RuleJson>,
    /// The outcomes' end for a project that does not say whether it is introduced:
    /// `],"assumptions":[…]`.
    unsaid: Piece,
    /// `,"alternative_readings":[…]}`
    tail: Piece,
}

fn render(book: &Rulebook) -> Rendered {
    let mut head = String::from("{\"engine\":{\"name\":");
    push_string(&mut head, Engine::CURRENT.name);
    head.push_str(",\"version\":");
    push_string(&mut head, Engine::CURRENT.version);
    head.push_str("},\"rulebook\":{\"id\":");
    push_string(&mut head, &book.id);
    head.push_str(",\"version\":");
    push_string(&mut head, &book.version);
    head.push_str(",\"sha256\":");
    push_string(&mut head, book.sha256());
    head.push_str("},\"input_sha256\":\"");
    let assumed: Vec<_> = book.assumptions(None).collect();
    Rendered {
        head: head.into(),
        rules: book.project_rules().map(render_rule).collect(),
        unsaid: format!("],\"assumptions\":{}", canonical::to_json(&assumed)).into(),
        tail: format!(
            ",\"alternative_readings\":{}}}",
            canonical::to_json(&book.alternatives())
        )
        .into(),
    }
}

fn render_rule(rule: &Rule) -> RuleJson {
    let mut head = String::from("{\"rule_id\":");
    push_string(&mut head, &rule.id);
    head.push_str(",\"status\":\"");
    let property = format!("\",\"property\":\"{}\",\"observed\":", rule.property.key());
    let mut citation = String::from(",\"citation\":{\"section\":");
    push_string(&mut citation, &rule.citation.section);
    citation.push_str(",\"quote\":");
    push_string(&mut citation, &rule.citation.quote);
    citation.push_str("},\"message\":{\"zh\":\"");
    let readings = format!(
        ",\"readings\":{},\"alternative_status\":",
        canonical::to_json(&rule.readings)
    );
    let mut parts = RuleJson {
        plain_derivation: canonical::is_plain(&rule.label.zh),
        ..RuleJson::default()
    };
    // A plain derivation's opening and unit go into the parts around it (one copy fewer each).
    let (mut opening, mut unit_end) = (String::new(), String::new());
    if parts.plain_derivation {
        push_derivation_head(&mut opening, rule);
        push_derivation_unit(&mut unit_end, rule);
    }
    if let Some(bound) = rule.check.bound() {
        let mut unit = String::from("\",\"unit\":");
        push_string(&mut unit, &bound.threshold.unit.name());
        unit.push('}');
        let mut threshold = format!("{unit},\"threshold\":{{\"value\":\"");
        push_canonical(&mut threshold, bound.threshold.value);
        threshold.push_str(&unit);
        threshold.push_str(",\"comparator\":");
        push_string(&mut threshold, bound.comparator.symbol());
        threshold.push_str(",\"wording\":");
        push_string(&mut threshold, &bound.wording);
        threshold.push_str(",\"margin\":");
        parts.opening = [Status::Pass, Status::Fail]
            .map(|status| format!("{head}{}{property}{{\"value\":\"", status.key()).into());
        parts.to_margin = format!("{threshold}{{\"value\":\"").into();
        parts.to_null_margin = format!("{threshold}null,\"derivation\":\"{opening}").into();
        parts.to_derivation = format!("{unit},\"derivation\":\"{opening}").into();
        let slot = SLOT.to_string();
        parts.sentences = Landing::ALL
            .iter()
            .map(|&landing| {
                let text = comparison_message(rule, bound, &slot, &slot, landing);
                let (zh, en) = (Template::of(&text.zh), Template::of(&text.en));
                Sentence {
                    to_zh: format!("{unit_end}\"{citation}{}", zh.before).into(),
                    zh_to_en: format!("{}\",\"en\":\"{}", zh.after, en.before).into(),
                    close: format!("{}\"}}{readings}", en.after).into(),
                }
            })
            .collect();
    }
    let mut fixed = vec![Fixed::Undefined];
    if rule.property == crate::vocab::Property::Admission {
        fixed.push(Fixed::NotIntroduced);
    }
    match &rule.check {
        Check::PerArea { amount, .. } => fixed.push(Fixed::Missing(*amount)),
        Check::Share { part, whole, .. } => {
            fixed.extend([Fixed::Missing(*part), Fixed::Missing(*whole)]);
        }
        Check::Membership { .. } => fixed.extend(
            Industry::LEADING
                .into_iter()
                .chain([Industry::Other])
                .map(Fixed::Member),
        ),
    }
    fixed.extend(
        (FIRST_YEAR..=LAST_YEAR)
            .filter(|y| !rule.in_force_in(*y))
            .map(Fixed::Outside),
    );
    let fixed = fixed
        .into_iter()
        .map(|f| {
            let outcome = explain(rule, fixed_judgement(rule, f), year_of(f));
            (f, canonical::to_json(&outcome).into())
        })
        .collect();
    RuleJson { fixed, ..parts }
}

fn fixed_judgement(rule: &Rule, fixed: Fixed) -> Judgement<'_> {
    match (fixed, &rule.check) {
        (Fixed::Member(industry), Check::Membership { set }) => Judgement::Member { industry, set },
        (Fixed::Missing(field), _) => Judgement::Missing(field),
        (Fixed::Outside(_), _) => Judgement::OutsideYears(None),
        (Fixed::NotIntroduced, _) => Judgement::NotIntroduced(None),
        _ => Judgement::Undefined,
    }
}

fn year_of(fixed: Fixed) -> Option<u16> {
    match fixed {
        Fixed::Outside(year) => Some(year),
        _ => None,
    }
}

/// The [`Fixed`] an outcome is, if it depends on no number.
fn fixed_of(judgement: &Judgement<'_>, year: Option<u16>) -> Option<Fixed> {
    Some(match judgement {
        Judgement::Compared(_) => return None,
        Judgement::Member { industry, .. } => Fixed::Member(*industry),
        Judgement::OutsideYears(None) => Fixed::Outside(year.unwrap_or_default()),
        Judgement::Undefined => Fixed::Undefined,
        Judgement::NotIntroduced(None) => Fixed::NotIntroduced,
        // Measured for information: written from the report's outcome (not a batch's hot path).
        Judgement::NotIntroduced(Some(_)) | Judgement::OutsideYears(Some(_)) => return None,
        Judgement::Missing(field) => Fixed::Missing(*field),
    })
}

impl Rulebook {
    /// The rendered parts, made on first use and kept with the rulebook.
    fn rendered(&self) -> std::borrow::Cow<'_, Rendered> {
        match self.rendered.get_or_init(|| render(self)) {
            Some(kept) => std::borrow::Cow::Borrowed(kept),
            // Unreachable (the memo holds only what `render` made); render afresh then.
            None => std::borrow::Cow::Owned(render(self)),
        }
    }

    /// The canonical JSON of [`Rulebook::assess`] for `project`, appended to `out`: the same
    /// bytes as `assess(project, options)?.to_canonical_json()`, written from the rulebook's
    /// rendered parts without building the report. Returns the verdict. Reuse `out` across
    /// projects (clear it) and a batch allocates almost nothing.
    ///
    /// ```
    /// use shenfu_rules::{Options, Project, Rulebook, Verdict};
    /// let book = Rulebook::embedded();
    /// let project = Project::from_json_str(r#"{"industry":"数字经济",
    ///   "fixed_asset_investment":{"value":"24000","unit":"万元"},
    ///   "land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#)?;
    /// let mut out = String::new();
    /// assert_eq!(book.write_assessment(&project, Options::default(), &mut out)?, Verdict::Eligible);
    /// assert_eq!(out, book.assess(&project, Options::default())?.to_canonical_json());
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn write_assessment(
        &self,
        project: &Project,
        options: Options,
        out: &mut String,
    ) -> Result<Verdict> {
        self.write_into(project, options, out)
    }

    /// [`Rulebook::write_assessment`] in UTF-16 (feature `utf16`), appended to `out`: the same
    /// text, for a host whose strings are UTF-16 (the Node.js build of the WASM package). The
    /// rendered parts, most of a report, are widened once per rulebook, not once per report.
    #[cfg(any(feature = "utf16", test))]
    pub fn write_assessment_utf16(
        &self,
        project: &Project,
        options: Options,
        out: &mut Utf16Text,
    ) -> Result<Verdict> {
        self.write_into(project, options, out)
    }

    fn write_into(
        &self,
        project: &Project,
        options: Options,
        out: &mut impl Out,
    ) -> Result<Verdict> {
        // Judged once, for the verdict (and any error, before anything is written); the first
        // [`HELD`] judgements are kept for the outcomes (the plan's rulebook has three), any
        // after them judged again while writing.
        let mut held: [Option<Judgement<'_>>; HELD] = [None; HELD];
        let mut judged = 0;
        let verdict = self.judge_all(project, options, |_, judgement| {
            if let Some(slot) = held.get_mut(judged) {
                *slot = Some(judgement);
            }
            judged += 1;
        })?;
        let rendered = self.rendered();
        out.piece(&rendered.head);
        let mut scratch = String::with_capacity(256);
        out.made(|s| project.push_input_sha256(s, &mut scratch));
        out.push_str("\",\"subject\":{\"id\":");
        push_optional(out, project.id.as_deref());
        out.push_str(",\"name\":");
        push_optional(out, project.name.as_deref());
        out.push_str("},\"year\":");
        match options.year {
            Some(y) => out.made(|s| push_canonical(s, y.into())),
            None => out.push_str("null"),
        }
        out.push_str(match verdict {
            Verdict::Eligible => ",\"eligible\":true,\"verdict\":\"eligible\",\"outcomes\":[",
            Verdict::NotEligible => {
                ",\"eligible\":false,\"verdict\":\"not_eligible\",\"outcomes\":["
            }
            Verdict::NotSubject => ",\"eligible\":null,\"verdict\":\"not_subject\",\"outcomes\":[",
        });
        let mut rules = rendered.rules.iter();
        for (i, rule) in self.project_rules().enumerate() {
            let judgement = match held.get(i).copied().flatten() {
                Some(judgement) => judgement,
                None => judge(rule, project, options.year)?,
            };
            if i > 0 {
                out.push_str(",");
            }
            let fallback = RuleJson::default();
            let parts = rules.next().unwrap_or(&fallback);
            let alternative = alternative_status(rule, &judgement, options.year).map(|a| a.status);
            let at = Written {
                rule,
                year: options.year,
                alternative,
            };
            write_outcome(out, parts, at, judgement, &mut scratch);
        }
        match project.introduced {
            None => out.piece(&rendered.unsaid),
            Some(_) => out.push_str("],\"assumptions\":[]"),
        }
        out.piece(&rendered.tail);
        Ok(verdict)
    }
}

/// Judgements a report keeps from judging for its verdict to writing its outcomes, rather than
/// judging every rule a second time (about 1.5 % of a JSON Lines run's CPU).
const HELD: usize = 8;

/// The rule an outcome is written for, the evaluation year and its alternative status.
#[derive(Clone, Copy)]
struct Written<'a> {
    rule: &'a Rule,
    year: Option<u16>,
    alternative: Option<Status>,
}

impl Written<'_> {
    /// The outcome as the report builds it, written whole.
    fn whole(&self, out: &mut impl Out, judgement: Judgement<'_>) {
        let mut outcome = explain(self.rule, judgement, self.year);
        outcome.alternative_status = self.alternative;
        out.push_str(&canonical::to_json(&outcome));
    }
}

/// One outcome: a rendered whole, or the rendered parts around the numbers a comparison
/// measured. Anything unforeseen (a value beyond Decimal) is written from the report's outcome.
fn write_outcome(
    out: &mut impl Out,
    parts: &RuleJson,
    at: Written<'_>,
    judgement: Judgement<'_>,
    scratch: &mut String,
) {
    let rule = at.rule;
    if at.alternative.is_none()
        && let Some(fixed) = fixed_of(&judgement, at.year)
        && let Some((_, piece)) = parts.fixed.iter().find(|(f, _)| *f == fixed)
    {
        out.piece(piece);
        return;
    }
    let Judgement::Compared(comparison) = judgement else {
        return at.whole(out, judgement);
    };
    let observed = comparison.measured(ratio);
    let (Some((value, _)), Some(sentence)) = (
        observed,
        parts
            .sentences
            .get(Landing::of(comparison.ordering(), comparison.met()).index()),
    ) else {
        return at.whole(out, judgement);
    };
    let [pass, fail] = &parts.opening;
    out.piece(if comparison.met() { pass } else { fail });
    out.made(|s| push_canonical(s, value));
    match value.checked_sub(comparison.bound().threshold.value) {
        Some(margin) => {
            out.piece(&parts.to_margin);
            out.made(|s| push_canonical(s, margin));
            out.piece(&parts.to_derivation);
        }
        None => out.piece(&parts.to_null_margin),
    }
    // The shown value is digits, `.`, `-` and `≈`: nothing to escape. Shown once, for the
    // derivation and both messages.
    scratch.clear();
    push_shown(scratch, value, "≈");
    let digits = Some(scratch.strip_prefix('≈').unwrap_or(scratch));
    if parts.plain_derivation {
        out.made(|s| push_derivation_values(s, &comparison, observed, digits));
    } else {
        let mut derivation = String::new();
        push_derivation(&mut derivation, rule, &comparison, observed, digits);
        out.made(|s| push_escaped(s, &derivation));
    }
    out.piece(&sentence.to_zh);
    out.push_str(scratch);
    out.piece(&sentence.zh_to_en);
    out.push_str(scratch);
    out.piece(&sentence.close);
    match at.alternative {
        Some(status) => {
            out.push_str("\"");
            out.push_str(status.key());
            out.push_str("\",\"to_pass\":");
        }
        None => out.push_str("null,\"to_pass\":"),
    }
    match super::to_pass::requirements(&comparison) {
        Some(needed) => {
            out.made(|s| push_conditions(s, &needed));
            out.push_str("}");
        }
        None => out.push_str("null}"),
    }
}

/// `to_pass`'s conditions as serde writes the report's (a test holds every report the writer
/// writes to the report's serialisation), straight from the requirements: no serializer and no
/// strings of their own. Their words — field keys, comparator symbols, unit names — are the
/// crate's own, none of which a JSON string escapes (a test checks them), so they are copied
/// as they are.
fn push_conditions(out: &mut String, needed: &[Option<super::to_pass::Requirement>; 2]) {
    out.push('[');
    for (i, requirement) in needed.iter().flatten().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"field\":\"");
        out.push_str(requirement.field);
        out.push_str("\",\"comparator\":\"");
        out.push_str(requirement.comparator.symbol());
        out.push_str("\",\"value\":{\"value\":\"");
        push_canonical(out, requirement.value);
        out.push_str("\",\"unit\":\"");
        out.push_str(requirement.unit);
        out.push_str("\"}}");
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comparator::Comparator;
    use proptest::prelude::*;

    /// What a derivation is made of besides the rule's label needs no escaping, so a plain
    /// label lets it be written as it is made; nor do `to_pass`'s field keys and comparators.
    #[test]
    fn a_derivation_s_own_words_need_no_escaping() {
        use crate::quantity::{AreaUnit, MoneyUnit};
        let fields = [
            AmountField::FixedAssetInvestment,
            AmountField::AnnualTax,
            AmountField::RdExpenditure,
            AmountField::Revenue,
        ];
        let words = fields
            .iter()
            .map(|f| f.label_zh().to_owned())
            .chain(MoneyUnit::ALL.iter().map(|u| u.name().to_owned()))
            .chain(AreaUnit::ALL.iter().map(|u| u.name().to_owned()))
            .chain(fields.iter().map(|f| f.key().to_owned()))
            .chain(["land_area".to_owned()])
            .chain(
                [
                    Comparator::Gt,
                    Comparator::Ge,
                    Comparator::Lt,
                    Comparator::Le,
                ]
                .map(|c| c.symbol().to_owned()),
            )
            .chain(MoneyUnit::ALL.iter().flat_map(|&m| {
                AreaUnit::ALL.iter().map(move |&a| {
                    let mut name = String::new();
                    crate::quantity::MeasureUnit::MoneyPerArea(m, a).push_name(&mut name);
                    name
                })
            }));
        for word in words {
            assert!(canonical::is_plain(&word), "{word}");
        }
    }

    /// The test rulebook of one rule (`fixtures/rulebooks/valid_minimal.toml`), as text.
    fn minimal_rulebook() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/rulebooks/valid_minimal.toml"
        );
        std::fs::read_to_string(path).unwrap()
    }

    /// A project (1000 万元 on 3 亩) under `book`: its report as written and as assessed.
    fn written_and_assessed(book: &Rulebook) -> (String, crate::Report<'_>) {
        let project = Project::from_json_str(
            r#"{"industry":"智能制造","fixed_asset_investment":{"value":"1000","unit":"万元"},
                "land_area":{"value":"3","unit":"亩"},"annual_tax":{"value":"90","unit":"万元"}}"#,
        )
        .unwrap();
        let mut out = String::new();
        book.write_assessment(&project, Options::default(), &mut out)
            .unwrap();
        (out, book.assess(&project, Options::default()).unwrap())
    }

    /// A label that must be escaped is, and the bytes stay the report's.
    #[test]
    fn a_label_with_quotes_is_escaped_in_the_derivation() {
        let text = minimal_rulebook().replace("zh = \"亩均投入\"", "zh = '亩均\"投入\\'");
        let book = Rulebook::from_toml_str(&text).unwrap();
        let (out, report) = written_and_assessed(&book);
        assert!(out.contains("亩均\\\"投入\\\\ = "), "{out}");
        assert_eq!(out, report.to_canonical_json());
    }

    /// A rulebook with more project rules than a report keeps judgements for ([`HELD`]) judges
    /// them again while writing, to the same bytes.
    #[test]
    fn a_rulebook_of_many_rules_is_written_as_it_is_assessed() {
        let text = minimal_rulebook();
        let (head, rule) = text.split_at(text.find("[[rules]]").unwrap());
        let mut many = head.to_owned();
        for (i, threshold) in (0..=HELD).zip([100, 250, 300, 301, 333, 350, 400, 1000, 5]) {
            many.push_str(
                &rule
                    .replace(
                        "admission.investment_per_mu",
                        &format!("admission.rule_{i}"),
                    )
                    .replace("300", &threshold.to_string()),
            );
        }
        let book = Rulebook::from_toml_str(&many).unwrap();
        assert!(book.project_rules().count() > HELD);
        let (out, report) = written_and_assessed(&book);
        assert_eq!(report.outcomes.len(), HELD + 1);
        assert_eq!(out, report.to_canonical_json());
    }

    proptest! {
        /// The UTF-16 writer writes the UTF-8 writer's text, for any project: every outcome
        /// shape (a zero area, every industry and year, introduced or not said) and ids and
        /// names with characters of every width, surrogate pairs and escapes.
        #[test]
        fn the_utf16_writer_writes_the_same_text(
            inv in 0u64..10_000_000, area in 0u64..100_000,
            tax in 0u64..1_000_000, places in 0u32..6, industry in 0usize..7,
            year in proptest::option::of(2019u16..=2036), introduced in proptest::option::of(any::<bool>()),
            id in proptest::option::of("[a-z\"\\\\\u{0}-\u{1f}é中😀 ]{0,12}"),
            name in proptest::option::of("\\PC{0,12}"),
        ) {
            let industries = ["数字经济", "信息技术应用及装备", "智能制造", "生命健康", "新材料和氢能", "现代服务业", "其他"];
            let decimal = |n: u64| rust_decimal::Decimal::new(i64::try_from(n).unwrap_or(0), places).to_string();
            let mut value = serde_json::json!({
                "industry": industries[industry],
                "fixed_asset_investment": {"value": decimal(inv), "unit": "万元"},
                "land_area": {"value": decimal(area), "unit": "亩"},
                "annual_tax": {"value": decimal(tax), "unit": "万元"},
                "id": id, "name": name,
            });
            if let Some(introduced) = introduced {
                value["introduced"] = serde_json::json!(introduced);
            }
            let project = Project::from_json_value(&value).unwrap();
            let book = Rulebook::embedded();
            let options = Options { year };
            let mut text = String::new();
            let mut units = Utf16Text::default();
            units.push_str("kept");
            let verdict = book.write_assessment(&project, options, &mut text);
            prop_assert_eq!(book.write_assessment_utf16(&project, options, &mut units), verdict);
            let want: Vec<u16> = format!("kept{text}").encode_utf16().collect();
            prop_assert_eq!(units.units(), want.as_slice());
        }
    }
}
