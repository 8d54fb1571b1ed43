//! Exchange rates: the European Central Bank's euro reference rates, bundled
//! (`data/ecb_rates.csv`, built by `tools/ecb_rates.py`), and rates a user supplies
//! with `--rates FILE`.
//!
//! A rate is looked up for a day: the rate of that day, or of the nearest earlier day
//! the source published one (weekends, holidays), at most ten days back. Any two
//! currencies convert through the euro: `base per unit = base per euro / currency per
//! euro`, computed on exact decimals.
//!
//! A user file is either the ECB's own layout (`Date,USD,JPY,...`, units per euro, one
//! row a day) or a long one: `date,currency,rate_per_eur` (units of the currency per
//! euro) or `date,currency,rate_per_XXX` (units of the currency per unit of XXX, any
//! ISO code the bundled table or the file itself knows). User rates win over bundled
//! ones for the currencies and days they cover.

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, OnceLock};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// How far back a rate may be taken from, in days: a long weekend and a holiday.
const MAX_STALE_DAYS: i64 = 10;

/// Rates per euro, by currency and day.
#[derive(Debug, Default, Clone)]
pub struct RateTable {
    /// Per currency: its rates per euro, by day, ascending.
    series: HashMap<String, Column>,
    /// The lines of a table whose columns are read when first asked (the bundled one).
    wide: Option<Arc<Wide>>,
}

/// A currency's series, or where to read it from.
#[derive(Debug, Default, Clone)]
struct Column {
    series: OnceLock<Series>,
    /// Its column in [`RateTable::wide`], when it is read from there.
    at: usize,
}

impl Column {
    fn of(series: Series) -> Column {
        Column {
            series: OnceLock::from(series),
            at: 0,
        }
    }
}

/// A table in the ECB's layout (`Date,USD,JPY,...`), without quotes or carriage
/// returns, cut into lines and cells once; a currency's column is read the first time
/// one of its rates is asked. The bundled table has 42 currencies, and a run asks for a
/// few of them: reading all 300,000 cells was most of a run's start-up.
#[derive(Debug)]
struct Wide {
    text: &'static str,
    /// Per line with a date: its date and number, where it starts, and the range of
    /// `ends` that holds its cells' ends.
    lines: Vec<WideLine>,
    /// Where each cell of each line ends (its comma, or the line's end).
    ends: Vec<u32>,
}

#[derive(Debug)]
struct WideLine {
    date: NaiveDate,
    number: u32,
    start: u32,
    cells: (u32, u32),
}

/// How many times `byte` is in `text`: a count the compiler vectorizes (memchr's
/// searcher, started again at each of 300,000 commas a few bytes apart, is slower).
fn count_of(text: &str, byte: u8) -> usize {
    text.bytes().filter(|&b| b == byte).count()
}

/// The most lines `text` can have, blank ones included: room for a line's worth of
/// anything made once, where a vector grown by doubling copied (and faulted in) the
/// bundled table's twice over.
fn most_lines(text: &str) -> usize {
    count_of(text, b'\n') + 1
}

impl Wide {
    /// Cuts the lines of `text` after its header; `None` for a table the CSV reader
    /// must read (quotes, carriage returns) or a text too large for 32-bit offsets.
    fn cut(text: &'static str) -> Option<anyhow::Result<Wide>> {
        if memchr::memchr2(b'"', b'\r', text.as_bytes()).is_some()
            || text.len() >= u32::MAX as usize
        {
            return None;
        }
        // room for every line and cell at once (the bundled table's cell ends: 1.2 MB)
        let most_lines = most_lines(text);
        let mut wide = Wide {
            text,
            lines: Vec::with_capacity(most_lines),
            ends: Vec::with_capacity(count_of(text, b',') + most_lines),
        };
        // lines as the general reader numbers them: blank ones are passed over
        let lines = text
            .split_terminator('\n')
            .filter(|l| !l.is_empty())
            .skip(1);
        for (n, l) in lines.enumerate() {
            let number = n as u32 + 2;
            let start = (l.as_ptr() as usize - text.as_ptr() as usize) as u32;
            let first = wide.ends.len() as u32;
            // a byte loop: memchr's searcher, set up again at each of 300,000 commas
            // that are a few bytes apart, took twice as long
            for (k, &b) in l.as_bytes().iter().enumerate() {
                if b == b',' {
                    wide.ends.push(start + k as u32);
                }
            }
            wide.ends.push(start + l.len() as u32);
            let day = l[..wide.ends[first as usize] as usize - start as usize].trim();
            if day.is_empty() {
                wide.ends.truncate(first as usize);
                continue;
            }
            let Some(date) = iso_date(day) else {
                return Some(Err(anyhow::anyhow!(
                    "line {number}: {day:?} is not a date like 2024-07-09"
                )));
            };
            wide.lines.push(WideLine {
                date,
                number,
                start,
                cells: (first, wide.ends.len() as u32),
            });
        }
        Some(Ok(wide))
    }

    /// The rates of column `at`.
    fn column(&self, at: usize) -> anyhow::Result<Series> {
        let mut s = Series::default();
        s.rates.reserve(self.lines.len());
        for l in &self.lines {
            let k = l.cells.0 as usize + at;
            if k >= l.cells.1 as usize {
                continue;
            }
            let start = if at == 0 {
                l.start
            } else {
                self.ends[k - 1] + 1
            };
            let cell = &self.text[start as usize..self.ends[k] as usize];
            if let Some(rate) = parse_rate(trim_cell(cell), l.number as usize)? {
                s.rates.push((l.date, rate));
            }
        }
        s.finish();
        Ok(s)
    }
}

/// A currency's rates per euro, by day, ascending, with an index by day: a day's rate
/// is found with two reads where a binary search took a dozen, most of them cache
/// misses (each figure asks the day of its own document).
#[derive(Debug, Default, Clone)]
struct Series {
    rates: Vec<(NaiveDate, Decimal)>,
    /// The first day of `rates`, in days from the common era.
    first: i32,
    /// For each day from the first to the last, how many rates are of that day or
    /// earlier; empty until the series is sorted.
    upto: Vec<u32>,
}

impl Series {
    /// Sorts the rates by day, keeps one per day, and indexes them.
    fn finish(&mut self) {
        use chrono::Datelike;
        self.rates.sort_by_key(|(d, _)| *d);
        self.rates.dedup_by_key(|(d, _)| *d);
        self.upto.clear();
        let (Some(first), Some(last)) = (self.rates.first(), self.rates.last()) else {
            return;
        };
        self.first = first.0.num_days_from_ce();
        let days = (last.0.num_days_from_ce() - self.first) as usize + 1;
        self.upto.reserve(days);
        // the rates' days as numbers, once
        let numbered: Vec<i32> = self
            .rates
            .iter()
            .map(|(d, _)| d.num_days_from_ce())
            .collect();
        let mut n = 0;
        for k in 0..days {
            let day = self.first + k as i32;
            while n < numbered.len() && numbered[n] <= day {
                n += 1;
            }
            self.upto.push(n as u32);
        }
    }

    /// How many rates are of `date` or earlier.
    fn upto(&self, date: NaiveDate) -> usize {
        use chrono::Datelike;
        if self.upto.is_empty() {
            // not indexed yet (a rate asked while a table is parsed)
            return self.rates.partition_point(|(d, _)| *d <= date);
        }
        match usize::try_from(date.num_days_from_ce() - self.first) {
            Err(_) => 0,
            Ok(k) => self.upto.get(k).map_or(self.rates.len(), |&n| n as usize),
        }
    }
}

/// A rate found for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Units of the currency per euro.
    pub per_eur: Decimal,
    /// The day the rate is of.
    pub date: NaiveDate,
}

/// The bundled ECB table, as CSV.
const BUNDLED: &str = include_str!("../../data/ecb_rates.csv");

impl RateTable {
    /// The bundled ECB table, parsed on first use.
    pub fn bundled() -> &'static RateTable {
        static TABLE: OnceLock<RateTable> = OnceLock::new();
        TABLE.get_or_init(|| RateTable::lazy(BUNDLED).expect("the bundled ECB table is valid"))
    }

    /// [`RateTable::parse`] of a table in the ECB's layout, whose columns are read when
    /// first asked ([`Wide`]); a table of another form is parsed at once. A column's
    /// errors, found when it is read, stop the run: for the bundled table alone, which
    /// a test reads in full.
    fn lazy(text: &'static str) -> anyhow::Result<RateTable> {
        let text = text.trim_start_matches('\u{feff}');
        let header = text.split_terminator('\n').find(|l| !l.is_empty());
        let headers: Vec<String> = header
            .unwrap_or("")
            .split(',')
            .map(|h| h.trim().to_ascii_uppercase())
            .collect();
        let mut codes: Vec<&String> = headers.iter().skip(1).filter(|h| !h.is_empty()).collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        // the ECB's layout, and no currency in two columns (a table of three columns may
        // be the long layout: the general parser tells)
        let wide =
            headers.first().is_some_and(|h| h == "DATE") && headers.len() != 3 && codes.len() == n;
        let Some(cut) = wide.then(|| Wide::cut(text)).flatten() else {
            return RateTable::parse(text, None);
        };
        let series = headers
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, h)| !h.is_empty())
            .map(|(at, h)| {
                let column = Column {
                    series: OnceLock::new(),
                    at,
                };
                (h.clone(), column)
            })
            .collect();
        Ok(RateTable {
            series,
            wide: Some(Arc::new(cut?)),
        })
    }

    /// The series of `code`, read from its column the first time.
    fn series(&self, code: &str) -> Option<&Series> {
        let c = self.series.get(code)?;
        Some(c.series.get_or_init(|| {
            let wide = self
                .wide
                .as_ref()
                .expect("a column not read is in a wide table");
            wide.column(c.at).expect("the bundled ECB table is valid")
        }))
    }

    /// Whether the bundled table has rates of `code`, read from its header: a run checks
    /// its base currency while the table is parsed on another thread, without waiting
    /// for it. (Every column of the bundled table holds rates: a test checks that this
    /// says what `bundled().latest(code)` does.)
    pub fn bundled_has(code: &str) -> bool {
        let header = BUNDLED.lines().next().unwrap_or("");
        header
            .split(',')
            .skip(1)
            .any(|c| c.trim().eq_ignore_ascii_case(code))
    }

    /// Parses a table in either layout (see the module documentation). `reference`
    /// converts rates quoted against another currency into rates per euro.
    pub fn parse(text: &str, reference: Option<&RateTable>) -> anyhow::Result<RateTable> {
        let text = text.trim_start_matches('\u{feff}');
        // fields are trimmed where they are read, not all of them by the reader: the
        // bundled table has 300,000 cells, and trimming them all was a quarter of a run's
        // start-up
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = r.headers()?.iter().map(|h| h.trim().to_string()).collect();
        let first = headers
            .first()
            .map(|h| h.to_ascii_lowercase())
            .unwrap_or_default();
        if first != "date" {
            bail!("a rates file starts with a header whose first column is Date (found {first:?})");
        }
        let long = headers.len() == 3 && headers[1].eq_ignore_ascii_case("currency");
        let mut series: HashMap<String, Series> = HashMap::default();
        // the wide layout: each column's rates (none for Date and unnamed columns),
        // room for a rate a line made at once: grown by doubling, the bundled table's
        // columns were copied and faulted in again and again at every run's start
        let lines = most_lines(text);
        let mut columns: Vec<Option<Vec<(NaiveDate, Decimal)>>> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (i > 0 && !h.is_empty() && !long).then(|| Vec::with_capacity(lines)))
            .collect();
        // the long layout: its rows, converted once all are read, in date order
        let mut rows: Vec<(usize, NaiveDate, String, Decimal)> = Vec::new();
        // one record's cells, at its line
        let mut read = |line: usize, rec: &[&str]| -> anyhow::Result<()> {
            let Some(day) = rec.first().map(|d| d.trim()).filter(|d| !d.is_empty()) else {
                return Ok(());
            };
            let date = iso_date(day)
                .with_context(|| format!("line {line}: {day:?} is not a date like 2024-07-09"))?;
            if long {
                let code = rec.get(1).unwrap_or(&"").trim().to_ascii_uppercase();
                let rate = parse_rate(rec.get(2).unwrap_or(&"").trim(), line)?
                    .with_context(|| format!("line {line}: no rate"))?;
                rows.push((line, date, code, rate));
            } else {
                for (i, cell) in rec.iter().enumerate().skip(1) {
                    if let (Some(Some(column)), Some(rate)) =
                        (columns.get_mut(i), parse_rate(trim_cell(cell), line)?)
                    {
                        column.push((date, rate));
                    }
                }
            }
            Ok(())
        };
        if memchr::memchr2(b'"', b'\r', text.as_bytes()).is_none() {
            // without quotes or carriage returns, a record is a line split at its commas
            // (the reader passes blank lines over, and read the header above): the same
            // cells without a record built per line, which took three quarters of a
            // one-document run's instructions for the bundled table's 7,000 lines
            let mut cells = Vec::new();
            let lines = text
                .split_terminator('\n')
                .filter(|l| !l.is_empty())
                .skip(1);
            for (n, l) in lines.enumerate() {
                cells.clear();
                // cut at the commas found by memchr: str::split's searcher cost more than
                // the cells' parsing
                let mut from = 0;
                for k in memchr::memchr_iter(b',', l.as_bytes()) {
                    cells.push(&l[from..k]);
                    from = k + 1;
                }
                cells.push(&l[from..]);
                read(n + 2, &cells)?;
            }
        } else {
            for (n, rec) in r.records().enumerate() {
                let line = n + 2;
                let rec = rec.with_context(|| format!("line {line}"))?;
                let cells: Vec<&str> = rec.iter().collect();
                read(line, &cells)?;
            }
        }
        if long {
            let against = headers[2]
                .to_ascii_uppercase()
                .strip_prefix("RATE_PER_")
                .map(str::to_string)
                .with_context(|| {
                    format!(
                        "the third column is rate_per_eur or rate_per_<CODE>, not {:?}",
                        headers[2]
                    )
                })?;
            // in date order, so that a rate of `against` the file gives (and the table
            // holds, unsorted until the end) is looked up in a sorted series
            rows.sort_by_key(|r| r.1);
            for (line, date, code, rate) in rows {
                let per_eur = if against == "EUR" {
                    rate
                } else {
                    // units of the currency per unit of `against`, times `against` per
                    // euro: the reference's rate of that day first
                    let basis = reference
                        .and_then(|t| t.on(&against, date))
                        .or_else(|| on_day(series.get(&against)?, date))
                        .with_context(|| {
                            format!("line {line}: no {against} rate on {date} to convert from")
                        })?;
                    rate * basis.per_eur
                };
                series.entry(code).or_default().rates.push((date, per_eur));
            }
        }
        // the wide layout's columns join their currencies' series at the end: no
        // lookup per cell
        for (code, column) in headers.iter().zip(columns) {
            if let Some(mut column) = column.filter(|c| !c.is_empty()) {
                // a currency's first column is its series, not copied into one
                let rates = &mut series.entry(code.to_ascii_uppercase()).or_default().rates;
                if rates.is_empty() {
                    column.shrink_to_fit();
                    *rates = column;
                } else {
                    rates.extend(column);
                }
            }
        }
        Ok(RateTable {
            series: series
                .into_iter()
                .map(|(code, mut s)| {
                    s.finish();
                    (code, Column::of(s))
                })
                .collect(),
            wide: None,
        })
    }

    /// The rate of `code` per euro on `date`, or on the nearest earlier day with one
    /// (at most ten days back). The euro itself is 1 every day.
    pub fn on(&self, code: &str, date: NaiveDate) -> Option<Found> {
        if code == "EUR" {
            return Some(Found {
                per_eur: Decimal::ONE,
                date,
            });
        }
        on_day(self.series(code)?, date)
    }

    /// The newest rate of `code` per euro.
    pub fn latest(&self, code: &str) -> Option<Found> {
        if code == "EUR" {
            let date = self
                .series
                .keys()
                .filter_map(|code| self.series(code)?.rates.last())
                .map(|(d, _)| *d)
                .max()?;
            return Some(Found {
                per_eur: Decimal::ONE,
                date,
            });
        }
        let (date, per_eur) = *self.series(code)?.rates.last()?;
        Some(Found { per_eur, date })
    }

    /// Each currency with its first and last day, sorted by code.
    pub fn coverage(&self) -> Vec<(String, NaiveDate, NaiveDate)> {
        let mut out: Vec<_> = self
            .series
            .keys()
            .filter_map(|c| {
                let s = self.series(c)?;
                Some((c.clone(), s.rates.first()?.0, s.rates.last()?.0))
            })
            .collect();
        out.sort();
        out
    }
}

/// The rate of a series on `date`, or on the nearest earlier day with one (at most
/// ten days back).
fn on_day(s: &Series, date: NaiveDate) -> Option<Found> {
    let (d, rate) = *s.rates.get(s.upto(date).checked_sub(1)?)?;
    ((date - d).num_days() <= MAX_STALE_DAYS).then_some(Found {
        per_eur: rate,
        date: d,
    })
}

/// `cell.trim()`, with ASCII spaces trimmed as bytes: most cells have none, and
/// `str::trim` decodes characters at both ends.
#[inline]
fn trim_cell(cell: &str) -> &str {
    let t = cell.trim_ascii();
    // trim_ascii leaves the vertical tab and non-ASCII spaces: such an end is trimmed
    // by the general rule
    let printable = |b: Option<&u8>| b.is_none_or(|b| (0x21..=0x7e).contains(b));
    if printable(t.as_bytes().first()) && printable(t.as_bytes().last()) {
        t
    } else {
        t.trim()
    }
}

fn parse_rate(cell: &str, line: usize) -> anyhow::Result<Option<Decimal>> {
    if cell.is_empty() || cell.eq_ignore_ascii_case("N/A") {
        return Ok(None);
    }
    let r: Decimal = match plain_rate(cell.as_bytes()) {
        Some(r) => r,
        None => cell
            .parse()
            .with_context(|| format!("line {line}: {cell:?} is not a rate"))?,
    };
    if r.is_zero() || r.is_sign_negative() {
        bail!("line {line}: a rate must be positive, not {cell}");
    }
    Ok(Some(r))
}

/// A rate written as digits with one decimal point ("1.0856", "163.47"), most of a
/// table's 300,000 cells: the decimal the general parser gives (the same digits and
/// scale), without it. `None` for any other form.
fn plain_rate(cell: &[u8]) -> Option<Decimal> {
    let (mut mantissa, mut scale, mut point) = (0i64, 0u32, false);
    for (k, &b) in cell.iter().enumerate() {
        match b {
            // 18 digits at most: the mantissa cannot overflow
            b'0'..=b'9' if k < 19 => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                scale += u32::from(point);
            }
            // once, between digits
            b'.' if !point && k > 0 && k + 1 < cell.len() => point = true,
            _ => return None,
        }
    }
    point.then(|| Decimal::new(mantissa, scale))
}

/// A date written "2024-07-09", as `%Y-%m-%d` reads it (four-digit years); `None` for
/// anything else.
fn iso_date(day: &str) -> Option<NaiveDate> {
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
    }
    match (digits(0..4), digits(5..7), digits(8..10)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => NaiveDate::parse_from_str(day, "%Y-%m-%d").ok(),
    }
}

/// The rates a run converts with: the bundled ECB table, and the user's, if given.
#[derive(Debug, Clone)]
pub struct Rates {
    user: Option<RateTable>,
}

/// A conversion rate to the base currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Fx {
    /// Base units per unit of the currency.
    pub rate: Decimal,
    /// The day of the rate.
    pub date: Option<NaiveDate>,
    /// Where it came from: identity, ECB, user, stated; "ECB latest" and "user latest"
    /// when the document has no date and the newest rate was used.
    pub source: &'static str,
}

impl Rates {
    /// The bundled rates, and the user's from `--rates`, if any.
    pub fn new(user: Option<RateTable>) -> Rates {
        Rates { user }
    }

    /// Reads a user rates file.
    pub fn read_user(path: &std::path::Path) -> anyhow::Result<RateTable> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the rates file {}", path.display()))?;
        RateTable::parse(&text, Some(RateTable::bundled()))
            .with_context(|| format!("in the rates file {}", path.display()))
    }

    /// The rate that converts `code` to `base` on `date` (the newest rate when there is
    /// no date), and the amount `value` comes to.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use figures::transform::rates::Rates;
    /// let rates = Rates::new(None);
    /// // a Saturday takes Friday's rates: USD 1.0887 and JPY 161.17 per euro
    /// let day = NaiveDate::from_ymd_opt(2024, 1, 20);
    /// let (fx, usd) = rates.convert("1000000".parse().unwrap(), "JPY", "USD", day).unwrap();
    /// assert_eq!(fx.date.unwrap().to_string(), "2024-01-19");
    /// assert_eq!(usd.to_string(), "6754.979214");
    /// ```
    pub fn convert(
        &self,
        value: Decimal,
        code: &str,
        base: &str,
        date: Option<NaiveDate>,
    ) -> Option<(Fx, Decimal)> {
        let c = self.conversion(code, base, date)?;
        let converted = c.apply(value)?;
        Some((c.fx, converted))
    }

    /// How amounts in `code` come to `base` on `date`: what [`Rates::convert`] does for
    /// any amount, looked up once (a document's figures share their date and mostly
    /// their currencies).
    pub fn conversion(
        &self,
        code: &str,
        base: &str,
        date: Option<NaiveDate>,
    ) -> Option<Conversion> {
        if code == base {
            return Some(Conversion {
                fx: Fx {
                    rate: Decimal::ONE,
                    date,
                    source: "identity",
                },
                through: None,
            });
        }
        let tables = [
            (self.user.as_ref(), "user"),
            (Some(RateTable::bundled()), "ECB"),
        ];
        // a currency and the base may come from different tables (a user's TWD, the
        // ECB's USD): each is looked up in the user's table first
        let find = |c: &str| -> Option<(Found, &'static str)> {
            tables.iter().find_map(|(t, name)| {
                let t = (*t)?;
                match date {
                    Some(d) => t.on(c, d),
                    None => t.latest(c),
                }
                .map(|f| (f, *name))
            })
        };
        let (from, source) = find(code)?;
        let (to, base_source) = find(base)?;
        let source = match (source, base_source, date) {
            ("user", _, None) | (_, "user", None) => "user latest",
            ("user", _, _) | (_, "user", _) => "user",
            (_, _, None) => "ECB latest",
            _ => "ECB",
        };
        let rate = to.per_eur.checked_div(from.per_eur)?;
        Some(Conversion {
            fx: Fx {
                rate: rate.round_sf(12).unwrap_or(rate).normalize(),
                date: Some(from.date.max(to.date)),
                source,
            },
            through: Some((from.per_eur, to.per_eur)),
        })
    }
}

/// How amounts of one currency come to the base currency on one day
/// ([`Rates::conversion`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The rate, as the rows give it.
    pub fx: Fx,
    /// The two rates per euro an amount is converted through (from, to): none for the
    /// base currency itself, whose amounts stay as they are.
    through: Option<(Decimal, Decimal)>,
}

impl Conversion {
    /// What `value` comes to, to six decimals: through the euro rates themselves, not
    /// the rounded rate (none if it overflows).
    pub fn apply(&self, value: Decimal) -> Option<Decimal> {
        let Some((from, to)) = self.through else {
            return Some(value);
        };
        Some(
            value
                .checked_mul(to)?
                .checked_div(from)?
                .round_dp(6)
                .normalize(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fast_cell_readers_read_what_the_general_ones_do() {
        // the same value and the same scale ("1.0800" keeps its four places)
        for cell in [
            "1.0856",
            "163.47",
            "1.0800",
            "0.5",
            "7.45",
            "25.000",
            "123456789.123456789",
        ] {
            let fast = plain_rate(cell.as_bytes()).unwrap();
            let general: Decimal = cell.parse().unwrap();
            assert_eq!((fast, fast.scale()), (general, general.scale()), "{cell}");
        }
        for cell in [
            "12",
            ".5",
            "5.",
            "1.2.3",
            "1,5",
            "-1.5",
            "1e3",
            "1234567890.1234567890",
        ] {
            assert_eq!(plain_rate(cell.as_bytes()), None, "{cell}");
        }
        for cell in [
            "1.5",
            " 1.5 ",
            "\t1.5\r",
            "\u{b}1.5\u{b}",
            "\u{a0}1.5\u{2003}",
            " ",
            "",
            "N/A ",
        ] {
            assert_eq!(trim_cell(cell), cell.trim(), "{cell:?}");
        }
        for day in [
            "2024-07-09",
            "1999-01-04",
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-7-09",
            "20240709",
            "2024-07-0x",
        ] {
            assert_eq!(
                iso_date(day),
                NaiveDate::parse_from_str(day, "%Y-%m-%d").ok(),
                "{day}"
            );
        }
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_conversion_looked_up_once_converts_any_amount() {
        let rates = Rates::new(None);
        // Friday 2024-01-19: USD 1.0887 and JPY 161.17 per euro
        let day = Some(d(2024, 1, 20));
        let jpy = rates.conversion("JPY", "USD", day).unwrap();
        assert_eq!(
            jpy.apply(dec("1000000")).unwrap().to_string(),
            "6754.979214"
        );
        assert_eq!(jpy.apply(dec("161.17")).unwrap().to_string(), "1.0887");
        assert_eq!(jpy.fx.date.unwrap().to_string(), "2024-01-19");
        let eur = rates.conversion("EUR", "USD", day).unwrap();
        assert_eq!(eur.apply(dec("15.24")).unwrap().to_string(), "16.591788");
        assert_eq!(eur.fx.rate.to_string(), "1.0887");
        // the base currency's amounts stay as they are, digits and all
        let usd = rates.conversion("USD", "USD", day).unwrap();
        assert_eq!(
            usd.apply(dec("0.1234567890")).unwrap().to_string(),
            "0.1234567890"
        );
        assert_eq!(usd.fx.source, "identity");
        assert!(rates.conversion("XXX", "USD", day).is_none());
    }

    #[test]
    fn the_day_index_counts_as_a_binary_search_does() {
        let mut s = Series::default();
        // out of order, with gaps and a day given twice
        for (day, r) in [
            (d(2024, 1, 10), "3"),
            (d(2024, 1, 2), "1"),
            (d(2024, 1, 5), "2"),
        ] {
            s.rates.push((day, dec(r)));
        }
        s.rates.push((d(2024, 1, 5), dec("9")));
        s.finish();
        assert_eq!(s.rates.len(), 3);
        let mut day = d(2023, 12, 25);
        while day < d(2024, 1, 20) {
            let want = s.rates.partition_point(|(x, _)| *x <= day);
            assert_eq!(s.upto(day), want, "{day}");
            day = day.succ_opt().unwrap();
        }
    }

    /// Real ECB rates, as published (units per euro), pinned here from eurofxref-hist.
    #[test]
    fn plain_tables_are_read_as_the_csv_reader_reads_them() {
        // a quoted header sends a table to the CSV reader; without quotes, its lines
        // are split at commas: the same rates, and errors at the same lines
        let body = "2024-01-02, 1.1 ,150,N/A\n\n2024-01-03,1.2,,7\n2024-01-04,13111\n   \n2024-01-05,1.3,151,8,9\n";
        let plain = RateTable::parse(&format!("Date,USD,JPY,XYZ\n\n{body}"), None).unwrap();
        let quoted = RateTable::parse(&format!("\"Date\",USD,JPY,XYZ\n\n{body}"), None).unwrap();
        assert_eq!(plain.coverage(), quoted.coverage());
        assert_eq!(plain.coverage().len(), 3);
        for code in ["USD", "JPY", "XYZ"] {
            for day in 1..=6 {
                let (a, b) = (
                    plain.on(code, d(2024, 1, day)),
                    quoted.on(code, d(2024, 1, day)),
                );
                assert_eq!(
                    a.map(|f| (f.per_eur, f.date)),
                    b.map(|f| (f.per_eur, f.date))
                );
            }
        }
        assert_eq!(
            plain.on("USD", d(2024, 1, 4)).unwrap().per_eur,
            dec("13111")
        );
        let bad = "\n2024-01-02,1.1\n\n2024-13-01,1.1\n";
        let e = |t: String| format!("{:#}", RateTable::parse(&t, None).unwrap_err());
        let (a, b) = (
            e(format!("Date,USD\n{bad}")),
            e(format!("\"Date\",USD\n{bad}")),
        );
        assert_eq!(a, b);
        assert!(a.contains("line 3"), "{a}");
    }

    /// Every series of a table, read in full.
    fn all_series(t: &RateTable) -> Vec<(String, Vec<(NaiveDate, Decimal)>)> {
        let mut out: Vec<_> = t
            .series
            .keys()
            .map(|c| (c.clone(), t.series(c).unwrap().rates.clone()))
            .filter(|(_, r)| !r.is_empty())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn columns_read_when_asked_are_the_columns_read_at_once() {
        // the bundled table: every column, the same rates on the same days (and the
        // same scale: "1.0800" keeps its zeros)
        let lazy = RateTable::lazy(BUNDLED).unwrap();
        assert!(lazy.wide.is_some());
        let eager = RateTable::parse(BUNDLED, None).unwrap();
        let (a, b) = (all_series(&lazy), all_series(&eager));
        assert_eq!(a.len(), b.len());
        for ((code, x), (_, y)) in a.iter().zip(&b) {
            let scales =
                |v: &[(NaiveDate, Decimal)]| v.iter().map(|(_, r)| r.scale()).collect::<Vec<_>>();
            assert_eq!((x, scales(x)), (y, scales(y)), "{code}");
        }
        // blank lines and dates, short and long lines, spaces, N/A, a column without
        // rates
        let text: &'static str = "Date, usd ,JPY,XYZ,\n\n2024-01-05,1.3,151,N/A,9\n \
                                  ,1.9\n2024-01-02, 1.1 ,150\n2024-01-03,1.2,,\n";
        let lazy = RateTable::lazy(text).unwrap();
        assert!(lazy.wide.is_some());
        let eager = RateTable::parse(text, None).unwrap();
        assert_eq!(all_series(&lazy), all_series(&eager));
        assert_eq!(lazy.coverage(), eager.coverage());
        assert_eq!(all_series(&lazy).len(), 2);
        assert!(lazy.latest("XYZ").is_none());
        // errors say the same line
        let bad_date: &'static str = "Date,USD\n2024-01-02,1.1\n\n2024-13-01,1.1\n";
        let e = |r: anyhow::Result<RateTable>| format!("{:#}", r.unwrap_err());
        assert_eq!(
            e(RateTable::lazy(bad_date)),
            e(RateTable::parse(bad_date, None))
        );
        let bad_rate: &'static str = "Date,USD,JPY\n2024-01-02,1.1,1\n\n2024-01-03,x,2\n";
        let wide = Wide::cut(bad_rate).unwrap().unwrap();
        assert_eq!(
            format!("{:#}", wide.column(1).unwrap_err()),
            e(RateTable::parse(bad_rate, None))
        );
        assert!(wide.column(2).is_ok());
        // quotes, or two columns of one currency, are read at once
        assert!(RateTable::lazy("\"Date\",USD,JPY\n2024-01-02,1,2\n")
            .unwrap()
            .wide
            .is_none());
        assert!(RateTable::lazy("Date,USD,usd\n2024-01-02,1,2\n")
            .unwrap()
            .wide
            .is_none());
    }

    #[test]
    fn the_bundled_tables_cells_are_cut_into_room_made_once() {
        let wide = Wide::cut(BUNDLED).unwrap().unwrap();
        // room for each cell and line counted before: a vector grown by doubling would
        // hold up to twice its length (the bundled table's 300,000 cell ends)
        assert!(wide.ends.len() > 100_000);
        let spare = wide.ends.capacity() - wide.ends.len();
        assert!(spare <= wide.lines.len() + 2, "{spare} spare");
        assert!(wide.lines.capacity() - wide.lines.len() <= 2);
    }

    #[test]
    fn the_bundled_header_names_the_currencies_with_rates() {
        let t = RateTable::bundled();
        let header = BUNDLED.lines().next().unwrap();
        let codes: Vec<&str> = header.split(',').skip(1).collect();
        assert!(codes.len() > 30, "{header}");
        for code in codes {
            assert!(RateTable::bundled_has(code), "{code}");
            assert!(t.latest(code).is_some(), "{code} has no rate");
        }
        for code in ["TWD", "XYZ", "Date", ""] {
            assert!(!RateTable::bundled_has(code), "{code}");
            assert!(t.latest(code).is_none(), "{code}");
        }
        assert_eq!(t.coverage().len(), header.split(',').count() - 1);
    }

    #[test]
    fn bundled_rates_are_the_ecb_rates() {
        let t = RateTable::bundled();
        for (code, day, want) in [
            ("USD", d(2024, 1, 19), "1.0887"),
            ("JPY", d(2024, 1, 19), "161.17"),
            ("USD", d(2024, 7, 9), "1.0814"),
            ("JPY", d(2024, 7, 9), "174.2"),
            ("GBP", d(2024, 7, 9), "0.84491"),
            ("KRW", d(2024, 3, 28), "1458.67"),
            ("INR", d(2024, 3, 28), "90.1365"),
            ("AUD", d(2024, 3, 28), "1.6607"),
        ] {
            let f = t.on(code, day).unwrap();
            assert_eq!((f.per_eur, f.date), (dec(want), day), "{code} on {day}");
        }
    }

    #[test]
    fn weekends_and_holidays_take_the_last_published_day() {
        let t = RateTable::bundled();
        // Saturday → Friday
        assert_eq!(t.on("JPY", d(2024, 1, 20)).unwrap().date, d(2024, 1, 19));
        // Good Friday 2024-03-29 and Easter Monday 2024-04-01 → Thursday 2024-03-28
        assert_eq!(t.on("USD", d(2024, 4, 1)).unwrap().date, d(2024, 3, 28));
        // New Year's Day → the last day of 2023 with rates
        assert_eq!(t.on("GBP", d(2024, 1, 1)).unwrap().date, d(2023, 12, 29));
        // before the euro, no rate; a currency the ECB stopped publishing, none either
        assert!(t.on("USD", d(1998, 12, 31)).is_none());
        assert!(t.on("RUB", d(2024, 7, 9)).is_none());
    }

    #[test]
    fn cross_rates_through_the_euro_are_exact_decimals() {
        let rates = Rates::new(None);
        let day = Some(d(2024, 3, 28));
        for (value, code, base, usd_per_eur, per_eur) in [
            ("1000000000", "JPY", "USD", "1.0811", "163.45"),
            ("1000000", "EUR", "USD", "1.0811", "1"),
            ("1000000", "GBP", "USD", "1.0811", "0.8551"),
            ("1000000", "CNY", "USD", "1.0811", "7.8144"),
            ("1000000000", "KRW", "USD", "1.0811", "1458.67"),
            ("1000000", "INR", "USD", "1.0811", "90.1365"),
            ("1000000", "AUD", "USD", "1.0811", "1.6607"),
            // a base other than the dollar: yen into euros, dollars into pounds
            ("1000000000", "JPY", "EUR", "1", "163.45"),
            ("1000000", "USD", "GBP", "0.8551", "1.0811"),
        ] {
            let (fx, got) = rates.convert(dec(value), code, base, day).unwrap();
            let want = (dec(value) * dec(usd_per_eur) / dec(per_eur))
                .round_dp(6)
                .normalize();
            assert_eq!(got, want, "{value} {code} in {base}");
            assert_eq!((fx.source, fx.date), ("ECB", day));
        }
    }

    #[test]
    fn no_date_takes_the_newest_rate_and_says_so() {
        let (fx, _) = Rates::new(None)
            .convert(dec("1"), "JPY", "USD", None)
            .unwrap();
        assert_eq!(fx.source, "ECB latest");
    }

    #[test]
    fn user_rates_in_both_layouts() {
        let long = "date,currency,rate_per_usd\n2024-07-09,TWD,32.5\n";
        let user = RateTable::parse(long, Some(RateTable::bundled())).unwrap();
        let rates = Rates::new(Some(user));
        let (fx, usd) = rates
            .convert(dec("32500000"), "TWD", "USD", Some(d(2024, 7, 9)))
            .unwrap();
        assert_eq!((usd, fx.source), (dec("1000000"), "user"));
        let wide = "Date,JPY\n2024-07-09,150\n";
        let user = RateTable::parse(wide, None).unwrap();
        let (_, usd) = Rates::new(Some(user))
            .convert(dec("150"), "JPY", "USD", Some(d(2024, 7, 9)))
            .unwrap();
        assert_eq!(usd, dec("1.0814"), "the user's JPY, the ECB's USD");
    }

    #[test]
    fn long_rates_convert_through_the_reference_rate_of_their_day() {
        // out of date order, and with a row of the basis currency itself, whose rate
        // of four days before must not stand in for the reference's of the day
        let long = "date,currency,rate_per_usd\n2024-07-09,TWD,32.5\n\
                    2024-07-01,USD,1\n2024-07-05,TWD,32.4\n";
        let ecb = RateTable::bundled();
        let user = RateTable::parse(long, Some(ecb)).unwrap();
        for (day, twd) in [(d(2024, 7, 5), "32.4"), (d(2024, 7, 9), "32.5")] {
            let usd = ecb.on("USD", day).unwrap().per_eur;
            assert_eq!(
                user.on("TWD", day).unwrap().per_eur,
                dec(twd) * usd,
                "{day}"
            );
        }
    }

    #[test]
    fn bad_rates_files_say_where() {
        let e = RateTable::parse("Date,USD\n2024-13-01,1.1\n", None).unwrap_err();
        assert!(format!("{e:#}").contains("line 2"), "{e:#}");
        let e = RateTable::parse("day,USD\n", None).unwrap_err();
        assert!(format!("{e:#}").contains("Date"), "{e:#}");
        let e = RateTable::parse("Date,USD\n2024-01-01,-1\n", None).unwrap_err();
        assert!(format!("{e:#}").contains("positive"), "{e:#}");
    }
}
