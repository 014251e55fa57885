//! Authorization-endpoint errors (RFC 6749 §4.1.2.1: redirected with
//! state and iss, or an error page when the client or redirect URI cannot be
//! trusted), PKCE at authorize, CORS, userinfo refusals, and malformed
//! requests that must get an answer rather than a panic.

use crate::sandbox_support::*;
use vitrine::oauth::Realm;

#[test]
fn unregistered_redirect_uri_at_authorize_shows_a_page_and_never_redirects() {
    let h = start();
    for uri in [
        "https://attaquant.example/vol",
        "http://127.0.0.1:1111/static/oauth-callback.html.evil",
    ] {
        let page = h.authorize_page(
            Realm::Individu,
            &[
                ("response_type", "code"),
                ("client_id", CONFIDENTIAL),
                ("scope", "openid"),
                ("redirect_uri", uri),
                ("state", "s"),
                ("nonce", "n"),
            ],
        );
        assert_eq!(page.status, 400);
        assert!(page.header("location").is_none());
        assert_eq!(page.header("x-frame-options"), Some("DENY"));
        assert!(page.body.contains("lang=\"fr\""));
        assert!(page.body.contains("n’est pas enregistrée"));
    }
    let unknown_client = h.authorize_page(
        Realm::Individu,
        &[
            ("response_type", "code"),
            ("client_id", "inconnu"),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_eq!(unknown_client.status, 400);
    assert!(unknown_client.header("location").is_none());
}

fn authorize_error(
    h: &Harness,
    client: &str,
    extra: &[(&str, &str)],
) -> std::collections::HashMap<String, String> {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", client),
        ("scope", "openid"),
        ("redirect_uri", SITE_CALLBACK),
        ("state", "etat"),
        ("nonce", "n"),
    ];
    params.extend_from_slice(extra);
    let page = h.authorize_page(Realm::Individu, &params);
    assert_eq!(page.status, 302, "{}", page.body);
    let back = location_params(&page);
    assert_eq!(back["state"], "etat");
    assert_eq!(
        back["iss"],
        format!("{}/connexion/oauth2/individu", h.running.url())
    );
    back
}

#[test]
fn plain_pkce_and_public_client_without_pkce_are_redirected_errors() {
    let h = start();
    let back = authorize_error(
        &h,
        PUBLIC,
        &[
            ("code_challenge", VERIFIER),
            ("code_challenge_method", "plain"),
        ],
    );
    assert_eq!(back["error"], "invalid_request");
    assert!(back["error_description"].contains("plain"));
    let back = authorize_error(&h, PUBLIC, &[("code_challenge", VERIFIER)]);
    assert_eq!(back["error"], "invalid_request");
    let back = authorize_error(&h, PUBLIC, &[]);
    assert_eq!(back["error"], "invalid_request");
    assert!(back["error_description"].contains("PKCE is required"));
}

#[test]
fn authorize_errors_for_response_type_realm_and_refusal() {
    let h = start();
    let back = authorize_error(&h, CONFIDENTIAL, &[("response_type", "token")]);
    assert_eq!(back["error"], "invalid_request", "repeated response_type");
    let page = h.get(&format!(
        "/connexion/oauth2/authorize?realm=%2Findividu&response_type=token&client_id={CONFIDENTIAL}\
         &scope=openid&redirect_uri={}&state=etat&nonce=n",
        url::form_urlencoded::byte_serialize(SITE_CALLBACK.as_bytes()).collect::<String>()
    ));
    assert_eq!(location_params(&page)["error"], "unsupported_response_type");
    let page = h.get(&format!(
        "/connexion/oauth2/authorize?realm=%2Fpartenaire&response_type=code&client_id={CONFIDENTIAL}\
         &scope=openid&redirect_uri={}&state=etat&nonce=n",
        url::form_urlencoded::byte_serialize(SITE_CALLBACK.as_bytes()).collect::<String>()
    ));
    assert_eq!(location_params(&page)["error"], "invalid_request");
    // The user refuses on the sign-in page.
    let page = h.authorize_page(
        Realm::Individu,
        &[
            ("response_type", "code"),
            ("client_id", CONFIDENTIAL),
            ("scope", "openid"),
            ("redirect_uri", SITE_CALLBACK),
            ("state", "etat"),
            ("nonce", "n"),
        ],
    );
    let (action, mut fields, _) = read_form(&page.body);
    fields.push(("deny".into(), "1".into()));
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = h.post(&action, &form);
    let back = location_params(&reply);
    assert_eq!(back["error"], "access_denied");
    assert_eq!(back["state"], "etat");
}

#[test]
fn cors_answers_the_site_origin_only() {
    let h = start();
    let token_url = h.url(&Harness::token_path(Realm::Partenaire));
    for (origin, allowed) in [(SITE, true), ("https://autre.example", false)] {
        let preflight = read(
            h.agent
                .request("OPTIONS", &token_url)
                .set("Origin", origin)
                .set("Access-Control-Request-Method", "POST")
                .call(),
        );
        assert_eq!(preflight.status, 204);
        assert_eq!(
            preflight.header("access-control-allow-origin"),
            allowed.then_some(origin)
        );
        assert_eq!(
            preflight.header("access-control-allow-methods").is_some(),
            allowed
        );
        let post = read(h.agent.post(&token_url).set("Origin", origin).send_form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CONFIDENTIAL),
            ("client_secret", SECRET),
            ("scope", "api_labonneboitev1"),
        ]));
        assert_eq!(post.status, 200);
        assert_eq!(
            post.header("access-control-allow-origin"),
            allowed.then_some(origin)
        );
        let jwks = read(
            h.agent
                .get(&h.url("/connexion/oauth2/individu/jwks"))
                .set("Origin", origin)
                .call(),
        );
        assert_eq!(
            jwks.header("access-control-allow-origin"),
            allowed.then_some(origin)
        );
    }
}

#[test]
fn userinfo_refuses_missing_foreign_and_client_tokens() {
    let h = start();
    assert_eq!(
        h.get("/connexion/oauth2/userinfo?realm=%2Findividu").status,
        401
    );
    assert_eq!(h.userinfo(Realm::Individu, "faux-jeton").status, 401);
    let cc = h.client_credentials(SECRET, "api_labonneboitev1").json();
    let token = cc["access_token"].as_str().unwrap();
    assert_eq!(h.userinfo(Realm::Individu, token).status, 401);
    assert_eq!(h.userinfo(Realm::Partenaire, token).status, 403);
}

#[test]
fn malformed_requests_get_errors_not_panics() {
    let h = start();
    let token = "/connexion/oauth2/access_token";
    assert_error_code(
        &h.post(token, &[("grant_type", "client_credentials")]),
        "invalid_request",
    );
    assert_error_code(
        &h.post(&format!("{token}?realm=%2Fnulle"), &[]),
        "invalid_request",
    );
    let raw = read(
        h.agent
            .post(&h.url(&Harness::token_path(Realm::Partenaire)))
            .set("Content-Type", "application/x-www-form-urlencoded")
            .send_bytes(b"\xff\xfe%%%&&==&grant_type"),
    );
    assert_error_code(&raw, "invalid_client");
    let huge = vec![b'a'; 100_000];
    let reply = read(
        h.agent
            .post(&h.url(&Harness::token_path(Realm::Partenaire)))
            .send_bytes(&huge),
    );
    assert_eq!(reply.status, 413);
    // A request target of thousands of parameters is refused before any parsing.
    let long_query: Vec<String> = (0..3_000).map(|i| format!("k{i}=v")).collect();
    let long = h.get(&format!(
        "/connexion/oauth2/authorize?realm=%2Findividu&{}",
        long_query.join("&")
    ));
    assert_eq!(long.status, 414);
    let repeated = h.post(
        &Harness::token_path(Realm::Partenaire),
        &[
            ("grant_type", "client_credentials"),
            ("grant_type", "client_credentials"),
        ],
    );
    assert_error_code(&repeated, "invalid_request");
    assert_eq!(read(h.agent.get(&h.url(token)).call()).status, 405);
    assert_eq!(h.get("/nulle/part").status, 404);
    assert_eq!(h.get("/connexion/oauth2/employeur/jwks").status, 404);
    assert_eq!(h.get("/").status, 200);
    // The server still answers normally afterwards.
    assert_eq!(
        h.client_credentials(SECRET, "api_labonneboitev1").status,
        200
    );
}
