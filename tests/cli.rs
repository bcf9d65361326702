//! The command line's foundation behaviour, end to end through the built binary: exit
//! codes, where diagnostics go and how they read, the three output formats, the kinds of
//! input (files, directories with gzip, stdin with sniffing, JSONL batches, empty, invalid
//! UTF-8 and binary files), determinism, `schema`, `rules check`, a closed pipe, and that
//! record offsets index `text`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::check_offsets;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

/// The binary, run from the package root so that fixture paths print as given.
fn readout() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("readout runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The batch summary line: `readout: N documents, F failed, X MB, S s`.
fn is_summary(line: &str) -> bool {
    line.strip_prefix("readout: ")
        .and_then(|rest| rest.split_once(" documents, "))
        .is_some_and(|(n, rest)| n.parse::<u64>().is_ok() && rest.contains(" failed, "))
}

/// Every stderr line is a diagnostic of the form `readout: PATH: message`, but for the
/// batch summary line.
fn assert_diagnostics(stderr: &str) {
    for line in stderr.lines().filter(|l| !is_summary(l)) {
        let rest = line
            .strip_prefix("readout: ")
            .unwrap_or_else(|| panic!("diagnostic without prefix: {line}"));
        let (path, message) = rest
            .split_once(": ")
            .unwrap_or_else(|| panic!("diagnostic without PATH: message: {line}"));
        assert!(!path.is_empty() && !message.is_empty(), "{line}");
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The first bytes of an ELF executable: NUL bytes right at the start.
const BINARY: &[u8] = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00";

const SHORT_ARTICLE: &str = "Envoys meet in Geneva\n\n\u{201c}We are ready to talk,\u{201d} the minister said on Monday after two hours of talks.\n";

// --- exit codes and diagnostics -------------------------------------------------------

#[test]
fn all_good_exits_zero_with_nothing_on_stderr() {
    let r = run(readout().args(["extract", "fixtures/web-copy.txt"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let records = jsonl(&r.stdout);
    assert_eq!(ids(&records), ["fixtures/web-copy.txt"]);
    assert_eq!(records[0]["schema"], "readout/1");
    assert_eq!(records[0]["source"]["format"], "text");
    assert_eq!(records[0]["source"]["path"], "fixtures/web-copy.txt");
}

#[test]
fn web_copy_fixture_furniture_becomes_meta() {
    let r = run(readout().args(["extract", "fixtures/web-copy.txt"]));
    let rec = &jsonl(&r.stdout)[0];
    assert_eq!(
        rec["meta"]["title"],
        "Norway and Chile agree to resume fisheries talks after three-hour meeting in Oslo"
    );
    assert!(
        rec["meta"]["published"]
            .as_str()
            .is_some_and(|p| p.starts_with("2025-03-14"))
    );
    assert_eq!(rec["meta"]["authors"], serde_json::json!(["Kari Holm"]));
}

#[test]
fn a_missing_input_fails_alone() {
    let r = run(readout().args([
        "extract",
        "--quiet",
        "fixtures/web-copy.txt",
        "fixtures/no-such-file.txt",
        "fixtures/empty.txt",
    ]));
    assert_eq!(r.code, Some(1));
    assert_eq!(
        ids(&jsonl(&r.stdout)),
        ["fixtures/web-copy.txt", "fixtures/empty.txt"]
    );
    assert_diagnostics(&r.stderr);
    assert_eq!(
        r.stderr,
        "readout: fixtures/no-such-file.txt: no such file or directory\n"
    );
}

#[test]
fn a_binary_input_fails_alone_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(dir.path(), "blob.bin", BINARY);
    let txt = write(dir.path(), "program.txt", BINARY);
    let good = write(dir.path(), "good.txt", SHORT_ARTICLE.as_bytes());
    let r = run(readout()
        .args(["extract", "--quiet"])
        .args([&bin, &txt, &good]));
    assert_eq!(r.code, Some(1));
    assert_eq!(ids(&jsonl(&r.stdout)), [good.display().to_string()]);
    assert_diagnostics(&r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(lines[0].starts_with(&format!("readout: {}: binary", bin.display())));
    assert!(lines[1].starts_with(&format!("readout: {}: binary", txt.display())));
}

#[test]
fn a_bad_jsonl_line_fails_alone_and_is_named_by_line() {
    let r = run(readout().args(["extract", "--quiet", "fixtures/batch.jsonl"]));
    assert_eq!(r.code, Some(1));
    let records = jsonl(&r.stdout);
    assert_eq!(
        ids(&records),
        [
            "brief-001",
            "brief-002",
            "brief-003",
            "brief-004",
            "5",
            "brief-006"
        ]
    );
    assert!(records.iter().all(|r| r["source"]["format"] == "jsonl"));
    assert_eq!(records[0]["meta"]["published"], "2025-02-03");
    assert_eq!(
        records[0]["source"]["url"],
        "https://news.example/brief-001"
    );
    assert_diagnostics(&r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("readout: fixtures/batch.jsonl:5: not a JSON object")
    );
}

#[test]
fn usage_errors_exit_two() {
    for args in [
        &["extract", "--bogus", "fixtures/web-copy.txt"][..],
        &["extract", "--format", "xml", "fixtures/web-copy.txt"],
        &["extract", "--input", "pdf", "fixtures/web-copy.txt"],
        &["extract", "--records", "speeches", "fixtures/web-copy.txt"],
        &[
            "extract",
            "--published",
            "14 March 2025",
            "fixtures/web-copy.txt",
        ],
        &[
            "extract",
            "--published",
            "2025-02-30",
            "fixtures/web-copy.txt",
        ],
        &[
            "extract",
            "--published",
            "2025-13-01",
            "fixtures/web-copy.txt",
        ],
        &["extract", "--max-bytes", "lots", "fixtures/web-copy.txt"],
        &["extract", "--rules", "no/such/dir", "fixtures/web-copy.txt"],
        &["frobnicate"],
        &[],
    ] {
        let r = run(readout().args(args));
        assert_eq!(r.code, Some(2), "readout {args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "readout {args:?}");
        assert!(!r.stderr.is_empty(), "readout {args:?}");
    }
}

#[test]
fn a_valid_published_date_is_used_when_the_document_has_none() {
    let r = run(readout()
        .args(["extract", "--published", "2024-02-29"])
        .write_stdin("The talks lasted two hours, officials said."));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(jsonl(&r.stdout)[0]["meta"]["published"], "2024-02-29");
}

#[test]
fn input_larger_than_max_bytes_is_skipped_and_named() {
    let r = run(readout().args([
        "extract",
        "--max-bytes",
        "100",
        "fixtures/web-copy.txt",
        "fixtures/empty.txt",
    ]));
    assert_eq!(r.code, Some(1));
    assert_eq!(ids(&jsonl(&r.stdout)), ["fixtures/empty.txt"]);
    assert_diagnostics(&r.stderr);
    assert!(
        r.stderr
            .starts_with("readout: fixtures/web-copy.txt: larger than --max-bytes")
    );
}

// --- output formats -------------------------------------------------------------------

#[test]
fn json_is_one_array_and_jsonl_one_object_a_line() {
    let args = ["fixtures/web-copy.txt", "fixtures/empty.txt"];
    let j = run(readout().args(["extract", "--format", "json"]).args(args));
    assert_eq!(j.code, Some(0));
    let array: Value = serde_json::from_str(&j.stdout).expect("one JSON document");
    let array = array.as_array().expect("an array");
    assert_eq!(array.len(), 2);

    let l = run(readout().args(["extract", "--format", "jsonl"]).args(args));
    let lines = jsonl(&l.stdout);
    assert_eq!(l.stdout.lines().count(), 2);
    assert!(lines.iter().all(Value::is_object));
    assert_eq!(&lines, array, "both formats hold the same records");
}

#[test]
fn json_of_nothing_is_an_empty_array() {
    let r = run(readout().args(["extract", "--format", "json", "fixtures/missing.txt"]));
    assert_eq!(r.code, Some(1));
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).ok(),
        Some(serde_json::json!([]))
    );
}

#[test]
fn csv_has_a_stable_header_per_table() {
    let tables: [(&str, &str); 6] = [
        (
            "statements",
            "article,id,kind,speaker,speaker_name,speaker_mention,cue,stance,via,text,quotes,start,end,paragraph,confidence",
        ),
        (
            "claims",
            "article,id,list,index,level,speaker,speaker_name,speaker_mention,intro,text,quotes,start,end",
        ),
        (
            "meetings",
            "article,id,kind,status,participants,date,date_text,place,duration,topic",
        ),
        ("participants", "article,meeting,person,name,role"),
        (
            "durations",
            "article,id,text,iso,seconds,approximate,modifier,negated,meeting,start,end",
        ),
        (
            "people",
            "article,id,kind,name,titles,affiliation,aliases,mentions",
        ),
    ];
    for (records, header) in tables {
        for inputs in [
            &["fixtures/web-copy.txt", "fixtures/empty.txt"][..],
            &["fixtures/missing.txt"],
        ] {
            let r = run(readout()
                .args(["extract", "--format", "csv", "--records", records])
                .args(inputs));
            let mut lines = r.stdout.lines();
            assert_eq!(lines.next(), Some(header), "--records {records} {inputs:?}");
            let width = header.split(',').count();
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(r.stdout.as_bytes());
            for row in rdr.records() {
                let row = row.expect("valid CSV");
                assert_eq!(row.len(), width, "--records {records}");
                assert_eq!(
                    row.get(0),
                    Some("fixtures/web-copy.txt"),
                    "only web-copy.txt can have rows"
                );
            }
        }
    }
}

// --- kinds of input -------------------------------------------------------------------

#[test]
fn an_empty_file_gives_a_record() {
    let r = run(readout().args(["extract", "fixtures/empty.txt"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let rec = &jsonl(&r.stdout)[0];
    assert_eq!(rec["id"], "fixtures/empty.txt");
    assert_eq!(rec["statements"], serde_json::json!([]));
}

#[test]
fn invalid_utf8_text_gives_a_record() {
    let dir = tempfile::tempdir().unwrap();
    // Windows-1252 curly quotes and an e acute: not UTF-8.
    let f = write(
        dir.path(),
        "legacy.txt",
        b"\x93We will meet again,\x94 the minister said in Caf\xe9 Central.\n",
    );
    let r = run(readout().args(["extract", "--include-text"]).arg(&f));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let rec = &jsonl(&r.stdout)[0];
    let text = rec["text"].as_str().unwrap();
    assert!(
        text.contains("\u{201c}We will meet again,\u{201d}"),
        "{text}"
    );
    assert!(text.contains("Café"), "{text}");
    assert_eq!(
        rec["warnings"],
        serde_json::json!(["not valid UTF-8 and no charset declared: read as windows-1252"])
    );
}

#[test]
fn a_page_without_article_text_says_so_in_warnings() {
    let r = run(readout()
        .args(["extract", "--input", "html", "-"])
        .write_stdin("<html><body><nav><a href=\"/\">Home</a></nav></body></html>"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let rec = &jsonl(&r.stdout)[0];
    assert_eq!(
        rec["warnings"],
        serde_json::json!(["no article text found in the page"])
    );
    let clean = run(readout().args(["extract", "fixtures/web-copy.txt"]));
    assert_eq!(jsonl(&clean.stdout)[0]["warnings"], serde_json::json!([]));
}

#[test]
fn stdin_is_read_with_dash_or_no_paths_and_sniffed() {
    let jsonl_in = "{\"id\":\"wire-1\",\"text\":\"The envoy arrived on Monday.\"}\n{\"id\":\"wire-2\",\"html\":\"<p>The envoy left.</p>\"}\n";
    let html_in =
        "\n  <!doctype html><html><body><p>The envoy arrived on Monday.</p></body></html>";
    let text_in = "The envoy arrived on Monday, officials said.\n";
    for dash in [true, false] {
        let with = |cmd: &mut Command| {
            cmd.arg("extract");
            if dash {
                cmd.arg("-");
            }
        };
        let mut c = readout();
        with(&mut c);
        let r = run(c.write_stdin(jsonl_in));
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let recs = jsonl(&r.stdout);
        assert_eq!(ids(&recs), ["wire-1", "wire-2"]);
        assert!(recs.iter().all(|r| r["source"]["format"] == "jsonl"));
        assert!(recs.iter().all(|r| r["source"]["path"].is_null()));

        let mut c = readout();
        with(&mut c);
        let r = run(c.write_stdin(html_in));
        let recs = jsonl(&r.stdout);
        assert_eq!(recs[0]["id"], "-");
        assert_eq!(recs[0]["source"]["format"], "html");

        let mut c = readout();
        with(&mut c);
        let r = run(c.write_stdin(text_in));
        let recs = jsonl(&r.stdout);
        assert_eq!(recs[0]["id"], "-");
        assert_eq!(recs[0]["source"]["format"], "text");
    }
}

#[test]
fn input_flag_overrides_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "page.txt",
        b"<html><body><p>The envoy arrived.</p></body></html>",
    );
    let r = run(readout().args(["extract", "--input", "html"]).arg(&f));
    assert_eq!(jsonl(&r.stdout)[0]["source"]["format"], "html");
    let r = run(readout().args(["extract"]).arg(&f));
    assert_eq!(jsonl(&r.stdout)[0]["source"]["format"], "text");
}

#[test]
fn directories_are_walked_in_name_order_with_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b-notes.txt", SHORT_ARTICLE.as_bytes());
    write(root, "a/report.md", SHORT_ARTICLE.as_bytes());
    write(
        root,
        "a/deep/page.html.gz",
        &gzip(b"<html><body><p>The talks went on.</p></body></html>"),
    );
    write(
        root,
        "c/wire.jsonl.gz",
        &gzip(b"{\"id\":\"w1\",\"text\":\"One.\"}\n{\"id\":\"w2\",\"text\":\"Two.\"}\n"),
    );
    write(root, "c/scan.pdf", BINARY);
    write(root, "c/photo.jpg", BINARY);
    let r = run(readout().arg("extract").arg(root));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let recs = jsonl(&r.stdout);
    let p = |s: &str| root.join(s).display().to_string();
    assert_eq!(
        ids(&recs),
        [
            p("a/deep/page.html.gz"),
            p("a/report.md"),
            p("b-notes.txt"),
            "w1".to_string(),
            "w2".to_string()
        ]
    );
    assert_eq!(recs[0]["source"]["format"], "html");
    assert_eq!(recs[1]["source"]["format"], "text");
    assert_eq!(recs[3]["source"]["format"], "jsonl");
}

#[cfg(unix)]
#[test]
fn a_directory_loop_is_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a/note.txt", SHORT_ARTICLE.as_bytes());
    std::os::unix::fs::symlink(root.join("a"), root.join("a/again")).unwrap();
    let r = run(readout()
        .arg("extract")
        .arg(root)
        .timeout(std::time::Duration::from_secs(60)));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(jsonl(&r.stdout).len(), 1);
    assert_diagnostics(&r.stderr);
    assert!(r.stderr.contains("loop"), "{}", r.stderr);
}

// --- determinism, schema, rules -------------------------------------------------------

#[test]
fn a_batch_ends_with_a_summary_line_unless_quiet() {
    let r = run(readout().args(["extract", "fixtures/web-copy.txt", "fixtures/empty.txt"]));
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(is_summary(last), "{}", r.stderr);
    assert!(last.contains("2 documents, 0 failed"), "{last}");
    let one = run(readout().args(["extract", "fixtures/web-copy.txt"]));
    assert_eq!(one.stderr, "");
    let quiet = run(readout().args([
        "extract",
        "-q",
        "fixtures/web-copy.txt",
        "fixtures/empty.txt",
    ]));
    assert_eq!(quiet.stderr, "");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    for format in ["jsonl", "json", "csv"] {
        // --quiet: the summary line carries the elapsed time.
        let go = || {
            run(readout().args([
                "extract",
                "--quiet",
                "--include-text",
                "--format",
                format,
                "fixtures",
            ]))
        };
        let (a, b) = (go(), go());
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "--format {format}");
        assert_eq!(a.stderr, b.stderr, "--format {format}");
    }
}

#[test]
fn schema_prints_the_json_schema() {
    let r = run(readout().arg("schema"));
    assert_eq!(r.code, Some(0));
    let schema: Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["properties"]["schema"]["const"], "readout/1");
}

#[test]
fn rules_check_passes_on_the_defaults() {
    let r = run(readout().args(["rules", "check"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "rules ok\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn rules_check_names_file_and_line_of_a_broken_rule() {
    let dir = tempfile::tempdir().unwrap();
    let furniture = write(
        dir.path(),
        "furniture.tsv",
        b"# Format: KIND<TAB>REGEX\nbanner\t(?i)\\bsubscribe\\b\n\ncaption\t(unclosed [group\n",
    );
    let r = run(readout().args(["rules", "check"]).arg(dir.path()));
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "");
    let want = format!("{}:4: ", furniture.display());
    assert!(
        r.stderr.lines().any(|l| l.contains(&want)),
        "expected {want:?} in {}",
        r.stderr
    );

    // The same directory given to extract is a usage error, reported the same way.
    let r = run(readout()
        .args(["extract", "--rules"])
        .arg(dir.path())
        .arg("fixtures/empty.txt"));
    assert_eq!(r.code, Some(2));
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains(&want), "{}", r.stderr);
}

#[test]
fn rules_check_refuses_a_missing_directory() {
    let r = run(readout().args(["rules", "check", "no/such/rules"]));
    assert_eq!(r.code, Some(2));
    assert_eq!(r.stderr, "readout: no/such/rules: not a directory\n");
}

// --- closed pipe ----------------------------------------------------------------------

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // One job runs on its own path (the reader extracts), so both are tried.
    for jobs in ["--jobs=1", "--jobs=2"] {
        closed_pipe_ends_the_run_quietly(jobs);
    }
}

fn closed_pipe_ends_the_run_quietly(jobs: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut batch = String::new();
    for i in 0..3000 {
        batch.push_str(&format!(
            "{{\"id\":\"n{i}\",\"text\":\"The minister said on Monday that the talks lasted {i} minutes.\"}}\n"
        ));
    }
    let input = write(dir.path(), "many.jsonl", batch.as_bytes());
    let mut child = std::process::Command::new(BIN)
        .args(["extract", "--include-text", jobs])
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn readout");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"schema\":\"readout/1\""));
    drop(stdout);
    let out = child.wait_with_output().expect("readout ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{jobs}: {stderr}");
    assert_eq!(
        stderr, "",
        "{jobs}: a closed pipe is not an error to report"
    );
    // Ended by itself (no signal) and not by a panic (101).
    assert_eq!(out.status.code(), Some(0), "{jobs}: {:?}", out.status);
}

// --- offsets --------------------------------------------------------------------------

#[test]
fn include_text_offsets_index_the_text() {
    let r = run(readout().args(["extract", "--include-text", "fixtures"]));
    let recs = jsonl(&r.stdout);
    assert!(recs.len() >= 7, "{}", r.stderr);
    for rec in &recs {
        check_offsets(rec);
    }
    // Plain text: the record's text is the input itself.
    let web = recs
        .iter()
        .find(|r| r["id"] == "fixtures/web-copy.txt")
        .expect("web-copy record");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/web-copy.txt"),
    )
    .unwrap();
    assert_eq!(web["text"].as_str(), Some(original.as_str()));
}

#[test]
fn offsets_do_not_depend_on_include_text() {
    let strip = |mut v: Value| {
        if let Some(o) = v.as_object_mut() {
            o.remove("text");
        }
        v
    };
    let with = run(readout().args(["extract", "--include-text", "fixtures"]));
    let without = run(readout().args(["extract", "fixtures"]));
    let with: Vec<Value> = jsonl(&with.stdout).into_iter().map(strip).collect();
    let without = jsonl(&without.stdout);
    assert!(without.iter().all(|r| r.get("text").is_none()));
    assert_eq!(with, without);
}

// --- documentation --------------------------------------------------------------------

/// Every flag and table `readout extract --help` lists is documented in README.md.
#[test]
fn the_readme_documents_every_flag() {
    let readme = include_str!("../README.md");
    let r = run(readout().args(["extract", "--help"]));
    let help = r.stdout;
    let flags: Vec<&str> = help
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| w.starts_with("--") && w.len() > 2 && *w != "--help")
        .collect();
    assert!(flags.len() >= 7, "{help}");
    for flag in flags {
        assert!(readme.contains(flag), "README.md does not mention {flag}");
    }
    let values = help
        .split("[possible values: ")
        .skip(1)
        .flat_map(|s| s.split(']').next().unwrap_or_default().split(", "));
    for value in values {
        assert!(
            readme.contains(&format!("`{value}`")) || readme.contains(&format!("|{value}")),
            "README.md does not mention the value {value}"
        );
    }
}

/// The README starts with the two commands a fresh checkout needs, and lists every rule
/// file; every rule file says its format in its header.
#[test]
fn the_readme_starts_with_the_quick_start_and_lists_every_rule_file() {
    let readme = include_str!("../README.md");
    let head: Vec<&str> = readme.lines().take(6).collect();
    assert!(
        head.iter()
            .any(|l| l.starts_with("cargo run --release -- extract fixtures/web-copy.txt")),
        "{head:#?}"
    );
    assert!(
        head.iter().any(|l| l.starts_with("cargo test")),
        "{head:#?}"
    );
    for (name, text) in readout::rules::DEFAULT_FILES {
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list rules/{name}"
        );
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(
            header.iter().any(|l| l.contains("Format")),
            "rules/{name} has no header saying its format"
        );
    }
}
