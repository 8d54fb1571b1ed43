//! The config file of `figures run`: what a scheduled job sets once. Read from
//! `--config FILE`, else from `figures.toml` in the current folder when there is one.
//! Every key is optional; a flag on the command line wins over the file, and the file
//! over the defaults. Relative paths in the file are relative to the file's folder.
//!
//! ```toml
//! inputs = ["/data/news/**/*.html", "/data/feeds"]
//! out = "/data/figures"
//! formats = ["csv", "parquet"]
//! base_currency = "EUR"
//! rates = "rates.csv"
//! max_doc_bytes = 8388608
//! fail_on_reject = false
//! log_format = "json"
//! ```

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// The name looked for in the current folder.
pub const DEFAULT_FILE: &str = "figures.toml";

/// The keys of the config file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Files, folders or glob patterns to read (default: `input/`).
    pub inputs: Option<Vec<String>>,
    /// The output folder (default: `output/`).
    pub out: Option<PathBuf>,
    /// The formats to write: `["csv", "parquet"]` or `"csv,parquet"` (default: both).
    pub formats: Option<OneOrMany>,
    /// The reporting currency (default: `USD`).
    pub base_currency: Option<String>,
    /// Exchange rates to use before the bundled ECB ones.
    pub rates: Option<PathBuf>,
    /// The publication date (`YYYY-MM-DD`) of documents that state none.
    pub published: Option<String>,
    /// Documents larger than this many bytes are rejected (default: 16 MiB).
    pub max_doc_bytes: Option<u64>,
    /// Worker threads (default: one per core).
    pub jobs: Option<usize>,
    /// Any reject fails the run and leaves the tables untouched (default: false).
    pub fail_on_reject: Option<bool>,
    /// `text` or `json` messages on standard error (default: `text`).
    pub log_format: Option<String>,
    /// Print nothing but errors (default: false).
    pub quiet: Option<bool>,
}

/// A list, or one comma-separated string.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `"csv,parquet"`.
    One(String),
    /// `["csv", "parquet"]`.
    Many(Vec<String>),
}

impl OneOrMany {
    /// As one comma-separated string.
    pub fn joined(&self) -> String {
        match self {
            OneOrMany::One(s) => s.clone(),
            OneOrMany::Many(v) => v.join(","),
        }
    }
}

impl RunConfig {
    /// Parses a config file's text; relative paths are made relative to `base`.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::config::RunConfig;
    /// use std::path::Path;
    /// let c = RunConfig::parse("out = \"tables\"\nformats = [\"csv\"]\n", Path::new("/etc/figures")).unwrap();
    /// assert_eq!(c.out.unwrap(), Path::new("/etc/figures/tables"));
    /// assert!(RunConfig::parse("outt = \"x\"", Path::new(".")).unwrap_err().to_string().contains("unknown field"));
    /// ```
    pub fn parse(text: &str, base: &Path) -> anyhow::Result<RunConfig> {
        let mut c: RunConfig = toml::from_str(text)?;
        let rel = |p: PathBuf| if p.is_relative() { base.join(p) } else { p };
        c.out = c.out.map(rel);
        c.rates = c.rates.map(rel);
        c.inputs = c.inputs.map(|v| {
            v.into_iter()
                .map(|s| {
                    if s == "-" || Path::new(&s).is_absolute() {
                        s
                    } else {
                        base.join(&s).to_string_lossy().into_owned()
                    }
                })
                .collect()
        });
        Ok(c)
    }

    /// Reads the config file: `explicit` when given (it must exist), else
    /// `figures.toml` in the current folder if there is one.
    pub fn find(explicit: Option<&Path>) -> anyhow::Result<Option<(PathBuf, RunConfig)>> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = PathBuf::from(DEFAULT_FILE);
                if !p.is_file() {
                    return Ok(None);
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let base = if base == Path::new(".") {
            PathBuf::new()
        } else {
            base
        };
        let config = RunConfig::parse(&text, &base)
            .with_context(|| format!("in the config file {}", path.display()))?;
        Ok(Some((path, config)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key() {
        let c = RunConfig::parse(
            r#"
            inputs = ["news/*.html", "/abs/feeds", "-"]
            out = "/var/figures"
            formats = "csv,parquet"
            base_currency = "EUR"
            rates = "rates.csv"
            published = "2024-07-09"
            max_doc_bytes = 1000
            jobs = 2
            fail_on_reject = true
            log_format = "json"
            quiet = true
            "#,
            Path::new("cfg"),
        )
        .unwrap();
        assert_eq!(c.inputs.unwrap(), ["cfg/news/*.html", "/abs/feeds", "-"]);
        assert_eq!(c.out.unwrap(), Path::new("/var/figures"));
        assert_eq!(c.formats.unwrap().joined(), "csv,parquet");
        assert_eq!(c.rates.unwrap(), Path::new("cfg/rates.csv"));
        assert_eq!(
            (c.max_doc_bytes, c.jobs, c.fail_on_reject),
            (Some(1000), Some(2), Some(true))
        );
        assert_eq!(
            RunConfig::parse("", Path::new(".")).unwrap(),
            RunConfig::default()
        );
        let err = RunConfig::parse("jobs = \"two\"", Path::new(".")).unwrap_err();
        assert!(err.to_string().contains("jobs"), "{err}");
    }
}
