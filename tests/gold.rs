//! The bundled article, through the real binary: exactly the figures of the gold file,
//! every field it gives equal, and no other figure. The gold is a copy of
//! `shared/gold/` (a fresh clone has no `../shared`).

use serde_json::Value;

use crate::workdir::{csv_rows, get, Workdir};

const GOLD: &str = include_str!("data/gold/us-japan-ai-investments.figures.jsonl");
const GOLD_DOC: &str = include_str!("data/gold/us-japan-ai-investments.document.json");

/// A CSV cell as the JSON value the gold would hold for it.
fn as_json(cell: &str, gold: &Value) -> Value {
    if cell.is_empty() {
        return Value::Null;
    }
    match gold {
        Value::Number(_) => {
            let f: f64 = cell
                .parse()
                .unwrap_or_else(|_| panic!("{cell:?} is no number"));
            serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
        }
        _ => Value::String(cell.to_string()),
    }
}

fn same(gold: &Value, got: &Value) -> bool {
    match (gold, got) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => gold == got,
    }
}

#[test]
fn run_gives_exactly_the_gold_figures() {
    let wd = Workdir::new("gold");
    wd.with_seed();
    wd.run(&["run"]);
    let rows = csv_rows(&wd.read("output/figures.csv"));
    let gold: Vec<Value> = GOLD
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut problems = Vec::new();
    if rows.len() != gold.len() {
        problems.push(format!("{} figures instead of {}", rows.len(), gold.len()));
    }
    for (i, (g, row)) in gold.iter().zip(&rows).enumerate() {
        for (field, want) in g.as_object().unwrap() {
            let got = as_json(get(row, field), want);
            if !same(want, &got) {
                problems.push(format!(
                    "figure {} ({}): {field} is {got}, gold says {want}",
                    i + 1,
                    g["text"]
                ));
            }
        }
    }
    for row in rows.iter().skip(gold.len()) {
        problems.push(format!(
            "extra figure {:?} in {:?}",
            get(row, "text"),
            get(row, "sentence")
        ));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn extract_gives_the_gold_figures_as_json() {
    let wd = Workdir::new("gold-extract");
    wd.with_seed();
    let out = wd.run(&["extract", "input/us-japan-ai-investments.txt"]);
    let got: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let gold: Vec<Value> = GOLD
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), gold.len());
    for (g, o) in gold.iter().zip(&got) {
        for (field, want) in g.as_object().unwrap() {
            assert!(
                same(want, &o[field]),
                "{}: {field} is {}, gold says {want}",
                g["text"],
                o[field]
            );
        }
    }
}

#[test]
fn documents_table_has_title_date_and_its_source() {
    let wd = Workdir::new("gold-doc");
    wd.with_seed();
    wd.run(&["run", "--format", "csv"]);
    let gold: Value = serde_json::from_str(GOLD_DOC).unwrap();
    let rows = csv_rows(&wd.read("output/documents.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(get(&rows[0], "title"), gold["title"].as_str().unwrap());
    assert_eq!(
        get(&rows[0], "published"),
        gold["published"].as_str().unwrap()
    );
    assert_eq!(get(&rows[0], "published_source"), "text");
    assert_eq!(get(&rows[0], "status"), "ok");
    assert_eq!(get(&rows[0], "figures"), "11");
}

#[test]
fn reruns_give_byte_identical_tables() {
    let wd = Workdir::new("gold-rerun");
    wd.with_seed();
    wd.run(&["run"]);
    let first: Vec<Vec<u8>> = [
        "figures.csv",
        "documents.csv",
        "rejects.csv",
        "figures.parquet",
        "documents.parquet",
    ]
    .iter()
    .filter(|f| cfg!(feature = "parquet") || !f.ends_with(".parquet"))
    .map(|f| wd.read_bytes(&format!("output/{f}")))
    .collect();
    wd.run(&["run"]);
    let second: Vec<Vec<u8>> = [
        "figures.csv",
        "documents.csv",
        "rejects.csv",
        "figures.parquet",
        "documents.parquet",
    ]
    .iter()
    .filter(|f| cfg!(feature = "parquet") || !f.ends_with(".parquet"))
    .map(|f| wd.read_bytes(&format!("output/{f}")))
    .collect();
    assert!(first == second, "a rerun changed the tables");
}
