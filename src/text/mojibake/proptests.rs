//! Property tests: generated French-like text (accents, ligatures, emoji,
//! typographic punctuation, several lines) survives `repair` untouched, and
//! every one- or two-round mojibake of it, whole or on some lines only,
//! comes back exactly.

use super::tests::mojibake;
use super::*;
use proptest::prelude::*;
use proptest::sample::select;
use LegacyEncoding::{Latin1, MacRoman, Windows1252};

const LETTERS: &[&str] = &[
    "a", "b", "c", "d", "e", "f", "g", "i", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
    "x", "z", "A", "C", "E", "L", "P", "T", "é", "è", "ê", "ë", "à", "â", "î", "ï", "ô", "ù", "û",
    "ü", "ç", "É", "È", "Ê", "À", "Â", "Î", "Ô", "Ç", "œ", "Œ", "æ", "Æ", "ÿ", "ñ",
];

const SEPARATORS: &[&str] = &[
    " ",
    " ",
    " ",
    ", ",
    ". ",
    " ; ",
    " : ",
    " ! ",
    " ? ",
    "’",
    "'",
    " « ",
    " » ",
    "\u{A0}»",
    "«\u{A0}",
    "…",
    " – ",
    " — ",
    " “",
    "” ",
    " (",
    ") ",
    "-",
    "/",
    " 2 ",
    " 42 ",
    " 1,5 € ",
    " 20 % ",
    " n° ",
    " 🔎 ",
    " ⚠️ ",
    " ✅ ",
    " 😀",
    " 👩‍💻 ",
    " 🇫🇷 ",
    "\u{202F}",
    " * ",
    "**",
    " `x` ",
    "\t",
    "\u{A0}",
];

const ENCODINGS: [LegacyEncoding; 3] = [MacRoman, Windows1252, Latin1];

fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(select(LETTERS), 1..10).prop_map(|parts| parts.concat())
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), select(SEPARATORS)), 0..14).prop_map(|tokens| {
        tokens
            .into_iter()
            .map(|(w, sep)| format!("{w}{sep}"))
            .collect()
    })
}

fn french_text() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(line(), 1..8)
}

fn encoding() -> impl Strategy<Value = LegacyEncoding> {
    select(ENCODINGS.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn clean_text_is_returned_borrowed_and_unchanged(lines in french_text()) {
        let text = lines.join("\n");
        let r = repair(&text);
        prop_assert!(matches!(r.text, Cow::Borrowed(_)), "changed: {:?}", r.text);
        prop_assert!(r.repairs.is_empty());
    }

    #[test]
    fn one_round_of_mojibake_is_reversed(lines in french_text(), e in encoding()) {
        let text = lines.join("\n");
        let broken = mojibake(&text, e);
        prop_assert_eq!(repair(&broken).text, text);
    }

    #[test]
    fn two_rounds_of_mojibake_are_reversed(
        lines in french_text(),
        first in encoding(),
        second in encoding(),
    ) {
        let text = lines.join("\n");
        let broken = mojibake(&mojibake(&text, first), second);
        let r = repair(&broken);
        prop_assert_eq!(&r.text, &text);
        for rep in &r.repairs {
            prop_assert_eq!(rep.reversed.len(), 2);
        }
    }

    #[test]
    fn only_the_broken_lines_are_changed(
        lines in french_text(),
        broken_mask in prop::collection::vec(any::<bool>(), 8),
        rounds in prop::collection::vec(encoding(), 1..=2),
    ) {
        let text = lines.join("\n");
        let broken: Vec<String> = lines
            .iter()
            .zip(&broken_mask)
            .map(|(line, &b)| {
                if b {
                    rounds.iter().fold(line.clone(), |acc, &e| mojibake(&acc, e))
                } else {
                    line.clone()
                }
            })
            .collect();
        let joined = broken.join("\n");
        let r = repair(&joined);
        prop_assert_eq!(&r.text, &text);
        for rep in &r.repairs {
            for n in rep.first_line..=rep.last_line {
                let i = n as usize - 1;
                prop_assert!(broken_mask[i], "line {} was clean but reported", n);
                prop_assert_ne!(&broken[i], &lines[i]);
            }
        }
    }
}
