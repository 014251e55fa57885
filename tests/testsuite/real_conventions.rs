//! The real catalogue's conventions (issue 14), on `tests/fixtures/conventions-real/`:
//! what the real site tolerates is a warning and the page is built, images
//! live in the folders their fields imply, `static/` is published at the
//! root, heading ids follow the real rule, and the pages real content links
//! to exist (access requests, services, unpublished guides).

use crate::build_support::{build, files, stderr};
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conventions-real")
}

/// Builds the fixture with JSON diagnostics: (site files, diagnostics as
/// `severity file:line message`).
fn built() -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let run = build(&fixture(), &out, &["--format", "json"]);
    assert!(run.status.success(), "build failed:\n{}", stderr(&run));
    let diagnostics = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default();
            let file = Path::new(file)
                .strip_prefix(fixture())
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|_| file.to_string());
            format!(
                "{} {}:{} {}",
                d["severity"].as_str().unwrap_or_default(),
                file,
                d["line"],
                d["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    (files(&out), diagnostics)
}

fn page(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> Html {
    let bytes = files.get(rel).unwrap_or_else(|| panic!("{rel} missing"));
    Html::parse_document(&String::from_utf8_lossy(bytes))
}

fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    html.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

fn text(html: &Html, css: &str) -> String {
    let sel = Selector::parse(css).expect("selector");
    html.select(&sel)
        .flat_map(|e| e.text())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn what_the_real_site_tolerates_is_a_warning_at_its_line_and_nothing_else_is_reported() {
    let (_, diagnostics) = built();
    assert_eq!(
        diagnostics,
        [
            "warning api/api-energie.md:11 `last_update`: text after the date \"10/10/2023\" is ignored",
            "warning api/api-energie.md:34 broken link `/resources/absent.pdf`: no page or file `/resources/absent.pdf` is generated",
            "warning guides/energie-collectivites.md:8 unknown API `API Météo des sols`: no card has this title, so the page leaves this link out",
            "warning producteurs/ademe.md:4 image `images/api-logo/ademe-absent.svg` not found in the content folder",
            "warning service/carte-bornes.md:4 image `images/service-screenshot/carte-absente.png` not found in the content folder",
        ]
    );
}

#[test]
fn every_image_is_served_from_the_folder_its_field_implies() {
    let (files, _) = built();
    let api = page(&files, "les-api/api-energie/index.html");
    assert_eq!(
        attrs(&api, ".producer-logo", "src"),
        ["/images/api-logo/dge.svg"]
    );
    let guide = page(&files, "guides/energie-collectivites/index.html");
    assert_eq!(
        attrs(&guide, ".guide-hero", "src"),
        ["/images/guides/energie.svg"]
    );
    let guides = page(&files, "guides/index.html");
    assert_eq!(
        attrs(&guides, ".tile-image", "src"),
        ["/images/guides/thumbnail_energie.svg"]
    );
    let service = page(&files, "service/tableau-energie/index.html");
    assert_eq!(
        attrs(&service, ".screenshot", "src"),
        ["/images/service-screenshot/tableau.svg"]
    );
    // Every image that is not reported missing resolves to a file.
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8_lossy(bytes));
        for src in attrs(&html, "img[src]", "src") {
            let path = src.trim_start_matches('/');
            let reported =
                path.ends_with("ademe-absent.svg") || path.ends_with("carte-absente.png");
            assert!(reported || files.contains_key(path), "{rel}: {src}");
        }
    }
}

#[test]
fn static_files_are_published_at_the_site_root_as_they_are() {
    let (files, _) = built();
    let original =
        std::fs::read(fixture().join("static/resources/notice-energie.pdf")).expect("read");
    assert_eq!(files.get("resources/notice-energie.pdf"), Some(&original));
    assert!(!files.keys().any(|k| k.starts_with("static/resources")));
}

#[test]
fn heading_ids_follow_the_real_rule_so_written_links_resolve() {
    let (files, _) = built();
    let api = page(&files, "les-api/api-energie/index.html");
    let ids = attrs(&api, ".prose h2[id]", "id");
    assert!(
        ids.contains(&"comment-utiliser-les-api-relatives-a-l'energie-?".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"les-api-et-donnees-utiles".to_string()),
        "{ids:?}"
    );
}

#[test]
fn cards_with_access_page_get_an_access_page_the_button_leads_to() {
    let (files, _) = built();
    let api = page(&files, "les-api/api-energie/index.html");
    assert!(attrs(&api, ".side-panel a", "href")
        .contains(&"/les-api/api-energie/demande-acces/".to_string()));
    let access = page(&files, "les-api/api-energie/demande-acces/index.html");
    assert!(text(&access, "h1").contains("API Consommation d'énergie"));
    assert!(text(&access, ".audience").contains("Une collectivité"));
    assert_eq!(
        attrs(&access, "main a.button", "href"),
        ["https://datapass.exemple.gouv.fr/api-energie"]
    );
    // No card without `access_page` gets one.
    assert!(!files.contains_key("les-api/api-intro-seule/demande-acces/index.html"));
}

#[test]
fn services_have_a_list_reachable_from_the_navigation() {
    let (files, _) = built();
    let home = page(&files, "index.html");
    assert!(attrs(&home, "header nav a", "href").contains(&"/services/".to_string()));
    let services = page(&files, "services/index.html");
    assert_eq!(
        attrs(&services, ".tile-title a", "href"),
        ["/service/carte-bornes/", "/service/tableau-energie/"]
    );
}

#[test]
fn unpublished_and_noindex_pages_exist_but_stay_out_of_lists_and_the_sitemap() {
    let (files, _) = built();
    assert!(files.contains_key("guides/brouillon/index.html"));
    let guides = page(&files, "guides/index.html");
    assert_eq!(
        attrs(&guides, ".tile-title a", "href"),
        ["/guides/energie-collectivites/"]
    );
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]).into_owned();
    for hidden in [
        "/guides/brouillon/",
        "/les-api/api-intro-seule/",
        "/service/carte-bornes/",
    ] {
        assert!(!sitemap.contains(hidden), "{hidden} in the sitemap");
        let rel = format!("{}index.html", hidden.trim_start_matches('/'));
        let html = page(&files, &rel);
        assert_eq!(
            attrs(&html, "meta[name=robots]", "content"),
            ["noindex"],
            "{rel}"
        );
    }
    assert!(sitemap.contains("/les-api/api-energie/"));
    // The unpublished guide is no example of the API it cites.
    let api = page(&files, "les-api/api-energie/index.html");
    assert_eq!(
        attrs(&api, "#exemples-d’application + ul a", "href"),
        ["/guides/energie-collectivites/"]
    );
}

#[test]
fn the_fields_the_real_site_shows_are_shown() {
    let (files, _) = built();
    let api = page(&files, "les-api/api-energie/index.html");
    assert_eq!(
        attrs(&api, "[aria-labelledby=jeux-de-donnees] a", "href"),
        ["https://www.data.gouv.fr/fr/datasets/5e7a1c2b9e3f4d0012ab34cd/"]
    );
    assert_eq!(text(&api, ".uptime"), "98.01 % de disponibilité");
    // The monitoring link is a block of its own, not glued to the figure.
    assert_eq!(
        attrs(&api, ".uptime + p > a", "href"),
        ["https://status.exemple.gouv.fr/energie"]
    );
    let facts = text(&api, ".facts");
    assert!(facts.contains("10/10/2023"), "{facts}");
    // `G7` is free text, `ademe` links to its producer.
    assert!(facts.contains("G7"), "{facts}");
    assert!(attrs(&api, ".facts a", "href").contains(&"/producteurs/ademe/".to_string()));
    let producer = page(&files, "producteurs/dge/index.html");
    assert_eq!(text(&producer, ".producer-type"), "Administration centrale");
    // The guide's link to the unknown API is left out, the known one kept.
    let guide = page(&files, "guides/energie-collectivites/index.html");
    assert_eq!(
        attrs(&guide, ".api-card-title a", "href"),
        ["/les-api/api-energie/"]
    );
}

/// The example catalogue builds with no warning at all.
#[test]
fn the_example_catalogue_builds_without_a_warning() {
    let dir = tempfile::tempdir().expect("temp");
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let run = build(&content, &dir.path().join("public"), &["--format", "json"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let problems: Vec<String> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter(|l| l.contains("\"severity\":\"warning\"") || l.contains("\"severity\":\"error\""))
        .filter(|l| !l.contains("/documentation/"))
        .map(String::from)
        .collect();
    assert_eq!(problems, Vec::<String>::new());
}
