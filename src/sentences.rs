//! Sentence splitting: Unicode's sentence bounds (UAX #29, via unicode-segmentation),
//! corrected where news prose fools them: abbreviations (Mr., Gen., U.S., Dec.) and
//! initials ("Donald J. Trump") do not end a sentence.
//!
//! Takes a block's span, gives the spans of its sentences, trimmed of white space.

// FxHash, not SipHash: the tables are built from our rule files, so there is no flood of
// chosen keys to resist, and hashing words was a tenth of the whole run.
use rustc_hash::FxHashSet;
use unicode_segmentation::UnicodeSegmentation;

use crate::document::Span;
use crate::rules::{RuleError, RuleSet};

/// Words that end with a period without ending the sentence.
#[derive(Debug, Default)]
pub struct SentenceRules {
    abbreviations: FxHashSet<String>,
}

impl SentenceRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("abbreviations.txt")?;
        let mut abbreviations = FxHashSet::default();
        for (line, fields) in &file.lines {
            let w = &fields[0];
            if !w.ends_with('.') {
                return Err(RuleError::syntax(
                    file,
                    *line,
                    "an abbreviation ends with '.'",
                ));
            }
            abbreviations.insert(w.to_lowercase());
        }
        Ok(SentenceRules { abbreviations })
    }

    /// Does this text end with an abbreviation or an initial rather than a full stop?
    fn ends_with_abbreviation(&self, text: &str) -> bool {
        let text = text.trim_end();
        if !text.ends_with('.') {
            return false;
        }
        let last = text
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
            .next()
            .unwrap_or("");
        if self.abbreviations.contains(&last.to_lowercase()) {
            return true;
        }
        // An initial: one capital letter and a period ("J.", and "U.S." style chains).
        let body = last.trim_end_matches('.');
        !body.is_empty()
            && body
                .split('.')
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
    }
}

/// The sentences of `text[span]`.
pub fn split(text: &str, span: Span, rules: &SentenceRules) -> Vec<Span> {
    let block = &text[span.start..span.end];
    let mut out: Vec<Span> = Vec::new();
    let mut pending_start: Option<usize> = None;
    for (off, piece) in block.split_sentence_bound_indices() {
        let start = pending_start.unwrap_or(off);
        let end = off + piece.len();
        let chunk = &block[start..end];
        let next_is_sentence = block[end..]
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| !c.is_lowercase());
        if end < block.len() && rules.ends_with_abbreviation(chunk) && next_is_sentence {
            // The break after an abbreviation is kept only where a new line starts.
            if !chunk.ends_with('\n') {
                pending_start = Some(start);
                continue;
            }
        }
        pending_start = None;
        let mut from = start;
        for at in run_together_stops(chunk) {
            if let Some(s) = trimmed(block, from, start + at) {
                out.push(Span::new(span.start + s.start, span.start + s.end));
            }
            from = start + at;
        }
        if let Some(s) = trimmed(block, from, end) {
            out.push(Span::new(span.start + s.start, span.start + s.end));
        }
    }
    if let Some(start) = pending_start
        && let Some(s) = trimmed(block, start, block.len())
    {
        out.push(Span::new(span.start + s.start, span.start + s.end));
    }
    out
}

/// Where sentences run together with no space after the full stop ("the
/// president.Sylwester Kaczmarek said"), a slip common in copied and machine-translated
/// text that Unicode's rules read as one word: the offsets just after such stops. The word
/// before the stop must be lowercase and at least two letters long, and the one after a
/// capitalised word, which keeps out initials (J.K.), acronyms (U.S.), decimals and
/// domain names (example.com).
fn run_together_stops(chunk: &str) -> Vec<usize> {
    let bytes = chunk.as_bytes();
    let mut stops = Vec::new();
    for (i, _) in chunk.match_indices('.') {
        let before = &chunk[..i];
        let word = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        let after = &chunk[i + 1..];
        let mut next = after.chars();
        let starts_word = next.next().is_some_and(char::is_uppercase)
            && next.next().is_some_and(char::is_lowercase);
        let lowercase_word = word.chars().count() >= 2 && word.chars().all(char::is_lowercase);
        // The word must stand alone: "www.example.Com" and paths are not prose.
        let standalone = before
            .len()
            .checked_sub(word.len() + 1)
            .and_then(|j| bytes.get(j))
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'(' | b','));
        if starts_word && lowercase_word && standalone {
            stops.push(i + 1);
        }
    }
    stops
}

fn trimmed(block: &str, start: usize, end: usize) -> Option<Span> {
    let piece = &block[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (lead + trail < piece.len()).then(|| Span::new(start + lead, end - trail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        let rules = SentenceRules::compile(&RuleSet::defaults()).unwrap();
        split(text, Span::new(0, text.len()), &rules)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            sents(
                "Mr. Trump met Gen. Smith on Dec. 2. Donald J. Trump left. The U.S. Senate voted."
            ),
            vec![
                "Mr. Trump met Gen. Smith on Dec. 2.",
                "Donald J. Trump left.",
                "The U.S. Senate voted."
            ]
        );
    }

    #[test]
    fn sentences_run_together_without_a_space_are_split() {
        assert_eq!(
            sents("It was signed by the president.Maria Lindqvist said it would last."),
            vec![
                "It was signed by the president.",
                "Maria Lindqvist said it would last."
            ]
        );
        assert_eq!(
            sents("Visit www.example.Com or see J.K. Rowling and U.S.Army files at 3.5 per cent."),
            vec!["Visit www.example.Com or see J.K. Rowling and U.S.Army files at 3.5 per cent."]
        );
    }

    #[test]
    fn quotes_closing_after_the_period_stay_with_their_sentence() {
        assert_eq!(
            sents("He said it was \"useful.\" Then he left."),
            vec!["He said it was \"useful.\"", "Then he left."]
        );
    }
}
