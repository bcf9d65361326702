//! People and organisations: finds the actors an article names ("Kremlin leader Vladimir
//! Putin", "Putin's aide Yuri Ushakov", "the US delegation"), with their titles,
//! affiliation and aliases, and resolves later mentions (surnames, role nouns, pronouns)
//! to them.
//!
//! Takes the document; gives [`People`], which later stages ask "who is this mention?".
//!
//! How: every prose sentence is cut into word tokens once; each distinct word of the
//! document is looked up once in the lexicons of `rules/` (titles, organisations, name
//! words, pronouns, held as word ids), each token is classed from its word and the lexicon
//! phrases that start there, and a small left-to-right phrase reader recognises `[the] [Possessor's] [modifiers] title Name`,
//! `Mr Name`, bare names, organisation phrases, role nouns and pronouns. Names are then
//! clustered (a surname points to the full name that carries it), and role nouns and
//! pronouns are resolved in text order against the discourse read so far. The headline
//! only points to people the body names (its Title Case would make names of anything).

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

use crate::document::{BlockKind, Document, Span, char_at, is_alnum, is_letter};
use crate::record::{Person, PersonKind};
use crate::rules::{RuleError, RuleFile, RuleSet, field};

/// What a title or pronoun says about a person's gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// Who a pronoun can point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Referent {
    Male,
    Female,
    /// An organisation or group ("they", "it").
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Subject,
    Object,
    Possessive,
    Reflexive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleKind {
    Title,
    Prefix,
    Honorific,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgKind {
    /// Written with "the": "the Kremlin".
    The,
    /// Written bare: "NATO".
    Bare,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Common,
    Place,
    Demonym,
    Particle,
    Speech,
    Credit,
    Locative,
}

/// `w.to_lowercase()`, borrowed when `w` is ASCII without capitals and cut with the
/// cheap ASCII mapping when it is ASCII: lexicon lookups run for every token, and a fresh
/// String per lookup was a notable share of the stage's time.
fn lowercase(w: &str) -> Cow<'_, str> {
    if !w.is_ascii() {
        Cow::Owned(w.to_lowercase())
    } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(w.to_ascii_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// Distinct words and their dense ids (0, 1, 2, ... in order of insertion), by open
/// addressing over a plain byte hash. Every token of a document is looked up in two of
/// these, where a general-purpose map cost several times as much per lookup.
#[derive(Debug)]
struct WordTable<S> {
    /// Per slot, 1 + the id of the word there; 0 for an empty slot. Never more than half
    /// full, so that a probe always ends.
    slots: Vec<u32>,
    /// By id: the word's hash and the word.
    words: Vec<(u64, S)>,
}

/// `a == b`: words are short, and a call to `memcmp` costs more. A word of 8 to 16 bytes
/// (the words too long to be their own key) is its first eight bytes and its last eight,
/// which overlap; a longer one is compared byte by byte.
fn same_bytes(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    let eight = |x: &[u8], at: usize| {
        x.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_ne_bytes)
    };
    if (8..=16).contains(&n) {
        return eight(a, 0) == eight(b, 0) && eight(a, n - 8) == eight(b, n - 8);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// Words of up to this many bytes are their own key (see [`word_key`]).
const PACKED: usize = 7;

/// Up to eight bytes as a little-endian integer, zero-padded.
fn load_le(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0, |k, &b| (k << 8) | u64::from(b))
}

/// The ASCII lower case of eight bytes at once (`u8::to_ascii_lowercase` of each).
fn ascii_lower8(x: u64) -> u64 {
    use crate::bytes8::{HIGH, ONES};
    // With top bits cleared the sums do not carry: a byte is a capital when adding 0x3F
    // sets its top bit (it is at least 'A') and adding 0x25 does not (at most 'Z').
    let x7 = x & !HIGH;
    let upper = x7.wrapping_add(0x3F * ONES) & !x7.wrapping_add(0x25 * ONES) & !x & HIGH;
    x | (upper >> 2)
}

/// A word's key: for a word of at most [`PACKED`] bytes (most words), its bytes and its
/// length packed into the integer, so that equal keys mean equal words and a lookup need
/// not reach back into the text to compare; for a longer word, a hash of its bytes taken
/// eight at a time, with the top byte set to 0xFF, which no packed key has (their top
/// byte is the length). With `lower`, of the ASCII lower case of the bytes (for
/// [`word_hash_lower`]).
fn word_key(bytes: &[u8], lower: bool) -> u64 {
    let map = |x: u64| if lower { ascii_lower8(x) } else { x };
    if bytes.len() <= PACKED {
        return map(load_le(bytes)) | ((bytes.len() as u64) << 56);
    }
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    let mix = |h: u64, x: u64| (h.rotate_left(5) ^ map(x)).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut h = chunks.fold(bytes.len() as u64, |h, chunk| {
        mix(h, <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes))
    });
    if !tail.is_empty() {
        h = mix(h, load_le(tail));
    }
    h | (0xFF << 56)
}

/// The key of `bytes` (see [`word_key`]).
fn word_hash(bytes: &[u8]) -> u64 {
    word_key(bytes, false)
}

/// `word_hash(&text[start..start + len])`. A word of up to [`PACKED`] bytes is one
/// little-endian load of the eight bytes at `start`, masked to its length, rather than a
/// loop over its bytes: every token of a document is keyed.
fn word_hash_at(text: &[u8], start: usize, len: usize) -> u64 {
    if len <= PACKED
        && let Some(window) = text.get(start..start + 8)
        && let Ok(window) = <[u8; 8]>::try_from(window)
    {
        let bytes = u64::from_le_bytes(window) & ((1 << (8 * len)) - 1);
        return bytes | ((len as u64) << 56);
    }
    word_hash(text.get(start..start + len).unwrap_or_default())
}

/// The key of the lower case of an ASCII word `w` (`None` for another word), given
/// `word_hash(w)` for a word of up to [`PACKED`] bytes, whose lower-case key is then the
/// lower case of its key.
fn lower_key(packed: Option<u64>, w: &str) -> Option<u64> {
    if !w.is_ascii() {
        return None;
    }
    Some(match packed {
        Some(h) if w.len() <= PACKED => ascii_lower8(h),
        _ => word_hash_lower(w.as_bytes()),
    })
}

/// `word_hash` of the ASCII lower case of `bytes`.
fn word_hash_lower(bytes: &[u8]) -> u64 {
    word_key(bytes, true)
}

impl<S> Default for WordTable<S> {
    fn default() -> Self {
        WordTable::with_capacity(0)
    }
}

impl<S> WordTable<S> {
    fn with_capacity(n: usize) -> Self {
        WordTable {
            slots: vec![0; (2 * n).next_power_of_two().max(16)],
            words: Vec::with_capacity(n),
        }
    }

    fn first_slot(h: u64, slots: usize) -> usize {
        // Packed keys are plain bytes: a multiply spreads them over the high bits.
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & (slots - 1)
    }

    fn grow(&mut self) {
        let mut slots = vec![0; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for (id, (h, _)) in (1..).zip(&self.words) {
            let mut i = Self::first_slot(*h, slots.len());
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = id;
        }
        self.slots = slots;
    }
}

impl<S: AsRef<str>> WordTable<S> {
    /// The slot of the word with hash `h` that `eq` accepts, or the empty slot where it
    /// would go.
    fn probe(&self, h: u64, eq: impl Fn(&str) -> bool) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = Self::first_slot(h, self.slots.len());
        loop {
            match self.slots[i].checked_sub(1) {
                None => return i,
                Some(id) => {
                    let (wh, w) = &self.words[id as usize];
                    if *wh == h && eq(w.as_ref()) {
                        return i;
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn get(&self, w: &str) -> Option<u32> {
        self.get_hashed(word_hash(w.as_bytes()), w)
    }

    /// `get(w)` where `h` is `word_hash(w)`.
    fn get_hashed(&self, h: u64, w: &str) -> Option<u32> {
        // Equal packed keys are equal words.
        let i = self.probe(h, |x| w.len() <= PACKED || same_bytes(x, w));
        self.slots[i].checked_sub(1)
    }

    /// `get(&lowercase(w))`, without building the lower-case copy of an ASCII word.
    fn get_lower(&self, w: &str) -> Option<u32> {
        let packed = (w.len() <= PACKED).then(|| word_hash(w.as_bytes()));
        self.get_lower_hashed(packed, w)
    }

    /// `get_lower(w)`, given `word_hash(w)` for a word of up to [`PACKED`] bytes, whose
    /// lower-case key is then the lower case of its key.
    fn get_lower_hashed(&self, packed: Option<u64>, w: &str) -> Option<u32> {
        match lower_key(packed, w) {
            Some(h) => self.get_lower_keyed(h, w),
            None => self.get(&w.to_lowercase()),
        }
    }

    /// `get_lower(w)` for an ASCII word whose [`lower_key`] is `h`.
    fn get_lower_keyed(&self, h: u64, w: &str) -> Option<u32> {
        let i = self.probe(h, |x| {
            w.len() <= PACKED
                || x.len() == w.len()
                    && x.bytes()
                        .zip(w.bytes())
                        .all(|(a, b)| a == b.to_ascii_lowercase())
        });
        self.slots[i].checked_sub(1)
    }

    /// `insert(w)` where `h` is `word_hash(w)`.
    fn insert_hashed(&mut self, h: u64, w: S) -> u32 {
        // `probe`, written out: the id of a word found is at hand, not read again.
        let mask = self.slots.len() - 1;
        let mut i = Self::first_slot(h, self.slots.len());
        while let Some(id) = self.slots[i].checked_sub(1) {
            let (wh, x) = &self.words[id as usize];
            if *wh == h && (w.as_ref().len() <= PACKED || same_bytes(x.as_ref(), w.as_ref())) {
                return id;
            }
            i = (i + 1) & mask;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX - 1);
        self.words.push((h, w));
        self.slots[i] = id + 1;
        if self.words.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }
}

/// Word ids: every word any lexicon entry holds, as that lexicon keys it. A token is
/// looked up here once or twice, and the lexicons then compare ids, not strings.
#[derive(Debug)]
struct Vocab {
    words: WordTable<Box<str>>,
    /// One bit per [`Vocab::bit`] of the keys held: most words of a text are in no
    /// lexicon, and a clear bit says so without a probe of the table.
    bits: Box<[u64]>,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            words: WordTable::default(),
            bits: vec![0; Vocab::BITS / 64].into_boxed_slice(),
        }
    }
}

/// The id of a word no lexicon holds.
const UNKNOWN: u32 = u32::MAX;

impl Vocab {
    /// The size of `bits`: 8 KB, a few bits for every word the lexicons hold.
    const BITS: usize = 1 << 16;

    /// The word of `bits` and the bit in it for the key `h`.
    fn bit(h: u64) -> (usize, u64) {
        let b = (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize % Self::BITS;
        (b / 64, 1 << (b % 64))
    }

    /// May a word of key `h` be held? No when its bit is clear.
    fn may_hold(&self, h: u64) -> bool {
        let (i, bit) = Vocab::bit(h);
        self.bits.get(i).is_none_or(|word| word & bit != 0)
    }

    fn intern(&mut self, w: &str) -> u32 {
        let h = word_hash(w.as_bytes());
        let (i, bit) = Vocab::bit(h);
        if let Some(word) = self.bits.get_mut(i) {
            *word |= bit;
        }
        self.words.insert_hashed(h, w.into())
    }

    fn get(&self, w: &str) -> u32 {
        self.words.get(w).unwrap_or(UNKNOWN)
    }

    /// `get(w)` where `h` is `word_hash(w)`.
    fn get_hashed(&self, h: u64, w: &str) -> u32 {
        if !self.may_hold(h) {
            return UNKNOWN;
        }
        self.words.get_hashed(h, w).unwrap_or(UNKNOWN)
    }

    /// `get(&lowercase(w))`.
    fn get_lower(&self, w: &str) -> u32 {
        self.words.get_lower(w).unwrap_or(UNKNOWN)
    }

    /// `get_lower(w)`, given `word_hash(w)` for a word of up to [`PACKED`] bytes (see
    /// [`WordTable::get_lower_hashed`]).
    fn get_lower_hashed(&self, packed: Option<u64>, w: &str) -> u32 {
        let found = match lower_key(packed, w) {
            Some(h) if !self.may_hold(h) => None,
            Some(h) => self.words.get_lower_keyed(h, w),
            None => self.words.get(&w.to_lowercase()),
        };
        found.unwrap_or(UNKNOWN)
    }
}

/// A table by word id.
fn slot<T: Default>(table: &mut Vec<T>, id: u32) -> &mut T {
    let i = id as usize;
    if table.len() <= i {
        table.resize_with(i + 1, T::default);
    }
    &mut table[i]
}

/// Phrases of one or more words, looked up by their first word; longest match wins.
#[derive(Debug)]
struct PhraseLexicon<T> {
    /// By the id of the first word: the phrases as word ids, longest first.
    by_first: Vec<Vec<(Box<[u32]>, T)>>,
    fold_case: bool,
}

impl<T: Copy> PhraseLexicon<T> {
    fn new(fold_case: bool) -> Self {
        PhraseLexicon {
            by_first: Vec::new(),
            fold_case,
        }
    }

    fn key<'w>(&self, w: &'w str) -> Cow<'w, str> {
        // Tokens never carry a final period ("Mr." is read as "Mr"), so entries drop it.
        let w = w.trim_end_matches('.');
        if self.fold_case {
            lowercase(w)
        } else {
            Cow::Borrowed(w)
        }
    }

    fn insert(&mut self, vocab: &mut Vocab, phrase: &str, value: T) {
        let words: Box<[u32]> = phrase
            .split_whitespace()
            .map(|w| vocab.intern(&self.key(w)))
            .collect();
        let Some(&first) = words.first() else {
            return;
        };
        let list = slot(&mut self.by_first, first);
        list.push((words, value));
        list.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    }

    /// Does an entry of two words or more start with the word `id`?
    fn starts_longer(&self, id: u32) -> bool {
        // Longest first.
        (self.by_first.get(id as usize))
            .and_then(|l| l.first())
            .is_some_and(|(phrase, _)| phrase.len() >= 2)
    }

    /// The longest entry that starts at the token `i`, where `key(j)` is the word id of
    /// the token `j` as this lexicon keys it (`None` past the sentence): (number of
    /// words, value).
    fn longest(&self, key: impl Fn(usize) -> Option<u32>, i: usize) -> Option<(usize, T)> {
        let list = self.by_first.get(key(i)? as usize)?;
        // Every entry of the list starts with the word at `i`: the rest is compared.
        list.iter().find_map(|(phrase, v)| {
            let mut rest = phrase.iter().enumerate().skip(1);
            rest.all(|(j, &w)| key(i + j) == Some(w))
                .then_some((phrase.len(), *v))
        })
    }
}

/// Titles, role nouns and the words around names, compiled from `titles.tsv`,
/// `organizations.tsv`, `name_words.tsv` and `pronouns.tsv`.
#[derive(Debug)]
pub struct PeopleRules {
    vocab: Vocab,
    /// Keyed in lower case, without final periods.
    titles: PhraseLexicon<(TitleKind, Option<Gender>)>,
    /// For a title, the broader role nouns that also name its holder.
    title_also: FxHashMap<String, Vec<String>>,
    /// Keyed as written, without final periods (as `words`).
    orgs: PhraseLexicon<OrgKind>,
    /// By the id of the lower-case word.
    org_heads: Vec<bool>,
    words: PhraseLexicon<WordClass>,
    /// By the id of the lower-case word.
    pronouns: Vec<Option<(Referent, Case)>>,
    /// The ids of "the", "a" and "an".
    the: u32,
    a: u32,
    an: u32,
    /// By vocabulary id, for a word in plain lower case (see [`WordInfo::is_plain`]): what
    /// [`WordInfo::new`] makes of it, worked out once here rather than in every document.
    plain: Vec<Option<WordInfo>>,
    /// The same for the one-byte tokens, by byte: the punctuation of every document.
    single: Vec<WordInfo>,
}

impl Default for PeopleRules {
    fn default() -> Self {
        let mut vocab = Vocab::default();
        let (the, a, an) = (vocab.intern("the"), vocab.intern("a"), vocab.intern("an"));
        PeopleRules {
            vocab,
            titles: PhraseLexicon::new(true),
            title_also: FxHashMap::default(),
            orgs: PhraseLexicon::new(false),
            org_heads: Vec::new(),
            words: PhraseLexicon::new(false),
            pronouns: Vec::new(),
            the,
            a,
            an,
            plain: Vec::new(),
            single: Vec::new(),
        }
    }
}

fn gender_field(file: &RuleFile, line: usize, g: &str) -> Result<Option<Gender>, RuleError> {
    match g {
        "m" => Ok(Some(Gender::Male)),
        "f" => Ok(Some(Gender::Female)),
        "-" => Ok(None),
        other => Err(RuleError::syntax(
            file,
            line,
            format!("gender must be m, f or -, not {other:?}"),
        )),
    }
}

impl PeopleRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let mut rules = PeopleRules::default();

        let file = set.file("titles.tsv")?;
        for (line, fields) in &file.lines {
            let phrase = field(file, *line, fields, 0)?;
            let kind = match field(file, *line, fields, 1)? {
                "title" => TitleKind::Title,
                "prefix" => TitleKind::Prefix,
                "honorific" => TitleKind::Honorific,
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown title kind {other:?}"),
                    ));
                }
            };
            let gender = gender_field(file, *line, fields.get(2).map_or("-", String::as_str))?;
            rules
                .titles
                .insert(&mut rules.vocab, phrase, (kind, gender));
            // The broader role nouns the title also answers to ("the Russian leader" is
            // the president): a comma-separated fourth field.
            if let Some(also) = fields.get(3).filter(|f| !f.is_empty() && f.as_str() != "-") {
                let broader: Vec<String> = also
                    .split(',')
                    .map(|w| w.trim().to_lowercase())
                    .filter(|w| !w.is_empty())
                    .collect();
                rules
                    .title_also
                    .entry(phrase.to_lowercase())
                    .or_default()
                    .extend(broader);
            }
        }

        let file = set.file("organizations.tsv")?;
        for (line, fields) in &file.lines {
            let phrase = field(file, *line, fields, 0)?;
            match field(file, *line, fields, 1)? {
                "the" => rules.orgs.insert(&mut rules.vocab, phrase, OrgKind::The),
                "name" => rules.orgs.insert(&mut rules.vocab, phrase, OrgKind::Bare),
                "head" => {
                    let id = rules.vocab.intern(&phrase.to_lowercase());
                    *slot(&mut rules.org_heads, id) = true;
                }
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown organisation kind {other:?}"),
                    ));
                }
            }
        }

        let file = set.file("name_words.tsv")?;
        for (line, fields) in &file.lines {
            let word = field(file, *line, fields, 0)?;
            let class = match field(file, *line, fields, 1)? {
                "common" | "month" | "day" => WordClass::Common,
                "place" => WordClass::Place,
                "demonym" => WordClass::Demonym,
                "particle" => WordClass::Particle,
                "speech" => WordClass::Speech,
                "credit" => WordClass::Credit,
                "locative" => WordClass::Locative,
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown word class {other:?}"),
                    ));
                }
            };
            rules.words.insert(&mut rules.vocab, word, class);
        }

        let file = set.file("pronouns.tsv")?;
        for (line, fields) in &file.lines {
            let word = field(file, *line, fields, 0)?;
            let referent = match field(file, *line, fields, 1)? {
                "m" => Referent::Male,
                "f" => Referent::Female,
                "group" => Referent::Group,
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown referent {other:?}"),
                    ));
                }
            };
            let case = match field(file, *line, fields, 2)? {
                "subject" => Case::Subject,
                "object" => Case::Object,
                "possessive" => Case::Possessive,
                "reflexive" => Case::Reflexive,
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown case {other:?}"),
                    ));
                }
            };
            let id = rules.vocab.intern(&word.to_lowercase());
            *slot(&mut rules.pronouns, id) = Some((referent, case));
        }
        // Last, with every lexicon in place.
        rules.plain = (rules.vocab.words.words.iter())
            .map(|(h, w)| {
                let flags = word_flags(w, *h);
                WordInfo::is_plain(w, flags).then(|| WordInfo::general(&rules, w, *h, flags))
            })
            .collect();
        rules.single = (0..128u8)
            .map(|b| {
                let w = char::from(b).to_string();
                WordInfo::new(&rules, &w, word_hash(w.as_bytes()))
            })
            .collect();
        Ok(rules)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A name or part of one ("Yuri Ushakov", "Ushakov").
    Name,
    /// A role noun ("the Kremlin aide").
    Role,
    /// A personal pronoun ("he", "she", "they").
    Pronoun,
}

/// One mention of a person, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    /// Index into [`People::persons`].
    pub person: usize,
    pub kind: MentionKind,
}

/// The people of one article and every mention of them, in text order.
#[derive(Debug, Default)]
pub struct People {
    /// The record entries (mentions filled as code-point spans).
    pub persons: Vec<Person>,
    pub mentions: Vec<Mention>,
    /// Lookups for resolving by text, built on first use from the two lists above.
    index: OnceLock<TextIndex>,
}

/// What resolving a span by its words needs, computed once per article: without it every
/// resolution rescanned all mentions and lowercased every name, quadratic on long pages.
#[derive(Debug, Default)]
struct TextIndex {
    /// Lowercased name or alias, without a leading "the": the persons it names.
    /// (form, person), sorted: an article has a few dozen, fewer than a map pays for.
    by_form: Vec<(String, usize)>,
    /// Lowercased last word of a person's name: the persons it names.
    /// (surname, person), sorted.
    by_surname: Vec<(String, usize)>,
    /// The starts of every person's mentions, person by person, each in text order: those
    /// of person `p` are `starts[first[p]..first[p + 1]]`.
    starts: Vec<usize>,
    first: Vec<usize>,
    /// The starts of the mentions of people, and of organisations, in text order.
    person_starts: Vec<(usize, usize)>,
    org_starts: Vec<(usize, usize)>,
}

impl TextIndex {
    fn build(persons: &[Person], mentions: &[Mention]) -> Self {
        // Lowercased, without a leading "the ", trimmed: one new string for most forms.
        let strip = |s: &str| {
            let lower = lowercase(s);
            let bare = lower.strip_prefix("the ").unwrap_or(&lower).trim();
            if bare.len() == lower.len() {
                lower.into_owned()
            } else {
                bare.to_string()
            }
        };
        let mut ix = TextIndex {
            person_starts: Vec::with_capacity(mentions.len()),
            ..TextIndex::default()
        };
        for (i, p) in persons.iter().enumerate() {
            let forms = std::iter::once(&p.name).chain(&p.aliases);
            ix.by_form.extend(forms.map(|f| (strip(f), i)));
            if p.kind == PersonKind::Person
                && let Some(last) = p.name.split_whitespace().last()
            {
                ix.by_surname.push((lowercase(last).into_owned(), i));
            }
        }
        // A person's equal forms count once; the persons of a form are in order.
        ix.by_form.sort_unstable();
        ix.by_form.dedup();
        ix.by_surname.sort_unstable();
        // Each person's share of `starts`, counted first.
        ix.first = vec![0; persons.len() + 1];
        for m in mentions.iter().filter(|m| m.person < persons.len()) {
            ix.first[m.person + 1] += 1;
        }
        for p in 1..ix.first.len() {
            ix.first[p] += ix.first[p - 1];
        }
        ix.starts = vec![0; ix.first[persons.len()]];
        let mut next = ix.first.clone();
        for m in mentions {
            let Some(person) = persons.get(m.person) else {
                continue;
            };
            ix.starts[next[m.person]] = m.span.start;
            next[m.person] += 1;
            let list = match person.kind {
                PersonKind::Person => &mut ix.person_starts,
                PersonKind::Organization => &mut ix.org_starts,
            };
            list.push((m.span.start, m.person));
        }
        ix
    }

    /// The persons of `key` in a sorted list of (key, person), in order.
    fn persons_of<'s>(list: &'s [(String, usize)], key: &str) -> impl Iterator<Item = usize> + 's {
        let from = list.partition_point(|(k, _)| k.as_str() < key);
        let to = from + list[from..].partition_point(|(k, _)| k.as_str() == key);
        list.get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|(_, p)| *p)
    }

    /// The starts of the mentions of person `p`, in text order.
    fn starts_of(&self, p: usize) -> &[usize] {
        match (self.first.get(p), self.first.get(p + 1)) {
            (Some(&lo), Some(&hi)) => self.starts.get(lo..hi).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The person of the latest mention starting before `at` in a list of (start, person).
    fn latest(list: &[(usize, usize)], at: usize) -> Option<usize> {
        let i = list.partition_point(|(s, _)| *s < at);
        i.checked_sub(1).and_then(|i| list.get(i)).map(|(_, p)| *p)
    }
}

const POSSESSIVE_PRONOUNS: &[&str] = &["his", "her", "their", "its"];

impl People {
    /// The resolved mention that covers `span`, if any.
    pub fn mention_at(&self, span: Span) -> Option<&Mention> {
        self.near(span).iter().find(|m| m.span.overlaps(span))
    }

    /// The resolved mentions inside `span`, in text order.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = &Mention> {
        self.near(span)
            .iter()
            .filter(move |m| span.contains(m.span))
    }

    /// The mentions that may overlap `span`, found by binary search: mentions are sorted
    /// by start, and none is longer than a few words.
    fn near(&self, span: Span) -> &[Mention] {
        const LONGEST_MENTION: usize = 400;
        let lo = self
            .mentions
            .partition_point(|m| m.span.start + LONGEST_MENTION < span.start);
        let hi = self.mentions.partition_point(|m| m.span.start < span.end);
        self.mentions.get(lo..hi.max(lo)).unwrap_or(&[])
    }

    /// The mention that heads the noun phrase at `span`: the first one that is not a
    /// possessor ("Putin's" in "Putin's aide Yuri Ushakov", "his" in "his aide").
    pub fn head_mention(&self, doc: &Document, span: Span) -> Option<&Mention> {
        let overlapping: Vec<&Mention> = self
            .near(span)
            .iter()
            .filter(|m| m.span.overlaps(span))
            .collect();
        let first = *overlapping.first()?;
        let heads: Vec<&Mention> = overlapping
            .into_iter()
            .filter(|m| !is_possessor(doc, m, span))
            .collect();
        // An English noun phrase ends with its head: "Law and Justice MP Marek Suski" is
        // Suski; otherwise the first actor is the head ("Ushakov, Putin's aide").
        let end = doc
            .text
            .get(span.start..span.end)
            .map_or(span.end, |t| span.start + t.trim_end().len());
        heads
            .last()
            .filter(|m| m.span.end >= end)
            .or(heads.first())
            .copied()
            .or(Some(first))
    }

    /// Who the noun phrase at `span` is: a name or part of one ("Ushakov"), a phrase with
    /// titles ("Putin's aide Yuri Ushakov"), a role noun ("the Kremlin aide") or a pronoun
    /// ("He"), resolved with the discourse before `span.start`. An index into `persons`.
    pub fn resolve(&self, doc: &Document, span: Span) -> Option<usize> {
        if let Some(m) = self.head_mention(doc, span) {
            return Some(m.person);
        }
        self.resolve_by_text(doc, span)
    }

    /// For a span no mention covers: the person whose name, surname or alias the span's
    /// words are, or for a pronoun the latest person (organisation for "they", "it")
    /// mentioned before it.
    fn resolve_by_text(&self, doc: &Document, span: Span) -> Option<usize> {
        let text = doc.text.get(span.start..span.end)?.trim();
        let lower = text.to_lowercase();
        let bare = lower.strip_prefix("the ").unwrap_or(&lower).trim();
        if bare.is_empty() {
            return None;
        }
        let ix = self
            .index
            .get_or_init(|| TextIndex::build(&self.persons, &self.mentions));
        // With no mention before the span, the first person of that kind in the article.
        let first_of = |kind: PersonKind| self.persons.iter().position(|p| p.kind == kind);
        match bare {
            "he" | "she" | "him" | "his" | "her" => {
                return TextIndex::latest(&ix.person_starts, span.start)
                    .or_else(|| first_of(PersonKind::Person));
            }
            "they" | "it" | "them" => {
                return TextIndex::latest(&ix.org_starts, span.start)
                    .or_else(|| first_of(PersonKind::Organization));
            }
            _ => {}
        }
        let mut candidates: Vec<usize> = TextIndex::persons_of(&ix.by_form, bare).collect();
        if !bare.contains(' ') {
            candidates.extend(TextIndex::persons_of(&ix.by_surname, bare));
        }
        // The candidate mentioned last before the span; else the first in the article.
        candidates
            .iter()
            .filter_map(|&p| {
                let starts = ix.starts_of(p);
                let before = starts.partition_point(|&s| s < span.start);
                before.checked_sub(1).map(|i| (starts[i], p))
            })
            .max()
            .map(|(_, p)| p)
            .or_else(|| candidates.iter().min().copied())
    }
}

/// Is the mention a possessor inside a longer phrase ("Putin" + "'s", "his" + noun)?
fn is_possessor(doc: &Document, m: &Mention, phrase: Span) -> bool {
    if m.span.end >= phrase.end {
        return false;
    }
    let after = doc.text.get(m.span.end..).unwrap_or("");
    if after.starts_with("'s") || after.starts_with("’s") || after.starts_with("s'") {
        return true;
    }
    m.kind == MentionKind::Pronoun
        && doc
            .text
            .get(m.span.start..m.span.end)
            .is_some_and(|w| POSSESSIVE_PRONOUNS.contains(&w.to_lowercase().as_str()))
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    span: Span,
    /// The word without a possessive ending and without a final period.
    text: &'a str,
    /// The index of the text in [`Words::info`] (set by [`Words::new`]).
    id: u32,
    word: bool,
    /// The word carried "'s".
    possessive: bool,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '‐' | '\'' | '’' | '.')
}

/// The bytes that are ASCII letters and digits.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// How [`tokenize`] takes a byte: see `TOKEN_BYTES`.
const SPACE: u8 = 0;
const ALNUM: u8 = 1;
const PUNCT: u8 = 2;
/// A byte of a character outside ASCII.
const WIDE: u8 = 3;

/// For each byte, `SPACE` (ASCII white space, as `char::is_whitespace` has it), `ALNUM`
/// (an ASCII letter or digit), `PUNCT` (any other ASCII) or `WIDE`.
const TOKEN_BYTES: [u8; 256] = {
    let mut table = [WIDE; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(b, 9..=13 | 32) {
            SPACE
        } else {
            PUNCT
        };
        b += 1;
    }
    table
};

/// Appends the words and punctuation of `text[span]` to `out`.
#[inline(never)]
fn tokenize<'a>(text: &'a str, span: Span, out: &mut Vec<Tok<'a>>) {
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let punct = |i: usize, len: usize| Tok {
        span: Span::new(span.start + i, span.start + i + len),
        text: s.get(i..i + len).unwrap_or_default(),
        id: 0,
        word: false,
        possessive: false,
    };
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII is taken by the byte; only the rest is decoded.
        let c = match TOKEN_BYTES[usize::from(b)] {
            SPACE => {
                i += 1;
                continue;
            }
            PUNCT => {
                out.push(punct(i, 1));
                i += 1;
                continue;
            }
            ALNUM => char::from(b),
            _ => {
                let Some(c) = char_at(s, i) else { break };
                if !is_alnum(c) {
                    if !c.is_whitespace() {
                        out.push(punct(i, c.len_utf8()));
                    }
                    i += c.len_utf8();
                    continue;
                }
                c
            }
        };
        let c_len = c.len_utf8();
        let mut end = i + c_len;
        // Letters since the last joiner: a period joins initials ("U.S", "J.D") and
        // lower case or digits ("3.5"), not two sentences run together for want of a
        // space ("the president.Sylwester Kaczmarek").
        let mut segment = 1;
        let mut inner_period = false;
        loop {
            // ASCII letters and digits, the bulk of every word, without decoding.
            let rest = bytes.get(end..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| !ASCII_ALNUM[usize::from(b)])
                .unwrap_or(rest.len());
            end += run;
            segment += run;
            let Some(&d) = bytes.get(end) else { break };
            let d = match TOKEN_BYTES[usize::from(d)] {
                PUNCT if matches!(d, b'.' | b'-' | b'\'') => char::from(d),
                WIDE => match char_at(s, end) {
                    Some(d) => d,
                    None => break,
                },
                _ => break,
            };
            let d_len = d.len_utf8();
            if is_alnum(d) {
                end += d_len;
                segment += 1;
                continue;
            }
            let next = char_at(s, end + d_len);
            let joins = if d == '.' {
                next.is_some_and(|n| {
                    is_alnum(n) && (segment == 1 || n.is_lowercase() || n.is_numeric())
                })
            } else {
                is_joiner(d) && next.is_some_and(is_alnum)
            };
            if !joins {
                break;
            }
            segment = 0;
            inner_period |= d == '.';
            end += d_len;
        }
        // An initial keeps its period ("Donald J. Trump"), and so does an
        // abbreviation with inner periods ("U.S."), so that the name runs on.
        let dotted = bytes.get(end) == Some(&b'.')
            && (inner_period || (end == i + c_len && c.is_uppercase()));
        if dotted {
            end += 1;
        }
        let w = &s[i..end];
        // A possessive ends in "'s" or "’s" (whose last byte before the s is 0x99).
        let stem = if end - i >= 3
            && matches!(bytes[end - 1], b's' | b'S')
            && matches!(bytes[end - 2], b'\'' | 0x99)
        {
            w.strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .or_else(|| w.strip_suffix("'S"))
                .or_else(|| w.strip_suffix("’S"))
                .filter(|stem| !stem.is_empty())
        } else {
            None
        };
        out.push(Tok {
            span: Span::new(span.start + i, span.start + i + stem.unwrap_or(w).len()),
            text: stem.unwrap_or(w),
            id: 0,
            word: true,
            possessive: stem.is_some(),
        });
        i = end;
    }
}

/// The lower case of the texts of `toks`, joined by spaces: into one string, without a
/// string per word (ASCII words, most of them, are lowered byte by byte).
fn lower_words(toks: &[Tok]) -> String {
    let mut out = String::with_capacity(toks.iter().map(|t| t.text.len() + 1).sum());
    for (n, t) in toks.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(&lowercase(t.text));
    }
    out
}

fn is_capitalised(w: &str) -> bool {
    if w.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    // Arabic-style prefixes: "al-Assad", "el-Sisi", "bin-Salman". The prefixes are at
    // most three letters, so only a hyphen among the first four bytes can end one.
    let Some(hyphen) = w.bytes().take(4).position(|b| b == b'-') else {
        return false;
    };
    let (pre, rest) = (&w[..hyphen], &w[hyphen + 1..]);
    matches!(
        pre,
        "al" | "el" | "ad" | "as" | "ash" | "bin" | "abu" | "ibn"
    ) && rest.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(w: &str) -> bool {
    // Most words are out at their first letter.
    if w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let mut letters = 0;
    for c in w.chars() {
        if is_letter(c) {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// The number of words of a lexicon phrase, in a byte: [`Cls`] stays four bytes, where a
/// `usize` made it sixteen, and every token's class is stored and compared.
type Len = u8;

/// `n` as a [`Len`]; lexicon phrases are a few words long.
fn len_of(n: usize) -> Len {
    Len::try_from(n).unwrap_or(Len::MAX)
}

/// What a token is, for the phrase reader. A leading tag byte (`repr(u8)`): which class a
/// token has is then one byte to read, where a niche in a field cost several instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Cls {
    Punct,
    Det {
        definite: bool,
    },
    Pronoun(Referent, Case),
    /// A title, prefix or honorific of `len` words.
    Title(Len, TitleKind, Option<Gender>),
    /// A named organisation of `len` words.
    Org(Len, OrgKind),
    /// An organisation head noun ("ministry").
    Head,
    Place(Len),
    Demonym,
    Common,
    Particle,
    Speech,
    Credit,
    Locative,
    /// A capitalised word no lexicon knows: a name part.
    NameWord,
    /// An all-capital word no lexicon knows: an acronym, or a name in capitals.
    Acronym,
    /// Any other word.
    Lower,
}

// At most four bytes, as [`Len`] says.
const _: () = assert!(std::mem::size_of::<Cls>() <= 4);

/// What a word's shape says when no lexicon knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Initials ("J.D."): a name part.
    Initials,
    /// More than six letters, all capitals: shouting (a dateline "WASHINGTON") unless the
    /// next word is in capitals too.
    LongCaps,
    /// A Roman numeral in capitals ("World War II").
    Roman,
    Acronym,
    Capitalised,
    Lower,
}

/// What a byte says about a word: see `BYTE_FLAGS`.
const NON_ASCII: u8 = 1;
const UPPER: u8 = 2;
const PERIOD: u8 = 4;
const HYPHEN: u8 = 8;

/// For each byte, `NON_ASCII`, `UPPER` (an ASCII capital), `PERIOD` or `HYPHEN`: a
/// word's bytes are read once for all four.
const BYTE_FLAGS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b >= 128 {
            NON_ASCII
        } else if (b as u8).is_ascii_uppercase() {
            UPPER
        } else if b == b'.' as usize {
            PERIOD
        } else if b == b'-' as usize {
            HYPHEN
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The `BYTE_FLAGS` of the bytes of `w` (whose `word_hash` is `h`), or'd together. A
/// short ASCII word's key holds its bytes, and all eight are tested at once.
fn word_flags(w: &str, h: u64) -> u8 {
    const ONES: u64 = 0x0001_0101_0101_0101;
    const HIGH: u64 = 0x0080_8080_8080_8080;
    let x = h & 0x00FF_FFFF_FFFF_FFFF;
    if w.len() > PACKED || x & HIGH != 0 {
        return w.bytes().fold(0, |f, b| f | BYTE_FLAGS[usize::from(b)]);
    }
    // Whether any byte is zero, after the byte sought is turned into zero. The padding
    // bytes are zeros, which neither '.' nor '-' is.
    let has = |byte: u64| {
        let v = x ^ (byte * ONES);
        v.wrapping_sub(ONES) & !v & HIGH != 0
    };
    let mut flags = 0;
    // Lowering changes a word exactly when it holds a capital.
    if ascii_lower8(x) != x {
        flags |= UPPER;
    }
    if has(u64::from(b'.')) {
        flags |= PERIOD;
    }
    if has(u64::from(b'-')) {
        flags |= HYPHEN;
    }
    flags
}

/// One distinct token text of a document and what the lexicons and its shape say about
/// it, worked out once however often the text recurs.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    /// Vocabulary ids (see [`Vocab`]), both without final periods: as written (the key of
    /// `orgs` and `words`) and in lower case (the key of `titles`).
    exact: u32,
    folded: u32,
    /// "the" (`Some(true)`), "a" or "an" (`Some(false)`), in any case.
    det: Option<bool>,
    pronoun: Option<(Referent, Case)>,
    org_head: bool,
    /// In lower case, a credit word ("photo").
    credit: bool,
    capitalised: bool,
    upper_initial: bool,
    all_caps: bool,
    shape: Shape,
    /// `lowercase` changes it.
    changes_lowered: bool,
    /// Its class wherever no lexicon phrase starts with it (see [`WordInfo::solo`]).
    solo: Option<Cls>,
    /// A word that starts with a lower-case letter.
    lower_initial: bool,
    /// The document writes the word in lower case somewhere ("Social" and "social").
    written_lower: bool,
    /// `upper_initial && written_lower`: a common word capitalised ("Will", "Talks").
    capital_of_common: bool,
}

impl WordInfo {
    /// The word `w`, whose `word_hash` is `h`. Out of line: the loop over every token
    /// stays small.
    #[inline(never)]
    fn new(rules: &PeopleRules, w: &str, h: u64) -> Self {
        if let [b] = w.as_bytes()
            && let Some(info) = rules.single.get(usize::from(*b))
        {
            return *info;
        }
        let vocab = &rules.vocab;
        let bytes = word_flags(w, h);
        // Most words are plain lower case ASCII that no lexicon holds: they are all alike
        // but for the few capitalised by an Arabic-style prefix ("al-Assad"); those a
        // lexicon holds were worked out with the rules.
        if WordInfo::is_plain(w, bytes) {
            let exact = vocab.get_hashed(h, w);
            if let Some(Some(info)) = rules.plain.get(exact as usize) {
                return *info;
            }
            if exact == UNKNOWN {
                // Its first letter is lower case: only a prefix and a hyphen among the
                // first four bytes can make it capitalised ("al-Assad").
                let capitalised = bytes & HYPHEN != 0 && is_capitalised(w);
                return WordInfo {
                    exact,
                    folded: exact,
                    det: None,
                    pronoun: None,
                    org_head: false,
                    credit: false,
                    capitalised,
                    upper_initial: false,
                    all_caps: false,
                    shape: if capitalised {
                        Shape::Capitalised
                    } else {
                        Shape::Lower
                    },
                    changes_lowered: false,
                    solo: Some(if capitalised {
                        Cls::NameWord
                    } else {
                        Cls::Lower
                    }),
                    lower_initial: true,
                    written_lower: false,
                    capital_of_common: false,
                };
            }
        }
        Self::general(rules, w, h, bytes)
    }

    /// A word in plain lower case: ASCII letters, digits and hyphens, the first a
    /// lower-case letter. `flags` are its [`word_flags`].
    fn is_plain(w: &str, flags: u8) -> bool {
        flags & !HYPHEN == 0 && w.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
    }

    /// [`WordInfo::new`] for a word with capitals, periods or letters outside ASCII, or
    /// one a lexicon holds: apart, so that the plain lower-case words, most of them, do
    /// not pay for its larger frame.
    #[inline(never)]
    fn general(rules: &PeopleRules, w: &str, h: u64, bytes: u8) -> Self {
        let vocab = &rules.vocab;
        // Lowercasing changes a word with capitals, and may change one with letters outside
        // ASCII (no character but a letter has a lower case: curly quotes and dashes
        // stay as they are).
        let changes_lowered = bytes & UPPER != 0
            || bytes & NON_ASCII != 0 && w.chars().any(|c| !c.is_ascii() && is_letter(c));
        let all_caps = is_all_caps(w);
        let period = bytes & PERIOD != 0;
        let trimmed = w.trim_end_matches('.');
        let exact = if trimmed.len() == w.len() {
            vocab.get_hashed(h, w)
        } else {
            vocab.get(trimmed)
        };
        let folded = if !changes_lowered {
            exact
        } else if trimmed.len() == w.len() {
            vocab.get_lower_hashed(Some(h), w)
        } else {
            vocab.get_lower(trimmed)
        };
        // The lower-case word, with and without its final periods ("u.s." for "U.S.").
        let (lower, lower_trimmed) = if w.ends_with('.') {
            let lower = lowercase(w);
            (vocab.get(&lower), vocab.get(lower.trim_end_matches('.')))
        } else {
            (folded, folded)
        };
        let det = if lower == rules.the {
            Some(true)
        } else if lower == rules.a || lower == rules.an {
            Some(false)
        } else {
            None
        };
        let first = w.chars().next();
        let capitalised = is_capitalised(w);
        let shape = if period
            && w.split('.')
                .filter(|p| !p.is_empty())
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
        {
            Shape::Initials
        } else if all_caps && w.chars().count() > 6 {
            Shape::LongCaps
        } else if all_caps && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')) {
            Shape::Roman
        } else if all_caps {
            Shape::Acronym
        } else if capitalised {
            Shape::Capitalised
        } else {
            Shape::Lower
        };
        WordInfo {
            exact,
            folded,
            det,
            pronoun: rules.pronouns.get(lower as usize).copied().flatten(),
            org_head: rules.org_heads.get(lower as usize) == Some(&true),
            credit: matches!(
                rules
                    .words
                    .longest(|j| (j == 0).then_some(lower_trimmed), 0),
                Some((_, WordClass::Credit))
            ),
            capitalised,
            upper_initial: first.is_some_and(char::is_uppercase),
            all_caps,
            shape,
            changes_lowered,
            solo: None,
            lower_initial: first.is_some_and(|c| is_alnum(c) && c.is_lowercase()),
            written_lower: false,
            capital_of_common: false,
        }
        .with_solo(rules)
    }

    /// Sets `solo`: the class of the word, as [`classify`] gives it, when no title,
    /// organisation or name-word phrase of two words or more starts with it and neither
    /// its position ("A") nor the next word (a word in capitals) matters. Most words are
    /// such, "said" and "Moscow" too (phrases of one word).
    fn with_solo(mut self, rules: &PeopleRules) -> Self {
        let longer = rules.titles.starts_longer(self.folded)
            || rules.orgs.starts_longer(self.exact)
            || rules.words.starts_longer(self.exact);
        if longer || self.det == Some(false) || self.shape == Shape::LongCaps {
            return self;
        }
        // Its class is then the same wherever it stands: that of the word alone.
        let alone = class_of(rules, &self, 0, |j| (j == 0).then_some(&self), false);
        self.solo = Some(alone);
        self
    }
}

/// The distinct token texts of a document, and what each is; every token holds the index
/// of its text ([`Tok::id`]).
struct Words {
    info: Vec<WordInfo>,
}

impl Words {
    /// The words of `toks`, tokens of `text`, whose ids it sets.
    #[inline(never)]
    fn new(rules: &PeopleRules, text: &str, toks: &mut [Tok]) -> Self {
        // Distinct words are well under half the tokens: a table sized for those stays
        // small enough for the cache (its probes are the stage's cache misses).
        let mut table: WordTable<&str> = WordTable::with_capacity(toks.len() / 2 + 8);
        for t in toks {
            let h = word_hash_at(text.as_bytes(), t.span.start, t.text.len());
            t.id = table.insert_hashed(h, t.text);
        }
        // Each distinct word once, after the loop over every token, which then keeps its
        // registers to itself.
        let mut info: Vec<WordInfo> = (table.words.iter())
            .map(|&(h, w)| WordInfo::new(rules, w, h))
            .collect();
        // A capitalised word the text also writes in lower case is a common word.
        for (id, (h, text)) in table.words.iter().enumerate() {
            let lower = if info[id].changes_lowered {
                table.get_lower_hashed(Some(*h), text)
            } else {
                u32::try_from(id).ok()
            };
            let written = lower.is_some_and(|l| info[l as usize].lower_initial);
            let w = &mut info[id];
            w.written_lower = written;
            w.capital_of_common = written && w.upper_initial;
        }
        Words { info }
    }
}

/// The tokens of one sentence with their words: slices of the document's [`Words`].
#[derive(Clone, Copy)]
struct SentenceWords<'r, 'a> {
    toks: &'r [Tok<'a>],
    info: &'r [WordInfo],
}

impl<'r, 'a> SentenceWords<'r, 'a> {
    fn new(toks: &'r [Tok<'a>], words: &'r Words, range: std::ops::Range<usize>) -> Self {
        SentenceWords {
            toks: toks.get(range).unwrap_or_default(),
            info: &words.info,
        }
    }

    /// The word of the token `k`.
    fn word(&self, k: usize) -> Option<&'r WordInfo> {
        self.toks.get(k).and_then(|t| self.info.get(t.id as usize))
    }
}

/// The classes of one sentence's tokens, and what the phrase reader asks of all of them,
/// gathered in the same pass.
#[derive(Default)]
struct Classes {
    cls: Vec<Cls>,
    /// The tokens where a phrase may start (see [`starts_nothing`]), in order.
    starts: Vec<usize>,
    /// Tokens after the first that are capitalised common words ("Will", "Talks"): see
    /// [`SentenceReader::new`].
    capitalised_common: usize,
}

/// Punctuation and most words start no phrase: no possessor, modifier, title, name or
/// organisation can begin with them (a particle only continues a name).
fn starts_nothing(c: Cls) -> bool {
    matches!(
        c,
        Cls::Punct
            | Cls::Lower
            | Cls::Common
            | Cls::Speech
            | Cls::Credit
            | Cls::Locative
            | Cls::Particle
    )
}

/// Classifies one sentence's tokens into `out`.
#[inline(never)]
fn classify(rules: &PeopleRules, s: SentenceWords, out: &mut Classes) {
    out.cls.clear();
    out.starts.clear();
    out.capitalised_common = 0;
    for (i, t) in s.toks.iter().enumerate() {
        let c = match s.info.get(t.id as usize) {
            Some(w) if t.word => {
                // Most tokens have their class already; the rest look at their neighbours.
                let c = w
                    .solo
                    .unwrap_or_else(|| classify_in_context(rules, s, i, t, w));
                if i > 0 && w.capital_of_common && matches!(c, Cls::NameWord | Cls::Common) {
                    out.capitalised_common += 1;
                }
                c
            }
            _ => Cls::Punct,
        };
        if !starts_nothing(c) {
            out.starts.push(i);
        }
        out.cls.push(c);
    }
}

/// The class of the word `w` at the token `t` (`i` of the sentence `s`), which depends
/// on the phrases that start there or on its neighbours. Kept out of line: the loop over
/// every token stays small.
#[inline(never)]
fn classify_in_context(
    rules: &PeopleRules,
    s: SentenceWords,
    i: usize,
    t: &Tok,
    w: &WordInfo,
) -> Cls {
    class_of(rules, w, i, |j| s.word(j), i > 0 && t.text == "A")
}

/// The class of the word `w`, the `i`th of a sentence whose `j`th word is `word(j)`;
/// `inner_a`: the word is "A" after the sentence's first word ("Plan A"), no article.
fn class_of<'w>(
    rules: &PeopleRules,
    w: &WordInfo,
    i: usize,
    word: impl Fn(usize) -> Option<&'w WordInfo>,
    inner_a: bool,
) -> Cls {
    // The keys of the phrase lexicons: as written, and in lower case.
    let exact = |j: usize| word(j).map(|w| w.exact);
    let folded = |j: usize| word(j).map(|w| w.folded);
    match w.det {
        Some(true) => return Cls::Det { definite: true },
        Some(false) if !inner_a => return Cls::Det { definite: false },
        _ => {}
    }
    if let Some((r, c)) = w.pronoun {
        return Cls::Pronoun(r, c);
    }
    if let Some((n, (kind, g))) = rules.titles.longest(folded, i) {
        // A lower-case honorific ("mr") is not one; titles may be either case.
        if kind != TitleKind::Honorific || w.capitalised {
            return Cls::Title(len_of(n), kind, g);
        }
    }
    if w.capitalised
        && let Some((n, k)) = rules.orgs.longest(exact, i)
    {
        return Cls::Org(len_of(n), k);
    }
    if w.org_head {
        return Cls::Head;
    }
    if let Some((n, class)) = rules.words.longest(exact, i) {
        return match class {
            WordClass::Place => Cls::Place(len_of(n)),
            WordClass::Demonym => Cls::Demonym,
            WordClass::Common => Cls::Common,
            WordClass::Particle => Cls::Particle,
            WordClass::Speech => Cls::Speech,
            WordClass::Credit => Cls::Credit,
            WordClass::Locative => Cls::Locative,
        };
    }
    if w.credit {
        return Cls::Credit;
    }
    match w.shape {
        Shape::Initials | Shape::Capitalised => Cls::NameWord,
        Shape::LongCaps => {
            let next_caps = word(i + 1).is_some_and(|n| n.all_caps);
            if next_caps { Cls::Acronym } else { Cls::Common }
        }
        Shape::Roman => Cls::Common,
        Shape::Acronym => Cls::Acronym,
        Shape::Lower => Cls::Lower,
    }
}

// ---------------------------------------------------------------------------------------
// Raw mentions: what the phrase reader finds, before clustering.

/// A title as read: where it ends, what it says.
#[derive(Debug, Clone)]
struct TitleChain {
    end: usize,
    gender: Option<Gender>,
    honorific: bool,
    /// The lexicon title it holds, in lower case ("foreign minister", "aide").
    head: String,
    /// Its "of" complement, as token range.
    of: Option<(usize, usize)>,
}

/// A mention as read; `'a` is the document's text, which a name's words borrow.
#[derive(Debug, Clone)]
enum RawKind<'a> {
    Name {
        words: Vec<&'a str>,
        /// A title, an honorific, a reporting verb or a full name says it is a person.
        strong: bool,
        /// An all-capital single word: a person in capitals or an acronym.
        acronym: bool,
    },
    Org {
        key: String,
        display: String,
        head: Option<String>,
        /// "the ministry": only points to an organisation already named.
        resolve_only: bool,
    },
    Role {
        head: String,
        /// As written, with its determiner or possessor ("the Kremlin aide").
        text: String,
        /// The title words alone ("Kremlin aide").
        title: String,
        possessor: Option<String>,
        gender: Option<Gender>,
        /// No determiner or possessor: valid only in apposition to a name.
        bare: bool,
        /// The last word of an "of" complement ("Latvia").
        of_word: Option<String>,
    },
    Pronoun(Referent, Case),
}

#[derive(Debug, Clone)]
struct Raw<'a> {
    span: Span,
    kind: RawKind<'a>,
    sentence: usize,
    /// May point to a known actor but never creates one (headline, place position, credit).
    link_only: bool,
    /// Next to a reporting verb ("X said", "according to X").
    speaker_like: bool,
    titles: Vec<String>,
    /// The lexicon titles of `titles` ("special representative"), for role nouns.
    title_heads: Vec<String>,
    affiliation: Option<String>,
    gender: Option<Gender>,
    /// The words used, when they are not the bare name ("President Obama").
    alias: Option<String>,
    /// Inside quotation marks.
    quoted: bool,
}

struct SentenceReader<'r, 'a> {
    text: &'a str,
    toks: &'r [Tok<'a>],
    cls: &'r [Cls],
    /// The tokens where a phrase may start.
    starts: &'r [usize],
    sentence: usize,
    link_only: bool,
    words: SentenceWords<'r, 'a>,
    out: &'r mut Vec<Raw<'a>>,
}

/// A Title Case line ("Trump Will Meet Putin Next Week") is a headline: its capitals say
/// nothing about names.
fn is_title_case(toks: &[Tok]) -> bool {
    // A sentence of prose ends with a stop; a headline or a link text does not.
    let ends_as_prose = toks
        .iter()
        .rev()
        .find(|t| !matches!(t.text, "\"" | "”" | "’" | "'" | ")" | "»"))
        .is_some_and(|t| matches!(t.text, "." | "!" | "?" | ":" | ";"));
    if ends_as_prose {
        return false;
    }
    let (mut long, mut capitalised) = (0, 0);
    for t in toks
        .iter()
        .filter(|t| t.word && t.text.chars().nth(3).is_some())
    {
        long += 1;
        capitalised += usize::from(is_capitalised(t.text));
    }
    long >= 4 && capitalised * 5 >= long * 4
}

impl<'r, 'a> SentenceReader<'r, 'a> {
    /// A reader of the sentence `words` whose classes are `classes`; it appends to `out`.
    fn new(
        text: &'a str,
        words: SentenceWords<'r, 'a>,
        classes: &'r Classes,
        sentence: usize,
        link_only: bool,
        out: &'r mut Vec<Raw<'a>>,
    ) -> Self {
        // Headline case also shows in common words capitalised mid-line ("Trump Will
        // Meet Putin in Alaska For Talks Next Week", a related-story link).
        let link_only = link_only || classes.capitalised_common >= 3 || is_title_case(words.toks);
        SentenceReader {
            text,
            toks: words.toks,
            cls: &classes.cls,
            starts: &classes.starts,
            sentence,
            link_only,
            words,
            out,
        }
    }

    /// Does the document write the word at `k` in lower case somewhere?
    fn written_lower(&self, k: usize) -> bool {
        self.words.word(k).is_some_and(|w| w.written_lower)
    }

    fn cls(&self, i: usize) -> Cls {
        self.cls.get(i).copied().unwrap_or(Cls::Punct)
    }

    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].span.start, self.toks[b - 1].span.end)
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        let s = self.span(a, b);
        &self.text[s.start..s.end]
    }

    #[inline(never)]
    /// Reads the phrases left to right: from each token where one may start and that no
    /// phrase read before covers.
    fn read(mut self) {
        let mut next = 0;
        for &i in self.starts {
            if i >= next {
                next = self.phrase(i).max(i + 1);
            }
        }
    }

    fn raw(&self, span: Span, kind: RawKind<'a>) -> Raw<'a> {
        Raw {
            span,
            kind,
            sentence: self.sentence,
            link_only: self.link_only,
            speaker_like: false,
            titles: Vec::new(),
            title_heads: Vec::new(),
            affiliation: None,
            gender: None,
            alias: None,
            quoted: false,
        }
    }

    /// The end of the name that starts at `j` (exclusive), or `j` when none does. A name is
    /// capitalised words, with particles between them ("Ursula von der Leyen"); it ends
    /// after a possessive.
    fn name_run(&self, j: usize) -> usize {
        let mut k = j;
        let caps = self.cls(j) == Cls::Acronym;
        while k < self.toks.len() && k - j < 5 {
            let c = self.cls(k);
            let fits = match c {
                Cls::NameWord => !caps,
                Cls::Acronym => caps,
                Cls::Particle => {
                    k > j && {
                        let mut n = k + 1;
                        while self.cls(n) == Cls::Particle {
                            n += 1;
                        }
                        self.cls(n) == Cls::NameWord
                    }
                }
                _ => false,
            };
            if !fits {
                break;
            }
            k += 1;
            if self.toks[k - 1].possessive {
                break;
            }
        }
        // A run of capitals is a name only with two words or more.
        if caps && k - j < 2 {
            return j;
        }
        k
    }

    /// The possessor that starts at `k`: the end (exclusive) of the run that ends with "'s".
    fn possessor_at(&self, k: usize) -> Option<usize> {
        let mut j = k;
        while j < self.toks.len() && j - k < 5 {
            let step = match self.cls(j) {
                Cls::NameWord | Cls::Acronym => 1,
                Cls::Particle if j > k => 1,
                Cls::Org(n, _) | Cls::Place(n) => usize::from(n),
                _ => return None,
            };
            let end = j + step;
            if self.toks[end - 1].possessive {
                return Some(end);
            }
            if (j + 1..end).any(|x| self.toks[x].possessive) {
                return None;
            }
            j = end;
        }
        None
    }

    /// The title chain at `m`: prefixes, a title, and an "of" complement ("Head of the
    /// President's Office", "Prime Minister of the United Kingdom"); `None` when no title
    /// starts there.
    fn title_chain(&self, m: usize) -> Option<TitleChain> {
        let mut k = m;
        loop {
            match self.cls(k) {
                Cls::Title(n, TitleKind::Prefix, _) => {
                    // A prefix counts only before a title ("deputy minister"), possibly
                    // with words of field between ("chief military spokesperson").
                    let n = usize::from(n);
                    let mut t = k + n;
                    while t < k + n + 2
                        && matches!(
                            self.cls(t),
                            Cls::Lower | Cls::Demonym | Cls::Org(1, _) | Cls::Place(1)
                        )
                        && !self.toks[t].possessive
                    {
                        t += 1;
                    }
                    if matches!(
                        self.cls(t),
                        Cls::Title(_, TitleKind::Title | TitleKind::Prefix, _)
                    ) {
                        k = t;
                    } else {
                        return None;
                    }
                }
                Cls::Title(n, TitleKind::Title, g) => {
                    let n = usize::from(n);
                    let mut head = (k, k + n);
                    let mut end = k + n;
                    let mut gender = g;
                    // Two titles in a row make one ("security adviser", "envoy general").
                    if let Cls::Title(n2, TitleKind::Title, g2) = self.cls(end)
                        && !self.toks[end - 1].possessive
                    {
                        head = (end, end + usize::from(n2));
                        end += usize::from(n2);
                        gender = gender.or(g2);
                    }
                    let head = lower_words(&self.toks[head.0..head.1]);
                    let of = if self.toks[end - 1].possessive {
                        None
                    } else {
                        self.of_complement(end)
                    };
                    return Some(TitleChain {
                        end: of.map_or(end, |(_, e)| e),
                        gender,
                        honorific: false,
                        head,
                        of,
                    });
                }
                Cls::Title(n, TitleKind::Honorific, g) => {
                    return Some(TitleChain {
                        end: k + usize::from(n),
                        gender: g,
                        honorific: true,
                        head: String::new(),
                        of: None,
                    });
                }
                _ => return None,
            }
        }
    }

    /// The capitalised complement after a title's "of" ("of the President's Office", "of
    /// Ukraine", "of the French Republic"): (its start after "of", its end). A run of
    /// unknown capitalised words is part of it only when an organisation word ends it
    /// ("of the Security Service"); otherwise it is the name that follows.
    fn of_complement(&self, end: usize) -> Option<(usize, usize)> {
        self.complement(end, &["of"], false)
    }

    /// A capitalised complement after one of `preps` ("Ministry of Foreign Affairs",
    /// "Commission on Presidential Debates"); see [`Self::of_complement`].
    fn complement(&self, end: usize, preps: &[&str], names_ok: bool) -> Option<(usize, usize)> {
        if self.toks.get(end).is_none_or(|t| !preps.contains(&t.text)) {
            return None;
        }
        let start = end + 1;
        let mut k = start;
        if self.cls(k) == (Cls::Det { definite: true }) {
            k += 1;
        }
        let mut any = false;
        while k < self.toks.len() && k - start < 8 {
            let cap = is_capitalised(self.toks[k].text);
            let step = match self.cls(k) {
                Cls::Place(n) | Cls::Org(n, _) => usize::from(n),
                Cls::Demonym | Cls::Acronym => 1,
                Cls::Head | Cls::Common if cap => 1,
                Cls::Title(n, _, _) if cap => usize::from(n),
                Cls::NameWord => {
                    // "of the Polish People's Party": a possessive inside is fine.
                    let mut j = k;
                    while self.cls(j) == Cls::NameWord {
                        j += 1;
                    }
                    let ends_in_org = matches!(self.cls(j), Cls::Head | Cls::Common)
                        && is_capitalised(self.toks[j].text);
                    if ends_in_org {
                        j + 1 - k
                    } else if names_ok {
                        j - k
                    } else {
                        break;
                    }
                }
                _ => break,
            };
            k += step;
            any = true;
            // "of the Security Service of Ukraine": complements chain.
            if self.toks.get(k).is_some_and(|t| t.text == "of") {
                let after_the = if self.toks.get(k + 1).is_some_and(|t| t.text == "the") {
                    k + 2
                } else {
                    k + 1
                };
                if self
                    .toks
                    .get(after_the)
                    .is_some_and(|t| is_capitalised(t.text))
                {
                    k = after_the;
                }
            }
        }
        // A lone "the" or a trailing "of" is not a complement.
        while k > start && matches!(self.toks[k - 1].text, "of" | "the") {
            k -= 1;
        }
        (any && k > start).then_some((start, k))
    }

    /// Is a name at `[a, b)` next to a reporting verb?
    fn speaker_like(&self, a: usize, b: usize) -> bool {
        // A possessor is not the speaker: "said Sinwar's appointment", "Putin's aide said".
        if b > a && self.toks[b - 1].possessive {
            return false;
        }
        let next = (b..self.toks.len()).find(|&k| self.toks[k].word);
        if next.is_some_and(|k| self.cls(k) == Cls::Speech)
            && b < self.toks.len()
            && self.toks[b].word
        {
            return true;
        }
        // The comma closing an apposition: "Rear Admiral Daniel Hagari, said".
        if self.toks.get(b).is_some_and(|t| t.text == ",")
            && self.toks.get(b + 1).is_some_and(|t| t.word)
            && self.cls(b + 1) == Cls::Speech
            && self.toks.get(b + 1).is_some_and(|t| t.text != "according")
        {
            return true;
        }
        if a >= 1 && self.toks[a - 1].word {
            // "said Law and Justice MP X": a name that runs on with "and"/"of" is not
            // the one the verb introduces.
            let runs_on = self.toks.get(b).is_some_and(|t| {
                matches!(t.text, "and" | "of" | "&")
                    && self.toks.get(b + 1).is_some_and(|n| is_capitalised(n.text))
            });
            if self.cls(a - 1) == Cls::Speech && !runs_on {
                return true;
            }
            if a >= 2
                && self.toks[a - 1].text.eq_ignore_ascii_case("to")
                && self.toks[a - 2].text.eq_ignore_ascii_case("according")
            {
                return true;
            }
        }
        false
    }

    /// Is the name at `[a, b)` staff rather than an actor: a photo credit ("Photo: Name",
    /// "Name/Agency"), a byline ("By Name"), an editor line?
    fn is_credit(&self, a: usize, b: usize) -> bool {
        let slash = |k: usize| {
            self.toks
                .get(k)
                .is_some_and(|t| t.text == "/" || t.text == "©")
        };
        if (a > 0 && slash(a - 1)) || slash(b) {
            return true;
        }
        let lo = a.saturating_sub(4);
        if (lo..a).any(|k| self.cls(k) == Cls::Credit) {
            return true;
        }
        if (b..(b + 2).min(self.toks.len())).any(|k| self.cls(k) == Cls::Credit) {
            return (b..self.toks.len()).all(|k| !self.toks[k].word || self.cls(k) == Cls::Credit);
        }
        a == 1 && self.toks[0].text == "By"
    }

    fn place_position(&self, a: usize) -> bool {
        let mut k = a;
        if k > 0 && self.cls(k - 1) == (Cls::Det { definite: true }) {
            k -= 1;
        }
        k > 0 && self.cls(k - 1) == Cls::Locative
    }

    fn emit_name(&mut self, a: usize, b: usize, mut strong: bool) -> Option<usize> {
        if a >= b || self.is_credit(a, b) {
            return None;
        }
        let words: Vec<&'a str> = self.toks[a..b].iter().map(|t| t.text).collect();
        let acronym = words.len() == 1 && self.cls(a) == Cls::Acronym;
        let speaker_like = self.speaker_like(a, b);
        strong |= speaker_like;
        // Capitalised phrases whose words the text also writes in lower case ("Social
        // Media", "Security Assurances") are not names unless a title or verb says so.
        let common_words = (a..b).filter(|&k| self.written_lower(k)).count();
        let last_common = self.written_lower(b - 1);
        let looks_common = common_words >= 2 || last_common;
        strong |= words.len() >= 2 && !looks_common;
        let mut raw = self.raw(
            self.span(a, b),
            RawKind::Name {
                words,
                strong,
                acronym,
            },
        );
        raw.speaker_like = speaker_like;
        // Capitalised words after "in"/"at" are places unless named as people elsewhere.
        raw.link_only |= self.place_position(a) || (looks_common && !strong);
        self.out.push(raw);
        Some(self.out.len() - 1)
    }

    fn emit_org(
        &mut self,
        a: usize,
        b: usize,
        key: String,
        display: String,
        head: Option<String>,
        resolve_only: bool,
    ) {
        if self.is_credit(a, b) {
            return;
        }
        let mut raw = self.raw(
            self.span(a, b),
            RawKind::Org {
                key,
                display,
                head,
                resolve_only,
            },
        );
        raw.speaker_like = self.speaker_like(a, b);
        self.out.push(raw);
    }

    /// An organisation from the lexicon at `k` ("Kremlin", "NATO").
    fn org_words(&self, k: usize, n: usize, kind: OrgKind) -> (String, String) {
        let name = self.slice(k, k + n).to_string();
        let display = match kind {
            OrgKind::The => format!("the {name}"),
            OrgKind::Bare => name.clone(),
        };
        (name.to_lowercase(), display)
    }

    /// Emits the possessor `[a, b)` as a mention; its display text.
    fn emit_possessor(&mut self, a: usize, b: usize, strong: bool) -> String {
        match self.cls(a) {
            Cls::Org(n, kind) if a + usize::from(n) == b => {
                let (key, display) = self.org_words(a, usize::from(n), kind);
                self.emit_org(a, b, key, display.clone(), None, false);
                display
            }
            Cls::Place(_) => self.slice(a, b).to_string(),
            _ => {
                self.emit_name(a, b, strong);
                self.slice(a, b).to_string()
            }
        }
    }

    /// Reads the phrase that starts at `i` (where something may start: see
    /// [`starts_nothing`]), emits its mentions; the index after it.
    #[inline(never)]
    fn phrase(&mut self, i: usize) -> usize {
        if let Cls::Pronoun(r, c) = self.cls(i) {
            let mut raw = self.raw(self.toks[i].span, RawKind::Pronoun(r, c));
            raw.speaker_like = self.speaker_like(i, i + 1);
            self.out.push(raw);
            return i + 1;
        }
        let mut k = i;
        let det = match self.cls(k) {
            Cls::Det { definite } => {
                k += 1;
                Some(definite)
            }
            _ => None,
        };
        let possessor = self.possessor_at(k).map(|end| (k, end));
        if let Some((_, end)) = possessor {
            k = end;
        }
        // Modifiers: organisations, places, demonyms and capitalised words before a title
        // or an organisation head ("Kremlin leader", "US delegation", "Foreign Ministry").
        let mods_start = k;
        let mut m = k;
        let mut mod_affiliation: Option<String> = None;
        while m < self.toks.len() && m - mods_start < 4 && !self.toks[m].possessive {
            match self.cls(m) {
                Cls::Org(n, kind) => {
                    let n = usize::from(n);
                    if mod_affiliation.is_none() {
                        mod_affiliation = Some(self.org_words(m, n, kind).1);
                    }
                    m += n;
                }
                Cls::Place(n) => {
                    let n = usize::from(n);
                    if mod_affiliation.is_none() {
                        mod_affiliation = Some(self.slice(m, m + n).to_string());
                    }
                    m += n;
                }
                Cls::Demonym | Cls::Acronym | Cls::NameWord => m += 1,
                _ => break,
            }
        }
        let phrase_start = i;
        if let Some(chain) = self.title_chain(m) {
            let (title_end, gender, honorific) = (chain.end, chain.gender, chain.honorific);
            let of_text = chain.of.map(|(a, b)| self.slice(a, b).to_string());
            // The last word of the complement ("Latvia" of "premier of Latvia") must fit
            // the holder a role noun resolves to.
            let of_word = chain.of.map(|(_, b)| self.toks[b - 1].text.to_string());
            let mod_affiliation = mod_affiliation.or(of_text);
            let honorific_only = honorific && m == i;
            if honorific && !honorific_only {
                // "the Mr" is nothing; read from the modifiers as a plain name instead.
            } else {
                let name_end = self.name_run(title_end);
                if name_end > title_end {
                    let affiliation = match possessor {
                        Some((a, b)) => Some(self.emit_possessor(a, b, true)),
                        None => mod_affiliation,
                    };
                    let idx = self.emit_name(title_end, name_end, true);
                    if let Some(idx) = idx {
                        let title = self.slice(mods_start, title_end).to_string();
                        let single = name_end - title_end == 1;
                        let name_text = self.slice(title_end, name_end).to_string();
                        let raw = &mut self.out[idx];
                        if honorific_only {
                            raw.alias = Some(format!("{title} {name_text}"));
                        } else {
                            raw.titles.push(title.clone());
                            raw.title_heads.push(chain.head.clone());
                            if single {
                                raw.alias =
                                    Some(format!("{} {name_text}", self_slice_last_title(&title)));
                            }
                        }
                        raw.affiliation = affiliation;
                        raw.gender = gender;
                    }
                    return name_end;
                }
                if !honorific && det != Some(false) {
                    // A role noun: "the Kremlin aide", "Putin's spokesman"; without a
                    // determiner ("Kremlin spokesman") it only describes a name next to it.
                    let bare = det.is_none() && possessor.is_none();
                    let possessor_text = possessor.map(|(a, b)| self.emit_possessor(a, b, true));
                    let head = chain.head.clone();
                    let start = if bare { mods_start } else { phrase_start };
                    let mut text = self.slice(start, title_end).to_string();
                    if let Some(rest) = text.strip_prefix("The ") {
                        text = format!("the {rest}");
                    }
                    let title = self.slice(mods_start, title_end).to_string();
                    let raw = self.raw(
                        self.span(start, title_end),
                        RawKind::Role {
                            head,
                            text,
                            title,
                            possessor: possessor_text.clone(),
                            gender,
                            bare,
                            of_word,
                        },
                    );
                    let speaker_like = self.speaker_like(start, title_end);
                    self.out.push(Raw {
                        speaker_like,
                        affiliation: possessor_text.or(mod_affiliation),
                        ..raw
                    });
                    return title_end;
                }
            }
        }
        // An organisation head ends the modifiers: "the US delegation", "Ukraine's Foreign
        // Ministry"; a title may follow ("Foreign Ministry spokesman Maria X").
        if m < self.toks.len() && self.cls(m) == Cls::Head {
            let head_cap = is_capitalised(self.toks[m].text);
            let has_mods = m > mods_start;
            if det.is_some() || possessor.is_some() || has_mods || head_cap {
                let org_start = possessor.map_or(mods_start, |(a, _)| a);
                let shown_start = if det == Some(true) && possessor.is_none() {
                    i
                } else {
                    org_start
                };
                // A capitalised head takes a complement: "Ministry of Foreign Affairs".
                let org_end = if head_cap {
                    self.complement(m + 1, &["of", "on", "for"], true)
                        .map_or(m + 1, |(_, e)| e)
                } else {
                    m + 1
                };
                if let Some(TitleChain {
                    end: title_end,
                    gender,
                    honorific: false,
                    head,
                    ..
                }) = self.title_chain(org_end)
                {
                    let name_end = self.name_run(title_end);
                    if name_end > title_end {
                        if let Some((a, b)) = possessor {
                            self.emit_possessor(a, b, false);
                        }
                        let affiliation = self.slice(shown_start, org_end).to_string();
                        let title = self.slice(mods_start, title_end).to_string();
                        if let Some(idx) = self.emit_name(title_end, name_end, true) {
                            let raw = &mut self.out[idx];
                            raw.titles.push(title);
                            raw.title_heads.push(head);
                            raw.affiliation = Some(affiliation);
                            raw.gender = gender;
                        }
                        return name_end;
                    }
                }
                if det == Some(false) {
                    return org_end;
                }
                let mut display = self.slice(shown_start, org_end).to_string();
                if let Some(rest) = display.strip_prefix("The ") {
                    display = format!("the {rest}");
                }
                let key = lower_words(&self.toks[org_start..org_end]);
                let resolve_only = !has_mods && possessor.is_none() && !head_cap;
                let head = Some(self.toks[m].text.to_lowercase());
                self.emit_org(shown_start, org_end, key, display, head, resolve_only);
                return org_end;
            }
        }
        if let Some((a, b)) = possessor {
            self.emit_possessor(a, b, false);
            return b;
        }
        match self.cls(k) {
            Cls::Org(n, kind) => {
                let n = usize::from(n);
                let (key, display) = self.org_words(k, n, kind);
                self.emit_org(k, k + n, key, display, None, false);
                k + n
            }
            Cls::Place(n) => k + usize::from(n),
            Cls::NameWord | Cls::Acronym => {
                let end = self.name_run(k);
                if end > k {
                    self.emit_name(k, end, false);
                    end
                } else {
                    if self.cls(k) == Cls::Acronym {
                        self.emit_name(k, k + 1, false);
                    }
                    k + 1
                }
            }
            _ => k + 1,
        }
    }
}

/// The title words a single surname is called by ("President" of "Kremlin President").
fn self_slice_last_title(title: &str) -> &str {
    title.split_whitespace().last().unwrap_or(title)
}

// ---------------------------------------------------------------------------------------
// Clustering and resolution

#[derive(Debug, Default)]
struct Entity<'a> {
    kind: PersonKind,
    /// A person's name words, borrowed from the text.
    words: Vec<&'a str>,
    name: String,
    titles: Vec<String>,
    /// The lexicon titles held ("foreign minister"), which role nouns match.
    title_heads: Vec<String>,
    affiliation: Option<String>,
    aliases: Vec<String>,
    gender: Option<Gender>,
    org_key: String,
    org_head: Option<String>,
    /// Byte offset of the latest mention so far.
    last_seen: usize,
}

impl Entity<'_> {
    fn add_title_head(&mut self, h: &str) {
        if !h.is_empty() && !self.title_heads.iter().any(|x| x == h) {
            self.title_heads.push(h.to_string());
        }
    }
    fn add_title(&mut self, t: &str) {
        if !t.is_empty() && !self.titles.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            self.titles.push(t.to_string());
        }
    }
    fn add_alias(&mut self, a: &str) {
        let a = a.trim();
        if !a.is_empty() && a != self.name && !self.aliases.iter().any(|x| x == a) {
            self.aliases.push(a.to_string());
        }
    }
    /// Does the person hold the role a role noun names? "the minister" is the foreign
    /// minister, but "the president" is not the vice president, nor "the minister" the
    /// prime minister.
    fn holds_title(&self, role: &str) -> bool {
        let role = spokes_root(role);
        self.title_heads.iter().any(|held| {
            let held = spokes_root(held);
            held == role
                || held.strip_suffix(role).is_some_and(|rank| {
                    rank.ends_with(' ') && !matches!(rank.trim(), "vice" | "prime" | "deputy prime")
                })
        })
    }
}

/// "spokesman", "spokeswoman" and "spokesperson" hold the same role.
fn spokes_root(w: &str) -> &str {
    if w.starts_with("spokes") { "spokes" } else { w }
}

fn same_name(a: &[&str], b: &[&str]) -> bool {
    let (Some(la), Some(lb)) = (a.last(), b.last()) else {
        return false;
    };
    if !la.eq_ignore_ascii_case(lb) {
        return false;
    }
    if a.len() == 1 || b.len() == 1 {
        return true;
    }
    let (fa, fb) = (a[0], b[0]);
    fa.eq_ignore_ascii_case(fb)
        || ((fa.chars().count() == 1 || fb.chars().count() == 1)
            && fa.chars().next().map(|c| c.to_lowercase().to_string())
                == fb.chars().next().map(|c| c.to_lowercase().to_string()))
}

struct Resolved {
    entity: usize,
    sentence: usize,
    speaker_like: bool,
    start: usize,
    /// Inside quotation marks: a speaker's words, not the narrator's.
    quoted: bool,
    /// A possessor ("Putin's"): never its clause's subject.
    possessive: bool,
    pronoun: bool,
}

impl Resolved {
    /// The sentence's grammatical subject, roughly: among its first words.
    fn is_subject(&self, doc: &Document) -> bool {
        doc.sentences.get(self.sentence).is_some_and(|s| {
            doc.text
                .get(s.span.start..self.start)
                .is_some_and(|before| before.split_whitespace().nth(3).is_none())
        })
    }
}

/// The stretches of text inside quotation marks, block by block, in order.
#[inline(never)]
fn quoted_ranges(doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, b) in doc.prose_blocks() {
        let text = doc.slice(b.span);
        let mut open: Option<(char, usize)> = None;
        // The bytes that may start a quotation mark: '"', and the lead bytes of '«' and
        // '»' (0xC2) and of '“', '”' and '„' (0xE2). A vectorised search skips the rest,
        // and this runs over every byte of the text.
        let marks = memchr::memchr3_iter(b'"', 0xC2, 0xE2, text.as_bytes());
        for (i, c) in marks.filter_map(|i| Some((i, char_at(text, i)?))) {
            match open {
                None => {
                    let opens = matches!(c, '“' | '«' | '„')
                        || (c == '"'
                            && text[..i]
                                .chars()
                                .next_back()
                                .is_none_or(|p| !p.is_alphanumeric()));
                    if opens {
                        open = Some((c, i));
                    }
                }
                Some((o, start)) => {
                    let closes = match o {
                        '«' => c == '»',
                        '„' => c == '“' || c == '”',
                        _ => c == '"' || c == '”',
                    };
                    if closes {
                        out.push(Span::new(b.span.start + start, b.span.start + i));
                        open = None;
                    }
                }
            }
        }
        // An unclosed quote runs to the end of its paragraph.
        if let Some((_, start)) = open {
            out.push(Span::new(b.span.start + start, b.span.end));
        }
    }
    out
}

/// For every role noun that stands in apposition to a name, separated by a comma only
/// ("Yuri Ushakov, Putin's aide", "the army spokesman, Daniel Levi"), that name's index.
#[inline(never)]
fn appositions(text: &str, raws: &[Raw]) -> Vec<Option<usize>> {
    let is_person_name = |r: &Raw| matches!(&r.kind, RawKind::Name { acronym: false, .. });
    // Only a comma between, and titles before the name ("spokesperson, Rear Admiral X").
    let comma_between = |a: Span, b: Span| {
        a.end <= b.start
            && text.get(a.end..b.start).is_some_and(|t| {
                t.trim_start().strip_prefix(',').is_some_and(|rest| {
                    rest.split_whitespace().count() <= 3
                        && rest
                            .chars()
                            .all(|c| c.is_alphabetic() || c.is_whitespace() || c == '.')
                })
            })
    };
    // An apposition closes: "Ushakov, Putin's aide, said" or ends the sentence. Without
    // that, "After meeting Putin, the aide said" would make Putin the aide.
    let closed = |s: Span| {
        text.get(s.end..)
            .map(|t| t.trim_start_matches([' ', '\u{a0}']))
            .is_none_or(|t| t.is_empty() || t.starts_with([',', '.', ';', ')', '\n', '—', '–']))
    };
    raws.iter()
        .enumerate()
        .map(|(ri, r)| {
            if !matches!(r.kind, RawKind::Role { .. }) {
                return None;
            }
            // The name just before, outside the role ("Putin" in "Putin's aide" is inside).
            let before = raws[..ri]
                .iter()
                .rposition(|x| x.span.end <= r.span.start)
                .filter(|&b| {
                    is_person_name(&raws[b])
                        && comma_between(raws[b].span, r.span)
                        && closed(r.span)
                });
            let after = raws
                .get(ri + 1)
                .filter(|x| is_person_name(x) && comma_between(r.span, x.span) && closed(x.span))
                .map(|_| ri + 1);
            before.or(after)
        })
        .collect()
}

/// Finds the people of a document.
///
/// Its steps (`tokenize`, `Words::new`, `classify`, `SentenceReader::read`,
/// `quoted_ranges`, `appositions`) are kept out of line: a profile then names each, and the
/// whole measured no slower for it.
pub fn find(doc: &Document, rules: &PeopleRules) -> People {
    // 1. Read every sentence once.
    // News text has a token every five to six bytes: room for all without regrowing.
    let mut toks: Vec<Tok> = Vec::with_capacity(doc.text.len() / 4 + 16);
    let mut sentence_ends: Vec<usize> = Vec::with_capacity(doc.sentences.len());
    for s in &doc.sentences {
        tokenize(&doc.text, s.span, &mut toks);
        sentence_ends.push(toks.len());
    }
    let words = Words::new(rules, &doc.text, &mut toks);
    // Mentions are seldom more than one in four tokens: room for all without regrowing.
    let mut raws: Vec<Raw> = Vec::with_capacity(toks.len() / 4 + 8);
    let mut classes = Classes::default();
    let mut start = 0;
    for (si, (s, &end)) in doc.sentences.iter().zip(&sentence_ends).enumerate() {
        let headline = doc
            .blocks
            .get(s.block)
            .is_some_and(|b| b.kind == BlockKind::Title);
        let sentence = SentenceWords::new(&toks, &words, start..end);
        start = end;
        classify(rules, sentence, &mut classes);
        SentenceReader::new(&doc.text, sentence, &classes, si, headline, &mut raws).read();
    }
    let broaden = |heads: &mut Vec<String>| {
        if heads.is_empty() {
            return;
        }
        let broader: Vec<String> = heads
            .iter()
            .filter_map(|h| rules.title_also.get(h))
            .flatten()
            .cloned()
            .collect();
        heads.extend(broader);
    };
    for raw in &mut raws {
        broaden(&mut raw.title_heads);
    }

    // 2. Full names make people; variants of one name are one person. Variants share
    // their last word, so only the persons of that surname are compared.
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_surname = BySurname::default();
    for raw in &raws {
        if let RawKind::Name { words, .. } = &raw.kind
            && let Some(last) = words.last()
            && words.len() >= 2
            && !raw.link_only
        {
            let same = by_surname
                .get(last)
                .iter()
                .copied()
                .find(|&e| entities.get(e).is_some_and(|e| same_name(&e.words, words)));
            match same.and_then(|e| entities.get_mut(e)) {
                Some(e) => {
                    if words.len() > e.words.len() {
                        e.words = words.clone();
                    }
                }
                None => {
                    let entity = Entity {
                        kind: PersonKind::Person,
                        words: words.clone(),
                        ..Entity::default()
                    };
                    by_surname.add(entities.len(), &entity);
                    entities.push(entity);
                }
            }
        }
    }
    let mut by_word = ByNameWord::default();
    for (i, e) in entities.iter_mut().enumerate() {
        e.name = e.words.join(" ");
        by_word.add(i, e);
    }

    // 3. Every mention in text order: names link, role nouns and pronouns resolve.
    let quoted = quoted_ranges(doc);
    // The first quote that ends after the mention: mentions come in text order, so it is
    // found by stepping on from the last one's.
    let (mut k, mut last_start) = (0, 0);
    for raw in &mut raws {
        let at = raw.span.start;
        if at < last_start {
            k = quoted.partition_point(|q| q.end <= at);
        }
        while quoted.get(k).is_some_and(|q| q.end <= at) {
            k += 1;
        }
        last_start = at;
        raw.quoted = quoted.get(k).is_some_and(|q| q.start <= at);
    }
    let described = appositions(&doc.text, &raws);
    let mut roles_of: Vec<Vec<usize>> = vec![Vec::new(); raws.len()];
    for (r, name) in described.iter().enumerate() {
        if let Some(n) = name {
            roles_of[*n].push(r);
        }
    }
    // About one resolved mention for each raw one: room for them without regrowing.
    let mut mentions: Vec<(Span, usize, MentionKind)> = Vec::with_capacity(raws.len());
    let mut discourse: Vec<Resolved> = Vec::with_capacity(raws.len());
    for (ri, raw) in raws.iter().enumerate() {
        let found = match &raw.kind {
            RawKind::Name {
                words,
                strong,
                acronym,
            } => {
                // A role in apposition gives the name its title and makes it a person (on
                // a copy: most names have none).
                let mut named = Cow::Borrowed(raw);
                for &r in &roles_of[ri] {
                    if let RawKind::Role {
                        title,
                        gender,
                        head,
                        ..
                    } = &raws[r].kind
                    {
                        let named = named.to_mut();
                        named.titles.push(title.clone());
                        let mut heads = vec![head.clone()];
                        broaden(&mut heads);
                        named.title_heads.extend(heads);
                        named.gender = named.gender.or(*gender);
                        if named.affiliation.is_none() {
                            named.affiliation = raws[r].affiliation.clone();
                        }
                    }
                }
                let strong = *strong || !roles_of[ri].is_empty();
                let e = link_name(
                    &mut entities,
                    &mut by_surname,
                    &mut by_word,
                    &named,
                    words,
                    strong,
                    *acronym,
                );
                if let Some(e) = e {
                    for &r in &roles_of[ri] {
                        if let RawKind::Role { text, bare, .. } = &raws[r].kind {
                            if !bare {
                                entities[e].add_alias(text);
                            }
                            mentions.push((raws[r].span, e, MentionKind::Role));
                        }
                    }
                }
                e.map(|e| (e, MentionKind::Name))
            }
            RawKind::Org {
                key,
                display,
                head,
                resolve_only,
            } => link_org(&mut entities, raw, key, display, head, *resolve_only)
                .map(|e| (e, MentionKind::Name)),
            RawKind::Role { .. } if described[ri].is_some() => None,
            RawKind::Role { bare: true, .. } => None,
            RawKind::Role {
                head,
                text,
                possessor,
                gender,
                of_word,
                ..
            } => {
                let fits_of = |e: &Entity| {
                    of_word.as_ref().is_none_or(|w| {
                        e.titles
                            .iter()
                            .chain(e.affiliation.iter())
                            .any(|t| t.contains(w.as_str()))
                    })
                };
                let found = entities
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| {
                        e.kind == PersonKind::Person
                            && e.holds_title(head)
                            && (gender.is_none() || e.gender.is_none() || e.gender == *gender)
                            && fits_of(e)
                    })
                    .max_by_key(|(_, e)| {
                        let owner = possessor.as_ref().is_some_and(|p| {
                            e.affiliation
                                .as_ref()
                                .is_some_and(|a| a.contains(p.as_str()))
                        });
                        (owner, e.last_seen)
                    })
                    .map(|(i, _)| i);
                if let Some(e) = found {
                    entities[e].add_alias(text);
                    if entities[e].gender.is_none() {
                        entities[e].gender = *gender;
                    }
                }
                found.map(|e| (e, MentionKind::Role))
            }
            RawKind::Pronoun(referent, case) => {
                // '"...," he said': the speaker of a quote is the last person named before
                // it, more often than the subject of the sentence the quote follows.
                let k = quoted.partition_point(|q| q.end <= raw.span.start);
                let after_quote = !raw.quoted
                    && raw.speaker_like
                    && k > 0
                    && doc
                        .text
                        .get(quoted[k - 1].end..raw.span.start)
                        .is_some_and(|t| {
                            t.chars()
                                .all(|c| c.is_whitespace() || ",\"”»'’—–-".contains(c))
                        });
                resolve_pronoun(
                    doc,
                    &entities,
                    &discourse,
                    raw,
                    *referent,
                    *case,
                    after_quote,
                )
                .map(|e| (e, MentionKind::Pronoun))
            }
        };
        let Some((e, kind)) = found else { continue };
        if let RawKind::Pronoun(r, _) = raw.kind
            && entities[e].gender.is_none()
        {
            entities[e].gender = match r {
                Referent::Male => Some(Gender::Male),
                Referent::Female => Some(Gender::Female),
                Referent::Group => None,
            };
        }
        entities[e].last_seen = raw.span.start;
        mentions.push((raw.span, e, kind));
        discourse.push(Resolved {
            entity: e,
            sentence: raw.sentence,
            speaker_like: raw.speaker_like || roles_of[ri].iter().any(|&r| raws[r].speaker_like),
            start: raw.span.start,
            quoted: raw.quoted,
            possessive: doc
                .text
                .get(raw.span.end..)
                .is_some_and(|t| t.starts_with("'s") || t.starts_with("’s"))
                || matches!(raw.kind, RawKind::Pronoun(_, Case::Possessive)),
            pronoun: matches!(raw.kind, RawKind::Pronoun(..)),
        });
    }

    // A news lede often names the role before the person ("Ireland's premier has
    // pledged ... Taoiseach Leo Varadkar said"): a definite role noun nobody held yet
    // goes to the first person named with that role in the next two sentences.
    let mut resolved_at: Vec<Span> = mentions.iter().map(|(s, _, _)| *s).collect();
    resolved_at.sort_unstable_by_key(|s| (s.start, s.end));
    let mut named_after: Vec<(usize, usize)> = Vec::new(); // (sentence, entity)
    for (span, e, kind) in &mentions {
        if *kind == MentionKind::Name
            && let Some(si) = doc.sentence_at(span.start)
        {
            named_after.push((si, *e));
        }
    }
    named_after.sort_unstable();
    let mut cataphora = Vec::new();
    for raw in &raws {
        let RawKind::Role {
            head,
            bare: false,
            of_word,
            ..
        } = &raw.kind
        else {
            continue;
        };
        let resolved = resolved_at
            .binary_search_by_key(&(raw.span.start, raw.span.end), |s| (s.start, s.end))
            .is_ok();
        if resolved || of_word.is_some() {
            continue;
        }
        let from = named_after.partition_point(|(si, _)| *si <= raw.sentence);
        let later = named_after[from..]
            .iter()
            .take_while(|(si, _)| *si <= raw.sentence + 2)
            .find(|(_, e)| {
                entities[*e].kind == PersonKind::Person && entities[*e].holds_title(head)
            });
        if let Some(&(_, e)) = later {
            cataphora.push((raw.span, e, MentionKind::Role));
        }
    }
    mentions.extend(cataphora);

    // 4. Ids in order of first mention.
    let mut first: Vec<Option<usize>> = vec![None; entities.len()];
    for (span, e, _) in &mentions {
        let f = &mut first[*e];
        if f.is_none_or(|x| span.start < x) {
            *f = Some(span.start);
        }
    }
    let mut order: Vec<usize> = (0..entities.len())
        .filter(|&e| first[e].is_some())
        .collect();
    order.sort_by_key(|&e| first[e]);
    let mut new_index = vec![usize::MAX; entities.len()];
    for (n, &e) in order.iter().enumerate() {
        new_index[e] = n;
    }
    let mut persons: Vec<Person> = order
        .iter()
        .enumerate()
        .map(|(n, &e)| {
            // Each entity becomes one person: its strings move over.
            let ent = &mut entities[e];
            let mut aliases = std::mem::take(&mut ent.aliases);
            if ent.kind == PersonKind::Person && ent.words.len() >= 2 {
                let surname = ent.words.last().map(|w| w.to_string()).unwrap_or_default();
                if !aliases.contains(&surname) {
                    aliases.insert(0, surname);
                }
            }
            Person {
                id: crate::record::numbered_id("p", n + 1),
                kind: ent.kind,
                name: std::mem::take(&mut ent.name),
                titles: std::mem::take(&mut ent.titles),
                affiliation: ent.affiliation.take(),
                aliases,
                mentions: Vec::new(),
            }
        })
        .collect();
    mentions.sort_by_key(|(s, _, _)| (s.start, s.end));
    mentions.dedup_by_key(|(s, _, _)| *s);
    let mentions: Vec<Mention> = mentions
        .into_iter()
        .map(|(span, e, kind)| Mention {
            span,
            person: new_index[e],
            kind,
        })
        .collect();
    let mut counts = vec![0; persons.len()];
    for m in &mentions {
        counts[m.person] += 1;
    }
    for (p, n) in persons.iter_mut().zip(counts) {
        p.mentions.reserve_exact(n);
    }
    // Mentions are in text order, so their code-point offsets are counted on one from the next.
    let mut offsets = doc.char_cursor();
    for m in &mentions {
        persons[m.person].mentions.push(offsets.span(m.span));
    }
    People {
        persons,
        mentions,
        index: OnceLock::new(),
    }
}

/// The persons among the entities by the key of the ASCII lower case of their last name
/// word ([`word_hash_lower`]), in order of creation: without it, every name was compared
/// with every person.
#[derive(Debug, Default)]
struct BySurname(FxHashMap<u64, Vec<usize>>);

impl BySurname {
    fn add(&mut self, e: usize, entity: &Entity) {
        if entity.kind == PersonKind::Person
            && let Some(last) = entity.words.last()
        {
            let key = word_hash_lower(last.as_bytes());
            self.0.entry(key).or_default().push(e);
        }
    }

    /// The persons whose last name word may be `w`, ignoring ASCII case: a long word's
    /// key is a hash, which another word may share.
    fn get(&self, w: &str) -> &[usize] {
        let key = word_hash_lower(w.as_bytes());
        self.0.get(&key).map_or(&[], Vec::as_slice)
    }
}

/// The name words of the persons of two name words or more, as the key of their ASCII
/// lower case ([`word_hash_lower`]) and the person, in order of creation: a one-word name
/// no surname matches runs over these keys, where it compared every word of every entity.
/// A flat list: a document has a few dozen persons, and a map of lists cost more to fill
/// than the scans it saved.
#[derive(Debug, Default)]
struct ByNameWord(Vec<(u64, usize)>);

impl ByNameWord {
    /// Adds the words of the entity `e`, once they are final and after every entity
    /// before it.
    fn add(&mut self, e: usize, entity: &Entity) {
        if entity.kind != PersonKind::Person || entity.words.len() < 2 {
            return;
        }
        (self.0).extend(
            entity
                .words
                .iter()
                .map(|w| (word_hash_lower(w.as_bytes()), e)),
        );
    }

    /// The persons, in ascending order, one of whose name words may be `w`, ignoring
    /// ASCII case (a long word's key is a hash, which another word may share); a name
    /// that repeats a word comes twice in a row.
    fn get(&self, w: &str) -> impl Iterator<Item = usize> + '_ {
        let key = word_hash_lower(w.as_bytes());
        (self.0.iter()).filter_map(move |&(k, e)| (k == key).then_some(e))
    }
}

fn link_name<'a>(
    entities: &mut Vec<Entity<'a>>,
    by_surname: &mut BySurname,
    by_word: &mut ByNameWord,
    raw: &Raw,
    words: &[&'a str],
    strong: bool,
    acronym: bool,
) -> Option<usize> {
    let last = words.last().copied().unwrap_or("");
    let same_surname = by_surname
        .get(last)
        .iter()
        .filter_map(|&i| Some((i, entities.get(i)?)))
        // Equal keys of short words are equal words; `same_name` compares the rest.
        .filter(|(_, e)| {
            last.len() <= PACKED
                || words.len() >= 2
                || e.words.last().is_some_and(|l| l.eq_ignore_ascii_case(last))
        });
    let found = if words.len() >= 2 {
        same_surname
            .filter(|(_, e)| same_name(&e.words, words))
            .max_by_key(|(_, e)| (e.words.len() == words.len(), e.last_seen))
            .map(|(i, _)| i)
    } else {
        let w = words[0];
        same_surname
            .max_by_key(|(_, e)| e.last_seen)
            .or_else(|| {
                (by_word.get(w))
                    .filter_map(|i| Some((i, entities.get(i)?)))
                    .filter(|(_, e)| {
                        e.words.len() >= 2 && e.words.iter().any(|l| l.eq_ignore_ascii_case(w))
                    })
                    .max_by_key(|(_, e)| e.last_seen)
            })
            .map(|(i, _)| i)
    };
    let e = match found {
        Some(e) => e,
        None if raw.link_only => return None,
        None if acronym => {
            let key = words[0].to_lowercase();
            let display = words[0].to_string();
            return link_org(entities, raw, &key, &display, &None, false);
        }
        None if strong => {
            let entity = Entity {
                kind: PersonKind::Person,
                words: words.to_vec(),
                name: words.join(" "),
                ..Entity::default()
            };
            by_surname.add(entities.len(), &entity);
            by_word.add(entities.len(), &entity);
            entities.push(entity);
            entities.len() - 1
        }
        None => return None,
    };
    let ent = &mut entities[e];
    for t in &raw.titles {
        ent.add_title(t);
    }
    for h in &raw.title_heads {
        ent.add_title_head(h);
    }
    if ent.affiliation.is_none() {
        ent.affiliation = raw.affiliation.clone();
    }
    if ent.gender.is_none() {
        ent.gender = raw.gender;
    }
    // Most mentions are one word: no joined copy for those.
    let surface = match words {
        [w] => Cow::Borrowed(*w),
        _ => Cow::Owned(words.join(" ")),
    };
    ent.add_alias(&surface);
    if let Some(a) = &raw.alias {
        ent.add_alias(a);
    }
    Some(e)
}

fn link_org(
    entities: &mut Vec<Entity>,
    raw: &Raw,
    key: &str,
    display: &str,
    head: &Option<String>,
    resolve_only: bool,
) -> Option<usize> {
    let orgs = || {
        entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == PersonKind::Organization)
    };
    let found = if resolve_only {
        orgs()
            .filter(|(_, e)| e.org_head.is_some() && e.org_head == *head)
            .max_by_key(|(_, e)| e.last_seen)
            .map(|(i, _)| i)
    } else {
        orgs()
            .find(|(_, e)| {
                e.org_key == key
                    || (key.len() > 3
                        && (e.org_key.strip_suffix(key)).is_some_and(|rest| rest.ends_with(' ')))
            })
            .map(|(i, _)| i)
    };
    match found {
        Some(e) => {
            entities[e].add_alias(display);
            Some(e)
        }
        None if resolve_only || raw.link_only => None,
        None => {
            entities.push(Entity {
                kind: PersonKind::Organization,
                name: display.to_string(),
                org_key: key.to_string(),
                org_head: head.clone(),
                ..Entity::default()
            });
            Some(entities.len() - 1)
        }
    }
}

/// The person a pronoun points to: the subject or the speaker of its own sentence if it
/// is a possessive or subject pronoun after them, else of the latest sentence that names
/// someone compatible (gender for he/she, organisations for they/it).
fn resolve_pronoun(
    doc: &Document,
    entities: &[Entity],
    discourse: &[Resolved],
    raw: &Raw,
    referent: Referent,
    case: Case,
    after_quote: bool,
) -> Option<usize> {
    let compatible = |e: usize| {
        let ent = &entities[e];
        match referent {
            Referent::Male => ent.kind == PersonKind::Person && ent.gender != Some(Gender::Female),
            Referent::Female => ent.kind == PersonKind::Person && ent.gender != Some(Gender::Male),
            Referent::Group => ent.kind == PersonKind::Organization,
        }
    };
    let reach = if referent == Referent::Group { 1 } else { 4 };
    let pick = |cands: &[&Resolved], same_sentence: bool| -> Option<usize> {
        let first = cands.first()?;
        // In one sentence, the quote is most likely by the last person named before it
        // ("X, chairman of Y, greeted the crowd: "...," he said").
        if after_quote
            && same_sentence
            && let Some(r) = cands.iter().rev().find(|r| !r.possessive && !r.pronoun)
        {
            return Some(r.entity);
        }
        if same_sentence && case == Case::Object {
            // "Putin met Trump and told him": an object pronoun is not its clause's subject.
            return cands
                .last()
                .filter(|r| r.entity != first.entity)
                .or(Some(first))
                .map(|r| r.entity);
        }
        cands
            .iter()
            .find(|r| r.speaker_like)
            .or_else(|| cands.iter().find(|r| !r.possessive))
            .or(Some(first))
            .map(|r| r.entity)
    };
    // '"...," he said' takes up the last speaker when the sentences between name nobody
    // who speaks (a caption, a background sentence about someone else).
    let seeks_speaker = raw.speaker_like && !raw.quoted && referent != Referent::Group;
    let speaker_reach = 6;
    let mut fallback: Option<usize> = None;
    let mut sentence = raw.sentence;
    loop {
        // The discourse is in text order: only its tail can be this near.
        let from = discourse.partition_point(|r| r.sentence < sentence);
        let cands: Vec<&Resolved> = discourse[from..]
            .iter()
            .take_while(|r| r.sentence == sentence)
            .filter(|r| {
                r.sentence == sentence
                    && r.start < raw.span.start
                    && (raw.quoted || !r.quoted)
                    && compatible(r.entity)
            })
            .collect();
        let same = sentence == raw.sentence;
        if !cands.is_empty() {
            if !seeks_speaker || same {
                return pick(&cands, same);
            }
            if let Some(r) = cands.iter().find(|r| r.speaker_like) {
                return Some(r.entity);
            }
            // The nearest sentence whose subject is a person settles it ("Morrison was
            // the third witness ... He said"); a name further in (a caption, an object)
            // does not.
            if fallback.is_none()
                && let Some(r) = cands.iter().find(|r| !r.possessive && r.is_subject(doc))
            {
                return Some(r.entity);
            }
            fallback = fallback.or_else(|| pick(&cands, false));
        }
        let limit = if seeks_speaker { speaker_reach } else { reach };
        if sentence == 0 || raw.sentence - sentence >= limit {
            return fallback;
        }
        sentence -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text;
    use crate::rules::Rules;

    fn doc(text: &str) -> Document {
        let rules = Rules::defaults();
        let (t, blocks, meta) = text::parse(text, &rules.furniture);
        Document::new(t, blocks, meta, &rules.sentences)
    }

    fn people(d: &Document) -> People {
        find(d, &Rules::defaults().people)
    }

    fn person<'a>(p: &'a People, name: &str) -> &'a Person {
        p.persons
            .iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:#?}", p.persons))
    }

    fn who(p: &People, d: &Document, words: &str, nth: usize) -> Option<String> {
        let start = d.text.match_indices(words).nth(nth)?.0;
        let i = p.resolve(d, Span::new(start, start + words.len()))?;
        Some(p.persons[i].name.clone())
    }

    const STORY: &str = "Talks in Geneva\n\n\
        On Monday, Kremlin leader Vladimir Putin received Trump's special envoy Steve Witkoff \
        and Putin's aide Yuri Ushakov said the talks were useful.\n\n\
        \"We made progress,\" the Kremlin aide told reporters. He added that Ushakov's team \
        would meet again.\n\n\
        Foreign Minister Anna Kowalska said she was hopeful. The minister called the meeting \
        frank.\n";

    #[test]
    fn names_with_titles_and_possessives() {
        let d = doc(STORY);
        let p = people(&d);
        let putin = person(&p, "Vladimir Putin");
        assert_eq!(putin.titles, vec!["Kremlin leader"]);
        assert_eq!(putin.affiliation.as_deref(), Some("the Kremlin"));
        let witkoff = person(&p, "Steve Witkoff");
        assert_eq!(witkoff.titles, vec!["special envoy"]);
        assert_eq!(witkoff.affiliation.as_deref(), Some("Trump"));
        let ushakov = person(&p, "Yuri Ushakov");
        assert_eq!(ushakov.titles, vec!["aide"]);
        assert_eq!(ushakov.affiliation.as_deref(), Some("Putin"));
        assert!(ushakov.aliases.contains(&"Ushakov".to_string()));
        assert_eq!(person(&p, "Anna Kowalska").titles, vec!["Foreign Minister"]);
        // Ids follow first mention; "Trump" is an actor through his envoy.
        let ids: Vec<&str> = p.persons.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            &ids[..4],
            &["Vladimir Putin", "Trump", "Steve Witkoff", "Yuri Ushakov"]
        );
        assert!(
            !ids.iter()
                .any(|n| n.contains("Geneva") || n.contains("Monday"))
        );
    }

    #[test]
    fn surnames_roles_and_pronouns_resolve() {
        let d = doc(STORY);
        let p = people(&d);
        assert_eq!(
            who(&p, &d, "the Kremlin aide", 0).as_deref(),
            Some("Yuri Ushakov")
        );
        assert_eq!(who(&p, &d, "He", 0).as_deref(), Some("Yuri Ushakov"));
        assert_eq!(
            who(&p, &d, "Ushakov's team", 0).as_deref(),
            Some("Yuri Ushakov")
        );
        assert_eq!(who(&p, &d, "she", 0).as_deref(), Some("Anna Kowalska"));
        assert_eq!(
            who(&p, &d, "The minister", 0).as_deref(),
            Some("Anna Kowalska")
        );
        assert_eq!(
            who(&p, &d, "Putin's aide Yuri Ushakov", 0).as_deref(),
            Some("Yuri Ushakov")
        );
        let ushakov = person(&p, "Yuri Ushakov");
        assert!(ushakov.aliases.contains(&"the Kremlin aide".to_string()));
    }

    #[test]
    fn pronoun_takes_the_latest_compatible_person() {
        let d = doc(
            "Prime Minister Sofia Marin met Chancellor Otto Brandt in Berlin. \
             She said the talks were hard.\n\n\
             Mr Brandt later spoke to reporters. He said the sides were close.\n",
        );
        let p = people(&d);
        assert_eq!(who(&p, &d, "She", 0).as_deref(), Some("Sofia Marin"));
        assert_eq!(who(&p, &d, "He", 0).as_deref(), Some("Otto Brandt"));
        assert!(
            person(&p, "Otto Brandt")
                .aliases
                .contains(&"Mr Brandt".to_string())
        );
        assert!(!p.persons.iter().any(|x| x.name == "Berlin"));
        // A quote's speaker is the last person named before it.
        let d = doc(
            "Minister Karl Weber welcomed Chancellor Otto Brandt, who spoke first: \
             \"We are ready,\" he said.\n",
        );
        let p = people(&d);
        assert_eq!(who(&p, &d, "he said", 0).as_deref(), Some("Otto Brandt"));
        // A quote after a digression is the last speaker's.
        let d = doc("Analyst Maria Stone said the envoy had little room.\n\n\
             Envoy Tom Hale spent ten years in the region.\n\n\
             \"He knows every faction there,\" she said.\n\n\
             Analyst Paul Gray said the talks would drag on. The plane of envoy Tom Hale \
             landed on Monday. \"He will need patience,\" he added.\n");
        let p = people(&d);
        assert_eq!(who(&p, &d, "she said", 0).as_deref(), Some("Maria Stone"));
        assert_eq!(who(&p, &d, "he added", 0).as_deref(), Some("Paul Gray"));
        // ... but a subject in between is the one taken up.
        let d = doc("Analyst Paul Gray said the talks would drag on.\n\n\
             Envoy Tom Hale was the third official to arrive on Monday. \
             He said the mood was calm.\n");
        let p = people(&d);
        assert_eq!(who(&p, &d, "He said", 0).as_deref(), Some("Tom Hale"));
        // A possessor is not the subject a later pronoun takes up.
        let d = doc(
            "Before Jan Nowak's speech, Mayor Piotr Lis greeted the crowd and \
             \"Welcome to all,\" he said.\n",
        );
        let p = people(&d);
        assert_eq!(who(&p, &d, "he said", 0).as_deref(), Some("Piotr Lis"));
    }

    #[test]
    fn photographers_and_bylines_are_not_actors() {
        let d = doc("President Lena Ortiz arrived in Madrid on Tuesday.\n\n\
             Ortiz at the summit. Photo: Carlos Ruiz/Agency\n\n\
             By Mark Jensen\n");
        let p = people(&d);
        let names: Vec<&str> = p.persons.iter().map(|x| x.name.as_str()).collect();
        assert!(names.contains(&"Lena Ortiz"), "{names:?}");
        assert!(
            !names
                .iter()
                .any(|n| n.contains("Ruiz") || n.contains("Jensen")),
            "{names:?}"
        );
        assert!(!names.contains(&"Madrid"));
    }

    #[test]
    fn organisations_are_actors() {
        let d = doc(
            "The Kremlin said on Friday that the US delegation would arrive. \
             Ukraine's Foreign Ministry welcomed the news, and NATO said it would watch. \
             The delegation left later.\n",
        );
        let p = people(&d);
        let orgs: Vec<&str> = p
            .persons
            .iter()
            .filter(|x| x.kind == PersonKind::Organization)
            .map(|x| x.name.as_str())
            .collect();
        assert_eq!(
            orgs,
            vec![
                "the Kremlin",
                "the US delegation",
                "Ukraine's Foreign Ministry",
                "NATO"
            ]
        );
        assert_eq!(who(&p, &d, "it", 0).as_deref(), Some("NATO"));
        let d2 = doc(
            "The Ministry of Foreign Affairs of Ukraine protested, and the \
             nonpartisan Commission on Presidential Debates said it would review the rules.\n",
        );
        let p2 = people(&d2);
        let orgs: Vec<&str> = p2.persons.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            orgs,
            vec![
                "the Ministry of Foreign Affairs of Ukraine",
                "Commission on Presidential Debates"
            ]
        );
        assert_eq!(
            who(&p, &d, "The delegation", 0).as_deref(),
            Some("the US delegation")
        );
    }

    #[test]
    fn particles_hyphens_and_capitals_make_one_name() {
        let d = doc("European Commission President Ursula von der Leyen met \
             Bashar al-Assad's envoy. Later, JOHN SMITH spoke. Smith said little.\n");
        let p = people(&d);
        let names: Vec<&str> = p.persons.iter().map(|x| x.name.as_str()).collect();
        assert!(names.contains(&"Ursula von der Leyen"), "{names:?}");
        assert!(names.contains(&"Bashar al-Assad"), "{names:?}");
        assert!(names.contains(&"JOHN SMITH"), "{names:?}");
        assert_eq!(
            person(&p, "Ursula von der Leyen").affiliation.as_deref(),
            Some("the European Commission")
        );
        assert_eq!(who(&p, &d, "Smith said", 0).as_deref(), Some("JOHN SMITH"));
    }

    #[test]
    fn appositions_give_titles_and_resolve_roles() {
        let d = doc(
            "Talks resumed after Marta Kral, the EU's chief trade negotiator, arrived. \
             The country's top military spokesman, Colonel Ivan Petrenko, said the front held. \
             After meeting Kral, the negotiator said little.\n",
        );
        let p = people(&d);
        let kral = person(&p, "Marta Kral");
        assert_eq!(kral.titles, vec!["chief trade negotiator"]);
        assert_eq!(kral.affiliation.as_deref(), Some("the EU"));
        let petrenko = person(&p, "Ivan Petrenko");
        assert!(
            petrenko
                .titles
                .contains(&"top military spokesman".to_string()),
            "{petrenko:?}"
        );
        assert_eq!(
            who(&p, &d, "The country's top military spokesman", 0).as_deref(),
            Some("Ivan Petrenko")
        );
        // Not an apposition: the role starts a new clause after an introductory phrase;
        // the role noun still resolves by its title.
        assert_eq!(
            who(&p, &d, "the negotiator", 0).as_deref(),
            Some("Marta Kral")
        );
    }

    #[test]
    fn names_inside_a_quote_are_not_the_speaker_pronoun() {
        let d = doc(
            "Defence Minister Omar Haddad said Nassar's offer was empty.\n\n\
             \"There is no deal with Karim Nassar, and there will be none,\" he told reporters.\n",
        );
        let p = people(&d);
        assert_eq!(who(&p, &d, "he told", 0).as_deref(), Some("Omar Haddad"));
        // An apposition's closing comma does not hide the speaker from a later quote.
        let d = doc("Analyst Paul Gray said the talks would drag on.\n\n\
             On Friday, the army's spokesman, Colonel Dan Rook, said the front was quiet.\n\n\
             \"We hold every position,\" he told reporters.\n");
        let p = people(&d);
        assert_eq!(who(&p, &d, "he told", 0).as_deref(), Some("Dan Rook"));
    }

    #[test]
    fn a_phrase_resolves_to_its_head_name() {
        let d = doc("Law and Justice MP Adam Nowicki said the vote would pass.\n");
        let p = people(&d);
        assert_eq!(
            who(&p, &d, "Law and Justice MP Adam Nowicki", 0).as_deref(),
            Some("Adam Nowicki")
        );
    }

    #[test]
    fn titles_with_of_and_ranks_that_differ() {
        let d = doc("Head of the Presidential Office Petro Savchuk met \
             Vice President Laura Quinn and President of Moldova Ion Rusu in Kyiv. \
             The Head of the Presidential Office said the talks went well. \
             The President thanked the guests.\n");
        let p = people(&d);
        let savchuk = person(&p, "Petro Savchuk");
        assert_eq!(savchuk.titles, vec!["Head of the Presidential Office"]);
        assert_eq!(
            savchuk.affiliation.as_deref(),
            Some("the Presidential Office")
        );
        assert_eq!(
            person(&p, "Ion Rusu").affiliation.as_deref(),
            Some("Moldova")
        );
        let d2 = doc("Head of the Office of the President of Ukraine Oleh Bondar spoke.\n");
        let p2 = people(&d2);
        assert_eq!(
            person(&p2, "Oleh Bondar").titles,
            vec!["Head of the Office of the President of Ukraine"]
        );
        assert_eq!(
            who(&p, &d, "The Head of the Presidential Office", 0).as_deref(),
            Some("Petro Savchuk")
        );
        // The vice president is not "the President".
        assert_eq!(who(&p, &d, "The President", 0).as_deref(), Some("Ion Rusu"));
        // A broader role noun from the rules: a president is a leader.
        let d3 = doc(
            "Russian President Oleg Sorin met the envoys. The Russian leader said \
             little, and Prime Minister Ana Vos called the premier of Latvia.\n",
        );
        let p3 = people(&d3);
        assert_eq!(
            who(&p3, &d3, "The Russian leader", 0).as_deref(),
            Some("Oleg Sorin")
        );
        // A lede names the role first and the person after.
        let d4 = doc("Ireland's premier has pledged more support. \
             Taoiseach Mary Boyle said so in Kyiv on Wednesday.\n");
        let p4 = people(&d4);
        assert_eq!(
            who(&p4, &d4, "Ireland's premier", 0).as_deref(),
            Some("Mary Boyle")
        );
        // ... but the premier of another country is someone else.
        assert_eq!(who(&p3, &d3, "the premier of Latvia", 0), None);
    }

    #[test]
    fn sentences_run_together_do_not_join_names() {
        let d = doc(
            "The crowd cheered the party leader.Marek Zielinski, the mayor, spoke first. \
             The U.S. envoy Dan Frey listened.\n",
        );
        let p = people(&d);
        let names: Vec<&str> = p.persons.iter().map(|x| x.name.as_str()).collect();
        assert!(names.contains(&"Marek Zielinski"), "{names:?}");
        assert_eq!(person(&p, "Dan Frey").titles, vec!["U.S. envoy"]);
    }

    #[test]
    fn headline_names_only_link() {
        let d = doc("Peace Hopes Rise As Envoy Visits\n\nEnvoy Mark Lowry arrived on Sunday.\n");
        let p = people(&d);
        let names: Vec<&str> = p.persons.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, vec!["Mark Lowry"]);
    }

    #[test]
    fn keys_flags_and_ids_agree_with_the_plain_versions() {
        let text = "Putin's aide, al-Assad. U.S. “Ушаков” a-b x ABCDEFG@[Z`{ ÀÉ";
        for (start, _) in text.char_indices() {
            for len in 1..=9 {
                let Some(word) = text.get(start..start + len) else {
                    continue;
                };
                let h = word_hash(word.as_bytes());
                assert_eq!(word_hash_at(text.as_bytes(), start, len), h, "{word:?}");
                let flags = word.bytes().fold(0, |f, b| f | BYTE_FLAGS[usize::from(b)]);
                assert_eq!(word_flags(word, h), flags, "{word:?}");
                let lower = word_hash(word.to_ascii_lowercase().as_bytes());
                assert_eq!(word_hash_lower(word.as_bytes()), lower, "{word:?}");
                if len <= PACKED {
                    assert_eq!(ascii_lower8(h), lower, "{word:?}");
                }
            }
        }
        // Words of every length up to 20 bytes, equal and differing at each byte.
        let long = "abcdefghijklmnopqrst";
        for n in 0..=long.len() {
            let a = &long[..n];
            assert!(same_bytes(a, a), "{a:?}");
            assert!(!same_bytes(a, &long[..n.saturating_sub(1)]) || n == 0);
            for k in 0..n {
                let mut b = a.to_string().into_bytes();
                b[k] = b'Z';
                let b = String::from_utf8(b).unwrap_or_default();
                assert!(!same_bytes(a, &b), "{a:?} {b:?}");
            }
        }
    }
}
