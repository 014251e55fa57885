//! `vitrine build`'s output folder: what it may replace (the manifest of
//! the files a build wrote), and an `--output` that is a symbolic link.

use crate::build_support::{files, stderr};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/escaping")
}

fn build(output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg("build")
        .arg("--content")
        .arg(fixture())
        .arg("--output")
        .arg(output)
        .output()
        .expect("vitrine runs")
}

fn built(output: &Path) {
    let run = build(output);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

#[test]
fn a_site_with_someone_elses_files_in_it_is_refused_and_nothing_moves() {
    // Built twice (so there is a spare), then a thesis and a git folder
    // put in it: the next build would have deleted them.
    let dir = tempfile::tempdir().expect("temp");
    let public = dir.path().join("public");
    built(&public);
    built(&public);
    std::fs::write(public.join("thesis.tex"), "\\begin{document}").expect("write");
    std::fs::create_dir(public.join(".git")).expect("mkdir");
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/main\n").expect("write");
    let before = files(dir.path());
    for _ in 0..2 {
        let run = build(&public);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        let err = stderr(&run);
        assert!(err.contains(&public.display().to_string()), "{err}");
        assert!(err.contains(".git/HEAD, thesis.tex"), "{err}");
        assert_eq!(files(dir.path()), before, "nothing moved");
    }
    // The same in the spare.
    std::fs::rename(public.join("thesis.tex"), dir.path().join("thesis.tex")).expect("mv");
    std::fs::remove_dir_all(public.join(".git")).expect("rm");
    let spare = dir.path().join(".public.vitrine-spare");
    std::fs::write(spare.join("notes.md"), "à garder").expect("write");
    let run = build(&public);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("notes.md"), "{}", stderr(&run));
    assert!(spare.join("notes.md").is_file());
    std::fs::remove_file(spare.join("notes.md")).expect("rm");
    built(&public);
}

#[test]
fn an_output_without_manifest_is_refused_with_the_fix() {
    // As an earlier vitrine left it: a site, and no manifest.
    let dir = tempfile::tempdir().expect("temp");
    let public = dir.path().join("public");
    built(&public);
    std::fs::remove_file(public.join(".vitrine-manifest")).expect("rm");
    let before = files(dir.path());
    let run = build(&public);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("has no .vitrine-manifest"), "{err}");
    assert!(
        err.contains(&format!("rm -r {}", public.display())),
        "{err}"
    );
    assert_eq!(files(dir.path()), before, "nothing moved");
    std::fs::remove_dir_all(&public).expect("the fix");
    built(&public);
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_stays_a_link_build_after_build() {
    let dir = tempfile::tempdir().expect("temp");
    let real = dir.path().join("www/site");
    std::fs::create_dir_all(&real).expect("mkdir");
    let link = dir.path().join("public");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    for i in 0..3 {
        built(&link);
        let meta = std::fs::symlink_metadata(&link).expect("link");
        assert!(meta.file_type().is_symlink(), "build {i}");
        assert_eq!(std::fs::read_link(&link).expect("target"), real);
        assert!(real.join("catalogue.json").is_file(), "build {i}");
        let mut beside: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(beside, ["public", "www"], "build {i}");
    }
}
