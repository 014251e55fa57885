//! Random bytes and YAML-shaped garbage, as any kind of content file, never
//! make the loader panic: every problem must come back as a diagnostic.

use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use vitrine::content::{parse_sources, SourceFile};

const PLACES: [&str; 6] = [
    "api/x.md",
    "producteurs/x.md",
    "guides/x.md",
    "service/x.md",
    "question-trees/x.yaml",
    "site.yaml",
];

fn load_as_every_kind(bytes: &[u8]) {
    let sources = PLACES
        .iter()
        .map(|rel| {
            let (text, report) = vitrine::text::read_text(bytes);
            SourceFile {
                path: Arc::new(PathBuf::from("content").join(rel)),
                relative: PathBuf::from(rel),
                text,
                report,
            }
        })
        .collect();
    let loaded = parse_sources(sources, Vec::new());
    for d in &loaded.diagnostics {
        assert!(!d.message.is_empty());
    }
}

/// Pieces real front matter is made of, so random sequences of them reach
/// the typed readers and the locator rather than stopping at the split.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "---\n",
        "title: ",
        "tagline: x\n",
        "producer: ",
        "is_open: ",
        "access_page:\n",
        "  - who:\n",
        "      - A\n",
        "    is_eligible: ",
        "    description: |\n",
        "      text\n",
        "oauth:\n",
        "  realm: ",
        "/agent\n",
        "choiceTree:\n",
        "  - choices: [\"a\"]\n",
        "    next:\n",
        "question: q\n",
        "answer: ",
        "\t",
        "\"",
        "'",
        ": ",
        "- ",
        "[",
        "{",
        "}",
        "]",
        "#",
        "|",
        ">",
        "\n",
        "  ",
        "-1\n",
        "oui\n",
        "2\n",
        "<QuestionTree tree='t' question='q'/>\n",
        "&a ",
        "*a\n",
        "!!binary ",
        "é",
        "√©",
        "\u{feff}",
        "\r\n",
        "apipart:\n",
        "stat:\n",
        "  lastXdays: ",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        load_as_every_kind(&bytes);
    }

    #[test]
    fn yaml_shaped_garbage_never_panics(text in yamlish()) {
        load_as_every_kind(text.as_bytes());
        load_as_every_kind(format!("---\n{text}\n---\nbody\n").as_bytes());
    }
}
