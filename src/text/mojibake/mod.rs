//! Detects text that was UTF-8, mis-decoded as a legacy single-byte encoding
//! (Mac Roman, Windows-1252, Latin-1), possibly more than once, in only some
//! lines, or in two encodings on one line, and reverses it exactly. Clean
//! text is never changed, and repairing twice changes nothing more.
//!
//! Works line by line, on the runs of adjacent chars a legacy encoding has:
//! each is written back as bytes and read as UTF-8 (see `reverse`). The
//! decision rule (see `line` and `judge`):
//! - every run outside code spans must reverse; one that cannot (a lone `é`,
//!   a `’`) means the line is clean and vetoes it, unless the line is
//!   mojibake in one encoding that lacks a char of that run (`’œ` beside
//!   Latin-1 mojibake);
//! - at least one run must be strong evidence on its own: French letters,
//!   quotes, emoji or a byte order mark from mojibake, a word of Greek,
//!   Cyrillic or CJK, a combining accent after a letter;
//! - weak runs are repaired only beside strong ones: a Mac Roman pair of
//!   maths signs not touching a letter (`√π` is `ù`, but `o√π` is `où`),
//!   one char of another script (`—à` is `ш`). A line holding only those
//!   is truly ambiguous and stays as written (`La racine √π`, and also a
//!   mojibaked line whose only non-ASCII char is one Cyrillic letter);
//! - code spans (`` `Ã©` ``) never count as evidence, and are reversed only
//!   in the way the rest of their line was, on their own strong evidence.
//!
//! A repaired line is judged again until it no longer changes, so
//! `repair(repair(x)) == repair(x)`.

mod detect;
mod judge;
mod line;
mod reverse;
mod spans;
mod tables;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

/// How many layers of mojibake are peeled at most (double is the common
/// worst case; three costs nothing more on clean text).
const MAX_ROUNDS: usize = 3;

/// How many different ways one line is repaired in, at most, in practice:
/// how far back `record` looks for a run to extend.
const ENCODINGS_PER_LINE: usize = 3;

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

impl Repair {
    /// "lines 3-7 (Mac Roman)" or "line 2 (Windows-1252, then Mac Roman)".
    pub fn describe(&self) -> String {
        let lines = if self.first_line == self.last_line {
            format!("line {}", self.first_line)
        } else {
            format!("lines {}-{}", self.first_line, self.last_line)
        };
        let names: Vec<&str> = self.reversed.iter().map(|e| e.name()).collect();
        format!("{lines} ({})", names.join(", then "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired<'a> {
    /// `Cow::Borrowed` when nothing needed repair (the fast path).
    pub text: Cow<'a, str>,
    pub repairs: Vec<Repair>,
}

pub fn repair(text: &str) -> Repaired<'_> {
    let Some(mut suspect) = detect::next_suspicious(text, 0) else {
        return Repaired {
            text: Cow::Borrowed(text),
            repairs: Vec::new(),
        };
    };
    let mut fixed: Option<String> = None;
    let mut copied = 0; // bytes of `text` already in `fixed`
    let mut repairs: Vec<Repair> = Vec::new();
    let mut line_no: u32 = 1;
    let mut counted = 0; // `line_no` counts the newlines in text[..counted]
                         // A line is repaired there first: `fixed` is only allocated once one is.
    let mut lines = line::LineRepairer::default();
    loop {
        let line_start = text[..suspect].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[suspect..]
            .find('\n')
            .map_or(text.len(), |p| suspect + p);
        if lines.repair(&text[line_start..line_end]) {
            // Counted only here, so clean text never pays for line numbers.
            line_no = line_no.saturating_add(count_newlines(&text[counted..line_start]));
            counted = line_start;
            let out = fixed.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..line_start]);
            out.push_str(&lines.out);
            copied = line_end;
            for chain in &lines.chains {
                record(&mut repairs, line_no, chain.as_slice());
            }
        }
        match detect::next_suspicious(text, line_end) {
            Some(next) => suspect = next,
            None => break,
        }
    }
    let text = match fixed {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    };
    Repaired { text, repairs }
}

fn count_newlines(s: &str) -> u32 {
    // Summing bytes in u8 lanes per 255-byte chunk vectorises far better
    // than one u64 counter.
    s.as_bytes()
        .chunks(255)
        .map(|chunk| u32::from(chunk.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
        .fold(0u32, u32::saturating_add)
}

/// Adds `line_no` to the report, extending a run that ends on the line just
/// before with the same encodings (a line repaired in two ways has two
/// entries, so the run to extend may not be the last one).
fn record(repairs: &mut Vec<Repair>, line_no: u32, reversed: &[LegacyEncoding]) {
    let recent = repairs.len().saturating_sub(2 * ENCODINGS_PER_LINE);
    if let Some(run) = repairs[recent..].iter_mut().rev().find(|r| {
        r.reversed == reversed
            && (r.last_line.saturating_add(1) == line_no || r.last_line == line_no)
    }) {
        run.last_line = line_no;
        return;
    }
    repairs.push(Repair {
        first_line: line_no,
        last_line: line_no,
        reversed: reversed.to_vec(),
    });
}
