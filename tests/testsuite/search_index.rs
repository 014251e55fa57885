//! The search index written by `vitrine build` (format in
//! `src/search/index.rs`): byte-identical from one build to the next, split
//! as documented, and small enough for a first query at catalogue size.

use crate::build_support::{build, copy_tree, files};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search")
}

fn search_files(content: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let run = build(content, out.path(), &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    files(out.path())
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/") || path.starts_with("static/js/search"))
        .collect()
}

fn gzipped_len(bytes: &[u8]) -> usize {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

#[test]
fn index_bytes_are_the_same_from_one_build_to_the_next() {
    let first = search_files(&fixture());
    let second = search_files(&fixture());
    assert!(first.contains_key("search/meta.json"));
    assert_eq!(first, second);
}

#[test]
fn index_lists_apis_by_popularity_then_producers_and_guides() {
    let files = search_files(&fixture());
    let meta = String::from_utf8(files["search/meta.json"].clone()).unwrap();
    assert!(
        meta.contains(r#""apis":47,"producers":22,"operations":0,"docs":71"#),
        "{meta}"
    );
    let docs = String::from_utf8(files["search/docs-0.json"].clone()).unwrap();
    assert!(docs.starts_with(r#"[["API Entreprise","/les-api/api-entreprise/""#));
    assert!(docs
        .contains(r#"["Mettre en place la tarification sociale","/guides/tarification-sociale/""#));
}

/// The fixture's cards, copied under new slugs and titles until there are
/// `apis` of them.
fn grown_catalogue(apis: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let api_dir = dir.path().join("api");
    let cards: Vec<(String, String)> = std::fs::read_dir(&api_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let slug = p.file_stem().unwrap().to_string_lossy().into_owned();
            (slug, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let regions = ["Bretagne", "Occitanie", "Normandie", "Grand Est", "Corse"];
    let mut count = cards.len();
    'grow: for region in regions {
        for (slug, text) in &cards {
            if count >= apis {
                break 'grow;
            }
            let copy = text.replacen("title: \"", &format!("title: \"{region} – "), 1);
            let name = format!("{slug}-{}.md", region.to_lowercase().replace(' ', "-"));
            std::fs::write(api_dir.join(name), copy).unwrap();
            count += 1;
        }
    }
    dir
}

#[test]
fn a_first_query_at_200_apis_reads_at_most_30_kb_gzipped() {
    let content = grown_catalogue(200);
    let files = search_files(content.path());
    let meta = String::from_utf8(files["search/meta.json"].clone()).unwrap();
    assert!(meta.contains(r#""apis":200"#), "{meta}");
    let largest = |prefix: &str| {
        files
            .iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .map(|(_, bytes)| gzipped_len(bytes))
            .max()
            .unwrap_or(0)
    };
    // At worst: a query word with a typo in its first letter reads its own
    // terms shard, its `ends` list and the shard of the word it meant, then
    // a documents chunk for each of the 12 results shown first.
    let first_query = gzipped_len(&files["search/meta.json"])
        + 2 * largest("search/terms")
        + largest("search/ends-")
        + 12 * largest("search/docs-");
    assert!(first_query <= 30 * 1024, "{first_query} bytes gzipped");
}

/// The bytes of a split index, pinned: a change to how the index is built
/// (its speed, its threads) must not change what it writes. A deliberate
/// change of format or content updates the digest.
#[test]
fn a_split_index_has_pinned_bytes() {
    use sha2::{Digest, Sha256};
    let content = grown_catalogue(450);
    let files = search_files(content.path());
    let mut hash = Sha256::new();
    let mut count = 0;
    for (name, bytes) in files.iter().filter(|(n, _)| n.starts_with("search/")) {
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
        count += 1;
    }
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        (count, digest.as_str()),
        (
            114,
            "4144810d0755b40ebbd00068f952fd83846b646f0498ad3fce723b2dd9cb5494"
        )
    );
}

#[test]
fn a_split_index_lists_every_long_word_by_its_last_two_letters() {
    let content = grown_catalogue(200);
    let files = search_files(content.path());
    let ends = String::from_utf8(files["search/ends-se.json"].clone()).unwrap();
    assert!(ends.contains(r#""entreprise""#), "{ends}");
    assert!(ends.contains(r#""adresse""#), "{ends}");
    assert!(!ends.contains(r#""cadastre""#));
}

#[test]
fn operations_of_reference_pages_are_results_opening_at_their_anchor() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi");
    let out = tempfile::tempdir().unwrap();
    let run = build(&content, out.path(), &[]);
    assert!(run.status.success());
    let all = files(out.path());
    let meta: serde_json::Value = serde_json::from_slice(&all["search/meta.json"]).unwrap();
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&all["search/docs-0.json"]).unwrap();
    let operations = &docs[docs.len() - meta["operations"].as_u64().unwrap() as usize..];
    // The three specs that parse: Démarches (7 operations), Sirene (3),
    // Entreprise légère; the broken one and the external link give none.
    let pages: std::collections::BTreeSet<&str> = operations
        .iter()
        .map(|d| d[1].as_str().unwrap().split('#').next().unwrap())
        .collect();
    assert_eq!(
        pages.into_iter().collect::<Vec<_>>(),
        [
            "/documentation/api-entreprise-legere/",
            "/documentation/demarches/",
            "/documentation/sirene-simplifiee/"
        ]
    );
    for op in operations {
        let (title, url) = (op[0].as_str().unwrap(), op[1].as_str().unwrap());
        let (page, anchor) = url.split_once('#').unwrap();
        let html = String::from_utf8(all[&format!("{}index.html", &page[1..])].clone()).unwrap();
        let heading = html
            .split(&format!(r#"<h3 id="{anchor}">"#))
            .nth(1)
            .unwrap_or_else(|| panic!("{url}: no heading with that id"));
        let (method, path) = title.split_once(' ').unwrap();
        assert!(heading.starts_with(&format!(
            r#"<span class="method method-{}">{method}</span> <code class="doc-path">{path}</code>"#,
            method.to_lowercase()
        )), "{url}: {}", &heading[..120.min(heading.len())]);
    }
    let demarches: Vec<&str> = operations
        .iter()
        .filter(|d| d[4] == "" && d[3] == "API Démarches")
        .map(|d| d[2].as_str().unwrap())
        .collect();
    assert!(
        demarches.contains(&"Déposer une pièce justificative"),
        "{demarches:?}"
    );
}
