//! Actors and actions: who the figure belongs to, and what they do with it.
//!
//! The action is the verb that governs the figure: the nearest verb of
//! `data/verbs.tsv` before it in its clause ("AWS plans to *invest* $15.24 billion").
//! The actor is that verb's subject: the name or actor noun phrase before it, past
//! auxiliaries, adverbs, intent and reporting verbs ("Microsoft announced its plan to
//! invest" → Microsoft), or across an apposition ("US-JOINT, consisting of 10
//! companies"). A pronoun or "the company" refers to the last actor named before.
//!
//! Clauses are cut at semicolons, at "versus", and at a comma before a word that opens
//! a new clause ("…, with only one million available"): a figure's actor and time
//! phrase are looked for in its own clause.

use std::ops::Range;

use crate::extract::text::{is_dash, TokKind, Token};
use crate::lexicon::{lexicon, lower, FnClass, Verb, VerbClass};

/// Who and what, for one figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// The actor, as named in the text, without a leading article.
    pub actor: Option<String>,
    /// The action's lemma.
    pub action: Option<String>,
}

/// Cuts a sentence's tokens into clauses: at a semicolon; at "versus"; at a comma
/// before a word that opens a clause ("…, with only one million available", "…, while
/// …") or before a participle ("…, making it the third-largest"); and a relative clause
/// opened after a comma ("…, which received 476 billion yen,") ends at its next comma.
///
/// # Example
///
/// ```
/// use figures::extract::{actor, text::Tokens};
/// let text = "Japan faces a shortage of workers, with one million available versus a need of two";
/// let toks = Tokens::new(text);
/// let t = toks.as_slice();
/// let clauses: Vec<&str> = actor::clauses(text, t)
///     .into_iter()
///     .map(|r| &text[t[r.start].start..t[r.end - 1].end])
///     .collect();
/// assert_eq!(clauses, [
///     "Japan faces a shortage of workers,",
///     "with one million available",
///     "versus a need of two",
/// ]);
/// ```
pub fn clauses(text: &str, toks: &[Token]) -> Vec<Range<usize>> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_relative = false;
    for i in 0..toks.len() {
        let t = toks[i];
        let after_comma = i > 0 && toks[i - 1].is_char(text, ',');
        let boundary_before = if t.is_char(text, ';') {
            Some(i + 1)
        } else if in_relative && after_comma {
            in_relative = false;
            Some(i)
        } else if t.is_word() {
            let w = lower(t.text(text));
            let is_break = lex.function_word(&w) == Some(FnClass::Break);
            let participle = after_comma
                && w.len() > 4
                && w.ends_with("ing")
                && lex.function_word(&w).is_none()
                && !t.is_capitalized(text);
            if is_break && after_comma && matches!(w.as_str(), "which" | "who") {
                in_relative = true;
            }
            ((is_break && (after_comma || w == "versus" || w == "vs")) || participle).then_some(i)
        } else {
            None
        };
        if let Some(b) = boundary_before {
            if b > start {
                out.push(start..b);
                start = b;
            }
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// The clause that holds token `i`.
pub fn clause_of(clauses: &[Range<usize>], i: usize) -> Range<usize> {
    clauses
        .iter()
        .find(|c| c.contains(&i))
        .cloned()
        .unwrap_or(i..i + 1)
}

/// Finds the actor and action of a figure that starts at token `fig` in `clause`.
/// `previous` is the last actor named before, for pronouns and "the company".
///
/// # Example
///
/// ```
/// use figures::extract::{actor, text::Tokens};
/// let text = "Microsoft announced its plan to invest $2.9 billion";
/// let toks = Tokens::new(text);
/// let a = actor::attribute(text, toks.as_slice(), 0..toks.len(), 6, None);
/// assert_eq!(a.actor.as_deref(), Some("Microsoft"));
/// assert_eq!(a.action.as_deref(), Some("invest"));
/// ```
pub fn attribute(
    text: &str,
    toks: &[Token],
    clause: Range<usize>,
    fig: usize,
    previous: Option<&str>,
) -> Attribution {
    let Some((v, verb_end, verb)) = governing_verb(text, toks, clause.start, fig) else {
        return Attribution::default();
    };
    let action = match verb.class {
        VerbClass::Action => verb.action.clone(),
        // "plans a $1 billion plant" plans; "plans to invest" does not
        VerbClass::Intent
            if toks
                .get(verb_end)
                .is_none_or(|t| lower(t.text(text)) != "to") =>
        {
            verb.action.clone()
        }
        _ => None,
    };
    let participle = {
        let w = lower(toks[v].text(text));
        w.ends_with("ing") || w.ends_with("ed")
    };
    // a clause that opens with its participle ("…, consisting of 10 companies") has its
    // subject before the comma
    let lo = if participle && v == clause.start {
        0
    } else {
        clause.start
    };
    Attribution {
        actor: subject_before(text, toks, lo, v, participle, previous),
        action,
    }
}

/// The nearest verb of the verb table before token `fig` in the clause: its first token,
/// the index after it, and the verb.
fn governing_verb(
    text: &str,
    toks: &[Token],
    start: usize,
    fig: usize,
) -> Option<(usize, usize, &'static Verb)> {
    let lex = lexicon();
    (start..fig).rev().find_map(|k| {
        if !toks[k].is_word() {
            return None;
        }
        let (p, e) = lex.verbs.match_at(text, toks, k)?;
        (e <= fig).then_some((k, e, &p.value))
    })
}

/// The subject of the verb at token `v`: the name or noun phrase before it, past what
/// may stand between a subject and its verb.
fn subject_before(
    text: &str,
    toks: &[Token],
    start: usize,
    v: usize,
    participle: bool,
    previous: Option<&str>,
) -> Option<String> {
    let lex = lexicon();
    let mut j = v;
    // "said it would invest": a pronoun is passed over too; when nothing is named before
    // it in the clause, it refers to the actor named before
    let mut pronoun = false;
    while j > start {
        let k = j - 1;
        let t = toks[k];
        if !t.is_word() {
            break;
        }
        let w = lower(t.text(text));
        match lex.function_word(&w) {
            Some(FnClass::Aux | FnClass::Adv | FnClass::Poss | FnClass::Light) => {
                j = k;
                continue;
            }
            Some(FnClass::Det) if w == "that" => {
                j = k;
                continue;
            }
            Some(FnClass::Pron) => {
                pronoun = true;
                j = k;
                continue;
            }
            _ => {}
        }
        if w.ends_with("ly") && !is_name_word(text, toks, k) {
            j = k;
            continue;
        }
        if let Some((p, _)) = lex.verbs.match_at(text, toks, k) {
            if matches!(p.value.class, VerbClass::Intent | VerbClass::Report)
                && !is_name_word(text, toks, k)
            {
                j = k;
                continue;
            }
        }
        break;
    }
    if j > start + 1 && toks[j - 1].is_char(text, ',') {
        if participle {
            // "US-JOINT, consisting of": an apposition before a participle
            j -= 1;
        } else if let Some(k) = apposition_before(text, toks, start, j - 1) {
            // "Stripe, the payments company, spent"
            j = k;
        }
    }
    let found = (j > start)
        .then(|| {
            name_before(text, toks, start, j)
                .map(|r| text[toks[r.start].start..toks[r.end - 1].end].to_string())
                .or_else(|| noun_phrase_before(text, toks, start, j, previous))
        })
        .flatten();
    match found {
        Some(f) => Some(f),
        None if pronoun => previous.map(str::to_string),
        None => None,
    }
}

/// An apposition that ends with the comma at `close`: ", the payments company," or ",
/// led by KKR,". Returns the index of its opening comma.
fn apposition_before(text: &str, toks: &[Token], start: usize, close: usize) -> Option<usize> {
    let lex = lexicon();
    let open = (start..close).rev().find(|&k| toks[k].is_char(text, ','))?;
    let first = lower(toks.get(open + 1)?.text(text));
    let opens = matches!(first.as_str(), "the" | "a" | "an")
        || first.ends_with("ed") && lex.function_word(&first).is_none();
    // an apposition holds no verb of its own but a participle
    let verb_inside = (open + 2..close).any(|k| {
        lex.verbs.match_at(text, toks, k).is_some_and(|(p, _)| {
            p.value.class == VerbClass::Action && !lower(toks[k].text(text)).ends_with("ed")
        })
    });
    (opens && !verb_inside && open > start).then_some(open)
}

/// Whether token `k` is the "s" of a possessive ("Canada’s").
fn is_possessive_s(text: &str, toks: &[Token], k: usize) -> bool {
    k > 0
        && toks[k].glued()
        && toks[k].text(text).eq_ignore_ascii_case("s")
        && matches!(toks[k - 1].text(text), "'" | "’")
}

/// Whether token `i` can be part of a name: a word with a capital that is no function
/// word, month or weekday; or digits glued to such a word ("3M").
pub fn is_name_word(text: &str, toks: &[Token], i: usize) -> bool {
    let Some(t) = toks.get(i) else {
        return false;
    };
    let lex = lexicon();
    match t.kind {
        TokKind::Word => {
            let w = t.text(text);
            w.chars().any(char::is_uppercase)
                && lex.function_word(w).is_none()
                && crate::extract::period::calendar::month_at(text, toks, i).is_none()
        }
        TokKind::Num => toks.get(i + 1).is_some_and(|n| {
            n.glued() && n.is_word() && n.text(text).chars().all(char::is_uppercase)
        }),
        _ => false,
    }
}

/// A name that ends just before token `end`: capitalized words joined by spaces, glued
/// dashes, dots and ampersands, or "of" ("Bank of Japan"): "Google Cloud", "US-JOINT",
/// "AT&T", "Acme Corp.".
pub fn name_before(text: &str, toks: &[Token], lo: usize, end: usize) -> Option<Range<usize>> {
    let mut s = end;
    // "Acme Inc." keeps its final period
    if s > lo + 1
        && toks[s - 1].is_char(text, '.')
        && toks[s - 1].glued()
        && is_name_word(text, toks, s - 2)
    {
        s -= 1;
    }
    let name_end = s;
    while s > lo {
        let k = s - 1;
        if is_name_word(text, toks, k) {
            s = k;
            continue;
        }
        // joints inside a name, only between name words
        if s < name_end && k > lo && is_name_word(text, toks, k - 1) {
            let c = toks[k];
            let glued_joint = c.glued()
                && toks[s].glued()
                && (c.text(text).chars().next().is_some_and(is_dash)
                    || c.is_char(text, '&')
                    || c.is_char(text, '.'));
            let spaced_joint = c.is_char(text, '&') || lower(c.text(text)) == "of";
            if glued_joint || spaced_joint {
                s = k;
                continue;
            }
        }
        break;
    }
    if s == name_end {
        return None;
    }
    // possessives are not the name: "Amazon’s AWS" gives AWS
    let r = s..end;
    if r.len() == 1 && s == 0 && is_common_sentence_start(text, toks, s) {
        return None;
    }
    Some(r)
}

/// A capitalized word at the start of a sentence that is an ordinary word, not a name.
fn is_common_sentence_start(text: &str, toks: &[Token], i: usize) -> bool {
    let w = toks[i].text(text);
    let lw = lower(w);
    let lex = lexicon();
    w != w.to_uppercase()
        && (lw.ends_with("ly")
            || lex.number_word(&lw).is_some()
            || lex.count_nouns.get_exact(&lw).is_some()
            || lex.actor_nouns.get_exact(&lw).is_some())
}

/// A common noun phrase headed by an actor noun that ends just before `end`: "The
/// Japanese government" → "Japanese government". "The company" alone refers back to
/// `previous`.
fn noun_phrase_before(
    text: &str,
    toks: &[Token],
    lo: usize,
    end: usize,
    previous: Option<&str>,
) -> Option<String> {
    let lex = lexicon();
    let (p, head) = lex.actor_nouns.match_ending_at(text, toks, end)?;
    if head < lo {
        return None;
    }
    let mut s = head;
    while s > lo {
        let k = s - 1;
        let t = toks[k];
        let w = t.text(text);
        if t.is_word()
            && lex.function_word(w).is_none()
            && lex.verbs.match_at(text, toks, k).is_none()
            && !is_possessive_s(text, toks, k)
        {
            s = k;
            continue;
        }
        break;
    }
    // "the company" with nothing else: the organization named before
    if s == head && p.value {
        let det = s > lo && lower(toks[s - 1].text(text)) == "the";
        if det {
            if let Some(prev) = previous {
                return Some(prev.to_string());
            }
        }
    }
    Some(text[toks[s].start..toks[end - 1].end].to_string())
}

#[cfg(test)]
mod tests;
