//! The search index: documents in, files out, bytes fixed by the input.
//!
//! Format (all JSON, under `search/` at the site root):
//! - `meta.json`: `{"v":2, "apis":A, "producers":P, "operations":O,
//!   "docs":N, "chunk":C, "shards":[…], "ends":[…], "stop":[…]}`. Document
//!   ids run from 0 to N-1: the APIs first, most visited (`visits_2019`)
//!   first, then producers, then guides, then the operations of reference
//!   pages (by their API's popularity); so a lower id is the popularity
//!   tie-break.
//! - `terms.json` when `shards` is empty, else `terms-<k>.json` for every key
//!   `k` in `shards`: a word's first one to three characters (`shards`
//!   says which). Each is an array of groups
//!   `[[word, word…], [posting, posting…]]`: the folded words that share a
//!   Snowball stem, and the documents holding any of them. A posting is
//!   `(id - previous id) * 32 + fields`, `fields` a bit set of where the
//!   stem occurs: 1 title, 2 acronym or keyword, 4 producer or theme,
//!   8 tagline, 16 headings and body.
//! - `ends-<xy>.json` for every key in `ends` (split indexes only): the
//!   folded words of 4 characters or more ending in `xy`, those whose stem
//!   is in the most documents first (then in code point order), for typos
//!   in a word's first letters (`shards.rs`).
//! - `docs-<i>.json`: documents `i*C` to `i*C+C-1`, each
//!   `[title, url, tagline, producer, access, france_connect]`.
//! - `facets.json`: `{"theme:<slug>": [delta ids…], "producer:<slug>": …,
//!   "access:<open|account|restricted>": …, "fc:1": …}`: the APIs, and the
//!   operations of each API under its API's keys.
//!
//! Small catalogues get one terms file and one documents file; large ones
//! are split so that a query reads one terms shard per word and the
//! documents chunks of the results it shows.

use super::shards::{end_key, Split};
use super::text::{Stems, Vocabulary, STOP_WORDS};
use foldhash::HashMap;
use rayon::prelude::*;
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
    /// An operation of a `/documentation/<slug>/` page.
    Operation,
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
    /// Filter values, `theme:<slug>` and so on (APIs, and operations with
    /// their API's).
    pub facets: Vec<String>,
}

/// Catalogues up to this many documents get one terms file and one
/// documents file.
const SINGLE_FILE_DOCS: usize = 100;
/// Documents per `docs-<i>.json` when split.
const CHUNK: usize = 16;
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
    // The documents' own files need no stems: written meanwhile.
    let (groups, (doc_files, facets_file)) = rayon::join(
        || stem_groups(&docs),
        || (doc_files(&docs, chunk), json(&facets(&docs))),
    );

    let (shards, ends) = if split {
        rayon::join(|| shard_groups(&groups), || ends_files(&groups))
    } else {
        (vec![("", groups.iter().collect())], Vec::new())
    };
    let meta = Meta {
        v: 2,
        apis: docs.iter().filter(|d| d.kind == Kind::Api).count(),
        producers: docs.iter().filter(|d| d.kind == Kind::Producer).count(),
        operations: docs.iter().filter(|d| d.kind == Kind::Operation).count(),
        docs: docs.len(),
        chunk,
        shards: if split {
            shards.iter().map(|(key, _)| *key).collect()
        } else {
            Vec::new()
        },
        ends: ends.iter().map(|(key, _)| *key).collect(),
        stop: STOP_WORDS,
    };
    let mut files = vec![("search/meta.json".to_string(), json(&meta))];
    files.par_extend(shards.par_iter().map(|(key, groups)| {
        let name = if split {
            format!("search/terms-{key}.json")
        } else {
            "search/terms.json".to_string()
        };
        (name, terms_json(groups))
    }));
    files.extend(
        ends.into_iter()
            .map(|(key, bytes)| (format!("search/ends-{key}.json"), bytes)),
    );
    files.extend(doc_files);
    files.push(("search/facets.json".to_string(), facets_file));
    files
}

/// The groups of each terms shard, by key.
fn shard_groups(groups: &[Group]) -> Vec<(&str, Vec<&Group>)> {
    let split = Split::of(groups);
    let mut shards: HashMap<&str, Vec<&Group>> = HashMap::default();
    for group in groups {
        split.each_key(group, |key| shards.entry(key).or_default().push(group));
    }
    sorted(shards)
}

/// The JSON of each `ends` list, by key: its words, those whose stem is in
/// the most documents first.
fn ends_files(groups: &[Group]) -> Vec<(&str, Vec<u8>)> {
    let mut ends: HashMap<&str, Vec<(usize, &str)>> = HashMap::default();
    for group in groups {
        for surface in &group.surfaces {
            if let Some(key) = end_key(surface) {
                ends.entry(key)
                    .or_default()
                    .push((group.postings.len(), surface));
            }
        }
    }
    sorted(ends)
        .into_par_iter()
        .map(|(key, mut words)| {
            words.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            let words: Vec<&str> = words.iter().map(|(_, w)| *w).collect();
            (key, json(&words))
        })
        .collect()
}

fn sorted<T>(map: HashMap<&str, T>) -> Vec<(&str, T)> {
    let mut entries: Vec<(&str, T)> = map.into_iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

/// `docs-<i>.json`, `chunk` documents each.
fn doc_files(docs: &[Document], chunk: usize) -> Vec<(String, Vec<u8>)> {
    docs.chunks(chunk)
        .enumerate()
        .map(|(i, part)| {
            let rows: Vec<DocRow<'_>> = part.iter().map(DocRow::from).collect();
            (format!("search/docs-{i}.json"), json(&rows))
        })
        .collect()
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    apis: usize,
    producers: usize,
    operations: usize,
    docs: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    ends: Vec<&'a str>,
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

/// A stem's row in a terms file.
pub(super) struct Group {
    /// The folded words that have the stem, sorted.
    pub surfaces: Vec<String>,
    /// `(id - previous id) * 32 + fields`, by id.
    pub postings: Vec<u64>,
}

/// Every stem with its folded words and its postings, sorted by stem.
///
/// Occurrences are noted in document order, then sorted by stem with a
/// counting sort, which keeps each stem's in document order: no list per
/// stem grown and moved as the documents are read.
fn stem_groups(docs: &[Document]) -> Vec<Group> {
    // Runs of documents read on rayon's threads, each with its own
    // vocabulary; `(word number, id << 5 | field bit)` in document order
    // (27 bits of id: 134 million documents, far past any catalogue).
    let run = docs.len().div_ceil(rayon::current_num_threads()).max(1);
    let (vocabularies, occurrences): (Vec<Vocabulary>, Vec<Vec<(u32, u32)>>) = docs
        .par_chunks(run)
        .enumerate()
        .map(|(number, run_docs)| {
            let mut vocabulary = Vocabulary::default();
            let mut occurrences = Vec::new();
            for (offset, doc) in run_docs.iter().enumerate() {
                let id = u32::try_from(number * run + offset).unwrap_or(u32::MAX >> 5);
                for (field, text) in &doc.texts {
                    let bit = *field as u32;
                    vocabulary.each_word(text, |word| occurrences.push((word, id << 5 | bit)));
                }
            }
            (vocabulary, occurrences)
        })
        .unzip();
    let Stems { of_word, stems } = Stems::of(vocabularies);
    // Each occurrence of a word with a stem (stop words are left out).
    let each_stemmed = |f: &mut dyn FnMut(u32, u32)| {
        for (run, of_word) in occurrences.iter().zip(&of_word) {
            for &(word, entry) in run {
                if let Some(stem) = of_word[word as usize] {
                    f(stem, entry);
                }
            }
        }
    };
    // `starts[s]..starts[s + 1]`: stem `s`'s occurrences in `by_stem`.
    let mut starts = vec![0usize; stems.len() + 1];
    each_stemmed(&mut |stem, _| starts[stem as usize + 1] += 1);
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut by_stem = vec![0u32; starts[stems.len()]];
    each_stemmed(&mut |stem, entry| {
        let slot = &mut next[stem as usize];
        by_stem[*slot] = entry;
        *slot += 1;
    });
    stems
        .into_par_iter()
        .enumerate()
        .map(|(number, stem)| Group {
            surfaces: stem.surfaces,
            postings: postings(&by_stem[starts[number]..starts[number + 1]]),
        })
        .collect()
}

/// The postings of a stem's occurrences (`id << 5 | field bit`, ids
/// rising): one per document, its fields or-ed together.
fn postings(occurrences: &[u32]) -> Vec<u64> {
    let mut postings: Vec<u64> = Vec::new();
    let (mut previous, mut current): (u64, Option<(u64, u64)>) = (0, None);
    for &entry in occurrences {
        let (id, bit) = (u64::from(entry >> 5), u64::from(entry & 31));
        match &mut current {
            Some((same, bits)) if *same == id => *bits |= bit,
            _ => {
                if let Some((last, bits)) = current {
                    postings.push((last - previous) * 32 + bits);
                    previous = last;
                }
                current = Some((id, bit));
            }
        }
    }
    if let Some((last, bits)) = current {
        postings.push((last - previous) * 32 + bits);
    }
    postings
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

/// `[[[word, …], [posting, …]], …]`, written by hand: the words are runs
/// of letters and digits (`text::words`), so they need no escaping, and
/// this is the bulk of the index.
fn terms_json(groups: &[&Group]) -> Vec<u8> {
    let mut digits = itoa::Buffer::new();
    let mut out = Vec::with_capacity(groups.len() * 32);
    out.push(b'[');
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"[[");
        for (j, surface) in group.surfaces.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(surface.as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(b"],[");
        for (j, posting) in group.postings.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.extend_from_slice(digits.format(*posting).as_bytes());
        }
        out.extend_from_slice(b"]]");
    }
    out.push(b']');
    out
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
        assert_eq!(file(&files, "search/ends-re.json"), r#"["zebre"]"#);
        assert!(meta.contains(r#""chunk":16"#));
        assert!(file(&files, "search/terms-z.json").contains("zebre"));
        assert!(files.iter().any(|(n, _)| n == "search/docs-28.json"));
        assert!(!files.iter().any(|(n, _)| n == "search/docs-29.json"));
    }

    #[test]
    fn ends_lists_put_the_words_in_most_documents_first() {
        let mut docs: Vec<Document> = (0..150)
            .map(|i| api(&format!("Api{i} Masses"), i, &[]))
            .collect();
        docs.extend((0..3).map(|i| api(&format!("Passes {i}"), 1000, &[])));
        let files = build(docs);
        assert_eq!(
            file(&files, "search/ends-es.json"),
            r#"["masses","passes"]"#
        );
    }

    #[test]
    fn a_large_one_letter_shard_is_split_by_two_letters() {
        let docs: Vec<Document> = (0..3000)
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
    fn the_bytes_do_not_depend_on_the_number_of_threads() {
        let docs: Vec<Document> = (0..300)
            .map(|i| {
                let tagline = format!("Données {i} des étudiants ENTREPRISES entreprise{}", i % 7);
                api(
                    &format!("Api{i} Zèbre"),
                    i % 13,
                    &[(Field::Tagline, tagline.as_str())],
                )
            })
            .collect();
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| build(docs.clone()))
        };
        let one = on(1);
        assert_eq!(one, on(3));
        assert_eq!(one, on(8));
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
