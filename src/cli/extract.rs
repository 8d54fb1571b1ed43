//! `figures extract`: the figures of one article as JSON Lines on standard output, one
//! object per figure with the fields of the figures table.
//!
//! Usage: `figures extract [FILE|-] [--jsonl] [--published DATE] [--base-currency CODE]`
//!
//! With `--jsonl` each input line is a record `{"id": ..., "text": ..., "published": ...}`
//! and `doc_id` is the record's id. A record or file that cannot be read is reported on
//! standard error and the exit status is 2; the other records still print.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{parse_date_arg, Outcome};
use crate::load::row::to_json;
use crate::source::{self, Format, Input, Loaded, SourceConfig};
use crate::Pipeline;

/// Print the figures of one article as JSON Lines.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to read (.txt, .md, .html, .jsonl, possibly .gz); `-` or nothing reads
    /// standard input, whose format is recognized from its first bytes.
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
    let mut input = match args.file {
        Some(p) if p.as_os_str() != "-" => {
            let id = p.file_name().map_or_else(
                || p.to_string_lossy().into_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            Input::file(p, &id)
        }
        _ => {
            let mut stdin = Input::stdin();
            stdin.set_id("-");
            stdin
        }
    };
    if args.jsonl {
        input.format = Some(Format::Jsonl);
    }
    let input = std::sync::Arc::new(input);
    let mut documents = Vec::new();
    let mut rejects = Vec::new();
    source::read_input(
        &input,
        &cfg,
        &|_| true,
        &mut |item| match item.load(&cfg, &|_| true) {
            Loaded::Document(d) => documents.push(*d),
            Loaded::Rejected { doc_id, rejection } => rejects.push((doc_id, item.line, rejection)),
            Loaded::Skipped => {}
        },
    );
    if let (Some(p), [(_, None, r)]) = (input.path(), rejects.as_slice()) {
        if documents.is_empty() && r.reason == source::Reason::Unreadable {
            anyhow::bail!("cannot read {}: {}", p.display(), r.message);
        }
    }
    let mut out = Vec::new();
    for doc in &documents {
        for row in pipeline.figures(doc) {
            serde_json::to_writer(&mut out, &to_json(&row))?;
            out.push(b'\n');
        }
    }
    write_stdout(&out)?;
    for (_, line, r) in &rejects {
        let line = line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!("figures: rejected {}{line}: {r}", input.display);
    }
    Ok(if rejects.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Rejected
    })
}

/// Writes to standard output; a closed pipe surfaces as an error that `main` turns into
/// a clean exit.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
