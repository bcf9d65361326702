//! Inputs: files, directories and stdin, turned into a stream of [`RawDoc`]s.
//!
//! Directories are walked recursively in name order (so that output order never depends
//! on the file system), keeping `.html .htm .txt .md .jsonl` and the same gzipped. A JSONL
//! input yields one document per line, read lazily, so that a million-line stdin is never
//! held in memory. Every failure is an [`InputError`] naming the input, and the stream
//! goes on after it.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::ingest::{self, Format, RawDoc};

/// How to read an input's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension; stdin by sniffing its first bytes.
    Auto,
    Html,
    Text,
    Jsonl,
}

/// Something that could not become a document. Printed as `PATH: message`.
#[derive(Debug, Error)]
#[error("{path}: {message}")]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl ToString) -> Self {
        InputError {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Stdin,
    File(PathBuf),
}

impl Origin {
    pub fn name(&self) -> String {
        match self {
            Origin::Stdin => "-".to_string(),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

const EXTENSIONS: &[&str] = &["html", "htm", "txt", "md", "jsonl"];

/// The inputs named on the command line, directories expanded. Errors (a missing path)
/// come back in place, so that the batch goes on.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Origin, InputError>> {
    if paths.is_empty() {
        return vec![Ok(Origin::Stdin)];
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Origin::Stdin));
        } else if p.is_dir() {
            walk(p, &mut Vec::new(), &mut out);
        } else if p.exists() {
            out.push(Ok(Origin::File(p.clone())));
        } else {
            out.push(Err(InputError::new(
                p.display().to_string(),
                "no such file or directory",
            )));
        }
    }
    out
}

/// `ancestors` holds the canonical paths of the directories being walked, so that a
/// symbolic link back up the tree is reported once instead of recursing without end.
fn walk(dir: &Path, ancestors: &mut Vec<PathBuf>, out: &mut Vec<Result<Origin, InputError>>) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if ancestors.contains(&canonical) {
        out.push(Err(InputError::new(
            dir.display().to_string(),
            "directory loop (a link to a directory above it); skipped",
        )));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err(InputError::new(dir.display().to_string(), e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    ancestors.push(canonical);
    for p in paths {
        if p.is_dir() {
            walk(&p, ancestors, out);
        } else if known_extension(&p).is_some() {
            out.push(Ok(Origin::File(p)));
        }
    }
    ancestors.pop();
}

/// The format an extension names (after a `.gz`), if it is one we read.
fn known_extension(path: &Path) -> Option<InputFormat> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "html" | "htm" => Some(InputFormat::Html),
        "jsonl" => Some(InputFormat::Jsonl),
        e if EXTENSIONS.contains(&e) => Some(InputFormat::Text),
        _ => None,
    }
}

/// Does this path name a JSONL file (many documents)?
pub fn is_jsonl(path: &Path) -> bool {
    known_extension(path) == Some(InputFormat::Jsonl)
}

fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Reads the documents of one origin, lazily.
pub fn read(
    origin: &Origin,
    format: InputFormat,
    max_bytes: u64,
) -> Box<dyn Iterator<Item = Result<RawDoc, InputError>> + Send> {
    let name = origin.name();
    let reader: Box<dyn Read + Send> = match origin {
        Origin::Stdin => Box::new(io::stdin()),
        Origin::File(p) => match File::open(p) {
            Ok(f) if is_gzip(p) => Box::new(flate2::read::MultiGzDecoder::new(f)),
            Ok(f) => Box::new(f),
            Err(e) => return Box::new(std::iter::once(Err(InputError::new(name, e)))),
        },
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let format = match (format, origin) {
        (InputFormat::Auto, Origin::File(p)) => match known_extension(p) {
            Some(f) => f,
            None => sniff(&mut reader),
        },
        (InputFormat::Auto, Origin::Stdin) => sniff(&mut reader),
        (f, _) => f,
    };
    match format {
        InputFormat::Jsonl => Box::new(JsonlDocs::new(name, reader, max_bytes)),
        f => {
            let fmt = if f == InputFormat::Html {
                Format::Html
            } else {
                Format::Text
            };
            Box::new(std::iter::once(read_whole(
                &name, origin, reader, fmt, max_bytes,
            )))
        }
    }
}

/// Stdin (or a file with an unknown extension) by its first non-blank byte.
fn sniff(reader: &mut impl BufRead) -> InputFormat {
    let head = reader.fill_buf().unwrap_or(&[]);
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => InputFormat::Jsonl,
        Some(b'<') => InputFormat::Html,
        _ => InputFormat::Text,
    }
}

fn read_whole(
    name: &str,
    origin: &Origin,
    reader: impl Read,
    format: Format,
    max_bytes: u64,
) -> Result<RawDoc, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new(name, e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(InputError::new(
            name,
            format!("larger than --max-bytes ({max_bytes} bytes); skipped"),
        ));
    }
    let (body, warning) = ingest::decode(&bytes, format).map_err(|e| InputError::new(name, e))?;
    Ok(RawDoc {
        id: name.to_string(),
        path: match origin {
            Origin::File(_) => Some(name.to_string()),
            Origin::Stdin => None,
        },
        url: None,
        published: None,
        title: None,
        format,
        source_format: if format == Format::Html {
            "html"
        } else {
            "text"
        },
        body,
        warnings: warning.into_iter().collect(),
    })
}

/// One JSONL line.
#[derive(Deserialize)]
struct JsonlLine {
    id: Option<serde_json::Value>,
    html: Option<String>,
    text: Option<String>,
    url: Option<String>,
    published: Option<String>,
    title: Option<String>,
}

struct JsonlDocs<R> {
    name: String,
    reader: R,
    line: usize,
    max_bytes: u64,
    done: bool,
    /// The line being read, kept between lines so that it grows once, not per line.
    buf: Vec<u8>,
}

impl<R: BufRead> Iterator for JsonlDocs<R> {
    type Item = Result<RawDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.line += 1;
            let at = format!("{}:{}", self.name, self.line);
            let buf = &mut self.buf;
            buf.clear();
            let n = match (&mut self.reader)
                .take(self.max_bytes.saturating_add(1))
                .read_until(b'\n', buf)
            {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::new(at, e)));
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            if buf.len() as u64 > self.max_bytes && buf.last() != Some(&b'\n') {
                // Skip the rest of the monster line without holding it.
                let mut sink = Vec::new();
                loop {
                    sink.clear();
                    match (&mut self.reader)
                        .take(1 << 20)
                        .read_until(b'\n', &mut sink)
                    {
                        Ok(0) => break,
                        Ok(_) if sink.last() == Some(&b'\n') => break,
                        Ok(_) => continue,
                        Err(_) => break,
                    }
                }
                return Some(Err(InputError::new(
                    at,
                    format!(
                        "line larger than --max-bytes ({} bytes); skipped",
                        self.max_bytes
                    ),
                )));
            }
            // `from_utf8` checks ASCII a word at a time; the lossy reading is only for the
            // rare line that needs repair.
            let text = match std::str::from_utf8(buf) {
                Ok(s) => std::borrow::Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(buf),
            };
            // A BOM (files saved by Windows editors) is not JSON and not white space either.
            let trimmed = text.trim().trim_start_matches('\u{feff}');
            if trimmed.is_empty() {
                continue;
            }
            let repaired = matches!(text, std::borrow::Cow::Owned(_));
            return Some(Self::doc(&self.name, &at, trimmed).map(|mut d| {
                if repaired {
                    d.warnings
                        .push("bytes not valid in UTF-8 were replaced".to_string());
                }
                d
            }));
        }
    }
}

impl<R> JsonlDocs<R> {
    fn new(name: String, reader: R, max_bytes: u64) -> Self {
        JsonlDocs {
            name,
            reader,
            line: 0,
            max_bytes,
            done: false,
            buf: Vec::new(),
        }
    }

    /// The document of one line; `name` is the file it came from.
    fn doc(name: &str, at: &str, line: &str) -> Result<RawDoc, InputError> {
        let parsed: JsonlLine = serde_json::from_str(line)
            .map_err(|e| InputError::new(at, format!("not a JSON object: {e}")))?;
        let id = match parsed.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Null) | None => at.to_string(),
            Some(v) => v.to_string(),
        };
        let (format, body) = match (parsed.html, parsed.text) {
            (Some(h), _) => (Format::Html, h),
            (None, Some(t)) => (Format::Text, t),
            (None, None) => {
                return Err(InputError::new(
                    at,
                    "line has neither \"text\" nor \"html\"",
                ));
            }
        };
        Ok(RawDoc {
            id,
            path: match name {
                "-" => None,
                n => Some(n.to_string()),
            },
            url: parsed.url,
            published: parsed.published,
            title: parsed.title,
            format,
            source_format: "jsonl",
            body,
            warnings: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_stream_and_bad_lines_do_not_stop_them() {
        let data = "{\"id\":\"a\",\"text\":\"One.\"}\nnot json\n\n{\"html\":\"<p>x</p>\"}\n";
        let docs: Vec<_> = JsonlDocs::new("in.jsonl".into(), io::Cursor::new(data), 1000).collect();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].as_ref().unwrap().id, "a");
        assert!(
            docs[1]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("in.jsonl:2: not a JSON")
        );
        assert_eq!(docs[2].as_ref().unwrap().id, "in.jsonl:4");
        assert_eq!(docs[2].as_ref().unwrap().format, Format::Html);
    }

    #[test]
    fn a_byte_order_mark_does_not_spoil_the_first_line() {
        let data = "\u{feff}{\"id\":\"a\",\"text\":\"The envoy arrived.\"}\n";
        let docs: Vec<_> =
            JsonlDocs::new("bom.jsonl".into(), io::Cursor::new(data), 1000).collect();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].as_ref().map(|d| d.id.as_str()).ok(), Some("a"));
    }

    #[test]
    fn extensions_choose_the_format() {
        assert_eq!(
            known_extension(Path::new("a/b.HTML.gz")),
            Some(InputFormat::Html)
        );
        assert_eq!(
            known_extension(Path::new("b.jsonl")),
            Some(InputFormat::Jsonl)
        );
        assert_eq!(known_extension(Path::new("b.md")), Some(InputFormat::Text));
        assert_eq!(known_extension(Path::new("b.pdf")), None);
    }
}
