//! Throughput benchmark: `cargo bench --bench throughput`.
//!
//! Builds a corpus of thousands of documents from the project's own fixtures (plain text
//! and HTML, as JSONL batches, nothing downloaded), runs the release binary over it on one
//! thread and on all cores, and prints MB/s, documents/s and the peak resident memory of
//! the process. Where the evaluation kit sits beside the checkout (`../shared`), it also
//! runs on the PolNeAR train file and the article-body pages.
//!
//! "One core" means it: the single-threaded run is pinned to one CPU (sched_setaffinity),
//! so the threads that read input, compile rules and write output share that core rather
//! than borrowing an idle one. The all-cores run is not pinned.
//!
//! Each figure is the best of five runs (the machine may be busy with other work; the
//! best run is the one least disturbed, and runs of a tenth of a second on a shared
//! two-core machine vary by a tenth). Speed is measured here, never asserted in tests.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const DOCS: usize = 10_000;
const RUNS: usize = 5;

fn main() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_readout"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("temp dir");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let (texts, pages) = fixture_documents(&root.join("fixtures"));
    let mut corpora: Vec<(String, Vec<String>, u64)> = Vec::new();
    if !texts.is_empty() {
        let path = work.path().join("text.jsonl");
        let bytes = write_jsonl(&path, "text", &texts, DOCS);
        corpora.push((format!("fixtures text x{DOCS}"), jsonl_args(&path), bytes));
    }
    if !pages.is_empty() {
        let path = work.path().join("html.jsonl");
        let bytes = write_jsonl(&path, "html", &pages, DOCS);
        corpora.push((format!("fixtures html x{DOCS}"), jsonl_args(&path), bytes));
    }
    let shared = root.join("../shared/eval/data");
    let polnear = shared.join("polnear/train.jsonl");
    if polnear.exists() {
        let bytes = jsonl_body_bytes(&polnear);
        corpora.push(("polnear train (text)".into(), jsonl_args(&polnear), bytes));
    }
    let body_pages = shared.join("articlebody/html");
    if body_pages.is_dir() {
        let dir = work.path().join("articlebody");
        let bytes = gunzip_dir(&body_pages, &dir);
        corpora.push((
            "articlebody pages (html)".into(),
            vec![dir.display().to_string()],
            bytes,
        ));
    }

    println!(
        "{:<28} {:>5} {:>8} {:>9} {:>9} {:>10} {:>9}",
        "corpus", "cores", "docs", "MB", "MB/s", "docs/s", "peak MB"
    );
    for (name, args, bytes) in &corpora {
        let mut one = 0.0;
        for jobs in [1, cores] {
            let mut best: Option<Run> = None;
            for _ in 0..RUNS {
                let r = run(&bin, args, jobs);
                if best.as_ref().is_none_or(|b| r.seconds < b.seconds) {
                    best = Some(r);
                }
            }
            let Some(r) = best else { continue };
            let mbs = *bytes as f64 / 1e6 / r.seconds;
            if jobs == 1 {
                one = mbs;
            }
            println!(
                "{:<28} {:>5} {:>8} {:>9.1} {:>9.1} {:>10.0} {:>9.1}{}",
                name,
                jobs,
                r.docs,
                *bytes as f64 / 1e6,
                mbs,
                r.docs as f64 / r.seconds,
                r.peak_rss_kb as f64 / 1024.0,
                if jobs > 1 && one > 0.0 {
                    format!("   ({:.2}x one core)", mbs / one)
                } else {
                    String::new()
                }
            );
            if jobs == cores {
                break;
            }
        }
    }
}

/// Texts and pages to build the corpus from: every fixture of the project.
fn fixture_documents(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut texts = Vec::new();
    let mut pages = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for p in paths {
        let Ok(body) = std::fs::read_to_string(&p) else {
            continue;
        };
        match p.extension().and_then(|e| e.to_str()) {
            Some("txt") if !body.trim().is_empty() => texts.push(body),
            Some("html") => pages.push(body),
            Some("jsonl") => {
                for line in body.lines() {
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                        continue;
                    };
                    if let Some(t) = v["text"].as_str() {
                        texts.push(t.to_string());
                    } else if let Some(h) = v["html"].as_str() {
                        pages.push(h.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    (texts, pages)
}

/// Writes `n` documents cycling through `bodies`; returns the bytes of the bodies.
fn write_jsonl(path: &Path, key: &str, bodies: &[String], n: usize) -> u64 {
    let mut out = String::new();
    let mut bytes = 0u64;
    for i in 0..n {
        let body = &bodies[i % bodies.len()];
        bytes += body.len() as u64;
        let line =
            serde_json::json!({ "id": format!("bench-{i}"), key: body, "published": "2025-03-14" });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("write corpus");
    bytes
}

fn jsonl_args(path: &Path) -> Vec<String> {
    vec!["--input".into(), "jsonl".into(), path.display().to_string()]
}

/// Bytes of the `text`/`html` bodies of a JSONL file: what the pipeline reads.
fn jsonl_body_bytes(path: &Path) -> u64 {
    let data = std::fs::read_to_string(path).unwrap_or_default();
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            v["text"]
                .as_str()
                .or(v["html"].as_str())
                .map_or(0, |s| s.len() as u64)
        })
        .sum()
}

/// Unpacks `*.html.gz` pages so that the run measures the pipeline, not gzip.
fn gunzip_dir(from: &Path, to: &Path) -> u64 {
    std::fs::create_dir_all(to).expect("mkdir");
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(from) else {
        return 0;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Ok(f) = std::fs::File::open(&p) else {
            continue;
        };
        let mut bytes = Vec::new();
        let ok = if name.ends_with(".gz") {
            flate2::read::MultiGzDecoder::new(f)
                .read_to_end(&mut bytes)
                .is_ok()
        } else {
            std::io::BufReader::new(f).read_to_end(&mut bytes).is_ok()
        };
        if ok {
            total += bytes.len() as u64;
            let _ = std::fs::write(to.join(name.trim_end_matches(".gz")), bytes);
        }
    }
    total
}

struct Run {
    seconds: f64,
    docs: u64,
    peak_rss_kb: i64,
}

/// Runs the binary once and reaps it with wait4, which reports its peak resident memory.
#[allow(clippy::zombie_processes)] // reaped by libc::wait4 below, which std cannot do
fn run(bin: &Path, args: &[String], jobs: usize) -> Run {
    let start = Instant::now();
    let mut command = Command::new(bin);
    command
        .arg("extract")
        .arg("--quiet")
        .arg(format!("--jobs={jobs}"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if jobs == 1 {
        // SAFETY: between fork and exec the hook makes one system call on plain data.
        unsafe {
            command.pre_exec(|| {
                let mut cpus: libc::cpu_set_t = std::mem::zeroed();
                libc::CPU_SET(0, &mut cpus);
                if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &cpus) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let child = command.spawn().expect("run readout");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.expect("piped stdout");
    // Count the records while draining, so that the pipe never blocks the process.
    let mut docs = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = stdout.read(&mut buf) {
        if n == 0 {
            break;
        }
        docs += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills; pid is our own child, not yet reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    Run {
        seconds: start.elapsed().as_secs_f64(),
        docs,
        peak_rss_kb: usage.ru_maxrss,
    }
}
