//! Parquet, through polars: text as UTF-8, counts and offsets as int64, amounts and
//! rates as float64, dates as Parquet dates (pyarrow, pandas, polars and DuckDB read
//! them back as dates).

use std::io::Write;

use polars::prelude::*;

use crate::load::row::{decimal_f64, Cell, ColType, Table};

/// The rows as a polars data frame with the table's column types.
pub fn frame<T: Table>(rows: &[T]) -> anyhow::Result<DataFrame> {
    let mut columns = Vec::with_capacity(T::COLUMNS.len());
    for (i, c) in T::COLUMNS.iter().enumerate() {
        let name: PlSmallStr = c.name.into();
        let series = match c.ty {
            ColType::Utf8 => {
                let v: Vec<Option<&str>> = rows
                    .iter()
                    .map(|r| match r.cell(i) {
                        Cell::Str(s) => Some(s),
                        _ => None,
                    })
                    .collect();
                Series::new(name, v)
            }
            ColType::Int64 => {
                let v: Vec<Option<i64>> = rows
                    .iter()
                    .map(|r| match r.cell(i) {
                        Cell::Int(n) => Some(n),
                        _ => None,
                    })
                    .collect();
                Series::new(name, v)
            }
            ColType::Float64 => {
                let v: Vec<Option<f64>> = rows
                    .iter()
                    .map(|r| match r.cell(i) {
                        Cell::Dec(d) => Some(decimal_f64(d)),
                        Cell::Float(f) => Some(f),
                        _ => None,
                    })
                    .collect();
                Series::new(name, v)
            }
            ColType::Date => {
                let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
                let v: Vec<Option<i32>> = rows
                    .iter()
                    .map(|r| match r.cell(i) {
                        Cell::Date(d) => i32::try_from((d - epoch).num_days()).ok(),
                        _ => None,
                    })
                    .collect();
                Series::new(name, v).cast(&DataType::Date)?
            }
        };
        columns.push(series.into_column());
    }
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// Writes rows as Parquet.
pub fn write<T: Table, W: Write>(out: W, rows: &[T]) -> anyhow::Result<()> {
    let mut df = frame(rows)?;
    ParquetWriter::new(out)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut df)?;
    Ok(())
}
