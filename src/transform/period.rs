//! Periods: a time phrase resolved to start and end dates against the publication date.
//!
//! Conventions (DESIGN.md): both ends are included; "by 2027" ends on 2027-12-31; a
//! period whose start the text leaves out starts on the publication date; "over the
//! next decade" from 2024-07-09 ends on 2034-07-08; a month, quarter or weekday without
//! its year is the most recent one not after the publication date ("in April", July
//! 2024 → April 2024), or the next one when the clause speaks of the future ("will ...
//! in April"). "Early", "mid" and "late" in a year are its thirds (January to April, May
//! to August, September to December). A fiscal year follows the convention of whoever
//! keeps it ([`Fiscal`]).

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;

use crate::extract::period::{duration::Duration, Part, Point, TimeExpr};
use crate::extract::Period;
use crate::lexicon::{lexicon, FiscalConvention, TimeUnit};

/// A resolved period: either end may stay unknown (no publication date to count from,
/// or an open end: "from 2026 onward").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dates {
    /// First day, included.
    pub start: Option<NaiveDate>,
    /// Last day, included.
    pub end: Option<NaiveDate>,
}

/// A fiscal year convention: the month it starts, and whether "fiscal 2025" is named by
/// the calendar year it ends in (India, the US federal government) or starts in (Japan).
/// The calendar year is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fiscal(pub FiscalConvention);

impl Default for Fiscal {
    fn default() -> Self {
        Fiscal(FiscalConvention {
            start: 1,
            named_by_end: true,
        })
    }
}

impl Fiscal {
    /// The convention of a country (ISO code) or of `US-federal`, from
    /// `data/fiscal_years.tsv`; the calendar year when the table has none.
    pub fn of(who: &str) -> Fiscal {
        lexicon()
            .fiscal_years
            .get(who)
            .map_or_else(Fiscal::default, |c| Fiscal(*c))
    }

    /// A fiscal year that ends in `month` (as a text states it), named by its end.
    pub fn ending_in(month: u32) -> Fiscal {
        Fiscal(FiscalConvention {
            start: month % 12 + 1,
            named_by_end: true,
        })
    }

    /// The first day of the fiscal year labelled `label`.
    fn start_of(&self, label: i32) -> Option<NaiveDate> {
        let c = self.0;
        let year = if c.start == 1 || !c.named_by_end {
            label
        } else {
            label - 1
        };
        NaiveDate::from_ymd_opt(year, c.start, 1)
    }
}

/// Resolves a figure's period against the publication date, with the fiscal convention
/// of whoever the figure belongs to.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use figures::extract::{Period, period::{Point, TimeExpr, duration::Duration}};
/// use figures::transform::period::{resolve, Fiscal};
/// let published = NaiveDate::from_ymd_opt(2024, 7, 9);
/// let p = Period {
///     text: "over the next two years".into(),
///     expr: TimeExpr::Span { length: Duration { months: 24, ..Duration::default() }, past: false },
///     anchor: Some(TimeExpr::At(Point::Month(None, 4))),
///     future: false,
/// };
/// let d = resolve(&p, published, Fiscal::default());
/// assert_eq!(d.start.unwrap().to_string(), "2024-04-01");
/// assert_eq!(d.end.unwrap().to_string(), "2026-03-31");
/// ```
pub fn resolve(p: &Period, published: Option<NaiveDate>, fiscal: Fiscal) -> Dates {
    let r = Resolver {
        published,
        future: p.future,
        fiscal,
    };
    match p.expr {
        TimeExpr::Span {
            length,
            past: false,
        } => {
            // an anchor says when the span began: an announcement, a past month ("said on
            // Monday", "... in April"), resolved as the past whatever the clause's tense
            let past = Resolver { future: false, ..r };
            let start = match &p.anchor {
                Some(a) => past.expr(a).start,
                None => published,
            };
            Dates {
                start,
                end: start.and_then(|s| after(s, &length)),
            }
        }
        ref e => r.expr(e),
    }
}

/// The last day of a stretch of `length` that starts on `start`.
fn after(start: NaiveDate, length: &Duration) -> Option<NaiveDate> {
    start
        .checked_add_months(Months::new(length.months))?
        .checked_add_days(Days::new(u64::from(length.days)))?
        .pred_opt()
}

/// The first day of a stretch of `length` that ends on `end`.
fn before(end: NaiveDate, length: &Duration) -> Option<NaiveDate> {
    end.succ_opt()?
        .checked_sub_months(Months::new(length.months))?
        .checked_sub_days(Days::new(u64::from(length.days)))
}

#[derive(Clone, Copy)]
struct Resolver {
    published: Option<NaiveDate>,
    future: bool,
    fiscal: Fiscal,
}

fn span(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Dates {
    Dates { start, end }
}

fn year_bounds(y: i32) -> Dates {
    span(
        NaiveDate::from_ymd_opt(y, 1, 1),
        NaiveDate::from_ymd_opt(y, 12, 31),
    )
}

/// `months` months from the first day of month `m` of year `y`.
fn months_from(y: i32, m: u32, months: u32) -> Dates {
    let start = NaiveDate::from_ymd_opt(y, m, 1);
    span(
        start,
        start.and_then(|s| {
            after(
                s,
                &Duration {
                    months,
                    ..Duration::default()
                },
            )
        }),
    )
}

impl Resolver {
    fn expr(&self, e: &TimeExpr) -> Dates {
        let pubd = self.published;
        match *e {
            TimeExpr::At(p) => self.point(p, self.future),
            TimeExpr::Until(p) => span(pubd, self.point(p, true).end),
            TimeExpr::Before(p) => span(pubd, self.point(p, true).start.and_then(|d| d.pred_opt())),
            TimeExpr::Since(p) => span(self.point(p, false).start, pubd),
            TimeExpr::From(p) => span(self.point(p, self.future).start, None),
            TimeExpr::Between(a, b) => {
                // "from January to March": both ends in one tense; an end before the
                // start is in the year after
                let start = self.point(a, self.future).start;
                let mut end = self.point(b, self.future).end;
                if end < start {
                    end = self.point(b, true).end;
                }
                span(start, end)
            }
            TimeExpr::Span { length, past } => match (pubd, past) {
                (Some(d), true) => span(before(d, &length), Some(d)),
                (Some(d), false) => span(Some(d), after(d, &length)),
                (None, _) => Dates::default(),
            },
            TimeExpr::Ending { length, end } => {
                let last = self.point(end, false).end;
                span(last.and_then(|l| before(l, &length)), last)
            }
            TimeExpr::YearToDate => span(pubd.and_then(|d| d.with_ordinal(1)), pubd),
            TimeExpr::RestOfYear => span(
                pubd,
                pubd.and_then(|d| NaiveDate::from_ymd_opt(d.year(), 12, 31)),
            ),
        }
    }

    /// The year of a month (or day, quarter) written without one: the most recent
    /// not after the publication date, or the first not before it in the future. The
    /// stretch is compared by its first and last day: "in July" in an article of July 9
    /// is this July either way.
    fn infer(&self, future: bool, dates_in: impl Fn(i32) -> Dates) -> Dates {
        let Some(p) = self.published else {
            return Dates::default();
        };
        let this = dates_in(p.year());
        let (Some(s), Some(e)) = (this.start, this.end) else {
            return Dates::default();
        };
        if future {
            if e < p {
                dates_in(p.year() + 1)
            } else {
                this
            }
        } else if s > p {
            dates_in(p.year() - 1)
        } else {
            this
        }
    }

    fn point(&self, p: Point, future: bool) -> Dates {
        match p {
            Point::Year(y) => year_bounds(y),
            Point::Month(Some(y), m) => months_from(y, m, 1),
            Point::Month(None, m) => self.infer(future, |y| months_from(y, m, 1)),
            Point::Day(y, m, d) => {
                let day = |y: i32| {
                    let x = NaiveDate::from_ymd_opt(y, m, d);
                    span(x, x)
                };
                match y {
                    Some(y) => day(y),
                    None => self.infer(future, day),
                }
            }
            Point::Weekday(wd) => {
                let Some(p) = self.published else {
                    return Dates::default();
                };
                let today = p.weekday().number_from_monday();
                let day = if future {
                    p + Days::new(u64::from((wd + 7 - today) % 7))
                } else {
                    p - Days::new(u64::from((today + 7 - wd) % 7))
                };
                span(Some(day), Some(day))
            }
            Point::Quarter(Some(y), q) => months_from(y, 3 * q - 2, 3),
            Point::Quarter(None, q) => self.infer(future, |y| months_from(y, 3 * q - 2, 3)),
            Point::Half(Some(y), h) => months_from(y, 6 * h - 5, 6),
            Point::Half(None, h) => self.infer(future, |y| months_from(y, 6 * h - 5, 6)),
            Point::Part(y, part) => match part {
                Part::Early => months_from(y, 1, 4),
                Part::Mid => months_from(y, 5, 4),
                Part::Late => months_from(y, 9, 4),
            },
            Point::Decade(y) => span(year_bounds(y).start, year_bounds(y + 9).end),
            Point::FiscalYear(label) => match self.fiscal.start_of(label) {
                Some(s) => span(
                    Some(s),
                    after(
                        s,
                        &Duration {
                            months: 12,
                            ..Duration::default()
                        },
                    ),
                ),
                None => Dates::default(),
            },
            Point::FiscalSpan(first) => {
                // "FY2024-25": a fiscal year across two calendar years, April by default
                let start = if self.fiscal.0.start == 1 {
                    4
                } else {
                    self.fiscal.0.start
                };
                months_from(first, start, 12)
            }
            Point::FiscalQuarter(label, q) => match self.fiscal.start_of(label) {
                Some(s) => {
                    let qs = s.checked_add_months(Months::new(3 * (q - 1)));
                    span(
                        qs,
                        qs.and_then(|x| {
                            after(
                                x,
                                &Duration {
                                    months: 3,
                                    ..Duration::default()
                                },
                            )
                        }),
                    )
                }
                None => Dates::default(),
            },
            Point::FiscalEnding(y, m) => {
                let end = months_from(y, m, 1).end;
                span(
                    end.and_then(|e| {
                        before(
                            e,
                            &Duration {
                                months: 12,
                                ..Duration::default()
                            },
                        )
                    }),
                    end,
                )
            }
            Point::Rel(unit, o) => self.relative(unit, o),
        }
    }

    fn relative(&self, unit: TimeUnit, o: i32) -> Dates {
        let Some(p) = self.published else {
            return Dates::default();
        };
        let shift = |d: NaiveDate, months: i32| {
            if months >= 0 {
                d.checked_add_months(Months::new(months as u32))
            } else {
                d.checked_sub_months(Months::new(months.unsigned_abs()))
            }
        };
        match unit {
            TimeUnit::Day => {
                let d = if o >= 0 {
                    p.checked_add_days(Days::new(o as u64))
                } else {
                    p.checked_sub_days(Days::new(o.unsigned_abs() as u64))
                };
                span(d, d)
            }
            TimeUnit::Week => {
                let monday = p - Days::new(u64::from(p.weekday().num_days_from_monday()));
                let start = if o >= 0 {
                    monday.checked_add_days(Days::new(7 * o as u64))
                } else {
                    monday.checked_sub_days(Days::new(7 * o.unsigned_abs() as u64))
                };
                span(start, start.and_then(|s| s.checked_add_days(Days::new(6))))
            }
            TimeUnit::Month => match p.with_day(1).and_then(|f| shift(f, o)) {
                Some(f) => months_from(f.year(), f.month(), 1),
                None => Dates::default(),
            },
            TimeUnit::Quarter => {
                let first = NaiveDate::from_ymd_opt(p.year(), (p.month() - 1) / 3 * 3 + 1, 1);
                match first.and_then(|f| shift(f, 3 * o)) {
                    Some(f) => months_from(f.year(), f.month(), 3),
                    None => Dates::default(),
                }
            }
            TimeUnit::Decade => {
                let first = p.year() / 10 * 10 + 10 * o;
                span(year_bounds(first).start, year_bounds(first + 9).end)
            }
            _ => year_bounds(p.year() + o),
        }
    }
}

/// The length of a period in years: whole months count as twelfths of a year, the days
/// left over as 365.25ths. Two years from April 1 is exactly 2.
pub fn years(d: &Dates) -> Option<Decimal> {
    let (start, end) = (d.start?, d.end?);
    let after = end.succ_opt()?;
    if after <= start {
        return None;
    }
    // the most whole months from the start that fit: from the calendar's count of
    // months between them, one more or less (adding months clamps the day: Jan 31
    // + 1 month is Feb 29), not month by month over a decade
    let fits = |m: u32| {
        start
            .checked_add_months(Months::new(m))
            .is_some_and(|d| d <= after)
    };
    let span = (after.year() - start.year()) * 12 + after.month() as i32 - start.month() as i32;
    let mut months = u32::try_from(span.max(0)).ok()?;
    while months > 0 && !fits(months) {
        months -= 1;
    }
    while fits(months + 1) {
        months += 1;
    }
    let rest = (after - start.checked_add_months(Months::new(months))?).num_days();
    let y =
        Decimal::from(months) / Decimal::from(12) + Decimal::from(rest) / Decimal::new(36525, 2);
    Some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_count_the_months_that_fit_as_adding_them_one_by_one_does() {
        let by_one = |start: NaiveDate, after: NaiveDate| {
            let mut m = 0;
            while start.checked_add_months(Months::new(m + 1)).unwrap() <= after {
                m += 1;
            }
            m
        };
        let mut start = NaiveDate::from_ymd_opt(2023, 1, 25).unwrap();
        while start < NaiveDate::from_ymd_opt(2024, 3, 5).unwrap() {
            // ends from the day of the start to twelve years on, month ends included
            for days in (0..4400)
                .step_by(7)
                .chain([27, 28, 29, 30, 58, 59, 60, 365, 366])
            {
                let end = start + Days::new(days);
                let y = years(&Dates {
                    start: Some(start),
                    end: Some(end),
                })
                .unwrap();
                let after = end.succ_opt().unwrap();
                let m = by_one(start, after);
                let rest = (after - start.checked_add_months(Months::new(m)).unwrap()).num_days();
                let want = Decimal::from(m) / Decimal::from(12)
                    + Decimal::from(rest) / Decimal::new(36525, 2);
                assert_eq!(y, want, "{start} to {end}");
            }
            start = start + Days::new(3);
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn period(expr: TimeExpr, anchor: Option<TimeExpr>, future: bool) -> Period {
        Period {
            text: String::new(),
            expr,
            anchor,
            future,
        }
    }

    fn at(expr: TimeExpr) -> Dates {
        resolve(&period(expr, None, false), d(2024, 7, 9), Fiscal::default())
    }

    #[test]
    fn design_conventions() {
        let pubd = d(2024, 7, 9);
        let by = at(TimeExpr::Until(Point::Year(2027)));
        assert_eq!((by.start, by.end), (pubd, d(2027, 12, 31)));
        let decade = at(TimeExpr::Span {
            length: Duration {
                months: 120,
                ..Duration::default()
            },
            past: false,
        });
        assert_eq!((decade.start, decade.end), (pubd, d(2034, 7, 8)));
        let april = at(TimeExpr::At(Point::Month(None, 4)));
        assert_eq!((april.start, april.end), (d(2024, 4, 1), d(2024, 4, 30)));
    }

    #[test]
    fn fiscal_years_follow_their_keeper() {
        let p = period(TimeExpr::At(Point::FiscalYear(2025)), None, false);
        let jp = resolve(&p, d(2024, 7, 9), Fiscal::of("JP"));
        assert_eq!((jp.start, jp.end), (d(2025, 4, 1), d(2026, 3, 31)));
        let india = resolve(&p, d(2024, 7, 9), Fiscal::of("IN"));
        assert_eq!((india.start, india.end), (d(2024, 4, 1), d(2025, 3, 31)));
        let federal = resolve(&p, d(2024, 7, 9), Fiscal::of("US-federal"));
        assert_eq!(
            (federal.start, federal.end),
            (d(2024, 10, 1), d(2025, 9, 30))
        );
        let calendar = resolve(&p, d(2024, 7, 9), Fiscal::default());
        assert_eq!(
            (calendar.start, calendar.end),
            (d(2025, 1, 1), d(2025, 12, 31))
        );
        let stated = resolve(&p, d(2024, 7, 9), Fiscal::ending_in(6));
        assert_eq!((stated.start, stated.end), (d(2024, 7, 1), d(2025, 6, 30)));
    }

    #[test]
    fn years_of_a_period() {
        let two = Dates {
            start: d(2024, 4, 1),
            end: d(2026, 3, 31),
        };
        assert_eq!(years(&two), Some(Decimal::from(2)));
        let year = Dates {
            start: d(2023, 1, 1),
            end: d(2023, 12, 31),
        };
        assert_eq!(years(&year), Some(Decimal::ONE));
        let backwards = Dates {
            start: d(2024, 1, 2),
            end: d(2024, 1, 1),
        };
        assert_eq!(years(&backwards), None);
    }
}
