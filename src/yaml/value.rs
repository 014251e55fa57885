//! The values `parse` returns are serde_yaml's own: whichever reader read a
//! document, callers see one type, and tests compare the readers with `==`.

pub use serde_yaml::{Mapping, Value};

/// "the string \"oui\"", "a list"… for messages saying what was found.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping (`key: value` lines)".into(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_what_was_found() {
        assert_eq!(describe(&Value::String("oui".into())), "the string \"oui\"");
        assert_eq!(describe(&Value::Sequence(vec![])), "a list");
        assert_eq!(describe(&1.5.into()), "the number 1.5");
        let tagged: Value = serde_yaml::from_str("!t 5").unwrap_or_default();
        assert_eq!(describe(&tagged), "a value tagged !t");
    }
}
