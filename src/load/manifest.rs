//! The manifest: what a run read, how, what it wrote, how long it took. The tables hold
//! no timestamps (the same input gives byte-identical tables); the manifest does.

use serde::Serialize;

/// The manifest of a run, written as `manifest.json`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Manifest {
    /// `figures`.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// The options of the run.
    pub options: Options,
    /// Every input, with its content hash.
    pub inputs: Vec<Input>,
    /// What the run produced.
    pub counts: Counts,
    /// How long each stage took, in milliseconds.
    pub timings_ms: Timings,
    /// The files written.
    pub files: Vec<&'static str>,
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
    /// The fallback publication date.
    pub published: Option<String>,
}

/// One input.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    /// Its path.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// How many documents it held.
    pub documents: usize,
    /// How many of its documents or lines were rejected.
    pub rejected: usize,
}

/// Counts of a run.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    /// Input files.
    pub inputs: usize,
    /// Documents read.
    pub documents: usize,
    /// Figures written.
    pub figures: usize,
    /// Inputs (or lines) rejected.
    pub rejects: usize,
    /// Money figures whose currency could not be converted to the base currency.
    pub unconverted: usize,
}

/// Stage timings in milliseconds.
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
