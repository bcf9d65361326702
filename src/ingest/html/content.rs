//! Which of the walked blocks are the article, and the article's text and blocks.
//!
//! The container is chosen as readability does: every paragraph of some length scores its
//! parent and, less and less, four more ancestors (one point, one per comma, one per 100
//! characters up to three); a container's score starts from its tag and its class/id
//! signals and is scaled down by its link density. The best container may give way to an
//! ancestor that holds several near-best ones, or to a parent that scores higher; its
//! siblings that score well, or are plain prose paragraphs, join it. Inside, lists and
//! boxes that are mostly links (menus, related stories) are dropped, and so are link-only
//! paragraphs and furniture labels.

use std::collections::HashMap;

use super::walk::{Elem, NONE, RawBlock, RawKind, Tag, Walked};
use super::{HtmlRules, push_block};
use crate::document::{Block, BlockKind, ListPos};

/// Below this many characters the reading is taken as failed, and the page is read again
/// without the `unlikely` class patterns.
pub(super) const MIN_ARTICLE_CHARS: usize = 250;
/// Paragraphs shorter than this do not vote for their container.
const MIN_SCORED_CHARS: usize = 25;
/// A container with this much text gets its full class/id weight.
const WEIGHT_FULL_CHARS: f32 = 500.0;
/// How many ancestors a paragraph scores.
const SCORED_ANCESTORS: usize = 5;

fn link_density(e: &Elem) -> f32 {
    if e.chars == 0 {
        0.0
    } else {
        e.link_chars as f32 / e.chars as f32
    }
}

fn initial_score(e: &Elem) -> f32 {
    let base = match e.tag {
        Tag::Div | Tag::Article | Tag::Main => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Ul | Tag::Ol | Tag::Li | Tag::Form => -3.0,
        Tag::Heading(_) => -5.0,
        _ => 0.0,
    };
    // A class that promises the article counts in full only on a container that holds
    // some text: an empty "content-header" box must not outscore the article.
    base + e.weight * (e.chars as f32 / WEIGHT_FULL_CHARS).min(1.0)
}

fn is_ancestor(elems: &[Elem], anc: usize, mut node: usize) -> bool {
    let mut steps = 0;
    while node != NONE && steps < 10_000 {
        if node == anc {
            return true;
        }
        node = elems[node].parent;
        steps += 1;
    }
    false
}

/// The article found in a walked page.
#[derive(Debug, Default)]
pub(super) struct Selection {
    /// Indices of the raw blocks that are the article, in document order.
    pub blocks: Vec<usize>,
    /// Per element: whether it sits inside the article's containers.
    pub inside: Vec<bool>,
}

/// Finds the article's blocks.
pub(super) fn article_blocks(w: &Walked, rules: &HtmlRules) -> Selection {
    let elems = &w.elems;
    let n = elems.len();
    if n == 0 {
        return Selection::default();
    }
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    for b in &w.blocks {
        if b.chars < MIN_SCORED_CHARS || b.owner == NONE {
            continue;
        }
        let points = 1.0 + b.commas as f32 + (b.chars / 100).min(3) as f32;
        // Text straight inside a container is a paragraph of that container (readability
        // wraps such runs in a `<p>`); a paragraph element scores its parent.
        let owner = &elems[b.owner];
        let mut anc = match owner.tag {
            Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Body => b.owner,
            _ => owner.parent,
        };
        for level in 0..SCORED_ANCESTORS {
            if anc == NONE {
                break;
            }
            if !scored[anc] {
                scored[anc] = true;
                score[anc] = initial_score(&elems[anc]);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[anc] += points / divider;
            anc = elems[anc].parent;
        }
    }
    let final_score: Vec<f32> = (0..n)
        .map(|i| {
            if scored[i] {
                score[i] * (1.0 - link_density(&elems[i]))
            } else {
                f32::MIN
            }
        })
        .collect();

    let mut ranked: Vec<usize> = (0..n).filter(|&i| scored[i]).collect();
    // Ties go to the earlier element, so that the choice is deterministic.
    ranked.sort_by(|&a, &b| final_score[b].total_cmp(&final_score[a]).then(a.cmp(&b)));
    ranked.truncate(5);
    let Some(&first) = ranked.first() else {
        // No paragraph anywhere: the whole page, less its furniture.
        return Selection {
            blocks: (0..w.blocks.len()).collect(),
            inside: vec![true; n],
        };
    };
    let mut top = first;
    let top_score = final_score[top];

    // Several near-best containers under one ancestor: the article is that ancestor.
    let alternatives: Vec<usize> = ranked[1..]
        .iter()
        .copied()
        .filter(|&c| final_score[c] >= 0.75 * top_score)
        .collect();
    if alternatives.len() >= 3 {
        let mut p = elems[top].parent;
        while p != NONE && elems[p].tag != Tag::Body {
            let holding = alternatives
                .iter()
                .filter(|&&c| is_ancestor(elems, p, c))
                .count();
            if holding >= 3 {
                top = p;
                break;
            }
            p = elems[p].parent;
        }
    }
    // A parent that scores higher than its best child is the better container.
    let mut last = final_score[top].max(0.0);
    let threshold = last / 3.0;
    let mut p = elems[top].parent;
    while p != NONE && elems[p].tag != Tag::Body {
        if !scored[p] {
            p = elems[p].parent;
            continue;
        }
        let ps = final_score[p];
        if ps < threshold {
            break;
        }
        if ps > last {
            top = p;
            break;
        }
        last = ps;
        p = elems[p].parent;
    }
    // A lone child stands for its parent.
    while elems[top].parent != NONE
        && elems[elems[top].parent].tag != Tag::Body
        && elems[elems[top].parent].children == 1
    {
        top = elems[top].parent;
    }

    // Siblings that score well, or are prose paragraphs, are more of the article.
    let mut chosen = vec![false; n];
    chosen[top] = true;
    let parent = elems[top].parent;
    if parent != NONE {
        let top_final = final_score[top].max(0.0);
        let sibling_threshold = (top_final * 0.2).max(10.0);
        for (s, e) in elems.iter().enumerate().skip(parent + 1) {
            if e.parent != parent || s == top {
                continue;
            }
            let bonus = if e.class_hash != 0 && e.class_hash == elems[top].class_hash {
                top_final * 0.2
            } else {
                0.0
            };
            let keep = if scored[s] && final_score[s] + bonus >= sibling_threshold {
                true
            } else if e.tag == Tag::P {
                let ld = link_density(e);
                (e.chars > 80 && ld < 0.25)
                    || (e.chars > 0 && e.chars <= 80 && ld == 0.0 && e.has_sentence_end)
            } else {
                false
            };
            chosen[s] = keep;
        }
    }

    // Inside the article: which containers are furniture after all.
    let mut inside = vec![false; n];
    let mut removed = vec![false; n];
    for i in 0..n {
        let p = elems[i].parent;
        let parent_inside = p != NONE && inside[p];
        inside[i] = chosen[i] || parent_inside;
        if !inside[i] {
            continue;
        }
        removed[i] = (p != NONE && parent_inside && removed[p])
            || (!chosen[i] && is_link_box(&elems[i], scored[i].then_some(score[i])));
    }

    let blocks = w
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            b.owner != NONE
                && inside[b.owner]
                && !removed[b.owner]
                && !is_link_text(b)
                && !rules.is_furniture_text(&b.text)
        })
        .map(|(i, _)| i)
        .collect();
    Selection { blocks, inside }
}

/// A list or box inside the article that is mostly links: a menu, a list of related
/// stories, a tag cloud (readability's "clean conditionally", in short).
fn is_link_box(e: &Elem, score: Option<f32>) -> bool {
    let ld = link_density(e);
    match e.tag {
        Tag::Ul | Tag::Ol => ld > 0.5,
        Tag::Div | Tag::Section | Tag::Table | Tag::Form | Tag::Figure | Tag::OtherBlock => {
            if e.commas >= 10 {
                return false;
            }
            let weight = e.weight;
            if score.is_some_and(|s| s < 0.0) && weight < 0.0 {
                return true;
            }
            let list_like = e.items > e.paragraphs;
            (weight < 25.0 && ld > 0.33 && !list_like) || ld > 0.5
        }
        _ => false,
    }
}

/// A block that is only a link ("Read more: ...", a story teaser).
fn is_link_text(b: &RawBlock) -> bool {
    b.chars > 0 && b.link_chars * 10 >= b.chars * 9 && b.item.is_none()
}

/// Characters of text in the chosen blocks.
pub(super) fn text_chars(w: &Walked, chosen: &Selection) -> usize {
    chosen.blocks.iter().map(|&i| w.blocks[i].chars).sum()
}

fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && !b.is_empty() && (a == b || a.starts_with(&b) || b.starts_with(&a))
}

/// Numbers the lists of the article as they come: the outermost list of an item gives
/// its list number, its own list its index.
#[derive(Default)]
struct ListNumbers {
    count: usize,
    numbers: HashMap<usize, usize>,
    /// Per list element: the last `li` counted and its index.
    last_item: HashMap<usize, (usize, usize)>,
}

impl ListNumbers {
    fn next_list(&mut self) -> usize {
        self.count += 1;
        self.count
    }

    fn position(&mut self, lists: &[(usize, bool)], li: usize) -> Option<ListPos> {
        let &(outer, _) = lists.first()?;
        let &(own, ordered) = lists.last()?;
        let list = match self.numbers.get(&outer) {
            Some(&n) => n,
            None => {
                let n = self.next_list();
                self.numbers.insert(outer, n);
                n
            }
        };
        let index = match self.last_item.get(&own) {
            Some(&(last_li, idx)) if last_li == li => idx,
            Some(&(_, idx)) => idx + 1,
            None => 1,
        };
        self.last_item.insert(own, (li, index));
        Some(ListPos {
            list,
            index,
            level: lists.len(),
            ordered,
        })
    }
}

/// The article's text and blocks, headline first; and the headline, when the page shows
/// one, to stand as `meta.title`.
pub(super) fn assemble(
    w: &Walked,
    chosen: &Selection,
    rules: &HtmlRules,
    titles: &[String],
    authors: &[String],
) -> (String, Vec<Block>, Option<String>) {
    let mut text = String::new();
    let mut blocks = Vec::new();

    // The headline: the page's `<h1>` that agrees with one of the titles the page gives
    // itself, else (no such title) the first `<h1>`, else the most trusted title.
    let h1 = if titles.is_empty() {
        w.sources.h1s.iter().find(|h| !h.is_empty())
    } else {
        w.sources
            .h1s
            .iter()
            .find(|h| titles.iter().any(|t| same_words(h, t)))
    };
    let headline = h1.or(titles.first()).map(String::as_str);
    if let Some(h) = headline
        && !h.is_empty()
    {
        push_block(&mut text, &mut blocks, BlockKind::Title, h);
    }

    // Lists inside the article, with item depth counted from the article's own lists.
    let inside_lists = |lists: &[(usize, bool)]| -> Vec<(usize, bool)> {
        lists
            .iter()
            .copied()
            .filter(|(l, _)| chosen.inside.get(*l).copied().unwrap_or(false))
            .collect()
    };
    let mut numbers = ListNumbers::default();
    // The list that bullet lines or bullet paragraphs are adding to.
    let mut bullets: Option<(usize, usize)> = None;
    for &i in &chosen.blocks {
        let b = &w.blocks[i];
        if headline.is_some_and(|h| h == b.text) || rules.is_byline(&b.text, authors) {
            continue;
        }
        if let Some(item) = &b.item {
            bullets = None;
            let lists = inside_lists(&item.lists);
            if let Some(pos) = numbers.position(&lists, item.li) {
                let line = b.text.split('\n').collect::<Vec<_>>().join(" ");
                push_block(&mut text, &mut blocks, BlockKind::ListItem, &line);
                if let Some(last) = blocks.last_mut() {
                    last.list = Some(pos);
                }
                continue;
            }
        }
        let kind = match b.kind {
            RawKind::Heading(_) => BlockKind::Heading,
            RawKind::Quote => BlockKind::Quote,
            RawKind::Paragraph => BlockKind::Paragraph,
        };
        if kind == BlockKind::Heading {
            bullets = None;
            let line = b.text.split('\n').collect::<Vec<_>>().join(" ");
            push_block(&mut text, &mut blocks, kind, &line);
        } else {
            let mut out = Out {
                text: &mut text,
                blocks: &mut blocks,
                numbers: &mut numbers,
                bullets: &mut bullets,
            };
            push_lines(&mut out, rules, kind, &b.text);
        }
    }
    (text, blocks, h1.cloned())
}

/// Where [`push_lines`] writes.
struct Out<'a> {
    text: &'a mut String,
    blocks: &'a mut Vec<Block>,
    numbers: &'a mut ListNumbers,
    bullets: &'a mut Option<(usize, usize)>,
}

/// A prose block, `<br>`-broken or not: bullet lines ("• ...", "- ...") are the items of
/// a list, which runs on over following bullet paragraphs; the other lines run on as
/// prose.
fn push_lines(out: &mut Out<'_>, rules: &HtmlRules, kind: BlockKind, block_text: &str) {
    let mut prose = String::new();
    for line in block_text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(item) = rules.strip_bullet(line) {
            if !prose.is_empty() {
                push_block(out.text, out.blocks, kind, &prose);
                prose.clear();
            }
            let numbers = &mut *out.numbers;
            let (n, idx) = out.bullets.get_or_insert_with(|| (numbers.next_list(), 0));
            *idx += 1;
            let pos = ListPos {
                list: *n,
                index: *idx,
                level: 1,
                ordered: false,
            };
            push_block(out.text, out.blocks, BlockKind::ListItem, item);
            if let Some(last) = out.blocks.last_mut() {
                last.list = Some(pos);
            }
        } else {
            *out.bullets = None;
            if !prose.is_empty() {
                prose.push(' ');
            }
            prose.push_str(line);
        }
    }
    if !prose.is_empty() {
        push_block(out.text, out.blocks, kind, &prose);
    }
}
