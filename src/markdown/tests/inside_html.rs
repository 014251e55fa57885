//! Markdown inside HTML blocks and components, bare URLs and iframes: as
//! markdown-to-jsx renders the real catalogue.

use super::*;

#[test]
fn a_table_right_after_summary_is_a_table() {
    let out = html(
        "<details>\n<summary>Données</summary>\n| a | b |\n|---|---|\n| **1** | 2 |\n</details>\n",
    );
    assert!(out.contains("<details>\n<summary>Données</summary>\n<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Données\"><table>"), "{out}");
    assert!(out.contains("<td><strong>1</strong></td>"), "{out}");
    assert!(out.ends_with("</table></div>\n\n</details>\n"), "{out}");
}

#[test]
fn indented_markdown_inside_details_is_not_a_code_block() {
    let out = html("<details>\n  <summary>Liste</summary>\n    - un\n    - deux\n</details>\n");
    assert!(
        out.contains("<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"),
        "{out}"
    );
}

#[test]
fn bold_inside_a_p_block_stays_inline() {
    assert_eq!(
        html("<p style=\"text-align: center\">**Important** : lisez ceci.</p>\n"),
        "<p style=\"text-align: center\"><strong>Important</strong> : lisez ceci.</p>\n"
    );
}

#[test]
fn bold_inside_a_quote_on_its_own_lines() {
    let out = html("<Quote who='Marie'>\nGrâce à l'API, **plus de papier**.\n</Quote>\n");
    assert!(
        out.contains("<blockquote>Grâce à l'API, <strong>plus de papier</strong>.</blockquote>"),
        "{out}"
    );
}

#[test]
fn plain_html_text_and_pre_blocks_stay_as_written() {
    assert_eq!(
        html("<div class=\"x\">\nTexte &amp; suite.\n</div>\n"),
        "<div class=\"x\">\nTexte &amp; suite.\n</div>\n"
    );
    assert_eq!(
        html("<pre>\n**pas gras** https://x.fr\n</pre>\n"),
        "<pre>\n**pas gras** https://x.fr\n</pre>\n"
    );
}

#[test]
fn bare_urls_become_links_outside_links_and_code() {
    let rendered = render(
        &md("Voir https://api.gouv.fr/les-api/api_particulier. Ou [le site](https://a.fr) et `https://b.fr`.\n\n<a href=\"https://c.fr\">https://c.fr</a>\n\n    https://d.fr\n"),
        &TestRenderer,
    );
    assert_eq!(
        rendered.html,
        "<p>Voir <a href=\"https://api.gouv.fr/les-api/api_particulier\">https://api.gouv.fr/les-api/api_particulier</a>. Ou <a href=\"https://a.fr\">le site</a> et <code>https://b.fr</code>.</p>\n<p><a href=\"https://c.fr\">https://c.fr</a></p>\n<pre><code>https://d.fr\n</code></pre>\n"
    );
    let links: Vec<&str> = rendered.links.iter().map(|l| l.href.as_str()).collect();
    assert_eq!(
        links,
        [
            "https://api.gouv.fr/les-api/api_particulier",
            "https://a.fr",
            "https://c.fr"
        ]
    );
}

#[test]
fn a_bare_url_inside_a_p_block_is_a_link_at_its_line() {
    let rendered = render(
        &md_at("<p>\nSuivi : https://status.x.fr\n</p>\n", 20),
        &TestRenderer,
    );
    assert_eq!(
        rendered.html,
        "<p>\nSuivi : <a href=\"https://status.x.fr\">https://status.x.fr</a>\n</p>\n"
    );
    assert_eq!(
        rendered.links,
        [Link {
            href: "https://status.x.fr".into(),
            line: 21
        }]
    );
}

#[test]
fn a_self_closed_iframe_is_closed_so_the_page_goes_on() {
    assert_eq!(
        html("<iframe src=\"https://www.youtube.com/embed/x\" />\n\nSuite.\n"),
        "<iframe src=\"https://www.youtube.com/embed/x\" title=\"Contenu intégré depuis www.youtube.com\"></iframe>\n<p>Suite.</p>\n"
    );
}

#[test]
fn an_unknown_component_keeps_its_markdown_children() {
    let rendered = render(&md("<Carrousel>\n**Un**\n</Carrousel>\n"), &TestRenderer);
    assert_eq!(rendered.diagnostics.len(), 1);
    assert_eq!(rendered.html, "\n<strong>Un</strong>\n\n");
}

/// Counts the bytes of inner HTML handed to the renderer: the work of
/// expansion, whatever the machine.
struct Counting(std::cell::Cell<usize>);

impl ComponentRenderer for Counting {
    fn knows(&self, name: &str) -> bool {
        STANDARD_COMPONENTS.contains(&name)
    }

    fn render(&self, c: &Component<'_>) -> Result<String, String> {
        self.0.set(self.0.get() + c.inner_html.map_or(0, str::len));
        Ok(format!("<div>{}</div>", c.inner_html.unwrap_or("")))
    }
}

#[test]
fn twenty_thousand_nested_quotes_cost_linear_work() {
    for (open, close) in [("<Quote>", "</Quote>"), ("<Button href='x'>", "</Button>")] {
        let work = |n: usize| {
            let source = format!("{}texte{}\n", open.repeat(n), close.repeat(n));
            let renderer = Counting(std::cell::Cell::new(0));
            let rendered = render(&md(&source), &renderer);
            assert!(rendered.html.len() < 2 * source.len());
            renderer.0.get() + rendered.html.len()
        };
        let (small, large) = (work(2_000), work(20_000));
        // Ten times the input, about ten times the work (quadratic: 100).
        assert!(large < 12 * small, "{open}: {small} then {large}");
    }
}
