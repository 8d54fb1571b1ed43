//! Ranks: an ordinal that places someone in an order. "Japan ranked 32nd globally",
//! "the second-largest bank", "came 3rd". An ordinal alone is not a rank: "its first
//! Asia office", "the 21st century", "5th Avenue" are not figures. Depends on
//! [`numeral`](crate::extract::numeral).
//!
//! The examples this module must read are in `corpus.txt` beside it.

use std::ops::Range;

use crate::extract::numeral::Numeral;
use crate::extract::text::{is_dash, Token};
use crate::lexicon::{lexicon, VerbClass};

/// A rank mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Rank {
    /// Token indices it covers.
    pub toks: Range<usize>,
    /// The numeral's index in the numerals given to [`scan`].
    pub numeral: usize,
    /// The rule that read it.
    pub rule: &'static str,
}

/// Words after an ordinal that make it a rank ("32nd globally", "3rd place").
const AFTER_CUES: &[&str] = &[
    "globally",
    "worldwide",
    "place",
    "position",
    "spot",
    "overall",
];

/// Finds ranks among the numerals of a sentence and claims their tokens.
///
/// They are put in `out`, cleared first: a buffer the extractor reuses from one
/// sentence to the next.
///
/// # Example
///
/// ```
/// use figures::extract::{numeral, rank, text::Tokens};
/// let text = "Japan ranked 32nd in 2023, its first drop";
/// let toks = Tokens::new(text);
/// let mut nums = Vec::new();
/// numeral::scan(text, toks.as_slice(), &mut nums);
/// let mut claimed = vec![false; toks.len()];
/// let mut found = Vec::new();
/// rank::scan(text, toks.as_slice(), &nums, &mut claimed, &mut found);
/// assert_eq!(found.len(), 1);
/// assert_eq!(nums[found[0].numeral].value.to_string(), "32");
/// ```
pub fn scan(
    text: &str,
    toks: &[Token],
    numerals: &[Numeral],
    claimed: &mut [bool],
    out: &mut Vec<Rank>,
) {
    out.clear();
    for (k, n) in numerals.iter().enumerate() {
        if !n.ordinal || claimed[n.toks.clone()].iter().any(|c| *c) {
            continue;
        }
        let Some(rule) = cue(text, toks, n) else {
            continue;
        };
        claimed[n.toks.clone()].iter_mut().for_each(|c| *c = true);
        out.push(Rank {
            toks: n.toks.clone(),
            numeral: k,
            rule,
        });
    }
}

/// What makes the ordinal a rank: a rank verb before it, a superlative after it, or a
/// placing word after it.
fn cue(text: &str, toks: &[Token], n: &Numeral) -> Option<&'static str> {
    let lex = lexicon();
    // "ranked 32nd", "ranks fifth", "placed third", "rose to 3rd", "fell to 10th"
    let mut j = n.toks.start;
    if j > 0 && matches!(toks[j - 1].lower(text).as_str(), "to" | "the" | "at") {
        j -= 1;
    }
    if j > 0 {
        let prev = &toks[j - 1];
        if let Some((p, _)) = lex.verbs.match_at(text, toks, j - 1) {
            if p.value.class == VerbClass::Rank && prev.is_word() {
                return Some("<rank verb> <ordinal>");
            }
        }
        if matches!(
            prev.lower(text).as_str(),
            "rose" | "fell" | "climbed" | "dropped" | "slipped" | "jumped"
        ) {
            return Some("<move> to <ordinal>");
        }
    }
    let mut e = n.toks.end;
    // "second-largest", "3rd-biggest"
    if toks
        .get(e)
        .is_some_and(|t| t.glued() && t.text(text).chars().next().is_some_and(is_dash))
    {
        e += 1;
    }
    let next = toks.get(e).map(|t| t.lower(text))?;
    if next == "most" || next == "least" || is_superlative(&next) {
        return Some("<ordinal> <superlative>");
    }
    if AFTER_CUES.contains(&next.as_str()) {
        return Some("<ordinal> <place>");
    }
    None
}

/// Superlatives: "largest", "biggest", "top" is not one. Words ending in -est of more
/// than four letters ("largest", "richest"), but not "interest", "forest", "request".
fn is_superlative(w: &str) -> bool {
    w.len() > 5
        && w.ends_with("est")
        && !matches!(
            w,
            "interest"
                | "forest"
                | "request"
                | "harvest"
                | "protest"
                | "contest"
                | "manifest"
                | "conquest"
                | "digest"
                | "arrest"
                | "suggest"
                | "invest"
                | "honest"
                | "modest"
                | "midwest"
                | "southwest"
                | "northwest"
                | "latest"
        )
}

#[cfg(test)]
mod tests;
