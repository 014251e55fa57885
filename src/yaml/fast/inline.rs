//! The values the fast reader reads on one line: plain and quoted scalars and
//! flow lists of them, each ending its line or before a comment.

use super::scalar;
use crate::yaml::value::Value;

/// Bytes that cannot start a plain scalar (YAML's indicators); `-` can when
/// followed by something other than a space.
const INDICATORS: &[u8] = b"-?:,[]{}#&*!|>'\"%@`";

/// Whether `rest` is only spaces, maybe followed by a comment (which needs
/// a space before its `#`).
pub(super) fn ends_line(rest: &str) -> bool {
    let after = rest.trim_start_matches(' ');
    after.is_empty() || (after.starts_with('#') && after.len() < rest.len())
}

/// A quoted scalar alone on the rest of its line (comments aside).
pub(super) fn quoted_alone(text: &str) -> Option<Value> {
    let (value, after) = quoted(text)?;
    ends_line(after).then_some(Value::String(value))
}

/// A quoted scalar closed on its line: its value and what follows the
/// closing quote. Backslash escapes are left to serde_yaml.
fn quoted(text: &str) -> Option<(String, &str)> {
    let bytes = text.as_bytes();
    if bytes[0] == b'"' {
        let close = 1 + memchr::memchr2(b'"', b'\\', &bytes[1..])?;
        if bytes[close] == b'\\' {
            return None;
        }
        return Some((text[1..close].to_owned(), &text[close + 1..]));
    }
    let mut value = String::new();
    let mut from = 1;
    loop {
        let quote = from + memchr::memchr(b'\'', &bytes[from..])?;
        value.push_str(&text[from..quote]);
        if bytes.get(quote + 1) != Some(&b'\'') {
            return Some((value, &text[quote + 1..]));
        }
        value.push('\'');
        from = quote + 2;
    }
}

/// A plain scalar that ends its line (or ends before ` #`).
pub(super) fn plain(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    let first = bytes[0];
    let dash_word = first == b'-' && bytes.get(1).is_some_and(|&b| b != b' ');
    if INDICATORS.contains(&first) && !dash_word {
        return None;
    }
    let mut end = bytes.len();
    let mut from = 0;
    while let Some(found) = memchr::memchr2(b':', b'#', &bytes[from..]) {
        let at = from + found;
        if bytes[at] == b':' {
            // `a: b: c` is an error; `http://…` is text.
            if matches!(bytes.get(at + 1), None | Some(b' ')) {
                return None;
            }
        } else if bytes[at - 1] == b' ' {
            end = at;
            break;
        }
        from = at + 1;
    }
    scalar::resolve(text[..end].trim_end_matches(' '))
}

/// `[a, "b", 'c']` on one line, items being quoted or plain words (no
/// nested collections, colons or comments inside, no empty items).
pub(super) fn flow_sequence(text: &str) -> Option<Value> {
    let mut items = Vec::new();
    let mut rest = text[1..].trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return ends_line(after).then_some(Value::Sequence(items));
    }
    loop {
        let (item, after) = match rest.as_bytes().first()? {
            b'"' | b'\'' => {
                let (value, after) = quoted(rest)?;
                (Value::String(value), after)
            }
            _ => {
                let end = rest.find([',', ']'])?;
                let scalar = rest[..end].trim_end_matches(' ');
                if !is_flow_word(scalar) {
                    return None;
                }
                (scalar::resolve(scalar)?, &rest[end..])
            }
        };
        items.push(item);
        let after = after.trim_start_matches(' ');
        match after.as_bytes().first()? {
            b',' => rest = after[1..].trim_start_matches(' '),
            b']' => return ends_line(&after[1..]).then_some(Value::Sequence(items)),
            _ => return None,
        }
    }
}

/// A plain scalar inside `[…]` that cannot be read as anything else.
fn is_flow_word(scalar: &str) -> bool {
    let Some(first) = scalar.as_bytes().first() else {
        return false;
    };
    !INDICATORS.contains(first)
        && !scalar
            .bytes()
            .any(|b| matches!(b, b'[' | b'{' | b'}' | b':' | b'#'))
}
