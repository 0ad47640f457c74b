//! The shared vocabulary every layer speaks: text in both languages, where a rule comes from,
//! what failing it means, who it is about, a number with its unit, which engine and rulebook
//! decided, and the years of the plan. It depends on nothing else in the crate, so the model
//! (rulebook, zone), the evaluation (assess, progress) and the presentation (reports, charts,
//! errors) can all use it without importing each other.

use serde::Serialize;

/// The first and last year any threshold may apply to: the plan's baseline and its horizon.
pub const FIRST_YEAR: u16 = 2020;
/// The plan's horizon, 2035: the last year any threshold may apply to.
pub const LAST_YEAR: u16 = 2035;

/// Text in both languages of the reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Text {
    /// The Chinese half (zh-CN).
    pub zh: String,
    /// The English half.
    pub en: String,
}

/// Where a rule comes from: the plan's section and the verbatim quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Citation {
    /// The plan's section it stands in, as its headings number it, e.g.
    /// `一、发展基础 · 2. 科技创新体系初步建立`.
    pub section: String,
    /// The plan's words, verbatim: a test checks every quote against the plan's text
    /// (`fixtures/plan/`).
    pub quote: String,
}

/// Who a rule speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// An investment project application.
    Project,
    /// The zone as a whole (its indicators).
    Zone,
}

/// What failing a rule means: the plan's own four properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// 基本约束性条件: failing makes the project ineligible.
    Admission,
    /// 约束性: a miss is a violation.
    Binding,
    /// 预期性: a miss is being behind target.
    Expected,
    /// 指导性: information only.
    Guidance,
}

impl Property {
    /// The property's key in reports and rulebooks (`admission`, `binding`, `expected`,
    /// `guidance`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Admission => "admission",
            Self::Binding => "binding",
            Self::Expected => "expected",
            Self::Guidance => "guidance",
        }
    }

    /// The property as the plan names it (基本约束性条件, 约束性, 预期性, 指导性).
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Admission => "基本约束性条件",
            Self::Binding => "约束性",
            Self::Expected => "预期性",
            Self::Guidance => "指导性",
        }
    }
}

/// A number with its unit, as canonical decimal text (exact; never rounded for display).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Quantity {
    /// The value as text: canonical decimal text (`"400"`, `"0.0015"`), or for a membership
    /// rule the industry's name or the set's names joined by 、.
    pub value: String,
    /// The unit's name as reports write it (`万元/亩`, `%`); `null` for a membership rule's
    /// industries.
    pub unit: Option<String>,
}

/// The engine that decided.
pub const ENGINE_NAME: &str = "shenfu-rules";
/// The engine's version, this crate's (`CARGO_PKG_VERSION`): every report carries it.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The engine that decided, as a report's `engine` names it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Engine {
    /// Always `shenfu-rules`, the engine's name.
    pub name: &'static str,
    /// The crate version that decided, e.g. `0.1.0`.
    pub version: &'static str,
}

impl Engine {
    /// This engine.
    pub const CURRENT: Engine = Engine {
        name: ENGINE_NAME,
        version: ENGINE_VERSION,
    };
}

/// The rulebook that decided, as a report's `rulebook` names it: enough to find the very rules
/// again.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RulebookRef<'r> {
    /// The rulebook's id, e.g. `shenfu-14th-fyp`.
    pub id: &'r str,
    /// The rulebook's own version, e.g. `2026.12.1`.
    pub version: &'r str,
    /// The SHA-256 (hex) of the rulebook's TOML text: which rules, byte for byte.
    pub sha256: &'r str,
}

/// Something derived from the value that holds it, made on first use and kept: what the engine
/// renders from a rulebook for its writers. The holder does not know its type (the renderer is a
/// layer above); it does not count in equality and is not copied by `clone` (a clone renders
/// again when asked).
#[derive(Default)]
pub(crate) struct Memo(std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>);

impl Memo {
    /// The kept value, made by `make` on first use; `None` if what is kept is not a `T`.
    pub(crate) fn get_or_init<T: std::any::Any + Send + Sync>(
        &self,
        make: impl FnOnce() -> T,
    ) -> Option<&T> {
        self.0.get_or_init(|| Box::new(make())).downcast_ref()
    }
}

impl Clone for Memo {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for Memo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Memo {}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}
