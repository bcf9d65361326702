//! A glance over a whole document for the few words a stage is anchored on (meeting words,
//! units of time), to tell which sentences cannot hold what the stage looks for: those
//! are never cut into tokens. Most sentences of an article are such sentences, and a
//! glance that reads the text a word at a time cost more than cutting the rest.
//!
//! The words are looked for, lower case, in the document with its ASCII letters
//! lower-cased, by a SIMD multi-substring searcher (Teddy, of aho-corasick) that passes
//! over text without them many bytes at a time. It only tells where one of them starts,
//! maybe inside a longer word: the stage then judges each such place in its sentence.

use aho_corasick::packed::{Config, Searcher};
use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::document::Span;

/// The bytes of `text` with its ASCII letters lower-cased, as the glance reads it: made in
/// one pass, where `str::to_ascii_lowercase` copies the text and then lower-cases the copy
/// (the copy was half the cost, counted in instructions).
pub(crate) fn lower_ascii(text: &str) -> Vec<u8> {
    text.bytes().map(|b| b.to_ascii_lowercase()).collect()
}

/// The Kelvin sign, the one non-ASCII letter whose lower case is ASCII ("k"): the glance
/// reports it, and a sentence with it is always read.
pub(crate) const KELVIN: &str = "\u{212A}";

#[derive(Debug)]
pub(crate) struct Glance {
    /// None where the CPU lacks the instructions the searcher needs: then every byte a
    /// word starts with is a place to judge.
    finder: Option<Searcher>,
    /// The words shorter than three bytes ("hr"), looked for apart: among them the
    /// searcher would tell places by their first two bytes, not three, and check twice
    /// the false alarms.
    short: Option<AhoCorasick>,
    /// The first bytes of the words (and of the Kelvin sign), for that case.
    firsts: [bool; 256],
}

impl Glance {
    /// A glance for `words`, given in lower case.
    pub(crate) fn new<'w>(words: impl Iterator<Item = &'w str>) -> Glance {
        let words: Vec<&str> = words.collect();
        // Only the places matter, so a word that another word starts ("meetings" after
        // "meet") need not be looked for: fewer words, fewer false alarms to check.
        let mut needles: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| {
                !w.is_empty()
                    && !words
                        .iter()
                        .any(|v| !v.is_empty() && v.len() < w.len() && w.starts_with(v))
            })
            .collect();
        needles.push(KELVIN);
        needles.sort_unstable();
        needles.dedup();
        let mut firsts = [false; 256];
        for n in &needles {
            if let Some(&b) = n.as_bytes().first() {
                firsts[usize::from(b)] = true;
            }
        }
        let (short, long): (Vec<&str>, Vec<&str>) = needles.iter().partition(|n| n.len() < 3);
        // The "fat" kind spreads the words over twice the buckets: fewer false alarms to
        // check, a third fewer instructions on news text than the kind the searcher picks
        // for a few dozen words. It needs AVX2; without it, the kind the CPU allows.
        let build = |config: &mut Config| config.builder().extend(&long).build();
        let mut finder =
            build(Config::new().only_teddy_fat(Some(true))).or_else(|| build(&mut Config::new()));
        // The automaton that is quickest to build: a short word's search is nearly all its
        // prefilter's.
        let short = (!short.is_empty()).then(|| {
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .build(&short)
        });
        let short = match short {
            None => None,
            Some(Ok(short)) => Some(short),
            Some(Err(_)) => {
                // Never to miss a word: every place a word may start is judged.
                finder = None;
                None
            }
        };
        Glance {
            finder,
            short,
            firsts,
        }
    }

    /// Every byte of `lowered` where one of the words (or the Kelvin sign) starts, in
    /// order.
    fn places(&self, lowered: &[u8]) -> Vec<usize> {
        let Some(finder) = &self.finder else {
            return (0..lowered.len())
                .filter(|&i| self.firsts[usize::from(lowered[i])])
                .collect();
        };
        // From the next byte on after each, not after the match: another word may start
        // inside this one.
        let mut places = Vec::new();
        let mut at = 0;
        while let Some(m) = finder.find_in(lowered, aho_corasick::Span::from(at..lowered.len())) {
            places.push(m.start());
            at = m.start() + 1;
        }
        let Some(short) = &self.short else {
            return places;
        };
        let mut shorts = Vec::new();
        let mut at = 0;
        while let Some(m) = short.find(aho_corasick::Input::new(lowered).range(at..)) {
            shorts.push(m.start());
            at = m.start() + 1;
        }
        // Both lists are in order: merged, they are.
        let mut merged = Vec::with_capacity(places.len() + shorts.len());
        let (mut a, mut b) = (places.into_iter().peekable(), shorts.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if y < x => b.next(),
                (Some(_), _) => a.next(),
                (None, _) => b.next(),
            };
            match next {
                Some(p) => merged.push(p),
                None => return merged,
            }
        }
    }

    /// For each span of `text` (`lowered` is [`lower_ascii`] of `text`): does it hold the
    /// Kelvin sign, or a place where one of the words starts that `holds` accepts? `holds`
    /// is given the span's text, its lower-cased bytes and the place's byte in it.
    pub(crate) fn spans_holding(
        &self,
        text: &str,
        lowered: &[u8],
        spans: impl Iterator<Item = Span>,
        holds: impl Fn(&str, &[u8], usize) -> bool,
    ) -> Vec<bool> {
        let places = self.places(lowered);
        spans
            .map(|span| {
                let sentence = text.get(span.start..span.end).unwrap_or("");
                let lower = lowered.get(span.start..span.end).unwrap_or(&[]);
                let from = places.partition_point(|&p| p < span.start);
                places[from..]
                    .iter()
                    .take_while(|&&p| p < span.end)
                    .map(|&p| p - span.start)
                    .any(|i| {
                        sentence.get(i..).is_some_and(|r| r.starts_with(KELVIN))
                            || holds(sentence, lower, i)
                    })
            })
            .collect()
    }

    /// Glances without the SIMD searcher, as on a CPU without it.
    #[cfg(test)]
    pub(crate) fn without_simd(&mut self) {
        self.finder = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_of_words_inside_words_and_of_the_kelvin_sign() {
        let text = "Meetings, a comet. 5 \u{212A}m. Nothing.";
        let lowered = lower_ascii(text);
        let mut spans = Vec::new();
        for s in text.split_inclusive(". ") {
            let start = spans.last().map_or(0, |s: &Span| s.end);
            spans.push(Span::new(start, start + s.len()));
        }
        let mut glance = Glance::new(["meet", "meetings", "met", "co", "km"].into_iter());
        let starts_meet =
            |s: &str, _: &[u8], i: usize| s.get(i..).is_some_and(|r| r.starts_with("Meet"));
        let holds = glance.spans_holding(text, &lowered, spans.iter().copied(), starts_meet);
        assert_eq!(holds, [true, true, false]);
        let places = glance.places(&lowered);
        if glance.finder.is_some() {
            assert_eq!(places, [0, 12, 14, 21]);
        }
        // Without the searcher, more places to judge and the same answers.
        glance.without_simd();
        let all = glance.places(&lowered);
        assert!(places.iter().all(|p| all.contains(p)));
        let again = glance.spans_holding(text, &lowered, spans.iter().copied(), starts_meet);
        assert_eq!(again, holds);
    }
}
