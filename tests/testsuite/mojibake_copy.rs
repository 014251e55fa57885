//! A mojibaked copy of a catalogue builds byte-identical to the clean one
//! (issue 14, item 10). The clean catalogue is a fixture as the build reads
//! it (seed cards repaired), with lines appended to each Markdown file that
//! real cards also hold: decomposed accents, a rare CJK, Greek or Cyrillic
//! char before French text, a byte order mark in mid-line. Each mojibaked
//! copy is made here, one per variant: Mac Roman, Windows-1252, a mix of
//! both line by line and within lines, and double encodings. Both are built
//! with the vitrine binary; the notes about repairs on stderr are expected,
//! the output trees must match byte for byte.

use crate::build_support::{build, files, stderr};
use std::fs;
use std::path::Path;

/// Lines appended to every Markdown file of the clean catalogue.
const EXTRA_LINES: &str = "\n\nDe\u{301}marches de\u{301}mate\u{301}rialise\u{301}es, c\u{327}a et fore\u{302}t.\n\n\u{4DE8} Entités : les données à jour.\n\nΩ Libellé Ω, ж Société, \u{4DE8} accès.\n\nTitre\u{FEFF}collé : données\u{FEFF} reçues.\n";

#[derive(Debug, Clone, Copy)]
enum Legacy {
    MacRoman,
    Windows1252,
}

fn mojibake(text: &str, encoding: Legacy) -> String {
    let decoded = match encoding {
        Legacy::MacRoman => encoding_rs::MACINTOSH.decode_without_bom_handling(text.as_bytes()),
        Legacy::Windows1252 => {
            encoding_rs::WINDOWS_1252.decode_without_bom_handling(text.as_bytes())
        }
    };
    decoded.0.into_owned()
}

/// The ways a file's text is broken, each applied to a whole copy.
const VARIANTS: &[&str] = &[
    "mac-roman",
    "windows-1252",
    "mixed-lines",
    "mixed-in-line",
    "double-mac-then-windows",
    "double-windows-then-mac",
    "double-mac-roman",
];

fn break_text(text: &str, variant: &str) -> String {
    use Legacy::{MacRoman, Windows1252};
    let per_line = |f: &dyn Fn(usize, &str) -> String| -> String {
        text.split('\n')
            .enumerate()
            .map(|(i, line)| f(i, line))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match variant {
        "mac-roman" => mojibake(text, MacRoman),
        "windows-1252" => mojibake(text, Windows1252),
        "mixed-lines" => {
            per_line(&|i, line| mojibake(line, if i % 2 == 0 { MacRoman } else { Windows1252 }))
        }
        // Each space-separated chunk in the other encoding than the last.
        "mixed-in-line" => per_line(&|i, line| {
            line.split(' ')
                .enumerate()
                .map(|(k, chunk)| {
                    mojibake(
                        chunk,
                        if (i + k) % 2 == 0 {
                            MacRoman
                        } else {
                            Windows1252
                        },
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        }),
        "double-mac-then-windows" => mojibake(&mojibake(text, MacRoman), Windows1252),
        "double-windows-then-mac" => mojibake(&mojibake(text, Windows1252), MacRoman),
        "double-mac-roman" => mojibake(&mojibake(text, MacRoman), MacRoman),
        other => panic!("unknown variant {other}"),
    }
}

/// A content file the loader reads as text; `static/` is copied verbatim,
/// never repaired, so it stays out of the mojibaked copies.
fn is_text(relative: &Path) -> bool {
    !relative.starts_with("static")
        && matches!(
            relative.extension().and_then(|e| e.to_str()),
            Some("md" | "yaml" | "yml")
        )
}

/// Copies `from` to `to`, each text file as `edit` makes it.
fn copy_with(from: &Path, to: &Path, edit: &dyn Fn(&Path, String) -> String) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else if is_text(relative) {
            let bytes = fs::read(entry.path()).expect("read");
            let (text, _) = vitrine::text::read_text(&bytes);
            fs::write(&target, edit(entry.path(), text)).expect("write");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Builds the clean version of `catalogue` and each mojibaked copy, and
/// compares every output file.
fn assert_mojibaked_copies_build_identical(catalogue: &str) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(catalogue);
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = dir.path().join("clean");
    copy_with(&source, &clean, &|path, text| {
        if path.extension().is_some_and(|e| e == "md") {
            format!("{}{EXTRA_LINES}", text.trim_end())
        } else {
            text
        }
    });
    let clean_out = dir.path().join("clean-out");
    let clean_run = build(&clean, &clean_out, &[]);
    // A fixture with content errors must fail the same way, with the same
    // errors, and leave the same files (if any).
    let clean_errors = errors(&clean_run);
    let expected = if clean_out.exists() {
        files(&clean_out)
    } else {
        Default::default()
    };
    if clean_run.status.success() {
        assert!(expected.len() > 3, "{catalogue}: built {expected:?}");
    }

    for variant in VARIANTS {
        let broken = dir.path().join(variant);
        copy_with(&clean, &broken, &|_, text| break_text(&text, variant));
        let out = dir.path().join(format!("{variant}-out"));
        let run = build(&broken, &out, &[]);
        assert_eq!(
            run.status.code(),
            clean_run.status.code(),
            "{catalogue} {variant}: {}",
            stderr(&run)
        );
        assert_eq!(errors(&run), clean_errors, "{catalogue} {variant}");
        assert!(
            stderr(&run).contains("mojibake"),
            "{catalogue} {variant}: no repair noted: {}",
            stderr(&run)
        );
        let got = if out.exists() {
            files(&out)
        } else {
            Default::default()
        };
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{catalogue} {variant}: not the same files"
        );
        for (path, bytes) in &expected {
            if got[path] != *bytes {
                let first_diff = lines_differing(bytes, &got[path]);
                panic!("{catalogue} {variant}: {path} differs: {first_diff}");
            }
        }
    }
}

/// The error lines a build printed.
fn errors(run: &std::process::Output) -> Vec<String> {
    stderr(run)
        .lines()
        .filter(|l| l.starts_with("error"))
        .map(str::to_owned)
        .collect()
}

/// The first line that differs, clean then from the mojibaked copy.
fn lines_differing(clean: &[u8], broken: &[u8]) -> String {
    let clean = String::from_utf8_lossy(clean);
    let broken = String::from_utf8_lossy(broken);
    clean
        .lines()
        .zip(broken.lines())
        .find(|(a, b)| a != b)
        .map_or_else(
            || "lengths differ".to_owned(),
            |(a, b)| format!("\n  clean:  {a}\n  copy:   {b}"),
        )
}

#[test]
fn mojibaked_copies_of_the_valid_fixture_build_identical() {
    assert_mojibaked_copies_build_identical("tests/fixtures/valid");
}

#[test]
fn mojibaked_copies_of_the_seed_content_build_identical() {
    assert_mojibaked_copies_build_identical("content");
}

#[test]
fn mojibaked_copies_of_the_real_shapes_fixture_build_identical() {
    assert_mojibaked_copies_build_identical("tests/fixtures/real-shapes");
}
