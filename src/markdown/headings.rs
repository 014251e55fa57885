//! Stable heading ids: made from the heading text, unique within a page.
//! Not `text::slugify`, which makes URL slugs (accents folded, apostrophes
//! dropped).
//!
//! The rule matches the links already written in real content
//! (`#doc-api-qf-cnaf`, `/les-api/api-particulier#exemples-d’application`):
//! lowercase, whitespace runs become `-`, Unicode letters and digits, `-`,
//! `_` and apostrophes (`’`, `'`) are kept, everything else (punctuation,
//! emoji) is dropped, and leading or trailing `-` are trimmed.

use foldhash::HashSet;

/// The id a heading with this text gets before de-duplication.
pub fn heading_id(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                slug.push('-');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if c.is_ascii() {
            // The usual case, without Unicode's tables.
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '\'') {
                slug.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() || is_combining_mark(c) || c == '’' {
            slug.extend(c.to_lowercase());
        }
    }
    let trimmed = slug.trim_matches('-');
    if trimmed.len() == slug.len() {
        slug
    } else {
        trimmed.to_string()
    }
}

/// Accents typed as separate combining characters (`e` + U+0301) belong to
/// the letter before them; dropping them would change the word.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The ids already defined in one rendered fragment, so that a second
/// heading "Exemple" becomes `exemple-1`, a third `exemple-2`.
/// Hashed with foldhash: these sets are small and short-lived (one per
/// rendered fragment), where SipHash's setup and rehashing showed up.
#[derive(Debug)]
pub struct IdSet {
    seen: HashSet<String>,
}

impl Default for IdSet {
    fn default() -> Self {
        IdSet {
            seen: HashSet::with_capacity_and_hasher(16, Default::default()),
        }
    }
}

impl IdSet {
    /// Records an id chosen by the author (`<a name="x">`); false when it
    /// was already defined.
    pub fn insert(&mut self, id: &str) -> bool {
        if self.seen.contains(id) {
            return false;
        }
        self.seen.insert(id.to_string())
    }

    /// The heading id of `text`, suffixed with `-1`, `-2`… until it is
    /// unused, and recorded. A heading with no letters at all gets `section`.
    pub fn unique_heading_id(&mut self, text: &str) -> String {
        let mut base = heading_id(text);
        if base.is_empty() {
            base.push_str("section");
        }
        if self.insert(&base) {
            return base;
        }
        let mut n = 1u32;
        loop {
            let candidate = format!("{base}-{n}");
            if self.insert(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_id_keeps_accented_letters_and_typographic_apostrophe() {
        assert_eq!(
            heading_id("Exemples d’application"),
            "exemples-d’application"
        );
    }

    #[test]
    fn heading_id_drops_punctuation_and_emoji_and_trims_dashes() {
        assert_eq!(
            heading_id("🔎 Et si j'ai besoin d'une API France connectée ?"),
            "et-si-j'ai-besoin-d'une-api-france-connectée"
        );
        assert_eq!(
            heading_id("Statut (A,B,C,D) : oui/non"),
            "statut-abcd--ouinon"
        );
    }

    #[test]
    fn heading_id_turns_whitespace_runs_into_one_dash_and_keeps_existing_dashes() {
        assert_eq!(
            heading_id("API  Quotient familial CAF - CNAF"),
            "api-quotient-familial-caf---cnaf"
        );
        assert_eq!(heading_id("doc_api\tqf"), "doc_api-qf");
    }

    #[test]
    fn heading_id_keeps_decomposed_accents() {
        assert_eq!(heading_id("Donne\u{301}es"), "donne\u{301}es");
    }

    #[test]
    fn duplicate_headings_get_numbered_suffixes() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique_heading_id("Exemple"), "exemple");
        assert_eq!(ids.unique_heading_id("Exemple"), "exemple-1");
        assert_eq!(ids.unique_heading_id("exemple !"), "exemple-2");
    }

    #[test]
    fn heading_id_avoids_an_author_anchor_with_the_same_name() {
        let mut ids = IdSet::default();
        assert!(ids.insert("faq"));
        assert!(!ids.insert("faq"));
        assert_eq!(ids.unique_heading_id("FAQ"), "faq-1");
    }

    /// The rule as first written, one Unicode test per character.
    fn heading_id_reference(text: &str) -> String {
        let mut slug = String::new();
        let mut in_space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                if !in_space {
                    slug.push('-');
                }
                in_space = true;
                continue;
            }
            in_space = false;
            if c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '-' | '_' | '’' | '\'')
            {
                slug.extend(c.to_lowercase());
            }
        }
        slug.trim_matches('-').to_string()
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_changes_no_heading_id(text in "[ -~\t\u{a0}\u{2019}\u{301}éÉßİ🚀ǅ]{0,40}") {
            proptest::prop_assert_eq!(heading_id(&text), heading_id_reference(&text));
        }
    }

    #[test]
    fn heading_without_letters_gets_a_generic_id() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique_heading_id("🚀 !"), "section");
        assert_eq!(ids.unique_heading_id("✅"), "section-1");
    }
}
