//! The rows of the output tables and their columns: one definition feeds every sink
//! (CSV, Parquet, JSON) and the `schema` subcommand, so they cannot disagree.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The type of a column, as Parquet stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// UTF-8 text.
    Utf8,
    /// 64-bit integer.
    Int64,
    /// 64-bit float.
    Float64,
    /// A calendar date.
    Date,
}

impl ColType {
    /// The name shown by `figures schema`.
    pub fn as_str(self) -> &'static str {
        match self {
            ColType::Utf8 => "utf8",
            ColType::Int64 => "int64",
            ColType::Float64 => "float64",
            ColType::Date => "date",
        }
    }
}

/// A column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColType,
    /// What it holds.
    pub doc: &'static str,
    /// Whether its values seldom repeat (ids, sentences, computed amounts): Parquet
    /// writes them as they are, without first estimating whether a dictionary of them
    /// would pay (on the generated corpus it never did, and the estimate hashes every
    /// value).
    pub distinct: bool,
}

/// One cell, borrowed from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Empty.
    Null,
    /// Text.
    Str(&'a str),
    /// An integer.
    Int(i64),
    /// An exact decimal: written digit for digit in CSV, as the nearest float in Parquet.
    Dec(Decimal),
    /// A float computed by the transformer (an annual amount, a cross rate).
    Float(f64),
    /// A date.
    Date(NaiveDate),
}

/// A table: its columns, and the cells of a row.
pub trait Table: Clone {
    /// The table's name (`figures`, `documents`, `rejects`).
    const NAME: &'static str;
    /// Its columns, in order.
    const COLUMNS: &'static [Column];
    /// Every cell with its column's index, in column order, in straight-line code (the
    /// tables' `cells!` macro writes it from their list of cells): the writers format
    /// rows with it. Formatting a figure's 32 cells through an index in a loop cost a
    /// jump through a table per cell, twice (CSV and Parquet).
    fn each_cell<'a>(&'a self, f: impl FnMut(usize, Cell<'a>));
    /// The cell of column `i` (empty past the last), for readers of one cell at a time.
    fn cell(&self, i: usize) -> Cell<'_> {
        let mut cell = Cell::Null;
        self.each_cell(|k, c| {
            if k == i {
                cell = c;
            }
        });
        cell
    }
}

/// A table's [`Table::each_cell`] from its list of cells in column order (`self` named,
/// as the macro cannot write it): the visitor is called once per cell, with the cell's
/// index counted here.
macro_rules! cells {
    ($this:ident => $($cell:expr),+ $(,)?) => {
        #[inline]
        fn each_cell<'a>(&'a $this, mut f: impl FnMut(usize, Cell<'a>)) {
            let mut k = 0;
            $(
                f(k, $cell);
                k += 1;
            )+
            let _ = k;
        }
    };
}

const fn col(name: &'static str, ty: ColType, doc: &'static str) -> Column {
    Column {
        name,
        ty,
        doc,
        distinct: false,
    }
}

/// A column whose values seldom repeat (see [`Column::distinct`]).
const fn distinct(name: &'static str, ty: ColType, doc: &'static str) -> Column {
    Column {
        distinct: true,
        ..col(name, ty, doc)
    }
}

fn s<S: std::ops::Deref<Target = str>>(v: &Option<S>) -> Cell<'_> {
    v.as_deref().map_or(Cell::Null, Cell::Str)
}

fn dec(v: &Option<Decimal>) -> Cell<'_> {
    v.map_or(Cell::Null, Cell::Dec)
}

fn date(v: &Option<NaiveDate>) -> Cell<'_> {
    v.map_or(Cell::Null, Cell::Date)
}

/// A cell whose values are the program's own words ("money", "approx", "ECB"):
/// borrowed, not copied into every row; owned when read back from the cache.
pub type Word = std::borrow::Cow<'static, str>;

/// The id of a document's figure `number` (from 1): `<doc_id>#<number>`.
///
/// # Example
///
/// ```
/// assert_eq!(figures::load::row::figure_id("a.txt", 12), "a.txt#12");
/// ```
pub fn figure_id(doc_id: &str, number: usize) -> String {
    // without the formatting machinery: one per row
    let mut id = String::with_capacity(doc_id.len() + 8);
    id.push_str(doc_id);
    id.push('#');
    crate::load::csv::push_u64(&mut id, number as u64);
    id
}

/// Sets the ids of a document's rows, given in order: the document's id, and
/// [`figure_id`] by place. The transform numbers its rows with it, and the cache gives
/// rows read back their ids with it (the binary form leaves them out: see `implied`).
///
/// # Example
///
/// ```
/// use figures::load::row::{set_ids, FigureRow};
/// let mut rows = vec![FigureRow::default(), FigureRow::default()];
/// set_ids(&mut rows, "a.txt");
/// assert_eq!((rows[1].doc_id.as_str(), rows[1].figure_id.as_str()), ("a.txt", "a.txt#2"));
/// ```
pub fn set_ids(rows: &mut [FigureRow], doc_id: &str) {
    for (n, row) in rows.iter_mut().enumerate() {
        row.doc_id = doc_id.to_owned();
        row.figure_id = figure_id(doc_id, n + 1);
    }
}

/// A row of the `figures` table.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct FigureRow {
    /// The document's id.
    #[serde(with = "implied")]
    pub doc_id: String,
    /// Stable id: doc id + ordinal.
    #[serde(with = "implied")]
    pub figure_id: String,
    /// money, count, percent, rank.
    pub kind: Word,
    /// The figure as written, qualifier included.
    pub text: String,
    /// Character offset of `text` (Unicode scalar values).
    pub start: i64,
    /// Character offset just past `text`.
    pub end: i64,
    /// The amount in the stated unit or currency.
    #[serde(with = "compact")]
    pub value: Option<Decimal>,
    /// Lower bound.
    #[serde(with = "compact")]
    pub value_min: Option<Decimal>,
    /// Upper bound.
    #[serde(with = "compact")]
    pub value_max: Option<Decimal>,
    /// exact, approx, lower_bound, upper_bound, range.
    pub qualifier: Word,
    /// ISO 4217 code.
    pub currency: Option<Word>,
    /// How the currency was decided: written, context, default.
    pub currency_basis: Option<Word>,
    /// What a count counts; percent.
    pub unit: Option<String>,
    /// Who.
    pub actor: Option<String>,
    /// Verb lemma.
    pub action: Option<Word>,
    /// Who receives the figure (a subsidy's or grant's recipient).
    pub recipient: Option<String>,
    /// The place's name.
    pub location: Option<Word>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<Word>,
    /// The time phrase as written.
    pub period_text: Option<String>,
    /// First day.
    #[serde(with = "compact")]
    pub period_start: Option<NaiveDate>,
    /// Last day.
    #[serde(with = "compact")]
    pub period_end: Option<NaiveDate>,
    /// The finest unit the time phrase speaks in: day, week, month, quarter, half, year.
    pub period_grain: Option<Word>,
    /// The unit `value` is stated per, when it is a rate ("$1 billion a year": year).
    pub rate_per: Option<Word>,
    /// The document's publication date.
    #[serde(with = "compact")]
    pub published: Option<NaiveDate>,
    /// The run's reporting currency (money only).
    pub base_currency: Option<Word>,
    /// `value` in the base currency.
    #[serde(with = "compact")]
    pub base_value: Option<Decimal>,
    /// Base units per unit of currency.
    #[serde(with = "compact")]
    pub fx_rate: Option<Decimal>,
    /// The rate's date.
    #[serde(with = "compact")]
    pub fx_date: Option<NaiveDate>,
    /// identity, ECB, stated, user.
    pub fx_source: Option<Word>,
    /// `base_value` per year of the period.
    pub annual_base_value: Option<f64>,
    /// How many times the document states the figure.
    pub mentions: i64,
    /// The sentence the figure was taken from.
    pub sentence: String,
}

impl Table for FigureRow {
    const NAME: &'static str = "figures";
    const COLUMNS: &'static [Column] = &[
        col("doc_id", ColType::Utf8, "the document's id"),
        distinct(
            "figure_id",
            ColType::Utf8,
            "stable across reruns: doc id + ordinal in the document",
        ),
        col("kind", ColType::Utf8, "money, count, percent, rank"),
        col(
            "text",
            ColType::Utf8,
            "the figure as written, qualifier included",
        ),
        col(
            "start",
            ColType::Int64,
            "character offset of text in the document",
        ),
        col(
            "end",
            ColType::Int64,
            "character offset just past text (exclusive)",
        ),
        distinct(
            "value",
            ColType::Float64,
            "the amount in the stated unit or currency",
        ),
        col(
            "value_min",
            ColType::Float64,
            "lower bound, for ranges and qualifiers",
        ),
        col(
            "value_max",
            ColType::Float64,
            "upper bound, for ranges and qualifiers",
        ),
        col(
            "qualifier",
            ColType::Utf8,
            "exact, approx, lower_bound, upper_bound, range",
        ),
        col("currency", ColType::Utf8, "ISO 4217 code (money only)"),
        col(
            "currency_basis",
            ColType::Utf8,
            "how the currency was decided: written, context (the document), default",
        ),
        col(
            "unit",
            ColType::Utf8,
            "what a count counts; percent for percentages",
        ),
        col(
            "actor",
            ColType::Utf8,
            "who invests, spends, allocates, raises, ranks",
        ),
        col(
            "action",
            ColType::Utf8,
            "verb lemma: invest, spend, allocate...",
        ),
        col(
            "recipient",
            ColType::Utf8,
            "who receives the figure: the recipient of a grant, subsidy, loan, investment",
        ),
        col("location", ColType::Utf8, "the place the figure is about"),
        col("country_code", ColType::Utf8, "its ISO 3166-1 alpha-2 code"),
        col("period_text", ColType::Utf8, "the time phrase as written"),
        col("period_start", ColType::Date, "first day of the period"),
        col(
            "period_end",
            ColType::Date,
            "last day of the period (included)",
        ),
        col(
            "period_grain",
            ColType::Utf8,
            "the finest unit the time phrase speaks in: day, week, month, quarter, half, year",
        ),
        col(
            "rate_per",
            ColType::Utf8,
            "the unit value is stated per, for a rate (\"$1 billion a year\": year)",
        ),
        col(
            "published",
            ColType::Date,
            "the document's publication date",
        ),
        col(
            "base_currency",
            ColType::Utf8,
            "the reporting currency of the run",
        ),
        distinct(
            "base_value",
            ColType::Float64,
            "value converted to the base currency",
        ),
        col(
            "fx_rate",
            ColType::Float64,
            "base units per unit of currency",
        ),
        col("fx_date", ColType::Date, "the date of the rate used"),
        col("fx_source", ColType::Utf8, "identity, ECB, stated, user"),
        distinct(
            "annual_base_value",
            ColType::Float64,
            "base_value per year of the period",
        ),
        col(
            "mentions",
            ColType::Int64,
            "how many times the document states this figure",
        ),
        distinct(
            "sentence",
            ColType::Utf8,
            "the sentence the figure was taken from",
        ),
    ];

    cells!(self =>
        Cell::Str(&self.doc_id),
        Cell::Str(&self.figure_id),
        Cell::Str(&self.kind),
        Cell::Str(&self.text),
        Cell::Int(self.start),
        Cell::Int(self.end),
        dec(&self.value),
        dec(&self.value_min),
        dec(&self.value_max),
        Cell::Str(&self.qualifier),
        s(&self.currency),
        s(&self.currency_basis),
        s(&self.unit),
        s(&self.actor),
        s(&self.action),
        s(&self.recipient),
        s(&self.location),
        s(&self.country_code),
        s(&self.period_text),
        date(&self.period_start),
        date(&self.period_end),
        s(&self.period_grain),
        s(&self.rate_per),
        date(&self.published),
        s(&self.base_currency),
        dec(&self.base_value),
        dec(&self.fx_rate),
        date(&self.fx_date),
        s(&self.fx_source),
        self.annual_base_value.map_or(Cell::Null, Cell::Float),
        Cell::Int(self.mentions),
        Cell::Str(&self.sentence),
    );
}

/// A row of the `documents` table.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct DocumentRow {
    /// The document's id.
    pub doc_id: String,
    /// The input it was read from.
    pub source_path: String,
    /// The canonical URL the input states.
    pub url: Option<String>,
    /// ok, or rejected.
    pub status: String,
    /// The reject reason code, for rejected inputs.
    pub reason: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The publication date.
    #[serde(with = "compact")]
    pub published: Option<NaiveDate>,
    /// text, meta, record, option, none.
    pub published_source: Option<String>,
    /// The encoding the text was read in.
    pub encoding: Option<String>,
    /// Size of the document's bytes (decompressed; the line, for JSON Lines).
    pub bytes: i64,
    /// Length of the text in characters.
    pub chars: Option<i64>,
    /// How many figures it gave.
    pub figures: Option<i64>,
    /// SHA-256 of the document's bytes (of the line, for JSON Lines).
    pub sha256: String,
}

impl Table for DocumentRow {
    const NAME: &'static str = "documents";
    const COLUMNS: &'static [Column] = &[
        distinct("doc_id", ColType::Utf8, "the document's id"),
        col("source_path", ColType::Utf8, "the input it was read from"),
        col(
            "url",
            ColType::Utf8,
            "the canonical URL the input states (JSON Lines `url`, HTML `og:url` or canonical link, front matter `url`)",
        ),
        col("status", ColType::Utf8, "ok, or rejected"),
        col("reason", ColType::Utf8, "why it was rejected (see rejects)"),
        col(
            "title",
            ColType::Utf8,
            "the title, from the input or the text",
        ),
        col("published", ColType::Date, "the publication date"),
        col(
            "published_source",
            ColType::Utf8,
            "where the date came from: text (a date line or dateline), meta (HTML metadata, Markdown front matter), record (JSON Lines `published`), option (--published), none",
        ),
        col(
            "encoding",
            ColType::Utf8,
            "the encoding the text was read in: utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1, utf-8+windows-1252",
        ),
        col(
            "bytes",
            ColType::Int64,
            "size of the document in bytes (decompressed; the line, for JSON Lines)",
        ),
        col("chars", ColType::Int64, "length of the text in characters"),
        col("figures", ColType::Int64, "how many figures it gave"),
        distinct(
            "sha256",
            ColType::Utf8,
            "SHA-256 of the document's bytes (the line, for JSON Lines)",
        ),
    ];

    cells!(self =>
        Cell::Str(&self.doc_id),
        Cell::Str(&self.source_path),
        s(&self.url),
        Cell::Str(&self.status),
        s(&self.reason),
        s(&self.title),
        date(&self.published),
        s(&self.published_source),
        s(&self.encoding),
        Cell::Int(self.bytes),
        self.chars.map_or(Cell::Null, Cell::Int),
        self.figures.map_or(Cell::Null, Cell::Int),
        Cell::Str(&self.sha256),
    );
}

/// A row of the `rejects` table: an input that could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RejectRow {
    /// The input's path.
    pub path: String,
    /// The line, for JSON Lines.
    pub line: Option<i64>,
    /// A reason code: unreadable, too_large, binary, undecodable, empty, bad_json,
    /// duplicate_id, extract_failed.
    pub reason: String,
    /// A message for people.
    pub message: String,
}

impl Table for RejectRow {
    const NAME: &'static str = "rejects";
    const COLUMNS: &'static [Column] = &[
        col("path", ColType::Utf8, "the input's path"),
        col("line", ColType::Int64, "the line, for JSON Lines inputs"),
        col(
            "reason",
            ColType::Utf8,
            "unreadable, too_large, binary, undecodable, empty, bad_json, duplicate_id, extract_failed",
        ),
        col("message", ColType::Utf8, "what went wrong, for people"),
    ];

    cells!(self =>
        Cell::Str(&self.path),
        self.line.map_or(Cell::Null, Cell::Int),
        Cell::Str(&self.reason),
        Cell::Str(&self.message),
    );
}

/// The row as a JSON object, keys in column order (for `figures extract`).
pub fn to_json<T: Table>(row: &T) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    let mut m = serde_json::Map::new();
    row.each_cell(|i, cell| {
        let v = match cell {
            Cell::Null => Value::Null,
            Cell::Str(s) => Value::String(s.to_string()),
            Cell::Int(n) => Value::from(n),
            Cell::Dec(d) => decimal_json(d),
            Cell::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
            Cell::Date(d) => Value::String(d.to_string()),
        };
        m.insert(T::COLUMNS[i].name.to_string(), v);
    });
    m
}

/// A decimal as a JSON number: an integer when it is one, else the nearest float.
fn decimal_json(d: Decimal) -> serde_json::Value {
    let d = d.normalize();
    if d.fract().is_zero() {
        if let Ok(i) = i64::try_from(d) {
            return serde_json::Value::from(i);
        }
    }
    serde_json::Number::from_f64(decimal_f64(d))
        .map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// A row's ids in its serde form: as they are in human-readable formats, left out of
/// binary ones (the cache's postcard), where they were an eighth of an entry's bytes:
/// they follow from the document's id and the row's place ([`set_ids`]), and read back
/// empty.
mod implied {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            v.serialize(s)
        } else {
            ().serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        if d.is_human_readable() {
            String::deserialize(d)
        } else {
            <()>::deserialize(d).map(|()| String::new())
        }
    }
}

/// Decimals and dates in a row's serde form: their usual form in human-readable
/// formats (JSON: a decimal's digits as a string, a date as ISO 8601), a compact one in
/// binary formats (the cache's postcard), written and read without formatting or
/// parsing text: a decimal's scale and mantissa, a date's day number (from 0001-01-01).
mod compact {
    use chrono::{Datelike, NaiveDate};
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// A value with a compact binary form.
    pub trait Compact: Copy + Serialize + for<'de> Deserialize<'de> {
        /// The compact form.
        type Form: Serialize + for<'de> Deserialize<'de>;
        fn compact(self) -> Self::Form;
        fn expand(form: Self::Form) -> Option<Self>;
    }

    /// A decimal as its scale and its mantissa, which postcard writes as a varint: 6 to
    /// 9 bytes for most amounts and rates, not 16.
    impl Compact for Decimal {
        type Form = (u8, i128);
        fn compact(self) -> (u8, i128) {
            (self.scale() as u8, self.mantissa())
        }
        fn expand((scale, mantissa): (u8, i128)) -> Option<Decimal> {
            Decimal::try_from_i128_with_scale(mantissa, u32::from(scale)).ok()
        }
    }

    impl Compact for NaiveDate {
        type Form = i32;
        fn compact(self) -> i32 {
            self.num_days_from_ce()
        }
        fn expand(form: i32) -> Option<NaiveDate> {
            NaiveDate::from_num_days_from_ce_opt(form)
        }
    }

    /// A value in the form its serializer calls for.
    struct InForm<T>(T);

    impl<T: Compact> Serialize for InForm<T> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                self.0.serialize(s)
            } else {
                self.0.compact().serialize(s)
            }
        }
    }

    impl<'de, T: Compact> Deserialize<'de> for InForm<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<InForm<T>, D::Error> {
            if d.is_human_readable() {
                T::deserialize(d).map(InForm)
            } else {
                T::expand(T::Form::deserialize(d)?)
                    .map(InForm)
                    .ok_or_else(|| serde::de::Error::custom("a value out of range"))
            }
        }
    }

    pub fn serialize<T: Compact, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        v.map(InForm).serialize(s)
    }

    pub fn deserialize<'de, T: Compact, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<InForm<T>>::deserialize(d)?.map(|f| f.0))
    }
}

/// The nearest float to a decimal (correctly rounded): its mantissa divided by its
/// power of ten when both are exact floats (one IEEE division rounds correctly),
/// else through its exact digits.
pub fn decimal_f64(d: Decimal) -> f64 {
    const EXACT: i128 = 1 << 53;
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let m = d.mantissa();
    if let Some(&p) = POW10.get(d.scale() as usize) {
        if (-EXACT..=EXACT).contains(&m) {
            // within 64 bits: one instruction converts it (an i128 takes a call)
            return m as i64 as f64 / p;
        }
    }
    // the nearest float to the decimal, as the parser rounds its digits, written as the
    // CSV writes them, not through the decimal's `Display` (slower) and a string
    let mut digits = Vec::with_capacity(48);
    crate::load::csv::push_decimal(&mut digits, d);
    std::str::from_utf8(&digits)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN)
}

/// A float in full, never in exponent form (Rust's `Display` for `f64` prints the
/// shortest digits that read back to the same float, and never an exponent).
pub fn float_text(f: f64) -> String {
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_dates_keep_their_values_in_binary_and_text_forms() {
        let row = FigureRow {
            value: Some("15240000000.50".parse().unwrap()),
            value_min: Some("-0.000001".parse().unwrap()),
            fx_rate: Some(Decimal::MAX),
            period_start: NaiveDate::from_ymd_opt(2027, 12, 31),
            fx_date: NaiveDate::from_ymd_opt(1, 1, 1),
            ..FigureRow::default()
        };
        let bin = postcard::to_stdvec(&row).unwrap();
        assert_eq!(postcard::from_bytes::<FigureRow>(&bin).unwrap(), row);
        let back: FigureRow = postcard::from_bytes(&bin).unwrap();
        assert_eq!(back.value.unwrap().to_string(), "15240000000.50");
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["value"], "15240000000.50");
        assert_eq!(json["period_start"], "2027-12-31");
        assert_eq!(serde_json::from_value::<FigureRow>(json).unwrap(), row);

        // the ids: in JSON, not in the binary form, which reads them back empty
        let mut rows = vec![FigureRow {
            unit: Some("jobs".into()),
            ..row
        }];
        set_ids(&mut rows, "some/article.txt");
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(json["figure_id"], "some/article.txt#1");
        let bin = postcard::to_stdvec(&rows[0]).unwrap();
        assert!(!bin.windows(7).any(|w| w == b"article"));
        let mut back = vec![postcard::from_bytes::<FigureRow>(&bin).unwrap()];
        assert_eq!(
            (back[0].doc_id.as_str(), back[0].unit.as_deref()),
            ("", Some("jobs"))
        );
        set_ids(&mut back, "some/article.txt");
        assert_eq!(back, rows);
        // a decimal takes its scale and a varint, not 16 bytes
        let small = FigureRow {
            value: Some(Decimal::new(1524, 2)),
            ..FigureRow::default()
        };
        let zero = FigureRow::default();
        let (small, zero) = (
            postcard::to_stdvec(&small).unwrap(),
            postcard::to_stdvec(&zero).unwrap(),
        );
        assert_eq!(
            small.len() - zero.len(),
            1 + 2,
            "scale, then 1524 zigzagged"
        );
    }

    #[test]
    fn decimal_f64_rounds_as_parsing_the_digits_does() {
        // a deterministic spread of mantissas and scales, the fast path's edges included
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut mantissas = vec![0i64, 1, -1, (1 << 53) - 1, 1 << 53, (1 << 53) + 1, i64::MAX];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            mantissas.push((x >> (x % 64)) as i64);
        }
        for (k, &m) in mantissas.iter().enumerate() {
            for scale in [0, 1, 2, 6, 12, 15, 22, 23, 28] {
                let m = if k % 2 == 0 { m } else { m.wrapping_neg() };
                let d = Decimal::new(m, scale);
                let slow: f64 = d.normalize().to_string().parse().unwrap();
                assert_eq!(decimal_f64(d).to_bits(), slow.to_bits(), "{d}");
            }
        }
    }

    fn check_columns<T: Table + Default>() {
        let row = T::default();
        let names: Vec<_> = T::COLUMNS.iter().map(|c| c.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{}: duplicate column", T::NAME);
        // every column has a cell, in order, and nothing past the last one
        let mut indices = Vec::new();
        row.each_cell(|i, _| indices.push(i));
        assert_eq!(
            indices,
            (0..T::COLUMNS.len()).collect::<Vec<_>>(),
            "{}",
            T::NAME
        );
        assert_eq!(row.cell(T::COLUMNS.len()), Cell::Null);
    }

    #[test]
    fn tables_are_consistent() {
        check_columns::<FigureRow>();
        check_columns::<DocumentRow>();
        check_columns::<RejectRow>();
    }

    /// The cells `each_cell` gives, in order.
    fn each<T: Table>(row: &T) -> Vec<(usize, Cell<'_>)> {
        let mut cells = Vec::new();
        row.each_cell(|i, c| cells.push((i, c)));
        cells
    }

    #[test]
    fn each_cell_gives_the_cells_that_cell_gives() {
        let figure = FigureRow {
            doc_id: "d".into(),
            figure_id: "d#1".into(),
            kind: "money".into(),
            text: "$5 billion".into(),
            start: 3,
            end: 13,
            value: Some(Decimal::new(5_000_000_000, 0)),
            value_min: Some(Decimal::new(4, 0)),
            value_max: Some(Decimal::new(6, 0)),
            qualifier: "range".into(),
            currency: Some("USD".into()),
            currency_basis: Some("written".into()),
            unit: Some("u".into()),
            actor: Some("a".into()),
            action: Some("invest".into()),
            recipient: Some("r".into()),
            location: Some("Japan".into()),
            country_code: Some("JP".into()),
            period_text: Some("by 2027".into()),
            period_start: NaiveDate::from_ymd_opt(2025, 1, 2),
            period_end: NaiveDate::from_ymd_opt(2027, 12, 31),
            period_grain: Some("year".into()),
            rate_per: Some("month".into()),
            published: NaiveDate::from_ymd_opt(2025, 1, 1),
            base_currency: Some("EUR".into()),
            base_value: Some(Decimal::new(46, 1)),
            fx_rate: Some(Decimal::new(92, 2)),
            fx_date: NaiveDate::from_ymd_opt(2024, 12, 31),
            fx_source: Some("ECB".into()),
            annual_base_value: Some(1.5),
            mentions: 2,
            sentence: "s".into(),
        };
        let document = DocumentRow {
            doc_id: "d".into(),
            source_path: "p".into(),
            url: Some("u".into()),
            status: "ok".into(),
            reason: Some("r".into()),
            title: Some("t".into()),
            published: NaiveDate::from_ymd_opt(2025, 1, 1),
            published_source: Some("text".into()),
            encoding: Some("utf-8".into()),
            bytes: 7,
            chars: Some(6),
            figures: Some(5),
            sha256: "h".into(),
        };
        let reject = RejectRow {
            path: "p".into(),
            line: Some(3),
            reason: "empty".into(),
            message: "m".into(),
        };
        fn check<T: Table>(row: &T) {
            let by_index: Vec<_> = (0..T::COLUMNS.len()).map(|i| (i, row.cell(i))).collect();
            assert_eq!(each(row), by_index, "{}", T::NAME);
            // no cell of these rows is empty: a cell given for the wrong column shows
            assert!(
                by_index.iter().all(|(_, c)| *c != Cell::Null),
                "{}",
                T::NAME
            );
        }
        check(&figure);
        check(&document);
        check(&reject);
        assert_eq!(each(&FigureRow::default()).len(), FigureRow::COLUMNS.len());
    }

    /// The contract's column order: DESIGN.md, with `currency_basis` after `currency`
    /// (the money issue added it) and `period_grain`, `rate_per` after `period_end`
    /// (the time issue added them).
    #[test]
    fn figure_columns_follow_the_contract() {
        let names: Vec<_> = FigureRow::COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(
            names.join(","),
            "doc_id,figure_id,kind,text,start,end,value,value_min,value_max,qualifier,\
             currency,currency_basis,unit,actor,action,recipient,location,country_code,period_text,\
             period_start,period_end,period_grain,rate_per,published,base_currency,base_value,\
             fx_rate,fx_date,fx_source,annual_base_value,mentions,sentence"
        );
    }

    #[test]
    fn numbers_are_exact_and_never_in_exponent_form() {
        assert_eq!(
            decimal_f64("15.24".parse::<Decimal>().unwrap() * Decimal::from(1_000_000_000)),
            15240000000.0
        );
        assert_eq!(float_text(1e21), "1000000000000000000000");
        assert_eq!(float_text(1.45e9), "1450000000");
        assert_eq!(float_text(1e-7), "0.0000001");
        assert_eq!(
            decimal_json("2900000000".parse().unwrap()).to_string(),
            "2900000000"
        );
    }
}
