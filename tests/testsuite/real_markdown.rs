//! The real catalogue's Markdown (`tests/fixtures/real-markdown/`): Markdown
//! inside HTML blocks and components, self-closed iframes, bare URLs, every
//! component of the real renderer, and an unknown and a malformed tag. The
//! exact diagnostics, and the HTML that matters read with scraper.

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;
use vitrine::diagnostics::Severity::{self, Warning};
use vitrine::pipeline::{self, Options};
use vitrine::site::MemorySink;

const FIXTURE: &str = "tests/fixtures/real-markdown";

fn build() -> (pipeline::Report, BTreeMap<String, Vec<u8>>) {
    let sink = MemorySink::default();
    let report = pipeline::build(&Options::new(Path::new(FIXTURE), None), &sink);
    (report, sink.into_files())
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> (String, Html) {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no {path}"));
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    let html = Html::parse_document(&text);
    (text, html)
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn text_of(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn diagnostics_are_exactly_the_unknown_and_the_malformed_tag() {
    let (report, _) = build();
    let got: Vec<(String, u32, Severity, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file.to_string_lossy();
            let file = file
                .strip_prefix(&format!("{FIXTURE}/"))
                .unwrap_or(&file)
                .to_string();
            (file, d.line, d.severity, d.message.clone())
        })
        .collect();
    let want = [
        (
            "api/api-entreprise.md",
            63,
            Warning,
            "unknown component `<Carrousel>`: its tags are left out, its content kept",
        ),
        (
            "api/api-entreprise.md",
            65,
            Warning,
            "malformed component tag: attribute `href` in `<External>` has no `=` before its value",
        ),
    ];
    let want: Vec<(String, u32, Severity, String)> = want
        .iter()
        .map(|(f, l, s, m)| (f.to_string(), *l, *s, m.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn markdown_inside_html_blocks_and_components_renders() {
    let (_, files) = build();
    let (_, html) = page(&files, "les-api/api-entreprise/index.html");
    // A table right after `<summary>`, no blank line between.
    assert_eq!(
        text_of(&html, "details table th"),
        ["Donnée", "Source"],
        "table inside <details>"
    );
    assert_eq!(text_of(&html, "details table td strong"), ["Extrait Kbis"]);
    // `**bold**` inside `<p>` and inside `<Quote>`.
    assert_eq!(
        text_of(&html, "p[style] > strong"),
        ["Important"],
        "bold inside <p>"
    );
    assert_eq!(
        text_of(&html, "figure.quote blockquote strong"),
        ["plus de papier"]
    );
}

#[test]
fn iframe_is_closed_and_titled_and_the_footer_survives() {
    let (text, html) = page(&files(), "les-api/api-entreprise/index.html");
    let iframe = html.select(&sel("iframe")).next().expect("an iframe");
    assert_eq!(
        iframe.value().attr("title"),
        Some("Contenu intégré depuis www.youtube.com")
    );
    assert!(text.contains("></iframe>"), "closed with </iframe>");
    // The browser would otherwise take the rest of the page as the
    // iframe's fallback content.
    assert_eq!(html.select(&sel("iframe *")).count(), 0);
    assert_eq!(html.select(&sel("body > footer, body footer")).count(), 1);
    assert!(html.select(&sel("iframe ~ h2")).next().is_some());
}

fn files() -> BTreeMap<String, Vec<u8>> {
    build().1
}

#[test]
fn bare_urls_are_links_but_not_inside_links() {
    let (_, html) = page(&files(), "les-api/api-entreprise/index.html");
    let hrefs: Vec<&str> = html
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for url in [
        "https://entreprise.api.gouv.fr/catalogue/",
        "https://status.entreprise.api.gouv.fr",
        "https://entreprise.api.gouv.fr/developpeurs/openapi-v3.yaml?version=3.12.0&format=yaml",
    ] {
        assert!(hrefs.contains(&url), "{url} is a link: {hrefs:?}");
    }
    // The sentence's full stop stays out of the link.
    assert!(!hrefs.contains(&"https://status.entreprise.api.gouv.fr."));
    assert_eq!(html.select(&sel("a a")).count(), 0, "no link inside a link");
}

#[test]
fn every_component_renders_and_no_tag_reaches_the_page_as_text() {
    let (text, html) = page(&files(), "les-api/api-entreprise/index.html");
    for css in [
        "a.button[href='https://datapass.api.gouv.fr/api-entreprise']",
        "a.button.button-secondary[href='https://entreprise.api.gouv.fr/faq']",
        ".button-copy code",
        "a.external[href='https://entreprise.api.gouv.fr']",
        ".next-steps",
        "a.rich-link[href='https://entreprise.api.gouv.fr/catalogue']",
        ".component-grid .component-centered strong",
        ".contact-us",
        ".flat-file a[download]",
        ".datagouv-card a.datagouv-card-title",
        "form.sirene-widget input[name='terme']",
        ".question-tree",
    ] {
        assert!(html.select(&sel(css)).next().is_some(), "{css} missing");
    }
    assert_eq!(
        text_of(&html, ".next-steps li")[1],
        "d’une description du service qui utilise les données ;"
    );
    assert!(text_of(&html, ".next-steps li")
        .iter()
        .any(|li| li.starts_with("si vous êtes éditeur de logiciel")));
    assert_eq!(
        text_of(&html, ".datagouv-card-productor"),
        ["Publié par Insee"]
    );
    // The unknown component's children and the malformed tag's text stay.
    assert!(text.contains("Les entreprises de la semaine."));
    assert!(text.contains("la FAQ"));
    for escaped in [
        "&lt;Carrousel",
        "&lt;/Carrousel",
        "&lt;External",
        "&lt;/External",
    ] {
        assert!(!text.contains(escaped), "{escaped} on the page");
    }
}

#[test]
fn a_table_of_long_urls_is_wrapped_in_a_scrolling_region() {
    let (_, html) = page(&files(), "les-api/api-entreprise/index.html");
    let region = html
        .select(&sel("div.table-scroll[aria-label='Les liens utiles']"))
        .next()
        .expect("the table's region");
    assert_eq!(region.select(&sel("td a")).count(), 4);
    let (_, home) = page(&files(), "index.html");
    assert!(home
        .select(&sel(
            "link[rel='stylesheet'][href='/static/css/components.css']"
        ))
        .next()
        .is_some());
}
