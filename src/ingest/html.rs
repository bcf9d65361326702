//! HTML ingestion: the article's text and blocks out of a news page, and its metadata
//! (JSON-LD, OpenGraph, meta tags, `<time>`, `<title>`, `<html lang>`).
//!
//! Takes a decoded page; gives the article as text (blocks joined by blank lines), its
//! blocks (headline, paragraphs, subheadings, list items with their list positions,
//! quotes) and a [`Meta`]. The page is parsed once (html5ever, through `scraper`) and walked
//! once ([`walk`]); the article's container is then chosen by scoring the containers of the
//! paragraphs, readability-style, on text and link density ([`content`]), and the metadata
//! sources found on the way are resolved in order of trust ([`meta`]). What is page
//! furniture (class/id patterns, tags, roles, furniture texts) is data: `rules/html.tsv`.

mod content;
mod meta;
mod nesting;
mod walk;

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::document::{Block, BlockKind, Span};
use crate::record::Meta;
use crate::rules::{RuleError, RuleSet};

/// The charset a page declares in its first bytes (`<meta charset>`, `http-equiv`, or
/// the `encoding` of an XHTML page's XML declaration).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]).to_ascii_lowercase();
    let at = match head.find("charset=") {
        Some(at) => at + "charset=".len(),
        None if head.trim_start().starts_with("<?xml") => {
            head.find("encoding=")? + "encoding=".len()
        }
        None => return None,
    };
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

fn class_matcher_of(patterns: &[String]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns)
}

/// What a class/id pattern says about an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassRule {
    Unlikely,
    Likely,
    Drop,
    Positive,
    Negative,
    Byline,
}

/// What a class/id string matched, as flags.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClassHits {
    pub unlikely: bool,
    pub likely: bool,
    pub drop: bool,
    pub positive: bool,
    pub negative: bool,
    pub byline: bool,
}

/// The compiled rules of `html.tsv`.
#[derive(Debug)]
pub struct HtmlRules {
    skip_tags: Vec<String>,
    skip_roles: Vec<String>,
    /// The class/id patterns (`class_kinds` says what each is), matched all at once. Built
    /// by the first HTML page, as a text-only run never needs it (see
    /// [`crate::rules::RuleSet::is_builtin`]); `None` inside if it could not be built,
    /// which the checks in [`HtmlRules::compile`] and the test suite rule out.
    class_patterns: Vec<String>,
    class_matcher: OnceLock<Option<AhoCorasick>>,
    class_kinds: Vec<ClassRule>,
    furniture: std::collections::HashSet<String>,
    byline_prefixes: Vec<String>,
    furniture_prefixes: Vec<String>,
    bullets: Vec<char>,
}

/// A pointer to other content ("Read more: ...") is at most this long.
const MAX_POINTER_BYTES: usize = 250;

impl HtmlRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("html.tsv")?;
        let mut skip_tags = Vec::new();
        let mut skip_roles = Vec::new();
        let mut patterns = Vec::new();
        let mut class_kinds = Vec::new();
        let mut furniture = std::collections::HashSet::new();
        let mut bullets = Vec::new();
        let mut byline_prefixes = Vec::new();
        let mut furniture_prefixes = Vec::new();
        for (line, fields) in &file.lines {
            let [kind, value] = fields.as_slice() else {
                return Err(RuleError::syntax(file, *line, "expected KIND<TAB>VALUE"));
            };
            if value.is_empty() {
                return Err(RuleError::syntax(file, *line, "empty value"));
            }
            let class_rule = match kind.as_str() {
                "skip_tag" => {
                    skip_tags.push(value.to_ascii_lowercase());
                    None
                }
                "skip_role" => {
                    skip_roles.push(value.to_ascii_lowercase());
                    None
                }
                "furniture" => {
                    furniture.insert(value.to_lowercase());
                    None
                }
                "byline_prefix" => {
                    byline_prefixes.push(value.clone());
                    None
                }
                "furniture_prefix" => {
                    furniture_prefixes.push(value.clone());
                    None
                }
                "bullet" => {
                    let mut chars = value.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => bullets.push(c),
                        _ => {
                            return Err(RuleError::syntax(
                                file,
                                *line,
                                "a bullet is one character",
                            ));
                        }
                    }
                    None
                }
                "unlikely" => Some(ClassRule::Unlikely),
                "likely" => Some(ClassRule::Likely),
                "drop" => Some(ClassRule::Drop),
                "positive" => Some(ClassRule::Positive),
                "negative" => Some(ClassRule::Negative),
                "byline" => Some(ClassRule::Byline),
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown html rule kind {other:?}"),
                    ));
                }
            };
            if let Some(rule) = class_rule {
                // Class/id strings are matched as " CLASS ID " with separators turned into
                // spaces, so a whole-token pattern is the token between spaces.
                let pattern = match value.strip_prefix('=') {
                    Some(token) => format!(" {token} "),
                    None => value.clone(),
                };
                patterns.push(pattern);
                class_kinds.push(rule);
            }
        }
        let class_matcher = OnceLock::new();
        if !set.is_builtin("html.tsv") {
            let matcher = class_matcher_of(&patterns)
                .map_err(|e| RuleError::syntax(file, 0, format!("bad patterns: {e}")))?;
            let _ = class_matcher.set(Some(matcher));
        }
        Ok(HtmlRules {
            skip_tags,
            skip_roles,
            class_patterns: patterns,
            class_matcher,
            class_kinds,
            furniture,
            byline_prefixes,
            furniture_prefixes,
            bullets,
        })
    }

    fn skips_tag(&self, tag: &str) -> bool {
        self.skip_tags.iter().any(|t| t == tag)
    }

    fn skips_role(&self, role: &str) -> bool {
        let role = role.trim();
        self.skip_roles.iter().any(|r| r.eq_ignore_ascii_case(role))
    }

    /// Matches the patterns against an element's `class` and `id`. `scratch` is reused
    /// between calls to spare an allocation per element.
    fn class_hits(&self, class: &str, id: &str, scratch: &mut String) -> ClassHits {
        scratch.clear();
        scratch.push(' ');
        for part in [class, id] {
            for c in part.chars() {
                scratch.push(if c.is_whitespace() { ' ' } else { c });
            }
            scratch.push(' ');
        }
        let mut hits = ClassHits::default();
        let matcher = self
            .class_matcher
            .get_or_init(|| class_matcher_of(&self.class_patterns).ok());
        let Some(matcher) = matcher else {
            return hits;
        };
        for m in matcher.find_overlapping_iter(scratch.as_str()) {
            match self.class_kinds[m.pattern().as_usize()] {
                ClassRule::Unlikely => hits.unlikely = true,
                ClassRule::Likely => hits.likely = true,
                ClassRule::Drop => hits.drop = true,
                ClassRule::Positive => hits.positive = true,
                ClassRule::Negative => hits.negative = true,
                ClassRule::Byline => hits.byline = true,
            }
        }
        hits
    }

    /// Whether a block is a furniture label ("Advertisement", "Share") or a short pointer
    /// to other content ("WATCH | ...", "Read more: ...").
    fn is_furniture_text(&self, text: &str) -> bool {
        if text.len() <= MAX_POINTER_BYTES
            && self.furniture_prefixes.iter().any(|p| {
                text.len() > p.len()
                    && text.is_char_boundary(p.len())
                    && text[..p.len()].eq_ignore_ascii_case(p)
            })
        {
            return true;
        }
        if text.len() > 40 {
            return false;
        }
        let core = text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        self.furniture.contains(&core)
    }

    /// Whether a block is a byline: short, opening with a byline word ("By"), and naming
    /// one of the page's authors.
    fn is_byline(&self, text: &str, authors: &[String]) -> bool {
        if text.len() > 200 || authors.is_empty() {
            return false;
        }
        let opens = self.byline_prefixes.iter().any(|p| {
            text.len() > p.len()
                && text.is_char_boundary(p.len())
                && text[..p.len()].eq_ignore_ascii_case(p)
                && text[p.len()..].starts_with(' ')
        });
        opens && authors.iter().any(|a| text.contains(a.as_str()))
    }

    /// The rest of a line after its bullet and the space that follows it.
    fn strip_bullet<'a>(&self, line: &'a str) -> Option<&'a str> {
        let mut chars = line.chars();
        let first = chars.next()?;
        if !self.bullets.contains(&first) {
            return None;
        }
        let rest = chars.as_str();
        let body = rest.trim_start();
        (body.len() < rest.len() && !body.is_empty()).then_some(body)
    }
}

/// Text, blocks and metadata of a page. Never fails: broken markup is read as a browser
/// reads it.
pub fn parse(html: &str, rules: &HtmlRules) -> (String, Vec<Block>, Meta) {
    let html = nesting::limit_nesting(html);
    let page = scraper::Html::parse_document(&html);
    let mut walked = walk::walk(&page, rules, true, true);
    let (meta, titles) = meta::resolve(&walked.sources);
    let mut chosen = content::article_blocks(&walked, rules);
    if content::text_chars(&walked, &chosen) < content::MIN_ARTICLE_CHARS {
        // Class patterns can catch a whole page ("main-header-layout"): walk again
        // without them and keep whichever reading finds more article.
        let sources = std::mem::take(&mut walked.sources);
        let lenient = walk::walk(&page, rules, false, false);
        let again = content::article_blocks(&lenient, rules);
        if content::text_chars(&lenient, &again) > content::text_chars(&walked, &chosen) {
            walked = lenient;
            chosen = again;
        }
        walked.sources = sources;
    }
    let (text, blocks, title) = content::assemble(&walked, &chosen, rules, &titles, &meta.authors);
    let mut meta = meta;
    if let Some(t) = title {
        meta.title = Some(t);
    }
    (text, blocks, meta)
}

/// Appends one block to the article text.
fn push_block(text: &mut String, blocks: &mut Vec<Block>, kind: BlockKind, s: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let start = text.len();
    text.push_str(s);
    blocks.push(Block {
        kind,
        span: Span::new(start, text.len()),
        list: None,
    });
}

#[cfg(test)]
mod tests;
