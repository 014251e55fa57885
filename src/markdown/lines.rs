//! Byte offsets to 1-based line numbers, for events that arrive (mostly) in
//! source order: counting newlines forward from the last answer keeps the
//! whole render one pass over the text.

pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of byte `offset` (clamped to the text).
    pub(crate) fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Rare: an event starting before the previous one (a container
            // and its first child). Count again from the top.
            self.offset = 0;
            self.line = 1;
        }
        self.line += count_newlines(&self.text[self.offset..offset]);
        self.offset = offset;
        self.line
    }
}

pub(crate) fn count_newlines(bytes: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', bytes).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_forward_and_backward() {
        let mut lines = LineCounter::new("a\nb\n\nc");
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(5), 4);
        assert_eq!(lines.line_at(3), 2);
        assert_eq!(lines.line_at(999), 4);
    }
}
