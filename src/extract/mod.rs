//! Extract: from a [`Document`] to raw [`Figure`]s.
//!
//! One module per dimension, each with its rules and its example corpus side by side:
//! [`numeral`] is shared by [`money`], [`percent`], [`rank`], [`count`] and [`period`];
//! [`actor`] and [`place`] attach who, doing what, where; [`exclude`] keeps numbers in
//! names out. A figure here is as written: its currency is the written form and its
//! time phrase is unresolved; [`transform`](crate::transform) settles both.
//!
//! Sentences are read one at a time, in order, through buffers the next sentence and the
//! thread's next document reuse (the layout, the tokens, numerals, places, time phrases,
//! clauses and figures found). Names the rules find are borrowed from the text. What
//! allocates is what outlives a sentence or is rare: the figures of a sentence with a
//! number (a list per dimension, then the figures' strings) and the names the document
//! adds to the context: about 480,000 allocations per 10 MB of generated articles.

pub mod actor;
#[cfg(test)]
pub mod corpus;
pub mod count;
pub mod exclude;
pub mod money;
pub mod numeral;
pub mod percent;
pub mod period;
pub mod place;
pub mod rank;
pub mod text;

use std::ops::Range;

use rust_decimal::Decimal;

use crate::document::Document;
use crate::lexicon::{Qualifier, WordSet, WordSets};
use money::WrittenCurrency;
use period::{TimeExpr, TimeMention};
use place::{Decision, PlaceMention};
use text::{BlockKind, Layout, Token, Tokens};

/// An amount: a value, or bounds, and how exact it is said to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// The amount, when one is stated (none for a range or a vague amount).
    pub value: Option<Decimal>,
    /// The lower bound.
    pub min: Option<Decimal>,
    /// The upper bound.
    pub max: Option<Decimal>,
    /// How exact.
    pub qualifier: Qualifier,
}

impl Amount {
    /// An exact amount.
    pub fn exact(v: Decimal) -> Amount {
        Amount {
            value: Some(v),
            min: None,
            max: None,
            qualifier: Qualifier::Exact,
        }
    }

    /// A range from `lo` to `hi`.
    pub fn range(lo: Decimal, hi: Decimal) -> Amount {
        Amount {
            value: None,
            min: Some(lo),
            max: Some(hi),
            qualifier: Qualifier::Range,
        }
    }
}

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An amount of money.
    Money,
    /// A count of things.
    Count,
    /// A percentage.
    Percent,
    /// A rank.
    Rank,
}

impl Kind {
    /// The name used in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Count => "count",
            Kind::Percent => "percent",
            Kind::Rank => "rank",
        }
    }
}

/// A time phrase attached to a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// The phrase as written ("over the next two years").
    pub text: String,
    /// What it says.
    pub expr: TimeExpr,
    /// A point in the same clause that anchors a span ("... in April", "said on
    /// Monday"): when the span began, always in the past.
    pub anchor: Option<TimeExpr>,
    /// Whether the clause speaks of the future ("will invest ... in April").
    pub future: bool,
}

/// The words that make a clause speak of the future by themselves.
pub static FUTURE_MODALS: WordSet = WordSet::new(&["will", "shall", "ll"]);
/// Verbs of intent that make a clause speak of the future before "to": "plans to",
/// "aims to".
static FUTURE_INTENT: WordSet = WordSet::new(&[
    "plans", "plan", "aims", "aim", "intends", "intend", "expects", "expect", "hopes", "hope",
    "seeks", "seek", "wants", "want",
]);
/// Words after a present tense of "be" that do, before "to": "is expected to".
static FUTURE_BE: WordSet = WordSet::new(&[
    "set",
    "expected",
    "going",
    "due",
    "poised",
    "scheduled",
    "slated",
]);
static PRESENT_BE: WordSet = WordSet::new(&["is", "are", "am"]);
/// Before a verb of intent, they make it a noun: "its plan to".
static NOUN_DETERMINERS: WordSet = WordSet::new(&["its", "their", "his", "her", "the", "a"]);
static TO: WordSet = WordSet::new(&["to"]);

/// Every [`WordSet`] of the rules: the vocabulary holds their words.
pub(crate) static RULE_SETS: &[&WordSet] = &[
    &FUTURE_MODALS,
    &FUTURE_INTENT,
    &FUTURE_BE,
    &PRESENT_BE,
    &NOUN_DETERMINERS,
    &TO,
    &actor::COORDINATORS,
    &actor::COMPARISONS,
    &actor::SAID_WHEN,
    &period::ARTICLES,
    &period::FISCAL_OPENERS,
    &period::POINT_OPENERS,
];

/// Whether a clause speaks of the future: "will", "shall", "'ll", or a present-tense
/// intent with "to" ("plans to", "is expected to").
pub fn speaks_of_future(text: &str, t: &[Token], clause: &Range<usize>) -> bool {
    // the sets a token is asked of first, by one bit of its id: a token in none of them
    // (most) is turned away before the sets are asked one by one
    static FIRST: WordSets = WordSets::new(&[&FUTURE_MODALS, &FUTURE_INTENT, &FUTURE_BE]);
    let is = |k: usize, set: &WordSet| t.get(k).is_some_and(|x| set.has(text, x));
    let before = |k: usize, set: &WordSet| k > 0 && is(k - 1, set);
    clause.clone().any(|k| {
        // the modals, intents and "be" words are all words a lexicon holds: a token
        // that is no word, or a word without an id, is none of them
        if t.get(k).is_none_or(|x| !x.is_word() || !FIRST.may_hold(x)) {
            return false;
        }
        if is(k, &FUTURE_MODALS) {
            return true;
        }
        if !is(k + 1, &TO) {
            return false;
        }
        if is(k, &FUTURE_INTENT) {
            // "its plan to" is a noun, said in the past as easily
            return !before(k, &NOUN_DETERMINERS);
        }
        is(k, &FUTURE_BE) && before(k, &PRESENT_BE)
    })
}

/// A figure as extracted: raw, before currencies and periods are resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What it measures.
    pub kind: Kind,
    /// Byte span of its text in the document.
    pub span: Range<usize>,
    /// The amount.
    pub amount: Amount,
    /// The currency as written (money only).
    pub currency: Option<WrittenCurrency>,
    /// The same amount restated in other currencies by the text (money only).
    pub restated: Vec<money::Restated>,
    /// What a count counts; `percent` for percentages.
    pub unit: Option<String>,
    /// Who.
    pub actor: Option<String>,
    /// Doing what (a verb lemma).
    pub action: Option<&'static str>,
    /// Who receives it.
    pub recipient: Option<String>,
    /// Where.
    pub place: Option<place::Located>,
    /// When.
    pub period: Option<Period>,
    /// The unit the amount is stated per ("$1 billion a year": year), when it is a rate.
    pub rate: Option<crate::lexicon::TimeUnit>,
    /// The month the document says fiscal years end in ("its fiscal year ends in June"),
    /// if it says so.
    pub fiscal_end: Option<u32>,
    /// Byte span of its sentence.
    pub sentence: Range<usize>,
    /// Whether it stands in a heading (a title or section heading).
    pub in_heading: bool,
    /// The rule that read it.
    pub rule: &'static str,
}

/// The extractor. It holds no state between documents.
#[derive(Debug, Default, Clone)]
pub struct Extractor {}

/// What earlier sentences of the document tell later ones.
#[derive(Default)]
struct Context {
    /// The names, subjects and aliases so far, for pronouns and "the company".
    salience: actor::names::Salience,
    /// The places named after a locative preposition so far in the paragraph (the
    /// block) being read: sentences are read in order, and only the current block's
    /// are asked for.
    block_locatives: Placed,
    /// The places the last heading names: the one that governs the sentences read.
    heading_places: Placed,
}

/// Places kept for a block: the block's index and its places.
#[derive(Default)]
struct Placed {
    block: usize,
    places: Vec<PlaceMention>,
}

impl Placed {
    /// The places kept for `block`: none if they are another block's.
    fn of(&self, block: usize) -> &[PlaceMention] {
        if self.block == block {
            &self.places
        } else {
            &[]
        }
    }

    /// Keeps the places for `block`, after those already kept for it; another block's
    /// are let go.
    fn extend(&mut self, block: usize, places: impl Iterator<Item = PlaceMention>) {
        if self.block != block {
            self.block = block;
            self.places.clear();
        }
        self.places.extend(places);
    }
}

/// A figure found in a sentence, before its context is attached.
struct Found {
    kind: Kind,
    toks: Range<usize>,
    amount: Amount,
    currency: Option<WrittenCurrency>,
    restated: Vec<money::Restated>,
    unit: Option<String>,
    /// For counts: the counted noun phrase, where nationality is read.
    noun: Option<Range<usize>>,
    rule: &'static str,
}

impl Extractor {
    /// A new extractor.
    pub fn new() -> Extractor {
        Extractor {}
    }

    /// Extracts the figures of a document, in the order they appear.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::document::{Document, Given};
    /// use figures::extract::Extractor;
    /// let doc = Document::new("a.txt", "Sony will invest $1.5 billion in Japan by 2027.", &Given::default());
    /// let mut out = Vec::new();
    /// Extractor::new().extract(&doc, &mut out);
    /// assert_eq!(out.len(), 1);
    /// assert_eq!(out[0].actor.as_deref(), Some("Sony"));
    /// assert_eq!(out[0].action.as_deref(), Some("invest"));
    /// assert_eq!(out[0].place.as_ref().unwrap().code, "JP");
    /// assert_eq!(out[0].period.as_ref().unwrap().text, "by 2027");
    /// ```
    pub fn extract(&self, doc: &Document, out: &mut Vec<Figure>) {
        SCRATCH.with_borrow_mut(|scratch| {
            extract_with(doc, out, scratch);
            scratch.trim();
        });
    }
}

/// The buffers of one sentence, reused by the next, and by the next document the thread
/// reads: they reach the size the longest sentences need once per thread, not once per
/// document (growing them again for every document took 2-3% of a run).
#[derive(Default)]
struct Scratch {
    layout: Layout,
    toks: Tokens,
    numerals: Vec<numeral::Numeral>,
    places: Vec<PlaceMention>,
    times: Vec<TimeMention>,
    clauses: Vec<Range<usize>>,
    claimed: Vec<bool>,
    timed: Vec<bool>,
    triggers: Vec<usize>,
    found: Vec<Found>,
    by_kind: ByKind,
}

/// The figures of a sentence, per dimension, before they are merged into [`Found`]s in
/// text order: buffers the next sentence reuses.
#[derive(Default)]
struct ByKind {
    money: Vec<money::Money>,
    percents: Vec<percent::Percent>,
    ranks: Vec<rank::Rank>,
    counts: Vec<count::Count>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The most sentences, blocks or tokens a thread's buffers keep room for between
/// documents: news articles need a few hundred; a document of 16 MB without a full stop
/// grows them to millions (tens of MB), which go with it.
const SCRATCH_KEPT: usize = 1 << 16;

impl Scratch {
    /// Lets go of the buffers a very large document grew past [`SCRATCH_KEPT`].
    fn trim(&mut self) {
        let layout = &self.layout;
        if layout.sentences.capacity().max(layout.blocks.capacity()) > SCRATCH_KEPT {
            self.layout = Layout::default();
        }
        if self.toks.capacity() > SCRATCH_KEPT {
            *self = Scratch {
                layout: std::mem::take(&mut self.layout),
                ..Scratch::default()
            };
        }
    }
}

/// [`Extractor::extract`] with the thread's buffers.
fn extract_with(doc: &Document, out: &mut Vec<Figure>, buffers: &mut Scratch) {
    let text = doc.text.as_str();
    let Scratch {
        layout,
        toks,
        numerals,
        places,
        times,
        clauses,
        claimed,
        timed,
        triggers,
        found,
        by_kind,
    } = buffers;
    layout.cut(text);
    let mut ctx = Context::default();
    let first = out.len();
    let mut fiscal_end = None;
    for s in &layout.sentences {
        toks.clear();
        toks.push_interned(text, s.range.clone());
        let t = toks.as_slice();
        place::find_into(text, t, places);
        let in_heading = layout.blocks[s.block].kind == BlockKind::Heading;
        numerals.clear();
        numeral::scan(text, t, numerals);
        // a sentence without a number holds no figure, but for "a dollar"
        let with_figures = !numerals.is_empty() || money::may_hold_article_amount(text, t);
        claimed.clear();
        claimed.resize(t.len(), false);
        // the first verb a subject may be found for (none is asked of a heading)
        let first_verb = if in_heading {
            None
        } else {
            actor::first_verb(text, t)
        };
        // the time phrases and clauses are a figure's, and its subject's verb's: a
        // sentence without figures and without a verb (most) goes without them
        if with_figures || first_verb.is_some() {
            period::scan_into(text, t, claimed, times, triggers);
            actor::clauses_into(text, t, clauses);
        } else {
            times.clear();
            triggers.clear();
            clauses.clear();
        }
        timed.clear();
        timed.extend_from_slice(claimed);
        let sentence = actor::Sentence {
            text,
            toks: t,
            clauses,
            timed,
        };
        if with_figures {
            fiscal_end = fiscal_end.or_else(|| period::fiscal_year_end(text, t, times, triggers));
            exclude::claim_names(text, t, numerals, claimed);
            find_figures(text, t, numerals, claimed, by_kind, found);
            for k in 0..found.len() {
                // the stretch of the sentence that is this figure's own
                let region = k.checked_sub(1).map_or(0, |p| found[p].toks.end)
                    ..found.get(k + 1).map_or(t.len(), |n| n.toks.start);
                let f = &mut found[k];
                let fig = attach(
                    &sentence, s, in_heading, f, region, times, places, claimed, &ctx,
                );
                if let Some(a) = &fig.actor {
                    ctx.salience.note(a);
                }
                if let Some(r) = &fig.recipient {
                    ctx.salience.note_recipient(r);
                }
                out.push(fig);
            }
        }
        // the names and aliases of the sentence, and what it is about, for "it" and
        // "the company" in the next ones
        ctx.salience.observe(text, t);
        if !in_heading {
            if let Some(subject) =
                actor::sentence_subject_from(&sentence, first_verb, &ctx.salience)
            {
                ctx.salience.note(&subject);
            }
        }
        remember(&mut ctx, s.block, in_heading, places);
    }
    // one name for an organization the document names in several ways, in all its
    // figures, before and after the alias
    for f in &mut out[first..] {
        f.fiscal_end = fiscal_end;
        for name in [&mut f.actor, &mut f.recipient].into_iter().flatten() {
            ctx.salience.canonicalize(name);
        }
    }
}

/// Runs the figure dimensions over a sentence's numerals, in order of precedence:
/// money, percentages, ranks, counts. Puts them in `found`, in text order.
fn find_figures(
    text: &str,
    t: &[Token],
    numerals: &[numeral::Numeral],
    claimed: &mut [bool],
    by_kind: &mut ByKind,
    found: &mut Vec<Found>,
) {
    found.clear();
    money::scan(text, t, numerals, claimed, &mut by_kind.money);
    for m in by_kind.money.drain(..) {
        found.push(Found {
            kind: Kind::Money,
            toks: m.toks,
            amount: m.amount,
            currency: Some(m.currency),
            restated: m.restated,
            unit: None,
            noun: None,
            rule: m.rule,
        });
    }
    percent::scan(text, t, numerals, claimed, &mut by_kind.percents);
    for p in by_kind.percents.drain(..) {
        found.push(Found {
            kind: Kind::Percent,
            toks: p.toks,
            amount: p.amount,
            currency: None,
            restated: Vec::new(),
            unit: Some(p.unit.to_string()),
            noun: None,
            rule: p.rule,
        });
    }
    rank::scan(text, t, numerals, claimed, &mut by_kind.ranks);
    for r in by_kind.ranks.drain(..) {
        found.push(Found {
            kind: Kind::Rank,
            toks: r.toks,
            amount: Amount::exact(numerals[r.numeral].value),
            currency: None,
            restated: Vec::new(),
            unit: None,
            noun: None,
            rule: r.rule,
        });
    }
    count::scan(text, t, numerals, claimed, &mut by_kind.counts);
    for c in by_kind.counts.drain(..) {
        found.push(Found {
            kind: Kind::Count,
            toks: c.toks,
            amount: c.amount,
            currency: None,
            restated: Vec::new(),
            unit: Some(c.unit),
            noun: Some(c.noun),
            rule: c.rule,
        });
    }
    found.sort_by_key(|f| f.toks.start);
}

/// Attaches actor, action, recipient, place and period to a figure found in sentence
/// `s`. The figure takes the found one's currency, restatements and unit (the found one
/// is not read again but for its tokens).
#[allow(clippy::too_many_arguments)]
fn attach(
    sentence: &actor::Sentence,
    s: &text::Sentence,
    in_heading: bool,
    f: &mut Found,
    region: Range<usize>,
    times: &[TimeMention],
    places: &[PlaceMention],
    claimed: &[bool],
    ctx: &Context,
) -> Figure {
    let (text, t) = (sentence.text, sentence.toks);
    let clause = actor::clause_of(sentence.clauses, f.toks.start);
    let who = actor::attribute(sentence, f.toks.clone(), &ctx.salience);
    let period = attach_period(text, t, &clause, f.toks.clone(), times);
    // "$1 billion a year": the rate is part of the figure as written
    let rate = period::rate_at(text, t, f.toks.end, claimed);
    let end = rate.map_or(f.toks.end, |(_, e)| e);
    let rate = rate.map(|(u, _)| u);
    let region = region.start.max(clause.start)..region.end.min(clause.end);
    let place = locate(sentence, f, &region, places, s, ctx, &who);
    Figure {
        kind: f.kind,
        span: t[f.toks.start].start..t[end - 1].end,
        amount: f.amount.clone(),
        currency: f.currency.take(),
        restated: std::mem::take(&mut f.restated),
        unit: f.unit.take(),
        actor: who.actor.map(actor::Name::into_owned),
        action: who.action,
        recipient: who.recipient.map(actor::Name::into_owned),
        place,
        period,
        rate,
        fiscal_end: None,
        sentence: s.range.clone(),
        in_heading,
        rule: f.rule,
    }
}

/// The time phrase of a figure, in its clause: a forward span (anchored by a point of
/// the same clause, if there is one: "over the next two years ... in April"), else the
/// nearest phrase after it, else the nearest before. A phrase that says when something
/// was said ("said on Monday"), a day before the figure ("On Monday, Sony said it
/// would invest"), or a point in the past before the figure of a clause that speaks of
/// the future ("Last year, Sony said it will invest"), only anchors.
fn attach_period(
    text: &str,
    t: &[Token],
    clause: &Range<usize>,
    fig: Range<usize>,
    times: &[TimeMention],
) -> Option<Period> {
    let inside = || {
        times
            .iter()
            .filter(|m| clause.start <= m.toks.start && m.toks.end <= clause.end)
    };
    // none without a time phrase in the clause
    inside().next()?;
    let distance = |m: &TimeMention| {
        if m.toks.start >= fig.end {
            m.toks.start - fig.end
        } else {
            // phrases before the figure rank after every phrase after it
            1000 + fig.start.saturating_sub(m.toks.end)
        }
    };
    let nearest = |keep: &dyn Fn(&TimeMention) -> bool| {
        inside().filter(|m| keep(m)).min_by_key(|m| distance(m))
    };
    // asked only of a clause with a time phrase, once
    let future = std::cell::OnceCell::new();
    let future = || *future.get_or_init(|| speaks_of_future(text, t, clause));
    let leads = |m: &TimeMention| {
        let day = m.expr.is_point() && m.expr.grain() == "day";
        // "Sony, founded fifteen years ago, will invest ...": a point back from the
        // publication date before the figure tells of something else than what the
        // clause says will happen
        let past = matches!(m.expr, TimeExpr::At(period::Point::Rel(_, n)) if n < 0);
        !(m.reported || (day || past && future()) && m.toks.end <= fig.start)
    };
    let span = nearest(&|m| matches!(m.expr, TimeExpr::Span { past: false, .. }) && leads(m));
    let (primary, anchor) = match span {
        Some(sp) => (sp, nearest(&|m| m.expr.is_point()).map(|a| a.expr)),
        None => (nearest(&leads)?, None),
    };
    Some(Period {
        text: text[t[primary.toks.start].start..t[primary.toks.end - 1].end].to_string(),
        expr: primary.expr,
        anchor,
        future: future(),
    })
}

/// The place a figure is about (see [`place`] for the order of the rules). `region` is
/// the figure's own stretch of its clause, between its neighbours.
fn locate(
    sentence: &actor::Sentence,
    f: &Found,
    region: &Range<usize>,
    places: &[PlaceMention],
    s: &text::Sentence,
    ctx: &Context,
    who: &actor::Attribution,
) -> Option<place::Located> {
    let free = || places.iter().filter(|p| !p.in_name);
    let locative = |r: Range<usize>| {
        Decision::from_places(place::distinct(free().filter(move |p| {
            p.locative && r.start <= p.toks.start && p.toks.end <= r.end
        })))
    };
    // a place that is another figure's subject ("..., and Japan pledged ¥1 trillion")
    // says nothing of this one
    let lex = crate::lexicon::lexicon();
    let subject_of_other = |p: &PlaceMention| {
        let mut k = p.toks.end;
        while k < sentence.toks.len()
            && matches!(
                lex.function_of(sentence.text, &sentence.toks[k]),
                Some(crate::lexicon::FnClass::Aux | crate::lexicon::FnClass::Adv)
            )
        {
            k += 1;
        }
        let verb = k < sentence.toks.len()
            && lex
                .verbs
                .match_at(sentence.text, sentence.toks, k)
                .is_some();
        verb && who.actor.as_deref() != Some(p.name)
    };
    // the steps in order, each asked only when the ones before it leave the place
    // undecided
    let steps: [&dyn Fn() -> Decision; 7] = [
        // 1. the nationality of what is counted
        &|| {
            f.noun.as_ref().map_or(Decision::Undecided, |noun| {
                Decision::from_places(place::distinct(
                    places
                        .iter()
                        .filter(|p| noun.start <= p.toks.start && p.toks.end <= noun.end),
                ))
            })
        },
        // 2. a locative phrase of the figure's own stretch, after it, then before it
        &|| locative(f.toks.end..region.end),
        &|| locative(region.start..f.toks.start),
        // 3. a place that receives it ("pledged $5 billion to Egypt")
        &|| {
            who.recipient
                .as_deref()
                .and_then(|r| lex.places.get_exact(r))
                .map_or(Decision::Undecided, |p| {
                    Decision::Place(place::Located {
                        name: &p.name,
                        code: &p.code,
                    })
                })
        },
        // 4. the one country the sentence names
        &|| Decision::only_if_one(place::distinct(free().filter(|p| !subject_of_other(p)))),
        // 5. the context: earlier sentences of the paragraph, then the section heading
        &|| Decision::only_if_one(place::distinct(ctx.block_locatives.of(s.block).iter())),
        &|| {
            s.heading.map_or(Decision::Undecided, |h| {
                Decision::only_if_one(place::distinct(ctx.heading_places.of(h).iter()))
            })
        },
    ];
    for step in steps {
        match step() {
            Decision::Place(p) => return Some(p),
            Decision::Open => return None,
            Decision::Undecided => {}
        }
    }
    // 6. the actor's nationality
    who.actor.as_deref().and_then(place::of_actor)
}

/// Keeps what a sentence tells the sentences after it.
fn remember(ctx: &mut Context, block: usize, in_heading: bool, places: &[PlaceMention]) {
    let free = places.iter().filter(|p| !p.in_name).cloned();
    if in_heading {
        // a heading is a block of one sentence
        ctx.heading_places.extend(block, free);
        return;
    }
    ctx.block_locatives
        .extend(block, free.filter(|p| p.locative));
}

#[cfg(test)]
mod tests;
