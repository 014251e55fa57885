//! The document's top level into the model: title, servers, security
//! schemes, and the operations grouped by tag (`operations` reads each one).

use super::model::{Detail, Operation, SecurityScheme, Spec, TagGroup};
use super::operations;
use super::prose::Prose;
use super::schema::Tables;
use super::source::Version;
use crate::text::slugify;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// Where untagged operations go.
const UNTAGGED: &str = "Autres opérations";

pub fn spec(document: Value, version: Version) -> Spec {
    let info = document.get("info");
    let text = |v: Option<&Value>, key: &str| {
        v.and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut anchors = Anchors::default();
    let security_schemes = security_schemes(&document, version, &mut anchors);
    let scheme_anchors: BTreeMap<String, String> = security_schemes
        .iter()
        .map(|s| (s.name.clone(), s.anchor.clone()))
        .collect();
    let mut tables = Tables::new(&document);
    let groups = groups(
        &document,
        version,
        &scheme_anchors,
        &mut anchors,
        &mut tables,
    );
    let schema_tables = tables.into_tables();
    Spec {
        format: version.label(),
        title: text(info, "title").unwrap_or_else(|| "API".into()),
        version: info.and_then(|i| i.get("version")).and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
        description_html: Prose::from_markdown(
            info.and_then(|i| i.get("description"))
                .and_then(Value::as_str),
        ),
        servers: servers(&document, version),
        operation_count: groups.iter().map(|g| g.operations.len()).sum(),
        groups,
        security_schemes,
        schema_tables,
        document,
    }
}

/// Ids used on the page, each given once (`-2`, `-3` on repeats).
#[derive(Default)]
pub struct Anchors(HashSet<String>);

impl Anchors {
    pub fn unique(&mut self, prefix: &str, text: &str) -> String {
        let slug = slugify(text);
        let base = if slug.is_empty() {
            prefix.trim_end_matches('-').to_string()
        } else {
            format!("{prefix}{slug}")
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.0.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

fn servers(document: &Value, version: Version) -> Vec<String> {
    if version == Version::Swagger2 {
        let Some(host) = document.get("host").and_then(Value::as_str) else {
            return Vec::new();
        };
        let base = document
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let schemes: Vec<&str> = document
            .get("schemes")
            .and_then(Value::as_array)
            .map(|s| s.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let scheme = schemes.first().copied().unwrap_or("https");
        return vec![format!("{scheme}://{host}{base}")];
    }
    document
        .get("servers")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| s.get("url").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn security_schemes(
    document: &Value,
    version: Version,
    anchors: &mut Anchors,
) -> Vec<SecurityScheme> {
    let schemes = match version {
        Version::Swagger2 => document.get("securityDefinitions"),
        _ => document
            .get("components")
            .and_then(|c| c.get("securitySchemes")),
    };
    let Some(schemes) = schemes.and_then(Value::as_object) else {
        return Vec::new();
    };
    schemes
        .iter()
        .map(|(name, scheme)| {
            let scheme = operations::resolved(document, scheme);
            let get = |key: &str| scheme.get(key).and_then(Value::as_str);
            let mut details = Vec::new();
            let mut detail = |label: &str, value: Option<&str>| {
                if let Some(value) = value {
                    details.push(Detail {
                        label: label.to_string(),
                        value: value.to_string(),
                    });
                }
            };
            detail("Nom", get("name"));
            detail("Emplacement", get("in"));
            detail("Schéma HTTP", get("scheme"));
            detail("Format du jeton", get("bearerFormat"));
            detail("URL OpenID Connect", get("openIdConnectUrl"));
            // Swagger 2.0 puts one flow on the scheme itself.
            detail("Flux", get("flow"));
            detail("URL d’autorisation", get("authorizationUrl"));
            detail("URL du jeton", get("tokenUrl"));
            if let Some(flows) = scheme.get("flows").and_then(Value::as_object) {
                for (flow, settings) in flows {
                    let url = |key: &str| settings.get(key).and_then(Value::as_str);
                    detail(
                        &format!("Flux {flow} : URL d’autorisation"),
                        url("authorizationUrl"),
                    );
                    detail(&format!("Flux {flow} : URL du jeton"), url("tokenUrl"));
                    let scopes = scope_names(settings.get("scopes"));
                    if !scopes.is_empty() {
                        detail(&format!("Flux {flow} : scopes"), Some(&scopes.join(", ")));
                    }
                }
            }
            let scopes = scope_names(scheme.get("scopes"));
            if !scopes.is_empty() {
                detail("Scopes", Some(&scopes.join(", ")));
            }
            SecurityScheme {
                name: name.clone(),
                anchor: anchors.unique("securite-", name),
                kind: get("type").unwrap_or("").to_string(),
                description_html: Prose::from_markdown(get("description")),
                details,
            }
        })
        .collect()
}

fn scope_names(scopes: Option<&Value>) -> Vec<String> {
    scopes
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default()
}

/// Operations grouped by their first tag, tags in the order the document
/// declares them, then the others alphabetically, then the untagged.
fn groups<'a>(
    document: &'a Value,
    version: Version,
    schemes: &'a BTreeMap<String, String>,
    anchors: &mut Anchors,
    tables: &mut Tables<'a>,
) -> Vec<TagGroup> {
    let operations = operations::all(document, version, schemes, anchors, tables);
    let declared: Vec<(&str, Option<&str>)> = document
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| {
                    let name = t.get("name").and_then(Value::as_str)?;
                    Some((name, t.get("description").and_then(Value::as_str)))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
    for (tag, operation) in operations {
        by_tag
            .entry(tag.unwrap_or_else(|| UNTAGGED.to_string()))
            .or_default()
            .push(operation);
    }
    let mut order: Vec<(String, Option<&str>)> = declared
        .iter()
        .map(|(name, description)| (name.to_string(), *description))
        .collect();
    order.extend(
        by_tag
            .keys()
            .filter(|k| *k != UNTAGGED && !declared.iter().any(|(d, _)| *d == k.as_str()))
            .map(|k| (k.clone(), None)),
    );
    order.push((UNTAGGED.to_string(), None));
    let mut groups = Vec::new();
    for (name, description) in order {
        if let Some(operations) = by_tag.remove(&name) {
            groups.push(TagGroup {
                anchor: anchors.unique("tag-", &name),
                name,
                description_html: Prose::from_markdown(description),
                operations,
            });
        }
    }
    groups
}
