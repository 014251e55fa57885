//! Each catalogue in `tests/fixtures/` has one defect (or none, `valid/`):
//! loading it gives exactly the expected diagnostics — file, line, column,
//! severity, message — and never panics. A few run through the binary.

use std::path::Path;
use std::process::Command;
use vitrine::content::load_dir;
use vitrine::diagnostics::Severity::{self, Error, Note, Warning};

/// (file inside the fixture, line, column, severity, message)
type Expected<'a> = (&'a str, u32, u32, Severity, &'a str);

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

fn load(name: &str) -> vitrine::content::Loaded {
    load_dir(Path::new(&fixture(name)))
}

fn assert_diagnostics(name: &str, expected: &[Expected]) {
    let loaded = load(name);
    let prefix = format!("{}/", fixture(name));
    let got: Vec<(String, u32, u32, Severity, String)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file.to_string_lossy();
            let file = file.strip_prefix(&prefix).unwrap_or(&file).to_string();
            (file, d.line, d.column, d.severity, d.message.clone())
        })
        .collect();
    let want: Vec<(String, u32, u32, Severity, String)> = expected
        .iter()
        .map(|(f, l, c, s, m)| (f.to_string(), *l, *c, *s, m.to_string()))
        .collect();
    assert_eq!(got, want, "fixture {name}");
}

fn help_of(name: &str) -> Vec<String> {
    load(name)
        .diagnostics
        .iter()
        .filter_map(|d| d.help.clone())
        .collect()
}

#[test]
fn valid_catalogue_has_no_diagnostics() {
    assert_diagnostics("valid", &[]);
    let c = load("valid").catalogue;
    assert_eq!(
        (
            c.apis.len(),
            c.producers.len(),
            c.guides.len(),
            c.services.len(),
            c.trees.len()
        ),
        (1, 1, 1, 1, 1)
    );
    assert_eq!(c.site.base_url, "https://demo.example.fr");
    assert_eq!(c.static_files, [Path::new("images/logo.svg")]);
}

#[test]
fn missing_producer_names_the_slug_and_suggests_the_close_one() {
    assert_diagnostics(
        "missing-producer",
        &[(
            "api/demo.md",
            4,
            11,
            Error,
            "unknown producer `dinun`: there is no producteurs/dinun.md",
        )],
    );
    assert_eq!(help_of("missing-producer"), ["did you mean `dinum`?"]);
}

#[test]
fn tab_indentation_points_at_the_tab() {
    assert_diagnostics(
        "tab-indentation",
        &[(
            "api/demo.md",
            7,
            1,
            Error,
            "tab character in indentation: YAML indents with spaces only",
        )],
    );
}

#[test]
fn unclosed_quote_points_at_the_opening_quote() {
    assert_diagnostics(
        "unclosed-quote",
        &[(
            "api/demo.md",
            6,
            16,
            Error,
            "unclosed quote: the string opened with \" here is never closed",
        )],
    );
}

#[test]
fn is_open_oui_says_what_was_expected_and_found() {
    assert_diagnostics(
        "is-open-oui",
        &[(
            "api/demo.md",
            5,
            10,
            Error,
            "`is_open`: expected -1, 0 or 1, found the string \"oui\"",
        )],
    );
}

#[test]
fn misspelt_key_is_a_warning_with_a_suggestion() {
    assert_diagnostics(
        "misspelt-key",
        &[("api/demo.md", 6, 1, Warning, "unknown key `extrenal_site`")],
    );
    assert_eq!(help_of("misspelt-key"), ["did you mean `external_site`?"]);
}

#[test]
fn missing_front_matter_empty_binary_and_unclosed_files() {
    assert_diagnostics(
        "no-front-matter",
        &[(
            "api/demo.md",
            1,
            1,
            Error,
            "no front matter: an API card must start with a `---` line",
        )],
    );
    assert_diagnostics(
        "empty-file",
        &[(
            "api/demo.md",
            0,
            0,
            Error,
            "empty file: expected an API card",
        )],
    );
    assert_diagnostics(
        "binary-file",
        &[(
            "api/demo.md",
            0,
            0,
            Error,
            "binary file (it contains NUL bytes): expected an API card",
        )],
    );
    assert_diagnostics(
        "unclosed-front-matter",
        &[(
            "api/demo.md",
            1,
            1,
            Error,
            "front matter is never closed: no `---` line after the opening one",
        )],
    );
    assert_diagnostics(
        "front-matter-only",
        &[("api/demo.md", 6, 0, Note, "API card has front matter only, no Markdown body: its page shows the front-matter fields alone")],
    );
}

#[test]
fn non_utf8_file_is_read_as_windows_1252_with_a_warning() {
    let bytes = std::fs::read(format!("{}/producteurs/dinum.md", fixture("non-utf8"))).unwrap();
    let decoded = vitrine::text::decode(&bytes);
    if decoded.encoding == vitrine::text::SourceEncoding::Windows1252Fallback {
        assert_diagnostics(
            "non-utf8",
            &[(
                "producteurs/dinum.md",
                0,
                0,
                Warning,
                "not valid UTF-8: read as Windows-1252 (the encoding assumed for legacy files)",
            )],
        );
        let loaded = load("non-utf8");
        assert_eq!(
            loaded.catalogue.producers[0].name,
            "Ministère de l'économie"
        );
    } else {
        // Until the text module decodes legacy files, the file still loads.
        assert_eq!(load("non-utf8").catalogue.producers.len(), 1);
    }
}

#[test]
fn unknown_question_tree_in_a_body() {
    assert_diagnostics(
        "unknown-question-tree",
        &[(
            "api/demo.md",
            9,
            1,
            Error,
            "unknown question tree `absent`: there is no question-trees/absent.yaml",
        )],
    );
}

#[test]
fn unknown_question_inside_a_block_scalar_points_at_its_file_line() {
    assert_diagnostics(
        "unknown-question",
        &[(
            "api/demo.md",
            11,
            0,
            Error,
            "unknown question `debut` in question tree `demo`",
        )],
    );
    assert_eq!(
        help_of("unknown-question"),
        ["questions defined there: start"]
    );
}

#[test]
fn service_naming_a_missing_api() {
    assert_diagnostics(
        "service-missing-api",
        &[(
            "service/s.md",
            4,
            5,
            Warning,
            "unknown API `API Demo`: no card has this title, so the page leaves this link out",
        )],
    );
    assert_eq!(help_of("service-missing-api"), ["did you mean `API Démo`?"]);
}

#[test]
fn references_to_files_that_did_not_load_are_notes_naming_them() {
    // Four files fail (a quote left open, two tabs, an unclosed front
    // matter); what cites them gets a note pointing at the file, not a
    // second "unknown" error (a question tree tag keeps an error, worded the
    // same way), and a truly unknown title is a warning.
    let dir = fixture("unloaded-targets");
    let note = |what: &str, file: &str| {
        format!(
            "`{what}` is not checked: {file} {dir}/{} did not load (see its error)",
            match file {
                "the card" => "api/api-demo.md",
                "the producer page" => "producteurs/dinum.md",
                _ => "guides/guide.md",
            }
        )
    };
    assert_diagnostics(
        "unloaded-targets",
        &[
            (
                "api/api-demo.md",
                2,
                8,
                Error,
                "unclosed quote: the string opened with \" here runs on to line 6, \
                 so the lines in between are read as its text",
            ),
            (
                "api/autre.md",
                4,
                11,
                Note,
                &note("dinum", "the producer page"),
            ),
            (
                "api/autre.md",
                9,
                1,
                Error,
                &format!("question tree `arbre` did not load: {dir}/question-trees/arbre.yaml has an error (see it)"),
            ),
            (
                "guides/autre-guide.md",
                4,
                5,
                Note,
                &note("guide", "the guide"),
            ),
            (
                "guides/guide.md",
                1,
                1,
                Error,
                "front matter is never closed: no `---` line after the opening one",
            ),
            (
                "producteurs/dinum.md",
                3,
                1,
                Error,
                "tab character in indentation: YAML indents with spaces only",
            ),
            (
                "question-trees/arbre.yaml",
                3,
                1,
                Error,
                "tab character in indentation: YAML indents with spaces only",
            ),
            ("service/s.md", 4, 5, Note, &note("API Démo", "the card")),
            (
                "service/s.md",
                5,
                5,
                Warning,
                "unknown API `API Inconnue`: no card has this title, so the page leaves this link out",
            ),
        ],
    );
    let help = help_of("unloaded-targets");
    assert_eq!(
        help.last().map(String::as_str),
        Some(
            format!(
                "if it is the title of a card that did not load ({dir}/api/api-demo.md), fix that card first"
            )
            .as_str()
        )
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    assert_diagnostics(
        "duplicate-slug",
        &[(
            "api/demo.md",
            1,
            0,
            Error,
            "duplicate API slug `demo`: already used by tests/fixtures/duplicate-slug/api/ancien/demo.md",
        )],
    );
}

#[test]
fn mojibake_in_front_matter_and_body_is_repaired_and_reported() {
    let path = format!("{}/api/demo.md", fixture("mojibake"));
    let text = std::fs::read_to_string(&path).unwrap();
    let repaired = vitrine::text::repair(&text);
    let loaded = load("mojibake");
    let api = &loaded.catalogue.apis[0];
    if repaired.repairs.is_empty() {
        // The text module does not repair yet: the card loads as written.
        assert_eq!(api.title, "API D√©mo");
        return;
    }
    assert_eq!(api.title, "API Démo");
    assert_eq!(api.body.source, "L’API de démonstration.\n");
    let notes: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Note && d.message.contains("mojibake"))
        .collect();
    // One note for the file, spanning the front matter and the body.
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].line, 2);
    assert_eq!(
        notes[0].message,
        "repaired Mac Roman mojibake on 2 lines between 2 and 7; run `vitrine repair` to fix the file"
    );
    assert!(!loaded.catalogue.repairs.is_empty());
}

#[test]
fn question_tree_defects() {
    assert_diagnostics(
        "tree-branch-without-outcome",
        &[(
            "question-trees/t.yaml",
            6,
            7,
            Error,
            "choice group has neither `answer` nor `next`: readers who pick it get nothing",
        )],
    );
    assert_diagnostics(
        "tree-misspelt-key",
        &[
            (
                "question-trees/t.yaml",
                1,
                1,
                Error,
                "missing required key `question` (the question's text)",
            ),
            (
                "question-trees/t.yaml",
                2,
                3,
                Warning,
                "unknown key `qusontion`",
            ),
        ],
    );
    assert!(help_of("tree-misspelt-key").contains(&"did you mean `question`?".to_string()));
}

#[test]
fn oauth_block_and_token_demo_with_an_unknown_realm() {
    assert_diagnostics(
        "oauth-bad-realm",
        &[
            (
                "api/demo.md",
                7,
                10,
                Error,
                "`realm`: expected /partenaire, /individu, /entreprise (or /employeur) or /agent, found \"/usager\"",
            ),
            ("api/demo.md", 12, 1, Error, "`<TokenDemo>`: unknown realm \"/usager\""),
        ],
    );
}

#[test]
fn oauth_endpoints_must_be_plain_http_urls_safe_in_a_curl_command() {
    assert_diagnostics(
        "oauth-bad-endpoint",
        &[
            (
                "api/demo.md",
                8,
                14,
                Error,
                "`token_url`: expected an http(s) URL, found the character '$' in \"https://example.test/token$(id)\"",
            ),
            (
                "api/demo.md",
                9,
                18,
                Error,
                "`authorize_url`: expected an http(s) URL, found no http:// or https:// scheme in \"ftp://example.test/authorize\"",
            ),
        ],
    );
}

fn vitrine(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn binary_reports_json_lines_and_exits_1_on_errors() {
    let (code, stdout, _) = vitrine(&[
        "check",
        "--content",
        "tests/fixtures/is-open-oui",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["file"], "tests/fixtures/is-open-oui/api/demo.md");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(5), Some(10))
    );
    assert_eq!(v["severity"], "error");
}

#[test]
fn binary_exit_codes_for_warnings_usage_and_the_example_content() {
    let (code, _, stderr) = vitrine(&["check", "--content", "tests/fixtures/misspelt-key"]);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("warning: unknown key `extrenal_site`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: did you mean `external_site`?"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "1 card, 1 producer, 0 guides, 0 services, 0 trees, 0 repaired files, 1 warning, 0 errors\n"
        ),
        "{stderr}"
    );
    let (code, _, _) = vitrine(&[
        "check",
        "--content",
        "tests/fixtures/misspelt-key",
        "--deny-warnings",
    ]);
    assert_eq!(code, Some(1));
    let (code, _, stderr) = vitrine(&["check", "--content", "tests/fixtures/does-not-exist"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not found"), "{stderr}");
    let (code, stdout, stderr) = vitrine(&["check", "--content", "content", "--format", "github"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains("::error"), "{stdout}");
}

#[test]
fn check_reports_exactly_what_build_reports() {
    let out = tempfile::tempdir().expect("temporary folder");
    let output = out.path().join("public");
    let output = output.to_str().expect("UTF-8 path");
    for content in [
        "content",
        "tests/fixtures/unloaded-targets",
        "tests/fixtures/valid",
        "tests/fixtures/real-shapes",
    ] {
        let (_, checked, _) = vitrine(&["check", "--content", content, "--format", "json"]);
        let (_, built, _) = vitrine(&[
            "build",
            "--content",
            content,
            "--output",
            output,
            "--format",
            "json",
        ]);
        assert_eq!(checked, built, "{content}");
    }
    // The broken links a catalogue holds on purpose are found by both (not
    // only by `build`, as they once were).
    let (_, checked, _) = vitrine(&[
        "check",
        "--content",
        "tests/fixtures/real-shapes",
        "--format",
        "json",
    ]);
    assert!(checked.contains("broken link"), "{checked}");
}

#[test]
fn question_trees_that_include_themselves_are_errors_at_the_closing_tag() {
    // A question showing itself, two questions showing each other, and a
    // cycle across two tree files: each reported at the tag that closes it,
    // with the chain (these aborted `build` with a stack overflow).
    assert_diagnostics(
        "tree-cycle",
        &[
            (
                "question-trees/eligibilite.yaml",
                7,
                0,
                Error,
                "question tree includes itself: eligibilite/particulier → eligibilite/particulier",
            ),
            (
                "question-trees/eligibilite.yaml",
                13,
                0,
                Error,
                "question tree includes itself: eligibilite/administration → eligibilite/particulier → eligibilite/administration",
            ),
            (
                "question-trees/eligibilite.yaml",
                25,
                0,
                Error,
                "question tree includes itself: editeurs/logiciel → eligibilite/administration → editeurs/logiciel",
            ),
        ],
    );
    let c = load("tree-cycle").catalogue;
    let unrenderable: Vec<(&str, &str)> = c
        .unrenderable_trees
        .iter()
        .map(|(t, q)| (t.as_str(), q.as_str()))
        .collect();
    assert_eq!(
        unrenderable,
        [
            ("editeurs", "logiciel"),
            ("eligibilite", "administration"),
            ("eligibilite", "particulier")
        ]
    );
}

#[test]
fn a_question_tree_fanning_out_exponentially_is_an_error_naming_the_chain() {
    // Each question's answers hold 4 tags for the next one, 10 levels deep:
    // 4^9 trees on the card. Reported where the count passes the limit.
    assert_diagnostics(
        "tree-fan-out",
        &[(
            "question-trees/parcours.yaml",
            72,
            0,
            Error,
            "question tree shows more than 256 question trees in all: parcours/etape-6 → 4 × parcours/etape-7 → 4 × parcours/etape-8 → 4 × parcours/etape-9 → 4 × parcours/etape-10",
        )],
    );
    let c = load("tree-fan-out").catalogue;
    let unrenderable: Vec<&str> = c
        .unrenderable_trees
        .iter()
        .map(|(_, q)| q.as_str())
        .collect();
    assert_eq!(
        unrenderable,
        ["etape-1", "etape-2", "etape-3", "etape-4", "etape-5", "etape-6"]
    );
}
