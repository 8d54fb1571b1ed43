//! The manifest: what a run read, how, what it wrote, how long it took. The tables hold
//! no timestamps (the same input gives byte-identical tables); the manifest does.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::load::FileInfo;

/// The manifest of a run, written as `manifest.json` (or `manifests/part-K-of-N.json`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Manifest {
    /// `figures`.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// When it finished writing.
    pub finished_at: String,
    /// The options of the run.
    pub options: Options,
    /// Every input read, with its content hash.
    pub inputs: Vec<Input>,
    /// What the run produced.
    pub counts: Counts,
    /// How long each stage took, in milliseconds.
    pub timings_ms: Timings,
    /// The files written, with their rows, sizes and SHA-256: a reader can check that
    /// the tables it sees are the ones this manifest describes.
    pub files: Vec<FileInfo>,
}

/// The options of a run.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Options {
    /// The paths given.
    pub paths: Vec<String>,
    /// The output folder.
    pub out: String,
    /// The formats written.
    pub formats: Vec<&'static str>,
    /// The base currency.
    pub base_currency: String,
    /// The user's exchange rates file.
    pub rates: Option<String>,
    /// The fallback publication date.
    pub published: Option<String>,
    /// The size limit of a document.
    pub max_doc_bytes: u64,
    /// This run's part of the documents (`K/N`).
    pub shard: Option<String>,
    /// Whether the cache was ignored (`--full`).
    pub full: bool,
    /// Worker threads.
    pub jobs: usize,
    /// The config file read.
    pub config: Option<String>,
}

/// One input.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    /// Its path.
    pub path: String,
    /// SHA-256 of its bytes as stored (empty when it could not be read to its end).
    pub sha256: String,
    /// How many bytes were read.
    pub bytes: u64,
    /// How many documents (or JSON lines) it held.
    pub documents: usize,
    /// How many of them were rejected.
    pub rejected: usize,
}

/// Counts of a run.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    /// Input files.
    pub inputs: usize,
    /// Documents written with status ok.
    pub documents: usize,
    /// Of those, how many were taken from the cache.
    pub cached: usize,
    /// Of those, how many were extracted by this run.
    pub extracted: usize,
    /// Figures written.
    pub figures: usize,
    /// Inputs (or lines) rejected.
    pub rejects: usize,
    /// Rejects by reason code.
    pub rejects_by_reason: BTreeMap<String, usize>,
    /// Money figures whose currency could not be converted to the base currency.
    pub unconverted: usize,
    /// Bytes read.
    pub bytes: u64,
}

/// Stage timings in milliseconds. The stages overlap: each is the time its thread
/// was busy.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Timings {
    /// Reading inputs.
    pub read: u64,
    /// Extracting and transforming.
    pub extract: u64,
    /// Writing tables.
    pub write: u64,
    /// The whole run.
    pub total: u64,
}
