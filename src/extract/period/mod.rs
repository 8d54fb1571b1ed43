//! Time phrases: "by 2027", "In 2023", "over the next decade", "over the next two
//! years", "in April", "from 2024 to 2027", "since March", "next year".
//!
//! A phrase is kept as written with a structured [`TimeExpr`]; the transformer resolves
//! it to start and end dates against the publication date
//! ([`transform::period`](crate::transform::period)). Years, month names and durations
//! inside a phrase are claimed here, so that no other dimension takes "2027" or
//! "two years" for a figure. Depends on [`numeral`](crate::extract::numeral).
//!
//! The examples this module must read are in `corpus.txt` beside it.

pub mod calendar;

use std::ops::Range;

use rust_decimal::prelude::ToPrimitive;

use crate::extract::numeral;
use crate::extract::text::{is_dash, TokKind, Token};
use crate::lexicon::{lexicon, lower, TimeWord};
use calendar::{date_at, month_at, time_of_day_at, year_at};

/// A point or stretch of the calendar, as written (the year may be left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// A year: 2027.
    Year(i32),
    /// A month, with or without its year: "April", "April 2025".
    Month(Option<i32>, u32),
    /// A day: "July 9", "July 9, 2024".
    Day(Option<i32>, u32, u32),
}

/// What a time phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeExpr {
    /// Within a point: "in 2023", "in April", "April 2025".
    At(Point),
    /// Up to the end of a point, from a start the text leaves out: "by 2027".
    Until(Point),
    /// From a point to the publication date: "since April".
    Since(Point),
    /// From one point to another: "from 2024 to 2027", "2024-2027".
    Between(Point, Point),
    /// A stretch of time from an anchor (the publication date unless the clause gives
    /// one): "over the next two years" is 24 months, "within 90 days" is 90 days.
    Span {
        /// Whole months.
        months: u32,
        /// Days.
        days: u32,
    },
    /// A year relative to the publication date: "this year" 0, "next year" 1.
    RelYear(i32),
    /// A month relative to the publication date: "this month" 0, "last month" -1.
    RelMonth(i32),
}

impl TimeExpr {
    /// Whether it is a point in time (which can anchor a span) rather than a stretch.
    pub fn is_point(&self) -> bool {
        matches!(
            self,
            TimeExpr::At(_) | TimeExpr::RelYear(_) | TimeExpr::RelMonth(_)
        )
    }
}

/// A time phrase found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeMention {
    /// Token indices it covers.
    pub toks: Range<usize>,
    /// What it says.
    pub expr: TimeExpr,
    /// The rule that read it.
    pub rule: &'static str,
}

/// Finds the time phrases of a sentence and claims their tokens. Clock durations ("4
/// min read") and clock times are claimed too, without a mention: they are never the
/// period of a figure, and their numbers are never figures.
///
/// # Example
///
/// ```
/// use figures::extract::{period, text::Tokens};
/// let text = "AWS plans to invest $15.24 billion by 2027";
/// let toks = Tokens::new(text);
/// let mut claimed = vec![false; toks.len()];
/// let found = period::scan(text, toks.as_slice(), &mut claimed);
/// let t = toks.as_slice();
/// let phrase = &text[t[found[0].toks.start].start..t[found[0].toks.end - 1].end];
/// assert_eq!(phrase, "by 2027");
/// ```
pub fn scan(text: &str, toks: &[Token], claimed: &mut [bool]) -> Vec<TimeMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if claimed[i] {
            i += 1;
            continue;
        }
        if let Some(end) = clock_at(text, toks, i) {
            claimed[i..end].iter_mut().for_each(|c| *c = true);
            i = end;
            continue;
        }
        if let Some(m) = phrase_at(text, toks, i) {
            if !claimed[m.toks.clone()].iter().any(|c| *c) {
                claimed[m.toks.clone()].iter_mut().for_each(|c| *c = true);
                i = m.toks.end;
                out.push(m);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A clock time ("1:34 PM") or a clock duration ("4 min", "three hours"): the index
/// after it.
fn clock_at(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    if let Some(e) = time_of_day_at(text, toks, i) {
        return Some(e);
    }
    let n = numeral::parse_at(text, toks, i)?;
    let unit = toks.get(n.toks.end)?;
    match lexicon().time_word(unit.text(text))? {
        TimeWord::Clock if unit.is_word() => Some(n.toks.end + 1),
        _ => None,
    }
}

fn word(text: &str, toks: &[Token], i: usize) -> Option<String> {
    toks.get(i)
        .filter(|t| t.is_word() && (i == 0 || !t.newline_before))
        .map(|t| lower(t.text(text)))
}

fn mention(toks: Range<usize>, expr: TimeExpr, rule: &'static str) -> Option<TimeMention> {
    Some(TimeMention { toks, expr, rule })
}

/// The time phrase that starts at token `i`.
fn phrase_at(text: &str, toks: &[Token], i: usize) -> Option<TimeMention> {
    let w = word(text, toks, i);
    match w.as_deref() {
        Some("by" | "until" | "till" | "through" | "thru") => {
            let mut j = i + 1;
            // "by the end of 2027", "by end-2027"
            let rest: Vec<String> = (j..j + 3).filter_map(|k| word(text, toks, k)).collect();
            if rest.first().map(String::as_str) == Some("the")
                && rest.get(1).map(String::as_str) == Some("end")
                && rest.get(2).map(String::as_str) == Some("of")
            {
                j += 3;
            } else if rest.first().map(String::as_str) == Some("end")
                && rest.get(1).map(String::as_str) == Some("of")
            {
                j += 2;
            }
            let (p, e) = point_at(text, toks, j)?;
            mention(i..e, TimeExpr::Until(p), "by <point>")
        }
        Some("from") => {
            let (a, e) = point_at(text, toks, i + 1)?;
            let joint = word(text, toks, e);
            let dash = toks
                .get(e)
                .is_some_and(|t| t.text(text).chars().next().is_some_and(is_dash));
            if dash || matches!(joint.as_deref(), Some("to" | "through" | "until" | "till")) {
                let (b, e2) = point_at(text, toks, e + 1)?;
                return mention(i..e2, TimeExpr::Between(a, b), "from <point> to <point>");
            }
            None
        }
        Some("between") => {
            let (a, e) = point_at(text, toks, i + 1)?;
            if word(text, toks, e).as_deref() == Some("and") {
                let (b, e2) = point_at(text, toks, e + 1)?;
                return mention(
                    i..e2,
                    TimeExpr::Between(a, b),
                    "between <point> and <point>",
                );
            }
            None
        }
        Some("since") => {
            let (p, e) = point_at(text, toks, i + 1)?;
            mention(i..e, TimeExpr::Since(p), "since <point>")
        }
        // "on July 1, 2024"
        Some("on") => {
            let (p, e) = point_at(text, toks, i + 1)?;
            matches!(p, Point::Day(..)).then(|| TimeMention {
                toks: i..e,
                expr: TimeExpr::At(p),
                rule: "on <date>",
            })
        }
        Some("in" | "during" | "throughout" | "over" | "within" | "for") => {
            if let Some((expr, e)) = span_at(text, toks, i + 1) {
                return mention(i..e, expr, "over <span>");
            }
            if matches!(w.as_deref(), Some("in" | "during" | "throughout")) {
                if let Some((a, b, e)) = year_range_at(text, toks, i + 1) {
                    return mention(i..e, TimeExpr::Between(a, b), "in <year>-<year>");
                }
                let (p, e) = point_at(text, toks, i + 1)?;
                return mention(i..e, TimeExpr::At(p), "in <point>");
            }
            None
        }
        Some("this" | "next" | "last" | "past") => {
            let unit = word(text, toks, i + 1)?;
            let offset = match w.as_deref() {
                Some("this") => 0,
                Some("next") => 1,
                _ => -1,
            };
            match unit.as_str() {
                "year" => mention(i..i + 2, TimeExpr::RelYear(offset), "<this> year"),
                "month" => mention(i..i + 2, TimeExpr::RelMonth(offset), "<this> month"),
                _ => None,
            }
        }
        _ => {
            // "2024-2027"
            if let Some((a, b, e)) = year_range_at(text, toks, i) {
                return mention(i..e, TimeExpr::Between(a, b), "<year>-<year>");
            }
            // "April 2025", "July 9, 2024": a month with its year
            if month_at(text, toks, i).is_some() {
                let (p, e) = point_at(text, toks, i)?;
                if matches!(p, Point::Month(Some(_), _) | Point::Day(Some(_), _, _)) {
                    return mention(i..e, TimeExpr::At(p), "<month> <year>");
                }
                // a bare date ("July 9") is claimed as a point too
                if matches!(p, Point::Day(..)) {
                    return mention(i..e, TimeExpr::At(p), "<month> <day>");
                }
            }
            None
        }
    }
}

/// A point: a date, a month with or without its year, or a year.
pub fn point_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    if let Some((y, m, d, e)) = date_at(text, toks, i) {
        return Some((Point::Day(y, m, d), e));
    }
    if let Some(m) = month_at(text, toks, i) {
        let mut j = i + 1;
        if toks.get(j).is_some_and(|t| t.is_char(text, ',')) && year_at(text, toks, j + 1).is_some()
        {
            j += 1;
        }
        if let Some(y) = year_at(text, toks, j) {
            return Some((Point::Month(Some(y), m), j + 1));
        }
        return Some((Point::Month(None, m), i + 1));
    }
    let y = year_at(text, toks, i)?;
    // "2027" must not be the start of a larger number ("2027 jobs" is still a year here;
    // a following scale word is not: "2000 million")
    if let Some(n) = toks.get(i + 1) {
        let next = lower(n.text(text));
        if n.glued() && n.kind == TokKind::Word
            || lexicon().number_word(&next).is_some_and(|w| w.value >= 100)
        {
            return None;
        }
    }
    Some((Point::Year(y), i + 1))
}

/// "2024-2027", "2024–27": two years joined by a dash.
fn year_range_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, Point, usize)> {
    let a = year_at(text, toks, i)?;
    let d = toks.get(i + 1)?;
    if !d.text(text).chars().next().is_some_and(is_dash) {
        return None;
    }
    let t = toks.get(i + 2)?;
    if t.kind != TokKind::Num {
        return None;
    }
    let b = match year_at(text, toks, i + 2) {
        Some(b) => b,
        None if t.end - t.start == 2 => a / 100 * 100 + t.text(text).parse::<i32>().ok()?,
        None => return None,
    };
    (b > a && b - a < 100).then_some((Point::Year(a), Point::Year(b), i + 3))
}

/// A span after a preposition: "the next two years", "five years", "the course of
/// four years", "the next decade", "18 months", "the coming 90 days".
fn span_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeExpr, usize)> {
    let mut j = i;
    if word(text, toks, j).as_deref() == Some("the") {
        j += 1;
        if word(text, toks, j).as_deref() == Some("course")
            && word(text, toks, j + 1).as_deref() == Some("of")
        {
            j += 2;
        }
        match word(text, toks, j).as_deref() {
            Some("next" | "coming" | "following") => j += 1,
            Some(_) if j > i + 1 => {}
            _ => return None,
        }
    } else if word(text, toks, j).as_deref() == Some("a") {
        // "over a decade", "within a year"
        j += 1;
        return unit_at(text, toks, j, 1);
    }
    // the count: a numeral, or none ("the next decade")
    let (count, j) = match numeral::parse_at(text, toks, j) {
        Some(n) if !n.ordinal && n.value.fract().is_zero() => (n.value.to_u32()?, n.toks.end),
        Some(_) => return None,
        None if j > i => (1, j),
        None => return None,
    };
    unit_at(text, toks, j, count)
}

fn unit_at(text: &str, toks: &[Token], j: usize, count: u32) -> Option<(TimeExpr, usize)> {
    let unit = word(text, toks, j)?;
    match lexicon().time_word(&unit)? {
        TimeWord::MonthUnit(m) => Some((
            TimeExpr::Span {
                months: m.checked_mul(count)?,
                days: 0,
            },
            j + 1,
        )),
        TimeWord::DayUnit(d) => Some((
            TimeExpr::Span {
                months: 0,
                days: d.checked_mul(count)?,
            },
            j + 1,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
