//! Plain HTML and `<details>`, heading ids and anchors, tables, inline rendering.

use super::*;

#[test]
fn markdown_inside_details_after_a_blank_line_still_renders() {
    let out = html("<details>\n  <summary>Paramètres d'appel</summary>\n\nDeux **paramètres** :\n\n- le [numéro](#num)\n\n</details>\n");
    assert_eq!(
        out,
        "<details>\n  <summary>Paramètres d'appel</summary>\n<p>Deux <strong>paramètres</strong> :</p>\n<ul>\n<li>le <a href=\"#num\">numéro</a></li>\n</ul>\n</details>\n"
    );
}

#[test]
fn plain_html_is_kept_as_written() {
    let src = "<p>\n\n<iframe src=\"https://data.example/embed\" width=\"600\"></iframe>\n\nUn<br/>deux\n";
    assert_eq!(
        html(src),
        "<p>\n<iframe src=\"https://data.example/embed\" width=\"600\" title=\"Contenu intégré depuis data.example\"></iframe>\n<p>Un<br/>deux</p>\n"
    );
}

#[test]
fn text_stays_byte_faithful_without_smart_punctuation_or_footnotes() {
    assert_eq!(
        html("L'API -- \"v2\" ... d’accès[^1]\n\n~~ancien~~"),
        "<p>L'API -- \"v2\" ... d’accès[^1]</p>\n<p><del>ancien</del></p>\n"
    );
}

#[test]
fn headings_get_slug_ids_matching_links_in_real_content() {
    let rendered = render(
        &md("## Exemples d’application\n\n### 🔎 Et si j'ai besoin d'une API ?\n"),
        &TestRenderer,
    );
    assert_eq!(
        rendered.html,
        "<h2 id=\"exemples-d’application\">Exemples d’application</h2>\n<h3 id=\"🔎-et-si-j&#39;ai-besoin-d&#39;une-api-?\">🔎 Et si j'ai besoin d'une API ?</h3>\n"
    );
    assert_eq!(
        rendered.ids,
        vec!["exemples-d’application", "🔎-et-si-j'ai-besoin-d'une-api-?"]
    );
}

#[test]
fn heading_with_an_anchor_keeps_both_ids() {
    let rendered = render(
        &md("### API Quotient familial CAF - CNAF <a name=\"doc-api-qf-cnaf\"></a>\n"),
        &TestRenderer,
    );
    assert_eq!(
        rendered.html,
        "<h3 id=\"api-quotient-familial-caf---cnaf\">API Quotient familial CAF - CNAF <a name=\"doc-api-qf-cnaf\"></a></h3>\n"
    );
    assert_eq!(
        rendered.ids,
        vec!["doc-api-qf-cnaf", "api-quotient-familial-caf---cnaf"]
    );
}

#[test]
fn duplicate_headings_get_suffixes_at_every_level() {
    let rendered = render(
        &md("# FAQ\n\n## FAQ\n\n#### FAQ\n\nFAQ\n---\n"),
        &TestRenderer,
    );
    assert_eq!(rendered.ids, vec!["faq", "faq-1", "faq-2", "faq-3"]);
    assert!(rendered.html.contains("<h4 id=\"faq-2\">FAQ</h4>"));
    assert!(rendered.html.contains("<h2 id=\"faq-3\">FAQ</h2>"));
}

#[test]
fn heading_text_with_code_and_emphasis_slugs_its_plain_text() {
    let rendered = render(
        &md("## Le champ `code_postal` *obligatoire*\n"),
        &TestRenderer,
    );
    assert_eq!(rendered.ids, vec!["le-champ-code_postal-obligatoire"]);
}

#[test]
fn anchor_names_anywhere_are_reported_as_ids() {
    let rendered = render(
        &md("Texte <a name=\"faq-1\"></a>\n\n<a name='top'></a>\n"),
        &TestRenderer,
    );
    assert_eq!(rendered.ids, vec!["faq-1", "top"]);
    assert!(rendered.html.contains("<a name=\"faq-1\"></a>"));
}

#[test]
fn table_has_column_headers_and_a_scrollable_region_named_after_its_heading() {
    let out = html("## Paramètres d'appel\n\n| Donnée | Exemple |\n| --- | :---: |\n| Code postal | `75007` |\n");
    assert_eq!(
        out,
        "<h2 id=\"parametres-d&#39;appel\">Paramètres d'appel</h2>\n<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Paramètres d&#39;appel\"><table><thead><tr><th scope=\"col\">Donnée</th><th scope=\"col\" style=\"text-align: center\">Exemple</th></tr></thead><tbody>\n<tr><td>Code postal</td><td style=\"text-align: center\"><code>75007</code></td></tr>\n</tbody></table></div>\n"
    );
}

#[test]
fn tables_without_a_heading_are_numbered() {
    let out = html("| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n");
    assert!(out.contains("aria-label=\"Tableau 1\""), "{out}");
    assert!(out.contains("aria-label=\"Tableau 2\""), "{out}");
}

#[test]
fn table_in_details_is_labelled_by_its_summary() {
    let out = html("## API\n\n<details>\n  <summary>Liste des données</summary>\n\n| a |\n|---|\n| 1 |\n\n</details>\n");
    assert!(out.contains("aria-label=\"Liste des données\""), "{out}");
}

#[test]
fn components_inside_table_cells_render() {
    let out = html("| API | Lien |\n|---|---|\n| QF | <External href=\"https://legifrance.gouv.fr/x?a=1&b=2\">l'article L114-8</External> |\n");
    assert!(out.contains(&format!("<td>{EXTERNAL}</td>")), "{out}");
}

#[test]
fn inline_render_has_no_paragraph() {
    let rendered = render_inline(
        &md("Une collectivité ou une *administration*"),
        &TestRenderer,
    );
    assert_eq!(
        rendered.html,
        "Une collectivité ou une <em>administration</em>"
    );
    let rendered = render_inline(
        &md("Oui, <External href=\"/x\">voir</External>\n"),
        &TestRenderer,
    );
    assert!(
        rendered.html.starts_with("Oui, <a href=\"/x\""),
        "{}",
        rendered.html
    );
    assert!(!rendered.html.contains("<p>"));
}

#[test]
fn inline_render_joins_paragraphs_with_a_space() {
    let rendered = render_inline(&md("Un\n\nDeux"), &TestRenderer);
    assert_eq!(rendered.html, "Un Deux");
}
