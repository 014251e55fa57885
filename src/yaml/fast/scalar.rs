//! What serde_yaml makes of an untagged plain scalar: null, boolean,
//! integer, float or string.
//!
//! `resolve` is a port of serde_yaml's `visit_untagged_scalar` and its
//! `parse_*` helpers (`src/de.rs`; unchanged from serde_yaml 0.9.34 to
//! yaml_serde 0.10.7), kept close to the original so that the two can be
//! read side by side; the fast reader uses it to give each scalar the value
//! serde_yaml would. Quoted and block scalars are
//! always strings and do not come here.

use crate::yaml::value::Value;
use std::num::ParseIntError;

/// The value of the plain scalar `scalar`, or `None` for an integer that
/// needs more than 64 bits: serde_yaml reads it as a 128-bit integer, which
/// its `Value` rejects with an error, so the document is left to it.
pub fn resolve(scalar: &str) -> Option<Value> {
    if cannot_be_a_number(scalar) {
        return Some(match scalar {
            "" | "null" | "Null" | "NULL" | "~" => Value::Null,
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            _ => Value::String(scalar.to_owned()),
        });
    }
    visit_untagged_scalar(scalar)
}

/// Whether no integer or float parser below can accept `scalar`: Rust's
/// `from_str_radix` and `f64::from_str` only accept a digit, a sign or a dot
/// first (or `inf`/`nan`, which `parse_f64` rejects as not finite). Most
/// scalars are words, and this spares them seven failed parses.
fn cannot_be_a_number(scalar: &str) -> bool {
    !matches!(
        scalar.as_bytes().first(),
        Some(b'0'..=b'9' | b'+' | b'-' | b'.')
    )
}

/// serde_yaml's `visit_untagged_scalar`, returning the `Value` its
/// `Value` visitor builds.
fn visit_untagged_scalar(v: &str) -> Option<Value> {
    if v.is_empty() || parse_null(v.as_bytes()) == Some(()) {
        return Some(Value::Null);
    }
    if let Some(boolean) = parse_bool(v) {
        return Some(Value::Bool(boolean));
    }
    match visit_int(v) {
        Int::U64(int) => return Some(Value::Number(int.into())),
        Int::I64(int) => return Some(Value::Number(int.into())),
        Int::Wide => return None,
        Int::Neither => {}
    }
    if !digits_but_not_number(v) {
        if let Some(float) = parse_f64(v) {
            return Some(Value::Number(float.into()));
        }
    }
    Some(Value::String(v.to_owned()))
}

enum Int {
    U64(u64),
    I64(i64),
    /// A `u128` or `i128`: serde_yaml's `Value` has no room for it.
    Wide,
    /// Not an integer: maybe a float, else a string.
    Neither,
}

fn visit_int(v: &str) -> Int {
    if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
        return Int::U64(int);
    }
    if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
        return Int::I64(int);
    }
    if parse_unsigned_int(v, u128::from_str_radix).is_some()
        || parse_negative_int(v, i128::from_str_radix).is_some()
    {
        return Int::Wide;
    }
    Int::Neither
}

fn parse_null(scalar: &[u8]) -> Option<()> {
    match scalar {
        b"null" | b"Null" | b"NULL" | b"~" => Some(()),
        _ => None,
    }
}

fn parse_bool(scalar: &str) -> Option<bool> {
    match scalar {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_unsigned_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    if let Some(rest) = unpositive.strip_prefix("0x") {
        if rest.starts_with(['+', '-']) {
            return None;
        }
        if let Ok(int) = from_str_radix(rest, 16) {
            return Some(int);
        }
    }
    if let Some(rest) = unpositive.strip_prefix("0o") {
        if rest.starts_with(['+', '-']) {
            return None;
        }
        if let Ok(int) = from_str_radix(rest, 8) {
            return Some(int);
        }
    }
    if let Some(rest) = unpositive.strip_prefix("0b") {
        if rest.starts_with(['+', '-']) {
            return None;
        }
        if let Ok(int) = from_str_radix(rest, 2) {
            return Some(int);
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    if let Some(rest) = scalar.strip_prefix("-0x") {
        let negative = format!("-{}", rest);
        if let Ok(int) = from_str_radix(&negative, 16) {
            return Some(int);
        }
    }
    if let Some(rest) = scalar.strip_prefix("-0o") {
        let negative = format!("-{}", rest);
        if let Ok(int) = from_str_radix(&negative, 8) {
            return Some(int);
        }
    }
    if let Some(rest) = scalar.strip_prefix("-0b") {
        let negative = format!("-{}", rest);
        if let Ok(int) = from_str_radix(&negative, 2) {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    if let Ok(float) = unpositive.parse::<f64>() {
        if float.is_finite() {
            return Some(float);
        }
    }
    None
}

/// Leading zero(s) followed by digits is a string in YAML 1.2.
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_yaml's reading of `key: <scalar>`.
    fn reference(scalar: &str) -> Option<Value> {
        let yaml = format!("k: {scalar}\n");
        let value = serde_yaml::from_str::<serde_yaml::Value>(&yaml).ok()?;
        value.get("k").cloned()
    }

    #[test]
    fn resolves_numbers_dates_and_words_as_serde_yaml_does() {
        for scalar in [
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "yes",
            "no",
            "on",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "-007",
            "+012",
            "012.5",
            "1_000",
            "0x1F",
            "0X1F",
            "-0x10",
            "+0x10",
            "0x",
            "0x_1",
            "0xff_ff",
            "0x-1",
            "0o17",
            "-0o17",
            "0o-1",
            "0b101",
            "-0b101",
            "0b2",
            "1e3",
            "1E3",
            "1.e3",
            "1e400",
            ".5",
            "-.5",
            "+.5",
            ".",
            "+",
            "+-1",
            "-+1",
            "++1",
            ".inf",
            ".Inf",
            "-.INF",
            "+.inf",
            ".nan",
            ".NaN",
            "+.nan",
            "-.nan",
            "inf",
            "NaN",
            "infinity",
            "20/05/2026",
            "2026-05-20",
            "1:2",
            "1.5",
            "-1.5e-3",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "0.0",
            "1.0.0",
            "v1",
            "é",
        ] {
            assert_eq!(resolve(scalar), reference(scalar), "{scalar:?}");
        }
    }

    #[test]
    fn integers_past_64_bits_are_left_to_serde_yaml() {
        assert_eq!(reference("1000000000000000000000000000000"), None);
        assert_eq!(resolve("1000000000000000000000000000000"), None);
        assert_eq!(resolve("-0x8000000000000000000"), None);
    }

    proptest::proptest! {
        #[test]
        fn resolves_number_like_text_as_serde_yaml_does(
            scalar in "[-+]?(0[xob])?[0-9a-fA-F_.eE]{0,6}|[-+]?\\.?[a-zA-Z]{0,4}",
        ) {
            // `reference` quotes nothing: skip what is not a plain scalar there.
            let plain = !scalar.starts_with(['-', '.']) || scalar.len() > 1;
            if plain && !scalar.ends_with(' ') {
                proptest::prop_assert_eq!(resolve(&scalar), reference(&scalar), "{:?}", scalar);
            }
        }
    }
}
