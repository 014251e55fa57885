//! Page rendering on a hand-built catalogue, asserted on parsed HTML.

use super::*;
use crate::content::{
    Access, AccessAudience, Api, ApiLinks, ChoiceGroup, Eligibility, Guide, Markdown, OAuthDemo,
    OAuthFlow, Origin, Outcome, Producer, Question, QuestionTreeFile, Service, SiteConfig,
};
use scraper::{Html, Selector};
use std::path::PathBuf;
use std::sync::Arc;

fn origin(file: &str, line: u32) -> Origin {
    Origin::new(Arc::new(PathBuf::from(file)), line)
}

pub(super) fn md(file: &str, line: u32, source: &str) -> Markdown {
    Markdown {
        source: source.to_string(),
        origin: origin(file, line),
    }
}

pub(super) fn api(slug: &str, title: &str) -> Api {
    let file = format!("content/api/{slug}.md");
    Api {
        slug: slug.into(),
        origin: origin(&file, 1),
        title: title.into(),
        tagline: format!("Slogan de {title}"),
        producer: Some("dinum".into()),
        owner: None,
        partners: vec!["CNAF".into(), "Inconnu".into()],
        themes: vec!["Santé".into()],
        keywords: vec!["quotient".into()],
        access: Access::Restricted,
        france_connected: 1,
        access_page: vec![],
        content_intro: None,
        links: ApiLinks {
            contact: Some("contact@x.fr".into()),
            ..ApiLinks::default()
        },
        rate_limiting_resume: Some("20 appels / seconde".into()),
        rate_limiting_description: None,
        rate_limiting_link: None,
        monitoring_description: None,
        stats_detail_resume: None,
        stats_detail_description: None,
        stats_detail_link: None,
        stat: None,
        uptime: Some(99.5),
        visits_2019: None,
        last_update: Some("01/02/2024".into()),
        datagouv_uuid: vec![],
        hide_pre_footer: false,
        noindex: false,
        category: None,
        oauth: None,
        body: md(
            &file,
            10,
            "## Exemples d’application\n\nVoir [ProConnect](/les-api/proconnect#identite).\n",
        ),
    }
}

fn producer(slug: &str, name: &str) -> Producer {
    let file = format!("content/producteurs/{slug}.md");
    Producer {
        slug: slug.into(),
        origin: origin(&file, 1),
        name: name.into(),
        acronym: Some(slug.to_uppercase()),
        name_with_pronoun: None,
        logo: Some(format!("{slug}.svg")),
        kind: None,
        site: Some("https://www.numerique.gouv.fr/".into()),
        short: Some("Courte description".into()),
        description: Some(md(&file, 3, "La **DINUM**.")),
        data: Some(md(
            &file,
            6,
            "| Donnée | API |\n| --- | --- |\n| QF | API Particulier |\n",
        )),
        contact: Some("contact@api.gouv.fr".into()),
        annuaire: None,
        site_open_data: None,
        site_api: None,
        body: md(&file, 12, "Corps."),
    }
}

fn tree() -> QuestionTreeFile {
    let file = "content/question-trees/arbre.yaml";
    let answer = |line, text: &str| Outcome::Answer(md(file, line, text));
    QuestionTreeFile {
        name: "arbre".into(),
        origin: origin(file, 1),
        questions: [(
            "racine".to_string(),
            Question {
                prompt: "Vous êtes…".into(),
                origin: origin(file, 2),
                choice_groups: vec![
                    ChoiceGroup {
                        choices: vec![md(file, 4, "Une *administration*")],
                        outcome: Outcome::Next(Box::new(Question {
                            prompt: "Avec un éditeur ?".into(),
                            origin: origin(file, 5),
                            choice_groups: vec![
                                ChoiceGroup {
                                    choices: vec![md(file, 7, "Oui")],
                                    outcome: answer(8, "<Button href=\"https://datapass.api.gouv.fr/\">Remplir</Button>"),
                                },
                                ChoiceGroup {
                                    choices: vec![md(file, 9, "Non")],
                                    outcome: answer(10, "Développez **vous-même**."),
                                },
                            ],
                        })),
                    },
                    ChoiceGroup {
                        choices: vec![md(file, 12, "Un particulier")],
                        outcome: answer(13, "Non éligible."),
                    },
                ],
            },
        )]
        .into_iter()
        .collect(),
    }
}

pub(super) fn catalogue() -> Catalogue {
    let mut particulier = api("api-particulier", "API Particulier");
    particulier.access_page = vec![
        AccessAudience {
            who: vec!["Une administration".into()],
            eligibility: Eligibility::Eligible,
            description: Some(md(
                "content/api/api-particulier.md",
                20,
                "Voir <External href=\"https://legifrance.gouv.fr\">l'article</External>.\n\n<NextSteps is_editeur />\n<QuestionTree tree='arbre' question='racine'/>\n",
            )),
        },
        AccessAudience {
            who: vec!["Un particulier".into()],
            eligibility: Eligibility::NotEligible,
            description: Some(md(
                "content/api/api-particulier.md",
                30,
                "<Button href=\"/rechercher-api\">Rechercher une autre API</Button>",
            )),
        },
    ];
    particulier.oauth = Some(OAuthDemo {
        realm: "/individu".into(),
        flow: OAuthFlow::AuthorizationCode,
        pkce: true,
        scopes: vec!["openid".into(), "profile".into()],
        authorize_url: None,
        token_url: None,
    });
    let mut proconnect = api("proconnect", "ProConnect");
    proconnect.body = md("content/api/proconnect.md", 10, "## Identité\n\n<a name=\"identite\"></a>\n\n| Champ | Type |\n| --- | --- |\n| given_name | texte |\n");
    let mut evil = api("zz-evil", "<script>alert(1)</script>");
    evil.access = Access::Open;
    evil.body = md(
        "content/api/zz-evil.md",
        5,
        "[cassé](/les-api/nulle-part) et [ancre](#absente)",
    );
    let guide_file = "content/guides/jeton.md";
    Catalogue {
        site: SiteConfig {
            sandbox_url: Some("http://127.0.0.1:8787".into()),
            ..SiteConfig::default()
        },
        apis: vec![particulier, proconnect, evil],
        producers: vec![producer("dinum", "Direction interministérielle du numérique"), producer("cnaf", "Caisse nationale")],
        guides: vec![Guide {
            slug: "jeton".into(),
            origin: origin(guide_file, 1),
            title: "Générer un jeton".into(),
            tagline: Some("Comment faire".into()),
            tags: vec!["oauth".into()],
            image: None,
            noindex: false,
            publish: true,
            api: vec!["API Particulier".into()],
            related_guides: vec![],
            oauth: None,
            body: md(guide_file, 8, "Intro.\n\n<TokenDemo realm=\"/partenaire\" scopes=\"api_offresdemploiv2 o2dsoffre\"/>\n\n<TokenDemo realm=\"/agent\" pkce/>\n"),
        }],
        services: vec![Service {
            slug: "portail".into(),
            origin: origin("content/service/portail.md", 1),
            title: "Portail famille".into(),
            link: Some("https://www.clamart.fr/".into()),
            description: Some(md("content/service/portail.md", 3, "Grâce à **API Particulier**.")),
            screenshot: None,
            api: vec!["API Particulier".into()],
            body: md("content/service/portail.md", 8, "Corps du service."),
        }],
        trees: [("arbre".to_string(), tree())].into_iter().collect(),
        static_files: vec![PathBuf::from("images/dinum.svg")],
        repairs: vec![],
    }
}

pub(super) fn built() -> Built {
    let theme = theme::Theme::embedded().expect("theme");
    build(
        &catalogue(),
        &theme,
        &BuildOptions {
            base_url: Some("https://api.example.fr".into()),
            content_dir: PathBuf::from("content"),
        },
    )
}

pub(super) fn page(built: &Built, file: &str) -> Html {
    let bytes = built
        .site
        .files
        .get(file)
        .unwrap_or_else(|| panic!("{file} not generated"));
    Html::parse_document(std::str::from_utf8(bytes).expect("utf-8"))
}

pub(super) fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

pub(super) fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn every_page_of_the_url_scheme_is_generated() {
    let b = built();
    for file in [
        "index.html",
        "rechercher-api/index.html",
        "les-api/api-particulier/index.html",
        "les-api/proconnect/index.html",
        "producteurs/index.html",
        "producteurs/dinum/index.html",
        "guides/index.html",
        "guides/jeton/index.html",
        "service/portail/index.html",
        "thematique/sante/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "catalogue.json",
        "search-index.json",
        "static/css/vitrine.css",
        "static/js/question-tree.js",
    ] {
        assert!(b.site.files.contains_key(file), "{file} missing");
    }
    assert_eq!(
        b.site.copies.get("images/dinum.svg"),
        Some(&PathBuf::from("content/images/dinum.svg"))
    );
}

#[test]
fn home_lists_every_api_as_a_card_with_badges() {
    let b = built();
    let home = page(&b, "index.html");
    assert_eq!(home.select(&sel("html[lang=fr]")).count(), 1);
    let titles = texts(&home, ".api-card .api-card-title a");
    assert_eq!(
        titles,
        vec!["API Particulier", "ProConnect", "<script>alert(1)</script>"]
    );
    let badges = texts(&home, ".api-card:first-child .badge");
    assert!(badges[0].contains("Sur habilitation"), "{badges:?}");
    assert!(badges[1].contains("Compatible FranceConnect"), "{badges:?}");
    let open = home.select(&sel(".api-card[data-access=open]")).count();
    assert_eq!(open, 1);
    assert_eq!(
        texts(&home, "#filtre-theme option[value=sante]"),
        vec!["Santé"]
    );
}

#[test]
fn a_script_in_a_title_renders_as_text() {
    let b = built();
    let html = std::str::from_utf8(&b.site.files["les-api/zz-evil/index.html"]).expect("utf-8");
    let doc = Html::parse_document(html);
    assert_eq!(doc.select(&sel("script:not([src])")).count(), 0);
    assert_eq!(texts(&doc, "h1"), vec!["<script>alert(1)</script>"]);
}

#[test]
fn api_page_has_header_side_panel_and_access_sections() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    assert_eq!(
        texts(&doc, "h2#qui-peut-acceder"),
        vec!["Qui peut accéder ?"]
    );
    let audiences = texts(&doc, ".audience h3");
    assert!(audiences[0].contains("Une administration") && audiences[0].contains("Éligible"));
    assert!(audiences[1].contains("Non éligible"));
    let logo = doc.select(&sel("img.producer-logo")).next().expect("logo");
    assert_eq!(logo.value().attr("src"), Some("/images/dinum.svg"));
    let contact = doc
        .select(&sel(".facts a[href='mailto:contact@x.fr']"))
        .count();
    assert_eq!(contact, 1);
    // CNAF is a producer (by acronym): linked; a free name is not.
    assert_eq!(
        texts(&doc, ".facts a[href='/producteurs/cnaf/']"),
        vec!["Caisse nationale"]
    );
    assert!(texts(&doc, ".facts li").contains(&"Inconnu".to_string()));
}

#[test]
fn components_render_through_their_partials() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    let external = doc.select(&sel("a.external")).next().expect("External");
    assert_eq!(external.value().attr("target"), Some("_blank"));
    assert_eq!(external.value().attr("rel"), Some("noopener"));
    assert_eq!(
        texts(&doc, "a.external .sr-only"),
        vec!["(nouvelle fenêtre)"]
    );
    let next_steps = texts(&doc, ".next-steps li");
    assert_eq!(
        next_steps.len(),
        5,
        "is_editeur adds a line: {next_steps:?}"
    );
    let button = doc.select(&sel("a.button[href='/rechercher-api']")).count();
    assert_eq!(button, 1);
}

#[test]
fn question_tree_is_nested_details_with_every_answer() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    let tree = doc
        .select(&sel(".question-tree[data-question-tree]"))
        .next()
        .expect("tree");
    assert_eq!(tree.value().attr("id"), Some("qt-1"));
    let prompts = texts(&doc, ".qt-prompt");
    assert_eq!(prompts, vec!["Vous êtes…", "Avec un éditeur ?"]);
    assert_eq!(
        texts(&doc, ".qt-question .qt-question > details > summary").len(),
        2
    );
    assert_eq!(
        texts(&doc, "details.qt-branch summary em"),
        vec!["administration"]
    );
    assert_eq!(
        doc.select(&sel(
            ".qt-answer a.button[href='https://datapass.api.gouv.fr/']"
        ))
        .count(),
        1
    );
    assert_eq!(
        doc.select(&sel("script[src='/static/js/question-tree.js']"))
            .count(),
        1
    );
}

#[test]
fn token_demo_gets_its_context_and_assets() {
    let b = built();
    let doc = page(&b, "les-api/api-particulier/index.html");
    let demo = doc.select(&sel("section.token-demo")).next().expect("demo");
    assert_eq!(demo.value().attr("id"), Some("token-demo-1"));
    assert_eq!(demo.value().attr("data-realm"), Some("/individu"));
    let codes = texts(&doc, "section.token-demo code");
    assert!(
        codes.contains(
            &"https://authentification-candidat.francetravail.fr/connexion/oauth2/access_token"
                .to_string()
        ),
        "{codes:?}"
    );
    assert_eq!(
        doc.select(&sel("script[defer][src='/static/js/token-demo.js']"))
            .count(),
        1
    );
    assert_eq!(
        doc.select(&sel("link[href='/static/css/token-demo.css']"))
            .count(),
        1
    );
    // The demo follows the access section.
    let html =
        std::str::from_utf8(&b.site.files["les-api/api-particulier/index.html"]).expect("utf-8");
    assert!(html.find("qui-peut-acceder") < html.find("token-demo-1"));

    let guide = page(&b, "guides/jeton/index.html");
    let ids: Vec<_> = guide
        .select(&sel("section.token-demo"))
        .map(|e| {
            (
                e.value().attr("id").unwrap_or("").to_string(),
                e.value().attr("data-flow").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        vec![
            ("token-demo-1".to_string(), "client_credentials".to_string()),
            ("token-demo-2".to_string(), "authorization_code".to_string())
        ]
    );
    let home = page(&b, "index.html");
    assert_eq!(
        home.select(&sel("script[src='/static/js/token-demo.js']"))
            .count(),
        0
    );
}

#[test]
fn producer_page_has_its_data_table_and_apis() {
    let b = built();
    let doc = page(&b, "producteurs/dinum/index.html");
    let region = doc
        .select(&sel("div.table-scroll[role=region][tabindex='0']"))
        .next()
        .expect("region");
    assert!(region.value().attr("aria-label").is_some());
    assert_eq!(texts(&doc, "th[scope=col]"), vec!["Donnée", "API"]);
    assert_eq!(texts(&doc, ".api-card-title").len(), 3);
}

#[test]
fn guide_and_service_list_the_apis_they_cite() {
    let b = built();
    let guide = page(&b, "guides/jeton/index.html");
    assert_eq!(texts(&guide, ".api-card-title"), vec!["API Particulier"]);
    let service = page(&b, "service/portail/index.html");
    assert_eq!(texts(&service, ".api-card-title"), vec!["API Particulier"]);
    assert_eq!(texts(&service, ".prose strong"), vec!["API Particulier"]);
}

#[test]
fn broken_internal_links_are_warnings_at_their_line() {
    let b = built();
    let broken: Vec<_> = b
        .diagnostics
        .iter()
        .filter(|d| d.file == std::path::Path::new("content/api/zz-evil.md"))
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken.iter().all(|(line, _)| *line == 5));
    assert!(broken
        .iter()
        .any(|(_, m)| m.contains("/les-api/nulle-part")));
    assert!(broken.iter().any(|(_, m)| m.contains("#absente")));
    // `/les-api/proconnect#identite` and `/rechercher-api` resolve.
    assert!(
        b.diagnostics
            .iter()
            .all(|d| !d.message.contains("proconnect")),
        "{:?}",
        b.diagnostics
    );
    assert!(
        b.diagnostics
            .iter()
            .all(|d| !d.message.contains("rechercher-api")),
        "{:?}",
        b.diagnostics
    );
}

#[test]
fn catalogue_json_has_a_version_and_every_api() {
    let b = built();
    let json: serde_json::Value =
        serde_json::from_slice(&b.site.files["catalogue.json"]).expect("json");
    assert_eq!(json["version"], 1);
    let apis = json["apis"].as_array().expect("apis");
    assert_eq!(apis.len(), 3);
    assert_eq!(
        apis[0]["url"],
        "https://api.example.fr/les-api/api-particulier/"
    );
    assert_eq!(apis[0]["access"], "restricted");
    assert_eq!(apis[0]["oauth"]["realm"], "/individu");
    assert_eq!(apis[0]["producer"]["slug"], "dinum");
}

#[test]
fn sitemap_lists_pages_but_not_the_404() {
    let b = built();
    let xml = std::str::from_utf8(&b.site.files["sitemap.xml"]).expect("utf-8");
    assert!(xml.contains("<loc>https://api.example.fr/les-api/proconnect/</loc>"));
    assert!(!xml.contains("404"));
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    assert_eq!(built().site.files, built().site.files);
}

#[test]
fn unknown_question_tree_is_an_error_at_the_component_line() {
    let mut c = catalogue();
    c.apis[1].body = md(
        "content/api/proconnect.md",
        10,
        "Texte\n\n<QuestionTree tree='nope' question='x'/>\n",
    );
    let theme = theme::Theme::embedded().expect("theme");
    let b = build(&c, &theme, &BuildOptions::default());
    let errors: Vec<_> = b
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, PathBuf::from("content/api/proconnect.md"));
    assert_eq!(errors[0].line, 12);
    assert!(errors[0].message.contains("unknown question tree `nope`"));
}
