//! Components (`<Button>`, `<External>`, …) on their own line, inline, inside raw HTML blocks and in markdown field snippets.

use super::*;

#[test]
fn button_on_its_own_line_renders_without_a_paragraph() {
    let out = html("Intro.\n\n<Button href=\"/demande\">Remplir une demande</Button>\n");
    assert_eq!(out, format!("<p>Intro.</p>\n{BUTTON}\n"));
}

#[test]
fn button_inline_in_a_paragraph_keeps_the_paragraph_and_renders_inner_markdown() {
    let out = html("Votre éditeur réalise l'intégration. <Button href=\"/demande\">Remplir *une* demande</Button> ensuite.");
    assert_eq!(
        out,
        "<p>Votre éditeur réalise l'intégration. <a class=\"fr-btn\" href=\"/demande\">Remplir <em>une</em> demande</a> ensuite.</p>\n"
    );
}

#[test]
fn button_inside_a_raw_p_block_is_replaced_in_place() {
    let out = html("<p style=\"text-align: center\">\n  <Button href=\"/demande\">Remplir une demande</Button>\n</p>\n");
    assert_eq!(
        out,
        format!("<p style=\"text-align: center\">\n  {BUTTON}\n</p>\n")
    );
}

#[test]
fn button_in_a_markdown_field_snippet() {
    let out = html("Seules les administrations sont habilitées.\n\n<Button href=\"/demande\">Remplir une demande</Button>");
    assert!(out.ends_with(&format!("{BUTTON}\n")), "{out}");
}

#[test]
fn external_on_its_own_line_inline_and_in_a_raw_p_block() {
    let tag = "<External href=\"https://legifrance.gouv.fr/x?a=1&b=2\">l'article L114-8</External>";
    assert_eq!(html(&format!("{tag}\n")), format!("{EXTERNAL}\n"));
    assert_eq!(
        html(&format!("Conformément à {tag} du code.")),
        format!("<p>Conformément à {EXTERNAL} du code.</p>\n")
    );
    assert_eq!(
        html(&format!(
            "<p style=\"color: grey\">Voir {tag}, puis <b>revenir</b>.</p>\n"
        )),
        format!("<p style=\"color: grey\">Voir {EXTERNAL}, puis <b>revenir</b>.</p>\n")
    );
}

#[test]
fn external_with_escaped_ampersand_is_not_escaped_twice() {
    let out = html(
        "<External href=\"https://legifrance.gouv.fr/x?a=1&amp;b=2\">l'article L114-8</External>\n",
    );
    assert_eq!(out, format!("{EXTERNAL}\n"));
}

#[test]
fn external_in_a_markdown_field_snippet_from_a_real_card() {
    let snippet = "Conformément aux dispositions de <External href=\"https://legifrance.gouv.fr/x?a=1&b=2\">l'article L114-8</External> du *code des relations entre le public et l'administration*, seules les administrations sont habilitées.\n\nPour obtenir un agrément, vous devez **justifier d'une simplification**.\n\n<NextSteps />\n<QuestionTree tree='api-particulier' question='apipart'/>\n";
    let rendered = render(&md_at(snippet, 17), &TestRenderer);
    assert_eq!(rendered.diagnostics, vec![]);
    assert_eq!(
        rendered.html,
        format!(
            "<p>Conformément aux dispositions de {EXTERNAL} du <em>code des relations entre le public et l'administration</em>, seules les administrations sont habilitées.</p>\n<p>Pour obtenir un agrément, vous devez <strong>justifier d'une simplification</strong>.</p>\n<ul class=\"next-steps\"></ul>\n<div class=\"question-tree\" data-tree=\"api-particulier\"></div>\n"
        )
    );
    assert_eq!(
        rendered.links,
        vec![Link {
            href: "https://legifrance.gouv.fr/x?a=1&b=2".into(),
            line: 17
        }]
    );
}

#[test]
fn next_steps_with_and_without_bare_attribute_in_every_position() {
    assert_eq!(html("<NextSteps />\n"), "<ul class=\"next-steps\"></ul>\n");
    assert_eq!(
        html("<NextSteps is_editeur />\n"),
        "<ul class=\"next-steps editeur\"></ul>\n"
    );
    assert_eq!(
        html("Voici : <NextSteps/>"),
        "<p>Voici : <ul class=\"next-steps\"></ul></p>\n"
    );
    assert_eq!(
        html("<p style=\"margin: 0\"><NextSteps is_editeur /></p>\n"),
        "<p style=\"margin: 0\"><ul class=\"next-steps editeur\"></ul></p>\n"
    );
}

#[test]
fn quote_block_spanning_lines_gets_its_raw_text_as_inner_html() {
    let src = "Intro.\n\n  <Quote logo=\"/images/guides/clamart.svg\" who='Ville de Clamart' title='Aurélie Coutant'>\n  Maintenant que le traitement est automatisé, nous avons <b>enfin</b> le temps.\n  </Quote>\n";
    assert_eq!(
        html(src),
        "<p>Intro.</p>\n  <figure class=\"quote\"><blockquote>Maintenant que le traitement est automatisé, nous avons <b>enfin</b> le temps.</blockquote><figcaption>Ville de Clamart</figcaption></figure>\n"
    );
}

#[test]
fn quote_inline_and_across_blocks_with_markdown_inside() {
    assert_eq!(
        html("Elle dit <Quote who='Ville'>c'est *simple*</Quote>."),
        "<p>Elle dit <figure class=\"quote\"><blockquote>c'est <em>simple</em></blockquote><figcaption>Ville</figcaption></figure>.</p>\n"
    );
    assert_eq!(
        html("<Quote who='Ville'>\n\nC'est **simple**.\n\n</Quote>\n"),
        "<figure class=\"quote\"><blockquote><p>C'est <strong>simple</strong>.</p></blockquote><figcaption>Ville</figcaption></figure>\n"
    );
}

#[test]
fn question_tree_and_token_demo_in_every_position() {
    let tree = "<div class=\"question-tree\" data-tree=\"api-particulier\"></div>";
    let demo = "<div class=\"token-demo\" data-realm=\"/individu\"></div>";
    assert_eq!(
        html("<QuestionTree tree='api-particulier' question='apipart'/>\n"),
        format!("{tree}\n")
    );
    assert_eq!(
        html("<TokenDemo realm=\"/individu\" />\n"),
        format!("{demo}\n")
    );
    assert_eq!(
        html("Essayez : <TokenDemo realm=\"/individu\" /> ici."),
        format!("<p>Essayez : {demo} ici.</p>\n")
    );
    assert_eq!(
        html("<p style=\"x\"><QuestionTree tree='api-particulier' question='apipart'/></p>\n"),
        format!("<p style=\"x\">{tree}</p>\n")
    );
}

#[test]
fn component_inside_a_list_item() {
    assert_eq!(
        html("- Étape : <Button href=\"/demande\">Remplir une demande</Button>\n"),
        format!("<ul>\n<li>Étape : {BUTTON}</li>\n</ul>\n")
    );
}

#[test]
fn component_tags_in_code_stay_code() {
    assert_eq!(
        html("Écrire `<Button href=\"/x\">` ou :\n\n```\n<NextSteps />\n```\n"),
        "<p>Écrire <code>&lt;Button href=\"/x\"&gt;</code> ou :</p>\n<pre><code>&lt;NextSteps /&gt;\n</code></pre>\n"
    );
}

#[test]
fn capitalised_html_elements_are_html_not_components() {
    assert_eq!(html("Un<BR>deux"), "<p>Un<BR>deux</p>\n");
}

/// Hands out one shared rendering, as the site's build-wide cache does.
struct SharingRenderer {
    shared: std::sync::Arc<ComponentHtml>,
}

impl ComponentRenderer for SharingRenderer {
    fn knows(&self, name: &str) -> bool {
        name == "NextSteps"
    }

    fn render(&self, _: &Component<'_>) -> Result<String, String> {
        Ok(self.shared.html.clone())
    }

    fn render_shared(&self, _: &Component<'_>) -> Result<std::sync::Arc<ComponentHtml>, String> {
        Ok(self.shared.clone())
    }
}

#[test]
fn a_shared_rendering_gives_each_use_its_own_lines_links_and_ids() {
    let shared = ComponentHtml::new(
        "<div id=\"suite\">\n<details><summary>Étapes</summary>\n<a href=\"/les-api/x\">x</a></details>\n</div>"
            .to_string(),
    );
    let renderer = SharingRenderer {
        shared: std::sync::Arc::new(shared),
    };
    let source = "Intro\n\n<NextSteps/>\n\ntexte\n\n<NextSteps/>\n\n| a |\n| - |\n| 1 |\n";
    let shared_run = render(&md_at(source, 10), &renderer);
    let links: Vec<(&str, u32)> = shared_run
        .links
        .iter()
        .map(|l| (l.href.as_str(), l.line))
        .collect();
    // Line 10 is the first Markdown line; the link is two lines into the HTML.
    assert_eq!(links, vec![("/les-api/x", 14), ("/les-api/x", 18)]);
    assert_eq!(shared_run.ids, vec!["suite".to_string()]);
    // The `<summary>` still labels the table that follows.
    assert!(
        shared_run.html.contains("aria-label=\"Étapes\""),
        "{}",
        shared_run.html
    );
    // Exactly what rendering the same HTML afresh each time gives.
    struct Fresh(String);
    impl ComponentRenderer for Fresh {
        fn knows(&self, name: &str) -> bool {
            name == "NextSteps"
        }
        fn render(&self, _: &Component<'_>) -> Result<String, String> {
            Ok(self.0.clone())
        }
    }
    let fresh = render(&md_at(source, 10), &Fresh(renderer.shared.html.clone()));
    assert_eq!(shared_run, fresh);
}

/// `TestRenderer`, adding up the inner HTML it is handed: the work that
/// grew with the square of the nesting depth.
struct CountingRenderer(std::cell::Cell<usize>);

impl ComponentRenderer for CountingRenderer {
    fn knows(&self, name: &str) -> bool {
        TestRenderer.knows(name)
    }

    fn render(&self, c: &Component<'_>) -> Result<String, String> {
        self.0.set(self.0.get() + c.inner_html.map_or(0, str::len));
        TestRenderer.render(c)
    }
}

#[test]
fn thousands_of_unclosed_components_are_one_error_and_linear_work() {
    // Was: each level held a copy of everything inside it (6,000 of these
    // peaked at 2.3 GB and aborted the build).
    let source = "<Button href='x'>\n".repeat(2_000);
    let renderer = CountingRenderer(std::cell::Cell::new(0));
    let rendered = render(&md_at(&source, 5), &renderer);
    let errors: Vec<(u32, &str)> = rendered
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [(
            37,
            "components nested more than 32 deep: `<Button>` and the tags after it at this depth are left out, their content kept"
        )]
    );
    // The 32 open ones are each reported as never closed, nothing more.
    assert_eq!(rendered.diagnostics.len(), 1 + 32);
    // Each of the 32 levels holds what is inside it once: about 32 times
    // the text; unbounded, 2,000 levels came to 1,500 times.
    assert!(
        renderer.0.get() < 100 * source.len(),
        "{} bytes of inner HTML",
        renderer.0.get()
    );
    assert!(rendered.html.len() < 4 * source.len());
}

#[test]
fn tags_of_components_too_deep_are_left_out_with_their_content_kept() {
    let source = format!(
        "{}milieu{}\n",
        "<Quote who='a'>".repeat(40),
        "</Quote>".repeat(40)
    );
    let rendered = render(&md(&source), &TestRenderer);
    let messages: Vec<&str> = rendered
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["components nested more than 32 deep: `<Quote>` and the tags after it at this depth are left out, their content kept"]
    );
    assert_eq!(rendered.html.matches("<blockquote>").count(), 32);
    assert_eq!(rendered.html.matches("&lt;").count(), 0);
    assert_eq!(rendered.html.matches("milieu").count(), 1);
}
