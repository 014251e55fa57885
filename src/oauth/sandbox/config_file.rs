//! `vitrine sandbox --config FILE.yaml`: clients, users and scopes to add to
//! the defaults (or to replace them with `replace_defaults: true`). Every
//! problem is reported with the file, and the line and column when YAML knows them.
//!
//! ```yaml
//! replace_defaults: false
//! clients:
//!   - client_id: mon-application
//!     client_secret: secret-de-test   # omit for a public client (PKCE required)
//!     redirect_uris: [https://example.fr/callback]
//!     realms: [/individu, /agent]     # default: every realm
//! users:
//!   /individu:
//!     - id: jeanne
//!       label: Jeanne Martin
//!       claims: {given_name: Jeanne, family_name: Martin}
//! scopes:
//!   /partenaire: [api_mon-apiv1]
//! ```

use super::config::{Client, SandboxConfig, Secret, TestUser};
use crate::oauth::Realm;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Claims the sandbox writes into every id_token (and `sub` into userinfo):
/// a test user's own value would appear twice in the JSON, and a client
/// reading the last one would see, say, another audience.
const RESERVED_CLAIMS: [&str; 8] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "azp",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    replace_defaults: bool,
    #[serde(default)]
    clients: Vec<ClientEntry>,
    #[serde(default)]
    users: BTreeMap<String, Vec<UserEntry>>,
    #[serde(default)]
    scopes: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientEntry {
    client_id: String,
    client_secret: Option<String>,
    redirect_uris: Vec<String>,
    realms: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserEntry {
    id: String,
    label: Option<String>,
    #[serde(default)]
    claims: BTreeMap<String, Value>,
}

/// Reads `path` and applies it to `config`.
pub fn load(config: &mut SandboxConfig, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: cannot read the sandbox configuration: {e}",
            path.display()
        )
    })?;
    apply(config, &text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Applies the YAML `text` to `config`; the error says what and where.
pub fn apply(config: &mut SandboxConfig, text: &str) -> Result<(), String> {
    let file: File = serde_yaml::from_str(text).map_err(|e| {
        let place = e
            .location()
            .map(|l| format!("line {}, column {}: ", l.line(), l.column()))
            .unwrap_or_default();
        format!("{place}{e}")
    })?;
    if file.replace_defaults {
        config.clients.clear();
        config.users.clear();
    }
    for entry in file.clients {
        let client = client(entry)?;
        config.clients.retain(|c| c.id != client.id);
        config.clients.push(client);
    }
    for (name, entries) in file.users {
        let realm = realm(&name, "users")?;
        if !realm.has_users() {
            return Err(format!(
                "users.{name}: /partenaire has no users (it authenticates applications)"
            ));
        }
        let list = config.users.entry(realm).or_default();
        for entry in entries {
            if entry.id.trim().is_empty() {
                return Err(format!("users.{name}: a user has an empty id"));
            }
            if let Some(claim) = entry
                .claims
                .keys()
                .find(|c| RESERVED_CLAIMS.contains(&c.as_str()))
            {
                return Err(format!(
                    "users.{name}.{}: claim `{claim}` is set by the sandbox itself (id_token and userinfo); remove it",
                    entry.id
                ));
            }
            list.retain(|u| u.id != entry.id);
            list.push(TestUser {
                label: entry.label.unwrap_or_else(|| entry.id.clone()),
                id: entry.id,
                claims: entry.claims,
            });
        }
    }
    for (name, scopes) in file.scopes {
        let realm = realm(&name, "scopes")?;
        let list = config.api_scopes.entry(realm).or_default();
        for scope in scopes {
            if scope.is_empty() || scope.contains(' ') {
                return Err(format!("scopes.{name}: « {scope} » is not a single scope"));
            }
            if !list.contains(&scope) {
                list.push(scope);
            }
        }
    }
    Ok(())
}

fn realm(name: &str, section: &str) -> Result<Realm, String> {
    Realm::parse(name).ok_or_else(|| {
        format!(
            "{section}.{name}: unknown realm; use /partenaire, /individu, /entreprise (or /employeur) or /agent"
        )
    })
}

fn client(entry: ClientEntry) -> Result<Client, String> {
    let id = entry.client_id;
    if id.trim().is_empty() || id.contains(char::is_whitespace) {
        return Err(format!(
            "clients: client_id « {id} » must be non-empty, without spaces"
        ));
    }
    if entry.redirect_uris.is_empty() {
        return Err(format!(
            "clients.{id}: redirect_uris must list at least one URI"
        ));
    }
    for uri in &entry.redirect_uris {
        let parsed = url::Url::parse(uri).map_err(|e| {
            format!("clients.{id}: redirect URI « {uri} » is not an absolute URL ({e})")
        })?;
        if parsed.fragment().is_some() {
            return Err(format!(
                "clients.{id}: redirect URI « {uri} » has a fragment, which RFC 6749 §3.1.2 forbids"
            ));
        }
    }
    let realms = match entry.realms {
        None => Realm::ALL.to_vec(),
        Some(names) => names
            .iter()
            .map(|n| realm(n, &format!("clients.{id}.realms")))
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok(Client {
        secret: entry.client_secret.map(Secret::new),
        redirect_uris: entry.redirect_uris,
        realms,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::sandbox::config::{DEFAULT_SITE_URL, DEMO_PUBLIC_ID};

    fn defaults() -> SandboxConfig {
        SandboxConfig::with_defaults(DEFAULT_SITE_URL)
    }

    #[test]
    fn adds_clients_users_and_scopes_to_the_defaults() {
        let mut config = defaults();
        apply(
            &mut config,
            "clients:\n  - client_id: mon-app\n    client_secret: s\n    redirect_uris: [https://example.fr/cb]\n    realms: [/individu]\n\
             users:\n  /employeur:\n    - id: jeanne\n      claims: {given_name: Jeanne}\n\
             scopes:\n  /partenaire: [api_mon-apiv1]\n",
        )
        .unwrap();
        assert!(config.client(DEMO_PUBLIC_ID).is_some());
        let added = config.client("mon-app").unwrap();
        assert_eq!(added.realms, [Realm::Individu]);
        assert_eq!(added.secret.as_ref().map(Secret::expose), Some("s"));
        assert_eq!(
            config.user(Realm::Entreprise, "jeanne").unwrap().label,
            "jeanne"
        );
        assert!(config.accepts_scope(Realm::Partenaire, "mon-app", "api_mon-apiv1"));
    }

    #[test]
    fn replace_defaults_drops_the_demo_clients_and_users() {
        let mut config = defaults();
        apply(&mut config, "replace_defaults: true\n").unwrap();
        assert!(config.clients.is_empty());
        assert!(config.users(Realm::Agent).is_empty());
    }

    #[test]
    fn misspelt_key_names_line_and_column() {
        let mut config = defaults();
        let error = apply(
            &mut config,
            "clients:\n  - client_id: a\n    redirect_uri: [x]\n",
        )
        .unwrap_err();
        assert!(error.starts_with("line 3, column 5: "), "{error}");
        assert!(error.contains("redirect_uri"), "{error}");
    }

    #[test]
    fn semantic_errors_name_the_entry() {
        let cases = [
            (
                "users:\n  /partenaire:\n    - id: x\n",
                "users./partenaire: /partenaire has no users",
            ),
            (
                "users:\n  /nulle-part:\n    - id: x\n",
                "users./nulle-part: unknown realm",
            ),
            (
                "clients:\n  - client_id: a\n    redirect_uris: [pas-une-url]\n",
                "clients.a: redirect URI « pas-une-url »",
            ),
            (
                "clients:\n  - client_id: a\n    redirect_uris: []\n",
                "clients.a: redirect_uris must list",
            ),
            ("clients: oui\n", "line 1, column 10"),
            (
                "users:\n  /individu:\n    - id: x\n      claims: {aud: autre-client}\n",
                "users./individu.x: claim `aud` is set by the sandbox itself",
            ),
        ];
        for (yaml, expected) in cases {
            let error = apply(&mut defaults(), yaml).unwrap_err();
            assert!(error.starts_with(expected), "{yaml:?} gave {error}");
        }
    }
}
