//! Precompile the embedded rulebook: the TOML becomes compact JSON (read at run time with the
//! JSON parser the engine carries anyway) and its SHA-256 is taken here, of the TOML text, so
//! the rulebook's identity is the same whichever form is loaded. A test checks that both forms
//! compile to the same `Rulebook`.

use sha2::{Digest, Sha256};
use std::path::Path;

fn main() {
    let source = Path::new("rulebooks/shenfu-14th-fyp.toml");
    println!("cargo::rerun-if-changed={}", source.display());
    let text = match std::fs::read_to_string(source) {
        Ok(text) => text,
        Err(e) => fail(&format!("cannot read {}: {e}", source.display())),
    };
    let table: toml::Table = match toml::from_str(&text) {
        Ok(table) => table,
        Err(e) => fail(&format!("{} is not valid TOML: {e}", source.display())),
    };
    let json = match serde_json::to_string(&table) {
        Ok(json) => json,
        Err(e) => fail(&format!("cannot write JSON: {e}")),
    };
    let digest: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let out = Path::new(&out);
    for (name, contents) in [
        ("shenfu-14th-fyp.json", json),
        ("shenfu-14th-fyp.sha256", digest),
    ] {
        if let Err(e) = std::fs::write(out.join(name), contents) {
            fail(&format!("cannot write {name}: {e}"));
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("build.rs: {message}");
    std::process::exit(1)
}
