//! readout: turns news articles about diplomacy into structured records: who said what,
//! who met whom (when, where, for how long), and the claim lists articles attribute to a
//! speaker.
//!
//! The pipeline is a chain of stages over one [`document::Document`]:
//! [`ingest`] (bytes to blocks and sentences), then the annotators [`people`], [`quotes`],
//! [`attribution`], [`dates`], [`durations`], [`meetings`] and [`claims`], each a
//! function of the document and the annotations before it; [`extract`] runs them all and
//! assembles the [`record::Article`], which [`export`] prints. Nothing here knows about
//! terminals or argument parsing: that is the binary's job.

pub mod attribution;
pub mod batch;
mod bytes8;
pub mod calendar;
pub mod claims;
pub mod dates;
pub mod document;
pub mod durations;
pub mod export;
mod glance;
pub mod ingest;
pub mod inputs;
mod lexicon;
pub mod meetings;
pub mod people;
pub mod quotes;
pub mod record;
pub mod rules;
pub mod schema;
pub mod sentences;

use ingest::RawDoc;
use record::{Article, Source};
use rules::Rules;

/// Per-run choices that change the record.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Put the article text in the record.
    pub include_text: bool,
    /// The reference date for documents that carry none (YYYY-MM-DD).
    pub published: Option<String>,
}

/// What the record should say it could not do well: repairs made while reading, and an
/// input in which no article text was found.
fn warnings(raw: &RawDoc, doc: &document::Document) -> Vec<String> {
    let mut out = raw.warnings.clone();
    if doc.sentences.is_empty() && !raw.body.trim().is_empty() {
        out.push(match raw.format {
            ingest::Format::Html => "no article text found in the page".to_string(),
            ingest::Format::Text => "no prose found in the text".to_string(),
        });
    }
    out
}

/// Runs the whole pipeline on one input.
pub fn extract(raw: &RawDoc, rules: &Rules, opts: &Options) -> Article {
    let mut doc = ingest::to_document(raw, rules);
    if doc.meta.published.is_none() {
        doc.meta.published = opts.published.clone();
    }
    let people = people::find(&doc, &rules.people);
    let quotes = quotes::find(&doc);
    let statements = attribution::attribute(&doc, &rules.attribution, &people, &quotes);
    let dates = dates::find(&doc, &rules.dates);
    let mut durations = durations::find(&doc, &rules.durations);
    let meetings = meetings::find(&doc, &rules.meetings, &people, &dates, &mut durations);
    let claims = claims::find(&doc, &rules.claims, &people, &statements);
    Article {
        schema: record::SCHEMA,
        id: raw.id.clone(),
        source: Source {
            path: raw.path.clone(),
            url: raw.url.clone(),
            format: raw.source_format.to_string(),
        },
        meta: doc.meta.clone(),
        text: opts.include_text.then(|| doc.text.clone()),
        people: people.persons,
        statements,
        claims,
        meetings,
        durations,
        dates,
        warnings: warnings(raw, &doc),
    }
}
