//! Detects text that was UTF-8, mis-decoded as a legacy single-byte encoding
//! (Mac Roman, Windows-1252, Latin-1), possibly more than once and possibly in
//! only some lines, and reverses it exactly. Clean text is never changed.
//!
//! Works line by line: a line is reversed only when it has a suspicious pair
//! (see `detect`), every char of it exists in the legacy encoding, the bytes
//! that gives are valid UTF-8, and the result (after up to three rounds) is
//! made only of plausible chars. A line mixing mojibake with chars the legacy
//! encoding cannot hold (a correctly typed emoji beside `√©`) is left alone.

mod detect;
mod tables;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use tables::{lead_bit, tables, ENCODINGS};

/// How many layers of mojibake are peeled at most (double is the common
/// worst case; three costs nothing more on clean text).
const MAX_ROUNDS: usize = 3;

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
    loop {
        let line_start = text[..suspect].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[suspect..]
            .find('\n')
            .map_or(text.len(), |p| suspect + p);
        if let Some((line, reversed)) = repair_line(&text[line_start..line_end]) {
            // Counted only here, so clean text never pays for line numbers.
            line_no = line_no.saturating_add(count_newlines(&text[counted..line_start]));
            counted = line_start;
            let out = fixed.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..line_start]);
            out.push_str(&line);
            copied = line_end;
            record(&mut repairs, line_no, reversed);
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

/// The repaired line and the encodings reversed, outermost first, or `None`
/// when the line should stay as it is.
fn repair_line(line: &str) -> Option<(String, Vec<LegacyEncoding>)> {
    peel(line, 0)
}

/// Tries each encoding in which `line` has a suspicious pair; prefers a
/// deeper repair (double mojibake), else accepts this round's result only if
/// every char of it is plausible.
fn peel(line: &str, round: usize) -> Option<(String, Vec<LegacyEncoding>)> {
    if round == MAX_ROUNDS {
        return None;
    }
    let (mask, _) = detect::scan(line);
    for (i, &encoding) in ENCODINGS.iter().enumerate() {
        if mask & lead_bit(i) == 0 {
            continue;
        }
        let Some(inner) = reverse(line, i) else {
            continue;
        };
        let (inner_mask, inner_plausible) = detect::scan(&inner);
        if inner_mask != 0 {
            if let Some((deeper, mut chain)) = peel(&inner, round + 1) {
                chain.insert(0, encoding);
                return Some((deeper, chain));
            }
        }
        if inner_plausible {
            return Some((inner, vec![encoding]));
        }
    }
    None
}

/// `line` written back as bytes in encoding `i` and read as UTF-8, if every
/// char exists in that encoding and the bytes are valid UTF-8.
fn reverse(line: &str, i: usize) -> Option<String> {
    let tables = tables();
    let bytes = line.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    while pos < bytes.len() {
        let ascii_end = detect::skip_ascii(bytes, pos);
        out.extend_from_slice(&bytes[pos..ascii_end]);
        if ascii_end >= bytes.len() {
            break;
        }
        let (code, next) = detect::char_at(bytes, ascii_end);
        out.push(tables.entry(code).byte(i)?);
        pos = next;
    }
    String::from_utf8(out).ok()
}

fn count_newlines(s: &str) -> u32 {
    // Summing bytes in u8 lanes per 255-byte chunk vectorises far better
    // than one u64 counter.
    s.as_bytes()
        .chunks(255)
        .map(|chunk| u32::from(chunk.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
        .fold(0u32, u32::saturating_add)
}

/// Adds `line_no` to the report, extending the previous run when it is the
/// line just before with the same encodings.
fn record(repairs: &mut Vec<Repair>, line_no: u32, reversed: Vec<LegacyEncoding>) {
    if let Some(last) = repairs.last_mut() {
        if last.last_line.saturating_add(1) == line_no && last.reversed == reversed {
            last.last_line = line_no;
            return;
        }
    }
    repairs.push(Repair {
        first_line: line_no,
        last_line: line_no,
        reversed,
    });
}
