//! Attribution: turns quotations and reported speech into statements with a speaker and a
//! cue ("…," X said; According to X, …; X told …; This was stated by X; transcript turns;
//! dash-introduced speech; headline "X: …").
//!
//! Takes the document, its people and its quotations; gives the `statements` of the record.
//!
//! The work is done per sentence, or rather per *unit*: a sentence, merged with its
//! neighbours where a quotation runs across a sentence break. Each prose block is tokenised
//! once; the cue lexicon (`rules/reporting_verbs.tsv`) is matched once per block, by a DFA
//! ([`PhraseDfa`]), the channel lexicon (`rules/channels.tsv`) in the phrases that may name
//! a channel. For every cue the unit is read around it, in the frames of English news
//! prose:
//!
//! - speaker first: `X said (that) …`, `X told reporters …`, `X said: "…"`, `"…," X said`;
//! - speaker after: `"…," said X`, `…, said X`;
//! - `According to X, …` and `…, according to X`;
//! - anaphoric: `This was stated by X`, `X said this` (content: what came before);
//! - participles and coordinated cues continuing a statement or its clause's subject:
//!   `…, adding that …`, `X thanked Y and said …`, `… but noted that …`;
//! - relative clauses: `X, who said …,` (mention "who", speaker X);
//!
//! Speakers are the words the attribution uses (a name with titles, a role noun, a
//! pronoun, an organisation); [`People`] resolves them to the article's actors, the name
//! at the end of a phrase with titles first. Channels ("according to Russian media",
//! "citing sources", "…, TASS reported") become the statement's `via`.
//! and the content's quotations decide the kind (PARC): all verbatim is `direct`, a
//! paraphrase holding a quoted fragment is `mixed`, none is `indirect`. Quotations without
//! a cue join the statement before them when they continue it (`"A," she said. "B."`,
//! quotations over paragraphs); the rest (scare quotes, titles) are no statements. Blocks
//! of their own shape are read before: transcript turns (`Name: …`, `Q:`), dash-introduced
//! speech (`- …, - said X.`) and headlines (`X: …`).

use std::cell::Cell;

use crate::document::{BlockKind, Document, Span, char_at};
use crate::lexicon::{LowerLexicon, PhraseDfa};
use crate::people::{MentionKind, People};
use crate::quotes::QuoteSpan;
use crate::record::{PersonKind, Quote, Statement, StatementKind};
use crate::rules::{RuleError, RuleSet};

/// How a cue takes its speaker and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Say,
    /// Like Say, but content after the cue needs "that", a colon or a quotation
    /// ("X wrote that …", not "X wrote columns").
    Write,
    Tell,
    According,
    Via,
    Setting,
}

#[derive(Debug, Clone)]
struct CueEntry {
    stance: String,
    frame: Frame,
}

// Word classes of `rules/attribution_words.tsv`, as bits.
const AUX: u16 = 1;
const PRONOUN: u16 = 2;
const STOP: u16 = 4;
const TIME: u16 = 8;
const HEARER: u16 = 16;
const ANAPHOR: u16 = 32;
const WHAT: u16 = 64;
const DET: u16 = 128;
const BRIDGE: u16 = 256;
const NAMEJOIN: u16 = 512;
const CIRC: u16 = 1024;
const OBJECT: u16 = 2048;
const QUANT: u16 = 4096;
/// No class looked up yet (all bits: no word has every class).
const UNKNOWN: u16 = u16::MAX;

/// The reporting-verb lexicon and its stances, the channels, and the words around cues.
#[derive(Debug, Default)]
pub struct AttributionRules {
    cues: PhraseDfa,
    cue_entries: Vec<CueEntry>,
    /// The channels, found as the cues are (leftmost-longest, ignoring ASCII case).
    channels: PhraseDfa,
    words: LowerLexicon<u16>,
    abbreviations: LowerLexicon<()>,
}

impl AttributionRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("reporting_verbs.tsv")?;
        let mut cue_words = Vec::new();
        let mut cue_entries = Vec::new();
        for (line, f) in &file.lines {
            if f.len() < 3 {
                return Err(RuleError::syntax(
                    file,
                    *line,
                    "expected CUE<TAB>STANCE<TAB>FRAME",
                ));
            }
            let frame = match f[2].as_str() {
                "say" => Frame::Say,
                "write" => Frame::Write,
                "tell" => Frame::Tell,
                "according" => Frame::According,
                "via" => Frame::Via,
                "setting" => Frame::Setting,
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown frame {other:?}"),
                    ));
                }
            };
            cue_words.push(f[0].clone());
            cue_entries.push(CueEntry {
                stance: f[1].clone(),
                frame,
            });
        }
        // Matched case-insensitively, leftmost-longest, over every block: a full DFA is
        // several times faster per byte than an NFA. No prefilter: cue words start
        // everywhere.
        let cues = PhraseDfa::new(&cue_words).map_err(|e| RuleError::syntax(file, 0, e))?;

        let file = set.file("channels.tsv")?;
        let names: Vec<String> = file.words().map(str::to_string).collect();
        // A hand-built DFA, as the cues have: aho-corasick's builder took 0.7M
        // instructions a process for these 40 short names, a good part of a short run.
        let channels = PhraseDfa::new(&names).map_err(|e| RuleError::syntax(file, 0, e))?;

        let file = set.file("attribution_words.tsv")?;
        let mut words: LowerLexicon<u16> = LowerLexicon::default();
        for (line, f) in &file.lines {
            let bit = match f.get(1).map(String::as_str) {
                Some("aux") => AUX,
                Some("pronoun") => PRONOUN,
                Some("stop") => STOP,
                Some("time") => TIME,
                Some("hearer") => HEARER,
                Some("anaphor") => ANAPHOR,
                Some("what") => WHAT,
                Some("det") => DET,
                Some("bridge") => BRIDGE,
                Some("namejoin") => NAMEJOIN,
                Some("circ") => CIRC,
                Some("object") => OBJECT,
                Some("quant") => QUANT,
                _ => return Err(RuleError::syntax(file, *line, "expected WORD<TAB>CLASS")),
            };
            *words.entry(f[0].to_lowercase()) |= bit;
        }
        let mut abbreviations = LowerLexicon::default();
        for w in set.file("abbreviations.txt")?.words() {
            abbreviations.entry(w.trim_end_matches('.').to_lowercase());
        }
        Ok(AttributionRules {
            cues,
            cue_entries,
            channels,
            words,
            abbreviations,
        })
    }
}

impl AttributionRules {
    /// The word classes of a word, as bits.
    fn class_of(&self, word: &str) -> u16 {
        self.words.get(word).copied().unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy)]
struct Tok {
    span: Span,
    /// A word (letters, digits, inner apostrophes, hyphens and abbreviation periods).
    word: bool,
    /// The first character of a word is upper case.
    cap: bool,
    /// The character of a punctuation token.
    ch: char,
    /// Index of the top-level quotation the token sits in (marks included).
    quote: Option<Ix>,
    /// Index into the block's cue hits of the cue that starts here.
    cue: Option<Ix>,
}

/// A token's index into the block's quotations or cues: u32 keeps [`Tok`] at 40 bytes
/// rather than 56, and tokenising writes and reads a lot of them.
type Ix = u32;

/// `i` as an [`Ix`]; None past u32 (more quotations than a text can hold).
fn ix(i: usize) -> Option<Ix> {
    Ix::try_from(i).ok()
}

#[derive(Debug, Clone, Copy)]
struct CueHit {
    entry: usize,
    /// The cue's token range (its first token points here too).
    start: usize,
    end: usize,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‑' | '.' | '&')
}

/// What a character is to the tokeniser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Space,
    /// A letter or a digit.
    Alnum,
    Other,
}

/// The kinds of the ASCII characters, by byte (as `char::is_whitespace` and
/// `char::is_alphanumeric` have them); the bytes of other characters are `Other` here.
const BYTE_KINDS: [Kind; 256] = {
    let mut kinds = [Kind::Other; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            kinds[b] = Kind::Space;
        } else if c.is_ascii_alphanumeric() {
            kinds[b] = Kind::Alnum;
        }
        b += 1;
    }
    kinds
};

/// The bytes that end a word after its letters: ASCII but for letters, digits and the
/// joiners of [`is_joiner`].
const ENDS_WORD: [bool; 256] = {
    let mut ends = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        ends[b] = !c.is_ascii_alphanumeric() && !matches!(c, b'\'' | b'-' | b'.' | b'&');
        b += 1;
    }
    ends
};

fn kind_of(c: char) -> Kind {
    if c.is_ascii() {
        BYTE_KINDS[c as usize]
    } else if ('\u{2010}'..='\u{2027}').contains(&c) {
        // Dashes, curly quotes, bullets and ellipses, which news copy is full of: no
        // letters or spaces, and cheaper to tell so than the Unicode tables are.
        Kind::Other
    } else if c.is_whitespace() {
        Kind::Space
    } else if c.is_alphanumeric() {
        Kind::Alnum
    } else {
        Kind::Other
    }
}

/// Appends the tokens of `span` to `toks`. Out of line: inlined into its caller, whose
/// loops it crowds, the tokens of pn100 took 1.2M more instructions (non-LTO build).
#[inline(never)]
fn tokenize(text: &str, span: Span, rules: &AttributionRules, toks: &mut Vec<Tok>) {
    let body = &text[span.start..span.end];
    let bytes = body.as_bytes();
    let mut pos = 0;
    let punct = |off: usize, c: char| Tok {
        span: Span::new(span.start + off, span.start + off + c.len_utf8()),
        word: false,
        cap: false,
        ch: c,
        quote: None,
        cue: None,
    };
    while let Some(&b) = bytes.get(pos) {
        let off = pos;
        // The first character of a token: an ASCII byte's kind is read straight off the
        // table (spaces between words are the commonest byte after letters), others are
        // decoded.
        let c = if b.is_ascii() {
            pos += 1;
            let c = char::from(b);
            match BYTE_KINDS[usize::from(b)] {
                Kind::Space => continue,
                Kind::Other => {
                    toks.push(punct(off, c));
                    continue;
                }
                Kind::Alnum => c,
            }
        } else {
            let Some(c) = char_at(body, pos) else {
                break;
            };
            pos += c.len_utf8();
            match kind_of(c) {
                Kind::Space => continue,
                Kind::Other => {
                    toks.push(punct(off, c));
                    continue;
                }
                Kind::Alnum => c,
            }
        };
        // `pos` runs to the byte after the word.
        loop {
            // ASCII letters and digits, the bulk of a word, byte by byte.
            while let Some(&b) = bytes.get(pos)
                && BYTE_KINDS[usize::from(b)] == Kind::Alnum
            {
                pos += 1;
            }
            // A space or ASCII punctuation other than a joiner ends the word, as it mostly
            // does.
            if bytes.get(pos).is_none_or(|&b| ENDS_WORD[usize::from(b)]) {
                break;
            }
            let Some(cj) = char_at(body, pos) else {
                break;
            };
            if kind_of(cj) == Kind::Alnum {
                pos += cj.len_utf8();
                continue;
            }
            if is_joiner(cj)
                && let Some(n) = char_at(body, pos + cj.len_utf8())
                && kind_of(n) == Kind::Alnum
                && !(cj == '.'
                    && n.is_uppercase()
                    && !body[..pos]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_uppercase))
            {
                // A period joins "U.S." and "3.5", not two glued sentences ("it.The").
                pos += cj.len_utf8() + n.len_utf8();
                continue;
            }
            break;
        }
        // Abbreviations and initials keep their period ("Mr.", "J.", "U.S.").
        if bytes.get(pos) == Some(&b'.') {
            let w = &body[off..pos];
            let single_cap = pos == off + c.len_utf8() && c.is_uppercase();
            if single_cap || w.contains('.') || rules.abbreviations.contains(w) {
                pos += 1;
            }
        }
        toks.push(Tok {
            span: Span::new(span.start + off, span.start + pos),
            word: true,
            cap: c.is_uppercase(),
            ch: c,
            quote: None,
            cue: None,
        });
    }
}

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let inside = |c: char| c.is_alphanumeric() || matches!(c, '-' | '’' | '\'');
    !before.is_some_and(inside) && !after.is_some_and(inside)
}

/// One prose block, tokenised, with its cues and quotations marked.
struct BlockView<'a> {
    doc: &'a Document,
    rules: &'a AttributionRules,
    block: usize,
    toks: Vec<Tok>,
    /// The word classes of the tokens, looked up when first asked for (most tokens are
    /// never asked): [`UNKNOWN`] until then.
    classes: Vec<Cell<u16>>,
    cues: Vec<CueHit>,
    /// Token ranges of the units (sentences merged across quotations).
    units: Vec<(usize, usize)>,
}

/// The vectors of a [`BlockView`], kept from block to block so that a document's blocks
/// reuse their allocations.
#[derive(Default)]
struct Buffers {
    toks: Vec<Tok>,
    classes: Vec<Cell<u16>>,
    cues: Vec<CueHit>,
    units: Vec<(usize, usize)>,
}

impl<'a> BlockView<'a> {
    fn new(
        doc: &'a Document,
        block: usize,
        rules: &'a AttributionRules,
        quotes: &[QuoteSpan],
        first_quote: usize,
        found_cues: &[(usize, usize, usize)],
        buffers: Buffers,
    ) -> Self {
        let Buffers {
            mut toks,
            mut classes,
            mut cues,
            mut units,
        } = buffers;
        toks.clear();
        cues.clear();
        units.clear();
        let span = doc.blocks[block].span;
        // About a token per four bytes at most in prose: one allocation, not a doubling
        // series, for a document's longest block.
        toks.reserve(span.len() / 4);
        tokenize(&doc.text, span, rules, &mut toks);
        classes.clear();
        classes.resize(toks.len(), Cell::new(UNKNOWN));
        // Quotations: top-level ones are disjoint and sorted, so each holds one run of
        // tokens, found from its start (a few quotations a block, rather than a test per
        // token). Those from `first_quote` on that start inside the block.
        for (qi, q) in quotes
            .iter()
            .enumerate()
            .skip(first_quote)
            .take_while(|(_, q)| q.outer.start < span.end)
        {
            let a = toks.partition_point(|t| t.span.start < q.outer.start);
            for t in toks[a..]
                .iter_mut()
                .take_while(|t| t.span.end <= q.outer.end)
            {
                t.quote = ix(qi);
            }
        }
        // Cues: the matches on word boundaries, on the tokens they start and end with.
        for &(entry, s, e) in found_cues {
            let start = toks.partition_point(|t| t.span.start < s);
            let end = toks.partition_point(|t| t.span.end <= e);
            if start >= toks.len() || toks[start].span.start != s || end <= start {
                continue;
            }
            toks[start].cue = ix(cues.len());
            cues.push(CueHit { entry, start, end });
        }
        // Units: the block's sentences, merged where a quotation spans a break.
        let first = doc.sentences.partition_point(|s| s.span.end <= span.start);
        for s in doc.sentences[first..]
            .iter()
            .take_while(|s| s.span.start < span.end)
        {
            let a = toks.partition_point(|t| t.span.start < s.span.start);
            let b = toks.partition_point(|t| t.span.start < s.span.end);
            if a >= b {
                continue;
            }
            glued_sentences(&toks, a, b, |a, b| {
                let merge = units.last().is_some_and(|&(_, pb)| {
                    pb > 0
                        && toks[pb - 1].quote.is_some()
                        && toks[pb - 1].quote == toks[a].quote
                        && toks[a].quote.is_some_and(|q| {
                            // Inside one quotation, not merely ending one and opening the next.
                            quotes[q as usize].outer.start < toks[a].span.start
                        })
                });
                match units.last_mut() {
                    Some(u) if merge => u.1 = b,
                    _ => units.push((a, b)),
                }
            });
        }
        BlockView {
            doc,
            rules,
            block,
            toks,
            classes,
            cues,
            units,
        }
    }

    /// Gives back the view's vectors for the next block.
    fn into_buffers(self) -> Buffers {
        Buffers {
            toks: self.toks,
            classes: self.classes,
            cues: self.cues,
            units: self.units,
        }
    }

    fn text(&self, i: usize) -> &str {
        self.doc.slice(self.toks[i].span)
    }

    /// Is token `i`, lowered, one of `words` (given in lower case)? Compares without
    /// lowering into a new String, except for the rare non-ASCII token.
    fn lower_is(&self, i: usize, words: &[&str]) -> bool {
        let span = self.toks[i].span;
        let bytes = &self.doc.text.as_bytes()[span.start..span.end];
        if bytes.is_ascii() {
            words
                .iter()
                .any(|w| bytes.eq_ignore_ascii_case(w.as_bytes()))
        } else {
            words.contains(&self.text(i).to_lowercase().as_str())
        }
    }

    /// The word classes of token `i` (none for punctuation).
    fn class(&self, i: usize) -> u16 {
        let known = self.classes[i].get();
        if known != UNKNOWN {
            return known;
        }
        let class = if self.toks[i].word {
            self.rules.class_of(self.text(i))
        } else {
            0
        };
        self.classes[i].set(class);
        class
    }

    fn is(&self, i: usize, class: u16) -> bool {
        self.toks.get(i).is_some_and(|t| t.word) && self.class(i) & class != 0
    }

    fn punct(&self, i: usize, chars: &[char]) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| !t.word && chars.contains(&t.ch))
    }

    fn span_of(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].span.start, self.toks[b - 1].span.end)
    }
}

/// Splits tokens [a, b) where sentences are glued without a space ("Sochaczew.The PiS
/// leader", "elections.- People"), which copies of web pages often have; gives each part
/// to `out`, in order.
fn glued_sentences(toks: &[Tok], a: usize, b: usize, mut out: impl FnMut(usize, usize)) {
    let mut start = a;
    for (k, w) in (a + 1..).zip(toks[a..b].windows(3)) {
        let (p, t, n) = (&w[0], &w[1], &w[2]);
        // The rarest condition first: most tokens are no sentence punctuation.
        let glued = matches!(t.ch, '.' | '!' | '?')
            && !t.word
            && p.word
            && p.span.end == t.span.start
            && t.span.end == n.span.start
            && t.quote.is_none()
            && (n.cap || (!n.word && (n.quote.is_some() || is_dash(n.ch))));
        if glued {
            out(start, k + 1);
            start = k + 1;
        }
    }
    out(start, b);
}

// ---------------------------------------------------------------------------------------
// Drafts

/// A statement before ids and people are filled in.
#[derive(Debug, Clone)]
struct Draft {
    kind: StatementKind,
    /// The content, in pieces (one per fragment of a split quotation).
    pieces: Vec<Span>,
    /// Verbatim fragments (quotation insides).
    quotes: Vec<Span>,
    speaker: Option<Span>,
    cue: Option<Span>,
    stance: Option<String>,
    via: Option<String>,
    block: usize,
    confidence: f32,
    /// The last quotation runs on into the next paragraph.
    open_quote: bool,
    /// The cue ended with a colon and nothing after it: the next quotation is the content.
    wants_content: bool,
    /// A transcript turn: the speaker is a label.
    turn: bool,
    /// What a relative pronoun speaker ("who") stands for.
    antecedent: Option<Span>,
    /// Only a statement when its speaker is a known person or organisation (labels of
    /// headlines and turns, which may be section titles).
    needs_person: bool,
}

/// Finds the statements of a document.
pub fn attribute(
    doc: &Document,
    rules: &AttributionRules,
    people: &People,
    quotes: &[QuoteSpan],
) -> Vec<Statement> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut qstart = 0;
    let mut prev_block: Option<usize> = None;
    let mut buffers = Buffers::default();
    let mut found_cues = Vec::new();
    for (bi, b) in doc.prose_blocks() {
        while qstart < quotes.len() && quotes[qstart].outer.end <= b.span.start {
            qstart += 1;
        }
        found_cues.clear();
        find_cues(doc, rules, b.span, &mut found_cues);
        if prev_block.is_some()
            && !matches!(b.kind, BlockKind::Title | BlockKind::Heading)
            && found_cues.is_empty()
            && quotes
                .get(qstart)
                .is_none_or(|q| q.outer.start >= b.span.end)
            && !doc.slice(b.span).contains(':')
        {
            // A paragraph with no cue, no quotation and no colon holds no statement: no
            // frame reads one (a turn and a headline need their colon, dash-introduced
            // speech its cue), and no quotation continues one. It only counts as the
            // block before the next, when it has a token.
            if !doc.slice(b.span).trim().is_empty() {
                prev_block = Some(bi);
            }
            continue;
        }
        let view = BlockView::new(doc, bi, rules, quotes, qstart, &found_cues, buffers);
        let before = drafts.len();
        read_block(&view, rules, quotes, prev_block, &mut drafts, b.kind);
        if drafts.len() > before || !view.toks.is_empty() {
            prev_block = Some(bi);
        }
        buffers = view.into_buffers();
    }
    drafts.sort_by_key(|d| d.pieces.first().map(|p| p.start).unwrap_or(0));
    finish(doc, rules, people, drafts)
}

/// Appends the cues of the block at `span` that stand on word boundaries (the cue's
/// index, start and end): the lexicon's leftmost-longest matches over the block's text.
fn find_cues(
    doc: &Document,
    rules: &AttributionRules,
    span: Span,
    out: &mut Vec<(usize, usize, usize)>,
) {
    rules
        .cues
        .each_match(doc.slice(span).as_bytes(), |entry, s, e| {
            let (s, e) = (span.start + s, span.start + e);
            if boundary_ok(&doc.text, s, e) {
                out.push((entry, s, e));
            }
        });
}

/// Reads one block's statements.
fn read_block(
    v: &BlockView,
    rules: &AttributionRules,
    quotes: &[QuoteSpan],
    prev_block: Option<usize>,
    drafts: &mut Vec<Draft>,
    kind: BlockKind,
) {
    if v.toks.is_empty() {
        return;
    }
    // A quotation reopened from the previous paragraph continues that statement.
    let continuing = v.toks[0]
        .quote
        .is_some_and(|q| quotes[q as usize].reopens)
        .then(|| drafts.iter().rposition(|d| d.open_quote))
        .flatten();
    // A plain-text copy has its headline as a first, one-sentence paragraph.
    let headline_like = prev_block.is_none() && v.units.len() == 1 && v.toks.len() <= 40;
    if kind == BlockKind::Title || kind == BlockKind::Heading || headline_like {
        if let Some(d) = headline(v) {
            drafts.push(d);
            return;
        }
        if kind != BlockKind::Paragraph {
            return;
        }
    }
    // A paragraph that opens with a quotation and no cue continues the statement that
    // ended the paragraph before (news prose quotes a speaker over several paragraphs).
    let follows = drafts
        .last()
        .filter(|d| Some(d.block) == prev_block && d.speaker.is_some())
        .map(|_| drafts.len() - 1);
    let mut last_direct: Option<usize> = continuing.or(follows);
    if let Some(di) = continuing {
        drafts[di].open_quote = false;
    }
    let mut turn_until = 0;
    // A turn's label ends in a colon: without one in the block, none is looked for.
    let may_have_turns = v.doc.slice(v.doc.blocks[v.block].span).contains(':');
    // Tokens already read by a statement that spans units.
    let mut consumed = 0;
    for (ui, &(a, b)) in v.units.iter().enumerate() {
        if ui < turn_until || a < consumed {
            continue;
        }
        if let Some((d, end)) = dash_speech(v, rules, a) {
            consumed = end;
            last_direct = None;
            drafts.push(d);
            continue;
        }
        if may_have_turns && let Some(mut d) = transcript_turn(v, a, b) {
            // The turn runs until the next speaker's label or the block's end.
            let mut k = ui + 1;
            while k < v.units.len() {
                let (na, nb) = v.units[k];
                if transcript_turn(v, na, nb).is_some() {
                    break;
                }
                k += 1;
            }
            if k > ui + 1 {
                let (_, e) = trim_range(v, v.units[k - 1].0, v.units[k - 1].1);
                if e > 0 {
                    let last = v.toks[e - 1].span.end;
                    if let Some(p) = d.pieces.last_mut() {
                        p.end = last;
                    }
                    if let Some(q) = d.quotes.last_mut() {
                        q.end = last;
                    }
                }
            }
            turn_until = k;
            last_direct = None;
            drafts.push(d);
            continue;
        }
        let before = drafts.len();
        read_unit(v, rules, quotes, ui, a, b, prev_block, drafts);
        if drafts.len() > before {
            last_direct = drafts
                .last()
                .is_some_and(|d| d.kind == StatementKind::Direct || d.wants_content)
                .then_some(drafts.len() - 1);
            continue;
        }
        // No cue: quotations that open the unit continue the statement before them.
        if let Some(di) = last_direct
            && v.toks[a].quote.is_some()
        {
            let qs = unit_quotes(v, a, b);
            let covered = covered_by_quotes(v, a, b);
            if covered {
                let d = &mut drafts[di];
                for &q in &qs {
                    d.pieces.push(quotes[q].inner);
                    d.quotes.push(quotes[q].inner);
                }
                if d.wants_content {
                    d.kind = StatementKind::Direct;
                    d.wants_content = false;
                }
                d.open_quote = qs.last().is_some_and(|&q| quotes[q].runs_on);
                continue;
            }
        }
        last_direct = None;
    }
}

/// Top-level quotations inside tokens [a, b).
fn unit_quotes(v: &BlockView, a: usize, b: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for t in &v.toks[a..b] {
        if let Some(q) = t.quote.map(|q| q as usize)
            && out.last() != Some(&q)
        {
            out.push(q);
        }
    }
    out
}

/// Are all the words of [a, b) inside quotations?
fn covered_by_quotes(v: &BlockView, a: usize, b: usize) -> bool {
    let mut any = false;
    for t in &v.toks[a..b] {
        if t.word {
            if t.quote.is_none() {
                return false;
            }
            any = true;
        }
    }
    any
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―')
}

/// Trims punctuation (commas, dashes, colons, periods) from the edges of a token range,
/// keeping quotation marks.
fn trim_range(v: &BlockView, mut a: usize, mut b: usize) -> (usize, usize) {
    let edge = |t: &Tok| !t.word && t.quote.is_none() && !matches!(t.ch, '(' | ')' | '%' | '$');
    while a < b && edge(&v.toks[a]) {
        a += 1;
    }
    while b > a && edge(&v.toks[b - 1]) {
        b -= 1;
    }
    (a, b)
}

/// Builds a draft for content tokens [a, b), deciding the kind from its quotations.
#[allow(clippy::too_many_arguments)]
fn content_draft(
    v: &BlockView,
    quotes: &[QuoteSpan],
    ranges: &[(usize, usize)],
    speaker: Option<Span>,
    cue: Option<Span>,
    stance: Option<String>,
    confidence: f32,
) -> Option<Draft> {
    let mut pieces = Vec::new();
    let mut qs = Vec::new();
    let mut all_quoted = true;
    let mut words = 0;
    let mut open_quote = false;
    for &(a, b) in ranges {
        let (a, b) = trim_range(v, a, b);
        if a >= b {
            continue;
        }
        words += v.toks[a..b].iter().filter(|t| t.word).count();
        let inq = unit_quotes(v, a, b);
        let covered = covered_by_quotes(v, a, b);
        all_quoted &= covered;
        if covered {
            for &q in &inq {
                pieces.push(quotes[q].inner);
                qs.push(quotes[q].inner);
                open_quote = quotes[q].runs_on;
            }
        } else {
            pieces.push(v.span_of(a, b));
            for &q in &inq {
                // A quotation cut by the range's edge is not a fragment of it.
                if v.span_of(a, b).contains(quotes[q].outer) {
                    qs.push(quotes[q].inner);
                }
            }
        }
    }
    if pieces.is_empty() || words == 0 {
        return None;
    }
    let kind = if all_quoted {
        StatementKind::Direct
    } else if qs.is_empty() {
        StatementKind::Indirect
    } else {
        StatementKind::Mixed
    };
    // Reported speech is a clause: a bare phrase ("1,769", "Biden was") is not one, nor
    // is content that opens with a conjunction or "to the" ("to his victories", "and
    // digital ads"), which is a verb's complement, not what was said.
    if kind == StatementKind::Indirect && words < 3 || kind == StatementKind::Mixed && words < 2 {
        return None;
    }
    if kind == StatementKind::Indirect
        && let Some(&(a, _)) = ranges.first()
        && let Some(f) = (a..v.toks.len()).find(|&k| v.toks[k].word)
        && (v.lower_is(f, &["and", "or", "but"]) || (v.lower_is(f, &["to"]) && v.is(f + 1, DET)))
    {
        return None;
    }
    Some(Draft {
        kind,
        pieces,
        quotes: qs,
        speaker,
        cue,
        stance,
        via: None,
        block: v.block,
        confidence,
        open_quote,
        wants_content: false,
        turn: false,
        antecedent: None,
        needs_person: false,
    })
}

// ---------------------------------------------------------------------------------------
// Speaker phrases

/// The speaker phrase that ends at token `j` (inclusive), going left; the first token of
/// the unit is `floor`.
fn np_before(v: &BlockView, floor: usize, j: usize) -> Option<(usize, usize)> {
    let t = v.toks.get(j)?;
    if !t.word || t.quote.is_some() {
        return None;
    }
    if v.class(j) & PRONOUN != 0 {
        return Some((j, j + 1));
    }
    if v.class(j) & (STOP | TIME | OBJECT | DET) != 0 || t.cue.is_some() {
        return None;
    }
    let mut k = j;
    while k > floor {
        let p = &v.toks[k - 1];
        let class = v.class(k - 1);
        if !p.word || p.quote.is_some() || class & (TIME | PRONOUN) != 0 {
            break;
        }
        if class & AUX != 0 && class & PRONOUN == 0 {
            // "Rubio has broken many promises": a verb group, not a speaker phrase.
            return None;
        }
        if class & DET != 0 {
            k -= 1;
            // "the head of the delegation", "a source close to the talks"
            let joins = k >= floor + 2
                && v.toks[k - 1].word
                && (v.lower_is(k - 1, &["of", "for"])
                    || (v.is(k - 1, STOP) && v.is(k - 2, BRIDGE)));
            if joins {
                continue;
            }
            break;
        }
        if class & STOP != 0 {
            let bridged = k >= floor + 2 && v.is(k - 2, BRIDGE);
            let joined =
                v.lower_is(k - 1, &["and"]) && v.toks[k].cap && k >= 2 && v.toks[k - 2].cap;
            if bridged {
                k -= 2;
                continue;
            }
            if joined {
                k -= 1;
                continue;
            }
            break;
        }
        if j + 1 - k >= 10 {
            break;
        }
        k -= 1;
    }
    if v.class(k) & DET != 0 && k == j {
        return None;
    }
    Some((k, j + 1))
}

/// The speaker phrase that starts at token `i`, going right, up to `limit`.
fn np_after(v: &BlockView, i: usize, limit: usize) -> Option<(usize, usize)> {
    let t = v.toks.get(i)?;
    if i >= limit || !t.word || t.quote.is_some() || v.class(i) & (STOP | TIME) != 0 {
        return None;
    }
    if v.class(i) & PRONOUN != 0 {
        return Some((i, i + 1));
    }
    let mut k = i;
    while k < limit {
        let p = &v.toks[k];
        if !p.word || p.quote.is_some() || p.cue.is_some() {
            break;
        }
        if k > i && v.class(k) & (STOP | TIME) != 0 {
            let bridged = v.is(k - 1, BRIDGE);
            let joined = v.lower_is(k, &["and"])
                && v.toks[k - 1].cap
                && v.toks.get(k + 1).is_some_and(|n| n.cap);
            if !(bridged || joined) {
                break;
            }
        }
        if v.class(k) & PRONOUN != 0 && k > i {
            break;
        }
        k += 1;
        if k - i >= 10 {
            break;
        }
    }
    // A trailing determiner or bridge belongs to what follows, not to the phrase.
    while k > i && v.class(k - 1) & (DET | STOP) != 0 {
        k -= 1;
    }
    (k > i && !(k == i + 1 && v.class(i) & DET != 0)).then_some((i, k))
}

// ---------------------------------------------------------------------------------------
// Units

/// Skips what may stand between a cue and its content: settings ("in a statement"), time
/// ("on Tuesday"), the hearer of "told", "that". Returns the content's first token,
/// whether a colon introduced it, and whether anything ("that", a colon, a comma before a
/// quotation) introduced it.
fn skip_after_cue(
    v: &BlockView,
    rules: &AttributionRules,
    mut t: usize,
    b: usize,
    frame: Frame,
) -> (usize, bool, bool) {
    if frame == Frame::Tell && t < b {
        if v.is(t, HEARER) {
            t += 1;
        } else if v.toks[t].word
            && v.toks[t].quote.is_none()
            && v.class(t) & STOP == 0
            && let Some((_, e)) = np_after(v, t, b)
        {
            t = e;
        }
    }
    let mut colon = false;
    let mut introduced = false;
    for _ in 0..6 {
        if t >= b {
            break;
        }
        if let Some(c) = v.toks[t].cue.map(|c| c as usize)
            && rules.cue_entries[v.cues[c].entry].frame == Frame::Setting
        {
            t = v.cues[c].end;
            continue;
        }
        if v.is(t, TIME) {
            t += 1;
            continue;
        }
        if v.lower_is(t, &["on", "in", "at", "this", "late", "early"])
            && (t + 1..(t + 4).min(b)).any(|k| v.is(k, TIME))
        {
            let k = (t + 1..(t + 4).min(b))
                .find(|&k| v.is(k, TIME))
                .unwrap_or(t);
            if v.toks[t + 1..=k].iter().all(|x| x.word) {
                t = k + 1;
                continue;
            }
        }
        // "said after the meeting that …", "told reporters at the White House on
        // Feb. 13: …": a circumstance before "that" or a colon.
        if v.is(t, STOP)
            && !v.lower_is(t, &["that"])
            && let Some(k) = (t + 1..(t + 13).min(b))
                .take_while(|&k| {
                    v.toks[k].quote.is_none() && (v.toks[k].word || v.punct(k, &[':', '.']))
                })
                .find(|&k| v.punct(k, &[':']) || v.lower_is(k, &["that"]))
        {
            colon = v.punct(k, &[':']);
            introduced = true;
            t = k + 1;
            break;
        }
        if is_adverb(v, t) {
            t += 1;
            continue;
        }
        if v.lower_is(t, &["that"]) && v.toks[t].word {
            introduced = true;
            t += 1;
            break;
        }
        if v.punct(t, &[':']) {
            colon = true;
            introduced = true;
            t += 1;
            break;
        }
        if v.punct(t, &[',']) && v.toks.get(t + 1).is_some_and(|n| n.quote.is_some()) {
            introduced = true;
            t += 1;
            break;
        }
        break;
    }
    (t, colon, introduced)
}

/// Is [t, b) nothing but closing punctuation?
fn at_end(v: &BlockView, t: usize, b: usize) -> bool {
    v.toks[t.min(b)..b]
        .iter()
        .all(|x| !x.word && x.quote.is_none())
}

/// Reads the statements of one unit, tokens [a, b).
#[allow(clippy::too_many_arguments)]
fn read_unit(
    v: &BlockView,
    rules: &AttributionRules,
    quotes: &[QuoteSpan],
    ui: usize,
    a: usize,
    b: usize,
    prev_block: Option<usize>,
    drafts: &mut Vec<Draft>,
) {
    let unit_first = drafts.len();
    // Where the content of the next statement may start (after the last one's end).
    let mut free = a;
    let mut claimed_until = a;
    let mut vias: Vec<String> = Vec::new();
    let mut i = a;
    while i < b {
        // The next cue from `i` on, from the block's cues (in text order, a few a block)
        // rather than from a walk over the unit's tokens.
        let Some(&hit) = v
            .cues
            .get(v.cues.partition_point(|c| c.start < i))
            .filter(|c| c.start < b)
        else {
            break;
        };
        i = hit.start;
        let entry = &rules.cue_entries[hit.entry];
        let tok = v.toks[i];
        if tok.quote.is_some() || entry.frame == Frame::Setting {
            i = hit.end.max(i + 1);
            continue;
        }
        // Verb cues are written in lower case; a capital is a name or a headline word.
        if tok.cap && entry.frame != Frame::According && i != a {
            i = hit.end;
            continue;
        }
        if i < claimed_until && !is_participle(v, i) {
            i = hit.end;
            continue;
        }
        let cue_span = v.span_of(i, hit.end);
        let stance = Some(entry.stance.clone());
        match entry.frame {
            Frame::Via => {
                if let Some((s, e)) = np_after(v, hit.end, b) {
                    vias.push(v.doc.slice(v.span_of(s, e)).to_string());
                    i = e;
                } else {
                    i = hit.end;
                }
                continue;
            }
            Frame::According => {
                let Some((s, e)) = np_after(v, hit.end, b) else {
                    i = hit.end;
                    continue;
                };
                let speaker = v.span_of(s, e);
                let name = v.doc.slice(speaker);
                let is_channel = channel(rules, name);
                let leading = trim_range(v, free, i).0 >= i;
                let ranges = if leading {
                    // According to X, CONTENT.
                    let mut t = e;
                    while t < b && !v.punct(t, &[',']) && t - e < 8 {
                        t += 1;
                    }
                    vec![((t + 1).min(b), b)]
                } else {
                    vec![(free, i)]
                };
                if is_channel && (drafts.len() > unit_first || leading_anaphor(v, a, i)) {
                    vias.push(name.to_string());
                    i = e;
                    continue;
                }
                let end = ranges[0].1;
                if let Some(mut d) = content_draft(
                    v,
                    quotes,
                    &ranges,
                    Some(speaker),
                    Some(cue_span),
                    stance,
                    0.9,
                ) {
                    if is_channel {
                        d.via = Some(name.to_string());
                    }
                    drafts.push(d);
                    claimed_until = end.max(e);
                    free = claimed_until;
                }
                i = e.max(hit.end);
                continue;
            }
            Frame::Say | Frame::Write | Frame::Tell | Frame::Setting => {}
        }
        // "many promises", "his claims": a plural noun, not a verb.
        if v.text(i).ends_with('s')
            && i > a
            && (v.is(i - 1, DET | QUANT) || v.toks[i - 1].word && v.text(i - 1).ends_with("’s"))
        {
            i = hit.end;
            continue;
        }
        // "to say" and "declined to say" are no statements.
        if i > a && v.lower_is(i - 1, &["to"]) && !(i >= a + 3 && v.lower_is(i - 2, &["on"])) {
            i = hit.end;
            continue;
        }
        // Passive: "This was stated by X".
        if i > a
            && v.lower_is(i - 1, &["was", "were", "is", "been"])
            && v.toks.get(hit.end).is_some_and(|t| t.word)
            && v.lower_is(hit.end, &["by"])
        {
            if let Some((s, e)) = np_after(v, hit.end + 1, b)
                && let Some(range) = anaphor_content(v, ui, a, i)
            {
                let speaker = v.span_of(s, e);
                if let Some(d) =
                    anaphoric_draft(v, quotes, range, prev_block, speaker, cue_span, stance)
                {
                    drafts.push(d);
                    claimed_until = b;
                    free = b;
                }
                i = e;
                continue;
            }
            i = hit.end;
            continue;
        }
        // Participle: "…, adding that …" continues the statement before it.
        if is_participle(v, i) && i > a && v.punct(i - 1, &[',']) {
            let speaker = drafts[unit_first..]
                .last()
                .and_then(|d| d.speaker)
                .or_else(|| subject_of_unit(v, a, i));
            let (t, _, _) = skip_after_cue(v, rules, hit.end, b, entry.frame);
            if !at_end(v, t, b)
                && let Some(mut d) =
                    content_draft(v, quotes, &[(t, b)], speaker, Some(cue_span), stance, 0.8)
            {
                d.confidence = 0.8;
                drafts.push(d);
                claimed_until = b;
                free = b;
            }
            i = b;
            continue;
        }
        // Speaker before the cue.
        let mut j = i;
        while j > a && (v.is(j - 1, AUX) || is_adverb(v, j - 1)) {
            j -= 1;
        }
        let mut speaker_np = if j > a { np_before(v, a, j - 1) } else { None };
        let mut appositive_start = None;
        // "Sen. Bernie Sanders (I-Vt.) said …": the name before the bracket.
        if speaker_np.is_none()
            && j > a + 2
            && v.punct(j - 1, &[')'])
            && let Some(open) = (j.saturating_sub(10).max(a)..j - 1)
                .rev()
                .find(|&k| v.punct(k, &['(']))
            && open > a
            && let Some((s0, _)) = np_before(v, a, open - 1)
        {
            speaker_np = Some((s0, j));
        }
        let closer = j > a + 1 && (v.punct(j - 1, &[',']) || dash_tok(v, j - 1));
        if speaker_np.is_none() && closer {
            // "X, the Kremlin aide, said …" / "X, who …, said …" / "X — and Y — said …"
            let dash = dash_tok(v, j - 1);
            let opener = |k: usize| {
                if dash {
                    dash_tok(v, k)
                } else {
                    v.punct(k, &[','])
                }
            };
            if let Some(p) = (a..j - 1).rev().find(|&k| opener(k))
                && p > a
                && v.toks[p + 1..j - 1].iter().all(|t| t.quote.is_none())
                && j - 1 - p <= 14
                && !at_end(v, skip_after_cue(v, rules, hit.end, b, entry.frame).0, b)
                && let Some((s, e)) = np_before(v, a, p - 1)
                && (s == a || !v.toks[s - 1].word || v.is(s - 1, STOP))
            {
                speaker_np = Some((s, e));
                appositive_start = Some(s);
            }
        }
        // "Barkley, who said he votes Democratic, said …": the relative pronoun speaks
        // for the name before its comma.
        if speaker_np.is_none()
            && j > a + 2
            && v.toks[j - 1].word
            && v.lower_is(j - 1, &["who"])
            && v.punct(j - 2, &[','])
            && let Some((s0, e0)) = np_before(v, a, j - 3)
        {
            speaker_np = Some((s0, e0));
            let (t, _, _) = skip_after_cue(v, rules, hit.end, b, entry.frame);
            // The relative clause ends at its closing comma.
            let close = (t..b).find(|&k| v.punct(k, &[','])).unwrap_or(b);
            if let Some(mut d) = content_draft(
                v,
                quotes,
                &[(t, close)],
                Some(v.toks[j - 1].span),
                Some(cue_span),
                stance,
                0.85,
            ) {
                // The mention is "who"; the person is its antecedent.
                d.antecedent = Some(v.span_of(s0, e0));
                drafts.push(d);
            }
            i = close.max(hit.end);
            continue;
        }
        // "MP Andriy Kostin who also took part in the talks noted that …": the phrase
        // before the cue ends a relative clause; the speaker is the name before "who".
        if let Some((s, _)) = speaker_np
            && let Some(w) = (a..s)
                .rev()
                .take(20)
                .take_while(|&k| v.toks[k].word)
                .find(|&k| v.lower_is(k, &["who"]))
            && w > a
            && let Some((s0, e0)) = np_before(v, a, w - 1)
            && v.toks[s0..e0].iter().any(|t| t.cap)
        {
            speaker_np = Some((s0, e0));
        }
        if let Some((s, e)) = speaker_np {
            if s > a && v.is(s - 1, WHAT) {
                // "what X said" is a noun clause, not a report.
                i = hit.end;
                continue;
            }
            let speaker = v.span_of(s, e);
            let (t, colon, introduced) = skip_after_cue(v, rules, hit.end, b, entry.frame);
            let conf = if v.class(s) & PRONOUN != 0 { 0.75 } else { 0.9 };
            // "X said this" / "X said so": the content came before.
            if v.is(hit.end, ANAPHOR) {
                let (t2, _, _) = skip_after_cue(v, rules, hit.end + 1, b, Frame::Say);
                if at_end(v, t2, b)
                    && let Some(range) = anaphor_content(v, ui, a, s)
                {
                    if let Some(d) =
                        anaphoric_draft(v, quotes, range, prev_block, speaker, cue_span, stance)
                    {
                        drafts.push(d);
                        claimed_until = b;
                        free = b;
                    }
                    i = b;
                    continue;
                }
            }
            let start_of_np = appositive_start.unwrap_or(s);
            let lead = trim_range(v, free, start_of_np);
            let has_lead = v.toks[lead.0..lead.1.max(lead.0)].iter().any(|x| x.word);
            let lead_quoted = has_lead && covered_by_quotes(v, lead.0, lead.1);
            let rest_quoted = {
                let mut k = t;
                while k < b && !v.toks[k].word && v.toks[k].quote.is_none() {
                    k += 1;
                }
                k < b && v.toks[k].quote.is_some()
            };
            // After content that came first, what follows the cue is circumstance
            // ("…," she said after the meeting), unless a quotation resumes.
            let circumstance = has_lead
                && t < b
                && !introduced
                && ((lead_quoted && !rest_quoted)
                    || v.is(t, CIRC)
                    || (v.punct(t, &[',']) && v.is(t + 1, DET) && !rest_quoted));
            if at_end(v, t, b) || circumstance {
                // Content before: "…," X said. / …, X said.
                let lead = trim_range(v, free, start_of_np);
                // "Speaking in Kyiv, the minister said:" introduces what follows.
                let intro = at_end(v, t, b) && (colon || v.punct(b - 1, &[':'])) && !lead_quoted;
                if lead.0 < lead.1 && !intro {
                    if let Some(mut d) = content_draft(
                        v,
                        quotes,
                        &[(free, start_of_np)],
                        Some(speaker),
                        Some(cue_span),
                        stance,
                        conf,
                    ) {
                        if dash_tok(v, start_of_np - 1) {
                            make_verbatim(&mut d);
                        }
                        drafts.push(d);
                        // What follows may report on its own ("…, adding that …").
                        free = t;
                        claimed_until = t;
                    }
                } else if intro {
                    // "X said:" with the quotation to come.
                    drafts.push(Draft {
                        kind: StatementKind::Indirect,
                        pieces: Vec::new(),
                        quotes: Vec::new(),
                        speaker: Some(speaker),
                        cue: Some(cue_span),
                        stance,
                        via: None,
                        block: v.block,
                        confidence: conf,
                        open_quote: false,
                        wants_content: true,
                        turn: false,
                        antecedent: None,
                        needs_person: false,
                    });
                    free = b;
                    claimed_until = b;
                }
                i = t.max(hit.end);
                continue;
            }
            if entry.frame == Frame::Write && !introduced && !rest_quoted {
                i = hit.end;
                continue;
            }
            // Content after; a quotation before the speaker joins it ("A," he said, "B.").
            let mut ranges = Vec::new();
            if lead.0 < lead.1 && covered_by_quotes(v, lead.0, lead.1) {
                ranges.push(lead);
            }
            // The content ends where another statement's speaker-and-cue begins.
            let end = content_end(v, t, b);
            ranges.push((t, end));
            if let Some(d) = content_draft(
                v,
                quotes,
                &ranges,
                Some(speaker),
                Some(cue_span),
                stance,
                conf,
            ) {
                drafts.push(d);
                claimed_until = end;
                free = end;
            }
            i = end.max(hit.end);
            continue;
        }
        // Speaker after the cue: "…," said X.
        let after_content = j > a
            && (v.punct(j - 1, &[','])
                || v.toks[j - 1].quote.is_some()
                || v.punct(j - 1, &['—', '–', '-']));
        if after_content && let Some((s, e)) = np_after(v, hit.end, b) {
            let speaker = v.span_of(s, e);
            let mut ranges = vec![(free, j)];
            // "…," said X, "…."
            let mut t = e;
            while t < b && !v.toks[t].word && v.toks[t].quote.is_none() {
                t += 1;
            }
            if t < b && v.toks[t].quote.is_some() {
                ranges.push((t, b));
            }
            let conf = if v.class(s) & PRONOUN != 0 { 0.75 } else { 0.9 };
            if let Some(mut d) = content_draft(
                v,
                quotes,
                &ranges,
                Some(speaker),
                Some(cue_span),
                stance,
                conf,
            ) {
                if dash_tok(v, j - 1) {
                    make_verbatim(&mut d);
                }
                drafts.push(d);
                free = b;
                claimed_until = b;
            }
            i = b;
            continue;
        }
        // A cue coordinated with the one before: "… misspoke but noted that …",
        // "…, called her “third-rate” and …".
        let coordinated = j > a
            && drafts.len() > unit_first
            && (v.punct(j - 1, &[','])
                || (v.toks[j - 1].word && v.lower_is(j - 1, &["and", "but"])));
        // "McConnell embraced the nominee and said this week that …": a cue coordinated
        // with the sentence's own verb speaks for its subject.
        let and_subject = !coordinated
            && j > a + 1
            && v.toks[j - 1].word
            && v.lower_is(j - 1, &["and"])
            && drafts.len() == unit_first;
        if coordinated || and_subject {
            let speaker = if coordinated {
                drafts.last().and_then(|d| d.speaker)
            } else {
                subject_of_unit(v, a, j - 1)
            };
            let (t, _, _) = skip_after_cue(v, rules, hit.end, b, entry.frame);
            let end = content_end(v, t, b);
            if !at_end(v, t, end)
                && let Some(d) =
                    content_draft(v, quotes, &[(t, end)], speaker, Some(cue_span), stance, 0.8)
            {
                drafts.push(d);
                claimed_until = end;
                free = end;
            }
            i = end.max(hit.end);
            continue;
        }
        i = hit.end;
    }
    // Channels: "according to Russian media", "citing sources", "TASS reported".
    if !vias.is_empty() {
        let via = vias.join(", ");
        if let Some(d) = drafts[unit_first..].last_mut()
            && d.via.is_none()
        {
            d.via = Some(via);
        }
    }
    if drafts.len() > unit_first {
        merge_channel_reports(v, rules, drafts, unit_first);
    }
}

/// "…, Putin said, TASS reported": a channel's report of a statement in the same unit is
/// the statement's `via`, not a statement of its own.
fn merge_channel_reports(
    v: &BlockView,
    rules: &AttributionRules,
    drafts: &mut Vec<Draft>,
    first: usize,
) {
    let n = drafts.len();
    if n - first < 2 {
        return;
    }
    let mut k = first + 1;
    while k < drafts.len() {
        let is_channel = drafts[k]
            .speaker
            .is_some_and(|s| channel(rules, v.doc.slice(s)));
        let other_covers = drafts[k - 1].speaker.is_some()
            && drafts[k].pieces.iter().all(|p| {
                drafts[k - 1].speaker.is_some_and(|s| p.contains(s))
                    || p.start <= drafts[k - 1].cue.map_or(0, |c| c.start)
            });
        if is_channel && other_covers {
            let name = drafts[k].speaker.map(|s| v.doc.slice(s).to_string());
            drafts.remove(k);
            drafts[k - 1].via = name;
            continue;
        }
        k += 1;
    }
}

fn dash_tok(v: &BlockView, k: usize) -> bool {
    v.toks
        .get(k)
        .is_some_and(|t| !t.word && t.quote.is_none() && is_dash(t.ch))
}

/// "…, - said X": in dash-introduced speech the part before the dash is verbatim.
fn make_verbatim(d: &mut Draft) {
    if d.kind != StatementKind::Direct {
        d.kind = StatementKind::Direct;
        d.quotes = d.pieces.clone();
    }
}

/// Is this text a channel ("Russian media", "TASS")?
fn channel(rules: &AttributionRules, name: &str) -> bool {
    let name = name.trim();
    let mut found = false;
    rules.channels.each_match(name.as_bytes(), |_, s, e| {
        found |= e == name.len() && boundary_ok(name, s, e);
    });
    found
}

fn is_participle(v: &BlockView, i: usize) -> bool {
    v.text(i).ends_with("ing")
}

fn is_adverb(v: &BlockView, i: usize) -> bool {
    let t = v.toks[i];
    t.word && !t.cap && v.text(i).ends_with("ly") && t.quote.is_none() && v.class(i) & STOP == 0
}

/// Does the unit open with "This", "That", "It" before token `i`?
fn leading_anaphor(v: &BlockView, a: usize, i: usize) -> bool {
    (a..i).any(|k| v.is(k, ANAPHOR))
}

/// The subject of a unit's main clause, for cues that continue it ("…, telling
/// reporters …", "… and said …"): the last clause-initial noun phrase before `i` (at the
/// unit's start or after a comma) that is a name or a pronoun, else the first one. A name
/// ends at the first lower-case word ("McConnell embraced …"); a phrase with a determiner
/// takes at most three more words.
fn subject_of_unit(v: &BlockView, a: usize, i: usize) -> Option<Span> {
    let mut first: Option<(usize, usize)> = None;
    let mut named: Option<(usize, usize)> = None;
    for k in a..i {
        let clause_start = k == a || v.punct(k - 1, &[',']);
        // "Having …," / "Speaking …," open participle phrases, not subjects.
        let opens_phrase = is_participle(v, k)
            && !v.is(k + 1, AUX)
            && (k + 1..i.min(k + 12)).any(|x| v.punct(x, &[',']));
        if !clause_start || v.is(k, STOP | CIRC) || opens_phrase {
            continue;
        }
        let Some((s, mut e)) = np_after(v, k, i) else {
            continue;
        };
        let (cap, class) = (v.toks[s].cap, v.class(s));
        if class & PRONOUN != 0 {
            e = s + 1;
        } else if cap && class & DET == 0 {
            e = (s..e).find(|&x| !v.toks[x].cap).unwrap_or(e);
        } else if class & DET != 0 {
            e = e.min(s + 4);
        }
        if e <= s {
            continue;
        }
        first.get_or_insert((s, e));
        if class & PRONOUN != 0 || (cap && class & DET == 0) {
            named = Some((s, e));
        }
    }
    named.or(first).map(|(s, e)| v.span_of(s, e))
}

/// Where the content starting at `t` ends: the unit's end, or a comma before a new cue
/// that reports on its own ("…, according to Y", "…, adding that …").
fn content_end(v: &BlockView, t: usize, b: usize) -> usize {
    // The new cue comes after the comma or conjunction, at most at `b`: no comma past the
    // last cue token can end the content, and most units have no second cue at all.
    let last = b.min(v.toks.len().saturating_sub(1));
    let Some(last_cue) = (t + 1..=last).rev().find(|&n| v.toks[n].cue.is_some()) else {
        return b;
    };
    for k in t..b.min(last_cue) {
        if v.toks[k].quote.is_some() {
            continue;
        }
        let comma = v.punct(k, &[',']);
        let conj = v.toks[k].word && v.lower_is(k, &["and", "but"]);
        if !(comma || conj) {
            continue;
        }
        let mut n = k + 1;
        while n < b && v.is(n, AUX) {
            n += 1;
        }
        if v.toks.get(n).is_none_or(|x| x.cue.is_none()) {
            continue;
        }
        let according = v.lower_is(n, &["according"]);
        if v.toks[n].cap && !according {
            continue;
        }
        if according || is_participle(v, n) || conj {
            return k;
        }
    }
    b
}

/// The content an anaphoric attribution points at: the units before it in its block, or
/// the previous block when it opens its block. `s` is the first token of the attribution.
fn anaphor_content(v: &BlockView, ui: usize, a: usize, s: usize) -> Option<AnaphorRange> {
    let _ = s;
    if ui > 0 {
        let start = v.units[0].0;
        if start < a {
            return Some(AnaphorRange::Here(start, a));
        }
    }
    Some(AnaphorRange::PreviousBlock)
}

enum AnaphorRange {
    Here(usize, usize),
    PreviousBlock,
}

fn anaphoric_draft(
    v: &BlockView,
    quotes: &[QuoteSpan],
    range: AnaphorRange,
    prev_block: Option<usize>,
    speaker: Span,
    cue: Span,
    stance: Option<String>,
) -> Option<Draft> {
    match range {
        AnaphorRange::Here(s, e) => {
            let mut d = content_draft(v, quotes, &[(s, e)], Some(speaker), Some(cue), stance, 0.7)?;
            d.block = v.block;
            Some(d)
        }
        AnaphorRange::PreviousBlock => {
            let pb = prev_block?;
            let bk = &v.doc.blocks[pb];
            if bk.kind != BlockKind::Paragraph && bk.kind != BlockKind::ListItem {
                return None;
            }
            let text = v.doc.slice(bk.span);
            let trimmed = text.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
            let span = Span::new(bk.span.start, bk.span.start + trimmed.len());
            let inner: Vec<Span> = quotes
                .iter()
                .filter(|q| span.contains(q.outer))
                .map(|q| q.inner)
                .collect();
            Some(Draft {
                kind: if inner.is_empty() {
                    StatementKind::Indirect
                } else {
                    StatementKind::Mixed
                },
                pieces: vec![span],
                quotes: inner,
                speaker: Some(speaker),
                cue: Some(cue),
                stance,
                via: None,
                block: pb,
                confidence: 0.7,
                open_quote: false,
                wants_content: false,
                turn: false,
                antecedent: None,
                needs_person: false,
            })
        }
    }
}

// ---------------------------------------------------------------------------------------
// Blocks of their own shape

/// A transcript turn: "Vladimir Putin: …", "Q: …" at the start of a unit.
fn transcript_turn(v: &BlockView, a: usize, b: usize) -> Option<Draft> {
    // A transcript quoted whole reopens the quotation at every turn ("“SMITH: …"): the
    // label stands after the opening mark.
    let opens_quote = |k: usize| {
        v.toks
            .get(k)
            .is_some_and(|t| !t.word && matches!(t.ch, '"' | '“' | '«' | '„'))
    };
    let block_start = if opens_quote(0) { 1 } else { 0 };
    let a = if a == 0 { block_start } else { a };
    let colon = (a..b.min(a + 14)).find(|&k| v.punct(k, &[':']))?;
    if colon == a || colon + 1 >= b {
        return None;
    }
    let label = &v.toks[a..colon];
    let q_or_a = colon == a + 1 && matches!(v.text(a), "Q" | "A" | "Question" | "Answer");
    // Broadcast transcripts label turns with a surname in capitals ("SMITH: …").
    let shouted = colon == a + 1
        && a == block_start
        && v.toks[a].word
        && v.text(a).chars().count() >= 2
        && v.text(a).chars().all(|c| c.is_uppercase());
    let q_or_a = q_or_a || shouted;
    // A label is a name with its titles: capitalised words, joiners ("of", "von"), and
    // anything in brackets ("(retranslated)").
    let mut depth = 0usize;
    let named = (a..colon).all(|k| {
        let t = &v.toks[k];
        if !t.word {
            match t.ch {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            return t.quote.is_none() && matches!(t.ch, '(' | ')' | '[' | ']' | '.' | ',');
        }
        depth > 0 || t.cap || v.class(k) & (NAMEJOIN | DET) != 0
    }) && label.iter().filter(|t| t.word && t.cap).count() >= 2;
    if !(q_or_a || named) {
        return None;
    }
    // A label ends with a name: the last word is capitalised and not a function word.
    if !q_or_a && label.last().is_some_and(|t| t.word && !t.cap) {
        return None;
    }
    let speaker = v.span_of(a, colon);
    let (s, e) = trim_range(v, colon + 1, b);
    if s >= e {
        return None;
    }
    Some(Draft {
        kind: StatementKind::Direct,
        pieces: vec![v.span_of(s, e)],
        quotes: vec![v.span_of(s, e)],
        speaker: Some(speaker),
        cue: None,
        stance: None,
        via: None,
        block: v.block,
        confidence: 0.85,
        open_quote: false,
        wants_content: false,
        turn: true,
        antecedent: None,
        needs_person: !q_or_a,
    })
}

/// A headline "Witkoff: Trump's diplomacy yields progress".
fn headline(v: &BlockView) -> Option<Draft> {
    let (a, b) = (0, v.toks.len());
    let colon = (a..b.min(a + 8)).find(|&k| v.punct(k, &[':']))?;
    if colon == a || colon + 2 >= b {
        return None;
    }
    let label = &v.toks[a..colon];
    if !(a..colon).all(|k| v.toks[k].word && (v.toks[k].cap || v.is(k, STOP | DET)))
        || !label.last().is_some_and(|t| t.cap)
    {
        return None;
    }
    let (s, e) = trim_range(v, colon + 1, b);
    if s >= e {
        return None;
    }
    let covered = covered_by_quotes(v, s, e);
    let span = v.span_of(s, e);
    Some(Draft {
        kind: if covered {
            StatementKind::Direct
        } else {
            StatementKind::Indirect
        },
        pieces: vec![span],
        quotes: Vec::new(),
        speaker: Some(v.span_of(a, colon)),
        cue: Some(v.toks[colon].span),
        stance: Some("neutral".to_string()),
        via: None,
        block: v.block,
        confidence: 0.6,
        open_quote: false,
        wants_content: false,
        turn: false,
        antecedent: None,
        needs_person: true,
    })
}

/// Dash-introduced speech, from the unit starting at token `a`:
/// `- We do not want war, - said the minister.` The spoken part may run over sentences; the attribution follows
/// the dash that closes it. Gives the draft and the token where the attribution's
/// sentence ends.
fn dash_speech(v: &BlockView, rules: &AttributionRules, a: usize) -> Option<(Draft, usize)> {
    let first = v.toks.get(a)?;
    // A list item whose marker was a dash opened with one too ("- We will …").
    let marker = a == 0
        && v.doc.blocks[v.block].kind == BlockKind::ListItem
        && v.doc.text[..v.doc.blocks[v.block].span.start]
            .trim_end()
            .ends_with(is_dash);
    if !marker && (first.word || !is_dash(first.ch) || first.quote.is_some()) {
        return None;
    }
    let from = if marker { a } else { a + 1 };
    let b = v.toks.len();
    let horizon = (from + 200).min(b);
    // The dash that closes the spoken part, followed closely by a cue.
    let close = (from..horizon).find(|&k| {
        !v.toks[k].word
            && is_dash(v.toks[k].ch)
            && v.toks[k].quote.is_none()
            && v.toks[k + 1..(k + 4).min(b)].iter().any(|t| {
                t.cue.is_some_and(|c| {
                    matches!(
                        rules.cue_entries[v.cues[c as usize].entry].frame,
                        Frame::Say | Frame::Write | Frame::Tell
                    )
                })
            })
    })?;
    // Another dash-introduced line before it: that one had no attribution.
    if (from..close).any(|k| {
        !v.toks[k].word
            && is_dash(v.toks[k].ch)
            && k > 0
            && matches!(v.toks[k - 1].ch, '.' | '!' | '?')
            && !v.toks[k - 1].word
    }) {
        return None;
    }
    let (s, e) = trim_range(v, from, close);
    if s >= e {
        return None;
    }
    // The attribution runs to the end of its sentence.
    let send = (close + 1..b)
        .find(|&k| v.punct(k, &['.', '!', '?']))
        .unwrap_or(b);
    let (ci, hit) =
        (close + 1..send).find_map(|k| v.toks[k].cue.map(|c| (k, v.cues[c as usize])))?;
    let entry = &rules.cue_entries[hit.entry];
    let speaker = if ci == close + 1 {
        // "- …, - said X" / "- …, - said after the meeting in Y party official X."
        let clause_end = (hit.end..send)
            .find(|&k| v.punct(k, &[',', ';']))
            .unwrap_or(send);
        np_after(v, hit.end, clause_end).or_else(|| trailing_name(v, hit.end, clause_end))
    } else {
        np_before(v, close + 1, ci - 1)
    }
    .map(|(s, e)| v.span_of(s, e))?;
    let pieces = vec![v.span_of(s, e)];
    let draft = Draft {
        kind: StatementKind::Direct,
        quotes: pieces.clone(),
        pieces,
        speaker: Some(speaker),
        cue: Some(v.span_of(ci, hit.end)),
        stance: Some(entry.stance.clone()),
        via: None,
        block: v.block,
        confidence: 0.85,
        open_quote: false,
        wants_content: false,
        turn: false,
        antecedent: None,
        needs_person: false,
    };
    Some((draft, send))
}

/// The capitalised run that ends the stretch [a, b): the name at the end of an
/// attribution with circumstances ("said after the meeting in Warsaw MP Anna Nowak").
fn trailing_name(v: &BlockView, a: usize, b: usize) -> Option<(usize, usize)> {
    let mut k = b;
    while k > a && v.toks[k - 1].word && v.toks[k - 1].cap && v.toks[k - 1].quote.is_none() {
        k -= 1;
    }
    (k < b).then_some((k, b))
}

// ---------------------------------------------------------------------------------------
// Record

/// The name a speaker phrase gives when no person is resolved: its capitalised tail
/// ("Putin’s aide Yuri Ushakov" → "Yuri Ushakov"), for proper names only.
fn name_of_mention(mention: &str, rules: &AttributionRules) -> Option<String> {
    // The words, as byte ranges of the mention.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut open = None;
    for (i, c) in mention.char_indices() {
        if !c.is_whitespace() {
            open = open.or(Some(i));
        } else if let Some(s) = open.take() {
            words.push((s, i));
        }
    }
    if let Some(s) = open {
        words.push((s, mention.len()));
    }
    let word = |k: usize| &mention[words[k].0..words[k].1];
    let last = word(words.len().checked_sub(1)?);
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if !cap(last) {
        return None;
    }
    if words.len() == 1 && rules.class_of(last) & PRONOUN != 0 {
        return None;
    }
    let mut k = words.len();
    while k > 0 {
        let w = word(k - 1);
        let possessive = w.ends_with("’s") || w.ends_with("'s");
        if possessive && k < words.len() {
            break;
        }
        if cap(w) || (rules.class_of(w) & NAMEJOIN != 0 && k < words.len() && k > 1) {
            k -= 1;
            continue;
        }
        break;
    }
    // The words from k on with single spaces: the mention's own text when it has them so,
    // as nearly always, else joined.
    let joined;
    let name = match words.get(k) {
        None => "",
        Some(&(from, _)) => {
            let single_spaced = words[k..]
                .windows(2)
                .all(|w| w[1].0 == w[0].1 + 1 && mention.as_bytes()[w[0].1] == b' ');
            if single_spaced {
                &mention[from..words[words.len() - 1].1]
            } else {
                joined = (k..words.len()).map(word).collect::<Vec<_>>().join(" ");
                joined.as_str()
            }
        }
    };
    // (A strip_prefix loop: `trim_start_matches("The ")` builds a substring searcher.)
    let mut name = name;
    while let Some(rest) = name.strip_prefix("The ") {
        name = rest;
    }
    let initial_only = words.len() - k == 1 && name.chars().count() <= 1;
    (!name.is_empty() && !initial_only).then(|| name.to_string())
}

fn finish(
    doc: &Document,
    rules: &AttributionRules,
    people: &People,
    drafts: Vec<Draft>,
) -> Vec<Statement> {
    // A statement per draft at most: one allocation, not a doubling series of copies of
    // the large records.
    let mut out: Vec<Statement> = Vec::with_capacity(drafts.len());
    let mut offsets = doc.char_cursor();
    // The statement of the last named speaker (index into `out`), for pronouns and role
    // nouns that people could not resolve.
    let mut last_named: Option<usize> = None;
    let mut pieces: Vec<Span> = Vec::new();
    for d in drafts {
        if d.pieces.is_empty() {
            continue;
        }
        pieces.clear();
        pieces.extend(
            d.pieces
                .iter()
                .map(|p| clean_span(doc, *p, d.kind == StatementKind::Direct))
                .filter(|p| !p.is_empty()),
        );
        let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
            continue;
        };
        let span = Span::new(first.start, last.end);
        let mut text = String::with_capacity(span.len());
        for (k, p) in pieces.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(doc.slice(*p));
        }
        let mention = d.speaker.map(|s| doc.slice(s).to_string());
        let mut confidence = d.confidence;
        let (mut speaker, mut speaker_name) = (None, None);
        if let Some(s) = d.antecedent.or(d.speaker) {
            let mention = doc.slice(s);
            // A phrase opening with a determiner is a role ("the Prime Minister of the
            // United Kingdom"): its capitalised tail is a complement, not a name.
            let role = mention
                .split_whitespace()
                .next()
                .is_some_and(|w| rules.class_of(w) & DET != 0);
            let tail = (!role).then(|| name_of_mention(mention, rules)).flatten();
            // The head of a phrase with titles is its last name ("Law and Justice MP
            // Marek Suski"); a transcript label may repeat the name in page furniture,
            // so there the first name counts.
            let tail_span = tail
                .as_deref()
                .filter(|t| mention.ends_with(t))
                .map(|t| Span::new(s.end - t.len(), s.end));
            let resolved = if d.turn {
                turn_speaker(doc, people, s)
                    .or_else(|| {
                        people
                            .mentions_in(s)
                            .find(|m| m.kind == MentionKind::Name)
                            .map(|m| m.person)
                    })
                    .or_else(|| people.resolve(doc, s))
            } else {
                // (A tail that is the whole phrase is not looked up twice.)
                tail_span.and_then(|t| people.resolve(doc, t)).or_else(|| {
                    (tail_span != Some(s))
                        .then(|| people.resolve(doc, s))
                        .flatten()
                })
            };
            if let Some(pi) = resolved
                && let Some(p) = people.persons.get(pi)
            {
                speaker = Some(p.id.clone());
                speaker_name = Some(p.name.clone());
            } else if let Some(n) = tail {
                speaker_name = Some(n);
            } else if let Some(named) = last_named.and_then(|i| out.get(i))
                && d.block <= named.paragraph + 3
                && is_personal_pronoun(mention)
            {
                speaker_name = named.speaker_name.clone();
                speaker = named.speaker.clone();
                confidence = confidence.min(0.6);
            }
        }
        // A label is a speaker only when the article names that actor elsewhere too; a
        // section title ("Rising Tensions:") is named nowhere else.
        let known_elsewhere = || {
            d.speaker.is_some_and(|s| {
                people.mentions.iter().any(|m| {
                    !s.overlaps(m.span)
                        && people.persons.get(m.person).map(|p| &p.id) == speaker.as_ref()
                })
            })
        };
        if d.needs_person && !known_elsewhere() {
            continue;
        }
        if speaker_name.is_some() {
            last_named = Some(out.len());
        }
        let char_span = offsets.span(span);
        let quotes = d
            .quotes
            .iter()
            .map(|q| Quote {
                text: doc.slice(*q).to_string(),
                span: offsets.span(*q),
            })
            .collect();
        out.push(Statement {
            id: crate::record::numbered_id("s", out.len() + 1),
            kind: d.kind,
            text,
            span: char_span,
            quotes,
            speaker,
            speaker_name,
            speaker_mention: mention,
            speaker_span: d.speaker.map(|s| offsets.span(s)),
            cue: d.cue.map(|c| doc.slice(c).to_string()),
            cue_span: d.cue.map(|c| offsets.span(c)),
            stance: d.stance,
            via: d.via,
            paragraph: d.block,
            confidence,
        });
    }
    out
}

/// The person a transcript label names: the longest full name of a person the article
/// mentions outside the label that the label's text contains. Copies of transcript pages
/// glue furniture to labels ("President of Brazil Jair Bolsonaro Bolsonaro
/// JairPresident of Brazil"), so the label's own name mention may be spoilt.
fn turn_speaker(doc: &Document, people: &People, label: Span) -> Option<usize> {
    let text = doc.slice(label);
    people
        .persons
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PersonKind::Person && p.name.split_whitespace().count() >= 2)
        .filter(|(_, p)| text.contains(p.name.as_str()))
        .filter(|(i, _)| {
            people
                .mentions
                .iter()
                .any(|m| m.person == *i && !label.overlaps(m.span))
        })
        .max_by_key(|(_, p)| p.name.len())
        .map(|(i, _)| i)
}

/// "he" or "she", which point back at the last person named.
fn is_personal_pronoun(m: &str) -> bool {
    matches!(m.to_lowercase().as_str(), "he" | "she")
}

/// The content as printed: without surrounding white space, and for paraphrase without
/// trailing sentence punctuation.
fn clean_span(doc: &Document, p: Span, direct: bool) -> Span {
    let s = doc.slice(p);
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    let t = if direct {
        t
    } else {
        t.trim_end_matches(['.', ';', ':', ',', ' '])
    };
    Span::new(p.start + lead, p.start + lead + t.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;
    use crate::record::Meta;
    use crate::rules::Rules;

    fn doc_of(blocks: &[(BlockKind, &str)]) -> Document {
        let mut text = String::new();
        let mut out = Vec::new();
        for (kind, p) in blocks {
            let start = text.len();
            text.push_str(p);
            out.push(Block {
                kind: *kind,
                span: Span::new(start, text.len()),
                list: None,
            });
            text.push_str("\n\n");
        }
        let rules = Rules::defaults();
        Document::new(text, out, Meta::default(), &rules.sentences)
    }

    fn run(paras: &[&str]) -> Vec<Statement> {
        let blocks: Vec<(BlockKind, &str)> =
            paras.iter().map(|p| (BlockKind::Paragraph, *p)).collect();
        run_blocks(&blocks)
    }

    fn run_blocks(blocks: &[(BlockKind, &str)]) -> Vec<Statement> {
        let doc = doc_of(blocks);
        let rules = Rules::defaults();
        let quotes = crate::quotes::find(&doc);
        let people = crate::people::find(&doc, &rules.people);
        attribute(&doc, &rules.attribution, &people, &quotes)
    }

    fn one(paras: &[&str]) -> Statement {
        let s = run(paras);
        assert_eq!(s.len(), 1, "{s:#?}");
        s.into_iter().next().unwrap()
    }

    #[test]
    fn quote_then_speaker_and_cue() {
        let s = one(&["“We are ready to talk,” the foreign minister said."]);
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.text, "We are ready to talk,");
        assert_eq!(s.speaker_mention.as_deref(), Some("the foreign minister"));
        assert_eq!(s.cue.as_deref(), Some("said"));
        assert_eq!(s.quotes.len(), 1);
    }

    #[test]
    fn quote_then_cue_and_speaker() {
        let s = one(&["\"The door stays open,\" said Maria Lopez, the envoy."]);
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.speaker_mention.as_deref(), Some("Maria Lopez"));
        assert_eq!(s.speaker_name.as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn speaker_cue_colon_quote() {
        let s = one(&["The chancellor said: “Nobody wants another winter of war.”"]);
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.text, "Nobody wants another winter of war.");
    }

    #[test]
    fn split_quote_is_one_statement() {
        let s = one(&["“The talks were hard,” she said. “But we made progress.”"]);
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.quotes.len(), 2);
        assert_eq!(s.text, "The talks were hard, But we made progress.");
        let s = one(&["\"We came here,\" he said, \"to listen.\""]);
        assert_eq!(s.quotes.len(), 2);
    }

    #[test]
    fn indirect_with_that() {
        let s = one(&["Prime Minister Anna Berg said that the border would stay closed."]);
        assert_eq!(s.kind, StatementKind::Indirect);
        assert_eq!(s.text, "the border would stay closed");
        assert_eq!(
            s.speaker_mention.as_deref(),
            Some("Prime Minister Anna Berg")
        );
        assert_eq!(s.speaker_name.as_deref(), Some("Anna Berg"));
    }

    #[test]
    fn indirect_content_before_speaker() {
        let s = one(&["The ceasefire will hold until Friday, officials said on Monday."]);
        assert_eq!(s.kind, StatementKind::Indirect);
        assert_eq!(s.text, "The ceasefire will hold until Friday");
        assert_eq!(s.speaker_mention.as_deref(), Some("officials"));
        assert_eq!(s.speaker_name, None);
    }

    #[test]
    fn told_skips_the_hearer() {
        let s = one(&["The envoy told reporters the meeting had been postponed."]);
        assert_eq!(s.text, "the meeting had been postponed");
        assert_eq!(s.cue.as_deref(), Some("told"));
        let s = one(&["Smith told the Financial Times that sanctions would stay."]);
        assert_eq!(s.text, "sanctions would stay");
    }

    #[test]
    fn paraphrase_with_fragment_is_mixed() {
        let s = one(&["The spokesman said the proposals were “a basis for further work.”"]);
        assert_eq!(s.kind, StatementKind::Mixed);
        assert_eq!(s.quotes[0].text, "a basis for further work.");
    }

    #[test]
    fn according_to_both_ways() {
        let s = one(&["According to the defence ministry, three drones were shot down."]);
        assert_eq!(s.text, "three drones were shot down");
        assert_eq!(s.speaker_mention.as_deref(), Some("the defence ministry"));
        assert_eq!(s.cue.as_deref(), Some("According to"));
        let s = one(&["Three drones were shot down overnight, according to the governor."]);
        assert_eq!(s.text, "Three drones were shot down overnight");
        assert_eq!(s.speaker_mention.as_deref(), Some("the governor"));
    }

    #[test]
    fn stance_comes_from_the_lexicon() {
        let s = one(&["The ministry denied that troops had crossed the river."]);
        assert_eq!(s.stance.as_deref(), Some("deny"));
        let s = one(&["Jonas Weber warned that prices would rise further."]);
        assert_eq!(s.stance.as_deref(), Some("warn"));
    }

    #[test]
    fn this_was_stated_by_points_back_with_channel() {
        let s = run(&[
            "The two delegations met in Geneva. They agreed to meet again in March.",
            "This was stated by deputy minister Pavel Orlov, according to Russian media.",
        ]);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert!(s[0].text.starts_with("The two delegations met in Geneva"));
        assert_eq!(s[0].speaker_name.as_deref(), Some("Pavel Orlov"));
        assert_eq!(s[0].via.as_deref(), Some("Russian media"));
        assert_eq!(s[0].paragraph, 0);
    }

    #[test]
    fn speaker_said_this_points_back() {
        let s =
            run(&["Talks will resume next week. Foreign Minister Ana Silva said this on Tuesday."]);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].text, "Talks will resume next week");
    }

    #[test]
    fn appositive_between_speaker_and_cue() {
        let s = one(&["Ivan Petrov, the head of the delegation, said the talks would go on."]);
        assert_eq!(s.speaker_mention.as_deref(), Some("Ivan Petrov"));
        assert_eq!(s.text, "the talks would go on");
    }

    #[test]
    fn organisation_speakers() {
        let s = one(&["Ukraine’s Foreign Ministry stated that the vote was illegal."]);
        assert_eq!(
            s.speaker_mention.as_deref(),
            Some("Ukraine’s Foreign Ministry")
        );
        let s = one(&["A source close to the talks said no date had been set."]);
        assert_eq!(
            s.speaker_mention.as_deref(),
            Some("A source close to the talks")
        );
    }

    #[test]
    fn transcript_turns() {
        let s = one(&[
            "Prime Minister Karl Lind received his Danish counterpart in Oslo.",
            "Prime Minister Karl Lind: Thank you. We had a frank discussion today.",
        ]);
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.text, "Thank you. We had a frank discussion today");
        assert_eq!(s.speaker_name.as_deref(), Some("Karl Lind"));
    }

    #[test]
    fn dash_introduced_speech() {
        let s = one(&["- We do not want a new war, - said the minister."]);
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.text, "We do not want a new war");
        assert_eq!(s.speaker_mention.as_deref(), Some("the minister"));
    }

    #[test]
    fn headline_with_colon() {
        let s = run_blocks(&[
            (BlockKind::Title, "Carter: new sanctions are coming"),
            (
                BlockKind::Paragraph,
                "Senator Jim Carter spoke to the press in Ottawa on Monday.",
            ),
        ]);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].speaker_mention.as_deref(), Some("Carter"));
        assert_eq!(s[0].text, "new sanctions are coming");
    }

    #[test]
    fn section_titles_are_not_headline_speakers() {
        let s = run_blocks(&[
            (BlockKind::Title, "The Latest: markets fall after the vote"),
            (BlockKind::Paragraph, "Shares fell sharply on Monday."),
        ]);
        assert!(s.is_empty(), "{s:#?}");
        assert!(run(&["Rising Tensions: the border has been closed for a week."]).is_empty());
        assert!(run(&["12:50 p.m. The polls have closed in the east."]).is_empty());
    }

    #[test]
    fn scare_quotes_and_titles_are_not_statements() {
        assert!(run(&["The so-called “peace formula” was discussed at the summit."]).is_empty());
        assert!(run(&["He starred in “The Long Night” in 1999."]).is_empty());
    }

    #[test]
    fn noun_clauses_and_infinitives_are_not_reports() {
        assert!(run(&["What the minister said about the plan remains unclear."]).is_empty());
        assert!(run(&["The president declined to say whether he would attend."]).is_empty());
    }

    #[test]
    fn quote_over_paragraphs_is_one_statement() {
        let s = run(&[
            "“We will rebuild every town,” the mayor said. “Every school.",
            "“And every hospital.”",
        ]);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].quotes.len(), 3);
    }

    #[test]
    fn a_plain_paragraph_between_ends_the_quoted_statement() {
        let joined = run(&["“We will win,” the mayor said.", "“We will go on.”"]);
        assert_eq!(joined.len(), 1, "{joined:#?}");
        assert_eq!(joined[0].quotes.len(), 2);
        // A paragraph with no cue, quotation or colon holds no statement, but it stands
        // between: the quotation after it continues nothing.
        let apart = run(&[
            "“We will win,” the mayor said.",
            "The weather was fine that day.",
            "“We will go on.”",
        ]);
        assert_eq!(apart.len(), 1, "{apart:#?}");
        assert_eq!(apart[0].quotes.len(), 1);
    }

    #[test]
    fn pronoun_speaker_takes_the_last_named_one() {
        let s = run(&[
            "Defence Minister Olga Marsh said the drills were routine.",
            "She added that no troops would cross the border.",
        ]);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert_eq!(s[1].speaker_mention.as_deref(), Some("She"));
        assert_eq!(s[1].speaker_name.as_deref(), Some("Olga Marsh"));
        assert_eq!(s[1].speaker, s[0].speaker);
        assert!(s[1].confidence < s[0].confidence);
    }

    #[test]
    fn participle_continues_the_statement() {
        let s = run(&["The premier praised the deal, saying it would bring jobs."]);
        assert!(
            s.iter().any(|x| x.text == "it would bring jobs"
                && x.speaker_mention.as_deref() == Some("The premier")),
            "{s:#?}"
        );
    }

    #[test]
    fn circumstance_after_the_cue_is_not_content() {
        let s = one(&["“We are closer than ever,” envoy Lena Brandt said after the meeting."]);
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.text, "We are closer than ever,");
        let s = one(&["The minister said after the meeting that the vote would go ahead."]);
        assert_eq!(s.text, "the vote would go ahead");
    }

    #[test]
    fn speaker_before_a_relative_clause() {
        let s = one(&[
            "Deputy Minister Anna Kovalenko who also attended the talks noted that the \
             parties had agreed on a prisoner exchange.",
        ]);
        assert_eq!(
            s.speaker_mention.as_deref(),
            Some("Deputy Minister Anna Kovalenko")
        );
        assert_eq!(s.text, "the parties had agreed on a prisoner exchange");
    }

    #[test]
    fn speaker_before_a_bracket() {
        let s = one(&["Sen. Mary Holt (D-Ore.) said the bill would pass next week."]);
        assert_eq!(
            s.speaker_mention.as_deref(),
            Some("Sen. Mary Holt (D-Ore.)")
        );
        assert_eq!(s.text, "the bill would pass next week");
    }

    #[test]
    fn clause_after_the_cue_is_content_not_circumstance() {
        let s = one(&[
            "The port reopened on Monday, and the governor said those ships would \
             leave first.",
        ]);
        assert_eq!(s.text, "those ships would leave first");
        let s = one(&["In addition, the envoy said that now is the time to talk."]);
        assert_eq!(s.text, "now is the time to talk");
    }

    #[test]
    fn wrote_needs_an_introduced_content() {
        assert!(run(&["The journalist wrote columns for a Gulf newspaper."]).is_empty());
        let s = one(&["The journalist wrote that the talks had collapsed."]);
        assert_eq!(s.text, "the talks had collapsed");
    }

    #[test]
    fn phrasal_cues_of_diplomatic_prose() {
        let s = one(&["The Taoiseach made clear that Ireland was not politically neutral."]);
        assert_eq!(s.cue.as_deref(), Some("made clear"));
        assert_eq!(s.stance.as_deref(), Some("assert"));
        let s = one(&["The envoy expressed hope that the talks would resume in March."]);
        assert_eq!(s.text, "the talks would resume in March");
    }

    #[test]
    fn all_caps_transcript_label() {
        let s = run(&[
            "Senator Ruth Baker spoke at the hearing on Tuesday.",
            "BAKER: We will not approve this budget.",
        ]);
        assert!(
            s.iter()
                .any(|x| x.kind == StatementKind::Direct
                    && x.text == "We will not approve this budget"),
            "{s:#?}"
        );
    }

    #[test]
    fn transcript_quoted_whole_reopens_at_each_turn() {
        let s = run(&[
            "Senator Ruth Baker and the host Paul Moss spoke on Sunday. Partial transcript:",
            "\"MOSS: Will the committee approve the budget?",
            "\"BAKER: We will not approve this budget.",
        ]);
        let turns: Vec<_> = s
            .iter()
            .filter(|x| x.kind == StatementKind::Direct)
            .map(|x| (x.speaker_mention.as_deref(), x.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [
                (Some("MOSS"), "Will the committee approve the budget?"),
                (Some("BAKER"), "We will not approve this budget")
            ],
            "{s:#?}"
        );
    }

    #[test]
    fn parenthetical_between_dashes() {
        let s = one(&["Several delegates — including two from Poland — said the vote was rushed."]);
        assert_eq!(s.speaker_mention.as_deref(), Some("Several delegates"));
        assert_eq!(s.text, "the vote was rushed");
    }

    #[test]
    fn relative_who_said_speaks_for_the_name() {
        let s = run(&["Hansen, who said he backs the treaty, said the ratification would wait."]);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert_eq!(s[0].text, "he backs the treaty");
        assert_eq!(s[0].speaker_name.as_deref(), Some("Hansen"));
        assert_eq!(s[1].text, "the ratification would wait");
    }

    #[test]
    fn cue_coordinated_with_the_subjects_verb() {
        let s = one(&[
            "After the vote, Chancellor Erik Dahl thanked the coalition and said that \
             the budget would pass.",
        ]);
        assert_eq!(s.speaker_mention.as_deref(), Some("Chancellor Erik Dahl"));
        assert_eq!(s.text, "the budget would pass");
    }

    #[test]
    fn plain_text_headline_paragraph() {
        let s = run(&[
            "Novak: Sanctions Will Stay Until Spring.",
            "Foreign Minister Petra Novak spoke in Vienna on Friday.",
        ]);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].text, "Sanctions Will Stay Until Spring");
    }

    #[test]
    fn participle_takes_the_main_clause_subject() {
        let s = one(&[
            "On Monday, the eve of the summit, Macron changed course, telling \
             reporters aboard his plane: “Europe must act now.”",
        ]);
        assert_eq!(s.speaker_mention.as_deref(), Some("Macron"));
        assert_eq!(s.kind, StatementKind::Direct);
        assert_eq!(s.text, "Europe must act now.");
    }

    #[test]
    fn transcript_label_with_page_furniture() {
        let s = run(&[
            "Chancellor Olaf Berger received President Ana Ruiz in Berlin.",
            "President of Chile Ana Ruiz Ruiz AnaPresident of Chile(retranslated): \
             Thank you. The talks were useful.",
        ]);
        assert!(
            s.iter()
                .any(|x| x.speaker_name.as_deref() == Some("Ana Ruiz")
                    && x.text.starts_with("Thank you")),
            "{s:#?}"
        );
    }

    #[test]
    fn relative_pronoun_is_the_mention_and_its_antecedent_the_speaker() {
        let s = run(&["Ines Moreau, who said she backs the treaty, left early."]);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].speaker_mention.as_deref(), Some("who"));
        assert_eq!(s[0].speaker_name.as_deref(), Some("Ines Moreau"));
    }

    #[test]
    fn nouns_that_look_like_cues_are_not_reports() {
        assert!(run(&["The senator has broken many promises he made to voters."]).is_empty());
        assert!(run(&["Her claims were dismissed by the court on Friday."]).is_empty());
    }

    #[test]
    fn complements_are_not_reported_speech() {
        assert!(run(&["The governor pointed to the new budget and said to the crowd."]).is_empty());
        assert!(run(&["The mayor said 1,769."]).is_empty());
    }

    #[test]
    fn apposition_after_the_cue_is_the_writers() {
        let s = one(&[
            "Refugees from the war would get temporary status, the minister said, a \
             policy that could cost billions.",
        ]);
        assert_eq!(s.text, "Refugees from the war would get temporary status");
    }

    #[test]
    fn name_of_a_mention_is_its_capitalised_tail_single_spaced() {
        let rules = Rules::defaults();
        let name = |m: &str| name_of_mention(m, &rules.attribution);
        assert_eq!(
            name("Putin’s aide Yuri Ushakov").as_deref(),
            Some("Yuri Ushakov")
        );
        assert_eq!(
            name("Putin’s aide  Yuri\n Ushakov ").as_deref(),
            Some("Yuri Ushakov")
        );
        assert_eq!(name("The Kremlin").as_deref(), Some("Kremlin"));
        assert_eq!(name("the spokesman"), None);
        assert_eq!(name("  "), None);
        assert_eq!(name("J"), None);
    }

    #[test]
    fn never_panics_on_odd_prose() {
        // A deterministic mix of cue words, names, marks and dashes in every order.
        let pieces = [
            "said",
            "he",
            "“",
            "”",
            "\"",
            "'",
            "’",
            "«",
            "»",
            "—",
            "-",
            ",",
            ":",
            ".",
            "who",
            "according to",
            "Anna Berg",
            "the minister",
            "told",
            "reporters",
            "that",
            "(",
            ")",
            "This was stated by",
            "in a statement",
            "and",
            "adding",
            "Q:",
            "ПУТИН",
            "’90s",
        ];
        let mut seed: u64 = 7;
        for _ in 0..80 {
            let mut text = String::new();
            for _ in 0..(seed % 23) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                text.push(if seed.is_multiple_of(3) { '\n' } else { ' ' });
            }
            let paras: Vec<&str> = text.split('\n').filter(|p| !p.trim().is_empty()).collect();
            let _ = run(&paras);
            seed = seed.wrapping_add(11);
        }
    }
}
