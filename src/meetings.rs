//! Meetings: who met whom (talks, calls, visits, summits), with status (held, planned,
//! proposed, cancelled, not planned), participants and their roles, date, place, duration
//! and topic, one record per real meeting however often the article mentions it.
//!
//! Takes the document, its people, dates and durations; gives the `meetings` of the record
//! and links durations to the meeting they measure.

use crate::document::Document;
use crate::people::People;
use crate::record::{Date, Duration, Meeting};
use crate::rules::{RuleError, RuleSet};

#[derive(Debug, Default)]
pub struct MeetingRules {}

impl MeetingRules {
    pub fn compile(set: &RuleSet) -> Result<Self, RuleError> {
        set.file("meetings.tsv")?;
        Ok(MeetingRules {})
    }
}

/// Finds the meetings of a document.
pub fn find(
    _doc: &Document,
    _rules: &MeetingRules,
    _people: &People,
    _dates: &[Date],
    _durations: &mut [Duration],
) -> Vec<Meeting> {
    Vec::new()
}
