//! `figures schema`: the tables' columns, their types and what they hold.
//!
//! Usage: `figures schema [--json]`

use crate::cli::Outcome;
use crate::load::row::{Column, DocumentRow, FigureRow, RejectRow, Table};

/// Print the tables' columns and types.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the schema as JSON: {"figures": [{"name": ..., "type": ..., "doc": ...}], ...}.
    #[arg(long)]
    pub json: bool,
}

/// Prints the schema.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let tables: [(&str, &[Column]); 3] = [
        (FigureRow::NAME, FigureRow::COLUMNS),
        (DocumentRow::NAME, DocumentRow::COLUMNS),
        (RejectRow::NAME, RejectRow::COLUMNS),
    ];
    let mut out = String::new();
    if args.json {
        let mut m = serde_json::Map::new();
        for (name, cols) in tables {
            let cols: Vec<_> = cols
                .iter()
                .map(|c| serde_json::json!({"name": c.name, "type": c.ty.as_str(), "doc": c.doc}))
                .collect();
            m.insert(name.to_string(), serde_json::Value::Array(cols));
        }
        out = serde_json::to_string_pretty(&m)? + "\n";
    } else {
        for (name, cols) in tables {
            out.push_str(name);
            out.push('\n');
            for c in cols {
                out.push_str(&format!(
                    "  {:<18} {:<8} {}\n",
                    c.name,
                    c.ty.as_str(),
                    c.doc
                ));
            }
        }
    }
    crate::cli::extract::write_stdout(out.as_bytes())?;
    Ok(Outcome::Clean)
}
