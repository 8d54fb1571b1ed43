//! The command line: one file per subcommand, each with its usage text (the doc
//! comments of its `Args`) on top, then `Args`, then `run`. The CLI only parses flags and
//! wires the stages together.

pub mod extract;
pub mod generate;
pub mod rates;
pub mod run;
pub mod schema;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

/// Turns news articles into analysis-ready tables of the figures they state: who
/// invests, spends or allocates how much, in which currency, where, over which period.
#[derive(Debug, Parser)]
#[command(name = "figures", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles (default: input/) and write the tables (default: output/).
    Run(run::Args),
    /// Print the figures of one article as JSON Lines on standard output.
    Extract(extract::Args),
    /// Print the tables' columns and types.
    Schema(schema::Args),
    /// List the exchange rates' coverage, or convert an amount on a day.
    Rates(rates::Args),
    /// Write a deterministic corpus of news-like articles (for benchmarks).
    Generate(generate::Args),
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was processed.
    Clean,
    /// The command finished, but some inputs were rejected.
    Rejected,
}

impl Command {
    /// Runs the command.
    pub fn run(self) -> anyhow::Result<Outcome> {
        match self {
            Command::Run(a) => run::run(a),
            Command::Extract(a) => extract::run(a),
            Command::Schema(a) => schema::run(a),
            Command::Rates(a) => rates::run(a),
            Command::Generate(a) => generate::run(a),
        }
    }
}

/// An error already reported (as a JSON log line): `main` exits 1 without printing it
/// again.
#[derive(Debug)]
pub struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the error was reported")
    }
}

impl std::error::Error for Reported {}

/// Parses a `--published` date.
pub fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date like 2024-07-09"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_takes_iso_dates_only() {
        assert_eq!(
            parse_date_arg("2024-07-09").unwrap().to_string(),
            "2024-07-09"
        );
        assert!(parse_date_arg("07/09/2024").is_err());
    }

    #[test]
    fn cli_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
