//! `tests/fixtures/real-shapes/`: a catalogue written the way api.gouv.fr's
//! own content is (issue 14), built as a team would build it. Exact
//! diagnostics, the HTML that matters, and a walk through every local link.

use crate::build_support::{build, files, stderr};
use crate::site_walk::broken_references;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

const FIXTURE: &str = "tests/fixtures/real-shapes";

struct Built {
    /// The diagnostics, one JSON object a line.
    json: String,
    stderr: String,
    files: BTreeMap<String, Vec<u8>>,
}

/// The fixture built once for every test of this module.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = tempfile::tempdir().expect("temporary folder");
        let output = out.path().join("site");
        let run = build(Path::new(FIXTURE), &output, &["--format", "json"]);
        assert!(run.status.success(), "{}", stderr(&run));
        Built {
            json: String::from_utf8_lossy(&run.stdout).into_owned(),
            stderr: stderr(&run),
            files: files(&output),
        }
    })
}

fn page(path: &str) -> Html {
    let bytes = built()
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no page {path}"));
    Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"))
}

fn text(path: &str) -> String {
    String::from_utf8(built().files[path].clone()).expect("UTF-8")
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    doc.select(&selector).collect()
}

#[test]
fn only_what_the_real_site_also_gets_wrong_is_reported_and_as_warnings() {
    let found: Vec<(String, String, u64, String)> = built()
        .json
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default();
            (
                d["severity"].as_str().unwrap_or_default().to_string(),
                file.trim_start_matches(FIXTURE).to_string(),
                d["line"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        (
            "warning",
            "/api/api-entreprise.md",
            24,
            "`last_update`: text after the date",
        ),
        (
            "warning",
            "/api/api-impot-particulier.md",
            33,
            "unknown component `<Carousel>`",
        ),
        (
            "warning",
            "/api/api-impot-particulier.md",
            35,
            "broken link `/resources/absent.pdf`",
        ),
        (
            "warning",
            "/api/api-sirene.md",
            5,
            "image `images/api-logo/api-sirene.svg` not found",
        ),
        (
            "warning",
            "/guides/comment-utiliser-les-api-relatives-a-l-energie.md",
            10,
            "unknown API `API Données de consommation énergétique`",
        ),
        (
            "warning",
            "/question-trees/api-entreprise.yaml",
            17,
            "broken link `/les-api/api-particulier`",
        ),
        (
            "warning",
            "/service/mes-aides.md",
            9,
            "unknown API `API Particulier`",
        ),
    ];
    let matches = found.len() == expected.len()
        && found
            .iter()
            .zip(&expected)
            .all(|((s, f, l, m), (es, ef, el, em))| {
                s == es && f == ef && l == el && m.starts_with(em)
            });
    assert!(matches, "{}{}", built().json, built().stderr);
}

#[test]
fn walking_the_site_finds_only_the_links_the_fixture_breaks_on_purpose() {
    let broken: Vec<(String, String)> = broken_references(&built().files)
        .into_iter()
        .map(|b| (b.page, b.url))
        .collect();
    // Each is named by a diagnostic above: a PDF that is not there and the
    // tree's link to a card this catalogue lacks (on both pages that show
    // the tree). The missing logo is left out, not a broken image.
    let expected: Vec<(String, String)> = [
        (
            "les-api/api-entreprise/demande-acces/index.html",
            "/les-api/api-particulier",
        ),
        (
            "les-api/api-entreprise/index.html",
            "/les-api/api-particulier",
        ),
        (
            "les-api/api-impot-particulier/index.html",
            "/resources/absent.pdf",
        ),
    ]
    .iter()
    .map(|(p, u)| (p.to_string(), u.to_string()))
    .collect();
    assert_eq!(broken, expected);
}

#[test]
fn every_page_the_content_links_to_exists() {
    let files = &built().files;
    for path in [
        "les-api/api-entreprise/demande-acces/index.html",
        "les-api/api-impot-particulier/demande-acces/index.html",
        "services/index.html",
        "documentation/api-entreprise/index.html",
        "documentation/api-entreprise/openapi.json",
        "documentation/api-sirene/index.html",
        "guides/brouillon-cadastre/index.html",
        "resources/cgu-api-entreprise.pdf",
        "swaggers/api-entreprise.json",
        "images/api-logo/api-entreprise.svg",
        "images/guides/thumbnail_energie.svg",
        "images/service-screenshot/mes-aides.svg",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
    // No access page for a card without `access_page`.
    assert!(!files.contains_key("les-api/api-sirene/demande-acces/index.html"));
    // `static/` is copied byte for byte.
    let source = std::fs::read(Path::new(FIXTURE).join("static/swaggers/api-entreprise.json"))
        .expect("spec");
    assert_eq!(files["swaggers/api-entreprise.json"], source);
    // The services list is reachable from the navigation of every page.
    let home = page("index.html");
    assert!(!select(
        &home,
        "header a[href='/services/'], nav a[href='/services/']"
    )
    .is_empty());
}

#[test]
fn heading_ids_follow_the_real_rule() {
    let guide = page("guides/comment-utiliser-les-api-relatives-a-l-energie/index.html");
    for id in [
        "comment-utiliser-les-api-relatives-a-l'energie-?",
        "recapitulatif",
        "🔌-les-donnees-de-consommation",
    ] {
        assert_eq!(select(&guide, &format!("[id=\"{id}\"]")).len(), 1, "{id}");
    }
    let api = page("les-api/api-entreprise/index.html");
    for id in [
        "les-api-et-donnees-utiles",
        "comment-obtenir-un-acces-?",
        "video-de-presentation-🎬",
    ] {
        assert_eq!(select(&api, &format!("[id=\"{id}\"]")).len(), 1, "{id}");
    }
}

#[test]
fn unpublished_and_noindex_pages_stay_out_of_lists_and_the_sitemap() {
    let sitemap = text("sitemap.xml");
    for slug in [
        "guides/brouillon-cadastre",
        "guides/guide-interne",
        "les-api/api-impot-particulier/",
        "services/marches-publics-simplifies",
        "service/marches-publics-simplifies",
    ] {
        assert!(!sitemap.contains(slug), "{slug} in the sitemap");
    }
    assert!(sitemap.contains("/les-api/api-entreprise/"));
    let guides = text("guides/index.html");
    assert!(!guides.contains("brouillon-cadastre"));
    assert!(guides.contains("comment-utiliser-les-api-relatives-a-l-energie"));
    let noindex = "meta[name='robots'][content*='noindex']";
    for path in [
        "les-api/api-impot-particulier/index.html",
        "guides/guide-interne/index.html",
    ] {
        assert_eq!(select(&page(path), noindex).len(), 1, "{path}");
    }
    assert!(select(&page("les-api/api-entreprise/index.html"), noindex).is_empty());
}

#[test]
fn markdown_inside_html_and_components_renders_as_on_the_real_site() {
    let api = page("les-api/api-entreprise/index.html");
    // A table inside <details>, bold inside <Quote> and <p>.
    assert_eq!(select(&api, "details table").len(), 1);
    assert!(!select(&api, "blockquote strong, figure strong, .quote strong").is_empty());
    assert!(!select(&api, "p[style] strong").is_empty());
    // The self-closed iframe is closed, gets a title, and the page goes on.
    let iframes = select(&api, "iframe");
    assert_eq!(iframes.len(), 1);
    assert!(iframes[0]
        .value()
        .attr("title")
        .is_some_and(|t| !t.is_empty()));
    let html = text("les-api/api-entreprise/index.html");
    let after = html.find("Après la vidéo").expect("text after the iframe");
    assert!(html.find("</iframe>").expect("closed") < after);
    // A bare URL is a link.
    assert!(!select(
        &api,
        "a[href='https://entreprise.api.gouv.fr/developpeurs']"
    )
    .is_empty());
    // Every component renders; no tag text reaches a page.
    for (path, bytes) in &built().files {
        // Pages, not the theme's own files (the OAuth callback page).
        if !path.ends_with(".html") || path.starts_with("static/") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for name in [
            "Carousel",
            "Datagouv",
            "ButtonCopy",
            "RichLink",
            "Grid",
            "ContactUs",
        ] {
            assert!(
                !html.contains(&format!("&lt;{name}")) && !html.contains(&format!("<{name}")),
                "{path}: {name} as text"
            );
        }
        let doc = Html::parse_document(&html);
        assert_eq!(select(&doc, "footer").len(), 1, "{path}: no footer");
    }
    let impot = text("les-api/api-impot-particulier/index.html");
    assert!(impot.contains("Un composant inconnu : son texte doit apparaître."));
    assert!(text("les-api/api-entreprise/index.html")
        .contains("la description de votre téléservice (marchés publics, aides, subventions…)"));
}

#[test]
fn the_fields_the_real_site_shows_are_shown() {
    let html = text("les-api/api-entreprise/index.html");
    let api = page("les-api/api-entreprise/index.html");
    // Jeux de données from `datagouv_uuid`.
    assert!(!select(
        &api,
        "a[href='https://www.data.gouv.fr/fr/datasets/5b7ffc618b4c4169d30727e0/']"
    )
    .is_empty());
    // Uptime rounded to two decimals.
    assert!(html.contains("98.01") || html.contains("98,01"), "uptime");
    assert!(!html.contains("98.011"));
    // The guides that cite the API, but not the unpublished one.
    assert!(html.contains("Exemples d’application") || html.contains("Exemples d'application"));
    assert!(html.contains("/guides/aides-aux-entreprises"));
    assert!(!html.contains("/guides/brouillon-cadastre"));
    // Its own logo, a free-text partner as text, the producer's type.
    assert!(!select(&api, "img[src='/images/api-logo/api-entreprise.svg']").is_empty());
    assert!(html.contains("G7"));
    assert!(text("producteurs/dinum/index.html").contains("Administration centrale"));
    // The "request access" button leads to the access page first.
    assert!(!select(&api, "a[href='/les-api/api-entreprise/demande-acces/']").is_empty());
    // Guide hero and thumbnail.
    let guide = page("guides/comment-utiliser-les-api-relatives-a-l-energie/index.html");
    assert!(!select(&guide, "img[src='/images/guides/energie.svg']").is_empty());
    let guides = page("guides/index.html");
    assert!(!select(&guides, "img[src='/images/guides/thumbnail_energie.svg']").is_empty());
    // Service screenshot.
    let service = text("service/mes-aides/index.html");
    assert!(service.contains("/images/service-screenshot/mes-aides.svg"));
}
