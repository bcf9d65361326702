//! Batches: runs the pipeline over a stream of inputs on several threads and hands the
//! results back in input order, so that the same input gives the same bytes whatever the
//! number of threads.
//!
//! A reader thread reads inputs and groups them into chunks; each chunk is extracted and
//! rendered in parallel (rayon), then emitted in order while the reader fills the next.
//! Memory is bounded by two chunks, whatever the number of inputs. A document that makes
//! the pipeline panic (a bug, never expected) becomes an error for that document only.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use crate::ingest::RawDoc;
use crate::inputs::{self, InputError, InputFormat, Origin};
use crate::record::Article;
use crate::rules::Rules;
use crate::{Options, extract};

/// How a batch reads its inputs and how many threads it uses.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    pub input: InputFormat,
    pub max_bytes: u64,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
}

/// What became of one input document.
#[derive(Debug)]
pub enum Outcome {
    /// The rendered record, and the size of the input it came from.
    Record {
        input_bytes: usize,
        rendered: Vec<u8>,
    },
    Failed(InputError),
}

/// Documents per chunk, and bytes per chunk, before a chunk is handed to the workers.
const CHUNK_DOCS: usize = 256;
const CHUNK_BYTES: usize = 16 << 20;

/// Runs the batch. `render` turns a record into output bytes (on the worker threads);
/// `emit` receives every outcome in input order and may stop the batch by returning an
/// error (a closed pipe), which `run` returns.
pub fn run<R, E>(
    origins: Vec<Result<Origin, InputError>>,
    config: &BatchConfig,
    rules: &Rules,
    opts: &Options,
    render: R,
    mut emit: E,
) -> std::io::Result<()>
where
    R: Fn(&Article) -> Vec<u8> + Sync,
    E: FnMut(Outcome) -> std::io::Result<()>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .build()
        .map_err(std::io::Error::other)?;
    let (tx, rx) = sync_channel::<Vec<Result<RawDoc, InputError>>>(1);
    let input = config.input;
    let max_bytes = config.max_bytes;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut chunk = Vec::new();
            let mut bytes = 0;
            for origin in origins {
                let docs: Box<dyn Iterator<Item = Result<RawDoc, InputError>>> = match origin {
                    Ok(o) => inputs::read(&o, input, max_bytes),
                    Err(e) => Box::new(std::iter::once(Err(e))),
                };
                for doc in docs {
                    bytes += doc.as_ref().map_or(0, |d| d.body.len());
                    chunk.push(doc);
                    if chunk.len() >= CHUNK_DOCS || bytes >= CHUNK_BYTES {
                        if tx.send(std::mem::take(&mut chunk)).is_err() {
                            return;
                        }
                        bytes = 0;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
        });
        // Owned here, so that returning early drops it and unblocks the reader.
        let rx = rx;
        for chunk in rx {
            let outcomes: Vec<Outcome> = pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|doc| process(doc, rules, opts, &render))
                    .collect()
            });
            for o in outcomes {
                // On error the receiver is dropped when we return, which stops the reader.
                emit(o)?;
            }
        }
        Ok(())
    })
}

fn process<R>(doc: Result<RawDoc, InputError>, rules: &Rules, opts: &Options, render: &R) -> Outcome
where
    R: Fn(&Article) -> Vec<u8>,
{
    let doc = match doc {
        Ok(d) => d,
        Err(e) => return Outcome::Failed(e),
    };
    let input_bytes = doc.body.len();
    match catch_unwind(AssertUnwindSafe(|| render(&extract(&doc, rules, opts)))) {
        Ok(rendered) => Outcome::Record {
            input_bytes,
            rendered,
        },
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome::Failed(InputError {
                path: doc.id.clone(),
                message: format!("internal error, please report: {why}"),
            })
        }
    }
}
