//! What the sandbox knows: its clients, its test users and the API scopes of
//! each realm. Defaults match the contract shared with the widget; a YAML
//! file (`vitrine sandbox --config FILE`) can add to them or replace them.

use crate::oauth::Realm;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// The confidential demo client, allowed on every realm.
pub const DEMO_CONFIDENTIAL_ID: &str = "vitrine-demo-confidentiel";
/// Its secret: a test value, printed in the README and on the demo page.
pub const DEMO_CONFIDENTIAL_SECRET: &str = "vitrine-demo-secret";
/// The public demo client: no secret, PKCE S256 required.
pub const DEMO_PUBLIC_ID: &str = "vitrine-demo-public";
/// Where the demo widget receives the redirect, under the site URL.
pub const SITE_CALLBACK_PATH: &str = "/static/oauth-callback.html";
/// The loopback redirect of `vitrine oauth login` (any port, RFC 8252 §7.3).
pub const LOOPBACK_CALLBACK: &str = "http://127.0.0.1/callback";
/// The site the demo widget runs on when none is given.
pub const DEFAULT_SITE_URL: &str = "http://127.0.0.1:1111";

/// A client secret. `Debug` redacts it so it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A registered client.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    /// None: a public client, which must use PKCE S256.
    pub secret: Option<Secret>,
    pub redirect_uris: Vec<String>,
    pub realms: Vec<Realm>,
}

/// A test user one can sign in as.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// Also the `sub` claim.
    pub id: String,
    /// What the sign-in button says.
    pub label: String,
    /// Identity claims, in id_token and userinfo.
    pub claims: BTreeMap<String, Value>,
}

/// Everything the sandbox serves.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The site the widget runs on: the only CORS origin, and the base of the
    /// default redirect URI.
    pub site_url: String,
    /// The URL clients reach the sandbox at, when it differs from the bound
    /// address (e.g. mounted inside `vitrine serve`). None: `http://ADDR`.
    pub public_url: Option<String>,
    pub clients: Vec<Client>,
    pub users: BTreeMap<Realm, Vec<TestUser>>,
    /// API scopes accepted per realm, beyond `openid profile email` and
    /// `application_<client_id>`.
    pub api_scopes: BTreeMap<Realm, Vec<String>>,
}

impl SandboxConfig {
    /// The demo clients and users for a widget served from `site_url`.
    pub fn with_defaults(site_url: &str) -> SandboxConfig {
        let site_url = site_url.trim_end_matches('/').to_string();
        let redirect_uris = vec![
            format!("{site_url}{SITE_CALLBACK_PATH}"),
            LOOPBACK_CALLBACK.to_string(),
        ];
        let clients = vec![
            Client {
                id: DEMO_CONFIDENTIAL_ID.into(),
                secret: Some(Secret::new(DEMO_CONFIDENTIAL_SECRET)),
                redirect_uris: redirect_uris.clone(),
                realms: Realm::ALL.to_vec(),
            },
            Client {
                id: DEMO_PUBLIC_ID.into(),
                secret: None,
                redirect_uris,
                realms: Realm::ALL.to_vec(),
            },
        ];
        SandboxConfig {
            site_url,
            public_url: None,
            clients,
            users: default_users(),
            api_scopes: default_api_scopes(),
        }
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub fn users(&self, realm: Realm) -> &[TestUser] {
        self.users.get(&realm).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn user(&self, realm: Realm, id: &str) -> Option<&TestUser> {
        self.users(realm).iter().find(|u| u.id == id)
    }

    /// `scheme://host[:port]` of the site URL, the one origin CORS allows.
    pub fn site_origin(&self) -> Option<String> {
        let url = url::Url::parse(&self.site_url).ok()?;
        let origin = url.origin();
        origin.is_tuple().then(|| origin.ascii_serialization())
    }

    /// Whether `scope` (one token) may be requested by `client_id` on `realm`.
    pub fn accepts_scope(&self, realm: Realm, client_id: &str, scope: &str) -> bool {
        if let Some(app) = scope.strip_prefix("application_") {
            return app == client_id;
        }
        if realm.has_users() && matches!(scope, "openid" | "profile" | "email") {
            return true;
        }
        self.api_scopes
            .get(&realm)
            .is_some_and(|scopes| scopes.iter().any(|s| s == scope))
    }
}

fn default_api_scopes() -> BTreeMap<Realm, Vec<String>> {
    let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    BTreeMap::from([
        (
            Realm::Partenaire,
            list(&[
                "api_labonneboitev1",
                "api_offresdemploiv2",
                "o2dsoffre",
                "api_romev1",
                "nomenclatureRome",
            ]),
        ),
        (
            Realm::Individu,
            list(&[
                "api_peconnect-individuv1",
                "api_peconnect-coordonneesv1",
                "api_peconnect-statutv1",
                "coordonnees",
                "statut",
            ]),
        ),
        (Realm::Entreprise, list(&["api_peconnect-entreprisev1"])),
        (Realm::Agent, list(&["api_peconnect-agentv1"])),
    ])
}

fn user(id: &str, label: &str, claims: &[(&str, &str)]) -> TestUser {
    TestUser {
        id: id.into(),
        label: label.into(),
        claims: claims
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect(),
    }
}

fn default_users() -> BTreeMap<Realm, Vec<TestUser>> {
    BTreeMap::from([
        (
            Realm::Individu,
            vec![
                user(
                    "demandeur-marie-dupont",
                    "Marie Dupont, demandeuse d’emploi",
                    &[
                        ("given_name", "Marie"),
                        ("family_name", "Dupont"),
                        ("email", "marie.dupont@example.fr"),
                        ("gender", "female"),
                    ],
                ),
                user(
                    "demandeur-karim-benali",
                    "Karim Benali, candidat",
                    &[
                        ("given_name", "Karim"),
                        ("family_name", "Benali"),
                        ("email", "karim.benali@example.fr"),
                        ("gender", "male"),
                    ],
                ),
            ],
        ),
        (
            Realm::Entreprise,
            vec![user(
                "employeur-camille-martin",
                "Camille Martin, recruteuse (Boulangerie Martin)",
                &[
                    ("given_name", "Camille"),
                    ("family_name", "Martin"),
                    ("email", "recrutement@boulangerie-martin.example.fr"),
                ],
            )],
        ),
        (
            Realm::Agent,
            vec![user(
                "agent-sophie-leroy",
                "Sophie Leroy, conseillère France Travail",
                &[
                    ("usual_name", "Leroy"),
                    ("given_name", "Sophie"),
                    ("email", "sophie.leroy@francetravail.example.fr"),
                    ("uid", "SLER0042"),
                    ("siret", "13000548100010"),
                    ("organizational_unit", "Agence Paris 15e Vaugirard"),
                    ("belonging_population", "agent"),
                    ("phone", "+33 1 23 45 67 89"),
                ],
            )],
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_clients_have_both_redirect_uris() {
        let config = SandboxConfig::with_defaults("http://127.0.0.1:1111/");
        let client = config.client(DEMO_PUBLIC_ID).expect("public client");
        assert!(client.secret.is_none());
        assert_eq!(
            client.redirect_uris,
            [
                "http://127.0.0.1:1111/static/oauth-callback.html",
                "http://127.0.0.1/callback"
            ]
        );
    }

    #[test]
    fn agent_user_carries_proconnect_fields() {
        let config = SandboxConfig::with_defaults(DEFAULT_SITE_URL);
        let agent = &config.users(Realm::Agent)[0];
        for field in [
            "usual_name",
            "given_name",
            "email",
            "uid",
            "siret",
            "organizational_unit",
            "belonging_population",
            "phone",
        ] {
            assert!(agent.claims.contains_key(field), "missing {field}");
        }
    }

    #[test]
    fn scopes_are_per_realm_and_application_scope_is_per_client() {
        let config = SandboxConfig::with_defaults(DEFAULT_SITE_URL);
        let p = Realm::Partenaire;
        assert!(config.accepts_scope(p, "abc", "application_abc"));
        assert!(!config.accepts_scope(p, "abc", "application_xyz"));
        assert!(config.accepts_scope(p, "abc", "api_labonneboitev1"));
        assert!(!config.accepts_scope(p, "abc", "openid"));
        assert!(config.accepts_scope(Realm::Individu, "abc", "openid"));
        assert!(!config.accepts_scope(Realm::Individu, "abc", "api_inconnue"));
    }

    #[test]
    fn secret_debug_is_redacted() {
        let shown = format!("{:?}", Secret::new("vitrine-demo-secret"));
        assert!(!shown.contains("vitrine"));
    }

    #[test]
    fn site_origin_drops_the_path() {
        let config = SandboxConfig::with_defaults("http://localhost:1111/catalogue/");
        assert_eq!(
            config.site_origin().as_deref(),
            Some("http://localhost:1111")
        );
    }
}
