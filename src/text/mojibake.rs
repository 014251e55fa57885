//! Detects text that was UTF-8, mis-decoded as a legacy single-byte encoding
//! (Mac Roman, Windows-1252, Latin-1), possibly more than once and possibly in
//! only some lines, and reverses it exactly. Clean text is never changed.

use std::borrow::Cow;

/// The encoding a piece of UTF-8 was wrongly decoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LegacyEncoding {
    MacRoman,
    Windows1252,
    Latin1,
}

impl LegacyEncoding {
    pub fn name(self) -> &'static str {
        match self {
            LegacyEncoding::MacRoman => "Mac Roman",
            LegacyEncoding::Windows1252 => "Windows-1252",
            LegacyEncoding::Latin1 => "Latin-1",
        }
    }
}

/// One repaired run of lines (1-based, inclusive), and the encodings that
/// were reversed there, outermost first (two entries for double mojibake).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub first_line: u32,
    pub last_line: u32,
    pub reversed: Vec<LegacyEncoding>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired<'a> {
    /// `Cow::Borrowed` when nothing needed repair (the fast path).
    pub text: Cow<'a, str>,
    pub repairs: Vec<Repair>,
}

pub fn repair(text: &str) -> Repaired<'_> {
    // Placeholder until the `text` work lands: no repair.
    Repaired {
        text: Cow::Borrowed(text),
        repairs: Vec::new(),
    }
}
