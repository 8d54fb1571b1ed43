//! The extraction cache: the rows each document gave, kept in the output folder
//! (`.cache/<part>/`) under a key that hashes everything the rows depend on (the
//! extraction engine, the run's options, the document's name and bytes). A rerun over
//! the same inputs reads its rows back instead of extracting them again; a changed
//! document has a new key and is redone; entries no run uses any more are removed
//! after each complete run.
//!
//! One file per document, JSON compressed with zstd (rows repeat their sentence and
//! their column names: a tenth of the size), written in place: a file cut short by a
//! killed run does not decompress or parse and counts as a miss, so no entry is ever
//! trusted half-written.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::load::row::{DocumentRow, FigureRow};

/// The largest entry read back (decompressed): far more than the rows of the largest
/// document allowed.
const MAX_ENTRY: usize = 1 << 30;

/// A cache key.
pub type Key = [u8; 32];

/// What a document gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Its row of the documents table.
    pub document: DocumentRow,
    /// Its figures.
    pub figures: Vec<FigureRow>,
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    /// Whether entries are read (`--full` only writes them).
    pub read: bool,
    seed: Key,
}

impl Cache {
    /// The cache in `dir`; `options` names everything besides a document that its rows
    /// depend on.
    pub fn new(dir: PathBuf, read: bool, options: &str) -> Cache {
        let mut h = Sha256::new();
        h.update(engine_fingerprint().as_bytes());
        h.update(options.as_bytes());
        Cache {
            dir,
            read,
            seed: h.finalize().into(),
        }
    }

    /// The key of a document, from what it depends on (see
    /// [`crate::source::Item::digest_meta`]).
    pub fn key(&self, digest: impl FnOnce(&mut Sha256)) -> Key {
        let mut h = Sha256::new();
        h.update(self.seed);
        digest(&mut h);
        h.finalize().into()
    }

    fn path(&self, key: &Key) -> PathBuf {
        let hex = crate::source::hex(key);
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The entry of a key, when there is a complete one.
    pub fn get(&self, key: &Key) -> Option<Entry> {
        if !self.read {
            return None;
        }
        let bytes = fs::read(self.path(key)).ok()?;
        let json = with_codec(|c| c.1.decompress(&bytes, MAX_ENTRY).ok())?;
        serde_json::from_slice(&json).ok()
    }

    /// Stores an entry. A failure to write only costs the next run some work.
    pub fn put(&self, key: &Key, entry: &Entry) {
        let path = self.path(key);
        let write = || -> std::io::Result<()> {
            let json = serde_json::to_vec(entry)?;
            let packed = with_codec(|c| c.0.compress(&json))?;
            // the folder of a key's first two digits is made once, when first missing
            match fs::write(&path, &packed) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if let Some(parent) = path.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    fs::write(&path, &packed)
                }
                other => other,
            }
        };
        if write().is_err() {
            let _ = fs::remove_file(&path);
        }
    }

    /// Removes the entries not in `used`; returns how many.
    pub fn collect_garbage(&self, used: &HashSet<Key>) -> usize {
        let used: HashSet<String> = used.iter().map(|k| crate::source::hex(k)).collect();
        let mut removed = 0;
        let Ok(folders) = fs::read_dir(&self.dir) else {
            return 0;
        };
        for folder in folders.flatten() {
            let prefix = folder.file_name().to_string_lossy().into_owned();
            let Ok(entries) = fs::read_dir(folder.path()) else {
                continue;
            };
            let mut left = 0;
            for e in entries.flatten() {
                let name = format!("{prefix}{}", e.file_name().to_string_lossy());
                if used.contains(&name) {
                    left += 1;
                } else if fs::remove_file(e.path()).is_ok() {
                    removed += 1;
                }
            }
            if left == 0 {
                let _ = fs::remove_dir(folder.path());
            }
        }
        removed
    }
}

/// A zstd compressor and decompressor per thread: making their contexts costs more
/// than compressing one entry.
fn with_codec<R>(
    f: impl FnOnce(
        &mut (
            zstd::bulk::Compressor<'static>,
            zstd::bulk::Decompressor<'static>,
        ),
    ) -> R,
) -> R {
    thread_local! {
        static CODEC: std::cell::RefCell<Option<(zstd::bulk::Compressor<'static>, zstd::bulk::Decompressor<'static>)>> =
            const { std::cell::RefCell::new(None) };
    }
    CODEC.with(|c| {
        let mut c = c.borrow_mut();
        let codec = c.get_or_insert_with(|| {
            (
                zstd::bulk::Compressor::new(1).expect("zstd level 1 exists"),
                zstd::bulk::Decompressor::new().expect("a zstd context"),
            )
        });
        f(codec)
    })
}

/// What identifies the extraction engine: the version, and the executable's size and
/// modification time, so a rebuilt binary (new rules, new lexicons: they are compiled
/// in) never reads rows an older one wrote.
pub fn engine_fingerprint() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| fs::metadata(p).ok())
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        })
        .unwrap_or_default();
    format!("figures {} {exe}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_miss_and_garbage() {
        let dir = std::env::temp_dir().join(format!("figures-cache-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let cache = Cache::new(dir.clone(), true, "base=USD");
        let k1 = cache.key(|h| h.update(b"one"));
        let k2 = cache.key(|h| h.update(b"two"));
        assert_ne!(k1, k2);
        assert_ne!(
            k1,
            Cache::new(dir.clone(), true, "base=EUR").key(|h| h.update(b"one"))
        );
        let entry = Entry {
            document: DocumentRow {
                doc_id: "a".into(),
                ..DocumentRow::default()
            },
            figures: vec![FigureRow {
                value: Some("15.24".parse().unwrap()),
                annual_base_value: Some(0.1 + 0.2),
                ..FigureRow::default()
            }],
        };
        cache.put(&k1, &entry);
        let back = cache.get(&k1).unwrap();
        assert_eq!(
            back.figures, entry.figures,
            "floats and decimals come back exact"
        );
        assert!(cache.get(&k2).is_none());
        // a file cut short is a miss
        fs::create_dir_all(cache.path(&k2).parent().unwrap()).unwrap();
        let whole = fs::read(cache.path(&k1)).unwrap();
        fs::write(cache.path(&k2), &whole[..whole.len() - 3]).unwrap();
        assert!(cache.get(&k2).is_none());
        let off = Cache {
            read: false,
            ..cache.clone()
        };
        assert!(off.get(&k1).is_none());
        assert_eq!(cache.collect_garbage(&HashSet::from([k1])), 1);
        assert!(cache.get(&k1).is_some());
        fs::remove_dir_all(dir).unwrap();
    }
}
