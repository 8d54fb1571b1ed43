//! The lexicons the rules read: the tab-separated tables under `data/`, embedded in the
//! binary and parsed once.
//!
//! Every table has a header comment saying what its columns mean and where it comes
//! from. Rules never spell words out in match arms: a new currency, verb or country is
//! a line in a table, and the tests at the bottom of this file check that every table
//! parses and that no form is listed twice.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::extract::text::{Token, Tokens};

/// All lexicons, parsed. Get it with [`lexicon`].
#[derive(Debug)]
pub struct Lexicon {
    /// Number words by lower-case form.
    pub numbers: HashMap<String, NumberWord>,
    /// Scale abbreviations written after digits ("bn", "k").
    pub scales: Vec<ScaleAbbrev>,
    /// Currency forms: codes, symbols, names.
    pub currencies: PhraseTable<CurrencyForm>,
    /// Qualifier phrases ("more than", "approximately").
    pub qualifiers: PhraseTable<Qualifier>,
    /// Verb forms by lower-case form.
    pub verbs: PhraseTable<Verb>,
    /// Count nouns ("companies", "data centers").
    pub count_nouns: PhraseTable<String>,
    /// Countries by name, alias and demonym.
    pub places: PhraseTable<Place>,
    /// Closed-class words by lower-case form.
    pub function_words: HashMap<String, FnClass>,
    /// Nouns that say what is done with an amount ("investment", "revenue").
    pub action_nouns: PhraseTable<ActionNoun>,
    /// Common nouns that may head an actor ("government"), and whether "the `<noun>`"
    /// refers back to an organization named before ("the company").
    pub actor_nouns: PhraseTable<bool>,
    /// Calendar words by lower-case form.
    pub time_words: HashMap<String, TimeWord>,
    /// Fiscal year conventions, by country code (or `US-federal`).
    pub fiscal_years: HashMap<String, FiscalConvention>,
    /// Words that make an actor a government, lower case.
    pub government_words: Vec<String>,
    /// Phrases that start a line of page furniture, lower case, with the most words
    /// such a line has.
    pub furniture: Vec<(String, usize)>,
    /// By first byte, the range of `furniture` (sorted by first byte) that starts with
    /// it: a line is compared with those phrases alone.
    furniture_by_start: [(u16, u16); 256],
    /// Country names by ISO code.
    pub country_names: HashMap<String, String>,
    /// The currency of each country, by ISO code.
    pub country_currencies: HashMap<String, String>,
    /// Subunits ("cents", "pence"), by form.
    pub subunits: PhraseTable<Subunit>,
    /// Currency names that are also units of measure ("pounds"), lower case.
    pub measure_words: Vec<String>,
    /// For each family of ambiguous forms ("dollar"), the currencies it may mean: those
    /// written unambiguously with the family's word or sign ("C$", "Canadian dollars").
    pub families: HashMap<String, Vec<String>>,
    /// The families each currency belongs to: [`Lexicon::families`] the other way, so
    /// that a currency written unambiguously is found in them without comparing it with
    /// every member of every family (a thousand instructions for each money figure).
    pub families_of: HashMap<String, Vec<String>>,
}

/// A currency's hundredth ("cents", "sen").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subunit {
    /// The currency it belongs to when written alone; `None`: the cents of the amount
    /// it follows, or of the dollar.
    pub code: Option<String>,
    /// Whether it may follow the number after a space.
    pub spaced: bool,
}

/// A number word and what it does in a numeral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberWord {
    /// Its value.
    pub value: i64,
    /// Its class.
    pub class: NumberClass,
}

/// The class of a number word (see `data/numbers.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberClass {
    /// zero to nineteen.
    Unit,
    /// twenty to ninety.
    Tens,
    /// hundred.
    Hundred,
    /// thousand, million, lakh...
    Scale,
    /// dozen.
    Dozen,
    /// first, second...
    Ordinal,
}

/// A scale abbreviation such as "bn".
#[derive(Debug, Clone)]
pub struct ScaleAbbrev {
    /// As written in the table.
    pub form: String,
    /// What it multiplies by.
    pub value: Decimal,
    /// Whether it may follow the number after a space.
    pub spaced: bool,
    /// Whether case must match exactly.
    pub exact_case: bool,
}

/// How a currency is written, and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyForm {
    /// ISO 4217 code.
    pub code: String,
    /// code, symbol or name.
    pub kind: CurrencyKind,
    /// May stand before the number.
    pub prefix: bool,
    /// May stand after the number.
    pub suffix: bool,
    /// The family of currencies this form may mean ("dollar"), when ambiguous.
    pub family: Option<String>,
    /// A code that is also an English word: only counts glued to the number.
    pub word: bool,
}

/// The kind of a currency form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrencyKind {
    /// ISO code.
    Code,
    /// Symbol.
    Symbol,
    /// Name.
    Name,
}

/// How exact an amount is said to be. Serialized as the `qualifier` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// As stated.
    Exact,
    /// About that much.
    Approx,
    /// At least that much.
    LowerBound,
    /// At most that much.
    UpperBound,
    /// Between two amounts.
    Range,
}

impl Qualifier {
    /// The name used in the output tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::LowerBound => "lower_bound",
            Qualifier::UpperBound => "upper_bound",
            Qualifier::Range => "range",
        }
    }

    fn parse(s: &str) -> Option<Qualifier> {
        Some(match s {
            "exact" => Qualifier::Exact,
            "approx" => Qualifier::Approx,
            "lower_bound" => Qualifier::LowerBound,
            "upper_bound" => Qualifier::UpperBound,
            "range" => Qualifier::Range,
            _ => return None,
        })
    }
}

/// A verb form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verb {
    /// The lemma ("invest").
    pub lemma: String,
    /// Its class.
    pub class: VerbClass,
    /// The `action` it gives when it governs a figure.
    pub action: Option<String>,
    /// How it names who receives the figure.
    pub recipient: Recipient,
}

/// How a verb or noun names who receives a figure (see `data/verbs.tsv`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipient {
    /// "give TSMC $1 billion": the name between the verb and the figure.
    pub dative: bool,
    /// "fund Micron with $1 billion", "subsidize TSMC with": the object before the figure.
    pub object: bool,
    /// Prepositions after the figure that introduce the recipient ("to", "for", "in").
    pub after: Vec<String>,
}

impl Recipient {
    fn parse(s: &str) -> Recipient {
        let mut r = Recipient::default();
        for part in s.split(',').filter(|p| !p.is_empty() && *p != "-") {
            match part {
                "dative" => r.dative = true,
                "object" | "object-with" => r.object = true,
                prep => r.after.push(prep.to_string()),
            }
        }
        r
    }
}

/// A noun that says what is done with an amount written next to it (see
/// `data/action_nouns.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionNoun {
    /// The action lemma.
    pub action: String,
    /// How it names who receives the amount.
    pub recipient: Recipient,
}

/// The class of a verb (see `data/verbs.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// invest, spend...
    Action,
    /// links without acting: consist, have.
    Relation,
    /// rank, place.
    Rank,
    /// plan, aim: takes another verb.
    Intent,
    /// say, announce.
    Report,
    /// receive, win: the subject is the recipient.
    Receive,
}

/// A place: a country (by one of its names or its demonym), a US state, a city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The ISO 3166-1 alpha-2 code of its country.
    pub code: String,
    /// Its name: the country's short English name, or the state's or city's own.
    pub name: String,
    /// Whether this form is a demonym ("Japanese").
    pub demonym: bool,
    /// What it is.
    pub kind: PlaceKind,
}

/// What kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A country.
    Country,
    /// A state or province.
    State,
    /// A city.
    City,
    /// A region ("Silicon Valley").
    Region,
}

/// The class of a closed-class word (see `data/function_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FnClass {
    /// the, a.
    Det,
    /// its, their.
    Poss,
    /// will, is, to.
    Aux,
    /// of, in.
    Prep,
    /// and, or.
    Conj,
    /// it, they.
    Pron,
    /// also, now.
    Adv,
    /// with, while: starts a clause.
    Break,
    /// plan, decision: light nouns passed over between a subject and its verb.
    Light,
    /// more, several: quantity words.
    Quant,
}

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeUnit {
    /// A second.
    Second,
    /// A minute.
    Minute,
    /// An hour.
    Hour,
    /// A day.
    Day,
    /// A week.
    Week,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// A year.
    Year,
    /// A decade.
    Decade,
    /// A century.
    Century,
}

impl TimeUnit {
    fn parse(s: &str) -> Option<TimeUnit> {
        Some(match s {
            "second" => TimeUnit::Second,
            "minute" => TimeUnit::Minute,
            "hour" => TimeUnit::Hour,
            "day" => TimeUnit::Day,
            "week" => TimeUnit::Week,
            "month" => TimeUnit::Month,
            "quarter" => TimeUnit::Quarter,
            "year" => TimeUnit::Year,
            "decade" => TimeUnit::Decade,
            "century" => TimeUnit::Century,
            _ => return None,
        })
    }

    /// Its length in whole months (month and longer).
    pub fn months(self) -> Option<u32> {
        match self {
            TimeUnit::Month => Some(1),
            TimeUnit::Quarter => Some(3),
            TimeUnit::Year => Some(12),
            TimeUnit::Decade => Some(120),
            TimeUnit::Century => Some(1200),
            _ => None,
        }
    }

    /// Its length in whole days (day and week).
    pub fn days(self) -> Option<u32> {
        match self {
            TimeUnit::Day => Some(1),
            TimeUnit::Week => Some(7),
            _ => None,
        }
    }

    /// Its length in seconds (second, minute, hour).
    pub fn seconds(self) -> Option<u32> {
        match self {
            TimeUnit::Second => Some(1),
            TimeUnit::Minute => Some(60),
            TimeUnit::Hour => Some(3600),
            _ => None,
        }
    }

    /// How many of it a year holds, for annualizing a rate.
    pub fn per_year(self) -> Option<u32> {
        match self {
            TimeUnit::Day => Some(365),
            TimeUnit::Week => Some(52),
            TimeUnit::Month => Some(12),
            TimeUnit::Quarter => Some(4),
            TimeUnit::Year => Some(1),
            _ => None,
        }
    }

    /// Its name in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Second => "second",
            TimeUnit::Minute => "minute",
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
            TimeUnit::Month => "month",
            TimeUnit::Quarter => "quarter",
            TimeUnit::Year => "year",
            TimeUnit::Decade => "decade",
            TimeUnit::Century => "century",
        }
    }
}

/// A calendar word (see `data/time_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeWord {
    /// A month, 1 to 12.
    Month(u32),
    /// A weekday, 1 (Monday) to 7.
    Weekday(u32),
    /// A unit of time.
    Unit(TimeUnit),
    /// A one-letter unit ("m", "h"): only where no amount can be meant.
    Letter(TimeUnit),
    /// A word that makes an amount a rate ("annually").
    Rate(TimeUnit),
}

/// A fiscal year convention (see `data/fiscal_years.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalConvention {
    /// The month it starts.
    pub start: u32,
    /// Whether "fiscal 2025" ends in 2025 (else it starts in 2025).
    pub named_by_end: bool,
}

/// The longest phrase any table holds, in tokens ("United Kingdom of Great Britain and
/// Northern Ireland" is 8).
const MAX_PHRASE_TOKENS: usize = 8;

/// One entry of a [`PhraseTable`].
#[derive(Debug, Clone)]
pub struct Phrase<T> {
    /// The phrase's token texts.
    pub words: Vec<String>,
    /// Whether the case must match exactly.
    pub exact_case: bool,
    /// What it means.
    pub value: T,
}

/// Phrases of one or more tokens, found by their first token, longest first.
#[derive(Debug)]
pub struct PhraseTable<T> {
    /// The phrases, in lists of the same first word (lower-cased), longest first.
    lists: Vec<Vec<Phrase<T>>>,
    by_first: HashMap<String, usize>,
    /// Built on first use, from the vocabulary: by id, the list a word starts, and the
    /// ids of each phrase's words, so that tokens are matched by id, without hashing
    /// or comparing their text.
    index: OnceLock<Index>,
    /// The [`feat`] bit a token that starts one of the phrases has (0: none kept): the
    /// others are turned away by it, without the index.
    start_bit: u8,
}

#[derive(Debug)]
struct Index {
    /// By vocabulary id: one more than the list of phrases the word starts, or 0.
    list_of: Vec<u32>,
    /// Per list, per phrase, the ids of its words.
    ids: Vec<Vec<Vec<u32>>>,
    /// Per list whose phrases all have two words or more, the ids of their second
    /// words: a token followed by none of them starts none of the list's phrases ("the"
    /// starts six places, and nearly every sentence).
    second: Vec<Option<Vec<u32>>>,
    /// Per list: whether its phrases are all one word, in any case: a token looked up
    /// whose id found the list is its first phrase that is kept.
    single: Vec<bool>,
    /// By vocabulary id: the lengths of the phrases the word ends, a bit each (bit
    /// `n - 1` for `n` words). A phrase ending before a token is looked for at those
    /// lengths alone, and most tokens end none: they are turned away by their id first.
    ends: Vec<u8>,
    /// The most tokens of a phrase.
    longest: usize,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable {
            lists: Vec::new(),
            by_first: HashMap::default(),
            index: OnceLock::new(),
            start_bit: 0,
        }
    }
}

impl<T> PhraseTable<T> {
    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let v = vocab();
            let mut list_of = vec![0u32; v.words.len()];
            for (w, &l) in &self.by_first {
                let id = v.id(w);
                if id != UNKNOWN {
                    list_of[id as usize] = l as u32 + 1;
                }
            }
            let ids: Vec<Vec<Vec<u32>>> = self
                .lists
                .iter()
                .map(|list| {
                    list.iter()
                        .map(|p| p.words.iter().map(|w| v.id(&lower(w))).collect())
                        .collect()
                })
                .collect();
            let second = ids
                .iter()
                .map(|list| {
                    list.iter()
                        .map(|words| words.get(1).copied())
                        .collect::<Option<Vec<u32>>>()
                })
                .collect();
            let mut ends = vec![0u8; v.words.len().max(1)];
            for words in ids.iter().flatten() {
                if let (Some(&last), 1..=MAX_PHRASE_TOKENS) = (words.last(), words.len()) {
                    ends[last as usize] |= 1 << (words.len() - 1);
                }
            }
            let longest = ids.iter().flatten().map(Vec::len).max().unwrap_or(0);
            let single = self
                .lists
                .iter()
                .map(|list| list.iter().all(|p| p.words.len() == 1 && !p.exact_case))
                .collect();
            Index {
                list_of,
                ids,
                second,
                single,
                ends,
                longest,
            }
        })
    }

    /// Adds a phrase, tokenized the way text is.
    pub fn insert(&mut self, phrase: &str, exact_case: bool, value: T) {
        // not `Tokens::new`: it looks words up in the vocabulary, which is built from
        // these tables
        let mut toks = Tokens::default();
        toks.push_range(phrase, 0..phrase.len());
        let words: Vec<String> = toks.iter().map(|t| t.text(phrase).to_string()).collect();
        let Some(first) = words.first() else { return };
        let key = first.to_lowercase();
        let n = self.lists.len();
        let l = *self.by_first.entry(key).or_insert(n);
        if l == n {
            self.lists.push(Vec::new());
        }
        let list = &mut self.lists[l];
        list.push(Phrase {
            words,
            exact_case,
            value,
        });
        list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    }

    /// The first phrase (longest first) that matches at token `i` and passes `keep`.
    #[inline(always)]
    fn find_in(
        &self,
        text: &str,
        toks: &[Token],
        i: usize,
        keep: impl Fn(&Phrase<T>) -> bool,
    ) -> Option<&Phrase<T>> {
        // most tokens start no phrase: turned away inline, by their bit or their id
        let t = toks.get(i)?;
        if t.feats & self.start_bit != self.start_bit {
            return None;
        }
        let (l, by_id) = match t.lex {
            UNKNOWN => return None,
            NOT_LOOKED_UP => (self.list_by_text(text, t)?, false),
            id => {
                let l = *self.index().list_of.get(id as usize)?;
                (l.checked_sub(1)? as usize, true)
            }
        };
        self.find_in_list(l, by_id, text, toks, i, keep)
    }

    #[inline(never)]
    fn list_by_text(&self, text: &str, t: &Token) -> Option<usize> {
        self.by_first.get(lower(t.text(text)).as_str()).copied()
    }

    /// [`PhraseTable::find_in`] in list `l`.
    fn find_in_list(
        &self,
        l: usize,
        by_id: bool,
        text: &str,
        toks: &[Token],
        i: usize,
        keep: impl Fn(&Phrase<T>) -> bool,
    ) -> Option<&Phrase<T>> {
        let index = self.index();
        if by_id && index.single[l] {
            return self.lists[l].iter().find(|p| keep(p));
        }
        if let (true, Some(second)) = (by_id, &index.second[l]) {
            // a second word looked up and none of the phrases': no phrase (by text, a
            // token not looked up is compared word by word below)
            match toks.get(i + 1) {
                None => return None,
                Some(n) if n.lex != NOT_LOOKED_UP && !second.contains(&n.lex) => return None,
                Some(_) => {}
            }
        }
        let ids = &index.ids[l];
        self.lists[l]
            .iter()
            .zip(ids)
            .find(|(p, ids)| {
                keep(p)
                    && if by_id {
                        phrase_matches_ids(p, ids, text, toks, i)
                    } else {
                        phrase_matches(p, text, toks, i)
                    }
            })
            .map(|(p, _)| p)
    }

    /// The longest phrase that starts at token `i`, and the index just past it.
    #[inline]
    pub fn match_at(&self, text: &str, toks: &[Token], i: usize) -> Option<(&Phrase<T>, usize)> {
        self.find_in(text, toks, i, |_| true)
            .map(|p| (p, i + p.words.len()))
    }

    /// The longest phrase that ends just before token `end`, and its first token's index.
    pub fn match_ending_at(
        &self,
        text: &str,
        toks: &[Token],
        end: usize,
    ) -> Option<(&Phrase<T>, usize)> {
        let index = self.index();
        let last = toks.get(end.checked_sub(1)?)?;
        // the lengths of the phrases a token looked up ends (none for most tokens); a
        // token not looked up is compared by its text, at every length
        let lengths = match last.lex {
            NOT_LOOKED_UP => u8::MAX,
            id => index.ends.get(id as usize).copied().unwrap_or(0),
        };
        if lengths == 0 {
            return None;
        }
        (1..=end.min(MAX_PHRASE_TOKENS).min(index.longest))
            .rev()
            .filter(|len| lengths & (1 << (len - 1)) != 0)
            .find_map(|len| {
                let start = end - len;
                self.find_in(text, toks, start, |p| p.words.len() == len)
                    .map(|p| (p, start))
            })
    }

    /// The phrase of one word that token `i` is, if any: [`PhraseTable::get_exact`] of
    /// that token, without tokenizing it again.
    pub fn single_at(&self, text: &str, toks: &[Token], i: usize) -> Option<&T> {
        self.find_in(text, toks, i, |p| p.words.len() == 1)
            .map(|p| &p.value)
    }

    /// Whether the whole of `s` is one of the phrases.
    pub fn get_exact(&self, s: &str) -> Option<&T> {
        // every first word of a phrase has an id: a text whose first word has none is
        // no phrase, and most names are such texts ("Toyota", "Tata Steel")
        let first = s.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if !first.is_empty() && vocab().id(&lower(first)) == UNKNOWN {
            return None;
        }
        let toks = Tokens::new(s);
        let toks = toks.as_slice();
        match self.match_at(s, toks, 0) {
            Some((p, end)) if end == toks.len() => Some(&p.value),
            _ => None,
        }
    }

    /// Every entry.
    pub fn entries(&self) -> impl Iterator<Item = &Phrase<T>> {
        self.lists.iter().flatten()
    }

    /// Every word of every phrase.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.entries()
            .flat_map(|p| p.words.iter().map(String::as_str))
    }
}

/// [`phrase_matches`] for a token that was looked up: the words after it match by id
/// (the same lower-case word), and by text too when the phrase's case is exact.
fn phrase_matches_ids<T>(p: &Phrase<T>, ids: &[u32], text: &str, toks: &[Token], i: usize) -> bool {
    let Some(got) = toks.get(i..i + ids.len()) else {
        return false;
    };
    // the first word has the list's id, which found the list: only its case is asked
    // (most phrases are one word)
    if p.exact_case && !same_text(got[0].text(text), &p.words[0]) {
        return false;
    }
    got.iter()
        .zip(ids)
        .enumerate()
        .skip(1)
        .all(|(k, (t, &id))| {
            // the words of a phrase follow each other closely: no line break inside
            if t.newline_before {
                return false;
            }
            match t.lex {
                NOT_LOOKED_UP => word_matches(p, k, t.text(text)),
                // a word of the phrase without an id would match no token by id
                _ if id == UNKNOWN => false,
                lex => lex == id && (!p.exact_case || same_text(t.text(text), &p.words[k])),
            }
        })
}

/// Whether two texts are the same, the first bytes compared inline: an exact-case word
/// of a phrase ("US", "IN") is most often met in another case ("us", "in"), which the
/// first byte tells without a call to memcmp.
#[inline]
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// Whether a token's text is word `k` of a phrase.
fn word_matches<T>(p: &Phrase<T>, k: usize, got: &str) -> bool {
    let w = &p.words[k];
    if p.exact_case {
        got == w
    } else {
        got.eq_ignore_ascii_case(w)
            || (!got.is_ascii() || !w.is_ascii()) && got.to_lowercase() == w.to_lowercase()
    }
}

fn phrase_matches<T>(p: &Phrase<T>, text: &str, toks: &[Token], i: usize) -> bool {
    if i + p.words.len() > toks.len() {
        return false;
    }
    (0..p.words.len()).all(|k| {
        let t = toks[i + k];
        // the words of a phrase follow each other closely: no line break inside
        if k > 0 && t.newline_before {
            return false;
        }
        word_matches(p, k, t.text(text))
    })
}

/// Lower-cases a token text: borrowed when it is lower case already (most words are),
/// so the hot path does not allocate.
pub fn lower(s: &str) -> Lower<'_> {
    let mut ascii = true;
    let mut upper = false;
    for b in s.bytes() {
        ascii &= b.is_ascii();
        upper |= b.is_ascii_uppercase();
    }
    if ascii {
        if upper {
            Lower(Cow::Owned(s.to_ascii_lowercase()), NOT_LOOKED_UP)
        } else {
            Lower(Cow::Borrowed(s), NOT_LOOKED_UP)
        }
    } else if s.chars().any(char::is_uppercase) {
        Lower(Cow::Owned(s.to_lowercase()), NOT_LOOKED_UP)
    } else {
        Lower(Cow::Borrowed(s), NOT_LOOKED_UP)
    }
}

/// A lower-cased text, borrowed when it needed no change, with its vocabulary id when
/// it came from a token that was looked up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lower<'a>(Cow<'a, str>, u32);

impl Default for Lower<'_> {
    fn default() -> Self {
        Lower(Cow::Borrowed(""), NOT_LOOKED_UP)
    }
}

/// A word to look up in the lexicons: a text, or a [`Lower`] that knows its id.
pub trait AsWord {
    /// The text.
    fn word(&self) -> &str;
    /// Its vocabulary id, when known.
    fn id(&self) -> u32 {
        NOT_LOOKED_UP
    }
}

impl AsWord for str {
    fn word(&self) -> &str {
        self
    }
}

impl AsWord for String {
    fn word(&self) -> &str {
        self
    }
}

impl AsWord for Lower<'_> {
    fn word(&self) -> &str {
        &self.0
    }
    fn id(&self) -> u32 {
        self.1
    }
}

impl<'a> Lower<'a> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A word of the vocabulary.
    #[inline]
    pub fn from_vocab(id: u32) -> Lower<'a> {
        Lower(Cow::Borrowed(vocab().word(id)), id)
    }

    /// The same text, with its vocabulary id.
    pub fn with_id(self, id: u32) -> Lower<'a> {
        Lower(self.0, id)
    }

    /// A text known to be lower case, with its id (or [`UNKNOWN`]).
    pub fn from_lower(s: &'a str, id: u32) -> Lower<'a> {
        Lower(Cow::Borrowed(s), id)
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<str> for Lower<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl std::fmt::Display for Lower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Lower<'_>> for String {
    fn from(l: Lower<'_>) -> String {
        l.0.into_owned()
    }
}

/// The lexicons, parsed on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse().expect("the bundled data tables are valid"))
}

/// Every word the lexicons hold, lower-cased, with an id: the tokenizer looks a word
/// up once ([`crate::extract::text::Tokens::intern`]) and the rules then read its
/// lower-case form and its entries by id, instead of lower-casing and hashing it again
/// for every rule that looks at it. A word with no id is in no lexicon.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    numbers: Vec<Option<NumberWord>>,
    function_words: Vec<Option<FnClass>>,
    time_words: Vec<Option<TimeWord>>,
    time_openers: Vec<bool>,
    /// By id: whether the word is a scale abbreviation's form ("bn", "k").
    scale_forms: Vec<bool>,
    /// By id: the word's [`feat`] bits (but [`feat::LOWER`], a property of the text).
    feats: Vec<u8>,
    /// The id of each one-byte ASCII word ("a", "$", ".", "3"), lower case.
    ascii: Vec<u32>,
    /// The [`feat`] bits of each one-byte ASCII mark (punctuation and signs) as cut.
    mark_bits: Vec<u8>,
    /// Whether a word of two or more bytes starts with a digit.
    long_numbers: bool,
    /// The ids of the ASCII words of up to eight bytes (most words), by their bytes
    /// packed into an integer: no string to hash or compare.
    short: ShortMap,
    /// The same for the ASCII words of nine to sixteen bytes.
    long: ShortMap<u128>,
}

/// The ids of short words by their packed keys: open addressing in one flat array of
/// (key, id) pairs at most half full, so a lookup reads one slot, rarely more (key 0, the
/// empty word, marks a free slot). Words of up to eight bytes have `u64` keys, words of
/// nine to sixteen `u128` keys, in a map of their own.
#[derive(Debug, Default)]
struct ShortMap<K = u64> {
    slots: Vec<(K, u32)>,
    shift: u32,
}

/// A packed word: an integer of its bytes, 0 for none.
trait Packed: Copy + Default + Eq {
    /// The bits the slot is taken from.
    fn spread(self) -> u64;
}

impl Packed for u64 {
    #[inline]
    fn spread(self) -> u64 {
        self
    }
}

impl Packed for u128 {
    #[inline]
    fn spread(self) -> u64 {
        // the first eight bytes are as varied as a short word's; the rest mixed in
        (self as u64) ^ ((self >> 64) as u64).rotate_left(29)
    }
}

impl<K: Packed> ShortMap<K> {
    /// The map of the words (by id, from 1) that `pack` packs.
    fn of(words: &[String], pack: fn(&[u8]) -> Option<(K, bool)>) -> ShortMap<K> {
        ShortMap::new(
            words
                .iter()
                .enumerate()
                .skip(1)
                .filter_map(|(id, w)| Some((pack(w.as_bytes())?.0, id as u32))),
        )
    }

    fn new(entries: impl Iterator<Item = (K, u32)>) -> ShortMap<K> {
        let entries: Vec<(K, u32)> = entries.collect();
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut map = ShortMap {
            slots: vec![(K::default(), UNKNOWN); size],
            shift: 64 - size.trailing_zeros(),
        };
        for (key, id) in entries {
            let mut i = map.slot(key);
            while map.slots[i].0 != K::default() {
                i = (i + 1) & (size - 1);
            }
            map.slots[i] = (key, id);
        }
        map
    }

    #[inline]
    fn slot(&self, key: K) -> usize {
        (key.spread().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: K) -> u32 {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, id) = self.slots[i];
            if k == key {
                return id;
            }
            if k == K::default() {
                return UNKNOWN;
            }
            i = (i + 1) & mask;
        }
    }
}

/// An ASCII word of up to sixteen bytes, lower-cased, packed little-endian into an
/// integer (words hold no NUL byte, so lengths cannot collide); and whether it had an
/// upper-case letter. `None` for a longer or non-ASCII word.
fn pack_bytes(word: &[u8]) -> Option<(u128, bool)> {
    if word.len() > 16 {
        return None;
    }
    let mut key = 0u128;
    let mut upper = false;
    for (i, &b) in word.iter().enumerate() {
        if !b.is_ascii() {
            return None;
        }
        upper |= b.is_ascii_uppercase();
        key |= u128::from(b.to_ascii_lowercase()) << (8 * i);
    }
    Some((key, upper))
}

/// A word of up to eight bytes packed ([`pack_bytes`]), for the map of short words.
fn pack(word: &[u8]) -> Option<(u64, bool)> {
    // the key of eight bytes or fewer fits in the low half
    (word.len() <= 8)
        .then(|| pack_bytes(word))
        .flatten()
        .map(|(key, upper)| (key as u64, upper))
}

/// A word of nine to sixteen bytes packed ([`pack_bytes`]), for the map of long words.
fn pack_long(word: &[u8]) -> Option<(u128, bool)> {
    (word.len() > 8).then(|| pack_bytes(word)).flatten()
}

/// Words that start a numeral besides the number words: "a million", "an eighth",
/// "half a billion", "a quarter of", "few", "tens of", "point five", "minus two".
const NUMERAL_STARTERS: &[&str] = &[
    "a", "an", "one", "half", "quarter", "few", "tens", "point", "minus", "negative",
];

/// The tens, which join a unit in one word ("twentyfifth").
const TENS_PREFIXES: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// What a token is or may start, one bit each, set as it is cut (`Token::feats`): a
/// pass over a sentence's tokens tests its bit before its rule, and most tokens are
/// passed over without a table read. A bit is a necessary condition: the rule's own
/// test runs where it is set. A token not looked up has every bit but [`feat::LOWER`].
pub mod feat {
    /// Its text is lower case already.
    pub const LOWER: u8 = 1;
    /// It may start a numeral: digits, a sign or a point, a word that opens one.
    pub const NUMERAL: u8 = 1 << 1;
    /// It is a time trigger: digits, a calendar, number or deictic word.
    pub const TRIGGER: u8 = 1 << 2;
    /// It may start a time phrase (`Vocab::may_start_time`, digits, a sign).
    pub const TIME_START: u8 = 1 << 3;
    /// A word that may open a time phrase or a part of one (`Vocab::may_open_time`).
    pub const OPEN_TIME: u8 = 1 << 4;
    /// A word that may break a clause (a function word of class `Break`).
    pub const BREAK: u8 = 1 << 5;
    /// The first word of a place's name.
    pub const PLACE: u8 = 1 << 6;
    /// The first word of a verb of the verb table.
    pub const VERB: u8 = 1 << 7;
    /// The bits of a token not looked up: every gate passes.
    pub const NOT_LOOKED_UP: u8 = !LOWER;
}

/// A token whose word was not looked up.
pub const NOT_LOOKED_UP: u32 = u32::MAX;
/// A token whose word is in no lexicon.
pub const UNKNOWN: u32 = 0;

impl Vocab {
    fn build(lex: &Lexicon) -> Vocab {
        let mut v = Vocab {
            words: vec![String::new()],
            ..Vocab::default()
        };
        let mut add = |w: &str| {
            let w = lower(w).to_string();
            if !v.ids.contains_key(&w) {
                v.ids.insert(w.clone(), v.words.len() as u32);
                v.words.push(w);
            }
        };
        lex.numbers.keys().for_each(|w| add(w));
        lex.function_words.keys().for_each(|w| add(w));
        lex.time_words.keys().for_each(|w| add(w));
        lex.currencies.words().for_each(&mut add);
        lex.qualifiers.words().for_each(&mut add);
        lex.verbs.words().for_each(&mut add);
        lex.count_nouns.words().for_each(&mut add);
        lex.places.words().for_each(&mut add);
        lex.action_nouns.words().for_each(&mut add);
        lex.actor_nouns.words().for_each(&mut add);
        lex.subunits.words().for_each(&mut add);
        lex.scales.iter().for_each(|s| add(&s.form));
        // so that a name of words without ids is known to name no government
        lex.government_words
            .iter()
            .flat_map(|w| w.split(' '))
            .for_each(&mut add);
        NUMERAL_STARTERS.iter().for_each(|w| add(w));
        crate::extract::period::DEICTIC.iter().for_each(|w| add(w));
        crate::extract::period::RULE_WORDS
            .iter()
            .for_each(|w| add(w));
        crate::extract::RULE_SETS
            .iter()
            .flat_map(|set| set.words())
            .for_each(|w| add(w));
        let n = v.words.len();
        v.numbers = v
            .words
            .iter()
            .map(|w| lex.numbers.get(w).copied())
            .collect();
        v.function_words = v
            .words
            .iter()
            .map(|w| lex.function_words.get(w).copied())
            .collect();
        v.time_words = v
            .words
            .iter()
            .map(|w| lex.time_words.get(w).copied())
            .collect();
        let numeral_starts: Vec<bool> = v
            .words
            .iter()
            .map(|w| {
                // "million", "hundred" and "dozen" only go on with a numeral ("five
                // million", "a dozen"); their plurals open one ("millions of")
                let opens = lex.numbers.get(w).is_some_and(|nw| {
                    !matches!(
                        nw.class,
                        NumberClass::Hundred | NumberClass::Scale | NumberClass::Dozen
                    ) || w.ends_with('s')
                });
                opens || NUMERAL_STARTERS.contains(&w.as_str())
            })
            .collect();
        let period = crate::extract::period::RULE_WORDS
            .iter()
            .chain(crate::extract::period::DEICTIC);
        let period: std::collections::HashSet<&str> = period.copied().collect();
        let time_starts: Vec<bool> = v
            .words
            .iter()
            .zip(&numeral_starts)
            .map(|(w, numeral)| {
                *numeral || lex.time_words.contains_key(w) || period.contains(w.as_str())
            })
            .collect();
        let mut scale_forms = vec![false; n];
        for s in &lex.scales {
            scale_forms[v.ids[lower(&s.form).as_ref() as &str] as usize] = true;
        }
        v.scale_forms = scale_forms;
        let time_triggers: Vec<bool> = (0..n)
            .map(|id| {
                let w = v.words[id].as_str();
                v.time_words[id].is_some()
                    || v.numbers[id].is_some() && !matches!(w, "a" | "an")
                    || crate::extract::period::DEICTIC.contains(&w)
            })
            .collect();
        v.time_openers = v
            .words
            .iter()
            .map(|w| crate::extract::period::OPENERS.contains(&w.as_str()))
            .collect();
        let time_phrase_starts: Vec<bool> = (0..n)
            .map(|id| {
                let w = v.words[id].as_str();
                time_starts[id]
                    && (numeral_starts[id]
                        || v.time_openers[id]
                        || matches!(
                            v.time_words[id],
                            Some(TimeWord::Month(_) | TimeWord::Weekday(_))
                        )
                        || crate::extract::period::STARTERS.contains(&w))
            })
            .collect();
        // the first words of the places' and verbs' phrases
        let places: std::collections::HashSet<&String> = lex.places.by_first.keys().collect();
        let verbs: std::collections::HashSet<&String> = lex.verbs.by_first.keys().collect();
        v.feats = (0..n)
            .map(|id| {
                let bits = [
                    (numeral_starts[id], feat::NUMERAL),
                    (time_triggers[id], feat::TRIGGER),
                    (time_phrase_starts[id], feat::TIME_START),
                    (time_starts[id], feat::OPEN_TIME),
                    (v.function_words[id] == Some(FnClass::Break), feat::BREAK),
                    (places.contains(&v.words[id]), feat::PLACE),
                    (verbs.contains(&v.words[id]), feat::VERB),
                ];
                bits.iter().filter(|(on, _)| *on).fold(0, |f, (_, b)| f | b)
            })
            .collect();
        v.ascii = (0..128u8)
            .map(|b| {
                v.ids
                    .get(&char::from(b).to_string())
                    .copied()
                    .unwrap_or(UNKNOWN)
            })
            .collect();
        v.mark_bits = (0..128u8)
            .map(|b| {
                let (id, lower) = v.id_of_ascii(b);
                v.mark_feats(id, &[b], lower)
            })
            .collect();
        v.short = ShortMap::of(&v.words, pack);
        v.long = ShortMap::of(&v.words, pack_long);
        v.long_numbers = v
            .words
            .iter()
            .any(|w| w.len() > 1 && w.starts_with(|c: char| c.is_ascii_digit()));
        debug_assert_eq!(v.numbers.len(), n);
        v
    }

    /// The id of a lower-case word; [`UNKNOWN`] when no lexicon holds it.
    pub fn id(&self, lower: &str) -> u32 {
        if let Some((key, false)) = pack(lower.as_bytes()) {
            return self.short.get(key);
        }
        if let Some((key, false)) = pack_long(lower.as_bytes()) {
            return self.long.get(key);
        }
        self.ids.get(lower).copied().unwrap_or(UNKNOWN)
    }

    /// The id of a token's word, and whether its text is lower case already: one-byte
    /// words from a table, numbers without hashing when no word of the vocabulary is a
    /// number of several digits.
    #[inline]
    pub fn id_of(&self, word: &str, buf: &mut String) -> (u32, bool) {
        // punctuation and numbers, most tokens that are no words: inline
        let b = word.as_bytes();
        if let [c] = b {
            if c.is_ascii() {
                return self.id_of_ascii(*c);
            }
        }
        if b.first().is_some_and(u8::is_ascii_digit) {
            if let Some(found) = self.id_of_digits(b) {
                return found;
            }
        }
        self.word_id_of(word, buf)
    }

    /// [`Vocab::id_of`] of a token of one ASCII byte.
    #[inline]
    pub fn id_of_ascii(&self, c: u8) -> (u32, bool) {
        (
            self.ascii[usize::from(c.to_ascii_lowercase())],
            !c.is_ascii_uppercase(),
        )
    }

    /// [`Vocab::id_of_ascii`] of a one-byte ASCII mark (no letter or digit), with its
    /// [`Vocab::mark_feats`]: both from tables.
    #[inline]
    pub fn ascii_mark(&self, c: u8) -> (u32, u8) {
        (self.ascii[usize::from(c)], self.mark_bits[usize::from(c)])
    }

    /// [`Vocab::id_of`] of a number's bytes (starting with a digit), when it needs no
    /// lookup: one byte, or several when no word of the vocabulary is a number of
    /// several digits.
    #[inline]
    pub fn id_of_digits(&self, digits: &[u8]) -> Option<(u32, bool)> {
        match digits {
            [c] => Some(self.id_of_ascii(*c)),
            _ if !self.long_numbers => Some((UNKNOWN, true)),
            _ => None,
        }
    }

    /// [`Vocab::id_of`] for a word.
    fn word_id_of(&self, word: &str, buf: &mut String) -> (u32, bool) {
        let b = word.as_bytes();
        if let Some((key, upper)) = pack(b) {
            return (self.short.get(key), !upper);
        }
        if let Some((key, upper)) = pack_long(b) {
            return (self.long.get(key), !upper);
        }
        if !b.iter().any(|&c| c.is_ascii_uppercase() || c >= 0x80) {
            return (self.id(word), true);
        }
        buf.clear();
        if word.is_ascii() {
            // lower-cased into the buffer, not into a new string
            buf.extend(b.iter().map(|c| char::from(c.to_ascii_lowercase())));
        } else {
            buf.push_str(&lower(word));
        }
        (self.id(buf), buf == word)
    }

    /// The id of an ASCII word of up to eight letters by its packed key: its bytes
    /// lower-cased, little-endian (see [`Vocab::id_of`]).
    pub fn id_of_packed(&self, key: u64) -> u32 {
        self.short.get(key)
    }

    /// The id of an ASCII word of nine to sixteen letters by its packed key (see
    /// [`Vocab::id_of_packed`]).
    pub fn id_of_packed_long(&self, key: u128) -> u32 {
        self.long.get(key)
    }

    /// Every word, by id (0 is none).
    #[cfg(test)]
    pub(crate) fn all_words(&self) -> &[String] {
        &self.words
    }

    /// The lower-case word of an id.
    #[inline]
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// The number word of an id.
    #[inline]
    pub fn number(&self, id: u32) -> Option<NumberWord> {
        self.numbers.get(id as usize).copied().flatten()
    }

    /// The function word class of an id.
    #[inline]
    pub fn function(&self, id: u32) -> Option<FnClass> {
        self.function_words.get(id as usize).copied().flatten()
    }

    /// Whether a word can start a numeral: a number word, or one of the words that
    /// open fractions, vague quantities and orders of magnitude. An unknown word can
    /// only when it joins tens and a unit ("twentyfifth"). `word` gives the word's text,
    /// read only for a word without an id (most are turned away by id, without
    /// slicing the text).
    #[inline(always)]
    pub fn may_start_numeral<'w>(&self, id: u32, word: impl FnOnce() -> &'w str) -> bool {
        match id {
            NOT_LOOKED_UP => true,
            UNKNOWN => starts_with_tens(word().as_bytes()),
            id => self.has(id, feat::NUMERAL),
        }
    }

    /// Whether a word can open a time phrase or a part of one: a calendar word, a word
    /// that may start a numeral, or a word the period rules name
    /// (`extract::period::RULE_WORDS`).
    pub fn may_open_time<'w>(&self, id: u32, word: impl FnOnce() -> &'w str) -> bool {
        match id {
            NOT_LOOKED_UP => true,
            UNKNOWN => self.may_start_numeral(UNKNOWN, word),
            id => self.has(id, feat::OPEN_TIME),
        }
    }

    /// Whether a word can start a time phrase: a preposition that opens one, a word
    /// that may start a numeral, a month or weekday, or one of
    /// `extract::period::STARTERS`. A subset of [`Vocab::may_open_time`]:
    /// the words that only go on with a phrase ("months", "ago") start none.
    #[inline]
    pub fn may_start_time<'w>(&self, id: u32, word: impl FnOnce() -> &'w str) -> bool {
        match id {
            NOT_LOOKED_UP => true,
            UNKNOWN => self.may_start_numeral(UNKNOWN, word),
            id => self.has(id, feat::TIME_START),
        }
    }

    /// The [`feat`] bits of a token of kind `kind` whose bytes are `bytes` and whose id
    /// is `id` (looked up: not [`NOT_LOOKED_UP`]), `lower` for [`feat::LOWER`]: what
    /// the gates of the rules would say of it, computed once as it is cut.
    #[inline]
    pub fn feats_of(
        &self,
        kind: crate::extract::text::TokKind,
        id: u32,
        bytes: &[u8],
        lower: bool,
    ) -> u8 {
        use crate::extract::text::TokKind;
        match kind {
            TokKind::Word => self.word_feats(id, bytes, lower),
            TokKind::Num => self.number_feats(id, lower),
            TokKind::Sym | TokKind::Punct => self.mark_feats(id, bytes, lower),
        }
    }

    /// [`Vocab::feats_of`] a word.
    #[inline]
    pub fn word_feats(&self, id: u32, bytes: &[u8], lower: bool) -> u8 {
        let lower = if lower { feat::LOWER } else { 0 };
        if id != UNKNOWN {
            return self.feats.get(id as usize).copied().unwrap_or(0) | lower;
        }
        // a word no lexicon holds may still join tens and units ("twentyfive")
        if starts_with_tens(bytes) {
            feat::NUMERAL | feat::TIME_START | feat::OPEN_TIME | lower
        } else {
            lower
        }
    }

    /// [`Vocab::feats_of`] digits: they may start a numeral and a time phrase, and are
    /// a trigger.
    #[inline]
    pub fn number_feats(&self, id: u32, lower: bool) -> u8 {
        let of_id = self.feats.get(id as usize).copied().unwrap_or(0);
        (of_id & (feat::PLACE | feat::VERB))
            | feat::NUMERAL
            | feat::TRIGGER
            | feat::TIME_START
            | if lower { feat::LOWER } else { 0 }
    }

    /// [`Vocab::feats_of`] a sign or punctuation: a minus sign or a decimal point may
    /// start a number.
    #[inline]
    pub fn mark_feats(&self, id: u32, bytes: &[u8], lower: bool) -> u8 {
        let of_id = self.feats.get(id as usize).copied().unwrap_or(0);
        (of_id & (feat::PLACE | feat::VERB))
            | if crate::extract::numeral::opens_number_bytes(bytes) {
                feat::NUMERAL | feat::TIME_START
            } else {
                0
            }
            | if lower { feat::LOWER } else { 0 }
    }

    /// Whether a word, by id, may be a scale abbreviation written after digits ("bn",
    /// "k"): a word looked up that is none of their forms, in any case, is none.
    #[inline]
    pub fn may_be_scale(&self, id: u32) -> bool {
        id == NOT_LOOKED_UP || self.scale_forms.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether a word is the core of a time phrase: a calendar word, a number word but
    /// "a", or a deictic word ("today").
    #[inline]
    pub fn is_time_trigger(&self, id: u32) -> bool {
        self.has(id, feat::TRIGGER)
    }

    /// Whether the word of id `id` has the [`feat`] bit `bit`.
    #[inline]
    fn has(&self, id: u32, bit: u8) -> bool {
        self.feats.get(id as usize).is_some_and(|f| f & bit != 0)
    }

    /// Whether a word is a preposition that opens a time phrase
    /// (`extract::period::OPENERS`: "by", "in", "over").
    #[inline]
    pub fn opens_time(&self, id: u32) -> bool {
        self.time_openers.get(id as usize).copied().unwrap_or(false)
    }

    /// The calendar word of an id.
    #[inline]
    pub fn time(&self, id: u32) -> Option<TimeWord> {
        self.time_words.get(id as usize).copied().flatten()
    }
}

/// A few lower-case words a rule names ("will", "shall"), matched by vocabulary id:
/// one comparison of integers per word, no text compared. Every set is listed in
/// `extract::RULE_SETS`, whose words the vocabulary holds, so that a word
/// without an id is in no set.
#[derive(Debug)]
pub struct WordSet {
    words: &'static [&'static str],
    ids: OnceLock<Vec<u32>>,
}

impl WordSet {
    /// A set of lower-case words. It must be listed in `extract::RULE_SETS`.
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            ids: OnceLock::new(),
        }
    }

    /// The words.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    #[inline(always)]
    fn ids(&self) -> &[u32] {
        match self.ids.get() {
            Some(ids) => ids,
            None => self.init_ids(),
        }
    }

    #[cold]
    #[inline(never)]
    fn init_ids(&self) -> &[u32] {
        self.ids.get_or_init(|| {
            let v = vocab();
            self.words
                .iter()
                .map(|w| {
                    let id = v.id(w);
                    assert!(
                        id != UNKNOWN,
                        "{w:?} has no id: list its set in extract::RULE_SETS"
                    );
                    id
                })
                .collect()
        })
    }

    /// The indices of the tokens that are one of the words: [`WordSet::has`] over a
    /// sentence, with the set's ids resolved once, not at every token.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::extract::text::Tokens;
    /// let text = "It will, it WILL, and it'll";
    /// let toks = Tokens::new(text);
    /// let found: Vec<usize> = figures::extract::FUTURE_MODALS.positions(text, toks.as_slice()).collect();
    /// assert_eq!(found, [1, 4, 9]);
    /// ```
    pub fn positions<'a>(
        &'a self,
        text: &'a str,
        toks: &'a [Token],
    ) -> impl Iterator<Item = usize> + 'a {
        let ids = self.ids();
        toks.iter()
            .enumerate()
            .filter(move |(_, t)| match t.lex {
                UNKNOWN => false,
                NOT_LOOKED_UP => self.words.iter().any(|w| t.lower_is(text, w)),
                id => ids.contains(&id),
            })
            .map(|(k, _)| k)
    }

    /// Whether a token is one of the words, in any case.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::extract::text::Tokens;
    /// let text = "Sony Will invest";
    /// let toks = Tokens::new(text);
    /// let t = toks.as_slice();
    /// assert!(figures::extract::FUTURE_MODALS.has(text, &t[1]));
    /// assert!(!figures::extract::FUTURE_MODALS.has(text, &t[2]));
    /// ```
    #[inline(always)]
    pub fn has(&self, text: &str, t: &Token) -> bool {
        match t.lex {
            UNKNOWN => false,
            NOT_LOOKED_UP => self.words.iter().any(|w| t.lower_is(text, w)),
            id => self.ids().contains(&id),
        }
    }
}

/// The union of a few [`WordSet`]s as a bit per vocabulary id: a rule that asks
/// several sets of every token of a clause turns most tokens away with one lookup
/// before it asks the sets one by one.
#[derive(Debug)]
pub struct WordSets {
    sets: &'static [&'static WordSet],
    bits: OnceLock<Vec<u64>>,
}

impl WordSets {
    /// The union of `sets`.
    pub const fn new(sets: &'static [&'static WordSet]) -> WordSets {
        WordSets {
            sets,
            bits: OnceLock::new(),
        }
    }

    /// Whether a token may be in one of the sets: false for a word with no id and for
    /// an id in none of them; true for a token not looked up (only its text can say).
    ///
    /// # Example
    ///
    /// ```
    /// use figures::lexicon::{WordSet, WordSets};
    /// use figures::extract::text::Tokens;
    /// static SETS: WordSets = WordSets::new(&[&figures::extract::FUTURE_MODALS]);
    /// let text = "Sony will invest";
    /// let mut toks = Tokens::default();
    /// toks.push_interned(text, 0..text.len());
    /// let t = toks.as_slice();
    /// assert!(!SETS.may_hold(&t[0]) && SETS.may_hold(&t[1]) && !SETS.may_hold(&t[2]));
    /// ```
    #[inline]
    pub fn may_hold(&self, t: &Token) -> bool {
        match t.lex {
            UNKNOWN => false,
            NOT_LOOKED_UP => true,
            id => {
                let bits = match self.bits.get() {
                    Some(bits) => bits,
                    None => self.init_bits(),
                };
                bits.get(id as usize / 64)
                    .is_some_and(|w| (w >> (id % 64)) & 1 == 1)
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn init_bits(&self) -> &[u64] {
        self.bits.get_or_init(|| {
            let ids = self.sets.iter().flat_map(|s| s.ids().iter().copied());
            let mut bits = vec![0u64; ids.clone().max().map_or(0, |m| m as usize / 64 + 1)];
            for id in ids {
                bits[id as usize / 64] |= 1 << (id % 64);
            }
            bits
        })
    }
}

/// [`Lexicon::entry_of`] for a token that was not looked up.
#[cold]
#[inline(never)]
fn not_looked_up<V>(
    lex: &Lexicon,
    word: &str,
    by_text: fn(&Lexicon, &str) -> Option<V>,
) -> Option<V> {
    by_text(lex, word)
}

/// Whether a word no lexicon holds may start a numeral: it starts with tens and is
/// longer ("twentyfifth"). The tens start with e, f, n, s or t: most words are turned
/// away inline.
#[inline(always)]
fn starts_with_tens(w: &[u8]) -> bool {
    w.len() > 5
        && matches!(w[0].to_ascii_lowercase(), b'e' | b'f' | b'n' | b's' | b't')
        && joins_tens(w)
}

/// Whether a word starts with tens, for [`starts_with_tens`], in any case. Its first
/// seven bytes, each with its 0x20 bit set (which lower-cases a letter and makes no
/// other byte one), are compared with [`TENS_KEYS`] as one integer: the tokenizer asks
/// this of every word no lexicon holds that opens with one of the tens' letters, and a
/// comparison per prefix, byte by byte, cost 2% of extraction (PGO build).
#[inline(never)]
fn joins_tens(w: &[u8]) -> bool {
    let mut head = [0u8; 8];
    for (h, &b) in head.iter_mut().zip(w.iter().take(7)) {
        *h = b | 0x20;
    }
    // a word shorter than a prefix has spaces (0x20) where the prefix has letters
    let head = u64::from_le_bytes(head);
    TENS_KEYS.iter().any(|&(key, mask)| head & mask == key)
}

/// [`TENS_PREFIXES`] as [`joins_tens`] compares them: each prefix's bytes as an integer
/// (little endian), and the mask of its bytes.
const TENS_KEYS: [(u64, u64); TENS_PREFIXES.len()] = {
    let mut keys = [(0, 0); TENS_PREFIXES.len()];
    let mut i = 0;
    while i < keys.len() {
        let p = TENS_PREFIXES[i].as_bytes();
        assert!(p.len() < 8, "a prefix of the tens fits in seven bytes");
        let (mut key, mut k) = (0u64, 0);
        while k < p.len() {
            key |= (p[k] as u64) << (8 * k);
            k += 1;
        }
        keys[i] = (key, u64::MAX >> (64 - 8 * p.len()));
        i += 1;
    }
    keys
};

/// The vocabulary of the lexicons, built on first use.
pub fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| Vocab::build(lexicon()))
}

/// The rows of a table: comment and blank lines skipped, cells split on tabs.
fn rows(table: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    table
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| (n + 1, l.split('\t').collect()))
}

fn cells<'a>(
    name: &str,
    line: usize,
    row: &'a [&'static str],
    n: usize,
) -> anyhow::Result<&'a [&'static str]> {
    anyhow::ensure!(
        row.len() == n,
        "data/{name} line {line}: expected {n} tab-separated cells, found {}",
        row.len()
    );
    Ok(row)
}

macro_rules! table {
    ($name:literal) => {
        ($name, include_str!(concat!("../data/", $name)))
    };
}

impl Lexicon {
    /// Whether a line (trimmed) is page furniture by the phrases of
    /// `data/furniture.tsv`: "Follow us on X", "Share this article", "© 2025 ...".
    pub fn is_furniture_phrase(&self, line: &str) -> bool {
        let b = line.as_bytes();
        // a line is compared with the phrases of its first byte alone, and most lines
        // start with a byte no phrase starts with (the phrases are lower case; an
        // ASCII letter is tested in both cases)
        let Some(&first) = b.first() else {
            return false;
        };
        let (lo, hi) = self.furniture_by_start[usize::from(first.to_ascii_lowercase())];
        self.furniture[usize::from(lo)..usize::from(hi)]
            .iter()
            .any(|(p, max_words)| {
                b.len() >= p.len()
                && b[..p.len()].eq_ignore_ascii_case(p.as_bytes())
                // the phrase ends at a word's end
                && line[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
                && line.split_whitespace().nth(*max_words).is_none()
            })
    }

    fn parse() -> anyhow::Result<Lexicon> {
        let mut lex = Lexicon {
            numbers: HashMap::default(),
            scales: Vec::new(),
            currencies: PhraseTable::default(),
            qualifiers: PhraseTable::default(),
            verbs: PhraseTable::default(),
            count_nouns: PhraseTable::default(),
            places: PhraseTable::default(),
            function_words: HashMap::default(),
            actor_nouns: PhraseTable::default(),
            action_nouns: PhraseTable::default(),
            time_words: HashMap::default(),
            fiscal_years: HashMap::default(),
            government_words: Vec::new(),
            furniture: Vec::new(),
            furniture_by_start: [(0, 0); 256],
            country_names: HashMap::default(),
            country_currencies: HashMap::default(),
            subunits: PhraseTable::default(),
            measure_words: Vec::new(),
            families: HashMap::default(),
            families_of: HashMap::default(),
        };

        let (name, t) = table!("numbers.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 3)?;
            let class = match c[2] {
                "unit" => NumberClass::Unit,
                "tens" => NumberClass::Tens,
                "hundred" => NumberClass::Hundred,
                "scale" => NumberClass::Scale,
                "dozen" => NumberClass::Dozen,
                "ordinal" => NumberClass::Ordinal,
                other => anyhow::bail!("data/{name} line {line}: unknown class {other:?}"),
            };
            let value = c[1].parse()?;
            lex.numbers
                .insert(c[0].to_string(), NumberWord { value, class });
        }

        let (name, t) = table!("scales.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 4)?;
            lex.scales.push(ScaleAbbrev {
                form: c[0].to_string(),
                value: c[1].parse()?,
                spaced: match c[2] {
                    "any" => true,
                    "attached" => false,
                    other => anyhow::bail!("data/{name} line {line}: unknown glue {other:?}"),
                },
                exact_case: c[3] == "exact",
            });
        }

        let (name, t) = table!("currencies.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 6)?;
            let kind = match c[2] {
                "code" => CurrencyKind::Code,
                "symbol" => CurrencyKind::Symbol,
                "name" => CurrencyKind::Name,
                other => anyhow::bail!("data/{name} line {line}: unknown kind {other:?}"),
            };
            let (prefix, suffix) = match c[3] {
                "prefix" => (true, false),
                "suffix" => (false, true),
                "both" => (true, true),
                other => anyhow::bail!("data/{name} line {line}: unknown position {other:?}"),
            };
            let form = CurrencyForm {
                code: c[1].to_string(),
                kind,
                prefix,
                suffix,
                family: (c[4] != "-").then(|| c[4].to_string()),
                word: c[5] == "yes",
            };
            lex.currencies
                .insert(c[0], kind != CurrencyKind::Name, form);
        }

        // the members of each family: its default, and the codes of the unambiguous
        // forms that end with one of its ambiguous forms, as a word or a sign ("C$",
        // "Canadian dollars" are dollars; "US dollars" is no rupee for ending in "rs")
        let mut ambiguous = Vec::new();
        let mut plain = Vec::new();
        for (_, row) in rows(t) {
            let form = row[0].to_lowercase();
            match row[4] {
                "-" => plain.push((form, row[1])),
                family => ambiguous.push((form, family, row[1])),
            }
        }
        for (amb, family, default) in &ambiguous {
            // a sign ends a form as it is; a word, after a space (made once per form, not
            // once per form it is compared with: 4M instructions at every start)
            let suffix = if amb.chars().any(char::is_alphabetic) {
                format!(" {amb}")
            } else {
                amb.clone()
            };
            let members = lex.families.entry(family.to_string()).or_default();
            let written = plain
                .iter()
                .filter(|(f, _)| f.ends_with(suffix.as_str()))
                .map(|(_, c)| *c);
            for code in std::iter::once(*default).chain(written) {
                if !members.iter().any(|m| m == code) {
                    members.push(code.to_string());
                }
            }
        }

        let (name, t) = table!("currency_families.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 2)?;
            let members = lex.families.entry(c[0].to_string()).or_default();
            if !members.iter().any(|m| m == c[1]) {
                members.push(c[1].to_string());
            }
        }
        for (family, members) in &lex.families {
            for code in members {
                lex.families_of
                    .entry(code.clone())
                    .or_default()
                    .push(family.clone());
            }
        }

        let (name, t) = table!("measure_words.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 1)?;
            lex.measure_words.push(c[0].to_lowercase());
        }

        let (name, t) = table!("subunits.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 3)?;
            let sub = Subunit {
                code: (c[1] != "-").then(|| c[1].to_string()),
                spaced: match c[2] {
                    "any" => true,
                    "attached" => false,
                    other => anyhow::bail!("data/{name} line {line}: unknown glue {other:?}"),
                },
            };
            lex.subunits.insert(c[0], true, sub);
        }

        let (name, t) = table!("qualifiers.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 2)?;
            let q = Qualifier::parse(c[1]).ok_or_else(|| {
                anyhow::anyhow!("data/{name} line {line}: unknown qualifier {:?}", c[1])
            })?;
            lex.qualifiers.insert(c[0], false, q);
        }

        let (name, t) = table!("verbs.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 5)?;
            let class = match c[2] {
                "receive" => VerbClass::Receive,
                "action" => VerbClass::Action,
                "relation" => VerbClass::Relation,
                "rank" => VerbClass::Rank,
                "intent" => VerbClass::Intent,
                "report" => VerbClass::Report,
                other => anyhow::bail!("data/{name} line {line}: unknown class {other:?}"),
            };
            let verb = Verb {
                lemma: c[0].to_string(),
                class,
                action: (c[3] != "-").then(|| c[3].to_string()),
                recipient: Recipient::parse(c[4]),
            };
            // a form may be one word ("invests") or several ("set aside")
            let forms = if c[0].contains(' ') {
                c[1].split(' ')
                    .collect::<Vec<_>>()
                    .chunks(2)
                    .map(|w| w.join(" "))
                    .collect::<Vec<_>>()
            } else {
                c[1].split(' ').map(str::to_string).collect()
            };
            for form in forms {
                lex.verbs.insert(&form, false, verb.clone());
            }
        }

        let (name, t) = table!("count_nouns.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 2)?;
            lex.count_nouns.insert(c[0], false, c[1].to_string());
        }

        let (name, t) = table!("countries.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 5)?;
            if c[4] != "-" {
                lex.country_currencies
                    .insert(c[0].to_string(), c[4].to_string());
            }
            let place = |demonym| Place {
                code: c[0].to_string(),
                name: c[1].to_string(),
                demonym,
                kind: PlaceKind::Country,
            };
            lex.country_names.insert(c[0].to_string(), c[1].to_string());
            lex.places.insert(c[1], true, place(false));
            for alias in c[2].split(';').filter(|s| !s.is_empty()) {
                lex.places.insert(alias, true, place(false));
            }
            for dem in c[3].split(';').filter(|s| !s.is_empty()) {
                lex.places.insert(dem, true, place(true));
            }
        }

        let (name, t) = table!("function_words.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 2)?;
            let class = match c[1] {
                "det" => FnClass::Det,
                "poss" => FnClass::Poss,
                "aux" => FnClass::Aux,
                "prep" => FnClass::Prep,
                "conj" => FnClass::Conj,
                "pron" => FnClass::Pron,
                "adv" => FnClass::Adv,
                "break" => FnClass::Break,
                "light" => FnClass::Light,
                "quant" => FnClass::Quant,
                other => anyhow::bail!("data/{name} line {line}: unknown class {other:?}"),
            };
            lex.function_words.insert(c[0].to_string(), class);
        }

        let (name, t) = table!("action_nouns.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 3)?;
            lex.action_nouns.insert(
                c[0],
                false,
                ActionNoun {
                    action: c[1].to_string(),
                    recipient: Recipient::parse(c[2]),
                },
            );
        }

        let (name, t) = table!("places.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 4)?;
            let kind = match c[2] {
                "state" => PlaceKind::State,
                "city" => PlaceKind::City,
                "region" => PlaceKind::Region,
                other => anyhow::bail!("data/{name} line {line}: unknown kind {other:?}"),
            };
            anyhow::ensure!(
                lex.country_names.contains_key(c[1]),
                "data/{name} line {line}: unknown country {:?}",
                c[1]
            );
            lex.places.insert(
                c[0],
                true,
                Place {
                    code: c[1].to_string(),
                    name: c[0].to_string(),
                    demonym: false,
                    kind,
                },
            );
        }

        let (name, t) = table!("actor_nouns.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 2)?;
            lex.actor_nouns.insert(c[0], false, c[1] == "yes");
        }

        let (name, t) = table!("time_words.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 3)?;
            let unit = || {
                TimeUnit::parse(c[2]).ok_or_else(|| {
                    anyhow::anyhow!("data/{name} line {line}: unknown unit {:?}", c[2])
                })
            };
            let w = match c[1] {
                "month" => TimeWord::Month(c[2].parse()?),
                "weekday" => TimeWord::Weekday(c[2].parse()?),
                "unit" => TimeWord::Unit(unit()?),
                "letter" => TimeWord::Letter(unit()?),
                "rate" => TimeWord::Rate(unit()?),
                other => anyhow::bail!("data/{name} line {line}: unknown class {other:?}"),
            };
            lex.time_words.insert(c[0].to_string(), w);
        }

        let (name, t) = table!("government_words.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 1)?;
            lex.government_words.push(c[0].to_string());
        }

        let (name, t) = table!("furniture.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 2)?;
            let max_words = c[1]
                .parse()
                .map_err(|_| anyhow::anyhow!("data/{name} line {line}: {:?} is no count", c[1]))?;
            lex.furniture.push((c[0].to_lowercase(), max_words));
        }
        lex.furniture.retain(|(p, _)| !p.is_empty());
        lex.furniture.sort_by_key(|(p, _)| p.as_bytes()[0]);
        for (k, (p, _)) in lex.furniture.iter().enumerate() {
            let k = u16::try_from(k).map_err(|_| anyhow::anyhow!("data/{name}: too many rows"))?;
            let range = &mut lex.furniture_by_start[usize::from(p.as_bytes()[0])];
            if range.1 == 0 {
                range.0 = k;
            }
            range.1 = k + 1;
        }

        let (name, t) = table!("fiscal_years.tsv");
        for (line, row) in rows(t) {
            let c = cells(name, line, &row, 3)?;
            lex.fiscal_years.insert(
                c[0].to_string(),
                FiscalConvention {
                    start: c[1].parse()?,
                    named_by_end: match c[2] {
                        "end" => true,
                        "start" => false,
                        other => anyhow::bail!("data/{name} line {line}: unknown naming {other:?}"),
                    },
                },
            );
        }

        // the vocabulary sets these tables' bits on the tokens that start their phrases
        lex.places.start_bit = feat::PLACE;
        lex.verbs.start_bit = feat::VERB;
        Ok(lex)
    }

    /// A token's entry in a table: by its id when it was looked up (a word with no id
    /// is in no lexicon: nothing is lower-cased), inline; else by its text, out of line
    /// (tokens of the rules are all looked up).
    #[inline(always)]
    fn entry_of<V>(
        &self,
        text: &str,
        t: &Token,
        by_text: fn(&Lexicon, &str) -> Option<V>,
        by_id: impl FnOnce(&Vocab, u32) -> Option<V>,
    ) -> Option<V> {
        match t.lex {
            NOT_LOOKED_UP => not_looked_up(self, t.text(text), by_text),
            id => by_id(vocab(), id),
        }
    }

    /// The class of a token's word (see [`Lexicon::function_word`]).
    #[inline]
    pub fn function_of(&self, text: &str, t: &Token) -> Option<FnClass> {
        self.entry_of(text, t, |lex, w| lex.function_word(w), Vocab::function)
    }

    /// The number word a token is (see [`Lexicon::number_word`]).
    #[inline]
    pub fn number_of(&self, text: &str, t: &Token) -> Option<NumberWord> {
        self.entry_of(text, t, |lex, w| lex.number_word(w), Vocab::number)
    }

    /// The calendar word a token is (see [`Lexicon::time_word`]).
    #[inline]
    pub fn time_of(&self, text: &str, t: &Token) -> Option<TimeWord> {
        self.entry_of(text, t, |lex, w| lex.time_word(w), Vocab::time)
    }

    /// The class of a closed-class word, by any case.
    #[inline]
    pub fn function_word<W: AsWord + ?Sized>(&self, word: &W) -> Option<FnClass> {
        match word.id() {
            NOT_LOOKED_UP => self
                .function_words
                .get(lower(word.word()).as_str())
                .copied(),
            id => vocab().function(id),
        }
    }

    /// The number word, by any case.
    #[inline]
    pub fn number_word<W: AsWord + ?Sized>(&self, word: &W) -> Option<NumberWord> {
        match word.id() {
            NOT_LOOKED_UP => self.numbers.get(lower(word.word()).as_str()).copied(),
            id => vocab().number(id),
        }
    }

    /// The calendar word, by any case.
    #[inline]
    pub fn time_word<W: AsWord + ?Sized>(&self, word: &W) -> Option<TimeWord> {
        match word.id() {
            NOT_LOOKED_UP => self.time_words.get(lower(word.word()).as_str()).copied(),
            id => vocab().time(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_a_gate_relies_on_has_an_id() {
        // the rules reject a word without an id at once: every word they could match
        // must have one
        let (lex, v) = (lexicon(), vocab());
        let words = lex
            .numbers
            .keys()
            .chain(lex.function_words.keys())
            .chain(lex.time_words.keys())
            .map(String::as_str)
            .chain(NUMERAL_STARTERS.iter().copied())
            .chain(crate::extract::period::DEICTIC.iter().copied())
            .chain(crate::extract::period::RULE_WORDS.iter().copied())
            .chain(lex.government_words.iter().flat_map(|w| w.split(' ')))
            .chain(lex.verbs.words())
            .chain(lex.places.words())
            .chain(lex.currencies.words());
        for w in words {
            let id = v.id(&lower(w));
            assert_ne!(id, UNKNOWN, "{w:?}");
            assert_eq!(v.word(id), lower(w).as_str());
        }
        // a set's words are known: `WordSet::has` turns a word without an id away
        for set in crate::extract::RULE_SETS {
            let toks = crate::extract::text::Tokens::new(&set.words().join(" "));
            assert!(toks.iter().all(|t| t.lex != UNKNOWN), "{:?}", set.words());
        }
        // the fast paths read the tables by id without telling UNKNOWN apart: its
        // entries must say what a word no lexicon holds is (nothing)
        assert!(!v.is_time_trigger(UNKNOWN) && !v.opens_time(UNKNOWN));
        assert_eq!(v.function(UNKNOWN), None);
        assert_eq!(v.time(UNKNOWN), None);
        let t = crate::extract::text::Tokens::new("Hello");
        assert_eq!(v.id("hello"), UNKNOWN);
        assert_eq!(t.as_slice()[0].lower("Hello"), "hello");
    }
    use std::collections::HashSet;

    /// A match's words and end, whatever the table's values.
    fn words<T>(m: Option<(&Phrase<T>, usize)>) -> Option<(&Vec<String>, usize)> {
        m.map(|(p, e)| (&p.words, e))
    }

    #[test]
    fn phrases_match_by_id_as_by_text() {
        // every entry of the phrase tables, in its case, upper case and in a sentence:
        // tokens looked up (matched by id) and not (matched by text) find the same
        let lex = lexicon();
        let mut texts: Vec<String> = Vec::new();
        let tables: [Vec<&Vec<String>>; 6] = [
            lex.currencies.entries().map(|p| &p.words).collect(),
            lex.verbs.entries().map(|p| &p.words).collect(),
            lex.places.entries().map(|p| &p.words).collect(),
            lex.qualifiers.entries().map(|p| &p.words).collect(),
            lex.actor_nouns.entries().map(|p| &p.words).collect(),
            lex.action_nouns.entries().map(|p| &p.words).collect(),
        ];
        for words in tables.iter().flatten() {
            let phrase = words.join(" ");
            texts.push(format!("It said {phrase} rose"));
            texts.push(phrase.to_uppercase());
        }
        for text in &texts {
            let mut by_text = Tokens::default();
            by_text.push_range(text, 0..text.len());
            let by_id = Tokens::new(text);
            for i in 0..=by_id.len() {
                let found = |toks: &Tokens| {
                    let t = toks.as_slice();
                    (
                        words(lex.currencies.match_at(text, t, i)),
                        words(lex.verbs.match_at(text, t, i)),
                        words(lex.places.match_at(text, t, i)),
                        // phrases ending before token i, which the ids of the words
                        // that end phrases turn away first
                        [
                            words(lex.qualifiers.match_ending_at(text, t, i)),
                            words(lex.currencies.match_ending_at(text, t, i)),
                            words(lex.actor_nouns.match_ending_at(text, t, i)),
                            words(lex.action_nouns.match_ending_at(text, t, i)),
                        ],
                    )
                };
                assert_eq!(found(&by_id), found(&by_text), "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn token_bits_say_what_the_gates_say() {
        use crate::extract::text::{TokKind, Tokens};
        let v = vocab();
        let lex = lexicon();
        // every word of the vocabulary in three cases, words no lexicon holds (one
        // joining tens), digits, signs and other marks
        let mut text: Vec<String> = Vec::new();
        for w in &v.words[1..] {
            text.extend([w.clone(), w.to_uppercase(), capitalize(w)]);
        }
        text.extend(
            "twentyfive Seventyseven Toyota semiconductors 7 2024 7,435.5 - . \u{2212} , $ % € ( ;"
                .split(' ')
                .map(String::from),
        );
        let text = text.join(" ");
        let toks = Tokens::new(&text);
        let mut seen = 0;
        for (i, t) in toks.iter().enumerate() {
            let w = || t.text(&text);
            let word = t.kind == TokKind::Word;
            let sign = crate::extract::numeral::opens_number(&text, t);
            // digits open numerals and time phrases; signs too, and words by their gate
            let opens = |word_gate: bool| match t.kind {
                TokKind::Num => true,
                TokKind::Word => word_gate,
                _ => sign,
            };
            let numeral = opens(v.may_start_numeral(t.lex, w));
            let trigger = t.kind == TokKind::Num || word && v.is_time_trigger(t.lex);
            let start = opens(v.may_start_time(t.lex, w));
            // whether the token's id starts a list of the table's phrases
            fn starts<T>(table: &PhraseTable<T>, id: u32) -> bool {
                table
                    .index()
                    .list_of
                    .get(id as usize)
                    .is_some_and(|&l| l > 0)
            }
            let gates = [
                (feat::NUMERAL, numeral),
                (feat::TRIGGER, trigger),
                (feat::TIME_START, start),
                (
                    feat::BREAK,
                    word && v.function(t.lex) == Some(FnClass::Break),
                ),
                (feat::PLACE, starts(&lex.places, t.lex)),
                (feat::VERB, starts(&lex.verbs, t.lex)),
            ];
            for (bit, gate) in gates {
                assert_eq!(t.has(bit), gate, "{:?} bit {bit} at {i}", t.text(&text));
            }
            if word {
                assert_eq!(
                    t.has(feat::OPEN_TIME),
                    v.may_open_time(t.lex, w),
                    "{:?}",
                    w()
                );
            }
            seen += usize::from(t.has(feat::PLACE)) + usize::from(t.has(feat::VERB));
        }
        assert!(seen > 100, "{seen}");
        // a token not looked up passes every gate to the rules, which read its text
        let mut raw = Tokens::default();
        raw.push_range("Toyota", 0..6);
        assert_eq!(raw.as_slice()[0].feats, feat::NOT_LOOKED_UP);
    }

    fn capitalize(w: &str) -> String {
        let mut c = w.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    }

    #[test]
    fn every_scale_form_may_be_a_scale_in_any_case() {
        // the numeral rules turn a word away by id unless it may be a scale form
        let v = vocab();
        for a in &lexicon().scales {
            for form in [a.form.clone(), a.form.to_lowercase(), a.form.to_uppercase()] {
                let toks = Tokens::new(&form);
                let t = toks.as_slice();
                assert_eq!(t.len(), 1, "{form}");
                assert!(v.may_be_scale(t[0].lex), "{form}");
            }
        }
        assert!(!v.may_be_scale(v.id("percent")));
        assert!(!v.may_be_scale(crate::lexicon::UNKNOWN));
    }

    #[test]
    fn scales_hundreds_and_dozens_start_numerals_only_in_the_plural() {
        // "five million", "a dozen": the singular goes on with a numeral, it opens none
        // (the scan asked the numeral and time rules at every "million" in vain)
        let v = vocab();
        for w in [
            "million", "billion", "crore", "thousand", "hundred", "dozen",
        ] {
            assert!(!v.may_start_numeral(v.id(w), || w), "{w}");
        }
        for w in [
            "millions", "hundreds", "dozens", "tens", "two", "a", "first", "half",
        ] {
            assert!(v.may_start_numeral(v.id(w), || w), "{w}");
        }
    }

    #[test]
    fn unknown_words_joining_tens_and_units_may_start_numerals() {
        let v = vocab();
        // every tens word, in any case, passes the first-letter test
        for tens in TENS_PREFIXES {
            let word = format!("{tens}fifth");
            assert!(v.may_start_numeral(UNKNOWN, || &word), "{word}");
            let upper = word.to_uppercase();
            assert!(v.may_start_numeral(UNKNOWN, || &upper), "{word}");
        }
        assert!(!v.may_start_numeral(UNKNOWN, || "Toyota"));
        assert!(!v.may_start_numeral(UNKNOWN, || "tenfold"));
    }

    #[test]
    fn tens_are_joined_as_a_comparison_byte_by_byte_finds_them() {
        let by_bytes = |w: &[u8]| {
            TENS_PREFIXES.iter().any(|p| {
                w.get(..p.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
            })
        };
        // each prefix whole, cut short, in upper and mixed case, with a unit after it,
        // and with each of its bytes replaced by bytes one bit away from its letter
        // (0x20 off or on, '@', '`', a byte beyond ASCII, NUL)
        let mut words: Vec<Vec<u8>> = vec![Vec::new(), b"ten".to_vec(), b"tenfold".to_vec()];
        for p in TENS_PREFIXES {
            for w in [
                p.to_string(),
                p.to_uppercase(),
                format!("{p}fifth"),
                p[1..].to_string(),
            ] {
                words.push(w.clone().into_bytes());
                words.push(w.as_bytes()[..w.len() - 1].to_vec());
                for k in 0..w.len() {
                    for b in [
                        0u8,
                        b'@',
                        b'`',
                        0xC1,
                        w.as_bytes()[k] ^ 0x20,
                        w.as_bytes()[k] ^ 0x40,
                    ] {
                        let mut v = w.clone().into_bytes();
                        v[k] = b;
                        words.push(v);
                    }
                }
            }
        }
        for w in &words {
            assert_eq!(
                joins_tens(w),
                by_bytes(w),
                "{:?}",
                String::from_utf8_lossy(w)
            );
        }
        assert!(joins_tens(b"TwEnTyfifth"));
        assert!(!joins_tens(b"twent"));
    }

    #[test]
    fn fast_lookups_give_the_ids_of_the_word_map() {
        // one-byte words, packed short words and numbers: the same id as the map, in
        // any case
        let v = vocab();
        let mut buf = String::new();
        for (w, &id) in &v.ids {
            assert_eq!(v.id_of(w, &mut buf), (id, true), "{w:?}");
            assert_eq!(v.id(w), id, "{w:?}");
            let upper = w.to_uppercase();
            if upper != *w && upper.to_lowercase() == *w {
                assert_eq!(v.id_of(&upper, &mut buf), (id, false), "{upper:?}");
            }
        }
        for w in ["Toyota", "zq", "Q", "x", "2025", "1,000.5", "élan", "Über"] {
            let lower = w.to_lowercase();
            let want = v.ids.get(&lower).copied().unwrap_or(UNKNOWN);
            assert_eq!(v.id_of(w, &mut buf), (want, lower == w), "{w:?}");
        }
    }

    #[test]
    fn every_table_parses() {
        let lex = Lexicon::parse().unwrap();
        assert!(lex.numbers.len() > 80);
        assert!(lex.currencies.entries().count() > 300);
        assert!(lex.places.entries().count() > 249);
        assert_eq!(lex.country_names.len(), 249);
    }

    /// A form listed twice would make the meaning depend on table order.
    #[test]
    fn no_form_is_listed_twice() {
        for (name, table) in [
            table!("numbers.tsv"),
            table!("scales.tsv"),
            table!("currencies.tsv"),
            table!("qualifiers.tsv"),
            table!("count_nouns.tsv"),
            table!("function_words.tsv"),
            table!("actor_nouns.tsv"),
            table!("time_words.tsv"),
            table!("fiscal_years.tsv"),
            table!("government_words.tsv"),
            table!("furniture.tsv"),
            table!("countries.tsv"),
            table!("subunits.tsv"),
            table!("action_nouns.tsv"),
            table!("places.tsv"),
            table!("measure_words.tsv"),
            table!("currency_families.tsv"),
        ] {
            let mut seen = HashSet::new();
            for (line, row) in rows(table) {
                assert!(
                    seen.insert(row[0]),
                    "data/{name} line {line}: {:?} twice",
                    row[0]
                );
            }
        }
        // a verb form must mean one lemma
        let mut seen = HashMap::default();
        for (line, row) in rows(include_str!("../data/verbs.tsv")) {
            for form in row[1].split(' ') {
                if let Some(prev) = seen.insert(form.to_string(), row[0]) {
                    assert_eq!(prev, row[0], "data/verbs.tsv line {line}: {form:?} twice");
                }
            }
        }
    }

    #[test]
    fn phrases_match_longest_first() {
        let lex = lexicon();
        let text = "42 Swiss francs";
        let toks = Tokens::new(text);
        let (p, end) = lex.currencies.match_at(text, toks.as_slice(), 1).unwrap();
        assert_eq!(p.value.code, "CHF");
        assert_eq!(end, 3);
        let text = "paid US$ 3";
        let toks = Tokens::new(text);
        let (p, start) = lex
            .currencies
            .match_ending_at(text, toks.as_slice(), 3)
            .unwrap();
        assert_eq!((p.value.code.as_str(), start), ("USD", 1));
    }

    #[test]
    fn families_hold_their_written_members() {
        let lex = lexicon();
        let dollars = &lex.families["dollar"];
        for code in ["USD", "CAD", "AUD", "HKD", "TWD", "SGD", "NZD"] {
            assert!(dollars.iter().any(|c| c == code), "{code} is a dollar");
        }
        assert_eq!(dollars[0], "USD", "the default comes first");
        assert!(!lex.families["rupee"].iter().any(|c| c == "USD"));
        assert!(lex.families["pound"].iter().any(|c| c == "EGP"));
        assert_eq!(lex.country_currencies["CA"], "CAD");
        // the same memberships the other way, and no more
        let pairs = |m: &HashMap<String, Vec<String>>| {
            let mut p: Vec<(String, String)> = m
                .iter()
                .flat_map(|(k, vs)| vs.iter().map(move |v| (k.clone(), v.clone())))
                .collect();
            p.sort();
            p
        };
        let mut back: Vec<_> = pairs(&lex.families_of)
            .into_iter()
            .map(|(c, f)| (f, c))
            .collect();
        back.sort();
        assert_eq!(back, pairs(&lex.families));
        assert!(lex.families_of["USD"].iter().any(|f| f == "dollar"));
    }

    #[test]
    fn places_have_codes_and_demonyms() {
        let lex = lexicon();
        let jp = lex.places.get_exact("Japanese").unwrap();
        assert_eq!((jp.code.as_str(), jp.demonym), ("JP", true));
        assert_eq!(lex.places.get_exact("U.S.").unwrap().code, "US");
        // names match with their capitals only: "china" is porcelain
        assert!(lex.places.get_exact("china").is_none());
    }
}
