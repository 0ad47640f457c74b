#![no_main]
//! Fuzz target: see `shenfu_rules::fuzzing::rulebook_toml`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| shenfu_rules::fuzzing::rulebook_toml(data));
