//! `vitrine build` on the example catalogue (`content/`): every page is
//! there, the seeds' repaired text shows, components and question trees
//! render, links resolve, and two builds are byte-identical. Assertions are
//! on parsed HTML (scraper), not substrings.

use crate::build_support::{build, empty_folders, files};

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds `content/` once into a temp dir (kept alive by the returned guard).
fn built_content() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let run = build(&repo().join("content"), &out, &[]);
    assert!(
        run.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn example_catalogue_builds_every_page() {
    let (_dir, out) = built_content();
    for rel in [
        "index.html",
        "rechercher-api/index.html",
        "les-api/api-particulier/index.html",
        "les-api/proconnect/index.html",
        "les-api/se-connecter-avec-pole-emploi/index.html",
        "producteurs/index.html",
        "producteurs/dinum/index.html",
        "producteurs/pole-emploi/index.html",
        "guides/index.html",
        "guides/generer-un-access-token/index.html",
        "service/portail-famille-clamart/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "catalogue.json",
        "images/api-logo/dinum.svg",
        "les-api/api-particulier/demande-acces/index.html",
        "services/index.html",
        "static/css/vitrine.css",
    ] {
        assert!(out.join(rel).is_file(), "{rel} missing");
    }
}

/// Every card's folder is made ahead of its page (while the cards load):
/// each holds its page, and no folder is left empty.
#[test]
fn every_card_has_its_folder_and_no_folder_is_empty() {
    let (_dir, out) = built_content();
    for card in std::fs::read_dir(repo().join("content/api")).expect("ls") {
        let name = card.expect("entry").file_name();
        let slug = name.to_string_lossy();
        let slug = slug.strip_suffix(".md").expect("a card");
        let page = out.join("les-api").join(slug).join("index.html");
        assert!(page.is_file(), "{} missing", page.display());
    }
    assert_eq!(empty_folders(&out), Vec::<String>::new());
}

#[test]
fn repaired_seed_text_appears_and_no_mojibake_is_left() {
    let (_dir, out) = built_content();
    let home = page(&out, "index.html");
    let taglines = texts(&home, ".api-card-tagline");
    assert!(
        taglines
            .iter()
            .any(|t| t.starts_with("Entités administratives")),
        "{taglines:?}"
    );
    for (rel, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for broken in ["√©", "‚Äô", "\u{F8FF}", "Ã©"] {
            assert!(!text.contains(broken), "{broken} left in {rel}");
        }
    }
}

#[test]
fn api_page_shows_access_sections_components_and_tree() {
    let (_dir, out) = built_content();
    let doc = page(&out, "les-api/api-particulier/index.html");
    assert_eq!(texts(&doc, "h1"), vec!["API Particulier"]);
    let audiences = texts(&doc, ".audience h3");
    assert_eq!(audiences.len(), 3, "{audiences:?}");
    assert!(audiences.iter().any(|a| a.contains("Non éligible")));
    assert!(audiences
        .iter()
        .any(|a| a.contains("Éligible sous conditions")));
    let external = doc.select(&sel("a.external")).next().expect("External");
    assert_eq!(external.value().attr("rel"), Some("noopener"));
    assert_eq!(external.value().attr("target"), Some("_blank"));
    assert!(texts(&doc, "a.external .sr-only")
        .iter()
        .all(|t| t == "(nouvelle fenêtre)"));
    // <NextSteps /> and <NextSteps is_editeur /> (one more line).
    let lists: Vec<usize> = doc
        .select(&sel(".next-steps ul"))
        .map(|ul| ul.select(&sel("li")).count())
        .collect();
    assert_eq!(lists.len(), 2, "{lists:?}");
    assert_eq!(lists[1], lists[0] + 1);
    assert!(
        doc.select(&sel(
            "a.button[href='https://datapass.api.gouv.fr/api-particulier']"
        ))
        .count()
            >= 1
    );
    // The apipart tree: nested questions, every branch readable as <details>.
    let tree = doc
        .select(&sel("[data-question-tree]"))
        .next()
        .expect("tree");
    let prompts: Vec<String> = tree
        .select(&sel(".qt-prompt"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(prompts[0], "Vous êtes…");
    assert!(prompts.contains(&"Faites-vous appel à un éditeur de logiciels ?".to_string()));
    assert!(tree.select(&sel("details.qt-branch > summary")).count() >= 4);
    assert_eq!(
        doc.select(&sel("script[src='/static/js/question-tree.js']"))
            .count(),
        1
    );
    // The side panel links the producer and partners that are producers.
    assert_eq!(
        doc.select(&sel(".facts a[href='/producteurs/pole-emploi/']"))
            .count(),
        1
    );
}

#[test]
fn proconnect_identity_table_is_an_accessible_table() {
    let (_dir, out) = built_content();
    let doc = page(&out, "les-api/proconnect/index.html");
    let regions: Vec<_> = doc
        .select(&sel(
            "div.table-scroll[role=region][tabindex='0'][aria-label]",
        ))
        .collect();
    assert!(!regions.is_empty());
    let heads = texts(&doc, "div.table-scroll table thead th[scope=col]");
    assert!(
        heads.starts_with(&[
            "Nom".into(),
            "Valeur".into(),
            "Caractère".into(),
            "Description".into()
        ]),
        "{heads:?}"
    );
    let cells = texts(&doc, "div.table-scroll tbody td");
    for field in ["given_name", "usual_name", "email", "uid"] {
        assert!(cells.iter().any(|c| c == field), "{field} not in {cells:?}");
    }
    assert!(
        doc.select(&sel("[data-question-tree]")).count() >= 1,
        "ProConnect tree"
    );
}

#[test]
fn producer_page_has_data_table_and_its_apis() {
    let (_dir, out) = built_content();
    let doc = page(&out, "producteurs/dinum/index.html");
    assert_eq!(
        texts(&doc, "#donnees + .prose th[scope=col]"),
        vec!["Donnée", "Fournisseur d'origine", "API"]
    );
    let apis = texts(&doc, ".api-card-title");
    assert!(apis.contains(&"API Particulier".to_string()), "{apis:?}");
    let logo = doc.select(&sel("img.producer-logo")).next().expect("logo");
    assert_eq!(logo.value().attr("src"), Some("/images/api-logo/dinum.svg"));
}

#[test]
fn guide_lists_the_apis_it_cites() {
    let (_dir, out) = built_content();
    let doc = page(&out, "guides/generer-un-access-token/index.html");
    assert_eq!(
        texts(&doc, ".api-card-title"),
        vec!["Se connecter avec Pôle emploi"]
    );
    assert!(doc.select(&sel("section.token-demo")).count() >= 1);
}

/// Every `href`/`src` pointing inside the site reaches a generated file,
/// except the content links the build itself reported as broken (pages the
/// example catalogue does not include, as on the real site).
#[test]
fn internal_links_resolve_or_are_reported() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let run = build(&repo().join("content"), &out, &["--format", "json"]);
    assert!(run.status.success());
    let reported: Vec<String> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["severity"] == "warning")
        .filter_map(|d| {
            d["message"]
                .as_str()
                .and_then(|m| m.split('`').nth(1))
                .map(String::from)
        })
        .collect();
    let all = files(&out);
    let mut unresolved = Vec::new();
    for (rel, bytes) in &all {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for (css, attr) in [
            ("a[href]", "href"),
            ("img[src]", "src"),
            ("link[href]", "href"),
            ("script[src]", "src"),
        ] {
            for e in doc.select(&sel(css)) {
                let target = e.value().attr(attr).unwrap_or("");
                if !target.starts_with('/') || target.starts_with("//") {
                    continue;
                }
                let path = target
                    .split(['#', '?'])
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('/');
                let exists = all.contains_key(path)
                    || all.contains_key(&format!(
                        "{}index.html",
                        if path.is_empty() || path.ends_with('/') {
                            path.to_string()
                        } else {
                            format!("{path}/")
                        }
                    ));
                if !exists && !reported.iter().any(|r| r == target) {
                    unresolved.push(format!("{rel}: {target}"));
                }
            }
        }
    }
    assert!(unresolved.is_empty(), "{unresolved:#?}");
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = built_content();
    let (_b, second) = built_content();
    let (a, b) = (files(&first), files(&second));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (rel, bytes) in &a {
        assert!(bytes == &b[rel], "{rel} differs between builds");
    }
}

#[test]
fn catalogue_json_is_versioned_and_lists_every_api() {
    let (_dir, out) = built_content();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("catalogue.json")).expect("read"))
            .expect("json");
    assert_eq!(json["version"], 1);
    let slugs: Vec<&str> = json["apis"]
        .as_array()
        .expect("apis")
        .iter()
        .filter_map(|a| a["slug"].as_str())
        .collect();
    assert_eq!(
        slugs,
        [
            "api-indemnisation-pole-emploi",
            "api-particulier",
            "api-statut-demandeur-emploi",
            "api-statut-etudiant",
            "api-statut-etudiant-boursier",
            "proconnect",
            "se-connecter-avec-pole-emploi"
        ]
    );
    let particulier = json["apis"]
        .as_array()
        .expect("apis")
        .iter()
        .find(|a| a["slug"] == "api-particulier")
        .expect("api-particulier listed");
    assert_eq!(
        particulier["url"],
        "http://127.0.0.1:1111/les-api/api-particulier/"
    );
}

#[test]
fn base_url_flag_prefixes_every_site_link() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let run = build(
        &repo().join("content"),
        &out,
        &["--base-url", "https://example.org/catalogue/"],
    );
    assert!(run.status.success());
    let doc = page(&out, "index.html");
    let card = doc.select(&sel(".api-card-title a")).next().expect("card");
    let href = card.value().attr("href").unwrap_or_default();
    assert!(href.starts_with("/catalogue/les-api/"), "{href}");
    let canonical = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .expect("canonical");
    assert_eq!(
        canonical.value().attr("href"),
        Some("https://example.org/catalogue/")
    );
}
