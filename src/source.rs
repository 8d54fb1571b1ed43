//! Reading inputs into [`Document`]s, and saying exactly what could not be read.
//!
//! An input is a file (any name) or a folder (read recursively, in sorted order, the
//! files whose names end in `.txt`, `.text`, `.md`, `.markdown`, `.jsonl` or
//! `.ndjson`). A `.jsonl` / `.ndjson` file holds one article per line:
//! `{"id": ..., "text": ..., "published": "2024-07-09", "title": ..., "locale": "en-CA"}`.
//!
//! What cannot be read is a [`RejectRow`] with a reason code, never an error that stops
//! the batch: `unreadable`, `too_large`, `binary`, `not_utf8`, `empty`, `bad_json`,
//! `duplicate_id`.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::document::{Document, Given};
use crate::load::row::RejectRow;

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct SourceConfig {
    /// Inputs larger than this are rejected (`too_large`).
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

/// One input file, with the id its document will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// The path as shown in the tables (as given, with `/` separators).
    pub display: String,
    /// The document id: the path relative to the folder given, or the file name.
    pub id: String,
}

/// What reading one input gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The documents it held.
    pub documents: Vec<Document>,
    /// What could not be read.
    pub rejects: Vec<RejectRow>,
    /// SHA-256 of its bytes (empty when unreadable).
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
}

/// File name endings read from folders.
const EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "jsonl", "ndjson"];

/// Lists the input files of the given paths: folders recursively in sorted order, files
/// as given. A path that does not exist is listed too; reading it gives a reject.
pub fn discover(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files);
            files.sort();
            for f in files {
                let rel = f.strip_prefix(p).unwrap_or(&f);
                out.push(Input {
                    display: slashes(&f),
                    id: slashes(rel),
                    path: f,
                });
            }
        } else {
            let id = p
                .file_name()
                .map_or_else(|| slashes(p), |n| n.to_string_lossy().into_owned());
            out.push(Input {
                path: p.clone(),
                display: slashes(p),
                id,
            });
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn reject(input: &Input, line: Option<i64>, reason: &str, message: String) -> RejectRow {
    RejectRow {
        path: input.display.clone(),
        line,
        reason: reason.to_string(),
        message,
    }
}

/// Reads one input.
pub fn read(input: &Input, cfg: &SourceConfig) -> Loaded {
    let mut out = Loaded::default();
    let bytes = match read_bytes(&input.path, cfg.max_doc_bytes) {
        Ok(b) => b,
        Err((reason, message)) => {
            out.rejects.push(reject(input, None, reason, message));
            return out;
        }
    };
    out.bytes = bytes.len() as u64;
    out.sha256 = sha256_hex(&bytes);
    if is_jsonl(&input.path) {
        read_jsonl(input, &bytes, cfg, &mut out);
        return out;
    }
    match text_of(&bytes) {
        Ok(text) => {
            let given = Given {
                fallback_published: cfg.published,
                ..Given::default()
            };
            let mut doc = Document::new(&input.id, text, &given);
            doc.source_path = Some(input.display.clone());
            out.documents.push(doc);
        }
        Err((reason, message)) => out.rejects.push(reject(input, None, reason, message)),
    }
    out
}

/// Reads a document from memory (standard input, a test): the same checks as a file.
pub fn read_text(id: &str, bytes: &[u8], cfg: &SourceConfig) -> Result<Document, RejectRow> {
    let input = Input {
        path: PathBuf::from(id),
        display: id.to_string(),
        id: id.to_string(),
    };
    if bytes.len() as u64 > cfg.max_doc_bytes {
        return Err(reject(
            &input,
            None,
            "too_large",
            too_large(bytes.len() as u64, cfg.max_doc_bytes),
        ));
    }
    let text = text_of(bytes).map_err(|(r, m)| reject(&input, None, r, m))?;
    let given = Given {
        fallback_published: cfg.published,
        ..Given::default()
    };
    Ok(Document::new(id, text, &given))
}

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "jsonl" | "ndjson"))
}

fn too_large(size: u64, max: u64) -> String {
    format!("{size} bytes, more than the limit of {max} bytes (--max-doc-bytes)")
}

fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>, (&'static str, String)> {
    let meta = fs::metadata(path).map_err(|e| ("unreadable", format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(("unreadable", "is a folder".to_string()));
    }
    if meta.len() > max {
        return Err(("too_large", too_large(meta.len(), max)));
    }
    let mut f = fs::File::open(path).map_err(|e| ("unreadable", format!("cannot open: {e}")))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // read one byte past the limit, in case the file grew since its metadata was read
    f.by_ref()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ("unreadable", format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(("too_large", too_large(bytes.len() as u64, max)));
    }
    Ok(bytes)
}

/// The text of some bytes: UTF-8 with its byte-order mark removed, not binary, not
/// empty.
fn text_of(bytes: &[u8]) -> Result<&str, (&'static str, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Err((
            "binary",
            "binary content (NUL or control bytes), not text".to_string(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        (
            "not_utf8",
            format!(
                "not valid UTF-8 text (first bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(("empty", "empty or only white space".to_string()));
    }
    Ok(text)
}

/// Binary content: a NUL byte, or more than 10% control bytes other than white space,
/// in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 10 > head.len()
}

/// SHA-256 of some bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A JSON Lines record.
#[derive(Debug, Deserialize)]
pub struct Record {
    /// The document's id.
    pub id: Option<serde_json::Value>,
    /// The article's text.
    pub text: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its publication date, `YYYY-MM-DD` or an RFC 3339 timestamp.
    pub published: Option<String>,
    /// Its locale ("en-CA"): settles which dollar a bare "$" is.
    pub locale: Option<String>,
}

/// Parses a publication date: `2024-07-09` or a timestamp that starts with one.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = s.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Reads the records of a JSON Lines input; each bad line is a reject of its own.
pub fn read_jsonl(input: &Input, bytes: &[u8], cfg: &SourceConfig, out: &mut Loaded) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            out.rejects.push(reject(
                input,
                None,
                "not_utf8",
                format!(
                    "not valid UTF-8 (first bad byte at offset {})",
                    e.valid_up_to()
                ),
            ));
            return;
        }
    };
    let mut seen = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = Some(n as i64 + 1);
        if line.trim().is_empty() {
            continue;
        }
        match record_document(input, n + 1, line, cfg) {
            Ok(doc) => {
                if !seen.insert(doc.id.clone()) {
                    out.rejects.push(reject(
                        input,
                        line_no,
                        "duplicate_id",
                        format!("the id {:?} was already used by an earlier line", doc.id),
                    ));
                    continue;
                }
                out.documents.push(doc);
            }
            Err((reason, message)) => out.rejects.push(reject(input, line_no, reason, message)),
        }
    }
    if out.documents.is_empty() && out.rejects.is_empty() {
        out.rejects
            .push(reject(input, None, "empty", "no records".to_string()));
    }
}

/// Parses one JSON Lines record into a document.
pub fn record_document(
    input: &Input,
    line: usize,
    json: &str,
    cfg: &SourceConfig,
) -> Result<Document, (&'static str, String)> {
    let rec: Record =
        serde_json::from_str(json).map_err(|e| ("bad_json", format!("not a JSON object: {e}")))?;
    let text = rec
        .text
        .ok_or(("bad_json", "the record has no \"text\" field".to_string()))?;
    if text.trim().is_empty() {
        return Err(("empty", "the record's text is empty".to_string()));
    }
    let id = match rec.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None => format!("{}#{line}", input.id),
        Some(other) => {
            return Err((
                "bad_json",
                format!("the id {other} is not a string or a number"),
            ))
        }
    };
    let published = match rec.published.as_deref() {
        None | Some("") => None,
        Some(s) => Some(parse_date(s).ok_or((
            "bad_json",
            format!("\"published\" is {s:?}, not a date like 2024-07-09"),
        ))?),
    };
    let given = Given {
        title: rec.title,
        published,
        fallback_published: cfg.published,
        locale: rec.locale,
    };
    let mut doc = Document::new(&id, &text, &given);
    doc.source_path = Some(input.display.clone());
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_checks() {
        assert!(text_of(b"\xEF\xBB\xBFhello").is_ok_and(|t| t == "hello"));
        assert_eq!(text_of(b"a\0b").unwrap_err().0, "binary");
        assert_eq!(text_of(b"caf\xe9 au lait").unwrap_err().0, "not_utf8");
        assert_eq!(text_of(b" \n\t ").unwrap_err().0, "empty");
        assert_eq!(text_of(&[1u8, 2, 3, 4, 5, b'a']).unwrap_err().0, "binary");
    }

    #[test]
    fn records() {
        let input = Input {
            path: "a.jsonl".into(),
            display: "a.jsonl".into(),
            id: "a.jsonl".into(),
        };
        let cfg = SourceConfig::default();
        let doc = record_document(
            &input,
            1,
            r#"{"id":"x","text":"Hi.","published":"2024-07-09T10:00:00Z"}"#,
            &cfg,
        )
        .unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.published.unwrap().to_string()),
            ("x", "2024-07-09".to_string())
        );
        assert_eq!(
            record_document(&input, 2, "{", &cfg).unwrap_err().0,
            "bad_json"
        );
        assert_eq!(
            record_document(&input, 3, r#"{"id":"y"}"#, &cfg)
                .unwrap_err()
                .0,
            "bad_json"
        );
        let e = record_document(&input, 4, r#"{"text":"x","published":"July"}"#, &cfg).unwrap_err();
        assert!(e.1.contains("not a date"), "{}", e.1);
        assert_eq!(
            record_document(&input, 5, r#"{"text":"x"}"#, &cfg)
                .unwrap()
                .id,
            "a.jsonl#5"
        );
    }
}
