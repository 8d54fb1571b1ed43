//! Parquet, through polars: text as UTF-8, counts and offsets as int64, amounts and
//! rates as float64, dates as Parquet dates (pyarrow, pandas, polars and DuckDB read
//! them back as dates).

use std::io::Write;
use std::ops::Range;

use polars::prelude::*;

use crate::load::row::{decimal_f64, Cell, ColType, Table};

/// The rows as a polars data frame with the table's column types.
pub fn frame<T: Table>(rows: &[T]) -> anyhow::Result<DataFrame> {
    let mut columns = Columns::new::<T>();
    for r in rows {
        columns.push(r);
    }
    frame_of::<T>(&columns)
}

/// The most a text column reserves ahead of its texts, in bytes.
const MAX_RESERVE: usize = 1 << 20;

/// Rows of a table gathered by column, as Parquet takes them: text in one string per
/// column, amounts already converted to floats, dates to day numbers. When a worker
/// puts its document's rows into their columns while they are in its cache, the writer
/// thread copies whole columns, and never reads (or frees) the rows themselves.
#[derive(Debug, Default)]
pub struct Columns {
    rows: usize,
    /// The rows expected: a text column's first text reserves room for as many.
    hint: usize,
    values: Vec<Values>,
}

/// One column's values.
#[derive(Debug)]
enum Values {
    /// The texts one after the other, where each row's ends, and which rows have one.
    Utf8 {
        text: String,
        ends: Vec<usize>,
        valid: Vec<bool>,
    },
    Int64(Vec<Option<i64>>),
    Float64(Vec<Option<f64>>),
    Date(Vec<Option<i32>>),
}

impl Columns {
    /// No rows, in the columns of table `T`.
    pub fn new<T: Table>() -> Columns {
        Columns::with_capacity::<T>(0)
    }

    /// No rows, in the columns of table `T`, with room for `rows` rows (but their
    /// texts).
    pub fn with_capacity<T: Table>(rows: usize) -> Columns {
        let values = T::COLUMNS
            .iter()
            .map(|c| match c.ty {
                ColType::Utf8 => Values::Utf8 {
                    text: String::new(),
                    ends: Vec::with_capacity(rows),
                    valid: Vec::with_capacity(rows),
                },
                ColType::Int64 => Values::Int64(Vec::with_capacity(rows)),
                ColType::Float64 => Values::Float64(Vec::with_capacity(rows)),
                ColType::Date => Values::Date(Vec::with_capacity(rows)),
            })
            .collect();
        Columns {
            rows: 0,
            hint: rows,
            values,
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Adds a row (of the table the columns were made for).
    pub fn push<T: Table>(&mut self, row: &T) {
        let hint = self.hint;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
        for (i, v) in self.values.iter_mut().enumerate() {
            let cell = row.cell(i);
            match v {
                Values::Utf8 { text, ends, valid } => {
                    let s = match cell {
                        Cell::Str(s) => Some(s),
                        _ => None,
                    };
                    let s_text = s.unwrap_or("");
                    if text.capacity() == 0 {
                        // the texts of a column are of a size: the first one's, times
                        // the rows (within reason: a long first text in a row group's
                        // buffer must not reserve hundreds of megabytes)
                        text.reserve((s_text.len() * hint.max(1)).min(MAX_RESERVE));
                    }
                    text.push_str(s_text);
                    ends.push(text.len());
                    valid.push(s.is_some());
                }
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
        self.rows += 1;
    }

    /// Adds rows `range` of `other` (columns of the same table).
    fn extend_from(&mut self, other: &Columns, range: Range<usize>) {
        for (v, o) in self.values.iter_mut().zip(&other.values) {
            match (v, o) {
                (
                    Values::Utf8 { text, ends, valid },
                    Values::Utf8 {
                        text: o_text,
                        ends: o_ends,
                        valid: o_valid,
                    },
                ) => {
                    // the texts of the rows taken, and where each ends in this column
                    let (from, to) = (start_of(o_ends, range.start), start_of(o_ends, range.end));
                    let base = text.len();
                    text.push_str(&o_text[from..to]);
                    ends.extend(o_ends[range.clone()].iter().map(|&e| base + (e - from)));
                    valid.extend_from_slice(&o_valid[range.clone()]);
                }
                (Values::Int64(v), Values::Int64(o)) => v.extend_from_slice(&o[range.clone()]),
                (Values::Float64(v), Values::Float64(o)) => v.extend_from_slice(&o[range.clone()]),
                (Values::Date(v), Values::Date(o)) => v.extend_from_slice(&o[range.clone()]),
                _ => unreachable!("columns of the same table"),
            }
        }
        self.rows += range.len();
    }

    /// The bytes its allocations hold.
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.values
            .iter()
            .map(|v| match v {
                Values::Utf8 { text, ends, valid } => {
                    text.capacity() + 8 * ends.capacity() + valid.capacity()
                }
                Values::Int64(v) => 16 * v.capacity(),
                Values::Float64(v) => 16 * v.capacity(),
                Values::Date(v) => 8 * v.capacity(),
            })
            .sum()
    }

    /// Removes every row, keeping the allocations, for `rows` rows to come.
    pub(crate) fn clear_for(&mut self, rows: usize) {
        self.clear();
        self.hint = rows;
    }

    /// Removes every row, keeping the allocations.
    fn clear(&mut self) {
        for v in &mut self.values {
            match v {
                Values::Utf8 { text, ends, valid } => {
                    text.clear();
                    ends.clear();
                    valid.clear();
                }
                Values::Int64(v) => v.clear(),
                Values::Float64(v) => v.clear(),
                Values::Date(v) => v.clear(),
            }
        }
        self.rows = 0;
    }
}

/// Where row `k`'s text starts in a text column whose rows end at `ends`: where the
/// row before it ends (so `start_of(ends, ends.len())` is the end of the last row).
fn start_of(ends: &[usize], k: usize) -> usize {
    k.checked_sub(1).map_or(0, |p| ends[p])
}

/// The columns as a polars data frame with the table's column types.
fn frame_of<T: Table>(columns: &Columns) -> anyhow::Result<DataFrame> {
    let range = 0..columns.len();
    let mut out = Vec::with_capacity(T::COLUMNS.len());
    for (c, v) in T::COLUMNS.iter().zip(&columns.values) {
        let name: PlSmallStr = c.name.into();
        let series = match v {
            Values::Utf8 { text, ends, valid } => {
                let cells: Vec<Option<&str>> = range
                    .clone()
                    .map(|k| valid[k].then(|| &text[start_of(ends, k)..ends[k]]))
                    .collect();
                Series::new(name, cells)
            }
            Values::Int64(v) => Series::new(name, v),
            Values::Float64(v) => Series::new(name, v),
            Values::Date(v) => Series::new(name, v).cast(&DataType::Date)?,
        };
        out.push(series.into_column());
    }
    Ok(DataFrame::new(range.len(), out)?)
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
    /// The row group being filled.
    buffer: Columns,
    _rows: std::marker::PhantomData<T>,
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
            buffer: Columns::with_capacity::<T>(ROW_GROUP_ROWS),
            _rows: std::marker::PhantomData,
        })
    }

    /// Adds a row; a full row group is written out.
    pub fn push(&mut self, row: &T) -> anyhow::Result<()> {
        self.buffer.push(row);
        if self.buffer.len() >= ROW_GROUP_ROWS {
            self.flush_group()?;
        }
        Ok(())
    }

    /// Adds rows gathered in columns (of table `T`); each full row group is written
    /// out, so the groups fall where they would row by row.
    pub fn push_columns(&mut self, columns: &Columns) -> anyhow::Result<()> {
        let mut at = 0;
        while at < columns.len() {
            let take = (ROW_GROUP_ROWS - self.buffer.len()).min(columns.len() - at);
            self.buffer.extend_from(columns, at..at + take);
            at += take;
            if self.buffer.len() >= ROW_GROUP_ROWS {
                self.flush_group()?;
            }
        }
        Ok(())
    }

    fn flush_group(&mut self) -> anyhow::Result<()> {
        if !self.buffer.is_empty() {
            let df = frame_of::<T>(&self.buffer)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::row::FigureRow;
    use std::io::Read;

    /// Rows with texts, empty cells and numbers varying from row to row.
    fn rows(n: usize) -> Vec<FigureRow> {
        (0..n)
            .map(|k| FigureRow {
                doc_id: format!("doc-{}", k / 7),
                figure_id: format!("doc-{}#{}", k / 7, k % 7 + 1),
                kind: "money".into(),
                text: "é".repeat(k % 5),
                start: k as i64,
                value: (k % 3 != 0).then(|| rust_decimal::Decimal::new(k as i64 * 1001, 2)),
                actor: (k % 4 == 0).then(|| format!("Actor {k}")),
                period_start: chrono::NaiveDate::from_ymd_opt(2000 + (k % 30) as i32, 1, 1),
                sentence: format!("Sentence {k}, with a comma."),
                ..FigureRow::default()
            })
            .collect()
    }

    /// The bytes of a Parquet file written by `fill`.
    fn written(name: &str, fill: impl FnOnce(&mut Sink<FigureRow>)) -> Vec<u8> {
        let path = std::env::temp_dir().join(format!("figures-{}-{name}", std::process::id()));
        let file = super::super::Hashed {
            file: std::io::BufWriter::new(std::fs::File::create(&path).unwrap()),
            hash: sha2::Digest::new(),
            bytes: 0,
        };
        let mut sink = Sink::new(file).unwrap();
        fill(&mut sink);
        let mut file = sink.finish().unwrap();
        file.flush().unwrap();
        drop(file);
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        bytes
    }

    #[test]
    fn columns_in_batches_write_the_bytes_of_rows_one_by_one() {
        let rows = rows(2 * ROW_GROUP_ROWS + 123);
        let one_by_one = written("rows", |s| {
            for r in &rows {
                s.push(r).unwrap();
            }
        });
        // batches of uneven sizes, some across the row groups' bounds
        let batched = written("columns", |s| {
            let (mut at, mut k) = (0, 1usize);
            while at < rows.len() {
                let end = (at + k * 997 % 5000 + 1).min(rows.len());
                let mut columns = Columns::new::<FigureRow>();
                for r in &rows[at..end] {
                    columns.push(r);
                }
                s.push_columns(&columns).unwrap();
                (at, k) = (end, k + 1);
            }
        });
        assert!(one_by_one.len() > 1000);
        assert!(one_by_one == batched, "the same rows give the same bytes");
    }
}
