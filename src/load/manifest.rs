//! The manifest: what a run read, how, what it wrote, how long it took. The tables hold
//! no timestamps (the same input gives byte-identical tables); the manifest does.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::Serialize;

use crate::load::FileInfo;
use crate::pack::{block_for, put_path, put_varint, take_path, take_varint};

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
    pub inputs: Inputs,
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

/// One input, as the manifest lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Input<'a> {
    /// Its path (`source::Input::display`).
    pub path: &'a str,
    /// SHA-256 of its bytes as stored (empty when it could not be read to its end).
    pub sha256: Sha256Hex,
    /// How many bytes were read.
    pub bytes: u64,
    /// How many documents (or JSON lines) it held.
    pub documents: u32,
    /// How many of them were rejected.
    pub rejected: u32,
}

/// Every input a run read, in order. A run over an archive lists hundreds of thousands,
/// whose paths share their folders: each is packed into one buffer, its path as the
/// bytes it does not share with the path before, its counts as varints (about 50 bytes
/// for a generated archive's input, where an entry of its own with its path held about
/// 140). Inputs with rejected documents are few: their counts are kept by path.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The records, in blocks of about `BLOCK` bytes that no record straddles: the
    /// list grows a block at a time, never copied into a buffer twice its size.
    blocks: VecDeque<Vec<u8>>,
    len: usize,
    last: String,
    rejected: HashMap<String, usize>,
}

impl Inputs {
    /// Adds an input (its `rejected` count is not kept: see [`Inputs::set_rejected`]).
    pub fn push(&mut self, input: &Input) {
        // the path's two varints and its tail, two more varints, the digest and its flag
        let need = 2 * 10 + input.path.len() + 2 * 10 + 33;
        let block = block_for(&mut self.blocks, need, BLOCK);
        put_path(block, &mut self.last, input.path);
        match input.sha256.0 {
            Some(d) => {
                block.push(1);
                block.extend_from_slice(&d);
            }
            None => block.push(0),
        }
        put_varint(block, input.bytes);
        put_varint(block, u64::from(input.documents));
        self.len += 1;
    }

    /// How many inputs.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many documents of each input were rejected, by path.
    pub fn set_rejected(&mut self, by_path: HashMap<String, usize>) {
        self.rejected = by_path;
    }

    /// Hands each input to `f`, in order.
    ///
    /// ```
    /// use figures::load::manifest::{Input, Inputs, Sha256Hex};
    /// let mut inputs = Inputs::default();
    /// let a = Input { path: "news/2024/a.txt", sha256: Sha256Hex::parse(&"ab".repeat(32)), bytes: 5000, documents: 1, rejected: 0 };
    /// let b = Input { path: "news/2024/b.jsonl", sha256: Sha256Hex::parse(""), bytes: 300, documents: 1000, rejected: 0 };
    /// inputs.push(&a);
    /// inputs.push(&b);
    /// inputs.set_rejected([("news/2024/b.jsonl".to_string(), 2)].into());
    /// let mut back = Vec::new();
    /// inputs.for_each(|i| back.push(format!("{} {} {} {}", i.path, i.bytes, i.documents, i.rejected)));
    /// assert_eq!(back, ["news/2024/a.txt 5000 1 0", "news/2024/b.jsonl 300 1000 2"]);
    /// ```
    pub fn for_each(&self, mut f: impl FnMut(&Input)) {
        let mut path = String::new();
        for bytes in &self.blocks {
            let mut at = 0;
            while at < bytes.len() {
                self.decode(bytes, &mut at, &mut path, &mut f);
            }
        }
    }

    /// Decodes the record at `at` in `bytes` for `f`, `path` holding the path before
    /// it; moves `at` past it.
    fn decode(&self, bytes: &[u8], at: &mut usize, path: &mut String, f: &mut impl FnMut(&Input)) {
        take_path(bytes, at, path);
        let sha256 = if bytes[*at] == 1 {
            let d: [u8; 32] = bytes[*at + 1..*at + 33].try_into().expect("32 bytes");
            *at += 33;
            Sha256Hex(Some(d))
        } else {
            *at += 1;
            Sha256Hex(None)
        };
        let size = take_varint(bytes, at);
        let documents = take_varint(bytes, at) as u32;
        let rejected = self
            .rejected
            .get(path.as_str())
            .map_or(0, |&n| u32::try_from(n).unwrap_or(u32::MAX));
        f(&Input {
            path,
            sha256,
            bytes: size,
            documents,
            rejected,
        });
    }
}

impl Serialize for Inputs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len))?;
        let mut result = Ok(());
        self.for_each(|input| {
            if result.is_ok() {
                result = seq.serialize_element(input);
            }
        });
        result?;
        seq.end()
    }
}

/// The size of a block of records.
const BLOCK: usize = 1 << 20;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_come_back_as_pushed_across_blocks() {
        // paths that share prefixes ending inside a character ("é" and "è" share a
        // byte), digests and none, sizes of every varint length
        let paths: Vec<String> = (0..60_000u64)
            .map(|i| {
                let accent = ["é", "è", "e", ""][(i % 4) as usize];
                format!("/archive/{:03}/d{accent}pêche-{}.txt", i / 1000, i % 1000)
            })
            .collect();
        let mut inputs = Inputs::default();
        let want: Vec<(String, Sha256Hex, u64, u32)> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let digest = (i % 3 != 0).then_some([i as u8; 32]);
                (
                    p.clone(),
                    Sha256Hex(digest),
                    (i as u64) << (i % 50),
                    i as u32,
                )
            })
            .collect();
        for (path, sha256, bytes, documents) in &want {
            inputs.push(&Input {
                path,
                sha256: *sha256,
                bytes: *bytes,
                documents: *documents,
                rejected: 0,
            });
        }
        assert!(inputs.blocks.len() > 1, "the records fill several blocks");
        inputs.set_rejected([(paths[7].clone(), 3)].into());
        let mut back = Vec::new();
        inputs.for_each(|i| {
            assert_eq!(i.rejected, if i.path == paths[7] { 3 } else { 0 });
            back.push((i.path.to_string(), i.sha256, i.bytes, i.documents));
        });
        assert_eq!(back, want);
        assert_eq!(inputs.len(), want.len());
    }
}
