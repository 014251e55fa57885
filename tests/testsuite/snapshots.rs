//! Snapshots (insta) of what users see: the HTML of a few pages of the
//! example catalogue and of fixtures, and the diagnostics of broken
//! catalogues as `check` prints them. A change to a template, the Markdown
//! writer or a message shows up here as a reviewed diff: run the tests with
//! `INSTA_UPDATE=always` (or `cargo insta review`) and read the `.snap`
//! changes before committing them.

use std::collections::BTreeMap;
use std::path::Path;
use vitrine::diagnostics::{render_all, Format};
use vitrine::pipeline::{self, Options};
use vitrine::site::MemorySink;

fn build(content: &str) -> (pipeline::Report, BTreeMap<String, Vec<u8>>) {
    let sink = MemorySink::default();
    let report = pipeline::build(&Options::new(Path::new(content), None), &sink);
    (report, sink.into_files())
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(bytes.clone()).expect("pages are UTF-8")
}

fn diagnostics(content: &str) -> String {
    let (report, _) = build(content);
    render_all(&report.diagnostics, Format::Human, &report.sources, false)
}

#[test]
fn example_catalogue_pages() {
    let (_, files) = build("content");
    for path in [
        "index.html",
        "les-api/api-particulier/index.html",
        "les-api/se-connecter-avec-pole-emploi/index.html",
        "producteurs/dinum/index.html",
        "guides/generer-un-access-token/index.html",
        "service/portail-famille-clamart/index.html",
    ] {
        let page_name = match path.strip_suffix("/index.html") {
            Some(folder) => folder.replace('/', "__"),
            None => "home".to_string(),
        };
        let name = format!("example__{page_name}");
        insta::assert_snapshot!(name, page(&files, path));
    }
}

#[test]
fn front_matter_values_are_escaped_everywhere() {
    let (_, files) = build("tests/fixtures/site/escaping");
    insta::assert_snapshot!(page(&files, "les-api/evil/index.html"));
}

#[test]
fn diagnostics_of_files_that_did_not_load_and_what_they_leave_unchecked() {
    insta::assert_snapshot!(diagnostics("tests/fixtures/unloaded-targets"));
}

#[test]
fn diagnostics_of_the_example_catalogue() {
    insta::assert_snapshot!(diagnostics("content"));
}

#[test]
fn diagnostics_of_broken_yaml() {
    let all: Vec<String> = [
        "tests/fixtures/unclosed-quote",
        "tests/fixtures/tab-indentation",
        "tests/fixtures/unclosed-front-matter",
        "tests/fixtures/misspelt-key",
        "tests/fixtures/tree-misspelt-key",
    ]
    .iter()
    .map(|content| format!("# {content}\n{}", diagnostics(content)))
    .collect();
    insta::assert_snapshot!(all.join("\n"));
}

#[test]
fn documentation_pages_of_the_openapi_fixture() {
    let (_, files) = build("tests/fixtures/openapi");
    for slug in [
        "api-entreprise-legere",
        "sirene-simplifiee",
        "demarches",
        "api-cassee",
        "api-externe",
    ] {
        let name = format!("documentation__{slug}");
        insta::assert_snapshot!(
            name,
            page(&files, &format!("documentation/{slug}/index.html"))
        );
    }
}
