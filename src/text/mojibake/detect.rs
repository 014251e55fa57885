//! Finding candidate mojibake quickly, and judging whether a reversal gave
//! text a person would have written.
//!
//! Every mojibake sequence starts with a char that is a UTF-8 lead byte in
//! the wrong encoding, immediately followed by one that is a continuation
//! byte. Both are non-ASCII, so the scan skips ASCII eight bytes at a time
//! and only looks up pairs of adjacent non-ASCII chars, which are rare in
//! clean French text (`l’été`, `« `): that is the fast path.

use super::tables::{tables, LEADS};

/// Byte offset of the first char at or after `from` that starts a suspicious
/// pair (a lead followed by a continuation in the same encoding).
pub(super) fn next_suspicious(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let tables = tables();
    let mut i = from;
    loop {
        i = skip_ascii(bytes, i);
        if i >= bytes.len() {
            return None;
        }
        let (first, next) = char_at(bytes, i);
        if bytes.get(next).is_some_and(|&b| b >= 0x80) {
            let (second, _) = char_at(bytes, next);
            let pair = tables.entry(first).class() & LEADS & (tables.entry(second).class() >> 3);
            if pair != 0 {
                return Some(i);
            }
        }
        i = next;
    }
}

/// What one pass over a line tells: the lead bits of the encodings in which
/// it has a suspicious pair (only those are worth reversing), and whether
/// every char of it is plausible (see `plausible`).
pub(super) fn scan(line: &str) -> (u8, bool) {
    let bytes = line.as_bytes();
    let tables = tables();
    let mut mask = 0;
    let mut all_plausible = true;
    let mut previous = 0u8;
    let mut i = 0;
    loop {
        let next = skip_ascii(bytes, i);
        if next != i {
            previous = 0;
        }
        if next >= bytes.len() {
            return (mask, all_plausible);
        }
        let (code, after) = char_at(bytes, next);
        let class = tables.entry(code).class();
        mask |= previous & (class >> 3);
        previous = class & LEADS;
        all_plausible &= plausible(code);
        i = after;
    }
}

/// Whether a char belongs in repaired text: ASCII, Latin letters and their
/// punctuation, symbols and emoji. A reversal that produces Armenian from
/// `jusqu’à` or Cyrillic from `—à` is refused by this, not by luck.
///
/// Blocks that a French letter or quote followed by two legacy continuation
/// chars would land in, and that real text hardly uses, are left out on
/// purpose: spacing accents (`Àô` → `˙`), enclosed alphanumerics (`â’œ` →
/// `⒜`), number forms, supplemental maths.
pub(super) fn plausible(code: u32) -> bool {
    matches!(code,
        0x00..=0x7F
        | 0xA0..=0x17F
        | 0x192 // ƒ
        | 0x3A9 | 0x3C0 // Ω π
        | 0x2000..=0x206F // general punctuation
        | 0x20A0..=0x20CF // currency
        | 0x2100..=0x213F // letterlike (™, №, ℹ)
        | 0x2190..=0x23FF // arrows, maths, technical
        | 0x2500..=0x27BF // boxes, shapes, symbols (⚠), dingbats (✅)
        | 0x2B00..=0x2BFF // arrows and stars (⬆, ⭐)
        | 0xFB01 | 0xFB02 // ﬁ ﬂ
        | 0xFE0E | 0xFE0F // variation selectors (⚠️)
        | 0x1F000..=0x1FAFF // emoji
        | 0xE0020..=0xE007F // emoji tag sequences (flags)
    )
}

/// The code point starting at byte `i` of valid UTF-8, and the index just
/// after it. Reads past the end as 0 rather than panicking.
#[inline]
pub(super) fn char_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let byte = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0));
    let cont = |k: usize| byte(k) & 0x3F;
    let first = byte(0);
    match first {
        0x00..=0x7F => (first, i + 1),
        // Continuation bytes never start a char of a `str`; stepping one
        // byte keeps a scan moving if that ever changed.
        0x80..=0xBF => (first, i + 1),
        0xC0..=0xDF => (((first & 0x1F) << 6) | cont(1), i + 2),
        0xE0..=0xEF => (((first & 0x0F) << 12) | (cont(1) << 6) | cont(2), i + 3),
        _ => (
            ((first & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            i + 4,
        ),
    }
}

/// Index of the first non-ASCII byte at or after `i` (or `bytes.len()`).
#[inline]
pub(super) fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
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
    fn char_at_decodes_every_length() {
        let text = "aé’🔎";
        let b = text.as_bytes();
        assert_eq!(char_at(b, 0), (0x61, 1));
        assert_eq!(char_at(b, 1), (0xE9, 3));
        assert_eq!(char_at(b, 3), (0x2019, 6));
        assert_eq!(char_at(b, 6), (0x1F50E, 10));
    }

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
        assert!(!plausible(0x548));
    }

    #[test]
    fn scan_names_the_encodings_with_pairs() {
        let pair_mask = |line: &str| scan(line).0;
        assert_eq!(pair_mask("Entit√©s"), 1);
        assert_eq!(pair_mask("√ ©"), 0);
        // Ã is a lead and © a continuation in all three encodings.
        assert_eq!(pair_mask("Ã©"), 0b111);
        assert_eq!(pair_mask("SÃO PAULO"), 0);
    }

    #[test]
    fn plausible_keeps_french_and_emoji_but_not_controls_or_private_use() {
        assert!(scan("é’«»…œæ 🔎⚠️€™ ℹ️").1);
        assert!(!scan("˙").1);
        assert!(!scan("x \u{F8FF}").1);
        assert!(!scan("\u{85}").1);
        assert!(!scan("ω").1);
    }
}
