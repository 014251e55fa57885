//! Deciding one line. ASCII is itself in all three encodings and never part
//! of a multi-byte UTF-8 sequence, so only the runs of adjacent chars that a
//! legacy encoding has are reversed; the rest (ASCII, a correctly typed
//! emoji or CJK char) is copied.
//!
//! The line is repaired when every run outside code spans reverses and at
//! least one run is strong evidence (see `judge`). All runs in one encoding
//! is tried first (the common case, and what tells `Ã©` in a Windows-1252
//! line from a Mac Roman one); a run that no encoding reverses may stay only
//! if that encoding lacks one of its chars (`’œ` beside Latin-1 mojibake).
//! Failing that, each run takes its own best reversal (a line pasted
//! together from a Mac and a Windows source), and a run that reverses in no
//! encoding vetoes the line: a lone `é` is what keeps clean text safe.
//! Runs in code spans never count as evidence, and are reversed only the way
//! the rest of the line was (a mojibaked file mojibakes its code too) and
//! when that is strong evidence on its own.

use super::detect::{char_at, skip_ascii};
use super::reverse::{encodable, reverse, reverse_through, Chain, Reversal};
use super::spans::code_spans;
use super::tables::{tables, ENCODINGS};

const N: usize = ENCODINGS.len();

/// One run of adjacent chars that some legacy encoding has.
struct Run {
    start: usize,
    end: usize,
    in_code: bool,
    /// The best reversal starting with each encoding.
    options: [Option<Reversal>; N],
    encodable: [bool; N],
}

impl Run {
    fn stuck(&self) -> bool {
        self.options.iter().all(Option::is_none)
    }

    /// Which encoding gives the best reversal.
    fn best(&self) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, option) in self.options.iter().enumerate() {
            if let Some(r) = option {
                let better = best
                    .and_then(|b| self.options[b].as_ref())
                    .is_none_or(|b| r.rank() > b.rank());
                if better {
                    best = Some(i);
                }
            }
        }
        best
    }
}

/// Buffers reused from line to line.
#[derive(Default)]
pub(super) struct LineRepairer {
    spans: Vec<(usize, usize)>,
    runs: Vec<Run>,
    /// For each run, its reversal (`None`: kept as it is).
    chosen: Vec<Option<Reversal>>,
    /// The last repaired line.
    pub(super) out: String,
    /// The encodings reversed on it, one entry per distinct chain.
    pub(super) chains: Vec<Chain>,
}

impl LineRepairer {
    /// Puts the repaired `line` in `self.out` and the chains reversed in
    /// `self.chains`; `false` when the line stays as it is. Repeats until the
    /// line no longer changes (each pass shortens it), so repairing the
    /// result again changes nothing.
    pub(super) fn repair(&mut self, line: &str) -> bool {
        self.chains.clear();
        if !self.pass(line) {
            return false;
        }
        loop {
            let current = std::mem::take(&mut self.out);
            if !self.pass(&current) {
                self.out = current;
                return true;
            }
        }
    }

    fn pass(&mut self, line: &str) -> bool {
        self.find_runs(line);
        if !self.choose(line) {
            return false;
        }
        let mut out = String::with_capacity(line.len());
        let mut copied = 0;
        for (run, choice) in self.runs.iter().zip(&self.chosen) {
            let Some(r) = choice else {
                continue;
            };
            out.push_str(line.get(copied..run.start).unwrap_or(""));
            out.push_str(&r.text);
            copied = run.end;
            if !self.chains.contains(&r.chain) {
                self.chains.push(r.chain);
            }
        }
        out.push_str(line.get(copied..).unwrap_or(""));
        self.out = out;
        true
    }

    fn find_runs(&mut self, line: &str) {
        code_spans(line, &mut self.spans);
        self.runs.clear();
        let bytes = line.as_bytes();
        let tables = tables();
        let mut i = skip_ascii(bytes, 0);
        let mut start: Option<usize> = None;
        while i <= bytes.len() {
            let (code, next) = if i < bytes.len() {
                char_at(bytes, i)
            } else {
                (0, i + 1)
            };
            let legacy = code >= 0x80 && tables.entry(code).in_any();
            match (start, legacy) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    start = None;
                    self.push_run(line, s, i);
                }
                _ => {}
            }
            if i >= bytes.len() {
                break;
            }
            i = if legacy || code >= 0x80 {
                next
            } else {
                skip_ascii(bytes, next)
            };
        }
    }

    fn push_run(&mut self, line: &str, start: usize, end: usize) {
        let text = line.get(start..end).unwrap_or("");
        let before = before(line, start);
        let in_code = self.spans.iter().any(|&(a, b)| a <= start && end <= b);
        let encodable = [0, 1, 2].map(|i| encodable(text, i));
        let options = [0, 1, 2].map(|i| {
            if encodable[i] {
                reverse(text, i, before)
            } else {
                None
            }
        });
        self.runs.push(Run {
            start,
            end,
            in_code,
            options,
            encodable,
        });
    }

    /// Fills `self.chosen`; `false` when the line stays as it is.
    fn choose(&mut self, line: &str) -> bool {
        self.chosen.clear();
        self.chosen.resize(self.runs.len(), None);
        let outside = || self.runs.iter().enumerate().filter(|(_, r)| !r.in_code);
        // One encoding for the whole line: fewest non-Latin chars wins.
        let mut uniform: Option<(u32, usize)> = None;
        for e in 0..N {
            let mut strong = false;
            let mut foreign = 0u32;
            let fits = outside().all(|(_, run)| match &run.options[e] {
                Some(r) => {
                    strong |= r.verdict.strong;
                    foreign += r.verdict.foreign;
                    true
                }
                None => !run.encodable[e] && run.stuck(),
            });
            if fits && strong && uniform.is_none_or(|(f, _)| foreign < f) {
                uniform = Some((foreign, e));
            }
        }
        // Each run its own way, every run reversing: taken when one
        // encoding does not fit, or fits only by making non-Latin chars.
        let mixed = outside()
            .map(|(_, run)| run.best().and_then(|i| run.options[i].as_ref()))
            .try_fold((false, 0u32), |(strong, foreign), r| {
                r.map(|r| (strong | r.verdict.strong, foreign + r.verdict.foreign))
            })
            .filter(|&(strong, _)| strong);
        match (uniform, mixed) {
            (Some((f, e)), m) if m.is_none_or(|(_, mf)| f <= mf) => {
                for (k, run) in self.runs.iter_mut().enumerate() {
                    if !run.in_code {
                        self.chosen[k] = run.options[e].take();
                    }
                }
            }
            (_, Some(_)) => {
                for (k, run) in self.runs.iter_mut().enumerate() {
                    if !run.in_code {
                        self.chosen[k] = run.best().and_then(|i| run.options[i].take());
                    }
                }
            }
            _ => return false,
        }
        let mut used: Vec<Chain> = Vec::new();
        for r in self.chosen.iter().flatten() {
            if !used.contains(&r.chain) {
                used.push(r.chain);
            }
        }
        for (k, run) in self.runs.iter().enumerate() {
            if run.in_code {
                let text = line.get(run.start..run.end).unwrap_or("");
                let before = before(line, run.start);
                self.chosen[k] = used
                    .iter()
                    .filter_map(|&chain| reverse_through(text, chain, before))
                    .filter(|r| r.verdict.strong)
                    .reduce(|best, r| if r.rank() > best.rank() { r } else { best });
            }
        }
        self.chosen.iter().any(Option::is_some)
    }
}

/// The char just before byte `at` of `line`.
fn before(line: &str, at: usize) -> Option<char> {
    line.get(..at).and_then(|b| b.chars().next_back())
}
