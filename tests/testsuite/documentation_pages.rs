//! `/documentation/<slug>/` built from the `tests/fixtures/openapi`
//! catalogue: a Swagger 2.0 JSON spec, an OpenAPI 3.0 YAML spec, an OpenAPI
//! 3.1 JSON spec with `$ref` cycles and `oneOf`, a spec with a dangling
//! `$ref` (a warning, and the external-link form), and an external URL.
//! Assertions are on parsed HTML (scraper): anchors, navigation, tables.

use scraper::{Html, Selector};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use vitrine::diagnostics::Severity;
use vitrine::pipeline::{self, Options, Report};
use vitrine::site::MemorySink;

const FIXTURE: &str = "tests/fixtures/openapi";

struct Built {
    report: Report,
    files: BTreeMap<String, Vec<u8>>,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let sink = MemorySink::default();
        let report = pipeline::build(&Options::new(&root.join(FIXTURE), None), &sink);
        Built {
            report,
            files: sink.into_files(),
        }
    })
}

fn page(rel: &str) -> Html {
    let bytes = built().files.get(rel).unwrap_or_else(|| panic!("no {rel}"));
    Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn text(e: scraper::ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css)).map(text).collect()
}

/// The rows of the table in the region labelled `label`, cell texts.
fn table(html: &Html, label: &str) -> Vec<Vec<String>> {
    let region = html
        .select(&sel(&format!("div.table-scroll[aria-label=\"{label}\"]")))
        .next()
        .unwrap_or_else(|| panic!("no table labelled {label}"));
    region
        .select(&sel("tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect()
}

#[test]
fn every_card_with_a_doc_tech_link_gets_a_page_and_each_spec_its_json() {
    let files = &built().files;
    for slug in [
        "api-entreprise-legere",
        "sirene-simplifiee",
        "demarches",
        "api-cassee",
        "api-externe",
    ] {
        assert!(
            files.contains_key(&format!("documentation/{slug}/index.html")),
            "{slug}"
        );
    }
    let specs: Vec<&str> = files
        .keys()
        .filter(|k| k.ends_with("/openapi.json"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        specs,
        vec![
            "documentation/api-entreprise-legere/openapi.json",
            "documentation/demarches/openapi.json",
            "documentation/sirene-simplifiee/openapi.json",
        ]
    );
    // The YAML spec is served as JSON, `$ref`s kept.
    let json: serde_json::Value =
        serde_json::from_slice(&files["documentation/sirene-simplifiee/openapi.json"]).unwrap();
    assert_eq!(json["openapi"], "3.0.3");
    assert_eq!(
        json["paths"]["/siren"]["get"]["responses"]["400"]["$ref"],
        "#/components/responses/MauvaiseRequete"
    );
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]);
    assert!(sitemap.contains("/documentation/demarches/"));
}

#[test]
fn a_dangling_ref_is_one_warning_at_the_doc_tech_link_line_naming_file_and_pointer() {
    let report = &built().report;
    let shown: Vec<(String, u32, Severity, &str)> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.file.to_string_lossy().replace('\\', "/"),
                d.line,
                d.severity,
                d.message.as_str(),
            )
        })
        .collect();
    let file = format!("{}/{FIXTURE}/api/api-cassee.md", env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        shown,
        vec![(
            file,
            6,
            Severity::Warning,
            "the spec static/swaggers/cassee.json at /paths/~1choses/get/responses/200/content/application~1json/schema/$ref: `$ref: #/components/schemas/Chose` points to nothing in the document"
        )],
        "useSwaggerProxy is accepted, and nothing else is reported"
    );
    let html = page("documentation/api-cassee/index.html");
    assert_eq!(texts(&html, ".doc-external h2")[0], "Référence de l’API");
    assert!(html.select(&sel(".doc-operation")).next().is_none());
}

#[test]
fn operations_are_grouped_by_tag_with_stable_unique_anchors_and_a_side_navigation() {
    let html = page("documentation/demarches/index.html");
    assert_eq!(
        texts(&html, ".doc-group > h2"),
        vec!["Dossiers", "Pièces", "Usagers", "Autres opérations"]
    );
    let anchors: Vec<String> = html
        .select(&sel(".doc-operation > h3"))
        .filter_map(|h| h.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(
        anchors,
        vec![
            "op-listerdossiers",
            "op-creerdossier",
            "op-liredossier",
            "op-supprimerdossier",
            "op-deposerpiece",
            "op-get-usagers-moi",
            "op-get-statut",
        ]
    );
    let ids: Vec<&str> = html
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "ids are unique");
    // Every link of the navigation lands on the page.
    let nav: Vec<&str> = html
        .select(&sel("nav.doc-nav a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(nav.len(), 2 + 4 + 7);
    for href in nav {
        let id = href.strip_prefix('#').expect("in-page link");
        assert!(unique.contains(id), "{href} lands nowhere");
    }
    assert_eq!(
        texts(&html, "nav.doc-nav a[href=\"#op-creerdossier\"]"),
        vec!["POST /dossiers"]
    );
}

#[test]
fn parameters_are_a_table_of_name_place_type_requirement_description_example() {
    let html = page("documentation/api-entreprise-legere/index.html");
    assert_eq!(
        table(&html, "Paramètres de GET /entreprises/{siren}"),
        vec![
            vec![
                "Nom",
                "Emplacement",
                "Type",
                "Requis",
                "Description",
                "Exemple"
            ],
            vec![
                "siren",
                "path",
                "string",
                "oui",
                "Le SIREN de l’entreprise",
                "130025265"
            ],
            vec![
                "recipient",
                "query",
                "string",
                "oui",
                "SIRET de l’administration destinataire",
                "13002526500013"
            ],
            vec![
                "context",
                "query",
                "string",
                "oui",
                "Cadre de la requête",
                ""
            ],
        ]
    );
    assert_eq!(
        table(&html, "Paramètres de GET /etablissements/{siret}")[3][..3],
        ["champs", "query", "array<string>"]
    );
}

#[test]
fn schemas_are_nested_tables_with_refs_resolved_and_cycles_stopped() {
    let html = page("documentation/demarches/index.html");
    let rows = table(
        &html,
        "Schéma : Réponse 200 de GET /dossiers/{id} (application/json)",
    );
    let first: Vec<(&str, &str)> = rows
        .iter()
        .skip(1)
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        first[..8],
        [
            ("(corps)", "Dossier"),
            ("demandeur", "Demandeur un parmi (oneOf)"),
            ("option 1 : Personne", "Personne"),
            ("nom", "string"),
            ("prenom", "string"),
            (
                "representant",
                "Demandeur référence circulaire vers Demandeur"
            ),
            ("type", "valeur : personne"),
            ("option 2 : Entreprise", "Entreprise"),
        ]
    );
    assert!(first.contains(&("parent", "Dossier référence circulaire vers Dossier")));
    assert!(first.contains(&("[]", "Dossier référence circulaire vers Dossier")));
    // Nesting is carried by the rows' depth.
    let depths: Vec<&str> = html
        .select(&sel(".doc-schema tbody tr"))
        .take(3)
        .filter_map(|tr| tr.value().attr("class"))
        .collect();
    assert_eq!(depths, vec!["depth-0", "depth-1", "depth-2"]);
}

#[test]
fn request_bodies_responses_examples_and_security_are_shown() {
    let html = page("documentation/demarches/index.html");
    let create = html
        .select(&sel(
            "section.doc-operation[aria-labelledby=\"op-creerdossier\"]",
        ))
        .next()
        .expect("creerDossier");
    let captions: Vec<String> = create.select(&sel("figcaption")).map(text).collect();
    assert_eq!(
        captions,
        vec![
            "Exemple « entreprise » : Pour une entreprise",
            "Exemple « personne » : Pour une personne",
        ]
    );
    let statuses: Vec<String> = create.select(&sel(".doc-status")).map(text).collect();
    assert_eq!(statuses, vec!["201", "422"]);
    let security: Vec<String> = create.select(&sel(".doc-security")).map(text).collect();
    assert_eq!(
        security,
        vec!["Authentification : oauth (demarches.ecriture) — essayer la démonstration"]
    );
    assert_eq!(
        texts(
            &html,
            "section[aria-labelledby=\"op-get-statut\"] .doc-security"
        ),
        vec!["Sans authentification."]
    );
    // The card's token demo is on the page, and the schemes link to it.
    assert!(html.select(&sel("#authentification")).next().is_some());
    assert!(html.select(&sel("#securite-oauth")).next().is_some());
    assert!(html
        .select(&sel("link[href$=\"documentation.css\"]"))
        .next()
        .is_some());
}

#[test]
fn markdown_in_specs_renders_and_raw_html_does_not() {
    let html = page("documentation/sirene-simplifiee/index.html");
    assert_eq!(
        texts(&html, "#presentation + dl + .prose table th"),
        vec!["Limite", "Valeur"]
    );
    assert_eq!(
        texts(&html, ".doc-group > h2"),
        vec!["Unités légales", "Informations"]
    );
    // allOf members merged into one object.
    let rows = table(
        &html,
        "Schéma : Réponse 200 de GET /siren/{siren} (application/json)",
    );
    let names: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        vec!["(corps)", "denomination", "siren", "categorie", "etat"]
    );
}

#[test]
fn an_external_reference_gets_the_card_header_links_access_conditions_and_demo() {
    let html = page("documentation/api-externe/index.html");
    assert_eq!(
        texts(&html, "h1"),
        vec!["API Externe Documentation technique"]
    );
    let links: Vec<&str> = html
        .select(&sel(".doc-external a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        vec![
            "https://api.insee.example.fr/catalogue/openapi.json",
            "https://www.insee.example.fr/developpeurs",
            "/les-api/api-externe/#qui-peut-acceder",
        ]
    );
    assert_eq!(
        texts(&html, ".doc-audiences li"),
        vec!["✅ Administrations — Éligible"]
    );
    assert!(html
        .select(&sel(".doc-external section.token-demo"))
        .next()
        .is_some());
}

#[test]
fn pages_are_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let again = MemorySink::default();
    pipeline::build(&Options::new(&root, None), &again);
    let again = again.into_files();
    for (path, bytes) in &built().files {
        if path.starts_with("documentation/") {
            assert_eq!(Some(bytes), again.get(path), "{path}");
        }
    }
}
