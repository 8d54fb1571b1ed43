//! Parquet: read back with polars, the column types are right and the rows are those of
//! the CSV.

use std::fs::File;

use polars::prelude::*;

use crate::workdir::{csv_rows, get, Workdir};

#[test]
fn parquet_types_and_rows_match_the_csv() {
    let wd = Workdir::new("parquet");
    wd.with_seed();
    wd.create(
        "input/more.txt",
        "Published 3 March 2025\n\nToyota will invest between $1 billion and $2 billion in Japan.\n",
    );
    wd.run(&["run"]);
    let df = ParquetReader::new(File::open(wd.path("output/figures.parquet")).unwrap())
        .finish()
        .unwrap();
    let csv = csv_rows(&wd.read("output/figures.csv"));
    assert_eq!(df.height(), csv.len());
    let schema = df.schema();
    for (name, want) in [
        ("doc_id", DataType::String),
        ("start", DataType::Int64),
        ("end", DataType::Int64),
        ("value", DataType::Float64),
        ("value_min", DataType::Float64),
        ("base_value", DataType::Float64),
        ("annual_base_value", DataType::Float64),
        ("period_start", DataType::Date),
        ("period_end", DataType::Date),
        ("published", DataType::Date),
        ("fx_date", DataType::Date),
        ("mentions", DataType::Int64),
    ] {
        assert_eq!(schema.get(name), Some(&want), "{name}");
    }
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let header: Vec<String> = csv[0].iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(names, header);

    // the same values, row by row
    let text = df.column("text").unwrap().str().unwrap().clone();
    let value = df.column("value").unwrap().f64().unwrap().clone();
    let vmin = df.column("value_min").unwrap().f64().unwrap().clone();
    let start = df
        .column("period_start")
        .unwrap()
        .cast(&DataType::String)
        .unwrap();
    let start = start.str().unwrap().clone();
    for (i, row) in csv.iter().enumerate() {
        assert_eq!(text.get(i), Some(get(row, "text")));
        let v = get(row, "value");
        assert_eq!(
            value.get(i),
            if v.is_empty() {
                None
            } else {
                Some(v.parse().unwrap())
            }
        );
        let m = get(row, "value_min");
        assert_eq!(
            vmin.get(i),
            if m.is_empty() {
                None
            } else {
                Some(m.parse().unwrap())
            }
        );
        let s = get(row, "period_start");
        assert_eq!(start.get(i), if s.is_empty() { None } else { Some(s) });
    }
    // exact: $15.24 billion is 15240000000, not 15239999999.999998
    assert!((0..value.len()).any(|i| value.get(i) == Some(15_240_000_000.0)));

    let docs = ParquetReader::new(File::open(wd.path("output/documents.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(docs.height(), 2);
    assert_eq!(docs.schema().get("published"), Some(&DataType::Date));
}

#[test]
fn parquet_without_rows_reads_back_with_its_columns() {
    let wd = Workdir::new("parquet-empty");
    wd.create("input/none.txt", "Nothing here is a figure.\n");
    wd.run(&["run"]);
    let df = ParquetReader::new(File::open(wd.path("output/figures.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(df.height(), 0);
    let csv = wd.read("output/figures.csv");
    assert!(
        csv_rows(&csv).is_empty(),
        "no figure rows in the CSV either"
    );
    // the CSV's columns, in its header
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, header);
    assert_eq!(df.schema().get("doc_id"), Some(&DataType::String));
    assert_eq!(df.schema().get("period_start"), Some(&DataType::Date));
    assert_eq!(df.schema().get("value"), Some(&DataType::Float64));
}
