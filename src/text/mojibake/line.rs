//! Reversing one line. ASCII is itself in all three encodings and can never
//! be part of a multi-byte UTF-8 sequence, so only the runs of adjacent
//! non-ASCII chars are encoded, validated and judged; the ASCII between them
//! is copied once.
//!
//! Every run of the line must reverse with the same encodings, which is
//! "the whole line is mojibake" for a fraction of the work, with one
//! allowance: a run holding a char the encoding does not have (a correctly
//! typed emoji beside `√©`) cannot be mojibake in it and is kept as is. A
//! run the encoding has but that is not UTF-8 (a lone `é`, in any French
//! line) still vetoes the line: that is what keeps clean text safe.

use super::detect::plausible;
use super::tables::{lead_bit, tables, ENCODINGS, LEADS};
use super::{LegacyEncoding, MAX_ROUNDS};

/// The non-ASCII runs of a line, concatenated; run `k` is
/// `text[ends[k - 1]..ends[k]]` (from 0 for the first).
#[derive(Default)]
struct Runs {
    text: String,
    ends: Vec<usize>,
    /// Runs the last reversal kept as they were (empty: none).
    kept: Vec<bool>,
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

    /// Whether every char of every run, kept or reversed, is plausible: a
    /// kept run of C1 controls says the encoding was the wrong guess.
    fn plausible(&self) -> bool {
        self.text.chars().all(|c| plausible(u32::from(c)))
    }

    /// Every run written back as bytes in encoding `i` and read as UTF-8.
    /// Runs kept by an earlier round stay kept; with `allow_keep`, so does a
    /// run with a char outside the encoding. `None` if a run's bytes are not
    /// valid UTF-8 on their own, if a run cannot be encoded and may not be
    /// kept, or if no run was reversed.
    fn reverse(&self, i: usize, allow_keep: bool) -> Option<Runs> {
        let tables = tables();
        let mut bytes = Vec::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        let mut kept = Vec::with_capacity(self.ends.len());
        for (k, run) in self.iter().enumerate() {
            let start = bytes.len();
            if self.kept.get(k).copied().unwrap_or(false) {
                bytes.extend_from_slice(run.as_bytes());
                kept.push(true);
                ends.push(bytes.len());
                continue;
            }
            let mut encodable = true;
            for c in run.chars() {
                match tables.entry(u32::from(c)).byte(i) {
                    Some(byte) => bytes.push(byte),
                    None => {
                        encodable = false;
                        break;
                    }
                }
            }
            if encodable {
                std::str::from_utf8(&bytes[start..]).ok()?;
            } else if !allow_keep {
                return None;
            } else {
                bytes.truncate(start);
                bytes.extend_from_slice(run.as_bytes());
            }
            kept.push(!encodable);
            ends.push(bytes.len());
        }
        if kept.iter().all(|&k| k) {
            return None;
        }
        let text = String::from_utf8(bytes).ok()?;
        Some(Runs { text, ends, kept })
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
        self.runs.kept.clear();
        let mut i = 0;
        while i < bytes.len() {
            let start = super::detect::skip_ascii(bytes, i);
            if start >= bytes.len() {
                break;
            }
            let end = super::detect::skip_non_ascii(bytes, start);
            self.runs.text.push_str(line.get(start..end)?);
            self.runs.ends.push(self.runs.text.len());
            self.spans.push((start, end));
            i = end;
        }
        // Whole-line reversals first; keeping runs is only the fallback, so
        // a run of C1 controls cannot make a wrong encoding look partial.
        let (fixed, chain) = peel(&self.runs, 0, false).or_else(|| peel(&self.runs, 0, true))?;
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
/// every char of it is plausible. Only the outermost round may keep runs
/// (`allow_keep`): deeper rounds reverse exactly the runs it reversed.
fn peel(runs: &Runs, round: usize, allow_keep: bool) -> Option<(Runs, Chain)> {
    if round == MAX_ROUNDS {
        return None;
    }
    let mask = runs.pair_mask();
    for (i, &encoding) in ENCODINGS.iter().enumerate() {
        if mask & lead_bit(i) == 0 {
            continue;
        }
        let Some(inner) = runs.reverse(i, allow_keep) else {
            continue;
        };
        if let Some((deeper, chain)) = peel(&inner, round + 1, false) {
            return Some((deeper, chain.after(encoding)?));
        }
        if inner.plausible() {
            return Some((inner, Chain::one(encoding)));
        }
    }
    None
}
