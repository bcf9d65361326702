//! Calendar facts shared by the stages that read dates: month names and the absolute date
//! forms of news pages ("3 December 2025 11:07", "December 2, 2025", "2025-12-03").

use std::sync::LazyLock;

use regex_automata::meta;
use regex_automata::util::captures::Captures;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1-12) a name or abbreviation stands for: "December", "Dec", "Dec.", "Sept".
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DD`, after checking that the day exists.
pub fn iso_date(year: i32, month: u32, day: u32) -> Option<String> {
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// The day, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// The day an ISO date or date-time starts with ("2025-12-03", "2025-12-03T11:07").
    pub fn parse_iso(s: &str) -> Option<Day> {
        let s = s.trim();
        let year = s.get(0..4)?.parse().ok()?;
        let month = s.get(5..7)?.parse().ok()?;
        let day = s.get(8..10)?.parse().ok()?;
        (s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-'))
            .then(|| Day::new(year, month, day))
            .flatten()
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    pub fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `ordinal` days after 1970-01-01.
    pub fn from_ordinal(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.ordinal() + 3).rem_euclid(7) as u32
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A regex alternation of the month names and abbreviations of English news prose,
/// capitalised ("December", "Dec.", "Sept."), for building date patterns.
pub const MONTH_PATTERN: &str = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

/// The three letters every name and abbreviation of [`MONTH_PATTERN`] starts with: a text
/// without one of them holds no match of it.
pub const MONTH_PREFIXES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const MONTH_RE: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

const ISO: &str = r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?";
fn dmy() -> String {
    format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE})\s*,?\s+(\d{{4}})(?:\D{{0,4}}?(\d{{1,2}}):(\d{{2}}))?"
    )
}
fn mdy() -> String {
    format!(
        r"(?i)\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})(?:\D{{0,6}}?(\d{{1,2}}):(\d{{2}}))?"
    )
}
const DOTTED: &str = r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\D{0,4}?(\d{1,2}):(\d{2}))?";

/// A regex as `regex::Regex::new` builds it (the same syntax, match semantics and limits),
/// minus the literal prefilters it would look for: on the few short stretches these
/// patterns read, a prefilter saves nothing, and finding one was most of the compile.
pub(crate) fn regex_without_prefilter(pattern: &str) -> Result<meta::Regex, String> {
    meta::Regex::builder()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(10 * (1 << 20)))
                .hybrid_cache_capacity(2 * (1 << 20))
                .auto_prefilter(false)
                .onepass(false),
        )
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// A date pattern in two builds: as written (Unicode classes, for any text), and with
/// ASCII classes and boundaries for a text that they read the same, which compiles in a
/// fraction of the time. The Unicode build is made only if such a text ever comes.
struct Form {
    ascii: LazyLock<meta::Regex, fn() -> meta::Regex>,
    unicode: LazyLock<meta::Regex, fn() -> meta::Regex>,
}

impl Form {
    fn for_text(&self, text: &str) -> &meta::Regex {
        if reads_as_ascii(text) {
            &self.ascii
        } else {
            &self.unicode
        }
    }
}

/// The pattern with ASCII figures, word boundaries and case folding and the Latin-1
/// spaces, which compiles to a much smaller automaton. It matches as the pattern does in a
/// text without a space or figure beyond Latin-1 (Latin-1 has no figure but the ASCII ones)
/// and without the two characters that `(?i)` folds to an ASCII letter, the long s and the
/// Kelvin sign, provided the pattern's own word boundaries are ASCII or the text has no
/// non-ASCII word character. The calendar's patterns and those of `dates` are built so.
pub(crate) fn narrow_pattern(pattern: &str) -> String {
    pattern
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\d", "[0-9]")
        // Any character but a figure, as the Unicode `\D` is in such a text.
        .replace(r"\D", "(?u:[^0-9])")
        // The no-break space is in news text often enough to be worth a place; the other
        // non-ASCII spaces are not.
        .replace(r"\s", r"(?u:[\t\n\x0B\f\r \x{85}\x{A0}])")
        .replace("(?i)", "(?i-u)")
        .replace("(?i:", "(?i-u:")
}

/// Does every character of `text` read the same to the Unicode and the ASCII build of a
/// date pattern: ASCII, or punctuation that is no word character, space, digit nor letter
/// in either (dashes, quotation marks, the ellipsis, guillemets, the bullet)?
fn reads_as_ascii(text: &str) -> bool {
    text.is_ascii()
        || text.chars().all(|c| {
            c.is_ascii()
                || matches!(c,
                    '\u{2010}'..='\u{2015}'
                    | '\u{2018}'..='\u{201F}'
                    | '\u{2022}'
                    | '\u{2026}'
                    | '\u{00AB}'
                    | '\u{00BB}')
        })
}

fn build(pattern: &str) -> meta::Regex {
    regex_without_prefilter(pattern).expect("static regex")
}

static ISO_RE: Form = Form {
    ascii: LazyLock::new(|| build(&narrow_pattern(ISO))),
    unicode: LazyLock::new(|| build(ISO)),
};
static DMY_RE: Form = Form {
    ascii: LazyLock::new(|| build(&narrow_pattern(&dmy()))),
    unicode: LazyLock::new(|| build(&dmy())),
};
static MDY_RE: Form = Form {
    ascii: LazyLock::new(|| build(&narrow_pattern(&mdy()))),
    unicode: LazyLock::new(|| build(&mdy())),
};
static DOTTED_RE: Form = Form {
    ascii: LazyLock::new(|| build(&narrow_pattern(DOTTED))),
    unicode: LazyLock::new(|| build(DOTTED)),
};

/// The groups of the first match of a pattern in a text.
struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    fn first(form: &Form, text: &'t str) -> Option<Groups<'t>> {
        let re = form.for_text(text);
        let mut caps = re.create_captures();
        re.captures(text, &mut caps);
        caps.is_match().then_some(Groups { text, caps })
    }

    fn get(&self, i: usize) -> Option<&'t str> {
        self.caps
            .get_group(i)
            .and_then(|span| self.text.get(span.range()))
    }

    fn start(&self) -> usize {
        self.caps.get_match().map_or(0, |m| m.start())
    }
}

/// The first absolute date (with its time of day, when given) in `text`, as ISO 8601:
/// `2025-12-03`, `2025-12-03T11:07`, `2025-12-03T11:07:00+02:00`.
pub fn find_datetime(text: &str) -> Option<String> {
    datetime_with(text, Cues::of(text))
}

/// [`find_datetime`], searching only the forms that `cues` lets through.
fn datetime_with(text: &str, cues: Cues) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    let mut consider = |at: usize, value: Option<String>| {
        if let Some(v) = value
            && best.as_ref().is_none_or(|(b, _)| at < *b)
        {
            best = Some((at, v));
        }
    };
    if let Some(c) = cues.iso.then(|| Groups::first(&ISO_RE, text)).flatten() {
        let date = iso_date(num(&c, 1), num(&c, 2) as u32, num(&c, 3) as u32);
        let v = date.map(|d| match (c.get(4), c.get(5)) {
            (Some(h), Some(m)) => {
                let mut s = format!("{d}T{h}:{m}");
                if let Some(sec) = c.get(6) {
                    s.push(':');
                    s.push_str(sec);
                }
                if let Some(z) = c.get(7) {
                    if z != "Z" && c.get(6).is_none() {
                        s.push_str(":00");
                    }
                    s.push_str(z);
                }
                s
            }
            _ => d,
        });
        consider(c.start(), v);
    }
    if let Some(c) = cues.named.then(|| Groups::first(&DMY_RE, text)).flatten() {
        let month = c.get(2).and_then(month_number).unwrap_or(0);
        let v = iso_date(num(&c, 3), month, num(&c, 1) as u32).map(|d| with_time(d, &c, 4));
        consider(c.start(), v);
    }
    if let Some(c) = cues.named.then(|| Groups::first(&MDY_RE, text)).flatten() {
        let month = c.get(1).and_then(month_number).unwrap_or(0);
        let v = iso_date(num(&c, 3), month, num(&c, 2) as u32).map(|d| with_time(d, &c, 4));
        consider(c.start(), v);
    }
    if let Some(c) = cues
        .dotted
        .then(|| Groups::first(&DOTTED_RE, text))
        .flatten()
    {
        let v =
            iso_date(num(&c, 3), num(&c, 2) as u32, num(&c, 1) as u32).map(|d| with_time(d, &c, 4));
        consider(c.start(), v);
    }
    best.map(|(_, v)| v)
}

/// What the date forms of [`find_datetime`] need to give a date. A form gives one only
/// from ASCII figures (no others parse) and an ASCII month name (no other is one to
/// [`month_number`]): a text without what it needs is not searched, and the form not
/// built for it.
struct Cues {
    /// An ASCII figure before a hyphen ("2025-12-03").
    iso: bool,
    /// An ASCII figure, a dot, an ASCII figure ("16.02.2022").
    dotted: bool,
    /// Four ASCII figures in a row (the year) and, in any case, the first three letters of
    /// a month name ("3 December 2025", "Dec. 2, 2025").
    named: bool,
}

impl Cues {
    fn of(text: &str) -> Cues {
        let b = text.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let iso = (0..b.len()).any(|i| digit(i) && b.get(i + 1) == Some(&b'-'));
        let dotted = (0..b.len()).any(|i| digit(i) && b.get(i + 1) == Some(&b'.') && digit(i + 2));
        let year = b.windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
        let named = year
            && b.windows(3).any(|w| {
                MONTH_PREFIXES
                    .iter()
                    .any(|m| w.eq_ignore_ascii_case(m.as_bytes()))
            });
        Cues { iso, dotted, named }
    }
}

fn num(c: &Groups, i: usize) -> i32 {
    c.get(i).and_then(|m| m.parse().ok()).unwrap_or(0)
}

fn with_time(date: String, c: &Groups, hour_group: usize) -> String {
    match (c.get(hour_group), c.get(hour_group + 1)) {
        (Some(h), Some(m)) if h.parse::<u32>().is_ok_and(|h| h < 24) => {
            format!("{date}T{:02}:{m}", h.parse::<u32>().unwrap_or(0))
        }
        _ => date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_date_forms_of_news_pages() {
        assert_eq!(
            find_datetime("Publication time 3 December 2025 11:07").as_deref(),
            Some("2025-12-03T11:07")
        );
        assert_eq!(
            find_datetime("Updated: Dec. 2, 2025").as_deref(),
            Some("2025-12-02")
        );
        assert_eq!(
            find_datetime("2019-10-04T13:30:00-04:00").as_deref(),
            Some("2019-10-04T13:30:00-04:00")
        );
        assert_eq!(
            find_datetime("16.02.2022 14:30").as_deref(),
            Some("2022-02-16T14:30")
        );
        assert_eq!(find_datetime("31 February 2025"), None);
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Ma"), None);
    }

    /// On a text that reads as ASCII, the ASCII build of a pattern finds what the Unicode
    /// build finds, group for group; other texts go to the Unicode build.
    #[test]
    fn ascii_builds_match_as_the_unicode_ones() {
        let texts = [
            "Publication time 3 December 2025 11:07",
            "Updated: Dec. 2, 2025 \u{2014} 9:45 a.m.",
            "\u{201C}Posted\u{201D} 2019-10-04T13:30:00-04:00 \u{2026} and 16.02.2022 14:30",
            "SEPT 4TH , 2024 at 12:00",
            "on 4 sept 2024",
            "",
        ];
        for form in [&ISO_RE, &DMY_RE, &MDY_RE, &DOTTED_RE] {
            for text in texts {
                assert!(reads_as_ascii(text), "{text}");
                let groups = |re: &meta::Regex| {
                    let mut caps = re.create_captures();
                    re.captures(text, &mut caps);
                    (0..caps.group_len())
                        .map(|i| caps.get_group(i))
                        .collect::<Vec<_>>()
                };
                assert_eq!(groups(&form.ascii), groups(&form.unicode), "{text}");
            }
        }
        for text in [
            "3\u{a0}December 2025",
            "\u{212A}yiv 3 December 2025",
            "\u{17F}ept 3, 2025",
        ] {
            assert!(!reads_as_ascii(text), "{text}");
        }
        assert_eq!(
            find_datetime("Publi\u{e9} le 3\u{a0}December 2025 \u{e0} 11:07").as_deref(),
            Some("2025-12-03T11:07")
        );
    }

    /// Where the cues skip a form, searching it gives nothing: the same dates with every
    /// form searched.
    #[test]
    fn cues_skip_only_forms_that_give_nothing() {
        let all = || Cues {
            iso: true,
            dotted: true,
            named: true,
        };
        for text in [
            "Publication time 3 December 2025 11:07",
            "Updated: Dec. 2, 2025 \u{2014} 9:45 a.m.",
            "2019-10-04T13:30:00-04:00 and 16.02.2022 14:30",
            "\u{662}\u{660}\u{662}\u{665}-\u{661}\u{662}-\u{660}\u{663} then 2025-12-03",
            "3 D\u{c9}C 2025, 3 DECEMBER 2025, 3 de\u{17f} 2025, 4 \u{17f}ept 2025",
            "SEPT 4TH , 2024 at 12:00; 1.2.2023; 2025-13-45; 31 February 2025, 1 March 2025",
            "Dec 2, \u{ff12}\u{ff10}\u{ff12}\u{ff15} and 2.\u{663}.2024",
            "Leadership Institute in 1979, a decade on.",
            "No date here.",
            "",
        ] {
            assert_eq!(find_datetime(text), datetime_with(text, all()), "{text}");
        }
    }

    #[test]
    fn day_arithmetic() {
        let d = Day::parse_iso("2025-12-03T11:07").unwrap();
        assert_eq!(d.weekday(), 2); // a Wednesday
        assert_eq!(d.add_days(-1).iso(), "2025-12-02");
        assert_eq!(d.add_days(29).iso(), "2026-01-01");
        assert_eq!(
            Day::new(2024, 2, 29).unwrap().add_days(365).iso(),
            "2025-02-28"
        );
        assert_eq!(Day::new(1970, 1, 1).unwrap().ordinal(), 0);
        assert_eq!(Day::from_ordinal(-1).iso(), "1969-12-31");
        assert_eq!(Day::parse_iso("2025-13-01"), None);
        assert_eq!(Day::parse_iso("12/03"), None);
        assert_eq!(Day::parse_iso("2025-1é-01"), None);
    }
}
