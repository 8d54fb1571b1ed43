//! Actors, actions and recipients: who the figure belongs to, what they do with it, and
//! who receives it.
//!
//! The action is the verb that governs the figure (the nearest verb of `data/verbs.tsv`
//! before it in its clause: "AWS plans to *invest* $15.24 billion"), or a noun next to
//! it (`data/action_nouns.tsv`: "a $2.9 billion *investment*", "*revenue* of $5
//! billion", "¥2 trillion in *subsidies*"). The actor is the verb's subject: the name
//! or actor noun phrase before it, past auxiliaries, adverbs, time phrases, intent and
//! reporting verbs ("Microsoft announced its plan to invest", "AWS said on Friday it
//! plans to invest"), across an apposition ("Stripe, the payments company, spent") or
//! a relative clause; the possessor of the figure ("Microsoft's $2.9 billion
//! investment"); the agent of a passive ("$1 billion will be invested by Samsung"); the
//! giver after "from" ("a subsidy of 476 billion yen from the Japanese government"). In
//! "Google invested $2 billion and Amazon $4 billion" the name before the second figure
//! is its actor; in "spent $19 billion, versus $13 billion at Google" the organization
//! after a figure set against another is, doing what the verb before says. Pronouns and
//! definite descriptions ("it", "the company", "the government") are the last subject,
//! organization or government the document named ([`names::Salience`]), and an
//! organization named in several ways has one name.
//!
//! The recipient is named as the verb or noun says (`recipient` columns): between the
//! verb and the figure ("give TSMC $1 billion"), after it ("a grant to Intel",
//! "subsidies for Micron", "invest $1 billion in OpenAI"; "in it" is the recipient of
//! the sentence or the one before), or as the subject of a verb of receiving ("TSMC
//! received 476 billion yen").
//!
//! Clauses are cut at semicolons, at "versus", at a comma before a word that opens a
//! clause ("…, with only one million available") or a participle, and around relative
//! clauses: a figure's actor and time phrase are looked for in its own clause.

pub mod names;

use std::ops::Range;

use crate::extract::text::{TokKind, Token};
use crate::lexicon::{lexicon, ActionNoun, FnClass, Recipient, Verb, VerbClass, WordSet};
use names::{is_name_word, is_possessive_s, kind_of, name_after, name_before, ActorKind, Salience};

/// A name as the rules find it: a stretch of the sentence's text, borrowed, or a name
/// an earlier sentence gave ("it", "the company"), owned. A sentence's subject is read
/// for every sentence and only noted: borrowed, it costs no copy.
pub type Name<'t> = std::borrow::Cow<'t, str>;

/// The text of tokens `r`, borrowed: a name as the sentence writes it.
fn name_of<'t>(text: &'t str, toks: &[Token], r: Range<usize>) -> Name<'t> {
    Name::Borrowed(&text[toks[r.start].start..toks[r.end - 1].end])
}

/// Who, doing what, to whom, for one figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution<'t> {
    /// The actor, as named in the text, without a leading article.
    pub actor: Option<Name<'t>>,
    /// The action's lemma.
    pub action: Option<&'static str>,
    /// Who receives the figure.
    pub recipient: Option<Name<'t>>,
}

/// A sentence as the attribution rules read it.
pub struct Sentence<'a> {
    /// The document's text.
    pub text: &'a str,
    /// The sentence's tokens.
    pub toks: &'a [Token],
    /// Its clauses.
    pub clauses: &'a [Range<usize>],
    /// Tokens held by time phrases: passed over between a subject and its verb.
    pub timed: &'a [bool],
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
    let mut out = Vec::new();
    clauses_into(text, toks, &mut out);
    out
}

/// [`clauses`] into a buffer the caller reuses from sentence to sentence (cleared
/// first).
pub fn clauses_into(text: &str, toks: &[Token], out: &mut Vec<Range<usize>>) {
    let lex = lexicon();
    out.clear();
    let mut start = 0;
    let mut in_relative = false;
    // whether the token before is a comma, carried from one token to the next
    let mut comma = false;
    let bytes = text.as_bytes();
    for (i, &t) in toks.iter().enumerate() {
        let punct = |c: u8| t.kind == TokKind::Punct && bytes[t.start] == c;
        let after_comma = std::mem::replace(&mut comma, punct(b','));
        // most tokens: a word not after a comma that is no break word (one without an
        // id is none; one not looked up may be), read by its bit alone
        if !after_comma && t.kind == TokKind::Word && !t.has(crate::lexicon::feat::BREAK) {
            continue;
        }
        let boundary_before = if punct(b';') {
            Some(i + 1)
        } else if in_relative && after_comma {
            in_relative = false;
            Some(i)
        } else if t.is_word() && !(t.lex == crate::lexicon::UNKNOWN && t.is_capitalized(text)) {
            // (a capitalized word no lexicon holds is no break and no participle)
            let is_break = lex.function_of(text, &t) == Some(FnClass::Break);
            if !is_break && !after_comma {
                // most words: no break, and no participle without a comma before
                continue;
            }
            let w = t.lower(text);
            let participle = after_comma
                && w.len() > 4
                && w.ends_with("ing")
                && lex.function_word(&w).is_none()
                && !t.is_capitalized(text);
            if is_break && after_comma && matches!(w.as_str(), "which" | "who" | "whose") {
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
}

/// The clause that holds token `i`.
pub fn clause_of(clauses: &[Range<usize>], i: usize) -> Range<usize> {
    clauses
        .iter()
        .find(|c| c.contains(&i))
        .cloned()
        .unwrap_or(i..i + 1)
}

/// Finds the actor, action and recipient of the figure at tokens `fig`.
///
/// # Example
///
/// ```
/// use figures::extract::actor::{self, names::Salience, Sentence};
/// use figures::extract::text::Tokens;
/// let text = "Japan will give TSMC up to ¥732 billion";
/// let toks = Tokens::new(text);
/// let t = toks.as_slice();
/// let clauses = actor::clauses(text, t);
/// let s = Sentence { text, toks: t, clauses: &clauses, timed: &vec![false; t.len()] };
/// let a = actor::attribute(&s, 4..t.len(), &Salience::default());
/// assert_eq!(a.actor.as_deref(), Some("Japan"));
/// assert_eq!(a.action.as_deref(), Some("grant"));
/// assert_eq!(a.recipient.as_deref(), Some("TSMC"));
/// ```
pub fn attribute<'t>(s: &Sentence<'t>, fig: Range<usize>, sal: &Salience) -> Attribution<'t> {
    if let Some(compared) = compared_at(s, &fig, sal) {
        return compared;
    }
    let clause = clause_of(s.clauses, fig.start);
    let mut a = Attribution::default();
    let noun = action_noun(s, &fig, clause.end);
    let verb = governing_verb(s, clause.start, fig.start);

    if let Some((v, v_end, verb)) = verb {
        let receives = verb.class == VerbClass::Receive;
        a.action = verb_action(s, v_end, verb);
        // "consisting of": a present participle (a past one is a finite verb as often)
        let participle = s.toks[v].lower(s.text).ends_with("ing");
        // a clause that opens with its participle has its subject before the comma
        let lo = if participle && v == clause.start {
            0
        } else {
            clause.start
        };
        let mut subject = subject_before(s, lo, v, participle, sal)
            .or_else(|| before_relative_clause(s, &clause, sal))
            .or_else(|| coordinated_subject(s, lo, v, sal));
        // "Exxon's net profit rose to $9 billion", "Sales at LVMH fell to"
        if let Some((owner, noun)) = results_subject(s, lo, v, sal) {
            if subject.is_none() || owner.is_some() {
                subject = owner;
            }
            if a.action.is_none() {
                a.action = Some(noun.action.as_str());
            }
        }
        // "Google invested $2 billion and Amazon $4 billion"
        if let Some(gapped) = gapped_subject(s, v_end, fig.start, sal) {
            subject = Some(gapped);
        }
        if receives {
            a.recipient = subject;
            a.actor = giver_after(s, fig.end, clause.end, sal);
        } else {
            a.actor = subject;
            a.recipient = recipient_of(s, &verb.recipient, v_end, &fig, clause.end, sal);
        }
    }
    if let Some((noun, noun_end)) = &noun {
        // an action verb says more than a noun; a verb of saying, having or receiving,
        // less ("reported revenue of", "received ... in subsidies")
        let verb_acts = verb.is_some_and(|(_, _, v)| v.class == VerbClass::Action);
        if !verb_acts {
            a.action = Some(noun.action.as_str());
        }
        if a.recipient.is_none() {
            a.recipient = prep_recipient(s, &noun.recipient.after, *noun_end, clause.end, sal);
        }
        if a.actor.is_none() {
            a.actor = giver_after(s, *noun_end, clause.end, sal);
        }
    }
    // "Microsoft's $2.9 billion investment", "its $1 billion plan"; the possessor of a
    // subsidy whose giver the verb names receives it ("Ottawa approved Stellantis's
    // subsidy")
    if let Some(owner) = possessor_before(s, fig.start, sal) {
        let transfer = noun.is_some_and(|(n, _)| n.recipient != Recipient::default());
        if a.actor.is_none() || verb.is_none() {
            a.actor = Some(owner);
        } else if transfer && a.recipient.is_none() {
            a.recipient = Some(owner);
        }
    }
    // "$1 billion will be invested by Samsung"
    if a.actor.is_none() {
        if let Some((agent, action)) = passive_after(s, fig.end, clause.end, sal) {
            a.actor = Some(agent);
            if a.action.is_none() {
                a.action = action;
            }
        }
    }
    for name in [&mut a.actor, &mut a.recipient].into_iter().flatten() {
        sal.canonicalize_name(name);
    }
    if a.recipient == a.actor {
        a.recipient = None;
    }
    a
}

/// The action a verb ending before token `v_end` gives its figure: none for a verb of
/// saying or having, nor for one of intent before "to".
fn verb_action(s: &Sentence, v_end: usize, verb: &'static Verb) -> Option<&'static str> {
    match verb.class {
        VerbClass::Action | VerbClass::Receive => verb.action.as_deref(),
        // "plans a $1 billion plant" plans; "plans to invest" does not
        VerbClass::Intent if s.toks.get(v_end).is_none_or(|t| t.lower(s.text) != "to") => {
            verb.action.as_deref()
        }
        _ => None,
    }
}

/// Days a verb of saying is dated by without a weekday ("said today").
pub(crate) static SAID_WHEN: WordSet = WordSet::new(&["today", "yesterday"]);

/// Words that set a figure against the one before it: "versus $13 billion".
pub(crate) static COMPARISONS: WordSet = WordSet::new(&["versus", "vs"]);

/// "Microsoft spent $19 billion on servers, versus $13 billion at Google": a figure set
/// against another ("versus", "compared with") and placed at or by an organization
/// right after it is that organization's, doing what the verb before the comparison
/// says; after "versus" without one, it is that verb's subject's ("versus $13 billion a
/// year earlier").
fn compared_at<'t>(
    s: &Sentence<'t>,
    fig: &Range<usize>,
    sal: &Salience,
) -> Option<Attribution<'t>> {
    let (text, toks) = (s.text, s.toks);
    let mut c = fig.start.checked_sub(1)?;
    // "vs.": the abbreviation's period is a token of its own
    if c > 0 && toks[c].is_char(text, '.') && toks[c].glued() && COMPARISONS.has(text, &toks[c - 1])
    {
        c -= 1;
    }
    let marker = if COMPARISONS.has(text, &toks[c]) {
        c
    } else if c > 0
        && matches!(toks[c].lower(text).as_str(), "with" | "to")
        && toks[c - 1].lower_is(text, "compared")
    {
        c - 1
    } else {
        return None;
    };
    let clause = clause_of(s.clauses, fig.start);
    let at = toks
        .get(fig.end)
        .is_some_and(|t| t.lower_is(text, "at") || t.lower_is(text, "by"));
    let named = at
        .then(|| np_after(s, fig.end + 1, clause.end, sal, false))
        .flatten();
    // "versus" opens a clause of its own, without a verb: the figure is the subject's
    // of the clause before, unless an organization follows it; "compared with" stays
    // in the clause of the verb, whose subject the usual rules find
    if named.is_none() && clause.start != marker {
        return None;
    }
    let before = clause_of(s.clauses, marker.checked_sub(1)?);
    let (v, v_end, verb) = governing_verb(s, before.start, marker)?;
    // a verb of receiving has its subject receive, which the usual rules say
    if verb.class == VerbClass::Receive {
        return None;
    }
    let actor = named.or_else(|| subject_before(s, before.start, v, false, sal));
    Some(Attribution {
        actor: actor.map(|mut a| {
            sal.canonicalize_name(&mut a);
            a
        }),
        action: verb_action(s, v_end, verb),
        recipient: None,
    })
}

/// The nearest verb of the verb table before token `fig` in the clause: its first token,
/// the index after it, and the verb. Verbs inside time phrases do not count.
fn governing_verb(s: &Sentence, start: usize, fig: usize) -> Option<(usize, usize, &'static Verb)> {
    let lex = lexicon();
    (start..fig).rev().find_map(|k| {
        if !s.toks[k].is_word() || s.timed[k] {
            return None;
        }
        let (p, e) = lex.verbs.match_at(s.text, s.toks, k)?;
        (e <= fig && !is_name_word(s.text, s.toks, k)).then_some((k, e, &p.value))
    })
}

/// The subject of the verb at token `v`: the name or noun phrase before it, past what
/// may stand between a subject and its verb.
fn subject_before<'t>(
    s: &Sentence<'t>,
    start: usize,
    v: usize,
    participle: bool,
    sal: &Salience,
) -> Option<Name<'t>> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    let mut j = v;
    // "said it would invest": a pronoun is passed over too; when nothing is named before
    // it in the clause, it is the last subject named
    let mut pronoun = false;
    while j > start {
        let k = j - 1;
        let t = toks[k];
        if s.timed[k] {
            j = k;
            continue;
        }
        if !t.is_word() {
            break;
        }
        // the word is read by id: a name is not lower-cased
        match lex.function_of(text, &t) {
            Some(FnClass::Aux | FnClass::Adv | FnClass::Poss | FnClass::Light) => {
                j = k;
                continue;
            }
            Some(FnClass::Det) if t.lower_is(text, "that") => {
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
        if t.lower_ends_with(text, "ly") && !is_name_word(text, toks, k) {
            j = k;
            continue;
        }
        // "said Tuesday it would", "said today"
        if matches!(
            lex.time_of(text, &t),
            Some(crate::lexicon::TimeWord::Weekday(_))
        ) || SAID_WHEN.has(text, &t)
        {
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
        // "told investors it expects", "said in a statement that it would": after a
        // pronoun, words up to a verb of saying belong to that verb
        if pronoun {
            let report = (k.saturating_sub(4).max(start)..k).rev().find(|&r| {
                s.toks[r].is_word()
                    && lex
                        .verbs
                        .match_at(text, toks, r)
                        .is_some_and(|(p, _)| p.value.class == VerbClass::Report)
            });
            if let Some(r) = report {
                j = r;
                continue;
            }
        }
        break;
    }
    if j > start + 1 && toks[j - 1].is_char(text, ',') {
        if participle {
            // "US-JOINT, consisting of": the participle describes the name before it
            j -= 1;
        } else if let Some(k) = apposition_before(s, start, j - 1) {
            // "Stripe, the payments company, spent"
            j = k;
        }
    }
    let found = (j > start)
        .then(|| noun_phrase_before(s, start, j, sal))
        .flatten();
    match found {
        Some(f) => Some(f),
        None if pronoun => sal.last_subject.clone().map(Name::Owned),
        None => None,
    }
}

/// The name or actor noun phrase that ends just before token `end`.
fn noun_phrase_before<'t>(
    s: &Sentence<'t>,
    lo: usize,
    end: usize,
    sal: &Salience,
) -> Option<Name<'t>> {
    let (text, toks) = (s.text, s.toks);
    if let Some(r) = name_before(text, toks, lo, end) {
        return Some(name_of(text, toks, r.clone()));
    }
    actor_noun_before(s, lo, end, sal)
}

/// A subject that is a noun of results before the verb: "Exxon's net profit rose",
/// "Nvidia's market value reached", "Sales at LVMH fell": the owner, if named, and the
/// noun.
fn results_subject<'t>(
    s: &Sentence<'t>,
    lo: usize,
    v: usize,
    sal: &Salience,
) -> Option<(Option<Name<'t>>, &'static ActionNoun)> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    // the noun, then "at LVMH" or "of LVMH" between it and the verb
    let mut end = v;
    let mut owner = None;
    if end >= lo + 2 {
        if let Some(r) = name_before(text, toks, lo, end) {
            if r.start > lo && matches!(toks[r.start - 1].lower(text).as_str(), "at" | "of") {
                owner = Some(name_of(text, toks, r.clone()));
                end = r.start - 1;
            }
        }
    }
    let (p, start) = lex.action_nouns.match_ending_at(text, toks, end)?;
    if start < lo {
        return None;
    }
    if owner.is_none() && start >= 2 && is_possessive_s(text, toks, start - 1) {
        owner = noun_phrase_before(s, lo, start - 2, sal);
    }
    Some((owner, &p.value))
}

/// A subject that a relative clause separates from the figure's clause: "Tesla, which
/// makes cars, will invest $5 billion" (the figure's clause is "will invest $5
/// billion").
fn before_relative_clause<'t>(
    s: &Sentence<'t>,
    clause: &Range<usize>,
    sal: &Salience,
) -> Option<Name<'t>> {
    let prev = s.clauses.iter().rev().find(|c| c.end <= clause.start)?;
    let first = s.toks.get(prev.start)?.lower(s.text);
    if !matches!(first.as_str(), "which" | "who" | "whose") || prev.start < 2 {
        return None;
    }
    // the name before ", which"
    let comma = prev.start - 1;
    if !s.toks[comma].is_char(s.text, ',') {
        return None;
    }
    let lo = s
        .clauses
        .iter()
        .rev()
        .find(|c| c.end <= prev.start)
        .map_or(0, |c| c.start);
    noun_phrase_before(s, lo, comma, sal)
}

/// "Google invested $2 billion and Amazon $4 billion": a name right before the figure,
/// after "and" or a comma, with the governing verb before it.
fn gapped_subject<'t>(
    s: &Sentence<'t>,
    v_end: usize,
    fig: usize,
    sal: &Salience,
) -> Option<Name<'t>> {
    let r = name_before(s.text, s.toks, v_end, fig)?;
    if r.end != fig || r.start < 1 {
        return None;
    }
    let before = s.toks[r.start - 1].lower(s.text);
    if !(before == "and" || before == "," || before == "while") {
        return None;
    }
    let _ = sal;
    Some(name_of(s.text, s.toks, r.clone()))
}

/// An apposition that ends with the comma at `close`: ", the payments company," or ",
/// led by KKR,". Returns the index of its opening comma.
fn apposition_before(s: &Sentence, start: usize, close: usize) -> Option<usize> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    let open = (start..close).rev().find(|&k| toks[k].is_char(text, ','))?;
    // a short noun phrase ("the payments company", "Apple's biggest supplier", "or
    // AWS") or a participle phrase ("led by KKR", "based in Osaka"), with no verb of its
    // own
    let short = close - open <= 8;
    let verb_inside = (open + 1..close).any(|k| {
        lex.verbs.match_at(text, toks, k).is_some_and(|(p, _)| {
            p.value.class != VerbClass::Relation
                && !toks[k].lower(text).ends_with("ed")
                && !is_name_word(text, toks, k)
        })
    });
    (short && !verb_inside && open > start).then_some(open)
}

/// A common noun phrase headed by an actor noun that ends just before `end`: "The
/// Japanese government" → "Japanese government". "The company" alone is the last
/// organization named, "the government" the last government.
fn actor_noun_before<'t>(
    s: &Sentence<'t>,
    lo: usize,
    end: usize,
    sal: &Salience,
) -> Option<Name<'t>> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    let (p, head) = lex.actor_nouns.match_ending_at(text, toks, end)?;
    if head < lo {
        return None;
    }
    let mut st = head;
    while st > lo {
        let k = st - 1;
        let t = toks[k];
        if t.is_word()
            && lex.function_of(text, &t).is_none()
            && lex.verbs.match_at(text, toks, k).is_none()
            && !is_possessive_s(text, toks, k)
        {
            st = k;
            continue;
        }
        break;
    }
    // "the U.S. government": a name before the noun phrase is part of it
    if let Some(r) = name_before(text, toks, lo, st) {
        st = r.start;
    }
    let phrase = name_of(text, toks, st..end);
    // "the company", "the German carmaker", "the TikTok owner": the organization named
    // before; "the government": the government named before
    let definite = st > lo && matches!(toks[st - 1].lower(text).as_str(), "the" | "this");
    if definite {
        let referent = if p.value {
            sal.org_referent().map(Name::Owned)
        } else if st == head && kind_of(&phrase) == ActorKind::Gov {
            sal.last_gov.clone().map(Name::Owned)
        } else {
            None
        };
        if referent.is_some() {
            return referent;
        }
    }
    Some(phrase)
}

/// A noun that says what is done with the figure, next to it: before ("an investment
/// of $1 billion", "revenue of") or after ("a $2.9 billion investment", "$2 trillion in
/// subsidies"). The noun and the index after it.
fn action_noun(
    s: &Sentence,
    fig: &Range<usize>,
    end: usize,
) -> Option<(&'static ActionNoun, usize)> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    // "NOUN of FIGURE"
    if fig.start >= 2 && toks[fig.start - 1].lower(text) == "of" {
        if let Some((p, _)) = lex.action_nouns.match_ending_at(text, toks, fig.start - 1) {
            return Some((&p.value, fig.end));
        }
    }
    // "FIGURE [in] [adjectives] NOUN"
    let mut j = fig.end;
    if toks.get(j).is_some_and(|t| t.lower(text) == "in") {
        j += 1;
    }
    for _ in 0..3 {
        if j >= end.min(toks.len()) || !toks[j].is_word() {
            break;
        }
        if let Some((p, e)) = lex.action_nouns.match_at(text, toks, j) {
            return Some((&p.value, e));
        }
        let w = toks[j].lower(text);
        if lex.function_word(&w).is_some() || lex.verbs.match_at(text, toks, j).is_some() {
            break;
        }
        j += 1;
    }
    None
}

/// "Microsoft's $2.9 billion investment", "the company's $1 billion", "its $5 billion":
/// the possessor written just before the figure.
fn possessor_before<'t>(s: &Sentence<'t>, fig: usize, sal: &Salience) -> Option<Name<'t>> {
    let (text, toks) = (s.text, s.toks);
    let mut j = fig;
    // "a" or "the" before the figure belongs to the noun phrase, not the possessor
    if j > 0 && matches!(toks[j - 1].lower(text).as_str(), "a" | "an") {
        return None;
    }
    if j > 0 && matches!(toks[j - 1].lower(text).as_str(), "its" | "their") {
        return sal.last_subject.clone().map(Name::Owned);
    }
    if j < 2 || !is_possessive_s(text, toks, j - 1) {
        return None;
    }
    j -= 2;
    let lo = s
        .clauses
        .iter()
        .find(|c| c.contains(&j))
        .map_or(0, |c| c.start);
    noun_phrase_before(s, lo, j, sal)
}

/// "$1 billion will be invested by Samsung": the agent of a passive after the figure,
/// and the verb's action.
fn passive_after<'t>(
    s: &Sentence<'t>,
    fig_end: usize,
    end: usize,
    sal: &Salience,
) -> Option<(Name<'t>, Option<&'static str>)> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    let mut j = fig_end;
    let mut be = false;
    while j < end {
        let w = toks[j].lower(text);
        match w.as_str() {
            "will" | "would" | "is" | "are" | "was" | "were" | "has" | "have" | "had" | "to"
            | "also" => j += 1,
            "be" | "been" | "being" => {
                be = true;
                j += 1;
            }
            _ => break,
        }
    }
    let is_be = be || j > fig_end;
    if !is_be {
        return None;
    }
    let (p, e) = lex.verbs.match_at(text, toks, j)?;
    if toks.get(e)?.lower(text) != "by" {
        return None;
    }
    let agent = np_after(s, e + 1, end, sal, true)?;
    Some((agent, p.value.action.as_deref()))
}

/// The giver after "from" or "by", within a few words after the figure or noun: "a
/// subsidy of 476 billion yen from the Japanese government", "476 billion yen in
/// subsidies from the government", "an investment of $2 billion by Aramco".
fn giver_after<'t>(s: &Sentence<'t>, from: usize, end: usize, sal: &Salience) -> Option<Name<'t>> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    for j in from..(from + 6).min(end) {
        let t = toks.get(j)?;
        let w = t.lower(text);
        if w == "from" || w == "by" {
            return np_after(s, j + 1, end, sal, true);
        }
        if !t.is_word() || lex.verbs.match_at(text, toks, j).is_some() {
            return None;
        }
    }
    None
}

/// The recipient a verb names: between it and the figure ("give TSMC $1 billion",
/// "subsidize TSMC with $1 billion") or after a preposition after the figure.
fn recipient_of<'t>(
    s: &Sentence<'t>,
    way: &Recipient,
    v_end: usize,
    fig: &Range<usize>,
    end: usize,
    sal: &Salience,
) -> Option<Name<'t>> {
    let (text, toks) = (s.text, s.toks);
    if (way.dative || way.object) && v_end < fig.start {
        let mut between_end = fig.start;
        if way.object && toks[fig.start - 1].lower(text) == "with" {
            between_end -= 1;
        }
        // "give it $1 billion": the last subject named
        if between_end == v_end + 1 && matches!(toks[v_end].lower(text).as_str(), "it" | "them") {
            return sal.last_subject.clone().map(Name::Owned);
        }
        if let Some(r) = name_after(text, toks, v_end) {
            if r.end == between_end {
                return Some(name_of(text, toks, r.clone()));
            }
        }
        if let Some(np) = actor_noun_before(s, v_end, between_end, sal) {
            let starts_right = toks[v_end].lower(text) == "the" || v_end + 1 >= between_end;
            if starts_right {
                return Some(np);
            }
        }
    }
    prep_recipient(s, &way.after, fig.end, end, sal)
        .or_else(|| gapped_recipient(s, &way.after, fig.end, end, sal))
}

/// "Google invested $2 billion and Amazon $4 billion in Anthropic": a recipient after a
/// gapped figure ("and Amazon $4 billion", see [`gapped_subject`]) is the one before's
/// too. `from` is the end of the figure before.
fn gapped_recipient<'t>(
    s: &Sentence<'t>,
    preps: &[String],
    from: usize,
    end: usize,
    sal: &Salience,
) -> Option<Name<'t>> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    // "and", "," or ", and"
    let mut k = from;
    if toks.get(k)?.is_char(text, ',') {
        k += 1;
    }
    if toks.get(k).is_some_and(|t| COORDINATORS.has(text, t)) {
        k += 1;
    }
    if k == from {
        return None;
    }
    let r = name_after(text, toks, k)?;
    // the gapped figure opens right after its name, with a number or a currency sign
    if !toks
        .get(r.end)
        .is_some_and(|t| matches!(t.kind, TokKind::Num | TokKind::Sym))
    {
        return None;
    }
    // its preposition, past the amount: no comma and no verb between
    for k in r.end..end.min(r.end + MAX_AMOUNT_TOKENS) {
        if is_prep(text, &toks[k], preps) {
            return prep_recipient(s, preps, k, end, sal);
        }
        if toks[k].is_char(text, ',') || lex.verbs.match_at(text, toks, k).is_some() {
            return None;
        }
    }
    None
}

/// Whether a token is one of the prepositions given.
fn is_prep(text: &str, t: &Token, preps: &[String]) -> bool {
    let w = t.lower(text);
    preps.iter().any(|p| w == p.as_str())
}

/// The most tokens an amount takes ("US$ 4.5 billion worth": five).
const MAX_AMOUNT_TOKENS: usize = 8;

/// A recipient after one of the prepositions given: "to Intel", "for Micron", "in
/// OpenAI" (for "in", an organization, not a place).
fn prep_recipient<'t>(
    s: &Sentence<'t>,
    preps: &[String],
    from: usize,
    end: usize,
    sal: &Salience,
) -> Option<Name<'t>> {
    let (text, toks) = (s.text, s.toks);
    let t = toks.get(from)?;
    if from >= end || !is_prep(text, t, preps) {
        return None;
    }
    let w = t.lower(text);
    // "in it", "to them"
    if toks
        .get(from + 1)
        .is_some_and(|p| matches!(p.lower(text).as_str(), "it" | "them"))
    {
        return sal.recent_recipient().map(Name::Owned);
    }
    let np = np_after(s, from + 1, end, sal, w != "in")?;
    if w == "in" && kind_of(&np) != ActorKind::Org {
        return None;
    }
    Some(np)
}

/// A name or actor noun phrase starting at token `i` ("TSMC", "the Japanese government",
/// "the carmaker"). Places count only when `places` (a recipient "to Ukraine", not an
/// investment "in Japan").
fn np_after<'t>(
    s: &Sentence<'t>,
    i: usize,
    end: usize,
    sal: &Salience,
    places: bool,
) -> Option<Name<'t>> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    let mut j = i;
    let det = toks
        .get(j)
        .is_some_and(|t| matches!(t.lower(text).as_str(), "the" | "a" | "an"));
    if det {
        j += 1;
    }
    if j >= end {
        return None;
    }
    let adjective = name_after(text, toks, j).is_some_and(|r| {
        r.len() == 1
            && lex
                .places
                .get_exact(toks[j].text(text))
                .is_some_and(|p| p.demonym)
            && toks
                .get(r.end)
                .is_some_and(|n| n.text(text).starts_with(char::is_lowercase))
    });
    if let Some(r) = name_after(text, toks, j).filter(|_| !adjective) {
        let r_end = r.end.min(end);
        // "Saudi Arabia's wealth fund": the possessor's noun phrase
        if r_end + 1 < end && is_possessive_s(text, toks, r_end + 1) {
            let mut k = r_end + 2;
            while k < end.min(r_end + 6) {
                if let Some((_, e)) = lex.actor_nouns.match_at(text, toks, k) {
                    return Some(name_of(text, toks, r_end + 2..e));
                }
                k += 1;
            }
        }
        // "the Japanese government": a name that goes on into an actor noun
        if let Some((_, e)) = lex.actor_nouns.match_at(text, toks, r_end) {
            if e <= end {
                return actor_noun_before(s, i, e, sal);
            }
        }
        let name = name_of(text, toks, r.start..r_end);
        if !places && kind_of(&name) == ActorKind::Place {
            return None;
        }
        return Some(name);
    }
    // "the carmaker", "the US government"
    let mut k = j;
    while k < end.min(j + 4) {
        if let Some((_, e)) = lex.actor_nouns.match_at(text, toks, k) {
            return actor_noun_before(s, i, e, sal);
        }
        if !toks[k].is_word() || lex.function_of(text, &toks[k]).is_some() {
            return None;
        }
        k += 1;
    }
    None
}

/// The subject of a sentence's first verb, for what later sentences say of "it" and
/// "the company"; `None` when the sentence has no verb of the verb table.
pub fn sentence_subject<'t>(s: &Sentence<'t>, sal: &Salience) -> Option<Name<'t>> {
    sentence_subject_from(s, first_verb(s.text, s.toks), sal)
}

/// [`sentence_subject`], given the sentence's [`first_verb`] (the extractor has it
/// already: the verbs are not looked for twice).
pub fn sentence_subject_from<'t>(
    s: &Sentence<'t>,
    first_verb: Option<usize>,
    sal: &Salience,
) -> Option<Name<'t>> {
    // no token before the first verb is one: the search for the first one outside the
    // time phrases starts there
    let from_verb = first_verb
        .and_then(|f| (f..s.toks.len()).find(|&k| !s.timed[k] && verb_at(s.text, s.toks, k)))
        .and_then(|v| {
            let clause = clause_of(s.clauses, v);
            subject_before(s, clause.start, v, false, sal)
        });
    from_verb.or_else(|| opening_subject(s, 0, sal))
}

/// Whether token `k` is a word of the verb table that is no name word: the verbs
/// [`sentence_subject`] looks for (there, outside time phrases).
fn verb_at(text: &str, toks: &[Token], k: usize) -> bool {
    // a word without a vocabulary id is no verb; the verb table, which turns most
    // words away by their bit, is asked before the name rules
    toks[k].is_word()
        && toks[k].lex != crate::lexicon::UNKNOWN
        && lexicon().verbs.match_at(text, toks, k).is_some()
        && !is_name_word(text, toks, k)
}

/// The first token [`sentence_subject`] may take for a verb, time phrases aside. A
/// sentence without one: its subject reads neither its time phrases nor its clauses
/// (`Sentence::timed`, `Sentence::clauses`), and a sentence without a figure need not
/// find them.
pub fn first_verb(text: &str, toks: &[Token]) -> Option<usize> {
    (0..toks.len()).find(|&k| verb_at(text, toks, k))
}

/// "Equinor is expanding offshore wind": a name that opens a sentence (or clause, from
/// token `lo`) before a lower-case word is its subject; so is an actor noun ("The
/// Japanese government backs Rapidus").
fn opening_subject<'t>(s: &Sentence<'t>, lo: usize, sal: &Salience) -> Option<Name<'t>> {
    let lex = lexicon();
    let k = lo + usize::from(s.toks.get(lo).is_some_and(|t| t.lower_is(s.text, "the")));
    if let Some((_, e)) =
        (k..(k + 4).min(s.toks.len())).find_map(|i| lex.actor_nouns.match_at(s.text, s.toks, i))
    {
        if s.toks
            .get(e)
            .is_some_and(|n| n.text(s.text).starts_with(char::is_lowercase))
        {
            return actor_noun_before(s, lo, e, sal);
        }
    }
    let r = name_after(s.text, s.toks, lo)?;
    let next = s.toks.get(r.end)?;
    let lowercase = next.is_word() && next.text(s.text).starts_with(char::is_lowercase);
    (lowercase && (r.len() > 1 || name_before(s.text, s.toks, lo, r.end).is_some()))
        .then(|| name_of(s.text, s.toks, r.clone()))
}

/// Words that join a verb phrase to the one before it, with the same subject.
pub(crate) static COORDINATORS: WordSet = WordSet::new(&["and", "but"]);

/// "Sony was founded in 1946 and will invest $5 billion": a verb (with its auxiliaries,
/// and "plans to") joined by "and" or "but" to a verb phrase before it has that
/// phrase's subject, the name or pronoun that opens the clause (from token `lo`). Names
/// joined by "and" are no verb phrase ("Google and Amazon will invest").
fn coordinated_subject<'t>(
    s: &Sentence<'t>,
    lo: usize,
    v: usize,
    sal: &Salience,
) -> Option<Name<'t>> {
    let lex = lexicon();
    let (text, toks) = (s.text, s.toks);
    let mut k = v;
    while k > lo
        && matches!(
            lex.function_of(text, &toks[k - 1]),
            Some(FnClass::Aux | FnClass::Adv | FnClass::Light)
        )
    {
        k -= 1;
    }
    if k < lo + 3 || !COORDINATORS.has(text, &toks[k - 1]) || is_name_word(text, toks, k - 2) {
        return None;
    }
    if lex.function_of(text, &toks[lo]) == Some(FnClass::Pron) {
        return sal.last_subject.clone().map(Name::Owned);
    }
    opening_subject(s, lo, sal)
}

#[cfg(test)]
mod tests;
