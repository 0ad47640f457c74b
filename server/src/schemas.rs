//! The contract's JSON Schemas (`schemas/`), cut from the served OpenAPI document's components.

/// The contract's JSON Schemas (2020-12), one file each, made from this document's components
/// so that the service and the files can never describe two contracts: `(file name, schema)`.
/// `schemas/` holds them, kept current by a test.
pub fn json_schemas() -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::{Value, json};
    let document = crate::routes::document_value();
    let components = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    let reference = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    let roots = [
        (
            "project.schema.json",
            "A project application (the input of every assessment).",
            reference("Project"),
        ),
        (
            "report.schema.json",
            "The canonical report of one assessed project.",
            reference("Report"),
        ),
        (
            "error.schema.json",
            "The canonical error every surface writes.",
            reference("CanonicalError"),
        ),
        (
            "observations.schema.json",
            "Observed indicator values, the input of zone progress.",
            json!({ "type": "array", "items": reference("Observation") }),
        ),
        (
            "receipt.schema.json",
            "A decision's receipt: its sealed row, inclusion proof and signed checkpoint.",
            reference("Receipt"),
        ),
        (
            "receipt-verification.schema.json",
            "What a receipt's offline verification found (`shenfu receipt verify --format json`).",
            reference("ReceiptVerification"),
        ),
        (
            "rules.schema.json",
            "Every rule and zone target with its citation (`GET /v1/rules`, `shenfu rules --format json`).",
            json!({ "type": "array", "items": reference("RuleSummary") }),
        ),
        (
            "conflicts.schema.json",
            "Where the plan disagrees with itself (`GET /v1/conflicts`, `shenfu rules --conflicts --format json`).",
            json!({ "type": "array", "items": reference("Conflict") }),
        ),
        (
            "readings.schema.json",
            "How the rulebook reads the plan's words that leave a choice (`GET /v1/readings`, `shenfu rules --readings --format json`).",
            json!({ "type": "array", "items": reference("Reading") }),
        ),
        (
            "progress-report.schema.json",
            "The zone's progress in an evaluation year.",
            reference("ProgressReport"),
        ),
    ];
    roots
        .into_iter()
        .map(|(file, title, root)| {
            let mut defs = serde_json::Map::new();
            collect_refs(&root, &components, &mut defs);
            let mut schema = serde_json::Map::new();
            schema.insert(
                "$schema".into(),
                "https://json-schema.org/draft/2020-12/schema".into(),
            );
            schema.insert("title".into(), title.into());
            match rewrite_refs(root) {
                Value::Object(members) => schema.extend(members),
                other => {
                    schema.insert("allOf".into(), json!([other]));
                }
            }
            let defs = defs
                .into_iter()
                .map(|(k, v)| match k.as_str() {
                    "Decimal" => (k, accepted_decimal(v)),
                    "MoneyUnit" => (
                        k,
                        with_aliases(v, shenfu_rules::MoneyUnit::other_spellings()),
                    ),
                    _ => (k, closed(rewrite_refs(v))),
                })
                .collect();
            schema.insert("$defs".into(), Value::Object(defs));
            (file, Value::Object(schema))
        })
        .collect()
}

/// An enum with the engine's other spellings added, for the files. The spellings
/// (`MoneyUnit::other_spellings`: CNY, cny, USD) are listed in `MoneyUnit`'s description but not
/// in the document's enum: a generated client gets one constant per spelling, and `CNY` beside
/// `cny` are one constant to a client that upper-cases names.
fn with_aliases<'a>(
    mut schema: serde_json::Value,
    aliases: impl Iterator<Item = &'a str>,
) -> serde_json::Value {
    if let Some(values) = schema
        .get_mut("enum")
        .and_then(serde_json::Value::as_array_mut)
    {
        values.extend(aliases.map(serde_json::Value::from));
    }
    schema
}

/// The files say what the engine accepts, so their `Decimal` also takes a JSON number (read
/// from its own digits); the OpenAPI document, which clients are generated from, asks for text.
fn accepted_decimal(text: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "description": "A decimal: text matching the pattern (what clients should send) or a JSON number, read from its own digits, never through a binary float.",
        "anyOf": [text, { "type": "number" }],
    })
}

/// Every component `value` refers to, directly or not, into `defs`.
fn collect_refs(
    value: &serde_json::Value,
    components: &serde_json::Value,
    defs: &mut serde_json::Map<String, serde_json::Value>,
) {
    use serde_json::Value;
    match value {
        Value::Object(members) => {
            let name = members
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"));
            if let Some((name, def)) = name
                .filter(|name| !defs.contains_key(*name))
                .and_then(|name| Some((name, components.get(name)?)))
            {
                defs.insert(name.to_owned(), def.clone());
                collect_refs(def, components, defs);
            }
            for member in members.values() {
                collect_refs(member, components, defs);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, components, defs)),
        _ => {}
    }
}

/// `#/components/schemas/X` → `#/$defs/X`.
fn rewrite_refs(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(k, v)| match (k.as_str(), &v) {
                    ("$ref", Value::String(r)) => (
                        k,
                        Value::String(r.replace("#/components/schemas/", "#/$defs/")),
                    ),
                    _ => (k, rewrite_refs(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(rewrite_refs).collect()),
        other => other,
    }
}

/// An object with named properties allows no others: a field the engine writes that the
/// schema does not name fails the fixtures' validation, so the schemas cannot fall behind.
fn closed(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(mut members) => {
            if members.contains_key("properties") && !members.contains_key("additionalProperties") {
                members.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(members.into_iter().map(|(k, v)| (k, closed(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(closed).collect()),
        other => other,
    }
}
