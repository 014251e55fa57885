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
        meta.contains(r#""apis":47,"producers":22,"docs":71"#),
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
    // At worst: the largest terms shard and a documents chunk for each of
    // the 12 results shown first.
    let first_query = gzipped_len(&files["search/meta.json"])
        + largest("search/terms")
        + 12 * largest("search/docs-");
    assert!(first_query <= 30 * 1024, "{first_query} bytes gzipped");
}
