//! The search index: documents in, files out, bytes fixed by the input.
//!
//! Format (all JSON, under `search/` at the site root):
//! - `meta.json`: `{"v":1, "apis":A, "producers":P, "docs":N, "chunk":C,
//!   "shards":[…], "stop":[…]}`. Document ids run from 0 to N-1: the APIs
//!   first, most visited (`visits_2019`) first, then producers, then guides;
//!   so a lower id is the popularity tie-break.
//! - `terms.json` when `shards` is empty, else `terms-<k>.json` for every key
//!   `k` in `shards`: the first character of a folded word (words starting
//!   with anything but `a`–`z`, `0`–`9` are in `terms-_.json`), or its first
//!   two when the one-letter shard would be too large. A word is in the shard
//!   of the longest key it starts with. Each is an array of groups
//!   `[[word, word…], [posting, posting…]]`: the folded words that share a
//!   Snowball stem, and the documents holding any of them. A posting is
//!   `(id - previous id) * 32 + fields`, `fields` a bit set of where the
//!   stem occurs: 1 title, 2 acronym or keyword, 4 producer or theme,
//!   8 tagline, 16 headings and body.
//! - `docs-<i>.json`: documents `i*C` to `i*C+C-1`, each
//!   `[title, url, tagline, producer, access, france_connect]`.
//! - `facets.json`: `{"theme:<slug>": [delta ids…], "producer:<slug>": …,
//!   "access:<open|account|restricted>": …, "fc:1": …}`, APIs only.
//!
//! Small catalogues get one terms file and one documents file; large ones
//! are split so that a query reads one terms shard per word and the
//! documents chunks of the results it shows.

use super::text::{Analyzer, STOP_WORDS};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a word occurs in a document; the bit written in postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title = 1,
    Keyword = 2,
    Producer = 4,
    Tagline = 8,
    Body = 16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Api,
    Producer,
    Guide,
}

/// One result the search can show, with the texts it is found by.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    pub title: String,
    pub url: String,
    pub tagline: String,
    /// The producer's name, shown under an API's title.
    pub producer: String,
    /// `open`, `account`, `restricted`, or empty for non-APIs.
    pub access: String,
    pub france_connect: bool,
    pub visits: u64,
    pub texts: Vec<(Field, String)>,
    /// Filter values, `theme:<slug>` and so on (APIs only).
    pub facets: Vec<String>,
}

/// Catalogues up to this many documents get one terms file and one
/// documents file.
const SINGLE_FILE_DOCS: usize = 100;
/// Documents per `docs-<i>.json` when split.
const CHUNK: usize = 16;
/// A one-letter shard larger than this (JSON bytes, about 3 times its
/// gzipped size) is split by the first two letters.
const SHARD_BYTES: usize = 96 * 1024;
/// Body words indexed per document, after its headings.
pub const BODY_WORDS: usize = 40;

/// The index files, by path under the site root, in a fixed order.
pub fn build(mut docs: Vec<Document>) -> Vec<(String, Vec<u8>)> {
    docs.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.visits.cmp(&a.visits))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    let split = docs.len() > SINGLE_FILE_DOCS;
    let chunk = if split { CHUNK } else { docs.len().max(1) };
    let groups = stem_groups(&docs);

    let mut files = Vec::new();
    let long = if split {
        long_shards(&groups)
    } else {
        Vec::new()
    };
    let mut shards: BTreeMap<String, Vec<&Group>> = BTreeMap::new();
    for group in &groups {
        for key in group.shard_keys(split, &long) {
            shards.entry(key).or_default().push(group);
        }
    }
    let keys: Vec<&str> = if split {
        shards.keys().map(String::as_str).collect()
    } else {
        Vec::new()
    };
    let meta = Meta {
        v: 1,
        apis: docs.iter().filter(|d| d.kind == Kind::Api).count(),
        producers: docs.iter().filter(|d| d.kind == Kind::Producer).count(),
        docs: docs.len(),
        chunk,
        shards: keys,
        stop: STOP_WORDS,
    };
    files.push(("search/meta.json".to_string(), json(&meta)));
    for (key, groups) in &shards {
        let name = if split {
            format!("search/terms-{key}.json")
        } else {
            "search/terms.json".to_string()
        };
        let rows: Vec<(&[String], &[u64])> = groups
            .iter()
            .map(|g| (g.surfaces.as_slice(), g.postings.as_slice()))
            .collect();
        files.push((name, json(&rows)));
    }
    if shards.is_empty() {
        files.push(("search/terms.json".to_string(), b"[]".to_vec()));
    }
    for (i, part) in docs.chunks(chunk).enumerate() {
        let rows: Vec<DocRow<'_>> = part.iter().map(DocRow::from).collect();
        files.push((format!("search/docs-{i}.json"), json(&rows)));
    }
    files.push(("search/facets.json".to_string(), json(&facets(&docs))));
    files
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    apis: usize,
    producers: usize,
    docs: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    stop: &'a [&'a str],
}

#[derive(Serialize)]
struct DocRow<'a>(&'a str, &'a str, &'a str, &'a str, &'a str, u8);

impl<'a> From<&'a Document> for DocRow<'a> {
    fn from(d: &'a Document) -> Self {
        DocRow(
            &d.title,
            &d.url,
            &d.tagline,
            &d.producer,
            &d.access,
            u8::from(d.france_connect),
        )
    }
}

struct Group {
    surfaces: Vec<String>,
    postings: Vec<u64>,
}

impl Group {
    /// The shards a group is written to: one per key among its words
    /// (almost always one, as a stem keeps its word's start).
    fn shard_keys(&self, split: bool, long: &[String]) -> Vec<String> {
        if !split {
            return vec![String::new()];
        }
        let mut keys: Vec<String> = self.surfaces.iter().map(|s| shard_of(s, long)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// The shard of a folded word: its first character if `a`–`z` or `0`–`9`,
/// else `_`.
pub fn shard_key(surface: &str) -> String {
    match surface.chars().next() {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => c.to_string(),
        _ => "_".to_string(),
    }
}

/// The one-letter keys whose shard would pass `SHARD_BYTES`.
fn long_shards(groups: &[Group]) -> Vec<String> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    for group in groups {
        let size = group.surfaces.iter().map(|s| s.len() + 3).sum::<usize>()
            + group
                .postings
                .iter()
                .map(|p| p.to_string().len() + 1)
                .sum::<usize>();
        for key in group.shard_keys(true, &[]) {
            *sizes.entry(key).or_default() += size;
        }
    }
    sizes
        .into_iter()
        .filter(|(key, size)| *size > SHARD_BYTES && key != "_")
        .map(|(key, _)| key)
        .collect()
}

/// The shard of a folded word: its one-letter key, or its first two
/// letters when that key is split (and the second is `a`–`z`, `0`–`9`).
fn shard_of(surface: &str, long: &[String]) -> String {
    let key = shard_key(surface);
    if !long.contains(&key) {
        return key;
    }
    match surface.chars().nth(1) {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => format!("{key}{c}"),
        _ => key,
    }
}

/// Every stem with its folded words and its postings, sorted by stem.
fn stem_groups(docs: &[Document]) -> Vec<Group> {
    let analyzer = Analyzer::default();
    // stem → (surfaces, doc id → fields)
    let mut stems: BTreeMap<String, (std::collections::BTreeSet<String>, BTreeMap<usize, u64>)> =
        BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        for (field, text) in &doc.texts {
            for term in analyzer.terms(text) {
                let entry = stems.entry(term.stem).or_default();
                entry.0.insert(term.surface);
                *entry.1.entry(id).or_default() |= *field as u64;
            }
        }
    }
    stems
        .into_values()
        .map(|(surfaces, fields)| {
            let mut previous = 0;
            let postings = fields
                .into_iter()
                .map(|(id, bits)| {
                    let delta = (id - previous) as u64;
                    previous = id;
                    delta * 32 + bits
                })
                .collect();
            Group {
                surfaces: surfaces.into_iter().collect(),
                postings,
            }
        })
        .collect()
}

fn facets(docs: &[Document]) -> BTreeMap<&str, Vec<usize>> {
    let mut ids: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        for facet in &doc.facets {
            ids.entry(facet.as_str()).or_default().push(id);
        }
    }
    for list in ids.values_mut() {
        let mut previous = 0;
        for id in list.iter_mut() {
            let delta = *id - previous;
            previous = *id;
            *id = delta;
        }
    }
    ids
}

fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn api(title: &str, visits: u64, texts: &[(Field, &str)]) -> Document {
        Document {
            kind: Kind::Api,
            title: title.to_string(),
            url: format!("/les-api/{}/", title.to_lowercase().replace(' ', "-")),
            tagline: String::new(),
            producer: String::new(),
            access: "open".to_string(),
            france_connect: false,
            visits,
            texts: std::iter::once((Field::Title, title))
                .chain(texts.iter().copied())
                .map(|(f, t)| (f, t.to_string()))
                .collect(),
            facets: vec!["access:open".to_string()],
        }
    }

    fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
        files
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, b)| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    #[test]
    fn documents_are_numbered_by_popularity() {
        let files = build(vec![api("API Rare", 3, &[]), api("API Courue", 900, &[])]);
        assert!(file(&files, "search/docs-0.json").starts_with(r#"[["API Courue","#));
    }

    #[test]
    fn a_stem_groups_its_words_with_field_bits_and_delta_ids() {
        let files = build(vec![
            api("Bourses étudiantes", 10, &[]),
            api(
                "Logement",
                5,
                &[(Field::Tagline, "Pour les étudiants boursiers")],
            ),
        ]);
        let terms = file(&files, "search/terms.json");
        // Doc 0 in its title (1), doc 1 in its tagline (8): 0*32+1, 1*32+8.
        assert!(
            terms.contains(r#"[["etudiantes","etudiants"],[1,40]]"#),
            "{terms}"
        );
        assert!(!terms.contains(r#""les""#));
    }

    #[test]
    fn large_catalogues_are_split_by_first_letter_and_chunked() {
        let docs: Vec<Document> = (0..450)
            .map(|i| api(&format!("Api{i} Zèbre"), i, &[]))
            .collect();
        let files = build(docs);
        let meta = file(&files, "search/meta.json");
        assert!(meta.contains(r#""shards":["a","z"]"#), "{meta}");
        assert!(meta.contains(r#""chunk":16"#));
        assert!(file(&files, "search/terms-z.json").contains("zebre"));
        assert!(files.iter().any(|(n, _)| n == "search/docs-28.json"));
        assert!(!files.iter().any(|(n, _)| n == "search/docs-29.json"));
    }

    #[test]
    fn a_large_one_letter_shard_is_split_by_two_letters() {
        let docs: Vec<Document> = (0..5000)
            .map(|i| api(&format!("Pa{i} Pe{i} Zèbre"), i, &[]))
            .collect();
        let files = build(docs);
        let meta = file(&files, "search/meta.json");
        assert!(meta.contains(r#""shards":["pa","pe","z"]"#), "{meta}");
        assert!(file(&files, "search/terms-pa.json").contains(r#""pa17""#));
        assert!(!file(&files, "search/terms-pa.json").contains(r#""pe17""#));
    }

    #[test]
    fn same_documents_give_same_bytes_whatever_their_order() {
        let a = vec![api("Un", 1, &[]), api("Deux", 1, &[]), api("Trois", 2, &[])];
        let mut b = a.clone();
        b.reverse();
        assert_eq!(build(a), build(b));
    }

    #[test]
    fn facets_list_delta_ids() {
        let mut first = api("Premier", 2, &[]);
        first.facets.push("theme:emploi".into());
        let mut second = api("Second", 1, &[]);
        second.facets.push("theme:emploi".into());
        let files = build(vec![first, second, api("Autre", 0, &[])]);
        assert!(file(&files, "search/facets.json").contains(r#""theme:emploi":[0,1]"#));
        assert!(file(&files, "search/facets.json").contains(r#""access:open":[0,1,1]"#));
    }
}
