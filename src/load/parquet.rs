//! Parquet, through polars' Parquet writer (polars-parquet): text as UTF-8, counts and
//! offsets as int64, amounts and rates as float64, dates as Parquet dates (pyarrow,
//! pandas, polars and DuckDB read them back as dates). The rows' columns go to it as
//! Arrow arrays made from their buffers (text as large UTF-8, which pyarrow reads as
//! `large_string`), not through a polars data frame, whose string views copied every
//! text once more: a run wrote its Parquet files in 3% less time. [`frame`] gives the
//! rows as a data frame, for programs that want one.

use std::ops::Range;

use polars::prelude::*;
use polars_arrow::array::{Array, PrimitiveArray, Utf8Array};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::{ArrowDataType, ArrowSchema, ArrowSchemaRef, Field as ArrowField};
use polars_arrow::offset::Offsets;
use polars_arrow::record_batch::RecordBatchT;
use polars_parquet::write::{
    array_to_columns, compress, fallible_streaming_iterator, get_dtype_encoding, row_group_iter,
    CompressedPage, CompressionOptions, DynIter, DynStreamingIterator, Encoding, FileWriter,
    StatisticsOptions, Version, WriteOptions, ZstdLevel,
};

use crate::load::row::{decimal_f64, Cell, ColType, Table};

/// The rows as a polars data frame with the table's column types, as the Parquet files
/// hold them.
///
/// # Example
///
/// ```
/// use figures::load::{parquet::frame, row::FigureRow};
/// let rows = vec![FigureRow { doc_id: "a.txt".into(), start: 7, ..FigureRow::default() }];
/// let df = frame(&rows).unwrap();
/// assert_eq!(df.height(), 1);
/// assert_eq!(df.column("start").unwrap().i64().unwrap().get(0), Some(7));
/// ```
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
/// whatever the batching of the run that wrote them. The columns go to polars-parquet
/// as Arrow arrays made from their buffers, without a data frame between.
pub struct Sink<T: Table> {
    writer: FileWriter<super::Hashed>,
    schema: ArrowSchemaRef,
    encodings: polars_buffer::Buffer<Vec<Encoding>>,
    options: WriteOptions,
    /// The row group being filled.
    buffer: Columns,
    /// Whether a full row group is encoded on every core (see [`Sink::cores_free`]).
    parallel: bool,
    _rows: std::marker::PhantomData<T>,
}

/// The Arrow type of a column of type `ty`.
fn arrow_type(ty: ColType) -> ArrowDataType {
    match ty {
        ColType::Utf8 => ArrowDataType::LargeUtf8,
        ColType::Int64 => ArrowDataType::Int64,
        ColType::Float64 => ArrowDataType::Float64,
        ColType::Date => ArrowDataType::Date32,
    }
}

/// The Arrow schema of table `T`: every column may be empty.
fn arrow_schema<T: Table>() -> ArrowSchema {
    T::COLUMNS
        .iter()
        .map(|c| ArrowField::new(c.name.into(), arrow_type(c.ty), true))
        .map(|f| (f.name.clone(), f))
        .collect()
}

/// Which rows of `valid` hold a value, as Arrow takes it: none when all do.
fn validity(valid: impl ExactSizeIterator<Item = bool> + Clone) -> Option<Bitmap> {
    valid.clone().any(|v| !v).then(|| Bitmap::from_iter(valid))
}

/// A column as an Arrow array.
fn array_of(ty: ColType, v: &Values) -> anyhow::Result<Box<dyn Array>> {
    Ok(match v {
        Values::Utf8 { text, ends, valid } => {
            let offsets: Vec<i64> = std::iter::once(0)
                .chain(ends.iter().map(|&e| e as i64))
                .collect();
            Box::new(Utf8Array::<i64>::try_new(
                arrow_type(ty),
                Offsets::try_from(offsets)?.into(),
                text.as_bytes().to_vec().into(),
                validity(valid.iter().copied()),
            )?)
        }
        Values::Int64(v) => Box::new(PrimitiveArray::<i64>::from(v.as_slice())),
        Values::Float64(v) => Box::new(PrimitiveArray::<f64>::from(v.as_slice())),
        Values::Date(v) => Box::new(PrimitiveArray::<i32>::from(v.as_slice()).to(arrow_type(ty))),
    })
}

impl<T: Table> Sink<T> {
    /// Starts a Parquet file.
    pub(crate) fn new(file: super::Hashed) -> anyhow::Result<Sink<T>> {
        let schema = arrow_schema::<T>();
        let encodings = schema
            .iter_values()
            .zip(T::COLUMNS)
            .map(|(f, c)| match c.distinct {
                true => vec![Encoding::Plain],
                false => get_dtype_encoding(&f.dtype),
            })
            .collect();
        // zstd level 1: the default level 3 took a tenth of the writer thread for files
        // 3% smaller
        let options = WriteOptions {
            statistics: StatisticsOptions::default(),
            compression: CompressionOptions::Zstd(Some(ZstdLevel::try_new(1)?)),
            version: Version::V1,
            data_page_size: None,
        };
        Ok(Sink {
            writer: FileWriter::try_new(file, schema.clone(), options)?,
            schema: std::sync::Arc::new(schema),
            encodings,
            options,
            buffer: Columns::with_capacity::<T>(ROW_GROUP_ROWS),
            parallel: false,
            _rows: std::marker::PhantomData,
        })
    }

    /// Adds a row; a full row group is written out.
    pub fn push(&mut self, row: &T) -> anyhow::Result<()> {
        self.buffer.push(row);
        if self.buffer.len() >= ROW_GROUP_ROWS {
            self.flush_group(self.parallel)?;
        }
        Ok(())
    }

    /// Says that the other threads are done (the workers of a run): the full row groups
    /// from now on are encoded on every core, as the last one is. The writer of a run
    /// lags behind its workers by a few chunks, and a row group it filled after they
    /// stopped was encoded by one core while the other waited (20 ms of one core after
    /// the last extraction, in a perf timeline of a 10 MB run).
    pub fn cores_free(&mut self) {
        self.parallel = true;
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
                self.flush_group(self.parallel)?;
            }
        }
        Ok(())
    }

    /// Writes the rows buffered as a row group. Its columns are encoded and compressed
    /// as polars' writer pulls them or, when `parallel`, all at once side by side (in
    /// rayon's pool) and then written in order: for the last group, built when the
    /// workers are done and the cores would wait for one thread. The same bytes either
    /// way; pulled, a group's compressed pages are not all held at once.
    fn flush_group(&mut self, parallel: bool) -> anyhow::Result<()> {
        use rayon::prelude::*;
        if self.buffer.is_empty() {
            return Ok(());
        }
        let rows = self.buffer.len();
        let fields = self.writer.parquet_schema().fields().to_vec();
        if parallel {
            let (options, encodings) = (self.options, &self.encodings);
            let columns = T::COLUMNS
                .par_iter()
                .zip(&self.buffer.values)
                .zip(fields)
                .enumerate()
                .map(|(i, ((c, v), field))| {
                    // a Parquet column per leaf of the array (one for these flat columns)
                    array_to_columns(&array_of(c.ty, v)?, field, options, &encodings[i])?
                        .into_iter()
                        .map(|leaf| {
                            leaf.map(|page| Ok(compress(page?, Vec::new(), options.compression)?))
                                .collect::<anyhow::Result<Vec<CompressedPage>>>()
                        })
                        .collect::<anyhow::Result<Vec<_>>>()
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let group = DynIter::new(columns.iter().flatten().map(|pages| {
                let pages = pages.iter().map(Ok::<_, PolarsError>);
                Ok(DynStreamingIterator::new(
                    fallible_streaming_iterator::convert(pages),
                ))
            }));
            self.writer.write(rows as u64, group)?;
        } else {
            let arrays = T::COLUMNS
                .iter()
                .zip(&self.buffer.values)
                .map(|(c, v)| array_of(c.ty, v))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let batch = RecordBatchT::try_new(rows, self.schema.clone(), arrays)?;
            let group = row_group_iter(batch, self.encodings.clone(), fields, self.options);
            self.writer.write(rows as u64, group)?;
        }
        self.buffer.clear();
        Ok(())
    }

    /// Writes the last row group and the footer; gives the file back.
    pub(crate) fn finish(mut self) -> anyhow::Result<super::Hashed> {
        self.flush_group(true)?;
        self.writer.end(None)?;
        Ok(self.writer.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::row::FigureRow;
    use std::io::{Read, Write};

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
        let file = super::super::Hashed::new(std::fs::File::create(&path).unwrap());
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

    #[test]
    fn row_groups_built_on_every_core_have_the_bytes_of_ones_built_in_order() {
        let rows = rows(3 * ROW_GROUP_ROWS + 77);
        // `free_at`: the row before which the sink hears the cores are free (never, at
        // `usize::MAX`); `finish` builds the group left over on every core unless it
        // was flushed in order first
        let write = |name: &str, free_at: usize, last_in_order: bool| {
            written(name, |s| {
                for (k, r) in rows.iter().enumerate() {
                    if k == free_at {
                        s.cores_free();
                    }
                    s.push(r).unwrap();
                }
                if last_in_order {
                    s.flush_group(false).unwrap();
                }
            })
        };
        let in_order = write("in-order", usize::MAX, true);
        let built = [
            // the last group alone on every core
            write("last", usize::MAX, false),
            // from the second row group on, then from the first
            write("second", ROW_GROUP_ROWS + 1, false),
            write("first", 0, false),
        ];
        assert!(in_order.len() > 1000);
        assert!(built.iter().all(|b| *b == in_order), "the same bytes");
    }
}
