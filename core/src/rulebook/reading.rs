//! Readings: where the plan's words leave a choice, the choice the rulebook made — as data.
//!
//! A reading names the plan's words (突破, 左右, the base year of a 2022 growth target), the
//! reading chosen, the alternative if there is one, and the basis: the Civil Code's art. 1259
//! only where its own words cover the plan's (以上/以下/以内 include, 超过/不满/以外 exclude),
//! otherwise an analogy to it or a drafting assumption. Rules and targets name the readings
//! they rest on (a reading with `wordings` is rested on by every rule and target so worded), so
//! a report can say when a verdict rests on one and what it would be under the alternative.
//!
//! An alternative is *computable* when it has an [`Alteration`]: a change to the rules and
//! targets resting on it that the engine can evaluate (another comparator, the band of 左右
//! read as the number itself, another base year, another indicator). [`Rulebook::under`] makes
//! the rulebook under chosen alternatives; a report's `alternative_status` is each outcome's
//! status under the alternatives of the readings it rests on.

use super::{Check, Rulebook};
use crate::comparator::Comparator;
use crate::error::{Error, ErrorKind, Result};
use crate::vocab::Text;
use crate::zone::{Direction, Indicator, Relation, Target};
use serde::Serialize;

/// What a reading rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The Civil Code's art. 1259, whose own words cover the plan's.
    #[serde(rename = "civil_code_art_1259")]
    CivilCodeArt1259,
    /// By analogy to art. 1259, for words it does not list (超, 突破, 达到, 低于 …).
    Analogy,
    /// An assumption of the rulebook's drafting where the plan is silent.
    DraftingAssumption,
}

impl Basis {
    /// The basis's key in rulebooks and listings (`civil_code_art_1259`, `analogy`,
    /// `drafting_assumption`).
    pub fn key(self) -> &'static str {
        match self {
            Self::CivilCodeArt1259 => "civil_code_art_1259",
            Self::Analogy => "analogy",
            Self::DraftingAssumption => "drafting_assumption",
        }
    }

    /// The basis its key names, as rulebooks write it.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::CivilCodeArt1259,
            Self::Analogy,
            Self::DraftingAssumption,
        ]
        .into_iter()
        .find(|b| b.key() == text)
    }

    /// The basis in Chinese, e.g. 《民法典》第一千二百五十九条.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::CivilCodeArt1259 => "《民法典》第一千二百五十九条",
            Self::Analogy => "参照《民法典》第一千二百五十九条类推",
            Self::DraftingAssumption => "规则库起草假设",
        }
    }

    /// The basis in English, e.g. `by analogy to Civil Code art. 1259`.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::CivilCodeArt1259 => "Civil Code art. 1259",
            Self::Analogy => "by analogy to Civil Code art. 1259",
            Self::DraftingAssumption => "drafting assumption",
        }
    }
}

/// How a reading's alternative changes the rules and targets that rest on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alteration {
    /// Another comparator (突破 read as "at least" instead of "more than").
    Comparator(Comparator),
    /// 左右 read as the stated number itself to reach, without the band.
    Band,
    /// Another base year for growth, multiple and reduction goals.
    Since(u16),
    /// The target measured on another indicator (its id).
    Indicator(String),
    /// 左右 with another band: this half-width, in the threshold's unit.
    Tolerance(rust_decimal::Decimal),
    /// A rule in force in these years (first, last) instead of its own.
    InForce(u16, u16),
    /// Projects are assessed against the rules resting on the reading only under the
    /// alternative (`benchmark.enterprise_share`: a zone-wide target applied to one enterprise
    /// is a reference point it asks for, not part of every report).
    Assessed,
}

/// One reading of the plan's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The reading's id, e.g. `wording.chao`: what rules, targets, reports and `--reading` name it
    /// by.
    pub id: String,
    /// The plan's words the reading is about.
    pub words: String,
    /// The reading the rulebook chose, with its reason, in both languages.
    pub chosen: Text,
    /// The other reading, if the words admit one.
    pub alternative: Option<Text>,
    /// What the reading rests on: art. 1259 itself, an analogy to it, or a drafting assumption.
    pub basis: Basis,
    /// How the alternative is evaluated; `None` when it cannot be (it needs what no input
    /// holds, or it changes no status).
    pub alteration: Option<Alteration>,
    /// Rules and targets with one of these wordings rest on this reading.
    pub wordings: Vec<String>,
}

impl Reading {
    /// Whether [`Rulebook::under`] can evaluate the alternative.
    pub fn computable(&self) -> bool {
        self.alteration.is_some()
    }
}

/// How the rulebook reads words of the plan that leave a choice, as `shenfu rules --readings
/// --format json` and `GET /v1/readings` list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = Reading))]
pub struct ReadingSummary<'r> {
    /// The reading's id, e.g. `wording.chao`.
    pub id: &'r str,
    /// The plan's words the reading is about, e.g. 超.
    pub words: &'r str,
    /// The reading chosen, in both languages.
    pub chosen: &'r Text,
    /// The other reading, if the words admit one.
    pub alternative: Option<&'r Text>,
    /// What the reading rests on.
    pub basis: Basis,
    /// Whether the alternative can be evaluated (`--reading ID=alternative`).
    pub computable: bool,
    /// Whether this rulebook evaluates under the alternative.
    pub applied: bool,
    /// The rules and targets that rest on it.
    pub used_by: Vec<&'r str>,
}

impl Rulebook {
    /// The readings, in rulebook order.
    pub fn readings(&self) -> &[Reading] {
        &self.readings
    }

    /// The reading with this id, e.g. `wording.chao`.
    pub fn reading(&self, id: &str) -> Option<&Reading> {
        self.readings.iter().find(|r| r.id == id)
    }

    /// The readings this rulebook evaluates under their alternative (empty as loaded).
    pub fn alternatives(&self) -> &[String] {
        &self.alternatives
    }

    /// The plan's words of those of `readings` whose alternative gives a rule what its
    /// `alternative_status` comes from: other years in force when `years`, another comparator
    /// when `comparator`.
    pub fn alternative_words<'a>(
        &'a self,
        readings: &[String],
        years: bool,
        comparator: bool,
    ) -> Vec<&'a str> {
        self.readings
            .iter()
            .filter(|r| match r.alteration {
                Some(Alteration::InForce(..)) => years,
                Some(Alteration::Comparator(_)) => comparator,
                _ => false,
            })
            .filter(|r| readings.contains(&r.id))
            .map(|r| r.words.as_str())
            .collect()
    }

    /// Every reading's summary, as one canonical JSON array.
    pub fn readings_json(&self) -> String {
        crate::canonical::to_json(&self.reading_summaries())
    }

    /// Every reading's summary, in rulebook order: what `shenfu rules --readings` lists.
    pub fn reading_summaries(&self) -> Vec<ReadingSummary<'_>> {
        self.readings
            .iter()
            .map(|r| ReadingSummary {
                id: &r.id,
                words: &r.words,
                chosen: &r.chosen,
                alternative: r.alternative.as_ref(),
                basis: r.basis,
                computable: r.computable(),
                applied: self.alternatives.contains(&r.id),
                used_by: self
                    .rules()
                    .iter()
                    .filter(|x| x.readings.contains(&r.id))
                    .map(|x| x.id.as_str())
                    .chain(
                        self.targets()
                            .iter()
                            .filter(|t| t.readings.contains(&r.id))
                            .map(|t| t.id.as_str()),
                    )
                    .collect(),
            })
            .collect()
    }

    /// This rulebook evaluated under the alternatives of `ids` (and the chosen reading of every
    /// other): the rules and targets resting on each are changed as its [`Alteration`] says.
    /// An id that is no reading is `unknown_reading` at `reading`; a reading without a
    /// computable alternative is `no_alternative` at `reading`.
    ///
    /// ```
    /// use shenfu_rules::Rulebook;
    /// let book = Rulebook::embedded();
    /// let inclusive = book.under(&["wording.tupo"])?;
    /// let target = inclusive.target("target.high_tech_enterprises.2025").unwrap();
    /// assert_eq!(target.relation.symbol(), ">=");
    /// assert_eq!(inclusive.alternatives(), ["wording.tupo"]);
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn under<S: AsRef<str>>(&self, ids: &[S]) -> Result<Rulebook> {
        let origin = self.origin.as_deref().unwrap_or(self);
        let mut book = origin.clone();
        for id in ids {
            let id = id.as_ref();
            let reading = origin.reading(id).ok_or_else(|| {
                Error::from(ErrorKind::UnknownReading { id: id.to_owned() }).at("reading")
            })?;
            if reading.alteration.is_none() {
                return Err(
                    Error::from(ErrorKind::NoAlternative { id: id.to_owned() }).at("reading")
                );
            }
            // Kept sorted by insertion (no sort routine: the browser build counts every byte).
            if let Err(at) = book.alternatives.binary_search_by(|a| a.as_str().cmp(id)) {
                book.alternatives.insert(at, id.to_owned());
            }
        }
        for reading in &origin.readings {
            let Some(alteration) = reading
                .alteration
                .as_ref()
                .filter(|_| book.alternatives.contains(&reading.id))
            else {
                continue;
            };
            let rests = |ids: &[String]| ids.contains(&reading.id);
            for rule in book.rules.iter_mut().filter(|r| rests(&r.readings)) {
                alter_rule(rule, alteration);
            }
            let indicators = &book.indicators;
            for target in book.targets.iter_mut().filter(|t| rests(&t.readings)) {
                alter_target(target, alteration, indicators);
            }
        }
        book.origin = Some(Box::new(origin.clone()));
        book.settle_alternatives();
        Ok(book)
    }

    /// Set each rule's [`Rule::alternative`] and [`Rule::alternative_in_force`]: its comparator
    /// and its years under the other side of the readings it rests on — the chosen one for a
    /// reading this rulebook takes the alternative of, the alternative for every other — when
    /// they differ from its own; and [`Rule::assessed`]: false while a reading it rests on
    /// brings it in only under an alternative this rulebook does not take.
    pub(crate) fn settle_alternatives(&mut self) {
        let gated: Vec<String> = self
            .readings
            .iter()
            .filter(|r| r.alteration == Some(Alteration::Assessed))
            .filter(|r| !self.alternatives.contains(&r.id))
            .map(|r| r.id.clone())
            .collect();
        for rule in &mut self.rules {
            rule.assessed = !rule.readings.iter().any(|id| gated.contains(id));
        }
        let origin = self.origin.as_deref().unwrap_or(self);
        type Other = (Option<Comparator>, Option<(u16, u16)>);
        let alternatives: Vec<Other> = self
            .rules
            .iter()
            .zip(&origin.rules)
            .map(|(rule, chosen)| {
                if !self.rests_on_computable(&rule.readings) {
                    return (None, None);
                }
                let mut other = chosen.clone();
                for alteration in self.flipped(&rule.readings) {
                    alter_rule(&mut other, alteration);
                }
                let years = (other.in_force != rule.in_force).then_some(other.in_force);
                let (Some(now), Some(then)) = (rule.check.bound(), other.check.bound()) else {
                    return (None, years);
                };
                (
                    (now.comparator != then.comparator).then_some(then.comparator),
                    years,
                )
            })
            .collect();
        for (rule, (alternative, years)) in self.rules.iter_mut().zip(alternatives) {
            rule.alternative = alternative;
            rule.alternative_in_force = years;
        }
    }

    /// Whether any of `readings` has an alternative the engine evaluates (applied here or not):
    /// only then can the other side differ.
    fn rests_on_computable(&self, readings: &[String]) -> bool {
        self.readings
            .iter()
            .any(|r| r.computable() && readings.contains(&r.id))
    }

    /// The alterations that take a rule or target resting on `readings` from the chosen
    /// readings to the other side of this rulebook's: every computable one it does not apply.
    fn flipped<'a>(&'a self, readings: &'a [String]) -> impl Iterator<Item = &'a Alteration> {
        let origin = self.origin.as_deref().unwrap_or(self);
        origin
            .readings
            .iter()
            .filter(move |r| readings.contains(&r.id) && !self.alternatives.contains(&r.id))
            .filter_map(|r| r.alteration.as_ref())
    }

    /// Target `index` under the other side of the readings it rests on, when that changes it:
    /// what its progress `alternative_status` is judged by.
    pub(crate) fn alternative_target(&self, index: usize) -> Option<Target> {
        let origin = self.origin.as_deref().unwrap_or(self);
        let now = self.targets.get(index)?;
        // Most targets rest on no computable reading: nothing to copy for them.
        if !self.rests_on_computable(&now.readings) {
            return None;
        }
        let mut other = origin.targets.get(index)?.clone();
        for alteration in self.flipped(&now.readings) {
            alter_target(&mut other, alteration, &self.indicators);
        }
        (other != *now).then_some(other)
    }
}

/// A rule under an alteration: another comparator, or other years in force.
fn alter_rule(rule: &mut super::Rule, alteration: &Alteration) {
    if let Alteration::InForce(first, last) = alteration {
        rule.in_force = (*first, *last);
    }
    if let (Alteration::Comparator(c), Check::PerArea { bound, .. } | Check::Share { bound, .. }) =
        (alteration, &mut rule.check)
    {
        bound.comparator = *c;
    }
}

/// A zone target under an alteration.
fn alter_target(target: &mut Target, alteration: &Alteration, indicators: &[Indicator]) {
    match alteration {
        Alteration::Comparator(c) => {
            if let Relation::Compare(_) = target.relation {
                target.relation = Relation::Compare(*c);
            }
        }
        Alteration::Band => {
            if let Relation::About { .. } = target.relation {
                let lower = indicators
                    .get(target.indicator)
                    .is_some_and(|i| i.direction == Direction::Lower);
                target.relation = Relation::Compare(if lower {
                    Comparator::Le
                } else {
                    Comparator::Ge
                });
            }
        }
        Alteration::Since(year) => target.since = *year,
        Alteration::Tolerance(half_width) => {
            if let Relation::About { tolerance } = &mut target.relation {
                *tolerance = *half_width;
            }
        }
        // Neither touches a target (the loader refuses a target resting on them).
        Alteration::InForce(..) | Alteration::Assessed => {}
        Alteration::Indicator(id) => {
            if let Some(i) = indicators.iter().position(|i| &i.id == id) {
                target.indicator = i;
            }
        }
    }
}
