//! `vitrine build` on small fixture catalogues (`tests/fixtures/site/`):
//! escaping, exit codes, and the previous output left untouched on failure.

use crate::build_support::{build, copy_tree, empty_folders, files, stderr};

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/site")
        .join(name)
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

#[test]
fn front_matter_markup_renders_as_text() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let run = build(&fixture("escaping"), &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = std::fs::read_to_string(out.join("les-api/evil/index.html")).expect("page");
    let doc = Html::parse_document(&html);
    let h1: Vec<String> = doc.select(&sel("h1")).map(|e| e.text().collect()).collect();
    assert_eq!(h1, vec!["<script>alert(\"titre\")</script>"]);
    assert_eq!(
        doc.select(&sel("script:not([src])")).count(),
        0,
        "no inline script injected"
    );
    assert_eq!(doc.select(&sel("img[onerror]")).count(), 0);
    let tagline: String = doc
        .select(&sel(".lead"))
        .next()
        .expect("tagline")
        .text()
        .collect();
    assert!(tagline.contains("<img src=x onerror=alert(1)>"));
    let home =
        Html::parse_document(&std::fs::read_to_string(out.join("index.html")).expect("home"));
    let producer: String = home
        .select(&sel(".api-card-producer"))
        .next()
        .expect("producer")
        .text()
        .collect();
    assert_eq!(producer, "Producteur : Producteur <b>gras</b>");
    assert!(out.join("thematique/securite-tests/index.html").is_file());
}

#[test]
fn broken_anchor_is_a_warning_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("temp");
    let run = build(
        &fixture("escaping"),
        &dir.path().join("public"),
        &["--format", "github"],
    );
    assert_eq!(run.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&run.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("::warning"))
        .expect("warning");
    assert!(line.contains("evil.md,line=12"), "{line}");
    assert!(line.contains("premiere-section-absente"), "{line}");
    // The good same-page anchor (`#premiere-section`) is not reported.
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::warning"))
            .count(),
        1,
        "{stdout}"
    );
}

#[test]
fn content_error_exits_1_and_leaves_previous_output_untouched() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    // A previous site (marked, as every build marks it: see output.rs).
    let run = build(&fixture("escaping"), &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    std::fs::write(out.join("index.html"), "previous").expect("write");
    let run = build(&fixture("broken-tree"), &out, &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("unknown question tree `inexistant`"), "{err}");
    assert!(err.contains("arbre.md:9"), "{err}");
    assert_eq!(
        err.matches("unknown question tree").count(),
        1,
        "reported once: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).expect("read"),
        "previous"
    );
    let mut entries: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    // The unpublished pages are kept as the spare the next build starts
    // from; no staging folder is left behind.
    assert_eq!(entries, [".public.vitrine-spare", "public"]);
}

/// A first build makes its pages' folders while the cards load; when it
/// fails, what it keeps for the next build holds no folder without a page.
#[test]
fn a_failed_first_build_keeps_no_empty_folder() {
    let dir = tempfile::tempdir().expect("temp");
    let content = dir.path().join("content");
    copy_tree(&fixture("broken-tree"), &content);
    // A card that does not load gets a folder ahead, but no page.
    std::fs::write(content.join("api/casse.md"), "---\ntitle: [\n---\n").expect("write");
    let out = dir.path().join("public");
    let run = build(&content, &out, &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("casse.md"), "{}", stderr(&run));
    assert!(!out.exists());
    let spare = dir.path().join(".public.vitrine-spare");
    assert!(
        spare.join("les-api/arbre/index.html").is_file(),
        "pages kept"
    );
    assert!(!spare.join("les-api/casse").exists());
    assert_eq!(empty_folders(&spare), Vec::<String>::new());
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let run = build(&fixture("broken-link"), &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(stderr(&run).contains("broken link `/les-api/absente`"));
    assert!(stderr(&run).contains("lien.md:7"));
    // The excerpt quotes the source line, re-read for problems found while rendering.
    assert!(
        stderr(&run).contains("7 | Voir [la page absente](/les-api/absente)."),
        "{}",
        stderr(&run)
    );
    std::fs::remove_dir_all(&out).expect("clean");
    let run = build(&fixture("broken-link"), &out, &["--deny-warnings"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!out.exists(), "nothing published when warnings are denied");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("temp");
    let run = build(&dir.path().join("missing"), &dir.path().join("public"), &[]);
    assert_eq!(run.status.code(), Some(2));
    let run = build(
        &fixture("escaping"),
        &dir.path().join("public"),
        &["--base-url", "not a url"],
    );
    assert_eq!(run.status.code(), Some(2));
    let run = build(
        &fixture("escaping"),
        &dir.path().join("public"),
        &["--theme", "/nonexistent/theme"],
    );
    assert_eq!(run.status.code(), Some(2));
    let run = build(
        &fixture("escaping"),
        &dir.path().join("public"),
        &["--format", "xml"],
    );
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn an_output_folder_that_would_lose_files_is_refused_before_anything_moves() {
    // The content folder itself, and a folder of someone else's files: a
    // build replaces its output folder, so both would be lost on the
    // second build. Each is refused with exit 2, and stays as it was.
    let dir = tempfile::tempdir().expect("temp");
    let content = dir.path().join("content");
    copy_tree(&fixture("escaping"), &content);
    let before = files(dir.path());
    let run = build(&content, &content, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("is or holds the content folder"),
        "{}",
        stderr(&run)
    );
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("docs");
    std::fs::write(docs.join("notes.md"), "à garder").expect("notes");
    let run = build(&content, &docs, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("did not generate"),
        "{}",
        stderr(&run)
    );
    let mut after = files(dir.path());
    after.retain(|f, _| !f.starts_with("docs"));
    assert_eq!(after, before, "nothing moved");
    // A site built there before may be replaced, as usual.
    let public = dir.path().join("public");
    for _ in 0..2 {
        let run = build(&content, &public, &[]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
}

#[test]
fn a_tree_that_did_not_load_is_reported_once_where_it_is_used() {
    // The loader and the renderer both find the tag unresolved; the build
    // says it once, naming the broken file, not "there is no" file.
    let dir = tempfile::tempdir().expect("temp");
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unloaded-targets");
    let run = build(&content, &dir.path().join("public"), &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert_eq!(
        err.matches("question tree `arbre` did not load").count(),
        1,
        "{err}"
    );
    assert!(!err.contains("unknown question tree"), "{err}");
    assert!(!err.contains("there is no"), "{err}");
}

#[test]
fn theme_folder_overrides_one_template() {
    let dir = tempfile::tempdir().expect("temp");
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).expect("mkdir");
    std::fs::write(
        theme.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Perdu</h1>{% endblock content %}",
    )
    .expect("write");
    let out = dir.path().join("public");
    let run = build(
        &fixture("escaping"),
        &out,
        &["--theme", theme.to_str().expect("utf-8")],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let doc = Html::parse_document(&std::fs::read_to_string(out.join("404.html")).expect("404"));
    let h1: Vec<String> = doc.select(&sel("h1")).map(|e| e.text().collect()).collect();
    assert_eq!(h1, vec!["Perdu"]);
    assert!(
        out.join("static/css/vitrine.css").is_file(),
        "the rest of the default theme stays"
    );
}

#[test]
fn a_broken_theme_template_fails_the_build() {
    let dir = tempfile::tempdir().expect("temp");
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).expect("mkdir");
    std::fs::write(theme.join("templates/api.html"), "{% if %}").expect("write");
    let out = dir.path().join("public");
    let run = build(
        &fixture("escaping"),
        &out,
        &["--theme", theme.to_str().expect("utf-8")],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("theme"), "{}", stderr(&run));
    assert!(!out.exists());
}

/// Rebuilds reuse the previous output (the spare) and rewrite only what
/// changed; what they publish must still be exactly a fresh build's output.
#[test]
fn rebuilds_publish_exactly_what_a_fresh_build_does() {
    let dir = tempfile::tempdir().expect("temp");
    let content = dir.path().join("content");
    copy_tree(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let out = dir.path().join("public");
    let extra_card = content.join("api/une-api-en-plus.md");
    let card_text = "---\ntitle: Une API en plus\ntagline: Pour tester les reconstructions\nproducer: dinum\nis_open: 1\n---\n## Description\n\nTexte.\n";
    let steps: [&dyn Fn(); 4] = [
        &|| {},
        &|| std::fs::write(&extra_card, card_text).expect("add a card"),
        &|| {
            std::fs::write(&extra_card, card_text.replace("Texte.", "Autre texte."))
                .expect("edit the card")
        },
        &|| std::fs::remove_file(&extra_card).expect("remove the card"),
    ];
    for (i, step) in steps.iter().enumerate() {
        step();
        let run = build(&content, &out, &[]);
        assert_eq!(run.status.code(), Some(0), "step {i}: {}", stderr(&run));
        let fresh = dir.path().join(format!("fresh-{i}"));
        let run = build(&content, &fresh, &[]);
        assert_eq!(run.status.code(), Some(0), "step {i}: {}", stderr(&run));
        assert_eq!(
            files(&out),
            files(&fresh),
            "step {i}: rebuilt output differs"
        );
    }
    assert!(!out.join("les-api/une-api-en-plus").exists());
}

fn check(content: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg("check")
        .arg("--content")
        .arg(content)
        .output()
        .expect("vitrine runs")
}

#[test]
fn a_question_tree_including_itself_fails_check_and_build_with_its_chain() {
    // Was: `build` aborted with a stack overflow (exit 134), `check` passed.
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tree-cycle");
    let dir = tempfile::tempdir().expect("temp");
    for run in [
        check(&content),
        build(&content, &dir.path().join("public"), &[]),
    ] {
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        let err = stderr(&run);
        for chain in [
            "eligibilite/particulier → eligibilite/particulier",
            "eligibilite/administration → eligibilite/particulier → eligibilite/administration",
            "editeurs/logiciel → eligibilite/administration → editeurs/logiciel",
        ] {
            assert_eq!(err.matches(chain).count(), 1, "{err}");
        }
        assert!(err.contains("eligibilite.yaml:7"), "{err}");
    }
}

#[test]
fn an_exponential_question_tree_is_a_quick_error_and_renders_nothing() {
    // 4 tags per question, 10 levels: 4^9 trees on the card (was: 12 s
    // and 940 MB of a release build, then a page of hundreds of MB).
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tree-fan-out");
    let sink = vitrine::site::MemorySink::default();
    let report = vitrine::pipeline::build(&vitrine::pipeline::Options::new(&content, None), &sink);
    let errors: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == vitrine::diagnostics::Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("parcours/etape-6 → 4 × parcours/etape-7"),
        "{errors:#?}"
    );
    let files = sink.into_files();
    let page = files
        .get("les-api/demo/index.html")
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_else(|| panic!("the card's page in {:?}", files.keys()));
    assert_eq!(page.matches("data-question-tree").count(), 0);
    assert!(page.len() < 100_000, "{} bytes", page.len());
}
