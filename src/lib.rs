//! # figures
//!
//! Turns news articles into analysis-ready tables of the figures they state: who
//! invests, spends or allocates how much, in which currency, where, over which period.
//!
//! ## Brief overview
//!
//! One pass, three stages, each with one type flowing out of it:
//!
//! ```text
//! input files ──read──▶ Document ──extract──▶ Figure ──transform──▶ FigureRow ──load──▶ CSV / Parquet
//! ```
//!
//! - [`source`] reads inputs into [`document::Document`]s (id, title, publication date,
//!   text) and says what it could not read.
//! - [`extract`] finds the figures of a document as written: amounts with their currency,
//!   counts with what they count, percentages, ranks, each with its actor, action, place
//!   and time phrase ([`extract::Figure`]).
//! - [`transform`] resolves currencies and periods, converts to the base currency,
//!   annualizes, and merges a figure stated twice ([`load::row::FigureRow`]).
//! - [`load`] writes the tables, atomically.
//!
//! The rules read their words from the tables under `data/` ([`lexicon`]).
//!
//! ## Example
//!
//! ```
//! use figures::document::{Document, Given};
//! use figures::Pipeline;
//!
//! let text = "Published 9 July 2024\n\nOracle Japan will invest over US$8 billion over the next decade.";
//! let doc = Document::new("oracle.txt", text, &Given::default());
//! let rows = Pipeline::new("USD").unwrap().figures(&doc);
//! assert_eq!(rows.len(), 1);
//! let r = &rows[0];
//! assert_eq!(r.text, "over US$8 billion");
//! assert_eq!(r.value.unwrap().to_string(), "8000000000");
//! assert_eq!(r.qualifier, "lower_bound");
//! assert_eq!(r.actor.as_deref(), Some("Oracle Japan"));
//! assert_eq!(r.period_end.unwrap().to_string(), "2034-07-08");
//! ```

#![deny(missing_docs)]

pub mod alloc;
pub mod batch;
pub mod cli;
pub mod config;
pub mod document;
pub mod extract;
pub mod gen;
pub mod lexicon;
pub mod load;
mod pack;
pub mod source;
pub mod transform;

/// Extraction and transformation together: what happens to one document.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// The extractor.
    pub extractor: extract::Extractor,
    /// The transformer.
    pub normalizer: transform::Normalizer,
}

impl Pipeline {
    /// A pipeline that reports money in `base_currency`.
    pub fn new(base_currency: &str) -> anyhow::Result<Pipeline> {
        Pipeline::with_rates(base_currency, None)
    }

    /// A pipeline that converts with the user's rates too (`--rates FILE`).
    pub fn with_rates(
        base_currency: &str,
        rates: Option<transform::rates::RateTable>,
    ) -> anyhow::Result<Pipeline> {
        Ok(Pipeline {
            extractor: extract::Extractor::new(),
            normalizer: transform::Normalizer::with_rates(base_currency, rates)?,
        })
    }

    /// The figures table rows of one document.
    pub fn figures(&self, doc: &document::Document) -> Vec<load::row::FigureRow> {
        let mut figures = Vec::new();
        self.extractor.extract(doc, &mut figures);
        self.normalizer.normalize(doc, &figures)
    }
}
