//! `paths` into operations: parameters (path-level and operation-level,
//! Swagger 2.0 body and form parameters turned into a request body),
//! request bodies, responses per status code, examples, security.

use super::model::{Body, Content, Example, Operation, Parameter, Response, SecurityUse};
use super::normalise::Anchors;
use super::prose::Prose;
use super::refs;
use super::schema::{self, Tables};
use super::source::Version;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A `$ref`'d object (parameter, response, body, example) resolved; the
/// value itself when it is no reference or does not resolve.
pub fn resolved<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    // A reference to a reference: follow a few, not a cycle.
    for _ in 0..8 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(r) => match refs::resolve(root, r) {
                Some(target) => current = target,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

/// Every operation in `paths` order (sorted by path, then method order),
/// with its first tag; their schemas go to `tables`.
pub fn all<'a>(
    root: &'a Value,
    version: Version,
    schemes: &'a BTreeMap<String, String>,
    anchors: &mut Anchors,
    tables: &mut Tables<'a>,
) -> Vec<(Option<String>, Operation)> {
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let reader = Reader {
        root,
        version,
        schemes,
        tables: RefCell::new(tables),
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let item = resolved(root, item);
        for method in METHODS {
            let Some(op) = item.get(method).filter(|o| o.is_object()) else {
                continue;
            };
            let tag = op
                .get("tags")
                .and_then(Value::as_array)
                .and_then(|t| t.first())
                .and_then(Value::as_str)
                .map(str::to_string);
            out.push((tag, reader.operation(path, method, item, op, anchors)));
        }
    }
    out
}

struct Reader<'a, 't> {
    root: &'a Value,
    version: Version,
    /// Security scheme name to its anchor on the page.
    schemes: &'a BTreeMap<String, String>,
    /// Shared by every operation; a `RefCell` because the reader is
    /// otherwise read-only.
    tables: RefCell<&'t mut Tables<'a>>,
}

impl<'a> Reader<'a, '_> {
    fn operation(
        &self,
        path: &str,
        method: &str,
        item: &'a Value,
        op: &'a Value,
        anchors: &mut Anchors,
    ) -> Operation {
        let text = |key: &str| op.get(key).and_then(Value::as_str);
        let anchor_text = match text("operationId") {
            Some(id) => id.to_string(),
            None => format!("{method} {path}"),
        };
        let raw = self.raw_parameters(item, op);
        let (parameters, body_params): (Vec<&Value>, Vec<&Value>) = raw
            .into_iter()
            .partition(|p| !matches!(str_of(p, "in"), Some("body") | Some("formData")));
        let request_body = if self.version == Version::Swagger2 {
            self.swagger2_body(op, &body_params)
        } else {
            op.get("requestBody")
                .map(|b| self.body(resolved(self.root, b)))
        };
        Operation {
            anchor: anchors.unique("op-", &anchor_text),
            method: method.to_string(),
            path: path.to_string(),
            summary: text("summary").map(str::to_string),
            description_html: Prose::from_markdown(text("description")),
            deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
            parameters: parameters.into_iter().map(|p| self.parameter(p)).collect(),
            request_body,
            responses: self.responses(op),
            security: self.security(op),
        }
    }

    fn table(&self, schema: &Value) -> usize {
        self.tables.borrow_mut().table(schema)
    }

    /// Path-level then operation-level parameters, resolved; an operation's
    /// parameter replaces the path's one with the same name and place.
    fn raw_parameters(&self, item: &'a Value, op: &'a Value) -> Vec<&'a Value> {
        let mut list: Vec<&'a Value> = Vec::new();
        for source in [item, op] {
            let Some(params) = source.get("parameters").and_then(Value::as_array) else {
                continue;
            };
            for p in params {
                let p = resolved(self.root, p);
                let key = (str_of(p, "name"), str_of(p, "in"));
                list.retain(|q| (str_of(q, "name"), str_of(q, "in")) != key);
                list.push(p);
            }
        }
        list
    }

    fn parameter(&self, p: &Value) -> Parameter {
        // 3.x describes the value with `schema`; 2.0 puts `type` on the
        // parameter itself.
        let schema = p.get("schema").unwrap_or(p);
        let example = p
            .get("example")
            .or_else(|| p.get("x-example"))
            .or_else(|| schema.get("example"))
            .or_else(|| {
                p.get("examples")
                    .and_then(Value::as_object)
                    .and_then(|e| e.values().next())
                    .map(|e| resolved(self.root, e))
                    .and_then(|e| e.get("value"))
            })
            .map(inline_example);
        Parameter {
            name: str_of(p, "name").unwrap_or("").to_string(),
            location: str_of(p, "in").unwrap_or("").to_string(),
            type_label: schema::type_label(self.root, schema),
            required: p.get("required").and_then(Value::as_bool) == Some(true),
            deprecated: p.get("deprecated").and_then(Value::as_bool) == Some(true),
            description_html: Prose::from_markdown(str_of(p, "description")),
            example,
        }
    }

    /// 3.x `requestBody` (or a response): one `Content` per media type.
    fn body(&self, body: &Value) -> Body {
        Body {
            description_html: Prose::from_markdown(str_of(body, "description")),
            required: body.get("required").and_then(Value::as_bool) == Some(true),
            contents: self.contents(body.get("content")),
        }
    }

    fn contents(&self, content: Option<&Value>) -> Vec<Content> {
        let Some(content) = content.and_then(Value::as_object) else {
            return Vec::new();
        };
        content
            .iter()
            .map(|(media_type, media)| {
                let schema = media.get("schema");
                let mut examples = self.examples(media);
                if examples.is_empty() {
                    examples.extend(schema_example(self.root, schema));
                }
                Content {
                    media_type: media_type.clone(),
                    schema: schema.map(|s| self.table(s)),
                    examples,
                }
            })
            .collect()
    }

    /// `example` and `examples` (named, possibly `$ref`'d) of a media type.
    fn examples(&self, media: &Value) -> Vec<Example> {
        let mut out = Vec::new();
        if let Some(value) = media.get("example") {
            out.push(example(None, None, value));
        }
        if let Some(named) = media.get("examples").and_then(Value::as_object) {
            for (name, e) in named {
                let e = resolved(self.root, e);
                if let Some(value) = e.get("value") {
                    out.push(example(
                        Some(name.clone()),
                        str_of(e, "summary").map(str::to_string),
                        value,
                    ));
                } else if let Some(url) = str_of(e, "externalValue") {
                    out.push(Example {
                        name: Some(name.clone()),
                        summary: str_of(e, "summary").map(str::to_string),
                        code: url.to_string(),
                    });
                }
            }
        }
        out
    }

    /// Swagger 2.0: the `in: body` parameter's schema, or the form
    /// parameters as the properties of one object, under `consumes`.
    fn swagger2_body(&self, op: &Value, params: &[&Value]) -> Option<Body> {
        let consumes = op
            .get("consumes")
            .or_else(|| self.root.get("consumes"))
            .and_then(Value::as_array)
            .and_then(|c| c.first())
            .and_then(Value::as_str);
        if let Some(body) = params.iter().find(|p| str_of(p, "in") == Some("body")) {
            let schema = body.get("schema");
            return Some(Body {
                description_html: Prose::from_markdown(str_of(body, "description")),
                required: body.get("required").and_then(Value::as_bool) == Some(true),
                contents: vec![Content {
                    media_type: consumes.unwrap_or("application/json").to_string(),
                    schema: schema.map(|s| self.table(s)),
                    examples: schema_example(self.root, schema).into_iter().collect(),
                }],
            });
        }
        if params.is_empty() {
            return None;
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in params {
            let name = str_of(p, "name").unwrap_or("").to_string();
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            let mut property = p.as_object().cloned().unwrap_or_default();
            for key in ["name", "in", "required"] {
                property.remove(key);
            }
            properties.insert(name, Value::Object(property));
        }
        let mut form = Map::new();
        form.insert("type".into(), Value::String("object".into()));
        form.insert("properties".into(), Value::Object(properties));
        form.insert("required".into(), Value::Array(required));
        let form = Value::Object(form);
        Some(Body {
            description_html: None,
            required: false,
            contents: vec![Content {
                media_type: consumes
                    .unwrap_or("application/x-www-form-urlencoded")
                    .to_string(),
                schema: Some(self.table(&form)),
                examples: Vec::new(),
            }],
        })
    }

    fn responses(&self, op: &Value) -> Vec<Response> {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return Vec::new();
        };
        let produces = op
            .get("produces")
            .or_else(|| self.root.get("produces"))
            .and_then(Value::as_array)
            .and_then(|c| c.first())
            .and_then(Value::as_str)
            .unwrap_or("application/json");
        let mut out: Vec<Response> = responses
            .iter()
            .filter(|(status, _)| !status.starts_with("x-"))
            .map(|(status, r)| {
                let r = resolved(self.root, r);
                let contents = if self.version == Version::Swagger2 {
                    self.swagger2_response(r, produces)
                } else {
                    self.contents(r.get("content"))
                };
                Response {
                    status: status.clone(),
                    class: status_class(status),
                    description_html: Prose::from_markdown(str_of(r, "description")),
                    contents,
                }
            })
            .collect();
        // `default` after the numbered codes.
        out.sort_by_key(|r| (r.status == "default", r.status.clone()));
        out
    }

    fn swagger2_response(&self, r: &Value, produces: &str) -> Vec<Content> {
        let schema = r.get("schema");
        let mut examples: Vec<Example> = r
            .get("examples")
            .and_then(Value::as_object)
            .map(|e| {
                e.iter()
                    .map(|(mime, value)| example(Some(mime.clone()), None, value))
                    .collect()
            })
            .unwrap_or_default();
        if examples.is_empty() {
            examples.extend(schema_example(self.root, schema));
        }
        if schema.is_none() && examples.is_empty() {
            return Vec::new();
        }
        vec![Content {
            media_type: produces.to_string(),
            schema: schema.map(|s| self.table(s)),
            examples,
        }]
    }

    /// The operation's `security`, else the document's.
    fn security(&self, op: &Value) -> Option<Vec<Vec<SecurityUse>>> {
        let list = op
            .get("security")
            .or_else(|| self.root.get("security"))?
            .as_array()?;
        Some(
            list.iter()
                .filter_map(Value::as_object)
                .map(|requirement| {
                    requirement
                        .iter()
                        .map(|(name, scopes)| SecurityUse {
                            name: name.clone(),
                            anchor: self.schemes.get(name).cloned().unwrap_or_default(),
                            scopes: scopes
                                .as_array()
                                .map(|s| {
                                    s.iter()
                                        .filter_map(Value::as_str)
                                        .map(str::to_string)
                                        .collect()
                                })
                                .unwrap_or_default(),
                        })
                        .collect()
                })
                .collect(),
        )
    }
}

fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

fn status_class(status: &str) -> &'static str {
    match status.as_bytes().first() {
        Some(b'2') => "success",
        Some(b'3') => "redirect",
        Some(b'4') => "client-error",
        Some(b'5') => "server-error",
        _ => "other",
    }
}

fn example(name: Option<String>, summary: Option<String>, value: &Value) -> Example {
    let code = match value {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    };
    Example {
        name,
        summary,
        code,
    }
}

/// A schema's own `example` (following one `$ref`), when a body has none.
fn schema_example(root: &Value, schema: Option<&Value>) -> Option<Example> {
    let schema = resolved(root, schema?);
    schema
        .get("example")
        .or_else(|| {
            schema
                .get("examples")
                .and_then(Value::as_array)
                .and_then(|e| e.first())
        })
        .map(|value| example(None, None, value))
}

/// A parameter's example on one line.
fn inline_example(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
