//! Blocks of HTML written into a page outside the template engine. A page
//! can write a large part of itself in Rust (the reference page's
//! operations, most of a 5 MB page) and give the template a short marker
//! for each block (`marker`, an HTML comment) instead of its HTML: a string
//! passed through Tera is copied into a template value and again into the
//! page, and for such a block the copies cost more than writing it. After
//! rendering, `splice` writes each block where the template printed its
//! marker, straight into the page.
//!
//! A marker the template does not print leaves its block out; one printed
//! twice gets it twice. Text from content never forms a marker: Tera
//! escapes its `<`, so only the theme or the page's own code can write one.

use memchr::memmem;

const OPEN: &str = "<!--vitrine-block-";
const CLOSE: &str = "-->";

/// A page's blocks, written on demand.
pub trait Blocks {
    /// Writes block `index` at the end of `out`; false when there is none.
    fn write(&self, index: usize, out: &mut Vec<u8>) -> bool;
    /// About how many bytes the blocks take, to size the page.
    fn size(&self) -> usize;
}

/// Blocks already written.
impl Blocks for Vec<Vec<u8>> {
    fn write(&self, index: usize, out: &mut Vec<u8>) -> bool {
        self.get(index)
            .map(|block| out.extend_from_slice(block))
            .is_some()
    }

    fn size(&self) -> usize {
        self.iter().map(Vec::len).sum()
    }
}

/// Where block `index` goes, as the template prints it.
pub fn marker(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// `html` with each marker replaced by its block.
pub fn splice(html: Vec<u8>, blocks: &dyn Blocks) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + blocks.size());
    let mut from = 0;
    for at in memmem::find_iter(&html, OPEN.as_bytes()) {
        // Matches do not overlap, and a marker's digits and `-->` cannot
        // hold another one; the check keeps a slip from becoming a panic.
        if at < from {
            continue;
        }
        let digits = &html[at + OPEN.len()..];
        let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        let index = std::str::from_utf8(&digits[..len])
            .ok()
            .and_then(|d| d.parse::<usize>().ok());
        let Some(index) = index.filter(|_| digits[len..].starts_with(CLOSE.as_bytes())) else {
            continue;
        };
        let end = at + OPEN.len() + len + CLOSE.len();
        out.extend_from_slice(&html[from..at]);
        if !blocks.write(index, &mut out) {
            out.extend_from_slice(&html[at..end]);
        }
        from = end;
    }
    out.extend_from_slice(&html[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spliced(html: &str, blocks: &[&str]) -> String {
        let blocks: Vec<Vec<u8>> = blocks.iter().map(|b| b.as_bytes().to_vec()).collect();
        String::from_utf8(splice(html.as_bytes().to_vec(), &blocks)).expect("UTF-8")
    }

    #[test]
    fn each_marker_gets_its_block_in_place() {
        let html = format!("<main>{}<hr>{}</main>", marker(1), marker(0));
        assert_eq!(spliced(&html, &["zéro", "un"]), "<main>un<hr>zéro</main>");
    }

    #[test]
    fn markers_of_unknown_blocks_and_look_alikes_stay_as_written() {
        let html = format!(
            "{}{}<!--vitrine-block-x-->{}",
            marker(7),
            "<!--vitrine-block-0",
            marker(0)
        );
        assert_eq!(
            spliced(&html, &["B"]),
            "<!--vitrine-block-7--><!--vitrine-block-0<!--vitrine-block-x-->B"
        );
        assert_eq!(spliced("<p>rien</p>", &[]), "<p>rien</p>");
        assert_eq!(spliced(&marker(0), &[]), marker(0));
    }
}
