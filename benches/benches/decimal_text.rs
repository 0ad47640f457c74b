//! Printing a report's decimals: `number::push_canonical` beside what a Rust user would write,
//! `rust_decimal`'s `normalize()` and `Display` (the text a test holds them to). The values are
//! what a report prints: 28-digit quotients and margins, amounts, areas and bounds.
//!
//! Run: `cargo bench -p shenfu-rules-benches --bench decimal_text`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use shenfu_rules::number::{canonical, push_canonical};
use std::fmt::Write;
use std::hint::black_box;

/// A report's values: for each of 1,000 projects its two quotients (≈ 28 significant digits),
/// their margins, two amounts, the area and a bound (a few digits each).
fn values() -> Vec<Decimal> {
    let mut next = shenfu_rules_benches::numbers(0x5eed_0000_d1c1_0001);
    let mut out = Vec::new();
    for _ in 0..1_000 {
        let investment = Decimal::from(5_000 + next() % 35_000);
        let tax = Decimal::from(200 + next() % 5_800);
        let area = Decimal::from(10 + next() % 190);
        let (per_mu, tax_per_mu) = (investment / area, tax / area);
        out.extend([
            per_mu,
            per_mu - Decimal::from(300),
            tax_per_mu,
            tax_per_mu - Decimal::from(40),
            investment,
            tax,
            area,
            Decimal::new(3085, 2),
        ]);
    }
    out
}

fn bench(c: &mut Criterion) {
    let values = values();
    for v in &values {
        assert_eq!(canonical(*v), v.normalize().to_string());
    }
    let mut g = c.benchmark_group("decimal_text");
    g.throughput(Throughput::Elements(values.len() as u64));
    let mut out = String::with_capacity(64);
    g.bench_function("push_canonical", |b| {
        b.iter(|| {
            let mut total = 0;
            for v in &values {
                out.clear();
                push_canonical(&mut out, black_box(*v));
                total += out.len();
            }
            total
        })
    });
    g.bench_function("rust_decimal_normalize_display", |b| {
        b.iter(|| {
            let mut total = 0;
            for v in &values {
                out.clear();
                let _ = write!(out, "{}", black_box(*v).normalize());
                total += out.len();
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
