use super::*;

fn ids() -> (ClientId, RedirectUri, State, Nonce) {
    (
        ClientId::new("vitrine-demo-public"),
        RedirectUri::new("http://127.0.0.1:49152/callback"),
        State::new("st4te"),
        Nonce::new("n0nce"),
    )
}

#[test]
fn authorize_url_carries_every_parameter_in_order_with_the_realm_in_the_query() {
    let (client_id, redirect_uri, state, nonce) = ids();
    let request = AuthorizeRequest {
        authorize_endpoint: Realm::Individu.real_authorize_url().unwrap_or_default(),
        realm: Realm::Individu,
        client_id: &client_id,
        scope: "application_vitrine-demo-public api_peconnect-individuv1 openid profile email",
        redirect_uri: &redirect_uri,
        state: &state,
        nonce: &nonce,
        code_challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
    };
    assert_eq!(
        request.url().expect("valid"),
        "https://authentification-candidat.francetravail.fr/connexion/oauth2/authorize\
         ?realm=%2Findividu&response_type=code&client_id=vitrine-demo-public\
         &scope=application_vitrine-demo-public+api_peconnect-individuv1+openid+profile+email\
         &redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback&state=st4te&nonce=n0nce\
         &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
    );
}

#[test]
fn authorize_url_without_pkce_has_no_challenge() {
    let (client_id, redirect_uri, state, nonce) = ids();
    let url = AuthorizeRequest {
        authorize_endpoint: "http://127.0.0.1:8787/connexion/oauth2/agent/authorize",
        realm: Realm::Agent,
        client_id: &client_id,
        scope: "openid",
        redirect_uri: &redirect_uri,
        state: &state,
        nonce: &nonce,
        code_challenge: None,
    }
    .url()
    .expect("valid");
    assert!(url.starts_with(
        "http://127.0.0.1:8787/connexion/oauth2/agent/authorize?realm=%2Fagent&response_type=code"
    ));
    assert!(!url.contains("code_challenge"));
}

#[test]
fn client_credentials_body_is_form_encoded_with_realm_in_the_query_only() {
    let request = client_credentials_request(
        Realm::Partenaire.real_token_url(),
        Realm::Partenaire,
        &ClientId::new("PAR_vitrine_1"),
        &ClientSecret::new("s3cr&t=+é"),
        "application_PAR_vitrine_1 api_labonneboitev1",
    )
    .expect("valid");
    assert_eq!(
        request.url,
        "https://francetravail.io/connexion/oauth2/access_token?realm=%2Fpartenaire"
    );
    assert_eq!(
        request.body,
        "grant_type=client_credentials&client_id=PAR_vitrine_1&client_secret=s3cr%26t%3D%2B%C3%A9\
         &scope=application_PAR_vitrine_1+api_labonneboitev1"
    );
    assert_eq!(
        request.headers[0],
        (
            "Content-Type".to_string(),
            "application/x-www-form-urlencoded".to_string()
        )
    );
    assert!(!request.body.contains("realm"));
}

#[test]
fn authorization_code_bodies_for_confidential_and_public_clients() {
    let (client_id, redirect_uri, _, _) = ids();
    let code = AuthorizationCode::new("c0de");
    let secret = ClientSecret::new("vitrine-demo-secret");
    let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    let endpoint = "http://127.0.0.1:8787/connexion/oauth2/access_token";
    let confidential = authorization_code_request(
        endpoint,
        Realm::Entreprise,
        &client_id,
        CodeProof::Secret(&secret),
        &code,
        &redirect_uri,
    )
    .expect("valid");
    assert_eq!(
        confidential.url,
        "http://127.0.0.1:8787/connexion/oauth2/access_token?realm=%2Fentreprise"
    );
    assert_eq!(
        confidential.body,
        "grant_type=authorization_code&code=c0de&client_id=vitrine-demo-public\
         &client_secret=vitrine-demo-secret&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback"
    );
    let public = authorization_code_request(
        endpoint,
        Realm::Individu,
        &client_id,
        CodeProof::Pkce(&verifier),
        &code,
        &redirect_uri,
    )
    .expect("valid");
    assert_eq!(
        public.body,
        "grant_type=authorization_code&code=c0de&client_id=vitrine-demo-public\
         &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\
         &redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback"
    );
    assert!(!public.body.contains("client_secret"));
}

#[test]
fn an_existing_realm_in_the_endpoint_is_replaced_not_repeated() {
    let request = client_credentials_request(
        "https://francetravail.io/connexion/oauth2/access_token?realm=%2Fpartenaire&x=1",
        Realm::Partenaire,
        &ClientId::new("a"),
        &ClientSecret::new("b"),
        "s",
    )
    .expect("valid");
    assert_eq!(
        request.url,
        "https://francetravail.io/connexion/oauth2/access_token?x=1&realm=%2Fpartenaire"
    );
}

#[test]
fn bad_endpoints_are_config_errors() {
    for endpoint in ["not a url", "ftp://example.test/token", ""] {
        let result = client_credentials_request(
            endpoint,
            Realm::Partenaire,
            &ClientId::new("a"),
            &ClientSecret::new("b"),
            "s",
        );
        assert!(matches!(result, Err(Error::Config(_))), "{endpoint}");
    }
}

#[test]
fn debug_and_redacted_body_hide_secret_code_and_verifier() {
    let (client_id, redirect_uri, _, _) = ids();
    let secret = ClientSecret::new("TOPSECRET");
    let verifier = PkceVerifier::new("VERIFIERVALUE");
    let request = authorization_code_request(
        "http://127.0.0.1:1/token",
        Realm::Individu,
        &client_id,
        CodeProof::SecretAndPkce(&secret, &verifier),
        &AuthorizationCode::new("THECODE"),
        &redirect_uri,
    )
    .expect("valid");
    let shown = format!("{request:?} {}", request.redacted_body());
    for hidden in ["TOPSECRET", "VERIFIERVALUE", "THECODE"] {
        assert!(!shown.contains(hidden), "{hidden} leaked: {shown}");
    }
    assert_eq!(
        request.redacted_body(),
        "grant_type=authorization_code&code=[redacted]&client_id=vitrine-demo-public\
         &client_secret=[redacted]&code_verifier=[redacted]\
         &redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback"
    );
}

#[test]
fn redirect_with_matching_state_yields_the_code() {
    let state = State::new("abc");
    let code =
        check_redirect("?code=xyz&state=abc&iss=http%3A%2F%2Fa", &state, None).expect("code");
    assert_eq!(code.secret(), "xyz");
}

#[test]
fn redirect_with_wrong_or_missing_state_is_refused_even_with_an_error() {
    let state = State::new("abc");
    for query in [
        "code=xyz&state=abd",
        "code=xyz",
        "error=access_denied&state=zzz",
    ] {
        assert!(
            matches!(
                check_redirect(query, &state, None),
                Err(Error::StateMismatch)
            ),
            "{query}"
        );
    }
}

#[test]
fn redirect_error_is_typed_and_missing_code_reported() {
    let state = State::new("abc");
    match check_redirect(
        "error=invalid_scope&error_description=Unknown+scope&state=abc",
        &state,
        None,
    ) {
        Err(Error::Authorization { error }) => {
            assert_eq!(error.code(), "invalid_scope");
            assert_eq!(error.description(), Some("Unknown scope"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        check_redirect("state=abc&code=", &state, None),
        Err(Error::MissingCode)
    ));
}

const ISSUER: &str = "http://127.0.0.1:8787/connexion/oauth2/individu";

fn expected(sends_iss: bool) -> Option<ExpectedIssuer<'static>> {
    Some(ExpectedIssuer {
        issuer: ISSUER,
        sends_iss,
    })
}

#[test]
fn redirect_from_another_issuer_is_always_refused() {
    let state = State::new("abc");
    for sends_iss in [false, true] {
        for query in [
            "code=xyz&state=abc&iss=https%3A%2F%2Fevil.test",
            // RFC 9207 §2.4: simple string comparison, no normalisation.
            "code=xyz&state=abc&iss=http%3A%2F%2F127.0.0.1%3A8787%2Fconnexion%2Foauth2%2Findividu%2F",
            "code=xyz&state=abc&iss=",
            "error=access_denied&state=abc&iss=https%3A%2F%2Fevil.test",
        ] {
            assert!(
                matches!(
                    check_redirect(query, &state, expected(sends_iss)),
                    Err(Error::IssuerMismatch { .. })
                ),
                "{query}"
            );
        }
        let same =
            "code=xyz&state=abc&iss=http%3A%2F%2F127.0.0.1%3A8787%2Fconnexion%2Foauth2%2Findividu";
        assert!(check_redirect(same, &state, expected(sends_iss)).is_ok());
    }
}

#[test]
fn a_missing_iss_is_refused_only_when_the_metadata_announces_it() {
    let state = State::new("abc");
    assert!(check_redirect("code=xyz&state=abc", &state, expected(false)).is_ok());
    for query in ["code=xyz&state=abc", "error=access_denied&state=abc"] {
        assert!(
            matches!(
                check_redirect(query, &state, expected(true)),
                Err(Error::MissingIssuer { .. })
            ),
            "{query}"
        );
    }
    // Without a known issuer there is nothing to compare with.
    assert!(check_redirect("code=xyz&state=abc", &state, None).is_ok());
}

fn decoded(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

proptest::proptest! {
    #[test]
    fn any_scope_and_secret_survive_encoding(scope in "\\PC{0,40}", secret in "\\PC{0,40}") {
        let request = client_credentials_request(
            "https://francetravail.io/connexion/oauth2/access_token",
            Realm::Partenaire,
            &ClientId::new("id"),
            &ClientSecret::new(secret.clone()),
            &scope,
        )
        .expect("valid");
        let fields = decoded(&request.body);
        proptest::prop_assert_eq!(&fields[2], &("client_secret".to_string(), secret));
        proptest::prop_assert_eq!(&fields[3], &("scope".to_string(), scope));
    }

    #[test]
    fn any_state_and_redirect_survive_the_authorize_url(state in "\\PC{1,40}", path in "[a-z/]{0,20}") {
        let (client_id, _, _, nonce) = ids();
        let redirect_uri = RedirectUri::new(format!("http://127.0.0.1:1/{path}"));
        let state = State::new(state);
        let url = AuthorizeRequest {
            authorize_endpoint: "https://a.test/authorize",
            realm: Realm::Agent,
            client_id: &client_id,
            scope: "openid",
            redirect_uri: &redirect_uri,
            state: &state,
            nonce: &nonce,
            code_challenge: None,
        }
        .url()
        .expect("valid");
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let fields = decoded(query);
        proptest::prop_assert_eq!(&fields[4].1, redirect_uri.as_str());
        proptest::prop_assert_eq!(&fields[5].1, state.secret());
    }
}
