//! The helper library, an app's side of an exchange: the requests as values
//! (`request`, re-exported here), token answers (`response`), id_token
//! validation (`id_token`) and what can go wrong (`error`), all pure; the
//! network at the edges: `http` sends, `discovery` fetches metadata and keys,
//! `loopback` receives the browser's redirect.

pub mod discovery;
pub mod error;
pub mod http;
pub mod id_token;
pub mod loopback;
mod request;
pub mod response;

pub use error::{Error, OAuthError};
pub use http::HttpClient;
pub use request::{
    authorization_code_request, check_redirect, client_credentials_request, AuthorizeRequest,
    CodeProof, TokenRequest, FORM_CONTENT_TYPE,
};
