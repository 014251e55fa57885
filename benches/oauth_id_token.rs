//! Median time of `oauth::client::id_token::validate` on a realistic ES256 id_token
//! (the sandbox's algorithm, `/agent` claims, a two-key JWKS as during a key
//! rotation), and of parsing the token response that carries it, for scale.
//!
//! Run: `cargo bench --bench oauth_id_token`

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey as _;
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;
use vitrine::oauth::client::id_token::{validate, Expected, DEFAULT_LEEWAY};
use vitrine::oauth::client::response::parse_token_response;
use vitrine::oauth::secret::{ClientId, Nonce};

const SAMPLES: usize = 31;
const NOW: u64 = 1_800_000_000;

/// Median and fastest seconds per call of `f`, over `SAMPLES` batches of
/// about 20 ms: on a shared machine the fastest batch is the best estimate of
/// the uncontended cost, the median of what a loaded one gives.
fn median_seconds(mut f: impl FnMut()) -> (f64, f64) {
    let start = Instant::now();
    let mut per_batch = 0u32;
    while start.elapsed().as_millis() < 20 {
        f();
        per_batch += 1;
    }
    let per_batch = per_batch.max(1);
    let mut samples: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            start.elapsed().as_secs_f64() / f64::from(per_batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (samples[SAMPLES / 2], samples[0])
}

fn main() {
    let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
    let der = secret.to_pkcs8_der().expect("pkcs8");
    let key = EncodingKey::from_ec_der(der.as_bytes());
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::ES256).expect("jwk");
    jwk.common.key_id = Some("sandbox-1".into());
    // A JWKS with a second key, as during a key rotation.
    let other = p256::SecretKey::random(&mut rand::rngs::OsRng);
    let other_key = EncodingKey::from_ec_der(other.to_pkcs8_der().expect("pkcs8").as_bytes());
    let mut other_jwk = Jwk::from_encoding_key(&other_key, Algorithm::ES256).expect("jwk");
    other_jwk.common.key_id = Some("sandbox-0".into());
    let keys = JwkSet {
        keys: vec![other_jwk, jwk],
    };
    let issuer = "http://127.0.0.1:8787/connexion/oauth2/agent";
    let claims = json!({
        "iss": issuer, "sub": "agent-1", "aud": "vitrine-demo-public", "azp": "vitrine-demo-public",
        "exp": NOW + 59, "iat": NOW, "auth_time": NOW, "nonce": "R8eRePAwjicze_C_PwAJSZsbd73AYqPUWXFfPexnLN4",
        "usual_name": "Martin", "given_name": "Camille", "email": "camille.martin@francetravail.fr",
        "uid": "cmartin", "siret": "13000548100010", "organizational_unit": "Agence Lyon Part-Dieu",
        "belonging_population": "agent", "phone": "+33 1 00 00 00 00"
    });
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some("sandbox-1".into());
    let token = jsonwebtoken::encode(&header, &claims, &key).expect("sign");
    let client_id = ClientId::new("vitrine-demo-public");
    let nonce = Nonce::new("R8eRePAwjicze_C_PwAJSZsbd73AYqPUWXFfPexnLN4");
    let expected = Expected {
        issuer,
        client_id: &client_id,
        nonce: &nonce,
        now: NOW + 5,
        leeway: DEFAULT_LEEWAY,
    };
    assert!(
        validate(&token, &keys, &expected).is_ok(),
        "the bench token must be valid"
    );

    let (median, fastest) = median_seconds(|| {
        black_box(validate(black_box(&token), &keys, &expected)).ok();
    });
    println!(
        "id_token validate (ES256, {} bytes, 2-key JWKS): median {:.1} µs ({:.0} tokens/s), fastest batch {:.1} µs",
        token.len(),
        median * 1e6,
        1.0 / median,
        fastest * 1e6
    );

    let body = format!(
        r#"{{"scope":"application_vitrine-demo-public api_peconnect-agentv1 openid profile email","expires_in":59,"token_type":"Bearer","access_token":"{}","id_token":"{token}","nonce":"{}"}}"#,
        "a".repeat(40),
        nonce.secret()
    );
    let (median, fastest) = median_seconds(|| {
        black_box(parse_token_response("bench", 200, black_box(&body))).ok();
    });
    println!(
        "token response parse ({} bytes): median {:.2} µs, fastest batch {:.2} µs",
        body.len(),
        median * 1e6,
        fastest * 1e6
    );
}
