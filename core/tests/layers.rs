//! The core's modules form layers: vocabulary → model → loading → evaluation → presentation →
//! tools. This test reads every source file, follows each `crate::…` and `super::…` path to the
//! module file that defines it, and fails on any edge that points up the [`LAYERS`] table, on a
//! module the table does not place, and on any cycle (a parent module declaring or re-exporting
//! its own children is not an edge: children may use their parent). `docs/ARCHITECTURE.md`'s
//! table of layers is checked against the same table.
#![cfg(test)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

fn modules(root: &Path) -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut parts: Module = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Tests may reach anywhere; only the library's own code is layered.
            let code = text.split("#[cfg(test)]").next().unwrap().to_owned();
            out.insert(parts, code);
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path written after `prefix` in `code`, with `{a, b::c}` groups expanded.
fn paths(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(is_ident) {
            continue;
        }
        expand(rest, Vec::new(), &mut out);
    }
    out
}

fn expand(text: &str, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut rest = text;
    loop {
        let ident: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        if !ident.is_empty() {
            base.push(ident.clone());
            rest = &rest[ident.len()..];
        }
        if let Some(after) = rest.strip_prefix("::") {
            rest = after;
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 1;
                let mut end = 0;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                let inner = &group[..end];
                let mut depth = 0;
                let mut start = 0;
                for (i, c) in inner.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            expand(inner[start..i].trim(), base.clone(), out);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                expand(inner[start..].trim(), base.clone(), out);
                return;
            }
            continue;
        }
        out.push(base);
        return;
    }
}

fn resolve(modules: &BTreeMap<Module, String>, path: &[String]) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| modules.contains_key(m))
}

fn graph(root: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules(root);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, code) in &modules {
        let mut targets = Vec::new();
        for path in paths(code, "crate::") {
            targets.extend(resolve(&modules, &path));
        }
        for path in paths(code, "super::") {
            let mut full: Module = module[..module.len().saturating_sub(1)].to_vec();
            full.extend(path);
            targets.extend(resolve(&modules, &full));
        }
        for target in targets {
            let own_child = target.len() > module.len() && target.starts_with(module);
            if target != *module && !own_child && !target.is_empty() {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// A cycle through `start`, if there is one.
fn cycle_from(edges: &BTreeMap<Module, BTreeSet<Module>>, start: &Module) -> Option<Vec<Module>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((at, trail)) = stack.pop() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                return Some(trail);
            }
            if seen.insert(next.clone()) {
                let mut t = trail.clone();
                t.push(next.clone());
                stack.push((next.clone(), t));
            }
        }
    }
    None
}

/// Each module's layer, lowest first; a module not listed is in the layer of its nearest listed
/// ancestor (`assess::write` is `assess`'s). The same lists as `docs/ARCHITECTURE.md`.
const LAYERS: [(&str, &[&str]); 6] = [
    (
        "vocabulary",
        &[
            "vocab",
            "error",
            "canonical",
            "json",
            "number",
            "exact",
            "typed_amount",
            "credit_code",
        ],
    ),
    (
        "model",
        &[
            "quantity",
            "industry",
            "comparator",
            "project",
            "report",
            "rulebook",
            "rulebook::reading",
            "rulebook::embedded_parts",
            "zone",
            "zone::indicator",
            "zone::target",
            "zone::path",
        ],
    ),
    (
        "loading",
        &[
            "rulebook::source",
            "rulebook::compile",
            "rulebook::compile_readings",
            "rulebook::compile_zone",
            "rulebook::validate",
            "rulebook::embedded",
        ],
    ),
    (
        "evaluation",
        &[
            "assess",
            "table",
            "zone::observation",
            "zone::progress",
            "zone::conflict",
            "verify",
            "audit",
            "transparency",
            "replay",
            "rulebook::diff",
        ],
    ),
    ("presentation", &["present", "batch"]),
    ("tools", &["fuzzing"]),
];

/// The layer (index into [`LAYERS`]) of `module`: its own entry or its nearest listed ancestor's.
fn layer_of(module: &[String]) -> Option<usize> {
    (1..=module.len()).rev().find_map(|n| {
        let name = module[..n].join("::");
        LAYERS
            .iter()
            .position(|(_, listed)| listed.contains(&name.as_str()))
    })
}

#[test]
fn every_edge_points_down_or_across_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for module in modules(&root).keys().filter(|m| !m.is_empty()) {
        if layer_of(module).is_none() {
            wrong.push(format!("{} is in no layer", module.join("::")));
        }
    }
    for (from, targets) in graph(&root) {
        let Some(at) = layer_of(&from) else { continue };
        for to in targets {
            if let Some(up) = layer_of(&to).filter(|l| *l > at) {
                wrong.push(format!(
                    "{} ({}) uses {} ({})",
                    from.join("::"),
                    LAYERS[at].0,
                    to.join("::"),
                    LAYERS[up].0
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_architecture_document_lists_the_same_layers() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/ARCHITECTURE.md"),
    )
    .unwrap();
    for (layer, listed) in LAYERS {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| {layer} |")))
            .unwrap_or_else(|| panic!("docs/ARCHITECTURE.md has no row for layer {layer}"));
        let modules = row.split('|').nth(2).unwrap();
        let named: BTreeSet<&str> = modules.split('`').skip(1).step_by(2).collect();
        let expected: BTreeSet<&str> = listed.iter().copied().collect();
        assert_eq!(named, expected, "layer {layer}");
    }
}

#[test]
fn the_core_module_graph_has_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&root);
    assert!(edges.len() > 20, "the graph was not read: {edges:?}");
    // The vocabulary depends on nothing in the crate.
    assert!(
        !edges.contains_key(&vec!["vocab".to_owned()]),
        "{:?}",
        edges.get(&vec!["vocab".to_owned()])
    );
    for module in edges.keys() {
        if let Some(cycle) = cycle_from(&edges, module) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            panic!("module cycle: {} → {}", names.join(" → "), names[0]);
        }
    }
}

#[test]
fn the_reader_sees_a_planted_cycle() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("layers-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::write(dir.join("a.rs"), "use crate::b::{c::Thing, D};\n").unwrap();
    std::fs::write(dir.join("b/mod.rs"), "mod c;\npub use c::Thing;\n").unwrap();
    std::fs::write(dir.join("b/c.rs"), "use crate::a::X;\n").unwrap();
    let edges = graph(&dir);
    let a = vec!["a".to_owned()];
    assert!(edges[&a].contains(&vec!["b".to_owned(), "c".to_owned()]));
    assert!(cycle_from(&edges, &a).is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}
