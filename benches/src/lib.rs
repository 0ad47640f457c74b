//! Benchmarks live in `benches/`; see README.md. This library holds what they share.

/// A deterministic stream of 31-bit numbers from `seed` (a 64-bit linear congruential
/// generator's high bits): the benchmarks' inputs are the same on every run and every machine.
pub fn numbers(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    }
}
