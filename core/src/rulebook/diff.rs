//! What changed between two rulebooks: the question an approval office asks when the plan is
//! revised. The compiled rulebooks are compared, not their text, so a file that is only
//! reformatted or reordered diffs as equal. Each entry is compared through the public listing
//! every surface prints (a rule's or target's summary, an indicator's definition), flattened
//! to dotted fields (`threshold.value`, `citation.quote`), so a field added to a listing is
//! diffed without touching this module.

use super::Rulebook;
use crate::vocab::{Citation, RulebookRef};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// Which part of a rulebook an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The header: id, version, title, source.
    Rulebook,
    /// A rule (`[[rules]]`).
    Rule,
    /// An indicator (`[[indicators]]`).
    Indicator,
    /// A target (`[[targets]]`).
    Target,
}

/// How an entry changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// In the new rulebook only.
    Added,
    /// In the old rulebook only.
    Removed,
    /// In both, with a field that differs.
    Changed,
}

/// One field of an entry, before and after (`None`: the field is not there on that side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Dotted path in the entry's listing, e.g. `threshold.value`, `in_force`.
    pub field: String,
    /// The field's value in the old rulebook's listing; `null` when it is not there.
    pub old: Option<Value>,
    /// The field's value in the new rulebook's listing; `null` when it is not there.
    pub new: Option<Value>,
}

/// One rule, indicator, target or header that was added, removed or changed, with both
/// citations side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<'a> {
    /// Which part of the rulebook the entry is.
    pub part: Part,
    /// The entry's id, e.g. `admission.investment_per_mu`; `rulebook` for the header.
    pub id: String,
    /// Whether it was added, removed or changed.
    pub change: ChangeKind,
    /// For `changed`, the fields that differ; for `added` and `removed`, every field.
    pub fields: Vec<FieldChange>,
    /// The entry's citation in the old rulebook; `null` when it is new (or the header).
    pub old_citation: Option<&'a Citation>,
    /// The entry's citation in the new rulebook; `null` when it was removed (or the header).
    pub new_citation: Option<&'a Citation>,
}

impl Change<'_> {
    /// The field change named `field`, if that field changed.
    pub fn field(&self, field: &str) -> Option<&FieldChange> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// What changed from `old` to `new`: the header first, then rules, indicators and targets, each
/// in the new rulebook's order followed by what was removed in the old one's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulebookDiff<'a> {
    /// The rulebook compared from: id, version and SHA-256.
    pub old: RulebookRef<'a>,
    /// The rulebook compared to: id, version and SHA-256.
    pub new: RulebookRef<'a>,
    /// No rule, indicator, target or header field differs.
    pub equal: bool,
    /// Every entry that differs, in the order above.
    pub changes: Vec<Change<'a>>,
}

impl RulebookDiff<'_> {
    /// The change to the entry `id` of `part`, if it changed.
    pub fn change(&self, part: Part, id: &str) -> Option<&Change<'_>> {
        self.changes.iter().find(|c| c.part == part && c.id == id)
    }

    /// The diff's canonical JSON text, as `shenfu diff` prints it in JSON.
    pub fn to_canonical_json(&self) -> String {
        crate::canonical::to_json(self)
    }
}

/// One entry as compared: its id, its listing as JSON and its citation.
struct Entry<'a> {
    id: &'a str,
    listing: Value,
    citation: Option<&'a Citation>,
}

fn listing<T: Serialize>(value: &T) -> Value {
    // The listings are the engine's own plain structs: serialising them cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl Rulebook {
    /// What changed from this rulebook to `new`.
    ///
    /// ```
    /// use shenfu_rules::Rulebook;
    /// use shenfu_rules::rulebook::diff::{ChangeKind, Part};
    /// let old = Rulebook::embedded();
    /// let revised = shenfu_rules::rulebook::SHENFU_TOML.replace(
    ///     "threshold = { value = \"40\", unit = \"万元/亩\" }",
    ///     "threshold = { value = \"45\", unit = \"万元/亩\" }",
    /// ).replace("亩均税收产出超 40 万元", "亩均税收产出超 45 万元");
    /// let new = Rulebook::from_toml_str(&revised).unwrap();
    /// let diff = old.diff(&new);
    /// let change = diff.change(Part::Rule, "admission.tax_per_mu").unwrap();
    /// assert_eq!(change.change, ChangeKind::Changed);
    /// let threshold = change.field("threshold.value").unwrap();
    /// assert_eq!((threshold.old.as_ref().unwrap(), threshold.new.as_ref().unwrap()), (&"40".into(), &"45".into()));
    /// assert!(old.diff(old).equal);
    /// ```
    pub fn diff<'a>(&'a self, new: &'a Rulebook) -> RulebookDiff<'a> {
        let mut changes = Vec::new();
        for part in [Part::Rulebook, Part::Rule, Part::Indicator, Part::Target] {
            compare(part, self.entries(part), new.entries(part), &mut changes);
        }
        RulebookDiff {
            old: self.reference(),
            new: new.reference(),
            equal: changes.is_empty(),
            changes,
        }
    }

    fn entries(&self, part: Part) -> Vec<Entry<'_>> {
        match part {
            Part::Rulebook => {
                #[derive(Serialize)]
                struct Header<'r> {
                    id: &'r str,
                    version: &'r str,
                    title: &'r crate::vocab::Text,
                    source: &'r str,
                }
                let header = Header {
                    id: &self.id,
                    version: &self.version,
                    title: &self.title,
                    source: &self.source,
                };
                // Keyed by part, not by id: a renamed rulebook is a changed header.
                vec![Entry {
                    id: "rulebook",
                    listing: listing(&header),
                    citation: None,
                }]
            }
            Part::Rule => self
                .rules()
                .iter()
                .map(|r| Entry {
                    id: &r.id,
                    listing: listing(&r.summary()),
                    citation: Some(&r.citation),
                })
                .collect(),
            Part::Indicator => self
                .indicators()
                .iter()
                .map(|i| Entry {
                    id: &i.id,
                    listing: listing(&i.summary()),
                    citation: i.citation.as_ref(),
                })
                .collect(),
            Part::Target => self
                .targets()
                .iter()
                .filter_map(|t| {
                    Some(Entry {
                        id: &t.id,
                        listing: listing(&self.target_summary(t)?),
                        citation: Some(&t.citation),
                    })
                })
                .collect(),
        }
    }
}

/// Append the changes between two lists of entries of one part.
fn compare<'a>(part: Part, old: Vec<Entry<'a>>, new: Vec<Entry<'a>>, out: &mut Vec<Change<'a>>) {
    let mut old_by_id: HashMap<&str, Entry<'a>> = HashMap::with_capacity(old.len());
    let mut old_order = Vec::with_capacity(old.len());
    for entry in old {
        old_order.push(entry.id);
        old_by_id.insert(entry.id, entry);
    }
    for entry in new {
        let (kind, fields, old_citation) = match old_by_id.remove(entry.id) {
            Some(before) => {
                let fields = field_changes(&before.listing, &entry.listing);
                if fields.is_empty() {
                    continue;
                }
                (ChangeKind::Changed, fields, before.citation)
            }
            None => (
                ChangeKind::Added,
                field_changes(&Value::Null, &entry.listing),
                None,
            ),
        };
        out.push(Change {
            part,
            id: entry.id.to_owned(),
            change: kind,
            fields,
            old_citation,
            new_citation: entry.citation,
        });
    }
    for id in old_order {
        if let Some(before) = old_by_id.remove(id) {
            out.push(Change {
                part,
                id: id.to_owned(),
                change: ChangeKind::Removed,
                fields: field_changes(&before.listing, &Value::Null),
                old_citation: before.citation,
                new_citation: None,
            });
        }
    }
}

/// The leaves that differ between two listings, in the new listing's field order, then the
/// fields only the old one has.
fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut before = Vec::new();
    leaves("", old, &mut before);
    let mut after = Vec::new();
    leaves("", new, &mut after);
    let mut changes = Vec::new();
    for (field, value) in &after {
        let was = before.iter().find(|(f, _)| f == field).map(|(_, v)| v);
        if was != Some(value) {
            changes.push(FieldChange {
                field: field.clone(),
                old: was.cloned(),
                new: Some(value.clone()),
            });
        }
    }
    for (field, value) in before {
        if !after.iter().any(|(f, _)| *f == field) {
            changes.push(FieldChange {
                field,
                old: Some(value),
                new: None,
            });
        }
    }
    changes
}

/// Every leaf of a listing with its dotted path; objects are walked, arrays and scalars are
/// leaves (`in_force` compares as one pair). `Null` at the top (a missing side) has none.
fn leaves(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(&path, member, out);
            }
        }
        Value::Null if prefix.is_empty() => {}
        leaf => out.push((prefix.to_owned(), leaf.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rulebook_diffs_equal_to_itself_and_to_a_reformatted_copy() {
        let book = Rulebook::embedded();
        assert!(book.diff(book).equal);
        // Comments dropped, entries in reverse order: the same compiled rulebook.
        let mut blocks: Vec<&str> = super::super::SHENFU_TOML.split("\n[[rules]]\n").collect();
        let head: String = blocks
            .remove(0)
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        blocks.reverse();
        let reordered = format!("{head}\n[[rules]]\n{}\n", blocks.join("\n[[rules]]\n"));
        let other = Rulebook::from_toml_str(&reordered).unwrap();
        assert_ne!(other.sha256(), book.sha256());
        let diff = book.diff(&other);
        assert!(diff.equal, "{}", diff.to_canonical_json());
    }
}
