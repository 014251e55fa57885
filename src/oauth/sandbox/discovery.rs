//! OpenID discovery and JWKS per realm, and a small index page for humans
//! who open the sandbox's root URL.

use super::http::{HttpRequest, Reply};
use super::state::Sandbox;
use crate::oauth::Realm;
use crate::text::html::escape_html as escape;
use serde::Serialize;

/// OpenID Connect Discovery 1.0 §3, plus RFC 8414 / RFC 9207 fields.
#[derive(Debug, Serialize)]
struct Configuration {
    issuer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    authorization_endpoint: Option<String>,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    userinfo_endpoint: Option<String>,
    response_types_supported: Vec<&'static str>,
    grant_types_supported: Vec<&'static str>,
    subject_types_supported: Vec<&'static str>,
    code_challenge_methods_supported: Vec<&'static str>,
    id_token_signing_alg_values_supported: Vec<&'static str>,
    scopes_supported: Vec<String>,
    token_endpoint_auth_methods_supported: Vec<&'static str>,
    authorization_response_iss_parameter_supported: bool,
}

/// Where each endpoint of `realm` lives on a sandbox at `base`.
pub struct Endpoints {
    pub authorize: String,
    pub token: String,
    pub userinfo: String,
}

pub fn endpoints(base: &str, realm: Realm) -> Endpoints {
    let query = format!("?realm=%2F{}", &realm.as_str()[1..]);
    if realm == Realm::Agent {
        Endpoints {
            authorize: format!("{base}/connexion/oauth2/agent/authorize"),
            token: format!("{base}/connexion/oauth2/agent/access_token"),
            userinfo: format!("{base}/connexion/oauth2/agent/userinfo"),
        }
    } else {
        Endpoints {
            authorize: format!("{base}/connexion/oauth2/authorize{query}"),
            token: format!("{base}/connexion/oauth2/access_token{query}"),
            userinfo: format!("{base}/connexion/oauth2/userinfo{query}"),
        }
    }
}

pub fn configuration(sandbox: &Sandbox, realm: Realm) -> Reply {
    let issuer = sandbox.issuer(realm);
    let at = endpoints(sandbox.base_url(), realm);
    let users = realm.has_users();
    let mut scopes: Vec<String> = if users {
        ["openid", "profile", "email"].map(String::from).to_vec()
    } else {
        Vec::new()
    };
    scopes.extend(
        sandbox
            .config
            .api_scopes
            .get(&realm)
            .cloned()
            .unwrap_or_default(),
    );
    let configuration = Configuration {
        jwks_uri: format!("{issuer}/jwks"),
        issuer,
        authorization_endpoint: users.then_some(at.authorize),
        token_endpoint: at.token,
        userinfo_endpoint: users.then_some(at.userinfo),
        response_types_supported: vec!["code"],
        grant_types_supported: vec![if users {
            "authorization_code"
        } else {
            "client_credentials"
        }],
        subject_types_supported: vec!["public"],
        code_challenge_methods_supported: vec!["S256"],
        id_token_signing_alg_values_supported: vec!["ES256"],
        scopes_supported: scopes,
        token_endpoint_auth_methods_supported: vec![
            "client_secret_basic",
            "client_secret_post",
            "none",
        ],
        authorization_response_iss_parameter_supported: users,
    };
    Reply::json(200, "application/json", &configuration)
}

pub fn jwks(sandbox: &Sandbox) -> Reply {
    Reply::json(200, "application/json", &sandbox.keys.jwks())
}

/// `/`: what this server is and where its realms are.
pub fn index(sandbox: &Sandbox, request: &HttpRequest) -> Reply {
    if request.path != "/" {
        return Reply::text(404, "Not found: this sandbox serves /connexion/oauth2/…");
    }
    let mut rows = String::new();
    for realm in Realm::ALL {
        let issuer = sandbox.issuer(realm);
        rows.push_str(&format!(
            "<li><code>{}</code> : <a href=\"{}/.well-known/openid-configuration\">découverte OpenID</a></li>\n",
            realm.as_str(),
            escape(&issuer)
        ));
    }
    Reply::html(
        200,
        format!(
            "<!doctype html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>Bac à sable OAuth vitrine</title></head>\n<body><main>\n<h1>Bac à sable OAuth 2.0 de vitrine</h1>\n<p>Ce serveur imite l’authentification de France Travail avec des clients et des utilisateurs de test. Il ne délivre aucun jeton valable ailleurs.</p>\n<ul>\n{rows}</ul>\n</main></body>\n</html>\n"
        ),
    )
}
