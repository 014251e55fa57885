//! The id_token of a user flow (OpenID Connect Core §2): who signed in, for
//! which client, when, with the nonce of the authorization request.

use super::config::TestUser;
use super::state::Sandbox;
use super::store::PendingCode;
use super::token::USER_TOKEN_SECONDS;
use crate::oauth::Realm;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
struct Claims<'a> {
    iss: String,
    sub: &'a str,
    aud: &'a str,
    exp: u64,
    iat: u64,
    auth_time: u64,
    nonce: &'a str,
    azp: &'a str,
    #[serde(flatten)]
    profile: &'a BTreeMap<String, Value>,
}

pub fn sign(
    sandbox: &Sandbox,
    realm: Realm,
    client_id: &str,
    user: &TestUser,
    pending: &PendingCode,
    now: u64,
) -> Result<String, jsonwebtoken::errors::Error> {
    let claims = Claims {
        iss: sandbox.issuer(realm),
        sub: &user.id,
        aud: client_id,
        exp: now + USER_TOKEN_SECONDS,
        iat: now,
        auth_time: pending.auth_time,
        nonce: &pending.nonce,
        azp: client_id,
        profile: &user.claims,
    };
    sandbox.keys.sign(&claims)
}
