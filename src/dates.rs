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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
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
    /// case-insensitive, and the Kelvin sign (which lower-cases to "k").
    future_cues: AhoCorasick,
    /// "Tuesday, December 2, 2025", "December 2", "Dec. 2".
    month_day: Regex,
    /// "2 December 2025", "the 2nd of December".
    day_month: Regex,
    /// "March 2024", "March".
    month_year: Regex,
    /// "2025-12-02".
    iso: Regex,
    /// "2025" (only after a trigger word).
    year: Regex,
    /// "last Tuesday", "Tuesday evening".
    weekday: Regex,
    /// "yesterday", "last month".
    relative_re: Regex,
    /// "seven years ago".
    ago_re: Regex,
    /// The words the eight patterns above cannot match without: one pass over a sentence
    /// tells which of them to run, and most sentences hold no date at all.
    cues: Cues,
    ago_numbers: FxHashMap<String, i64>,
    /// Unit word: the grain of the date it gives and how many of that grain it is.
    ago_units: FxHashMap<String, (Grain, i64)>,
}

/// The words without which a date pattern cannot match, found in a sentence in one pass of
/// an automaton (ASCII case-insensitive, the case checked after for the cues that need it).
#[derive(Debug)]
struct Cues {
    automaton: AhoCorasick,
    /// For each cue of the automaton: its text when its case must match, the patterns
    /// (bits) it lets run, and whether the patterns put a word boundary before and after
    /// it (no ASCII letter, digit or underscore may touch it there).
    cues: Vec<Cue>,
    /// The patterns that no word cues (none of this file's, as written): always run.
    always: u16,
    /// The patterns that also need an ASCII digit (a figure they parse).
    need_digit: u16,
}

#[derive(Debug)]
struct Cue {
    exact: Option<String>,
    patterns: u16,
    bounded: (bool, bool),
}

#[derive(Default)]
struct CuesBuilder {
    words: Vec<String>,
    cues: Vec<Cue>,
    always: u16,
    need_digit: u16,
}

impl CuesBuilder {
    /// `word` cues `patterns`: matched as written, or ASCII case-insensitively; `bounded`
    /// says whether the patterns put a word boundary before and after it.
    fn add(&mut self, word: &str, exact: bool, patterns: u16, bounded: (bool, bool)) {
        self.words.push(word.to_string());
        self.cues.push(Cue {
            exact: exact.then(|| word.to_string()),
            patterns,
            bounded,
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
                    self.add("\u{17F}", true, patterns, (false, false));
                    self.add("\u{212A}", true, patterns, (false, false));
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

    fn build(self) -> Result<Cues, aho_corasick::BuildError> {
        Ok(Cues {
            automaton: AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&self.words)?,
            cues: self.cues,
            always: self.always,
            need_digit: self.need_digit,
        })
    }
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

impl Cues {
    /// The patterns (bits) that may match in `text`.
    fn patterns_in(&self, text: &str) -> u16 {
        let bytes = text.as_bytes();
        let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        let mut found = self.always;
        for m in self.automaton.find_overlapping_iter(text) {
            let cue = &self.cues[m.pattern().as_usize()];
            let glued = (cue.bounded.0
                && word(m.start().checked_sub(1).and_then(|k| bytes.get(k))))
                || (cue.bounded.1 && word(bytes.get(m.end())));
            if !glued
                && cue
                    .exact
                    .as_ref()
                    .is_none_or(|w| text.get(m.range()) == Some(w.as_str()))
            {
                found |= cue.patterns;
            }
        }
        if found & self.need_digit != 0 && !text.bytes().any(|b| b.is_ascii_digit()) {
            found &= !self.need_digit;
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
        let months_full =
            "January|February|March|April|May|June|July|August|September|October|November|December";
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
        ]
        // ASCII word boundaries: a Unicode `\b` keeps the regex engine off its DFA on any
        // text with curly quotes or dashes, which made these patterns the costliest stage.
        .map(|p| p.replace(r"\b", r"(?-u:\b)"));
        let syntax = |e: regex::Error| RuleError::syntax(file, 0, format!("pattern: {e}"));
        let compile = |i: usize| Regex::new(&patterns[i]).map_err(syntax);
        // Every pattern puts `\b` or `\s` before its month or weekday name, and most after
        // the names they end with: no ASCII letter, digit or underscore touches those.
        let mut cues = CuesBuilder::default();
        for prefix in MONTH_PREFIXES {
            cues.add(prefix, true, 1 << MONTH_DAY | 1 << DAY_MONTH, (true, false));
        }
        // The day of the month they parse.
        cues.need_digit = 1 << MONTH_DAY | 1 << DAY_MONTH;
        for month in months_full.split('|') {
            cues.add(month, true, 1 << MONTH_YEAR, (true, true));
        }
        // The figures the ISO pattern parses end in a digit before a hyphen; a year starts
        // as the year pattern says.
        for digit in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] {
            cues.add(&format!("{digit}-"), true, 1 << ISO, (false, false));
        }
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
        Ok(DateRules {
            future_cues: AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&future_forms)
                .map_err(|e| RuleError::syntax(file, 0, format!("future words: {e}")))?,
            cues: cues
                .build()
                .map_err(|e| RuleError::syntax(file, 0, format!("cues: {e}")))?,
            month_day: compile(MONTH_DAY)?,
            day_month: compile(DAY_MONTH)?,
            month_year: compile(MONTH_YEAR)?,
            iso: compile(ISO)?,
            year: compile(YEAR)?,
            weekday: compile(WEEKDAY)?,
            relative_re: compile(RELATIVE)?,
            ago_re: compile(AGO)?,
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

/// The matches of one date pattern in `text`, looked for only where its cues say that it
/// may match.
fn only_if<'t>(
    cued: u16,
    pattern: usize,
    re: &'t Regex,
    text: &'t str,
) -> impl Iterator<Item = regex::Captures<'t>> {
    (cued & 1 << pattern != 0)
        .then(|| re.captures_iter(text))
        .into_iter()
        .flatten()
}

/// [`only_if`] for a pattern whose groups are not read: the same matches, without the
/// work of finding the groups.
fn only_if_whole<'t>(
    cued: u16,
    pattern: usize,
    re: &'t Regex,
    text: &'t str,
) -> impl Iterator<Item = regex::Match<'t>> {
    (cued & 1 << pattern != 0)
        .then(|| re.find_iter(text))
        .into_iter()
        .flatten()
}

/// Is the match at `span` of `text` a whole word (no letter or digit glued on either side)?
fn whole(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl DateRules {
    /// Does a word of the sentence put it in the future? Only the words around what
    /// [`DateRules::future_cues`] finds are read.
    fn is_future(&self, sentence: &str) -> bool {
        let in_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        self.future_cues.find_overlapping_iter(sentence).any(|m| {
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

    /// The dates of one sentence (`text` starts at byte `base` of the document), in text
    /// order, each with what its value depends on.
    fn in_sentence(&self, text: &str, base: usize) -> Vec<Found> {
        let hits = self.cues.patterns_in(text) & ((1 << PATTERNS) - 1);
        if hits == 0 {
            return Vec::new();
        }
        let mut cands: Vec<(usize, usize, Value)> = Vec::new();
        let year_of = |m: Option<regex::Match>| m.and_then(|y| y.as_str().parse::<i32>().ok());
        // The tense of the sentence, read only when a date needs it.
        let future = OnceCell::new();
        let future = || *future.get_or_init(|| self.is_future(text));
        // "December 2" and "2 December": the two orders differ only in their groups.
        for (pattern, which, month_group, day_group) in [
            (MONTH_DAY, &self.month_day, 2, 3),
            (DAY_MONTH, &self.day_month, 3, 2),
        ] {
            for c in only_if(hits, pattern, which, text) {
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
        for c in only_if(hits, MONTH_YEAR, &self.month_year, text) {
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
        for c in only_if(hits, ISO, &self.iso, text) {
            let Some(all) = c.get(0) else { continue };
            let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            if let (Some(y), Some(m), Some(d)) = (n(1), n(2), n(3))
                && let Some(day) = Day::new(y as i32, m, d)
            {
                cands.push((all.start(), all.end(), Value::Fixed(Some(day.iso()))));
            }
        }
        for m in only_if_whole(hits, YEAR, &self.year, text) {
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
        for c in only_if(hits, WEEKDAY, &self.weekday, text) {
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
        for m in only_if_whole(hits, RELATIVE, &self.relative_re, text) {
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
        for c in only_if(hits, AGO, &self.ago_re, text) {
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
        cands.retain(|(s, e, _)| whole(text, *s, *e));
        cands.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
        let mut kept: Vec<(usize, usize, Value)> = Vec::new();
        let mut by_len = cands.clone();
        by_len.sort_by_key(|(s, e, _)| (std::cmp::Reverse(e - s), *s));
        for c in by_len {
            if kept.iter().all(|k| c.1 <= k.0 || k.1 <= c.0) {
                kept.push(c);
            }
        }
        kept.sort_by_key(|(s, _, _)| *s);
        kept.into_iter()
            .map(|(s, e, value)| Found {
                span: Span::new(base + s, base + e),
                value,
            })
            .collect()
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
    let found: Vec<Found> = doc
        .sentences
        .iter()
        .flat_map(|s| rules.in_sentence(doc.slice(s.span), s.span.start))
        .collect();
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
            id: format!("dt{}", i + 1),
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
        plain.cues.need_digit = 0;
        for text in [
            "On Tuesday, December 2, the envoys met; in March 2024 and since 2014 too.",
            "They met on 2025-12-02, YESTERDAY, Last Week and two weeks ago.",
            "The talks of la\u{17F}t wee\u{212A} and TONIGHT went on.",
            "MARCH 2024 and dec. 4 and Dec 4th and 4 Dec and 2 December.",
            "Months ago, nobody knew; the ministers met in May.",
            "Talks Monday evening, Sunday Morning, this Friday; agoraphobia 1999.",
            "Nothing here at all, just words.",
        ] {
            let doc = Document::from_paragraphs(&[text], Meta::default(), &RULES.sentences);
            let dates = |rules: &DateRules| format!("{:?}", find(&doc, rules));
            assert_eq!(dates(&RULES.dates), dates(&plain), "{text}");
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
            "",
        ] {
            assert_eq!(rules.is_future(text), every_word(text), "{text}");
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
