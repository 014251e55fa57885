//! Which endpoint answers which path and method. Paths are the real
//! service's (`/connexion/oauth2/…`, with the `/agent` variants, including
//! the seeds' `acces_token` spelling); discovery and JWKS live under each
//! realm's issuer.

use super::error::{OAuthError, ERROR_CONTENT_TYPE};
use super::http::{HttpRequest, Method, Reply};
use super::state::Sandbox;
use super::{authorize, cors, discovery, token, userinfo};
use crate::oauth::Realm;

const PREFIX: &str = "/connexion/oauth2/";

pub fn route(sandbox: &Sandbox, request: &HttpRequest) -> Reply {
    let Some(rest) = request.path.strip_prefix(PREFIX) else {
        return discovery::index(sandbox, request);
    };
    match rest {
        "authorize" => authorize::handle(sandbox, None, request),
        "agent/authorize" => authorize::handle(sandbox, Some(Realm::Agent), request),
        // `acces_token`: seed 002 gives the /agent token endpoint as
        // `…/connexion/oauth2/acces_token` (realm in the query), misspelling included.
        "access_token" | "acces_token" => cors_endpoint(sandbox, request, &[Method::Post], |r| {
            with_realm(None, r, |realm| token::handle(sandbox, realm, r))
        }),
        "agent/access_token" | "agent/acces_token" => {
            cors_endpoint(sandbox, request, &[Method::Post], |r| {
                with_realm(Some(Realm::Agent), r, |realm| {
                    token::handle(sandbox, realm, r)
                })
            })
        }
        "userinfo" => cors_endpoint(sandbox, request, &[Method::Get, Method::Post], |r| {
            with_realm(None, r, |realm| userinfo::handle(sandbox, realm, r))
        }),
        "agent/userinfo" => cors_endpoint(sandbox, request, &[Method::Get, Method::Post], |r| {
            with_realm(Some(Realm::Agent), r, |realm| {
                userinfo::handle(sandbox, realm, r)
            })
        }),
        _ => match per_issuer(rest) {
            Some((realm, IssuerDocument::Discovery)) => {
                cors_endpoint(sandbox, request, &[Method::Get], |_| {
                    discovery::configuration(sandbox, realm)
                })
            }
            Some((_, IssuerDocument::Jwks)) => {
                cors_endpoint(sandbox, request, &[Method::Get], |_| {
                    discovery::jwks(sandbox)
                })
            }
            None => not_found(),
        },
    }
}

enum IssuerDocument {
    Discovery,
    Jwks,
}

/// `individu/.well-known/openid-configuration` or `individu/jwks`, under the
/// canonical realm name only (an issuer has one URL; `/employeur` is not one).
fn per_issuer(rest: &str) -> Option<(Realm, IssuerDocument)> {
    let (name, document) = rest.split_once('/')?;
    let realm = Realm::parse(name).filter(|r| r.as_str()[1..] == *name)?;
    match document {
        ".well-known/openid-configuration" => Some((realm, IssuerDocument::Discovery)),
        "jwks" => Some((realm, IssuerDocument::Jwks)),
        _ => None,
    }
}

/// Preflight, method check, then the endpoint, with CORS headers for the site.
fn cors_endpoint(
    sandbox: &Sandbox,
    request: &HttpRequest,
    methods: &[Method],
    endpoint: impl FnOnce(&HttpRequest) -> Reply,
) -> Reply {
    if request.method == Method::Options {
        return cors::preflight(sandbox, request);
    }
    let reply = if methods.contains(&request.method) {
        endpoint(request)
    } else {
        let allow = if methods.contains(&Method::Post) {
            if methods.contains(&Method::Get) {
                "GET, POST, OPTIONS"
            } else {
                "POST, OPTIONS"
            }
        } else {
            "GET, OPTIONS"
        };
        Reply::json(
            405,
            ERROR_CONTENT_TYPE,
            &OAuthError::invalid_request(format!("Method not allowed here; use {allow}")),
        )
        .with_header("Allow", allow)
    };
    cors::decorate(sandbox, request, reply)
}

fn with_realm(
    fixed: Option<Realm>,
    request: &HttpRequest,
    then: impl FnOnce(Realm) -> Reply,
) -> Reply {
    match resolve_realm(fixed, request.query_params().get("realm")) {
        Ok(realm) => then(realm),
        Err(error) => error.token_reply(),
    }
}

/// The realm of a request: fixed by an `/agent/…` path, otherwise the
/// `realm` query parameter (never the body, as on the real service).
pub fn resolve_realm(fixed: Option<Realm>, query_realm: Option<&str>) -> Result<Realm, OAuthError> {
    match (fixed, query_realm) {
        (Some(realm), None) => Ok(realm),
        (Some(realm), Some(given)) if Realm::parse(given) == Some(realm) => Ok(realm),
        (Some(realm), Some(given)) => Err(OAuthError::invalid_request(format!(
            "realm {given} does not match this endpoint, which serves {}",
            realm.as_str()
        ))),
        (None, None) => Err(OAuthError::invalid_request(
            "Missing realm query parameter, e.g. ?realm=%2Findividu",
        )),
        (None, Some(given)) => Realm::parse(given).ok_or_else(|| {
            OAuthError::invalid_request(format!(
                "Unknown realm {given}: use /partenaire, /individu, /entreprise (or /employeur) or /agent"
            ))
        }),
    }
}

fn not_found() -> Reply {
    Reply::text(404, "Not found: this sandbox serves /connexion/oauth2/…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realm_comes_from_the_path_or_the_query() {
        assert_eq!(resolve_realm(Some(Realm::Agent), None), Ok(Realm::Agent));
        assert_eq!(
            resolve_realm(Some(Realm::Agent), Some("/agent")),
            Ok(Realm::Agent)
        );
        assert!(resolve_realm(Some(Realm::Agent), Some("/individu")).is_err());
        assert_eq!(
            resolve_realm(None, Some("/employeur")),
            Ok(Realm::Entreprise)
        );
        assert_eq!(
            resolve_realm(None, None).unwrap_err().error,
            "invalid_request"
        );
        assert_eq!(
            resolve_realm(None, Some("/x")).unwrap_err().error,
            "invalid_request"
        );
    }

    #[test]
    fn mounted_sandbox_answers_without_a_socket() {
        use super::super::config::SandboxConfig;
        use super::super::http::Method;
        use super::super::state::Options;
        use rand::SeedableRng;
        let options = Options {
            rng: rand::rngs::StdRng::seed_from_u64(3),
            ..Options::default()
        };
        let config = SandboxConfig::with_defaults("http://127.0.0.1:1111");
        let sandbox = Sandbox::new(config, "http://127.0.0.1:1111", options).unwrap();
        let mut request = HttpRequest::new(
            Method::Post,
            "/connexion/oauth2/access_token?realm=%2Fpartenaire",
        );
        request.body = b"grant_type=client_credentials&client_id=vitrine-demo-confidentiel\
            &client_secret=vitrine-demo-secret&scope=api_offresdemploiv2"
            .to_vec();
        request.origin = Some("http://127.0.0.1:1111".into());
        let reply = sandbox.handle(&request);
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("Access-Control-Allow-Origin"),
            Some("http://127.0.0.1:1111")
        );
        let doc = sandbox.handle(&HttpRequest::new(
            Method::Get,
            "/connexion/oauth2/agent/.well-known/openid-configuration",
        ));
        let doc: serde_json::Value = serde_json::from_slice(&doc.body).unwrap();
        assert_eq!(
            doc["token_endpoint"],
            "http://127.0.0.1:1111/connexion/oauth2/agent/access_token"
        );
    }

    #[test]
    fn issuer_documents_only_under_canonical_names() {
        assert!(matches!(
            per_issuer("individu/jwks"),
            Some((Realm::Individu, IssuerDocument::Jwks))
        ));
        assert!(per_issuer("employeur/jwks").is_none());
        assert!(per_issuer("individu/other").is_none());
    }
}
