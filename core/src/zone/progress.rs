//! Zone progress: for every target, given observed values and an evaluation year, whether it is
//! met, on track, behind or off track, missed, or cannot be judged for lack of data — with the
//! on-track value for the year observed, the gap and the growth still required.
//!
//! The rules (also in the README):
//! * A target whose year has come (`year ≤ evaluation year`) is judged on the observation of its
//!   own year, exactly: `met` or `missed` (a missed 约束性 target is a `violation`), `no_data`
//!   without that observation.
//! * A target still ahead is judged on the latest observation up to the evaluation year (and not
//!   before the start of its path): `met` if that value already satisfies the target; otherwise
//!   compared with the on-track value for that year: `on_track` if at least as good, `behind` if
//!   short by at most [`BEHIND_WITHIN_PERCENT`] % of the on-track value, `off_track` beyond.
//! * The path starts at the previous table value for table targets, else at the 2020 value
//!   (the plan's, or the observed one). Between anchors it is geometric for amounts, counts and
//!   per-capita levels, linear for shares, rates and accumulations; growth and reduction goals
//!   follow their own compounding path exactly. On-track values that need a fractional power are
//!   computed with `ln`/`exp` (≈ 20 significant digits); anchors and compounding are exact.

use super::indicator::{Direction, Indicator, Interpolation, Measure};
use super::observation::Observations;
use super::path;
use super::target::{BASE_YEAR, Goal, Relation, Requirement, Source, Target, goodness};
use crate::canonical;
use crate::comparator::Comparator;
use crate::error::Result;
use crate::number::{canonical as dec_text, rounded};
use crate::report::{Engine, RulebookRef};
use crate::rulebook::Rulebook;
use crate::vocab::{Citation, Property, Text};
use rust_decimal::Decimal;
use serde::Serialize;
use std::cmp::Ordering;

/// How far below the on-track value still counts as `behind` rather than `off_track`.
pub const BEHIND_WITHIN_PERCENT: u32 = 10;

/// Decimal places of derived values (on-track values, gaps, rates) in the report.
pub const PLACES: u32 = 4;

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// Satisfied — in its year, or already before it by a level that accumulates or grows.
    Met,
    /// Satisfied by an observation before its year, for a target an early year cannot settle:
    /// a ceiling (失业率 ≤ 3.0), a share or a rate measured afresh each year (公众安全感,
    /// 空气优良天数比例, 跨境电商增长率). Within the requirement so far; its year's own
    /// observation decides.
    MetSoFar,
    /// Not yet satisfied, but at least as good as the on-track value.
    OnTrack,
    /// Short of the on-track value by at most 10 % of it.
    Behind,
    /// Short of the on-track value by more than that.
    OffTrack,
    /// Its year has come and the observation of that year does not satisfy it.
    Missed,
    /// What the judgement needs was not observed (or the plan gives no base).
    NoData,
}

impl ProgressStatus {
    /// Every status, from best to worst, then `no_data`.
    pub const ALL: [ProgressStatus; 7] = [
        Self::Met,
        Self::MetSoFar,
        Self::OnTrack,
        Self::Behind,
        Self::OffTrack,
        Self::Missed,
        Self::NoData,
    ];

    /// The status's key in reports, e.g. `met_so_far`, `off_track`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::MetSoFar => "met_so_far",
            Self::OnTrack => "on_track",
            Self::Behind => "behind",
            Self::OffTrack => "off_track",
            Self::Missed => "missed",
            Self::NoData => "no_data",
        }
    }

    /// The status in Chinese, e.g. 进度正常, 略有滞后.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Met => "已达成",
            Self::MetSoFar => "目前符合要求（以目标年份的观测值为准）",
            Self::OnTrack => "进度正常",
            Self::Behind => "略有滞后",
            Self::OffTrack => "明显滞后",
            Self::Missed => "未达成",
            Self::NoData => "缺少数据",
        }
    }

    /// The status in English, e.g. `on track`, `behind`.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::MetSoFar => "within so far (its own year decides)",
            Self::OnTrack => "on track",
            Self::Behind => "behind",
            Self::OffTrack => "off track",
            Self::Missed => "missed",
            Self::NoData => "no data",
        }
    }

    /// A rank where higher is better, for comparing two judgements of the same target.
    /// `no_data` has no rank.
    pub fn rank(self) -> Option<u8> {
        match self {
            Self::Met | Self::MetSoFar => Some(4),
            Self::OnTrack => Some(3),
            Self::Behind => Some(2),
            Self::OffTrack | Self::Missed => Some(1),
            Self::NoData => None,
        }
    }
}

/// A value in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct YearValue {
    /// The year, e.g. 2022.
    pub year: u16,
    /// The value as canonical decimal text, in the indicator's unit.
    pub value: String,
}

/// Where an indicator's paths start in 2020 (the base year), and from what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Baseline {
    /// The 2020 value as canonical decimal text, in the indicator's unit.
    pub value: String,
    /// `plan` (the table's 2020 column), `observed` (the input's 2020 value) or `definition`
    /// (an accumulation is 0 in 2020).
    pub source: &'static str,
    /// The input's own 2020 value when it differs from the plan's, which every path and growth
    /// target of the indicator measures from instead: set aside, and said so in every view.
    pub observed_set_aside: Option<String>,
}

/// A target's number as the plan states it, with its unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ThresholdText {
    /// The number as canonical decimal text: `30` for 30%, `4` for 翻两番, `135` for 135 亿元.
    pub value: String,
    /// Its unit: the indicator's for levels (亿元), `%` for growth and reductions, `倍` for
    /// multiples.
    pub unit: String,
}

/// One target's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TargetProgress {
    /// The target's id, e.g. `indicator.gdp.2025`.
    pub target_id: String,
    /// The anchor year the target is set for.
    pub year: u16,
    /// What kind of goal it states (`level`, `annual_growth`, `multiple`, `annual_reduction`).
    pub goal: Goal,
    /// The base year of growth, multiple and reduction goals.
    pub since: u16,
    /// Whether it is a cell of the appendix table (`table`) or a sentence of the prose (`prose`).
    pub source: Source,
    /// What missing it means (`binding` for 约束性, `expected` for 预期性, `guidance` for 指导性).
    pub property: Property,
    /// The target's own comparator (`>`, `>=`, `<=`, `<`), or `about` for 左右.
    pub comparator: &'static str,
    /// The plan's word it is read from (达到, 超, 左右 …; `表列目标值` for a bare table value).
    pub wording: String,
    /// The number as the plan states it, with its unit.
    pub threshold: ThresholdText,
    /// For 左右: the half-width of the band, in the threshold's unit.
    pub tolerance: Option<String>,
    /// What the target requires of the indicator in its year, in the indicator's unit.
    pub required: Option<String>,
    /// How `required` is judged: for 左右, `>=` where more is better and `<=` where less is
    /// (the band's edge that must be reached). Not in the canonical JSON, which keeps the
    /// target's own comparator; tables print it so they cannot disagree with the judging.
    #[serde(skip)]
    pub required_comparator: Option<Comparator>,
    /// Where the target stands.
    pub status: ProgressStatus,
    /// A missed 约束性 target.
    pub violation: bool,
    /// The observation judged.
    pub observed: Option<YearValue>,
    /// The on-track value for the observation's year (targets still ahead).
    pub on_track: Option<String>,
    /// How the on-track path was drawn (`geometric`, `linear`, `goal`); `null` when none was
    /// needed.
    pub interpolation: Option<Interpolation>,
    /// Where the path to this target starts.
    pub path_from: Option<YearValue>,
    /// Observed minus on-track (or minus required, for a target whose year has come).
    pub gap: Option<String>,
    /// For amounts, counts and per-capita levels not yet met: the average annual growth in
    /// percent still needed from the observation to the target.
    pub required_annual_growth: Option<String>,
    /// For shares, rates and accumulations not yet met: the change in points per year still
    /// needed.
    pub required_annual_change: Option<String>,
    /// For 左右: whether the observation lies inside the band.
    pub in_band: Option<bool>,
    /// Where in the plan the target stands.
    pub citation: Citation,
    /// The judgement in a sentence, in both languages.
    pub message: Text,
    /// Stated as something to strive for (力争, 争取, 努力).
    pub aspiration: bool,
    /// The readings of the plan's words the judgement rests on.
    pub readings: Vec<String>,
    /// The status under the alternatives of those readings; `null` when it would be the same
    /// (or no alternative can be evaluated).
    pub alternative_status: Option<ProgressStatus>,
}

/// One indicator with its targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct IndicatorProgress {
    /// The indicator's id, e.g. `gdp`.
    pub id: String,
    /// Its row in the appendix table (1–34); `null` for a prose-only indicator.
    pub number: Option<u8>,
    /// Its category in the appendix, e.g. `overall_strength`.
    pub category: super::Category,
    /// Its name in both languages.
    pub name: Text,
    /// Its unit as the plan writes it (亿元, %, 万人 …): every value of this entry is in it.
    pub unit: String,
    /// What kind of quantity it is (`amount`, `count`, `per_capita`, `share`, `rate`,
    /// `cumulative`).
    pub measure: Measure,
    /// Which way is better (`higher`, `lower`).
    pub direction: Direction,
    /// Where its paths start in 2020; `null` when neither the plan nor the input gives a value.
    pub baseline: Option<Baseline>,
    /// The input's observations of the indicator, by year.
    pub observations: Vec<YearValue>,
    /// Its targets, in the rulebook's order.
    pub targets: Vec<TargetProgress>,
}

/// How many targets stand where: the progress report's `summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = ProgressSummary))]
pub struct Summary {
    /// Every target judged.
    pub targets: usize,
    /// Targets `met`.
    pub met: usize,
    /// Targets `met_so_far`.
    pub met_so_far: usize,
    /// Targets `on_track`.
    pub on_track: usize,
    /// Targets `behind`.
    pub behind: usize,
    /// Targets `off_track`.
    pub off_track: usize,
    /// Targets `missed`.
    pub missed: usize,
    /// Targets `no_data`.
    pub no_data: usize,
    /// Missed 约束性 targets (each also counted as `missed`).
    pub violations: usize,
}

/// The zone's progress in an evaluation year: every target's status, and the counts.
// Canonical JSON: the field order is the declaration order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ProgressReport<'r> {
    /// The engine that judged.
    pub engine: Engine,
    /// The rulebook that judged: id, version and SHA-256.
    pub rulebook: RulebookRef<'r>,
    /// The SHA-256 (hex) of the observations' canonical JSON (`[{"indicator", "year", "value",
    /// "unit"}]` in rulebook order, then by year, each value as canonical decimal text in the
    /// indicator's unit), so a stored report names exactly what it measured.
    pub input_sha256: String,
    /// The evaluation year.
    pub year: u16,
    /// How many targets stand where.
    pub summary: Summary,
    /// Every indicator with its targets, in the rulebook's order.
    pub indicators: Vec<IndicatorProgress>,
    /// The readings evaluated under their alternative; empty under the chosen readings.
    pub alternative_readings: Vec<String>,
}

impl ProgressReport<'_> {
    /// The canonical JSON text of this report.
    pub fn to_canonical_json(&self) -> String {
        canonical::to_json(self)
    }

    /// The entry of the indicator with this id, if the rulebook has it.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorProgress> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The progress of the target with this id, if the rulebook has it.
    pub fn target(&self, id: &str) -> Option<&TargetProgress> {
        self.indicators
            .iter()
            .flat_map(|i| i.targets.iter())
            .find(|t| t.target_id == id)
    }
}

impl Rulebook {
    /// Evaluate the zone's progress in `year` from observed values.
    ///
    /// ```
    /// use shenfu_rules::{Rulebook, zone::{Observations, ProgressStatus}};
    /// let book = Rulebook::embedded();
    /// let mut obs = Observations::default();
    /// obs.add(book, "gdp", 2023, "200", Some("亿元"))?;
    /// let report = book.progress(&obs, 2023)?;
    /// // The table wants 135 in 2022 and 300 in 2025: the geometric path passes 2023 at
    /// // 135 × (300/135)^(1/3) ≈ 176.169, so 200 is on track for 2025.
    /// let t = report.target("indicator.gdp.2025").unwrap();
    /// assert_eq!(t.status, ProgressStatus::OnTrack);
    /// assert_eq!(t.on_track.as_deref(), Some("176.169"));
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn progress(&self, observations: &Observations, year: u16) -> Result<ProgressReport<'_>> {
        crate::Options::year(year).validate()?;
        let mut summary = Summary::default();
        let mut indicators = Vec::with_capacity(self.indicators().len());
        for (index, indicator) in self.indicators().iter().enumerate() {
            let targets: Vec<TargetProgress> = self
                .targets()
                .iter()
                .enumerate()
                .filter(|(_, t)| t.indicator == index)
                .map(|(k, t)| {
                    let mut judged = judge(self, indicator, index, t, observations, year);
                    judged.alternative_status = self
                        .alternative_target(k)
                        .and_then(|other| {
                            let at = other.indicator;
                            let on = self.indicators().get(at)?;
                            Some(judge(self, on, at, &other, observations, year).status)
                        })
                        .filter(|other| *other != judged.status);
                    judged
                })
                .collect();
            for t in &targets {
                summary.targets += 1;
                summary.violations += usize::from(t.violation);
                *match t.status {
                    ProgressStatus::Met => &mut summary.met,
                    ProgressStatus::MetSoFar => &mut summary.met_so_far,
                    ProgressStatus::OnTrack => &mut summary.on_track,
                    ProgressStatus::Behind => &mut summary.behind,
                    ProgressStatus::OffTrack => &mut summary.off_track,
                    ProgressStatus::Missed => &mut summary.missed,
                    ProgressStatus::NoData => &mut summary.no_data,
                } += 1;
            }
            indicators.push(IndicatorProgress {
                id: indicator.id.clone(),
                number: indicator.number,
                category: indicator.category,
                name: indicator.name.clone(),
                unit: indicator.unit.name().to_owned(),
                measure: indicator.measure,
                direction: indicator.direction,
                baseline: baseline(indicator, index, observations).map(|(v, source)| Baseline {
                    value: dec_text(v),
                    source,
                    observed_set_aside: observations
                        .get(index, BASE_YEAR)
                        .filter(|seen| source == "plan" && *seen != v)
                        .map(dec_text),
                }),
                observations: observations
                    .of(index)
                    .map(|(y, v)| YearValue {
                        year: y,
                        value: dec_text(v),
                    })
                    .collect(),
                targets,
            });
        }
        Ok(ProgressReport {
            engine: Engine::CURRENT,
            rulebook: self.reference(),
            input_sha256: observations.input_sha256(self),
            year,
            summary,
            indicators,
            alternative_readings: self.alternatives().to_vec(),
        })
    }
}

/// The 2020 value: the plan's, by definition 0 for an accumulation, or the observed one.
fn baseline(
    indicator: &Indicator,
    index: usize,
    observations: &Observations,
) -> Option<(Decimal, &'static str)> {
    match (indicator.baseline, indicator.measure) {
        (Some(v), _) => Some((v, "plan")),
        (None, Measure::Cumulative) => Some((Decimal::ZERO, "definition")),
        (None, _) => observations.get(index, BASE_YEAR).map(|v| (v, "observed")),
    }
}

/// The value in `year` a goal is relative to.
fn base_value(
    indicator: &Indicator,
    index: usize,
    target: &Target,
    observations: &Observations,
) -> Option<Decimal> {
    if target.since == BASE_YEAR {
        baseline(indicator, index, observations).map(|(v, _)| v)
    } else {
        observations.get(index, target.since)
    }
}

/// The anchors of the path to a level target: the base year's value (if known), then for a
/// table target every earlier table value of its row, then the target itself.
fn level_anchors(
    book: &Rulebook,
    indicator: &Indicator,
    index: usize,
    target: &Target,
    required: Decimal,
    observations: &Observations,
) -> Vec<(u16, Decimal)> {
    let mut anchors: Vec<(u16, Decimal)> = base_value(indicator, index, target, observations)
        .map(|v| (target.since, v))
        .into_iter()
        .collect();
    if target.source == Source::Table {
        anchors.extend(
            book.targets()
                .iter()
                .filter(|t| {
                    t.indicator == index && t.source == Source::Table && t.year < target.year
                })
                .map(|t| (t.year, t.threshold)),
        );
    }
    anchors.push((target.year, required));
    anchors.sort_by_key(|(year, _)| *year);
    anchors
}

/// The segment of `anchors` that holds `year`: the last anchor at or before it and the next.
fn segment(anchors: &[(u16, Decimal)], year: u16) -> Option<((u16, Decimal), (u16, Decimal))> {
    anchors.windows(2).find_map(|w| match w {
        [a, b] if a.0 <= year && year < b.0 => Some((*a, *b)),
        _ => None,
    })
}

fn text(value: Decimal) -> String {
    rounded(value, PLACES).0
}

#[derive(Default)]
struct Findings {
    observed: Option<(u16, Decimal)>,
    on_track: Option<Decimal>,
    interpolation: Option<Interpolation>,
    path_from: Option<(u16, Decimal)>,
    gap: Option<Decimal>,
    growth: Option<Decimal>,
    change: Option<Decimal>,
    in_band: Option<bool>,
    /// What the plan's words require and the table cell that prints it, which is judged.
    printed: Option<(Decimal, Decimal)>,
    /// Why there is no judgement.
    missing: Option<Text>,
}

/// One target judged (out of line: called for the rulebook and for its alternate reading).
#[inline(never)]
fn judge(
    book: &Rulebook,
    indicator: &Indicator,
    index: usize,
    target: &Target,
    observations: &Observations,
    year: u16,
) -> TargetProgress {
    let base = base_value(indicator, index, target, observations);
    let mut requirement = target.requirement(indicator, base);
    let mut f = Findings::default();
    // A prose requirement the table prints to its precision is the table's (10.227 亿元 is the
    // table's 10): judged as the conflicts list them, in agreement.
    if let Some(req) = requirement
        .as_mut()
        .filter(|_| matches!(target.relation, Relation::Compare(_)))
        && let Some(cell) = super::conflict::printed_by(book, indicator, target, req.value)
    {
        f.printed = Some((req.value, cell.threshold));
        req.value = cell.threshold;
    }
    let status = match requirement {
        None => {
            f.missing = Some(Text {
                zh: format!("缺少 {} 年基数（规划未给出，观测值中也没有）", target.since),
                en: format!(
                    "no {} value to measure from (the plan gives none and none was observed)",
                    target.since
                ),
            });
            ProgressStatus::NoData
        }
        Some(req) if year >= target.year => {
            due(indicator, index, target, &req, observations, &mut f)
        }
        Some(req) => ahead(
            book,
            indicator,
            index,
            target,
            &req,
            base,
            observations,
            year,
            &mut f,
        ),
    };
    let violation = status == ProgressStatus::Missed && target.property == Property::Binding;
    let message = message(indicator, target, requirement.as_ref(), status, &f, year);
    TargetProgress {
        target_id: target.id.clone(),
        year: target.year,
        goal: target.goal,
        since: target.since,
        source: target.source,
        property: target.property,
        comparator: target.relation.symbol(),
        wording: target.wording.clone(),
        threshold: ThresholdText {
            value: dec_text(target.threshold),
            unit: target.threshold_unit.clone(),
        },
        tolerance: match target.relation {
            Relation::About { tolerance } => Some(dec_text(tolerance)),
            Relation::Compare(_) => None,
        },
        required: requirement.map(|r| text(r.value)),
        required_comparator: requirement.map(|r| r.comparator),
        status,
        violation,
        observed: f.observed.map(|(y, v)| YearValue {
            year: y,
            value: dec_text(v),
        }),
        on_track: f.on_track.map(text),
        interpolation: f.interpolation,
        path_from: f.path_from.map(|(y, v)| YearValue {
            year: y,
            value: text(v),
        }),
        gap: f.gap.map(text),
        required_annual_growth: f.growth.map(|g| rounded(g, 2).0),
        required_annual_change: f.change.map(text),
        in_band: f.in_band,
        citation: target.citation.clone(),
        message,
        aspiration: target.aspiration,
        readings: target.readings.clone(),
        alternative_status: None,
    }
}

fn in_band(target: &Target, req: &Requirement, observed: Decimal) -> Option<bool> {
    let Relation::About { .. } = target.relation else {
        return None;
    };
    let far = req.band_far_edge?;
    let (low, high) = if req.value <= far {
        (req.value, far)
    } else {
        (far, req.value)
    };
    Some((low..=high).contains(&observed))
}

/// A target whose year has come: judged on the observation of that year.
fn due(
    indicator: &Indicator,
    index: usize,
    target: &Target,
    req: &Requirement,
    observations: &Observations,
    f: &mut Findings,
) -> ProgressStatus {
    let Some(observed) = observations.get(index, target.year) else {
        f.missing = Some(Text {
            zh: format!("缺少{}的 {} 年观测值", indicator.name.zh, target.year),
            en: format!(
                "no observation of {} for {}",
                indicator.name.en, target.year
            ),
        });
        return ProgressStatus::NoData;
    };
    f.observed = Some((target.year, observed));
    f.gap = Some(observed - req.value);
    f.in_band = in_band(target, req, observed);
    if req.holds(observed) {
        ProgressStatus::Met
    } else {
        ProgressStatus::Missed
    }
}

/// Whether an observation before a target's year that satisfies it settles it: only a floor on
/// what is counted up to a date (a count of enterprises, a running total). A ceiling can be
/// broken later; a yearly flow (GDP, 进出口, budget revenue: the amount of one year), a level per
/// head, a share or a rate is measured afresh every year, so its own year decides.
fn settled_early(indicator: &Indicator, req: &Requirement) -> bool {
    matches!(req.comparator, Comparator::Ge | Comparator::Gt)
        && indicator.direction == Direction::Higher
        && matches!(indicator.measure, Measure::Count | Measure::Cumulative)
}

/// A target still ahead: judged on the latest observation against the on-track value.
#[allow(clippy::too_many_arguments)]
fn ahead(
    book: &Rulebook,
    indicator: &Indicator,
    index: usize,
    target: &Target,
    req: &Requirement,
    base: Option<Decimal>,
    observations: &Observations,
    year: u16,
    f: &mut Findings,
) -> ProgressStatus {
    // The path: exact compounding for growth and reduction goals, otherwise anchors joined
    // by the indicator's interpolation (a multiple of the base: geometric).
    let anchors = match target.goal {
        Goal::Level => level_anchors(book, indicator, index, target, req.value, observations),
        Goal::Multiple => base
            .map(|b| vec![(target.since, b), (target.year, req.value)])
            .unwrap_or_default(),
        Goal::AnnualGrowth | Goal::AnnualReduction => {
            base.map(|b| vec![(target.since, b)]).unwrap_or_default()
        }
    };
    // Observations before the path starts say nothing about it; without a start, any will do
    // to tell `met` from `no_data`.
    let earliest = anchors
        .first()
        .map(|(y, _)| *y)
        .filter(|y| *y < target.year)
        .unwrap_or(BASE_YEAR);
    let Some((seen_year, observed)) = observations.latest(index, earliest, year) else {
        f.missing = Some(Text {
            zh: format!("{earliest}–{year} 年间没有{}的观测值", indicator.name.zh),
            en: format!(
                "no observation of {} in {earliest}–{year}",
                indicator.name.en
            ),
        });
        return ProgressStatus::NoData;
    };
    f.observed = Some((seen_year, observed));
    f.in_band = in_band(target, req, observed);
    if req.holds(observed) {
        return if settled_early(indicator, req) {
            ProgressStatus::Met
        } else {
            ProgressStatus::MetSoFar
        };
    }
    let remaining = target.year.saturating_sub(seen_year);
    match indicator.measure.interpolation() {
        Interpolation::Geometric => {
            f.growth = path::annual_growth_needed(observed, req.value, remaining);
        }
        Interpolation::Linear | Interpolation::Goal => {
            f.change = (remaining > 0)
                .then(|| (req.value - observed).checked_div(Decimal::from(remaining)))
                .flatten();
        }
    }
    let on_track = match target.goal {
        Goal::AnnualGrowth | Goal::AnnualReduction => {
            f.interpolation = Some(Interpolation::Goal);
            f.path_from = anchors.first().copied();
            target.goal_path(indicator, base, seen_year)
        }
        Goal::Multiple | Goal::Level => segment(&anchors, seen_year).and_then(|(a, b)| {
            let how = match target.goal {
                Goal::Multiple => Interpolation::Geometric,
                _ => indicator.measure.interpolation(),
            };
            f.interpolation = Some(how);
            f.path_from = Some(a);
            match how {
                Interpolation::Geometric => path::geometric(a.0, a.1, b.0, b.1, seen_year),
                Interpolation::Linear | Interpolation::Goal => {
                    path::linear(a.0, a.1, b.0, b.1, seen_year)
                }
            }
        }),
    };
    let Some(on_track) = on_track else {
        f.missing = Some(Text {
            zh: format!("没有 {} 年的起点值，无法画出进度路径", target.since),
            en: format!(
                "no starting value for {}, so there is no path to compare with",
                target.since
            ),
        });
        return ProgressStatus::NoData;
    };
    f.on_track = Some(on_track);
    f.gap = Some(observed - on_track);
    if goodness(indicator.direction, observed, on_track) != Ordering::Less {
        return ProgressStatus::OnTrack;
    }
    let shortfall = (observed - on_track).abs();
    let allowed = on_track.abs() * Decimal::from(BEHIND_WITHIN_PERCENT) / Decimal::ONE_HUNDRED;
    if shortfall <= allowed {
        ProgressStatus::Behind
    } else {
        ProgressStatus::OffTrack
    }
}

fn message(
    indicator: &Indicator,
    target: &Target,
    req: Option<&Requirement>,
    status: ProgressStatus,
    f: &Findings,
    year: u16,
) -> Text {
    let unit = indicator.unit.name();
    let name = &indicator.name;
    let head_zh = format!(
        "{}年目标（{}「{}」）",
        target.year,
        target.property.name_zh(),
        target.citation.quote.replace('\t', " ")
    );
    let head_en = format!(
        "{} target (\"{}\")",
        target.year,
        target.citation.quote.replace('\t', " ")
    );
    if let Some(why) = &f.missing {
        return Text {
            zh: format!("{head_zh}：{}，{year} 年无法判断。", why.zh),
            en: format!("{head_en}: {}; cannot be judged in {year}.", why.en),
        };
    }
    let (Some(req), Some((seen, observed))) = (req, f.observed) else {
        return Text::default();
    };
    let required = format!("{} {} {unit}", req.comparator.symbol(), text(req.value));
    let obs = format!("{} {unit}", dec_text(observed));
    let mut zh = format!(
        "{head_zh}：{seen} 年{}为 {obs}，要求 {required}，{}。",
        name.zh,
        status.name_zh()
    );
    let mut en = format!(
        "{head_en}: {} was {obs} in {seen}; required {required}; {}.",
        name.en,
        status.name_en()
    );
    if let Some((words, cell)) = f.printed {
        let (words, cell) = (text(words), dec_text(cell));
        zh.push_str(&format!(
            "规划文字要求 {words} {unit}，附件表按其精度列为 {cell} {unit}，二者一致，按 {cell} {unit} 判断。"
        ));
        en.push_str(&format!(
            " The plan's words ask {words} {unit}, which the table prints as {cell} {unit}: they agree, so {cell} {unit} is required."
        ));
    }
    if let (Some(on), Some(how), Some((from, s))) = (f.on_track, f.interpolation, f.path_from) {
        let how_zh = match how {
            Interpolation::Geometric => "几何插值",
            Interpolation::Linear => "线性插值",
            Interpolation::Goal => "按目标增速复利",
        };
        zh.push_str(&format!(
            "{seen} 年进度值 {} {unit}（{how_zh}，自 {from} 年 {} {unit}）。",
            text(on),
            text(s)
        ));
        en.push_str(&format!(
            " On-track value for {seen}: {} {unit} ({}, from {} {unit} in {from}).",
            text(on),
            how.key(),
            text(s)
        ));
    }
    if let Some(g) = f.growth {
        zh.push_str(&format!("此后需年均增长 {}%。", rounded(g, 2).0));
        en.push_str(&format!(" Needs {}% a year from here.", rounded(g, 2).0));
    }
    if let Some(c) = f.change {
        zh.push_str(&format!("此后需每年变化 {} {unit}。", text(c)));
        en.push_str(&format!(" Needs {} {unit} a year from here.", text(c)));
    }
    if status == ProgressStatus::Missed && target.property == Property::Binding {
        // The appendix gives its values as 建议值 and 测算 (reading `wording.table_value`).
        if target.source == Source::Table {
            zh.push_str("约束性指标未达到附件表所列的建议值（附件称其为“建议值”“测算情况”）。");
            en.push_str(
                " The table's suggested value for a binding indicator is not reached (the appendix calls its values suggested values and estimates).",
            );
        } else {
            zh.push_str("约束性指标未达成。");
            en.push_str(" A binding target was missed.");
        }
    }
    Text { zh, en }
}
