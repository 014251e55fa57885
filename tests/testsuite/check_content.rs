//! The example catalogue `content/` loads completely, with no error, and
//! Markdown values know the file line they start on.

use std::path::Path;
use vitrine::content::{load_dir, Access, Eligibility, OAuthFlow, Outcome};
use vitrine::diagnostics::Severity;

fn content() -> vitrine::content::Loaded {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
}

#[test]
fn the_example_catalogue_loads_without_errors_or_warnings() {
    let loaded = content();
    let problems: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let c = &loaded.catalogue;
    let slugs: Vec<&str> = c.apis.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "api-indemnisation-pole-emploi",
            "api-particulier",
            "api-statut-demandeur-emploi",
            "api-statut-etudiant",
            "api-statut-etudiant-boursier",
            "proconnect",
            "se-connecter-avec-pole-emploi"
        ]
    );
    assert_eq!(c.producers.len(), 5);
    assert_eq!(c.guides.len(), 5);
    assert_eq!(c.services.len(), 1);
    let trees: Vec<&str> = c.trees.keys().map(String::as_str).collect();
    assert_eq!(trees, ["api-particulier", "france-connected-api"]);
    assert_eq!(c.site.title, "Catalogue des API publiques");
    assert_eq!(c.site.sandbox_url.as_deref(), Some("http://127.0.0.1:8787"));
    assert_eq!(c.static_files.len(), 7);
    assert!(c
        .static_files
        .contains(&Path::new("static/swaggers/api-particulier.yaml").to_path_buf()));
    assert!(c
        .static_files
        .contains(&Path::new("images/guides/clamart.svg").to_path_buf()));
}

#[test]
fn block_scalars_start_on_their_first_content_line_without_indentation() {
    let loaded = content();
    let api = loaded.catalogue.api("api-particulier").unwrap();
    assert_eq!(api.access, Access::Restricted);
    assert_eq!(api.access_page.len(), 3);
    assert_eq!(api.access_page[1].eligibility, Eligibility::Eligible);
    let d = api.access_page[1].description.as_ref().unwrap();
    assert_eq!(d.origin.line, 18);
    assert!(d.source.starts_with("Conform"), "{}", d.source);
    assert!(d.origin.file.ends_with("content/api/api-particulier.md"));
    let intro = api.content_intro.as_ref().unwrap();
    assert_eq!(intro.origin.line, 67);
    assert!(intro.source.starts_with("API Particulier permet"));
    assert_eq!(api.body.origin.line, 103);
    assert_eq!(api.stat.as_ref().unwrap().last_x_days, Some(30));
    assert_eq!(api.uptime, Some(99.992));
    assert_eq!(api.last_update.as_deref(), Some("31/03/2021"));
    assert_eq!(api.producer.as_deref(), Some("dinum"));
    // `CNAF` names a producer by its acronym: resolved to its slug.
    assert_eq!(api.partners, ["cnaf", "pole-emploi", "mesr"]);
}

#[test]
fn the_older_field_set_maps_onto_the_current_one() {
    let loaded = content();
    let api = loaded
        .catalogue
        .api("se-connecter-avec-pole-emploi")
        .unwrap();
    assert_eq!(api.title, "Se connecter avec Pôle emploi");
    assert_eq!(api.owner.as_deref(), Some("Pôle emploi"));
    assert_eq!(api.producer.as_deref(), Some("pole-emploi"));
    assert_eq!(
        api.links.contact.as_deref(),
        Some("support@emploi-store-dev.fr")
    );
    assert!(api
        .links
        .doc_tech
        .as_deref()
        .unwrap()
        .starts_with("https://www.emploi-store-dev.fr/"));
    assert!(api.links.datapass.is_some());
    assert_eq!(api.category.as_deref(), Some("confidential"));
    assert_eq!(api.access_page[0].who.len(), 4);
    let oauth = api.oauth.as_ref().unwrap();
    assert_eq!(oauth.realm, "/individu");
    assert_eq!(oauth.flow, OAuthFlow::AuthorizationCode);
    assert!(oauth.pkce);
    assert_eq!(oauth.scopes.len(), 4);
}

#[test]
fn question_trees_nest_and_keep_their_lines() {
    let loaded = content();
    let tree = &loaded.catalogue.trees["api-particulier"];
    let q = &tree.questions["apipart"];
    assert_eq!(q.prompt, "Vous êtes…");
    assert_eq!(q.origin.line, 3);
    assert_eq!(q.choice_groups.len(), 3);
    let Outcome::Next(next) = &q.choice_groups[0].outcome else {
        panic!("first group should lead to a next question");
    };
    assert_eq!(next.prompt, "Faites-vous appel à un éditeur de logiciels ?");
    let Outcome::Answer(answer) = &q.choice_groups[1].outcome else {
        panic!("second group should be an answer");
    };
    assert_eq!(answer.origin.line, 31);
    assert!(answer.source.starts_with("C'est à votre"));
    assert_eq!(q.choice_groups[2].choices.len(), 2);
}

#[test]
fn guides_split_tags_and_keep_their_oauth_block() {
    let loaded = content();
    let g = loaded
        .catalogue
        .guides
        .iter()
        .find(|g| g.slug == "generer-un-access-token")
        .unwrap();
    assert_eq!(
        g.tags,
        [
            "authentification",
            "OAuth 2.0",
            "OpenID Connect",
            "access token"
        ]
    );
    assert!(g.publish);
    assert_eq!(g.api, ["Se connecter avec Pôle emploi"]);
    assert_eq!(g.body.origin.line, 16);
    assert!(!g.oauth.as_ref().unwrap().pkce);
}

#[test]
fn the_two_mojibake_seed_cards_are_repaired_and_reported_once_each() {
    let loaded = content();
    let api = loaded.catalogue.api("api-particulier").unwrap();
    assert!(
        api.tagline.starts_with("Entités administratives"),
        "{}",
        api.tagline
    );
    assert!(!api.body.source.contains('√'));
    let notes: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes[0].file.ends_with("api/api-particulier.md"));
    assert!(notes[1].file.ends_with("api/proconnect.md"));
    assert!(notes[0]
        .message
        .starts_with("repaired Mac Roman mojibake on "));
}
