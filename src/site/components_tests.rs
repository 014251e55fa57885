use super::*;
use crate::site::context::SiteView;

fn attrs(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.map(String::from)))
        .collect()
}

/// What a page's component renderer borrows: the embedded theme, an empty
/// catalogue and the site at `base_url`.
fn renderer_parts(base_url: &str) -> (Theme, Catalogue, SiteView) {
    let theme = Theme::embedded().expect("theme");
    let catalogue = Catalogue::default();
    let site = SiteView::new(&catalogue, base_url);
    (theme, catalogue, site)
}

#[test]
fn token_demo_attributes_default_the_flow_from_the_realm() {
    let a = attrs(&[("realm", Some("/partenaire")), ("scopes", Some("a b,c"))]);
    let c = Component {
        name: "TokenDemo",
        attrs: &a,
        inner_html: None,
    };
    let demo = demo_from_attrs(&c).expect("valid");
    assert_eq!(demo.flow, OAuthFlow::ClientCredentials);
    assert_eq!(demo.scopes, vec!["a", "b", "c"]);
    assert!(!demo.pkce);

    let a = attrs(&[("realm", Some("employeur")), ("pkce", None)]);
    let c = Component {
        name: "TokenDemo",
        attrs: &a,
        inner_html: None,
    };
    let demo = demo_from_attrs(&c).expect("valid");
    assert_eq!(demo.realm, "/entreprise");
    assert_eq!(demo.flow, OAuthFlow::AuthorizationCode);
    assert!(demo.pkce);
}

#[test]
fn token_demo_with_an_unknown_realm_is_an_error() {
    let a = attrs(&[("realm", Some("/nope"))]);
    let c = Component {
        name: "TokenDemo",
        attrs: &a,
        inner_html: None,
    };
    assert!(demo_from_attrs(&c).unwrap_err().contains("/nope"));
}

#[test]
fn demo_view_fills_real_endpoints_and_numbers_demos() {
    let (theme, catalogue, site) = renderer_parts("https://x.fr/cat/");
    let page = PageComponents::new(&theme, &catalogue, &site);
    let demo = OAuthDemo {
        realm: "/agent".into(),
        flow: OAuthFlow::AuthorizationCode,
        pkce: false,
        scopes: vec![],
        authorize_url: None,
        token_url: Some("https://override/token".into()),
    };
    let first = page.demo_view(&demo);
    let second = page.demo_view(&demo);
    assert_eq!(first.id, "token-demo-1");
    assert_eq!(second.id, "token-demo-2");
    assert_eq!(
        first.real_authorize_url.as_deref(),
        Some("https://proxyproconnect.francetravail.net/connexion/oauth2/agent/authorize")
    );
    assert_eq!(
        first.real_token_url.as_deref(),
        Some("https://override/token")
    );
    assert_eq!(first.base_path, "/cat");
    assert_eq!(first.site_url, "https://x.fr/cat");
    assert!(page.has_demo());
}

#[test]
fn unknown_component_is_not_known_and_custom_partials_are() {
    let (theme, catalogue, site) = renderer_parts("https://x.fr");
    let page = PageComponents::new(&theme, &catalogue, &site);
    assert!(page.knows("Quote"));
    assert!(!page.knows("Carousel"));
    assert!(page.names().contains(&"QuestionTree".to_string()));
}

#[test]
fn an_external_link_without_content_shows_its_address_escaped() {
    let (theme, catalogue, site) = renderer_parts("https://x.fr");
    let page = PageComponents::new(&theme, &catalogue, &site);
    let a = attrs(&[("href", Some("https://x.fr/?a=1&b=<i>"))]);
    let bare = Component {
        name: "External",
        attrs: &a,
        inner_html: None,
    };
    assert_eq!(
        page.render(&bare).expect("renders"),
        "<a class=\"external\" href=\"https://x.fr/?a=1&amp;b=&lt;i&gt;\" target=\"_blank\" \
         rel=\"noopener\">https://x.fr/?a=1&amp;b=&lt;i&gt;<span class=\"sr-only\"> \
         (nouvelle fenêtre)</span></a>"
    );
    // Content between the tags is already HTML: kept as it is, even empty.
    for (inner, label) in [("<em>Doc</em>", "<em>Doc</em>"), ("", "")] {
        let wrapped = Component {
            name: "External",
            attrs: &a,
            inner_html: Some(inner),
        };
        let html = page.render(&wrapped).expect("renders");
        assert!(
            html.contains(&format!("rel=\"noopener\">{label}<span")),
            "{html}"
        );
    }
}

/// A catalogue of one tree file `name`, its questions given as (name,
/// answer of each of its two choices), not checked by the loader.
fn unchecked_tree(name: &str, questions: &[(&str, &str)]) -> Catalogue {
    use crate::content::{ChoiceGroup, Markdown, Origin, Outcome, Question, QuestionTreeFile};
    let origin = Origin::new(Arc::new(PathBuf::from("question-trees/t.yaml")), 1);
    let md = |source: &str| Markdown {
        source: source.into(),
        origin: origin.clone(),
    };
    let questions = questions
        .iter()
        .map(|(q, answer)| {
            let group = |label: &str| ChoiceGroup {
                choices: vec![md(label)],
                outcome: Outcome::Answer(md(answer)),
            };
            let question = Question {
                prompt: format!("{q} ?"),
                origin: origin.clone(),
                choice_groups: vec![group("Oui"), group("Non")],
            };
            (q.to_string(), question)
        })
        .collect();
    let mut catalogue = Catalogue::default();
    catalogue.trees.insert(
        name.into(),
        QuestionTreeFile {
            name: name.into(),
            origin,
            questions,
        },
    );
    catalogue
}

fn trees_rendered(catalogue: &Catalogue, source: &str) -> (u32, String) {
    let theme = Theme::embedded().expect("theme");
    let site = SiteView::new(catalogue, "https://x.fr/");
    let page = PageComponents::new(&theme, catalogue, &site);
    let md = Markdown {
        source: source.into(),
        origin: crate::content::Origin::new(Arc::new(PathBuf::from("api/a.md")), 1),
    };
    let html = page.markdown(&md);
    let trees = page.state.borrow().trees;
    (trees, html)
}

#[test]
fn a_question_tree_including_itself_renders_once_without_recursing() {
    // Not checked by the loader (which reports it and marks it
    // unrenderable): the renderer alone must stop.
    let catalogue = unchecked_tree(
        "boucle",
        &[
            ("q", "Encore : <QuestionTree tree='boucle' question='q'/>"),
            ("a", "<QuestionTree tree='boucle' question='b'/>"),
            ("b", "<QuestionTree tree='boucle' question='a'/>"),
        ],
    );
    let (trees, html) = trees_rendered(&catalogue, "<QuestionTree tree='boucle' question='q'/>");
    assert_eq!(trees, 1);
    assert_eq!(html.matches("data-question-tree").count(), 1);
    // a shows b, whose answers' tags for a render as nothing.
    let (trees, _) = trees_rendered(&catalogue, "<QuestionTree tree='boucle' question='a'/>");
    assert_eq!(trees, 3);
}

#[test]
fn an_exponential_question_tree_renders_a_bounded_number_of_trees() {
    // Each question's answers show the next question twice (4 tags), ten
    // levels: 4^9 trees unbounded, tens of seconds and gigabytes.
    let answers: Vec<(String, String)> = (1..=10)
        .map(|i| {
            let next = format!("<QuestionTree tree='eventail' question='e{}'/>\n", i + 1);
            let answer = if i == 10 {
                "Fin.".to_string()
            } else {
                next.repeat(2)
            };
            (format!("e{i}"), answer)
        })
        .collect();
    let questions: Vec<(&str, &str)> = answers
        .iter()
        .map(|(q, a)| (q.as_str(), a.as_str()))
        .collect();
    let catalogue = unchecked_tree("eventail", &questions);
    let (trees, _) = trees_rendered(&catalogue, "<QuestionTree tree='eventail' question='e1'/>");
    assert!(
        u64::from(trees) <= crate::content::tree_graph::MAX_INCLUDED_TREES,
        "{trees} trees"
    );
    // Marked by the loader: nothing at all.
    let mut catalogue = catalogue;
    catalogue
        .unrenderable_trees
        .insert(("eventail".into(), "e1".into()));
    let (trees, html) = trees_rendered(&catalogue, "<QuestionTree tree='eventail' question='e1'/>");
    assert_eq!((trees, html.trim()), (0, ""));
}
