//! French text processing shared by the index and (as a small JS twin in
//! `themes/default/static/js/search/text.js`) the query box: case and
//! accent folding, splitting on apostrophes, hyphens and punctuation, stop
//! words, and Snowball stems.
//!
//! Only folding, splitting and the stop-word list run on both sides; the
//! stemmer runs at build time only, and the index ships its result as data
//! (each stem with the folded words it came from), so the browser never has
//! to reproduce it (`docs/search.md`).

use foldhash::HashMap;
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
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
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

/// Turns a word into its term, stop words left out. The stemmer reads the
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
    /// The term of one word (as `words` splits them), or `None` for a stop
    /// word.
    pub fn term(&self, word: &str) -> Option<Term> {
        self.term_of_lower(&word.to_lowercase())
    }

    /// `term` of a word already in lower case (folding and stemming both
    /// start by lower-casing, so this is the same term).
    fn term_of_lower(&self, lower: &str) -> Option<Term> {
        let surface = fold(lower);
        if is_stop_word(&surface) {
            return None;
        }
        let stem = fold(&self.stemmer.stem(lower));
        Some(Term { surface, stem })
    }
}

/// The stems of many texts, numbered in order of first appearance, each
/// distinct word analysed once: a catalogue repeats a few thousand words
/// hundreds of thousands of times, and folding and stemming cost far more
/// than a hash lookup.
#[derive(Default)]
pub struct Vocabulary {
    analyzer: Analyzer,
    /// Each word as written → its stem's number, `None` for a stop word.
    /// Owned keys: compact in memory, where keys borrowed from the texts
    /// would each be a cache miss away.
    known: HashMap<Box<str>, Option<usize>>,
    /// The same, by lower-cased word (`Entreprise`, `ENTREPRISE` and
    /// `entreprise` are stemmed once).
    known_lower: HashMap<String, Option<usize>>,
    by_stem: HashMap<String, usize>,
    stems: Vec<Stem>,
}

/// A folded stem and the folded words that gave it, in order of first
/// appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    pub stem: String,
    pub surfaces: Vec<String>,
}

impl Vocabulary {
    /// The stem numbers of a text's words, stop words left out, in text
    /// order.
    pub fn each_stem(&mut self, text: &str, mut f: impl FnMut(usize)) {
        for word in words(text) {
            if let Some(stem) = self.stem_of(word) {
                f(stem);
            }
        }
    }

    fn stem_of(&mut self, word: &str) -> Option<usize> {
        if let Some(&known) = self.known.get(word) {
            return known;
        }
        let lower = word.to_lowercase();
        let id = match self.known_lower.get(&lower) {
            Some(&id) => id,
            None => {
                let id = self.analyzer.term_of_lower(&lower).map(|t| self.add(t));
                self.known_lower.insert(lower, id);
                id
            }
        };
        self.known.insert(word.into(), id);
        id
    }

    fn add(&mut self, term: Term) -> usize {
        let id = match self.by_stem.get(&term.stem) {
            Some(&id) => id,
            None => {
                let id = self.stems.len();
                self.by_stem.insert(term.stem.clone(), id);
                self.stems.push(Stem {
                    stem: term.stem,
                    surfaces: Vec::new(),
                });
                id
            }
        };
        let surfaces = &mut self.stems[id].surfaces;
        if !surfaces.contains(&term.surface) {
            surfaces.push(term.surface);
        }
        id
    }

    /// Every stem seen, by number.
    pub fn into_stems(self) -> Vec<Stem> {
        self.stems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<String> {
        let analyzer = Analyzer::default();
        words(text)
            .filter_map(|w| analyzer.term(w))
            .map(|t| t.surface)
            .collect()
    }

    fn stem(word: &str) -> String {
        Analyzer::default()
            .term(word)
            .map(|t| t.stem)
            .unwrap_or_default()
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
        assert_eq!(fold("API Sirene 2"), "api sirene 2");
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

    #[test]
    fn a_vocabulary_numbers_stems_and_gathers_their_words_once() {
        let mut vocabulary = Vocabulary::default();
        let mut seen = Vec::new();
        vocabulary.each_stem("Étudiants et étudiant, Étudiants !", |s| seen.push(s));
        vocabulary.each_stem("Bourse des ÉTUDIANTS", |s| seen.push(s));
        assert_eq!(seen, [0, 0, 0, 1, 0]);
        let stems = vocabulary.into_stems();
        assert_eq!(stems.len(), 2);
        assert_eq!(stems[0].surfaces, ["etudiants", "etudiant"]);
        assert_eq!(stems[1].surfaces, ["bourse"]);
        assert_eq!(stems[0].stem, stem("étudiants"));
    }
}
