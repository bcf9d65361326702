//! Claim lists: the items of bulleted and numbered lists that an intro ("He also shared
//! several additional points:") or a heading ("What Ushakov said about the talks")
//! attributes to a speaker, one claim per item.
//!
//! Takes the document's list blocks, its people and statements; gives the `claims` of the
//! record.
//!
//! A list is kept when the line before it introduces it (it ends with a colon, or it
//! announces points: "the following", "key takeaways") or is a heading; the speaker is the
//! person that intro names (a pronoun resolves through [`People`]), else the speaker of a
//! statement made by the intro, else the person a heading above names with a reporting
//! word. An editor's list ("Key takeaways:") keeps its intro and no speaker. A list with
//! no intro is kept, speakerless, only inside the prose and only when its items are
//! sentences; link lists, menus and tag lists ("Read also:") are dropped.

use rustc_hash::FxHashMap;

use crate::document::{Block, BlockKind, Document, Span};
use crate::people::{MentionKind, People};
use crate::record::{Claim, Quote, Statement};
use crate::rules::{RuleError, RuleSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueClass {
    Speech,
    List,
    Noise,
}

/// The intro cue words (`claims.tsv`).
#[derive(Debug, Default)]
pub struct ClaimRules {
    /// Lower-case phrases, as word lists, by first word.
    cues: FxHashMap<String, Vec<(Vec<String>, CueClass)>>,
}

impl ClaimRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        let file = set.file("claims.tsv")?;
        let mut cues: FxHashMap<String, Vec<(Vec<String>, CueClass)>> = FxHashMap::default();
        for (line, fields) in &file.lines {
            let (Some(phrase), Some(class)) = (fields.first(), fields.get(1)) else {
                return Err(RuleError::syntax(file, *line, "expected PHRASE<TAB>CLASS"));
            };
            let class = match class.as_str() {
                "speech" => CueClass::Speech,
                "list" => CueClass::List,
                "noise" => CueClass::Noise,
                other => {
                    return Err(RuleError::syntax(
                        file,
                        *line,
                        format!("unknown cue class {other:?}"),
                    ));
                }
            };
            let words: Vec<String> = phrase
                .split_whitespace()
                .map(|w| w.to_lowercase())
                .collect();
            let Some(first) = words.first().cloned() else {
                return Err(RuleError::syntax(file, *line, "empty phrase"));
            };
            cues.entry(first).or_default().push((words, class));
        }
        Ok(ClaimRules { cues })
    }

    /// The cues of a line: (class, byte offset in `text`) for every cue phrase.
    fn cues_in(&self, text: &str) -> Vec<(CueClass, usize)> {
        let words: Vec<(usize, String)> = words(text);
        let mut out = Vec::new();
        for (i, (off, w)) in words.iter().enumerate() {
            let Some(list) = self.cues.get(w) else {
                continue;
            };
            for (phrase, class) in list {
                let fits = i + phrase.len() <= words.len()
                    && phrase.iter().zip(&words[i..]).all(|(p, (_, w))| p == w);
                if fits {
                    out.push((*class, *off));
                    break;
                }
            }
        }
        out
    }
}

/// The lower-case words of a text with their byte offsets.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || ((c == '\'' || c == '’' || c == '-') && start.is_some());
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].to_lowercase()));
    }
    out
}

/// What introduces a list.
#[derive(Debug, Clone, Copy)]
struct Intro {
    span: Span,
    heading: bool,
}

/// Is a block a heading: marked so, or one short line that does not end as a sentence?
fn is_heading_like(doc: &Document, b: &Block) -> bool {
    match b.kind {
        BlockKind::Heading => true,
        BlockKind::Paragraph => {
            let t = doc.slice(b.span).trim();
            !t.contains('\n')
                && t.split_whitespace().count() <= 14
                && !t.ends_with(['.', '!', '?', ':', ';', '"', '”', ',', '…'])
        }
        _ => false,
    }
}

/// The last sentence of a block (the whole block if it has none).
fn last_sentence(doc: &Document, block: usize) -> Span {
    let b = &doc.blocks[block];
    let i = doc.sentences.partition_point(|s| s.span.start < b.span.end);
    doc.sentences[..i]
        .iter()
        .rev()
        .find(|s| s.block == block)
        .map_or(b.span, |s| s.span)
}

/// The intro of the list whose first item is block `first`.
fn intro_of(doc: &Document, rules: &ClaimRules, first: usize) -> Option<Intro> {
    let prev = first.checked_sub(1)?;
    let b = &doc.blocks[prev];
    match b.kind {
        BlockKind::Heading | BlockKind::Title => Some(Intro {
            span: b.span,
            heading: true,
        }),
        BlockKind::Paragraph | BlockKind::Quote => {
            let span = last_sentence(doc, prev);
            let text = doc.slice(span).trim_end();
            if text.ends_with(':') {
                return Some(Intro {
                    span,
                    heading: false,
                });
            }
            if is_heading_like(doc, b) {
                return Some(Intro {
                    span: b.span,
                    heading: true,
                });
            }
            // "He made the following points." announces a list without a colon.
            rules
                .cues_in(text)
                .iter()
                .any(|(c, _)| *c == CueClass::List)
                .then_some(Intro {
                    span,
                    heading: false,
                })
        }
        _ => None,
    }
}

/// Are a list's items sentences (not links, tags or menu entries)?
fn items_are_sentences(doc: &Document, items: &[usize]) -> bool {
    let n = items.len();
    let long = items
        .iter()
        .filter(|&&i| doc.slice(doc.blocks[i].span).split_whitespace().count() >= 5)
        .count();
    let stopped = items
        .iter()
        .filter(|&&i| {
            doc.slice(doc.blocks[i].span)
                .trim_end()
                .ends_with(['.', '!', '?', '"', '”', ';'])
        })
        .count();
    n >= 2 && long == n && stopped * 2 >= n
}

/// Is an item a line of dash-introduced speech ("- We will not yield - said the
/// minister.")? Such lines are statements, not a list of points.
fn is_dash_speech(rules: &ClaimRules, text: &str) -> bool {
    text.match_indices([' ', '\u{a0}']).any(|(i, m)| {
        let rest = &text[i + m.len()..];
        let Some(after) = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('–'))
            .or_else(|| rest.strip_prefix('—'))
        else {
            return false;
        };
        if !after.starts_with([' ', '\u{a0}']) {
            return false;
        }
        let head: String = after
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        rules
            .cues_in(&head)
            .iter()
            .any(|(c, _)| *c == CueClass::Speech)
    })
}

/// Are the items mostly too short to be claims (links, tags)?
fn items_are_links(doc: &Document, items: &[usize]) -> bool {
    let short = items
        .iter()
        .filter(|&&i| doc.slice(doc.blocks[i].span).split_whitespace().count() <= 3)
        .count();
    short * 2 > items.len()
}

/// Who an intro names: the person next to its reporting word, else its first actor, not
/// counting possessors ("Putin's" in "Putin's aide said:"). (person, mention span)
fn speaker_in(
    doc: &Document,
    rules: &ClaimRules,
    people: &People,
    span: Span,
) -> Option<(usize, Span)> {
    let text = doc.slice(span);
    let cue = rules
        .cues_in(text)
        .into_iter()
        .find(|(c, _)| *c == CueClass::Speech)
        .map(|(_, off)| span.start + off);
    let heads: Vec<_> = people
        .mentions_in(span)
        .filter(|m| {
            let after = doc.text.get(m.span.end..).unwrap_or("");
            let possessor = after.starts_with("'s") || after.starts_with("’s");
            let poss_pronoun = m.kind == MentionKind::Pronoun
                && matches!(
                    doc.slice(m.span).to_lowercase().as_str(),
                    "his" | "her" | "their" | "its"
                );
            !possessor && !poss_pronoun
        })
        .collect();
    let chosen = match cue {
        Some(c) => heads
            .iter()
            .rev()
            .find(|m| m.span.end <= c)
            .or_else(|| heads.iter().find(|m| m.span.start >= c)),
        None => heads.first(),
    }?;
    Some((chosen.person, chosen.span))
}

/// The nearest heading above block `first`, within its section, that names a speaker
/// with a reporting word ("What Ushakov said about the talks").
fn heading_speaker(
    doc: &Document,
    rules: &ClaimRules,
    people: &People,
    first: usize,
) -> Option<(usize, Span)> {
    for i in (first.saturating_sub(12)..first).rev() {
        let b = &doc.blocks[i];
        if b.kind == BlockKind::ListItem {
            return None;
        }
        if is_heading_like(doc, b) && b.kind != BlockKind::Title {
            let speaks = rules
                .cues_in(doc.slice(b.span))
                .iter()
                .any(|(c, _)| *c == CueClass::Speech);
            return if speaks {
                speaker_in(doc, rules, people, b.span)
            } else {
                None
            };
        }
    }
    None
}

/// The quoted fragments of `span`, without their marks.
fn quotes_in(doc: &Document, span: Span) -> Vec<Quote> {
    let text = doc.slice(span);
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                let opens = matches!(c, '“' | '«' | '„')
                    || (c == '"'
                        && text[..i]
                            .chars()
                            .next_back()
                            .is_none_or(|p| !p.is_alphanumeric()));
                if opens {
                    open = Some((c, i + c.len_utf8()));
                }
            }
            Some((o, start)) => {
                let closes = match o {
                    '“' => c == '”' || c == '"',
                    '«' => c == '»',
                    '„' => c == '“' || c == '”',
                    _ => c == '"' || c == '”',
                };
                if closes {
                    let inner = &text[start..i];
                    let lead = inner.len() - inner.trim_start().len();
                    let trimmed = inner.trim();
                    if !trimmed.is_empty() {
                        let s = Span::new(
                            span.start + start + lead,
                            span.start + start + lead + trimmed.len(),
                        );
                        out.push(Quote {
                            text: trimmed.to_string(),
                            span: doc.char_span(s),
                        });
                    }
                    open = None;
                }
            }
        }
    }
    out
}

/// The words an intro uses for its speaker: the mention, with the title before it when
/// the person is known by that form ("President Obama", not just "Obama").
fn mention_words(doc: &Document, person: &crate::record::Person, span: Span) -> String {
    let said = doc.slice(span).trim();
    let before = doc.text.get(..span.end).unwrap_or("");
    person
        .aliases
        .iter()
        .filter(|a| a.len() > said.len() && a.ends_with(said) && before.ends_with(a.as_str()))
        .max_by_key(|a| a.len())
        .map_or_else(|| said.to_string(), |a| a.clone())
}

/// Finds the claims of a document.
pub fn find(
    doc: &Document,
    rules: &ClaimRules,
    people: &People,
    statements: &[Statement],
) -> Vec<Claim> {
    // The lists, in order: (list number, item blocks).
    let mut lists: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        if b.kind != BlockKind::ListItem {
            continue;
        }
        let Some(pos) = b.list else { continue };
        match lists.last_mut() {
            Some((n, items)) if *n == pos.list => items.push(i),
            _ => lists.push((pos.list, vec![i])),
        }
    }

    let mut claims = Vec::new();
    for (_, items) in &lists {
        let Some(&first) = items.first() else {
            continue;
        };
        let last = *items.last().unwrap_or(&first);
        let intro = intro_of(doc, rules, first);
        if let Some(intro) = intro {
            let cues = rules.cues_in(doc.slice(intro.span));
            if cues.iter().any(|(c, _)| *c == CueClass::Noise) {
                continue;
            }
        }
        let speaker = intro.and_then(|intro| {
            speaker_in(doc, rules, people, intro.span)
                .or_else(|| {
                    // A statement the intro itself makes ("He also shared ...") names its
                    // speaker even when the intro's words do not resolve.
                    let cs = doc.char_span(intro.span);
                    statements
                        .iter()
                        .find(|s| s.span[0] < cs[1] && cs[0] < s.span[1] && s.speaker.is_some())
                        .and_then(|s| {
                            let id = s.speaker.as_deref()?;
                            let p = people.persons.iter().position(|p| p.id == id)?;
                            Some((p, intro.span))
                        })
                })
                .or_else(|| {
                    if intro.heading {
                        None
                    } else {
                        heading_speaker(doc, rules, people, first)
                    }
                })
        });
        let keep = match intro {
            Some(intro) => {
                let announces = intro.heading
                    || rules
                        .cues_in(doc.slice(intro.span))
                        .iter()
                        .any(|(c, _)| *c != CueClass::Noise);
                // A heading over a list of links is a menu; a colon line with no cue over
                // short items is a tag list.
                (speaker.is_some() || !items_are_links(doc, items))
                    && (announces || speaker.is_some() || items_are_sentences(doc, items))
                    && (!intro.heading || speaker.is_some() || items_are_sentences(doc, items))
            }
            None => {
                let prose = |i: Option<&Block>| i.is_some_and(|b| b.kind == BlockKind::Paragraph);
                prose(first.checked_sub(1).and_then(|p| doc.blocks.get(p)))
                    && prose(doc.blocks.get(last + 1))
                    && items_are_sentences(doc, items)
            }
        };
        // Numbered section headings ("1. The Gordon problem", prose, "2. ...") make a
        // list whose items stand apart, each a short line: an outline, not claims.
        let apart = items.windows(2).any(|w| w[1] != w[0] + 1)
            || doc
                .blocks
                .get(last + 1)
                .is_some_and(|b| b.kind == BlockKind::Paragraph)
                && items.len() == 1;
        let headings = items.iter().all(|&i| {
            let t = doc.slice(doc.blocks[i].span).trim_end();
            t.split_whitespace().count() <= 8 && !t.ends_with(['.', '!', '?', ';'])
        });
        if apart && headings {
            continue;
        }
        let dash_speech = items
            .iter()
            .any(|&i| is_dash_speech(rules, doc.slice(doc.blocks[i].span)));
        if !keep || (dash_speech && speaker.is_none()) {
            continue;
        }
        let intro_text = intro.map(|i| doc.slice(i.span).trim().to_string());
        let (speaker_id, speaker_name, speaker_mention) = match speaker {
            Some((p, span)) => match people.persons.get(p) {
                Some(person) => (
                    Some(person.id.clone()),
                    Some(person.name.clone()),
                    Some(mention_words(doc, person, span)),
                ),
                None => (None, None, None),
            },
            None => (None, None, None),
        };
        for &i in items {
            let b = &doc.blocks[i];
            let Some(pos) = b.list else { continue };
            let raw = doc.slice(b.span);
            let lead = raw.len() - raw.trim_start().len();
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                continue;
            }
            let span = Span::new(b.span.start + lead, b.span.start + lead + trimmed.len());
            claims.push(Claim {
                id: crate::record::numbered_id("c", claims.len() + 1),
                list: pos.list,
                index: pos.index,
                level: pos.level,
                text: trimmed.to_string(),
                span: doc.char_span(span),
                intro: intro_text.clone(),
                speaker: speaker_id.clone(),
                speaker_name: speaker_name.clone(),
                speaker_mention: speaker_mention.clone(),
                quotes: quotes_in(doc, span),
            });
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text;
    use crate::rules::Rules;

    fn claims(input: &str) -> Vec<Claim> {
        let rules = Rules::defaults();
        let (t, blocks, meta) = text::parse(input, &rules.furniture);
        let doc = Document::new(t, blocks, meta, &rules.sentences);
        let people = crate::people::find(&doc, &rules.people);
        find(&doc, &rules.claims, &people, &[])
    }

    #[test]
    fn a_pronoun_intro_gives_the_speaker() {
        let c = claims(
            "Deputy Prime Minister Elena Varga met the envoys in Vienna on Friday.\n\n\
             \"It was a frank exchange,\" the minister said.\n\n\
             She also made several further points:\n\n\
             • The ceasefire must hold before any \"political talks\" begin.\n\
             • Prisoner exchanges will continue next month.\n",
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].id, "c1");
        assert_eq!(c[0].index, 1);
        assert_eq!(c[1].index, 2);
        assert_eq!(
            c[0].text,
            "The ceasefire must hold before any \"political talks\" begin."
        );
        assert_eq!(c[0].speaker_name.as_deref(), Some("Elena Varga"));
        assert_eq!(c[0].speaker_mention.as_deref(), Some("She"));
        assert_eq!(
            c[0].intro.as_deref(),
            Some("She also made several further points:")
        );
        assert_eq!(c[0].quotes.len(), 1);
        assert_eq!(c[0].quotes[0].text, "political talks");
        assert_eq!(c[1].speaker.as_deref(), c[0].speaker.as_deref());
    }

    #[test]
    fn an_editor_list_has_no_speaker() {
        let c = claims(
            "The summit ended late on Sunday without a joint declaration.\n\n\
             Key takeaways:\n\n\
             - Leaders agreed to meet again in the spring.\n\
             - Energy prices dominated the second day of talks.\n",
        );
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|c| c.speaker.is_none()));
        assert_eq!(c[0].intro.as_deref(), Some("Key takeaways:"));
    }

    #[test]
    fn a_heading_names_the_speaker() {
        let c = claims(
            "Foreign Minister Tomas Lind spoke to reporters after the meeting.\n\n\
             What Lind said about the sanctions\n\n\
             1. The new package targets shipping firms and their insurers.\n\
             2. Further measures are ready if the talks fail.\n",
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].speaker_name.as_deref(), Some("Tomas Lind"));
        assert_eq!(c[1].speaker_mention.as_deref(), Some("Lind"));
        let c = claims(
            "Chancellor Maria Lind arrived in Rome on Monday.\n\n\
             Asked about the budget, Chancellor Lind said:\n\n\
             - The deficit will shrink next year.\n\
             - Pensions will not be cut.\n",
        );
        assert_eq!(c[0].speaker_mention.as_deref(), Some("Chancellor Lind"));
    }

    #[test]
    fn link_lists_and_menus_are_not_claims() {
        let c = claims(
            "The talks will resume next week, officials said.\n\n\
             Read also:\n\n\
             - Envoys meet in Geneva as talks stall over territory\n\
             - Ministers sign grain deal\n\n\
             World\n\n\
             - Politics\n\
             - Business\n\
             - Sport\n",
        );
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn dash_introduced_speech_is_not_a_list() {
        let c = claims(
            "The debate in parliament grew heated on Thursday.\n\n\
             - We will not give up a single village - said the defence minister.\n\
             - This plan has no majority in the chamber - replied an opposition deputy.\n\n\
             The vote was postponed.\n",
        );
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn numbered_section_headings_are_not_claims() {
        let c = claims(
            "The hearing lasted nine hours. Here are some of the highlights:\n\n\
             1. \"The aid was never the issue\"\n\n\
             The envoy told the committee that the aid had been released in time.\n\n\
             2. A dispute over the call\n\n\
             Lawmakers pressed him on the call and its record.\n",
        );
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn a_list_of_facts_inside_prose_is_kept_without_speaker() {
        let c = claims(
            "The agreement has three parts, according to the published text.\n\n\
             - Both armies withdraw ten kilometres from the line.\n\
             - Monitors from neutral states patrol the zone.\n\n\
             The deal takes effect on Monday.\n",
        );
        assert_eq!(c.len(), 2);
        assert!(c[0].speaker.is_none());
    }
}
