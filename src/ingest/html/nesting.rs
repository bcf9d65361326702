//! A guard against absurd nesting, run on the markup before html5ever sees it.
//!
//! html5ever checks "is there a `<p>` in scope" against the whole stack of open elements
//! for most start tags, so a page nested thousands of levels deep costs quadratic time
//! (fifty thousand nested list items took minutes). Browsers stop nesting at a fixed depth
//! (Chromium at 512) and put deeper elements beside the last one; this pass does the same
//! by leaving out the start and end tags that would open deeper than [`MAX_DEPTH`], keeping
//! their text. It tracks nesting the way HTML does closely enough for that purpose: void
//! elements, self-closing tags, raw-text elements (`script`, `style`, ...), comments, and
//! the end tags that HTML implies (a `<p>` closed by a block, an `<li>` by the next one).
//! A page within the limit is returned untouched, without a copy.

use std::borrow::Cow;

/// The deepest nesting kept.
pub(super) const MAX_DEPTH: usize = 256;
/// How far down the stack an end tag looks for its start tag.
const END_TAG_REACH: usize = 64;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "basefont", "bgsound", "frame",
];
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];
/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];
/// Elements that a start tag of the same group closes when it is open on top.
const SIBLING_GROUPS: &[&[&str]] = &[
    &["li"],
    &["dd", "dt"],
    &["option"],
    &["tr"],
    &["td", "th"],
    &["p"],
];

/// The markup with elements deeper than [`MAX_DEPTH`] flattened.
pub(super) fn limit_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    // Start tags left out, by name, whose end tags are to be left out too.
    let mut dropped_open: Vec<(String, usize)> = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(off) = memchr_lt(&bytes[at..]) {
        let start = at + off;
        let Some(tag) = read_tag(bytes, start) else {
            at = start + 1;
            continue;
        };
        at = tag.end;
        let name = tag.name.to_ascii_lowercase();
        let mut drop_it = false;
        match tag.kind {
            TagKind::Other => {}
            TagKind::End => {
                let reach = stack.len().saturating_sub(END_TAG_REACH);
                if let Some(pos) = stack[reach..].iter().rposition(|n| *n == name) {
                    stack.truncate(reach + pos);
                } else if let Some(entry) = dropped_open.iter_mut().find(|(n, _)| *n == name)
                    && entry.1 > 0
                {
                    entry.1 -= 1;
                    drop_it = true;
                }
            }
            TagKind::Start { self_closing } => {
                if CLOSES_P.contains(&name.as_str()) && stack.last().is_some_and(|t| t == "p") {
                    stack.pop();
                }
                if let Some(group) = SIBLING_GROUPS.iter().find(|g| g.contains(&name.as_str()))
                    && stack.last().is_some_and(|t| group.contains(&t.as_str()))
                {
                    stack.pop();
                }
                let opens = !self_closing && !VOID.contains(&name.as_str());
                if RAW_TEXT.contains(&name.as_str()) {
                    // Its content is text up to its own end tag.
                    at = find_end_tag(bytes, at, &name);
                } else if opens {
                    if stack.len() >= MAX_DEPTH {
                        drop_it = true;
                        match dropped_open.iter_mut().find(|(n, _)| *n == name) {
                            Some(entry) => entry.1 += 1,
                            None => dropped_open.push((name, 1)),
                        }
                    } else {
                        stack.push(name);
                    }
                }
            }
        }
        if drop_it {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..start]);
            // A space keeps the words on either side of a dropped tag apart.
            o.push(' ');
            copied = tag.end;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

enum TagKind {
    Start {
        self_closing: bool,
    },
    End,
    /// A comment, a doctype, a processing instruction.
    Other,
}

struct Tag<'a> {
    kind: TagKind,
    name: &'a str,
    /// Byte offset just past the tag.
    end: usize,
}

/// The tag that starts at `start` (a `<`), or None when the `<` is text.
fn read_tag(bytes: &[u8], start: usize) -> Option<Tag<'_>> {
    let next = *bytes.get(start + 1)?;
    if next == b'!' {
        let end = if bytes[start..].starts_with(b"<!--") {
            find(bytes, start + 4, b"-->").map_or(bytes.len(), |p| p + 3)
        } else {
            find(bytes, start, b">").map_or(bytes.len(), |p| p + 1)
        };
        return Some(Tag {
            kind: TagKind::Other,
            name: "",
            end,
        });
    }
    if next == b'?' {
        let end = find(bytes, start, b">").map_or(bytes.len(), |p| p + 1);
        return Some(Tag {
            kind: TagKind::Other,
            name: "",
            end,
        });
    }
    let (is_end, name_start) = if next == b'/' {
        (true, start + 2)
    } else {
        (false, start + 1)
    };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = name_start
        + bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':'))
            .unwrap_or(bytes.len() - name_start);
    // The tag runs to the first `>` outside a quoted attribute value.
    let mut quote: Option<u8> = None;
    let mut i = name_end;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => break,
            None => {}
        }
        i += 1;
    }
    let end = (i + 1).min(bytes.len());
    let self_closing = i > 0 && bytes.get(i - 1) == Some(&b'/');
    // Tag names are ASCII, so the slice sits on char boundaries.
    let name = std::str::from_utf8(&bytes[name_start..name_end]).ok()?;
    Some(Tag {
        kind: if is_end {
            TagKind::End
        } else {
            TagKind::Start { self_closing }
        },
        name,
        end,
    })
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Offset of the end tag `</name` at or after `from` (case-insensitive), or the end.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(p) = find(bytes, at, b"</") {
        let candidate = &bytes[p + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return p;
        }
        at = p + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul></div>\
            <script>if (a < b) { x = '<div>'; }</script><!-- <div> --></body></html>";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
        // Unclosed paragraphs and list items do not add up to depth.
        let unclosed = format!("<div>{}</div>", "<p>text ".repeat(5000));
        assert!(matches!(limit_nesting(&unclosed), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let deep = format!("{}word{}", "<div>".repeat(1000), "</div>".repeat(1000));
        let flat = limit_nesting(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("word"));
    }
}
