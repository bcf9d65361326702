//! Dates: the calendar dates an article gives ("On Tuesday, December 2", "2 December",
//! "Dec. 2", "yesterday", "last month", "two weeks ago", "on Monday", "in March 2024",
//! "since 2014"), resolved to YYYY-MM-DD (or YYYY-MM, YYYY) against the publication date.
//!
//! Takes the document (and its `meta.published`); gives the `dates` of the record, ids
//! "dt1", "dt2", ... in text order. Each sentence is scanned once by a handful of patterns
//! compiled in [`DateRules::compile`]; where two patterns claim the same words the longer
//! wins ("Tuesday, December 2" is one date). Relative dates ("yesterday", "on Monday") need
//! the publication date and are null without one; a month or day without a year takes the
//! year that puts it nearest the publication date. Month names come from
//! [`crate::calendar`], every other word list from `rules/dates.tsv`.

use std::cell::OnceCell;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_automata::meta::{CapturesMatches, Regex};
use regex_automata::util::captures::Captures;
// FxHash, not SipHash: the tables are built from our rule files, so there is no flood of
// chosen keys to resist, and hashing words was a tenth of the whole run.
use rustc_hash::{FxHashMap, FxHashSet};

use crate::calendar::{self, Day, MONTH_PATTERN, MONTH_PREFIXES};
use crate::document::{Document, Span};
use crate::record::{CharSpan, Date};
use crate::rules::{RuleError, RuleSet, field};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shift {
    Last,
    Next,
    This,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    Day,
    Week,
    Month,
    Year,
}

/// The date patterns, as bits of the sets [`Cues::patterns_in`] gives.
const MONTH_DAY: usize = 0;
const DAY_MONTH: usize = 1;
const MONTH_YEAR: usize = 2;
const ISO: usize = 3;
const YEAR: usize = 4;
const WEEKDAY: usize = 5;
const RELATIVE: usize = 6;
const AGO: usize = 7;
const PATTERNS: usize = 8;

/// The month names that the month-and-year pattern reads, as written.
const MONTHS_FULL: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The compiled patterns and word lists of `rules/dates.tsv`.
#[derive(Debug)]
pub struct DateRules {
    weekdays: FxHashMap<String, u32>,
    shifts: FxHashMap<String, Shift>,
    relative: FxHashMap<String, (Grain, i64)>,
    triggers: FxHashSet<String>,
    /// Triggers too weak for the month that is also a name and a verb ("for May").
    weak_triggers: FxHashSet<String>,
    day_parts: FxHashSet<String>,
    year_triggers: FxHashSet<String>,
    future: FxHashSet<String>,
    /// Where in a sentence a future word may be: each written with either apostrophe, ASCII
    /// case-insensitive, and the Kelvin sign (which lower-cases to "k"). Built when a
    /// sentence's tense is first needed (at once for a rule file given with `--rules`);
    /// `None` only if it cannot be, and then every word of the sentence is read.
    future_cues: OnceLock<Option<AhoCorasick>>,
    future_forms: Vec<String>,
    /// The eight date patterns, by index ([`MONTH_DAY`] ... [`AGO`]):
    /// "Tuesday, December 2, 2025", "December 2", "Dec. 2"; "2 December 2025", "the 2nd of
    /// December"; "March 2024", "March"; "2025-12-02"; "2025" (only after a trigger word);
    /// "last Tuesday", "Tuesday evening"; "yesterday", "last month"; "seven years ago".
    patterns: [Pattern; PATTERNS],
    /// The words the eight patterns cannot match without: one pass over a sentence
    /// tells which of them to run, and most sentences hold no date at all.
    cues: Cues,
    ago_numbers: FxHashMap<String, i64>,
    /// Unit word: the grain of the date it gives and how many of that grain it is.
    ago_units: FxHashMap<String, (Grain, i64)>,
    /// What [`DateRules::read`] needs to read all patterns but the day-before-month one
    /// off a sentence's words. `None` when a rule word is not the plain kind of word it
    /// assumes ([`readable_words`]): the patterns then read every sentence.
    readers: Option<Readers>,
}

/// What the readers need beyond the word tables.
#[derive(Debug)]
struct Readers {
    /// The relative phrases by their first word, each list in the order of the pattern's
    /// alternation.
    relative_by_first: FxHashMap<String, Vec<Vec<String>>>,
    /// By pattern, the runs a reader starts from (the month name of "Dec. 2", the weekday
    /// of "last Tuesday"): most runs of a sentence are passed over on two bit tests.
    starts: [Starts; PATTERNS],
}

/// A set of words, as the first byte and the length of each: a run outside it is no word
/// of the set.
#[derive(Debug, Default, Clone, Copy)]
struct Starts {
    first: u128,
    /// Bit n: a word of n bytes (all lengths: any).
    lens: u64,
}

impl Starts {
    fn add(&mut self, word: &str, any_case: bool) {
        if let Some(&b) = word.as_bytes().first() {
            for b in [b, b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                if any_case || b == word.as_bytes()[0] {
                    self.first |= 1 << (b & 0x7F);
                }
            }
            self.lens |= 1 << word.len().min(63);
        }
    }

    /// May the run of `len` bytes that starts with byte `first` be a word of the set?
    fn admits(&self, first: u8, len: usize) -> bool {
        first < 0x80 && self.first >> first & 1 == 1 && self.lens >> len.min(63) & 1 == 1
    }
}

/// The words without which a date pattern cannot match, found in a sentence in one pass
/// over its bytes. Each cue is a run of ASCII letters, digits and underscores that the
/// patterns bound with `\b` (or a space) before it and, for most, after it: so it can only
/// be a whole run of such bytes in the text, or the start of one. The scan cuts the
/// sentence into those runs ([`word_runs`]) and checks each against the few cues that
/// share its first byte and fit its length, rather than running an automaton of every cue
/// over every byte.
#[derive(Debug)]
struct Cues {
    /// At most [`MAX_CUES`].
    cues: Vec<Cue>,
    /// Bit c of entry b: cue c may start with byte b (either case, for a cue matched in
    /// any case).
    by_first: [u64; 128],
    /// Bit c of entry n: cue c is a whole run of n bytes.
    whole_of_len: [u64; MAX_CUE_LEN + 1],
    /// Bit c of entry n: cue c starts a run, and is at most n bytes long.
    start_within: [u64; MAX_CUE_LEN + 1],
    /// The patterns cued by a run of four ASCII figures right before a hyphen.
    year_hyphen: u16,
    /// The patterns cued by the long s or the Kelvin sign, wherever they are: `(?i)` reads
    /// them as "s" and "k".
    folded: u16,
    /// The patterns no cue stands for: always run.
    always: u16,
    /// The patterns that read a day after a month name ("December 2", "Dec. 2") and
    /// before one ("2 December", "the 2nd of December"): a month name cues them only with
    /// the figures of their day next to it ([`month_shapes`]).
    month_day: u16,
    day_month: u16,
}

#[derive(Debug)]
struct Cue {
    text: Box<[u8]>,
    /// Matched as written, or ASCII case-insensitively.
    exact: bool,
    /// The patterns (bits) it lets run.
    patterns: u16,
}

/// The most cues and the longest cue the scan takes; any other makes its patterns run
/// always.
const MAX_CUES: usize = 64;
const MAX_CUE_LEN: usize = 16;

#[derive(Default)]
struct CuesBuilder {
    cues: Vec<Cue>,
    by_first: Vec<(u8, usize)>,
    whole: Vec<bool>,
    year_hyphen: u16,
    folded: u16,
    always: u16,
    month_day: u16,
    day_month: u16,
}

impl CuesBuilder {
    /// `word` cues `patterns`: matched as written, or ASCII case-insensitively; `bounded`
    /// says whether the patterns put a word boundary before and after it. A cue the scan
    /// cannot check (not a run of word bytes, not bounded before, too long, one too many)
    /// makes its patterns run always.
    fn add(&mut self, word: &str, exact: bool, patterns: u16, bounded: (bool, bool)) {
        let bytes = word.as_bytes();
        if let Some(same) = self
            .cues
            .iter_mut()
            .zip(&self.whole)
            .find(|(c, whole)| *c.text == *bytes && c.exact == exact && **whole == bounded.1)
        {
            same.0.patterns |= patterns;
            return;
        }
        if bytes.is_empty()
            || bytes.len() > MAX_CUE_LEN
            || !bytes.iter().all(|&b| is_word_byte(b))
            || !bounded.0
            || self.cues.len() == MAX_CUES
        {
            self.always |= patterns;
            return;
        }
        let c = self.cues.len();
        self.by_first.push((bytes[0], c));
        if !exact {
            self.by_first.push((bytes[0].to_ascii_lowercase(), c));
            self.by_first.push((bytes[0].to_ascii_uppercase(), c));
        }
        self.whole.push(bounded.1);
        self.cues.push(Cue {
            text: bytes.into(),
            exact,
            patterns,
        });
    }

    /// A phrase that a case-insensitive pattern matches, bounded by `\b` on both sides,
    /// with any spaces between its words: cued by its longest run of ASCII letters and
    /// digits, which (?i) matches in any case and, for "s" and "k", as the long s and the
    /// Kelvin sign too (those cue it wherever they are).
    fn add_folded(&mut self, phrase: &str, patterns: u16) {
        let run = phrase
            .split(|c: char| !c.is_ascii_alphanumeric())
            .max_by_key(|run| run.len())
            .filter(|run| !run.is_empty());
        match run {
            Some(run) => {
                self.add(run, false, patterns, bounds(phrase, run));
                if run.contains(['s', 'S', 'k', 'K']) {
                    self.folded |= patterns;
                }
            }
            None => self.always |= patterns,
        }
    }

    /// A phrase that a pattern matches as written, bounded by `\b` or spaces on both
    /// sides, with any spaces between its words.
    fn add_exact(&mut self, phrase: &str, patterns: u16) {
        match phrase.split_whitespace().max_by_key(|w| w.len()) {
            Some(word) => self.add(word, true, patterns, bounds(phrase, word)),
            None => self.always |= patterns,
        }
    }

    fn build(self) -> Cues {
        let mut by_first = [0; 128];
        for (b, c) in self.by_first {
            by_first[usize::from(b)] |= 1 << c;
        }
        let mut whole_of_len = [0; MAX_CUE_LEN + 1];
        let mut start_within = [0; MAX_CUE_LEN + 1];
        for (c, (cue, whole)) in self.cues.iter().zip(self.whole).enumerate() {
            if whole {
                whole_of_len[cue.text.len()] |= 1 << c;
            } else {
                for within in &mut start_within[cue.text.len()..] {
                    *within |= 1 << c;
                }
            }
        }
        Cues {
            cues: self.cues,
            by_first,
            whole_of_len,
            start_within,
            year_hyphen: self.year_hyphen,
            folded: self.folded,
            always: self.always,
            month_day: self.month_day,
            day_month: self.day_month,
        }
    }
}

/// A byte of a run: an ASCII letter, digit or underscore (what ASCII `\b` calls a word).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Calls `each(start, end)` for every run of word bytes ([`is_word_byte`]) of `bytes`
/// whose first byte `first` accepts, in order. The bytes are classified eight at a time,
/// a 64-bit mask for each 64 bytes; the runs start at the mask's rising edges, and only
/// the runs that `first` accepts are followed to their end. (A byte at a time, this scan
/// was most of the cost of finding dates.)
fn word_runs(bytes: &[u8], first: impl Fn(u8) -> bool, mut each: impl FnMut(usize, usize)) {
    // Whether the byte before the block is a word byte.
    let mut carry = 0;
    for (k, block) in bytes.chunks(64).enumerate() {
        let base = k * 64;
        let mask = word_mask_64(block);
        let mut starts = mask & !(mask << 1 | carry);
        carry = mask >> 63;
        while starts != 0 {
            let i = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if !first(block[i]) {
                continue;
            }
            let in_block = (!(mask >> i)).trailing_zeros() as usize;
            let mut end = base + i + in_block;
            if i + in_block == 64 {
                // The run goes on into the next block.
                end += bytes[end..]
                    .iter()
                    .position(|&b| !is_word_byte(b))
                    .unwrap_or(bytes.len() - end);
            }
            each(base + i, end);
        }
    }
}

/// Bit i set where byte i of `block` (at most 64 bytes) is a word byte.
fn word_mask_64(block: &[u8]) -> u64 {
    let mut mask = 0;
    for (k, chunk) in block.chunks(8).enumerate() {
        let word = match <[u8; 8]>::try_from(chunk) {
            Ok(word) => word,
            Err(_) => {
                let mut word = [0; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                word
            }
        };
        mask |= word_mask_8(u64::from_le_bytes(word)) << (8 * k);
    }
    mask
}

/// Bit i set where byte i of `chunk` is a word byte, all eight bytes tested at once.
fn word_mask_8(chunk: u64) -> u64 {
    use crate::bytes8::{HIGH, ONES};
    // The low seven bits of each byte; a byte with its high bit set is no word byte.
    let x = chunk & !HIGH;
    // The high bit of each byte set where that byte of `v` (below 0x80) is at least `n`:
    // adding 0x80 - n carries into the high bit, and never into the next byte.
    let at_least = |v: u64, n: u8| (v + ONES * u64::from(0x80 - n)) & HIGH;
    let lower = x | (ONES * 0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let underscore = !at_least(x ^ (ONES * u64::from(b'_')), 1) & HIGH;
    let word = (letter | digit | underscore) & !chunk & HIGH;
    // Gather the eight high bits into the low byte.
    ((word >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Is `part` (a slice of `phrase`) bounded in text wherever the phrase is, when the phrase
/// itself is: at an edge of the phrase, or next to a space (which patterns read as `\s+`)?
fn bounds(phrase: &str, part: &str) -> (bool, bool) {
    let start = part.as_ptr() as usize - phrase.as_ptr() as usize;
    let end = start + part.len();
    (
        phrase[..start]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace),
        phrase[end..].chars().next().is_none_or(char::is_whitespace),
    )
}

/// Does a month name of `text` (a run that starts with one of [`MONTH_PREFIXES`]) have a
/// day after it, and one before it, as the day-and-month patterns read them? Only a day of
/// ASCII figures gives a date (no other parses), so, after: the name's letters, a dot
/// maybe, spaces maybe, then a figure ("December 2", "Dec. 2", "Dec2"); before: the run
/// before the name, or before the "of" before it, starts with a figure ("2 December",
/// "the 2nd of December"). What comes between those runs is left to the patterns.
fn month_shapes(text: &str) -> (bool, bool) {
    let bytes = text.as_bytes();
    let (mut after, mut before) = (false, false);
    word_runs(
        bytes,
        |b| matches!(b, b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D'),
        |start, end| {
            if !MONTH_PREFIXES
                .iter()
                .any(|p| bytes[start..end].starts_with(p.as_bytes()))
            {
                return;
            }
            let letters = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .map_or(bytes.len(), |n| start + n);
            let rest = text.get(letters..).unwrap_or("");
            after |= rest
                .strip_prefix('.')
                .unwrap_or(rest)
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
            let mut day = run_before(bytes, start);
            if let Some((s, e)) = day
                && &bytes[s..e] == b"of"
            {
                day = run_before(bytes, s);
            }
            before |= day.is_some_and(|(s, _)| bytes[s].is_ascii_digit());
        },
    );
    (after, before)
}

/// Does `text` hold the long s or the Kelvin sign? One vectorised pass (memchr) for the
/// last byte of either (0xBF, 0xAA), which the non-ASCII of news text (curly quotes,
/// dashes, accented letters) seldom ends in, and a closer look only if one is there.
fn has_folding_letter(text: &str) -> bool {
    memchr::memchr2(0xBF, 0xAA, text.as_bytes()).is_some()
        && (text.contains('\u{17F}') || text.contains('\u{212A}'))
}

/// The last run of word bytes ([`is_word_byte`]) that ends at or before byte `at`.
fn run_before(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let head = bytes.get(..at)?;
    let end = head.iter().rposition(|&b| is_word_byte(b))? + 1;
    let start = head[..end]
        .iter()
        .rposition(|&b| !is_word_byte(b))
        .map_or(0, |i| i + 1);
    Some((start, end))
}

impl Cues {
    /// The patterns (bits) that may match in `text`.
    fn patterns_in(&self, text: &str) -> u16 {
        let bytes = text.as_bytes();
        let mut found = self.always;
        let years = self.year_hyphen != 0;
        word_runs(
            bytes,
            |b| self.by_first[usize::from(b)] != 0 || (years && b.is_ascii_digit()),
            |start, end| {
                let run = &bytes[start..end];
                found |= self.cued_by(run);
                if years
                    && run.len() == 4
                    && run.iter().all(u8::is_ascii_digit)
                    && bytes.get(end) == Some(&b'-')
                {
                    found |= self.year_hyphen;
                }
            },
        );
        if found & self.folded != self.folded && !text.is_ascii() && has_folding_letter(text) {
            found |= self.folded;
        }
        let shaped = found & (self.month_day | self.day_month) & !self.always;
        if shaped != 0 {
            let (month_day, day_month) = month_shapes(text);
            if !month_day {
                found &= !(shaped & self.month_day);
            }
            if !day_month {
                found &= !(shaped & self.day_month);
            }
        }
        found
    }

    /// The patterns that a run of word bytes cues, as a whole run or by its start.
    fn cued_by(&self, run: &[u8]) -> u16 {
        let Some(&first) = run.first().and_then(|&b| self.by_first.get(usize::from(b))) else {
            return 0;
        };
        let fits = match self.whole_of_len.get(run.len()) {
            Some(&whole) => whole | self.start_within[run.len()],
            None => self.start_within[MAX_CUE_LEN],
        };
        let mut candidates = first & fits;
        let mut found = 0;
        while candidates != 0 {
            let cue = &self.cues[candidates.trailing_zeros() as usize];
            candidates &= candidates - 1;
            let part = &run[..cue.text.len()];
            if (cue.exact && *part == *cue.text)
                || (!cue.exact && part.eq_ignore_ascii_case(&cue.text))
            {
                found |= cue.patterns;
            }
        }
        found
    }
}

fn alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.collect();
    // Longest first, so that "the day before yesterday" beats "yesterday".
    words.sort_by_key(|w| (std::cmp::Reverse(w.len()), (*w).clone()));
    words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

impl DateRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("dates.tsv")?;
        let mut weekdays = FxHashMap::default();
        let mut shifts = FxHashMap::default();
        let mut day_parts = Vec::new();
        let mut relative = FxHashMap::default();
        let mut triggers = FxHashSet::default();
        let mut year_triggers = FxHashSet::default();
        let mut weak_triggers = FxHashSet::default();
        let mut future = FxHashSet::default();
        let mut ago_numbers = FxHashMap::default();
        let mut ago_units = FxHashMap::default();
        for (line, f) in &file.lines {
            let line = *line;
            let word = field(file, line, f, 1)?.to_string();
            match f[0].as_str() {
                "weekday" => {
                    let i: u32 = field(file, line, f, 2)?
                        .parse()
                        .ok()
                        .filter(|i| *i < 7)
                        .ok_or_else(|| RuleError::syntax(file, line, "index is 0-6"))?;
                    weekdays.insert(word, i);
                }
                "weekday_shift" => {
                    let s = match field(file, line, f, 2)? {
                        "last" => Shift::Last,
                        "next" => Shift::Next,
                        "this" => Shift::This,
                        _ => return Err(RuleError::syntax(file, line, "last, next or this")),
                    };
                    shifts.insert(word.to_lowercase(), s);
                }
                "day_part" => day_parts.push(word.to_lowercase()),
                "relative" => {
                    let grain = match field(file, line, f, 2)? {
                        "day" => Grain::Day,
                        "week" => Grain::Week,
                        "month" => Grain::Month,
                        "year" => Grain::Year,
                        _ => {
                            return Err(RuleError::syntax(file, line, "day, week, month or year"));
                        }
                    };
                    let offset: i64 = field(file, line, f, 3)?
                        .parse()
                        .map_err(|_| RuleError::syntax(file, line, "offset is a number"))?;
                    relative.insert(word.to_lowercase(), (grain, offset));
                }
                "trigger" => {
                    if f.get(2).is_some_and(|x| x == "weak") {
                        weak_triggers.insert(word.to_lowercase());
                    }
                    triggers.insert(word.to_lowercase());
                }
                "year_trigger" => {
                    year_triggers.insert(word.to_lowercase());
                }
                "ago_number" => {
                    let v: i64 = field(file, line, f, 2)?
                        .parse()
                        .map_err(|_| RuleError::syntax(file, line, "value is a number"))?;
                    ago_numbers.insert(word.to_lowercase(), v);
                }
                "ago_unit" => {
                    let grain = match field(file, line, f, 2)? {
                        "day" => Grain::Day,
                        "month" => Grain::Month,
                        "year" => Grain::Year,
                        _ => return Err(RuleError::syntax(file, line, "day, month or year")),
                    };
                    let size: i64 = field(file, line, f, 3)?
                        .parse()
                        .map_err(|_| RuleError::syntax(file, line, "size is a number"))?;
                    ago_units.insert(word.to_lowercase(), (grain, size));
                }
                "future" => {
                    future.insert(word.to_lowercase());
                }
                other => {
                    return Err(RuleError::syntax(
                        file,
                        line,
                        format!("unknown kind of entry {other:?}"),
                    ));
                }
            }
        }
        if weekdays.is_empty() {
            return Err(RuleError::syntax(file, 0, "no weekdays"));
        }
        let wd = alternation(weekdays.keys());
        let shift = alternation(shifts.keys());
        let parts = alternation(day_parts.iter());
        let rel = alternation(relative.keys());
        let months_full = MONTHS_FULL.join("|");
        let patterns: [String; PATTERNS] = [
            format!(
                r"\b(?:({wd}),?\s+)?({MONTH_PATTERN})\s*(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
            ),
            format!(
                r"\b(?:({wd}),?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_PATTERN})(?:,?\s+(\d{{4}})\b)?"
            ),
            format!(r"\b({months_full})(?:,?\s+(\d{{4}}))?\b"),
            r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string(),
            r"\b(1[6-9]\d\d|20\d\d)\b".to_string(),
            format!(r"\b(?:(?i:({shift}))\s+)?({wd})(?:\s+({parts}))?\b"),
            format!(r"(?i)\b(?:{rel})\b"),
            format!(
                r"(?i)\b({}|\d{{1,3}})\s+({})\s+ago\b",
                alternation(ago_numbers.keys()),
                alternation(ago_units.keys())
            ),
        ];
        let syntax = |e: String| RuleError::syntax(file, 0, format!("pattern: {e}"));
        // The narrow build stands in for the Unicode one only where the rule words are ASCII
        // (a non-ASCII word would not fold case the same in both).
        let ascii_words = patterns.iter().all(|p| p.is_ascii());
        // The default patterns are compiled by the test suite, so each is built when a
        // sentence first needs it (a run may need few of them, or none); patterns made from
        // a rule file given with `--rules` are built now, so that their errors stop the run
        // before the first document.
        let eager = !set.is_builtin("dates.tsv");
        let mut built = Vec::with_capacity(PATTERNS);
        for source in patterns {
            let pattern = Pattern {
                source,
                ascii_words,
                narrow: OnceLock::new(),
                unicode: OnceLock::new(),
            };
            if eager {
                let re =
                    calendar::regex_without_prefilter(&pattern.narrow_source()).map_err(syntax)?;
                let _ = pattern.narrow.set(Some(re));
            }
            built.push(pattern);
        }
        let patterns: [Pattern; PATTERNS] = built
            .try_into()
            .map_err(|_| RuleError::syntax(file, 0, "pattern count"))?;
        // Every pattern puts `\b` or `\s` before its month or weekday name, and most after
        // the names they end with: no ASCII letter, digit or underscore touches those.
        let mut cues = CuesBuilder::default();
        for prefix in MONTH_PREFIXES {
            cues.add(prefix, true, 1 << MONTH_DAY | 1 << DAY_MONTH, (true, false));
        }
        // The day of the month they parse, next to the month name.
        cues.month_day = 1 << MONTH_DAY;
        cues.day_month = 1 << DAY_MONTH;
        for month in MONTHS_FULL {
            cues.add(month, true, 1 << MONTH_YEAR, (true, true));
        }
        // The year the ISO pattern parses is four ASCII figures (no other parses) between
        // `\b` and a hyphen; a year starts as the year pattern says.
        cues.year_hyphen |= 1 << ISO;
        for century in ["16", "17", "18", "19", "20"] {
            cues.add(century, true, 1 << YEAR, (true, false));
        }
        for name in weekdays.keys() {
            cues.add_exact(name, 1 << WEEKDAY);
        }
        for phrase in relative.keys() {
            cues.add_folded(phrase, 1 << RELATIVE);
        }
        cues.add_folded("ago", 1 << AGO);
        let mut future_forms = vec!["\u{212A}".to_string()];
        for word in &future {
            let mut forms = vec![String::new()];
            for c in word.chars() {
                if c == '\'' {
                    forms = forms
                        .into_iter()
                        .flat_map(|f| [format!("{f}'"), format!("{f}\u{2019}")])
                        .collect();
                } else {
                    forms.iter_mut().for_each(|f| f.push(c));
                }
            }
            future_forms.extend(forms);
        }
        let readable = readable_words(&weekdays, &shifts, &day_parts, &relative)
            && ago_numbers
                .keys()
                .chain(ago_units.keys())
                .all(|w| is_plain_word(w));
        let readers = readable.then(|| {
            let mut relative_by_first: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
            let mut phrases: Vec<&String> = relative.keys().collect();
            // The order of `alternation`.
            phrases.sort_by_key(|w| (std::cmp::Reverse(w.len()), *w));
            let mut starts = [Starts::default(); PATTERNS];
            for phrase in phrases {
                let words: Vec<String> = phrase.split(' ').map(str::to_string).collect();
                starts[RELATIVE].add(&words[0], true);
                relative_by_first
                    .entry(words[0].clone())
                    .or_default()
                    .push(words);
            }
            for month in MONTH_PREFIXES {
                // "Dec4" is one run: any length.
                starts[MONTH_DAY].add(month, false);
                starts[MONTH_DAY].lens = u64::MAX;
            }
            for month in MONTHS_FULL {
                starts[MONTH_YEAR].add(month, false);
            }
            for figure in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] {
                starts[ISO].add(&figure.repeat(4), false);
                for n in 1..=3 {
                    starts[AGO].add(&figure.repeat(n), false);
                }
            }
            for name in weekdays.keys() {
                starts[WEEKDAY].add(name, false);
            }
            for number in ago_numbers.keys() {
                starts[AGO].add(number, true);
            }
            Readers {
                relative_by_first,
                starts,
            }
        });
        let future_cues = OnceLock::new();
        if eager {
            let cues = future_automaton(&future_forms)
                .map_err(|e| RuleError::syntax(file, 0, format!("future words: {e}")))?;
            let _ = future_cues.set(Some(cues));
        }
        Ok(DateRules {
            readers,
            future_cues,
            future_forms,
            cues: cues.build(),
            patterns,
            ago_numbers,
            ago_units,
            weekdays,
            shifts,
            relative,
            triggers,
            day_parts: day_parts.iter().cloned().collect(),
            year_triggers,
            weak_triggers,
            future,
        })
    }
}

/// The automaton of [`DateRules::future_cues`].
fn future_automaton(forms: &[String]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(forms)
}

/// A date pattern in two builds: as written, with Unicode spaces, figures and case folding,
/// and narrow, with ASCII figures and folding and Latin-1 spaces ([`calendar::narrow_pattern`]),
/// which makes a smaller automaton (less to compile and to warm up) and matches the same in
/// a text that [`reads_as_narrow`]. Each build is made when a sentence first needs it (at
/// once for a rule file given with `--rules`, see [`DateRules::compile`]).
#[derive(Debug)]
struct Pattern {
    source: String,
    /// Whether the rule words in it are ASCII: if not, the narrow build is the Unicode one
    /// (a non-ASCII word would not fold case the same in both).
    ascii_words: bool,
    narrow: OnceLock<Option<Regex>>,
    unicode: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// The pattern with ASCII word boundaries: a Unicode `\b` keeps the regex engine off
    /// its DFA on any text with curly quotes or dashes, which made these patterns the
    /// costliest stage.
    fn unicode_source(&self) -> String {
        self.source.replace(r"\b", r"(?-u:\b)")
    }

    fn narrow_source(&self) -> String {
        if self.ascii_words {
            calendar::narrow_pattern(&self.source)
        } else {
            self.unicode_source()
        }
    }

    /// The narrow build. `None` only if it does not compile, which the test suite rules
    /// out for the defaults and [`DateRules::compile`] for a rule file.
    fn narrow(&self) -> Option<&Regex> {
        self.narrow
            .get_or_init(|| calendar::regex_without_prefilter(&self.narrow_source()).ok())
            .as_ref()
    }

    fn for_text(&self, plain: bool) -> Option<&Regex> {
        if plain {
            return self.narrow();
        }
        // The narrow build of the same source compiles, so only the regex size limits could
        // refuse the larger Unicode build: should they, the narrow one reads the sentence.
        self.unicode
            .get_or_init(|| calendar::regex_without_prefilter(&self.unicode_source()).ok())
            .as_ref()
            .or_else(|| self.narrow())
    }
}

/// Does every character of `text` read the same to the Unicode and the narrow build of a
/// date pattern? Their word boundaries are ASCII in both; they differ only on a space or
/// figure beyond Latin-1 (`\s`, `\d`; Latin-1 has no figure but the ASCII ones) and on the
/// two characters that `(?i)` folds to an ASCII letter, the long s and the Kelvin sign.
/// (`is_numeric` is wider than `\d`: a number sign only sends a sentence to the Unicode
/// build needlessly.)
fn reads_as_narrow(text: &str) -> bool {
    text.is_ascii()
        || text.chars().all(|c| {
            c <= '\u{FF}'
                || !(c.is_whitespace() || c.is_numeric() || c == '\u{17F}' || c == '\u{212A}')
        })
}

/// A date found in a sentence: byte span and how to value it.
#[derive(Debug, Clone)]
struct Found {
    span: Span,
    value: Value,
}

/// How a found date gets its value. The words of a sentence decide which dates it holds;
/// the publication date and the anchor only decide their values, so a document is scanned
/// once and its dates valued afterwards (the anchor is itself the first full date found).
#[derive(Debug, Clone)]
enum Value {
    /// Written in full, or not resolvable at all.
    Fixed(Option<String>),
    /// "December 2": the year that puts it nearest the anchor.
    MonthDay { month: u32, day: u32 },
    /// "in March": the last March before the anchor, or the next one in a future-tense
    /// sentence.
    Month { month: u32, future: bool },
    /// "last Tuesday", "on Friday": counted from the publication date.
    Weekday {
        weekday: u32,
        shift: Option<Shift>,
        future: bool,
    },
    /// "yesterday", "two weeks ago": the publication date moved.
    Shifted { grain: Grain, offset: i64 },
}

impl Value {
    /// The value given the publication date and the anchor (the publication date, or
    /// failing it the article's first full date).
    fn resolve(&self, published: Option<Day>, anchor: Option<Day>) -> Option<String> {
        match *self {
            Value::Fixed(ref v) => v.clone(),
            Value::MonthDay { month, day } => nearest_year(anchor, month, day).map(Day::iso),
            Value::Month { month, future } => anchor.map(|p| {
                let year = if future && month < p.month {
                    p.year + 1
                } else if !future && month > p.month {
                    p.year - 1
                } else {
                    p.year
                };
                format!("{year:04}-{month:02}")
            }),
            Value::Weekday {
                weekday,
                shift,
                future,
            } => published.map(|p| {
                let back = (i64::from(p.weekday()) - i64::from(weekday)).rem_euclid(7);
                let ahead = (i64::from(weekday) - i64::from(p.weekday())).rem_euclid(7);
                let delta = match shift {
                    Some(Shift::Last) => -(if back == 0 { 7 } else { back }),
                    Some(Shift::Next) => {
                        if ahead == 0 {
                            7
                        } else {
                            ahead
                        }
                    }
                    _ if future => ahead,
                    _ => -back,
                };
                p.add_days(delta).iso()
            }),
            Value::Shifted { grain, offset } => published.and_then(|p| shifted(p, grain, offset)),
        }
    }
}

/// The year, among the publication year and its neighbours, that puts `month`/`day` nearest
/// the publication date.
fn nearest_year(published: Option<Day>, month: u32, day: u32) -> Option<Day> {
    let p = published?;
    (p.year - 1..=p.year + 1)
        .filter_map(|y| Day::new(y, month, day.min(calendar::days_in_month(y, month))))
        .filter(|d| d.day == day)
        .min_by_key(|d| (d.ordinal() - p.ordinal()).abs())
}

/// The word before byte `at` of `text`, lower case ("in" before "March").
fn word_before(text: &str, at: usize) -> String {
    let head = text[..at].trim_end_matches(|c: char| c.is_whitespace() || c == '-');
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    head[start..].to_lowercase()
}

/// A match of a date pattern, or one of its groups: where it is in the sentence.
#[derive(Debug, Clone, Copy)]
struct Piece<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> Piece<'t> {
    fn new(text: &'t str, span: regex_automata::Span) -> Option<Piece<'t>> {
        Some(Piece {
            start: span.start,
            end: span.end,
            text: text.get(span.range())?,
        })
    }

    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }

    fn as_str(&self) -> &'t str {
        self.text
    }
}

/// The groups of one match of a date pattern.
struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    fn get(&self, i: usize) -> Option<Piece<'t>> {
        Piece::new(self.text, self.caps.get_group(i)?)
    }
}

/// The matches of one date pattern in `text`, looked for only where its cues say that it
/// may match (so that a build is made only when a sentence needs it); `plain` says whether
/// the text [`reads_as_narrow`].
fn only_if<'t>(
    cued: u16,
    pattern: usize,
    rules: &'t DateRules,
    plain: bool,
    text: &'t str,
) -> OnlyIf<'t> {
    let re = (cued & 1 << pattern != 0)
        .then(|| rules.patterns[pattern].for_text(plain))
        .flatten();
    OnlyIf {
        text,
        matches: re.map(|re| re.captures_iter(text)),
    }
}

/// What [`only_if`] gives: an iterator of its own, where a flattened `Option` moved the
/// regex's search state (hundreds of bytes) at every match.
struct OnlyIf<'t> {
    text: &'t str,
    matches: Option<CapturesMatches<'t, 't>>,
}

impl<'t> Iterator for OnlyIf<'t> {
    type Item = Groups<'t>;

    fn next(&mut self) -> Option<Groups<'t>> {
        let caps = self.matches.as_mut()?.next()?;
        Some(Groups {
            text: self.text,
            caps,
        })
    }
}

/// [`only_if`] for a pattern whose groups are not read: the same matches, without the
/// work of finding the groups.
fn only_if_whole<'t>(
    cued: u16,
    pattern: usize,
    rules: &'t DateRules,
    plain: bool,
    text: &'t str,
) -> impl Iterator<Item = Piece<'t>> {
    (cued & 1 << pattern != 0)
        .then(|| rules.patterns[pattern].for_text(plain))
        .flatten()
        .map(|re| {
            re.find_iter(text)
                .filter_map(move |m| Piece::new(text, m.span()))
        })
        .into_iter()
        .flatten()
}

/// The matches of the narrow build of the year pattern, found without it: with ASCII
/// boundaries on both sides, a match of `1[6-9][0-9][0-9]|20[0-9][0-9]` is a whole run of
/// four word bytes ([`word_runs`]) of that shape, and every such run is a match.
fn year_runs(text: &str) -> Vec<Piece<'_>> {
    let bytes = text.as_bytes();
    let mut years = Vec::new();
    word_runs(
        bytes,
        |b| b == b'1' || b == b'2',
        |start, end| {
            let is_year = match bytes[start..end] {
                [b'1', b'6'..=b'9', c, d] | [b'2', b'0', c, d] => {
                    c.is_ascii_digit() && d.is_ascii_digit()
                }
                _ => false,
            };
            if is_year && let Some(piece) = text.get(start..end) {
                years.push(Piece {
                    start,
                    end,
                    text: piece,
                });
            }
        },
    );
    years
}

/// The longest rule word the readers look up ([`is_plain_word`]).
const MAX_WORD: usize = 24;

/// A word the readers can find as one run of word bytes ([`word_runs`]): ASCII letters, at
/// most [`MAX_WORD`] of them. A pattern puts `\b` or `\s` on both sides of each such word of
/// its lexicon, so where it matches, the word is a whole run of the text.
fn is_plain_word(word: &str) -> bool {
    !word.is_empty() && word.len() <= MAX_WORD && word.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Can the readers stand in for the weekday and relative patterns of these words? Each
/// word is plain, a relative phrase is plain words between single spaces, and no shift is
/// also a weekday name: "Monday Monday" would then be one match of the pattern ("Monday"
/// as the shift of the second), which a reader of one weekday at a time does not see.
fn readable_words(
    weekdays: &FxHashMap<String, u32>,
    shifts: &FxHashMap<String, Shift>,
    day_parts: &[String],
    relative: &FxHashMap<String, (Grain, i64)>,
) -> bool {
    weekdays
        .keys()
        .chain(shifts.keys())
        .chain(day_parts)
        .all(|w| is_plain_word(w))
        && relative
            .keys()
            .all(|phrase| phrase.split(' ').all(is_plain_word))
        && !shifts
            .keys()
            .any(|s| weekdays.keys().any(|w| w.eq_ignore_ascii_case(s)))
}

/// A space as the narrow build reads `\s` ([`calendar::narrow_pattern`]).
fn is_narrow_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{85}' | '\u{A0}'
    )
}

/// One or more narrow spaces: what `\s+` matches whole.
fn is_spaces(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(is_narrow_space)
}

/// A run of ASCII figures of `len` bytes.
fn is_figures(piece: &Piece, len: usize) -> bool {
    piece.text.len() == len && piece.text.bytes().all(|b| b.is_ascii_digit())
}

/// The runs of word bytes of a sentence ([`word_runs`]), for the readers: the words of the
/// lexicons are whole runs, so a pattern's match is a few consecutive runs with the right
/// bytes between them.
struct Words<'t> {
    text: &'t str,
    runs: Vec<(usize, usize)>,
}

impl<'t> Words<'t> {
    fn new(text: &'t str) -> Words<'t> {
        // A word and its space are rarely under four bytes.
        let mut runs = Vec::with_capacity(text.len() / 4 + 4);
        word_runs(text.as_bytes(), |_| true, |s, e| runs.push((s, e)));
        Words { text, runs }
    }

    /// Run `k`, if the sentence has it.
    fn run(&self, k: usize) -> Option<Piece<'t>> {
        let &(start, end) = self.runs.get(k)?;
        Piece::new(self.text, regex_automata::Span { start, end })
    }

    /// The bytes between run `k` and the next, if there is a next.
    fn gap(&self, k: usize) -> Option<&'t str> {
        let (_, end) = *self.runs.get(k)?;
        let (start, _) = *self.runs.get(k + 1)?;
        self.text.get(end..start)
    }

    /// Are run `k` and the next apart by spaces only (`\s+`)?
    fn spaced(&self, k: usize) -> bool {
        self.gap(k).is_some_and(is_spaces)
    }

    /// The run after `k`, if only spaces come between.
    fn after_spaces(&self, k: usize) -> Option<Piece<'t>> {
        self.run(k + 1).filter(|_| self.spaced(k))
    }
}

/// A run in lower case (as the keys of the word tables are): itself, or a copy in `buf`.
fn lower<'b>(run: &'b str, buf: &'b mut String) -> &'b str {
    if !run.bytes().any(|b| b.is_ascii_uppercase()) {
        return run;
    }
    buf.clear();
    buf.push_str(run);
    buf.make_ascii_lowercase();
    buf
}

/// A match of a date pattern: the whole (group 0) and its groups, where they took part.
struct Hit<'t> {
    groups: [Option<Piece<'t>>; 5],
}

impl<'t> Hit<'t> {
    fn get(&self, i: usize) -> Option<Piece<'t>> {
        self.groups.get(i).copied().flatten()
    }

    fn from_regex(c: &Groups<'t>) -> Hit<'t> {
        Hit {
            groups: [c.get(0), c.get(1), c.get(2), c.get(3), c.get(4)],
        }
    }

    /// From the start of `first` to the end of `last`.
    fn spanning(
        text: &'t str,
        first: &Piece,
        last: &Piece,
        groups: [Option<Piece<'t>>; 4],
    ) -> Self {
        let [a, b, c, d] = groups;
        let all = Piece::new(
            text,
            regex_automata::Span {
                start: first.start,
                end: last.end,
            },
        );
        Hit {
            groups: [all, a, b, c, d],
        }
    }
}

/// The names and abbreviations of [`MONTH_PATTERN`] as the letters of a run, and those
/// of them it lets a dot follow ("Dec.", "Sept."; not "May.", "June.").
const MONTH_WORDS: [&str; 24] = [
    "Jan",
    "January",
    "Feb",
    "February",
    "Mar",
    "March",
    "Apr",
    "April",
    "May",
    "Jun",
    "June",
    "Jul",
    "July",
    "Aug",
    "August",
    "Sep",
    "Sept",
    "September",
    "Oct",
    "October",
    "Nov",
    "November",
    "Dec",
    "December",
];
const DOTTED_MONTHS: [&str; 10] = [
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Comma maybe, then spaces: what `,?\s+` matches whole.
fn comma_spaces(gap: &str) -> bool {
    is_spaces(gap.strip_prefix(',').unwrap_or(gap))
}

/// Is byte `at` of `text` at an ASCII word boundary, the previous byte being a word byte?
fn ends_word(text: &str, at: usize) -> bool {
    !text.as_bytes().get(at).is_some_and(|&b| is_word_byte(b))
}

/// The month name and the day of the month-and-day pattern (`({MONTH_PATTERN})\s*(\d{1,2})
/// (?:st|nd|rd|th)?\b`, narrow) at byte `at` of `text`, and the stretch up to the end of
/// the day's suffix. The name is the run's letters whole (the pattern needs a space or a
/// figure after it), then the dot an abbreviation may take; the day is one or two figures
/// and no more, with "st", "nd", "rd" or "th" if a word ends there.
fn month_and_day(text: &str, at: usize) -> Option<[Piece<'_>; 3]> {
    let piece = |start: usize, end: usize| Piece::new(text, regex_automata::Span { start, end });
    let bytes = text.as_bytes();
    let letters = bytes
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let name = text.get(at..at + letters)?;
    if !MONTH_WORDS.contains(&name) {
        return None;
    }
    let mut end = at + letters;
    if bytes.get(end) == Some(&b'.') && DOTTED_MONTHS.contains(&name) {
        end += 1;
    }
    let month = piece(at, end)?;
    let rest = text.get(end..)?;
    let from = end + (rest.len() - rest.trim_start_matches(is_narrow_space).len());
    let figures = bytes[from..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(1..=2).contains(&figures) {
        return None;
    }
    let day = piece(from, from + figures)?;
    let suffix = ["st", "nd", "rd", "th"]
        .iter()
        .find(|s| bytes[day.end..].starts_with(s.as_bytes()))
        .map(|s| day.end + s.len())
        .filter(|&e| ends_word(text, e));
    let end = match suffix {
        Some(e) => e,
        None if ends_word(text, day.end) => day.end,
        None => return None,
    };
    Some([month, day, piece(at, end)?])
}

/// The year of `(?:,?\s+(\d{4})\b)?` at byte `at` of `text`, if there is one.
fn year_after(text: &str, at: usize) -> Option<Piece<'_>> {
    let rest = text.get(at..)?;
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let figures = rest.trim_start_matches(is_narrow_space);
    if figures.len() == rest.len() {
        return None;
    }
    let start = text.len() - figures.len();
    let year = figures
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    ends_word(text, start + 4).then(|| Piece {
        start,
        end: start + 4,
        text: year,
    })
}

/// Is the match at `span` of `text` a whole word (no letter or digit glued on either side)?
fn whole(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl DateRules {
    /// The matches of a date pattern (any but [`DAY_MONTH`], which is seldom cued) in a
    /// sentence that [`reads_as_narrow`], as its narrow build finds them (the tests hold
    /// each reader to it), read off the sentence's words: no automaton to build or to warm
    /// up, and no pass over the sentence but the one that cut it into runs. Each reader
    /// walks the runs in order and takes the first match at the first run that starts one,
    /// then goes on after it, as a regex search does.
    fn read<'t>(&self, pattern: usize, words: &Words<'t>, readers: &Readers) -> Vec<Hit<'t>> {
        let text = words.text;
        let starts = &readers.starts[pattern];
        let mut found: Vec<Hit<'t>> = Vec::new();
        let mut buf = String::new();
        // Where the last match ended: the next starts after it.
        let mut done = 0;
        let bytes = text.as_bytes();
        for (k, &(start, end)) in words.runs.iter().enumerate() {
            let admitted = bytes
                .get(start)
                .is_some_and(|&b| starts.admits(b, end - start));
            if start < done || !admitted {
                continue;
            }
            let Some(run) = words.run(k) else { continue };
            let hit = match pattern {
                // "December 2", "Tuesday, Dec. 2nd, 2025", "Sept.4".
                MONTH_DAY => {
                    let Some([month, day, end]) = month_and_day(text, run.start) else {
                        continue;
                    };
                    let year = year_after(text, end.end);
                    // "Tuesday, December 2": a weekday just before, a comma maybe, spaces.
                    let weekday = k
                        .checked_sub(1)
                        .filter(|&j| words.gap(j).is_some_and(comma_spaces))
                        .and_then(|j| words.run(j))
                        .filter(|w| w.start >= done && self.weekdays.contains_key(w.text));
                    let first = weekday.unwrap_or(month);
                    Hit::spanning(
                        text,
                        &first,
                        &year.unwrap_or(end),
                        [weekday, Some(month), Some(day), year],
                    )
                }
                // "March", "March 2024", "March, 2024".
                MONTH_YEAR if MONTHS_FULL.contains(&run.text) => {
                    let year = words
                        .run(k + 1)
                        .filter(|y| is_figures(y, 4) && words.gap(k).is_some_and(comma_spaces));
                    let last = year.unwrap_or(run);
                    Hit::spanning(text, &run, &last, [Some(run), year, None, None])
                }
                // "2025-12-02".
                ISO if is_figures(&run, 4) => {
                    let dash = |j: usize| words.gap(j) == Some("-");
                    let (Some(month), Some(day)) = (words.run(k + 1), words.run(k + 2)) else {
                        continue;
                    };
                    if !(dash(k) && dash(k + 1) && is_figures(&month, 2) && is_figures(&day, 2)) {
                        continue;
                    }
                    Hit::spanning(text, &run, &day, [Some(run), Some(month), Some(day), None])
                }
                // "Tuesday", "last Tuesday", "Tuesday evening".
                WEEKDAY if self.weekdays.contains_key(run.text) => {
                    let shift = k
                        .checked_sub(1)
                        .and_then(|j| words.run(j).filter(|_| words.spaced(j)))
                        .filter(|s| {
                            s.start >= done && self.shifts.contains_key(lower(s.text, &mut buf))
                        });
                    let part = words
                        .after_spaces(k)
                        .filter(|p| self.day_parts.contains(p.text));
                    Hit::spanning(
                        text,
                        &shift.unwrap_or(run),
                        &part.unwrap_or(run),
                        [shift, Some(run), part, None],
                    )
                }
                // "yesterday", "the day before yesterday", "last month".
                RELATIVE => {
                    let Some(phrases) = readers.relative_by_first.get(lower(run.text, &mut buf))
                    else {
                        continue;
                    };
                    let last = phrases.iter().find_map(|phrase| {
                        let mut last = run;
                        for (j, word) in phrase.iter().enumerate().skip(1) {
                            last = words
                                .after_spaces(k + j - 1)
                                .filter(|r| r.text.eq_ignore_ascii_case(word))?;
                        }
                        Some(last)
                    });
                    let Some(last) = last else { continue };
                    Hit::spanning(text, &run, &last, [None, None, None, None])
                }
                // "seven years ago", "3 days ago".
                AGO => {
                    let is_number = (1..=3).contains(&run.text.len())
                        && run.text.bytes().all(|b| b.is_ascii_digit())
                        || self.ago_numbers.contains_key(lower(run.text, &mut buf));
                    let unit = words
                        .after_spaces(k)
                        .filter(|u| self.ago_units.contains_key(lower(u.text, &mut buf)));
                    let ago = words
                        .after_spaces(k + 1)
                        .filter(|a| a.text.eq_ignore_ascii_case("ago"));
                    let (true, Some(unit), Some(ago)) = (is_number, unit, ago) else {
                        continue;
                    };
                    Hit::spanning(text, &run, &ago, [Some(run), Some(unit), None, None])
                }
                _ => continue,
            };
            done = hit.get(0).map_or(done, |all| all.end());
            found.push(hit);
        }
        found
    }

    /// Does a word of the sentence put it in the future? Only the words around what
    /// [`DateRules::future_cues`] finds are read. One match in a word is enough: every cue
    /// is made of word characters, so no match spans two words, and a search that goes on
    /// after each match it reports reports one in every word that holds one.
    fn is_future(&self, sentence: &str) -> bool {
        let in_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        let cues = self
            .future_cues
            .get_or_init(|| future_automaton(&self.future_forms).ok());
        let Some(cues) = cues else {
            return sentence
                .split(|c: char| !in_word(c))
                .any(|w| self.is_future_word(w));
        };
        cues.find_iter(sentence).any(|m| {
            // (A match of UTF-8 words in UTF-8 text starts on a character boundary.)
            let Some((head, tail)) = sentence.split_at_checked(m.start()) else {
                return false;
            };
            let start = head
                .char_indices()
                .rev()
                .take_while(|&(_, c)| in_word(c))
                .last()
                .map_or(m.start(), |(i, _)| i);
            let end = tail
                .find(|c: char| !in_word(c))
                .map_or(sentence.len(), |i| m.start() + i);
            self.is_future_word(&sentence[start..end])
        })
    }

    fn is_future_word(&self, w: &str) -> bool {
        let w = if w.is_ascii() {
            // The common case, without the Unicode lower-casing machinery.
            w.to_ascii_lowercase()
        } else {
            w.to_lowercase().replace('\u{2019}', "'")
        };
        self.future.contains(&w) || w.find('\'').is_some_and(|i| self.future.contains(&w[i..]))
    }

    /// Adds the dates of one sentence (`text` starts at byte `base` of the document) to
    /// `out`, in text order, each with what its value depends on.
    fn in_sentence(&self, text: &str, base: usize, out: &mut Vec<Found>) {
        let hits = self.cues.patterns_in(text) & ((1 << PATTERNS) - 1);
        if hits == 0 {
            return;
        }
        // Most sentences read the same to the narrow build of the patterns; only one with a
        // space or figure beyond Latin-1 or a case fold to ASCII takes the Unicode build.
        let plain = reads_as_narrow(text);
        // The five simple patterns: read off the words of such a sentence, else searched.
        let words = OnceCell::new();
        let simple = |pattern: usize| -> Vec<Hit> {
            if hits & 1 << pattern == 0 {
                return Vec::new();
            }
            match &self.readers {
                Some(readers) if plain && pattern != DAY_MONTH => {
                    self.read(pattern, words.get_or_init(|| Words::new(text)), readers)
                }
                _ => only_if(hits, pattern, self, plain, text)
                    .map(|c| Hit::from_regex(&c))
                    .collect(),
            }
        };
        let mut cands: Vec<(usize, usize, Value)> = Vec::new();
        let year_of = |m: Option<Piece>| m.and_then(|y| y.as_str().parse::<i32>().ok());
        // The tense of the sentence, read only when a date needs it.
        let future = OnceCell::new();
        let future = || *future.get_or_init(|| self.is_future(text));
        // "December 2" and "2 December": the two orders differ only in their groups.
        for (pattern, month_group, day_group) in [(MONTH_DAY, 2, 3), (DAY_MONTH, 3, 2)] {
            for c in simple(pattern) {
                let (Some(all), Some(mon), Some(day)) =
                    (c.get(0), c.get(month_group), c.get(day_group))
                else {
                    continue;
                };
                let month = calendar::month_number(mon.as_str()).unwrap_or(0);
                let day: u32 = day.as_str().parse().unwrap_or(0);
                let value = match year_of(c.get(4)) {
                    Some(y) => Value::Fixed(Day::new(y, month, day).map(Day::iso)),
                    None => Value::MonthDay { month, day },
                };
                if Day::new(2000, month, day).is_some() {
                    cands.push((all.start(), all.end(), value));
                }
            }
        }
        for c in simple(MONTH_YEAR) {
            let (Some(all), Some(mon)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let month = calendar::month_number(mon.as_str()).unwrap_or(0);
            let value = match year_of(c.get(2)) {
                Some(y) => Value::Fixed(Some(format!("{y:04}-{month:02}"))),
                None => {
                    // A bare month only after "in", "since", "early" ...: "May" is a verb.
                    let before = word_before(text, all.start());
                    if !self.triggers.contains(&before)
                        || (month == 5 && self.weak_triggers.contains(&before))
                    {
                        continue;
                    }
                    Value::Month {
                        month,
                        future: future(),
                    }
                }
            };
            cands.push((all.start(), all.end(), value));
        }
        for c in simple(ISO) {
            let Some(all) = c.get(0) else { continue };
            let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            if let (Some(y), Some(m), Some(d)) = (n(1), n(2), n(3))
                && let Some(day) = Day::new(y as i32, m, d)
            {
                cands.push((all.start(), all.end(), Value::Fixed(Some(day.iso()))));
            }
        }
        let years: Vec<Piece> = if hits & 1 << YEAR == 0 {
            Vec::new()
        } else if plain {
            year_runs(text)
        } else {
            only_if_whole(hits, YEAR, self, plain, text).collect()
        };
        for m in years {
            // "in 2025", "since 2014"; not "2025 people", "$2025", "2022-23".
            let next = text[m.end()..].chars().next();
            let before = word_before(text, m.start());
            if (self.triggers.contains(&before) || self.year_triggers.contains(&before))
                && !text[..m.start()].ends_with(['$', '€', '£', '#', '/'])
                && !next.is_some_and(|c| c == '-' || c == '/' || c == ':' || c == '%')
            {
                let value = Value::Fixed(Some(m.as_str().to_string()));
                cands.push((m.start(), m.end(), value));
            }
        }
        for c in simple(WEEKDAY) {
            let (Some(all), Some(name)) = (c.get(0), c.get(2)) else {
                continue;
            };
            let Some(&weekday) = self.weekdays.get(name.as_str()) else {
                continue;
            };
            // "Sunday Morning", a programme.
            let next_word: String = text[all.end()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if next_word.chars().next().is_some_and(char::is_uppercase)
                && self.day_parts.contains(&next_word.to_lowercase())
            {
                continue;
            }
            let shift = c
                .get(1)
                .and_then(|s| self.shifts.get(&s.as_str().to_lowercase()).copied());
            let value = Value::Weekday {
                weekday,
                shift,
                future: future(),
            };
            cands.push((all.start(), all.end(), value));
        }
        for m in simple(RELATIVE).iter().filter_map(|c| c.get(0)) {
            // "This Morning", a programme: every word capitalised inside a sentence.
            let words: Vec<&str> = m.as_str().split_whitespace().collect();
            if m.start() > 0
                && words.len() > 1
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            {
                continue;
            }
            let key: String = m
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let Some(&(grain, offset)) = self.relative.get(&key) else {
                continue;
            };
            cands.push((m.start(), m.end(), Value::Shifted { grain, offset }));
        }
        // "seven years ago", "two days ago".
        for c in simple(AGO) {
            let (Some(all), Some(n), Some(u)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let count = n
                .as_str()
                .parse::<i64>()
                .ok()
                .or_else(|| self.ago_numbers.get(&n.as_str().to_lowercase()).copied());
            let (Some(count), Some(&(grain, size))) =
                (count, self.ago_units.get(&u.as_str().to_lowercase()))
            else {
                continue;
            };
            let value = Value::Shifted {
                grain,
                offset: -count * size,
            };
            cands.push((all.start(), all.end(), value));
        }
        // Longest first among those starting together; then drop what overlaps a kept one.
        // (The sort is stable: candidates of the same span keep the order found.)
        cands.retain(|(s, e, _)| whole(text, *s, *e));
        cands.sort_by_key(|(s, e, _)| (std::cmp::Reverse(e - s), *s));
        let mut kept: Vec<(usize, usize, Value)> = Vec::new();
        for c in cands {
            if kept.iter().all(|k| c.1 <= k.0 || k.1 <= c.0) {
                kept.push(c);
            }
        }
        kept.sort_by_key(|(s, _, _)| *s);
        out.extend(kept.into_iter().map(|(s, e, value)| Found {
            span: Span::new(base + s, base + e),
            value,
        }));
    }
}

/// The publication date moved by `offset` units of `grain`, written at that grain
/// (YYYY-MM-DD, YYYY-MM, YYYY); a week has no calendar value of its own.
fn shifted(p: Day, grain: Grain, offset: i64) -> Option<String> {
    match grain {
        Grain::Day => Some(p.add_days(offset).iso()),
        Grain::Week => None,
        Grain::Month => {
            let months = i64::from(p.year) * 12 + i64::from(p.month) - 1 + offset;
            Some(format!(
                "{:04}-{:02}",
                months.div_euclid(12),
                months.rem_euclid(12) + 1
            ))
        }
        Grain::Year => Some(format!("{:04}", i64::from(p.year) + offset)),
    }
}

/// Finds the dates of a document, in text order.
pub fn find(doc: &Document, rules: &DateRules) -> Vec<Date> {
    let published = doc.meta.published.as_deref().and_then(Day::parse_iso);
    let mut found: Vec<Found> = Vec::new();
    for s in &doc.sentences {
        rules.in_sentence(doc.slice(s.span), s.span.start, &mut found);
    }
    // Without a publication date, "July 25" takes its year from the article's first full
    // date (a dateline, "November 20, 2019"); relative dates stay unresolved.
    let anchor = published.or_else(|| {
        found.iter().find_map(|f| {
            f.value
                .resolve(None, None)
                .as_deref()
                .and_then(Day::parse_iso)
        })
    });
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| Date {
            id: crate::record::numbered_id("dt", i + 1),
            text: doc.slice(f.span).to_string(),
            span: doc.char_span(f.span),
            value: f.value.resolve(published, anchor),
        })
        .collect()
}

/// The first resolved date inside a stretch of the record's text (a meeting's sentence):
/// what "when" a meeting gets.
pub fn resolve_in(dates: &[Date], span: CharSpan) -> Option<&Date> {
    dates
        .iter()
        .find(|d| d.value.is_some() && span[0] <= d.span[0] && d.span[1] <= span[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind};
    use crate::record::Meta;
    use crate::rules::Rules;
    use std::sync::LazyLock;

    static RULES: LazyLock<Rules> = LazyLock::new(Rules::defaults);

    fn dates(text: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
        let doc = Document::new(
            text.to_string(),
            vec![Block {
                kind: BlockKind::Paragraph,
                span: Span::new(0, text.len()),
                list: None,
            }],
            Meta {
                published: published.map(str::to_string),
                ..Meta::default()
            },
            &RULES.sentences,
        );
        find(&doc, &RULES.dates)
            .into_iter()
            .map(|d| (d.text, d.value))
            .collect()
    }

    fn pair(text: &str, value: Option<&str>) -> (String, Option<String>) {
        (text.to_string(), value.map(str::to_string))
    }

    // 2025-12-03 is a Wednesday.
    const PUB: Option<&str> = Some("2025-12-03T11:07");

    #[test]
    fn month_and_day_in_either_order() {
        assert_eq!(
            dates("On Tuesday, December 2, the envoys met in Moscow.", PUB),
            vec![pair("Tuesday, December 2", Some("2025-12-02"))]
        );
        assert_eq!(
            dates("The summit opened on 2 December and closed on Dec. 4.", PUB),
            vec![
                pair("2 December", Some("2025-12-02")),
                pair("Dec. 4", Some("2025-12-04"))
            ]
        );
        assert_eq!(
            dates("The accord was signed on July 22, 2020, in Minsk.", PUB),
            vec![pair("July 22, 2020", Some("2020-07-22"))]
        );
        assert_eq!(
            dates("It fell on the 3rd of March 2014.", PUB),
            vec![pair("the 3rd of March 2014", Some("2014-03-03"))]
        );
        // A day without a year takes the year nearest publication.
        assert_eq!(
            dates("Talks began on December 28.", Some("2026-01-05")),
            vec![pair("December 28", Some("2025-12-28"))]
        );
        assert!(dates("The ministers met on February 30.", PUB).is_empty());
    }

    #[test]
    fn months_and_years() {
        assert_eq!(
            dates(
                "Russia invaded in February 2022 and the talks stalled in March.",
                PUB
            ),
            vec![
                pair("February 2022", Some("2022-02")),
                pair("March", Some("2025-03"))
            ]
        );
        assert_eq!(
            dates("Sanctions have been in force since 2014.", PUB),
            vec![pair("2014", Some("2014"))]
        );
        // "May" the verb and figures that are not years.
        assert!(dates("Leaders may meet again; 2025 delegates came.", PUB).is_empty());
        assert!(dates("He spoke to May about Brexit.", PUB).is_empty());
        assert!(dates("Support for May fell.", PUB).is_empty());
        assert_eq!(
            dates("Experts will meet, planned for April.", PUB),
            vec![pair("April", Some("2026-04"))]
        );
        assert_eq!(
            dates("Prices rose from 2014 to 2016.", PUB),
            vec![pair("2014", Some("2014")), pair("2016", Some("2016"))]
        );
        assert!(dates("The fund lost $2025 in 2022-23 trading.", PUB).is_empty());
    }

    #[test]
    fn a_bare_month_follows_the_tense() {
        assert_eq!(
            dates("Elections will be held in March.", PUB),
            vec![pair("March", Some("2026-03"))]
        );
        assert_eq!(
            dates("The offensive began in late August.", PUB),
            vec![pair("August", Some("2025-08"))]
        );
    }

    #[test]
    fn relative_days_months_years() {
        assert_eq!(
            dates(
                "Yesterday the minister said today's talks were the first since last month.",
                PUB
            ),
            vec![
                pair("Yesterday", Some("2025-12-02")),
                pair("today", Some("2025-12-03")),
                pair("last month", Some("2025-11"))
            ]
        );
        assert_eq!(
            dates(
                "Trade fell last year and will recover next year.",
                Some("2026-01-10")
            ),
            vec![
                pair("last year", Some("2025")),
                pair("next year", Some("2027"))
            ]
        );
        // A week has no calendar value in the record.
        assert_eq!(
            dates("They met last week.", PUB),
            vec![pair("last week", None)]
        );
        // Without a publication date a relative date stays unresolved.
        assert_eq!(
            dates("They met yesterday.", None),
            vec![pair("yesterday", None)]
        );
        // ... but a day without a year takes the year of the article's first full date.
        assert_eq!(
            dates(
                "Washington, November 20, 2019. The call of July 25 was discussed on Tuesday.",
                None
            ),
            vec![
                pair("November 20, 2019", Some("2019-11-20")),
                pair("July 25", Some("2019-07-25")),
                pair("Tuesday", None)
            ]
        );
    }

    #[test]
    fn spans_ago() {
        assert_eq!(
            dates(
                "He promised reparations seven years ago.",
                Some("2022-06-09")
            ),
            vec![pair("seven years ago", Some("2015"))]
        );
        assert_eq!(
            dates(
                "Talks broke down two weeks ago and resumed 3 days ago.",
                PUB
            ),
            vec![
                pair("two weeks ago", Some("2025-11-19")),
                pair("3 days ago", Some("2025-11-30"))
            ]
        );
        assert_eq!(
            dates("The plan was drafted a month ago.", PUB),
            vec![pair("a month ago", Some("2025-11"))]
        );
    }

    #[test]
    fn weekdays_resolve_by_tense() {
        assert_eq!(
            dates("The envoys arrived on Monday.", PUB),
            vec![pair("Monday", Some("2025-12-01"))]
        );
        assert_eq!(
            dates("The leaders spoke by phone on Wednesday evening.", PUB),
            vec![pair("Wednesday evening", Some("2025-12-03"))]
        );
        assert_eq!(
            dates("Talks will resume on Friday in Geneva.", PUB),
            vec![pair("Friday", Some("2025-12-05"))]
        );
        assert!(dates("She told CBS This Morning and Sunday Morning viewers.", PUB).is_empty());
        assert_eq!(
            dates("They met last Wednesday.", PUB),
            vec![pair("last Wednesday", Some("2025-11-26"))]
        );
        assert_eq!(
            dates("They meet next Wednesday.", PUB),
            vec![pair("next Wednesday", Some("2025-12-10"))]
        );
    }

    #[test]
    fn iso_dates_and_spans() {
        let text = "Putin’s aide — «Ushakov» — said on 2025-12-02 that talks went well.";
        let doc = Document::from_paragraphs(&[text], Meta::default(), &RULES.sentences);
        let found = find(&doc, &RULES.dates);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "dt1");
        assert_eq!(found[0].value.as_deref(), Some("2025-12-02"));
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[found[0].span[0]..found[0].span[1]].iter().collect();
        assert_eq!(s, "2025-12-02");
        let sentence = [0, chars.len()];
        assert_eq!(
            resolve_in(&found, sentence).map(|d| d.id.as_str()),
            Some("dt1")
        );
        assert!(resolve_in(&found, [0, 5]).is_none());
    }

    /// Where the cues skip a pattern, running it finds nothing: the dates of a text are
    /// the same with every pattern run on every sentence.
    #[test]
    fn cues_skip_only_what_finds_nothing() {
        let set = crate::rules::RuleSet::defaults();
        let mut plain = DateRules::compile(&set).unwrap();
        plain.cues.always = (1 << PATTERNS) - 1;
        for text in [
            "On Tuesday, December 2, the envoys met; in March 2024 and since 2014 too.",
            "They met on 2025-12-02, YESTERDAY, Last Week and two weeks ago.",
            "The talks of la\u{17F}t wee\u{212A} and TONIGHT went on.",
            "MARCH 2024 and dec. 4 and Dec 4th and 4 Dec and 2 December.",
            "Months ago, nobody knew; the ministers met in May.",
            "Talks Monday evening, Sunday Morning, this Friday; agoraphobia 1999.",
            "Nothing here at all, just words.",
            "On 4 December, the 2nd of\u{a0}March and the 3rd  of May; Dec.4, Sept. 4, Sept4th.",
            "December\u{2009}2, 2024 and of December 5 and 5 of December, Decimal 4, May.5.",
            "In December 2025 and 1999-12-31, 99999-12-31, 2025-1-02 and x2025-12-02.",
            "Mayday 5 and Jan. and 2nd-March and 12th\u{a0}December, 4 \u{2014} Dec 3.",
            "Dec",
            "4 Dec",
        ] {
            let doc = Document::from_paragraphs(&[text], Meta::default(), &RULES.sentences);
            let dates = |rules: &DateRules| format!("{:?}", find(&doc, rules));
            assert_eq!(dates(&RULES.dates), dates(&plain), "{text}");
        }
    }

    #[test]
    fn folding_letters_are_found_among_other_non_ascii() {
        for (text, has) in [
            ("la\u{17F}t", true),
            ("wee\u{212A}", true),
            (
                "F\u{ea}te \u{bf}qu\u{e9}? \u{aa} \u{201C}x\u{201D} \u{2014}",
                false,
            ),
            ("plain", false),
            ("", false),
        ] {
            assert_eq!(has_folding_letter(text), has, "{text}");
        }
    }

    /// The runs read off the masks are the runs a byte-at-a-time scan finds, wherever
    /// they fall against the eight- and sixty-four-byte blocks.
    #[test]
    fn word_runs_as_a_byte_scan_finds_them() {
        let naive = |bytes: &[u8]| {
            let mut runs = Vec::new();
            let mut start = None;
            for (i, &b) in bytes.iter().enumerate() {
                match (is_word_byte(b), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        runs.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                runs.push((s, bytes.len()));
            }
            runs
        };
        let mut texts: Vec<String> = [
            "",
            "a",
            " ",
            "On Tuesday, December 2, the envoys met_in Moscow \u{2014} 2025-12-02.",
            "\u{17F}\u{212A}\u{e9}t\u{e9} [a]{z}`@/:\x7f\u{80}_",
        ]
        .map(str::to_string)
        .to_vec();
        let alphabet = [
            'a', 'Z', '0', '9', '_', ' ', '-', '@', '[', '`', '{', '/', ':', '\u{e9}',
        ];
        for n in [7, 8, 9, 63, 64, 65, 130] {
            for seed in 0..alphabet.len() {
                texts.push(
                    (0..n)
                        .map(|i| alphabet[(i * 7 + seed + i / 5) % alphabet.len()])
                        .collect(),
                );
                texts.push("x".repeat(n));
            }
        }
        for text in texts {
            let mut runs = Vec::new();
            word_runs(text.as_bytes(), |_| true, |s, e| runs.push((s, e)));
            assert_eq!(runs, naive(text.as_bytes()), "{text:?}");
            let mut runs = Vec::new();
            word_runs(text.as_bytes(), |b| b == b'a', |s, e| runs.push((s, e)));
            let from_a: Vec<_> = naive(text.as_bytes())
                .into_iter()
                .filter(|&(s, _)| text.as_bytes()[s] == b'a')
                .collect();
            assert_eq!(runs, from_a, "{text:?}");
            let mut runs = Vec::new();
            word_runs(text.as_bytes(), |_| true, |s, e| runs.push((s, e)));
            assert_eq!(runs, naive(text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn future_words_read_as_every_word_was() {
        let rules = &RULES.dates;
        let every_word = |s: &str| {
            s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
                .any(|w| rules.is_future_word(w))
        };
        for text in [
            "Talks WILL resume.",
            "We’ll meet again.",
            "We'LL see.",
            "Willow trees were planted.",
            "The plans changed; o'will it?",
            "Nothing to see, she’d said.",
            "It’s due, scheduled, UpComing.",
            "The stillness.",
            "Goodwill\u{2019}ll do; a plannedwill, SHALLWILL, duedue.",
            "willow willing will",
            "",
        ] {
            assert_eq!(rules.is_future(text), every_word(text), "{text}");
            // Without the automaton, every word is read.
            let unbuilt = DateRules::compile(&crate::rules::RuleSet::defaults()).unwrap();
            unbuilt.future_cues.set(None).unwrap();
            assert_eq!(unbuilt.is_future(text), every_word(text), "{text}");
        }
    }

    #[test]
    fn both_builds_of_the_patterns_agree_where_the_narrow_one_reads() {
        let texts = [
            "On\u{a0}Tuesday,\u{a0}December\u{a0}2,\u{a0}2025 the café opened.",
            "The 2nd\u{a0}of\u{a0}March\u{85}2024 \u{2014} «in\u{a0}2019» since\u{a0}May.",
            "Last\u{a0}Tuesday evening, two\u{a0}weeks\u{a0}ago, yesterday and ½ of 2025-12-02.",
            "LAST MONTH in Zürich, THREE YEARS AGO; naïve résumé on Friday\u{a0}morning.",
        ];
        for text in texts {
            assert!(reads_as_narrow(text), "{text}");
            for p in &RULES.dates.patterns {
                let unicode = calendar::regex_without_prefilter(&p.unicode_source()).unwrap();
                let spans = |re: &Regex| -> Vec<_> {
                    re.captures_iter(text)
                        .map(|c| {
                            (0..c.group_len())
                                .map(|i| c.get_group(i))
                                .collect::<Vec<_>>()
                        })
                        .collect()
                };
                assert_eq!(spans(p.narrow().unwrap()), spans(&unicode), "{text}");
            }
            let _ = dates(text, PUB);
        }
        // A space beyond Latin-1, a figure beyond ASCII and the case folds take the
        // Unicode build.
        for text in ["May\u{2009}5", "May \u{663}", "ago \u{17F}", "wee\u{212A}"] {
            assert!(!reads_as_narrow(text), "{text}");
        }
        assert_eq!(
            dates("It rained on December\u{2009}2, 2024.", PUB),
            [pair("December\u{2009}2, 2024", Some("2024-12-02"))]
        );
    }

    /// Texts of the words and separators that the five simple patterns turn on, glued in
    /// every which way: a fixed pseudo-random walk, so the suite is the same every run.
    fn word_soup() -> Vec<String> {
        let words = [
            "Monday",
            "monday",
            "Tuesday",
            "TUESDAY",
            "Sunday",
            "Mondays",
            "last",
            "LAST",
            "Next",
            "coming",
            "this",
            "past",
            "evening",
            "Evening",
            "night",
            "nights",
            "morning",
            "the",
            "The",
            "day",
            "before",
            "after",
            "yesterday",
            "Yesterday",
            "tomorrow",
            "today",
            "tonight",
            "earlier",
            "later",
            "week",
            "Week",
            "month",
            "year",
            "years",
            "YEAR",
            "a",
            "an",
            "two",
            "Seven",
            "twenty",
            "3",
            "12",
            "123",
            "1234",
            "2025",
            "20255",
            "07",
            "0",
            "days",
            "Weeks",
            "fortnight",
            "decade",
            "century",
            "ago",
            "AGO",
            "agos",
            "March",
            "march",
            "May",
            "June",
            "December",
            "Dec",
            "2019",
            "12",
            "02",
            "31",
            "x",
            "_",
            "of",
            "2025-12-02",
            "2019-07-31",
            "2025-1-02",
            "12-02",
            "two weeks ago",
            "3 days ago",
            "a DECADE ago",
            "1234 days ago",
            "four  years\tago",
            "last week",
            "Tuesday evening",
            "the day before yesterday",
            "The  Day after\u{a0}tomorrow",
            "LAST Tuesday",
            "this\u{a0}morning",
            "Dec.",
            "Sept.",
            "Sept",
            "Sep",
            "Jan",
            "January",
            "Mayday",
            "2nd",
            "21st",
            "3rd",
            "25th",
            "2ndx",
            "Dec4",
            "Dec.4",
            "May.5",
            "June 4th, 2025",
            "December 2",
            "Dec. 25th,\u{a0}2025",
            "Tuesday, Sept. 4",
            "Friday Jan\t12",
            "Feb 29 1999",
        ];
        let gaps = [
            " ", " ", " ", "  ", "\u{a0}", "\t", "\n", "\u{85}", ", ", ",", " ,", "-", "--", ".",
            "\u{e9}", "\u{2019}", "\u{2014}", "", "_", ";", " - ",
        ];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        (0..6000)
            .map(|_| {
                let len = 1 + next(9);
                let mut text = String::new();
                if next(3) == 0 {
                    text.push_str(gaps[next(gaps.len())]);
                }
                for _ in 0..len {
                    text.push_str(words[next(words.len())]);
                    text.push_str(gaps[next(gaps.len())]);
                }
                text
            })
            .collect()
    }

    /// Each reader finds what the narrow build of its pattern finds, group for group.
    #[test]
    fn readers_find_what_the_narrow_builds_find() {
        let rules = &RULES.dates;
        let readers = rules.readers.as_ref().unwrap();
        let mut matched = [0; PATTERNS];
        for text in word_soup() {
            assert!(reads_as_narrow(&text), "{text:?}");
            let words = Words::new(&text);
            for pattern in [MONTH_DAY, MONTH_YEAR, ISO, WEEKDAY, RELATIVE, AGO] {
                let re = rules.patterns[pattern].narrow().unwrap();
                let span = |p: Option<Piece>| p.map(|p| (p.start, p.end));
                let by_regex: Vec<Vec<_>> = re
                    .captures_iter(&text)
                    .map(|c| {
                        (0..5)
                            .map(|i| c.get_group(i).map(|s| (s.start, s.end)))
                            .collect()
                    })
                    .collect();
                let by_reader: Vec<Vec<_>> = rules
                    .read(pattern, &words, readers)
                    .iter()
                    .map(|h| (0..5).map(|i| span(h.get(i))).collect())
                    .collect();
                assert_eq!(by_reader, by_regex, "pattern {pattern} in {text:?}");
                matched[pattern] += by_regex.len();
            }
        }
        // The soup does hold matches of every pattern.
        for pattern in [MONTH_DAY, MONTH_YEAR, ISO, WEEKDAY, RELATIVE, AGO] {
            assert!(matched[pattern] > 20, "{pattern}: {matched:?}");
        }
    }

    /// A lexicon the readers cannot stand in for leaves the patterns to read every
    /// sentence.
    #[test]
    fn odd_lexicons_go_to_the_patterns() {
        let rules = &RULES.dates;
        let day_parts: Vec<String> = rules.day_parts.iter().cloned().collect();
        let readable = |weekdays: &FxHashMap<String, u32>,
                        shifts: &FxHashMap<String, Shift>,
                        relative: &FxHashMap<String, (Grain, i64)>| {
            readable_words(weekdays, shifts, &day_parts, relative)
        };
        assert!(readable(&rules.weekdays, &rules.shifts, &rules.relative));
        let mut shifts = rules.shifts.clone();
        shifts.insert("monday".to_string(), Shift::Last);
        assert!(!readable(&rules.weekdays, &shifts, &rules.relative));
        let mut relative = rules.relative.clone();
        relative.insert("the day-before".to_string(), (Grain::Day, -1));
        assert!(!readable(&rules.weekdays, &rules.shifts, &relative));
        let mut relative = rules.relative.clone();
        relative.insert("two  days".to_string(), (Grain::Day, -2));
        assert!(!readable(&rules.weekdays, &rules.shifts, &relative));
        assert!(!is_plain_word("\u{e9}t\u{e9}") && !is_plain_word("'ll") && !is_plain_word(""));
        assert!(rules.readers.is_some());
    }

    /// The default patterns are built when first needed, so the suite builds them all.
    #[test]
    fn every_default_pattern_builds_both_ways() {
        for p in &RULES.dates.patterns {
            assert!(p.narrow().is_some(), "{}", p.narrow_source());
            assert!(
                calendar::regex_without_prefilter(&p.unicode_source()).is_ok(),
                "{}",
                p.unicode_source()
            );
        }
    }

    #[test]
    fn year_runs_are_the_year_pattern_matches() {
        let year = RULES.dates.patterns[YEAR].narrow().unwrap();
        for text in [
            "in 2025, since 1999 and 1600; not 1500, 2100, 20250, x2019, 2019x, 2019_",
            "1776-2019 (1984) 2001/02 \u{201C}2003\u{201D} 1899.5 2010s 20 199 16000",
            "",
            "2024",
            "caf\u{e9} 2024 \u{a0}2023\u{a0}",
        ] {
            let by_regex: Vec<_> = year.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let by_runs: Vec<_> = year_runs(text).iter().map(|p| (p.start, p.end)).collect();
            assert_eq!(by_runs, by_regex, "{text}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "Dec.",
            "on 99 December",
            "in —",
            "Monday",
            "since 9999",
            "é 2025",
        ] {
            let _ = dates(text, PUB);
            let _ = dates(text, Some("garbage"));
        }
    }
}
