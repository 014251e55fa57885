//! OpenID Provider metadata (Discovery 1.0) and JWKS documents: where the
//! endpoints are and which keys sign id_tokens. Parsing is pure; `fetch_*`
//! go through `http`.

use super::error::Error;
use super::http::HttpClient;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use serde::Deserialize;
use serde_json::Value;

/// The fields of `/.well-known/openid-configuration` the helper uses.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ProviderMetadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
    #[serde(default)]
    pub grant_types_supported: Vec<String>,
    #[serde(default)]
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// The provider puts `iss` in every authorization response (RFC 9207 §3):
    /// a redirect without one is then refused.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

/// `{issuer}/.well-known/openid-configuration` (Discovery §4.1).
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    )
}

/// Parses the metadata and checks it names the issuer that was asked for
/// (Discovery §4.3): otherwise an impostor's keys could be trusted.
pub fn parse_metadata(issuer: &str, url: &str, body: &str) -> Result<ProviderMetadata, Error> {
    let metadata: ProviderMetadata = serde_json::from_str(body).map_err(|e| Error::Discovery {
        url: url.to_owned(),
        message: format!("not a provider metadata document: {e}"),
    })?;
    if metadata.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(Error::Discovery {
            url: url.to_owned(),
            message: format!(
                "the document names issuer `{}`, not `{issuer}`",
                metadata.issuer
            ),
        });
    }
    Ok(metadata)
}

/// Parses a JWKS, keeping the keys jsonwebtoken understands: one exotic key
/// (an encryption key of an unknown type, say) must not hide the others.
pub fn parse_jwks(url: &str, body: &str) -> Result<JwkSet, Error> {
    #[derive(Deserialize)]
    struct Loose {
        keys: Vec<Value>,
    }
    let loose: Loose = serde_json::from_str(body).map_err(|e| Error::Discovery {
        url: url.to_owned(),
        message: format!("not a JWKS document: {e}"),
    })?;
    let keys: Vec<Jwk> = loose
        .keys
        .into_iter()
        .filter_map(|key| serde_json::from_value(key).ok())
        .collect();
    if keys.is_empty() {
        return Err(Error::Discovery {
            url: url.to_owned(),
            message: "the JWKS holds no usable key".into(),
        });
    }
    Ok(JwkSet { keys })
}

pub fn fetch_metadata(http: &HttpClient, issuer: &str) -> Result<ProviderMetadata, Error> {
    let url = discovery_url(issuer);
    parse_metadata(issuer, &url, &http.get(&url)?)
}

pub fn fetch_jwks(http: &HttpClient, jwks_uri: &str) -> Result<JwkSet, Error> {
    parse_jwks(jwks_uri, &http.get(jwks_uri)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUER: &str = "http://127.0.0.1:8787/connexion/oauth2/individu";

    fn document(issuer: &str) -> String {
        format!(
            r#"{{"issuer":"{issuer}","authorization_endpoint":"http://127.0.0.1:8787/connexion/oauth2/authorize",
            "token_endpoint":"http://127.0.0.1:8787/connexion/oauth2/access_token",
            "jwks_uri":"{issuer}/jwks","response_types_supported":["code"],
            "code_challenge_methods_supported":["S256"]}}"#
        )
    }

    #[test]
    fn discovery_url_appends_the_well_known_path_once() {
        assert_eq!(
            discovery_url("https://a.test/x/"),
            "https://a.test/x/.well-known/openid-configuration"
        );
    }

    #[test]
    fn parses_metadata_for_the_expected_issuer() {
        let metadata = parse_metadata(ISSUER, "u", &document(ISSUER)).expect("valid");
        assert_eq!(metadata.jwks_uri, format!("{ISSUER}/jwks"));
        assert_eq!(metadata.code_challenge_methods_supported, vec!["S256"]);
        assert!(metadata.userinfo_endpoint.is_none());
        assert!(!metadata.authorization_response_iss_parameter_supported);
        let announced = document(ISSUER).replacen(
            "{",
            r#"{"authorization_response_iss_parameter_supported":true,"#,
            1,
        );
        let metadata = parse_metadata(ISSUER, "u", &announced).expect("valid");
        assert!(metadata.authorization_response_iss_parameter_supported);
    }

    #[test]
    fn refuses_metadata_naming_another_issuer_or_missing_fields() {
        let other = parse_metadata(ISSUER, "u", &document("https://evil.test"));
        assert!(matches!(other, Err(Error::Discovery { .. })));
        let partial = parse_metadata(ISSUER, "u", r#"{"issuer":"x"}"#);
        assert!(matches!(partial, Err(Error::Discovery { .. })));
    }

    #[test]
    fn jwks_keeps_usable_keys_and_skips_unknown_ones() {
        let body = r#"{"keys":[
            {"kty":"EC","crv":"P-256","kid":"k1","use":"sig","alg":"ES256",
             "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
            {"kty":"weird","kid":"k2"}]}"#;
        let set = parse_jwks("u", body).expect("valid");
        assert_eq!(set.keys.len(), 1);
        assert!(set.find("k1").is_some());
        assert!(parse_jwks("u", r#"{"keys":[]}"#).is_err());
        assert!(parse_jwks("u", "<html>").is_err());
    }
}
