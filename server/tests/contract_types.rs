//! The bindings' types of the contract, generated from its JSON Schemas (`schemas/`) so that
//! neither can drift from them: TypeScript declarations for the JS package
//! (`wasm/src/contract.d.ts`, part of every flavour's `.d.ts`) and `TypedDict`s for Python
//! (`py/python/shenfu_rules/contract.py`). `SHENFU_BLESS=1` rewrites them (after the schemas,
//! which `--test schemas` blesses from the service's document):
//! `SHENFU_BLESS=1 cargo test -p shenfu-rules-server --test schemas --test contract_types`.
//!
//! The schemas use a small part of JSON Schema (`$ref`, `type`, `enum`, `oneOf`/`anyOf`,
//! `items`, `properties`/`required`); anything else fails here rather than being typed loosely.
#![cfg(test)]

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A type as the schemas describe it, before either language spells it.
#[derive(Debug, Clone, PartialEq)]
enum Type {
    Ref(String),
    String,
    Integer,
    Number,
    Boolean,
    Null,
    /// One of these strings (`enum`).
    Literals(Vec<String>),
    Array(Box<Type>),
    /// An array of exactly this many items (`minItems` = `maxItems`), e.g. a span of years.
    Tuple(Box<Type>, usize),
    Union(Vec<Type>),
}

/// A named object's property.
#[derive(Debug, Clone, PartialEq)]
struct Property {
    name: String,
    ty: Type,
    required: bool,
    doc: Option<String>,
}

/// A named definition (`$defs`): an object with properties, or any other type.
#[derive(Debug, Clone, PartialEq)]
enum Definition {
    Object {
        doc: Option<String>,
        properties: Vec<Property>,
    },
    Alias {
        doc: Option<String>,
        ty: Type,
    },
}

/// The keywords that only describe or constrain a value, never its type.
const ANNOTATIONS: [&str; 8] = [
    "description",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "example",
    "examples",
    "title",
];

fn doc(schema: &Value) -> Option<String> {
    schema["description"].as_str().map(str::to_owned)
}

fn type_of(schema: &Value, at: &str) -> Type {
    let object = schema
        .as_object()
        .unwrap_or_else(|| panic!("{at}: not a schema"));
    let unknown: Vec<&String> = object
        .keys()
        .filter(|k| {
            !ANNOTATIONS.contains(&k.as_str())
                && ![
                    "$ref", "type", "enum", "oneOf", "anyOf", "items", "minItems", "maxItems",
                ]
                .contains(&k.as_str())
        })
        .collect();
    assert!(unknown.is_empty(), "{at}: keywords not typed: {unknown:?}");
    if let Some(target) = object.get("$ref") {
        let target = target.as_str().unwrap();
        let name = target
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("{at}: $ref {target}"));
        return Type::Ref(name.to_owned());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = object.get(key) {
            let members = members.as_array().unwrap();
            return union(
                members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| type_of(m, &format!("{at}/{key}/{i}")))
                    .collect(),
            );
        }
    }
    if let Some(values) = object.get("enum") {
        let values = values.as_array().unwrap();
        return Type::Literals(
            values
                .iter()
                .map(|v| {
                    v.as_str()
                        .unwrap_or_else(|| panic!("{at}: enum of {v}"))
                        .to_owned()
                })
                .collect(),
        );
    }
    let one = |name: &str| match name {
        "string" => Type::String,
        "integer" => Type::Integer,
        "number" => Type::Number,
        "boolean" => Type::Boolean,
        "null" => Type::Null,
        "array" => {
            let item = Box::new(type_of(
                object
                    .get("items")
                    .unwrap_or_else(|| panic!("{at}: an array without items")),
                &format!("{at}/items"),
            ));
            match (object.get("minItems"), object.get("maxItems")) {
                (None, None) => Type::Array(item),
                (Some(min), Some(max)) if min == max => {
                    Type::Tuple(item, min.as_u64().unwrap() as usize)
                }
                bounds => panic!("{at}: array bounds {bounds:?} are not typed here"),
            }
        }
        other => panic!("{at}: type {other} is not typed here (only named objects are)"),
    };
    match object.get("type") {
        Some(Value::String(name)) => one(name),
        Some(Value::Array(names)) => {
            union(names.iter().map(|n| one(n.as_str().unwrap())).collect())
        }
        _ => panic!("{at}: no type"),
    }
}

/// Members of a union, nested unions flattened.
fn union(members: Vec<Type>) -> Type {
    let mut flat = Vec::new();
    for member in members {
        match member {
            Type::Union(inner) => flat.extend(inner),
            other => flat.push(other),
        }
    }
    Type::Union(flat)
}

fn definition(name: &str, schema: &Value) -> Definition {
    let Some(properties) = schema.get("properties") else {
        return Definition::Alias {
            doc: doc(schema),
            ty: type_of(schema, name),
        };
    };
    assert_eq!(schema["type"], "object", "{name}");
    assert_eq!(
        schema["additionalProperties"],
        Value::Bool(false),
        "{name}: the contract's objects are closed"
    );
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default();
    let properties = properties
        .as_object()
        .unwrap()
        .iter()
        .map(|(key, value)| Property {
            name: key.clone(),
            ty: type_of(value, &format!("{name}.{key}")),
            required: required.contains(&key.as_str()),
            // A `$ref` member of a nullable union carries the property's words there.
            doc: doc(value).or_else(|| {
                ["oneOf", "anyOf"]
                    .iter()
                    .filter_map(|k| value[k].as_array())
                    .flatten()
                    .find_map(doc)
            }),
        })
        .collect();
    Definition::Object {
        doc: doc(schema),
        properties,
    }
}

/// Every definition of every schema file, by name; a name two files define must mean the same.
fn definitions() -> BTreeMap<String, Definition> {
    let mut all: BTreeMap<String, Definition> = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let defs: &Map<String, Value> = schema["$defs"].as_object().unwrap();
        for (name, value) in defs {
            let made = definition(name, value);
            if let Some(seen) = all.get(name) {
                assert_eq!(
                    seen,
                    &made,
                    "{name} means two things in schemas/ ({})",
                    path.display()
                );
            }
            all.insert(name.clone(), made);
        }
    }
    all
}

const HEADER: &str = "Generated from the contract's JSON Schemas (schemas/) by server/tests/contract_types.rs; do not edit.\nRegenerate: SHENFU_BLESS=1 cargo test -p shenfu-rules-server --test schemas --test contract_types";

mod typescript {
    use super::{Definition, HEADER, Type};
    use std::collections::BTreeMap;

    fn spell(ty: &Type) -> String {
        match ty {
            Type::Ref(name) => name.clone(),
            Type::String => "string".into(),
            Type::Integer | Type::Number => "number".into(),
            Type::Boolean => "boolean".into(),
            Type::Null => "null".into(),
            Type::Literals(values) => values
                .iter()
                .map(|v| serde_json::to_string(v).unwrap())
                .collect::<Vec<_>>()
                .join(" | "),
            Type::Array(item) => match **item {
                Type::Union(_) | Type::Literals(_) => format!("Array<{}>", spell(item)),
                _ => format!("{}[]", spell(item)),
            },
            Type::Tuple(item, n) => format!("[{}]", vec![spell(item); *n].join(", ")),
            Type::Union(members) => members.iter().map(spell).collect::<Vec<_>>().join(" | "),
        }
    }

    fn comment(doc: &Option<String>, indent: &str) -> String {
        match doc {
            None => String::new(),
            Some(text) if !text.contains('\n') => format!("{indent}/** {} */\n", escape(text)),
            Some(text) => {
                let mut out = format!("{indent}/**\n");
                for line in text.lines() {
                    out += &format!("{indent} * {}\n", escape(line)).replace(" \n", "\n");
                }
                out + &format!("{indent} */\n")
            }
        }
    }

    /// A comment's text cannot end the comment early.
    fn escape(text: &str) -> String {
        text.replace("*/", "*\\/")
    }

    pub fn module(definitions: &BTreeMap<String, Definition>) -> String {
        let mut out = String::new();
        for line in HEADER.lines() {
            out += &format!("// {line}\n");
        }
        for (name, definition) in definitions {
            out.push('\n');
            match definition {
                Definition::Alias { doc, ty } => {
                    out += &comment(doc, "");
                    out += &format!("export type {name} = {};\n", spell(ty));
                }
                Definition::Object { doc, properties } => {
                    out += &comment(doc, "");
                    out += &format!("export interface {name} {{\n");
                    for p in properties {
                        out += &comment(&p.doc, "  ");
                        let optional = if p.required { "" } else { "?" };
                        out += &format!("  {}{optional}: {};\n", p.name, spell(&p.ty));
                    }
                    out += "}\n";
                }
            }
        }
        out
    }
}

mod python {
    use super::{Definition, HEADER, Type};
    use std::collections::BTreeMap;

    const PYTHON_KEYWORDS: [&str; 35] = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];

    /// Names are quoted where they may be read before they are defined (aliases at run time).
    fn spell(ty: &Type, quote: bool) -> String {
        match ty {
            Type::Ref(name) if quote => format!("\"{name}\""),
            Type::Ref(name) => name.clone(),
            Type::String => "str".into(),
            Type::Integer => "int".into(),
            // A JSON number; from Python also a `decimal.Decimal`, which the engine reads exactly
            // (an `int` is a `float` to type checkers).
            Type::Number => "Union[float, _Decimal]".into(),
            Type::Boolean => "bool".into(),
            Type::Null => "None".into(),
            Type::Literals(values) => format!(
                "Literal[{}]",
                values
                    .iter()
                    .map(|v| serde_json::to_string(v).unwrap())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            // JSON arrays are lists in Python, whatever their length.
            Type::Array(item) | Type::Tuple(item, _) => format!("List[{}]", spell(item, quote)),
            Type::Union(members) => {
                let (nulls, rest): (Vec<&Type>, Vec<&Type>) =
                    members.iter().partition(|m| **m == Type::Null);
                let inner = match rest.as_slice() {
                    [one] => spell(one, quote),
                    many => format!(
                        "Union[{}]",
                        many.iter()
                            .map(|m| spell(m, quote))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                if nulls.is_empty() {
                    inner
                } else {
                    format!("Optional[{inner}]")
                }
            }
        }
    }

    fn docstring(doc: &Option<String>, indent: &str) -> String {
        match doc {
            None => String::new(),
            Some(text) => {
                let text = text.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
                let mut lines = text.lines();
                let mut out = format!("{indent}\"\"\"{}", lines.next().unwrap_or_default());
                for line in lines {
                    out += &format!("\n{}", format!("{indent}{line}").trim_end());
                }
                // A closing quote of the text must not run into the docstring's own three.
                let close = if out.ends_with('"') {
                    " \"\"\"\n"
                } else {
                    "\"\"\"\n"
                };
                out + close
            }
        }
    }

    pub fn module(definitions: &BTreeMap<String, Definition>) -> String {
        let mut out = String::from(
            "\"\"\"The contract's JSON shapes as typing aliases and ``TypedDict``s: what ``Report.to_dict()``,\n``Progress.report`` and the listings return, and what ``assess`` takes, key by key\n(the service's own envelopes, a decision or a page, are in its /openapi.json).\n\n",
        );
        out += HEADER;
        out += "\n\"\"\"\n\nfrom __future__ import annotations\n\nfrom decimal import Decimal as _Decimal\nfrom typing import List, Literal, Optional, TypedDict, Union\n\n__all__ = [\n";
        for name in definitions.keys() {
            out += &format!("    \"{name}\",\n");
        }
        out += "]\n";
        for (name, definition) in definitions {
            out += "\n\n";
            match definition {
                Definition::Alias { doc, ty } => {
                    out += &format!("{name} = {}\n", spell(ty, true));
                    if let Some(text) = doc {
                        out += &docstring(&Some(text.clone()), "");
                    }
                }
                Definition::Object { doc, properties } => {
                    // Python 3.10 has no `NotRequired`: the keys that may be absent go in a
                    // subclass with `total=False`.
                    let (required, optional): (Vec<_>, Vec<_>) =
                        properties.iter().partition(|p| p.required);
                    let field = |p: &super::Property| {
                        // Class syntax cannot name a key `from`, `class` …: refused rather than
                        // generated broken.
                        assert!(
                            !PYTHON_KEYWORDS.contains(&p.name.as_str()),
                            "{name}.{}: a Python keyword cannot be a TypedDict key in class syntax",
                            p.name
                        );
                        let mut line = format!("    {}: {}\n", p.name, spell(&p.ty, false));
                        line += &docstring(&p.doc, "    ");
                        line
                    };
                    let base = if optional.is_empty() {
                        "TypedDict".to_owned()
                    } else {
                        let base = format!("_{name}Required");
                        out += &format!("class {base}(TypedDict):\n");
                        if required.is_empty() {
                            out += "    pass\n";
                        }
                        for p in &required {
                            out += &field(p);
                        }
                        out += "\n\n";
                        base
                    };
                    let total = if optional.is_empty() {
                        ""
                    } else {
                        ", total=False"
                    };
                    out += &format!("class {name}({base}{total}):\n");
                    out += &docstring(doc, "    ");
                    let own = if optional.is_empty() {
                        &required
                    } else {
                        &optional
                    };
                    if own.is_empty() && doc.is_none() {
                        out += "    pass\n";
                    }
                    for p in own {
                        out += &field(p);
                    }
                }
            }
        }
        out
    }
}

fn check(path: &str, text: &str) {
    let path = root().join(path);
    if std::env::var_os("SHENFU_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "{} is stale: run SHENFU_BLESS=1 cargo test -p shenfu-rules-server --test schemas --test contract_types",
        path.display()
    );
}

#[test]
fn the_typescript_declarations_are_current() {
    check(
        "wasm/src/contract.d.ts",
        &typescript::module(&definitions()),
    );
}

#[test]
fn the_python_typed_dicts_are_current() {
    check(
        "py/python/shenfu_rules/contract.py",
        &python::module(&definitions()),
    );
}

#[test]
fn a_keyword_the_generators_cannot_type_is_refused() {
    let schema = serde_json::json!({ "type": "object", "patternProperties": {} });
    let refused = std::panic::catch_unwind(|| type_of(&schema, "X"));
    assert!(refused.is_err());
    // A nullable reference is a union with null in both languages.
    let nullable = type_of(
        &serde_json::json!({ "oneOf": [{ "type": "null" }, { "$ref": "#/$defs/Quantity" }] }),
        "X",
    );
    assert_eq!(
        nullable,
        Type::Union(vec![Type::Null, Type::Ref("Quantity".into())])
    );
}
