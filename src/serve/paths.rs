//! Request target to a key of the in-memory site, refusing every way out of
//! the site root; and the `Content-Type` of each kind of file a site has.
//!
//! Keys are looked up in maps of generated files, never joined onto a folder,
//! so a refused path could not reach the disk anyway; the checks here make
//! the refusal explicit (4xx) instead of a silent 404.

/// Where a request target points inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file key (`les-api/x/index.html`); `folder` when the URL ended with
    /// `/` (the key is then its `index.html`).
    File { key: String, folder: bool },
}

/// Why a request target was refused (always a 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub &'static str);

/// Decodes the path of a request target (`/a/b%20c/?q` → `a/b c`) and checks
/// it stays inside the site.
pub fn resolve(target: &str) -> Result<Target, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refusal("the request target must be a path starting with /"));
    }
    if path.starts_with("//") {
        return Err(Refusal("absolute paths are refused"));
    }
    if path.contains('\\') {
        return Err(Refusal("backslashes are refused in paths"));
    }
    let lowered = path.to_ascii_lowercase();
    // An encoded separator would let a segment hide a `/` or `\` from the
    // segment checks below.
    if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%00") {
        return Err(Refusal("encoded separators and NUL bytes are refused"));
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| Refusal("the path is not valid UTF-8 once decoded"))?;
    if decoded.contains('\0') {
        return Err(Refusal("NUL bytes are refused in paths"));
    }
    if decoded.contains('\\') {
        return Err(Refusal("backslashes are refused in paths"));
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/').skip(1) {
        match segment {
            "" => {}
            "." | ".." => return Err(Refusal("`.` and `..` segments are refused")),
            s if s.contains(':') && segments.is_empty() => {
                return Err(Refusal("drive letters and schemes are refused"))
            }
            s => segments.push(s),
        }
    }
    let folder = decoded.ends_with('/');
    let mut key = segments.join("/");
    if folder {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(Target::File { key, folder })
}

/// The `Content-Type` of a file, from its extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "yaml" | "yml" => "application/yaml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(target: &str) -> String {
        match resolve(target) {
            Ok(Target::File { key, .. }) => key,
            Err(e) => panic!("{target} refused: {}", e.0),
        }
    }

    #[test]
    fn folders_map_to_their_index() {
        assert_eq!(key("/"), "index.html");
        assert_eq!(key("/les-api/x/"), "les-api/x/index.html");
        assert_eq!(key("/les-api/x/?q=1#top"), "les-api/x/index.html");
        assert_eq!(key("/static/css/site.css"), "static/css/site.css");
        assert_eq!(key("/images/un%20logo.svg"), "images/un logo.svg");
        assert_eq!(
            resolve("/les-api/x"),
            Ok(Target::File {
                key: "les-api/x".into(),
                folder: false
            })
        );
    }

    #[test]
    fn refuses_every_way_out_of_the_root() {
        for target in [
            "/../etc/passwd",
            "/static/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/static/%2e%2e%2fsecret",
            "/static%2f..%2f..%2fetc",
            "/..%5c..%5cwindows",
            "/static\\..\\secret",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "http://evil.example/x",
            "etc/passwd",
            "/index.html%00.css",
            "/./index.html",
            "/%ff%fe",
        ] {
            assert!(resolve(target).is_err(), "{target} was accepted");
        }
    }

    #[test]
    fn every_site_file_type_has_its_content_type() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/site.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("static/js/a.mjs"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("catalogue.json"), "application/json");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("images/LOGO.SVG"), "image/svg+xml");
        assert_eq!(content_type("images/a.png"), "image/png");
        assert_eq!(content_type("resources/a.pdf"), "application/pdf");
        assert_eq!(content_type("noextension"), "application/octet-stream");
    }
}
