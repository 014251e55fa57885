//! Stable heading ids: made from the heading text, unique within a page.
//! Not `text::slugify`, which makes URL slugs.
//!
//! The rule is the real site's, so that links already written in real
//! content resolve: the text lower-cased, each space replaced by `-`, then
//! Unicode NFD with every combining mark U+0300–U+036F removed; every other
//! character is kept (apostrophes, `?`, `:`, emoji).

use foldhash::{HashMap, HashSet};

/// The id a heading with this text gets before de-duplication.
pub fn heading_id(text: &str) -> String {
    // The heading's text as read: no space left over from inline HTML
    // (`## Titre <a name="x"></a>`).
    let text = text.trim();
    if text.is_ascii() {
        // The usual case, without Unicode's tables.
        return text
            .chars()
            .map(|c| {
                if c == ' ' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
    }
    crate::text::without_accents(&text.to_lowercase().replace(' ', "-")).collect()
}

/// The ids already defined in one rendered fragment, so that a second
/// heading "Exemple" becomes `exemple-1`, a third `exemple-2`.
/// Hashed with foldhash: these sets are small and short-lived (one per
/// rendered fragment), where SipHash's setup and rehashing showed up.
///
/// Each base id remembers the first suffix not yet tried, so that the n-th
/// heading "Titre" costs one look-up, not n (8,000 of them took 2.8 s). Ids
/// are only ever added, so a suffix found taken stays taken: skipping it
/// gives the same ids as trying `-1`, `-2`… from the start.
#[derive(Debug)]
pub struct IdSet {
    seen: HashSet<String>,
    /// Base id → the next suffix to try, once the base itself is taken.
    next_suffix: HashMap<String, u32>,
    /// Candidate ids looked up by `unique_heading_id`.
    #[cfg(test)]
    probes: usize,
}

impl Default for IdSet {
    fn default() -> Self {
        IdSet {
            seen: HashSet::with_capacity_and_hasher(16, Default::default()),
            next_suffix: HashMap::default(),
            #[cfg(test)]
            probes: 0,
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
        #[cfg(test)]
        {
            self.probes += 1;
        }
        if self.insert(&base) {
            return base;
        }
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        loop {
            #[cfg(test)]
            {
                self.probes += 1;
            }
            let candidate = format!("{base}-{n}");
            n = n.saturating_add(1);
            if self.insert(&candidate) {
                self.next_suffix.insert(base, n);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn heading_ids_follow_the_worked_examples_of_the_format() {
        assert_eq!(
            heading_id("Les API et données utiles"),
            "les-api-et-donnees-utiles"
        );
        assert_eq!(
            heading_id("Comment utiliser les API relatives à l'énergie ?"),
            "comment-utiliser-les-api-relatives-a-l'energie-?"
        );
    }

    #[test]
    fn heading_ids_keep_apostrophes_punctuation_and_emoji() {
        assert_eq!(
            heading_id("Exemples d’application"),
            "exemples-d’application"
        );
        assert_eq!(
            heading_id("🔎 Et si j'ai besoin : oui/non"),
            "🔎-et-si-j'ai-besoin-:-oui/non"
        );
    }

    #[test]
    fn each_space_is_one_dash_and_decomposed_accents_fold_too() {
        assert_eq!(heading_id("A  B - C"), "a--b---c");
        assert_eq!(heading_id("Donne\u{301}es"), "donnees");
        assert_eq!(heading_id("ÉTÉ"), "ete");
    }

    #[test]
    fn duplicate_headings_get_numbered_suffixes() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique_heading_id("Exemple"), "exemple");
        assert_eq!(ids.unique_heading_id("Exemple"), "exemple-1");
        assert_eq!(ids.unique_heading_id("exemple"), "exemple-2");
    }

    #[test]
    fn heading_id_avoids_an_author_anchor_with_the_same_name() {
        let mut ids = IdSet::default();
        assert!(ids.insert("faq"));
        assert!(!ids.insert("faq"));
        assert_eq!(ids.unique_heading_id("FAQ"), "faq-1");
    }

    /// The rule as the format states it, with no ASCII shortcut.
    fn heading_id_reference(text: &str) -> String {
        text.trim()
            .to_lowercase()
            .replace(' ', "-")
            .nfd()
            .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_changes_no_heading_id(text in "[ -~\t\u{a0}\u{2019}\u{301}éÉßİ🚀ǅ]{0,40}") {
            proptest::prop_assert_eq!(heading_id(&text), heading_id_reference(&text));
        }
    }

    #[test]
    fn repeated_headings_cost_one_look_up_each() {
        // Was one look-up per earlier duplicate: 8,000 "Titre" took
        // 32 million, and 2.8 s.
        let mut ids = IdSet::default();
        let n = 8_000;
        let got: Vec<String> = (0..n).map(|_| ids.unique_heading_id("Titre")).collect();
        assert_eq!(got[..3], ["titre", "titre-1", "titre-2"]);
        assert_eq!(got[n - 1], format!("titre-{}", n - 1));
        assert!(ids.probes <= 2 * n, "{} look-ups", ids.probes);
    }

    #[test]
    fn a_heading_skips_suffixes_taken_by_other_headings_and_anchors() {
        let mut ids = IdSet::default();
        let mut got = vec![ids.unique_heading_id("Titre")];
        got.push(ids.unique_heading_id("Titre 1"));
        got.push(ids.unique_heading_id("Titre"));
        assert!(ids.insert("titre-3"));
        got.push(ids.unique_heading_id("Titre"));
        got.push(ids.unique_heading_id("Titre 2"));
        assert_eq!(got, ["titre", "titre-1", "titre-2", "titre-4", "titre-2-1"]);
    }

    /// `unique_heading_id` as first written: tries `-1`, `-2`… from the
    /// start each time.
    fn unique_reference(seen: &mut std::collections::HashSet<String>, text: &str) -> String {
        let mut base = heading_id(text);
        if base.is_empty() {
            base.push_str("section");
        }
        if seen.insert(base.clone()) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| seen.insert(candidate.clone()))
            .unwrap_or_default()
    }

    proptest::proptest! {
        #[test]
        fn duplicate_suffixes_are_the_first_rules(
            steps in proptest::collection::vec((proptest::bool::ANY, "(a|a 1|a-1|a 2|a-1-1|b|)"), 0..60)
        ) {
            let mut ids = IdSet::default();
            let mut reference = std::collections::HashSet::new();
            for (anchor, text) in steps {
                if anchor {
                    proptest::prop_assert_eq!(ids.insert(&text), reference.insert(text.clone()));
                } else {
                    proptest::prop_assert_eq!(
                        ids.unique_heading_id(&text),
                        unique_reference(&mut reference, &text)
                    );
                }
            }
        }
    }

    #[test]
    fn an_empty_heading_gets_a_generic_id() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique_heading_id(""), "section");
        assert_eq!(ids.unique_heading_id(""), "section-1");
    }
}
