//! The zone's indicators: the 34 rows of the appendix table and the quantities the prose names.
//! An indicator fixes what an observation means (its unit), how a path to a target is drawn
//! (its [`Measure`]) and which way is better (its [`Direction`]).

use crate::quantity::MoneyUnit;
use crate::vocab::{Citation, Property, Text};
use rust_decimal::Decimal;
use serde::Serialize;

/// The appendix's five categories (类别), in table order. Prose-only indicators are placed in
/// the category their subject belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 综合实力提升.
    OverallStrength,
    /// 科技创新引领.
    Innovation,
    /// 开放合作先行.
    OpeningUp,
    /// 构建现代化产业体系.
    ModernIndustry,
    /// 四宜示范区建设.
    LivableZone,
}

impl Category {
    /// The five categories, in table order.
    pub const ALL: [Category; 5] = [
        Self::OverallStrength,
        Self::Innovation,
        Self::OpeningUp,
        Self::ModernIndustry,
        Self::LivableZone,
    ];

    /// The category its key names (`overall_strength`, `innovation` …), as rulebooks write it.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == text)
    }

    /// The category's key in rulebooks and reports, e.g. `opening_up`.
    pub fn key(self) -> &'static str {
        match self {
            Self::OverallStrength => "overall_strength",
            Self::Innovation => "innovation",
            Self::OpeningUp => "opening_up",
            Self::ModernIndustry => "modern_industry",
            Self::LivableZone => "livable_zone",
        }
    }

    /// The appendix's heading, e.g. 开放合作先行.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::OverallStrength => "综合实力提升",
            Self::Innovation => "科技创新引领",
            Self::OpeningUp => "开放合作先行",
            Self::ModernIndustry => "构建现代化产业体系",
            Self::LivableZone => "四宜示范区建设",
        }
    }

    /// The heading in English, e.g. `Opening up and cooperation`.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::OverallStrength => "Overall strength",
            Self::Innovation => "Science and innovation",
            Self::OpeningUp => "Opening up and cooperation",
            Self::ModernIndustry => "Modern industrial system",
            Self::LivableZone => "A zone good to live, work, visit and create in",
        }
    }
}

/// What kind of quantity an indicator is. It decides how the on-track path between two anchor
/// years is drawn and which values are admissible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// An amount or size (亿元, 亿美元, 万人): non-negative, grows geometrically.
    Amount,
    /// A number of things (企业, 平台): a non-negative whole number, grows geometrically.
    Count,
    /// A level per head, per area or per 10,000 people: non-negative, grows geometrically.
    PerCapita,
    /// A percentage of a whole, 0–100: moves linearly.
    Share,
    /// A rate of change in percent (may be negative): moves linearly.
    Rate,
    /// A quantity accumulated since 2020 (it is 0 in 2020 by definition): moves linearly.
    Cumulative,
}

impl Measure {
    /// The measure its key names (`amount`, `count`, `per_capita`, `share`, `rate`, `cumulative`),
    /// as rulebooks write it.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "amount" => Self::Amount,
            "count" => Self::Count,
            "per_capita" => Self::PerCapita,
            "share" => Self::Share,
            "rate" => Self::Rate,
            "cumulative" => Self::Cumulative,
            _ => return None,
        })
    }

    /// The measure's key in rulebooks and reports, e.g. `per_capita`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Amount => "amount",
            Self::Count => "count",
            Self::PerCapita => "per_capita",
            Self::Share => "share",
            Self::Rate => "rate",
            Self::Cumulative => "cumulative",
        }
    }

    /// Levels and amounts grow by a rate (geometric path); shares, rates and accumulations
    /// move by points (linear path).
    pub fn interpolation(self) -> Interpolation {
        match self {
            Self::Amount | Self::Count | Self::PerCapita => Interpolation::Geometric,
            Self::Share | Self::Rate | Self::Cumulative => Interpolation::Linear,
        }
    }

    /// Whether a negative observation is meaningful (a falling growth rate, energy intensity
    /// that rose instead of falling).
    pub fn allows_negative(self) -> bool {
        matches!(self, Self::Rate | Self::Cumulative)
    }
}

/// How the on-track value between two anchors is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Interpolation {
    /// Constant annual growth rate: `S × (R/S)^(t/n)`.
    Geometric,
    /// Constant annual change: `S + (R − S) × t/n`.
    Linear,
    /// The goal's own path: `V₀ × (1 + g)^t` for growth, `1 − (1 − r)^t` for reductions.
    Goal,
}

impl Interpolation {
    /// The path's key in reports (`geometric`, `linear`, `goal`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Geometric => "geometric",
            Self::Linear => "linear",
            Self::Goal => "goal",
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (产值, 企业数).
    Higher,
    /// Less is better (能耗, 排放).
    Lower,
}

impl Direction {
    /// `higher` or `lower`: which way is better, as the canonical JSON writes it.
    pub fn key(self) -> &'static str {
        match self {
            Self::Higher => "higher",
            Self::Lower => "lower",
        }
    }
}

/// The unit observations of an indicator are given in. Money units convert exactly within one
/// currency (亿元 ⇄ 万元 ⇄ 元); every other unit must be given as the plan writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndicatorUnit {
    /// A money unit (亿元, 万元, 亿美元 …): observations in another unit of the same currency are
    /// converted exactly.
    Money(MoneyUnit),
    /// Any other unit (%, 万人, 件, 个 …), as the plan writes it: observations must use exactly
    /// this text.
    Other(String),
}

impl IndicatorUnit {
    /// A money unit if the text names one ([`MoneyUnit::parse`]), otherwise the text as it is.
    pub fn parse(text: &str) -> Self {
        match MoneyUnit::parse(text) {
            Ok(unit) => Self::Money(unit),
            Err(_) => Self::Other(text.to_owned()),
        }
    }

    /// The unit's name as the plan writes it, e.g. 亿元, `%`, 万人.
    pub fn name(&self) -> &str {
        match self {
            Self::Money(unit) => unit.name(),
            Self::Other(text) => text,
        }
    }
}

/// One indicator of the zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// The indicator's id, e.g. `gdp`, `rd_intensity`: what observations and targets name it by.
    pub id: String,
    /// The row number in the appendix table (1–34); `None` for prose-only indicators.
    pub number: Option<u8>,
    /// Which of the appendix's five categories it belongs to.
    pub category: Category,
    /// Its name in both languages, e.g. 地区生产总值 / `Gross regional product`.
    pub name: Text,
    /// The unit observations of it are given in.
    pub unit: IndicatorUnit,
    /// What kind of quantity it is: how its path is drawn and which values are admissible.
    pub measure: Measure,
    /// Which way is better.
    pub direction: Direction,
    /// The 2020 value the plan gives (the table's 2020 column), if any.
    pub baseline: Option<Decimal>,
    /// 预期性 / 约束性, from the table row; `None` for prose-only indicators.
    pub property: Option<Property>,
    /// The table row, for table indicators.
    pub citation: Option<Citation>,
}

impl Indicator {
    /// The value the path starts from in 2020: the plan's baseline, or 0 for an accumulation
    /// (nothing has accumulated yet in the base year).
    pub fn plan_baseline(&self) -> Option<Decimal> {
        self.baseline
            .or((self.measure == Measure::Cumulative).then_some(Decimal::ZERO))
    }
}
