//! The sandbox's ES256 signing key: generated at start from the injected RNG,
//! published as a JWKS, used to sign id_tokens (through jsonwebtoken).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::ecdsa::SigningKey;
use p256::pkcs8::EncodePrivateKey;
use rand::{CryptoRng, RngCore};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One P-256 key pair with its key id.
pub struct Keys {
    encoding: EncodingKey,
    kid: String,
    x: String,
    y: String,
}

/// A public key as published in the JWKS (RFC 7517, RFC 7518 §6.2).
#[derive(Debug, Serialize)]
pub struct PublicJwk<'a> {
    pub kty: &'static str,
    pub crv: &'static str,
    pub x: &'a str,
    pub y: &'a str,
    pub kid: &'a str,
    #[serde(rename = "use")]
    pub use_: &'static str,
    pub alg: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Jwks<'a> {
    pub keys: Vec<PublicJwk<'a>>,
}

impl Keys {
    pub fn generate(rng: &mut (impl RngCore + CryptoRng)) -> std::io::Result<Keys> {
        let signing = SigningKey::random(rng);
        let der = signing
            .to_pkcs8_der()
            .map_err(|e| std::io::Error::other(format!("cannot encode the signing key: {e}")))?;
        let point = signing.verifying_key().to_encoded_point(false);
        let (Some(x), Some(y)) = (point.x(), point.y()) else {
            return Err(std::io::Error::other(
                "signing key has no affine coordinates",
            ));
        };
        let x = URL_SAFE_NO_PAD.encode(x);
        let y = URL_SAFE_NO_PAD.encode(y);
        // RFC 7638 thumbprint: members in lexicographic order, no whitespace.
        let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()));
        Ok(Keys {
            encoding: EncodingKey::from_ec_der(der.as_bytes()),
            kid,
            x,
            y,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn jwks(&self) -> Jwks<'_> {
        Jwks {
            keys: vec![PublicJwk {
                kty: "EC",
                crv: "P-256",
                x: &self.x,
                y: &self.y,
                kid: &self.kid,
                use_: "sig",
                alg: "ES256",
            }],
        }
    }

    /// A compact JWS (ES256, with `kid`) over `claims`.
    pub fn sign(&self, claims: &impl Serialize) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::jwk::JwkSet;
    use jsonwebtoken::{DecodingKey, Validation};
    use rand::SeedableRng;

    #[test]
    fn signed_token_verifies_against_the_published_jwks() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let keys = Keys::generate(&mut rng).unwrap();
        let token = keys
            .sign(&serde_json::json!({"sub": "u", "aud": "c", "exp": 4_000_000_000u64}))
            .unwrap();
        let set: JwkSet =
            serde_json::from_str(&serde_json::to_string(&keys.jwks()).unwrap()).unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::ES256);
        let jwk = set.find(header.kid.as_deref().unwrap()).unwrap();
        let mut validation = Validation::new(Algorithm::ES256);
        validation.set_audience(&["c"]);
        let data = jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &DecodingKey::from_jwk(jwk).unwrap(),
            &validation,
        )
        .unwrap();
        assert_eq!(data.claims["sub"], "u");
    }

    #[test]
    fn same_seed_gives_same_key_id() {
        let a = Keys::generate(&mut rand::rngs::StdRng::seed_from_u64(1)).unwrap();
        let b = Keys::generate(&mut rand::rngs::StdRng::seed_from_u64(1)).unwrap();
        let c = Keys::generate(&mut rand::rngs::StdRng::seed_from_u64(2)).unwrap();
        assert_eq!(a.kid(), b.kid());
        assert_ne!(a.kid(), c.kid());
    }
}
