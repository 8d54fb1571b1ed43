//! Money: an amount with its currency, as written. "$15.24 billion", "US$1 billion",
//! "2.26 trillion yen", "USD34.6 million", "€5bn", "over US$8 billion",
//! "between $1 billion and $2 billion", "$1-2 billion".
//!
//! The currency is kept as written ("$", "US$", "yen") with the code the currency table
//! gives it; whether a bare "$" is US dollars is decided later, by the transformer,
//! with the whole document in view. Depends on [`numeral`](crate::extract::numeral).
//!
//! The examples this module must read are in `corpus.txt` beside it.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::extract::numeral::Numeral;
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
    /// Indices (into the numerals given to [`scan`]) of the numerals it holds.
    pub numerals: Vec<usize>,
    /// The rule that read it.
    pub rule: &'static str,
}

/// A currency as written, with what the currency table says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenCurrency {
    /// The text ("US$", "yen").
    pub text: String,
    /// The table entry.
    pub form: CurrencyForm,
}

/// A currency found next to a numeral.
struct Found {
    toks: Range<usize>,
    currency: WrittenCurrency,
}

/// Finds money mentions among the numerals of a sentence. `claimed` marks tokens that
/// other mentions already hold; the tokens of each money mention found are marked too.
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
/// let found = money::scan(text, toks.as_slice(), &nums, &mut claimed);
/// assert_eq!(found[0].amount.value.unwrap().to_string(), "8000000000");
/// assert_eq!(found[0].currency.form.code, "USD");
/// assert_eq!(found[0].amount.qualifier.as_str(), "lower_bound");
/// ```
pub fn scan(text: &str, toks: &[Token], numerals: &[Numeral], claimed: &mut [bool]) -> Vec<Money> {
    let mut out = Vec::new();
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
            k = m.numerals.last().copied().unwrap_or(k) + 1;
            out.push(m);
            continue;
        }
        if let Some(m) = single_at(text, toks, numerals, k, claimed) {
            claim(claimed, &m.toks);
            out.push(m);
        }
        k += 1;
    }
    out
}

fn claim(claimed: &mut [bool], r: &Range<usize>) {
    for c in &mut claimed[r.clone()] {
        *c = true;
    }
}

/// One amount: [qualifier] [currency] numeral [currency].
fn single_at(
    text: &str,
    toks: &[Token],
    numerals: &[Numeral],
    k: usize,
    claimed: &[bool],
) -> Option<Money> {
    let n = &numerals[k];
    let (cur, start, end) = currency_around(text, toks, n, claimed)?;
    let mut m = Money {
        toks: start..end,
        amount: Amount::exact(n.value),
        currency: cur,
        numerals: vec![k],
        rule: "<currency> <amount>",
    };
    if n.vague {
        m.amount.qualifier = Qualifier::Approx;
    }
    // "-$5 million": a sign before the currency
    if m.toks.start < n.toks.start && m.toks.start > 0 {
        let s = toks[m.toks.start - 1];
        if matches!(s.text(text), "-" | "−")
            && (m.toks.start < 2 || !toks[m.toks.start - 2].is_word() || s.space_before)
            && toks[m.toks.start].glued()
        {
            m.amount.value = m.amount.value.map(|v| -v);
            m.toks.start -= 1;
        }
    }
    qualify(text, toks, &mut m, claimed);
    Some(m)
}

/// The currency before or after numeral `n`: the currency, and the money span.
fn currency_around(
    text: &str,
    toks: &[Token],
    n: &Numeral,
    claimed: &[bool],
) -> Option<(WrittenCurrency, usize, usize)> {
    let before = prefix_currency(text, toks, n.toks.start, claimed);
    let after = suffix_currency(text, toks, n.toks.end, claimed);
    match (before, after) {
        // "$5 million USD": the written code is the more specific
        (Some(b), Some(a)) => Some((a.currency, b.toks.start, a.toks.end)),
        (Some(b), None) => Some((b.currency, b.toks.start, n.toks.end)),
        (None, Some(a)) => Some((a.currency, n.toks.start, a.toks.end)),
        (None, None) => None,
    }
}

/// A currency written just before token `start` ("$", "US$", "USD ", "Rs.").
fn prefix_currency(text: &str, toks: &[Token], start: usize, claimed: &[bool]) -> Option<Found> {
    let lex = lexicon();
    let (p, s) = lex.currencies.match_ending_at(text, toks, start)?;
    let form = &p.value;
    if !form.prefix || claimed[s..start].iter().any(|c| *c) {
        return None;
    }
    let glued = toks[start].glued();
    if form.word && !glued {
        return None;
    }
    // "ABC 5": a code must stand alone, not end a longer word
    if s > 0 && toks[s].glued() && toks[s - 1].is_word() {
        return None;
    }
    // names before the number only when glued or separated by one space
    if form.kind == CurrencyKind::Name && toks[start].start - toks[start - 1].end > 1 {
        return None;
    }
    if toks[start].newline_before {
        return None;
    }
    Some(Found {
        toks: s..start,
        currency: WrittenCurrency {
            text: text[toks[s].start..toks[start - 1].end].to_string(),
            form: form.clone(),
        },
    })
}

/// A currency written just after token `end` ("yen", "USD", "€", "Swiss francs").
fn suffix_currency(text: &str, toks: &[Token], end: usize, claimed: &[bool]) -> Option<Found> {
    let lex = lexicon();
    let t = toks.get(end)?;
    if t.newline_before {
        return None;
    }
    let (p, e) = lex.currencies.match_at(text, toks, end)?;
    let form = &p.value;
    if !form.suffix || claimed[end..e].iter().any(|c| *c) {
        return None;
    }
    if form.word && !t.glued() {
        return None;
    }
    // the currency must end its word: "42MYRs" is not MYR
    if toks
        .get(e)
        .is_some_and(|n| n.glued() && n.kind == TokKind::Word)
    {
        return None;
    }
    Some(Found {
        toks: end..e,
        currency: WrittenCurrency {
            text: text[t.start..toks[e - 1].end].to_string(),
            form: form.clone(),
        },
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
/// "$1.5 billion to $2 billion", "from 10 to 20 dollars", "$10-$20".
fn range_at(
    text: &str,
    toks: &[Token],
    numerals: &[Numeral],
    k: usize,
    claimed: &[bool],
) -> Option<Money> {
    let x = &numerals[k];
    let y_idx = k + 1;
    let y = numerals.get(y_idx)?;
    if y.ordinal || claimed[y.toks.clone()].iter().any(|c| *c) {
        return None;
    }
    let x_before = prefix_currency(text, toks, x.toks.start, claimed);
    let x_after = suffix_currency(text, toks, x.toks.end, claimed);
    // the joint between X (and its own currency) and Y (and its own currency)
    let j = x_after.as_ref().map_or(x.toks.end, |a| a.toks.end);
    let y_before = prefix_currency(text, toks, y.toks.start, claimed);
    let joint_end = y_before.as_ref().map_or(y.toks.start, |b| b.toks.start);
    if joint_end <= j {
        return None;
    }
    let joint: Vec<String> = toks[j..joint_end]
        .iter()
        .map(|t| lower(t.text(text)))
        .collect();
    let opener = opener_before(
        text,
        toks,
        x_before.as_ref().map_or(x.toks.start, |b| b.toks.start),
    );
    let is_dash_joint = joint.len() == 1 && joint[0].chars().next().is_some_and(is_dash);
    let ok = match joint
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [_] if is_dash_joint => true,
        ["to"] => opener != Some("between"),
        ["and"] => opener == Some("between"),
        _ => false,
    };
    if !ok {
        return None;
    }
    let y_after = suffix_currency(text, toks, y.toks.end, claimed);
    let currency = y_after
        .as_ref()
        .or(y_before.as_ref())
        .or(x_after.as_ref())
        .or(x_before.as_ref())?
        .currency
        .clone();
    // "1-2 billion": the scale of Y carries to an unscaled X
    let mut lo = x.value;
    if !x.scaled && y.scaled {
        lo = (lo * y.scale).normalize();
    }
    let hi = y.value;
    if is_dash_joint && lo >= hi {
        // "2024-2023", "3-1": no range of amounts
        return None;
    }
    let start = x_before.as_ref().map_or(x.toks.start, |b| b.toks.start);
    let end = y_after.as_ref().map_or(y.toks.end, |a| a.toks.end);
    let mut m = Money {
        toks: start..end,
        amount: Amount::range(lo, hi),
        currency,
        numerals: vec![k, y_idx],
        rule: "<amount> - <amount>",
    };
    if let Some(o) = opener {
        let ostart = start - 1;
        if o == "between" || o == "from" {
            m.toks.start = ostart;
        }
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
    match lower(t.text(text)).as_str() {
        "between" => Some("between"),
        "from" => Some("from"),
        _ => None,
    }
}

impl Amount {
    /// Sets the qualifier that a phrase gives, with the bounds it implies.
    pub fn qualify(&mut self, q: Qualifier) {
        self.qualifier = q;
        match q {
            Qualifier::LowerBound => self.min = self.value,
            Qualifier::UpperBound => self.max = self.value,
            _ => {}
        }
    }
}

/// A zero value, for checks.
#[allow(dead_code)]
const ZERO: Decimal = Decimal::ZERO;

#[cfg(test)]
mod tests;
