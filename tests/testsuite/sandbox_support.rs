//! Shared by the sandbox integration tests: a sandbox on a random loopback
//! port with a test clock, a ureq agent that does not follow redirects, and
//! the browser's part of the authorization-code flow (read the sign-in form,
//! submit it, read the redirect).
#![allow(dead_code)]

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rand::SeedableRng;
use std::collections::HashMap;
use vitrine::oauth::sandbox::{
    self, Clock, Options, RunningSandbox, SandboxConfig, SystemClock, TestClock,
};
use vitrine::oauth::Realm;

pub const SITE: &str = "http://127.0.0.1:1111";
pub const SITE_CALLBACK: &str = "http://127.0.0.1:1111/static/oauth-callback.html";
pub const CONFIDENTIAL: &str = "vitrine-demo-confidentiel";
pub const SECRET: &str = "vitrine-demo-secret";
pub const PUBLIC: &str = "vitrine-demo-public";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

pub struct Harness {
    pub running: RunningSandbox,
    pub clock: TestClock,
    pub agent: ureq::Agent,
}

/// A reply, whatever its status.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub fn start() -> Harness {
    start_config(SandboxConfig::with_defaults(SITE))
}

pub fn start_config(config: SandboxConfig) -> Harness {
    // Real time, so jsonwebtoken's own exp check agrees; tests move it forward.
    let clock = TestClock::at(SystemClock.now());
    let options = Options {
        clock: std::sync::Arc::new(clock.clone()),
        rng: rand::rngs::StdRng::seed_from_u64(42),
        ..Options::default()
    };
    let running = sandbox::start_with(config, "127.0.0.1:0", options).expect("sandbox starts");
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    Harness {
        running,
        clock,
        agent,
    }
}

pub fn read(result: Result<ureq::Response, ureq::Error>) -> Resp {
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(other) => panic!("transport error: {other}"),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .filter_map(|name| {
            let value = response.header(&name)?.to_string();
            Some((name.to_ascii_lowercase(), value))
        })
        .collect();
    let body = response.into_string().expect("body");
    Resp {
        status,
        headers,
        body,
    }
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.running.url(), path)
    }

    pub fn get(&self, path: &str) -> Resp {
        read(self.agent.get(&self.url(path)).call())
    }

    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> Resp {
        read(self.agent.post(&self.url(path)).send_form(form))
    }

    pub fn token_path(realm: Realm) -> String {
        match realm {
            Realm::Agent => "/connexion/oauth2/agent/access_token".to_string(),
            _ => format!(
                "/connexion/oauth2/access_token?realm=%2F{}",
                &realm.as_str()[1..]
            ),
        }
    }

    pub fn client_credentials(&self, secret: &str, scope: &str) -> Resp {
        self.post(
            &Self::token_path(Realm::Partenaire),
            &[
                ("grant_type", "client_credentials"),
                ("client_id", CONFIDENTIAL),
                ("client_secret", secret),
                ("scope", scope),
            ],
        )
    }

    /// GET the authorize URL built from `params`.
    pub fn authorize_page(&self, realm: Realm, params: &[(&str, &str)]) -> Resp {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        let path = match realm {
            Realm::Agent => "/connexion/oauth2/agent/authorize".to_string(),
            _ => {
                query.append_pair("realm", realm.as_str());
                "/connexion/oauth2/authorize".to_string()
            }
        };
        for (name, value) in params {
            query.append_pair(name, value);
        }
        self.get(&format!("{path}?{}", query.finish()))
    }

    /// Submits the sign-in form as the user `user` (first button if None);
    /// returns the 302's Location query parameters.
    pub fn sign_in(&self, page: &Resp, user: Option<&str>) -> HashMap<String, String> {
        assert_eq!(page.status, 200, "sign-in page: {}", page.body);
        let (action, mut fields, users) = read_form(&page.body);
        let user = user.map(str::to_string).unwrap_or_else(|| users[0].clone());
        fields.push(("user".into(), user));
        let form: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = self.post(&action, &form);
        assert_eq!(reply.status, 302, "sign-in POST: {}", reply.body);
        location_params(&reply)
    }

    /// Authorize + sign-in with default parameters; returns the code.
    pub fn code_for(&self, realm: Realm, client: &str, redirect_uri: &str, pkce: bool) -> String {
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", client),
            ("scope", "openid profile email"),
            ("redirect_uri", redirect_uri),
            ("state", "etat-123"),
            ("nonce", "nonce-456"),
        ];
        if pkce {
            params.push(("code_challenge", CHALLENGE));
            params.push(("code_challenge_method", "S256"));
        }
        let page = self.authorize_page(realm, &params);
        let back = self.sign_in(&page, None);
        assert_eq!(back.get("state").map(String::as_str), Some("etat-123"));
        back["code"].clone()
    }

    pub fn exchange(&self, realm: Realm, extra: &[(&str, &str)]) -> Resp {
        let mut form = vec![("grant_type", "authorization_code")];
        form.extend_from_slice(extra);
        self.post(&Self::token_path(realm), &form)
    }

    pub fn userinfo(&self, realm: Realm, token: &str) -> Resp {
        let path = format!(
            "/connexion/oauth2/userinfo?realm=%2F{}",
            &realm.as_str()[1..]
        );
        read(
            self.agent
                .get(&self.url(&path))
                .set("Authorization", &format!("Bearer {token}"))
                .call(),
        )
    }

    /// Verifies `id_token` with keys fetched through the realm's discovery.
    pub fn verify_id_token(&self, realm: Realm, id_token: &str, client: &str) -> serde_json::Value {
        let issuer = format!(
            "{}/connexion/oauth2/{}",
            self.running.url(),
            &realm.as_str()[1..]
        );
        let discovery = read(
            self.agent
                .get(&format!("{issuer}/.well-known/openid-configuration"))
                .call(),
        );
        assert_eq!(discovery.status, 200);
        let discovery = discovery.json();
        assert_eq!(discovery["issuer"], issuer.as_str());
        let jwks_uri = discovery["jwks_uri"].as_str().expect("jwks_uri");
        let set: JwkSet =
            serde_json::from_str(&read(self.agent.get(jwks_uri).call()).body).expect("JWKS");
        let header = jsonwebtoken::decode_header(id_token).expect("JWS header");
        assert_eq!(header.alg, Algorithm::ES256);
        let jwk = set
            .find(header.kid.as_deref().expect("kid"))
            .expect("kid in JWKS");
        let mut validation = Validation::new(Algorithm::ES256);
        validation.set_audience(&[client]);
        validation.set_issuer(&[issuer.as_str()]);
        let key = DecodingKey::from_jwk(jwk).expect("key");
        jsonwebtoken::decode::<serde_json::Value>(id_token, &key, &validation)
            .expect("id_token verifies")
            .claims
    }
}

/// The form's action, its hidden fields, and the user ids of its buttons.
pub fn read_form(html: &str) -> (String, Vec<(String, String)>, Vec<String>) {
    let doc = scraper::Html::parse_document(html);
    let form_sel = scraper::Selector::parse("form[method=post]").expect("selector");
    let hidden_sel = scraper::Selector::parse("input[type=hidden]").expect("selector");
    let user_sel = scraper::Selector::parse("button[name=user]").expect("selector");
    let form = doc.select(&form_sel).next().expect("a POST form");
    let action = form.value().attr("action").expect("action").to_string();
    let fields = form
        .select(&hidden_sel)
        .map(|i| {
            (
                i.value().attr("name").unwrap_or_default().to_string(),
                i.value().attr("value").unwrap_or_default().to_string(),
            )
        })
        .collect();
    let users = form
        .select(&user_sel)
        .filter_map(|b| b.value().attr("value").map(str::to_string))
        .collect();
    (action, fields, users)
}

pub fn location_params(reply: &Resp) -> HashMap<String, String> {
    let location = reply.header("location").expect("Location header");
    let url = url::Url::parse(location).expect("absolute Location");
    url.query_pairs().into_owned().collect()
}

pub fn assert_error_code(reply: &Resp, error: &str) {
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.json()["error"], error, "{}", reply.body);
}
