//! Byte ↔ char tables for the three legacy encodings, built once from
//! encoding_rs (Latin-1 from `encoding_rs::mem`, since encoding_rs maps the
//! "iso-8859-1" label to Windows-1252), plus the per-char classes the
//! detector needs: is this char, in encoding E, a UTF-8 lead byte or a
//! continuation byte?
//!
//! Encoding goes through these tables rather than an encoding_rs encoder
//! because encoding_rs has no Latin-1 encoder for C1 controls, no encoder at
//! all for Windows-1252's five holes (0x81 0x8D 0x8F 0x90 0x9D, which its
//! decoder maps to C1 code points), and because one O(1) lookup per char
//! keeps repair fast (`cargo bench --bench text`).

use super::LegacyEncoding;
use std::sync::OnceLock;

/// Order of the encodings everywhere: also the order the repair tries them.
pub(super) const ENCODINGS: [LegacyEncoding; 3] = [
    LegacyEncoding::MacRoman,
    LegacyEncoding::Windows1252,
    LegacyEncoding::Latin1,
];

/// Index of Mac Roman in `ENCODINGS`.
pub(super) const MAC_ROMAN: usize = 0;

/// `class` bit: this char is a UTF-8 lead byte (0xC2..=0xF4) in encoding `i`.
pub(super) const fn lead_bit(i: usize) -> u8 {
    1 << i
}

/// `class` bit: this char is a UTF-8 continuation byte in encoding `i`.
pub(super) const fn cont_bit(i: usize) -> u8 {
    1 << (i + 3)
}

/// All lead bits.
pub(super) const LEADS: u8 = 0b0000_0111;

/// What one non-ASCII char is in the three encodings, packed in a `u32`:
/// bits 0-7 its class, then one byte per encoding (0 = not in it; 0 never
/// encodes a non-ASCII char, so it is free as a marker).
#[derive(Clone, Copy)]
pub(super) struct Entry(u32);

impl Entry {
    #[inline]
    pub(super) fn class(self) -> u8 {
        self.0 as u8
    }

    /// Whether the char exists in at least one of the encodings.
    #[inline]
    pub(super) fn in_any(self) -> bool {
        self.0 >> 8 != 0
    }

    /// The byte in encoding `i`, if the char exists there.
    #[inline]
    pub(super) fn byte(self, i: usize) -> Option<u8> {
        match (self.0 >> (8 * (i + 1))) as u8 {
            0 => None,
            byte => Some(byte),
        }
    }
}

pub(super) struct Tables {
    /// For each 256-char page of the BMP, its index in `pages` (0 = a page
    /// with no char of any of the three encodings).
    page_of: [u8; 256],
    pages: Vec<[u32; 256]>,
}

impl Tables {
    fn new() -> Tables {
        let decode = ENCODINGS.map(upper_half);
        let mut page_of = [0u8; 256];
        let mut pages = vec![[0u32; 256]];
        for (i, half) in decode.iter().enumerate() {
            for (offset, &c) in half.iter().enumerate() {
                // offset < 128, so the byte is 0x80..=0xFF
                let byte = 0x80 | offset as u8;
                let class = match byte {
                    0x80..=0xBF => cont_bit(i),
                    0xC2..=0xF4 => lead_bit(i),
                    _ => 0,
                };
                let code = u32::from(c);
                // The three encodings only hold BMP chars; skip anything else
                // rather than index out of range.
                let Ok(page) = u8::try_from(code >> 8) else {
                    continue;
                };
                if page_of[usize::from(page)] == 0 {
                    page_of[usize::from(page)] = u8::try_from(pages.len()).unwrap_or(0);
                    pages.push([0u32; 256]);
                }
                let slot =
                    &mut pages[usize::from(page_of[usize::from(page)])][(code & 0xFF) as usize];
                *slot |= u32::from(class) | (u32::from(byte) << (8 * (i + 1)));
            }
        }
        Tables { page_of, pages }
    }

    /// The entry of a non-ASCII code point (empty for anything else).
    #[inline]
    pub(super) fn entry(&self, code: u32) -> Entry {
        let Ok(page) = u8::try_from(code >> 8) else {
            return Entry(0);
        };
        let page = usize::from(self.page_of[usize::from(page)]);
        Entry(self.pages[page][(code & 0xFF) as usize])
    }

    /// The byte `c` is written as in encoding `i`, if it has one.
    #[cfg(test)]
    fn encode(&self, i: usize, c: char) -> Option<u8> {
        match u32::from(c) {
            code @ 0..=0x7F => Some(code as u8),
            code => self.entry(code).byte(i),
        }
    }

    /// The char byte `b` decodes to in encoding `i`, straight from encoding_rs.
    #[cfg(test)]
    fn decode(&self, i: usize, b: u8) -> char {
        if b < 0x80 {
            char::from(b)
        } else {
            upper_half(ENCODINGS[i])[usize::from(b - 0x80)]
        }
    }
}

/// What bytes 0x80..=0xFF decode to in `encoding`, according to encoding_rs.
fn upper_half(encoding: LegacyEncoding) -> [char; 128] {
    let bytes: Vec<u8> = (0x80..=0xFFu8).collect();
    let text = match encoding {
        LegacyEncoding::MacRoman => encoding_rs::MACINTOSH
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned(),
        LegacyEncoding::Windows1252 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned(),
        LegacyEncoding::Latin1 => encoding_rs::mem::decode_latin1(&bytes).into_owned(),
    };
    let mut half = ['\u{FFFD}'; 128];
    for (slot, c) in half.iter_mut().zip(text.chars()) {
        *slot = c;
    }
    half
}

pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAC: usize = 0;
    const WIN: usize = 1;
    const LATIN: usize = 2;

    fn class(c: char) -> u8 {
        tables().entry(u32::from(c)).class()
    }

    #[test]
    fn every_byte_round_trips_in_every_encoding() {
        let t = tables();
        for i in 0..3 {
            for b in 0..=0xFFu8 {
                assert_eq!(
                    t.encode(i, t.decode(i, b)),
                    Some(b),
                    "encoding {i} byte {b:#x}"
                );
            }
        }
    }

    #[test]
    fn mac_roman_has_the_apple_logo_and_the_euro() {
        let t = tables();
        assert_eq!(t.decode(MAC, 0xF0), '\u{F8FF}');
        assert_eq!(t.decode(MAC, 0xDB), '€');
        assert_eq!(t.decode(MAC, 0xC3), '√');
        assert_eq!(t.decode(MAC, 0xA9), '©');
        assert_eq!(t.encode(MAC, '‚'), Some(0xE2));
    }

    #[test]
    fn windows_1252_holes_are_c1_controls() {
        let t = tables();
        for b in [0x81u8, 0x8D, 0x8F, 0x90, 0x9D] {
            assert_eq!(u32::from(t.decode(WIN, b)), u32::from(b));
        }
        assert_eq!(t.decode(WIN, 0x80), '€');
        assert_eq!(t.encode(WIN, '\u{80}'), None);
    }

    #[test]
    fn latin1_encodes_c1_but_not_the_euro() {
        let t = tables();
        assert_eq!(t.encode(LATIN, '\u{85}'), Some(0x85));
        assert_eq!(t.encode(LATIN, '€'), None);
    }

    #[test]
    fn chars_outside_the_encodings_have_empty_entries() {
        let t = tables();
        assert_eq!(t.encode(MAC, '🔎'), None);
        assert_eq!(t.encode(WIN, 'Ω'), None);
        assert_eq!(class('⚠'), 0);
    }

    #[test]
    fn classes_mark_leads_and_continuations() {
        assert_eq!(class('a'), 0);
        // √ is Mac Roman 0xC3 (a lead); © is 0xA9, a continuation in all three.
        assert_eq!(class('√'), lead_bit(MAC));
        assert_eq!(class('©'), cont_bit(MAC) | cont_bit(WIN) | cont_bit(LATIN));
        // Ã is 0xC3 in Windows-1252 and Latin-1, 0xCC in Mac Roman: lead in all.
        assert_eq!(class('Ã'), LEADS);
        // ’ is Mac Roman 0xD5 (lead) and Windows-1252 0x92 (continuation).
        assert_eq!(class('’'), lead_bit(MAC) | cont_bit(WIN));
    }
}
