//! A parsed YAML document: what `serde_yaml::Value` holds, kept in plain
//! vectors.
//!
//! `serde_yaml::Mapping` is an `IndexMap` hashed with SipHash: every key of
//! every card was hashed when inserted and again when looked up, and the
//! tables built and freed, a tenth of the load time. Front matter has a few
//! dozen keys per mapping, so a vector with a cheap fingerprint per key
//! (length and first bytes) finds them faster.
//!
//! The result is exactly serde_yaml's, read in up to three ways, each
//! giving up on what it does not reproduce itself: `yaml_fast` reads plain
//! front matter by hand; failing that, the serde path builds this tree
//! straight from serde_yaml's deserializer (it gives up on a non-string key,
//! a key given twice, a `!tag`, any error); failing that, the document is
//! parsed into a `serde_yaml::Value` and converted, so errors and odd
//! documents read as they always did.

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_yaml::value::Tag;
pub use serde_yaml::Number;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Sequence(Vec<Value>),
    Mapping(Mapping),
    Tagged(Box<Tagged>),
}

/// `!tag value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub tag: Tag,
    pub value: Value,
}

/// Keys and values in document order. Keys are unique (as in serde_yaml,
/// a key given twice is a parse error).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    /// `fingerprint` of the key when it is a string (0 otherwise): most
    /// keys that differ differ here, which spares comparing their text.
    fingerprint: u64,
    key: Value,
    value: Value,
}

/// The length (top byte) and first seven bytes of a key.
fn fingerprint(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let mut head = [0u8; 8];
    let n = bytes.len().min(7);
    head[..n].copy_from_slice(&bytes[..n]);
    head[7] = bytes.len().min(255) as u8;
    u64::from_le_bytes(head)
}

impl Mapping {
    pub fn new() -> Self {
        Mapping::default()
    }

    /// The value of the string key `key`, as `serde_yaml::Mapping::get`
    /// with a `&str`: keys that are not plain strings never match.
    pub fn get(&self, key: &str) -> Option<&Value> {
        let fp = fingerprint(key);
        self.entries
            .iter()
            .find(|e| e.fingerprint == fp && matches!(&e.key, Value::String(k) if k == key))
            .map(|e| &e.value)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.entries.iter().map(|e| &e.key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().map(|e| (&e.key, &e.value))
    }

    pub(super) fn push(&mut self, key: Value, value: Value) {
        let fingerprint = match &key {
            Value::String(s) => fingerprint(s),
            _ => 0,
        };
        self.entries.push(Entry {
            fingerprint,
            key,
            value,
        });
    }

    /// Whether the string `key` is already here (the fast paths' duplicate
    /// check; their keys are all strings).
    pub(super) fn has_string_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl Value {
    /// Under any tags, as serde_yaml's accessors look.
    fn untag_ref(&self) -> &Value {
        let mut v = self;
        while let Value::Tagged(t) = v {
            v = &t.value;
        }
        v
    }

    pub fn is_null(&self) -> bool {
        matches!(self.untag_ref(), Value::Null)
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.untag_ref() {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self.untag_ref() {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.untag_ref() {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self.untag_ref() {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }
}

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

impl From<serde_yaml::Value> for Value {
    fn from(value: serde_yaml::Value) -> Self {
        match value {
            serde_yaml::Value::Null => Value::Null,
            serde_yaml::Value::Bool(b) => Value::Bool(b),
            serde_yaml::Value::Number(n) => Value::Number(n),
            serde_yaml::Value::String(s) => Value::String(s),
            serde_yaml::Value::Sequence(items) => {
                Value::Sequence(items.into_iter().map(Value::from).collect())
            }
            serde_yaml::Value::Mapping(map) => {
                let mut out = Mapping {
                    entries: Vec::with_capacity(map.len()),
                };
                for (k, v) in map {
                    out.push(Value::from(k), Value::from(v));
                }
                Value::Mapping(out)
            }
            serde_yaml::Value::Tagged(t) => Value::Tagged(Box::new(Tagged {
                tag: t.tag,
                value: Value::from(t.value),
            })),
        }
    }
}

/// Parses a YAML document as `serde_yaml::from_str::<serde_yaml::Value>`
/// would, with the same result and the same errors.
pub fn from_str(yaml: &str) -> Result<Value, serde_yaml::Error> {
    match super::fast::parse(yaml) {
        Some(value) => Ok(value),
        None => from_str_by_serde(yaml),
    }
}

/// `from_str` for a document that `yaml_fast` leaves to serde_yaml.
pub(super) fn from_str_by_serde(yaml: &str) -> Result<Value, serde_yaml::Error> {
    match serde_yaml::from_str::<Fast>(yaml) {
        Ok(Fast(value)) => Ok(value),
        Err(_) => serde_yaml::from_str::<serde_yaml::Value>(yaml).map(Value::from),
    }
}

/// Deserializes into `Value` the way `serde_yaml::Value` does, failing on
/// anything that `from_str` must leave to serde_yaml's own `Value`.
struct Fast(Value);

impl<'de> Deserialize<'de> for Fast {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FastVisitor).map(Fast)
    }
}

struct FastVisitor;

/// The serde path does not handle this document; never shown to users.
const GIVE_UP: &str = "left to serde_yaml::Value";

impl<'de> Visitor<'de> for FastVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(FastVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut data: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(data.size_hint().unwrap_or(0).min(4096));
        while let Some(Fast(item)) = data.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut data: A) -> Result<Value, A::Error> {
        let mut map = Mapping::new();
        while let Some(Fast(key)) = data.next_key()? {
            let fresh = matches!(&key, Value::String(k) if !map.has_string_key(k));
            if !fresh {
                return Err(de::Error::custom(GIVE_UP));
            }
            let Fast(value) = data.next_value()?;
            map.push(key, value);
        }
        Ok(Value::Mapping(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, _data: A) -> Result<Value, A::Error> {
        Err(de::Error::custom(GIVE_UP))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the loader used before: serde_yaml's own `Value`, converted.
    fn reference(yaml: &str) -> Result<Value, String> {
        serde_yaml::from_str::<serde_yaml::Value>(yaml)
            .map(Value::from)
            .map_err(|e| e.to_string())
    }

    fn serde_path(yaml: &str) -> Option<Value> {
        serde_yaml::from_str::<Fast>(yaml).ok().map(|f| f.0)
    }

    fn assert_same(yaml: &str) {
        let ours = from_str(yaml).map_err(|e| e.to_string());
        assert_eq!(ours, reference(yaml), "{yaml:?}");
        if let Some(fast) = serde_path(yaml) {
            assert_eq!(Ok(fast), reference(yaml), "serde path on {yaml:?}");
        }
    }

    const SAMPLES: &[&str] = &[
        "",
        "~",
        "- a\n- 1\n",
        "title: A\nn: 1\nf: 1.5\nb: true\nz: null\nneg: -3\nbig: 18446744073709551615\n",
        "huge: 1000000000000000000000000000000\nhex: 0x1F\noct: 0o17\ninf: .inf\nnan: .NaN\n",
        "s: '1'\nq: \"two\"\nempty:\nlist: []\nmap: {}\n",
        "a:\n  - who: [x, y]\n    is_eligible: -1\n    description: |\n      Text\n",
        "dup: 1\ndup: 2\n",
        "a:\n  b: 1\n  b: 2\n",
        "1: one\n\"1\": two\n",
        "1: one\n0x1: two\n",
        "? [a, b]\n: c\n",
        "t: !custom 5\n",
        "!top\na: 1\n",
        "a: &x {b: 1}\nc: *x\n",
        "a: *missing\n",
        "a: [unclosed\n",
        "a: 'never closed\n",
        "a: b\n  c: d\n",
        "\ta: 1\n",
        "--- a\n--- b\n",
        "k: v # comment\nlong_key_name_one: 1\nlong_key_name_two: 2\n",
    ];

    #[test]
    fn same_result_and_errors_as_serde_yaml_values() {
        for yaml in SAMPLES {
            assert_same(yaml);
        }
    }

    #[test]
    fn the_serde_path_leaves_duplicates_tags_and_odd_keys_to_serde_yaml() {
        assert!(serde_path("title: A\nlist: [1, 2]\n").is_some());
        for yaml in [
            "dup: 1\ndup: 2\n",
            "1: x\n",
            "t: !custom 5\n",
            "? [a]\n: b\n",
        ] {
            assert!(serde_path(yaml).is_none(), "{yaml:?}");
        }
    }

    /// Every front matter and YAML file shipped with the project.
    #[test]
    fn same_result_on_every_content_and_fixture_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut compared = 0;
        for dir in ["content", "tests/fixtures"] {
            for (_, yaml) in crate::yaml::test_docs::documents(&root.join(dir)) {
                assert_same(&yaml);
                compared += 1;
            }
        }
        assert!(compared >= 20, "only {compared} documents compared");
    }

    #[test]
    fn lookups_find_string_keys_only() {
        let Ok(Value::Mapping(m)) =
            from_str("1: a\n\"1\": b\nrate_limiting_resume: c\nrate_limiting_link: d\n")
        else {
            panic!("a mapping");
        };
        assert_eq!(m.get("1"), Some(&Value::String("b".into())));
        assert_eq!(
            m.get("rate_limiting_link"),
            Some(&Value::String("d".into()))
        );
        assert_eq!(m.get("rate_limiting"), None);
        assert_eq!(m.len(), 4);
        assert_eq!(m.keys().next(), Some(&Value::Number(1.into())));
    }

    proptest::proptest! {
        /// Documents made of the pieces front matter is made of, duplicates,
        /// tags and broken lines included.
        #[test]
        fn same_result_on_generated_documents(
            lines in proptest::collection::vec(
                (
                    0usize..3,
                    proptest::sample::select(vec!["title", "a", "b", "1", "\"a\"", "- x", "-", "? c", "!t k"]),
                    proptest::sample::select(vec![
                        "", " 1", " -1", " 1.5", " x", " \"q\"", " 'q'", " [a, 1]", " {a: 1}", " |",
                        " >-", " !t 2", " &n 3", " *n", " ~", " true", " 0x10", " '", " [", " # c",
                    ]),
                ),
                0..12,
            )
        ) {
            let yaml: String = lines
                .iter()
                .map(|(indent, key, value)| format!("{}{key}:{value}\n", "  ".repeat(*indent)))
                .collect();
            let ours = from_str(&yaml).map_err(|e| e.to_string());
            proptest::prop_assert_eq!(ours, reference(&yaml), "{:?}", yaml);
            if let Some(fast) = serde_path(&yaml) {
                proptest::prop_assert_eq!(Ok(fast), reference(&yaml), "{:?}", yaml);
            }
        }
    }
}
