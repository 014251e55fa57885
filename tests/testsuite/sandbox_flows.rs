//! The sandbox's happy paths over real HTTP: client credentials on
//! /partenaire, and the authorization-code flow on every user realm, from
//! the sign-in form to a verified id_token and userinfo.

use crate::sandbox_support::*;
use vitrine::oauth::sandbox::Clock;
use vitrine::oauth::Realm;

#[test]
fn client_credentials_on_partenaire_returns_the_seed_fields_in_order() {
    let h = start();
    let reply = h.client_credentials(
        SECRET,
        "application_vitrine-demo-confidentiel api_labonneboitev1",
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("pragma"), Some("no-cache"));
    let json = reply.json();
    let token = json["access_token"].as_str().expect("access_token");
    assert_eq!(token.len(), 43);
    let expected = format!(
        "{{\n  \"scope\": \"application_vitrine-demo-confidentiel api_labonneboitev1\",\n  \"expires_in\": 1500,\n  \"token_type\": \"Bearer\",\n  \"access_token\": \"{token}\"\n}}"
    );
    assert_eq!(reply.body, expected);
}

fn code_flow(realm: Realm, client: &str, pkce: bool) -> (serde_json::Value, serde_json::Value) {
    let h = start();
    let code = h.code_for(realm, client, SITE_CALLBACK, pkce);
    let mut form = vec![
        ("code", code.as_str()),
        ("client_id", client),
        ("redirect_uri", SITE_CALLBACK),
    ];
    if pkce {
        form.push(("code_verifier", VERIFIER));
    } else {
        form.push(("client_secret", SECRET));
    }
    let reply = h.exchange(realm, &form);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("pragma"), Some("no-cache"));
    let json = reply.json();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // serde_json sorts keys, so check the order on the raw body.
    let order: Vec<usize> = [
        "\"scope\"",
        "\"expires_in\"",
        "\"token_type\"",
        "\"access_token\"",
        "\"id_token\"",
        "\"nonce\"",
    ]
    .iter()
    .map(|k| {
        reply
            .body
            .find(k)
            .unwrap_or_else(|| panic!("{k} missing in {keys:?}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "field order: {}",
        reply.body
    );
    assert_eq!(json["expires_in"], 59);
    assert_eq!(json["token_type"], "Bearer");
    assert_eq!(json["nonce"], "nonce-456");
    assert_eq!(json["scope"], "openid profile email");
    let claims = h.verify_id_token(realm, json["id_token"].as_str().unwrap(), client);
    assert_eq!(claims["nonce"], "nonce-456");
    assert_eq!(claims["azp"], client);
    // Times come from the injected clock, which the harness froze at start.
    let now = h.clock.now();
    assert_eq!(claims["iat"], now);
    assert_eq!(claims["auth_time"], now);
    assert_eq!(claims["exp"], now + 59);
    let info = h.userinfo(realm, json["access_token"].as_str().unwrap());
    assert_eq!(info.status, 200, "{}", info.body);
    let info = info.json();
    assert_eq!(info["sub"], claims["sub"]);
    (claims, info)
}

#[test]
fn individu_confidential_client_signs_in_and_reads_userinfo() {
    let (claims, info) = code_flow(Realm::Individu, CONFIDENTIAL, false);
    assert_eq!(claims["given_name"], "Marie");
    assert_eq!(info["family_name"], "Dupont");
}

#[test]
fn individu_public_client_with_pkce() {
    let (claims, _) = code_flow(Realm::Individu, PUBLIC, true);
    assert_eq!(claims["aud"], PUBLIC);
}

#[test]
fn entreprise_public_client_with_pkce() {
    let (claims, _) = code_flow(Realm::Entreprise, PUBLIC, true);
    assert_eq!(claims["sub"], "employeur-camille-martin");
}

#[test]
fn agent_user_carries_proconnect_fields_in_id_token_and_userinfo() {
    let (claims, info) = code_flow(Realm::Agent, CONFIDENTIAL, false);
    for field in [
        "usual_name",
        "given_name",
        "email",
        "uid",
        "siret",
        "organizational_unit",
        "belonging_population",
        "phone",
    ] {
        assert!(claims.get(field).is_some(), "id_token lacks {field}");
        assert!(info.get(field).is_some(), "userinfo lacks {field}");
    }
}

#[test]
fn agent_token_endpoint_answers_on_the_seed_spelling_too() {
    let h = start();
    let code = h.code_for(Realm::Agent, PUBLIC, SITE_CALLBACK, true);
    let reply = h.post(
        "/connexion/oauth2/agent/acces_token",
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", PUBLIC),
            ("code_verifier", VERIFIER),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    // Seed 002 writes the /agent token endpoint without `agent/`, realm in the query.
    let code = h.code_for(Realm::Agent, PUBLIC, SITE_CALLBACK, true);
    let reply = h.post(
        "/connexion/oauth2/acces_token?realm=%2Fagent",
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", PUBLIC),
            ("code_verifier", VERIFIER),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json()["id_token"].is_string(), "{}", reply.body);
}

#[test]
fn employeur_alias_reaches_entreprise_and_loopback_redirect_accepts_any_port() {
    let h = start();
    let redirect = "http://127.0.0.1:53682/callback";
    let page = h.get(&format!(
        "/connexion/oauth2/authorize?realm=%2Femployeur&response_type=code&client_id={PUBLIC}\
         &scope=openid&redirect_uri={}&state=s&nonce=n&code_challenge={CHALLENGE}&code_challenge_method=S256",
        url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
    ));
    let back = h.sign_in(&page, None);
    assert_eq!(
        back["iss"],
        format!("{}/connexion/oauth2/entreprise", h.running.url())
    );
    let reply = h.exchange(
        Realm::Entreprise,
        &[
            ("code", &back["code"]),
            ("client_id", PUBLIC),
            ("code_verifier", VERIFIER),
            ("redirect_uri", redirect),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn discovery_and_jwks_for_every_realm() {
    let h = start();
    for realm in Realm::ALL {
        let name = &realm.as_str()[1..];
        let doc = h.get(&format!(
            "/connexion/oauth2/{name}/.well-known/openid-configuration"
        ));
        assert_eq!(doc.status, 200);
        let doc = doc.json();
        assert_eq!(
            doc["issuer"],
            format!("{}/connexion/oauth2/{name}", h.running.url())
        );
        assert_eq!(
            doc["code_challenge_methods_supported"],
            serde_json::json!(["S256"])
        );
        assert_eq!(
            doc["id_token_signing_alg_values_supported"],
            serde_json::json!(["ES256"])
        );
        assert_eq!(
            doc["token_endpoint_auth_methods_supported"],
            serde_json::json!(["client_secret_basic", "client_secret_post", "none"])
        );
        assert_eq!(doc["authorization_endpoint"].is_string(), realm.has_users());
        let jwks = h.get(&format!("/connexion/oauth2/{name}/jwks")).json();
        assert_eq!(jwks["keys"][0]["kty"], "EC");
        assert_eq!(jwks["keys"][0]["alg"], "ES256");
    }
}

#[test]
fn sign_in_page_is_french_accessible_and_lists_the_realm_users() {
    let h = start();
    let page = h.authorize_page(
        Realm::Individu,
        &[
            ("response_type", "code"),
            ("client_id", CONFIDENTIAL),
            ("scope", "openid"),
            ("redirect_uri", SITE_CALLBACK),
            ("state", "<script>alert(1)</script>"),
            ("nonce", "n"),
        ],
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    // No other site may frame the sign-in page (clickjacking, RFC 9700 §4.16).
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    let policy = page.header("content-security-policy").unwrap_or("");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let doc = scraper::Html::parse_document(&page.body);
    let html = scraper::Selector::parse("html[lang=fr]").unwrap();
    assert!(doc.select(&html).next().is_some());
    let legend = scraper::Selector::parse("fieldset legend").unwrap();
    assert!(doc.select(&legend).next().is_some());
    assert!(!page.body.contains("<script>"));
    let (_, fields, users) = read_form(&page.body);
    assert_eq!(users, ["demandeur-marie-dupont", "demandeur-karim-benali"]);
    assert!(fields.contains(&("state".to_string(), "<script>alert(1)</script>".to_string())));
}
