//! Finding candidate mojibake quickly, and judging whether a reversal gave
//! text a person would have written.
//!
//! Every mojibake sequence starts with a char that is a UTF-8 lead byte in
//! the wrong encoding, immediately followed by one that is a continuation
//! byte. Both are non-ASCII, so the scan skips ASCII eight bytes at a time
//! and only looks up pairs of adjacent non-ASCII chars, which are rare in
//! clean French text (`l’été`, `« `): that is the fast path.

use super::tables::{tables, Tables};

const LEADS: u8 = 0b0000_0111;

/// Byte offset of the first char at or after `from` that starts a suspicious
/// pair (a lead followed by a continuation in the same encoding).
pub(super) fn next_suspicious(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let tables = tables();
    let mut i = from;
    loop {
        i = skip_ascii(bytes, i);
        let first = *bytes.get(i)?;
        let next = i + utf8_len(first);
        if bytes.get(next).is_some_and(|&b| b >= 0x80) && is_pair(tables, text, i, next) {
            return Some(i);
        }
        i = next;
    }
}

/// Lead bits of the encodings in which `line` has at least one suspicious
/// pair: only those are worth reversing.
pub(super) fn pair_mask(line: &str) -> u8 {
    let tables = tables();
    let mut mask = 0;
    let mut previous = 0u8;
    for c in line.chars() {
        let class = tables.class(c);
        mask |= previous & (class >> 3);
        previous = class & LEADS;
    }
    mask
}

/// Whether `c` belongs in repaired text: ASCII, Latin letters and their
/// punctuation, symbols and emoji. A reversal that produces Armenian from
/// `jusqu’à` or Cyrillic from `—à` is refused by this, not by luck.
pub(super) fn plausible(c: char) -> bool {
    matches!(u32::from(c),
        0x00..=0x7F
        | 0xA0..=0x17F
        | 0x192 // ƒ
        | 0x218..=0x21B // ș ț (Romanian names)
        | 0x2C6 | 0x2C7 | 0x2D8..=0x2DD // spacing accents of Mac Roman and Windows-1252
        | 0x3A9 | 0x3C0 // Ω π
        | 0x2000..=0x206F // general punctuation
        | 0x20A0..=0x20CF // currency
        | 0x2100..=0x214F // letterlike (™, №)
        | 0x2190..=0x23FF // arrows, maths, technical
        | 0x2460..=0x27BF // enclosed, boxes, shapes, symbols (⚠), dingbats
        | 0x2900..=0x2BFF // more arrows and symbols
        | 0xFB01 | 0xFB02 // ﬁ ﬂ
        | 0xFE0E | 0xFE0F // variation selectors (⚠️)
        | 0x1F000..=0x1FAFF // emoji
        | 0xE0020..=0xE007F // emoji tag sequences (flags)
    )
}

#[inline]
fn is_pair(tables: &Tables, text: &str, first: usize, second: usize) -> bool {
    let (Some(a), Some(b)) = (char_at(text, first), char_at(text, second)) else {
        return false;
    };
    tables.class(a) & LEADS & (tables.class(b) >> 3) != 0
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

#[inline]
fn utf8_len(first: u8) -> usize {
    match first {
        // Continuation bytes never start a char of a `str`; 1 keeps the scan
        // moving if that ever changed.
        0x00..=0xBF => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Index of the first non-ASCII byte at or after `i` (or `bytes.len()`).
#[inline]
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 16) {
        let (a, b) = chunk.split_at(8);
        let word = |half: &[u8]| {
            let mut w = [0u8; 8];
            w.copy_from_slice(half);
            u64::from_ne_bytes(w)
        };
        if (word(a) | word(b)) & HIGH != 0 {
            break;
        }
        i += 16;
    }
    while bytes.get(i).is_some_and(|&b| b < 0x80) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_mac_roman_and_windows_1252_pairs() {
        assert_eq!(next_suspicious("Entit√©s", 0), Some(5));
        assert_eq!(next_suspicious("abc caf\u{C3}\u{A9}", 0), Some(7));
        assert_eq!(next_suspicious("x ‚Äô y", 0), Some(2));
    }

    #[test]
    fn clean_french_has_no_pairs_even_past_the_ascii_fast_skip() {
        let text = "« Les entités administratives » — l’accès, cœur… 🔎 ⚠️ √2 ≈ 1,414";
        assert_eq!(next_suspicious(text, 0), None);
        let long = format!("{}{}", "a".repeat(40), text);
        assert_eq!(next_suspicious(&long, 0), None);
    }

    #[test]
    fn adjacent_french_chars_can_look_suspicious_but_are_judged_later() {
        // ’ is Mac Roman 0xD5 (lead), à is 0x88 (continuation).
        assert!(next_suspicious("jusqu’à", 0).is_some());
        assert!(!plausible('\u{548}'));
    }

    #[test]
    fn pair_mask_names_the_encodings() {
        assert_eq!(pair_mask("Entit√©s"), 1);
        // Ã is a lead and © a continuation in all three encodings.
        assert_eq!(pair_mask("Ã©"), 0b111);
        assert_eq!(pair_mask("SÃO PAULO"), 0);
    }

    #[test]
    fn plausible_keeps_french_and_emoji_but_not_controls_or_private_use() {
        assert!("é’«»…œæ🔎⚠️€™".chars().all(plausible));
        assert!(!plausible('\u{F8FF}'));
        assert!(!plausible('\u{85}'));
        assert!(!plausible('\u{3C9}'));
    }
}
