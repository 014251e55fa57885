//! The second edge, and the only one that touches the network: with
//! `--fetch-specs`, a `doc_tech_link` that is an http(s) URL is fetched
//! (one timeout per spec, the body capped at `MAX_SPEC_BYTES`) and read
//! like a spec of the catalogue. A response that reads as a spec is kept in
//! the cache folder (file name: hex SHA-256 of the URL); when a later fetch
//! fails, the cached copy is used with a warning. A link that serves an
//! HTML page is documentation, not a spec, as is common on real catalogues:
//! its page is the external-link form, without a warning. Without the flag
//! nothing here runs: CI builds never depend on the network by default.

use super::Spec;
use crate::content::Api;
use crate::diagnostics::Diagnostic;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The largest response read as a spec (10 MiB).
pub const MAX_SPEC_BYTES: u64 = 10 * 1024 * 1024;

/// How to fetch remote specs (`--fetch-specs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// Where fetched specs are kept (`--spec-cache`).
    pub cache_dir: PathBuf,
    /// The whole fetch of one spec, connection to last byte.
    pub timeout: Duration,
}

impl Fetch {
    /// The default cache folder: `.vitrine-cache/specs` beside the content
    /// folder (as the site's `themes/` is).
    pub fn default_cache_dir(content: &Path) -> PathBuf {
        let root = match content.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        root.join(".vitrine-cache").join("specs")
    }
}

/// The URL a `doc_tech_link` names when it is an absolute http(s) URL
/// (without its `#fragment`, which is never sent).
pub fn remote_spec_url(doc_tech_link: &str) -> Option<String> {
    let mut url = url::Url::parse(doc_tech_link.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    Some(url.to_string())
}

/// The cache file of `url`: `<hex SHA-256 of the URL>.spec`.
pub fn cache_path(cache_dir: &Path, url: &str) -> PathBuf {
    let digest = Sha256::digest(url.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    cache_dir.join(format!("{hex}.spec"))
}

/// One HTTP agent for the whole build.
pub fn agent(fetch: &Fetch) -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(fetch.timeout)
        .redirects(5)
        .user_agent(concat!("vitrine/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The spec of `api` at `url`: fetched, else the cached copy (with a
/// warning), else nothing (with a warning: the page links to the reference).
pub fn load_remote(
    api: &Api,
    url: &str,
    fetch: &Fetch,
    agent: &ureq::Agent,
) -> (Option<Spec>, Vec<Diagnostic>) {
    let cache = cache_path(&fetch.cache_dir, url);
    let failure = match download(agent, url) {
        // A documentation site, as many `doc_tech_link`s are: the page links
        // to it, and there is nothing to warn about, unless the link served
        // a spec before (its cached copy), when an HTML page is an outage.
        Ok(Download::Page) if !cache.exists() => return (None, Vec::new()),
        Ok(Download::Page) => "the response is an HTML page, not a spec".to_string(),
        Ok(Download::Body(bytes)) => match parse(&bytes) {
            Ok(spec) => {
                let diagnostics = match store(&cache, &api.slug, &bytes) {
                    Ok(()) => Vec::new(),
                    Err(e) => vec![super::load::warning(
                        api,
                        format!(
                            "the spec fetched from {url} could not be cached in {}: {e}",
                            fetch.cache_dir.display()
                        ),
                        "check that the cache folder (--spec-cache) is writable",
                    )],
                };
                return (Some(spec), diagnostics);
            }
            Err(why) => format!("the response is not a spec: {why}"),
        },
        Err(why) => why,
    };
    match cached(&cache) {
        Some((spec, date)) => (
            Some(spec),
            vec![super::load::warning(
                api,
                format!(
                    "fetching the spec {url} failed ({failure}); the cached copy from {date} was used"
                ),
                "fix the URL or the server; the page shows the cached copy meanwhile",
            )],
        ),
        None => (
            None,
            vec![super::load::warning(
                api,
                format!("fetching the spec {url} failed ({failure}), and there is no cached copy"),
                &format!(
                    "fix the URL or the server; until then /documentation/{}/ only links to the reference",
                    api.slug
                ),
            )],
        ),
    }
}

/// What a successful GET of a `doc_tech_link` gave.
enum Download {
    /// The body, at most `MAX_SPEC_BYTES`: a spec, or not.
    Body(Vec<u8>),
    /// An HTML page (by its type, or by how it starts): documentation.
    Page,
}

/// A successful GET of `url`.
fn download(agent: &ureq::Agent, url: &str) -> Result<Download, String> {
    let response = agent
        .get(url)
        .set(
            "Accept",
            "application/json, application/yaml, application/x-yaml, text/yaml, */*;q=0.1",
        )
        .call()
        .map_err(|e| match e {
            ureq::Error::Status(code, _) => format!("HTTP status {code}"),
            ureq::Error::Transport(t) => transport(&t),
        })?;
    let declared = response
        .header("Content-Length")
        .and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_SPEC_BYTES) {
        return Err(too_large());
    }
    let media_type = response.content_type();
    if media_type.eq_ignore_ascii_case("text/html")
        || media_type.eq_ignore_ascii_case("application/xhtml+xml")
    {
        return Ok(Download::Page);
    }
    let mut bytes = Vec::new();
    response
        .into_reader()
        .take(MAX_SPEC_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading the response: {e}"))?;
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(too_large());
    }
    if looks_like_html(&bytes) {
        return Ok(Download::Page);
    }
    Ok(Download::Body(bytes))
}

/// Whether a body served under another type starts as an HTML page does
/// (`<!DOCTYPE html`, `<html`), after a BOM and blank space. A spec never
/// starts with `<`.
fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.trim_ascii_start();
    let head = &start[..start.len().min(14)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

/// What went wrong below HTTP, without the URL (the warning names it).
fn transport(error: &ureq::Transport) -> String {
    let mut why = error.kind().to_string();
    if let Some(message) = error.message() {
        why.push_str(": ");
        why.push_str(message);
    }
    if let Some(source) = std::error::Error::source(error) {
        why.push_str(": ");
        why.push_str(&source.to_string());
    }
    why
}

fn too_large() -> String {
    format!("the response is larger than {} MiB", MAX_SPEC_BYTES >> 20)
}

/// Reads fetched bytes as a spec: JSON when it starts like JSON, else YAML.
fn parse(bytes: &[u8]) -> Result<Spec, String> {
    let (text, _) = crate::text::read_text_owned(bytes.to_vec());
    let name = if text.trim_start().starts_with('{') {
        "remote.json"
    } else {
        "remote.yaml"
    };
    super::read(&text, name).map_err(|problem| {
        if problem.pointer.is_empty() {
            problem.message
        } else {
            format!("at {}: {}", problem.pointer, problem.message)
        }
    })
}

/// Writes the cache file whole (a temporary file renamed over it), so that
/// a build never reads half a copy.
fn store(cache: &Path, slug: &str, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = cache.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = cache.with_extension(format!("{slug}.tmp"));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, cache).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// The cached copy, when there is one that reads as a spec, and the date it
/// was written (UTC).
fn cached(cache: &Path) -> Option<(Spec, String)> {
    let bytes = std::fs::read(cache).ok()?;
    let spec = parse(&bytes).ok()?;
    let written = std::fs::metadata(cache).and_then(|m| m.modified()).ok();
    let date = written.map_or_else(|| "an unknown date".to_string(), utc);
    Some((spec, date))
}

/// `2026-12-06 23:40 UTC`.
fn utc(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_are_remote_specs() {
        assert_eq!(
            remote_spec_url(" https://x.fr/openapi.json#top ").as_deref(),
            Some("https://x.fr/openapi.json")
        );
        assert!(remote_spec_url("http://127.0.0.1:8080/s.yaml").is_some());
        assert_eq!(remote_spec_url("/swaggers/x.json"), None);
        assert_eq!(remote_spec_url("ftp://x.fr/openapi.json"), None);
        assert_eq!(remote_spec_url("file:///etc/passwd"), None);
    }

    #[test]
    fn html_pages_are_known_by_how_they_start() {
        assert!(looks_like_html(
            b"\xEF\xBB\xBF\n  <!DOCTYPE html>\n<html lang=\"fr\">"
        ));
        assert!(looks_like_html(b"<HTML><head>"));
        assert!(!looks_like_html(b"{\"openapi\": \"3.0.3\"}"));
        assert!(!looks_like_html(b"openapi: 3.1.0\ninfo: {title: <html>}"));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?>"));
        assert!(!looks_like_html(b""));
    }

    #[test]
    fn the_cache_file_is_the_hex_sha256_of_the_url() {
        let path = cache_path(Path::new("c"), "");
        assert_eq!(
            path,
            Path::new("c")
                .join("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.spec")
        );
    }

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(utc(UNIX_EPOCH), "1970-01-01 00:00 UTC");
        let t = UNIX_EPOCH + Duration::from_secs(1_709_210_096); // 2024-02-29 12:34:56
        assert_eq!(utc(t), "2024-02-29 12:34 UTC");
    }

    #[test]
    fn the_default_cache_is_beside_the_content_folder() {
        assert_eq!(
            Fetch::default_cache_dir(Path::new("site/content")),
            Path::new("site/.vitrine-cache/specs")
        );
        assert_eq!(
            Fetch::default_cache_dir(Path::new("content")),
            Path::new("./.vitrine-cache/specs")
        );
    }
}
