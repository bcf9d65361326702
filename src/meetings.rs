//! Meetings: who met whom (talks, calls, visits, summits), with status (held, planned,
//! proposed, cancelled, not planned), participants and their roles, date, place, duration
//! and topic, one record per real meeting however often the article mentions it.
//!
//! Takes the document, its people, dates and durations; gives the `meetings` of the record
//! and links durations to the meeting they measure.
//!
//! How it reads: every sentence is cut into word tokens and the lexicon of
//! `rules/meetings.tsv` marks the words that name a meeting, either a noun ("talks", "a
//! phone call") or a verb ("met", "hosted"). Around each such *mention* it reads the parties
//! the way English news prose gives them: the subject of the verb (or of the verb that
//! governs the noun: "held talks", "took part in the meeting"), the objects after "with" and
//! "between" with their coordinations and appositions, a possessor ("Putin's talks"), a
//! name compound ("the Putin-Witkoff talks"), the subject of the main clause after a fronted
//! "During the meeting with X," and the people "attended by" adds. A possessor of a *title*
//! ("Trump's special representative Steve Witkoff") is the principal, not a party. Status
//! comes from cue words in the clause, place from "in"/"at" phrases and place compounds
//! ("the Kremlin talks"), topic from "discussed"/"on". Mentions then merge into meetings:
//! one that names the same parties (or a subset) joins the meeting, an anaphor ("the
//! talks", "such a meeting") joins the latest meeting of its status, an indefinite or "next"
//! mention opens a new one.
//!
//! Who a mention names comes from the people stage, with three readings of its own: role
//! nouns ("the President", "the Taoiseach") go to the person named *before* whose titles in
//! the article hold the role; "we"/"our" in a transcript turn is the turn's speaker; and
//! talks between sides ("between Ukrainian and Russian officials") take in the people whose
//! titles make them a side's delegate ("head of the Ukrainian delegation", "led by X").
//! Every word list lives in `rules/meetings.tsv`.

use std::borrow::Cow;
use std::cell::OnceCell;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::calendar::{Day, month_number};
use crate::document::{Document, Span, char_at, is_alnum};
use crate::glance::Glance;
use crate::people::{MentionKind, People};
use crate::record::{
    CharSpan, Date, Duration, Meeting, MeetingKind, MeetingStatus, Participant, PersonKind,
};
use crate::rules::{RuleError, RuleFile, RuleSet};

/// What a lexicon line says about its phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Noun,
    Verb,
    Support,
    Join,
    Attended,
    Skip,
    Status,
    Negation,
    New,
    Anaphor,
    FirstPerson,
    PossessivePronoun,
    GerundAfter,
    Fronted,
    Copula,
    Place,
    Topic,
    Lasted,
    Stop,
    Title,
    Side,
    NotPlace,
    Delegation,
    Aux,
    Honorific,
    Minor,
    Distinct,
    Trail,
    Leads,
    Collective,
    Venue,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "noun" => Class::Noun,
            "verb" => Class::Verb,
            "support" => Class::Support,
            "join" => Class::Join,
            "attended" => Class::Attended,
            "skip" => Class::Skip,
            "status" => Class::Status,
            "negation" => Class::Negation,
            "new" => Class::New,
            "anaphor" => Class::Anaphor,
            "first_person" => Class::FirstPerson,
            "possessive_pronoun" => Class::PossessivePronoun,
            "gerund_after" => Class::GerundAfter,
            "fronted" => Class::Fronted,
            "copula" => Class::Copula,
            "place" => Class::Place,
            "topic" => Class::Topic,
            "lasted" => Class::Lasted,
            "stop" => Class::Stop,
            "title" => Class::Title,
            "side" => Class::Side,
            "notplace" => Class::NotPlace,
            "delegation" => Class::Delegation,
            "aux" => Class::Aux,
            "honorific" => Class::Honorific,
            "minor" => Class::Minor,
            "distinct" => Class::Distinct,
            "trail" => Class::Trail,
            "leads" => Class::Leads,
            "collective" => Class::Collective,
            "venue" => Class::Venue,
            _ => return None,
        })
    }
}

/// One lexicon line, compiled.
#[derive(Debug, Clone)]
struct Entry {
    class: Class,
    kind: MeetingKind,
    status: MeetingStatus,
    /// `plural` (nouns), `person` (verbs), `strong` (anaphors), `after` (status cues).
    flag: bool,
    /// A noun that stands without determiner ("talks").
    bare: bool,
    /// A verb whose parties may all be its subject ("Putin and Xi met").
    mutual: bool,
    /// Topic priority.
    priority: u8,
    /// A side's country.
    value: String,
}

/// A phrase of the lexicon: its words, as word ids, and what it is.
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<u32>,
    entry: Entry,
}

/// Word ids by word, in an open-addressing table with a cheap hash: every token's word is
/// looked up, the stage's hottest lookup, and a general-purpose hash map spent as much
/// on it as on cutting the token.
#[derive(Debug, Default)]
struct WordTable {
    /// Per slot: the word's key (see [`WordTable::key`]), its start and length in
    /// `bytes`, and its id (0: an empty slot).
    slots: Vec<(u64, u32, u32, u32)>,
    bytes: Vec<u8>,
}

impl WordTable {
    fn new(ids: &FxHashMap<String, u32>) -> Self {
        let size = (ids.len() * 4).next_power_of_two().max(16);
        let mut t = WordTable {
            slots: vec![(0, 0, 0, 0); size],
            bytes: Vec::new(),
        };
        for (w, &id) in ids {
            let key = Self::key(w.as_bytes());
            let mut i = Self::hash(key) & (size - 1);
            while t.slots[i].3 != 0 {
                i = (i + 1) & (size - 1);
            }
            t.slots[i] = (key, t.bytes.len() as u32, w.len() as u32, id);
            t.bytes.extend_from_slice(w.as_bytes());
        }
        t
    }

    /// The first two bytes, the last two and the length, packed: the whole word when it
    /// is at most four bytes long, so that the commonest words need no byte comparison.
    fn key(w: &[u8]) -> u64 {
        let at = |i: usize| u64::from(w.get(i).copied().unwrap_or(0));
        let n = w.len();
        at(0)
            | at(1) << 8
            | at(n.wrapping_sub(2)) << 16
            | at(n.wrapping_sub(1)) << 24
            | (n as u64) << 32
    }

    /// Mixes a key: enough to spread a few hundred words.
    fn hash(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize
    }

    /// The id of a word, 0 when it is not in the table.
    fn get(&self, w: &[u8]) -> u32 {
        let mask = self.slots.len().wrapping_sub(1);
        if self.slots.is_empty() {
            return 0;
        }
        let key = Self::key(w);
        let mut i = Self::hash(key) & mask;
        loop {
            let (k, start, len, id) = self.slots[i];
            if id == 0 {
                return 0;
            }
            // Equal keys mean equal lengths, and for a word of at most four bytes the
            // same word.
            if k == key
                && (len <= 4
                    || self
                        .bytes
                        .get(start as usize..(start + len) as usize)
                        .is_some_and(|b| b.iter().zip(w).all(|(x, y)| x == y)))
            {
                return id;
            }
            i = (i + 1) & mask;
        }
    }
}

/// What the lexicon says of one word.
#[derive(Debug, Default)]
struct Word {
    /// The phrases that start with it, longest first.
    phrases: Vec<Phrase>,
    /// The classes of its one-word phrases, one bit each.
    alone: u32,
    /// The classes of all phrases that start with it.
    starts: u32,
}

/// The meetings lexicon. Every word of a phrase has an id, and every token carries the id
/// of its word (0 for a word the lexicon does not know), found once when the sentence is
/// cut: a lookup then compares numbers and tests bits, instead of hashing a word per
/// class asked about.
#[derive(Debug, Default)]
pub struct MeetingRules {
    /// Word ids for lookups.
    table: WordTable,
    /// By word id; id 0 is no word.
    words: Vec<Word>,
    /// The most words a phrase has.
    longest: usize,
    /// Per first byte of a word, the lengths of the words that start with it, one bit
    /// each (63 for 63 bytes or more): most words need no hashing to be found unknown.
    lengths: Vec<u64>,
    /// Words whose period does not end a sentence ("Mr.", "Gen."), from abbreviations.txt.
    abbreviations: FxHashSet<String>,
    /// A word of every meeting noun and verb, to tell at a glance that a sentence holds no
    /// mention (see [`MeetingRules::may_trigger_each`]). None when some such word is not
    /// plain ASCII: the glance would not be sure, and every sentence is read.
    triggers: Option<Triggers>,
}

/// A word of every meeting noun and verb, in a trie of their bytes in lower case, walked
/// from where a word starts (see [`MeetingRules::may_trigger_each`]).
#[derive(Debug)]
struct Triggers {
    /// Where the words start in a document, for the trie to judge: a glance over the
    /// whole text at once, where a walk of every word start spent about 15 instructions
    /// a byte.
    glance: Glance,
    /// Per node: its first edge in `edges`, its number of edges, and whether a word ends
    /// there. Node 0 is the root.
    nodes: Vec<(u32, u32, bool)>,
    /// Per node, its edges in order: a byte and the node it leads to.
    edges: Vec<(u8, u32)>,
    /// The root's edges by byte, in either case (0: none), since every word passes there.
    root: Vec<u32>,
}

impl Triggers {
    fn new(words: &[String]) -> Self {
        // Children per node, gathered in maps and then laid out flat.
        let mut children: Vec<std::collections::BTreeMap<u8, u32>> = vec![Default::default()];
        let mut ends = vec![false];
        for w in words {
            let mut node = 0;
            for b in w.bytes().map(|b| b.to_ascii_lowercase()) {
                let next = children.len() as u32;
                node = *children[node as usize].entry(b).or_insert(next);
                if node == next {
                    children.push(Default::default());
                    ends.push(false);
                }
            }
            ends[node as usize] = true;
        }
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let mut t = Triggers {
            glance: Glance::new(lower.iter().map(String::as_str)),
            nodes: Vec::with_capacity(children.len()),
            edges: Vec::new(),
            root: vec![0; 256],
        };
        for (k, c) in children.iter().enumerate() {
            t.nodes
                .push((t.edges.len() as u32, c.len() as u32, ends[k]));
            t.edges.extend(c.iter().map(|(&b, &n)| (b, n)));
        }
        for (&b, &n) in &children[0] {
            t.root[usize::from(b.to_ascii_lowercase())] = n;
            t.root[usize::from(b.to_ascii_uppercase())] = n;
        }
        t
    }

    /// Does some word start at byte `i` of `bytes` (case aside) and end at a place that
    /// `ends_word` accepts?
    fn any_at(&self, bytes: &[u8], i: usize, ends_word: impl Fn(usize) -> bool) -> bool {
        let Some(mut node) = bytes
            .get(i)
            .and_then(|&b| self.root.get(usize::from(b)))
            .filter(|&&n| n != 0)
        else {
            return false;
        };
        let mut j = i + 1;
        loop {
            let Some(&(first, len, end)) = self.nodes.get(*node as usize) else {
                return false;
            };
            if end && ends_word(j) {
                return true;
            }
            let Some(&b) = bytes.get(j) else {
                return false;
            };
            let b = b.to_ascii_lowercase();
            let edges = self
                .edges
                .get(first as usize..(first + len) as usize)
                .unwrap_or(&[]);
            match edges.iter().find(|e| e.0 == b) {
                Some(e) => node = &e.1,
                None => return false,
            }
            j += 1;
        }
    }
}

impl Class {
    fn bit(self) -> u32 {
        1 << self as u32
    }
}

fn parse_kind(s: &str) -> Option<MeetingKind> {
    Some(match s {
        "meeting" => MeetingKind::Meeting,
        "talks" => MeetingKind::Talks,
        "call" => MeetingKind::Call,
        "visit" => MeetingKind::Visit,
        "summit" => MeetingKind::Summit,
        _ => return None,
    })
}

fn parse_status(s: &str) -> Option<MeetingStatus> {
    Some(match s {
        "held" => MeetingStatus::Held,
        "planned" => MeetingStatus::Planned,
        "proposed" => MeetingStatus::Proposed,
        "cancelled" => MeetingStatus::Cancelled,
        "not_planned" => MeetingStatus::NotPlanned,
        _ => return None,
    })
}

/// A lexicon line: its phrase's words and its entry.
fn compile_line(
    file: &RuleFile,
    line: usize,
    fields: &[String],
) -> Result<(Vec<String>, Entry), RuleError> {
    let field = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
    let class = Class::parse(field(0))
        .ok_or_else(|| RuleError::syntax(file, line, format!("unknown class {:?}", field(0))))?;
    let words: Vec<String> = tokenize_str(field(1))
        .into_iter()
        .map(|t| t.lower.into_owned())
        .collect();
    if words.is_empty() {
        return Err(RuleError::syntax(file, line, "a phrase is needed"));
    }
    let mut entry = Entry {
        class,
        kind: MeetingKind::Meeting,
        status: MeetingStatus::Held,
        flag: false,
        bare: false,
        mutual: false,
        priority: 0,
        value: String::new(),
    };
    match class {
        Class::Noun | Class::Verb => {
            entry.kind = parse_kind(field(2)).ok_or_else(|| {
                RuleError::syntax(file, line, "kind: meeting|talks|call|visit|summit")
            })?;
            entry.flag = matches!(field(3), "plural" | "person" | "mutual");
            entry.mutual = field(3) == "mutual";
            entry.bare = matches!(field(3), "plural" | "bare");
        }
        Class::Status => {
            entry.status = parse_status(field(2)).ok_or_else(|| {
                RuleError::syntax(
                    file,
                    line,
                    "status: held|planned|proposed|cancelled|not_planned",
                )
            })?;
            entry.flag = field(3) == "after";
        }
        Class::Anaphor => entry.flag = field(2) == "strong",
        Class::New => entry.flag = field(2) == "weak",
        Class::Topic => {
            entry.priority = field(2)
                .parse()
                .map_err(|_| RuleError::syntax(file, line, "topic priority: a number"))?;
        }
        Class::Side => {
            if field(2).is_empty() {
                return Err(RuleError::syntax(file, line, "side: the country is needed"));
            }
            entry.value = field(2).to_lowercase();
        }
        _ => {}
    }
    Ok((words, entry))
}

/// The trie of the words that mark a meeting noun or verb, or None when a word is not
/// one the trie can be sure of: plain ASCII letters, digits and inner "-", "." or "'"
/// (at most one, matched straight or curly), which lower-case as ASCII does.
fn trigger_matcher<'w>(words: impl Iterator<Item = &'w str>) -> Option<Triggers> {
    let mut patterns: Vec<String> = Vec::new();
    for w in words {
        let plain = w.starts_with(|c: char| c.is_ascii_alphanumeric())
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '\''))
            && w.matches('\'').count() <= 1;
        if !plain {
            return None;
        }
        if w.contains('\'') {
            patterns.push(w.replace('\'', "’"));
        }
        patterns.push(w.to_string());
    }
    Some(Triggers::new(&patterns))
}

impl MeetingRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("meetings.tsv")?;
        let mut rules = MeetingRules {
            words: vec![Word::default()],
            ..MeetingRules::default()
        };
        // Word ids by word, while the lexicon is compiled; lookups then use `table`.
        let mut by_word: FxHashMap<String, u32> = FxHashMap::default();
        let trigger = Class::Noun.bit() | Class::Verb.bit();
        let mut trigger_phrases: Vec<Vec<String>> = Vec::new();
        for (line, fields) in &file.lines {
            let (words, entry) = compile_line(file, *line, fields)?;
            if entry.class.bit() & trigger != 0 {
                trigger_phrases.push(words.clone());
            }
            let ids: Vec<u32> = words
                .iter()
                .map(|w| rules.intern(&mut by_word, w))
                .collect();
            let first = &mut rules.words[ids[0] as usize];
            first.starts |= entry.class.bit();
            if ids.len() == 1 {
                first.alone |= entry.class.bit();
            }
            rules.longest = rules.longest.max(ids.len());
            first.phrases.push(Phrase { words: ids, entry });
        }
        for w in &mut rules.words {
            // Longest first, so that the first match of a class is the longest.
            w.phrases.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        // The glance needs one word of each meeting noun and verb, any word: one that is a
        // noun or verb on its own ("call" of "phone call", "visit" of "state visit"), so
        // that common words such as "state" or "phone" let no sentence through; else the
        // longest ("spoke" of "spoke by phone").
        let alone = |w: &String| {
            by_word
                .get(w)
                .is_some_and(|&id| rules.words[id as usize].alone & trigger != 0)
        };
        let marks: std::collections::BTreeSet<&str> = trigger_phrases
            .iter()
            .filter_map(|words| {
                words
                    .iter()
                    .find(|w| alone(w))
                    .or_else(|| words.iter().rev().max_by_key(|w| w.len()))
                    .map(String::as_str)
            })
            .collect();
        rules.triggers = trigger_matcher(marks.into_iter());
        rules.table = WordTable::new(&by_word);
        rules.abbreviations = set
            .file("abbreviations.txt")?
            .words()
            .map(str::to_lowercase)
            .collect();
        Ok(rules)
    }

    /// The id of a lexicon word, given it if new (`by_word` holds the ids given so far).
    fn intern(&mut self, by_word: &mut FxHashMap<String, u32>, word: &str) -> u32 {
        if let Some(&id) = by_word.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(Word::default());
        if let Some(&first) = word.as_bytes().first() {
            if self.lengths.is_empty() {
                self.lengths = vec![0; 256];
            }
            self.lengths[usize::from(first)] |= 1 << word.len().min(63);
        }
        by_word.insert(word.to_string(), id);
        id
    }

    /// Can the lexicon have this word? False is sure.
    fn may_know(&self, word: &str) -> bool {
        word.as_bytes().first().is_some_and(|&f| {
            self.lengths
                .get(usize::from(f))
                .is_some_and(|l| l >> word.len().min(63) & 1 != 0)
        })
    }

    /// The id of a word, 0 when the lexicon does not have it.
    fn id_of(&self, word: &str) -> u32 {
        self.table.get(word.as_bytes())
    }

    /// The longest phrase of `class` starting at token `i`: its length and entry.
    fn at(&self, toks: &[Tok], i: usize, class: Class) -> Option<(usize, &Entry)> {
        let first = toks.get(i)?;
        if !first.word {
            return None;
        }
        let word = self.words.get(first.lex as usize)?;
        if word.starts & class.bit() == 0 {
            return None;
        }
        word.phrases.iter().find_map(|p| {
            (p.entry.class == class
                && p.words.len() <= toks.len() - i
                && p.words
                    .iter()
                    .zip(&toks[i..])
                    .all(|(&w, t)| t.word && w == t.lex))
            .then_some((p.words.len(), &p.entry))
        })
    }

    /// Is token `i` a one-word phrase of `class`?
    fn is(&self, toks: &[Tok], i: usize, class: Class) -> bool {
        toks.get(i).is_some_and(|t| self.tok_is(t, class))
    }

    fn tok_is(&self, t: &Tok, class: Class) -> bool {
        self.words
            .get(t.lex as usize)
            .is_some_and(|w| w.alone & class.bit() != 0)
    }

    fn word_is(&self, word: &str, class: Class) -> bool {
        self.words
            .get(self.id_of(word) as usize)
            .is_some_and(|w| w.alone & class.bit() != 0)
    }

    /// A phrase of `class` that ends just before token `end`: its start.
    fn ending_at(&self, toks: &[Tok], end: usize, class: Class) -> Option<usize> {
        (end.saturating_sub(5)..end)
            .find(|&s| self.at(toks, s, class).is_some_and(|(n, _)| s + n == end))
    }

    fn side_of(&self, word: &str) -> Option<&str> {
        let w = self.words.get(self.id_of(word) as usize)?;
        if w.alone & Class::Side.bit() == 0 {
            return None;
        }
        w.phrases.iter().find_map(|p| {
            (p.entry.class == Class::Side && p.words.len() == 1).then_some(p.entry.value.as_str())
        })
    }

    /// Can each sentence of the document hold a meeting noun or verb? False only when no
    /// word of [`MeetingRules::triggers`] occurs in it as a whole word (case aside): then
    /// no token of it is such a word, no phrase of it a noun or verb, and the sentence need
    /// not be cut. (A token's lower case is its text lower-cased, curly apostrophes
    /// straightened, a possessive "'s", a final period or a "n't" cut off; of all non-ASCII
    /// letters only the Kelvin sign lower-cases to ASCII.) `lowered` is [`lower_ascii`] of
    /// the document's text.
    fn may_trigger_each(&self, doc: &Document, lowered: &[u8]) -> Vec<bool> {
        let spans = doc.sentences.iter().map(|s| s.span);
        self.may_trigger_in(&doc.text, lowered, spans)
    }

    /// [`MeetingRules::may_trigger_each`] for spans of `text`.
    fn may_trigger_in(
        &self,
        text: &str,
        lowered: &[u8],
        spans: impl ExactSizeIterator<Item = Span>,
    ) -> Vec<bool> {
        let Some(triggers) = &self.triggers else {
            return vec![true; spans.len()];
        };
        let word_at = |sentence: &str, _: &[u8], i: usize| Self::word_at(triggers, sentence, i);
        triggers.glance.spans_holding(text, lowered, spans, word_at)
    }

    /// Does a word of `triggers` start at byte `i` of `text` as a whole word?
    fn word_at(triggers: &Triggers, text: &str, i: usize) -> bool {
        let glued = text
            .get(..i)
            .and_then(|before| before.chars().next_back())
            .is_some_and(is_alnum);
        if glued {
            return false;
        }
        let ends_word = |end: usize| {
            let after = text.get(end..).unwrap_or("");
            let mut next = after.chars();
            match next.next() {
                Some(c) if c.is_alphanumeric() => {
                    // "n't" is cut off a word: "meetn't" holds the word "meet".
                    matches!(c, 'n' | 'N')
                        && next.next().is_some_and(is_apostrophe)
                        && next.next().is_some_and(|c| matches!(c, 't' | 'T'))
                }
                _ => true,
            }
        };
        triggers.any_at(text.as_bytes(), i, ends_word)
    }

    /// [`MeetingRules::may_trigger_each`] for one text.
    #[cfg(test)]
    fn may_trigger(&self, text: &str) -> bool {
        let lowered = crate::glance::lower_ascii(text);
        let whole = std::iter::once(Span::new(0, text.len()));
        self.may_trigger_in(text, &lowered, whole).contains(&true)
    }

    /// Does a sentence open (at its first or second token) with a phrase that adds people
    /// to the meeting told before it ("Also present were X")? Cuts only its first tokens.
    fn opens_attended(&self, text: &str, base: usize) -> bool {
        let mut toks = Tokens::new(text, base, Some(self));
        let opens = |t: &Tok| {
            t.word
                && self
                    .words
                    .get(t.lex as usize)
                    .is_some_and(|w| w.starts & Class::Attended.bit() != 0)
        };
        // Nearly always neither opens a phrase: then nothing is gathered into a Vec.
        let (first, second) = (toks.next(), toks.next());
        if !first.iter().chain(&second).any(opens) {
            return false;
        }
        let mut head: Vec<Tok> = first.into_iter().chain(second).collect();
        head.extend(toks.take(self.longest));
        (0..2.min(head.len())).any(|k| self.at(&head, k, Class::Attended).is_some())
    }
}

/// A word or a punctuation mark of a sentence.
#[derive(Debug, Clone)]
struct Tok<'a> {
    /// Byte span in the document (for a word, possessive ending included).
    span: Span,
    /// Lower case, curly apostrophes straightened; for a possessive, without "'s".
    /// Borrowed from the text when the text is lower case already.
    lower: Cow<'a, str>,
    /// Starts with a capital letter (or a digit, for "58th").
    cap: bool,
    /// Ends with "'s" / "’s" (or a plural's bare apostrophe).
    poss: bool,
    word: bool,
    /// The lexicon's id of `lower`; 0 when the lexicon does not have it.
    lex: u32,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// ASCII letters and digits, by byte: [`LOWER`] for a lower-case letter or a digit,
/// [`UPPER`] for a capital, 0 for anything else.
const ASCII_ALNUM: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_alphanumeric() {
            LOWER
        } else {
            0
        };
        b += 1;
    }
    t
};
const LOWER: u8 = 1;
const UPPER: u8 = 2;

/// The first `len` bytes of a lower-case word, borrowed or owned as it was.
fn cow_prefix(s: Cow<'_, str>, len: usize) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.get(..len).unwrap_or(b)),
        Cow::Owned(mut o) => {
            if o.is_char_boundary(len) {
                o.truncate(len);
            }
            Cow::Owned(o)
        }
    }
}

/// Cuts text into words and punctuation marks, one token at a time. A word keeps inner
/// hyphens, periods and apostrophes ("five-hour", "J.D.", "son-in-law"); a possessive
/// "'s" is marked, not kept; "n't" becomes a word of its own.
struct Tokens<'t, 'r> {
    text: &'t str,
    /// The text's byte offset in the document.
    base: usize,
    pos: usize,
    /// The lexicon, for word ids and abbreviations (none for the lexicon's own phrases).
    rules: Option<&'r MeetingRules>,
    /// The "n't" cut off the word just given.
    pending: Option<Tok<'t>>,
    /// A word lower-cased with its period, to look up among abbreviations.
    scratch: String,
    /// The text with its ASCII letters lower-cased (byte for byte the same length), if
    /// at hand: an ASCII word with a capital borrows its lower case from it.
    lowered: Option<&'t [u8]>,
}

impl<'t, 'r> Tokens<'t, 'r> {
    fn new(text: &'t str, base: usize, rules: Option<&'r MeetingRules>) -> Self {
        Tokens {
            text,
            base,
            pos: 0,
            rules,
            pending: None,
            scratch: String::new(),
            lowered: None,
        }
    }

    /// Tokens that borrow their lower case from `lowered`, [`lower_ascii`] of `text`.
    fn with_lowered(mut self, lowered: &'t [u8]) -> Self {
        self.lowered = (lowered.len() == self.text.len()).then_some(lowered);
        self
    }

    fn tok(&self, span: Span, lower: Cow<'t, str>, cap: bool, poss: bool, word: bool) -> Tok<'t> {
        let lex = self
            .rules
            .filter(|r| r.may_know(&lower))
            .map_or(0, |r| r.id_of(&lower));
        Tok {
            span,
            lower,
            cap,
            poss,
            word,
            lex,
        }
    }

    /// Is `word` followed by its period an abbreviation ("Mr.", "Gen.")?
    fn is_abbreviation(&mut self, word: &str) -> bool {
        let Some(rules) = self.rules else {
            return false;
        };
        self.scratch.clear();
        if word.is_ascii() {
            self.scratch.push_str(word);
            self.scratch.make_ascii_lowercase();
        } else {
            self.scratch.push_str(&word.to_lowercase());
        }
        self.scratch.push('.');
        rules.abbreviations.contains(self.scratch.as_str())
    }
}

impl<'t> Iterator for Tokens<'t, '_> {
    type Item = Tok<'t>;

    fn next(&mut self) -> Option<Tok<'t>> {
        if let Some(t) = self.pending.take() {
            return Some(t);
        }
        let text = self.text;
        let base = self.base;
        let c = loop {
            let c = char_at(text, self.pos)?;
            if !c.is_whitespace() {
                break c;
            }
            self.pos += c.len_utf8();
        };
        let b = self.pos;
        if !is_alnum(c) {
            self.pos += c.len_utf8();
            let lower = match c {
                '’' | '‘' => Cow::Borrowed("'"),
                '“' | '”' | '«' | '»' => Cow::Borrowed("\""),
                '—' | '–' => Cow::Borrowed("-"),
                _ => Cow::Borrowed(&text[b..self.pos]),
            };
            return Some(self.tok(
                Span::new(base + b, base + self.pos),
                lower,
                false,
                false,
                false,
            ));
        }
        let bytes = text.as_bytes();
        let mut end_b = b + c.len_utf8();
        // What the word's bytes are, gathered on the way: any capital, any non-ASCII.
        let mut kinds = ASCII_ALNUM[usize::from(bytes[b])];
        let mut ascii = c.is_ascii();
        loop {
            // ASCII letters and digits a byte at a time; any other char as it comes.
            while let Some(&k) = bytes.get(end_b).map(|&x| &ASCII_ALNUM[usize::from(x)])
                && k != 0
            {
                kinds |= k;
                end_b += 1;
            }
            let Some(d) = char_at(text, end_b) else {
                break;
            };
            if is_alnum(d) {
                ascii = false;
                end_b += d.len_utf8();
                continue;
            }
            let after = end_b + d.len_utf8();
            if (d == '-' || d == '.' || is_apostrophe(d))
                && char_at(text, after).is_some_and(is_alnum)
            {
                ascii &= d.is_ascii();
                end_b = after;
                continue;
            }
            break;
        }
        // Initials and abbreviations keep their period: "J.D.", "U.S.", "R.", "Mr.".
        let mut cut_period = false;
        if char_at(text, end_b) == Some('.') {
            let word = &text[b..end_b];
            let inner = word.contains('.');
            let mut chars = word.chars();
            let single = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
            if inner || single || self.is_abbreviation(word) {
                end_b += 1;
                cut_period = !inner;
            }
        }
        let word = &text[b..end_b];
        // Nearly every word is ASCII, and most are lower case already: borrow those.
        let norm: Cow<'t, str> = if ascii {
            if kinds & UPPER != 0 {
                // (An ASCII word's bytes lower-cased are ASCII: always a `str`.)
                let lowered = self.lowered.and_then(|l| l.get(b..end_b));
                match lowered.and_then(|l| std::str::from_utf8(l).ok()) {
                    Some(l) => Cow::Borrowed(l),
                    None => Cow::Owned(word.to_ascii_lowercase()),
                }
            } else {
                Cow::Borrowed(word)
            }
        } else {
            Cow::Owned(
                word.chars()
                    .map(|c| if c == '’' { '\'' } else { c })
                    .collect::<String>()
                    .to_lowercase(),
            )
        };
        let norm_ends_s = norm.ends_with('s');
        let mut poss = false;
        let lower = if norm.ends_with("'s") {
            poss = true;
            let len = norm.len() - 2;
            cow_prefix(norm, len)
        } else if cut_period {
            let len = norm.trim_end_matches('.').len();
            cow_prefix(norm, len)
        } else {
            norm
        };
        if !poss
            && norm_ends_s
            && let Some(a) = char_at(text, end_b).filter(|&a| is_apostrophe(a))
            && !char_at(text, end_b + a.len_utf8()).is_some_and(is_alnum)
        {
            // A plural possessive: "the envoys' talks".
            end_b += a.len_utf8();
            poss = true;
        }
        self.pos = end_b;
        let cap = c.is_uppercase() || c.is_numeric();
        if lower.len() > 3 && lower.ends_with("n't") {
            // The text may spell the apostrophe "’" (three bytes): "n't" is measured on the
            // text, so that both spans fall on character boundaries.
            let apostrophe = text[..end_b - 1]
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
            let cut = base + end_b - 2 - apostrophe;
            let stem_len = lower.len() - 3;
            self.pending = Some(self.tok(
                Span::new(cut, base + end_b),
                Cow::Borrowed("n't"),
                false,
                false,
                true,
            ));
            let stem = cow_prefix(lower, stem_len);
            return Some(self.tok(Span::new(base + b, cut), stem, cap, false, true));
        }
        Some(self.tok(Span::new(base + b, base + end_b), lower, cap, poss, true))
    }
}

/// Cuts a sentence into tokens with the lexicon's word ids.
/// `lowered` is [`lower_ascii`] of `text`.
fn tokenize<'t>(
    text: &'t str,
    lowered: &'t [u8],
    base: usize,
    rules: &MeetingRules,
) -> Vec<Tok<'t>> {
    // About one token per five bytes of English prose.
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    toks.extend(Tokens::new(text, base, Some(rules)).with_lowered(lowered));
    toks
}

/// Cuts text into tokens, without word ids or abbreviations.
fn tokenize_str(text: &str) -> Vec<Tok<'_>> {
    Tokens::new(text, 0, None).collect()
}

/// Does this text read as a transcript turn's header ("President of Russia Vladimir
/// Putin", "Jair Bolsonaro (retranslated)")? Short, and every word outside brackets
/// capitalised but for a few particles.
fn is_turn_header(text: &str, rules: &MeetingRules) -> bool {
    let mut depth = 0i32;
    let mut outside = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth <= 0 => outside.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = outside.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 12
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "of" | "the" | "de" | "von" | "der" | "and")
                || rules.word_is(&w.to_lowercase(), Class::Title)
        })
}

/// Is a sentence written in Title Case: at least four words that are not minor words,
/// nearly all capitalised?
fn is_title_case(toks: &[Tok], rules: &MeetingRules) -> bool {
    let (mut content, mut caps) = (0, 0);
    for t in toks {
        if t.word
            && t.lower.starts_with(|c: char| c.is_alphabetic())
            && !rules.tok_is(t, Class::Minor)
        {
            content += 1;
            caps += usize::from(t.cap);
        }
    }
    content >= 4 && caps * 10 >= content * 9
}

/// Each sentence's tokens, cut when first asked for: most sentences of an article hold
/// no meeting and are never cut.
struct SentenceToks<'a> {
    doc: &'a Document,
    /// The document's text with its ASCII letters lower-cased, for the tokens to borrow.
    lowered: &'a [u8],
    rules: &'a MeetingRules,
    cells: Vec<OnceCell<Vec<Tok<'a>>>>,
}

impl<'a> SentenceToks<'a> {
    fn new(doc: &'a Document, lowered: &'a [u8], rules: &'a MeetingRules) -> Self {
        SentenceToks {
            doc,
            lowered,
            rules,
            cells: doc.sentences.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    fn get(&self, si: usize) -> &[Tok<'a>] {
        let (Some(cell), Some(s)) = (self.cells.get(si), self.doc.sentences.get(si)) else {
            return &[];
        };
        cell.get_or_init(|| {
            let (text, lowered) = match (
                self.doc.text.get(s.span.start..s.span.end),
                self.lowered.get(s.span.start..s.span.end),
            ) {
                (Some(t), Some(l)) => (t, l),
                _ => ("", &[][..]),
            };
            tokenize(text, lowered, s.span.start, self.rules)
        })
    }
}

/// Someone taking part, as read at one mention.
#[derive(Debug, Clone)]
struct Party {
    person: Option<usize>,
    name: String,
    role: Option<String>,
    /// Identity across mentions, from the name, once: merging compares parties often.
    key: String,
}

impl Party {
    fn new(person: Option<usize>, name: String, role: Option<String>) -> Party {
        let key = party_key(&name);
        Party {
            person,
            name,
            role,
            key,
        }
    }
}

/// A party's identity across mentions: the surname, lower case. Doubled letters are
/// folded, so that transliterations agree ("Zelenskyy", "Zelensky").
fn party_key(name: &str) -> String {
    let surname = name.split_whitespace().last().unwrap_or("").to_lowercase();
    let mut key = String::with_capacity(surname.len());
    for c in surname.chars() {
        if !key.ends_with(c) {
            key.push(c);
        }
    }
    key
}

/// Do two places agree, case aside (as lower-cased strings)?
fn same_place(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => a.eq_ignore_ascii_case(b),
        (Some(a), Some(b)) => a.to_lowercase() == b.to_lowercase(),
        (a, b) => a.is_none() && b.is_none(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Det {
    /// "next", "another": a meeting not mentioned before.
    New,
    /// "a": new, unless it names the parties of a known meeting ("after an hour-long
    /// meeting with X" once "talks with X" were told).
    Indefinite,
    /// "the", "his", a possessor: a meeting known already, if one fits.
    Anaphor,
    /// "such": the latest meeting, whatever its status.
    Strong,
    /// No determiner ("held talks", "met").
    Bare,
}

/// One mention of a meeting, with what its sentence says.
#[derive(Debug, Clone)]
struct Mention {
    trigger: Span,
    sentence: usize,
    /// Token range of the noun phrase's modifiers, before the trigger noun (noun mentions).
    modifiers: Span,
    kind: MeetingKind,
    status: MeetingStatus,
    det: Det,
    plural: bool,
    /// Parties that identify the meeting.
    core: Vec<Party>,
    /// Parties only added to it ("who also took part in the meeting").
    added: Vec<Party>,
    place: Option<String>,
    topic: Option<(u8, String)>,
    /// A topic the next paragraph gives ("The leaders discussed X"): only for a meeting
    /// that took place.
    next_topic: Option<(u8, String)>,
    sides: Vec<String>,
}

/// What one sentence is read with.
struct Reader<'a, 't> {
    doc: &'a Document,
    rules: &'a MeetingRules,
    people: &'a People,
    /// People's mentions are missing altogether: read names from capitals instead.
    fallback_names: bool,
    toks: &'a [Tok<'a>],
    sentence: usize,
    /// Every sentence's tokens, for the titles.
    sentence_toks: &'a SentenceToks<'t>,
    roles: &'a RoleIndex,
    /// Found when a first-person word first needs its speaker.
    turns: &'a OnceCell<TurnHeaders>,
}

/// The turn headers of a transcript ("President of Brazil Jair Bolsonaro
/// (retranslated):"), found once per article: per block, the byte offset of each header's
/// colon and the first person the header names, in text order. Looking them up afresh for
/// each first-person word rescanned its block from the start, quadratic in a long
/// one-paragraph text.
#[derive(Debug, Default)]
struct TurnHeaders {
    by_block: Vec<Vec<(usize, usize)>>,
}

impl TurnHeaders {
    fn find(doc: &Document, rules: &MeetingRules, people: &People) -> Self {
        let is_person = |idx: usize| {
            people
                .persons
                .get(idx)
                .is_some_and(|p| p.kind == PersonKind::Person)
        };
        let by_block = doc
            .blocks
            .iter()
            .map(|block| {
                let mut headers = Vec::new();
                let Some(text) = doc.text.get(block.span.start..block.span.end) else {
                    return headers;
                };
                // A header ends at a colon.
                if !text.contains(':') {
                    return headers;
                }
                // A header runs from the last sentence end (or the block's start) to its
                // colon: "... of talks. Vladimir Putin: Good afternoon".
                let mut from = block.span.start;
                for (off, c) in text.char_indices() {
                    match c {
                        // `+ 1` even after a curly quote: such a header is no char
                        // boundary, reads as "" and is no header (kept as it was).
                        '.' | '!' | '?' | '\n' | '"' | '”' => from = block.span.start + off + 1,
                        ':' => {
                            let colon = block.span.start + off;
                            let header = doc.text.get(from..colon).unwrap_or("");
                            if is_turn_header(header, rules)
                                && let Some(m) = people
                                    .mentions_in(Span::new(from, colon))
                                    .find(|m| is_person(m.person) && m.kind == MentionKind::Name)
                            {
                                headers.push((colon, m.person));
                            }
                        }
                        _ => {}
                    }
                }
                headers
            })
            .collect();
        TurnHeaders { by_block }
    }
}

/// What the article calls each person, to resolve role nouns ("the President", "the
/// Taoiseach") to the person whose titles hold the role.
#[derive(Debug, Default)]
struct RoleIndex {
    /// Per person: where their names are mentioned, in text order.
    names: Vec<Vec<usize>>,
    /// Every word of every person's name, lower case: such a word is no place.
    name_words: FxHashSet<String>,
    /// The titles, read when first asked for: reading them cuts every sentence that
    /// names someone, and most articles never resolve a role noun.
    titles: OnceCell<Titles>,
}

impl RoleIndex {
    /// The titles, read on the first call.
    fn titles(
        &self,
        doc: &Document,
        rules: &MeetingRules,
        people: &People,
        sentence_toks: &SentenceToks,
        turns: &OnceCell<TurnHeaders>,
    ) -> &Titles {
        self.titles
            .get_or_init(|| read_titles(doc, rules, people, sentence_toks, turns))
    }
}

/// The titles the article gives each person.
#[derive(Debug, Default)]
struct Titles {
    /// Per person: the words of the titles, sides folded to their country ("Ukrainian"
    /// -> ukraine).
    words: Vec<Vec<String>>,
    /// Per person: the title phrases as written, for roles.
    texts: Vec<Vec<String>>,
}

impl RoleIndex {
    /// Has the person been named before byte `at`?
    fn named_before(&self, person: usize, at: usize) -> bool {
        self.names
            .get(person)
            .is_some_and(|v| v.first().is_some_and(|&s| s < at))
    }

    fn last_named_before(&self, person: usize, at: usize) -> Option<usize> {
        self.names
            .get(person)?
            .iter()
            .rev()
            .find(|&&s| s < at)
            .copied()
    }
}

/// The word a role or title word is compared by: a side's country, else the word.
fn fold_word(rules: &MeetingRules, word: &str) -> String {
    rules
        .side_of(word)
        .map(str::to_string)
        .unwrap_or_else(|| word.to_string())
}

impl<'a> Reader<'a, '_> {
    fn titles(&self) -> &'a Titles {
        let roles: &'a RoleIndex = self.roles;
        roles.titles(
            self.doc,
            self.rules,
            self.people,
            self.sentence_toks,
            self.turns,
        )
    }

    fn text(&self, from: usize, to: usize) -> &str {
        if from >= to || to > self.toks.len() {
            return "";
        }
        let span = Span::new(self.toks[from].span.start, self.toks[to - 1].span.end);
        self.doc.text.get(span.start..span.end).unwrap_or("")
    }

    /// A clause boundary: punctuation that ends a clause or a list.
    fn is_break(&self, i: usize) -> bool {
        self.toks.get(i).is_none_or(|t| {
            !t.word
                && matches!(
                    t.lower.as_ref(),
                    "." | ";" | ":" | "(" | ")" | "-" | "\"" | "!" | "?" | "•"
                )
        })
    }

    fn is_comma(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.word && t.lower == ",")
    }

    /// The start of the clause holding token `i`.
    fn clause_start(&self, i: usize) -> usize {
        let mut k = i;
        while k > 0
            && !self.is_break(k - 1)
            && !self.is_comma(k - 1)
            && self.toks[k - 1].lower != "but"
        {
            k -= 1;
        }
        k
    }

    /// One past the end of the clause holding token `i`.
    fn clause_end(&self, i: usize) -> usize {
        let mut k = i;
        while k < self.toks.len() && !self.is_break(k) && !self.is_comma(k) {
            k += 1;
        }
        k
    }

    /// The person mention (of a person, not an organisation) on token `i`.
    /// The name or pronoun mention of a person on token `i`. Role nouns are left to
    /// [`Reader::resolve_role`]; a mention resolved to someone the article names only
    /// later is not trusted.
    fn person_at(&self, i: usize) -> Option<(Span, usize)> {
        let t = self.toks.get(i)?;
        self.people
            .mentions_in(Span::new(t.span.start.saturating_sub(64), t.span.end + 64))
            .filter(|m| m.span.overlaps(t.span))
            .filter(|m| self.is_person(m.person))
            .filter(|m| match m.kind {
                MentionKind::Name => true,
                MentionKind::Pronoun => self.roles.named_before(m.person, m.span.start),
                MentionKind::Role => false,
            })
            .map(|m| (m.span, m.person))
            .last()
    }

    /// The person a role noun phrase in tokens `[from, to)` names ("the President of
    /// Ukraine", "the Taoiseach"): among the people named before it whose titles hold
    /// every title word of the phrase, the one sharing most words with it, then the one
    /// named last.
    fn resolve_role(&self, from: usize, to: usize) -> Option<usize> {
        let words: Vec<String> = (from..to.min(self.toks.len()))
            .filter(|&k| {
                self.toks[k].word
                    && !self.rules.is(self.toks, k, Class::Anaphor)
                    && !self.rules.is(self.toks, k, Class::New)
            })
            .map(|k| fold_word(self.rules, &self.toks[k].lower))
            .collect();
        let heads: Vec<&String> = words
            .iter()
            .filter(|w| {
                self.rules.word_is(w, Class::Title) && !self.rules.word_is(w, Class::Honorific)
            })
            .collect();
        if heads.is_empty() || words.len() > heads.len() + 4 {
            return None;
        }
        let at = self.toks.get(from)?.span.start;
        (0..self.people.persons.len())
            .filter(|&i| self.is_person(i))
            .filter_map(|i| {
                let last = self.roles.last_named_before(i, at)?;
                let titles = self.titles().words.get(i)?;
                if !heads.iter().all(|h| titles.contains(h)) {
                    return None;
                }
                let shared = words.iter().filter(|w| titles.contains(w)).count();
                Some((shared, last, i))
            })
            .max()
            .map(|(_, _, i)| i)
    }

    /// The party a noun phrase in tokens `[from, to)` names: its last name (not a
    /// possessor's), a pronoun, a role noun, or capitals when the people stage gave
    /// nothing. Gives the token where the name starts, and the party.
    fn np_party(&self, from: usize, to: usize, role: Option<String>) -> Option<(usize, Party)> {
        let mut found: Option<(usize, Party)> = None;
        for k in from..to.min(self.toks.len()) {
            // A possessor is no party: "Trump's envoy X", "his jailers".
            let determiner = k + 1 < to && self.rules.is(self.toks, k, Class::Anaphor);
            if self.toks[k].poss || determiner {
                continue;
            }
            if let Some((span, idx)) = self.person_at(k) {
                // A name followed by a noun modifies it ("hosted a Clinton event").
                let next = (k + 1..to.min(self.toks.len()))
                    .find(|&j| self.toks[j].word && !self.toks[j].span.overlaps(span));
                let ft = self.tok_of(span.start).unwrap_or(k).max(from);
                let after_det = ft > 0
                    && (self.rules.is(self.toks, ft - 1, Class::New)
                        || self.rules.is(self.toks, ft - 1, Class::Anaphor));
                if after_det
                    && next.is_some_and(|j| {
                        !self.toks[j].cap && !self.rules.is(self.toks, j, Class::Trail)
                    })
                {
                    continue;
                }
                let r = role.clone().or_else(|| self.role(from, ft));
                if let Some(p) = self.party(idx, r) {
                    found = Some((ft, p));
                }
            }
        }
        if found.is_some() {
            return found;
        }
        if let Some(idx) = self.resolve_role(from, to) {
            let r = role.clone().or_else(|| self.role(from, to));
            return self.party(idx, r).map(|p| (from, p));
        }
        self.fallback_name(from, to).map(|(s, mut p)| {
            p.role = role.or_else(|| self.role(from, s));
            (s, p)
        })
    }

    fn is_person(&self, idx: usize) -> bool {
        self.people
            .persons
            .get(idx)
            .is_some_and(|p| p.kind == PersonKind::Person)
    }

    fn party(&self, idx: usize, role: Option<String>) -> Option<Party> {
        let p = self.people.persons.get(idx)?;
        (p.kind == PersonKind::Person).then(|| Party::new(Some(idx), p.name.clone(), role))
    }

    /// The token index holding byte `b`.
    fn tok_of(&self, b: usize) -> Option<usize> {
        self.toks
            .iter()
            .position(|t| t.span.start <= b && b < t.span.end)
    }

    /// A role from the words before a name: "Trump's special representative", trimmed of
    /// determiners and punctuation.
    fn role(&self, from: usize, to: usize) -> Option<String> {
        let mut f = from;
        while f < to
            && (!self.toks[f].word
                || self.rules.is(self.toks, f, Class::Anaphor)
                || self.rules.is(self.toks, f, Class::New))
        {
            f += 1;
        }
        let mut t = to;
        while t > f && !self.toks[t - 1].word {
            t -= 1;
        }
        if (f..t).all(|k| !self.toks[k].word || self.rules.is(self.toks, k, Class::Honorific)) {
            return None;
        }
        let s = self.text(f, t).trim();
        (!s.is_empty()).then(|| s.to_string())
    }

    /// Walks back from token `end` (exclusive) over the words of a title before a name
    /// ("Kremlin leader", "Prime Minister of the United Kingdom", "Trump's son-in-law").
    fn title_start(&self, end: usize) -> usize {
        let mut k = end;
        let mut n = 0;
        while k > 0 && n < 8 {
            let t = &self.toks[k - 1];
            if !t.word {
                break;
            }
            // "her" in "X and her Chilean counterpart Y" opens the second conjunct's phrase.
            let possessive_pronoun =
                self.rules.is(self.toks, k - 1, Class::PossessivePronoun) && k < end;
            let keep = t.cap
                || t.poss
                || possessive_pronoun
                || self.rules.is(self.toks, k - 1, Class::Title)
                || (matches!(t.lower.as_ref(), "of" | "the")
                    && self.toks.get(k).is_some_and(|n| n.cap))
                || (!self.rules.is(self.toks, k - 1, Class::Stop)
                    && !self.rules.is(self.toks, k - 1, Class::Aux)
                    && !self.rules.is(self.toks, k - 1, Class::Copula)
                    && self.rules.at(self.toks, k - 1, Class::Verb).is_none()
                    && self.rules.at(self.toks, k - 1, Class::Support).is_none()
                    && t.lower != "and"
                    && t.lower != "with"
                    && t.lower != "by"
                    && t.lower != "between"
                    && !t.lower.ends_with("ed")
                    && k >= 2
                    && (self.toks[k - 2].poss
                        || self.rules.is(self.toks, k - 2, Class::PossessivePronoun)));
            if !keep {
                break;
            }
            k -= 1;
            n += 1;
        }
        k
    }

    /// A name read from capitals, for when the people stage gave nothing: the last run of
    /// capitalised words that are not titles or sides.
    fn fallback_name(&self, from: usize, to: usize) -> Option<(usize, Party)> {
        if !self.fallback_names {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        let mut i = from;
        while i < to {
            let ok = |k: usize| {
                let t = &self.toks[k];
                t.word
                    && t.cap
                    && !t.poss
                    && !self.rules.is(self.toks, k, Class::Title)
                    && self.rules.side_of(&t.lower).is_none()
                    && !self.rules.is(self.toks, k, Class::NotPlace)
            };
            if ok(i) {
                let s = i;
                while i < to && ok(i) {
                    i += 1;
                }
                best = Some((s, i));
            } else {
                i += 1;
            }
        }
        let (s, e) = best?;
        let titled = s > from && self.rules.is(self.toks, s - 1, Class::Title);
        if e - s < 2 && !titled {
            return None;
        }
        Some((s, Party::new(None, self.text(s, e).to_string(), None)))
    }

    /// The subject of a verb whose first token is `at`: the parties named just before it,
    /// with their coordination ("Putin and Xi met").
    fn subject(&self, at: usize) -> Vec<Party> {
        let mut j = at;
        let mut skipped = 0;
        while j > 0 && skipped < 5 {
            let t = &self.toks[j - 1];
            let rel = t.word && matches!(t.lower.as_ref(), "who" | "which");
            if rel
                || (t.word && !t.cap && self.rules.is(self.toks, j - 1, Class::Aux))
                || (t.word && !t.cap && self.rules.is(self.toks, j - 1, Class::Negation))
            {
                j -= 1;
                skipped += 1;
                if rel && j > 0 && self.is_comma(j - 1) {
                    j -= 1;
                }
                continue;
            }
            break;
        }
        if j == 0 {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut saw_and = false;
        // The party read next, kept from the coordination test rather than read twice.
        let mut next = self.party_ending_at(j);
        for _ in 0..5 {
            let Some((start, party)) = next.take() else {
                break;
            };
            out.push(party);
            // Coordination: "Putin and Xi", "A, B and C" (a comma only once "and" is seen:
            // "After the talks with X, Y met Z" coordinates nothing).
            let and = start >= 2 && self.toks[start - 1].lower == "and";
            let comma = start >= 2 && self.is_comma(start - 1) && saw_and;
            saw_and |= and;
            if and || comma {
                next = self.party_ending_at(start - 1);
                if next.is_some() {
                    continue;
                }
            }
            break;
        }
        if out.is_empty() && !self.is_break(j - 1) {
            // "X visited Y and then met Z": the subject is the main clause's.
            return self.first_party(0, at).into_iter().collect();
        }
        out.reverse();
        out
    }

    /// A party whose noun phrase ends just before token `end`: its first token and the party.
    fn party_ending_at(&self, end: usize) -> Option<(usize, Party)> {
        if end == 0 {
            return None;
        }
        let last = end - 1;
        let t = &self.toks[last];
        if !t.word || t.poss {
            return None;
        }
        if self.rules.is(self.toks, last, Class::FirstPerson) {
            return self.speaker(last).map(|p| (last, p));
        }
        if let Some((span, idx)) = self.person_at(last) {
            let first = self.tok_of(span.start).unwrap_or(last).min(last);
            let start = self.title_start(first);
            let role = self.role(start, first);
            return self.party(idx, role).map(|p| (start, p));
        }
        // A role noun ("the President") or a pronoun the people stage resolves ("He").
        let start = self.title_start(last);
        let mut s = start;
        if s > 0 && self.rules.is(self.toks, s - 1, Class::Anaphor) {
            s -= 1;
        }
        if let Some(idx) = self.resolve_role(s, end) {
            return self.party(idx, self.role(s, end)).map(|p| (s, p));
        }
        let span = Span::new(self.toks[s].span.start, t.span.end);
        if let Some(idx) = self
            .people
            .resolve(self.doc, span)
            .filter(|&i| self.is_person(i) && self.roles.named_before(i, span.start))
        {
            return self.party(idx, None).map(|p| (s, p));
        }
        self.fallback_name(start, end).map(|(_, p)| (start, p))
    }

    /// The first party named in tokens `[from, to)`: the subject of a main clause.
    fn first_party(&self, from: usize, to: usize) -> Option<Party> {
        for i in from..to.min(self.toks.len()) {
            if self.toks[i].poss {
                continue;
            }
            if let Some((span, idx)) = self.person_at(i) {
                let first = self.tok_of(span.start).unwrap_or(i);
                let start = self.title_start(first.min(i));
                return self.party(idx, self.role(start, first.min(i)));
            }
        }
        self.fallback_name(from, to).map(|(_, p)| p)
    }

    /// The speaker of a first-person pronoun: the name before the colon that opens the
    /// transcript turn holding it ("President Vladimir Putin: ... we have had talks").
    fn speaker(&self, i: usize) -> Option<Party> {
        let at = self.toks.get(i)?.span.start;
        let block_idx = self.doc.sentences.get(self.sentence)?.block;
        let block = self.doc.blocks.get(block_idx)?;
        self.doc.text.get(block.span.start..at)?;
        // The last colon before `at` that closes a turn header: a short run of capitalised
        // words after a sentence end ("President of Brazil Jair Bolsonaro
        // (retranslated):"), holding a person; the header's first person is the speaker.
        let turns = self
            .turns
            .get_or_init(|| TurnHeaders::find(self.doc, self.rules, self.people));
        let headers = turns.by_block.get(block_idx)?;
        let before_at = headers.partition_point(|&(colon, _)| colon < at);
        let best = headers[..before_at].last()?.1;
        // A header read as one long name ("Jair Bolsonaro Bolsonaro JairPresident") is the
        // person whose full name it holds and whom the article names more often.
        let name = self.people.persons.get(best)?.name.clone();
        let count = |i: usize| self.roles.names.get(i).map_or(0, Vec::len);
        let holder = (0..self.people.persons.len())
            .filter(|&i| i != best && self.is_person(i))
            .filter(|&i| {
                let other = &self.people.persons[i].name;
                other.split_whitespace().count() >= 2 && name.contains(other.as_str())
            })
            .max_by_key(|&i| count(i))
            .filter(|&i| count(i) > count(best));
        self.party(holder.unwrap_or(best), None)
    }

    /// Parses a list of parties from token `start`: "A and B", "A, B and C", "Trump's
    /// envoy Steve Witkoff and the chairman of X, Ruslan Stefanchuk". Stops at a stop word
    /// or a clause break. Gives the parties and the index where the list ended.
    fn list(&self, start: usize) -> (Vec<Party>, usize) {
        self.list_to(start, false)
    }

    /// [`Reader::list`], ending at the first comma when `comma_ends` (a fronted phrase:
    /// "During the talks with X, Y said").
    fn list_to(&self, start: usize, comma_ends: bool) -> (Vec<Party>, usize) {
        let mut parties: Vec<Party> = Vec::new();
        let mut pending_role: Option<String> = None;
        let mut i = start;
        let mut after_comma = false;
        let mut sep_at = start;
        loop {
            let seg_start = i;
            while i < self.toks.len()
                && i - seg_start < 10
                && !self.is_break(i)
                && !self.is_comma(i)
                && self.toks[i].lower != "and"
                && !self.rules.is(self.toks, i, Class::Stop)
                // A determiner right after a name opens another phrase: "discussed
                // with X the grain deal".
                && !(i > seg_start
                    && (self.rules.is(self.toks, i, Class::Anaphor)
                        || self.rules.is(self.toks, i, Class::New))
                    && self.person_at(i - 1).is_some())
            {
                i += 1;
            }
            if i == seg_start {
                break;
            }
            let first = &self.toks[seg_start];
            let np_like = (first.cap && first.lower.starts_with(char::is_alphabetic))
                || first.poss
                || self.rules.is(self.toks, seg_start, Class::Anaphor)
                || self.rules.is(self.toks, seg_start, Class::New)
                || self.rules.is(self.toks, seg_start, Class::Title)
                || self.rules.is(self.toks, seg_start, Class::Delegation)
                || matches!(first.lower.as_ref(), "him" | "her" | "them" | "head");
            if !np_like {
                i = seg_start;
                break;
            }
            let found = self.np_party(seg_start, i, pending_role.clone());
            match found {
                Some((_, p)) => {
                    pending_role = None;
                    parties.push(p);
                }
                None => {
                    // After a comma, words that do not close like an apposition start
                    // a clause: "with X, the President said ...".
                    let closed = i >= self.toks.len() || self.is_comma(i) || self.is_break(i);
                    if after_comma && !closed {
                        i = sep_at;
                        break;
                    }
                    let words = self.role(seg_start, i);
                    match parties.last_mut() {
                        // An apposition: "Rustem Umerov, head of the delegation".
                        Some(last) if after_comma && last.role.is_none() => last.role = words,
                        // A title set off before its name: "the chairman of X, Ruslan
                        // Stefanchuk" (not "Putin and Zelensky" with Putin unknown).
                        _ if self.is_comma(i) => pending_role = words,
                        _ => pending_role = None,
                    }
                }
            }
            if i >= self.toks.len() {
                break;
            }
            sep_at = i;
            if self.is_comma(i) {
                if comma_ends {
                    break;
                }
                after_comma = true;
                i += 1;
                if self.toks.get(i).is_some_and(|t| t.lower == "and") {
                    i += 1;
                }
            } else if self.toks[i].lower == "and" {
                after_comma = false;
                i += 1;
            } else {
                break;
            }
        }
        (parties, i)
    }

    /// The status cues of the clause around a trigger `[a, b)` whose noun phrase or subject
    /// starts at `np`. None when a negation drops a held mention.
    fn status(&self, np: usize, a: usize, b: usize) -> Option<(MeetingStatus, bool)> {
        let cs = self.clause_start(np).max(np.saturating_sub(10));
        let ce = self.clause_end(b).min(b + 8);
        let mut found: Vec<MeetingStatus> = Vec::new();
        let mut negated = false;
        let mut i = cs;
        while i < ce {
            if i >= a && i < b {
                i += 1;
                continue;
            }
            if let Some((n, e)) = self.rules.at(self.toks, i, Class::Status)
                && (i < a || e.flag)
            {
                found.push(e.status);
                i += n;
                continue;
            }
            if i + 4 >= a && i < b + 3 && self.rules.at(self.toks, i, Class::Negation).is_some() {
                negated = true;
            }
            i += 1;
        }
        let rank = |s: &MeetingStatus| match s {
            MeetingStatus::NotPlanned => 5,
            MeetingStatus::Cancelled => 4,
            MeetingStatus::Proposed => 3,
            MeetingStatus::Planned => 2,
            MeetingStatus::Held => 1,
        };
        let explicit = found.iter().max_by_key(|s| rank(s)).copied();
        let status = explicit.unwrap_or(MeetingStatus::Held);
        match (negated, status) {
            (true, MeetingStatus::Planned | MeetingStatus::Proposed) => {
                Some((MeetingStatus::NotPlanned, true))
            }
            (true, MeetingStatus::Held) => None,
            _ => Some((status, explicit.is_some())),
        }
    }

    /// A place after "in"/"at" in tokens `[from, to)`: a run of capitalised words ("in
    /// Geneva", "at the White House", "in the 58th Munich Security Conference").
    fn place_in(&self, from: usize, to: usize, dates: &[Span]) -> Option<String> {
        let mut i = from;
        let prep_end = to;
        let to = self.clause_end(from).max(to).min(self.toks.len());
        while i < prep_end {
            if self.rules.is(self.toks, i, Class::Place) && self.toks[i].word {
                let mut s = i + 1;
                while s < to && matches!(self.toks[s].lower.as_ref(), "the" | "a") {
                    s += 1;
                }
                let mut e = s;
                while e < to
                    && self.toks[e].word
                    && (self.toks[e].cap
                        || (e > s && self.rules.is(self.toks, e, Class::Venue))
                        || (matches!(self.toks[e].lower.as_ref(), "of" | "de")
                            && self.toks.get(e + 1).is_some_and(|t| t.cap)))
                {
                    if self.toks[e].poss {
                        break;
                    }
                    e += 1;
                }
                while e > s
                    && !self.toks[e - 1].cap
                    && !self.rules.is(self.toks, e - 1, Class::Venue)
                {
                    e -= 1;
                }
                if e > s && self.is_place(s, e, dates) {
                    let mut first = s;
                    // An ordinal is not part of the place's name ("the 58th Munich ...").
                    while first < e
                        && self.toks[first]
                            .lower
                            .starts_with(|c: char| c.is_ascii_digit())
                    {
                        first += 1;
                    }
                    if first < e {
                        return Some(self.text(first, e).to_string());
                    }
                }
            }
            i += 1;
        }
        None
    }

    fn is_place(&self, s: usize, e: usize, dates: &[Span]) -> bool {
        let span = Span::new(self.toks[s].span.start, self.toks[e - 1].span.end);
        !self.rules.is(self.toks, s, Class::NotPlace)
            && !dates.iter().any(|d| d.overlaps(span))
            && !(s..e).any(|k| self.person_at(k).is_some())
    }

    /// The topic a cue of at least `min` priority introduces in tokens `[from, to)`.
    fn topic_in(&self, from: usize, to: usize, min: u8, dates: &[Span]) -> Option<(u8, String)> {
        let mut i = from;
        while i < to {
            if let Some((n, e)) = self.rules.at(self.toks, i, Class::Topic)
                && e.priority >= min
            {
                let s = i + n;
                let mut e2 = s;
                while e2 < self.toks.len()
                    && e2 - s < 16
                    && !self.is_break(e2)
                    && !self.is_comma(e2)
                {
                    e2 += 1;
                }
                if e2 > s && self.is_topic(s, e2, dates) {
                    return Some((e.priority, self.text(s, e2).to_string()));
                }
            }
            i += 1;
        }
        None
    }

    fn is_topic(&self, s: usize, e: usize, dates: &[Span]) -> bool {
        let span = Span::new(self.toks[s].span.start, self.toks[e - 1].span.end);
        // The head after a determiner: "on the sidelines of" gives no topic.
        let head = if self.rules.is(self.toks, s, Class::Anaphor) && s + 1 < e {
            s + 1
        } else {
            s
        };
        !self.rules.is(self.toks, s, Class::NotPlace)
            && !self.rules.is(self.toks, head, Class::NotPlace)
            && !dates.iter().any(|d| d.overlaps(span))
    }

    /// Reads the mention whose trigger is tokens `[a, b)`.
    fn mention(&self, a: usize, b: usize, e: &Entry, dates: &[Span]) -> Option<Mention> {
        let trigger = Span::new(self.toks[a].span.start, self.toks[b - 1].span.end);
        let mut m = Mention {
            trigger,
            sentence: self.sentence,
            modifiers: Span::new(trigger.start, trigger.start),
            kind: e.kind,
            status: MeetingStatus::Held,
            det: Det::Bare,
            plural: e.class == Class::Noun && e.flag,
            core: Vec::new(),
            added: Vec::new(),
            place: None,
            topic: None,
            next_topic: None,
            sides: Vec::new(),
        };
        let gerund_subject = a > 0
            && self.rules.is(self.toks, a - 1, Class::GerundAfter)
            && self.toks[a].lower.ends_with("ing");
        let mut np = a;
        let mut explicit_status = false;
        if e.class == Class::Verb {
            m.core = if gerund_subject {
                self.first_party(0, a - 1).into_iter().collect()
            } else {
                self.subject(a)
            };
            // The passive: "Witkoff was received by Putin".
            let passive = self.toks.get(b).is_some_and(|t| t.lower == "by");
            let (objs, end) = if passive {
                self.list(b + 1)
            } else {
                self.objects(b, e.flag)
            };
            if e.flag && objs.is_empty() && (m.core.len() < 2 || !e.mutual) {
                return None;
            }
            m.core.extend(objs);
            m.topic = self.topic_after_list(end, dates);
            // "discussed with X the grain deal": what follows the list is the topic.
            let discusses = self
                .rules
                .at(self.toks, a, Class::Topic)
                .is_some_and(|(_, t)| t.priority >= 3);
            if discusses && m.topic.is_none() {
                let ce = self.clause_end(end);
                if ce > end && self.is_topic(end, ce, dates) {
                    m.topic = Some((3, self.text(end, ce).to_string()));
                }
            }
        } else {
            np = self.noun_phrase(&mut m, a, b);
            // The verb that governs the noun: "held talks", "took part in the meeting".
            let governed = [(Class::Support, true), (Class::Join, false)]
                .into_iter()
                .find_map(|(c, core)| self.rules.ending_at(self.toks, np, c).map(|s| (s, core)));
            if let Some((s, core)) = governed {
                let gerund = s > 0
                    && self.rules.is(self.toks, s - 1, Class::GerundAfter)
                    && self.toks[s].lower.ends_with("ing");
                let subj: Vec<Party> = if gerund {
                    self.first_party(0, s - 1).into_iter().collect()
                } else {
                    self.subject(s)
                };
                if core {
                    m.core.extend(subj);
                } else {
                    m.added.extend(subj);
                }
                np = s;
            }
            // "X will travel to Y for talks with Z": the traveller takes part.
            if governed.is_none() && np > 0 && self.toks[np - 1].lower == "for" {
                let cs = self.clause_start(np - 1);
                m.core.extend(self.first_party(cs, np - 1));
            }
            if np > 0
                && self.rules.is(self.toks, np - 1, Class::Copula)
                && matches!(m.det, Det::New | Det::Indefinite)
            {
                // "It was a useful meeting": said of a meeting already known.
                m.det = Det::Anaphor;
            }
            let fronted = self
                .rules
                .ending_at(self.toks, np, Class::Fronted)
                .is_some();
            let (objs, end) = self.noun_objects(b, &mut m, fronted);
            // "During the talks with X, Y said": only a phrase naming the counterpart
            // makes the main subject a party ("After the talks ended, Y said" does not).
            if !objs.is_empty()
                && let Some(p) = self.fronted_subject(np, end)
            {
                m.core.push(p);
            }
            m.core.extend(objs);
            m.topic = self.topic_after_list(end, dates);
            // "A meeting ... attended by X", "Also present were X and Y".
            let mut k = end;
            while k < self.toks.len() && !self.is_break(k) {
                if let Some((n, _)) = self.rules.at(self.toks, k, Class::Attended) {
                    m.added.extend(self.list(k + n).0);
                    break;
                }
                k += 1;
            }
            // Several meetings are a record only with a counterpart ("held meetings with
            // X"), not as a summary ("returned from meetings with leaders").
            if m.plural && m.core.len() < 2 {
                return None;
            }
            // A singular noun with no determiner, possessor or party is no mention ("via
            // videoconference", a headline's "Ukraine call").
            if !e.bare
                && m.det == Det::Bare
                && governed.is_none()
                && m.core.is_empty()
                && m.added.is_empty()
            {
                return None;
            }
        }
        let (status, explicit) = self.status(np, a, b)?;
        m.status = status;
        explicit_status |= explicit;
        if explicit_status && m.det == Det::Bare && m.core.is_empty() {
            m.det = Det::Indefinite;
        }
        // A place: "In Geneva, ...", after the trigger in its clause, or a compound.
        if m.place.is_none() {
            let ce = self.clause_end(b).max(b);
            m.place = self.place_in(b, ce.min(self.toks.len()).min(b + 15), dates);
            if m.place.is_none() && m.kind == MeetingKind::Visit {
                // "his visit to Kyiv", "a state visit to China".
                m.place = (b..ce.min(b + 12)).find_map(|k| {
                    if self.toks[k].lower != "to" {
                        return None;
                    }
                    let mut e2 = k + 1;
                    while e2 < self.toks.len() && self.toks[e2].word && self.toks[e2].cap {
                        e2 += 1;
                    }
                    (e2 > k + 1 && self.is_place(k + 1, e2, dates))
                        .then(|| self.text(k + 1, e2).to_string())
                });
            }
            if m.place.is_none() {
                // "A meeting of ... attended by X ended in Paris": the place after the
                // verb that says the meeting happened.
                let mut k = b;
                while k < self.toks.len() && !self.is_break(k) {
                    if let Some((n, e)) = self.rules.at(self.toks, k, Class::Status)
                        && e.flag
                    {
                        m.place = self.place_in(k + n, (k + n + 1).min(self.toks.len()), dates);
                        break;
                    }
                    k += 1;
                }
            }
            if m.place.is_none() && self.toks.first().is_some_and(|t| t.lower == "in") {
                let ce0 = self.clause_end(0);
                if ce0 < a {
                    m.place = self.place_in(0, ce0, dates);
                }
            }
        }
        if m.topic.is_none() {
            m.topic = self.topic_in(b, self.toks.len(), 3, dates);
        }
        Some(m)
    }

    /// The objects of a verb: after "with" (right after the verb or a few words on),
    /// or, for a transitive verb, right after it.
    fn objects(&self, b: usize, transitive: bool) -> (Vec<Party>, usize) {
        if self.toks.get(b).is_some_and(|t| t.lower == "with") {
            return self.list(b + 1);
        }
        if b > 0 && self.toks[b - 1].lower == "with" {
            return self.list(b);
        }
        if transitive {
            // "visited the Church of St Andrew": "the" and a capitalised word that is no
            // title opens the name of a place or body, not a person.
            let institution = self.toks.get(b).is_some_and(|t| t.lower == "the")
                && self.toks.get(b + 1).is_some_and(|t| {
                    t.cap
                        && !self.rules.is(self.toks, b + 1, Class::Title)
                        && self.rules.side_of(&t.lower).is_none()
                });
            let (objs, end) = self.list(b);
            if !objs.is_empty() && !institution {
                return (objs, end);
            }
        }
        self.with_ahead(b).unwrap_or((Vec::new(), b))
    }

    /// "held talks in Kiev with X": a "with" list a few words on in the clause.
    fn with_ahead(&self, b: usize) -> Option<(Vec<Party>, usize)> {
        let mut k = b;
        while k < self.toks.len() && k < b + 8 && !self.is_break(k) && !self.is_comma(k) {
            if self.toks[k].lower == "with" {
                let r = self.list(k + 1);
                return (!r.0.is_empty()).then_some(r);
            }
            k += 1;
        }
        None
    }

    /// The objects of a meeting noun: "with X", "between X and Y".
    fn noun_objects(&self, b: usize, m: &mut Mention, fronted: bool) -> (Vec<Party>, usize) {
        match self.toks.get(b).map(|t| t.lower.as_ref()) {
            Some("with") => self.list_to(b + 1, fronted),
            // "the visit of X to Moscow", "a visit by X".
            Some("of" | "by") if m.kind == MeetingKind::Visit => self.list(b + 1),
            Some("between") => {
                let (parties, end) = self.list(b + 1);
                // Sides may lie past the list: "between the Polish delegation, led by
                // X, and the Irish one".
                let mut side_end = end;
                while side_end < self.toks.len() && side_end < b + 25 && !self.is_break(side_end) {
                    side_end += 1;
                }
                for k in b + 1..side_end {
                    for part in self.toks[k].lower.split('-') {
                        if let Some(side) = self.rules.side_of(part) {
                            m.sides.push(side.to_string());
                        }
                    }
                }
                (parties, end)
            }
            _ => self.with_ahead(b).unwrap_or((Vec::new(), b)),
        }
    }

    /// The main clause's subject after a fronted meeting phrase: "During the talks with X,
    /// the President said ...".
    fn fronted_subject(&self, np: usize, end: usize) -> Option<Party> {
        let f = self.rules.ending_at(self.toks, np, Class::Fronted)?;
        if f != 0 && !self.is_comma(f - 1) && !self.is_break(f - 1) {
            return None;
        }
        let mut k = end;
        while k < self.toks.len() && !self.is_comma(k) {
            if self.is_break(k) {
                return None;
            }
            k += 1;
        }
        let from = k + 1;
        let to = (from + 10).min(self.toks.len());
        // The subject: words up to the first that cannot be part of a name or title.
        let mut e = from;
        while e < to
            && self.toks[e].word
            && (self.toks[e].cap
                || self.rules.is(self.toks, e, Class::Anaphor)
                || self.rules.is(self.toks, e, Class::Title)
                || self.toks[e].lower == "of")
        {
            e += 1;
        }
        if e == from && self.toks.get(from).is_some_and(|t| t.word) {
            e = from + 1;
        }
        self.np_party(from, e, None).map(|(_, p)| p)
    }

    /// The topic right after the trigger or its list: "talks with X on Y", "talks on Y".
    fn topic_after_list(&self, end: usize, dates: &[Span]) -> Option<(u8, String)> {
        self.topic_in(end, (end + 1).min(self.toks.len()), 1, dates)
    }

    /// Reads the words before a meeting noun `[a, b)`: determiner, possessor, modifiers
    /// ("Putin's five-hour talks", "the Kremlin meeting", "the Putin-Witkoff talks").
    /// Gives the index where the noun phrase starts.
    fn noun_phrase(&self, m: &mut Mention, a: usize, _b: usize) -> usize {
        let mut k = a;
        let mut mods: Vec<usize> = Vec::new();
        while k > 0 && mods.len() < 6 {
            let i = k - 1;
            let t = &self.toks[i];
            if !t.word {
                break;
            }
            if t.poss {
                m.det = Det::Anaphor;
                let span = t.span;
                if let Some((_, idx)) = self.person_at(i) {
                    m.core.extend(self.party(idx, None));
                } else if let Some(idx) = self
                    .people
                    .resolve(self.doc, span)
                    .filter(|&x| self.is_person(x))
                {
                    m.core.extend(self.party(idx, None));
                }
                k = i;
                break;
            }
            if let Some((_, e)) = self.rules.at(self.toks, i, Class::Anaphor) {
                m.det = if e.flag { Det::Strong } else { Det::Anaphor };
                if matches!(t.lower.as_ref(), "his" | "her" | "their" | "its") {
                    if let Some(idx) = self
                        .people
                        .resolve(self.doc, t.span)
                        .filter(|&x| self.is_person(x))
                    {
                        m.core.extend(self.party(idx, None));
                    }
                } else if self.rules.is(self.toks, i, Class::FirstPerson) {
                    m.core.extend(self.speaker(i));
                }
                k = i;
                break;
            }
            if let Some((_, entry)) = self.rules.at(self.toks, i, Class::New) {
                let weak = entry.flag;
                // "such a meeting" refers back; "a meeting" is new.
                let strong = i > 0
                    && self
                        .rules
                        .at(self.toks, i - 1, Class::Anaphor)
                        .is_some_and(|(_, e)| e.flag);
                m.det = if strong {
                    Det::Strong
                } else if weak {
                    Det::Indefinite
                } else {
                    Det::New
                };
                k = if strong { i - 1 } else { i };
                break;
            }
            if self.rules.is(self.toks, i, Class::Stop)
                || self.rules.is(self.toks, i, Class::Place)
                || self.rules.is(self.toks, i, Class::Copula)
                || self.rules.is(self.toks, i, Class::Aux)
                || self.rules.ending_at(self.toks, k, Class::Support).is_some()
                || self.rules.ending_at(self.toks, k, Class::Join).is_some()
                || self.rules.ending_at(self.toks, k, Class::Fronted).is_some()
                || self.rules.at(self.toks, i, Class::Verb).is_some()
                || matches!(t.lower.as_ref(), "of" | "with" | "between" | "by")
            {
                break;
            }
            mods.push(i);
            k = i;
        }
        if let (Some(&first), Some(&last)) = (mods.last(), mods.first()) {
            m.modifiers = Span::new(self.toks[first].span.start, self.toks[last].span.end);
        }
        // "the previous round of talks", "since the summit": another, earlier meeting.
        let before = k
            .checked_sub(1)
            .filter(|&i| self.rules.is(self.toks, i, Class::Distinct));
        if before.is_some()
            || mods
                .iter()
                .any(|&i| self.rules.is(self.toks, i, Class::Distinct))
        {
            m.det = Det::New;
        }
        // Capitalised modifiers: people ("the Putin-Witkoff talks"), sides ("the
        // Russia-US talks") or a place ("the Kremlin talks", "an Oval Office exchange").
        let mut place: Vec<usize> = Vec::new();
        for &i in mods.iter().rev() {
            let t = &self.toks[i];
            if !t.cap || t.lower.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let people: Vec<usize> = self
                .people
                .mentions_in(t.span)
                .filter(|x| self.is_person(x.person))
                .map(|x| x.person)
                .collect();
            // Names as modifiers need a determiner or a hyphen: "the Putin-Witkoff talks",
            // not "Obama and Clinton call them".
            let compound = m.det != Det::Bare || t.lower.contains('-');
            if !people.is_empty() && !compound {
                continue;
            }
            if !people.is_empty() {
                for idx in people {
                    m.core.extend(self.party(idx, None));
                }
                continue;
            }
            let acronym = t.span.len() >= 2
                && self
                    .doc
                    .slice(t.span)
                    .chars()
                    .all(|c| c.is_uppercase() || !c.is_alphabetic());
            if acronym && self.people.mentions_in(t.span).next().is_some() {
                // An organisation's acronym ("a TCG meeting"): neither party nor place.
                continue;
            }
            let parts: Vec<&str> = t.lower.split('-').collect();
            let sides: Vec<&str> = parts.iter().filter_map(|p| self.rules.side_of(p)).collect();
            if sides.len() == parts.len() {
                if parts.len() > 1 {
                    m.sides.extend(sides.iter().map(|s| s.to_string()));
                }
                continue;
            }
            if self.rules.is(self.toks, i, Class::NotPlace)
                || self.rules.is(self.toks, i, Class::Title)
                || t.lower
                    .split('-')
                    .any(|w| self.roles.name_words.contains(w))
            {
                continue;
            }
            place.push(i);
        }
        // Only right before the noun: "the Kremlin talks", "an Oval Office exchange".
        if let (Some(&f), Some(&l)) = (place.first(), place.last())
            && l - f + 1 == place.len()
            && l + 1 == a
        {
            m.place = Some(self.text(f, l + 1).to_string());
        }
        k
    }
}

/// A meeting being assembled from its mentions.
#[derive(Debug)]
struct Draft {
    kind: MeetingKind,
    status: MeetingStatus,
    mentions: Vec<Mention>,
    parties: Vec<Party>,
    core_keys: Vec<String>,
    place: Option<String>,
    topic: Option<(u8, String)>,
    sides: Vec<String>,
    /// Where its latest mention is.
    last: usize,
}

impl Draft {
    fn has_key(&self, key: &str) -> bool {
        self.parties.iter().any(|p| p.key == key)
    }

    /// Takes in another draft of the same meeting, keeping mentions in text order.
    fn merge(&mut self, other: Draft) {
        let mut all: Vec<Mention> = std::mem::take(&mut self.mentions);
        all.extend(other.mentions);
        all.sort_by_key(|m| m.trigger.start);
        let core = std::mem::take(&mut self.core_keys);
        let parties = std::mem::take(&mut self.parties);
        let place = self.place.take();
        let topic = self.topic.take();
        for m in all {
            self.absorb(m);
        }
        // What this draft had read first stays first.
        let mut keys = core;
        for k in std::mem::take(&mut self.core_keys) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        self.core_keys = keys;
        let mut ps = parties;
        for p in std::mem::take(&mut self.parties) {
            if !ps.iter().any(|q| q.key == p.key) {
                ps.push(p);
            }
        }
        self.parties = ps;
        self.place = place.or(self.place.take());
        if topic.as_ref().map(|t| t.0) >= self.topic.as_ref().map(|t| t.0) {
            self.topic = topic;
        }
    }

    fn absorb(&mut self, m: Mention) {
        for p in m.core.iter() {
            if !self.core_keys.contains(&p.key) {
                self.core_keys.push(p.key.clone());
            }
        }
        for p in m.core.iter().chain(m.added.iter()) {
            match self.parties.iter_mut().find(|q| q.key == p.key) {
                Some(q) => {
                    if q.role.is_none() {
                        q.role = p.role.clone();
                    }
                    if q.person.is_none() {
                        q.person = p.person;
                        q.name = p.name.clone();
                    }
                }
                None => self.parties.push(p.clone()),
            }
        }
        if self.place.is_none() {
            self.place = m.place.clone();
        }
        let topic = if self.status == MeetingStatus::Held {
            m.topic.clone().or_else(|| m.next_topic.clone())
        } else {
            m.topic.clone()
        };
        match (&self.topic, &topic) {
            (None, Some(_)) => self.topic = topic,
            (Some((p0, _)), Some((p1, _))) if p1 > p0 => self.topic = topic,
            _ => {}
        }
        for s in &m.sides {
            if !self.sides.contains(s) {
                self.sides.push(s.clone());
            }
        }
        self.last = m.trigger.start;
        self.mentions.push(m);
    }
}

/// Which meeting a mention belongs to, if any is known already.
fn antecedent(m: &Mention, drafts: &[Draft]) -> Option<usize> {
    if m.det == Det::New {
        return None;
    }
    if m.det == Det::Indefinite && m.core.len() < 2 {
        return None;
    }
    if !m.core.is_empty() {
        // The same parties or some of them: the same meeting. More parties than a known
        // meeting: the same one when it names two of them already, or when the mention
        // refers back ("during our talks with X").
        let definite = matches!(m.det, Det::Anaphor | Det::Strong);
        return latest(drafts, |d| {
            let subset = m.core.iter().all(|p| d.has_key(&p.key));
            let superset = !d.core_keys.is_empty()
                && d.core_keys
                    .iter()
                    .all(|k| m.core.iter().any(|p| p.key == *k))
                && (d.core_keys.len() >= 2 || definite);
            d.status == m.status && (subset || superset)
        });
    }
    if m.det == Det::Strong {
        return latest(drafts, |_| true);
    }
    // "the peace talks in Geneva": the latest meeting at that place, if any.
    if m.place.is_some()
        && let Some(i) = latest(drafts, |d| {
            d.status == m.status && same_place(d.place.as_deref(), m.place.as_deref())
        })
    {
        return Some(i);
    }
    latest(drafts, |d| d.status == m.status)
}

/// The draft told latest (by its latest mention; on a tie, the first made) that `fits`.
fn latest(drafts: &[Draft], fits: impl Fn(&Draft) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, d) in drafts.iter().enumerate() {
        if fits(d) && best.is_none_or(|b| d.last > drafts[b].last) {
            best = Some(i);
        }
    }
    best
}

/// Finds the meetings of a document.
pub fn find(
    doc: &Document,
    rules: &MeetingRules,
    people: &People,
    dates: &[Date],
    durations: &mut [Duration],
) -> Vec<Meeting> {
    let sentence_text = |si: usize| {
        let span = doc.sentences[si].span;
        doc.text.get(span.start..span.end).unwrap_or("")
    };
    // The lower-cased text is searched for meeting words, and lends capitalised words
    // their lower case.
    let lowered = doc.lowered();
    // Most articles name no meeting: then there is nothing to read.
    let may_trigger = rules.may_trigger_each(doc, lowered);
    if !may_trigger.contains(&true) {
        return Vec::new();
    }
    // Byte spans of the dates and durations, from their code points.
    let byte_span = |s: CharSpan| Span::new(doc.byte_offset(s[0]), doc.byte_offset(s[1]));
    let date_spans: Vec<(Span, &Date)> = dates.iter().map(|d| (byte_span(d.span), d)).collect();
    let duration_spans: Vec<Span> = durations.iter().map(|d| byte_span(d.span)).collect();
    let date_only: Vec<Span> = date_spans.iter().map(|(s, _)| *s).collect();
    let fallback_names = people.persons.is_empty();

    let mut mentions: Vec<Mention> = Vec::new();
    // Places a summary sets for the meetings after it ("held a series of meetings at X").
    let mut settings: Vec<(usize, String)> = Vec::new();
    let mut prev_block_mention: Option<(usize, usize)> = None;
    let sentence_toks = SentenceToks::new(doc, lowered, rules);
    let turns = OnceCell::new();
    let roles = role_index(people);
    for (si, sent) in doc.sentences.iter().enumerate() {
        if !may_trigger[si] {
            // A sentence with no meeting word only adds to the mention just told: its
            // topic ("They discussed X."), or people ("Also present were X and Y.").
            let adds = prev_block_mention.is_some()
                || (!mentions.is_empty()
                    && rules.opens_attended(sentence_text(si), sent.span.start));
            if !adds {
                prev_block_mention = None;
                continue;
            }
        }
        let reader = Reader {
            doc,
            rules,
            people,
            fallback_names,
            toks: sentence_toks.get(si),
            sentence: si,
            sentence_toks: &sentence_toks,
            roles: &roles,
            turns: &turns,
        };
        let toks = &reader.toks;
        let mut found_here = false;
        if is_title_case(toks, rules) {
            // Headline-style lines ("Trump Will Meet Putin in Alaska For Talks") capitalise
            // every word, so that names, places and topics cannot be told apart.
            prev_block_mention = None;
            continue;
        }
        let mut i = 0;
        while i < toks.len() {
            if let Some((n, _)) = rules.at(toks, i, Class::Skip) {
                // A summary of meetings ("a series of meetings at X") sets the scene.
                let summary = rules.is(toks, i + n - 1, Class::Noun);
                if summary && let Some(p) = reader.place_in(0, toks.len(), &date_only) {
                    settings.push((toks[i].span.start, p));
                }
                i += n;
                continue;
            }
            let noun = rules.at(toks, i, Class::Noun);
            let verb = rules.at(toks, i, Class::Verb);
            let pick = match (noun, verb) {
                (Some(n), Some(v)) => {
                    let gerund = i > 0 && rules.is(toks, i - 1, Class::GerundAfter);
                    if gerund || v.0 > n.0 {
                        Some(v)
                    } else {
                        Some(n)
                    }
                }
                (n, v) => n.or(v),
            };
            let Some((n, e)) = pick else {
                i += 1;
                continue;
            };
            if let Some(m) = reader.mention(i, i + n, e, &date_only) {
                found_here = true;
                mentions.push(m);
            }
            i += n;
        }
        // "They discussed X." right after a mention, in the same paragraph (or opening
        // the next with "The leaders", "The parties").
        if !found_here {
            // "Also present were X and Y." adds to the meeting just told.
            if let Some((n, _)) = (0..2.min(toks.len()))
                .find_map(|k| rules.at(toks, k, Class::Attended).map(|(n, e)| (k + n, e)))
                && let Some(last) = mentions.last_mut()
            {
                last.added.extend(reader.list(n).0);
            }
            let collective = toks.first().is_some_and(|t| t.lower == "they")
                || (toks.len() > 1 && rules.at(toks, 1, Class::Collective).is_some());
            if let Some((bi, mi)) = prev_block_mention
                && (bi == sent.block || collective)
                && let Some(m) = mentions.get_mut(mi)
                && m.topic.as_ref().is_none_or(|t| t.0 < 3)
                && let Some(t) = reader.topic_in(0, toks.len(), 3, &date_only)
            {
                if bi == sent.block {
                    m.topic = Some(t);
                } else {
                    m.next_topic = Some(t);
                }
            }
            prev_block_mention = None;
        } else {
            prev_block_mention = Some((sent.block, mentions.len() - 1));
        }
    }

    // Merge mentions into meetings.
    let mut drafts: Vec<Draft> = Vec::new();
    for m in mentions {
        match antecedent(&m, &drafts) {
            Some(k) => drafts[k].absorb(m),
            None => {
                let mut d = Draft {
                    kind: m.kind,
                    status: m.status,
                    mentions: Vec::new(),
                    parties: Vec::new(),
                    core_keys: Vec::new(),
                    place: None,
                    topic: None,
                    sides: Vec::new(),
                    last: m.trigger.start,
                };
                d.absorb(m);
                drafts.push(d);
            }
        }
    }

    // Delegations: who speaks for a side of talks between sides.
    if drafts.iter().any(|d| d.sides.len() >= 2) {
        let titles = roles.titles(doc, rules, people, &sentence_toks, &turns);
        add_delegates(rules, people, titles, &mut drafts);
    }

    // A meeting with no place of its own takes the place of the trip it is part of: the
    // previous meeting one of its parties had, or the setting a summary gave.
    for i in 0..drafts.len() {
        if drafts[i].place.is_some() || drafts[i].kind == MeetingKind::Call {
            continue;
        }
        let first = drafts[i].mentions[0].trigger.start;
        let inherited = (0..i)
            .rev()
            .find(|&j| {
                drafts[j].mentions[0].trigger.start < first
                    && drafts[j].place.is_some()
                    && drafts[j].kind != MeetingKind::Call
                    && drafts[j].status == drafts[i].status
                    && drafts[j].parties.iter().any(|p| drafts[i].has_key(&p.key))
            })
            .and_then(|j| drafts[j].place.clone())
            .or_else(|| {
                settings
                    .iter()
                    .rev()
                    .find(|(at, _)| *at < first)
                    .map(|(_, p)| p.clone())
            });
        drafts[i].place = inherited;
    }

    // A held meeting said to happen with nothing that tells it apart (no parties, place,
    // sides or date: "a difficult conversation took place") is the held meeting told
    // before it.
    let mut i = 1;
    while i < drafts.len() {
        let d = &drafts[i];
        let bare = d.status == MeetingStatus::Held
            && d.parties.is_empty()
            && d.place.is_none()
            && d.sides.is_empty();
        let host = bare
            .then(|| {
                (0..i).rev().find(|&j| {
                    drafts[j].status == MeetingStatus::Held && !drafts[j].parties.is_empty()
                })
            })
            .flatten();
        match host {
            Some(j) => {
                let d = drafts.remove(i);
                drafts[j].merge(d);
            }
            None => i += 1,
        }
    }

    // A meeting of no parties at the place of a meeting with parties, of the same status,
    // is that meeting ("A meeting ... ended in Paris" ... "a difficult conversation took
    // place today" ... "after the talks in Paris").
    let mut i = 0;
    while i < drafts.len() {
        let lone = drafts[i].parties.is_empty() && drafts[i].place.is_some();
        let host = lone
            .then(|| {
                (0..drafts.len()).find(|&j| {
                    j != i
                        && !drafts[j].parties.is_empty()
                        && drafts[j].status == drafts[i].status
                        && same_place(drafts[j].place.as_deref(), drafts[i].place.as_deref())
                })
            })
            .flatten();
        match host {
            Some(j) => {
                let d = drafts.remove(i);
                let j = if j > i { j - 1 } else { j };
                drafts[j].merge(d);
            }
            None => i += 1,
        }
    }

    // Dates and durations.
    let anchor = date_anchor(doc, dates);
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut n = 0;
    for d in drafts.iter() {
        let date = meeting_date(doc, d, &date_spans, anchor.as_ref());
        // A mention that says nothing of who, where, when, how long or between which sides
        // ("negotiations are difficult") is no record.
        let empty =
            d.parties.is_empty() && d.sides.is_empty() && d.place.is_none() && date.is_none();
        if empty && !has_duration(doc, rules, &sentence_toks, d, durations, &duration_spans) {
            continue;
        }
        n += 1;
        let id = crate::record::numbered_id("m", n);
        let duration = link_durations(
            doc,
            rules,
            &sentence_toks,
            d,
            durations,
            &duration_spans,
            &id,
        );
        meetings.push(Meeting {
            id,
            kind: d.kind,
            status: d.status,
            participants: d
                .parties
                .iter()
                .map(|p| Participant {
                    person: p
                        .person
                        .and_then(|i| people.persons.get(i))
                        .map(|x| x.id.clone()),
                    name: p.name.clone(),
                    role: p.role.clone(),
                })
                .collect(),
            date: date.as_ref().map(|x| x.0.clone()),
            date_text: date.map(|x| x.1),
            place: d.place.clone(),
            duration,
            topic: d.topic.as_ref().map(|t| t.1.clone()),
            evidence: d
                .mentions
                .iter()
                .map(|m| doc.char_span(m.trigger))
                .collect(),
        });
    }
    meetings
}

/// Where the article names each person, and the words of their names.
fn role_index(people: &People) -> RoleIndex {
    let mut index = RoleIndex {
        names: vec![Vec::new(); people.persons.len()],
        ..RoleIndex::default()
    };
    for p in &people.persons {
        if p.kind == PersonKind::Person {
            index
                .name_words
                .extend(p.name.split_whitespace().map(str::to_lowercase));
        }
    }
    for m in people
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Name)
    {
        if let Some(names) = index.names.get_mut(m.person) {
            names.push(m.span.start);
        }
    }
    for v in index.names.iter_mut() {
        v.sort_unstable();
    }
    index
}

/// Reads the titles the article gives each person: the record's titles and the words
/// around each mention of their name ("President of Ukraine Volodymyr Zelenskyy").
fn read_titles(
    doc: &Document,
    rules: &MeetingRules,
    people: &People,
    sentence_toks: &SentenceToks,
    turns: &OnceCell<TurnHeaders>,
) -> Titles {
    let n = people.persons.len();
    // Reads each sentence's words only: no roles are needed yet.
    let no_roles = RoleIndex::default();
    let mut index = Titles {
        words: vec![Vec::new(); n],
        texts: vec![Vec::new(); n],
    };
    for (i, p) in people.persons.iter().enumerate() {
        for t in &p.titles {
            for tok in tokenize_str(t) {
                if tok.word {
                    index.words[i].push(fold_word(rules, &tok.lower));
                }
            }
        }
    }
    for m in people
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Name && m.person < n)
    {
        let Some(si) = doc.sentence_at(m.span.start) else {
            continue;
        };
        let toks = sentence_toks.get(si);
        let Some(first) = toks.iter().position(|t| t.span.end > m.span.start) else {
            continue;
        };
        let reader = Reader {
            doc,
            rules,
            people,
            fallback_names: false,
            toks,
            sentence: si,
            sentence_toks,
            roles: &no_roles,
            turns,
        };
        let start = reader.title_start(first);
        let mut phrases: Vec<(usize, usize)> = vec![(start, first)];
        // An apposition after the name: "Rustem Umerov, head of the delegation, said".
        let last = toks
            .iter()
            .rposition(|t| t.span.start < m.span.end)
            .unwrap_or(first);
        if reader.is_comma(last + 1) {
            let s0 = last + 2;
            let mut e = s0;
            while e < toks.len() && e - s0 < 10 && !reader.is_comma(e) && !reader.is_break(e) {
                e += 1;
            }
            // "X, who led the Russian delegation, said".
            let who_leads = toks.get(s0).is_some_and(|t| t.lower == "who")
                && toks
                    .get(s0 + 1)
                    .is_some_and(|t| rules.word_is(&t.lower, Class::Leads));
            let opens = who_leads
                || toks.get(s0).is_some_and(|t| {
                    t.word
                        && (t.cap
                            || t.poss
                            || rules.word_is(&t.lower, Class::Title)
                            || rules.word_is(&t.lower, Class::Anaphor)
                            || rules.word_is(&t.lower, Class::Delegation))
                });
            // Closed by a comma, or by the sentence's end on a title word ("..., head of
            // the Polish delegation."), not a clause ("X, the President said").
            let ends_on_title = e > s0
                && (rules.word_is(&toks[e - 1].lower, Class::Title)
                    || rules.word_is(&toks[e - 1].lower, Class::Delegation));
            let closed =
                reader.is_comma(e) || ((e == toks.len() || reader.is_break(e)) && ends_on_title);
            if opens && e > s0 && closed {
                phrases.push((s0, e));
            }
        }
        // A title before the name, set off by a comma: "Russia's chief negotiator, X".
        if start == first && first >= 2 && reader.is_comma(first - 1) {
            let e = first - 1;
            let mut s0 = e;
            while s0 > 0 && e - s0 < 6 && !reader.is_comma(s0 - 1) && !reader.is_break(s0 - 1) {
                s0 -= 1;
            }
            let closes = toks.get(e - 1).is_some_and(|t| {
                rules.word_is(&t.lower, Class::Title) || rules.word_is(&t.lower, Class::Delegation)
            });
            if closes && s0 < e && (s0 == 0 || reader.is_break(s0 - 1) || reader.is_comma(s0 - 1)) {
                phrases.push((s0, e));
            }
        }
        // "the Russian delegation, led by Vladimir Medinsky", "the delegation was led by
        // presidential aide X".
        let by = (start.saturating_sub(4)..start).rev().find(|&j| {
            j >= 1
                && toks[j].lower == "by"
                && rules.word_is(&toks[j - 1].lower, Class::Leads)
                && toks[j + 1..start].iter().all(|t| t.word)
        });
        if let Some(j) = by {
            let mut e = j - 1;
            while e > 0 && (reader.is_comma(e - 1) || rules.word_is(&toks[e - 1].lower, Class::Aux))
            {
                e -= 1;
            }
            let mut s0 = e;
            while s0 > 0 && e - s0 < 6 && toks[s0 - 1].word && !reader.is_comma(s0 - 1) {
                s0 -= 1;
            }
            phrases.push((s0, e));
        }
        // "X led the Ukrainian delegation".
        if toks
            .get(last + 1)
            .is_some_and(|t| rules.word_is(&t.lower, Class::Leads))
        {
            let s0 = last + 2;
            let mut e = s0;
            while e < toks.len() && e - s0 < 6 && !reader.is_comma(e) && !reader.is_break(e) {
                e += 1;
            }
            if (s0..e).any(|k| rules.word_is(&toks[k].lower, Class::Delegation)) {
                phrases.push((s0, e));
            }
        }
        for (a, b) in phrases {
            if a >= b {
                continue;
            }
            let words: Vec<String> = toks[a..b]
                .iter()
                .filter(|t| t.word)
                .map(|t| fold_word(rules, &t.lower))
                .collect();
            index.words[m.person].extend(words);
            if let Some(text) = reader.role(a, b) {
                index.texts[m.person].push(text);
            }
        }
    }
    index
}

/// The day undated "July 25" is read against when the dates stage could not resolve it:
/// the publication date, else the latest full date the article gives.
fn date_anchor(doc: &Document, dates: &[Date]) -> Option<Day> {
    doc.meta
        .published
        .as_deref()
        .and_then(Day::parse_iso)
        .or_else(|| {
            dates
                .iter()
                .filter_map(|d| d.value.as_deref().and_then(Day::parse_iso))
                .max_by_key(|d| d.ordinal())
        })
}

/// A month and day with no year ("July 25", "25 July"), as the last such day on or
/// before `anchor`.
fn month_day(text: &str, anchor: &Day) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let month = words.iter().find_map(|w| month_number(w))?;
    let day: u32 = words.iter().find_map(|w| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    })?;
    if words
        .iter()
        .any(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let year = if (month, day) > (anchor.month, anchor.day) {
        anchor.year - 1
    } else {
        anchor.year
    };
    Day::new(year, month, day).map(Day::iso)
}

/// The date of a meeting: at its earliest mention that has one, the date inside the
/// mention's noun phrase ("Trump's July 25 call"), else the nearest in its sentence.
/// Gives the value and the words.
fn meeting_date(
    doc: &Document,
    d: &Draft,
    date_spans: &[(Span, &Date)],
    anchor: Option<&Day>,
) -> Option<(String, String)> {
    d.mentions.iter().find_map(|m| {
        let s = doc.sentences.get(m.sentence)?.span;
        let in_np = date_spans
            .iter()
            .find(|(sp, _)| !m.modifiers.is_empty() && m.modifiers.overlaps(*sp));
        let (_, dt) = in_np.or_else(|| {
            date_spans
                .iter()
                .filter(|(sp, _)| s.contains(*sp))
                .min_by_key(|(sp, _)| sp.start.abs_diff(m.trigger.start))
        })?;
        let value = dt.value.clone().or_else(|| month_day(&dt.text, anchor?))?;
        Some((value, dt.text.clone()))
    })
}

/// Is a duration tied to a mention of this meeting: "five-hour talks", "the talks
/// lasted five hours", "two hours of talks", "we talked for two hours"?
fn tied(
    doc: &Document,
    rules: &MeetingRules,
    sentence_toks: &SentenceToks,
    m: &Mention,
    dur: Span,
) -> bool {
    let Some(sent) = doc.sentences.get(m.sentence) else {
        return false;
    };
    if !sent.span.contains(dur) {
        return false;
    }
    if m.modifiers.overlaps(dur) {
        return true;
    }
    let toks = sentence_toks.get(m.sentence);
    let Some(ti) = toks.iter().position(|t| t.span.start >= m.trigger.start) else {
        return false;
    };
    let Some(di) = toks.iter().position(|t| t.span.end > dur.start) else {
        return false;
    };
    // "two hours of talks".
    if di < ti && ti >= 1 && toks[ti - 1].lower == "of" && toks[ti - 1].span.start >= dur.end {
        let between = toks[..ti - 1]
            .iter()
            .rev()
            .take_while(|t| t.span.start >= dur.end)
            .count();
        return between == 0;
    }
    // "lasted (for) five hours" after the trigger in its sentence.
    di > ti && rules.ending_at(toks, di, Class::Lasted).is_some()
}

/// `spans`: the durations' byte spans.
fn has_duration(
    doc: &Document,
    rules: &MeetingRules,
    sentence_toks: &SentenceToks,
    d: &Draft,
    durations: &[Duration],
    spans: &[Span],
) -> bool {
    durations.iter().zip(spans).any(|(x, &span)| {
        !x.negated
            && d.mentions
                .iter()
                .any(|m| tied(doc, rules, sentence_toks, m, span))
    })
}

/// Ties durations to the meeting and gives the first one's ISO value. `spans`: the
/// durations' byte spans.
#[allow(clippy::too_many_arguments)]
fn link_durations(
    doc: &Document,
    rules: &MeetingRules,
    sentence_toks: &SentenceToks,
    d: &Draft,
    durations: &mut [Duration],
    spans: &[Span],
    id: &str,
) -> Option<String> {
    let mut iso = None;
    for (x, &span) in durations.iter_mut().zip(spans) {
        if x.negated || x.meeting.is_some() {
            continue;
        }
        if d.mentions
            .iter()
            .any(|m| tied(doc, rules, sentence_toks, m, span))
        {
            x.meeting = Some(id.to_string());
            if iso.is_none() {
                iso = Some(x.iso.clone());
            }
        }
    }
    iso
}

/// Adds the people who speak for the sides of talks between sides: "talks between
/// Ukrainian and Russian officials" and "Rustem Umerov, head of the Ukrainian
/// delegation", "Russia's chief negotiator, Vladimir Medinsky".
fn add_delegates(rules: &MeetingRules, people: &People, titles: &Titles, drafts: &mut [Draft]) {
    for d in drafts.iter_mut().filter(|d| d.sides.len() >= 2) {
        for (i, p) in people.persons.iter().enumerate() {
            if p.kind != PersonKind::Person {
                continue;
            }
            let Some(words) = titles.words.get(i) else {
                continue;
            };
            let delegate = words.iter().any(|w| rules.word_is(w, Class::Delegation));
            let side = words.iter().any(|w| d.sides.contains(w));
            if !delegate || !side {
                continue;
            }
            let role = titles.texts.get(i).and_then(|v| {
                v.iter()
                    .find(|t| {
                        t.split_whitespace()
                            .any(|w| rules.word_is(&w.to_lowercase(), Class::Delegation))
                    })
                    .cloned()
            });
            let party = Party::new(Some(i), p.name.clone(), role);
            if !d.has_key(&party.key) {
                d.parties.push(party);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{Mention as PeopleMention, MentionKind};
    use crate::record::{DurationModifier, Meta, Person};
    use crate::rules::Rules;

    fn doc_of(paragraphs: &[&str]) -> Document {
        Document::from_paragraphs(paragraphs, Meta::default(), &Rules::defaults().sentences)
    }

    /// People as the people stage would give them: every form of each name is a mention.
    fn people_of(doc: &Document, names: &[(&str, &[&str])]) -> People {
        let mut people = People::default();
        for (i, (full, forms)) in names.iter().enumerate() {
            people.persons.push(Person {
                id: format!("p{}", i + 1),
                name: full.to_string(),
                ..Person::default()
            });
            let mut taken: Vec<Span> = Vec::new();
            for form in forms.iter() {
                for (at, _) in doc.text.match_indices(form) {
                    let span = Span::new(at, at + form.len());
                    if taken.iter().any(|t| t.overlaps(span)) {
                        continue;
                    }
                    taken.push(span);
                    people.mentions.push(PeopleMention {
                        span,
                        person: i,
                        kind: MentionKind::Name,
                    });
                }
            }
        }
        people.mentions.sort_by_key(|m| m.span);
        people
    }

    fn run(paragraphs: &[&str], names: &[(&str, &[&str])]) -> Vec<Meeting> {
        let doc = doc_of(paragraphs);
        let people = people_of(&doc, names);
        find(&doc, &Rules::defaults().meetings, &people, &[], &mut [])
    }

    fn names(m: &Meeting) -> Vec<&str> {
        m.participants.iter().map(|p| p.name.as_str()).collect()
    }

    const BERG: (&str, &[&str]) = ("Anna Berg", &["Anna Berg", "Berg"]);
    const HALE: (&str, &[&str]) = ("Tom Hale", &["Tom Hale", "Hale"]);
    const OTT: (&str, &[&str]) = ("Carl Ott", &["Carl Ott", "Ott"]);
    const DAHL: (&str, &[&str]) = ("Lena Dahl", &["Lena Dahl", "Dahl"]);

    #[test]
    fn held_talks_with_coordinated_objects_and_roles() {
        let ms = run(
            &[
                "Prime Minister Anna Berg held talks with Hale’s special envoy Carl Ott and Foreign Minister Lena Dahl.",
            ],
            &[BERG, HALE, OTT, DAHL],
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].status, MeetingStatus::Held);
        assert_eq!(ms[0].kind, MeetingKind::Talks);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Carl Ott", "Lena Dahl"]);
        assert_eq!(
            ms[0].participants[0].role.as_deref(),
            Some("Prime Minister")
        );
        assert_eq!(
            ms[0].participants[1].role.as_deref(),
            Some("Hale’s special envoy")
        );
        assert_eq!(ms[0].participants[0].person.as_deref(), Some("p1"));
    }

    #[test]
    fn a_possessive_pronoun_opens_the_second_conjunct() {
        let ms = run(
            &["Foreign Minister Anna Berg and her Danish counterpart Tom Hale held talks in Oslo."],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert_eq!(
            ms[0].participants[1].role.as_deref(),
            Some("Danish counterpart")
        );
    }

    #[test]
    fn a_meeting_that_was_planned_is_planned_and_kept_apart() {
        let ms = run(
            &[
                "Anna Berg met Tom Hale in Oslo on Friday.",
                "Berg said a follow-up meeting of experts was planned for May in Bergen.",
                "The talks lasted two hours, Hale said.",
            ],
            &[BERG, HALE],
        );
        let held: Vec<_> = ms
            .iter()
            .filter(|m| m.status == MeetingStatus::Held)
            .collect();
        assert_eq!(held.len(), 1, "{ms:#?}");
        assert_eq!(held[0].place.as_deref(), Some("Oslo"));
        assert!(
            ms.iter()
                .all(|m| m.status != MeetingStatus::Held || m.place.as_deref() != Some("Bergen"))
        );
    }

    #[test]
    fn met_with_place() {
        let ms = run(
            &["Anna Berg met Tom Hale in Vienna on Friday."],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert_eq!(ms[0].place.as_deref(), Some("Vienna"));
        assert_eq!(ms[0].kind, MeetingKind::Meeting);
    }

    #[test]
    fn statuses_from_cues() {
        let cases: &[(&str, MeetingStatus)] = &[
            (
                "Anna Berg is due to meet Tom Hale in Oslo.",
                MeetingStatus::Planned,
            ),
            (
                "Anna Berg will hold talks with Tom Hale.",
                MeetingStatus::Planned,
            ),
            (
                "Anna Berg offered to meet Tom Hale.",
                MeetingStatus::Proposed,
            ),
            ("Anna Berg could meet Tom Hale.", MeetingStatus::Proposed),
            (
                "A meeting between Anna Berg and Tom Hale was cancelled.",
                MeetingStatus::Cancelled,
            ),
            (
                "A meeting between Anna Berg and Tom Hale is not planned.",
                MeetingStatus::NotPlanned,
            ),
            (
                "The talks between Anna Berg and Tom Hale took place on Monday.",
                MeetingStatus::Held,
            ),
        ];
        for (text, status) in cases {
            let ms = run(&[text], &[BERG, HALE]);
            assert_eq!(ms.len(), 1, "{text}");
            assert_eq!(ms[0].status, *status, "{text}");
            assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"], "{text}");
        }
    }

    #[test]
    fn a_negated_held_meeting_is_no_meeting() {
        assert!(run(&["Anna Berg did not meet Tom Hale."], &[BERG, HALE]).is_empty());
    }

    #[test]
    fn calls_and_visits() {
        let ms = run(
            &["Anna Berg had a phone conversation with Tom Hale."],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].kind, MeetingKind::Call);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        let ms = run(
            &["Anna Berg spoke by phone with Tom Hale on Sunday."],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].kind, MeetingKind::Call);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        let ms = run(
            &["Anna Berg received Tom Hale at the Winter Palace."],
            &[BERG, HALE],
        );
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert_eq!(ms[0].place.as_deref(), Some("Winter Palace"));
    }

    #[test]
    fn received_without_a_person_is_no_meeting() {
        assert!(
            run(
                &["Anna Berg received a letter from Tom Hale."],
                &[BERG, HALE]
            )
            .is_empty()
        );
        assert!(run(&["Anna Berg visited the old harbour."], &[BERG]).is_empty());
    }

    #[test]
    fn mentions_of_one_meeting_merge() {
        let ms = run(
            &[
                "Berg’s three-hour talks with Hale on trade",
                "On Monday, Anna Berg held talks with Tom Hale and Carl Ott. They discussed the new grain corridor.",
                "This was said by Ott, who also took part in the meeting.",
                "The talks lasted three hours, an aide said.",
                "A meeting between the Polish and Irish presidents is not planned.",
                "Several options were discussed during the Kremlin meeting.",
            ],
            &[BERG, HALE, OTT],
        );
        let held: Vec<&Meeting> = ms
            .iter()
            .filter(|m| m.status == MeetingStatus::Held)
            .collect();
        assert_eq!(held.len(), 1, "{ms:#?}");
        assert_eq!(names(held[0]), ["Anna Berg", "Tom Hale", "Carl Ott"]);
        assert_eq!(held[0].evidence.len(), 5);
        assert_eq!(held[0].topic.as_deref(), Some("the new grain corridor"));
        assert_eq!(held[0].place.as_deref(), Some("Kremlin"));
        let not: Vec<&Meeting> = ms
            .iter()
            .filter(|m| m.status == MeetingStatus::NotPlanned)
            .collect();
        assert_eq!(not.len(), 1);
        assert!(not[0].participants.is_empty());
    }

    #[test]
    fn different_counterparts_make_different_meetings() {
        let ms = run(
            &[
                "Anna Berg met Tom Hale. Berg also met Carl Ott. During the meeting with Lena Dahl, Berg stressed unity.",
            ],
            &[BERG, HALE, OTT, DAHL],
        );
        assert_eq!(ms.len(), 3, "{ms:#?}");
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert_eq!(names(&ms[1]), ["Anna Berg", "Carl Ott"]);
        assert_eq!(names(&ms[2]), ["Anna Berg", "Lena Dahl"]);
    }

    #[test]
    fn principals_and_quoted_people_are_not_participants() {
        let ms = run(
            &[
                "Anna Berg held talks with Hale’s envoys. Analyst Carl Ott said the talks were useful.",
            ],
            &[BERG, HALE, OTT],
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(names(&ms[0]), ["Anna Berg"]);
    }

    #[test]
    fn attended_by_and_gerund_subjects() {
        let ms = run(
            &["A meeting of defence chiefs attended by Anna Berg ended in Riga."],
            &[BERG],
        );
        assert_eq!(ms[0].status, MeetingStatus::Held);
        assert_eq!(names(&ms[0]), ["Anna Berg"]);
        assert_eq!(ms[0].place.as_deref(), Some("Riga"));
        let ms = run(
            &[
                "Anna Berg left the capital after meeting with Tom Hale and Carl Ott at the White House.",
            ],
            &[BERG, HALE, OTT],
        );
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale", "Carl Ott"]);
        assert_eq!(ms[0].place.as_deref(), Some("White House"));
    }

    #[test]
    fn coordinated_subjects_and_between() {
        let ms = run(&["Anna Berg and Tom Hale met in Geneva."], &[BERG, HALE]);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        let ms = run(
            &["The Berg-Hale talks ended without a deal."],
            &[BERG, HALE],
        );
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
    }

    #[test]
    fn durations_are_tied_to_their_meeting() {
        let doc = doc_of(&[
            "Anna Berg held five-hour talks with Tom Hale. The talks did not last an hour, an aide said.",
        ]);
        let people = people_of(&doc, &[BERG, HALE]);
        let dur = |text: &str, iso: &str, negated: bool| {
            let at = doc.text.find(text).unwrap_or(0);
            Duration {
                id: String::new(),
                text: text.to_string(),
                span: doc.char_span(Span::new(at, at + text.len())),
                iso: iso.to_string(),
                seconds: None,
                approximate: false,
                modifier: None::<DurationModifier>,
                negated,
                meeting: None,
            }
        };
        let mut durations = vec![
            dur("five-hour", "PT5H", false),
            dur("an hour", "PT1H", true),
        ];
        let ms = find(
            &doc,
            &Rules::defaults().meetings,
            &people,
            &[],
            &mut durations,
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].duration.as_deref(), Some("PT5H"));
        assert_eq!(durations[0].meeting.as_deref(), Some("m1"));
        assert_eq!(durations[1].meeting, None);
    }

    #[test]
    fn dates_come_from_the_trigger_sentence() {
        let doc = doc_of(&["On Tuesday, December 2, Anna Berg held talks with Tom Hale."]);
        let people = people_of(&doc, &[BERG, HALE]);
        let at = doc.text.find("Tuesday, December 2").unwrap_or(0);
        let dates = vec![Date {
            id: "d1".into(),
            text: "Tuesday, December 2".into(),
            span: doc.char_span(Span::new(at, at + "Tuesday, December 2".len())),
            value: Some("2025-12-02".into()),
        }];
        let ms = find(&doc, &Rules::defaults().meetings, &people, &dates, &mut []);
        assert_eq!(ms[0].date.as_deref(), Some("2025-12-02"));
        assert_eq!(ms[0].date_text.as_deref(), Some("Tuesday, December 2"));
    }

    #[test]
    fn a_curly_nt_is_cut_on_character_boundaries() {
        let text = "They didn’t meet.";
        let toks = tokenize_str(text);
        let parts: Vec<(&str, &str)> = toks
            .iter()
            .map(|t| (t.lower.as_ref(), &text[t.span.start..t.span.end]))
            .collect();
        assert_eq!(
            parts,
            [
                ("they", "They"),
                ("did", "did"),
                ("n't", "n’t"),
                ("meet", "meet"),
                (".", ".")
            ]
        );
    }

    #[test]
    fn tokens_keep_possessives_and_initials() {
        let toks = tokenize_str("Trump’s envoy J.D. Vance didn't meet U.S. officials.");
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_ref()).collect();
        assert_eq!(
            words,
            [
                "trump",
                "envoy",
                "j.d.",
                "vance",
                "did",
                "n't",
                "meet",
                "u.s.",
                "officials",
                "."
            ]
        );
        assert!(toks[0].poss);
    }

    #[test]
    fn role_nouns_resolve_to_the_person_with_that_title() {
        let ms = run(
            &[
                "President of Ukraine Anna Berg held a series of meetings at the Munich Security Conference.",
                "In particular, the President met with Prime Minister Tom Hale. German Chancellor Carl Ott was also there.",
                "During the talks with Chancellor Ott, the President of Ukraine stressed unity.",
            ],
            &[BERG, HALE, OTT],
        );
        assert_eq!(ms.len(), 2, "{ms:#?}");
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert_eq!(names(&ms[1]), ["Anna Berg", "Carl Ott"]);
        // The summary set the scene: both meetings took place there.
        assert_eq!(ms[0].place.as_deref(), Some("Munich Security Conference"));
        assert_eq!(ms[1].place.as_deref(), Some("Munich Security Conference"));
    }

    #[test]
    fn a_role_noun_never_points_to_someone_named_later() {
        let ms = run(
            &["In Oslo, the President met Tom Hale. Vice President Anna Berg arrived later."],
            &[BERG, HALE],
        );
        assert_eq!(names(&ms[0]), ["Tom Hale"]);
    }

    #[test]
    fn first_person_in_a_transcript_is_the_turn_s_speaker() {
        let ms = run(
            &[
                "President of Norway Anna Berg: Colleagues, today we have had useful talks. During our talks with Mr Hale, we discussed trade.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 1, "{ms:#?}");
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
    }

    #[test]
    fn delegation_heads_join_talks_between_their_sides() {
        let ms = run(
            &[
                "Peace talks between Polish and Irish officials ended in Geneva on Tuesday.",
                "Anna Berg, head of the Polish delegation, called them useful.",
                "Ireland’s chief negotiator, Tom Hale, agreed. Analyst Carl Ott was less sure.",
            ],
            &[BERG, HALE, OTT],
        );
        assert_eq!(ms.len(), 1, "{ms:#?}");
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert_eq!(
            ms[0].participants[0].role.as_deref(),
            Some("head of the Polish delegation")
        );
        assert_eq!(ms[0].place.as_deref(), Some("Geneva"));
    }

    #[test]
    fn a_month_and_day_take_the_year_of_the_anchor() {
        let anchor = Day::new(2019, 11, 20).expect("a day");
        assert_eq!(month_day("July 25", &anchor).as_deref(), Some("2019-07-25"));
        assert_eq!(
            month_day("25 December", &anchor).as_deref(),
            Some("2018-12-25")
        );
        assert_eq!(month_day("July 25, 2017", &anchor), None);
        assert_eq!(month_day("Tuesday", &anchor), None);
    }

    #[test]
    fn undistinguished_and_same_place_mentions_join_the_meeting() {
        let ms = run(
            &[
                "A meeting of defence chiefs attended by Anna Berg ended in Riga.",
                "\"A difficult conversation took place today,\" Berg said after the talks in Riga.",
            ],
            &[BERG],
        );
        assert_eq!(ms.len(), 1, "{ms:#?}");
        assert_eq!(ms[0].evidence.len(), 3);
    }

    #[test]
    fn indefinite_mentions_of_the_same_parties_merge() {
        let ms = run(
            &[
                "Anna Berg held talks with Tom Hale. After a two-hour meeting with Hale, Berg flew home.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 1, "{ms:#?}");
        assert_eq!(ms[0].evidence.len(), 2);
    }

    #[test]
    fn earlier_meetings_stay_apart() {
        let ms = run(
            &[
                "Anna Berg met Tom Hale in Oslo. It was their first deal since the summit in Vienna.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 2, "{ms:#?}");
        assert_eq!(ms[0].place.as_deref(), Some("Oslo"));
        assert_eq!(ms[1].place.as_deref(), Some("Vienna"));
    }

    #[test]
    fn a_fronted_phrase_without_counterpart_adds_nobody() {
        let ms = run(
            &[
                "Anna Berg held talks with Tom Hale. After the talks ended, Carl Ott said they were useful.",
            ],
            &[BERG, HALE, OTT],
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
    }

    #[test]
    fn bare_singular_nouns_titles_and_empty_mentions_are_no_meetings() {
        assert!(
            run(
                &["Anna Berg greeted the forum via videoconference."],
                &[BERG]
            )
            .is_empty()
        );
        assert!(
            run(
                &["Berg Will Meet Hale In Oslo For Trade Talks Next Week"],
                &[BERG, HALE]
            )
            .is_empty()
        );
        assert!(run(&["Negotiations are always difficult, an aide said."], &[]).is_empty());
    }

    #[test]
    fn institutions_and_possessed_people_are_not_met() {
        const MARK: (&str, &[&str]) = ("Saint Mark", &["Saint Mark"]);
        assert!(
            run(
                &["Anna Berg visited the Basilica of Saint Mark."],
                &[BERG, MARK]
            )
            .is_empty()
        );
        let doc = doc_of(&["Tom Hale waited. Anna Berg spoke with his guards."]);
        let mut people = people_of(&doc, &[BERG, HALE]);
        let his = doc.text.find("his").unwrap_or(0);
        people.mentions.push(PeopleMention {
            span: Span::new(his, his + 3),
            person: 1,
            kind: MentionKind::Pronoun,
        });
        people.mentions.sort_by_key(|m| m.span);
        assert!(find(&doc, &Rules::defaults().meetings, &people, &[], &mut []).is_empty());
    }

    #[test]
    fn places_from_compounds_and_from_the_verb_of_happening() {
        let ms = run(
            &["The Oslo talks between Anna Berg and Tom Hale ended."],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].place.as_deref(), Some("Oslo"));
        let ms = run(
            &[
                "A meeting of ministers attended by Anna Berg and Tom Hale, both new in office, took place at the Winter Palace.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].place.as_deref(), Some("Winter Palace"));
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
    }

    #[test]
    fn spoke_to_a_person_is_a_meeting() {
        let ms = run(
            &[
                "Taoiseach Anna Berg toured the city. The Taoiseach then spoke to Mr Hale about the war.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 1, "{ms:#?}");
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert!(run(&["Anna Berg spoke to reporters."], &[BERG]).is_empty());
    }

    #[test]
    fn anaphors_with_a_place_go_to_the_meeting_there() {
        let ms = run(
            &[
                "Anna Berg met Tom Hale in Oslo. Carl Ott met Lena Dahl in Rome. The talks in Oslo were short.",
            ],
            &[BERG, HALE, OTT, DAHL],
        );
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].evidence.len(), 2);
        assert_eq!(ms[1].evidence.len(), 1);
    }

    #[test]
    fn initials_and_abbreviations_do_not_break_clauses() {
        let rules = Rules::defaults();
        let toks = tokenize(
            "Mr. Berg met Michael R. Pompeo.",
            b"mr. berg met michael r. pompeo.",
            0,
            &rules.meetings,
        );
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_ref()).collect();
        assert_eq!(words, ["mr", "berg", "met", "michael", "r", "pompeo", "."]);
    }

    #[test]
    fn names_used_as_modifiers_or_numbers_are_no_counterparts() {
        assert!(run(&["Anna Berg talked about trade for an hour."], &[BERG]).is_empty());
        assert!(run(&["Mothers hosted a Berg event in Leeds."], &[BERG]).is_empty());
        assert!(run(&["Berg and Hale call them heroes."], &[BERG, HALE]).is_empty());
        assert!(
            run(
                &["Anna Berg received 38 percent support, Tom Hale 30 percent."],
                &[BERG, HALE]
            )
            .is_empty()
        );
        let ms = run(&["Anna Berg met Tom Hale today."], &[BERG, HALE]);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
    }

    #[test]
    fn receiving_needs_a_person_and_a_call_for_is_a_demand() {
        assert!(
            run(
                &["Anna Berg and Tom Hale received legal protection."],
                &[BERG, HALE]
            )
            .is_empty()
        );
        assert!(
            run(
                &["Anna Berg issued a call for calm in Oslo with Tom Hale."],
                &[BERG, HALE]
            )
            .is_empty()
        );
    }

    #[test]
    fn passives_visits_and_discussions() {
        let ms = run(
            &["Tom Hale was received by Anna Berg in Oslo."],
            &[BERG, HALE],
        );
        assert_eq!(names(&ms[0]), ["Tom Hale", "Anna Berg"]);
        assert_eq!(ms[0].place.as_deref(), Some("Oslo"));
        let ms = run(
            &["Anna Berg is planning a state visit to Japan, where she will meet Tom Hale."],
            &[BERG, HALE],
        );
        assert!(
            ms.iter()
                .any(|m| m.kind == MeetingKind::Visit && m.place.as_deref() == Some("Japan")),
            "{ms:#?}"
        );
        let ms = run(
            &["Anna Berg discussed with Tom Hale the security of the grain corridor."],
            &[BERG, HALE],
        );
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
        assert_eq!(
            ms[0].topic.as_deref(),
            Some("the security of the grain corridor")
        );
    }

    #[test]
    fn hosts_and_fronted_calls_take_part() {
        let ms = run(
            &["Anna Berg hosted talks between Carl Ott and Tom Hale in Istanbul."],
            &[BERG, HALE, OTT],
        );
        assert_eq!(names(&ms[0]), ["Anna Berg", "Carl Ott", "Tom Hale"]);
        assert_eq!(ms[0].place.as_deref(), Some("Istanbul"));
        let ms = run(
            &["In a phone call with Tom Hale, Anna Berg urged calm."],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].kind, MeetingKind::Call);
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
    }

    #[test]
    fn delegations_led_by_people() {
        let ms = run(
            &[
                "Talks between the Polish delegation, led by Anna Berg, and the Irish delegation took place in Riga.",
                "Tom Hale, who led the Irish delegation, called them frank.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 1, "{ms:#?}");
        assert_eq!(names(&ms[0]), ["Anna Berg", "Tom Hale"]);
    }

    #[test]
    fn conditional_and_ruled_out_meetings() {
        let ms = run(&["Anna Berg said she would meet Tom Hale."], &[BERG, HALE]);
        assert_eq!(ms[0].status, MeetingStatus::Planned);
        let ms = run(
            &["Anna Berg ruled out a meeting with Tom Hale."],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].status, MeetingStatus::NotPlanned);
    }

    #[test]
    fn travelling_for_talks_and_ordinals() {
        let ms = run(
            &[
                "Anna Berg hosted the first direct talks between Polish and Irish envoys in Oslo. Berg said she would travel to Rome for a meeting with Tom Hale.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms.len(), 2, "{ms:#?}");
        assert_eq!(names(&ms[0]), ["Anna Berg"], "{ms:#?}");
        assert_eq!(ms[0].place.as_deref(), Some("Oslo"));
        assert_eq!(ms[1].status, MeetingStatus::Planned);
        assert_eq!(names(&ms[1]), ["Anna Berg", "Tom Hale"]);
        // A planned meeting does not take the place of a held one.
        assert_eq!(ms[1].place, None);
    }

    #[test]
    fn an_unknown_name_lends_no_role_to_the_next() {
        let ms = run(
            &["Talks between Moscow and Tom Hale are not planned."],
            &[HALE],
        );
        assert_eq!(ms[0].participants[0].role, None);
    }

    #[test]
    fn a_delegation_led_by_a_titled_person() {
        let ms = run(
            &[
                "Talks between Polish and Irish officials opened in Riga.",
                "The Polish delegation was led by presidential aide Anna Berg.",
            ],
            &[BERG],
        );
        assert_eq!(names(&ms[0]), ["Anna Berg"]);
    }

    #[test]
    fn press_release_patterns() {
        let ms = run(
            &[
                "Anna Berg held a telephone conversation with Tom Hale.",
                "The leaders discussed the grain corridor and energy prices.",
            ],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].kind, MeetingKind::Call);
        assert_eq!(
            ms[0].topic.as_deref(),
            Some("the grain corridor and energy prices")
        );
        let ms = run(
            &[
                "Anna Berg received Tom Hale at NATO headquarters in Brussels. Also present were Carl Ott and Lena Dahl.",
            ],
            &[BERG, HALE, OTT, DAHL],
        );
        assert_eq!(
            names(&ms[0]),
            ["Anna Berg", "Tom Hale", "Carl Ott", "Lena Dahl"]
        );
        assert_eq!(ms[0].place.as_deref(), Some("NATO headquarters"));
        let ms = run(
            &["The planned visit of Anna Berg to Lisbon was postponed."],
            &[BERG],
        );
        assert_eq!(ms[0].kind, MeetingKind::Visit);
        assert_eq!(ms[0].status, MeetingStatus::Cancelled);
        assert_eq!(ms[0].place.as_deref(), Some("Lisbon"));
        let ms = run(
            &["Anna Berg will meet Tom Hale on the sidelines of the summit."],
            &[BERG, HALE],
        );
        assert_eq!(ms[0].topic, None);
    }

    #[test]
    fn a_meeting_not_held_takes_no_topic_from_the_next_paragraph() {
        let ms = run(
            &[
                "A meeting between the Polish and Irish leaders is not planned.",
                "The sides discussed fishing quotas.",
            ],
            &[],
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].topic, None);
    }

    #[test]
    fn the_glance_for_meeting_words_misses_no_sentence_that_has_one() {
        let rules = Rules::defaults();
        let r = &rules.meetings;
        for text in [
            "They MET on Monday.",
            "the envoys’ talks",
            "Talks's end",
            "(meeting)",
            "a “sit-down” with X",
            "Mr. Berg met.",
            "Ünmet met",
            "they metn't",
            "TAL\u{212A}S",
            "hosts' dinner",
            "a State Visit",
            "they spoke by phone",
            "Peace talks",
        ] {
            let lowered = crate::glance::lower_ascii(text);
            let toks = tokenize(text, &lowered, 0, r);
            let has = (0..toks.len()).any(|i| {
                r.at(&toks, i, Class::Noun).is_some() || r.at(&toks, i, Class::Verb).is_some()
            });
            assert!(has, "{text}");
            assert!(r.may_trigger(text), "{text}");
        }
        for text in [
            "Something metallic was called off.",
            "The statement.",
            "Ünmet",
            // Words that only open a meeting phrase do not stop the glance.
            "The state official held peace in his phone.",
        ] {
            assert!(!r.may_trigger(text), "{text}");
        }
    }

    #[test]
    fn the_glance_without_simd_sees_the_same() {
        let rules = Rules::defaults();
        let mut plain = MeetingRules::compile(&crate::rules::RuleSet::defaults()).unwrap();
        if let Some(t) = plain.triggers.as_mut() {
            t.glance.without_simd();
        }
        let text = "Peace talks. The statement. TAL\u{212A}S ended. Ünmet met. Spokesmen phoned.";
        let lowered = crate::glance::lower_ascii(text);
        // One span a sentence, each with the space after it.
        let mut spans = Vec::new();
        for s in text.split_inclusive(". ") {
            let start = spans.last().map_or(0, |s: &Span| s.end);
            spans.push(Span::new(start, start + s.len()));
        }
        let with = rules
            .meetings
            .may_trigger_in(text, &lowered, spans.iter().copied());
        let without = plain.may_trigger_in(text, &lowered, spans.iter().copied());
        assert_eq!(with, [true, false, true, true, true]);
        assert_eq!(with, without);
    }

    #[test]
    fn never_panics_on_odd_text() {
        let ms = run(&["— «met» with ’s , and . talks between"], &[BERG]);
        assert!(ms.len() <= 1);
    }
}
