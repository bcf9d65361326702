//! Dates: the calendar dates an article gives ("On Tuesday, December 2", "yesterday",
//! "last week", "Dec. 2"), resolved to YYYY-MM-DD (or YYYY-MM, YYYY) against the
//! publication date.
//!
//! Takes the document (and its `meta.published`); gives the `dates` of the record.

use crate::document::Document;
use crate::record::Date;

/// Finds the dates of a document, in text order.
pub fn find(_doc: &Document) -> Vec<Date> {
    Vec::new()
}
