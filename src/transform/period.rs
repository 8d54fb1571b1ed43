//! Periods: a time phrase resolved to start and end dates against the publication date.
//!
//! Conventions (DESIGN.md): both ends are included; "by 2027" ends on 2027-12-31; a
//! period whose start the text leaves out starts on the publication date; "over the
//! next decade" from 2024-07-09 ends on 2034-07-08; a month without its year is the
//! most recent such month not after the publication date ("in April", July 2024 →
//! April 2024), or the next one when the clause speaks of the future ("will ... in
//! April").

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;

use crate::extract::period::{Point, TimeExpr};
use crate::extract::Period;

/// A resolved period: either end may stay unknown (no publication date to count from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dates {
    /// First day, included.
    pub start: Option<NaiveDate>,
    /// Last day, included.
    pub end: Option<NaiveDate>,
}

/// Resolves a figure's period against the publication date.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use figures::extract::{Period, period::{Point, TimeExpr}};
/// use figures::transform::period::resolve;
/// let published = NaiveDate::from_ymd_opt(2024, 7, 9);
/// let p = Period {
///     text: "over the next two years".into(),
///     expr: TimeExpr::Span { months: 24, days: 0 },
///     anchor: Some(TimeExpr::At(Point::Month(None, 4))),
///     future: false,
/// };
/// let d = resolve(&p, published);
/// assert_eq!(d.start.unwrap().to_string(), "2024-04-01");
/// assert_eq!(d.end.unwrap().to_string(), "2026-03-31");
/// ```
pub fn resolve(p: &Period, published: Option<NaiveDate>) -> Dates {
    let bounds = |e: &TimeExpr| expr_bounds(e, published, p.future);
    match p.expr {
        TimeExpr::Span { months, days } => {
            let start = match &p.anchor {
                Some(a) => bounds(a).start,
                None => published,
            };
            Dates {
                start,
                end: start.and_then(|s| span_end(s, months, days)),
            }
        }
        ref e => bounds(e),
    }
}

fn span_end(start: NaiveDate, months: u32, days: u32) -> Option<NaiveDate> {
    start
        .checked_add_months(Months::new(months))?
        .checked_add_days(Days::new(u64::from(days)))?
        .pred_opt()
}

fn expr_bounds(e: &TimeExpr, published: Option<NaiveDate>, future: bool) -> Dates {
    match *e {
        TimeExpr::At(p) => point_bounds(p, published, future),
        TimeExpr::Until(p) => Dates {
            start: published,
            end: point_bounds(p, published, true).end,
        },
        TimeExpr::Since(p) => Dates {
            start: point_bounds(p, published, false).start,
            end: published,
        },
        TimeExpr::Between(a, b) => Dates {
            start: point_bounds(a, published, future).start,
            end: point_bounds(b, published, true).end,
        },
        TimeExpr::RelYear(o) => match published {
            Some(d) => year_bounds(d.year() + o),
            None => Dates::default(),
        },
        TimeExpr::RelMonth(o) => match published.and_then(|d| {
            let first = d.with_day(1)?;
            if o >= 0 {
                first.checked_add_months(Months::new(o as u32))
            } else {
                first.checked_sub_months(Months::new(o.unsigned_abs()))
            }
        }) {
            Some(first) => month_bounds(first.year(), first.month()),
            None => Dates::default(),
        },
        TimeExpr::Span { months, days } => Dates {
            start: published,
            end: published.and_then(|s| span_end(s, months, days)),
        },
    }
}

fn year_bounds(y: i32) -> Dates {
    Dates {
        start: NaiveDate::from_ymd_opt(y, 1, 1),
        end: NaiveDate::from_ymd_opt(y, 12, 31),
    }
}

fn month_bounds(y: i32, m: u32) -> Dates {
    let start = NaiveDate::from_ymd_opt(y, m, 1);
    Dates {
        start,
        end: start.and_then(|s| span_end(s, 1, 0)),
    }
}

/// The year of a month (or a day, when `day` is given) written without one: the most
/// recent not after the publication date, or the first not before it when the text
/// speaks of the future. A month is compared as a whole: "in July" in an article of
/// July 9 is this July either way.
fn infer_year(month: u32, day: Option<u32>, published: NaiveDate, future: bool) -> i32 {
    let written = (month, day.unwrap_or(0));
    let now = (published.month(), day.map_or(0, |_| published.day()));
    match (future, written.cmp(&now)) {
        (false, std::cmp::Ordering::Greater) => published.year() - 1,
        (true, std::cmp::Ordering::Less) => published.year() + 1,
        _ => published.year(),
    }
}

fn point_bounds(p: Point, published: Option<NaiveDate>, future: bool) -> Dates {
    match p {
        Point::Year(y) => year_bounds(y),
        Point::Month(y, m) => match (y, published) {
            (Some(y), _) => month_bounds(y, m),
            (None, Some(d)) => month_bounds(infer_year(m, None, d, future), m),
            (None, None) => Dates::default(),
        },
        Point::Day(y, m, d) => {
            let y = match (y, published) {
                (Some(y), _) => y,
                (None, Some(p)) => infer_year(m, Some(d), p, future),
                (None, None) => return Dates::default(),
            };
            let day = NaiveDate::from_ymd_opt(y, m, d);
            Dates {
                start: day,
                end: day,
            }
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
    let mut months = 0u32;
    while start.checked_add_months(Months::new(months + 1))? <= after {
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

    #[test]
    fn design_conventions() {
        let pubd = d(2024, 7, 9);
        let by = resolve(
            &period(TimeExpr::Until(Point::Year(2027)), None, false),
            pubd,
        );
        assert_eq!((by.start, by.end), (pubd, d(2027, 12, 31)));
        let decade = resolve(
            &period(
                TimeExpr::Span {
                    months: 120,
                    days: 0,
                },
                None,
                false,
            ),
            pubd,
        );
        assert_eq!((decade.start, decade.end), (pubd, d(2034, 7, 8)));
        let april = resolve(
            &period(TimeExpr::At(Point::Month(None, 4)), None, false),
            pubd,
        );
        assert_eq!((april.start, april.end), (d(2024, 4, 1), d(2024, 4, 30)));
        let year = resolve(&period(TimeExpr::At(Point::Year(2023)), None, false), pubd);
        assert_eq!((year.start, year.end), (d(2023, 1, 1), d(2023, 12, 31)));
    }

    #[test]
    fn months_take_the_tense() {
        let pubd = d(2024, 7, 9);
        let past = resolve(
            &period(TimeExpr::At(Point::Month(None, 9)), None, false),
            pubd,
        );
        assert_eq!(past.start, d(2023, 9, 1));
        let future = resolve(
            &period(TimeExpr::At(Point::Month(None, 4)), None, true),
            pubd,
        );
        assert_eq!(future.start, d(2025, 4, 1));
        let this_month = resolve(
            &period(TimeExpr::At(Point::Month(None, 7)), None, true),
            pubd,
        );
        assert_eq!(this_month.start, d(2024, 7, 1));
    }

    #[test]
    fn unknown_publication_date_leaves_relative_ends_open() {
        let by = resolve(
            &period(TimeExpr::Until(Point::Year(2027)), None, false),
            None,
        );
        assert_eq!((by.start, by.end), (None, d(2027, 12, 31)));
    }

    #[test]
    fn years_of_a_period() {
        let two = Dates {
            start: d(2024, 4, 1),
            end: d(2026, 3, 31),
        };
        assert_eq!(years(&two), Some(Decimal::from(2)));
        let decade = Dates {
            start: d(2024, 7, 9),
            end: d(2034, 7, 8),
        };
        assert_eq!(years(&decade), Some(Decimal::from(10)));
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
