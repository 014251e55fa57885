//! Newtypes for the identifiers and secrets of an OAuth exchange, so a secret
//! cannot be logged by accident or swapped with an id (after oauth2-rs).
//!
//! Identifiers (`ClientId`, `Scope`…) print as they are. Secrets
//! (`ClientSecret`, `AccessToken`…) print `[redacted]` through both `Debug`
//! and `Display`; the value is only reachable through `secret()`, a call that
//! is easy to spot in review.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore;
use std::fmt;

/// Bytes of randomness in a generated state or nonce: 256 bits, well over
/// the 128 bits RFC 9700 asks for.
const RANDOM_BYTES: usize = 32;

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

macro_rules! secret {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            /// The value itself: only for putting it on the wire.
            pub fn secret(&self) -> &str {
                &self.0
            }
            /// Compares in constant time, so a comparison does not leak how
            /// many leading characters matched.
            pub fn matches(&self, other: &str) -> bool {
                use subtle::ConstantTimeEq as _;
                self.0.len() == other.len() && bool::from(self.0.as_bytes().ct_eq(other.as_bytes()))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}([redacted])", stringify!($name))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[redacted]")
            }
        }
    };
}

identifier!(
    /// The application's public identifier.
    ClientId
);
identifier!(
    /// Where the provider sends the user back (`redirect_uri`).
    RedirectUri
);
secret!(
    /// A confidential client's password.
    ClientSecret
);
secret!(
    /// The PKCE `code_verifier` (RFC 7636): whoever holds it can redeem the code.
    PkceVerifier
);
secret!(
    /// The anti-CSRF value sent to the authorize endpoint and checked on return.
    State
);
secret!(
    /// The OpenID nonce bound into the id_token and echoed in the token response.
    Nonce
);
secret!(
    /// The one-time authorization code from the redirect.
    AuthorizationCode
);
secret!(
    /// A bearer token for the APIs.
    AccessToken
);
secret!(
    /// The signed OpenID identity token.
    IdToken
);
secret!(
    /// Refresh token (France Travail sends one but its flow does not use it).
    RefreshToken
);

impl State {
    /// 256 random bits, base64url without padding.
    pub fn generate(rng: &mut impl RngCore) -> Self {
        Self(random_token(rng))
    }
}

impl Nonce {
    /// 256 random bits, base64url without padding.
    pub fn generate(rng: &mut impl RngCore) -> Self {
        Self(random_token(rng))
    }
}

/// `RANDOM_BYTES` from `rng`, base64url-encoded (43 characters, all unreserved).
pub(crate) fn random_token(rng: &mut impl RngCore) -> String {
    let mut bytes = [0u8; RANDOM_BYTES];
    rng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Shows the first and last few characters of a token, enough to tell two
/// apart on a terminal without making either usable.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 12 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail} ({} characters)", chars.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::mock::StepRng;

    #[test]
    fn secrets_are_redacted_in_debug_and_display() {
        let secret = ClientSecret::new("hunter2-very-secret");
        assert_eq!(format!("{secret:?}"), "ClientSecret([redacted])");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(secret.secret(), "hunter2-very-secret");
        let token = AccessToken::new("eyJ-access");
        assert!(!format!("{token:?} {token}").contains("eyJ"));
    }

    #[test]
    fn identifiers_print_as_they_are() {
        let id = ClientId::new("vitrine-demo-public");
        assert_eq!(format!("{id}"), "vitrine-demo-public");
        assert_eq!(format!("{id:?}"), "ClientId(\"vitrine-demo-public\")");
    }

    #[test]
    fn state_and_nonce_carry_256_bits_from_the_given_rng() {
        let mut rng = StepRng::new(0, 0);
        let state = State::generate(&mut rng);
        assert_eq!(state.secret(), "A".repeat(43));
        let mut rng = rand::rngs::OsRng;
        let a = Nonce::generate(&mut rng);
        let b = Nonce::generate(&mut rng);
        assert_eq!(a.secret().len(), 43);
        assert!(!a.matches(b.secret()));
    }

    #[test]
    fn matches_compares_whole_values() {
        let state = State::new("abc");
        assert!(state.matches("abc"));
        assert!(!state.matches("abd"));
        assert!(!state.matches("ab"));
        assert!(!state.matches("abcd"));
    }

    #[test]
    fn mask_keeps_only_the_ends() {
        assert_eq!(mask("short"), "*****");
        assert_eq!(mask("abcdefghijklmnop"), "abcd…mnop (16 characters)");
    }
}
