//! Admission latency and throughput, side by side with what a Rust user would otherwise write:
//! a hand-rolled `Decimal` check that divides, and an `f64` check (fast, but wrong at the
//! boundary — it is here as the floor, not as an alternative).
//!
//! Run: `cargo bench -p shenfu-rules-benches --bench admission`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use shenfu_rules::{
    AreaUnit, Industry, Money, MoneyUnit, Options, Project, Rulebook, Status, Verdict,
};
use std::hint::black_box;

const BATCH: usize = 1_000_000;

/// Deterministic, varied projects: amounts in 元/万元/亿元, areas in 亩/平方米/公顷, some on the
/// exact 300 万元/亩 boundary, some with R&D figures.
fn projects(n: usize) -> Vec<Project> {
    let mut next = shenfu_rules_benches::numbers(0x5eed_1234_abcd_0001);
    (0..n)
        .map(|i| {
            let k = Decimal::from(1 + next() % 200);
            let area = match i % 4 {
                0 | 1 => shenfu_rules::Area::new(k * Decimal::from(10), AreaUnit::Mu),
                2 => shenfu_rules::Area::new(k, AreaUnit::Hectare),
                _ => shenfu_rules::Area::new(k * Decimal::from(2000), AreaUnit::SquareMetre),
            }
            .unwrap_or_else(|e| panic!("{e}"));
            let mu = area.mu();
            let per_mu_wan = Decimal::from(200 + next() % 200); // 200–399 万元/亩
            let per_mu_wan = if i % 10 == 0 {
                Decimal::from(300)
            } else {
                per_mu_wan
            };
            let tax_per_mu_wan = Decimal::new(i64::try_from(300 + next() % 300).unwrap_or(400), 1); // 30.0–59.9
            let inv_wan = per_mu_wan * mu;
            let tax_wan = tax_per_mu_wan * mu;
            let (inv, tax) = match i % 3 {
                0 => (
                    Money::new(inv_wan, MoneyUnit::WanYuan),
                    Money::new(tax_wan, MoneyUnit::WanYuan),
                ),
                1 => (
                    Money::new(inv_wan * Decimal::from(10_000), MoneyUnit::Yuan),
                    Money::new(tax_wan * Decimal::from(10_000), MoneyUnit::Yuan),
                ),
                _ => (
                    Money::new(inv_wan / Decimal::from(10_000), MoneyUnit::YiYuan),
                    Money::new(tax_wan, MoneyUnit::WanYuan),
                ),
            };
            let with_rd = i % 2 == 0;
            Project {
                id: Some(format!("B-{i}")),
                name: None,
                industry: Industry::LEADING[i % 6],
                fixed_asset_investment: inv.unwrap_or_else(|e| panic!("{e}")),
                land_area: area,
                annual_tax: tax.unwrap_or_else(|e| panic!("{e}")),
                rd_expenditure: with_rd
                    .then(|| Money::new(Decimal::from(300), MoneyUnit::WanYuan).ok())
                    .flatten(),
                revenue: with_rd
                    .then(|| Money::new(Decimal::from(10_000), MoneyUnit::WanYuan).ok())
                    .flatten(),
                introduced: None,
            }
        })
        .collect()
}

/// The check a Rust developer would write by hand with `Decimal`: divide, then compare.
fn hand_written_decimal(p: &Project) -> bool {
    let mu = p.land_area.mu();
    let wan = Decimal::from(10_000);
    p.fixed_asset_investment.base() / wan / mu > Decimal::from(300)
        && p.annual_tax.base() / wan / mu > Decimal::from(40)
}

/// The same with floats: fast, and wrong exactly where it matters (see the boundary fixture).
fn hand_written_f64(p: &(f64, f64, f64)) -> bool {
    let (inv_yuan, tax_yuan, mu) = *p;
    inv_yuan / 10_000.0 / mu > 300.0 && tax_yuan / 10_000.0 / mu > 40.0
}

fn latency(c: &mut Criterion) {
    let book = Rulebook::embedded();
    let p = projects(1).remove(0);
    let mut g = c.benchmark_group("one_project");
    g.bench_function("shenfu_decide", |b| {
        b.iter(|| book.decide(black_box(&p), Options::default()))
    });
    g.bench_function("shenfu_assess_explained", |b| {
        b.iter(|| {
            book.assess(black_box(&p), Options::default())
                .map(|r| r.eligible)
        })
    });
    g.bench_function("shenfu_assess_canonical_json", |b| {
        b.iter(|| {
            book.assess(black_box(&p), Options::default())
                .map(|r| r.to_canonical_json())
        })
    });
    g.bench_function("shenfu_write_assessment", |b| {
        // The path every surface takes: rendered parts, one reused buffer.
        let mut out = String::with_capacity(9 * 1024);
        b.iter(|| {
            out.clear();
            book.write_assessment(black_box(&p), Options::default(), &mut out)
                .map(|_| out.len())
        })
    });
    g.bench_function("shenfu_parse_json_and_assess", |b| {
        let json = p.to_canonical_json();
        b.iter(|| shenfu_rules::assess_json(book, black_box(&json), Options::default()))
    });
    g.bench_function("peer_hand_written_decimal", |b| {
        b.iter(|| hand_written_decimal(black_box(&p)))
    });
    g.finish();
}

fn throughput(c: &mut Criterion) {
    let book = Rulebook::embedded();
    let batch = projects(BATCH);
    let floats: Vec<(f64, f64, f64)> = batch
        .iter()
        .map(|p| {
            let f = |d: Decimal| d.to_string().parse::<f64>().unwrap_or(f64::NAN);
            (
                f(p.fixed_asset_investment.base()),
                f(p.annual_tax.base()),
                f(p.land_area.mu()),
            )
        })
        .collect();
    let mut g = c.benchmark_group("batch_1m");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.sample_size(10);
    g.bench_function("shenfu_decide", |b| {
        b.iter(|| {
            batch
                .iter()
                .filter(|p| book.decide(p, Options::default()).ok() == Some(Verdict::Eligible))
                .count()
        })
    });
    g.bench_function("shenfu_statuses", |b| {
        let mut out: Vec<Status> = Vec::with_capacity(16);
        b.iter(|| {
            batch
                .iter()
                .filter(|p| {
                    book.statuses(p, Options::default(), &mut out).ok() == Some(Verdict::Eligible)
                })
                .count()
        })
    });
    g.bench_function("peer_hand_written_decimal", |b| {
        b.iter(|| batch.iter().filter(|p| hand_written_decimal(p)).count())
    });
    g.bench_function("peer_f64_inexact", |b| {
        b.iter(|| floats.iter().filter(|p| hand_written_f64(p)).count())
    });
    g.finish();

    // With explanations a row costs microseconds, so 100,000 rows keep a sample short.
    let explained = batch.get(..100_000).unwrap_or(&batch);
    let mut g = c.benchmark_group("batch_100k_explained");
    g.throughput(Throughput::Elements(explained.len() as u64));
    g.sample_size(10);
    g.bench_function("shenfu_assess_explained", |b| {
        b.iter(|| {
            explained
                .iter()
                .filter(|p| {
                    book.assess(p, Options::default())
                        .is_ok_and(|r| r.verdict == Verdict::Eligible)
                })
                .count()
        })
    });
    g.bench_function("shenfu_assess_canonical_json", |b| {
        b.iter(|| {
            explained
                .iter()
                .filter_map(|p| book.assess(p, Options::default()).ok())
                .map(|r| r.to_canonical_json().len())
                .sum::<usize>()
        })
    });
    g.bench_function("shenfu_write_assessment", |b| {
        let mut out = String::with_capacity(9 * 1024);
        b.iter(|| {
            explained
                .iter()
                .map(|p| {
                    out.clear();
                    book.write_assessment(p, Options::default(), &mut out)
                        .map_or(0, |_| out.len())
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

/// Reading projects from JSON text, one line each as a batch file has them (the canonical form,
/// members in contract order), beside `serde_json`'s reader into a `Value` — what reading them
/// would cost before a single field is checked.
fn reading(c: &mut Criterion) {
    let lines: Vec<String> = projects(10_000)
        .iter()
        .map(Project::to_canonical_json)
        .collect();
    let mut g = c.benchmark_group("read_project");
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function("shenfu_from_json_str", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter(|l| Project::from_json_str(black_box(l)).is_ok())
                .count()
        })
    });
    g.bench_function("peer_serde_json_value", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter(|l| serde_json::from_str::<serde_json::Value>(black_box(l)).is_ok())
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, latency, throughput, reading);
criterion_main!(benches);
