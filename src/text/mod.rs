//! Bytes to clean text (`decode`: BOMs and legacy encodings; `mojibake`), and
//! the text tools later stages share: HTML escaping and entities (`html`), URL slugs (`slug`).
//! Pure: no I/O, no clock.
//!
//! Does not parse anything: it hands `content` the text the author meant to
//! write, plus a report of what it had to do to get there.

pub mod decode;
pub mod html;
pub mod mojibake;
pub mod slug;
pub mod url_safety;

pub use decode::{decode, decode_owned, Decoded, SourceEncoding};
pub use mojibake::{repair, LegacyEncoding, Repair, Repaired};
pub use slug::slugify;

/// `text` in Unicode NFD with the combining marks U+0300–U+036F left out
/// (`é` → `e`, also when written `e` + U+0301): the accent folding of the
/// real site's heading ids and of the search index.
pub fn without_accents(text: &str) -> impl Iterator<Item = char> + '_ {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !matches!(*c, '\u{0300}'..='\u{036F}'))
}

/// What `read_text` did to one file: how it was decoded and what it repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextReport {
    pub encoding: SourceEncoding,
    pub repairs: Vec<Repair>,
}

/// Decodes `bytes` and repairs any mojibake in the result.
pub fn read_text(bytes: &[u8]) -> (String, TextReport) {
    repair_decoded(decode(bytes))
}

/// `read_text` for bytes the caller hands over (a file just read): clean
/// UTF-8 becomes the text without being copied.
pub fn read_text_owned(bytes: Vec<u8>) -> (String, TextReport) {
    repair_decoded(decode_owned(bytes))
}

fn repair_decoded(decoded: Decoded) -> (String, TextReport) {
    let repaired = repair(&decoded.text);
    let repairs = repaired.repairs;
    let fixed = match repaired.text {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(fixed) => Some(fixed),
    };
    let report = TextReport {
        encoding: decoded.encoding,
        repairs,
    };
    (fixed.unwrap_or(decoded.text), report)
}
