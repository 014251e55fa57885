//! A hand-built catalogue exercising every kind of page and component,
//! and helpers to query the pages rendered from it.

use super::*;
use crate::content::{
    Access, AccessAudience, Api, ApiLinks, ChoiceGroup, Eligibility, Guide, Markdown, OAuthDemo,
    OAuthFlow, Origin, Outcome, Producer, Question, QuestionTreeFile, Service, SiteConfig,
};
use scraper::{Html, Selector};
use std::path::PathBuf;
use std::sync::Arc;

pub(super) fn origin(file: &str, line: u32) -> Origin {
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
        logo: None,
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

pub(super) fn producer(slug: &str, name: &str) -> Producer {
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

pub(super) fn tree() -> QuestionTreeFile {
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
        apis: vec![particulier.into(), proconnect.into(), evil.into()],
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
            noindex: false,
            body: md("content/service/portail.md", 8, "Corps du service."),
        }],
        trees: [("arbre".to_string(), tree())].into_iter().collect(),
        static_files: vec![PathBuf::from("images/dinum.svg")],
        repairs: vec![],
        unrenderable_trees: Default::default(),
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
            ..BuildOptions::default()
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
