//! What `vitrine oauth` prints: the request as it travels (secrets masked),
//! then the response with tokens masked unless `--show-tokens`.

use crate::oauth::client::http::RawResponse;
use crate::oauth::client::id_token::IdTokenClaims;
use crate::oauth::client::response::TokenResponse;
use crate::oauth::client::TokenRequest;
use crate::oauth::secret::mask;

pub fn print_request(request: &TokenRequest) {
    println!("POST {}", request.url);
    for (name, value) in &request.headers {
        println!("{name}: {value}");
    }
    println!();
    println!("{}", request.redacted_body());
    println!();
}

pub fn print_response(raw: &RawResponse, response: &TokenResponse, show_tokens: bool) {
    let shown = |value: &str| {
        if show_tokens {
            value.to_owned()
        } else {
            mask(value)
        }
    };
    println!("HTTP {}", raw.status);
    if let Some(content_type) = &raw.content_type {
        println!("Content-Type: {content_type}");
    }
    if let Some(cache_control) = &raw.cache_control {
        println!("Cache-Control: {cache_control}");
    }
    println!();
    if let Some(scope) = &response.scope {
        println!("scope: {scope}");
    }
    if let Some(expires_in) = response.expires_in {
        println!("expires_in: {expires_in}");
    }
    println!("token_type: {}", response.token_type);
    println!("access_token: {}", shown(response.access_token.secret()));
    if let Some(id_token) = &response.id_token {
        println!("id_token: {}", shown(id_token.secret()));
    }
    if let Some(refresh_token) = &response.refresh_token {
        println!("refresh_token: {}", shown(refresh_token.secret()));
    }
    if let Some(nonce) = &response.nonce {
        println!("nonce: {nonce}");
    }
    if !show_tokens {
        println!("(tokens masked; --show-tokens prints them in full)");
    }
}

pub fn print_claims(claims: &IdTokenClaims) {
    println!();
    println!(
        "id_token checks: signature ✓ ({:?}{}), iss ✓, aud ✓, exp ✓, iat ✓, nonce ✓",
        claims.alg,
        claims
            .kid
            .as_deref()
            .map(|kid| format!(", kid {kid}"))
            .unwrap_or_default()
    );
    println!("claims:");
    match serde_json::to_string_pretty(&claims.all) {
        Ok(json) => println!("{json}"),
        Err(_) => println!("{:?}", claims.all),
    }
}
