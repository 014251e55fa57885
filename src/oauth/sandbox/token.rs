//! The token endpoint: client credentials on `/partenaire`, authorization
//! code on the user realms, with the bodies and headers of seed 003.

use super::error::OAuthError;
use super::http::{HttpRequest, Params, Reply};
use super::id_token;
use super::state::Sandbox;
use super::store::{AccessToken, CodeLookup};
use crate::oauth::{pkce, Realm};
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use percent_encoding::percent_decode_str;
use serde::Serialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Lifetime of a user access token, as in seed 003's example.
pub const USER_TOKEN_SECONDS: u64 = 59;
/// Lifetime of a client-credentials token (France Travail documentation).
pub const CLIENT_TOKEN_SECONDS: u64 = 1_500;
/// `Content-Type` of a successful token response (seed 003).
pub const SUCCESS_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// Fields in the seed's order.
#[derive(Debug, Serialize)]
struct TokenResponse<'a> {
    scope: &'a str,
    expires_in: u64,
    token_type: &'static str,
    access_token: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
}

/// Why a token request is refused, which decides how the refusal is sent.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// 400 with the error body, as in seed 003.
    Body(OAuthError),
    /// The client tried HTTP Basic and failed: 401 with `WWW-Authenticate`
    /// (RFC 6749 §5.2).
    Basic(OAuthError),
}

impl From<OAuthError> for Refusal {
    fn from(error: OAuthError) -> Refusal {
        Refusal::Body(error)
    }
}

pub fn handle(sandbox: &Sandbox, realm: Realm, request: &HttpRequest) -> Reply {
    match exchange(sandbox, realm, request) {
        Ok(reply) => reply,
        Err(Refusal::Body(error)) => error.token_reply(),
        Err(Refusal::Basic(error)) => error.basic_challenge_reply(realm),
    }
}

fn exchange(sandbox: &Sandbox, realm: Realm, request: &HttpRequest) -> Result<Reply, Refusal> {
    if let Some(kind) = &request.content_type {
        if !kind.starts_with("application/x-www-form-urlencoded") {
            return Err(OAuthError::invalid_request(
                "Content-Type must be application/x-www-form-urlencoded",
            )
            .into());
        }
    }
    let form = request.form_params();
    if let Some(name) = form.repeated() {
        return Err(OAuthError::invalid_request(format!(
            "Parameter {name} is included more than once"
        ))
        .into());
    }
    let client_id = authenticate(sandbox, realm, request.authorization.as_deref(), &form)?;
    let reply = match form.get("grant_type") {
        None => Err(OAuthError::invalid_request("Grant type is not set")),
        Some("client_credentials") if realm == Realm::Partenaire => {
            client_credentials(sandbox, client_id, &form)
        }
        Some("authorization_code") if realm.has_users() => {
            authorization_code(sandbox, realm, client_id, &form)
        }
        Some(other) => Err(OAuthError::unsupported_grant_type(other)),
    };
    Ok(reply?)
}

/// The client id, once the client is authenticated, by HTTP Basic or by
/// `client_id`/`client_secret` in the body (RFC 6749 §2.3.1), never both.
/// A failed Basic attempt is answered 401, a failed body attempt 400 as on
/// the real service.
fn authenticate<'a>(
    sandbox: &'a Sandbox,
    realm: Realm,
    authorization: Option<&str>,
    form: &Params,
) -> Result<&'a str, Refusal> {
    let Some(basic) = basic_credentials(authorization) else {
        return check_client(
            sandbox,
            realm,
            form.get("client_id"),
            form.get("client_secret"),
        )
        .ok_or_else(|| Refusal::Body(OAuthError::invalid_client()));
    };
    if form.get("client_secret").is_some() {
        return Err(Refusal::Body(OAuthError::invalid_request(
            "The client used more than one authentication method (HTTP Basic and client_secret)",
        )));
    }
    let (id, secret) = basic.map_err(|Unreadable| Refusal::Basic(OAuthError::invalid_client()))?;
    if form.get("client_id").is_some_and(|body_id| body_id != id) {
        return Err(Refusal::Body(OAuthError::invalid_request(
            "client_id does not match the client of the HTTP Basic credentials",
        )));
    }
    // Empty means absent, as for form parameters (RFC 6749 §3.1).
    let secret = Some(secret.as_str()).filter(|s| !s.is_empty());
    check_client(sandbox, realm, Some(&id), secret)
        .ok_or_else(|| Refusal::Basic(OAuthError::invalid_client()))
}

/// The client's id when `secret` matches for a confidential client
/// (compared in constant time) or no secret is given by a public one.
fn check_client<'a>(
    sandbox: &'a Sandbox,
    realm: Realm,
    id: Option<&str>,
    secret: Option<&str>,
) -> Option<&'a str> {
    let client = id
        .and_then(|id| sandbox.config.client(id))
        .filter(|client| client.realms.contains(&realm))?;
    let authenticated = match (&client.secret, secret) {
        (Some(expected), Some(given)) => secrets_match(expected.expose(), given),
        (None, None) => true,
        _ => false,
    };
    authenticated.then_some(client.id.as_str())
}

/// Standard alphabet; padding optional, as some clients leave it out.
const BASIC_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Credentials that could not be read from a Basic header: a failed attempt.
#[derive(Debug, PartialEq, Eq)]
struct Unreadable;

/// `Authorization: Basic …` (scheme case-insensitive): None when the header
/// is absent or of another scheme; otherwise the client id and secret, each
/// form-urlencoded before base64 as RFC 6749 §2.3.1 requires.
fn basic_credentials(header: Option<&str>) -> Option<Result<(String, String), Unreadable>> {
    let header = header?.trim();
    let (scheme, token) = header.split_once(' ').unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let bytes = match BASIC_BASE64.decode(token.trim()) {
        Ok(bytes) => bytes,
        Err(_) => return Some(Err(Unreadable)),
    };
    let parts = String::from_utf8(bytes).ok().and_then(|text| {
        let (id, secret) = text.split_once(':')?;
        Some((form_decoded(id)?, form_decoded(secret)?))
    });
    Some(match parts {
        Some((id, secret)) if !id.is_empty() => Ok((id, secret)),
        _ => Err(Unreadable),
    })
}

/// One `application/x-www-form-urlencoded` value: `+` is a space, then `%XX`.
fn form_decoded(value: &str) -> Option<String> {
    percent_decode_str(&value.replace('+', " "))
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// Hashing first makes both sides the same length, so the comparison time
/// depends on neither the secret's content nor its length.
fn secrets_match(expected: &str, given: &str) -> bool {
    let expected = Sha256::digest(expected.as_bytes());
    let given = Sha256::digest(given.as_bytes());
    expected.ct_eq(&given).into()
}

fn client_credentials(
    sandbox: &Sandbox,
    client_id: &str,
    form: &Params,
) -> Result<Reply, OAuthError> {
    let is_confidential = sandbox
        .config
        .client(client_id)
        .is_some_and(|c| c.secret.is_some());
    if !is_confidential {
        return Err(OAuthError::new(
            "unauthorized_client",
            "A public client cannot use the client_credentials grant",
        ));
    }
    let scope = checked_scope(sandbox, Realm::Partenaire, client_id, form.get("scope"))?;
    let now = sandbox.now();
    let access_token = sandbox.random_token();
    sandbox.store().insert_token(
        access_token.clone(),
        AccessToken {
            realm: Realm::Partenaire,
            client_id: client_id.to_string(),
            user_id: None,
            scope: scope.clone(),
            expires_at: now + CLIENT_TOKEN_SECONDS,
        },
        now,
    );
    Ok(success(&TokenResponse {
        scope: &scope,
        expires_in: CLIENT_TOKEN_SECONDS,
        token_type: "Bearer",
        access_token: &access_token,
        id_token: None,
        nonce: None,
    }))
}

/// The requested scopes, deduplicated in order, when every one is accepted.
pub fn checked_scope(
    sandbox: &Sandbox,
    realm: Realm,
    client_id: &str,
    requested: Option<&str>,
) -> Result<String, OAuthError> {
    let mut scopes: Vec<&str> = Vec::new();
    for scope in requested.unwrap_or("").split(' ').filter(|s| !s.is_empty()) {
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(OAuthError::new("invalid_scope", "No scope requested"));
    }
    let unknown: Vec<&str> = scopes
        .iter()
        .copied()
        .filter(|s| !sandbox.config.accepts_scope(realm, client_id, s))
        .collect();
    if unknown.is_empty() {
        Ok(scopes.join(" "))
    } else {
        Err(OAuthError::invalid_scope(&unknown))
    }
}

fn authorization_code(
    sandbox: &Sandbox,
    realm: Realm,
    client_id: &str,
    form: &Params,
) -> Result<Reply, OAuthError> {
    let code = form.get("code").ok_or_else(OAuthError::invalid_grant)?;
    let now = sandbox.now();
    // One lock for check-and-redeem, so two concurrent requests cannot both redeem a code.
    let mut store = sandbox.store();
    let pending = match store.lookup_code(code, now) {
        CodeLookup::Valid(pending) => pending.clone(),
        CodeLookup::Redeemed => {
            store.revoke_tokens_of(code);
            return Err(OAuthError::invalid_grant());
        }
        CodeLookup::Invalid => return Err(OAuthError::invalid_grant()),
    };
    if pending.client_id != client_id || pending.realm != realm {
        return Err(OAuthError::invalid_grant());
    }
    if form.get("redirect_uri") != Some(pending.redirect_uri.as_str()) {
        return Err(OAuthError::redirect_uri_mismatch());
    }
    check_pkce(pending.code_challenge.as_deref(), form.get("code_verifier"))?;
    let user = sandbox
        .config
        .user(realm, &pending.user_id)
        .ok_or_else(OAuthError::invalid_grant)?;
    let access_token = sandbox.random_token();
    let id_token = id_token::sign(sandbox, realm, client_id, user, &pending, now)
        .map_err(|e| OAuthError::new("server_error", format!("cannot sign the id_token: {e}")))?;
    store.redeem_code(code, &access_token, now);
    store.insert_token(
        access_token.clone(),
        AccessToken {
            realm,
            client_id: client_id.to_string(),
            user_id: Some(pending.user_id.clone()),
            scope: pending.scope.clone(),
            expires_at: now + USER_TOKEN_SECONDS,
        },
        now,
    );
    drop(store);
    Ok(success(&TokenResponse {
        scope: &pending.scope,
        expires_in: USER_TOKEN_SECONDS,
        token_type: "Bearer",
        access_token: &access_token,
        id_token: Some(&id_token),
        nonce: Some(&pending.nonce),
    }))
}

/// RFC 7636 §4.6, and RFC 9700 §2.1.1: a verifier without a challenge is a
/// downgrade attempt and is refused too.
fn check_pkce(challenge: Option<&str>, verifier: Option<&str>) -> Result<(), OAuthError> {
    match (challenge, verifier) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(OAuthError::invalid_request(
            "code_verifier is required: the authorization request carried a code_challenge",
        )),
        (None, Some(_)) => Err(OAuthError::new(
            "invalid_grant",
            "code_verifier sent, but the authorization request carried no code_challenge",
        )),
        (Some(challenge), Some(verifier)) => {
            let matches = pkce::is_valid_verifier(verifier)
                && bool::from(
                    pkce::challenge_s256(verifier)
                        .as_bytes()
                        .ct_eq(challenge.as_bytes()),
                );
            if matches {
                Ok(())
            } else {
                Err(OAuthError::new(
                    "invalid_grant",
                    "PKCE verification failed: code_verifier does not match code_challenge",
                ))
            }
        }
    }
}

fn success(body: &TokenResponse<'_>) -> Reply {
    Reply::json(200, SUCCESS_CONTENT_TYPE, body).no_store()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(credentials: &[u8]) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        )
    }

    #[test]
    fn basic_credentials_are_base64_of_form_encoded_id_and_secret() {
        let ok = |id: &str, secret: &str| Some(Ok((id.to_owned(), secret.to_owned())));
        assert_eq!(
            basic_credentials(Some(&basic(
                b"vitrine-demo-confidentiel:vitrine-demo-secret"
            ))),
            ok("vitrine-demo-confidentiel", "vitrine-demo-secret")
        );
        // RFC 6749 §2.3.1: each part form-urlencoded first, so `:` may be in the secret.
        assert_eq!(
            basic_credentials(Some(&basic(b"mon+app:s%3Ae+cr%C3%A9t%2B"))),
            ok("mon app", "s:e crét+")
        );
        assert_eq!(basic_credentials(Some(&basic(b"id:"))), ok("id", ""));
        let unpadded = format!(
            "basic  {}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode("id:s1")
        );
        assert_eq!(basic_credentials(Some(&unpadded)), ok("id", "s1"));
        for bad in [
            "Basic".to_owned(),
            "Basic !!!".to_owned(),
            basic(b"no-colon"),
            basic(b":secret"),
            basic(b"id:%ZZ%FF"),
            basic(b"id:\xff"),
        ] {
            assert_eq!(
                basic_credentials(Some(&bad)),
                Some(Err(Unreadable)),
                "{bad}"
            );
        }
        assert_eq!(basic_credentials(Some("Bearer abc")), None);
        assert_eq!(basic_credentials(None), None);
    }

    #[test]
    fn secrets_compare_by_content() {
        assert!(secrets_match("vitrine-demo-secret", "vitrine-demo-secret"));
        assert!(!secrets_match("vitrine-demo-secret", "vitrine-demo-secreT"));
        assert!(!secrets_match("vitrine-demo-secret", ""));
    }

    #[test]
    fn pkce_check_covers_mismatch_missing_and_downgrade() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert_eq!(check_pkce(Some(challenge), Some(verifier)), Ok(()));
        assert_eq!(check_pkce(None, None), Ok(()));
        let wrong = "eBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            check_pkce(Some(challenge), Some(wrong)).unwrap_err().error,
            "invalid_grant"
        );
        assert_eq!(
            check_pkce(Some(challenge), None).unwrap_err().error,
            "invalid_request"
        );
        assert_eq!(
            check_pkce(None, Some(verifier)).unwrap_err().error,
            "invalid_grant"
        );
    }
}
