//! Batch runs: many inputs through the pipeline into the tables, in three stages that
//! overlap, so the cores stay busy and memory holds only the documents in flight:
//!
//! ```text
//! reader thread ──chunks of items──▶ workers (rayon, --jobs) ──chunks of outcomes──▶ writer thread
//! ```
//!
//! The reader streams the inputs in order and cuts them into chunks of a bounded size;
//! the workers load, extract and transform the items of a chunk in parallel (or take
//! their rows from the [`cache`]); the writer appends the rows to the tables in input
//! order, so the output never depends on scheduling. Channels between the stages hold
//! two chunks each: memory is bounded by the chunk size, not by the input. The buffers
//! of the rows the workers format go back to them once written
//! ([`FormattedPool`](crate::load::FormattedPool)): allocating them per document, and
//! freeing them on the writer thread, was 5% of a run.

pub mod cache;
pub mod lock;
pub mod progress;
pub mod shard;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use anyhow::Context;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::document::Document;
use crate::load::manifest::{self, Manifest};
use crate::load::row::{DocumentRow, FigureRow, RejectRow};
use crate::load::Output;
use crate::source::{self, Body, InputList, Item, Loaded, Reason, Rejection, SourceConfig};
use crate::Pipeline;

use cache::{Cache, Entry};
use progress::Counters;
use shard::Shard;

/// How many chunks the workers hold at a time.
const CHUNKS_IN_FLIGHT: usize = 2;

/// How many chunks of outcomes wait for the writer: room for the documents the workers
/// do while the writer encodes a Parquet row group (about 25 ms on the generated corpus,
/// in which two workers do about 200 documents).
const CHUNKS_QUEUED: usize = 8;

/// A chunk closes at this many items... Small chunks keep few documents in flight
/// (each holding its rows and their formatted buffers): 256 held about 1,300 in chunks
/// of rows, whose buffers were most of a 10 MB run's 22,000 page faults (16,500 with
/// 64).
const CHUNK_ITEMS: usize = 64;
/// ...or this many bytes of documents, whichever comes first.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// The first chunk closes at this many items, the next at twice as many, and so on up
/// to `CHUNK_ITEMS`: the workers need not wait for a whole chunk to be read to start.
const FIRST_CHUNK_ITEMS: usize = 8;

/// A batch run, built from the options: the running stage of `figures run`.
pub struct Batch {
    /// The inputs, in order.
    pub inputs: InputList,
    /// How they are read.
    pub source: SourceConfig,
    /// Extraction and transformation.
    pub pipeline: Pipeline,
    /// Where the tables go.
    pub output: Output,
    /// The extraction cache; `None` to run without one.
    pub cache: Option<Cache>,
    /// This run's part of the documents.
    pub shard: Option<Shard>,
    /// Worker threads.
    pub jobs: usize,
    /// Draw a progress bar.
    pub progress: bool,
    /// Treat any reject as a failure: the tables are then left untouched.
    pub fail_on_reject: bool,
    /// The options, as the manifest records them.
    pub options: manifest::Options,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Counts.
    pub counts: manifest::Counts,
    /// Timings.
    pub timings: manifest::Timings,
    /// The rejects, in input order.
    pub rejects: Vec<RejectRow>,
}

/// What one item gave.
enum Outcome {
    Document {
        row: Box<DocumentRow>,
        /// The figures, formatted by the worker for the tables' files, or as rows
        /// for the writer thread to format.
        figures: Figures,
        /// Money figures with an amount that could not be converted.
        unconverted: usize,
        line: Option<u64>,
        cached: bool,
    },
    Rejected {
        row: Box<DocumentRow>,
        message: String,
        line: Option<u64>,
    },
    Skipped,
}

/// A document's figures on their way to the writer thread.
enum Figures {
    /// Formatted by the worker, while they were in its cache: when every core runs a
    /// worker, the writer thread reading every row again costs more than this.
    Formatted(crate::load::Formatted),
    /// As rows, for the writer thread to format: when a core is left to it.
    Rows(Vec<FigureRow>),
}

/// An error that stops a run: the rejects so far are kept for the message.
#[derive(Debug)]
pub struct Rejected {
    /// The rejects.
    pub rejects: Vec<RejectRow>,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} input(s) rejected and --fail-on-reject is set: the tables were left as they were",
            self.rejects.len()
        )
    }
}

impl std::error::Error for Rejected {}

impl Batch {
    /// Runs the batch: reads, extracts, writes the tables atomically. An `Err` means the
    /// run could not finish (the previous tables are untouched); with
    /// `fail_on_reject`, any reject is such an error, downcastable to [`Rejected`].
    /// The inputs are taken from the batch: each is dropped once read.
    pub fn run(&mut self) -> anyhow::Result<Summary> {
        let inputs = std::mem::take(&mut self.inputs);
        self.run_over(inputs)
    }

    fn run_over(&self, to_read: InputList) -> anyhow::Result<Summary> {
        let started = Instant::now();
        let started_at = now_rfc3339();
        std::fs::create_dir_all(self.output.dir()).with_context(|| {
            format!(
                "cannot create the output folder {}",
                self.output.dir().display()
            )
        })?;
        let lock_name = match self.output.layout() {
            crate::load::Layout::Single => ".figures.lock".to_string(),
            l => format!(".figures-{}.lock", l.tag()),
        };
        let _lock = lock::Lock::acquire(&self.output.dir().join(lock_name))?;
        let mut staging = self.output.begin()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .build()
            .context("cannot start the worker threads")?;

        let counters = Arc::new(Counters::default());
        let bar = self.progress.then(|| {
            let total = to_read.iter().filter_map(|i| i.size()).sum::<u64>();
            progress::Bar::start(counters.clone(), Some(total).filter(|&t| t > 0))
        });

        let keep = |id: &str| self.shard.is_none_or(|s| s.contains(id));
        // the rows are formatted for the files where a core is free for it
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let format_in_workers = self.jobs >= cores;
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Vec<Item>>(2);
        let (out_tx, out_rx) = mpsc::sync_channel::<Vec<Outcome>>(CHUNKS_QUEUED);
        let mut extract_time = Duration::ZERO;
        let buffers = crate::load::FormattedPool::default();
        // set once the workers are done: the writer, a few chunks behind, then encodes
        // its row groups on the pool
        let extracted = std::sync::atomic::AtomicBool::new(false);

        let (read_result, write_result) = std::thread::scope(|s| {
            // reader: inputs → chunks of items, in order
            let reader = s.spawn(|| {
                let t = Instant::now();
                let mut inputs = manifest::Inputs::default();
                let mut chunk = Vec::new();
                let mut bytes = 0usize;
                let mut sent = 0u32;
                let mut stopped = false;
                // the input goes with its last item, and the list's memory as it
                // empties (`InputList::pop`)
                let mut to_read = to_read;
                while let Some(input) = to_read.pop() {
                    if stopped {
                        break;
                    }
                    let input = Arc::new(input);
                    let summary = source::read_input(&input, &self.source, &keep, &mut |item| {
                        if stopped {
                            return;
                        }
                        bytes += match &item.body {
                            Body::Bytes(b) => b.len(),
                            Body::Rejected(_) => 0,
                        };
                        chunk.push(item);
                        // the first chunks are small: the workers start at once
                        let items = CHUNK_ITEMS.min(FIRST_CHUNK_ITEMS << sent.min(8));
                        if chunk.len() >= items || bytes >= CHUNK_BYTES {
                            bytes = 0;
                            sent += 1;
                            let items = std::mem::take(&mut chunk);
                            stopped = chunk_tx.send(items).is_err();
                        }
                    });
                    counters.bytes.fetch_add(summary.bytes, Ordering::Relaxed);
                    if summary.items > 0 || input.path().is_none() {
                        inputs.push(&manifest::Input {
                            path: &input.display,
                            sha256: manifest::Sha256Hex::parse(&summary.sha256),
                            bytes: summary.bytes,
                            documents: u32::try_from(summary.items).unwrap_or(u32::MAX),
                            rejected: 0,
                        });
                    }
                }
                if !chunk.is_empty() && !stopped {
                    let _ = chunk_tx.send(chunk);
                }
                drop(chunk_tx);
                (inputs, t.elapsed())
            });

            // writer: outcomes → tables, in order
            let writer =
                s.spawn(|| self.write(&mut staging, out_rx, &counters, &buffers, &extracted));

            // workers: items → outcomes, in parallel, order kept. Two chunks are in the
            // workers' hands at a time, so a core that is done with one chunk's last
            // documents goes on with the next chunk's (waiting for the chunk's last
            // document idled a core 4% of a run); their outcomes go on in input order.
            let format = format_in_workers.then_some(&buffers);
            let keep = &keep;
            let (done_tx, done_rx) = mpsc::channel::<(usize, Vec<Outcome>)>();
            let mut chunks = Some(chunk_rx.into_iter());
            pool.in_place_scope(|scope| {
                let (mut spawned, mut next) = (0usize, 0usize);
                let mut done = BTreeMap::new();
                let mut busy_since = None;
                loop {
                    // no chunks once the writer stopped
                    while spawned - next < CHUNKS_IN_FLIGHT {
                        let Some(chunk) = chunks.as_mut().and_then(Iterator::next) else {
                            break;
                        };
                        busy_since = busy_since.or_else(|| Some(Instant::now()));
                        let (done_tx, k) = (done_tx.clone(), spawned);
                        scope.spawn(move |_| {
                            let outcomes: Vec<Outcome> = chunk
                                .par_iter()
                                .with_max_len(1)
                                .map(|item| self.process(item, keep, format))
                                .collect();
                            // the receiver waits for every chunk it spawned
                            let _ = done_tx.send((k, outcomes));
                        });
                        spawned += 1;
                    }
                    if next == spawned {
                        break;
                    }
                    let (k, outcomes) = done_rx.recv().expect("every chunk sends its outcomes");
                    done.insert(k, outcomes);
                    while let Some(outcomes) = done.remove(&next) {
                        next += 1;
                        if chunks.is_some() && out_tx.send(outcomes).is_err() {
                            // the writer stopped: so does the reader, whose chunks are
                            // no longer taken
                            chunks = None;
                        }
                    }
                    if next == spawned {
                        if let Some(t) = busy_since.take() {
                            extract_time += t.elapsed();
                        }
                    }
                }
            });
            extracted.store(true, Ordering::Release);
            drop((chunks, out_tx));
            let read = reader.join().expect("the reader thread does not panic");
            let written = writer.join().expect("the writer thread does not panic");
            (read, written)
        });
        drop(bar);
        let (mut inputs, read_time) = read_result;
        let written = write_result?;

        if self.fail_on_reject && !written.rejects.is_empty() {
            drop(staging);
            return Err(Rejected {
                rejects: written.rejects,
            }
            .into());
        }
        inputs.set_rejected(written.rejected_by_path);
        let counts = manifest::Counts {
            inputs: inputs.len(),
            documents: written.documents,
            cached: written.cached,
            extracted: written.documents - written.cached,
            figures: written.figures,
            rejects: written.rejects.len(),
            rejects_by_reason: written.by_reason.clone(),
            unconverted: written.unconverted,
            bytes: counters.bytes.load(Ordering::Relaxed),
        };
        let write_start = Instant::now();
        let mut manifest = Manifest {
            tool: "figures",
            version: env!("CARGO_PKG_VERSION"),
            started_at,
            options: self.options.clone(),
            inputs,
            counts: counts.clone(),
            ..Manifest::default()
        };
        let mut timings = manifest::Timings {
            read: read_time.as_millis() as u64,
            extract: extract_time.as_millis() as u64,
            write: written.time.as_millis() as u64,
            total: 0,
        };
        // the cache's pack goes to disk while the tables do (what the cache holds
        // never depends on whether the tables could be committed)
        let committed = std::thread::scope(|s| {
            if let Some(cache) = &self.cache {
                s.spawn(|| cache.finish());
            }
            staging.commit(|files| {
                manifest.files = files.to_vec();
                timings.total = started.elapsed().as_millis() as u64;
                manifest.timings_ms = timings.clone();
                manifest.finished_at = now_rfc3339();
                &manifest
            })
        });
        committed?;
        // the formatted rows' buffers kept for reuse (up to 64 MB in a thousand
        // allocations, made by the workers) are let go on a thread of their own: the run
        // is over, and freeing them here kept one core busy for its last milliseconds
        std::thread::spawn(move || drop(buffers));
        timings.write += write_start.elapsed().as_millis() as u64;
        timings.total = started.elapsed().as_millis() as u64;
        Ok(Summary {
            counts,
            timings,
            rejects: written.rejects,
        })
    }

    /// Processes one item; a panic while reading or extracting it (a bug in
    /// `figures`) makes it a reject, so the rest of the batch goes on.
    fn process(
        &self,
        item: &Item,
        keep: &dyn Fn(&str) -> bool,
        format: Option<&crate::load::FormattedPool>,
    ) -> Outcome {
        let run = std::panic::AssertUnwindSafe(|| self.process_unguarded(item, keep, format));
        std::panic::catch_unwind(run).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let bytes = match &item.body {
                Body::Bytes(b) => b.as_slice(),
                Body::Rejected(_) => &[],
            };
            let why = Rejection::new(
                Reason::ExtractFailed,
                format!(
                    "extraction failed, a bug in figures (please report it with this document): {what}"
                ),
            );
            let sha = source::hex(&Sha256::digest(bytes));
            rejected(item, item.provisional_id(), why, bytes.len() as i64, sha)
        })
    }

    /// Loads, extracts and transforms one item, or takes its rows from the cache.
    fn process_unguarded(
        &self,
        item: &Item,
        keep: &dyn Fn(&str) -> bool,
        format: Option<&crate::load::FormattedPool>,
    ) -> Outcome {
        let on_their_way = |rows: Vec<FigureRow>| match format {
            Some(pool) => Figures::Formatted(self.output.format_figures_into(&rows, pool.take())),
            None => Figures::Rows(rows),
        };
        let bytes = match &item.body {
            Body::Bytes(b) => Some(b.as_slice()),
            Body::Rejected(_) => None,
        };
        // the bytes are hashed once, by the reader when they are a whole input: for the
        // documents table and for the cache key
        let digest: Option<[u8; 32]> =
            bytes.map(|b| item.sha256.unwrap_or_else(|| Sha256::digest(b).into()));
        let key = match (&self.cache, digest) {
            (Some(cache), Some(d)) => Some(cache.key(|h| {
                item.digest_meta(h);
                h.update(d);
            })),
            _ => None,
        };
        if let (Some(cache), Some(key)) = (&self.cache, &key) {
            if let Some(entry) = cache.get(key) {
                if keep(&entry.document.doc_id) {
                    return Outcome::Document {
                        row: Box::new(entry.document),
                        unconverted: unconverted(&entry.figures),
                        figures: on_their_way(entry.figures),
                        line: item.line,
                        cached: true,
                    };
                }
            }
        }
        let size = bytes.map_or(0, |b| b.len() as i64);
        let sha = digest.map(|d| source::hex(&d)).unwrap_or_default();
        match item.load(&self.source, keep) {
            Loaded::Skipped => Outcome::Skipped,
            Loaded::Rejected { doc_id, rejection } => rejected(item, doc_id, rejection, size, sha),
            Loaded::Document(doc) => {
                let figures = self.pipeline.figures(&doc);
                let row = document_row(&doc, figures.len(), size, sha);
                let entry = Entry {
                    document: row,
                    figures,
                };
                if let (Some(cache), Some(key)) = (&self.cache, &key) {
                    cache.put(key, &entry);
                }
                Outcome::Document {
                    row: Box::new(entry.document),
                    unconverted: unconverted(&entry.figures),
                    figures: on_their_way(entry.figures),
                    line: item.line,
                    cached: false,
                }
            }
        }
    }

    /// The writer stage: appends outcomes to the tables in order; a document id seen
    /// before is a reject.
    fn write(
        &self,
        staging: &mut crate::load::Staging,
        rx: mpsc::Receiver<Vec<Outcome>>,
        counters: &Counters,
        pool: &crate::load::FormattedPool,
        extracted: &std::sync::atomic::AtomicBool,
    ) -> anyhow::Result<Written> {
        let mut w = Written::default();
        // the ids seen, as 128 bits of their SHA-256 (a collision is as likely as none
        // in practice, and a million ids take 16 MB, not 70)
        let mut seen = rustc_hash::FxHashSet::<u128>::default();
        let mut busy = Duration::ZERO;
        for outcomes in rx {
            // the Parquet row groups are encoded on the pool once the workers are done,
            // or while most documents come from the cache, the writer then being the
            // thread the others wait for; otherwise in this thread, where the pool would
            // take the cores from the workers (cold runs took 3% more time with every
            // group on the pool)
            let on_pool = extracted.load(Ordering::Acquire) || 2 * w.cached > w.documents;
            staging.encode_on_pool(on_pool);
            let t = Instant::now();
            for outcome in outcomes {
                match outcome {
                    Outcome::Skipped => continue,
                    Outcome::Rejected { row, message, line } => {
                        let reason = row.reason.clone().unwrap_or_default();
                        w.reject(
                            staging,
                            RejectRow {
                                path: row.source_path.clone(),
                                line: line.map(|l| l as i64),
                                reason,
                                message,
                            },
                        )?;
                        staging.document(*row)?;
                    }
                    Outcome::Document {
                        row,
                        figures,
                        unconverted,
                        line,
                        cached,
                    } => {
                        if !seen.insert(id_hash(&row.doc_id)) {
                            w.reject(
                                staging,
                                RejectRow {
                                    path: row.source_path.clone(),
                                    line: line.map(|l| l as i64),
                                    reason: Reason::DuplicateId.as_str().into(),
                                    message: format!(
                                        "the document id {:?} was already used by an earlier document",
                                        row.doc_id
                                    ),
                                },
                            )?;
                            continue;
                        }
                        w.documents += 1;
                        w.cached += usize::from(cached);
                        let figures = match figures {
                            Figures::Formatted(f) => f,
                            Figures::Rows(rows) => {
                                self.output.format_figures_into(&rows, pool.take())
                            }
                        };
                        w.figures += figures.rows;
                        w.unconverted += unconverted;
                        staging.figures_formatted(&figures)?;
                        pool.give(figures);
                        staging.document(*row)?;
                    }
                }
                counters.documents.fetch_add(1, Ordering::Relaxed);
            }
            busy += t.elapsed();
        }
        w.time = busy;
        Ok(w)
    }
}

/// What the writer stage counted.
#[derive(Default)]
struct Written {
    documents: usize,
    cached: usize,
    figures: usize,
    unconverted: usize,
    rejects: Vec<RejectRow>,
    by_reason: BTreeMap<String, usize>,
    rejected_by_path: HashMap<String, usize>,
    time: Duration,
}

impl Written {
    fn reject(&mut self, staging: &mut crate::load::Staging, r: RejectRow) -> anyhow::Result<()> {
        *self.by_reason.entry(r.reason.clone()).or_default() += 1;
        *self.rejected_by_path.entry(r.path.clone()).or_default() += 1;
        staging.reject(r.clone())?;
        self.rejects.push(r);
        Ok(())
    }
}

/// How many money figures have an amount but no value in the base currency.
fn unconverted(figures: &[FigureRow]) -> usize {
    figures
        .iter()
        .filter(|f| f.kind == "money" && f.value.is_some() && f.base_value.is_none())
        .count()
}

/// The outcome of an item that could not be read or extracted.
fn rejected(item: &Item, doc_id: String, why: Rejection, bytes: i64, sha256: String) -> Outcome {
    Outcome::Rejected {
        row: Box::new(DocumentRow {
            doc_id,
            source_path: item.input.display.to_string(),
            status: "rejected".into(),
            reason: Some(why.reason.as_str().into()),
            bytes,
            sha256,
            ..DocumentRow::default()
        }),
        message: why.message,
        line: item.line,
    }
}

/// 128 bits of the SHA-256 of a document id.
fn id_hash(id: &str) -> u128 {
    let d = Sha256::digest(id.as_bytes());
    u128::from_le_bytes(d[..16].try_into().expect("16 bytes"))
}

/// The documents table row of a document.
pub fn document_row(doc: &Document, figures: usize, bytes: i64, sha256: String) -> DocumentRow {
    DocumentRow {
        doc_id: doc.id.clone(),
        source_path: doc.source_path.clone().unwrap_or_default(),
        url: doc.url.clone(),
        status: "ok".into(),
        reason: None,
        title: doc.title.clone(),
        published: doc.published,
        published_source: Some(doc.published_source.as_str().to_string()),
        encoding: doc.encoding.clone(),
        bytes,
        chars: Some(doc.text.chars().count() as i64),
        figures: Some(figures as i64),
        sha256,
    }
}

/// The current time in RFC 3339, UTC, for the manifest.
pub fn now_rfc3339() -> String {
    let dt: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    dt.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
