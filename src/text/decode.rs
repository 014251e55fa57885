//! Bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and
//! Windows-1252 for anything that is not valid UTF-8.
//!
//! Never fails: every byte sequence gives some text, and `encoding` says how
//! it was read so the loader can warn when it had to guess.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How a file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: decoded as Windows-1252, and reported as a warning.
    Windows1252Fallback,
}

impl SourceEncoding {
    /// The name shown to editors ("UTF-16LE", "Windows-1252"…).
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 with BOM",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Windows1252Fallback => "Windows-1252",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: SourceEncoding,
}

/// `decode` for bytes the caller hands over: valid UTF-8 without a BOM
/// (nearly every file) becomes the text in place, without a copy of the
/// file.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if Encoding::for_bom(&bytes).is_none() && simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 just checked that `bytes` is valid UTF-8 (it
        // accepts exactly what `std::str::from_utf8` accepts; see the
        // proptest below). Checking again with the standard library would
        // cost four times the check on French text.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Decoded {
            text,
            encoding: SourceEncoding::Utf8,
        };
    }
    decode(&bytes)
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let source = if encoding == UTF_8 {
            SourceEncoding::Utf8Bom
        } else if encoding == UTF_16LE {
            SourceEncoding::Utf16Le
        } else {
            debug_assert_eq!(encoding, UTF_16BE);
            SourceEncoding::Utf16Be
        };
        // Malformed sequences after a BOM (odd UTF-16 length, lone surrogate,
        // bad UTF-8) become U+FFFD: the BOM is a stronger signal than a guess.
        let (text, _) = encoding.decode_without_bom_handling(body);
        return Decoded {
            text: text.into_owned(),
            encoding: source,
        };
    }
    // simdutf8 gives the same answer as `std::str::from_utf8` four times as
    // fast on French text, whose accents keep the standard library off its
    // ASCII fast path; the copy that follows costs less than the difference.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_owned(),
            encoding: SourceEncoding::Utf8,
        },
        Err(_) => {
            // Windows-1252 decodes every byte (WHATWG maps its five holes to
            // C1 controls), so this cannot lose data.
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded {
                text: text.into_owned(),
                encoding: SourceEncoding::Windows1252Fallback,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Valid UTF-8 is exactly what the standard library accepts.
        #[test]
        fn utf8_is_recognised_as_std_does(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'\n', 0xC3, 0xA9, 0xE2, 0x80, 0x99, 0xF0, 0x9F, 0xFF, 0xED, 0xA0]),
                0..48,
            ),
        ) {
            let d = decode(&bytes);
            proptest::prop_assert_eq!(&decode_owned(bytes.clone()), &d);
            match std::str::from_utf8(&bytes) {
                Ok(text) if Encoding::for_bom(&bytes).is_none() => {
                    proptest::prop_assert_eq!(d.encoding, SourceEncoding::Utf8);
                    proptest::prop_assert_eq!(d.text.as_str(), text);
                }
                Ok(_) => {}
                Err(_) => proptest::prop_assert_ne!(d.encoding, SourceEncoding::Utf8),
            }
        }
    }

    #[test]
    fn reads_plain_utf8() {
        let d = decode("Entités ’ 🔎".as_bytes());
        assert_eq!(d.text, "Entités ’ 🔎");
        assert_eq!(d.encoding, SourceEncoding::Utf8);
    }

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFtitle: \xC3\xA9");
        assert_eq!(d.text, "title: é");
        assert_eq!(d.encoding, SourceEncoding::Utf8Bom);
    }

    #[test]
    fn reads_utf16_le_and_be_with_bom() {
        let text = "Pôle emploi 🔎";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        let d = decode(&le);
        assert_eq!(
            (d.text.as_str(), d.encoding),
            (text, SourceEncoding::Utf16Le)
        );
        let d = decode(&be);
        assert_eq!(
            (d.text.as_str(), d.encoding),
            (text, SourceEncoding::Utf16Be)
        );
    }

    #[test]
    fn odd_length_utf16_does_not_panic() {
        let d = decode(&[0xFF, 0xFE, b'a', 0, b'b']);
        assert_eq!(d.encoding, SourceEncoding::Utf16Le);
        assert!(d.text.starts_with('a'));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let d = decode(b"caf\xE9 \x80 \x81");
        assert_eq!(d.text, "café € \u{81}");
        assert_eq!(d.encoding, SourceEncoding::Windows1252Fallback);
    }

    #[test]
    fn empty_input_is_empty_utf8() {
        let d = decode(b"");
        assert_eq!((d.text.as_str(), d.encoding), ("", SourceEncoding::Utf8));
    }
}
