//! Ingestion: turns the bytes of an input (an HTML page, a plain text, a JSONL line) into a
//! [`Document`]: clean article text cut into blocks, and the metadata the input carries.
//!
//! `html` strips page furniture and keeps the article's block structure; `text` recognises
//! the furniture of a page copied as text; charsets are decoded here.

pub mod html;
pub mod text;

use thiserror::Error;

use crate::document::Document;
use crate::record::Meta;
use crate::rules::Rules;

/// How an input's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Text,
}

/// One input document before ingestion.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// The JSONL id, else the path as given.
    pub id: String,
    pub path: Option<String>,
    pub url: Option<String>,
    /// A publication date the input carries outside its body (JSONL `published`).
    pub published: Option<String>,
    /// A title the input carries outside its body (JSONL `title`).
    pub title: Option<String>,
    pub format: Format,
    /// `html`, `text` or `jsonl`: what the record's `source.format` says.
    pub source_format: &'static str,
    pub body: String,
    /// What reading the input had to repair (an undecodable byte, a guessed charset).
    pub warnings: Vec<String>,
}

#[derive(Debug, Error)]
pub enum IngestError {
    #[error("binary data, not text or HTML")]
    Binary,
}

/// Decodes bytes to text: BOM first, then (for HTML) the charset the page declares, then
/// UTF-8 if the bytes are valid, else windows-1252. Undecodable bytes become U+FFFD. The
/// warning, if any, says what had to be repaired or guessed.
pub fn decode(bytes: &[u8], format: Format) -> Result<(String, Option<String>), IngestError> {
    if looks_binary(bytes) {
        return Err(IngestError::Binary);
    }
    let replaced = |enc: &'static encoding_rs::Encoding| {
        format!("bytes not valid in {} were replaced", enc.name())
    };
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text.into_owned(), bad.then(|| replaced(enc))));
    }
    if format == Format::Html
        && let Some(enc) = html::declared_charset(bytes)
    {
        // A page that declares UTF-8 but is not still decodes; a wrong legacy label is
        // more often right than UTF-8 guessing.
        let (text, bad) = enc.decode_without_bom_handling(bytes);
        return Ok((text.into_owned(), bad.then(|| replaced(enc))));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((
                text.into_owned(),
                Some("not valid UTF-8 and no charset declared: read as windows-1252".into()),
            ))
        }
    }
}

/// NUL bytes in the first kilobytes mean a binary file (UTF-16 has a BOM, handled before).
fn looks_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0)
}

/// Builds the document of a raw input.
pub fn to_document(raw: &RawDoc, rules: &Rules) -> Document {
    let (text, blocks, mut meta) = match raw.format {
        Format::Html => html::parse(&raw.body, &rules.html),
        Format::Text => text::parse(&raw.body, &rules.furniture),
    };
    overlay(&mut meta, raw);
    Document::new(text, blocks, meta, &rules.sentences)
}

/// What the input says outside its body wins over what the body says.
fn overlay(meta: &mut Meta, raw: &RawDoc) {
    if raw.title.is_some() {
        meta.title = raw.title.clone();
    }
    if raw.published.is_some() {
        meta.published = raw.published.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_is_refused_and_legacy_bytes_decode() {
        assert!(decode(b"\x7fELF\x00\x00\x01", Format::Text).is_err());
        let (text, warning) = decode(b"caf\xe9", Format::Text).unwrap();
        assert_eq!(text, "café");
        assert!(warning.unwrap().contains("windows-1252"));
        assert_eq!(
            decode(b"\xef\xbb\xbfhi", Format::Text).unwrap(),
            ("hi".into(), None)
        );
        let page = b"<meta charset=utf-8><p>caf\xe9</p>";
        let (text, warning) = decode(page, Format::Html).unwrap();
        assert!(text.contains('\u{fffd}'));
        assert_eq!(
            warning.as_deref(),
            Some("bytes not valid in UTF-8 were replaced")
        );
    }
}
