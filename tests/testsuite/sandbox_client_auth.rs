//! Client authentication at the token endpoint over real HTTP: HTTP Basic
//! (RFC 6749 §2.3.1, the id and secret form-urlencoded, then base64) as
//! well as the body's `client_secret`, never both; a failed Basic attempt
//! is answered 401 with a Basic challenge (§5.2).

use crate::sandbox_support::*;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use vitrine::oauth::Realm;

const SCOPE: &str = "api_labonneboitev1";

fn basic(id: &str, secret: &str) -> String {
    let encode =
        |part: &str| url::form_urlencoded::byte_serialize(part.as_bytes()).collect::<String>();
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", encode(id), encode(secret)))
    )
}

fn post_with(h: &Harness, path: &str, authorization: &str, form: &[(&str, &str)]) -> Resp {
    read(
        h.agent
            .post(&h.url(path))
            .set("Authorization", authorization)
            .send_form(form),
    )
}

fn client_credentials_basic(h: &Harness, authorization: &str, extra: &[(&str, &str)]) -> Resp {
    let mut form = vec![("grant_type", "client_credentials"), ("scope", SCOPE)];
    form.extend_from_slice(extra);
    post_with(
        h,
        &Harness::token_path(Realm::Partenaire),
        authorization,
        &form,
    )
}

#[test]
fn basic_with_the_right_credentials_gets_a_token() {
    let h = start();
    let reply = client_credentials_basic(&h, &basic(CONFIDENTIAL, SECRET), &[]);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["token_type"], "Bearer");
    assert_eq!(reply.json()["scope"], SCOPE);
    // The body may still name the same client (RFC 6749 §3.2.1).
    let reply = client_credentials_basic(
        &h,
        &basic(CONFIDENTIAL, SECRET),
        &[("client_id", CONFIDENTIAL)],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn basic_redeems_an_authorization_code() {
    let h = start();
    let code = h.code_for(Realm::Individu, CONFIDENTIAL, SITE_CALLBACK, false);
    let reply = post_with(
        &h,
        &Harness::token_path(Realm::Individu),
        &basic(CONFIDENTIAL, SECRET),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", SITE_CALLBACK),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json()["id_token"].is_string(), "{}", reply.body);
}

#[test]
fn a_failed_basic_attempt_is_401_with_a_basic_challenge() {
    let h = start();
    for authorization in [
        basic(CONFIDENTIAL, "pas-le-bon-secret"),
        basic("inconnu", SECRET),
        basic(PUBLIC, "un-secret"),
        "Basic pas-du-base64!".to_owned(),
        format!("Basic {}", STANDARD.encode("sans-deux-points")),
    ] {
        let reply = client_credentials_basic(&h, &authorization, &[]);
        assert_eq!(reply.status, 401, "{authorization}: {}", reply.body);
        assert_eq!(
            reply.header("www-authenticate"),
            Some("Basic realm=\"/partenaire\"")
        );
        assert_eq!(reply.json()["error"], "invalid_client");
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
}

#[test]
fn basic_and_a_body_secret_at_once_is_invalid_request() {
    let h = start();
    let reply = client_credentials_basic(
        &h,
        &basic(CONFIDENTIAL, SECRET),
        &[("client_id", CONFIDENTIAL), ("client_secret", SECRET)],
    );
    assert_error_code(&reply, "invalid_request");
    let reply =
        client_credentials_basic(&h, &basic(CONFIDENTIAL, SECRET), &[("client_id", PUBLIC)]);
    assert_error_code(&reply, "invalid_request");
}

#[test]
fn a_failed_body_secret_stays_400_as_on_the_real_service() {
    let h = start();
    let reply = h.client_credentials("pas-le-bon-secret", SCOPE);
    assert_error_code(&reply, "invalid_client");
    assert_eq!(reply.header("www-authenticate"), None);
}
