//! The sandbox's view of HTTP, independent of the server library: a request
//! with what the endpoints read, a reply with status, headers and body, and
//! form/query parameters (RFC 6749 §3.1: empty means absent, no repeats).

use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Options,
    Other(String),
}

impl Method {
    pub fn parse(name: &str) -> Method {
        match name {
            "GET" | "HEAD" => Method::Get,
            "POST" => Method::Post,
            "OPTIONS" => Method::Options,
            other => Method::Other(other.to_string()),
        }
    }
}

/// What an endpoint may read from a request.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: Method,
    pub path: String,
    /// Raw query string, without `?`.
    pub query: String,
    pub origin: Option<String>,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// Splits `/path?query` as the server hands it over.
    pub fn new(method: Method, url: &str) -> HttpRequest {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        HttpRequest {
            method,
            path: path.to_string(),
            query: query.to_string(),
            origin: None,
            authorization: None,
            content_type: None,
            body: Vec::new(),
        }
    }

    pub fn query_params(&self) -> Params {
        Params::parse(self.query.as_bytes())
    }

    pub fn form_params(&self) -> Params {
        Params::parse(&self.body)
    }
}

/// `Content-Security-Policy` of the sandbox's HTML pages. No `form-action`:
/// browsers apply it to the redirect that follows the sign-in form, which
/// goes to the client's origin.
pub const PAGE_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/// An answer, ready to be written by the server.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    /// Pretty-printed with two-space indentation, as seed 003 shows its bodies.
    pub fn json(status: u16, content_type: &str, value: &impl Serialize) -> Reply {
        let body = serde_json::to_vec_pretty(value)
            .unwrap_or_else(|_| br#"{"error":"server_error"}"#.to_vec());
        Reply::new(status, content_type, body)
    }

    /// A sandbox page (sign-in, error): self-contained, so the policy allows
    /// nothing but inline style, and no other site may frame it (RFC 9700
    /// §4.16: a framed sign-in page invites clickjacking).
    pub fn html(status: u16, page: String) -> Reply {
        Reply::new(status, "text/html; charset=utf-8", page)
            .no_store()
            .with_header("Content-Security-Policy", PAGE_POLICY)
            .with_header("X-Frame-Options", "DENY")
            .with_header("Referrer-Policy", "no-referrer")
    }

    pub fn text(status: u16, message: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", message)
    }

    pub fn redirect(location: String) -> Reply {
        Reply {
            status: 302,
            headers: vec![("Location", location)],
            body: Vec::new(),
        }
        .no_store()
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// `Cache-Control: no-store` and `Pragma: no-cache`, as on every token response.
    pub fn no_store(self) -> Reply {
        self.with_header("Cache-Control", "no-store")
            .with_header("Pragma", "no-cache")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Decoded `application/x-www-form-urlencoded` pairs, in order.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(bytes: &[u8]) -> Params {
        Params {
            pairs: url::form_urlencoded::parse(bytes).into_owned().collect(),
        }
    }

    /// The value of `name`; an empty value counts as absent (RFC 6749 §3.1).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The first parameter sent more than once, which RFC 6749 §3.1 forbids.
    /// One pass with a set: comparing every pair with every earlier one took
    /// seconds on a request of some 30,000 distinct parameters.
    pub fn repeated(&self) -> Option<&str> {
        let mut seen = HashSet::with_capacity(self.pairs.len());
        self.pairs
            .iter()
            .map(|(k, _)| k.as_str())
            .find(|k| !seen.insert(*k))
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_absent_and_repeats_are_found() {
        let params = Params::parse(b"a=1&b=&c=x%20y&a=2");
        assert_eq!(params.get("a"), Some("1"));
        assert_eq!(params.get("b"), None);
        assert_eq!(params.get("c"), Some("x y"));
        assert_eq!(params.repeated(), Some("a"));
        assert_eq!(Params::parse(b"a=1&b=2").repeated(), None);
        // The repeat found is the earliest second occurrence, whatever the key order.
        assert_eq!(Params::parse(b"x=1&b=1&b=2&x=2").repeated(), Some("b"));
        let many: Vec<String> = (0..50_000).map(|i| format!("k{i}=v")).collect();
        let many = format!("{}&k7=again", many.join("&"));
        assert_eq!(Params::parse(many.as_bytes()).repeated(), Some("k7"));
    }

    #[test]
    fn request_url_is_split_into_path_and_query() {
        let request = HttpRequest::new(
            Method::Post,
            "/connexion/oauth2/access_token?realm=%2Fpartenaire",
        );
        assert_eq!(request.path, "/connexion/oauth2/access_token");
        assert_eq!(request.query_params().get("realm"), Some("/partenaire"));
    }

    #[test]
    fn html_pages_refuse_framing_and_everything_but_inline_style() {
        let reply = Reply::html(200, "<p>x</p>".into());
        let policy = reply.header("Content-Security-Policy").unwrap_or("");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("default-src 'none'"), "{policy}");
        assert_eq!(reply.header("X-Frame-Options"), Some("DENY"));
        assert_eq!(reply.header("Cache-Control"), Some("no-store"));
    }

    #[test]
    fn json_reply_is_pretty_printed_like_the_seed() {
        #[derive(Serialize)]
        struct E {
            error: &'static str,
        }
        let reply = Reply::json(
            400,
            "application/json",
            &E {
                error: "invalid_client",
            },
        );
        assert_eq!(reply.body, b"{\n  \"error\": \"invalid_client\"\n}");
    }
}
