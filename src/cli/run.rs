//! `figures run`: reads articles and writes the tables.
//!
//! Usage: `figures run [PATH...] [--out DIR] [--format csv,parquet] [--base-currency CODE]
//! [--published DATE] [--max-doc-bytes N] [--jobs N] [--quiet]`
//!
//! With no PATH it reads `input/` and writes `output/`. Exit status: 0 when every input
//! was processed, 2 when the run finished but some inputs were rejected, 1 when it could
//! not finish (the previous tables are then left as they were).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cli::{parse_date_arg, Outcome};
use crate::load::manifest::{self, Manifest};
use crate::load::row::{DocumentRow, RejectRow};
use crate::load::{Formats, Output, Tables};
use crate::source::{self, Input, SourceConfig, DEFAULT_MAX_DOC_BYTES};
use crate::transform::rates::Rates;
use crate::Pipeline;

/// Read articles and write the tables of the figures they state.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read; folders are read recursively (.txt, .md, .jsonl). Default: input/.
    pub paths: Vec<PathBuf>,
    /// The output folder.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// The formats to write: csv, parquet, or csv,parquet.
    #[arg(long, default_value = "csv,parquet")]
    pub format: String,
    /// The reporting currency (ISO 4217 code).
    #[arg(long, default_value = "USD")]
    pub base_currency: String,
    /// Exchange rates to use before the bundled ECB ones: the ECB's CSV layout, or
    /// date,currency,rate_per_eur (or rate_per_<CODE>).
    #[arg(long)]
    pub rates: Option<PathBuf>,
    /// The publication date (YYYY-MM-DD) of documents that state none.
    #[arg(long, value_parser = parse_date_arg)]
    pub published: Option<NaiveDate>,
    /// Inputs larger than this many bytes are rejected.
    #[arg(long, default_value_t = DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// What a run does, built once from the flags.
pub struct Plan {
    paths: Vec<PathBuf>,
    source: SourceConfig,
    pipeline: Pipeline,
    output: Output,
    formats: Formats,
    jobs: Option<usize>,
    quiet: bool,
    args_out: String,
}

impl Plan {
    /// Checks the flags and builds the stages.
    pub fn new(args: Args) -> anyhow::Result<Plan> {
        let formats = Formats::parse(&args.format)?;
        let user_rates = args.rates.as_deref().map(Rates::read_user).transpose()?;
        let pipeline = Pipeline::with_rates(&args.base_currency, user_rates)?;
        anyhow::ensure!(args.jobs != Some(0), "--jobs must be at least 1");
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from("input")]
        } else {
            args.paths
        };
        Ok(Plan {
            paths,
            source: SourceConfig {
                max_doc_bytes: args.max_doc_bytes,
                published: args.published,
            },
            pipeline,
            output: Output::new(&args.out, formats),
            formats,
            jobs: args.jobs,
            quiet: args.quiet,
            args_out: args.out.to_string_lossy().into_owned(),
        })
    }
}

/// What one input gave.
struct Processed {
    read: source::Loaded,
    rows: Vec<Vec<crate::load::row::FigureRow>>,
}

/// Runs `figures run`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let plan = Plan::new(args)?;
    let started = Instant::now();
    let started_at = chrono_now();
    let inputs = source::discover(&plan.paths);
    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = plan.jobs {
            b = b.num_threads(n);
        }
        b.build().context("cannot start the worker threads")?
    };
    let processed: Vec<Processed> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let read = source::read(input, &plan.source);
                let rows = read
                    .documents
                    .iter()
                    .map(|d| plan.pipeline.figures(d))
                    .collect();
                Processed { read, rows }
            })
            .collect()
    });
    let extracted = started.elapsed();

    let (tables, manifest_inputs) = assemble(&inputs, processed);
    let counts = manifest::Counts {
        inputs: inputs.len(),
        documents: tables.documents.iter().filter(|d| d.status == "ok").count(),
        figures: tables.figures.len(),
        rejects: tables.rejects.len(),
        unconverted: tables
            .figures
            .iter()
            .filter(|f| f.kind == "money" && f.value.is_some() && f.base_value.is_none())
            .count(),
    };
    let mut manifest = Manifest {
        tool: "figures",
        version: env!("CARGO_PKG_VERSION"),
        started_at,
        options: manifest::Options {
            paths: plan
                .paths
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            out: plan.args_out.clone(),
            formats: [("csv", plan.formats.csv), ("parquet", plan.formats.parquet)]
                .into_iter()
                .filter_map(|(n, on)| on.then_some(n))
                .collect(),
            base_currency: plan.pipeline.normalizer.base_currency().to_string(),
            published: plan.source.published.map(|d| d.to_string()),
        },
        inputs: manifest_inputs,
        counts: counts.clone(),
        files: plan.output.file_names(),
        ..Manifest::default()
    };
    let write_start = Instant::now();
    manifest.timings_ms = manifest::Timings {
        read: 0,
        extract: extracted.as_millis() as u64,
        write: 0,
        total: started.elapsed().as_millis() as u64,
    };
    let json = serde_json::to_value(&manifest)?;
    plan.output.write(&tables, &json)?;
    let _ = write_start;

    if !plan.quiet {
        eprintln!(
            "figures: {} documents, {} figures ({} amounts not converted to {}), {} rejected, {:.2}s -> {}",
            counts.documents,
            counts.figures,
            counts.unconverted,
            plan.pipeline.normalizer.base_currency(),
            counts.rejects,
            started.elapsed().as_secs_f64(),
            plan.args_out
        );
        for r in &tables.rejects {
            let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!(
                "figures: rejected {}{line}: {} ({})",
                r.path, r.message, r.reason
            );
        }
    }
    Ok(if tables.rejects.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Rejected
    })
}

/// Puts the per-input results together in input order; a document id seen twice is a
/// reject.
fn assemble(inputs: &[Input], processed: Vec<Processed>) -> (Tables, Vec<manifest::Input>) {
    let mut tables = Tables::default();
    let mut seen = std::collections::HashSet::new();
    let mut minputs = Vec::new();
    for (input, p) in inputs.iter().zip(processed) {
        let mut rejected = p.read.rejects.len();
        for r in p.read.rejects {
            tables.documents.push(DocumentRow {
                doc_id: match r.line {
                    Some(l) => format!("{}#{l}", input.id),
                    None => input.id.clone(),
                },
                source_path: input.display.clone(),
                status: "rejected".into(),
                reason: Some(r.reason.clone()),
                bytes: p.read.bytes as i64,
                sha256: p.read.sha256.clone(),
                ..DocumentRow::default()
            });
            tables.rejects.push(r);
        }
        let documents = p.read.documents.len();
        for (doc, rows) in p.read.documents.into_iter().zip(p.rows) {
            if !seen.insert(doc.id.clone()) {
                rejected += 1;
                tables.rejects.push(RejectRow {
                    path: input.display.clone(),
                    line: None,
                    reason: "duplicate_id".into(),
                    message: format!(
                        "the document id {:?} was already used by another input",
                        doc.id
                    ),
                });
                continue;
            }
            tables.documents.push(DocumentRow {
                doc_id: doc.id.clone(),
                source_path: doc
                    .source_path
                    .clone()
                    .unwrap_or_else(|| input.display.clone()),
                status: "ok".into(),
                reason: None,
                title: doc.title.clone(),
                published: doc.published,
                published_source: Some(doc.published_source.as_str().to_string()),
                bytes: doc.text.len() as i64,
                chars: Some(doc.text.chars().count() as i64),
                figures: Some(rows.len() as i64),
                sha256: source::sha256_hex(doc.text.as_bytes()),
            });
            tables.figures.extend(rows);
        }
        minputs.push(manifest::Input {
            path: input.display.clone(),
            sha256: p.read.sha256,
            bytes: p.read.bytes,
            documents,
            rejected,
        });
    }
    (tables, minputs)
}

/// The current time in RFC 3339, UTC, for the manifest.
fn chrono_now() -> String {
    let now = std::time::SystemTime::now();
    let dt: chrono::DateTime<chrono::Utc> = now.into();
    dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
