//! OAuth 2.0 / OpenID Connect as France Travail runs it, in two halves: the
//! `client` helper library (what an app sends and checks) and the `sandbox`
//! authorization server that answers like the real one. What both use sits
//! here: the realms (`realm`), PKCE (`pkce`) and the secret newtypes
//! (`secret`). A side library: it imports nothing of the site but `text`.

pub mod client;
pub mod pkce;
pub mod realm;
pub mod sandbox;
pub mod secret;

pub use client::{Error, OAuthError};
pub use realm::Realm;
