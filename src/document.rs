//! The document every annotator reads: the article text, its blocks (headline,
//! paragraphs, list items, ...) and its sentences.
//!
//! Ingestion builds it (see [`crate::ingest`]); sentence splitting happens here, once, so
//! that every annotator sees the same sentences. All offsets inside the pipeline are byte
//! offsets into [`Document::text`]; [`Document::char_span`] turns them into the code-point
//! offsets of the record.

use crate::record::{CharSpan, Meta};
use crate::sentences::{self, SentenceRules};

/// A `[start, end)` byte range into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The headline.
    Title,
    /// A subheading inside the article.
    Heading,
    Paragraph,
    /// An item of a bulleted or numbered list; see [`Block::list`].
    ListItem,
    /// A blockquote.
    Quote,
    /// Page furniture found in a text copy (banner, date line, byline, photo credit, tags):
    /// kept in `text` so that offsets hold, but no annotator reads it as prose.
    Furniture,
}

/// Where a list item sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPos {
    /// Which list of the document, from 1.
    pub list: usize,
    /// Position in its list, from 1.
    pub index: usize,
    /// Nesting level, from 1.
    pub level: usize,
    pub ordered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's content, without a list marker.
    pub span: Span,
    pub list: Option<ListPos>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Document::blocks`].
    pub block: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub meta: Meta,
    /// Byte offset of every 64th character, to turn byte offsets into code points fast.
    char_marks: Vec<usize>,
    /// The text with its ASCII letters lower-cased ([`Document::lowered`]).
    lowered: std::sync::OnceLock<Vec<u8>>,
}

impl Document {
    /// Builds the document and splits its prose blocks into sentences.
    pub fn new(text: String, blocks: Vec<Block>, meta: Meta, rules: &SentenceRules) -> Self {
        let mut sentences_out = Vec::new();
        let mut scratch = sentences::Scratch::default();
        for (i, b) in blocks.iter().enumerate() {
            if b.kind == BlockKind::Furniture {
                continue;
            }
            sentences::split_each(&text, b.span, rules, &mut scratch, |span| {
                sentences_out.push(Sentence { span, block: i })
            });
        }
        let char_marks = char_marks(&text);
        Document {
            text,
            blocks,
            sentences: sentences_out,
            meta,
            char_marks,
            lowered: std::sync::OnceLock::new(),
        }
    }

    /// The text's bytes with its ASCII letters lower-cased, at the text's own offsets: what
    /// the glances of meetings and durations search ([`crate::glance`]). Made once, by the
    /// first stage that asks.
    pub(crate) fn lowered(&self) -> &[u8] {
        self.lowered
            .get_or_init(|| crate::glance::lower_ascii(&self.text))
    }

    /// A document of plain paragraphs, separated by blank lines: for callers (and tests)
    /// that have their text in paragraphs already.
    pub fn from_paragraphs(paragraphs: &[&str], meta: Meta, rules: &SentenceRules) -> Self {
        let mut text = String::new();
        let mut blocks = Vec::new();
        for p in paragraphs {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(p);
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                span: Span::new(start, text.len()),
                list: None,
            });
        }
        Document::new(text, blocks, meta, rules)
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// Code-point offset of a byte offset (which must sit on a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        let k = self.mark_index(byte);
        let base = self.char_marks.get(k).copied().unwrap_or(0);
        k * CHAR_STEP + count_chars(&self.text[base..byte.min(self.text.len())])
    }

    /// Byte offset of a code-point offset; an offset past the end of the text is its
    /// length.
    pub fn byte_offset(&self, char_offset: usize) -> usize {
        let Some(&base) = self.char_marks.get(char_offset / CHAR_STEP) else {
            return self.text.len();
        };
        self.text[base..]
            .char_indices()
            .nth(char_offset % CHAR_STEP)
            .map_or(self.text.len(), |(i, _)| base + i)
    }

    /// The index of the last character mark at or before `byte` (0 if none is).
    fn mark_index(&self, byte: usize) -> usize {
        self.char_marks.partition_point(|&b| b <= byte).max(1) - 1
    }

    pub fn char_span(&self, span: Span) -> CharSpan {
        [self.char_offset(span.start), self.char_offset(span.end)]
    }

    /// Code-point offsets for byte offsets asked for mostly in text order (a statement's
    /// spans, mentions one after another): cheaper than [`Document::char_offset`] each time.
    pub fn char_cursor(&self) -> CharCursor<'_> {
        CharCursor {
            doc: self,
            byte: 0,
            chars: 0,
            mark: 0,
        }
    }

    /// The block that holds a byte offset.
    pub fn block_at(&self, byte: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.end <= byte);
        (i < self.blocks.len() && self.blocks[i].span.start <= byte).then_some(i)
    }

    /// Index of the sentence that holds a byte offset.
    pub fn sentence_at(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= byte);
        (i < self.sentences.len() && self.sentences[i].span.start <= byte).then_some(i)
    }

    /// Blocks that annotators read as prose (everything but furniture).
    pub fn prose_blocks(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind != BlockKind::Furniture)
    }
}

const CHAR_STEP: usize = 64;

/// The code points of `text`. The gaps counted are short (under [`CHAR_STEP`] bytes
/// mostly), where `chars().count()` goes byte by byte.
fn count_chars(text: &str) -> usize {
    char_starts(text.as_bytes())
}

/// How many characters start in `bytes`, a piece of UTF-8 that may cut a character at
/// either end: its bytes but the continuation bytes (`10xxxxxx`), counted eight bytes at a
/// time.
fn char_starts(bytes: &[u8]) -> usize {
    // Most pieces are ASCII: a code point a byte.
    if bytes.is_ascii() {
        return bytes.len();
    }
    let (words, rest) = crate::bytes8::words(bytes);
    // A continuation byte has its top bit set and the next one clear.
    let mut continuations: usize = words
        .map(|x| (x & !(x << 1) & crate::bytes8::HIGH).count_ones() as usize)
        .sum();
    continuations += rest.iter().filter(|&&b| b & 0xC0 == 0x80).count();
    bytes.len() - continuations
}

/// The byte offset of every [`CHAR_STEP`]th character of `text`, from the first.
fn char_marks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut marks = Vec::with_capacity(bytes.len() / CHAR_STEP + 1);
    let mut at = 0;
    while at < bytes.len() {
        marks.push(at);
        // The next mark starts the CHAR_STEP-th character on. Each step takes as many bytes
        // as characters are still to pass, which start at most that many: one step where
        // they are all ASCII, as most are, a few more where some are not.
        let mut left = CHAR_STEP;
        while left > 0 && at < bytes.len() {
            let run = &bytes[at..bytes.len().min(at + left)];
            left -= char_starts(run);
            at += run.len();
        }
        // The last step may end inside the last character passed.
        while bytes.get(at).is_some_and(|&b| b & 0xC0 == 0x80) {
            at += 1;
        }
    }
    marks
}

/// See [`Document::char_cursor`]: steps forward through the document's character marks
/// from the offset asked for before, so that an offset ahead costs a count of at most
/// [`CHAR_STEP`] bytes however far it is; an offset behind counts from the last mark
/// before it.
pub struct CharCursor<'a> {
    doc: &'a Document,
    /// The last byte offset asked for, and its code-point offset.
    byte: usize,
    chars: usize,
    /// The index of the last character mark at or before `byte`.
    mark: usize,
}

impl CharCursor<'_> {
    pub fn at(&mut self, byte: usize) -> usize {
        let marks = &self.doc.char_marks;
        // Count on from the last offset, or from the last mark passed if that is nearer;
        // a little behind (a span's end, then the start of one inside it), from the mark.
        let mut from = (self.byte, self.chars);
        if byte < self.byte {
            if marks.get(self.mark).is_none_or(|&mark| mark > byte) {
                self.mark = self.doc.mark_index(byte);
            }
            from = (
                marks.get(self.mark).copied().unwrap_or(0),
                self.mark * CHAR_STEP,
            );
        }
        while let Some(&next) = marks.get(self.mark + 1) {
            if next > byte {
                break;
            }
            self.mark += 1;
            from = (next, self.mark * CHAR_STEP);
        }
        self.chars = match self.doc.text.get(from.0..byte) {
            Some(gap) => from.1 + count_chars(gap),
            None => self.doc.char_offset(byte),
        };
        self.byte = byte;
        self.chars
    }

    pub fn span(&mut self, span: Span) -> CharSpan {
        [self.at(span.start), self.at(span.end)]
    }
}

/// The char at byte `i` of `s`, if `i` is a char boundary within it; ASCII without
/// decoding. The annotators' tokenizers read text this way.
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    match *s.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => s.get(i..)?.chars().next(),
    }
}

/// `c.is_alphanumeric()`, without the Unicode tables for ASCII and for the General
/// Punctuation block (curly quotes, dashes), which holds no letters or digits: news text
/// is full of those.
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
    }
}

/// `c.is_alphabetic()`, without the Unicode tables for ASCII and for the General
/// Punctuation block (see [`is_alnum`]).
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphabetic()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of one paragraph.
    fn paragraph(text: &str) -> Document {
        Document::new(
            text.to_string(),
            vec![Block {
                kind: BlockKind::Paragraph,
                span: Span::new(0, text.len()),
                list: None,
            }],
            Meta::default(),
            &SentenceRules::default(),
        )
    }

    #[test]
    fn count_chars_counts_code_points() {
        let text = "Putin’s aide — «Ушаков» said. ₽ 😀 é";
        for (a, _) in text.char_indices() {
            for (b, _) in text[a..].char_indices() {
                let gap = &text[a..a + b];
                assert_eq!(count_chars(gap), gap.chars().count(), "{gap:?}");
            }
            assert_eq!(count_chars(&text[a..]), text[a..].chars().count());
        }
        let long = text.repeat(300);
        assert_eq!(count_chars(&long), long.chars().count());
    }

    #[test]
    fn char_offsets_count_code_points() {
        let text = "Putin’s aide — «Ушаков» said.".repeat(10);
        let doc = paragraph(&text);
        for (b, _) in text.char_indices() {
            assert_eq!(doc.char_offset(b), text[..b].chars().count());
        }
        assert_eq!(doc.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn byte_offsets_of_code_points() {
        let text = "Putin’s aide — «Ушаков» met 𝔘 here. ".repeat(5);
        let doc = paragraph(&text);
        let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        for c in 0..text.chars().count() + 3 {
            assert_eq!(doc.byte_offset(c), byte(c), "{c}");
        }
    }

    #[test]
    fn a_char_cursor_gives_the_offsets_char_offset_gives_in_any_order() {
        let text = "Putin’s aide — «Ушаков» said.".repeat(10);
        let doc = Document::from_paragraphs(&[&text], Meta::default(), &SentenceRules::default());
        let bytes: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).collect();
        let mut cursor = doc.char_cursor();
        // Forward by small steps, a long jump ahead, then backwards.
        let jumps = [bytes[bytes.len() - 1], bytes[5], bytes[2]];
        for &b in bytes.iter().step_by(3).chain(&jumps) {
            assert_eq!(cursor.at(b), doc.char_offset(b), "byte {b}");
        }
        // Forward again from there, by steps longer than the marks are apart.
        for &b in bytes.iter().step_by(97) {
            assert_eq!(cursor.at(b), doc.char_offset(b), "byte {b}");
        }
    }

    #[test]
    fn char_marks_fall_on_every_64th_character() {
        let mixed = "Putin’s aide — «Ушаков» said. 😀 ".repeat(9);
        let ascii = "a".repeat(64);
        let runs = format!("{ascii}é{ascii}{ascii}ж{ascii}");
        let edges = [63, 64, 65, 128, 129].map(|n| "a".repeat(n));
        // Runs of characters of two, three and four bytes, which the steps cut.
        let dense = "жé’😀a😀😀’".repeat(40);
        let emoji = "😀".repeat(130);
        let mut texts = vec!["", "a", &mixed, &runs, &dense, &emoji];
        texts.extend(edges.iter().map(String::as_str));
        for text in texts {
            let expected: Vec<usize> = text
                .char_indices()
                .step_by(CHAR_STEP)
                .map(|(b, _)| b)
                .collect();
            assert_eq!(char_marks(text), expected);
        }
    }
}
