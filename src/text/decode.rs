//! Bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and
//! Windows-1252 for anything that is not valid UTF-8.

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: SourceEncoding,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    // Placeholder until the `text` work lands: UTF-8 only.
    Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        encoding: SourceEncoding::Utf8,
    }
}
