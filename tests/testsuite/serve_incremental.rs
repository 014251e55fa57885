//! Editor mode's incremental rebuilds against fresh builds: after each edit
//! of a long sequence (card bodies, taglines, popularity, titles, producers,
//! broken and restored cards, new, deleted and renamed files, guides,
//! producers, trees, settings, images), the session that reused what it
//! could gives exactly the files and diagnostics of a session built from
//! scratch on the same files.

use std::fs;
use std::path::{Path, PathBuf};
use vitrine::pipeline::Options;
use vitrine::serve::state::{Files, Session};

const URL: &str = "http://127.0.0.1:1";

/// The example catalogue plus 40 copies of a card with their own titles
/// and popularity, so that the catalogue's list has two pages and more.
fn catalogue() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    crate::build_support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let card = fs::read_to_string(content.join("api/api-statut-etudiant.md")).unwrap();
    for n in 0..40 {
        let copy = card
            .replacen("title: ", &format!("title: Copie {n} de "), 1)
            .replacen(
                "visits_2019: 1200",
                &format!("visits_2019: {}", 1000 + n * 37 % 11),
                1,
            );
        fs::write(content.join(format!("api/copie-{n:02}.md")), copy).unwrap();
    }
    (root, content)
}

fn fresh(content: &Path) -> (Files, Vec<String>) {
    let mut session = Session::new(options(content), URL);
    let (files, report) = session.build(None);
    (files, diagnostics(&report))
}

fn options(content: &Path) -> Options {
    let mut options = Options::new(content, None);
    options.base_url = Some(URL.to_string());
    options
}

fn diagnostics(report: &vitrine::pipeline::Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{d:?}"))
        .collect()
}

fn assert_same(step: &str, got: &(Files, Vec<String>), want: &(Files, Vec<String>)) {
    let got_keys: Vec<&std::sync::Arc<str>> = got.0.keys().collect();
    let want_keys: Vec<&std::sync::Arc<str>> = want.0.keys().collect();
    assert_eq!(got_keys, want_keys, "{step}: the same files");
    for (key, bytes) in &want.0 {
        assert!(
            got.0[key] == *bytes,
            "{step}: {key} differs from a fresh build"
        );
    }
    assert_eq!(got.1, want.1, "{step}: the same diagnostics");
}

/// Replaces the first `from` in `path` with `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no `{from}`", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_rebuild_after_an_edit_equals_a_fresh_build() {
    let (_root, content) = catalogue();
    let mut session = Session::new(options(&content), URL);
    let first = session.build(None);
    assert_eq!(first.1.counts().errors, 0, "{:?}", first.1.diagnostics);
    assert!(first.1.pages > 60, "{} pages", first.1.pages);
    assert_same(
        "first build",
        &(first.0, diagnostics(&first.1)),
        &fresh(&content),
    );

    let api = |name: &str| content.join("api").join(name);
    let copy = api("copie-07.md");
    let original_copy = fs::read_to_string(&copy).unwrap();
    let problems = api("copie-05.md");
    let original_problems = fs::read_to_string(&problems).unwrap();
    // Edits of cards' own content patch the last build.
    let patches = [
        "a card's body",
        "a card's tagline (its list card)",
        "two cards saved at once",
        "a heading another page links to",
        "an older card's body (its `owner` names its producer)",
        "a card's new problems (an unknown tree, mojibake)",
        "the problems fixed",
        "a card's body again, after all that",
    ];
    // (what changes, most pages it may render again (None: any), the edit)
    type Step<'a> = (&'a str, Option<usize>, Box<dyn Fn() -> Vec<PathBuf> + 'a>);
    let steps: Vec<Step> = vec![
        (
            "a card's body",
            Some(2),
            Box::new(|| {
                edit(
                    &copy,
                    "\n---\n",
                    "\n---\nUn paragraphe ajouté dans l’éditeur.\n\n",
                );
                vec![copy.clone()]
            }),
        ),
        (
            "a card's tagline (its list card)",
            Some(6),
            Box::new(|| {
                edit(&copy, "tagline: ", "tagline: Nouvelle accroche — ");
                vec![copy.clone()]
            }),
        ),
        (
            "a card's popularity (its place in the list)",
            Some(8),
            Box::new(|| {
                edit(&copy, "visits_2019: ", "visits_2019: 9");
                vec![copy.clone()]
            }),
        ),
        (
            "a card's title (guides cite titles)",
            None,
            Box::new(|| {
                edit(&copy, "title: Copie 7", "title: Copie sept");
                vec![copy.clone()]
            }),
        ),
        (
            "a broken card",
            None,
            Box::new(|| {
                fs::write(&copy, "---\ntitle: [jamais fermé\n").unwrap();
                vec![copy.clone()]
            }),
        ),
        (
            "the card restored",
            None,
            Box::new(|| {
                fs::write(&copy, &original_copy).unwrap();
                vec![copy.clone()]
            }),
        ),
        (
            "two cards saved at once",
            Some(4),
            Box::new(|| {
                edit(&api("copie-01.md"), "\n---\n", "\n---\nPremière.\n\n");
                edit(&api("api-particulier.md"), "\n---\n", "\n---\nSeconde.\n\n");
                vec![api("copie-01.md"), api("api-particulier.md")]
            }),
        ),
        (
            "a new card",
            None,
            Box::new(|| {
                fs::write(
                    api("nouvelle.md"),
                    original_copy.replace("Copie 7", "Nouvelle"),
                )
                .unwrap();
                vec![api("nouvelle.md")]
            }),
        ),
        (
            "a renamed card",
            None,
            Box::new(|| {
                fs::rename(api("nouvelle.md"), api("renommee.md")).unwrap();
                vec![api("nouvelle.md"), api("renommee.md")]
            }),
        ),
        (
            "a deleted card",
            None,
            Box::new(|| {
                fs::remove_file(api("copie-03.md")).unwrap();
                vec![api("copie-03.md")]
            }),
        ),
        (
            "a producer",
            None,
            Box::new(|| {
                let p = content.join("producteurs/dinum.md");
                edit(&p, "\n---\n", "\n---\nLa DINUM, vue par l’éditeur.\n\n");
                vec![p]
            }),
        ),
        (
            "a guide",
            None,
            Box::new(|| {
                let g = content.join("guides/tarification-cantine.md");
                edit(&g, "title: ", "title: Guide : ");
                vec![g]
            }),
        ),
        (
            "a question tree",
            None,
            Box::new(|| {
                let t = content.join("question-trees/api-particulier.yaml");
                let text = fs::read_to_string(&t).unwrap();
                fs::write(
                    &t,
                    text.replacen("question: Vous êtes…", "question: Vous êtes (modifié)…", 1),
                )
                .unwrap();
                vec![t]
            }),
        ),
        (
            "the site settings",
            None,
            Box::new(|| {
                let s = content.join("site.yaml");
                edit(&s, "title: ", "title: Catalogue — ");
                vec![s]
            }),
        ),
        (
            "an image removed",
            None,
            Box::new(|| {
                let logo = content.join("images/api-logo/dinum.svg");
                fs::remove_file(&logo).unwrap();
                vec![logo]
            }),
        ),
        (
            "a heading another page links to",
            // (It has a page of access requests.)
            Some(3),
            Box::new(|| {
                edit(
                    &api("api-particulier.md"),
                    "## API accessibles depuis",
                    "## Exemples d’application\n\nVoir plus bas.\n\n## API accessibles depuis",
                );
                vec![api("api-particulier.md")]
            }),
        ),
        (
            "an older card's body (its `owner` names its producer)",
            Some(3),
            Box::new(|| {
                let card = api("se-connecter-avec-pole-emploi.md");
                edit(&card, "\n---\n", "\n---\nUn ajout.\n\n");
                vec![card]
            }),
        ),
        (
            "a card's new problems (an unknown tree, mojibake)",
            Some(2),
            Box::new(|| {
                edit(
                    &problems,
                    "\n---\n",
                    "\n---\nLes Entit√©s concern√©es.\n\n<QuestionTree tree=\"inconnu\" question=\"q\"/>\n\n",
                );
                vec![problems.clone()]
            }),
        ),
        (
            "the problems fixed",
            Some(2),
            Box::new(|| {
                fs::write(&problems, &original_problems).unwrap();
                vec![problems.clone()]
            }),
        ),
        (
            "a card's body again, after all that",
            Some(2),
            Box::new(|| {
                edit(
                    &api("proconnect.md"),
                    "\n---\n",
                    "\n---\nEncore un paragraphe.\n\n",
                );
                vec![api("proconnect.md")]
            }),
        ),
    ];
    for (n, (step, most, apply)) in steps.into_iter().enumerate() {
        let changed = apply();
        // As the server does it every other time: the pages, then the
        // files made from the whole catalogue.
        let (files, report) = if n % 2 == 0 {
            session.build(Some(&changed))
        } else {
            let (mut files, report) = session.build_pages(Some(&changed));
            if let Some(job) = session.catalogue_job() {
                files.extend(job.run());
            }
            (files, report)
        };
        assert_eq!(
            session.patched(),
            patches.contains(&step),
            "{step}: patched or not"
        );
        let rendered = report.pages - report.reused;
        if let Some(most) = most {
            assert!(
                rendered <= most,
                "{step}: {rendered} of {} pages rendered again",
                report.pages
            );
        }
        assert_same(step, &(files, diagnostics(&report)), &fresh(&content));
    }
}

/// Random edits of cards' own content (most of them patches of the last
/// build), with now and then one that reaches other pages, each followed
/// by the comparison with a fresh build.
#[test]
fn random_card_edits_equal_fresh_builds() {
    let (_root, content) = catalogue();
    let mut session = Session::new(options(&content), URL);
    session.build(None);
    let mut cards: Vec<PathBuf> = fs::read_dir(content.join("api"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cards.sort();
    // A few cards, so that edits meet each other.
    cards.truncate(4);
    let originals: Vec<String> = cards
        .iter()
        .map(|c| fs::read_to_string(c).unwrap())
        .collect();
    let mut seed: u64 = 0x7a7c4;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let mut patched = 0;
    for round in 0..60 {
        let i = next(cards.len());
        let (card, text) = (&cards[i], fs::read_to_string(&cards[i]).unwrap());
        let other = cards[next(cards.len())]
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        // Headings and links to them from a few names, so that a link
        // written earlier finds (or loses) its target later.
        let section = next(2);
        let addition = match next(7) {
            0 => format!("Paragraphe {round}.\n\n"),
            1 => format!("## Section {section}\n\nTexte.\n\n"),
            2 => format!("[Voir](/les-api/{other}#section-{section})\n\n"),
            3 => "Les Entit√©s concern√©es.\n\n".to_string(),
            4 => format!("<QuestionTree tree=\"absent-{round}\" question=\"q\"/>\n\n"),
            5 => String::new(),
            _ => {
                // Reaches other pages: the card's place in the list.
                let edited = text.replacen("visits_2019: ", "visits_2019: 1", 1);
                fs::write(card, edited).unwrap();
                String::new()
            }
        };
        if addition.is_empty() && next(2) == 0 {
            fs::write(card, &originals[i]).unwrap();
        } else if !addition.is_empty() {
            let edited = if next(2) == 0 {
                text.replacen("\n---\n", &format!("\n---\n{addition}"), 1)
            } else {
                text.replacen("tagline: ", &format!("tagline: {round} "), 1) + "\n" + &addition
            };
            fs::write(card, edited).unwrap();
        }
        let (files, report) = session.build(Some(std::slice::from_ref(card)));
        patched += usize::from(session.patched());
        assert_same(
            &format!("round {round} ({})", card.display()),
            &(files, diagnostics(&report)),
            &fresh(&content),
        );
    }
    assert!(
        patched >= 30,
        "{patched} of 60 edits patched the last build"
    );
}
