//! Load: writes the tables. It knows nothing about language.
//!
//! Every file is first written in full to a temporary file in the output folder, then
//! all are renamed into place, the manifest last. A run that fails or is killed before
//! the renames leaves the previous tables as they were; the temporary files of a killed
//! run are removed by the next one.

pub mod csv;
pub mod manifest;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod row;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use row::{DocumentRow, FigureRow, RejectRow};

/// Which formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// figures.csv and documents.csv.
    pub csv: bool,
    /// figures.parquet and documents.parquet.
    pub parquet: bool,
}

impl Formats {
    /// Parses a comma-separated list: `csv`, `parquet`, or both.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::load::Formats;
    /// assert_eq!(Formats::parse("csv").unwrap(), Formats { csv: true, parquet: false });
    /// assert!(Formats::parse("xlsx").is_err());
    /// ```
    pub fn parse(s: &str) -> anyhow::Result<Formats> {
        let mut f = Formats {
            csv: false,
            parquet: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "csv" => f.csv = true,
                "parquet" => f.parquet = true,
                other => {
                    anyhow::bail!("unknown format {other:?}: expected csv, parquet or csv,parquet")
                }
            }
        }
        anyhow::ensure!(
            f.csv || f.parquet,
            "no format given: expected csv, parquet or both"
        );
        if f.parquet && !cfg!(feature = "parquet") {
            anyhow::bail!("this build of figures has no Parquet support (built without the `parquet` feature)");
        }
        Ok(f)
    }
}

/// The tables of a run.
#[derive(Debug, Default)]
pub struct Tables {
    /// One row per figure.
    pub figures: Vec<FigureRow>,
    /// One row per input document.
    pub documents: Vec<DocumentRow>,
    /// One row per rejected input.
    pub rejects: Vec<RejectRow>,
}

/// The output folder.
#[derive(Debug, Clone)]
pub struct Output {
    dir: PathBuf,
    formats: Formats,
}

/// Files the output folder may hold, with the format each belongs to (None: always).
const FILES: &[(&str, Option<&str>)] = &[
    ("figures.csv", Some("csv")),
    ("documents.csv", Some("csv")),
    ("figures.parquet", Some("parquet")),
    ("documents.parquet", Some("parquet")),
    ("rejects.csv", None),
    ("manifest.json", None),
];

impl Output {
    /// An output folder; it is created when missing.
    pub fn new(dir: impl Into<PathBuf>, formats: Formats) -> Output {
        Output {
            dir: dir.into(),
            formats,
        }
    }

    /// The names of the files a run writes.
    pub fn file_names(&self) -> Vec<&'static str> {
        FILES
            .iter()
            .filter(|(_, f)| match f {
                Some("csv") => self.formats.csv,
                Some("parquet") => self.formats.parquet,
                _ => true,
            })
            .map(|(n, _)| *n)
            .collect()
    }

    /// Writes every table and the manifest, atomically per file; files of formats not
    /// asked for are removed, so the folder never holds tables of an older run beside
    /// newer ones.
    pub fn write(&self, tables: &Tables, manifest: &serde_json::Value) -> anyhow::Result<()> {
        fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create the output folder {}", self.dir.display()))?;
        remove_stale_temporaries(&self.dir);
        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
        let result = (|| -> anyhow::Result<()> {
            for name in self.file_names() {
                let tmp = self.stage(name, |w| match name {
                    "figures.csv" => csv::write(w, &tables.figures),
                    "documents.csv" => csv::write(w, &tables.documents),
                    "rejects.csv" => csv::write(w, &tables.rejects),
                    #[cfg(feature = "parquet")]
                    "figures.parquet" => parquet::write(w, &tables.figures),
                    #[cfg(feature = "parquet")]
                    "documents.parquet" => parquet::write(w, &tables.documents),
                    "manifest.json" => {
                        serde_json::to_writer_pretty(&mut *w, manifest)?;
                        w.write_all(b"\n")?;
                        Ok(())
                    }
                    other => anyhow::bail!("no writer for {other}"),
                })?;
                staged.push((tmp, self.dir.join(name)));
            }
            Ok(())
        })();
        if let Err(e) = result {
            for (tmp, _) in &staged {
                let _ = fs::remove_file(tmp);
            }
            return Err(e);
        }
        // all files are complete: move them into place, the manifest last
        for (tmp, dest) in &staged {
            fs::rename(tmp, dest)
                .with_context(|| format!("cannot move {} into place", dest.display()))?;
        }
        for (name, _) in FILES {
            if !self.file_names().contains(name) {
                let _ = fs::remove_file(self.dir.join(name));
            }
        }
        sync_dir(&self.dir);
        Ok(())
    }

    /// Writes one file to a temporary path beside its final name, flushed to disk.
    fn stage(
        &self,
        name: &str,
        write: impl FnOnce(&mut BufWriter<fs::File>) -> anyhow::Result<()>,
    ) -> anyhow::Result<PathBuf> {
        let tmp = self.dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file =
            fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut w = BufWriter::new(file);
        let done = write(&mut w).and_then(|()| {
            w.flush()?;
            w.get_ref().sync_all()?;
            Ok(())
        });
        if let Err(e) = done {
            let _ = fs::remove_file(&tmp);
            return Err(e.context(format!("cannot write {name}")));
        }
        Ok(tmp)
    }
}

/// Removes temporary files left by a run that was killed.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.contains(".tmp-") {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
