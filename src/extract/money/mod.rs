//! Money: an amount with its currency, as written. "$15.24 billion", "US$1 billion",
//! "2.26 trillion yen", "USD34.6 million", "€5bn", "Rs 91,000 crore", "over US$8
//! billion", "between $1 billion and $2 billion", "$1-2 billion", "billions of
//! dollars", "$20 and 43 cents", "10 cents", and an amount restated in another
//! currency: "2.26 trillion yen ($15.24 billion)".
//!
//! The currency is kept as written ("$", "US$", "yen") with the entry the currency table
//! gives it; whether a bare "$" is US dollars is decided later, by the transformer,
//! with the whole document in view. Depends on [`crate::extract::numeral`].
//!
//! The examples this module must read are in `corpus.txt` beside it.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::extract::numeral::{self, Numeral};
use crate::extract::text::{is_dash, TokKind, Token};
use crate::extract::Amount;
use crate::lexicon::{lexicon, lower, CurrencyForm, CurrencyKind, Qualifier};

/// A money mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// Token indices it covers, qualifier included.
    pub toks: Range<usize>,
    /// The amount.
    pub amount: Amount,
    /// The currency as written.
    pub currency: WrittenCurrency,
    /// The same amount as the text restates it in other currencies: "2.26 trillion yen
    /// ($15.24 billion)", "¥2.26 trillion, or about $15 billion".
    pub restated: Vec<Restated>,
    /// The rule that read it.
    pub rule: &'static str,
}

/// An amount restated in another currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Restated {
    /// The amount.
    pub amount: Amount,
    /// Its currency as written.
    pub currency: WrittenCurrency,
}

/// A currency as written, with what the currency table says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenCurrency {
    /// The text ("US$", "yen").
    pub text: String,
    /// The table entry.
    pub form: &'static CurrencyForm,
}

/// A currency found next to a numeral: its tokens and what it is.
struct Found {
    toks: Range<usize>,
    currency: WrittenCurrency,
}

/// Finds money mentions among the numerals of a sentence. `claimed` marks tokens that
/// other mentions already hold; the tokens of each money mention found are marked too.
///
/// They are put in `out`, cleared first: a buffer the extractor reuses from one
/// sentence to the next.
///
/// # Example
///
/// ```
/// use figures::extract::{money, numeral, text::Tokens};
/// let text = "Oracle will invest over US$8 billion in Japan";
/// let toks = Tokens::new(text);
/// let mut nums = Vec::new();
/// numeral::scan(text, toks.as_slice(), &mut nums);
/// let mut claimed = vec![false; toks.len()];
/// let mut found = Vec::new();
/// money::scan(text, toks.as_slice(), &nums, &mut claimed, &mut found);
/// assert_eq!(found[0].amount.value.unwrap().to_string(), "8000000000");
/// assert_eq!(found[0].currency.form.code, "USD");
/// assert_eq!(found[0].amount.qualifier.as_str(), "lower_bound");
/// ```
pub fn scan(
    text: &str,
    toks: &[Token],
    numerals: &[Numeral],
    claimed: &mut [bool],
    out: &mut Vec<Money>,
) {
    out.clear();
    // "a dollar", "above a dollar and 42 cents" (first: the cents are its own)
    for i in 0..toks.len() {
        if !claimed[i] && is_article(text, &toks[i]) {
            if let Some(m) = article_amount_at(text, toks, i, claimed) {
                claim(claimed, &m.toks);
                out.push(m);
            }
        }
    }
    let free =
        |n: &Numeral, claimed: &[bool]| !n.ordinal && !claimed[n.toks.clone()].iter().any(|c| *c);
    let mut k = 0;
    while k < numerals.len() {
        let n = &numerals[k];
        if !free(n, claimed) {
            k += 1;
            continue;
        }
        // a range: X (- | to | and) Y, with the currency on either side
        if let Some(m) = range_at(text, toks, numerals, k, claimed) {
            claim(claimed, &m.toks);
            out.push(m);
            k += 2;
            continue;
        }
        if let Some(m) = single_at(text, toks, n, claimed) {
            claim(claimed, &m.toks);
            out.push(m);
        }
        k += 1;
    }
    out.sort_by_key(|m| m.toks.start);
    merge_restatements(text, toks, out);
}

fn claim(claimed: &mut [bool], r: &Range<usize>) {
    for c in &mut claimed[r.clone()] {
        *c = true;
    }
}

fn word<'a>(text: &'a str, toks: &[Token], i: usize) -> Option<crate::lexicon::Lower<'a>> {
    toks.get(i)
        .filter(|t| t.is_word() && !t.newline_before)
        .map(|t| t.lower(text))
}

/// One amount: [qualifier] [currency] numeral [currency] [and cents].
fn single_at(text: &str, toks: &[Token], n: &Numeral, claimed: &[bool]) -> Option<Money> {
    let (currency, start, end) = match currency_around(text, toks, n, claimed) {
        Some(found) => found,
        // "10 cents", "43c", "5 pence": a subunit alone
        None => {
            let (sub, e) = subunit_at(text, toks, n.toks.end)?;
            if claimed[n.toks.end..e].iter().any(|c| *c) || n.open {
                return None;
            }
            let mut m = Money {
                toks: n.toks.start..e,
                amount: Amount::exact((n.value / Decimal::ONE_HUNDRED).normalize()),
                currency: sub,
                restated: Vec::new(),
                rule: "<amount> <cents>",
            };
            qualify(text, toks, &mut m, claimed);
            return Some(m);
        }
    };
    if measure_after(text, toks, end, &currency) {
        return None;
    }
    let mut m = Money {
        toks: start..end,
        amount: n.amount(),
        currency,
        restated: Vec::new(),
        rule: "<currency> <amount>",
    };
    // "-$5 million", "minus $2 million": a sign before the currency
    if start < n.toks.start && start > 0 {
        let s = toks[start - 1];
        let dash = matches!(s.text(text), "-" | "−")
            && (s.space_before || start == 1)
            && toks[start].glued();
        let word_sign = matches!(s.lower(text).as_str(), "minus" | "negative");
        if dash || word_sign {
            m.amount.value = m.amount.value.map(|v| -v);
            m.toks.start -= 1;
        }
    }
    // "$20 and 43 cents", "20 ringgit 43 sen", "US$3 and fourteen"
    if !n.scaled && !n.open && n.value.fract().is_zero() {
        if let Some((cents, e)) = cents_after(text, toks, m.toks.end, claimed) {
            m.amount.value = m.amount.value.map(|v| v + cents);
            m.toks.end = e;
            m.rule = "<amount> and <cents>";
        }
    }
    qualify(text, toks, &mut m, claimed);
    Some(m)
}

/// "10 pounds of beef", "a pound of flesh": a currency name that is also a unit of
/// measure (`data/measure_words.tsv`), used as one.
fn measure_after(text: &str, toks: &[Token], end: usize, c: &WrittenCurrency) -> bool {
    // "of" first: most amounts are followed by none, and the currency is not lower-cased
    word(text, toks, end).as_deref() == Some("of")
        && word(text, toks, end + 1).is_some_and(|w| lexicon().function_word(&w).is_none())
        && {
            let w = lower(&c.text);
            lexicon().measure_words.iter().any(|m| w == m.as_str())
        }
}

/// The currency before or after numeral `n`: the currency, and the money span.
fn currency_around(
    text: &str,
    toks: &[Token],
    n: &Numeral,
    claimed: &[bool],
) -> Option<(WrittenCurrency, usize, usize)> {
    let free = |f: &Found| !claimed[f.toks.clone()].iter().any(|c| *c);
    let before = prefix_currency(text, toks, n.toks.start).filter(free);
    let after = suffix_currency(text, toks, n.toks.end).filter(free);
    match (before, after) {
        // "$5 million USD": the written code is the more specific
        (Some(b), Some(a)) => Some((a.currency, b.toks.start, a.toks.end)),
        (Some(b), None) => Some((b.currency, b.toks.start, n.toks.end)),
        (None, Some(a)) => Some((a.currency, n.toks.start, a.toks.end)),
        (None, None) => None,
    }
}

fn written(text: &str, toks: &[Token], r: Range<usize>, form: &'static CurrencyForm) -> Found {
    Found {
        currency: WrittenCurrency {
            text: text[toks[r.start].start..toks[r.end - 1].end].to_string(),
            form,
        },
        toks: r,
    }
}

/// A currency code written in lower case and glued to the number ("10eur"): codes are
/// matched in capitals, except when glued, where there is no doubt.
fn glued_lowercase_code(text: &str, t: &Token) -> Option<&'static CurrencyForm> {
    let w = t.text(text);
    if w.len() != 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let form = lexicon().currencies.get_exact(&w.to_ascii_uppercase())?;
    (form.kind == CurrencyKind::Code && !form.word).then_some(form)
}

/// A currency written just before token `start` ("$", "US$", "USD ", "Rs.").
fn prefix_currency(text: &str, toks: &[Token], start: usize) -> Option<Found> {
    if start == 0 || toks[start].newline_before {
        return None;
    }
    let lex = lexicon();
    let glued = toks[start].glued();
    let (form, s) = match lex.currencies.match_ending_at(text, toks, start) {
        Some((p, s)) => (&p.value, s),
        None if glued && toks[start - 1].is_word() => {
            (glued_lowercase_code(text, &toks[start - 1])?, start - 1)
        }
        None => return None,
    };
    if !form.prefix || (form.word && !glued) {
        return None;
    }
    // "ABC 5": a code must stand alone, not end a longer word
    if s > 0 && toks[s].glued() && toks[s - 1].is_word() {
        return None;
    }
    // a name before the number only when next to it ("ringgit 42")
    if form.kind == CurrencyKind::Name && toks[start].start - toks[start - 1].end > 1 {
        return None;
    }
    Some(written(text, toks, s..start, form))
}

/// A currency written just after token `end` ("yen", "USD", "€", "Swiss francs").
fn suffix_currency(text: &str, toks: &[Token], end: usize) -> Option<Found> {
    let lex = lexicon();
    let t = toks.get(end)?;
    if t.newline_before {
        return None;
    }
    let (form, e) = match lex.currencies.match_at(text, toks, end) {
        Some((p, e)) => (&p.value, e),
        None if t.glued() && t.is_word() => (glued_lowercase_code(text, t)?, end + 1),
        None => return None,
    };
    if !form.suffix || (form.word && !t.glued()) {
        return None;
    }
    // the currency must end its word: "42MYRs" is not MYR
    if toks
        .get(e)
        .is_some_and(|n| n.glued() && n.kind == TokKind::Word)
    {
        return None;
    }
    Some(written(text, toks, end..e, form))
}

/// A subunit after token `end` ("cents", "43c", "sen"), as a written currency (its own,
/// or the dollar's for cents), and the index after it.
fn subunit_at(text: &str, toks: &[Token], end: usize) -> Option<(WrittenCurrency, usize)> {
    let lex = lexicon();
    let t = toks.get(end)?;
    if t.newline_before {
        return None;
    }
    let (p, e) = lex.subunits.match_at(text, toks, end)?;
    if !p.value.spaced && !t.glued() {
        return None;
    }
    if toks
        .get(e)
        .is_some_and(|n| n.glued() && n.kind != TokKind::Punct)
    {
        return None;
    }
    let form = match &p.value.code {
        Some(code) => lex.currencies.get_exact(code)?,
        None => lex.currencies.get_exact("$")?,
    };
    Some((
        WrittenCurrency {
            text: text[t.start..toks[e - 1].end].to_string(),
            form,
        },
        e,
    ))
}

/// Whether the subunit or currency after token `end` makes a number glued to letters an
/// amount ("42MYR", "10eur", "43c") rather than a name ("5G", "A320neo").
pub fn unit_after(text: &str, toks: &[Token], end: usize) -> bool {
    suffix_currency(text, toks, end).is_some() || subunit_at(text, toks, end).is_some()
}

/// Cents after a whole amount: "[and] 43 [cents]". A bare number counts only when it
/// ends the phrase ("$20 43."). Returns the cents as a fraction and the index after.
fn cents_after(
    text: &str,
    toks: &[Token],
    end: usize,
    claimed: &[bool],
) -> Option<(Decimal, usize)> {
    let mut j = end;
    if word(text, toks, j).as_deref() == Some("and") {
        j += 1;
    }
    if j >= toks.len() || toks[j].newline_before {
        return None;
    }
    let n = numeral::parse_at(text, toks, j)?;
    if n.ordinal
        || n.scaled
        || n.vague
        || !n.value.fract().is_zero()
        || n.value <= Decimal::ZERO
        || n.value >= Decimal::ONE_HUNDRED
        || claimed[n.toks.clone()].iter().any(|c| *c)
    {
        return None;
    }
    let cents = (n.value / Decimal::ONE_HUNDRED).normalize();
    if let Some((_, e)) = subunit_at(text, toks, n.toks.end) {
        return Some((cents, e));
    }
    let ends_phrase = match toks.get(n.toks.end) {
        None => true,
        Some(t) => {
            t.kind == TokKind::Punct
                && !t.text(text).chars().next().is_some_and(is_dash)
                && !matches!(t.text(text), "/" | "." | ",")
        }
    };
    ends_phrase.then_some((cents, n.toks.end))
}

/// "a dollar", "an euro": an article and a currency name are one unit of it.
fn article_amount_at(text: &str, toks: &[Token], i: usize, claimed: &[bool]) -> Option<Money> {
    if !is_article(text, &toks[i]) {
        return None;
    }
    let found = suffix_currency(text, toks, i + 1)?;
    if found.currency.form.kind != CurrencyKind::Name
        || claimed[found.toks.clone()].iter().any(|c| *c)
        || toks
            .get(found.toks.end)
            .is_some_and(|t| t.glued() && t.text(text).chars().next().is_some_and(is_dash))
        || measure_after(text, toks, found.toks.end, &found.currency)
        || modifies_noun(text, toks, found.toks.end)
    {
        return None;
    }
    let mut m = Money {
        toks: i..found.toks.end,
        amount: Amount::exact(Decimal::ONE),
        currency: found.currency,
        restated: Vec::new(),
        rule: "a <currency>",
    };
    if let Some((cents, e)) = cents_after(text, toks, m.toks.end, claimed) {
        m.amount.value = Some(Decimal::ONE + cents);
        m.toks.end = e;
    }
    qualify(text, toks, &mut m, claimed);
    Some(m)
}

/// "a dollar store", "a euro zone country": a currency name before a noun modifies it.
fn modifies_noun(text: &str, toks: &[Token], end: usize) -> bool {
    let Some(w) = word(text, toks, end) else {
        return false;
    };
    lexicon().function_word(&w).is_none() && !w.ends_with("ly")
}

/// Whether a token is "a" or "an" (or "A", "An"), the articles that make an amount of
/// one ("a dollar"). Asked of every token: by its numeral bit first, then its length,
/// then its bytes.
#[inline]
fn is_article(text: &str, t: &Token) -> bool {
    // "a" and "an" may open a numeral
    t.has(crate::lexicon::feat::NUMERAL)
        && t.kind == TokKind::Word
        && t.end - t.start <= 2
        && matches!(
            &text.as_bytes()[t.start..t.end],
            b"a" | b"an" | b"A" | b"An"
        )
}

/// Whether a sentence without numerals may still hold an amount: "a" or "an" before a
/// currency name ("a dollar").
pub fn may_hold_article_amount(text: &str, toks: &[Token]) -> bool {
    // most sentences have an article, and few a currency after it: the claims (none)
    // are made only then
    (0..toks.len()).any(|i| {
        is_article(text, &toks[i])
            && suffix_currency(text, toks, i + 1).is_some()
            && article_amount_at(text, toks, i, &vec![false; toks.len()]).is_some()
    })
}

/// A qualifier written just before the mention ("over", "approximately", "up to").
fn qualify(text: &str, toks: &[Token], m: &mut Money, claimed: &[bool]) {
    if let Some((q, start)) = qualifier_before(text, toks, m.toks.start, claimed) {
        m.toks.start = start;
        m.amount.qualify(q);
    }
}

/// The qualifier phrase that ends just before token `start`, and its first token.
pub fn qualifier_before(
    text: &str,
    toks: &[Token],
    start: usize,
    claimed: &[bool],
) -> Option<(Qualifier, usize)> {
    let (p, s) = lexicon().qualifiers.match_ending_at(text, toks, start)?;
    if claimed[s..start].iter().any(|c| *c) || toks[start].newline_before {
        return None;
    }
    Some((p.value, s))
}

/// A range: "between $1 billion and $2 billion", "$1-2 billion", "10-20 dollars",
/// "$1.5 billion to $2 billion", "from 10 to 20 dollars", "$10-$20". The bounds must
/// rise and share one currency.
fn range_at(
    text: &str,
    toks: &[Token],
    numerals: &[Numeral],
    k: usize,
    claimed: &[bool],
) -> Option<Money> {
    let x = &numerals[k];
    let y = numerals.get(k + 1)?;
    if y.ordinal || x.open || y.open || claimed[y.toks.clone()].iter().any(|c| *c) {
        return None;
    }
    let free = |f: &Found| !claimed[f.toks.clone()].iter().any(|c| *c);
    let x_before = prefix_currency(text, toks, x.toks.start).filter(free);
    let x_after = suffix_currency(text, toks, x.toks.end).filter(free);
    // the joint between X (and its own currency) and Y (and its own currency)
    let j = x_after.as_ref().map_or(x.toks.end, |a| a.toks.end);
    let y_before = prefix_currency(text, toks, y.toks.start).filter(free);
    let joint_end = y_before.as_ref().map_or(y.toks.start, |b| b.toks.start);
    if joint_end <= j {
        return None;
    }
    let start = x_before.as_ref().map_or(x.toks.start, |b| b.toks.start);
    let opener = opener_before(text, toks, start);
    let joint: Vec<crate::lexicon::Lower> =
        toks[j..joint_end].iter().map(|t| t.lower(text)).collect();
    let is_dash_joint = joint.len() == 1 && joint[0].chars().next().is_some_and(is_dash);
    let ok = match joint
        .iter()
        .map(crate::lexicon::Lower::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [_] if is_dash_joint => true,
        ["to"] => opener != Some("between"),
        ["and"] => opener.is_some(),
        _ => false,
    };
    if !ok {
        return None;
    }
    let y_after = suffix_currency(text, toks, y.toks.end).filter(free);
    // both sides that name a currency must name the same one
    let x_cur = x_after.as_ref().or(x_before.as_ref()).map(|f| &f.currency);
    let y_cur = y_after.as_ref().or(y_before.as_ref()).map(|f| &f.currency);
    if let (Some(a), Some(b)) = (x_cur, y_cur) {
        if a.form.code != b.form.code {
            return None;
        }
    }
    let currency = y_cur.or(x_cur)?.clone();
    // "1-2 billion": the scale of Y carries to an unscaled X
    let mut lo = x.value;
    if !x.scaled && y.scaled {
        lo = (lo * y.scale).normalize();
    }
    let hi = y.value;
    if lo >= hi {
        // "2024-2023", "between 3 and 1 dollars": no range of amounts
        return None;
    }
    let end = y_after.as_ref().map_or(y.toks.end, |a| a.toks.end);
    let mut m = Money {
        toks: start..end,
        amount: Amount::range(lo, hi),
        currency,
        restated: Vec::new(),
        rule: "<amount> - <amount>",
    };
    if opener.is_some() {
        m.toks.start -= 1;
    }
    // "about $10-$20": a qualifier before a range leaves it a range
    if let Some((_, s)) = qualifier_before(text, toks, m.toks.start, claimed) {
        m.toks.start = s;
    }
    Some(m)
}

/// "between" or "from" just before token `start`.
fn opener_before(text: &str, toks: &[Token], start: usize) -> Option<&'static str> {
    let t = toks.get(start.checked_sub(1)?)?;
    match t.lower(text).as_str() {
        "between" => Some("between"),
        "from" => Some("from"),
        _ => None,
    }
}

/// Folds amounts restated in other currencies into the amount they restate: "2.26
/// trillion yen ($15.24 billion)", "732 billion yen (NT$153.78 billion, US$4.86
/// billion)", "¥2.26 trillion, or about $15 billion".
fn merge_restatements(text: &str, toks: &[Token], out: &mut Vec<Money>) {
    let mut i = 0;
    while i < out.len() {
        let end = out[i].toks.end;
        let is = |k: usize, c: char| toks.get(k).is_some_and(|t| t.is_char(text, c));
        let mut taken = 0;
        if is(end, '(') {
            // "(" M [, M]* ")"
            let mut pos = end + 1;
            let mut k = i + 1;
            while let Some(m) = out.get(k) {
                if m.toks.start != pos || m.currency.form.code == out[i].currency.form.code {
                    break;
                }
                k += 1;
                pos = m.toks.end;
                let separator = is(pos, ',')
                    || is(pos, ';')
                    || is(pos, '/')
                    || word(text, toks, pos).as_deref() == Some("or");
                if !separator {
                    break;
                }
                pos += 1;
            }
            if k > i + 1 && is(out[k - 1].toks.end, ')') {
                taken = k - i - 1;
            }
        } else if is(end, ',') && word(text, toks, end + 1).as_deref() == Some("or") {
            // ", or [about] M"
            if let Some(m) = out.get(i + 1) {
                if m.toks.start == end + 2 && m.currency.form.code != out[i].currency.form.code {
                    taken = 1;
                }
            }
        }
        for m in out.drain(i + 1..i + 1 + taken).collect::<Vec<_>>() {
            out[i].restated.push(Restated {
                amount: m.amount,
                currency: m.currency,
            });
        }
        i += 1;
    }
}

impl Amount {
    /// Sets the qualifier that a phrase gives, with the bounds it implies.
    pub fn qualify(&mut self, q: Qualifier) {
        if self.qualifier == Qualifier::Range {
            return;
        }
        // "more than billions of dollars": an open amount stays approximate
        if self.value.is_none() {
            return;
        }
        self.qualifier = q;
        match q {
            Qualifier::LowerBound => self.min = self.value,
            Qualifier::UpperBound => self.max = self.value,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
