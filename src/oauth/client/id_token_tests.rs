use super::*;
use jsonwebtoken::{EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey as _;
use serde_json::json;

const ISSUER: &str = "http://127.0.0.1:8787/connexion/oauth2/individu";
const NOW: u64 = 1_800_000_000;

/// An ES256 key made for the test, and its public half as a JWKS entry.
struct Signer {
    key: EncodingKey,
    jwk: Jwk,
}

fn signer(kid: &str) -> Signer {
    let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
    let der = secret.to_pkcs8_der().expect("pkcs8");
    let key = EncodingKey::from_ec_der(der.as_bytes());
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::ES256).expect("jwk");
    jwk.common.key_id = Some(kid.to_owned());
    Signer { key, jwk }
}

fn sign(signer: &Signer, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &signer.key).expect("sign")
}

fn claims() -> Value {
    json!({
        "iss": ISSUER, "sub": "demandeur-1", "aud": "vitrine-demo-public",
        "exp": NOW + 59, "iat": NOW, "auth_time": NOW, "nonce": "n0nce",
        "given_name": "Camille"
    })
}

fn check(token: &str, keys: &JwkSet, now: u64) -> Result<IdTokenClaims, IdTokenError> {
    let client_id = ClientId::new("vitrine-demo-public");
    let nonce = Nonce::new("n0nce");
    validate(
        token,
        keys,
        &Expected {
            issuer: ISSUER,
            client_id: &client_id,
            nonce: &nonce,
            now,
            leeway: DEFAULT_LEEWAY,
        },
    )
}

fn set(signers: &[&Signer]) -> JwkSet {
    JwkSet {
        keys: signers.iter().map(|s| s.jwk.clone()).collect(),
    }
}

fn with(changes: Value) -> Value {
    let mut claims = claims();
    if let (Some(base), Some(changes)) = (claims.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            if value.is_null() {
                base.remove(key);
            } else {
                base.insert(key.clone(), value.clone());
            }
        }
    }
    claims
}

#[test]
fn accepts_a_valid_token_and_returns_its_claims() {
    let s = signer("k1");
    let result = check(&sign(&s, "k1", &claims()), &set(&[&s]), NOW + 10).expect("valid");
    assert_eq!(result.sub, "demandeur-1");
    assert_eq!(result.aud, vec!["vitrine-demo-public".to_string()]);
    assert_eq!(result.alg, Algorithm::ES256);
    assert_eq!(result.kid.as_deref(), Some("k1"));
    assert_eq!(result.all.get("given_name"), Some(&json!("Camille")));
}

#[test]
fn picks_the_key_named_by_kid_among_several() {
    let (a, b) = (signer("a"), signer("b"));
    assert!(check(&sign(&b, "b", &claims()), &set(&[&a, &b]), NOW).is_ok());
}

#[test]
fn rejects_a_signature_by_another_key_under_the_same_kid() {
    let (real, forger) = (signer("k1"), signer("k1"));
    let token = sign(&forger, "k1", &claims());
    assert_eq!(
        check(&token, &set(&[&real]), NOW),
        Err(IdTokenError::BadSignature)
    );
}

#[test]
fn rejects_a_tampered_payload() {
    let s = signer("k1");
    let token = sign(&s, "k1", &claims());
    let forged_payload = URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&with(json!({"sub": "someone-else"}))).expect("json"));
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        check(&tampered, &set(&[&s]), NOW),
        Err(IdTokenError::BadSignature)
    );
}

#[test]
fn rejects_a_wrong_audience_and_checks_azp_when_several() {
    let s = signer("k1");
    let keys = set(&[&s]);
    let wrong = sign(&s, "k1", &with(json!({"aud": "another-client"})));
    assert!(matches!(
        check(&wrong, &keys, NOW),
        Err(IdTokenError::WrongAudience { .. })
    ));
    let several = json!(["vitrine-demo-public", "api-gateway"]);
    let no_azp = sign(&s, "k1", &with(json!({ "aud": several })));
    assert_eq!(check(&no_azp, &keys, NOW), Err(IdTokenError::MissingAzp));
    let bad_azp = sign(
        &s,
        "k1",
        &with(json!({ "aud": several, "azp": "api-gateway" })),
    );
    assert!(matches!(
        check(&bad_azp, &keys, NOW),
        Err(IdTokenError::WrongAzp { .. })
    ));
    let good = sign(
        &s,
        "k1",
        &with(json!({ "aud": several, "azp": "vitrine-demo-public" })),
    );
    assert!(check(&good, &keys, NOW).is_ok());
}

#[test]
fn expiry_and_issue_time_use_the_injected_clock_with_leeway() {
    let s = signer("k1");
    let keys = set(&[&s]);
    let token = sign(&s, "k1", &claims());
    assert!(check(&token, &keys, NOW + 59 + DEFAULT_LEEWAY - 1).is_ok());
    assert_eq!(
        check(&token, &keys, NOW + 59 + DEFAULT_LEEWAY),
        Err(IdTokenError::Expired {
            exp: NOW + 59,
            now: NOW + 59 + DEFAULT_LEEWAY
        })
    );
    assert!(check(&token, &keys, NOW - DEFAULT_LEEWAY).is_ok());
    assert!(matches!(
        check(&token, &keys, NOW - DEFAULT_LEEWAY - 1),
        Err(IdTokenError::IssuedInTheFuture { .. })
    ));
}

#[test]
fn rejects_a_wrong_or_missing_nonce_and_a_wrong_issuer() {
    let s = signer("k1");
    let keys = set(&[&s]);
    let wrong = sign(&s, "k1", &with(json!({"nonce": "replayed"})));
    assert_eq!(check(&wrong, &keys, NOW), Err(IdTokenError::WrongNonce));
    let missing = sign(&s, "k1", &with(json!({"nonce": null})));
    assert_eq!(
        check(&missing, &keys, NOW),
        Err(IdTokenError::MissingClaim("nonce"))
    );
    let issuer = sign(&s, "k1", &with(json!({"iss": "https://evil.test"})));
    assert!(matches!(
        check(&issuer, &keys, NOW),
        Err(IdTokenError::WrongIssuer { .. })
    ));
}

#[test]
fn rejects_alg_none_before_any_key_lookup() {
    let s = signer("k1");
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims()).expect("json"));
    for token in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}.c2ln"),
    ] {
        assert_eq!(check(&token, &set(&[&s]), NOW), Err(IdTokenError::AlgNone));
    }
}

#[test]
fn rejects_hs256_signed_with_the_public_key_as_secret() {
    // The classic key-confusion attack: HMAC keyed with the public key bytes.
    let s = signer("k1");
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("k1".into());
    let public = serde_json::to_vec(&s.jwk).expect("json");
    let token =
        jsonwebtoken::encode(&header, &claims(), &EncodingKey::from_secret(&public)).expect("sign");
    assert_eq!(
        check(&token, &set(&[&s]), NOW),
        Err(IdTokenError::SymmetricAlgorithm("HS256".into()))
    );
}

#[test]
fn rejects_unknown_kid_and_a_key_of_the_wrong_kind() {
    let s = signer("k1");
    assert_eq!(
        check(&sign(&s, "k9", &claims()), &set(&[&s]), NOW),
        Err(IdTokenError::NoMatchingKey {
            kid: Some("k9".into())
        })
    );
    let mut header = Header::new(Algorithm::ES256);
    header.kid = None;
    let no_kid = jsonwebtoken::encode(&header, &claims(), &s.key).expect("sign");
    assert!(check(&no_kid, &set(&[&s]), NOW).is_ok());
    let other = signer("k2");
    assert_eq!(
        check(&no_kid, &set(&[&s, &other]), NOW),
        Err(IdTokenError::NoMatchingKey { kid: None })
    );
}

#[test]
fn garbage_is_malformed_not_a_panic() {
    let s = signer("k1");
    let keys = set(&[&s]);
    for token in [
        "",
        "a.b",
        "a.b.c.d",
        "!!.??.**",
        "e30.e30.e30",
        "eyJhbGciOjF9.e30.e30",
    ] {
        assert!(check(token, &keys, NOW).is_err(), "{token}");
    }
}
