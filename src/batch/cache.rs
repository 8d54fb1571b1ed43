//! The extraction cache: the rows each document gave, kept in the output folder
//! (`.cache/<part>/`) under a key that hashes everything the rows depend on (the
//! extraction engine, the run's options, the document's name and bytes). A rerun over
//! the same inputs reads its rows back instead of extracting them again; a changed
//! document has a new key and is redone.
//!
//! Entries are records appended to pack files, one pack per run: a file per document
//! cost a file creation per document, a quarter of a cold run's time. A record is a
//! magic number, the key, a length and the entry in postcard (serde's compact binary
//! form: no field names, varints; the rows' ids left out, as they follow from the
//! document's) compressed with LZ4: the CRC-32 of the entry, its size
//! and the compressed block (LZ4 blocks have no checksum of their own). A run opens the
//! packs and reads their record headers for its index. A run killed while appending
//! leaves a pack whose last record is cut short: its header or its bytes fail the
//! checks, it counts as a miss, and the records before it still serve the next run.
//!
//! After a complete run, packs holding no entry the run used are deleted, and when the
//! packs hold more bytes of unused entries than of used ones, or there are more than
//! `MAX_PACKS` of them, the used entries are copied into one new pack and the old
//! ones deleted: the cache stays within twice the size of what the current inputs need,
//! in a few files.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::load::row::{set_ids, DocumentRow, FigureRow};

/// The largest entry read back (decompressed): far more than the rows of the largest
/// document allowed.
const MAX_ENTRY: usize = 1 << 30;

/// The first bytes of every record.
const MAGIC: &[u8; 4] = b"FGC3";

/// A record's header: magic, key, length of the packed entry (little endian).
const HEADER: usize = 4 + 32 + 4;

/// The most packs kept: each run that extracts something adds one, and each is open
/// while a run reads the cache; past this many they are compacted into one.
const MAX_PACKS: usize = 32;

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

/// Where a record is: its pack, the offset of its header, the length of its entry.
#[derive(Debug, Clone, Copy)]
struct Loc {
    offset: u64,
    pack: u32,
    len: u32,
}

/// A record of an earlier pack in the index: where it is, and whether this run took
/// its entry (the high bit of `pack`, set by [`Cache::get`] on any thread). A run
/// keeps the earlier packs for the entries it took: marked here, they need no set of
/// their keys beside the index (16 bytes and more a document in a rerun).
#[derive(Debug)]
struct Slot {
    offset: u64,
    pack: AtomicU32,
    len: u32,
}

/// The bit of [`Slot::pack`] that says the entry was taken.
const TAKEN: u32 = 1 << 31;

impl Slot {
    fn new(loc: Loc) -> Slot {
        Slot {
            offset: loc.offset,
            pack: AtomicU32::new(loc.pack),
            len: loc.len,
        }
    }

    fn loc(&self) -> Loc {
        Loc {
            offset: self.offset,
            pack: self.pack.load(Ordering::Relaxed) & !TAKEN,
            len: self.len,
        }
    }

    fn taken(&self) -> bool {
        self.pack.load(Ordering::Relaxed) & TAKEN != 0
    }
}

/// A pack of an earlier run, open for reading.
#[derive(Debug)]
struct Pack {
    path: PathBuf,
    file: File,
    size: u64,
}

/// The pack this run appends to, created with its first entry.
#[derive(Debug, Default)]
struct Appender {
    out: Option<(PathBuf, BufWriter<File>)>,
    /// The keys of the records written, by their first eight bytes.
    written: FxHashSet<u64>,
}

/// A cache folder.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    /// Whether entries are read (`--full` only writes them).
    pub read: bool,
    seed: Key,
    /// The packs of earlier runs, and the records they hold by the first eight bytes
    /// of their key (the full key is checked on reading).
    packs: Vec<Pack>,
    index: FxHashMap<u64, Slot>,
    appender: Mutex<Appender>,
}

/// The first eight bytes of a key: what the index and the record of keys written hold
/// (24 bytes a record with its slot, where 16 took 32 with the padding). The full key
/// is checked on reading: two keys alike in their first 64 bits (about one chance in
/// 40 million for a million records) cost a miss, the document extracted again,
/// never a wrong entry.
fn short(key: &Key) -> u64 {
    u64::from_le_bytes(key[..8].try_into().expect("8 bytes"))
}

impl Cache {
    /// The cache in `dir`; `options` names everything besides a document that its rows
    /// depend on. Reads the record headers of the packs there (unless `read` is off).
    pub fn new(dir: PathBuf, read: bool, options: &str) -> Cache {
        let mut h = Sha256::new();
        h.update(engine_fingerprint().as_bytes());
        h.update(options.as_bytes());
        let mut cache = Cache {
            dir,
            read,
            seed: h.finalize().into(),
            packs: Vec::new(),
            index: FxHashMap::default(),
            appender: Mutex::new(Appender::default()),
        };
        if read {
            cache.open_packs();
        }
        cache
    }

    /// The packs in the folder, oldest first, and the index of their records.
    fn open_packs(&mut self) {
        for path in pack_paths(&self.dir) {
            let Ok(file) = File::open(&path) else {
                continue;
            };
            let pack = self.packs.len() as u32;
            let size = scan(&file, |key, offset, len| {
                self.index
                    .insert(short(key), Slot::new(Loc { pack, offset, len }));
            });
            self.packs.push(Pack { path, file, size });
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

    /// The entry of a key, when there is a complete one; the run then keeps it for the
    /// next ([`Cache::finish`]).
    pub fn get(&self, key: &Key) -> Option<Entry> {
        if !self.read {
            return None;
        }
        let slot = self.index.get(&short(key))?;
        let loc = slot.loc();
        let (_, packed) = read_record(&self.packs[loc.pack as usize].file, loc, |k| k == key)?;
        let entry = with_codec(|c| {
            // the block states its size first: without it, a buffer of MAX_ENTRY would
            // be reserved for every entry read
            let crc = u32::from_le_bytes(packed.get(..4)?.try_into().ok()?);
            let block = &packed[4..];
            let size = u32::from_le_bytes(block.get(..4)?.try_into().ok()?);
            let size = usize::try_from(size).ok().filter(|&n| n <= MAX_ENTRY)?;
            c.plain.clear();
            c.plain.resize(size, 0);
            let n = lz4::block::decompress_to_buffer(block, None, &mut c.plain).ok()?;
            // a changed byte can decompress into other bytes as easily
            (n == size && crc32fast::hash(&c.plain) == crc).then_some(())?;
            postcard::from_bytes::<Entry>(&c.plain).ok()
        })
        .map(|mut entry| {
            set_ids(&mut entry.figures, &entry.document.doc_id);
            entry
        })?;
        slot.pack.fetch_or(TAKEN, Ordering::Relaxed);
        Some(entry)
    }

    /// Stores an entry in this run's pack. A failure to write only costs the next run
    /// some work.
    pub fn put(&self, key: &Key, entry: &Entry) {
        // the entry is serialized and compressed in this thread's buffers, kept from
        // entry to entry
        with_codec(|c| {
            let mut plain = std::mem::take(&mut c.plain);
            plain.clear();
            let Ok(plain) = postcard::to_extend(entry, plain) else {
                return;
            };
            c.plain = plain;
            let Ok(bound) = lz4::block::compress_bound(c.plain.len()) else {
                return;
            };
            // the CRC, then the block with its size first; the buffer only grows (it
            // is zeroed as it does, not for every entry)
            let room = 4 + 4 + bound;
            if c.packed.len() < room {
                c.packed.resize(room, 0);
            }
            c.packed[..4].copy_from_slice(&crc32fast::hash(&c.plain).to_le_bytes());
            let block = &mut c.packed[4..room];
            if let Ok(n) = lz4::block::compress_to_buffer(&c.plain, None, true, block) {
                self.append(key, &c.packed[..4 + n]);
            }
        });
    }

    /// Appends a record to this run's pack.
    fn append(&self, key: &Key, packed: &[u8]) {
        let Ok(len) = u32::try_from(packed.len()) else {
            return;
        };
        let mut a = self.appender.lock().unwrap_or_else(|e| e.into_inner());
        if a.out.is_none() {
            let path = self.dir.join(pack_name());
            let file = fs::create_dir_all(&self.dir).and_then(|()| File::create(&path));
            match file {
                Ok(f) => a.out = Some((path, BufWriter::with_capacity(1 << 20, f))),
                Err(_) => return,
            }
        }
        let Some((_, out)) = a.out.as_mut() else {
            return;
        };
        let wrote = out
            .write_all(MAGIC)
            .and_then(|()| out.write_all(key))
            .and_then(|()| out.write_all(&len.to_le_bytes()))
            .and_then(|()| out.write_all(packed));
        if wrote.is_ok() {
            a.written.insert(short(key));
        } else {
            // the pack's tail is unknown now: stop appending to it
            a.out = None;
        }
    }

    /// Ends a complete run: writes this run's pack to disk, deletes the earlier packs
    /// that hold none of the entries it took ([`Cache::get`]; those it wrote again are
    /// in its own), and compacts the packs when their unused entries outweigh the used
    /// ones. Returns how many packs it deleted.
    pub fn finish(&self) -> usize {
        let mut a = self.appender.lock().unwrap_or_else(|e| e.into_inner());
        let current = a.out.take().and_then(|(path, mut out)| {
            out.flush().ok()?;
            out.get_ref().sync_all().ok()?;
            Some(path)
        });
        // the bytes of used entries in each earlier pack; entries this run wrote again
        // are served by its own pack
        let in_packs = || {
            self.index
                .iter()
                .filter(|(h, slot)| slot.taken() && !a.written.contains(h))
                .map(|(h, slot)| (*h, slot.loc()))
        };
        let mut live = vec![0u64; self.packs.len()];
        for (_, loc) in in_packs() {
            live[loc.pack as usize] += HEADER as u64 + u64::from(loc.len);
        }
        let total: u64 = self.packs.iter().map(|p| p.size).sum();
        let used_bytes: u64 = live.iter().sum();
        let compact =
            (total - used_bytes > used_bytes || self.packs.len() > MAX_PACKS) && used_bytes > 0;
        let compacted = if compact {
            // the old packs stay when the new one did not reach the disk
            let Some(path) = self.compact(in_packs()) else {
                return 0;
            };
            Some(path)
        } else {
            None
        };
        let mut removed = 0;
        for (k, pack) in self.packs.iter().enumerate() {
            if (compact || live[k] == 0) && fs::remove_file(&pack.path).is_ok() {
                removed += 1;
            }
        }
        // packs this process did not open (a killed run's, the old one-file-per-entry
        // folders) hold nothing the index knows
        let known: HashSet<&Path> = self.packs.iter().map(|p| p.path.as_path()).collect();
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let path = e.path();
                if known.contains(path.as_path())
                    || Some(&path) == current.as_ref()
                    || Some(&path) == compacted.as_ref()
                {
                    continue;
                }
                let gone = if path.is_dir() {
                    fs::remove_dir_all(&path)
                } else if self.read || path.extension().is_some_and(|x| x == "pack") {
                    fs::remove_file(&path)
                } else {
                    continue;
                };
                removed += usize::from(gone.is_ok());
            }
        }
        removed
    }

    /// Copies the records of `locs` into a new pack. Returns its path once it is on
    /// disk.
    fn compact(&self, locs: impl Iterator<Item = (u64, Loc)>) -> Option<PathBuf> {
        // not a pack until whole: a killed compaction leaves a file the next run deletes
        let path = self
            .dir
            .join(format!(".compact-{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
            for (h, loc) in locs {
                let pack = &self.packs[loc.pack as usize];
                if let Some((key, packed)) = read_record(&pack.file, loc, |k| short(k) == h) {
                    out.write_all(MAGIC)?;
                    out.write_all(&key)?;
                    out.write_all(&loc.len.to_le_bytes())?;
                    out.write_all(&packed)?;
                }
            }
            out.flush()?;
            out.get_ref().sync_all()
        };
        if write().is_err() {
            let _ = fs::remove_file(&path);
            return None;
        }
        let pack = self.dir.join(pack_name());
        fs::rename(&path, &pack).ok()?;
        Some(pack)
    }
}

/// A new pack's name: `<nanoseconds since 1970>-<pid>.pack`, so packs sort by age.
fn pack_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos}-{}.pack", std::process::id())
}

/// The pack files of a folder, in the order they were written.
fn pack_paths(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|es| {
            es.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pack"))
                .collect()
        })
        .unwrap_or_default();
    // "<nanoseconds>-<pid>.pack": by time
    paths.sort_by_key(|p| {
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
        let nanos = stem
            .as_deref()
            .and_then(|s| s.split('-').next())
            .and_then(|n| n.parse::<u128>().ok());
        (nanos.unwrap_or(0), p.clone())
    });
    paths
}

/// Reads the record headers of a pack, calling `found` with each complete record's key,
/// offset and length; stops at the first header or record that is cut short or
/// malformed. Returns the pack's size.
fn scan(file: &File, mut found: impl FnMut(&Key, u64, u32)) -> u64 {
    let size = file.metadata().map_or(0, |m| m.len());
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut offset = 0u64;
    let mut header = [0u8; HEADER];
    while offset + HEADER as u64 <= size {
        if reader.read_exact(&mut header).is_err() || &header[..4] != MAGIC {
            break;
        }
        let key: Key = header[4..36].try_into().expect("32 bytes");
        let len = u32::from_le_bytes(header[36..40].try_into().expect("4 bytes"));
        let end = offset + HEADER as u64 + u64::from(len);
        if end > size || reader.seek_relative(i64::from(len)).is_err() {
            break;
        }
        found(&key, offset, len);
        offset = end;
    }
    size
}

/// A record's key and packed entry, when its header is whole and its key one `is_key`
/// accepts.
fn read_record(file: &File, loc: Loc, is_key: impl Fn(&Key) -> bool) -> Option<(Key, Vec<u8>)> {
    let mut header = [0u8; HEADER];
    file.read_exact_at(&mut header, loc.offset).ok()?;
    let key: Key = header[4..36].try_into().ok()?;
    let whole = &header[..4] == MAGIC
        && is_key(&key)
        && u32::from_le_bytes(header[36..40].try_into().ok()?) == loc.len;
    if !whole {
        return None;
    }
    let mut packed = vec![0u8; loc.len as usize];
    file.read_exact_at(&mut packed, loc.offset + HEADER as u64)
        .ok()?;
    Some((key, packed))
}

/// The buffers of the entry in flight, per thread.
struct Codec {
    /// An entry serialized.
    plain: Vec<u8>,
    /// An entry compressed.
    packed: Vec<u8>,
}

/// The largest buffer a thread keeps between entries.
const KEEP_BUFFER: usize = 4 << 20;

fn with_codec<R>(f: impl FnOnce(&mut Codec) -> R) -> R {
    thread_local! {
        static CODEC: std::cell::RefCell<Option<Codec>> = const { std::cell::RefCell::new(None) };
    }
    CODEC.with(|c| {
        let mut c = c.borrow_mut();
        let codec = c.get_or_insert_with(|| Codec {
            plain: Vec::new(),
            packed: Vec::new(),
        });
        let r = f(codec);
        // a huge entry's buffers are not kept for the next ones
        for b in [&mut codec.plain, &mut codec.packed] {
            if b.capacity() > KEEP_BUFFER {
                *b = Vec::new();
            }
        }
        r
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

    fn entry(id: &str) -> Entry {
        let mut figures = vec![
            FigureRow {
                value: Some("15.24".parse().unwrap()),
                annual_base_value: Some(0.1 + 0.2),
                ..FigureRow::default()
            },
            FigureRow {
                value_min: Some("-0.000001".parse().unwrap()),
                fx_rate: Some(rust_decimal::Decimal::MAX),
                base_value: Some(rust_decimal::Decimal::MIN),
                ..FigureRow::default()
            },
        ];
        set_ids(&mut figures, id);
        Entry {
            document: DocumentRow {
                doc_id: id.into(),
                ..DocumentRow::default()
            },
            figures,
        }
    }

    fn pack_bytes(dir: &Path) -> u64 {
        pack_paths(dir)
            .iter()
            .map(|p| fs::metadata(p).unwrap().len())
            .sum()
    }

    #[test]
    fn runs_that_each_add_a_little_leave_a_few_packs() {
        let dir = std::env::temp_dir().join(format!("figures-packs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut used = HashSet::new();
        for run in 0..(MAX_PACKS as u8 + 8) {
            let cache = Cache::new(dir.clone(), true, "base=USD");
            for k in &used {
                assert!(cache.get(k).is_some(), "run {run}");
            }
            let key = cache.key(|h| h.update([run]));
            cache.put(&key, &entry(&run.to_string()));
            used.insert(key);
            cache.finish();
            assert!(pack_paths(&dir).len() <= MAX_PACKS + 1, "run {run}");
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn round_trip_miss_cut_records_and_garbage() {
        let dir = std::env::temp_dir().join(format!("figures-cache-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let cache = Cache::new(dir.clone(), true, "base=USD");
        let keys: Vec<Key> = (0..4u8).map(|i| cache.key(|h| h.update([i]))).collect();
        assert_ne!(
            keys[0],
            Cache::new(dir.clone(), true, "base=EUR").key(|h| h.update([0u8]))
        );
        for (i, k) in keys.iter().enumerate().take(3) {
            cache.put(k, &entry(&i.to_string()));
        }
        // nothing is read back in the run that writes it
        assert!(cache.get(&keys[0]).is_none());
        cache.finish();

        let cache = Cache::new(dir.clone(), true, "base=USD");
        let back = cache.get(&keys[1]).unwrap();
        assert_eq!(back.document.doc_id, "1");
        assert_eq!(
            back.figures,
            entry("1").figures,
            "ids, floats and decimals come back exact"
        );
        assert_eq!(back.figures[1].figure_id, "1#2");
        assert!(cache.get(&keys[3]).is_none());
        let off = Cache::new(dir.clone(), false, "base=USD");
        assert!(off.get(&keys[0]).is_none());

        // a run killed while appending: its last record is cut short
        let pack = &pack_paths(&dir)[0];
        let whole = fs::read(pack).unwrap();
        fs::write(pack, &whole[..whole.len() - 3]).unwrap();
        let cut = Cache::new(dir.clone(), true, "base=USD");
        assert!(cut.get(&keys[0]).is_some() && cut.get(&keys[1]).is_some());
        assert!(cut.get(&keys[2]).is_none());
        // a record whose bytes changed does not decompress: a miss, not an error
        let mut bad = whole.clone();
        let last = bad.len() - 5;
        bad[last] ^= 0xff;
        fs::write(pack, &bad).unwrap();
        let bad = Cache::new(dir.clone(), true, "base=USD");
        assert!(bad.get(&keys[2]).is_none());
        fs::write(pack, &whole).unwrap();

        // a run that uses one entry of three: the unused bytes outweigh it, so the
        // used entry moves to a new pack and the old one goes
        let before = pack_bytes(&dir);
        let cache = Cache::new(dir.clone(), true, "base=USD");
        assert!(cache.get(&keys[1]).is_some());
        cache.finish();
        assert!(pack_bytes(&dir) < before / 2);
        let cache = Cache::new(dir.clone(), true, "base=USD");
        assert_eq!(cache.get(&keys[1]).unwrap().document.doc_id, "1");
        assert!(cache.get(&keys[0]).is_none());

        // a run that uses nothing of it: the pack goes
        let cache = Cache::new(dir.clone(), true, "base=USD");
        cache.put(&keys[3], &entry("3"));
        assert_eq!(cache.finish(), 1);
        let cache = Cache::new(dir.clone(), true, "base=USD");
        assert!(cache.get(&keys[1]).is_none());
        assert_eq!(cache.get(&keys[3]).unwrap().document.doc_id, "3");
        assert_eq!(pack_paths(&dir).len(), 1);
        fs::remove_dir_all(dir).unwrap();
    }
}
