//! CSV: RFC 4180, UTF-8, comma, a header row, `\n` line ends. Numbers are written in
//! full (exact decimals digit for digit, floats in their shortest exact form, never in
//! exponent form); dates as ISO 8601; an empty cell is an unknown value.
//!
//! A text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) gets a leading apostrophe, as OWASP advises against
//! CSV injection: LibreOffice and Excel then show it as text.

use std::io::Write;

use crate::load::row::{Cell, ColType, Table};

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
    let mut w = Writer::new(out);
    w.header::<T>()?;
    for row in rows {
        w.row(row)?;
    }
    w.into_inner()?;
    Ok(())
}

/// A CSV writer with the table conventions. It formats each row straight into its own
/// buffer (no per-field scan but the one for the characters that need quotes) and
/// hands the inner writer blocks of about 64 KB.
pub struct Writer<W: Write> {
    out: W,
    buf: Vec<u8>,
}

/// The size of the blocks handed to the inner writer.
const BLOCK: usize = 64 * 1024;

impl<W: Write> Writer<W> {
    /// A writer into `out`.
    pub fn new(out: W) -> Writer<W> {
        Writer {
            out,
            buf: Vec::with_capacity(BLOCK + 4096),
        }
    }

    /// Writes the header row of a table.
    pub fn header<T: Table>(&mut self) -> std::io::Result<()> {
        for (i, c) in T::COLUMNS.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            push_text(&mut self.buf, b"", c.name.as_bytes());
        }
        self.end_row()
    }

    /// Writes one row. Text cells go out as they are (an apostrophe first when they
    /// would run as a formula), quoted when they hold a comma, a quote or a line break.
    pub fn row<T: Table>(&mut self, row: &T) -> std::io::Result<()> {
        push_row(&mut self.buf, row);
        self.end_block()
    }

    /// Writes rows formatted beforehand by [`push_row`] (in the thread that made them,
    /// while they are in its cache).
    pub fn formatted(&mut self, rows: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(rows);
        self.end_block()
    }

    fn end_row(&mut self) -> std::io::Result<()> {
        self.buf.push(b'\n');
        self.end_block()
    }

    fn end_block(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= BLOCK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and gives the inner writer back, flushed.
    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Appends one row and its line end, as [`Writer::row`] writes it.
pub fn push_row<T: Table>(out: &mut Vec<u8>, row: &T) {
    row.each_cell(|i, cell| {
        if i > 0 {
            out.push(b',');
        }
        push_cell(out, cell, T::COLUMNS[i].ty);
    });
    out.push(b'\n');
}

/// Appends one cell.
fn push_cell(out: &mut Vec<u8>, cell: Cell<'_>, ty: ColType) {
    match cell {
        Cell::Str(s) => {
            let apostrophe = ty == ColType::Utf8 && needs_apostrophe(s);
            push_text(out, if apostrophe { b"'" } else { b"" }, s.as_bytes());
        }
        other => push_plain(out, other),
    }
}

/// Appends a cell that needs no quotes: a number, a date, or nothing.
fn push_plain(out: &mut Vec<u8>, cell: Cell<'_>) {
    match cell {
        Cell::Null => {}
        Cell::Str(s) => out.extend_from_slice(s.as_bytes()),
        Cell::Int(n) => {
            if n < 0 {
                out.push(b'-');
            }
            out.extend_from_slice(u64_text(n.unsigned_abs(), &mut [0; 20]).as_bytes());
        }
        Cell::Dec(d) => push_decimal(out, d),
        // as `float_text` writes it, without a string per cell
        Cell::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Cell::Date(d) => push_date(out, d),
    }
}

/// Appends a text field after `prefix`, quoted (RFC 4180: quotes doubled) when it
/// holds a comma, a quote, or a line break.
fn push_text(out: &mut Vec<u8>, prefix: &[u8], s: &[u8]) {
    // most cells are short: eight bytes at a time beat the set-up of a vector search
    let quote = if s.len() < 32 {
        has_special(s)
    } else {
        memchr::memchr3(b',', b'"', b'\n', s).is_some() || memchr::memchr(b'\r', s).is_some()
    };
    if !quote {
        out.extend_from_slice(prefix);
        out.extend_from_slice(s);
        return;
    }
    out.push(b'"');
    out.extend_from_slice(prefix);
    let mut rest = s;
    while let Some(k) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=k]);
        out.push(b'"');
        rest = &rest[k + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Whether `s` holds a byte that makes a field quoted: a comma, a quote, a line feed or
/// a carriage return. Eight bytes at a time (SWAR): a byte equal to one of them is a
/// zero byte of the word XORed with it, and a word has a zero byte when subtracting
/// one from each byte borrows into a high bit that was clear (exact for whether there
/// is one); the last bytes are read padded with zeros, which are none of them.
fn has_special(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let any = |w: u64| {
        let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        zero(w ^ (ONES * u64::from(b',')))
            | zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\n')))
            | zero(w ^ (ONES * u64::from(b'\r')))
            != 0
    };
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        if any(u64::from_le_bytes(c.try_into().expect("8 bytes"))) {
            return true;
        }
    }
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    any(u64::from_le_bytes(last))
}

/// A decimal in full, without trailing zeros: the digits of its mantissa with the point
/// set by its scale, as `Display` of the normalized decimal writes it, without the
/// generic formatter.
pub(crate) fn push_decimal(out: &mut Vec<u8>, d: rust_decimal::Decimal) {
    let d = d.normalize();
    let scale = d.scale() as usize;
    let m = d.mantissa();
    if m < 0 {
        out.push(b'-');
    }
    // a mantissa has at most 29 digits (96 bits)
    let mut digits = [0u8; 40];
    let mut k = digits.len();
    let mut n = m.unsigned_abs();
    // most mantissas fit 64 bits, whose division by ten is a multiplication (128-bit
    // division is a call)
    while n > u128::from(u64::MAX) {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let k = digits_before(n as u64, &mut digits, k);
    let digits = &digits[k..];
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + scale - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
}

/// Writes the decimal digits of `n` into `digits`, ending just before index `end`;
/// returns the index of the first.
fn digits_before(mut n: u64, digits: &mut [u8], end: usize) -> usize {
    let mut k = end;
    // two digits a division
    while n >= 100 {
        let r = 2 * (n % 100) as usize;
        n /= 100;
        k -= 2;
        digits[k..k + 2].copy_from_slice(&DIGIT_PAIRS[r..r + 2]);
    }
    if n >= 10 {
        let r = 2 * n as usize;
        k -= 2;
        digits[k..k + 2].copy_from_slice(&DIGIT_PAIRS[r..r + 2]);
    } else {
        k -= 1;
        digits[k] = b'0' + n as u8;
    }
    k
}

/// "000102...99": the two digits of each number below a hundred.
const DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        pairs[2 * i] = b'0' + (i / 10) as u8;
        pairs[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    pairs
};

/// The decimal digits of `n`, written into `buf` without the generic formatter.
fn u64_text(n: u64, buf: &mut [u8; 20]) -> &str {
    let k = digits_before(n, buf, 20);
    std::str::from_utf8(&buf[k..]).expect("ASCII digits")
}

/// Appends the decimal digits of `n`.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    out.push_str(u64_text(n, &mut [0; 20]));
}

/// A date as ISO 8601, without the generic formatter.
fn push_date(out: &mut Vec<u8>, d: chrono::NaiveDate) {
    use chrono::Datelike;
    use std::io::Write as _;
    let y = d.year();
    if (0..=9999).contains(&y) {
        let (y, m, d) = (y as u32, d.month(), d.day());
        out.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (m / 10) as u8,
            b'0' + (m % 10) as u8,
            b'-',
            b'0' + (d / 10) as u8,
            b'0' + (d % 10) as u8,
        ]);
    } else {
        let _ = write!(out, "{}", d.format("%Y-%m-%d"));
    }
}

/// Whether a spreadsheet would run a text as a formula.
fn needs_apostrophe(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell as CSV text.
pub fn cell_text(cell: Cell<'_>, ty: ColType) -> String {
    match cell {
        Cell::Str(s) if ty == ColType::Utf8 => neutralize(s),
        other => {
            let mut buf = Vec::new();
            push_plain(&mut buf, other);
            String::from_utf8(buf).expect("cells are UTF-8")
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
    use crate::load::row::{FigureRow, RejectRow};
    use rust_decimal::Decimal;

    #[test]
    fn decimals_are_written_as_display_writes_them_normalized() {
        // a deterministic spread of mantissas and scales, with the edges
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut cases = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-1, 28),
            Decimal::new(1_524, 2),
            Decimal::new(15_240_000_000_000, 3),
            Decimal::new(-500, 2),
        ];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = i128::from(x >> (x % 64)) * if x & 1 == 0 { 1 } else { -(x as i128 % 7919) };
            let scale = (x >> 32) as u32 % 29;
            cases.extend(Decimal::try_from_i128_with_scale(m, scale));
        }
        for d in cases {
            let mut out = Vec::new();
            push_decimal(&mut out, d);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                d.normalize().to_string(),
                "{d:?}"
            );
        }
    }

    #[test]
    fn integers_are_written_as_display_writes_them() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut cases = vec![0, 1, -1, 9, 10, -10, i64::MAX, i64::MIN];
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            cases.push((x >> (x % 64)) as i64 * if x & 1 == 0 { 1 } else { -1 });
        }
        for n in cases {
            let mut out = Vec::new();
            push_plain(&mut out, Cell::Int(n));
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
            let mut s = String::from("id#");
            push_u64(&mut s, n.unsigned_abs());
            assert_eq!(s, format!("id#{}", n.unsigned_abs()));
        }
    }

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

    #[test]
    fn a_field_is_quoted_when_a_byte_asks_for_it_wherever_it_is() {
        let special = |s: &[u8]| s.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
        // every byte value at every place of texts of every length to two words and a
        // half, among letters, among bytes one away from the special ones, among high
        // bytes (whose high bit the word test must not take for a borrow)
        for len in 1..=20 {
            for fill in [b'a', b'+', b'!', b'\x0b', b'\x0c', 0xAC, 0xFF, 0x00] {
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut text = vec![fill; len];
                        text[at] = b;
                        assert_eq!(has_special(&text), special(&text), "{text:?}");
                    }
                }
            }
        }
        assert!(!has_special(b""));
    }

    #[test]
    fn numbers_are_written_as_the_standard_formatter_writes_them() {
        let mut edges: Vec<u64> = (0..=20_000).collect();
        for p in 1..20 {
            let t = 10u64.pow(p);
            edges.extend([t - 1, t, t + 1, t / 10 * 11]);
            edges.extend((t / 10).checked_mul(99));
        }
        edges.extend([u64::MAX, u64::MAX - 1, 1 << 53, (1 << 53) + 1]);
        for n in edges {
            assert_eq!(u64_text(n, &mut [0; 20]), n.to_string());
        }
        for text in [
            "0",
            "-0.5",
            "15240000000",
            "0.000001",
            "1190391657010.428737",
        ] {
            let d: rust_decimal::Decimal = text.parse().unwrap();
            let mut out = Vec::new();
            push_decimal(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), d.normalize().to_string());
        }
    }

    #[test]
    fn writes_the_bytes_the_csv_crate_writes() {
        let texts = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "\"\"",
            "line\nbreak",
            "cr\rhere",
            "crlf\r\n",
            "=1+2",
            "-3",
            "'quoted'",
            "tab\tin",
            "ünïcödé, too",
            ",",
            "a\"b,c\nd",
            "a cell longer than thirty-two bytes, with a comma",
            "a cell longer than thirty-two bytes with a \"quote\"",
            "a cell longer than thirty-two bytes that ends in\r",
            "a cell longer than thirty-two bytes and nothing special",
        ];
        let rows: Vec<RejectRow> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| RejectRow {
                path: t.to_string(),
                line: (i % 3 != 0).then_some(i as i64 - 5),
                reason: texts[(i + 5) % texts.len()].to_string(),
                message: format!("{t}{t}"),
            })
            .collect();
        let mut ours = Vec::new();
        write(&mut ours, &rows).unwrap();
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(RejectRow::COLUMNS.iter().map(|c| c.name))
            .unwrap();
        for r in &rows {
            let cells: Vec<String> = (0..RejectRow::COLUMNS.len())
                .map(|i| cell_text(r.cell(i), RejectRow::COLUMNS[i].ty))
                .collect();
            w.write_record(&cells).unwrap();
        }
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(w.into_inner().unwrap()).unwrap()
        );
    }
}
