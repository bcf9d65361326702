//! Rule files: every lexicon and pattern the annotators use, as data.
//!
//! The defaults under `rules/` are compiled into the binary; `--rules DIR` reads files of
//! the same names from DIR instead (a file missing from DIR keeps its default). Every file
//! is line-based UTF-8: `#` starts a comment line, blank lines are skipped, fields are
//! separated by TABs; each file's header says what its fields are.
//!
//! [`Rules`] holds every annotator's compiled rules. It is built once per process and
//! shared by all threads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The default rule files, by name.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "abbreviations.txt",
        include_str!("../rules/abbreviations.txt"),
    ),
    (
        "reporting_verbs.tsv",
        include_str!("../rules/reporting_verbs.tsv"),
    ),
    ("channels.tsv", include_str!("../rules/channels.tsv")),
    (
        "attribution_words.tsv",
        include_str!("../rules/attribution_words.tsv"),
    ),
    ("titles.tsv", include_str!("../rules/titles.tsv")),
    ("pronouns.tsv", include_str!("../rules/pronouns.tsv")),
    (
        "organizations.tsv",
        include_str!("../rules/organizations.tsv"),
    ),
    ("name_words.tsv", include_str!("../rules/name_words.tsv")),
    ("furniture.tsv", include_str!("../rules/furniture.tsv")),
    ("durations.tsv", include_str!("../rules/durations.tsv")),
    ("dates.tsv", include_str!("../rules/dates.tsv")),
    ("meetings.tsv", include_str!("../rules/meetings.tsv")),
    ("claims.tsv", include_str!("../rules/claims.tsv")),
    ("html.tsv", include_str!("../rules/html.tsv")),
];

#[derive(Debug, Error)]
pub enum RuleError {
    #[error("{file}:{line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}: no such rule file")]
    Missing(String),
}

impl RuleError {
    pub fn syntax(file: &RuleFile, line: usize, message: impl Into<String>) -> Self {
        RuleError::Syntax {
            file: file.name.clone(),
            line,
            message: message.into(),
        }
    }
}

/// One rule file split into lines of TAB-separated fields.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// The name as shown in errors (the path when read from a directory).
    pub name: String,
    /// (1-based line number, fields) for every line that is not blank or a comment.
    pub lines: Vec<(usize, Vec<String>)>,
}

impl RuleFile {
    pub fn parse(name: &str, text: &str) -> Self {
        let lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .map(|(i, l)| {
                let fields = l.split('\t').map(|f| f.trim().to_string()).collect();
                (i + 1, fields)
            })
            .collect();
        RuleFile {
            name: name.to_string(),
            lines,
        }
    }

    /// The first field of every line: for plain word lists.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(|(_, f)| f[0].as_str())
    }
}

/// Field `i` (from 0) of a rule line, which must be there and not be empty.
pub fn field<'a>(
    file: &RuleFile,
    line: usize,
    fields: &'a [String],
    i: usize,
) -> Result<&'a str, RuleError> {
    fields
        .get(i)
        .map(String::as_str)
        .filter(|f| !f.is_empty())
        .ok_or_else(|| RuleError::syntax(file, line, format!("field {} is missing", i + 1)))
}

/// The raw rule files, defaults overlaid by a directory's.
#[derive(Debug, Clone)]
pub struct RuleSet {
    files: BTreeMap<String, RuleFile>,
    /// The names of the files read from a directory instead of the defaults.
    overlaid: BTreeSet<String>,
}

impl RuleSet {
    pub fn defaults() -> Self {
        let files = DEFAULT_FILES
            .iter()
            .map(|(n, t)| (n.to_string(), RuleFile::parse(n, t)))
            .collect();
        RuleSet {
            files,
            overlaid: BTreeSet::new(),
        }
    }

    /// Defaults, with every known file that `dir` holds read from there instead.
    pub fn from_dir(dir: &Path) -> Result<Self, RuleError> {
        let mut set = Self::defaults();
        for (name, _) in DEFAULT_FILES {
            let path: PathBuf = dir.join(name);
            if !path.exists() {
                continue;
            }
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| RuleError::Io {
                file: shown.clone(),
                source,
            })?;
            set.files
                .insert(name.to_string(), RuleFile::parse(&shown, &text));
            set.overlaid.insert(name.to_string());
        }
        Ok(set)
    }

    /// Is file `name` the compiled-in default? The test suite compiles every rule of the
    /// defaults, so an annotator may put off compiling one of their patterns until a
    /// document needs it; a file given with `--rules` is compiled whole at once, so that
    /// its errors stop the run before the first document.
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.overlaid.contains(name)
    }

    pub fn file(&self, name: &str) -> Result<&RuleFile, RuleError> {
        self.files
            .get(name)
            .ok_or_else(|| RuleError::Missing(name.to_string()))
    }
}

/// Every annotator's compiled rules.
#[derive(Debug)]
pub struct Rules {
    pub sentences: crate::sentences::SentenceRules,
    pub furniture: crate::ingest::text::FurnitureRules,
    pub html: crate::ingest::html::HtmlRules,
    pub attribution: crate::attribution::AttributionRules,
    pub people: crate::people::PeopleRules,
    pub durations: crate::durations::DurationRules,
    pub dates: crate::dates::DateRules,
    pub meetings: crate::meetings::MeetingRules,
    pub claims: crate::claims::ClaimRules,
}

impl Rules {
    pub fn compile(set: &RuleSet) -> Result<Self, Vec<RuleError>> {
        // Compiling the patterns is a fixed cost of every run (a few milliseconds, most of
        // it in the date and attribution patterns), so the two halves are compiled side by
        // side. Errors are gathered in file order all the same. What only some documents
        // need is compiled by the first that does: the calendar's patterns (date lines of
        // a text, the dates an HTML page declares), the furniture patterns a line may
        // match, the class patterns of HTML pages.
        let (
            (sentences, furniture, html, attribution),
            (people, durations, dates, meetings, claims),
        ) = std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                (
                    crate::people::PeopleRules::compile(set),
                    crate::durations::DurationRules::compile(set),
                    crate::dates::DateRules::compile(set),
                    crate::meetings::MeetingRules::compile(set),
                    crate::claims::ClaimRules::compile(set),
                )
            });
            let first = (
                crate::sentences::SentenceRules::compile(set),
                crate::ingest::text::FurnitureRules::compile(set),
                crate::ingest::html::HtmlRules::compile(set),
                crate::attribution::AttributionRules::compile(set),
            );
            let second = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        });
        let mut errors = Vec::new();
        let sentences = sentences.map_err(|e| errors.push(e));
        let furniture = furniture.map_err(|e| errors.push(e));
        let html = html.map_err(|e| errors.push(e));
        let attribution = attribution.map_err(|e| errors.push(e));
        let people = people.map_err(|e| errors.push(e));
        let durations = durations.map_err(|e| errors.push(e));
        let dates = dates.map_err(|e| errors.push(e));
        let meetings = meetings.map_err(|e| errors.push(e));
        let claims = claims.map_err(|e| errors.push(e));
        match (
            sentences,
            furniture,
            html,
            attribution,
            people,
            durations,
            dates,
            meetings,
            claims,
        ) {
            (
                Ok(sentences),
                Ok(furniture),
                Ok(html),
                Ok(attribution),
                Ok(people),
                Ok(durations),
                Ok(dates),
                Ok(meetings),
                Ok(claims),
            ) if errors.is_empty() => Ok(Rules {
                sentences,
                furniture,
                html,
                attribution,
                people,
                durations,
                dates,
                meetings,
                claims,
            }),
            _ => Err(errors),
        }
    }

    /// The compiled-in defaults. They are checked by the test suite, so this cannot fail
    /// in a released binary.
    pub fn defaults() -> Self {
        Self::compile(&RuleSet::defaults()).unwrap_or_else(|errs| {
            panic!(
                "default rules are broken: {}",
                errs.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })
    }

    pub fn from_dir(dir: &Path) -> Result<Self, Vec<RuleError>> {
        let set = RuleSet::from_dir(dir).map_err(|e| vec![e])?;
        Self::compile(&set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_compile() {
        if let Err(errs) = Rules::compile(&RuleSet::defaults()) {
            panic!("{:?}", errs);
        }
    }

    #[test]
    fn comments_and_blanks_are_skipped() {
        let f = RuleFile::parse("x", "# header\n\nsaid\tneutral\n  # indented comment\n");
        assert_eq!(f.lines, vec![(3, vec!["said".into(), "neutral".into()])]);
    }
}
