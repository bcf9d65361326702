//! Sentence splitting: Unicode's sentence bounds (UAX #29, via unicode-segmentation),
//! corrected where news prose fools them: abbreviations (Mr., Gen., U.S., Dec.) and
//! initials ("Donald J. Trump") do not end a sentence.
//!
//! Takes a block's span, gives the spans of its sentences, trimmed of white space.
//!
//! Unicode's bounds are the crate's, exactly, but the crate is run only on short windows of
//! the text: see [`bound_starts`].

// FxHash, not SipHash: the tables are built from our rule files, so there is no flood of
// chosen keys to resist, and hashing words was a tenth of the whole run.
use unicode_segmentation::UnicodeSegmentation;

use crate::document::Span;
use crate::lexicon::LowerLexicon;
use crate::rules::{RuleError, RuleSet};

/// Words that end with a period without ending the sentence.
#[derive(Debug, Default)]
pub struct SentenceRules {
    abbreviations: LowerLexicon<()>,
}

impl SentenceRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("abbreviations.txt")?;
        let mut abbreviations = LowerLexicon::default();
        for (line, fields) in &file.lines {
            let w = &fields[0];
            if !w.ends_with('.') {
                return Err(RuleError::syntax(
                    file,
                    *line,
                    "an abbreviation ends with '.'",
                ));
            }
            abbreviations.entry(w.to_lowercase());
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
        if self.abbreviations.contains(last) {
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
    let mut out = Vec::new();
    split_each(text, span, rules, &mut Scratch::default(), |s| out.push(s));
    out
}

/// Scratch space for [`split_each`], for a caller that splits many blocks to lend the same
/// one each time.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Where the crate's sentence pieces start.
    starts: Vec<usize>,
    /// The full stops that may join two sentences run together (see
    /// [`run_together_stop`]), in order.
    joins: Vec<usize>,
}

/// [`split`], handing each sentence to `emit`.
pub fn split_each(
    text: &str,
    span: Span,
    rules: &SentenceRules,
    scratch: &mut Scratch,
    mut emit: impl FnMut(Span),
) {
    let block = &text[span.start..span.end];
    let mut pending_start: Option<usize> = None;
    let Scratch { starts, joins } = scratch;
    bound_starts(block, starts, joins);
    let mut joins = joins.iter().copied().peekable();
    for (k, &off) in starts.iter().enumerate() {
        let start = pending_start.unwrap_or(off);
        let end = starts.get(k + 1).copied().unwrap_or(block.len());
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
        while joins.next_if(|&j| j < start).is_some() {}
        while let Some(j) = joins.next_if(|&j| j < end) {
            if !run_together_stop(chunk, j - start) {
                continue;
            }
            if let Some(s) = trimmed(block, from, j + 1) {
                emit(Span::new(span.start + s.start, span.start + s.end));
            }
            from = j + 1;
        }
        if let Some(s) = trimmed(block, from, end) {
            emit(Span::new(span.start + s.start, span.start + s.end));
        }
    }
    if let Some(start) = pending_start
        && let Some(s) = trimmed(block, start, block.len())
    {
        emit(Span::new(span.start + s.start, span.start + s.end));
    }
}

/// The offsets where unicode-segmentation's sentence pieces of `block` start (none for an
/// empty block): what `split_sentence_bound_indices` gives, at a fraction of its cost.
///
/// The crate looks up every character in its tables; that was an eighth of the whole run.
/// Yet its rules (UAX #29) break only after a paragraph separator (CR, LF, U+0085, U+2028,
/// U+2029: rule SB4) or after a terminator (STerm, ATerm) followed by closing marks, spaces
/// and at most one separator (SB11). Its decision at a character looks back over closing
/// marks, spaces and separators to the last other character, and ahead (SB8) to the next
/// letter; a letter stops both looks. So:
/// - a stretch that starts just after a letter and holds no terminator or separator has no
///   bound inside it;
/// - the text can be cut between two ASCII letters (never a bound) and each side handed to
///   the crate alone, with the same bounds, less the two the cut itself adds.
///
/// Hence the crate runs only on a window around each character that may be a terminator or
/// a separator, from the last pair of ASCII letters before it to the first pair after it.
///
/// `joins` gets the full stops in those windows: every full stop followed by a letter is
/// in one (a plain stop is followed by a space, a closing mark or nothing), so that the
/// stops that may join sentences run together are found without another pass.
fn bound_starts(block: &str, starts: &mut Vec<usize>, joins: &mut Vec<usize>) {
    starts.clear();
    joins.clear();
    if block.is_empty() {
        return;
    }
    starts.push(0);
    let bytes = block.as_bytes();
    let letters_meet =
        |p: usize| bytes[p - 1].is_ascii_alphabetic() && bytes[p].is_ascii_alphabetic();
    // `from` is always 0, the end, or a cut between two ASCII letters.
    let mut from = 0;
    while let Some(at) = next_possible_end(block, from) {
        match plain_stop(block, at) {
            Some(PlainStop::Last) => break,
            Some(PlainStop::BoundAt { start, cut }) => {
                starts.push(start);
                from = cut;
                continue;
            }
            None => {}
        }
        let window_start = (from + 1..at)
            .rev()
            .find(|&p| letters_meet(p))
            .unwrap_or(from);
        let window_end = (at + 2..bytes.len())
            .find(|&q| letters_meet(q))
            .unwrap_or(bytes.len());
        joins.extend(
            block.as_bytes()[at..window_end]
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'.')
                .map(|(i, _)| at + i),
        );
        // The window's first piece starts at its start: a bound only at the block's start,
        // which is in already.
        for (off, _) in block[window_start..window_end]
            .split_sentence_bound_indices()
            .skip(1)
        {
            starts.push(window_start + off);
        }
        from = window_end;
    }
}

/// What the crate makes of a plain stop.
enum PlainStop {
    /// Nothing but closing marks follows: no bound up to the block's end.
    Last,
    /// A new sentence starts at `start`; `cut` is just after its capital, where it meets
    /// the letter after it.
    BoundAt { start: usize, cut: usize },
}

/// Most stops are plain: a full stop, question or exclamation mark, maybe closing quotes or
/// brackets, then the block's end (no bound: a break between closing marks is never one,
/// SB9); or a letter or digit, the stop and its closing marks, then spaces and a
/// capitalised word, maybe behind an opening quote or bracket. Their bounds are known
/// without asking the crate. By UAX #29 as it implements it: after a letter or digit the
/// terminator breaks nothing (SB11 wants a terminator before it); closing marks and spaces
/// after it continue the sentence (SB9, SB10); the opening mark or the capital then starts
/// a new one (SB11), as SB6 (a digit right after the stop), SB7 (a capital right after it),
/// SB8 (a lowercase letter ahead) and SB8a do not apply. Anything else is left to the
/// crate.
fn plain_stop(block: &str, at: usize) -> Option<PlainStop> {
    let bytes = block.as_bytes();
    if !matches!(bytes.get(at), Some(b'.' | b'!' | b'?')) {
        return None;
    }
    let after_closers =
        block[at + 1..].trim_start_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}']);
    // Whatever stands before the stop: the only bound it could give is the block's end.
    if after_closers.is_empty() {
        return Some(PlainStop::Last);
    }
    let after_letter = at
        .checked_sub(1)
        .and_then(|p| bytes.get(p))
        .is_some_and(u8::is_ascii_alphanumeric);
    if !after_letter {
        return None;
    }
    let word = after_closers.trim_start_matches(' ');
    if word.len() == after_closers.len() {
        return None;
    }
    // An opening quote or bracket (Close to UAX #29, like the closing ones) before the
    // capital: the new sentence starts with it.
    let opener = ['"', '\'', '(', '\u{201c}', '\u{2018}']
        .into_iter()
        .find(|&q| word.starts_with(q))
        .map_or(0, char::len_utf8);
    let w = &word.as_bytes()[opener..];
    let capitalised = w.len() >= 2 && w[0].is_ascii_uppercase() && w[1].is_ascii_alphabetic();
    let start = block.len() - word.len();
    capitalised.then_some(PlainStop::BoundAt {
        start,
        cut: start + opener + 1,
    })
}

/// The offset of the first character from `from` on that may end a sentence.
fn next_possible_end(block: &str, from: usize) -> Option<usize> {
    let bytes = block.as_bytes();
    let mut i = from;
    loop {
        // Through ASCII eight bytes at a time, the bulk of the text; then a whole character.
        i += first_stop_byte(bytes.get(i..)?)?;
        let c = block.get(i..)?.chars().next()?;
        if may_end_sentence(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
}

/// The first byte of `bytes` that is not ASCII or is `.`, `!`, `?`, a line feed or a
/// carriage return: eight bytes at a time, as a word, where a byte-by-byte search compares
/// each byte with the five in turn.
fn first_stop_byte(bytes: &[u8]) -> Option<usize> {
    use crate::bytes8::{HIGH, bytes_equal as equal};
    let (words, rest) = crate::bytes8::words(bytes);
    for (k, x) in words.enumerate() {
        let hits = (x & HIGH)
            | equal(x, b'.')
            | equal(x, b'!')
            | equal(x, b'?')
            | equal(x, b'\n')
            | equal(x, b'\r');
        if hits != 0 {
            return Some(8 * k + hits.trailing_zeros() as usize / 8);
        }
    }
    let at = bytes.len() - rest.len();
    let p = rest
        .iter()
        .position(|&b| !b.is_ascii() || matches!(b, b'.' | b'!' | b'?' | b'\n' | b'\r'))?;
    Some(at + p)
}

/// Might Unicode's tables make this character a sentence terminator (STerm, ATerm) or a
/// paragraph separator? Exact for ASCII; outside it, the ranges where news text has its
/// quotes, dashes, spaces and accented letters were checked against the crate (see the
/// tests), and everything else is taken as a possible terminator.
fn may_end_sentence(c: char) -> bool {
    match c {
        '.' | '!' | '?' | '\n' | '\r' => true,
        '\0'..='\u{7f}' => false,
        '\u{a0}'..='\u{36f}' => false,
        '\u{2000}'..='\u{2023}' | '\u{2025}'..='\u{2027}' | '\u{202a}'..='\u{203b}' => false,
        _ => true,
    }
}

/// Does the full stop at `i` of `chunk` end a sentence run together with the next, with no
/// space after it ("the president.Sylwester Kaczmarek said"), a slip common in copied and
/// machine-translated text that Unicode's rules read as one word? The word before the stop
/// must be lowercase and at least two letters long, and the one after a capitalised word,
/// which keeps out initials (J.K.), acronyms (U.S.), decimals and domain names
/// (example.com).
fn run_together_stop(chunk: &str, i: usize) -> bool {
    let bytes = chunk.as_bytes();
    let (Some(before), Some(after)) = (chunk.get(..i), chunk.get(i + 1..)) else {
        return false;
    };
    let mut next = after.chars();
    let starts_word =
        next.next().is_some_and(char::is_uppercase) && next.next().is_some_and(char::is_lowercase);
    if !starts_word {
        return false;
    }
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let lowercase_word = word.chars().count() >= 2 && word.chars().all(char::is_lowercase);
    // The word must stand alone: "www.example.Com" and paths are not prose.
    let standalone = before
        .len()
        .checked_sub(word.len() + 1)
        .and_then(|j| bytes.get(j))
        .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'(' | b','));
    lowercase_word && standalone
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

    /// The bounds as the crate gives them over the whole block: what `bound_starts` must
    /// reproduce.
    fn crate_starts(block: &str) -> Vec<usize> {
        block
            .split_sentence_bound_indices()
            .map(|(off, _)| off)
            .collect()
    }

    fn assert_same_bounds(block: &str) {
        let (mut starts, mut joins) = (Vec::new(), Vec::new());
        bound_starts(block, &mut starts, &mut joins);
        assert_eq!(starts, crate_starts(block), "bounds differ in {block:?}");
        // Every full stop followed by something other than a space or a closing mark (by
        // any letter) is among the joins.
        for (i, _) in block.match_indices('.') {
            let next = block[i + 1..].chars().next();
            let plain = [' ', '"', '\'', ')', ']', '\u{201d}', '\u{2019}'];
            if next.is_some_and(|c| !plain.contains(&c)) {
                assert!(joins.contains(&i), "{i} not a join in {block:?}");
            }
        }
    }

    #[test]
    fn characters_taken_as_quiet_never_end_a_sentence_for_the_crate() {
        // Every character `may_end_sentence` lets through, between letters and before a
        // capital, where a terminator or a separator would give a bound.
        let quiet = (0..=0x3ffff)
            .filter_map(char::from_u32)
            .filter(|&c| !may_end_sentence(c));
        let mut n = 0;
        for c in quiet {
            let probe = format!("ab{c} Cd");
            assert_eq!(crate_starts(&probe), vec![0], "{c:?} ends a sentence");
            n += 1;
        }
        assert!(n > 800);
        for probe in ["ab. Cd", "ab! Cd", "ab? Cd", "ab\n Cd", "ab\r Cd"] {
            assert_eq!(crate_starts(probe).len(), 2, "{probe:?}");
        }
    }

    #[test]
    fn the_word_search_finds_the_first_stop_byte() {
        let slow = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| !b.is_ascii() || b".!?\n\r".contains(&b))
        };
        let text =
            "Plain words, then a stop. And: \u{e9}t\u{e9}!\r\nWhy? \u{2019}x\u{0}\u{7f}-/>@ ok";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            for to in from..=bytes.len() {
                assert_eq!(first_stop_byte(&bytes[from..to]), slow(&bytes[from..to]));
            }
        }
        // Every byte value, alone and in each place of a word, before a stop and not.
        for b in 0..=255u8 {
            assert_eq!(first_stop_byte(&[b]), slow(&[b]), "{b}");
            for at in 0..8 {
                for word in [*b"abcdefgh", *b"abcdefg.", *b".bcdefgh"] {
                    let mut word = word;
                    word[at] = b;
                    assert_eq!(first_stop_byte(&word), slow(&word), "{b} at {at}");
                }
            }
        }
    }

    #[test]
    fn bounds_match_the_crate_on_tricky_text() {
        for block in [
            "",
            ".",
            "a",
            "Hello. World",
            "He said \"Stop.\" Then (after a while.) she left! Did she? Yes.",
            "It ended.\u{201d} \u{201c}Then what?\u{201d} he asked.",
            "It was 3.5 per cent. e.g. this one. and lowercase after a period.",
            "Wait... what? No\u{2026} Yes\u{2026}. And then\u{2026} nothing.",
            "Mr. Smith met Dr. Jones at 5 p.m. on Dec. 2. The U.S. Senate voted.",
            "Line one\nLine two\r\nLine three.\u{2029}Next\u{85}and\u{2028}more",
            "Путин сказал. Ушаков ответил! 中文句子。下一句。 Ελληνικά; ναι.",
            "Caf\u{e9}. \u{c9}t\u{e9}.  \u{a0}Non\u{a0}. \u{300}x.\u{300} Y",
            "A)B. (C) [d.] {E} \"f.\" 'G.' \u{2018}h.\u{2019} \u{ab}I.\u{bb} j",
            "x.\u{200b}Y z.\u{ad} W v.\u{fe0f} U \u{2024} T\u{fe52} s\u{ff0e} R",
            "No.1 and No. 2 and U.S.A.B.C. ok. end.",
            "Plain. Stops! Here? Yes.\" Quoted.\u{201d} Curly.\u{2019}) Closed.] A",
            "Ends.\"",
            "Ends!\u{201d}\u{2019}",
            "x. Y",
            "x.  Yz x.\tYz x.Yz x. yz x. 1z x. (Yz x.\" yz x.) Yz x.. Yz 5. Yz",
        ] {
            assert_same_bounds(block);
        }
    }

    #[test]
    fn bounds_match_the_crate_on_random_text() {
        const PARTS: &[&str] = &[
            "a", "b", "Z", "Mr", "de", "The", ".", ".", "!", "?", " ", " ", "  ", "\n", "\r\n",
            "\"", "'", ")", "(", "]", "1", "2", ",", "-", ":", ";", "\u{2019}", "\u{201d}",
            "\u{201c}", "\u{2018}", "\u{a0}", "\u{2026}", "\u{2014}", "\u{2029}", "\u{85}",
            "\u{e9}", "\u{416}", "\u{436}", "\u{3002}", "\u{300}", "\u{200b}", "\u{203c}",
            "\u{2024}", "\u{ff0e}", "\u{5d0}", "\t", "...", "U.S.", "e.g.", "_", ">", "{", "}",
            "\u{b}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..30_000 {
            let len = next() % 24;
            let block: String = (0..len)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            assert_same_bounds(&block);
        }
    }
}
