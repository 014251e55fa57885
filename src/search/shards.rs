//! Which file of a split index holds a word: terms shards by prefix, and
//! the `ends` word lists by last two letters that let a query with a typo
//! in its first letters find its word in another terms shard.
//!
//! A terms shard's key is the word's first character (`a`–`z`, `0`–`9`,
//! else `_`); a key whose shard would pass `SHARD_BYTES` is split by one
//! more character, up to `MAX_KEY` characters. A word is in the shard of
//! the longest key it starts with, which the query side finds by trying
//! the word's first three, two and one characters in turn.
//!
//! A typo at any of the first `MAX_KEY - 1` characters of a word of 5 or
//! more letters can send the query to another shard; but no single edit
//! there (substitution, insertion, deletion, or swap of two neighbours,
//! except a swap of the third and fourth letters of a 5-letter word)
//! changes its last two letters. So `ends-<xy>.json` lists every indexed
//! word of 4 letters or more ending in `xy`, and the query side reads it
//! when a word matches nothing in its own shard.

use super::index::Group;
use foldhash::{HashMap, HashSet};

/// A shard larger than this (JSON bytes, about 2.5 times its gzipped size)
/// is split by one more character.
const SHARD_BYTES: usize = 64 * 1024;
/// The longest shard key.
const MAX_KEY: usize = 3;
/// The shortest word in the `ends` lists: a 5-letter query missing one
/// letter.
const END_MIN_CHARS: usize = 4;

/// The keys of shards split further (`SHARD_BYTES`), so absent from the
/// index unless short words end there; each as `packed` bytes.
pub struct Split(HashSet<u32>);

impl Split {
    /// Sizes the shards one key length at a time and splits the large ones.
    pub fn of(groups: &[Group]) -> Split {
        let mut split = Split(HashSet::default());
        let sizes: Vec<usize> = groups.iter().map(json_size).collect();
        for len in 1..MAX_KEY {
            let mut by_key: HashMap<&str, usize> = HashMap::default();
            for (group, size) in groups.iter().zip(&sizes) {
                split.each_key(group, |key| {
                    if key.len() == len && key != "_" {
                        *by_key.entry(key).or_default() += size;
                    }
                });
            }
            let large: Vec<u32> = by_key
                .into_iter()
                .filter(|(_, size)| *size > SHARD_BYTES)
                .map(|(key, _)| packed(key.as_bytes()))
                .collect();
            split.0.extend(large);
        }
        split
    }

    /// Nothing split: one shard per first character.
    #[cfg(test)]
    pub fn none() -> Split {
        Split(HashSet::default())
    }

    /// The shard of a folded word.
    pub fn key<'w>(&self, surface: &'w str) -> &'w str {
        let bytes = surface.as_bytes();
        let mut len = 0;
        while len < MAX_KEY.min(bytes.len())
            && is_key_byte(bytes[len])
            && (len == 0 || self.0.contains(&packed(&bytes[..len])))
        {
            len += 1;
        }
        if len == 0 {
            "_"
        } else {
            &surface[..len]
        }
    }

    /// Calls `f` with each shard a group is written to: one per key among
    /// its words (almost always one, as a stem keeps its word's start), in
    /// order.
    pub fn each_key<'g>(&self, group: &'g Group, mut f: impl FnMut(&'g str)) {
        let mut surfaces = group.surfaces.iter().map(|s| self.key(s));
        let Some(first) = surfaces.next() else {
            return;
        };
        let mut others: Vec<&str> = surfaces.filter(|k| *k != first).collect();
        if others.is_empty() {
            return f(first);
        }
        others.push(first);
        others.sort_unstable();
        others.dedup();
        others.into_iter().for_each(f);
    }
}

/// A key (at most `MAX_KEY` ASCII bytes, none zero) as one number.
fn packed(key: &[u8]) -> u32 {
    key.iter().fold(0, |n, &b| n << 8 | u32::from(b))
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn is_key_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_key_byte)
}

/// The `ends` list a folded word belongs to, if it is long enough: its
/// last two characters, or `_` when either is not `a`–`z`, `0`–`9`.
pub fn end_key(surface: &str) -> Option<&str> {
    if surface.chars().count() < END_MIN_CHARS {
        return None;
    }
    let start = surface.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    let tail = &surface[start..];
    if tail.chars().all(is_key_char) {
        Some(tail)
    } else {
        Some("_")
    }
}

/// The size of a group's row in a terms file, near enough.
fn json_size(group: &Group) -> usize {
    group.surfaces.iter().map(|s| s.len() + 3).sum::<usize>()
        + group
            .postings
            .iter()
            .map(|p| decimal_digits(*p) + 1)
            .sum::<usize>()
}

fn decimal_digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(surfaces: &[&str], postings: usize) -> Group {
        Group {
            surfaces: surfaces.iter().map(|s| s.to_string()).collect(),
            postings: vec![1_000_000; postings],
        }
    }

    #[test]
    fn a_word_is_in_the_shard_of_its_first_character_until_that_is_split() {
        let split = Split::none();
        assert_eq!(split.key("entreprise"), "e");
        assert_eq!(split.key("2024"), "2");
        assert_eq!(split.key("ßeta"), "_");
        assert_eq!(split.key(""), "_");
    }

    #[test]
    fn large_shards_split_by_up_to_three_characters() {
        let groups = vec![
            group(&["production"], 9000),
            group(&["projet"], 9000),
            group(&["prix"], 9000),
            group(&["pa"], 10),
            group(&["pr"], 10),
        ];
        let split = Split::of(&groups);
        assert_eq!(split.key("production"), "pro");
        assert_eq!(split.key("prix"), "pri");
        assert_eq!(split.key("pa"), "pa");
        assert_eq!(split.key("pr"), "pr");
        assert_eq!(split.key("p"), "p");
        assert_eq!(split.key("zebre"), "z");
    }

    #[test]
    fn a_shard_never_splits_past_three_characters() {
        let groups = vec![group(&["production"], 60_000)];
        assert_eq!(Split::of(&groups).key("production"), "pro");
    }

    #[test]
    fn ends_lists_hold_words_of_four_letters_or_more_by_last_two() {
        assert_eq!(end_key("entreprise"), Some("se"));
        assert_eq!(end_key("rnaa"), Some("aa"));
        assert_eq!(end_key("rna"), None);
        assert_eq!(end_key("straße"), Some("_"));
    }

    #[test]
    fn a_typo_in_the_first_letters_keeps_the_last_two() {
        for typo in [
            "zntreprise",
            "ntreprise",
            "aentreprise",
            "netreprise",
            "enrteprise",
        ] {
            assert_eq!(end_key(typo), end_key("entreprise"), "{typo}");
        }
    }
}
