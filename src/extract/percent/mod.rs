//! Percentages: "30%", "30 percent", "4.5 per cent", "more than 20%", "20-30%",
//! "two percentage points". Depends on [`numeral`](crate::extract::numeral).
//!
//! The examples this module must read are in `corpus.txt` beside it.

use std::ops::Range;

use crate::extract::money::qualifier_before;
use crate::extract::numeral::Numeral;
use crate::extract::text::{is_dash, Token};
use crate::extract::Amount;

/// A percentage mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Percent {
    /// Token indices it covers, qualifier included.
    pub toks: Range<usize>,
    /// The amount, in percent (30 for 30%).
    pub amount: Amount,
    /// `percent`, or `percentage points`.
    pub unit: &'static str,
    /// The rule that read it.
    pub rule: &'static str,
}

/// The percent sign or word after token `end`: its unit and the index after it.
fn sign_after(text: &str, toks: &[Token], end: usize) -> Option<(&'static str, usize)> {
    let t = toks.get(end)?;
    if t.newline_before {
        return None;
    }
    if t.is_char(text, '%') {
        return Some(("percent", end + 1));
    }
    let w = |k: usize| toks.get(k).map(|t| t.lower(text));
    match w(end)?.as_str() {
        "percent" | "pct" => Some(("percent", end + 1)),
        "per" if w(end + 1).as_deref() == Some("cent") => Some(("percent", end + 2)),
        "percentage" if matches!(w(end + 1).as_deref(), Some("point" | "points")) => {
            Some(("percentage points", end + 2))
        }
        _ => None,
    }
}

/// Finds percentages among the numerals of a sentence and claims their tokens.
///
/// They are put in `out`, cleared first: a buffer the extractor reuses from one
/// sentence to the next.
///
/// # Example
///
/// ```
/// use figures::extract::{numeral, percent, text::Tokens};
/// let text = "Sales rose more than 20% while costs fell 3 per cent";
/// let toks = Tokens::new(text);
/// let mut nums = Vec::new();
/// numeral::scan(text, toks.as_slice(), &mut nums);
/// let mut claimed = vec![false; toks.len()];
/// let mut found = Vec::new();
/// percent::scan(text, toks.as_slice(), &nums, &mut claimed, &mut found);
/// assert_eq!(found.len(), 2);
/// assert_eq!(found[0].amount.min.unwrap().to_string(), "20");
/// ```
pub fn scan(
    text: &str,
    toks: &[Token],
    numerals: &[Numeral],
    claimed: &mut [bool],
    out: &mut Vec<Percent>,
) {
    out.clear();
    let mut k = 0;
    while k < numerals.len() {
        let n = &numerals[k];
        if n.ordinal || claimed[n.toks.clone()].iter().any(|c| *c) {
            k += 1;
            continue;
        }
        // "20-30%", "20% to 30%"
        if let Some(y) = numerals.get(k + 1) {
            let first_sign = sign_after(text, toks, n.toks.end);
            let joint_at = first_sign.map_or(n.toks.end, |(_, e)| e);
            let joint = toks.get(joint_at).map(|t| t.lower(text));
            let is_joint = joint
                .as_deref()
                .is_some_and(|j| j == "to" || j.chars().next().is_some_and(is_dash));
            if is_joint && y.toks.start == joint_at + 1 && !y.ordinal {
                if let Some((unit, end)) = sign_after(text, toks, y.toks.end) {
                    if n.value < y.value {
                        let mut p = Percent {
                            toks: n.toks.start..end,
                            amount: Amount::range(n.value, y.value),
                            unit,
                            rule: "<number>-<number> percent",
                        };
                        if let Some((_, s)) = qualifier_before(text, toks, p.toks.start, claimed) {
                            p.toks.start = s;
                        }
                        claimed[p.toks.clone()].iter_mut().for_each(|c| *c = true);
                        out.push(p);
                        k += 2;
                        continue;
                    }
                }
            }
        }
        if let Some((unit, end)) = sign_after(text, toks, n.toks.end) {
            let mut p = Percent {
                toks: n.toks.start..end,
                amount: Amount::exact(n.value),
                unit,
                rule: "<number> percent",
            };
            if let Some((q, s)) = qualifier_before(text, toks, p.toks.start, claimed) {
                p.toks.start = s;
                p.amount.qualify(q);
            }
            claimed[p.toks.clone()].iter_mut().for_each(|c| *c = true);
            out.push(p);
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests;
