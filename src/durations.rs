//! Durations: every expression of a length of time ("five hours", "five-hour", "more than
//! eight hours", "several hours", "an hour and a half"), valued as TimeML does (PT5H,
//! PT1H30M, PTXH), with modifier, approximation and negation ("did not last five minutes").
//!
//! Takes the document; gives the `durations` of the record, ids "t1", "t2", ... in text
//! order (meetings link them later). Each sentence is cut into tokens once; every unit
//! word ("hours", "year") anchors a search backwards for its amount, hedge and negator and
//! forwards for "and a half", "or so" and the words that make it a point in time or an age
//! ("seven years ago", "a 45-year-old"). Every word list is data in `rules/durations.tsv`.

// FxHash, not SipHash: the tables are built from our rule files, so there is no flood of
// chosen keys to resist, and hashing words was a tenth of the whole run.
use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::{Document, Span, char_at};
use crate::glance::Glance;
use crate::record::{Duration, DurationModifier};
use crate::rules::{RuleError, RuleFile, RuleSet, field};

/// The ISO 8601 components of a duration, largest first. Months (date part) and minutes
/// (time part) share the letter M; the T separates them when printed.
const COMPONENTS: [(char, bool); 8] = [
    ('Y', false),
    ('Q', false),
    ('M', false),
    ('W', false),
    ('D', false),
    ('H', true),
    ('M', true),
    ('S', true),
];

/// Where the remainder of a fractional amount goes, and how many of the smaller unit make
/// one of the larger (TimeML's calendar: 12 months a year, 30 days a month): "2 1/2 years"
/// is P2Y6M, "1.5 days" P1DT12H.
const SPLIT: [Option<(usize, u64)>; 8] = [
    Some((2, 12)),
    Some((2, 3)),
    Some((4, 30)),
    Some((4, 7)),
    Some((5, 24)),
    Some((6, 60)),
    Some((7, 60)),
    None,
];

/// The largest amount taken as a number of units; beyond it a figure is not a duration.
const MAX_AMOUNT: u64 = 1_000_000;

/// A unit of time: its ISO component, its size in that component, the letter of an unknown
/// amount.
#[derive(Debug, Clone)]
struct Scale {
    component: usize,
    factor: u64,
    vague: char,
    needs_number: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Singular,
    Plural,
    /// A form with its own amount of one ("yearlong").
    Long,
}

#[derive(Debug, Clone, Copy)]
struct UnitForm {
    scale: usize,
    form: Form,
}

#[derive(Debug, Clone, Copy)]
enum NumberWord {
    Value(u64),
    Scale(u64),
}

#[derive(Debug, Clone, Copy)]
struct QuantityPhrase {
    value: Option<u64>,
    approx: bool,
}

#[derive(Debug, Clone, Copy)]
struct ModifierPhrase {
    modifier: DurationModifier,
    needs_number: bool,
}

/// Multi-word phrases matched on whole tokens.
#[derive(Debug, Clone)]
struct Phrases<T> {
    /// Longest first, so the first match is the longest.
    items: Vec<(Vec<String>, T)>,
    /// Bit n set for a phrase whose first (last) word is n bytes long (63 for longer):
    /// most tokens are told apart by their length alone, before any word is compared.
    first_lens: u64,
    last_lens: u64,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            items: Vec::new(),
            first_lens: 0,
            last_lens: 0,
        }
    }
}

/// The bit of [`Phrases::first_lens`] for a word.
fn len_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

impl<T: Copy> Phrases<T> {
    fn add(&mut self, phrase: &str, value: T) {
        let words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
        if let (Some(first), Some(last)) = (words.first(), words.last()) {
            self.first_lens |= len_bit(first);
            self.last_lens |= len_bit(last);
            self.items.push((words, value));
        }
    }

    fn finish(&mut self) {
        self.items.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
    }

    /// The longest phrase that occupies `toks[start..end]` exactly, ending at `end`.
    fn ending_at(&self, toks: &[Token], end: usize) -> Option<(usize, T)> {
        let last = toks.get(end.checked_sub(1)?)?;
        if self.last_lens & len_bit(last.norm) == 0 {
            return None;
        }
        self.items.iter().find_map(|(words, v)| {
            let start = end.checked_sub(words.len())?;
            same_words(&toks[start..end], words).then_some((start, *v))
        })
    }

    /// The longest phrase starting at `start`; gives the index after it.
    fn starting_at(&self, toks: &[Token], start: usize) -> Option<(usize, T)> {
        let first = toks.get(start)?;
        if self.first_lens & len_bit(first.norm) == 0 {
            return None;
        }
        self.items.iter().find_map(|(words, v)| {
            let end = start + words.len();
            (end <= toks.len() && same_words(&toks[start..end], words)).then_some((end, *v))
        })
    }

    /// The phrase that is exactly `toks`.
    fn exact(&self, toks: &[Token]) -> Option<T> {
        self.items
            .iter()
            .find(|(words, _)| same_words(toks, words))
            .map(|(_, v)| *v)
    }
}

fn same_words(toks: &[Token], words: &[String]) -> bool {
    toks.len() == words.len()
        && toks
            .iter()
            .zip(words)
            .enumerate()
            // A phrase is written with spaces: "more than" does not match "more-than".
            .all(|(k, (t, w))| t.norm == *w && (k == 0 || t.space_before))
}

/// The compiled lexicons of `rules/durations.tsv`.
#[derive(Debug, Default)]
pub struct DurationRules {
    scales: Vec<Scale>,
    /// Seconds of one unit of each ISO component.
    component_seconds: [u64; 8],
    units: FxHashMap<String, UnitForm>,
    /// Entry b, bit n: a unit form starts with byte b and is n bytes long (31 for longer).
    /// Most tokens are no unit, and this tells most of them apart without hashing them.
    unit_shapes: Vec<u32>,
    numbers: FxHashMap<String, NumberWord>,
    fractions: FxHashMap<String, (u64, u64)>,
    /// Every word an amount may open with besides figures: number words, fractions, "a"
    /// and "one" ("a half"), and the first words of quantity phrases ("a couple of").
    /// Most of the spans tried as an amount before a unit open with none of them.
    amount_starts: FxHashSet<String>,
    quantities: Phrases<QuantityPhrase>,
    qualifiers: FxHashSet<String>,
    modifiers: Phrases<ModifierPhrase>,
    postmodifiers: Phrases<DurationModifier>,
    /// `true` when the lead makes a singular unit a duration of one.
    leads: Phrases<bool>,
    vague: Phrases<Option<usize>>,
    points: Phrases<()>,
    article_points: Phrases<()>,
    rates: FxHashSet<String>,
    amounts: Phrases<()>,
    bare_blocks: FxHashSet<String>,
    period_words: FxHashSet<String>,
    period_ends: FxHashSet<String>,
    negators: Phrases<()>,
    negator_suffixes: Vec<String>,
    scope_breaks: FxHashSet<String>,
    absence_preps: FxHashSet<String>,
    negator_cancels: FxHashSet<String>,
    /// The words without which a sentence holds no duration; `None` until compiled.
    anchors: Option<Anchors>,
}

/// The words a duration is anchored on (every unit form and the last word of every vague
/// phrase), looked for in the document before its sentences are cut into tokens: most
/// sentences hold none of them, and a sentence without one holds no duration.
#[derive(Debug)]
struct Anchors {
    /// Where the anchors' runs start in a document.
    glance: Glance,
    /// By first byte, the anchors whose run starts with it.
    by_first: Vec<Vec<Anchor>>,
}

/// What a sentence must have for a token written as an anchor word to be in it.
#[derive(Debug)]
struct Anchor {
    /// The longest run of ASCII letters and digits of the word, lower case (the text is
    /// matched case aside).
    run: String,
    /// The run starts its word: it does not follow an ASCII letter (a token never starts
    /// right after one).
    starts_word: bool,
    /// The run ends its word: it does not precede an ASCII letter or digit (a token never
    /// ends right before one).
    ends_word: bool,
    /// For the last word of a vague phrase, the word before it (ASCII), which the text has
    /// before it across white space: "a while" needs "a", the conjunction "while" not.
    after: Option<String>,
}

impl Anchors {
    /// Anchors on unit forms and on the last words of vague phrases; `None` when a word
    /// has no ASCII letter or digit to look for.
    fn new<'w>(
        units: impl Iterator<Item = &'w str>,
        vague: impl Iterator<Item = &'w [String]>,
    ) -> Option<Anchors> {
        let mut anchors = Vec::new();
        for w in units {
            anchors.push(Self::anchor(w, None)?);
        }
        for words in vague {
            let (last, before) = match words {
                [.., before, last] => (last, Some(before)),
                [last] => (last, None),
                [] => continue,
            };
            let plain = |w: &String| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric());
            anchors.push(Self::anchor(last, before.filter(|b| plain(b)))?);
        }
        let glance = Glance::new(anchors.iter().map(|a| a.run.as_str()));
        let mut by_first: Vec<Vec<Anchor>> = (0..256).map(|_| Vec::new()).collect();
        for a in anchors {
            if let Some(&b) = a.run.as_bytes().first() {
                by_first[usize::from(b)].push(a);
            }
        }
        Some(Anchors { glance, by_first })
    }

    /// The anchor of a word: its longest run of ASCII letters and digits (the first of
    /// equals), and the word that must stand before it, if the run starts the word.
    fn anchor(word: &str, before: Option<&String>) -> Option<Anchor> {
        let (start, len) = word
            .split(|c: char| !c.is_ascii_alphanumeric())
            .map(|run| (run.as_ptr() as usize - word.as_ptr() as usize, run.len()))
            .max_by_key(|&(start, len)| (len, std::cmp::Reverse(start)))
            .filter(|&(_, len)| len > 0)?;
        Some(Anchor {
            run: word[start..start + len].to_ascii_lowercase(),
            starts_word: start == 0,
            ends_word: start + len == word.len(),
            after: before.filter(|_| start == 0).cloned(),
        })
    }

    /// For each span of `text` (`lowered` is [`lower_ascii`] of `text`), might it hold a
    /// token written as one of the words (or the Kelvin sign, the one non-ASCII letter
    /// that lower-cases into ASCII)?
    fn in_spans(&self, text: &str, lowered: &[u8], spans: impl Iterator<Item = Span>) -> Vec<bool> {
        let holds = |sentence: &str, lower: &[u8], i: usize| self.anchored_at(sentence, lower, i);
        self.glance.spans_holding(text, lowered, spans, holds)
    }

    /// Does an anchor's run start at byte `i` of `sentence` (`lower` its lower-cased
    /// bytes), where its word may stand?
    fn anchored_at(&self, sentence: &str, lower: &[u8], i: usize) -> bool {
        let (Some(&first), Some(rest)) = (lower.get(i), lower.get(i..)) else {
            return false;
        };
        // Most places are inside a word ("min" of "administration"), and no anchor starts
        // there but one whose run does not start its word.
        let glued = i > 0 && lower[i - 1].is_ascii_lowercase();
        self.by_first[usize::from(first)].iter().any(|a| {
            let end = i + a.run.len();
            !(glued && a.starts_word)
                && rest.starts_with(a.run.as_bytes())
                && (!a.ends_word || lower.get(end).is_none_or(|b| !b.is_ascii_alphanumeric()))
                && a.after.as_ref().is_none_or(|w| {
                    // White space, then the word before.
                    let before = sentence.get(..i).unwrap_or("");
                    let trimmed = before.trim_end().as_bytes();
                    trimmed.len() < before.len()
                        && trimmed.len() >= w.len()
                        && trimmed[trimmed.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
                })
        })
    }

    /// Might `text` hold a token written as one of the words?
    #[cfg(test)]
    fn in_text(&self, text: &str) -> bool {
        let whole = std::iter::once(Span::new(0, text.len()));
        self.in_spans(text, &crate::glance::lower_ascii(text), whole)[0]
    }
}

fn modifier_named(name: &str) -> Option<DurationModifier> {
    Some(match name {
        "approx" => DurationModifier::Approx,
        "less_than" => DurationModifier::LessThan,
        "more_than" => DurationModifier::MoreThan,
        "equal_or_more" => DurationModifier::EqualOrMore,
        "equal_or_less" => DurationModifier::EqualOrLess,
        _ => return None,
    })
}

fn number_field(
    file: &RuleFile,
    line: usize,
    fields: &[String],
    i: usize,
) -> Result<u64, RuleError> {
    field(file, line, fields, i)?
        .parse()
        .map_err(|_| RuleError::syntax(file, line, format!("field {} is not a number", i + 1)))
}

impl DurationRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("durations.tsv")?;
        let mut r = DurationRules::default();
        let mut scale_names: FxHashMap<String, usize> = FxHashMap::default();
        let mut seconds_seen = [false; 8];
        // Units name their scale, so scales are read first.
        for (line, f) in &file.lines {
            if f[0] != "scale" {
                continue;
            }
            let line = *line;
            let name = field(file, line, f, 1)?;
            let letter = field(file, line, f, 2)?;
            let time = match field(file, line, f, 3)? {
                "D" => false,
                "T" => true,
                _ => return Err(RuleError::syntax(file, line, "section is D or T")),
            };
            let component = COMPONENTS
                .iter()
                .position(|&(c, t)| letter.len() == 1 && letter.starts_with(c) && t == time)
                .ok_or_else(|| RuleError::syntax(file, line, "unknown ISO letter"))?;
            let factor = number_field(file, line, f, 4)?;
            let seconds = number_field(file, line, f, 5)?;
            if factor == 0 {
                return Err(RuleError::syntax(file, line, "factor must not be 0"));
            }
            if factor == 1 {
                r.component_seconds[component] = seconds;
                seconds_seen[component] = true;
            }
            let vague = field(file, line, f, 6)?
                .chars()
                .next()
                .filter(|c| c.is_ascii_uppercase())
                .ok_or_else(|| RuleError::syntax(file, line, "vague letter is A-Z"))?;
            let needs_number = f.get(7).is_some_and(|x| x == "number");
            scale_names.insert(name.to_string(), r.scales.len());
            r.scales.push(Scale {
                component,
                factor,
                vague,
                needs_number,
            });
        }
        if let Some(missing) = seconds_seen.iter().position(|s| !s) {
            return Err(RuleError::syntax(
                file,
                0,
                format!(
                    "no scale of factor 1 gives the seconds of ISO component {}",
                    COMPONENTS[missing].0
                ),
            ));
        }
        for (line, f) in &file.lines {
            let line = *line;
            match f[0].as_str() {
                "scale" => {}
                "unit" => {
                    let form = field(file, line, f, 1)?;
                    let scale = *scale_names
                        .get(field(file, line, f, 2)?)
                        .ok_or_else(|| RuleError::syntax(file, line, "unknown scale"))?;
                    let form_kind = match field(file, line, f, 3)? {
                        "sg" => Form::Singular,
                        "pl" => Form::Plural,
                        "long" => Form::Long,
                        _ => return Err(RuleError::syntax(file, line, "form is sg, pl or long")),
                    };
                    r.units.insert(
                        form.to_string(),
                        UnitForm {
                            scale,
                            form: form_kind,
                        },
                    );
                }
                "number" => {
                    let word = field(file, line, f, 1)?;
                    let value = number_field(file, line, f, 2)?;
                    let w = if f.get(3).is_some_and(|x| x == "scale") {
                        NumberWord::Scale(value)
                    } else {
                        NumberWord::Value(value)
                    };
                    r.numbers.insert(word.to_string(), w);
                }
                "fraction" => {
                    let num = number_field(file, line, f, 2)?;
                    let den = number_field(file, line, f, 3)?;
                    if den == 0 || num >= den {
                        return Err(RuleError::syntax(file, line, "a fraction is below 1"));
                    }
                    r.fractions
                        .insert(field(file, line, f, 1)?.to_string(), (num, den));
                }
                "quantity" => {
                    let phrase = field(file, line, f, 1)?;
                    let value = match field(file, line, f, 2)? {
                        "X" => None,
                        v => Some(v.parse().map_err(|_| {
                            RuleError::syntax(file, line, "value is a number or X")
                        })?),
                    };
                    let approx = f.get(3).is_some_and(|x| x == "approx");
                    r.quantities.add(phrase, QuantityPhrase { value, approx });
                }
                "qualifier" => {
                    r.qualifiers.insert(field(file, line, f, 1)?.to_string());
                }
                "modifier" => {
                    let modifier = modifier_named(field(file, line, f, 2)?)
                        .ok_or_else(|| RuleError::syntax(file, line, "unknown modifier"))?;
                    let needs_number = f.get(3).is_some_and(|x| x == "number");
                    r.modifiers.add(
                        field(file, line, f, 1)?,
                        ModifierPhrase {
                            modifier,
                            needs_number,
                        },
                    );
                }
                "postmodifier" => {
                    let modifier = modifier_named(field(file, line, f, 2)?)
                        .ok_or_else(|| RuleError::syntax(file, line, "unknown modifier"))?;
                    r.postmodifiers.add(field(file, line, f, 1)?, modifier);
                }
                "lead" => {
                    let one = f.get(2).is_some_and(|x| x == "one");
                    r.leads.add(field(file, line, f, 1)?, one);
                }
                "vague" => {
                    let scale = match field(file, line, f, 2)? {
                        "X" => None,
                        name => Some(
                            *scale_names
                                .get(name)
                                .ok_or_else(|| RuleError::syntax(file, line, "unknown scale"))?,
                        ),
                    };
                    r.vague.add(field(file, line, f, 1)?, scale);
                }
                "point" => r.points.add(field(file, line, f, 1)?, ()),
                "article_point" => r.article_points.add(field(file, line, f, 1)?, ()),
                "rate" => {
                    r.rates.insert(field(file, line, f, 1)?.to_string());
                }
                "amount" => r.amounts.add(field(file, line, f, 1)?, ()),
                "bare_block" => {
                    r.bare_blocks.insert(field(file, line, f, 1)?.to_string());
                }
                "period_word" => {
                    r.period_words.insert(field(file, line, f, 1)?.to_string());
                }
                "period_end" => {
                    r.period_ends.insert(field(file, line, f, 1)?.to_string());
                }
                "negator" => {
                    let w = field(file, line, f, 1)?;
                    if w.starts_with('\'') || w.starts_with("n'") {
                        r.negator_suffixes.push(w.to_string());
                    } else {
                        r.negators.add(w, ());
                    }
                }
                "negator_cancel" => {
                    r.negator_cancels
                        .insert(field(file, line, f, 1)?.to_string());
                }
                "absence_prep" => {
                    r.absence_preps.insert(field(file, line, f, 1)?.to_string());
                }
                "scope_break" => {
                    r.scope_breaks.insert(field(file, line, f, 1)?.to_string());
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
        r.quantities.finish();
        r.modifiers.finish();
        r.postmodifiers.finish();
        r.leads.finish();
        r.vague.finish();
        r.points.finish();
        r.article_points.finish();
        r.amounts.finish();
        r.negators.finish();
        r.unit_shapes = vec![0; 256];
        for form in r.units.keys() {
            if let Some(&b) = form.as_bytes().first() {
                r.unit_shapes[usize::from(b)] |= 1 << form.len().min(31);
            }
        }
        if r.units.is_empty() {
            return Err(RuleError::syntax(file, 0, "no units"));
        }
        r.amount_starts = (r.numbers.keys().chain(r.fractions.keys()))
            .cloned()
            .chain(["a", "one"].map(String::from))
            .chain(
                r.quantities
                    .items
                    .iter()
                    .filter_map(|(w, _)| w.first().cloned()),
            )
            .collect();
        let vague = r.vague.items.iter().map(|(words, _)| words.as_slice());
        r.anchors = Anchors::new(r.units.keys().map(String::as_str), vague);
        Ok(r)
    }
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Word,
    /// Digits, with thousands commas or a decimal point: "18", "1,000", "1.5".
    Number,
    /// Digits, a slash, digits: "1/2" (and "24/7", which only counts after a number).
    Slash,
    /// A hyphen joining two words with no space: "five-hour".
    Hyphen,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    start: usize,
    end: usize,
    /// Lower case, curly apostrophes straightened (in the sentence's buffer of norms).
    norm: &'a str,
    kind: TokKind,
    space_before: bool,
    /// Written with a capital first letter.
    capital: bool,
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Cuts `text` (which starts at byte `base` of the document) into tokens. Their lower-case
/// forms are in `norms`, which the tokens borrow: one buffer for the sentence rather than a
/// String for every token. It opens with the whole text ASCII-lower-cased, where an ASCII
/// token finds its lower case at its own offsets; the others are written after it.
fn tokenize<'a>(text: &str, base: usize, norms: &'a mut String) -> Vec<Token<'a>> {
    norms.clear();
    norms.push_str(text);
    norms.make_ascii_lowercase();
    // News prose runs about six bytes a token: room for most sentences at once.
    let mut toks = Vec::with_capacity(text.len() / 4);
    let mut norm_ranges = Vec::with_capacity(text.len() / 4);
    let mut b = 0;
    let mut space = true;
    while let Some(c) = char_at(text, b) {
        if c.is_whitespace() {
            space = true;
            b += c.len_utf8();
            continue;
        }
        let mut end = b + c.len_utf8();
        let kind;
        if c.is_ascii_digit() {
            end = figures_end(text.as_bytes(), end);
            let after = char_at(text, end);
            kind = if after == Some('/')
                && char_at(text, end + 1).is_some_and(|d| d.is_ascii_digit())
            {
                end = run_while(text, end + 1, |d, _| d.is_ascii_digit());
                TokKind::Slash
            } else if after.is_some_and(char::is_alphabetic) {
                // "21st", "1990s", "$20m": not a plain number.
                end = run_while(text, end, |d, _| d.is_alphanumeric());
                TokKind::Word
            } else {
                TokKind::Number
            };
        } else if c.is_alphabetic() {
            // ASCII letters and digits a byte at a time; from an apostrophe or a non-ASCII
            // character on, as characters.
            let bytes = text.as_bytes();
            while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                end += 1;
            }
            if bytes.get(end).is_some_and(|&b| b == b'\'' || !b.is_ascii()) {
                end = run_while(text, end, |d, next| {
                    d.is_alphanumeric()
                        || (is_apostrophe(d) && next.is_some_and(char::is_alphabetic))
                });
            }
            kind = TokKind::Word;
        } else if is_hyphen(c) {
            let joined = !space && char_at(text, end).is_some_and(|n| !n.is_whitespace());
            kind = if joined {
                TokKind::Hyphen
            } else {
                TokKind::Punct
            };
        } else {
            kind = TokKind::Punct;
        }
        let written = &text[b..end];
        if written.is_ascii() {
            norm_ranges.push(b..end);
        } else {
            let from = norms.len();
            norms.extend(
                written
                    .chars()
                    .map(|c| if is_apostrophe(c) { '\'' } else { c })
                    .flat_map(char::to_lowercase),
            );
            norm_ranges.push(from..norms.len());
        }
        toks.push(Token {
            start: base + b,
            end: base + end,
            // Set below, once every norm is written.
            norm: "",
            kind,
            space_before: space || b == 0,
            capital: c.is_uppercase(),
        });
        space = false;
        b = end;
    }
    let norms: &'a String = norms;
    for (t, r) in toks.iter_mut().zip(norm_ranges) {
        t.norm = &norms[r];
    }
    toks
}

/// The byte where the figures from byte `b` on end: digits, and a comma or point between
/// digits ("1,000", "1.5").
fn figures_end(bytes: &[u8], mut b: usize) -> usize {
    while let Some(&d) = bytes.get(b) {
        let between = (d == b',' || d == b'.') && bytes.get(b + 1).is_some_and(u8::is_ascii_digit);
        if !(d.is_ascii_digit() || between) {
            break;
        }
        b += 1;
    }
    b
}

/// The byte where the run of characters from byte `b` on that `keep` accepts (given each
/// character and the one after it) ends.
fn run_while(text: &str, mut b: usize, keep: impl Fn(char, Option<char>) -> bool) -> usize {
    let mut here = char_at(text, b);
    while let Some(d) = here {
        let next = char_at(text, b + d.len_utf8());
        if !keep(d, next) {
            break;
        }
        b += d.len_utf8();
        here = next;
    }
    b
}

// ---------------------------------------------------------------------------------------
// Amounts

/// A non-negative rational number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ratio {
    num: u64,
    den: u64,
}

impl Ratio {
    fn int(n: u64) -> Self {
        Ratio { num: n, den: 1 }
    }

    fn add(self, o: Ratio) -> Option<Ratio> {
        let num = self
            .num
            .checked_mul(o.den)?
            .checked_add(o.num.checked_mul(self.den)?)?;
        Some(Ratio {
            num,
            den: self.den.checked_mul(o.den)?,
        })
    }

    fn is_whole(self) -> bool {
        self.num.is_multiple_of(self.den)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Amount {
    Exact(Ratio),
    /// "two to three weeks": a span of amounts, valued as unknown.
    Range,
    Unknown,
}

#[derive(Debug, Clone, Copy)]
struct Quantity {
    amount: Amount,
    approx: bool,
    /// Written with a figure or a number word other than "a"/"an".
    numeric: bool,
}

impl DurationRules {
    /// A figure: "18", "1,000", "1.5".
    fn figure(tok: &Token) -> Option<Ratio> {
        if tok.kind != TokKind::Number {
            return None;
        }
        let s: String = tok.norm.chars().filter(|&c| c != ',').collect();
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        if frac.len() > 3 || int.len() > 7 {
            return None;
        }
        let den = 10u64.pow(frac.len() as u32);
        let i: u64 = int.parse().ok()?;
        let f: u64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        Some(Ratio {
            num: i.checked_mul(den)?.checked_add(f)?,
            den,
        })
    }

    /// A number in words: "twenty four", "twenty-four", "two thousand", "a hundred",
    /// "one hundred and fifty", "a dozen". `toks` must be all of it.
    fn number_words(&self, toks: &[Token]) -> Option<u64> {
        let mut total = 0u64;
        let mut current = 0u64;
        let mut seen = false;
        let mut last_scale = false;
        for (k, t) in toks.iter().enumerate() {
            if t.kind == TokKind::Hyphen {
                if k == 0 || k + 1 == toks.len() {
                    return None;
                }
                continue;
            }
            if t.norm == "and" && last_scale && k + 1 < toks.len() {
                continue;
            }
            let is_article = t.norm == "a" || t.norm == "an";
            match self.numbers.get(t.norm)? {
                NumberWord::Value(v) => {
                    // "a" is one only on its own or before a scale word ("a hundred").
                    if is_article
                        && (k != 0
                            || (toks.len() > 1
                                && !matches!(
                                    self.numbers.get(toks[1].norm),
                                    Some(NumberWord::Scale(_))
                                )))
                    {
                        return None;
                    }
                    // "four twenty" is no number; "twenty four" is.
                    if !current.is_multiple_of(10) || (current != 0 && *v >= 10 && current < 100) {
                        return None;
                    }
                    current += v;
                    last_scale = false;
                }
                NumberWord::Scale(s) => {
                    let base = if current == 0 { 1 } else { current };
                    if *s >= 1000 {
                        total = total.checked_add(base.checked_mul(*s)?)?;
                        current = 0;
                    } else {
                        current = base.checked_mul(*s)?;
                    }
                    last_scale = true;
                }
            }
            seen = true;
        }
        let n = total.checked_add(current)?;
        (seen && n <= MAX_AMOUNT).then_some(n)
    }

    /// A number written any way: figures, words, "5 1/2", "2½", "two and a half",
    /// "half a(n)", "a half".
    fn number(&self, toks: &[Token]) -> Option<(Ratio, bool)> {
        let n = toks.len();
        if n == 0 {
            return None;
        }
        let written =
            |toks: &[Token]| !(toks.len() == 1 && (toks[0].norm == "a" || toks[0].norm == "an"));
        if n == 1
            && let Some(r) = Self::figure(&toks[0])
        {
            return Some((r, true));
        }
        // "half", "half a", "half an", "a half".
        let is_half = |t: &Token| self.fractions.get(t.norm);
        if let Some(&(fnum, fden)) = is_half(&toks[0]) {
            let rest_ok = n == 1 || (n == 2 && (toks[1].norm == "a" || toks[1].norm == "an"));
            if rest_ok && toks[0].kind == TokKind::Word {
                return Some((
                    Ratio {
                        num: fnum,
                        den: fden,
                    },
                    true,
                ));
            }
        }
        if n == 2 && (toks[0].norm == "a" || toks[0].norm == "one") && toks[1].norm == "half" {
            return Some((Ratio { num: 1, den: 2 }, true));
        }
        // Whole part and a fraction: "5 1/2", "2½", "two and a half".
        let whole_and = |whole: &[Token]| -> Option<Ratio> {
            if whole.len() == 1
                && let Some(r) = Self::figure(&whole[0])
            {
                return r.is_whole().then_some(r);
            }
            self.number_words(whole).map(Ratio::int)
        };
        if n >= 2 {
            let last = &toks[n - 1];
            if last.kind == TokKind::Slash
                && let Some((a, b)) = last.norm.split_once('/')
                && let (Ok(a), Ok(b)) = (a.parse::<u64>(), b.parse::<u64>())
                && b != 0
                && a < b
                && let Some(w) = whole_and(&toks[..n - 1])
            {
                return Some((w.add(Ratio { num: a, den: b })?, true));
            }
            if last.kind == TokKind::Punct
                && let Some(&(a, b)) = self.fractions.get(last.norm)
                && let Some(w) = whole_and(&toks[..n - 1])
            {
                return Some((w.add(Ratio { num: a, den: b })?, true));
            }
        }
        if n >= 4
            && toks[n - 3].norm == "and"
            && (toks[n - 2].norm == "a" || toks[n - 2].norm == "one")
            && let Some(&(a, b)) = self.fractions.get(toks[n - 1].norm)
            && let Some(w) = whole_and(&toks[..n - 3])
        {
            return Some((w.add(Ratio { num: a, den: b })?, true));
        }
        self.number_words(toks)
            .map(|v| (Ratio::int(v), written(toks)))
    }

    /// The amount before a unit, with any qualifiers ("two more", "a few additional").
    fn quantity(&self, toks: &[Token]) -> Option<Quantity> {
        let mut end = toks.len();
        while end > 0
            && toks[end - 1].kind == TokKind::Word
            && self.qualifiers.contains(toks[end - 1].norm)
        {
            end -= 1;
        }
        let core = &toks[..end];
        // Figures, or a word that opens an amount: anything else is none (every way below
        // reads the first token as such).
        let opens = |t: &Token| t.kind == TokKind::Number || self.amount_starts.contains(t.norm);
        if !core.first().is_some_and(opens) {
            return None;
        }
        if core.iter().any(|t| {
            t.kind == TokKind::Punct && !self.fractions.contains_key(t.norm) && t.norm != "–"
        }) {
            return None;
        }
        if let Some(q) = self.quantities.exact(core) {
            return Some(Quantity {
                amount: q
                    .value
                    .map_or(Amount::Unknown, |v| Amount::Exact(Ratio::int(v))),
                approx: q.approx || q.value.is_none(),
                numeric: q.value.is_some(),
            });
        }
        if let Some((r, numeric)) = self.number(core) {
            return Some(Quantity {
                amount: Amount::Exact(r),
                approx: false,
                numeric,
            });
        }
        // A range: "two to three", "12-18", "12–18", "two or three".
        for (k, t) in core.iter().enumerate().skip(1) {
            let sep = matches!(t.norm, "to" | "or" | "–") || t.kind == TokKind::Hyphen;
            if sep
                && k + 1 < core.len()
                && self.number(&core[..k]).is_some_and(|(_, w)| w)
                && self.number(&core[k + 1..]).is_some_and(|(_, w)| w)
            {
                return Some(Quantity {
                    amount: Amount::Range,
                    approx: true,
                    numeric: true,
                });
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------------------
// Values

/// An exact length, by ISO component, and thousandths of a second ("a 2.8-second lap").
type Parts = [u64; 9];

impl DurationRules {
    /// Splits `amount` units of component `c` into whole parts: 2.5 years is 2 Y 6 M.
    fn parts(&self, c: usize, amount: Ratio) -> Option<Parts> {
        let mut parts = [0u64; 9];
        let (mut c, mut num, den) = (c, amount.num, amount.den);
        loop {
            parts[c] = parts[c].checked_add(num / den)?;
            num %= den;
            if num == 0 {
                return Some(parts);
            }
            match SPLIT[c] {
                Some((next, mult)) => {
                    num = num.checked_mul(mult)?;
                    c = next;
                }
                // Below a second: thousandths, the rest dropped.
                None => {
                    parts[8] = num.checked_mul(1000)? / den;
                    return Some(parts);
                }
            }
        }
    }

    fn seconds(&self, parts: &Parts) -> Option<u64> {
        let whole = parts
            .iter()
            .zip(self.component_seconds.iter())
            .try_fold(0u64, |acc, (n, s)| acc.checked_add(n.checked_mul(*s)?))?;
        whole.checked_add(u64::from(parts[8] >= 500))
    }
}

/// ISO 8601 text of an exact length. A whole number of millennia of years is written in
/// TimeML's L ("two thousand years" is P2L).
fn iso_of_parts(parts: &Parts) -> String {
    let only_years = parts[1..].iter().all(|&n| n == 0);
    if only_years && parts[0] >= 1000 && parts[0].is_multiple_of(1000) {
        return format!("P{}L", parts[0] / 1000);
    }
    let mut s = String::from("P");
    let mut in_time = false;
    for (k, &(letter, time)) in COMPONENTS.iter().enumerate() {
        if parts[k] == 0 {
            continue;
        }
        if time && !in_time {
            s.push('T');
            in_time = true;
        }
        s.push_str(&parts[k].to_string());
        if k == 7 && parts[8] > 0 {
            let millis = format!("{:03}", parts[8]);
            s.push('.');
            s.push_str(millis.trim_end_matches('0'));
        }
        s.push(letter);
    }
    if parts[7] == 0 && parts[8] > 0 {
        if !in_time {
            s.push('T');
        }
        let millis = format!("{:03}", parts[8]);
        s.push_str("0.");
        s.push_str(millis.trim_end_matches('0'));
        s.push('S');
    }
    if s == "P" {
        s.push_str("0D");
    }
    s
}

/// Does the fraction of `r` units of component `c` make a whole number of the next smaller
/// unit (half a year is 6 months; a fifth of a year is not a whole number of months)?
fn splits_once(c: usize, r: Ratio) -> bool {
    let rem = r.num % r.den;
    rem == 0
        || SPLIT[c].is_some_and(|(_, mult)| {
            rem.checked_mul(mult)
                .is_some_and(|n| n.is_multiple_of(r.den))
        })
}

/// `r` as a decimal ("3.2"), when it has one of at most three places.
fn decimal_amount(r: Ratio) -> Option<String> {
    for places in 0..=3u32 {
        let scale = 10u64.pow(places);
        let n = r.num.checked_mul(scale)?;
        if n.is_multiple_of(r.den) {
            let v = n / r.den;
            return Some(if places == 0 {
                v.to_string()
            } else {
                let s = format!("{:0width$}", v, width = places as usize + 1);
                let (int, frac) = s.split_at(s.len() - places as usize);
                format!("{int}.{frac}")
            });
        }
    }
    None
}

fn iso_vague(time: bool, letter: char) -> String {
    if time {
        format!("PTX{letter}")
    } else {
        format!("PX{letter}")
    }
}

// ---------------------------------------------------------------------------------------
// Finding

/// One duration found in a sentence, in token indexes.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    /// Exclusive.
    end: usize,
    /// Where negation is looked for: before any preposition-like lead.
    scope_start: usize,
    parts: Option<Parts>,
    /// The exact length; null for an unknown amount.
    seconds: Option<u64>,
    iso: String,
    approximate: bool,
    modifier: Option<DurationModifier>,
    /// The component of the unit, for joining "two hours and 30 minutes".
    component: usize,
    /// Written as an adjective ("a three-day summit"): a denied verb does not deny it.
    adjective: bool,
}

impl DurationRules {
    fn is_number_like(&self, t: &Token) -> bool {
        t.kind == TokKind::Number
            || t.kind == TokKind::Slash
            || t.norm.chars().any(|c| c.is_ascii_digit())
            || (self.numbers.contains_key(t.norm) && t.norm != "a" && t.norm != "an")
    }

    /// The duration whose unit is `toks[i]`, if it is one.
    /// `title_case` says whether the sentence is in title case (asked only of a capitalised
    /// unit).
    fn at_unit(&self, toks: &[Token], i: usize, title_case: impl Fn() -> bool) -> Option<Found> {
        let norm = toks[i].norm;
        let shape = 1 << norm.len().min(31);
        let shapes = norm
            .as_bytes()
            .first()
            .and_then(|&b| self.unit_shapes.get(usize::from(b)));
        if shapes.is_none_or(|shapes| shapes & shape == 0) {
            return None;
        }
        let unit = *self.units.get(norm)?;
        if toks[i].kind != TokKind::Word {
            return None;
        }
        // A capitalised unit inside a sentence in sentence case names something ("60
        // Minutes", "the Six-Day War").
        if i > 0 && toks[i].capital && !title_case() {
            return None;
        }
        let scale = &self.scales[unit.scale];
        let joined = |k: usize| toks.get(k).is_some_and(|t| t.kind == TokKind::Hyphen);
        let mut end = i + 1;
        let mut long_suffix = false;
        let hyphen_after = joined(i + 1);
        if hyphen_after {
            match toks.get(i + 2).map(|t| t.norm) {
                Some("long") => {
                    long_suffix = true;
                    end = i + 3;
                }
                // "a 45-year-old": an age.
                Some("old" | "old's") => return None,
                _ => {}
            }
        }
        let compound = i >= 2 && joined(i - 1);
        let mut quantity: Option<Quantity> = None;
        let mut q_start = i;
        let mut text_start: Option<usize> = None;
        let mut plus = false;
        if unit.form == Form::Long {
            quantity = Some(Quantity {
                amount: Amount::Exact(Ratio::int(1)),
                approx: false,
                numeric: true,
            });
        } else if compound {
            // "five-hour", "twenty-four-hour", "24-hour", "half-hour", "several-year". A
            // compound takes the singular: "three-quarters" is a fraction.
            if unit.form == Form::Plural {
                return None;
            }
            let lo = (i - 1).saturating_sub(9);
            for j in lo..i - 1 {
                if toks[j].kind == TokKind::Hyphen {
                    continue;
                }
                if toks[j + 1..i - 1]
                    .iter()
                    .any(|t| t.space_before && t.kind == TokKind::Hyphen)
                {
                    continue;
                }
                // "two-and-a-half-hour": the hyphens stand for spaces.
                let spaced: Vec<Token> = toks[j..i - 1]
                    .iter()
                    .filter(|t| t.kind != TokKind::Hyphen)
                    .cloned()
                    .map(|mut t| {
                        t.space_before = true;
                        t
                    })
                    .collect();
                if let Some(q) = self
                    .quantity(&toks[j..i - 1])
                    .or_else(|| self.quantity(&spaced))
                {
                    quantity = Some(q);
                    q_start = j;
                    break;
                }
            }
            quantity?;
        } else if !long_suffix {
            // ("a day-long trip": the article is no amount of "day-long".)
            // "20-plus years": more than twenty.
            let q_end = if i >= 2 && toks[i - 1].norm == "plus" && joined(i - 2) {
                plus = true;
                i - 2
            } else {
                i
            };
            let lo = q_end.saturating_sub(7);
            for j in lo..q_end {
                if let Some(q) = self.quantity(&toks[j..q_end]) {
                    quantity = Some(q);
                    q_start = j;
                    break;
                }
            }
            plus &= quantity.is_some();
        }
        // A unit of its own.
        if quantity.is_none() {
            let prev = i.checked_sub(1).map(|k| &toks[k]);
            if long_suffix {
                // "hour-long" is one hour; "decades-long" an unknown number of decades.
                quantity = Some(Quantity {
                    amount: if unit.form == Form::Plural {
                        Amount::Unknown
                    } else {
                        Amount::Exact(Ratio::int(1))
                    },
                    approx: unit.form == Form::Plural,
                    numeric: true,
                });
            } else if unit.form == Form::Plural {
                // A bare plural: "for years", "within weeks", "the weeks ahead".
                if prev
                    .is_some_and(|p| self.bare_blocks.contains(p.norm) || p.kind == TokKind::Hyphen)
                {
                    return None;
                }
                quantity = Some(Quantity {
                    amount: Amount::Unknown,
                    approx: true,
                    numeric: false,
                });
            } else if let Some((lead_start, true)) = self.leads.ending_at(toks, i)
                && toks.get(end).is_none_or(|t| t.norm != "of")
            {
                // "over the past year": one year; "last year" is a date.
                quantity = Some(Quantity {
                    amount: Amount::Exact(Ratio::int(1)),
                    approx: false,
                    numeric: true,
                });
                text_start = Some(lead_start);
                q_start = lead_start;
            } else {
                // "for the (fiscal) year ended March 31": an accounting period of one unit.
                let mut k = i;
                while k > 0 && self.period_words.contains(toks[k - 1].norm) {
                    k -= 1;
                }
                let is_period = k > 0
                    && toks[k - 1].norm == "the"
                    && toks
                        .get(end)
                        .is_some_and(|t| self.period_ends.contains(t.norm));
                if !is_period {
                    return None;
                }
                quantity = Some(Quantity {
                    amount: Amount::Exact(Ratio::int(1)),
                    approx: false,
                    numeric: true,
                });
                text_start = Some(k - 1);
                q_start = k - 1;
            }
        }
        let mut q = quantity?;
        // "$12-an-hour", "a day-to-day basis", "a year-end review": an article joined to
        // its unit by hyphens makes a rate or a compound, not a length.
        let and_half_follows = toks.get(i + 2).is_some_and(|t| t.norm == "and");
        if (compound || (hyphen_after && !long_suffix && !and_half_follows))
            && matches!(q.amount, Amount::Exact(_))
            && !q.numeric
            && text_start.is_none()
        {
            return None;
        }
        if scale.needs_number && !q.numeric && text_start.is_none() {
            return None;
        }
        // A singular unit with a plural amount is only right in compounds and "five year
        // low"; a plural unit after "a"/"one" is no duration ("a days-long").
        if unit.form == Form::Plural
            && let Amount::Exact(r) = q.amount
            && r == Ratio::int(1)
            && !compound
            && !toks[q_start..i]
                .iter()
                .any(|t| t.kind == TokKind::Slash || self.fractions.contains_key(t.norm))
            && toks[q_start].norm != "1"
        {
            return None;
        }
        // After the unit: "and a half", "or so", "weeks or months", and the words that make
        // it a point or an age.
        let mut modifier: Option<DurationModifier> = plus.then_some(DurationModifier::MoreThan);
        // "an hour and a half", "an hour-and-a-half meeting".
        let hyphened = hyphen_after && !long_suffix;
        let step = if hyphened { 2 } else { 1 };
        let first = if hyphened { end + 1 } else { end };
        let at = |k: usize| toks.get(first + k * step);
        let hyphens_ok = !hyphened || (1..3).all(|k| joined(first + k * step - 1));
        if let Amount::Exact(r) = q.amount
            && r.is_whole()
            && hyphens_ok
            && at(0).is_some_and(|t| t.norm == "and")
            && at(1).is_some_and(|t| t.norm == "a" || t.norm == "one")
            && let Some(t) = at(2)
            && let Some(&(a, b)) = self.fractions.get(t.norm)
        {
            q.amount = Amount::Exact(r.add(Ratio { num: a, den: b })?);
            end = first + 2 * step + 1;
        }
        if q.amount == Amount::Unknown
            && unit.form == Form::Plural
            && toks
                .get(end)
                .is_some_and(|t| t.norm == "or" || t.norm == "to")
            && toks
                .get(end + 1)
                .and_then(|t| self.units.get(t.norm))
                .is_some_and(|u| u.form == Form::Plural)
        {
            end += 2;
        }
        if let Some((after, m)) = self.postmodifiers.starting_at(toks, end) {
            modifier = Some(m);
            if m == DurationModifier::Approx {
                q.approx = true;
            }
            end = after;
        }
        if self.points.starting_at(toks, end).is_some() {
            return None;
        }
        // "in a year when voters ...": one particular year, a point in time.
        if (toks[q_start].norm == "a" || toks[q_start].norm == "an")
            && q_start + 1 == i
            && self.article_points.starting_at(toks, end).is_some()
        {
            return None;
        }
        // Before the amount: a rate ("every two weeks", "$20m a week") is no duration.
        if let Some(prev) = q_start.checked_sub(1).map(|k| &toks[k]) {
            if self.rates.contains(prev.norm) {
                return None;
            }
            // "$20m (£12.3m) a week": the amount may carry a bracketed conversion.
            let mut before_a = q_start;
            if prev.norm == ")"
                && let Some(open) = toks[..q_start - 1].iter().rposition(|t| t.norm == "(")
            {
                before_a = open;
            }
            if (toks[q_start].norm == "a" || toks[q_start].norm == "an")
                && let Some(amount) = before_a.checked_sub(1).map(|k| &toks[k])
                && (self.is_number_like(amount)
                    || self.units.contains_key(amount.norm)
                    || self.amounts.ending_at(toks, before_a).is_some())
            {
                return None;
            }
        }
        // Leads ("the past", "the next") and hedges ("more than", "at least").
        let lead = if text_start.is_none() {
            self.leads.ending_at(toks, q_start).map(|(s, _)| s)
        } else {
            None
        };
        let mut start = text_start.unwrap_or(q_start);
        let mut scope_start = lead.unwrap_or(start).min(start);
        let hedge = self
            .modifiers
            .ending_at(toks, q_start)
            .map(|(s, m)| (s, m, true))
            .or_else(|| {
                lead.and_then(|l| {
                    self.modifiers
                        .ending_at(toks, l)
                        .map(|(s, m)| (s, m, false))
                })
            });
        if let Some((s, m, direct)) = hedge {
            // "over 20 years" hedges; "over the past two years" is a preposition.
            let allowed = !m.needs_number
                || (direct && matches!(q.amount, Amount::Exact(_)) && text_start.is_none());
            if allowed {
                modifier = Some(m.modifier);
                if m.modifier == DurationModifier::Approx {
                    q.approx = true;
                }
                start = start.min(s);
                scope_start = scope_start.min(s);
            }
        }
        if modifier.is_none() && q.approx && matches!(q.amount, Amount::Exact(_)) {
            // "a couple of years": TimeML hedges the amount.
            modifier = Some(DurationModifier::Approx);
        }
        let time = COMPONENTS[scale.component].1;
        let (parts, iso, seconds) = match q.amount {
            Amount::Exact(r) => {
                let r = Ratio {
                    num: r.num.checked_mul(scale.factor)?,
                    den: r.den,
                };
                if r.num / r.den > MAX_AMOUNT {
                    return None;
                }
                let parts = self.parts(scale.component, r)?;
                // "2.5 years" is P2Y6M, but "3.2 years" does not split into whole months:
                // it stays a decimal, P3.2Y.
                let (iso, seconds) = match decimal_amount(r) {
                    Some(d) if !splits_once(scale.component, r) => {
                        let (letter, time) = COMPONENTS[scale.component];
                        let unit = u128::from(self.component_seconds[scale.component]);
                        let exact =
                            (u128::from(r.num) * unit + u128::from(r.den) / 2) / u128::from(r.den);
                        (
                            format!("P{}{d}{letter}", if time { "T" } else { "" }),
                            u64::try_from(exact).ok(),
                        )
                    }
                    _ => (iso_of_parts(&parts), self.seconds(&parts)),
                };
                (Some(parts), iso, seconds)
            }
            Amount::Range | Amount::Unknown => (None, iso_vague(time, scale.vague), None),
        };
        Some(Found {
            start,
            end,
            scope_start,
            parts,
            seconds,
            iso,
            approximate: q.approx,
            modifier,
            component: scale.component,
            adjective: compound || hyphen_after || unit.form == Form::Long,
        })
    }

    /// A fixed phrase of unknown length starting at `k` ("a while").
    fn vague_at(&self, toks: &[Token], k: usize) -> Option<Found> {
        let (end, scale) = self.vague.starting_at(toks, k)?;
        if self.points.starting_at(toks, end).is_some() {
            return None;
        }
        let (time, letter) = match scale {
            Some(s) => {
                let sc = &self.scales[s];
                (COMPONENTS[sc.component].1, sc.vague)
            }
            None => (false, 'X'),
        };
        Some(Found {
            start: k,
            end,
            scope_start: k,
            parts: None,
            seconds: None,
            iso: iso_vague(time, letter),
            approximate: true,
            modifier: None,
            component: 0,
            adjective: false,
        })
    }

    /// Is the duration starting at token `start` denied ("did not last five minutes",
    /// "never ... for two hours")? After "in", a denied verb measures an absence and the
    /// length stands: "they have not met in two years".
    fn negated(&self, toks: &[Token], start: usize) -> bool {
        const WINDOW: usize = 6;
        if start > 0 && self.absence_preps.contains(toks[start - 1].norm) {
            return false;
        }
        let mut k = start;
        let mut seen = 0;
        while k > 0 && seen < WINDOW {
            let t = &toks[k - 1];
            if self.scope_breaks.contains(t.norm) {
                return false;
            }
            if self.negators.ending_at(toks, k).is_some()
                || self
                    .negator_suffixes
                    .iter()
                    .any(|s| t.norm.ends_with(s.as_str()))
            {
                // "not until two days later", "not just five minutes": no denial.
                return toks
                    .get(k)
                    .is_none_or(|n| !self.negator_cancels.contains(n.norm));
            }
            k -= 1;
            seen += 1;
        }
        false
    }

    /// The durations of one sentence, in token order.
    fn in_sentence(&self, toks: &[Token]) -> Vec<Found> {
        let title_case = std::cell::OnceCell::new();
        let title_case = || *title_case.get_or_init(|| is_title_case(toks));
        let mut out: Vec<Found> = Vec::new();
        let mut k = 0;
        while k < toks.len() {
            let done = out.last().map_or(0, |f| f.end);
            if k < done {
                k += 1;
                continue;
            }
            let found = self
                .at_unit(toks, k, title_case)
                .or_else(|| self.vague_at(toks, k));
            if let Some(mut f) = found {
                // An earlier duration may have claimed part of this one.
                if f.start < done {
                    f.start = done;
                    if f.start >= f.end {
                        k += 1;
                        continue;
                    }
                }
                // "two hours and 30 minutes": one length.
                if let Some(prev) = out.last_mut()
                    && let (Some(a), Some(b)) = (prev.parts, f.parts)
                    && f.modifier.is_none()
                    && prev.component < f.component
                    && joins(toks, prev.end, f.start)
                {
                    let mut sum = a;
                    for (x, y) in sum.iter_mut().zip(b.iter()) {
                        *x = x.saturating_add(*y);
                    }
                    prev.parts = Some(sum);
                    prev.iso = iso_of_parts(&sum);
                    prev.seconds = self.seconds(&sum);
                    prev.end = f.end;
                    prev.component = f.component;
                    k = f.end;
                    continue;
                }
                k = f.end.max(k + 1);
                out.push(f);
            } else {
                k += 1;
            }
        }
        out
    }
}

/// Is the sentence written in title case (a headline: "Putin Holds Five-Hour Talks")?
/// Then capitals say nothing about names.
fn is_title_case(toks: &[Token]) -> bool {
    let (words, capital) = toks
        .iter()
        .filter(|t| t.kind == TokKind::Word && t.norm.chars().count() > 3)
        .fold((0, 0), |(n, c), t| (n + 1, c + usize::from(t.capital)));
    words > 0 && capital * 10 >= words * 6
}

/// Do the tokens between two durations join them into one ("two hours and 30 minutes",
/// "1 hour, 15 minutes", "3 hours 20 minutes")?
fn joins(toks: &[Token], a_end: usize, b_start: usize) -> bool {
    match b_start.checked_sub(a_end) {
        Some(0) => true,
        Some(1) => matches!(toks[a_end].norm, "and" | ","),
        _ => false,
    }
}

/// Finds the durations of a document, in text order.
pub fn find(doc: &Document, rules: &DurationRules) -> Vec<Duration> {
    let mut out = Vec::new();
    let mut norms = String::new();
    let anchored = rules.anchors.as_ref().map(|a| {
        let spans = doc.sentences.iter().map(|s| s.span);
        a.in_spans(&doc.text, doc.lowered(), spans)
    });
    for (si, s) in doc.sentences.iter().enumerate() {
        if anchored.as_ref().is_some_and(|a| !a[si]) {
            continue;
        }
        let text = doc.slice(s.span);
        let toks = tokenize(text, s.span.start, &mut norms);
        for f in rules.in_sentence(&toks) {
            let span = Span::new(toks[f.start].start, toks[f.end - 1].end);
            out.push(Duration {
                id: crate::record::numbered_id("t", out.len() + 1),
                text: doc.slice(span).to_string(),
                span: doc.char_span(span),
                iso: f.iso,
                seconds: f.seconds,
                approximate: f.approximate,
                modifier: f.modifier,
                negated: !f.adjective && rules.negated(&toks, f.scope_start),
                meeting: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Meta;
    use crate::rules::Rules;
    use std::sync::LazyLock;

    static RULES: LazyLock<Rules> = LazyLock::new(Rules::defaults);

    /// A sentence the anchors skip holds no duration: the durations of a text are the same
    /// with every sentence read.
    #[test]
    fn anchors_skip_only_sentences_without_durations() {
        let mut plain = DurationRules::compile(&crate::rules::RuleSet::defaults()).unwrap();
        plain.anchors = None;
        for text in [
            "The talks lasted five HOURS and a Half.",
            "It took 1/2hr, then 3hrs and 2.5 days.",
            "They met for two wee\u{212A}s.",
            "Three-hour talks; a 45-year-old; the minister's minutes.",
            "They talked for a while, then for a long time.",
            "Administration officials said nothing.",
            "Through the threat of secession, nothing.",
            "They waited a\u{a0}while, then A  LONG\ttime, while it rained.",
            "Awhile later, they spoke for some time about a long-time ally.",
        ] {
            let doc = Document::from_paragraphs(&[text], Meta::default(), &RULES.sentences);
            let durations = |rules: &DurationRules| format!("{:?}", find(&doc, rules));
            assert_eq!(durations(&RULES.durations), durations(&plain), "{text}");
        }
        assert_eq!(durations("They met for two wee\u{212A}s.").len(), 1);
        // A word of a vague phrase alone is no anchor.
        let anchors = RULES.durations.anchors.as_ref().expect("anchors");
        assert!(!anchors.in_text("While they spoke, time passed."));
        assert!(anchors.in_text("They spoke for a while."));
    }

    fn durations(text: &str) -> Vec<Duration> {
        let doc = Document::from_paragraphs(&[text], Meta::default(), &RULES.sentences);
        find(&doc, &RULES.durations)
    }

    /// The one duration of `text`, as (text, iso, seconds).
    fn one(text: &str) -> Duration {
        let d = durations(text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d.into_iter().next().unwrap()
    }

    fn check(text: &str, written: &str, iso: &str, seconds: Option<u64>) -> Duration {
        let d = one(text);
        assert_eq!(
            (d.text.as_str(), d.iso.as_str(), d.seconds),
            (written, iso, seconds),
            "{text}"
        );
        d
    }

    #[test]
    fn amounts_in_words_and_figures() {
        check(
            "The envoys stayed another week.",
            "another week",
            "P1W",
            Some(604800),
        );
        check(
            "The envoys stayed another two weeks.",
            "two weeks",
            "P2W",
            Some(1209600),
        );
        check(
            "The talks lasted five hours.",
            "five hours",
            "PT5H",
            Some(18000),
        );
        check(
            "Delegates met for 48 hours in Doha.",
            "48 hours",
            "PT48H",
            Some(172800),
        );
        check(
            "The ceasefire held for twenty four hours.",
            "twenty four hours",
            "PT24H",
            Some(86400),
        );
        check(
            "He spent 18 months in detention.",
            "18 months",
            "P18M",
            Some(46656000),
        );
        check(
            "The envoy waited a week for an answer.",
            "a week",
            "P1W",
            Some(604800),
        );
        check(
            "Sanctions stayed in place for three years.",
            "three years",
            "P3Y",
            Some(94608000),
        );
        check(
            "The mission lasted a dozen days.",
            "a dozen days",
            "P12D",
            Some(1036800),
        );
        check(
            "The siege lasted 1,000 days.",
            "1,000 days",
            "P1000D",
            Some(86400000),
        );
    }

    #[test]
    fn compound_adjectives_and_long_forms() {
        check(
            "Putin held a five-hour meeting with the envoys.",
            "five-hour",
            "PT5H",
            Some(18000),
        );
        check(
            "They agreed a 24-hour truce.",
            "24-hour",
            "PT24H",
            Some(86400),
        );
        check(
            "It was a twenty-four-hour ordeal.",
            "twenty-four-hour",
            "PT24H",
            Some(86400),
        );
        check(
            "After an hour-long call, both sides spoke.",
            "hour-long",
            "PT1H",
            Some(3600),
        );
        check(
            "On a day-long visit to Kyiv, he laid flowers.",
            "day-long",
            "P1D",
            Some(86400),
        );
        check(
            "The committee opened a yearlong inquiry.",
            "yearlong",
            "P1Y",
            Some(31536000),
        );
        let d = check(
            "It ended a decades-long dispute.",
            "decades-long",
            "PXE",
            None,
        );
        assert!(d.approximate);
    }

    #[test]
    fn fractions() {
        check(
            "Pollution shaved 3.2 years off lives.",
            "3.2 years",
            "P3.2Y",
            Some(100915200),
        );
        check("The lap took 0.25 hours.", "0.25 hours", "PT15M", Some(900));
        check(
            "The vote took two and a half hours.",
            "two and a half hours",
            "PT2H30M",
            Some(9000),
        );
        check(
            "They spoke for an hour and a half.",
            "an hour and a half",
            "PT1H30M",
            Some(5400),
        );
        check(
            "The flight lasted 1.5 hours.",
            "1.5 hours",
            "PT1H30M",
            Some(5400),
        );
        check(
            "Inspectors spent 5 1/2 hours on site.",
            "5 1/2 hours",
            "PT5H30M",
            Some(19800),
        );
        check(
            "The leaders talked for half an hour.",
            "half an hour",
            "PT30M",
            Some(1800),
        );
        check(
            "He served 2½ years in prison.",
            "2½ years",
            "P2Y6M",
            Some(78624000),
        );
        check(
            "They met for two hours and 30 minutes.",
            "two hours and 30 minutes",
            "PT2H30M",
            Some(9000),
        );
        check(
            "The two-and-a-half-hour meeting ended late.",
            "two-and-a-half-hour",
            "PT2H30M",
            Some(9000),
        );
        check(
            "It was an hour-and-a-half meeting.",
            "an hour-and-a-half",
            "PT1H30M",
            Some(5400),
        );
        let d = check(
            "The call lasted just under an hour.",
            "just under an hour",
            "PT1H",
            Some(3600),
        );
        assert_eq!(d.modifier, Some(DurationModifier::LessThan));
    }

    #[test]
    fn vague_amounts_take_x() {
        let d = check(
            "The meeting went on for several hours.",
            "several hours",
            "PTXH",
            None,
        );
        assert!(d.approximate);
        assert_eq!(d.modifier, None);
        check(
            "A deal could come within a few days.",
            "a few days",
            "PXD",
            None,
        );
        check(
            "The two sides have been at odds for years.",
            "years",
            "PXY",
            None,
        );
        check(
            "Fighting has intensified in recent weeks.",
            "recent weeks",
            "PXW",
            None,
        );
        check(
            "Talks will resume in the coming months.",
            "coming months",
            "PXM",
            None,
        );
        check(
            "The city was ruled from abroad for centuries.",
            "centuries",
            "PXC",
            None,
        );
        let d = check(
            "Change will take a couple of years.",
            "a couple of years",
            "P2Y",
            Some(63072000),
        );
        assert!(d.approximate);
        assert_eq!(d.modifier, Some(DurationModifier::Approx));
        let d = check(
            "Repairs may take two to three weeks.",
            "two to three weeks",
            "PXW",
            None,
        );
        assert!(d.approximate);
    }

    #[test]
    fn decades_centuries_millennia() {
        check(
            "The border stayed closed for two decades.",
            "two decades",
            "P20Y",
            Some(630720000),
        );
        check(
            "Relations have soured over the past decade.",
            "the past decade",
            "P10Y",
            Some(315360000),
        );
        check(
            "The craft has survived for two thousand years.",
            "two thousand years",
            "P2L",
            Some(63072000000),
        );
        check(
            "The dam stood for a century.",
            "a century",
            "P100Y",
            Some(3153600000),
        );
    }

    #[test]
    fn hedges() {
        let m = |t: &str| one(t).modifier;
        assert_eq!(
            m("The talks lasted more than eight hours."),
            Some(DurationModifier::MoreThan)
        );
        assert_eq!(
            m("He served over 20 years in jail."),
            Some(DurationModifier::MoreThan)
        );
        assert_eq!(
            m("They talked for almost two hours."),
            Some(DurationModifier::LessThan)
        );
        assert_eq!(
            m("The envoy stayed nearly a week."),
            Some(DurationModifier::LessThan)
        );
        assert_eq!(
            m("The call lasted about 40 minutes."),
            Some(DurationModifier::Approx)
        );
        assert_eq!(
            m("Banks must wait at least 30 days."),
            Some(DurationModifier::EqualOrMore)
        );
        assert_eq!(
            m("Troops may stay for up to 180 days."),
            Some(DurationModifier::EqualOrLess)
        );
        assert_eq!(
            m("Access is limited to no more than sixty days."),
            Some(DurationModifier::EqualOrLess)
        );
        assert_eq!(
            m("The truce should hold a year or so."),
            Some(DurationModifier::Approx)
        );
        let d = check(
            "He said the talks would take a long time.",
            "a long time",
            "PXX",
            None,
        );
        assert!(d.approximate);
        // "over" before "the past" is a preposition, not a hedge.
        let d = check(
            "Prices rose over the past two years.",
            "two years",
            "P2Y",
            Some(63072000),
        );
        assert_eq!(d.modifier, None);
        let d = check(
            "Rivals have cut prices for at least the past 18 months.",
            "at least the past 18 months",
            "P18M",
            Some(46656000),
        );
        assert_eq!(d.modifier, Some(DurationModifier::EqualOrMore));
    }

    #[test]
    fn plus_and_couple() {
        let d = check(
            "He has served 20-plus years in the Senate.",
            "20-plus years",
            "P20Y",
            Some(630720000),
        );
        assert_eq!(d.modifier, Some(DurationModifier::MoreThan));
        let d = check(
            "Results may come in the next couple days.",
            "couple days",
            "P2D",
            Some(172800),
        );
        assert!(d.approximate);
    }

    #[test]
    fn negation_has_a_scope() {
        let d = durations("It did not last five minutes but several hours.");
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].text.as_str(), d[0].negated), ("five minutes", true));
        assert_eq!((d[1].text.as_str(), d[1].negated), ("several hours", false));
        assert!(one("The two leaders have never met for more than an hour.").negated);
        assert!(one("The ministers didn’t talk for two hours, aides said.").negated);
        assert!(!one("Not everyone agreed, and the talks lasted three hours.").negated);
        assert!(!one("The two presidents have not met in four years.").negated);
        assert!(!one("It was not until two days later that the talks resumed.").negated);
        assert!(one("The meeting did not even last ten minutes.").negated);
        assert!(!one("The leaders did not meet during the three-day summit.").negated);
    }

    #[test]
    fn not_durations() {
        for text in [
            "Trump's 28-point plan was discussed.",
            "Both sides want a long-term settlement.",
            "He backed a two-state solution and four-party talks.",
            "The hotline works 24/7.",
            "A 45-year-old diplomat, aged 45, was named.",
            "The envoy, 45 years old, arrived at 11:07.",
            "The accord was signed in 2025 and revised on Tuesday.",
            "He promised reparations seven years ago.",
            "Half a year ago the estimate was ready.",
            "Violence flared last month and again last week.",
            "The US was spending $20m (£12.3m) a week on the groups.",
            "The council meets twice a year and every two weeks.",
            "This is the 21st century.",
            "The run-off is a second round of voting.",
            "He told 60 Minutes the plan would work.",
            "Net income fell 5% from a year earlier.",
            "He has kept office hours since.",
            "Inquiries into the 66-year-old's death began.",
            "His days of leading the party are over.",
            "She spoke up for $12-an-hour workers.",
            "It is a $400-million-a-year business.",
            "Prices change on a day-to-day basis.",
            "These days, he has changed his tune.",
            "Polls are no guide to the vote six weeks from now.",
            "About three-quarters support the ban.",
            "He was mainstream in a year when voters wanted change.",
        ] {
            assert!(durations(text).is_empty(), "{text}: {:?}", durations(text));
        }
    }

    #[test]
    fn accounting_periods_and_lead_ins() {
        check(
            "For the year ended March 31, net rose.",
            "the year",
            "P1Y",
            Some(31536000),
        );
        check(
            "In the fiscal year ending June 30, sales fell.",
            "the fiscal year",
            "P1Y",
            Some(31536000),
        );
        check(
            "Exports doubled over the past year.",
            "the past year",
            "P1Y",
            Some(31536000),
        );
        check(
            "Profit rose in the first nine months.",
            "nine months",
            "P9M",
            Some(23328000),
        );
        check(
            "Losses mounted over the past two quarters.",
            "two quarters",
            "P2Q",
            Some(15552000),
        );
        check("Funds lost money in the weeks ahead.", "weeks", "PXW", None);
    }

    #[test]
    fn spans_count_code_points_and_ids_follow_text_order() {
        let text = "Putin’s five-hour talks — «useful» — ran past midnight. They took five hours.";
        let d = durations(text);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].id, "t1");
        assert_eq!(d[1].id, "t2");
        let chars: Vec<char> = text.chars().collect();
        for x in &d {
            let s: String = chars[x.span[0]..x.span[1]].iter().collect();
            assert_eq!(s, x.text);
        }
    }

    #[test]
    fn headlines_in_title_case_keep_their_units() {
        check(
            "Putin Holds Five-Hour Talks With US Envoys",
            "Five-Hour",
            "PT5H",
            Some(18000),
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "-",
            "hours",
            "a - hour",
            "½ ¼",
            "1/0 hours",
            "99999999999999 years",
            "—hours—",
            "five-",
            "-long",
        ] {
            let _ = durations(text);
        }
        check("A 2.8-second lap.", "2.8-second", "PT2.8S", Some(3));
    }
}
