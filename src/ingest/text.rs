//! Plain-text ingestion. The text is kept exactly as given, so that offsets index the
//! input; this stage only cuts it into blocks: paragraphs (split on blank lines), list
//! items (bullet and numbered lines), the headline, and the furniture of a web page copied
//! as text (banners, date lines, photo credits, bylines, tag lines), which it marks so that
//! no annotator reads it as prose, and from which it reads `meta`.

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use regex::Regex;
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::literal::Extractor;
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};

use crate::calendar;
use crate::document::{Block, BlockKind, ListPos, Span};
use crate::record::Meta;
use crate::rules::{RuleError, RuleFile, RuleSet};

/// What a furniture line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FurnitureKind {
    /// Site banners, donation and subscription calls.
    Banner,
    /// A publication date line: sets `meta.published`.
    Dateline,
    /// Photo captions and credits.
    Caption,
    /// A byline; the pattern's `name` group, if any, is an author.
    Byline,
    /// A label line ("Author") whose next line is an author.
    AuthorLabel,
    /// Share buttons, "Read also" and tag lines.
    Share,
}

/// The furniture patterns (`furniture.tsv`).
///
/// Most lines cannot match most of them, and compiling them is most of the fixed cost of a
/// run that reads a few short texts (the Unicode letter classes of the byline patterns
/// alone take a millisecond). So each pattern comes with needles, strings one of which
/// every match holds (see [`Needles`]); one pass of [`FurnitureRules::needles`] over a line
/// and a look at how it opens ([`FurnitureRules::openers`]) say which patterns it may
/// match, and only those are run, and compiled (when the
/// first line that may match one comes, once per process, shared by all threads). And a
/// line whose characters are all [narrow](reads_narrow), as nearly every line of an
/// English text is, is matched by the pattern's narrow form, a tenth of the cost to build.
#[derive(Debug, Default)]
pub struct FurnitureRules {
    patterns: Vec<Pattern>,
    /// The needles that may be anywhere in a line, ignoring ASCII case; `None` if no
    /// pattern has any.
    needles: Option<AhoCorasick>,
    /// For each needle of [`Self::needles`]: the patterns it is a needle of.
    needle_of: Vec<Vec<usize>>,
    /// The needles that must open the line (of patterns that open with `^`), in byte
    /// order, each with the patterns it is a needle of. Checked where the line starts
    /// only, they are no work for the matcher of [`Self::needles`] to build or run.
    openers: Vec<(Vec<u8>, Vec<usize>)>,
    /// Where in [`Self::openers`] those that start with each byte begin: those that start
    /// with byte `b` are `opener_from[b]..opener_from[b + 1]`.
    opener_from: Vec<usize>,
}

#[derive(Debug)]
struct Pattern {
    kind: FurnitureKind,
    /// The pattern as the regex crate's parser reads it.
    hir: Hir,
    /// What its needles say of a line.
    gate: Gate,
    /// The compiled pattern, for any line, and its narrow form (see [`narrowed`]), for a
    /// line that [`reads_narrow`]. `None` inside if it did not compile, which the checks
    /// in [`FurnitureRules::compile`] and the test suite rule out.
    full: OnceLock<Option<meta::Regex>>,
    narrow: OnceLock<Option<meta::Regex>>,
}

impl Pattern {
    /// The compiled pattern, in the form that reads `line` as the full one does.
    fn regex(&self, line: &str) -> Option<&meta::Regex> {
        if reads_narrow(line) {
            self.narrow_regex()
        } else {
            self.full_regex()
        }
    }

    fn full_regex(&self) -> Option<&meta::Regex> {
        self.full
            .get_or_init(|| build(&self.hir, self.gate).ok())
            .as_ref()
    }

    fn narrow_regex(&self) -> Option<&meta::Regex> {
        self.narrow
            .get_or_init(|| build(&narrowed(&self.hir), self.gate).ok())
            .as_ref()
    }
}

/// What a pattern's needles say of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    /// It has none: every line may match it.
    Open,
    /// Only a line that holds one of them may match it.
    Holds,
    /// Every match opens with one of them: a match can only start where one does.
    Opens,
}

/// The regex of a furniture pattern: the engine `Regex::new` builds, with its defaults,
/// but for a pattern that only runs on the few lines that hold one of its needles, without
/// the lazy DFA (its reverse automaton is a third of the cost of building) and the
/// one-pass DFA: a line of at most 250 bytes is searched as fast without them. Nor, for a
/// pattern whose matches open with a needle, the literal prefilter (the literals of every
/// case of its words are most of the cost left): it is only run anchored where a needle
/// starts (see [`FurnitureRules::find`]).
fn build(hir: &Hir, gate: Gate) -> Result<meta::Regex, Box<meta::BuildError>> {
    let config = meta::Config::new()
        .hybrid(gate == Gate::Open)
        .dfa(gate == Gate::Open)
        .onepass(gate == Gate::Open)
        .auto_prefilter(gate != Gate::Opens);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(Box::new)
}

/// The characters outside ASCII that a narrow line may hold: those news text is full of
/// that are no word character, so that a Unicode and an ASCII word boundary agree about
/// them: the no-break space, guillemets, dashes, curly quotation marks, the bullet and the
/// ellipsis.
const NARROW_EXTRA: [(char, char); 7] = [
    ('\u{a0}', '\u{a0}'),
    ('\u{ab}', '\u{ab}'),
    ('\u{bb}', '\u{bb}'),
    ('\u{2010}', '\u{2015}'),
    ('\u{2018}', '\u{201f}'),
    ('\u{2022}', '\u{2022}'),
    ('\u{2026}', '\u{2026}'),
];

/// Is every character of `line` ASCII or one of [`NARROW_EXTRA`]?
fn reads_narrow(line: &str) -> bool {
    line.is_ascii()
        || line
            .chars()
            .all(|c| c.is_ascii() || NARROW_EXTRA.iter().any(|&(a, b)| (a..=b).contains(&c)))
}

/// The narrow form of a pattern: every character class cut down to the characters a
/// narrow line may hold, every Unicode word boundary made an ASCII one. On a line that
/// [`reads_narrow`] it matches where the pattern does, with the same groups: a class is
/// only ever asked about the line's characters, on which it and its cut agree, and the
/// word characters of such a line are its ASCII ones, as [`NARROW_EXTRA`] holds none. Its
/// classes are a few ranges where the pattern's have hundreds (`\p{L}`, `\d`, `.`, the
/// cases of a letter under `(?i)`), which is what building costs.
fn narrowed(hir: &Hir) -> Hir {
    let set = ClassUnicode::new(
        std::iter::once(ClassUnicodeRange::new('\0', '\x7f')).chain(
            NARROW_EXTRA
                .iter()
                .map(|&(a, b)| ClassUnicodeRange::new(a, b)),
        ),
    );
    rewritten(hir, &|node| match node.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&set);
            Some(Hir::class(Class::Unicode(class)))
        }
        HirKind::Look(look) => Some(Hir::look(match *look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => other,
        })),
        _ => None,
    })
}

/// `hir` with every node for which `leaf` gives a replacement replaced, and the rest
/// rebuilt around their rewritten parts. Literals, byte classes (`(?-u)`) and the empty
/// pattern stay as they are unless `leaf` replaces them.
fn rewritten(hir: &Hir, leaf: &impl Fn(&Hir) -> Option<Hir>) -> Hir {
    if let Some(replaced) = leaf(hir) {
        return replaced;
    }
    let sub = |sub: &Hir| Box::new(rewritten(sub, leaf));
    match hir.kind() {
        // (Field by field: `..r.clone()` would copy the whole subpattern first.)
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: sub(&r.sub),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: sub(&c.sub),
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(|p| rewritten(p, leaf)).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.iter().map(|p| rewritten(p, leaf)).collect())
        }
        _ => hir.clone(),
    }
}

/// Strings one of which every match of a pattern holds, for [`FurnitureRules::needles`].
#[derive(Debug)]
struct Needles {
    /// ASCII letters lower-cased.
    strings: Vec<Vec<u8>>,
    /// Every match opens the line with one of them (the pattern opens with `^`).
    at_start: bool,
    /// Every match opens with one of them (they are the literals the whole pattern starts
    /// with, not those of a later part).
    open_matches: bool,
}

impl Needles {
    /// Strings one of which every match of `hir` holds: the prefix literals of the regex
    /// (the regex crate's own literal extraction) from one of its top-level parts on, where
    /// they are a finite set of non-empty strings: the whole regex's if they are, else
    /// those of the part whose shortest string is longest.
    fn of(hir: &Hir) -> Option<Needles> {
        let hir = &without_ascii_case(hir);
        let parts = match hir.kind() {
            HirKind::Concat(parts) => parts.as_slice(),
            _ => std::slice::from_ref(hir),
        };
        let at_start = parts
            .first()
            .is_some_and(|p| matches!(p.kind(), HirKind::Look(Look::Start)));
        let extractor = Extractor::new();
        let mut best: Option<Needles> = None;
        for from in 0..parts.len() {
            let seq = if from == 0 {
                extractor.extract(hir)
            } else {
                extractor.extract(&Hir::concat(parts[from..].to_vec()))
            };
            let Some(literals) = seq.literals() else {
                continue;
            };
            if literals.is_empty() || literals.iter().any(|l| l.is_empty()) {
                continue;
            }
            let mut strings: Vec<Vec<u8>> = literals
                .iter()
                .map(|l| l.as_bytes().to_ascii_lowercase())
                .collect();
            strings.sort();
            strings.dedup();
            if from == 0 {
                return Some(Needles {
                    strings,
                    at_start,
                    open_matches: true,
                });
            }
            if best
                .as_ref()
                .is_none_or(|b| shortest(&b.strings) < shortest(&strings))
            {
                best = Some(Needles {
                    strings,
                    at_start: false,
                    open_matches: false,
                });
            }
        }
        best
    }
}

/// `hir` with every class of an ASCII letter in both cases (what `(?i)` makes of a
/// letter) made the lower-case letter: the needles are compared ignoring ASCII case
/// anyway, and literal extraction from a pattern with every letter in two cases takes up
/// to hundreds of microseconds. (A letter with a third, non-ASCII case, as `s` with `ſ`,
/// keeps its class.)
fn without_ascii_case(hir: &Hir) -> Hir {
    rewritten(hir, &|node| match node.kind() {
        HirKind::Class(Class::Unicode(class)) => match class.ranges() {
            [upper, lower]
                if upper.start() == upper.end()
                    && lower.start() == lower.end()
                    && upper.start().is_ascii_uppercase()
                    && upper.start().to_ascii_lowercase() == lower.start() =>
            {
                Some(Hir::literal(lower.start().to_string().into_bytes()))
            }
            _ => Some(node.clone()),
        },
        _ => None,
    })
}

/// How much of a needle is looked for: a line holding a needle holds its start, and a
/// matcher of short needles is quicker to build.
const NEEDLE_BYTES: usize = 8;

fn shortest(strings: &[Vec<u8>]) -> usize {
    strings.iter().map(Vec::len).min().unwrap_or(0)
}

impl FurnitureRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        // A file given with --rules is compiled whole now, so that a pattern too big to
        // compile stops the run; the defaults are only parsed (the test suite compiles
        // them).
        let eager = !set.is_builtin("furniture.tsv");
        Self::compile_file(set.file("furniture.tsv")?, eager)
    }

    fn compile_file(file: &RuleFile, eager: bool) -> Result<Self, RuleError> {
        let mut patterns = Vec::new();
        let mut by_needle: BTreeMap<Vec<u8>, Vec<usize>> = BTreeMap::new();
        let mut by_opener: BTreeMap<Vec<u8>, Vec<usize>> = BTreeMap::new();
        for (line, fields) in &file.lines {
            let [kind, pattern] = fields.as_slice() else {
                return Err(RuleError::syntax(file, *line, "expected KIND<TAB>REGEX"));
            };
            let kind = match kind.as_str() {
                "banner" => FurnitureKind::Banner,
                "dateline" => FurnitureKind::Dateline,
                "caption" => FurnitureKind::Caption,
                "byline" => FurnitureKind::Byline,
                "author_label" => FurnitureKind::AuthorLabel,
                "share" => FurnitureKind::Share,
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown furniture kind {other:?}"),
                    ));
                }
            };
            let bad = |e: &dyn std::fmt::Display| {
                RuleError::syntax(file, *line, format!("bad regex: {e}"))
            };
            // The regex crate's own parser, with its defaults: what it accepts here,
            // Regex::new accepts.
            let hir = regex_syntax::Parser::new()
                .parse(pattern)
                .map_err(|e| bad(&e))?;
            let needles = Needles::of(&hir);
            let gate = match &needles {
                None => Gate::Open,
                Some(n) if n.open_matches => Gate::Opens,
                Some(_) => Gate::Holds,
            };
            let full = OnceLock::new();
            if eager {
                let re = build(&hir, gate).map_err(|e| bad(&e))?;
                let _ = full.set(Some(re));
            }
            if let Some(n) = &needles {
                for s in &n.strings {
                    let owners = if n.at_start {
                        by_opener.entry(s.clone()).or_default()
                    } else {
                        by_needle
                            .entry(s[..s.len().min(NEEDLE_BYTES)].to_vec())
                            .or_default()
                    };
                    if !owners.contains(&patterns.len()) {
                        owners.push(patterns.len());
                    }
                }
            }
            patterns.push(Pattern {
                kind,
                hir,
                gate,
                full,
                narrow: OnceLock::new(),
            });
        }
        let needles = if by_needle.is_empty() {
            None
        } else {
            let matcher = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(by_needle.keys())
                .map_err(|e| RuleError::syntax(file, 0, format!("bad patterns: {e}")))?;
            Some(matcher)
        };
        Ok(FurnitureRules {
            patterns,
            needles,
            needle_of: by_needle.into_values().collect(),
            // The openers are in byte order: those that start with byte `b` follow those
            // that start with a lower one.
            opener_from: (0..=256)
                .map(|b| {
                    by_opener
                        .keys()
                        .filter(|n| n.first().is_none_or(|&f| usize::from(f) < b))
                        .count()
                })
                .collect(),
            openers: by_opener.into_iter().collect(),
        })
    }

    fn classify(&self, line: &str) -> Option<(FurnitureKind, Option<String>)> {
        // Furniture lines are short; prose that merely mentions a photo is not furniture.
        if line.len() > 250 && line.chars().count() > 250 {
            return None;
        }
        // Where the line holds a needle, and of which pattern: (pattern, start), in order
        // (most lines: none).
        let mut found: Vec<(usize, usize)> = Vec::new();
        if let Some(needles) = &self.needles {
            for m in needles.find_overlapping_iter(line) {
                for &pattern in &self.needle_of[m.pattern().as_usize()] {
                    found.push((pattern, m.start()));
                }
            }
        }
        // The openers that may start the line are those with its first byte.
        if let Some(first) = line
            .bytes()
            .next()
            .map(|b| usize::from(b.to_ascii_lowercase()))
        {
            let from = self.opener_from.get(first).copied().unwrap_or(0);
            let to = self.opener_from.get(first + 1).copied().unwrap_or(0);
            for (opener, owners) in self.openers.get(from..to).unwrap_or_default() {
                let head = line.as_bytes().get(..opener.len());
                if head.is_some_and(|h| h.eq_ignore_ascii_case(opener)) {
                    found.extend(owners.iter().map(|&pattern| (pattern, 0)));
                }
            }
        }
        if found.is_empty() && self.patterns.iter().all(|p| p.gate != Gate::Open) {
            return None;
        }
        found.sort_unstable();
        found.dedup();
        let (kind, re, input) = self.patterns.iter().enumerate().find_map(|(i, p)| {
            let from = found.partition_point(|&(q, _)| q < i);
            let to = found.partition_point(|&(q, _)| q <= i);
            let starts = found[from..to].iter().map(|&(_, start)| start);
            if p.gate != Gate::Open && from == to {
                return None;
            }
            let re = p.regex(line)?;
            let input = Self::find(re, p.gate, line, starts)?;
            Some((p.kind, re, input))
        })?;
        let mut caps = re.create_captures();
        re.search_captures(&input, &mut caps);
        let name = caps
            .get_group_by_name("name")
            .and_then(|g| line.get(g.range()))
            .map(|n| n.trim().to_string());
        Some((kind, name))
    }

    /// The search that finds the leftmost match of a pattern in `line`, if it has one:
    /// of the whole line, or, where every match opens with a needle, anchored where one of
    /// them starts (`starts`, in order): there, a match can only start there, and the
    /// first start that has one has the leftmost. Most lines match no pattern: asking only
    /// whether one matches spares the capture slots (an allocation and a slower engine)
    /// until one does.
    fn find<'h>(
        re: &meta::Regex,
        gate: Gate,
        line: &'h str,
        mut starts: impl Iterator<Item = usize>,
    ) -> Option<Input<'h>> {
        if gate != Gate::Opens {
            let input = Input::new(line);
            return re.is_match(input.clone()).then_some(input);
        }
        starts.find_map(|start| {
            let input = Input::new(line).range(start..).anchored(Anchored::Yes);
            re.is_match(input.clone()).then_some(input)
        })
    }
}

static BULLET_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\u{a0}]*(?:[•·\-*–—▪◦‣●■□➢►✓]|\d{1,2}[.)]|[a-z]\))[ \t\u{a0}]+(\S)")
        .expect("static regex")
});

/// Could [`BULLET_RE`] match this line? Not where it opens (after its indent) with a
/// capital letter, as most prose lines do: no list marker is one. Spares the regex, whose
/// every call costs hundreds of instructions even when it fails at once.
fn may_be_bullet(line: &str) -> bool {
    !line
        .trim_start_matches([' ', '\t', '\u{a0}'])
        .starts_with(|c: char| c.is_ascii_uppercase())
}

/// One line of the input, without its line break.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// The line without its leading and trailing white space.
    span: Span,
    /// Characters of white space before it: how deep a list item is nested.
    indent: usize,
    /// Index of its paragraph (lines between blank lines).
    para: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum LineKind {
    Prose,
    Bullet { indent: usize, content: usize },
    Furniture(FurnitureKind),
    Title,
}

/// Blocks and metadata of a plain text.
pub fn parse(text: &str, rules: &FurnitureRules) -> (String, Vec<Block>, Meta) {
    let lines = split_lines(text);
    let mut meta = Meta::default();
    let mut kinds: Vec<LineKind> = lines
        .iter()
        .map(|l| {
            let s = &text[l.span.start..l.span.end];
            if may_be_bullet(s)
                && let Some(m) = BULLET_RE.captures(s)
            {
                // The item starts at its first character, which may be a multi-byte
                // quote mark ("• “Peace is possible,” she said"). The indent is the line's
                // own: its span starts after it, so the pattern sees none.
                let content = m.get(1).map_or(0, |g| g.start());
                return LineKind::Bullet {
                    indent: l.indent,
                    content,
                };
            }
            match rules.classify(s) {
                Some((kind, name)) => {
                    if let Some(n) = name
                        && !n.is_empty()
                        && !meta.authors.contains(&n)
                    {
                        meta.authors.push(n);
                    }
                    LineKind::Furniture(kind)
                }
                None => LineKind::Prose,
            }
        })
        .collect();

    mark_trailing_furniture(text, &lines, &mut kinds, &mut meta);
    find_title(text, &lines, &mut kinds, &mut meta);

    // A publication date line says what it is; a banner's date is only a fallback. A later
    // line that gives the same day with its time of day is the more precise of the two.
    let mut found: Vec<String> = Vec::new();
    for wanted in [FurnitureKind::Dateline, FurnitureKind::Banner] {
        for (l, k) in lines.iter().zip(&kinds) {
            if *k == LineKind::Furniture(wanted)
                && let Some(v) = calendar::find_datetime(&text[l.span.start..l.span.end])
            {
                found.push(v);
            }
        }
    }
    if let Some(first) = found.first() {
        let finer = found
            .iter()
            .find(|v| v.len() > first.len() && v.starts_with(first.as_str()));
        meta.published = Some(finer.unwrap_or(first).clone());
    }

    let blocks = build_blocks(text, &lines, &kinds);
    (text.to_string(), blocks, meta)
}

fn split_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut para = 0;
    let mut start = 0;
    let mut last_blank = true;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        let content = piece.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if !last_blank {
                para += 1;
            }
            last_blank = true;
        } else {
            let lead = content.len() - content.trim_start().len();
            let trail = content.len() - content.trim_end().len();
            out.push(Line {
                span: Span::new(start + lead, start + content.len() - trail),
                indent: content[..lead].chars().count(),
                para,
            });
            last_blank = false;
        }
        start = end;
    }
    out
}

/// Lines after the article's last sentence that do not end like prose (tag lists, a byline,
/// an "Author" label and its name) are furniture; a label's next line is an author.
fn mark_trailing_furniture(text: &str, lines: &[Line], kinds: &mut [LineKind], meta: &mut Meta) {
    let Some(last_prose) = (0..lines.len()).rev().find(|&i| match kinds[i] {
        LineKind::Prose => ends_like_prose(&text[lines[i].span.start..lines[i].span.end]),
        LineKind::Bullet { .. } => true,
        _ => false,
    }) else {
        return;
    };
    for kind in kinds.iter_mut().skip(last_prose + 1) {
        if *kind == LineKind::Prose {
            *kind = LineKind::Furniture(FurnitureKind::Share);
        }
    }
    for i in last_prose + 1..lines.len().saturating_sub(1) {
        if kinds[i] == LineKind::Furniture(FurnitureKind::AuthorLabel) {
            let name = text[lines[i + 1].span.start..lines[i + 1].span.end].trim();
            if looks_like_name(name) && !meta.authors.iter().any(|a| a == name) {
                meta.authors.push(name.to_string());
            }
        }
    }
}

fn ends_like_prose(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', '»'])
        .ends_with(['.', '!', '?', ':', ';'])
}

fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The headline: the first line of the text that is not furniture and is shaped like one
/// (short, not ending in a full stop), when it stands apart from the body (its own line).
fn find_title(text: &str, lines: &[Line], kinds: &mut [LineKind], meta: &mut Meta) {
    let Some(i) = kinds.iter().position(|k| *k == LineKind::Prose) else {
        return;
    };
    let line = &text[lines[i].span.start..lines[i].span.end];
    let words = line.split_whitespace().count();
    let shaped = line.chars().count() <= 250
        && words >= 2
        && !line.trim_end().ends_with(['.', ',', ';'])
        // A transcript turn or a dateline lead ("MOSCOW, Dec 2 (Reuters) -") is body.
        && !line.contains(" - ");
    let apart =
        lines.get(i + 1).is_none_or(|n| n.para != lines[i].para) || line.chars().count() < 160;
    if shaped && apart && lines.len() > 1 {
        kinds[i] = LineKind::Title;
        meta.title = Some(line.trim().to_string());
    }
}

fn build_blocks(text: &str, lines: &[Line], kinds: &[LineKind]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut list_count = 0;
    // The open list: its number, the indents of its levels, the counters of each level.
    let mut open_list: Option<(usize, Vec<usize>, Vec<usize>)> = None;
    let mut prev_para = usize::MAX;
    for (i, (line, kind)) in lines.iter().zip(kinds).enumerate() {
        let new_para = line.para != prev_para;
        prev_para = line.para;
        match *kind {
            LineKind::Bullet { indent, content } => {
                let (list, indents, counters) = open_list.get_or_insert_with(|| {
                    list_count += 1;
                    (list_count, vec![indent], vec![0])
                });
                while indents.len() > 1 && indent < *indents.last().unwrap_or(&0) {
                    indents.pop();
                    counters.pop();
                }
                if indent > *indents.last().unwrap_or(&0) {
                    indents.push(indent);
                    counters.push(0);
                }
                if let Some(c) = counters.last_mut() {
                    *c += 1;
                }
                let marker_ordered =
                    text[line.span.start..].starts_with(|c: char| c.is_ascii_alphanumeric());
                blocks.push(Block {
                    kind: BlockKind::ListItem,
                    span: Span::new(line.span.start + content, line.span.end),
                    list: Some(ListPos {
                        list: *list,
                        index: *counters.last().unwrap_or(&1),
                        level: indents.len(),
                        ordered: marker_ordered,
                    }),
                });
            }
            LineKind::Prose => {
                // A line with no marker right under a list item, in the same paragraph,
                // continues that item.
                let continues_item = !new_para
                    && i > 0
                    && matches!(kinds[i - 1], LineKind::Bullet { .. } | LineKind::Prose)
                    && blocks
                        .last()
                        .is_some_and(|b| b.span.end == lines[i - 1].span.end);
                if continues_item {
                    if let Some(b) = blocks.last_mut() {
                        b.span.end = line.span.end;
                    }
                    continue;
                }
                open_list = None;
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    span: line.span,
                    list: None,
                });
            }
            LineKind::Title => {
                open_list = None;
                blocks.push(Block {
                    kind: BlockKind::Title,
                    span: line.span,
                    list: None,
                });
            }
            LineKind::Furniture(_) => {
                blocks.push(Block {
                    kind: BlockKind::Furniture,
                    span: line.span,
                    list: None,
                });
            }
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_default(text: &str) -> (Vec<(BlockKind, String)>, Meta) {
        let rules = FurnitureRules::compile(&RuleSet::defaults()).unwrap();
        let (t, blocks, meta) = parse(text, &rules);
        let b = blocks
            .iter()
            .map(|b| (b.kind, t[b.span.start..b.span.end].to_string()))
            .collect();
        (b, meta)
    }

    #[test]
    fn web_copy_furniture_is_recognised() {
        let text = "Menu Support our newsroom\nPublished 4 March 2024 09:15\nEnvoys agree to meet again in Geneva\nThe envoy. Photo: Jane Roe/Reuters\n\nThe talks lasted three hours, officials said.\n\nGeneva talks diplomacy\nJohn Smith - editor\n";
        let (blocks, meta) = parse_default(text);
        assert_eq!(
            meta.title.as_deref(),
            Some("Envoys agree to meet again in Geneva")
        );
        assert_eq!(meta.published.as_deref(), Some("2024-03-04T09:15"));
        assert_eq!(meta.authors, vec!["John Smith".to_string()]);
        let prose: Vec<_> = blocks
            .iter()
            .filter(|(k, _)| *k == BlockKind::Paragraph)
            .map(|(_, s)| s.as_str())
            .collect();
        assert_eq!(prose, vec!["The talks lasted three hours, officials said."]);
    }

    #[test]
    fn a_list_item_may_open_with_a_curly_quote() {
        let rules = FurnitureRules::compile(&RuleSet::defaults()).unwrap();
        let text = "She said:\n\n• “Peace is possible,” she said.\n– ‘Not yet.’\n";
        let (t, blocks, _) = parse(text, &rules);
        let items: Vec<_> = blocks
            .iter()
            .filter(|b| b.list.is_some())
            .map(|b| &t[b.span.start..b.span.end])
            .collect();
        assert_eq!(items, vec!["“Peace is possible,” she said.", "‘Not yet.’"]);
    }

    #[test]
    fn a_date_line_wins_over_a_banner_date() {
        let text = "date 2024-03-04 Support our newsroom\nPublished 4 March 2024 09:15\nEnvoys meet in Geneva\n\nThe talks began, officials said.\n";
        let (_, meta) = parse_default(text);
        assert_eq!(meta.published.as_deref(), Some("2024-03-04T09:15"));
    }

    #[test]
    fn only_lines_opening_with_a_capital_skip_the_bullet_regex() {
        for line in [
            "• “Peace is possible,” she said.",
            "  12. Twelfth",
            "a) first",
            "\u{a0}– dash item",
            "“Quoted” prose",
            "3 ways",
        ] {
            assert!(may_be_bullet(line), "{line:?}");
        }
        for line in [
            "The talks began.",
            "  A capital after an indent",
            "\tB) not a marker",
        ] {
            assert!(!may_be_bullet(line), "{line:?}");
            assert!(!BULLET_RE.is_match(line), "{line:?}");
        }
    }

    #[test]
    fn bullets_across_blank_lines_form_one_list() {
        let rules = FurnitureRules::compile(&RuleSet::defaults()).unwrap();
        let text = "He made three points:\n\n  • First point.\n\n  • Second point\n    runs on.\n  1. Third.\n\nAfter the list.";
        let (t, blocks, _) = parse(text, &rules);
        let items: Vec<_> = blocks
            .iter()
            .filter_map(|b| {
                b.list
                    .map(|l| (l.list, l.index, &t[b.span.start..b.span.end]))
            })
            .collect();
        assert_eq!(
            items,
            vec![
                (1, 1, "First point."),
                (1, 2, "Second point\n    runs on."),
                (1, 3, "Third.")
            ]
        );
        assert_eq!(blocks.last().unwrap().kind, BlockKind::Paragraph);
    }

    #[test]
    fn an_indented_bullet_nests_under_the_item_above() {
        let rules = FurnitureRules::compile(&RuleSet::defaults()).unwrap();
        let text = "The envoy listed the terms:\n\n• A ceasefire along the line.\n    ◦ Monitored by observers.\n    ◦ Reviewed each month.\n• An exchange of prisoners.\n\nTalks resume on Friday.";
        let (t, blocks, _) = parse(text, &rules);
        let items: Vec<_> = blocks
            .iter()
            .filter_map(|b| {
                b.list
                    .map(|l| (l.level, l.index, &t[b.span.start..b.span.end]))
            })
            .collect();
        assert_eq!(
            items,
            vec![
                (1, 1, "A ceasefire along the line."),
                (2, 1, "Monitored by observers."),
                (2, 2, "Reviewed each month."),
                (1, 2, "An exchange of prisoners.")
            ]
        );
    }

    #[test]
    fn every_default_furniture_pattern_compiles() {
        let rules = FurnitureRules::compile(&RuleSet::defaults()).unwrap();
        assert!(!rules.patterns.is_empty());
        for p in &rules.patterns {
            assert!(p.full_regex().is_some(), "{}", p.hir);
            assert!(p.narrow_regex().is_some(), "{}", p.hir);
        }
    }

    /// What [`FurnitureRules::classify`] must say: the kind of the first pattern that
    /// matches, asking every one, in its full form, over the whole line, and its `name`.
    fn unfiltered(rules: &FurnitureRules, line: &str) -> Option<(FurnitureKind, Option<String>)> {
        rules.patterns.iter().find_map(|p| {
            let re = p.full_regex()?;
            let mut caps = re.create_captures();
            re.captures(line, &mut caps);
            let name = caps
                .get_group_by_name("name")
                .map(|g| line[g.range()].trim().to_string());
            caps.is_match().then_some((p.kind, name))
        })
    }

    #[test]
    fn needles_never_pass_over_a_line_that_matches() {
        let set = RuleSet::defaults();
        let file = set.file("furniture.tsv").unwrap();
        let lazy = FurnitureRules::compile_file(file, false).unwrap();
        let eager = FurnitureRules::compile_file(file, true).unwrap();
        let lines = [
            "Published 4 March 2024 09:15",
            "LAST UPDATED: 2 Dec 2025",
            "Support our newsroom",
            "ſubscribe to the newsletter",
            "The envoy. Photo: Jane Roe/Reuters",
            "PHOTO / AFP",
            "A view of the city (photo by a reader)",
            "Jane Roe – Correspondent",
            "By Jane Q. Roe",
            "By jane roe",
            "Written by",
            "SHARE THIS STORY",
            "Copy linK",
            "Tags: diplomacy, Geneva",
            "The talks lasted three hours, officials said.",
            "“Peace is possible,” she said — and the editor agreed.",
        ];
        for line in lines {
            assert_eq!(lazy.classify(line), unfiltered(&eager, line), "{line:?}");
            assert_eq!(lazy.classify(line), eager.classify(line), "{line:?}");
        }
        // A plain prose line compiles none of the patterns that have needles.
        let fresh = FurnitureRules::compile_file(file, false).unwrap();
        fresh.classify("Hello.");
        for p in &fresh.patterns {
            let built = p.full.get().is_some() || p.narrow.get().is_some();
            assert_eq!(built, p.gate == Gate::Open, "{}", p.hir);
        }
    }

    #[test]
    fn narrow_extras_are_no_word_characters() {
        for (a, b) in NARROW_EXTRA {
            for c in a..=b {
                assert!(!c.is_ascii(), "{c:?}");
                assert!(!regex_syntax::is_word_character(c), "{c:?}");
            }
        }
        assert!(reads_narrow("Photo: Jane Roe\u{a0}– «AFP» “quoted”…"));
        assert!(!reads_narrow("Photo: José Roe"));
    }

    /// The narrow form of every default pattern matches a narrow line where the pattern
    /// does, with the same groups, and the needles and the searches anchored at them find
    /// what the patterns find: lines made at random of the patterns' own words, letters,
    /// figures, spaces and the punctuation around them.
    #[test]
    fn narrow_and_full_forms_agree_on_narrow_lines() {
        const PARTS: &[&str] = &[
            "Published",
            "updated",
            "DATE",
            "photo",
            "Photo",
            "image",
            "video",
            "by",
            "By",
            "credit",
            "via",
            "Reuters",
            "AP",
            "AFP",
            "Getty Images",
            "icon",
            "Subscribe",
            "sign up",
            "support our",
            "Jane",
            "Roe",
            "Q.",
            "Ann-Marie",
            "editor",
            "Author",
            "written by",
            "share",
            "Tags",
            "read more",
            "x",
            "k",
            "s",
            "_",
            "4",
            "2024",
            " ",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            ":",
            "/",
            "-",
            "\u{2013}",
            "\u{2014}",
            "(",
            ")",
            ".",
            ",",
            "\u{201c}",
            "\u{201d}",
            "\u{2019}",
            "\u{ab}",
            "\u{bb}",
            "\u{2022}",
            "\u{2026}",
        ];
        let rules = FurnitureRules::compile(&RuleSet::defaults()).unwrap();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut matched = 0;
        for _ in 0..4_000 {
            let len = 1 + next() % 8;
            let line: String = (0..len)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            assert!(reads_narrow(&line));
            for p in &rules.patterns {
                let (full, narrow) = (p.full_regex().unwrap(), p.narrow_regex().unwrap());
                let (mut fc, mut nc) = (full.create_captures(), narrow.create_captures());
                full.captures(line.as_str(), &mut fc);
                narrow.captures(line.as_str(), &mut nc);
                let groups = |c: &regex_automata::util::captures::Captures| {
                    (0..c.group_len())
                        .map(|g| c.get_group(g))
                        .collect::<Vec<_>>()
                };
                assert_eq!(groups(&fc), groups(&nc), "{} on {line:?}", p.hir);
                assert_eq!(full.is_match(&line), narrow.is_match(&line), "{line:?}");
                matched += usize::from(fc.is_match());
            }
            assert_eq!(rules.classify(&line), unfiltered(&rules, &line), "{line:?}");
        }
        // The lines were furniture often enough to test the groups.
        assert!(matched > 200, "{matched}");
    }
}
