//! The article record, schema "readout/1": what every stage of the pipeline fills and
//! what the exporters print.
//!
//! Offsets in the record are `[start, end)` in Unicode code points into `text`. Inside the
//! pipeline every stage works in byte offsets (see [`crate::document::Span`]); the
//! conversion happens once, when the record is assembled.

use serde::Serialize;

/// The schema name every record carries.
pub const SCHEMA: &str = "readout/1";

/// The id of the `n`th item of a kind: `prefix` and the number ("p1", "s12", "dt3"). Every
/// stage names its items so; written with `itoa`, since `format!` costs several times as
/// much and a long article has hundreds of ids.
pub fn numbered_id(prefix: &str, n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(prefix.len() + digits.len());
    id.push_str(prefix);
    id.push_str(digits);
    id
}

/// A `[start, end)` pair of code-point offsets into the record's `text`.
pub type CharSpan = [usize; 2];

/// One article, everything found in it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Article {
    pub schema: &'static str,
    pub id: String,
    pub source: Source,
    pub meta: Meta,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub people: Vec<Person>,
    pub statements: Vec<Statement>,
    pub claims: Vec<Claim>,
    pub meetings: Vec<Meeting>,
    pub durations: Vec<Duration>,
    pub dates: Vec<Date>,
    pub warnings: Vec<String>,
}

/// Where the article came from.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Source {
    pub path: Option<String>,
    pub url: Option<String>,
    /// `html`, `text` or `jsonl`.
    pub format: String,
}

/// What the page or the text says about itself.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    /// ISO 8601, as precise as known (`2025-12-03`, `2025-12-03T11:07:00+02:00`).
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub site: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    #[default]
    Person,
    Organization,
}

/// A person or organisation the article names as an actor.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Person {
    pub id: String,
    pub kind: PersonKind,
    /// The fullest form of the name in the article.
    pub name: String,
    pub titles: Vec<String>,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    pub mentions: Vec<CharSpan>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// Verbatim: inside quote marks, a transcript turn, a dash-introduced line.
    Direct,
    /// A paraphrase holding a quoted fragment.
    Mixed,
    /// Reported speech without quote marks.
    Indirect,
}

/// A verbatim fragment.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quote {
    pub text: String,
    pub span: CharSpan,
}

/// Who said what.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub id: String,
    pub kind: StatementKind,
    /// The content only, without speaker and cue.
    pub text: String,
    pub span: CharSpan,
    pub quotes: Vec<Quote>,
    /// A `people` id.
    pub speaker: Option<String>,
    /// The resolved fullest name.
    pub speaker_name: Option<String>,
    /// The words the attribution itself uses ("He", "the Kremlin aide").
    pub speaker_mention: Option<String>,
    pub speaker_span: Option<CharSpan>,
    pub cue: Option<String>,
    pub cue_span: Option<CharSpan>,
    /// The reporting verb's stance: neutral, assert, deny, warn, ...
    pub stance: Option<String>,
    /// The channel the speech came through ("Russian media", "TASS").
    pub via: Option<String>,
    /// Index of the block (paragraph) the statement sits in, from 0.
    pub paragraph: usize,
    pub confidence: f32,
}

/// An item of a list that an intro attributes to a speaker.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub id: String,
    /// Which list of the article, from 1.
    pub list: usize,
    /// Position in the list, from 1.
    pub index: usize,
    /// Nesting level, from 1.
    pub level: usize,
    pub text: String,
    pub span: CharSpan,
    pub intro: Option<String>,
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_mention: Option<String>,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    Meeting,
    Talks,
    Call,
    Visit,
    Summit,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Held,
    Planned,
    Proposed,
    Cancelled,
    NotPlanned,
}

#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    /// A `people` id.
    pub person: Option<String>,
    pub name: String,
    pub role: Option<String>,
}

/// Who met whom, when, where, for how long.
#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub id: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub participants: Vec<Participant>,
    /// YYYY-MM-DD (or YYYY-MM, YYYY) resolved against `meta.published`.
    pub date: Option<String>,
    pub date_text: Option<String>,
    pub place: Option<String>,
    /// ISO 8601 duration.
    pub duration: Option<String>,
    pub topic: Option<String>,
    pub evidence: Vec<CharSpan>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DurationModifier {
    Approx,
    LessThan,
    MoreThan,
    EqualOrMore,
    EqualOrLess,
}

/// A length of time, normalised as TimeML does.
#[derive(Debug, Clone, Serialize)]
pub struct Duration {
    pub id: String,
    /// Modifier + quantity + unit as written, without a leading preposition.
    pub text: String,
    pub span: CharSpan,
    /// PT5H, P3W, PTXH ...
    pub iso: String,
    /// Exact length in seconds; null when the amount is unknown (X).
    pub seconds: Option<u64>,
    pub approximate: bool,
    pub modifier: Option<DurationModifier>,
    pub negated: bool,
    /// The `meetings` id this duration measures.
    pub meeting: Option<String>,
}

/// A calendar date.
#[derive(Debug, Clone, Serialize)]
pub struct Date {
    pub id: String,
    pub text: String,
    pub span: CharSpan,
    /// YYYY-MM-DD, YYYY-MM or YYYY; null when it cannot be resolved.
    pub value: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_are_prefix_and_number() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(numbered_id("dt", n), format!("dt{n}"));
        }
        assert_eq!(numbered_id("p", 1), "p1");
    }
}
