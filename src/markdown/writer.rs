//! The single pass over pulldown-cmark's events: gives headings their ids,
//! writes tables, records links and ids with their lines, and hands raw
//! HTML to `expand` for components. The result goes through pulldown-cmark's
//! own HTML writer, so text escaping stays exactly pulldown-cmark's.

use super::headings::IdSet;
use super::lines::{count_newlines, LineCounter};
use super::raw_html::{self, Found};
use super::tables::TableWriter;
use super::{ComponentHtml, ComponentRenderer, Link, RenderedMarkdown};
use crate::content::{Markdown, Origin};
use crate::tags::ComponentTag;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset};
use std::ops::Range;

/// Block Markdown, or a one-line label rendered without its `<p>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Block,
    Inline,
}

pub(crate) fn run(
    markdown: &Markdown,
    components: &dyn ComponentRenderer,
    mode: Mode,
) -> RenderedMarkdown {
    let source = markdown.source.as_str();
    // Footnotes and smart punctuation stay off: text must come out as written.
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut writer = Writer::new(source, &markdown.origin, components, mode);
    // Merged, so that a URL or a tag pulldown-cmark split at `_` or `<` is
    // seen whole.
    let events = TextMergeWithOffset::new(Parser::new_ext(source, options).into_offset_iter());
    for (event, range) in events {
        writer.handle(event, range);
    }
    writer.finish(source.len())
}

/// A component whose closing tag has not been seen yet; what comes before
/// that tag is collected here and becomes its `inner_html`.
pub(super) struct Frame<'a> {
    pub(super) tag: ComponentTag,
    /// Line of the opening tag in the Markdown source.
    pub(super) line: u32,
    pub(super) events: Vec<Event<'a>>,
}

/// A placeholder written at `index` of the event list at `depth` (0 is the
/// page, n is inside the n-th open component), patched when its end is seen.
struct Placeholder {
    depth: usize,
    index: usize,
}

struct OpenHeading {
    at: Placeholder,
    text: String,
}

/// Lines of a text parsed again (Markdown inside an HTML block): its
/// offsets are the text's own, its first line is `base` in the source.
pub(super) struct NestedLines {
    text: String,
    base: u32,
    offset: usize,
    line: u32,
}

impl NestedLines {
    pub(super) fn new(text: String, base: u32) -> Self {
        NestedLines {
            text,
            base,
            offset: 0,
            line: 0,
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 0;
        }
        self.line += count_newlines(&self.text.as_bytes()[self.offset..offset]);
        self.offset = offset;
        self.base + self.line
    }
}

struct OpenParagraph {
    at: Placeholder,
    has_component: bool,
    has_other: bool,
}

pub(super) struct Writer<'a, 'r> {
    origin: &'r Origin,
    pub(super) components: &'r dyn ComponentRenderer,
    lines: LineCounter<'a>,
    mode: Mode,
    out: Vec<Event<'a>>,
    pub(super) frames: Vec<Frame<'a>>,
    /// Components opened deeper than `expand::MAX_NESTING`, shown as text
    /// (names, innermost last), so that their closing tags are too.
    pub(super) too_deep: Vec<String>,
    ids: IdSet,
    pub(super) rendered: RenderedMarkdown,
    heading: Option<OpenHeading>,
    paragraph: Option<OpenParagraph>,
    /// Inline mode: a paragraph ended, separate the next one with a space.
    pending_space: bool,
    /// The nearest preceding heading or `<summary>` text, to label tables.
    label: String,
    table: TableWriter,
    html_block: Option<Vec<(CowStr<'a>, usize)>>,
    /// Unknown or malformed components whose opening tag was left out:
    /// their closing tags are left out too (names, innermost last).
    pub(super) left_out: Vec<String>,
    /// Inside a Markdown link, or a raw `<a>`: bare URLs stay text.
    in_link: u32,
    pub(super) in_anchor: u32,
    in_code_block: bool,
    /// How many HTML blocks are being flushed (a block's text parsed again
    /// may hold one).
    html_blocks_open: u32,
    /// Inside `<pre>`, `<code>`… in an HTML block: text stays as written.
    pub(super) raw_text_depth: u32,
    /// Set while a text parsed again goes through `handle`.
    pub(super) nested: Option<NestedLines>,
}

impl<'a, 'r> Writer<'a, 'r> {
    fn new(
        source: &'a str,
        origin: &'r Origin,
        components: &'r dyn ComponentRenderer,
        mode: Mode,
    ) -> Self {
        Writer {
            origin,
            components,
            lines: LineCounter::new(source),
            mode,
            // About one event per 8 bytes of typical cards (tables are dense);
            // growing this vector copied it several times per page.
            out: Vec::with_capacity(source.len() / 8 + 16),
            frames: Vec::new(),
            too_deep: Vec::new(),
            ids: IdSet::default(),
            rendered: RenderedMarkdown::default(),
            heading: None,
            paragraph: None,
            pending_space: false,
            label: String::new(),
            table: TableWriter::default(),
            html_block: None,
            left_out: Vec::new(),
            in_link: 0,
            in_anchor: 0,
            in_code_block: false,
            html_blocks_open: 0,
            raw_text_depth: 0,
            nested: None,
        }
    }

    /// The source line of byte `offset` of the text being parsed.
    fn line_at(&mut self, offset: usize) -> u32 {
        match self.nested.as_mut() {
            Some(nested) => nested.line_at(offset),
            None => self.lines.line_at(offset),
        }
    }

    pub(super) fn finish_nested(&mut self) {
        self.nested = None;
    }

    pub(super) fn in_html_block(&self) -> bool {
        self.html_blocks_open > 0
    }

    /// Whether a bare URL here may become a link (not inside one already).
    pub(super) fn may_link(&self) -> bool {
        self.in_link == 0 && self.in_anchor == 0
    }

    /// Follows raw `<a …>` / `</a>` tags, so that text inside them is not
    /// linked again.
    pub(super) fn track_anchor(&mut self, html: &str) {
        let bytes = html.as_bytes();
        for at in memchr::memchr_iter(b'<', bytes) {
            let closing = bytes.get(at + 1) == Some(&b'/');
            let name_at = at + 1 + usize::from(closing);
            let is_a = bytes
                .get(name_at)
                .is_some_and(|b| b.eq_ignore_ascii_case(&b'a'))
                && bytes
                    .get(name_at + 1)
                    .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>');
            if is_a && closing {
                self.in_anchor = self.in_anchor.saturating_sub(1);
            } else if is_a {
                self.in_anchor += 1;
            }
        }
    }

    pub(super) fn handle(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(Vec::new()),
            Event::Html(html) => match self.html_block.as_mut() {
                Some(block) => block.push((html, range.start)),
                None => {
                    let line = self.line_at(range.start);
                    self.raw_html(html, line);
                }
            },
            Event::End(TagEnd::HtmlBlock) => self.flush_html_block(),
            Event::InlineHtml(html) => {
                let line = self.line_at(range.start);
                self.raw_html(html, line);
            }
            Event::Start(Tag::Paragraph) => self.start_paragraph(),
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::Start(Tag::Heading { level, .. }) => {
                let at = self.placeholder();
                self.emit(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                self.heading = Some(OpenHeading {
                    at,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(level)) => {
                self.end_heading();
                self.emit(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(text) => {
                if let Some(heading) = self.heading.as_mut() {
                    heading.text.push_str(&text);
                }
                if self.in_code_block {
                    self.emit(Event::Text(text));
                } else {
                    let line = self.line_at(range.start);
                    self.text(text, line);
                }
            }
            Event::Code(ref text) => {
                if let Some(heading) = self.heading.as_mut() {
                    heading.text.push_str(text);
                }
                self.emit(event);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                self.emit(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.emit(event);
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                self.emit(event);
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                let line = self.line_at(range.start);
                let (event, neutralised) = self.safe_destination(event, line);
                if let Event::Start(Tag::Link {
                    link_type,
                    ref dest_url,
                    ..
                }) = event
                {
                    let href = match link_type {
                        LinkType::Email => format!("mailto:{dest_url}"),
                        _ => dest_url.to_string(),
                    };
                    if !neutralised {
                        self.add_link(href, line);
                    }
                    self.in_link += 1;
                }
                self.emit(event);
            }
            Event::Start(Tag::Table(alignments)) => {
                let html = self.table.open(alignments, &self.label);
                self.emit(Event::Html(html.into()));
            }
            Event::End(TagEnd::Table) => self.emit_static(self.table.close()),
            Event::Start(Tag::TableHead) => {
                let html = self.table.open_head();
                self.emit_static(html);
            }
            Event::End(TagEnd::TableHead) => {
                let html = self.table.close_head();
                self.emit_static(html);
            }
            Event::Start(Tag::TableRow) => {
                let html = self.table.open_row();
                self.emit_static(html);
            }
            Event::End(TagEnd::TableRow) => self.emit_static(self.table.close_row()),
            Event::Start(Tag::TableCell) => self.emit_static(self.table.open_cell()),
            Event::End(TagEnd::TableCell) => {
                let html = self.table.close_cell();
                self.emit_static(html);
            }
            other => self.emit(other),
        }
    }

    fn finish(mut self, source_len: usize) -> RenderedMarkdown {
        if self.html_block.is_some() {
            self.flush_html_block();
        }
        self.close_unclosed_components();
        let mut html = String::with_capacity(source_len * 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        if self.mode == Mode::Inline {
            html.truncate(html.trim_end().len());
        }
        self.rendered.html = html;
        self.rendered
    }

    /// The events at the current depth: the innermost open component's, or
    /// the page's.
    pub(super) fn sink(&mut self) -> &mut Vec<Event<'a>> {
        match self.frames.last_mut() {
            Some(frame) => &mut frame.events,
            None => &mut self.out,
        }
    }

    fn sink_at(&mut self, depth: usize) -> Option<&mut Vec<Event<'a>>> {
        match depth {
            0 => Some(&mut self.out),
            n => self.frames.get_mut(n - 1).map(|f| &mut f.events),
        }
    }

    fn placeholder(&mut self) -> Placeholder {
        Placeholder {
            depth: self.frames.len(),
            index: self.sink().len(),
        }
    }

    pub(super) fn emit(&mut self, event: Event<'a>) {
        if let Some(paragraph) = self.paragraph.as_mut() {
            let blank = match &event {
                Event::SoftBreak | Event::HardBreak => true,
                Event::Text(text) => text.trim().is_empty(),
                _ => false,
            };
            if !blank && paragraph.at.depth == self.frames.len() {
                paragraph.has_other = true;
            }
        }
        self.sink().push(event);
    }

    fn emit_static(&mut self, html: &'static str) {
        self.emit(Event::Html(CowStr::Borrowed(html)));
    }

    /// A component's rendered HTML; a paragraph holding nothing else loses
    /// its `<p>`, since components are often blocks (`<Quote>`, `<NextSteps>`).
    pub(super) fn emit_component(&mut self, html: String) {
        let depth = self.frames.len();
        if let Some(paragraph) = self.paragraph.as_mut() {
            if paragraph.at.depth == depth {
                paragraph.has_component = true;
            }
        }
        self.sink().push(Event::Html(html.into()));
    }

    fn start_paragraph(&mut self) {
        if self.mode == Mode::Inline {
            if std::mem::take(&mut self.pending_space) {
                self.emit(Event::Text(CowStr::Borrowed(" ")));
            }
            return;
        }
        let at = self.placeholder();
        self.emit(Event::Start(Tag::Paragraph));
        self.paragraph = Some(OpenParagraph {
            at,
            has_component: false,
            has_other: false,
        });
    }

    fn end_paragraph(&mut self) {
        if self.mode == Mode::Inline {
            self.pending_space = true;
            return;
        }
        let Some(paragraph) = self.paragraph.take() else {
            self.emit(Event::End(TagEnd::Paragraph));
            return;
        };
        let only_components = paragraph.has_component && !paragraph.has_other;
        if only_components && paragraph.at.depth == self.frames.len() {
            if let Some(start) = self
                .sink_at(paragraph.at.depth)
                .and_then(|sink| sink.get_mut(paragraph.at.index))
            {
                *start = Event::Html(CowStr::Borrowed(""));
                self.emit(Event::Html(CowStr::Borrowed("\n")));
                return;
            }
        }
        self.emit(Event::End(TagEnd::Paragraph));
    }

    fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let id = self.ids.unique_heading_id(&heading.text);
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = self
            .sink_at(heading.at.depth)
            .and_then(|sink| sink.get_mut(heading.at.index))
        {
            *slot = Some(id.clone().into());
        }
        self.rendered.ids.push(id);
        self.label = heading.text.trim().to_string();
    }

    fn flush_html_block(&mut self) {
        let Some(block) = self.html_block.take() else {
            return;
        };
        let Some(&(_, first_start)) = block.first() else {
            return;
        };
        // A component's tags may sit on different lines of the block
        // (`<Quote …>` / text / `</Quote>`), and so may Markdown between
        // tags: expand the block as one text.
        let line = self.line_at(first_start);
        let text: String = match block.as_slice() {
            [(html, _)] => html.to_string(),
            _ => block.iter().map(|(html, _)| html.as_ref()).collect(),
        };
        self.html_blocks_open += 1;
        self.expand(&text, line);
        self.html_blocks_open -= 1;
    }

    /// Records the links and ids in raw HTML that starts on source line
    /// `line`, and takes a `<summary>` as the label for the next table.
    pub(super) fn scan_raw(&mut self, html: &str, line: u32) {
        let mut counted = 0;
        let mut at_line = line;
        raw_html::scan(html, |found, at| {
            at_line += count_newlines(&html.as_bytes()[counted..at]);
            counted = at;
            self.record_found(found, at_line);
        });
    }

    /// `scan_raw` for a component's HTML, which keeps what it found; its
    /// links only with `hrefs`.
    pub(super) fn scan_component(&mut self, html: &ComponentHtml, line: u32, hrefs: bool) {
        for (found, lines_before) in html.found() {
            if hrefs || !matches!(found, Found::Href(_)) {
                self.record_found(found.clone(), line + lines_before);
            }
        }
    }

    fn record_found(&mut self, found: Found<'_>, line: u32) {
        match found {
            Found::Href(href) => self.add_link(href.into_owned(), line),
            Found::Id(id) => {
                if self.ids.insert(&id) {
                    self.rendered.ids.push(id.into_owned());
                }
            }
            Found::Summary(text) => self.label = text,
        }
    }

    pub(super) fn add_link(&mut self, href: String, line: u32) {
        let line = self.file_line(line);
        self.rendered.links.push(Link { href, line });
    }

    /// The file line of a line of the Markdown source.
    pub(super) fn file_line(&self, line: u32) -> u32 {
        self.origin.line_within(line)
    }

    pub(super) fn file(&self) -> std::path::PathBuf {
        self.origin.file.as_ref().clone()
    }
}
