//! CSV: RFC 4180, UTF-8, comma, a header row, `\n` line ends. Numbers are written in
//! full (exact decimals digit for digit, floats in their shortest exact form, never in
//! exponent form); dates as ISO 8601; an empty cell is an unknown value.
//!
//! A text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) gets a leading apostrophe, as OWASP advises against
//! CSV injection: LibreOffice and Excel then show it as text.

use std::io::Write;

use crate::load::row::{float_text, Cell, ColType, Table};

/// Writes rows as CSV.
///
/// # Example
///
/// ```
/// use figures::load::{csv::write, row::RejectRow};
/// let rows = [RejectRow { path: "a.bin".into(), line: None, reason: "binary".into(), message: "=cmd".into() }];
/// let mut out = Vec::new();
/// write(&mut out, &rows).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "path,line,reason,message\na.bin,,binary,'=cmd\n");
/// ```
pub fn write<T: Table, W: Write>(out: W, rows: &[T]) -> anyhow::Result<()> {
    let mut w = writer(out);
    write_header::<T, _>(&mut w)?;
    let mut buf = String::new();
    for row in rows {
        write_row(&mut w, row, &mut buf)?;
    }
    w.flush()?;
    Ok(())
}

/// A CSV writer with the table conventions (`\n` line ends).
pub fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .buffer_capacity(64 * 1024)
        .from_writer(out)
}

/// Writes the header row of a table.
pub fn write_header<T: Table, W: Write>(w: &mut ::csv::Writer<W>) -> anyhow::Result<()> {
    w.write_record(T::COLUMNS.iter().map(|c| c.name))?;
    Ok(())
}

/// Writes one row. Text cells go out as they are (an apostrophe first when they would
/// run as a formula); numbers and dates are formatted into `buf`, which the caller
/// keeps from row to row.
pub fn write_row<T: Table, W: Write>(
    w: &mut ::csv::Writer<W>,
    row: &T,
    buf: &mut String,
) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    for (i, c) in T::COLUMNS.iter().enumerate() {
        match row.cell(i) {
            Cell::Null => w.write_field(b"")?,
            Cell::Str(s) if c.ty == ColType::Utf8 && needs_apostrophe(s) => {
                buf.clear();
                buf.push('\'');
                buf.push_str(s);
                w.write_field(&buf)?;
            }
            Cell::Str(s) => w.write_field(s)?,
            Cell::Int(n) => {
                buf.clear();
                let _ = write!(buf, "{n}");
                w.write_field(&buf)?;
            }
            Cell::Date(d) => {
                buf.clear();
                write_date(buf, d);
                w.write_field(&buf)?;
            }
            Cell::Dec(d) => {
                buf.clear();
                let _ = write!(buf, "{}", d.normalize());
                w.write_field(&buf)?;
            }
            other => w.write_field(cell_text(other, c.ty))?,
        }
    }
    w.write_record(None::<&[u8]>)?;
    Ok(())
}

/// A date as ISO 8601, without the generic formatter.
fn write_date(buf: &mut String, d: chrono::NaiveDate) {
    use chrono::Datelike;
    use std::fmt::Write as _;
    if (0..=9999).contains(&d.year()) {
        let _ = write!(buf, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    } else {
        let _ = write!(buf, "{}", d.format("%Y-%m-%d"));
    }
}

/// Whether a spreadsheet would run a text as a formula.
fn needs_apostrophe(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell as CSV text.
pub fn cell_text(cell: Cell<'_>, ty: ColType) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Str(s) if ty == ColType::Utf8 => neutralize(s),
        Cell::Str(s) => s.to_string(),
        Cell::Int(n) => n.to_string(),
        Cell::Dec(d) => d.normalize().to_string(),
        Cell::Float(f) => float_text(f),
        Cell::Date(d) => {
            let mut buf = String::with_capacity(10);
            write_date(&mut buf, d);
            buf
        }
    }
}

/// Prefixes a text that a spreadsheet would run as a formula with an apostrophe.
pub fn neutralize(s: &str) -> String {
    if needs_apostrophe(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::row::FigureRow;

    #[test]
    fn formulas_are_neutralized_numbers_are_not() {
        for (s, want) in [
            ("=1+2", "'=1+2"),
            ("+1", "'+1"),
            ("-x", "'-x"),
            ("@SUM", "'@SUM"),
            ("\tx", "'\tx"),
            ("ok", "ok"),
        ] {
            assert_eq!(neutralize(s), want);
        }
        let row = FigureRow {
            value: Some("-5".parse().unwrap()),
            text: "-$5 million".into(),
            ..FigureRow::default()
        };
        let mut out = Vec::new();
        write(&mut out, &[row]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert!(line.contains(",'-$5 million,"), "{line}");
        assert!(line.contains(",-5,"), "{line}");
    }

    #[test]
    fn quotes_and_newlines_follow_rfc_4180() {
        let row = FigureRow {
            sentence: "He said \"yes\",\nthen left".into(),
            ..FigureRow::default()
        };
        let mut out = Vec::new();
        write(&mut out, &[row]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with(",\"He said \"\"yes\"\",\nthen left\"\n"),
            "{text}"
        );
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let sentence = r
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "sentence")
            .unwrap();
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[sentence], "He said \"yes\",\nthen left");
    }
}
