//! OAuth 2.0 / OpenID Connect as France Travail runs it, in two halves: the
//! `client` helper library and the `sandbox` authorization server.
//!
//! What both halves use sits here: the realms (`realm`), PKCE (`pkce`) and
//! the secret newtypes (`secret`). A side library: of the rest of the crate
//! it imports only `text`.

pub mod client;
pub mod pkce;
pub mod realm;
pub mod sandbox;
pub mod secret;

pub use client::{Error, OAuthError};
pub use realm::Realm;
