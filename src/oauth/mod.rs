//! OAuth 2.0 / OpenID Connect as France Travail runs it: the helper library
//! (`secret`, `pkce`, `client`, `response`, `id_token`, pure; `http`,
//! `discovery`, `loopback` at the edges) and the sandbox authorization server
//! (`sandbox`) that answers like the real one.

pub mod client;
pub mod discovery;
pub mod error;
pub mod http;
pub mod id_token;
pub mod loopback;
pub mod pkce;
pub mod realm;
pub mod response;
pub mod sandbox;
pub mod secret;

pub use error::{Error, OAuthError};
pub use realm::Realm;
