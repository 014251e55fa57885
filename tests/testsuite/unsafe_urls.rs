//! Dangerous URLs (`javascript:` in every disguise, `vbscript:`,
//! `data:text/html`) written into a catalogue never reach an `href` or `src`
//! of a built page or the sitemap: link fields are errors at their value,
//! Markdown links, images and component `href`s point to `#` with a
//! warning. Raw HTML stays as written, with a warning at the line of what
//! would run code in it, unless `site.yaml` turns raw HTML off.

use scraper::{Html, Selector};
use std::path::Path;
use vitrine::diagnostics::Severity::{self, Error, Warning};
use vitrine::pipeline::{build, Options};
use vitrine::site::MemorySink;
use vitrine::text::url_safety::is_dangerous;

const FIXTURE: &str = "tests/fixtures/unsafe-urls";

fn built() -> (
    vitrine::pipeline::Report,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let sink = MemorySink::default();
    let report = build(&Options::new(Path::new(FIXTURE), None), &sink);
    (report, sink.into_files())
}

fn diagnostics(report: &vitrine::pipeline::Report) -> Vec<(String, u32, Severity, String)> {
    let prefix = format!("{FIXTURE}/");
    report
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file.to_string_lossy();
            let file = file.strip_prefix(&prefix).unwrap_or(&file).to_string();
            (file, d.line, d.severity, d.message.clone())
        })
        .collect()
}

#[test]
fn every_dangerous_link_is_reported_at_its_line() {
    let (report, _) = built();
    let card = "api/api-impot-particulier.md";
    let field = |key: &str, url: &str| -> String {
        format!("`{key}`: the scheme `javascript:` is not allowed in a link, found {url:?}")
    };
    let expected: Vec<(&str, u32, Severity, String)> = vec![
        (card, 10, Error, field("contact_link", "javascript:alert('contact')")),
        (card, 11, Error, field("external_site", "JaVaScRiPt:alert(1)")),
        (card, 12, Error, field("doc_tech_link", " javascript:alert(1)")),
        (
            card,
            13,
            Error,
            "`doc_tech_external`: the scheme `vbscript:` is not allowed in a link, found \"vbscript:msgbox(1)\"".into(),
        ),
        (
            card,
            14,
            Error,
            "`datapass_link`: the scheme `data:` is not allowed in a link, found \"data:text/html,<script>alert(1)</script>\"".into(),
        ),
        (card, 15, Error, field("account_link", "&#106;avascript:alert(1)")),
        (card, 16, Error, field("monitoring_link", "&#x6A;avascript:alert(1)")),
        (card, 19, Error, field("rate_limiting_link", "%6Aavascript:alert(1)")),
        (card, 20, Error, field("stats_detail_link", "javascript&colon;alert(1)")),
        (card, 23, Error, field("url", "  JAVASCRIPT:alert(1)")),
        (card, 29, Warning, "`<Button href>` to \"javascript:alert(1)\": the scheme `javascript:` could run code in the reader's browser, so it points to `#` instead".into()),
        (card, 34, Warning, "Markdown link to \"javascript:alert(1)\": the scheme `javascript:` could run code in the reader's browser, so it points to `#` instead".into()),
        (card, 35, Warning, "Markdown link to \"JaVaScRiPt:alert(2)\": the scheme `javascript:` could run code in the reader's browser, so it points to `#` instead".into()),
        (card, 35, Warning, "`<External href>` to \" javascript:alert(3)\": the scheme `javascript:` could run code in the reader's browser, so it points to `#` instead".into()),
        (card, 37, Warning, "Markdown image to \"data:text/html,<script>alert(4)</script>\": the scheme `data:` could run code in the reader's browser, so it points to `#` instead".into()),
        (card, 39, Warning, "raw HTML holds `href` with the scheme `vbscript:`: it runs code in the reader's browser".into()),
        (card, 41, Warning, "raw HTML holds an event handler `onerror=`: it runs code in the reader's browser".into()),
        (card, 43, Warning, "raw HTML holds a `<script>` element: it runs in every reader's browser".into()),
        (
            "producteurs/dgfip.md",
            5,
            Error,
            field("site", "javascript:alert('site')"),
        ),
        (
            "producteurs/dgfip.md",
            6,
            Error,
            "`contact`: the scheme `vbscript:` is not allowed in a link, found \"VBScript:msgbox(1)\"".into(),
        ),
        (
            "service/mes-aides.md",
            3,
            Error,
            "`link`: the scheme `data:` is not allowed in a link, found \"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"".into(),
        ),
        (
            "site.yaml",
            2,
            Error,
            "`base_url`: expected an absolute http(s) URL such as https://api.gouv.fr, found the scheme `javascript:` in \"javascript:alert(document.domain)\"".into(),
        ),
        (
            "site.yaml",
            4,
            Error,
            "`sandbox_url`: the scheme `vbscript:` is not allowed in a link, found \"vbscript:msgbox(1)\"".into(),
        ),
    ];
    let mut got = diagnostics(&report);
    got.retain(|(_, _, severity, message)| {
        *severity == Error || message.contains("scheme") || message.contains("raw HTML")
    });
    let mut want: Vec<(String, u32, Severity, String)> = expected
        .into_iter()
        .map(|(f, l, s, m)| (f.to_string(), l, s, m))
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn no_built_page_or_sitemap_links_to_a_dangerous_url() {
    let (report, files) = built();
    assert!(report.pages > 0, "pages were rendered");
    let selector = Selector::parse("[href], [src], [action], [formaction]").unwrap();
    let mut seen = 0;
    let mut dangerous = Vec::new();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            let page = Html::parse_document(&text);
            for element in page.select(&selector) {
                for attribute in ["href", "src", "action", "formaction"] {
                    if let Some(url) = element.value().attr(attribute) {
                        seen += 1;
                        if is_dangerous(url) {
                            dangerous.push(format!("{path}: {attribute}={url:?}"));
                        }
                    }
                }
            }
        } else if path.ends_with(".xml") {
            for loc in text.split("<loc>").skip(1) {
                let url = loc.split("</loc>").next().unwrap_or_default();
                seen += 1;
                if is_dangerous(url) || !url.starts_with("http") {
                    dangerous.push(format!("{path}: {url:?}"));
                }
            }
        }
    }
    assert!(seen > 20, "only {seen} URLs found");
    // Raw HTML passes through as written (real content relies on it): its
    // dangerous URL is a warning (above), and `raw_html: false` turns it off.
    assert_eq!(
        dangerous,
        ["les-api/api-impot-particulier/index.html: href=\"vbscript:msgbox(5)\""]
    );
    let card = String::from_utf8_lossy(&files["les-api/api-impot-particulier/index.html"]);
    assert!(card.contains("https://api.gouv.fr"), "safe links stay");
    assert!(
        card.contains("mailto:contact@api.gouv.fr"),
        "safe links stay"
    );
}

#[test]
fn raw_html_can_be_switched_off_in_site_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("guides")).unwrap();
    std::fs::write(
        content.join("site.yaml"),
        "title: Catalogue\nbase_url: https://catalogue.example.fr\nmarkdown:\n  raw_html: false\n",
    )
    .unwrap();
    std::fs::write(
        content.join("guides/securite.md"),
        "---\ntitle: Sécurité\n---\n\nAvant <b onclick=\"alert(1)\">gras</b> après.\n\n<script>alert(2)</script>\n",
    )
    .unwrap();
    let sink = MemorySink::default();
    let report = build(&Options::new(&content, None), &sink);
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages, Vec::<&str>::new());
    let files = sink.into_files();
    let page = String::from_utf8_lossy(&files["guides/securite/index.html"]);
    assert!(
        page.contains("Avant &lt;b onclick=\"alert(1)\"&gt;gras&lt;/b&gt; après."),
        "{page}"
    );
    assert!(
        page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>alert"), "{page}");
}
