//! The characters that make the fast reader step aside: those libyaml
//! treats specially, looked for in one quick pass over the bytes.

/// Whether `bytes` has no tab, no lone carriage return and nothing libyaml
/// treats specially: control characters (an error), U+0085, U+2028 and
/// U+2029 (line breaks to libyaml), U+FEFF (skipped as a byte order mark)
/// and the non-characters U+FFFE and U+FFFF (an error).
pub(super) fn only_plain_characters(bytes: &[u8]) -> bool {
    // Every byte of every front matter goes through here: a first look
    // that the compiler vectorizes, and a closer one only where needed.
    let mut start = 0;
    for chunk in bytes.chunks(32) {
        let flagged = chunk.iter().fold(false, |seen, &b| seen | needs_a_look(b));
        if flagged && !(start..start + chunk.len()).all(|at| plain_at(bytes, at)) {
            return false;
        }
        start += chunk.len();
    }
    true
}

/// Control characters but `\n`, and the first bytes of U+0080–U+009F,
/// U+2028, U+2029, U+FEFF, U+FFFE and U+FFFF.
fn needs_a_look(b: u8) -> bool {
    (b < 0x20 && b != b'\n') | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF)
}

/// Whether the byte at `at` is not one of those `only_plain_characters`
/// refuses.
fn plain_at(bytes: &[u8], at: usize) -> bool {
    let next = |n: usize| bytes.get(at + 1..at + 1 + n);
    match bytes[at] {
        b'\r' => next(1) == Some(b"\n"),
        0xC2 => !matches!(next(1), Some([0x80..=0x9F])),
        0xE2 => !matches!(next(2), Some([0x80, 0xA8 | 0xA9])),
        0xEF => !matches!(next(2), Some([0xBB, 0xBF] | [0xBF, 0xBE | 0xBF])),
        b => !needs_a_look(b),
    }
}
