//! The `readout` command: parses arguments, walks inputs, prints records. Everything else
//! is in the library.

// mimalloc: the pipeline allocates many small strings and vectors per document; glibc's
// malloc and free were a quarter of all instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use readout::Options;
use readout::batch::{self, BatchConfig, Outcome};
use readout::export::{CsvRecords, OutputFormat, Printer, Renderer};
use readout::inputs::{self, InputFormat, Origin};
use readout::rules::{RuleSet, Rules};

#[derive(Parser)]
#[command(
    name = "readout",
    version,
    about = "Structured records from news articles about diplomacy: who said what, who met whom, when, where and for how long."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract article records from files, directories or stdin.
    Extract(ExtractArgs),
    /// Print the JSON Schema of the article record.
    Schema,
    /// Work with rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Check rule files (the defaults, or DIR overlaid on them); errors as FILE:LINE: message.
    Check { dir: Option<PathBuf> },
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files or directories (.html .htm .txt .md .jsonl, optionally .gz); `-` or none: stdin.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// The table `--format csv` writes.
    #[arg(long, value_enum, default_value_t = RecordsArg::Statements)]
    records: RecordsArg,
    /// Add the article text to each record.
    #[arg(long)]
    include_text: bool,
    /// Reference date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_parser = parse_date)]
    published: Option<String>,
    /// Read rule files from DIR instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Largest document accepted, in bytes; larger ones are reported and skipped.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    /// Worker threads (default: one per core). The output is the same whatever N is.
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// No progress bar, no summary line; only errors on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputArg {
    Auto,
    Html,
    Text,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Jsonl,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum RecordsArg {
    Statements,
    Claims,
    Meetings,
    Participants,
    Durations,
    People,
}

fn parse_date(s: &str) -> Result<String, String> {
    let shaped = s.len() == 10
        && s.split('-').map(str::len).eq([4, 2, 2])
        && s.split('-').all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    // A shaped but impossible date (2025-02-30) would silently anchor every relative date
    // of the batch to nonsense, so it is a usage error too.
    let mut parts = s.split('-').map(|p| p.parse::<u32>().ok());
    let valid = match (parts.next(), parts.next(), parts.next()) {
        (Some(Some(y)), Some(Some(m)), Some(Some(d))) => {
            i32::try_from(y).is_ok_and(|y| readout::calendar::iso_date(y, m, d).is_some())
        }
        _ => false,
    };
    if shaped && valid {
        Ok(s.to_string())
    } else {
        Err("expected a calendar date as YYYY-MM-DD".to_string())
    }
}

/// A rules directory that does not exist would silently mean "the defaults"; refuse it.
fn rules_dir_error(dir: &std::path::Path) -> Option<String> {
    (!dir.is_dir()).then(|| format!("readout: {}: not a directory", dir.display()))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Schema => {
            print_quietly(readout::schema::JSON_SCHEMA.as_bytes());
            ExitCode::SUCCESS
        }
        Command::Rules {
            command: RulesCommand::Check { dir },
        } => rules_check(dir),
        Command::Extract(args) => run_extract(args),
    }
}

fn print_quietly(bytes: &[u8]) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|_| out.flush());
}

fn rules_check(dir: Option<PathBuf>) -> ExitCode {
    if let Some(msg) = dir.as_deref().and_then(rules_dir_error) {
        eprintln!("{msg}");
        return ExitCode::from(2);
    }
    let set = match dir {
        Some(d) => match RuleSet::from_dir(&d) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        },
        None => RuleSet::defaults(),
    };
    match Rules::compile(&set) {
        Ok(_) => {
            print_quietly(b"rules ok\n");
            ExitCode::SUCCESS
        }
        Err(errs) => {
            for e in errs {
                eprintln!("{e}");
            }
            ExitCode::from(1)
        }
    }
}

fn run_extract(args: ExtractArgs) -> ExitCode {
    // `readout extract` typed alone at a terminal would wait silently for stdin.
    if args.paths.is_empty() && io::stdin().is_terminal() {
        eprintln!("readout: no input: give files or directories, or pipe articles to stdin (`-`)");
        return ExitCode::from(2);
    }
    if let Some(msg) = args.rules.as_deref().and_then(rules_dir_error) {
        eprintln!("{msg}");
        return ExitCode::from(2);
    }
    let rules = match &args.rules {
        Some(dir) => match Rules::from_dir(dir) {
            Ok(r) => r,
            Err(errs) => {
                for e in errs {
                    eprintln!("readout: {e}");
                }
                return ExitCode::from(2);
            }
        },
        None => Rules::defaults(),
    };
    let opts = Options {
        include_text: args.include_text,
        published: args.published.clone(),
    };
    let config = BatchConfig {
        input: match args.input {
            InputArg::Auto => InputFormat::Auto,
            InputArg::Html => InputFormat::Html,
            InputArg::Text => InputFormat::Text,
            InputArg::Jsonl => InputFormat::Jsonl,
        },
        max_bytes: args.max_bytes,
        jobs: args.jobs,
    };
    let renderer = Renderer {
        format: match args.format {
            FormatArg::Jsonl => OutputFormat::Jsonl,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Csv => OutputFormat::Csv,
        },
        records: match args.records {
            RecordsArg::Statements => CsvRecords::Statements,
            RecordsArg::Claims => CsvRecords::Claims,
            RecordsArg::Meetings => CsvRecords::Meetings,
            RecordsArg::Participants => CsvRecords::Participants,
            RecordsArg::Durations => CsvRecords::Durations,
            RecordsArg::People => CsvRecords::People,
        },
    };

    // A bug must cost one document, not the batch: batch::run catches panics and reports
    // them as that document's error line, so the default hook's message is not wanted.
    std::panic::set_hook(Box::new(|_| {}));

    let origins = inputs::expand(&args.paths);
    // The total is known when every input is one file of one document.
    let total = origins
        .iter()
        .all(|o| matches!(o, Ok(Origin::File(p)) if !inputs::is_jsonl(p)))
        .then_some(origins.len() as u64);
    let progress = Progress::new(total, args.quiet);
    let started = Instant::now();
    let (mut docs, mut failed, mut bytes) = (0u64, 0u64, 0u64);

    // Half a pipe's default 64 KB: short records leave in a few writes, not one per 8 KB
    // (each wakes the reader on the other end), and a write still fits the pipe whole.
    let stdout = io::stdout().lock();
    let mut printer = Printer::new(io::BufWriter::with_capacity(32 << 10, stdout), renderer);
    let result = batch::run(
        origins,
        &config,
        &rules,
        &opts,
        |a| renderer.render(a),
        |group| {
            for outcome in group {
                docs += 1;
                match outcome {
                    Outcome::Record {
                        input_bytes,
                        rendered,
                    } => {
                        bytes += input_bytes as u64;
                        printer.write_rendered(&rendered)?;
                    }
                    Outcome::Failed(e) => {
                        failed += 1;
                        progress.println(&format!("readout: {e}"));
                    }
                }
            }
            // Line-at-a-time consumers (jq, another process on a pipe) see each group's
            // records as soon as they are out.
            printer.flush()?;
            progress.tick(bytes, failed);
            Ok(())
        },
    )
    .and_then(|_| printer.finish());
    progress.finish();
    if let Err(e) = result {
        return output_error(e);
    }
    if docs > 1 && !args.quiet {
        eprintln!(
            "readout: {docs} documents, {failed} failed, {:.1} MB, {:.2} s",
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A progress bar on stderr when stderr is a terminal; nothing otherwise.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(total: Option<u64>, quiet: bool) -> Self {
        if quiet || !io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = match total {
            Some(n) => ProgressBar::new(n).with_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} docs  {msg}  ETA {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {pos} docs  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(5));
        Progress { bar: Some(bar) }
    }

    fn tick(&self, bytes: u64, failed: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            let secs = bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{:.0} docs/s  {:.1} MB/s  {failed} errors",
                bar.position() as f64 / secs,
                bytes as f64 / 1e6 / secs
            ));
        }
    }

    /// Prints a diagnostic line without tearing the bar.
    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A closed pipe (`| head`) ends the run quietly; any other write error is reported.
fn output_error(e: io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("readout: cannot write output: {e}");
    ExitCode::from(1)
}
