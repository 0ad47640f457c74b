#![no_main]
//! Fuzz target: see `shenfu_rules::fuzzing::observations_json`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| shenfu_rules::fuzzing::observations_json(data));
