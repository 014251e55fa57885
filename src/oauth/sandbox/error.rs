//! OAuth error responses as the real service writes them (seed 003): the
//! codes and descriptions it documents, word for word.

use super::http::Reply;
use crate::oauth::Realm;
use serde::Serialize;

pub const INVALID_CLIENT: &str = "Client authentication failed";
pub const INVALID_GRANT: &str = "The provided access grant is invalid, expired, or revoked.";
pub const REDIRECT_URI_MISMATCH: &str =
    "The redirection URI provided does not match a pre-registered value.";

/// `Content-Type` of error bodies: seed 003 shows it without a charset, unlike success.
pub const ERROR_CONTENT_TYPE: &str = "application/json";

/// An OAuth error: `error` and `error_description`, in that order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OAuthError {
    pub error: &'static str,
    pub error_description: String,
}

impl OAuthError {
    pub fn new(error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError {
            error,
            error_description: description.into(),
        }
    }

    pub fn invalid_client() -> OAuthError {
        OAuthError::new("invalid_client", INVALID_CLIENT)
    }

    pub fn invalid_grant() -> OAuthError {
        OAuthError::new("invalid_grant", INVALID_GRANT)
    }

    pub fn redirect_uri_mismatch() -> OAuthError {
        OAuthError::new("redirect_uri_mismatch", REDIRECT_URI_MISMATCH)
    }

    pub fn unsupported_grant_type(grant: &str) -> OAuthError {
        OAuthError::new(
            "unsupported_grant_type",
            format!("Grant type is not supported: {grant}"),
        )
    }

    pub fn invalid_scope(unknown: &[&str]) -> OAuthError {
        OAuthError::new(
            "invalid_scope",
            format!("Unknown/invalid scope(s): [{}]", unknown.join(", ")),
        )
    }

    pub fn invalid_request(description: impl Into<String>) -> OAuthError {
        OAuthError::new("invalid_request", description)
    }

    /// The token endpoint's answer: 400 with no-store headers, as in seed 003.
    pub fn token_reply(&self) -> Reply {
        Reply::json(400, ERROR_CONTENT_TYPE, self).no_store()
    }

    /// The token endpoint's answer to a failed HTTP Basic authentication:
    /// 401 with a Basic challenge (RFC 6749 §5.2, RFC 7617).
    pub fn basic_challenge_reply(&self, realm: Realm) -> Reply {
        Reply::json(401, ERROR_CONTENT_TYPE, self)
            .no_store()
            .with_header(
                "WWW-Authenticate",
                format!("Basic realm=\"{}\"", realm.as_str()),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_client_body_is_byte_identical_to_seed_003() {
        let reply = OAuthError::invalid_client().token_reply();
        assert_eq!(reply.status, 400);
        assert_eq!(
            String::from_utf8(reply.body.clone()).unwrap(),
            "{\n  \"error\": \"invalid_client\",\n  \"error_description\": \"Client authentication failed\"\n}"
        );
        assert_eq!(reply.header("Content-Type"), Some("application/json"));
        assert_eq!(reply.header("Cache-Control"), Some("no-store"));
        assert_eq!(reply.header("Pragma"), Some("no-cache"));
    }
}
