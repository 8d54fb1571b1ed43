//! Time phrases: "by 2027", "In 2023", "over the next decade", "over the next two
//! years", "in April", "from 2024 to 2027", "since March", "next year", "Q3 2024",
//! "the first half of 2025", "fiscal 2025", "FY25", "the fiscal year ending March 2026",
//! "the 12 months to June", "over the past five years", "on Monday", "earlier this
//! year", "early 2025".
//!
//! A phrase is kept as written with a structured [`TimeExpr`]; the transformer resolves
//! it to start and end dates against the publication date
//! ([`transform::period`](crate::transform::period)). Years, month names and durations
//! inside a phrase are claimed here, so that no other dimension takes "2027" or "two
//! years" for a figure. Depends on [`crate::extract::numeral`].
//!
//! The examples this module must read are in `corpus.txt` beside it.

pub mod calendar;
pub mod duration;

use std::ops::Range;

use crate::extract::numeral;
use crate::extract::text::{is_dash, TokKind, Token};
use crate::lexicon::feat;
use crate::lexicon::{lexicon, TimeUnit, TimeWord, VerbClass};
use calendar::{date_at, month_at, month_with_dot, time_of_day_at, year_at};
use duration::{duration_at, Duration};

/// A part of a year: "early 2025" (January to April), "mid-2026" (May to August),
/// "late 2024" (September to December).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// January to April.
    Early,
    /// May to August.
    Mid,
    /// September to December.
    Late,
}

/// A point or stretch of the calendar, as written (the year may be left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// A year: 2027.
    Year(i32),
    /// A month, with or without its year: "April", "April 2025".
    Month(Option<i32>, u32),
    /// A day: "July 9", "July 9, 2024".
    Day(Option<i32>, u32, u32),
    /// A weekday: "on Monday" (1 is Monday).
    Weekday(u32),
    /// A calendar quarter, 1 to 4: "Q3 2024", "the first quarter".
    Quarter(Option<i32>, u32),
    /// A half year, 1 or 2: "H2 2025", "the first half of 2025".
    Half(Option<i32>, u32),
    /// A part of a year: "early 2025", "mid-2026".
    Part(i32, Part),
    /// A decade, by its first year: "the 1990s".
    Decade(i32),
    /// A fiscal year as labelled: "fiscal 2025", "FY25"; its months follow the fiscal
    /// convention of whoever keeps it.
    FiscalYear(i32),
    /// A fiscal year written with both its calendar years: "FY2024-25", "2025-26".
    FiscalSpan(i32),
    /// A quarter of a fiscal year: "Q1 FY25", "the first quarter of fiscal 2025".
    FiscalQuarter(i32, u32),
    /// A fiscal year the text ends: "the fiscal year ending March 2026" (year, month).
    FiscalEnding(i32, u32),
    /// A unit relative to the publication date: "this year" (Year, 0), "last quarter"
    /// (Quarter, -1), "yesterday" (Day, -1).
    Rel(TimeUnit, i32),
}

/// What a time phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeExpr {
    /// Within a point: "in 2023", "in April", "Q3 2024".
    At(Point),
    /// Up to the end of a point, from a start the text leaves out: "by 2027".
    Until(Point),
    /// Up to the day before a point: "before 2030".
    Before(Point),
    /// From a point to the publication date: "since April".
    Since(Point),
    /// From a point on, with no end: "from 2026 onward", "starting in 2026".
    From(Point),
    /// From one point to another: "from 2024 to 2027", "2024-2027".
    Between(Point, Point),
    /// A stretch of time from an anchor (the publication date unless the clause gives
    /// one), forward ("over the next two years") or back ("over the past five years").
    Span {
        /// How long.
        length: Duration,
        /// Back from the publication date rather than forward.
        past: bool,
    },
    /// A stretch of time that ends with a point: "the 12 months to June 2024", "the year
    /// ended March 31".
    Ending {
        /// How long.
        length: Duration,
        /// Where it ends.
        end: Point,
    },
    /// The year so far: "earlier this year", "so far this year", "year to date".
    YearToDate,
    /// The rest of the year: "later this year".
    RestOfYear,
}

impl TimeExpr {
    /// Whether it is a point in time (which can anchor a span) rather than a stretch.
    pub fn is_point(&self) -> bool {
        matches!(self, TimeExpr::At(_))
    }

    /// The finest unit the phrase speaks in: day, week, month, quarter, half, year.
    pub fn grain(&self) -> &'static str {
        fn point(p: &Point) -> &'static str {
            match p {
                Point::Year(_) | Point::Decade(_) | Point::FiscalYear(_) | Point::FiscalSpan(_) => {
                    "year"
                }
                Point::FiscalEnding(..) => "year",
                Point::Month(..) | Point::Part(..) => "month",
                Point::Day(..) | Point::Weekday(_) => "day",
                Point::Quarter(..) | Point::FiscalQuarter(..) => "quarter",
                Point::Half(..) => "half",
                Point::Rel(u, _) => match u {
                    TimeUnit::Day => "day",
                    TimeUnit::Week => "week",
                    TimeUnit::Month => "month",
                    TimeUnit::Quarter => "quarter",
                    _ => "year",
                },
            }
        }
        fn length(d: &Duration) -> &'static str {
            if d.months > 0 && d.days == 0 {
                if d.months % 12 == 0 {
                    "year"
                } else {
                    "month"
                }
            } else if d.days % 7 == 0 && d.days > 0 && d.months == 0 {
                "week"
            } else {
                "day"
            }
        }
        match self {
            TimeExpr::At(p) | TimeExpr::Until(p) | TimeExpr::Since(p) | TimeExpr::From(p) => {
                point(p)
            }
            TimeExpr::Before(_) => "day",
            TimeExpr::Between(a, _) => point(a),
            TimeExpr::Span { length: d, .. } | TimeExpr::Ending { length: d, .. } => length(d),
            TimeExpr::YearToDate | TimeExpr::RestOfYear => "day",
        }
    }
}

/// A time phrase found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeMention {
    /// Token indices it covers.
    pub toks: Range<usize>,
    /// What it says.
    pub expr: TimeExpr,
    /// When something was said rather than when it happens ("said on Monday"): such a
    /// phrase anchors a span but is never a figure's period by itself.
    pub reported: bool,
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
    scan_into(text, toks, claimed, &mut out, &mut Vec::new());
    out
}

/// [`scan`] into buffers the caller reuses from sentence to sentence: the mentions
/// (cleared first) and a scratch buffer.
pub fn scan_into(
    text: &str,
    toks: &[Token],
    claimed: &mut [bool],
    out: &mut Vec<TimeMention>,
    triggers: &mut Vec<usize>,
) {
    out.clear();
    let vocab = crate::lexicon::vocab();
    // every time phrase holds a number, a calendar word or one of a few deictic words,
    // and reaches the first of them within a few tokens ("by the end of the current
    // fiscal year": seven): positions farther from any are passed over, and a sentence
    // with none holds no time phrase. The triggers' positions, in order:
    triggers.clear();
    // "30 minutes" needs a unit of hours, minutes or seconds somewhere after it (a
    // calendar word, so a trigger: only triggers are asked)
    let mut clock_unit = false;
    // by its bit: this runs on every token, and most have none. A filter of its own, so
    // that the search for the next one is a loop of a few instructions: the loop that
    // tested the bit in its body took 16 a token with the profile (bench/HISTORY.md,
    // 2026-12-02)
    let bit = |(_, t): &(usize, &Token)| t.has(feat::TRIGGER);
    for (k, t) in toks.iter().enumerate().filter(bit) {
        if t.lex != crate::lexicon::NOT_LOOKED_UP || is_time_trigger(text, t) {
            triggers.push(k);
            clock_unit |= is_clock_unit(text, t);
        }
    }
    let triggers: &[usize] = triggers;
    if triggers.is_empty() {
        return;
    }
    // the next trigger at or after `i`, and how far it is
    let mut next = 0;
    let mut i = 0;
    while i < toks.len() {
        while next < triggers.len() && triggers[next] < i {
            next += 1;
        }
        let Some(&n) = triggers.get(next) else {
            break;
        };
        // positions too far from the next trigger are passed over at once
        if n - i >= MAX_LEAD {
            i = n + 1 - MAX_LEAD;
            continue;
        }
        let lead = n - i;
        if claimed[i] {
            i += 1;
            continue;
        }
        // a phrase starts with a number, a minus sign, or a word some rule names: a
        // calendar word, a word that opens a numeral, or one of RULE_WORDS; never with
        // a currency sign, "%" or other punctuation
        let t = &toks[i];
        let passed = !t.has(feat::TIME_START)
            || t.lex == crate::lexicon::NOT_LOOKED_UP
                && match t.kind {
                    TokKind::Word => !vocab.may_start_time(t.lex, || t.text(text)),
                    TokKind::Num => false,
                    TokKind::Sym | TokKind::Punct => !numeral::opens_number(text, t),
                };
        if passed {
            i += 1;
            continue;
        }
        let opener = opens_phrase(text, t);
        let reach = if opener { MAX_LEAD } else { MAX_LEAD_BARE };
        if lead >= reach {
            i += 1;
            continue;
        }
        // after a preposition or an article the phrase goes on at once with what may
        // open one ("in April", "by the end of", "the next decade", "a year ago"): "in
        // AI chips" and "the company" are passed over
        if (opener || ARTICLES.has(text, t))
            && toks
                .get(i + 1)
                .is_some_and(|n| n.is_word() && !n.has(feat::OPEN_TIME))
        {
            i += 1;
            continue;
        }
        if let Some(end) = clock_at(text, toks, i, clock_unit) {
            claimed[i..end].iter_mut().for_each(|c| *c = true);
            i = end;
            continue;
        }
        // the phrases proper start at a word, or at digits that can be a year, a day,
        // a quarter ("3Q24") or a two-digit year: a sign, "7,435" or "17.8" opens
        // only a count of clock units, above
        if !t.is_word() && !may_be_date_digits(text, t) {
            i += 1;
            continue;
        }
        if let Some(mut m) = phrase_at(text, toks, i) {
            if !claimed[m.toks.clone()].iter().any(|c| *c) {
                claimed[m.toks.clone()].iter_mut().for_each(|c| *c = true);
                m.reported = after_report_verb(text, toks, m.toks.start);
                i = m.toks.end;
                out.push(m);
                continue;
            }
        }
        i += 1;
    }
}

/// Whether a number token can open a date or year rule: plain digits, one, two or four
/// of them (`day_at`, `year_at`, `short_year`, "3Q24"). No other rule starts at digits
/// (`relative_at` reads words only): a rule that did would have to widen this.
fn may_be_date_digits(text: &str, t: &Token) -> bool {
    let digits = &text.as_bytes()[t.start..t.end];
    t.kind == TokKind::Num
        && matches!(digits.len(), 1 | 2 | 4)
        && digits.iter().all(u8::is_ascii_digit)
}

/// The words a fiscal point may open with, in any case: "the fiscal year", "first
/// quarter of fiscal 2025", "Q1 FY25", "FY2025", "financial year" (see `fiscal_at`).
pub(crate) static FISCAL_OPENERS: crate::lexicon::WordSet = crate::lexicon::WordSet::new(&[
    "the",
    "first",
    "second",
    "third",
    "fourth",
    "q",
    "fy",
    "fiscal",
    "financial",
]);

/// The words a point in time may open with, in any case, besides digits, months,
/// weekdays and [`FISCAL_OPENERS`] (which hold "the", "q" and the ordinals too):
/// `quarter_at`'s ("H2 2025"), `part_at`'s ("early 2025", "mid-2026", "the end of
/// 2025"). A test runs the rules on every other word of the vocabulary.
pub(crate) static POINT_OPENERS: crate::lexicon::WordSet =
    crate::lexicon::WordSet::new(&["h", "early", "mid", "middle", "late", "end"]);

/// The articles a time phrase may open with ("the next decade", "a year ago").
pub(crate) static ARTICLES: crate::lexicon::WordSet =
    crate::lexicon::WordSet::new(&["the", "a", "an"]);

/// The most tokens a time phrase holds before its first number, calendar word or
/// deictic word, and more: after a preposition ("by the end of the current fiscal
/// year": seven) ...
const MAX_LEAD: usize = 10;
/// ... and without one ("the current fiscal year": three).
const MAX_LEAD_BARE: usize = 5;

/// The words that open a time phrase with a preposition (see `phrase_at`).
pub(crate) const OPENERS: &[&str] = &[
    "by",
    "until",
    "till",
    "through",
    "thru",
    "to",
    "before",
    "from",
    "starting",
    "beginning",
    "between",
    "since",
    "on",
    "as",
    "in",
    "during",
    "throughout",
    "over",
    "within",
    "for",
    "earlier",
    "later",
    "so",
];

fn opens_phrase(text: &str, t: &Token) -> bool {
    t.is_word()
        && match t.lex {
            crate::lexicon::NOT_LOOKED_UP => OPENERS.contains(&t.lower(text).as_str()),
            id => crate::lexicon::vocab().opens_time(id),
        }
}

/// The words besides the prepositions of [`OPENERS`], the numeral words and the names
/// of months and weekdays that a time phrase can start with: the arms of `phrase_at`
/// ("year to date", "the ..."), relative points ("this year", "yesterday"), durations
/// ("half a year ago", "a month ago"), fiscal years and quarters ("FY2025", "fiscal
/// 2025", "Q3", "H2 2025") and parts of years ("early 2025", "mid-2026", "end-2027").
/// Other words the rules read ("months", "ago", "ended", "of") only go on with a
/// phrase: the scan does not try the rules at them
/// ([`crate::lexicon::Vocab::may_start_time`]). The corpus test finds every phrase of
/// `corpus.txt` through this gate.
pub(crate) const STARTERS: &[&str] = &[
    "year",
    "the",
    "today",
    "yesterday",
    "tomorrow",
    "this",
    "next",
    "last",
    "previous",
    "prior",
    "half",
    "a",
    "an",
    "q",
    "h",
    "fy",
    "fiscal",
    "financial",
    "early",
    "mid",
    "middle",
    "late",
    "end",
];

/// Every word the rules of this module compare a token with, lower case. With the
/// calendar words and the words that open numerals, they are the only words a time
/// phrase can start with, and `scan` passes over any other word without trying the
/// rules ([`crate::lexicon::Vocab::may_open_time`]). A test reads the
/// module's sources and checks the list is whole.
pub(crate) const RULE_WORDS: &[&str] = &[
    "a",
    "ago",
    "am",
    "an",
    "and",
    "annum",
    "apr",
    "as",
    "aug",
    "before",
    "beginning",
    "between",
    "by",
    "coming",
    "course",
    "current",
    "date",
    "day",
    "dec",
    "decade",
    "during",
    "each",
    "earlier",
    "early",
    "end",
    "ended",
    "ending",
    "ends",
    "every",
    "far",
    "feb",
    "financial",
    "first",
    "fiscal",
    "following",
    "for",
    "fourth",
    "from",
    "fy",
    "gmt",
    "h",
    "half",
    "in",
    "jan",
    "jul",
    "jun",
    "last",
    "late",
    "later",
    "m",
    "mar",
    "mid",
    "middle",
    "month",
    "months",
    "nd",
    "next",
    "nov",
    "oct",
    "of",
    "on",
    "one",
    "onward",
    "onwards",
    "over",
    "p",
    "past",
    "per",
    "pm",
    "preceding",
    "previous",
    "prior",
    "q",
    "quarter",
    "quarters",
    "rd",
    "runs",
    "s",
    "second",
    "sep",
    "sept",
    "since",
    "so",
    "st",
    "start",
    "starting",
    "th",
    "the",
    "third",
    "this",
    "three",
    "through",
    "throughout",
    "thru",
    "till",
    "to",
    "today",
    "tomorrow",
    "tonight",
    "two",
    "until",
    "utc",
    "week",
    "within",
    "year",
    "yesterday",
];

/// Words that make a time phrase without a number or a calendar word: "today",
/// "year to date" (with "date"), "per annum".
pub(crate) const DEICTIC: &[&str] = &["today", "tomorrow", "yesterday", "tonight", "date", "annum"];

/// Whether a token can be part of the core of a time phrase: digits, a number word
/// (but "a", which only counts with a calendar word: "a year"), a calendar word, or a
/// deictic word.
fn is_time_trigger(text: &str, t: &Token) -> bool {
    match t.kind {
        crate::extract::text::TokKind::Num => true,
        crate::extract::text::TokKind::Word => {
            // a word no lexicon holds is neither a number nor a calendar word
            match t.lex {
                crate::lexicon::UNKNOWN => return false,
                crate::lexicon::NOT_LOOKED_UP => {}
                id => return crate::lexicon::vocab().is_time_trigger(id),
            }
            let lex = lexicon();
            let w = t.lower(text);
            lex.time_word(&w).is_some()
                || (lex.number_word(&w).is_some() && !matches!(w.as_str(), "a" | "an"))
                || DEICTIC.contains(&w.as_str())
        }
        _ => false,
    }
}

/// Whether the phrase at `start` tells when something was said: right after a verb of
/// saying ("said on Monday", "announced in April", "told reporters on Friday").
fn after_report_verb(text: &str, toks: &[Token], start: usize) -> bool {
    let lex = lexicon();
    let is_report = |k: usize| {
        toks[k].is_word()
            && lex
                .verbs
                .match_at(text, toks, k)
                .is_some_and(|(p, _)| p.value.class == VerbClass::Report)
    };
    // "said on Monday", "told reporters on Friday", "said in a statement on Monday"
    (1..=4).any(|back| {
        start >= back
            && is_report(start - back)
            && toks[start - back + 1..start].iter().all(|t| t.is_word())
    })
}

/// The month a sentence says fiscal years end in: a stated fiscal year ("the fiscal
/// year ending March 2026") or "fiscal year ends in June". `triggers` are the
/// positions of the sentence's time triggers, as [`scan_into`] left them.
pub fn fiscal_year_end(
    text: &str,
    toks: &[Token],
    times: &[TimeMention],
    triggers: &[usize],
) -> Option<u32> {
    for m in times {
        if let TimeExpr::At(Point::FiscalEnding(_, month)) = m.expr {
            return Some(month);
        }
    }
    // this runs on every sentence with a number until a document says it: "year" is a
    // calendar word, so a trigger, and only the words before triggers are asked
    triggers.iter().find_map(|&y| {
        let i = y.checked_sub(1)?;
        if !words_are(text, toks, i, &["fiscal", "year"]) {
            return None;
        }
        let mut j = i + 2;
        if !matches!(
            word(text, toks, j).as_deref(),
            Some("ends" | "ending" | "ended" | "runs")
        ) {
            return None;
        }
        j += 1;
        if matches!(
            word(text, toks, j).as_deref(),
            Some("in" | "to" | "through" | "on")
        ) {
            j += 1;
        }
        month_at(text, toks, j)
    })
}

/// A rate after an amount: "a year", "per year", "each year", "every month", "per
/// annum", "annually", "monthly": the unit, and the index after it. Tokens that a time
/// phrase holds ("a year ago") are no rate.
///
/// # Example
///
/// ```
/// use figures::extract::{period, text::Tokens};
/// use figures::lexicon::TimeUnit;
/// let text = "$1 billion a year";
/// let toks = Tokens::new(text);
/// let claimed = vec![false; toks.len()];
/// assert_eq!(period::rate_at(text, toks.as_slice(), 3, &claimed), Some((TimeUnit::Year, 5)));
/// ```
pub fn rate_at(
    text: &str,
    toks: &[Token],
    i: usize,
    claimed: &[bool],
) -> Option<(TimeUnit, usize)> {
    if claimed.get(i).is_none_or(|c| *c) || toks[i].newline_before {
        return None;
    }
    let w = word(text, toks, i)?;
    if let Some(TimeWord::Rate(u)) = lexicon().time_word(&w) {
        // "150 million monthly active users": before a noun, "monthly" describes it
        let describes =
            word(text, toks, i + 1).is_some_and(|n| lexicon().function_word(&n).is_none());
        return (!describes).then_some((u, i + 1));
    }
    if !matches!(w.as_str(), "a" | "an" | "per" | "each" | "every") {
        return None;
    }
    if claimed.get(i + 1).is_none_or(|c| *c) {
        return None;
    }
    let next = word(text, toks, i + 1)?;
    if w == "per" && next == "annum" {
        return Some((TimeUnit::Year, i + 2));
    }
    match lexicon().time_word(&next)? {
        TimeWord::Unit(u) if u.per_year().is_some() && !next.ends_with('s') => Some((u, i + 2)),
        _ => None,
    }
}

/// A clock time ("1:34 PM") or a clock duration ("4 min", "three hours"): the index
/// after it.
fn clock_at(text: &str, toks: &[Token], i: usize, clock_unit: bool) -> Option<usize> {
    if let Some(e) = time_of_day_at(text, toks, i) {
        return Some(e);
    }
    if !clock_unit {
        return None;
    }
    let n = numeral::parse_at(text, toks, i)?;
    let unit = toks.get(n.toks.end)?;
    is_clock_unit(text, unit).then_some(n.toks.end + 1)
}

/// Whether a token is a unit of a clock: hours, minutes, seconds.
#[inline]
fn is_clock_unit(text: &str, t: &Token) -> bool {
    // a word without an id is no calendar word
    t.is_word()
        && t.lex != crate::lexicon::UNKNOWN
        && matches!(lexicon().time_of(text, t), Some(TimeWord::Unit(u)) if u.seconds().is_some())
}

/// Token `i` when it is a word on the line of the one before it.
fn word_token(toks: &[Token], i: usize) -> Option<&Token> {
    toks.get(i)
        .filter(|t| t.is_word() && (i == 0 || !t.newline_before))
}

fn word<'a>(text: &'a str, toks: &[Token], i: usize) -> Option<crate::lexicon::Lower<'a>> {
    word_token(toks, i).map(|t| t.lower(text))
}

fn words_are(text: &str, toks: &[Token], i: usize, ws: &[&str]) -> bool {
    ws.iter()
        .enumerate()
        .all(|(k, w)| word_token(toks, i + k).is_some_and(|t| t.lower_is(text, w)))
}

fn mention(toks: Range<usize>, expr: TimeExpr, rule: &'static str) -> Option<TimeMention> {
    Some(TimeMention {
        toks,
        expr,
        reported: false,
        rule,
    })
}

/// The time phrase that starts at token `i`.
fn phrase_at(text: &str, toks: &[Token], i: usize) -> Option<TimeMention> {
    let w = word(text, toks, i);
    match w.as_deref() {
        Some("by" | "until" | "till" | "through" | "thru" | "to") => {
            let mut j = i + 1;
            // "by the end of 2027", "through the end of the decade"
            if words_are(text, toks, j, &["the", "end", "of"]) {
                j += 3;
            } else if words_are(text, toks, j, &["end", "of"]) {
                j += 2;
            }
            if words_are(text, toks, j, &["the", "decade"]) {
                return mention(
                    i..j + 2,
                    TimeExpr::Until(Point::Rel(TimeUnit::Decade, 0)),
                    "by the end of the decade",
                );
            }
            let (p, e) = point_at(text, toks, j)?;
            if w.as_deref() == Some("to") && !matches!(p, Point::Year(_) | Point::Month(Some(_), _))
            {
                return None;
            }
            mention(i..e, TimeExpr::Until(p), "by <point>")
        }
        Some("before") => {
            let (p, e) = point_at(text, toks, i + 1)?;
            mention(i..e, TimeExpr::Before(p), "before <point>")
        }
        Some("from" | "starting" | "beginning") => {
            let mut j = i + 1;
            if matches!(word(text, toks, j).as_deref(), Some("in" | "from" | "on"))
                && w.as_deref() != Some("from")
            {
                j += 1;
            }
            let (a, e) = point_at(text, toks, j)?;
            let joint = word(text, toks, e);
            let dash = toks
                .get(e)
                .is_some_and(|t| t.text(text).chars().next().is_some_and(is_dash));
            if w.as_deref() == Some("from")
                && (dash
                    || matches!(
                        joint.as_deref(),
                        Some("to" | "through" | "until" | "till" | "and")
                    ))
            {
                if let Some((b, e2)) = point_at(text, toks, e + 1) {
                    return mention(i..e2, TimeExpr::Between(a, b), "from <point> to <point>");
                }
            }
            // "from 2025 onward", "starting in 2026", "effective from July 1"
            let mut e = e;
            if matches!(joint.as_deref(), Some("onward" | "onwards" | "on")) {
                e += 1;
            } else if w.as_deref() == Some("from")
                && !matches!(a, Point::Day(..) | Point::Month(..))
            {
                return None;
            }
            mention(i..e, TimeExpr::From(a), "from <point> onward")
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
            if let Some((p, e)) = relative_at(text, toks, i + 1) {
                return mention(i..e, TimeExpr::Since(p), "since <relative>");
            }
            let (p, e) = point_at(text, toks, i + 1)?;
            mention(i..e, TimeExpr::Since(p), "since <point>")
        }
        Some("on") => {
            let (p, e) = point_at(text, toks, i + 1)?;
            matches!(p, Point::Day(..) | Point::Weekday(_)).then(|| TimeMention {
                toks: i..e,
                expr: TimeExpr::At(p),
                reported: false,
                rule: "on <date>",
            })
        }
        Some("as") if word(text, toks, i + 1).as_deref() == Some("of") => {
            let (p, e) = point_at(text, toks, i + 2)?;
            mention(i..e, TimeExpr::At(p), "as of <point>")
        }
        Some("in" | "during" | "throughout" | "over" | "within" | "for") => {
            // "in the previous year" is a calendar year; "in the past year" a span
            if let Some((p, e)) = relative_at(text, toks, i + 1) {
                return mention(i..e, TimeExpr::At(p), "in <relative>");
            }
            if let Some((expr, e)) = span_at(text, toks, i + 1) {
                return mention(i..e, expr, "over <span>");
            }
            if let Some((expr, e)) = ending_at(text, toks, i + 1) {
                return mention(i..e, expr, "in the <span> to <point>");
            }
            if matches!(
                w.as_deref(),
                Some("in" | "during" | "throughout" | "for" | "over")
            ) {
                if let Some((a, b, e)) = year_range_at(text, toks, i + 1) {
                    return mention(i..e, TimeExpr::Between(a, b), "in <year>-<year>");
                }
                let (p, e) = point_at(text, toks, i + 1)?;
                // "in 2025 and 2026"
                if let Point::Year(_) = p {
                    if word(text, toks, e).as_deref() == Some("and") {
                        if let Some((b @ Point::Year(_), e2)) = point_at(text, toks, e + 1) {
                            return mention(i..e2, TimeExpr::Between(p, b), "in <year> and <year>");
                        }
                    }
                }
                return mention(i..e, TimeExpr::At(p), "in <point>");
            }
            None
        }
        Some("earlier" | "later") if words_are(text, toks, i + 1, &["this", "year"]) => {
            let expr = if w.as_deref() == Some("earlier") {
                TimeExpr::YearToDate
            } else {
                TimeExpr::RestOfYear
            };
            mention(i..i + 3, expr, "earlier this year")
        }
        Some("so") if words_are(text, toks, i + 1, &["far", "this", "year"]) => {
            mention(i..i + 4, TimeExpr::YearToDate, "so far this year")
        }
        Some("year")
            if word(text, toks, i + 2).as_deref() == Some("date")
                && word(text, toks, i + 1).as_deref() == Some("to") =>
        {
            mention(i..i + 3, TimeExpr::YearToDate, "year to date")
        }
        Some("the") => {
            // "the previous year", "the current quarter"
            if let Some((p, e)) = relative_at(text, toks, i) {
                return mention(i..e, TimeExpr::At(p), "<relative>");
            }
            // "the 12 months to June", "the year ended March 31"
            if let Some((expr, e)) = ending_at(text, toks, i) {
                return mention(i..e, expr, "the <span> to <point>");
            }
            // "the past five years", "the next decade"
            if let Some((expr, e)) = span_at(text, toks, i) {
                return mention(i..e, expr, "the next <span>");
            }
            let (p, e) = point_at(text, toks, i)?;
            matches!(
                p,
                Point::Quarter(..)
                    | Point::Half(..)
                    | Point::FiscalYear(_)
                    | Point::FiscalEnding(..)
                    | Point::FiscalQuarter(..)
                    | Point::FiscalSpan(_)
            )
            .then(|| TimeMention {
                toks: i..e,
                expr: TimeExpr::At(p),
                reported: false,
                rule: "the <quarter>",
            })
        }
        _ => {
            if let Some((p, e)) = relative_at(text, toks, i) {
                return mention(i..e, TimeExpr::At(p), "<relative>");
            }
            // "2024-2027"
            if let Some((a, b, e)) = year_range_at(text, toks, i) {
                return mention(i..e, TimeExpr::Between(a, b), "<year>-<year>");
            }
            // "April 2025", "July 9, 2024", "Q3 2024", "fiscal 2025", "early 2025":
            // points that carry their own year, or a date
            let (p, e) = point_at(text, toks, i)?;
            let standalone = match p {
                Point::Month(y, _) | Point::Quarter(y, _) | Point::Half(y, _) => y.is_some(),
                Point::Day(..) | Point::Part(..) | Point::FiscalYear(_) | Point::FiscalSpan(_) => {
                    true
                }
                Point::FiscalQuarter(..) | Point::FiscalEnding(..) | Point::Decade(_) => true,
                _ => false,
            };
            standalone.then_some(TimeMention {
                toks: i..e,
                expr: TimeExpr::At(p),
                reported: false,
                rule: "<point>",
            })
        }
    }
}

/// Relative points: "this year", "next quarter", "last month", "the previous year",
/// "today", "yesterday", "two years ago".
fn relative_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    // "5 years ago": digits only open a span back (scan_into tries phrases at digits
    // of one, two or four places: may_be_date_digits)
    let Some(w) = word(text, toks, i) else {
        return ago_at(text, toks, i);
    };
    let (offset, j) = match w.as_str() {
        "today" => return Some((Point::Rel(TimeUnit::Day, 0), i + 1)),
        "yesterday" => return Some((Point::Rel(TimeUnit::Day, -1), i + 1)),
        "tomorrow" => return Some((Point::Rel(TimeUnit::Day, 1), i + 1)),
        "this" => (0, i + 1),
        "next" => (1, i + 1),
        "last" | "previous" | "prior" => (-1, i + 1),
        "the" => match word(text, toks, i + 1).as_deref() {
            Some("previous" | "prior") => (-1, i + 2),
            Some("current") => (0, i + 2),
            Some("following") => (1, i + 2),
            _ => return ago_at(text, toks, i),
        },
        _ => return ago_at(text, toks, i),
    };
    let unit = match lexicon().time_word(&word(text, toks, j)?)? {
        TimeWord::Unit(u) if u.months().is_some() || u.days().is_some() => u,
        _ => return None,
    };
    // "this year's", "last year" but not "next year’s budget"-style compounds: fine as is
    Some((Point::Rel(unit, offset), j + 1))
}

/// "two years ago", "a month ago": the unit that far back.
fn ago_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    // asked at most places a phrase may start: without an "ago" after them, at once
    let ago = |t: &Token| {
        t.end - t.start == 3 && text.as_bytes()[t.start..t.end].eq_ignore_ascii_case(b"ago")
    };
    if !toks.get(i + 1..)?.iter().any(ago) {
        return None;
    }
    let (d, e) = duration_at(text, toks, i, false)?;
    if word(text, toks, e).as_deref() != Some("ago") {
        return None;
    }
    let p = if d.days == 0 && d.seconds.is_zero() && d.months % 12 == 0 {
        Point::Rel(TimeUnit::Year, -((d.months / 12) as i32))
    } else if d.days == 0 && d.seconds.is_zero() {
        Point::Rel(TimeUnit::Month, -(d.months as i32))
    } else if d.months == 0 && d.seconds.is_zero() && d.days % 7 == 0 {
        Point::Rel(TimeUnit::Week, -((d.days / 7) as i32))
    } else {
        return None;
    };
    Some((p, e + 1))
}

/// A point: a date, a weekday, a quarter or half, a fiscal year, a part of a year, a
/// decade, a month with or without its year, or a year.
pub fn point_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    // a point opens with digits, a month, a weekday, or one of FISCAL_OPENERS and
    // POINT_OPENERS (the rules below, in order: fiscal, quarter, part, date, weekday,
    // month, decade, year): "to a request" is turned away here, not by each rule
    let t = toks.get(i)?;
    let opens = match t.kind {
        TokKind::Num => true,
        TokKind::Word => {
            FISCAL_OPENERS.has(text, t)
                || POINT_OPENERS.has(text, t)
                || matches!(
                    lexicon().time_of(text, t),
                    Some(TimeWord::Month(_) | TimeWord::Weekday(_))
                )
        }
        TokKind::Sym | TokKind::Punct => false,
    };
    if !opens {
        return None;
    }
    point_rules(text, toks, i)
}

/// [`point_at`] without its gate.
fn point_rules(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    if let Some(r) = fiscal_at(text, toks, i) {
        return Some(r);
    }
    if let Some(r) = quarter_at(text, toks, i) {
        return Some(r);
    }
    if let Some(r) = part_at(text, toks, i) {
        return Some(r);
    }
    if let Some((y, m, d, e)) = date_at(text, toks, i) {
        return Some((Point::Day(y, m, d), e));
    }
    if let Some(t) = toks.get(i) {
        if t.is_capitalized(text) {
            if let Some(TimeWord::Weekday(d)) = lexicon().time_word(&t.lower(text)) {
                return Some((Point::Weekday(d), i + 1));
            }
        }
    }
    if let Some((m, j)) = month_with_dot(text, toks, i) {
        let mut j = j;
        if toks.get(j).is_some_and(|t| t.is_char(text, ',')) && year_at(text, toks, j + 1).is_some()
        {
            j += 1;
        }
        if let Some(y) = year_at(text, toks, j) {
            return Some((Point::Month(Some(y), m), j + 1));
        }
        return Some((Point::Month(None, m), i + 1));
    }
    // "the 1990s", "the 2020s"
    let k = if word(text, toks, i).as_deref() == Some("the") {
        i + 1
    } else {
        i
    };
    if let Some(y) = year_at(text, toks, k) {
        if y % 10 == 0
            && toks
                .get(k + 1)
                .is_some_and(|s| s.glued() && s.text(text) == "s")
        {
            return Some((Point::Decade(y), k + 2));
        }
    }
    let y = year_at(text, toks, i)?;
    // "2027" must not be the start of a larger number ("2000 million")
    if let Some(n) = toks.get(i + 1) {
        if n.glued() && n.kind == TokKind::Word
            || lexicon().number_of(text, n).is_some_and(|w| w.value >= 100)
        {
            return None;
        }
    }
    Some((Point::Year(y), i + 1))
}

/// A two-digit or four-digit year after "FY" or "fiscal": "25" → 2025.
fn short_year(s: &str) -> Option<i32> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        2 => Some(2000 + s.parse::<i32>().ok()?),
        4 => s.parse().ok().filter(|y| (1900..2100).contains(y)),
        _ => None,
    }
}

/// "2024-25", "2024/25", "2024-2025": a fiscal span's first year, when the second
/// follows the first.
fn two_years(text: &str, toks: &[Token], i: usize) -> Option<(i32, usize)> {
    let a = toks.get(i).filter(|t| t.kind == TokKind::Num)?;
    let a = short_year(a.text(text))?;
    let sep = toks.get(i + 1)?;
    if !(sep.is_char(text, '/') || sep.text(text).chars().next().is_some_and(is_dash)) {
        return None;
    }
    let b = toks.get(i + 2).filter(|t| t.kind == TokKind::Num)?;
    let b = short_year(b.text(text))?;
    (b == a + 1 || b % 100 == (a + 1) % 100).then_some((a, i + 3))
}

/// Fiscal years: "fiscal 2025", "fiscal year 2025", "FY2025", "FY25", "FY 2025",
/// "FY2024-25", "the 2025 fiscal year", "the 2025-26 financial year", "the fiscal year
/// ending March 2026", "Q1 FY25", "the first quarter of fiscal 2025".
fn fiscal_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    // asked first wherever a point may start: a fiscal point opens with a number or one
    // of a few words (the rules below), and any other token is turned away by its id
    let t = toks.get(i)?;
    // a number opens only "2025 fiscal year", "2025-26 financial year": the rules of a
    // word before are not asked
    if t.kind == TokKind::Num {
        return number_then_fiscal(text, toks, i);
    }
    if !FISCAL_OPENERS.has(text, t) {
        return None;
    }
    let mut j = i;
    if word(text, toks, j).as_deref() == Some("the") {
        j += 1;
    }
    // "the first quarter of fiscal 2025"
    if let Some(q) = word(text, toks, j).and_then(|w| ordinal_word(&w)) {
        if matches!(word(text, toks, j + 1).as_deref(), Some("quarter"))
            && word(text, toks, j + 2).as_deref() == Some("of")
        {
            if let Some((Point::FiscalYear(y), e)) = fiscal_at(text, toks, j + 3) {
                return (q <= 4).then_some((Point::FiscalQuarter(y, q), e));
            }
        }
    }
    // "Q1 FY25"
    if let Some(q) = quarter_token(text, toks, j) {
        if let Some((Point::FiscalYear(y), e)) = fiscal_at(text, toks, j + 2) {
            return Some((Point::FiscalQuarter(y, q), e));
        }
    }
    let first_is_number = toks.get(j)?.kind == TokKind::Num;
    // "FY2025", "FY25", "FY 2025", "FY2024-25"
    if toks[j].text(text) == "FY" {
        let k = j + 1;
        if let Some((a, e)) = two_years(text, toks, k) {
            return Some((Point::FiscalSpan(a), e));
        }
        let n = toks.get(k).filter(|t| t.kind == TokKind::Num)?;
        let y = short_year(n.text(text))?;
        return Some((Point::FiscalYear(y), k + 1));
    }
    // "fiscal 2025", "fiscal year 2025", "fiscal 2024-25", "the fiscal year ending March 2026"
    if let Some(k) = fiscal_words(text, toks, j) {
        if matches!(
            word(text, toks, k).as_deref(),
            Some("ending" | "ended" | "to" | "through")
        ) {
            let (p, e) = point_at(text, toks, k + 1)?;
            return match p {
                Point::Month(Some(y), m) | Point::Day(Some(y), m, _) => {
                    Some((Point::FiscalEnding(y, m), e))
                }
                _ => None,
            };
        }
        if let Some((a, e)) = two_years(text, toks, k) {
            return Some((Point::FiscalSpan(a), e));
        }
        let y = year_at(text, toks, k)?;
        return Some((Point::FiscalYear(y), k + 1));
    }
    // "the 2025 fiscal year", "the 2025-26 financial year"
    if first_is_number {
        return number_then_fiscal(text, toks, j);
    }
    None
}

/// "fiscal", "fiscal year" or "financial year" at token `k`: the index after it.
fn fiscal_words(text: &str, toks: &[Token], k: usize) -> Option<usize> {
    match word(text, toks, k).as_deref() {
        Some("fiscal") => Some(
            if matches!(word(text, toks, k + 1).as_deref(), Some("year")) {
                k + 2
            } else {
                k + 1
            },
        ),
        Some("financial") if word(text, toks, k + 1).as_deref() == Some("year") => Some(k + 2),
        _ => None,
    }
}

/// A fiscal year named by its number first, at token `j`: "2025 fiscal year",
/// "2025-26 financial year".
fn number_then_fiscal(text: &str, toks: &[Token], j: usize) -> Option<(Point, usize)> {
    // asked of every number a point may start at: the fiscal word comes after the year
    // or after "2025-26", or there is none
    let fiscal = |k: usize| {
        word_token(toks, k)
            .is_some_and(|t| t.lower_is(text, "fiscal") || t.lower_is(text, "financial"))
    };
    if !fiscal(j + 1) && !fiscal(j + 3) {
        return None;
    }
    if let Some((a, e)) = two_years(text, toks, j) {
        if let Some(k) = fiscal_words(text, toks, e) {
            return Some((Point::FiscalSpan(a), k));
        }
    }
    let y = year_at(text, toks, j)?;
    let k = fiscal_words(text, toks, j + 1)?;
    Some((Point::FiscalYear(y), k))
}

/// "first" → 1 ... "fourth" → 4.
fn ordinal_word(w: &str) -> Option<u32> {
    match lexicon().number_word(w) {
        Some(nw) if nw.class == crate::lexicon::NumberClass::Ordinal && nw.value <= 4 => {
            Some(nw.value as u32)
        }
        _ => None,
    }
}

/// "Q3" (one token or "Q" glued to "3"): the quarter.
fn quarter_token(text: &str, toks: &[Token], i: usize) -> Option<u32> {
    let t = toks.get(i)?;
    if t.text(text) != "Q" {
        return None;
    }
    let n = toks
        .get(i + 1)
        .filter(|n| n.glued() && n.kind == TokKind::Num)?;
    let q: u32 = n.text(text).parse().ok()?;
    if !(1..=4).contains(&q) || toks.get(i + 2).is_some_and(|x| x.glued() && x.is_word()) {
        return None;
    }
    Some(q)
}

/// Calendar quarters and halves: "Q3 2024", "Q3", "3Q24", "the first quarter (of 2025)",
/// "the second half of 2025", "H2 2025", "the second half of the year".
fn quarter_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    // "Q3 2024", "Q3"
    if let Some(q) = quarter_token(text, toks, i) {
        let e = i + 2;
        let year = year_at(text, toks, e).or_else(|| {
            toks.get(e)
                .filter(|t| t.kind == TokKind::Num && t.end - t.start == 2)
                .and_then(|t| short_year(t.text(text)))
        });
        return Some(match year {
            Some(y) => (Point::Quarter(Some(y), q), e + 1),
            None => (Point::Quarter(None, q), e),
        });
    }
    // "H2 2025"
    if let Some(t) = toks.get(i) {
        if t.text(text) == "H" {
            let n = toks
                .get(i + 1)
                .filter(|n| n.glued() && n.kind == TokKind::Num)?;
            let h: u32 = n.text(text).parse().ok()?;
            if !(1..=2).contains(&h) {
                return None;
            }
            let y = year_at(text, toks, i + 2)?;
            return Some((Point::Half(Some(y), h), i + 3));
        }
        // "3Q24", "2H25"
        if t.kind == TokKind::Num && t.end - t.start == 1 {
            let unit = toks.get(i + 1).filter(|u| u.glued())?.text(text);
            let n: u32 = t.text(text).parse().ok()?;
            let yy = toks
                .get(i + 2)
                .filter(|y| y.glued() && y.kind == TokKind::Num)?;
            let y = short_year(yy.text(text))?;
            return match unit {
                "Q" if (1..=4).contains(&n) => Some((Point::Quarter(Some(y), n), i + 3)),
                "H" if (1..=2).contains(&n) => Some((Point::Half(Some(y), n), i + 3)),
                _ => None,
            };
        }
    }
    // "the first quarter (of 2025 | of the year)", "the second half"
    let mut j = i;
    if word(text, toks, j).as_deref() != Some("the") {
        return None;
    }
    j += 1;
    let n = ordinal_word(&word(text, toks, j)?)?;
    let kind = word(text, toks, j + 1)?;
    // "the second quarter-final" is no quarter
    if toks
        .get(j + 2)
        .is_some_and(|d| d.glued() && d.text(text).chars().next().is_some_and(is_dash))
    {
        return None;
    }
    let mut e = j + 2;
    let mut year = None;
    if word(text, toks, e).as_deref() == Some("of") {
        if let Some(y) = year_at(text, toks, e + 1) {
            year = Some(y);
            e += 2;
        } else if words_are(text, toks, e + 1, &["the", "year"])
            || words_are(text, toks, e + 1, &["this", "year"])
        {
            e += 3;
        }
    }
    match kind.as_str() {
        "quarter" if n <= 4 => Some((Point::Quarter(year, n), e)),
        "half" if n <= 2 => Some((Point::Half(year, n), e)),
        _ => None,
    }
}

/// "early 2025", "mid-2026", "late 2024", "end-2027", "the middle of 2025", "the start
/// of 2025".
fn part_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    let mut j = i;
    let the = word(text, toks, j).as_deref() == Some("the");
    if the {
        j += 1;
    }
    let w = word(text, toks, j)?;
    let part = match (w.as_str(), the) {
        ("early", false) => Part::Early,
        ("mid" | "middle", _) => Part::Mid,
        ("late" | "end", false) => Part::Late,
        ("start" | "beginning", true) => Part::Early,
        _ => return None,
    };
    let mut k = j + 1;
    // "mid-2026", "end-2027", "the middle of 2025"
    let dash = toks
        .get(k)
        .is_some_and(|d| d.glued() && d.text(text).chars().next().is_some_and(is_dash));
    if dash || word(text, toks, k).as_deref() == Some("of") {
        k += 1;
    } else if the {
        return None;
    }
    let y = year_at(text, toks, k)?;
    Some((Point::Part(y, part), k + 1))
}

/// "2024-2027", "2024–27": two years joined by a dash. Two consecutive years
/// ("2025-26", "2024/25") are one fiscal year across them, as news writes budgets and
/// financial years: the caller gets `Point::FiscalSpan` twice.
fn year_range_at(text: &str, toks: &[Token], i: usize) -> Option<(Point, Point, usize)> {
    // both forms are a number, then a slash or a dash (asked where most phrases start:
    // "in 2025", "in the")
    let sep = toks.get(i + 1)?;
    if toks[i].kind != TokKind::Num
        || !(sep.is_char(text, '/') || sep.text(text).chars().next().is_some_and(is_dash))
    {
        return None;
    }
    if let Some((a, e)) = two_years(text, toks, i) {
        return Some((Point::FiscalSpan(a), Point::FiscalSpan(a), e));
    }
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

/// A span after a preposition: "the next two years", "five years", "the course of four
/// years", "the next decade", "18 months", "the coming 90 days", "the past five years",
/// "the last decade", "a year".
fn span_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeExpr, usize)> {
    let mut j = i;
    let mut past = false;
    let mut marked = false;
    if word(text, toks, j).as_deref() == Some("the") {
        j += 1;
        if words_are(text, toks, j, &["course", "of"]) {
            j += 2;
            marked = true;
        }
        match word(text, toks, j).as_deref() {
            Some("next" | "coming" | "following") => {
                j += 1;
                marked = true;
            }
            Some("past" | "last" | "previous" | "preceding") => {
                j += 1;
                marked = true;
                past = true;
            }
            _ if marked => {}
            _ => return None,
        }
    } else if matches!(word(text, toks, j).as_deref(), Some("next" | "coming")) {
        j += 1;
        marked = true;
    }
    // "the next decade": one unit ("the coming years" says no length)
    if marked {
        let unit_word = word(text, toks, j).unwrap_or_default();
        if let Some(TimeWord::Unit(u)) = lexicon().time_word(&unit_word) {
            if unit_word.ends_with('s') {
                return None;
            }
            if u.months().is_some() || u.days().is_some() {
                let length = Duration::of(rust_decimal::Decimal::ONE, u)?;
                return Some((TimeExpr::Span { length, past }, j + 1));
            }
        }
    }
    let (length, e) = duration_at(text, toks, j, false)?;
    if length.months == 0 && length.days == 0 {
        // hours and minutes are no periods of figures
        return None;
    }
    Some((TimeExpr::Span { length, past }, e))
}

/// "the 12 months to June 2024", "the year to March", "the year ended March 31, 2024",
/// "the three months ended Sept. 30", "the quarter ending June 30".
fn ending_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeExpr, usize)> {
    let mut j = i;
    if word(text, toks, j).as_deref() == Some("the") {
        j += 1;
    }
    let (length, e) = match word(text, toks, j).as_deref() {
        Some("year") => (
            Duration::of(rust_decimal::Decimal::ONE, TimeUnit::Year)?,
            j + 1,
        ),
        Some("half") => (
            Duration::of(rust_decimal::Decimal::TWO, TimeUnit::Quarter)?,
            j + 1,
        ),
        Some("quarter") => (
            Duration::of(rust_decimal::Decimal::ONE, TimeUnit::Quarter)?,
            j + 1,
        ),
        Some("month") => (
            Duration::of(rust_decimal::Decimal::ONE, TimeUnit::Month)?,
            j + 1,
        ),
        _ => duration_at(text, toks, j, false)?,
    };
    let (end, e2) = ending_point(text, toks, e)?;
    Some((TimeExpr::Ending { length, end }, e2))
}

/// "to June 2024", "ended March 31", "ending June 30": the point a stretch ends with.
fn ending_point(text: &str, toks: &[Token], i: usize) -> Option<(Point, usize)> {
    if !matches!(
        word(text, toks, i).as_deref(),
        Some("to" | "ended" | "ending" | "through")
    ) {
        return None;
    }
    let (p, e) = point_at(text, toks, i + 1)?;
    matches!(p, Point::Month(..) | Point::Day(..)).then_some((p, e))
}

#[cfg(test)]
mod tests;
