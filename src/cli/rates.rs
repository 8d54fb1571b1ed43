//! `figures rates`: what the bundled exchange-rate table covers, and a conversion by
//! hand, to check a row of the figures table.
//!
//! Usage: `figures rates` lists each currency with its first and last day;
//! `figures rates 1000000 JPY --to USD --date 2024-01-19` converts an amount with the
//! rate a figure of an article of that day would get.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::cli::{parse_date_arg, Outcome};
use crate::transform::rates::{RateTable, Rates};

/// List the exchange rates' coverage, or convert an amount.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An amount to convert (with CURRENCY).
    pub amount: Option<Decimal>,
    /// The ISO 4217 code of the amount.
    pub currency: Option<String>,
    /// The currency to convert to.
    #[arg(long, default_value = "USD")]
    pub to: String,
    /// The day of the rate (YYYY-MM-DD); the newest rate when not given.
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Exchange rates to use before the bundled ones (see `figures run --rates`).
    #[arg(long)]
    pub rates: Option<PathBuf>,
}

/// Runs `figures rates`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let user = args.rates.as_deref().map(Rates::read_user).transpose()?;
    let mut out = String::new();
    match (args.amount, args.currency.as_deref()) {
        (Some(amount), Some(code)) => {
            let code = code.to_ascii_uppercase();
            let to = args.to.to_ascii_uppercase();
            let rates = Rates::new(user);
            let (fx, value) = rates
                .convert(amount, &code, &to, args.date)
                .with_context(|| {
                    let day = args.date.map_or("the newest day".to_string(), |d| d.to_string());
                    format!("no {code}/{to} rate for {day} (the bundled table has the ECB's currencies from 1999-01-04)")
                })?;
            let day = fx.date.map(|d| d.to_string()).unwrap_or_default();
            writeln!(out, "{amount} {code} = {value} {to}")?;
            writeln!(
                out,
                "rate {} {to} per {code}, of {day}, source {}",
                fx.rate, fx.source
            )?;
        }
        (None, None) => {
            let bundled = RateTable::bundled();
            writeln!(out, "ECB euro reference rates (bundled), per euro:")?;
            writeln!(out, "{:<5} {:<10} {:<10}", "code", "first", "last")?;
            writeln!(
                out,
                "{:<5} {:<10} {:<10}",
                "EUR", "1999-01-04", "(always 1)"
            )?;
            for (code, first, last) in bundled.coverage() {
                writeln!(out, "{code:<5} {first:<10} {last:<10}")?;
            }
            if let Some(user) = &user {
                writeln!(
                    out,
                    "\nuser rates ({}):",
                    args.rates.unwrap_or_default().display()
                )?;
                for (code, first, last) in user.coverage() {
                    writeln!(out, "{code:<5} {first:<10} {last:<10}")?;
                }
            }
        }
        _ => anyhow::bail!(
            "give both an amount and its currency: figures rates 1000000 JPY --to USD"
        ),
    }
    crate::cli::extract::write_stdout(out.as_bytes())?;
    Ok(Outcome::Clean)
}
