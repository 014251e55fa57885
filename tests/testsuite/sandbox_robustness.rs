//! Arbitrary requests against every sandbox endpoint (without a socket):
//! whatever the path, query, headers and body, the sandbox answers with a
//! status and never panics.

use proptest::prelude::*;
use rand::SeedableRng;
use vitrine::oauth::sandbox::http::{HttpRequest, Method};
use vitrine::oauth::sandbox::{Options, Sandbox, SandboxConfig};

/// One sandbox for every case: state left by earlier cases is part of the test.
fn sandbox() -> &'static Sandbox {
    static SANDBOX: std::sync::OnceLock<Sandbox> = std::sync::OnceLock::new();
    SANDBOX.get_or_init(make_sandbox)
}

fn make_sandbox() -> Sandbox {
    let options = Options {
        rng: rand::rngs::StdRng::seed_from_u64(9),
        ..Options::default()
    };
    Sandbox::new(
        SandboxConfig::with_defaults("http://127.0.0.1:1111"),
        "http://127.0.0.1:8787",
        options,
    )
    .expect("sandbox")
}

const PATHS: [&str; 9] = [
    "/connexion/oauth2/authorize",
    "/connexion/oauth2/agent/authorize",
    "/connexion/oauth2/access_token",
    "/connexion/oauth2/agent/acces_token",
    "/connexion/oauth2/userinfo",
    "/connexion/oauth2/individu/.well-known/openid-configuration",
    "/connexion/oauth2/agent/jwks",
    "/",
    "/connexion/oauth2/",
];

fn form_ish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("realm=%2Findividu".to_string()),
        Just("realm=%2Fpartenaire".to_string()),
        Just("client_id=vitrine-demo-public".to_string()),
        Just("client_id=vitrine-demo-confidentiel".to_string()),
        Just("client_secret=vitrine-demo-secret".to_string()),
        Just(
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A1111%2Fstatic%2Foauth-callback.html".to_string()
        ),
        Just("grant_type=authorization_code".to_string()),
        Just("grant_type=client_credentials".to_string()),
        Just("response_type=code".to_string()),
        Just("code_challenge_method=S256".to_string()),
        Just("user=demandeur-marie-dupont".to_string()),
        "[a-z_]{1,12}=[ -~]{0,20}",
        "[\\PC]{0,10}",
    ];
    prop::collection::vec(piece, 0..10).prop_map(|parts| parts.join("&").into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_request_gets_an_answer(
        method in prop_oneof![Just("GET"), Just("POST"), Just("OPTIONS"), Just("PUT")],
        path in prop::sample::select(PATHS.to_vec()),
        suffix in "[ -~]{0,6}",
        query in form_ish(),
        body in prop_oneof![form_ish(), prop::collection::vec(any::<u8>(), 0..64)],
        origin in prop::option::of(prop_oneof![Just("http://127.0.0.1:1111".to_string()), "[ -~]{0,20}"]),
        authorization in prop::option::of("(Bearer )?[ -~]{0,30}"),
    ) {
        let sandbox = sandbox();
        let url = format!("{path}{suffix}?{}", String::from_utf8_lossy(&query));
        let mut request = HttpRequest::new(Method::parse(method), &url);
        request.body = body;
        request.origin = origin;
        request.authorization = authorization;
        let reply = sandbox.handle(&request);
        prop_assert!((200..600).contains(&reply.status));
        if reply.status == 302 {
            prop_assert!(reply.header("Location").is_some());
        }
    }
}
