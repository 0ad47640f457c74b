#![no_main]
//! Fuzz target: see `shenfu_rules::fuzzing::verify_report`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| shenfu_rules::fuzzing::verify_report(data));
