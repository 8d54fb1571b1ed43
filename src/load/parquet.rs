//! Parquet, through polars' Parquet writer (polars-parquet): text as UTF-8, counts and
//! offsets as int64, amounts and rates as float64, dates as Parquet dates (pyarrow,
//! pandas, polars and DuckDB read them back as dates). The rows' columns go to it as
//! Arrow arrays made from their buffers (text as large UTF-8, which pyarrow reads as
//! `large_string`), not through a polars data frame, whose string views copied every
//! text once more: a run wrote its Parquet files in 3% less time. [`frame`] gives the
//! rows as a data frame, for programs that want one.

use std::ops::Range;

use polars::prelude::*;
use polars_arrow::array::{Array, DictionaryArray, PrimitiveArray, Utf8Array};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::{ArrowDataType, ArrowSchema, Field as ArrowField, IntegerType};
use polars_arrow::offset::Offsets;
use polars_parquet::write::{
    array_to_columns, compress, fallible_streaming_iterator, get_dtype_encoding, CompressedPage,
    CompressionOptions, DynIter, DynStreamingIterator, Encoding, FileWriter, ParquetType,
    StatisticsOptions, Version, WriteOptions, ZstdLevel,
};

use crate::load::row::{decimal_f64, Cell, ColType, Column, Table};

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

/// The most a row group's text column reserves ahead of its texts, from the size of the
/// first rows it takes (a document's): room a row group of long sentences fills, and
/// which, never written, is address space only.
const MAX_GROUP_RESERVE: usize = 16 << 20;

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
        let values = &mut self.values;
        row.each_cell(|i, cell| {
            match &mut values[i] {
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
        });
        self.rows += 1;
    }

    /// Adds rows `range` of `other` (columns of the same table).
    fn extend_from(&mut self, other: &Columns, range: Range<usize>) {
        let hint = self.hint;
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
                    if text.capacity() == 0 && !range.is_empty() {
                        // a row group's buffer, filled the first time: room for its
                        // rows' texts at the size of these ones, so that it does not
                        // double its way there (each doubling copied the texts into
                        // pages touched for the first time)
                        let per_row = (to - from).div_ceil(range.len());
                        text.reserve((per_row * hint.max(1)).min(MAX_GROUP_RESERVE));
                    }
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

/// A Parquet file written in row groups as rows arrive. The row groups fall at fixed
/// row counts, so the same rows give the same bytes whatever the batching of the run
/// that wrote them. A full group is encoded and compressed in the thread that fills the
/// sink or, when that thread is the one the others wait for ([`Sink::encode_on_pool`]),
/// on rayon's pool, its columns side by side, while the next group fills; then it is
/// written when the next is full or the file ends. The columns go to polars-parquet as
/// Arrow arrays made from their buffers, without a data frame between.
pub struct Sink<T: Table> {
    writer: FileWriter<super::Hashed>,
    encodings: polars_buffer::Buffer<Vec<Encoding>>,
    options: WriteOptions,
    /// The row group being filled.
    buffer: Columns,
    /// The full row group being encoded on the pool: its pages to come, and its buffer
    /// back to fill again.
    pending: Option<std::sync::mpsc::Receiver<Encoded>>,
    /// Whether full groups go to the pool.
    on_pool: bool,
    _rows: std::marker::PhantomData<T>,
}

/// A row group encoded on the pool.
struct Encoded {
    /// Each column's compressed pages, in the order of the columns.
    pages: anyhow::Result<Vec<Vec<CompressedPage>>>,
    /// Its rows (their count is the group's), to be cleared and filled again.
    buffer: Columns,
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

/// A column as an Arrow array, and whether it is written plain whatever its encodings
/// say: a text column that may be a dictionary comes as one ([`dictionary`]), or as its
/// texts, plain, when a dictionary would not pay.
fn array_of(c: &Column, v: &Values) -> anyhow::Result<(Box<dyn Array>, bool)> {
    Ok(match v {
        Values::Utf8 { text, ends, valid } => {
            if !c.distinct {
                if let Some(array) = dictionary(text, ends, valid)? {
                    return Ok((array, false));
                }
            }
            (Box::new(plain_text(text, ends, valid)?), true)
        }
        Values::Int64(v) => (Box::new(PrimitiveArray::<i64>::from(v.as_slice())), false),
        Values::Float64(v) => (Box::new(PrimitiveArray::<f64>::from(v.as_slice())), false),
        Values::Date(v) => {
            let array = PrimitiveArray::<i32>::from(v.as_slice()).to(arrow_type(c.ty));
            (Box::new(array), false)
        }
    })
}

/// A text column's texts as Arrow takes them, one after the other.
fn plain_text(text: &str, ends: &[usize], valid: &[bool]) -> anyhow::Result<Utf8Array<i64>> {
    let offsets: Vec<i64> = std::iter::once(0)
        .chain(ends.iter().map(|&e| e as i64))
        .collect();
    Ok(Utf8Array::<i64>::try_new(
        ArrowDataType::LargeUtf8,
        Offsets::try_from(offsets)?.into(),
        text.as_bytes().to_vec().into(),
        validity(valid.iter().copied()),
    )?)
}

/// A text column as a dictionary: its distinct texts in the order they first come, and
/// each row's key. It is what polars-parquet makes of a text column to be written as a
/// dictionary, with the same bytes in the file, but without its two passes that hash
/// every row (an estimate of how many texts are distinct, then a cast): they took 3% of
/// a run's CPU. Rows that repeat the row before (a document's rows) are not hashed
/// again. `None` when more than three quarters of more than 128 rows are distinct
/// (polars' rule, here on the exact count): a dictionary would not pay.
fn dictionary(
    text: &str,
    ends: &[usize],
    valid: &[bool],
) -> anyhow::Result<Option<Box<dyn Array>>> {
    let rows = ends.len();
    let most = if rows > 128 { rows * 3 / 4 } else { rows };
    let mut index: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut values = String::new();
    let mut offsets: Vec<i64> = vec![0];
    let mut keys: Vec<u32> = Vec::with_capacity(rows);
    let mut last: Option<(&str, u32)> = None;
    for (k, &end) in ends.iter().enumerate() {
        if !valid[k] {
            keys.push(0);
            continue;
        }
        let s = &text[start_of(ends, k)..end];
        let key = match last {
            Some((l, key)) if l == s => key,
            _ => {
                let next = u32::try_from(index.len())?;
                *index.entry(s).or_insert_with(|| {
                    values.push_str(s);
                    offsets.push(values.len() as i64);
                    next
                })
            }
        };
        if index.len() > most {
            return Ok(None);
        }
        last = Some((s, key));
        keys.push(key);
    }
    let values = Utf8Array::<i64>::try_new(
        ArrowDataType::LargeUtf8,
        Offsets::try_from(offsets)?.into(),
        values.into_bytes().into(),
        None,
    )?;
    let keys = PrimitiveArray::<u32>::from_vec(keys).with_validity(validity(valid.iter().copied()));
    let dtype = ArrowDataType::Dictionary(
        IntegerType::UInt32,
        Box::new(ArrowDataType::LargeUtf8),
        false,
    );
    Ok(Some(Box::new(DictionaryArray::<u32>::try_new(
        dtype,
        keys,
        Box::new(values),
    )?)))
}

/// How the Parquet files are written: zstd level 1 (the default level 3 took a tenth of
/// the writer thread for files 3% smaller), column statistics, format version 1.
fn write_options() -> anyhow::Result<WriteOptions> {
    Ok(WriteOptions {
        statistics: StatisticsOptions::default(),
        compression: CompressionOptions::Zstd(Some(ZstdLevel::try_new(1)?)),
        version: Version::V1,
        data_page_size: None,
    })
}

/// The encodings of table `T`'s columns: those whose values seldom repeat as they are,
/// the others as polars chooses (a dictionary where it pays).
fn encodings<T: Table>(schema: &ArrowSchema) -> polars_buffer::Buffer<Vec<Encoding>> {
    schema
        .iter_values()
        .zip(T::COLUMNS)
        .map(|(f, c)| match c.distinct {
            true => vec![Encoding::Plain],
            false => get_dtype_encoding(&f.dtype),
        })
        .collect()
}

/// Encodes and compresses a row group's columns: side by side on rayon's pool, or one
/// after the other in this thread. The same pages either way.
fn encode(
    columns: &'static [Column],
    buffer: &Columns,
    fields: Vec<ParquetType>,
    options: WriteOptions,
    encodings: &[Vec<Encoding>],
    on_pool: bool,
) -> anyhow::Result<Vec<Vec<CompressedPage>>> {
    use rayon::prelude::*;
    let column = |(i, ((c, v), field)): (usize, ((&Column, &Values), ParquetType))| {
        // a Parquet column per leaf of the array (one for these flat columns)
        let (array, plain) = array_of(c, v)?;
        let encoding = if plain {
            &[Encoding::Plain][..]
        } else {
            &encodings[i]
        };
        array_to_columns(&array, field, options, encoding)?
            .into_iter()
            .map(|leaf| {
                leaf.map(|page| Ok(compress(page?, Vec::new(), options.compression)?))
                    .collect::<anyhow::Result<Vec<CompressedPage>>>()
            })
            .collect::<anyhow::Result<Vec<_>>>()
    };
    let leaves: Vec<Vec<Vec<CompressedPage>>> = if on_pool {
        let all = columns.par_iter().zip(&buffer.values).zip(fields);
        all.enumerate().map(column).collect::<anyhow::Result<_>>()?
    } else {
        let all = columns.iter().zip(&buffer.values).zip(fields);
        all.enumerate().map(column).collect::<anyhow::Result<_>>()?
    };
    Ok(leaves.into_iter().flatten().collect())
}

impl<T: Table> Sink<T> {
    /// Starts a Parquet file.
    pub(crate) fn new(file: super::Hashed) -> anyhow::Result<Sink<T>> {
        let schema = arrow_schema::<T>();
        let options = write_options()?;
        Ok(Sink {
            encodings: encodings::<T>(&schema),
            writer: FileWriter::try_new(file, schema, options)?,
            options,
            buffer: Columns::with_capacity::<T>(ROW_GROUP_ROWS),
            pending: None,
            on_pool: false,
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

    /// Says whether the full row groups from now on go to rayon's pool: when the thread
    /// that fills the sink is the one the others wait for (a run whose documents come
    /// from the cache, or whose workers are done). Otherwise the pool would only take
    /// the cores from the workers: cold runs took 3% more time with every group on it.
    pub fn encode_on_pool(&mut self, on_pool: bool) {
        self.on_pool = on_pool;
    }

    /// Encodes the rows buffered as a row group, in this thread or on the pool (see
    /// [`Sink::encode_on_pool`]), once the group before is in the file.
    fn flush_group(&mut self) -> anyhow::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let spare = self.write_pending()?;
        let fields = self.writer.parquet_schema().fields().to_vec();
        let (options, encodings) = (self.options, self.encodings.clone());
        if !self.on_pool {
            let pages = encode(T::COLUMNS, &self.buffer, fields, options, &encodings, false)?;
            self.write_group(self.buffer.len(), &pages)?;
            self.buffer.clear();
            return Ok(());
        }
        let spare = spare.unwrap_or_else(|| Columns::with_capacity::<T>(ROW_GROUP_ROWS));
        let buffer = std::mem::replace(&mut self.buffer, spare);
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        rayon::spawn(move || {
            // a panic here would abort the process: it ends the run with an error instead
            let pages = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                encode(T::COLUMNS, &buffer, fields, options, &encodings, true)
            }))
            .unwrap_or_else(|_| Err(anyhow::anyhow!("encoding a Parquet row group failed")));
            // the sink is gone when its run failed
            let _ = tx.send(Encoded { pages, buffer });
        });
        self.pending = Some(rx);
        Ok(())
    }

    /// Writes a row group's pages, column after column.
    fn write_group(&mut self, rows: usize, pages: &[Vec<CompressedPage>]) -> anyhow::Result<()> {
        let group = DynIter::new(pages.iter().map(|pages| {
            let pages = pages.iter().map(Ok::<_, PolarsError>);
            Ok(DynStreamingIterator::new(
                fallible_streaming_iterator::convert(pages),
            ))
        }));
        self.writer.write(rows as u64, group)?;
        Ok(())
    }

    /// Writes the row group being encoded, if any, once it is; gives back its buffer,
    /// emptied.
    fn write_pending(&mut self) -> anyhow::Result<Option<Columns>> {
        let Some(rx) = self.pending.take() else {
            return Ok(None);
        };
        let Encoded { pages, mut buffer } = rx
            .recv()
            .map_err(|_| anyhow::anyhow!("a Parquet row group could not be encoded"))?;
        self.write_group(buffer.len(), &pages?)?;
        buffer.clear();
        Ok(Some(buffer))
    }

    /// Writes the last row groups and the footer; gives the file back. The last group
    /// is encoded on the pool: nothing else is left to run.
    pub(crate) fn finish(mut self) -> anyhow::Result<super::Hashed> {
        self.on_pool = true;
        self.flush_group()?;
        self.write_pending()?;
        self.writer.end(None)?;
        Ok(self.writer.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::row::FigureRow;
    use std::io::{Read, Write};

    /// The capacity of the text of each text column.
    fn text_capacities(c: &Columns) -> Vec<usize> {
        c.values
            .iter()
            .filter_map(|v| match v {
                Values::Utf8 { text, .. } => Some(text.capacity()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_row_groups_texts_are_reserved_from_its_first_rows() {
        let first = rows(10);
        let mut doc = Columns::with_capacity::<FigureRow>(first.len());
        first.iter().for_each(|r| doc.push(r));
        let mut group = Columns::with_capacity::<FigureRow>(ROW_GROUP_ROWS);
        group.extend_from(&doc, 0..doc.len());
        let sentence = FigureRow::COLUMNS
            .iter()
            .filter(|c| c.ty == ColType::Utf8)
            .position(|c| c.name == "sentence")
            .unwrap();
        // the sentences of ten rows, "Sentence 0, with a comma." and on: 25-26 bytes
        let reserved = text_capacities(&group)[sentence];
        assert!(reserved >= 25 * ROW_GROUP_ROWS, "{reserved}");
        // and no more than the bound, however long the first rows' texts
        let mut long = rows(1);
        long[0].sentence = "x".repeat(10_000);
        let mut doc = Columns::with_capacity::<FigureRow>(1);
        doc.push(&long[0]);
        let mut group = Columns::with_capacity::<FigureRow>(ROW_GROUP_ROWS);
        group.extend_from(&doc, 0..1);
        assert!(text_capacities(&group)
            .iter()
            .all(|&c| c <= MAX_GROUP_RESERVE.max(10_000)));
    }

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
                // mostly distinct: not worth a dictionary
                unit: (k % 8 != 0).then(|| format!("unit {k}")),
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

    /// The bytes of `rows` written the plain way: each row group's arrays handed to
    /// polars' own row-group iterator, which encodes the columns one after the other in
    /// this thread as the file pulls them, and which makes its own dictionaries of the
    /// text columns where they pay.
    fn written_in_order(rows: &[FigureRow]) -> Vec<u8> {
        use polars_arrow::record_batch::RecordBatchT;
        use polars_parquet::write::row_group_iter;
        let schema = arrow_schema::<FigureRow>();
        let (options, encodings) = (write_options().unwrap(), encodings::<FigureRow>(&schema));
        let mut out = Vec::new();
        let mut writer = FileWriter::try_new(&mut out, schema.clone(), options).unwrap();
        let schema = std::sync::Arc::new(schema);
        for group in rows.chunks(ROW_GROUP_ROWS) {
            let mut columns = Columns::new::<FigureRow>();
            for r in group {
                columns.push(r);
            }
            let arrays = FigureRow::COLUMNS
                .iter()
                .zip(&columns.values)
                .map(|(c, v)| match v {
                    Values::Utf8 { text, ends, valid } => {
                        Box::new(plain_text(text, ends, valid).unwrap()) as Box<dyn Array>
                    }
                    _ => array_of(c, v).unwrap().0,
                })
                .collect();
            let batch = RecordBatchT::try_new(group.len(), schema.clone(), arrays).unwrap();
            let fields = writer.parquet_schema().fields().to_vec();
            let group_iter = row_group_iter(batch, encodings.clone(), fields, options);
            writer.write(group.len() as u64, group_iter).unwrap();
        }
        writer.end(None).unwrap();
        drop(writer);
        out
    }

    /// A text column's dictionary, or `None` when it would not pay: its texts, in the
    /// order they first come, and each row's key (`None` for a row without text).
    fn dictionary_of(cells: &[Option<&str>]) -> Option<(Vec<String>, Vec<Option<u32>>)> {
        let mut text = String::new();
        let (mut ends, mut valid) = (Vec::new(), Vec::new());
        for c in cells {
            text.push_str(c.unwrap_or(""));
            ends.push(text.len());
            valid.push(c.is_some());
        }
        let array = dictionary(&text, &ends, &valid).unwrap()?;
        let array = array
            .as_any()
            .downcast_ref::<DictionaryArray<u32>>()
            .unwrap();
        let values = array
            .values()
            .as_any()
            .downcast_ref::<Utf8Array<i64>>()
            .unwrap();
        let texts = values.values_iter().map(str::to_owned).collect();
        Some((texts, array.keys().iter().map(|k| k.copied()).collect()))
    }

    #[test]
    fn dictionaries_keep_first_comers_order_and_pay_or_are_left_out() {
        let (texts, keys) =
            dictionary_of(&[Some("b"), Some("a"), None, Some("b"), Some("b")]).unwrap();
        assert_eq!(texts, ["b", "a"]);
        assert_eq!(keys, [Some(0), Some(1), None, Some(0), Some(0)]);
        // a column without any text: an empty dictionary, every key null
        let (texts, keys) = dictionary_of(&[None, None]).unwrap();
        assert!(texts.is_empty() && keys == [None, None]);
        // up to 128 rows, a dictionary whatever the count of texts (polars' rule)
        let distinct: Vec<String> = (0..200).map(|k| format!("t{k}")).collect();
        let cells = |n: usize| {
            distinct[..n]
                .iter()
                .map(|t| Some(t.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(dictionary_of(&cells(128)).unwrap().0.len(), 128);
        // past 128 rows, more than three quarters distinct is left plain
        assert!(dictionary_of(&cells(129)).is_none());
        let of_200 = |n: usize| {
            let mut c = cells(n - 1);
            c.resize(200, Some("same"));
            c
        };
        assert_eq!(
            dictionary_of(&of_200(150)).unwrap().0.len(),
            150,
            "three quarters"
        );
        assert!(
            dictionary_of(&of_200(151)).is_none(),
            "more than three quarters"
        );
    }

    #[test]
    fn row_groups_encoded_on_the_pool_have_the_bytes_of_ones_encoded_in_order() {
        // three full groups and a part; `on_pool(k)`: whether the group that row `k`
        // fills goes to the pool (encoded while the next fills) or is encoded in this
        // thread; the last group always goes to the pool
        let rows = rows(3 * ROW_GROUP_ROWS + 77);
        let write = |name: &str, on_pool: fn(usize) -> bool| {
            written(name, |s| {
                for (k, r) in rows.iter().enumerate() {
                    s.encode_on_pool(on_pool(k));
                    s.push(r).unwrap();
                }
            })
        };
        let in_order = written_in_order(&rows);
        let built = [
            write("here", |_| false),
            write("pool", |_| true),
            // from one mode to the other and back, a group on the pool pending when
            // the next is encoded here
            write("mixed", |k| k / ROW_GROUP_ROWS % 2 == 0),
        ];
        assert!(in_order.len() > 1000);
        assert!(built.iter().all(|b| *b == in_order), "the same bytes");
    }
}
