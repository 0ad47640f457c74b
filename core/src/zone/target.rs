//! Targets: what the plan wants an indicator to be in an anchor year. Each goal kind is its own
//! evaluator — a level, an average annual growth (年均增速), a multiple of the base year
//! (翻两番), an average annual reduction (年均降低) — rather than a threshold squeezed into one
//! shape, so the report can say what was required and why.

use super::indicator::{Direction, Indicator};
use super::path;
use crate::comparator::Comparator;
use crate::vocab::{Citation, Property, Text};
use rust_decimal::Decimal;
use serde::Serialize;
use std::cmp::Ordering;

/// The first year of the plan's base: growth, multiples and reductions count from here.
pub const BASE_YEAR: u16 = 2020;

/// What kind of goal a target states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// The indicator's value in the anchor year (达到 8 件, ≥60%, 135 亿元).
    Level,
    /// Average annual growth in percent from `since` to the anchor year (年均增速 30%以上).
    AnnualGrowth,
    /// The anchor-year value as a multiple of the `since` value (翻两番 = ×4).
    Multiple,
    /// Average annual reduction in percent of a quantity whose cumulative reduction since
    /// `since` is the indicator (单位 GDP 能耗年均降低 10%左右).
    AnnualReduction,
}

impl Goal {
    /// The goal its key names (`level`, `annual_growth`, `multiple`, `annual_reduction`), as
    /// rulebooks write it.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "level" => Self::Level,
            "annual_growth" => Self::AnnualGrowth,
            "multiple" => Self::Multiple,
            "annual_reduction" => Self::AnnualReduction,
            _ => return None,
        })
    }

    /// The goal's key in rulebooks and reports, e.g. `annual_growth`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Level => "level",
            Self::AnnualGrowth => "annual_growth",
            Self::Multiple => "multiple",
            Self::AnnualReduction => "annual_reduction",
        }
    }

    /// Whether the goal is relative to the value in its base year.
    pub fn needs_base(self) -> bool {
        matches!(self, Self::AnnualGrowth | Self::Multiple)
    }
}

/// How the goal's number binds: a comparator by Civil Code art. 1259, or 左右 with a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// A plain comparison read from the plan's wording (达到, 超, 以上 …).
    Compare(Comparator),
    /// 左右: within `tolerance` of the number. For an indicator where more is better the lower
    /// edge is what must be reached (being above the band is never a shortfall), and the
    /// report says whether the value lies inside the band.
    About {
        /// The half-width of the band, in the threshold's unit: the rulebook states it, since the
        /// plan gives none (年均增速 30%左右 → 30 ± 1.5).
        tolerance: Decimal,
    },
}

impl Relation {
    /// The comparator's symbol (`>`, `>=`, `<=`, `<`), or `about` for 左右.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Compare(c) => c.symbol(),
            Self::About { .. } => "about",
        }
    }
}

/// Where a target comes from: a cell of the appendix table or a sentence of the prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = TargetSource))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A cell of the appendix table (its year's column).
    Table,
    /// A sentence of the prose.
    Prose,
}

/// One target of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The target's id, e.g. `target.rd_intensity.2022.guidance`.
    pub id: String,
    /// Index into [`crate::Rulebook::indicators`].
    pub indicator: usize,
    /// What missing the target means, as the plan says (约束性, 预期性, 指导性).
    pub property: Property,
    /// The anchor year the target is set for, e.g. 2025.
    pub year: u16,
    /// What kind of goal it states.
    pub goal: Goal,
    /// The base year growth, multiples and reductions count from: [`BASE_YEAR`] unless the plan
    /// names another.
    pub since: u16,
    /// How the goal's number binds.
    pub relation: Relation,
    /// The plan's word the relation is read from (达到, 超, 左右 …; `表列目标值` for a bare number
    /// in the table).
    pub wording: String,
    /// The number as the plan states it (30 for 30%, 4 for 翻两番, 135 for 135 亿元).
    pub threshold: Decimal,
    /// Its unit: the indicator's unit for levels, `%` for growth and reductions, `倍` for
    /// multiples.
    pub threshold_unit: String,
    /// Whether it is a cell of the table or a sentence of the prose.
    pub source: Source,
    /// Where in the plan it stands: the section and the verbatim quote.
    pub citation: Citation,
    /// What the rulebook adds about how the target is read, in both languages; `None` when nothing.
    pub note: Option<Text>,
    /// The ids of the readings the target rests on ([`crate::rulebook::Reading`]).
    pub readings: Vec<String>,
    /// Stated as something to strive for (力争, 争取, 努力): softer than a plain target, and
    /// never the stricter side of a conflict.
    pub aspiration: bool,
}

/// The plan's words for striving (力争, 争取, 努力): a target whose quote has one is an
/// aspiration.
pub const STRIVE_WORDS: [&str; 3] = ["力争", "争取", "努力"];

/// Whether a quote states an aspiration.
pub fn is_aspiration(quote: &str) -> bool {
    STRIVE_WORDS.iter().any(|w| quote.contains(w))
}

/// What a target requires of the indicator's value in its anchor year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    /// The value to compare with (for 左右: the band edge that must be reached).
    pub value: Decimal,
    /// How the observed value must stand to `value`.
    pub comparator: Comparator,
    /// For 左右: the other edge of the band, so the report can say "above the band".
    pub band_far_edge: Option<Decimal>,
}

impl Requirement {
    /// Whether `observed` meets the requirement.
    pub fn holds(&self, observed: Decimal) -> bool {
        self.comparator.holds(observed.cmp(&self.value))
    }
}

impl Target {
    /// The anchor-year value this target requires, given the indicator's value in the base
    /// year (needed by growth and multiple goals). `None` when a needed base is missing or the
    /// arithmetic leaves Decimal's range.
    ///
    /// Levels need nothing; growth is `V₀ × (1 + g/100)^n`, a multiple `V₀ × k`, a reduction
    /// `100 × (1 − (1 − r/100)^n)` — all exact (integer powers of decimals).
    pub fn requirement(&self, indicator: &Indicator, base: Option<Decimal>) -> Option<Requirement> {
        let direction = indicator.direction;
        let near = self.number_to_reach(direction);
        let (far, comparator) = match (self.relation, direction) {
            (Relation::Compare(c), _) => (None, c),
            (Relation::About { tolerance }, Direction::Higher) => {
                (Some(self.threshold + tolerance), Comparator::Ge)
            }
            (Relation::About { tolerance }, Direction::Lower) => {
                (Some(self.threshold - tolerance), Comparator::Le)
            }
        };
        let years = self.year.checked_sub(self.since)?;
        let apply = |number: Decimal| -> Option<Decimal> {
            match self.goal {
                Goal::Level => Some(number),
                Goal::AnnualGrowth => path::grown(base?, number, years),
                Goal::Multiple => base?.checked_mul(number),
                Goal::AnnualReduction => path::reduced(number, years),
            }
        };
        Some(Requirement {
            value: apply(near)?,
            comparator,
            band_far_edge: match far {
                Some(edge) => Some(apply(edge)?),
                None => None,
            },
        })
    }

    /// The on-track value in `year` on the goal's own path, for goals that define one (growth
    /// and reduction: the required rate compounded for the years elapsed).
    pub fn goal_path(
        &self,
        indicator: &Indicator,
        base: Option<Decimal>,
        year: u16,
    ) -> Option<Decimal> {
        let years = year.checked_sub(self.since)?;
        let number = self.number_to_reach(indicator.direction);
        match self.goal {
            Goal::AnnualGrowth => path::grown(base?, number, years),
            Goal::AnnualReduction => path::reduced(number, years),
            Goal::Level | Goal::Multiple => None,
        }
    }

    /// The stated number, or for 左右 the band edge on the worse side.
    fn number_to_reach(&self, direction: Direction) -> Decimal {
        match (self.relation, direction) {
            (Relation::Compare(_), _) => self.threshold,
            (Relation::About { tolerance }, Direction::Higher) => self.threshold - tolerance,
            (Relation::About { tolerance }, Direction::Lower) => self.threshold + tolerance,
        }
    }
}

/// `a` compared with `b` by goodness: `Greater` when `a` is better for this direction.
pub fn goodness(direction: Direction, a: Decimal, b: Decimal) -> Ordering {
    match direction {
        Direction::Higher => a.cmp(&b),
        Direction::Lower => b.cmp(&a),
    }
}

/// Level targets of several indicators whose sum may not exceed another level target of the same
/// year and unit (the 2025 industrial clusters' outputs against 规上工业总产值): a check across
/// indicators, listed with the conflicts when the plan's own numbers fail it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossCheck {
    /// The check's id, e.g. `cross.manufacturing_clusters_within_industrial_output.2025`.
    pub id: String,
    /// The target that bounds the sum (its id).
    pub whole: String,
    /// The targets summed (their ids).
    pub parts: Vec<String>,
    /// Targets summed at a share of their level: (the level's target, the share's target, in
    /// %) — 规上工业总产值 × 制造业增加值率 is the value added of industry.
    pub scaled: Vec<(String, String)>,
    /// Why the parts should fit in the whole, and what the comparison does not settle.
    pub note: Text,
}
