//! What can go wrong in an exchange: the provider's typed OAuth errors (kept
//! with their raw `error_description`), transport failures, and the checks the
//! client itself runs (state, nonce, id_token).

use super::id_token::IdTokenError;
use super::terminal::terminal_safe;
use std::fmt;

/// An OAuth error as the provider sent it (RFC 6749 §5.2 and §4.1.2.1, plus
/// France Travail's `redirect_uri_mismatch`). Unknown codes are kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthError {
    InvalidClient {
        description: Option<String>,
    },
    InvalidGrant {
        description: Option<String>,
    },
    RedirectUriMismatch {
        description: Option<String>,
    },
    UnsupportedGrantType {
        description: Option<String>,
    },
    InvalidScope {
        description: Option<String>,
    },
    InvalidRequest {
        description: Option<String>,
    },
    UnauthorizedClient {
        description: Option<String>,
    },
    Other {
        code: String,
        description: Option<String>,
    },
}

impl OAuthError {
    /// Builds the typed error from the `error` and `error_description` fields.
    pub fn from_parts(code: &str, description: Option<String>) -> Self {
        match code {
            "invalid_client" => Self::InvalidClient { description },
            "invalid_grant" => Self::InvalidGrant { description },
            "redirect_uri_mismatch" => Self::RedirectUriMismatch { description },
            "unsupported_grant_type" => Self::UnsupportedGrantType { description },
            "invalid_scope" => Self::InvalidScope { description },
            "invalid_request" => Self::InvalidRequest { description },
            "unauthorized_client" => Self::UnauthorizedClient { description },
            other => Self::Other {
                code: other.to_owned(),
                description,
            },
        }
    }

    /// The `error` value, as on the wire.
    pub fn code(&self) -> &str {
        match self {
            Self::InvalidClient { .. } => "invalid_client",
            Self::InvalidGrant { .. } => "invalid_grant",
            Self::RedirectUriMismatch { .. } => "redirect_uri_mismatch",
            Self::UnsupportedGrantType { .. } => "unsupported_grant_type",
            Self::InvalidScope { .. } => "invalid_scope",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::UnauthorizedClient { .. } => "unauthorized_client",
            Self::Other { code, .. } => code,
        }
    }

    /// The `error_description` value, verbatim, when the provider sent one.
    pub fn description(&self) -> Option<&str> {
        match self {
            Self::InvalidClient { description }
            | Self::InvalidGrant { description }
            | Self::RedirectUriMismatch { description }
            | Self::UnsupportedGrantType { description }
            | Self::InvalidScope { description }
            | Self::InvalidRequest { description }
            | Self::UnauthorizedClient { description }
            | Self::Other { description, .. } => description.as_deref(),
        }
    }

    /// What an integrator usually has to change, in one line.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::InvalidClient { .. } => {
                "check the client id and the secret (VITRINE_CLIENT_SECRET or --client-secret-stdin)"
            }
            Self::InvalidGrant { .. } => {
                "the code is wrong, expired (about a minute) or already used: sign in again"
            }
            Self::RedirectUriMismatch { .. } => {
                "send exactly the redirect_uri registered for the client, as in the authorize step"
            }
            Self::UnsupportedGrantType { .. } => {
                "client credentials work only on /partenaire; user realms need `vitrine oauth login`"
            }
            Self::InvalidScope { .. } => {
                "ask only for scopes of APIs the application is subscribed to"
            }
            Self::InvalidRequest { .. } => "a required parameter is missing or malformed",
            Self::UnauthorizedClient { .. } => "this client may not use this flow on this realm",
            Self::Other { .. } => "see the provider's description above",
        }
    }
}

/// Terminal-safe (`terminal::terminal_safe`): the code and description are
/// the provider's text; `code()` and `description()` keep them verbatim.
impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = terminal_safe(self.code());
        match self.description() {
            Some(description) => write!(f, "{code}: {}", terminal_safe(description)),
            None => f.write_str(&code),
        }
    }
}

/// Any failure of the helper, from the socket to the id_token's signature.
#[derive(Debug)]
pub enum Error {
    /// The provider answered with an OAuth error body.
    Server { status: u16, error: OAuthError },
    /// The user or the provider refused at the authorize step (error redirect).
    Authorization { error: OAuthError },
    /// No HTTP answer at all: connection refused, DNS, timeout, TLS.
    Transport { url: String, message: String },
    /// An answer that is neither a token response nor an OAuth error.
    UnexpectedResponse {
        url: String,
        status: u16,
        message: String,
    },
    /// The `state` on the redirect is not the one we sent: possible CSRF.
    StateMismatch,
    /// The redirect's `iss` names another provider (RFC 9207): a mix-up.
    IssuerMismatch { expected: String, found: String },
    /// The redirect has no `iss` although the provider's metadata says it
    /// sends one (RFC 9207 §2.4): it may come from another provider.
    MissingIssuer { expected: String },
    /// The redirect carried neither a code nor an error.
    MissingCode,
    /// The `nonce` in the token response is not the one we sent.
    NonceMismatch,
    /// A user flow answered without the id_token OpenID Connect requires.
    MissingIdToken,
    /// The id_token failed validation.
    IdToken(IdTokenError),
    /// The discovery document or the JWKS could not be used.
    Discovery { url: String, message: String },
    /// The loopback listener for the redirect failed or timed out.
    Loopback(String),
    /// The caller built an impossible request (e.g. a bad endpoint URL).
    Config(String),
}

/// Terminal-safe: most messages carry the provider's text (a description,
/// an `iss`, a claim, an excerpt of a body), so control characters are
/// escaped in the whole message.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&terminal_safe(&Raw(self).to_string()))
    }
}

/// The message of an `Error`, before it is made terminal-safe.
struct Raw<'a>(&'a Error);

impl fmt::Display for Raw<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Server { status, error } => {
                write!(f, "the token endpoint refused (HTTP {status}) {error}")
            }
            Error::Authorization { error } => write!(f, "the authorization was refused: {error}"),
            Error::Transport { url, message } => write!(f, "could not reach {url}: {message}"),
            Error::UnexpectedResponse {
                url,
                status,
                message,
            } => write!(f, "unexpected answer from {url} (HTTP {status}): {message}"),
            Error::StateMismatch => f.write_str(
                "the state returned on the redirect is not the one sent: the redirect is refused (possible CSRF)",
            ),
            Error::IssuerMismatch { expected, found } => write!(
                f,
                "the redirect comes from issuer `{found}`, not `{expected}`: refused (possible mix-up attack)"
            ),
            Error::MissingIssuer { expected } => write!(
                f,
                "the redirect carries no `iss` although the metadata of `{expected}` says it always sends one: refused (RFC 9207, possible mix-up attack)"
            ),
            Error::MissingCode => f.write_str("the redirect carried neither `code` nor `error`"),
            Error::NonceMismatch => f.write_str(
                "the nonce in the token response is not the one sent at the authorize step",
            ),
            Error::MissingIdToken => f.write_str(
                "the token response has no id_token although the `openid` scope was requested",
            ),
            Error::IdToken(error) => write!(f, "the id_token is not valid: {error}"),
            Error::Discovery { url, message } => write!(f, "discovery failed at {url}: {message}"),
            Error::Loopback(message) => write!(f, "loopback redirect: {message}"),
            Error::Config(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<IdTokenError> for Error {
    fn from(error: IdTokenError) -> Self {
        Self::IdToken(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_is_typed_and_round_trips() {
        for code in [
            "invalid_client",
            "invalid_grant",
            "redirect_uri_mismatch",
            "unsupported_grant_type",
            "invalid_scope",
            "invalid_request",
            "unauthorized_client",
        ] {
            let error = OAuthError::from_parts(code, Some("why".into()));
            assert!(!matches!(error, OAuthError::Other { .. }), "{code}");
            assert_eq!(error.code(), code);
            assert_eq!(error.description(), Some("why"));
        }
    }

    #[test]
    fn unknown_codes_are_kept_verbatim() {
        let error = OAuthError::from_parts("temporarily_unavailable", Some("Réessayez".into()));
        assert_eq!(
            error,
            OAuthError::Other {
                code: "temporarily_unavailable".into(),
                description: Some("Réessayez".into())
            }
        );
        assert_eq!(error.to_string(), "temporarily_unavailable: Réessayez");
    }

    #[test]
    fn provider_text_is_displayed_without_its_escape_sequences() {
        let hostile = OAuthError::from_parts(
            "invalid_client\x1b[2J",
            Some("Client authentication failed\x1b]52;c;ZXZpbA==\x07\nerror: forged".into()),
        );
        let shown = [
            hostile.to_string(),
            Error::Server {
                status: 401,
                error: hostile.clone(),
            }
            .to_string(),
            Error::IssuerMismatch {
                expected: "https://a.test".into(),
                found: "https://b.test\x1b[2J".into(),
            }
            .to_string(),
        ];
        for shown in shown {
            assert!(!shown.chars().any(char::is_control), "{shown:?}");
            assert!(shown.contains("\\u{1b}"), "{shown:?}");
        }
        assert_eq!(
            hostile.description(),
            Some("Client authentication failed\x1b]52;c;ZXZpbA==\x07\nerror: forged"),
            "the typed error keeps the provider's text verbatim"
        );
    }
}
