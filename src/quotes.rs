//! Quotations: finds the spans inside quote marks, in every convention of English and
//! translated news ("…", “…”, ‘…’, «…», „…“, ‹…›), telling apostrophes from single quotes,
//! reopening quotes that run over paragraphs, and keeping an unbalanced mark from costing
//! more than its own paragraph.
//!
//! Takes the document; gives [`QuoteSpan`]s, which attribution turns into statements.
//!
//! Each prose block is scanned once, left to right, with a stack of open marks. Every mark
//! is classified from its neighbours: an opening mark stands at the left edge of a word
//! (after white space, a bracket or a dash), a closing mark at its right edge. A mark
//! between two letters is an apostrophe (Trump’s); a mark before a number is an elision
//! (’90s); a mark after a plural s (officials’) closes only when a single quote is open and
//! no later closing candidate exists in the block. A closing mark pairs with the nearest
//! open mark of its family (double or single); openers left on the stack at the end of a
//! block are dropped, so an unbalanced mark costs at most its paragraph, unless the next
//! block reopens a quote, the convention for quotations that run over paragraphs.

use crate::document::{BlockKind, Document, Span};

/// One quoted stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    /// With the marks (up to the block's end for a quote that runs on).
    pub outer: Span,
    /// Without the marks.
    pub inner: Span,
    /// Index of the block it sits in.
    pub block: usize,
    /// The quote is not closed in its block: it runs on into the next paragraph, which
    /// reopens it.
    pub runs_on: bool,
    /// The quote reopens one that ran on from the previous paragraph.
    pub reopens: bool,
}

/// Which marks pair with which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

/// What a mark does at its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Closes an open quote of its family, opens one otherwise (straight marks).
    Toggle,
    /// Closes an open quote of its family, and is nothing otherwise.
    CloseOrNothing,
    /// Opens unless its family is open, where it closes (“…“, ‚…‘ conventions).
    OpenOrClose,
    Nothing,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    family: Family,
    /// Byte offset of the mark.
    at: usize,
    len: usize,
}

fn is_opening_context(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '['
                | '{'
                | '—'
                | '–'
                | '-'
                | '/'
                | '“'
                | '‘'
                | '„'
                | '‚'
                | '«'
                | '‹'
                | '"'
                | '\''
        )
}

fn is_closing_context(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | ']'
                | '}'
                | '—'
                | '–'
                | '-'
                | '…'
                | '”'
                | '’'
                | '»'
                | '›'
                | '"'
                | '\''
        )
}

/// The family of a quote mark, or None for other characters.
fn family_of(c: char) -> Option<Family> {
    match c {
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' => Some(Family::Double),
        '\'' | '‘' | '’' | '‚' | '‛' | '‹' | '›' => Some(Family::Single),
        _ => None,
    }
}

/// Decides what the mark `c` does between `prev` and `next` (None at the block's edges).
fn classify(c: char, prev: Option<char>, next: Option<char>, next2: Option<char>) -> Role {
    let left = prev.is_none_or(is_opening_context);
    let right = next.is_none_or(is_closing_context);
    let letter_before = prev.is_some_and(char::is_alphanumeric);
    let letter_after = next.is_some_and(char::is_alphanumeric);
    let digit_after = next.is_some_and(|c| c.is_ascii_digit());
    match c {
        '"' => match (left, right) {
            (true, false) => Role::Open,
            (false, true) => Role::Close,
            _ => Role::Toggle,
        },
        '“' | '‟' | '«' | '‹' => match (left, right) {
            (true, false) => Role::Open,
            // German „…“ and Danish »…« close with these marks.
            (false, true) => Role::CloseOrNothing,
            _ => Role::OpenOrClose,
        },
        '”' => {
            if left && !right {
                // Swedish and Polish ”…” open with the same mark.
                Role::Toggle
            } else {
                Role::CloseOrNothing
            }
        }
        '„' | '‚' => Role::Open,
        '»' | '›' => {
            if left && !right {
                // German »…«.
                Role::Toggle
            } else {
                Role::CloseOrNothing
            }
        }
        '\'' | '’' | '‘' | '‛' => {
            if letter_before && letter_after {
                return Role::Nothing; // Trump’s, don’t
            }
            if left && digit_after && next2.is_some_and(|c| c.is_ascii_digit()) {
                return Role::Nothing; // ’90s
            }
            match (left, right) {
                (true, false) if c == '’' && !letter_after => Role::Nothing,
                (true, false) => {
                    if c == '’' {
                        // A ’ opening a word is an elision (’em, ’tis) far more often
                        // than a wrongly curled opening quote.
                        Role::Nothing
                    } else {
                        Role::Open
                    }
                }
                (false, true) => Role::CloseOrNothing,
                _ => Role::Nothing,
            }
        }
        _ => Role::Nothing,
    }
}

/// Finds the quotations of a document, in text order.
pub fn find(doc: &Document) -> Vec<QuoteSpan> {
    let blocks: Vec<usize> = doc
        .prose_blocks()
        .filter(|(_, b)| b.kind != BlockKind::Furniture)
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    // The open marks and the pairs of a block, kept from block to block.
    let (mut stack, mut pairs) = (Vec::new(), Vec::new());
    let mut reopening = false;
    for (k, &bi) in blocks.iter().enumerate() {
        let span = doc.blocks[bi].span;
        let next_opens = blocks
            .get(k + 1)
            .is_some_and(|&nb| starts_with_opening_mark(doc.slice(doc.blocks[nb].span)));
        let before = out.len();
        scan_block(
            &doc.text, span, bi, next_opens, reopening, &mut stack, &mut pairs,
        );
        top_level(&mut pairs, &mut out);
        reopening = out[before..].last().is_some_and(|q| q.runs_on);
    }
    out
}

fn starts_with_opening_mark(text: &str) -> bool {
    let mut it = text.trim_start().chars();
    match (it.next(), it.next()) {
        (Some(c), next) => {
            family_of(c).is_some()
                && matches!(
                    classify(c, None, next, None),
                    Role::Open | Role::Toggle | Role::OpenOrClose
                )
        }
        _ => false,
    }
}

/// The quote pairs of one block, into `pairs` (`stack` is scratch). `next_opens`: the
/// next block begins with an opening mark, so a quote left open here runs on.
/// `reopening`: the previous block ran on into this one.
fn scan_block(
    text: &str,
    span: Span,
    block: usize,
    next_opens: bool,
    reopening: bool,
    stack: &mut Vec<Open>,
    pairs: &mut Vec<QuoteSpan>,
) {
    let body = &text[span.start..span.end];
    stack.clear();
    pairs.clear();
    // The byte after the last mark read.
    let mut pos = 0;
    while let Some(off) = next_mark_byte(body, pos) {
        let Some(c) = body[off..].chars().next() else {
            break;
        };
        pos = off + c.len_utf8();
        let Some(mut family) = family_of(c) else {
            continue;
        };
        let prev = body[..off].chars().next_back();
        let mut after = body[pos..].chars();
        let mut next = after.next();
        let mut next2 = after.next();
        let mut len = c.len_utf8();
        let mut mark = c;
        // Two apostrophes stand for a double quote in some newsroom copy (''…'').
        if c == '\'' && next == Some('\'') {
            family = Family::Double;
            mark = '"';
            len = 2;
            pos = off + 2;
            next = next2;
            next2 = after.next();
        }
        let mut role = classify(mark, prev, next, next2);
        let open_idx = stack.iter().rposition(|o| o.family == family);
        if family == Family::Single
            && role == Role::CloseOrNothing
            && prev.is_some_and(|p| p == 's' || p == 'S')
            && open_idx.is_some()
            && later_single_closer(&body[pos..])
        {
            // officials’ inside a single-quoted stretch that closes later.
            role = Role::Nothing;
        }
        let at = span.start + off;
        let close = match role {
            Role::Open => false,
            Role::Close => true,
            Role::Toggle | Role::OpenOrClose => open_idx.is_some(),
            Role::CloseOrNothing => {
                if open_idx.is_none() {
                    continue;
                }
                true
            }
            Role::Nothing => continue,
        };
        if !close {
            stack.push(Open { family, at, len });
            continue;
        }
        let Some(k) = open_idx else {
            continue;
        };
        let o = stack[k];
        stack.truncate(k);
        let is_reopened = reopening && o.at == first_mark(body, span.start);
        pairs.push(QuoteSpan {
            outer: Span::new(o.at, at + len),
            inner: Span::new(o.at + o.len, at),
            block,
            runs_on: false,
            reopens: is_reopened,
        });
    }
    // A quote still open at the end of its paragraph runs on when the next reopens.
    if next_opens && let Some(o) = stack.first().copied() {
        let end = span.start + body.trim_end().len();
        let is_reopened = reopening && o.at == first_mark(body, span.start);
        pairs.push(QuoteSpan {
            outer: Span::new(o.at, end),
            inner: Span::new(o.at + o.len, end),
            block,
            runs_on: true,
            reopens: is_reopened,
        });
    }
}

fn first_mark(body: &str, base: usize) -> usize {
    base + (body.len() - body.trim_start().len())
}

/// May the byte start a quote mark: `"`, `'`, and the lead bytes of the curly quotes and
/// guillemets (U+00AB, U+00BB: 0xC2; U+2018 to U+201F, U+2039, U+203A: 0xE2)? Also true
/// of `#` and `&`, which are `"` and `'` but for bits 0 and 2, as [`next_mark_byte`]
/// tests eight bytes at a time.
fn may_start_mark(b: u8) -> bool {
    b | 0x05 == b'\'' || b | 0x20 == 0xE2
}

/// The first byte at or after `from` that may start a quote mark ([`may_start_mark`]).
/// Marks are rare, so the scan looks at bytes, not at every character, eight at a time:
/// in a word of eight bytes, OR-ing in the bits the candidates differ by and XOR-ing with
/// the result turns each candidate into a zero byte. The caller skips what is no mark.
fn next_mark_byte(body: &str, from: usize) -> Option<usize> {
    use crate::bytes8::{ONES, bytes_equal};
    let bytes = body.as_bytes().get(from..)?;
    let (words, rest) = crate::bytes8::words(bytes);
    for (k, w) in words.enumerate() {
        let hits = bytes_equal(w | (ONES * 0x05), b'\'') | bytes_equal(w | (ONES * 0x20), 0xE2);
        if hits != 0 {
            return Some(from + 8 * k + (hits.trailing_zeros() / 8) as usize);
        }
    }
    let at = from + bytes.len() - rest.len();
    rest.iter().position(|&b| may_start_mark(b)).map(|i| at + i)
}

/// Is there a later ’ or ' in `rest` that can close a single quote?
fn later_single_closer(rest: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '’' | '\'')
            && prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | ',' | '!' | '?'))
            && chars.peek().is_none_or(|&n| is_closing_context(n))
        {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Appends the outermost of a block's `pairs` to `out`, in text order: a pair inside
/// another is part of its content.
fn top_level(pairs: &mut [QuoteSpan], out: &mut Vec<QuoteSpan>) {
    pairs.sort_by_key(|q| (q.outer.start, std::cmp::Reverse(q.outer.end)));
    let before = out.len();
    for &q in pairs.iter() {
        if out[before..]
            .last()
            .is_some_and(|l| l.outer.contains(q.outer))
        {
            continue;
        }
        out.push(q);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Meta;
    use crate::sentences::SentenceRules;

    fn doc(paras: &[&str]) -> Document {
        Document::from_paragraphs(paras, Meta::default(), &SentenceRules::default())
    }

    fn inner(paras: &[&str]) -> Vec<String> {
        let d = doc(paras);
        find(&d)
            .iter()
            .map(|q| d.slice(q.inner).to_string())
            .collect()
    }

    #[test]
    fn straight_and_curly_double_quotes() {
        assert_eq!(
            inner(&["\"We will not retreat,\" the minister said. “Never,” he added."]),
            vec!["We will not retreat,", "Never,"]
        );
    }

    #[test]
    fn guillemets_and_low_quotes() {
        assert_eq!(
            inner(&["The envoy called the plan «a good basis» and „a first step“ too."]),
            vec!["a good basis", "a first step"]
        );
        assert_eq!(
            inner(&["He spoke of ‹calm› and »order« in the region."]),
            vec!["calm", "order"]
        );
    }

    #[test]
    fn apostrophes_are_not_single_quotes() {
        assert_eq!(
            inner(&["Trump’s aides and the officials’ memo from the ’90s said ‘no deal’ twice."]),
            vec!["no deal"]
        );
        assert_eq!(
            inner(&["The ministers' talks don't end; 'we are close,' one said."]),
            vec!["we are close,"]
        );
    }

    #[test]
    fn plural_possessive_inside_single_quotes() {
        assert_eq!(
            inner(&["He said: ‘The officials’ plan is dead’ and left."]),
            vec!["The officials’ plan is dead"]
        );
    }

    #[test]
    fn nested_quotes_stay_inside_the_outer_one() {
        assert_eq!(
            inner(&["“They told us ‘wait’ and we waited,” she said."]),
            vec!["They told us ‘wait’ and we waited,"]
        );
    }

    #[test]
    fn unbalanced_mark_costs_only_its_paragraph() {
        assert_eq!(
            inner(&["He said “this never closes.", "Then “a real quote” came."]),
            vec!["a real quote"]
        );
    }

    #[test]
    fn quote_over_paragraphs_reopens_and_only_the_last_closes() {
        let d = doc(&[
            "“The first part goes on.",
            "“The second part ends here,” the aide said.",
        ]);
        let qs = find(&d);
        assert_eq!(qs.len(), 2);
        assert!(qs[0].runs_on && !qs[0].reopens);
        assert!(!qs[1].runs_on && qs[1].reopens);
        assert_eq!(d.slice(qs[0].inner), "The first part goes on.");
        assert_eq!(d.slice(qs[1].inner), "The second part ends here,");
    }

    #[test]
    fn doubled_apostrophes_are_double_quotes() {
        assert_eq!(
            inner(&["''We will see,'' the senator said of the deal's chances."]),
            vec!["We will see,"]
        );
    }

    #[test]
    fn mark_bytes_are_found_eight_at_a_time_as_one_at_a_time() {
        let text = "ab\"cd’ef «gh» x#y&z 'é—…‘“„ 0123456789 plain words without a mark at all.";
        for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let expected = text.as_bytes()[from..]
                .iter()
                .position(|&b| matches!(b, b'"' | b'\'' | b'#' | b'&' | 0xC2 | 0xE2))
                .map(|i| from + i);
            assert_eq!(next_mark_byte(text, from), expected, "from {from}");
        }
    }

    #[test]
    fn never_panics_on_marks_at_edges() {
        for s in [
            "\"",
            "’",
            "«",
            "“”",
            "'a'",
            "a'",
            "’’’",
            "„“",
            "''",
            "'''",
            "a''",
        ] {
            let _ = inner(&[s]);
        }
    }
}
