//! A theme's own markup for the reference page's operations: the default
//! theme writes operations in Rust (`site/documentation_operations.rs`); a
//! theme folder with `templates/partials/documentation/operation.html` gets
//! each operation rendered through that partial instead, with the whole
//! spec and the written table rows in its context. Built from the
//! `tests/fixtures/openapi` catalogue with such a theme beside it.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use vitrine::diagnostics::Severity;
use vitrine::pipeline::{self, Options, Report};
use vitrine::site::MemorySink;

const FIXTURE: &str = "tests/fixtures/openapi";
const PARTIAL: &str = "templates/partials/documentation/operation.html";

/// Builds the fixture with a theme folder holding `operation` as the partial.
fn build_with_partial(operation: &str) -> (Report, Html) {
    let theme = tempfile::tempdir().expect("temp dir");
    let file = theme.path().join(PARTIAL);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("theme folders");
    std::fs::write(&file, operation).expect("partial");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sink = MemorySink::default();
    let report = pipeline::build(
        &Options::new(&root.join(FIXTURE), Some(theme.path())),
        &sink,
    );
    let files = sink.into_files();
    let page = &files["documentation/sirene-simplifiee/index.html"];
    let html = Html::parse_document(std::str::from_utf8(page).expect("UTF-8"));
    (report, html)
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn attrs(html: &Html, css: &str, name: &str) -> Vec<String> {
    html.select(&sel(css))
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

#[test]
fn a_theme_with_its_own_operation_partial_gets_each_operation_through_it() {
    let (report, html) = build_with_partial(
        r#"<article class="mon-operation" id="{{ op.anchor }}" data-groupe="{{ group.name }}" data-api="{{ card.title }}">
<h3>{{ op.method | upper }} {{ op.path }}</h3>
{% if parameter_rows[op.anchor] %}<table class="mes-parametres"><tbody>{{ parameter_rows[op.anchor] }}</tbody></table>{% endif %}
{% for response in op.responses %}{% for content in response.contents %}{% if content.schema is not none %}<table class="mon-schema" data-statut="{{ response.status }}"><tbody>{{ schema_rows[content.schema] }}</tbody></table>{% endif %}{% endfor %}{% endfor %}
<p class="mes-serveurs">{{ spec.servers | join(sep=" ") }}</p>
</article>
"#,
    );
    let errors: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(errors, Vec::<&str>::new());
    // The theme's markup replaces the default one, operation by operation,
    // in the order and under the anchors the side navigation links to.
    assert!(html.select(&sel("section.doc-operation")).next().is_none());
    let anchors = attrs(&html, "article.mon-operation", "id");
    let linked: Vec<String> = attrs(&html, ".doc-nav ul ul a", "href")
        .iter()
        .map(|href| href.trim_start_matches('#').to_string())
        .collect();
    assert_eq!(anchors, linked);
    assert_eq!(anchors.len(), 3);
    let headings: Vec<String> = html
        .select(&sel("article.mon-operation h3"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(headings[0], "GET /siren");
    assert_eq!(
        attrs(&html, "article.mon-operation", "data-groupe")[0],
        "Unités légales"
    );
    // The rows written in Rust, the page's own values and the whole spec
    // are in the partial's context.
    assert!(html
        .select(&sel("table.mes-parametres tr th code"))
        .any(|c| c.text().collect::<String>() == "q"));
    assert!(html
        .select(&sel(
            "table.mon-schema[data-statut=\"200\"] tr.depth-2 code"
        ))
        .any(|c| c.text().collect::<String>() == "siren"));
    assert!(!attrs(&html, "article.mon-operation", "data-api")[0].is_empty());
    assert!(html
        .select(&sel("p.mes-serveurs"))
        .all(|p| p.text().collect::<String>().contains("https://")));
    // The layout around the operations is the default theme's.
    assert_eq!(html.select(&sel(".doc-nav")).count(), 1);
    assert_eq!(html.select(&sel("section.doc-group")).count(), 2);
}

#[test]
fn an_operation_partial_that_fails_is_an_error_at_the_card_naming_operation_and_template() {
    let (report, html) = build_with_partial(
        "<article class=\"mon-operation\">{{ op.inexistant.champ }}</article>\n",
    );
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURE)
        .join("api/sirene-simplifiee.md");
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file == file)
        .collect();
    assert_eq!(errors.len(), 1, "one for the page: {errors:?}");
    assert!(
        errors[0].message.starts_with(
            "3 of the 3 operations of /documentation/sirene-simplifiee/ could not be rendered with the theme's \
             `partials/documentation/operation.html` and are left out; the first, op-rechercheruniteslegales: \
             Field `inexistant` is not defined."
        ),
        "{}",
        errors[0].message
    );
    // The page is still written, without the operations that failed.
    assert!(html.select(&sel("article.mon-operation")).next().is_none());
    assert_eq!(html.select(&sel(".doc-nav")).count(), 1);
}
