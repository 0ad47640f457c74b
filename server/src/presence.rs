//! Which properties an answer always carries. The engine and the service write every field of
//! what they write — `null` when it has no value, never left out — so a schema no request uses
//! (an answer's, or one the document holds for the files, such as a receipt's offline
//! verification) lists all its properties as `required` (nullable ones stay nullable). Without
//! this, a generated client types `eligible` as `boolean | null | undefined` and makes every
//! caller handle an absence that never happens. What a request carries keeps its own list:
//! there an absent optional field is the caller's choice.

use serde_json::Value;
use std::collections::BTreeSet;

/// The members an answer leaves out where they do not apply: a project rule's description has
/// none of a zone target's (`GET /v1/rules`); a decision has no receipt from a service that signs
/// no checkpoints. Every other member of these answers is written.
const SOMETIMES_ABSENT: [(&str, &[&str]); 2] = [
    (
        "RuleSummary",
        &["aspiration", "indicator", "since", "source", "tolerance"],
    ),
    ("Decision", &["receipt"]),
];

/// Makes the properties of every object no request carries required, but those
/// [`SOMETIMES_ABSENT`].
pub fn require_written(document: &mut Value) {
    let components = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    let mut requests = BTreeSet::new();
    for operation in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
    {
        let part = |key: &str| operation.get(key).unwrap_or(&Value::Null);
        reached(part("requestBody"), &components, &mut requests);
        reached(part("parameters"), &components, &mut requests);
    }
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        let written = schemas
            .keys()
            .filter(|name| !requests.contains(*name))
            .cloned()
            .collect::<Vec<_>>();
        for name in &written {
            let absent = SOMETIMES_ABSENT
                .iter()
                .find(|(n, _)| n == name)
                .map_or(&[][..], |(_, members)| *members);
            let Some(schema) = schemas.get_mut(name).and_then(Value::as_object_mut) else {
                continue;
            };
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                continue;
            };
            // The declared order first (the type's), then the rest in the properties' order.
            let mut all: Vec<Value> = schema
                .get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for key in properties.keys().filter(|k| !absent.contains(&k.as_str())) {
                if !all.iter().any(|k| k == key.as_str()) {
                    all.push(Value::from(key.as_str()));
                }
            }
            schema.insert("required".into(), Value::Array(all));
        }
    }
}

/// Every component `value` refers to, directly or through other components.
fn reached(value: &Value, components: &Value, seen: &mut BTreeSet<String>) {
    match value {
        Value::Object(members) => {
            if let Some(name) = members
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                && seen.insert(name.to_owned())
            {
                reached(
                    components.get(name).unwrap_or(&Value::Null),
                    components,
                    seen,
                );
            }
            for member in members.values() {
                reached(member, components, seen);
            }
        }
        Value::Array(items) => {
            for item in items {
                reached(item, components, seen);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::require_written;
    use serde_json::json;

    #[test]
    fn an_answer_only_object_lists_every_property_and_a_request_keeps_its_own() {
        let schema = |required: &[&str]| {
            json!({ "type": "object", "required": required,
                    "properties": { "a": { "type": "string" }, "b": { "type": ["string", "null"] } } })
        };
        let reference = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
        let document = json!({
            "paths": { "/x": { "post": {
                "requestBody": { "content": { "application/json": { "schema": reference("Asked") } } },
                "responses": { "200": { "content": { "application/json": { "schema": {
                    "type": "array", "items": reference("Answer") } } } } }
            } } },
            "components": { "schemas": {
                "Asked": schema(&["a"]),
                "Answer": { "type": "object", "required": [], "properties": { "inner": reference("Inner") } },
                "Inner": schema(&["a"]),
            } }
        });
        let mut out = document;
        require_written(&mut out);
        let required = |name: &str| out["components"]["schemas"][name]["required"].clone();
        assert_eq!(required("Answer"), json!(["inner"]));
        assert_eq!(required("Inner"), json!(["a", "b"]));
        let mut again = out.clone();
        require_written(&mut again);
        assert_eq!(again, out, "idempotent");
        assert_eq!(required("Asked"), json!(["a"]));
    }
}
