//! id_token validation per OpenID Connect Core 1.0 §3.1.3.7, pure: the keys
//! (a JWKS already fetched), the expected values and the clock come in.
//!
//! The signature is checked by jsonwebtoken; this module picks the key, refuses
//! what must be refused before any crypto runs (`alg: none`, HMAC algorithms,
//! a key of the wrong kind) and checks the claims with the injected clock
//! (jsonwebtoken's own `exp` check reads the system clock, so it is off).

use crate::oauth::secret::{ClientId, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

/// Default clock-skew allowance for `exp` and `iat`, in seconds.
pub const DEFAULT_LEEWAY: u64 = 30;

/// What the token must say, and the time to judge it at.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// The provider's issuer, exactly as in its discovery document.
    pub issuer: &'a str,
    pub client_id: &'a ClientId,
    /// The nonce sent on the authorize request.
    pub nonce: &'a Nonce,
    /// Seconds since the Unix epoch.
    pub now: u64,
    pub leeway: u64,
}

/// The claims of a token that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct IdTokenClaims {
    pub iss: String,
    pub sub: String,
    pub aud: Vec<String>,
    pub exp: u64,
    pub iat: u64,
    pub azp: Option<String>,
    pub nonce: String,
    /// Every claim as sent (profile, ProConnect fields…), for display.
    pub all: Map<String, Value>,
    /// The algorithm and key id that verified it.
    pub alg: Algorithm,
    pub kid: Option<String>,
}

/// Why a token was refused; each says which rule of §3.1.3.7 failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdTokenError {
    Malformed(String),
    AlgNone,
    SymmetricAlgorithm(String),
    UnsupportedAlgorithm(String),
    NoMatchingKey {
        kid: Option<String>,
    },
    KeyAlgorithmMismatch {
        alg: String,
    },
    BadSignature,
    MissingClaim(&'static str),
    WrongIssuer {
        expected: String,
        found: String,
    },
    WrongAudience {
        client_id: String,
        found: Vec<String>,
    },
    MissingAzp,
    WrongAzp {
        found: String,
    },
    Expired {
        exp: u64,
        now: u64,
    },
    IssuedInTheFuture {
        iat: u64,
        now: u64,
    },
    WrongNonce,
}

impl fmt::Display for IdTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(why) => write!(f, "malformed token: {why}"),
            Self::AlgNone => f.write_str("unsigned token (`alg: none`) refused"),
            Self::SymmetricAlgorithm(alg) => write!(
                f,
                "`{alg}` is a shared-secret algorithm; a provider's public keys cannot verify it"
            ),
            Self::UnsupportedAlgorithm(alg) => write!(f, "unsupported algorithm `{alg}`"),
            Self::NoMatchingKey { kid: Some(kid) } => {
                write!(f, "no key with kid `{kid}` in the provider's JWKS")
            }
            Self::NoMatchingKey { kid: None } => {
                f.write_str("no kid and no single signing key in the provider's JWKS")
            }
            Self::KeyAlgorithmMismatch { alg } => {
                write!(f, "the JWKS key is not a key for `{alg}`")
            }
            Self::BadSignature => f.write_str("the signature does not match the provider's key"),
            Self::MissingClaim(claim) => write!(f, "the `{claim}` claim is missing"),
            Self::WrongIssuer { expected, found } => {
                write!(f, "issuer is `{found}`, expected `{expected}`")
            }
            Self::WrongAudience { client_id, found } => {
                write!(f, "audience {found:?} does not contain `{client_id}`")
            }
            Self::MissingAzp => f.write_str("several audiences but no `azp` claim"),
            Self::WrongAzp { found } => write!(f, "`azp` is `{found}`, not this client"),
            Self::Expired { exp, now } => {
                write!(f, "expired at {exp}, {} s ago", now.saturating_sub(*exp))
            }
            Self::IssuedInTheFuture { iat, now } => {
                write!(
                    f,
                    "issued at {iat}, {} s in the future",
                    iat.saturating_sub(*now)
                )
            }
            Self::WrongNonce => f.write_str("the `nonce` claim is not the nonce that was sent"),
        }
    }
}

impl std::error::Error for IdTokenError {}

/// Validates `token` against `keys` and `expected`; returns its claims.
pub fn validate(
    token: &str,
    keys: &JwkSet,
    expected: &Expected<'_>,
) -> Result<IdTokenClaims, IdTokenError> {
    let (alg, kid) = read_header(token)?;
    let jwk = select_key(keys, kid.as_deref(), alg)?;
    let key = DecodingKey::from_jwk(jwk)
        .map_err(|e| IdTokenError::Malformed(format!("unusable JWKS key: {e}")))?;
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation).map_err(
        |e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => IdTokenError::BadSignature,
            _ => IdTokenError::Malformed(e.to_string()),
        },
    )?;
    check_claims(data.claims, expected, alg, kid)
}

/// Reads `alg` and `kid` ourselves, so `none` and HS* get a precise refusal
/// rather than a generic parse error.
fn read_header(token: &str) -> Result<(Algorithm, Option<String>), IdTokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(IdTokenError::Malformed(
            "a JWS has three dot-separated parts".into(),
        ));
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| IdTokenError::Malformed("the header is not base64url".into()))?;
    let header: Map<String, Value> = serde_json::from_slice(&bytes)
        .map_err(|_| IdTokenError::Malformed("the header is not a JSON object".into()))?;
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or(IdTokenError::MissingClaim("alg"))?;
    if alg.eq_ignore_ascii_case("none") {
        return Err(IdTokenError::AlgNone);
    }
    if alg.to_ascii_uppercase().starts_with("HS") {
        return Err(IdTokenError::SymmetricAlgorithm(alg.to_owned()));
    }
    let algorithm =
        Algorithm::from_str(alg).map_err(|_| IdTokenError::UnsupportedAlgorithm(alg.to_owned()))?;
    let kid = header.get("kid").and_then(Value::as_str).map(str::to_owned);
    Ok((algorithm, kid))
}

/// The key named by `kid`, or the only signing key of the right kind when the
/// token names none; a symmetric (`oct`) key is never used.
fn select_key<'k>(
    keys: &'k JwkSet,
    kid: Option<&str>,
    alg: Algorithm,
) -> Result<&'k Jwk, IdTokenError> {
    let fits = |jwk: &&Jwk| {
        jwk.common.public_key_use != Some(PublicKeyUse::Encryption)
            && key_fits(jwk, alg)
            && jwk.common.key_algorithm.is_none_or(|declared| {
                Algorithm::from_str(&declared.to_string()).is_ok_and(|a| a == alg)
            })
    };
    match kid {
        Some(kid) => {
            let jwk = keys.find(kid).ok_or_else(|| IdTokenError::NoMatchingKey {
                kid: Some(kid.to_owned()),
            })?;
            Some(jwk)
                .filter(fits)
                .ok_or_else(|| IdTokenError::KeyAlgorithmMismatch {
                    alg: format!("{alg:?}"),
                })
        }
        None => {
            let mut candidates = keys.keys.iter().filter(fits);
            match (candidates.next(), candidates.next()) {
                (Some(only), None) => Ok(only),
                _ => Err(IdTokenError::NoMatchingKey { kid: None }),
            }
        }
    }
}

fn key_fits(jwk: &Jwk, alg: Algorithm) -> bool {
    use Algorithm::*;
    matches!(
        (&jwk.algorithm, alg),
        (AlgorithmParameters::EllipticCurve(_), ES256 | ES384)
            | (
                AlgorithmParameters::RSA(_),
                RS256 | RS384 | RS512 | PS256 | PS384 | PS512
            )
            | (AlgorithmParameters::OctetKeyPair(_), EdDSA)
    )
}

fn check_claims(
    all: Map<String, Value>,
    expected: &Expected<'_>,
    alg: Algorithm,
    kid: Option<String>,
) -> Result<IdTokenClaims, IdTokenError> {
    let text = |name: &'static str| {
        all.get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(IdTokenError::MissingClaim(name))
    };
    let number = |name: &'static str| {
        all.get(name)
            .and_then(|v| v.as_u64().or_else(|| v.as_f64().map(|f| f as u64)))
            .ok_or(IdTokenError::MissingClaim(name))
    };
    let iss = text("iss")?;
    if iss != expected.issuer {
        return Err(IdTokenError::WrongIssuer {
            expected: expected.issuer.to_owned(),
            found: iss,
        });
    }
    let sub = text("sub")?;
    let aud: Vec<String> = match all.get("aud") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => return Err(IdTokenError::MissingClaim("aud")),
    };
    let client_id = expected.client_id.as_str();
    if !aud.iter().any(|a| a == client_id) {
        return Err(IdTokenError::WrongAudience {
            client_id: client_id.to_owned(),
            found: aud,
        });
    }
    let azp = all.get("azp").and_then(Value::as_str).map(str::to_owned);
    match &azp {
        Some(azp) if azp != client_id => return Err(IdTokenError::WrongAzp { found: azp.clone() }),
        None if aud.len() > 1 => return Err(IdTokenError::MissingAzp),
        _ => {}
    }
    let exp = number("exp")?;
    if exp.saturating_add(expected.leeway) <= expected.now {
        return Err(IdTokenError::Expired {
            exp,
            now: expected.now,
        });
    }
    let iat = number("iat")?;
    if iat > expected.now.saturating_add(expected.leeway) {
        return Err(IdTokenError::IssuedInTheFuture {
            iat,
            now: expected.now,
        });
    }
    let nonce = text("nonce")?;
    if !expected.nonce.matches(&nonce) {
        return Err(IdTokenError::WrongNonce);
    }
    Ok(IdTokenClaims {
        iss,
        sub,
        aud,
        exp,
        iat,
        azp,
        nonce,
        all,
        alg,
        kid,
    })
}

#[cfg(test)]
#[path = "id_token_tests.rs"]
mod tests;
