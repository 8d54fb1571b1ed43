//! Durations: "two years", "18 months", "a decade", "1.5 hours", "half a day", "2 years
//! and 3 months", "an hour and a half", "one and three quarters of an hour".
//!
//! A duration is kept as whole months, days and seconds, so that "two years" from April
//! 1 ends on the day before April 1 two years later, whatever the leap days.
//! One-letter units ("2m", "1/2h", "2'") are read only when the caller allows them: in
//! news, "2m" is two million far more often than two minutes.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::extract::numeral::{self, parse_digits};
use crate::extract::text::{TokKind, Token};
use crate::lexicon::{lexicon, FnClass, TimeUnit, TimeWord};

/// A length of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Duration {
    /// Whole months (a year is 12).
    pub months: u32,
    /// Whole days (a week is 7).
    pub days: u32,
    /// Seconds, for hours, minutes and seconds.
    pub seconds: Decimal,
}

impl Duration {
    /// `n` of a unit; a fraction of a month becomes days (a month is 30 days), a fraction
    /// of a day seconds.
    pub fn of(n: Decimal, unit: TimeUnit) -> Option<Duration> {
        if n < Decimal::ZERO {
            return None;
        }
        let mut d = Duration::default();
        if let Some(m) = unit.months() {
            let months = n * Decimal::from(m);
            let whole = months.trunc();
            d.months = whole.to_u32()?;
            let rest_days = (months - whole) * Decimal::from(30);
            d.days = rest_days.trunc().to_u32()?;
            d.seconds = (rest_days - rest_days.trunc()) * Decimal::from(86_400);
        } else if let Some(days) = unit.days() {
            let all = n * Decimal::from(days);
            d.days = all.trunc().to_u32()?;
            d.seconds = (all - all.trunc()) * Decimal::from(86_400);
        } else {
            d.seconds = n * Decimal::from(unit.seconds()?);
        }
        d.seconds = d.seconds.normalize();
        Some(d)
    }

    /// The sum of two durations.
    pub fn plus(self, o: Duration) -> Duration {
        Duration {
            months: self.months + o.months,
            days: self.days + o.days,
            seconds: (self.seconds + o.seconds).normalize(),
        }
    }

    /// Whether it is nothing at all.
    pub fn is_zero(&self) -> bool {
        self.months == 0 && self.days == 0 && self.seconds.is_zero()
    }
}

/// The unit a token names, if any (letters only when `letters`).
fn unit_at(text: &str, toks: &[Token], i: usize, letters: bool) -> Option<TimeUnit> {
    let t = toks.get(i)?;
    if i > 0 && t.newline_before {
        return None;
    }
    match lexicon().time_word(&t.lower(text))? {
        TimeWord::Unit(u) if t.is_word() => Some(u),
        TimeWord::Letter(u) if letters => {
            // a letter unit is glued to the number or stands alone after it ("2 m")
            let ends = toks.get(i + 1).is_none_or(|n| !(n.glued() && n.is_word()));
            ends.then_some(u)
        }
        _ => None,
    }
}

fn word<'a>(text: &'a str, toks: &[Token], i: usize) -> Option<crate::lexicon::Lower<'a>> {
    toks.get(i)
        .filter(|t| t.is_word() && (i == 0 || !t.newline_before))
        .map(|t| t.lower(text))
}

/// A number that counts units: digits (a decimal, a fraction "1/2") or number words,
/// without scale abbreviations ("2m" is two minutes here, when letters are allowed).
fn count_at(text: &str, toks: &[Token], i: usize) -> Option<(Decimal, usize)> {
    let t = toks.get(i)?;
    if t.kind == TokKind::Num {
        let mut v = parse_digits(t.text(text))?;
        let mut e = i + 1;
        // "1/2"
        if toks
            .get(e)
            .is_some_and(|s| s.glued() && s.is_char(text, '/'))
            && toks
                .get(e + 1)
                .is_some_and(|d| d.glued() && d.kind == TokKind::Num)
        {
            let den = parse_digits(toks[e + 1].text(text))?;
            if den.is_zero() {
                return None;
            }
            v = (v / den).normalize();
            e += 2;
        }
        return Some((v, e));
    }
    let n = numeral::parse_at(text, toks, i)?;
    (!n.ordinal && !n.open).then_some((n.value, n.toks.end))
}

/// "and a half", "and half", "and a quarter", "and three quarters", "and two quarter":
/// a fraction after a whole number; the fraction and the index after it.
fn and_fraction(text: &str, toks: &[Token], i: usize) -> Option<(Decimal, usize)> {
    if word(text, toks, i)? != "and" {
        return None;
    }
    let mut j = i + 1;
    let mut count = Decimal::ONE;
    match word(text, toks, j)?.as_str() {
        "a" | "an" | "one" => j += 1,
        "two" => {
            count = Decimal::TWO;
            j += 1;
        }
        "three" => {
            count = Decimal::from(3);
            j += 1;
        }
        _ => {}
    }
    let frac = match word(text, toks, j)?.as_str() {
        "half" if count == Decimal::ONE => Decimal::new(5, 1),
        "quarter" | "quarters" => Decimal::new(25, 2) * count,
        _ => return None,
    };
    j += 1;
    if word(text, toks, j).as_deref() == Some("of") {
        j += 1;
        if matches!(word(text, toks, j).as_deref(), Some("a" | "an")) {
            j += 1;
        }
    }
    Some((frac, j))
}

/// One term: "[count] [more|extra...] unit [and a half]", "half [a] unit", "a unit":
/// its duration, its unit and the index after it.
fn term_at(
    text: &str,
    toks: &[Token],
    i: usize,
    letters: bool,
) -> Option<(Duration, TimeUnit, usize)> {
    let lex = lexicon();
    let w = word(text, toks, i);
    // "half an hour", "half day"
    if w.as_deref() == Some("half") {
        let mut j = i + 1;
        if matches!(word(text, toks, j).as_deref(), Some("a" | "an")) {
            j += 1;
        }
        let unit = unit_at(text, toks, j, letters)?;
        return Some((Duration::of(Decimal::new(5, 1), unit)?, unit, j + 1));
    }
    // "a month", "an hour and a half"
    let (mut n, mut j) = if matches!(w.as_deref(), Some("a" | "an")) {
        (Decimal::ONE, i + 1)
    } else {
        count_at(text, toks, i)?
    };
    // "5 and a half minutes", "one and three quarters of an hour"
    if let Some((f, e)) = and_fraction(text, toks, j) {
        n += f;
        j = e;
    }
    // "2 more minutes", "two additional minutes"
    while let Some(q) = word(text, toks, j) {
        if lex.function_word(&q) == Some(FnClass::Quant) {
            j += 1;
        } else {
            break;
        }
    }
    let unit = unit_at(text, toks, j, letters)?;
    j += 1;
    // "a month and a half", "one hour and half"
    if let Some((f, e)) = and_fraction(text, toks, j) {
        n += f;
        j = e;
    }
    Some((Duration::of(n, unit)?, unit, j))
}

/// The duration that starts at token `i`, and the index after it. Terms join with
/// "and" and commas ("1 year, 2 days, 3 hours and 4 seconds"); a bare number after an
/// hour or a minute counts the next smaller unit ("1 hour thirty", "2 hours and 10").
///
/// # Example
///
/// ```
/// use figures::extract::{period::duration::duration_at, text::Tokens};
/// let text = "2 years and 3 months";
/// let toks = Tokens::new(text);
/// let (d, end) = duration_at(text, toks.as_slice(), 0, false).unwrap();
/// assert_eq!((d.months, d.days, end), (27, 0, toks.len()));
/// ```
pub fn duration_at(
    text: &str,
    toks: &[Token],
    i: usize,
    letters: bool,
) -> Option<(Duration, usize)> {
    // every term ends with a unit (`unit_at`): without a unit word at or after `i`, the
    // sentence holds no duration there, and no count is parsed (most phrases tried are
    // points, "in 2019", whose number would be read as a count first)
    let lex = lexicon();
    // (a unit word is a calendar word, so a time trigger: other words are turned away
    // by their bit; a letter unit may be a mark, "2'", which has none)
    let unit = |t: &Token| {
        (letters || t.has(crate::lexicon::feat::TRIGGER))
            && match lex.time_of(text, t) {
                Some(TimeWord::Unit(_)) => t.is_word(),
                Some(TimeWord::Letter(_)) => letters,
                _ => false,
            }
    };
    if !toks.get(i..)?.iter().any(unit) {
        return None;
    }
    let (mut d, mut last, mut end) = term_at(text, toks, i, letters)?;
    loop {
        let mut j = end;
        if toks.get(j).is_some_and(|t| t.is_char(text, ',')) {
            j += 1;
        }
        if word(text, toks, j).as_deref() == Some("and") {
            j += 1;
        }
        if let Some((t, unit, e)) = term_at(text, toks, j, letters) {
            // terms go from larger to smaller units
            if unit >= last {
                break;
            }
            last = unit;
            d = d.plus(t);
            end = e;
            continue;
        }
        // "1 hour thirty": minutes after hours, seconds after minutes
        if let (Some(next), Some((n, e))) = (finer(last), count_at(text, toks, j)) {
            let bare = toks.get(e).is_none_or(|t| !t.is_word());
            if n > Decimal::ZERO && n < Decimal::from(60) && n.fract().is_zero() && bare {
                d = d.plus(Duration::of(n, next)?);
                end = e;
            }
        }
        break;
    }
    (!d.is_zero()).then_some((d, end))
}

/// The unit a bare number after `u` counts.
fn finer(u: TimeUnit) -> Option<TimeUnit> {
    match u {
        TimeUnit::Hour => Some(TimeUnit::Minute),
        TimeUnit::Minute => Some(TimeUnit::Second),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::Tokens;

    fn parse(s: &str, letters: bool) -> Option<(u32, u32, String, usize)> {
        let toks = Tokens::new(s);
        duration_at(s, toks.as_slice(), 0, letters)
            .map(|(d, e)| (d.months, d.days, d.seconds.to_string(), e))
    }

    #[test]
    fn units_and_fractions() {
        assert_eq!(parse("a decade", false), Some((120, 0, "0".into(), 2)));
        assert_eq!(
            parse("a month and a half", false),
            Some((1, 15, "0".into(), 5))
        );
        assert_eq!(parse("1.5 years", false), Some((18, 0, "0".into(), 2)));
        assert_eq!(parse("half a day", false), Some((0, 0, "43200".into(), 3)));
        assert_eq!(
            parse("one and three quarters of an hour", false).unwrap().2,
            "6300"
        );
        assert_eq!(parse("1 hour thirty", false).unwrap().2, "5400");
        assert_eq!(parse("90 days", false), Some((0, 90, "0".into(), 2)));
    }

    #[test]
    fn letters_only_when_allowed() {
        assert_eq!(parse("2m", false), None);
        assert_eq!(parse("2m", true).unwrap().2, "120");
        assert_eq!(parse("1/2h", true).unwrap().2, "1800");
    }

    #[test]
    fn no_duration_without_a_count() {
        assert_eq!(parse("months", false), None);
        assert_eq!(parse("second quarter", false), None);
    }
}
