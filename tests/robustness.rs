//! Never panic, on any input: hundreds of generated documents, made of pieces of news
//! prose mixed with the characters that break naive string code (curly quotes, dashes,
//! bullets, combining marks, flags, zero-width and right-to-left text, CR, NUL, U+2028,
//! stray HTML), go through the whole pipeline as a JSONL batch, as text and as HTML. Each
//! must give a valid record whose offsets cut its text.

use assert_cmd::Command;
use serde_json::{Value, json};

mod common;

/// Pieces the generator strings together.
const PIECES: &[&str] = &[
    "\u{201c}",
    "\u{201d}",
    "\u{2018}",
    "\u{2019}",
    "\"",
    "'",
    "\u{ab}",
    "\u{bb}",
    "\u{2014}",
    "\u{2013}",
    " - ",
    "\u{2022} ",
    "\n\u{2022} \u{201c}",
    "\n  \u{25aa} ",
    "\n1. ",
    "\na) ",
    ":",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{2028}",
    "\u{a0}",
    "\t",
    " ",
    " ",
    " ",
    "said",
    " said ",
    "told reporters",
    "according to ",
    "She ",
    "he added",
    ", the minister said.",
    "Foreign Minister Ingrid Solberg",
    "Mateo Ar\u{e1}nguiz",
    "Mr. Smith",
    "the U.S. envoy",
    "three-hour",
    "more than eight hours",
    "did not last five minutes",
    "several hours",
    "about 90 minutes",
    "on Thursday",
    "14 March 2025",
    "2025-03-14",
    "Published 14 March 2025 09:40",
    "Photo: Lars Eriksen/Reuters",
    "Kari Holm - editor",
    "She also outlined several points:",
    "talks",
    " met ",
    "summit",
    "a phone call",
    "in Oslo",
    "is not planned",
    "e\u{301}",
    "\u{1f1f3}\u{1f1f4}",
    "\u{1f91d}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{fffd}",
    "\u{0}",
    "\u{7}",
    "\u{65e5}\u{672c}",
    "\u{5e2}\u{5d1}\u{5e8}\u{5d9}\u{5ea}",
    "\u{202e}",
    "<p>",
    "</p>",
    "<b>",
    "<br>",
    "<li>",
    "&amp;",
    "&#8220;",
    "&nbsp;",
    "<script>var q = \"said\";</script>",
    "<!--",
    "-->",
    ".",
    ",",
    "?",
    "!",
    "(",
    ")",
    "...",
    "\u{2026}",
];

/// A small deterministic generator (64-bit LCG), so that a failure is reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn documents(count: usize) -> Vec<Value> {
    let mut rng = Lcg(0x005e_ed0f_7e57);
    (0..count)
        .map(|i| {
            let len = 1 + rng.next(80);
            let body: String = (0..len).map(|_| PIECES[rng.next(PIECES.len())]).collect();
            let key = if i % 2 == 0 { "text" } else { "html" };
            json!({ "id": format!("doc{i}"), key: body, "published": "2025-03-14" })
        })
        .collect()
}

#[test]
fn generated_documents_never_break_the_pipeline() {
    let docs = documents(400);
    let mut batch = String::new();
    for d in &docs {
        batch.push_str(&d.to_string());
        batch.push('\n');
    }
    let out = Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(["extract", "--quiet", "--include-text", "-"])
        .write_stdin(batch)
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .expect("readout runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    let schema: Value = serde_json::from_str(readout::schema::JSON_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), docs.len());
    for (rec, doc) in records.iter().zip(&docs) {
        assert_eq!(rec["id"], doc["id"]);
        let errs: Vec<String> = validator.iter_errors(rec).map(|e| e.to_string()).collect();
        assert!(errs.is_empty(), "{}: {errs:#?}\n{doc}", rec["id"]);
        common::check_offsets(rec);
        if let Some(text) = doc["text"].as_str() {
            assert_eq!(rec["text"].as_str(), Some(text), "text input is kept as is");
        }
    }
}

#[test]
fn generated_text_files_never_break_the_pipeline() {
    // The same pieces as whole files, so that file ingestion (decoding, sniffing, the
    // furniture of a text copy) sees them too, in every output format.
    let dir = tempfile::tempdir().unwrap();
    for (i, d) in documents(60).iter().enumerate() {
        let (ext, body) = match (d["text"].as_str(), d["html"].as_str()) {
            (Some(t), _) => ("txt", t),
            (_, Some(h)) => ("html", h),
            _ => unreachable!(),
        };
        std::fs::write(dir.path().join(format!("doc{i:03}.{ext}")), body).unwrap();
    }
    for format in ["jsonl", "json", "csv"] {
        for records in [
            "statements",
            "claims",
            "meetings",
            "participants",
            "durations",
            "people",
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_readout"))
                .args([
                    "extract",
                    "--quiet",
                    "--format",
                    format,
                    "--records",
                    records,
                ])
                .arg(dir.path())
                .timeout(std::time::Duration::from_secs(300))
                .output()
                .expect("readout runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            // NUL pieces make some files binary: those are reported, never a panic.
            assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            for line in stderr.lines() {
                assert!(
                    line.starts_with("readout: ") && line.contains("binary"),
                    "{line}"
                );
            }
            if format != "csv" {
                break;
            }
        }
    }
}

/// Shapes that break recursive or quadratic code: deep HTML nesting, thousands of quote
/// marks, a long line without spaces, deeply indented bullets, unclosed tags. Each must
/// give its record, quickly.
#[test]
fn pathological_shapes_give_records() {
    let deep = format!(
        "<html><body>{}<p>\u{201c}Deep,\u{201d} he said.</p>{}</body></html>",
        "<div>".repeat(5000),
        "</div>".repeat(5000)
    );
    let unclosed = format!("<html><body>{}", "<p><b><i><span>said ".repeat(3000));
    let quotes = format!(
        "{} said {}\n",
        "\u{201c}".repeat(5000),
        "\u{201d}".repeat(5000)
    );
    let no_spaces = "\u{e9}".repeat(200_000);
    let bullets: String = (0..3000)
        .map(|i| format!("{}\u{2022} item {i}\n", " ".repeat(i % 40)))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        ("deep.html", deep),
        ("unclosed.html", unclosed),
        ("quotes.txt", quotes),
        ("no-spaces.txt", no_spaces),
        (
            "bullets.txt",
            format!("She outlined several points:\n{bullets}"),
        ),
    ];
    for (name, body) in &inputs {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(["extract", "--include-text"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("readout runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), inputs.len());
    for rec in &records {
        common::check_offsets(rec);
    }
}
