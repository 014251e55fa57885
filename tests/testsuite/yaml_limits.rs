//! Front matter and question-tree files nested past `yaml::limits` are
//! refused before libyaml reads them (it took 43 s on 100,000 `[`), with
//! an error at the line where the nesting passes the cap.

use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn deeply_nested_front_matter_and_trees_fail_fast_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for folder in ["api", "question-trees"] {
        std::fs::create_dir_all(content.join(folder)).unwrap();
    }
    std::fs::write(
        content.join("site.yaml"),
        "title: Catalogue\nbase_url: https://catalogue.example.fr\n",
    )
    .unwrap();
    std::fs::write(
        content.join("api/profond.md"),
        format!(
            "---\ntitle: API profonde\ntagline: t\nkeywords: {}\n---\nCorps\n",
            "[".repeat(100_000)
        ),
    )
    .unwrap();
    std::fs::write(
        content.join("question-trees/arbre.yaml"),
        format!("q:\n  question: {}\n", "[".repeat(40_000)),
    )
    .unwrap();
    let started = Instant::now();
    let run = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let at = |file: &str, line: u32, column: u32| {
        format!("--> {}:{line}:{column}", content.join(file).display())
    };
    let message = "error: YAML nested more than 64 levels deep; it is not read";
    assert_eq!(stderr.matches(message).count(), 2, "{stderr}");
    // `keywords: ` then the 64th `[` (the card's root mapping is level 1).
    assert!(stderr.contains(&at("api/profond.md", 4, 74)), "{stderr}");
    // `  question: ` then the 63rd `[` (two mappings above it).
    assert!(
        stderr.contains(&at("question-trees/arbre.yaml", 2, 75)),
        "{stderr}"
    );
}
