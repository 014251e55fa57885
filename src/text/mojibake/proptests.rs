//! Property tests: generated French-like text (real and made-up words with
//! accents, ligatures, emoji, French typography, several lines) survives `repair` untouched, and
//! every one- or two-round mojibake of it, whole or on some lines only,
//! comes back exactly.

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
        3 => select(WORDS).prop_map(str::to_owned),
        1 => made_up_word(),
    ]
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
