//! Numbers that belong to names, not to figures: product and model names ("GPT-4",
//! "F-35", "A320neo", "iPhone 15", "Boeing 737"), disease names ("COVID-19"), section
//! and clause numbers ("Section 5", "Article 3"), codes glued to letters ("5G", "4K").
//!
//! Their tokens are claimed before money, counts and percentages are looked for, so
//! that "Boeing 737 jets" is no count of 737 jets. Dates, clock times and reading
//! times are claimed by the time rules ([`period`](crate::extract::period)).

use crate::extract::money;
use crate::extract::numeral::Numeral;
use crate::extract::text::{is_dash, TokKind, Token};
use crate::lexicon::lexicon;

/// Claims the numerals of a sentence that are parts of names.
///
/// # Example
///
/// ```
/// use figures::extract::{exclude, numeral, text::Tokens};
/// let text = "OpenAI introduced a GPT-4 model and Boeing 737 jets";
/// let toks = Tokens::new(text);
/// let mut nums = Vec::new();
/// numeral::scan(text, toks.as_slice(), &mut nums);
/// let mut claimed = vec![false; toks.len()];
/// exclude::claim_names(text, toks.as_slice(), &nums, &mut claimed);
/// assert!(nums.iter().all(|n| claimed[n.toks.start]));
/// ```
pub fn claim_names(text: &str, toks: &[Token], numerals: &[Numeral], claimed: &mut [bool]) {
    for n in numerals {
        if claimed[n.toks.clone()].iter().any(|c| *c) {
            continue;
        }
        if is_name_number(text, toks, n) {
            claimed[n.toks.clone()].iter_mut().for_each(|c| *c = true);
        }
    }
}

fn is_name_number(text: &str, toks: &[Token], n: &Numeral) -> bool {
    let lex = lexicon();
    let first = n.toks.start;
    let t = toks[first];
    if t.kind != TokKind::Num {
        return false;
    }
    // network generations: "5G", "4G" (not five giga)
    if t.end - t.start == 1
        && toks
            .get(first + 1)
            .is_some_and(|g| g.glued() && g.text(text) == "G")
    {
        return true;
    }
    // letters glued after the digits that are no scale, ordinal or currency: "A320neo",
    // "737MAX" (a scale glued to the number is already inside the numeral)
    if let Some(after) = toks.get(n.toks.end) {
        if after.glued()
            && after.is_word()
            && !n.scaled
            && !money::unit_after(text, toks, n.toks.end)
        {
            return true;
        }
    }
    if first == 0 {
        return false;
    }
    let prev = toks[first - 1];
    // glued to a word before it, directly or by a dash: "GPT-4", "COVID-19", "A320"
    if t.glued() {
        let word_before = if prev.is_word() {
            Some(first - 1)
        } else if prev.text(text).chars().next().is_some_and(is_dash)
            && prev.glued()
            && first >= 2
            && toks[first - 2].is_word()
        {
            Some(first - 2)
        } else {
            None
        };
        if let Some(w) = word_before {
            // a currency glued to the amount is no name: "USD34.6", "Rs20"
            let is_currency = lex
                .currencies
                .match_ending_at(text, toks, w + 1)
                .is_some_and(|(p, _)| p.value.prefix);
            // "negative-5": a sign word
            let sign = matches!(toks[w].lower(text).as_str(), "negative" | "minus");
            return !is_currency && !sign;
        }
    }
    // a plain number after a name: "iPhone 15", "Boeing 737", "Section 5"
    if n.plain && prev.is_word() && !t.newline_before {
        let w = prev.text(text);
        let has_upper = w.chars().any(|c| c.is_uppercase());
        if !has_upper || lex.function_of(text, &prev).is_some() {
            return false;
        }
        if crate::extract::period::calendar::month_at(text, toks, first - 1).is_some() {
            return false;
        }
        if lex.currencies.match_ending_at(text, toks, first).is_some() {
            return false;
        }
        // "Japan 2", "US 10": places are no product names
        if lex.places.match_ending_at(text, toks, first).is_some() {
            return false;
        }
        // the number must not be the start of a percentage or a count of something
        return !next_is_unit(text, toks, n);
    }
    false
}

/// Whether a unit follows the number ("%", "percent").
fn next_is_unit(text: &str, toks: &[Token], n: &Numeral) -> bool {
    toks.get(n.toks.end).is_some_and(|t| {
        t.is_char(text, '%') || matches!(t.lower(text).as_str(), "percent" | "per")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::numeral;
    use crate::extract::text::Tokens;

    fn claimed_values(text: &str) -> Vec<String> {
        let toks = Tokens::new(text);
        let mut nums = Vec::new();
        numeral::scan(text, toks.as_slice(), &mut nums);
        let mut claimed = vec![false; toks.len()];
        claim_names(text, toks.as_slice(), &nums, &mut claimed);
        // the digits of each claimed numeral
        let t = toks.as_slice();
        nums.iter()
            .filter(|n| claimed[n.toks.start])
            .map(|n| t[n.toks.start].text(text).to_string())
            .collect()
    }

    #[test]
    fn names_with_numbers() {
        for (text, want) in [
            ("a GPT-4 model", vec!["4"]),
            ("the F-35 fighter", vec!["35"]),
            ("COVID-19 cases", vec!["19"]),
            ("Airbus A320neo jets", vec!["320"]),
            ("the iPhone 15 launch", vec!["15"]),
            ("Boeing 737 jets", vec!["737"]),
            ("under Section 5 of the act", vec!["5"]),
            ("5G networks", vec!["5"]),
        ] {
            assert_eq!(claimed_values(text), want, "{text}");
        }
    }

    #[test]
    fn amounts_are_no_names() {
        for text in [
            "USD34.6 million",
            "Rs20",
            "US$1 billion",
            "Japan 2.3 million",
            "in May 2024",
            "Sales rose 10%",
            "negative-5",
            "10 firms",
            "42MYR",
        ] {
            assert!(claimed_values(text).is_empty(), "{text}");
        }
    }
}
