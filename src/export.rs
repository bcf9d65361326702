//! Exporters: article records to JSONL (one a line), JSON (one pretty array) or CSV (one
//! flat table of statements, claims, meetings, participants, durations or people, every row
//! starting with the article id).
//!
//! Each record is rendered whole into memory and written with one call, so that an
//! interrupted run leaves whole lines or none.

use std::io::{self, Write};

use crate::record::{Article, CharSpan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Jsonl,
    Json,
    Csv,
}

/// Which table `--format csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvRecords {
    Statements,
    Claims,
    Meetings,
    Participants,
    Durations,
    People,
}

impl CsvRecords {
    /// The header row. Columns are only ever added at the end.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            CsvRecords::Statements => &[
                "article",
                "id",
                "kind",
                "speaker",
                "speaker_name",
                "speaker_mention",
                "cue",
                "stance",
                "via",
                "text",
                "quotes",
                "start",
                "end",
                "paragraph",
                "confidence",
            ],
            CsvRecords::Claims => &[
                "article",
                "id",
                "list",
                "index",
                "level",
                "speaker",
                "speaker_name",
                "speaker_mention",
                "intro",
                "text",
                "quotes",
                "start",
                "end",
            ],
            CsvRecords::Meetings => &[
                "article",
                "id",
                "kind",
                "status",
                "participants",
                "date",
                "date_text",
                "place",
                "duration",
                "topic",
            ],
            CsvRecords::Participants => &["article", "meeting", "person", "name", "role"],
            CsvRecords::Durations => &[
                "article",
                "id",
                "text",
                "iso",
                "seconds",
                "approximate",
                "modifier",
                "negated",
                "meeting",
                "start",
                "end",
            ],
            CsvRecords::People => &[
                "article",
                "id",
                "kind",
                "name",
                "titles",
                "affiliation",
                "aliases",
                "mentions",
            ],
        }
    }

    fn rows(self, a: &Article) -> Vec<Vec<String>> {
        let id = || a.id.clone();
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let join = |v: &[String]| v.join("; ");
        let (s0, s1) = (
            |s: &CharSpan| s[0].to_string(),
            |s: &CharSpan| s[1].to_string(),
        );
        match self {
            CsvRecords::Statements => a
                .statements
                .iter()
                .map(|s| {
                    let quotes: Vec<String> = s.quotes.iter().map(|q| q.text.clone()).collect();
                    vec![
                        id(),
                        s.id.clone(),
                        enum_name(&s.kind),
                        opt(&s.speaker),
                        opt(&s.speaker_name),
                        opt(&s.speaker_mention),
                        opt(&s.cue),
                        opt(&s.stance),
                        opt(&s.via),
                        s.text.clone(),
                        join(&quotes),
                        s0(&s.span),
                        s1(&s.span),
                        s.paragraph.to_string(),
                        format!("{:.2}", s.confidence),
                    ]
                })
                .collect(),
            CsvRecords::Claims => a
                .claims
                .iter()
                .map(|c| {
                    let quotes: Vec<String> = c.quotes.iter().map(|q| q.text.clone()).collect();
                    vec![
                        id(),
                        c.id.clone(),
                        c.list.to_string(),
                        c.index.to_string(),
                        c.level.to_string(),
                        opt(&c.speaker),
                        opt(&c.speaker_name),
                        opt(&c.speaker_mention),
                        opt(&c.intro),
                        c.text.clone(),
                        join(&quotes),
                        s0(&c.span),
                        s1(&c.span),
                    ]
                })
                .collect(),
            CsvRecords::Meetings => a
                .meetings
                .iter()
                .map(|m| {
                    let names: Vec<String> =
                        m.participants.iter().map(|p| p.name.clone()).collect();
                    vec![
                        id(),
                        m.id.clone(),
                        enum_name(&m.kind),
                        enum_name(&m.status),
                        join(&names),
                        opt(&m.date),
                        opt(&m.date_text),
                        opt(&m.place),
                        opt(&m.duration),
                        opt(&m.topic),
                    ]
                })
                .collect(),
            CsvRecords::Participants => a
                .meetings
                .iter()
                .flat_map(|m| {
                    m.participants.iter().map(move |p| {
                        vec![
                            a.id.clone(),
                            m.id.clone(),
                            p.person.clone().unwrap_or_default(),
                            p.name.clone(),
                            p.role.clone().unwrap_or_default(),
                        ]
                    })
                })
                .collect(),
            CsvRecords::Durations => a
                .durations
                .iter()
                .map(|d| {
                    vec![
                        id(),
                        d.id.clone(),
                        d.text.clone(),
                        d.iso.clone(),
                        d.seconds.map(|s| s.to_string()).unwrap_or_default(),
                        d.approximate.to_string(),
                        d.modifier.as_ref().map(enum_name).unwrap_or_default(),
                        d.negated.to_string(),
                        opt(&d.meeting),
                        s0(&d.span),
                        s1(&d.span),
                    ]
                })
                .collect(),
            CsvRecords::People => a
                .people
                .iter()
                .map(|p| {
                    let mentions: Vec<String> = p
                        .mentions
                        .iter()
                        .map(|m| format!("{}-{}", m[0], m[1]))
                        .collect();
                    vec![
                        id(),
                        p.id.clone(),
                        enum_name(&p.kind),
                        p.name.clone(),
                        join(&p.titles),
                        opt(&p.affiliation),
                        join(&p.aliases),
                        join(&mentions),
                    ]
                })
                .collect(),
        }
    }
}

/// The serde name of a unit enum variant ("direct", "not_planned").
fn enum_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Renders one record to the bytes of its format (no separators, no header), so that
/// records can be rendered on worker threads and written in order by a [`Printer`].
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    pub format: OutputFormat,
    pub records: CsvRecords,
}

impl Renderer {
    pub fn render(&self, article: &Article) -> Vec<u8> {
        let mut buf: Vec<u8> = Vec::with_capacity(4096);
        // Writing into a Vec cannot fail, and our records always serialise.
        let _ = self.render_into(article, &mut buf);
        buf
    }

    fn render_into(&self, article: &Article, buf: &mut Vec<u8>) -> io::Result<()> {
        match self.format {
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut *buf, article)?;
                buf.push(b'\n');
            }
            OutputFormat::Json => serde_json::to_writer_pretty(&mut *buf, article)?,
            OutputFormat::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut *buf);
                for row in self.records.rows(article) {
                    w.write_record(&row)?;
                }
                w.flush()?;
            }
        }
        Ok(())
    }
}

/// Writes rendered records one at a time, with the separators and header their format
/// needs. Each record goes out in one write, so that output lines are whole or absent.
pub struct Printer<W: Write> {
    out: W,
    renderer: Renderer,
    written: usize,
}

impl<W: Write> Printer<W> {
    pub fn new(out: W, renderer: Renderer) -> Self {
        Printer {
            out,
            renderer,
            written: 0,
        }
    }

    /// Renders and writes one record.
    pub fn write(&mut self, article: &Article) -> io::Result<()> {
        let bytes = self.renderer.render(article);
        self.write_rendered(&bytes)
    }

    /// Writes one record rendered by [`Renderer::render`], in one write: a buffered writer
    /// passes it on whole or not at all, so that output lines are never torn. Call
    /// [`Printer::flush`] to hand what is written to the reader.
    pub fn write_rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        let first = self.written == 0;
        self.written += 1;
        // What goes before the record: the JSON array's bracket or comma, the CSV header.
        let mut head: Vec<u8> = match (self.renderer.format, first) {
            (OutputFormat::Json, true) => b"[\n".to_vec(),
            (OutputFormat::Json, false) => b",\n".to_vec(),
            (OutputFormat::Csv, true) => self.csv_header()?,
            _ => return self.out.write_all(rendered),
        };
        head.extend_from_slice(rendered);
        self.out.write_all(&head)
    }

    /// The header line of the CSV table.
    fn csv_header(&self) -> io::Result<Vec<u8>> {
        let mut head = Vec::new();
        let mut w = csv::Writer::from_writer(&mut head);
        w.write_record(self.renderer.records.header())?;
        w.flush()?;
        drop(w);
        Ok(head)
    }

    /// Hands what is written so far to the reader.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Closes the JSON array (an empty batch gives `[]`), writes the CSV header of an empty
    /// batch, and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        match (self.renderer.format, self.written) {
            (OutputFormat::Json, 0) => self.out.write_all(b"[]\n")?,
            (OutputFormat::Json, _) => self.out.write_all(b"\n]\n")?,
            (OutputFormat::Csv, 0) => {
                let head = self.csv_header()?;
                self.out.write_all(&head)?;
            }
            _ => {}
        }
        self.out.flush()
    }
}
