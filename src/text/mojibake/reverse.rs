//! Reversing one run of adjacent non-ASCII chars: writing it back as bytes
//! in a legacy encoding, reading them as UTF-8, and peeling further rounds
//! (double mojibake) while each round is strong evidence on its own.

use super::judge::{judge, Verdict};
use super::tables::{lead_bit, tables, ENCODINGS};
use super::LegacyEncoding;
use super::MAX_ROUNDS;

/// The encodings reversed on a run, outermost first, without allocating.
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

/// French letters and quotes: a round that gives one of them may be the
/// author's text, not another layer of mojibake.
const FRENCH: &str = "àâçéèêëîïôùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛÜŸŒÆ’‘“”«»";

/// One way to reverse a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reversal {
    pub(super) chain: Chain,
    pub(super) text: String,
    /// Of the last round, the one whose text is kept.
    pub(super) verdict: Verdict,
}

impl Reversal {
    /// Latin text first (`Ã©` is `é` in Windows-1252 before it is a
    /// combining mark in Mac Roman), then evidence, then more rounds peeled.
    pub(super) fn rank(&self) -> (bool, bool, usize) {
        (
            self.verdict.foreign == 0,
            self.verdict.strong,
            self.chain.len,
        )
    }
}

/// Whether every char of `run` exists in encoding `i`.
pub(super) fn encodable(run: &str, i: usize) -> bool {
    let tables = tables();
    run.chars()
        .all(|c| tables.entry(u32::from(c)).byte(i).is_some())
}

/// The best reversal of `run` whose outermost round is encoding `i`;
/// `before` is the char just before the run in its line.
pub(super) fn reverse(run: &str, i: usize, before: Option<char>) -> Option<Reversal> {
    reverse_from(run, i, before, 0)
}

fn reverse_from(run: &str, i: usize, before: Option<char>, round: usize) -> Option<Reversal> {
    let decoded = once(run, i)?;
    let encoding = ENCODINGS[i];
    // A deeper round is taken on its own evidence, or when this round gave
    // nothing French (`‰∑®` and `ä·¨` are a double-encoded `䷨`): `—à`
    // inside a repaired line is French, not a Cyrillic `ш`.
    let mut deeper: Option<Reversal> = None;
    if round + 1 < MAX_ROUNDS {
        let no_french = !decoded.chars().any(|c| FRENCH.contains(c));
        for j in 0..ENCODINGS.len() {
            if let Some(r) = reverse_from(&decoded, j, before, round + 1) {
                let evidence = r.verdict.strong || (no_french && r.verdict.foreign > 0);
                if evidence && deeper.as_ref().is_none_or(|d| r.rank() > d.rank()) {
                    deeper = Some(r);
                }
            }
        }
    }
    if let Some(d) = deeper {
        return Some(Reversal {
            chain: d.chain.after(encoding)?,
            text: d.text,
            verdict: d.verdict,
        });
    }
    let verdict = judge(run, &decoded, i, before)?;
    Some(Reversal {
        chain: Chain::one(encoding),
        text: decoded,
        verdict,
    })
}

/// `run` reversed through exactly `chain`, if every round gives UTF-8 and
/// the result holds only chars someone could mean.
pub(super) fn reverse_through(run: &str, chain: Chain, before: Option<char>) -> Option<Reversal> {
    let mut text = run.to_owned();
    let mut verdict = None;
    for &encoding in chain.as_slice() {
        let i = ENCODINGS.iter().position(|&e| e == encoding)?;
        let decoded = once(&text, i)?;
        verdict = judge(&text, &decoded, i, before);
        text = decoded;
    }
    Some(Reversal {
        chain,
        text,
        verdict: verdict?,
    })
}

/// `run` written back in encoding `i` and read as UTF-8, if it is.
fn once(run: &str, i: usize) -> Option<String> {
    let tables = tables();
    let first = run.chars().next()?;
    // Only a lead byte can start UTF-8 made of non-ASCII bytes: the cheap
    // test that turns most attempts down.
    if tables.entry(u32::from(first)).class() & lead_bit(i) == 0 {
        return None;
    }
    let mut bytes = Vec::with_capacity(run.len());
    for c in run.chars() {
        bytes.push(tables.entry(u32::from(c)).byte(i)?);
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use LegacyEncoding::{MacRoman, Windows1252};

    #[test]
    fn peels_double_mojibake_through_a_private_use_char() {
        // 🔎 in Mac Roman gives the Apple logo first, then Windows-1252.
        let r = reverse("ï£¿Ã¼Ã®Ã©", 1, None).expect("reverses");
        assert_eq!(r.text, "🔎");
        assert_eq!(r.chain.as_slice(), &[Windows1252, MacRoman]);
    }

    #[test]
    fn stops_before_a_round_that_is_only_weak() {
        // `—à` in Mac Roman would be `ш`: one Cyrillic char is no evidence.
        let r = reverse("‚Äî√†", 0, Some(' ')).expect("reverses");
        assert_eq!(r.text, "—à");
        assert_eq!(r.chain.as_slice(), &[MacRoman]);
    }

    #[test]
    fn a_run_that_is_not_utf8_in_an_encoding_does_not_reverse_in_it() {
        assert_eq!(reverse("é", 0, None), None);
        assert_eq!(reverse("é", 1, None), None);
        assert!(!encodable("√", 1));
        assert!(encodable("√", 0));
    }
}
