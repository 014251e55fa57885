//! Every documented error of the sandbox, over real HTTP: bodies and headers
//! byte for byte as seed 003 shows them, and the RFC 9700 protections
//! (single-use codes, bindings, PKCE, exact redirect URIs, expiry).

mod sandbox_support;

use sandbox_support::*;
use vitrine::oauth::Realm;

/// Status, headers and body exactly as in seed 003's error examples.
fn assert_seed_error(reply: &Resp, error: &str, description: &str) {
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("pragma"), Some("no-cache"));
    assert_eq!(
        reply.body,
        format!("{{\n  \"error\": \"{error}\",\n  \"error_description\": \"{description}\"\n}}")
    );
}

fn assert_error_code(reply: &Resp, error: &str) {
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.json()["error"], error, "{}", reply.body);
}

#[test]
fn wrong_or_missing_secret_is_invalid_client() {
    let h = start();
    let reply = h.client_credentials("pas-le-bon-secret", "api_labonneboitev1");
    assert_seed_error(&reply, "invalid_client", "Client authentication failed");
    let reply = h.post(
        &Harness::token_path(Realm::Partenaire),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", CONFIDENTIAL),
            ("scope", "api_labonneboitev1"),
        ],
    );
    assert_seed_error(&reply, "invalid_client", "Client authentication failed");
    let reply = h.post(
        &Harness::token_path(Realm::Partenaire),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "inconnu"),
            ("client_secret", SECRET),
        ],
    );
    assert_seed_error(&reply, "invalid_client", "Client authentication failed");
}

#[test]
fn client_credentials_on_a_user_realm_is_unsupported_grant_type() {
    let h = start();
    let reply = h.post(
        &Harness::token_path(Realm::Individu),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", CONFIDENTIAL),
            ("client_secret", SECRET),
            ("scope", "openid"),
        ],
    );
    assert_seed_error(
        &reply,
        "unsupported_grant_type",
        "Grant type is not supported: client_credentials",
    );
}

#[test]
fn unknown_scope_is_invalid_scope_at_token_and_at_authorize() {
    let h = start();
    let reply = h.client_credentials(SECRET, "api_labonneboitev1 api_inconnuev9");
    assert_error_code(&reply, "invalid_scope");
    assert!(reply.body.contains("api_inconnuev9"));
    let page = h.authorize_page(
        Realm::Individu,
        &[
            ("response_type", "code"),
            ("client_id", CONFIDENTIAL),
            ("scope", "openid api_labonneboitev1"),
            ("redirect_uri", SITE_CALLBACK),
            ("state", "s1"),
            ("nonce", "n"),
        ],
    );
    assert_eq!(page.status, 302);
    let back = location_params(&page);
    assert_eq!(back["error"], "invalid_scope");
    assert_eq!(back["state"], "s1");
    assert!(page.header("location").unwrap().starts_with(SITE_CALLBACK));
}

#[test]
fn reused_code_is_invalid_grant_and_revokes_the_first_token() {
    let h = start();
    let code = h.code_for(Realm::Individu, CONFIDENTIAL, SITE_CALLBACK, false);
    let form = [
        ("code", code.as_str()),
        ("client_id", CONFIDENTIAL),
        ("client_secret", SECRET),
        ("redirect_uri", SITE_CALLBACK),
    ];
    let first = h.exchange(Realm::Individu, &form);
    assert_eq!(first.status, 200);
    let token = first.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(h.userinfo(Realm::Individu, &token).status, 200);
    let again = h.exchange(Realm::Individu, &form);
    assert_seed_error(
        &again,
        "invalid_grant",
        "The provided access grant is invalid, expired, or revoked.",
    );
    let info = h.userinfo(Realm::Individu, &token);
    assert_eq!(info.status, 401);
    assert!(info
        .header("www-authenticate")
        .unwrap()
        .contains("invalid_token"));
}

#[test]
fn unknown_or_missing_code_is_invalid_grant() {
    let h = start();
    for code in ["n-existe-pas", ""] {
        let reply = h.exchange(
            Realm::Individu,
            &[
                ("code", code),
                ("client_id", CONFIDENTIAL),
                ("client_secret", SECRET),
                ("redirect_uri", SITE_CALLBACK),
            ],
        );
        assert_seed_error(
            &reply,
            "invalid_grant",
            "The provided access grant is invalid, expired, or revoked.",
        );
    }
}

#[test]
fn code_expires_after_sixty_seconds() {
    let h = start();
    let code = h.code_for(Realm::Individu, CONFIDENTIAL, SITE_CALLBACK, false);
    h.clock.advance(60);
    let reply = h.exchange(
        Realm::Individu,
        &[
            ("code", &code),
            ("client_id", CONFIDENTIAL),
            ("client_secret", SECRET),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_seed_error(
        &reply,
        "invalid_grant",
        "The provided access grant is invalid, expired, or revoked.",
    );
}

#[test]
fn code_is_still_good_at_fifty_nine_seconds_and_its_token_expires() {
    let h = start();
    let code = h.code_for(Realm::Individu, CONFIDENTIAL, SITE_CALLBACK, false);
    h.clock.advance(59);
    let reply = h.exchange(
        Realm::Individu,
        &[
            ("code", &code),
            ("client_id", CONFIDENTIAL),
            ("client_secret", SECRET),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let token = reply.json()["access_token"].as_str().unwrap().to_string();
    h.clock.advance(59);
    assert_eq!(h.userinfo(Realm::Individu, &token).status, 401);
}

#[test]
fn wrong_redirect_uri_at_token_is_redirect_uri_mismatch() {
    let h = start();
    let code = h.code_for(Realm::Individu, CONFIDENTIAL, SITE_CALLBACK, false);
    for uri in ["http://127.0.0.1:1111/autre.html", ""] {
        let reply = h.exchange(
            Realm::Individu,
            &[
                ("code", &code),
                ("client_id", CONFIDENTIAL),
                ("client_secret", SECRET),
                ("redirect_uri", uri),
            ],
        );
        assert_seed_error(
            &reply,
            "redirect_uri_mismatch",
            "The redirection URI provided does not match a pre-registered value.",
        );
    }
}

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

#[test]
fn code_is_bound_to_its_client() {
    let h = start();
    let code = h.code_for(Realm::Individu, PUBLIC, SITE_CALLBACK, true);
    let reply = h.exchange(
        Realm::Individu,
        &[
            ("code", &code),
            ("client_id", CONFIDENTIAL),
            ("client_secret", SECRET),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_error_code(&reply, "invalid_grant");
}

#[test]
fn code_is_bound_to_its_realm() {
    let h = start();
    let code = h.code_for(Realm::Individu, CONFIDENTIAL, SITE_CALLBACK, false);
    let reply = h.exchange(
        Realm::Entreprise,
        &[
            ("code", &code),
            ("client_id", CONFIDENTIAL),
            ("client_secret", SECRET),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_error_code(&reply, "invalid_grant");
}

#[test]
fn pkce_mismatch_is_invalid_grant_and_missing_verifier_is_refused() {
    let h = start();
    let code = h.code_for(Realm::Individu, PUBLIC, SITE_CALLBACK, true);
    let wrong = "wrongwrongwrongwrongwrongwrongwrongwrongwrong";
    let reply = h.exchange(
        Realm::Individu,
        &[
            ("code", &code),
            ("client_id", PUBLIC),
            ("code_verifier", wrong),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_error_code(&reply, "invalid_grant");
    assert!(reply.body.contains("PKCE"));
    let reply = h.exchange(
        Realm::Individu,
        &[
            ("code", &code),
            ("client_id", PUBLIC),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_error_code(&reply, "invalid_request");
    assert!(reply.body.contains("code_verifier"));
}

#[test]
fn verifier_for_a_code_issued_without_challenge_is_refused() {
    let h = start();
    let code = h.code_for(Realm::Individu, CONFIDENTIAL, SITE_CALLBACK, false);
    let reply = h.exchange(
        Realm::Individu,
        &[
            ("code", &code),
            ("client_id", CONFIDENTIAL),
            ("client_secret", SECRET),
            ("code_verifier", VERIFIER),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_error_code(&reply, "invalid_grant");
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
