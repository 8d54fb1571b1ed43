//! Calendar dates and clock times as written in news: "July 9, 2024", "9 July 2024",
//! "Jul. 9, 2024", "2024-07-09", "1:34 PM". Shared by the publication-date reader and
//! the time-phrase rules.

use chrono::NaiveDate;

use crate::extract::text::{is_dash, TokKind, Token};
use crate::lexicon::{lexicon, TimeWord};

/// The month a token names, if it is a capitalized month name or abbreviation
/// ("May" is a month, "may" is not).
pub fn month_at(text: &str, toks: &[Token], i: usize) -> Option<u32> {
    let t = toks.get(i)?;
    // by id first: most tokens asked are capitalized names, no month
    match lexicon().time_of(text, t)? {
        TimeWord::Month(m) => t.is_capitalized(text).then_some(m),
        _ => None,
    }
}

/// Month abbreviations that take a period ("Sept. 30"); a full name's period ends the
/// sentence ("on 15 May.").
const ABBREVIATED: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// A month name followed by the period of its abbreviation; returns the month and the
/// index after it.
pub fn month_with_dot(text: &str, toks: &[Token], i: usize) -> Option<(u32, usize)> {
    let m = month_at(text, toks, i)?;
    let mut j = i + 1;
    if toks
        .get(j)
        .is_some_and(|t| t.is_char(text, '.') && t.glued())
        && ABBREVIATED.contains(&toks[i].lower(text).as_str())
    {
        j += 1;
    }
    Some((m, j))
}

/// A day of the month, with an optional ordinal suffix ("9", "9th").
fn day_at(text: &str, toks: &[Token], i: usize) -> Option<(u32, usize)> {
    let t = toks.get(i)?;
    if t.kind != TokKind::Num || t.end - t.start > 2 {
        return None;
    }
    let d: u32 = t.text(text).parse().ok()?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut j = i + 1;
    if let Some(s) = toks.get(j) {
        if s.glued() && matches!(s.lower(text).as_str(), "st" | "nd" | "rd" | "th") {
            j += 1;
        }
    }
    Some((d, j))
}

/// A four-digit year from 1000 to 2999.
pub fn year_at(text: &str, toks: &[Token], i: usize) -> Option<i32> {
    let t = toks.get(i)?;
    if t.kind != TokKind::Num || t.end - t.start != 4 {
        return None;
    }
    let y: i32 = t.text(text).parse().ok()?;
    (1000..3000).contains(&y).then_some(y)
}

fn skip_comma(text: &str, toks: &[Token], j: usize) -> usize {
    if toks.get(j).is_some_and(|t| t.is_char(text, ',')) {
        j + 1
    } else {
        j
    }
}

/// A date that may lack its year ("July 9", "9 July"), as (year, month, day) and the
/// index after it.
pub fn date_at(text: &str, toks: &[Token], i: usize) -> Option<(Option<i32>, u32, u32, usize)> {
    // ISO: 2024-07-09
    if let Some(y) = year_at(text, toks, i) {
        let dash = |k: usize| {
            toks.get(k)
                .is_some_and(|t| t.glued() && t.text(text).chars().next().is_some_and(is_dash))
        };
        let two = |k: usize| {
            toks.get(k)
                .filter(|t| t.kind == TokKind::Num && t.glued() && t.end - t.start == 2)
                .and_then(|t| t.text(text).parse::<u32>().ok())
        };
        if dash(i + 1) && dash(i + 3) {
            if let (Some(m), Some(d)) = (two(i + 2), two(i + 4)) {
                NaiveDate::from_ymd_opt(y, m, d)?;
                return Some((Some(y), m, d, i + 5));
            }
        }
        return None;
    }
    // Month D[, YYYY]
    if let Some((m, j)) = month_with_dot(text, toks, i) {
        let (d, j) = day_at(text, toks, j)?;
        let k = skip_comma(text, toks, j);
        if let Some(y) = year_at(text, toks, k) {
            NaiveDate::from_ymd_opt(y, m, d)?;
            return Some((Some(y), m, d, k + 1));
        }
        return Some((None, m, d, j));
    }
    // D Month[,] [YYYY]
    let (d, j) = day_at(text, toks, i)?;
    let j = if toks.get(j).is_some_and(|t| t.lower(text) == "of") {
        j + 1
    } else {
        j
    };
    let (m, j) = month_with_dot(text, toks, j)?;
    let k = skip_comma(text, toks, j);
    if let Some(y) = year_at(text, toks, k) {
        NaiveDate::from_ymd_opt(y, m, d)?;
        return Some((Some(y), m, d, k + 1));
    }
    Some((None, m, d, j))
}

/// A full date with its year, and the index after it.
pub fn full_date_at(text: &str, toks: &[Token], i: usize) -> Option<(NaiveDate, usize)> {
    let (y, m, d, end) = date_at(text, toks, i)?;
    Some((NaiveDate::from_ymd_opt(y?, m, d)?, end))
}

/// A clock time ("1:34 PM", "13:05", "9 a.m.") with an optional time zone; the index
/// after it.
pub fn time_of_day_at(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    let t = toks.get(i)?;
    if t.kind != TokKind::Num || t.end - t.start > 2 {
        return None;
    }
    let mut j = i + 1;
    let mut clock = false;
    if toks
        .get(j)
        .is_some_and(|c| c.is_char(text, ':') && c.glued())
        && toks
            .get(j + 1)
            .is_some_and(|m| m.kind == TokKind::Num && m.glued() && m.end - m.start == 2)
    {
        j += 2;
        clock = true;
    }
    // am / pm / a.m. / p.m.
    let mut meridiem = false;
    if let Some(w) = toks.get(j) {
        let lw = w.lower(text);
        if lw == "am" || lw == "pm" {
            j += 1;
            meridiem = true;
        } else if (lw == "a" || lw == "p")
            && toks.get(j + 1).is_some_and(|d| d.is_char(text, '.'))
            && toks.get(j + 2).is_some_and(|m| m.lower(text) == "m")
        {
            j += 3;
            if toks
                .get(j)
                .is_some_and(|d| d.is_char(text, '.') && d.glued())
            {
                j += 1;
            }
            meridiem = true;
        }
    }
    if !clock && !meridiem {
        return None;
    }
    // time zone: "GMT", "UTC", "ET", "JST", "EDT"
    if let Some(z) = toks.get(j) {
        let zt = z.text(text);
        if z.is_word()
            && (2..=4).contains(&zt.len())
            && zt.chars().all(|c| c.is_ascii_uppercase())
            && (zt.ends_with('T') || zt == "UTC" || zt == "GMT")
        {
            j += 1;
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::Tokens;

    fn date(s: &str) -> Option<(NaiveDate, usize)> {
        let toks = Tokens::new(s);
        full_date_at(s, toks.as_slice(), 0)
    }

    #[test]
    fn dates_in_news_formats() {
        let d = NaiveDate::from_ymd_opt(2024, 7, 9).unwrap();
        for s in [
            "July 9, 2024",
            "Jul. 9, 2024",
            "Jul 9 2024",
            "July 9th, 2024",
            "9 July 2024",
            "9th of July, 2024",
            "2024-07-09",
        ] {
            assert_eq!(date(s).map(|x| x.0), Some(d), "{s}");
        }
    }

    #[test]
    fn not_dates() {
        for s in ["May 40, 2024", "2024-13-01", "march 3, 2024", "9 mayo 2024"] {
            assert_eq!(date(s), None, "{s}");
        }
    }

    #[test]
    fn clock_times() {
        for (s, n) in [
            ("1:34 PM", 4),
            ("13:05 GMT", 4),
            ("9 a.m. ET", 6),
            ("9am", 2),
        ] {
            let toks = Tokens::new(s);
            assert_eq!(time_of_day_at(s, toks.as_slice(), 0), Some(n), "{s}");
        }
        let s = "9 firms";
        assert_eq!(time_of_day_at(s, Tokens::new(s).as_slice(), 0), None);
    }
}
