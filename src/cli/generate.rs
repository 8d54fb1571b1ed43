//! `figures generate`: writes a deterministic corpus of news-like articles, for
//! benchmarks and load tests.
//!
//! Usage: `figures generate --out DIR --mb N [--article-bytes N] [--jsonl] [--seed N]`

use std::path::PathBuf;

use crate::cli::Outcome;
use crate::gen::Corpus;

/// Write a deterministic corpus of news-like articles (for benchmarks).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write into.
    #[arg(long)]
    pub out: PathBuf,
    /// How many megabytes (10^6 bytes) of text to write.
    #[arg(long)]
    pub mb: f64,
    /// The size of an article in bytes.
    #[arg(long, default_value_t = 5000)]
    pub article_bytes: usize,
    /// Write JSON Lines files of a thousand records instead of one text file per article.
    #[arg(long)]
    pub jsonl: bool,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs `figures generate`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    anyhow::ensure!(args.mb > 0.0, "--mb must be more than 0");
    anyhow::ensure!(
        args.article_bytes >= 200,
        "--article-bytes must be at least 200"
    );
    let bytes = (args.mb * 1e6) as u64;
    let n = Corpus::new(args.seed).write(&args.out, bytes, args.article_bytes, args.jsonl)?;
    eprintln!(
        "figures: wrote {n} articles ({:.1} MB) to {}",
        args.mb,
        args.out.display()
    );
    Ok(Outcome::Clean)
}
