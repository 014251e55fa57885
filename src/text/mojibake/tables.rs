//! Byte ↔ char tables for the three legacy encodings, built once from
//! encoding_rs (Latin-1 from `encoding_rs::mem`, since encoding_rs maps the
//! "iso-8859-1" label to Windows-1252), plus the per-char classes the
//! detector needs: is this char, in encoding E, a UTF-8 lead byte or a
//! continuation byte?
//!
//! Encoding goes through these tables rather than an encoding_rs encoder
//! because encoding_rs has no Latin-1 encoder for C1 controls, no encoder at
//! all for Windows-1252's five holes (0x81 0x8D 0x8F 0x90 0x9D, which its
//! decoder maps to C1 code points), and because a direct lookup is what keeps
//! repair above 200 MB/s.

use super::LegacyEncoding;
use std::sync::OnceLock;

/// Order of the encodings everywhere: also the order the repair tries them.
pub(super) const ENCODINGS: [LegacyEncoding; 3] = [
    LegacyEncoding::MacRoman,
    LegacyEncoding::Windows1252,
    LegacyEncoding::Latin1,
];

/// `class` bit: this char is a UTF-8 lead byte (0xC2..=0xF4) in encoding `i`.
pub(super) const fn lead_bit(i: usize) -> u8 {
    1 << i
}

/// `class` bit: this char is a UTF-8 continuation byte in encoding `i`.
pub(super) const fn cont_bit(i: usize) -> u8 {
    1 << (i + 3)
}

pub(super) struct Table {
    /// Upper half only: bytes below 0x80 are ASCII in all three encodings.
    decode: [char; 128],
    /// Byte for U+0080..=U+00FF, 0 when the char is not in the encoding (0
    /// never encodes a non-ASCII char, so it is free as a marker).
    encode_latin: [u8; 128],
    /// Byte for chars above U+00FF, sorted by char for binary search.
    encode_other: Vec<(char, u8)>,
}

impl Table {
    fn new(decode: [char; 128]) -> Table {
        let mut encode_latin = [0u8; 128];
        let mut encode_other = Vec::new();
        for (offset, &c) in decode.iter().enumerate() {
            // offset < 128, so the byte is 0x80..=0xFF
            let byte = 0x80 | offset as u8;
            match u32::from(c) {
                0x80..=0xFF => encode_latin[u32::from(c) as usize - 0x80] = byte,
                _ => encode_other.push((c, byte)),
            }
        }
        encode_other.sort_unstable();
        Table {
            decode,
            encode_latin,
            encode_other,
        }
    }

    /// The byte `c` is written as in this encoding, if it has one.
    #[inline]
    pub(super) fn encode(&self, c: char) -> Option<u8> {
        let code = u32::from(c);
        if code < 0x80 {
            Some(code as u8)
        } else if code < 0x100 {
            match self.encode_latin[code as usize - 0x80] {
                0 => None,
                byte => Some(byte),
            }
        } else {
            self.encode_other
                .binary_search_by_key(&c, |&(c, _)| c)
                .ok()
                .map(|i| self.encode_other[i].1)
        }
    }

    /// The char byte `b` decodes to (test helper and table construction).
    pub(super) fn decode(&self, b: u8) -> char {
        if b < 0x80 {
            char::from(b)
        } else {
            self.decode[usize::from(b - 0x80)]
        }
    }
}

pub(super) struct Tables {
    pub(super) tables: [Table; 3],
    /// Class bits for U+0080..=U+00FF.
    class_latin: [u8; 128],
    /// Class bits for the few chars above U+00FF, sorted by char.
    class_other: Vec<(char, u8)>,
}

impl Tables {
    fn new() -> Tables {
        let tables = ENCODINGS.map(|e| Table::new(upper_half(e)));
        let mut class_latin = [0u8; 128];
        let mut class_other: Vec<(char, u8)> = Vec::new();
        for (i, table) in tables.iter().enumerate() {
            for byte in 0x80..=0xFFu8 {
                let bits = match byte {
                    0x80..=0xBF => cont_bit(i),
                    0xC2..=0xF4 => lead_bit(i),
                    _ => continue,
                };
                let c = table.decode(byte);
                match u32::from(c) {
                    0x80..=0xFF => class_latin[u32::from(c) as usize - 0x80] |= bits,
                    _ => match class_other.iter_mut().find(|(k, _)| *k == c) {
                        Some((_, existing)) => *existing |= bits,
                        None => class_other.push((c, bits)),
                    },
                }
            }
        }
        class_other.sort_unstable();
        Tables {
            tables,
            class_latin,
            class_other,
        }
    }

    /// Lead and continuation bits of a non-ASCII char (0 for ASCII).
    #[inline]
    pub(super) fn class(&self, c: char) -> u8 {
        let code = u32::from(c);
        if code < 0x80 {
            0
        } else if code < 0x100 {
            self.class_latin[code as usize - 0x80]
        } else {
            self.class_other
                .binary_search_by_key(&c, |&(c, _)| c)
                .map_or(0, |i| self.class_other[i].1)
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

    fn table(e: LegacyEncoding) -> &'static Table {
        let i = ENCODINGS.iter().position(|&x| x == e).unwrap_or(0);
        &tables().tables[i]
    }

    #[test]
    fn every_byte_round_trips_in_every_encoding() {
        for (i, t) in tables().tables.iter().enumerate() {
            for b in 0..=0xFFu8 {
                assert_eq!(t.encode(t.decode(b)), Some(b), "encoding {i} byte {b:#x}");
            }
        }
    }

    #[test]
    fn mac_roman_has_the_apple_logo_and_the_euro() {
        let mac = table(LegacyEncoding::MacRoman);
        assert_eq!(mac.decode(0xF0), '\u{F8FF}');
        assert_eq!(mac.decode(0xC3), '√');
        assert_eq!(mac.decode(0xA9), '©');
        assert_eq!(mac.encode('‚'), Some(0xE2));
    }

    #[test]
    fn windows_1252_holes_are_c1_controls() {
        let w = table(LegacyEncoding::Windows1252);
        for b in [0x81u8, 0x8D, 0x8F, 0x90, 0x9D] {
            assert_eq!(u32::from(w.decode(b)), u32::from(b));
        }
        assert_eq!(w.decode(0x80), '€');
        assert_eq!(w.encode('\u{80}'), None);
    }

    #[test]
    fn latin1_encodes_c1_but_not_the_euro() {
        let l = table(LegacyEncoding::Latin1);
        assert_eq!(l.encode('\u{85}'), Some(0x85));
        assert_eq!(l.encode('€'), None);
    }

    #[test]
    fn classes_mark_leads_and_continuations() {
        let t = tables();
        assert_eq!(t.class('a'), 0);
        // √ is Mac Roman 0xC3 (a lead); © is a continuation in all three.
        assert_eq!(t.class('√'), lead_bit(0));
        assert_eq!(
            t.class('©') & (cont_bit(0) | cont_bit(1) | cont_bit(2)),
            cont_bit(1) | cont_bit(2) | cont_bit(0)
        );
        // Ã is 0xC3 in Windows-1252 and Latin-1, 0xCC in Mac Roman: lead in all.
        assert_eq!(t.class('Ã'), lead_bit(0) | lead_bit(1) | lead_bit(2));
    }
}
