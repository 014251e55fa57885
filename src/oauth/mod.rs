//! OAuth 2.0 / OpenID Connect as France Travail runs it: the helper library
//! (`pkce`, `client`, `id_token`, `secret`), and the sandbox authorization
//! server (`sandbox`) that answers like the real one.

pub mod pkce;
pub mod realm;
pub mod sandbox;

pub use realm::Realm;
