use super::*;
use crate::diagnostics::Severity;
use crate::site::MemorySink;
use std::path::Path;

fn fixture(name: &str) -> Options {
    let content = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Options::new(&content, None)
}

#[test]
fn builds_the_valid_fixture_into_the_sink_with_no_error() {
    let sink = MemorySink::default();
    let report = build(&fixture("valid"), &sink);
    assert_eq!(report.counts().errors, 0, "{:#?}", report.diagnostics);
    assert!(report.pages > 0);
    let files = sink.into_files();
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key("catalogue.json"));
    assert!(files.contains_key("sitemap.xml"));
}

#[test]
fn reports_the_loaders_and_the_renderers_diagnostics_together() {
    // `unknown-question-tree` names a tree that does not exist: the loader
    // reports it, and the page still renders.
    let report = build(&fixture("unknown-question-tree"), &MemorySink::default());
    assert!(report.failed(false));
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.message.contains("question")));
    assert!(report.pages > 0);
}

#[test]
fn equal_diagnostics_are_said_once_and_distinct_ones_at_one_place_all_kept() {
    let at = |message: &str| Diagnostic::warning("content/api/x.md", 3, message);
    let mut report = Report {
        diagnostics: vec![
            at("second"),
            at("first"),
            at("second"),
            at("first").with_help("one way"),
            at("first").with_help("another way"),
            at("first").with_help("one way"),
        ],
        ..Report::default()
    };
    settle(&mut report);
    let kept: Vec<(&str, Option<&str>)> = report
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        kept,
        [
            ("first", None),
            ("first", Some("another way")),
            ("first", Some("one way")),
            ("second", None),
        ]
    );
}

#[test]
fn a_theme_that_does_not_compile_is_an_error_and_nothing_is_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("api.html"), "{% if %}").unwrap();
    let mut options = fixture("valid");
    options.themes.push(dir.path().to_path_buf());
    let sink = MemorySink::default();
    let report = build(&options, &sink);
    assert_eq!(report.pages, 0);
    assert!(report.failed(false));
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.message.starts_with("the theme does not compile")));
    assert!(sink.into_files().is_empty());
}

#[test]
fn the_sites_own_theme_folder_comes_before_the_flags() {
    let options = Options::new(Path::new("site/content"), Some(Path::new("mine")));
    assert_eq!(
        options.themes,
        [Path::new("site/themes/default"), Path::new("mine")]
    );
    let bare = Options::new(Path::new("content"), None);
    assert_eq!(bare.themes, [Path::new("./themes/default")]);
}

#[test]
fn check_keeping_only_anchors_finds_the_broken_links_and_anchors_a_full_build_finds() {
    // This fixture links to a heading id its page does not have.
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/escaping");
    let options = Options::new(&content, None);
    let full = build(&options, &MemorySink::default());
    let anchors_only = build(&options, &crate::site::AnchorSink::default());
    assert!(
        full.diagnostics
            .iter()
            .any(|d| d.message.starts_with("broken anchor")),
        "{:#?}",
        full.diagnostics
    );
    assert_eq!(full.diagnostics, anchors_only.diagnostics);
}

#[test]
fn the_anchor_sink_keeps_the_ids_of_pages_only() {
    use crate::site::{AnchorSink, Sink as _};
    let sink = AnchorSink::default();
    sink.put(
        "les-api/a/index.html",
        b"<h2 id=\"donnees\">x</h2><a name=\"doc\"></a>".to_vec(),
    );
    sink.put("catalogue.json", b"{\"id\": 1}".to_vec());
    let ids = sink.anchors("les-api/a/index.html").unwrap();
    assert!(ids.contains("donnees") && ids.contains("doc"));
    assert_eq!(sink.anchors("catalogue.json"), None);
    assert_eq!(sink.get("les-api/a/index.html"), None);
}
