//! The requests of an exchange, as values: the authorize URL, the two token
//! requests (client credentials; authorization code with a secret or a PKCE
//! verifier) and the check of the redirect. Nothing here does I/O, so every
//! byte that would travel is tested; `http` sends a `TokenRequest`.

use super::discovery::ProviderMetadata;
use super::error::{Error, OAuthError};
use crate::oauth::secret::{
    AuthorizationCode, ClientId, ClientSecret, Nonce, PkceVerifier, RedirectUri, State,
};
use crate::oauth::Realm;
use std::fmt;
use url::Url;

pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Everything step 1 (the authorize request) carries.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest<'a> {
    pub authorize_endpoint: &'a str,
    pub realm: Realm,
    pub client_id: &'a ClientId,
    pub scope: &'a str,
    pub redirect_uri: &'a RedirectUri,
    pub state: &'a State,
    pub nonce: &'a Nonce,
    /// The S256 challenge, when the client uses PKCE.
    pub code_challenge: Option<&'a str>,
}

impl AuthorizeRequest<'_> {
    /// The URL to open in the browser, parameters in the documented order,
    /// the realm as a query parameter (`realm=%2Findividu`).
    pub fn url(&self) -> Result<String, Error> {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("realm", self.realm.as_str()),
            ("response_type", "code"),
            ("client_id", self.client_id.as_str()),
            ("scope", self.scope),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("state", self.state.secret()),
            ("nonce", self.nonce.secret()),
        ];
        if let Some(challenge) = self.code_challenge {
            pairs.push(("code_challenge", challenge));
            pairs.push(("code_challenge_method", "S256"));
        }
        with_query(self.authorize_endpoint, &pairs)
    }
}

/// A token request ready to send: where, which headers, which form body.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl TokenRequest {
    fn form(token_endpoint: &str, realm: Realm, fields: &[(&str, &str)]) -> Result<Self, Error> {
        let url = with_query(token_endpoint, &[("realm", realm.as_str())])?;
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        Ok(Self {
            url,
            headers: vec![
                ("Content-Type".into(), FORM_CONTENT_TYPE.into()),
                ("Accept".into(), "application/json".into()),
            ],
            body,
        })
    }

    /// The body with `client_secret`, `code` and `code_verifier` masked: what
    /// may be shown on a terminal or in a log.
    pub fn redacted_body(&self) -> String {
        url::form_urlencoded::parse(self.body.as_bytes())
            .map(|(key, value)| {
                let pair = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair(&key, &value)
                    .finish();
                match key.as_ref() {
                    "client_secret" | "code" | "code_verifier" => format!("{key}=[redacted]"),
                    _ => pair,
                }
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &self.redacted_body())
            .finish()
    }
}

/// Client credentials (`/partenaire`): the application authenticates itself.
pub fn client_credentials_request(
    token_endpoint: &str,
    realm: Realm,
    client_id: &ClientId,
    client_secret: &ClientSecret,
    scope: &str,
) -> Result<TokenRequest, Error> {
    TokenRequest::form(
        token_endpoint,
        realm,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", client_secret.secret()),
            ("scope", scope),
        ],
    )
}

/// How the client proves itself when redeeming a code.
#[derive(Debug, Clone, Copy)]
pub enum CodeProof<'a> {
    /// A confidential client (server-side application).
    Secret(&'a ClientSecret),
    /// A public client (browser, CLI): PKCE instead of a secret.
    Pkce(&'a PkceVerifier),
    /// A confidential client that also uses PKCE, as RFC 9700 recommends.
    SecretAndPkce(&'a ClientSecret, &'a PkceVerifier),
}

/// Step 2 of the authorization code flow, body in seed 003's order.
pub fn authorization_code_request(
    token_endpoint: &str,
    realm: Realm,
    client_id: &ClientId,
    proof: CodeProof<'_>,
    code: &AuthorizationCode,
    redirect_uri: &RedirectUri,
) -> Result<TokenRequest, Error> {
    let mut fields = vec![
        ("grant_type", "authorization_code"),
        ("code", code.secret()),
        ("client_id", client_id.as_str()),
    ];
    match proof {
        CodeProof::Secret(secret) => fields.push(("client_secret", secret.secret())),
        CodeProof::Pkce(verifier) => fields.push(("code_verifier", verifier.secret())),
        CodeProof::SecretAndPkce(secret, verifier) => {
            fields.push(("client_secret", secret.secret()));
            fields.push(("code_verifier", verifier.secret()));
        }
    }
    fields.push(("redirect_uri", redirect_uri.as_str()));
    TokenRequest::form(token_endpoint, realm, &fields)
}

/// The provider a redirect must come from (RFC 9207): its issuer identifier,
/// and whether it announced that it always sends `iss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedIssuer<'a> {
    pub issuer: &'a str,
    /// `authorization_response_iss_parameter_supported` in its metadata.
    pub sends_iss: bool,
}

impl<'a> ExpectedIssuer<'a> {
    pub fn from_metadata(metadata: &'a ProviderMetadata) -> Self {
        Self {
            issuer: &metadata.issuer,
            sends_iss: metadata.authorization_response_iss_parameter_supported,
        }
    }
}

/// Reads the redirect's query string: checks `state` first (a redirect we did
/// not ask for is refused whatever it carries), then `iss` (RFC 9207, against
/// mix-up attacks, RFC 9700 §4.4): a present `iss` must equal the issuer,
/// by simple string comparison (§2.4); a missing one is refused when the
/// provider's metadata says it sends one. Then returns the code or the
/// provider's error.
pub fn check_redirect(
    query: &str,
    sent_state: &State,
    issuer: Option<ExpectedIssuer<'_>>,
) -> Result<AuthorizationCode, Error> {
    let mut state = None;
    let mut iss = None;
    let mut code = None;
    let mut error = None;
    let mut description = None;
    for (key, value) in url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        match key.as_ref() {
            "state" => state = Some(value.into_owned()),
            "iss" => iss = Some(value.into_owned()),
            "code" => code = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "error_description" => description = Some(value.into_owned()),
            _ => {}
        }
    }
    match state {
        Some(state) if sent_state.matches(&state) => {}
        _ => return Err(Error::StateMismatch),
    }
    if let Some(expected) = issuer {
        match iss {
            Some(found) if found != expected.issuer => {
                return Err(Error::IssuerMismatch {
                    expected: expected.issuer.to_owned(),
                    found,
                });
            }
            None if expected.sends_iss => {
                return Err(Error::MissingIssuer {
                    expected: expected.issuer.to_owned(),
                });
            }
            _ => {}
        }
    }
    if let Some(error) = error {
        return Err(Error::Authorization {
            error: OAuthError::from_parts(&error, description),
        });
    }
    code.filter(|code| !code.is_empty())
        .map(AuthorizationCode::new)
        .ok_or(Error::MissingCode)
}

/// `endpoint` with `pairs` appended to its query; an existing `realm` is
/// replaced rather than repeated, so a URL copied from the docs still works.
fn with_query(endpoint: &str, pairs: &[(&str, &str)]) -> Result<String, Error> {
    let mut url = Url::parse(endpoint)
        .map_err(|e| Error::Config(format!("`{endpoint}` is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "`{endpoint}` must be an http:// or https:// URL"
        )));
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != "realm")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_query(None);
    {
        let mut query = url.query_pairs_mut();
        query.extend_pairs(kept);
        query.extend_pairs(pairs);
    }
    Ok(url.into())
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
