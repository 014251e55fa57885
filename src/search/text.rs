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
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;

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
pub fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

/// The iterator `words` returns. Reads ASCII a byte at a time (most of a
/// catalogue's text) and decodes only the other characters.
pub struct Words<'t> {
    rest: &'t str,
}

impl<'t> Iterator for Words<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let start = self.word_char_at(0)?;
        let mut end = start;
        while let Some((true, len)) = self.char_at(end) {
            end += len;
        }
        let word = &self.rest[start..end];
        self.rest = &self.rest[end..];
        Some(word)
    }
}

impl Words<'_> {
    /// Whether the character at byte `at` of what is left belongs in a
    /// word, and its length in bytes; `None` at the end.
    fn char_at(&self, at: usize) -> Option<(bool, usize)> {
        let byte = *self.rest.as_bytes().get(at)?;
        if byte.is_ascii() {
            return Some((byte.is_ascii_alphanumeric(), 1));
        }
        let c = self.rest[at..].chars().next()?;
        let in_word = c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c);
        Some((in_word, c.len_utf8()))
    }

    /// The byte where the next word starts, separators before it skipped.
    fn word_char_at(&mut self, mut at: usize) -> Option<usize> {
        loop {
            match self.char_at(at) {
                Some((true, _)) => return Some(at),
                Some((false, len)) => at += len,
                None => {
                    self.rest = "";
                    return None;
                }
            }
        }
    }
}

/// The length of the longest stop word, in bytes.
const LONGEST_STOP_WORD: usize = 5;

pub fn is_stop_word(folded: &str) -> bool {
    folded.len() <= LONGEST_STOP_WORD && STOP_WORDS.binary_search(&folded).is_ok()
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

/// The words of a run of texts, numbered as they are first seen. Several
/// runs read on several threads are analysed together by `Stems::of`.
#[derive(Default)]
pub struct Vocabulary {
    /// Each word as written → its number. Owned keys: compact in memory,
    /// where keys borrowed from the texts would each be a cache miss away.
    known: HashMap<Box<str>, u32>,
}

impl Vocabulary {
    /// The word numbers of a text's words, in text order.
    pub fn each_word(&mut self, text: &str, mut f: impl FnMut(u32)) {
        for word in words(text) {
            f(self.number(word));
        }
    }

    fn number(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.known.get(word) {
            return number;
        }
        let number = u32::try_from(self.known.len()).unwrap_or(u32::MAX);
        self.known.insert(word.into(), number);
        number
    }

    /// The words, by number.
    fn into_words(self) -> Vec<Box<str>> {
        let mut words = vec![Box::default(); self.known.len()];
        for (word, number) in self.known {
            words[number as usize] = word;
        }
        words
    }
}

/// A word in lower case, copied only if that changes it.
fn lowered(word: &str) -> Cow<'_, str> {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// A folded stem and the folded words that gave it, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    pub stem: String,
    pub surfaces: Vec<String>,
}

/// The words of one or more vocabularies, analysed.
pub struct Stems {
    /// For each vocabulary, by word number: its stem's number, `None` for
    /// a stop word.
    pub of_word: Vec<Vec<Option<u32>>>,
    /// Every stem, by number: in the order of their strings.
    pub stems: Vec<Stem>,
}

impl Stems {
    /// Analyses every word once per lower-cased form (`Entreprise`,
    /// `ENTREPRISE` and `entreprise` are stemmed once), on rayon's
    /// threads: a catalogue repeats a few thousand words hundreds of
    /// thousands of times, and folding and stemming cost far more than
    /// the hash lookup that numbered them.
    pub fn of(vocabularies: Vec<Vocabulary>) -> Stems {
        let words: Vec<Vec<Box<str>>> = vocabularies
            .into_par_iter()
            .map(Vocabulary::into_words)
            .collect();
        let lowered: Vec<Vec<Cow<'_, str>>> = words
            .par_iter()
            .map(|words| words.iter().map(|w| lowered(w)).collect())
            .collect();
        let (lowers, lower_of_word) = distinct(&lowered);
        let analyzer = Analyzer::default();
        let terms: Vec<Option<Term>> = lowers
            .par_iter()
            .map(|lower| analyzer.term_of_lower(lower))
            .collect();
        let (stems, stem_of_lower) = stems_in_order(&terms);
        let of_word = lower_of_word
            .iter()
            .map(|lowers| {
                lowers
                    .iter()
                    .map(|&lower| stem_of_lower[lower as usize])
                    .collect()
            })
            .collect();
        Stems { of_word, stems }
    }
}

/// Each distinct word of several lists, numbered as first met, and each
/// list's words by those numbers.
fn distinct<'w>(lists: &'w [Vec<Cow<'_, str>>]) -> (Vec<&'w str>, Vec<Vec<u32>>) {
    let mut numbers: HashMap<&str, u32> = HashMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let numbered = lists
        .iter()
        .map(|words| {
            words
                .iter()
                .map(|word| {
                    *numbers.entry(word).or_insert_with(|| {
                        distinct.push(word);
                        u32::try_from(distinct.len() - 1).unwrap_or(u32::MAX)
                    })
                })
                .collect()
        })
        .collect();
    (distinct, numbered)
}

/// The stems of some terms, numbered in the order of their strings, and
/// each term's stem number (`None` for a stop word). Sorting the
/// (stem, word) pairs gives each stem's words sorted too.
fn stems_in_order(terms: &[Option<Term>]) -> (Vec<Stem>, Vec<Option<u32>>) {
    let mut order: Vec<(&str, &str, usize)> = terms
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.as_ref().map(|t| (t.stem.as_str(), t.surface.as_str(), i)))
        .collect();
    order.par_sort_unstable();
    let mut stems: Vec<Stem> = Vec::new();
    let mut stem_of_term: Vec<Option<u32>> = vec![None; terms.len()];
    for (stem, surface, term) in order {
        match stems.last_mut() {
            Some(last) if last.stem == stem => {
                if last.surfaces.last().is_none_or(|s| s != surface) {
                    last.surfaces.push(surface.to_string());
                }
            }
            _ => stems.push(Stem {
                stem: stem.to_string(),
                surfaces: vec![surface.to_string()],
            }),
        }
        stem_of_term[term] = u32::try_from(stems.len() - 1).ok();
    }
    (stems, stem_of_term)
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
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
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

    proptest::proptest! {
        /// The byte-wise splitter gives the words of the definition: runs
        /// of alphanumeric characters and combining accents.
        #[test]
        fn words_are_runs_of_letters_digits_and_accents(text in "(?s).{0,40}|[a-zA-Z0-9éèœ’'\\- \u{301}\u{a0}]{0,40}") {
            let expected: Vec<&str> = text
                .split(|c: char| !(c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c)))
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected);
        }
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
    fn vocabularies_number_words_and_are_gathered_by_stem() {
        let (mut first, mut second) = (Vocabulary::default(), Vocabulary::default());
        let mut seen = Vec::new();
        first.each_word("Étudiants et étudiant, Étudiants !", |w| seen.push(w));
        second.each_word("Bourse des ÉTUDIANTS étudiants", |w| seen.push(w));
        assert_eq!(seen, [0, 1, 2, 0, 0, 1, 2, 3]);
        let Stems { of_word, stems } = Stems::of(vec![first, second]);
        // Stems in the order of their strings: `bours`, then `etudi…`.
        assert_eq!(
            of_word,
            [
                vec![Some(1), None, Some(1)],
                vec![Some(0), None, Some(1), Some(1)]
            ]
        );
        assert_eq!(stems.len(), 2);
        assert_eq!(stems[0].surfaces, ["bourse"]);
        assert_eq!(stems[1].surfaces, ["etudiant", "etudiants"]);
        assert_eq!(stems[1].stem, stem("étudiants"));
    }
}
