//! Userinfo (OpenID Connect Core §5.3): the signed-in test user's claims for
//! a live access token of the same realm carrying `openid`.

use super::http::{HttpRequest, Reply};
use super::state::Sandbox;
use super::token::SUCCESS_CONTENT_TYPE;
use crate::oauth::Realm;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Serialize)]
struct BearerError<'a> {
    error: &'a str,
    error_description: &'a str,
}

pub fn handle(sandbox: &Sandbox, realm: Realm, request: &HttpRequest) -> Reply {
    let Some(token) = bearer(request.authorization.as_deref()) else {
        // RFC 6750 §3.1: no credentials, no error code.
        return Reply::json(
            401,
            "application/json",
            &BearerError {
                error: "invalid_request",
                error_description: "Missing Authorization: Bearer <access_token> header",
            },
        )
        .with_header(
            "WWW-Authenticate",
            format!("Bearer realm=\"{}\"", realm.as_str()),
        )
        .no_store();
    };
    let now = sandbox.now();
    let found = sandbox
        .store()
        .token(token, now)
        .filter(|t| t.realm == realm)
        .map(|t| (t.user_id.clone(), t.scope.split(' ').any(|s| s == "openid")));
    match found {
        None => refuse(
            realm,
            401,
            "invalid_token",
            "The access token is invalid, expired, revoked, or from another realm",
        ),
        Some((None, _)) | Some((_, false)) => refuse(
            realm,
            403,
            "insufficient_scope",
            "The access token carries no signed-in user (scope openid is needed)",
        ),
        Some((Some(user_id), true)) => match sandbox.config.user(realm, &user_id) {
            Some(user) => {
                let mut claims = Map::new();
                claims.insert("sub".into(), Value::String(user.id.clone()));
                for (name, value) in &user.claims {
                    claims.insert(name.clone(), value.clone());
                }
                Reply::json(200, SUCCESS_CONTENT_TYPE, &claims).no_store()
            }
            None => refuse(
                realm,
                401,
                "invalid_token",
                "The user of this token no longer exists",
            ),
        },
    }
}

fn refuse(realm: Realm, status: u16, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        "application/json",
        &BearerError {
            error,
            error_description: description,
        },
    )
    .with_header(
        "WWW-Authenticate",
        format!(
            "Bearer realm=\"{}\", error=\"{error}\", error_description=\"{description}\"",
            realm.as_str()
        ),
    )
    .no_store()
}

/// The token of an `Authorization: Bearer …` header (scheme case-insensitive).
fn bearer(header: Option<&str>) -> Option<&str> {
    let (scheme, token) = header?.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive_and_needs_a_token() {
        assert_eq!(bearer(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer(Some("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(Some("Basic abc")), None);
        assert_eq!(bearer(Some("Bearer ")), None);
        assert_eq!(bearer(None), None);
    }
}
