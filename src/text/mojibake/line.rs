//! Reversing one line. ASCII is itself in all three encodings and can never
//! be part of a multi-byte UTF-8 sequence, so only the runs of adjacent
//! non-ASCII chars are encoded, validated and judged; the ASCII between them
//! is copied once. Every run of the line must reverse with the same
//! encodings, which is exactly "the whole line is mojibake", for a fraction
//! of the work.

use super::detect::plausible;
use super::tables::{lead_bit, tables, ENCODINGS, LEADS};
use super::{LegacyEncoding, MAX_ROUNDS};

/// The non-ASCII runs of a line, concatenated; run `k` is
/// `text[ends[k - 1]..ends[k]]` (from 0 for the first).
#[derive(Default)]
struct Runs {
    text: String,
    ends: Vec<usize>,
}

impl Runs {
    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| self.text.get(start..end).unwrap_or(""))
    }

    /// Lead bits of the encodings in which some run has a lead char
    /// directly followed by a continuation char.
    fn pair_mask(&self) -> u8 {
        let tables = tables();
        let mut mask = 0;
        for run in self.iter() {
            let mut previous = 0u8;
            for c in run.chars() {
                let class = tables.entry(u32::from(c)).class();
                mask |= previous & (class >> 3);
                previous = class & LEADS;
            }
        }
        mask
    }

    fn plausible(&self) -> bool {
        self.text.chars().all(|c| plausible(u32::from(c)))
    }

    /// Every run written back as bytes in encoding `i` and read as UTF-8,
    /// if every char exists in that encoding and each run's bytes are
    /// valid UTF-8 on their own.
    fn reverse(&self, i: usize) -> Option<Runs> {
        let tables = tables();
        let mut bytes = Vec::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        for run in self.iter() {
            let start = bytes.len();
            for c in run.chars() {
                bytes.push(tables.entry(u32::from(c)).byte(i)?);
            }
            std::str::from_utf8(&bytes[start..]).ok()?;
            ends.push(bytes.len());
        }
        let text = String::from_utf8(bytes).ok()?;
        Some(Runs { text, ends })
    }
}

/// The encodings reversed on a line, outermost first, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chain {
    items: [LegacyEncoding; MAX_ROUNDS],
    len: usize,
}

impl Chain {
    fn one(encoding: LegacyEncoding) -> Chain {
        Chain {
            items: [encoding; MAX_ROUNDS],
            len: 1,
        }
    }

    /// `self` with `outer` reversed before it; `None` past `MAX_ROUNDS`.
    fn after(self, outer: LegacyEncoding) -> Option<Chain> {
        let mut items = [outer; MAX_ROUNDS];
        items
            .get_mut(1..=self.len)?
            .copy_from_slice(self.as_slice());
        Some(Chain {
            items,
            len: self.len + 1,
        })
    }

    pub(super) fn as_slice(&self) -> &[LegacyEncoding] {
        &self.items[..self.len.min(MAX_ROUNDS)]
    }
}

/// Buffers reused from line to line, so a broken file costs two allocations
/// per line (the reversed runs) rather than seven.
#[derive(Default)]
pub(super) struct LineRepairer {
    spans: Vec<(usize, usize)>,
    runs: Runs,
    /// The last repaired line.
    pub(super) out: String,
}

impl LineRepairer {
    /// Puts the repaired `line` in `self.out` and returns the encodings
    /// reversed, or `None` when the line should stay as it is.
    pub(super) fn repair(&mut self, line: &str) -> Option<Chain> {
        let bytes = line.as_bytes();
        self.spans.clear();
        self.runs.text.clear();
        self.runs.ends.clear();
        let mut i = 0;
        while i < bytes.len() {
            let start = super::detect::skip_ascii(bytes, i);
            if start >= bytes.len() {
                break;
            }
            let end = bytes[start..]
                .iter()
                .position(|&b| b < 0x80)
                .map_or(bytes.len(), |n| start + n);
            self.runs.text.push_str(line.get(start..end)?);
            self.runs.ends.push(self.runs.text.len());
            self.spans.push((start, end));
            i = end;
        }
        let (fixed, chain) = peel(&self.runs, 0)?;
        // Span bounds sit next to ASCII bytes, so they are char boundaries.
        self.out.clear();
        let mut copied = 0;
        for (&(start, end), run) in self.spans.iter().zip(fixed.iter()) {
            self.out.push_str(line.get(copied..start)?);
            self.out.push_str(run);
            copied = end;
        }
        self.out.push_str(line.get(copied..)?);
        Some(chain)
    }
}

/// Tries each encoding in which the runs have a suspicious pair; prefers a
/// deeper repair (double mojibake), else accepts this round's result only if
/// every char of it is plausible.
fn peel(runs: &Runs, round: usize) -> Option<(Runs, Chain)> {
    if round == MAX_ROUNDS {
        return None;
    }
    let mask = runs.pair_mask();
    for (i, &encoding) in ENCODINGS.iter().enumerate() {
        if mask & lead_bit(i) == 0 {
            continue;
        }
        let Some(inner) = runs.reverse(i) else {
            continue;
        };
        if let Some((deeper, chain)) = peel(&inner, round + 1) {
            return Some((deeper, chain.after(encoding)?));
        }
        if inner.plausible() {
            return Some((inner, Chain::one(encoding)));
        }
    }
    None
}
