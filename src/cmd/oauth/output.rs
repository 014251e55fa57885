//! What `vitrine oauth` prints: the request as it travels (secrets masked),
//! then the response with tokens masked unless `--show-tokens`. Whatever
//! the provider sent goes through `terminal_safe` first: its escape
//! sequences are shown, not obeyed.

use crate::oauth::client::http::RawResponse;
use crate::oauth::client::id_token::IdTokenClaims;
use crate::oauth::client::response::TokenResponse;
use crate::oauth::client::terminal::terminal_safe;
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
            terminal_safe(value).into_owned()
        } else {
            terminal_safe(&mask(value)).into_owned()
        }
    };
    println!("HTTP {}", raw.status);
    if let Some(content_type) = &raw.content_type {
        println!("Content-Type: {}", terminal_safe(content_type));
    }
    if let Some(cache_control) = &raw.cache_control {
        println!("Cache-Control: {}", terminal_safe(cache_control));
    }
    println!();
    if let Some(scope) = &response.scope {
        println!("scope: {}", terminal_safe(scope));
    }
    if let Some(expires_in) = response.expires_in {
        println!("expires_in: {expires_in}");
    }
    println!("token_type: {}", terminal_safe(&response.token_type));
    println!("access_token: {}", shown(response.access_token.secret()));
    if let Some(id_token) = &response.id_token {
        println!("id_token: {}", shown(id_token.secret()));
    }
    if let Some(refresh_token) = &response.refresh_token {
        println!("refresh_token: {}", shown(refresh_token.secret()));
    }
    if let Some(nonce) = &response.nonce {
        println!("nonce: {}", terminal_safe(nonce));
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
            .map(|kid| format!(", kid {}", terminal_safe(kid)))
            .unwrap_or_default()
    );
    println!("claims:");
    // serde_json escapes C0 controls in strings, not DEL, C1 or bidi
    // overrides: each line of the JSON is made safe too.
    let json =
        serde_json::to_string_pretty(&claims.all).unwrap_or_else(|_| format!("{:?}", claims.all));
    for line in json.lines() {
        println!("{}", terminal_safe(line));
    }
}
