//! Diagnostics, collected links, the real API Particulier body, and bad input.

use super::*;
use crate::diagnostics::Severity;
use std::path::PathBuf;

#[test]
fn unknown_component_is_a_warning_at_its_file_line_and_keeps_its_children() {
    let rendered = render(
        &md_at("Intro\n\nVoir <Buton href=\"/x\">ici</Buton>.\n", 10),
        &TestRenderer,
    );
    assert_eq!(rendered.diagnostics.len(), 1);
    let d = &rendered.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.file, PathBuf::from("content/api/x.md"));
    assert_eq!(d.line, 12);
    assert_eq!(
        d.message,
        "unknown component `<Buton>`: its tags are left out, its content kept"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `<Button>`? Known components: ApiSireneWidget, Button, ButtonCopy, Centered, ContactUs, Datagouv, External, FlatFile, Grid, NextSteps, QuestionTree, Quote, RichLink, TokenDemo")
    );
    assert_eq!(rendered.html, "<p>Intro</p>\n<p>Voir ici.</p>\n");
}

#[test]
fn unknown_component_in_a_raw_block_is_reported_at_its_own_line() {
    let rendered = render(
        &md_at("<div>\nA\n<Carousel items='3' />\n</div>\n", 10),
        &TestRenderer,
    );
    assert_eq!(rendered.diagnostics.len(), 1);
    assert_eq!(rendered.diagnostics[0].line, 12);
    assert_eq!(
        rendered.diagnostics[0].help.as_deref(),
        Some("known components: ApiSireneWidget, Button, ButtonCopy, Centered, ContactUs, Datagouv, External, FlatFile, Grid, NextSteps, QuestionTree, Quote, RichLink, TokenDemo")
    );
    assert_eq!(rendered.html, "<div>\nA\n\n</div>\n");
}

#[test]
fn renderer_error_becomes_an_error_at_the_component_line() {
    let rendered = render(
        &md_at(
            "# Titre\n\n<QuestionTree tree='missing' question='q'/>\n",
            40,
        ),
        &TestRenderer,
    );
    assert_eq!(
        rendered.diagnostics,
        vec![crate::diagnostics::Diagnostic::error(
            "content/api/x.md",
            42,
            "unknown question tree `missing`"
        )]
    );
    assert_eq!(rendered.html, "<h1 id=\"titre\">Titre</h1>\n\n");
}

#[test]
fn unclosed_component_is_reported_and_keeps_its_content() {
    let rendered = render(&md("a\n\n<Quote who='x'>\nTexte\n"), &TestRenderer);
    assert_eq!(rendered.diagnostics.len(), 1);
    assert_eq!(rendered.diagnostics[0].line, 3);
    assert_eq!(rendered.diagnostics[0].message, "`<Quote>` is never closed");
    assert!(
        rendered.html.contains("<blockquote>Texte</blockquote>"),
        "{}",
        rendered.html
    );
}

#[test]
fn malformed_component_tag_in_raw_html_says_what_is_wrong_and_keeps_its_text() {
    let rendered = render(
        &md_at(
            "<p style=\"x\">\nVoir <External href=/x>ici</External>\n</p>\n",
            3,
        ),
        &TestRenderer,
    );
    let messages: Vec<(u32, &str)> = rendered
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [(
            4,
            "malformed component tag: the value of `href` in `<External>` is not in quotes"
        )]
    );
    assert_eq!(rendered.html, "<p style=\"x\">\nVoir ici\n</p>\n");
}

#[test]
fn malformed_component_tag_in_a_paragraph_is_not_escaped_text() {
    // CommonMark does not read `href"…"` as HTML: the tag arrives as text.
    let rendered = render(
        &md_at(
            "Voir <External href\"https://x.fr/faq\">la FAQ</External> ici.\n",
            7,
        ),
        &TestRenderer,
    );
    let messages: Vec<(u32, &str)> = rendered
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [(
            7,
            "malformed component tag: attribute `href` in `<External>` has no `=` before its value"
        )]
    );
    assert_eq!(rendered.html, "<p>Voir la FAQ ici.</p>\n");
}

#[test]
fn closing_tag_without_opening_is_reported() {
    let rendered = render(&md("a\n\ntexte</Button>\n"), &TestRenderer);
    assert_eq!(rendered.diagnostics.len(), 1);
    assert_eq!(rendered.diagnostics[0].line, 3);
    assert_eq!(
        rendered.diagnostics[0].message,
        "closing tag `</Button>` without an opening `<Button>`"
    );
}

#[test]
fn links_are_collected_with_their_file_lines() {
    let src = "[doc](https://a.example/doc) et <https://b.example>\n\n<contact@api.gouv.fr>\n\n<p>\n<a href=\"/raw\">raw</a>\n<a href='/raw2'>x</a></p>\n\n<Button href=\"/demande\">Remplir</Button>\n\n| t |\n|---|\n| [cell](#doc-api-qf-cnaf) |\n";
    let rendered = render(&md_at(src, 5), &TestRenderer);
    let links: Vec<(&str, u32)> = rendered
        .links
        .iter()
        .map(|l| (l.href.as_str(), l.line))
        .collect();
    assert_eq!(
        links,
        vec![
            ("https://a.example/doc", 5),
            ("https://b.example", 5),
            ("mailto:contact@api.gouv.fr", 7),
            ("/raw", 10),
            ("/raw2", 11),
            ("/demande", 13),
            ("#doc-api-qf-cnaf", 17),
        ]
    );
}

#[test]
fn renders_the_real_api_particulier_body() {
    let body = include_str!("../testdata/api-particulier-body.md");
    let rendered = render(&md_at(body, 103), &TestRenderer);
    assert_eq!(rendered.diagnostics, vec![]);
    for id in [
        "api-france-connectees",
        "doc-api-qf-cnaf",
        "doc-api-statut-etudiant-mesr",
        "doc-api-statut-etudiant-boursier-cnous",
        "doc-api-statut-demandeur-emploi-pole-emploi",
        "faq-diff-qf-fiscal",
        "api-accessibles-depuis-l'api-particulier",
        "et-si-j'ai-besoin-d'une-api-france-connectee-?",
    ] {
        assert!(
            rendered.ids.iter().any(|i| i == id),
            "missing id {id}: {:?}",
            rendered.ids
        );
    }
    // Every in-page link of the card resolves to an id the card defines.
    for link in rendered.links.iter().filter(|l| l.href.starts_with('#')) {
        assert!(
            rendered.ids.contains(&link.href[1..].to_string()),
            "dangling {}",
            link.href
        );
    }
    let qf = rendered
        .links
        .iter()
        .find(|l| l.href == "#doc-api-qf-cnaf")
        .map(|l| l.line);
    assert_eq!(qf, Some(108));
    let infolettre = rendered
        .links
        .iter()
        .find(|l| l.href.contains("sibforms.com"))
        .map(|l| l.line);
    assert_eq!(infolettre, Some(605));
    assert!(rendered
        .html
        .contains("<a class=\"fr-btn\" href=\"https://487b4da0.sibforms.com/serve/"));
    assert!(rendered
        .html
        .contains("<h3 id=\"api-quotient-familial-caf---cnaf\">"));
    assert!(rendered.html.contains("aria-label=\"API accessibles depuis l&#39;API Particulier\"><table><thead><tr><th scope=\"col\">API</th>"));
    assert!(rendered
        .html
        .contains("aria-label=\"Paramètres d&#39;appel\""));
    assert!(rendered
        .html
        .contains("<summary>Qu'est-ce qu'une API ?</summary>\n<p>Pour mieux comprendre"));
    assert!(!rendered.html.contains("&lt;Button"));
}

#[test]
fn arbitrary_input_never_panics() {
    let renderer = TestRenderer;
    let samples = [
        "<",
        "</",
        "</B",
        "<B",
        "<Button",
        "<Button href=",
        "<Button href=\"",
        "<Button/>",
        "</Button>",
        "<Quote><Quote></Quote>",
        "<Quote>\n\n</Button>\n\n</Quote>",
        "| a |\n|---|\n| <Button href='x'>b |",
        "# <Quote>x\n\n</Quote>",
        "<a href=\"é",
        "<p><External href=\"x\">",
        "&#x",
        "<Button href='x'>é</Button",
        "## \u{0301}",
    ];
    for sample in samples {
        render(&md(sample), &renderer);
        render_inline(&md(sample), &renderer);
    }
}

mod property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_made_of_markdown_and_tag_pieces_renders_without_panicking(
            pieces in proptest::collection::vec(prop_oneof![
                Just("<Button href=\"/x\">"), Just("</Button>"), Just("<Quote who='a'>"),
                Just("</Quote>"), Just("<NextSteps />"), Just("<Foo>"), Just("</Foo>"),
                Just("\n\n"), Just("\n"), Just("| a | b |\n|---|:-:|\n"), Just("## T "),
                Just("<details>\n"), Just("</details>\n"), Just("<a name=\"n\"></a>"),
                Just("`"), Just("é’"), Just("[l](/u)"), Just("<p style=\"x\">"), Just("</p>"),
                Just("- "), Just("    "), Just("<"), Just("&amp;"),
            ], 0..40)
        ) {
            let source: String = pieces.concat();
            let rendered = render(&md(&source), &TestRenderer);
            for d in &rendered.diagnostics {
                prop_assert!(d.line >= 1 && d.line as usize <= source.lines().count().max(1));
            }
            render_inline(&md(&source), &TestRenderer);
        }
    }
}
