//! Finding candidate mojibake quickly.
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
pub(super) fn skip_ascii(bytes: &[u8], i: usize) -> usize {
    find_byte(bytes, i, |word| word & HIGH, |b| b >= 0x80)
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// First index at or after `i` whose byte passes `test`, eight bytes at a
/// time: `hits` keeps the high bit of each byte of a little-endian word that
/// passes, so the lowest set bit gives the position.
#[inline]
fn find_byte(
    bytes: &[u8],
    mut i: usize,
    hits: impl Fn(u64) -> u64,
    test: impl Fn(u8) -> bool,
) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let found = hits(u64::from_le_bytes(w));
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| !test(b)) {
        i += 1;
    }
    i.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_find_the_exact_boundary_in_and_past_a_word() {
        for prefix in 0..20 {
            let text = format!("{}é€ b", "a".repeat(prefix));
            let b = text.as_bytes();
            assert_eq!(skip_ascii(b, 0), prefix);
            assert_eq!(skip_ascii(b, prefix + 5), b.len());
        }
    }

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
    }
}
