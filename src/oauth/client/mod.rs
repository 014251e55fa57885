//! The helper library, an app's side of an exchange: the requests it sends,
//! the answers and id_tokens it checks, the loopback redirect of a CLI login.
//!
//! Pure: `request` (re-exported here), `response`, `id_token`, `error`. The
//! network at the edges: `http` sends, `discovery` fetches metadata and keys,
//! `loopback` receives the browser's redirect. `terminal` makes the
//! provider's strings safe to print.

pub mod discovery;
pub mod error;
pub mod http;
pub mod id_token;
pub mod loopback;
mod request;
pub mod response;
pub mod terminal;

pub use error::{Error, OAuthError};
pub use http::HttpClient;
pub use request::{
    authorization_code_request, check_redirect, client_credentials_request, AuthorizeRequest,
    CodeProof, ExpectedIssuer, TokenRequest, FORM_CONTENT_TYPE,
};
