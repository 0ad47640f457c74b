//! Batch rows whose amounts are whole numbers — an integer column of 万元, of 亩 — judged in
//! integers: every project rule's status and, when cells are wanted, its measured value and
//! margin as `decimal(38, 18)` cells (whole numbers of 10⁻¹⁸), without a [`Project`], a
//! `Decimal` per amount, a [`RowOutcome`] or a rounding per cell. Through
//! [`Rulebook::evaluate_cells`] an Arrow row built five `Decimal`s to read them back, then
//! rounded and rescaled four cells already rounded.
//!
//! The rules are made for one batch's units ([`WholeUnits`]: a table's units given for the
//! whole call, or one combination of its unit columns): each rule's factors picked for those
//! units and their scales aligned once, so a row is a handful of integer multiplications, one
//! comparison and one division per measured rule. (Picking each factor by the row's unit and
//! aligning the scales row by row, through structs of 32 bytes, was two thirds of the judging.)
//!
//! It is a second way through the rules, so it takes only what it gives exactly as the first
//! way does, and declines (`None`) the rest, which the caller then judges the first way:
//! - a row the first way refuses (an amount in a currency its rule does not count in, an area
//!   of nothing);
//! - a project declared not introduced, and a year an admission condition is out of force in
//!   (the first way measures those without judging them, in 28 digits);
//! - a product `Decimal` could not hold exactly (beyond 2⁹⁶), a scale past 28 places, a
//!   negative factor;
//! - a quotient the one division cannot prove it rounds as `Decimal` would (`cells.rs`).
//!
//! The proptest below holds it to the first way, status for status and cell for cell.
//!
//! [`Project`]: crate::Project
//! [`RowOutcome`]: crate::assess::RowOutcome

use super::cells::{rounded_cells, threshold_cell};
use super::tally;
use crate::Options;
use crate::exact::{Align, Scaled, checked_mul};
use crate::industry::Industry;
use crate::project::AmountField;
use crate::quantity::{AreaUnit, MeasureUnit, MoneyUnit};
use crate::report::{Status, Verdict, VerdictTally};
use crate::rulebook::{Bound, Check, Rule, Rulebook};
use crate::vocab::Property;
use rust_decimal::Decimal;

/// The units of a batch's amounts, one per field for each of its rows: `None` for a money
/// field no row gives (a row that gives it is declined).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WholeUnits {
    /// `land_area`'s unit.
    pub land_area: AreaUnit,
    /// The money fields' units in [`AmountField`] order (investment, tax, R&D, revenue).
    pub money: [Option<MoneyUnit>; 4],
}

/// What decides a project, as whole numbers of its batch's units ([`WholeUnits`]): what a
/// table of integer columns holds. Amounts are not negative (a negative amount is refused,
/// the first way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeRow {
    /// The industry, read.
    pub industry: Industry,
    /// `land_area`: how many of its unit.
    pub land_area: u64,
    /// The money fields in [`AmountField`] order: how many of their unit, when given.
    pub money: [Option<u64>; 4],
    /// Whether the project is introduced, when the table says.
    pub introduced: Option<bool>,
}

impl WholeRow {
    /// A row whose every amount comes with its own unit (a table's unit columns): the units
    /// and the row. A money field not given has no unit.
    pub fn with_units(
        industry: Industry,
        (land_area, area_unit): (u64, AreaUnit),
        money: [Option<(u64, MoneyUnit)>; 4],
        introduced: Option<bool>,
    ) -> (WholeUnits, Self) {
        let units = WholeUnits {
            land_area: area_unit,
            money: money.map(|m| m.map(|(_, unit)| unit)),
        };
        let row = Self {
            industry,
            land_area,
            money: money.map(|m| m.map(|(value, _)| value)),
            introduced,
        };
        (units, row)
    }

    fn amount(&self, field: Field) -> Option<u64> {
        match field {
            Field::Area => Some(self.land_area),
            Field::Money(field) => self.money.get(field as usize).copied().flatten(),
        }
    }
}

/// One rule's result in a whole-number row: its status and, when cells are wanted and a
/// comparison was made, the measured value and margin as `decimal(38, 18)` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeOutcome {
    /// What the rule found.
    pub status: Status,
    /// The measured value and `observed − threshold`, in whole numbers of 10^−`places` (the
    /// batch's 18) of the threshold's unit, when measured (one `Option` for both: they are
    /// measured together or not at all).
    pub cells: Option<[i128; 2]>,
}

impl WholeOutcome {
    fn status(status: Status) -> Self {
        Self {
            status,
            cells: None,
        }
    }
}

/// A rulebook's project rules, for whole-number rows of one batch — one evaluation year, one
/// set of units ([`WholeUnits`]), cells or statuses alone — their constants multiplied out and
/// their scales aligned once.
#[derive(Debug, Clone)]
pub struct WholeRules<'r> {
    steps: Vec<(Property, Step<'r>)>,
}

/// An amount a rule reads.
#[derive(Debug, Clone, Copy)]
enum Field {
    Area,
    Money(AmountField),
}

/// One rule, for the batch's units.
#[derive(Debug, Clone, Copy)]
enum Step<'r> {
    Ratio(Ratio<'r>),
    Member(&'r [Industry]),
    /// Not applicable, as the first way has it: a per-area threshold in another unit, or a rule
    /// other than an admission condition out of force in the year.
    Undefined,
    /// A comparison these units cannot make here (an amount in another currency than the
    /// threshold's, a share's part and whole in two currencies, a field the batch has no unit
    /// for, a factor `Decimal` could not hold, a negative factor, a threshold with more places
    /// than a cell): its fields missing, it is missing input, as the first way has it; else the
    /// row is declined.
    Unmade {
        top: Field,
        bottom: Field,
    },
}

/// `top × num  ⋚  bottom × right`, measured as `top × num ÷ (bottom × den)`: a per-area
/// amount (`amount[元] × 亩 per threshold area unit  ⋚  area × 亩 per unit × threshold[元]`) or
/// a share (`part × 100  ⋚  whole × threshold[%]`). Every factor is a whole number of its
/// scale, not negative.
#[derive(Debug, Clone, Copy)]
struct Ratio<'r> {
    top: Field,
    bottom: Field,
    num: u128,
    right: u128,
    den: u128,
    /// `top × num` and `bottom × right` brought to one scale.
    compare: Align,
    /// With cells (`None`: statuses alone): how they are measured.
    cells: Option<Cells>,
    bound: &'r Bound,
}

/// How a ratio's cells are measured: `top × num` and `bottom × den` brought to a quotient in
/// 10^−`places`, and the threshold as a cell of as many places.
#[derive(Debug, Clone, Copy)]
struct Cells {
    align: Align,
    threshold: i128,
    places: u32,
}

/// `value × factor` when `Decimal` would hold it exactly (below 2⁹⁶; the factor's scale was
/// checked once).
#[inline]
fn held(value: u64, factor: u128) -> Option<u128> {
    checked_mul(value.into(), factor).filter(|product| *product < 1 << 96)
}

impl<'r> Ratio<'r> {
    /// The ratio of `fields` whose factors are the products `[num, right, den]`, when each is
    /// exact, not negative and of at most 28 places, and the scales align.
    fn of(
        fields: (Field, Field),
        [num, right, den]: [(Decimal, Decimal); 3],
        bound: &'r Bound,
        places: Option<u32>,
    ) -> Option<Self> {
        let factor = |(a, b): (Decimal, Decimal)| {
            Scaled::exact_product(a, b).filter(|s| !s.negative || s.magnitude == 0)
        };
        let (num, right, den) = (factor(num)?, factor(right)?, factor(den)?);
        let cells = match places {
            None => None,
            Some(places) => Some(Cells {
                align: Align::of(num.scale, den.scale.checked_add(places)?)?,
                threshold: threshold_cell(bound.threshold.value, places)?,
                places,
            }),
        };
        Some(Self {
            top: fields.0,
            bottom: fields.1,
            num: num.magnitude,
            right: right.magnitude,
            den: den.magnitude,
            compare: Align::of(num.scale, right.scale)?,
            cells,
            bound,
        })
    }

    #[inline]
    fn outcome(&self, row: &WholeRow) -> Option<WholeOutcome> {
        let (Some(top), Some(bottom)) = (row.amount(self.top), row.amount(self.bottom)) else {
            return Some(WholeOutcome::status(Status::MissingInput));
        };
        if bottom == 0 {
            // A share of nothing (an area of nothing declined the row before).
            return Some(WholeOutcome::status(Status::NotApplicable));
        }
        let num = held(top, self.num)?;
        let (left, right) = self.compare.apply(num, held(bottom, self.right)?)?;
        let status = Status::judged(self.bound.comparator.holds(left.cmp(&right)));
        let Some(Cells {
            align,
            threshold,
            places,
        }) = self.cells
        else {
            return Some(WholeOutcome::status(status));
        };
        let (top, bottom) = align.apply(num, held(bottom, self.den)?)?;
        let [observed, margin] = rounded_cells(top, bottom, false, threshold, places)?;
        Some(WholeOutcome {
            status,
            cells: Some([observed, margin]),
        })
    }
}

impl<'r> Step<'r> {
    fn of(rule: &'r Rule, units: WholeUnits, places: Option<u32>) -> Self {
        let factor = |unit: MoneyUnit| unit.factor();
        match &rule.check {
            Check::PerArea {
                amount,
                bound,
                threshold_base,
            } => {
                let MeasureUnit::MoneyPerArea(money_unit, area_unit) = bound.threshold.unit else {
                    return Self::Undefined;
                };
                let top = Field::Money(*amount);
                let unit = units.money.get(*amount as usize).copied().flatten();
                let mu = units.land_area.in_mu();
                let ratio = unit
                    .filter(|u| u.currency() == money_unit.currency())
                    .and_then(|unit| {
                        Ratio::of(
                            (top, Field::Area),
                            [
                                (factor(unit), area_unit.in_mu()),
                                (mu, *threshold_base),
                                (mu, factor(money_unit)),
                            ],
                            bound,
                            places,
                        )
                    });
                ratio.map_or(
                    Self::Unmade {
                        top,
                        bottom: Field::Area,
                    },
                    Self::Ratio,
                )
            }
            Check::Share { part, whole, bound } => {
                let (top, bottom) = (Field::Money(*part), Field::Money(*whole));
                let unit = |field: AmountField| units.money.get(field as usize).copied().flatten();
                let ratio = unit(*part)
                    .zip(unit(*whole))
                    .filter(|(p, w)| p.currency() == w.currency());
                let ratio = ratio.and_then(|(p, w)| {
                    Ratio::of(
                        (top, bottom),
                        [
                            (factor(p), Decimal::ONE_HUNDRED),
                            (factor(w), bound.threshold.value),
                            (factor(w), Decimal::ONE),
                        ],
                        bound,
                        places,
                    )
                });
                ratio.map_or(Self::Unmade { top, bottom }, Self::Ratio)
            }
            Check::Membership { set } => Self::Member(set),
        }
    }

    #[inline]
    fn outcome(&self, row: &WholeRow) -> Option<WholeOutcome> {
        match self {
            Self::Ratio(ratio) => ratio.outcome(row),
            Self::Member(set) => Some(WholeOutcome::status(Status::judged(
                set.contains(&row.industry),
            ))),
            Self::Undefined => Some(WholeOutcome::status(Status::NotApplicable)),
            Self::Unmade { top, bottom } => (row.amount(*top).is_none()
                || row.amount(*bottom).is_none())
            .then_some(WholeOutcome::status(Status::MissingInput)),
        }
    }
}

impl<'r> WholeRules<'r> {
    /// The project rules of `book` for rows in `units` judged with `options`, their cells
    /// rounded to `places` (a batch's [`crate::batch::DECIMAL_SCALE`]), or statuses alone for
    /// `None`; `None` when an admission condition is not in force in the year (the first way
    /// still measures it, in 28 digits), or the year is one the engine refuses.
    pub fn new(
        book: &'r Rulebook,
        options: Options,
        units: WholeUnits,
        places: Option<u32>,
    ) -> Option<Self> {
        options.validate().ok()?;
        let steps = book
            .project_rules()
            .map(|rule| {
                let step = match options.year {
                    // Not applicable, and not measured, the first way.
                    Some(y) if !rule.in_force_in(y) => {
                        (rule.property != Property::Admission).then_some(Step::Undefined)?
                    }
                    _ => Step::of(rule, units, places),
                };
                Some((rule.property, step))
            })
            .collect::<Option<_>>()?;
        Some(Self { steps })
    }

    /// Judge `row`: every rule's outcome appended to `out` (a batch's outcomes, row after
    /// row), in [`Rulebook::project_rules`] order, and the verdict — exactly what
    /// [`crate::batch::RowShape::verdict`] gives, its cells rounded as `batch_value` rounds
    /// them. `None`: not a row this way takes (see the module), and nothing appended; judge it
    /// the first way.
    pub fn judge(&self, row: &WholeRow, out: &mut Vec<WholeOutcome>) -> Option<Verdict> {
        // Not judged but measured, the first way; and no area is refused, the first way.
        if row.introduced == Some(false) || row.land_area == 0 {
            return None;
        }
        let start = out.len();
        let mut verdict = VerdictTally::default();
        for (property, step) in &self.steps {
            let Some(outcome) = step.outcome(row) else {
                out.truncate(start);
                return None;
            };
            tally(&mut verdict, *property, outcome.status);
            out.push(outcome);
        }
        Some(verdict.verdict())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::RowOutcome;
    use crate::batch::{DECIMAL_SCALE, Detail, Judge, RowShape, batch_value};
    use crate::quantity::{Area, Money};
    use crate::rulebook::Rulebook;
    use crate::{Error, Project};
    use proptest::prelude::*;

    /// A row with each amount's unit beside it, as a table with unit columns holds it.
    #[derive(Debug, Clone, Copy)]
    struct WholeProject {
        industry: Industry,
        land_area: (u64, AreaUnit),
        money: [Option<(u64, MoneyUnit)>; 4],
        introduced: Option<bool>,
    }

    impl WholeProject {
        fn money(&self, field: AmountField) -> Option<(u64, MoneyUnit)> {
            self.money.get(field as usize).copied().flatten()
        }

        /// Its units and its row. A field not given has no unit, or, when `spare`, that one
        /// (a column of the field with nulls in it).
        fn split(&self, spare: Option<MoneyUnit>) -> (WholeUnits, WholeRow) {
            let (mut units, row) =
                WholeRow::with_units(self.industry, self.land_area, self.money, self.introduced);
            units
                .money
                .iter_mut()
                .for_each(|unit| *unit = unit.or(spare));
            (units, row)
        }

        /// Judged the whole way, under `options`, with cells to `places`.
        fn judge(
            &self,
            book: &Rulebook,
            options: Options,
            places: Option<u32>,
            spare: Option<MoneyUnit>,
            out: &mut Vec<WholeOutcome>,
        ) -> Option<Verdict> {
            let (units, row) = self.split(spare);
            out.clear();
            let verdict = WholeRules::new(book, options, units, places)?.judge(&row, out);
            // A row declined leaves nothing behind.
            assert!(verdict.is_some() || out.is_empty());
            verdict
        }
    }

    /// The project the first way reads from the same cells (`Money::whole`, `Area::whole`, as a
    /// table's integer columns are read), or its refusal.
    fn project_of(p: &WholeProject) -> Option<Project> {
        let money = |field: AmountField| -> Option<Option<Money>> {
            match p.money(field) {
                None => Some(None),
                Some((v, unit)) => Money::whole(i64::try_from(v).ok()?, unit).map(Some),
            }
        };
        let (area, unit) = p.land_area;
        Some(Project {
            id: None,
            name: None,
            industry: p.industry,
            fixed_asset_investment: money(AmountField::FixedAssetInvestment)??,
            land_area: Area::whole(i64::try_from(area).ok()?, unit)?,
            annual_tax: money(AmountField::AnnualTax)??,
            rd_expenditure: money(AmountField::RdExpenditure)?,
            revenue: money(AmountField::Revenue)?,
            introduced: p.introduced,
        })
    }

    /// A decimal cell as `decimal(38, 18)` stores it.
    fn stored(value: Option<Decimal>) -> Option<i128> {
        let value = value.and_then(batch_value)?;
        Some(value.mantissa() * 10i128.pow(DECIMAL_SCALE - value.scale()))
    }

    /// A rule's status and its two cells as stored, each or both null.
    type Stored = (Status, Option<i128>, Option<i128>);

    /// This way's row in the same terms.
    fn stored_cells(outcomes: &[WholeOutcome]) -> Vec<Stored> {
        let cells = |o: &WholeOutcome| o.cells.map_or([None; 2], |c| c.map(Some));
        let row = |o: &WholeOutcome| {
            let [observed, margin] = cells(o);
            (o.status, observed, margin)
        };
        outcomes.iter().map(row).collect()
    }

    /// The first way's row: the verdict and each rule's status and stored cells.
    fn first_way(
        book: &Rulebook,
        project: &Project,
        options: Options,
        detail: Detail,
    ) -> Result<(Verdict, Vec<Stored>), Error> {
        let shape = RowShape::new(book, detail, false);
        let mut judge = Judge::default();
        let verdict = shape.verdict(project, options, &mut judge)?;
        let outcomes = judge
            .outcomes()
            .iter()
            .map(|o: &RowOutcome| (o.status, stored(o.observed), stored(o.margin)))
            .collect();
        Ok((verdict, outcomes))
    }

    fn industries() -> Vec<Industry> {
        Industry::SPELLINGS.iter().map(|s| s.0).collect()
    }

    /// The embedded rulebook under each of its readings' alternatives, alone (one brings in
    /// the R&D benchmarks, a share).
    fn readings() -> &'static [Rulebook] {
        static BOOKS: std::sync::OnceLock<Vec<Rulebook>> = std::sync::OnceLock::new();
        BOOKS.get_or_init(|| {
            let book = Rulebook::embedded();
            let mut books = vec![book.clone()];
            let alternatives = book.readings().iter();
            books.extend(alternatives.filter_map(|r| book.under(&[&r.id]).ok()));
            books
        })
    }

    /// Rulebooks a user could load with other per-area thresholds: in 美元 per 公顷 with more
    /// places than a cell has, zero per 平方米, and one so large its products leave 96 bits.
    fn loaded() -> &'static [Rulebook] {
        static BOOKS: std::sync::OnceLock<Vec<Rulebook>> = std::sync::OnceLock::new();
        BOOKS.get_or_init(|| {
            // Each threshold replaced, and in the quote too (the loader finds it there).
            let toml = crate::rulebook::SHENFU_TOML;
            let book = |(value, unit, old): (&str, &str, &str)| {
                let from = format!(r#"{{ value = "{old}", unit = "万元/亩" }}"#);
                let to = format!(r#"{{ value = "{value}", unit = "{unit}" }}"#);
                let in_quote = format!("超 {old} 万元");
                assert!(toml.contains(&from) && toml.contains(&in_quote));
                let text = toml
                    .replace(&from, &to)
                    .replace(&in_quote, &format!("超 {value} 万元"));
                Rulebook::from_toml_str(&text).unwrap()
            };
            [
                ("0.0000000000000000000123", "万美元/公顷", "300"),
                ("0", "元/平方米", "40"),
                ("123456789012345678.5", "亿元/亩", "300"),
            ]
            .map(book)
            .into()
        })
    }

    fn money_unit() -> impl Strategy<Value = MoneyUnit> {
        prop_oneof![
            4 => Just(MoneyUnit::WanYuan),
            1 => Just(MoneyUnit::Yuan),
            1 => Just(MoneyUnit::YiYuan),
            1 => Just(MoneyUnit::Usd),
            1 => Just(MoneyUnit::WanUsd),
            1 => Just(MoneyUnit::YiUsd),
        ]
    }

    /// Amounts as tables hold them, and the edges: zero, one, the largest an `i64` column holds.
    fn amount() -> impl Strategy<Value = u64> {
        prop_oneof![
            4 => 0u64..50_000,
            2 => 0u64..10_000_000_000,
            1 => Just(0u64),
            1 => Just(1u64),
            1 => Just(i64::MAX as u64),
            1 => 0u64..=i64::MAX as u64,
        ]
    }

    fn money() -> impl Strategy<Value = Option<(u64, MoneyUnit)>> {
        proptest::option::weighted(0.8, (amount(), money_unit()))
    }

    prop_compose! {
        fn whole_project()(
            industry in proptest::sample::select(industries()),
            area in prop_oneof![4 => 1u64..500, 1 => 0u64..3, 1 => 1u64..=i64::MAX as u64],
            area_unit in proptest::sample::select(AreaUnit::ALL.to_vec()),
            investment in (amount(), money_unit()),
            tax in (amount(), money_unit()),
            rd in money(),
            revenue in money(),
            introduced in proptest::option::of(any::<bool>()),
            on_boundary in (any::<bool>(), any::<bool>()),
            share in proptest::option::of((prop_oneof![Just(25u64), Just(28), Just(45), Just(60)], 1u64..100_000)),
        ) -> WholeProject {
            // Often exactly on 300 万元/亩, on 40 万元/亩 and on an R&D benchmark (2.5 %,
            // 2.8 %, 4.5 %, 6 %), where the comparator decides, when the units allow it.
            let on = |(value, unit): (u64, MoneyUnit), per_mu: u64, on: bool| {
                if on {
                    (area.saturating_mul(per_mu).min(i64::MAX as u64), MoneyUnit::WanYuan)
                } else {
                    (value, unit)
                }
            };
            let (rd, revenue) = match share {
                Some((per_mille, thousands)) => (
                    Some((thousands * per_mille, MoneyUnit::WanYuan)),
                    Some((thousands * 1_000, MoneyUnit::WanYuan)),
                ),
                None => (rd, revenue),
            };
            WholeProject {
                industry,
                land_area: (area, area_unit),
                money: [
                    Some(on(investment, 300, on_boundary.0)),
                    Some(on(tax, 40, on_boundary.1)),
                    rd,
                    revenue,
                ],
                introduced,
            }
        }
    }

    fn options() -> impl Strategy<Value = Options> {
        prop_oneof![
            Just(Options::default()),
            (2020u16..=2036).prop_map(Options::year),
            Just(Options::year(1999)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Whatever this way gives, the first way gives from the same cells: the verdict, and
        /// every rule's status and stored cells. What it declines, the first way judges.
        #[test]
        fn gives_what_the_first_way_gives(
            project in whole_project(),
            options in options(),
            full in any::<bool>(),
            spare in proptest::option::of(money_unit()),
        ) {
            let detail = if full { Detail::Full } else { Detail::Status };
            for book in readings().iter().chain(loaded()) {
                let places = full.then_some(DECIMAL_SCALE);
                let mut out = Vec::new();
                let Some(verdict) = project.judge(book, options, places, spare, &mut out) else {
                    continue;
                };
                let first = project_of(&project).map(|p| first_way(book, &p, options, detail));
                prop_assert_eq!(first, Some(Ok((verdict, stored_cells(&out)))));
            }
        }
    }

    /// A row that gives an amount its batch has no unit for is declined, not judged missing.
    #[test]
    fn an_amount_without_a_unit_is_declined() {
        let book = Rulebook::embedded();
        let project = WholeProject {
            industry: Industry::SPELLINGS[0].0,
            land_area: (10, AreaUnit::Mu),
            money: [Some((4_000, MoneyUnit::WanYuan)); 4],
            introduced: None,
        };
        let (mut units, row) = project.split(None);
        let mut out = Vec::new();
        let rules = WholeRules::new(book, Options::default(), units, None).unwrap();
        assert!(rules.judge(&row, &mut out).is_some());
        units.money[AmountField::AnnualTax as usize] = None;
        let rules = WholeRules::new(book, Options::default(), units, None).unwrap();
        assert_eq!(rules.judge(&row, &mut out), None);
    }

    /// And it takes the rows a batch is made of: every row of a realistic table (whole 万元
    /// and 亩, on the boundary one time in ten, with R&D and revenue) but a handful, under
    /// every reading, and measures every rule that compares.
    #[test]
    fn takes_realistic_rows() {
        let mut next = crate::assess::draws(7);
        for book in readings() {
            let (mut taken, rows, mut out) = (0, 20_000, Vec::new());
            let mut measured = vec![false; book.project_rules().count()];
            for _ in 0..rows {
                let area = 10 + next(190);
                let investment = if next(10) == 0 {
                    area * 300
                } else {
                    5_000 + next(35_000)
                };
                // 元 or 万元, 亩, 平方米 or 公顷, each at a realistic size.
                let (unit, scale) =
                    [(MoneyUnit::Yuan, 10_000), (MoneyUnit::WanYuan, 1)][next(2) as usize];
                let (in_unit, per_mu) = [
                    (AreaUnit::Mu, 1),
                    (AreaUnit::SquareMetre, 667),
                    (AreaUnit::Hectare, 1),
                ][next(3) as usize];
                let wan = |v: u64| Some((v * scale, unit));
                let project = WholeProject {
                    industry: industries()[next(7) as usize],
                    land_area: (area * per_mu, in_unit),
                    money: [
                        wan(investment),
                        wan(200 + next(5_800)),
                        wan(next(2_000)),
                        wan(1 + next(50_000)),
                    ],
                    introduced: None,
                };
                let places = Some(DECIMAL_SCALE);
                if project
                    .judge(book, Options::default(), places, None, &mut out)
                    .is_some()
                {
                    taken += 1;
                    for (seen, outcome) in measured.iter_mut().zip(&out) {
                        *seen |= outcome.cells.is_some();
                    }
                }
            }
            assert!(taken * 1000 >= rows * 999, "{taken} of {rows}");
            let compares = book.project_rules().map(|r| r.check.bound().is_some());
            assert!(compares.eq(measured), "{:?}", book.alternatives());
        }
    }
}
