//! One request in, one response out, from the current snapshot: no socket
//! here, so it is tested as a function and can sit on any transport.
//! (The SSE stream and the mounted sandbox are routed before this, in
//! `server`.)

use super::inject;
use super::paths::{self, content_type, Target};
use super::state::Snapshot;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Other,
}

/// The parts of a request the site needs.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The request target as sent (`/les-api/x/?q=1`).
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    /// For a HEAD request, the body a GET would get (the transport sends
    /// only its length).
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-cache".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
        }
    }

    fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Answers `request` from `site`; `content_root` is the canonical content
/// folder (files copied from it must not resolve outside it).
pub fn handle(site: &Snapshot, content_root: &Path, request: &Request) -> Response {
    if request.method == Method::Other {
        let mut r = Response::text(405, "Only GET and HEAD are served");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return r;
    }
    let (key, folder) = match paths::resolve(&request.target) {
        Ok(Target::File { key, folder }) => (key, folder),
        Err(refusal) => return Response::text(400, refusal.0),
    };
    if Some(key.as_str()) == inject::SCRIPT_PATH.strip_prefix('/') {
        return Response::new(
            200,
            content_type("live.js"),
            inject::SCRIPT.as_bytes().to_vec(),
        );
    }
    if let Some(response) = file(site, content_root, &key) {
        return response;
    }
    // `/les-api/x` is a folder: send the browser to `/les-api/x/` so that
    // the page's relative links resolve as they will once published.
    if !folder
        && site
            .files
            .contains_key(format!("{key}/index.html").as_str())
    {
        let mut r = Response::text(301, "Moved to the folder");
        r.headers.push(("Location", format!("/{key}/")));
        return r;
    }
    not_found(site)
}

fn file(site: &Snapshot, content_root: &Path, key: &str) -> Option<Response> {
    if let Some(bytes) = site.files.get(key) {
        let body = if key.ends_with(".html") {
            inject::page(bytes, site.generation, &site.errors, &site.sources)
        } else {
            bytes.to_vec()
        };
        return Some(Response::new(200, content_type(key), body));
    }
    let source = site.copies.get(key)?;
    Some(match read_inside(source, content_root) {
        Ok(bytes) => Response::new(200, content_type(key), bytes),
        Err(status) => Response::text(status, "This file cannot be served"),
    })
}

/// Reads a copied content file, refusing one that resolves (through a
/// symlink) outside the content folder.
fn read_inside(source: &Path, content_root: &Path) -> Result<Vec<u8>, u16> {
    let real = source.canonicalize().map_err(|_| 404u16)?;
    if !real.starts_with(content_root) {
        return Err(403);
    }
    std::fs::read(&real).map_err(|_| 404)
}

fn not_found(site: &Snapshot) -> Response {
    match site.files.get("404.html") {
        Some(page) => Response::new(
            404,
            content_type("404.html"),
            inject::page(page, site.generation, &site.errors, &site.sources),
        ),
        None => Response::text(404, "Not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    fn site(root: &Path) -> Snapshot {
        let file = |key: &str, body: &[u8]| (Arc::from(key), Arc::<[u8]>::from(body));
        let files: crate::serve::state::Files = [
            file("index.html", b"<body>home</body>"),
            file("les-api/x/index.html", b"<body>x</body>"),
            file("404.html", b"<body>perdu</body>"),
            file("static/site.css", b"body{}"),
        ]
        .into_iter()
        .collect();
        let copies = BTreeMap::from([
            ("images/logo.svg".to_string(), root.join("images/logo.svg")),
            (
                "images/escape.svg".to_string(),
                root.join("images/escape.svg"),
            ),
        ]);
        Snapshot {
            generation: 2,
            files: Arc::new(files),
            copies: Arc::new(copies),
            ..Snapshot::default()
        }
    }

    fn get(site: &Snapshot, root: &Path, target: &str) -> Response {
        handle(
            site,
            root,
            &Request {
                method: Method::Get,
                target: target.into(),
            },
        )
    }

    #[test]
    fn serves_pages_with_the_script_and_files_as_they_are() {
        let root = Path::new("/nonexistent");
        let s = site(root);
        let home = get(&s, root, "/");
        assert_eq!(home.status, 200);
        assert_eq!(
            home.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(home.header("cache-control"), Some("no-cache"));
        assert!(String::from_utf8_lossy(&home.body).contains("data-generation=\"2\""));
        let css = get(&s, root, "/static/site.css?v=1");
        assert_eq!(css.body, b"body{}");
        assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
        let folder = get(&s, root, "/les-api/x");
        assert_eq!(folder.status, 301);
        assert_eq!(folder.header("location"), Some("/les-api/x/"));
    }

    #[test]
    fn unknown_paths_get_the_sites_404_page() {
        let root = Path::new("/nonexistent");
        let r = get(&site(root), root, "/nope/");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8_lossy(&r.body).contains("perdu"));
    }

    #[test]
    fn refuses_traversal_and_other_methods() {
        let root = Path::new("/nonexistent");
        let s = site(root);
        assert_eq!(get(&s, root, "/%2e%2e/etc/passwd").status, 400);
        let post = handle(
            &s,
            root,
            &Request {
                method: Method::Other,
                target: "/".into(),
            },
        );
        assert_eq!(post.status, 405);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_copied_file_that_links_outside_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("images")).unwrap();
        std::fs::write(root.join("images/logo.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("secret.txt"),
            root.join("images/escape.svg"),
        )
        .unwrap();
        let root = root.canonicalize().unwrap();
        let s = site(&root);
        let logo = get(&s, &root, "/images/logo.svg");
        assert_eq!((logo.status, logo.body.as_slice()), (200, &b"<svg/>"[..]));
        assert_eq!(get(&s, &root, "/images/escape.svg").status, 403);
    }
}
