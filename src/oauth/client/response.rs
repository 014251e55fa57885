//! Token endpoint answers, parsed from status and body exactly as seed 003
//! shows them: a success object, or `{"error", "error_description"}`.

use super::error::{Error, OAuthError};
use crate::oauth::secret::{AccessToken, IdToken, Nonce, RefreshToken};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A successful token response (RFC 6749 §5.1, plus OpenID's id_token and
/// France Travail's echoed `nonce`). Unknown fields are kept in `extra`.
#[derive(Debug, Clone)]
pub struct TokenResponse {
    pub scope: Option<String>,
    pub expires_in: Option<u64>,
    pub token_type: String,
    pub access_token: AccessToken,
    pub id_token: Option<IdToken>,
    pub refresh_token: Option<RefreshToken>,
    pub nonce: Option<String>,
    pub extra: Map<String, Value>,
}

/// Whether the token response echoed the nonce (France Travail does; plain
/// OpenID providers only put it in the id_token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceEcho {
    Matched,
    NotEchoed,
}

impl TokenResponse {
    /// Checks the echoed `nonce` against the one sent at the authorize step.
    pub fn check_nonce(&self, sent: &Nonce) -> Result<NonceEcho, Error> {
        match &self.nonce {
            None => Ok(NonceEcho::NotEchoed),
            Some(echoed) if sent.matches(echoed) => Ok(NonceEcho::Matched),
            Some(_) => Err(Error::NonceMismatch),
        }
    }
}

#[derive(Deserialize)]
struct RawSuccess {
    access_token: String,
    token_type: String,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    expires_in: Option<Value>,
    #[serde(default)]
    id_token: Option<String>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Deserialize)]
struct RawError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// Turns a token endpoint's status and body into a response or a typed error.
/// `url` only serves to name the endpoint in messages.
pub fn parse_token_response(url: &str, status: u16, body: &str) -> Result<TokenResponse, Error> {
    let unexpected = |message: String| Error::UnexpectedResponse {
        url: url.to_owned(),
        status,
        message,
    };
    if (200..300).contains(&status) {
        // No excerpt of a 2xx body: it may hold a token.
        let raw: RawSuccess = serde_json::from_str(body)
            .map_err(|e| unexpected(format!("not a token response ({e})")))?;
        return Ok(TokenResponse {
            scope: raw.scope,
            expires_in: raw.expires_in.as_ref().and_then(seconds),
            token_type: raw.token_type,
            access_token: AccessToken::new(raw.access_token),
            id_token: raw.id_token.map(IdToken::new),
            refresh_token: raw.refresh_token.map(RefreshToken::new),
            nonce: raw.nonce,
            extra: raw.extra,
        });
    }
    match serde_json::from_str::<RawError>(body) {
        Ok(raw) => Err(Error::Server {
            status,
            error: OAuthError::from_parts(&raw.error, raw.error_description),
        }),
        Err(_) => Err(unexpected(format!(
            "no OAuth error in the body, which starts with {:?}",
            excerpt(body)
        ))),
    }
}

/// `expires_in` is a number by the RFC, but some servers send a string.
fn seconds(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The first 120 characters, so an HTML error page does not flood the terminal.
fn excerpt(body: &str) -> String {
    body.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.test/connexion/oauth2/access_token?realm=%2Findividu";

    #[test]
    fn parses_the_seed_003_success_example() {
        let body = r#"{
  "scope": "application_[identifiant client] api_peconnect-individuv1 openid profile email",
  "expires_in": 59,
  "token_type": "Bearer",
  "access_token": "[valeur de l'access token généré]",
  "id_token": "[valeur de l'id token généré]",
  "refresh_token": "[valeur du refresh token généré]",
  "nonce": "[nonce]"
}"#;
        let response = parse_token_response(URL, 200, body).expect("success");
        assert_eq!(
            response.scope.as_deref(),
            Some("application_[identifiant client] api_peconnect-individuv1 openid profile email")
        );
        assert_eq!(response.expires_in, Some(59));
        assert_eq!(response.token_type, "Bearer");
        assert_eq!(
            response.access_token.secret(),
            "[valeur de l'access token généré]"
        );
        assert!(response.id_token.is_some() && response.refresh_token.is_some());
        assert_eq!(
            response.check_nonce(&Nonce::new("[nonce]")).ok(),
            Some(NonceEcho::Matched)
        );
        assert!(matches!(
            response.check_nonce(&Nonce::new("other")),
            Err(Error::NonceMismatch)
        ));
        assert!(response.extra.is_empty());
    }

    #[test]
    fn parses_each_seed_003_error_example() {
        let cases = [
            ("invalid_client", "Client authentication failed"),
            (
                "invalid_grant",
                "The provided access grant is invalid, expired, or revoked.",
            ),
            (
                "redirect_uri_mismatch",
                "The redirection URI provided does not match a pre-registered value.",
            ),
            (
                "unsupported_grant_type",
                "Grant type is not supported: client_credentials",
            ),
        ];
        for (code, description) in cases {
            let body = format!(
                "{{\n  \"error\": \"{code}\",\n  \"error_description\": \"{description}\"\n}}"
            );
            match parse_token_response(URL, 400, &body) {
                Err(Error::Server { status, error }) => {
                    assert_eq!(status, 400);
                    assert_eq!(error.code(), code);
                    assert_eq!(error.description(), Some(description));
                }
                other => panic!("{code}: {other:?}"),
            }
        }
    }

    #[test]
    fn client_credentials_response_without_id_token_or_nonce() {
        let body = r#"{"scope":"application_x api_labonneboitev1","expires_in":1500,"token_type":"Bearer","access_token":"abc"}"#;
        let response = parse_token_response(URL, 200, body).expect("success");
        assert_eq!(response.expires_in, Some(1500));
        assert!(response.id_token.is_none());
        assert_eq!(
            response.check_nonce(&Nonce::new("n")).ok(),
            Some(NonceEcho::NotEchoed)
        );
    }

    #[test]
    fn string_expires_in_and_unknown_fields_are_accepted() {
        let body = r#"{"expires_in":"3600","token_type":"bearer","access_token":"a","x":1}"#;
        let response = parse_token_response(URL, 200, body).expect("success");
        assert_eq!(response.expires_in, Some(3600));
        assert_eq!(response.extra.get("x"), Some(&Value::from(1)));
    }

    #[test]
    fn a_malformed_success_is_reported_without_its_token() {
        let body = r#"{"access_token":"SECRET-TOKEN-VALUE","expires_in":59}"#;
        match parse_token_response(URL, 200, body) {
            Err(error) => {
                let shown = error.to_string();
                assert!(shown.contains("token_type"), "{shown}");
                assert!(!shown.contains("SECRET-TOKEN-VALUE"), "{shown}");
            }
            Ok(_) => panic!("a response without token_type must be refused"),
        }
    }

    #[test]
    fn html_and_truncated_bodies_are_unexpected_not_panics() {
        for (status, body) in [
            (502, "<html><body>Bad gateway</body></html>"),
            (200, "{\"access_token\": \"a\""),
            (200, "{\"token_type\":\"Bearer\"}"),
            (400, ""),
            (401, "{\"message\":\"no\"}"),
        ] {
            assert!(
                matches!(
                    parse_token_response(URL, status, body),
                    Err(Error::UnexpectedResponse { .. })
                ),
                "{status} {body}"
            );
        }
    }
}
