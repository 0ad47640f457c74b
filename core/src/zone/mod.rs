//! The zone as a whole: its indicators, the plan's targets for them, where the plan's own
//! figures disagree, and how far observed values are along the path to each target.

pub mod conflict;
pub mod indicator;
pub mod observation;
pub mod path;
pub mod progress;
pub mod target;

pub use conflict::{Conflict, ConflictKind};
pub use indicator::{Category, Direction, Indicator, IndicatorUnit, Interpolation, Measure};
pub use observation::{Observation, Observations};
pub use progress::{IndicatorProgress, ProgressReport, ProgressStatus, TargetProgress};
pub use target::{CrossCheck, Goal, Relation, Requirement, Source, Target};
