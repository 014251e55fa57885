use super::*;
use crate::site::Site;
use std::collections::BTreeMap;

/// Writes an in-memory `site` to `target` as a build would.
fn write_site(site: &Site, target: &Path) -> io::Result<Written> {
    let staging = Staging::create(target)?;
    for (path, bytes) in &site.files {
        staging.put(path, bytes.clone());
    }
    staging.publish(&site.copies)
}

fn site(pairs: &[(&str, &str)]) -> Site {
    let mut s = Site::default();
    for (path, text) in pairs {
        s.files.insert(path.to_string(), text.as_bytes().to_vec());
    }
    s
}

/// Every file under `root`, relative path to text.
fn tree(root: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        // Checked by `every_build_leaves_the_manifest_of_what_it_wrote`.
        .filter(|e| e.depth() != 1 || e.file_name() != MANIFEST)
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read_to_string(e.path()).expect("read"))
        })
        .collect()
}

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn writes_nested_files_and_replaces_the_previous_site() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    write_site(
        &site(&[("index.html", "a"), ("old/index.html", "o")]),
        &target,
    )
    .expect("first");
    assert_eq!(
        names_in(dir.path()),
        ["public"],
        "nothing beside a first build"
    );
    write_site(
        &site(&[("index.html", "b"), ("les-api/x/index.html", "x")]),
        &target,
    )
    .expect("second");
    assert_eq!(
        tree(&target),
        expected(&[("index.html", "b"), ("les-api/x/index.html", "x")])
    );
    assert!(!target.join("old").exists(), "stale folders are gone");
    assert_eq!(names_in(dir.path()), [".public.vitrine-spare", "public"]);
    assert_eq!(
        fs::read_to_string(dir.path().join(".public.vitrine-spare/.gitignore")).expect("read"),
        "*\n",
        "the spare stays out of git status"
    );
}

#[test]
fn a_rebuild_reuses_the_spare_and_publishes_exactly_the_new_site() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let one = [
        ("index.html", "1"),
        ("les-api/a/index.html", "a"),
        ("les-api/gone/index.html", "g"),
        ("static/css/site.css", "css"),
    ];
    let two = [
        ("index.html", "2"),
        ("les-api/a/index.html", "a"),
        ("les-api/new/index.html", "n"),
        ("static/css/site.css", "css"),
    ];
    write_site(&site(&one), &target).expect("one");
    write_site(&site(&two), &target).expect("two");
    // The third build starts from the first one's folder (the spare).
    let w = write_site(&site(&two), &target).expect("three");
    assert_eq!(tree(&target), expected(&two));
    assert_eq!(
        w,
        Written {
            written: 2,
            unchanged: 2,
            removed: 2,
        },
        "index and the new page written, the gone page and the spare's .gitignore removed"
    );
    assert!(
        !target.join("les-api/gone").exists(),
        "empty folders removed"
    );
    // Same content again: nothing to write.
    let w = write_site(&site(&two), &target).expect("four");
    assert_eq!(w.written, 0);
    assert_eq!(w.unchanged, 4);
    assert_eq!(tree(&target), expected(&two));
}

#[test]
fn a_reused_folder_with_files_and_folders_swapped_is_repaired() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let one = [("a", "file"), ("b.json/index.html", "folder")];
    let two = [("a/index.html", "now a folder"), ("b.json", "now a file")];
    write_site(&site(&one), &target).expect("one");
    write_site(&site(&[("index.html", "x")]), &target).expect("two");
    write_site(&site(&two), &target).expect("three, on one's folder");
    assert_eq!(tree(&target), expected(&two));
}

#[test]
fn a_failed_write_leaves_the_previous_site_untouched() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    write_site(&site(&[("index.html", "good")]), &target).expect("first");
    let mut broken = site(&[("index.html", "new")]);
    broken
        .copies
        .insert("images/x.svg".into(), dir.path().join("missing.svg"));
    let e = write_site(&broken, &target).expect_err("missing copy");
    assert!(e.to_string().contains("missing.svg"), "{e}");
    assert_eq!(tree(&target), expected(&[("index.html", "good")]));
    assert_eq!(names_in(dir.path()), [".public.vitrine-spare", "public"]);
}

#[test]
fn a_discarded_build_leaves_the_target_untouched_and_no_staging_folder() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    write_site(&site(&[("index.html", "good")]), &target).expect("first");
    let staging = Staging::create(&target).expect("staging");
    staging.put("index.html", b"half".to_vec());
    staging.discard();
    assert_eq!(tree(&target), expected(&[("index.html", "good")]));
    assert_eq!(names_in(dir.path()), [".public.vitrine-spare", "public"]);
}

#[test]
fn paths_escaping_the_output_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let e = write_site(&site(&[("../evil.html", "x")]), &target).expect_err("refused");
    assert!(e.to_string().contains("outside the output folder"), "{e}");
    assert!(!dir.path().join("evil.html").exists());
    assert!(!target.exists());
}

#[test]
fn a_file_named_like_the_target_is_an_error() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    fs::write(&target, "not a folder").expect("write");
    let e = Staging::create(&target).expect_err("refused");
    assert!(e.to_string().contains("is not a folder"), "{e}");
}

#[test]
fn stale_paths_replaced_during_the_build_are_not_errors() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    fs::create_dir_all(root.join("a")).expect("mkdir");
    fs::write(root.join("a/index.html"), "folder now").expect("write");
    fs::write(root.join("b.json"), "file now").expect("write");
    fs::write(root.join("gone.html"), "stale").expect("write");
    // Listed when the build started: `a` was a file, `b.json` a folder.
    let before = [
        "a".to_string(),
        "b.json/index.html".into(),
        "gone.html".into(),
    ];
    let kept: HashSet<String> = ["a/index.html".to_string(), "b.json".into()].into();
    assert_eq!(remove_stale(root, &before, &kept).expect("removed"), 1);
    assert_eq!(
        tree(root),
        expected(&[("a/index.html", "folder now"), ("b.json", "file now")])
    );
}

/// Every folder under `root`, relative, `/`-separated.
fn folders(root: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            let relative = e.path().strip_prefix(root).expect("inside");
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    all.sort();
    all
}

fn planned(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn folders_made_ahead_hold_the_pages_and_unused_ones_are_removed() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let staging = Staging::create(&target).expect("staging");
    staging.create_folders_ahead(planned(&[
        "les-api/a",
        "les-api/b",
        "guides/unused",
        "producteurs/p",
    ]));
    // The pages arrive whether or not the thread has made their folder yet.
    staging.put("les-api/a/index.html", b"a".to_vec());
    staging.put("les-api/b/index.html", b"b".to_vec());
    staging.put("producteurs/p/index.html", b"p".to_vec());
    staging.put("producteurs/index.html", b"ps".to_vec());
    staging.publish(&BTreeMap::new()).expect("publish");
    assert_eq!(
        tree(&target),
        expected(&[
            ("les-api/a/index.html", "a"),
            ("les-api/b/index.html", "b"),
            ("producteurs/index.html", "ps"),
            ("producteurs/p/index.html", "p"),
        ])
    );
    // `guides/unused` got nothing: gone, and `guides/` with it.
    assert_eq!(
        folders(&target),
        [
            "les-api",
            "les-api/a",
            "les-api/b",
            "producteurs",
            "producteurs/p"
        ]
    );
}

#[test]
fn a_discarded_build_keeps_no_empty_folder_made_ahead() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let staging = Staging::create(&target).expect("staging");
    staging.create_folders_ahead(planned(&["les-api/a", "les-api/b"]));
    staging.put("les-api/a/index.html", b"a".to_vec());
    staging.discard();
    assert!(!target.exists());
    // The spare holds what was written, and no folder from a card that got
    // no page: the next build, reusing it, lists only files.
    let spare = dir.path().join(".public.vitrine-spare");
    assert_eq!(folders(&spare), ["les-api", "les-api/a"]);
    // Reusing the spare: the site is exactly the new one.
    write_site(&site(&[("index.html", "home")]), &target).expect("rebuild");
    assert_eq!(tree(&target), expected(&[("index.html", "home")]));
    assert_eq!(folders(&target), Vec::<String>::new());
}

#[test]
fn a_reused_folder_makes_no_folder_ahead() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    write_site(&site(&[("index.html", "one")]), &target).expect("first");
    write_site(&site(&[("index.html", "two")]), &target).expect("second");
    // The third build reuses the spare the second left.
    let staging = Staging::create(&target).expect("staging");
    assert!(staging.reused);
    staging.create_folders_ahead(planned(&["les-api/a"]));
    assert!(staging.ahead.get().is_none());
    staging.put("index.html", b"three".to_vec());
    staging.publish(&BTreeMap::new()).expect("publish");
    assert_eq!(tree(&target), expected(&[("index.html", "three")]));
}

#[cfg(unix)]
#[test]
fn a_linked_output_stays_a_link_and_its_folder_is_replaced() {
    let dir = tempfile::tempdir().expect("temp");
    let real = dir.path().join("www/site");
    fs::create_dir_all(dir.path().join("www")).expect("mkdir");
    let link = dir.path().join("public");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    // The link points to a folder not made yet, then to each new site.
    for (i, text) in ["one", "two", "three", "four"].iter().enumerate() {
        write_site(&site(&[("index.html", text)]), &link).expect("build");
        let meta = fs::symlink_metadata(&link).expect("link");
        assert!(meta.file_type().is_symlink(), "build {i}: still a link");
        assert_eq!(fs::read_link(&link).expect("read link"), real);
        assert_eq!(tree(&real), expected(&[("index.html", text)]));
        assert_eq!(names_in(dir.path()), ["public", "www"], "build {i}");
    }
    // Staged and spared beside the real folder.
    assert_eq!(
        names_in(&dir.path().join("www")),
        [".site.vitrine-spare", "site"]
    );
}

#[cfg(unix)]
#[test]
fn a_linked_spare_is_not_written_through() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).expect("mkdir");
    fs::write(elsewhere.join("index.html"), "mine").expect("write");
    let spare = dir.path().join(".public.vitrine-spare");
    std::os::unix::fs::symlink(&elsewhere, &spare).expect("link");
    write_site(&site(&[("index.html", "one")]), &target).expect("one");
    write_site(&site(&[("index.html", "two")]), &target).expect("two");
    assert_eq!(tree(&target), expected(&[("index.html", "two")]));
    assert_eq!(tree(&elsewhere), expected(&[("index.html", "mine")]));
    assert!(fs::symlink_metadata(&spare)
        .expect("spare")
        .file_type()
        .is_symlink());
}

fn manifest_of(folder: &Path) -> Vec<String> {
    let text = fs::read_to_string(folder.join(MANIFEST)).expect("manifest");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn every_build_leaves_the_manifest_of_what_it_wrote() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let image = dir.path().join("logo.svg");
    fs::write(&image, "<svg/>").expect("write");
    let mut one = site(&[("index.html", "1"), ("les-api/a/index.html", "a")]);
    one.copies.insert("images/logo.svg".into(), image.clone());
    write_site(&one, &target).expect("one");
    let listed = ["images/logo.svg", "index.html", "les-api/a/index.html"];
    assert_eq!(manifest_of(&target), listed);
    let first = fs::read(target.join(MANIFEST)).expect("read");
    // Built again elsewhere, in another order: the same bytes.
    let other = dir.path().join("other");
    let staging = Staging::create(&other).expect("staging");
    for (path, bytes) in one.files.iter().rev() {
        staging.put(path, bytes.clone());
    }
    staging.publish(&one.copies).expect("publish");
    assert_eq!(fs::read(other.join(MANIFEST)).expect("read"), first);
    // A rebuild on the spare lists only what it wrote, not what it removed.
    write_site(&site(&[("index.html", "2")]), &target).expect("two");
    write_site(&site(&[("index.html", "3"), ("b//c", "c")]), &target).expect("three");
    assert_eq!(manifest_of(&target), ["b/c", "index.html"]);
    assert_eq!(unowned(&target, false).expect("check"), None);
    // A failed build's spare lists what it held and what was put.
    let staging = Staging::create(&target).expect("staging");
    staging.put("new.html", b"n".to_vec());
    staging.discard();
    let spare = dir.path().join(".public.vitrine-spare");
    // (The second build's folder, with the `.gitignore` of a spare.)
    assert_eq!(
        manifest_of(&spare),
        [".gitignore", "index.html", "new.html"]
    );
    assert_eq!(unowned(&spare, true).expect("check"), None);
}

#[test]
fn a_page_named_like_the_manifest_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    let e =
        write_site(&site(&[(MANIFEST, "x"), ("index.html", "i")]), &target).expect_err("refused");
    assert!(e.to_string().contains("no page may take its name"), "{e}");
    assert!(!target.exists());
}

#[test]
fn an_empty_folder_replaced_leaves_a_marked_spare() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("public");
    fs::create_dir_all(target.join("empty")).expect("mkdir");
    write_site(&site(&[("index.html", "one")]), &target).expect("one");
    let spare = dir.path().join(".public.vitrine-spare");
    assert_eq!(unowned(&spare, true).expect("check"), None);
    assert_eq!(manifest_of(&spare), Vec::<String>::new());
}
