//! Load: writes the tables. It knows nothing about language.
//!
//! Rows stream into temporary files in the output folder as they come ([`Staging`]);
//! only when every table is complete and flushed to disk are they renamed into place,
//! the manifest last. A run that fails or is killed at any moment leaves the previous
//! tables as they were: each file is either its previous complete version or its new
//! complete one, and the manifest lists the size and SHA-256 of the files it belongs
//! to. Temporary files of a killed run are removed by the next one.

pub mod csv;
pub mod manifest;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod row;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use sha2::{Digest, Sha256};

use row::{DocumentRow, FigureRow, RejectRow, Table};

/// Which formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// figures.csv and documents.csv.
    pub csv: bool,
    /// figures.parquet and documents.parquet.
    pub parquet: bool,
}

impl Formats {
    /// Parses a comma-separated list: `csv`, `parquet`, or both.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::load::Formats;
    /// assert_eq!(Formats::parse("csv").unwrap(), Formats { csv: true, parquet: false });
    /// assert!(Formats::parse("xlsx").is_err());
    /// ```
    pub fn parse(s: &str) -> anyhow::Result<Formats> {
        let mut f = Formats {
            csv: false,
            parquet: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "csv" => f.csv = true,
                "parquet" => f.parquet = true,
                other => {
                    anyhow::bail!("unknown format {other:?}: expected csv, parquet or csv,parquet")
                }
            }
        }
        anyhow::ensure!(
            f.csv || f.parquet,
            "no format given: expected csv, parquet or both"
        );
        if f.parquet && !cfg!(feature = "parquet") {
            anyhow::bail!("this build of figures has no Parquet support (built without the `parquet` feature)");
        }
        Ok(f)
    }

    /// The names of the formats on.
    pub fn names(self) -> Vec<&'static str> {
        [("csv", self.csv), ("parquet", self.parquet)]
            .into_iter()
            .filter_map(|(n, on)| on.then_some(n))
            .collect()
    }
}

/// How the files of a run are named in the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `figures.csv`, `documents.parquet`, `rejects.csv`, `manifest.json`.
    Single,
    /// Part `k` of `n` (from 0) of a dataset: `figures/part-K-of-N.csv`,
    /// `documents/part-K-of-N.parquet`, `rejects/part-K-of-N.csv`,
    /// `manifests/part-K-of-N.json`.
    Part {
        /// This part.
        k: u32,
        /// How many parts.
        n: u32,
    },
}

impl Layout {
    /// Where a table's file goes, relative to the output folder.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::load::Layout;
    /// assert_eq!(Layout::Single.file("figures", "csv"), "figures.csv");
    /// assert_eq!(Layout::Part { k: 2, n: 8 }.file("figures", "parquet"), "figures/part-2-of-8.parquet");
    /// assert_eq!(Layout::Part { k: 0, n: 2 }.file("manifest", "json"), "manifests/part-0-of-2.json");
    /// ```
    pub fn file(self, table: &str, ext: &str) -> String {
        match self {
            Layout::Single => format!("{table}.{ext}"),
            Layout::Part { k, n } => {
                let folder = if table == "manifest" {
                    "manifests"
                } else {
                    table
                };
                format!("{folder}/part-{k}-of-{n}.{ext}")
            }
        }
    }

    /// A name for what belongs to this run's part alone (lock, cache).
    pub fn tag(self) -> String {
        match self {
            Layout::Single => "all".into(),
            Layout::Part { k, n } => format!("part-{k}-of-{n}"),
        }
    }
}

/// The output folder.
#[derive(Debug, Clone)]
pub struct Output {
    dir: PathBuf,
    formats: Formats,
    layout: Layout,
}

/// A file written by a run, as the manifest lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileInfo {
    /// Its path, relative to the output folder.
    pub path: String,
    /// Its rows (without the header).
    pub rows: u64,
    /// Its size.
    pub bytes: u64,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

impl Output {
    /// An output folder; it is created when missing.
    pub fn new(dir: impl Into<PathBuf>, formats: Formats, layout: Layout) -> Output {
        Output {
            dir: dir.into(),
            formats,
            layout,
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The layout.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The files a run writes (relative paths), the manifest last.
    pub fn file_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for table in [FigureRow::NAME, DocumentRow::NAME] {
            for ext in self.formats.names() {
                names.push(self.layout.file(table, ext));
            }
        }
        names.push(self.layout.file(RejectRow::NAME, "csv"));
        names.push(self.layout.file("manifest", "json"));
        names
    }

    /// A document's figure rows formatted for the formats written: CSV text, Parquet
    /// columns. A worker that formats them while the rows are in its cache frees them
    /// itself, and the writer thread only copies the result into the files.
    pub fn format_figures(&self, rows: &[FigureRow]) -> Formatted {
        self.format_figures_into(rows, Formatted::default())
    }

    /// [`Output::format_figures`] into the buffers of `into`, emptied first: a
    /// [`FormattedPool`] hands them round again.
    pub fn format_figures_into(&self, rows: &[FigureRow], mut into: Formatted) -> Formatted {
        into.rows = rows.len();
        into.csv.clear();
        if self.formats.csv && !rows.is_empty() {
            // about the size of a row with its sentence
            into.csv.reserve(rows.len() * 320);
            for r in rows {
                csv::push_row(&mut into.csv, r);
            }
        }
        #[cfg(feature = "parquet")]
        if self.formats.parquet && !rows.is_empty() {
            let columns = into
                .columns
                .get_or_insert_with(|| parquet::Columns::with_capacity::<FigureRow>(rows.len()));
            columns.clear_for(rows.len());
            for r in rows {
                columns.push(r);
            }
        } else {
            into.columns = None;
        }
        into
    }

    /// Starts writing a run's tables into temporary files.
    pub fn begin(&self) -> anyhow::Result<Staging> {
        fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create the output folder {}", self.dir.display()))?;
        let mut staging = Staging {
            dir: self.dir.clone(),
            figures: None,
            documents: None,
            rejects: None,
            manifest: self.layout.file("manifest", "json"),
            stale: Vec::new(),
            done: false,
        };
        for name in self.file_names() {
            remove_stale_temporaries(&self.dir, &name);
        }
        // the files of formats not asked for go when the new ones arrive, so the folder
        // never holds tables of an older run beside newer ones
        for table in [FigureRow::NAME, DocumentRow::NAME] {
            for (ext, on) in [("csv", self.formats.csv), ("parquet", self.formats.parquet)] {
                if !on {
                    staging.stale.push(self.layout.file(table, ext));
                }
            }
        }
        staging.figures = Some(TableSink::new(&self.dir, self.layout, self.formats)?);
        staging.documents = Some(TableSink::new(&self.dir, self.layout, self.formats)?);
        let csv_only = Formats {
            csv: true,
            parquet: false,
        };
        staging.rejects = Some(TableSink::new(&self.dir, self.layout, csv_only)?);
        Ok(staging)
    }
}

/// Rows formatted for the tables' files ([`Output::format_figures`]).
#[derive(Debug, Default)]
pub struct Formatted {
    /// How many rows.
    pub rows: usize,
    /// As CSV lines (empty when the run writes no CSV).
    csv: Vec<u8>,
    /// In Parquet's columns (none when the run writes no Parquet).
    #[cfg(feature = "parquet")]
    columns: Option<parquet::Columns>,
}

impl Formatted {
    /// The bytes its buffers hold.
    fn capacity_bytes(&self) -> usize {
        #[cfg(feature = "parquet")]
        let columns = self
            .columns
            .as_ref()
            .map_or(0, parquet::Columns::capacity_bytes);
        #[cfg(not(feature = "parquet"))]
        let columns = 0;
        self.csv.capacity() + columns
    }
}

/// Formatted rows' buffers on their way back from the writer thread to the workers, so
/// that each document's rows are formatted into memory the last ones used, not into
/// new allocations the writer then frees (on another thread than made them).
#[derive(Default)]
pub struct FormattedPool(std::sync::Mutex<Vec<Formatted>>);

impl FormattedPool {
    /// The most buffers kept: more than the documents in flight (at most eleven chunks
    /// of 64, in the channels and the stages).
    const MAX: usize = 1024;
    /// Buffers larger than this (a document of a hundred figures or more) are let go,
    /// not kept for the documents after: the pool holds at most 64 MB, and about 17 KB
    /// a document of 20 figures.
    const MAX_BYTES: usize = 64 << 10;

    /// Buffers to format into: kept ones, or new.
    pub fn take(&self) -> Formatted {
        self.0
            .lock()
            .expect("not poisoned")
            .pop()
            .unwrap_or_default()
    }

    /// Gives buffers back once their rows are written.
    pub fn give(&self, f: Formatted) {
        if f.capacity_bytes() > Self::MAX_BYTES {
            return;
        }
        let mut pool = self.0.lock().expect("not poisoned");
        if pool.len() < Self::MAX {
            pool.push(f);
        }
    }
}

/// A run's tables being written: rows go to temporary files; [`Staging::commit`] moves
/// them into place; dropping it without committing removes them.
pub struct Staging {
    dir: PathBuf,
    figures: Option<TableSink<FigureRow>>,
    documents: Option<TableSink<DocumentRow>>,
    rejects: Option<TableSink<RejectRow>>,
    manifest: String,
    stale: Vec<String>,
    done: bool,
}

impl Staging {
    /// Adds rows to the figures table, formatted beforehand by
    /// [`Output::format_figures`].
    pub fn figures_formatted(&mut self, rows: &Formatted) -> anyhow::Result<()> {
        let sink = self.figures.as_mut().expect("open until commit");
        sink.push_formatted(rows)
    }

    /// Adds a row to the documents table.
    pub fn document(&mut self, row: DocumentRow) -> anyhow::Result<()> {
        self.documents
            .as_mut()
            .expect("open until commit")
            .push(row)
    }

    /// Adds a row to the rejects table.
    pub fn reject(&mut self, row: RejectRow) -> anyhow::Result<()> {
        self.rejects.as_mut().expect("open until commit").push(row)
    }

    /// Says whether the Parquet row groups filled from now on are encoded on rayon's
    /// pool ([`parquet::Sink::encode_on_pool`]).
    pub fn encode_on_pool(&mut self, on_pool: bool) {
        if let Some(t) = self.figures.as_mut() {
            t.encode_on_pool(on_pool);
        }
        if let Some(t) = self.documents.as_mut() {
            t.encode_on_pool(on_pool);
        }
        if let Some(t) = self.rejects.as_mut() {
            t.encode_on_pool(on_pool);
        }
    }

    /// Completes every table, flushes it to disk, writes the manifest (built from the
    /// list of files, and written as it is serialized: no copy of it is held), then
    /// renames everything into place, the manifest last.
    pub fn commit<M: serde::Serialize>(
        mut self,
        manifest: impl FnOnce(&[FileInfo]) -> M,
    ) -> anyhow::Result<Vec<FileInfo>> {
        let (figures, documents, rejects) = (
            self.figures.take(),
            self.documents.take(),
            self.rejects.take(),
        );
        // the tables are finished and flushed to disk side by side: most of it is
        // waiting for the disk
        let finished = std::thread::scope(|s| {
            let figures = s.spawn(move || finish_table(figures));
            let documents = s.spawn(move || finish_table(documents));
            let rejects = finish_table(rejects);
            [
                figures.join().expect("finishing a table does not panic"),
                documents.join().expect("finishing a table does not panic"),
                rejects,
            ]
        });
        let mut staged = all_closed(finished)?;
        let infos: Vec<FileInfo> = staged.iter().map(|s| s.info.clone()).collect();
        let json = manifest(&infos);
        // the tables reach the disk while the manifest is written
        let (synced, written) = std::thread::scope(|s| {
            let syncs: Vec<_> = staged.iter_mut().map(|c| s.spawn(|| c.sync())).collect();
            let written = self
                .write_manifest(&json)
                .context("cannot write the manifest");
            let synced: Vec<anyhow::Result<()>> = syncs
                .into_iter()
                .map(|h| h.join().expect("syncing a file does not panic"))
                .collect();
            (synced, written)
        });
        let failed = synced.into_iter().find_map(Result::err);
        match (written, failed) {
            (Ok(m), None) => staged.push(m),
            (written, failed) => {
                for s in &staged {
                    let _ = fs::remove_file(&s.tmp);
                }
                if let Ok(m) = &written {
                    let _ = fs::remove_file(&m.tmp);
                }
                return Err(failed.unwrap_or_else(|| written.err().expect("one failed")));
            }
        }
        // every file is complete and on disk: move them into place, the manifest last
        for s in &staged {
            if let Some(parent) = s.dest.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&s.tmp, &s.dest)
                .with_context(|| format!("cannot move {} into place", s.dest.display()))?;
        }
        for name in &self.stale {
            let _ = fs::remove_file(self.dir.join(name));
        }
        // the renames reach the disk with their folder: each folder is synced once,
        // after all of them (all the tables share one: one sync, not one per file)
        let mut folders: Vec<&Path> = staged.iter().filter_map(|s| s.dest.parent()).collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            sync_dir(folder);
        }
        self.done = true;
        Ok(infos)
    }

    /// Writes the manifest to its temporary file and syncs it; the file goes on error.
    fn write_manifest<M: serde::Serialize>(&self, json: &M) -> anyhow::Result<Closed> {
        let (m, mut writer) = StagedPath::create(&self.dir, &self.manifest)?;
        let tmp = m.tmp.clone();
        let written = (|| -> anyhow::Result<Closed> {
            // through a buffer: the serializer writes a few bytes at a time, and each
            // write through the file's hash cost more than the bytes (the whole manifest
            // in memory is 43 MB at 1 GB of input)
            let mut buffered = BufWriter::with_capacity(64 << 10, &mut writer);
            serde_json::to_writer_pretty(&mut buffered, json)?;
            buffered.write_all(b"\n")?;
            buffered.flush()?;
            drop(buffered);
            let mut closed = m.close(writer, 0)?;
            closed.sync()?;
            Ok(closed)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            // the sinks remove their temporary files when dropped unfinished
            self.figures.take();
            self.documents.take();
            self.rejects.take();
        }
    }
}

/// Bytes on their way to a temporary file, hashed as they pass.
pub(crate) struct Hashed {
    file: BufWriter<fs::File>,
    hash: Sha256,
    bytes: u64,
    /// The bytes whose writing to disk has been started.
    flushing: u64,
}

impl Hashed {
    pub(crate) fn new(file: fs::File) -> Hashed {
        Hashed {
            file: BufWriter::with_capacity(256 * 1024, file),
            hash: Sha256::new(),
            bytes: 0,
            flushing: 0,
        }
    }
}

/// How many bytes a file takes in before the system is told to start writing them to
/// disk: the tables are synced when the run commits, and a sync that has to write a
/// hundred megabytes then held every run's end by tens of milliseconds.
const WRITEBACK_STEP: u64 = 8 << 20;

impl Write for Hashed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        if self.bytes - self.flushing >= WRITEBACK_STEP {
            // what the buffer holds is not in the file yet
            let written = self.bytes - self.file.buffer().len() as u64;
            start_writeback(self.file.get_ref(), self.flushing..written);
            self.flushing = written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Starts writing the bytes `range` of `file` to disk, without waiting for it (on
/// Linux; elsewhere the sync at the end writes them all).
fn start_writeback(file: &fs::File, range: std::ops::Range<u64>) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let (Ok(offset), Ok(len)) = (
            i64::try_from(range.start),
            i64::try_from(range.end - range.start),
        ) else {
            return;
        };
        // SAFETY: the descriptor is open for as long as `file` is borrowed, and
        // sync_file_range reads no memory of ours. A failure only leaves the writing
        // to the sync at the end.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, range);
}

/// A temporary file beside its final name.
pub(crate) struct StagedPath {
    tmp: PathBuf,
    dest: PathBuf,
    name: String,
}

/// A temporary file written in full.
struct Closed {
    tmp: PathBuf,
    dest: PathBuf,
    info: FileInfo,
    /// The file, until it is synced to disk.
    file: Option<fs::File>,
}

impl Closed {
    /// Waits until the file is on disk.
    fn sync(&mut self) -> anyhow::Result<()> {
        match self.file.take() {
            Some(f) => f
                .sync_all()
                .with_context(|| format!("cannot write {}", self.info.path)),
            None => Ok(()),
        }
    }
}

impl StagedPath {
    /// Creates the temporary file for `name` (relative to `dir`).
    fn create(dir: &Path, name: &str) -> anyhow::Result<(StagedPath, Hashed)> {
        let dest = dir.join(name);
        let parent = dest.parent().unwrap_or(dir);
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let file_name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = parent.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let file =
            fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let writer = Hashed::new(file);
        Ok((
            StagedPath {
                tmp,
                dest,
                name: name.to_string(),
            },
            writer,
        ))
    }

    /// Writes out what the file's buffer holds ([`Closed::sync`] waits for the disk).
    fn close(self, writer: Hashed, rows: u64) -> anyhow::Result<Closed> {
        let Hashed {
            file, hash, bytes, ..
        } = writer;
        let file = match file.into_inner() {
            Ok(f) => f,
            Err(e) => {
                let _ = fs::remove_file(&self.tmp);
                return Err(anyhow::Error::new(e.into_error())
                    .context(format!("cannot write {}", self.name)));
            }
        };
        Ok(Closed {
            tmp: self.tmp,
            dest: self.dest,
            info: FileInfo {
                path: self.name,
                rows,
                bytes,
                sha256: crate::source::hex(&hash.finalize()),
            },
            file: Some(file),
        })
    }
}

/// One table in each format asked for.
struct TableSink<T: Table> {
    csv: Option<(csv::Writer<Hashed>, StagedPath)>,
    #[cfg(feature = "parquet")]
    parquet: Option<(parquet::Sink<T>, StagedPath)>,
    rows: u64,
    _rows: std::marker::PhantomData<T>,
}

impl<T: Table> TableSink<T> {
    fn new(dir: &Path, layout: Layout, formats: Formats) -> anyhow::Result<TableSink<T>> {
        let mut sink = TableSink {
            csv: None,
            #[cfg(feature = "parquet")]
            parquet: None,
            rows: 0,
            _rows: std::marker::PhantomData,
        };
        if formats.csv {
            let (path, writer) = StagedPath::create(dir, &layout.file(T::NAME, "csv"))?;
            let mut w = csv::Writer::new(writer);
            let header = w.header::<T>();
            sink.csv = Some((w, path));
            header?;
        }
        #[cfg(feature = "parquet")]
        if formats.parquet {
            let (path, writer) = StagedPath::create(dir, &layout.file(T::NAME, "parquet"))?;
            let p = parquet::Sink::new(writer);
            sink.parquet = Some((p?, path));
        }
        Ok(sink)
    }

    fn push(&mut self, row: T) -> anyhow::Result<()> {
        self.rows += 1;
        if let Some((w, _)) = self.csv.as_mut() {
            w.row(&row)?;
        }
        #[cfg(feature = "parquet")]
        if let Some((p, _)) = self.parquet.as_mut() {
            p.push(&row)?;
        }
        Ok(())
    }

    /// See [`Staging::encode_on_pool`].
    fn encode_on_pool(&mut self, on_pool: bool) {
        #[cfg(feature = "parquet")]
        if let Some((p, _)) = self.parquet.as_mut() {
            p.encode_on_pool(on_pool);
        }
        #[cfg(not(feature = "parquet"))]
        let _ = on_pool;
    }

    fn push_formatted(&mut self, rows: &Formatted) -> anyhow::Result<()> {
        self.rows += rows.rows as u64;
        if let Some((w, _)) = self.csv.as_mut() {
            w.formatted(&rows.csv)?;
        }
        #[cfg(feature = "parquet")]
        if let (Some((p, _)), Some(columns)) = (self.parquet.as_mut(), &rows.columns) {
            p.push_columns(columns)?;
        }
        Ok(())
    }

    /// Completes the files and flushes them to disk, the CSV and the Parquet side by
    /// side (the CSV waits for the disk while the Parquet's last row group is built).
    fn finish(mut self) -> anyhow::Result<Vec<Closed>> {
        let rows = self.rows;
        let csv = self.csv.take();
        let close_csv = move || {
            csv.map(|(w, path)| {
                let writer = match w.into_inner() {
                    Ok(w) => w,
                    Err(e) => {
                        let _ = fs::remove_file(&path.tmp);
                        anyhow::bail!("cannot write {}: {}", path.name, e);
                    }
                };
                path.close(writer, rows)
            })
        };
        #[cfg(not(feature = "parquet"))]
        let closed = [close_csv()];
        #[cfg(feature = "parquet")]
        let closed = {
            let parquet = self.parquet.take();
            std::thread::scope(|s| {
                let csv = s.spawn(close_csv);
                let parquet = parquet.map(|(p, path)| match p.finish() {
                    Ok(writer) => path.close(writer, rows),
                    Err(e) => {
                        let _ = fs::remove_file(&path.tmp);
                        Err(e.context(format!("cannot write {}", path.name)))
                    }
                });
                [csv.join().expect("closing a file does not panic"), parquet]
            })
        };
        all_closed(closed.into_iter().flatten().map(|c| c.map(|c| vec![c])))
    }
}

impl<T: Table> Drop for TableSink<T> {
    fn drop(&mut self) {
        if let Some((_, path)) = self.csv.take() {
            let _ = fs::remove_file(&path.tmp);
        }
        #[cfg(feature = "parquet")]
        if let Some((_, path)) = self.parquet.take() {
            let _ = fs::remove_file(&path.tmp);
        }
    }
}

/// The files of several closings, in order; when one failed, the temporary files of the
/// others are removed and its error returned.
fn all_closed(
    results: impl IntoIterator<Item = anyhow::Result<Vec<Closed>>>,
) -> anyhow::Result<Vec<Closed>> {
    let mut out = Vec::new();
    let mut failed = None;
    for r in results {
        match r {
            Ok(closed) => out.extend(closed),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    match failed {
        None => Ok(out),
        Some(e) => {
            for c in &out {
                let _ = fs::remove_file(&c.tmp);
            }
            Err(e)
        }
    }
}

/// Finishes a table, if it was open.
fn finish_table<T: Table + Send>(t: Option<TableSink<T>>) -> anyhow::Result<Vec<Closed>> {
    t.map_or(Ok(Vec::new()), TableSink::finish)
}

/// Removes the temporary files of `name` left by a run that was killed (this run holds
/// the output folder's lock, so no other run is writing them).
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let dest = dir.join(name);
    let (Some(parent), Some(file_name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let prefix = format!(".{}.tmp-", file_name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize, words: &str) -> Vec<FigureRow> {
        (0..n)
            .map(|k| FigureRow {
                doc_id: format!("{words}-{k}"),
                kind: "money".into(),
                start: k as i64,
                actor: (k % 2 == 0).then(|| words.to_string()),
                sentence: words.repeat(k + 1),
                ..FigureRow::default()
            })
            .collect()
    }

    #[test]
    fn buffers_handed_round_format_what_new_ones_do() {
        let both = Formats {
            csv: true,
            parquet: true,
        };
        for formats in [both, Formats { csv: false, ..both }] {
            let out = Output::new("unused", formats, Layout::Single);
            let pool = FormattedPool::default();
            // a document with more and longer rows, then one with fewer, in its buffers
            pool.give(out.format_figures(&rows(9, "a long sentence")));
            let reused = out.format_figures_into(&rows(2, "short"), pool.take());
            let new = out.format_figures(&rows(2, "short"));
            assert_eq!(reused.rows, 2);
            assert_eq!(reused.csv, new.csv);
            #[cfg(feature = "parquet")]
            assert_eq!(
                format!("{:?}", reused.columns),
                format!("{:?}", new.columns)
            );
            // a document without figures has nothing to write
            let empty = out.format_figures_into(&[], reused);
            assert!(empty.csv.is_empty());
            #[cfg(feature = "parquet")]
            assert!(empty.columns.is_none());
        }
    }
}
