//! Local `$ref`s (`#/components/schemas/Pet`): finding the dangling ones
//! before anything is rendered, and resolving them while walking.

use super::Problem;
use serde_json::Value;

/// The value a `$ref` points to, when it is local and resolves.
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    let decoded = crate::site::urls::percent_decode(pointer);
    root.pointer(&decoded)
}

/// The last segment of a reference, as a name to show (`Pet`).
pub fn name(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    last.replace("~1", "/").replace("~0", "~")
}

/// Every `$ref` that does not resolve in `root`, with the JSON pointer of
/// where it is written, in document order.
pub fn dangling(root: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut pointer = String::new();
    walk(root, root, &mut pointer, &mut problems);
    problems
}

fn walk(root: &Value, value: &Value, pointer: &mut String, problems: &mut Vec<Problem>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                check(root, reference, pointer, problems);
            }
            for (key, child) in map {
                // Examples, defaults and extensions are data: a `$ref` key
                // in them is not a reference.
                if is_data(key) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                walk(root, child, pointer, problems);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(root, child, pointer, problems);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn is_data(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const") || key.starts_with("x-")
}

fn check(root: &Value, reference: &str, pointer: &str, problems: &mut Vec<Problem>) {
    let at = format!("{pointer}/$ref");
    if !reference.starts_with('#') {
        problems.push(Problem {
            pointer: at,
            message: format!(
                "`$ref: {reference}` points outside the document; only references inside it (`#/…`) are read"
            ),
        });
    } else if resolve(root, reference).is_none() {
        problems.push(Problem {
            pointer: at,
            message: format!("`$ref: {reference}` points to nothing in the document"),
        });
    }
}
