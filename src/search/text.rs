//! French text processing shared by the index and (as a small JS twin in
//! `themes/default/static/js/search/text.js`) the query box: case and
//! accent folding, splitting on apostrophes, hyphens and punctuation, stop
//! words, and Snowball stems.
//!
//! Only folding, splitting and the stop-word list run on both sides; the
//! stemmer runs at build time only, and the index ships its result as data
//! (each stem with the folded words it came from), so the browser never has
//! to reproduce it (`docs/search.md`).

use rust_stemmers::{Algorithm, Stemmer};

/// Words that carry no meaning in a catalogue query. Shipped in the index's
/// `meta.json` so that the query side drops exactly the same words.
pub const STOP_WORDS: &[&str] = &[
    "a", "afin", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
    "elle", "en", "est", "et", "il", "ils", "j", "l", "la", "le", "les", "leur", "leurs", "m",
    "mais", "n", "ne", "nos", "notre", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "s",
    "sa", "se", "ses", "son", "sur", "t", "un", "une", "vos", "votre", "vous", "y",
];

/// Lower case, accents removed (NFD, then combining marks U+0300–U+036F
/// dropped), `œ` and `æ` spelt out. The JS twin is
/// `s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')`
/// followed by the same two ligatures.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::without_accents(&text.to_lowercase()) {
        match c {
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

/// The words of a text, unfolded: any run of letters, digits
/// (`char::is_alphanumeric`, the JS twin's `[\p{Alphabetic}\p{N}]`) and
/// combining accents (decomposed `e` + U+0301 stays one word), so
/// apostrophes (`l’API`, `d'emploi`), hyphens (`Pôle-emploi`) and
/// punctuation separate words.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c)))
        .filter(|w| !w.is_empty())
}

pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// One indexed word: its folded form (what a query is matched against)
/// and its folded Snowball stem (what groups `étudiant` with `étudiants`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub surface: String,
    pub stem: String,
}

/// Turns text into terms, stop words left out. The stemmer reads the
/// lower-cased word with its accents (Snowball's French rules need them);
/// the stem is folded afterwards.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::French),
        }
    }
}

impl Analyzer {
    pub fn terms(&self, text: &str) -> Vec<Term> {
        words(text)
            .filter_map(|word| {
                let surface = fold(word);
                if is_stop_word(&surface) {
                    return None;
                }
                let lower = word.to_lowercase();
                let stem = fold(&self.stemmer.stem(&lower));
                Some(Term { surface, stem })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<String> {
        Analyzer::default()
            .terms(text)
            .into_iter()
            .map(|t| t.surface)
            .collect()
    }

    fn stem(word: &str) -> String {
        let terms = Analyzer::default().terms(word);
        terms.first().map(|t| t.stem.clone()).unwrap_or_default()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Étudiant"), "etudiant");
        assert_eq!(fold("Cœur ÆTHER Garçon"), "coeur aether garcon");
        assert_eq!(fold("boursière"), "boursiere");
        // Decomposed input (e + U+0301) folds like the composed one.
        assert_eq!(fold("e\u{301}tudiant"), "etudiant");
    }

    #[test]
    fn apostrophes_split_words_and_elisions_are_stop_words() {
        assert_eq!(surfaces("l’API d'emploi"), ["api", "emploi"]);
        assert_eq!(
            surfaces("L'Annuaire de l’Éducation"),
            ["annuaire", "education"]
        );
    }

    #[test]
    fn hyphens_and_punctuation_split_words() {
        assert_eq!(
            surfaces("Pôle-emploi, France Travail !"),
            ["pole", "emploi", "france", "travail"]
        );
    }

    #[test]
    fn decomposed_accents_stay_inside_their_word() {
        assert_eq!(surfaces("e\u{301}tudiant"), ["etudiant"]);
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(
            surfaces("Le quotient familial des allocataires de la CAF"),
            ["quotient", "familial", "allocataires", "caf"]
        );
    }

    #[test]
    fn plurals_and_feminines_share_a_stem() {
        assert_eq!(stem("étudiants"), stem("étudiant"));
        assert_eq!(stem("boursière"), stem("boursier"));
        assert_eq!(stem("entreprises"), stem("Entreprise"));
        assert_eq!(stem("adresses"), stem("adresse"));
        assert_ne!(stem("entreprise"), stem("étudiant"));
    }

    #[test]
    fn stems_are_folded() {
        assert!(stem("étudiants").starts_with("etud"));
    }
}
