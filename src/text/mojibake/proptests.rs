//! Property tests: generated clean text (real and made-up French words with
//! accents, composed or decomposed, ligatures, emoji, French typography,
//! maths such as `√π`, code spans showing mojibake on purpose, Greek,
//! Cyrillic and CJK words, any char no legacy encoding has) survives
//! `repair` untouched; every one- or two-round mojibake of it, whole, on
//! some lines only or in several encodings on one line, comes back exactly;
//! and repairing anything twice gives what repairing it once gave.
//!
//! "Any Unicode" excludes text that is itself shaped like mojibake outside
//! a code span: `Ã©` typed on purpose is indistinguishable from mojibake.

use super::tests::mojibake;
use super::*;
use proptest::prelude::*;
use proptest::sample::select;
use LegacyEncoding::{Latin1, MacRoman, Windows1252};

/// Real French words, chosen for their accents, ligatures and capitals.
const WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "une",
    "et",
    "ou",
    "à",
    "où",
    "été",
    "année",
    "données",
    "accès",
    "entités",
    "démarches",
    "habilitées",
    "Créer",
    "Étape",
    "État",
    "À",
    "Ça",
    "ça",
    "déjà",
    "très",
    "après",
    "problème",
    "système",
    "être",
    "fenêtre",
    "forêt",
    "côté",
    "hôpital",
    "âge",
    "théâtre",
    "château",
    "pâte",
    "maïs",
    "naïve",
    "Noël",
    "aiguë",
    "où",
    "dû",
    "sûr",
    "août",
    "flûte",
    "cœur",
    "œuvre",
    "sœur",
    "vœu",
    "nœud",
    "Œuvre",
    "manœuvre",
    "ex æquo",
    "Lætitia",
    "curriculum",
    "Ægée",
    "français",
    "reçu",
    "garçon",
    "leçon",
    "Ç",
    "Île-de-France",
    "Zoë",
    "naïf",
    "égalité",
    "élève",
    "Élysée",
    "ÉTABLISSEMENT",
    "PÔLE",
    "EMPLOI",
    "L’État",
    "l’été",
    "l’œuvre",
    "jusqu’à",
    "qu’à",
    "d’accès",
    "aujourd’hui",
    "l’Île",
    "n°",
    "1er",
    "2e",
    "API",
    "OAuth2",
    "FranceConnect",
    "Müller",
    "señor",
    "São",
    "Kraków",
    "Škoda",
    "Œdipe",
];

/// French typography: non-breaking spaces inside guillemets and before
/// two-part punctuation, typographic apostrophes and dashes, emoji.
const SEPARATORS: &[&str] = &[
    " ",
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "\u{A0}; ",
    "\u{A0}: ",
    "\u{A0}! ",
    "\u{202F}? ",
    "’",
    "'",
    " «\u{A0}",
    "\u{A0}» ",
    "«",
    "»",
    "… ",
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
    " 1,5\u{A0}€ ",
    " 20\u{A0}% ",
    " 🔎 ",
    " ⚠️ ",
    " ✅ ",
    " 😀",
    " 👩‍💻 ",
    " 🇫🇷 ",
    " ℹ️ ",
    " ** ",
    " `x` ",
    "\t",
    " → ",
    " ≤ ",
    " √2 ≈ 1,414 ",
    " SÃO PAULO ",
    " ‚bonjour‘ ",
    " Ãlvares ",
    " ‰ ",
    " ° ",
    " √π ",
    " (√π ≈ 1,772) ",
    " ≈π ",
    "\u{FEFF}",
];

/// Code spans showing mojibake on purpose. Only in clean text: a mojibaked
/// line whose only non-ASCII chars are in code spans is left as it is.
const SPANS: &[&str] = &[
    " `Ã©` ",
    " `√©` ",
    " `d‚Äôemploi` ",
    " `â€™` ",
    "`Ã` ",
    " `ÃÅ`",
];

/// Words in other scripts, decomposed accents, and rare symbols.
const OTHER_WORDS: &[&str] = &[
    "Καλημέρα",
    "κόσμε",
    "ελληνικά",
    "Привет",
    "мир",
    "служба",
    "данных",
    "日本語",
    "中文",
    "テキスト",
    "한국어",
    "e\u{301}te\u{301}",
    "de\u{301}marches",
    "E\u{301}tat",
    "c\u{327}a",
    "fore\u{302}t",
];

/// Made-up words: consonant-vowel syllables whose vowel may carry an accent.
fn made_up_word() -> impl Strategy<Value = String> {
    let syllable = (
        select(
            &[
                "b", "c", "d", "f", "g", "l", "m", "n", "p", "qu", "r", "s", "t", "v", "ch", "tr",
            ][..],
        ),
        select(
            &[
                "a", "e", "i", "o", "u", "é", "è", "ê", "à", "â", "î", "ô", "û", "ou", "eu", "ai",
            ][..],
        ),
    )
        .prop_map(|(c, v)| format!("{c}{v}"));
    prop::collection::vec(syllable, 1..4).prop_map(|s| s.concat())
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(WORDS).prop_map(str::to_owned),
        2 => made_up_word(),
        1 => select(OTHER_WORDS).prop_map(str::to_owned),
    ]
}

/// Any char that no legacy encoding has: it can stand anywhere in clean
/// text without looking like mojibake.
fn foreign_char() -> impl Strategy<Value = String> {
    any::<char>()
        // A stray backtick would move the code spans after it.
        .prop_filter("not in a legacy encoding, not a backtick", |&c| {
            c != '`'
                && (u32::from(c) < 0x80 || !super::tables::tables().entry(u32::from(c)).in_any())
        })
        .prop_map(String::from)
}

/// French-like lines with, now and then, any char no legacy encoding has.
fn clean_line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => (word(), select(SEPARATORS)).prop_map(|(w, s)| format!("{w}{s}")),
            1 => select(SPANS).prop_map(str::to_owned),
            1 => foreign_char(),
        ],
        0..14,
    )
    .prop_map(|tokens| tokens.concat())
}

/// What someone gluing two sources into one line leaves: each
/// space-separated chunk in its own encoding.
fn mixed_mojibake(line: &str, encodings: &[LegacyEncoding]) -> String {
    line.split(' ')
        .enumerate()
        .map(|(k, chunk)| mojibake(chunk, encodings[k % encodings.len()]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text made mostly of the chars mojibake is made of.
fn mojibake_soup() -> impl Strategy<Value = String> {
    let chars = select(
        &[
            '√', '©', 'Ã', '\u{80}', '\u{F8FF}', 'ü', 'î', '\n', 'a', '’', 'é', '€', '™', 'â', 'Ä',
            'π', 'Å', '¬', '±', 'Œ', 'œ', '–', '—', '`', ' ', 'Ì', '\u{81}', 'Ï', '»', '¿', 'ï',
        ][..],
    );
    prop::collection::vec(chars, 0..60).prop_map(|c| c.into_iter().collect())
}

const ENCODINGS: [LegacyEncoding; 3] = [MacRoman, Windows1252, Latin1];

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

fn clean_text() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(clean_line(), 1..8)
}

fn encoding() -> impl Strategy<Value = LegacyEncoding> {
    select(ENCODINGS.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn clean_text_is_returned_borrowed_and_unchanged(lines in clean_text()) {
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

    #[test]
    fn broken_lines_with_correct_emoji_inserted_are_repaired_around_them(
        lines in french_text(),
        e in encoding(),
        emoji in select(&["🔎", "⚠️", "✅", "👩‍💻", "🇫🇷"][..]),
    ) {
        // What an editor does to a broken card: types an emoji into it.
        let text: Vec<String> = lines.iter().map(|l| format!("{l} {emoji} {l}")).collect();
        let broken: Vec<String> = lines
            .iter()
            .map(|l| format!("{} {emoji} {}", mojibake(l, e), mojibake(l, e)))
            .collect();
        let joined = broken.join("\n");
        prop_assert_eq!(repair(&joined).text, text.join("\n"));
    }

    #[test]
    fn a_rare_char_before_french_text_is_reversed(
        lines in french_text(),
        rare in select(&["\u{4DE8}", "\u{4DC0}", "ω", "ж", "\u{2F00}"][..]),
        e in encoding(),
    ) {
        let text: Vec<String> = lines.iter().map(|l| format!("{rare} {l} Entités")).collect();
        let text = text.join("\n");
        let broken = mojibake(&text, e);
        prop_assert_eq!(repair(&broken).text, text);
    }

    #[test]
    fn each_chunk_of_a_line_in_its_own_encoding_is_reversed(
        lines in french_text(),
        encodings in prop::collection::vec(encoding(), 1..4),
    ) {
        let text = lines.join("\n");
        let broken: Vec<String> = lines.iter().map(|l| mixed_mojibake(l, &encodings)).collect();
        let broken = broken.join("\n");
        let r = repair(&broken);
        prop_assert_eq!(&r.text, &text);
    }

    #[test]
    fn repair_is_idempotent(
        soup in mojibake_soup(),
        lines in clean_text(),
        encodings in prop::collection::vec(encoding(), 1..3),
        text in "(?s).{0,120}",
    ) {
        let mixed: Vec<String> = lines.iter().map(|l| mixed_mojibake(l, &encodings)).collect();
        let twice = mojibake(&mojibake(&lines.join("\n"), encodings[0]), *encodings.last().unwrap_or(&MacRoman));
        for y in [soup, mixed.join("\n"), twice, text] {
            let once = repair(&y).text.into_owned();
            let again = repair(&once);
            prop_assert!(again.repairs.is_empty(), "{:?} -> {:?} -> {:?}", y, once, again.text);
            prop_assert_eq!(&again.text, &once);
        }
    }

    #[test]
    fn any_text_is_handled_without_panic_and_keeps_its_lines(
        text in "(?s).{0,200}",
        chars in prop::collection::vec(select(&['√', '©', 'Ã', '\u{80}', '\u{F8FF}', 'ü', '\n', 'a', '’', 'é', '€'][..]), 0..60),
    ) {
        for input in [text, chars.into_iter().collect::<String>()] {
            let r = repair(&input);
            prop_assert_eq!(r.text.matches('\n').count(), input.matches('\n').count());
            for rep in &r.repairs {
                prop_assert!(rep.first_line <= rep.last_line);
                prop_assert!(!rep.reversed.is_empty());
            }
        }
    }

    #[test]
    fn any_bytes_decode_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let decoded = crate::text::decode(&bytes);
        let (text, _) = crate::text::read_text(&bytes);
        prop_assert!(text.len() <= decoded.text.len());
    }
}
