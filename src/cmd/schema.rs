//! `vitrine schema`: a JSON Schema of the front matter of each kind of
//! content file, generated from the keys the loader checks
//! (`content::known_keys`), for editors' completion and validation. It
//! names the keys and the required ones and refuses unknown keys (the typos
//! the loader warns about); the types of values stay the loader's job.

use crate::content::known_keys;
use crate::content::loader::Kind;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Write one file per kind (`api.schema.json`, …) into this folder
    /// instead of printing every schema as one JSON object.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The kinds with front matter, by the name used in files and output.
pub const KINDS: [(&str, &str, Kind); 4] = [
    ("api", "api/*.md", Kind::Api),
    ("producer", "producteurs/*.md", Kind::Producer),
    ("guide", "guides/*.md", Kind::Guide),
    ("service", "service/*.md", Kind::Service),
];

/// The schema of one kind's front matter.
pub fn schema(name: &str, files: &str, kind: Kind) -> Value {
    let properties: Map<String, Value> = known_keys::of(kind)
        .iter()
        .map(|key| ((*key).to_string(), json!({})))
        .collect();
    // A card of the older field set names its producer with `owner`.
    let (required, either): (Vec<&str>, Option<Value>) = match kind {
        Kind::Api => (
            known_keys::required(kind)
                .iter()
                .copied()
                .filter(|k| *k != "producer")
                .collect(),
            Some(json!([{ "required": ["producer"] }, { "required": ["owner"] }])),
        ),
        _ => (known_keys::required(kind).to_vec(), None),
    };
    let mut schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("https://vitrine.invalid/schemas/{name}.schema.json"),
        "title": format!("vitrine: front matter of content/{files}"),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    if let (Some(either), Some(map)) = (either, schema.as_object_mut()) {
        map.insert("anyOf".into(), either);
    }
    schema
}

pub fn run(args: SchemaArgs) -> ExitCode {
    match args.out {
        None => {
            let all: Map<String, Value> = KINDS
                .iter()
                .map(|(name, files, kind)| ((*name).to_string(), schema(name, files, *kind)))
                .collect();
            match serde_json::to_string_pretty(&Value::Object(all)) {
                Ok(text) => println!("{text}"),
                Err(e) => return super::usage_error(&format!("cannot print the schemas: {e}")),
            }
        }
        Some(dir) => {
            if let Err(e) = std::fs::create_dir_all(&dir) {
                return super::usage_error(&format!("cannot create {}: {e}", dir.display()));
            }
            for (name, files, kind) in KINDS {
                let path = dir.join(format!("{name}.schema.json"));
                let text =
                    serde_json::to_string_pretty(&schema(name, files, kind)).unwrap_or_default();
                if let Err(e) = std::fs::write(&path, text + "\n") {
                    return super::usage_error(&format!("cannot write {}: {e}", path.display()));
                }
                println!("wrote {}", path.display());
            }
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_the_loaders_keys_and_refuses_others() {
        let s = schema("api", "api/*.md", Kind::Api);
        let properties = s["properties"].as_object().unwrap();
        assert_eq!(properties.len(), known_keys::of(Kind::Api).len());
        assert!(properties.contains_key("external_site"));
        assert_eq!(s["required"], json!(["title", "tagline"]));
        assert_eq!(s["anyOf"][1], json!({ "required": ["owner"] }));
        assert_eq!(s["additionalProperties"], json!(false));
    }
}
