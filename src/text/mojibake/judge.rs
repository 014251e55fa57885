//! Judging one reversal: is what it gives text a person would have written,
//! and is it evidence of mojibake on its own, or only when the rest of the
//! line is?
//!
//! Latin text (letters, punctuation, symbols, emoji: what French mojibake
//! decodes to) is strong evidence, except a Mac Roman pair of two maths
//! signs (`√π` gives `ù`) that no letter touches: that is how people write
//! maths. Combining accents are evidence right after a letter (`e` + U+0301,
//! a decomposed `é`). Greek, Cyrillic and CJK are evidence from two chars of
//! the same script in a row (a word); one alone (`—à` gives `ш`) is weak.

use super::tables::MAC_ROMAN;

/// What a char decoded from mojibake can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Latin,
    Combining,
    Script(Script),
    /// Controls, private use, and the blocks a French letter or quote
    /// followed by legacy continuation chars lands in (Armenian from `’à`,
    /// spacing accents from `Àô`, number forms from `â…»`): never repaired to.
    Reject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Greek,
    Cyrillic,
    Cjk,
}

pub(super) fn kind(c: char) -> Kind {
    match u32::from(c) {
        0x00..=0x7F
        | 0xA0..=0x17F
        | 0x192 // ƒ
        | 0x3A9 | 0x3C0 // Ω π
        | 0x2000..=0x206F // general punctuation
        | 0x20A0..=0x20CF // currency
        | 0x2100..=0x213F // letterlike (™, №, ℹ)
        | 0x2190..=0x23FF // arrows, maths, technical
        | 0x2500..=0x27BF // boxes, shapes, symbols (⚠), dingbats (✅)
        | 0x2B00..=0x2BFF // arrows and stars (⬆, ⭐)
        | 0xFB01 | 0xFB02 // ﬁ ﬂ
        | 0xFE0E | 0xFE0F // variation selectors (⚠️)
        | 0xFEFF // a byte order mark left in mid-text
        | 0x1F000..=0x1FAFF // emoji
        | 0xE0020..=0xE007F // emoji tag sequences (flags)
        => Kind::Latin,
        0x300..=0x36F => Kind::Combining,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Kind::Script(Script::Greek),
        0x400..=0x52F => Kind::Script(Script::Cyrillic),
        0x2E80..=0x2FDF // radicals
        | 0x3000..=0x33FF // CJK punctuation, kana, bopomofo, compatibility
        | 0x3400..=0x9FFF // ideographs, Yijing hexagrams (U+4DC0..)
        | 0xAC00..=0xD7AF // Hangul
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x3134F
        => Kind::Script(Script::Cjk),
        _ => Kind::Reject,
    }
}

/// What one reversal is worth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Verdict {
    /// Evidence on its own that the line is mojibake.
    pub(super) strong: bool,
    /// Chars that are not Latin: between two reversals that both work, the
    /// one with fewer is the author's text.
    pub(super) foreign: u32,
}

/// `mojibake`, written back in encoding `encoding` and read as UTF-8, gave
/// `decoded`; `before` is the char just before the run in the line. `None`
/// when `decoded` holds a char nobody meant.
pub(super) fn judge(
    mojibake: &str,
    decoded: &str,
    encoding: usize,
    before: Option<char>,
) -> Option<Verdict> {
    let mut source = mojibake.chars();
    let mut previous = before;
    let mut verdict = Verdict::default();
    let mut script: Option<Script> = None;
    let mut script_len = 0u32;
    for c in decoded.chars() {
        // Each byte of `c` was one char of the mojibake.
        let first = source.next();
        let second = source.next();
        for _ in 2..c.len_utf8() {
            source.next();
        }
        let after_letter = previous.is_some_and(char::is_alphabetic);
        match kind(c) {
            Kind::Reject => return None,
            Kind::Latin => {
                let maths = c.len_utf8() == 2 && encoding == MAC_ROMAN && maths_pair(first, second);
                verdict.strong |= !maths || after_letter;
                script = None;
            }
            Kind::Combining => {
                verdict.foreign += 1;
                verdict.strong |= after_letter;
            }
            Kind::Script(s) => {
                verdict.foreign += 1;
                script_len = if script == Some(s) { script_len + 1 } else { 1 };
                script = Some(s);
                verdict.strong |= script_len >= 2;
            }
        }
        previous = Some(c);
    }
    Some(verdict)
}

/// A Mac Roman lead and continuation that are both maths signs (`√π`,
/// `≈π`): written on purpose as often as by mojibake.
fn maths_pair(first: Option<char>, second: Option<char>) -> bool {
    const LEADS: &[char] = &['√', '≈'];
    const CONTINUATIONS: &[char] = &['±', '≤', '≥', '≠', '∞', '∂', '∑', '∏', 'π', '∫', 'Ω', 'µ'];
    first.is_some_and(|c| LEADS.contains(&c)) && second.is_some_and(|c| CONTINUATIONS.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIN: usize = 1;

    #[test]
    fn kinds_keep_french_and_emoji_and_refuse_controls() {
        for c in "é’«»…œæ 🔎⚠️€™ ℹ️\u{FEFF}".chars() {
            assert_eq!(kind(c), Kind::Latin, "{c:?}");
        }
        for c in ['˙', '\u{F8FF}', '\u{85}', '⒜', 'Ո', 'ⅻ'] {
            assert_eq!(kind(c), Kind::Reject, "{c:?}");
        }
        assert_eq!(kind('\u{301}'), Kind::Combining);
        assert_eq!(kind('ω'), Kind::Script(Script::Greek));
        assert_eq!(kind('ш'), Kind::Script(Script::Cyrillic));
        assert_eq!(kind('\u{4DE8}'), Kind::Script(Script::Cjk));
    }

    #[test]
    fn a_maths_pair_is_evidence_only_inside_a_word() {
        let alone = judge("√π", "ù", MAC_ROMAN, Some(' ')).expect("plausible");
        assert!(!alone.strong);
        let in_word = judge("√π", "ù", MAC_ROMAN, Some('o')).expect("plausible");
        assert!(in_word.strong);
        assert!(judge("√©", "é", MAC_ROMAN, None).expect("plausible").strong);
    }

    #[test]
    fn one_char_of_another_script_is_weak_and_a_word_is_strong() {
        let one = judge("—à", "ш", MAC_ROMAN, Some(' ')).expect("plausible");
        assert_eq!(
            one,
            Verdict {
                strong: false,
                foreign: 1
            }
        );
        let word = judge("–º–∏", "ми", MAC_ROMAN, None).expect("plausible");
        assert!(word.strong);
    }

    #[test]
    fn a_combining_accent_is_evidence_after_a_letter() {
        assert!(
            judge("ÃÅ", "\u{301}", MAC_ROMAN, Some('e'))
                .expect("ok")
                .strong
        );
        assert!(
            !judge("ÃÅ", "\u{301}", MAC_ROMAN, Some(' '))
                .expect("ok")
                .strong
        );
        assert_eq!(judge("Ã…", "Å", WIN, None).map(|v| v.strong), Some(true));
        assert_eq!(judge("’à", "\u{548}", MAC_ROMAN, None), None);
    }
}
