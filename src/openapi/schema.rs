//! A JSON schema as rows of an indented table: properties nested under
//! their object, `[]` under arrays, `allOf` merged, `oneOf` / `anyOf` as
//! numbered variants, `$ref`s followed with a stack so that a cycle ends in
//! a "référence circulaire" row instead of expanding forever.
//!
//! `Tables` expands each distinct schema of a spec once: the same
//! `{"$ref": "#/…/Erreur"}` under fifty responses is one table, which the
//! page renders once and prints fifty times.

use super::model::SchemaRow;
use super::prose::Prose;
use super::refs;
use serde_json::Value;
use std::collections::HashMap;

/// Deeper than this, a schema is cut with a note: real specs nest 4–5 levels.
const MAX_DEPTH: usize = 12;
/// Rows per schema: a schema whose references fan out (a DAG expanded as a
/// tree) is cut rather than grown exponentially.
const MAX_ROWS: usize = 1500;

/// The schema tables of one spec, each distinct schema expanded once.
pub struct Tables<'r> {
    root: &'r Value,
    /// A schema's JSON text (keys sorted) to its table: equal schemas give
    /// equal rows, wherever they are written.
    by_source: HashMap<String, usize>,
    tables: Vec<Vec<SchemaRow>>,
    /// Descriptions rendered so far, across the whole spec: a referenced
    /// schema's description is rendered once, however often it is shown.
    prose: HashMap<String, Option<Prose>>,
}

impl<'r> Tables<'r> {
    pub fn new(root: &'r Value) -> Tables<'r> {
        Tables {
            root,
            by_source: HashMap::new(),
            tables: Vec::new(),
            prose: HashMap::new(),
        }
    }

    /// The index of `schema`'s table, expanding it the first time it is
    /// met.
    pub fn table(&mut self, schema: &Value) -> usize {
        let source = schema.to_string();
        if let Some(&index) = self.by_source.get(&source) {
            return index;
        }
        let rows = rows(self.root, schema, &mut self.prose);
        self.tables.push(rows);
        let index = self.tables.len() - 1;
        self.by_source.insert(source, index);
        index
    }

    pub fn into_tables(self) -> Vec<Vec<SchemaRow>> {
        self.tables
    }
}

fn rows(
    root: &Value,
    schema: &Value,
    prose: &mut HashMap<String, Option<Prose>>,
) -> Vec<SchemaRow> {
    let mut walker = Walker {
        root,
        rows: Vec::new(),
        stack: Vec::new(),
        prose,
    };
    walker.schema(schema, None, false, 0);
    walker.rows
}

/// A short type for a parameter's column: `string (date)`, `array<Pet>`.
pub fn type_label(root: &Value, schema: &Value) -> String {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => refs::name(r),
        None => plain_type(root, schema),
    }
}

struct Walker<'a, 'p> {
    root: &'a Value,
    rows: Vec<SchemaRow>,
    /// The references being expanded, outermost first.
    stack: Vec<&'a str>,
    prose: &'p mut HashMap<String, Option<Prose>>,
}

impl<'a> Walker<'a, '_> {
    fn prose(&mut self, description: Option<&'a str>) -> Option<Prose> {
        let text = description?;
        if let Some(known) = self.prose.get(text) {
            return known.clone();
        }
        let rendered = Prose::from_markdown(Some(text));
        self.prose.insert(text.to_string(), rendered.clone());
        rendered
    }

    fn push(&mut self, row: SchemaRow) -> bool {
        if self.rows.len() >= MAX_ROWS {
            return false;
        }
        self.rows.push(row);
        true
    }

    fn schema(&mut self, schema: &'a Value, name: Option<String>, required: bool, depth: usize) {
        if self.rows.len() >= MAX_ROWS {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let shown = refs::name(reference);
            let target = refs::resolve(self.root, reference);
            if self.stack.contains(&reference) || target.is_none() {
                let note = if target.is_none() {
                    format!("référence introuvable : {reference}")
                } else {
                    format!("référence circulaire vers {shown}")
                };
                self.push(row(depth, name, shown, required, None, Some(note)));
                return;
            }
            if let Some(target) = target {
                self.stack.push(reference);
                self.expand(target, name, required, depth, Some(shown));
                self.stack.pop();
            }
            return;
        }
        self.expand(schema, name, required, depth, None);
    }

    /// One schema (already resolved): its own row, then what it contains.
    fn expand(
        &mut self,
        schema: &'a Value,
        name: Option<String>,
        required: bool,
        depth: usize,
        ref_name: Option<String>,
    ) {
        let mut label = plain_type(self.root, schema);
        if let Some(r) = &ref_name {
            label = if label == "object" || label.is_empty() {
                r.clone()
            } else {
                format!("{r} ({label})")
            };
        }
        let description = schema.get("description").and_then(Value::as_str);
        let description = self.prose(description);
        if depth >= MAX_DEPTH {
            self.push(row(
                depth,
                name,
                label,
                required,
                description,
                Some("imbrication trop profonde, non détaillée".into()),
            ));
            return;
        }
        let composition = ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|k| schema.get(k).and_then(Value::as_array).map(|v| (k, v)));
        let note = match composition {
            Some(("oneOf", _)) => Some("un parmi (oneOf)".to_string()),
            Some(_) => Some("un ou plusieurs parmi (anyOf)".to_string()),
            None => constraints(schema),
        };
        let is_root_object = depth == 0 && name.is_none() && ref_name.is_none();
        // The schema's own row, except an anonymous top-level object whose
        // properties say it all.
        let children_depth = if is_root_object && label == "object" && note.is_none() {
            depth
        } else {
            if !self.push(row(depth, name, label, required, description, note)) {
                return;
            }
            depth + 1
        };
        self.members(schema, children_depth);
        if let Some((_, variants)) = composition {
            for (i, variant) in variants.iter().enumerate() {
                let title = variant
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| variant.get("$ref").and_then(Value::as_str).map(refs::name));
                let name = match title {
                    Some(t) => format!("option {} : {t}", i + 1),
                    None => format!("option {}", i + 1),
                };
                self.schema(variant, Some(name), false, children_depth);
            }
        }
    }

    /// Properties (own and from `allOf`), array items, map values.
    fn members(&mut self, schema: &'a Value, depth: usize) {
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.all_of_part(part, depth);
            }
        }
        self.properties(schema, depth);
        if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
            if has_members(self.root, items) {
                self.schema(items, Some("[]".into()), false, depth);
            }
        }
        if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            if has_members(self.root, values) || values.get("$ref").is_some() {
                self.schema(values, Some("{clé}".into()), false, depth);
            }
        }
    }

    /// An `allOf` member: its properties belong to the parent; a reference
    /// is followed (with the cycle stack) to get them.
    fn all_of_part(&mut self, part: &'a Value, depth: usize) {
        if let Some(reference) = part.get("$ref").and_then(Value::as_str) {
            if self.stack.contains(&reference) {
                let shown = refs::name(reference);
                self.push(row(
                    depth,
                    None,
                    shown.clone(),
                    false,
                    None,
                    Some(format!("référence circulaire vers {shown}")),
                ));
                return;
            }
            if let Some(target) = refs::resolve(self.root, reference) {
                self.stack.push(reference);
                self.members(target, depth);
                self.stack.pop();
            }
            return;
        }
        self.members(part, depth);
    }

    fn properties(&mut self, schema: &'a Value, depth: usize) {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, property) in properties {
            let is_required = required.contains(&name.as_str());
            self.schema(property, Some(name.clone()), is_required, depth);
        }
    }
}

fn row(
    depth: usize,
    name: Option<String>,
    type_label: String,
    required: bool,
    description_html: Option<Prose>,
    note: Option<String>,
) -> SchemaRow {
    SchemaRow {
        depth,
        name,
        type_label,
        required,
        description_html,
        note,
    }
}

/// Whether a schema has anything to show below its own row.
fn has_members(root: &Value, schema: &Value) -> bool {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => match refs::resolve(root, r) {
            Some(target) => target,
            None => return false,
        },
        None => schema,
    };
    [
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "additionalProperties",
    ]
    .iter()
    .any(|k| {
        schema
            .get(*k)
            .is_some_and(|v| v.is_object() || v.is_array())
    })
}

/// `type` (a string, or a list in 3.1), with `format`, array items and
/// `nullable`, as one short label.
fn plain_type(root: &Value, schema: &Value) -> String {
    let mut types: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    if types.is_empty() {
        if schema.get("properties").is_some() || schema.get("allOf").is_some() {
            types.push("object".into());
        } else if schema.get("items").is_some() {
            types.push("array".into());
        }
    }
    let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
    if nullable && !types.iter().any(|t| t == "null") {
        types.push("null".into());
    }
    let labels: Vec<String> = types
        .iter()
        .map(|t| match t.as_str() {
            "array" => match schema.get("items") {
                Some(items) if items.is_object() => format!("array<{}>", type_label(root, items)),
                _ => "array".to_string(),
            },
            other => match schema.get("format").and_then(Value::as_str) {
                Some(format) if other != "null" => format!("{other} ({format})"),
                _ => other.to_string(),
            },
        })
        .collect();
    labels.join(" | ")
}

/// Enumerated values, bounds and patterns, as a note.
fn constraints(schema: &Value) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let shown: Vec<String> = values.iter().map(scalar).collect();
        parts.push(format!("valeurs : {}", shown.join(", ")));
    }
    if let Some(value) = schema.get("const") {
        parts.push(format!("valeur : {}", scalar(value)));
    }
    for (key, label) in [
        ("minimum", "min"),
        ("maximum", "max"),
        ("minLength", "longueur min"),
        ("maxLength", "longueur max"),
        ("minItems", "éléments min"),
        ("maxItems", "éléments max"),
        ("pattern", "motif"),
        ("default", "défaut"),
    ] {
        if let Some(value) = schema.get(key) {
            parts.push(format!("{label} : {}", scalar(value)));
        }
    }
    if schema.get("deprecated").and_then(Value::as_bool) == Some(true) {
        parts.push("obsolète".into());
    }
    (!parts.is_empty()).then(|| parts.join(" ; "))
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
