//! Page rendering on a hand-built catalogue, asserted on parsed HTML.

use super::test_fixtures::*;
use super::*;
use scraper::Html;
use std::path::PathBuf;

#[test]
fn every_page_of_the_url_scheme_is_generated() {
    let b = built();
    for file in [
        "index.html",
        "rechercher-api/index.html",
        "les-api/api-particulier/index.html",
        "les-api/proconnect/index.html",
        "producteurs/index.html",
        "producteurs/dinum/index.html",
        "guides/index.html",
        "guides/jeton/index.html",
        "service/portail/index.html",
        "thematique/sante/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "catalogue.json",
        "search/meta.json",
        "search/terms.json",
        "search/docs-0.json",
        "search/facets.json",
        "static/css/vitrine.css",
        "static/js/question-tree.js",
    ] {
        assert!(b.site.files.contains_key(file), "{file} missing");
    }
    assert_eq!(
        b.site.copies.get("images/dinum.svg"),
        Some(&PathBuf::from("content/images/dinum.svg"))
    );
}

#[test]
fn home_lists_every_api_as_a_card_with_badges() {
    let b = built();
    let home = page(&b, "index.html");
    assert_eq!(home.select(&sel("html[lang=fr]")).count(), 1);
    let titles = texts(&home, ".api-card .api-card-title a");
    assert_eq!(
        titles,
        vec!["API Particulier", "ProConnect", "<script>alert(1)</script>"]
    );
    let badges = texts(&home, ".api-card:first-child .badge");
    assert!(badges[0].contains("Sur habilitation"), "{badges:?}");
    assert!(badges[1].contains("Compatible FranceConnect"), "{badges:?}");
    let open = home.select(&sel(".api-card[data-access=open]")).count();
    assert_eq!(open, 1);
    assert_eq!(
        texts(&home, "#filtre-theme option[value=sante]"),
        vec!["Santé"]
    );
}

#[test]
fn a_script_in_a_title_renders_as_text() {
    let b = built();
    let html = std::str::from_utf8(&b.site.files["les-api/zz-evil/index.html"]).expect("utf-8");
    let doc = Html::parse_document(html);
    assert_eq!(doc.select(&sel("script:not([src])")).count(), 0);
    assert_eq!(texts(&doc, "h1"), vec!["<script>alert(1)</script>"]);
}

#[test]
fn api_page_has_header_side_panel_and_access_sections() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    assert_eq!(
        texts(&doc, "h2#qui-peut-acceder"),
        vec!["Qui peut accéder ?"]
    );
    let audiences = texts(&doc, ".audience h3");
    assert!(audiences[0].contains("Une administration") && audiences[0].contains("Éligible"));
    assert!(audiences[1].contains("Non éligible"));
    let logo = doc.select(&sel("img.producer-logo")).next().expect("logo");
    assert_eq!(logo.value().attr("src"), Some("/images/api-logo/dinum.svg"));
    let contact = doc
        .select(&sel(".facts a[href='mailto:contact@x.fr']"))
        .count();
    assert_eq!(contact, 1);
    // CNAF is a producer (by acronym): linked; a free name is not.
    assert_eq!(
        texts(&doc, ".facts a[href='/producteurs/cnaf/']"),
        vec!["Caisse nationale"]
    );
    assert!(texts(&doc, ".facts li").contains(&"Inconnu".to_string()));
}

#[test]
fn components_render_through_their_partials() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    let external = doc.select(&sel("a.external")).next().expect("External");
    assert_eq!(external.value().attr("target"), Some("_blank"));
    assert_eq!(external.value().attr("rel"), Some("noopener"));
    assert_eq!(
        texts(&doc, "a.external .sr-only"),
        vec!["(nouvelle fenêtre)"]
    );
    let next_steps = texts(&doc, ".next-steps li");
    assert_eq!(
        next_steps.len(),
        6,
        "is_editeur adds a line: {next_steps:?}"
    );
    let button = doc.select(&sel("a.button[href='/rechercher-api']")).count();
    assert_eq!(button, 1);
}

#[test]
fn question_tree_is_nested_details_with_every_answer() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    let tree = doc
        .select(&sel(".question-tree[data-question-tree]"))
        .next()
        .expect("tree");
    assert_eq!(tree.value().attr("id"), Some("qt-1"));
    let prompts = texts(&doc, ".qt-prompt");
    assert_eq!(prompts, vec!["Vous êtes…", "Avec un éditeur ?"]);
    assert_eq!(
        texts(&doc, ".qt-question .qt-question > details > summary").len(),
        2
    );
    assert_eq!(
        texts(&doc, "details.qt-branch summary em"),
        vec!["administration"]
    );
    assert_eq!(
        doc.select(&sel(
            ".qt-answer a.button[href='https://datapass.api.gouv.fr/']"
        ))
        .count(),
        1
    );
    assert_eq!(
        doc.select(&sel("script[src='/static/js/question-tree.js']"))
            .count(),
        1
    );
}

#[test]
fn token_demo_gets_its_context_and_assets() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    let demo = doc.select(&sel("section.token-demo")).next().expect("demo");
    assert_eq!(demo.value().attr("id"), Some("token-demo-1"));
    assert_eq!(demo.value().attr("data-realm"), Some("/individu"));
    let codes = texts(&doc, "section.token-demo code");
    assert!(
        codes.contains(
            &"https://authentification-candidat.francetravail.fr/connexion/oauth2/access_token"
                .to_string()
        ),
        "{codes:?}"
    );
    assert_eq!(
        doc.select(&sel("script[defer][src='/static/js/token-demo.js']"))
            .count(),
        1
    );
    assert_eq!(
        doc.select(&sel("link[href='/static/css/token-demo.css']"))
            .count(),
        1
    );
    // The demo follows the access section.
    let html =
        std::str::from_utf8(&b.site.files["les-api/api-particulier/index.html"]).expect("utf-8");
    assert!(html.find("qui-peut-acceder") < html.find("token-demo-1"));

    let guide = page(&b, "guides/jeton/index.html");
    let ids: Vec<_> = guide
        .select(&sel("section.token-demo"))
        .map(|e| {
            (
                e.value().attr("id").unwrap_or("").to_string(),
                e.value().attr("data-flow").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        vec![
            ("token-demo-1".to_string(), "client_credentials".to_string()),
            ("token-demo-2".to_string(), "authorization_code".to_string())
        ]
    );
    let home = page(&b, "index.html");
    assert_eq!(
        home.select(&sel("script[src='/static/js/token-demo.js']"))
            .count(),
        0
    );
}

#[test]
fn producer_page_has_its_data_table_and_apis() {
    let b = built();
    let doc = page(&b, "producteurs/dinum/index.html");
    let region = doc
        .select(&sel("div.table-scroll[role=region][tabindex='0']"))
        .next()
        .expect("region");
    assert!(region.value().attr("aria-label").is_some());
    assert_eq!(texts(&doc, "th[scope=col]"), vec!["Donnée", "API"]);
    assert_eq!(texts(&doc, ".api-card-title").len(), 3);
}

#[test]
fn guide_and_service_list_the_apis_they_cite() {
    let b = built();
    let guide = page(&b, "guides/jeton/index.html");
    assert_eq!(texts(&guide, ".api-card-title"), vec!["API Particulier"]);
    let service = page(&b, "service/portail/index.html");
    assert_eq!(texts(&service, ".api-card-title"), vec!["API Particulier"]);
    assert_eq!(texts(&service, ".prose strong"), vec!["API Particulier"]);
}

#[test]
fn broken_internal_links_are_warnings_at_their_line() {
    let b = built();
    let broken: Vec<_> = b
        .diagnostics
        .iter()
        .filter(|d| d.file == std::path::Path::new("content/api/zz-evil.md"))
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken.iter().all(|(line, _)| *line == 5));
    assert!(broken
        .iter()
        .any(|(_, m)| m.contains("/les-api/nulle-part")));
    assert!(broken.iter().any(|(_, m)| m.contains("#absente")));
    // `/les-api/proconnect#identite` and `/rechercher-api` resolve.
    assert!(
        b.diagnostics
            .iter()
            .all(|d| !d.message.contains("proconnect")),
        "{:?}",
        b.diagnostics
    );
    assert!(
        b.diagnostics
            .iter()
            .all(|d| !d.message.contains("rechercher-api")),
        "{:?}",
        b.diagnostics
    );
}

#[test]
fn catalogue_json_has_a_version_and_every_api() {
    let b = built();
    let json: serde_json::Value =
        serde_json::from_slice(&b.site.files["catalogue.json"]).expect("json");
    assert_eq!(json["version"], 1);
    let apis = json["apis"].as_array().expect("apis");
    assert_eq!(apis.len(), 3);
    assert_eq!(
        apis[0]["url"],
        "https://api.example.fr/les-api/api-particulier/"
    );
    assert_eq!(apis[0]["access"], "restricted");
    assert_eq!(apis[0]["oauth"]["realm"], "/individu");
    assert_eq!(apis[0]["producer"]["slug"], "dinum");
}

#[test]
fn sitemap_lists_pages_but_not_the_404() {
    let b = built();
    let xml = std::str::from_utf8(&b.site.files["sitemap.xml"]).expect("utf-8");
    assert!(xml.contains("<loc>https://api.example.fr/les-api/proconnect/</loc>"));
    assert!(!xml.contains("404"));
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    assert_eq!(built().site.files, built().site.files);
}

#[test]
fn an_unknown_question_tree_is_left_to_the_loader_and_renders_as_nothing() {
    let mut c = catalogue();
    std::sync::Arc::make_mut(&mut c.apis[1]).body = md(
        "content/api/proconnect.md",
        10,
        "Texte\n\n<QuestionTree tree='nope' question='x'/>\n",
    );
    let theme = theme::Theme::embedded().expect("theme");
    let b = build(&c, &theme, &BuildOptions::default());
    // `content::crossref` reports it where it is written; said once.
    assert!(
        b.diagnostics.iter().all(|d| !d.message.contains("nope")),
        "{:?}",
        b.diagnostics
    );
    let page = std::str::from_utf8(&b.site.files["les-api/proconnect/index.html"]).expect("utf-8");
    assert!(page.contains("Texte"));
    assert!(!page.contains("QuestionTree"));
    assert!(!page.contains("question-tree"));
}

#[test]
fn a_theme_that_still_writes_safe_on_html_values_renders_the_same_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    let default = theme::Theme::embedded().expect("theme");
    let api = include_str!("../../themes/default/templates/api.html");
    // As a Tera 1 theme wrote it: `| safe` on every rendered value.
    let with_safe = api
        .replace("{{ body_html }}", "{{ body_html | safe }}")
        .replace("{% if body_html %}", "{% if body_html | safe %}");
    assert_ne!(with_safe, api);
    std::fs::write(templates.join("api.html"), with_safe).expect("write");
    let overridden = theme::Theme::load(&[dir.path().to_path_buf()]).expect("theme");
    let options = BuildOptions {
        base_url: Some("https://api.example.fr".into()),
        content_dir: PathBuf::from("content"),
        ..BuildOptions::default()
    };
    let file = "les-api/api-particulier/index.html";
    let expected = build(&catalogue(), &default, &options).site.files[file].clone();
    let got = build(&catalogue(), &overridden, &options).site.files[file].clone();
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&expected)
    );
}
