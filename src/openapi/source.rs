//! Spec text to a JSON value, and which version of the format it is.

use super::Problem;
use serde_json::Value;

/// The formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

pub fn parse(text: &str, name: &str) -> Result<Value, Problem> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| Problem {
            pointer: String::new(),
            message: format!(
                "not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        })
    } else {
        serde_yaml::from_str(text).map_err(|e| Problem {
            pointer: String::new(),
            message: format!("not valid YAML: {e}"),
        })
    }
}

/// `swagger: "2.0"`, `openapi: 3.0.x` or `openapi: 3.1.x`.
pub fn version(document: &Value) -> Result<Version, Problem> {
    let text = |key: &str| match document.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    if !document.is_object() {
        return Err(Problem {
            pointer: String::new(),
            message: "the document is not a mapping: not an OpenAPI or Swagger file".into(),
        });
    }
    if let Some(v) = text("openapi") {
        return if v.starts_with("3.0") {
            Ok(Version::OpenApi30)
        } else if v.starts_with("3.1") {
            Ok(Version::OpenApi31)
        } else {
            Err(Problem {
                pointer: "/openapi".into(),
                message: format!("OpenAPI version `{v}` is not supported (3.0 and 3.1 are)"),
            })
        };
    }
    match text("swagger") {
        Some(v) if v.starts_with('2') => Ok(Version::Swagger2),
        Some(v) => Err(Problem {
            pointer: "/swagger".into(),
            message: format!("Swagger version `{v}` is not supported (2.0 is)"),
        }),
        None => Err(Problem {
            pointer: String::new(),
            message: "neither `openapi` nor `swagger` is set: not an OpenAPI or Swagger file"
                .into(),
        }),
    }
}

impl Version {
    pub fn label(self) -> &'static str {
        match self {
            Version::Swagger2 => "Swagger 2.0",
            Version::OpenApi30 => "OpenAPI 3.0",
            Version::OpenApi31 => "OpenAPI 3.1",
        }
    }
}
