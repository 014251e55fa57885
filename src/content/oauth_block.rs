//! The `oauth:` front-matter block of cards and guides (see
//! content-format.md): realm checked against `oauth::Realm`, flow checked
//! against what the realm supports.

use super::fields::{Map, Reader};
use super::{OAuthDemo, OAuthFlow};
use crate::oauth::Realm;
use crate::yaml::{Mapping, Seg, Value};

const KEYS: &[&str] = &[
    "realm",
    "flow",
    "pkce",
    "scopes",
    "authorize_url",
    "token_url",
];

pub(crate) fn parse(r: &mut Reader, map: &Mapping, at: &[Seg]) -> Option<OAuthDemo> {
    let m = Map::new(map, at);
    r.check_keys(m, KEYS);
    let realm_text = r.required_string(m, "realm", "the demo's realm");
    if realm_text.is_empty() {
        return None;
    }
    let Some(realm) = Realm::parse(realm_text.trim()) else {
        let pos = r.value_pos(m, "realm");
        r.error_at(
            pos,
            format!(
                "`realm`: expected /partenaire, /individu, /entreprise (or /employeur) or /agent, found {realm_text:?}"
            ),
        );
        return None;
    };
    let default_flow = if realm.has_users() {
        OAuthFlow::AuthorizationCode
    } else {
        OAuthFlow::ClientCredentials
    };
    let flow = match r.string(m, "flow").as_deref().map(str::trim) {
        None => default_flow,
        Some("authorization_code") => OAuthFlow::AuthorizationCode,
        Some("client_credentials") => OAuthFlow::ClientCredentials,
        Some(other) => {
            let pos = r.value_pos(m, "flow");
            r.error_at(
                pos,
                format!(
                    "`flow`: expected authorization_code or client_credentials, found {other:?}"
                ),
            );
            default_flow
        }
    };
    if flow != default_flow {
        let pos = r.value_pos(m, "flow");
        let message = if realm.has_users() {
            format!(
                "`flow`: realm {} signs users in and needs authorization_code",
                realm.as_str()
            )
        } else {
            "`flow`: realm /partenaire authenticates applications and needs client_credentials"
                .to_string()
        };
        r.error_at(pos, message);
    }
    let scopes = match m.get("scopes") {
        Some(Value::String(s)) => s.split_whitespace().map(String::from).collect(),
        _ => r.string_list(m, "scopes", false),
    };
    Some(OAuthDemo {
        realm: realm.as_str().to_string(),
        flow,
        pkce: r.bool(m, "pkce").unwrap_or(false),
        scopes,
        authorize_url: endpoint(r, m, "authorize_url"),
        token_url: endpoint(r, m, "token_url"),
    })
}

/// An endpoint URL is shown to readers inside copyable curl commands, so it
/// must be a plain http(s) URL: no spaces, quotes, `$` or backquotes that a
/// shell would interpret when the command is pasted.
fn endpoint(r: &mut Reader, m: Map, key: &str) -> Option<String> {
    let url = r.string(m, key)?;
    let url = url.trim().to_string();
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let bad = url
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '$' | '\\' | '<' | '>'));
    if scheme_ok && bad.is_none() {
        return Some(url);
    }
    let pos = r.value_pos(m, key);
    let found = match bad {
        Some(c) => format!("the character {c:?}"),
        None => "no http:// or https:// scheme".to_string(),
    };
    r.error_at(
        pos,
        format!("`{key}`: expected an http(s) URL, found {found} in {url:?}"),
    );
    None
}
