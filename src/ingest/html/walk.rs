//! The one walk over a parsed page: it cuts the visible text into raw blocks (one per run
//! of inline text between block-level tags), keeps for every element that is not furniture
//! what the content scoring needs (parent, tag, class signals, text and link lengths of
//! its subtree), and gathers the metadata sources (meta tags, JSON-LD, `<time>`, `<h1>`,
//! bylines) wherever they sit, furniture or not.
//!
//! The walk is iterative (ego_tree's `traverse`), so absurdly deep nesting cannot overflow
//! the stack; every subtree that the rules call furniture is skipped as a whole.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use super::{ClassHits, HtmlRules};

/// "No element": the parent of the outermost element.
pub(super) const NONE: usize = usize::MAX;

/// A `<br>` inside a block, until the block's lines are read.
pub(super) const LINE_BREAK: char = '\n';

/// Caps on the metadata sources kept, so that a hostile page cannot make them costly.
const MAX_SOURCES: usize = 64;
/// A link holds at most this much text (bytes, white space included) and this many nodes.
const MAX_LINK_CHARS: usize = 600;
const MAX_LINK_NODES: usize = 200;
/// List levels kept for an item: deeper nesting is markup gone wrong, and copying the
/// whole chain into every item would cost quadratic memory.
const MAX_LIST_LEVELS: usize = 16;
/// Headlines are short: a longer `<h1>` is markup gone wrong.
const MAX_HEADLINE_CHARS: usize = 400;
/// Bylines are short: a longer element with an author class is a biography box.
const MAX_BYLINE_CHARS: usize = 160;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    P,
    Div,
    Section,
    Article,
    Main,
    Body,
    Heading(u8),
    Li,
    Ul,
    Ol,
    Blockquote,
    Pre,
    Table,
    Td,
    Figure,
    Form,
    /// Any other tag that starts a new block (`tr`, `dl`, `hr`, `address`, ...).
    OtherBlock,
    A,
    Br,
    /// Inline tags: their text runs on in the enclosing block.
    Inline,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "p" => Tag::P,
            "div" => Tag::Div,
            "section" => Tag::Section,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "body" => Tag::Body,
            "h1" => Tag::Heading(1),
            "h2" => Tag::Heading(2),
            "h3" => Tag::Heading(3),
            "h4" => Tag::Heading(4),
            "h5" => Tag::Heading(5),
            "h6" => Tag::Heading(6),
            "li" => Tag::Li,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "table" => Tag::Table,
            "td" | "th" => Tag::Td,
            "figure" => Tag::Figure,
            "form" => Tag::Form,
            "a" => Tag::A,
            "br" => Tag::Br,
            "tr" | "tbody" | "thead" | "tfoot" | "dl" | "dt" | "dd" | "hr" | "address"
            | "center" | "details" | "summary" | "fieldset" | "legend" | "caption" | "hgroup"
            | "header" | "footer" | "nav" | "aside" | "figcaption" | "html" | "menu" | "dir"
            | "noscript" | "listing" | "plaintext" | "xmp" => Tag::OtherBlock,
            _ => Tag::Inline,
        }
    }

    fn is_block(self) -> bool {
        !matches!(self, Tag::A | Tag::Br | Tag::Inline)
    }
}

/// An element kept by the walk (not furniture).
#[derive(Debug, Clone)]
pub(super) struct Elem {
    pub parent: usize,
    pub tag: Tag,
    /// Class/id weight: positive or negative patterns, `itemprop=articleBody`.
    pub weight: f32,
    /// A hash of the `class` attribute (0 without one): siblings sharing the top
    /// container's class are likely more of the article.
    pub class_hash: u64,
    /// Element children kept by the walk.
    pub children: usize,
    /// Characters of text in the subtree, of which inside links.
    pub chars: usize,
    pub link_chars: usize,
    pub commas: usize,
    /// Paragraph and list-item blocks in the subtree.
    pub paragraphs: usize,
    pub items: usize,
    /// Whether its own text ends a sentence somewhere (". " or a final ".").
    pub has_sentence_end: bool,
}

/// What kind of block a run of text is, as the markup says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RawKind {
    Paragraph,
    Heading(u8),
    Quote,
}

/// Where a list item sits in the page's lists.
#[derive(Debug, Clone)]
pub(super) struct ItemPos {
    /// The `li` element.
    pub li: usize,
    /// The enclosing `ul`/`ol` elements, outermost first (at most [`MAX_LIST_LEVELS`]),
    /// with whether each is ordered.
    pub lists: Vec<(usize, bool)>,
}

/// A run of text between block-level tags, white space normalised; `<br>` is a newline.
#[derive(Debug, Clone)]
pub(super) struct RawBlock {
    pub text: String,
    pub chars: usize,
    pub link_chars: usize,
    pub commas: usize,
    /// The innermost block-level element the text belongs to.
    pub owner: usize,
    pub kind: RawKind,
    pub item: Option<ItemPos>,
}

/// Metadata as the page gives it, before it is weighed ([`super::meta`]).
#[derive(Debug, Clone, Default)]
pub(super) struct Sources {
    pub lang: Option<String>,
    pub title: Option<String>,
    /// (`name`, `property`, `itemprop` or `http-equiv`, lowercased; `content`).
    pub metas: Vec<(String, String)>,
    pub json_ld: Vec<String>,
    /// (`datetime`, whether the element says it is the publication time).
    pub times: Vec<(String, bool)>,
    pub h1s: Vec<String>,
    /// Texts of author elements (`rel=author`, `itemprop=author`, byline classes).
    pub bylines: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct Walked {
    pub elems: Vec<Elem>,
    pub blocks: Vec<RawBlock>,
    pub sources: Sources,
}

struct Walker<'r> {
    rules: &'r HtmlRules,
    /// Whether `unlikely` class patterns drop subtrees.
    strict: bool,
    out: Walked,
    /// Open kept elements.
    stack: Vec<usize>,
    /// Open block-level elements among them.
    open_blocks: Vec<usize>,
    /// Open `ul`/`ol` and `li` elements (an `li` remembers how many lists were open).
    lists: Vec<(usize, bool)>,
    items: Vec<(usize, usize)>,
    quote_depth: usize,
    link_depth: usize,
    /// The open `a` elements counted as links.
    link_stack: Vec<usize>,
    buf: String,
    buf_chars: usize,
    buf_link_chars: usize,
    buf_commas: usize,
    pending_space: bool,
    scratch: String,
}

/// Walks the page. `strict`: drop `unlikely` subtrees; `collect_sources`: gather metadata.
pub(super) fn walk(page: &Html, rules: &HtmlRules, strict: bool, collect_sources: bool) -> Walked {
    let mut w = Walker {
        rules,
        strict,
        out: Walked::default(),
        stack: Vec::new(),
        open_blocks: Vec::new(),
        lists: Vec::new(),
        items: Vec::new(),
        quote_depth: 0,
        link_depth: 0,
        link_stack: Vec::new(),
        buf: String::new(),
        buf_chars: 0,
        buf_link_chars: 0,
        buf_commas: 0,
        pending_space: false,
        scratch: String::new(),
    };
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let hits = match (el.attr("class"), el.attr("id")) {
                        (None, None) => ClassHits::default(),
                        (class, id) => {
                            rules.class_hits(class.unwrap_or(""), id.unwrap_or(""), &mut w.scratch)
                        }
                    };
                    if collect_sources {
                        w.see_source(node, el, &hits);
                    }
                    if skipping.is_some() {
                        continue;
                    }
                    if w.is_furniture(el, &hits) {
                        skipping = Some(node.id());
                        continue;
                    }
                    w.open(node, el, &hits);
                }
                Node::Text(t) if skipping.is_none() => w.push_text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(_) = node.value() {
                    if skipping == Some(node.id()) {
                        skipping = None;
                    } else if skipping.is_none() {
                        w.close();
                    }
                }
            }
        }
    }
    // A truncated page leaves nothing open in the tree (html5ever closes it), but the
    // text of the last run still waits in the buffer.
    let owner = w.open_blocks.last().copied().unwrap_or(NONE);
    w.flush(owner);
    w.out
}

impl Walker<'_> {
    /// Whether an element's subtree is never article text.
    fn is_furniture(&self, el: &scraper::node::Element, hits: &ClassHits) -> bool {
        let name = el.name();
        if self.rules.skips_tag(name) {
            return true;
        }
        if let Some(role) = el.attr("role")
            && self.rules.skips_role(role)
        {
            return true;
        }
        if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
            return true;
        }
        if let Some(style) = el.attr("style") {
            let compact: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if compact.contains("display:none") || compact.contains("visibility:hidden") {
                return true;
            }
        }
        // The page's frame carries site-wide classes ("f_caption_videos_on"): class
        // patterns never drop it.
        if matches!(name, "html" | "body" | "article" | "main") {
            return false;
        }
        hits.drop || (self.strict && hits.unlikely && !hits.likely)
    }

    fn open(&mut self, node: NodeRef<'_, Node>, el: &scraper::node::Element, hits: &ClassHits) {
        let tag = Tag::of(el.name());
        if tag == Tag::Br {
            if !self.buf.is_empty() && !self.buf.ends_with(LINE_BREAK) {
                self.buf.push(LINE_BREAK);
                self.buf_chars += 1;
            }
            self.pending_space = false;
        }
        if tag.is_block() {
            let owner = self.open_blocks.last().copied().unwrap_or(NONE);
            self.flush(owner);
        }
        let mut weight = 0.0;
        if hits.positive {
            weight += 25.0;
        }
        if hits.negative {
            weight -= 25.0;
        }
        if el
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
        {
            weight += 50.0;
        }
        let class_hash = el.attr("class").map_or(0, |c| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            c.hash(&mut h);
            h.finish().max(1)
        });
        let parent = self.stack.last().copied().unwrap_or(NONE);
        if let Some(p) = self.out.elems.get_mut(parent) {
            p.children += 1;
        }
        let idx = self.out.elems.len();
        self.out.elems.push(Elem {
            parent,
            tag,
            weight,
            class_hash,
            children: 0,
            chars: 0,
            link_chars: 0,
            commas: 0,
            paragraphs: 0,
            items: 0,
            has_sentence_end: false,
        });
        self.stack.push(idx);
        match tag {
            Tag::A if is_short_link(node) => {
                self.link_depth += 1;
                self.link_stack.push(idx);
            }
            Tag::Ul => self.lists.push((idx, false)),
            Tag::Ol => self.lists.push((idx, true)),
            Tag::Li => self.items.push((idx, self.lists.len())),
            Tag::Blockquote => self.quote_depth += 1,
            _ => {}
        }
        if tag.is_block() {
            self.open_blocks.push(idx);
        }
    }

    fn close(&mut self) {
        let Some(idx) = self.stack.pop() else {
            return;
        };
        let tag = self.out.elems[idx].tag;
        if tag.is_block() {
            self.flush(idx);
            self.open_blocks.pop();
        }
        match tag {
            Tag::A if self.link_stack.last() == Some(&idx) => {
                self.link_stack.pop();
                self.link_depth = self.link_depth.saturating_sub(1);
            }
            Tag::Ul | Tag::Ol => {
                self.lists.pop();
            }
            Tag::Li => {
                self.items.pop();
            }
            Tag::Blockquote => self.quote_depth = self.quote_depth.saturating_sub(1),
            _ => {}
        }
        let e = &self.out.elems[idx];
        let (parent, chars, links, commas, paras, items) = (
            e.parent,
            e.chars,
            e.link_chars,
            e.commas,
            e.paragraphs,
            e.items,
        );
        if let Some(p) = self.out.elems.get_mut(parent) {
            p.chars += chars;
            p.link_chars += links;
            p.commas += commas;
            p.paragraphs += paras;
            p.items += items;
        }
    }

    /// Appends a text node, collapsing white space as a browser does.
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            // Zero-width characters and soft hyphens are invisible: they would only cut
            // words in two.
            if matches!(
                c,
                '\u{200b}' | '\u{feff}' | '\u{ad}' | '\u{200e}' | '\u{200f}'
            ) {
                continue;
            }
            if self.pending_space && !self.buf.is_empty() && !self.buf.ends_with(LINE_BREAK) {
                self.buf.push(' ');
                self.buf_chars += 1;
                if self.link_depth > 0 {
                    self.buf_link_chars += 1;
                }
            }
            self.pending_space = false;
            self.buf.push(c);
            self.buf_chars += 1;
            if self.link_depth > 0 {
                self.buf_link_chars += 1;
            }
            if c == ',' || c == '，' {
                self.buf_commas += 1;
            }
        }
    }

    /// Ends the current run of text as a block of `owner`.
    fn flush(&mut self, owner: usize) {
        self.pending_space = false;
        let text = self.buf.trim_end_matches(LINE_BREAK);
        if text.is_empty() || owner == NONE {
            self.reset_buf();
            return;
        }
        let chars = self.buf_chars - (self.buf.len() - text.len());
        // Only text straight inside a heading is a heading: paragraphs that an unclosed
        // `<h1>` swallowed are still paragraphs.
        let kind = match self.out.elems.get(owner).map(|e| e.tag) {
            Some(Tag::Heading(level)) => RawKind::Heading(level),
            _ if self.quote_depth > 0 => RawKind::Quote,
            _ => RawKind::Paragraph,
        };
        let item = self
            .items
            .last()
            .filter(|(_, depth)| *depth == self.lists.len() && *depth > 0)
            .map(|&(li, _)| ItemPos {
                li,
                lists: self.lists[self.lists.len().saturating_sub(MAX_LIST_LEVELS)..].to_vec(),
            });
        let sentence_end = text.contains(". ") || text.ends_with('.');
        if let Some(e) = self.out.elems.get_mut(owner) {
            e.chars += chars;
            e.link_chars += self.buf_link_chars.min(chars);
            e.commas += self.buf_commas;
            e.has_sentence_end |= sentence_end;
            if item.is_some() {
                e.items += 1;
            } else if kind == RawKind::Paragraph {
                e.paragraphs += 1;
            }
        }
        self.out.blocks.push(RawBlock {
            text: text.to_string(),
            chars,
            link_chars: self.buf_link_chars.min(chars),
            commas: self.buf_commas,
            owner,
            kind,
            item,
        });
        self.reset_buf();
    }

    fn reset_buf(&mut self) {
        self.buf.clear();
        self.buf_chars = 0;
        self.buf_link_chars = 0;
        self.buf_commas = 0;
    }

    /// Records what an element tells about the page, wherever it sits.
    fn see_source(
        &mut self,
        node: NodeRef<'_, Node>,
        el: &scraper::node::Element,
        hits: &ClassHits,
    ) {
        let s = &mut self.out.sources;
        match el.name() {
            "html" if s.lang.is_none() => {
                s.lang = el.attr("lang").or(el.attr("xml:lang")).map(str::to_string);
            }
            "title" if s.title.is_none() => {
                s.title = Some(element_text(node));
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or(el.attr("name"))
                    .or(el.attr("itemprop"))
                    .or(el.attr("http-equiv"));
                if let (Some(k), Some(v)) = (key, el.attr("content"))
                    && s.metas.len() < MAX_SOURCES * 4
                {
                    s.metas
                        .push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                    && s.json_ld.len() < MAX_SOURCES =>
            {
                let mut json = String::new();
                for child in node.children() {
                    if let Node::Text(t) = child.value() {
                        json.push_str(t);
                    }
                }
                s.json_ld.push(json);
            }
            "time" => {
                if let Some(dt) = el.attr("datetime")
                    && s.times.len() < MAX_SOURCES
                {
                    let published = el.attr("pubdate").is_some()
                        || el.attr("itemprop").is_some_and(|p| {
                            p.eq_ignore_ascii_case("datePublished")
                                || p.eq_ignore_ascii_case("dateCreated")
                        })
                        || el
                            .attr("class")
                            .is_some_and(|c| c.to_ascii_lowercase().contains("publish"));
                    s.times.push((dt.trim().to_string(), published));
                }
            }
            "h1" => {
                // An unclosed `<h1>` holds the whole page: no headline.
                if s.h1s.len() < MAX_SOURCES
                    && let Some(t) = element_text_capped(node, MAX_HEADLINE_CHARS)
                {
                    s.h1s.push(t);
                }
            }
            _ => {}
        }
        let author_prop = el
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("author"))
            || el
                .attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("author"));
        if (author_prop || hits.byline) && s.bylines.len() < MAX_SOURCES && el.name() != "meta" {
            let text = element_text_capped(node, MAX_BYLINE_CHARS);
            if let Some(t) = text {
                s.bylines.push(t);
            }
        }
    }
}

/// Whether an `<a>` is a link as a reader sees one. An unclosed `<a>` that html5ever
/// carries on over the rest of a broken page, or a link wrapped round a whole story, holds
/// far more text than any link: its text is not link text.
fn is_short_link(node: NodeRef<'_, Node>) -> bool {
    let mut chars = 0;
    for (visited, d) in node.descendants().enumerate() {
        if visited > MAX_LINK_NODES {
            return false;
        }
        if let Node::Text(t) = d.value() {
            chars += t.len();
            if chars > MAX_LINK_CHARS {
                return false;
            }
        }
    }
    true
}

/// The white-space-normalised text of an element.
fn element_text(node: NodeRef<'_, Node>) -> String {
    element_text_capped(node, usize::MAX).unwrap_or_default()
}

/// The element's normalised text, or None when it is longer than `cap` bytes.
fn element_text_capped(node: NodeRef<'_, Node>, cap: usize) -> Option<String> {
    let el = ElementRef::wrap(node)?;
    let mut raw = String::new();
    for piece in el.text() {
        raw.push_str(piece);
        // White space may shrink the text, but not by much in a byline.
        if raw.len() > cap.saturating_mul(4) {
            return None;
        }
    }
    let out = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (out.len() <= cap).then_some(out)
}
