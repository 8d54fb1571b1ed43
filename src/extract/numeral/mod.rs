//! Numerals: numbers written in digits, in words, or both, with their scale words.
//!
//! "15.24 billion", "one million", "twenty-one", "1,000", "12,34,567", "1.26 lakh crore",
//! "$500-billion" (the numeral part), "32nd", "half a billion". Values are exact
//! decimals: digits are read as digits and a power of ten, never through a float.
//!
//! Every other dimension that holds a number (money, counts, percentages, ranks, time
//! phrases) builds on the numerals found here. A numeral alone is never a figure.
//!
//! The examples this module must read are in `corpus.txt` beside it.

use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::extract::text::{is_dash, TokKind, Token};
use crate::lexicon::{lexicon, NumberClass};

/// A numeral found in a token slice.
#[derive(Debug, Clone, PartialEq)]
pub struct Numeral {
    /// Token indices it covers.
    pub toks: Range<usize>,
    /// Its value, exact.
    pub value: Decimal,
    /// An ordinal ("32nd", "second") rather than a cardinal.
    pub ordinal: bool,
    /// Written at least partly in words ("one million", "2.3 million" is not: its scale
    /// is a word but its number is digits).
    pub words: bool,
    /// Has a scale word or abbreviation ("million", "bn", "k").
    pub scaled: bool,
    /// The factor its final scale words multiply by (1 when none): "2 billion" has
    /// 1000000000. A range shares it: "$1-2 billion" is 1 billion to 2 billion.
    pub scale: Decimal,
    /// A vague quantity ("a few", "a couple of"): about that many.
    pub vague: bool,
    /// An order of magnitude, not a value ("billions of", "tens of thousands of"): at
    /// least `value`, no more is said.
    pub open: bool,
    /// One token of plain digits with no separator, sign or scale ("2024", "737").
    pub plain: bool,
    /// The rule that read it.
    pub rule: &'static str,
}

impl Numeral {
    /// The amount it states: its value (approximate for "a few", "a couple of"), or for
    /// an order of magnitude ("billions of") no value and the magnitude as lower bound.
    pub fn amount(&self) -> crate::extract::Amount {
        use crate::lexicon::Qualifier;
        let mut a = crate::extract::Amount::exact(self.value);
        if self.open {
            a.value = None;
            a.min = Some(self.value);
            a.qualifier = Qualifier::Approx;
        } else if self.vague {
            a.qualifier = Qualifier::Approx;
        }
        a
    }

    /// Whether it reads like a year: four plain digits from 1000 to 2999.
    pub fn is_year_like(&self, text: &str, toks: &[Token]) -> bool {
        self.plain
            && self.toks.len() == 1
            && toks[self.toks.start].end - toks[self.toks.start].start == 4
            && self.value >= Decimal::from(1000)
            && self.value < Decimal::from(3000)
            && !text[toks[self.toks.start].start..].starts_with('0')
    }
}

/// Finds every numeral in `toks`, left to right, longest first, none overlapping.
///
/// # Example
///
/// ```
/// use figures::extract::{numeral, text::Tokens};
/// let text = "Six firms raised 2.3 million and twenty-one thousand";
/// let toks = Tokens::new(text);
/// let mut out = Vec::new();
/// numeral::scan(text, toks.as_slice(), &mut out);
/// let values: Vec<String> = out.iter().map(|n| n.value.to_string()).collect();
/// assert_eq!(values, ["6", "2300000", "21000"]);
/// ```
pub fn scan(text: &str, toks: &[Token], out: &mut Vec<Numeral>) {
    use crate::lexicon::{feat, NOT_LOOKED_UP};
    let mut i = 0;
    while i < toks.len() {
        // by its bit, but for a token not looked up
        let t = &toks[i];
        if !t.has(feat::NUMERAL)
            || t.lex == NOT_LOOKED_UP && !may_start(text, t)
            || !sign_may_start(text, toks, i)
        {
            i += 1;
            continue;
        }
        match parse_at(text, toks, i) {
            Some(n) => {
                i = n.toks.end;
                out.push(n);
            }
            None => i += 1,
        }
    }
}

/// Whether a numeral may start at a token: digits, a sign or a dot before digits, or a
/// word that may open one. Checked on every token before the rules run.
fn may_start(text: &str, t: &Token) -> bool {
    match t.kind {
        TokKind::Num => true,
        TokKind::Word => crate::lexicon::vocab().may_start_numeral(t.lex, || t.text(text)),
        TokKind::Punct | TokKind::Sym => opens_number(text, t),
    }
}

/// Whether a number can follow token `i` when it is a sign or a point: only digits, or
/// a point before digits ("-5", "-.5", ".5"; `sign_at`, `unsigned_at`). A sentence's
/// final period is asked here, not by the rules.
#[inline]
fn sign_may_start(text: &str, toks: &[Token], i: usize) -> bool {
    toks[i].is_word()
        || toks[i].kind == TokKind::Num
        || toks
            .get(i + 1)
            .is_some_and(|n| n.kind == TokKind::Num || n.is_char(text, '.'))
}

/// Whether a punctuation token may start a number: a minus sign or a decimal point
/// ("-5", ".5"), the only ones `sign_at` and `unsigned_at` read first.
pub(crate) fn opens_number(text: &str, t: &Token) -> bool {
    // compared as bytes: slicing the text as a str would check character boundaries
    opens_number_bytes(&text.as_bytes()[t.start..t.end])
}

/// [`opens_number`] of a token's bytes: "-", "." and the minus sign U+2212 (E2 88 92).
pub(crate) fn opens_number_bytes(bytes: &[u8]) -> bool {
    matches!(bytes, b"-" | b"." | [0xE2, 0x88, 0x92])
}

/// The numeral that starts at token `i`, if any.
pub fn parse_at(text: &str, toks: &[Token], i: usize) -> Option<Numeral> {
    let (negative, j) = sign_at(text, toks, i);
    let mut n = unsigned_at(text, toks, j)?;
    if negative {
        n.value = -n.value;
        n.toks.start = i;
        n.plain = false;
    }
    restated(text, toks, &mut n);
    Some(n)
}

/// A sign before a number: "-", "−", "minus", "negative". Returns whether there is one
/// and the index after it.
fn sign_at(text: &str, toks: &[Token], i: usize) -> (bool, usize) {
    let Some(t) = toks.get(i) else {
        return (false, i);
    };
    let Some(next) = toks.get(i + 1) else {
        return (false, i);
    };
    let s = t.text(text);
    let is_minus_char = matches!(s, "-" | "−");
    if is_minus_char {
        // "GPT-4", "1-2", "F-35": a dash glued to a name or a number joins, it is no sign;
        // after a lower-case word ("negative-5") it is
        if t.glued() && i > 0 {
            let prev = toks[i - 1];
            let lower_word = prev.is_word() && prev.text(text).chars().all(|c| c.is_lowercase());
            if prev.kind == TokKind::Num || prev.kind == TokKind::Sym || !lower_word {
                return (false, i);
            }
        }
        let starts_number = next.kind == TokKind::Num
            || (next.is_char(text, '.') && toks.get(i + 2).is_some_and(|d| d.kind == TokKind::Num));
        if starts_number && (next.glued() || next.start - t.end == 1) {
            return (true, i + 1);
        }
        return (false, i);
    }
    if t.is_word() && matches!(t.lower(text).as_str(), "minus" | "negative") {
        let starts_number = next.kind == TokKind::Num
            || (next.is_word() && lexicon().number_of(text, next).is_some());
        if starts_number {
            return (true, i + 1);
        }
    }
    (false, i)
}

fn unsigned_at(text: &str, toks: &[Token], i: usize) -> Option<Numeral> {
    let t = toks.get(i)?;
    match t.kind {
        TokKind::Num => digits_at(text, toks, i, i),
        // ".77"
        TokKind::Punct
            if t.is_char(text, '.')
                && toks
                    .get(i + 1)
                    .is_some_and(|d| d.kind == TokKind::Num && d.glued())
                && (i == 0 || toks[i - 1].kind != TokKind::Num || !t.glued()) =>
        {
            digits_at(text, toks, i + 1, i)
        }
        // "point 77"
        TokKind::Word if t.lower(text) == "point" => {
            let (value, end) = point_digits(text, toks, i, Decimal::ZERO)?;
            Some(Numeral {
                toks: i..end,
                value,
                ordinal: false,
                words: true,
                scaled: false,
                scale: Decimal::ONE,
                vague: false,
                open: false,
                plain: false,
                rule: "point digits",
            })
        }
        TokKind::Word => words_at(text, toks, i),
        _ => None,
    }
}

/// Reads a string of digits with separators: US ("1,234.5"), European ("1.234,5"),
/// Indian ("12,34,567") grouping. `None` when the grouping fits no convention (a
/// version number "1.2.3", a list "1,2,3").
///
/// # Example
///
/// ```
/// use figures::extract::numeral::parse_digits;
/// assert_eq!(parse_digits("15.24").unwrap().to_string(), "15.24");
/// assert_eq!(parse_digits("12,34,567").unwrap().to_string(), "1234567");
/// assert_eq!(parse_digits("1.234.567,5").unwrap().to_string(), "1234567.5");
/// assert!(parse_digits("1.2.3").is_none());
/// ```
pub fn parse_digits(s: &str) -> Option<Decimal> {
    if let Some(d) = plain_decimal(s.as_bytes()) {
        return Some(d);
    }
    let commas = s.bytes().filter(|&b| b == b',').count();
    let dots = s.bytes().filter(|&b| b == b'.').count();
    // digits, or digits with one decimal point (most numbers): the text as it is
    if commas == 0 && dots <= 1 {
        return Some(Decimal::from_str(s).ok()?.normalize());
    }
    // the integer part, the separator its groups drop, and the fraction
    let (int, drop, frac): (&str, Option<u8>, &str) = match (commas, dots) {
        (0, _) => {
            // European thousands: 1.234.567
            grouped(s, '.')?;
            (s, Some(b'.'), "")
        }
        (1, 0) => {
            let (a, b) = s.split_once(',')?;
            if b.len() == 3 && a.len() <= 3 {
                (s, Some(b','), "")
            } else {
                // decimal comma: 1,5
                (a, None, b)
            }
        }
        (_, 0) => {
            grouped(s, ',')?;
            (s, Some(b','), "")
        }
        (_, 1) if s.rfind('.') > s.rfind(',') => {
            let (a, b) = s.split_once('.')?;
            grouped(a, ',')?;
            (a, Some(b','), b)
        }
        (1, _) if s.rfind(',') > s.rfind('.') => {
            let (a, b) = s.rsplit_once(',')?;
            grouped(a, '.')?;
            (a, Some(b'.'), b)
        }
        _ => return None,
    };
    // the digits without their separators, with a point before the fraction: on the
    // stack (a separated number is one in ten: "1,000", "7,435.5"), read as plain digits
    // where they fit, else by the text parser
    let digits = || {
        int.bytes()
            .filter(move |&b| Some(b) != drop)
            .chain((!frac.is_empty()).then_some(b'.'))
            .chain(frac.bytes())
    };
    let mut buf = [0u8; 64];
    let long: Vec<u8>;
    let digits: &[u8] = if int.len() + 1 + frac.len() <= buf.len() {
        let mut n = 0;
        for b in digits() {
            buf[n] = b;
            n += 1;
        }
        &buf[..n]
    } else {
        // longer than any Decimal: on the heap, for the text parser to say what it makes
        // of it
        long = digits().collect();
        &long
    };
    if let Some(d) = plain_decimal(digits) {
        return Some(d);
    }
    let d = Decimal::from_str(std::str::from_utf8(digits).ok()?).ok()?;
    Some(d.normalize())
}

/// Digits with at most one decimal point inside them and at most nineteen digits in all
/// (most numbers: "2024", "15.24"), read as an integer and a power of ten without the
/// text parser; `None` for anything else (separators, more digits), left to it.
fn plain_decimal(s: &[u8]) -> Option<Decimal> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut point = None;
    for (k, &b) in s.iter().enumerate() {
        match b {
            // nineteen digits fit in a u64
            b'0'..=b'9' if digits < 19 => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() && k > 0 && k + 1 < s.len() => point = Some(k),
            _ => return None,
        }
    }
    let scale = point.map_or(0, |k| (s.len() - k - 1) as u32);
    let d = Decimal::from_i128_with_scale(i128::from(mantissa), scale);
    Some(if scale > 0 { d.normalize() } else { d })
}

/// Checks thousands grouping: groups of three after a first group of one to three, or
/// the Indian grouping (groups of two, then a last group of three).
fn grouped(s: &str, sep: char) -> Option<()> {
    // the groups' lengths, read once (no list of the groups is made)
    let mut lengths = s.split(sep).map(str::len);
    let first = lengths.next()?;
    if first == 0 || first > 3 {
        return None;
    }
    // whether every later group has three digits; whether every one but the last has
    // two; the last one's length
    let (mut threes, mut twos, mut last, mut later) = (true, true, 0, 0);
    for len in lengths {
        if later > 0 {
            twos &= last == 2;
        }
        threes &= len == 3;
        last = len;
        later += 1;
    }
    if threes {
        return Some(());
    }
    (sep == ',' && last == 3 && first <= 2 && twos).then_some(())
}

/// A number written in digits starting at token `num` (the numeral starts at `start`,
/// before a leading period), with what follows it: an ordinal suffix, a fraction, scale
/// words.
fn digits_at(text: &str, toks: &[Token], num: usize, start: usize) -> Option<Numeral> {
    let t = toks[num];
    let s = t.text(text);
    let mut value = if start < num {
        Decimal::from_str(&format!("0.{s}")).ok()?
    } else {
        parse_digits(s)?
    };
    let mut end = num + 1;
    let mut plain = start == num && s.bytes().all(|b| b.is_ascii_digit());
    let mut rule = "digits";

    // ordinal: 32nd
    if let Some(suf) = toks.get(end).filter(|s| s.glued() && plain) {
        if matches!(suf.lower(text).as_str(), "st" | "nd" | "rd" | "th") {
            return Some(Numeral {
                toks: start..end + 1,
                value,
                ordinal: true,
                words: false,
                scaled: false,
                scale: Decimal::ONE,
                vague: false,
                open: false,
                plain: false,
                rule: "ordinal digits",
            });
        }
    }

    // fraction: 1/5, and a mixed number 1 1/2
    if plain {
        if let Some((f, e)) = fraction_at(text, toks, end, true) {
            value = f;
            end = e;
            plain = false;
            rule = "fraction";
        } else if let Some((f, e)) = fraction_at(text, toks, end, false) {
            if f < Decimal::ONE {
                value += f;
                end = e;
                plain = false;
                rule = "mixed fraction";
            }
        }
    }

    // "1 point 1"
    if let Some((v, e)) = point_digits(text, toks, end, value) {
        value = v;
        end = e;
        plain = false;
    }

    let mut numeral = Numeral {
        toks: start..end,
        value,
        ordinal: false,
        words: false,
        scaled: false,
        scale: Decimal::ONE,
        vague: false,
        open: false,
        plain,
        rule,
    };
    scales_after(text, toks, &mut numeral);
    Some(numeral)
}

/// A fraction `a/b` at token `i` (glued to what precedes when `glued`).
fn fraction_at(text: &str, toks: &[Token], i: usize, glued: bool) -> Option<(Decimal, usize)> {
    let (a, slash, b) = if glued {
        // the numerator is the token before i
        let a = toks.get(i.checked_sub(1)?)?;
        (a, toks.get(i)?, toks.get(i + 1)?)
    } else {
        let a = toks.get(i)?;
        if a.glued() || a.kind != TokKind::Num {
            return None;
        }
        (a, toks.get(i + 1)?, toks.get(i + 2)?)
    };
    if !slash.is_char(text, '/') || !slash.glued() || !b.glued() || b.kind != TokKind::Num {
        return None;
    }
    let num = parse_plain(a.text(text))?;
    let den = parse_plain(b.text(text))?;
    if den.is_zero() {
        return None;
    }
    // a date such as 7/9/2024 is no fraction
    if toks
        .get(if glued { i + 2 } else { i + 3 })
        .is_some_and(|t| t.is_char(text, '/') && t.glued())
    {
        return None;
    }
    let end = if glued { i + 2 } else { i + 3 };
    Some((num.checked_div(den)?.normalize(), end))
}

fn parse_plain(s: &str) -> Option<Decimal> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        Decimal::from_str(s).ok()
    } else {
        None
    }
}

/// "point" and decimal digits after an integer: "1 point 1", "two point two".
fn point_digits(text: &str, toks: &[Token], i: usize, int: Decimal) -> Option<(Decimal, usize)> {
    let p = toks.get(i)?;
    if !p.is_word() || p.lower(text) != "point" || !int.fract().is_zero() {
        return None;
    }
    let mut digits = String::new();
    let mut j = i + 1;
    if let Some(d) = toks.get(j).filter(|d| d.kind == TokKind::Num) {
        let s = d.text(text);
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(s);
        j += 1;
    } else {
        while let Some(w) = toks.get(j).filter(|w| w.is_word()) {
            match lexicon().number_of(text, w) {
                Some(nw) if nw.class == NumberClass::Unit && nw.value < 10 => {
                    digits.push(char::from(b'0' + nw.value as u8));
                    j += 1;
                }
                _ => break,
            }
        }
    }
    if digits.is_empty() {
        return None;
    }
    let frac = Decimal::from_str(&format!("0.{digits}")).ok()?;
    let sign = if int.is_sign_negative() { -1 } else { 1 };
    Some(((int + frac * Decimal::from(sign)).normalize(), j))
}

/// Multiplies by the scale words that follow: "2.3 million", "1bn", "$500-billion",
/// "1.26 lakh crore", "two dozen".
fn scales_after(text: &str, toks: &[Token], n: &mut Numeral) {
    let lex = lexicon();
    let mut last_scale: Option<Decimal> = None;
    loop {
        let mut k = n.toks.end;
        // "500-billion": a dash glued on both sides
        if let (Some(d), Some(w)) = (toks.get(k), toks.get(k + 1)) {
            if d.glued()
                && w.glued()
                && d.text(text).chars().next().is_some_and(is_dash)
                && w.is_word()
            {
                k += 1;
            }
        }
        let Some(w) = toks.get(k) else { return };
        if !w.is_word() || w.newline_before {
            return;
        }
        let ws = w.text(text);
        let factor = match lex.number_of(text, w) {
            Some(nw) if matches!(nw.class, NumberClass::Scale | NumberClass::Hundred) => {
                Decimal::from(nw.value)
            }
            Some(nw) if nw.class == NumberClass::Dozen => Decimal::from(nw.value),
            Some(_) => return,
            // every form of the scale abbreviations has an id: a word looked up that
            // is none of them is no scale, and the forms are not compared one by one
            None if !crate::lexicon::vocab().may_be_scale(w.lex) => return,
            None => {
                let Some(a) = lex.scales.iter().find(|a| {
                    (if a.exact_case {
                        ws == a.form
                    } else {
                        ws.eq_ignore_ascii_case(&a.form)
                    }) && (w.glued() || a.spaced)
                }) else {
                    return;
                };
                // an abbreviation must end its word: "30 l.e." is no lakh
                let next = toks.get(k + 1);
                let abbreviated = next.is_some_and(|d| d.glued() && d.is_char(text, '.'))
                    && toks.get(k + 2).is_some_and(|x| x.glued() && x.is_word());
                if abbreviated || next.is_some_and(|x| x.glued() && x.is_word()) {
                    return;
                }
                a.value
            }
        };
        // scales chain only upwards: "lakh crore", "thousand million"
        if let Some(ls) = last_scale {
            if factor <= ls {
                return;
            }
        }
        let Some(v) = n.value.checked_mul(factor) else {
            return;
        };
        n.value = v.normalize();
        n.scale = (n.scale * factor).normalize();
        n.toks.end = k + 1;
        n.scaled = true;
        n.plain = false;
        last_scale = Some(factor);
    }
}

/// What the previous word of a numeral in words was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    A,
    Unit(i64),
    Tens,
    Hundred,
    Scale,
    And,
}

/// A numeral in words: "one million", "three hundred and forty-two", "a dozen",
/// "twenty-fifth", "half a billion", "a couple of".
fn words_at(text: &str, toks: &[Token], i: usize) -> Option<Numeral> {
    let lex = lexicon();
    let first = toks.get(i)?;
    if !crate::lexicon::vocab().may_start_numeral(first.lex, || first.text(text)) {
        return None;
    }
    if let Some(n) = fraction_words_at(text, toks, i) {
        return Some(n);
    }
    if let Some(n) = vague_at(text, toks, i) {
        return Some(n);
    }
    if let Some(n) = magnitude_at(text, toks, i) {
        return Some(n);
    }
    let word = |j: usize| -> Option<crate::lexicon::Lower> {
        toks.get(j)
            .filter(|t| t.is_word() && (j == i || !t.newline_before))
            .map(|t| t.lower(text))
    };
    let mut total = Decimal::ZERO;
    let mut group: i64 = 0;
    let mut last = Last::Start;
    let mut last_scale: Option<i64> = None;
    let mut end = i;
    let mut j = i;
    let mut ordinal = false;
    while let Some(t) = toks.get(j) {
        if j > i && t.newline_before {
            break;
        }
        // "twenty-one", "twenty—fifth"
        if !t.is_word() {
            let dash = t.text(text).chars().next().is_some_and(is_dash);
            let next_small = word(j + 1)
                .and_then(|w| lex.number_word(&w))
                .is_some_and(|nw| {
                    matches!(nw.class, NumberClass::Unit | NumberClass::Ordinal) && nw.value < 10
                });
            if dash && t.glued() && last == Last::Tens && next_small && toks[j + 1].glued() {
                j += 1;
                continue;
            }
            break;
        }
        let w = t.lower(text);
        if (w == "a" || w == "an") && last == Last::Start {
            let next = word(j + 1).and_then(|w| lex.number_word(&w));
            if next.is_some_and(|nw| {
                matches!(
                    nw.class,
                    NumberClass::Hundred | NumberClass::Scale | NumberClass::Dozen
                ) && nw.value > 0
            }) {
                group = 1;
                last = Last::A;
                j += 1;
                continue;
            }
            break;
        }
        if w == "and" {
            let next = word(j + 1).and_then(|w| lex.number_word(&w));
            if matches!(last, Last::Hundred | Last::Scale)
                && next.is_some_and(|nw| matches!(nw.class, NumberClass::Unit | NumberClass::Tens))
            {
                last = Last::And;
                j += 1;
                continue;
            }
            break;
        }
        let nw = match lex.number_word(&w) {
            Some(nw) => nw,
            None => {
                // "twentyfifth", "thirtyfirst": tens and unit in one word
                if last == Last::Start {
                    if let Some((v, ord)) = compound_word(&w) {
                        return Some(Numeral {
                            toks: i..j + 1,
                            value: Decimal::from(v),
                            ordinal: ord,
                            words: true,
                            scaled: false,
                            scale: Decimal::ONE,
                            vague: false,
                            open: false,
                            plain: false,
                            rule: "number words",
                        });
                    }
                }
                break;
            }
        };
        let v = nw.value;
        match nw.class {
            NumberClass::Unit => match last {
                Last::Start | Last::Hundred | Last::Scale | Last::And => {
                    group += v;
                    last = Last::Unit(v);
                }
                Last::Tens if v < 10 && v > 0 => {
                    group += v;
                    last = Last::Unit(v);
                }
                _ => break,
            },
            NumberClass::Tens => match last {
                Last::Start | Last::Hundred | Last::Scale | Last::And => {
                    group += v;
                    last = Last::Tens;
                }
                // "one twenty two": hundreds said as a unit
                Last::Unit(u) if (1..10).contains(&u) && group == u && total.is_zero() => {
                    group = u * 100 + v;
                    last = Last::Tens;
                }
                _ => break,
            },
            NumberClass::Hundred => match last {
                Last::Unit(_) | Last::Tens | Last::A if group > 0 && group < 100 => {
                    group *= 100;
                    last = Last::Hundred;
                }
                _ => break,
            },
            NumberClass::Scale => {
                if matches!(last, Last::Start | Last::And) || (group == 0 && total.is_zero()) {
                    break;
                }
                let s = Decimal::from(v);
                match last_scale {
                    Some(ls) if v > ls => total = (total + Decimal::from(group)) * s,
                    Some(ls) if v == ls => break,
                    _ => total += Decimal::from(group) * s,
                }
                group = 0;
                last_scale = Some(v);
                last = Last::Scale;
            }
            NumberClass::Dozen => {
                if matches!(last, Last::Start | Last::And | Last::Scale) || group == 0 {
                    break;
                }
                group *= v;
                last = Last::Hundred;
            }
            NumberClass::Ordinal => {
                match last {
                    Last::Start => group = v,
                    Last::Tens if v < 10 => group += v,
                    Last::Hundred | Last::Scale | Last::And if v < 100 => group += v,
                    _ => break,
                }
                ordinal = true;
                end = j + 1;
                break;
            }
        }
        j += 1;
        end = j;
    }
    if end == i {
        return None;
    }
    let mut value = total + Decimal::from(group);
    let mut rule = "number words";
    if !ordinal {
        // "two point two million"
        if let Some((v, e)) = point_digits(text, toks, end, value) {
            value = v;
            end = e;
            rule = "number words with point";
        }
        // "one and a half million"
        if let Some(e) = and_a_half(text, toks, end) {
            value += Decimal::new(5, 1);
            end = e;
        }
    }
    let mut n = Numeral {
        toks: i..end,
        value,
        ordinal,
        words: true,
        scaled: !total.is_zero(),
        scale: match (last, last_scale) {
            (Last::Scale, Some(s)) => Decimal::from(s),
            _ => Decimal::ONE,
        },
        vague: false,
        open: false,
        plain: false,
        rule,
    };
    if !ordinal && (last_scale.is_none() || rule != "number words") {
        scales_after(text, toks, &mut n);
    }
    Some(n)
}

/// "and a half" after a number, followed by a scale word: the index after "half".
fn and_a_half(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    let w = |k: usize| toks.get(k).map(|t| t.lower(text));
    if w(i)? == "and" && matches!(w(i + 1)?.as_str(), "a" | "one") && w(i + 2)? == "half" {
        let next = w(i + 3).and_then(|s| lexicon().number_word(&s));
        if next.is_some_and(|nw| nw.class == NumberClass::Scale) {
            return Some(i + 3);
        }
    }
    None
}

/// "half a billion", "a quarter of a million", "three quarters of a million".
fn fraction_words_at(text: &str, toks: &[Token], i: usize) -> Option<Numeral> {
    let w = |k: usize| toks.get(k).filter(|t| t.is_word()).map(|t| t.lower(text));
    let mut j = i;
    let mut value = Decimal::ONE;
    if matches!(w(j)?.as_str(), "a" | "an" | "one") {
        j += 1;
    }
    let frac = match w(j)?.as_str() {
        "half" => Decimal::new(5, 1),
        "quarter" => Decimal::new(25, 2),
        "third" if j > i => Decimal::ONE / Decimal::from(3),
        _ => return None,
    };
    value *= frac;
    j += 1;
    if w(j).as_deref() == Some("of") {
        j += 1;
    }
    if matches!(w(j)?.as_str(), "a" | "an") {
        j += 1;
    }
    let scale = lexicon().number_word(&w(j)?)?;
    if scale.class != NumberClass::Scale {
        return None;
    }
    Some(Numeral {
        toks: i..j + 1,
        value: (value * Decimal::from(scale.value)).normalize(),
        ordinal: false,
        words: true,
        scaled: true,
        scale: Decimal::from(scale.value),
        vague: false,
        open: false,
        plain: false,
        rule: "fraction words",
    })
}

/// Vague small quantities: "a couple (of)", "a pair", "a few", "few", "a dozen (of)"
/// when not followed by another number word.
fn vague_at(text: &str, toks: &[Token], i: usize) -> Option<Numeral> {
    let w = |k: usize| toks.get(k).filter(|t| t.is_word()).map(|t| t.lower(text));
    let mut j = i;
    let article = matches!(w(j)?.as_str(), "a" | "an");
    if article {
        j += 1;
    }
    let (value, vague) = match w(j)?.as_str() {
        "couple" if article => (2, true),
        "pair" if article => (2, false),
        "few" => (3, true),
        "dozen" if article => (12, false),
        _ => return None,
    };
    j += 1;
    let mut n = Numeral {
        toks: i..j,
        value: Decimal::from(value),
        ordinal: false,
        words: true,
        scaled: false,
        scale: Decimal::ONE,
        vague,
        open: false,
        plain: false,
        rule: "quantity words",
    };
    // "a couple of billion", "a dozen of"
    if w(j).as_deref() == Some("of") {
        let scale = w(j + 1).and_then(|s| lexicon().number_word(&s));
        match scale {
            Some(s) if s.class == NumberClass::Scale => {
                n.value *= Decimal::from(s.value);
                n.scale = Decimal::from(s.value);
                n.scaled = true;
                n.toks.end = j + 2;
            }
            _ => n.toks.end = j + 1,
        }
    } else {
        scales_after(text, toks, &mut n);
    }
    Some(n)
}

/// An order of magnitude: "billions of", "hundreds of millions of", "tens of thousands
/// of", "dozens of". The numeral ends with its last "of"; its value is the magnitude.
fn magnitude_at(text: &str, toks: &[Token], i: usize) -> Option<Numeral> {
    let w = |k: usize| {
        toks.get(k)
            .filter(|t| t.is_word() && (k == i || !t.newline_before))
            .map(|t| t.lower(text))
    };
    let mut j = i;
    let mut magnitude = Decimal::ONE;
    while let Some(word) = w(j) {
        let factor = match word.as_str() {
            "tens" => 10,
            plural if plural.ends_with('s') => match lexicon().number_word(plural) {
                Some(nw)
                    if matches!(
                        nw.class,
                        NumberClass::Hundred | NumberClass::Scale | NumberClass::Dozen
                    ) =>
                {
                    nw.value
                }
                _ => break,
            },
            _ => break,
        };
        if w(j + 1).as_deref() != Some("of") {
            break;
        }
        magnitude *= Decimal::from(factor);
        j += 2;
    }
    (j > i).then_some(Numeral {
        toks: i..j,
        value: magnitude,
        ordinal: false,
        words: true,
        scaled: true,
        scale: magnitude,
        vague: true,
        open: true,
        plain: false,
        rule: "order of magnitude",
    })
}

/// Tens and a unit written as one word: "twentyfifth" (25, ordinal), "thirtyone" (31).
fn compound_word(w: &str) -> Option<(i64, bool)> {
    let lex = lexicon();
    for split in 4..w.len() {
        // number words are ASCII; a word with other letters ("café") splits nowhere
        let Some((a, b)) = w.split_at_checked(split) else {
            continue;
        };
        let (Some(t), Some(u)) = (lex.numbers.get(a), lex.numbers.get(b)) else {
            continue;
        };
        if t.class == NumberClass::Tens && u.value < 10 && u.value > 0 {
            match u.class {
                NumberClass::Unit => return Some((t.value + u.value, false)),
                NumberClass::Ordinal => return Some((t.value + u.value, true)),
                _ => {}
            }
        }
    }
    None
}

/// "forty-five (45)", "45 (forty five)": a number restated in brackets is one numeral.
fn restated(text: &str, toks: &[Token], n: &mut Numeral) {
    let i = n.toks.end;
    let (Some(open), Some(_)) = (toks.get(i), toks.get(i + 1)) else {
        return;
    };
    if !open.is_char(text, '(') {
        return;
    }
    if let Some(inner) = parse_at(text, toks, i + 1) {
        if inner.value == n.value
            && inner.words != n.words
            && toks
                .get(inner.toks.end)
                .is_some_and(|c| c.is_char(text, ')'))
        {
            n.toks.end = inner.toks.end + 1;
            n.plain = false;
        }
    }
}

#[cfg(test)]
mod tests;
