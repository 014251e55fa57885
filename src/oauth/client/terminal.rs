//! Provider strings made safe for a terminal. An `error_description`, a
//! claim or a header is the provider's text: printed raw, an ESC sequence in
//! it could clear the screen (`ESC[2J`), set the clipboard (OSC 52), forge
//! a hyperlink or a line of vitrine's own output. Each control character
//! (C0 with newline and tab, DEL, C1), bidirectional override and line or
//! paragraph separator is shown as its `\u{…}` escape instead.

use std::borrow::Cow;

/// `text` with every unsafe character replaced by its `\u{…}` escape; as
/// is (borrowed) when there is none. The result holds no control character,
/// so escaping it again changes nothing.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            safe.extend(c.escape_unicode());
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// Controls (Cc), bidi controls (Trojan Source) and U+2028/U+2029.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_line_breaks_are_shown_not_obeyed() {
        let hostile = "bad\x1b]52;c;ZXZpbA==\x07 then\x1b[2J\r\nerror: forged\u{9b}31m\u{202e}txt.exe\u{2028}\x7f\t";
        let safe = terminal_safe(hostile);
        assert!(
            !safe.chars().any(is_unsafe),
            "unsafe character left in {safe:?}"
        );
        assert_eq!(
            safe,
            "bad\\u{1b}]52;c;ZXZpbA==\\u{7} then\\u{1b}[2J\\u{d}\\u{a}error: forged\\u{9b}31m\
             \\u{202e}txt.exe\\u{2028}\\u{7f}\\u{9}"
        );
        assert_eq!(terminal_safe(&safe), safe, "escaping twice changes nothing");
    }

    #[test]
    fn ordinary_text_is_kept_as_is() {
        for text in ["Client authentication failed", "Réessayez — 请稍后 🙂", ""] {
            assert!(matches!(terminal_safe(text), Cow::Borrowed(t) if t == text));
        }
    }
}
