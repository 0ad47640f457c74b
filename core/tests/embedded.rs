//! The embedded rulebook (`core/src/rulebook/embedded.rs`, Rust generated from the TOML) is
//! current and equals the TOML compiled afresh. `SHENFU_BLESS=1` regenerates it.
#![cfg(test)]

mod codegen;

use shenfu_rules::Rulebook;
use shenfu_rules::rulebook::SHENFU_TOML;
use std::path::Path;

#[test]
fn the_generated_embedded_rulebook_is_current() {
    let from_toml = Rulebook::from_toml_str(SHENFU_TOML).unwrap();
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/rulebook/embedded.rs"
    ));
    let fresh = codegen::rust_source(&from_toml);
    if std::env::var_os("SHENFU_BLESS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let stored = std::fs::read_to_string(path).unwrap();
    assert!(
        stored == fresh,
        "src/rulebook/embedded.rs is stale: run SHENFU_BLESS=1 cargo test -p shenfu-rules --test embedded"
    );
    assert_eq!(&from_toml, Rulebook::embedded());
}
