//! Parquet, through polars: text as UTF-8, counts and offsets as int64, amounts and
//! rates as float64, dates as Parquet dates (pyarrow, pandas, polars and DuckDB read
//! them back as dates).

use std::io::Write;

use polars::prelude::*;

use crate::load::row::{decimal_f64, Cell, ColType, Table};

/// The rows as a polars data frame with the table's column types.
pub fn frame<T: Table>(rows: &[T]) -> anyhow::Result<DataFrame> {
    /// A column's values, gathered in one pass over the rows (a pass per column would
    /// read every row once per column).
    enum Values<'a> {
        Utf8(Vec<Option<&'a str>>),
        Int64(Vec<Option<i64>>),
        Float64(Vec<Option<f64>>),
        Date(Vec<Option<i32>>),
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let n = rows.len();
    let mut values: Vec<Values<'_>> = T::COLUMNS
        .iter()
        .map(|c| match c.ty {
            ColType::Utf8 => Values::Utf8(Vec::with_capacity(n)),
            ColType::Int64 => Values::Int64(Vec::with_capacity(n)),
            ColType::Float64 => Values::Float64(Vec::with_capacity(n)),
            ColType::Date => Values::Date(Vec::with_capacity(n)),
        })
        .collect();
    for r in rows {
        for (i, v) in values.iter_mut().enumerate() {
            let cell = r.cell(i);
            match v {
                Values::Utf8(v) => v.push(match cell {
                    Cell::Str(s) => Some(s),
                    _ => None,
                }),
                Values::Int64(v) => v.push(match cell {
                    Cell::Int(n) => Some(n),
                    _ => None,
                }),
                Values::Float64(v) => v.push(match cell {
                    Cell::Dec(d) => Some(decimal_f64(d)),
                    Cell::Float(f) => Some(f),
                    _ => None,
                }),
                Values::Date(v) => v.push(match cell {
                    Cell::Date(d) => i32::try_from((d - epoch).num_days()).ok(),
                    _ => None,
                }),
            }
        }
    }
    let mut columns = Vec::with_capacity(T::COLUMNS.len());
    for (c, v) in T::COLUMNS.iter().zip(values) {
        let name: PlSmallStr = c.name.into();
        let series = match v {
            Values::Utf8(v) => Series::new(name, v),
            Values::Int64(v) => Series::new(name, v),
            Values::Float64(v) => Series::new(name, v),
            Values::Date(v) => Series::new(name, v).cast(&DataType::Date)?,
        };
        columns.push(series.into_column());
    }
    Ok(DataFrame::new(n, columns)?)
}

/// Rows per row group: small enough to bound memory (a figure row with its sentence is
/// about a kilobyte), large enough for column statistics and compression to pay.
pub const ROW_GROUP_ROWS: usize = 16 * 1024;

/// A Parquet file written in row groups as rows arrive: memory holds one row group.
/// The row groups fall at fixed row counts, so the same rows give the same bytes
/// whatever the batching of the run that wrote them.
pub struct Sink<T: Table> {
    writer: BatchedWriter<Shared>,
    shared: Shared,
    buffer: Vec<T>,
}

/// The file, shared with the Parquet writer so that it can be taken back at the end.
#[derive(Clone)]
struct Shared(std::sync::Arc<std::sync::Mutex<Option<super::Hashed>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut g = self.0.lock().expect("not poisoned");
        g.as_mut().expect("open until finished").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let mut g = self.0.lock().expect("not poisoned");
        g.as_mut().expect("open until finished").flush()
    }
}

impl<T: Table> Sink<T> {
    /// Starts a Parquet file.
    pub(crate) fn new(file: super::Hashed) -> anyhow::Result<Sink<T>> {
        let shared = Shared(std::sync::Arc::new(std::sync::Mutex::new(Some(file))));
        let schema = frame::<T>(&[])?.schema().as_ref().clone();
        // zstd level 1: the default level 3 took a tenth of the writer thread for files
        // 3% smaller
        let level = polars_parquet::write::ZstdLevel::try_new(1)?;
        let writer = ParquetWriter::new(shared.clone())
            .with_compression(ParquetCompression::Zstd(Some(level)))
            .set_parallel(false)
            .batched(&schema)?;
        Ok(Sink {
            writer,
            shared,
            buffer: Vec::with_capacity(ROW_GROUP_ROWS),
        })
    }

    /// Adds a row; a full row group is written out.
    pub fn push(&mut self, row: T) -> anyhow::Result<()> {
        self.buffer.push(row);
        if self.buffer.len() >= ROW_GROUP_ROWS {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> anyhow::Result<()> {
        if !self.buffer.is_empty() {
            let df = frame(&self.buffer)?;
            self.writer.write_batch(&df)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Writes the last row group and the footer; gives the file back.
    pub(crate) fn finish(mut self) -> anyhow::Result<super::Hashed> {
        self.flush_group()?;
        self.writer.finish()?;
        let file = self.shared.0.lock().expect("not poisoned").take();
        file.ok_or_else(|| anyhow::anyhow!("the Parquet file was already taken"))
    }
}
