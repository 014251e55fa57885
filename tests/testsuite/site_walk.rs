//! Walks a built site as a browser would follow it: every local `href` and
//! `src` of every HTML page must lead to a file of the site, and every
//! `#fragment` to an `id` (or `<a name>`) of the page it names.
#![allow(dead_code)]

use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One reference that leads nowhere: the page holding it and the URL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Broken {
    pub page: String,
    pub url: String,
    pub why: String,
}

/// The broken local references of the site `files` (relative path to
/// bytes, as `build_support::files` reads it).
pub fn broken_references(files: &BTreeMap<String, Vec<u8>>) -> Vec<Broken> {
    let pages: BTreeMap<&str, Html> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            (
                path.as_str(),
                Html::parse_document(&String::from_utf8_lossy(bytes)),
            )
        })
        .collect();
    let anchors: HashMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(path, doc)| (*path, anchors_of(doc)))
        .collect();
    let referencing = Selector::parse("[href], [src]").expect("selector");
    let mut broken = BTreeSet::new();
    for (path, doc) in &pages {
        let base = url_of(path);
        for element in doc.select(&referencing) {
            let value = element.value();
            for attribute in ["href", "src"] {
                let Some(reference) = value.attr(attribute) else {
                    continue;
                };
                if let Some(why) = follow(files, &anchors, &base, path, reference) {
                    broken.insert(Broken {
                        page: (*path).to_string(),
                        url: reference.to_string(),
                        why,
                    });
                }
            }
        }
    }
    broken.into_iter().collect()
}

/// Where a site file is served: `a/b/index.html` → `/a/b/`.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{path}"),
    }
}

fn anchors_of(doc: &Html) -> BTreeSet<String> {
    let ids = Selector::parse("[id]").expect("selector");
    let names = Selector::parse("a[name]").expect("selector");
    let mut anchors: BTreeSet<String> = doc
        .select(&ids)
        .filter_map(|e| e.value().attr("id"))
        .map(str::to_string)
        .collect();
    anchors.extend(
        doc.select(&names)
            .filter_map(|e| e.value().attr("name"))
            .map(str::to_string),
    );
    anchors
}

/// Why `reference`, found on the page `page` served at `base`, leads
/// nowhere; `None` when it resolves or is not local.
fn follow(
    files: &BTreeMap<String, Vec<u8>>,
    anchors: &HashMap<&str, BTreeSet<String>>,
    base: &str,
    page: &str,
    reference: &str,
) -> Option<String> {
    let reference = reference.trim();
    let lower = reference.to_ascii_lowercase();
    let external = ["http:", "https:", "mailto:", "tel:", "data:", "//"];
    if reference.is_empty() || external.iter().any(|s| lower.starts_with(s)) {
        return None;
    }
    if lower.starts_with("javascript:") {
        return Some("a javascript: URL".to_string());
    }
    let (location, fragment) = match reference.split_once('#') {
        Some((l, f)) => (l, Some(f)),
        None => (reference, None),
    };
    let location = location.split('?').next().unwrap_or_default();
    let target = if location.is_empty() {
        page.to_string()
    } else {
        let absolute = if location.starts_with('/') {
            location.to_string()
        } else {
            format!(
                "{}{location}",
                &base[..base.rfind('/').map_or(0, |i| i + 1)]
            )
        };
        let decoded = percent_decode(&normalise(&absolute));
        let relative = decoded.trim_start_matches('/');
        let candidates = [
            relative.to_string(),
            format!("{}/index.html", relative.trim_end_matches('/')),
            if relative.is_empty() {
                "index.html".to_string()
            } else {
                String::new()
            },
        ];
        match candidates.into_iter().find(|c| files.contains_key(c)) {
            Some(found) => found,
            None => return Some(format!("no file for `{decoded}`")),
        }
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    if !target.ends_with(".html") {
        return None;
    }
    let wanted = percent_decode(fragment);
    match anchors.get(target.as_str()) {
        Some(ids) if ids.contains(&wanted) => None,
        _ => Some(format!("`{target}` has no id `{wanted}`")),
    }
}

/// Resolves `.` and `..` segments of an absolute path.
fn normalise(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/');
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if trailing && out != "/" {
        out.push('/');
    }
    out
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[test]
fn the_walker_finds_broken_files_and_fragments_and_nothing_else() {
    let mut files = BTreeMap::new();
    files.insert(
        "index.html".to_string(),
        br##"<a href="/a/">a</a><a href="a/#x">x</a><a href="/a/#nope">n</a>
        <img src="/img/missing.svg"><a href="https://example.org/">e</a>
        <a href="#top">top</a><a id="top"></a><a href="/a/b.pdf">pdf</a>"##
            .to_vec(),
    );
    files.insert("a/index.html".to_string(), br#"<h2 id="x">x</h2>"#.to_vec());
    files.insert("a/b.pdf".to_string(), b"%PDF".to_vec());
    let broken: Vec<String> = broken_references(&files)
        .into_iter()
        .map(|b| b.url)
        .collect();
    assert_eq!(broken, ["/a/#nope", "/img/missing.svg"]);
}
