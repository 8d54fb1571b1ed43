//! `figures extract`: the figures of one article as JSON Lines on standard output, one
//! object per figure with the fields of the figures table.
//!
//! Usage: `figures extract [FILE|-] [--jsonl] [--published DATE] [--base-currency CODE]`
//!
//! With `--jsonl` each input line is a record `{"id": ..., "text": ..., "published": ...}`
//! and `doc_id` is the record's id. A record or file that cannot be read is reported on
//! standard error and the exit status is 2; the other records still print.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;

use crate::cli::{parse_date_arg, Outcome};
use crate::load::row::to_json;
use crate::source::{self, Input, SourceConfig};
use crate::Pipeline;

/// Print the figures of one article as JSON Lines.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to read; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// Read one JSON record per line: {"id": ..., "text": ..., "published": ...}.
    #[arg(long)]
    pub jsonl: bool,
    /// The publication date (YYYY-MM-DD) of documents that state none.
    #[arg(long, value_parser = parse_date_arg)]
    pub published: Option<NaiveDate>,
    /// The reporting currency (ISO 4217 code).
    #[arg(long, default_value = "USD")]
    pub base_currency: String,
    /// Exchange rates to use before the bundled ECB ones (see `figures run --rates`).
    #[arg(long)]
    pub rates: Option<PathBuf>,
}

/// Runs `figures extract`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let user_rates = args
        .rates
        .as_deref()
        .map(crate::transform::rates::Rates::read_user)
        .transpose()?;
    let pipeline = Pipeline::with_rates(&args.base_currency, user_rates)?;
    let cfg = SourceConfig {
        published: args.published,
        ..SourceConfig::default()
    };
    let (name, bytes) = match args.file.as_deref() {
        None => ("-".to_string(), stdin_bytes()?),
        Some(p) if p.as_os_str() == "-" => ("-".to_string(), stdin_bytes()?),
        Some(p) => (
            p.file_name().map_or_else(
                || p.to_string_lossy().into_owned(),
                |n| n.to_string_lossy().into_owned(),
            ),
            std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
        ),
    };
    let mut read = source::Loaded::default();
    if args.jsonl {
        let input = Input {
            path: PathBuf::from(&name),
            display: name.clone(),
            id: name.clone(),
        };
        source::read_jsonl(&input, &bytes, &cfg, &mut read);
    } else {
        match source::read_text(&name, &bytes, &cfg) {
            Ok(doc) => read.documents.push(doc),
            Err(r) => read.rejects.push(r),
        }
    }
    let mut out = Vec::new();
    for doc in &read.documents {
        for row in pipeline.figures(doc) {
            serde_json::to_writer(&mut out, &to_json(&row))?;
            out.push(b'\n');
        }
    }
    write_stdout(&out)?;
    for r in &read.rejects {
        let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!(
            "figures: rejected {}{line}: {} ({})",
            r.path, r.message, r.reason
        );
    }
    Ok(if read.rejects.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Rejected
    })
}

fn stdin_bytes() -> anyhow::Result<Vec<u8>> {
    let mut b = Vec::new();
    std::io::stdin()
        .read_to_end(&mut b)
        .context("cannot read standard input")?;
    Ok(b)
}

/// Writes to standard output; a closed pipe surfaces as an error that `main` turns into
/// a clean exit.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
