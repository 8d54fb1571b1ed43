//! Transform: from raw [`Figure`]s to the rows of the `figures` table.
//!
//! It settles what needs arithmetic, calendars or reference data: the ISO code of each
//! currency and the conversion to the base currency ([`currency`]), the dates of each
//! period against the publication date ([`period`]), the annual amount, and the merging
//! of a figure stated more than once ([`merge`]).

pub mod currency;
pub mod merge;
pub mod period;
pub mod rates;

use rust_decimal::Decimal;

use crate::document::Document;
use crate::extract::actor::names::{kind_of, ActorKind};
use crate::extract::text::char_offsets;
use crate::extract::{Figure, Kind};
use crate::lexicon::lexicon;
use crate::load::row::FigureRow;
use merge::Mergeable;
use period::Dates;

/// The transformer's settings.
#[derive(Debug, Clone)]
pub struct Normalizer {
    /// The base currency's code, borrowed from the lexicon: no copy in every row.
    base: &'static str,
    rates: rates::Rates,
    /// The conversions looked up so far ([`Normalizer::conversion`]), shared by the
    /// clones (the workers) of this transformer.
    memo: std::sync::Arc<std::sync::Mutex<Memo>>,
}

/// The conversions to the base currency looked up before, by currency and day: every
/// document of a day has the same ones, and a lookup (the rate tables searched, a
/// division, a rounding) costs more than 3,000 instructions, 1% of a run's over 10 MB
/// of generated articles.
type Memo =
    rustc_hash::FxHashMap<(&'static str, Option<chrono::NaiveDate>), Option<rates::Conversion>>;

/// The most conversions kept: the days of a few years of every currency; the memo
/// starts again beyond.
const MEMO_MAX: usize = 1 << 16;

/// A figure with its currency and period resolved, before merging.
struct Resolved<'a> {
    fig: &'a Figure,
    currency: Option<(&'static str, currency::Basis)>,
    /// The restated amounts' currencies, resolved.
    restated: Vec<Option<&'static str>>,
    dates: Dates,
}

impl Mergeable for Resolved<'_> {
    /// Kind, the amount's value and bounds (decimals compare by value: 1.50 = 1.5),
    /// currency, unit.
    type Key<'a>
        = (Kind, [Option<Decimal>; 3], Option<&'a str>, Option<&'a str>)
    where
        Self: 'a;
    type Period<'a>
        = (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)
    where
        Self: 'a;

    fn key(&self) -> Self::Key<'_> {
        let a = &self.fig.amount;
        (
            self.fig.kind,
            [a.value, a.min, a.max],
            self.currency.map(|c| c.0),
            self.fig.unit.as_deref(),
        )
    }
    fn actor(&self) -> Option<&str> {
        self.fig.actor.as_deref()
    }
    fn period(&self) -> Option<Self::Period<'_>> {
        self.fig
            .period
            .as_ref()
            .map(|_| (self.dates.start, self.dates.end))
    }
    fn in_heading(&self) -> bool {
        self.fig.in_heading
    }
}

impl Normalizer {
    /// A transformer that reports money in `base_currency` (an ISO 4217 code).
    ///
    /// # Example
    ///
    /// ```
    /// use figures::transform::Normalizer;
    /// assert!(Normalizer::new("USD").is_ok());
    /// assert!(Normalizer::new("XYZ").is_err());
    /// ```
    pub fn new(base_currency: &str) -> anyhow::Result<Normalizer> {
        Normalizer::with_rates(base_currency, None)
    }

    /// A transformer with the user's rates (`--rates FILE`) beside the bundled ECB ones.
    pub fn with_rates(
        base_currency: &str,
        user: Option<rates::RateTable>,
    ) -> anyhow::Result<Normalizer> {
        let code = base_currency.trim().to_ascii_uppercase();
        let known = lexicon()
            .currencies
            .get_exact(&code)
            .filter(|f| f.code == code);
        let Some(known) = known else {
            anyhow::bail!("unknown base currency {base_currency:?}: expected an ISO 4217 code such as USD, EUR or JPY");
        };
        let code = known.code.as_str();
        let convertible = code == "EUR"
            || rates::RateTable::bundled_has(code)
            || user.as_ref().is_some_and(|u| u.latest(code).is_some());
        anyhow::ensure!(
            convertible,
            "the base currency {code} has no exchange rates in the bundled ECB table: give them with --rates FILE"
        );
        Ok(Normalizer {
            base: code,
            rates: rates::Rates::new(user),
            memo: Default::default(),
        })
    }

    /// The base currency.
    pub fn base_currency(&self) -> &str {
        self.base
    }

    /// How amounts in `code` come to the base currency on `date`
    /// ([`rates::Rates::conversion`]), from the memo when it was asked before.
    fn conversion(
        &self,
        code: &'static str,
        date: Option<chrono::NaiveDate>,
    ) -> Option<rates::Conversion> {
        let key = (code, date);
        // a poisoned memo holds whole entries: a panic cannot leave one half-written
        if let Some(c) = self
            .memo
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return c.clone();
        }
        // looked up outside the lock: another worker may do the same meanwhile, to the
        // same result
        let c = self.rates.conversion(code, self.base, date);
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() >= MEMO_MAX {
            memo.clear();
        }
        memo.insert(key, c.clone());
        c
    }

    /// The rows of a document's figures: resolved, merged, numbered in order of first
    /// appearance.
    pub fn normalize(&self, doc: &Document, figures: &[Figure]) -> Vec<FigureRow> {
        let mut ctx = currency::CurrencyContext::new(doc.locale_country().as_deref());
        let resolved: Vec<Resolved> = figures
            .iter()
            .map(|fig| {
                let currency = fig.currency.as_ref().map(|c| ctx.resolve(c));
                let main = currency.map(|c| c.0);
                let restated = fig
                    .restated
                    .iter()
                    .map(|r| Some(ctx.resolve_restating(&r.currency, main).0))
                    .collect();
                (fig, currency, restated)
            })
            .map(|(fig, currency, restated)| Resolved {
                fig,
                currency,
                restated,
                dates: fig
                    .period
                    .as_ref()
                    .map(|p| period::resolve(p, doc.published, fiscal_of(fig)))
                    .unwrap_or_default(),
            })
            .collect();
        let groups = merge::group(&resolved);
        let mut offsets = Vec::with_capacity(groups.len() * 2);
        for g in &groups {
            let span = &resolved[g.primary].fig.span;
            offsets.push(span.start);
            offsets.push(span.end);
        }
        let chars = char_offsets(&doc.text, &offsets);
        let mut rows: Vec<FigureRow> = groups
            .iter()
            .enumerate()
            .map(|(n, g)| {
                let mut row = self.row(doc, &resolved, g);
                row.start = chars[2 * n] as i64;
                row.end = chars[2 * n + 1] as i64;
                row
            })
            .collect();
        // the ids by the one rule the cache also restores them with
        crate::load::row::set_ids(&mut rows, &doc.id);
        rows
    }

    fn row(&self, doc: &Document, resolved: &[Resolved], g: &merge::Group) -> FigureRow {
        let p = &resolved[g.primary];
        let fig = p.fig;
        // what the kept statement leaves empty, the others may say
        let first = |f: &dyn Fn(&Resolved) -> Option<String>| {
            std::iter::once(g.primary)
                .chain(g.members.iter().copied())
                .find_map(|m| f(&resolved[m]))
        };
        let actor = first(&|r| r.fig.actor.clone());
        let action = std::iter::once(g.primary)
            .chain(g.members.iter().copied())
            .find_map(|m| resolved[m].fig.action);
        let place = std::iter::once(g.primary)
            .chain(g.members.iter().copied())
            .find_map(|m| resolved[m].fig.place);
        let recipient = first(&|r| r.fig.recipient.clone());
        let (period_text, grain, dates) = std::iter::once(g.primary)
            .chain(g.members.iter().copied())
            .find_map(|m| {
                let r = &resolved[m];
                r.fig
                    .period
                    .as_ref()
                    .map(|pd| (Some(pd.text.clone()), Some(pd.expr.grain().into()), r.dates))
            })
            .unwrap_or((None, None, Dates::default()));

        let mut row = FigureRow {
            kind: fig.kind.as_str().into(),
            text: doc.text[fig.span.clone()].to_string(),
            value: fig.amount.value,
            value_min: fig.amount.min,
            value_max: fig.amount.max,
            qualifier: fig.amount.qualifier.as_str().into(),
            currency: p.currency.map(|c| c.0.into()),
            currency_basis: p.currency.as_ref().map(|c| c.1.as_str().into()),
            unit: fig.unit.clone(),
            actor,
            action: action.map(Into::into),
            recipient,
            location: place.map(|p| p.name.into()),
            country_code: place.map(|p| p.code.into()),
            period_text,
            period_start: dates.start,
            period_end: dates.end,
            period_grain: grain,
            rate_per: fig.rate.map(|u| u.as_str().into()),
            published: doc.published,
            mentions: g.members.len() as i64,
            sentence: doc.text[fig.sentence.clone()].to_string(),
            ..FigureRow::default()
        };
        if fig.kind == Kind::Money {
            row.base_currency = Some(self.base.into());
            if let (Some((code, _)), Some(value)) = (p.currency, fig.amount.value) {
                // the base currency itself, then what the text states, then a table
                // rate: the conversion from this currency on the document's day, looked
                // up once for all the documents of that day
                let convert = || {
                    let c = self.conversion(code, doc.published)?;
                    let converted = c.apply(value)?;
                    Some((c.fx, converted))
                };
                let fx = if code == self.base {
                    convert()
                } else {
                    self.stated(p, value, doc.published).or_else(convert)
                };
                let fx = fx.map(|(f, v)| (v, f));
                if let Some((base_value, fx)) = fx {
                    row.base_value = Some(base_value);
                    row.fx_rate = Some(fx.rate);
                    row.fx_date = fx.date;
                    row.fx_source = Some(fx.source.into());
                }
            }
            match fig.rate.and_then(|u| u.per_year()) {
                // a rate: the stated amount is per unit; the base value is the total
                // over the period, when the text gives one
                Some(per_year) => {
                    let yearly = row
                        .base_value
                        .and_then(|v| v.checked_mul(Decimal::from(per_year)));
                    row.annual_base_value =
                        yearly.map(|y| crate::load::row::decimal_f64(y.normalize()));
                    row.base_value = yearly
                        .zip(period::years(&dates))
                        .and_then(|(y, n)| y.checked_mul(n))
                        .map(|v| v.round_dp(6).normalize());
                }
                None => row.annual_base_value = annual(row.base_value, &dates),
            }
        }
        row
    }

    /// The conversion the text states: the amount restated in the base currency
    /// ("2.26 trillion yen ($15.24 billion)"): that amount, and the rate it implies.
    fn stated(
        &self,
        r: &Resolved,
        value: Decimal,
        date: Option<chrono::NaiveDate>,
    ) -> Option<(rates::Fx, Decimal)> {
        if value.is_zero() {
            return None;
        }
        r.fig
            .restated
            .iter()
            .zip(&r.restated)
            .find_map(|(s, code)| {
                let base_value = s.amount.value?;
                (code.as_deref() == Some(self.base)).then(|| {
                    let fx = rates::Fx {
                        rate: base_value
                            .checked_div(value)
                            .unwrap_or_default()
                            .round_sf(12)
                            .unwrap_or_default()
                            .normalize(),
                        date,
                        source: "stated",
                    };
                    (fx, base_value)
                })
            })
    }
}

/// The fiscal year convention of a figure: the one its document states, else its
/// actor's country's (a government keeps its country's government year: `US-federal`
/// for the United States), else its place's, else the calendar year. Each thread
/// remembers the actors' countries ([`crate::extract::place::of_actor`]).
fn fiscal_of(fig: &Figure) -> period::Fiscal {
    if let Some(m) = fig.fiscal_end {
        return period::Fiscal::ending_in(m);
    }
    // the actor's kind as extraction reads it (a government word among its words, or a
    // phrase of them): one definition, remembered per name
    let government = || {
        fig.actor
            .as_deref()
            .is_some_and(|a| kind_of(a) == ActorKind::Gov)
    };
    let nation = fig
        .actor
        .as_deref()
        .and_then(crate::extract::place::of_actor);
    match nation.or(fig.place).map(|l| l.code) {
        Some("US") if government() => period::Fiscal::of("US-federal"),
        Some(code) => period::Fiscal::of(code),
        None => period::Fiscal::default(),
    }
}

/// A total spread evenly over its period, per year.
fn annual(total: Option<Decimal>, dates: &Dates) -> Option<f64> {
    let years = period::years(dates)?;
    let per_year = total?.checked_div(years)?;
    Some(crate::load::row::decimal_f64(per_year.round_dp(6)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Given;
    use crate::extract::Extractor;

    /// The period dates of the first figure of `text`, published on 9 July 2024.
    fn period_of(text: &str) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
        let given = Given {
            published: chrono::NaiveDate::from_ymd_opt(2024, 7, 9),
            ..Given::default()
        };
        let doc = Document::new("a.txt", text, &given);
        let mut figures = Vec::new();
        Extractor::new().extract(&doc, &mut figures);
        let rows = Normalizer::new("USD").unwrap().normalize(&doc, &figures);
        let row = rows.first().expect("a figure");
        (row.period_start, row.period_end)
    }

    #[test]
    fn a_remembered_conversion_is_the_one_of_its_own_day() {
        // the same currency on three days, two of them the same: each row as a
        // transformer that never saw the others makes it
        let rows = |n: &Normalizer, day: u32| {
            let given = Given {
                published: chrono::NaiveDate::from_ymd_opt(2024, 3, day),
                ..Given::default()
            };
            let doc = Document::new("a.txt", "Siemens will invest €5 million in Texas.", &given);
            let mut figures = Vec::new();
            Extractor::new().extract(&doc, &mut figures);
            n.normalize(&doc, &figures)
        };
        let shared = Normalizer::new("USD").unwrap();
        let worker = shared.clone();
        let mut dates = Vec::new();
        for (n, day) in [(&shared, 4), (&worker, 4), (&shared, 8), (&worker, 4)] {
            let row = rows(n, day).pop().expect("a figure");
            let fresh = rows(&Normalizer::new("USD").unwrap(), day)
                .pop()
                .expect("a figure");
            assert_eq!(
                (row.fx_rate, row.fx_date, row.base_value),
                (fresh.fx_rate, fresh.fx_date, fresh.base_value)
            );
            assert!(row.fx_rate.is_some(), "converted");
            dates.push(row.fx_date);
        }
        assert_eq!(dates[0], dates[1]);
        assert_ne!(dates[0], dates[2], "a later day's rate");
    }

    #[test]
    fn a_us_government_actor_keeps_the_federal_fiscal_year() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        // October to September
        assert_eq!(
            period_of("The US Department of Energy will spend $5 billion in fiscal 2025."),
            (d(2024, 10, 1), d(2025, 9, 30))
        );
        // a company in the US: the calendar year
        assert_eq!(
            period_of("Intel will spend $5 billion in Ohio in fiscal 2025."),
            (d(2025, 1, 1), d(2025, 12, 31))
        );
    }
}
