//! Counts: a number with what it counts. "10 leading Japanese and US tech companies"
//! (10 companies: the words between are passed over), "8,000 jobs", "more than 500
//! engineers", or a bare number after the noun it counts: "a shortage of digital
//! workers, with only one million available" (one million digital workers).
//!
//! What can be counted is the table `data/count_nouns.tsv`; a number before any other
//! word is not a figure. Depends on [`numeral`](crate::extract::numeral).
//!
//! The examples this module must read are in `corpus.txt` beside it.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::extract::money::qualifier_before;
use crate::extract::numeral::Numeral;
use crate::extract::text::{is_dash, TokKind, Token};
use crate::extract::Amount;
use crate::lexicon::{lexicon, lower, FnClass};

/// A count mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    /// Token indices of the number, qualifier included (not the noun).
    pub toks: Range<usize>,
    /// The amount.
    pub amount: Amount,
    /// What it counts, as written in lower case: "companies", "digital workers".
    pub unit: String,
    /// Token indices of the counted noun phrase, modifiers included ("leading Japanese
    /// and US tech companies"): where a count's nationality is read.
    pub noun: Range<usize>,
    /// The rule that read it.
    pub rule: &'static str,
}

/// How many words may stand between a number and the noun it counts.
const MAX_MODIFIERS: usize = 6;

/// Finds counts among the numerals of a sentence and claims their tokens.
///
/// They are put in `out`, cleared first: a buffer the extractor reuses from one
/// sentence to the next.
///
/// # Example
///
/// ```
/// use figures::extract::{count, numeral, text::Tokens};
/// let text = "The plant will employ more than 8,000 skilled workers";
/// let toks = Tokens::new(text);
/// let mut nums = Vec::new();
/// numeral::scan(text, toks.as_slice(), &mut nums);
/// let mut claimed = vec![false; toks.len()];
/// let mut found = Vec::new();
/// count::scan(text, toks.as_slice(), &nums, &mut claimed, &mut found);
/// assert_eq!(found[0].unit, "workers");
/// assert_eq!(found[0].amount.qualifier.as_str(), "lower_bound");
/// ```
pub fn scan(
    text: &str,
    toks: &[Token],
    numerals: &[Numeral],
    claimed: &mut [bool],
    out: &mut Vec<Count>,
) {
    out.clear();
    for n in numerals {
        if n.ordinal || claimed[n.toks.clone()].iter().any(|c| *c) || too_small(toks, n) {
            continue;
        }
        let found = forward(text, toks, n, claimed)
            .map(|(unit, noun)| (unit, noun, "<number> <modifiers> <noun>"))
            .or_else(|| {
                backward(text, toks, n, claimed)
                    .map(|(unit, noun)| (unit, noun, "<noun> ... <number>"))
            });
        let Some((unit, noun, rule)) = found else {
            continue;
        };
        let mut c = Count {
            toks: n.toks.clone(),
            amount: n.amount(),
            unit,
            noun,
            rule,
        };
        if let Some((q, s)) = qualifier_before(text, toks, c.toks.start, claimed) {
            c.toks.start = s;
            c.amount.qualify(q);
        }
        claimed[c.toks.clone()].iter_mut().for_each(|x| *x = true);
        out.push(c);
    }
}

/// "one company" or "a single firm" is rarely a figure worth a row: counts in words
/// start at two (any number written in digits counts).
fn too_small(toks: &[Token], n: &Numeral) -> bool {
    n.value < Decimal::TWO && toks[n.toks.start].kind != TokKind::Num
}

/// A count noun after the number, with only modifiers between: the unit as written and
/// the noun phrase's tokens.
fn forward(
    text: &str,
    toks: &[Token],
    n: &Numeral,
    claimed: &[bool],
) -> Option<(String, Range<usize>)> {
    let lex = lexicon();
    let mut j = n.toks.end;
    let mut modifiers = 0;
    while j < toks.len() && modifiers <= MAX_MODIFIERS {
        let t = toks[j];
        if t.newline_before || claimed[j] {
            return None;
        }
        if let Some((_, e)) = lex.count_nouns.match_at(text, toks, j) {
            // "companiesx": the noun must end its word
            if toks
                .get(e)
                .is_some_and(|x| x.glued() && x.kind == TokKind::Word)
            {
                return None;
            }
            let unit = lower(&text[toks[j].start..toks[e - 1].end]);
            return Some((unit.into(), n.toks.end..e));
        }
        if !is_modifier(text, toks, j) {
            return None;
        }
        modifiers += 1;
        j += 1;
    }
    None
}

/// Whether token `j` can stand between a number and the noun it counts: an adjective or
/// noun modifier ("leading", "tech", "Japanese", "AI-focused"), "and"/"or", a glued dash.
fn is_modifier(text: &str, toks: &[Token], j: usize) -> bool {
    let lex = lexicon();
    let t = toks[j];
    match t.kind {
        TokKind::Word => {
            let w = t.text(text);
            match lex.function_of(text, &t) {
                Some(FnClass::Conj) => lower(w) != "nor",
                Some(FnClass::Quant) => true,
                Some(_) => false,
                None => {
                    // verbs end the noun phrase ("10 firms invest" is fine, "10 invest" is not)
                    lex.verbs.match_at(text, toks, j).is_none_or(|(p, _)| {
                        // participles used as adjectives: "10 leading companies"
                        w.ends_with("ing")
                            && p.value.class != crate::lexicon::VerbClass::Report
                            && toks.get(j + 1).is_some_and(|x| x.is_word())
                    }) && lex
                        .time_of(text, &t)
                        .is_none_or(|tw| matches!(tw, crate::lexicon::TimeWord::Rate(_)))
                        && lex.number_of(text, &t).is_none()
                }
            }
        }
        TokKind::Punct => {
            // "AI-focused", "US-based": a dash glued on both sides
            t.glued()
                && t.text(text).chars().next().is_some_and(is_dash)
                && toks.get(j + 1).is_some_and(|x| x.glued() && x.is_word())
        }
        _ => false,
    }
}

/// A bare number that counts a noun named before it in the sentence ("a shortage of
/// digital workers, with only one million currently available").
fn backward(
    text: &str,
    toks: &[Token],
    n: &Numeral,
    claimed: &[bool],
) -> Option<(String, Range<usize>)> {
    let lex = lexicon();
    // the number must stand bare: nothing noun-like after it
    if let Some(next) = toks.get(n.toks.end) {
        if next.is_word() && !claimed[n.toks.end] {
            let w = next.text(text);
            let fw = lex.function_of(text, next);
            let adverb = w.ends_with("ly") || matches!(fw, Some(FnClass::Adv));
            let bare = matches!(
                fw,
                Some(FnClass::Prep | FnClass::Conj | FnClass::Aux | FnClass::Break)
            ) || adverb
                || lower(w) == "available";
            if !bare {
                return None;
            }
        } else if next.kind == TokKind::Num || next.kind == TokKind::Sym {
            return None;
        }
    }
    // plain numbers ("30", "2024") are too often something else to count a noun far away
    if n.plain && !n.scaled {
        return None;
    }
    // the nearest count noun before the number
    let mut j = n.toks.start;
    while j > 0 {
        j -= 1;
        if claimed[j] {
            continue;
        }
        if let Some((_, e)) = lex.count_nouns.match_at(text, toks, j) {
            if e > n.toks.start {
                continue;
            }
            // the noun phrase: the head with the modifiers written just before it
            let mut s = j;
            while s > 0 && is_modifier(text, toks, s - 1) && toks[s - 1].kind == TokKind::Word {
                let w = toks[s - 1].lower(text);
                if lex.function_word(&w).is_some() {
                    break;
                }
                s -= 1;
            }
            let unit = lower(&text[toks[s].start..toks[e - 1].end]);
            return Some((unit.into(), s..e));
        }
    }
    None
}

#[cfg(test)]
mod tests;
