//! Batches: runs the pipeline over a stream of inputs on several threads and hands the
//! results back in input order, so that the same input gives the same bytes whatever the
//! number of threads.
//!
//! A reader thread numbers the documents as it reads them; the workers (a rayon pool,
//! pulling documents as they free up) extract and render them; the caller's thread puts
//! the results back in order and emits each as soon as all before it are out. There is no
//! barrier between groups of documents, so a slow document holds up no worker. With one
//! job there is no pool: the reader extracts each group itself, and only the emitting
//! stays apart (so that a full output pipe stalls the writing, not the work). Memory is
//! bounded by a window of documents between reading and emitting, whatever the number of
//! inputs. A document that makes the pipeline panic (a bug, never expected) becomes an
//! error for that document only.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Condvar, Mutex};

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

/// Documents, and bytes of input, read but not yet emitted. A document larger than the
/// byte window is still let in, alone.
const WINDOW_DOCS: usize = 512;
const WINDOW_BYTES: usize = 32 << 20;

/// Documents travel between threads in small groups: handing over each one alone costs
/// more than extracting a short article. A group closes at this many documents or bytes,
/// small enough that the last group of a batch keeps no core waiting for long.
const GROUP_DOCS: usize = 64;
const GROUP_BYTES: usize = 64 << 10;

/// Documents read together, numbered by the place of the first in the input.
struct Group {
    seq: usize,
    bytes: usize,
    docs: Vec<Result<RawDoc, InputError>>,
}

/// Runs the batch. `render` turns a record into output bytes (on the worker threads);
/// `emit` receives the outcomes group by group, in input order (a group as soon as it is
/// next, so a caller that flushes after each group shows records without delay), and may
/// stop the batch by returning an error (a closed pipe), which `run` returns.
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
    E: FnMut(Vec<Outcome>) -> std::io::Result<()>,
{
    let window = Window::new(WINDOW_DOCS, WINDOW_BYTES);
    let (out_tx, out_rx) = channel::<(usize, usize, Vec<Outcome>)>();
    let extract_group = |group: Group| {
        let outcomes = group
            .docs
            .into_iter()
            .map(|doc| process(doc, rules, opts, &render))
            .collect();
        (group.seq, group.bytes, outcomes)
    };
    std::thread::scope(|scope| {
        let window = &window;
        if config.jobs == 1 {
            // One worker: the reader extracts each group itself. A worker thread beside it
            // would only take turns with it, and every hand-over costs a wake-up.
            let extract_group = &extract_group;
            scope.spawn(move || {
                read_groups(origins, config, window, |group| {
                    out_tx.send(extract_group(group)).is_ok()
                })
            });
        } else {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(config.jobs)
                .build()
                .map_err(std::io::Error::other)?;
            let (doc_tx, doc_rx) = sync_channel::<Group>(8);
            scope.spawn(move || {
                read_groups(origins, config, window, |group| doc_tx.send(group).is_ok())
            });
            scope.spawn(move || {
                pool.install(|| {
                    doc_rx
                        .into_iter()
                        .par_bridge()
                        .for_each_with(out_tx, |out, group| {
                            // The receiver is gone only when the batch is stopping.
                            let _ = out.send(extract_group(group));
                        });
                })
            });
        }
        let result = emit_in_order(out_rx, window, &mut emit);
        // On error, let the reader go: it stops at its next document, and the workers when
        // it stops.
        window.close();
        result
    })
}

/// Reads the inputs into numbered groups and hands each to `hand_over` once the window
/// lets it in; stops when the window closes or `hand_over` says the batch is stopping.
fn read_groups(
    origins: Vec<Result<Origin, InputError>>,
    config: &BatchConfig,
    window: &Window,
    mut hand_over: impl FnMut(Group) -> bool,
) {
    let mut group = Group::new(0);
    for origin in origins {
        let docs: Box<dyn Iterator<Item = Result<RawDoc, InputError>>> = match origin {
            Ok(o) => inputs::read(&o, config.input, config.max_bytes),
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        for doc in docs {
            group.bytes += doc.as_ref().map_or(0, |d| d.body.len());
            group.docs.push(doc);
            if group.docs.len() >= GROUP_DOCS || group.bytes >= GROUP_BYTES {
                let next = Group::new(group.seq + group.docs.len());
                let full = std::mem::replace(&mut group, next);
                if !window.enter(full.docs.len(), full.bytes) || !hand_over(full) {
                    return;
                }
            }
        }
    }
    if !group.docs.is_empty() && window.enter(group.docs.len(), group.bytes) {
        hand_over(group);
    }
}

/// Emits the outcomes of each group in the order of their numbers, as soon as each group
/// is next.
fn emit_in_order<E>(
    outcomes: std::sync::mpsc::Receiver<(usize, usize, Vec<Outcome>)>,
    window: &Window,
    emit: &mut E,
) -> std::io::Result<()>
where
    E: FnMut(Vec<Outcome>) -> std::io::Result<()>,
{
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (seq, bytes, group) in outcomes {
        waiting.insert(seq, (bytes, group));
        while let Some((bytes, group)) = waiting.remove(&next) {
            let docs = group.len();
            emit(group)?;
            window.leave(docs, bytes);
            next += docs;
        }
    }
    Ok(())
}

/// A bound on the documents between reading and emitting: the reader enters each group
/// and waits while the window is full; the emitter lets it out.
struct Window {
    state: Mutex<WindowState>,
    changed: Condvar,
    max_docs: usize,
    max_bytes: usize,
}

#[derive(Default)]
struct WindowState {
    docs: usize,
    bytes: usize,
    closed: bool,
}

impl Group {
    fn new(seq: usize) -> Self {
        Group {
            seq,
            bytes: 0,
            docs: Vec::new(),
        }
    }
}

impl Window {
    fn new(max_docs: usize, max_bytes: usize) -> Self {
        Window {
            state: Mutex::new(WindowState::default()),
            changed: Condvar::new(),
            max_docs,
            max_bytes,
        }
    }

    /// Waits for room for `docs` documents of `bytes` in all; false when the batch is
    /// stopping. When nothing is in the window, anything is let in.
    fn enter(&self, docs: usize, bytes: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while !s.closed
            && s.docs > 0
            && (s.docs + docs > self.max_docs || s.bytes + bytes > self.max_bytes)
        {
            s = self.changed.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        s.docs += docs;
        s.bytes += bytes;
        !s.closed
    }

    fn leave(&self, docs: usize, bytes: usize) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.docs -= docs;
        s.bytes -= bytes;
        self.changed.notify_all();
    }

    fn close(&self) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.closed = true;
        self.changed.notify_all();
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    fn record(tag: &str) -> Outcome {
        Outcome::Record {
            input_bytes: 1,
            rendered: tag.as_bytes().to_vec(),
        }
    }

    #[test]
    fn groups_finished_out_of_order_are_emitted_in_input_order() {
        let window = Window::new(100, 1 << 20);
        assert!(window.enter(5, 50));
        let (tx, rx) = channel();
        // Three groups (documents 0-1, 2, 3-4) arrive last first.
        tx.send((3, 20, vec![record("d"), record("e")])).unwrap();
        tx.send((2, 10, vec![record("c")])).unwrap();
        tx.send((0, 20, vec![record("a"), record("b")])).unwrap();
        drop(tx);
        let mut seen = Vec::new();
        emit_in_order(rx, &window, &mut |group| {
            for o in group {
                if let Outcome::Record { rendered, .. } = o {
                    seen.push(String::from_utf8(rendered).unwrap());
                }
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, ["a", "b", "c", "d", "e"]);
        let s = window.state.lock().unwrap();
        assert_eq!(
            (s.docs, s.bytes),
            (0, 0),
            "every group let out of the window"
        );
    }

    #[test]
    fn an_emit_error_stops_the_emitter() {
        let window = Window::new(100, 1 << 20);
        assert!(window.enter(2, 2));
        let (tx, rx) = channel();
        tx.send((0, 2, vec![record("a"), record("b")])).unwrap();
        let mut calls = 0;
        let err = emit_in_order(rx, &window, &mut |_| {
            calls += 1;
            Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "closed",
            ))
        });
        assert!(err.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_document_larger_than_the_window_enters_alone() {
        let window = Window::new(4, 100);
        assert!(window.enter(1, 10_000), "an empty window lets anything in");
        window.leave(1, 10_000);
        assert!(window.enter(4, 40));
    }

    #[test]
    fn a_full_window_holds_the_reader_until_room_is_made_or_the_batch_stops() {
        let window = Arc::new(Window::new(2, 1 << 20));
        assert!(window.enter(2, 20));
        let entered = Arc::new(AtomicBool::new(false));
        let reader = {
            let (window, entered) = (Arc::clone(&window), Arc::clone(&entered));
            std::thread::spawn(move || {
                let ok = window.enter(1, 10);
                entered.store(true, Ordering::SeqCst);
                ok
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!entered.load(Ordering::SeqCst), "the window is full");
        window.leave(1, 10);
        assert!(reader.join().unwrap(), "room was made");

        // Full again: closing lets the reader go, with a refusal.
        let reader = {
            let window = Arc::clone(&window);
            std::thread::spawn(move || window.enter(1, 10))
        };
        std::thread::sleep(Duration::from_millis(50));
        window.close();
        assert!(!reader.join().unwrap());
    }
}
