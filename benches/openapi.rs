//! Reference pages: reading a spec (`openapi::read`) and rendering its
//! `/documentation/<slug>/` page, for a 60-operation Swagger 2.0 spec and a
//! 500-operation OpenAPI 3.1 spec, both generated here, against rendering
//! one catalogue API page (`/les-api/<slug>/`) of the same catalogue.
//!
//! ```text
//! cargo bench --bench openapi
//! ```
//! Prints medians of 15 timed runs after two warm-ups.
//!
//! With `-- only <slug>` (`carte`, `swagger-60`, `openapi-500`), renders
//! that one page 17 times and prints nothing: for instruction counts that
//! do not depend on the machine's load, run the binary this way under
//! `valgrind --tool=callgrind` and read `vitrine::site::pages::render`'s
//! inclusive count (docs/performance.md).
//!
//! With `-- dump <folder>`, writes the two reference pages there
//! (`swagger-60.html`, `openapi-500.html`), to compare two builds' output.

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};
use vitrine::site::pages::{self, Job, Shared};
use vitrine::site::theme::Theme;

const RUNS: usize = 15;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    write_catalogue(&content);
    let swagger = serde_json::to_string(&swagger2(60)).unwrap();
    let openapi = serde_json::to_string(&openapi31(500)).unwrap();
    std::fs::write(content.join("static/swaggers/s60.json"), &swagger).unwrap();
    std::fs::write(content.join("static/swaggers/o500.json"), &openapi).unwrap();

    let loaded = vitrine::content::load_dir(&content);
    let catalogue = loaded.catalogue;
    let theme = Theme::embedded().unwrap();
    let (specs, problems) = vitrine::openapi::load_all(&catalogue, &content, None);
    assert!(problems.is_empty(), "{problems:?}");
    let mut shared = Shared::new(&catalogue, &theme, "https://bench.example.fr/");
    shared.specs = &specs;
    let index = |slug: &str| catalogue.apis.iter().position(|a| a.slug == slug).unwrap();

    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "dump") {
        let folder = std::path::Path::new(args.get(at + 1).expect("dump <folder>"));
        std::fs::create_dir_all(folder).unwrap();
        for slug in ["swagger-60", "openapi-500"] {
            let html = pages::render(&shared, &Job::Documentation(index(slug))).html;
            std::fs::write(folder.join(format!("{slug}.html")), html).unwrap();
        }
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "only") {
        let slug = args.get(at + 1).expect("only <slug>");
        let i = index(slug);
        let job = if slug == "carte" {
            Job::Api(i)
        } else {
            Job::Documentation(i)
        };
        for _ in 0..RUNS + 2 {
            std::hint::black_box(pages::render(&shared, &job));
        }
        return;
    }
    for (name, text, file) in [
        ("Swagger 2.0, 60 operations", &swagger, "s60.json"),
        ("OpenAPI 3.1, 500 operations", &openapi, "o500.json"),
    ] {
        let t = median(|| {
            vitrine::openapi::read(text, file).unwrap();
        });
        println!(
            "read {name} ({} kB JSON): median {:.2} ms",
            text.len() / 1024,
            ms(t)
        );
    }
    let card = median(|| {
        pages::render(&shared, &Job::Api(index("carte")));
    });
    println!("one catalogue API page: median {:.3} ms", ms(card));
    for (name, slug) in [
        ("Swagger 2.0, 60 operations", "swagger-60"),
        ("OpenAPI 3.1, 500 operations", "openapi-500"),
    ] {
        let i = index(slug);
        let html = pages::render(&shared, &Job::Documentation(i)).html;
        let operations = specs[slug].operation_count;
        let t = median(|| {
            pages::render(&shared, &Job::Documentation(i));
        });
        println!(
            "render {name}: median {:.2} ms, {} kB HTML, {:.3} ms per operation = {:.2}× one API page per operation",
            ms(t),
            html.len() / 1024,
            ms(t) / operations as f64,
            ms(t) / operations as f64 / ms(card)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(mut f: impl FnMut()) -> Duration {
    f();
    f();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn write_catalogue(content: &std::path::Path) {
    for folder in ["api", "producteurs", "static/swaggers"] {
        std::fs::create_dir_all(content.join(folder)).unwrap();
    }
    std::fs::write(
        content.join("site.yaml"),
        "title: Banc\nbase_url: https://bench.example.fr/\n",
    )
    .unwrap();
    std::fs::write(
        content.join("producteurs/dinum.md"),
        "---\nname: Direction interministérielle du numérique\n---\n",
    )
    .unwrap();
    for (slug, link) in [
        ("swagger-60", "/swaggers/s60.json"),
        ("openapi-500", "/swaggers/o500.json"),
        ("carte", "https://example.fr/doc"),
    ] {
        std::fs::write(
            content.join(format!("api/{slug}.md")),
            format!(
                "---\ntitle: API {slug}\ntagline: Une API pour mesurer.\nproducer: dinum\nis_open: -1\n\
                 doc_tech_link: {link}\naccess_page:\n  - who: [Administrations]\n    is_eligible: 1\n    \
                 description: |\n      Les administrations, **sur habilitation**.\n---\n\
                 ## Présentation\n\nUne API *de référence* avec un [lien](https://example.fr).\n\n\
                 | Donnée | Format |\n|---|---|\n| SIREN | 9 chiffres |\n\n## Accès\n\nSur habilitation.\n"
            ),
        )
        .unwrap();
    }
}

/// An object schema with a few scalars, an enum, a nested reference and an
/// array of small objects: what real catalogue specs look like. Models
/// nest in chains of four, the last pointing back to the first (a cycle).
fn model(i: usize, _n: usize) -> Value {
    let next = if i % 4 == 3 { i - 3 } else { i + 1 };
    json!({
        "type": "object",
        "required": ["id", "libelle"],
        "description": format!("Modèle {i}, **documenté**."),
        "properties": {
            "id": {"type": "string", "description": "Identifiant", "example": format!("ID-{i}")},
            "libelle": {"type": "string"},
            "montant": {"type": "number", "format": "double", "minimum": 0},
            "date": {"type": "string", "format": "date"},
            "etat": {"type": "string", "enum": ["actif", "clos", "suspendu"]},
            "lie": {"$ref": format!("{{REF}}M{next}")},
            "elements": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "valeur": {"type": "integer"}}}}
        }
    })
}

fn with_refs(value: Value, prefix: &str) -> Value {
    serde_json::from_str(&value.to_string().replace("{REF}", prefix)).unwrap()
}

fn swagger2(operations: usize) -> Value {
    let models = 12;
    let mut definitions = Map::new();
    for i in 0..models {
        definitions.insert(format!("M{i}"), model(i, models));
    }
    let mut paths = Map::new();
    for i in 0..operations {
        let m = i % models;
        let op = json!({
            "tags": [format!("Ressource {}", i % 6)],
            "operationId": format!("operation{i}"),
            "summary": format!("Opération {i}"),
            "description": "Renvoie la ressource *demandée*.",
            "parameters": [
                {"name": "id", "in": "path", "required": true, "type": "string", "x-example": "42"},
                {"name": "recipient", "in": "query", "required": true, "type": "string", "description": "SIRET du destinataire"},
                {"name": "champs", "in": "query", "type": "array", "items": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "La ressource", "schema": {"$ref": format!("#/definitions/M{m}")}},
                "404": {"description": "Inconnue"},
                "default": {"description": "Erreur", "schema": {"type": "object", "properties": {"errors": {"type": "array", "items": {"type": "string"}}}}}
            }
        });
        paths.insert(format!("/ressources{i}/{{id}}"), json!({"get": op}));
    }
    with_refs(
        json!({
            "swagger": "2.0",
            "info": {"title": "Banc Swagger 2.0", "version": "1.0"},
            "host": "api.example.fr",
            "basePath": "/v1",
            "securityDefinitions": {"jeton": {"type": "apiKey", "in": "header", "name": "Authorization"}},
            "security": [{"jeton": []}],
            "paths": paths,
            "definitions": definitions
        }),
        "#/definitions/",
    )
}

fn openapi31(operations: usize) -> Value {
    let models = 40;
    let mut schemas = Map::new();
    for i in 0..models {
        schemas.insert(format!("M{i}"), model(i, models));
    }
    let mut paths = Map::new();
    for i in (0..operations).step_by(2) {
        let m = i % models;
        let body = json!({"$ref": format!("#/components/schemas/M{m}")});
        paths.insert(
            format!("/collection{i}/{{id}}"),
            json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "example": "42"}],
                "get": {
                    "tags": [format!("Domaine {}", i % 20)],
                    "operationId": format!("lire{i}"),
                    "summary": format!("Lire {i}"),
                    "parameters": [{"name": "page", "in": "query", "schema": {"type": ["integer", "null"], "minimum": 1}}],
                    "responses": {
                        "200": {"description": "Trouvé", "content": {"application/json": {"schema": body, "examples": {"un": {"value": {"id": "42", "libelle": "x"}}}}}},
                        "404": {"description": "Absent"}
                    }
                },
                "put": {
                    "tags": [format!("Domaine {}", i % 20)],
                    "operationId": format!("remplacer{i}"),
                    "summary": format!("Remplacer {i}"),
                    "security": [{"oauth": ["ecriture"]}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"oneOf": [body, {"$ref": format!("#/components/schemas/M{}", (m + 1) % models)}]}}}},
                    "responses": {"204": {"description": "Remplacé"}, "422": {"description": "Invalide"}}
                }
            }),
        );
    }
    with_refs(
        json!({
            "openapi": "3.1.0",
            "info": {"title": "Banc OpenAPI 3.1", "version": "1.0"},
            "servers": [{"url": "https://api.example.fr/v1"}],
            "components": {
                "schemas": schemas,
                "securitySchemes": {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example.fr/token", "scopes": {"lecture": "", "ecriture": ""}}}}}
            },
            "security": [{"oauth": ["lecture"]}],
            "paths": paths
        }),
        "#/components/schemas/",
    )
}
