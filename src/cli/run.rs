//! `figures run`: reads articles and writes the tables.
//!
//! Usage: `figures run [PATH...] [--out DIR] [--format csv,parquet] [--base-currency CODE]
//! [--rates FILE] [--published DATE] [--max-doc-bytes N] [--jobs N] [--full]
//! [--fail-on-reject] [--shard K/N] [--config FILE] [--log-format text|json] [--quiet]`
//!
//! With no PATH it reads `input/` and writes `output/`. Settings come from the flags,
//! then the config file (`--config`, or `figures.toml` in the current folder), then the
//! defaults. Exit status: 0 when every input was processed, 2 when the run finished but
//! some inputs were rejected, 1 when it could not finish (the previous tables are then
//! left as they were).

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::batch::cache::Cache;
use crate::batch::shard::Shard;
use crate::batch::{Batch, Rejected, Summary};
use crate::cli::{parse_date_arg, Outcome, Reported};
use crate::config::RunConfig;
use crate::load::manifest;
use crate::load::row::RejectRow;
use crate::load::{Formats, Layout, Output};
use crate::source::{self, SourceConfig, DEFAULT_MAX_DOC_BYTES};
use crate::transform::rates::Rates;
use crate::Pipeline;

/// Read articles and write the tables of the figures they state.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Files, folders (read recursively) or glob patterns: .txt, .md, .html, .jsonl,
    /// each possibly .gz; `-` reads standard input. Default: input/.
    pub paths: Vec<PathBuf>,
    /// The output folder [default: output].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The formats to write: csv, parquet, or csv,parquet [default: csv,parquet].
    #[arg(long)]
    pub format: Option<String>,
    /// The reporting currency, an ISO 4217 code [default: USD].
    #[arg(long)]
    pub base_currency: Option<String>,
    /// Exchange rates to use before the bundled ECB ones: the ECB's CSV layout, or
    /// `date,currency,rate_per_eur` (or `rate_per_<CODE>`).
    #[arg(long)]
    pub rates: Option<PathBuf>,
    /// The publication date (YYYY-MM-DD) of documents that state none.
    #[arg(long, value_parser = parse_date_arg)]
    pub published: Option<NaiveDate>,
    /// Documents larger than this many bytes (after decompression; a JSON line each)
    /// are rejected [default: 16777216].
    #[arg(long)]
    pub max_doc_bytes: Option<u64>,
    /// Worker threads [default: one per core].
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Ignore the cache of earlier runs: extract every document again.
    #[arg(long)]
    pub full: bool,
    /// Fail (exit status 1, tables left untouched) when any input is rejected.
    #[arg(long)]
    pub fail_on_reject: bool,
    /// Take only part K of N of the documents (by a hash of their id) and write the
    /// tables as part-K-of-N files in table folders: figures/, documents/, rejects/,
    /// manifests/. K counts from 0.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// The config file [default: figures.toml in the current folder, if any].
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// How to write messages on standard error: text, or json (one object per line,
    /// for schedulers) [default: text].
    #[arg(long, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Print nothing but errors; no progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How messages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for people.
    Text,
    /// One JSON object per line.
    Json,
}

/// What a run does, built once from the flags and the config file.
pub struct Plan {
    /// The running stage.
    pub batch: Batch,
    /// How to report.
    pub log_format: LogFormat,
    /// Print nothing but errors.
    pub quiet: bool,
}

fn default_out() -> PathBuf {
    PathBuf::from("output")
}
fn default_inputs() -> Vec<PathBuf> {
    vec![PathBuf::from("input")]
}
/// Both formats, or CSV alone in a build without Parquet support.
fn default_formats() -> String {
    if cfg!(feature = "parquet") {
        "csv,parquet".into()
    } else {
        "csv".into()
    }
}
fn default_base_currency() -> String {
    "USD".into()
}
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl Plan {
    /// Checks the flags, merges the config file, and builds the stages.
    pub fn new(args: Args) -> anyhow::Result<Plan> {
        // the bundled exchange rates (1.7 MB of CSV, the longest part of the start-up)
        // are parsed on a thread of their own while the flags are checked and the
        // lexicons built on this one; the first to ask for them waits for the rest
        std::thread::spawn(|| {
            crate::transform::rates::RateTable::bundled();
        });
        let (config_path, file) = match RunConfig::find(args.config.as_deref())? {
            Some((p, c)) => (Some(p), c),
            None => (None, RunConfig::default()),
        };
        let paths = if !args.paths.is_empty() {
            args.paths
        } else if let Some(inputs) = file.inputs {
            inputs.into_iter().map(PathBuf::from).collect()
        } else {
            default_inputs()
        };
        let out = args.out.or(file.out).unwrap_or_else(default_out);
        let format = args
            .format
            .or(file.formats.map(|f| f.joined()))
            .unwrap_or_else(default_formats);
        let formats = Formats::parse(&format)?;
        let base_currency = args
            .base_currency
            .or(file.base_currency)
            .unwrap_or_else(default_base_currency);
        let rates = args.rates.or(file.rates);
        let published = match (args.published, file.published) {
            (Some(d), _) => Some(d),
            (None, Some(s)) => Some(
                parse_date_arg(&s)
                    .map_err(|e| anyhow::anyhow!("in the config file: published: {e}"))?,
            ),
            (None, None) => None,
        };
        let max_doc_bytes = args
            .max_doc_bytes
            .or(file.max_doc_bytes)
            .unwrap_or(DEFAULT_MAX_DOC_BYTES);
        let jobs = args.jobs.or(file.jobs).unwrap_or_else(default_jobs);
        anyhow::ensure!(jobs >= 1, "--jobs must be at least 1");
        let log_format = match (args.log_format, file.log_format.as_deref()) {
            (Some(f), _) => f,
            (None, Some("json")) => LogFormat::Json,
            (None, Some("text") | None) => LogFormat::Text,
            (None, Some(other)) => {
                anyhow::bail!("in the config file: log_format is {other:?}, not text or json")
            }
        };
        let quiet = args.quiet || file.quiet.unwrap_or(false);
        let fail_on_reject = args.fail_on_reject || file.fail_on_reject.unwrap_or(false);

        // the inputs are listed (file system calls) while the lexicons and the bundled
        // rates are built (CPU) below
        let walk = std::thread::spawn({
            let paths = paths.clone();
            move || source::discover(&paths)
        });
        let user_rates = rates.as_deref().map(Rates::read_user).transpose()?;
        let rates_digest = match &rates {
            Some(p) => source::sha256_hex(&std::fs::read(p).unwrap_or_default()),
            None => String::new(),
        };
        let pipeline = Pipeline::with_rates(&base_currency, user_rates)?;
        let layout = match args.shard {
            Some(s) if s.n > 1 => Layout::Part { k: s.k, n: s.n },
            _ => Layout::Single,
        };
        let output = Output::new(&out, formats, layout);
        let source = SourceConfig {
            max_doc_bytes,
            published,
        };
        // what the rows of a document depend on besides the document itself
        let cache_options = format!(
            "base={};rates={rates_digest};published={published:?}",
            pipeline.normalizer.base_currency()
        );
        let cache = Cache::new(
            out.join(".cache").join(layout.tag()),
            !args.full,
            &cache_options,
        );
        let options = manifest::Options {
            paths: paths
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            out: out.to_string_lossy().into_owned(),
            formats: formats.names(),
            base_currency: pipeline.normalizer.base_currency().to_string(),
            rates: rates.as_ref().map(|p| p.to_string_lossy().into_owned()),
            published: published.map(|d| d.to_string()),
            max_doc_bytes,
            shard: args.shard.map(|s| s.to_string()),
            full: args.full,
            jobs,
            config: config_path.map(|p| p.to_string_lossy().into_owned()),
        };
        let progress = !quiet && log_format == LogFormat::Text && std::io::stderr().is_terminal();
        Ok(Plan {
            batch: Batch {
                inputs: walk.join().expect("listing the inputs does not panic"),
                source,
                pipeline,
                output,
                cache: Some(cache),
                shard: args.shard,
                jobs,
                progress,
                fail_on_reject,
                options,
            },
            log_format,
            quiet,
        })
    }
}

/// Runs `figures run`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let json = args.log_format == Some(LogFormat::Json);
    let mut plan = match Plan::new(args) {
        Ok(p) => p,
        Err(e) if json => return Err(report_json_error(e)),
        Err(e) => return Err(e),
    };
    match plan.batch.run() {
        Ok(summary) => {
            plan.report(&summary);
            // the run is over and the cache's pack is on disk: what the plan holds (the
            // cache's index, made on another thread) goes with the process, not freed
            // piece by piece on this thread (6 ms at the end of a 2 s run when the plan
            // still held the list of inputs, with the other core idle)
            std::mem::forget(plan);
            Ok(if summary.rejects.is_empty() {
                Outcome::Clean
            } else {
                Outcome::Rejected
            })
        }
        Err(e) => {
            if let Some(r) = e.downcast_ref::<Rejected>() {
                plan.report_rejects(&r.rejects);
            }
            match plan.log_format {
                LogFormat::Json => Err(report_json_error(e)),
                LogFormat::Text => Err(e),
            }
        }
    }
}

fn report_json_error(e: anyhow::Error) -> anyhow::Error {
    let line = serde_json::json!({"event": "error", "message": format!("{e:#}")});
    eprintln!("{line}");
    Reported.into()
}

impl Plan {
    fn report(&self, s: &Summary) {
        self.report_rejects(&s.rejects);
        let c = &s.counts;
        match self.log_format {
            LogFormat::Json => {
                let line = serde_json::json!({
                    "event": "summary",
                    "documents": c.documents,
                    "cached": c.cached,
                    "extracted": c.extracted,
                    "figures": c.figures,
                    "rejects": c.rejects,
                    "rejects_by_reason": c.rejects_by_reason,
                    "unconverted": c.unconverted,
                    "bytes": c.bytes,
                    "seconds": s.timings.total as f64 / 1000.0,
                    "out": self.batch.output.dir().to_string_lossy(),
                });
                eprintln!("{line}");
            }
            LogFormat::Text if !self.quiet => {
                eprintln!(
                    "figures: {} documents ({} cached), {} figures ({} amounts not converted to {}), {} rejected, {:.1} MB in {:.2}s -> {}",
                    c.documents,
                    c.cached,
                    c.figures,
                    c.unconverted,
                    self.batch.pipeline.normalizer.base_currency(),
                    c.rejects,
                    c.bytes as f64 / 1e6,
                    s.timings.total as f64 / 1000.0,
                    self.batch.output.dir().display()
                );
            }
            LogFormat::Text => {}
        }
    }

    fn report_rejects(&self, rejects: &[RejectRow]) {
        for r in rejects {
            match self.log_format {
                LogFormat::Json => {
                    let line = serde_json::json!({
                        "event": "reject",
                        "path": r.path,
                        "line": r.line,
                        "reason": r.reason,
                        "message": r.message,
                    });
                    eprintln!("{line}");
                }
                LogFormat::Text if !self.quiet => {
                    let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
                    eprintln!(
                        "figures: rejected {}{line}: {} ({})",
                        r.path, r.message, r.reason
                    );
                }
                LogFormat::Text => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn args(argv: &[&str]) -> Args {
        let mut full = vec!["figures", "run"];
        full.extend_from_slice(argv);
        match Cli::try_parse_from(full).unwrap().command {
            Command::Run(a) => a,
            _ => unreachable!(),
        }
    }

    #[test]
    fn shard_flag() {
        assert_eq!(args(&["--shard", "1/4"]).shard, Some(Shard { k: 1, n: 4 }));
        assert!(Cli::try_parse_from(["figures", "run", "--shard", "4/4"]).is_err());
    }

    #[test]
    fn log_format_flag() {
        assert_eq!(
            args(&["--log-format", "json"]).log_format,
            Some(LogFormat::Json)
        );
        assert!(Cli::try_parse_from(["figures", "run", "--log-format", "xml"]).is_err());
    }

    #[test]
    fn flags_win_over_the_config_file() {
        let dir = std::env::temp_dir().join(format!("figures-plan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cfg = dir.join("job.toml");
        std::fs::write(
            &cfg,
            "inputs = [\"news\"]\nout = \"tables\"\nformats = [\"csv\"]\nbase_currency = \"EUR\"\njobs = 3\n",
        )
        .unwrap();
        let cfg_arg = cfg.to_string_lossy().into_owned();
        let plan = Plan::new(args(&["--config", &cfg_arg, "--out", "elsewhere"])).unwrap();
        let b = &plan.batch;
        assert_eq!(
            b.output.dir(),
            std::path::Path::new("elsewhere"),
            "the flag wins"
        );
        assert_eq!(
            b.options.paths,
            [dir.join("news").to_string_lossy()],
            "the file's inputs"
        );
        assert_eq!((b.options.base_currency.as_str(), b.jobs), ("EUR", 3));
        assert_eq!(b.options.formats, ["csv"]);
        let missing = Plan::new(args(&["--config", "/no/such/figures.toml"]));
        assert!(missing.is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
