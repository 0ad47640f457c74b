//! Properties of zone progress: paths pass through their anchors exactly, and more of a good
//! thing never worsens a status.
#![cfg(test)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use shenfu_rules::Rulebook;
use shenfu_rules::zone::{Direction, Measure, Observations, Source, path};

fn book() -> &'static Rulebook {
    Rulebook::embedded()
}

/// A positive decimal with up to 4 fractional digits.
fn positive() -> impl Strategy<Value = Decimal> {
    (1i64..10_000_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn interpolation_hits_each_anchor_exactly(
        from in 2020u16..2035,
        span in 1u16..=15,
        start in positive(),
        end in positive(),
    ) {
        let to = from.saturating_add(span).min(2035);
        prop_assume!(to > from);
        prop_assert_eq!(path::geometric(from, start, to, end, from), Some(start));
        prop_assert_eq!(path::geometric(from, start, to, end, to), Some(end));
        prop_assert_eq!(path::linear(from, start, to, end, from), Some(start));
        prop_assert_eq!(path::linear(from, start, to, end, to), Some(end));
        // In between, both stay between the anchors.
        if to - from >= 2 {
            let (low, high) = if start <= end { (start, end) } else { (end, start) };
            for y in from + 1..to {
                let g = path::geometric(from, start, to, end, y).unwrap();
                let l = path::linear(from, start, to, end, y).unwrap();
                let slack = high * Decimal::new(1, 15);
                prop_assert!(g >= low - slack && g <= high + slack, "geometric {g} outside {low}..{high}");
                prop_assert!(l >= low && l <= high, "linear {l} outside {low}..{high}");
            }
        }
    }

    #[test]
    fn a_table_path_passes_through_the_previous_table_value(
        pick in 0usize..1000,
    ) {
        // Observe exactly the 2022 table value in 2022: the on-track value of the 2025 target
        // in 2022 is that value, exactly.
        let targets: Vec<_> = book().targets().iter()
            .filter(|t| t.source == Source::Table && t.year == 2025)
            .filter(|t| book().target(&t.id.replace(".2025", ".2022")).is_some())
            .collect();
        let t = targets[pick % targets.len()];
        let before = book().target(&t.id.replace(".2025", ".2022")).unwrap();
        let indicator = book().indicator_of(t).unwrap();
        let mut obs = Observations::default();
        obs.add(book(), &indicator.id, 2022, &before.threshold.to_string(), None).unwrap();
        let report = book().progress(&obs, 2022).unwrap();
        let p = report.target(&t.id).unwrap();
        // Satisfied already (settled, or within so far): no path is drawn.
        if !matches!(
            p.status,
            shenfu_rules::zone::ProgressStatus::Met | shenfu_rules::zone::ProgressStatus::MetSoFar
        ) {
            let anchor = shenfu_rules::number::canonical(before.threshold);
            prop_assert_eq!(p.on_track.as_deref(), Some(anchor.as_str()));
        }
    }

    #[test]
    fn more_of_a_good_thing_never_worsens_a_status(
        pick in 0usize..1000,
        year in 2020u16..=2035,
        value in 0i64..100_000,
        delta in 1i64..50_000,
        earlier in proptest::option::of(0i64..100_000),
    ) {
        let book = book();
        let indicators: Vec<_> = book.indicators().iter().collect();
        let indicator = indicators[pick % indicators.len()];
        // Scale into the indicator's range: shares stay within 0–100, counts whole.
        let scale = |v: i64| -> Decimal {
            match indicator.measure {
                Measure::Share => Decimal::new(v % 10_001, 2),
                Measure::Count => Decimal::from(v),
                _ => Decimal::new(v, 2),
            }
        };
        let v = scale(value);
        let step = scale(delta);
        let better = match (indicator.direction, indicator.measure) {
            (Direction::Higher, Measure::Share) => (v + step).min(Decimal::ONE_HUNDRED),
            (Direction::Higher, _) => v + step,
            (Direction::Lower, _) => (v - step).max(Decimal::ZERO),
        };
        let observe = |x: Decimal| {
            let mut obs = Observations::default();
            if let Some(e) = earlier.filter(|_| year > 2020) {
                obs.add(book, &indicator.id, 2020, &scale(e).to_string(), None).unwrap();
            }
            obs.add(book, &indicator.id, year, &x.to_string(), None).unwrap();
            book.progress(&obs, year).unwrap()
        };
        let (worse_report, better_report) = (observe(v), observe(better));
        let a = worse_report.indicator(&indicator.id).unwrap();
        let b = better_report.indicator(&indicator.id).unwrap();
        for (x, y) in a.targets.iter().zip(&b.targets) {
            if let (Some(rx), Some(ry)) = (x.status.rank(), y.status.rank()) {
                prop_assert!(ry >= rx, "{}: {} → {:?} but {} → {:?}", x.target_id, v, x.status, better, y.status);
            }
        }
    }
}
