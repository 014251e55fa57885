//! PKCE (RFC 7636): verifiers, S256 challenges, and the check the sandbox runs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::secret::{random_token, PkceVerifier};

/// A fresh verifier and its S256 challenge, made together so they cannot drift.
#[derive(Debug, Clone)]
pub struct PkcePair {
    pub verifier: PkceVerifier,
    /// `BASE64URL(SHA256(verifier))`: public, sent on the authorize request.
    pub challenge: String,
}

impl PkcePair {
    /// A 43-character verifier carrying 256 random bits (base64url is a subset
    /// of the unreserved alphabet RFC 7636 §4.1 allows).
    pub fn generate(rng: &mut impl RngCore) -> Self {
        Self::from_verifier(PkceVerifier::new(random_token(rng)))
    }

    pub fn from_verifier(verifier: PkceVerifier) -> Self {
        let challenge = challenge_s256(verifier.secret());
        Self {
            verifier,
            challenge,
        }
    }
}

/// Whether `verifier` is 43–128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
pub fn is_valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// `BASE64URL(SHA256(ASCII(verifier)))`, no padding (RFC 7636 §4.2).
pub fn challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(is_valid_verifier(verifier));
        assert_eq!(
            challenge_s256(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn generated_pairs_are_valid_and_come_from_the_rng() {
        let mut rng = rand::rngs::mock::StepRng::new(0, 0);
        let pair = PkcePair::generate(&mut rng);
        assert_eq!(pair.verifier.secret(), "A".repeat(43));
        assert_eq!(pair.challenge, challenge_s256(&"A".repeat(43)));
        for _ in 0..50 {
            let pair = PkcePair::generate(&mut rand::rngs::OsRng);
            assert!(is_valid_verifier(pair.verifier.secret()));
            assert_eq!(pair.challenge.len(), 43);
        }
    }

    #[test]
    fn rejects_short_long_and_out_of_alphabet_verifiers() {
        assert!(!is_valid_verifier(&"a".repeat(42)));
        assert!(is_valid_verifier(&"a".repeat(128)));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_verifier(&format!("{}+", "a".repeat(43))));
    }
}
