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

/// One input. A run over a large archive lists hundreds of thousands: kept compact.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    /// Its path, shared with the input it names (`source::Input::display`).
    pub path: std::sync::Arc<str>,
    /// SHA-256 of its bytes as stored (empty when it could not be read to its end).
    pub sha256: Sha256Hex,
    /// How many bytes were read.
    pub bytes: u64,
    /// How many documents (or JSON lines) it held.
    pub documents: u32,
    /// How many of them were rejected.
    pub rejected: u32,
}

/// A SHA-256 digest, held as its 32 bytes and written as hex (empty when unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sha256Hex(Option<[u8; 32]>);

impl Sha256Hex {
    /// From 64 hex digits; anything else is unknown.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::load::manifest::Sha256Hex;
    /// let hex = "ab".repeat(32);
    /// assert_eq!(serde_json::to_string(&Sha256Hex::parse(&hex)).unwrap(), format!("\"{hex}\""));
    /// assert_eq!(serde_json::to_string(&Sha256Hex::parse("")).unwrap(), "\"\"");
    /// ```
    pub fn parse(hex: &str) -> Sha256Hex {
        if hex.len() != 64 {
            return Sha256Hex(None);
        }
        let mut out = [0u8; 32];
        for (k, b) in out.iter_mut().enumerate() {
            match u8::from_str_radix(&hex[2 * k..2 * k + 2], 16) {
                Ok(v) => *b = v,
                Err(_) => return Sha256Hex(None),
            }
        }
        Sha256Hex(Some(out))
    }
}

impl Serialize for Sha256Hex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(d) => s.serialize_str(&crate::source::hex(d)),
            None => s.serialize_str(""),
        }
    }
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
