//! readout is a filter: JSONL in, JSONL out, stable ids, no shared state. So a batch split
//! into shards, each run on its own (another process, another machine), gives back the
//! same bytes as one run over the whole batch, once the shard outputs are concatenated in
//! shard order. This is what makes GNU parallel and Spark's `RDD.pipe` recipes in the
//! README correct.

use assert_cmd::Command;

/// A JSONL batch built from the project's fixtures: every text and page, several times.
fn batch() -> String {
    let mut lines = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("fixtures")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for round in 0..4 {
        for p in &paths {
            let key = match p.extension().and_then(|e| e.to_str()) {
                Some("txt") => "text",
                Some("html") => "html",
                _ => continue,
            };
            let body = std::fs::read_to_string(p).unwrap_or_default();
            let id = format!("{}#{round}", p.display());
            lines.push(serde_json::json!({ "id": id, key: body }).to_string());
        }
    }
    lines.join("\n") + "\n"
}

fn run(input: &str, jobs: &str) -> Vec<u8> {
    let out = Command::cargo_bin("readout")
        .unwrap()
        .args([
            "extract", "--quiet", "--input", "jsonl", "--jobs", jobs, "-",
        ])
        .write_stdin(input.to_string())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn shards_run_apart_concatenate_to_one_run() {
    let whole = batch();
    let lines: Vec<&str> = whole.lines().collect();
    assert!(lines.len() >= 8, "the fixtures give a real batch");
    let one = run(&whole, "2");
    assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), lines.len());
    for shards in [2, 3, 7] {
        let size = lines.len().div_ceil(shards);
        let mut joined = Vec::new();
        for chunk in lines.chunks(size) {
            joined.extend(run(&(chunk.join("\n") + "\n"), "1"));
        }
        assert_eq!(joined, one, "{shards} shards");
    }
}

#[test]
fn the_number_of_threads_does_not_change_the_bytes() {
    let whole = batch();
    assert_eq!(run(&whole, "1"), run(&whole, "2"));
    assert_eq!(run(&whole, "1"), run(&whole, "5"));
}
