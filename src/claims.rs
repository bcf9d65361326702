//! Claim lists: the items of bulleted and numbered lists that an intro ("He also shared
//! several additional points:") or a heading ("What Ushakov said about the talks")
//! attributes to a speaker, one claim per item.
//!
//! Takes the document's list blocks, its people and statements; gives the `claims` of the
//! record.

use crate::document::Document;
use crate::people::People;
use crate::record::{Claim, Statement};

/// Finds the claims of a document.
pub fn find(_doc: &Document, _people: &People, _statements: &[Statement]) -> Vec<Claim> {
    Vec::new()
}
