//! Every documented error of the sandbox, over real HTTP: bodies and headers
//! byte for byte as seed 003 shows them, and the RFC 9700 protections
//! (single-use codes, bindings, PKCE, exact redirect URIs, expiry).

use crate::sandbox_support::*;
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
