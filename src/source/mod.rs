//! Reading inputs into [`Document`]s, and saying exactly what could not be read.
//!
//! Inputs are files, folders (read recursively, in sorted order) and glob patterns;
//! `-` is standard input. A file's format comes from its name: `.txt`, `.text` (plain
//! text), `.md`, `.markdown` ([`markdown`]), `.html`, `.htm` ([`html`]), `.jsonl`,
//! `.ndjson` (one article per line: `{"id", "text" or "html", "title", "url",
//! "published", "locale"}`), each possibly compressed (`.gz`; gzip data is recognized
//! by its magic bytes whatever the name). Standard input and files with other names are
//! recognized by their first bytes.
//!
//! Reading is two steps, so that the expensive one runs in parallel: [`read_input`]
//! streams an input into [`Item`]s (a whole file, or one JSON line) in order, and
//! [`Item::load`] turns an item into a [`Document`] (decoding, markup, the record's
//! fields). What cannot be read is a [`Rejection`] with a [`Reason`], never an error that
//! stops the batch.

pub mod decode;
pub mod html;
mod list;
pub mod markdown;

pub use list::InputList;

use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::document::{Document, Given, PublishedSource};

/// What a marked-up article gives besides its visible text ([`html`], [`markdown`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The visible text, laid out as the text reader expects (blocks between blank
    /// lines).
    pub text: String,
    /// The title its markup states.
    pub title: Option<String>,
    /// The publication date its markup states.
    pub published: Option<NaiveDate>,
    /// The canonical URL its markup states.
    pub url: Option<String>,
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct SourceConfig {
    /// A document (a file, after decompression, or a JSON line) larger than this is
    /// rejected (`too_large`).
    pub max_doc_bytes: u64,
    /// The publication date of documents that state none.
    pub published: Option<NaiveDate>,
}

/// The default for `max_doc_bytes`: 16 MiB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 * 1024 * 1024;

impl Default for SourceConfig {
    fn default() -> Self {
        SourceConfig {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            published: None,
        }
    }
}

/// Why an input, or a line of one, was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// It could not be opened or read (missing, a dangling link, no permission, a
    /// corrupt gzip stream).
    Unreadable,
    /// Larger than `--max-doc-bytes`.
    TooLarge,
    /// Binary content: NUL or control bytes, or a known binary format.
    Binary,
    /// Text in an encoding other than UTF-8, UTF-16, Windows-1252 or ISO 8859-1.
    Undecodable,
    /// Empty or only white space.
    Empty,
    /// A JSON line that is not a valid record.
    BadJson,
    /// A document id already taken by an earlier document.
    DuplicateId,
    /// Extraction failed on the document: a bug in `figures`, reported so the rest of
    /// the batch goes on.
    ExtractFailed,
}

impl Reason {
    /// Every reason, in the order of the documentation.
    pub const ALL: [Reason; 8] = [
        Reason::Unreadable,
        Reason::TooLarge,
        Reason::Binary,
        Reason::Undecodable,
        Reason::Empty,
        Reason::BadJson,
        Reason::DuplicateId,
        Reason::ExtractFailed,
    ];

    /// The code written in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Unreadable => "unreadable",
            Reason::TooLarge => "too_large",
            Reason::Binary => "binary",
            Reason::Undecodable => "undecodable",
            Reason::Empty => "empty",
            Reason::BadJson => "bad_json",
            Reason::DuplicateId => "duplicate_id",
            Reason::ExtractFailed => "extract_failed",
        }
    }
}

/// What could not be read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The reason code.
    pub reason: Reason,
    /// A message for people.
    pub message: String,
}

impl Rejection {
    /// A rejection.
    pub fn new(reason: Reason, message: impl Into<String>) -> Rejection {
        Rejection {
            reason,
            message: message.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.reason.as_str())
    }
}

/// How an input is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// JSON Lines: one record per line.
    Jsonl,
}

impl Format {
    /// The format a file name says, looking through a `.gz` ending; `None` for names
    /// that say none.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::source::Format;
    /// use std::path::Path;
    /// assert_eq!(Format::of_path(Path::new("a/b.HTM.gz")), Some(Format::Html));
    /// assert_eq!(Format::of_path(Path::new("feed.ndjson")), Some(Format::Jsonl));
    /// assert_eq!(Format::of_path(Path::new("README")), None);
    /// ```
    pub fn of_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.')?.1;
        Some(match ext {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => return None,
        })
    }

    /// The format of content whose name says none, from its first bytes: `{` starts
    /// JSON Lines, `<` HTML, anything else plain text.
    pub fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Jsonl,
            Some(b'<') => Format::Html,
            _ => Format::Text,
        }
    }

    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
        }
    }
}

/// One input: a file or standard input, with the id its document will have.
///
/// 32 bytes and the shown path, which is the path it is read from when it can be
/// (valid UTF-8 without backslashes) and ends with its id (most often). What few
/// inputs have is apart. A batch lists its inputs packed ([`InputList`]) and makes an
/// `Input` of each as it reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as shown in the tables (as given, with `/` separators; `-` for
    /// standard input).
    pub display: Arc<str>,
    /// The format, when the name or the user says it.
    pub format: Option<Format>,
    /// Where the id starts in `display`, when `rare` has none.
    id_at: u32,
    rare: Option<Box<Rare>>,
}

/// What few inputs have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Rare {
    stdin: bool,
    /// A path the shown one is not (not UTF-8, or with backslashes).
    path: Option<PathBuf>,
    /// An id that is not the end of the shown path.
    id: Option<Box<str>>,
    /// Why it cannot be read, when that is known before reading.
    missing: Option<Box<str>>,
}

impl Input {
    /// Standard input.
    pub fn stdin() -> Input {
        Input {
            display: "-".into(),
            format: None,
            id_at: 0,
            rare: Some(Box::new(Rare {
                stdin: true,
                id: Some("stdin".into()),
                ..Rare::default()
            })),
        }
    }

    /// A file.
    pub fn file(path: PathBuf, id: &str) -> Input {
        let shown = slashes(&path);
        let format = Format::of_path(&path);
        let rare = (path.as_os_str() != shown.as_str()).then(|| {
            Box::new(Rare {
                path: Some(path),
                ..Rare::default()
            })
        });
        let mut input = Input {
            format,
            display: shown.into(),
            id_at: 0,
            rare,
        };
        input.set_id(id);
        input
    }

    /// The same input, known not to be readable: `why`.
    pub fn missing(mut self, why: &str) -> Input {
        self.rare.get_or_insert_default().missing = Some(why.into());
        self
    }

    /// Why it cannot be read, when that is known before reading (a pattern that
    /// matches nothing).
    pub fn why_missing(&self) -> Option<&str> {
        self.rare.as_ref()?.missing.as_deref()
    }

    /// Where to read it; `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match self.rare.as_deref() {
            Some(Rare { stdin: true, .. }) => None,
            Some(Rare { path: Some(p), .. }) => Some(p),
            _ => Some(Path::new(&*self.display)),
        }
    }

    /// The document id: the path relative to the folder given (or to the folder a
    /// glob pattern starts from), or the file name.
    pub fn id(&self) -> &str {
        match self.rare.as_ref().and_then(|r| r.id.as_deref()) {
            Some(id) => id,
            None => &self.display[self.id_at as usize..],
        }
    }

    /// Gives it another document id.
    pub fn set_id(&mut self, id: &str) {
        let tail = self.display.len().checked_sub(id.len());
        match tail.and_then(|k| u32::try_from(k).ok()) {
            Some(k) if self.display.get(k as usize..) == Some(id) => {
                self.id_at = k;
                if let Some(r) = &mut self.rare {
                    r.id = None;
                }
            }
            _ => self.rare.get_or_insert_default().id = Some(id.into()),
        }
    }

    /// Its size on disk, when it is a file that can be read.
    pub fn size(&self) -> Option<u64> {
        fs::metadata(self.path()?).ok().map(|m| m.len())
    }
}

/// Lists the inputs of the given paths, in a stable order: `-` is standard input,
/// folders are read recursively in sorted order (files whose names say a format;
/// hidden files and folders are skipped, links to folders are not followed), glob
/// patterns (`*`, `?`, `[...]`, `**`) expand in sorted order, and other paths are
/// taken as given. A path that does not exist, or a pattern that matches nothing, is
/// listed too: reading it gives a reject. A file listed twice is read once.
pub fn discover(paths: &[PathBuf]) -> InputList {
    // one folder, the common case, lists no file twice: its list is the answer, without
    // a set of every path seen
    if let [p] = paths {
        if p.as_os_str() != "-" && p.is_dir() {
            return folder(p);
        }
    }
    let mut out = InputList::new();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut push = |input: Input, out: &mut InputList| {
        if input.path().is_none() || seen.insert(input.display.clone()) {
            out.push(input);
        }
    };
    for p in paths {
        let text = p.to_string_lossy();
        if text == "-" {
            push(Input::stdin(), &mut out);
        } else if p.is_dir() {
            for input in folder(p) {
                push(input, &mut out);
            }
        } else if fs::symlink_metadata(p).is_err() && text.contains(['*', '?', '[']) {
            for input in pattern(&text) {
                push(input, &mut out);
            }
        } else {
            let id = p
                .file_name()
                .map_or_else(|| slashes(p), |n| n.to_string_lossy().into_owned());
            push(Input::file(p.clone(), &id), &mut out);
        }
    }
    out
}

/// The files of a folder, ids relative to it, in the order of `Path`'s comparison:
/// each folder's names sorted and each subfolder listed where its name sorts, since
/// paths compare by their components ("a/b" before "a-b", as the component "a" sorts
/// before "a-b"). No list of every path is sorted: a folder of a million files is
/// listed in the memory of its inputs.
fn folder(root: &Path) -> InputList {
    let mut out = InputList::new();
    walk(root, root, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut InputList) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<(std::ffi::OsString, bool)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let Ok(ty) = e.file_type() else {
            continue;
        };
        // files, and links to files (a dangling link is kept: reading it says so)
        if ty.is_dir() || Format::of_path(Path::new(&name)).is_some() {
            names.push((name, ty.is_dir()));
        }
    }
    names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, is_dir) in names {
        let path = dir.join(name);
        if is_dir {
            walk(root, &path, out);
        } else {
            let id = slashes(path.strip_prefix(root).unwrap_or(&path));
            out.push(Input::file(path, &id));
        }
    }
}

/// The files a glob pattern matches; ids relative to the folder the pattern starts
/// from (its longest prefix without wildcards).
fn pattern(pattern: &str) -> Vec<Input> {
    let base: PathBuf = Path::new(pattern)
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
        .collect();
    let matches: Vec<PathBuf> = match glob::glob(pattern) {
        Ok(paths) => {
            let mut v: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
            v.sort();
            v
        }
        Err(e) => {
            return vec![Input::file(PathBuf::from(pattern), pattern)
                .missing(&format!("not a valid pattern: {e}"))]
        }
    };
    if matches.is_empty() {
        return vec![
            Input::file(PathBuf::from(pattern), pattern).missing("no file matches this pattern")
        ];
    }
    let mut out = Vec::new();
    for m in matches {
        if m.is_dir() {
            out.extend(folder(&m).map(|mut i| {
                if let Some(p) = i.path() {
                    let id = slashes(p.strip_prefix(&base).unwrap_or(p));
                    i.set_id(&id);
                }
                i
            }));
        } else {
            let id = slashes(m.strip_prefix(&base).unwrap_or(&m));
            out.push(Input::file(m, &id));
        }
    }
    out
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// One unit of reading: a whole file, or one line of a JSON Lines file.
#[derive(Debug, Clone)]
pub struct Item {
    /// The input it came from.
    pub input: Arc<Input>,
    /// Its format.
    pub format: Format,
    /// The line, for JSON Lines.
    pub line: Option<u64>,
    /// What was read.
    pub body: Body,
    /// The SHA-256 of the body, when the reader already computed it (a whole input
    /// stored as it is: its hash is the input's).
    pub sha256: Option<[u8; 32]>,
}

/// What an item holds.
#[derive(Debug, Clone)]
pub enum Body {
    /// The bytes (decompressed) of a whole file, or of one JSON line.
    Bytes(Vec<u8>),
    /// Why it could not be read.
    Rejected(Rejection),
}

/// What an item gave.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// A document.
    Document(Box<Document>),
    /// A rejection, with the id the document would have had.
    Rejected {
        /// The input's id, with `#line` for a JSON line.
        doc_id: String,
        /// Why.
        rejection: Rejection,
    },
    /// A document of another shard.
    Skipped,
}

/// What reading an input gave, for the manifest.
#[derive(Debug, Clone, Default)]
pub struct InputSummary {
    /// SHA-256 of its bytes as stored (compressed, if it is); empty when unreadable.
    pub sha256: String,
    /// How many bytes were read from it.
    pub bytes: u64,
    /// How many items it gave.
    pub items: usize,
}

/// Reads an input and hands its items to `emit` in order: one per file, one per line
/// of JSON Lines (blank lines skipped). `keep` is asked, for a file that is one
/// document, whether its id is wanted (sharding): when not, the file is not read.
/// Memory holds one document at a time, whatever the size of a JSON Lines file.
pub fn read_input(
    input: &Arc<Input>,
    cfg: &SourceConfig,
    keep: &dyn Fn(&str) -> bool,
    emit: &mut dyn FnMut(Item),
) -> InputSummary {
    let mut summary = InputSummary::default();
    let mut push_hashed = |format, line, body, sha256, summary: &mut InputSummary| {
        summary.items += 1;
        emit(Item {
            input: input.clone(),
            format,
            line,
            body,
            sha256,
        });
    };
    let mut push = |format, line, body, summary: &mut InputSummary| {
        push_hashed(format, line, body, None, summary)
    };
    let named = input.format;
    let unknown = named.unwrap_or(Format::Text);
    if let Some(why) = input.why_missing() {
        if keep(input.id()) {
            let r = Rejection::new(Reason::Unreadable, why.to_string());
            push(unknown, None, Body::Rejected(r), &mut summary);
        }
        return summary;
    }
    if named.is_some_and(|f| f != Format::Jsonl) && !keep(input.id()) {
        return summary;
    }
    let mut reader = match open(input) {
        Ok(r) => r,
        Err(r) => {
            if keep(input.id()) {
                push(unknown, None, Body::Rejected(r), &mut summary);
            }
            return summary;
        }
    };
    let (format, binary) = match reader.fill_buf() {
        Ok(head) => {
            let format = named.unwrap_or_else(|| Format::sniff(head));
            // JSON Lines are checked for binary content here, as a whole; every other
            // document is checked when it is decoded
            let binary = (format == Format::Jsonl)
                .then(|| decode::binary_kind(&head[..head.len().min(8192)]))
                .flatten();
            (format, binary)
        }
        Err(e) => {
            push(
                unknown,
                None,
                Body::Rejected(read_error(&e, input)),
                &mut summary,
            );
            return summary;
        }
    };
    if format != Format::Jsonl && !keep(input.id()) {
        return summary;
    }
    let complete = if format == Format::Jsonl {
        match binary {
            Some(kind) => {
                let r = Rejection::new(
                    Reason::Binary,
                    format!("binary content ({kind}), not JSON Lines"),
                );
                push(format, None, Body::Rejected(r), &mut summary);
                false
            }
            None => read_lines(input, reader.as_mut(), cfg, &mut |line, body| {
                push(format, Some(line), body, &mut summary)
            }),
        }
    } else if let Some(size) = reader
        .stored_size()
        .filter(|&n| n > cfg.max_doc_bytes && !reader.gzip())
    {
        push(
            format,
            None,
            Body::Rejected(too_large(size, cfg.max_doc_bytes)),
            &mut summary,
        );
        false
    } else {
        // a stored file's size is its body's (gzip's is smaller: the Vec grows)
        let size = reader.stored_size().unwrap_or(0);
        let (body, complete) = match read_bounded(reader.as_mut(), cfg.max_doc_bytes, size) {
            Ok(bytes) => (Body::Bytes(bytes), true),
            Err(e) => (Body::Rejected(e.into_rejection(input)), false),
        };
        // read to its end and stored as it is: the body's hash is the input's
        let sha256 = (complete && !reader.gzip()).then(|| reader.digest().0);
        push_hashed(format, None, body, sha256, &mut summary);
        complete
    };
    let (sha, bytes) = reader.digest();
    if complete {
        summary.sha256 = hex(&sha);
    }
    summary.bytes = bytes;
    summary
}

/// An open input: buffered, decompressed when gzip, hashing the stored bytes.
trait Source: BufRead {
    /// SHA-256 of the stored bytes read so far, and how many (the whole input's when it
    /// was read to its end).
    fn digest(&mut self) -> ([u8; 32], u64);
    /// The size of the file, when it is one.
    fn stored_size(&self) -> Option<u64>;
    /// Whether it is gzip-compressed.
    fn gzip(&self) -> bool;
}

struct Opened<R: BufRead> {
    inner: R,
    hash: Arc<std::sync::Mutex<(Sha256, u64)>>,
    size: Option<u64>,
    gzip: bool,
}

impl<R: BufRead> Read for Opened<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for Opened<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt)
    }
}

impl<R: BufRead> Source for Opened<R> {
    fn digest(&mut self) -> ([u8; 32], u64) {
        let guard = self.hash.lock().expect("not poisoned");
        (guard.0.clone().finalize().into(), guard.1)
    }

    fn stored_size(&self) -> Option<u64> {
        self.size
    }

    fn gzip(&self) -> bool {
        self.gzip
    }
}

/// Hashes the stored bytes as they pass.
struct Hashing<R> {
    inner: R,
    hash: Arc<std::sync::Mutex<(Sha256, u64)>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut h = self.hash.lock().expect("not poisoned");
        h.0.update(&buf[..n]);
        h.1 += n as u64;
        Ok(n)
    }
}

/// The most bytes read from a stored input at a time.
const STORED_BUFFER: usize = 64 * 1024;

fn open(input: &Input) -> Result<Box<dyn Source>, Rejection> {
    let (raw, size): (Box<dyn Read>, _) = match input.path() {
        None => (Box::new(io::stdin()), None),
        Some(p) => {
            // opened first, then asked its size: the file's own metadata, without a
            // second walk of its path (a folder opens too, and is told by it)
            let f = fs::File::open(p).map_err(|e| read_error(&e, input))?;
            let meta = f.metadata().map_err(|e| read_error(&e, input))?;
            if meta.is_dir() {
                return Err(Rejection::new(Reason::Unreadable, "is a folder"));
            }
            (Box::new(f), Some(meta.len()))
        }
    };
    let hash = Arc::new(std::sync::Mutex::new((Sha256::new(), 0u64)));
    // the buffer is zeroed before its first read: a small file gets a small one (a
    // 5 kB article had 64 KB zeroed)
    let capacity = size.map_or(STORED_BUFFER, |s| {
        usize::try_from(s.saturating_add(1)).map_or(STORED_BUFFER, |s| s.clamp(4096, STORED_BUFFER))
    });
    let mut stored = BufReader::with_capacity(
        capacity,
        Hashing {
            inner: raw,
            hash: hash.clone(),
        },
    );
    let gzip = stored
        .fill_buf()
        .map_err(|e| read_error(&e, input))?
        .starts_with(b"\x1F\x8B");
    let inner: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(stored),
        ))
    } else {
        Box::new(stored)
    };
    Ok(Box::new(Opened {
        inner,
        hash,
        size,
        gzip,
    }))
}

fn read_error(e: &io::Error, input: &Input) -> Rejection {
    let what = if input.path().is_none() {
        "standard input"
    } else {
        "the file"
    };
    Rejection::new(Reason::Unreadable, format!("cannot read {what}: {e}"))
}

enum ReadError {
    Io(io::Error),
    TooLarge(u64, u64),
}

impl ReadError {
    fn into_rejection(self, input: &Input) -> Rejection {
        match self {
            ReadError::Io(e) => read_error(&e, input),
            ReadError::TooLarge(size, max) => too_large(size, max),
        }
    }
}

fn too_large(size: u64, max: u64) -> Rejection {
    let size = if size == max + 1 {
        // reading stopped at the limit: the true size is unknown
        format!("more than {max} bytes")
    } else {
        format!("{size} bytes")
    };
    Rejection::new(
        Reason::TooLarge,
        format!("{size}, over the limit of {max} bytes per document (--max-doc-bytes)"),
    )
}

/// Reads everything, up to `max` bytes (after decompression: a gzip bomb stops at the
/// limit).
/// Reads to the end, at most `max` bytes, into a buffer made for `size_hint` of them.
fn read_bounded(r: &mut dyn BufRead, max: u64, size_hint: u64) -> Result<Vec<u8>, ReadError> {
    // one more than the hint: read_to_end must see the end without growing the buffer
    let capacity = usize::try_from(size_hint.min(max).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    r.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// Streams the lines of JSON Lines, each bounded by `max_doc_bytes`, to `emit` (line
/// number, body). Returns whether the input was read to its end.
fn read_lines(
    input: &Input,
    r: &mut dyn BufRead,
    cfg: &SourceConfig,
    emit: &mut dyn FnMut(u64, Body),
) -> bool {
    let mut line_no = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        line_no += 1;
        let mut overflow = 0u64;
        let mut ended = false;
        // read up to the newline, keeping at most max + 1 bytes of it
        loop {
            let buf = match r.fill_buf() {
                Ok(b) => b,
                Err(e) => {
                    emit(line_no, Body::Rejected(read_error(&e, input)));
                    return false;
                }
            };
            if buf.is_empty() {
                ended = true;
                break;
            }
            let (take, found) = match buf.iter().position(|&b| b == b'\n') {
                Some(p) => (p + 1, true),
                None => (buf.len(), false),
            };
            let room = (cfg.max_doc_bytes + 1).saturating_sub(line.len() as u64) as usize;
            line.extend_from_slice(&buf[..take.min(room)]);
            overflow += take.saturating_sub(room) as u64;
            r.consume(take);
            if found {
                break;
            }
        }
        if ended && line.is_empty() {
            return true;
        }
        while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            line.pop();
        }
        let size = line.len() as u64 + overflow;
        if overflow > 0 || !line.iter().all(u8::is_ascii_whitespace) {
            let body = if size > cfg.max_doc_bytes {
                Body::Rejected(too_large(size, cfg.max_doc_bytes))
            } else {
                Body::Bytes(std::mem::take(&mut line))
            };
            emit(line_no, body);
        }
        if ended {
            return true;
        }
    }
}

/// A JSON Lines record.
#[derive(Debug, Deserialize)]
pub struct Record {
    /// The document's id: a string or a number; `file#line` when missing.
    pub id: Option<serde_json::Value>,
    /// The article's text.
    pub text: Option<String>,
    /// The article as HTML, when it has no `text`.
    pub html: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its canonical URL.
    pub url: Option<String>,
    /// Its publication date, `YYYY-MM-DD` or an RFC 3339 timestamp.
    pub published: Option<String>,
    /// Its locale ("en-CA"): settles which dollar a bare "$" is.
    pub locale: Option<String>,
}

/// Parses a publication date: `2024-07-09` or a timestamp that starts with one.
///
/// # Example
///
/// ```
/// use figures::source::parse_date;
/// assert_eq!(parse_date("2024-07-09T13:34:00Z").unwrap().to_string(), "2024-07-09");
/// assert_eq!(parse_date("July 9"), None);
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

impl Item {
    /// The id of the document the item holds, as far as it is known before parsing:
    /// the input's id, with `#line` for a JSON line.
    pub fn provisional_id(&self) -> String {
        match self.line {
            Some(l) => format!("{}#{l}", self.input.id()),
            None => self.input.id().to_string(),
        }
    }

    /// A digest of everything the item's document depends on besides its bytes: the
    /// input's name and id, the line, the format. With the bytes' SHA-256 and the run's
    /// options it keys the cache.
    pub fn digest_meta(&self, hasher: &mut Sha256) {
        for part in [
            self.input.display.as_bytes(),
            self.input.id().as_bytes(),
            self.format.as_str().as_bytes(),
        ] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.update(self.line.unwrap_or(0).to_le_bytes());
    }

    /// Turns the item into a document. `keep` is asked whether a JSON record's id is
    /// wanted (sharding).
    pub fn load(&self, cfg: &SourceConfig, keep: &dyn Fn(&str) -> bool) -> Loaded {
        let rejected = |rejection| Loaded::Rejected {
            doc_id: self.provisional_id(),
            rejection,
        };
        let bytes = match &self.body {
            Body::Rejected(r) => {
                return if keep(&self.provisional_id()) {
                    rejected(r.clone())
                } else {
                    Loaded::Skipped
                }
            }
            Body::Bytes(b) => b,
        };
        let result = if self.format == Format::Jsonl {
            self.record(bytes, cfg, keep)
        } else {
            self.file(bytes, cfg).map(Some)
        };
        match result {
            Ok(Some(doc)) => Loaded::Document(Box::new(doc)),
            Ok(None) => Loaded::Skipped,
            Err(r) if keep(&self.provisional_id()) => rejected(r),
            Err(_) => Loaded::Skipped,
        }
    }

    fn file(&self, bytes: &[u8], cfg: &SourceConfig) -> Result<Document, Rejection> {
        let decoded = decode::decode(bytes)?;
        let given = Given {
            fallback_published: cfg.published,
            ..Given::default()
        };
        let mut doc = parse(self.format, self.input.id(), &decoded.text, given, None)?;
        doc.source_path = Some(self.input.display.to_string());
        doc.encoding = Some(decoded.encoding.to_string());
        Ok(doc)
    }

    fn record(
        &self,
        bytes: &[u8],
        cfg: &SourceConfig,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Document>, Rejection> {
        let decoded = decode::decode(bytes)?;
        let rec: Record = serde_json::from_str(&decoded.text)
            .map_err(|e| Rejection::new(Reason::BadJson, format!("not a JSON object: {e}")))?;
        let id = match rec.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None => self.provisional_id(),
            Some(other) => {
                return Err(Rejection::new(
                    Reason::BadJson,
                    format!("the id {other} is not a string or a number"),
                ))
            }
        };
        if !keep(&id) {
            return Ok(None);
        }
        let published = match rec.published.as_deref() {
            None | Some("") => None,
            Some(s) => Some(parse_date(s).ok_or_else(|| {
                Rejection::new(
                    Reason::BadJson,
                    format!("\"published\" is {s:?}, not a date like 2024-07-09"),
                )
            })?),
        };
        let given = Given {
            title: rec.title,
            published,
            published_source: None,
            fallback_published: cfg.published,
            locale: rec.locale,
        };
        let (format, body) = match (rec.text, rec.html) {
            (Some(t), _) => (Format::Text, t),
            (None, Some(h)) => (Format::Html, h),
            (None, None) => {
                return Err(Rejection::new(
                    Reason::BadJson,
                    "the record has no \"text\" or \"html\" field",
                ))
            }
        };
        if body.trim().is_empty() {
            return Err(Rejection::new(Reason::Empty, "the record's text is empty"));
        }
        let mut doc = parse(format, &id, &body, given, rec.url)?;
        doc.source_path = Some(self.input.display.to_string());
        doc.encoding = Some(decoded.encoding.to_string());
        Ok(Some(doc))
    }
}

/// Builds a document from text in a format; what the markup states (an HTML page's
/// title, date and URL, a front matter's) fills what `given` leaves open.
fn parse(
    format: Format,
    id: &str,
    text: &str,
    mut given: Given,
    url: Option<String>,
) -> Result<Document, Rejection> {
    let Page {
        text,
        title,
        published,
        url: page_url,
    } = match format {
        Format::Html => html::read(text),
        Format::Markdown => markdown::read(text),
        Format::Text | Format::Jsonl => Page {
            text: text.to_string(),
            ..Page::default()
        },
    };
    if text.trim().is_empty() {
        return Err(Rejection::new(
            Reason::Empty,
            "no visible text (only markup)",
        ));
    }
    given.title = given.title.or(title);
    if given.published.is_none() && published.is_some() {
        given.published = published;
        given.published_source = Some(PublishedSource::Meta);
    }
    let mut doc = Document::from_text(id, text, &given);
    doc.url = url.or(page_url);
    Ok(doc)
}

/// SHA-256 of some bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes in lower-case hex.
///
/// # Example
///
/// ```
/// assert_eq!(figures::source::hex(&[0x00, 0xab, 0x7f]), "00ab7f");
/// ```
pub fn hex(bytes: &[u8]) -> String {
    // by table, not by the formatter: the manifest writes a digest per input at the end
    // of a run, on one thread (19,000 of them took 7 ms)
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[usize::from(b >> 4)]);
        s.push(DIGITS[usize::from(b & 15)]);
    }
    String::from_utf8(s).expect("hex digits are ASCII")
}

#[cfg(test)]
mod tests;
