//! The authorization endpoint: checks the request (RFC 6749 §4.1.1, RFC 7636,
//! RFC 9700), shows the sign-in page (GET), then issues a code bound to the
//! client, redirect URI, PKCE challenge and nonce (POST from that page).
//! Errors go back to the client per RFC 6749 §4.1.2.1, except when the
//! client or redirect URI cannot be trusted: then an error page, never a redirect.

use super::config::Client;
use super::http::{HttpRequest, Method, Params, Reply};
use super::router::resolve_realm;
use super::signin_page;
use super::state::Sandbox;
use super::store::PendingCode;
use super::token::checked_scope;
use crate::oauth::Realm;

/// How long a code may wait for its token request (RFC 9700 §4.2.1 advises short).
pub const CODE_SECONDS: u64 = 60;

/// A checked authorization request.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub realm: Realm,
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub nonce: String,
    pub scope: String,
    pub code_challenge: Option<String>,
}

enum Failure {
    /// The client or redirect URI is not trustworthy: show, don't redirect.
    Page(String),
    Redirect {
        redirect_uri: String,
        realm: Option<Realm>,
        state: Option<String>,
        error: &'static str,
        description: String,
    },
}

/// Parameters of a GET (query) or of the sign-in form's POST (body, then query).
struct Source {
    body: Params,
    query: Params,
}

impl Source {
    fn get(&self, name: &str) -> Option<&str> {
        self.body.get(name).or_else(|| self.query.get(name))
    }

    fn repeated(&self) -> Option<&str> {
        self.body.repeated().or_else(|| self.query.repeated())
    }
}

pub fn handle(sandbox: &Sandbox, fixed: Option<Realm>, request: &HttpRequest) -> Reply {
    let source = match request.method {
        Method::Get => Source {
            body: Params::default(),
            query: request.query_params(),
        },
        Method::Post => Source {
            body: request.form_params(),
            query: request.query_params(),
        },
        _ => return Reply::text(405, "Use GET or POST").with_header("Allow", "GET, POST"),
    };
    let checked = validate(sandbox, fixed, &source);
    let result = checked.and_then(|auth| match request.method {
        Method::Post => sign_in(sandbox, &auth, &source),
        _ => Ok(signin_page::render(
            sandbox,
            &auth,
            &form_action(request),
            &source_fields(&source),
        )),
    });
    match result {
        Ok(reply) => reply,
        Err(Failure::Page(message)) => Reply::html(400, signin_page::error_page(&message)),
        Err(Failure::Redirect {
            redirect_uri,
            realm,
            state,
            error,
            description,
        }) => {
            let mut params = vec![
                ("error", error.to_string()),
                ("error_description", description),
            ];
            if let Some(state) = state {
                params.push(("state", state));
            }
            if let Some(realm) = realm {
                params.push(("iss", sandbox.issuer(realm)));
            }
            Reply::redirect(with_query(&redirect_uri, &params))
        }
    }
}

fn validate(
    sandbox: &Sandbox,
    fixed: Option<Realm>,
    source: &Source,
) -> Result<AuthRequest, Failure> {
    if let Some(name @ ("client_id" | "redirect_uri")) = source.repeated() {
        return Err(Failure::Page(format!(
            "Le paramètre {name} est présent plusieurs fois."
        )));
    }
    let client_id = source
        .get("client_id")
        .ok_or_else(|| Failure::Page("Le paramètre client_id est absent.".into()))?;
    let client = sandbox.config.client(client_id).ok_or_else(|| {
        Failure::Page(format!(
            "Le client « {client_id} » n’est pas enregistré dans ce bac à sable."
        ))
    })?;
    let redirect_uri = source
        .get("redirect_uri")
        .ok_or_else(|| Failure::Page("Le paramètre redirect_uri est absent.".into()))?;
    if !is_registered(client, redirect_uri) {
        return Err(Failure::Page(format!(
            "L’URI de redirection « {redirect_uri} » n’est pas enregistrée pour le client « {client_id} » : \
             par sécurité, le bac à sable n’y renvoie pas (RFC 6749 §4.1.2.1)."
        )));
    }
    let state = source.get("state").map(str::to_string);
    let realm_hint = resolve_realm(fixed, source.query.get("realm")).ok();
    let fail = |error: &'static str, description: String| Failure::Redirect {
        redirect_uri: redirect_uri.to_string(),
        realm: realm_hint,
        state: state.clone(),
        error,
        description,
    };
    if let Some(name) = source.repeated() {
        return Err(fail(
            "invalid_request",
            format!("Parameter {name} is included more than once"),
        ));
    }
    let realm = resolve_realm(fixed, source.query.get("realm"))
        .map_err(|e| fail("invalid_request", e.error_description))?;
    if !realm.has_users() {
        return Err(fail(
            "invalid_request",
            "The /partenaire realm authenticates applications: use the client_credentials grant at the token endpoint".into(),
        ));
    }
    if !client.realms.contains(&realm) {
        return Err(fail(
            "unauthorized_client",
            format!(
                "Client {client_id} is not registered in realm {}",
                realm.as_str()
            ),
        ));
    }
    match source.get("response_type") {
        Some("code") => {}
        None => {
            return Err(fail(
                "invalid_request",
                "Missing parameter: response_type".into(),
            ))
        }
        Some(other) => {
            return Err(fail(
                "unsupported_response_type",
                format!("Response type is not supported: {other}"),
            ))
        }
    }
    let scope = checked_scope(sandbox, realm, client_id, source.get("scope"))
        .map_err(|e| fail(e.error, e.error_description))?;
    let nonce = source
        .get("nonce")
        .ok_or_else(|| fail("invalid_request", "Missing parameter: nonce".into()))?;
    let code_challenge =
        check_pkce_request(client, source).map_err(|d| fail("invalid_request", d.into()))?;
    Ok(AuthRequest {
        realm,
        client_id: client.id.clone(),
        redirect_uri: redirect_uri.to_string(),
        state,
        nonce: nonce.to_string(),
        scope,
        code_challenge,
    })
}

/// The S256 challenge, if any. `plain` (or no method, which means plain per
/// RFC 7636 §4.3) is refused; a public client must send a challenge.
fn check_pkce_request(client: &Client, source: &Source) -> Result<Option<String>, &'static str> {
    match (source.get("code_challenge"), source.get("code_challenge_method")) {
        (None, None) if client.secret.is_none() => Err(
            "PKCE is required for public clients: send code_challenge and code_challenge_method=S256",
        ),
        (None, None) => Ok(None),
        (None, Some(_)) => Err("code_challenge_method sent without code_challenge"),
        (Some(_), None | Some("plain")) => {
            Err("PKCE method plain is not supported: use code_challenge_method=S256")
        }
        (Some(challenge), Some("S256")) => {
            let well_formed = challenge.len() == 43
                && challenge
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if well_formed {
                Ok(Some(challenge.to_string()))
            } else {
                Err("code_challenge must be 43 base64url characters (BASE64URL(SHA256(verifier)))")
            }
        }
        (Some(_), Some(_)) => Err("Unsupported code_challenge_method: use S256"),
    }
}

fn sign_in(sandbox: &Sandbox, auth: &AuthRequest, source: &Source) -> Result<Reply, Failure> {
    let back = |error: &'static str, description: &str| Failure::Redirect {
        redirect_uri: auth.redirect_uri.clone(),
        realm: Some(auth.realm),
        state: auth.state.clone(),
        error,
        description: description.to_string(),
    };
    if source.body.get("deny").is_some() {
        return Err(back("access_denied", "The user denied the request"));
    }
    let user_id = source.body.get("user").unwrap_or("");
    if sandbox.config.user(auth.realm, user_id).is_none() {
        return Err(Failure::Page(format!(
            "Aucun utilisateur de test « {user_id} » dans le royaume {}.",
            auth.realm.as_str()
        )));
    }
    let now = sandbox.now();
    let code = sandbox.random_token();
    let pending = PendingCode {
        realm: auth.realm,
        client_id: auth.client_id.clone(),
        user_id: user_id.to_string(),
        redirect_uri: auth.redirect_uri.clone(),
        code_challenge: auth.code_challenge.clone(),
        nonce: auth.nonce.clone(),
        scope: auth.scope.clone(),
        auth_time: now,
        expires_at: now + CODE_SECONDS,
    };
    if sandbox
        .store()
        .insert_code(code.clone(), pending, now)
        .is_err()
    {
        return Err(back(
            "temporarily_unavailable",
            "Too many pending authorization codes; try again in a minute",
        ));
    }
    let mut params = vec![("code", code)];
    if let Some(state) = &auth.state {
        params.push(("state", state.clone()));
    }
    params.push(("iss", sandbox.issuer(auth.realm)));
    Ok(Reply::redirect(with_query(&auth.redirect_uri, &params)))
}

/// Exact match, or a loopback URI registered without a port matching any
/// port (RFC 8252 §7.3); nothing else is normalised.
pub fn is_registered(client: &Client, uri: &str) -> bool {
    client
        .redirect_uris
        .iter()
        .any(|registered| registered == uri || loopback_match(registered, uri))
}

fn loopback_match(registered: &str, given: &str) -> bool {
    ["http://127.0.0.1", "http://[::1]"].iter().any(|host| {
        let (Some(path), Some(rest)) = (registered.strip_prefix(host), given.strip_prefix(host))
        else {
            return false;
        };
        let Some(rest) = rest.strip_prefix(':') else {
            return false;
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let port_ok = rest[..digits].parse::<u16>().is_ok_and(|p| p != 0);
        (path.is_empty() || path.starts_with('/')) && port_ok && &rest[digits..] == path
    })
}

fn with_query(base: &str, params: &[(&str, String)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        serializer.append_pair(name, value);
    }
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}{}", serializer.finish())
}

/// The sign-in form posts back to this path, keeping the realm in the query.
fn form_action(request: &HttpRequest) -> String {
    match request.query_params().get("realm") {
        Some(realm) => with_query(&request.path, &[("realm", realm.to_string())]),
        None => request.path.clone(),
    }
}

/// The request parameters the form carries along as hidden fields.
fn source_fields(source: &Source) -> Vec<(String, String)> {
    const CARRIED: [&str; 8] = [
        "response_type",
        "client_id",
        "scope",
        "redirect_uri",
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
    ];
    CARRIED
        .iter()
        .filter_map(|name| source.get(name).map(|v| (name.to_string(), v.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(uris: &[&str]) -> Client {
        Client {
            id: "c".into(),
            secret: None,
            redirect_uris: uris.iter().map(|s| s.to_string()).collect(),
            realms: Realm::ALL.to_vec(),
        }
    }

    #[test]
    fn redirect_uri_must_match_exactly() {
        let c = client(&["http://127.0.0.1:1111/static/oauth-callback.html"]);
        assert!(is_registered(
            &c,
            "http://127.0.0.1:1111/static/oauth-callback.html"
        ));
        assert!(!is_registered(
            &c,
            "http://127.0.0.1:1111/static/oauth-callback.html?x=1"
        ));
        assert!(!is_registered(
            &c,
            "http://127.0.0.1:1112/static/oauth-callback.html"
        ));
        assert!(!is_registered(
            &c,
            "http://127.0.0.1:1111/static/OAUTH-callback.html"
        ));
    }

    #[test]
    fn loopback_redirect_matches_any_port_but_same_path() {
        let c = client(&["http://127.0.0.1/callback"]);
        assert!(is_registered(&c, "http://127.0.0.1:53682/callback"));
        assert!(is_registered(&c, "http://127.0.0.1/callback"));
        assert!(!is_registered(&c, "http://127.0.0.1:53682/callback/x"));
        assert!(!is_registered(&c, "http://127.0.0.1:0/callback"));
        assert!(!is_registered(&c, "http://127.0.0.1:99999/callback"));
        assert!(!is_registered(&c, "http://127.0.0.1.evil.example/callback"));
        assert!(!is_registered(&c, "http://localhost:5000/callback"));
    }

    #[test]
    fn query_is_appended_with_the_right_separator() {
        assert_eq!(
            with_query("http://a/cb", &[("code", "x y".into())]),
            "http://a/cb?code=x+y"
        );
        assert_eq!(
            with_query("http://a/cb?k=1", &[("s", "&".into())]),
            "http://a/cb?k=1&s=%26"
        );
    }
}
