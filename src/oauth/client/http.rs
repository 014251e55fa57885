//! The helper's only network code: sends a `TokenRequest` and fetches JSON
//! (discovery, JWKS) with ureq. Parsing stays in `response` and `discovery`.

use super::error::Error;
use super::request::TokenRequest;
use super::response::{parse_token_response, TokenResponse};
use std::io::Read as _;
use std::time::Duration;

/// Bodies larger than this are refused: a token response is a few kB.
const MAX_BODY: u64 = 1 << 20;

/// What came back, before interpretation (the CLI can show it as it was).
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct HttpClient {
    agent: ureq::Agent,
}

impl Default for HttpClient {
    fn default() -> Self {
        Self::new(Duration::from_secs(20))
    }
}

impl HttpClient {
    /// No redirects are followed: a token endpoint that redirects is a
    /// misconfiguration to report, not to chase with a secret in the body.
    pub fn new(timeout: Duration) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout(timeout)
            .redirects(0)
            .user_agent(concat!("vitrine/", env!("CARGO_PKG_VERSION")))
            .build();
        Self { agent }
    }

    /// POSTs the form; returns status, headers of interest and body.
    pub fn send_raw(&self, request: &TokenRequest) -> Result<RawResponse, Error> {
        let mut call = self.agent.post(&request.url);
        for (name, value) in &request.headers {
            call = call.set(name, value);
        }
        read(&request.url, call.send_string(&request.body))
    }

    /// POSTs the form and parses the answer into a token or a typed error.
    pub fn send(&self, request: &TokenRequest) -> Result<TokenResponse, Error> {
        let raw = self.send_raw(request)?;
        parse_token_response(&request.url, raw.status, &raw.body)
    }

    /// GETs `url` expecting a 200 with a body (discovery document, JWKS).
    pub fn get(&self, url: &str) -> Result<String, Error> {
        let raw = read(
            url,
            self.agent.get(url).set("Accept", "application/json").call(),
        )?;
        if raw.status != 200 {
            return Err(Error::UnexpectedResponse {
                url: url.to_owned(),
                status: raw.status,
                message: "expected 200".into(),
            });
        }
        Ok(raw.body)
    }
}

/// ureq reports 4xx/5xx as errors; for OAuth they are answers to read.
fn read(url: &str, result: Result<ureq::Response, ureq::Error>) -> Result<RawResponse, Error> {
    let response = match result {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(transport)) => {
            return Err(Error::Transport {
                url: url.to_owned(),
                // ureq's message repeats the URL, which we already show.
                message: transport
                    .to_string()
                    .trim_start_matches(&format!("{url}: "))
                    .to_owned(),
            });
        }
    };
    let status = response.status();
    let content_type = response.header("Content-Type").map(str::to_owned);
    let cache_control = response.header("Cache-Control").map(str::to_owned);
    let mut bytes = Vec::new();
    response
        .into_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Transport {
            url: url.to_owned(),
            message: format!("reading the body: {e}"),
        })?;
    if bytes.len() as u64 > MAX_BODY {
        return Err(Error::UnexpectedResponse {
            url: url.to_owned(),
            status,
            message: format!("body larger than {MAX_BODY} bytes"),
        });
    }
    Ok(RawResponse {
        status,
        content_type,
        cache_control,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}
